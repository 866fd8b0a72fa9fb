//! Per-document analysis: every field is tokenized once, and the
//! occurrences of words the topic set knows about are gathered by key id.
//!
//! Speed comes from a per-thread word cache tied to one topic set's
//! [`Lexicon`]: the first time a thread sees a spelling it is folded,
//! stemmed (once per stem mode in use) and looked up in every trigger table;
//! after that a token costs one hash probe. Per-key and per-trigger state
//! lives in dense arrays stamped with a document generation, so nothing is
//! cleared or hashed per document beyond the tokens themselves.
//!
//! Invariants: a token's `pos` grows by one per word within a field value and
//! jumps by [`SEGMENT_GAP`] (> the largest allowed NEAR distance) between the
//! separate values of multi-valued fields (categories, feed name and tags),
//! so no phrase or proximity match spans two values. Locations pack
//! `field << FIELD_SHIFT | pos` so one sorted list covers all fields.

use super::Document;
use super::compile::{Interner, KeyId};
use super::hash::{FxHashMap, SeededFxMap};
use super::lead::{MAX_LEAD_WORDS, first_sentence_end};
use super::lexer::MAX_DISTANCE;
use super::normalize::{fold_into, fold_text, tokenize};
use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};

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

pub(crate) fn loc_pos(loc: u32) -> u32 {
    loc & ((1 << FIELD_SHIFT) - 1)
}

/// Field indexes of the text fields the lead is made of.
const TITLE: usize = 0;
const SUMMARY: usize = 1;
const CONTENT: usize = 2;

/// Where the lead ends in a document (see `lead.rs`).
#[derive(Debug, Clone)]
pub(crate) struct LeadInfo {
    /// The field holding the lead sentence: the summary, or the content when
    /// the summary has no words.
    pub src: usize,
    /// Words of `src` (positions `0..limit`) in the lead sentence.
    pub limit: u32,
    /// Byte length of the lead sentence in `src`.
    pub end: usize,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    /// Index of the value within the field (multi-valued fields).
    pub seg: u32,
    /// Byte range in that value.
    pub start: u32,
    pub end: u32,
    pub pos: u32,
    /// Document word id (see [`Analysis::word`]).
    pub word: u32,
}

pub(crate) struct FieldText<'a> {
    pub segments: Cow<'a, [&'a str]>,
    pub tokens: Vec<Token>,
    folded: OnceCell<String>,
}

impl FieldText<'_> {
    /// The original text of a token.
    pub(super) fn original(&self, t: &Token) -> &str {
        self.segments
            .get(t.seg as usize)
            .and_then(|s| s.get(t.start as usize..t.end as usize))
            .unwrap_or("")
    }

    /// Folded text of all values (joined by newlines), computed on first use.
    pub(super) fn folded(&self) -> &str {
        self.folded.get_or_init(|| {
            let parts: Vec<String> = self.segments.iter().map(|s| fold_text(s)).collect();
            parts.join("\n")
        })
    }
}

/// Index of a trigger: key ids first (`0..interner.len`), then exact
/// words, prefixes and sites.
pub(crate) type TrigId = u32;

/// The vocabulary of a topic set, everything document analysis needs to
/// map words to key and trigger ids.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    /// Unique per topic set (per-thread caches are tied to it).
    pub id: u64,
    pub interner: Interner,
    pub exact: FxHashMap<String, TrigId>,
    pub prefix: FxHashMap<String, TrigId>,
    /// Distinct byte lengths of indexed prefixes, ascending.
    pub prefix_lens: Vec<usize>,
    pub site: FxHashMap<String, TrigId>,
    pub n_triggers: u32,
    pub n_topics: u32,
}

/// Distinct spellings kept in the per-thread word cache before it is
/// cleared: bounds memory to a few MB per thread (about 75 bytes per
/// spelling); news vocabulary repeats, so hits dominate. Switching a thread
/// to another topic set also clears it (the ids differ), so a thread should
/// keep matching against one set, as the daemon does.
const WORD_CACHE_MAX: usize = 50_000;

/// What a word spelling means for one lexicon, computed once per thread.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Folded text: byte range in `WordCache::text`.
    folded: (u32, u32),
    /// Range in `WordCache::trigs`: first `n_keys` key ids (one per stem
    /// mode that knows the word), then exact and prefix trigger ids.
    trig_start: u32,
    n_keys: u32,
    n_trigs: u32,
    /// Document generation that last saw the spelling, and its word id in
    /// that document.
    stamp: u32,
    doc_word: u32,
}

/// Per-thread memo from original spelling to [`Entry`], for one lexicon:
/// folding, stemming and every lookup happen once per distinct spelling
/// per thread, and a token then costs one hash probe.
#[derive(Debug, Default)]
struct WordCache {
    /// Spellings up to [`INLINE`] bytes (nearly all), stored in the table
    /// itself so a probe compares without chasing a pointer.
    short: SeededFxMap<InlineWord, u32>,
    long: SeededFxMap<Box<str>, u32>,
    entries: Vec<Entry>,
    text: String,
    trigs: Vec<TrigId>,
    buf: String,
}

impl WordCache {
    fn clear(&mut self) {
        self.short.clear();
        self.long.clear();
        self.entries.clear();
        self.text.clear();
        self.trigs.clear();
    }

    #[inline]
    fn lookup(&mut self, original: &str, lex: &Lexicon) -> u32 {
        let inline = InlineWord::new(original);
        let found = match &inline {
            Some(w) => self.short.get(w),
            None => self.long.get(original),
        };
        if let Some(&i) = found {
            return i;
        }
        let buf = &mut self.buf;
        fold_into(original, buf);
        let start = self.text.len() as u32;
        self.text.push_str(buf);
        let trig_start = self.trigs.len();
        for (mode, map) in lex.interner.modes.iter().zip(&lex.interner.maps) {
            if let Some(&k) = map.get(mode.key(buf).as_ref()) {
                self.trigs.push(k);
            }
        }
        let n_keys = self.trigs.len() - trig_start;
        if let Some(&t) = lex.exact.get(original) {
            self.trigs.push(t);
        }
        for &len in &lex.prefix_lens {
            if let Some(&t) = buf.get(..len).and_then(|p| lex.prefix.get(p)) {
                self.trigs.push(t);
            }
        }
        let entry = Entry {
            folded: (start, self.text.len() as u32),
            trig_start: trig_start as u32,
            // At most one key per stem mode and one trigger per prefix
            // length: far below u32::MAX.
            n_keys: n_keys as u32,
            n_trigs: (self.trigs.len() - trig_start) as u32,
            stamp: 0,
            doc_word: 0,
        };
        let id = self.entries.len() as u32;
        self.entries.push(entry);
        match inline {
            Some(w) => self.short.insert(w, id),
            None => self.long.insert(original.into(), id),
        };
        id
    }
}

/// Longest spelling stored inline.
const INLINE: usize = 23;

/// A short word stored by value: length byte, then the bytes, zero padded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct InlineWord([u64; 3]);

impl InlineWord {
    fn new(word: &str) -> Option<InlineWord> {
        let b = word.as_bytes();
        if b.len() > INLINE {
            return None;
        }
        let mut buf = [0u8; 24];
        // In bounds: `b.len() <= INLINE = 23`.
        buf[0] = b.len() as u8;
        buf[1..=b.len()].copy_from_slice(b);
        let mut words = [0u64; 3];
        for (w, chunk) in words.iter_mut().zip(buf.chunks_exact(8)) {
            let mut c = [0u8; 8];
            c.copy_from_slice(chunk);
            *w = u64::from_le_bytes(c);
        }
        Some(InlineWord(words))
    }
}

impl std::hash::Hash for InlineWord {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Skip all-zero tail words: most words fit in the first one or two.
        state.write_u64(self.0[0]);
        if self.0[1] != 0 {
            state.write_u64(self.0[1]);
            if self.0[2] != 0 {
                state.write_u64(self.0[2]);
            }
        }
    }
}

/// A key's occurrences in the current document: range in `Scratch::occ`.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    stamp: u32,
    start: u32,
    end: u32,
}

/// Per-thread buffers reused across documents. Stamps hold the generation
/// of the document that last set them, so nothing is cleared per document.
#[derive(Debug, Default)]
struct Scratch {
    lexicon: u64,
    stamp: u32,
    cache: WordCache,
    /// Per key id.
    slots: Vec<Slot>,
    /// Per trigger id.
    trig_gen: Vec<u32>,
    /// Per topic (for the percolator's candidate dedup).
    topic_gen: Vec<u32>,
    /// Document word id -> cache entry.
    doc_words: Vec<u32>,
    present: Vec<TrigId>,
    /// `(key, loc)` in document order, then locations grouped by key.
    raw: Vec<(KeyId, u32)>,
    occ: Vec<u32>,
    /// Distinct keys of the document (buffer for `group_occurrences`).
    keys: Vec<KeyId>,
    /// Token buffers of earlier documents, for reuse.
    token_pool: Vec<Vec<Token>>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Scratch {
    /// Takes this thread's scratch (a fresh one if it is in use).
    fn take() -> Scratch {
        SCRATCH
            .try_with(|c| c.try_borrow_mut().map(|mut s| std::mem::take(&mut *s)))
            .ok()
            .and_then(Result::ok)
            .unwrap_or_default()
    }

    /// Prepares for a new document analyzed against `lex`.
    fn begin(&mut self, lex: &Lexicon) {
        let fresh = self.lexicon != lex.id;
        if fresh || self.cache.entries.len() > WORD_CACHE_MAX {
            self.cache.clear();
        }
        if fresh || self.stamp == u32::MAX {
            self.lexicon = lex.id;
            self.stamp = 0;
            self.slots.clear();
            self.slots
                .resize(lex.interner.len as usize, Slot::default());
            self.trig_gen.clear();
            self.trig_gen.resize(lex.n_triggers as usize, 0);
            self.topic_gen.clear();
            self.topic_gen.resize(lex.n_topics as usize, 0);
            for e in &mut self.cache.entries {
                e.stamp = 0;
            }
        }
        self.stamp += 1;
        self.doc_words.clear();
        self.present.clear();
        self.raw.clear();
        self.occ.clear();
    }

    /// Marks a trigger present; false if it already was.
    fn mark(&mut self, t: TrigId) -> bool {
        match self.trig_gen.get_mut(t as usize) {
            Some(g) if *g != self.stamp => {
                *g = self.stamp;
                self.present.push(t);
                true
            }
            _ => false,
        }
    }
}

pub(crate) struct Analysis<'a> {
    pub fields: [FieldText<'a>; TEXT_FIELDS],
    scratch: Scratch,
    /// Document word ids sorted by folded text; built on first prefix
    /// lookup.
    sorted_words: OnceCell<Vec<u32>>,
    /// Lower-cased host of the link, if any.
    pub host: Option<String>,
    /// Computed on first use (only `lead:` terms and scores need it).
    lead: OnceCell<LeadInfo>,
    /// Folded title and lead sentence joined by a newline, for `lead:/re/`.
    lead_folded: OnceCell<(String, usize)>,
}

impl Drop for Analysis<'_> {
    /// Gives the scratch buffers back to the thread for the next document.
    fn drop(&mut self) {
        let mut scratch = std::mem::take(&mut self.scratch);
        for f in &mut self.fields {
            // Keep a bounded number of buffers of bounded size.
            if scratch.token_pool.len() < 2 * TEXT_FIELDS && f.tokens.capacity() <= 1 << 16 {
                scratch.token_pool.push(std::mem::take(&mut f.tokens));
            }
        }
        let _ = SCRATCH.try_with(|c| {
            if let Ok(mut s) = c.try_borrow_mut() {
                *s = scratch;
            }
        });
    }
}

impl<'a> Analysis<'a> {
    pub(super) fn new(doc: &'a Document<'_>, lex: &Lexicon) -> Analysis<'a> {
        let feed: Cow<'a, [&'a str]> = if doc.feed_tags.is_empty() {
            Cow::Borrowed(std::slice::from_ref(&doc.feed_name))
        } else {
            let mut feed = vec![doc.feed_name];
            feed.extend(doc.feed_tags.iter().map(String::as_str));
            Cow::Owned(feed)
        };
        let segments: [Cow<'a, [&'a str]>; TEXT_FIELDS] = [
            Cow::Borrowed(std::slice::from_ref(&doc.title)),
            Cow::Borrowed(std::slice::from_ref(&doc.summary)),
            Cow::Borrowed(std::slice::from_ref(&doc.content)),
            Cow::Borrowed(doc.author.as_slice()),
            doc.categories.iter().map(String::as_str).collect(),
            feed,
        ];
        let mut sc = Scratch::take();
        sc.begin(lex);
        let stamp = sc.stamp;
        // Each distinct spelling gets a document word id; two spellings of
        // one folded word ("NATO", "nato") get two ids with the same folded
        // text, which is harmless: ids only dedupe work.
        let mut f = 0;
        let fields = segments.map(|segments| {
            let field = f;
            f += 1;
            let mut tokens = sc.token_pool.pop().unwrap_or_default();
            tokens.clear();
            let mut pos = 0u32;
            for (seg, text) in segments.iter().enumerate() {
                if seg > 0 {
                    pos = pos.saturating_add(SEGMENT_GAP);
                }
                tokenize(text, |s, e| {
                    if pos > MAX_POS {
                        return;
                    }
                    let id = sc.cache.lookup(&text[s..e], lex);
                    let Some(entry) = sc.cache.entries.get_mut(id as usize) else {
                        return;
                    };
                    if entry.stamp != stamp {
                        entry.stamp = stamp;
                        entry.doc_word = sc.doc_words.len() as u32;
                        sc.doc_words.push(id);
                    }
                    let (ks, nk) = (entry.trig_start as usize, entry.n_keys as usize);
                    let word = entry.doc_word;
                    let l = loc(field, pos);
                    if let Some(keys) = sc.cache.trigs.get(ks..ks + nk) {
                        sc.raw.extend(keys.iter().map(|k| (*k, l)));
                    }
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
        sc.group_occurrences();
        // Every trigger of every distinct word, then the site and its
        // parent domains.
        for i in 0..sc.doc_words.len() {
            let Some(e) = sc
                .doc_words
                .get(i)
                .and_then(|id| sc.cache.entries.get(*id as usize))
            else {
                continue;
            };
            let (s, n) = (e.trig_start as usize, e.n_trigs as usize);
            for j in s..s + n {
                if let Some(&t) = sc.cache.trigs.get(j) {
                    sc.mark(t);
                }
            }
        }
        let host = doc.link.and_then(host_of);
        if let Some(host) = host.as_deref().filter(|_| !lex.site.is_empty()) {
            let mut rest = host;
            loop {
                if let Some(&t) = lex.site.get(rest) {
                    sc.mark(t);
                }
                match rest.split_once('.') {
                    Some((_, parent)) => rest = parent,
                    None => break,
                }
            }
        }
        Analysis {
            fields,
            scratch: sc,
            sorted_words: OnceCell::new(),
            host,
            lead: OnceCell::new(),
            lead_folded: OnceCell::new(),
        }
    }

    /// Where the lead sentence is.
    pub(super) fn lead(&self) -> &LeadInfo {
        self.lead.get_or_init(|| {
            let src = if self.fields[SUMMARY].tokens.is_empty() {
                CONTENT
            } else {
                SUMMARY
            };
            let field = &self.fields[src];
            let text = field.segments.first().copied().unwrap_or("");
            // `lead::lead_end`, from the tokens at hand: the sentence, cut
            // after its MAX_LEAD_WORDS-th word.
            let sentence = first_sentence_end(text);
            let n = field
                .tokens
                .partition_point(|t| t.seg == 0 && (t.start as usize) < sentence);
            let (limit, end) = match field.tokens.get(MAX_LEAD_WORDS - 1) {
                Some(t) if n >= MAX_LEAD_WORDS => (MAX_LEAD_WORDS, t.end as usize),
                _ => (n, sentence),
            };
            LeadInfo {
                src,
                limit: limit as u32,
                end,
            }
        })
    }

    /// Whether a location is in the lead (the title, or the lead sentence).
    pub(super) fn in_lead(&self, at: u32) -> bool {
        let f = loc_field(at);
        if f == TITLE {
            return true;
        }
        let lead = self.lead();
        f == lead.src && loc_pos(at) < lead.limit
    }

    /// The folded title and lead sentence joined by a newline, and the byte
    /// length of the title part.
    pub(super) fn lead_folded(&self) -> (&str, usize) {
        let (text, title_len) = self.lead_folded.get_or_init(|| {
            let lead = self.lead();
            let title = self.fields[TITLE].folded();
            let src = self.fields[lead.src]
                .segments
                .first()
                .copied()
                .unwrap_or("");
            let sentence = fold_text(src.get(..lead.end).unwrap_or(src));
            (format!("{title}\n{sentence}"), title.len())
        });
        (text, *title_len)
    }

    /// The folded text of a document word id.
    pub(super) fn word(&self, id: u32) -> &str {
        let c = &self.scratch.cache;
        self.scratch
            .doc_words
            .get(id as usize)
            .and_then(|e| c.entries.get(*e as usize))
            .and_then(|e| c.text.get(e.folded.0 as usize..e.folded.1 as usize))
            .unwrap_or("")
    }

    /// Whether any word of the document starts with `prefix` (binary
    /// search over the sorted distinct words, so absent prefixes are cheap).
    pub(super) fn has_prefix(&self, prefix: &str) -> bool {
        let sorted = self.sorted_words.get_or_init(|| {
            let mut v: Vec<u32> = (0..self.scratch.doc_words.len() as u32).collect();
            v.sort_unstable_by(|a, b| self.word(*a).cmp(self.word(*b)));
            v
        });
        let i = sorted.partition_point(|id| self.word(*id) < prefix);
        sorted
            .get(i)
            .is_some_and(|id| self.word(*id).starts_with(prefix))
    }

    fn slot(&self, key: KeyId) -> &[u32] {
        let sc = &self.scratch;
        match sc.slots.get(key as usize) {
            Some(s) if s.stamp == sc.stamp => sc.occ.get(s.start as usize..s.end as usize),
            _ => None,
        }
        .unwrap_or(&[])
    }

    /// Sorted locations of a key.
    pub(super) fn locations(
        &self,
        key: KeyId,
    ) -> impl DoubleEndedIterator<Item = u32> + Clone + '_ {
        self.slot(key).iter().copied()
    }

    /// Whether a key occurs at an exact location.
    pub(super) fn has(&self, key: KeyId, at: u32) -> bool {
        self.slot(key).binary_search(&at).is_ok()
    }

    /// Distinct triggers present (any field), for the percolator.
    pub(super) fn present(&self) -> &[TrigId] {
        &self.scratch.present
    }

    /// Whether a trigger is present (any field).
    pub(super) fn is_present(&self, t: TrigId) -> bool {
        self.scratch.trig_gen.get(t as usize) == Some(&self.scratch.stamp)
    }

    /// Marks a topic as seen for this document; false if it already was.
    pub(super) fn first_visit(&mut self, topic: u32) -> bool {
        let stamp = self.scratch.stamp;
        match self.scratch.topic_gen.get_mut(topic as usize) {
            Some(g) if *g != stamp => {
                *g = stamp;
                true
            }
            _ => false,
        }
    }

    /// The token at a location, if any.
    pub(super) fn token_at(&self, at: u32) -> Option<(&FieldText<'a>, &Token)> {
        let field = self.fields.get(loc_field(at))?;
        let pos = loc_pos(at);
        let i = field.tokens.binary_search_by_key(&pos, |t| t.pos).ok()?;
        Some((field, &field.tokens[i]))
    }
}

impl Scratch {
    /// Groups `raw` occurrences by key into `occ` (a counting sort over the
    /// dense key slots; document order keeps each key's locations sorted).
    fn group_occurrences(&mut self) {
        let stamp = self.stamp;
        let mut keys = std::mem::take(&mut self.keys);
        keys.clear();
        for &(k, _) in &self.raw {
            if let Some(s) = self.slots.get_mut(k as usize) {
                if s.stamp != stamp {
                    *s = Slot {
                        stamp,
                        start: 0,
                        end: 0,
                    };
                    keys.push(k);
                }
                s.end += 1;
            }
        }
        let mut at = 0u32;
        for &k in &keys {
            if let Some(s) = self.slots.get_mut(k as usize) {
                let n = s.end;
                s.start = at;
                s.end = at; // fill cursor
                at += n;
            }
        }
        self.occ.clear();
        self.occ.resize(at as usize, 0);
        for &(k, l) in &self.raw {
            if let Some(s) = self.slots.get_mut(k as usize)
                && let Some(o) = self.occ.get_mut(s.end as usize)
            {
                *o = l;
                s.end += 1;
            }
        }
        self.keys = keys;
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
