//! The store stage: feedwatch's state. **Architecture invariant:** all SQL
//! lives in this module, behind the [`Backend`] trait, which speaks only in
//! domain types (`types.rs`); callers never see a database type.
//!
//! Each method is one transaction: an item, its matches, its alerts and
//! their deliveries are written together with the poll that brought them,
//! so a crash can neither lose an alert nor raise one twice. [`Store`] is the
//! async face the daemon uses: it runs each operation on tokio's blocking
//! pool so the runtime never waits on the database. Command-line tools call
//! the backend directly ([`Store::backend`]).
//!
//! `sqlite/` is the embedded backend (one file, WAL, one daemon);
//! `postgres/` the shared one (any number of replicas leasing work from one
//! database). Both have the same schema and semantics, each with its own SQL
//! and migrations; `copy.rs` moves a SQLite installation to PostgreSQL.

mod config;
mod copy;
mod health;
pub(crate) mod postgres;
mod retention;
mod row_only;
mod schedule;
pub(crate) mod sqlite;
mod types;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use config::{
    DEFAULT_LEASE, DEFAULT_POOL_SIZE, MIN_LEASE, PasswordSource, PostgresConfig, RawStorageConfig,
    StorageConfig,
};
pub use copy::{CopyReport, copy_sqlite_to_postgres};
pub use postgres::PostgresStore;
pub use retention::{Prune, PruneReport, RENEW_AFTER, retired_key};
pub use schedule::{FeedSchedule, KnownFeed, LastPoll, PollRequest, Rescheduled, ScheduleChange};
pub use sqlite::{DatabaseLock, SCHEMA_VERSION, SizeCap, SqliteStore, lock_database, lock_holder};
pub use types::*;

use crate::model::{AlertId, DigestKey, FeedId, ItemId, Millis, StoryId};

/// Errors from the database. Each names what was being done.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path}: {reason}")]
    Open { path: PathBuf, reason: String },
    #[error(
        "database {path} has schema version {found}, newer than this feedwatch understands ({supported}); upgrade feedwatch or restore a backup"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error(
        "database {path} does not exist (set by {set_by}); run `feedwatch run` once to create it, or fix the path"
    )]
    Missing { path: PathBuf, set_by: String },
    #[error("database {action}: {reason}")]
    Query {
        action: &'static str,
        reason: String,
    },
    #[error("database {path}: {reason}")]
    Locked { path: PathBuf, reason: String },
    #[error(
        "database {path} was {what} while feedwatch was using it; stopping so it restarts on the file now there"
    )]
    Replaced { path: PathBuf, what: &'static str },
    #[error("database: feed `{0}` has no row")]
    UnknownFeed(String),
    /// Another replica leased the feed while this one polled it (its lease
    /// expired): the poll is dropped, the other replica's counts.
    #[error("database: the lease on feed {0} was taken over by another replica; poll dropped")]
    LeaseLost(i64),
    #[error("database task failed: {0}")]
    Task(String),
    /// PostgreSQL aborted the transaction for a deadlock or a
    /// serialization failure with concurrent writers (other replicas) on
    /// every try: nothing was written, and the database itself is fine, so
    /// this does not make writers back off (see `health`).
    #[error("database {action}: conflicted with concurrent writers on every try ({reason})")]
    Contended {
        action: &'static str,
        reason: String,
    },
    /// The database's disk (or its size limit) is full: nothing was
    /// written; the same write succeeds once there is space again.
    #[error("database {action}: the disk is full ({reason})")]
    Full {
        action: &'static str,
        reason: String,
    },
}

impl StoreError {
    /// Whether the database refused a write for lack of space.
    pub fn is_disk_full(&self) -> bool {
        matches!(self, StoreError::Full { .. })
    }

    /// The same failure, for each of several operations that one failed
    /// write undid (polls recorded together): a full disk stays a full disk,
    /// anything else is told as it was.
    pub(crate) fn for_each_of(&self, action: &'static str) -> StoreError {
        match self {
            StoreError::Full { reason, .. } => StoreError::Full {
                action,
                reason: reason.clone(),
            },
            other => StoreError::Query {
                action,
                reason: other.to_string(),
            },
        }
    }
}

/// The operations feedwatch needs from its database. Every method is one
/// transaction; implementations are safe to call from several threads.
pub trait Backend: Send + Sync {
    /// Makes sure every configured feed has a row. A feed whose configured
    /// URL changed forgets the old URL's validators, move and disabled state.
    /// Feeds not in `feeds` are retired (not scheduled; their rows stay,
    /// with their history) unless another live replica runs a different
    /// config (see [`FeedSync`]).
    fn sync_feeds(
        &self,
        feeds: &[FeedSpec],
        by: &FeedSync,
        now: Millis,
    ) -> Result<Vec<FeedState>, StoreError>;
    fn feed_state(&self, name: &str) -> Result<Option<FeedState>, StoreError>;
    /// Records a poll: the feed row (status, validators, schedule, move),
    /// the items with their keys, matches, alerts and deliveries, the learned
    /// cadence and any health incident the policy decides on, atomically.
    fn record_poll(
        &self,
        record: &PollRecord,
        policy: &dyn PollPolicy,
    ) -> Result<PollReport, StoreError>;
    /// Records the polls `take` gives (called once, when the backend is
    /// ready to write: polls queued until then come along), each as
    /// [`record_poll`](Backend::record_poll) would, with one result per
    /// poll in their order. Meant for polls that store nothing but the
    /// feed's row (a 304, a failure): a backend may commit them together,
    /// each still refused or undone on its own.
    fn record_row_only_polls(&self, take: &mut dyn FnMut() -> Vec<RowOnlyPoll>)
    -> Vec<PollOutcome>;
    /// Every feed's health, by name.
    fn feed_health(&self) -> Result<Vec<FeedHealth>, StoreError>;

    /// Stored items, newest first (by publication, else first seen).
    fn recent_items(
        &self,
        since: Option<Millis>,
        feed: Option<&str>,
        limit: usize,
    ) -> Result<Vec<StoredItem>, StoreError>;
    fn item(&self, id: ItemId) -> Result<Option<StoredItem>, StoreError>;
    /// The items first seen since `since`, oldest first, as story
    /// clustering sees them (its index is rebuilt from them at start).
    fn story_items_since(&self, since: Millis) -> Result<Vec<StoryItem>, StoreError>;
    /// The ids of the items first seen since `since` (cheap: what a
    /// replica's story index may lack is then read by id).
    fn story_item_ids_since(&self, since: Millis) -> Result<Vec<ItemId>, StoreError>;
    /// These items as story clustering sees them, oldest first.
    fn story_items_by_id(&self, ids: &[ItemId]) -> Result<Vec<StoryItem>, StoreError>;
    /// Stories with an item first seen since `since` (of one topic's alerts
    /// when given) and at least `min_reports` items in all, newest first.
    fn stories(
        &self,
        since: Millis,
        topic: Option<&str>,
        min_reports: usize,
        limit: usize,
    ) -> Result<Vec<StorySummary>, StoreError>;
    /// One story with all its reports (oldest first) and the topics it
    /// alerted; `None` when no story has this id.
    fn story(&self, id: StoryId) -> Result<Option<StorySummary>, StoreError>;
    /// The items a person's reference names (a GUID may name several),
    /// newest first.
    fn find_items(&self, reference: &ItemRef, limit: usize) -> Result<Vec<StoredItem>, StoreError>;
    /// Everything stored about an item: keys, story, matches, alerts and
    /// their deliveries.
    fn item_details(&self, id: ItemId) -> Result<Option<ItemDetails>, StoreError>;

    /// The head of each sink's queue, oldest first.
    fn outbox_heads(&self) -> Result<Vec<PendingDelivery>, StoreError>;
    /// When the earliest head becomes due, if anything is pending.
    fn next_due(&self) -> Result<Option<Millis>, StoreError>;
    fn record_attempt(&self, row: &HeadRow, result: &AttemptResult) -> Result<(), StoreError>;
    /// Messages delivered to `sink` after `since`.
    fn sent_since(&self, sink: &str, since: Millis) -> Result<i64, StoreError>;
    /// Pending single deliveries of a sink.
    fn pending_count(&self, sink: &str) -> Result<i64, StoreError>;
    /// Folds a sink's pending deliveries, except the oldest `keep`, into one
    /// summary message per topic; returns the ids of the messages made.
    fn fold_into_summaries(
        &self,
        sink: &str,
        keep: usize,
        now: Millis,
    ) -> Result<Vec<String>, StoreError>;
    /// Held deliveries waiting for digests, per (sink, schedule).
    fn held_groups(&self) -> Result<Vec<HeldGroup>, StoreError>;
    /// Turns every held delivery of (sink, schedule) into one digest
    /// message; `None` when nothing is held (another replica made it).
    fn make_digest(
        &self,
        sink: &str,
        schedule: &DigestKey,
        since: Millis,
        now: Millis,
    ) -> Result<Option<String>, StoreError>;
    fn delivery_counts(&self) -> Result<DeliveryCounts, StoreError>;
    /// New sources of alerted stories whose update to one of `sinks` is due.
    fn due_updates(&self, now: Millis, sinks: &[String]) -> Result<Vec<DueUpdate>, StoreError>;
    /// Raises the update `alert` for `update` (one delivery, to its sink) and
    /// marks its sources told; the next update is not due before `next_due`.
    fn record_update(
        &self,
        update: &DueUpdate,
        alert: &NewAlert,
        next_due: Millis,
        now: Millis,
    ) -> Result<(), StoreError>;
    /// Deliveries, newest first.
    fn deliveries(
        &self,
        filter: &DeliveryFilter,
        limit: usize,
    ) -> Result<Vec<DeliveryRow>, StoreError>;
    /// Puts failed deliveries (all, or one alert's) back in the queue.
    fn requeue_failed(&self, alert: Option<&AlertId>, now: Millis) -> Result<usize, StoreError>;

    /// A cheap query proving the database answers (for the watchdog).
    fn ping(&self) -> Result<(), StoreError>;
    /// [`StoreError::Replaced`] when the database in use is no longer the
    /// one at its path (a SQLite file deleted or replaced): writing on would
    /// go to a file nobody reads, and a restart on the new one would re-send
    /// its history.
    fn check_identity(&self) -> Result<(), StoreError>;

    // --- Replicas and leases ------------------------------------------
    // The schedule's source of truth is the `feeds` table: a daemon leases
    // due feeds (`claim_due_feeds`) and recording the poll releases them;
    // sink queues are leased the same way (`claim_sinks`), so each sink is
    // drained by one replica at a time, in detection order. A lease not
    // renewed by a heartbeat expires, and another replica takes the work.
    // On SQLite one daemon holds the database (its lock file): these are
    // simple transactions, and registering frees a dead daemon's leases.

    /// Which database this is and its schema version.
    fn backend_info(&self) -> Result<BackendInfo, StoreError>;
    /// Registers a starting replica (SQLite: also frees every lease and
    /// forgets every replica left by a daemon that died).
    fn register_replica(&self, replica: &ReplicaInfo, now: Millis) -> Result<(), StoreError>;
    /// Records a heartbeat, extends the replica's feed and sink leases to
    /// `now + lease`, forgets replicas silent for ten leases, and returns
    /// the replicas, live or not.
    fn heartbeat(
        &self,
        replica: &ReplicaInfo,
        now: Millis,
        lease: Millis,
    ) -> Result<Vec<ReplicaStatus>, StoreError>;
    /// A stopping replica: releases its leases and removes its row.
    fn retire_replica(&self, replica: &str) -> Result<(), StoreError>;
    /// The registered replicas with their leases; live means a heartbeat
    /// within `lease`.
    fn replicas(&self, now: Millis, lease: Millis) -> Result<Vec<ReplicaStatus>, StoreError>;
    /// Applies the daemon's schedule to configured feeds (at start and on
    /// reload), as `schedule::decide` says: feeds with no next poll time
    /// (new, or re-enabled) get `first`, and with `overdue` (at start) so do
    /// feeds already due, so a backlog is spread out; feeds whose settings
    /// changed since the database recorded them are rescheduled, and no next
    /// poll stays later than its settings allow. Records each feed's
    /// settings. Disabled and leased feeds are left alone. Returns the feeds
    /// moved.
    fn schedule_feeds(
        &self,
        feeds: &[FeedSchedule],
        now: Millis,
        overdue: bool,
    ) -> Result<Vec<Rescheduled>, StoreError>;
    /// Every feed the database knows (configured by the daemon that last
    /// synced them or not), by name.
    fn known_feeds(&self) -> Result<Vec<KnownFeed>, StoreError>;
    /// `feedwatch poll`: makes the named feeds due at `now` (whoever holds
    /// the schedule polls them at its next claim), and says what it found
    /// for each name, in the order given.
    fn request_polls(&self, names: &[String], now: Millis) -> Result<Vec<PollRequest>, StoreError>;
    /// The last poll of each named feed the database knows, in the order
    /// given; `leased` is judged at `now`.
    fn last_polls(&self, names: &[String], now: Millis) -> Result<Vec<LastPoll>, StoreError>;
    /// Leases due feeds to a replica, earliest due first, within the
    /// politeness limits across replicas (PostgreSQL: `SKIP LOCKED`).
    fn claim_due_feeds(&self, claim: &FeedClaim) -> Result<Claimed, StoreError>;
    /// Gives up a leased feed without recording a poll, moving its next
    /// poll to `next_poll_at` if given.
    fn release_feed(
        &self,
        feed: FeedId,
        replica: &str,
        next_poll_at: Option<Millis>,
    ) -> Result<(), StoreError>;
    /// Leases the queues of `sinks` that are free, expired or already the
    /// replica's; returns the sinks whose queues it now delivers.
    fn claim_sinks(
        &self,
        replica: &str,
        sinks: &[String],
        now: Millis,
        lease: Millis,
    ) -> Result<Vec<String>, StoreError>;

    // The HTTP server (issue 13): web UI, /metrics and WebSub.

    /// Alerts, newest first, with their deliveries and story sources.
    fn alert_list(&self, filter: &AlertFilter, limit: usize) -> Result<Vec<AlertView>, StoreError>;
    fn alert_view(&self, id: &AlertId) -> Result<Option<AlertView>, StoreError>;
    /// Alerts per topic and UTC day, from `since` on.
    fn alerts_per_day(&self, since: Millis) -> Result<Vec<TopicDay>, StoreError>;
    /// Sends one delivery again now (a failed one is requeued, a pending one
    /// made due); false when there is nothing to retry.
    fn requeue_delivery(&self, delivery: i64, now: Millis) -> Result<bool, StoreError>;
    /// The stored state `/metrics` reports as gauges.
    fn metrics_snapshot(&self) -> Result<MetricsSnapshot, StoreError>;
    /// Every WebSub subscription, by feed name.
    fn subscriptions(&self) -> Result<Vec<Subscription>, StoreError>;
    fn subscription_by_callback(
        &self,
        callback_id: &str,
    ) -> Result<Option<Subscription>, StoreError>;
    /// Creates or replaces the subscription of `subscription.feed`.
    fn save_subscription(&self, subscription: &Subscription) -> Result<(), StoreError>;
    fn delete_subscription(&self, feed: &str) -> Result<(), StoreError>;

    // Feedback (issue 11): verdicts on matches, and what the models held back.

    /// Records a verdict; an earlier one on the same topic and item is
    /// superseded (kept, marked undone at `now`).
    fn record_verdict(&self, verdict: &NewVerdict, now: Millis) -> Result<Verdict, StoreError>;
    /// Undoes a verdict still in force; `None` when there is none with that id.
    fn undo_verdict(&self, id: i64, now: Millis) -> Result<Option<Verdict>, StoreError>;
    /// Verdicts, newest first.
    fn verdicts(&self, filter: &VerdictFilter, limit: usize) -> Result<Vec<Verdict>, StoreError>;
    /// Changes whenever a verdict is recorded or undone (models retrain).
    fn verdict_version(&self) -> Result<(i64, i64), StoreError>;
    /// Matches the models held back, newest first.
    fn suppressed(
        &self,
        topic: Option<&str>,
        limit: usize,
    ) -> Result<Vec<SuppressedMatch>, StoreError>;
    /// The topic and item an alert was raised on.
    fn alert_origin(&self, id: &AlertId) -> Result<Option<AlertOrigin>, StoreError>;
    /// A setting kept in the database (such as the key feedback links are
    /// signed with): the stored value, or `value` stored now if none is.
    fn setting_or_insert(&self, name: &str, value: &str) -> Result<String, StoreError>;
    /// Forgets one batch of what retention allows (see `retention.rs`), in
    /// one transaction.
    fn prune(&self, prune: &Prune) -> Result<PruneReport, StoreError>;
}

/// The stored items a person's text names (an id, a link or a GUID; see
/// [`ItemRef::candidates`]): one, or several when a GUID names more or a
/// link is a page other items link to too, at most `limit` (the item the
/// link identifies first); none when nothing matches.
pub fn find_named_items(
    db: &dyn Backend,
    text: &str,
    limit: usize,
) -> Result<Vec<StoredItem>, StoreError> {
    let candidates = ItemRef::candidates(text);
    for candidate in &candidates {
        let mut found = db.find_items(candidate, limit)?;
        if found.is_empty() {
            continue;
        }
        // A link that identifies one item may also be a page that later
        // items, of its feed or others, link to (`dedup::alike`).
        if let (ItemRef::Link(_), Some(shared)) = (
            candidate,
            candidates
                .iter()
                .find(|c| matches!(c, ItemRef::SharedLink(_))),
        ) && found.len() < limit
        {
            for item in db.find_items(shared, limit)? {
                if found.len() < limit && !found.iter().any(|f| f.id == item.id) {
                    found.push(item);
                }
            }
        }
        return Ok(found);
    }
    Ok(Vec::new())
}

/// A handle to the database; cheap to clone. Its async methods run the
/// backend's operations on tokio's blocking pool.
#[derive(Clone)]
pub struct Store {
    backend: Arc<dyn Backend>,
    location: PathBuf,
    health: Arc<health::WriteHealth>,
    /// Delivery results the database refused to record (its disk was
    /// full), oldest first: written before anything else once it takes
    /// writes again, and their rows are kept out of
    /// [`outbox_heads`](Store::outbox_heads) meanwhile, so a message that
    /// was sent is never sent again while this process lives.
    unrecorded: Arc<tokio::sync::Mutex<Vec<(HeadRow, AttemptResult)>>>,
    /// Polls writing only their feed's row, waiting to be recorded together (`row_only.rs`).
    row_only: Arc<std::sync::Mutex<row_only::RowOnlyQueue>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("location", &self.location)
            .finish()
    }
}

impl Store {
    /// Opens (creating if needed) and migrates a SQLite database.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Ok(Store::new(SqliteStore::open(path)?, path))
    }

    /// Connects to a PostgreSQL database and migrates it (under an
    /// advisory lock, so replicas starting together migrate once).
    pub fn open_postgres(config: &PostgresConfig) -> Result<Store, StoreError> {
        let store = PostgresStore::open(config)?;
        let location = PathBuf::from(store.location());
        Ok(Store::new(store, &location))
    }

    /// Opens the database `[storage]` names: PostgreSQL when `storage` has
    /// a URL, else the SQLite file at `path`.
    pub fn open_configured(path: &Path, storage: &StorageConfig) -> Result<Store, StoreError> {
        match &storage.postgres {
            Some(postgres) => Store::open_postgres(postgres),
            None => Store::open(path),
        }
    }

    /// Opens an existing SQLite database for reading only: tools that only
    /// look never create or change a database.
    pub fn open_read_only(path: &Path, set_by: &str) -> Result<Store, StoreError> {
        Ok(Store::new(SqliteStore::open_read_only(path, set_by)?, path))
    }

    pub fn new(backend: impl Backend + 'static, location: &Path) -> Store {
        Store {
            backend: Arc::new(backend),
            location: location.to_path_buf(),
            health: Arc::new(health::WriteHealth::new(location)),
            unrecorded: Arc::default(),
            row_only: Arc::default(),
        }
    }

    /// Where the database is (a file path).
    pub fn location(&self) -> &Path {
        &self.location
    }

    /// The operations, called on the current thread (command-line tools, tests).
    pub fn backend(&self) -> &dyn Backend {
        self.backend.as_ref()
    }

    /// Runs `f` on the backend on tokio's blocking pool (for work that
    /// combines several reads with CPU, such as training the models).
    pub async fn blocking<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        F: FnOnce(&dyn Backend) -> Result<R, StoreError> + Send + 'static,
        R: Send + 'static,
    {
        let backend = Arc::clone(&self.backend);
        tokio::task::spawn_blocking(move || f(backend.as_ref()))
            .await
            .map_err(|e| StoreError::Task(e.to_string()))?
    }

    /// [`blocking`](Self::blocking) for an operation that writes: a refused
    /// write is reported once (see [`write_backoff`](Self::write_backoff)).
    async fn blocking_write<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        F: FnOnce(&dyn Backend) -> Result<R, StoreError> + Send + 'static,
        R: Send + 'static,
    {
        let result = self.blocking(f).await;
        self.health.note(&result);
        result
    }

    /// While the database refuses writes (its disk is full), how long a
    /// writer should wait before trying again; `None` while writes work.
    /// The refusal is logged once (and reminded every few minutes), so
    /// callers log their own failures quietly while this is `Some`.
    pub fn write_backoff(&self) -> Option<std::time::Duration> {
        self.health.backoff()
    }

    /// One batch of retention (see `Backend::prune`).
    pub async fn prune(&self, prune: Prune) -> Result<PruneReport, StoreError> {
        self.blocking_write(move |db| db.prune(&prune)).await
    }

    pub async fn sync_feeds(
        &self,
        feeds: Vec<FeedSpec>,
        by: FeedSync,
        now: Millis,
    ) -> Result<Vec<FeedState>, StoreError> {
        self.blocking(move |db| db.sync_feeds(&feeds, &by, now))
            .await
    }

    /// The feed's state; an error if it has no row (`sync_feeds` makes them).
    /// The rows of these feeds (those the store knows), in one call to the
    /// blocking pool.
    pub async fn feed_states(
        &self,
        names: Vec<String>,
    ) -> Result<std::collections::HashMap<String, FeedState>, StoreError> {
        self.blocking(move |db| {
            let mut rows = std::collections::HashMap::with_capacity(names.len());
            for name in names {
                if let Some(row) = db.feed_state(&name)? {
                    rows.insert(name, row);
                }
            }
            Ok(rows)
        })
        .await
    }

    pub async fn feed_state(&self, name: &str) -> Result<FeedState, StoreError> {
        let name = name.to_string();
        self.blocking(move |db| db.feed_state(&name)?.ok_or(StoreError::UnknownFeed(name)))
            .await
    }

    pub async fn record_poll(
        &self,
        record: PollRecord,
        policy: impl PollPolicy + Send + 'static,
    ) -> Result<PollReport, StoreError> {
        if record.is_row_only() {
            let poll = RowOnlyPoll {
                record,
                policy: Box::new(policy),
            };
            let result = row_only::record(&self.backend, &self.row_only, poll).await;
            self.health.note(&result);
            return result;
        }
        self.blocking_write(move |db| db.record_poll(&record, &policy))
            .await
    }

    /// The head of every sink's queue, leaving out rows whose result is
    /// waiting to be recorded (they were sent already).
    pub async fn outbox_heads(&self) -> Result<Vec<PendingDelivery>, StoreError> {
        let heads = self.blocking(|db| db.outbox_heads()).await?;
        let unrecorded = self.unrecorded.lock().await;
        Ok(heads
            .into_iter()
            .filter(|head| !unrecorded.iter().any(|(row, _)| *row == head.row))
            .collect())
    }

    /// Whether delivery results wait to be recorded (see
    /// [`record_attempt`](Self::record_attempt)).
    pub async fn has_unrecorded_attempts(&self) -> bool {
        !self.unrecorded.lock().await.is_empty()
    }

    /// Records the delivery results the database refused earlier, oldest
    /// first; an error if it still refuses (they stay in memory).
    pub async fn record_unrecorded_attempts(&self) -> Result<(), StoreError> {
        let mut unrecorded = self.unrecorded.lock().await;
        while let Some((row, result)) = unrecorded.first().cloned() {
            self.blocking_write(move |db| db.record_attempt(&row, &result))
                .await?;
            unrecorded.remove(0);
        }
        Ok(())
    }

    pub async fn next_due(&self) -> Result<Option<Millis>, StoreError> {
        self.blocking(|db| db.next_due()).await
    }

    /// Records how a delivery attempt ended. When the database refuses the
    /// write, the result is kept in memory (its row leaves
    /// [`outbox_heads`](Self::outbox_heads)) and written by
    /// [`record_unrecorded_attempts`](Self::record_unrecorded_attempts), so
    /// a sent message is not sent again while this process lives; the
    /// error is returned so the caller backs off.
    pub async fn record_attempt(
        &self,
        row: HeadRow,
        result: AttemptResult,
    ) -> Result<(), StoreError> {
        let mut unrecorded = self.unrecorded.lock().await;
        if !unrecorded.is_empty() {
            // Keep the order: older results first.
            unrecorded.push((row, result));
            drop(unrecorded);
            return self.record_unrecorded_attempts().await;
        }
        let (kept_row, kept_result) = (row.clone(), result.clone());
        let written = self
            .blocking_write(move |db| db.record_attempt(&row, &result))
            .await;
        if written.is_err() {
            unrecorded.push((kept_row, kept_result));
        }
        written
    }

    pub async fn sent_since(&self, sink: &str, since: Millis) -> Result<i64, StoreError> {
        let sink = sink.to_string();
        self.blocking(move |db| db.sent_since(&sink, since)).await
    }

    pub async fn pending_count(&self, sink: &str) -> Result<i64, StoreError> {
        let sink = sink.to_string();
        self.blocking(move |db| db.pending_count(&sink)).await
    }

    pub async fn fold_into_summaries(
        &self,
        sink: &str,
        keep: usize,
        now: Millis,
    ) -> Result<Vec<String>, StoreError> {
        let sink = sink.to_string();
        self.blocking_write(move |db| db.fold_into_summaries(&sink, keep, now))
            .await
    }

    pub async fn held_groups(&self) -> Result<Vec<HeldGroup>, StoreError> {
        self.blocking(|db| db.held_groups()).await
    }

    pub async fn make_digest(
        &self,
        sink: &str,
        schedule: DigestKey,
        since: Millis,
        now: Millis,
    ) -> Result<Option<String>, StoreError> {
        let sink = sink.to_string();
        self.blocking_write(move |db| db.make_digest(&sink, &schedule, since, now))
            .await
    }

    pub async fn story_items_since(&self, since: Millis) -> Result<Vec<StoryItem>, StoreError> {
        self.blocking(move |db| db.story_items_since(since)).await
    }

    pub async fn story_item_ids_since(&self, since: Millis) -> Result<Vec<ItemId>, StoreError> {
        self.blocking(move |db| db.story_item_ids_since(since))
            .await
    }

    pub async fn story_items_by_id(&self, ids: Vec<ItemId>) -> Result<Vec<StoryItem>, StoreError> {
        self.blocking(move |db| db.story_items_by_id(&ids)).await
    }

    pub async fn due_updates(
        &self,
        now: Millis,
        sinks: Vec<String>,
    ) -> Result<Vec<DueUpdate>, StoreError> {
        self.blocking(move |db| db.due_updates(now, &sinks)).await
    }

    pub async fn record_update(
        &self,
        update: DueUpdate,
        alert: NewAlert,
        next_due: Millis,
        now: Millis,
    ) -> Result<(), StoreError> {
        self.blocking_write(move |db| db.record_update(&update, &alert, next_due, now))
            .await
    }

    pub async fn delivery_counts(&self) -> Result<DeliveryCounts, StoreError> {
        self.blocking(|db| db.delivery_counts()).await
    }

    pub async fn ping(&self) -> Result<(), StoreError> {
        self.blocking(|db| db.ping()).await
    }

    pub async fn check_identity(&self) -> Result<(), StoreError> {
        self.blocking(|db| db.check_identity()).await
    }

    pub async fn register_replica(
        &self,
        replica: ReplicaInfo,
        now: Millis,
    ) -> Result<(), StoreError> {
        self.blocking_write(move |db| db.register_replica(&replica, now))
            .await
    }

    pub async fn heartbeat(
        &self,
        replica: ReplicaInfo,
        now: Millis,
        lease: Millis,
    ) -> Result<Vec<ReplicaStatus>, StoreError> {
        self.blocking_write(move |db| db.heartbeat(&replica, now, lease))
            .await
    }

    pub async fn retire_replica(&self, replica: &str) -> Result<(), StoreError> {
        let replica = replica.to_string();
        self.blocking(move |db| db.retire_replica(&replica)).await
    }

    pub async fn schedule_feeds(
        &self,
        feeds: Vec<FeedSchedule>,
        now: Millis,
        overdue: bool,
    ) -> Result<Vec<Rescheduled>, StoreError> {
        self.blocking_write(move |db| db.schedule_feeds(&feeds, now, overdue))
            .await
    }

    pub async fn known_feeds(&self) -> Result<Vec<KnownFeed>, StoreError> {
        self.blocking(|db| db.known_feeds()).await
    }

    pub async fn request_polls(
        &self,
        names: Vec<String>,
        now: Millis,
    ) -> Result<Vec<PollRequest>, StoreError> {
        self.blocking_write(move |db| db.request_polls(&names, now))
            .await
    }

    pub async fn last_polls(
        &self,
        names: Vec<String>,
        now: Millis,
    ) -> Result<Vec<LastPoll>, StoreError> {
        self.blocking(move |db| db.last_polls(&names, now)).await
    }

    pub async fn claim_due_feeds(&self, claim: FeedClaim) -> Result<Claimed, StoreError> {
        self.blocking_write(move |db| db.claim_due_feeds(&claim))
            .await
    }

    pub async fn release_feed(
        &self,
        feed: FeedId,
        replica: &str,
        next_poll_at: Option<Millis>,
    ) -> Result<(), StoreError> {
        let replica = replica.to_string();
        self.blocking_write(move |db| db.release_feed(feed, &replica, next_poll_at))
            .await
    }

    pub async fn claim_sinks(
        &self,
        replica: &str,
        sinks: Vec<String>,
        now: Millis,
        lease: Millis,
    ) -> Result<Vec<String>, StoreError> {
        let replica = replica.to_string();
        self.blocking_write(move |db| db.claim_sinks(&replica, &sinks, now, lease))
            .await
    }

    pub async fn alert_list(
        &self,
        filter: AlertFilter,
        limit: usize,
    ) -> Result<Vec<AlertView>, StoreError> {
        self.blocking(move |db| db.alert_list(&filter, limit)).await
    }

    pub async fn alert_view(&self, id: AlertId) -> Result<Option<AlertView>, StoreError> {
        self.blocking(move |db| db.alert_view(&id)).await
    }

    pub async fn alerts_per_day(&self, since: Millis) -> Result<Vec<TopicDay>, StoreError> {
        self.blocking(move |db| db.alerts_per_day(since)).await
    }

    pub async fn requeue_delivery(&self, delivery: i64, now: Millis) -> Result<bool, StoreError> {
        self.blocking_write(move |db| db.requeue_delivery(delivery, now))
            .await
    }

    pub async fn metrics_snapshot(&self) -> Result<MetricsSnapshot, StoreError> {
        self.blocking(|db| db.metrics_snapshot()).await
    }

    pub async fn feed_health(&self) -> Result<Vec<FeedHealth>, StoreError> {
        self.blocking(|db| db.feed_health()).await
    }

    pub async fn stories(
        &self,
        since: Millis,
        topic: Option<String>,
        min_reports: usize,
        limit: usize,
    ) -> Result<Vec<StorySummary>, StoreError> {
        self.blocking(move |db| db.stories(since, topic.as_deref(), min_reports, limit))
            .await
    }

    pub async fn story(&self, id: StoryId) -> Result<Option<StorySummary>, StoreError> {
        self.blocking(move |db| db.story(id)).await
    }

    pub async fn recent_items(
        &self,
        since: Option<Millis>,
        limit: usize,
    ) -> Result<Vec<StoredItem>, StoreError> {
        self.blocking(move |db| db.recent_items(since, None, limit))
            .await
    }

    pub async fn subscriptions(&self) -> Result<Vec<Subscription>, StoreError> {
        self.blocking(|db| db.subscriptions()).await
    }

    pub async fn subscription_by_callback(
        &self,
        callback_id: &str,
    ) -> Result<Option<Subscription>, StoreError> {
        let id = callback_id.to_string();
        self.blocking(move |db| db.subscription_by_callback(&id))
            .await
    }

    pub async fn save_subscription(&self, subscription: Subscription) -> Result<(), StoreError> {
        self.blocking_write(move |db| db.save_subscription(&subscription))
            .await
    }

    pub async fn delete_subscription(&self, feed: &str) -> Result<(), StoreError> {
        let feed = feed.to_string();
        self.blocking_write(move |db| db.delete_subscription(&feed))
            .await
    }

    pub async fn record_verdict(
        &self,
        verdict: NewVerdict,
        now: Millis,
    ) -> Result<Verdict, StoreError> {
        self.blocking_write(move |db| db.record_verdict(&verdict, now))
            .await
    }

    pub async fn undo_verdict(&self, id: i64, now: Millis) -> Result<Option<Verdict>, StoreError> {
        self.blocking_write(move |db| db.undo_verdict(id, now))
            .await
    }

    pub async fn verdicts(
        &self,
        filter: VerdictFilter,
        limit: usize,
    ) -> Result<Vec<Verdict>, StoreError> {
        self.blocking(move |db| db.verdicts(&filter, limit)).await
    }

    pub async fn verdict_version(&self) -> Result<(i64, i64), StoreError> {
        self.blocking(|db| db.verdict_version()).await
    }

    pub async fn suppressed(
        &self,
        topic: Option<String>,
        limit: usize,
    ) -> Result<Vec<SuppressedMatch>, StoreError> {
        self.blocking(move |db| db.suppressed(topic.as_deref(), limit))
            .await
    }

    pub async fn alert_origin(&self, id: AlertId) -> Result<Option<AlertOrigin>, StoreError> {
        self.blocking(move |db| db.alert_origin(&id)).await
    }

    pub async fn setting_or_insert(&self, name: &str, value: String) -> Result<String, StoreError> {
        let name = name.to_string();
        self.blocking_write(move |db| db.setting_or_insert(&name, &value))
            .await
    }
}
