//! `[aliases]` and `[[topic]]`: what to alert on, from which feeds, to
//! which sinks.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use serde::Deserialize;

use super::feeds::FeedConfig;
use crate::alert::schedule::{DigestSchedule, parse_digest};
use crate::diagnostics::{Scope, Spanned};
use crate::learning::{LearnMode, RawExample, TopicExample, parse_examples, parse_learn};
use crate::topics::{self, Aliases, Query, TopicOptions};

#[derive(Debug, Clone)]
pub struct TopicConfig {
    pub name: String,
    /// The query as written in the config.
    pub query_text: String,
    pub query: Query,
    /// Empty means every feed.
    pub feeds: Vec<FeedSelector>,
    /// Sink names; every sink when the config names none (one list shared
    /// by all such topics: ten thousand topics and sinks are not a hundred
    /// million names).
    pub notify: Arc<Vec<String>>,
    pub options: TopicOptions,
    /// `digest` set on the topic: overrides each sink's own schedule.
    pub digest: Option<DigestSchedule>,
    /// What the topic's model may do with its matches.
    pub learn: LearnMode,
    /// Items or texts given up front as relevant or irrelevant.
    pub examples: Vec<TopicExample>,
}

impl TopicConfig {
    /// Whether this topic watches the given feed.
    pub fn watches(&self, feed: &FeedConfig) -> bool {
        self.feeds.is_empty()
            || self.feeds.iter().any(|selector| match selector {
                FeedSelector::Name(name) => *name == feed.name,
                FeedSelector::Tag(tag) => feed.tags.contains(tag),
            })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum FeedSelector {
    Name(String),
    Tag(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTopic {
    pub(super) name: Spanned<String>,
    query: Spanned<String>,
    feeds: Option<Vec<Spanned<String>>>,
    notify: Option<Vec<Spanned<String>>>,
    language: Option<Spanned<String>>,
    stem: Option<bool>,
    min_score: Option<Spanned<f64>>,
    digest: Option<Spanned<String>>,
    timezone: Option<Spanned<String>>,
    learn: Option<Spanned<String>>,
    examples: Option<Vec<Spanned<RawExample>>>,
}

/// `[aliases]`: every invalid entry is reported at its own line and left
/// out; the valid ones stay defined, so a topic using them is not failed
/// by a neighbour's mistake.
pub(super) fn aliases(
    raw: &BTreeMap<String, Spanned<Vec<Spanned<String>>>>,
    scope: &mut Scope,
) -> Aliases {
    let entries = raw
        .iter()
        .map(|(name, entries)| {
            let list = entries.get_ref().iter().map(|e| e.get_ref().clone());
            (name.clone(), list.collect())
        })
        .collect::<BTreeMap<_, _>>();
    let (aliases, errors) = Aliases::new_lenient(entries);
    for err in errors {
        let alias = raw.get(err.alias());
        let (span, key) = match (alias, err.entry_index()) {
            (Some(list), Some(index)) => (
                list.get_ref()
                    .get(index)
                    .map_or_else(|| list.span(), |e| e.span()),
                format!("{}[{index}]", err.alias()),
            ),
            (Some(list), None) => (list.span(), err.alias().to_string()),
            (None, _) => (0..0, err.alias().to_string()),
        };
        scope.push(span, &key, err.to_string());
    }
    aliases
}

/// What a topic may refer to: names as written, even of feeds and sinks
/// with other problems, so one mistake does not cascade into "unknown"
/// errors elsewhere.
pub(super) struct Known<'a> {
    pub(super) feeds: &'a HashSet<String>,
    pub(super) tags: &'a HashSet<String>,
    pub(super) sinks: &'a [String],
    /// The same names as a set, to check references in constant time.
    pub(super) sink_set: &'a HashSet<String>,
    /// Every sink, shared by the topics that name none.
    pub(super) every_sink: &'a Arc<Vec<String>>,
}

impl Known<'_> {
    /// The "expected one of" hints for unknown feeds and sinks, made once
    /// per config, not once per mistake.
    pub(super) fn hints(&self) -> Hints {
        Hints {
            feeds: list(self.feeds.iter()),
            sinks: list(self.sinks.iter()),
        }
    }
}

/// See [`Known::hints`].
pub(super) struct Hints {
    pub(super) feeds: String,
    pub(super) sinks: String,
}

pub(super) fn topic(
    raw: &RawTopic,
    aliases: &Aliases,
    known: &Known,
    hints: &Hints,
    scope: &mut Scope,
) -> Option<TopicConfig> {
    let name_ok = scope.name(&raw.name, "name");
    let query = match topics::parse(raw.query.get_ref(), aliases) {
        Ok(q) => Some(q),
        Err(err) => {
            // Point at the offending character inside the quoted string.
            let start = raw.query.span().start + 1;
            let offset = raw
                .query
                .get_ref()
                .char_indices()
                .nth(err.column.saturating_sub(1))
                .map_or(raw.query.get_ref().len(), |(i, _)| i);
            let span = start + offset..start + offset;
            let rendered = err.render(raw.query.get_ref());
            scope.push(
                span,
                "query",
                format!(
                    "topic `{}`: invalid query at column {}: {}\n{}",
                    raw.name.get_ref(),
                    err.column,
                    err.message,
                    indent(&rendered)
                ),
            );
            None
        }
    };
    let mut selectors = Vec::new();
    for (f, selector) in raw.feeds.iter().flatten().enumerate() {
        let text = selector.get_ref();
        let key = format!("feeds[{f}]");
        if let Some(tag) = text.strip_prefix("tag:") {
            if !known.tags.contains(tag) {
                scope.push(
                    selector.span(),
                    &key,
                    format!("no feed has the tag `{tag}`; expected a feed name or tag:NAME of a tag some feed carries"),
                );
            }
            selectors.push(FeedSelector::Tag(tag.to_string()));
        } else {
            if !known.feeds.contains(text) {
                scope.push(
                    selector.span(),
                    &key,
                    format!("unknown feed `{text}`; expected one of: {}", hints.feeds),
                );
            }
            selectors.push(FeedSelector::Name(text.clone()));
        }
    }
    let notify = match &raw.notify {
        None => Arc::clone(known.every_sink),
        Some(names) => {
            check_sinks(names, known.sink_set, &hints.sinks, "notify", scope);
            Arc::new(names.iter().map(|n| n.get_ref().clone()).collect())
        }
    };
    let mut options = TopicOptions::default();
    if let Some(language) = &raw.language {
        match topics::check_language(language.get_ref()) {
            Ok(()) => options.language = Some(language.get_ref().clone()),
            Err(message) => scope.push(language.span(), "language", message),
        }
    }
    if let Some(stem) = raw.stem {
        options.stem = stem;
    }
    if let Some(min_score) = &raw.min_score {
        if min_score.get_ref().is_finite() && *min_score.get_ref() >= 0.0 {
            options.min_score = Some(*min_score.get_ref());
        } else {
            scope.push(min_score.span(), "min_score", "expected a number >= 0");
        }
    }
    let digest = parse_digest(raw.digest.as_ref(), raw.timezone.as_ref(), scope);
    let learn = parse_learn(raw.learn.as_ref(), scope);
    let examples = parse_examples(raw.examples.as_deref().unwrap_or_default(), scope);
    if !name_ok {
        return None;
    }
    Some(TopicConfig {
        name: raw.name.get_ref().clone(),
        query_text: raw.query.get_ref().clone(),
        query: query?,
        feeds: selectors,
        notify,
        options,
        digest: digest.ok()?,
        learn,
        examples,
    })
}

/// Reports every name in `names` that is not a configured sink.
pub(super) fn check_sinks(
    names: &[Spanned<String>],
    sink_set: &HashSet<String>,
    hint: &str,
    key: &str,
    scope: &mut Scope,
) {
    for (n, name) in names.iter().enumerate() {
        if !sink_set.contains(name.get_ref()) {
            scope.push(
                name.span(),
                &format!("{key}[{n}]"),
                format!("unknown sink `{}`; expected one of: {hint}", name.get_ref()),
            );
        }
    }
}

/// The names, sorted, for an "expected one of" hint: at most ten, then how
/// many more (a config with 20,000 feeds gets a short error).
fn list<'a>(names: impl Iterator<Item = &'a String>) -> String {
    const SHOWN: usize = 10;
    let mut names: Vec<&str> = names.map(String::as_str).collect();
    if names.is_empty() {
        return "(none defined)".to_string();
    }
    let total = names.len();
    if total > SHOWN {
        names.select_nth_unstable(SHOWN);
        names.truncate(SHOWN);
    }
    names.sort_unstable();
    let mut text = names.join(", ");
    if total > SHOWN {
        text.push_str(&format!(" and {} more", total - SHOWN));
    }
    text
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
