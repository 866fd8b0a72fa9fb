//! Features of a matched item for the per-topic model: what the item says
//! (stemmed words and word pairs, with the words of its lead marked) and how
//! the query matched it (the matched terms, where, and the score).
//!
//! Invariant: a pure function of the document and the hit, so the same
//! item always gets the same features (training and prediction agree).

use super::super::lead::lead_end;
use super::super::normalize::{ENGLISH, StemMode, fold, phrase_words, tokenize};
use super::super::rarity::FUNCTION_WORDS;
use super::super::{Document, TopicHit};
use serde::{Deserialize, Serialize};

/// The features of one item for one topic: sorted, distinct names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Features(Vec<String>);

impl Features {
    /// Features from raw names (sorted and deduplicated).
    pub fn from_names(names: impl IntoIterator<Item = String>) -> Features {
        let mut v: Vec<String> = names.into_iter().collect();
        v.sort_unstable();
        v.dedup();
        Features(v)
    }

    /// The feature names, sorted.
    pub fn names(&self) -> &[String] {
        &self.0
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Stored features with every word stem keyed as today: features stored
    /// before British spellings took the American stem (`crate::spelling`)
    /// named "defenc" where new items give "defens", which the model would
    /// take for two words.
    pub fn respelled(self) -> Features {
        let respell = |stem: &str| -> String {
            stem.split('_')
                .map(|s| crate::spelling::american_stem(s).unwrap_or(s))
                .collect::<Vec<_>>()
                .join("_")
        };
        Features::from_names(self.0.into_iter().map(|name| {
            match name
                .split_once(':')
                .filter(|(kind, _)| matches!(*kind, "w" | "L" | "p"))
            {
                Some((kind, stems)) => format!("{kind}:{}", respell(stems)),
                None => name,
            }
        }))
    }

    /// Whether these are the features of a match: a hit names at least one
    /// matched term (`q:`), features made for an item its topic's query
    /// does not match (a verdict on such an item) name none.
    pub fn is_match(&self) -> bool {
        self.0.iter().any(|n| n.starts_with("q:"))
    }
}

/// Words that carry no subject: function words (folded).
fn is_stop(folded: &str) -> bool {
    folded.len() < 2
        || FUNCTION_WORDS.contains(&folded)
        || folded.bytes().all(|b| b.is_ascii_digit())
}

/// Stemmed content words of a text, in order.
fn stems(text: &str) -> Vec<String> {
    let mode = StemMode::Snowball(ENGLISH);
    let mut out = Vec::new();
    tokenize(text, |s, e| {
        let folded = fold(&text[s..e]);
        if !is_stop(&folded) {
            out.push(mode.key(&folded).into_owned());
        }
    });
    out
}

/// Extracts the features of a matched item:
/// - `w:STEM` every content word of the title, summary (and content, when
///   there is no summary: its lead sentence only);
/// - `L:STEM` content words of the lead (title and lead sentence);
/// - `p:STEM_STEM` consecutive content words (function words skipped) in
///   the title and the summary;
/// - `q:TERM` and `q:TERM@FIELD` for each query term that matched, and
///   `qL:TERM` when the term's words are in the lead;
/// - `lead_share:K` how many of the matched terms are in the lead: `none`,
///   `some` (under half), `most`, `all`: an item *about* the topic has its
///   terms in the lead, a passing mention further down does not;
/// - `lead_concepts:K` how many of the query's required concepts (its
///   top-level AND operands) are missing from the lead: `all` present,
///   `missing_1`, `missing_2+`. The query's own notion of "about": with
///   `lead:` the user writes it into the query, without it the model can
///   learn it from a few verdicts;
/// - `score:N` the score bucket (`floor(log2(score + 1))`), so how strongly
///   and where the query matched counts too.
pub fn features(doc: &Document, hit: &TopicHit) -> Features {
    let mut names: Vec<String> = Vec::new();
    let (summary, rest_source) = if doc.summary.trim().is_empty() {
        let end = lead_end(doc.content);
        (&doc.content[..end], true)
    } else {
        (doc.summary, false)
    };
    let lead_sentence = if rest_source {
        summary
    } else {
        &summary[..lead_end(summary)]
    };
    let title = stems(doc.title);
    let body = stems(summary);
    for part in [&title, &body] {
        for w in part {
            names.push(format!("w:{w}"));
        }
        for pair in part.windows(2) {
            names.push(format!("p:{}_{}", pair[0], pair[1]));
        }
    }
    let lead: Vec<String> = title.iter().chain(&stems(lead_sentence)).cloned().collect();
    for w in &lead {
        names.push(format!("L:{w}"));
    }
    let lead_words = all_words(doc.title, lead_sentence);
    let (mut terms, mut in_lead) = (0usize, 0usize);
    let mut seen: Vec<&str> = Vec::new();
    for m in &hit.matched {
        names.push(format!("q:{}", m.term));
        names.push(format!("q:{}@{}", m.term, m.field));
        if seen.contains(&m.term.as_str()) {
            continue;
        }
        seen.push(&m.term);
        if let Some(found) = term_in(&m.term, &lead_words) {
            terms += 1;
            if found {
                in_lead += 1;
                names.push(format!("qL:{}", m.term));
            }
        }
    }
    if terms > 0 {
        let share = match (in_lead, terms) {
            (0, _) => "none",
            (k, n) if 2 * k < n => "some",
            (k, n) if k < n => "most",
            _ => "all",
        };
        names.push(format!("lead_share:{share}"));
    }
    if hit.concepts > 0 {
        let kind = match hit.concepts.saturating_sub(hit.lead_concepts) {
            0 => "all",
            1 => "missing_1",
            _ => "missing_2+",
        };
        names.push(format!("lead_concepts:{kind}"));
    }
    let bucket = (hit.score.max(0.0) + 1.0).log2().floor() as i64;
    names.push(format!("score:{bucket}"));
    Features::from_names(names)
}

/// Folded words (all, unstemmed) and their English stems, of the title and
/// lead sentence.
fn all_words(title: &str, sentence: &str) -> Vec<(String, String)> {
    let mode = StemMode::Snowball(ENGLISH);
    let mut out = Vec::new();
    for text in [title, sentence] {
        tokenize(text, |s, e| {
            let folded = fold(&text[s..e]);
            let key = mode.key(&folded).into_owned();
            out.push((folded, key));
        });
    }
    out
}

/// Whether a matched term (as written in the query: a word, phrase,
/// prefix or `=Exact`) has all its words in `words`; `None` for terms that
/// are not plain words (regexes, sites, NEAR).
fn term_in(term: &str, words: &[(String, String)]) -> Option<bool> {
    if term.contains(['@', '/']) || term.contains("NEAR/") {
        return None;
    }
    let mode = StemMode::Snowball(ENGLISH);
    let text = term.trim_start_matches('=');
    let mut parts = phrase_words(text);
    if text.ends_with('*')
        && let Some(last) = parts.last_mut()
    {
        last.1 = true;
    }
    if parts.is_empty() {
        return None;
    }
    Some(parts.iter().all(|(w, prefix)| {
        if *prefix {
            words.iter().any(|(f, _)| f.starts_with(w.as_str()))
        } else {
            let key = mode.key(w);
            words.iter().any(|(_, k)| *k == key)
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::super::super::MatchedTerm;
    use super::*;

    /// Features stored with British stems read as today's; query terms (as
    /// written) and the other kinds are left alone.
    #[test]
    fn stored_features_are_respelled() {
        let names = |v: &[&str]| Features::from_names(v.iter().map(|s| s.to_string()));
        assert_eq!(
            names(&[
                "w:defenc",
                "L:programm",
                "p:defenc_programm",
                "q:defence",
                "lead_share:all"
            ])
            .respelled(),
            names(&[
                "w:defens",
                "L:program",
                "p:defens_program",
                "q:defence",
                "lead_share:all"
            ])
        );
        let today = stems("The defence programme");
        assert_eq!(today, ["defens", "program"]);
    }

    #[test]
    fn extracts_words_pairs_lead_and_query_terms() {
        let no: Vec<String> = Vec::new();
        let doc = Document {
            title: "Pentagon awards AI contract",
            summary: "The Army signed the deals on Monday. Critics objected.",
            content: "",
            author: None,
            categories: &no,
            feed_name: "f",
            feed_tags: &no,
            link: None,
        };
        let hit = TopicHit {
            topic: "t".into(),
            matched: vec![MatchedTerm {
                term: "Pentagon".into(),
                field: "title".into(),
            }],
            snippet: String::new(),
            score: 6.0,
            concepts: 3,
            lead_concepts: 2,
        };
        let f = features(&doc, &hit);
        let has = |n: &str| f.names().iter().any(|x| x == n);
        assert!(has("w:pentagon") && has("w:critic") && has("w:deal"));
        assert!(has("L:armi") && has("L:award") && !has("L:critic"));
        assert!(has("p:pentagon_award") && has("p:sign_deal"));
        assert!(has("q:Pentagon") && has("q:Pentagon@title") && has("qL:Pentagon"));
        assert!(has("lead_share:all"));
        assert!(has("lead_concepts:missing_1") && !has("lead_concepts:all"));
        assert!(has("score:2"));
        assert!(!has("w:the") && !has("w:on"));
        assert!(f.is_match());
        // The features made for an item the query does not match.
        let no_hit = TopicHit {
            matched: Vec::new(),
            score: 0.0,
            concepts: 0,
            lead_concepts: 0,
            ..hit
        };
        assert!(!features(&doc, &no_hit).is_match());
    }
}
