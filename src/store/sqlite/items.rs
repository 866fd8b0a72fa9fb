//! Items, their identity keys, stories, matches and the alerts they raise,
//! all written in one transaction per poll so a crash can neither lose an
//! alert nor raise one twice when the poll is replayed.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::Context;
use crate::dedup::EntryKeys;
use crate::model::{Entry, FeedId, ItemId, Millis};
use crate::store::StoreError;
use crate::store::types::*;

/// Queues one delivery per recipient of a freshly inserted alert.
pub(super) fn insert_deliveries(
    tx: &Transaction,
    alert: &NewAlert,
    now: Millis,
) -> Result<(), StoreError> {
    let mut stmt = tx
        .prepare_cached(
            "INSERT INTO deliveries (alert_id, sink, status, digest, next_attempt_at, created_at)
             VALUES (?1, ?2, CASE WHEN ?3 IS NULL THEN 'pending' ELSE 'held' END, ?3, ?4, ?4)",
        )
        .context("prepare delivery insert")?;
    for recipient in &alert.recipients {
        stmt.execute(params![alert.id, recipient.sink, recipient.digest, now])
            .context("insert delivery")?;
    }
    Ok(())
}

/// Stores a poll's entries inside the poll's transaction.
pub(super) fn ingest(
    tx: &Transaction,
    feed_id: FeedId,
    entries: &[IngestEntry],
    poll_at: Millis,
    story_window_ms: Millis,
) -> Result<IngestReport, StoreError> {
    let mut report = IngestReport::default();
    for item in entries {
        if let Some(existing) = find_item(tx, &item.keys.identity)? {
            // Seen before; remember any new key (a changed GUID) so the next
            // lookup finds it directly.
            insert_keys(tx, existing, &item.keys.identity)?;
            report.seen_items += 1;
            continue;
        }
        let story_id = story_for(tx, &item.keys, &item.entry.title, poll_at, story_window_ms)?;
        let item_id = insert_item(tx, feed_id, story_id, item, poll_at)?;
        insert_keys(tx, item_id, &item.keys.identity)?;
        for (topic, details) in &item.matches {
            run(
                tx,
                "INSERT OR IGNORE INTO matches (item_id, topic, details) VALUES (?1, ?2, ?3)",
                params![item_id, topic, details],
            )
            .context("insert match")?;
            report.new_matches.push(topic.clone());
        }
        report.new_items += 1;
        if !item.alertable {
            continue;
        }
        for alert in &item.alerts {
            let inserted = run(
                tx,
                "INSERT OR IGNORE INTO alerts (id, story_id, item_id, topic, payload, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    alert.id,
                    story_id,
                    item_id,
                    alert.topic,
                    alert.payload,
                    poll_at
                ],
            )
            .context("insert alert")?;
            if inserted == 0 {
                report.duplicate_stories += 1;
                continue;
            }
            insert_deliveries(tx, alert, poll_at)?;
            report.alerts.push(alert.id.clone());
        }
    }
    Ok(report)
}

fn find_item(tx: &Transaction, keys: &[String]) -> Result<Option<ItemId>, StoreError> {
    let mut stmt = tx
        .prepare_cached("SELECT item_id FROM item_keys WHERE key = ?1")
        .context("prepare key lookup")?;
    for key in keys {
        if let Some(id) = stmt
            .query_row([key], |row| row.get(0))
            .optional()
            .context("look up key")?
        {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

fn insert_keys(tx: &Transaction, item_id: ItemId, keys: &[String]) -> Result<(), StoreError> {
    let mut stmt = tx
        .prepare_cached("INSERT OR IGNORE INTO item_keys (key, item_id) VALUES (?1, ?2)")
        .context("prepare key insert")?;
    for key in keys {
        stmt.execute(params![key, item_id]).context("insert key")?;
    }
    Ok(())
}

/// The story this entry belongs to: an existing one with the same headline
/// seen within the window, or a new one.
fn story_for(
    tx: &Transaction,
    keys: &EntryKeys,
    title: &str,
    now: Millis,
    window: Millis,
) -> Result<i64, StoreError> {
    if let Some(key) = &keys.story {
        let existing: Option<i64> = tx
            .prepare_cached(STORY_LOOKUP)
            .context("prepare story lookup")?
            .query_row(params![key, now - window], |row| row.get(0))
            .optional()
            .context("look up story")?;
        if let Some(id) = existing {
            return Ok(id);
        }
    }
    run(
        tx,
        "INSERT INTO stories (title, created_at) VALUES (?1, ?2)",
        params![title, now],
    )
    .context("insert story")?;
    let story_id = tx.last_insert_rowid();
    if let Some(key) = &keys.story {
        run(
            tx,
            "INSERT OR REPLACE INTO story_keys (key, story_id, created_at) VALUES (?1, ?2, ?3)",
            params![key, story_id, now],
        )
        .context("insert story key")?;
    }
    Ok(story_id)
}

const STORY_LOOKUP: &str = "SELECT story_id FROM story_keys WHERE key = ?1 AND created_at >= ?2";

/// Runs a statement through the connection's statement cache: an ingest runs
/// the same few statements for every item of every feed.
fn run(tx: &Transaction, sql: &str, params: impl rusqlite::Params) -> rusqlite::Result<usize> {
    tx.prepare_cached(sql)?.execute(params)
}

fn insert_item(
    tx: &Transaction,
    feed_id: FeedId,
    story_id: i64,
    item: &IngestEntry,
    now: Millis,
) -> Result<ItemId, StoreError> {
    let e = &item.entry;
    let categories = serde_json::to_string(&e.categories).unwrap_or_else(|_| "[]".to_string());
    run(
        tx,
        "INSERT INTO items (feed_id, story_id, guid, link, canonical_link, title, summary, content,
                            author, categories, published, first_seen)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            feed_id,
            story_id,
            e.guid,
            e.link,
            item.keys.canonical_link,
            e.title,
            e.summary,
            e.content,
            e.author,
            categories,
            e.published.map(|p| p.timestamp_millis()),
            now
        ],
    )
    .context("insert item")?;
    Ok(ItemId(tx.last_insert_rowid()))
}

pub(super) fn recent_items(
    conn: &Connection,
    since: Option<Millis>,
    feed: Option<&str>,
    limit: usize,
) -> Result<Vec<StoredItem>, StoreError> {
    let mut stmt = conn
        .prepare(
            "SELECT i.id, f.name, i.guid, i.link, i.title, i.summary, i.content, i.author, i.categories,
                    i.published, i.first_seen
             FROM items i JOIN feeds f ON f.id = i.feed_id
             WHERE (?1 IS NULL OR COALESCE(i.published, i.first_seen) >= ?1)
               AND (?2 IS NULL OR f.name = ?2)
             ORDER BY COALESCE(i.published, i.first_seen) DESC, i.id DESC
             LIMIT ?3",
        )
        .context("prepare recent items")?;
    let rows = stmt
        .query_map(params![since, feed, limit as i64], read_item)
        .context("query recent items")?;
    rows.collect::<Result<Vec<_>, _>>().context("read items")
}

pub(super) fn item_by_id(conn: &Connection, id: ItemId) -> Result<Option<StoredItem>, StoreError> {
    conn.query_row(
        "SELECT i.id, f.name, i.guid, i.link, i.title, i.summary, i.content, i.author, i.categories,
                i.published, i.first_seen
         FROM items i JOIN feeds f ON f.id = i.feed_id WHERE i.id = ?1",
        [id],
        read_item,
    )
    .optional()
    .context("load item")
}

fn read_item(row: &rusqlite::Row) -> rusqlite::Result<StoredItem> {
    let categories: String = row.get(8)?;
    let published: Option<i64> = row.get(9)?;
    Ok(StoredItem {
        id: row.get(0)?,
        feed: row.get(1)?,
        entry: Entry {
            guid: row.get(2)?,
            link: row.get(3)?,
            title: row.get(4)?,
            summary: row.get(5)?,
            content: row.get(6)?,
            author: row.get(7)?,
            categories: serde_json::from_str(&categories).unwrap_or_default(),
            published: published.and_then(chrono::DateTime::from_timestamp_millis),
        },
        first_seen: row.get(10)?,
    })
}
