//! Items, their keys, stories, matches and the alerts they raise, on
//! PostgreSQL, inside the poll's transaction (semantics as in
//! `sqlite/items.rs`). Every identity key of the poll's entries is looked
//! up in one round trip.

use std::collections::HashMap;

use postgres::{GenericClient, Row};

use super::{Context, Fail, Sql};
use crate::dedup::EntryKeys;
use crate::model::{AlertId, Entry, FeedId, ItemId, Millis};
use crate::store::types::*;

/// Queues one delivery per recipient of a freshly inserted alert.
pub(super) fn insert_deliveries<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    alert: &NewAlert,
    now: Millis,
) -> Result<(), Fail> {
    for recipient in &alert.recipients {
        let digest = recipient.digest.as_ref().map(|d| d.as_str());
        sql.execute(
            "INSERT INTO deliveries (alert_id, sink, status, digest, next_attempt_at, created_at)
             VALUES ($1, $2, CASE WHEN $3::text IS NULL THEN 'pending' ELSE 'held' END, $3, $4, $4)",
            &[&alert.id.as_str(), &recipient.sink, &digest, &now],
        )
        .context("insert delivery")?;
    }
    Ok(())
}

pub(super) fn ingest<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    feed_id: FeedId,
    entries: &[IngestEntry],
    poll_at: Millis,
    story_window_ms: Millis,
) -> Result<IngestReport, Fail> {
    let mut report = IngestReport::default();
    let all_keys: Vec<&str> = entries
        .iter()
        .flat_map(|e| e.keys.identity.iter().map(String::as_str))
        .collect();
    let mut known: HashMap<String, i64> = HashMap::new();
    for row in sql
        .query(
            "SELECT key, item_id FROM item_keys WHERE key = ANY($1)",
            &[&all_keys],
        )
        .context("look up keys")?
    {
        known.insert(
            row.try_get(0).context("read key")?,
            row.try_get(1).context("read key")?,
        );
    }
    for item in entries {
        let existing = item
            .keys
            .identity
            .iter()
            .find_map(|k| known.get(k).copied());
        if let Some(existing) = existing {
            // Seen before; remember any new key (a changed GUID).
            let new_keys: Vec<&str> = item
                .keys
                .identity
                .iter()
                .filter(|k| !known.contains_key(*k))
                .map(String::as_str)
                .collect();
            insert_keys(sql, existing, &new_keys, &mut known)?;
            report.seen_items += 1;
            continue;
        }
        let story_id = story_for(sql, &item.keys, &item.entry.title, poll_at, story_window_ms)?;
        let item_id = insert_item(sql, feed_id, story_id, item, poll_at)?;
        let keys: Vec<&str> = item.keys.identity.iter().map(String::as_str).collect();
        insert_keys(sql, item_id, &keys, &mut known)?;
        for (topic, details) in &item.matches {
            sql.execute(
                "INSERT INTO matches (item_id, topic, details) VALUES ($1, $2, $3)
                 ON CONFLICT DO NOTHING",
                &[&item_id, topic, details],
            )
            .context("insert match")?;
        }
        report.new_items += 1;
        if !item.alertable {
            continue;
        }
        for alert in &item.alerts {
            let inserted = sql
                .execute(
                    "INSERT INTO alerts (id, story_id, item_id, topic, payload, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                    &[
                        &alert.id.as_str(),
                        &story_id,
                        &item_id,
                        &alert.topic,
                        &alert.payload,
                        &poll_at,
                    ],
                )
                .context("insert alert")?;
            if inserted == 0 {
                report.duplicate_stories += 1;
                continue;
            }
            insert_deliveries(sql, alert, poll_at)?;
            report.alerts.push(AlertId::new(alert.id.as_str()));
        }
    }
    Ok(report)
}

fn insert_keys<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    item_id: i64,
    keys: &[&str],
    known: &mut HashMap<String, i64>,
) -> Result<(), Fail> {
    if keys.is_empty() {
        return Ok(());
    }
    sql.execute(
        "INSERT INTO item_keys (key, item_id) SELECT k, $2 FROM unnest($1::text[]) AS k
         ON CONFLICT DO NOTHING",
        &[&keys, &item_id],
    )
    .context("insert keys")?;
    for key in keys {
        known.entry((*key).to_string()).or_insert(item_id);
    }
    Ok(())
}

fn story_for<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    keys: &EntryKeys,
    title: &str,
    now: Millis,
    window: Millis,
) -> Result<i64, Fail> {
    if let Some(key) = &keys.story {
        let existing = sql
            .query_opt(
                "SELECT story_id FROM story_keys WHERE key = $1 AND created_at >= $2",
                &[key, &(now - window)],
            )
            .context("look up story")?;
        if let Some(row) = existing {
            return row.try_get(0).context("read story");
        }
    }
    let story_id: i64 = sql
        .query_one(
            "INSERT INTO stories (title, created_at) VALUES ($1, $2) RETURNING id",
            &[&title, &now],
        )
        .context("insert story")?
        .try_get(0)
        .context("read story id")?;
    if let Some(key) = &keys.story {
        sql.execute(
            "INSERT INTO story_keys (key, story_id, created_at) VALUES ($1, $2, $3)
             ON CONFLICT (key) DO UPDATE SET story_id = excluded.story_id, created_at = excluded.created_at",
            &[key, &story_id, &now],
        )
        .context("insert story key")?;
    }
    Ok(story_id)
}

fn insert_item<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    feed_id: FeedId,
    story_id: i64,
    item: &IngestEntry,
    now: Millis,
) -> Result<i64, Fail> {
    let e = &item.entry;
    let categories = serde_json::to_string(&e.categories).unwrap_or_else(|_| "[]".to_string());
    let published = e.published.map(|p| p.timestamp_millis());
    sql.query_one(
        "INSERT INTO items (feed_id, story_id, guid, link, canonical_link, title, summary, content,
                            author, categories, published, first_seen)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        &[
            &feed_id.0,
            &story_id,
            &e.guid,
            &e.link,
            &item.keys.canonical_link,
            &e.title,
            &e.summary,
            &e.content,
            &e.author,
            &categories,
            &published,
            &now,
        ],
    )
    .context("insert item")?
    .try_get(0)
    .context("read item id")
}

pub(super) fn recent_items<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    since: Option<Millis>,
    feed: Option<&str>,
    limit: usize,
) -> Result<Vec<StoredItem>, Fail> {
    let rows = sql
        .query(
            "SELECT i.id, f.name, i.guid, i.link, i.title, i.summary, i.content, i.author, i.categories,
                    i.published, i.first_seen
             FROM items i JOIN feeds f ON f.id = i.feed_id
             WHERE ($1::bigint IS NULL OR COALESCE(i.published, i.first_seen) >= $1::bigint)
               AND ($2::text IS NULL OR f.name = $2::text)
             ORDER BY COALESCE(i.published, i.first_seen) DESC, i.id DESC
             LIMIT $3",
            &[&since, &feed, &(limit as i64)],
        )
        .context("query recent items")?;
    rows.iter().map(read_item).collect()
}

pub(super) fn item_by_id<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    id: ItemId,
) -> Result<Option<StoredItem>, Fail> {
    sql.query_opt(
        "SELECT i.id, f.name, i.guid, i.link, i.title, i.summary, i.content, i.author, i.categories,
                i.published, i.first_seen
         FROM items i JOIN feeds f ON f.id = i.feed_id WHERE i.id = $1",
        &[&id.0],
    )
    .context("load item")?
    .map(|row| read_item(&row))
    .transpose()
}

fn read_item(row: &Row) -> Result<StoredItem, Fail> {
    let get = |e| Fail::Pg("read item", e);
    let categories: String = row.try_get(8).map_err(get)?;
    let published: Option<i64> = row.try_get(9).map_err(get)?;
    Ok(StoredItem {
        id: ItemId(row.try_get(0).map_err(get)?),
        feed: row.try_get(1).map_err(get)?,
        entry: Entry {
            guid: row.try_get(2).map_err(get)?,
            link: row.try_get(3).map_err(get)?,
            title: row.try_get(4).map_err(get)?,
            summary: row.try_get(5).map_err(get)?,
            content: row.try_get(6).map_err(get)?,
            author: row.try_get(7).map_err(get)?,
            categories: serde_json::from_str(&categories).unwrap_or_default(),
            published: published.and_then(chrono::DateTime::from_timestamp_millis),
        },
        first_seen: row.try_get(10).map_err(get)?,
    })
}
