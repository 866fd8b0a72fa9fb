//! Whether a report's headline dates its event days after another one
//! ("Japan adds memory stacking tools to export list, days after US move",
//! "A week after hack, clinics reopen", "CEO exits a day after earnings",
//! "zwei Wochen nach dem Angriff", "trois jours après", "au lendemain de").
//! The headline itself says that the earlier event is another one, however
//! much of it the report recalls: it does not join the reports of that
//! event, published well before it (`StoryConfig::follow_up_conflict_factor`).
//! Reports of the later event itself, published around it, are unaffected.
//!
//! A headline that says "this time" ("Nautiq wins second Swedish deal,
//! this time with coast guard") tells of another event than the one before
//! it in the same way.
//!
//! Hours do not count: "back online hours after the tremor" is the
//! tremor's story. A duration is no date: "extend the truce by 90 days
//! after the talks" ("by", "for", "within" before it) dates nothing, and
//! neither does a span a market move is measured over ("SMIC sinks most
//! in eight months after BIS blacklists two of its fabs").
//!
//! English, German and French, from the folded words of the title (numbers
//! as empty words).

/// How much earlier than a follow-up a report must be to be of the event
/// it follows: six hours, so that the follow-up's own story, reported
/// around it, is unaffected, while the evening explainer of a rule that
/// another government matched the next morning is not.
pub(crate) const FOLLOW_UP_GAP_MS: i64 = 6 * 3_600_000;

/// A unit of days or more (as a folded word), in the three languages.
fn is_days_or_more(word: &str) -> bool {
    matches!(
        word,
        "day"
            | "days"
            | "week"
            | "weeks"
            | "month"
            | "months"
            | "tag"
            | "tage"
            | "tagen"
            | "woche"
            | "wochen"
            | "monat"
            | "monate"
            | "monaten"
            | "jour"
            | "jours"
            | "semaine"
            | "semaines"
            | "mois"
    )
}

/// "after" (as a folded word), in the three languages.
fn is_after(word: &str) -> bool {
    matches!(word, "after" | "nach" | "apres")
}

/// A word before a time that makes it a duration, not a date.
fn makes_a_duration(word: &str) -> bool {
    matches!(
        word,
        "by" | "for" | "within" | "um" | "fur" | "innerhalb" | "pendant" | "de"
    )
}

/// Whether the headline (its folded words in order, numbers as "") dates
/// its event days or more after another.
pub(crate) fn follows_another<W: AsRef<str>>(headline: impl Iterator<Item = W>) -> bool {
    // The last three words: two before a unit of time, and the unit. (Run
    // on every item's headline: no allocation.)
    let mut window: [Option<W>; 3] = [None, None, None];
    let is =
        |word: &Option<W>, test: fn(&str) -> bool| word.as_ref().is_some_and(|w| test(w.as_ref()));
    for word in headline {
        let w = word.as_ref();
        if w == "lendemain" {
            return true;
        }
        let [two_before, before, unit] = &window;
        // "by 90 days after", "for two weeks after": a duration. The word
        // before the time is the number's or the article's; look at both.
        // "most in eight months after": a span; "in the days after" still
        // dates.
        let span = is(two_before, |w| matches!(w, "in" | "en"))
            && !is(before, |w| matches!(w, "the" | "den" | "les"));
        if is(unit, is_days_or_more)
            && is_after(w)
            && !is(before, makes_a_duration)
            && !is(two_before, makes_a_duration)
            && !span
        {
            return true;
        }
        let [_, before, unit] = window;
        window = [before, unit, Some(word)];
    }
    false
}

/// Whether the headline (its folded words in order) says "this time"
/// ("diesmal", "cette fois"): "Nautiq wins second Swedish deal, this time
/// with coast guard", "Second cyberattack in nine days hits ..., this time
/// a clinic network". The earlier one is another event, however much of
/// it the report recalls, as with a headline dated days after it. ("second
/// deal" alone is not enough: a later report of that second deal, hours
/// after its first ones, still calls it so.)
pub(crate) fn says_this_time<W: AsRef<str>>(headline: impl Iterator<Item = W>) -> bool {
    let mut pointing = false;
    for word in headline {
        let w = word.as_ref();
        if w == "diesmal" || (pointing && matches!(w, "time" | "fois")) {
            return true;
        }
        pointing = matches!(w, "this" | "cette");
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{follows_another, says_this_time};

    fn follows(headline: &str) -> bool {
        // Fold as the features do, for these ASCII and French examples:
        // lower case, accents off, numbers as empty words.
        follows_another(
            headline
                .split(|c: char| !c.is_alphanumeric() && c != 'è')
                .map(|w| {
                    let w = w.to_lowercase().replace('è', "e");
                    if w.chars().all(|c| c.is_ascii_digit()) {
                        String::new()
                    } else {
                        w
                    }
                }),
        )
    }

    #[test]
    fn a_headline_dated_days_after_another_event_follows_it() {
        for headline in [
            "Japan adds memory stacking tools to export list, days after US move",
            "A week after hack, Scioto Valley Health brings records back online",
            "Kestrel Diagnostics CEO exits abruptly a day after earnings",
            "Nine days after ransomware attack, hospitals take ambulances again",
            "Fresh storms lash Bavaria four days after deadly hail",
            "Klinik wieder am Netz, zwei Wochen nach dem Angriff",
            "L'hôpital rouvre ses urgences trois jours après la cyberattaque",
            "Au lendemain de l'accord, Pékin riposte",
            "Clinics struggle in the days after ransomware attack",
        ] {
            assert!(follows(headline), "{headline}");
        }
    }

    #[test]
    fn hours_durations_and_plain_dates_follow_nothing() {
        for headline in [
            "TSMC says most fab tools back online hours after Hualien tremor",
            "US, China extend tariff truce by 90 days after Geneva talks",
            "Strike to last for two weeks after talks fail",
            "Pentagon awards $200 million AI contract",
            "Talks resume after a day of strikes",
            "After 30 days, the rule takes effect",
            "SMIC Sinks Most in Eight Months After BIS Blacklists Two of Its Fabs",
            "Yen hits weakest in 3 weeks after BOJ holds",
        ] {
            assert!(!follows(headline), "{headline}");
        }
    }

    fn this_time(headline: &str) -> bool {
        says_this_time(
            headline
                .split(|c: char| !c.is_alphanumeric())
                .map(|w| w.to_lowercase()),
        )
    }

    #[test]
    fn this_time_tells_of_another_event() {
        for headline in [
            "Nautiq wins second Swedish deal, this time with coast guard",
            "Second cyberattack in nine days hits Ohio health care, this time a clinic network",
            "Diesmal trifft es die Küstenwache",
            "Nautiq signe un second contrat, cette fois avec les garde-côtes",
        ] {
            assert!(this_time(headline), "{headline}");
        }
    }

    #[test]
    fn a_second_deal_or_this_minister_is_no_other_time() {
        for headline in [
            "Nordwake's second deal at the Helsinki expo is with Norway's army",
            "Time to act on AI, says this minister",
            "Knee replacements on hold for a second day at hacked health network",
        ] {
            assert!(!this_time(headline), "{headline}");
        }
    }
}
