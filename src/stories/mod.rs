//! Story clustering: decides which story a new item belongs to, across
//! outlets and languages, from its words, names and numbers. Pure: no IO, no
//! clock (times are passed in, Unix milliseconds), no panics on any input.
//!
//! An item goes through [`Features::extract`] (title, summary, content to
//! weighted terms; see `features.rs`), then [`StoryIndex::assign`], which
//! returns a [`Decision`]: join an existing story, with the evidence, or
//! start a new one, with the nearest story and why it was not joined. The
//! caller then records the item with [`StoryIndex::insert`] under the story
//! it chose (the index does not allocate story ids).
//!
//! **Method.** Two items report the same event when, close in time, they
//! share distinctive evidence: names, amounts and rare words, weighted by
//! their rarity among the items of the window (inverse document frequency,
//! kept up to date on insert and eviction). The score of a candidate item
//! is the TF-IDF cosine of the two items' terms (field-weighted: title,
//! then lead sentence, then the rest; names and amounts weigh more), times
//! a time decay exp(-(Δt / [`StoryConfig::time_scale`])²), times penalties
//! for evidence of two different events: the same feed, both leading with
//! amounts and sharing none (an amount rounded by one outlet is shared;
//! dollars and euros, or a market's move in percent and a sum, may be one
//! story's),
//! each headline naming someone the other item
//! never mentions, two identifiers under one label ("House Bill 2217" and
//! "House Bill 2214") and none shared, each leading with a US state the
//! other never mentions (near a veto), a preview against an outcome
//! (`stage.rs`), a funding round or a criminal case against a report
//! saying nothing of one (`financing.rs`, `prosecution.rs`), a headline
//! announcing a launch against one that does not (`financing.rs`), two
//! governments opening the headlines (or the buyers of two companies'
//! deals) or two chambers named in them (`actors.rs`), one headline imposing a measure and the other lifting
//! one (`direction.rs`), one headline telling of a change of leaders and
//! the other saying nothing of its leaders (`leadership.rs`), one headline
//! telling of a hearing and the other saying nothing of lawmakers
//! (`oversight.rs`), one headline telling of a fine and the other saying
//! nothing of fines or fighting the fine (`penalty.rs`), an award's headline naming a vendor
//! and an amount the other report's title and lead never name while the
//! other's headline names someone the award's title and lead never name
//! (two contracts to two vendors the same day; without an amount in the
//! headline, when each names someone the other report never mentions and
//! their amounts differ), each headline naming a
//! different prize's field (`prize.rs`: the Nobel prizes of one week), a
//! headline dated days after another event, or saying "this time",
//! against reports published six hours or more before it (`follow_up.rs`). A
//! round-up ("The Week in Ransomware"; `roundup.rs`) joins no story and is
//! never joined through. A new item joins the story
//! of its best-scoring member (item-to-story by maximum) when that score
//! reaches
//! [`StoryConfig::threshold`] (or, in one language, a fraction of it when
//! they share two exact amounts and a name and no rule scores them as two
//! events: [`StoryConfig::two_amounts_ratio`])
//! *and* the two share a name (no shared name,
//! not the same story; two German reports, whose capitals say nothing,
//! may instead score [`StoryConfig::cross_language_strong_ratio`] times the
//! threshold) *and* at least [`StoryConfig::min_shared_terms`]
//! terms (or, with a strong score, two actors, or an actor and an exact
//! amount: a one-line brief). Failing that, it joins a story two or more of whose members it
//! resembles a little each (same conditions, a lower score) when together
//! they clear a higher bar ([`StoryConfig::support_floor`]): the market
//! reaction that shares the amount with one report and the agency with
//! another. Items in different languages are compared on their
//! language-neutral terms only (names and numbers, and anything else they
//! share) and must share two names, so "OpenAI verhandelt mit der NATO" can
//! join "OpenAI in talks with NATO" without translation; the names of whole
//! countries, blocs and fields count as one of them, and when the two share
//! a city or region, it and those names count as one of the shared terms
//! (a Munich firm's navy order and Munich's snowed-in airport share
//! "München", "Deutsche" and a stray word).
//!
//! **Index.** Candidates come from an inverted index of the items' most
//! telling terms (the new item's 12 most telling are looked up, terms held
//! by too many items skipped, a bounded number of the newest postings
//! visited, none beyond the time where the decay alone rules a join out),
//! never from a scan of the window. Each item keeps its [`STORED_TERMS`]
//! most telling terms, the first [`INDEXED_TERMS`] of them indexed; items
//! older than the window are evicted as time advances. See `index.rs` for
//! the layout and its memory cost, `index/decide.rs` for the scoring.

mod actors;
mod config;
mod direction;
mod features;
mod fifo;
mod financing;
mod follow_up;
mod guidance;
mod hash;
mod index;
mod leadership;
mod oversight;
mod penalty;
mod prize;
mod prosecution;
mod roundup;
mod stage;
mod text;
mod verdict;

pub use actors::Actors;
pub use config::RawStoryConfig;
pub use direction::Direction;
pub use features::{Currency, Features, Term, TermKind};
pub use financing::Financing;
pub use guidance::Guidance;
pub use index::{INDEXED_TERMS, PollToken, STORED_TERMS, StoryIndex};
pub use leadership::Leadership;
pub use oversight::Oversight;
pub use penalty::Penalty;
pub use prosecution::Prosecution;
pub use stage::Stage;
pub use text::{Lang, story_title, strip_wire_prefix};

use std::fmt;
use std::time::Duration;

/// A feed, as the index knows it: any small number the caller maps its
/// feeds to (the database id fits).
pub type FeedKey = u32;

/// The knobs of story clustering. Defaults are what the labeled set
/// (`tests/stories.rs`) measured best; see BENCHMARKS.md.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryConfig {
    /// How far apart (in time) two items of one story can be; items older
    /// than this are evicted. Longer joins late follow-ups and costs memory
    /// (the index holds every item of the window); shorter splits slow
    /// stories. Default 72 hours.
    pub window: Duration,
    /// The least score (cosine similarity, 0 to 1, after time decay and the
    /// same-feed factor) for joining a story. Lower joins more differently
    /// worded reports (recall) and merges more distinct events sharing a
    /// company or place (precision). Default 0.2.
    pub threshold: f32,
    /// The least number of terms (names, amounts, words; small plain numbers
    /// do not count) an item must share with a story's member to join it.
    /// Higher protects against merges on one or two common names; lower
    /// lets terse one-line briefs join. Two shared names suffice when
    /// neither is a whole country or field and the score reaches
    /// `threshold × cross_language_strong_ratio`. Default 3.
    pub min_shared_terms: u32,
    /// Require at least one shared name (acronym, company, person, place).
    /// Two reports of one event nearly always name the same actor; without
    /// the rule, generic wording ("ransomware attack on a hospital") can
    /// merge two events. Default true.
    pub require_shared_name: bool,
    /// How fast the score falls with the time between two items: it is
    /// multiplied by exp(-(Δt / time_scale)²), which at the default 24
    /// hours keeps 94% at 6 hours, 78% at 12, 37% at 24 and 2% at 48. Most
    /// reports of an event come within a day; a report days later is often
    /// a follow-up (a new event) and needs far more in common. Longer joins
    /// late coverage; shorter splits slow stories. Default 24 hours.
    pub time_scale: Duration,
    /// Multiplier on the score between two items of the same feed: an outlet
    /// rarely reports one event twice (except a wire's updates), but often
    /// reports two similar events. 1.0 disables. Default 0.85.
    pub same_feed_factor: f32,
    /// Multiplier on the score of items in different languages, which are
    /// compared on their names and numbers only (and anything else they
    /// share): such a comparison has less to go on, so it is trusted less.
    /// Default 0.8.
    pub cross_language_factor: f32,
    /// Names and amounts two items in different languages must share
    /// (instead of one name), one of them a name: "Oracle" and "$17.9
    /// billion" join "Oracle" and "17,9 Milliarden Dollar". Default 2.
    pub cross_language_min_names: u32,
    /// Across languages, one name suffices when the score reaches
    /// `threshold × cross_language_strong_ratio` (0.30 at the defaults):
    /// a German report that shares only "EU" and "Niederlande" with an
    /// English one (one anchor: whole countries and blocs count once) but
    /// also its export-control words is that report. The same score lets
    /// two German reports join with no name in common (German capitalises
    /// every noun, so few of its words are names). Higher asks more of a
    /// report with one anchor; 0 disables. Default 1.5.
    pub cross_language_strong_ratio: f32,
    /// Multiplier on the score when both items give an amount in their
    /// title or lead ("$96 million", "35%") and they share none: two
    /// contracts, two cases, two results; not when one gives its amounts
    /// in dollars and the other in euros (one may convert the other's),
    /// nor, in one language, when one gives only a market's move in percent
    /// and the other any other amount ("Saab shares jump 6% as Peru picks
    /// Gripen", "Saab Wins Peru Fighter Deal Worth About $2.6 Billion": a
    /// move and its cause). 1.0 disables. Default 0.6.
    pub amount_conflict_factor: f32,
    /// Multiplier on the score when each item's title names someone (a
    /// company, a person, a place) the other item does not mention at all:
    /// two vendors, two clubs, two hospitals ("AI", a field, names no one).
    /// A German headline, where capitals mark every noun, names someone
    /// with a word other items of the window wrote as a name ("Helsings").
    /// 1.0 disables. Default 0.8.
    pub name_conflict_factor: f32,
    /// Multiplier on the score when both items carry an identifier with
    /// one label ("House Bill 2217", "House Bill 2214") and share none under
    /// it: two bills, two flights, two model versions; a score or tally in
    /// both headlines ("3-1", "2-2", "221-206") counts as one, so two
    /// matches of one night, or two votes, are two events. 1.0 disables.
    /// Default 0.6.
    pub identifier_conflict_factor: f32,
    /// Multiplier on the score when both titles or leads number a thing
    /// under one label and neither's title and lead give the other's
    /// number ("Perihelion slashes Atlas 2 prices" and "Perihelion
    /// launches Atlas 3", one company's two announcements of a day), even
    /// where each text goes on to mention the other's: a story's report
    /// names its own model, bill or stage up front. On top of
    /// `identifier_conflict_factor` when that applies too. 1.0 disables.
    /// Default 0.3.
    pub core_identifier_conflict_factor: f32,
    /// Multiplier on the score when each item's title or lead names a US
    /// state the other does not mention at all: the same bill passed in
    /// Ohio and in Massachusetts on one day, two hospital attacks in two
    /// states. Near a veto: such pairs share nearly every other word.
    /// Whole countries do not count (one event's reports often lead with
    /// different ones: a US rule and China's answer). 1.0 disables.
    /// Default 0.3.
    pub place_conflict_factor: f32,
    /// Multiplier on the score when one item's title and lead speak of
    /// what is to come (talks opening, a draft on the table, "set to") and
    /// the other's of what was done ("agreed", "signed", "passed", a
    /// declaration), each without a word of the other kind (English only;
    /// `stories/stage.rs`): the opening and the close of a summit, a
    /// proposal and its adoption. 1.0 disables. Default 0.5.
    pub stage_conflict_factor: f32,
    /// Multiplier on the score when one item's headline announces a
    /// funding round ("raises $500 million", "valued at", "Series D") and
    /// the other's title and lead say nothing of funding, investors or a
    /// valuation, or whose headline announces a launch and no amount or
    /// names a contract (English, German, French; `stories/financing.rs`):
    /// the same company's funding round and its product launch, contract
    /// or lawsuit of the same days. Also when one headline announces a
    /// launch and gives no number and the other does not: a vendor's
    /// product and its contract, or the attack its lead recalls. 1.0
    /// disables. Default 0.5.
    pub financing_conflict_factor: f32,
    /// Multiplier on the score when one item's headline tells of a
    /// criminal case ("charged", "arrested", "sentenced", "angeklagt",
    /// "inculpé") and the other's title and lead say nothing of a crime,
    /// the accused, the police or a court (English, German, French;
    /// `stories/prosecution.rs`): an export rule and a smuggling case that
    /// cites it, an attack and the arrest for it; or when one headline
    /// tells of a case brought ("charged") and the other of a case judged
    /// ("convicted", "sentenced"): two cases of one week. Near a veto: the
    /// case shares nearly every word of what it broke. 1.0 disables.
    /// Default 0.3.
    pub prosecution_conflict_factor: f32,
    /// Multiplier on the score when each headline opens with a different
    /// government ("US adds ...", "Japan adds ...") and neither names the
    /// other's country, or each names a different legislative chamber
    /// ("Mass. Senate votes ...", "Mass. House passes ..."; see
    /// `stories/actors.rs`): two governments' parallel actions, two
    /// chambers' votes. Near a veto: such pairs share their targets and
    /// their procedure. 1.0 disables. Default 0.3.
    pub actor_conflict_factor: f32,
    /// Multiplier on the score when one headline imposes a measure (adds
    /// to a list, blacklists, imposes, tightens) and the other lifts one
    /// (removes, delists, lifts or eases sanctions or controls), neither
    /// doing both (English, German, French; `stories/direction.rs`): a
    /// listing and a delisting by the same agency on the same days. Near a
    /// veto: such pairs share the agency, the list and the procedure. 1.0
    /// disables. Default 0.3.
    pub direction_conflict_factor: f32,
    /// Multiplier on the score when one item's headline tells of a change
    /// at the top ("chief executive resigns", "boss steps down", "tritt
    /// zurück", "démissionne") and the other's title and lead say nothing
    /// of a post, a board or a resignation (English, German, French;
    /// `stories/leadership.rs`): a company's results and its chief
    /// executive's departure hours later. Near a veto: the departure cites
    /// the results. 1.0 disables. Default 0.3.
    pub leadership_conflict_factor: f32,
    /// Multiplier on the score when one item's title or lead tells of a
    /// company cutting its forecast ("slashes outlook", "lowered its
    /// quarterly forecast", "senkt seine Umsatzprognose") and the other's
    /// title and lead say nothing of forecasts or results (English, German,
    /// French; `stories/guidance.rs`): a rule and the forecast a toolmaker
    /// cuts because of it the next day. Near a veto: the cut cites the
    /// rule, the rule's reports name the companies it hits. 1.0 disables.
    /// Default 0.3.
    pub guidance_conflict_factor: f32,
    /// Multiplier on the score when each headline names a different
    /// prize's field ("Nobel Prize in medicine ..." against "Nobel Prize in
    /// physics ...", "Chemie-Nobelpreis ..."; English, German, French;
    /// `stories/prize.rs`): the prizes of one week share the prize, the
    /// academy and the money, and each report announces the next. 1.0
    /// disables. Default 0.3.
    pub field_conflict_factor: f32,
    /// Multiplier on the score when one item's headline tells of a hearing
    /// or of lawmakers pressing officials ("Lawmakers press Pentagon on
    /// oversight", "Anhörung", "audition"), or of a regulator's inquiry
    /// ("EU AI Office opens first inquiry into Mistral"), and the other's
    /// title and lead say nothing of lawmakers, a legislature, its
    /// committees, regulators or inquiries (English, German, French;
    /// `stories/oversight.rs`): a contract award and the hearing that
    /// questions it the next day, citing its vendor and amount; a model's
    /// launch and the inquiry into it. Near a veto. 1.0 disables. Default
    /// 0.3.
    pub oversight_conflict_factor: f32,
    /// Multiplier on the score when one item's headline tells of a fine
    /// ("AI Office fines Lumora €32 million", "Bußgeld", "amende") and
    /// the other's title and lead say nothing of fines, penalties or
    /// enforcement (English, German, French; `stories/penalty.rs`): a
    /// regulator's fine and its guidelines of the same morning. Near a
    /// veto: the fine cites the law the guidelines explain. 1.0 disables.
    /// Default 0.3.
    pub penalty_conflict_factor: f32,
    /// Multiplier on the score when, in one language, the new item's
    /// headline tells of a contract or an award with an amount ("Army
    /// picks Shield AI for $412M ... deal") and names someone the other
    /// report's title and lead never name, while the other's headline names
    /// someone the new one's title and lead never name, and the other's
    /// title or lead gives an amount but none of the new headline's: two
    /// contracts to two vendors the same day, whose reports cite each other
    /// past their lead ("came the same day the service picked Shield AI for
    /// a separate $412 million deal"); or its headline tells of an award
    /// without an amount, each headline names someone the other report
    /// never mentions (the other's more than a whole country), and both
    /// give amounts, none shared: two vendors one agency picked the same
    /// day. 1.0 disables. Default 0.3.
    pub award_conflict_factor: f32,
    /// Multiplier on the score when the new item's headline dates its event
    /// days or more after another ("Japan adds tools to export list, days
    /// after US move", "a week after hack", "trois jours après"; English,
    /// German, French; `stories/follow_up.rs`) and the candidate was
    /// published at least 6 hours before it: the headline says the earlier
    /// event is another one, however much of it its text recalls. Near a
    /// veto. 1.0 disables. Default 0.3.
    pub follow_up_conflict_factor: f32,
    /// A second way into a story, for reports that resemble several of its
    /// members a little and none of them enough: the members scoring at
    /// least `threshold × support_floor` (0.12 at the defaults) each, two or
    /// more of them, join the new item when their joint score 1 − Π(1 − sᵢ)
    /// reaches `threshold × support_ratio` (0.24). A story several outlets
    /// already reported is firmer evidence than one item; a distinct event
    /// rarely resembles two members of another story at once. 0 as the
    /// floor disables. Defaults 0.6 and 1.2.
    pub support_floor: f32,
    /// See [`StoryConfig::support_floor`].
    pub support_ratio: f32,
    /// Two reports in one language that share two exact amounts (no
    /// percentages) and a name (a whole country will do), with no rule
    /// scoring them as two events, join from `threshold ×
    /// two_amounts_ratio` (0.10 at the defaults): "Mistral", "€2.1
    /// billion" and "€31 billion" are one funding round, whatever else an
    /// analysis of it says. 1.0 disables. Default 0.5.
    pub two_amounts_ratio: f32,
    /// How many candidate items (those sharing the most rare terms) are
    /// scored in full. Higher finds a story's best member more surely on a
    /// busy window, at a cost per item. Default 32.
    pub max_candidates: usize,
    /// The most items the index holds, whatever their age: the oldest go
    /// first. Bounds memory (184 bytes per item plus its terms) on a
    /// flood. Default 4,000,000; at most 2^26.
    pub max_items: usize,
}

impl Default for StoryConfig {
    fn default() -> StoryConfig {
        StoryConfig {
            window: Duration::from_secs(72 * 3600),
            threshold: 0.2,
            min_shared_terms: 3,
            require_shared_name: true,
            time_scale: Duration::from_secs(24 * 3600),
            same_feed_factor: 0.85,
            cross_language_factor: 0.8,
            cross_language_min_names: 2,
            cross_language_strong_ratio: 1.5,
            amount_conflict_factor: 0.6,
            name_conflict_factor: 0.8,
            identifier_conflict_factor: 0.6,
            core_identifier_conflict_factor: 0.3,
            place_conflict_factor: 0.3,
            stage_conflict_factor: 0.5,
            financing_conflict_factor: 0.5,
            prosecution_conflict_factor: 0.3,
            actor_conflict_factor: 0.3,
            direction_conflict_factor: 0.3,
            leadership_conflict_factor: 0.3,
            guidance_conflict_factor: 0.3,
            field_conflict_factor: 0.3,
            oversight_conflict_factor: 0.3,
            penalty_conflict_factor: 0.3,
            award_conflict_factor: 0.3,
            follow_up_conflict_factor: 0.3,
            support_floor: 0.6,
            support_ratio: 1.2,
            two_amounts_ratio: 0.5,
            max_candidates: 32,
            max_items: 4_000_000,
        }
    }
}

/// An item of the index that a new item was compared with.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The story of the compared item.
    pub story: i64,
    /// The compared item (the story's member closest to the new item).
    pub item: i64,
    /// The score (see [`StoryConfig::threshold`]).
    pub score: f32,
    /// The cosine similarity before time decay and feed factor.
    pub similarity: f32,
    /// The terms both share, as written in the new item, most telling first.
    pub shared: Vec<String>,
    /// How many of the shared terms are names.
    pub shared_names: u32,
    /// How many shared terms count towards [`StoryConfig::min_shared_terms`].
    pub shared_terms: u32,
    /// When the story was joined on the support of several members (see
    /// [`StoryConfig::support_floor`]): how many, and their joint score.
    pub support: Option<(u32, f32)>,
    /// Joined under `threshold` on two shared exact amounts (see
    /// [`StoryConfig::two_amounts_ratio`]).
    pub on_amounts: bool,
    /// The rules that scored the pair lower as two events.
    pub conflicts: Conflicts,
    /// For the rules on names, amounts and US states: the new item's terms
    /// that made each apply, as written (its headline's names the compared
    /// item never mentions, its leading amounts, its leading states the
    /// compared item never mentions), for `explain`.
    pub apart: Vec<(Conflicts, String)>,
}

impl Match {
    /// The rules that scored the pair lower, each with the new item's terms
    /// that made it apply: "each headline names someone the other never
    /// mentions (this report: Siemens)".
    fn rules_applied(&self) -> String {
        let rules: Vec<String> = self
            .conflicts
            .each()
            .map(|(rule, words)| {
                let terms: Vec<&str> = self
                    .apart
                    .iter()
                    .filter(|(r, _)| *r == rule)
                    .map(|(_, term)| term.as_str())
                    .collect();
                if terms.is_empty() {
                    words.to_string()
                } else {
                    format!("{words} (this report: {})", terms.join(", "))
                }
            })
            .collect();
        rules.join("; ")
    }
}

/// The rules that scored a pair lower as two events (the `*_conflict_factor`
/// of [`StoryConfig`] in force, below 1), for `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Conflicts(u32);

impl Conflicts {
    const RULES: [&'static str; 20] = [
        "both lead with amounts and share none",
        "each headline names someone the other never mentions",
        "each leads with a US state the other never mentions",
        "one speaks of what is to come, the other of what was done",
        "both number things under one label (or give a score) and share no number",
        "one announces a funding round, the other says nothing of one",
        "one tells of a criminal case, the other says nothing of one or tells of charges against a verdict",
        "each headline opens with a different government, neither naming the other's",
        "each headline names a different legislative chamber",
        "one headline imposes a measure, the other lifts one",
        "one headline tells of a change of leaders, the other says nothing of its leaders",
        "one headline tells of a hearing, the other says nothing of lawmakers",
        "one headline dates its event days after another, reported hours before",
        "one headline announces a launch, the other does not",
        "one headline tells of a fine, the other says nothing of fines or fights the fine",
        "an award's headline names a vendor the other report never names (with an amount the other's title and lead lack, or with amounts on both sides none shared), and the other's headline someone this one's never names",
        "each title or lead numbers a thing under one label and the other's title and lead never give that number",
        "each headline opens with a different government and one answers the other's measure",
        "each headline names a different prize's field",
        "one title or lead tells of a forecast cut, the other says nothing of forecasts or results",
    ];
    pub const AMOUNTS: Conflicts = Conflicts(1);
    pub const NAMES: Conflicts = Conflicts(2);
    pub const STATES: Conflicts = Conflicts(4);
    pub const STAGES: Conflicts = Conflicts(8);
    pub const IDENTIFIERS: Conflicts = Conflicts(16);
    pub const FINANCING: Conflicts = Conflicts(32);
    pub const PROSECUTION: Conflicts = Conflicts(64);
    pub const GOVERNMENTS: Conflicts = Conflicts(128);
    pub const CHAMBERS: Conflicts = Conflicts(256);
    pub const DIRECTIONS: Conflicts = Conflicts(512);
    pub const LEADERSHIP: Conflicts = Conflicts(1024);
    pub const OVERSIGHT: Conflicts = Conflicts(2048);
    pub const FOLLOW_UP: Conflicts = Conflicts(4096);
    pub const LAUNCH: Conflicts = Conflicts(8192);
    pub const PENALTY: Conflicts = Conflicts(16384);
    pub const AWARDS: Conflicts = Conflicts(32768);
    pub const CORE_IDENTIFIERS: Conflicts = Conflicts(65536);
    /// Also keeps the report out of the story altogether (see
    /// `StoryIndex::decide`).
    pub const RETALIATION: Conflicts = Conflicts(131072);
    pub const FIELDS: Conflicts = Conflicts(262144);
    pub const GUIDANCE: Conflicts = Conflicts(524288);

    pub(crate) fn add(&mut self, rule: Conflicts) {
        self.0 |= rule.0;
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether every rule of `rules` is among these.
    pub fn contains(self, rules: Conflicts) -> bool {
        self.0 & rules.0 == rules.0
    }

    /// Each rule in words.
    pub fn rules(self) -> impl Iterator<Item = &'static str> {
        self.each().map(|(_, rule)| rule)
    }

    /// Each rule, alone and in words.
    fn each(self) -> impl Iterator<Item = (Conflicts, &'static str)> {
        Self::RULES
            .into_iter()
            .enumerate()
            .filter(move |(bit, _)| self.0 & (1 << bit) != 0)
            .map(|(bit, rule)| (Conflicts(1 << bit), rule))
    }
}

/// Why the nearest story was not joined.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Miss {
    /// No name in common.
    NoSharedName,
    /// Across languages: too few names and amounts in common (one is
    /// enough from a score of `strong`).
    TooFewAnchors {
        shared: u32,
        needed: u32,
        strong: f32,
    },
    /// Too few terms in common.
    TooFewShared { shared: u32, needed: u32 },
    /// Enough in common, but the score is below the threshold.
    BelowThreshold { threshold: f32 },
    /// The new report is a round-up of several events
    /// (`stories/roundup.rs`): it joins no story.
    RoundUp,
    /// The new report's government answers another's measure that a
    /// member of the story reports (`stories/actors.rs`): it joins none of
    /// that story's reports.
    Answers,
}

impl fmt::Display for Miss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Miss::NoSharedName => write!(f, "no name in common"),
            Miss::TooFewAnchors {
                shared,
                needed,
                strong,
            } => {
                write!(
                    f,
                    "{shared} names or amounts in common across languages (the names of whole \
                     countries, blocs and AI count once), {needed} needed"
                )?;
                if *shared == 1 && *strong > 0.0 {
                    write!(f, ", or one with a score of {strong:.2}")?;
                }
                Ok(())
            }
            Miss::TooFewShared { shared, needed } => {
                let terms = if *shared == 1 { "term" } else { "terms" };
                write!(f, "{shared} {terms} in common, {needed} needed")
            }
            Miss::BelowThreshold { threshold } => {
                write!(f, "score below the threshold {threshold:.2}")
            }
            Miss::RoundUp => write!(
                f,
                "a round-up of several events joins no story, and no report joins one through it"
            ),
            Miss::Answers => write!(
                f,
                "its government answers another's measure that the story reports: a second event"
            ),
        }
    }
}

/// A score that fell short, with two decimals cut rather than rounded: 0.2996
/// against a bar of 0.30 reads "0.29", never as if it had reached it.
struct ScoreShortOf(f32);

impl fmt::Display for ScoreShortOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The small margin keeps a score stored as 0.28999999 (0.29 in f32)
        // at 0.29.
        let hundredths = (f64::from(self.0) * 100.0 + 1e-4).floor().max(0.0);
        write!(f, "{:.2}", hundredths / 100.0)
    }
}

/// The outcome of [`StoryIndex::assign`].
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// The item joins `Match::story`.
    Join(Match),
    /// The item starts a new story. `nearest` is the best candidate, if any
    /// item in the window shares a distinctive term, and why it fell short.
    New { nearest: Option<(Match, Miss)> },
}

impl Decision {
    /// The story to join, if any.
    pub fn story(&self) -> Option<i64> {
        match self {
            Decision::Join(m) => Some(m.story),
            Decision::New { .. } => None,
        }
    }

    /// The score of the joined story, or of the nearest one (0 without any).
    pub fn score(&self) -> f32 {
        match self {
            Decision::Join(m)
            | Decision::New {
                nearest: Some((m, _)),
            } => m.score,
            Decision::New { nearest: None } => 0.0,
        }
    }

    /// The terms shared with the joined (or nearest) story.
    pub fn evidence(&self) -> &[String] {
        match self {
            Decision::Join(m)
            | Decision::New {
                nearest: Some((m, _)),
            } => &m.shared,
            Decision::New { nearest: None } => &[],
        }
    }
}

impl fmt::Display for Decision {
    /// One line for `feedwatch explain`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Decision::Join(m) => {
                write!(f, "joined story {} (score {:.2}", m.story, m.score)?;
                if let Some((members, joint)) = m.support {
                    write!(f, ", with {members} of its members together {joint:.2}")?;
                }
                if m.on_amounts {
                    write!(f, ", two exact amounts and a name in common")?;
                }
                write!(
                    f,
                    ", closest item {}; shared: {})",
                    m.item,
                    m.shared.join(", ")
                )?;
                // A join despite a rule: say which, as a miss does.
                if !m.conflicts.is_empty() {
                    write!(f, " (scored lower as two events: {})", m.rules_applied())?;
                }
                Ok(())
            }
            Decision::New { nearest: None } => {
                write!(
                    f,
                    "new story (no item in the window shares a distinctive term)"
                )
            }
            Decision::New {
                nearest: Some((m, miss)),
            } => {
                write!(
                    f,
                    "new story; nearest story {} (score {}, item {}; shared: {}): {miss}",
                    m.story,
                    ScoreShortOf(m.score),
                    m.item,
                    if m.shared.is_empty() {
                        "nothing".to_string()
                    } else {
                        m.shared.join(", ")
                    }
                )?;
                if matches!(miss, Miss::BelowThreshold { .. }) && !m.conflicts.is_empty() {
                    write!(f, " (scored as two events: {})", m.rules_applied())?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_score_short_of_its_bar_never_reads_as_reaching_it() {
        let nearest = Match {
            story: 7,
            item: 8,
            score: 0.2996,
            similarity: 0.5,
            shared: vec!["Bruxelles".to_string()],
            shared_names: 1,
            shared_terms: 1,
            support: None,
            on_amounts: false,
            conflicts: Conflicts::default(),
            apart: Vec::new(),
        };
        let miss = Miss::TooFewAnchors {
            shared: 1,
            needed: 2,
            strong: 0.3,
        };
        let said = Decision::New {
            nearest: Some((nearest.clone(), miss)),
        }
        .to_string();
        assert!(said.contains("(score 0.29,"), "{said}");
        assert!(said.contains("or one with a score of 0.30"), "{said}");
        // Exact hundredths stay as they are.
        assert_eq!(ScoreShortOf(0.29).to_string(), "0.29");
        assert_eq!(ScoreShortOf(0.2).to_string(), "0.20");
        assert_eq!(ScoreShortOf(0.0).to_string(), "0.00");
        assert_eq!(ScoreShortOf(f32::NAN).to_string(), "0.00");
    }

    #[test]
    fn a_join_despite_a_rule_says_which_rule() {
        let mut joined = Match {
            story: 3,
            item: 4,
            score: 0.45,
            similarity: 0.9,
            shared: vec!["Piastri".to_string()],
            shared_names: 1,
            shared_terms: 5,
            support: None,
            on_amounts: false,
            conflicts: Conflicts::default(),
            apart: Vec::new(),
        };
        let said = Decision::Join(joined.clone()).to_string();
        assert!(!said.contains("two events"), "{said}");
        joined.conflicts.add(Conflicts::NAMES);
        joined.apart.push((Conflicts::NAMES, "F1".to_string()));
        let said = Decision::Join(joined).to_string();
        assert!(
            said.ends_with(
                "(scored lower as two events: each headline names someone the other \
                 never mentions (this report: F1))"
            ),
            "{said}"
        );
    }
}
