//! The outbox on PostgreSQL (semantics as in `sqlite/outbox.rs`). Digests
//! and summaries of a sink are made under a transaction-scoped advisory
//! lock on (sink), so two replicas never make the same one twice; the
//! sink's queue lease (`replicas.rs`) already keeps its deliveries to one
//! replica at a time.

use postgres::{GenericClient, Row};

use super::{Context, Fail, Sql, key_of};
use crate::model::{AlertId, DeliveryStatus, DigestKey, ItemId, Millis, StoryId};
use crate::store::types::*;

pub(super) fn heads<C: GenericClient>(sql: &mut Sql<'_, C>) -> Result<Vec<PendingDelivery>, Fail> {
    let mut heads: Vec<PendingDelivery> = Vec::new();
    // A skip scan over deliveries_by_sink: one index probe per sink.
    let rows = sql
        .query(
            "WITH RECURSIVE sinks(name) AS (
                (SELECT sink FROM deliveries ORDER BY sink LIMIT 1)
                UNION ALL
                SELECT (SELECT sink FROM deliveries WHERE sink > sinks.name ORDER BY sink LIMIT 1)
                FROM sinks WHERE sinks.name IS NOT NULL
             )
             SELECT d.id, d.alert_id, d.sink, a.payload, d.attempts, d.created_at, d.next_attempt_at
             FROM sinks
             CROSS JOIN LATERAL (
                SELECT * FROM deliveries WHERE sink = sinks.name AND status = 'pending' ORDER BY id LIMIT 1
             ) d
             JOIN alerts a ON a.id = d.alert_id
             WHERE sinks.name IS NOT NULL",
            &[],
        )
        .context("query outbox heads")?;
    for row in rows {
        let get = |e| Fail::Pg("read outbox head", e);
        heads.push(PendingDelivery {
            row: HeadRow::Delivery(row.try_get(0).map_err(get)?),
            delivery_id: row.try_get(1).map_err(get)?,
            sink: row.try_get(2).map_err(get)?,
            kind: HeadKind::Alert,
            payloads: vec![row.try_get(3).map_err(get)?],
            attempts: row.try_get(4).map_err(get)?,
            created_at: row.try_get(5).map_err(get)?,
            next_attempt_at: row.try_get(6).map_err(get)?,
        });
    }
    let rows = sql
        .query(
            "SELECT DISTINCT ON (m.sink) m.id, m.sink, m.kind, m.topic, m.since, m.until, m.attempts,
                    m.created_at, m.next_attempt_at
             FROM messages m WHERE m.status = 'pending'
             ORDER BY m.sink, m.created_at, m.id",
            &[],
        )
        .context("query message heads")?;
    for row in rows {
        let mut message = read_message(&row)?;
        match heads.iter().position(|h| h.sink == message.sink) {
            Some(i) if heads[i].created_at <= message.created_at => continue,
            Some(i) => {
                message.payloads = message_payloads(sql, &message.delivery_id)?;
                heads[i] = message;
            }
            None => {
                message.payloads = message_payloads(sql, &message.delivery_id)?;
                heads.push(message);
            }
        }
    }
    heads.sort_by_key(|h| h.created_at);
    Ok(heads)
}

fn read_message(row: &Row) -> Result<PendingDelivery, Fail> {
    let get = |e| Fail::Pg("read message head", e);
    let kind: String = row.try_get(2).map_err(get)?;
    let kind = if kind == "digest" {
        HeadKind::Digest {
            since: row
                .try_get::<_, Option<i64>>(4)
                .map_err(get)?
                .unwrap_or_default(),
            until: row
                .try_get::<_, Option<i64>>(5)
                .map_err(get)?
                .unwrap_or_default(),
        }
    } else {
        HeadKind::Summary {
            topic: row
                .try_get::<_, Option<String>>(3)
                .map_err(get)?
                .unwrap_or_default(),
        }
    };
    let id: String = row.try_get(0).map_err(get)?;
    Ok(PendingDelivery {
        row: HeadRow::Message(id.clone()),
        delivery_id: id,
        sink: row.try_get(1).map_err(get)?,
        kind,
        payloads: Vec::new(),
        attempts: row.try_get(6).map_err(get)?,
        created_at: row.try_get(7).map_err(get)?,
        next_attempt_at: row.try_get(8).map_err(get)?,
    })
}

fn message_payloads<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    message_id: &str,
) -> Result<Vec<String>, Fail> {
    sql.query(
        "SELECT a.payload FROM deliveries d JOIN alerts a ON a.id = d.alert_id
         WHERE d.message_id = $1 ORDER BY d.id",
        &[&message_id],
    )
    .context("query message payloads")?
    .iter()
    .map(|row| row.try_get(0).context("read message payloads"))
    .collect()
}

pub(super) fn record_attempt<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    row: &HeadRow,
    result: &AttemptResult,
) -> Result<(), Fail> {
    match (row, result) {
        (HeadRow::Delivery(id), AttemptResult::Delivered { at }) => sql.execute(
            "UPDATE deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = $2,
                                   last_error = NULL WHERE id = $1",
            &[id, at],
        ),
        (HeadRow::Message(id), AttemptResult::Delivered { at }) => sql.execute(
            "UPDATE messages SET status = 'delivered', attempts = attempts + 1, delivered_at = $2,
                                 last_error = NULL WHERE id = $1",
            &[id, at],
        ),
        (
            HeadRow::Delivery(id),
            AttemptResult::Retry {
                next_attempt_at,
                error,
            },
        ) => sql.execute(
            "UPDATE deliveries SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3 WHERE id = $1",
            &[id, next_attempt_at, error],
        ),
        (
            HeadRow::Message(id),
            AttemptResult::Retry {
                next_attempt_at,
                error,
            },
        ) => sql.execute(
            "UPDATE messages SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3 WHERE id = $1",
            &[id, next_attempt_at, error],
        ),
        (HeadRow::Delivery(id), AttemptResult::Failed { error }) => sql.execute(
            "UPDATE deliveries SET status = 'failed', attempts = attempts + 1, last_error = $2 WHERE id = $1",
            &[id, error],
        ),
        (HeadRow::Message(id), AttemptResult::Failed { error }) => sql.execute(
            "UPDATE messages SET status = 'failed', attempts = attempts + 1, last_error = $2 WHERE id = $1",
            &[id, error],
        ),
    }
    .context("record delivery attempt")?;
    Ok(())
}

pub(super) fn sent_since<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    sink: &str,
    since: Millis,
) -> Result<i64, Fail> {
    sql.query_one(
        "SELECT
            (SELECT COUNT(*) FROM deliveries WHERE sink = $1 AND status = 'delivered' AND delivered_at > $2)
          + (SELECT COUNT(*) FROM messages WHERE sink = $1 AND status = 'delivered' AND delivered_at > $2)",
        &[&sink, &since],
    )
    .context("count recent deliveries")?
    .try_get(0)
    .context("read count")
}

pub(super) fn pending_count<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    sink: &str,
) -> Result<i64, Fail> {
    sql.query_one(
        "SELECT COUNT(*) FROM deliveries WHERE sink = $1 AND status = 'pending'",
        &[&sink],
    )
    .context("count pending deliveries")?
    .try_get(0)
    .context("read count")
}

/// Serialises digest and summary making per sink across replicas, for the
/// rest of the transaction.
fn lock_sink<C: GenericClient>(sql: &mut Sql<'_, C>, sink: &str) -> Result<(), Fail> {
    sql.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended('feedwatch sink ' || $1, 0))",
        &[&sink],
    )
    .context("lock sink")?;
    Ok(())
}

pub(super) fn fold_into_summaries<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    sink: &str,
    keep: usize,
    now: Millis,
) -> Result<Vec<String>, Fail> {
    lock_sink(sql, sink)?;
    let rows: Vec<(i64, String)> = sql
        .query(
            "SELECT d.id, a.topic FROM deliveries d JOIN alerts a ON a.id = d.alert_id
             WHERE d.sink = $1 AND d.status = 'pending' ORDER BY d.id OFFSET $2",
            &[&sink, &(keep as i64)],
        )
        .context("query fold")?
        .iter()
        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
        .collect::<Result<_, postgres::Error>>()
        .context("read fold")?;
    let mut topics: Vec<String> = rows.iter().map(|(_, t)| t.clone()).collect();
    topics.sort();
    topics.dedup();
    let mut ids = Vec::new();
    for topic in topics {
        let id = new_message_id(sql, now)?;
        sql.execute(
            "INSERT INTO messages (id, sink, kind, topic, status, next_attempt_at, created_at)
             VALUES ($1, $2, 'summary', $3, 'pending', $4, $4)",
            &[&id, &sink, &topic, &now],
        )
        .context("insert summary")?;
        let folded: Vec<i64> = rows
            .iter()
            .filter(|(_, t)| *t == topic)
            .map(|(d, _)| *d)
            .collect();
        sql.execute(
            "UPDATE deliveries SET status = 'folded', message_id = $2 WHERE id = ANY($1)",
            &[&folded, &id],
        )
        .context("fold delivery")?;
        ids.push(id);
    }
    Ok(ids)
}

pub(super) fn held_groups<C: GenericClient>(sql: &mut Sql<'_, C>) -> Result<Vec<HeldGroup>, Fail> {
    sql.query(
        "SELECT d.sink, d.digest, MIN(d.created_at), r.last_run
         FROM deliveries d LEFT JOIN digest_runs r ON r.sink = d.sink AND r.schedule = d.digest
         WHERE d.status = 'held' GROUP BY d.sink, d.digest, r.last_run",
        &[],
    )
    .context("query held groups")?
    .iter()
    .map(|row| {
        let get = |e| Fail::Pg("read held groups", e);
        Ok(HeldGroup {
            sink: row.try_get(0).map_err(get)?,
            schedule: DigestKey::new(
                row.try_get::<_, Option<String>>(1)
                    .map_err(get)?
                    .unwrap_or_default(),
            ),
            oldest: row.try_get(2).map_err(get)?,
            last_run: row.try_get(3).map_err(get)?,
        })
    })
    .collect()
}

pub(super) fn make_digest<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    sink: &str,
    schedule: &DigestKey,
    since: Millis,
    now: Millis,
) -> Result<Option<String>, Fail> {
    lock_sink(sql, sink)?;
    let held: i64 = sql
        .query_one(
            "SELECT COUNT(*) FROM deliveries WHERE sink = $1 AND digest = $2 AND status = 'held'",
            &[&sink, &schedule.as_str()],
        )
        .context("count held deliveries")?
        .try_get(0)
        .context("read count")?;
    if held == 0 {
        return Ok(None);
    }
    let id = new_message_id(sql, now)?;
    sql.execute(
        "INSERT INTO messages (id, sink, kind, since, until, status, next_attempt_at, created_at)
         VALUES ($1, $2, 'digest', $3, $4, 'pending', $4, $4)",
        &[&id, &sink, &since, &now],
    )
    .context("insert digest")?;
    sql.execute(
        "UPDATE deliveries SET status = 'folded', message_id = $3
         WHERE sink = $1 AND digest = $2 AND status = 'held'",
        &[&sink, &schedule.as_str(), &id],
    )
    .context("fold into digest")?;
    sql.execute(
        "INSERT INTO digest_runs (sink, schedule, last_run) VALUES ($1, $2, $3)
         ON CONFLICT (sink, schedule) DO UPDATE SET last_run = excluded.last_run",
        &[&sink, &schedule.as_str(), &now],
    )
    .context("record digest run")?;
    Ok(Some(id))
}

fn new_message_id<C: GenericClient>(sql: &mut Sql<'_, C>, now: Millis) -> Result<String, Fail> {
    loop {
        let id = format!("m{:012x}{:08x}", now, fastrand::u32(..));
        let taken = sql
            .query_opt("SELECT 1 FROM messages WHERE id = $1", &[&id])
            .context("check message id")?;
        if taken.is_none() {
            return Ok(id);
        }
    }
}

pub(super) fn counts<C: GenericClient>(sql: &mut Sql<'_, C>) -> Result<DeliveryCounts, Fail> {
    let row = sql
        .query_one(
            "SELECT
                (SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'held'))
                  + (SELECT COUNT(*) FROM deliveries d JOIN messages m ON m.id = d.message_id WHERE m.status = 'pending'),
                (SELECT COUNT(*) FROM deliveries WHERE status = 'delivered')
                  + (SELECT COUNT(*) FROM deliveries d JOIN messages m ON m.id = d.message_id WHERE m.status = 'delivered'),
                (SELECT COUNT(*) FROM deliveries WHERE status = 'failed')
                  + (SELECT COUNT(*) FROM deliveries d JOIN messages m ON m.id = d.message_id WHERE m.status = 'failed')",
            &[],
        )
        .context("count deliveries")?;
    let get = |e| Fail::Pg("read delivery counts", e);
    Ok(DeliveryCounts {
        pending: row.try_get(0).map_err(get)?,
        delivered: row.try_get(1).map_err(get)?,
        failed: row.try_get(2).map_err(get)?,
    })
}

pub(super) fn list<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    filter: &DeliveryFilter,
    limit: usize,
) -> Result<Vec<DeliveryRow>, Fail> {
    let status = filter.status.map(|s| s.key().to_string());
    let alert = filter.alert.as_ref().map(|a| a.as_str().to_string());
    sql.query(
        "SELECT d.id, d.alert_id, a.topic, COALESCE(i.title, a.payload::jsonb #>> '{item,title}', ''),
                d.sink, s.status, COALESCE(m.attempts, d.attempts), COALESCE(m.next_attempt_at, d.next_attempt_at),
                COALESCE(m.last_error, d.last_error), d.created_at, COALESCE(m.delivered_at, d.delivered_at),
                d.message_id
         FROM deliveries d
         JOIN alerts a ON a.id = d.alert_id
         LEFT JOIN items i ON i.id = a.item_id
         LEFT JOIN messages m ON m.id = d.message_id
         CROSS JOIN LATERAL (SELECT CASE WHEN d.status = 'folded' THEN m.status
                                         WHEN d.status = 'held' THEN 'pending'
                                         ELSE d.status END AS status) s
         WHERE ($1::text IS NULL OR s.status = $1::text)
           AND ($3::text IS NULL OR d.alert_id = $3::text)
           AND ($4::text IS NULL OR d.sink = $4::text)
           AND ($5::text IS NULL OR a.topic = $5::text)
         ORDER BY d.id DESC LIMIT $2",
        &[
            &status,
            &(limit.min(i64::MAX as usize) as i64),
            &alert,
            &filter.sink,
            &filter.topic,
        ],
    )
    .context("query deliveries")?
    .iter()
    .map(|row| {
        let get = |e| Fail::Pg("read deliveries", e);
        Ok(DeliveryRow {
            id: row.try_get(0).map_err(get)?,
            alert_id: AlertId::new(row.try_get::<_, String>(1).map_err(get)?),
            topic: row.try_get(2).map_err(get)?,
            title: row.try_get(3).map_err(get)?,
            sink: row.try_get(4).map_err(get)?,
            status: key_of(row.try_get(5).map_err(get)?, DeliveryStatus::from_key)?
                .unwrap_or(DeliveryStatus::Pending),
            attempts: row.try_get(6).map_err(get)?,
            next_attempt_at: row.try_get(7).map_err(get)?,
            last_error: row.try_get(8).map_err(get)?,
            created_at: row.try_get(9).map_err(get)?,
            delivered_at: row.try_get(10).map_err(get)?,
            message_id: row.try_get(11).map_err(get)?,
        })
    })
    .collect()
}

pub(super) fn requeue<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    alert_id: Option<&AlertId>,
    now: Millis,
) -> Result<usize, Fail> {
    let alert = alert_id.map(|a| a.as_str());
    let mut n = sql
        .execute(
            "UPDATE deliveries SET status = 'pending', next_attempt_at = $2, attempts = 0
             WHERE status = 'failed' AND ($1::text IS NULL OR alert_id = $1::text)",
            &[&alert, &now],
        )
        .context("requeue deliveries")?;
    n += sql
        .execute(
            "UPDATE deliveries SET status = 'pending', message_id = NULL, next_attempt_at = $2, attempts = 0
             WHERE status = 'folded' AND ($1::text IS NULL OR alert_id = $1::text)
               AND message_id IN (SELECT id FROM messages WHERE status = 'failed')",
            &[&alert, &now],
        )
        .context("requeue folded deliveries")?;
    Ok(n as usize)
}

pub(super) fn due_updates<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    now: Millis,
    sinks: &[String],
) -> Result<Vec<DueUpdate>, Fail> {
    let rows = sql
        .query(
            "SELECT story_id, sink, items FROM story_updates
             WHERE due_at <= $1 AND items != '[]' AND sink = ANY($2) ORDER BY due_at",
            &[&now, &sinks],
        )
        .context("query due updates")?;
    let mut updates = Vec::with_capacity(rows.len());
    for row in rows {
        let story = StoryId(row.try_get(0).context("read due update")?);
        let sink: String = row.try_get(1).context("read due update")?;
        let items: String = row.try_get(2).context("read due update")?;
        let summary = super::items::story_summary(sql, story)?;
        // Written by us as a JSON array of ids; a bad value only loses the list.
        let new_items: Vec<ItemId> = serde_json::from_str::<Vec<i64>>(&items)
            .unwrap_or_default()
            .into_iter()
            .map(ItemId)
            .collect();
        let topics = sql
            .query(
                "SELECT DISTINCT a.topic FROM alerts a JOIN deliveries d ON d.alert_id = a.id
                 WHERE a.story_id = $1 AND d.sink = $2 AND a.kind = 'match' ORDER BY a.topic",
                &[&story.0, &sink],
            )
            .context("query update topics")?
            .iter()
            .map(|row| row.try_get(0).context("read update topic"))
            .collect::<Result<Vec<String>, Fail>>()?;
        updates.push(DueUpdate {
            story: summary,
            sink,
            new_items,
            topics,
        });
    }
    Ok(updates)
}

pub(super) fn record_update<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    update: &DueUpdate,
    alert: &NewAlert,
    next_due: Millis,
    now: Millis,
) -> Result<(), Fail> {
    let newest = update.new_items.last().map(|i| i.0);
    sql.execute(
        "INSERT INTO alerts (id, kind, item_id, topic, payload, created_at)
         VALUES ($1, 'story_update', $2, $3, $4, $5)",
        &[
            &alert.id.as_str(),
            &newest,
            &alert.topic,
            &alert.payload,
            &now,
        ],
    )
    .context("insert story update")?;
    super::items::insert_deliveries(sql, alert, now)?;
    sql.execute(
        "UPDATE story_updates SET items = '[]', last_sent_at = $3, due_at = $4
         WHERE story_id = $1 AND sink = $2",
        &[&update.story.id.0, &update.sink, &now, &next_due],
    )
    .context("mark story update told")?;
    Ok(())
}
