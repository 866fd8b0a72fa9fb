//! The labeled story corpora (`tests/data/news`, `tests/data/holdout*`):
//! loading one in time order, clustering it with a configuration, and
//! measuring pairwise precision and recall and forbidden merges. Shared by
//! `tests/stories.rs` and the knob search bench (`benches/story_knobs.rs`),
//! which declare `mod news` beside it.

use feedwatch::stories::{Decision, Features, StoryConfig, StoryIndex};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Debug, Deserialize)]
struct FeedsFile {
    feed: Vec<FeedEntry>,
}

#[derive(Debug, Deserialize)]
struct FeedEntry {
    name: String,
}

#[derive(Debug, Deserialize)]
struct ItemsFile {
    #[serde(default)]
    item: Vec<Item>,
    #[serde(default)]
    distinct: Vec<Distinct>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Item {
    pub(crate) id: String,
    pub(crate) feed: String,
    pub(crate) published: String,
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) summary: String,
    #[serde(default)]
    pub(crate) content: String,
    #[serde(default)]
    pub(crate) story: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Distinct {
    pub(crate) stories: Vec<String>,
    #[serde(default)]
    pub(crate) why: String,
}

/// The corpus, items in time order (ties by id).
pub(crate) struct Corpus {
    pub(crate) items: Vec<Item>,
    pub(crate) distinct: Vec<Distinct>,
    pub(crate) feeds: HashMap<String, u32>,
    /// Unix ms of each item.
    pub(crate) times: Vec<i64>,
}

impl Item {
    /// The labeled story: the label, or the item itself.
    pub(crate) fn label(&self) -> &str {
        self.story.as_deref().unwrap_or(&self.id)
    }
}

/// A corpus in the news corpus's format from `dir`.
pub(crate) fn load_from(dir: &std::path::Path) -> Corpus {
    let feeds: FeedsFile =
        toml::from_str(&std::fs::read_to_string(dir.join("feeds.toml")).expect("feeds.toml"))
            .expect("feeds.toml parses");
    let feeds: HashMap<String, u32> = feeds
        .feed
        .into_iter()
        .enumerate()
        .map(|(i, f)| (f.name, i as u32 + 1))
        .collect();
    let mut items = Vec::new();
    let mut distinct = Vec::new();
    for path in crate::news::item_files_in(dir) {
        let text = std::fs::read_to_string(&path).expect("item file");
        let file: ItemsFile =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        items.extend(file.item);
        distinct.extend(file.distinct);
    }
    let time = |item: &Item| {
        chrono::DateTime::parse_from_rfc3339(&item.published)
            .unwrap_or_else(|e| panic!("{}: published: {e}", item.id))
            .timestamp_millis()
    };
    items.sort_by(|a, b| time(a).cmp(&time(b)).then(a.id.cmp(&b.id)));
    for item in &items {
        assert!(
            feeds.contains_key(&item.feed),
            "{}: unknown feed {}",
            item.id,
            item.feed
        );
    }
    let times = items.iter().map(time).collect();
    Corpus {
        items,
        distinct,
        feeds,
        times,
    }
}

/// What the engine did with each item.
pub(crate) struct Run {
    /// Predicted story of each item (an item index: the story's first item).
    pub(crate) predicted: Vec<usize>,
    pub(crate) decisions: Vec<Decision>,
}

pub(crate) fn cluster(corpus: &Corpus, config: &StoryConfig) -> Run {
    let mut index = StoryIndex::new(config.clone());
    let mut predicted = Vec::new();
    let mut decisions = Vec::new();
    for (i, item) in corpus.items.iter().enumerate() {
        let features = Features::extract(&item.title, &item.summary, &item.content);
        let feed = corpus.feeds.get(&item.feed).copied().unwrap_or(0);
        let at = corpus.times.get(i).copied().unwrap_or(0);
        let decision = index.assign(&features, feed, at);
        // Story ids are item indexes.
        let story = decision.story().unwrap_or(i as i64);
        index.insert(i as i64, story, feed, at, &features);
        predicted.push(story as usize);
        decisions.push(decision);
    }
    Run {
        predicted,
        decisions,
    }
}

#[derive(Debug, Default, Clone)]
pub(crate) struct Metrics {
    pub(crate) true_pairs: usize,
    pub(crate) predicted_pairs: usize,
    pub(crate) correct_pairs: usize,
    pub(crate) precision: f64,
    pub(crate) recall: f64,
    /// (item index, item index, why) of forbidden merges.
    pub(crate) violations: Vec<(usize, usize, String)>,
    /// Wrongly merged pairs and missed pairs (item indexes).
    pub(crate) false_merges: Vec<(usize, usize)>,
    pub(crate) missed: Vec<(usize, usize)>,
}

pub(crate) fn measure(corpus: &Corpus, run: &Run) -> Metrics {
    let n = corpus.items.len();
    let mut m = Metrics::default();
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (&corpus.items[i], &corpus.items[j]);
            let truth = a.label() == b.label();
            let predicted = run.predicted[i] == run.predicted[j];
            m.true_pairs += usize::from(truth);
            m.predicted_pairs += usize::from(predicted);
            m.correct_pairs += usize::from(truth && predicted);
            if predicted && !truth {
                m.false_merges.push((i, j));
            }
            if truth && !predicted {
                m.missed.push((i, j));
            }
        }
    }
    m.precision = if m.predicted_pairs == 0 {
        1.0
    } else {
        m.correct_pairs as f64 / m.predicted_pairs as f64
    };
    m.recall = if m.true_pairs == 0 {
        1.0
    } else {
        m.correct_pairs as f64 / m.true_pairs as f64
    };
    for (i, j, group) in must_not_merge_pairs(corpus) {
        if run.predicted[i] == run.predicted[j] {
            m.violations.push((i, j, group.why.clone()));
        }
    }
    m
}

/// Every pair of items two entries of one `[[distinct]]` group name, with
/// the group, in the groups' order.
pub(crate) fn must_not_merge_pairs(corpus: &Corpus) -> Vec<(usize, usize, &Distinct)> {
    let n = corpus.items.len();
    let mut pairs = Vec::new();
    for group in &corpus.distinct {
        let members: Vec<Vec<usize>> = group
            .stories
            .iter()
            .map(|label| {
                (0..n)
                    .filter(|&i| corpus.items[i].label() == label)
                    .collect()
            })
            .collect();
        for (x, xs) in members.iter().enumerate() {
            for ys in members.iter().skip(x + 1) {
                for &i in xs {
                    for &j in ys {
                        pairs.push((i, j, group));
                    }
                }
            }
        }
    }
    pairs
}
