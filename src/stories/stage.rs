//! Whether a report's title and lead speak of what is to come (talks
//! opening, a draft on the table) or of what was done (a pledge signed, a
//! bill passed). A preview and an outcome of one process are two events
//! (the opening and the close of a summit, a proposal and its adoption)
//! however many names and figures they share; two reports of one event
//! rarely split that way (`StoryConfig::stage_conflict_factor`).
//!
//! English only, from the folded words of the title and the lead sentence:
//! a report with words of both kinds, or of neither, has no stage. A
//! gathering that opens ("G7 leaders open Lake Placid summit", "opened
//! their summit") is to come: the pact signed at it the same evening is
//! another event. A title that names a gathering and its opening ("Nato
//! summit: ... on opening day", "summit day one") and nothing done decides
//! alone, whatever its lead recalls as ended or pledged, and so does a
//! title that calls itself a preview ("semi-finals preview: ...", "What to
//! watch as the House takes up ...", even "final preview"); a number in
//! the title breaks a phrase, not the title. A story member of the other
//! stage lends no support to a join (`index/decide.rs`).

super::verdict::two_sided_verdict! {
    /// What a report's title and lead say of its event.
    pub enum Stage {
        /// Neither kind of word, or both.
        Unknown,
        /// Something to come: "the summit opens", "a draft on the table", "set to".
        Prospect,
        /// Something done: "agreed", "signed", "passed", "a declaration".
        Outcome,
    }
}

/// A word that alone speaks of what is to come, or of what someone wants
/// done ("warns", "urged": a speech at a summit, not the deal signed on
/// its sidelines). (Matches, not lists: they compile to tests of length
/// and bytes, a few per word.)
fn is_prospect_word(word: &str) -> bool {
    matches!(
        word,
        "began"
            | "begins"
            | "chases"
            | "consider"
            | "considering"
            | "considers"
            | "draft"
            | "drafts"
            | "gather"
            | "gathers"
            | "mull"
            | "mulls"
            | "opens"
            | "planning"
            | "preparing"
            | "propose"
            | "proposed"
            | "proposes"
            | "proposing"
            | "proposal"
            | "proposals"
            | "readies"
            | "readying"
            | "tonight"
            | "weighing"
            | "weighs"
            | "urge"
            | "urged"
            | "urges"
            | "warn"
            | "warned"
            | "warns"
    )
}

/// Two words that speak of what is to come: "expected to", "about to", "in talks",
/// "kicks off", "meet in"; and "on the table".
fn is_prospect_phrase(before2: &str, before: &str, word: &str) -> bool {
    match word {
        "to" => matches!(
            before,
            "about" | "expected" | "set" | "plan" | "plans" | "prepare" | "prepares"
        ),
        "talks" => matches!(before, "in" | "open" | "opened"),
        "off" => matches!(before, "kick" | "kicks"),
        "in" => matches!(before, "meet" | "meets"),
        "on" => before == "talks",
        // A lead taken into a final day or round: "Roussel takes
        // one-shot lead into final round at Evian".
        "into" => matches!(before, "lead" | "leads" | "heads" | "head"),
        "weigh" => before == "to",
        "table" => before == "the" && before2 == "on",
        _ => false,
    }
}

/// A word that alone speaks of what was done.
fn is_outcome_word(word: &str) -> bool {
    matches!(
        word,
        "adopt"
            | "adopted"
            | "adopts"
            | "agreed"
            | "agrees"
            | "approve"
            | "approved"
            | "approves"
            | "approving"
            | "awarded"
            | "awards"
            | "closed"
            | "closes"
            | "commitment"
            | "communique"
            | "conclude"
            | "concluded"
            | "concludes"
            | "declaration"
            | "ended"
            | "ends"
            | "final"
            | "finalised"
            | "finalises"
            | "finalized"
            | "finalizes"
            | "finished"
            | "passed"
            | "passes"
            | "pledge"
            | "pledged"
            | "pledges"
            | "pledging"
            | "signed"
            | "signs"
    )
}

/// Two words that speak of what was done: "wraps up".
fn is_outcome_phrase(before: &str, word: &str) -> bool {
    word == "up" && matches!(before, "wrap" | "wraps")
}

/// A gathering that opens ("G7 leaders open Lake Placid summit", "opened
/// their summit"): "open" alone is also a licence's, a letter's or a
/// model's weights'.
fn is_gathering(word: &str) -> bool {
    matches!(
        word,
        "summit" | "summits" | "conference" | "congress" | "forum" | "expo" | "meeting"
    )
}

/// How many words after "open", "opened" or "opening" a gathering still counts as
/// what opens ("open Lake Placid summit").
const OPEN_REACH: u8 = 3;

/// The stage of a report from the folded words of its title and lead, in
/// order (`None` between the two, and an empty word for a number, so no
/// phrase spans them).
pub(crate) fn stage_of<'a>(words: impl IntoIterator<Item = Option<&'a str>>) -> Stage {
    let (mut prospect, mut outcome) = (false, false);
    let (mut before2, mut before) = ("", "");
    // Words since "open", "opened" or "opening" (`u8::MAX`: none in
    // reach): alone, each is also a market's, a licence's or a programme's
    // ("opening EU procurement to Japanese companies", a pact's terms).
    let mut since_open = u8::MAX;
    // Whether the title names a gathering and its opening ("summit
    // opens", "summit: ... on opening day", "summit day one") and says
    // nothing done: the lead's "ended without agreement" or "the pledge
    // made last year" then leaves it the opening.
    let (mut in_title, mut title_gathering, mut title_opening, mut title_outcome) =
        (true, false, false, false);
    // Whether the title calls itself a preview ("semi-finals preview: ...",
    // "What to watch as the House takes up ..."): it decides alone, even
    // over a "final" it previews.
    let mut title_preview = false;
    for word in words {
        let Some(word) = word else {
            if in_title && (title_preview || title_gathering && title_opening && !title_outcome) {
                return Stage::Prospect;
            }
            in_title = false;
            (before2, before) = ("", "");
            since_open = u8::MAX;
            continue;
        };
        if word.is_empty() {
            (before2, before) = ("", "");
            since_open = u8::MAX;
            continue;
        }
        since_open = if matches!(word, "open" | "opened" | "opening") {
            0
        } else {
            since_open.saturating_add(1)
        };
        let opens_a_gathering = since_open <= OPEN_REACH && is_gathering(word);
        if in_title {
            title_gathering = title_gathering || is_gathering(word);
            title_opening = title_opening
                || matches!(word, "open" | "opens" | "opened" | "opening")
                || before == "day" && word == "one";
            title_preview = title_preview
                || word == "preview"
                || before2 == "what" && before == "to" && matches!(word, "watch" | "expect");
        }
        // "... adding to a string of wins as it weighs a listing": a side
        // clause on the company's own plans, not the event's stage.
        let side_clause = matches!(before2, "as" | "while") && matches!(before, "it" | "they");
        prospect = prospect
            || !side_clause
                && (is_prospect_word(word) || is_prospect_phrase(before2, before, word))
            || opens_a_gathering;
        // "into final round" is to come; "final rules" done.
        let done = (is_outcome_word(word) && !(word == "final" && before == "into"))
            || is_outcome_phrase(before, word);
        title_outcome = title_outcome || in_title && done;
        outcome = outcome || done;
        if prospect && outcome && !in_title {
            return Stage::Unknown;
        }
        (before2, before) = (before, word);
    }
    if in_title && title_preview {
        return Stage::Prospect;
    }
    match (prospect, outcome) {
        (true, false) => Stage::Prospect,
        (false, true) => Stage::Outcome,
        _ => Stage::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(text: &str) -> Stage {
        stage_of(text.split(' ').map(Some))
    }

    #[test]
    fn previews_and_outcomes() {
        assert_eq!(
            of("nordic and baltic ministers meet in riga with a target on the table"),
            Stage::Prospect
        );
        assert_eq!(of("ministers signed off a joint text"), Stage::Outcome);
        assert_eq!(
            of("house armed services passes its defense bill"),
            Stage::Outcome
        );
        assert_eq!(of("summit wraps up with a pledge"), Stage::Outcome);
        // The final version, recalling its draft: done, and no stage.
        assert_eq!(
            of("china s final ai label rules are bigger than the draft"),
            Stage::Unknown
        );
        assert_eq!(of("beijing finished its ai label rules"), Stage::Outcome);
        // A side clause on the company's plans says nothing of the event.
        assert_eq!(
            of(
                "anduril won a roughly million army order adding to a string of wins as it weighs a listing"
            ),
            Stage::Unknown
        );
        assert_eq!(of("the army weighs a counter drone order"), Stage::Prospect);
        // A lead taken into the last round is to come.
        assert_eq!(
            of("roussel takes one shot lead into final round at evian"),
            Stage::Prospect
        );
        // A pact that opens programmes to others is done; a summit's
        // opening is to come.
        assert_eq!(
            of("japan and eu signed a pact opening eu procurement to japanese companies"),
            Stage::Outcome
        );
        assert_eq!(
            of("leaders gather for the opening of the summit"),
            Stage::Prospect
        );
        // A scoop on a rule in the making.
        assert_eq!(
            of("us readies curbs on servicing of chipmaking tools sources say"),
            Stage::Prospect
        );
        assert_eq!(
            of("washington s push is about to reach maintenance crews"),
            Stage::Prospect
        );
        // Both kinds, or neither: no stage.
        assert_eq!(
            of("openai in talks with nato a week after its agreement was signed"),
            Stage::Unknown
        );
        assert_eq!(of("ransomware hits a hospital"), Stage::Unknown);
        // What happens tonight, or a title chased, is still to come.
        assert_eq!(
            of("tonight at la28 delacroix chases hurdles gold"),
            Stage::Prospect
        );
        assert_eq!(of("the senate passed the bill tonight"), Stage::Unknown);
        // A speech at a summit warns or urges: not the deal signed there.
        assert_eq!(
            of("japan s leader warns of coercion at sea at manila summit"),
            Stage::Prospect
        );
        assert_eq!(
            of("china warns of retaliation after eu agrees tariffs"),
            Stage::Unknown
        );
        // Told the day after, in the past tense.
        assert_eq!(
            of(
                "speaking at the summit s business forum the commission president urged japan to coordinate trade defence"
            ),
            Stage::Prospect
        );
        // A gathering that opens, in any tense; "open" alone says nothing.
        assert_eq!(
            of("g7 leaders open lake placid summit divided over car tariffs"),
            Stage::Prospect
        );
        assert_eq!(
            of("leaders of the group of seven opened their summit on wednesday"),
            Stage::Prospect
        );
        assert_eq!(
            of("mistral releases an open weight model at its developer summit"),
            Stage::Unknown
        );
        // A title that opens a gathering and says nothing done decides,
        // whatever its lead says ended or was pledged before.
        let title_and_lead = |title: &str, lead: &str| {
            stage_of(
                title
                    .split(' ')
                    .map(Some)
                    .chain(std::iter::once(None))
                    .chain(lead.split(' ').map(Some)),
            )
        };
        assert_eq!(
            title_and_lead(
                "nato summit leaders spar over spending on opening day",
                "the first day ended without agreement"
            ),
            Stage::Prospect
        );
        assert_eq!(
            title_and_lead(
                "nato summit day one southern allies push back",
                "allies pledged in 2025 to reach 3 5 percent"
            ),
            Stage::Prospect
        );
        // Not without the gathering, nor when the title says it done.
        assert_eq!(
            title_and_lead("helsing opens german plant", "it signed a lease"),
            Stage::Unknown
        );
        assert_eq!(
            title_and_lead(
                "summit opens with a pledge signed on drones",
                "leaders gathered in lisbon"
            ),
            Stage::Unknown
        );
        // A title that calls itself a preview decides, even over the final
        // it previews or the vote its lead expects passed.
        assert_eq!(
            title_and_lead(
                "euro 2028 final preview spain v england team news",
                "spain won the semi final on penalties"
            ),
            Stage::Prospect
        );
        assert_eq!(
            title_and_lead(
                "what to watch as the house takes up the 861 billion pentagon bill",
                "the senate committee closed its markup"
            ),
            Stage::Prospect
        );
        assert_eq!(
            of("super bowl preview can seattle s defense hold"),
            Stage::Prospect
        );
        // A company's preview of its chips is no preview of an event.
        assert_eq!(of("nvidia previews feynman chips"), Stage::Unknown);
        assert_eq!(
            title_and_lead("what went wrong at the summit", "leaders signed a pledge"),
            Stage::Outcome
        );
        // No phrase across the title and the lead.
        assert_eq!(
            stage_of([Some("on"), Some("the"), None, Some("table")]),
            Stage::Unknown
        );
        assert!(Stage::Prospect.clashes(Stage::Outcome));
        assert!(!Stage::Prospect.clashes(Stage::Unknown));
        assert!(!Stage::Outcome.clashes(Stage::Outcome));
        for stage in [Stage::Unknown, Stage::Prospect, Stage::Outcome] {
            assert_eq!(Stage::from_bits(stage as u8), stage);
        }
    }
}
