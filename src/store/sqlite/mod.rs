//! The SQLite backend: one file in WAL mode with `synchronous=NORMAL` (a
//! committed transaction survives a process crash; a power cut may lose the
//! last few, never corrupt the file). One connection behind a mutex: SQLite
//! has one writer anyway, and the blocking pool serialises on it.
//!
//! One file per table group (`feeds.rs`, `items.rs`, `outbox.rs`), the
//! append-only `migrations.rs`, and the daemon's lock file.

mod feeds;
pub(in crate::store) mod headlines;
pub(crate) mod id_floor;
mod items;
mod migrations;
mod outbox;
mod polls;
mod prune;
mod replicas;
mod verdicts;
mod web;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{Connection, OpenFlags};

pub use migrations::SCHEMA_VERSION;

use super::schedule::{FeedSchedule, KnownFeed, LastPoll, PollRequest, Rescheduled};
use super::types::*;
use super::{Backend, StoreError};
use crate::model::{
    AlertId, DeliveryStatus, DigestKey, FeedId, IncidentKind, ItemId, Millis, PollStatus, StoryId,
};

/// Maps a SQLite error to a [`StoreError`] naming what was being done.
pub(crate) trait Context<T> {
    fn context(self, action: &'static str) -> Result<T, StoreError>;
}

impl<T> Context<T> for Result<T, rusqlite::Error> {
    fn context(self, action: &'static str) -> Result<T, StoreError> {
        self.map_err(|e| {
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull) {
                StoreError::Full {
                    action,
                    reason: e.to_string(),
                }
            } else {
                StoreError::Query {
                    action,
                    reason: e.to_string(),
                }
            }
        })
    }
}

/// A SQLite database.
pub struct SqliteStore {
    /// Shared only with a test's [`SizeCap`].
    conn: Arc<Mutex<Connection>>,
    path: PathBuf,
    /// The file's (device, inode) when opened.
    identity: Option<(u64, u64)>,
    /// The story window's headline keys, in memory (`headlines.rs`).
    headlines: headlines::Headlines,
}

/// The (device, inode) of the file at `path`, `None` when there is none.
fn file_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt as _;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

impl SqliteStore {
    /// Opens (creating if needed) and migrates the database.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let open_err = |e: rusqlite::Error| StoreError::Open {
            path: path.to_path_buf(),
            reason: e.to_string(),
        };
        let existed = path.exists();
        if let Some(parent) = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty() && !p.exists())
        {
            std::fs::create_dir_all(parent).map_err(|e| StoreError::Open {
                path: path.to_path_buf(),
                reason: format!("cannot create {}: {e}", parent.display()),
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
        conn.busy_timeout(Duration::from_secs(5))
            .map_err(open_err)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(open_err)?;
        // Checkpoint the WAL every ~40 MB instead of every 4 MB: a first poll
        // of thousands of feeds writes hundreds of MB, and each checkpoint
        // stalls the one writer (measured: 477 -> 534 feeds/s, BENCHMARKS.md).
        conn.pragma_update(None, "wal_autocheckpoint", 10_000)
            .map_err(open_err)?;
        stable_plans(&conn).map_err(open_err)?;
        migrate(&mut conn, path)?;
        headlines::Headlines::attach(&conn).map_err(open_err)?;
        if !existed {
            // Named where it shows: a mistyped path makes a new, empty
            // database (and its folders) rather than an error.
            tracing::info!(path = %path.display(), "Created a new database");
        }
        Ok(SqliteStore {
            conn: Arc::new(Mutex::new(conn)),
            path: path.to_path_buf(),
            identity: file_identity(path),
            headlines: headlines::Headlines::new(),
        })
    }

    /// Opens an existing database without creating or changing it; `set_by`
    /// names the flag or config key the path came from, for the error.
    pub fn open_read_only(path: &Path, set_by: &str) -> Result<SqliteStore, StoreError> {
        if !path.is_file() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
                set_by: set_by.to_string(),
            });
        }
        let open_err = |e: rusqlite::Error| StoreError::Open {
            path: path.to_path_buf(),
            reason: e.to_string(),
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
        conn.busy_timeout(Duration::from_secs(5))
            .map_err(open_err)?;
        stable_plans(&conn).map_err(open_err)?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(open_err)?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version < SCHEMA_VERSION {
            return Err(StoreError::Open {
                path: path.to_path_buf(),
                reason: format!(
                    "schema version {version} is older than this feedwatch's ({SCHEMA_VERSION}); start the daemon once to migrate it"
                ),
            });
        }
        Ok(SqliteStore {
            conn: Arc::new(Mutex::new(conn)),
            path: path.to_path_buf(),
            identity: file_identity(path),
            // Never filled: a read-only store records no polls.
            headlines: headlines::Headlines::new(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Caps the database at its current size plus `extra_pages` pages
    /// (`PRAGMA max_page_count`), as a full disk would: a write that needs
    /// more pages fails with [`StoreError::Full`] until the returned cap is
    /// lifted. For tests of how feedwatch copes with a full disk.
    #[doc(hidden)]
    pub fn cap_size_for_tests(&self, extra_pages: u64) -> Result<SizeCap, StoreError> {
        let cap = SizeCap {
            conn: Arc::clone(&self.conn),
        };
        let now: i64 = self
            .conn()
            .query_row("PRAGMA page_count", [], |row| row.get(0))
            .context("read page count")?;
        cap.set(u64::try_from(now).unwrap_or(0).saturating_add(extra_pages))?;
        Ok(cap)
    }

    /// The connection, for `copy.rs`.
    pub(in crate::store) fn connection(&self) -> MutexGuard<'_, Connection> {
        self.conn()
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A poisoned lock means a panic happened while holding it; SQLite
        // rolled back any open transaction, so the connection is usable.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A size cap on a SQLite database (see
/// [`SqliteStore::cap_size_for_tests`]).
#[doc(hidden)]
pub struct SizeCap {
    conn: Arc<Mutex<Connection>>,
}

impl SizeCap {
    fn set(&self, pages: u64) -> Result<(), StoreError> {
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))
            .context("set max page count")
    }

    /// Lets the database grow again (as freeing the disk would).
    pub fn lift(&self) -> Result<(), StoreError> {
        self.set(u64::from(u32::MAX))
    }
}

impl Backend for SqliteStore {
    fn sync_feeds(
        &self,
        feeds: &[FeedSpec],
        by: &FeedSync,
        now: Millis,
    ) -> Result<Vec<FeedState>, StoreError> {
        feeds::sync_feeds(&mut self.conn(), feeds, by, now)
    }

    fn feed_state(&self, name: &str) -> Result<Option<FeedState>, StoreError> {
        feeds::feed_state(&self.conn(), name)
    }

    fn record_poll(
        &self,
        record: &PollRecord,
        policy: &dyn PollPolicy,
    ) -> Result<PollReport, StoreError> {
        // The policy hears the outcome while the connection is still held,
        // so the next poll's transaction sees this one's items.
        let mut conn = self.conn();
        let result = match &record.result {
            PollResult::Fetched(fetched) if !fetched.entries.is_empty() => self
                .headlines
                .cover(&mut conn, record.at.saturating_sub(fetched.story_window)),
            _ => Ok(()),
        }
        .and_then(|()| feeds::record_poll(&mut conn, record, policy));
        match &result {
            Ok(_) => policy.committed(),
            Err(_) => policy.rolled_back(),
        }
        drop(conn);
        result
    }

    fn record_row_only_polls(
        &self,
        take: &mut dyn FnMut() -> Vec<RowOnlyPoll>,
    ) -> Vec<PollOutcome> {
        // Taken with the connection held: polls queued while another write
        // held it come along.
        let mut conn = self.conn();
        let polls = take();
        tracing::trace!(
            polls = polls.len(),
            "Recording polls that write only their feed's row together"
        );
        let outcomes = match polls.as_slice() {
            [] => Vec::new(),
            [one] => vec![feeds::record_poll(
                &mut conn,
                &one.record,
                one.policy.as_ref(),
            )],
            _ => feeds::record_polls(&mut conn, &polls),
        };
        RowOnlyPoll::tell_outcomes(&polls, &outcomes);
        outcomes
    }

    fn feed_health(&self) -> Result<Vec<FeedHealth>, StoreError> {
        feeds::feed_health(&self.conn())
    }

    fn recent_items(
        &self,
        since: Option<Millis>,
        feed: Option<&str>,
        limit: usize,
    ) -> Result<Vec<StoredItem>, StoreError> {
        items::recent_items(&self.conn(), since, feed, limit)
    }

    fn item(&self, id: ItemId) -> Result<Option<StoredItem>, StoreError> {
        items::item_by_id(&self.conn(), id)
    }

    fn story_items_since(&self, since: Millis) -> Result<Vec<StoryItem>, StoreError> {
        items::story_items_since(&self.conn(), since)
    }

    fn story_item_ids_since(&self, since: Millis) -> Result<Vec<ItemId>, StoreError> {
        items::story_item_ids_since(&self.conn(), since)
    }

    fn story_items_by_id(&self, ids: &[ItemId]) -> Result<Vec<StoryItem>, StoreError> {
        items::story_items_by_id(&self.conn(), ids)
    }

    fn stories(
        &self,
        since: Millis,
        topic: Option<&str>,
        min_reports: usize,
        limit: usize,
    ) -> Result<Vec<StorySummary>, StoreError> {
        items::stories(&self.conn(), since, topic, min_reports, limit)
    }

    fn story(&self, id: StoryId) -> Result<Option<StorySummary>, StoreError> {
        items::story(&self.conn(), id)
    }

    fn due_updates(&self, now: Millis, sinks: &[String]) -> Result<Vec<DueUpdate>, StoreError> {
        outbox::due_updates(&self.conn(), now, sinks)
    }

    fn record_update(
        &self,
        update: &DueUpdate,
        alert: &NewAlert,
        next_due: Millis,
        now: Millis,
    ) -> Result<(), StoreError> {
        outbox::record_update(&mut self.conn(), update, alert, next_due, now)
    }

    fn find_items(&self, reference: &ItemRef, limit: usize) -> Result<Vec<StoredItem>, StoreError> {
        items::find_items(&self.conn(), reference, limit)
    }

    fn item_details(&self, id: ItemId) -> Result<Option<ItemDetails>, StoreError> {
        let conn = self.conn();
        let Some(mut details) = items::item_details(&conn, id)? else {
            return Ok(None);
        };
        for alert in &mut details.alerts {
            let filter = DeliveryFilter {
                alert: Some(alert.id.clone()),
                ..DeliveryFilter::default()
            };
            alert.deliveries = outbox::list(&conn, &filter, usize::MAX >> 1)?;
        }
        Ok(Some(details))
    }

    fn outbox_heads(&self) -> Result<Vec<PendingDelivery>, StoreError> {
        outbox::heads(&self.conn())
    }

    fn next_due(&self) -> Result<Option<Millis>, StoreError> {
        Ok(outbox::heads(&self.conn())?
            .iter()
            .map(|h| h.next_attempt_at)
            .min())
    }

    fn record_attempt(&self, row: &HeadRow, result: &AttemptResult) -> Result<(), StoreError> {
        outbox::record_attempt(&self.conn(), row, result)
    }

    fn sent_since(&self, sink: &str, since: Millis) -> Result<i64, StoreError> {
        outbox::sent_since(&self.conn(), sink, since)
    }

    fn pending_count(&self, sink: &str) -> Result<i64, StoreError> {
        outbox::pending_count(&self.conn(), sink)
    }

    fn fold_into_summaries(
        &self,
        sink: &str,
        keep: usize,
        now: Millis,
    ) -> Result<Vec<String>, StoreError> {
        outbox::fold_into_summaries(&mut self.conn(), sink, keep, now)
    }

    fn held_groups(&self) -> Result<Vec<HeldGroup>, StoreError> {
        outbox::held_groups(&self.conn())
    }

    fn make_digest(
        &self,
        sink: &str,
        schedule: &DigestKey,
        since: Millis,
        now: Millis,
    ) -> Result<Option<String>, StoreError> {
        outbox::make_digest(&mut self.conn(), sink, schedule, since, now)
    }

    fn delivery_counts(&self) -> Result<DeliveryCounts, StoreError> {
        outbox::counts(&self.conn())
    }

    fn deliveries(
        &self,
        filter: &DeliveryFilter,
        limit: usize,
    ) -> Result<Vec<DeliveryRow>, StoreError> {
        outbox::list(&self.conn(), filter, limit)
    }

    fn requeue_failed(&self, alert: Option<&AlertId>, now: Millis) -> Result<usize, StoreError> {
        outbox::requeue(&mut self.conn(), alert, now)
    }

    fn ping(&self) -> Result<(), StoreError> {
        self.conn()
            .query_row("SELECT 1", [], |_| Ok(()))
            .context("ping")
    }

    fn check_identity(&self) -> Result<(), StoreError> {
        let what = match file_identity(&self.path) {
            None => "deleted",
            Some(now) if Some(now) != self.identity => "replaced",
            Some(_) => return Ok(()),
        };
        Err(StoreError::Replaced {
            path: self.path.clone(),
            what,
        })
    }
    fn backend_info(&self) -> Result<BackendInfo, StoreError> {
        let version: i64 = self
            .conn()
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .context("read schema version")?;
        Ok(BackendInfo {
            kind: "sqlite",
            location: self.path.display().to_string(),
            schema_version: version,
            supported_version: SCHEMA_VERSION,
            server_version: format!("SQLite {}", rusqlite::version()),
        })
    }

    fn register_replica(&self, replica: &ReplicaInfo, now: Millis) -> Result<(), StoreError> {
        replicas::register(&mut self.conn(), replica, now)
    }

    fn heartbeat(
        &self,
        replica: &ReplicaInfo,
        now: Millis,
        lease: Millis,
    ) -> Result<Vec<ReplicaStatus>, StoreError> {
        replicas::heartbeat(&mut self.conn(), replica, now, lease)
    }

    fn retire_replica(&self, replica: &str) -> Result<(), StoreError> {
        replicas::retire(&mut self.conn(), replica)
    }

    fn replicas(&self, now: Millis, lease: Millis) -> Result<Vec<ReplicaStatus>, StoreError> {
        replicas::list(&self.conn(), now, lease)
    }

    fn schedule_feeds(
        &self,
        feeds: &[FeedSchedule],
        now: Millis,
        overdue: bool,
    ) -> Result<Vec<Rescheduled>, StoreError> {
        replicas::schedule(&mut self.conn(), feeds, now, overdue)
    }

    fn known_feeds(&self) -> Result<Vec<KnownFeed>, StoreError> {
        polls::known_feeds(&self.conn())
    }

    fn request_polls(&self, names: &[String], now: Millis) -> Result<Vec<PollRequest>, StoreError> {
        polls::request_polls(&mut self.conn(), names, now)
    }

    fn last_polls(&self, names: &[String], now: Millis) -> Result<Vec<LastPoll>, StoreError> {
        polls::last_polls(&self.conn(), names, now)
    }

    fn claim_due_feeds(&self, claim: &FeedClaim) -> Result<Claimed, StoreError> {
        replicas::claim(&mut self.conn(), claim)
    }

    fn release_feed(
        &self,
        feed: FeedId,
        replica: &str,
        next_poll_at: Option<Millis>,
    ) -> Result<(), StoreError> {
        replicas::release(&self.conn(), feed, replica, next_poll_at)
    }

    fn claim_sinks(
        &self,
        replica: &str,
        sinks: &[String],
        now: Millis,
        lease: Millis,
    ) -> Result<Vec<String>, StoreError> {
        replicas::claim_sinks(&mut self.conn(), replica, sinks, now, lease)
    }

    fn alert_list(&self, filter: &AlertFilter, limit: usize) -> Result<Vec<AlertView>, StoreError> {
        web::alert_list(&self.conn(), filter, limit)
    }

    fn alert_view(&self, id: &AlertId) -> Result<Option<AlertView>, StoreError> {
        web::alert_view(&self.conn(), id)
    }

    fn alerts_per_day(&self, since: Millis) -> Result<Vec<TopicDay>, StoreError> {
        web::alerts_per_day(&self.conn(), since)
    }

    fn requeue_delivery(&self, delivery: i64, now: Millis) -> Result<bool, StoreError> {
        web::requeue_delivery(&mut self.conn(), delivery, now)
    }

    fn metrics_snapshot(&self) -> Result<MetricsSnapshot, StoreError> {
        web::metrics_snapshot(&self.conn())
    }

    fn subscriptions(&self) -> Result<Vec<Subscription>, StoreError> {
        web::subscriptions(&self.conn())
    }

    fn subscription_by_callback(
        &self,
        callback_id: &str,
    ) -> Result<Option<Subscription>, StoreError> {
        web::subscription_by_callback(&self.conn(), callback_id)
    }

    fn save_subscription(&self, subscription: &Subscription) -> Result<(), StoreError> {
        web::save_subscription(&self.conn(), subscription)
    }

    fn delete_subscription(&self, feed: &str) -> Result<(), StoreError> {
        web::delete_subscription(&self.conn(), feed)
    }

    fn record_verdict(&self, verdict: &NewVerdict, now: Millis) -> Result<Verdict, StoreError> {
        verdicts::record(&mut self.conn(), verdict, now)
    }

    fn undo_verdict(&self, id: i64, now: Millis) -> Result<Option<Verdict>, StoreError> {
        verdicts::undo(&self.conn(), id, now)
    }

    fn verdicts(&self, filter: &VerdictFilter, limit: usize) -> Result<Vec<Verdict>, StoreError> {
        verdicts::list(&self.conn(), filter, limit)
    }

    fn verdict_version(&self) -> Result<(i64, i64), StoreError> {
        verdicts::version(&self.conn())
    }

    fn suppressed(
        &self,
        topic: Option<&str>,
        limit: usize,
    ) -> Result<Vec<SuppressedMatch>, StoreError> {
        verdicts::suppressed(&self.conn(), topic, limit)
    }

    fn alert_origin(&self, id: &AlertId) -> Result<Option<AlertOrigin>, StoreError> {
        verdicts::alert_origin(&self.conn(), id)
    }

    fn setting_or_insert(&self, name: &str, value: &str) -> Result<String, StoreError> {
        verdicts::setting_or_insert(&self.conn(), name, value)
    }

    fn prune(&self, prune: &crate::store::Prune) -> Result<crate::store::PruneReport, StoreError> {
        prune::prune(&mut self.conn(), prune)
    }
}

/// A transaction that takes the write lock at its start. A deferred one
/// reads first and asks for the lock at its first write; if another process
/// (`feedwatch poll` or `feedback` beside the daemon) wrote in between,
/// SQLite refuses at once with "database is locked", without waiting out the
/// busy timeout, since the transaction's reads are stale.
pub(super) fn write_transaction(
    conn: &mut Connection,
) -> rusqlite::Result<rusqlite::Transaction<'_>> {
    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
}

/// Query plans that do not depend on bound values (SQLite's query planner
/// stability guarantee). Without it, a statement whose plan SQLite thinks a
/// value might change (`story_id = ?1` on a table with two indexes on it,
/// `LIMIT ?2`) is marked for re-preparation whenever a new value is bound,
/// so the statement cache is no help: a first poll spent about 8% of its
/// instructions re-parsing SQL, once per stored item (BENCHMARKS.md). Our
/// databases have no `sqlite_stat` tables, so there are no value-based
/// estimates to lose.
fn stable_plans(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    // The statements of a poll, an ingest and the outbox all fit, so none
    // is evicted and prepared again within a cycle (the default keeps 16).
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .context("read schema version")?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    for (index, sql) in migrations::MIGRATIONS
        .iter()
        .enumerate()
        .skip(version as usize)
    {
        let tx = write_transaction(conn).context("begin migration")?;
        tx.execute_batch(sql).context("apply migration")?;
        tx.pragma_update(None, "user_version", index as i64 + 1)
            .context("record schema version")?;
        tx.commit().context("commit migration")?;
    }
    Ok(())
}

// Domain types in and out of SQLite columns, by their stable storage keys.

fn text_key<T>(value: ValueRef<'_>, parse: impl FnOnce(&str) -> Option<T>) -> FromSqlResult<T> {
    let text = value.as_str()?;
    parse(text).ok_or_else(|| FromSqlError::Other(format!("unknown stored key `{text}`").into()))
}

impl ToSql for DeliveryStatus {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.key()))
    }
}

impl FromSql for DeliveryStatus {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        text_key(value, DeliveryStatus::from_key)
    }
}

impl ToSql for IncidentKind {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.key()))
    }
}

impl FromSql for IncidentKind {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        text_key(value, IncidentKind::from_key)
    }
}

impl ToSql for PollStatus {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.key().into_owned()))
    }
}

impl ToSql for DigestKey {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for DigestKey {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_str().map(DigestKey::new)
    }
}

impl ToSql for AlertId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for AlertId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_str().map(AlertId::new)
    }
}

macro_rules! integer_id {
    ($($name:ident),*) => {$(
        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.0))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                value.as_i64().map($name)
            }
        }
    )*};
}
integer_id!(FeedId, ItemId, StoryId);

/// An exclusive lock on a database, held by the running daemon for its
/// whole life, so a second daemon on the same file is refused instead of
/// interleaving its writes. Released when dropped or when the process dies.
#[derive(Debug)]
pub struct DatabaseLock {
    _file: std::fs::File,
    pub path: PathBuf,
}

/// Takes the lock file `<database>.lock`, recording our pid in it.
pub fn lock_database(database: &Path) -> Result<DatabaseLock, StoreError> {
    use std::io::{Read, Seek, Write};
    let path = lock_path(database);
    let io_err = |e: std::io::Error| StoreError::Locked {
        path: path.clone(),
        reason: e.to_string(),
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io_err)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io_err)?;
    if file.try_lock().is_err() {
        let mut holder = String::new();
        let _ = file.read_to_string(&mut holder);
        return Err(StoreError::Locked {
            path: path.clone(),
            reason: format!(
                "another feedwatch (pid {}) is running on this database",
                holder
                    .trim()
                    .parse::<u32>()
                    .map_or_else(|_| "unknown".to_string(), |p| p.to_string())
            ),
        });
    }
    file.set_len(0).map_err(io_err)?;
    file.rewind().map_err(io_err)?;
    write!(file, "{}", std::process::id()).map_err(io_err)?;
    file.flush().map_err(io_err)?;
    Ok(DatabaseLock { _file: file, path })
}

/// The pid recorded in a database's lock file while a daemon holds it.
pub fn lock_holder(database: &Path) -> Option<u32> {
    let path = lock_path(database);
    let file = std::fs::File::open(&path).ok()?;
    // If we can take the lock ourselves, nobody holds it.
    if file.try_lock_shared().is_ok() {
        return None;
    }
    std::fs::read_to_string(&path).ok()?.trim().parse().ok()
}

fn lock_path(database: &Path) -> PathBuf {
    let mut path = database.as_os_str().to_owned();
    path.push(".lock");
    PathBuf::from(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SQLITE_FULL (here from a size limit, as from a full disk) is
    /// `StoreError::Full`, which the daemon backs off on; other errors
    /// are not.
    #[test]
    fn a_full_database_is_a_full_error() {
        let conn = Connection::open_in_memory().expect("in-memory database");
        conn.execute_batch("CREATE TABLE t (x BLOB); PRAGMA max_page_count = 8;")
            .expect("set up");
        let mut full = None;
        for _ in 0..64 {
            if let Err(err) = conn
                .execute("INSERT INTO t VALUES (zeroblob(4000))", [])
                .context("fill")
            {
                full = Some(err);
                break;
            }
        }
        let full = full.expect("8 pages fill up");
        assert!(full.is_disk_full(), "{full:?}");
        assert!(full.to_string().contains("the disk is full"), "{full}");
        let other = conn
            .execute("INSERT INTO nowhere VALUES (1)", [])
            .context("insert")
            .expect_err("no such table");
        assert!(!other.is_disk_full(), "{other:?}");
    }

    #[test]
    fn migrations_apply_and_are_idempotent() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("fw.db");
        SqliteStore::open(&path).expect("first open");
        let store = SqliteStore::open(&path).expect("second open");
        let version: i64 = store
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version");
        assert_eq!(version, SCHEMA_VERSION);
    }

    #[test]
    fn migration_9_marks_and_indexes_the_items_whose_link_is_shared() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("fw.db");
        {
            // A database of schema version 8: two items of a feed that
            // links both to its home page (no link key), one with a link
            // of its own (its key).
            let conn = Connection::open(&path).expect("open");
            for sql in &migrations::MIGRATIONS[..8] {
                conn.execute_batch(sql).expect("migrate to 8");
            }
            conn.pragma_update(None, "user_version", 8)
                .expect("version");
            conn.execute_batch(
                "INSERT INTO feeds (id, name, url, created_at) VALUES (1, 'a', 'https://a.example/rss', 0);
                 INSERT INTO stories (id, title, created_at) VALUES (1, 's', 0);
                 INSERT INTO items (id, feed_id, story_id, guid, canonical_link, title, summary,
                                    content, categories, first_seen)
                 VALUES (1, 1, 1, 'h1', 'example.com', 'First', '', '', '[]', 0),
                        (2, 1, 1, 'h2', 'example.com', 'Second', '', '', '[]', 0),
                        (3, 1, 1, 'o1', 'example.com/own', 'Own', '', '', '[]', 0);
                 INSERT INTO item_keys (key, item_id)
                 VALUES ('g:1:h1', 1), ('g:1:h2', 2), ('g:1:o1', 3), ('l:example.com/own', 3);",
            )
            .expect("version-8 rows");
        }
        let store = SqliteStore::open(&path).expect("migrate");
        let conn = store.conn();
        let marked: Vec<i64> = conn
            .prepare("SELECT id FROM items WHERE link_shared = 1 ORDER BY id")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .expect("marked items");
        assert_eq!(marked, [1, 2]);
        // The lookup of a shared link reads the partial index, not every item.
        let plan: Vec<String> = conn
            .prepare(
                "EXPLAIN QUERY PLAN SELECT id FROM items i
                 WHERE i.link_shared = 1 AND i.canonical_link = ?1",
            )
            .and_then(|mut s| s.query_map(["example.com"], |r| r.get(3))?.collect())
            .expect("plan");
        assert!(
            plan.iter()
                .any(|step| step.contains("items_by_shared_link")),
            "{plan:?}"
        );
        let found =
            items::find_items(&conn, &ItemRef::SharedLink("example.com".into()), 5).expect("find");
        let ids: Vec<i64> = found.iter().map(|i| i.id.0).collect();
        assert_eq!(ids, [2, 1]);
    }

    #[test]
    fn refuses_a_newer_schema() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("fw.db");
        {
            let conn = Connection::open(&path).expect("open");
            conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
                .expect("set");
        }
        let err = SqliteStore::open(&path).err().expect("must refuse");
        assert!(
            err.to_string()
                .contains("newer than this feedwatch understands"),
            "{err}"
        );
    }
}
