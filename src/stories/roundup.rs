//! Whether a report is a round-up: a weekly or daily digest of several
//! events ("The Week in Ransomware - October 23rd 2026", "This week in
//! defense", "Morning briefing: ...", "Wochenrückblick", "Revue de
//! presse"). A round-up reports no one event: joined to the story of one
//! attack it lists, it would carry a later report of another attack it
//! lists into that story, whose alert then hides the new event. So a
//! round-up joins no story and no report joins one through it; it alerts
//! as its own story.
//!
//! From the folded words of the headline only, and only from markers that
//! name a digest: the headline opens with "(the|this|last) week in",
//! "week ahead", or a period and a digest word ("weekly round-up", "daily
//! briefing", "morning digest"), or says "week in review", "Wochenrückblick"
//! or "revue de presse" anywhere. "Roundup" alone is also a weedkiller,
//! and "a week in" also tells of one event ("Hackers spent a week in the
//! hospital's network").

/// A word naming a period a digest covers.
fn is_period(word: &str) -> bool {
    matches!(
        word,
        "weekly" | "daily" | "morning" | "evening" | "midday" | "weekend" | "monthly"
    )
}

/// A word naming a digest, after a period word.
fn is_digest(word: &str) -> bool {
    matches!(
        word,
        "roundup" | "round" | "briefing" | "briefings" | "digest" | "recap" | "wrap"
    )
}

/// Whether a headline, as folded words in order, is a round-up's.
pub(crate) fn is_roundup<'a>(headline: impl IntoIterator<Item = &'a str>) -> bool {
    // Enough to see the opening and the phrases; a headline is short.
    let mut words: [&str; 24] = [""; 24];
    let mut n = 0;
    for (slot, word) in words.iter_mut().zip(headline) {
        *slot = word;
        n += 1;
    }
    let words = words.get(..n).unwrap_or(&[]);
    let at = |i: usize| words.get(i).copied().unwrap_or("");
    let start = usize::from(matches!(at(0), "the" | "this" | "last"));
    let opening = (at(start) == "week" && matches!(at(start + 1), "in" | "ahead"))
        || (is_period(at(start)) && is_digest(at(start + 1)));
    opening
        || words
            .windows(3)
            .any(|w| matches!(w, ["week", "in", "review"] | ["revue", "de", "presse"]))
        || words
            .iter()
            .any(|w| matches!(*w, "wochenruckblick" | "wochenrueckblick"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(headline: &str) -> bool {
        is_roundup(headline.split(' '))
    }

    #[test]
    fn digests_of_several_events_are_round_ups() {
        assert!(of(
            "the week in ransomware october 23rd 2026 health care on paper"
        ));
        assert!(of("week in ransomware a german clinic group rebuilds"));
        assert!(of("this week in defense software deals bigger budgets"));
        assert!(of("week ahead central banks and chip earnings"));
        assert!(of("weekly round up nato budgets and drone orders"));
        assert!(of("morning briefing what you need to know"));
        assert!(of("ai policy the week in review"));
        assert!(of("wochenruckblick kw 43 ransomware und ki gesetz"));
        assert!(of("revue de presse les budgets de defense en europe"));
    }

    #[test]
    fn one_event_told_with_the_same_words_is_no_round_up() {
        // A weedkiller, a week of one attack, a daily fine, a briefing
        // given to lawmakers.
        assert!(!of("bayer wins roundup appeal in missouri"));
        assert!(!of("hackers spent a week in the hospital s network"));
        assert!(!of(
            "commission hits apple with daily fines over app store steering"
        ));
        assert!(!of(
            "pentagon gives senators a classified briefing on ai targeting"
        ));
        assert!(!of("nato ministers meet in brussels this week"));
        assert!(!of(""));
    }
}
