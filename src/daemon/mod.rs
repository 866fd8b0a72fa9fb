//! The daemon: schedules polls, runs the outbox, and shuts down cleanly.
//!
//! Shutdown order: stop starting polls, let in-flight polls finish (each
//! commits or rolls back as one transaction), stop the outbox after its
//! current delivery, return. Nothing half-written survives a stop.

pub mod poll;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, Semaphore};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::{info, warn};

use crate::alert::Deliverer;
use crate::clock::Clock;
use crate::config::Config;
use crate::fetch::Fetcher;
use crate::store::{self, Millis, Store};
pub use poll::{PollContext, PollOutcome, poll_feed};

/// How long in-flight polls get to finish after a stop is requested.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// A running feedwatch's moving parts, built from a config.
pub struct Daemon {
    ctx: PollContext,
    deliverer: Deliverer,
}

/// What `run_once` did.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct CycleReport {
    pub feeds_ok: usize,
    pub feeds_failed: usize,
    pub new_items: usize,
    pub alerts: usize,
    pub delivered: usize,
    pub pending: i64,
}

impl Daemon {
    /// Opens the database and registers the configured feeds.
    pub async fn start(config: Config, clock: Clock) -> anyhow::Result<Daemon> {
        let path = config.storage_path.clone();
        let store = tokio::task::spawn_blocking(move || Store::open(&path)).await??;
        let feeds: Vec<(String, String)> = config
            .feeds
            .iter()
            .map(|f| (f.name.clone(), f.url.to_string()))
            .collect();
        let now = clock.now_millis();
        store
            .call(move |c| store::feeds::sync_feeds(c, &feeds, now))
            .await?;
        let fetcher = Fetcher::new(&config.fetch).map_err(anyhow::Error::msg)?;
        let deliverer =
            Deliverer::new(&config, store.clone(), clock.clone()).map_err(anyhow::Error::msg)?;
        Ok(Daemon {
            ctx: PollContext {
                config: Arc::new(config),
                store,
                fetcher,
                clock,
            },
            deliverer,
        })
    }

    pub fn store(&self) -> &Store {
        &self.ctx.store
    }

    /// Polls every feed once, then gives every pending alert one attempt.
    pub async fn run_once(&self) -> anyhow::Result<CycleReport> {
        let semaphore = Arc::new(Semaphore::new(self.ctx.config.fetch.concurrency));
        let mut tasks = tokio::task::JoinSet::new();
        for feed in self.ctx.config.feeds.clone() {
            let ctx = self.ctx.clone();
            let semaphore = Arc::clone(&semaphore);
            tasks.spawn(async move {
                // The semaphore is never closed, so acquiring cannot fail.
                let _permit = semaphore.acquire_owned().await;
                poll_feed(&ctx, &feed).await.0
            });
        }
        let mut report = CycleReport::default();
        while let Some(outcome) = tasks.join_next().await {
            match outcome {
                Ok(PollOutcome::Stored(ingest)) => {
                    report.feeds_ok += 1;
                    report.new_items += ingest.new_items;
                    report.alerts += ingest.alerts.len();
                }
                Ok(PollOutcome::NotModified) => report.feeds_ok += 1,
                Ok(PollOutcome::Failed(_)) => report.feeds_failed += 1,
                Err(join) => {
                    warn!(error = %join, "Poll task crashed");
                    report.feeds_failed += 1;
                }
            }
        }
        report.delivered = self.deliverer.deliver_all().await?.delivered;
        report.pending = self
            .ctx
            .store
            .call(|c| store::outbox::counts(c))
            .await?
            .pending;
        Ok(report)
    }

    /// Runs until `shutdown` is cancelled.
    pub async fn run(self, shutdown: CancellationToken) -> anyhow::Result<()> {
        let wake = Arc::new(Notify::new());
        let outbox = tokio::spawn(
            self.deliverer
                .clone()
                .run(Arc::clone(&wake), shutdown.clone()),
        );
        let tracker = TaskTracker::new();
        let semaphore = Arc::new(Semaphore::new(self.ctx.config.fetch.concurrency));
        let config = Arc::clone(&self.ctx.config);
        let (done_tx, mut done_rx) = tokio::sync::mpsc::unbounded_channel::<(usize, Millis)>();

        // Start-up spreads first polls over a short window (never a thundering
        // herd), but honours a stored next poll time from the last run.
        let now = self.ctx.clock.now_millis();
        let mut next_at: Vec<Option<Millis>> = Vec::with_capacity(config.feeds.len());
        for feed in &config.feeds {
            let name = feed.name.clone();
            let stored = self
                .ctx
                .store
                .call(move |c| store::feeds::feed_state(c, &name))
                .await?;
            let spread = (feed.interval.as_millis() as u64 / 4).min(2000);
            let jitter = if spread == 0 {
                0
            } else {
                fastrand::u64(0..spread)
            } as Millis;
            let due = stored.and_then(|s| s.next_poll_at).unwrap_or(now).max(now) + jitter;
            next_at.push(Some(due));
        }
        info!(
            feeds = config.feeds.len(),
            topics = config.topics.len(),
            sinks = config.sinks.len(),
            "feedwatch running"
        );

        let mut in_flight: HashMap<usize, ()> = HashMap::new();
        loop {
            let now = self.ctx.clock.now_millis();
            for (index, due) in next_at.iter_mut().enumerate() {
                if due.is_some_and(|d| d <= now) && !in_flight.contains_key(&index) {
                    *due = None;
                    in_flight.insert(index, ());
                    let ctx = self.ctx.clone();
                    let feed = config.feeds[index].clone();
                    let semaphore = Arc::clone(&semaphore);
                    let done = done_tx.clone();
                    let wake = Arc::clone(&wake);
                    tracker.spawn(async move {
                        let _permit = semaphore.acquire_owned().await;
                        let (outcome, next) = poll_feed(&ctx, &feed).await;
                        if matches!(&outcome, PollOutcome::Stored(r) if !r.alerts.is_empty()) {
                            wake.notify_one();
                        }
                        // The receiver lives as long as the loop; a send error only
                        // means we are shutting down.
                        let _ = done.send((index, next));
                    });
                }
            }
            let earliest = next_at.iter().flatten().min().copied();
            let sleep_for = earliest
                .map(|e| Duration::from_millis((e - now).max(0) as u64))
                .unwrap_or(Duration::from_secs(3600));
            tokio::select! {
                () = shutdown.cancelled() => break,
                Some((index, next)) = done_rx.recv() => {
                    in_flight.remove(&index);
                    next_at[index] = Some(next);
                }
                () = tokio::time::sleep(sleep_for) => {}
            }
        }

        info!("Stopping: waiting for in-flight polls");
        tracker.close();
        if tokio::time::timeout(SHUTDOWN_GRACE, tracker.wait())
            .await
            .is_err()
        {
            warn!(grace = ?SHUTDOWN_GRACE, "In-flight polls did not finish in time; their transactions were not committed");
        }
        if let Err(err) = outbox.await {
            warn!(error = %err, "Outbox task ended abnormally");
        }
        info!("Stopped");
        Ok(())
    }
}
