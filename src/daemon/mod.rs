//! The daemon: schedules polls, runs the outbox, and shuts down cleanly.
//!
//! Shutdown order: stop starting polls, let in-flight polls finish (each
//! commits or rolls back as one transaction), stop the outbox after its
//! current delivery, return. Nothing half-written survives a stop.

mod health;
mod live;
mod network;
mod poll;
pub mod prepare;
pub(crate) mod schedule;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::{info, warn};

use crate::alert::{Deliverer, RoundReport, SinkBuildError};
use crate::clock::Clock;
use crate::config::{Config, ConfigError, DEFAULT_SHUTDOWN_TIMEOUT, FeedConfig};
use crate::fetch::ClientError;
use crate::model::Millis;
use crate::service::notify::Notifier;
use crate::store::{FeedSpec, Store, StoreError};
pub use health::{HealthChange, HealthState, assess};
pub use live::Live;
pub use poll::{PollOutcome, Poller};

/// Why the daemon could not start or go on.
#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Sink(#[from] SinkBuildError),
    #[error(transparent)]
    Client(#[from] ClientError),
    #[error("database task failed: {0}")]
    Task(String),
}

/// A running feedwatch's moving parts, built from a config.
pub struct Daemon {
    poller: Poller,
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
    /// Opens the database and assembles the daemon for `config`.
    pub async fn start(config: Config, clock: Clock) -> Result<Daemon, DaemonError> {
        let path = config.storage_path.clone();
        let store = tokio::task::spawn_blocking(move || Store::open(&path))
            .await
            .map_err(|e| DaemonError::Task(e.to_string()))??;
        Daemon::assemble(config, store, clock).await
    }

    /// Builds every part for `config` on an open store and registers the
    /// configured feeds: the one way a daemon is made, at start and on reload.
    pub async fn assemble(
        config: Config,
        store: Store,
        clock: Clock,
    ) -> Result<Daemon, DaemonError> {
        let feeds = config
            .feeds
            .iter()
            .map(|f| FeedSpec {
                name: f.name.clone(),
                url: f.url.to_string(),
            })
            .collect();
        store.sync_feeds(feeds, clock.now_millis()).await?;
        let deliverer = Deliverer::new(
            &config.sinks,
            config.topics.iter().filter_map(|t| t.digest),
            config.delivery.clone(),
            &config.fetch.user_agent,
            store.clone(),
            clock.clone(),
        )?;
        let poller = Poller::new(Arc::new(config), store, clock)?;
        Ok(Daemon { poller, deliverer })
    }

    pub fn store(&self) -> &Store {
        self.poller.store()
    }

    /// One outbox pass: sends what is due by the daemon's clock (digests whose
    /// time has come, retries whose delay has passed).
    pub async fn deliver_due(&self) -> Result<RoundReport, StoreError> {
        self.deliverer.deliver_due().await
    }

    /// Polls every feed once, then gives every pending alert one attempt.
    pub async fn run_once(&self) -> Result<CycleReport, StoreError> {
        let mut tasks = tokio::task::JoinSet::new();
        let started = Arc::new(tokio::sync::Semaphore::new(max_polls(self.poller.config())));
        for feed in self.poller.config().feeds.clone() {
            // Start polls only as fast as slots free up: 10,000 polls started
            // at once would each park a blocking thread waiting on the database.
            // The semaphore is never closed, so acquiring cannot fail.
            let permit = Arc::clone(&started).acquire_owned().await;
            let poller = self.poller.clone();
            tasks.spawn(async move {
                let _permit = permit;
                poller.poll(&feed).await.0
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
                Ok(PollOutcome::NotModified | PollOutcome::Deferred) => report.feeds_ok += 1,
                Ok(PollOutcome::Failed(_) | PollOutcome::Disabled(_)) => report.feeds_failed += 1,
                Err(join) => {
                    warn!(error = %join, "Poll task crashed");
                    report.feeds_failed += 1;
                }
            }
        }
        report.delivered = self.deliverer.deliver_all().await?.delivered;
        report.pending = self.store().delivery_counts().await?.pending;
        Ok(report)
    }

    /// Runs until `control.shutdown` is cancelled, switching to each config
    /// that arrives on `control.reload`.
    pub async fn run(self, control: Control) -> Result<(), DaemonError> {
        let Control {
            shutdown,
            mut reload,
            notifier,
            shutdown_timeout,
            live,
        } = control;
        let Daemon {
            mut poller,
            deliverer,
        } = self;
        // What the HTTP server and the WebSub subscriber see of us.
        poller.follow_pushes(live.active_feeds());
        live.publish(&poller);
        let wake = live.wake();
        let mut outbox = OutboxTask::start(deliverer, Arc::clone(&wake), &shutdown);
        let tracker = TaskTracker::new();
        let (done_tx, mut done_rx) =
            tokio::sync::mpsc::unbounded_channel::<(String, Option<Millis>)>();
        let mut queue = PollQueue::default();
        queue.sync(&poller).await?;
        let watchdog = notifier.watchdog_interval();
        let mut last_watchdog = tokio::time::Instant::now();
        let mut last_cycle: Option<chrono::DateTime<chrono::Utc>> = None;
        notifier.ready();
        update_status(&poller, &notifier, last_cycle).await;
        info!(
            feeds = poller.config().feeds.len(),
            topics = poller.config().topics.len(),
            sinks = poller.config().sinks.len(),
            "feedwatch running"
        );

        loop {
            let now = poller.clock().now_millis();
            live.beat(now);
            let room = max_polls(poller.config()).saturating_sub(queue.in_flight.len());
            for feed in queue.take_due(poller.config(), now, room) {
                let poller = poller.clone();
                let done = done_tx.clone();
                let wake = Arc::clone(&wake);
                tracker.spawn(async move {
                    let (outcome, next) = poller.poll(&feed).await;
                    if matches!(&outcome, PollOutcome::Stored(r) if !r.alerts.is_empty()) {
                        wake.notify_one();
                    }
                    // The receiver lives as long as the loop; a send error only
                    // means we are shutting down.
                    let _ = done.send((feed.name.clone(), next));
                });
            }
            let mut sleep_for = queue
                .earliest()
                .map(|e| Duration::from_millis((e - now).max(0) as u64))
                .unwrap_or(IDLE_WAKE);
            if let Some(interval) = watchdog {
                sleep_for = sleep_for.min(interval.saturating_sub(last_watchdog.elapsed()));
            }
            tokio::select! {
                () = shutdown.cancelled() => break,
                Some((name, next)) = done_rx.recv() => {
                    queue.finished(&name, next);
                    if queue.in_flight.is_empty() {
                        last_cycle = Some(poller.clock().now());
                        update_status(&poller, &notifier, last_cycle).await;
                    }
                }
                Some(loaded) = recv_reload(&mut reload) => {
                    notifier.reloading();
                    match loaded {
                        Ok(config) => match reassemble(&poller, config).await {
                            Ok(daemon) => {
                                outbox.stop().await;
                                poller = daemon.poller;
                                poller.follow_pushes(live.active_feeds());
                                live.publish(&poller);
                                outbox = OutboxTask::start(daemon.deliverer, Arc::clone(&wake), &shutdown);
                                queue.sync(&poller).await?;
                                info!(feeds = poller.config().feeds.len(), topics = poller.config().topics.len(), sinks = poller.config().sinks.len(), "Config reloaded");
                            }
                            Err(err) => {
                                tracing::error!(error = %err, "Reload failed; the previous config stays in force");
                            }
                        },
                        Err(err) => {
                            tracing::error!(error = %err, "Reload failed; the previous config stays in force");
                        }
                    }
                    notifier.ready();
                    update_status(&poller, &notifier, last_cycle).await;
                }
                () = tokio::time::sleep(sleep_for) => {}
            }
            if watchdog.is_some_and(|interval| last_watchdog.elapsed() >= interval) {
                // Pet the watchdog from the scheduler's own loop, and only if
                // the database answers: a stuck loop or a dead database gets
                // us restarted.
                if poller.store().ping().await.is_ok() {
                    notifier.watchdog();
                }
                last_watchdog = tokio::time::Instant::now();
            }
        }

        notifier.stopping();
        live.clear();
        info!("Stopping: waiting for in-flight polls and deliveries");
        tracker.close();
        if tokio::time::timeout(shutdown_timeout, tracker.wait())
            .await
            .is_err()
        {
            warn!(timeout = ?shutdown_timeout, "In-flight polls did not finish in time; their transactions were not committed");
        }
        outbox.stop_within(shutdown_timeout).await;
        info!("Stopped");
        Ok(())
    }
}

/// The runtime the daemon runs on. The blocking pool carries SQLite calls
/// (one connection: one at a time) and feed parsing (CPU-bound): a few dozen
/// threads are plenty, and tokio's default of 512 threads, each with its
/// own stack and malloc arena, only costs memory when many polls wait.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(32)
        .build()
}

/// Polls started at once: twice the fetch concurrency, so the next fetches are
/// ready when slots free up, but thousands of due feeds (after an outage, or
/// a first cycle) do not each park a task and a blocking thread.
fn max_polls(config: &Config) -> usize {
    2 * config.fetch.concurrency
}

/// How often the scheduler wakes when nothing is due.
const IDLE_WAKE: Duration = Duration::from_secs(60);

/// A reload request: the new config, already read and validated by the
/// caller (the daemon never reads files), or why it could not be.
pub type Reload = Result<Config, ConfigError>;

/// What drives a running daemon from outside.
pub struct Control {
    pub shutdown: CancellationToken,
    /// One message per reload request (SIGHUP).
    pub reload: Option<tokio::sync::mpsc::UnboundedReceiver<Reload>>,
    pub notifier: Notifier,
    /// How long in-flight polls and deliveries get after a stop.
    pub shutdown_timeout: Duration,
    /// Where the daemon publishes its state for the HTTP server and WebSub.
    pub live: Live,
}

impl Control {
    /// Runs until `shutdown`, with no reloads and no systemd.
    pub fn new(shutdown: CancellationToken) -> Control {
        Control {
            shutdown,
            reload: None,
            notifier: Notifier::disabled(),
            shutdown_timeout: DEFAULT_SHUTDOWN_TIMEOUT,
            live: Live::new(),
        }
    }
}

async fn recv_reload(
    reload: &mut Option<tokio::sync::mpsc::UnboundedReceiver<Reload>>,
) -> Option<Reload> {
    match reload {
        Some(rx) => rx.recv().await,
        None => std::future::pending().await,
    }
}

/// A daemon for a reloaded config on the running one's database (a new
/// `storage.path` needs a restart: it is reported and ignored).
async fn reassemble(current: &Poller, mut config: Config) -> Result<Daemon, DaemonError> {
    let path = &current.config().storage_path;
    if config.storage_path != *path {
        warn!(
            old = %path.display(),
            new = %config.storage_path.display(),
            "storage.path changed; a restart is needed to switch databases, keeping the current one"
        );
        config.storage_path = path.clone();
    }
    Daemon::assemble(config, current.store().clone(), current.clock().clone()).await
}

/// The outbox task, stoppable on its own (a reload swaps it).
struct OutboxTask {
    stop: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

impl OutboxTask {
    fn start(deliverer: Deliverer, wake: Arc<Notify>, shutdown: &CancellationToken) -> OutboxTask {
        let stop = shutdown.child_token();
        let task = tokio::spawn(deliverer.run(wake, stop.clone()));
        OutboxTask { stop, task }
    }

    async fn stop(self) {
        self.stop.cancel();
        if let Err(err) = self.task.await {
            warn!(error = %err, "Outbox task ended abnormally");
        }
    }

    async fn stop_within(self, timeout: Duration) {
        self.stop.cancel();
        match tokio::time::timeout(timeout, self.task).await {
            Ok(Ok(())) => {}
            Ok(Err(err)) => warn!(error = %err, "Outbox task ended abnormally"),
            Err(_) => {
                warn!("A delivery did not finish in time; it stays pending and is retried on start")
            }
        }
    }
}

/// When each configured feed is due, by name, and which are being polled.
#[derive(Default)]
struct PollQueue {
    /// `None`: not scheduled (disabled, or in flight).
    next_at: HashMap<String, Option<Millis>>,
    in_flight: HashSet<String>,
}

impl PollQueue {
    /// Aligns the schedule with the config: new feeds are due soon (spread
    /// over a short window, honouring a stored next poll time from the last
    /// run), removed feeds are dropped (their history stays in the database),
    /// kept feeds keep their time.
    async fn sync(&mut self, poller: &Poller) -> Result<(), StoreError> {
        let config = poller.config();
        let now = poller.clock().now_millis();
        let names: HashSet<&str> = config.feeds.iter().map(|f| f.name.as_str()).collect();
        let n_feeds = config.feeds.len() as u64;
        self.next_at.retain(|name, _| names.contains(name.as_str()));
        for feed in &config.feeds {
            if self.next_at.contains_key(&feed.name) || self.in_flight.contains(&feed.name) {
                continue;
            }
            let stored = match poller.store().feed_state(&feed.name).await {
                Ok(state) => Some(state),
                Err(StoreError::UnknownFeed(_)) => None,
                Err(err) => return Err(err),
            };
            // First polls are spread (0.1 s per feed, up to a minute, at most
            // half the interval): never a thundering herd, yet a small config
            // polls at once.
            let spread = (feed.interval.as_millis() as u64 / 2)
                .min(60_000)
                .min(100 * n_feeds);
            let jitter = if spread == 0 {
                0
            } else {
                fastrand::u64(0..spread)
            } as Millis;
            let disabled = stored.as_ref().is_some_and(|s| s.disabled.is_some());
            let due = stored.and_then(|s| s.next_poll_at).unwrap_or(now).max(now) + jitter;
            self.next_at
                .insert(feed.name.clone(), (!disabled).then_some(due));
        }
        Ok(())
    }

    /// At most `limit` due feeds, marked in flight; the rest stay due.
    fn take_due(&mut self, config: &Config, now: Millis, limit: usize) -> Vec<FeedConfig> {
        let mut due = Vec::new();
        for feed in &config.feeds {
            if due.len() >= limit {
                break;
            }
            if let Some(slot) = self.next_at.get_mut(&feed.name)
                && slot.is_some_and(|d| d <= now)
                && !self.in_flight.contains(&feed.name)
            {
                *slot = None;
                self.in_flight.insert(feed.name.clone());
                due.push(feed.clone());
            }
        }
        due
    }

    fn finished(&mut self, name: &str, next: Option<Millis>) {
        self.in_flight.remove(name);
        // A feed removed by a reload while it was polled stays removed.
        if let Some(slot) = self.next_at.get_mut(name) {
            *slot = next;
        }
    }

    fn earliest(&self) -> Option<Millis> {
        self.next_at.values().flatten().min().copied()
    }
}

/// `STATUS=` for `systemctl status`: feeds, last cycle, pending alerts.
async fn update_status(
    poller: &Poller,
    notifier: &Notifier,
    last_cycle: Option<chrono::DateTime<chrono::Utc>>,
) {
    if !notifier.is_enabled() {
        return;
    }
    let pending = poller
        .store()
        .delivery_counts()
        .await
        .map(|c| c.pending)
        .unwrap_or_default();
    let cycle = last_cycle.map_or_else(
        || "none yet".to_string(),
        |t| t.format("%H:%M:%S UTC").to_string(),
    );
    notifier.status(&format!(
        "{} feeds, {} topics; last cycle {cycle}; {pending} alerts pending",
        poller.config().feeds.len(),
        poller.config().topics.len()
    ));
}
