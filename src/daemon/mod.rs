//! The daemon: schedules polls, runs the outbox, and shuts down cleanly.
//!
//! Shutdown order: stop starting polls, let in-flight polls finish (each
//! commits or rolls back as one transaction), stop the outbox after its
//! current delivery, return. Nothing half-written survives a stop.

mod health;
mod learner;
mod live;
mod network;
mod poll;
pub mod prepare;
pub(crate) mod schedule;
mod stories;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::{info, warn};

use crate::alert::{Deliverer, RoundReport, SinkBuildError};
use crate::clock::Clock;
use crate::config::{Config, ConfigError, DEFAULT_SHUTDOWN_TIMEOUT};
use crate::fetch::ClientError;
use crate::model::{FeedId, Millis};
use crate::service::notify::Notifier;
use crate::store::{Claimed, FeedClaim, FeedSpec, ReplicaInfo, ReplicaStatus, Store, StoreError};
pub use health::{HealthChange, HealthState, assess};
use learner::LiveLearner;
pub use live::Live;
pub use poll::{PollOutcome, Poller};
use stories::StoryEngine;

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
    /// This process as the database knows it (its leases are its own).
    replica: ReplicaInfo,
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
    /// Polls that panicked (a bug; `run --once` exits non-zero).
    pub crashed: usize,
}

impl Daemon {
    /// Opens the database (SQLite, or PostgreSQL when `[storage] url` is
    /// set) and assembles the daemon for `config`.
    pub async fn start(config: Config, clock: Clock) -> Result<Daemon, DaemonError> {
        let (path, storage) = (config.storage_path.clone(), config.storage.clone());
        let store = tokio::task::spawn_blocking(move || Store::open_configured(&path, &storage))
            .await
            .map_err(|e| DaemonError::Task(e.to_string()))??;
        Daemon::assemble(config, store, clock).await
    }

    /// Registers this process as a replica on an open store and builds
    /// the daemon for `config`.
    pub async fn assemble(
        config: Config,
        store: Store,
        clock: Clock,
    ) -> Result<Daemon, DaemonError> {
        let now = clock.now_millis();
        let replica = ReplicaInfo::this_process(&config.hash, now);
        store.register_replica(replica.clone(), now).await?;
        Daemon::build(config, store, clock, replica, None).await
    }

    /// Builds every part for `config` on an open store and registers the
    /// configured feeds: the one way a daemon is made, at start and on reload
    /// (which keeps the running story index when `[stories]` is unchanged).
    async fn build(
        config: Config,
        store: Store,
        clock: Clock,
        replica: ReplicaInfo,
        stories: Option<Arc<StoryEngine>>,
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
        )?
        .with_lease(&replica.id, config.storage.lease)
        .with_alert_pages(config.http.public_url.clone());
        let stories = match stories.filter(|s| s.config() == config.stories) {
            Some(stories) => stories,
            None => {
                let engine = Arc::new(StoryEngine::new(config.stories.clone()));
                let window =
                    Millis::try_from(config.stories.window.as_millis()).unwrap_or(Millis::MAX);
                let items = store
                    .story_items_since(clock.now_millis().saturating_sub(window))
                    .await?;
                engine.rebuild(&items);
                info!(items = engine.len(), "Story index loaded");
                engine
            }
        };
        let config = Arc::new(config);
        let learner = LiveLearner::start(&store, &config).await?;
        let poller =
            Poller::new(config, store, clock, stories, learner)?.with_lease_owner(&replica.id);
        Ok(Daemon {
            poller,
            deliverer,
            replica,
        })
    }

    /// This process's replica id.
    pub fn replica_id(&self) -> &str {
        &self.replica.id
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
                Ok(PollOutcome::Crashed(_)) => {
                    report.feeds_failed += 1;
                    report.crashed += 1;
                }
                Err(join) => {
                    tracing::error!(error = %join, "Poll task crashed");
                    report.feeds_failed += 1;
                    report.crashed += 1;
                }
            }
        }
        report.delivered = self.deliverer.deliver_all().await?.delivered;
        report.pending = self.store().delivery_counts().await?.pending;
        Ok(report)
    }

    /// Runs until `control.shutdown` is cancelled, switching to each config
    /// that arrives on `control.reload`.
    ///
    /// The schedule lives in the database: the loop leases due feeds
    /// (`claim_due_feeds`), polls them (recording a poll releases its
    /// lease), heartbeats to keep its leases, and sleeps until the next
    /// feed falls due. Other replicas on the same PostgreSQL database do
    /// the same and never get the same feed.
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
            replica,
        } = self;
        // What the HTTP server and the WebSub subscriber see of us.
        poller.follow_pushes(live.active_feeds());
        live.publish(&poller);
        let wake = live.wake();
        let (fatal_tx, mut fatal_rx) = tokio::sync::mpsc::unbounded_channel::<StoreError>();
        let mut outbox =
            OutboxTask::start(deliverer, Arc::clone(&wake), &shutdown, fatal_tx.clone());
        let tracker = TaskTracker::new();
        let (done_tx, mut done_rx) =
            tokio::sync::mpsc::unbounded_channel::<(FeedId, Option<Millis>)>();
        let mut schedule = Schedule::default();
        schedule.spread(&poller, true).await?;
        let watchdog = notifier.watchdog_interval();
        let mut last_watchdog = tokio::time::Instant::now();
        let mut last_heartbeat = tokio::time::Instant::now();
        let mut last_identity_check = tokio::time::Instant::now();
        let mut last_model_check = tokio::time::Instant::now();
        let mut failure: Option<StoreError> = None;
        let mut config_warning = ConfigWarning::default();
        let mut last_cycle: Option<chrono::DateTime<chrono::Utc>> = None;
        notifier.ready();
        update_status(&poller, &notifier, last_cycle).await;
        info!(
            feeds = poller.config().feeds.len(),
            topics = poller.config().topics.len(),
            sinks = poller.config().sinks.len(),
            replica = %replica.id,
            "feedwatch running"
        );

        loop {
            let now = poller.clock().now_millis();
            live.beat(now);
            let lease = poller.config().storage.lease;
            if schedule.should_claim(max_polls(poller.config()), now) {
                let claim = schedule.claim(
                    poller.config(),
                    &replica.id,
                    now,
                    max_polls(poller.config()),
                );
                let limit = claim.limit;
                match poller.store().claim_due_feeds(claim).await {
                    Ok(claimed) => {
                        let backoff = (poller.config().fetch.politeness.origin_spacing.as_millis()
                            as Millis)
                            .clamp(50, 1_000);
                        schedule.claimed(&claimed, limit, now, backoff);
                        for state in claimed.feeds {
                            let Some(feed) = poller.config().feed(&state.name).cloned() else {
                                // Another replica's config has it, ours not.
                                schedule.exclude.push(state.id);
                                let _ = poller
                                    .store()
                                    .release_feed(state.id, &replica.id, None)
                                    .await;
                                continue;
                            };
                            schedule.in_flight.insert(state.id);
                            let poller = poller.clone();
                            let done = done_tx.clone();
                            let wake = Arc::clone(&wake);
                            tracker.spawn(async move {
                                let id = state.id;
                                let (outcome, next) = poller.poll_claimed(&feed, state).await;
                                if matches!(&outcome, PollOutcome::Stored(r) if !r.alerts.is_empty()) {
                                    wake.notify_one();
                                }
                                // The receiver lives as long as the loop; a send
                                // error only means we are shutting down.
                                let _ = done.send((id, next));
                            });
                        }
                    }
                    Err(err) => {
                        tracing::error!(error = %err, "Cannot claim due feeds; will try again");
                        schedule.retry_at(now + 1_000);
                    }
                }
            }
            let heartbeat_every = lease / 3;
            let mut sleep_for = schedule
                .wake_at(max_polls(poller.config()))
                .map(|e| Duration::from_millis((e - now).max(0) as u64))
                .unwrap_or(IDLE_WAKE)
                .min(heartbeat_every.saturating_sub(last_heartbeat.elapsed()));
            if let Some(interval) = watchdog {
                sleep_for = sleep_for.min(interval.saturating_sub(last_watchdog.elapsed()));
            }
            sleep_for = sleep_for.min(IDENTITY_CHECK.saturating_sub(last_identity_check.elapsed()));
            sleep_for = sleep_for.min(MODEL_CHECK.saturating_sub(last_model_check.elapsed()));
            tokio::select! {
                () = shutdown.cancelled() => break,
                Some(err) = fatal_rx.recv() => {
                    failure = Some(err);
                    break;
                }
                Some((id, next)) = done_rx.recv() => {
                    schedule.finished(id, next);
                    if schedule.in_flight.is_empty() {
                        last_cycle = Some(poller.clock().now());
                        update_status(&poller, &notifier, last_cycle).await;
                    }
                }
                Some(loaded) = recv_reload(&mut reload) => {
                    notifier.reloading();
                    match loaded {
                        Ok(config) => match reassemble(&poller, config, &replica).await {
                            Ok(daemon) => {
                                outbox.stop().await;
                                poller = daemon.poller;
                                poller.follow_pushes(live.active_feeds());
                                live.publish(&poller);
                                outbox = OutboxTask::start(daemon.deliverer, Arc::clone(&wake), &shutdown, fatal_tx.clone());
                                schedule.exclude.clear();
                                schedule.spread(&poller, false).await?;
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
                () = tokio::time::sleep(sleep_for) => schedule.timer_fired(),
            }
            if last_identity_check.elapsed() >= IDENTITY_CHECK {
                last_identity_check = tokio::time::Instant::now();
                if let Err(err) = poller.store().check_identity().await
                    && matches!(err, StoreError::Replaced { .. })
                {
                    failure = Some(err);
                    break;
                }
            }
            if last_model_check.elapsed() >= MODEL_CHECK {
                last_model_check = tokio::time::Instant::now();
                if let Err(err) = poller
                    .learner()
                    .refresh(poller.store(), poller.config())
                    .await
                {
                    warn!(error = %err, "Cannot read verdicts; the topic models stay as they are");
                }
            }
            if last_heartbeat.elapsed() >= heartbeat_every {
                let mut beat = replica.clone();
                beat.config_hash = poller.config().hash.clone();
                let now = poller.clock().now_millis();
                match poller
                    .store()
                    .heartbeat(beat, now, crate::units::millis_i64(lease))
                    .await
                {
                    Ok(replicas) => {
                        config_warning.check(&poller.config().hash, &replica.id, &replicas)
                    }
                    Err(err) => {
                        warn!(error = %err, "Heartbeat failed; our leases expire if this goes on")
                    }
                }
                last_heartbeat = tokio::time::Instant::now();
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
        // Our leases go back at once instead of expiring.
        if let Some(err) = failure {
            tracing::error!(error = %err, "Stopped: the database is gone");
            return Err(err.into());
        }
        if let Err(err) = poller.store().retire_replica(&replica.id).await {
            warn!(error = %err, "Cannot release our leases; they expire by themselves");
        }
        info!("Stopped");
        Ok(())
    }
}

/// Warns once per new set of differing configs among the live replicas.
#[derive(Default)]
struct ConfigWarning {
    last: Vec<String>,
}

impl ConfigWarning {
    fn check(&mut self, ours: &str, me: &str, replicas: &[ReplicaStatus]) {
        let mut others: Vec<String> = replicas
            .iter()
            .filter(|r| r.live && r.id != me && r.config_hash != ours)
            .map(|r| format!("{} ({})", r.id, r.config_hash))
            .collect();
        others.sort();
        if !others.is_empty() && others != self.last {
            warn!(
                config_hash = %ours,
                others = %others.join(", "),
                "Replicas run different configs; each polls and alerts by its own, so make them the same"
            );
        }
        self.last = others;
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

/// How often the scheduler checks the database is still the file at its
/// path (the outbox also checks before each delivery batch).
const IDENTITY_CHECK: Duration = Duration::from_secs(30);

/// How often the scheduler looks for new verdicts to retrain the models on.
const MODEL_CHECK: Duration = Duration::from_secs(5);

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
async fn reassemble(
    current: &Poller,
    mut config: Config,
    replica: &ReplicaInfo,
) -> Result<Daemon, DaemonError> {
    let path = &current.config().storage_path;
    if config.storage_path != *path {
        warn!(
            old = %path.display(),
            new = %config.storage_path.display(),
            "storage.path changed; a restart is needed to switch databases, keeping the current one"
        );
        config.storage_path = path.clone();
    }
    if config.storage.postgres != current.config().storage.postgres {
        warn!(
            "storage.url changed; a restart is needed to switch databases, keeping the current one"
        );
        config.storage.postgres = current.config().storage.postgres.clone();
    }
    Daemon::build(
        config,
        current.store().clone(),
        current.clock().clone(),
        replica.clone(),
        Some(Arc::clone(current.stories())),
    )
    .await
}

/// The outbox task, stoppable on its own (a reload swaps it).
struct OutboxTask {
    stop: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

impl OutboxTask {
    /// Starts the outbox; a fatal error (the database was replaced) is sent
    /// on `fatal` for the scheduler loop to stop on.
    fn start(
        deliverer: Deliverer,
        wake: Arc<Notify>,
        shutdown: &CancellationToken,
        fatal: tokio::sync::mpsc::UnboundedSender<StoreError>,
    ) -> OutboxTask {
        let stop = shutdown.child_token();
        let run = deliverer.run(wake, stop.clone());
        let task = tokio::spawn(async move {
            if let Err(err) = run.await {
                // The receiver lives as long as the scheduler loop.
                let _ = fatal.send(err);
            }
        });
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

/// The loop's view of the schedule, whose truth is in the database: what
/// this replica is polling, and when to look for due feeds again.
#[derive(Default)]
struct Schedule {
    in_flight: HashSet<FeedId>,
    /// When the next unleased feed falls due (from the last claim, lowered
    /// by polls that finish since).
    next_due: Option<Millis>,
    /// Claim at the next chance (a timer fired, or a claim filled the room
    /// so more may be due).
    claim_now: bool,
    /// Feeds leased to us that our config does not have.
    exclude: Vec<FeedId>,
}

impl Schedule {
    /// Gives configured feeds without a next poll time one (first polls
    /// spread over 0.1 s per feed, up to a minute, at most half the
    /// interval: never a thundering herd, yet a small config polls at once).
    /// At start (`overdue`), feeds already due are spread the same way.
    async fn spread(&mut self, poller: &Poller, overdue: bool) -> Result<(), StoreError> {
        let config = poller.config();
        let n_feeds = config.feeds.len() as u64;
        let feeds = config
            .feeds
            .iter()
            .map(|feed| {
                let spread = (feed.interval.as_millis() as u64 / 2)
                    .min(60_000)
                    .min(100 * n_feeds);
                let jitter = if spread == 0 {
                    0
                } else {
                    fastrand::u64(0..spread)
                };
                (feed.name.clone(), jitter as Millis)
            })
            .collect();
        poller
            .store()
            .schedule_feeds(feeds, poller.clock().now_millis(), overdue)
            .await?;
        self.claim_now = true;
        Ok(())
    }

    /// Whether to claim now: there is room for a batch (a quarter of the
    /// polls allowed, or nothing in flight) and something may be due.
    fn should_claim(&self, max: usize, now: Millis) -> bool {
        let room = max.saturating_sub(self.in_flight.len());
        let batch = (max / 4).max(1);
        room > 0
            && (room >= batch || self.in_flight.is_empty())
            && (self.claim_now || self.next_due.is_some_and(|d| d <= now))
    }

    fn claim(&self, config: &Config, replica: &str, now: Millis, max: usize) -> FeedClaim {
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

    fn claimed(&mut self, claimed: &Claimed, limit: usize, now: Millis, backoff: Millis) {
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

    fn retry_at(&mut self, at: Millis) {
        self.claim_now = false;
        self.next_due = Some(at);
    }

    fn timer_fired(&mut self) {
        self.claim_now = true;
    }

    fn finished(&mut self, id: FeedId, next: Option<Millis>) {
        self.in_flight.remove(&id);
        if let Some(next) = next {
            self.next_due = Some(self.next_due.map_or(next, |d| d.min(next)));
        }
    }

    /// When the loop should look again (`None`: nothing scheduled, or no
    /// room until a poll finishes, which wakes the loop itself).
    fn wake_at(&self, max: usize) -> Option<Millis> {
        let room = max.saturating_sub(self.in_flight.len());
        if room < (max / 4).max(1) && !self.in_flight.is_empty() {
            return None;
        }
        self.next_due
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
