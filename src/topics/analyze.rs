//! Per-document analysis: every field is tokenized and folded once, each
//! distinct word is stemmed once per stem mode in use, and the occurrences of
//! words the topic set knows about are gathered by key id.
//!
//! Invariants: a token's `pos` grows by one per word within a field value and
//! jumps by [`SEGMENT_GAP`] (> the largest allowed NEAR distance) between the
//! separate values of multi-valued fields (categories, feed name and tags),
//! so no phrase or proximity match spans two values. Locations pack
//! `field << FIELD_SHIFT | pos` so one sorted list covers all fields.

use super::Document;
use super::compile::{Interner, KeyId};
use super::hash::FxHashMap;
use super::lexer::MAX_DISTANCE;
use super::normalize::{fold_into, fold_text, tokenize};
use std::cell::OnceCell;

/// Position jump between values of a multi-valued field.
pub(crate) const SEGMENT_GAP: u32 = 2 * MAX_DISTANCE;
pub(crate) const FIELD_SHIFT: u32 = 28;
/// Words beyond this position in one field are ignored (bounded work and
/// no overflow into the field bits).
const MAX_POS: u32 = (1 << FIELD_SHIFT) - 1 - SEGMENT_GAP;

/// Number of tokenized fields (all but `site`).
pub(crate) const TEXT_FIELDS: usize = 6;

pub(crate) fn loc(field: usize, pos: u32) -> u32 {
    ((field as u32) << FIELD_SHIFT) | pos
}

pub(crate) fn loc_field(loc: u32) -> usize {
    (loc >> FIELD_SHIFT) as usize
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    /// Index of the value within the field (multi-valued fields).
    pub seg: u32,
    /// Byte range in that value.
    pub start: u32,
    pub end: u32,
    pub pos: u32,
    /// Index into `Analysis::words`.
    pub word: u32,
}

pub(crate) struct FieldText<'a> {
    pub segments: Vec<&'a str>,
    pub tokens: Vec<Token>,
    folded: OnceCell<String>,
}

impl FieldText<'_> {
    /// The original text of a token.
    pub fn original(&self, t: &Token) -> &str {
        self.segments
            .get(t.seg as usize)
            .and_then(|s| s.get(t.start as usize..t.end as usize))
            .unwrap_or("")
    }

    /// Folded text of all values (joined by newlines), computed on first use.
    pub fn folded(&self) -> &str {
        self.folded.get_or_init(|| {
            let parts: Vec<String> = self.segments.iter().map(|s| fold_text(s)).collect();
            parts.join("\n")
        })
    }
}

pub(crate) struct Analysis<'a> {
    pub fields: [FieldText<'a>; TEXT_FIELDS],
    /// Folded words of the document, one per distinct original spelling
    /// (byte ranges into `word_text`; one arena instead of a String each).
    word_spans: Vec<(u32, u32)>,
    word_text: String,
    /// Sorted `(key, loc)` occurrences of known keys.
    occ: Vec<(KeyId, u32)>,
    /// Range in `occ` per key.
    occ_index: FxHashMap<KeyId, (u32, u32)>,
    /// Distinct folded words with their ids, sorted; built on first prefix
    /// lookup.
    sorted_words: OnceCell<Vec<(u32, u32)>>,
    /// Lower-cased host of the link, if any.
    pub host: Option<String>,
}

impl<'a> Analysis<'a> {
    pub fn new(doc: &Document<'a>, interner: &Interner) -> Analysis<'a> {
        let mut feed = vec![doc.feed_name];
        feed.extend(doc.feed_tags.iter().map(String::as_str));
        let segments: [Vec<&'a str>; TEXT_FIELDS] = [
            vec![doc.title],
            vec![doc.summary],
            vec![doc.content],
            doc.author.into_iter().collect(),
            doc.categories.iter().map(String::as_str).collect(),
            feed,
        ];
        // Distinct original spellings get an id and are folded once. Two
        // spellings of one folded word ("NATO", "nato") get two ids with the
        // same folded text, which is harmless: ids only dedupe work.
        let size: usize = segments.iter().flatten().map(|s| s.len()).sum();
        let mut ids: FxHashMap<&'a str, u32> = FxHashMap::default();
        ids.reserve(size / 8);
        let mut word_spans: Vec<(u32, u32)> = Vec::with_capacity(size / 8);
        let mut word_text = String::with_capacity(size);
        let mut buf = String::new();
        let fields = segments.map(|segments| {
            let mut tokens = Vec::with_capacity(segments.iter().map(|s| s.len() / 5).sum());
            let mut pos = 0u32;
            for (seg, text) in segments.iter().enumerate() {
                if seg > 0 {
                    pos = pos.saturating_add(SEGMENT_GAP);
                }
                tokenize(text, |s, e| {
                    if pos > MAX_POS {
                        return;
                    }
                    let original = &text[s..e];
                    let word = *ids.entry(original).or_insert_with(|| {
                        fold_into(original, &mut buf);
                        let start = word_text.len() as u32;
                        word_text.push_str(&buf);
                        word_spans.push((start, word_text.len() as u32));
                        (word_spans.len() - 1) as u32
                    });
                    tokens.push(Token {
                        seg: seg as u32,
                        start: s as u32,
                        end: e as u32,
                        pos,
                        word,
                    });
                    pos += 1;
                });
            }
            FieldText {
                segments,
                tokens,
                folded: OnceCell::new(),
            }
        });
        let word_keys: Vec<Vec<Option<KeyId>>> = interner
            .modes
            .iter()
            .zip(&interner.maps)
            .map(|(mode, map)| {
                word_spans
                    .iter()
                    .map(|&(s, e)| {
                        let w = word_text.get(s as usize..e as usize).unwrap_or("");
                        mode.with_key(w, |k| map.get(k).copied())
                    })
                    .collect()
            })
            .collect();
        let mut occ = Vec::with_capacity(word_spans.len() * 2);
        for (f, field) in fields.iter().enumerate() {
            for t in &field.tokens {
                for keys in &word_keys {
                    if let Some(Some(k)) = keys.get(t.word as usize) {
                        occ.push((*k, loc(f, t.pos)));
                    }
                }
            }
        }
        occ.sort_unstable();
        let mut occ_index = FxHashMap::default();
        occ_index.reserve(occ.len());
        let mut i = 0;
        while i < occ.len() {
            let key = occ[i].0;
            let start = i;
            while i < occ.len() && occ[i].0 == key {
                i += 1;
            }
            occ_index.insert(key, (start as u32, i as u32));
        }
        let host = doc.link.and_then(host_of);
        Analysis {
            fields,
            word_spans,
            word_text,
            occ,
            occ_index,
            sorted_words: OnceCell::new(),
            host,
        }
    }

    /// The folded text of a word id.
    pub fn word(&self, id: u32) -> &str {
        self.word_spans
            .get(id as usize)
            .and_then(|&(s, e)| self.word_text.get(s as usize..e as usize))
            .unwrap_or("")
    }

    /// All folded words (with repeats for different original spellings).
    pub fn words(&self) -> impl Iterator<Item = &str> {
        (0..self.word_spans.len() as u32).map(|i| self.word(i))
    }

    /// Whether any word of the document starts with `prefix` (binary
    /// search over the sorted distinct words, so absent prefixes are cheap).
    pub fn has_prefix(&self, prefix: &str) -> bool {
        let sorted = self.sorted_words.get_or_init(|| {
            let mut v: Vec<(u32, u32)> =
                (0..self.word_spans.len() as u32).map(|i| (i, 0)).collect();
            v.sort_unstable_by(|a, b| self.word(a.0).cmp(self.word(b.0)));
            v
        });
        let i = sorted.partition_point(|(id, _)| self.word(*id) < prefix);
        sorted
            .get(i)
            .is_some_and(|(id, _)| self.word(*id).starts_with(prefix))
    }

    /// Sorted locations of a key.
    pub fn locations(&self, key: KeyId) -> impl DoubleEndedIterator<Item = u32> + Clone + '_ {
        let (s, e) = self.occ_index.get(&key).copied().unwrap_or((0, 0));
        self.occ[s as usize..e as usize].iter().map(|(_, l)| *l)
    }

    /// Whether a key occurs at an exact location.
    pub fn has(&self, key: KeyId, at: u32) -> bool {
        let (s, e) = self.occ_index.get(&key).copied().unwrap_or((0, 0));
        self.occ[s as usize..e as usize]
            .binary_search(&(key, at))
            .is_ok()
    }

    /// Distinct keys present (any field), for the percolator.
    pub fn present_keys(&self) -> impl Iterator<Item = KeyId> + '_ {
        self.occ_index.keys().copied()
    }

    /// The token at a location, if any.
    pub fn token_at(&self, at: u32) -> Option<(&FieldText<'a>, &Token)> {
        let field = self.fields.get(loc_field(at))?;
        let pos = at & ((1 << FIELD_SHIFT) - 1);
        let i = field.tokens.binary_search_by_key(&pos, |t| t.pos).ok()?;
        Some((field, &field.tokens[i]))
    }
}

/// The lower-cased host of a URL ("https://www.Reuters.com:443/x" →
/// "www.reuters.com"), without any dependency on a URL crate: only the
/// authority part is needed.
pub(crate) fn host_of(link: &str) -> Option<String> {
    let rest = link.trim();
    let rest = rest.split_once("://").map_or(rest, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next()?
    } else {
        host_port.split(':').next()?
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

/// Whether `host` is `domain` or one of its subdomains.
pub(crate) fn host_matches(host: &str, domain: &str) -> bool {
    host == domain
        || host
            .strip_suffix(domain)
            .is_some_and(|rest| rest.ends_with('.'))
}
