//! The daemon: schedules polls, runs the outbox, and shuts down cleanly.
//!
//! Shutdown order: stop starting polls, let in-flight polls finish (each
//! commits or rolls back as one transaction), stop the outbox after its
//! current delivery, return. Nothing half-written survives a stop.

mod changes;
mod claims;
mod cpu;
mod health;
mod learner;
mod live;
mod network;
mod poll;
pub mod prepare;
mod retention;
pub(crate) mod schedule;
mod stories;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::{debug, info, warn};

use crate::alert::{Deliverer, RoundReport, SinkBuildError};
use crate::clock::Clock;
use crate::config::{Config, ConfigError, DEFAULT_SHUTDOWN_TIMEOUT, FeedConfig};
use crate::fetch::ClientError;
use crate::model::{FeedId, Millis};
use crate::service::notify::Notifier;
use crate::store::{FeedSpec, FeedState, FeedSync, ReplicaInfo, ReplicaStatus, Store, StoreError};
use claims::Claims;
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
    /// The configured feeds' states when the daemon was built, from which
    /// their schedule is re-planned.
    synced: Vec<FeedState>,
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
        changes::log_start(&store.known_feeds().await?, &config);
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
        let now = clock.now_millis();
        let by = FeedSync {
            replica: replica.id.clone(),
            config_hash: config.hash.clone(),
            live_since: now.saturating_sub(crate::units::millis_i64(config.storage.lease)),
        };
        let synced = store.sync_feeds(feeds, by, now).await?;
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
                let read_at = clock.now_millis();
                let items = store
                    .story_items_since(read_at.saturating_sub(window))
                    .await?;
                // Features of every item in the window: seconds of CPU for a
                // large window, so off the runtime's threads (a reload
                // that changes `[stories]` must not stall polling and
                // delivery meanwhile).
                let loading = engine.clone();
                // On the pool polls prepare on (see `cpu`), so the rebuild
                // warms their word caches rather than holding one elsewhere.
                cpu::shared()
                    .run(move || loading.rebuild(&items, read_at))
                    .await
                    .map_err(|e| DaemonError::Task(format!("loading the story index: {e}")))?;
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
            synced,
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

    /// One pass of retention now (the running daemon makes one an hour);
    /// `None` when `[storage] keep = "forever"`.
    pub async fn prune(&self) -> Result<Option<crate::store::PruneReport>, StoreError> {
        self.poller.prune().await
    }

    /// Polls every feed once, then gives every pending alert one attempt.
    pub async fn run_once(&self) -> Result<CycleReport, StoreError> {
        let (done, mut outcomes) = tokio::sync::mpsc::unbounded_channel();
        self.poll_each(self.poller.config().feeds.clone(), done)
            .await;
        let mut report = CycleReport::default();
        while let Ok((_, outcome)) = outcomes.try_recv() {
            match outcome {
                PollOutcome::Stored(ingest) => {
                    report.feeds_ok += 1;
                    report.new_items += ingest.new_items;
                    report.alerts += ingest.alerts.len();
                }
                PollOutcome::NotModified | PollOutcome::Deferred => report.feeds_ok += 1,
                PollOutcome::Failed(_) | PollOutcome::Disabled(_) => report.feeds_failed += 1,
                PollOutcome::Crashed(_) => {
                    report.feeds_failed += 1;
                    report.crashed += 1;
                }
            }
        }
        report.delivered = self.deliver_all().await?;
        report.pending = self.store().delivery_counts().await?.pending;
        Ok(report)
    }

    /// Polls `feeds` once each, as many at a time as the config allows,
    /// sending each feed's name and outcome on `done` as its poll ends (a
    /// crashed poll task is a failure). Returns when every poll has ended.
    pub async fn poll_each(
        &self,
        feeds: Vec<FeedConfig>,
        done: tokio::sync::mpsc::UnboundedSender<(String, PollOutcome)>,
    ) {
        let mut tasks = tokio::task::JoinSet::new();
        let limit = max_polls(self.poller.config());
        let started = Arc::new(tokio::sync::Semaphore::new(limit));
        let mut names = std::collections::HashMap::new();
        let mut feeds = feeds.into_iter().peekable();
        while feeds.peek().is_some() {
            let batch: Vec<FeedConfig> = feeds.by_ref().take(limit).collect();
            // The rows of a batch in one call to the store, read as its first
            // poll is about to start (as the daemon's claims read them): a
            // call per feed cost each poll a trip to the blocking pool. If
            // the read fails, each poll reads its own row (and says why).
            let mut rows = self
                .store()
                .feed_states(batch.iter().map(|f| f.name.clone()).collect())
                .await
                .unwrap_or_default();
            for feed in batch {
                // Start polls only as fast as slots free up: 10,000 polls
                // started at once would each park a blocking thread waiting
                // on the database. The semaphore is never closed, so
                // acquiring cannot fail.
                let permit = Arc::clone(&started).acquire_owned().await;
                let poller = self.poller.clone();
                let name = feed.name.clone();
                let row = rows.remove(&feed.name);
                let task = tasks.spawn(async move {
                    let _permit = permit;
                    let outcome = match row {
                        Some(row) => poller.poll_known(&feed, row).await.0,
                        None => poller.poll(&feed).await.0,
                    };
                    (feed.name.clone(), outcome)
                });
                names.insert(task.id(), name);
            }
        }
        while let Some(ended) = tasks.join_next_with_id().await {
            let (name, outcome) = match ended {
                Ok((_, ended)) => ended,
                Err(join) => {
                    tracing::error!(error = %join, "Poll task crashed");
                    let name = names.remove(&join.id()).unwrap_or_default();
                    (name, PollOutcome::Crashed(join.to_string()))
                }
            };
            // A closed receiver only means nobody is listening any more.
            let _ = done.send((name, outcome));
        }
    }

    /// Gives every pending alert one attempt; returns how many were delivered.
    pub async fn deliver_all(&self) -> Result<usize, StoreError> {
        Ok(self.deliverer.deliver_all().await?.delivered)
    }

    /// Releases this process's leases and forgets it as a replica (a
    /// one-off run's, such as `feedwatch poll` without a daemon).
    pub async fn retire(&self) -> Result<(), StoreError> {
        self.store().retire_replica(&self.replica.id).await
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
            poll_now,
            notifier,
            shutdown_timeout,
            live,
        } = control;
        let Daemon {
            mut poller,
            deliverer,
            replica,
            synced,
        } = self;
        // What the HTTP server and the WebSub subscriber see of us.
        poller.follow_pushes(live.active_feeds());
        live.publish(&poller);
        let wake = live.wake();
        let (fatal_tx, mut fatal_rx) = tokio::sync::mpsc::unbounded_channel::<StoreError>();
        let mut outbox =
            OutboxTask::start(deliverer, Arc::clone(&wake), &shutdown, fatal_tx.clone());
        let tracker = TaskTracker::new();
        let (done_tx, mut done_rx) = tokio::sync::mpsc::unbounded_channel::<Finished>();
        let mut schedule = Claims::default();
        schedule.spread(&poller, &synced, true).await?;
        // Polls started under an older config (before a reload) are
        // re-planned when they finish: a reload skips feeds being polled.
        let mut generation: u64 = 0;
        let watchdog = notifier.watchdog_interval();
        let mut last_watchdog = tokio::time::Instant::now();
        let mut last_heartbeat = tokio::time::Instant::now();
        // After a reload: the new config's hash goes out at once, so tools
        // comparing configs (`feedwatch feeds`) see it.
        let mut beat_now = false;
        let mut last_identity_check = tokio::time::Instant::now();
        let mut last_model_check = tokio::time::Instant::now();
        let mut last_story_sync = tokio::time::Instant::now();
        let mut next_prune = tokio::time::Instant::now() + retention::FIRST_PASS;
        // A pass that stopped early asks for the next one soon.
        let (prune_tx, mut prune_rx) = tokio::sync::mpsc::unbounded_channel::<bool>();
        let mut prune_running = false;
        // One catch-up of the story index at a time, off the loop.
        let story_sync_running = Arc::new(std::sync::atomic::AtomicBool::new(false));
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
                                let _ = done.send(Finished { id, name: feed.name, next, generation });
                            });
                        }
                    }
                    Err(err) => {
                        // While the database refuses writes (a full disk, said
                        // once by the store), claims back off quietly.
                        let wait = match poller.store().write_backoff() {
                            Some(wait) => {
                                debug!(error = %err, retry_in = ?wait, "Cannot claim due feeds; the database refuses writes");
                                wait
                            }
                            None => {
                                tracing::error!(error = %err, "Cannot claim due feeds; will try again");
                                Duration::from_secs(1)
                            }
                        };
                        schedule.retry_at(now.saturating_add(crate::units::millis_i64(wait)));
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
            sleep_for = sleep_for
                .min(IDENTITY_CHECK.saturating_sub(last_identity_check.elapsed()))
                .min(MODEL_CHECK.saturating_sub(last_model_check.elapsed()))
                .min(STORY_SYNC.saturating_sub(last_story_sync.elapsed()))
                .min(SCHEDULE_RECHECK);
            if !prune_running {
                sleep_for = sleep_for
                    .min(next_prune.saturating_duration_since(tokio::time::Instant::now()));
            }
            tokio::select! {
                () = shutdown.cancelled() => break,
                Some(err) = fatal_rx.recv() => {
                    failure = Some(err);
                    break;
                }
                Some(done) = done_rx.recv() => {
                    schedule.finished(done.id, done.next);
                    if done.generation != generation {
                        schedule.replan_one(&poller, &done.name).await;
                    }
                    if schedule.in_flight.is_empty() {
                        last_cycle = Some(poller.clock().now());
                        update_status(&poller, &notifier, last_cycle).await;
                    }
                }
                () = poll_now.notified() => schedule.timer_fired(),
                Some(finished) = prune_rx.recv() => {
                    prune_running = false;
                    next_prune = tokio::time::Instant::now()
                        + if finished { retention::PASS_EVERY } else { retention::RESUME_AFTER };
                }
                Some(loaded) = recv_reload(&mut reload) => {
                    notifier.reloading();
                    match loaded {
                        Ok(config) => match reassemble(&poller, config, &replica).await {
                            Ok(daemon) => {
                                outbox.stop().await;
                                let old = Arc::clone(poller.config());
                                poller = daemon.poller;
                                poller.follow_pushes(live.active_feeds());
                                live.publish(&poller);
                                outbox = OutboxTask::start(daemon.deliverer, Arc::clone(&wake), &shutdown, fatal_tx.clone());
                                generation += 1;
                                changes::log_reload(&old, poller.config());
                                beat_now = true;
                                schedule.exclude.clear();
                                if let Err(err) = schedule.spread(&poller, &daemon.synced, false).await {
                                    tracing::error!(error = %err, "Cannot apply the new config's schedule; feeds keep their next poll times");
                                }
                                info!(feeds = poller.config().feeds.len(), topics = poller.config().topics.len(), sinks = poller.config().sinks.len(), "Config reloaded");
                            }
                            Err(err) => {
                                tracing::error!(error = %err, "Reload failed; the previous config stays in force");
                            }
                        },
                        Err(err) => log_refused_config(&err),
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
            if last_story_sync.elapsed() >= STORY_SYNC
                && !story_sync_running.swap(true, std::sync::atomic::Ordering::AcqRel)
            {
                last_story_sync = tokio::time::Instant::now();
                let poller = poller.clone();
                let running = Arc::clone(&story_sync_running);
                tracker.spawn(async move {
                    match poller.sync_stories().await {
                        Ok(0) => {}
                        Ok(added) => debug!(added, "Story index caught up with items stored elsewhere"),
                        Err(err) if poller.store().write_backoff().is_some() => {
                            debug!(error = %err, "Cannot catch up the story index; the database refuses writes")
                        }
                        Err(err) => warn!(error = %err, "Cannot catch up the story index; will try again"),
                    }
                    running.store(false, std::sync::atomic::Ordering::Release);
                });
            }
            if !prune_running && tokio::time::Instant::now() >= next_prune {
                prune_running = true;
                let poller = poller.clone();
                let done = prune_tx.clone();
                tracker.spawn(async move {
                    // The receiver lives as long as the loop.
                    let _ = done.send(poller.prune_and_log().await);
                });
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
            if beat_now || last_heartbeat.elapsed() >= heartbeat_every {
                beat_now = false;
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
                    Err(err) if poller.store().write_backoff().is_some() => {
                        debug!(error = %err, "Heartbeat failed; the database refuses writes")
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

/// A reloaded config refused: one event, then one per problem (at most
/// [`LOGGED_PROBLEMS`]), so each keeps its own line in a text log and its
/// own record in the journal instead of one record of many lines.
fn log_refused_config(err: &crate::config::ConfigError) {
    let crate::config::ConfigError::Invalid { path, issues } = err else {
        tracing::error!(error = %err, "Reload failed; the previous config stays in force");
        return;
    };
    tracing::error!(
        config = %path.display(),
        problems = issues.len(),
        "Reload failed; the previous config stays in force"
    );
    for issue in issues.iter().take(LOGGED_PROBLEMS) {
        tracing::error!(problem = %format_args!("{}:{issue}", path.display()), "Config problem");
    }
    if issues.len() > LOGGED_PROBLEMS {
        tracing::error!(
            more = issues.len() - LOGGED_PROBLEMS,
            "More config problems: `feedwatch check --config {}` lists them all",
            path.display()
        );
    }
}

/// How many problems of a refused config the log gets (`check` lists all).
const LOGGED_PROBLEMS: usize = 20;

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

/// How often the story index catches up with items stored by other
/// replicas (see `Poller::sync_stories`): a report polled by one replica
/// joins a story another replica's poll began from this long after.
const STORY_SYNC: Duration = Duration::from_secs(2);

/// The longest the scheduler sleeps without looking at the schedule in the
/// database (one indexed query): another process may have made a feed due
/// sooner than the loop knows, such as `feedwatch poll` (SIGUSR1 wakes a
/// SQLite daemon at once; PostgreSQL replicas have no pid to signal) or
/// another replica's reload. Public as the bound `feedwatch poll` states.
pub const SCHEDULE_RECHECK: Duration = Duration::from_secs(5);

/// A poll that finished, for the loop.
struct Finished {
    id: FeedId,
    name: String,
    next: Option<Millis>,
    /// The config generation the poll ran under (a reload adds one).
    generation: u64,
}

/// A reload request: the new config, already read and validated by the
/// caller (the daemon never reads files), or why it could not be.
pub type Reload = Result<Config, ConfigError>;

/// What drives a running daemon from outside.
pub struct Control {
    pub shutdown: CancellationToken,
    /// One message per reload request (SIGHUP).
    pub reload: Option<tokio::sync::mpsc::UnboundedReceiver<Reload>>,
    /// Claims due feeds at once when notified (SIGUSR1, sent by `feedwatch
    /// poll` after making feeds due); a notification while the loop is busy
    /// is kept until it looks.
    pub poll_now: Arc<Notify>,
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
            poll_now: Arc::new(Notify::new()),
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
