//! Whether a report's headline tells of a change at the top of an
//! organisation ("Orsenne chief executive resigns", "Airbus boss steps
//! down", "Konzernchef tritt zurück", "le PDG démissionne") or its title and
//! lead say nothing of its leaders at all. A company's results and its
//! chief executive's departure hours later are two events however many
//! names and words they share (the departure cites the results); two
//! reports of one departure rarely split that way: an angle on it still
//! names the post, the board or the successor
//! (`StoryConfig::leadership_conflict_factor`).
//!
//! English, German and French, from the folded words of the title and the
//! lead. A headline tells of a change when it says "resigns" (or
//! "ousted", "démission", "Rücktritt"), or names a post (chief executive,
//! CEO, chairman, boss, PDG, Konzernchef...) with a word of change (quits,
//! steps down, replaced, successor, names, "interim" but for interim results,
//! quitte, zurück...). Any post, word of change or mention of a board
//! keeps a report from counting as unrelated, so reports of results that
//! quote the chief executive never clash with anything.

super::verdict::two_sided_verdict! {
    /// What a report's title and lead say of a change of leaders.
    pub enum Leadership {
        /// Leaders are mentioned, but the headline tells of no change.
        Unknown,
        /// The headline tells of a change at the top.
        Change,
        /// Neither the title nor the lead speaks of a post, a board or a
        /// resignation.
        Unrelated,
    }
}

/// A word that tells of a change at the top on its own.
fn is_resignation(word: &str) -> bool {
    matches!(
        word,
        "resigns"
            | "resigned"
            | "resignation"
            | "ousted"
            | "ouster"
            | "demissionne"
            | "demission"
            | "rucktritt"
            | "zurucktreten"
    )
}

/// A post at the top of an organisation (as a folded word): "chief" alone
/// too ("Kessler Wehrtechnik chief Matthias Oberländer to step down"), the
/// headline's change word still needed.
fn is_post(word: &str) -> bool {
    matches!(
        word,
        "ceo"
            | "chief"
            | "cfo"
            | "coo"
            | "chairman"
            | "chairwoman"
            | "boss"
            | "founder"
            | "pdg"
            | "patron"
            | "patronne"
            | "dirigeant"
            | "dirigeante"
            | "chef"
            | "chefin"
            | "vorstandschef"
            | "vorstandschefin"
            | "konzernchef"
            | "konzernchefin"
            | "vorstandsvorsitzender"
            | "vorstandsvorsitzende"
            | "geschaftsfuhrer"
            | "geschaftsfuhrerin"
    )
}

/// A word that, with a post in the headline, tells of a change.
fn is_change(word: &str) -> bool {
    matches!(
        word,
        "quits"
            | "quit"
            | "departs"
            | "departure"
            | "exits"
            | "fired"
            | "sacked"
            | "replaced"
            | "replaces"
            | "successor"
            | "succeeds"
            | "appoints"
            | "appointed"
            // "names Gen. Verri as Italy's new chief of staff".
            | "names"
            | "named"
            | "reshuffle"
            | "quitte"
            | "remplace"
            | "remplacant"
            | "successeur"
            | "depart"
            | "zuruck"
            | "nachfolger"
            | "nachfolgerin"
            | "abgang"
            | "verlasst"
    )
}

/// A word that, after "interim", makes it a company's half-year figures
/// ("interim results"), not a stand-in at its head.
fn is_accounts_word(word: &str) -> bool {
    matches!(
        word,
        "results" | "figures" | "report" | "dividend" | "earnings" | "profit" | "accounts"
    )
}

/// A word that speaks of an organisation's leaders at all (in the title
/// or the lead): a report with one is never unrelated.
fn is_leaders_word(word: &str) -> bool {
    is_post(word)
        || is_resignation(word)
        || is_change(word)
        || matches!(
            word,
            "chief"
                | "executive"
                | "executives"
                | "chair"
                | "president"
                | "board"
                | "management"
                | "director"
                | "directeur"
                | "directrice"
                | "vorstand"
                | "aufsichtsrat"
        )
}

/// What the title's and the lead's folded words (each with whether it is
/// in the title) say of a change of leaders.
pub(crate) fn leadership_of<'a>(words: impl IntoIterator<Item = (bool, &'a str)>) -> Leadership {
    let (mut post, mut change, mut leaders) = (false, false, false);
    let mut previous = "";
    for (in_title, word) in words {
        if in_title {
            if is_resignation(word) {
                return Leadership::Change;
            }
            // "chief executive", "steps down": a post and a change of two
            // words each.
            post |= is_post(word) || (previous == "chief" && word == "executive");
            change |= is_change(word)
                || (word == "down" && matches!(previous, "step" | "steps" | "stepping"))
                // "names interim CEO", not "interim results".
                || (previous == "interim" && !is_accounts_word(word));
        }
        leaders |= is_leaders_word(word);
        previous = word;
    }
    if post && change {
        Leadership::Change
    } else if leaders {
        Leadership::Unknown
    } else {
        Leadership::Unrelated
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the engine reads of a title and a summary (whose first
    /// sentence is the lead).
    fn of(title: &str, lead: &str) -> Leadership {
        crate::stories::Features::extract(title, lead, "").leadership()
    }

    #[test]
    fn a_headline_of_a_departure_at_the_top_is_a_change() {
        for title in [
            "Orsenne chief executive resigns, board names interim head",
            "Orsenne names CFO interim CEO",
            "Airbus boss steps down after eight years",
            "Thales CEO to quit as defence group seeks new strategy",
            "Bank chairman ousted after trading losses",
            "Konzernchef tritt zurück",
            "Rücktritt bei Siemens Energy",
            "Le PDG d'Orsenne démissionne",
            "Le patron de Thales quitte le groupe",
            "Ferrante springs army reshuffle, names Gen. Verri as Italy's new chief of staff",
            "Pentagon names new chief digital and AI officer",
        ] {
            assert_eq!(of(title, ""), Leadership::Change, "{title}");
        }
    }

    #[test]
    fn results_that_say_nothing_of_leaders_are_unrelated_and_clash_with_a_change() {
        let results = of(
            "Orsenne cuts 2026 outlook as clients delay IT projects",
            "French IT services group Orsenne cut its full-year outlook on Friday after third-quarter revenue fell 4.1%.",
        );
        assert_eq!(results, Leadership::Unrelated);
        assert!(results.clashes(Leadership::Change));
        assert!(Leadership::Change.clashes(results));
        assert!(!results.clashes(results));
        assert!(!Leadership::Change.clashes(Leadership::Change));
    }

    #[test]
    fn results_quoting_the_chief_executive_never_clash() {
        let results = of(
            "Orsenne cuts 2026 outlook as clients delay IT projects",
            "Chief executive Hélène Marchal said clients had delayed projects.",
        );
        assert_eq!(results, Leadership::Unknown);
        assert!(!results.clashes(Leadership::Change));
    }

    #[test]
    fn a_post_without_a_change_or_a_change_without_a_post_is_no_change() {
        for title in [
            "ECB president signals a cut in December",
            "Shares down 5% as CEO defends strategy",
            "Britain quits talks on fishing rights",
            "Storm leaves 400,000 homes without power",
            "Rolls-Royce CEO hails interim results as profit jumps",
            "CEO leaves door open to a second listing",
            "New CEO vows to succeed where rivals failed",
        ] {
            assert_ne!(of(title, ""), Leadership::Change, "{title}");
        }
    }
}
