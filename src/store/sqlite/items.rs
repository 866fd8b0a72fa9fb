//! Items, their identity keys, stories, matches and the alerts they raise,
//! all written in one transaction per poll so a crash can neither lose an
//! alert nor raise one twice when the poll is replayed.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::Context;
use crate::model::{Entry, FeedId, ItemId, Millis, StoryId};
use crate::store::StoreError;
use crate::store::types::story_title_sql;
use crate::store::types::*;
use crate::stories::story_title;

/// Queues one delivery per recipient of a freshly inserted alert.
pub(super) fn insert_deliveries(
    tx: &Transaction,
    alert: &NewAlert,
    now: Millis,
) -> Result<(), StoreError> {
    // Above every id retention forgot (`id_floor`); NULL: SQLite's choice.
    let mut id = if alert.recipients.is_empty() {
        None
    } else {
        super::id_floor::DELIVERIES.next_id(tx)?
    };
    let mut stmt = tx
        .prepare_cached(
            "INSERT INTO deliveries (id, alert_id, sink, status, digest, next_attempt_at, created_at)
             VALUES (?5, ?1, ?2, CASE WHEN ?3 IS NULL THEN 'pending' ELSE 'held' END, ?3, ?4, ?4)",
        )
        .context("prepare delivery insert")?;
    for recipient in &alert.recipients {
        stmt.execute(params![
            alert.id,
            recipient.sink,
            recipient.digest,
            now,
            id.take()
        ])
        .context("insert delivery")?;
    }
    Ok(())
}

/// Stores a poll's entries inside the poll's transaction: each new item
/// with its story (an identical headline within the window, else the
/// policy's choice), keys, matches and alerts (one per story and topic, its
/// payload finished once the story is known); a new member of an alerted
/// story queues an update for the sinks that want them; a seen item whose
/// publisher edited it is recorded.
pub(super) fn ingest(
    tx: &Transaction,
    feed_id: FeedId,
    entries: &[IngestEntry],
    poll_at: Millis,
    story_window_ms: Millis,
    policy: &dyn PollPolicy,
) -> Result<IngestReport, StoreError> {
    let mut report = IngestReport::default();
    // Whether retention forgot anything yet: until it has, a new entry
    // skips hashing its keys (asked once per poll, when first needed).
    let mut any_retired: Option<bool> = None;
    // Whether the id floor was asked yet (at the first new item: if
    // retention forgot the newest items, that item takes an id above them).
    let mut floor_asked = false;
    // The stored items entries of this document named, with the entry
    // (a map: a feed of thousands of seen entries names thousands).
    let mut named: std::collections::HashMap<ItemId, &IngestEntry> =
        std::collections::HashMap::new();
    for entry in entries {
        let mut existing = find_item(tx, &entry.keys.identity)?;
        // Found by its link alone: the link may be a page that another item
        // shares, and the entry is then known by its GUID or text.
        let unlinked_entry = match existing {
            Some((found, true)) if !link_names(tx, found, entry, feed_id)? => {
                Some(unlinked(entry, feed_id))
            }
            _ => None,
        };
        let item = unlinked_entry.as_ref().unwrap_or(entry);
        if unlinked_entry.is_some() {
            existing = find_item(tx, &item.keys.identity)?;
            report.unlinked_items += 1;
        }
        let mut existing = existing.map(|(found, _)| found);
        // (An entry known without its link holds no key another entry of
        // the document could share: no merge to look for.)
        if let Some(found) = existing.filter(|_| unlinked_entry.is_none()) {
            match named.get(&found) {
                Some(earlier) if stored_as_one(&item.keys.identity, &earlier.keys.identity) => {
                    for key in item.keys.identity.iter().chain(&shared_link_key(item)) {
                        run(
                            tx,
                            "DELETE FROM item_keys WHERE key = ?1 AND item_id = ?2",
                            params![key, found],
                        )
                        .context("take a key off a merged item")?;
                    }
                    if item.keys.link_is_shared() {
                        run(
                            tx,
                            "UPDATE items SET link_shared = 1 WHERE id = ?1",
                            [found],
                        )
                        .context("mark a merged item's link shared")?;
                    }
                    report.split_items += 1;
                    existing = None;
                }
                Some(_) => {}
                None => {
                    named.insert(found, entry);
                }
            }
        }
        if existing.is_none() && any_retired.is_none() {
            any_retired = Some(super::prune::any_retired(tx)?);
        }
        if existing.is_none()
            && any_retired == Some(true)
            && super::prune::seen_retired(tx, &item.keys.identity, poll_at)?
        {
            // Forgotten by retention, still in the feed: seen, not new.
            report.seen_items += 1;
            continue;
        }
        if let Some(existing) = existing {
            // Seen before; remember any new key (a changed GUID) so the next
            // lookup finds it directly.
            if insert_keys(tx, existing, &item.keys.identity)? > 0 {
                report.newly_carried += 1;
            }
            if record_edit(tx, existing, &item.entry, poll_at)? {
                report.edited_items += 1;
            }
            report.seen_items += 1;
            continue;
        }
        let completed;
        let item = if item.deferred {
            completed = policy.complete(item);
            &completed
        } else {
            item
        };
        let at = item_time(&item.entry, poll_at);
        let choice = match same_headline(tx, &item.keys, poll_at - story_window_ms)? {
            Some(story) => StoryChoice {
                story,
                joined: true,
                reason: format!("joined story {story}: the same headline"),
            },
            None => policy.assign_story(item, feed_id, at),
        };
        let choice = if choice.joined {
            run(
                tx,
                "INSERT OR IGNORE INTO stories (id, title, created_at) VALUES (?1, ?2, ?3)",
                params![choice.story, story_title(&item.entry.title), poll_at],
            )
            .context("insert story")?;
            choice
        } else {
            let story =
                insert_new_story(tx, choice.story, story_title(&item.entry.title), poll_at)?;
            choice.stored_as(story)
        };
        let story = choice.story;
        if let Some(key) = &item.keys.story {
            run(
                tx,
                "INSERT OR REPLACE INTO headlines.keys (key, story_id, created_at) VALUES (?1, ?2, ?3)",
                params![key, story, poll_at],
            )
            .context("insert story key")?;
        }
        let id = if std::mem::replace(&mut floor_asked, true) {
            None
        } else {
            super::id_floor::ITEMS.next_id(tx)?
        };
        let item_id = insert_item(tx, feed_id, story, item, id, &choice.reason, poll_at)?;
        policy.item_stored(item_id, story, item, feed_id, at);
        insert_keys(tx, item_id, &item.keys.identity)?;
        for m in &item.matches {
            run(
                tx,
                "INSERT OR IGNORE INTO matches (item_id, topic, details, model, suppressed)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![item_id, m.topic, m.details, m.model, m.suppressed],
            )
            .context("insert match")?;
            report.new_matches.push(m.topic.clone());
        }
        report.new_items += 1;
        if choice.joined {
            report.joined_stories += 1;
            queue_updates(tx, story, item_id, poll_at, policy)?;
        }
        if !item.alertable {
            continue;
        }
        for alert in &item.alerts {
            if story_alerted(tx, story, &alert.topic)? {
                report.duplicate_stories += 1;
                continue;
            }
            let summary = story_summary(tx, story)?;
            let payload = policy.alert_payload(alert, &summary);
            run(
                tx,
                "INSERT INTO alerts (id, story_id, item_id, topic, payload, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![alert.id, story, item_id, alert.topic, payload, poll_at],
            )
            .context("insert alert")?;
            insert_deliveries(tx, alert, poll_at)?;
            report.alerts.push(alert.id.clone());
            report.raised.push(RaisedAlert {
                topic: alert.topic.clone(),
                published: item.entry.published,
            });
        }
    }
    Ok(report)
}

/// The story of an identical headline (five words or more) seen within the
/// window: wire copy syndicated word for word joins without scoring. The
/// keys are in memory (`headlines.rs`), made complete for the window
/// before the poll's transaction began.
fn same_headline(
    tx: &Transaction,
    keys: &crate::dedup::EntryKeys,
    since: Millis,
) -> Result<Option<StoryId>, StoreError> {
    let Some(key) = &keys.story else {
        return Ok(None);
    };
    tx.prepare_cached(
        "SELECT k.story_id FROM headlines.keys k JOIN stories s ON s.id = k.story_id
         WHERE k.key = ?1 AND k.created_at >= ?2",
    )
    .context("prepare story lookup")?
    .query_row(params![key, since], |row| Ok(StoryId(row.get(0)?)))
    .optional()
    .context("look up story")
}

fn story_alerted(tx: &Transaction, story: StoryId, topic: &str) -> Result<bool, StoreError> {
    tx.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM alerts WHERE story_id = ?1 AND topic = ?2 AND kind = 'match')",
    )
    .context("prepare alert lookup")?
    .query_row(params![story, topic], |row| row.get(0))
    .context("look up alert")
}

/// Records a publisher's change of a stored item's title or summary; true
/// when there was one.
fn record_edit(
    tx: &Transaction,
    item: ItemId,
    entry: &Entry,
    now: Millis,
) -> Result<bool, StoreError> {
    let changed = run(
        tx,
        "UPDATE items SET title = ?2, summary = ?3, content = ?4, edits = edits + 1, edited_at = ?5
         WHERE id = ?1 AND (title != ?2 OR summary != ?3)",
        params![item, entry.title, entry.summary, entry.content, now],
    )
    .context("record edit")?;
    Ok(changed > 0)
}

/// A new member of a story that alerted: every sink that received one of
/// those alerts and wants to hear of new sources gets it in its next update,
/// at most one update per interval (counted from the alert).
fn queue_updates(
    tx: &Transaction,
    story: StoryId,
    item: ItemId,
    now: Millis,
    policy: &dyn PollPolicy,
) -> Result<(), StoreError> {
    let sinks: Vec<(String, Millis)> = {
        let mut stmt = tx
            .prepare_cached(
                "SELECT d.sink, MIN(a.created_at) FROM alerts a JOIN deliveries d ON d.alert_id = a.id
                 WHERE a.story_id = ?1 AND a.kind = 'match' GROUP BY d.sink",
            )
            .context("prepare story sinks")?;
        let rows = stmt
            .query_map([story], |row| Ok((row.get(0)?, row.get(1)?)))
            .context("query story sinks")?;
        rows.collect::<Result<Vec<_>, _>>()
            .context("read story sinks")?
    };
    for (sink, alerted_at) in sinks {
        let Some(interval) = policy.update_interval(&sink) else {
            continue;
        };
        run(
            tx,
            "INSERT INTO story_updates (story_id, sink, items, due_at)
             VALUES (?1, ?2, json_array(?3), MAX(?4, ?5 + ?6))
             ON CONFLICT (story_id, sink) DO UPDATE SET
                due_at = CASE WHEN items = '[]' THEN MAX(?4, COALESCE(last_sent_at, ?5) + ?6)
                              ELSE due_at END,
                items = json_insert(items, '$[#]', ?3)",
            params![story, sink, item, now, alerted_at, interval],
        )
        .context("queue story update")?;
    }
    Ok(())
}

/// A story with its members (oldest first) and the topics it alerted. Its
/// title is that of the report its first alert showed (`story_title_sql`).
pub(super) fn story_summary(conn: &Connection, story: StoryId) -> Result<StorySummary, StoreError> {
    let (title, created_at): (String, Millis) = conn
        .prepare_cached(concat!(
            "SELECT ",
            story_title_sql!(),
            ", s.created_at FROM stories s WHERE s.id = ?1"
        ))
        .context("prepare story")?
        .query_row([story], |row| Ok((row.get(0)?, row.get(1)?)))
        .context("load story")?;
    let members = {
        let mut stmt = conn
            .prepare_cached(
                "SELECT i.id, f.name, i.title, i.link, i.published, i.first_seen
                 FROM items i JOIN feeds f ON f.id = i.feed_id
                 WHERE i.story_id = ?1 ORDER BY i.first_seen, i.id",
            )
            .context("prepare story members")?;
        let rows = stmt
            .query_map([story], |row| {
                Ok(StoryMember {
                    item: row.get(0)?,
                    feed: row.get(1)?,
                    title: row.get(2)?,
                    link: row.get(3)?,
                    published: row.get(4)?,
                    first_seen: row.get(5)?,
                })
            })
            .context("query story members")?;
        rows.collect::<Result<Vec<_>, _>>()
            .context("read story members")?
    };
    let topics = {
        let mut stmt = conn
            .prepare_cached(
                "SELECT DISTINCT topic FROM alerts WHERE story_id = ?1 AND kind = 'match' ORDER BY topic",
            )
            .context("prepare story topics")?;
        let rows = stmt
            .query_map([story], |row| row.get(0))
            .context("query story topics")?;
        rows.collect::<Result<Vec<String>, _>>()
            .context("read story topics")?
    };
    Ok(StorySummary {
        id: story,
        title,
        created_at,
        members,
        topics,
    })
}

/// The item the first stored key of `keys` names, and whether that key is
/// a link.
fn find_item(tx: &Transaction, keys: &[String]) -> Result<Option<(ItemId, bool)>, StoreError> {
    let mut stmt = tx
        .prepare_cached("SELECT item_id FROM item_keys WHERE key = ?1")
        .context("prepare key lookup")?;
    for key in keys {
        if let Some(id) = stmt
            .query_row([key], |row| row.get(0))
            .optional()
            .context("look up key")?
        {
            return Ok(Some((id, key.starts_with("l:"))));
        }
    }
    Ok(None)
}

/// Whether the stored item `found`, which `entry`'s link alone found, is
/// that entry ([`link_identifies`]).
fn link_names(
    tx: &Transaction,
    found: ItemId,
    entry: &IngestEntry,
    feed_id: FeedId,
) -> Result<bool, StoreError> {
    let stored: Option<(FeedId, String, String)> = tx
        .prepare_cached("SELECT feed_id, title, summary FROM items WHERE id = ?1")
        .context("prepare linked item")?
        .query_row([found], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .optional()
        .context("load linked item")?;
    // (A key names a stored item: the schema's foreign key. Without one,
    // the link decides, as it did before the texts were compared.)
    Ok(stored.is_none_or(|(feed, title, summary)| {
        link_identifies(entry, feed_id, feed, &title, &summary)
    }))
}

/// Stores the keys not stored yet; how many were new.
fn insert_keys(tx: &Transaction, item_id: ItemId, keys: &[String]) -> Result<usize, StoreError> {
    let mut stmt = tx
        .prepare_cached("INSERT OR IGNORE INTO item_keys (key, item_id) VALUES (?1, ?2)")
        .context("prepare key insert")?;
    let mut inserted = 0;
    for key in keys {
        inserted += stmt.execute(params![key, item_id]).context("insert key")?;
    }
    Ok(inserted)
}

/// Runs a statement through the connection's statement cache: an ingest runs
/// the same few statements for every item of every feed.
/// Inserts a new story under `wanted`, or under the next free id when that
/// one is taken (see [`STORY_ID_TRIES`]).
fn insert_new_story(
    tx: &Transaction,
    wanted: StoryId,
    title: &str,
    poll_at: Millis,
) -> Result<StoryId, StoreError> {
    for id in wanted.0..wanted.0.saturating_add(STORY_ID_TRIES) {
        let inserted = run(
            tx,
            "INSERT OR IGNORE INTO stories (id, title, created_at) VALUES (?1, ?2, ?3)",
            params![id, title, poll_at],
        )
        .context("insert story")?;
        if inserted == 1 {
            return Ok(StoryId(id));
        }
    }
    Err(StoreError::Query {
        action: "insert story",
        reason: format!("the {STORY_ID_TRIES} ids from {wanted} are all taken"),
    })
}

fn run(tx: &Transaction, sql: &str, params: impl rusqlite::Params) -> rusqlite::Result<usize> {
    tx.prepare_cached(sql)?.execute(params)
}

fn insert_item(
    tx: &Transaction,
    feed_id: FeedId,
    story_id: StoryId,
    item: &IngestEntry,
    id: Option<i64>,
    story_decision: &str,
    now: Millis,
) -> Result<ItemId, StoreError> {
    let e = &item.entry;
    let categories = serde_json::to_string(&e.categories).unwrap_or_else(|_| "[]".to_string());
    // A NULL id is SQLite's own choice: the largest id plus one.
    run(
        tx,
        "INSERT INTO items (id, feed_id, story_id, guid, link, canonical_link, title, summary,
                            content, author, categories, published, first_seen, story_decision,
                            link_shared)
         VALUES (?14, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?15)",
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
            now,
            story_decision,
            id,
            item.keys.link_is_shared()
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
        .prepare(&format!(
            "SELECT {ITEM_COLUMNS}
             FROM items i JOIN feeds f ON f.id = i.feed_id
             WHERE (?1 IS NULL OR COALESCE(i.published, i.first_seen) >= ?1)
               AND (?2 IS NULL OR f.name = ?2)
             ORDER BY COALESCE(i.published, i.first_seen) DESC, i.id DESC
             LIMIT ?3"
        ))
        .context("prepare recent items")?;
    let rows = stmt
        .query_map(params![since, feed, limit as i64], read_item)
        .context("query recent items")?;
    rows.collect::<Result<Vec<_>, _>>().context("read items")
}

pub(super) fn item_by_id(conn: &Connection, id: ItemId) -> Result<Option<StoredItem>, StoreError> {
    conn.query_row(
        &format!(
            "SELECT {ITEM_COLUMNS} FROM items i JOIN feeds f ON f.id = i.feed_id WHERE i.id = ?1"
        ),
        [id],
        read_item,
    )
    .optional()
    .context("load item")
}

/// The columns [`read_item`] reads, in its order.
const ITEM_COLUMNS: &str = "i.id, f.name, i.guid, i.link, i.title, i.summary, i.content, i.author,
    i.categories, i.published, i.first_seen, i.story_id";

pub(super) fn find_items(
    conn: &Connection,
    reference: &ItemRef,
    limit: usize,
) -> Result<Vec<StoredItem>, StoreError> {
    let (condition, value): (&str, rusqlite::types::Value) = match reference {
        ItemRef::Id(id) => ("i.id = ?1", id.0.into()),
        ItemRef::Link(link) => (
            "i.id = (SELECT item_id FROM item_keys WHERE key = ?1)",
            format!("l:{link}").into(),
        ),
        // The items' GUIDs are found through their keys, under every feed.
        ItemRef::Guid(guid) => (
            "i.id IN (SELECT k.item_id FROM feeds f
                      JOIN item_keys k ON k.key = 'g:' || f.id || ':' || ?1)",
            guid.trim().to_string().into(),
        ),
        // Served by the partial index of the items so marked.
        ItemRef::SharedLink(link) => (
            "i.link_shared = 1 AND i.canonical_link = ?1",
            link.clone().into(),
        ),
    };
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {ITEM_COLUMNS} FROM items i JOIN feeds f ON f.id = i.feed_id
             WHERE {condition} ORDER BY i.id DESC LIMIT ?2"
        ))
        .context("prepare item lookup")?;
    let rows = stmt
        .query_map(params![value, limit as i64], read_item)
        .context("look up items")?;
    rows.collect::<Result<Vec<_>, _>>().context("read items")
}

/// The item, its keys, its story with every member, its matches, and its
/// alerts (their deliveries are added by the caller).
pub(super) fn item_details(
    conn: &Connection,
    id: ItemId,
) -> Result<Option<ItemDetails>, StoreError> {
    let Some(item) = item_by_id(conn, id)? else {
        return Ok(None);
    };
    type Extra = (
        Option<String>,
        StoryId,
        Option<String>,
        i64,
        Option<Millis>,
        bool,
    );
    let (canonical_link, story_id, story_decision, edits, edited_at, link_shared): Extra = conn
        .query_row(
            "SELECT canonical_link, story_id, story_decision, edits, edited_at, link_shared
             FROM items WHERE id = ?1",
            [id],
            |row| {
                Ok((
                    row.get(0)?,
                    StoryId(row.get(1)?),
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                ))
            },
        )
        .context("load item story")?;
    let keys = strings(
        conn,
        "SELECT key FROM item_keys WHERE item_id = ?1 ORDER BY key",
        id.0,
    )?;
    let story = story_summary(conn, story_id)?;
    let mut stmt = conn
        .prepare(
            "SELECT topic, details, model, suppressed FROM matches WHERE item_id = ?1 ORDER BY topic",
        )
        .context("prepare matches")?;
    let matches = stmt
        .query_map([id], |row| {
            Ok(StoredMatch {
                topic: row.get(0)?,
                details: row.get(1)?,
                model: row.get(2)?,
                suppressed: row.get(3)?,
            })
        })
        .context("query matches")?
        .collect::<Result<Vec<_>, _>>()
        .context("read matches")?;
    let mut stmt = conn
        .prepare(
            "SELECT id, topic, created_at, item_id FROM alerts
             WHERE item_id = ?1 OR (story_id = ?2 AND item_id IS NOT NULL AND item_id != ?1)
             ORDER BY id",
        )
        .context("prepare alerts")?;
    let alerts = stmt
        .query_map(params![id, story_id], |row| {
            Ok(AlertRecord {
                id: row.get(0)?,
                topic: row.get(1)?,
                created_at: row.get(2)?,
                item: row.get::<_, Option<i64>>(3)?.map(ItemId),
                deliveries: Vec::new(),
            })
        })
        .context("query alerts")?
        .collect::<Result<Vec<_>, _>>()
        .context("read alerts")?;
    Ok(Some(ItemDetails {
        item,
        canonical_link,
        link_shared,
        story_decision,
        edits,
        edited_at,
        keys,
        story,
        matches,
        alerts,
    }))
}

fn strings(conn: &Connection, sql: &str, id: i64) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare(sql).context("prepare lookup")?;
    let rows = stmt
        .query_map([id], |row| row.get(0))
        .context("query lookup")?;
    rows.collect::<Result<Vec<_>, _>>().context("read lookup")
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
        story: row.get(11)?,
    })
}

/// The columns of a [`StoryItem`], in its fields' order.
const STORY_ITEM_COLUMNS: &str = "id, story_id, feed_id, MIN(COALESCE(published, first_seen), first_seen), first_seen, title, summary, content";

fn story_item(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoryItem> {
    Ok(StoryItem {
        item: row.get(0)?,
        story: row.get(1)?,
        feed: row.get(2)?,
        at: row.get(3)?,
        first_seen: row.get(4)?,
        title: row.get(5)?,
        summary: row.get(6)?,
        content: row.get(7)?,
    })
}

pub(super) fn story_items_since(
    conn: &Connection,
    since: Millis,
) -> Result<Vec<StoryItem>, StoreError> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {STORY_ITEM_COLUMNS} FROM items WHERE first_seen >= ?1 ORDER BY first_seen, id"
        ))
        .context("prepare story items")?;
    let rows = stmt
        .query_map([since], story_item)
        .context("query story items")?;
    rows.collect::<Result<Vec<_>, _>>()
        .context("read story items")
}

pub(super) fn story_item_ids_since(
    conn: &Connection,
    since: Millis,
) -> Result<Vec<ItemId>, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT id FROM items WHERE first_seen >= ?1")
        .context("prepare story item ids")?;
    let rows = stmt
        .query_map([since], |row| row.get(0))
        .context("query story item ids")?;
    rows.collect::<Result<Vec<_>, _>>()
        .context("read story item ids")
}

pub(super) fn story_items_by_id(
    conn: &Connection,
    ids: &[ItemId],
) -> Result<Vec<StoryItem>, StoreError> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {STORY_ITEM_COLUMNS} FROM items WHERE id = ?1"
        ))
        .context("prepare story item")?;
    let mut items = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(item) = stmt
            .query_row([id], story_item)
            .optional()
            .context("read story item")?
        {
            items.push(item);
        }
    }
    items.sort_by_key(|i| (i.first_seen, i.item));
    Ok(items)
}

/// One story, if it exists. (Stories are never deleted, so the two reads
/// need no transaction.)
pub(super) fn story(conn: &Connection, id: StoryId) -> Result<Option<StorySummary>, StoreError> {
    let exists: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM stories WHERE id = ?1)")
        .context("prepare story lookup")?
        .query_row([id], |row| row.get(0))
        .context("look up story")?;
    if !exists {
        return Ok(None);
    }
    story_summary(conn, id).map(Some)
}

pub(super) fn stories(
    conn: &Connection,
    since: Millis,
    topic: Option<&str>,
    min_reports: usize,
    limit: usize,
) -> Result<Vec<StorySummary>, StoreError> {
    let ids: Vec<StoryId> = {
        // Reports are counted over the whole story (through
        // `items_by_story`), not only those seen since `since`.
        let mut stmt = conn
            .prepare(
                "SELECT i.story_id, MAX(i.first_seen) AS last FROM items i
                 WHERE i.first_seen >= ?1
                   AND (?2 IS NULL OR EXISTS (SELECT 1 FROM alerts a
                        WHERE a.story_id = i.story_id AND a.topic = ?2 AND a.kind = 'match'))
                 GROUP BY i.story_id
                 HAVING ?4 <= 1 OR (SELECT COUNT(*) FROM items m WHERE m.story_id = i.story_id) >= ?4
                 ORDER BY last DESC LIMIT ?3",
            )
            .context("prepare stories")?;
        let min_reports = i64::try_from(min_reports).unwrap_or(i64::MAX);
        let rows = stmt
            .query_map(params![since, topic, limit as i64, min_reports], |row| {
                row.get(0)
            })
            .context("query stories")?;
        rows.collect::<Result<Vec<_>, _>>()
            .context("read stories")?
    };
    ids.into_iter().map(|id| story_summary(conn, id)).collect()
}
