//! The percolator: all topics compiled against one inverted index from
//! triggers (stemmed keys, exact words, prefixes, sites) to topics.
//!
//! Each topic is indexed under one *anchor*: the required trigger group
//! (see `compile.rs`) estimated least likely to be present in an item
//! (`rarity.rs`), e.g. `Palantir` rather than `contract` in
//! `Palantir (contract OR deal)`. Per document: analyze once (which marks
//! the triggers present), walk the postings of the present triggers, dedup
//! topics with a generation stamp, check each candidate's other required
//! groups against the present-trigger stamps (a few array reads), and run
//! the boolean query only on topics that pass, plus the "always candidate"
//! ones (whose query can match without any positive term: pure NOT,
//! regex-only). Hit details (matched terms, score, snippet) are built only
//! for topics that match. Work is proportional to the postings of rare
//! triggers actually present, not to the number of topics, which is what
//! keeps 10,000 topics cheap.
//!
//! Invariant: the index only ever *filters*: every required group must
//! have a trigger present for a topic to match, so whichever group is the
//! anchor, a topic that is not a candidate cannot match, and results equal
//! evaluating every topic directly.

use super::analyze::{Analysis, FIELD_SHIFT, Lexicon, TrigId};
use super::ast::{Field, Query};
use super::compile::{Compiled, Trigger, compile};
use super::eval::{Hit, Scored, contributing, leaf_hits, matches, score, value};
use super::explain::{Explanation, explain_tree};
use super::hash::FxHashMap;
use super::normalize::{ENGLISH, StemMode, fold, language_index};
use super::rarity::{SITE_COST, prefix_cost, word_cost};
use super::snippet::snippet;
use super::{Document, MatchedTerm, TopicHit, TopicOptions};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug)]
struct Topic {
    name: String,
    compiled: Compiled,
    min_score: Option<f64>,
    /// Required groups as trigger ids, flattened: `[n, t1..tn, n, ...]`.
    groups: Box<[TrigId]>,
}

/// All configured topics, compiled and indexed. Immutable once built, so it
/// is `Send + Sync` and shared behind an `Arc`.
#[derive(Debug)]
pub struct TopicSet {
    topics: Vec<Topic>,
    by_name: HashMap<String, usize>,
    lex: Lexicon,
    /// Postings in CSR form: the topics anchored on trigger `t` are
    /// `post_topics[post_start[t]..post_start[t + 1]]`, ascending.
    post_start: Vec<u32>,
    post_topics: Vec<u32>,
    /// Topics evaluated for every document.
    always: Vec<u32>,
}

/// Source of unique lexicon ids (0 is never used: it marks fresh scratch).
static NEXT_LEXICON: AtomicU64 = AtomicU64::new(1);

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

/// Trigger id of a non-key trigger, assigning the next free one.
fn trig_id(map: &mut FxHashMap<String, TrigId>, next: &mut u32, text: &str) -> TrigId {
    if let Some(&t) = map.get(text) {
        return t;
    }
    let t = *next;
    *next += 1;
    map.insert(text.to_string(), t);
    t
}

impl TopicSet {
    /// Compiles and indexes topics. Names should be unique; with duplicates,
    /// all match but [`TopicSet::explain`] uses the first.
    pub fn new(topics: Vec<(String, Query, TopicOptions)>) -> TopicSet {
        let mut lex = Lexicon {
            id: NEXT_LEXICON.fetch_add(1, Ordering::Relaxed),
            ..Lexicon::default()
        };
        let mut by_name = HashMap::new();
        let mut compiled = Vec::with_capacity(topics.len());
        for (i, (name, query, options)) in topics.into_iter().enumerate() {
            let mode = lex.interner.mode_index(mode_of(&options));
            let c = compile(&query.root, mode, &mut lex.interner);
            by_name.entry(name.clone()).or_insert(i);
            compiled.push((name, c, options.min_score));
        }
        // Key ids are final now; other triggers are numbered after them.
        let mut next = lex.interner.len;
        let mut costs: Vec<f32> = lex.interner.costs.clone();
        let mut anchors: Vec<Vec<TrigId>> = Vec::new();
        let mut out = TopicSet {
            topics: Vec::with_capacity(compiled.len()),
            by_name,
            lex: Lexicon::default(),
            post_start: Vec::new(),
            post_topics: Vec::new(),
            always: Vec::new(),
        };
        for (id, (name, c, min_score)) in compiled.into_iter().enumerate() {
            let mut groups: Vec<Vec<TrigId>> = Vec::with_capacity(c.groups.len());
            for group in &c.groups {
                let mut ids: Vec<TrigId> = group
                    .iter()
                    .map(|trigger| {
                        let (t, cost) = match trigger {
                            Trigger::Key(k) => return *k,
                            Trigger::Exact(w) => {
                                (trig_id(&mut lex.exact, &mut next, w), word_cost(&fold(w)))
                            }
                            Trigger::Prefix(p) => {
                                lex.prefix_lens.push(p.len());
                                (trig_id(&mut lex.prefix, &mut next, p), prefix_cost(p))
                            }
                            Trigger::Site(d) => (trig_id(&mut lex.site, &mut next, d), SITE_COST),
                        };
                        // Grown first, so the index below is in bounds.
                        if costs.len() <= t as usize {
                            costs.resize(t as usize + 1, 0.0);
                        }
                        costs[t as usize] = cost;
                        t
                    })
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                // `compile` never yields an empty group; if it did, treating
                // it as no condition stays correct (only less selective).
                if !ids.is_empty() {
                    groups.push(ids);
                }
            }
            let cost = |g: &Vec<TrigId>| -> f32 {
                g.iter()
                    .map(|t| costs.get(*t as usize).copied().unwrap_or(1.0))
                    .sum()
            };
            // The anchor: the required group least likely to be present.
            let anchor = groups
                .iter()
                .min_by(|a, b| cost(a).total_cmp(&cost(b)).then(a.len().cmp(&b.len())));
            match anchor {
                None => out.always.push(id as u32),
                Some(g) => {
                    for &t in g {
                        let t = t as usize;
                        if anchors.len() <= t {
                            anchors.resize_with(t + 1, Vec::new);
                        }
                        anchors[t].push(id as u32);
                    }
                }
            }
            let mut flat = Vec::new();
            for g in &groups {
                flat.push(g.len() as TrigId);
                flat.extend_from_slice(g);
            }
            out.topics.push(Topic {
                name,
                compiled: c,
                min_score,
                groups: flat.into_boxed_slice(),
            });
        }
        lex.n_triggers = next;
        lex.n_topics = out.topics.len() as u32;
        lex.prefix_lens.sort_unstable();
        lex.prefix_lens.dedup();
        anchors.resize_with(next as usize, Vec::new);
        out.post_start.reserve(anchors.len() + 1);
        for list in &anchors {
            out.post_start.push(out.post_topics.len() as u32);
            out.post_topics.extend_from_slice(list);
        }
        out.post_start.push(out.post_topics.len() as u32);
        out.lex = lex;
        out
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
        let mut an = Analysis::new(doc, &self.lex);
        let mut out = Vec::new();
        for t in self.candidates(&mut an) {
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
        let an = Analysis::new(doc, &self.lex);
        let c = &topic.compiled;
        let hits: Vec<Vec<Hit>> = c.leaves.iter().map(|l| leaf_hits(l, &an, false)).collect();
        let boolean = value(&c.root, &hits);
        let mut contrib = Vec::new();
        contributing(&c.root, &hits, &mut contrib);
        let Scored {
            score,
            contributions,
            ..
        } = score(c, &contrib, &hits, &an, true);
        let matched = boolean && topic.min_score.is_none_or(|m| score >= m);
        Some(Explanation {
            topic: topic.name.clone(),
            matched,
            boolean_matched: boolean,
            score,
            min_score: topic.min_score,
            root: explain_tree(&c.root, &c.leaves, &hits),
            contributions,
        })
    }

    /// Sorted ids of topics worth evaluating: those whose anchor group has a
    /// trigger present and whose other required groups do too, plus the
    /// "always" topics.
    fn candidates(&self, an: &mut Analysis) -> Vec<u32> {
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(&t) = an.present().get(i) {
            i += 1;
            let (Some(&s), Some(&e)) = (
                self.post_start.get(t as usize),
                self.post_start.get(t as usize + 1),
            ) else {
                continue;
            };
            for &topic in self.post_topics.get(s as usize..e as usize).unwrap_or(&[]) {
                if an.first_visit(topic) && self.groups_present(topic, an) {
                    out.push(topic);
                }
            }
        }
        out.extend_from_slice(&self.always);
        out.sort_unstable();
        out
    }

    /// Whether every required group of a topic has a trigger present.
    fn groups_present(&self, topic: u32, an: &Analysis) -> bool {
        let Some(t) = self.topics.get(topic as usize) else {
            return false;
        };
        let mut rest: &[TrigId] = &t.groups;
        while let Some((&n, tail)) = rest.split_first() {
            let n = (n as usize).min(tail.len());
            let (group, next) = tail.split_at(n);
            if !group.iter().any(|g| an.is_present(*g)) {
                return false;
            }
            rest = next;
        }
        true
    }
}

/// Builds the hit for a topic whose boolean query matched; `None` when the
/// score is below the topic's `min_score`.
fn hit(topic: &Topic, an: &Analysis) -> Option<TopicHit> {
    let c = &topic.compiled;
    let hits: Vec<Vec<Hit>> = c.leaves.iter().map(|l| leaf_hits(l, an, false)).collect();
    let mut contrib = Vec::new();
    contributing(&c.root, &hits, &mut contrib);
    let Scored {
        score,
        lead_concepts,
        ..
    } = score(c, &contrib, &hits, an, false);
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
        concepts: c.concepts.len(),
        lead_concepts,
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
