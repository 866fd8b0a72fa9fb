//! The `feeds` table: one row per configured feed name, holding what the
//! fetcher needs between polls (validators, schedule) and the feed's health.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Context, Millis, StoreError};

/// What a poll needs to know about a feed before fetching it.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedState {
    pub id: i64,
    pub name: String,
    pub url: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// `None` until the first successful poll: that poll applies the backfill cutoff.
    pub first_polled_at: Option<Millis>,
    pub next_poll_at: Option<Millis>,
    pub consecutive_failures: i64,
}

/// The outcome of a poll that stored no items (failure or not modified).
#[derive(Debug, Clone, PartialEq)]
pub struct PollRecord {
    pub at: Millis,
    /// "200", "304", "404", "timeout", "parse error", ...
    pub status: String,
    pub error: Option<String>,
    pub next_poll_at: Millis,
}

/// A feed's health, for `feedwatch feeds`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FeedHealth {
    pub name: String,
    pub url: String,
    pub last_polled_at: Option<Millis>,
    pub last_success_at: Option<Millis>,
    pub last_status: Option<String>,
    pub last_error: Option<String>,
    pub consecutive_failures: i64,
    pub next_poll_at: Option<Millis>,
    pub items: i64,
    pub last_new_item_at: Option<Millis>,
}

/// Makes sure every configured feed has a row, updating URLs that changed
/// (and forgetting the old URL's validators). Rows of feeds no longer
/// configured stay, with their history.
pub fn sync_feeds(
    conn: &mut Connection,
    feeds: &[(String, String)],
    now: Millis,
) -> Result<Vec<FeedState>, StoreError> {
    let tx = conn.transaction().context("begin feed sync")?;
    let mut states = Vec::with_capacity(feeds.len());
    for (name, url) in feeds {
        tx.execute(
            "INSERT INTO feeds (name, url, created_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(name) DO UPDATE SET
                url = excluded.url,
                etag = CASE WHEN feeds.url = excluded.url THEN feeds.etag END,
                last_modified = CASE WHEN feeds.url = excluded.url THEN feeds.last_modified END",
            params![name, url, now],
        )
        .context("upsert feed")?;
        states
            .push(load_state(&tx, name)?.ok_or(StoreError::Task(format!("feed {name} vanished")))?);
    }
    tx.commit().context("commit feed sync")?;
    Ok(states)
}

fn load_state(conn: &Connection, name: &str) -> Result<Option<FeedState>, StoreError> {
    conn.query_row(
        "SELECT id, name, url, etag, last_modified, first_polled_at, next_poll_at, consecutive_failures
         FROM feeds WHERE name = ?1",
        [name],
        |row| {
            Ok(FeedState {
                id: row.get(0)?,
                name: row.get(1)?,
                url: row.get(2)?,
                etag: row.get(3)?,
                last_modified: row.get(4)?,
                first_polled_at: row.get(5)?,
                next_poll_at: row.get(6)?,
                consecutive_failures: row.get(7)?,
            })
        },
    )
    .optional()
    .context("load feed state")
}

pub fn feed_state(conn: &Connection, name: &str) -> Result<Option<FeedState>, StoreError> {
    load_state(conn, name)
}

/// Records a poll that stored nothing: 304 Not Modified (a success) or a failure.
pub fn record_poll(conn: &Connection, feed_id: i64, record: &PollRecord) -> Result<(), StoreError> {
    let failed = record.error.is_some();
    conn.execute(
        "UPDATE feeds SET
            last_polled_at = ?2,
            last_status = ?3,
            last_error = ?4,
            consecutive_failures = CASE WHEN ?5 THEN consecutive_failures + 1 ELSE 0 END,
            last_success_at = CASE WHEN ?5 THEN last_success_at ELSE ?2 END,
            next_poll_at = ?6
         WHERE id = ?1",
        params![
            feed_id,
            record.at,
            record.status,
            record.error,
            failed,
            record.next_poll_at
        ],
    )
    .context("record poll")?;
    Ok(())
}

pub fn feed_health(conn: &Connection) -> Result<Vec<FeedHealth>, StoreError> {
    let mut stmt = conn
        .prepare(
            "SELECT f.name, f.url, f.last_polled_at, f.last_success_at, f.last_status, f.last_error,
                    f.consecutive_failures, f.next_poll_at,
                    (SELECT COUNT(*) FROM items i WHERE i.feed_id = f.id), f.last_new_item_at
             FROM feeds f ORDER BY f.name",
        )
        .context("prepare feed health")?;
    let rows = stmt
        .query_map([], |row| {
            Ok(FeedHealth {
                name: row.get(0)?,
                url: row.get(1)?,
                last_polled_at: row.get(2)?,
                last_success_at: row.get(3)?,
                last_status: row.get(4)?,
                last_error: row.get(5)?,
                consecutive_failures: row.get(6)?,
                next_poll_at: row.get(7)?,
                items: row.get(8)?,
                last_new_item_at: row.get(9)?,
            })
        })
        .context("query feed health")?;
    rows.collect::<Result<Vec<_>, _>>()
        .context("read feed health")
}
