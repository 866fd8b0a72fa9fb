//! The *lead* of an item: its title plus the first sentence of the summary
//! (of the content when the summary is empty), where news states its main
//! subject. This file finds where that first sentence ends.
//!
//! A sentence ends at a run of `.`, `!`, `?` or `…` (optionally followed by
//! closing quotes or brackets) that is followed by the end of the text, or by
//! whitespace and then a word that starts a sentence: an upper-case letter or
//! a digit, possibly after an opening quote or bracket. A blank line (two
//! line breaks) also ends it. Lower case after the stop never ends a
//! sentence ("approx. five", `"Why?" she asked`), and a stop not followed by
//! whitespace never does ("3.5", "U.S.-made", "Yahoo!Inc").
//!
//! A single `.` is then checked against the word before it:
//! - titles that precede a name never end a sentence: "Dr.", "Gen.",
//!   "Mr.", "Sen.", "Prof." and the like ([`TITLES`]);
//! - numbering words never end one before a digit: "No. 3", "Art. 5";
//! - a German day of the month never ends one before its month: "den 11.
//!   Juni", "am 3. Oktober" ([`MONATE`]);
//! - abbreviations that can close a sentence ("Inc.", "Corp.", "Jr.", months
//!   such as "Jan."), dotted initialisms ("U.S.", "a.m."), single-letter
//!   initials ("J. R. R. Tolkien") and ellipses end one only when the next
//!   word is a common sentence opener ([`OPENERS`]: "The", "It", "In", ...):
//!   "sold to Acme Inc. The deal" ends after "Inc.", "Acme Inc. Chief
//!   Executive" does not.
//!
//! `!` and `?` end a sentence whenever upper case follows. The lead is also
//! capped at [`MAX_LEAD_WORDS`] words, so a body without punctuation does not
//! count as one endless first sentence.

use super::normalize::{is_word_char, tokenize};

/// Longest lead sentence, in words.
pub(crate) const MAX_LEAD_WORDS: usize = 60;

/// Words (folded, without the period) that precede a name and never end a
/// sentence.
const TITLES: &[&str] = &[
    "adm", "brig", "capt", "cmdr", "col", "cpl", "dr", "fr", "gen", "gov", "hon", "lt", "maj",
    "messrs", "mme", "mlle", "mr", "mrs", "ms", "pres", "prof", "pvt", "rep", "rev", "sen", "sgt",
    "supt",
];

/// Words that number things and never end a sentence before a digit.
const NUMBERING: &[&str] = &[
    "art", "ch", "fig", "no", "nos", "op", "p", "pp", "sec", "vol",
];

/// German months (folded), which follow a day written as an ordinal
/// ("11." for "elfte").
const MONATE: &[&str] = &[
    "januar",
    "jänner",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
];

/// Abbreviations that can also close a sentence.
const AMBIGUOUS: &[&str] = &[
    "al", "approx", "apr", "aug", "ave", "blvd", "bros", "co", "corp", "dec", "dept", "est", "etc",
    "feb", "inc", "jan", "jr", "jul", "jun", "llc", "ltd", "mar", "mt", "nov", "oct", "plc", "sep",
    "sept", "sr", "st", "vs",
];

/// Words that commonly open a news sentence (folded).
const OPENERS: &[&str] = &[
    "a",
    "after",
    "also",
    "an",
    "and",
    "as",
    "at",
    "but",
    "by",
    "for",
    "from",
    "he",
    "her",
    "his",
    "however",
    "i",
    "if",
    "in",
    "it",
    "its",
    "meanwhile",
    "on",
    "our",
    "she",
    "so",
    "that",
    "the",
    "their",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "under",
    "we",
    "when",
    "while",
    "with",
    "yet",
];

fn is_stop(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«')
}

/// Byte offset where the lead part of `text` ends: the end of its first
/// sentence (see the module docs), or of its [`MAX_LEAD_WORDS`]th word if
/// that comes first. `text.len()` when the whole text is one sentence.
pub(crate) fn lead_end(text: &str) -> usize {
    let sentence = first_sentence_end(text);
    let mut n = 0;
    let mut cap = text.len();
    tokenize(text, |_, e| {
        n += 1;
        if n == MAX_LEAD_WORDS {
            cap = e;
        }
    });
    sentence.min(cap)
}

/// Byte offset just past the first sentence (its stop and closing quotes).
pub(crate) fn first_sentence_end(text: &str) -> usize {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\n' {
            let rest = &text[i + 1..];
            let blank = rest.trim_start_matches([' ', '\t', '\r']).starts_with('\n');
            if blank {
                return i;
            }
            continue;
        }
        if !is_stop(c) {
            continue;
        }
        // The run of stops ("?!", "...") and closers after it.
        let mut end = i + c.len_utf8();
        let mut run = String::from(c);
        while let Some(&(j, n)) = chars.peek() {
            if is_stop(n) {
                run.push(n);
                end = j + n.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let mut closed = end;
        for n in text[end..].chars() {
            if is_closer(n) {
                closed += n.len_utf8();
            } else {
                break;
            }
        }
        let after = &text[closed..];
        if after.is_empty() {
            return closed;
        }
        if !after.starts_with(char::is_whitespace) {
            continue;
        }
        let next = after.trim_start();
        if next.is_empty() {
            return closed;
        }
        let next = next.trim_start_matches(is_opener);
        let Some(first) = next.chars().next() else {
            continue;
        };
        if !(first.is_uppercase() || first.is_ascii_digit()) {
            continue;
        }
        if ends_sentence(&text[..i], &run, next, first) {
            return closed;
        }
    }
    text.len()
}

/// Whether a stop `run` after `before` ends the sentence, given the text
/// `next` that follows (starting with `first`, upper case or a digit).
fn ends_sentence(before: &str, run: &str, next: &str, first: char) -> bool {
    let next_word: String = next
        .chars()
        .take_while(|c| is_word_char(*c))
        .flat_map(char::to_lowercase)
        .collect();
    let opener = OPENERS.contains(&next_word.as_str());
    if run.contains(['!', '?']) {
        return true;
    }
    if run != "." {
        // An ellipsis ("..." or "…"), or two periods.
        return opener;
    }
    // The word before the period, e.g. "U.S", "Dr", "J", "2024", "Inc".
    let prev = before
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .trim_start_matches(is_opener);
    let folded: String = prev.chars().flat_map(char::to_lowercase).collect();
    if folded.is_empty() {
        return true;
    }
    if TITLES.contains(&folded.as_str()) {
        return false;
    }
    if NUMBERING.contains(&folded.as_str()) && first.is_ascii_digit() {
        return false;
    }
    let day_of_month = matches!(folded.parse::<u8>(), Ok(1..=31)) && folded.len() <= 2;
    if day_of_month && MONATE.contains(&next_word.as_str()) {
        return false;
    }
    let single_letter = {
        let mut cs = prev.chars();
        matches!((cs.next(), cs.next()), (Some(c), None) if c.is_alphabetic())
    };
    // "U.S", "a.m", "e.g", "Ph.D": letters in short dot-separated groups.
    let dotted = prev.contains('.')
        && prev
            .split('.')
            .all(|g| (1..=2).contains(&g.chars().count()) && g.chars().all(char::is_alphabetic));
    if single_letter || dotted || AMBIGUOUS.contains(&folded.as_str()) {
        return opener;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first sentence of `text`.
    fn first(text: &str) -> &str {
        &text[..first_sentence_end(text)]
    }

    #[test]
    fn plain_sentences() {
        assert_eq!(first("One two. Three four."), "One two.");
        assert_eq!(first("Only one sentence"), "Only one sentence");
        assert_eq!(first("Is it? Yes."), "Is it?");
        assert_eq!(first("Stop! Go."), "Stop!");
        assert_eq!(first("Ends here.   "), "Ends here.");
        assert_eq!(first(""), "");
        assert_eq!(first("Deal agreed. 15 people lost jobs."), "Deal agreed.");
    }

    #[test]
    fn dotted_initialisms() {
        assert_eq!(
            first("The U.S. Army awarded a contract. It runs two years."),
            "The U.S. Army awarded a contract."
        );
        assert_eq!(
            first("Troops left the U.S. The Pentagon said so."),
            "Troops left the U.S."
        );
        assert_eq!(
            first("U.S.-made chips were seized. More later."),
            "U.S.-made chips were seized."
        );
        assert_eq!(
            first("It starts at 9 a.m. Eastern time. Then more."),
            "It starts at 9 a.m. Eastern time."
        );
    }

    #[test]
    fn titles_before_names() {
        assert_eq!(
            first("Dr. Smith said the lab won. Others disagreed."),
            "Dr. Smith said the lab won."
        );
        assert_eq!(
            first("Gen. Mark Milley signed it. The deal is final."),
            "Gen. Mark Milley signed it."
        );
        assert_eq!(
            first("Sen. Warren and Rep. Khanna objected. A vote follows."),
            "Sen. Warren and Rep. Khanna objected."
        );
    }

    #[test]
    fn company_abbreviations() {
        assert_eq!(
            first("Palantir Technologies Inc. Chief Executive Alex Karp spoke. He smiled."),
            "Palantir Technologies Inc. Chief Executive Alex Karp spoke."
        );
        assert_eq!(
            first("The Army signed with Acme Inc. The deal is worth $5m."),
            "The Army signed with Acme Inc."
        );
        assert_eq!(
            first("Smith & Sons Co. Ltd. won. It was close."),
            "Smith & Sons Co. Ltd. won."
        );
    }

    #[test]
    fn numbering() {
        assert_eq!(
            first("It ranks No. 3 in the list. Rivals trail."),
            "It ranks No. 3 in the list."
        );
        assert_eq!(
            first("Under Art. 5 allies respond. NATO agreed."),
            "Under Art. 5 allies respond."
        );
        assert_eq!(
            first("The answer was no. Then silence."),
            "The answer was no."
        );
    }

    #[test]
    fn german_days_of_the_month() {
        assert_eq!(
            first("Die für den 11. Juni geplante Unterzeichnung ist verschoben. Helsing schweigt."),
            "Die für den 11. Juni geplante Unterzeichnung ist verschoben."
        );
        assert_eq!(
            first("Der Vertrag gilt ab dem 1. März. Die Bundeswehr zahlt."),
            "Der Vertrag gilt ab dem 1. März."
        );
        // A count or a year before a month's name still ends a sentence.
        assert_eq!(
            first("Sales rose in 2026. September was weaker."),
            "Sales rose in 2026."
        );
        assert_eq!(first("Es waren 45. Mai folgt."), "Es waren 45.");
    }

    #[test]
    fn initials() {
        assert_eq!(
            first("J. R. R. Tolkien wrote it. It sold well."),
            "J. R. R. Tolkien wrote it."
        );
        assert_eq!(
            first("George W. Bush spoke. He left."),
            "George W. Bush spoke."
        );
        assert_eq!(
            first("They chose Plan B. The rest failed."),
            "They chose Plan B."
        );
    }

    #[test]
    fn decimals_and_amounts() {
        assert_eq!(
            first("Revenue rose 3.5 percent to $1.2bn. Shares fell."),
            "Revenue rose 3.5 percent to $1.2bn."
        );
        assert_eq!(first("Version 2.0 ships. More soon."), "Version 2.0 ships.");
    }

    #[test]
    fn ellipses() {
        assert_eq!(
            first("The talks were... difficult, he said. They resume."),
            "The talks were... difficult, he said."
        );
        assert_eq!(
            first("The talks were … Pentagon officials declined. More."),
            "The talks were … Pentagon officials declined."
        );
        assert_eq!(
            first("He waited... The deal collapsed. Later."),
            "He waited..."
        );
    }

    #[test]
    fn quotes() {
        assert_eq!(
            first("\"We will win.\" The minister left. Then more."),
            "\"We will win.\""
        );
        assert_eq!(
            first("He said “it is done.” Officials agreed. More."),
            "He said “it is done.”"
        );
        assert_eq!(
            first("\"Is this over?\" she asked the Pentagon. It was."),
            "\"Is this over?\" she asked the Pentagon."
        );
        assert_eq!(
            first("Officials said (the deal closed.) The Army agreed."),
            "Officials said (the deal closed.)"
        );
        assert_eq!(first("It ended. \"Next,\" he said."), "It ended.");
    }

    #[test]
    fn blank_lines_and_caps() {
        assert_eq!(
            first("Headline without stop\n\nBody text."),
            "Headline without stop"
        );
        assert_eq!(first("Line one\nline two. Next."), "Line one\nline two.");
        let long: Vec<String> = (0..100).map(|i| format!("w{i}")).collect();
        let text = long.join(" ");
        let end = lead_end(&text);
        assert_eq!(&text[..end].split(' ').count(), &MAX_LEAD_WORDS);
        assert_eq!(lead_end("Short one. Two."), "Short one.".len());
    }
}
