//! Items, their stories and the alerts they raise, on PostgreSQL: the
//! story lock, story updates and summaries a poll's ingest (`ingest.rs`)
//! uses, and the reads of `show`, `stories` and the web UI (semantics as in
//! `sqlite/items.rs`).

use postgres::{GenericClient, Row};

use super::{Context, Fail, Sql};
use crate::model::{AlertId, Entry, FeedId, ItemId, Millis, StoryId};
use crate::store::types::story_title_sql;
use crate::store::types::*;

/// The columns [`read_item`] reads, in its order (a macro, so that each
/// query stays a `&'static str` for the statement cache).
macro_rules! item_columns {
    () => {
        "i.id, f.name, i.guid, i.link, i.title, i.summary, i.content, i.author, i.categories,
         i.published, i.first_seen, i.story_id"
    };
}

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

/// The advisory lock key of story making ("feedstor" in ASCII), held by
/// every poll that stores new items until its transaction ends: see
/// [`lock_stories`].
const STORY_LOCK: i64 = 0x6665_6564_7374_6f72;

/// How long a poll holding the story lock may sit idle between statements
/// before the server ends its session (and so releases the lock). Under
/// the lock a poll only clusters and writes; its longest pause, adding a
/// burst of other replicas' items to its index, takes about a second.
const STORY_LOCK_IDLE: &str = "30s";

/// Serialises the polls that store new items, across replicas, for the
/// rest of the transaction, then catches the policy's story index up with
/// the items committed by other transactions (read committed: each
/// statement sees what committed before it began, and the lock's previous
/// holder committed before it was released): the ids above the highest
/// its previous catch-up under the lock read (see [`CatchUpFrom`]), then
/// the rows of those it lacks. So no two replicas, nor two
/// polls of one, decide the stories of new items without seeing each
/// other's: two reports of one event make one story.
///
/// Taken by every poll that stores new items, whether they join or start
/// stories (which is known only item by item, after writes), right after
/// the key look-up: before any write of the poll but its feed's (its row,
/// a move and its origin), and a poll holding the lock writes no other
/// feed's. So a poll holding the lock never waits for a row lock held by a
/// poll waiting for the lock: the lock adds no deadlock cycle (and one formed
/// otherwise is still retried, as `StoreError::Contended`). Polls without
/// new items, most steady polls, never take it, nor polls whose new items
/// were all published before the story window (they decide no story).
pub(super) fn lock_stories<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    policy: &dyn PollPolicy,
) -> Result<(), Fail> {
    // A replica that stalls while holding the lock (paused, starved, cut
    // off) would stall every replica's polls with new items: the server
    // ends its session once it idles that long in the transaction.
    sql.execute(
        "SELECT set_config('idle_in_transaction_session_timeout', $2, true), pg_advisory_xact_lock($1)",
        &[&STORY_LOCK, &STORY_LOCK_IDLE],
    )
    .context("take the story lock")?;
    let Some(from) = policy.catch_up_from() else {
        return Ok(());
    };
    let ids: Vec<ItemId> = sql
        .query(
            "SELECT id FROM items WHERE id > $1 AND first_seen >= $2",
            &[&from.after.0, &from.first_seen],
        )
        .context("query items committed since")?
        .iter()
        .map(|row| {
            row.try_get(0)
                .map(ItemId)
                .map_err(|e| Fail::Pg("read item id", e))
        })
        .collect::<Result<_, Fail>>()?;
    let lacking = policy.catch_up_lacking(&ids);
    if !lacking.is_empty() {
        let items = story_items_by_id(sql, &lacking)?;
        policy.catch_up(&items);
    }
    Ok(())
}

/// A new member of an alerted story, for the sinks that want updates
/// (semantics as in `sqlite/items.rs` `queue_updates`).
pub(super) fn queue_updates<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    story: StoryId,
    item: ItemId,
    now: Millis,
    policy: &dyn PollPolicy,
) -> Result<(), Fail> {
    let rows = sql
        .query(
            "SELECT d.sink, MIN(a.created_at) FROM alerts a JOIN deliveries d ON d.alert_id = a.id
             WHERE a.story_id = $1 AND a.kind = 'match' GROUP BY d.sink",
            &[&story.0],
        )
        .context("query story sinks")?;
    for row in rows {
        let sink: String = row.try_get(0).context("read story sink")?;
        let alerted_at: i64 = row.try_get(1).context("read story sink")?;
        let Some(interval) = policy.update_interval(&sink) else {
            continue;
        };
        let first = serde_json::json!([item.0]).to_string();
        sql.execute(
            "INSERT INTO story_updates (story_id, sink, items, due_at)
             VALUES ($1, $2, $3, GREATEST($4, $5 + $6))
             ON CONFLICT (story_id, sink) DO UPDATE SET
                due_at = CASE WHEN story_updates.items = '[]'
                              THEN GREATEST($4, COALESCE(story_updates.last_sent_at, $5) + $6)
                              ELSE story_updates.due_at END,
                items = (story_updates.items::jsonb || to_jsonb($7::bigint))::text",
            &[
                &story.0,
                &sink,
                &first,
                &now,
                &alerted_at,
                &interval,
                &item.0,
            ],
        )
        .context("queue story update")?;
    }
    Ok(())
}

/// A story with its members (oldest first) and the topics it alerted.
pub(super) fn story_summary<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    story: StoryId,
) -> Result<StorySummary, Fail> {
    story_summary_without(sql, story, &[])
}

/// A story's summary leaving out some of its items (a poll's items written
/// after the one being alerted, which the alert must not list yet).
pub(super) fn story_summary_without<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    story: StoryId,
    left_out: &[i64],
) -> Result<StorySummary, Fail> {
    let row = sql
        .query_one(
            concat!(
                "SELECT ",
                story_title_sql!(),
                ", s.created_at FROM stories s WHERE s.id = $1"
            ),
            &[&story.0],
        )
        .context("load story")?;
    let title: String = row.try_get(0).context("read story")?;
    let created_at: i64 = row.try_get(1).context("read story")?;
    let members = sql
        .query(
            "SELECT i.id, f.name, i.title, i.link, i.published, i.first_seen
             FROM items i JOIN feeds f ON f.id = i.feed_id
             WHERE i.story_id = $1 AND NOT (i.id = ANY($2)) ORDER BY i.first_seen, i.id",
            &[&story.0, &left_out],
        )
        .context("query story members")?
        .iter()
        .map(|row| {
            let get = |e| Fail::Pg("read story member", e);
            Ok(StoryMember {
                item: ItemId(row.try_get(0).map_err(get)?),
                feed: row.try_get(1).map_err(get)?,
                title: row.try_get(2).map_err(get)?,
                link: row.try_get(3).map_err(get)?,
                published: row.try_get(4).map_err(get)?,
                first_seen: row.try_get(5).map_err(get)?,
            })
        })
        .collect::<Result<Vec<_>, Fail>>()?;
    let topics = sql
        .query(
            "SELECT DISTINCT topic FROM alerts WHERE story_id = $1 AND kind = 'match' ORDER BY topic",
            &[&story.0],
        )
        .context("query story topics")?
        .iter()
        .map(|row| row.try_get(0).context("read story topic"))
        .collect::<Result<Vec<String>, Fail>>()?;
    Ok(StorySummary {
        id: story,
        title,
        created_at,
        members,
        topics,
    })
}

/// The columns of a [`StoryItem`], in its fields' order.
macro_rules! story_item_columns {
    () => {
        "id, story_id, feed_id, LEAST(COALESCE(published, first_seen), first_seen), first_seen, title, summary, content"
    };
}

fn story_item(row: &Row) -> Result<StoryItem, Fail> {
    let get = |e| Fail::Pg("read story item", e);
    Ok(StoryItem {
        item: ItemId(row.try_get(0).map_err(get)?),
        story: StoryId(row.try_get(1).map_err(get)?),
        feed: FeedId(row.try_get(2).map_err(get)?),
        at: row.try_get(3).map_err(get)?,
        first_seen: row.try_get(4).map_err(get)?,
        title: row.try_get(5).map_err(get)?,
        summary: row.try_get(6).map_err(get)?,
        content: row.try_get(7).map_err(get)?,
    })
}

pub(super) fn story_items_since<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    since: Millis,
) -> Result<Vec<StoryItem>, Fail> {
    sql.query(
        concat!(
            "SELECT ",
            story_item_columns!(),
            " FROM items WHERE first_seen >= $1 ORDER BY first_seen, id"
        ),
        &[&since],
    )
    .context("query story items")?
    .iter()
    .map(story_item)
    .collect()
}

pub(super) fn story_item_ids_since<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    since: Millis,
) -> Result<Vec<ItemId>, Fail> {
    sql.query("SELECT id FROM items WHERE first_seen >= $1", &[&since])
        .context("query story item ids")?
        .iter()
        .map(|row| {
            row.try_get(0)
                .map(ItemId)
                .map_err(|e| Fail::Pg("read story item id", e))
        })
        .collect()
}

pub(super) fn story_items_by_id<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    ids: &[ItemId],
) -> Result<Vec<StoryItem>, Fail> {
    let ids: Vec<i64> = ids.iter().map(|i| i.0).collect();
    sql.query(
        concat!(
            "SELECT ",
            story_item_columns!(),
            " FROM items WHERE id = ANY($1) ORDER BY first_seen, id"
        ),
        &[&ids],
    )
    .context("query story items by id")?
    .iter()
    .map(story_item)
    .collect()
}

/// One story, if it exists (stories are never deleted).
pub(super) fn story<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    id: StoryId,
) -> Result<Option<StorySummary>, Fail> {
    let found = sql
        .query_opt("SELECT 1 FROM stories WHERE id = $1", &[&id.0])
        .context("look up story")?;
    match found {
        Some(_) => story_summary(sql, id).map(Some),
        None => Ok(None),
    }
}

pub(super) fn stories<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    since: Millis,
    topic: Option<&str>,
    min_reports: usize,
    limit: usize,
) -> Result<Vec<StorySummary>, Fail> {
    // Reports are counted over the whole story, as on SQLite.
    let min_reports = i64::try_from(min_reports).unwrap_or(i64::MAX);
    let ids: Vec<i64> = sql
        .query(
            "SELECT i.story_id, MAX(i.first_seen) AS last FROM items i
             WHERE i.first_seen >= $1
               AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM alerts a
                    WHERE a.story_id = i.story_id AND a.topic = $2::text AND a.kind = 'match'))
             GROUP BY i.story_id
             HAVING $4::bigint <= 1
                 OR (SELECT COUNT(*) FROM items m WHERE m.story_id = i.story_id) >= $4::bigint
             ORDER BY last DESC LIMIT $3",
            &[&since, &topic, &(limit as i64), &min_reports],
        )
        .context("query stories")?
        .iter()
        .map(|row| row.try_get(0).context("read story"))
        .collect::<Result<_, Fail>>()?;
    ids.into_iter()
        .map(|id| story_summary(sql, StoryId(id)))
        .collect()
}

pub(super) fn find_items<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    reference: &ItemRef,
    limit: usize,
) -> Result<Vec<StoredItem>, Fail> {
    let rows = match reference {
        ItemRef::Id(id) => sql.query(
            concat!(
                "SELECT ",
                item_columns!(),
                " FROM items i JOIN feeds f ON f.id = i.feed_id
             WHERE i.id = $1 LIMIT $2"
            ),
            &[&id.0, &(limit as i64)],
        ),
        ItemRef::Link(link) => sql.query(
            concat!(
                "SELECT ",
                item_columns!(),
                " FROM items i JOIN feeds f ON f.id = i.feed_id
             WHERE i.id = (SELECT item_id FROM item_keys WHERE key = $1) LIMIT $2"
            ),
            &[&format!("l:{link}"), &(limit as i64)],
        ),
        ItemRef::Guid(guid) => sql.query(
            concat!(
                "SELECT ",
                item_columns!(),
                " FROM items i JOIN feeds f ON f.id = i.feed_id
             WHERE i.id IN (SELECT k.item_id FROM feeds g
                            JOIN item_keys k ON k.key = 'g:' || g.id || ':' || $1)
             ORDER BY i.id DESC LIMIT $2"
            ),
            &[&guid.trim(), &(limit as i64)],
        ),
        ItemRef::SharedLink(link) => sql.query(
            concat!(
                "SELECT ",
                item_columns!(),
                " FROM items i JOIN feeds f ON f.id = i.feed_id
             WHERE i.link_shared = 1 AND i.canonical_link = $1
             ORDER BY i.id DESC LIMIT $2"
            ),
            &[link, &(limit as i64)],
        ),
    }
    .context("look up items")?;
    rows.iter().map(read_item).collect()
}

/// The item, its keys, story, matches and alerts (deliveries added by the caller).
pub(super) fn item_details<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    id: ItemId,
) -> Result<Option<ItemDetails>, Fail> {
    let Some(item) = item_by_id(sql, id)? else {
        return Ok(None);
    };
    let row = sql
        .query_one(
            "SELECT canonical_link, story_id, story_decision, edits, edited_at, link_shared
             FROM items WHERE id = $1",
            &[&id.0],
        )
        .context("load item story")?;
    let get = |e| Fail::Pg("read item story", e);
    let canonical_link: Option<String> = row.try_get(0).map_err(get)?;
    let story_id = StoryId(row.try_get(1).map_err(get)?);
    let story_decision: Option<String> = row.try_get(2).map_err(get)?;
    let edits: i64 = row.try_get(3).map_err(get)?;
    let edited_at: Option<i64> = row.try_get(4).map_err(get)?;
    let link_shared = row.try_get::<_, i64>(5).map_err(get)? != 0;
    let keys = sql
        .query(
            "SELECT key FROM item_keys WHERE item_id = $1 ORDER BY key",
            &[&id.0],
        )
        .context("query item keys")?
        .iter()
        .map(|row| row.try_get(0).context("read item key"))
        .collect::<Result<Vec<String>, Fail>>()?;
    let story = story_summary(sql, story_id)?;
    let matches = sql
        .query(
            "SELECT topic, details, model, suppressed FROM matches WHERE item_id = $1 ORDER BY topic",
            &[&id.0],
        )
        .context("query matches")?
        .iter()
        .map(|row| {
            Ok(StoredMatch {
                topic: row.try_get(0).context("read match")?,
                details: row.try_get(1).context("read match")?,
                model: row.try_get(2).context("read match")?,
                suppressed: row.try_get::<_, i64>(3).context("read match")? != 0,
            })
        })
        .collect::<Result<Vec<_>, Fail>>()?;
    let alerts = sql
        .query(
            "SELECT id, topic, created_at, item_id FROM alerts
             WHERE item_id = $1 OR (story_id = $2 AND item_id IS NOT NULL AND item_id != $1)
             ORDER BY id",
            &[&id.0, &story_id.0],
        )
        .context("query alerts")?
        .iter()
        .map(|row| {
            Ok(AlertRecord {
                id: AlertId::new(row.try_get::<_, String>(0).context("read alert")?),
                topic: row.try_get(1).context("read alert")?,
                created_at: row.try_get(2).context("read alert")?,
                item: row
                    .try_get::<_, Option<i64>>(3)
                    .context("read alert")?
                    .map(ItemId),
                deliveries: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>, Fail>>()?;
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

pub(super) fn recent_items<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    since: Option<Millis>,
    feed: Option<&str>,
    limit: usize,
) -> Result<Vec<StoredItem>, Fail> {
    let rows = sql
        .query(
            concat!(
                "SELECT ",
                item_columns!(),
                " FROM items i JOIN feeds f ON f.id = i.feed_id
             WHERE ($1::bigint IS NULL OR COALESCE(i.published, i.first_seen) >= $1::bigint)
               AND ($2::text IS NULL OR f.name = $2::text)
             ORDER BY COALESCE(i.published, i.first_seen) DESC, i.id DESC
             LIMIT $3"
            ),
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
        concat!(
            "SELECT ",
            item_columns!(),
            " FROM items i JOIN feeds f ON f.id = i.feed_id WHERE i.id = $1"
        ),
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
        story: StoryId(row.try_get(11).map_err(get)?),
    })
}
