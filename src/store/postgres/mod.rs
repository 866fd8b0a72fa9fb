//! The PostgreSQL backend: the same schema and semantics as SQLite, with
//! its own SQL, so several replicas can share one database. A small pool of
//! connections per replica (the synchronous client, called from tokio's
//! blocking pool like SQLite); every operation is one transaction, retried
//! when PostgreSQL aborts it for a deadlock or a serialization failure.
//!
//! Replicas coordinate only through the database: feeds and sink queues are
//! leased (`replicas.rs`, `FOR UPDATE SKIP LOCKED`), digests and summaries
//! are made under a transaction-scoped advisory lock per sink, polls that
//! store new items decide their stories under one transaction-scoped
//! advisory lock (`items.rs` `lock_stories`), and migrations run under a
//! session advisory lock, so replicas starting together migrate once.
//!
//! One file per table group, as for SQLite; `migrations.rs` is append-only.

mod feeds;
mod ingest;
mod items;
mod migrations;
mod outbox;
mod polls;
mod prune;
mod replicas;
mod tls;
mod verdicts;
mod web;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

use postgres::types::ToSql;
use postgres::{Client, GenericClient, NoTls, Row, Statement};

pub(crate) use migrations::SCHEMA_VERSION;

use super::schedule::{FeedSchedule, KnownFeed, LastPoll, PollRequest, Rescheduled};
use super::types::*;
use super::{Backend, PostgresConfig, StoreError};
use crate::model::{AlertId, DigestKey, FeedId, ItemId, Millis, StoryId};

/// Why an operation failed, before it becomes a [`StoreError`]: the
/// PostgreSQL error is kept so deadlocks can be retried.
pub(crate) enum Fail {
    Pg(&'static str, postgres::Error),
    /// Another transaction took what this one had found free (a story
    /// id): the transaction may be rerun.
    Raced(&'static str, String),
    Store(StoreError),
}

impl From<StoreError> for Fail {
    fn from(err: StoreError) -> Fail {
        Fail::Store(err)
    }
}

impl From<Fail> for StoreError {
    fn from(fail: Fail) -> StoreError {
        match fail {
            Fail::Pg(action, err) if err.code() == Some(&postgres::error::SqlState::DISK_FULL) => {
                StoreError::Full {
                    action,
                    reason: describe(&err),
                }
            }
            Fail::Pg(action, err) if Fail::is_conflict(&err) => StoreError::Contended {
                action,
                reason: describe(&err),
            },
            Fail::Pg(action, err) => StoreError::Query {
                action,
                reason: describe(&err),
            },
            Fail::Raced(action, reason) => StoreError::Contended { action, reason },
            Fail::Store(err) => err,
        }
    }
}

/// The server's message (and detail) rather than the client's "db error";
/// for a client-side error, its causes too ("error connecting to server:
/// Connection refused (os error 111)", not the first part alone).
fn describe(err: &postgres::Error) -> String {
    match err.as_db_error() {
        Some(db) => match db.detail() {
            Some(detail) => format!("{}: {detail}", db.message()),
            None => db.message().to_string(),
        },
        None => {
            let mut text = err.to_string();
            let mut source = std::error::Error::source(err);
            while let Some(cause) = source {
                let cause_text = cause.to_string();
                // Some errors repeat their cause in their own message.
                if !text.contains(&cause_text) {
                    text.push_str(": ");
                    text.push_str(&cause_text);
                }
                source = cause.source();
            }
            text
        }
    }
}

/// Reruns of a transaction PostgreSQL aborted for a deadlock or a
/// serialization failure before the error is returned.
const RETRIES: u32 = 8;

/// The pause before rerun `n` (1-based): 5 ms doubling up to 320 ms, plus
/// up to as much again at random.
fn retry_pause(n: u32) -> Duration {
    use std::hash::BuildHasher;
    let base = 5u64 << n.saturating_sub(1).min(6);
    let jitter = std::hash::RandomState::new().hash_one(n) % (base + 1);
    Duration::from_millis(base + jitter)
}

impl Fail {
    /// A deadlock, a serialization failure or a race for a free id: the
    /// transaction may be rerun.
    fn is_retryable(&self) -> bool {
        match self {
            Fail::Pg(_, err) => Fail::is_conflict(err),
            Fail::Raced(..) => true,
            Fail::Store(_) => false,
        }
    }

    fn is_conflict(err: &postgres::Error) -> bool {
        use postgres::error::SqlState;
        err.code().is_some_and(|c| {
            *c == SqlState::T_R_DEADLOCK_DETECTED || *c == SqlState::T_R_SERIALIZATION_FAILURE
        })
    }
}

/// Maps a PostgreSQL error to a [`Fail`] naming what was being done.
pub(crate) trait Context<T> {
    fn context(self, action: &'static str) -> Result<T, Fail>;
}

impl<T> Context<T> for Result<T, postgres::Error> {
    fn context(self, action: &'static str) -> Result<T, Fail> {
        self.map_err(|e| Fail::Pg(action, e))
    }
}

pub(crate) type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// A connection with its prepared statements (one round trip per
/// statement run, instead of two for an unprepared one).
pub(crate) struct Conn {
    client: Client,
    statements: HashMap<&'static str, Statement>,
}

/// A client (connection or transaction) with its connection's statement
/// cache: every query goes through here.
pub(crate) struct Sql<'a, C: GenericClient> {
    client: &'a mut C,
    statements: &'a mut HashMap<&'static str, Statement>,
}

impl<C: GenericClient> Sql<'_, C> {
    fn statement(&mut self, sql: &'static str) -> Result<Statement, postgres::Error> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(sql)?;
        self.statements.insert(sql, statement.clone());
        Ok(statement)
    }

    pub(crate) fn execute(
        &mut self,
        sql: &'static str,
        params: Params,
    ) -> Result<u64, postgres::Error> {
        let statement = self.statement(sql)?;
        self.client.execute(&statement, params)
    }

    pub(crate) fn query(
        &mut self,
        sql: &'static str,
        params: Params,
    ) -> Result<Vec<Row>, postgres::Error> {
        let statement = self.statement(sql)?;
        self.client.query(&statement, params)
    }

    pub(crate) fn query_one(
        &mut self,
        sql: &'static str,
        params: Params,
    ) -> Result<Row, postgres::Error> {
        let statement = self.statement(sql)?;
        self.client.query_one(&statement, params)
    }

    pub(crate) fn query_opt(
        &mut self,
        sql: &'static str,
        params: Params,
    ) -> Result<Option<Row>, postgres::Error> {
        let statement = self.statement(sql)?;
        self.client.query_opt(&statement, params)
    }
}

impl Conn {
    /// Runs `f` in one transaction, committed when it succeeds.
    fn transaction<T>(
        &mut self,
        f: impl FnOnce(&mut Sql<'_, postgres::Transaction<'_>>) -> Result<T, Fail>,
    ) -> Result<T, Fail> {
        let mut tx = self.client.transaction().context("begin transaction")?;
        let value = {
            let mut sql = Sql {
                client: &mut tx,
                statements: &mut self.statements,
            };
            f(&mut sql)?
        };
        tx.commit().context("commit transaction")?;
        Ok(value)
    }

    /// Runs `f` outside a transaction (one statement, or reads that need
    /// no snapshot).
    fn plain(&mut self) -> Sql<'_, Client> {
        Sql {
            client: &mut self.client,
            statements: &mut self.statements,
        }
    }
}

/// How to connect, resolved from the config once.
struct Connector {
    config: postgres::Config,
    password: Option<super::PasswordSource>,
    tls: Option<tls::MakeRustls>,
    /// The URL as configured (no password), for messages.
    url: String,
}

impl Connector {
    fn new(config: &PostgresConfig) -> Result<Connector, StoreError> {
        let open_err = |reason: String| StoreError::Open {
            path: PathBuf::from(&config.url),
            reason,
        };
        // sslmode and sslrootcert are ours (libpq's meanings); the rest of
        // the URL goes to the client as written.
        let mut url = url::Url::parse(&config.url).map_err(|e| open_err(e.to_string()))?;
        let mut sslmode = "prefer".to_string();
        let mut root_cert = None;
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter_map(|(k, v)| match k.as_ref() {
                "sslmode" => {
                    sslmode = v.into_owned();
                    None
                }
                "sslrootcert" => {
                    root_cert = Some(PathBuf::from(v.as_ref()));
                    None
                }
                _ => Some((k.into_owned(), v.into_owned())),
            })
            .collect();
        if kept.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(kept);
        }
        let mut pg: postgres::Config = url
            .as_str()
            .parse()
            .map_err(|e: postgres::Error| open_err(e.to_string()))?;
        if pg.get_application_name().is_none() {
            pg.application_name("feedwatch");
        }
        if pg.get_connect_timeout().is_none() {
            pg.connect_timeout(Duration::from_secs(10));
        }
        let verify = match sslmode.as_str() {
            "disable" => None,
            "prefer" | "require" => Some(tls::Verify::None),
            "verify-ca" => Some(tls::Verify::Chain),
            "verify-full" => Some(tls::Verify::Full),
            other => return Err(open_err(format!("unknown sslmode `{other}`"))),
        };
        pg.ssl_mode(match sslmode.as_str() {
            "disable" => postgres::config::SslMode::Disable,
            "prefer" => postgres::config::SslMode::Prefer,
            _ => postgres::config::SslMode::Require,
        });
        let tls = match verify {
            None => None,
            Some(verify) => Some(tls::MakeRustls::new(
                tls::client_config(verify, root_cert.as_deref()).map_err(open_err)?,
            )),
        };
        Ok(Connector {
            config: pg,
            password: config.password.clone(),
            tls,
            url: config.url.clone(),
        })
    }

    fn connect(&self) -> Result<Conn, StoreError> {
        let open_err = |reason: String| StoreError::Open {
            path: PathBuf::from(&self.url),
            reason,
        };
        let mut config = self.config.clone();
        if let Some(source) = &self.password {
            config.password(source.read().map_err(open_err)?);
        }
        let client = match &self.tls {
            Some(tls) => config.connect(tls.clone()),
            None => config.connect(NoTls),
        }
        .map_err(|e| open_err(describe(&e)))?;
        Ok(Conn {
            client,
            statements: HashMap::new(),
        })
    }
}

struct PoolState {
    idle: Vec<Conn>,
    open: usize,
}

/// A few connections shared by the blocking pool's threads.
struct Pool {
    connector: Connector,
    state: Mutex<PoolState>,
    freed: Condvar,
    max: usize,
}

impl Pool {
    fn lock(&self) -> MutexGuard<'_, PoolState> {
        // The state is a list and a count, consistent after any panic.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn get(&self) -> Result<Pooled<'_>, StoreError> {
        let mut state = self.lock();
        loop {
            if let Some(conn) = state.idle.pop() {
                if conn.client.is_closed() {
                    state.open -= 1;
                    drop_off_runtime(conn);
                    continue;
                }
                return Ok(Pooled {
                    pool: self,
                    conn: Some(conn),
                });
            }
            if state.open < self.max {
                state.open += 1;
                drop(state);
                return match self.connector.connect() {
                    Ok(conn) => Ok(Pooled {
                        pool: self,
                        conn: Some(conn),
                    }),
                    Err(err) => {
                        self.lock().open -= 1;
                        self.freed.notify_one();
                        Err(err)
                    }
                };
            }
            state = self
                .freed
                .wait(state)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }
}

/// A connection borrowed from the pool, returned when dropped (or closed
/// and forgotten if the server hung up).
struct Pooled<'a> {
    pool: &'a Pool,
    conn: Option<Conn>,
}

impl Pooled<'_> {
    fn conn(&mut self) -> &mut Conn {
        // Only `drop` takes the connection out.
        self.conn
            .as_mut()
            .expect("a pooled connection until dropped")
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else { return };
        let mut state = self.pool.lock();
        if conn.client.is_closed() {
            state.open -= 1;
            drop(state);
            drop_off_runtime(conn);
        } else {
            state.idle.push(conn);
        }
        self.pool.freed.notify_one();
    }
}

/// A synchronous client owns a small tokio runtime, which must not be
/// dropped on an async thread: drop it on a thread of its own.
fn drop_off_runtime<T: Send + 'static>(value: T) {
    if tokio::runtime::Handle::try_current().is_ok() {
        let _ = std::thread::Builder::new()
            .name("pg-close".into())
            .spawn(move || drop(value));
    } else {
        drop(value);
    }
}

/// A PostgreSQL database.
pub struct PostgresStore {
    pool: Pool,
}

impl Drop for PostgresStore {
    fn drop(&mut self) {
        let idle = std::mem::take(&mut self.pool.lock().idle);
        drop_off_runtime(idle);
    }
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore")
            .field("url", &self.pool.connector.url)
            .finish()
    }
}

impl PostgresStore {
    /// Connects and migrates (under an advisory lock).
    pub fn open(config: &PostgresConfig) -> Result<PostgresStore, StoreError> {
        let store = PostgresStore::connect(config)?;
        {
            let mut conn = store.pool.get()?;
            migrations::migrate(conn.conn(), &config.url)?;
        }
        Ok(store)
    }

    /// Connects without migrating; an error if the schema is not this
    /// build's (tools that only read, and `check`).
    pub fn open_existing(config: &PostgresConfig) -> Result<PostgresStore, StoreError> {
        let store = PostgresStore::connect(config)?;
        let version = store.schema_version()?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: PathBuf::from(&config.url),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        Ok(store)
    }

    fn connect(config: &PostgresConfig) -> Result<PostgresStore, StoreError> {
        let store = PostgresStore {
            pool: Pool {
                connector: Connector::new(config)?,
                state: Mutex::new(PoolState {
                    idle: Vec::new(),
                    open: 0,
                }),
                freed: Condvar::new(),
                max: config.pool_size.max(1),
            },
        };
        // Fail now, with the reason, rather than at the first poll.
        drop(store.pool.get()?);
        Ok(store)
    }

    /// The URL (it carries no password).
    pub fn location(&self) -> &str {
        &self.pool.connector.url
    }

    /// The schema version in the database (0 when never migrated).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        let mut conn = self.pool.get()?;
        migrations::version(conn.conn())
    }

    /// Runs one operation on a pooled connection, rerunning it (up to
    /// [`RETRIES`] times) when PostgreSQL aborted it for a deadlock or
    /// serialization failure.
    ///
    /// Deadlocks are rare but possible between concurrent polls (two
    /// outlets' items with one canonical link or headline, inserted in
    /// opposite orders). The victim waits a growing, jittered pause (so the
    /// two do not meet again in step) while the survivor commits, then
    /// reruns.
    fn with<T>(&self, mut f: impl FnMut(&mut Conn) -> Result<T, Fail>) -> Result<T, StoreError> {
        let mut conn = self.pool.get()?;
        let mut tries = 0u32;
        loop {
            match f(conn.conn()) {
                Err(fail) if fail.is_retryable() && tries < RETRIES => {
                    tries += 1;
                    std::thread::sleep(retry_pause(tries));
                }
                result => return result.map_err(StoreError::from),
            }
        }
    }

    /// A transaction on a pooled connection (retried like [`Self::with`]).
    fn tx<T>(
        &self,
        mut f: impl FnMut(&mut Sql<'_, postgres::Transaction<'_>>) -> Result<T, Fail>,
    ) -> Result<T, StoreError> {
        self.with(|conn| conn.transaction(&mut f))
    }

    /// A connection for `copy.rs`.
    pub(in crate::store) fn with_client<T>(
        &self,
        f: impl FnOnce(&mut Client) -> Result<T, Fail>,
    ) -> Result<T, StoreError> {
        let mut conn = self.pool.get()?;
        Ok(f(&mut conn.conn().client)?)
    }
}

impl Backend for PostgresStore {
    fn record_verdict(&self, verdict: &NewVerdict, now: Millis) -> Result<Verdict, StoreError> {
        self.tx(|sql| verdicts::record(sql, verdict, now))
    }

    fn undo_verdict(&self, id: i64, now: Millis) -> Result<Option<Verdict>, StoreError> {
        self.tx(|sql| verdicts::undo(sql, id, now))
    }

    fn verdicts(&self, filter: &VerdictFilter, limit: usize) -> Result<Vec<Verdict>, StoreError> {
        self.with(|conn| verdicts::list(&mut conn.plain(), filter, limit))
    }

    fn verdict_version(&self) -> Result<(i64, i64), StoreError> {
        self.with(|conn| verdicts::version(&mut conn.plain()))
    }

    fn suppressed(
        &self,
        topic: Option<&str>,
        limit: usize,
    ) -> Result<Vec<SuppressedMatch>, StoreError> {
        self.with(|conn| verdicts::suppressed(&mut conn.plain(), topic, limit))
    }

    fn alert_origin(&self, id: &AlertId) -> Result<Option<AlertOrigin>, StoreError> {
        self.with(|conn| verdicts::alert_origin(&mut conn.plain(), id))
    }

    fn setting_or_insert(&self, name: &str, value: &str) -> Result<String, StoreError> {
        self.tx(|sql| verdicts::setting_or_insert(sql, name, value))
    }

    fn prune(&self, prune: &crate::store::Prune) -> Result<crate::store::PruneReport, StoreError> {
        self.tx(|sql| prune::prune(sql, prune))
    }

    fn alert_list(&self, filter: &AlertFilter, limit: usize) -> Result<Vec<AlertView>, StoreError> {
        self.with(|conn| web::alert_list(&mut conn.plain(), filter, limit))
    }

    fn alert_view(&self, id: &AlertId) -> Result<Option<AlertView>, StoreError> {
        self.with(|conn| web::alert_view(&mut conn.plain(), id))
    }

    fn alerts_per_day(&self, since: Millis) -> Result<Vec<TopicDay>, StoreError> {
        self.with(|conn| web::alerts_per_day(&mut conn.plain(), since))
    }

    fn requeue_delivery(&self, delivery: i64, now: Millis) -> Result<bool, StoreError> {
        self.tx(|sql| web::requeue_delivery(sql, delivery, now))
    }

    fn metrics_snapshot(&self) -> Result<MetricsSnapshot, StoreError> {
        self.with(|conn| web::metrics_snapshot(&mut conn.plain()))
    }

    fn subscriptions(&self) -> Result<Vec<Subscription>, StoreError> {
        self.with(|conn| web::subscriptions(&mut conn.plain()))
    }

    fn subscription_by_callback(
        &self,
        callback_id: &str,
    ) -> Result<Option<Subscription>, StoreError> {
        self.with(|conn| web::subscription_by_callback(&mut conn.plain(), callback_id))
    }

    fn save_subscription(&self, subscription: &Subscription) -> Result<(), StoreError> {
        self.with(|conn| web::save_subscription(&mut conn.plain(), subscription))
    }

    fn delete_subscription(&self, feed: &str) -> Result<(), StoreError> {
        self.with(|conn| web::delete_subscription(&mut conn.plain(), feed))
    }

    fn sync_feeds(
        &self,
        specs: &[FeedSpec],
        by: &FeedSync,
        now: Millis,
    ) -> Result<Vec<FeedState>, StoreError> {
        self.tx(|sql| feeds::sync_feeds(sql, specs, by, now))
    }

    fn feed_state(&self, name: &str) -> Result<Option<FeedState>, StoreError> {
        self.with(|conn| feeds::feed_state(&mut conn.plain(), name))
    }

    fn record_poll(
        &self,
        record: &PollRecord,
        policy: &dyn PollPolicy,
    ) -> Result<PollReport, StoreError> {
        let result = self.with(|conn| {
            let attempt = conn.transaction(|sql| feeds::record_poll(sql, record, policy));
            if attempt.is_err() {
                // Rolled back (a rerun reports its items again).
                policy.rolled_back();
            }
            attempt
        });
        if result.is_ok() {
            policy.committed();
        }
        result
    }

    /// In one transaction (a 304's record is one statement, so its own
    /// transaction was three round trips): a poll refused for its lease
    /// wrote nothing and is refused alone; any other failure undoes the
    /// batch, and each poll is then recorded on its own, as `record_poll`.
    fn record_row_only_polls(
        &self,
        take: &mut dyn FnMut() -> Vec<RowOnlyPoll>,
    ) -> Vec<PollOutcome> {
        let polls = take();
        if polls.len() > 1 {
            let together = self.with(|conn| {
                conn.transaction(|sql| {
                    let mut outcomes = Vec::with_capacity(polls.len());
                    for poll in &polls {
                        match feeds::record_poll(sql, &poll.record, poll.policy.as_ref()) {
                            Ok(report) => outcomes.push(Ok(report)),
                            // Refused by the lease's check, before any write.
                            Err(Fail::Store(StoreError::LeaseLost(feed))) => {
                                outcomes.push(Err(StoreError::LeaseLost(feed)))
                            }
                            Err(other) => return Err(other),
                        }
                    }
                    Ok(outcomes)
                })
            });
            if let Ok(outcomes) = together {
                RowOnlyPoll::tell_outcomes(&polls, &outcomes);
                return outcomes;
            }
        }
        polls
            .iter()
            .map(|poll| self.record_poll(&poll.record, poll.policy.as_ref()))
            .collect()
    }

    fn feed_health(&self) -> Result<Vec<FeedHealth>, StoreError> {
        self.with(|conn| feeds::feed_health(&mut conn.plain()))
    }

    fn recent_items(
        &self,
        since: Option<Millis>,
        feed: Option<&str>,
        limit: usize,
    ) -> Result<Vec<StoredItem>, StoreError> {
        self.with(|conn| items::recent_items(&mut conn.plain(), since, feed, limit))
    }

    fn item(&self, id: ItemId) -> Result<Option<StoredItem>, StoreError> {
        self.with(|conn| items::item_by_id(&mut conn.plain(), id))
    }

    fn outbox_heads(&self) -> Result<Vec<PendingDelivery>, StoreError> {
        self.tx(heads_of)
    }

    fn next_due(&self) -> Result<Option<Millis>, StoreError> {
        Ok(self.tx(heads_of)?.iter().map(|h| h.next_attempt_at).min())
    }

    fn record_attempt(&self, row: &HeadRow, result: &AttemptResult) -> Result<(), StoreError> {
        self.with(|conn| outbox::record_attempt(&mut conn.plain(), row, result))
    }

    fn sent_since(&self, sink: &str, since: Millis) -> Result<i64, StoreError> {
        self.with(|conn| outbox::sent_since(&mut conn.plain(), sink, since))
    }

    fn pending_count(&self, sink: &str) -> Result<i64, StoreError> {
        self.with(|conn| outbox::pending_count(&mut conn.plain(), sink))
    }

    fn fold_into_summaries(
        &self,
        sink: &str,
        keep: usize,
        now: Millis,
    ) -> Result<Vec<String>, StoreError> {
        self.tx(|sql| outbox::fold_into_summaries(sql, sink, keep, now))
    }

    fn held_groups(&self) -> Result<Vec<HeldGroup>, StoreError> {
        self.with(|conn| outbox::held_groups(&mut conn.plain()))
    }

    fn make_digest(
        &self,
        sink: &str,
        schedule: &DigestKey,
        since: Millis,
        now: Millis,
    ) -> Result<Option<String>, StoreError> {
        self.tx(|sql| outbox::make_digest(sql, sink, schedule, since, now))
    }

    fn delivery_counts(&self) -> Result<DeliveryCounts, StoreError> {
        self.with(|conn| outbox::counts(&mut conn.plain()))
    }

    fn deliveries(
        &self,
        filter: &DeliveryFilter,
        limit: usize,
    ) -> Result<Vec<DeliveryRow>, StoreError> {
        self.with(|conn| outbox::list(&mut conn.plain(), filter, limit))
    }

    fn story_items_since(&self, since: Millis) -> Result<Vec<StoryItem>, StoreError> {
        self.with(|conn| items::story_items_since(&mut conn.plain(), since))
    }

    fn story_item_ids_since(&self, since: Millis) -> Result<Vec<ItemId>, StoreError> {
        self.with(|conn| items::story_item_ids_since(&mut conn.plain(), since))
    }

    fn story_items_by_id(&self, ids: &[ItemId]) -> Result<Vec<StoryItem>, StoreError> {
        self.with(|conn| items::story_items_by_id(&mut conn.plain(), ids))
    }

    fn stories(
        &self,
        since: Millis,
        topic: Option<&str>,
        min_reports: usize,
        limit: usize,
    ) -> Result<Vec<StorySummary>, StoreError> {
        self.with(|conn| items::stories(&mut conn.plain(), since, topic, min_reports, limit))
    }

    fn story(&self, id: StoryId) -> Result<Option<StorySummary>, StoreError> {
        self.with(|conn| items::story(&mut conn.plain(), id))
    }

    fn find_items(&self, reference: &ItemRef, limit: usize) -> Result<Vec<StoredItem>, StoreError> {
        self.with(|conn| items::find_items(&mut conn.plain(), reference, limit))
    }

    fn item_details(&self, id: ItemId) -> Result<Option<ItemDetails>, StoreError> {
        self.with(|conn| {
            let mut sql = conn.plain();
            let Some(mut details) = items::item_details(&mut sql, id)? else {
                return Ok(None);
            };
            for alert in &mut details.alerts {
                let filter = DeliveryFilter {
                    alert: Some(alert.id.clone()),
                    ..DeliveryFilter::default()
                };
                alert.deliveries = outbox::list(&mut sql, &filter, 10_000)?;
            }
            Ok(Some(details))
        })
    }

    fn due_updates(&self, now: Millis, sinks: &[String]) -> Result<Vec<DueUpdate>, StoreError> {
        self.with(|conn| outbox::due_updates(&mut conn.plain(), now, sinks))
    }

    fn record_update(
        &self,
        update: &DueUpdate,
        alert: &NewAlert,
        next_due: Millis,
        now: Millis,
    ) -> Result<(), StoreError> {
        self.tx(|sql| outbox::record_update(sql, update, alert, next_due, now))
    }

    /// A PostgreSQL database is named by its URL: it cannot be replaced
    /// under a running daemon the way a file can.
    fn check_identity(&self) -> Result<(), StoreError> {
        Ok(())
    }

    fn requeue_failed(&self, alert: Option<&AlertId>, now: Millis) -> Result<usize, StoreError> {
        self.tx(|sql| outbox::requeue(sql, alert, now))
    }

    fn ping(&self) -> Result<(), StoreError> {
        self.with(|conn| {
            conn.plain()
                .query_one("SELECT 1", &[])
                .map(|_| ())
                .context("ping")
        })
    }

    fn backend_info(&self) -> Result<BackendInfo, StoreError> {
        self.with(|conn| {
            let server: String = conn
                .plain()
                .query_one("SELECT current_setting('server_version')", &[])
                .context("read server version")?
                .get(0);
            Ok(BackendInfo {
                kind: "postgresql",
                location: self.pool.connector.url.clone(),
                schema_version: migrations::version(conn).map_err(Fail::Store)?,
                supported_version: SCHEMA_VERSION,
                server_version: format!("PostgreSQL {server}"),
            })
        })
    }

    fn register_replica(&self, replica: &ReplicaInfo, now: Millis) -> Result<(), StoreError> {
        self.tx(|sql| replicas::upsert(sql, replica, now))
    }

    fn heartbeat(
        &self,
        replica: &ReplicaInfo,
        now: Millis,
        lease: Millis,
    ) -> Result<Vec<ReplicaStatus>, StoreError> {
        self.tx(|sql| replicas::heartbeat(sql, replica, now, lease))
    }

    fn retire_replica(&self, replica: &str) -> Result<(), StoreError> {
        self.tx(|sql| replicas::retire(sql, replica))
    }

    fn replicas(&self, now: Millis, lease: Millis) -> Result<Vec<ReplicaStatus>, StoreError> {
        self.with(|conn| replicas::list(&mut conn.plain(), now, lease))
    }

    fn schedule_feeds(
        &self,
        feeds: &[FeedSchedule],
        now: Millis,
        overdue: bool,
    ) -> Result<Vec<Rescheduled>, StoreError> {
        self.tx(|sql| replicas::schedule(sql, feeds, now, overdue))
    }

    fn known_feeds(&self) -> Result<Vec<KnownFeed>, StoreError> {
        self.with(|conn| polls::known_feeds(&mut conn.plain()))
    }

    fn request_polls(&self, names: &[String], now: Millis) -> Result<Vec<PollRequest>, StoreError> {
        self.tx(|sql| polls::request_polls(sql, names, now))
    }

    fn last_polls(&self, names: &[String], now: Millis) -> Result<Vec<LastPoll>, StoreError> {
        self.tx(|sql| polls::last_polls(sql, names, now))
    }

    fn claim_due_feeds(&self, claim: &FeedClaim) -> Result<Claimed, StoreError> {
        self.tx(|sql| replicas::claim(sql, claim))
    }

    fn release_feed(
        &self,
        feed: FeedId,
        replica: &str,
        next_poll_at: Option<Millis>,
    ) -> Result<(), StoreError> {
        self.with(|conn| replicas::release(&mut conn.plain(), feed, replica, next_poll_at))
    }

    fn claim_sinks(
        &self,
        replica: &str,
        sinks: &[String],
        now: Millis,
        lease: Millis,
    ) -> Result<Vec<String>, StoreError> {
        self.with(|conn| replicas::claim_sinks(&mut conn.plain(), replica, sinks, now, lease))
    }
}

/// `outbox::heads` as a closure-friendly function (its generic lifetime
/// does not coerce to the transaction callback's).
fn heads_of(sql: &mut Sql<'_, postgres::Transaction<'_>>) -> Result<Vec<PendingDelivery>, Fail> {
    outbox::heads(sql)
}

/// Reads a stored key (status, incident) back into its type.
pub(crate) fn key_of<T>(
    text: Option<String>,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, Fail> {
    match text {
        None => Ok(None),
        Some(text) => parse(&text).map(Some).ok_or_else(|| {
            Fail::Store(StoreError::Query {
                action: "read stored key",
                reason: format!("unknown stored key `{text}`"),
            })
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A server that is not there: the error says why (the client's own
    /// "error connecting to server" alone did not).
    #[test]
    fn a_refused_connection_says_why() {
        // Nothing listens on port 1 of the loopback address.
        let config = PostgresConfig {
            url: "postgres://feedwatch@127.0.0.1:1/feedwatch?connect_timeout=5".into(),
            password: None,
            pool_size: 1,
        };
        let err = match PostgresStore::open_existing(&config) {
            Ok(_) => panic!("nothing listens on 127.0.0.1:1"),
            Err(err) => err.to_string(),
        };
        assert!(
            err.contains("error connecting to server: ") && err.contains("refused"),
            "{err}"
        );
    }

    #[test]
    fn retry_pauses_grow_and_stay_bounded() {
        let mut total = Duration::ZERO;
        for n in 1..=RETRIES {
            let pause = retry_pause(n);
            let base = Duration::from_millis(5 << (n - 1).min(6));
            assert!(pause >= base && pause <= base * 2, "{n}: {pause:?}");
            total += pause;
        }
        // A poll gives up within about 3 s of pauses (plus PostgreSQL's
        // deadlock_timeout per detection).
        assert!(total <= Duration::from_millis(3_200), "{total:?}");
    }
}
