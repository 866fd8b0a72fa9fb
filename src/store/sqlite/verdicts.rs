//! Feedback: the user's verdicts on matches (the topics' models learn from
//! them), the matches the models held back, and small settings.

use super::write_transaction;
use rusqlite::{Connection, OptionalExtension, params};

use super::Context;
use crate::model::{AlertId, ItemId, Millis};
use crate::store::StoreError;
use crate::store::types::*;

const VERDICT_COLUMNS: &str = "v.id, v.topic, v.item_id, v.alert_id, v.relevant, v.note, v.source,
     v.features, v.created_at, v.undone_at, f.name, i.title, i.story_id";

fn read_verdict(row: &rusqlite::Row) -> rusqlite::Result<Verdict> {
    Ok(Verdict {
        id: row.get(0)?,
        topic: row.get(1)?,
        item: row.get(2)?,
        alert: row.get(3)?,
        relevant: row.get(4)?,
        note: row.get(5)?,
        source: row.get(6)?,
        features: row.get(7)?,
        created_at: row.get(8)?,
        undone_at: row.get(9)?,
        feed: row.get(10)?,
        title: row.get(11)?,
        story: crate::store::StoryId(row.get(12)?),
    })
}

fn verdict_by_id(conn: &Connection, id: i64) -> Result<Option<Verdict>, StoreError> {
    conn.prepare_cached(&format!(
        "SELECT {VERDICT_COLUMNS} FROM verdicts v
         JOIN items i ON i.id = v.item_id JOIN feeds f ON f.id = i.feed_id
         WHERE v.id = ?1"
    ))
    .context("prepare verdict")?
    .query_row([id], read_verdict)
    .optional()
    .context("load verdict")
}

pub(super) fn record(
    conn: &mut Connection,
    verdict: &NewVerdict,
    now: Millis,
) -> Result<Verdict, StoreError> {
    let tx = write_transaction(conn).context("begin verdict")?;
    tx.execute(
        "UPDATE verdicts SET undone_at = ?3
         WHERE topic = ?1 AND item_id = ?2 AND undone_at IS NULL",
        params![verdict.topic, verdict.item, now],
    )
    .context("supersede verdict")?;
    tx.execute(
        "INSERT INTO verdicts (topic, item_id, alert_id, relevant, note, source, features, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            verdict.topic,
            verdict.item,
            verdict.alert,
            verdict.relevant,
            verdict.note,
            verdict.source,
            verdict.features,
            now
        ],
    )
    .context("insert verdict")?;
    let id = tx.last_insert_rowid();
    let stored = verdict_by_id(&tx, id)?;
    tx.commit().context("commit verdict")?;
    stored.ok_or(StoreError::Query {
        action: "read the verdict back",
        reason: format!("verdict {id} vanished"),
    })
}

pub(super) fn undo(conn: &Connection, id: i64, now: Millis) -> Result<Option<Verdict>, StoreError> {
    let changed = conn
        .execute(
            "UPDATE verdicts SET undone_at = ?2 WHERE id = ?1 AND undone_at IS NULL",
            params![id, now],
        )
        .context("undo verdict")?;
    if changed == 0 {
        return Ok(None);
    }
    verdict_by_id(conn, id)
}

pub(super) fn list(
    conn: &Connection,
    filter: &VerdictFilter,
    limit: usize,
) -> Result<Vec<Verdict>, StoreError> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {VERDICT_COLUMNS} FROM verdicts v
             JOIN items i ON i.id = v.item_id JOIN feeds f ON f.id = i.feed_id
             WHERE (?1 IS NULL OR v.topic = ?1) AND (?2 OR v.undone_at IS NULL)
             ORDER BY v.id DESC LIMIT ?3"
        ))
        .context("prepare verdicts")?;
    let rows = stmt
        .query_map(
            params![
                filter.topic,
                filter.include_undone,
                limit.min(i64::MAX as usize) as i64
            ],
            read_verdict,
        )
        .context("query verdicts")?;
    rows.collect::<Result<Vec<_>, _>>().context("read verdicts")
}

pub(super) fn version(conn: &Connection) -> Result<(i64, i64), StoreError> {
    conn.query_row(
        "SELECT COALESCE(MAX(id), 0), COUNT(undone_at) FROM verdicts",
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
    .context("read verdict version")
}

pub(super) fn suppressed(
    conn: &Connection,
    topic: Option<&str>,
    limit: usize,
) -> Result<Vec<SuppressedMatch>, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT m.item_id, m.topic, f.name, i.title, i.link, i.first_seen, m.model
             FROM matches m JOIN items i ON i.id = m.item_id JOIN feeds f ON f.id = i.feed_id
             WHERE m.suppressed = 1 AND (?1 IS NULL OR m.topic = ?1)
             ORDER BY m.item_id DESC LIMIT ?2",
        )
        .context("prepare suppressed matches")?;
    let rows = stmt
        .query_map(params![topic, limit.min(i64::MAX as usize) as i64], |row| {
            Ok(SuppressedMatch {
                item: row.get::<_, ItemId>(0)?,
                topic: row.get(1)?,
                feed: row.get(2)?,
                title: row.get(3)?,
                link: row.get(4)?,
                first_seen: row.get(5)?,
                model: row.get(6)?,
            })
        })
        .context("query suppressed matches")?;
    rows.collect::<Result<Vec<_>, _>>()
        .context("read suppressed matches")
}

pub(super) fn alert_origin(
    conn: &Connection,
    id: &AlertId,
) -> Result<Option<AlertOrigin>, StoreError> {
    conn.query_row(
        "SELECT topic, item_id FROM alerts WHERE id = ?1",
        [id],
        |row| {
            Ok(AlertOrigin {
                topic: row.get(0)?,
                item: row.get(1)?,
            })
        },
    )
    .optional()
    .context("load alert origin")
}

pub(super) fn setting_or_insert(
    conn: &Connection,
    name: &str,
    value: &str,
) -> Result<String, StoreError> {
    conn.execute(
        "INSERT OR IGNORE INTO settings (name, value) VALUES (?1, ?2)",
        params![name, value],
    )
    .context("store setting")?;
    conn.query_row(
        "SELECT value FROM settings WHERE name = ?1",
        [name],
        |row| row.get(0),
    )
    .context("read setting")
}
