//! Text handling for story features: wire-prefix stripping, tokenizing into
//! words and numbers (`text/tokenize.rs`: sentence starts, letter case
//! shapes, dotted acronyms, "F-35"-style designators, thousands separators
//! and attached multipliers), folding, language guessing and stopwords.
//!
//! Everything here is pure and total: any `&str` gives some tokens, never a
//! panic, and work is bounded by the caller's caps on text length.

use super::hash::FxHashMap;
use crate::topics::hash::FxHasher;
use rust_stemmers::{Algorithm, Stemmer};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

mod tokenize;
pub(crate) use tokenize::{
    Shape, Token, TokenKind, has_currency, is_percentage, parse_digits, tokenize,
};

/// The languages we can tell apart (by stopwords) and stem. Anything else is
/// treated as English for stemming, which only affects within-language
/// matching: names and numbers are never stemmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    En = 0,
    De = 1,
    Fr = 2,
    Es = 3,
    It = 4,
    Nl = 5,
    Pt = 6,
}

impl Lang {
    pub(crate) const ALL: [Lang; 7] = [
        Lang::En,
        Lang::De,
        Lang::Fr,
        Lang::Es,
        Lang::It,
        Lang::Nl,
        Lang::Pt,
    ];

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::It => "it",
            Lang::Nl => "nl",
            Lang::Pt => "pt",
        }
    }

    pub(crate) fn from_index(i: u8) -> Lang {
        Lang::ALL.get(usize::from(i)).copied().unwrap_or(Lang::En)
    }

    fn algorithm(self) -> Algorithm {
        match self {
            Lang::En => Algorithm::English,
            Lang::De => Algorithm::German,
            Lang::Fr => Algorithm::French,
            Lang::Es => Algorithm::Spanish,
            Lang::It => Algorithm::Italian,
            Lang::Nl => Algorithm::Dutch,
            Lang::Pt => Algorithm::Portuguese,
        }
    }

    /// Whether "2,5" is a decimal number (and "200.000" a thousands-grouped
    /// one) in this language.
    pub(crate) fn decimal_comma(self) -> bool {
        self != Lang::En
    }

    /// Whether "billion" means 10^12 (long scale) in this language.
    fn long_scale(self) -> bool {
        matches!(
            self,
            Lang::De | Lang::Fr | Lang::Es | Lang::It | Lang::Nl | Lang::Pt
        )
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// Stems an already folded, lower-case word; in English, a British
/// spelling's stem is the American one's (`crate::spelling`), so "defence"
/// and "defense" are one term.
pub(crate) fn stem(lang: Lang, folded: &str) -> Cow<'_, str> {
    // `Stemmer::create` only stores a function pointer: free to call.
    let stem = Stemmer::create(lang.algorithm()).stem(folded);
    match lang {
        Lang::En => crate::spelling::american_stem(&stem).map_or(stem, Cow::Borrowed),
        _ => stem,
    }
}

/// Slots of each per-thread word cache (a power of two): about 1.5 MB per
/// thread for both caches when full of news words (the stem cache they
/// replaced held up to 50,000 stems in a hash map, about 5 MB). Fewer slots
/// touch less memory but miss more: with 4,096, a second pass over the news
/// corpus cost more than with the old stem map alone.
const CACHE_SLOTS: usize = 8_192;

/// Longer words are not cached, which bounds a slot's size (a folded word
/// can be several times longer than written, as "ﷺ" is).
const CACHE_MAX_KEY: usize = 32;

/// A two-way set-associative cache of a pure function of a word: each key
/// has two slots (by a hash with a random per-cache seed); a new key takes
/// the first one and moves its old key to the second, evicting that one.
/// Memory is bounded without clearing, and a hostile feed can at worst make
/// every look-up miss (two comparisons, then the work the cache saves),
/// never make a look-up slower. Slots keep their buffers, so a warm cache
/// does not allocate.
struct SlotCache<V> {
    seed: u64,
    /// Allocated on first use.
    slots: Vec<Slot<V>>,
}

#[derive(Default)]
struct Slot<V> {
    filled: bool,
    tag: u8,
    /// The key is `text[..key_len]`, the value's text the rest.
    key_len: u32,
    text: String,
    value: V,
}

impl<V: Copy + Default> SlotCache<V> {
    fn new() -> SlotCache<V> {
        SlotCache {
            seed: RandomState::new().hash_one(0x5EED_u64),
            slots: Vec::new(),
        }
    }

    /// The value cached for `(tag, key)` (its text and `V`), or else the
    /// one `make` appends to the string it is given and returns, then
    /// cached. `None` for a key too long to cache.
    fn get_or_insert(
        &mut self,
        tag: u8,
        key: &str,
        make: impl FnOnce(&mut String) -> V,
    ) -> Option<(&str, V)> {
        if key.len() > CACHE_MAX_KEY {
            return None;
        }
        if self.slots.is_empty() {
            self.slots.resize_with(CACHE_SLOTS, Slot::default);
        }
        let mut h = FxHasher::with_state(self.seed);
        h.write_u8(tag);
        h.write(key.as_bytes());
        // The first slot of the pair: even, and below CACHE_SLOTS.
        let first = (h.finish() as usize) & (CACHE_SLOTS - 2);
        let holds = |slot: &Slot<V>| {
            slot.filled
                && slot.tag == tag
                && slot.key_len as usize == key.len()
                && slot.text.as_bytes().get(..key.len()) == Some(key.as_bytes())
        };
        let found = if self.slots.get(first).is_some_and(holds) {
            first
        } else if self.slots.get(first + 1).is_some_and(holds) {
            first + 1
        } else {
            let pair = self.slots.get_mut(first..first + 2)?;
            pair.swap(0, 1);
            let slot = pair.first_mut()?;
            slot.text.clear();
            slot.text.push_str(key);
            slot.key_len = key.len() as u32;
            slot.tag = tag;
            slot.value = make(&mut slot.text);
            slot.filled = true;
            first
        };
        let slot = self.slots.get(found)?;
        Some((slot.text.get(slot.key_len as usize..)?, slot.value))
    }
}

/// The per-thread caches of folded words (by word as written) and stems
/// (by language and folded word): news repeats its vocabulary, and folding,
/// the word-list look-up and stemming cost more than a cache look-up. Both
/// only cache pure functions, so features never depend on what is cached.
pub(crate) struct WordCache {
    folds: SlotCache<Option<&'static Lexeme>>,
    stems: SlotCache<()>,
    /// Counted in [`CACHES_HELD`]: caches. Otherwise every look-up misses
    /// and nothing is allocated.
    counted: bool,
}

/// How many threads hold word caches at once. The caches cost about
/// 1.5 MB per thread, and the daemon's blocking pool runs up to 32 threads
/// (of which the machine's cores keep a few busy): without a cap they
/// added about 20 MB of peak RSS to the feed farm. Other threads extract
/// uncached, with the same result.
const CACHED_THREADS: usize = 4;

static CACHES_HELD: AtomicUsize = AtomicUsize::new(0);

impl WordCache {
    /// A cache for this thread, if fewer than [`CACHED_THREADS`] hold one.
    fn for_thread() -> WordCache {
        let counted = CACHES_HELD
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |held| {
                (held < CACHED_THREADS).then_some(held + 1)
            })
            .is_ok();
        WordCache {
            folds: SlotCache::new(),
            stems: SlotCache::new(),
            counted,
        }
    }

    fn uncached() -> WordCache {
        WordCache {
            folds: SlotCache::new(),
            stems: SlotCache::new(),
            counted: false,
        }
    }

    fn caches(&self) -> bool {
        self.counted
    }

    /// Appends `word` folded ([`fold_into`]) to `out` and returns what the
    /// word lists say about it ([`lexeme`]).
    pub(crate) fn fold_into(&mut self, word: &str, out: &mut String) -> Option<&'static Lexeme> {
        let cached = self.caches().then_some(()).and_then(|()| {
            self.folds.get_or_insert(0, word, |text| {
                let folded = fold(word);
                text.push_str(&folded);
                lexeme(&folded)
            })
        });
        match cached {
            Some((folded, lexeme)) => {
                out.push_str(folded);
                lexeme
            }
            None => {
                let folded = fold(word);
                out.push_str(&folded);
                lexeme(&folded)
            }
        }
    }

    /// The stem of an already folded, lower-case word.
    pub(crate) fn stem<'a>(&'a mut self, lang: Lang, folded: &'a str) -> Cow<'a, str> {
        if !self.caches() {
            return stem(lang, folded);
        }
        let cached = self.stems.get_or_insert(lang as u8, folded, |text| {
            text.push_str(&stem(lang, folded));
        });
        match cached {
            Some((stemmed, ())) => Cow::Borrowed(stemmed),
            None => stem(lang, folded),
        }
    }
}

impl Drop for WordCache {
    fn drop(&mut self) {
        if self.counted {
            CACHES_HELD.fetch_sub(1, Ordering::AcqRel);
        }
    }
}

thread_local! {
    static WORDS: RefCell<WordCache> = RefCell::new(WordCache::for_thread());
}

/// Calls `f` with this thread's word cache (or, should `f` call this again,
/// with an uncached one: results are the same, only slower).
pub(crate) fn with_word_cache<R>(f: impl FnOnce(&mut WordCache) -> R) -> R {
    WORDS.with(|cell| match cell.try_borrow_mut() {
        Ok(mut cache) => f(&mut cache),
        Err(_) => f(&mut WordCache::uncached()),
    })
}

/// Wire and section prefixes that say how a story is told, not what it is
/// about ("UPDATE 2-", "EXCLUSIVE-", "BRIEF-", "Factbox:", "Analysis:").
const WIRE_PREFIXES: &[&str] = &[
    "update",
    "exclusive",
    "brief",
    "factbox",
    "analysis",
    "insight",
    "explainer",
    "corrected",
    "correction",
    "refile",
    "rpt",
    "wrapup",
    "breaking",
    "urgent",
    "flash",
    "alert",
    "live",
    "watch",
    "video",
    "podcast",
    "opinion",
    "commentary",
    "column",
    "editorial",
    "preview",
    "interview",
    "timeline",
    "graphic",
    "eilmeldung",
    "exklusiv",
    "kommentar",
    "analyse",
    "hintergrund",
    "exclusif",
    "decryptage",
    "tribune",
    "entretien",
    "direct",
];

/// Strips any number of leading wire prefixes: a known word, an optional
/// number ("UPDATE 2"), then one of `-`, `:`, `–`, `—`, `|`.
pub fn strip_wire_prefix(title: &str) -> &str {
    let mut rest = title.trim_start();
    // Bounded: each round removes at least one character.
    for _ in 0..8 {
        let Some(next) = strip_one_prefix(rest) else {
            break;
        };
        rest = next.trim_start();
    }
    rest
}

/// A story's title from its first report's headline: without wire prefixes
/// ("UPDATE 2-", "EXCLUSIVE:"), which say how the report was filed, not what
/// the story is; the headline as written if nothing else is left.
pub fn story_title(headline: &str) -> &str {
    match strip_wire_prefix(headline).trim_end() {
        "" => headline,
        title => title,
    }
}

fn strip_one_prefix(title: &str) -> Option<&str> {
    let word_end = title
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(title.len(), |(i, _)| i);
    let word = title.get(..word_end)?;
    if word.is_empty() || word.len() > 16 {
        return None;
    }
    // The word is letters only, so an ASCII one folds to its lower case:
    // compared in place, without folding into a new string.
    let known = if word.is_ascii() {
        WIRE_PREFIXES.iter().any(|p| p.eq_ignore_ascii_case(word))
    } else {
        WIRE_PREFIXES.contains(&fold(word).as_str())
    };
    if !known {
        return None;
    }
    let mut rest = title.get(word_end..)?;
    // "UPDATE 2-": an optional count.
    let trimmed = rest.trim_start_matches(' ');
    let digits = trimmed.len()
        - trimmed
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    if digits > 0 && digits <= 2 {
        rest = trimmed.get(digits..)?;
    }
    let rest = rest.trim_start_matches(' ');
    let sep = rest.chars().next()?;
    if matches!(sep, '-' | ':' | '–' | '—' | '|') {
        let after = rest.get(sep.len_utf8()..)?;
        // "Update-Pflicht" is a word, not a prefix: a hyphen right after
        // the word only counts after a wire's capitals ("BRIEF-").
        if sep == '-'
            && digits == 0
            && rest.len() == title.len() - word_end
            && word.chars().any(char::is_lowercase)
        {
            return None;
        }
        Some(after)
    } else {
        None
    }
}

/// Folds one word into `out` (cleared first): compatibility decomposition,
/// combining marks removed, lower case, "ß" as "ss". Hyphens and dots (kept
/// in "F-35" and "U.S." tokens) are dropped.
pub(crate) fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.extend(
            word.bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
        return;
    }
    for c in word.nfkd() {
        if is_combining_mark(c) || c == '-' || c == '.' {
            continue;
        }
        if c == 'ß' || c == 'ẞ' {
            out.push_str("ss");
            continue;
        }
        out.extend(c.to_lowercase().filter(|l| !is_combining_mark(*l)));
    }
}

/// Folds one word into a new string.
pub(crate) fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// Characters that make up words: letters, digits and combining marks.
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_combining_mark(c)
}

/// The states of the US (not "Washington", which is also the capital):
/// two reports whose title or lead each name a state the other never
/// mentions report two events, two state bills or two hospital attacks,
/// however alike their words (see `StoryConfig::place_conflict_factor`).
/// A state of two words is one name when its words stand together ("New
/// York", not "York" nor the "Jersey Township" of Ohio; see
/// [`two_word_state`]).
const STATES: &[&str] = &[
    "alabama",
    "alaska",
    "arizona",
    "arkansas",
    "california",
    "colorado",
    "connecticut",
    "delaware",
    "florida",
    "georgia",
    "hawaii",
    "idaho",
    "illinois",
    "indiana",
    "iowa",
    "kansas",
    "kentucky",
    "louisiana",
    "maine",
    "maryland",
    "massachusetts",
    "michigan",
    "minnesota",
    "mississippi",
    "missouri",
    "montana",
    "nebraska",
    "nevada",
    "ohio",
    "oklahoma",
    "oregon",
    "pennsylvania",
    "tennessee",
    "texas",
    "utah",
    "vermont",
    "virginia",
    "wisconsin",
    "wyoming",
    "new hampshire",
    "new jersey",
    "new mexico",
    "new york",
    "north carolina",
    "north dakota",
    "rhode island",
    "south carolina",
    "south dakota",
    "west virginia",
];

/// The state two adjacent capitalised words name ("new", "york": "new
/// york"), by their folded forms.
pub(crate) fn two_word_state(first: &str, second: &str) -> Option<&'static str> {
    // Asked of every capitalised word: most are ruled out here.
    if !matches!(first, "new" | "north" | "south" | "rhode" | "west") {
        return None;
    }
    STATES.iter().copied().find(|state| {
        state
            .split_once(' ')
            .is_some_and(|(a, b)| a == first && b == second)
    })
}

/// Whether a name's term key is a field's ("AI" in any of its forms, "KI",
/// "IA"), a kind of product's ("GPU") or a job title's ("CEO"): not
/// someone, so a headline naming it names no one the other report lacks
/// (see `StoryConfig::name_conflict_factor`).
pub(crate) fn is_field_name(key: u64) -> bool {
    static KEYS: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        FIELD_NAMES
            .iter()
            .map(|name| super::hash::key_hash(&stem(Lang::En, name)))
            .collect()
    })
    .contains(&key)
}

/// Whether a term's key is a whole country's, bloc's or field's name
/// ([`is_ubiquitous_alias`], and "Washington"): a name that says who
/// acts no more than "AI" does.
pub(crate) fn is_ubiquitous_name(key: u64) -> bool {
    static KEYS: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys: Vec<u64> = ALIASES
            .iter()
            .map(|(canonical, _)| *canonical)
            .filter(|canonical| is_ubiquitous_alias(canonical))
            .chain(std::iter::once("washington"))
            .map(|name| super::hash::key_hash(&stem(Lang::En, name)))
            .collect();
        keys.sort_unstable();
        keys
    })
    .binary_search(&key)
    .is_ok()
}

/// Acronyms of fields, kinds of product and job titles: written with
/// capitals, naming no one ("EHR", a hospital's electronic health
/// records, returns in one report of an attack and not in another; "EDs",
/// its emergency departments, "ICU" and "PACS", its image archive, the
/// same; "IT", a field; "XPU", "TPU", "ASIC", "DRAM" and "NAND", kinds of
/// chip; "ADRs", a kind of share). Not "HBM": a rule on memory stacks is
/// told apart from another measure of the day by it. And "BIS", the US
/// export agency, which reports of one listing name or leave for "the
/// Commerce Department" or "the US" ("SMIC sinks after BIS blacklists two
/// of its fabs"): still a term two reports share, but no one a headline
/// names that the other lacks.
const FIELD_NAMES: &[&str] = &[
    "ai", "gpu", "cpu", "npu", "llm", "pc", "odm", "oem", "cio", "ceo", "cfo", "ehr", "emr", "ed",
    "eds", "icu", "it", "xpu", "tpu", "asic", "dram", "nand", "adr", "adrs", "pacs", "bis",
];

/// Whether a name's term key (`key_hash` of its English stem, as
/// `Features` makes it) is a US state's (see [`STATES`]).
pub(crate) fn is_state(key: u64) -> bool {
    static KEYS: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys: Vec<u64> = STATES
            .iter()
            .map(|state| super::hash::key_hash(&stem(Lang::En, state)))
            .collect();
        keys.sort_unstable();
        keys
    })
    .binary_search(&key)
    .is_ok()
}

/// The most common names of countries, blocs and institutions in news, in
/// English, German and French, with their demonyms and acronyms, folded to
/// one canonical name (Europe's countries, the largest economies and their
/// capitals): "Dutch", "Netherlands", "Niederlande", "néerlandais"
/// are one term, and so are "AI", "KI" and "IA", and a German genitive
/// ("Koreas größter Konzern", "Europas Stahlkocher") is its country. We do not translate
/// anything else: this only makes the most frequent names meet.
const ALIASES: &[(&str, &[&str])] = &[
    (
        "us",
        &[
            "usa",
            "american",
            "americans",
            "amerikanisch",
            "amerikanische",
            "amerikanischen",
            "americain",
            "americaine",
            "americains",
            "etatsunis",
        ],
    ),
    (
        "uk",
        &[
            "britain",
            "british",
            "britische",
            "britischen",
            "britannique",
            "grossbritannien",
            "royaumeuni",
            "grossbritanniens",
        ],
    ),
    (
        "eu",
        &[
            "ue",
            "european",
            "europe",
            "europa",
            "europaische",
            "europaischen",
            "europeen",
            "europeenne",
            "europeens",
            "vingtsept",
            "europas",
        ],
    ),
    // A continent, a region of one: "AI Chip Curbs Hit Southeast Asia's
    // Data Centres" names no one "US requires licences for AI accelerators
    // shipped to Malaysia, Thailand data centres" lacks.
    (
        "asia",
        &[
            "asian",
            "asien",
            "asiatische",
            "asiatischen",
            "asie",
            "asiatique",
            "asiatiques",
            "sudostasien",
        ],
    ),
    (
        "africa",
        &[
            "african",
            "afrika",
            "afrikanische",
            "afrikanischen",
            "afrique",
            "africain",
            "africaine",
            "africains",
        ],
    ),
    ("nato", &["otan"]),
    ("opec", &["opep"]),
    ("imf", &["fmi", "iwf"]),
    ("wto", &["omc"]),
    (
        "mep",
        &[
            "meps",
            "eurodepute",
            "eurodeputes",
            "europaabgeordnete",
            "europaabgeordneten",
        ],
    ),
    ("ai", &["ki", "ia"]),
    ("ecb", &["bce", "ezb"]),
    (
        "china",
        &[
            "chinese",
            "chine",
            "chinois",
            "chinoise",
            "chinesisch",
            "chinesische",
            "chinesischen",
            "beijing",
            "peking",
            "pekin",
            "chinas",
            "pekings",
        ],
    ),
    (
        "germany",
        &[
            "german",
            "deutschland",
            "deutsche",
            "deutschen",
            "deutscher",
            "allemagne",
            "allemand",
            "allemande",
            "berlin",
            "deutschlands",
            "berlins",
        ],
    ),
    (
        "france",
        &[
            "french",
            "frankreich",
            "franzosisch",
            "franzosische",
            "francais",
            "francaise",
            "paris",
            "frankreichs",
        ],
    ),
    (
        "netherlands",
        &[
            "dutch",
            "niederlande",
            "niederlandisch",
            "niederlandische",
            "paysbas",
            "neerlandais",
            "neerlandaise",
            "hague",
            "haag",
            "haye",
        ],
    ),
    (
        "italy",
        &[
            "italian",
            "italien",
            "italienisch",
            "italienische",
            "italie",
            "italienne",
            "rome",
            "italiens",
        ],
    ),
    (
        "spain",
        &[
            "spanish",
            "spanien",
            "spanisch",
            "spanische",
            "espagne",
            "espagnol",
            "espagnole",
            "madrid",
            "spaniens",
        ],
    ),
    (
        "japan",
        &[
            "japanese",
            "japanisch",
            "japanische",
            "japon",
            "japonais",
            "japonaise",
            "tokyo",
            "tokio",
            "japans",
        ],
    ),
    (
        "russia",
        &[
            "russian",
            "russland",
            "russisch",
            "russische",
            "russie",
            "russe",
            "moscow",
            "moskau",
            "moscou",
            "kremlin",
            "russlands",
            "moskaus",
        ],
    ),
    (
        "ukraine",
        &[
            "ukrainian",
            "ukrainisch",
            "ukrainische",
            "ukrainien",
            "ukrainienne",
            "kyiv",
            "kiev",
            "kiew",
            "kiews",
        ],
    ),
    (
        "poland",
        &[
            "polish",
            "polen",
            "polnisch",
            "polnische",
            "pologne",
            "polonais",
            "warsaw",
            "warschau",
            "varsovie",
            "polens",
        ],
    ),
    (
        "taiwan",
        &["taiwanese", "taiwanisch", "taiwanais", "taipei", "taiwans"],
    ),
    (
        "korea",
        &[
            "korean",
            "korea",
            "koreanisch",
            "coree",
            "coreen",
            "seoul",
            "koreas",
        ],
    ),
    (
        "india",
        &["indian", "indien", "indisch", "inde", "delhi", "indiens"],
    ),
    (
        "israel",
        &[
            "israeli",
            "israelisch",
            "israelien",
            "israelienne",
            "israels",
        ],
    ),
    (
        "iran",
        &[
            "iranian",
            "iranisch",
            "iranien",
            "iranienne",
            "tehran",
            "teheran",
            "irans",
        ],
    ),
    (
        "canada",
        &[
            "canadian",
            "kanada",
            "kanadisch",
            "canadien",
            "canadienne",
            "ottawa",
            "kanadas",
        ],
    ),
    (
        "norway",
        &[
            "norwegian",
            "norwegen",
            "norwegisch",
            "norwegische",
            "norwegischen",
            "norwegisches",
            "norvege",
            "norvegien",
            "norvegienne",
            "oslo",
        ],
    ),
    (
        "iceland",
        &[
            "icelandic",
            "islande",
            "islandais",
            "islandaise",
            "islandisch",
            "islandische",
            "islandischen",
            "reykjavik",
        ],
    ),
    (
        "singapore",
        &["singaporean", "singapur", "singapour", "singapourien"],
    ),
    (
        "philippines",
        &[
            "philippine",
            "filipino",
            "philippinen",
            "philippinisch",
            "philippinische",
            "philippin",
            "philippine",
            "manila",
            "manille",
        ],
    ),
    (
        "sweden",
        &[
            "swedish",
            "schweden",
            "schwedisch",
            "schwedische",
            "schwedischen",
            "suedois",
            "suedoise",
            "stockholm",
        ],
    ),
    (
        "denmark",
        &[
            "danish",
            "danemark",
            "danisch",
            "danische",
            "danischen",
            "danois",
            "danoise",
            "copenhagen",
            "kopenhagen",
            "copenhague",
        ],
    ),
    (
        "finland",
        &[
            "finnish",
            "finnland",
            "finnisch",
            "finnische",
            "finnischen",
            "finlande",
            "finlandais",
            "finlandaise",
            "helsinki",
        ],
    ),
    (
        "ireland",
        &[
            "irish",
            "irland",
            "irisch",
            "irische",
            "irischen",
            "irlande",
            "irlandais",
            "irlandaise",
            "dublin",
        ],
    ),
    (
        "belgium",
        &[
            "belgian",
            "belgien",
            "belgisch",
            "belgische",
            "belgischen",
            "belgique",
            "belge",
            "belges",
        ],
    ),
    (
        "austria",
        &[
            "austrian",
            "osterreich",
            "osterreichisch",
            "osterreichische",
            "osterreichischen",
            "autriche",
            "autrichien",
            "autrichienne",
            "vienna",
            "wien",
        ],
    ),
    (
        "switzerland",
        &[
            "swiss",
            "schweiz",
            "schweizer",
            "schweizerisch",
            "schweizerische",
            "suisse",
            "suisses",
            "bern",
            "berne",
        ],
    ),
    (
        "greece",
        &[
            "greek",
            "griechenland",
            "griechisch",
            "griechische",
            "griechischen",
            "grece",
            "grec",
            "grecque",
            "athens",
            "athen",
            "athenes",
        ],
    ),
    (
        "portugal",
        &[
            "portuguese",
            "portugiesisch",
            "portugiesische",
            "portugais",
            "portugaise",
            "lisbon",
            "lissabon",
            "lisbonne",
        ],
    ),
    (
        "hungary",
        &[
            "hungarian",
            "ungarn",
            "ungarisch",
            "ungarische",
            "ungarischen",
            "hongrie",
            "hongrois",
            "hongroise",
            "budapest",
        ],
    ),
    (
        "croatia",
        &[
            "croatian",
            "kroatien",
            "kroatisch",
            "kroatische",
            "kroatischen",
            "croatie",
            "croate",
            "zagreb",
        ],
    ),
    (
        "czechia",
        &[
            "czech",
            "tschechien",
            "tschechisch",
            "tschechische",
            "tschechischen",
            "tcheque",
            "tchequie",
            "prague",
            "prag",
        ],
    ),
    (
        "romania",
        &[
            "romanian",
            "rumanien",
            "rumanisch",
            "rumanische",
            "roumanie",
            "roumain",
            "roumaine",
            "bucharest",
            "bukarest",
            "bucarest",
        ],
    ),
    (
        "estonia",
        &[
            "estonian",
            "estland",
            "estnisch",
            "estnische",
            "estonie",
            "estonien",
            "estonienne",
            "tallinn",
        ],
    ),
    (
        "latvia",
        &[
            "latvian",
            "lettland",
            "lettisch",
            "lettische",
            "lettonie",
            "letton",
            "lettone",
            "riga",
        ],
    ),
    (
        "lithuania",
        &[
            "lithuanian",
            "litauen",
            "litauisch",
            "litauische",
            "lituanie",
            "lituanien",
            "lituanienne",
            "vilnius",
        ],
    ),
    (
        "malaysia",
        &[
            "malaysian",
            "malaysisch",
            "malaysische",
            "malaisie",
            "malaisien",
            "malaisienne",
        ],
    ),
    (
        "thailand",
        &[
            "thai",
            "thailandisch",
            "thailandische",
            "thailande",
            "thailandais",
            "thailandaise",
            "bangkok",
        ],
    ),
    (
        "vietnam",
        &[
            "vietnamese",
            "vietnamesisch",
            "vietnamesische",
            "vietnamien",
            "vietnamienne",
            "hanoi",
        ],
    ),
    (
        "indonesia",
        &[
            "indonesian",
            "indonesien",
            "indonesisch",
            "indonesische",
            "indonesie",
            "indonesienne",
            "jakarta",
        ],
    ),
    ("singapore", &["singaporean", "singapur", "singapour"]),
    (
        "australia",
        &[
            "australian",
            "australien",
            "australisch",
            "australische",
            "australienne",
            "canberra",
        ],
    ),
    (
        "brazil",
        &[
            "brazilian",
            "brasilien",
            "brasilianisch",
            "brasilianische",
            "bresil",
            "bresilien",
            "bresilienne",
            "brasilia",
        ],
    ),
    (
        "mexico",
        &[
            "mexican",
            "mexiko",
            "mexikanisch",
            "mexikanische",
            "mexique",
            "mexicain",
            "mexicaine",
        ],
    ),
    (
        "turkey",
        &[
            "turkish",
            "turkiye",
            "turkei",
            "turkisch",
            "turkische",
            "turkischen",
            "turquie",
            "turc",
            "turque",
            "ankara",
        ],
    ),
    ("brussels", &["brussel", "bruxelles"]),
    ("pentagon", &["dod"]),
];

/// Places that are names in every language, in the [`ALIASES`] format: one
/// place each, not a whole country (never ubiquitous, see
/// [`is_ubiquitous_alias`]).
const PLACES: &[(&str, &[&str])] = &[
    // German places: German capitalises every noun, so in a German report a
    // place is a name only if it is listed here (with its "-er" adjective,
    // "Kasseler Klinikum", and its English and French forms). The Länder
    // with one-word names and the cities over about 200,000 people, less
    // the words with a common sense ("Essen" is food, "Halle" a hall,
    // "Münster" a minster, "Hamburger" and "Frankfurter" are food, "Bayern"
    // a football club, "Hamm" and "Hagen" surnames; "Sachsen" would take
    // the "Saxony" of "Lower Saxony"). Berlin is Germany, in [`ALIASES`].
    (
        "bavaria",
        &[
            "bavarian",
            "bayerisch",
            "bayerische",
            "bayerischen",
            "baviere",
        ],
    ),
    ("hesse", &["hessen", "hessisch", "hessische", "hessischen"]),
    (
        "thuringia",
        &[
            "thuringen",
            "thuringer",
            "thuringische",
            "thuringischen",
            "thuringe",
        ],
    ),
    (
        "brandenburg",
        &["brandenburger", "brandenburgische", "brandenburgischen"],
    ),
    ("saarland", &["saarlandische", "saarlandischen"]),
    ("hamburg", &[]),
    (
        "munich",
        &["munchen", "munchner", "munichois", "munichoise"],
    ),
    ("cologne", &["koln", "kolner"]),
    ("frankfurt", &["francfort"]),
    ("stuttgart", &["stuttgarter"]),
    ("dusseldorf", &["dusseldorfer"]),
    ("leipzig", &["leipziger"]),
    ("dortmund", &["dortmunder"]),
    ("bremen", &["bremer"]),
    ("dresden", &["dresdner", "dresde"]),
    (
        "hanover",
        &["hannover", "hannoversche", "hannoverschen", "hanovre"],
    ),
    ("nuremberg", &["nurnberg", "nurnberger"]),
    ("duisburg", &["duisburger"]),
    ("bochum", &["bochumer"]),
    ("wuppertal", &["wuppertaler"]),
    ("bielefeld", &["bielefelder"]),
    ("bonn", &["bonner"]),
    ("mannheim", &["mannheimer"]),
    ("karlsruhe", &["karlsruher"]),
    ("augsburg", &["augsburger"]),
    ("wiesbaden", &["wiesbadener"]),
    ("monchengladbach", &["monchengladbacher"]),
    ("gelsenkirchen", &["gelsenkirchener"]),
    ("aachen", &["aachener"]),
    ("brunswick", &["braunschweig", "braunschweiger"]),
    ("kiel", &["kieler"]),
    ("chemnitz", &["chemnitzer"]),
    ("magdeburg", &["magdeburger"]),
    ("freiburg", &["freiburger"]),
    ("krefeld", &["krefelder"]),
    ("mainz", &["mainzer", "mayence"]),
    ("lubeck", &["lubecker"]),
    ("erfurt", &["erfurter"]),
    ("oberhausen", &["oberhausener"]),
    ("rostock", &["rostocker"]),
    ("kassel", &["kasseler"]),
    ("potsdam", &["potsdamer"]),
    ("saarbrucken", &["saarbrucker"]),
    // Other European regions and cities that English, French and German
    // name differently ("Liguria", "Ligurie", "Ligurien"): across languages
    // a place is one of the few names two reports of a flood or a strike
    // share. Capitals stand for their countries, in [`ALIASES`]. Not
    // "Gênes" (folded, the English "genes") nor "Nice".
    ("liguria", &["ligurie", "ligurien", "ligurian"]),
    ("piedmont", &["piemont", "piemonte"]),
    ("lombardy", &["lombardie", "lombardei", "lombardia"]),
    ("tuscany", &["toscane", "toskana", "toscana"]),
    ("sicily", &["sicile", "sizilien", "sicilia", "sicilian"]),
    ("sardinia", &["sardaigne", "sardinien", "sardegna"]),
    ("venice", &["venise", "venedig", "venezia"]),
    ("milan", &["mailand", "milano"]),
    ("turin", &["torino"]),
    ("naples", &["neapel", "napoli"]),
    ("florence", &["florenz", "firenze"]),
    (
        "catalonia",
        &["catalogne", "katalonien", "catalunya", "cataluna"],
    ),
    ("andalusia", &["andalousie", "andalusien", "andalucia"]),
    ("seville", &["sevilla"]),
    ("corsica", &["corse", "korsika"]),
    ("brittany", &["bretagne"]),
    ("normandy", &["normandie"]),
    ("alsace", &["elsass"]),
    ("flanders", &["flandre", "flandern", "vlaanderen"]),
    ("wallonia", &["wallonie", "wallonien"]),
    ("geneva", &["geneve", "genf"]),
    ("basel", &["bale", "basler", "bâle", "basle"]),
    ("marseille", &["marseilles"]),
    ("antwerp", &["anvers", "antwerpen"]),
    ("gothenburg", &["goteborg", "goeteborg"]),
    ("krakow", &["cracovie", "krakau", "cracow"]),
    ("gdansk", &["dantzig", "danzig"]),
];

/// Whether an [`ALIASES`] canonical name stands for a whole country, bloc
/// or field ("us", "china", "eu", "ai") rather than for one actor ("nato",
/// "ecb", "opec", "pentagon"; every one of [`PLACES`], which are not in
/// [`ALIASES`]). Half the news of a week names the US, China or AI, so
/// sharing them says little about sharing an event: they count in the
/// similarity like any name, but across languages, where names and amounts
/// are the only evidence, all of them together make one anchor.
fn is_ubiquitous_alias(canonical: &str) -> bool {
    !matches!(
        canonical,
        "nato" | "ecb" | "pentagon" | "opec" | "imf" | "wto"
    )
}

/// What the built-in word lists say about a folded word: one lookup per
/// token for stopwords, calendar words, aliases and language guessing.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Lexeme {
    /// Bit per language (`Lang as u8`) it is a function word in; bit 7: a
    /// weekday or month.
    bits: u8,
    /// Its canonical name, for [`ALIASES`] and [`PLACES`].
    pub(crate) alias: Option<&'static str>,
    /// Its alias stands for a whole country, bloc or field
    /// ([`is_ubiquitous_alias`]), decided once when the table is built.
    pub(crate) ubiquitous: bool,
    /// Whether it names a US state ([`STATES`]): a name wherever it is
    /// capitalised, a headline's first word too.
    pub(crate) state: bool,
    /// Whether it is one of [`PLACES`]: a city or a region, which across
    /// languages anchors no more than its country does.
    pub(crate) place: bool,
}

const CALENDAR_BIT: u8 = 1 << 7;

impl Lexeme {
    /// Whether it carries no story information in `lang` (function words,
    /// reporting verbs, weekdays and months). English stopwords count in
    /// every language: English phrases turn up everywhere.
    pub(crate) fn is_stopword(&self, lang: Lang) -> bool {
        self.bits & (lang.bit() | Lang::En.bit() | CALENDAR_BIT) != 0
    }
}

/// Looks a folded word up in the built-in lists.
pub(crate) fn lexeme(folded: &str) -> Option<&'static Lexeme> {
    static TABLE: OnceLock<FxHashMap<&'static str, Lexeme>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table: FxHashMap<&'static str, Lexeme> = FxHashMap::default();
        for (lang, words) in STOPWORDS {
            for w in *words {
                table.entry(*w).or_default().bits |= lang.bit();
            }
        }
        for w in WEEKDAYS.iter().chain(CALENDAR) {
            table.entry(*w).or_default().bits |= CALENDAR_BIT;
        }
        for state in STATES.iter().filter(|s| !s.contains(' ')) {
            table.entry(*state).or_default().state = true;
        }
        // The US capital stands for its government in news ("Washington
        // et Pékin prolongent leur trêve"), a whole country as much as
        // "US" is (and no state of [`STATES`], for that reason).
        table.entry("washington").or_default().ubiquitous = true;
        let aliases = ALIASES.iter().map(|a| (a, is_ubiquitous_alias(a.0)));
        let places = PLACES.iter().map(|p| (p, false));
        for ((canonical, forms), ubiquitous) in aliases.chain(places) {
            for word in std::iter::once(canonical).chain(forms.iter()) {
                let lexeme = table.entry(*word).or_default();
                lexeme.alias = Some(*canonical);
                lexeme.ubiquitous = ubiquitous;
            }
        }
        for (canonical, forms) in PLACES {
            for word in std::iter::once(canonical).chain(forms.iter()) {
                table.entry(*word).or_default().place = true;
            }
        }
        table
    });
    table.get(folded)
}

/// Guesses the language of a text from its function words: feed it the
/// folded words with [`LangGuess::add`], then read [`LangGuess::lang`].
#[derive(Debug, Default)]
pub(crate) struct LangGuess {
    counts: [u32; 7],
}

impl LangGuess {
    #[cfg(test)]
    pub(crate) fn add(&mut self, folded: &str) {
        self.add_lexeme(lexeme(folded));
    }

    /// Adds a word by its [`lexeme`].
    pub(crate) fn add_lexeme(&mut self, lexeme: Option<&Lexeme>) {
        if let Some(lexeme) = lexeme {
            for (i, count) in self.counts.iter_mut().enumerate() {
                if lexeme.bits & (1 << i) != 0 {
                    *count += 1;
                }
            }
        }
    }

    /// English unless another language has clearly more function words.
    pub(crate) fn lang(&self) -> Lang {
        let mut best = Lang::En;
        let mut best_count = self.counts.first().copied().unwrap_or(0);
        for lang in Lang::ALL {
            let count = self.counts.get(lang as usize).copied().unwrap_or(0);
            if count > best_count + 1 {
                best = lang;
                best_count = count;
            }
        }
        best
    }
}

/// Guesses the language of folded words (see [`LangGuess`]).
#[cfg(test)]
pub(crate) fn detect_lang<'a>(words: impl Iterator<Item = &'a str>) -> Lang {
    let mut guess = LangGuess::default();
    words.for_each(|w| guess.add(w));
    guess.lang()
}

/// Weekdays (folded), in the supported languages: a story's day, never
/// evidence (see [`CALENDAR`]); a day's name also opens a round-up's
/// headline (`roundup.rs`).
pub(crate) const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "lunes",
    "martes",
    "miercoles",
    "jueves",
    "viernes",
];

/// Months and the days around today (folded), in the supported
/// languages: with [`WEEKDAYS`], words every story has, so they are
/// never evidence.
const CALENDAR: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "januar",
    "februar",
    "marz",
    "juni",
    "juli",
    "oktober",
    "dezember",
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
    "today",
    "yesterday",
    "tomorrow",
    "heute",
    "gestern",
    "morgen",
    "aujourd",
    "hier",
    "demain",
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
];

/// Function words and reporting verbs, folded, per language.
const STOPWORDS: &[(Lang, &[&str])] = &[
    (
        Lang::En,
        &[
            "a",
            "about",
            "above",
            "after",
            "again",
            "against",
            "all",
            "also",
            "am",
            "amid",
            "among",
            "an",
            "and",
            // The first word of a base's or a town's name ("Fort Bliss",
            // "Fort Worth"): the other word names it, and two bases' or
            // towns' reports share "Fort" by chance (a barracks contract
            // and a drone-defence award at one base, one day). In French
            // and German it is an adverb ("très fort", "fort").
            "fort",
            "any",
            "are",
            "around",
            "as",
            "at",
            "be",
            "because",
            "been",
            "before",
            "being",
            "between",
            "both",
            "but",
            "by",
            "can",
            "could",
            "did",
            "do",
            "does",
            "doing",
            "down",
            "during",
            "each",
            "either",
            "else",
            "even",
            "ever",
            "every",
            "few",
            "for",
            "from",
            "further",
            "had",
            "has",
            "have",
            "having",
            "he",
            "her",
            "here",
            "hers",
            "him",
            "his",
            "how",
            "however",
            "i",
            "if",
            "in",
            "into",
            "is",
            "it",
            "its",
            "itself",
            "just",
            "least",
            "less",
            "many",
            "may",
            "me",
            "might",
            "more",
            "most",
            "much",
            "must",
            "my",
            "near",
            "neither",
            "no",
            "nor",
            "not",
            "now",
            "of",
            "off",
            "on",
            "once",
            "one",
            "only",
            "onto",
            "or",
            "other",
            "others",
            "our",
            "out",
            "over",
            "own",
            "per",
            "same",
            "say",
            "said",
            "says",
            "saying",
            "she",
            "should",
            "since",
            "so",
            "some",
            "such",
            "than",
            "that",
            "the",
            "their",
            "theirs",
            "them",
            "then",
            "there",
            "these",
            "they",
            "this",
            "those",
            "though",
            "through",
            "to",
            "too",
            "told",
            "toward",
            "towards",
            "under",
            "until",
            "up",
            "upon",
            "us",
            "very",
            "via",
            "was",
            "we",
            "were",
            "what",
            "when",
            "where",
            "whether",
            "which",
            "while",
            "who",
            "whom",
            "whose",
            "why",
            "will",
            "with",
            "within",
            "without",
            "would",
            "yet",
            "you",
            "your",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "first",
            "second",
            "third",
            "new",
            "according",
            "told",
            "week",
            "year",
            "years",
            "day",
            "days",
            "month",
            "months",
            "last",
            "next",
            "earlier",
            "later",
            "ago",
            "get",
            "got",
            "make",
            "made",
            "take",
            "took",
            "set",
            "back",
            "still",
            "well",
            "way",
            "like",
            "including",
            "says",
            "according",
            "report",
            "reported",
            "reports",
            "news",
            "people",
            "time",
            "times",
            "s",
            "t",
            "don",
        ],
    ),
    (
        Lang::De,
        &[
            "aber", "alle", "allem", "allen", "aller", "alles", "als", "also", "am", "an", "ander",
            "andere", "anderen", "auch", "auf", "aus", "bei", "beim", "bereits", "bis", "bisher",
            "bleibt", "da", "dabei", "dadurch", "dafur", "damit", "dann", "darauf", "das", "dass",
            "dem", "den", "denen", "der", "des", "deshalb", "die", "dies", "diese", "diesem",
            "diesen", "dieser", "dieses", "doch", "dort", "durch", "ein", "eine", "einem", "einen",
            "einer", "eines", "er", "es", "etwa", "fur", "gegen", "hat", "hatte", "hatten", "ihr",
            "ihre", "ihrem", "ihren", "ihrer", "im", "in", "ist", "jahr", "jahren", "jetzt",
            "kann", "kein", "keine", "mehr", "mit", "nach", "nicht", "noch", "nun", "nur", "ob",
            "oder", "ohne", "sei", "sein", "seine", "seinem", "seinen", "seiner", "seit", "sich",
            "sie", "sind", "so", "soll", "sollen", "sowie", "uber", "um", "und", "uns", "unter",
            "vom", "von", "vor", "war", "waren", "was", "weil", "wenn", "werden", "wie", "wieder",
            "will", "wir", "wird", "wurde", "wurden", "zu", "zum", "zur", "zwei", "drei", "sagte",
            "sagt", "heisst", "laut", "neue", "neuen", "neuer", "einem", "zwischen", "wegen",
            "worden", "habe", "haben", "konnte", "mussen", "muss", "demnach", "bislang", "rund",
            "knapp",
        ],
    ),
    (
        Lang::Fr,
        &[
            "a", "afin", "ai", "ainsi", "apres", "au", "aucun", "aupres", "aussi", "autre",
            "autres", "aux", "avait", "avant", "avec", "avoir", "c", "ce", "ceci", "cela", "celle",
            "celui", "ces", "cet", "cette", "chez", "comme", "contre", "d", "dans", "de", "depuis",
            "des", "deux", "dont", "du", "elle", "elles", "en", "encore", "entre", "est", "et",
            "etaient", "etait", "ete", "etre", "eu", "fait", "il", "ils", "j", "je", "l", "la",
            "le", "les", "leur", "leurs", "lors", "lui", "m", "mais", "me", "meme", "mes", "moins",
            "n", "ne", "ni", "nos", "notre", "nous", "on", "ont", "ou", "par", "pas", "pendant",
            "peut", "plus", "pour", "qu", "quand", "que", "quel", "quelle", "qui", "s", "sa",
            "sans", "se", "selon", "ses", "si", "son", "sont", "sous", "sur", "ta", "tout",
            "toute", "tous", "tres", "trois", "un", "une", "vers", "y", "annee", "ans", "nouveau",
            "nouvelle", "deja", "dit", "declare", "indique", "entre", "environ", "apres",
        ],
    ),
    (
        Lang::Es,
        &[
            "al", "como", "con", "de", "del", "el", "en", "entre", "es", "esta", "este", "ha",
            "han", "la", "las", "lo", "los", "mas", "para", "pero", "por", "que", "se", "segun",
            "sin", "sobre", "su", "sus", "un", "una", "y", "fue", "ser", "tras", "ya", "muy",
        ],
    ),
    (
        Lang::It,
        &[
            "al", "alla", "anche", "che", "come", "con", "da", "dal", "dalla", "dei", "del",
            "della", "delle", "di", "e", "gli", "ha", "il", "in", "la", "le", "lo", "ma", "nel",
            "nella", "non", "per", "piu", "se", "si", "sono", "su", "sul", "sulla", "tra", "un",
            "una", "uno", "stato", "essere",
        ],
    ),
    (
        Lang::Nl,
        &[
            "aan", "al", "als", "bij", "dan", "dat", "de", "die", "dit", "door", "een", "en", "er",
            "het", "heeft", "hij", "in", "is", "maar", "met", "naar", "niet", "nog", "of", "om",
            "ook", "op", "over", "te", "tot", "uit", "van", "voor", "was", "wat", "werd", "wordt",
            "zijn", "ze", "zich",
        ],
    ),
    (
        Lang::Pt,
        &[
            "ao", "aos", "as", "com", "como", "da", "das", "de", "do", "dos", "e", "em", "entre",
            "foi", "mais", "mas", "na", "nas", "no", "nos", "o", "os", "para", "pela", "pelo",
            "por", "que", "se", "sem", "seu", "sua", "um", "uma", "ja", "sao", "tem",
        ],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// A word listed under two names would silently take the later one's
    /// ("berlin" is Germany's; a city list once made it a name of its own).
    #[test]
    fn no_alias_form_belongs_to_two_names() {
        let mut seen: std::collections::HashMap<&str, &str> = Default::default();
        for (canonical, forms) in ALIASES.iter().chain(PLACES) {
            for word in std::iter::once(canonical).chain(forms.iter()) {
                let first = *seen.entry(word).or_insert(canonical);
                assert_eq!(
                    first, *canonical,
                    "{word} is listed under {first} and {canonical}"
                );
            }
        }
    }

    /// A British outlet's "defence programme" and an American one's
    /// "defense program" share their terms; other languages are untouched.
    #[test]
    fn british_and_american_spellings_are_one_term() {
        for (british, american) in [("defence", "defense"), ("programme", "program")] {
            assert_eq!(stem(Lang::En, british), stem(Lang::En, american));
            assert_eq!(
                WordCache::uncached().stem(Lang::En, british),
                stem(Lang::En, american)
            );
        }
        assert_ne!(stem(Lang::Fr, "defence"), stem(Lang::Fr, "defense"));
    }

    /// A thread beyond the cap extracts uncached, with the same result.
    #[test]
    fn uncached_threads_fold_and_stem_alike() {
        let mut uncached = WordCache::uncached();
        let mut cached = WordCache {
            folds: SlotCache::new(),
            stems: SlotCache::new(),
            counted: true,
        };
        CACHES_HELD.fetch_add(1, Ordering::AcqRel);
        for word in [
            "Contracts",
            "Rüstungskonzern",
            "NATO",
            "négociations",
            "running",
        ] {
            let (mut a, mut b) = (String::new(), String::new());
            let la = uncached.fold_into(word, &mut a).map(|l| l as *const Lexeme);
            // Twice: a miss, then a hit.
            for _ in 0..2 {
                b.clear();
                let lb = cached.fold_into(word, &mut b).map(|l| l as *const Lexeme);
                assert_eq!((&a, la), (&b, lb), "{word}");
                for lang in [Lang::En, Lang::De, Lang::Fr] {
                    assert_eq!(
                        uncached.stem(lang, &a).into_owned(),
                        cached.stem(lang, &b).into_owned()
                    );
                }
            }
        }
        assert!(!uncached.caches() && cached.caches());
        // (Dropping `cached` gives back the count added above.)
    }

    fn toks(text: &str) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        tokenize(text, Lang::En, 1000, &mut out);
        out.iter()
            .map(|t| (t.raw.to_string(), t.sentence_start))
            .collect()
    }

    fn raws(text: &str, lang: Lang) -> Vec<String> {
        let mut out = Vec::new();
        tokenize(text, lang, 1000, &mut out);
        out.iter().map(|t| t.raw.to_string()).collect()
    }

    #[test]
    fn a_word_that_goes_on_after_an_apostrophe_is_one_word() {
        assert_eq!(
            raws("Nor'easter kills 3", Lang::En),
            ["Nor'easter", "kills", "3"]
        );
        assert_eq!(raws("aujourd'hui", Lang::Fr), ["aujourd'hui"]);
        // Elisions, contractions and possessives stay apart.
        assert_eq!(raws("l'armée", Lang::Fr), ["l", "armée"]);
        assert_eq!(raws("lorsqu'elle", Lang::Fr), ["lorsqu", "elle"]);
        assert_eq!(raws("they're", Lang::En), ["they", "re"]);
        assert_eq!(raws("NATO's plan", Lang::En), ["NATO", "plan"]);
    }

    fn numbers(text: &str, lang: Lang) -> Vec<(f64, i32, bool)> {
        let mut out = Vec::new();
        tokenize(text, lang, 1000, &mut out);
        out.iter()
            .filter_map(|t| match t.kind {
                TokenKind::Number(n) => {
                    Some((parse_digits(n.digits, lang)?, n.exponent, n.percent))
                }
                TokenKind::Word(_) => None,
            })
            .collect()
    }

    #[test]
    fn strips_wire_prefixes() {
        assert_eq!(
            strip_wire_prefix("UPDATE 2-OpenAI in talks"),
            "OpenAI in talks"
        );
        assert_eq!(
            strip_wire_prefix("EXCLUSIVE-NATO weighs deal"),
            "NATO weighs deal"
        );
        assert_eq!(
            strip_wire_prefix("BRIEF-Rheinmetall says"),
            "Rheinmetall says"
        );
        assert_eq!(
            strip_wire_prefix("Factbox: Who is bidding"),
            "Who is bidding"
        );
        assert_eq!(
            strip_wire_prefix("Analysis: Why it matters"),
            "Why it matters"
        );
        assert_eq!(
            strip_wire_prefix("UPDATE 1-EXCLUSIVE-Deal near"),
            "Deal near"
        );
        assert_eq!(
            strip_wire_prefix("Update-Pflicht für Router"),
            "Update-Pflicht für Router"
        );
        assert_eq!(strip_wire_prefix("Updated forecast"), "Updated forecast");
        assert_eq!(strip_wire_prefix("Live: results"), "results");
        assert_eq!(strip_wire_prefix(""), "");
        assert_eq!(strip_wire_prefix("UPDATE 2-"), "");
        // Words with accents are folded before the comparison.
        assert_eq!(strip_wire_prefix("Décryptage : la réforme"), "la réforme");
        assert_eq!(strip_wire_prefix("Éxclusif: Renault"), "Renault");
        assert_eq!(strip_wire_prefix("Réforme: le vote"), "Réforme: le vote");
    }

    #[test]
    fn a_story_is_titled_by_its_headline_without_wire_prefixes() {
        assert_eq!(
            story_title("UPDATE 2-OpenAI in talks with NATO "),
            "OpenAI in talks with NATO"
        );
        assert_eq!(story_title("EXCLUSIVE: Deal near"), "Deal near");
        assert_eq!(story_title("Nothing to strip"), "Nothing to strip");
        // Nothing but a prefix: the headline stays as written.
        assert_eq!(story_title("UPDATE 2-"), "UPDATE 2-");
        assert_eq!(story_title(""), "");
    }

    #[test]
    fn tokenizes_sentences_acronyms_and_designators() {
        assert_eq!(
            toks("The U.S. Army buys F-35 jets. OpenAI's model: NATO"),
            [
                ("The".to_string(), true),
                ("U.S.".to_string(), false),
                ("Army".to_string(), false),
                ("buys".to_string(), false),
                ("F-35".to_string(), false),
                ("jets".to_string(), false),
                ("OpenAI".to_string(), true),
                ("model".to_string(), false),
                ("NATO".to_string(), true),
            ]
        );
        assert_eq!(
            raws("Mr. Altman met Dr. Smith", Lang::En),
            ["Mr", "Altman", "met", "Dr", "Smith"]
        );
        assert!(!toks("Mr. Altman")[1].1, "no sentence break after Mr.");
        assert_eq!(
            raws(
                "aux États-Unis, au Royaume-Uni et aux Pays-Bas, pas en Haute-Savoie",
                Lang::Fr
            ),
            [
                "aux",
                "États-Unis",
                "au",
                "Royaume-Uni",
                "et",
                "aux",
                "Pays-Bas",
                "pas",
                "en",
                "Haute",
                "Savoie"
            ]
        );
        assert_eq!(
            raws("NATO-Netzwerke und 5G", Lang::De),
            ["NATO", "Netzwerke", "und", "5G"]
        );
        // A decimal measure is one word, not "1" and "4TB".
        assert_eq!(
            raws("took 1.4TB of files at 2,5GHz.", Lang::En),
            ["took", "1.4TB", "of", "files", "at", "2,5GHz"]
        );
        assert_eq!(numbers("took 1.4TB", Lang::En), []);
    }

    #[test]
    fn reads_numbers_with_units() {
        assert_eq!(numbers("$200m deal", Lang::En), [(200.0, 6, false)]);
        // An amount hyphenated into an adjective, its currency a word of
        // its own; a designator stays one word.
        assert_eq!(
            numbers("approves 1.7-billion-euro purchase", Lang::En),
            [(1.7, 9, false)]
        );
        assert_eq!(
            raws("a 310-million-euro deal for 737-MAX jets", Lang::En),
            ["a", "310-million", "euro", "deal", "for", "737-MAX", "jets"]
        );
        assert_eq!(
            numbers("200 million dollars", Lang::En),
            [(200.0, 6, false)]
        );
        assert_eq!(numbers("€2.1bn", Lang::En), [(2.1, 9, false)]);
        assert_eq!(numbers("2,1 Milliarden Euro", Lang::De), [(2.1, 9, false)]);
        assert_eq!(
            numbers("2,1 milliards d'euros", Lang::Fr),
            [(2.1, 9, false)]
        );
        assert_eq!(
            numbers("200.000 Soldaten", Lang::De),
            [(200_000.0, 0, false)]
        );
        assert_eq!(numbers("200,000 troops", Lang::En), [(200_000.0, 0, false)]);
        assert_eq!(numbers("1,234,567", Lang::En), [(1_234_567.0, 0, false)]);
        assert_eq!(numbers("35%", Lang::En), [(35.0, 0, true)]);
        // Currency codes as trade titles and some wires write them.
        assert_eq!(numbers("EUR100 million", Lang::En), [(100.0, 6, false)]);
        assert_eq!(numbers("a GBP 38m award", Lang::En), [(38.0, 6, false)]);
        assert_eq!(raws("USD1.2bn", Lang::En), ["USD1.2bn"]);
        assert!(has_currency("EUR100") && has_currency("$5") && !has_currency("100"));
        // A code that is no amount's stays a word.
        assert_eq!(
            raws("EUR zone, EURO5, USD", Lang::En),
            ["EUR", "zone", "EURO5", "USD"]
        );
        assert_eq!(raws("EUR5G", Lang::En), ["EUR5G"]);
        // A country's dollar: its letters are the amount's, no name.
        assert_eq!(
            raws("NT$980 billion, A$64.8bn and US$ 5", Lang::En),
            ["NT$980 billion", "A$64.8bn", "and", "US", "5"]
        );
        assert!(has_currency("NT$980") && !has_currency("NT980"));
        // A krone's letters glued to the amount, as the FT writes it.
        assert_eq!(
            raws("a NKr2.1bn order, SKr500m and NKr", Lang::En),
            ["a", "NKr2.1bn", "order", "SKr500m", "and", "NKr"]
        );
        assert_eq!(numbers("NKr2.1bn", Lang::En), [(2.1, 9, false)]);
        assert!(has_currency("NKr2.1bn") && !has_currency("NKr") && !has_currency("Kr2"));
        assert_eq!(numbers("35 per cent of", Lang::En), [(35.0, 0, true)]);
        assert_eq!(numbers("12 Prozent", Lang::De), [(12.0, 0, true)]);
        assert_eq!(
            numbers("200\u{202F}000 soldats", Lang::Fr),
            [(200_000.0, 0, false)]
        );
        assert_eq!(numbers("3 Billionen", Lang::De), [(3.0, 12, false)]);
        assert_eq!(numbers("5G and 2nd", Lang::En), []);
    }

    #[test]
    fn detects_languages() {
        let de = "der Vertrag mit der NATO wird von dem Konzern und den Partnern";
        let fr = "le contrat avec l OTAN est signé par les partenaires et la société";
        let en = "the contract with NATO is signed by the partners and the company";
        let words = |s: &'static str| s.split(' ').map(fold).collect::<Vec<_>>();
        assert_eq!(detect_lang(words(de).iter().map(String::as_str)), Lang::De);
        assert_eq!(detect_lang(words(fr).iter().map(String::as_str)), Lang::Fr);
        assert_eq!(detect_lang(words(en).iter().map(String::as_str)), Lang::En);
        assert_eq!(detect_lang(std::iter::empty()), Lang::En);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "",
            ".",
            "'s",
            "$",
            "1.",
            "1,",
            "-",
            "F-",
            "-35",
            "U.",
            "U.S",
            "A.B.C.D.E.F",
            "9999999999999999999999999999999999999999999999999999",
            "１２３ ＡＢＣ",
            "e\u{301}",
            "\u{00A0}000",
            "1\u{202F}00",
            "%",
            "3 per",
            "x'",
            "x’s",
            "ǅ",
            "İstanbul",
        ] {
            let mut out = Vec::new();
            tokenize(text, Lang::De, 100, &mut out);
            tokenize(text, Lang::En, 100, &mut out);
            for t in &out {
                if let TokenKind::Number(n) = t.kind {
                    let _ = parse_digits(n.digits, Lang::Fr);
                }
            }
            let _ = strip_wire_prefix(text);
        }
    }
}
