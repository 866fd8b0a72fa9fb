//! The daemon's story engine: the clustering index of the items in the
//! window (rebuilt from the database at start), shared by every poll, and
//! the story ids it hands out.
//!
//! Polls decide stories inside their store transaction (see
//! `store::PollPolicy`), one at a time, so two outlets' reports of one event
//! fetched in the same cycle still meet. A poll's items are candidates for
//! other polls once its transaction commits (a poll never joins a story row
//! another transaction has not committed, which could deadlock the two on
//! PostgreSQL), and forgotten if it rolls back.
//!
//! SQLite runs one write transaction at a time, so nothing is missed there.
//! On PostgreSQL, replicas share the database and each has its own index:
//! besides the periodic catch-up (`Poller::sync_stories`, every 2 s), a
//! poll that stores new items takes the story lock, a transaction-scoped
//! advisory lock, and under it reads the items committed since (the ids
//! above the highest the last such catch-up read: every item that can join
//! a story is inserted under the lock, so ids are final below it (a
//! backlog's items, inserted without it, are never indexed); then the rows
//! it lacks, see
//! [`StoryEngine::lacking_under_lock`] and [`StoryEngine::add_synced`])
//! before deciding any story. Polls with new items thus decide one at a
//! time across replicas, each knowing every item committed before it: a
//! report polled by one replica joins the story another replica's poll
//! started a moment earlier, or at the same time, instead of starting a
//! second one. A catch-up under the lock only adds committed items, so a
//! rollback of the poll leaves the index as its own `rolled_back` does.
//!
//! Story ids are made here, time ordered, so an item that joins never waits
//! on the database for one; they stay below 2^53 so JavaScript receivers
//! read them exactly. Replicas make them from their own clocks, so two can
//! make the same id: the store then gives the second new story the next
//! free id (`store::STORY_ID_TRIES`).

use std::collections::{HashSet, VecDeque};
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::model::{FeedId, ItemId, Millis, StoryId};
use crate::store::{CatchUpFrom, StoryChoice, StoryItem};
use crate::stories::{Decision, Features, FeedKey, PollToken, StoryConfig, StoryIndex};

/// How far back (by first seen) a periodic catch-up looks for items stored
/// by other replicas: an item whose poll's transaction commits more than
/// this after the poll began is missed by it (and found by the next
/// catch-up under the story lock, which reads by id).
pub(crate) const SYNC_MARGIN: Millis = 60_000;

pub(crate) struct StoryEngine {
    index: Mutex<StoryIndex>,
    /// `[stories] window`, in milliseconds.
    window: Millis,
    last_id: AtomicI64,
    last_poll: AtomicU64,
    known: Mutex<Known>,
    /// The highest item id a catch-up under the story lock read.
    locked_up_to: AtomicI64,
}

/// The items the index has (or a poll of ours is storing) among the
/// recent ones, so a catch-up reads only what others stored.
#[derive(Default)]
struct Known {
    ids: HashSet<i64>,
    /// When each id was marked, oldest first (for pruning).
    marked: VecDeque<(Instant, i64)>,
    /// First seen from which the next catch-up reads.
    since: Millis,
}

impl Known {
    fn mark(&mut self, id: i64) {
        if self.ids.insert(id) {
            self.marked.push_back((Instant::now(), id));
        }
    }

    /// Forgets ids marked long enough ago that no catch-up reads them
    /// again (three margins: one is enough while catch-ups keep up).
    fn prune(&mut self) {
        let keep = Duration::from_millis(3 * SYNC_MARGIN as u64);
        while self
            .marked
            .front()
            .is_some_and(|(at, _)| at.elapsed() > keep)
        {
            if let Some((_, id)) = self.marked.pop_front() {
                self.ids.remove(&id);
            }
        }
    }
}

impl std::fmt::Debug for StoryEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoryEngine").finish_non_exhaustive()
    }
}

impl StoryEngine {
    pub(crate) fn new(config: StoryConfig) -> StoryEngine {
        StoryEngine {
            window: Millis::try_from(config.window.as_millis()).unwrap_or(Millis::MAX),
            index: Mutex::new(StoryIndex::new(config)),
            last_id: AtomicI64::new(0),
            last_poll: AtomicU64::new(0),
            known: Mutex::new(Known::default()),
            locked_up_to: AtomicI64::new(0),
        }
    }

    /// The window's stored items, oldest first, as read at `now`.
    pub(crate) fn rebuild(&self, items: &[StoryItem], now: Millis) {
        let since = now.saturating_sub(SYNC_MARGIN);
        {
            let mut known = self.known();
            known.since = since;
            for item in items.iter().filter(|i| i.first_seen >= since) {
                known.mark(item.item.0);
            }
        }
        let mut index = self.lock();
        for item in items {
            self.last_id.fetch_max(item.story.0, Ordering::SeqCst);
            if self.outside_window(item.at, now) {
                // First seen in the window, published long before it (a
                // backlog): never compared, so not indexed.
                continue;
            }
            let features = Features::extract(&item.title, &item.summary, &item.content);
            index.insert(
                item.item.0,
                item.story.0,
                feed_key(item.feed),
                item.at,
                &features,
            );
        }
    }

    pub(crate) fn config(&self) -> StoryConfig {
        self.lock().config().clone()
    }

    pub(crate) fn len(&self) -> usize {
        self.lock().len()
    }

    /// A token for one poll's transaction: the items it stores are seen by
    /// other polls only once it commits (see `StoryIndex::insert_pending`).
    pub(crate) fn begin_poll(&self) -> PollToken {
        self.last_poll.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Whether an item of time `at` is older than the window at `now`: it
    /// can join no story of the window, so it starts its own, is not
    /// compared, and stays out of the index (a feed's months-old backlog
    /// on its first poll, a late copy of old news).
    pub(crate) fn outside_window(&self, at: Millis, now: Millis) -> bool {
        at < now.saturating_sub(self.window)
    }

    /// The story an item of `poll` joins, or a fresh one, with the reason.
    pub(crate) fn assign(
        &self,
        features: &Features,
        feed: FeedId,
        at: Millis,
        now: Millis,
        poll: PollToken,
    ) -> StoryChoice {
        if self.outside_window(at, now) {
            let story = self.fresh_id(now);
            let window = crate::units::format_duration(Duration::from_millis(
                u64::try_from(self.window).unwrap_or(0),
            ));
            return StoryChoice {
                story,
                joined: false,
                reason: format!(
                    "new story {story}: published more than the story window ({window}) before it was fetched, so not compared"
                ),
            };
        }
        let decision = self
            .lock()
            .assign_for(features, feed_key(feed), at, Some(poll));
        match &decision {
            Decision::Join(m) => StoryChoice {
                story: StoryId(m.story),
                joined: true,
                reason: decision.to_string(),
            },
            Decision::New { .. } => {
                let story = self.fresh_id(now);
                StoryChoice {
                    story,
                    joined: false,
                    reason: decision.to_string().replacen(
                        "new story",
                        &format!("new story {story}"),
                        1,
                    ),
                }
            }
        }
    }

    /// Remembers an item `poll` stored, so its later items can join its
    /// story, and every poll's once `poll` commits.
    pub(crate) fn stored(
        &self,
        item: ItemId,
        story: StoryId,
        features: &Features,
        feed: FeedId,
        at: Millis,
        poll: PollToken,
    ) {
        self.known().mark(item.0);
        // The store may have stored a new story under a later id than the
        // one made here (another replica had taken it): make the next ids
        // after it.
        self.last_id.fetch_max(story.0, Ordering::SeqCst);
        // Nothing to compare (an item outside the window has no features):
        // a record without terms is never a candidate.
        if !features.terms().is_empty() {
            self.lock()
                .insert_pending(item.0, story.0, feed_key(feed), at, features, poll);
        }
    }

    /// `poll`'s transaction committed: its items join the shared index.
    pub(crate) fn committed(&self, poll: PollToken) {
        self.lock().commit(poll);
    }

    /// `poll`'s transaction was rolled back: its items are forgotten.
    pub(crate) fn rolled_back(&self, poll: PollToken) {
        self.lock().roll_back(poll);
    }

    /// First seen from which the next catch-up reads.
    pub(crate) fn sync_since(&self) -> Millis {
        self.known().since
    }

    /// Of these recent items, those the index lacks (other replicas').
    pub(crate) fn unknown(&self, ids: &[ItemId]) -> Vec<ItemId> {
        let known = self.known();
        ids.iter()
            .filter(|id| !known.ids.contains(&id.0))
            .copied()
            .collect()
    }

    /// What the next catch-up under the story lock reads: the items above
    /// the highest id the previous one read, whenever their polls began
    /// (every id up to it is final, so the ids above are exactly what
    /// committed since, even from a poll that waited minutes for the lock;
    /// its items are first seen when it began). The first reads as far back
    /// as a periodic catch-up.
    pub(crate) fn catch_up_from(&self) -> CatchUpFrom {
        let after = self.locked_up_to.load(Ordering::SeqCst);
        CatchUpFrom {
            first_seen: if after > 0 {
                Millis::MIN
            } else {
                self.sync_since()
            },
            after: ItemId(after),
        }
    }

    /// Of these items, read by `poll`'s transaction under the story lock
    /// (so every other poll's that stored them has committed), those the
    /// index lacks. Items a poll of this replica stored are known already
    /// but may still be pending, if that poll's transaction committed and
    /// its thread has not yet said so: its items are made visible now (a
    /// transaction commits all or nothing, so one visible item commits
    /// them all).
    pub(crate) fn lacking_under_lock(&self, ids: &[ItemId], poll: PollToken) -> Vec<ItemId> {
        if let Some(highest) = ids.iter().map(|id| id.0).max() {
            self.locked_up_to.fetch_max(highest, Ordering::SeqCst);
        }
        let lacking = self.unknown(ids);
        if lacking.len() < ids.len() {
            let mut index = self.lock();
            let mut committed = HashSet::new();
            for id in ids {
                if let Some(owner) = index.pending_poll(id.0)
                    && owner != poll
                {
                    committed.insert(owner);
                }
            }
            for owner in committed {
                index.commit(owner);
            }
        }
        lacking
    }

    /// Adds items another replica stored (committed), oldest first; returns
    /// how many were new to the index.
    pub(crate) fn add_synced(&self, items: &[StoryItem]) -> usize {
        let fresh: Vec<&StoryItem> = {
            let mut known = self.known();
            items
                .iter()
                .filter(|item| {
                    let new = !known.ids.contains(&item.item.0);
                    known.mark(item.item.0);
                    new
                })
                .collect()
        };
        // Published more than the window before it was first seen: its
        // replica compared it with nothing (see `assign`); nor do we.
        for item in &fresh {
            self.last_id.fetch_max(item.story.0, Ordering::SeqCst);
        }
        let fresh: Vec<&StoryItem> = fresh
            .into_iter()
            .filter(|item| !self.outside_window(item.at, item.first_seen))
            .collect();
        // Features outside the index's lock: polls keep clustering meanwhile.
        let features: Vec<Features> = fresh
            .iter()
            .map(|item| Features::extract(&item.title, &item.summary, &item.content))
            .collect();
        let mut index = self.lock();
        for (item, features) in fresh.iter().zip(&features) {
            index.insert(
                item.item.0,
                item.story.0,
                feed_key(item.feed),
                item.at,
                features,
            );
            self.last_id.fetch_max(item.story.0, Ordering::SeqCst);
        }
        fresh.len()
    }

    /// A catch-up that began at `started` (by the daemon's clock) is done.
    pub(crate) fn synced(&self, started: Millis) {
        let mut known = self.known();
        known.since = started.saturating_sub(SYNC_MARGIN);
        known.prune();
    }

    fn known(&self) -> std::sync::MutexGuard<'_, Known> {
        // Only inserts and removals of ids: a panic leaves a usable set.
        self.known
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A new story id: milliseconds times 1000 plus a sequence, strictly
    /// increasing (below 2^53 until the year 2255).
    fn fresh_id(&self, now: Millis) -> StoryId {
        let candidate = now.saturating_mul(1000);
        let previous = self
            .last_id
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |last| {
                Some(candidate.max(last + 1))
            })
            .unwrap_or(candidate);
        StoryId(candidate.max(previous + 1))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, StoryIndex> {
        // A panic while clustering leaves a usable index (each call leaves
        // it consistent or untouched); keep going.
        self.index
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The index's small feed key: database ids fit (they are small and dense).
fn feed_key(feed: FeedId) -> FeedKey {
    FeedKey::try_from(feed.0).unwrap_or(FeedKey::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_ids_increase_and_stay_javascript_safe() {
        let engine = StoryEngine::new(StoryConfig::default());
        let now = 1_780_000_000_000;
        let a = engine.fresh_id(now);
        let b = engine.fresh_id(now);
        let c = engine.fresh_id(now - 5);
        assert!(a < b && b < c, "{a} {b} {c}");
        assert!(c.0 < (1_i64 << 53));
    }

    fn story_item(
        id: i64,
        story: i64,
        feed: i64,
        at: Millis,
        title: &str,
        summary: &str,
    ) -> StoryItem {
        StoryItem {
            item: ItemId(id),
            story: StoryId(story),
            feed: FeedId(feed),
            at,
            first_seen: at,
            title: title.into(),
            summary: summary.into(),
            content: String::new(),
        }
    }

    /// Items another replica stored reach this replica's index through a
    /// catch-up, once each; its own and the rebuilt ones are not read again.
    #[test]
    fn a_catch_up_adds_only_what_others_stored() {
        let engine = StoryEngine::new(StoryConfig::default());
        let now = 1_780_000_000_000;
        let old = story_item(
            1,
            10,
            1,
            now - 3_600_000,
            "Snow closes Vermont schools",
            "Up to 20 inches by Thursday.",
        );
        let recent = story_item(
            2,
            20,
            1,
            now - 1_000,
            "Harbour opens new pier",
            "The pier took two years.",
        );
        engine.rebuild(&[old, recent], now);
        assert_eq!(engine.sync_since(), now - SYNC_MARGIN);
        // Ours: stored by a poll of this replica.
        let poll = engine.begin_poll();
        let ours = Features::extract("Council debates the budget", "A long night.", "");
        engine.stored(ItemId(3), StoryId(30), &ours, FeedId(2), now, poll);
        engine.committed(poll);
        // Another replica stored item 4: the one the index lacks.
        let ids = [ItemId(2), ItemId(3), ItemId(4)];
        assert_eq!(engine.unknown(&ids), [ItemId(4)]);
        let theirs = story_item(
            4,
            40,
            3,
            now,
            "OpenAI in talks to bring its models to NATO networks",
            "OpenAI is negotiating with NATO's IT agency to deploy its models on the alliance's unclassified networks.",
        );
        assert_eq!(engine.add_synced(std::slice::from_ref(&theirs)), 1);
        assert_eq!(engine.add_synced(&[theirs]), 0, "added once");
        assert!(engine.unknown(&ids).is_empty());
        engine.synced(now + 2_000);
        assert_eq!(engine.sync_since(), now + 2_000 - SYNC_MARGIN);
        // A report from this replica now joins the other replica's story.
        let report = Features::extract(
            "ChatGPT maker eyes deal with NATO for unclassified networks",
            "OpenAI is seeking an agreement with NATO's IT agency to put its models on the alliance's unclassified networks.",
            "",
        );
        let choice = engine.assign(
            &report,
            FeedId(5),
            now + 60_000,
            now + 60_000,
            engine.begin_poll(),
        );
        assert!(choice.joined, "{}", choice.reason);
        assert_eq!(choice.story, StoryId(40));
        // New ids come after the other replica's.
        let fresh = engine.fresh_id(0);
        assert!(fresh.0 > 40);
    }

    /// Under the story lock, an item of this replica's that the database
    /// shows committed is a candidate for every poll, even before its poll's
    /// thread says so; the asking poll's own items stay its own.
    #[test]
    fn a_catch_up_under_the_lock_commits_what_the_database_shows() {
        let engine = StoryEngine::new(StoryConfig::default());
        let now = 1_780_000_000_000;
        let first = Features::extract(
            "OpenAI in talks to bring its models to NATO networks",
            "OpenAI is negotiating with NATO's IT agency to deploy its models on the alliance's unclassified networks.",
            "",
        );
        let second = Features::extract(
            "ChatGPT maker eyes deal with NATO for unclassified networks",
            "OpenAI is seeking an agreement with NATO's IT agency to put its models on the alliance's unclassified networks.",
            "",
        );
        let (committing, asking) = (engine.begin_poll(), engine.begin_poll());
        engine.stored(ItemId(1), StoryId(10), &first, FeedId(1), now, committing);
        let own = Features::extract("Council debates the budget", "A long night.", "");
        engine.stored(ItemId(2), StoryId(20), &own, FeedId(2), now, asking);
        // Not yet committed: the asking poll does not see item 1.
        let before = engine.assign(&second, FeedId(3), now, now, asking);
        assert!(!before.joined, "{}", before.reason);
        // The asking poll read items 1, 2 (its own) and 3 (another
        // replica's) under the lock.
        assert_eq!(engine.catch_up_from().after, ItemId(0));
        let lacking = engine.lacking_under_lock(&[ItemId(1), ItemId(2), ItemId(3)], asking);
        assert_eq!(lacking, [ItemId(3)]);
        assert_eq!(
            engine.catch_up_from(),
            CatchUpFrom {
                first_seen: Millis::MIN,
                after: ItemId(3)
            },
            "the next reads above, however long ago their polls began"
        );
        let after = engine.assign(&second, FeedId(3), now, now, asking);
        assert!(after.joined, "{}", after.reason);
        assert_eq!(after.story, StoryId(10));
        // The asking poll's own item is still pending: a third poll does
        // not see it, and rolling the asking poll back forgets it.
        let third = engine.begin_poll();
        let apart = engine.assign(&own, FeedId(4), now, now, third);
        assert!(!apart.joined, "{}", apart.reason);
        engine.rolled_back(asking);
        // The committing poll's own word comes late, and changes nothing.
        engine.committed(committing);
        let still = engine.assign(&second, FeedId(3), now, now, third);
        assert_eq!(still.story, StoryId(10));
    }

    #[test]
    fn items_published_before_the_window_start_their_own_story() {
        let engine = StoryEngine::new(StoryConfig::default());
        let now = 1_780_000_000_000;
        let day = 86_400_000;
        let title = "OpenAI in talks to bring its models to NATO networks";
        let summary = "OpenAI is negotiating with NATO's IT agency to deploy its models on the alliance's unclassified networks.";
        // Rebuilt from the database: an item first seen lately but
        // published 40 days ago stays out of the index.
        engine.rebuild(
            &[
                story_item(1, 10, 1, now - 40 * day, title, summary),
                story_item(2, 20, 2, now - 1_000, title, summary),
            ],
            now,
        );
        assert_eq!(engine.len(), 1);
        let report = Features::extract(title, summary, "");
        let old = engine.assign(&report, FeedId(3), now - 4 * day, now, engine.begin_poll());
        assert!(!old.joined);
        assert!(
            old.reason
                .contains("published more than the story window (3d) before it was fetched"),
            "{}",
            old.reason
        );
        assert!(old.story.0 > 20, "a fresh id: {}", old.story);
        // Its poll prepared no features for it, and nothing is stored.
        let poll = engine.begin_poll();
        engine.stored(
            ItemId(3),
            old.story,
            &Features::default(),
            FeedId(3),
            now - 4 * day,
            poll,
        );
        engine.committed(poll);
        assert_eq!(engine.len(), 1);
        // Nor an old item another replica stored.
        let mut theirs = story_item(4, 40, 5, now - 40 * day, title, summary);
        theirs.first_seen = now;
        assert_eq!(engine.add_synced(&[theirs]), 0);
        assert_eq!(engine.len(), 1);
        // A current report still joins the current story.
        let current = engine.assign(&report, FeedId(4), now, now, engine.begin_poll());
        assert!(current.joined, "{}", current.reason);
        assert_eq!(current.story, StoryId(20));
    }

    #[test]
    fn reports_of_one_event_join_and_others_do_not() {
        let engine = StoryEngine::new(StoryConfig::default());
        let now = 1_780_000_000_000;
        let first = Features::extract(
            "OpenAI in talks to bring its models to NATO networks",
            "OpenAI is negotiating with NATO's IT agency to deploy its models on the alliance's unclassified networks, days after its Pentagon agreement.",
            "",
        );
        let poll = engine.begin_poll();
        let choice = engine.assign(&first, FeedId(1), now, now, poll);
        assert!(!choice.joined);
        engine.stored(ItemId(1), choice.story, &first, FeedId(1), now, poll);
        engine.committed(poll);
        let second = Features::extract(
            "ChatGPT maker eyes deal with NATO for unclassified networks",
            "OpenAI is seeking an agreement with NATO's IT agency to put its models on the alliance's unclassified networks.",
            "",
        );
        let joined = engine.assign(
            &second,
            FeedId(2),
            now + 60_000,
            now + 60_000,
            engine.begin_poll(),
        );
        assert!(joined.joined, "{}", joined.reason);
        assert_eq!(joined.story, choice.story);
        let other = Features::extract(
            "Heavy snow closes schools across Vermont",
            "Forecasters expect up to 20 inches by Thursday.",
            "",
        );
        let apart = engine.assign(
            &other,
            FeedId(3),
            now + 90_000,
            now + 90_000,
            engine.begin_poll(),
        );
        assert!(!apart.joined);
        assert_ne!(apart.story, choice.story);
    }
}
