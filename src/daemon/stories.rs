//! The daemon's story engine: the clustering index of the items in the
//! window (rebuilt from the database at start), shared by every poll, and
//! the story ids it hands out.
//!
//! Polls decide stories inside their store transaction (see
//! `store::PollPolicy`), one at a time, so two outlets' reports of one event
//! fetched in the same cycle still meet. Story ids are made here, time
//! ordered, so an item that joins never waits on the database for one; they
//! stay below 2^53 so JavaScript receivers read them exactly. Replicas make
//! them from their own clocks, so two can make the same id: the store then
//! gives the second new story the next free id (`store::STORY_ID_TRIES`).

use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};

use crate::model::{FeedId, ItemId, Millis, StoryId};
use crate::store::{StoryChoice, StoryItem};
use crate::stories::{Decision, Features, FeedKey, StoryConfig, StoryIndex};

pub(crate) struct StoryEngine {
    index: Mutex<StoryIndex>,
    last_id: AtomicI64,
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

    /// The story an item joins, or a fresh one, with the reason.
    pub(crate) fn assign(
        &self,
        features: &Features,
        feed: FeedId,
        at: Millis,
        now: Millis,
    ) -> StoryChoice {
        let decision = self.lock().assign(features, feed_key(feed), at);
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

    /// Remembers a stored item, so later items can join its story.
    pub(crate) fn stored(
        &self,
        item: ItemId,
        story: StoryId,
        features: &Features,
        feed: FeedId,
        at: Millis,
    ) {
        self.lock()
            .insert(item.0, story.0, feed_key(feed), at, features);
        // The store may have stored a new story under a later id than the
        // one made here (another replica had taken it): make the next ids
        // after it.
        self.last_id.fetch_max(story.0, Ordering::SeqCst);
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
        let choice = engine.assign(&first, FeedId(1), now, now);
        assert!(!choice.joined);
        engine.stored(ItemId(1), choice.story, &first, FeedId(1), now);
        let second = Features::extract(
            "ChatGPT maker eyes deal with NATO for unclassified networks",
            "OpenAI is seeking an agreement with NATO's IT agency to put its models on the alliance's unclassified networks.",
            "",
        );
        let joined = engine.assign(&second, FeedId(2), now + 60_000, now + 60_000);
        assert!(joined.joined, "{}", joined.reason);
        assert_eq!(joined.story, choice.story);
        let other = Features::extract(
            "Heavy snow closes schools across Vermont",
            "Forecasters expect up to 20 inches by Thursday.",
            "",
        );
        let apart = engine.assign(&other, FeedId(3), now + 90_000, now + 90_000);
        assert!(!apart.joined);
        assert_ne!(apart.story, choice.story);
    }
}
