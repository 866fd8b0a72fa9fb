//! A corpus-free estimate of how often a trigger occurs in a news item, used
//! to pick the *anchor* of each topic: the required group the percolator
//! indexes, so that a topic only becomes a candidate when its most
//! selective required term is present.
//!
//! The estimate is deliberately simple and generic: a short list of very
//! frequent English words (function words and everyday vocabulary), then
//! word length (longer words are rarer: "Palantir" vs "war"), then digits.
//! Prefixes cost more the shorter they are, and a site restriction is
//! assumed to cover a sizeable share of items. It only affects speed, never
//! results: any group is a correct anchor (see `index.rs`).

/// Function words (folded, unstemmed).
pub(crate) const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "after", "against", "all", "also", "amid", "an", "and", "any", "are", "as", "at",
    "be", "because", "been", "before", "being", "between", "both", "but", "by", "can", "could",
    "did", "do", "does", "down", "during", "each", "even", "few", "for", "from", "had", "has",
    "have", "he", "her", "here", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its",
    "just", "last", "less", "many", "may", "me", "might", "more", "most", "much", "must", "my",
    "new", "no", "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or", "other",
    "our", "out", "over", "own", "s", "said", "same", "says", "she", "should", "since", "so",
    "some", "still", "such", "t", "than", "that", "the", "their", "them", "then", "there", "these",
    "they", "this", "those", "three", "through", "to", "too", "two", "under", "until", "up", "us",
    "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
    "will", "with", "would", "yet", "you", "your",
];

/// Everyday vocabulary present in a large share of news items.
#[rustfmt::skip]
const EVERYDAY_WORDS: &[&str] = &[
    "according", "agency", "announced", "around", "back", "best", "big", "business", "called",
    "city", "come", "company", "country", "court", "day", "days", "deal", "end", "first", "four",
    "get", "good", "government", "group", "high", "home", "including", "know", "large", "later",
    "law", "leader", "leaders", "life", "like", "long", "made", "make", "man", "market", "million",
    "billion", "minister", "month", "months", "national", "next", "news", "number", "official",
    "officials", "part", "party", "people", "percent", "place", "plan", "police", "political",
    "power", "president", "public", "report", "reported", "right", "say", "second", "see", "set",
    "show", "state", "states", "take", "time", "times", "told", "top", "united", "use", "used",
    "way", "week", "weeks", "well", "women", "work", "world", "year", "years",
];

/// Estimated probability-like cost of a folded word (before stemming).
pub(crate) fn word_cost(folded: &str) -> f32 {
    if FUNCTION_WORDS.contains(&folded) || EVERYDAY_WORDS.contains(&folded) {
        return 1.0;
    }
    if folded.bytes().all(|b| b.is_ascii_digit()) {
        // Small numbers and years are common; long numbers are not.
        return if folded.len() <= 4 { 0.3 } else { 0.05 };
    }
    match folded.chars().count() {
        0..=2 => 0.3,
        3 => 0.1,
        4 => 0.06,
        5 => 0.04,
        6 | 7 => 0.03,
        _ => 0.02,
    }
}

/// Cost of a folded prefix: at least as common as the word it spells, and
/// short prefixes cover many words.
pub(crate) fn prefix_cost(folded: &str) -> f32 {
    let by_len = match folded.chars().count() {
        0..=2 => 1.0,
        3 => 0.5,
        4 => 0.2,
        5 => 0.1,
        6 => 0.06,
        _ => 0.04,
    };
    word_cost(folded).max(by_len)
}

/// Cost of a `site:` domain: one outlet is a sizeable share of a feed mix.
pub(crate) const SITE_COST: f32 = 0.3;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequent_and_short_words_cost_more() {
        assert!(word_cost("the") > word_cost("war"));
        assert!(word_cost("government") > word_cost("palantir"));
        assert!(word_cost("war") > word_cost("palantir"));
        assert!(prefix_cost("pal") > word_cost("palantir"));
        assert!(word_cost("2024") > word_cost("20240101"));
    }
}
