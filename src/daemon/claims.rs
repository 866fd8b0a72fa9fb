//! The scheduler loop's view of the schedule, whose truth is in the
//! database (`feeds.next_poll_at`): what this replica is polling, when to
//! look for due feeds again, and applying a config's schedule to its feeds.

use std::collections::HashSet;

use tracing::warn;

use super::Poller;
use super::changes;
use crate::config::Config;
use crate::model::{FeedId, Millis};
use crate::store::{Claimed, FeedClaim, FeedState, StoreError};

/// The loop's view of the schedule, whose truth is in the database: what
/// this replica is polling, and when to look for due feeds again.
#[derive(Default)]
pub(super) struct Claims {
    pub(super) in_flight: HashSet<FeedId>,
    /// When the next unleased feed falls due (from the last claim, lowered
    /// by polls that finish since).
    pub(super) next_due: Option<Millis>,
    /// Claim at the next chance (a timer fired, or a claim filled the room
    /// so more may be due).
    pub(super) claim_now: bool,
    /// Feeds leased to us that our config does not have.
    pub(super) exclude: Vec<FeedId>,
}

impl Claims {
    /// Applies the config's schedule to its feeds (`changes::plan`, from
    /// their `states`): first polls spread out, changed settings
    /// rescheduled, nothing later than the settings allow. At start
    /// (`overdue`), feeds already due are spread the same way.
    pub(super) async fn spread(
        &mut self,
        poller: &Poller,
        states: &[FeedState],
        overdue: bool,
    ) -> Result<(), StoreError> {
        let now = poller.clock().now();
        let plans = changes::plan(poller.config(), states, now, |name| poller.is_pushed(name));
        let moved = poller
            .store()
            .schedule_feeds(plans, now.timestamp_millis(), overdue)
            .await?;
        changes::log_rescheduled(&moved);
        self.claim_now = true;
        Ok(())
    }

    /// Re-plans one feed polled under an older config; an error is logged
    /// (its next poll then follows the old settings once).
    pub(super) async fn replan_one(&mut self, poller: &Poller, name: &str) {
        if poller.config().feed(name).is_none() {
            return;
        }
        let result = async {
            let state = poller.store().feed_state(name).await?;
            let now = poller.clock().now();
            let plans: Vec<_> =
                changes::plan(poller.config(), &[state], now, |n| poller.is_pushed(n))
                    .into_iter()
                    .filter(|p| p.name == name)
                    .collect();
            poller
                .store()
                .schedule_feeds(plans, now.timestamp_millis(), false)
                .await
        }
        .await;
        match result {
            Ok(moved) => {
                changes::log_rescheduled(&moved);
                for r in moved {
                    self.next_due = Some(self.next_due.map_or(r.to, |d| d.min(r.to)));
                }
            }
            Err(err) => {
                warn!(feed = %name, error = %err, "Cannot reschedule the feed under the new config")
            }
        }
    }

    /// Whether to claim now: there is room for a batch (a quarter of the
    /// polls allowed, or nothing in flight) and something may be due.
    pub(super) fn should_claim(&self, max: usize, now: Millis) -> bool {
        let room = max.saturating_sub(self.in_flight.len());
        let batch = (max / 4).max(1);
        room > 0
            && (room >= batch || self.in_flight.is_empty())
            && (self.claim_now || self.next_due.is_some_and(|d| d <= now))
    }

    pub(super) fn claim(
        &self,
        config: &Config,
        replica: &str,
        now: Millis,
        max: usize,
    ) -> FeedClaim {
        let politeness = &config.fetch.politeness;
        FeedClaim {
            replica: replica.to_string(),
            now,
            limit: max.saturating_sub(self.in_flight.len()),
            lease: crate::units::millis_i64(config.storage.lease),
            per_origin: politeness.per_origin.max(1),
            origin_spacing: crate::units::millis_i64(politeness.origin_spacing),
            exclude: self.exclude.clone(),
        }
    }

    pub(super) fn claimed(
        &mut self,
        claimed: &Claimed,
        limit: usize,
        now: Millis,
        backoff: Millis,
    ) {
        // A full batch: more may be due right now.
        self.claim_now = claimed.feeds.len() >= limit;
        // A short batch while feeds are still due: they wait for their
        // origin (spacing, or other replicas' polls) or are not ours; look
        // again a little later rather than spin.
        self.next_due = match claimed.next_due {
            Some(due) if !self.claim_now && due <= now => Some(now + backoff),
            other => other,
        };
    }

    pub(super) fn retry_at(&mut self, at: Millis) {
        self.claim_now = false;
        self.next_due = Some(at);
    }

    pub(super) fn timer_fired(&mut self) {
        self.claim_now = true;
    }

    pub(super) fn finished(&mut self, id: FeedId, next: Option<Millis>) {
        self.in_flight.remove(&id);
        if let Some(next) = next {
            self.next_due = Some(self.next_due.map_or(next, |d| d.min(next)));
        }
    }

    /// When the loop should look again (`None`: nothing scheduled, or no
    /// room until a poll finishes, which wakes the loop itself).
    pub(super) fn wake_at(&self, max: usize) -> Option<Millis> {
        let room = max.saturating_sub(self.in_flight.len());
        if room < (max / 4).max(1) && !self.in_flight.is_empty() {
            return None;
        }
        self.next_due
    }
}
