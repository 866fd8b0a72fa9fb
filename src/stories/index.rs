//! The in-memory story index over the items of the window.
//!
//! Layout, chosen for memory (184 bytes per item, plus about 40 bytes per
//! distinct term of the window) and for few cache misses:
//!
//! * `items`: a chunked FIFO of fixed-size scoring records in insertion
//!   order: ids, feed, language, the stored vector's norms, and up to
//!   [`STORED_TERMS`] terms, each a 24-bit slot number plus one byte of
//!   kind and quantised weight (128 bytes).
//! * `postings`: a parallel FIFO of what a retrieval walk reads: the item's
//!   time and, for its first [`INDEXED_TERMS`] terms, a 32-bit link to the
//!   previous item holding the same term (56 bytes).
//! * `slots`: per distinct term of the window, its key, document frequency
//!   and the newest posting (`head`). Following `head` and the links walks
//!   the term's postings from newest to oldest: the postings live inside
//!   the records, so the inverted index costs 4 bytes per posting and 16
//!   bytes per term, with no per-term allocation.
//! * `terms`: key -> slot.
//!
//! Eviction pops the oldest record and decrements its terms' frequencies,
//! freeing a slot when it reaches zero. Links to evicted items are detected
//! by position (a link names an item by its position modulo 2^27, and the
//! window is capped at 2^26 items, so a stale link never aliases a live
//! item) and end the walk.

use super::features::{Currency, Features, Term, TermKind, ident_label};
use super::fifo::Fifo;
use super::financing::Financing;
use super::hash::mix64;
use super::leadership::Leadership;
use super::oversight::Oversight;
use super::prosecution::Prosecution;
use super::stage::Stage;
use super::text::{Lang, is_field_name, is_percentage, is_state};
use super::{Actors, Conflicts, Decision, Direction, FeedKey, Match, Miss, StoryConfig};
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

/// Terms stored per item for scoring (its heaviest by weight times rarity
/// when stored).
pub const STORED_TERMS: usize = 24;
/// The first (most distinctive) of them are also indexed for retrieval.
pub const INDEXED_TERMS: usize = 12;
const _: () = assert!(
    INDEXED_TERMS < 32,
    "a posting link keeps the term index in 5 bits"
);
const _: () = assert!(INDEXED_TERMS <= STORED_TERMS);

/// Bits of an item position kept in a posting link.
const SEQ_BITS: u32 = 27;
const SEQ_MASK: u32 = (1 << SEQ_BITS) - 1;
/// The window never holds more items than this (see the module docs).
const MAX_WINDOW_ITEMS: usize = 1 << 26;
/// End of a posting list.
const NO_LINK: u32 = u32::MAX;
/// Slot numbers have 24 bits; the top byte of a stored term is its kind and
/// weight.
const SLOT_MASK: u32 = (1 << 24) - 1;
const MAX_SLOTS: usize = 1 << 24;
/// Quantised weights: 6 bits over [0, W_MAX].
const W_MAX: f32 = 2.6;
/// A stored weight at least this high comes from the title or the lead
/// (the body and the content together weigh less).
const CORE_WEIGHT: f32 = 1.1;
/// A stored name weight at least this high comes from the title (or from
/// the lead and the body together).
const TITLE_WEIGHT: f32 = 1.55;

/// Candidate retrieval skips terms held by more than this share of the
/// window's items (but never terms held by at most `RETRIEVAL_MIN_DF`):
/// such terms are not evidence of a story and would cost a long walk.
const RETRIEVAL_DF_SHARE: f64 = 0.002;
const RETRIEVAL_MIN_DF: u32 = 64;
/// At most this many postings are visited per assignment: about the ten
/// newest holders (within reach) of each of the twelve terms walked, more
/// of those whose lists are longer when others end early. Each visit is a
/// likely cache miss, and an older holder of a common term is seldom the
/// story: at 1,000,000 items, 512 visited cost twice the time of 128 and
/// joined more than twice as many items to wrong stories in the bench, for
/// 13 fewer missed joins of 3,941; the labeled sets' windows never reach
/// the budget (BENCHMARKS.md, "Speed and memory").
const VISIT_BUDGET: usize = 128;
/// At most this many postings (the newest) are visited per term.
const MAX_POSTINGS_PER_TERM: usize = 64;
/// A term's walk goes past at most this many postings older than the reach
/// (items inserted out of time order) before it stops.
const OUT_OF_ORDER_SKIPS: u8 = 4;
/// Only the item's most telling terms (by weight times rarity) are looked
/// up: two reports of one event share some of them.
const RETRIEVAL_TERMS: usize = 12;

/// What retrieval reads: kept apart from the scoring record so a walk
/// over postings touches 56 bytes per item, not the whole item.
#[derive(Clone, Copy)]
struct PostingRecord {
    at: i64,
    /// For the first `INDEXED_TERMS` terms of the item: the previous
    /// posting of the same term, or `NO_LINK`.
    links: [u32; INDEXED_TERMS],
}

impl Default for PostingRecord {
    fn default() -> PostingRecord {
        PostingRecord {
            at: 0,
            links: [NO_LINK; INDEXED_TERMS],
        }
    }
}

/// What scoring reads: two cache lines (aligned, so never three), the
/// first with the ids, feed, norms and the first terms, the second with the
/// rest of the terms.
#[derive(Clone, Copy, Default)]
#[repr(C, align(64))]
struct ItemRecord {
    item: i64,
    story: i64,
    feed: FeedKey,
    /// Squared norms of the stored vector (weight times rarity as of
    /// insertion): all terms, and the language-neutral ones.
    norm_all: f32,
    norm_neutral: f32,
    /// The [`Lang`] in bits 0 to 2 ([`LANG_BITS`]), the [`Leadership`] in
    /// bits 3 and 4, the [`Currency`] of the lead's amounts in bits 5 and
    /// 6, and bit 7 [`PENDING`].
    lang: u8,
    /// How many of `terms` are stored in bits 0 to 4 ([`N_TERMS_BITS`]),
    /// the [`Oversight`] in bits 5 and 6, and bit 7 [`ROUNDUP`].
    n_terms: u8,
    /// `Stage as u8 | (Financing as u8) << 2 | (Prosecution as u8) << 4 |
    /// (Direction as u8) << 6`.
    event: u8,
    /// The headline's [`Actors`], as `Actors::to_byte`.
    actors: u8,
    /// `kind+weight byte << 24 | slot`, most telling first.
    terms: [u32; STORED_TERMS],
}

const _: () = assert!(
    size_of::<ItemRecord>() == 128,
    "two cache lines per item (the memory figures assume 128 bytes)"
);

/// [`ItemRecord::lang`]'s bit for an item stored by a poll whose
/// transaction has not committed (or was rolled back): only that poll sees
/// it (`StoryIndex::pending`).
const PENDING: u8 = 1 << 7;

/// [`ItemRecord::n_terms`]'s bit for a round-up (`stories/roundup.rs`):
/// no report joins a story through it.
const ROUNDUP: u8 = 1 << 7;

/// [`ItemRecord::n_terms`]'s bits of the count of stored terms.
const N_TERMS_BITS: u8 = 0b1_1111;
const _: () = assert!(STORED_TERMS <= N_TERMS_BITS as usize);

/// [`ItemRecord::lang`]'s bits of the [`Lang`] (seven languages).
const LANG_BITS: u8 = 0b111;
const _: () = assert!(Lang::ALL.len() <= LANG_BITS as usize + 1);

impl ItemRecord {
    fn is_pending(&self) -> bool {
        self.lang & PENDING != 0
    }

    fn set_pending(&mut self, pending: bool) {
        if pending {
            self.lang |= PENDING;
        } else {
            self.lang &= !PENDING;
        }
    }

    /// Reads a word of each cache line of the record, so that a first pass
    /// over many records has all their cache misses in flight at once.
    fn touch(&self) -> u64 {
        self.item as u64 ^ u64::from(self.terms.last().copied().unwrap_or(0))
    }

    fn stored_terms(&self) -> usize {
        usize::from(self.n_terms & N_TERMS_BITS)
    }

    fn oversight(&self) -> Oversight {
        Oversight::from_bits((self.n_terms >> 5) & 3)
    }

    fn is_roundup(&self) -> bool {
        self.n_terms & ROUNDUP != 0
    }

    fn terms(&self) -> impl Iterator<Item = (u32, TermKind, f32)> + '_ {
        self.terms
            .iter()
            .take(self.stored_terms())
            .map(|&t| (t & SLOT_MASK, kind_of(t), weight_of(t)))
    }
}

fn pack_term(slot: u32, kind: TermKind, weight: f32) -> u32 {
    (u32::from(kind.to_bits() << 6 | quantize(weight)) << 24) | (slot & SLOT_MASK)
}

fn quantize(weight: f32) -> u8 {
    // In 0..=63 by construction (NaN gives 0).
    round_half_up(weight.clamp(0.0, W_MAX) / W_MAX * 63.0)
}

/// `x.round() as u8` for `x` in 0..=255 (or NaN, giving 0), without the
/// call to the C library's `roundf`: the fraction `x - trunc(x)` of a float
/// is exact, so comparing it with one half rounds halves up, as `round`.
fn round_half_up(x: f32) -> u8 {
    let whole = x as u8; // truncates; NaN gives 0
    if x - f32::from(whole) >= 0.5 {
        whole.saturating_add(1)
    } else {
        whole
    }
}

/// A key whose unsigned order is the descending `f32::total_cmp` order.
fn descending_total_key(x: f32) -> u32 {
    // `total_cmp`'s key: the bits as a signed integer, with the magnitude
    // bits of negative values flipped; then unsigned, then descending.
    let bits = x.to_bits() as i32;
    let total = bits ^ ((((bits >> 31) as u32) >> 1) as i32);
    !((total as u32) ^ 0x8000_0000)
}

fn dequantize(q: u8) -> f32 {
    f32::from(q & 63) / 63.0 * W_MAX
}

fn kind_of(term: u32) -> TermKind {
    TermKind::from_bits(((term >> 24) as u8) >> 6)
}

fn weight_of(term: u32) -> f32 {
    dequantize((term >> 24) as u8)
}

#[derive(Clone, Copy)]
struct Slot {
    key: u64,
    df: u32,
    head: u32,
}

/// Hashes term keys (already hashes) with a per-index random seed, so
/// crafted items cannot pile keys into one bucket.
#[derive(Clone, Copy)]
struct KeyHasherBuild(u64);

impl KeyHasherBuild {
    fn new() -> KeyHasherBuild {
        KeyHasherBuild(std::hash::RandomState::new().hash_one(0x5EED_u64))
    }
}

struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix64(self.0 ^ u64::from(b));
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = mix64(self.0 ^ i);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl BuildHasher for KeyHasherBuild {
    type Hasher = KeyHasher;
    fn build_hasher(&self) -> KeyHasher {
        KeyHasher(self.0)
    }
}

/// One of the new item's terms, as used against the index.
struct QueryTerm<'f> {
    term: &'f Term,
    slot: Option<u32>,
    df: u32,
    idf: f32,
    /// Weight after quantisation, as it will be stored.
    weight: f32,
    /// The sort key of the query's order (see [`StoryIndex::query_terms`]).
    rank: u64,
    /// An exact amount that is no percentage: "€31 billion", not "3%" (the
    /// same rates and targets recur in many events).
    exact_amount: bool,
}

/// The index of the items in the window. See the module docs.
pub struct StoryIndex {
    config: StoryConfig,
    window_ms: i64,
    time_scale_ms: f64,
    items: Fifo<ItemRecord>,
    /// Same positions as `items`.
    postings: Fifo<PostingRecord>,
    slots: Vec<Slot>,
    free: Vec<u32>,
    terms: HashMap<u64, u32, KeyHasherBuild>,
    hasher: KeyHasherBuild,
    /// The pending items of open polls: item id to (position, poll). An
    /// item marked pending and not here was rolled back: nobody sees it.
    pending: HashMap<i64, (u64, PollToken)>,
    /// Records of rolled-back items still in the FIFO (invisible, their
    /// terms already uncounted): not items of the window.
    rolled_back: usize,
    /// The latest time of an item stored: items older than this minus the
    /// window are not stored (see [`StoryIndex::insert`]).
    newest: i64,
}

/// Names one poll's transaction for [`StoryIndex::insert_pending`].
pub type PollToken = u64;

impl std::fmt::Debug for StoryIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoryIndex")
            .field("items", &self.len())
            .field("terms", &self.terms.len())
            .field("config", &self.config)
            .finish()
    }
}

impl StoryIndex {
    pub fn new(config: StoryConfig) -> StoryIndex {
        let hasher = KeyHasherBuild::new();
        StoryIndex {
            window_ms: i64::try_from(config.window.as_millis()).unwrap_or(i64::MAX),
            time_scale_ms: config.time_scale.as_millis().max(1) as f64,
            config,
            items: Fifo::new(),
            postings: Fifo::new(),
            slots: Vec::new(),
            free: Vec::new(),
            terms: HashMap::with_hasher(hasher),
            hasher,
            pending: HashMap::new(),
            rolled_back: 0,
            newest: i64::MIN,
        }
    }

    pub fn config(&self) -> &StoryConfig {
        &self.config
    }

    /// Items in the index (rolled-back ones not counted).
    pub fn len(&self) -> usize {
        self.items.len().saturating_sub(self.rolled_back)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Distinct terms in the index.
    pub fn n_terms(&self) -> usize {
        self.terms.len()
    }

    /// Estimated heap and inline bytes held by the index.
    pub fn memory_bytes(&self) -> usize {
        size_of::<StoryIndex>()
            + self.items.memory_bytes()
            + self.postings.memory_bytes()
            + self.slots.capacity() * size_of::<Slot>()
            + self.free.capacity() * size_of::<u32>()
            // hashbrown: one (key, value) pair and one control byte per bucket.
            + self.terms.capacity() * 8 / 7 * (size_of::<(u64, u32)>() + 1)
            + self.pending.capacity() * 8 / 7 * (size_of::<(i64, (u64, PollToken))>() + 1)
    }

    fn max_items(&self) -> usize {
        self.config.max_items.clamp(1, MAX_WINDOW_ITEMS)
    }

    /// Decides the story of an item with these features, from `feed`, seen
    /// at `at` (Unix ms). Does not change the index: call
    /// [`StoryIndex::insert`] with the chosen story afterwards.
    pub fn assign(&self, features: &Features, feed: FeedKey, at: i64) -> Decision {
        self.assign_for(features, feed, at, None)
    }

    /// [`StoryIndex::assign`] for a poll whose own pending items count as
    /// candidates (other polls' pending items never do).
    pub fn assign_for(
        &self,
        features: &Features,
        feed: FeedKey,
        at: i64,
        poll: Option<PollToken>,
    ) -> Decision {
        let query = self.query_terms(features, self.ln_n());
        self.decide(&query, features, feed, at, poll)
    }

    /// [`StoryIndex::assign`] then [`StoryIndex::insert`] in one pass (the
    /// item's terms are looked up once): the item joins the decided story,
    /// or starts the story `new_story`. Expired items are evicted before the
    /// decision, so scores can differ slightly from `assign`'s.
    pub fn add(
        &mut self,
        item: i64,
        feed: FeedKey,
        at: i64,
        features: &Features,
        new_story: i64,
    ) -> Decision {
        self.evict_for(at);
        let query = self.query_terms(features, self.ln_n());
        let decision = self.decide(&query, features, feed, at, None);
        let story = decision.story().unwrap_or(new_story);
        self.insert_terms(item, story, feed, at, features, &query);
        decision
    }

    fn decide(
        &self,
        query: &[QueryTerm<'_>],
        features: &Features,
        feed: FeedKey,
        at: i64,
        poll: Option<PollToken>,
    ) -> Decision {
        if query.is_empty() || self.is_empty() || self.is_stale(at) {
            return Decision::New { nearest: None };
        }
        // The query's slots, sorted, for membership tests.
        let mut by_slot: Vec<(u32, usize)> = query
            .iter()
            .enumerate()
            .filter_map(|(i, q)| q.slot.map(|s| (s, i)))
            .collect();
        by_slot.sort_unstable();
        let by_slot = SlotSet::new(by_slot);
        let norms = QueryNorms::of(query, features);

        let candidates = self.retrieve(query, at);
        // Scoring a candidate takes more instructions than the processor
        // looks ahead: read every candidate's record first, so the cache
        // misses of all of them overlap instead of coming one by one.
        let touched = candidates
            .iter()
            .filter_map(|&position| self.items.get(position))
            .fold(0u64, |acc, record| acc ^ record.touch());
        std::hint::black_box(touched);
        let lang = features.lang();
        let mut best: Option<Scored> = None;
        let mut nearest: Option<Scored> = None;
        // Per story, its eligible members at or above the support floor:
        // the best of them, how many, and Π(1 − score).
        let floor = self.support_floor();
        let mut support: Vec<(Scored, u32, f32)> = Vec::new();
        for position in candidates {
            let (Some(record), Some(posting)) =
                (self.items.get(position), self.postings.get(position))
            else {
                continue;
            };
            if record.is_pending() && !self.pending_visible(record.item, position, poll) {
                continue;
            }
            // A round-up lists several events: joining through it would
            // carry one event's reports into another's story.
            if record.is_roundup() {
                continue;
            }
            let dt = posting.at.abs_diff(at);
            let scored = self.score(query, &by_slot, &norms, lang, feed, dt, record, position);
            if scored.joins(&self.config) && best.as_ref().is_none_or(|b| scored.beats(b)) {
                best = Some(scored.clone());
            }
            if scored.eligible && floor > 0.0 && scored.score >= floor {
                match support.iter_mut().find(|s| s.0.story == scored.story) {
                    Some((top, members, miss)) => {
                        *members += 1;
                        *miss *= 1.0 - scored.score;
                        if scored.beats(top) {
                            *top = scored.clone();
                        }
                    }
                    None => support.push((scored.clone(), 1, 1.0 - scored.score)),
                }
            }
            if nearest.as_ref().is_none_or(|b| scored.beats(b)) {
                nearest = Some(scored);
            }
        }
        if features.roundup() {
            let nearest = nearest.map(|n| (self.to_match(&n, query, features), Miss::RoundUp));
            return Decision::New { nearest };
        }
        if let Some(best) = best {
            return Decision::Join(self.to_match(&best, query, features));
        }
        // The best-supported story (ties to the older one: deterministic).
        let bar = self.config.threshold * self.config.support_ratio;
        let supported = support
            .iter()
            .filter(|(_, members, miss)| *members >= 2 && 1.0 - miss >= bar)
            .min_by(|a, b| a.2.total_cmp(&b.2).then(a.0.story.cmp(&b.0.story)));
        if let Some((top, members, miss)) = supported {
            let mut joined = self.to_match(top, query, features);
            joined.support = Some((*members, 1.0 - miss));
            return Decision::Join(joined);
        }
        let nearest = nearest.map(|n| {
            let m = self.to_match(&n, query, features);
            let miss = if !n.anchored && n.cross_language {
                Miss::TooFewAnchors {
                    shared: n.anchors,
                    needed: n.needed_anchors,
                    strong: self.strong_score(),
                }
            } else if !n.anchored {
                Miss::NoSharedName
            } else if m.shared_terms < self.config.min_shared_terms {
                Miss::TooFewShared {
                    shared: m.shared_terms,
                    needed: self.config.min_shared_terms,
                }
            } else {
                Miss::BelowThreshold {
                    threshold: self.config.threshold,
                }
            };
            (m, miss)
        });
        Decision::New { nearest }
    }

    /// Adds an item to the index under `story` (evicting items older than
    /// the window before `at`, and the oldest beyond `max_items`).
    pub fn insert(&mut self, item: i64, story: i64, feed: FeedKey, at: i64, features: &Features) {
        self.evict_for(at);
        let query = self.query_terms(features, self.ln_n());
        self.insert_terms(item, story, feed, at, features, &query);
    }

    /// [`StoryIndex::insert`] for an item of `poll`'s open transaction: only
    /// that poll's decisions see it until [`StoryIndex::commit`]. Another
    /// poll must not join a story whose row is not committed: on
    /// PostgreSQL it would wait for that row while the other poll may wait
    /// for one of its own (a deadlock), and a rolled-back story would be
    /// joined all the same.
    pub fn insert_pending(
        &mut self,
        item: i64,
        story: i64,
        feed: FeedKey,
        at: i64,
        features: &Features,
        poll: PollToken,
    ) {
        self.evict_for(at);
        let query = self.query_terms(features, self.ln_n());
        let position = self.items.tail();
        self.insert_terms(item, story, feed, at, features, &query);
        if let Some(record) = self.items.get_mut(position) {
            record.set_pending(true);
            self.pending.insert(item, (position, poll));
        }
    }

    /// `poll`'s transaction committed: its items are seen by every poll.
    pub fn commit(&mut self, poll: PollToken) {
        let mut committed = Vec::new();
        self.pending.retain(|_, (position, owner)| {
            let mine = *owner == poll;
            if mine {
                committed.push(*position);
            }
            !mine
        });
        for position in committed {
            if let Some(record) = self.items.get_mut(position) {
                record.set_pending(false);
            }
        }
    }

    /// `poll`'s transaction was rolled back: its items stay invisible to
    /// every poll (the ids they carry were never stored) until evicted, and
    /// no longer count in the window's size or its terms' rarity (a rerun
    /// of the poll stores them again).
    pub fn roll_back(&mut self, poll: PollToken) {
        let mut rolled = Vec::new();
        self.pending.retain(|_, &mut (position, owner)| {
            if owner == poll {
                rolled.push(position);
            }
            owner != poll
        });
        for position in rolled {
            let Some(record) = self.items.get_mut(position) else {
                continue;
            };
            let slots: Vec<u32> = record.terms().map(|(slot, _, _)| slot).collect();
            // No terms left to uncount when it is evicted.
            record.n_terms &= !N_TERMS_BITS;
            self.rolled_back += 1;
            for slot in slots {
                self.uncount(slot);
            }
        }
    }

    /// The poll whose open transaction stored `item`, while it is pending.
    pub fn pending_poll(&self, item: i64) -> Option<PollToken> {
        self.pending.get(&item).map(|(_, poll)| *poll)
    }

    fn pending_visible(&self, item: i64, position: u64, poll: Option<PollToken>) -> bool {
        poll.is_some_and(|poll| self.pending.get(&item) == Some(&(position, poll)))
    }

    /// Makes room for an item seen at `at`: evicts what is older than the
    /// window, and the oldest beyond `max_items`.
    fn evict_for(&mut self, at: i64) {
        self.evict_older_than(at.saturating_sub(self.window_ms));
        while self.items.len() >= self.max_items() {
            self.evict_oldest();
        }
    }

    /// Whether an item of time `at` is older than the window before the
    /// newest item stored: it can be in no story of the window, so it is
    /// neither compared nor stored. Stored, it would sit in front of the
    /// newer items of its terms' posting lists (which run newest first)
    /// and, being out of reach, end their walks early, until evicted in its
    /// turn a window later: a first poll of a feed's months-old backlog would
    /// hide the current news from the items that come after it.
    pub fn is_stale(&self, at: i64) -> bool {
        at < self.newest.saturating_sub(self.window_ms)
    }

    /// Stores an item with its terms as looked up after [`Self::evict_for`]
    /// (no eviction in between: the slots must be current). A stale item
    /// (see [`StoryIndex::is_stale`]) is not stored.
    fn insert_terms(
        &mut self,
        item: i64,
        story: i64,
        feed: FeedKey,
        at: i64,
        features: &Features,
        query: &[QueryTerm<'_>],
    ) {
        if self.is_stale(at) {
            return;
        }
        self.newest = self.newest.max(at);
        let position = self.items.tail();
        let seq = (position as u32) & SEQ_MASK;
        let mut record = ItemRecord {
            item,
            story,
            feed,
            lang: features.lang() as u8
                | (features.leadership() as u8) << 3
                | (features.currency() as u8) << 5,
            event: features.stage() as u8
                | (features.financing() as u8) << 2
                | (features.prosecution() as u8) << 4
                | (features.direction() as u8) << 6,
            actors: features.actors().to_byte(),
            n_terms: (features.oversight() as u8) << 5
                | if features.roundup() { ROUNDUP } else { 0 },
            ..ItemRecord::default()
        };
        let mut posting = PostingRecord {
            at,
            ..PostingRecord::default()
        };
        let ln_n_after = ((self.len() + 2) as f32).ln();
        let mut j = 0usize;
        for q in query {
            if j >= STORED_TERMS {
                break;
            }
            let slot = match q.slot {
                Some(slot) => slot,
                None => match self.new_slot(q.term.key) {
                    Some(slot) => slot,
                    None => continue, // the term table is full: not stored
                },
            };
            let Some(s) = self.slots.get_mut(slot as usize) else {
                continue;
            };
            let Some(term) = record.terms.get_mut(j) else {
                break;
            };
            s.df += 1;
            *term = pack_term(slot, q.term.kind, q.weight);
            if let Some(link) = posting.links.get_mut(j) {
                *link = s.head;
                // j < INDEXED_TERMS < 32.
                s.head = (seq << 5) | j as u32;
            }
            // Rarity as the candidate will be seen: counting itself.
            let v = (q.weight * idf(ln_n_after, s.df)).powi(2);
            record.norm_all += v;
            if q.term.kind.is_neutral() {
                record.norm_neutral += v;
            }
            j += 1;
        }
        record.n_terms |= j as u8; // j <= STORED_TERMS < N_TERMS_BITS
        self.items.push(record);
        self.postings.push(posting);
    }

    /// Evicts the items seen before `cutoff` (Unix ms) from the front of the
    /// window. Items are evicted in insertion order: an item inserted late
    /// with an old time waits for the items before it (it is still never
    /// matched against items more than the window away).
    pub fn evict_older_than(&mut self, cutoff: i64) {
        while self.postings.front().is_some_and(|r| r.at < cutoff) {
            self.evict_oldest();
        }
    }

    fn evict_oldest(&mut self) {
        self.postings.pop();
        let position = self.items.head();
        let Some(record) = self.items.pop() else {
            return;
        };
        if record.is_pending() {
            if self
                .pending
                .get(&record.item)
                .is_some_and(|p| p.0 == position)
            {
                self.pending.remove(&record.item);
            } else {
                // Pending and not in the map: rolled back.
                self.rolled_back = self.rolled_back.saturating_sub(1);
            }
        }
        for (slot, _, _) in record.terms() {
            self.uncount(slot);
        }
    }

    /// One item fewer holds the term in `slot`; a term nobody holds frees
    /// its slot.
    fn uncount(&mut self, slot: u32) {
        let Some(s) = self.slots.get_mut(slot as usize) else {
            return;
        };
        s.df = s.df.saturating_sub(1);
        if s.df == 0 {
            let key = s.key;
            self.terms.remove(&key);
            self.free.push(slot);
        }
    }

    fn new_slot(&mut self, key: u64) -> Option<u32> {
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None if self.slots.len() < MAX_SLOTS => {
                self.slots.push(Slot {
                    key,
                    df: 0,
                    head: NO_LINK,
                });
                u32::try_from(self.slots.len() - 1).ok()?
            }
            None => return None,
        };
        let s = self.slots.get_mut(slot as usize)?;
        *s = Slot {
            key,
            df: 0,
            head: NO_LINK,
        };
        self.terms.insert(key, slot);
        Some(slot)
    }

    /// The least score a member needs to support a join (0: no support).
    fn support_floor(&self) -> f32 {
        (self.config.threshold * self.config.support_floor).max(0.0)
    }

    /// ln(N + 1), N = items in the window.
    fn ln_n(&self) -> f32 {
        ((self.len() + 1) as f32).ln()
    }

    /// The item's terms with their rarity in the window, heaviest (by
    /// weight times inverse document frequency) first: all of them are
    /// compared, the first `STORED_TERMS` are stored.
    fn query_terms<'f>(&self, features: &'f Features, ln_n: f32) -> Vec<QueryTerm<'f>> {
        // Two passes: the table look-ups of all terms, then the slots',
        // so the cache misses of different terms overlap.
        let mut query: Vec<QueryTerm<'f>> = features
            .terms
            .iter()
            .enumerate()
            .map(|(i, term)| QueryTerm {
                term,
                slot: self.terms.get(&term.key).copied(),
                df: 0,
                idf: 0.0,
                weight: dequantize(quantize(term.weight)),
                rank: i as u64, // the features' order, below
                exact_amount: term.kind == TermKind::Number
                    && !term.rounded
                    && !is_percentage(features.display(term)),
            })
            .collect();
        for q in &mut query {
            q.df = q
                .slot
                .and_then(|s| self.slots.get(s as usize))
                .map_or(0, |s| s.df);
            q.idf = idf(ln_n, q.df);
            // Heaviest first (`f32::total_cmp`, descending); ties keep the
            // features' order, which the low bits hold (fewer than 2^32
            // terms): a total order, as the stable sort by weight gave.
            q.rank |= u64::from(descending_total_key(q.weight * q.idf)) << 32;
        }
        query.sort_unstable_by_key(|q| q.rank);
        query
    }

    /// Candidate items: those sharing the query's rarer terms, ranked by the
    /// summed rarity of what they share; at most `max_candidates`.
    ///
    /// The `RETRIEVAL_TERMS` most telling terms are walked, each from
    /// its newest posting, at most `MAX_POSTINGS_PER_TERM` postings each and
    /// `VISIT_BUDGET` in all, and only back to the time beyond which the
    /// decay alone keeps an item under the threshold: a term held by many
    /// items is weak evidence, and its recent holders are the ones that can
    /// join.
    fn retrieve(&self, query: &[QueryTerm<'_>], at: i64) -> Vec<u64> {
        let n = self.len() as f64;
        let max_df = ((n * RETRIEVAL_DF_SHARE) as u32).max(RETRIEVAL_MIN_DF);
        // The most telling terms (query order: weight times rarity) first.
        let order = query
            .iter()
            .filter(|q| {
                q.slot.is_some()
                    && q.df <= max_df
                    && (q.term.kind != TermKind::SmallNumber || q.term.rounded)
            })
            .take(RETRIEVAL_TERMS);
        // No item further away than this can reach the threshold (or the
        // support floor), whatever it shares: the decay alone takes it below.
        let least = match self.support_floor() {
            floor if floor > 0.0 => floor.min(self.config.threshold),
            _ => self.config.threshold,
        };
        let reach = (self.time_scale_ms * f64::from(least.clamp(1e-6, 1.0)).recip().ln().sqrt())
            .min(self.window_ms as f64);
        let window = if reach.is_finite() {
            reach as u64
        } else {
            u64::MAX
        };
        // Per candidate: summed gain, and how many of the walked terms it
        // holds.
        let mut found: HashMap<u64, (f32, u8), KeyHasherBuild> =
            HashMap::with_capacity_and_hasher(256, self.hasher);
        // The lists are walked in lockstep, one posting of each per round:
        // each step is a likely cache miss, and misses of different lists
        // do not depend on each other, so the processor overlaps them.
        let mut cursors: Vec<(u32, f32, u8)> = order
            .filter_map(|q| {
                let slot = q.slot.and_then(|s| self.slots.get(s as usize))?;
                Some((slot.head, q.idf * q.weight, 0))
            })
            .collect();
        let mut visits = 0usize;
        let mut step: Vec<Option<(u64, i64, u32)>> = Vec::with_capacity(cursors.len());
        for _round in 0..MAX_POSTINGS_PER_TERM {
            // This round's postings (position, time, next link) are read
            // first, apart from the bookkeeping below, so that all their
            // cache misses are in flight at once.
            step.clear();
            step.extend(cursors.iter().map(|&(link, _, _)| {
                self.resolve(link).and_then(|(position, j)| {
                    let record = self.postings.get(position)?;
                    let next = record.links.get(j).copied().unwrap_or(NO_LINK);
                    Some((position, record.at, next))
                })
            }));
            let mut active = false;
            for ((link, gain, skipped), read) in cursors.iter_mut().zip(&step) {
                let Some(&(position, posting_at, next)) = read.as_ref() else {
                    *link = NO_LINK;
                    continue;
                };
                visits += 1;
                if posting_at.abs_diff(at) <= window {
                    let e = found.entry(position).or_insert((0.0, 0));
                    e.0 += *gain;
                    e.1 = e.1.saturating_add(1);
                    *link = next;
                } else if posting_at < at && *skipped >= OUT_OF_ORDER_SKIPS {
                    // Postings run newest first: the rest are older still,
                    // but for items inserted out of time order (a late
                    // report, a feed's backlog), which the first few
                    // postings out of reach may be.
                    *link = NO_LINK;
                } else {
                    *skipped = skipped.saturating_add(u8::from(posting_at < at));
                    *link = next;
                }
                active |= *link != NO_LINK;
            }
            if !active || visits >= VISIT_BUDGET {
                break;
            }
        }
        // A candidate must hold two of the item's most telling terms (one,
        // if the item has only one in the index): one shared term is no
        // story, and most items sharing one common term are not candidates.
        let min_hits = if cursors.len() >= 2 { 2 } else { 1 };
        let mut ranked: Vec<(u64, f32)> = found
            .into_iter()
            .filter(|(_, (_, hits))| *hits >= min_hits)
            .map(|(position, (gain, _))| (position, gain))
            .collect();
        let keep = self.config.max_candidates.max(1);
        let by_gain = |a: &(u64, f32), b: &(u64, f32)| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0));
        if ranked.len() > keep {
            ranked.select_nth_unstable_by(keep - 1, by_gain);
            ranked.truncate(keep);
        }
        ranked.sort_unstable_by(by_gain);
        ranked.into_iter().map(|(p, _)| p).collect()
    }

    /// The position and term index a posting link names, if still live.
    fn resolve(&self, link: u32) -> Option<(u64, usize)> {
        if link == NO_LINK {
            return None;
        }
        let newest = self.items.tail().checked_sub(1)?;
        let seq = link >> 5;
        let back = ((newest as u32) & SEQ_MASK).wrapping_sub(seq) & SEQ_MASK;
        let position = newest.checked_sub(u64::from(back))?;
        (position >= self.items.head()).then_some((position, (link & 31) as usize))
    }

    /// Whether a stored item's title names `key` (as far as its stored
    /// weights tell: a name weighing `TITLE_WEIGHT` may also come from the
    /// lead and the body together, which counts as named).
    fn title_names(&self, record: &ItemRecord, key: u64) -> bool {
        record.terms().any(|(slot, kind, weight)| {
            kind == TermKind::Name
                && weight >= TITLE_WEIGHT
                && self.slots.get(slot as usize).is_some_and(|s| s.key == key)
        })
    }

    /// Scores one candidate item (see the module docs of `stories`).
    ///
    /// The shared terms count with their rarity now; the candidate's norm is
    /// the one computed when it was stored (rarity then), which saves a
    /// random access per stored term.
    #[allow(clippy::too_many_arguments)]
    fn score(
        &self,
        query: &[QueryTerm<'_>],
        by_slot: &SlotSet,
        norms: &QueryNorms,
        lang: Lang,
        feed: FeedKey,
        dt_ms: u64,
        record: &ItemRecord,
        position: u64,
    ) -> Scored {
        let cross_language = Lang::from_index(record.lang & LANG_BITS) != lang;
        let mut dot = 0.0f32;
        // Query terms also in the candidate; for the cross-language norms,
        // the shared terms that are not neutral on each side.
        let mut shared_mask = 0u64;
        let mut shared_word_sq_q = 0.0f32;
        let mut shared_word_sq_c = 0.0f32;
        let mut shared_names = 0u32;
        // Shared names that are not a whole country, bloc or field.
        let mut shared_actors = 0u32;
        let mut shared_terms = 0u32;
        let mut candidate_amounts = false;
        let mut shared_amounts = false;
        let mut shared_amount_count = 0u32;
        // Amounts both state exactly (no rounding on either side).
        let mut shared_exact_amounts = 0u32;
        let mut candidate_own_title_name = false;
        // The candidate's title or lead names a US state the query lacks.
        let mut candidate_own_state = false;
        // Bits over `norms.ident_labels`: labels under which the candidate
        // has an identifier the query lacks, and under which both share one.
        let (mut ident_clash, mut ident_shared) = (0u32, 0u32);
        for (slot, kind, weight) in record.terms() {
            if kind == TermKind::Number && weight >= CORE_WEIGHT {
                candidate_amounts = true;
            }
            let Some(i) = by_slot.find(slot) else {
                if kind == TermKind::Name
                    && weight >= TITLE_WEIGHT
                    && !candidate_own_title_name
                    && !self
                        .slots
                        .get(slot as usize)
                        .is_some_and(|s| is_field_name(s.key))
                {
                    candidate_own_title_name = true;
                }
                if kind == TermKind::Name
                    && weight >= CORE_WEIGHT
                    && !candidate_own_state
                    && norms.core_states != 0
                    && self
                        .slots
                        .get(slot as usize)
                        .is_some_and(|s| is_state(s.key))
                {
                    candidate_own_state = true;
                }
                if kind == TermKind::Name && !norms.ident_labels.is_empty() {
                    let label = self
                        .slots
                        .get(slot as usize)
                        .and_then(|s| ident_label(s.key));
                    ident_clash |= norms.ident_bit(label);
                }
                continue;
            };
            let Some(q) = by_slot
                .sorted
                .get(i)
                .and_then(|&(_, qi)| Some((qi, query.get(qi)?)))
            else {
                continue;
            };
            let (qi, q) = q;
            // A rounded amount ("$1.07 trillion" as "$1 trillion") meets
            // the amount as written, not another's rounding: "$1.2bn" and
            // "$1.4bn" round alike and are two deals. (A small number's key
            // is never an amount's, so a small number here is a rounding.)
            if q.term.rounded && kind != TermKind::Number {
                continue;
            }
            let amount = kind == TermKind::Number
                || q.term.rounded
                || (q.term.kind == TermKind::Number && kind == TermKind::SmallNumber);
            let qv = q.weight * q.idf;
            let cv = weight * q.idf;
            dot += qv * cv;
            if qi < 64 {
                shared_mask |= 1 << qi;
            }
            if !q.term.kind.is_neutral() {
                shared_word_sq_q += qv * qv;
            }
            if !kind.is_neutral() {
                shared_word_sq_c += cv * cv;
            }
            if kind == TermKind::Name || q.term.kind == TermKind::Name {
                shared_names += 1;
                shared_actors += u32::from(!q.term.ubiquitous);
                ident_shared |= norms.ident_bit(ident_label(q.term.key));
            }
            if amount {
                shared_amounts = true;
                shared_amount_count += 1;
                shared_exact_amounts += u32::from(q.exact_amount && kind == TermKind::Number);
            }
            if amount || (kind != TermKind::SmallNumber && q.term.kind != TermKind::SmallNumber) {
                shared_terms += 1;
            }
        }
        // Across languages, only neutral terms (and whatever else both
        // share) make up the vectors.
        let (norm_q, norm_c) = if cross_language {
            (
                norms.neutral + shared_word_sq_q,
                record.norm_neutral + shared_word_sq_c,
            )
        } else {
            (norms.all, record.norm_all)
        };
        let similarity = if norm_c > 0.0 && norm_q > 0.0 {
            (dot / (norm_c.sqrt() * norm_q.sqrt())).clamp(0.0, 1.0)
        } else {
            0.0
        };
        // Gaussian decay: flat for the first hours of a story, then falling
        // fast, so a report a day or two later needs far more in common.
        let dt = dt_ms as f64 / self.time_scale_ms;
        let mut score = similarity * (-(dt * dt)).exp() as f32;
        if record.feed == feed {
            score *= self.config.same_feed_factor;
        }
        // Both lead with amounts, and none is shared: two different deals,
        // cases or results.
        let mut conflicts = Conflicts::default();
        let mut conflict = |applies: bool, factor: f32, rule: Conflicts| {
            if applies && factor < 1.0 {
                score *= factor;
                conflicts.add(rule);
            }
        };
        conflict(
            norms.core_amounts
                && candidate_amounts
                && !shared_amounts
                && !norms
                    .currency
                    .converts(Currency::from_bits((record.lang >> 5) & 3)),
            self.config.amount_conflict_factor,
            Conflicts::AMOUNTS,
        );
        // Each headline names someone the other item never mentions: two
        // vendors, two clubs, two hospitals ("AI" is a field, no one). The
        // new report's name must also be more than a whole country or bloc
        // ("Smuggling ring relabeled servers to dodge U.S. curbs" names no
        // one "Four charged with funneling Nvidia processors to China"
        // lacks); the stored report's may be one: on both sides the rule
        // merged, on the labeled corpora, two US measures against China of
        // one day and a ministry's contract with another agency's ("France
        // Travail"), which only such names told apart.
        conflict(
            candidate_own_title_name
                && query.iter().enumerate().any(|(i, q)| {
                    q.term.kind == TermKind::Name
                        && q.term.fields & 1 != 0
                        && !is_field_name(q.term.key)
                        && !q.term.ubiquitous
                        && (i >= 64 || shared_mask & (1 << i) == 0)
                }),
            self.config.name_conflict_factor,
            Conflicts::NAMES,
        );
        // Each leads with a US state the other never mentions: the same
        // bill in two states, two attacks on two states' hospitals.
        conflict(
            candidate_own_state && norms.core_states & !shared_mask != 0,
            self.config.place_conflict_factor,
            Conflicts::STATES,
        );
        // One previews what the other reports done: the opening and the
        // close of a summit, a draft and its adoption.
        conflict(
            norms.stage.clashes(Stage::from_bits(record.event & 3)),
            self.config.stage_conflict_factor,
            Conflicts::STAGES,
        );
        // One announces a funding round, the other says nothing of one:
        // the same company's round and its launch, deal or lawsuit.
        conflict(
            norms
                .financing
                .clashes(Financing::from_bits((record.event >> 2) & 3)),
            self.config.financing_conflict_factor,
            Conflicts::FINANCING,
        );
        // One tells of a criminal case, the other says nothing of one: an
        // export rule and the smuggling case that cites it. Or one tells of
        // charges, the other of a verdict: two cases.
        conflict(
            norms
                .prosecution
                .clashes(Prosecution::from_bits((record.event >> 4) & 3)),
            self.config.prosecution_conflict_factor,
            Conflicts::PROSECUTION,
        );
        // Each headline opens with a different government, neither naming
        // the other's country: two governments' parallel actions. Or each
        // names a different chamber: two chambers' votes.
        let candidate_actors = Actors::from_byte(record.actors);
        conflict(
            norms.actors.different_openers(candidate_actors)
                && !candidate_actors.opener_key().is_some_and(|key| {
                    query.iter().any(|q| {
                        q.term.key == key && q.term.kind == TermKind::Name && q.term.fields & 1 != 0
                    })
                })
                && !norms
                    .actors
                    .opener_key()
                    .is_some_and(|key| self.title_names(record, key)),
            self.config.actor_conflict_factor,
            Conflicts::GOVERNMENTS,
        );
        conflict(
            norms.actors.different_chambers(candidate_actors),
            self.config.actor_conflict_factor,
            Conflicts::CHAMBERS,
        );
        // One headline imposes a measure, the other lifts one: a listing
        // and a delisting, sanctions imposed and lifted.
        conflict(
            norms
                .direction
                .clashes(Direction::from_bits(record.event >> 6)),
            self.config.direction_conflict_factor,
            Conflicts::DIRECTIONS,
        );
        // One headline tells of a change of leaders, the other says nothing
        // of its leaders: a company's results and its chief's departure.
        conflict(
            norms
                .leadership
                .clashes(Leadership::from_bits((record.lang >> 3) & 3)),
            self.config.leadership_conflict_factor,
            Conflicts::LEADERSHIP,
        );
        // One headline tells of a hearing, the other says nothing of
        // lawmakers: a contract and the hearing that questions it.
        conflict(
            norms.oversight.clashes(record.oversight()),
            self.config.oversight_conflict_factor,
            Conflicts::OVERSIGHT,
        );
        // Both name a bill, a flight or a model version under one label,
        // and not the same one: two events.
        conflict(
            ident_clash & !ident_shared != 0,
            self.config.identifier_conflict_factor,
            Conflicts::IDENTIFIERS,
        );
        // Across languages the anchors are the shared names and amounts
        // ("Oracle" and "17,9 Milliarden"), and one of them a name; the
        // names of whole countries, blocs or fields count once, so "US",
        // "China" and "AI" alone are not two anchors ("Spain" and an
        // amount are). With no name in common, two shared amounts are
        // anchors enough ("36 milliards" and "76 milliards" of one plan,
        // the French report saying "l'exécutif" where the English one says
        // "France"); one is not.
        let (anchors, needed_anchors) = if cross_language {
            score *= self.config.cross_language_factor;
            (
                if shared_names > 0 {
                    shared_actors + u32::from(shared_names > shared_actors) + shared_amount_count
                } else if shared_amount_count >= 2 {
                    shared_amount_count
                } else {
                    0
                },
                self.config.cross_language_min_names,
            )
        } else {
            (shared_names, u32::from(self.config.require_shared_name))
        };
        // Across languages, one anchor and a strong score: the shared
        // words (which count across languages only when both use them:
        // "Exporte", "exports") say what the single name cannot.
        let bar = self.strong_score();
        let strong = bar > 0.0 && score >= bar;
        // Two German reports: German capitalises every noun, so only
        // acronyms, mixed case and listed places are names, and two
        // reports of a Lufthansa strike may share none; a strong score
        // is anchor enough.
        let german_pair = !cross_language && lang == Lang::De;
        let anchored = anchors >= needed_anchors
            || (cross_language && anchors >= 1 && strong)
            || (german_pair && strong);
        // In one language, two exact amounts and a name in common (a whole
        // country will do: "France", "€64.2 billion", "€6.7 billion" are one
        // budget), and no rule scoring them as two events: the fingerprint
        // of one deal, round or budget ("Mistral", "€2.1 billion", "€31
        // billion"), which an analysis or a market angle shares while its
        // other words differ.
        let two_amounts = !cross_language
            && shared_exact_amounts >= 2
            && shared_names >= 1
            && conflicts.is_empty();
        Scored {
            position,
            story: record.story,
            item: record.item,
            score,
            similarity,
            conflicts,
            two_amounts,
            shared_mask,
            shared_names,
            shared_terms,
            cross_language,
            anchors,
            needed_anchors,
            anchored,
            // A one-line brief may share only two terms: enough when both
            // are actors (no whole country) or an actor and an exact amount
            // ("TSMC" and "14,1 Milliarden" of one quarter's profit), and
            // the score is strong.
            eligible: anchored
                && (shared_terms >= self.config.min_shared_terms
                    || (shared_actors + shared_exact_amounts >= 2 && strong)),
        }
    }

    /// The score from which one anchor is enough across languages (0: the
    /// rule is off).
    fn strong_score(&self) -> f32 {
        self.config.threshold * self.config.cross_language_strong_ratio
    }

    /// The query's terms that made the rules on names, amounts and states
    /// score a candidate as another event (as `score` applies them), at
    /// most four per rule, heaviest first.
    fn apart_terms(
        scored: &Scored,
        query: &[QueryTerm<'_>],
        features: &Features,
    ) -> Vec<(Conflicts, String)> {
        let unshared = |i: usize| i >= 64 || scored.shared_mask & (1 << i) == 0;
        let applies = |rule: Conflicts, i: usize, t: &Term| match rule {
            Conflicts::AMOUNTS => t.kind == TermKind::Number && t.fields & 3 != 0,
            Conflicts::NAMES => {
                t.kind == TermKind::Name
                    && t.fields & 1 != 0
                    && !is_field_name(t.key)
                    && !t.ubiquitous
                    && unshared(i)
            }
            Conflicts::STATES => {
                i < 64
                    && t.kind == TermKind::Name
                    && t.fields & 3 != 0
                    && is_state(t.key)
                    && unshared(i)
            }
            _ => false,
        };
        let mut apart = Vec::new();
        for rule in [Conflicts::AMOUNTS, Conflicts::NAMES, Conflicts::STATES] {
            if !scored.conflicts.contains(rule) {
                continue;
            }
            apart.extend(
                query
                    .iter()
                    .enumerate()
                    .filter(|(i, q)| applies(rule, *i, q.term))
                    .take(4)
                    .map(|(_, q)| (rule, features.display(q.term).to_string())),
            );
        }
        apart
    }

    /// The full [`Match`] of a scored candidate: shared terms as written in
    /// the new item, most telling first.
    fn to_match(&self, scored: &Scored, query: &[QueryTerm<'_>], features: &Features) -> Match {
        let mut shared: Vec<&QueryTerm<'_>> = query
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < 64 && scored.shared_mask & (1 << i) != 0)
            .map(|(_, q)| q)
            .collect();
        // Query terms are already heaviest first; keep that order.
        shared.truncate(12);
        Match {
            apart: Self::apart_terms(scored, query, features),
            story: scored.story,
            item: scored.item,
            score: scored.score,
            similarity: scored.similarity,
            shared: shared
                .iter()
                .map(|q| features.display(q.term).to_string())
                .collect(),
            shared_names: scored.shared_names,
            shared_terms: scored.shared_terms,
            support: None,
            on_amounts: scored.joins_on_amounts(&self.config),
            conflicts: scored.conflicts,
        }
    }
}

/// A candidate's score, before it is turned into a [`Match`].
#[derive(Clone)]
struct Scored {
    position: u64,
    story: i64,
    item: i64,
    score: f32,
    similarity: f32,
    /// Bit i: query term i is shared.
    shared_mask: u64,
    shared_names: u32,
    shared_terms: u32,
    cross_language: bool,
    /// Shared names (across languages, names and amounts) and how many
    /// are needed.
    anchors: u32,
    needed_anchors: u32,
    /// Enough anchors, or (across languages) one and a strong score.
    anchored: bool,
    eligible: bool,
    conflicts: Conflicts,
    /// Two exact amounts and a name in common, no conflict: the bar is
    /// lower (see [`StoryConfig::two_amounts_ratio`]).
    two_amounts: bool,
}

impl Scored {
    /// Whether it scores enough to join its story on its own.
    fn joins(&self, config: &StoryConfig) -> bool {
        self.eligible
            && (self.score >= config.threshold
                || (self.two_amounts && self.score >= config.threshold * config.two_amounts_ratio))
    }

    /// Whether it joins only because it shares two exact amounts.
    fn joins_on_amounts(&self, config: &StoryConfig) -> bool {
        self.score < config.threshold && self.joins(config)
    }

    /// Higher score first; ties to the older story (smaller id), then the
    /// older item: deterministic.
    fn beats(&self, other: &Scored) -> bool {
        self.score > other.score
            || (self.score == other.score
                && (self.story, self.item, self.position)
                    < (other.story, other.item, other.position))
    }
}

/// Squared norms of the query vector: all terms, and language-neutral ones.
/// The query's slots, for the membership test of every stored term of
/// every candidate: a 4,096-bit filter answers most "not in the query"
/// without a search.
struct SlotSet {
    /// (slot, query index), by slot.
    sorted: Vec<(u32, usize)>,
    filter: [u64; 64],
}

impl SlotSet {
    fn new(sorted: Vec<(u32, usize)>) -> SlotSet {
        let mut filter = [0u64; 64];
        for &(slot, _) in &sorted {
            let bit = (slot & 4095) as usize;
            if let Some(word) = filter.get_mut(bit >> 6) {
                *word |= 1 << (bit & 63);
            }
        }
        SlotSet { sorted, filter }
    }

    /// The position of `slot` in `sorted`.
    #[inline]
    fn find(&self, slot: u32) -> Option<usize> {
        let bit = (slot & 4095) as usize;
        let word = self.filter.get(bit >> 6).copied().unwrap_or(0);
        if word & (1 << (bit & 63)) == 0 {
            return None;
        }
        self.sorted.binary_search_by_key(&slot, |&(s, _)| s).ok()
    }
}

struct QueryNorms {
    all: f32,
    neutral: f32,
    /// The query has an amount in its title or lead.
    core_amounts: bool,
    /// The labels of the query's identifiers (see `features::ident_label`),
    /// at most 32.
    ident_labels: Vec<u32>,
    /// The query's US states named in its title or lead, as bits of their
    /// positions (the first 64 terms, as `Scored::shared_mask`).
    core_states: u64,
    /// Whether the query item speaks of what is to come or of what was done.
    stage: Stage,
    /// What the query item says of a funding round.
    financing: Financing,
    /// What the query item says of a criminal case.
    prosecution: Prosecution,
    /// Who acted, as the query item's headline says.
    actors: Actors,
    /// Whether the query item's headline imposes a measure or lifts one.
    direction: Direction,
    /// What the query item says of a change of leaders.
    leadership: Leadership,
    /// What the query item says of lawmakers.
    oversight: Oversight,
    /// The currency of the query item's title and lead amounts.
    currency: Currency,
}

impl QueryNorms {
    fn of(query: &[QueryTerm<'_>], features: &Features) -> QueryNorms {
        let mut norms = QueryNorms {
            all: 0.0,
            neutral: 0.0,
            core_amounts: false,
            ident_labels: Vec::new(),
            core_states: 0,
            stage: features.stage(),
            financing: features.financing(),
            prosecution: features.prosecution(),
            actors: features.actors(),
            direction: features.direction(),
            leadership: features.leadership(),
            oversight: features.oversight(),
            currency: features.currency(),
        };
        for (i, q) in query.iter().enumerate() {
            if i < 64
                && q.term.kind == TermKind::Name
                && q.term.fields & 3 != 0
                && is_state(q.term.key)
            {
                norms.core_states |= 1 << i;
            }
            if let Some(label) = ident_label(q.term.key)
                && norms.ident_labels.len() < 32
                && !norms.ident_labels.contains(&label)
            {
                norms.ident_labels.push(label);
            }
            if q.term.kind == TermKind::Number && q.term.fields & 3 != 0 {
                norms.core_amounts = true;
            }
            let v = (q.weight * q.idf).powi(2);
            norms.all += v;
            if q.term.kind.is_neutral() {
                norms.neutral += v;
            }
        }
        norms
    }

    /// The bit of an identifier label among the query's (0 if the query
    /// has no identifier under it).
    fn ident_bit(&self, label: Option<u32>) -> u32 {
        label
            .and_then(|l| self.ident_labels.iter().position(|&q| q == l))
            .map_or(0, |i| 1 << i)
    }
}

/// Inverse document frequency, `ln((N + 1) / (df + 0.5))`, at least 0.05 so
/// a term held by every item still counts a little.
fn idf(ln_n: f32, df: u32) -> f32 {
    (ln_n - ln_df(df)).max(0.05)
}

/// `ln(df + 0.5)`, from a table for the common small values.
fn ln_df(df: u32) -> f32 {
    static TABLE: std::sync::OnceLock<Vec<f32>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| (0..4096).map(|d| (d as f32 + 0.5).ln()).collect());
    match table.get(df as usize) {
        Some(v) => *v,
        None => (df as f32 + 0.5).ln(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000;

    #[test]
    fn round_half_up_is_round() {
        // Every 997th float from 0 to 300 and the floats around each half,
        // plus odd values.
        let mut values: Vec<f32> = (0..=f32::to_bits(300.0))
            .step_by(997)
            .map(f32::from_bits)
            .collect();
        for half in 0..600 {
            let x = half as f32 / 2.0;
            values.extend([x, x.next_down(), x.next_up()]);
        }
        values.extend([-0.0, -0.4, -0.5, -3.0, f32::NAN, f32::INFINITY]);
        values.extend([f32::NEG_INFINITY, 1e30, 0.499_999_97, 0.5, 254.5]);
        for x in values {
            assert_eq!(round_half_up(x), x.round() as u8, "{x:?}");
        }
        for w in [
            0.0,
            0.2,
            0.35,
            0.7,
            1.0,
            1.6,
            2.56,
            2.6,
            3.0,
            -1.0,
            f32::NAN,
        ] {
            let q = (w.clamp(0.0, W_MAX) / W_MAX * 63.0).round() as u8;
            assert_eq!(quantize(w), q, "{w}");
        }
    }

    #[test]
    fn descending_total_key_follows_total_cmp() {
        let values = [
            f32::NEG_INFINITY,
            -2.0,
            -1e-40,
            -0.0,
            0.0,
            1e-40,
            0.05,
            0.2,
            1.6,
            f32::INFINITY,
            f32::NAN,
            -f32::NAN,
        ];
        for a in values {
            for b in values {
                assert_eq!(
                    descending_total_key(a).cmp(&descending_total_key(b)),
                    b.total_cmp(&a),
                    "{a} {b}"
                );
            }
        }
    }

    fn f(title: &str, summary: &str) -> Features {
        Features::extract(title, summary, "")
    }

    /// Feeds items through assign + insert; returns the story of each.
    fn run(index: &mut StoryIndex, items: &[(FeedKey, i64, &str, &str)]) -> Vec<i64> {
        let mut stories = Vec::new();
        for (i, (feed, at, title, summary)) in items.iter().enumerate() {
            let features = f(title, summary);
            let id = i as i64 + 1;
            let story = index.assign(&features, *feed, *at).story().unwrap_or(id);
            index.insert(id, story, *feed, *at, &features);
            stories.push(story);
        }
        stories
    }

    #[test]
    fn joins_reports_of_one_event_across_outlets_and_languages() {
        let mut index = StoryIndex::new(StoryConfig::default());
        let stories = run(
            &mut index,
            &[
                (
                    1,
                    0,
                    "OpenAI in talks to bring its models to NATO networks",
                    "OpenAI is negotiating a deal worth $200 million to deploy its models on NATO's classified networks, people familiar with the talks said.",
                ),
                (
                    2,
                    HOUR,
                    "ChatGPT Creator Eyes Deal to Bring AI Technology to NATO Networks",
                    "OpenAI is in talks with NATO over a $200m agreement to run its models on classified alliance networks.",
                ),
                (
                    3,
                    2 * HOUR,
                    "OpenAI verhandelt mit der NATO",
                    "Der ChatGPT-Hersteller OpenAI verhandelt laut Insidern mit der NATO über einen Vertrag von 200 Millionen Dollar für geheime Netzwerke.",
                ),
                (
                    4,
                    3 * HOUR,
                    "Ransomware attack disrupts Ohio hospital network",
                    "A ransomware attack forced Mercy Health in Toledo to divert ambulances on Tuesday.",
                ),
            ],
        );
        assert_eq!(stories[1], stories[0], "English paraphrase");
        assert_eq!(stories[2], stories[0], "German report");
        assert_ne!(stories[3], stories[0]);
    }

    /// The defaults without the one-anchor-and-a-strong-score rule: in a
    /// window of two items every term weighs alike, so any two reports
    /// sharing a few words score high, and only the anchors are tested.
    fn anchors_only() -> StoryConfig {
        StoryConfig {
            cross_language_strong_ratio: 0.0,
            ..StoryConfig::default()
        }
    }

    #[test]
    fn across_languages_the_names_of_whole_countries_count_once() {
        let english = |title: &str, summary: &str| (1, 0, title.to_string(), summary.to_string());
        let german = |title: &str, summary: &str| (2, HOUR, title.to_string(), summary.to_string());
        let joined = |items: [(FeedKey, i64, String, String); 2]| {
            let mut index = StoryIndex::new(anchors_only());
            let items: Vec<(FeedKey, i64, &str, &str)> = items
                .iter()
                .map(|(feed, at, t, s)| (*feed, *at, t.as_str(), s.as_str()))
                .collect();
            let stories = run(&mut index, &items);
            stories[0] == stories[1]
        };
        // "US", "China" and "AI" are shared by half the news of a week: a
        // tariff and an export rule share them as well as two reports of
        // one rule do. Alone they are one anchor, not three.
        assert!(!joined([
            english(
                "US tightens AI chip exports to China",
                "The US government tightened its export rules for AI chips sold to China on Tuesday.",
            ),
            german(
                "USA verschärfen Exportregeln für KI-Chips nach China",
                "Die US-Regierung hat am Dienstag die Exportregeln für KI-Chips nach China verschärft.",
            ),
        ]));
        // With one actor in common they are two: the same rule.
        assert!(joined([
            english(
                "US tightens AI chip exports to China, cutting off Nvidia",
                "The US government tightened its export rules for AI chips sold to China on Tuesday, cutting off Nvidia.",
            ),
            german(
                "USA verschärfen Exportregeln für KI-Chips nach China – Nvidia betroffen",
                "Die US-Regierung hat am Dienstag die Exportregeln für KI-Chips nach China verschärft; Nvidia ist betroffen.",
            ),
        ]));
    }

    #[test]
    fn two_shared_actors_and_a_strong_score_are_enough_terms() {
        // A one-line brief shares only "EDF" and "CGT" with the report:
        // two terms where `min_shared_terms` asks three, but two actors
        // (no whole country among them) and a strong score.
        let report = (1, 0, "CGT strike hits EDF reactors", "");
        let brief = f("EDF: CGT walkout", "");
        let mut index = StoryIndex::new(StoryConfig::default());
        run(&mut index, &[report]);
        let decision = index.assign(&brief, 2, HOUR);
        let Decision::Join(joined) = &decision else {
            panic!("{decision}");
        };
        assert_eq!(joined.shared_terms, 2, "{decision}");
        // Without the strong score, two terms are too few.
        assert_new_story(report, &brief, "2 terms in common, 3 needed");
        // A whole country is no second actor: "EU" and "Mistral" are one.
        let mut index = StoryIndex::new(StoryConfig::default());
        run(&mut index, &[(1, 0, "EU fines Mistral", "")]);
        let decision = index.assign(&f("Mistral: EU penalty", ""), 2, HOUR);
        assert_eq!(decision.story(), None, "{decision}");
    }

    #[test]
    fn a_round_up_joins_no_story_and_no_report_joins_through_it() {
        let attack = |hospital: &str, gang: &str| {
            (
                format!("Ransomware attack on {hospital} diverts ambulances"),
                format!(
                    "{hospital} diverted ambulances and postponed surgery after a ransomware attack claimed by the {gang} gang; its records systems are offline."
                ),
            )
        };
        let (first_title, first_summary) = attack("Northlake Health", "Hollowmark");
        let (second_title, second_summary) = attack("Val-de-Saone Hospital", "Cobalt Lynx");
        let round_up = f(
            "The Week in Ransomware: Northlake Health and Val-de-Saone Hospital",
            "Northlake Health diverted ambulances and postponed surgery after a ransomware attack claimed by the Hollowmark gang; its records systems are offline. Val-de-Saone Hospital diverted ambulances after an attack claimed by the Cobalt Lynx gang.",
        );
        assert!(round_up.roundup());
        let mut index = StoryIndex::new(StoryConfig::default());
        run(&mut index, &[(1, 0, &first_title, &first_summary)]);
        // It does not join the first attack's story, and explain says why.
        let decision = index.assign(&round_up, 2, HOUR);
        assert_eq!(decision.story(), None, "{decision}");
        assert!(decision.to_string().contains("round-up"), "{decision}");
        index.insert(2, 2, 2, HOUR, &round_up);
        // A report of the second attack does not join through it: it
        // starts its own story (the first attack's report shares nothing
        // but the words of an attack).
        let second = f(&second_title, &second_summary);
        let decision = index.assign(&second, 3, 2 * HOUR);
        assert_ne!(decision.story(), Some(2), "{decision}");
        assert_ne!(decision.story(), Some(1), "{decision}");
        // Without the round-up's headline, the same text joins, and the
        // second attack's report then joins through it: the bridge the
        // rule prevents.
        let digest = f(
            "Northlake Health and Val-de-Saone Hospital hit",
            "Northlake Health diverted ambulances and postponed surgery after a ransomware attack claimed by the Hollowmark gang; its records systems are offline. Val-de-Saone Hospital diverted ambulances after an attack claimed by the Cobalt Lynx gang.",
        );
        assert!(!digest.roundup());
        let mut index = StoryIndex::new(StoryConfig::default());
        run(&mut index, &[(1, 0, &first_title, &first_summary)]);
        let decision = index.assign(&digest, 2, HOUR);
        assert_eq!(decision.story(), Some(1), "{decision}");
        index.insert(2, 1, 2, HOUR, &digest);
        let decision = index.assign(&second, 3, 2 * HOUR);
        assert_eq!(decision.story(), Some(1), "{decision}");
    }

    #[test]
    fn a_newsletter_joins_no_story() {
        let vote = (
            "Bundestag budget committee adds EUR1.2 billion to 2027 defence budget",
            "The Bundestag's budget committee approved a core defence budget of 93.4 billion euros for 2027 in an overnight session, 1.2 billion euros above the government's draft.",
        );
        let letter = "The Bundestag's appropriators approved a 93.4 billion euro core defence budget for 2027 overnight, 1.2 billion euros above the draft; France's Senate committee asked for more.";
        let mut index = StoryIndex::new(StoryConfig::default());
        run(&mut index, &[(1, 0, vote.0, vote.1)]);
        // The same text under a plain headline joins the vote's story.
        let plain = f("Parliaments open the purse for defence", letter);
        assert!(!plain.roundup());
        let decision = index.assign(&plain, 2, HOUR);
        assert_eq!(decision.story(), Some(1), "{decision}");
        // Under a newsletter's name, it joins none.
        let newsletter = f(
            "Morning Defense: Parliaments open the purse for defence",
            letter,
        );
        assert!(newsletter.roundup());
        let decision = index.assign(&newsletter, 2, HOUR);
        assert_eq!(decision.story(), None, "{decision}");
        assert!(decision.to_string().contains("round-up"), "{decision}");
    }

    #[test]
    fn an_actor_and_an_exact_amount_with_a_strong_score_are_enough_terms() {
        // A brief shares only "TSMC" and the profit's exact amount with the
        // results: an actor and a fingerprint, and a strong score.
        let results = (1, 0, "TSMC profit rises to $14.1 billion", "");
        let brief = f("TSMC: $14.1bn", "");
        let mut index = StoryIndex::new(StoryConfig::default());
        run(&mut index, &[results]);
        let decision = index.assign(&brief, 2, HOUR);
        let Decision::Join(joined) = &decision else {
            panic!("{decision}");
        };
        assert_eq!(joined.shared_terms, 2, "{decision}");
        // An amount rounded to one digit is no fingerprint: "$10 billion"
        // is many quarters' profit.
        let mut index = StoryIndex::new(StoryConfig::default());
        run(
            &mut index,
            &[(1, 0, "TSMC profit rises to $14.1 billion", "")],
        );
        let decision = index.assign(&f("TSMC: $10bn", ""), 2, HOUR);
        assert_eq!(decision.story(), None, "{decision}");
        // Nor is a percentage: rates and targets recur across events.
        let mut index = StoryIndex::new(StoryConfig::default());
        run(&mut index, &[(1, 0, "TSMC profit rises 39.1%", "")]);
        let decision = index.assign(&f("TSMC: 39.1%", ""), 2, HOUR);
        assert_eq!(decision.story(), None, "{decision}");
    }

    #[test]
    fn two_exact_amounts_and_a_name_join_under_the_threshold() {
        // An analysis of a funding round shares its name and its two
        // figures with the news, and little else.
        let news = (
            1,
            0,
            "Mistral raises €2.1 billion",
            "Paris-based Mistral AI raised €2.1 billion at a €31 billion valuation in a round led by Abu Dhabi's MGX. It is the largest private raise ever by a European AI company.",
        );
        let analysis = |round: &str, value: &str| {
            f(
                "Mistral and the sovereignty premium",
                &format!(
                    "Mistral's {round} round at a {value} valuation is less a bet on model quality than on Europe's willingness to pay for AI it controls. That is a real market, but a different business from the one OpenAI and Anthropic are in."
                ),
            )
        };
        let decide = |config: StoryConfig, item: &Features| {
            let mut index = StoryIndex::new(config);
            run(&mut index, &[news]);
            index.assign(item, 2, 6 * HOUR)
        };
        let both = analysis("€2.1 billion", "€31 billion");
        let decision = decide(StoryConfig::default(), &both);
        let Decision::Join(joined) = &decision else {
            panic!("{decision}");
        };
        assert!(joined.on_amounts, "{decision}");
        assert!(
            joined.score < StoryConfig::default().threshold,
            "{decision}"
        );
        assert!(
            decision.to_string().contains("two exact amounts"),
            "{decision}"
        );
        // Off, or with one amount in common, it is under the threshold.
        let off = StoryConfig {
            two_amounts_ratio: 1.0,
            ..StoryConfig::default()
        };
        let decision = decide(off, &both);
        assert_eq!(decision.story(), None, "{decision}");
        let one = analysis("€2.1 billion", "€40 billion");
        let decision = decide(StoryConfig::default(), &one);
        assert_eq!(decision.story(), None, "{decision}");
        // A whole country is name enough: one budget's two figures.
        let budget = (
            1,
            0,
            "France lifts military spending in austerity budget",
            "France will spend €64.2 billion on its armed forces next year, €6.7 billion more than this year, while other ministries are frozen.",
        );
        let angle = f(
            "Munitions, drones and space lead France's bigger military outlay",
            "Of the €6.7 billion increase that takes spending on France's armed forces to €64.2 billion next year, munitions get the largest share, ahead of drones and space.",
        );
        let mut index = StoryIndex::new(StoryConfig::default());
        run(&mut index, &[budget]);
        let decision = index.assign(&angle, 2, 6 * HOUR);
        let Decision::Join(joined) = &decision else {
            panic!("{decision}");
        };
        assert!(joined.on_amounts, "{decision}");
        assert_eq!(joined.shared_names, 1, "{decision}");
    }

    #[test]
    fn two_shared_percentages_are_no_fingerprint() {
        // Rates and targets recur across events: a carmaker's job cuts and
        // its workers' strike a day later both cite the cuts' 2% and the
        // sales' 3.5%.
        let mut index = StoryIndex::new(StoryConfig::default());
        run(
            &mut index,
            &[(
                1,
                0,
                "Volkswagen to cut jobs as sales slide",
                "Volkswagen will cut 2% of its workforce after sales fell 3.5% in the first half, the carmaker said in Wolfsburg.",
            )],
        );
        let decision = index.assign(
            &f(
                "Volkswagen workers walk out",
                "Workers at Volkswagen's plants walked out on Tuesday in protest at the 2% cut, which the carmaker blames on a 3.5% slide in sales.",
            ),
            2,
            6 * HOUR,
        );
        assert_eq!(decision.story(), None, "{decision}");
    }

    #[test]
    fn two_german_reports_need_no_name_in_common_with_a_strong_score() {
        // German capitalises every noun, so "Lufthansa" and "Vereinigung
        // Cockpit" are no names in German: the two reports share none.
        let first = (
            1,
            0,
            "Lufthansa: Schlichtung mit der Vereinigung Cockpit im Streit um Betriebsrenten gescheitert",
            "Die Schlichtung zwischen Lufthansa und der Vereinigung Cockpit im Streit um die Betriebsrenten ist gescheitert; weitere Streiks sind nicht ausgeschlossen.",
        );
        let second = f(
            "Betriebsrenten: Vereinigung Cockpit erklärt Schlichtung bei Lufthansa für gescheitert",
            "Im Streit um die Betriebsrenten der Piloten ist die Schlichtung bei der Lufthansa gescheitert, teilte die Vereinigung Cockpit mit. Weitere Streiks seien nicht ausgeschlossen.",
        );
        let mut index = StoryIndex::new(StoryConfig::default());
        run(&mut index, &[first]);
        let decision = index.assign(&second, 2, HOUR);
        let Decision::Join(joined) = &decision else {
            panic!("{decision}");
        };
        assert_eq!(joined.shared_names, 0, "{decision}");
        assert!(joined.score >= index.strong_score(), "{decision}");
        // Without the strong score, a German pair still needs a name.
        assert_new_story(first, &second, "no name in common");
    }

    /// With the strong score off ([`anchors_only`]), `item` (feed 2, an
    /// hour after `stored`) starts a story, for `reason`.
    fn assert_new_story(stored: (FeedKey, i64, &str, &str), item: &Features, reason: &str) {
        let mut index = StoryIndex::new(anchors_only());
        run(&mut index, &[stored]);
        let decision = index.assign(item, 2, HOUR);
        assert_eq!(decision.story(), None, "{decision}");
        assert!(decision.to_string().contains(reason), "{decision}");
    }

    #[test]
    fn across_languages_a_shared_amount_counts_with_a_shared_name() {
        let english = (
            1,
            0,
            "Oracle lifts cloud outlook as AI bookings swell",
            "Quarterly revenue at Oracle rose 19% to $17.9 billion, and the company raised its cloud forecast for the year.",
        );
        // One name ("Oracle") and two amounts: the same results.
        let mut index = StoryIndex::new(StoryConfig::default());
        let stories = run(
            &mut index,
            &[
                english,
                (
                    2,
                    HOUR,
                    "Oracle verdient am Cloud-Boom",
                    "Der Softwarekonzern Oracle hat seinen Umsatz um 19 Prozent auf 17,9 Milliarden Dollar gesteigert und die Cloud-Prognose angehoben.",
                ),
            ],
        );
        assert_eq!(stories[1], stories[0]);
        // One name and no amount in common: not enough across languages,
        // and the miss says so.
        let mut index = StoryIndex::new(anchors_only());
        run(&mut index, &[english]);
        let decision = index.assign(
            &f(
                "Oracle verdient am Cloud-Boom",
                "Der Softwarekonzern Oracle hat seinen Umsatz kräftig gesteigert und die Cloud-Prognose angehoben.",
            ),
            2,
            HOUR,
        );
        assert_eq!(decision.story(), None, "{decision}");
        assert!(
            decision.to_string().contains("count once), 2 needed"),
            "{decision}"
        );
    }

    #[test]
    fn across_languages_two_shared_amounts_anchor_without_a_name() {
        // The French report names no one the English one does ("l'exécutif",
        // not "France"), but both give the same two sums: the same plan.
        let english = (
            1,
            0,
            "France to raise military budget to 76 billion euros by 2030",
            "The government will add 36 billion euros to its defence budget over the revised military programming law, taking it to 76 billion euros in 2030.",
        );
        let french = |summary: &'static str| {
            (
                2,
                HOUR,
                "Loi de programmation militaire : l'exécutif ajoute des milliards pour les armées",
                summary,
            )
        };
        let mut index = StoryIndex::new(StoryConfig::default());
        let stories = run(
            &mut index,
            &[
                english,
                french(
                    "Le gouvernement ajoute 36 milliards d'euros au budget de la défense et le porte à 76 milliards d'euros en 2030.",
                ),
            ],
        );
        assert_eq!(stories[1], stories[0]);
        // One sum in common and no name: not enough.
        let mut index = StoryIndex::new(StoryConfig::default());
        let stories = run(
            &mut index,
            &[
                english,
                french(
                    "Le gouvernement ajoute 36 milliards d'euros au budget de la défense d'ici à 2030.",
                ),
            ],
        );
        assert_ne!(stories[1], stories[0]);
    }

    #[test]
    fn across_languages_one_anchor_and_a_strong_score_join() {
        // One anchor ("EU" and "Niederlande" count once: a bloc and a
        // country), but the German report shares the English one's
        // export-control words too: the same decision.
        let english = (
            1,
            0,
            "EU puts chipmaking tool exports under one dual-use licence",
            "The EU adopted a dual-use export licence for semiconductor equipment exports, replacing national export rules in the Netherlands.",
        );
        let german = f(
            "EU stellt Exporte von Chipanlagen unter eine Dual-Use-Lizenz",
            "Die EU ersetzt nationale Export-Regeln der Niederlande durch eine Dual-Use-Lizenz für Exporte von Halbleiteranlagen.",
        );
        let mut index = StoryIndex::new(StoryConfig::default());
        run(&mut index, &[english]);
        let decision = index.assign(&german, 2, HOUR);
        assert_eq!(decision.story(), Some(1), "{decision}");
        // With the rule off, one anchor is too few, and the miss says so.
        let mut index = StoryIndex::new(anchors_only());
        run(&mut index, &[english]);
        let decision = index.assign(&german, 2, HOUR);
        assert_eq!(decision.story(), None, "{decision}");
        assert!(
            decision.to_string().contains("count once), 2 needed"),
            "{decision}"
        );
        // On, a miss with one anchor names the score it needed.
        let miss = Miss::TooFewAnchors {
            shared: 1,
            needed: 2,
            strong: 0.3,
        };
        assert!(
            miss.to_string()
                .ends_with("2 needed, or one with a score of 0.30"),
            "{miss}"
        );
    }

    #[test]
    fn a_story_two_members_vouch_for_takes_a_report_neither_takes_alone() {
        // Two reports of one contract, and unrelated news around them; a
        // third report comes a day and a half later, when the decay leaves it under the
        // threshold with each report, but above the support floor with both.
        let items: [(FeedKey, i64, &str, &str); 5] = [
            (
                1,
                0,
                "Palantir wins $612 million Army contract for battle-planning software",
                "The U.S. Army awarded Palantir a $612 million contract for its Maven battle-planning software.",
            ),
            (
                2,
                HOUR,
                "Army picks Palantir's Maven in $612M battle-planning deal",
                "Palantir will supply Maven battle-planning software to the U.S. Army under a $612 million contract.",
            ),
            (
                3,
                2 * HOUR,
                "Ransomware attack disrupts Ohio hospital network",
                "A ransomware attack forced Mercy Health in Toledo to divert ambulances.",
            ),
            (
                4,
                3 * HOUR,
                "ECB holds rates as inflation cools",
                "The European Central Bank kept its deposit rate at 2 per cent.",
            ),
            (
                5,
                4 * HOUR,
                "Nvidia unveils new chips for robots",
                "Nvidia showed a new line of chips for humanoid robots at its developer conference.",
            ),
        ];
        let late = f(
            "Palantir's Maven battle-planning software heads to the Army for $612 million",
            "The Army signed a $612 million contract for Palantir's Maven, its battle-planning software.",
        );
        let at = 33 * HOUR;
        let mut index = StoryIndex::new(StoryConfig::default());
        let stories = run(&mut index, &items);
        assert_eq!(stories[1], stories[0]);
        let decision = index.assign(&late, 9, at);
        let Decision::Join(joined) = &decision else {
            panic!("expected a join: {decision}");
        };
        assert_eq!(joined.story, stories[0]);
        // Neither member alone takes it: the join rests on both.
        assert!(joined.score < index.config().threshold, "{decision}");
        assert_eq!(joined.support.map(|(members, _)| members), Some(2));
        assert!(
            decision
                .to_string()
                .contains("with 2 of its members together"),
            "{decision}"
        );
        // Without support it starts a story of its own.
        let mut index = StoryIndex::new(StoryConfig {
            support_floor: 0.0,
            ..StoryConfig::default()
        });
        run(&mut index, &items);
        let decision = index.assign(&late, 9, at);
        assert_eq!(decision.story(), None, "{decision}");
        // Nor does a story of one member vouch for it, however close.
        let mut index = StoryIndex::new(StoryConfig::default());
        run(&mut index, &items[..1]);
        run(&mut index, &items[2..]);
        let decision = index.assign(&late, 9, at);
        assert_eq!(decision.story(), None, "{decision}");
    }

    #[test]
    fn old_and_late_items_do_not_hide_current_news() {
        let mut index = StoryIndex::new(StoryConfig::default());
        let now = 1_000 * HOUR;
        let report = f(
            "OpenAI in talks to bring its models to NATO networks",
            "OpenAI is negotiating a deal worth $200 million to deploy its models on NATO's classified networks.",
        );
        let other = f(
            "ChatGPT Creator Eyes Deal to Bring AI Technology to NATO Networks",
            "OpenAI is in talks with NATO over a $200m agreement to run its models on classified alliance networks.",
        );
        // Other news of the day, so that rarity means something.
        for i in 0..40 {
            let filler = f(
                &format!("Council {i} debates parking fees"),
                &format!("The council of district {i} met on Tuesday."),
            );
            index.insert(100 + i, 100 + i, 50, now - 20 * HOUR + i, &filler);
        }
        index.insert(1, 1, 1, now, &report);
        // A backlog item of months ago, stored after it: stale, so neither
        // compared nor stored.
        assert!(index.is_stale(now - 2_000 * HOUR));
        assert_eq!(index.assign(&other, 2, now - 2_000 * HOUR).story(), None);
        index.insert(2, 2, 2, now - 2_000 * HOUR, &other);
        assert_eq!(index.len(), 41);
        // Late copies of two days ago, inside the window but out of the
        // reach of a new report: they head the terms' posting lists, and
        // the walk goes past them to the current report.
        for item in 3..6 {
            index.insert(item, item, item as FeedKey, now - 50 * HOUR, &other);
        }
        assert_eq!(index.len(), 44);
        let decision = index.assign(&other, 9, now + HOUR);
        assert_eq!(decision.story(), Some(1), "{decision}");
    }

    #[test]
    fn slot_set_finds_exactly_the_query_slots() {
        let sorted = vec![(3, 7), (4_099, 0), (70_000, 2)];
        let set = SlotSet::new(sorted);
        assert_eq!(set.find(3), Some(0));
        assert_eq!(set.find(4_099), Some(1));
        assert_eq!(set.find(70_000), Some(2));
        // 4,099 and 3 share a filter bit; 8,195 too, and is still absent.
        assert_eq!(set.find(8_195), None);
        assert_eq!(set.find(4), None);
        assert_eq!(SlotSet::new(Vec::new()).find(0), None);
    }

    #[test]
    fn keeps_two_contracts_to_two_vendors_apart() {
        let mut index = StoryIndex::new(StoryConfig::default());
        let stories = run(
            &mut index,
            &[
                (
                    1,
                    0,
                    "Pentagon awards Anduril $99 million counter-drone contract",
                    "The Army contract covers Anduril's Lattice software for bases in Europe.",
                ),
                (
                    2,
                    HOUR,
                    "Pentagon awards Palantir $480 million Maven contract",
                    "The Army expanded Palantir's Maven Smart System deal to more commands.",
                ),
            ],
        );
        assert_ne!(stories[0], stories[1]);
        let features = f("Pentagon awards Palantir $480 million Maven contract", "");
        let decision = index.assign(&features, 3, 2 * HOUR);
        assert_eq!(decision.story(), Some(2), "{decision}");
        assert!(decision.evidence().iter().any(|e| e == "Palantir"));
    }

    #[test]
    fn keeps_two_numbered_bills_apart() {
        // Two bills the same legislature passed the same evening, told by
        // one outlet in the same words but for the subject and the number.
        let chatbots = (
            1,
            0,
            "Legislature passes AI bill, sends it to the governor",
            "The Washington Senate voted 31-18 on Tuesday to pass House Bill 2217, which requires AI companies to tell residents when a chatbot is not human. The bill now goes to Governor Ferguson.",
        );
        let bias = (
            1,
            2 * HOUR,
            "Legislature sends AI bill to the governor after late House vote",
            "The Washington House voted 57-40 on Tuesday to pass House Bill 2214, which requires AI companies to test hiring tools for bias and tell residents when they are used. The bill now goes to Governor Ferguson.",
        );
        let same_bill = (
            2,
            3 * HOUR,
            "Washington lawmakers clear AI bias bill",
            "Washington's House passed House Bill 2214 on Tuesday, requiring AI companies to test hiring tools for bias; it goes to Governor Ferguson.",
        );
        let without_numbers = StoryConfig {
            identifier_conflict_factor: 1.0,
            ..StoryConfig::default()
        };
        let stories = run(&mut StoryIndex::new(without_numbers), &[chatbots, bias]);
        assert_eq!(
            stories[1], stories[0],
            "without the rule the two bills merge"
        );
        let stories = run(
            &mut StoryIndex::new(StoryConfig::default()),
            &[chatbots, bias, same_bill],
        );
        assert_ne!(stories[1], stories[0], "two bills, two stories");
        assert_eq!(stories[2], stories[1], "the same bill's number joins it");
    }

    #[test]
    fn keeps_one_bill_in_two_states_apart() {
        // Two legislatures pass the same kind of bill on the same day: the
        // reports share nearly every word but the state.
        let ohio = (
            1,
            0,
            "Ohio House passes bill barring insurers from letting AI alone deny care",
            "The Ohio House passed a bill requiring that a physician review every health insurance claim denial made with AI before it takes effect. The Senate takes it up next month.",
        );
        let massachusetts = (
            2,
            HOUR,
            "Massachusetts Senate votes to bar insurers from letting AI alone deny care",
            "The Massachusetts Senate passed a bill requiring that a physician review every health insurance claim denial made with AI before it takes effect. The House has a similar bill.",
        );
        let same_bill = (
            3,
            2 * HOUR,
            "Massachusetts senators vote to keep doctors in charge of insurance denials",
            "Massachusetts senators passed a bill requiring a physician to review every insurance claim denial made with artificial intelligence.",
        );
        // The two chambers would keep these apart too: this test is the
        // states rule's alone.
        let states_only = StoryConfig {
            actor_conflict_factor: 1.0,
            direction_conflict_factor: 1.0,
            leadership_conflict_factor: 1.0,
            oversight_conflict_factor: 1.0,
            ..StoryConfig::default()
        };
        let without_states = StoryConfig {
            place_conflict_factor: 1.0,
            ..states_only.clone()
        };
        let stories = run(&mut StoryIndex::new(without_states), &[ohio, massachusetts]);
        assert_eq!(
            stories[1], stories[0],
            "without the rule the two bills merge"
        );
        let stories = run(
            &mut StoryIndex::new(states_only),
            &[ohio, massachusetts, same_bill],
        );
        assert_ne!(stories[1], stories[0], "two states, two stories");
        assert_eq!(stories[2], stories[1], "the same state's bill joins it");

        // States of two words count by their distinctive word.
        let new_york = (
            1,
            0,
            "New York Senate passes bill to audit AI hiring tools",
            "The New York Senate passed a bill requiring employers to have every AI hiring tool audited for bias each year before they use it.",
        );
        let new_jersey = (
            2,
            HOUR,
            "New Jersey Senate passes bill to audit AI hiring tools",
            "The New Jersey Senate passed a bill requiring employers to have every AI hiring tool audited for bias each year before they use it.",
        );
        let without_states = StoryConfig {
            place_conflict_factor: 1.0,
            ..StoryConfig::default()
        };
        let stories = run(
            &mut StoryIndex::new(without_states),
            &[new_york, new_jersey],
        );
        assert_eq!(stories[1], stories[0], "without the rule they merge");
        let stories = run(
            &mut StoryIndex::new(StoryConfig::default()),
            &[new_york, new_jersey],
        );
        assert_ne!(
            stories[1], stories[0],
            "New York and New Jersey, two stories"
        );
    }

    #[test]
    fn keeps_a_meetings_opening_and_its_outcome_apart() {
        // A preview of talks and, a day later, what they agreed: the
        // reports share the place, the ministers and the target.
        let opening = (
            1,
            0,
            "Pacific trade ministers meet in Auckland with a 2% tariff cap on the table",
            "Trade ministers from eleven Pacific economies began two days of talks in Auckland, with a New Zealand draft proposing to cap tariffs on farm goods at 2% by 2029.",
        );
        let outcome = (
            2,
            20 * HOUR,
            "Pacific trade ministers sign Auckland pact capping farm tariffs at 2% by 2029",
            "Trade ministers from eleven Pacific economies signed a pact in Auckland capping tariffs on farm goods at 2% by 2029.",
        );
        let same_outcome = (
            3,
            21 * HOUR,
            "Auckland pact: eleven Pacific economies agree 2% cap on farm tariffs",
            "Eleven Pacific economies agreed in Auckland to cap tariffs on farm goods at 2% by 2029, their trade ministers said.",
        );
        let without_stages = StoryConfig {
            stage_conflict_factor: 1.0,
            ..StoryConfig::default()
        };
        let stories = run(&mut StoryIndex::new(without_stages), &[opening, outcome]);
        assert_eq!(
            stories[1], stories[0],
            "without the rule the opening and the outcome merge"
        );
        let stories = run(
            &mut StoryIndex::new(StoryConfig::default()),
            &[opening, outcome, same_outcome],
        );
        assert_ne!(
            stories[1], stories[0],
            "a preview and an outcome, two stories"
        );
        assert_eq!(
            stories[2], stories[1],
            "another report of the pact joins it"
        );
        // `explain` says which rule kept them apart.
        let mut index = StoryIndex::new(StoryConfig::default());
        run(&mut index, &[opening]);
        let decision = index.assign(&f(outcome.2, outcome.3), outcome.0, outcome.1);
        let said = decision.to_string();
        assert!(
            said.starts_with("new story; nearest story 1")
                && said.ends_with(
                    "score below the threshold 0.20 (scored as two events: one speaks of \
                     what is to come, the other of what was done)"
                ),
            "{said}"
        );
    }

    #[test]
    fn explain_names_the_amounts_that_kept_two_deals_apart() {
        let first = (
            1,
            0,
            "Army awards Palantir $612 million for battlefield software",
            "The Army awarded Palantir a $612 million contract for its battlefield decision software.",
        );
        let mut index = StoryIndex::new(StoryConfig::default());
        run(&mut index, &[first]);
        let second = f(
            "Army awards Palantir $95 million for battlefield software",
            "The Army awarded Palantir a $95 million contract for its battlefield logistics software.",
        );
        let decision = index.assign(&second, 2, HOUR);
        let said = decision.to_string();
        assert!(decision.story().is_none(), "{said}");
        assert!(
            said.contains("both lead with amounts and share none (this report: $95 million)"),
            "{said}"
        );
    }

    #[test]
    fn an_amount_rounded_by_one_outlet_is_the_same_amount() {
        // "€6m" is "€6.2m" rounded: no "two amounts" rule, and the fine is
        // shared evidence.
        let first = (
            1,
            0,
            "Italy's privacy watchdog fines AI companion app maker €6.2 million",
            "Italy's data protection authority fined the maker of the Sola companion chatbot €6.2 million for failing to check users' ages.",
        );
        let mut index = StoryIndex::new(StoryConfig::default());
        run(&mut index, &[first]);
        let rounded = f(
            "Italy orders AI 'girlfriend' app to shut out children after €6m penalty",
            "The maker of Sola, a companion chatbot, must check users' ages after Italy's privacy regulator fined it €6m.",
        );
        let said = index.assign(&rounded, 2, HOUR).to_string();
        assert!(!said.contains("amounts"), "{said}");
        assert!(
            said.contains("≈€6.2 million") || said.contains("€6m"),
            "{said}"
        );
    }

    #[test]
    fn two_precise_amounts_that_round_alike_are_two_deals() {
        // $1.2 billion and $1.4 billion both round to $1 billion: that
        // makes them no closer.
        let first = (
            1,
            0,
            "Army awards Palantir $1.2 billion for battlefield software",
            "The Army awarded Palantir a $1.2 billion contract for its battlefield decision software.",
        );
        let mut index = StoryIndex::new(StoryConfig::default());
        run(&mut index, &[first]);
        let second = f(
            "Army awards Palantir $1.4 billion for battlefield software",
            "The Army awarded Palantir a $1.4 billion contract for its battlefield logistics software.",
        );
        let decision = index.assign(&second, 2, HOUR);
        let said = decision.to_string();
        assert!(decision.story().is_none(), "{said}");
        assert!(
            said.contains("both lead with amounts and share none (this report: $1.4 billion)"),
            "{said}"
        );
        assert!(!said.contains('≈'), "{said}");
    }

    #[test]
    fn results_and_the_chief_executives_resignation_are_two_events() {
        let results = (
            1,
            0,
            "Orsenne cuts 2026 outlook as clients delay IT projects",
            "French IT services group Orsenne cut its full-year outlook after third-quarter revenue fell 4.1% to 2.87 billion euros.",
        );
        let mut index = StoryIndex::new(StoryConfig::default());
        run(&mut index, &[results]);
        let resignation = f(
            "Orsenne chief executive resigns after IT group cuts its outlook",
            "The chief executive of French IT services group Orsenne resigned on Friday, hours after the group cut its full-year outlook on a 4.1% fall in third-quarter revenue to 2.87 billion euros.",
        );
        let decision = index.assign(&resignation, 2, HOUR);
        let said = decision.to_string();
        assert!(decision.story().is_none(), "{said}");
        assert!(
            said.contains("one headline tells of a change of leaders"),
            "{said}"
        );
        // The rule off, the two share enough to join.
        let mut off = StoryIndex::new(StoryConfig {
            leadership_conflict_factor: 1.0,
            ..StoryConfig::default()
        });
        run(&mut off, &[results]);
        assert!(off.assign(&resignation, 2, HOUR).story().is_some());
    }

    #[test]
    fn a_contract_and_the_hearing_that_questions_it_are_two_events() {
        let award = (
            1,
            0,
            "Pentagon AI office taps Scale AI for $640M planning agents",
            "The Pentagon's Chief Digital and AI Office awarded Scale AI a deal worth up to $640 million for AI agents that draft operational plans.",
        );
        let hearing = f(
            "Lawmakers press Pentagon on oversight of AI planning agents",
            "Members of a House subcommittee questioned Pentagon officials on how they supervise AI planning agents, a day after the AI office's $640 million deal with Scale AI.",
        );
        let mut index = StoryIndex::new(StoryConfig::default());
        run(&mut index, &[award]);
        let decision = index.assign(&hearing, 2, 8 * HOUR);
        let said = decision.to_string();
        assert!(decision.story().is_none(), "{said}");
        assert!(said.contains("one headline tells of a hearing"), "{said}");
        // The rule off, the two share enough to join.
        let mut off = StoryIndex::new(StoryConfig {
            oversight_conflict_factor: 1.0,
            ..StoryConfig::default()
        });
        run(&mut off, &[award]);
        let joined = off.assign(&hearing, 2, 8 * HOUR);
        assert!(joined.story().is_some(), "{joined}");
    }

    #[test]
    fn an_amount_in_dollars_and_one_in_euros_may_be_one_amount() {
        // A European wire gives the order in euros, an American market
        // report converts it to dollars: no amount in common, and still no
        // reason to take them for two orders. Two reports in one currency
        // with different amounts are two orders as before.
        let euros = (
            1,
            0,
            "Rheinmetall books 2.9 bln euro German shell order as Berlin draws on framework",
            "Rheinmetall said Germany's procurement office called off 2.9 billion euros of 155mm artillery shells from its framework contract.",
        );
        let explain = |headline: &str, lead: &str| {
            let mut index = StoryIndex::new(StoryConfig::default());
            run(&mut index, &[euros]);
            index.assign(&f(headline, lead), 2, HOUR).to_string()
        };
        let amounts_rule = "both lead with amounts and share none";
        let dollars = explain(
            "Rheinmetall stock climbs after roughly $3.4 billion German ammunition order",
            "Rheinmetall shares rose after Germany called off about $3.4 billion of 155mm artillery shells from its framework contract.",
        );
        assert!(!dollars.contains(amounts_rule), "{dollars}");
        let other_order = explain(
            "Rheinmetall books 1.1 bln euro German shell order",
            "Rheinmetall said Germany's procurement office called off 1.1 billion euros of 155mm artillery shells from its framework contract.",
        );
        assert!(other_order.contains(amounts_rule), "{other_order}");
    }

    #[test]
    fn ai_or_a_country_in_a_headline_names_no_one() {
        // The name rule looks for someone each headline names and the other
        // report never mentions; "AI" is a field, not someone, and in the
        // new report's headline "U.S." is a whole country, no one.
        let award = (
            1,
            0,
            "Anduril wins Army counter-drone contract at Fort Bliss",
            "The Army awarded Anduril a contract to protect Fort Bliss against small drones with its Lattice software and interceptors.",
        );
        let explain = |headline: &str| {
            let mut index = StoryIndex::new(StoryConfig::default());
            run(&mut index, &[award]);
            let lead = "The Army picked Anduril to guard the base against small drones with its Lattice software and interceptors.";
            index.assign(&f(headline, lead), 2, HOUR).to_string()
        };
        let names_rule = "each headline names someone the other never mentions";
        let with_ai = explain("Army picks Anduril AI to guard bases against drones");
        assert!(!with_ai.contains(names_rule), "{with_ai}");
        let with_country = explain("Army picks Anduril to guard U.S. bases against drones");
        assert!(!with_country.contains(names_rule), "{with_country}");
        let with_vendor = explain("Army picks Anduril and Palantir to guard bases against drones");
        // It names the report's own names that the other never mentions.
        assert!(
            with_vendor.contains(&format!("{names_rule} (this report: Palantir)")),
            "{with_vendor}"
        );
    }

    #[test]
    fn keeps_a_companys_funding_round_and_its_launch_apart() {
        // The same company the same morning: a product and a round. The
        // reports share the company, its products and its customers.
        let launch = (
            1,
            0,
            "Kestrel Robotics unveils Falcon autopilot module for military drones",
            "Kestrel Robotics, the San Diego maker of autonomy software for military drones, unveiled Falcon, an autopilot module small enough for quadcopters used by the Army and the Marine Corps.",
        );
        let round = (
            2,
            2 * HOUR,
            "Kestrel Robotics raises $400 million for its military drone autopilot software",
            "Kestrel Robotics, the San Diego maker of autopilot software for military drones used by the Army and the Marine Corps, raised $400 million from investors led by Founders Fund.",
        );
        let same_round = (
            3,
            3 * HOUR,
            "Drone autopilot maker Kestrel Robotics lands $400 million at $5 billion valuation",
            "Kestrel Robotics raised $400 million from investors led by Founders Fund for its military drone autopilot software, valuing the San Diego company at $5 billion.",
        );
        let without_rule = StoryConfig {
            financing_conflict_factor: 1.0,
            ..StoryConfig::default()
        };
        let stories = run(&mut StoryIndex::new(without_rule), &[launch, round]);
        assert_eq!(
            stories[1], stories[0],
            "without the rule the launch and the round merge"
        );
        let stories = run(
            &mut StoryIndex::new(StoryConfig::default()),
            &[launch, round, same_round],
        );
        assert_ne!(stories[1], stories[0], "a launch and a round, two stories");
        assert_eq!(
            stories[2], stories[1],
            "another report of the round joins it"
        );
        let said = said_after(launch, round);
        assert!(
            said.contains("one announces a funding round, the other says nothing of one"),
            "{said}"
        );
    }

    #[test]
    fn keeps_an_export_rule_and_a_smuggling_case_apart() {
        // The case cites the rule it broke: the same countries, chips and
        // agency, hours apart.
        let rule = (
            1,
            0,
            "US requires licences for AI chip exports to Malaysia and Thailand",
            "The Commerce Department on Tuesday required licences for exports of Nvidia and AMD accelerators to data centers in Malaysia and Thailand, to stop shipments being diverted to China.",
        );
        let case = (
            2,
            3 * HOUR,
            "Two men charged with smuggling Nvidia chips to China through Malaysia and Thailand",
            "Two men shipped Nvidia accelerators to data centers in Malaysia and Thailand that diverted them to China, evading the Commerce Department's export licences, prosecutors said on Tuesday.",
        );
        let same_case = (
            3,
            4 * HOUR,
            "Prosecutors say two men routed Nvidia chips to China via Malaysian data centers",
            "Two men charged on Tuesday shipped Nvidia accelerators through Malaysia and Thailand to China without export licences, according to the indictment.",
        );
        let without_rule = StoryConfig {
            prosecution_conflict_factor: 1.0,
            ..StoryConfig::default()
        };
        let stories = run(&mut StoryIndex::new(without_rule), &[rule, case]);
        assert_eq!(
            stories[1], stories[0],
            "without the rule the rule and the case merge"
        );
        let stories = run(
            &mut StoryIndex::new(StoryConfig::default()),
            &[rule, case, same_case],
        );
        assert_ne!(stories[1], stories[0], "a rule and a case, two stories");
        assert_eq!(
            stories[2], stories[1],
            "another report of the case joins it"
        );
        let said = said_after(rule, case);
        assert!(
            said.contains("one tells of a criminal case, the other says nothing of one or tells"),
            "{said}"
        );
    }

    #[test]
    fn keeps_two_governments_listings_apart() {
        // Two governments list Chinese firms a day apart: the same targets,
        // the same chips, the same kind of list.
        let us = (
            1,
            0,
            "US adds 23 companies to trade blacklist over AI chip diversion to China",
            "The Commerce Department added 23 Chinese entities to its Entity List on Tuesday for diverting AI chips and chipmaking tools to China's military, restricting their access to exports.",
        );
        let japan = (
            2,
            3 * HOUR,
            "Japan adds 12 Chinese entities to end-user list over chip tool concerns",
            "Japan's trade ministry added 12 Chinese entities to its end-user list on Tuesday for diverting AI chips and chipmaking tools to China's military, restricting their access to exports, as the U.S. did the same.",
        );
        let reaction = (
            3,
            5 * HOUR,
            "Beijing vows countermeasures after US blacklists 23 Chinese firms",
            "China's commerce ministry said it would take necessary measures after the U.S. Commerce Department added 23 Chinese entities to its Entity List over AI chip diversion.",
        );
        assert_rule_splits(
            [us, japan, reaction],
            "Beijing's answer names the US action: it joins it",
            "each headline opens with a different government",
        );
    }

    #[test]
    fn keeps_two_chambers_votes_apart() {
        // One legislature's two chambers pass two bills on one subject the
        // same evening: the same procedure, the same towns, the same word.
        let senate = (
            1,
            0,
            "Mass. Senate votes to bar towns from paying ransomware demands",
            "The Massachusetts Senate voted on Thursday for a bill to bar towns from paying ransomware gangs, sending it to the House with two weeks left in the formal session.",
        );
        let house = (
            2,
            HOUR,
            "Mass. House votes to make towns report ransomware attacks within 72 hours",
            "The Massachusetts House voted on Thursday for a bill to make towns report ransomware attacks to the state, sending it to the Senate with two weeks left in the formal session.",
        );
        let same_vote = (
            3,
            2 * HOUR,
            "Massachusetts Senate passes ban on ransomware payments by towns",
            "The Massachusetts Senate on Thursday passed a bill barring towns from paying ransomware gangs; the House has not said when it will act.",
        );
        assert_rule_splits(
            [senate, house, same_vote],
            "another report of the vote joins it",
            "each headline names a different legislative chamber",
        );
    }

    #[test]
    fn keeps_a_listing_and_a_delisting_apart() {
        // The same agency, the same list, the same procedure on one day:
        // one adds, the other removes.
        let listing = (
            1,
            0,
            "US adds 16 Chinese firms to Entity List over drone parts",
            "The U.S. Commerce Department on Tuesday added 16 Chinese companies to its Entity List, saying they supplied motors and flight controllers to military drone makers.",
        );
        let delisting = (
            2,
            8 * HOUR,
            "US removes three Chinese drone-parts firms from Entity List",
            "The U.S. Commerce Department on Tuesday removed three Chinese companies that supplied motors and flight controllers to military drone makers from its Entity List after a review.",
        );
        let same_listing = (
            3,
            3 * HOUR,
            "Commerce blacklists 16 Chinese drone-parts suppliers",
            "The U.S. Commerce Department added 16 Chinese companies that supply motors and flight controllers for military drones to its Entity List on Tuesday.",
        );
        assert_rule_splits(
            [listing, delisting, same_listing],
            "another report of the listing joins it",
            "one headline imposes a measure, the other lifts one",
        );
    }

    #[test]
    fn keeps_two_matches_of_one_night_apart() {
        // Two Champions League matches the same night, in the same words
        // (a wire's template): only the teams and the scores differ.
        let first = (
            1,
            0,
            "Bayern beat PSG 3-1 in Champions League opener",
            "Two stoppage-time goals settled the night's Champions League opener, a first-leg thriller watched by a record crowd on Wednesday.",
        );
        let second = (
            2,
            HOUR,
            "Arsenal and Real Madrid draw 2-2 in Champions League opener",
            "Two stoppage-time goals settled the night's Champions League opener, a first-leg thriller watched by a record crowd on Wednesday.",
        );
        let same_match = (
            3,
            2 * HOUR,
            "PSG fall 1-3 in Munich as Bayern strike late",
            "Paris Saint-Germain lost 3-1 to Bayern Munich in the Champions League on Wednesday after two late goals.",
        );
        let without_rule = StoryConfig {
            identifier_conflict_factor: 1.0,
            ..StoryConfig::default()
        };
        let stories = run(&mut StoryIndex::new(without_rule), &[first, second]);
        assert_eq!(stories[1], stories[0], "without the rule the two merge");
        let stories = run(
            &mut StoryIndex::new(StoryConfig::default()),
            &[first, second, same_match],
        );
        assert_ne!(stories[1], stories[0], "two matches, two stories");
        assert_eq!(stories[2], stories[0], "the other side's report joins");
    }

    #[test]
    fn an_amount_after_a_currency_code_is_an_amount() {
        // A trade title writes "EUR100 million" where others write
        // "€100 million": the framework's amount, which a civilian
        // contract of the next day does not share. Read as a name
        // ("EUR100"), the amount was missed and the two merged.
        let framework = (
            1,
            0,
            "AMIAD awards Mistral AI framework for LLMs on classified French networks",
            "France's Agence ministérielle pour l'IA de défense has awarded Mistral AI a four-year framework with a ceiling of EUR100 million for on-premise large language models. An initial order of about EUR18 million covers the armed forces staff and military intelligence directorate.",
        );
        let civilian = (
            2,
            HOUR,
            "France Travail va déployer les modèles de Mistral AI auprès de ses conseillers",
            "L'opérateur public de l'emploi a signé un contrat de 12 millions d'euros avec Mistral AI pour fournir un assistant conversationnel à ses 45 000 agents.",
        );
        let same_deal = (
            3,
            2 * HOUR,
            "France signs €100 million military AI deal with Mistral",
            "France's defence ministry has signed a framework agreement worth up to €100 million with Mistral AI to run language models on classified networks.",
        );
        let stories = run(
            &mut StoryIndex::new(StoryConfig::default()),
            &[framework, civilian, same_deal],
        );
        assert_ne!(stories[1], stories[0], "two contracts, two stories");
        assert_eq!(stories[2], stories[0], "the same framework joins");
        let miss = said_after(framework, civilian);
        assert!(miss.contains("amounts"), "{miss}");
    }

    /// The first two items merge with the actor and direction rules off and
    /// split with them on, the miss naming the rule (`said`); the third
    /// joins the first.
    fn assert_rule_splits(items: [(FeedKey, i64, &str, &str); 3], joins: &str, said: &str) {
        let [first, second, _] = items;
        let without_rule = StoryConfig {
            actor_conflict_factor: 1.0,
            direction_conflict_factor: 1.0,
            leadership_conflict_factor: 1.0,
            oversight_conflict_factor: 1.0,
            ..StoryConfig::default()
        };
        let stories = run(&mut StoryIndex::new(without_rule), &[first, second]);
        assert_eq!(stories[1], stories[0], "without the rule the two merge");
        let stories = run(&mut StoryIndex::new(StoryConfig::default()), &items);
        assert_ne!(stories[1], stories[0], "two events, two stories");
        assert_eq!(stories[2], stories[0], "{joins}");
        let miss = said_after(first, second);
        assert!(miss.contains(said), "{miss}");
    }

    /// What the index, with the default configuration and holding `first`,
    /// says of `second` (a join or a miss, with its reasons).
    fn said_after(first: (FeedKey, i64, &str, &str), second: (FeedKey, i64, &str, &str)) -> String {
        let mut index = StoryIndex::new(StoryConfig::default());
        run(&mut index, &[first]);
        index
            .assign(&f(second.2, second.3), second.0, second.1)
            .to_string()
    }

    #[test]
    fn explains_a_miss() {
        let mut index = StoryIndex::new(StoryConfig::default());
        run(
            &mut index,
            &[(
                1,
                0,
                "Siemens wins Berlin rail signalling order",
                "Siemens Mobility will upgrade signalling on the S-Bahn.",
            )],
        );
        let decision = index.assign(
            &f(
                "Siemens shares rise after results",
                "Siemens reported quarterly profit above forecasts.",
            ),
            2,
            HOUR,
        );
        match &decision {
            Decision::New {
                nearest: Some((m, _)),
            } => {
                assert_eq!(m.story, 1);
                assert!(m.shared.contains(&"Siemens".to_string()));
            }
            other => panic!("expected a miss with a nearest story, got {other:?}"),
        }
        assert!(
            decision
                .to_string()
                .starts_with("new story; nearest story 1")
        );
        let none = index.assign(&f("Weather", "Sunny"), 2, HOUR);
        assert_eq!(none, Decision::New { nearest: None });
        let few = |shared| Miss::TooFewShared { shared, needed: 3 }.to_string();
        assert_eq!(few(1), "1 term in common, 3 needed");
        assert_eq!(few(2), "2 terms in common, 3 needed");
    }

    /// A poll's stored items are candidates for that poll only until it
    /// commits; a rolled-back poll's items are nobody's candidates.
    #[test]
    fn pending_items_are_seen_by_their_poll_until_it_commits() {
        let mut index = StoryIndex::new(StoryConfig::default());
        let first = f(
            "OpenAI in talks to bring its models to NATO networks",
            "OpenAI is negotiating with NATO's IT agency to deploy its models on the alliance's unclassified networks.",
        );
        let second = f(
            "ChatGPT maker eyes deal with NATO for unclassified networks",
            "OpenAI is seeking an agreement with NATO's IT agency to put its models on the alliance's unclassified networks.",
        );
        let (a, b) = (1, 2);
        index.insert_pending(10, 100, 1, 0, &first, a);
        // Poll `a` sees its own item; poll `b` and a poll-less caller do not.
        assert_eq!(
            index.assign_for(&second, 2, HOUR, Some(a)).story(),
            Some(100)
        );
        assert_eq!(index.assign_for(&second, 2, HOUR, Some(b)).story(), None);
        assert_eq!(index.assign(&second, 2, HOUR).story(), None);
        assert_eq!(index.pending_poll(10), Some(a));
        index.commit(a);
        assert_eq!(index.pending_poll(10), None);
        assert_eq!(
            index.assign_for(&second, 2, HOUR, Some(b)).story(),
            Some(100)
        );
        assert_eq!(index.assign(&second, 2, HOUR).story(), Some(100));
        assert!(index.pending.is_empty());

        // Rolled back: never a candidate again, even after a commit under
        // the same token (a rerun of the transaction), and uncounted: the
        // window's size, its terms and their rarity are as before it.
        let (terms, before) = (
            index.n_terms(),
            index.assign_for(&second, 3, HOUR, Some(b)).to_string(),
        );
        index.insert_pending(20, 200, 2, 2 * HOUR, &second, b);
        assert_eq!(index.len(), 2);
        index.roll_back(b);
        index.commit(b);
        let decision = index.assign_for(&second, 3, HOUR, Some(b)).to_string();
        assert!(decision.contains("story 100"), "{decision}");
        assert!(!decision.contains("200"), "{decision}");
        assert_eq!(decision, before);
        assert_eq!((index.len(), index.n_terms()), (1, terms));
        index.insert_pending(30, 300, 3, 3 * HOUR, &second, 7);
        index.evict_older_than(i64::MAX);
        assert!(index.is_empty());
        assert!(
            index.pending.is_empty(),
            "evicted pending items are forgotten"
        );
    }

    #[test]
    fn evicts_by_window_and_keeps_frequencies() {
        let mut index = StoryIndex::new(StoryConfig::default());
        let a = f(
            "Rheinmetall opens Unterlüß plant",
            "Rheinmetall opened a munitions plant in Unterlüß.",
        );
        index.insert(1, 1, 1, 0, &a);
        index.insert(2, 1, 2, HOUR, &a);
        let terms = index.n_terms();
        assert!(terms > 0);
        assert_eq!(index.len(), 2);
        // 80 hours later both are outside the 72h window.
        let b = f("Unrelated weather report", "Rain in Hamburg.");
        index.insert(3, 3, 1, 80 * HOUR, &b);
        assert_eq!(index.len(), 1);
        assert!(
            index
                .slots
                .iter()
                .filter(|s| s.df > 0)
                .all(|s| index.terms.contains_key(&s.key))
        );
        assert_eq!(
            index.terms.len(),
            index.slots.iter().filter(|s| s.df > 0).count()
        );
        // A late report no longer finds the evicted story.
        assert_eq!(index.assign(&a, 4, 81 * HOUR).story(), None);
        index.evict_older_than(i64::MAX);
        assert!(index.is_empty());
        assert_eq!(index.n_terms(), 0);
    }

    #[test]
    fn caps_items_and_resolves_links_after_many_evictions() {
        let config = StoryConfig {
            max_items: 100,
            ..StoryConfig::default()
        };
        let mut index = StoryIndex::new(config);
        for i in 0..5_000i64 {
            let features = f(
                &format!("Acme{} wins Zeta{} order", i % 7, i % 13),
                &format!(
                    "Acme{} said the Zeta{} order is worth ${}m",
                    i % 7,
                    i % 13,
                    i % 50
                ),
            );
            let decision = index.assign(&features, (i % 5) as u32, i * 1000);
            let story = decision.story().unwrap_or(i);
            index.insert(i, story, (i % 5) as u32, i * 1000, &features);
            assert!(index.len() <= 100);
        }
        let df_total: u64 = index.slots.iter().map(|s| u64::from(s.df)).sum();
        let stored: u64 = (index.items.head()..index.items.tail())
            .filter_map(|p| index.items.get(p))
            .map(|r| r.stored_terms() as u64)
            .sum();
        assert_eq!(df_total, stored, "frequencies match the stored terms");
        assert!(index.memory_bytes() > 0);
    }

    #[test]
    fn odd_inputs_never_panic() {
        let mut index = StoryIndex::new(StoryConfig {
            window: std::time::Duration::ZERO,
            time_scale: std::time::Duration::ZERO,
            max_items: 0,
            max_candidates: 0,
            ..StoryConfig::default()
        });
        for (i, at) in [i64::MIN, -1, 0, i64::MAX, 5].into_iter().enumerate() {
            let features = f("NATO NATO NATO", "NATO $1bn 1e9");
            let d = index.assign(&features, 0, at);
            index.insert(i as i64, d.story().unwrap_or(i as i64), 0, at, &features);
        }
        let empty = Features::default();
        let _ = index.assign(&empty, 0, 0);
        index.insert(99, 99, 0, 0, &empty);
    }
}
