//! The `feeds` table: one row per configured feed name, holding what the
//! fetcher needs between polls (validators, schedule hints, a permanent
//! move) and the feed's health (status, failures, open incident).

use rusqlite::{Connection, OptionalExtension, params};

use super::items::NewAlert;
use super::{Context, Millis, StoreError};
use crate::model::ScheduleHints;

/// What a poll needs to know about a feed before fetching it.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedState {
    pub id: i64,
    pub name: String,
    /// The configured URL.
    pub url: String,
    /// Where a permanent redirect moved it, if one did.
    pub moved_to: Option<String>,
    /// Why polling stopped (410 Gone), if it did.
    pub disabled: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// `None` until the first successful poll: that poll applies the backfill cutoff.
    pub first_polled_at: Option<Millis>,
    pub last_success_at: Option<Millis>,
    pub last_new_item_at: Option<Millis>,
    pub next_poll_at: Option<Millis>,
    pub consecutive_failures: i64,
    pub last_error: Option<String>,
    pub hints: ScheduleHints,
    /// The open health incident ("failing" or "quiet"), with its start.
    pub incident: Option<(String, Millis)>,
    pub created_at: Millis,
}

impl FeedState {
    /// The URL to fetch: the moved-to URL if the feed moved permanently.
    pub fn fetch_url(&self) -> &str {
        self.moved_to.as_deref().unwrap_or(&self.url)
    }
}

/// The outcome of a poll that stored no items (failure or not modified).
#[derive(Debug, Clone, PartialEq)]
pub struct PollRecord {
    pub at: Millis,
    /// "304", "404", "timeout", "parse error", "network down", ...
    pub status: String,
    pub error: Option<String>,
    pub next_poll_at: Millis,
    /// False when the failure is not the feed's fault (our network is down):
    /// it is recorded but does not count toward the feed's failures.
    pub counts_as_failure: bool,
}

/// A feed's health, for `feedwatch feeds`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FeedHealth {
    pub name: String,
    pub url: String,
    pub moved_to: Option<String>,
    pub disabled: Option<String>,
    pub last_polled_at: Option<Millis>,
    pub last_success_at: Option<Millis>,
    pub last_status: Option<String>,
    pub last_error: Option<String>,
    pub consecutive_failures: i64,
    pub next_poll_at: Option<Millis>,
    pub items: i64,
    pub last_new_item_at: Option<Millis>,
    pub incident: Option<String>,
    pub incident_since: Option<Millis>,
}

/// Makes sure every configured feed has a row. A feed whose configured URL
/// changed forgets the old URL's validators, move and disabled state. Rows of
/// feeds no longer configured stay, with their history.
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
                last_modified = CASE WHEN feeds.url = excluded.url THEN feeds.last_modified END,
                moved_to = CASE WHEN feeds.url = excluded.url THEN feeds.moved_to END,
                disabled = CASE WHEN feeds.url = excluded.url THEN feeds.disabled END",
            params![name, url, now],
        )
        .context("upsert feed")?;
        let state = feed_state(&tx, name)?
            .ok_or_else(|| StoreError::Task(format!("feed {name} vanished")))?;
        states.push(state);
    }
    tx.commit().context("commit feed sync")?;
    Ok(states)
}

pub fn feed_state(conn: &Connection, name: &str) -> Result<Option<FeedState>, StoreError> {
    conn.query_row(
        "SELECT id, name, url, moved_to, disabled, etag, last_modified, first_polled_at, last_success_at,
                last_new_item_at, next_poll_at, consecutive_failures, hints, incident, incident_since, created_at,
                last_error
         FROM feeds WHERE name = ?1",
        [name],
        |row| {
            let hints: String = row.get(12)?;
            let incident: Option<String> = row.get(13)?;
            let since: Option<Millis> = row.get(14)?;
            Ok(FeedState {
                id: row.get(0)?,
                name: row.get(1)?,
                url: row.get(2)?,
                moved_to: row.get(3)?,
                disabled: row.get(4)?,
                etag: row.get(5)?,
                last_modified: row.get(6)?,
                first_polled_at: row.get(7)?,
                last_success_at: row.get(8)?,
                last_new_item_at: row.get(9)?,
                next_poll_at: row.get(10)?,
                consecutive_failures: row.get(11)?,
                // Hints are ours, written by serde; a bad value only loses hints.
                hints: serde_json::from_str(&hints).unwrap_or_default(),
                incident: incident.map(|kind| (kind, since.unwrap_or_default())),
                created_at: row.get(15)?,
                last_error: row.get(16)?,
            })
        },
    )
    .optional()
    .context("load feed state")
}

/// Records a poll that stored nothing: 304 Not Modified (a success) or a failure.
pub fn record_poll(conn: &Connection, feed_id: i64, record: &PollRecord) -> Result<(), StoreError> {
    let failed = record.error.is_some();
    conn.execute(
        "UPDATE feeds SET
            last_polled_at = ?2,
            last_status = ?3,
            last_error = ?4,
            consecutive_failures = CASE WHEN NOT ?5 THEN 0
                                        WHEN ?6 THEN consecutive_failures + 1
                                        ELSE consecutive_failures END,
            last_success_at = CASE WHEN ?5 THEN last_success_at ELSE ?2 END,
            next_poll_at = ?7
         WHERE id = ?1",
        params![
            feed_id,
            record.at,
            record.status,
            record.error,
            failed,
            record.counts_as_failure,
            record.next_poll_at
        ],
    )
    .context("record poll")?;
    Ok(())
}

/// Remembers a permanent redirect: later polls fetch `url`.
pub fn set_moved(conn: &Connection, feed_id: i64, url: &str) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE feeds SET moved_to = ?2 WHERE id = ?1",
        params![feed_id, url],
    )
    .context("record feed move")?;
    Ok(())
}

/// Stops polling a feed (410 Gone) until its configured URL changes.
pub fn set_disabled(
    conn: &Connection,
    feed_id: i64,
    reason: &str,
    at: Millis,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE feeds SET disabled = ?2, last_polled_at = ?3, last_status = '410', last_error = ?2,
                          next_poll_at = NULL
         WHERE id = ?1",
        params![feed_id, reason, at],
    )
    .context("disable feed")?;
    Ok(())
}

pub fn set_hints(conn: &Connection, feed_id: i64, hints: &ScheduleHints) -> Result<(), StoreError> {
    let json = serde_json::to_string(hints).unwrap_or_else(|_| "{}".to_string());
    conn.execute(
        "UPDATE feeds SET hints = ?2 WHERE id = ?1",
        params![feed_id, json],
    )
    .context("store schedule hints")?;
    Ok(())
}

/// Opens (`Some`) or closes (`None`) the feed's health incident.
pub fn set_incident(
    conn: &Connection,
    feed_id: i64,
    incident: Option<(&str, Millis)>,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE feeds SET incident = ?2, incident_since = ?3 WHERE id = ?1",
        params![feed_id, incident.map(|i| i.0), incident.map(|i| i.1)],
    )
    .context("record health incident")?;
    Ok(())
}

/// Publication times (ms) of the feed's newest dated items, for its cadence.
pub fn recent_item_dates(
    conn: &Connection,
    feed_id: i64,
    limit: usize,
) -> Result<Vec<Millis>, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT published FROM items WHERE feed_id = ?1 AND published IS NOT NULL
             ORDER BY published DESC LIMIT ?2",
        )
        .context("prepare item dates")?;
    let rows = stmt
        .query_map(params![feed_id, limit as i64], |row| row.get(0))
        .context("query item dates")?;
    rows.collect::<Result<Vec<_>, _>>()
        .context("read item dates")
}

pub fn feed_health(conn: &Connection) -> Result<Vec<FeedHealth>, StoreError> {
    let mut stmt = conn
        .prepare(
            "SELECT f.name, f.url, f.moved_to, f.disabled, f.last_polled_at, f.last_success_at, f.last_status,
                    f.last_error, f.consecutive_failures, f.next_poll_at,
                    (SELECT COUNT(*) FROM items i WHERE i.feed_id = f.id), f.last_new_item_at,
                    f.incident, f.incident_since
             FROM feeds f ORDER BY f.name",
        )
        .context("prepare feed health")?;
    let rows = stmt
        .query_map([], |row| {
            Ok(FeedHealth {
                name: row.get(0)?,
                url: row.get(1)?,
                moved_to: row.get(2)?,
                disabled: row.get(3)?,
                last_polled_at: row.get(4)?,
                last_success_at: row.get(5)?,
                last_status: row.get(6)?,
                last_error: row.get(7)?,
                consecutive_failures: row.get(8)?,
                next_poll_at: row.get(9)?,
                items: row.get(10)?,
                last_new_item_at: row.get(11)?,
                incident: row.get(12)?,
                incident_since: row.get(13)?,
            })
        })
        .context("query feed health")?;
    rows.collect::<Result<Vec<_>, _>>()
        .context("read feed health")
}

/// Opens or closes a health incident and raises its alert (if any sink
/// listens), in one transaction: the event is sent once per change.
pub fn health_event(
    conn: &mut Connection,
    feed_id: i64,
    incident: Option<(&str, Millis)>,
    alert: Option<&NewAlert>,
    now: Millis,
) -> Result<(), StoreError> {
    let tx = conn.transaction().context("begin health event")?;
    set_incident(&tx, feed_id, incident)?;
    if let Some(alert) = alert {
        tx.execute(
            "INSERT INTO alerts (id, kind, topic, payload, created_at) VALUES (?1, 'feed_health', ?2, ?3, ?4)",
            params![alert.id, alert.topic, alert.payload, now],
        )
        .context("insert health alert")?;
        super::items::insert_deliveries(&tx, alert, now)?;
    }
    tx.commit().context("commit health event")
}
