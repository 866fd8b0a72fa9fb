//! Trying a query (or a configured topic) on stored items, before it
//! alerts: shared by `feedwatch try` / `feedwatch explain` and the web UI's
//! try box, so both find and explain exactly what the daemon would match.

use crate::config::Config;
use crate::store::StoredItem;
use crate::topics::{self, Document, Explanation, TopicHit, TopicOptions, TopicSet};

/// Why a trial could not be set up.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TrialError {
    /// The query does not parse; `rendered` shows it with a caret.
    #[error("invalid query at column {column}:\n{rendered}")]
    Query { column: usize, rendered: String },
    #[error("no topic named `{0}` in the config")]
    UnknownTopic(String),
}

/// A query compiled for trying, under its topic's name (or "query").
pub struct Trial {
    name: String,
    set: TopicSet,
}

/// A stored item the trial matched.
#[derive(Debug, Clone)]
pub struct TrialHit<'a> {
    pub item: &'a StoredItem,
    pub hit: TopicHit,
}

/// A stored item the trial missed by one required part.
#[derive(Debug, Clone)]
pub struct NearMiss<'a> {
    pub item: &'a StoredItem,
    /// The part that failed, as a query would say it (`@ai`, `title:deal`).
    pub missing: String,
}

impl Trial {
    /// A query as a user typed it, with the config's aliases.
    pub fn query(config: &Config, query: &str) -> Result<Trial, TrialError> {
        let parsed = topics::parse(query, &config.aliases).map_err(|err| TrialError::Query {
            column: err.column,
            rendered: err.render(query),
        })?;
        let name = "query".to_string();
        Ok(Trial {
            set: TopicSet::new(vec![(name.clone(), parsed, TopicOptions::default())]),
            name,
        })
    }

    /// A configured topic, with its options (language, stemming, min_score).
    pub fn topic(config: &Config, topic: &str) -> Result<Trial, TrialError> {
        let topic = config
            .topic(topic)
            .ok_or_else(|| TrialError::UnknownTopic(topic.to_string()))?;
        Ok(Trial {
            name: topic.name.clone(),
            set: TopicSet::new(vec![(
                topic.name.clone(),
                topic.query.clone(),
                topic.options.clone(),
            )]),
        })
    }

    /// The items (in the order given) that match, at most `limit`.
    pub fn run<'a>(
        &self,
        config: &Config,
        items: &'a [StoredItem],
        limit: usize,
    ) -> Vec<TrialHit<'a>> {
        let mut hits = Vec::new();
        for item in items {
            if hits.len() >= limit {
                break;
            }
            let tags = feed_tags(config, &item.feed);
            if let Some(hit) = self
                .set
                .match_document(&Document::from_entry(&item.entry, &item.feed, &tags))
                .into_iter()
                .find(|h| h.topic == self.name)
            {
                hits.push(TrialHit { item, hit });
            }
        }
        hits
    }

    /// The items (in the order given) the query misses by one required
    /// part, with that part, at most `limit`: every other part holds, and
    /// what fails is not an exclusion (see
    /// [`topics::ExplainNode::only_missing_part`]). These show the words a query
    /// lacks: a report of the event that says "self-driving convoy
    /// software" where the query's `@ai` knows only "AI".
    pub fn near_misses<'a>(
        &self,
        config: &Config,
        items: &'a [StoredItem],
        limit: usize,
    ) -> Vec<NearMiss<'a>> {
        let mut misses = Vec::new();
        for item in items {
            if misses.len() >= limit {
                break;
            }
            let Some(explanation) = self.explain(config, item) else {
                continue;
            };
            if explanation.boolean_matched {
                continue;
            }
            if let Some(part) = explanation.root.only_missing_part() {
                misses.push(NearMiss {
                    item,
                    missing: part.describe(),
                });
            }
        }
        misses
    }

    /// How the query evaluates on one item, term by term.
    pub fn explain(&self, config: &Config, item: &StoredItem) -> Option<Explanation> {
        let tags = feed_tags(config, &item.feed);
        self.set.explain(
            &self.name,
            &Document::from_entry(&item.entry, &item.feed, &tags),
        )
    }
}

fn feed_tags(config: &Config, feed: &str) -> Vec<String> {
    config
        .feed(feed)
        .map(|f| f.tags.clone())
        .unwrap_or_default()
}
