//! Topics that learn from their user's verdicts.
//!
//! A verdict ("relevant" / "irrelevant", from `feedwatch feedback`, the web
//! UI or a signed link in a message) is stored with the item's features for
//! its topic (`topics::learn::features`). Each topic whose `learn` is not
//! `off` gets a [`Model`] trained on its `examples` and its verdicts (a
//! later verdict on an item replaces an example of it); the daemon retrains
//! when the verdicts change. For each match, [`ModelSet::judge`] says what
//! the model makes of it; with `learn = "filter"` a confident "irrelevant"
//! holds the alert back: the match is stored as suppressed, never dropped.
//!
//! This module is pure but for [`load`], which reads verdicts and example
//! items through the store.

mod config;
mod feedback;
mod links;

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

pub use config::{ExampleSource, LearnMode, RawExample, TopicExample, parse_examples, parse_learn};
pub use feedback::{Feedback, FeedbackError, Judged, find_one, give};
pub use links::{FeedbackLinks, KEY_SETTING, LINK_PREFIX, parse_verdict, verdict_word};

use crate::alert::payload::PayloadModel;
use crate::config::{Config, TopicConfig};
use crate::model::{Entry, ItemId, StoryId};
use crate::store::{Backend, StoreError, StoredItem, VerdictFilter, find_named_items};
use crate::topics::learn::{Decision, Example, Features, Model, Prediction, features};
use crate::topics::{Document, TopicHit};

/// Verdicts read at most per load (newest first).
const MAX_VERDICTS: usize = 100_000;

/// The trained models, one per topic that learns.
#[derive(Debug, Clone, Default)]
pub struct ModelSet {
    models: HashMap<String, Arc<Model>>,
}

/// What a topic's model made of one match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Judgement {
    pub mode: LearnMode,
    /// Held back (only with `learn = "filter"`).
    pub suppressed: bool,
    /// The probability below which the model holds an item back.
    pub threshold: f64,
    #[serde(flatten)]
    pub prediction: Prediction,
}

impl Judgement {
    pub fn to_json(&self) -> String {
        // A struct of numbers, strings and enums always serializes.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// One line for people: the probability and what the model does.
    pub fn describe(&self) -> String {
        let (relevant, irrelevant) = self.prediction.verdicts;
        let what = match (self.prediction.decision, self.mode) {
            (Decision::Learning, _) => "still learning (too few verdicts to act)".to_string(),
            (Decision::Keep, _) => "alerts".to_string(),
            (Decision::Suppress, LearnMode::Filter) => "held back".to_string(),
            (Decision::Suppress, _) => "alerts; learn = \"filter\" would hold it back".to_string(),
        };
        // A model still learning has no threshold yet.
        let threshold = match self.prediction.decision {
            Decision::Learning => String::new(),
            _ => format!("holds back below {:.2}; ", self.threshold),
        };
        format!(
            "model: p(relevant) = {:.2} ({threshold}{relevant} relevant, {irrelevant} irrelevant verdicts): {what}",
            self.prediction.probability
        )
    }

    /// What the payload says: the probability, and what the model did or,
    /// in `suggest` mode, would do.
    pub(crate) fn summary(&self) -> PayloadModel {
        let (relevant, irrelevant) = self.prediction.verdicts;
        let decision = match (self.prediction.decision, self.mode) {
            (Decision::Learning, _) => "learning",
            (Decision::Keep, _) => "keep",
            (Decision::Suppress, LearnMode::Filter) => "suppress",
            (Decision::Suppress, _) => "would_suppress",
        };
        PayloadModel {
            probability: (self.prediction.probability * 100.0).round() / 100.0,
            decision: decision.to_string(),
            verdicts: relevant + irrelevant,
        }
    }
}

impl ModelSet {
    pub fn empty() -> ModelSet {
        ModelSet::default()
    }

    /// Trains a model for every topic that learns, on `examples` (topic,
    /// example), later examples replacing earlier ones with the same id.
    pub fn train(
        config: &Config,
        examples: Vec<(String, Example)>,
        only: Option<&str>,
    ) -> ModelSet {
        let mut by_topic: HashMap<String, Vec<Example>> = HashMap::new();
        for (topic, example) in examples {
            by_topic.entry(topic).or_default().push(example);
        }
        let models = config
            .topics
            .iter()
            .filter(|t| t.learn != LearnMode::Off && only.is_none_or(|o| o == t.name))
            .map(|t| {
                let examples = by_topic.remove(&t.name).unwrap_or_default();
                (t.name.clone(), Arc::new(Model::from_examples(examples)))
            })
            .collect();
        ModelSet { models }
    }

    /// The model of a topic that learns.
    pub fn model(&self, topic: &str) -> Option<&Model> {
        self.models.get(topic).map(Arc::as_ref)
    }

    /// What the topic's model makes of a match; `None` when the topic does
    /// not learn or its model has no verdict yet.
    pub fn judge(&self, topic: &TopicConfig, doc: &Document, hit: &TopicHit) -> Option<Judgement> {
        self.judge_features(topic, &features(doc, hit))
    }

    /// [`ModelSet::judge`] from precomputed features.
    pub fn judge_features(&self, topic: &TopicConfig, features: &Features) -> Option<Judgement> {
        if topic.learn == LearnMode::Off {
            return None;
        }
        let model = self.models.get(&topic.name)?;
        if model.examples().is_empty() {
            return None;
        }
        let prediction = model.explain_features(features);
        Some(Judgement {
            mode: topic.learn,
            suppressed: topic.learn == LearnMode::Filter
                && prediction.decision == Decision::Suppress,
            threshold: model.threshold(),
            prediction,
        })
    }
}

/// The models and the signed feedback links, as the poll stage uses them.
#[derive(Debug, Clone, Default)]
pub struct Learner {
    pub models: ModelSet,
    /// Set when `[http] public_url` is: alerts carry feedback links.
    pub links: Option<FeedbackLinks>,
}

/// The features of a stored item for a topic: its match if the topic's
/// query (as configured now) matches it, else the text alone.
pub fn item_features(config: &Config, topic: &TopicConfig, item: &StoredItem) -> Features {
    entry_features(config, topic, &item.entry, &item.feed)
}

fn entry_features(config: &Config, topic: &TopicConfig, entry: &Entry, feed: &str) -> Features {
    let tags = config
        .feed(feed)
        .map(|f| f.tags.clone())
        .unwrap_or_default();
    let doc = Document::from_entry(entry, feed, &tags);
    let hit = config
        .topic_set
        .match_document(&doc)
        .into_iter()
        .find(|h| h.topic == topic.name)
        .unwrap_or_else(|| TopicHit {
            topic: topic.name.clone(),
            matched: Vec::new(),
            snippet: String::new(),
            score: 0.0,
            concepts: 0,
            lead_concepts: 0,
        });
    features(&doc, &hit)
}

/// The features of an entry for `topic` when the topic's query matches it;
/// `None` when it does not.
fn matched_features(
    config: &Config,
    topic: &TopicConfig,
    entry: &Entry,
    feed: &str,
) -> Option<Features> {
    Some(entry_features(config, topic, entry, feed)).filter(Features::is_match)
}

/// `config.toml:12` for an example.
fn example_place(config: &Config, example: &TopicExample) -> String {
    format!("{}:{}", config.source.display(), example.line)
}

/// Why an example the topic's query does not match is left out: the model
/// judges only what the query matched, so such an example cannot teach it
/// where the query goes wrong; trained on, it would only count towards the
/// verdicts the model needs before it acts (and teach it that "no query
/// word matched" means its label), letting it act on too little.
fn unmatched_example(
    config: &Config,
    topic: &TopicConfig,
    index: usize,
    example: &TopicExample,
) -> String {
    let why = if example.relevant {
        "the query does not match this relevant example, so the model (which only judges what the query matched) cannot learn from it: widen the query to catch such items (`feedwatch try` shows what it matches)"
    } else {
        "the query already leaves this irrelevant example out, so it has nothing to teach the model (which only judges what the query matched): give an example the query matches but should not"
    };
    format!(
        "{}: topic `{}` examples[{index}]: {why}; left out",
        example_place(config, example),
        topic.name
    )
}

/// The text examples (`[[topic]] examples`, `text = ...`) that their
/// topic's query does not match, one message each: what `check` warns
/// about. (Item examples need the database: the daemon, `explain` and
/// `feedback` report those.)
pub fn unmatched_text_examples(config: &Config) -> Vec<String> {
    let mut out = Vec::new();
    for topic in config.topics.iter().filter(|t| t.learn != LearnMode::Off) {
        for (i, example) in topic.examples.iter().enumerate() {
            if let ExampleSource::Text(text) = &example.source
                && matched_features(config, topic, &text_entry(text), "").is_none()
            {
                out.push(unmatched_example(config, topic, i, example));
            }
        }
    }
    out
}

/// An inline example text as an entry: its first line is the title, the
/// rest the summary.
fn text_entry(text: &str) -> Entry {
    let (title, summary) = text.split_once('\n').unwrap_or((text, ""));
    Entry {
        title: title.trim().to_string(),
        summary: summary.trim().to_string(),
        ..Entry::default()
    }
}

/// The example id of a verdict or example on a stored item: a verdict
/// replaces an example of the same item.
fn item_example_id(item: ItemId) -> String {
    format!("item:{item}")
}

/// Trains the models from the config's examples and the stored verdicts.
/// Returns them with what could not be used (an example naming no stored
/// item, a verdict whose features do not parse), one message each.
pub fn load(db: &dyn Backend, config: &Config) -> Result<(ModelSet, Vec<String>), StoreError> {
    load_topics(db, config, None)
}

/// [`load`] for one topic only (`None`: every topic).
pub fn load_topics(
    db: &dyn Backend,
    config: &Config,
    only: Option<&str>,
) -> Result<(ModelSet, Vec<String>), StoreError> {
    let mut examples = Vec::new();
    let mut problems = Vec::new();
    let wanted = |topic: &str| only.is_none_or(|o| o == topic);
    for topic in config
        .topics
        .iter()
        .filter(|t| t.learn != LearnMode::Off && wanted(&t.name))
    {
        for (i, example) in topic.examples.iter().enumerate() {
            // An item example counts with the verdicts on its story (two
            // examples naming two reports of one event are one story); an
            // inline text is a story of its own.
            let (id, entry, feed, group) = match &example.source {
                ExampleSource::Text(text) => (
                    format!("example:{i}"),
                    text_entry(text),
                    String::new(),
                    None,
                ),
                ExampleSource::Item(reference) => match find_item(db, reference)? {
                    Some(item) => (
                        item_example_id(item.id),
                        item.entry,
                        item.feed,
                        Some(story_group(item.story)),
                    ),
                    None => {
                        problems.push(format!(
                            "{}: topic `{}` examples[{i}]: no stored item with id, link or GUID `{reference}`; the example is left out until it is stored",
                            example_place(config, example),
                            topic.name
                        ));
                        continue;
                    }
                },
            };
            match matched_features(config, topic, &entry, &feed) {
                Some(features) => examples.push((
                    topic.name.clone(),
                    Example {
                        id,
                        features,
                        relevant: example.relevant,
                        group,
                    },
                )),
                None => problems.push(unmatched_example(config, topic, i, example)),
            }
        }
    }
    let filter = VerdictFilter {
        topic: only.map(str::to_string),
        include_undone: false,
    };
    let mut verdicts = db.verdicts(&filter, MAX_VERDICTS)?;
    // Oldest first, so a later verdict replaces an earlier example.
    verdicts.reverse();
    for verdict in verdicts {
        match serde_json::from_str::<Features>(&verdict.features) {
            // A verdict on an item the query did not match is kept (and
            // listed) but not learned from, like such an example: the model
            // only judges matches (`feedback` says so when it is given).
            Ok(features) if !features.is_match() => {}
            Ok(features) => examples.push((
                verdict.topic,
                Example {
                    id: item_example_id(verdict.item),
                    features: features.respelled(),
                    relevant: verdict.relevant,
                    group: Some(story_group(verdict.story)),
                },
            )),
            Err(err) => problems.push(format!(
                "verdict {} has unreadable features ({err}); left out",
                verdict.id
            )),
        }
    }
    Ok((ModelSet::train(config, examples, only), problems))
}

/// The stored item `reference` names (id, link or GUID); the first one
/// when a GUID names several.
/// The stored items the topics' `examples` name (retention keeps them).
pub fn example_items(db: &dyn Backend, config: &Config) -> Result<Vec<ItemId>, StoreError> {
    let mut items = Vec::new();
    for topic in &config.topics {
        for example in &topic.examples {
            if let ExampleSource::Item(reference) = &example.source
                && let Some(item) = find_item(db, reference)?
            {
                items.push(item.id);
            }
        }
    }
    Ok(items)
}

/// The group of the examples and verdicts on one story.
fn story_group(story: StoryId) -> String {
    format!("story:{}", story.0)
}

fn find_item(db: &dyn Backend, reference: &str) -> Result<Option<StoredItem>, StoreError> {
    Ok(find_named_items(db, reference, 1)?.into_iter().next())
}
