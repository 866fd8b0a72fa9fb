//! Retention in the running daemon: a pass over the database soon after
//! start and every hour after, forgetting what `[storage] keep` allows
//! (`store/retention.rs` says what and how).

use std::time::Duration;

use tracing::{debug, info, warn};

use super::poll::Poller;
use crate::store::{Prune, PruneReport, StoreError};

/// The first pass waits this long after start, so that it does not compete
/// with the first polls.
pub(super) const FIRST_PASS: Duration = Duration::from_secs(600);
/// Then one pass an hour: a day's worth of old stories is a few batches.
pub(super) const PASS_EVERY: Duration = Duration::from_secs(3600);
/// A pass stops after this long (the next goes on a minute later), so a
/// first pass over years of news cannot hold up a shutdown.
const PASS_LIMIT: Duration = Duration::from_secs(20);
/// When a pass stopped early, the next one starts this much later.
pub(super) const RESUME_AFTER: Duration = Duration::from_secs(60);
/// Stories per transaction: a batch of 250 holds SQLite's write lock for
/// about 40 ms (BENCHMARKS.md, "Retention"), so polls waiting behind it
/// wait little.
const BATCH: usize = 250;

impl Poller {
    /// One pass of retention, batch after batch until one is not full or
    /// [`PASS_LIMIT`] has passed; `None` when `keep = "forever"`. The
    /// report's `next_after` is set when the pass stopped early.
    pub async fn prune(&self) -> Result<Option<PruneReport>, StoreError> {
        let Some(keep) = self.config().storage.keep else {
            return Ok(None);
        };
        let now = self.clock().now_millis();
        let config = std::sync::Arc::clone(self.config());
        let keep_items = self
            .store()
            .blocking(move |db| crate::learning::example_items(db, &config))
            .await?;
        let mut prune = Prune {
            cutoff: now.saturating_sub(crate::units::millis_i64(keep)),
            now,
            batch: BATCH,
            after_story: 0,
            keep_items,
        };
        let started = std::time::Instant::now();
        let mut total = PruneReport::default();
        loop {
            let report = self.store().prune(prune.clone()).await?;
            total.add(&report);
            match report.next_after {
                Some(after) if started.elapsed() < PASS_LIMIT => prune.after_story = after,
                _ => return Ok(Some(total)),
            }
        }
    }

    /// [`prune`](Self::prune), its outcome logged. Whether the pass
    /// finished (else the next should come soon).
    pub(super) async fn prune_and_log(&self) -> bool {
        let result = self.prune().await;
        let finished = !matches!(&result, Ok(Some(r)) if r.next_after.is_some());
        if let Ok(Some(report)) = &result {
            crate::telemetry::forgotten(report);
        }
        match result {
            Ok(Some(report)) if !report.is_empty() => info!(
                stories = report.stories,
                items = report.items,
                alerts = report.alerts,
                messages = report.messages,
                retired_keys = report.retired_keys,
                expired_keys = report.expired_keys,
                "Forgot what is older than [storage] keep"
            ),
            Ok(_) => debug!("Retention pass: nothing to forget"),
            Err(err) if self.store().write_backoff().is_some() => {
                debug!(error = %err, "Retention pass failed; the database refuses writes")
            }
            Err(err) => warn!(error = %err, "Retention pass failed; will try again in an hour"),
        }
        finished
    }
}
