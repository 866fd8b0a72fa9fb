//! Entry dates for feed-rs: a well-formed RFC 3339 or RFC 2822 date is
//! parsed directly; anything else goes through our repairs of the mistakes
//! feeds make, which read every date the way feed-rs's default parser reads
//! it (a test compares the two) without its dozen regex substitutions per
//! date. Most feeds' dates need no repair.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc};

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

/// Dates as feeds mistype them, repaired as feed-rs's default parser
/// repairs them (the tests compare the two on each kind): a numeric offset
/// without its colon or a bare day in RFC 3339; in RFC 2822 a weekday
/// spelled out or wrong, a month spelled out, "Dec 01 2026" order, "UTC",
/// "Z" or "-0000" for the zone, a one-digit hour, hour 24 for 0.
fn lenient(original: &str) -> Option<DateTime<Utc>> {
    let text = original.trim();
    rfc3339_repaired(text)
        .or_else(|| rfc2822_repaired(text))
        .map(|t| t.with_timezone(&Utc))
}

/// "2026-12-01T10:00:00+0530" and "2026-12-01".
fn rfc3339_repaired(text: &str) -> Option<DateTime<FixedOffset>> {
    if text.len() == 10 {
        let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
        return Some(day.and_time(NaiveTime::MIN).and_utc().fixed_offset());
    }
    // A trailing "+hhmm" or "-hhmm" after the time.
    let (head, zone) = text.split_at_checked(text.len().checked_sub(5)?)?;
    let (sign, digits) = zone.split_at_checked(1)?;
    if !matches!(sign, "+" | "-") || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let fixed = format!("{head}{sign}{}:{}", digits.get(..2)?, digits.get(2..)?);
    DateTime::parse_from_rfc3339(&fixed).ok()
}

/// RFC 2822 with the mistakes listed on [`lenient`].
fn rfc2822_repaired(text: &str) -> Option<DateTime<FixedOffset>> {
    let mut words = text.split([' ', ',']).filter(|w| !w.is_empty()).peekable();
    // A weekday, of any length and whether or not it is right.
    if words.peek().is_some_and(|w| weekday(w)) {
        words.next();
    }
    let first = words.next()?;
    let second = words.next()?;
    let (day, month) = match (first.parse::<u32>(), month(second)) {
        (Ok(day), Some(month)) => (day, month),
        _ => (second.parse::<u32>().ok()?, month(first)?),
    };
    let year: i32 = words.next()?.parse().ok()?;
    let time = words.next()?;
    let zone = offset(words.next()?)?;
    if words.next().is_some() {
        return None;
    }
    let mut parts = time.split(':');
    let hour: u32 = parts.next()?.parse().ok()?;
    let minute: u32 = parts.next()?.parse().ok()?;
    let second: u32 = match parts.next() {
        Some(s) => s.parse().ok()?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    // Hour 24 is read as 0 of the same day, as feed-rs reads it.
    let hour = if hour == 24 { 0 } else { hour };
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let time = NaiveTime::from_hms_opt(hour, minute, second)?;
    date.and_time(time).and_local_timezone(zone).single()
}

fn weekday(word: &str) -> bool {
    const DAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    word.len() >= 3
        && word.chars().all(|c| c.is_ascii_alphabetic())
        && DAYS
            .iter()
            .any(|d| word.get(..3).is_some_and(|p| p.eq_ignore_ascii_case(d)))
}

/// "Dec", "December" (1 to 12).
fn month(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if word.len() < 3 || !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let prefix = word.get(..3)?;
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(prefix))
        .map(|i| i as u32 + 1)
}

/// "+0100", "-0000", "UTC", "GMT", "UT", "Z" and the US zones of RFC 2822.
fn offset(word: &str) -> Option<FixedOffset> {
    let hours = |h: i32| FixedOffset::east_opt(h * 3600);
    match word.to_ascii_uppercase().as_str() {
        "UTC" | "GMT" | "UT" | "Z" => hours(0),
        "EDT" => hours(-4),
        "EST" | "CDT" => hours(-5),
        "CST" | "MDT" => hours(-6),
        "MST" | "PDT" => hours(-7),
        "PST" => hours(-8),
        _ => {
            let (sign, digits) = match word.as_bytes().first()? {
                b'+' => (1, word.get(1..)?),
                b'-' => (-1, word.get(1..)?),
                _ => return None,
            };
            if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let h: i32 = digits.get(..2)?.parse().ok()?;
            let m: i32 = digits.get(2..)?.parse().ok()?;
            FixedOffset::east_opt(sign * (h * 3600 + m * 60))
        }
    }
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
            "Thu, 13 Jul 2011 07:38 GMT",
            "Tue, 01 Dec 2026 10:00:00 PST",
            "Dec 1 2026 10:00:00 +0000",
            "Tuesday, 1 December 2026 9:05:00 UTC",
            "Tue, 01 Dec 2026 10:00:00 +05",
            // Not dates.
            "Tue, 01 Dec 2026 10:00:00",
            "Tue, 31 Feb 2026 10:00:00 +0000",
            "2026-12-01T10:00:00+99",
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
