//! A poll's entries stored on PostgreSQL in a handful of round trips
//! (semantics as in `sqlite/items.rs` `ingest`).
//!
//! Every statement is a round trip to the server, so a poll is written in
//! three steps: reads for the whole poll (the entries' keys with the stored
//! title and summary they name, the headlines of the window, ids for the
//! new items), then the decisions item by item in memory (seen or new, an
//! edit, the story), then one statement per table for all the poll's rows.
//! Only what is rare (alerts, updates of alerted stories) still costs a
//! round trip per item. A first poll of 35 new items took about 180 round
//! trips one item at a time; it takes about ten.

use std::collections::{BTreeSet, HashMap};

use postgres::GenericClient;

use super::items::{insert_deliveries, lock_stories, queue_updates, story_summary_without};
use super::{Context, Fail, Sql};
use crate::model::{AlertId, FeedId, ItemId, Millis, StoryId};
use crate::store::types::*;
use crate::stories::story_title;

/// Stores a poll's entries. A poll with new entries completes them (the
/// policy's CPU work), then takes the story lock before writing anything
/// ([`lock_stories`]).
pub(super) fn ingest<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    feed_id: FeedId,
    entries: &[IngestEntry],
    poll_at: Millis,
    story_window_ms: Millis,
    policy: &dyn PollPolicy,
) -> Result<IngestReport, Fail> {
    let mut report = IngestReport::default();
    let mut known = look_up_keys(sql, entries)?;
    // Entries whose link alone names an item that tells something else are
    // known by their GUID or text instead, looked up again (rare: one more
    // round trip).
    let unlinked_entries = unlink(entries, &known, feed_id);
    let entries = match &unlinked_entries {
        Some((unlinked, count)) => {
            report.unlinked_items = *count;
            known = look_up_keys(sql, unlinked)?;
            unlinked.as_slice()
        }
        None => entries,
    };
    report.split_items = split_merged(sql, entries, &mut known)?;
    // New entries (none of their keys stored), completed before the lock
    // is taken so that it is held for the writes only.
    let new: Vec<bool> = entries
        .iter()
        .map(|e| {
            !e.keys
                .identity
                .iter()
                .any(|k| known.items.contains_key(k) || known.retired.contains(k))
        })
        .collect();
    let completed: Vec<Option<IngestEntry>> = entries
        .iter()
        .zip(&new)
        .map(|(e, new)| (*new && e.deferred).then(|| policy.complete(e)))
        .collect();
    // The lock guards story decisions: a poll whose new entries were all
    // published before the window (a feed's backlog) makes none, each
    // starting its own story (`StoryEngine::assign`), so it need not wait.
    // Its items are not clustered by anyone, so the catch-up under the lock
    // may pass them by.
    let window_start = poll_at.saturating_sub(story_window_ms);
    if entries
        .iter()
        .zip(&new)
        .any(|(e, new)| *new && item_time(&e.entry, poll_at) >= window_start)
    {
        lock_stories(sql, policy)?;
    }
    let new_count = new.iter().filter(|n| **n).count();
    // Taken under the lock: see `CatchUpFrom` (ids up to the highest a
    // catch-up reads are final).
    let mut ids = item_ids(sql, new_count)?.into_iter();
    let mut headlines = headlines(sql, entries, &new, window_start)?;
    let mut rows = Rows::default();
    let mut taken = TakenStoryIds::default();
    let mut renewed: Vec<String> = Vec::new();
    for (n, entry) in entries.iter().enumerate() {
        let existing = entry
            .keys
            .identity
            .iter()
            .find_map(|k| known.items.get(k).copied());
        if existing.is_none()
            && entry
                .keys
                .identity
                .iter()
                .any(|k| known.retired.contains(k))
        {
            // Forgotten by retention, still in the feed: seen, not new.
            renewed.extend(entry.keys.identity.iter().cloned());
            report.seen_items += 1;
            continue;
        }
        if let Some(existing) = existing {
            // Seen before; remember any new key (a changed GUID, or this
            // feed's GUID of an item another feed brought first).
            let mut carried = false;
            for key in &entry.keys.identity {
                if !known.items.contains_key(key) {
                    carried = true;
                    known.items.insert(key.clone(), existing);
                    rows.keys.push((key.clone(), existing));
                }
            }
            if carried {
                report.newly_carried += 1;
            }
            if rows.edit(existing, &entry.entry, &mut known.texts, poll_at) {
                report.edited_items += 1;
            }
            report.seen_items += 1;
            continue;
        }
        // Every entry new here was new above (`known` only grows), so it
        // was completed there if deferred, and has an id.
        let item = completed.get(n).and_then(Option::as_ref).unwrap_or(entry);
        let Some(item_id) = ids.next() else {
            return Err(Fail::Store(crate::store::StoreError::Query {
                action: "store items",
                reason: "more new items than ids taken for them".into(),
            }));
        };
        let at = item_time(&item.entry, poll_at);
        let choice = match item.keys.story.as_ref().and_then(|k| headlines.get(k)) {
            Some(&story) => StoryChoice {
                story,
                joined: true,
                reason: format!("joined story {story}: the same headline"),
            },
            None => policy.assign_story(item, feed_id, at),
        };
        let choice = if choice.joined {
            choice
        } else {
            let free = taken.free(sql, choice.story, &rows.new_stories)?;
            choice.stored_as(free)
        };
        let story = choice.story;
        rows.story(story, choice.joined, story_title(&item.entry.title));
        if let Some(key) = &item.keys.story {
            headlines.insert(key.clone(), story);
            rows.story_keys.insert(key.clone(), story.0);
        }
        policy.item_stored(ItemId(item_id), story, item, feed_id, at);
        for key in &item.keys.identity {
            known.items.entry(key.clone()).or_insert(item_id);
            rows.keys.push((key.clone(), item_id));
        }
        for m in &item.matches {
            rows.matches.push((item_id, m));
            report.new_matches.push(m.topic.clone());
        }
        report.new_items += 1;
        rows.items.push(NewItem {
            id: item_id,
            story,
            joined: choice.joined,
            entry: item,
            reason: choice.reason,
            text: &item.entry,
            edits: 0,
            edited_at: None,
        });
    }
    rows.write(sql, feed_id, poll_at)?;
    super::prune::renew(sql, &renewed, poll_at)?;
    // What depends on the alerts raised so far, item by item as before.
    for (n, item) in rows.items.iter().enumerate() {
        if item.joined {
            report.joined_stories += 1;
            queue_updates(sql, item.story, ItemId(item.id), poll_at, policy)?;
        }
        if item.entry.alertable && !item.entry.alerts.is_empty() {
            let later: Vec<i64> = rows.items.iter().skip(n + 1).map(|i| i.id).collect();
            raise_alerts(sql, item, &later, poll_at, policy, &mut report)?;
        }
    }
    Ok(report)
}

/// The stored keys of a poll's entries, and the title and summary of the
/// items they name (to tell an edit without writing).
#[derive(Default)]
struct Known {
    items: HashMap<String, i64>,
    /// Keys of items forgotten by retention (`prune.rs`).
    retired: std::collections::HashSet<String>,
    texts: HashMap<i64, (String, String)>,
    /// The feed of each item a key named.
    feeds: HashMap<i64, FeedId>,
}

/// The poll's entries with those whose link alone found a stored item that
/// is not them ([`link_identifies`]) known without it ([`unlinked`]), and
/// how many; `None` when there is none.
fn unlink(
    entries: &[IngestEntry],
    known: &Known,
    feed_id: FeedId,
) -> Option<(Vec<IngestEntry>, usize)> {
    let names_another = |entry: &IngestEntry| {
        let Some((key, item)) = entry
            .keys
            .identity
            .iter()
            .find_map(|k| known.items.get(k).map(|item| (k, *item)))
        else {
            return false;
        };
        let (Some((title, summary)), Some(&feed)) =
            (known.texts.get(&item), known.feeds.get(&item))
        else {
            return false;
        };
        key.starts_with("l:") && !link_identifies(entry, feed_id, feed, title, summary)
    };
    let unlinked_at: Vec<bool> = entries.iter().map(names_another).collect();
    let count = unlinked_at.iter().filter(|u| **u).count();
    (count > 0).then(|| {
        let entries = entries
            .iter()
            .zip(unlinked_at)
            .map(|(entry, unlink)| {
                if unlink {
                    unlinked(entry, feed_id)
                } else {
                    entry.clone()
                }
            })
            .collect();
        (entries, count)
    })
}

/// Takes the keys of an entry that names the stored item an earlier entry
/// of this document named, sharing no key with it ([`stored_as_one`]), off
/// that item, in the database and in `known`: the entry is then new.
/// Returns how many entries were split off.
fn split_merged<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    entries: &[IngestEntry],
    known: &mut Known,
) -> Result<usize, Fail> {
    // The stored items entries named, with the entry (a map: a feed of
    // thousands of seen entries names thousands).
    let mut named: HashMap<i64, &IngestEntry> = HashMap::new();
    let mut taken_off: Vec<String> = Vec::new();
    let mut shared_now: Vec<i64> = Vec::new();
    let mut merged: Vec<i64> = Vec::new();
    let mut split = 0;
    for entry in entries {
        let keys = &entry.keys.identity;
        let Some(found) = keys.iter().find_map(|k| known.items.get(k).copied()) else {
            continue;
        };
        match named.get(&found) {
            Some(earlier) if stored_as_one(keys, &earlier.keys.identity) => {
                for key in keys {
                    if known.items.get(key) == Some(&found) {
                        known.items.remove(key);
                        taken_off.push(key.clone());
                    }
                }
                if let Some(key) = shared_link_key(entry) {
                    taken_off.push(key);
                    shared_now.push(found);
                }
                merged.push(found);
                split += 1;
            }
            Some(_) => {}
            None => {
                named.insert(found, entry);
            }
        }
    }
    if !taken_off.is_empty() {
        sql.execute(
            "DELETE FROM item_keys WHERE key = ANY($1) AND item_id = ANY($2)",
            &[&taken_off, &merged],
        )
        .context("take keys off a merged item")?;
    }
    if !shared_now.is_empty() {
        sql.execute(
            "UPDATE items SET link_shared = 1 WHERE id = ANY($1)",
            &[&shared_now],
        )
        .context("mark a merged item's link shared")?;
    }
    Ok(split)
}

/// Every identity key of the poll's entries, in one round trip.
fn look_up_keys<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    entries: &[IngestEntry],
) -> Result<Known, Fail> {
    let all_keys: Vec<&str> = entries
        .iter()
        .flat_map(|e| e.keys.identity.iter().map(String::as_str))
        .collect();
    let mut known = Known::default();
    if all_keys.is_empty() {
        return Ok(known);
    }
    for row in sql
        .query(
            "SELECT k.key, k.item_id, i.title, i.summary, i.feed_id
             FROM item_keys k LEFT JOIN items i ON i.id = k.item_id
             WHERE k.key = ANY($1)",
            &[&all_keys],
        )
        .context("look up keys")?
    {
        let item: i64 = row.try_get(1).context("read key")?;
        known
            .items
            .insert(row.try_get(0).context("read key")?, item);
        let title: Option<String> = row.try_get(2).context("read key")?;
        let summary: Option<String> = row.try_get(3).context("read key")?;
        if let (Some(title), Some(summary)) = (title, summary) {
            known.texts.insert(item, (title, summary));
        }
        if let Some(feed) = row.try_get::<_, Option<i64>>(4).context("read key")? {
            known.feeds.insert(item, FeedId(feed));
        }
    }
    // Keys of entries none of whose keys are stored: new, or forgotten.
    let unknown: Vec<&str> = entries
        .iter()
        .filter(|e| !e.keys.identity.iter().any(|k| known.items.contains_key(k)))
        .flat_map(|e| e.keys.identity.iter().map(String::as_str))
        .collect();
    known.retired = super::prune::retired(sql, &unknown)?;
    Ok(known)
}

/// `n` new item ids, in increasing order.
fn item_ids<C: GenericClient>(sql: &mut Sql<'_, C>, n: usize) -> Result<Vec<i64>, Fail> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let mut ids = sql
        .query(
            "SELECT nextval(pg_get_serial_sequence('items', 'id')) FROM generate_series(1::bigint, $1::bigint)",
            &[&(n as i64)],
        )
        .context("take item ids")?
        .iter()
        .map(|row| row.try_get(0).context("read item id"))
        .collect::<Result<Vec<i64>, Fail>>()?;
    ids.sort_unstable();
    Ok(ids)
}

/// The stories of the new entries' headlines (five words or more) within
/// the window, by headline key.
fn headlines<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    entries: &[IngestEntry],
    new: &[bool],
    since: Millis,
) -> Result<HashMap<String, StoryId>, Fail> {
    let keys: Vec<&str> = entries
        .iter()
        .zip(new)
        .filter(|(_, new)| **new)
        .filter_map(|(e, _)| e.keys.story.as_deref())
        .collect();
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    sql.query(
        "SELECT k.key, k.story_id FROM story_keys k JOIN stories s ON s.id = k.story_id
         WHERE k.key = ANY($1) AND k.created_at >= $2",
        &[&keys, &since],
    )
    .context("look up stories")?
    .iter()
    .map(|row| {
        Ok((
            row.try_get(0).context("read story")?,
            StoryId(row.try_get(1).context("read story")?),
        ))
    })
    .collect()
}

/// Story ids other transactions hold, read a range at a time as the
/// poll's new stories need them, so a new story whose id is taken (another
/// replica made one in the same millisecond) gets the next free one.
#[derive(Default)]
struct TakenStoryIds {
    /// Ranges read, `[from, to)`.
    read: Vec<(i64, i64)>,
    ids: BTreeSet<i64>,
}

impl TakenStoryIds {
    /// `wanted`, or the first id after it that no stored story and no new
    /// story of this poll holds (see [`STORY_ID_TRIES`]).
    fn free<C: GenericClient>(
        &mut self,
        sql: &mut Sql<'_, C>,
        wanted: StoryId,
        ours: &[i64],
    ) -> Result<StoryId, Fail> {
        let end = wanted.0.saturating_add(STORY_ID_TRIES);
        if !self
            .read
            .iter()
            .any(|&(from, to)| from <= wanted.0 && end <= to)
        {
            for row in sql
                .query(
                    "SELECT id FROM stories WHERE id >= $1 AND id < $2",
                    &[&wanted.0, &end],
                )
                .context("look up story ids")?
            {
                self.ids.insert(row.try_get(0).context("read story id")?);
            }
            self.read.push((wanted.0, end));
        }
        (wanted.0..end)
            .find(|id| !self.ids.contains(id) && !ours.contains(id))
            .map(StoryId)
            .ok_or_else(|| {
                Fail::Store(crate::store::StoreError::Query {
                    action: "insert story",
                    reason: format!("the {STORY_ID_TRIES} ids from {wanted} are all taken"),
                })
            })
    }
}

/// A new item as it will be inserted.
struct NewItem<'e> {
    id: i64,
    story: StoryId,
    joined: bool,
    entry: &'e IngestEntry,
    reason: String,
    /// Whose title, summary and content are stored: the entry's, or those
    /// of a later entry of the same poll that edited it (one sharing its
    /// link), see [`Rows::edit`].
    text: &'e crate::model::Entry,
    edits: i64,
    edited_at: Option<Millis>,
}

/// An edit of a stored item: its new text, and how many times it changed.
struct Edit<'e> {
    entry: &'e crate::model::Entry,
    times: i64,
}

/// Everything a poll writes, one statement per table.
#[derive(Default)]
struct Rows<'e> {
    items: Vec<NewItem<'e>>,
    /// The new text of each item stored before this poll that changed.
    edits: HashMap<i64, Edit<'e>>,
    /// New stories (their ids must be free) and joined ones (made sure of).
    new_stories: Vec<i64>,
    stories: Vec<(i64, String)>,
    /// The last story of each headline key (a later item's wins).
    story_keys: HashMap<String, i64>,
    keys: Vec<(String, i64)>,
    matches: Vec<(i64, &'e EntryMatch)>,
}

impl<'e> Rows<'e> {
    fn story(&mut self, story: StoryId, joined: bool, title: &str) {
        if !joined {
            self.new_stories.push(story.0);
        }
        if !self.stories.iter().any(|(id, _)| *id == story.0) {
            self.stories.push((story.0, title.to_string()));
        }
    }

    /// Records a publisher's change of a seen item's title or summary
    /// (either stored, `texts`, or new in this poll): true if it changed.
    fn edit(
        &mut self,
        item: i64,
        entry: &'e crate::model::Entry,
        texts: &mut HashMap<i64, (String, String)>,
        now: Millis,
    ) -> bool {
        if let Some(new) = self.items.iter_mut().find(|i| i.id == item) {
            if new.text.title == entry.title && new.text.summary == entry.summary {
                return false;
            }
            new.text = entry;
            new.edits += 1;
            new.edited_at = Some(now);
            return true;
        }
        let Some((title, summary)) = texts.get_mut(&item) else {
            // Its keys outlived it: nothing to edit.
            return false;
        };
        if *title == entry.title && *summary == entry.summary {
            return false;
        }
        title.clone_from(&entry.title);
        summary.clone_from(&entry.summary);
        let times = self.edits.get(&item).map_or(0, |e| e.times) + 1;
        self.edits.insert(item, Edit { entry, times });
        true
    }

    /// One statement per table, parents first.
    fn write<C: GenericClient>(
        &self,
        sql: &mut Sql<'_, C>,
        feed_id: FeedId,
        now: Millis,
    ) -> Result<(), Fail> {
        if !self.stories.is_empty() {
            let ids: Vec<i64> = self.stories.iter().map(|(id, _)| *id).collect();
            let titles: Vec<&str> = self.stories.iter().map(|(_, t)| t.as_str()).collect();
            let inserted: BTreeSet<i64> = sql
                .query(
                    "INSERT INTO stories (id, title, created_at)
                     SELECT id, title, $3 FROM unnest($1::bigint[], $2::text[]) AS s(id, title)
                     ON CONFLICT DO NOTHING RETURNING id",
                    &[&ids, &titles, &now],
                )
                .context("insert stories")?
                .iter()
                .map(|row| row.try_get(0).context("read story id"))
                .collect::<Result<_, Fail>>()?;
            if let Some(id) = self.new_stories.iter().find(|id| !inserted.contains(id)) {
                // Another transaction made a story with this id since it was
                // found free: rerun the poll (its next ids are later ones).
                return Err(Fail::Raced(
                    "insert story",
                    format!("story id {id} was taken by another poll"),
                ));
            }
        }
        if !self.story_keys.is_empty() {
            let keys: Vec<&str> = self.story_keys.keys().map(String::as_str).collect();
            let stories: Vec<i64> = self.story_keys.values().copied().collect();
            sql.execute(
                "INSERT INTO story_keys (key, story_id, created_at)
                 SELECT key, story_id, $3 FROM unnest($1::text[], $2::bigint[]) AS k(key, story_id)
                 ON CONFLICT (key) DO UPDATE SET story_id = excluded.story_id, created_at = excluded.created_at",
                &[&keys, &stories, &now],
            )
            .context("insert story keys")?;
        }
        if !self.items.is_empty() {
            self.insert_items(sql, feed_id, now)?;
        }
        if !self.keys.is_empty() {
            let keys: Vec<&str> = self.keys.iter().map(|(k, _)| k.as_str()).collect();
            let items: Vec<i64> = self.keys.iter().map(|(_, i)| *i).collect();
            sql.execute(
                "INSERT INTO item_keys (key, item_id)
                 SELECT * FROM unnest($1::text[], $2::bigint[])
                 ON CONFLICT DO NOTHING",
                &[&keys, &items],
            )
            .context("insert keys")?;
        }
        if !self.matches.is_empty() {
            let items: Vec<i64> = self.matches.iter().map(|(i, _)| *i).collect();
            let topics: Vec<&str> = self.matches.iter().map(|(_, m)| m.topic.as_str()).collect();
            let details: Vec<&str> = self
                .matches
                .iter()
                .map(|(_, m)| m.details.as_str())
                .collect();
            let models: Vec<Option<&str>> = self
                .matches
                .iter()
                .map(|(_, m)| m.model.as_deref())
                .collect();
            let suppressed: Vec<i64> = self
                .matches
                .iter()
                .map(|(_, m)| i64::from(m.suppressed))
                .collect();
            sql.execute(
                "INSERT INTO matches (item_id, topic, details, model, suppressed)
                 SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[])
                 ON CONFLICT DO NOTHING",
                &[&items, &topics, &details, &models, &suppressed],
            )
            .context("insert matches")?;
        }
        // Edits of items stored before this poll (those of its own new
        // items are in their rows).
        if !self.edits.is_empty() {
            let ids: Vec<i64> = self.edits.keys().copied().collect();
            let titles: Vec<&str> = self
                .edits
                .values()
                .map(|e| e.entry.title.as_str())
                .collect();
            let summaries: Vec<&str> = self
                .edits
                .values()
                .map(|e| e.entry.summary.as_str())
                .collect();
            let contents: Vec<&str> = self
                .edits
                .values()
                .map(|e| e.entry.content.as_str())
                .collect();
            let times: Vec<i64> = self.edits.values().map(|e| e.times).collect();
            sql.execute(
                "UPDATE items i SET title = u.title, summary = u.summary, content = u.content,
                        edits = i.edits + u.times, edited_at = $6
                 FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[])
                      AS u(id, title, summary, content, times)
                 WHERE i.id = u.id",
                &[&ids, &titles, &summaries, &contents, &times, &now],
            )
            .context("record edits")?;
        }
        Ok(())
    }

    fn insert_items<C: GenericClient>(
        &self,
        sql: &mut Sql<'_, C>,
        feed_id: FeedId,
        now: Millis,
    ) -> Result<(), Fail> {
        let items = &self.items;
        let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
        let stories: Vec<i64> = items.iter().map(|i| i.story.0).collect();
        let guids: Vec<Option<&str>> = items
            .iter()
            .map(|i| i.entry.entry.guid.as_deref())
            .collect();
        let links: Vec<Option<&str>> = items
            .iter()
            .map(|i| i.entry.entry.link.as_deref())
            .collect();
        let canonical: Vec<Option<&str>> = items
            .iter()
            .map(|i| i.entry.keys.canonical_link.as_deref())
            .collect();
        let authors: Vec<Option<&str>> = items
            .iter()
            .map(|i| i.entry.entry.author.as_deref())
            .collect();
        let titles: Vec<&str> = items.iter().map(|i| i.text.title.as_str()).collect();
        let summaries: Vec<&str> = items.iter().map(|i| i.text.summary.as_str()).collect();
        let contents: Vec<&str> = items.iter().map(|i| i.text.content.as_str()).collect();
        let categories: Vec<String> = items
            .iter()
            .map(|i| {
                serde_json::to_string(&i.entry.entry.categories).unwrap_or_else(|_| "[]".into())
            })
            .collect();
        let published: Vec<Option<i64>> = items
            .iter()
            .map(|i| i.entry.entry.published.map(|p| p.timestamp_millis()))
            .collect();
        let reasons: Vec<&str> = items.iter().map(|i| i.reason.as_str()).collect();
        let edits: Vec<i64> = items.iter().map(|i| i.edits).collect();
        let edited_at: Vec<Option<i64>> = items.iter().map(|i| i.edited_at).collect();
        let link_shared: Vec<i64> = items
            .iter()
            .map(|i| i64::from(i.entry.keys.link_is_shared()))
            .collect();
        sql.execute(
            "INSERT INTO items (id, feed_id, story_id, guid, link, canonical_link, title, summary,
                                content, author, categories, published, first_seen, story_decision,
                                edits, edited_at, link_shared)
             SELECT id, $1, story_id, guid, link, canonical_link, title, summary, content, author,
                    categories, published, $2, story_decision, edits, edited_at, link_shared
             FROM unnest($3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[],
                         $9::text[], $10::text[], $11::text[], $12::text[], $13::bigint[],
                         $14::text[], $15::bigint[], $16::bigint[], $17::bigint[])
                  AS i(id, story_id, guid, link, canonical_link, title, summary, content, author,
                       categories, published, story_decision, edits, edited_at, link_shared)",
            &[
                &feed_id.0,
                &now,
                &ids,
                &stories,
                &guids,
                &links,
                &canonical,
                &titles,
                &summaries,
                &contents,
                &authors,
                &categories,
                &published,
                &reasons,
                &edits,
                &edited_at,
                &link_shared,
            ],
        )
        .context("insert items")?;
        Ok(())
    }
}

/// The alerts of a new alertable item: one per topic whose story has not
/// alerted yet. `later` are the poll's items after it, already written,
/// which its story's summary must not list yet.
fn raise_alerts<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    item: &NewItem<'_>,
    later: &[i64],
    poll_at: Millis,
    policy: &dyn PollPolicy,
    report: &mut IngestReport,
) -> Result<(), Fail> {
    let story = item.story;
    for alert in &item.entry.alerts {
        let alerted: bool = sql
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM alerts WHERE story_id = $1 AND topic = $2 AND kind = 'match')",
                &[&story.0, &alert.topic],
            )
            .context("look up alert")?
            .try_get(0)
            .context("read alert")?;
        if alerted {
            report.duplicate_stories += 1;
            continue;
        }
        let summary = story_summary_without(sql, story, later)?;
        let payload = policy.alert_payload(alert, &summary);
        // Another transaction (a poll of another feed joining the same
        // story, on this replica or another) may have inserted this
        // story's alert since the look-up above, not yet committed: the
        // insert waits for it, and then the story is alerted already.
        let inserted = sql
            .execute(
                "INSERT INTO alerts (id, story_id, item_id, topic, payload, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (story_id, topic) DO NOTHING",
                &[
                    &alert.id.as_str(),
                    &story.0,
                    &item.id,
                    &alert.topic,
                    &payload,
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
        report.raised.push(RaisedAlert {
            topic: alert.topic.clone(),
            published: item.entry.entry.published,
        });
    }
    Ok(())
}
