//! Entry dates for feed-rs: a well-formed RFC 3339 or RFC 2822 date is
//! parsed directly; anything else goes through feed-rs's own lenient repairs
//! (copied from feed-rs 3.0's `parser::util`, MIT), so every date parses to
//! what feed-rs's default parser makes of it. The repairs run a dozen regex
//! substitutions per date; most feeds' dates need none of them.

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use regex::Regex;

/// The date `text` names, as feed-rs's default timestamp parser reads it.
pub(crate) fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    let trimmed = text.trim();
    // feed-rs tries RFC 3339 first, then RFC 2822; its repairs leave a date
    // that already parses strictly meaning the same instant.
    DateTime::parse_from_rfc3339(trimmed)
        .or_else(|_| DateTime::parse_from_rfc2822(trimmed))
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| lenient(text))
}

struct PatSub(Regex, &'static str);

/// Compiles one of the fixed patterns below.
fn pattern(re: &str) -> Regex {
    // The patterns are constants that compile (the tests run them all).
    Regex::new(re).expect("a valid constant regex")
}

fn rfc1123_fixes() -> &'static [PatSub] {
    static FIXES: OnceLock<Vec<PatSub>> = OnceLock::new();
    FIXES.get_or_init(|| {
        vec![
            PatSub(pattern(" Z$"), " +0000"),
            PatSub(pattern("^[[:alpha:]]{3}, "), ""),
        ]
    })
}

fn rfc2822_fixes() -> &'static [PatSub] {
    static FIXES: OnceLock<Vec<PatSub>> = OnceLock::new();
    FIXES.get_or_init(|| {
        vec![
            PatSub(pattern("(UTC|-0000$)"), "+0000"),
            PatSub(pattern("(Sun|Mon|Tue|Wed|Thu|Fri|Sat)[a-z]*, "), ""),
            PatSub(
                pattern("(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"),
                "$1",
            ),
            PatSub(
                pattern("(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\\d{1,2}) (\\d{4})"),
                "$2 $1 $3",
            ),
            PatSub(pattern(" 24:"), " 00:"),
            PatSub(pattern(" ([0-9]):"), " 0${1}:"),
        ]
    })
}

fn rfc3339_fixes() -> &'static [PatSub] {
    static FIXES: OnceLock<Vec<PatSub>> = OnceLock::new();
    FIXES.get_or_init(|| {
        vec![
            PatSub(pattern(r"(\+|-)(\d{2})(\d{2})"), "${1}${2}:${3}"),
            PatSub(pattern(r"-\d{2}$"), "${0}T00:00:00+00:00"),
        ]
    })
}

fn cleaned(original: &str, fixes: &[PatSub]) -> String {
    let mut cleaned = original.trim().to_string();
    for PatSub(regex, replacement) in fixes {
        cleaned = regex.replace(&cleaned, *replacement).to_string();
    }
    cleaned
}

/// feed-rs's `parse_timestamp_lenient`.
fn lenient(original: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(cleaned(original, rfc3339_fixes()).trim())
        .or_else(|_| DateTime::parse_from_rfc2822(&cleaned(original, rfc2822_fixes())))
        .or_else(|_| {
            DateTime::parse_from_str(&cleaned(original, rfc1123_fixes()), "%d %b %Y %H:%M:%S %z")
        })
        .map(|t| t.with_timezone(&Utc))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What feed-rs's default parser makes of an RSS pubDate.
    fn feed_rs_default(date: &str) -> Option<DateTime<Utc>> {
        let xml = format!(
            "<rss version=\"2.0\"><channel><title>t</title><item><title>i</title>\
             <pubDate>{date}</pubDate></item></channel></rss>"
        );
        let feed = feed_rs::parser::parse(xml.as_bytes()).expect("a valid test feed");
        feed.entries.first().and_then(|e| e.published)
    }

    #[test]
    fn dates_parse_as_feed_rs_parses_them() {
        let dates = [
            // Well-formed: the direct path.
            "Tue, 01 Dec 2026 10:00:00 +0000",
            "Tue, 1 Dec 2026 10:00:00 GMT",
            "Tue, 01 Dec 2026 10:00:00 -0500",
            "Tue, 01 Dec 2026 10:00:00 EST",
            "01 Dec 2026 10:00:00 +0100",
            "  Tue, 01 Dec 2026 10:00:00 +0000  ",
            "2026-12-01T10:00:00Z",
            "2026-12-01T10:00:00+05:30",
            "2026-12-01T10:00:00.123456-08:00",
            "2026-12-01 10:00:00Z",
            // Needing feed-rs's repairs.
            "Tue, 01 Dec 2026 10:00:00 UTC",
            "Tue, 01 Dec 2026 10:00:00 -0000",
            "Wed, 01 Dec 2026 10:00:00 +0000",
            "Tuesday, 01 Dec 2026 10:00:00 +0000",
            "Thurs, 13 Jul 2011 07:38:00 GMT",
            "Tue, 01 December 2026 10:00:00 +0000",
            "Tue, Dec 01 2026 10:00:00 +0000",
            "Tue, 01 Dec 2026 24:10:00 +0000",
            "Tue, 01 Dec 2026 9:05:00 +0000",
            "01 Dec 2026 10:00:00 Z",
            "2026-12-01T10:00:00+0530",
            "2026-12-01",
            // Not dates.
            "",
            "yesterday",
            "2026-13-45T99:00:00Z",
        ];
        for date in dates {
            assert_eq!(parse_timestamp(date), feed_rs_default(date), "{date:?}");
        }
        // The list exercises both paths and the repairs.
        assert!(parse_timestamp("Tue, 01 Dec 2026 10:00:00 UTC").is_some());
        assert!(parse_timestamp("2026-12-01").is_some());
    }
}
