//! Topics: the query language users write to say what they want alerts for,
//! and the percolating matcher that runs every configured topic against every
//! new item.
//!
//! Pipeline: [`parse`] (lexer → parser → [`Query`] AST, aliases expanded) →
//! [`TopicSet::new`] (compile each query against one shared inverted index) →
//! [`TopicSet::match_document`] per item (tokenize once, collect candidate
//! topics from the index, evaluate only those).
//!
//! Language summary (see `parser.rs` for the grammar):
//! - `word` matches whole words after folding (NFKC/NFKD compatibility, case,
//!   accents) and stemming (English by default): `contract` ~ "Contracts".
//! - `"a phrase"` consecutive words; `"a b"~8` and `a NEAR/8 b`: within 8
//!   words of each other, in either order (see `eval.rs` for the exact rule).
//!   Each side of NEAR may be a group of alternatives or an alias:
//!   `(OpenAI OR Anthropic) NEAR/8 @defense`.
//! - `contract*` prefix of the folded unstemmed word (`semi-conduct*` and
//!   `l'export*` are phrases ending in a prefix); in a phrase, any word may
//!   be a prefix (`"export licen*"`); `=US` exact original.
//! - `AND` (or nothing), `OR`, `NOT`/leading `-`, parentheses; precedence
//!   NOT > AND > OR; operators only in upper case.
//! - `title:` `lead:` `summary:` `content:` `author:` `category:` `feed:`
//!   `site:` before a term or group; no field = title, summary and content.
//!   `lead:` is the title plus the first sentence of the summary (of the
//!   content without a summary): see `lead.rs`.
//! - `/regex/` on the folded text; `@alias` expands to an OR of its entries.
//!
//! Scores weigh where terms occur (title 3, lead sentence 2, elsewhere 1)
//! and how many required concepts (top-level AND operands) the lead holds
//! (3 each): see `eval.rs` and [`TopicHit::score`]. [`learn`] holds the
//! per-topic model that learns from verdicts.
//!
//! This module does no IO and reads no clock; everything here is pure and
//! must never panic on any input.

mod alias;
mod analyze;
mod ast;
mod compile;
mod eval;
mod explain;
pub(crate) mod hash;
mod index;
mod lead;
pub mod learn;
mod lexer;
mod normalize;
mod parser;
mod rarity;
mod snippet;

pub use alias::{AliasError, Aliases};
pub use ast::{Field, Node, Query, Term, TermKind};
pub use eval::{SCORE_CAP, W_CONCEPT, W_LEAD, W_REST, W_TITLE};
pub use explain::{Contribution, ContributionKind, ExplainNode, Explanation};
pub use index::TopicSet;
pub use parser::{QueryError, parse};

/// Where a summary's first sentence ends: the stories read a lead as the
/// topics' `lead:` does.
pub(crate) use lead::first_sentence_end;

// Limits the query reference (`cli/query_reference.rs`) quotes, which its
// tests hold it to.
#[cfg(test)]
pub(crate) use lead::MAX_LEAD_WORDS;
#[cfg(test)]
pub(crate) use lexer::MAX_DISTANCE;
#[cfg(test)]
pub(crate) use parser::MAX_DEPTH;

/// The stemming languages' codes, in alphabetical order.
#[cfg(test)]
pub(crate) fn language_codes() -> Vec<&'static str> {
    let mut codes: Vec<&str> = normalize::LANGUAGES.iter().map(|(c, _, _)| *c).collect();
    codes.sort_unstable();
    codes
}

use serde::Serialize;

/// Per-topic matching options.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicOptions {
    /// Stemming language, as a code ("de") or English name ("german").
    /// `None` means English. Validate with [`check_language`] first: an
    /// unknown language falls back to English.
    pub language: Option<String>,
    /// Whether words are stemmed; `false` matches folded words exactly.
    pub stem: bool,
    /// When set, the topic matches only if its boolean query matches *and*
    /// the match score (see [`TopicHit::score`]) reaches this value.
    pub min_score: Option<f64>,
}

impl Default for TopicOptions {
    fn default() -> TopicOptions {
        TopicOptions {
            language: None,
            stem: true,
            min_score: None,
        }
    }
}

/// Checks a stemming language for config validation.
pub fn check_language(lang: &str) -> Result<(), String> {
    match normalize::language_index(lang) {
        Some(_) => Ok(()),
        None => {
            let codes: Vec<&str> = normalize::LANGUAGES.iter().map(|(c, _, _)| *c).collect();
            Err(format!(
                "unsupported stemming language '{lang}'; supported: {}",
                codes.join(", ")
            ))
        }
    }
}

/// One feed item as the matcher sees it.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub content: &'a str,
    pub author: Option<&'a str>,
    pub categories: &'a [String],
    pub feed_name: &'a str,
    pub feed_tags: &'a [String],
    pub link: Option<&'a str>,
}

impl<'a> Document<'a> {
    /// The document of a feed entry, in the feed of that name and tags.
    pub fn from_entry(
        entry: &'a crate::model::Entry,
        feed_name: &'a str,
        feed_tags: &'a [String],
    ) -> Document<'a> {
        Document {
            title: &entry.title,
            summary: &entry.summary,
            content: &entry.content,
            author: entry.author.as_deref(),
            categories: &entry.categories,
            feed_name,
            feed_tags,
            link: entry.link.as_deref(),
        }
    }
}

/// A topic that matched a document.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct TopicHit {
    pub topic: String,
    /// The positive terms that contributed to the match, in query order.
    pub matched: Vec<MatchedTerm>,
    /// ~200 chars of original text around the match, matched words
    /// `**marked**`, cut at word boundaries with "…".
    pub snippet: String,
    /// How much the item is *about* the topic: over the positive terms that
    /// made the query true, each occurrence weighs [`W_TITLE`] (3) in the
    /// title, [`W_LEAD`] (2) in the lead sentence (the first sentence of the
    /// summary, or of the content without a summary) and [`W_REST`] (1)
    /// elsewhere, at most [`SCORE_CAP`] (5) occurrences counted per term and
    /// place; then each required concept (top-level AND operand, or the
    /// whole query without one) present in the title or lead sentence adds
    /// [`W_CONCEPT`] (3). [`TopicSet::explain`] lists every contribution.
    pub score: f64,
    /// Required concepts of the query (top-level AND operands that are not
    /// negations; 1 for a query without a top-level AND).
    #[serde(default)]
    pub concepts: usize,
    /// How many of them are present in the lead (title or lead sentence):
    /// an item *about* the topic names every one there.
    #[serde(default)]
    pub lead_concepts: usize,
}

/// One term that matched, and the field it matched in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct MatchedTerm {
    /// As the user wrote it, e.g. `NATO` or `"artificial intelligence"`.
    pub term: String,
    /// "title", "summary", "content", "author", "category", "feed" or "site".
    pub field: String,
}

#[cfg(test)]
mod tests;
