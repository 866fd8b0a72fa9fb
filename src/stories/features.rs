//! Feature extraction: from an item's title, summary and content to a small
//! weighted set of terms (words, names, numbers), independent of any index.
//!
//! * **Fields.** The title counts most, then the lead (first sentence of the
//!   summary, or of the content when there is no summary), then the rest of
//!   the summary, then the content. A term's weight is the sum of the weights
//!   of the fields it occurs in, capped, so repeating a word does not make it
//!   evidence.
//! * **Words** are folded (compatibility decomposition, case, accents) and
//!   stemmed in the item's language; function words, reporting verbs,
//!   weekdays and months are dropped.
//! * **Names** are stemmed with the English stemmer whatever the item's
//!   language, so "OpenAI", "NATO" or "Rheinmetall" give the same term in an
//!   English, German or French report. A word is a name if it is written as
//!   an acronym, in mixed case or with digits ("NATO", "OpenAI", "F-35")
//!   anywhere, or capitalised in the middle of a sentence at least as often
//!   as in lower case. Capitals at a sentence start or in a title-case
//!   headline say nothing; such words are stemmed like names, so
//!   "Anthropic" at a sentence start meets "Anthropic" elsewhere and a
//!   title-case "Contracts" meets "contract".
//! * **Numbers** become comparable values: "$200m", "200 million" and
//!   "200 Millionen" are the same term, "€2.1bn", "EUR2.1 billion" and
//!   "2,1 Milliarden" too (two significant digits, currency ignored; a
//!   currency code before an amount is part of it, no name); percentages
//!   are their own kind (the currency of the title's and lead's amounts
//!   is kept apart, [`Currency`], so that "$3.4 billion" and "2.9 bln
//!   euros" are not taken for two deals). An amount with two significant
//!   digits also gets, weakly, the key it rounds to: "$1.07 trillion"
//!   meets "tops $1 trillion" (the index lets a rounding meet only an
//!   amount as written, so "$1.2bn" and "$1.4bn" do not meet). Plain
//!   integers below 10,000 (years, days, counts) are kept exactly but
//!   weigh little.
//! * **Identifiers**: a capitalised word followed by a plain integer
//!   ("House Bill 2217", "Flight 302", "Llama 5") is also kept whole, as a
//!   name whose key says which word labels it ([`ident_label`]). Two items
//!   that give one label different numbers and share none under it report
//!   two bills, flights or models, however much else they share; the index
//!   scores that as a conflict. A headline's score or tally ("3-1", "2:2",
//!   "221-206") is an identifier too, under a label of its own: two
//!   matches of one night, two votes of one day.
//!
//! Term keys are 64-bit hashes of the folded form; the display form (as
//! first written) is kept for explanations.

use super::actors::{Actors, HeadWord};
use super::direction::Direction;
use super::financing::{Financing, Piece, announces_a_launch, financing_of};
use super::follow_up::{follows_another, says_this_time};
use super::guidance::{Guidance, guidance_of};
use super::hash::{FxHashMap, key_hash};
use super::leadership::{Leadership, leadership_of};
use super::oversight::{Oversight, oversight_of};
use super::penalty::{Penalty, penalty_of};
use super::prosecution::{Prosecution, prosecution_of};
use super::roundup::{
    adds_someones_deal_to_a_clause, asks_which_of_two, counts_an_owners_several,
    counts_several_deals, credits_two_causes, ends_with_a_newsletter_name,
    follows_a_gathering_live, follows_several_live, is_roundup, joins_two_events,
    joins_two_governments, lead_lists_several, lead_weighs_two_owners, lists_and_more,
    lists_several_owners, lists_three_between_dashes, lists_three_clauses, lists_three_subjects,
    lists_three_things, names_a_list_or_review, names_an_issue_by_its_day, names_several_movers,
    names_the_movers, names_two_deals, names_two_fixtures, opens_with_a_day_of_several,
    opens_with_a_live_blog, opens_with_a_market_desk, opens_with_a_newsletter_brand,
    opens_with_a_week_of_several, opens_with_a_wrap, opens_with_newsletter,
    opens_with_what_we_watch, pairs_two_articled_things, pairs_two_owners_things,
    pairs_two_places_things, says_both_did, signs_one_but_vetoes_another, speaks_for_us,
    three_names_move, two_places_before_a_colon, weighs_one_and_another,
    weighs_two_things_before_a_colon, weighs_two_ways,
};
use super::stage::{Stage, stage_of};
use super::text::{
    Lang, LangGuess, Lexeme, Shape, Token, TokenKind, WordCache, has_currency, parse_digits,
    strip_wire_prefix, tokenize, two_word_state, with_word_cache,
};

/// The most terms an item keeps (by weight); the index stores fewer.
pub(crate) const MAX_FEATURE_TERMS: usize = 48;

/// The top 24 bits of an identifier's key; its label's hash and its
/// number's hash fill 20 bits each. A word's or number's key (a 64-bit
/// hash) carries this tag by chance once in 16.7 million terms, and then
/// also needs a label's 20 bits to be taken for one.
const IDENT_TAG: u64 = 0x1D_E7A6;
/// The longest number an identifier takes (digits).
const IDENT_MAX_DIGITS: usize = 6;

/// The key of identifier `label number` ("bill", "2217").
pub(crate) fn ident_key(label: &str, number: &str) -> u64 {
    (IDENT_TAG << 40) | ((key_hash(label) & 0xF_FFFF) << 20) | (key_hash(number) & 0xF_FFFF)
}

/// The label of an identifier's key (`None`: the key is not one).
pub(crate) fn ident_label(key: u64) -> Option<u32> {
    (key >> 40 == IDENT_TAG).then_some(((key >> 20) & 0xF_FFFF) as u32)
}

/// Caps on the text read per field, in bytes and tokens: they bound the cost
/// of an item, and the lead of a story is at its start.
const MAX_TITLE_BYTES: usize = 400;
const MAX_SUMMARY_BYTES: usize = 2_000;
const MAX_CONTENT_BYTES: usize = 3_000;
const MAX_TITLE_TOKENS: usize = 60;
const MAX_SUMMARY_TOKENS: usize = 200;
const MAX_CONTENT_TOKENS: usize = 300;

/// Field weights: the title and the lead sentence say what the story is.
const W_TITLE: f32 = 1.0;
const W_LEAD: f32 = 0.7;
const W_BODY: f32 = 0.35;
const W_CONTENT: f32 = 0.2;
/// A term's summed field weight is capped here.
const W_CAP: f32 = 1.6;

/// What a term is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TermKind {
    /// A stemmed common word ("contract", "ransomware").
    Word,
    /// A name: acronym, mixed case, designator or mid-sentence capital.
    Name,
    /// A number with a unit, a decimal, a percentage or at least 10,000.
    Number,
    /// A plain integer below 10,000: a year, a day, a count.
    SmallNumber,
}

impl TermKind {
    /// Multiplier on the field weight: names and amounts are what outlets
    /// share when their wording differs; small numbers are mostly dates.
    fn factor(self) -> f32 {
        match self {
            TermKind::Word => 1.0,
            TermKind::Name | TermKind::Number => 1.6,
            TermKind::SmallNumber => 0.4,
        }
    }

    /// Language-neutral terms: the only ones two items in different
    /// languages can share.
    pub fn is_neutral(self) -> bool {
        !matches!(self, TermKind::Word)
    }

    pub(crate) fn to_bits(self) -> u8 {
        match self {
            TermKind::Word => 0,
            TermKind::Name => 1,
            TermKind::Number => 2,
            TermKind::SmallNumber => 3,
        }
    }

    pub(crate) fn from_bits(bits: u8) -> TermKind {
        match bits & 3 {
            0 => TermKind::Word,
            1 => TermKind::Name,
            2 => TermKind::Number,
            _ => TermKind::SmallNumber,
        }
    }
}

/// One term of an item.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// Hash of the folded (and, for words, stemmed) form.
    pub key: u64,
    pub kind: TermKind,
    /// Field weight times kind factor (0 to about 2).
    pub weight: f32,
    /// Where the term as first written ("OpenAI", "$200m", "contracts") is
    /// in [`Features::display`]'s text.
    display: (u32, u32),
    /// The fields it occurs in: bit 0 title, 1 lead, 2 rest of the
    /// summary, 3 content.
    pub fields: u8,
    /// A name that stands for a whole country, bloc or field ("US",
    /// "Chinese", "AI", "Washington"; see `text::is_ubiquitous_alias`): it
    /// counts in the similarity like any name, but across languages all
    /// such names two items share make one anchor, not one each.
    pub(crate) ubiquitous: bool,
    /// A city or region of `text::PLACES` ("München", "Munich",
    /// "munichoise"): across languages, it and the country names two items
    /// share are one term in common towards `StoryConfig::min_shared_terms`
    /// (a Munich-based firm's order and Munich's snowed-in airport share the
    /// city, Germany and a stray word, and nothing else).
    pub(crate) place: bool,
    /// An amount stated with two significant digits ("$1.07 trillion",
    /// "€6.2m"), rounded to one: the term an outlet writing "$1 trillion"
    /// or "€6m" has. Its kind is [`TermKind::SmallNumber`]: it weighs as
    /// little as a small number (heavier, it takes the place of other terms
    /// in the index's record and merged distinct events on the labeled
    /// corpora), and no other term with an amount's key has that kind, so
    /// the index, whose two kind bits are taken, can tell it. Two rounded
    /// terms meeting are two different precise amounts and count for
    /// nothing; a rounded term meeting an amount is that amount (see
    /// `index::score`).
    pub(crate) rounded: bool,
    /// For a name the title writes right before another capitalised word
    /// ("Claire" in "Claire Vasseur veut ..."), that word's key (0: none):
    /// a first name is nobody else when the other report names the
    /// surname (`index::decide`, the rule on names).
    pub(crate) before: u64,
}

/// The features of one item: its terms, heaviest first, and its language.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Features {
    pub(crate) terms: Vec<Term>,
    /// The display forms of the terms, one after the other.
    text: String,
    pub(crate) lang: Option<Lang>,
    /// Whether its title and lead speak of what is to come or of what was
    /// done (`stories/stage.rs`).
    pub(crate) stage: Stage,
    /// Whether its headline announces a funding round, or its title and
    /// lead say nothing of one (`stories/financing.rs`).
    pub(crate) financing: Financing,
    /// Whether its headline announces a launch and gives no number
    /// (`stories/financing.rs`).
    pub(crate) launch: bool,
    /// Whether its headline tells of a criminal case, or its title and
    /// lead say nothing of one (`stories/prosecution.rs`).
    pub(crate) prosecution: Prosecution,
    /// The government that opens its headline and the chambers it names
    /// (`stories/actors.rs`).
    pub(crate) actors: Actors,
    /// Whether its headline imposes a measure or lifts one
    /// (`stories/direction.rs`).
    pub(crate) direction: Direction,
    /// Whether its headline tells of a change of leaders, or its title and
    /// lead say nothing of its leaders (`stories/leadership.rs`).
    pub(crate) leadership: Leadership,
    /// Whether its title or lead tells of a forecast cut, or they say
    /// nothing of forecasts or results (`stories/guidance.rs`).
    pub(crate) guidance: Guidance,
    /// Whether its headline tells of a hearing, or its title and lead say
    /// nothing of lawmakers (`stories/oversight.rs`).
    pub(crate) oversight: Oversight,
    /// Whether the headline tells of a fine, or the title and lead say
    /// nothing of fines or enforcement (`stories/penalty.rs`).
    pub(crate) penalty: Penalty,
    /// Whether its headline names a digest of several events ("The Week
    /// in Ransomware", "Morning briefing"; `stories/roundup.rs`).
    pub(crate) roundup: bool,
    /// Whether its headline dates its event days after another one
    /// (`stories/follow_up.rs`).
    pub(crate) follow_up: bool,
    /// Whether its headline tells of a contract or an award ("Army picks
    /// Shield AI for $412M ... deal", "vergibt", "attribue").
    pub(crate) award: bool,
    /// The currency of the amounts its title and lead give
    /// ([`Currency`]).
    pub(crate) currency: Currency,
}

/// The currency of the amounts an item's title and lead give. An
/// American outlet writes "$3.4 billion" where a European one writes "2.9
/// bln euros": the same order, two amounts that share no key. So two
/// reports leading with amounts in dollars and in euros are not taken for
/// two deals by the amount rule (`StoryConfig::amount_conflict_factor`);
/// all else still has to join them. Nor are, in one language, a report
/// leading with a market's move in percent and one leading with any
/// other amount: "Saab shares jump 6% as Peru picks Gripen" measures what
/// "Saab Wins Peru Fighter Deal Worth About $2.6 Billion" did to the
/// shares. (Percentages told as no move, "duties of 12.7%-34.6%", are
/// rates that may be another measure's; and another currency may be a
/// second country's order, "120 mln euros" against zlotys: both still
/// clash.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[repr(u8)]
pub enum Currency {
    /// No amount with a currency, or amounts in several.
    #[default]
    Unknown = 0,
    Dollar = 1,
    Euro = 2,
    /// A percentage after a word of rising or falling and no sum of money
    /// ("Saab shares jump 6% as Peru picks Gripen", "Norway's budget
    /// lifts defence spending 11%"): a move, told by what it is not.
    Move = 3,
}

impl Currency {
    /// One in dollars, the other in euros: the amounts may be one, converted.
    pub fn converts(self, other: Currency) -> bool {
        matches!(
            (self, other),
            (Currency::Dollar, Currency::Euro) | (Currency::Euro, Currency::Dollar)
        )
    }

    /// One a market's move in percent, the other not: the amounts may be
    /// a move and its cause (a sum in dollars or euros, a count, another
    /// currency).
    pub fn measures(self, other: Currency) -> bool {
        (self == Currency::Move) != (other == Currency::Move)
    }

    pub(crate) fn from_bits(bits: u8) -> Currency {
        match bits {
            1 => Currency::Dollar,
            2 => Currency::Euro,
            3 => Currency::Move,
            _ => Currency::Unknown,
        }
    }
}

impl Features {
    /// Extracts the features of an item. Never fails; an item without text
    /// has no terms (and will never join a story).
    pub fn extract(title: &str, summary: &str, content: &str) -> Features {
        extract(title, summary, content)
    }

    /// The terms, heaviest first.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// A term as first written in the item ("OpenAI", "$200 million").
    pub fn display(&self, term: &Term) -> &str {
        self.text
            .get(term.display.0 as usize..term.display.1 as usize)
            .unwrap_or("")
    }

    /// The guessed language (English when unsure).
    pub fn lang(&self) -> Lang {
        self.lang.unwrap_or(Lang::En)
    }

    /// Whether the title and lead speak of what is to come or of what was
    /// done (English only).
    pub fn stage(&self) -> Stage {
        self.stage
    }

    /// What its title and lead say of a funding round.
    pub fn financing(&self) -> Financing {
        self.financing
    }

    /// Whether its headline announces a launch (and gives no number).
    pub fn launch(&self) -> bool {
        self.launch
    }

    /// What its title and lead say of a criminal case.
    pub fn prosecution(&self) -> Prosecution {
        self.prosecution
    }

    /// What its title and lead say of a change of leaders.
    pub fn leadership(&self) -> Leadership {
        self.leadership
    }

    /// What its title and lead say of a forecast cut.
    pub fn guidance(&self) -> Guidance {
        self.guidance
    }

    /// What its title and lead say of lawmakers.
    pub fn oversight(&self) -> Oversight {
        self.oversight
    }

    /// What the title and lead say of a fine.
    pub fn penalty(&self) -> Penalty {
        self.penalty
    }

    /// Whether its headline names a digest of several events.
    pub fn roundup(&self) -> bool {
        self.roundup
    }

    /// Whether its headline dates its event days after another one.
    pub fn follow_up(&self) -> bool {
        self.follow_up
    }

    /// Whether its headline tells of a contract or an award.
    pub fn award(&self) -> bool {
        self.award
    }

    /// The currency of the amounts its title and lead give.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// Who acted, as its headline says.
    pub fn actors(&self) -> Actors {
        self.actors
    }

    /// Whether its headline imposes a measure or lifts one.
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// Whether its title names `key` (a term key).
    pub(crate) fn title_names(&self, key: u64) -> bool {
        self.terms
            .iter()
            .any(|t| t.key == key && t.kind == TermKind::Name && t.fields & 1 != 0)
    }

    /// Two headlines that each open with a different government, neither
    /// naming the other's country or one answering the other's measure, or
    /// that name different chambers (`stories/actors.rs`): what the index
    /// scores as two events, here for two items' features.
    pub fn actors_clash(&self, other: &Features) -> bool {
        let (a, b) = (self.actors, other.actors);
        let governments = a.different_openers(b)
            && !a.opener_keys().iter().any(|&k| other.title_names(k))
            && !b.opener_keys().iter().any(|&k| self.title_names(k));
        governments || a.retaliation_against(b) || a.different_chambers(b)
    }
}

/// Cuts `text` to at most `max` bytes, at a char boundary.
fn cap(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1; // terminates: 0 is a char boundary
    }
    text.get(..end).unwrap_or("")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Lead,
    Body,
    Content,
}

impl Field {
    fn bit(self) -> u8 {
        match self {
            Field::Title => 1,
            Field::Lead => 2,
            Field::Body => 4,
            Field::Content => 8,
        }
    }

    fn weight(self) -> f32 {
        match self {
            Field::Title => W_TITLE,
            Field::Lead => W_LEAD,
            Field::Body => W_BODY,
            Field::Content => W_CONTENT,
        }
    }
}

/// How many times a word never written in lower case must be written
/// with a capital where capitals say nothing (a sentence start, a
/// title-case headline) to count as a name: once is any sentence's first
/// word.
const WEAK_NAME_MIN_STARTS: u32 = 2;

/// Evidence gathered about one folded word.
struct WordStats<'a> {
    /// The folded word: a range of the scratch arena.
    folded: (u32, u32),
    display: &'a str,
    first: u32,
    weight: f32,
    fields: u8,
    /// Capitalised in the middle of a sentence-case sentence.
    cap_mid: u32,
    /// Written in lower case.
    lower: u32,
    /// Capitalised where capitals say nothing (a sentence start, a
    /// title-case headline), in a language whose capitals mark names.
    cap_start: u32,
    /// Written as an acronym, in mixed case or with digits.
    special: bool,
    /// One of the built-in names of a whole country, bloc or field.
    ubiquitous: bool,
    place: bool,
    /// The word the title writes right after it, both capitalised: its
    /// index in the word list.
    before: Option<usize>,
}

struct NumberStats<'a> {
    key: (u32, u32),
    display: &'a str,
    first: u32,
    weight: f32,
    fields: u8,
    kind: TermKind,
    /// For an amount with two significant digits: where its key rounded
    /// to one is in the arena.
    rounded: Option<(u32, u32)>,
}

fn extract(title: &str, summary: &str, content: &str) -> Features {
    with_word_cache(|cache| extract_with(cache, title, summary, content))
}

fn extract_with(cache: &mut WordCache, title: &str, summary: &str, content: &str) -> Features {
    // "LIVE:" is a wire prefix, gone from the title the rules read; a
    // live blog is told by it.
    let headline_as_written = cap(title.trim(), MAX_TITLE_BYTES);
    let title = cap(strip_wire_prefix(title).trim(), MAX_TITLE_BYTES);
    let mut summary = cap(summary.trim(), MAX_SUMMARY_BYTES);
    let mut content = cap(content.trim(), MAX_CONTENT_BYTES);
    // Feeds often repeat the summary as the start of the content.
    if !summary.is_empty() && content.starts_with(summary) {
        content = content.get(summary.len()..).unwrap_or("");
    } else if summary.is_empty() {
        summary = content;
        content = "";
    }

    let mut item = Folded::default();
    item.tokenize(cache, title, summary, content, Lang::En);
    let lang = item.guess_lang();
    if lang != Lang::En {
        // Other languages split some words differently (elisions).
        item.tokenize(cache, title, summary, content, lang);
    }

    let (title_case, title_all_caps) = title_case(
        item.tokens
            .iter()
            .enumerate()
            .filter(|(_, (f, _))| *f == Field::Title)
            .map(|(i, (_, t))| (t, item.folded(i), item.lexeme(i))),
        lang,
    );
    // German capitalises every noun: only special shapes mark its names.
    let capitals_mark_names = lang != Lang::De;

    // Folded words and number keys live in one arena string.
    let mut arena = String::with_capacity(1024);
    let capacity = item.tokens.len();
    // Words and numbers in order of first occurrence, found by key.
    let mut words: FxHashMap<u64, usize> =
        FxHashMap::with_capacity_and_hasher(capacity, Default::default());
    let mut word_list: Vec<WordStats<'_>> = Vec::with_capacity(capacity);
    let mut numbers: FxHashMap<u64, usize> = FxHashMap::default();
    let mut number_list: Vec<NumberStats<'_>> = Vec::new();
    let mut folded = String::new();
    // Identifiers, in order of first occurrence: (key, display, weight,
    // fields, first).
    let mut idents: Vec<(u64, String, f32, u8, u32)> = Vec::new();
    // The token before this one, if it can label an identifier.
    let mut label: Option<usize> = None;
    // The title's last capitalised word: its token and its word-list entry.
    let mut capitalised: Option<(usize, usize)> = None;
    for (i, (field, token)) in item.tokens.iter().enumerate() {
        let pos = u32::try_from(i).unwrap_or(u32::MAX);
        let fw = field.weight();
        let label_before = label.take();
        match token.kind {
            TokenKind::Word(shape) => {
                folded.clear();
                folded.push_str(item.folded(i));
                // Common names in their many forms ("Dutch", "KI", "OTAN");
                // a function word ("us") only when written as an acronym.
                let lexeme = item.lexeme(i);
                let stopword = lexeme.is_some_and(|l| l.is_stopword(lang));
                let aliased = lexeme
                    .and_then(|l| l.alias)
                    .filter(|_| shape == Shape::Upper || !stopword);
                if let Some(canonical) = aliased {
                    folded.clear();
                    folded.push_str(canonical);
                }
                // "New York", "North Carolina": one name, a state's.
                let state_pair = i
                    .checked_sub(1)
                    .filter(|_| shape.is_capitalized())
                    .and_then(|p| Some((p, two_word_state(item.folded(p), &folded)?)))
                    .filter(|&(p, _)| {
                        adjacent(
                            item.tokens.get(p),
                            (*field, token),
                            [title, summary, content],
                        )
                    })
                    .map(|(_, state)| state);
                if let Some(state) = state_pair {
                    folded.clear();
                    folded.push_str(state);
                }
                let is_state = state_pair.is_some() || lexeme.is_some_and(|l| l.state);
                if folded.chars().nth(1).is_none() && !shape.is_special() {
                    continue; // one letter
                }
                if aliased.is_none() && stopword && !shape.is_special() {
                    continue;
                }
                if shape.is_capitalized() && !stopword {
                    label = Some(i);
                }
                let in_title = *field == Field::Title;
                let at = *words.entry(key_hash(&folded)).or_insert_with(|| {
                    let start = arena.len() as u32;
                    arena.push_str(&folded);
                    word_list.push(WordStats {
                        folded: (start, arena.len() as u32),
                        display: token.raw,
                        first: pos,
                        weight: 0.0,
                        fields: 0,
                        cap_mid: 0,
                        lower: 0,
                        cap_start: 0,
                        special: false,
                        ubiquitous: false,
                        place: false,
                        before: None,
                    });
                    word_list.len() - 1
                });
                // "Claire Vasseur": the first name is written before the
                // surname, as the title has it.
                if in_title && shape.is_capitalized() {
                    if let Some((_, p_at)) = capitalised.filter(|&(p, _)| {
                        p + 1 == i
                            && adjacent(
                                item.tokens.get(p),
                                (*field, token),
                                [title, summary, content],
                            )
                    }) && let Some(previous) = word_list.get_mut(p_at)
                        && previous.before.is_none()
                    {
                        previous.before = Some(at);
                    }
                    capitalised = Some((i, at));
                } else {
                    capitalised = None;
                }
                let Some(entry) = word_list.get_mut(at) else {
                    continue; // `at` indexes the entry pushed with it
                };
                entry.weight += fw;
                entry.fields |= field.bit();
                // Aliases of a whole country, and "Washington".
                entry.ubiquitous |= lexeme.is_some_and(|l| l.ubiquitous);
                entry.place |= lexeme.is_some_and(|l| l.place);
                match shape {
                    _ if aliased.is_some() => entry.special = true,
                    // "California Assembly votes ...": a state is a name
                    // even where capitals say nothing (the place rule
                    // needs it to be one).
                    s if s.is_capitalized() && is_state => entry.special = true,
                    Shape::Lower => entry.lower += 1,
                    // Capitals that say nothing: a sentence start, a
                    // title-case or all-caps headline, German nouns.
                    Shape::Upper if in_title && title_all_caps => {}
                    s if s.is_special() => entry.special = true,
                    _ if !capitals_mark_names => {}
                    _ if token.sentence_start || (in_title && title_case) => entry.cap_start += 1,
                    _ => entry.cap_mid += 1,
                }
            }
            TokenKind::Number(n) => {
                if let Some(l) = label_before.filter(|&l| {
                    n.exponent == 0
                        && !n.percent
                        && is_identifier_number(token.raw)
                        && adjacent(
                            item.tokens.get(l),
                            (*field, token),
                            [title, summary, content],
                        )
                }) {
                    let name = item.folded(l);
                    let key = ident_key(name, token.raw);
                    match idents.iter_mut().find(|e| e.0 == key) {
                        Some(e) => {
                            e.2 += fw;
                            e.3 |= field.bit();
                        }
                        None => {
                            let raw = item.tokens.get(l).map_or("", |(_, t)| t.raw);
                            idents.push((
                                key,
                                format!("{raw} {}", token.raw),
                                fw,
                                field.bit(),
                                pos,
                            ));
                        }
                    }
                }
                // "3-1", "3:1", "221-206" in the headline: a score or a
                // vote's tally, an identifier whose label is the dash (no
                // word folds to it), the two numbers in order so that
                // "beat PSG 3-1" and "lose 1-3 to Bayern" are one.
                if *field == Field::Title
                    && let Some(tally) = i
                        .checked_sub(1)
                        .and_then(|p| tally(item.tokens.get(p), token, title))
                {
                    let key = ident_key(TALLY_LABEL, &tally);
                    if !idents.iter().any(|e| e.0 == key) {
                        idents.push((key, tally, fw, field.bit(), pos));
                    }
                }
                let start = arena.len();
                let Some((kind, value)) =
                    number_key(n.digits, n.exponent, n.percent, lang, &mut arena)
                else {
                    continue;
                };
                let key_end = arena.len();
                let key = key_hash(arena.get(start..).unwrap_or(""));
                let at = *numbers.entry(key).or_insert_with(|| {
                    let at = arena.len();
                    let rounded = (kind == TermKind::Number
                        && rounded_key(value, n.percent, &mut arena))
                    .then_some((at as u32, arena.len() as u32));
                    number_list.push(NumberStats {
                        key: (start as u32, key_end as u32),
                        display: token.raw,
                        first: pos,
                        weight: 0.0,
                        fields: 0,
                        kind,
                        rounded,
                    });
                    number_list.len() - 1
                });
                let Some(entry) = number_list.get_mut(at) else {
                    continue; // `at` indexes the entry pushed with it
                };
                if entry.key.0 != start as u32 {
                    arena.truncate(start); // already known
                }
                entry.weight += fw;
                entry.fields |= field.bit();
            }
        }
    }

    let mut text = String::with_capacity(512);
    let mut by_key: FxHashMap<u64, (Term, u32)> = FxHashMap::with_capacity_and_hasher(
        word_list.len() + number_list.len(),
        Default::default(),
    );
    let mut add_keyed = |key: u64,
                         kind: TermKind,
                         weight: f32,
                         fields: u8,
                         display: &str,
                         first: u32,
                         ubiquitous: bool,
                         place: bool,
                         rounded: bool| {
        let weight = weight.min(W_CAP) * kind.factor();
        let e = by_key.entry(key).or_insert_with(|| {
            let start = text.len() as u32;
            if rounded {
                text.push('≈');
            }
            text.push_str(display);
            (
                Term {
                    key,
                    kind,
                    weight: 0.0,
                    display: (start, text.len() as u32),
                    fields: 0,
                    ubiquitous,
                    place,
                    rounded,
                    before: 0,
                },
                first,
            )
        });
        // "$1 trillion" and "$1.07 trillion" in one item: the amount as
        // written is the term, the rounding adds nothing.
        if e.0.rounded != rounded {
            if rounded {
                return;
            }
            let start = text.len() as u32;
            text.push_str(display);
            e.0 = Term {
                kind,
                weight: 0.0,
                display: (start, text.len() as u32),
                fields: 0,
                rounded: false,
                ..e.0.clone()
            };
        }
        // Two words with one stem ("contracts", "contracting"): one term.
        if kind == TermKind::Name {
            e.0.kind = TermKind::Name;
        }
        e.0.weight = (e.0.weight + weight).min(W_CAP * e.0.kind.factor());
        e.0.fields |= fields;
        e.0.ubiquitous |= ubiquitous;
        e.0.place |= place;
        e.1 = e.1.min(first);
    };
    // Each word's term key, by its index in the word list.
    let mut word_keys: Vec<u64> = Vec::with_capacity(word_list.len());
    // In order of first occurrence (the lists' order): deterministic, and
    // the display form of a term is its first.
    for s in &word_list {
        let folded = arena
            .get(s.folded.0 as usize..s.folded.1 as usize)
            .unwrap_or("");
        let strong = s.special || (s.cap_mid > 0 && s.cap_mid >= s.lower);
        // A word written only where capitals say nothing, but there at
        // least twice and never in lower case, is a name too ("Nvidia"
        // opening the headline and every sentence of an earnings report):
        // a name for the rules (two reports must share one; a headline
        // names someone), at a word's weight, so that the score is a
        // word's. At a name's weight it also lifts the scores of reports
        // of other events that share the company (an analysis of its
        // contract joins its funding round).
        let weak = !strong && s.lower == 0 && s.cap_start >= WEAK_NAME_MIN_STARTS;
        let name = strong || weak;
        let kind = if name { TermKind::Name } else { TermKind::Word };
        // Words written in lower case take their language's stemmer. Names,
        // and words only seen capitalised, take the English one whatever
        // the language: a name is the same in every report, so "Rheinmetall"
        // meets itself in German and English, and a title-case "Assistant"
        // still meets "assistant".
        let stem_lang = if name || s.lower == 0 { Lang::En } else { lang };
        // An acronym's plural ("GPUs", "LLMs") is the acronym: no stemmer
        // knows it, and "GPUs" and "GPU" are one kind of thing. (Unless a
        // list already folded it: "MEPs" is "mep".)
        let folded = if is_acronym_plural(s.display) && folded.eq_ignore_ascii_case(s.display) {
            folded.strip_suffix('s').unwrap_or(folded)
        } else {
            folded
        };
        let key = key_hash(&cache.stem(stem_lang, folded));
        word_keys.push(key);
        add_keyed(
            key,
            kind,
            if weak {
                s.weight.min(W_CAP) / TermKind::Name.factor()
            } else {
                s.weight
            },
            s.fields,
            s.display,
            s.first,
            s.ubiquitous,
            s.place,
            false,
        );
    }
    for s in &number_list {
        let key = arena.get(s.key.0 as usize..s.key.1 as usize).unwrap_or("");
        add_keyed(
            key_hash(key),
            s.kind,
            s.weight,
            s.fields,
            s.display,
            s.first,
            false,
            false,
            false,
        );
        if let Some((start, end)) = s.rounded {
            let rounded = arena.get(start as usize..end as usize).unwrap_or("");
            add_keyed(
                key_hash(rounded),
                TermKind::SmallNumber,
                s.weight,
                s.fields,
                s.display,
                s.first,
                false,
                false,
                true,
            );
        }
    }
    for (key, display, weight, fields, first) in &idents {
        add_keyed(
            *key,
            TermKind::Name,
            *weight,
            *fields,
            display,
            *first,
            false,
            false,
            false,
        );
    }
    // The word each title word comes right before, by its term's key.
    for (s, &key) in word_list.iter().zip(&word_keys) {
        if let Some(next) = s.before.and_then(|b| word_keys.get(b).copied())
            && next != key
            && let Some((term, _)) = by_key.get_mut(&key)
            && term.before == 0
        {
            term.before = next;
        }
    }
    let mut terms: Vec<(Term, u32)> = by_key.into_values().collect();
    // Heaviest first (by `f32::total_cmp`); ties by first occurrence, then
    // key: a total order (keys are distinct), so unstable selection and
    // sorting are deterministic. Only the kept terms are sorted.
    if terms.len() > MAX_FEATURE_TERMS {
        terms.select_nth_unstable_by_key(MAX_FEATURE_TERMS - 1, order_key);
        terms.truncate(MAX_FEATURE_TERMS);
    }
    terms.sort_unstable_by_key(order_key);
    let stage = if lang == Lang::En {
        stage_of_title_and_lead(&item)
    } else {
        Stage::Unknown
    };
    let headline = || {
        item.tokens
            .iter()
            .enumerate()
            .take_while(|(_, (field, _))| *field == Field::Title)
    };
    let actors = Actors::of_headline(headline().map(|(i, (_, token))| match token.kind {
        TokenKind::Word(shape) => HeadWord {
            folded: item.folded(i),
            capitalized: shape.is_capitalized(),
            upper: shape == Shape::Upper,
        },
        TokenKind::Number(_) => HeadWord {
            folded: "",
            capitalized: false,
            upper: false,
        },
    }));
    let headline_words = || {
        headline().map(|(i, (_, token))| match token.kind {
            TokenKind::Word(_) => item.folded(i),
            TokenKind::Number(_) => "",
        })
    };
    let direction = Direction::of_headline(headline_words());
    let leadership = leadership_of(title_and_lead_words(&item));
    // A change at the top after a forecast cut ("Infineon CEO Berger to
    // Step Down Days After Profit Warning") is the change's report: the
    // leadership rule tells it apart.
    let guidance = match guidance_of(title_and_lead_words(&item)) {
        Guidance::Cut if leadership == Leadership::Change => Guidance::Unknown,
        guidance => guidance,
    };
    Features {
        terms: terms.into_iter().map(|(t, _)| t).collect(),
        text,
        lang: Some(lang),
        stage,
        actors,
        direction,
        financing: financing_of(pieces_of_title_and_lead(&item)),
        launch: announces_a_launch(pieces_of_title_and_lead(&item)),
        prosecution: prosecution_of(title_and_lead_words(&item)),
        leadership,
        guidance,
        oversight: oversight_of(title_and_lead_words(&item)),
        penalty: penalty_of(pieces_of_title_and_lead(&item)),
        // The summary's lead, as the topics' `lead:` reads it (the tokens'
        // own sentences also end at colons and semicolons).
        roundup: lead_lists_several(summary)
            || lead_weighs_two_owners(summary)
            || lists_three_clauses(title)
            || lists_three_subjects(title)
            || joins_two_governments(title)
            || joins_two_events(title)
            || lists_three_between_dashes(title)
            || opens_with_what_we_watch(title)
            || opens_with_newsletter(title)
            || opens_with_a_newsletter_brand(title)
            || ends_with_a_newsletter_name(title)
            || opens_with_a_week_of_several(title)
            || names_a_list_or_review(title)
            || opens_with_a_day_of_several(title)
            || lists_several_owners(title)
            || says_both_did(title)
            || names_two_deals(title)
            || asks_which_of_two(title)
            || names_two_fixtures(title)
            || weighs_two_ways(title)
            || counts_several_deals(title)
            || counts_an_owners_several(title)
            || opens_with_a_wrap(title)
            || opens_with_a_live_blog(title)
            || follows_a_gathering_live(headline_as_written)
            || follows_several_live(headline_as_written)
            || lists_and_more(title)
            || names_the_movers(title)
            || three_names_move(title)
            || names_several_movers(title)
            || opens_with_a_market_desk(title)
            || signs_one_but_vetoes_another(title)
            || names_an_issue_by_its_day(title)
            || credits_two_causes(title)
            || pairs_two_owners_things(title)
            || pairs_two_articled_things(title)
            || pairs_two_places_things(title)
            || weighs_two_things_before_a_colon(title)
            || two_places_before_a_colon(title)
            || weighs_one_and_another(title)
            || adds_someones_deal_to_a_clause(title)
            || speaks_for_us(title)
            || lists_three_things(title)
            || is_roundup(
                title_and_lead_words(&item)
                    .take_while(|(in_title, _)| *in_title)
                    .map(|(_, word)| word),
            ),
        currency: currency_of_title_and_lead(&item),
        follow_up: follows_another(headline_words()) || says_this_time(headline_words()),
        award: headline_words().any(is_award_word),
    }
}

/// Whether a word as written is an acronym's plural: two or more capitals
/// and a final lower-case "s" ("GPUs", "LLMs", "NGOs").
fn is_acronym_plural(written: &str) -> bool {
    written.strip_suffix('s').is_some_and(|acronym| {
        acronym.len() >= 2 && acronym.bytes().all(|b| b.is_ascii_uppercase())
    })
}

/// The one currency of the amounts the title and lead give: a symbol or
/// code before the number ("$3.4 billion", "US$500m", "€410M",
/// "EUR410 million") or a word after it ("2.9 bln euros", "410 Millionen
/// Euro", "410 millions d'euros", "3 billion dollars"). Other dollars
/// ("NT$", "A$") and other currencies count as none of the two; amounts in
/// both make it unknown (the item converts them itself); a percentage told
/// as a rise or a fall and no sum of money make it [`Currency::Move`].
fn currency_of_title_and_lead(item: &Folded<'_>) -> Currency {
    let (mut dollar, mut euro) = (false, false);
    let (mut moved, mut money) = (false, false);
    for (_, i, token) in title_and_lead(item) {
        let TokenKind::Number(n) = token.kind else {
            continue;
        };
        if n.percent {
            // A word of rising or falling among the five tokens before
            // ("jumps 6%", "rose as much as 6.2%", "muscle son budget
            // militaire de 11 %").
            moved |= (i.saturating_sub(5)..i).any(|j| {
                item.tokens.get(j).is_some_and(|(field, t)| {
                    matches!(field, Field::Title | Field::Lead)
                        && matches!(t.kind, TokenKind::Word(_))
                }) && is_move_word(item.folded(j))
            });
            continue;
        }
        let raw = token.raw;
        money |= n.exponent >= 6 || has_currency(raw);
        let symbol = if raw.starts_with('$') || raw.starts_with("US$") || raw.starts_with("USD") {
            Some(Currency::Dollar)
        } else if raw.starts_with('€') || raw.starts_with("EUR") {
            Some(Currency::Euro)
        } else {
            None
        };
        // The next two tokens of the title or lead.
        let word = || {
            (i + 1..i + 3).find_map(|j| {
                let (field, t) = item.tokens.get(j)?;
                if !matches!(field, Field::Title | Field::Lead)
                    || !matches!(t.kind, TokenKind::Word(_))
                {
                    return None;
                }
                match item.folded(j) {
                    "euro" | "euros" => Some(Currency::Euro),
                    "dollar" | "dollars" => Some(Currency::Dollar),
                    _ => None,
                }
            })
        };
        match symbol.or_else(|| (n.exponent >= 6).then(word).flatten()) {
            Some(Currency::Dollar) => dollar = true,
            Some(Currency::Euro) => euro = true,
            _ => {}
        }
    }
    match (dollar, euro) {
        (true, false) => Currency::Dollar,
        (false, true) => Currency::Euro,
        _ if moved && !money => Currency::Move,
        _ => Currency::Unknown,
    }
}

/// A word that tells a price, a share or a sum rising or falling, before
/// its percentage ("jumps 6%", "lifts defence spending 11%", "steigt um
/// 4 Prozent", "recule de 3 %").
fn is_move_word(word: &str) -> bool {
    matches!(
        word,
        "jump"
            | "jumps"
            | "jumped"
            | "rise"
            | "rises"
            | "rose"
            | "risen"
            | "fall"
            | "falls"
            | "fell"
            | "drop"
            | "drops"
            | "dropped"
            | "slide"
            | "slides"
            | "slid"
            | "surge"
            | "surges"
            | "surged"
            | "climb"
            | "climbs"
            | "climbed"
            | "gain"
            | "gains"
            | "gained"
            | "tumble"
            | "tumbles"
            | "tumbled"
            | "sink"
            | "sinks"
            | "sank"
            | "soar"
            | "soars"
            | "soared"
            | "plunge"
            | "plunges"
            | "plunged"
            | "slump"
            | "slumps"
            | "slumped"
            | "rally"
            | "rallies"
            | "rallied"
            | "slip"
            | "slips"
            | "slipped"
            | "dip"
            | "dips"
            | "dipped"
            | "pop"
            | "pops"
            | "popped"
            | "lose"
            | "loses"
            | "lost"
            | "shed"
            | "sheds"
            | "up"
            | "down"
            | "lift"
            | "lifts"
            | "lifted"
            | "raise"
            | "raises"
            | "raised"
            | "boost"
            | "boosts"
            | "boosted"
            | "increase"
            | "increases"
            | "increased"
            | "grow"
            | "grows"
            | "grew"
            | "cut"
            | "cuts"
            | "hike"
            | "hikes"
            | "hiked"
            | "trim"
            | "trims"
            | "trimmed"
            | "slash"
            | "slashes"
            | "slashed"
            | "weaken"
            | "weakens"
            | "weakened"
            | "strengthen"
            | "strengthens"
            | "strengthened"
            | "ease"
            | "eases"
            | "eased"
            | "muscle"
            | "augmente"
            | "erhoht"
            | "steigt"
            | "stieg"
            | "fallt"
            | "fiel"
            | "springt"
            | "sprang"
            | "sinkt"
            | "verliert"
            | "verlor"
            | "gewinnt"
            | "klettert"
            | "bondit"
            | "chute"
            | "recule"
            | "grimpe"
            | "progresse"
            | "gagne"
            | "perd"
            | "plonge"
            | "baisse"
            | "hausse"
    )
}

/// The folded words of the title and then of the lead, each with whether
/// it is in the title.
fn title_and_lead_words<'i, 'a>(item: &'i Folded<'a>) -> impl Iterator<Item = (bool, &'i str)> {
    title_and_lead(item).filter_map(|(_, i, token)| {
        let in_title = item.tokens.get(i).is_some_and(|(f, _)| *f == Field::Title);
        matches!(token.kind, TokenKind::Word(_)).then(|| (in_title, item.folded(i)))
    })
}

/// The title's and the lead's tokens as the financing and launch rules
/// read them: folded words, amounts, other numbers.
fn pieces_of_title_and_lead<'a>(item: &'a Folded<'_>) -> impl Iterator<Item = Piece<'a>> {
    title_and_lead(item).flat_map(|(lead_starts, i, token)| {
        let piece = match token.kind {
            TokenKind::Word(_) => Piece::Word(item.folded(i)),
            TokenKind::Number(n) if !n.percent && (n.exponent >= 6 || has_currency(token.raw)) => {
                Piece::Amount
            }
            TokenKind::Number(_) => Piece::Number,
        };
        lead_starts
            .then_some(Piece::Lead)
            .into_iter()
            .chain(std::iter::once(piece))
    })
}

/// The stage of the title and lead's folded words; a number (an empty
/// word) or the step from the title to the lead (`None`) ends a phrase.
fn stage_of_title_and_lead(item: &Folded<'_>) -> Stage {
    let words = title_and_lead(item).flat_map(|(lead_starts, i, token)| {
        let word = Some(if matches!(token.kind, TokenKind::Word(_)) {
            item.folded(i)
        } else {
            ""
        });
        lead_starts
            .then_some(None)
            .into_iter()
            .chain(std::iter::once(word))
    });
    stage_of(words)
}

/// The tokens of the title and then of the lead, with their index and
/// whether each is the lead's first (where no phrase may span).
fn title_and_lead<'i, 'a>(
    item: &'i Folded<'a>,
) -> impl Iterator<Item = (bool, usize, &'i Token<'a>)> + 'i {
    let mut previous = Field::Title;
    item.tokens
        .iter()
        .enumerate()
        .take_while(|(_, (field, _))| matches!(field, Field::Title | Field::Lead))
        .map(move |(i, (field, token))| {
            let lead_starts = *field != previous;
            previous = *field;
            (lead_starts, i, token)
        })
}

/// The order of terms as one integer: weight descending in
/// `f32::total_cmp`'s order, then first occurrence, then key.
fn order_key((term, first): &(Term, u32)) -> u128 {
    // `total_cmp`'s key: the bits as a signed integer, with the magnitude
    // bits of negative values flipped; then unsigned, then descending.
    let bits = term.weight.to_bits() as i32;
    let total = bits ^ ((((bits >> 31) as u32) >> 1) as i32);
    let descending = !((total as u32) ^ 0x8000_0000);
    (u128::from(descending) << 96) | (u128::from(*first) << 64) | u128::from(term.key)
}

/// The tokens of an item with each word folded once: `folds` holds the
/// folded words one after the other, `ranges[i]` token i's (empty for a
/// number).
#[derive(Default)]
struct Folded<'a> {
    tokens: Vec<(Field, Token<'a>)>,
    folds: String,
    ranges: Vec<(u32, u32)>,
    /// What the word lists say about token i's folded form.
    lexemes: Vec<Option<&'static Lexeme>>,
}

impl<'a> Folded<'a> {
    /// Tokenizes the fields in `lang` and folds every word.
    fn tokenize(
        &mut self,
        cache: &mut WordCache,
        title: &'a str,
        summary: &'a str,
        content: &'a str,
        lang: Lang,
    ) {
        self.tokens.clear();
        self.folds.clear();
        self.ranges.clear();
        self.lexemes.clear();
        tokenize_fields(title, summary, content, lang, &mut self.tokens);
        self.folds
            .reserve(title.len() + summary.len() + content.len());
        self.ranges.reserve(self.tokens.len());
        self.lexemes.reserve(self.tokens.len());
        for (_, t) in &self.tokens {
            let start = self.folds.len() as u32;
            let lexeme = match t.kind {
                TokenKind::Word(_) => cache.fold_into(t.raw, &mut self.folds),
                TokenKind::Number(_) => None,
            };
            self.ranges.push((start, self.folds.len() as u32));
            self.lexemes.push(lexeme);
        }
    }

    /// What the word lists say about token i's folded form.
    fn lexeme(&self, i: usize) -> Option<&'static Lexeme> {
        self.lexemes.get(i).copied().flatten()
    }

    /// Token i's folded form ("" for a number).
    fn folded(&self, i: usize) -> &str {
        self.ranges
            .get(i)
            .and_then(|&(a, b)| self.folds.get(a as usize..b as usize))
            .unwrap_or("")
    }

    /// The language the first words are in (English when unsure).
    fn guess_lang(&self) -> Lang {
        let mut guess = LangGuess::default();
        let words = self
            .tokens
            .iter()
            .enumerate()
            .filter(|(_, (_, t))| matches!(t.kind, TokenKind::Word(_)))
            .take(120);
        for (i, _) in words {
            guess.add_lexeme(self.lexeme(i));
        }
        guess.lang()
    }
}

/// Tokenizes the fields into `out`.
fn tokenize_fields<'a>(
    title: &'a str,
    summary: &'a str,
    content: &'a str,
    lang: Lang,
    out: &mut Vec<(Field, Token<'a>)>,
) {
    // Room for about one token per two bytes (a capacity hint only).
    let hint = |text: &str, max: usize| (text.len() / 2 + 1).min(max);
    let (t, s, c) = (
        hint(title, MAX_TITLE_TOKENS),
        hint(summary, MAX_SUMMARY_TOKENS),
        hint(content, MAX_CONTENT_TOKENS),
    );
    out.reserve(t + s + c);
    let mut buf = Vec::with_capacity(t.max(s).max(c));
    tokenize(title, lang, MAX_TITLE_TOKENS, &mut buf);
    out.extend(buf.drain(..).map(|t| (Field::Title, t)));
    tokenize(summary, lang, MAX_SUMMARY_TOKENS, &mut buf);
    let mut field = Field::Lead;
    for (i, t) in buf.drain(..).enumerate() {
        if i > 0 && t.sentence_start && field == Field::Lead {
            field = Field::Body;
        }
        out.push((field, t));
    }
    tokenize(content, lang, MAX_CONTENT_TOKENS, &mut buf);
    out.extend(buf.drain(..).map(|t| (Field::Content, t)));
}

/// Whether capitals in the title say nothing: (title case) most of its
/// longer content words are capitalised ("ChatGPT Creator Eyes Deal to
/// Bring AI Technology to NATO Networks"), (all caps) it has no lower case.
fn title_case<'a>(
    title: impl Iterator<Item = (&'a Token<'a>, &'a str, Option<&'a Lexeme>)>,
    lang: Lang,
) -> (bool, bool) {
    let mut words = 0;
    let mut capitalised = 0;
    let mut lower = 0;
    for (t, folded, lexeme) in title {
        let TokenKind::Word(shape) = t.kind else {
            continue;
        };
        if shape == Shape::Lower {
            lower += 1;
        }
        // Fewer than 4 chars (bytes bound chars from above).
        let short = folded.len() < 4 || folded.chars().nth(3).is_none();
        if short || lexeme.is_some_and(|l| l.is_stopword(lang)) || t.sentence_start {
            continue;
        }
        words += 1;
        if shape.is_capitalized() {
            capitalised += 1;
        }
    }
    let all_caps = lower == 0 && words >= 3;
    (
        all_caps || (words >= 2 && capitalised * 10 >= words * 6),
        all_caps,
    )
}

/// A number an identifier can end in: plain digits, at most
/// [`IDENT_MAX_DIGITS`] ("2217", not "2,217" or "2.2"), and not a year
/// ("Umsatz 2025", "Q1 2026": a report of a result may name the year
/// before, or the next).
fn is_identifier_number(raw: &str) -> bool {
    let year = raw.len() == 4 && (raw.starts_with("19") || raw.starts_with("20"));
    !raw.is_empty()
        && raw.len() <= IDENT_MAX_DIGITS
        && raw.bytes().all(|b| b.is_ascii_digit())
        && !year
}

/// The label of a headline's tally ([`tally`]): no folded word is a dash.
const TALLY_LABEL: &str = "-";

/// The tally `previous` and `number` make in `title`, as "low-high": two
/// plain numbers of at most three digits joined by a dash or a colon and
/// nothing else ("3-1", "2:2", "221-206"), neither a year ("2026-27" is a
/// fiscal year), an amount ("$3-4"), a percentage or a clock time ("9:05":
/// a colon before a leading zero).
fn tally(previous: Option<&(Field, Token<'_>)>, number: &Token<'_>, title: &str) -> Option<String> {
    let (field, first) = previous?;
    if *field != Field::Title || !matches!(first.kind, TokenKind::Number(_)) {
        return None;
    }
    let plain = |raw: &str| (1..=3).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_digit());
    if !plain(first.raw) || !plain(number.raw) {
        return None;
    }
    // Both borrow from the title: what lies between them, and after.
    let offset = |raw: &str| (raw.as_ptr() as usize).checked_sub(title.as_ptr() as usize);
    let (first_at, at) = (offset(first.raw)?, offset(number.raw)?);
    let between = title.get(first_at.checked_add(first.raw.len())?..at)?;
    let clock = between == ":" && number.raw.len() == 2 && number.raw.starts_with('0');
    if !matches!(between, "-" | ":" | "\u{2013}") || clock {
        return None;
    }
    let before = title.get(..first_at)?.chars().next_back();
    let after = title
        .get(at.checked_add(number.raw.len())?..)?
        .chars()
        .next();
    // Part of something longer: an amount ("$3-4"), a version ("v1.3-2"),
    // a date ("3-1-2026"), a unit ("3-1st", "2-3%").
    let longer = |c: char| c.is_alphanumeric() || matches!(c, '-' | ':' | '/' | '%');
    let amount = before.is_some_and(|c| longer(c) || matches!(c, '$' | '€' | '£' | '¥' | '.'));
    if amount || after.is_some_and(longer) {
        return None;
    }
    let (a, b) = (
        first.raw.parse::<u16>().ok()?,
        number.raw.parse::<u16>().ok()?,
    );
    Some(format!("{}-{}", a.min(b), a.max(b)))
}

/// Whether `label` is followed by `number` after exactly one space, in the
/// same field's text (`sources`: title, summary, content), and the number
/// is not the first of a score, a tally or a range ("Tottenham 2-1",
/// "Committee 5-2", "Denver 118-109").
fn adjacent(
    label: Option<&(Field, Token<'_>)>,
    (field, number): (Field, &Token<'_>),
    sources: [&str; 3],
) -> bool {
    let Some((label_field, label)) = label else {
        return false;
    };
    let same_text = |a: Field, b: Field| {
        a == b
            || matches!(
                (a, b),
                (Field::Lead | Field::Body, Field::Lead | Field::Body)
            )
    };
    if !same_text(*label_field, field) {
        return false;
    }
    let source = match field {
        Field::Title => sources[0],
        Field::Lead | Field::Body => sources[1],
        Field::Content => sources[2],
    };
    // Both tokens borrow from `source`: their offsets in it (checked, so a
    // token from elsewhere is simply not adjacent).
    let offset = |raw: &str| (raw.as_ptr() as usize).checked_sub(source.as_ptr() as usize);
    let (Some(label_at), Some(start)) = (offset(label.raw), offset(number.raw)) else {
        return false;
    };
    let end = label_at.saturating_add(label.raw.len());
    if start != end.saturating_add(1) || source.as_bytes().get(end) != Some(&b' ') {
        return false;
    }
    let rest = source
        .get(start.saturating_add(number.raw.len())..)
        .unwrap_or("");
    let after = rest.trim_start_matches(['-', '\u{2013}', '\u{2014}', ':', '/']);
    let score = after.len() < rest.len() && after.starts_with(|c: char| c.is_ascii_digit());
    !score
}

/// Appends the comparable key of a number to `out` and returns its kind
/// and value. Amounts keep two significant digits so "$2.1bn" and "2.14
/// billion" meet.
fn number_key(
    digits: &str,
    exponent: i32,
    percent: bool,
    lang: Lang,
    out: &mut String,
) -> Option<(TermKind, f64)> {
    use std::fmt::Write;
    let base = parse_digits(digits, lang)?;
    let value = base * 10f64.powi(exponent.clamp(0, 15));
    if !value.is_finite() || value < 0.0 {
        return None;
    }
    let has_decimal = base.fract() != 0.0;
    // Writing to a String cannot fail.
    let kind = if percent {
        let _ = write!(out, "%{value:.1e}");
        TermKind::Number
    } else if exponent == 0 && !has_decimal && value < 10_000.0 {
        let _ = write!(out, "#{value:.0}");
        TermKind::SmallNumber
    } else {
        let _ = write!(out, "#{value:.1e}");
        TermKind::Number
    };
    Some((kind, value))
}

/// For an amount (or percentage) whose key keeps a second significant
/// digit ("$1.07 trillion", "€6.2m", "6.4%"), appends the key it has
/// rounded to one ("$1 trillion", "€6m", "6%") and returns true: outlets
/// round ("tops $1 trillion", "a €6m fine") and the exact figure is the
/// same event's. An amount with one significant digit has no rounded key:
/// its own key is already the one the others round to.
fn rounded_key(value: f64, percent: bool, out: &mut String) -> bool {
    use std::fmt::Write;
    if !(value.is_finite() && value > 0.0) {
        return false;
    }
    let magnitude = 10f64.powi(value.log10().floor() as i32);
    let mantissa = value / magnitude;
    // The key's own rounding (`{:.1e}`): one decimal of the mantissa.
    let two_digits = (mantissa * 10.0).round() / 10.0;
    if two_digits.fract() == 0.0 || two_digits >= 10.0 {
        return false; // one significant digit already
    }
    let one_digit = mantissa.round() * magnitude;
    // Writing to a String cannot fail.
    let _ = write!(out, "{}{one_digit:.1e}", if percent { '%' } else { '#' });
    true
}

/// A headline word of a contract or an award (folded): "Army picks Shield
/// AI for $412M launched-effects autonomy deal", "US Army awards Palantir
/// $780 mln AI maintenance contract", "vergibt Auftrag", "attribue un
/// contrat".
fn is_award_word(word: &str) -> bool {
    matches!(
        word,
        "award"
            | "awards"
            | "awarded"
            | "picks"
            | "picked"
            | "selects"
            | "selected"
            | "taps"
            | "tapped"
            | "hands"
            | "contract"
            | "contracts"
            | "deal"
            | "order"
            | "auftrag"
            | "vergibt"
            | "vertrag"
            | "contrat"
            | "attribue"
            | "commande"
    )
}

#[cfg(test)]
mod tests;
