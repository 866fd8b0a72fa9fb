//! The outbox: one `deliveries` row per (alert, sink). A row is `pending`
//! until its sink acknowledges it (`delivered`) or it can never succeed
//! (`failed`, with the reason). Rows are never deleted by delivery, so no
//! alert is silently dropped.
//!
//! Per sink, deliveries go out strictly in the order they were detected: the
//! oldest pending row is the head, and a head waiting for its retry blocks
//! the rows behind it.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Context, Millis, StoreError};

/// The head of a sink's queue.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingDelivery {
    pub id: i64,
    pub alert_id: String,
    pub sink: String,
    pub payload: String,
    pub attempts: i64,
    pub created_at: Millis,
    pub next_attempt_at: Millis,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct DeliveryCounts {
    pub pending: i64,
    pub delivered: i64,
    pub failed: i64,
}

/// A delivery, for listings.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DeliveryRow {
    pub id: i64,
    pub alert_id: String,
    pub topic: String,
    pub title: String,
    pub sink: String,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: Millis,
    pub last_error: Option<String>,
    pub created_at: Millis,
    pub delivered_at: Option<Millis>,
}

/// The oldest pending delivery of each sink.
pub fn heads(conn: &Connection) -> Result<Vec<PendingDelivery>, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT d.id, d.alert_id, d.sink, a.payload, d.attempts, d.created_at, d.next_attempt_at
             FROM deliveries d JOIN alerts a ON a.id = d.alert_id
             WHERE d.id IN (SELECT MIN(id) FROM deliveries WHERE status = 'pending' GROUP BY sink)
             ORDER BY d.id",
        )
        .context("prepare outbox heads")?;
    let rows = stmt
        .query_map([], |row| {
            Ok(PendingDelivery {
                id: row.get(0)?,
                alert_id: row.get(1)?,
                sink: row.get(2)?,
                payload: row.get(3)?,
                attempts: row.get(4)?,
                created_at: row.get(5)?,
                next_attempt_at: row.get(6)?,
            })
        })
        .context("query outbox heads")?;
    rows.collect::<Result<Vec<_>, _>>()
        .context("read outbox heads")
}

pub fn mark_delivered(conn: &Connection, id: i64, at: Millis) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = ?2, last_error = NULL
         WHERE id = ?1",
        params![id, at],
    )
    .context("mark delivered")?;
    Ok(())
}

pub fn mark_retry(
    conn: &Connection,
    id: i64,
    next_attempt_at: Millis,
    error: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE deliveries SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3 WHERE id = ?1",
        params![id, next_attempt_at, error],
    )
    .context("schedule retry")?;
    Ok(())
}

pub fn mark_failed(conn: &Connection, id: i64, error: &str) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE deliveries SET status = 'failed', attempts = attempts + 1, last_error = ?2 WHERE id = ?1",
        params![id, error],
    )
    .context("mark failed")?;
    Ok(())
}

pub fn counts(conn: &Connection) -> Result<DeliveryCounts, StoreError> {
    let mut counts = DeliveryCounts::default();
    let mut stmt = conn
        .prepare_cached("SELECT status, COUNT(*) FROM deliveries GROUP BY status")
        .context("prepare delivery counts")?;
    let rows = stmt
        .query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
        })
        .context("count deliveries")?;
    for row in rows {
        let (status, n) = row.context("read delivery count")?;
        match status.as_str() {
            "pending" => counts.pending = n,
            "delivered" => counts.delivered = n,
            _ => counts.failed = n,
        }
    }
    Ok(counts)
}

/// Deliveries, newest first, optionally of one status.
pub fn list(
    conn: &Connection,
    status: Option<&str>,
    limit: usize,
) -> Result<Vec<DeliveryRow>, StoreError> {
    let mut stmt = conn
        .prepare(
            "SELECT d.id, d.alert_id, a.topic, i.title, d.sink, d.status, d.attempts, d.next_attempt_at,
                    d.last_error, d.created_at, d.delivered_at
             FROM deliveries d JOIN alerts a ON a.id = d.alert_id JOIN items i ON i.id = a.item_id
             WHERE (?1 IS NULL OR d.status = ?1)
             ORDER BY d.id DESC LIMIT ?2",
        )
        .context("prepare delivery list")?;
    let rows = stmt
        .query_map(params![status, limit as i64], |row| {
            Ok(DeliveryRow {
                id: row.get(0)?,
                alert_id: row.get(1)?,
                topic: row.get(2)?,
                title: row.get(3)?,
                sink: row.get(4)?,
                status: row.get(5)?,
                attempts: row.get(6)?,
                next_attempt_at: row.get(7)?,
                last_error: row.get(8)?,
                created_at: row.get(9)?,
                delivered_at: row.get(10)?,
            })
        })
        .context("query deliveries")?;
    rows.collect::<Result<Vec<_>, _>>()
        .context("read deliveries")
}

/// Puts failed deliveries (all, or one alert's) back in the queue.
pub fn requeue(
    conn: &Connection,
    alert_id: Option<&str>,
    now: Millis,
) -> Result<usize, StoreError> {
    conn.execute(
        "UPDATE deliveries SET status = 'pending', next_attempt_at = ?2, attempts = 0
         WHERE status = 'failed' AND (?1 IS NULL OR alert_id = ?1)",
        params![alert_id, now],
    )
    .context("requeue deliveries")
}

/// When the earliest head becomes due, if any delivery is pending.
pub fn next_due(conn: &Connection) -> Result<Option<Millis>, StoreError> {
    conn.query_row(
        "SELECT MIN(next_attempt_at) FROM deliveries
         WHERE id IN (SELECT MIN(id) FROM deliveries WHERE status = 'pending' GROUP BY sink)",
        [],
        |row| row.get(0),
    )
    .optional()
    .map(Option::flatten)
    .context("find next due delivery")
}
