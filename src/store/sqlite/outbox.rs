//! The outbox. One `deliveries` row per (alert, sink): `pending` until its
//! sink acknowledges it (`delivered`) or it can never succeed (`failed`,
//! with the reason); `held` while it waits for a digest, `folded` once a
//! digest or a flood summary (a `messages` row) carries it. Rows are never
//! deleted by delivery, so no alert is silently dropped.
//!
//! Per sink, messages go out in the order they were created: the oldest
//! pending delivery or message is the head, and a head waiting for its retry
//! blocks the rows behind it.

use super::write_transaction;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::Context;
use crate::model::{AlertId, DigestKey, ItemId, Millis, StoryId};
use crate::store::StoreError;
use crate::store::types::*;

/// The head of each sink's queue.
pub(super) fn heads(conn: &Connection) -> Result<Vec<PendingDelivery>, StoreError> {
    let mut heads: Vec<PendingDelivery> = Vec::new();
    let mut stmt = conn
        .prepare_cached(
            // A skip scan over deliveries_by_sink: one index probe per sink,
            // so finding the heads costs O(sinks * log n), not a scan of every
            // pending row (draining a backlog would be quadratic).
            "WITH RECURSIVE sinks(name) AS (
                SELECT (SELECT sink FROM deliveries ORDER BY sink LIMIT 1)
                UNION ALL
                SELECT (SELECT sink FROM deliveries WHERE sink > sinks.name ORDER BY sink LIMIT 1)
                FROM sinks WHERE sinks.name IS NOT NULL
             ), firsts(id) AS (
                SELECT (SELECT id FROM deliveries WHERE sink = sinks.name AND status = 'pending' ORDER BY id LIMIT 1)
                FROM sinks WHERE sinks.name IS NOT NULL
             )
             SELECT d.id, d.alert_id, d.sink, a.payload, d.attempts, d.created_at, d.next_attempt_at
             FROM firsts JOIN deliveries d ON d.id = firsts.id JOIN alerts a ON a.id = d.alert_id",
        )
        .context("prepare outbox heads")?;
    let rows = stmt
        .query_map([], |row| {
            Ok(PendingDelivery {
                row: HeadRow::Delivery(row.get(0)?),
                delivery_id: row.get(1)?,
                sink: row.get(2)?,
                kind: HeadKind::Alert,
                payloads: vec![row.get(3)?],
                attempts: row.get(4)?,
                created_at: row.get(5)?,
                next_attempt_at: row.get(6)?,
            })
        })
        .context("query outbox heads")?;
    for row in rows {
        heads.push(row.context("read outbox head")?);
    }
    let mut stmt = conn
        .prepare_cached(
            "SELECT m.id, m.sink, m.kind, m.topic, m.since, m.until, m.attempts, m.created_at, m.next_attempt_at
             FROM messages m
             WHERE m.status = 'pending' AND m.created_at = (
                SELECT MIN(created_at) FROM messages WHERE status = 'pending' AND sink = m.sink)",
        )
        .context("prepare message heads")?;
    let messages = stmt
        .query_map([], |row| {
            let kind: String = row.get(2)?;
            let kind = if kind == "digest" {
                HeadKind::Digest {
                    since: row.get::<_, Option<Millis>>(4)?.unwrap_or_default(),
                    until: row.get::<_, Option<Millis>>(5)?.unwrap_or_default(),
                }
            } else {
                HeadKind::Summary {
                    topic: row.get::<_, Option<String>>(3)?.unwrap_or_default(),
                }
            };
            let id: String = row.get(0)?;
            Ok(PendingDelivery {
                row: HeadRow::Message(id.clone()),
                delivery_id: id,
                sink: row.get(1)?,
                kind,
                payloads: Vec::new(),
                attempts: row.get(6)?,
                created_at: row.get(7)?,
                next_attempt_at: row.get(8)?,
            })
        })
        .context("query message heads")?;
    for message in messages {
        let mut message = message.context("read message head")?;
        // Older of the two heads of a sink goes first.
        match heads.iter().position(|h| h.sink == message.sink) {
            Some(i) if heads[i].created_at <= message.created_at => continue,
            Some(i) => {
                message.payloads = message_payloads(conn, &message.delivery_id)?;
                heads[i] = message;
            }
            None => {
                message.payloads = message_payloads(conn, &message.delivery_id)?;
                heads.push(message);
            }
        }
    }
    heads.sort_by_key(|h| h.created_at);
    Ok(heads)
}

fn message_payloads(conn: &Connection, message_id: &str) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT a.payload FROM deliveries d JOIN alerts a ON a.id = d.alert_id
             WHERE d.message_id = ?1 ORDER BY d.id",
        )
        .context("prepare message payloads")?;
    let rows = stmt
        .query_map([message_id], |row| row.get(0))
        .context("query message payloads")?;
    rows.collect::<Result<Vec<String>, _>>()
        .context("read message payloads")
}

fn table(row: &HeadRow) -> (&'static str, rusqlite::types::Value) {
    match row {
        HeadRow::Delivery(id) => ("deliveries", (*id).into()),
        HeadRow::Message(id) => ("messages", id.clone().into()),
    }
}

pub(super) fn record_attempt(
    conn: &Connection,
    row: &HeadRow,
    result: &AttemptResult,
) -> Result<(), StoreError> {
    let (table, id) = table(row);
    match result {
        AttemptResult::Delivered { at } => conn.execute(
            &format!(
                "UPDATE {table} SET status = 'delivered', attempts = attempts + 1, delivered_at = ?2, last_error = NULL
                 WHERE id = ?1"
            ),
            params![id, at],
        ),
        AttemptResult::Retry {
            next_attempt_at,
            error,
        } => conn.execute(
            &format!("UPDATE {table} SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3 WHERE id = ?1"),
            params![id, next_attempt_at, error],
        ),
        AttemptResult::Failed { error } => conn.execute(
            &format!("UPDATE {table} SET status = 'failed', attempts = attempts + 1, last_error = ?2 WHERE id = ?1"),
            params![id, error],
        ),
    }
    .context("record delivery attempt")?;
    Ok(())
}

pub(super) fn sent_since(conn: &Connection, sink: &str, since: Millis) -> Result<i64, StoreError> {
    conn.query_row(
        "SELECT COUNT(*) FROM (
            SELECT delivered_at AS t FROM deliveries WHERE sink = ?1 AND status = 'delivered' AND delivered_at > ?2
            UNION ALL
            SELECT delivered_at FROM messages WHERE sink = ?1 AND status = 'delivered' AND delivered_at > ?2)",
        params![sink, since],
        |row| row.get(0),
    )
    .context("count recent deliveries")
}

pub(super) fn pending_count(conn: &Connection, sink: &str) -> Result<i64, StoreError> {
    conn.query_row(
        "SELECT COUNT(*) FROM deliveries WHERE sink = ?1 AND status = 'pending'",
        [sink],
        |row| row.get(0),
    )
    .context("count pending deliveries")
}

pub(super) fn fold_into_summaries(
    conn: &mut Connection,
    sink: &str,
    keep: usize,
    now: Millis,
) -> Result<Vec<String>, StoreError> {
    let tx = write_transaction(conn).context("begin fold")?;
    let rows: Vec<(i64, String)> = {
        let mut stmt = tx
            .prepare(
                "SELECT d.id, a.topic FROM deliveries d JOIN alerts a ON a.id = d.alert_id
                 WHERE d.sink = ?1 AND d.status = 'pending' ORDER BY d.id LIMIT -1 OFFSET ?2",
            )
            .context("prepare fold")?;
        let rows = stmt
            .query_map(params![sink, keep as i64], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .context("query fold")?;
        rows.collect::<Result<Vec<_>, _>>().context("read fold")?
    };
    let mut topics: Vec<String> = rows.iter().map(|(_, t)| t.clone()).collect();
    topics.sort();
    topics.dedup();
    let mut ids = Vec::new();
    for topic in topics {
        let id = new_message_id(&tx, now)?;
        tx.execute(
            "INSERT INTO messages (id, sink, kind, topic, status, next_attempt_at, created_at)
             VALUES (?1, ?2, 'summary', ?3, 'pending', ?4, ?4)",
            params![id, sink, topic, now],
        )
        .context("insert summary")?;
        for (delivery, _) in rows.iter().filter(|(_, t)| *t == topic) {
            tx.execute(
                "UPDATE deliveries SET status = 'folded', message_id = ?2 WHERE id = ?1",
                params![delivery, id],
            )
            .context("fold delivery")?;
        }
        ids.push(id);
    }
    tx.commit().context("commit fold")?;
    Ok(ids)
}

pub(super) fn held_groups(conn: &Connection) -> Result<Vec<HeldGroup>, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT d.sink, d.digest, MIN(d.created_at), r.last_run
             FROM deliveries d LEFT JOIN digest_runs r ON r.sink = d.sink AND r.schedule = d.digest
             WHERE d.status = 'held' GROUP BY d.sink, d.digest",
        )
        .context("prepare held groups")?;
    let rows = stmt
        .query_map([], |row| {
            Ok(HeldGroup {
                sink: row.get(0)?,
                schedule: row
                    .get::<_, Option<DigestKey>>(1)?
                    .unwrap_or_else(|| DigestKey::new("")),
                oldest: row.get(2)?,
                last_run: row.get(3)?,
            })
        })
        .context("query held groups")?;
    rows.collect::<Result<Vec<_>, _>>()
        .context("read held groups")
}

pub(super) fn make_digest(
    conn: &mut Connection,
    sink: &str,
    schedule: &DigestKey,
    since: Millis,
    now: Millis,
) -> Result<Option<String>, StoreError> {
    let tx = write_transaction(conn).context("begin digest")?;
    let held: i64 = tx
        .query_row(
            "SELECT COUNT(*) FROM deliveries WHERE sink = ?1 AND digest = ?2 AND status = 'held'",
            params![sink, schedule],
            |row| row.get(0),
        )
        .context("count held deliveries")?;
    if held == 0 {
        return Ok(None);
    }
    let id = new_message_id(&tx, now)?;
    tx.execute(
        "INSERT INTO messages (id, sink, kind, since, until, status, next_attempt_at, created_at)
         VALUES (?1, ?2, 'digest', ?3, ?4, 'pending', ?4, ?4)",
        params![id, sink, since, now],
    )
    .context("insert digest")?;
    tx.execute(
        "UPDATE deliveries SET status = 'folded', message_id = ?3
         WHERE sink = ?1 AND digest = ?2 AND status = 'held'",
        params![sink, schedule, id],
    )
    .context("fold into digest")?;
    tx.execute(
        "INSERT INTO digest_runs (sink, schedule, last_run) VALUES (?1, ?2, ?3)
         ON CONFLICT (sink, schedule) DO UPDATE SET last_run = excluded.last_run",
        params![sink, schedule, now],
    )
    .context("record digest run")?;
    tx.commit().context("commit digest")?;
    Ok(Some(id))
}

fn new_message_id(tx: &Transaction, now: Millis) -> Result<String, StoreError> {
    loop {
        let id = format!("m{:012x}{:08x}", now, fastrand::u32(..));
        let taken: Option<i64> = tx
            .query_row("SELECT 1 FROM messages WHERE id = ?1", [&id], |row| {
                row.get(0)
            })
            .optional()
            .context("check message id")?;
        if taken.is_none() {
            return Ok(id);
        }
    }
}

pub(super) fn counts(conn: &Connection) -> Result<DeliveryCounts, StoreError> {
    conn.query_row(
        "SELECT
            (SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'held'))
              + (SELECT COUNT(*) FROM deliveries d JOIN messages m ON m.id = d.message_id WHERE m.status = 'pending'),
            (SELECT COUNT(*) FROM deliveries WHERE status = 'delivered')
              + (SELECT COUNT(*) FROM deliveries d JOIN messages m ON m.id = d.message_id WHERE m.status = 'delivered'),
            (SELECT COUNT(*) FROM deliveries WHERE status = 'failed')
              + (SELECT COUNT(*) FROM deliveries d JOIN messages m ON m.id = d.message_id WHERE m.status = 'failed')",
        [],
        |row| {
            Ok(DeliveryCounts {
                pending: row.get(0)?,
                delivered: row.get(1)?,
                failed: row.get(2)?,
            })
        },
    )
    .context("count deliveries")
}

pub(super) fn list(
    conn: &Connection,
    filter: &DeliveryFilter,
    limit: usize,
) -> Result<Vec<DeliveryRow>, StoreError> {
    let mut stmt = conn
        .prepare(
            "SELECT d.id, d.alert_id, a.topic, COALESCE(i.title, json_extract(a.payload, '$.item.title'), ''),
                    d.sink, s.status, COALESCE(m.attempts, d.attempts), COALESCE(m.next_attempt_at, d.next_attempt_at),
                    COALESCE(m.last_error, d.last_error), d.created_at, COALESCE(m.delivered_at, d.delivered_at),
                    d.message_id
             FROM deliveries d
             JOIN alerts a ON a.id = d.alert_id
             LEFT JOIN items i ON i.id = a.item_id
             LEFT JOIN messages m ON m.id = d.message_id
             JOIN (SELECT d2.id AS id,
                          CASE WHEN d2.status = 'folded' THEN m2.status
                               WHEN d2.status = 'held' THEN 'pending'
                               ELSE d2.status END AS status
                   FROM deliveries d2 LEFT JOIN messages m2 ON m2.id = d2.message_id) s ON s.id = d.id
             WHERE (?1 IS NULL OR s.status = ?1)
               AND (?3 IS NULL OR d.alert_id = ?3)
               AND (?4 IS NULL OR d.sink = ?4)
               AND (?5 IS NULL OR a.topic = ?5)
             ORDER BY d.id DESC LIMIT ?2",
        )
        .context("prepare delivery list")?;
    let rows = stmt
        .query_map(
            params![
                filter.status,
                limit as i64,
                filter.alert,
                filter.sink,
                filter.topic
            ],
            |row| {
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
                    message_id: row.get(11)?,
                })
            },
        )
        .context("query deliveries")?;
    rows.collect::<Result<Vec<_>, _>>()
        .context("read deliveries")
}

/// Puts failed deliveries and messages (all, or one alert's) back in the queue.
pub(super) fn requeue(
    conn: &mut Connection,
    alert_id: Option<&AlertId>,
    now: Millis,
) -> Result<usize, StoreError> {
    let tx = write_transaction(conn).context("begin requeue")?;
    let mut n = tx
        .execute(
            "UPDATE deliveries SET status = 'pending', next_attempt_at = ?2, attempts = 0
             WHERE status = 'failed' AND (?1 IS NULL OR alert_id = ?1)",
            params![alert_id, now],
        )
        .context("requeue deliveries")?;
    // A failed digest or summary: its alerts go back out one by one.
    n += tx
        .execute(
            "UPDATE deliveries SET status = 'pending', message_id = NULL, next_attempt_at = ?2, attempts = 0
             WHERE status = 'folded' AND (?1 IS NULL OR alert_id = ?1)
               AND message_id IN (SELECT id FROM messages WHERE status = 'failed')",
            params![alert_id, now],
        )
        .context("requeue folded deliveries")?;
    tx.commit().context("commit requeue")?;
    Ok(n)
}

pub(super) fn due_updates(
    conn: &Connection,
    now: Millis,
    sinks: &[String],
) -> Result<Vec<DueUpdate>, StoreError> {
    let sinks = serde_json::to_string(sinks).unwrap_or_else(|_| "[]".to_string());
    let rows: Vec<(StoryId, String, String)> = {
        let mut stmt = conn
            .prepare_cached(
                "SELECT story_id, sink, items FROM story_updates
                 WHERE due_at <= ?1 AND items != '[]'
                   AND sink IN (SELECT value FROM json_each(?2)) ORDER BY due_at",
            )
            .context("prepare due updates")?;
        let rows = stmt
            .query_map(params![now, sinks], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .context("query due updates")?;
        rows.collect::<Result<Vec<_>, _>>()
            .context("read due updates")?
    };
    let mut updates = Vec::with_capacity(rows.len());
    for (story, sink, items) in rows {
        let summary = super::items::story_summary(conn, story)?;
        // Written by us as a JSON array of ids; a bad value only loses the list.
        let new_items: Vec<ItemId> = serde_json::from_str::<Vec<i64>>(&items)
            .unwrap_or_default()
            .into_iter()
            .map(ItemId)
            .collect();
        let topics = {
            let mut stmt = conn
                .prepare_cached(
                    "SELECT DISTINCT a.topic FROM alerts a JOIN deliveries d ON d.alert_id = a.id
                     WHERE a.story_id = ?1 AND d.sink = ?2 AND a.kind = 'match' ORDER BY a.topic",
                )
                .context("prepare update topics")?;
            let rows = stmt
                .query_map(params![story, sink], |row| row.get(0))
                .context("query update topics")?;
            rows.collect::<Result<Vec<String>, _>>()
                .context("read update topics")?
        };
        updates.push(DueUpdate {
            story: summary,
            sink,
            new_items,
            topics,
        });
    }
    Ok(updates)
}

pub(super) fn record_update(
    conn: &mut Connection,
    update: &DueUpdate,
    alert: &NewAlert,
    next_due: Millis,
    now: Millis,
) -> Result<(), StoreError> {
    let tx = write_transaction(conn).context("begin story update")?;
    let newest = update.new_items.last().copied();
    tx.execute(
        "INSERT INTO alerts (id, kind, item_id, topic, payload, created_at)
         VALUES (?1, 'story_update', ?2, ?3, ?4, ?5)",
        params![alert.id, newest, alert.topic, alert.payload, now],
    )
    .context("insert story update")?;
    super::items::insert_deliveries(&tx, alert, now)?;
    tx.execute(
        "UPDATE story_updates SET items = '[]', last_sent_at = ?3, due_at = ?4
         WHERE story_id = ?1 AND sink = ?2",
        params![update.story.id, update.sink, now, next_due],
    )
    .context("mark story update told")?;
    tx.commit().context("commit story update")
}
