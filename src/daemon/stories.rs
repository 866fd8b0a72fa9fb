//! The daemon's story engine: the clustering index of the items in the
//! window (rebuilt from the database at start), shared by every poll, and
//! the story ids it hands out.
//!
//! Polls decide stories inside their store transaction (see
//! `store::PollPolicy`), one at a time, so two outlets' reports of one event
//! fetched in the same cycle still meet. A poll's items are candidates for
//! other polls once its transaction commits (SQLite runs one write
//! transaction at a time, so nothing is missed there; on PostgreSQL a poll
//! never joins a story row another transaction has not committed, which
//! could deadlock the two), and forgotten if it rolls back.
//!
//! Story ids are made here, time ordered, so an item that joins never waits
//! on the database for one; they stay below 2^53 so JavaScript receivers
//! read them exactly. Replicas make them from their own clocks, so two can
//! make the same id: the store then gives the second new story the next
//! free id (`store::STORY_ID_TRIES`).

use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use crate::model::{FeedId, ItemId, Millis, StoryId};
use crate::store::{StoryChoice, StoryItem};
use crate::stories::{Decision, Features, FeedKey, PollToken, StoryConfig, StoryIndex};

pub(crate) struct StoryEngine {
    index: Mutex<StoryIndex>,
    last_id: AtomicI64,
    last_poll: AtomicU64,
}

impl std::fmt::Debug for StoryEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoryEngine").finish_non_exhaustive()
    }
}

impl StoryEngine {
    pub(crate) fn new(config: StoryConfig) -> StoryEngine {
        StoryEngine {
            index: Mutex::new(StoryIndex::new(config)),
            last_id: AtomicI64::new(0),
            last_poll: AtomicU64::new(0),
        }
    }

    /// The window's stored items, oldest first, as at start.
    pub(crate) fn rebuild(&self, items: &[StoryItem]) {
        let mut index = self.lock();
        for item in items {
            let features = Features::extract(&item.title, &item.summary, &item.content);
            index.insert(
                item.item.0,
                item.story.0,
                feed_key(item.feed),
                item.at,
                &features,
            );
            self.last_id.fetch_max(item.story.0, Ordering::SeqCst);
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

    /// The story an item of `poll` joins, or a fresh one, with the reason.
    pub(crate) fn assign(
        &self,
        features: &Features,
        feed: FeedId,
        at: Millis,
        now: Millis,
        poll: PollToken,
    ) -> StoryChoice {
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
        self.lock()
            .insert_pending(item.0, story.0, feed_key(feed), at, features, poll);
        // The store may have stored a new story under a later id than the
        // one made here (another replica had taken it): make the next ids
        // after it.
        self.last_id.fetch_max(story.0, Ordering::SeqCst);
    }

    /// `poll`'s transaction committed: its items join the shared index.
    pub(crate) fn committed(&self, poll: PollToken) {
        self.lock().commit(poll);
    }

    /// `poll`'s transaction was rolled back: its items are forgotten.
    pub(crate) fn rolled_back(&self, poll: PollToken) {
        self.lock().roll_back(poll);
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
