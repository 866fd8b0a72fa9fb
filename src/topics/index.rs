//! The percolator: all topics compiled against one inverted index from
//! triggers (stemmed keys, exact words, prefixes, sites) to the topics that
//! need them.
//!
//! Per document: analyze once, walk the postings of the triggers present to
//! mark which of each topic's required groups are satisfied, and evaluate
//! only topics with all groups satisfied plus the "always candidate" ones
//! (whose query can match without any positive term: pure NOT, regex-only).
//! Work is proportional to the postings actually hit, not to the number of
//! topics, which is what keeps 10,000 topics cheap.
//!
//! Invariant: the index only ever *filters*: a topic that is not a
//! candidate cannot match (see the trigger-group invariant in `compile.rs`),
//! so results equal evaluating every topic directly.

use super::analyze::{Analysis, FIELD_SHIFT};
use super::ast::{Field, Query};
use super::compile::{Compiled, Interner, MAX_GROUPS, Trigger, compile};
use super::eval::{Hit, contributing, leaf_hits, matches, score, value};
use super::explain::{Explanation, explain_tree};
use super::hash::{FxHashMap, FxHashSet};
use super::normalize::{ENGLISH, StemMode, language_index};
use super::snippet::snippet;
use super::{Document, MatchedTerm, TopicHit, TopicOptions};
use std::cell::RefCell;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy)]
struct Posting {
    topic: u32,
    group: u8,
}

#[derive(Debug)]
struct Topic {
    name: String,
    compiled: Compiled,
    min_score: Option<f64>,
}

/// All configured topics, compiled and indexed. Immutable once built, so it
/// is `Send + Sync` and shared behind an `Arc`.
#[derive(Debug)]
pub struct TopicSet {
    topics: Vec<Topic>,
    by_name: HashMap<String, usize>,
    interner: Interner,
    /// Indexed by key id.
    key_postings: Vec<Vec<Posting>>,
    exact: FxHashMap<String, Vec<Posting>>,
    prefix: FxHashMap<String, Vec<Posting>>,
    /// Distinct byte lengths of indexed prefixes.
    prefix_lens: Vec<usize>,
    site: FxHashMap<String, Vec<Posting>>,
    /// Topics evaluated for every document.
    always: Vec<u32>,
    /// Per topic, the mask with one bit per required group.
    full: Vec<u64>,
}

thread_local! {
    /// Per-thread scratch for group masks, indexed by topic; all zero
    /// between calls (only touched entries are reset), so a document costs
    /// time proportional to postings hit, not to the number of topics.
    static MASKS: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

fn mode_of(options: &TopicOptions) -> StemMode {
    if !options.stem {
        return StemMode::None;
    }
    let lang = options
        .language
        .as_deref()
        .and_then(language_index)
        .unwrap_or(ENGLISH);
    StemMode::Snowball(lang)
}

impl TopicSet {
    /// Compiles and indexes topics. Names should be unique; with duplicates,
    /// all match but [`TopicSet::explain`] uses the first.
    pub fn new(topics: Vec<(String, Query, TopicOptions)>) -> TopicSet {
        let mut set = TopicSet {
            topics: Vec::with_capacity(topics.len()),
            by_name: HashMap::new(),
            interner: Interner::default(),
            key_postings: Vec::new(),
            exact: FxHashMap::default(),
            prefix: FxHashMap::default(),
            prefix_lens: Vec::new(),
            site: FxHashMap::default(),
            always: Vec::new(),
            full: Vec::new(),
        };
        for (name, query, options) in topics {
            let mode = set.interner.mode_index(mode_of(&options));
            let compiled = compile(&query.root, mode, &mut set.interner);
            let id = set.topics.len() as u32;
            set.by_name.entry(name.clone()).or_insert(id as usize);
            set.index_topic(id, &compiled);
            set.topics.push(Topic {
                name,
                compiled,
                min_score: options.min_score,
            });
        }
        set.prefix_lens.sort_unstable();
        set.prefix_lens.dedup();
        set
    }

    fn index_topic(&mut self, id: u32, compiled: &Compiled) {
        let groups = &compiled.groups;
        // `compile` caps groups at MAX_GROUPS = 64, so every bit fits.
        let n = groups.len().min(MAX_GROUPS);
        self.full
            .push(if n == 64 { u64::MAX } else { (1u64 << n) - 1 });
        if n == 0 {
            self.always.push(id);
            return;
        }
        for (g, group) in groups.iter().take(n).enumerate() {
            let posting = Posting {
                topic: id,
                group: g as u8,
            };
            for trigger in group {
                match trigger {
                    Trigger::Key(k) => {
                        let k = *k as usize;
                        if self.key_postings.len() <= k {
                            self.key_postings.resize_with(k + 1, Vec::new);
                        }
                        self.key_postings[k].push(posting);
                    }
                    Trigger::Exact(w) => self.exact.entry(w.clone()).or_default().push(posting),
                    Trigger::Prefix(p) => {
                        self.prefix_lens.push(p.len());
                        self.prefix.entry(p.clone()).or_default().push(posting);
                    }
                    Trigger::Site(d) => self.site.entry(d.clone()).or_default().push(posting),
                }
            }
        }
    }

    /// Number of topics.
    pub fn len(&self) -> usize {
        self.topics.len()
    }

    /// Whether there are no topics.
    pub fn is_empty(&self) -> bool {
        self.topics.is_empty()
    }

    /// The topics matching a document, in configuration order.
    pub fn match_document(&self, doc: &Document) -> Vec<TopicHit> {
        let an = Analysis::new(doc, &self.interner);
        let mut out = Vec::new();
        for t in self.candidates(&an) {
            let Some(topic) = self.topics.get(t as usize) else {
                continue;
            };
            let c = &topic.compiled;
            if !matches(&c.root, &c.leaves, &an) {
                continue;
            }
            if let Some(hit) = hit(topic, &an) {
                out.push(hit);
            }
        }
        out
    }

    /// Explains how a topic evaluates against a document; `None` if no
    /// topic has that name.
    pub fn explain(&self, topic: &str, doc: &Document) -> Option<Explanation> {
        let topic = self.topics.get(*self.by_name.get(topic)?)?;
        let an = Analysis::new(doc, &self.interner);
        let c = &topic.compiled;
        let hits: Vec<Vec<Hit>> = c.leaves.iter().map(|l| leaf_hits(l, &an, false)).collect();
        let boolean = value(&c.root, &hits);
        let mut contrib = Vec::new();
        contributing(&c.root, &hits, &mut contrib);
        let score = score(&contrib, &hits);
        let matched = boolean && topic.min_score.is_none_or(|m| score >= m);
        Some(Explanation {
            topic: topic.name.clone(),
            matched,
            boolean_matched: boolean,
            score,
            min_score: topic.min_score,
            root: explain_tree(&c.root, &c.leaves, &hits),
        })
    }

    /// Sorted ids of topics worth evaluating.
    fn candidates(&self, an: &Analysis) -> Vec<u32> {
        MASKS.with(|cell| match cell.try_borrow_mut() {
            Ok(mut masks) => self.candidates_with(&mut masks, an),
            // Only reachable on re-entrancy, which this module never does;
            // fall back to a fresh buffer rather than panic.
            Err(_) => self.candidates_with(&mut Vec::new(), an),
        })
    }

    fn candidates_with(&self, masks: &mut Vec<u64>, an: &Analysis) -> Vec<u32> {
        if masks.len() < self.topics.len() {
            masks.resize(self.topics.len(), 0);
        }
        let mut touched: Vec<u32> = Vec::new();
        let mut visit = |postings: &[Posting]| {
            for p in postings {
                if let Some(m) = masks.get_mut(p.topic as usize) {
                    if *m == 0 {
                        touched.push(p.topic);
                    }
                    *m |= 1u64 << p.group;
                }
            }
        };
        for k in an.present_keys() {
            if let Some(postings) = self.key_postings.get(k as usize) {
                visit(postings);
            }
        }
        if !self.exact.is_empty() {
            let mut seen: FxHashSet<&str> = FxHashSet::default();
            for field in &an.fields {
                for t in &field.tokens {
                    let w = field.original(t);
                    if seen.insert(w)
                        && let Some(postings) = self.exact.get(w)
                    {
                        visit(postings);
                    }
                }
            }
        }
        if !self.prefix.is_empty() {
            for w in an.words() {
                for &len in &self.prefix_lens {
                    if let Some(postings) = w.get(..len).and_then(|p| self.prefix.get(p)) {
                        visit(postings);
                    }
                }
            }
        }
        if let Some(host) = an.host.as_deref().filter(|_| !self.site.is_empty()) {
            // The host itself and every parent domain.
            let mut rest = host;
            loop {
                if let Some(postings) = self.site.get(rest) {
                    visit(postings);
                }
                match rest.split_once('.') {
                    Some((_, parent)) => rest = parent,
                    None => break,
                }
            }
        }
        let mut out = self.always.clone();
        for t in touched {
            if let Some(m) = masks.get_mut(t as usize) {
                if self.full.get(t as usize) == Some(m) {
                    out.push(t);
                }
                *m = 0;
            }
        }
        out.sort_unstable();
        out
    }
}

/// Builds the hit for a topic whose boolean query matched; `None` when the
/// score is below the topic's `min_score`.
fn hit(topic: &Topic, an: &Analysis) -> Option<TopicHit> {
    let c = &topic.compiled;
    let hits: Vec<Vec<Hit>> = c.leaves.iter().map(|l| leaf_hits(l, an, false)).collect();
    let mut contrib = Vec::new();
    contributing(&c.root, &hits, &mut contrib);
    let score = score(&contrib, &hits);
    if topic.min_score.is_some_and(|m| score < m) {
        return None;
    }
    let mut matched: Vec<MatchedTerm> = Vec::new();
    for &i in &contrib {
        let (Some(leaf), Some(h)) = (c.leaves.get(i), hits.get(i)) else {
            continue;
        };
        for f in Field::ALL {
            if h.iter().any(|x| x.field == f) {
                let term = MatchedTerm {
                    term: leaf.label.clone(),
                    field: f.name().to_string(),
                };
                if !matched.contains(&term) {
                    matched.push(term);
                }
            }
        }
    }
    Some(TopicHit {
        topic: topic.name.clone(),
        matched,
        snippet: make_snippet(an, contrib.iter().filter_map(|i| hits.get(*i)).flatten()),
        score,
    })
}

/// Snippet from the summary, content or title (first one with a match;
/// the summary, else the title, when nothing positional matched).
fn make_snippet<'h>(an: &Analysis, hits: impl Iterator<Item = &'h Hit>) -> String {
    // Byte ranges of matched words, per text field index.
    let mut marks: [Vec<(usize, usize)>; 3] = Default::default();
    for h in hits {
        let Some((s, e)) = h.span else { continue };
        let (Some((_, ts)), Some((_, te))) = (an.token_at(s), an.token_at(e)) else {
            continue;
        };
        let f = (s >> FIELD_SHIFT) as usize;
        if f < 3 && ts.seg == te.seg && ts.start <= te.end {
            marks[f].push((ts.start as usize, te.end as usize));
        }
    }
    for f in [Field::Summary, Field::Content, Field::Title] {
        let i = f.index();
        if !marks[i].is_empty() {
            let text = an.fields[i].segments.first().copied().unwrap_or("");
            return snippet(text, &marks[i]);
        }
    }
    let fallback = [Field::Summary, Field::Title, Field::Content]
        .into_iter()
        .map(|f| an.fields[f.index()].segments.first().copied().unwrap_or(""))
        .find(|t| !t.trim().is_empty())
        .unwrap_or("");
    snippet(fallback, &[])
}
