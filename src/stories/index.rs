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

use super::features::{Features, Term, TermKind};
use super::fifo::Fifo;
use super::guidance::Guidance;
use super::hash::mix64;
use super::oversight::Oversight;
use super::penalty::Penalty;
use super::text::{Lang, is_percentage};
use super::{Decision, FeedKey, StoryConfig};
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

/// Terms stored per item for scoring (its heaviest by weight times rarity
/// when stored).
pub const STORED_TERMS: usize = 24;
/// The first (most distinctive) of them are also indexed for retrieval.
pub const INDEXED_TERMS: usize = 12;
/// At most this many names and amounts past the first [`INDEXED_TERMS`]
/// are indexed in place of words (see `indexing_order`).
const INDEXED_NEUTRAL: usize = 4;
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
    /// The feed's key in bits 0 to 29 ([`FEED_BITS`]; a larger key is
    /// stored as their maximum) and the [`Guidance`] in bits 30 and 31
    /// (see [`ItemRecord::pack_feed`], [`ItemRecord::is_from`],
    /// [`ItemRecord::guidance`]).
    feed: FeedKey,
    /// Squared norms of the stored vector (weight times rarity as of
    /// insertion): all terms, and the language-neutral ones. Never
    /// negative, so their sign bits hold the [`Penalty`]: bit 0 in
    /// `norm_all`'s, bit 1 in `norm_neutral`'s (read them with
    /// [`ItemRecord::norm_all`], [`ItemRecord::norm_neutral`]).
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
    /// The headline's [`Actors`], as `Actors::to_byte` (bits 0 to 6), and
    /// bit 7 [`LAUNCH`].
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

/// [`ItemRecord::actors`]'s bit for a headline announcing a launch
/// (`Features::launch`).
const LAUNCH: u8 = 1 << 7;

/// [`ItemRecord::feed`]'s bits of the feed's key: a billion feeds.
const FEED_BITS: FeedKey = (1 << 30) - 1;

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

    /// `feed` as stored with `guidance` in its top bits.
    fn pack_feed(feed: FeedKey, guidance: Guidance) -> FeedKey {
        feed.min(FEED_BITS) | FeedKey::from(guidance as u8) << 30
    }

    /// Whether it came from `feed` (as the index stores feed keys).
    fn is_from(&self, feed: FeedKey) -> bool {
        self.feed & FEED_BITS == feed.min(FEED_BITS)
    }

    fn guidance(&self) -> Guidance {
        Guidance::from_bits((self.feed >> 30) as u8)
    }

    fn oversight(&self) -> Oversight {
        Oversight::from_bits((self.n_terms >> 5) & 3)
    }

    fn norm_all(&self) -> f32 {
        self.norm_all.abs()
    }

    fn norm_neutral(&self) -> f32 {
        self.norm_neutral.abs()
    }

    fn penalty(&self) -> Penalty {
        Penalty::from_bits(
            u8::from(self.norm_all.is_sign_negative())
                | u8::from(self.norm_neutral.is_sign_negative()) << 1,
        )
    }

    /// Stores `penalty` in the norms' sign bits (once they are summed).
    fn set_penalty(&mut self, penalty: Penalty) {
        let bits = penalty as u8;
        let sign = |bit: u8| if bits & bit != 0 { -1.0 } else { 1.0 };
        self.norm_all = self.norm_all.abs().copysign(sign(1));
        self.norm_neutral = self.norm_neutral.abs().copysign(sign(2));
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
    /// How many items of the window hold the term, and [`NAMED`].
    df_named: u32,
    head: u32,
}

/// [`Slot::df_named`]'s bit for a term some item held as a name in a
/// language other than German (where capitals mark every noun, so a name
/// such as "Helsings" is read as a word), kept until the term leaves the
/// window: a German headline's word so marked names someone. Document
/// frequencies stay below 2^26 ([`MAX_WINDOW_ITEMS`]), so counting never
/// reaches it.
const NAMED: u32 = 1 << 31;
const _: () = assert!(MAX_WINDOW_ITEMS as u64 <= NAMED as u64 / 2);

impl Slot {
    fn df(&self) -> u32 {
        self.df_named & !NAMED
    }

    fn named(&self) -> bool {
        self.df_named & NAMED != 0
    }
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
    /// Some item of the window holds the term as a name outside German.
    named: bool,
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
            feed: ItemRecord::pack_feed(feed, features.guidance()),
            lang: features.lang() as u8
                | (features.leadership() as u8) << 3
                | (features.currency() as u8) << 5,
            event: features.stage() as u8
                | (features.financing() as u8) << 2
                | (features.prosecution() as u8) << 4
                | (features.direction() as u8) << 6,
            actors: features.actors().to_byte() | if features.launch() { LAUNCH } else { 0 },
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
        for q in indexing_order(query) {
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
            s.df_named += 1;
            if q.term.kind == TermKind::Name && features.lang() != Lang::De {
                s.df_named |= NAMED;
            }
            *term = pack_term(slot, q.term.kind, q.weight);
            if let Some(link) = posting.links.get_mut(j) {
                *link = s.head;
                // j < INDEXED_TERMS < 32.
                s.head = (seq << 5) | j as u32;
            }
            // Rarity as the candidate will be seen: counting itself.
            let v = (q.weight * idf(ln_n_after, s.df())).powi(2);
            record.norm_all += v;
            if q.term.kind.is_neutral() {
                record.norm_neutral += v;
            }
            j += 1;
        }
        record.n_terms |= j as u8; // j <= STORED_TERMS < N_TERMS_BITS
        record.set_penalty(features.penalty());
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
        let df = s.df().saturating_sub(1);
        s.df_named = df | (s.df_named & NAMED);
        if df == 0 {
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
                    df_named: 0,
                    head: NO_LINK,
                });
                u32::try_from(self.slots.len() - 1).ok()?
            }
            None => return None,
        };
        let s = self.slots.get_mut(slot as usize)?;
        *s = Slot {
            key,
            df_named: 0,
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
                named: false,
                idf: 0.0,
                weight: dequantize(quantize(term.weight)),
                rank: i as u64, // the features' order, below
                exact_amount: term.kind == TermKind::Number
                    && !term.rounded
                    && !is_percentage(features.display(term)),
            })
            .collect();
        for q in &mut query {
            let slot = q.slot.and_then(|s| self.slots.get(s as usize));
            q.df = slot.map_or(0, Slot::df);
            q.named = slot.is_some_and(Slot::named);
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
    fn retrieve(&self, query: &[QueryTerm<'_>], lang: Lang, at: i64) -> Vec<u64> {
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
        let mut found: HashMap<u64, (f32, u8, bool), KeyHasherBuild> =
            HashMap::with_capacity_and_hasher(256, self.hasher);
        // The lists are walked in lockstep, one posting of each per round:
        // each step is a likely cache miss, and misses of different lists
        // do not depend on each other, so the processor overlaps them.
        // Per list, whether its term is a name of the query's title or lead
        // held by at most two items of the window (see `min_hits` below).
        let mut cursors: Vec<(u32, f32, u8, bool)> = order
            .filter_map(|q| {
                let slot = q.slot.and_then(|s| self.slots.get(s as usize))?;
                let rare_name = q.term.kind == TermKind::Name
                    && !q.term.ubiquitous
                    && q.term.fields & 3 != 0
                    && q.df <= 2;
                Some((slot.head, q.idf * q.weight, 0, rare_name))
            })
            .collect();
        let mut visits = 0usize;
        let mut step: Vec<Option<(u64, i64, u32)>> = Vec::with_capacity(cursors.len());
        for _round in 0..MAX_POSTINGS_PER_TERM {
            // This round's postings (position, time, next link) are read
            // first, apart from the bookkeeping below, so that all their
            // cache misses are in flight at once.
            step.clear();
            step.extend(cursors.iter().map(|&(link, _, _, _)| {
                self.resolve(link).and_then(|(position, j)| {
                    let record = self.postings.get(position)?;
                    let next = record.links.get(j).copied().unwrap_or(NO_LINK);
                    Some((position, record.at, next))
                })
            }));
            let mut active = false;
            for ((link, gain, skipped, rare_name), read) in cursors.iter_mut().zip(&step) {
                let Some(&(position, posting_at, next)) = read.as_ref() else {
                    *link = NO_LINK;
                    continue;
                };
                visits += 1;
                if posting_at.abs_diff(at) <= window {
                    let e = found.entry(position).or_insert((0.0, 0, false));
                    e.0 += *gain;
                    e.1 = e.1.saturating_add(1);
                    e.2 |= *rare_name;
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
        // Or, in another language, one name of the query's title or lead
        // held by at most two items: most of the walked terms are words of
        // the query's language, which a report in another shares none of,
        // and "Ostral" alone in a French report of a listing says more than
        // two common words.
        let min_hits = if cursors.len() >= 2 { 2 } else { 1 };
        let mut ranked: Vec<(u64, f32)> = found
            .into_iter()
            .filter(|(position, (_, hits, rare_name))| {
                *hits >= min_hits
                    || (*rare_name
                        && self.items.get(*position).is_some_and(|record| {
                            Lang::from_index(record.lang & LANG_BITS) != lang
                        }))
            })
            .map(|(position, (gain, _, _))| (position, gain))
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

mod decide;

/// The order an item's terms are stored in: by weight times rarity, but
/// the names and amounts among the stored ones come into the indexed part
/// (up to [`INDEXED_NEUTRAL`] of them, in place of its last words). A
/// report in another language can only be found through its names and
/// amounts, and a report's own words, new to the window, outrank a name
/// an earlier item already holds: "Ostral" was the seventeenth term of a
/// French report of the company's listing, behind "premiers", "cotée" and
/// "parisienne", and the English report of the same listing could not find
/// it.
fn indexing_order<'q, 'f>(query: &'q [QueryTerm<'f>]) -> impl Iterator<Item = &'q QueryTerm<'f>> {
    let stored = query.get(..STORED_TERMS).unwrap_or(query);
    let indexed = stored.get(..INDEXED_TERMS).unwrap_or(stored);
    let neutral = |q: &QueryTerm<'_>| {
        matches!(q.term.kind, TermKind::Name | TermKind::Number) && !q.term.ubiquitous
    };
    // The names and amounts past the indexed part, and the indexed words
    // they replace (the last ones), as many of each.
    let promoted = stored
        .iter()
        .enumerate()
        .skip(indexed.len())
        .filter(|(_, q)| neutral(q))
        .map(|(i, _)| i)
        .take(INDEXED_NEUTRAL);
    let demoted = indexed
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, q)| q.term.kind == TermKind::Word)
        .map(|(i, _)| i);
    let mut swaps = [(usize::MAX, usize::MAX); INDEXED_NEUTRAL];
    for (slot, pair) in swaps.iter_mut().zip(promoted.zip(demoted)) {
        *slot = pair;
    }
    let position = move |i: usize| {
        swaps
            .iter()
            .find_map(|&(up, down)| {
                if i == up {
                    Some(down)
                } else if i == down {
                    Some(up)
                } else {
                    None
                }
            })
            .unwrap_or(i)
    };
    (0..query.len()).filter_map(move |i| query.get(position(i)))
}

#[cfg(test)]
mod tests;
