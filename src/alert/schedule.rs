//! When a sink (or topic) sends: right away, as an hourly digest, or as a
//! daily digest at a local time in an IANA time zone; and how many messages a
//! sink may take per second, minute or hour.
//!
//! **Invariant:** pure, no IO and no clock: the caller passes `now`. Daily
//! times follow the zone's rules, so a digest "daily 08:00" in Europe/Berlin
//! goes out at 07:00 UTC in winter and 06:00 UTC in summer. A local time that
//! does not exist on a day (the hour skipped when clocks go forward) is moved
//! forward by the length of the gap (02:30 becomes 03:30); a local time that
//! happens twice (the hour repeated when clocks go back) fires once, at the
//! first occurrence.

use std::time::Duration;

use chrono::{DateTime, Days, LocalResult, NaiveDate, NaiveTime, Offset, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use crate::diagnostics::{Reported, Scope, Spanned};
use crate::model::DigestKey;

/// When messages for a sink go out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DigestSchedule {
    /// Each alert as soon as it is raised.
    #[default]
    Immediate,
    /// Every alert of the past hour, at the top of each hour (UTC hours).
    Hourly,
    /// Every alert of the past day, at a local time in a time zone.
    Daily { at: NaiveTime, tz: Tz },
}

const SCHEDULE_HELP: &str = "expected \"immediate\", \"hourly\" or \"daily HH:MM\" (24-hour local time, e.g. \"daily 08:00\")";

/// Why a digest schedule or rate limit could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    /// The schedule text itself is wrong.
    #[error("{0}")]
    Schedule(String),
    /// The time zone is not an IANA zone name.
    #[error(
        "`{0}` is not an IANA time zone; expected a name such as \"Europe/Berlin\", \"America/New_York\" or \"UTC\""
    )]
    UnknownZone(String),
    /// A time zone was given for a schedule that has no local time.
    #[error("`timezone` applies only to a daily digest, not to \"{0}\"; {SCHEDULE_HELP}")]
    ZoneWithoutTime(&'static str),
    #[error("{0}")]
    RateLimit(String),
}

/// Reads a `digest` (and its `timezone`) as written in a `[[sink]]` or
/// `[[topic]]`: `None` for neither (the caller's default applies), and
/// reports a problem at the key that causes it.
pub(crate) fn parse_digest(
    digest: Option<&Spanned<String>>,
    timezone: Option<&Spanned<String>>,
    scope: &mut Scope,
) -> Result<Option<DigestSchedule>, Reported> {
    match (digest, timezone) {
        (None, None) => Ok(None),
        (None, Some(tz)) => {
            scope.push(
                tz.span(),
                "timezone",
                "`timezone` applies to a daily digest; add e.g. digest = \"daily 08:00\"",
            );
            Err(Reported)
        }
        (Some(text), tz) => {
            match DigestSchedule::parse(text.get_ref(), tz.map(|t| t.get_ref().as_str())) {
                Ok(schedule) => Ok(Some(schedule)),
                Err(err) => {
                    // Point at the timezone when it is the zone that is wrong.
                    match (&err, tz) {
                        (ScheduleError::UnknownZone(_), Some(tz)) => {
                            scope.push(tz.span(), "timezone", err.to_string())
                        }
                        _ => scope.push(text.span(), "digest", err.to_string()),
                    }
                    Err(Reported)
                }
            }
        }
    }
}

impl DigestSchedule {
    /// Parses `immediate`, `hourly` or `daily HH:MM`; `timezone` is an IANA
    /// zone name (e.g. "Europe/Berlin") and applies only to `daily` (default UTC).
    pub fn parse(text: &str, timezone: Option<&str>) -> Result<DigestSchedule, ScheduleError> {
        let text = text.trim();
        let mut words = text.split_whitespace();
        let first = words.next().unwrap_or("").to_ascii_lowercase();
        let second = words.next();
        let bad = |message: String| ScheduleError::Schedule(message);
        if words.next().is_some() {
            return Err(bad(format!(
                "`{text}` is not a digest schedule; {SCHEDULE_HELP}"
            )));
        }
        let no_zone = |kind: &'static str| match timezone {
            Some(_) => Err(ScheduleError::ZoneWithoutTime(kind)),
            None => Ok(()),
        };
        match (first.as_str(), second) {
            ("immediate", None) => no_zone("immediate").map(|()| DigestSchedule::Immediate),
            ("hourly", None) => no_zone("hourly").map(|()| DigestSchedule::Hourly),
            ("daily", Some(time)) => {
                let at = parse_clock_time(time).ok_or_else(|| {
                    bad(format!("`{time}` is not a time of day; {SCHEDULE_HELP}"))
                })?;
                let tz = match timezone {
                    None => Tz::UTC,
                    Some(name) => parse_timezone(name)?,
                };
                Ok(DigestSchedule::Daily { at, tz })
            }
            ("daily", None) => Err(bad(format!(
                "\"daily\" needs a time of day, e.g. \"daily 08:00\"; {SCHEDULE_HELP}"
            ))),
            _ => Err(bad(format!(
                "`{text}` is not a digest schedule; {SCHEDULE_HELP}"
            ))),
        }
    }

    /// The first time strictly after `t` at which a digest goes out; `None`
    /// for [`Immediate`](DigestSchedule::Immediate).
    pub fn next_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match *self {
            DigestSchedule::Immediate => None,
            DigestSchedule::Hourly => {
                let hour_start = t
                    .with_minute(0)
                    .and_then(|h| h.with_second(0))
                    .and_then(|h| h.with_nanosecond(0))?;
                hour_start.checked_add_signed(chrono::TimeDelta::hours(1))
            }
            DigestSchedule::Daily { at, tz } => {
                let local_date = t.with_timezone(&tz).date_naive();
                // Start a day early: with a negative offset the previous local
                // day's occurrence can still lie after `t` in UTC. Four days
                // always include the next occurrence, whatever the zone does.
                let start = local_date.checked_sub_days(Days::new(1))?;
                (0..4u64)
                    .filter_map(|d| start.checked_add_days(Days::new(d)))
                    .filter_map(|date| occurrence(date, at, tz))
                    .find(|candidate| *candidate > t)
            }
        }
    }

    /// The schedule for people, e.g. "daily 08:00 Europe/Berlin".
    pub fn describe(&self) -> String {
        match self {
            DigestSchedule::Immediate => "immediate".to_string(),
            DigestSchedule::Hourly => "hourly".to_string(),
            DigestSchedule::Daily { at, tz } => {
                format!("daily {} {}", at.format("%H:%M"), tz.name())
            }
        }
    }

    /// The stable storage key held deliveries wait under. Never change the
    /// format: databases hold these keys (a reworded key would orphan held
    /// deliveries and send them at once). `None` for immediate delivery.
    pub fn key(&self) -> Option<DigestKey> {
        match self {
            DigestSchedule::Immediate => None,
            DigestSchedule::Hourly => Some(DigestKey::new("hourly")),
            DigestSchedule::Daily { at, tz } => Some(DigestKey::new(format!(
                "daily {} {}",
                at.format("%H:%M"),
                tz.name()
            ))),
        }
    }
}

/// The UTC instant of local time `at` on local `date` in `tz`: the first one
/// when the time happens twice, and the time shifted forward by the gap when
/// it does not exist that day.
fn occurrence(date: NaiveDate, at: NaiveTime, tz: Tz) -> Option<DateTime<Utc>> {
    let local = date.and_time(at);
    match tz.from_local_datetime(&local) {
        LocalResult::Single(dt) => Some(dt.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Some(first.with_timezone(&Utc)),
        LocalResult::None => {
            // In a gap: read the wall time with the offset in force before the
            // transition (a day earlier is before it; zones never change
            // twice within a day), which lands after the gap by its length.
            let before = local.checked_sub_days(Days::new(1))?;
            let offset = tz.offset_from_utc_datetime(&before).fix();
            let utc = local.checked_sub_signed(chrono::TimeDelta::seconds(i64::from(
                offset.local_minus_utc(),
            )))?;
            Some(utc.and_utc())
        }
    }
}

fn parse_clock_time(text: &str) -> Option<NaiveTime> {
    let (h, m) = text.split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    NaiveTime::from_hms_opt(h, m, 0)
}

/// An IANA time zone by name, e.g. "Europe/Berlin", "America/New_York", "UTC".
pub(crate) fn parse_timezone(name: &str) -> Result<Tz, ScheduleError> {
    let name = name.trim();
    name.parse::<Tz>()
        .map_err(|_| ScheduleError::UnknownZone(name.to_string()))
}

/// At most `max` messages per `per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub max: u32,
    pub per: Duration,
}

const RATE_HELP: &str =
    "expected a count per second, minute or hour, e.g. \"30/m\", \"1/s\", \"100/h\"";

impl RateLimit {
    /// Parses `N/s`, `N/m` or `N/h` (also `sec`, `second`, `min`, `minute`, `hour`), N ≥ 1.
    pub fn parse(text: &str) -> Result<RateLimit, ScheduleError> {
        let trimmed = text.trim();
        let bad = |message: String| ScheduleError::RateLimit(message);
        let Some((count, unit)) = trimmed.split_once('/') else {
            return Err(bad(format!("`{trimmed}` is not a rate limit; {RATE_HELP}")));
        };
        let max: u32 = match count.trim().parse() {
            Ok(n) if n >= 1 => n,
            _ => {
                return Err(bad(format!(
                    "`{trimmed}`: the count must be a whole number of at least 1; {RATE_HELP}"
                )));
            }
        };
        let per = match unit.trim().to_ascii_lowercase().as_str() {
            "s" | "sec" | "second" => Duration::from_secs(1),
            "m" | "min" | "minute" => Duration::from_secs(60),
            "h" | "hour" => Duration::from_secs(3600),
            _ => {
                return Err(bad(format!(
                    "`{trimmed}`: unknown unit `{}`; {RATE_HELP}",
                    unit.trim()
                )));
            }
        };
        Ok(RateLimit { max, per })
    }

    /// The limit as written in a config, e.g. "30/m".
    pub fn describe(&self) -> String {
        let unit = match self.per.as_secs() {
            1 => "s",
            60 => "m",
            _ => "h",
        };
        format!("{}/{unit}", self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("test timestamps are valid RFC 3339")
            .with_timezone(&Utc)
    }

    fn daily(at: &str, tz: &str) -> DigestSchedule {
        DigestSchedule::parse(&format!("daily {at}"), Some(tz)).expect("valid schedule")
    }

    #[test]
    fn parses_schedules() {
        assert_eq!(
            DigestSchedule::parse("immediate", None),
            Ok(DigestSchedule::Immediate)
        );
        assert_eq!(
            DigestSchedule::parse(" Hourly ", None),
            Ok(DigestSchedule::Hourly)
        );
        assert_eq!(
            DigestSchedule::parse("daily 08:00", Some("Europe/Berlin")),
            Ok(DigestSchedule::Daily {
                at: NaiveTime::from_hms_opt(8, 0, 0).expect("valid time"),
                tz: chrono_tz::Europe::Berlin
            })
        );
        assert_eq!(
            DigestSchedule::parse("daily 7:05", None),
            Ok(DigestSchedule::Daily {
                at: NaiveTime::from_hms_opt(7, 5, 0).expect("valid time"),
                tz: Tz::UTC
            })
        );
        // Any IANA zone, not a filtered list.
        for zone in [
            "Pacific/Chatham",
            "Asia/Kathmandu",
            "America/Argentina/Ushuaia",
            "Etc/GMT+5",
        ] {
            assert!(
                DigestSchedule::parse("daily 12:00", Some(zone)).is_ok(),
                "{zone}"
            );
        }
    }

    #[test]
    fn schedule_errors_say_what_is_allowed() {
        for bad in [
            "",
            "weekly",
            "daily",
            "daily 25:00",
            "daily 8",
            "daily 08:00 extra",
            "hourly 5",
        ] {
            let err = DigestSchedule::parse(bad, None).expect_err(bad).to_string();
            assert!(
                err.contains("\"immediate\", \"hourly\" or \"daily HH:MM\""),
                "{bad}: {err}"
            );
        }
        let err = DigestSchedule::parse("daily 08:00", Some("Mars/Olympus")).expect_err("bad zone");
        assert_eq!(err, ScheduleError::UnknownZone("Mars/Olympus".to_string()));
        let err = err.to_string();
        assert!(
            err.contains("Mars/Olympus") && err.contains("IANA"),
            "{err}"
        );
        let err = DigestSchedule::parse("hourly", Some("Europe/Berlin"))
            .expect_err("zone on hourly")
            .to_string();
        assert!(err.contains("only to a daily digest"), "{err}");
    }

    #[test]
    fn storage_keys_are_stable() {
        // Databases hold these keys: a test failing here means held
        // deliveries of existing installations would be orphaned.
        assert_eq!(DigestSchedule::Immediate.key(), None);
        assert_eq!(
            DigestSchedule::Hourly.key().map(|k| k.to_string()),
            Some("hourly".to_string())
        );
        assert_eq!(
            daily("08:00", "Europe/Berlin").key().map(|k| k.to_string()),
            Some("daily 08:00 Europe/Berlin".to_string())
        );
    }

    #[test]
    fn immediate_has_no_next_time() {
        assert_eq!(
            DigestSchedule::Immediate.next_after(utc("2026-01-01T00:00:00Z")),
            None
        );
    }

    #[test]
    fn hourly_is_the_next_top_of_the_hour() {
        let h = DigestSchedule::Hourly;
        assert_eq!(
            h.next_after(utc("2026-03-29T00:59:59.999Z")),
            Some(utc("2026-03-29T01:00:00Z"))
        );
        // Strictly after: exactly on the hour goes to the next one.
        assert_eq!(
            h.next_after(utc("2026-03-29T01:00:00Z")),
            Some(utc("2026-03-29T02:00:00Z"))
        );
        assert_eq!(
            h.next_after(utc("2026-12-31T23:30:00Z")),
            Some(utc("2027-01-01T00:00:00Z"))
        );
    }

    #[test]
    fn daily_in_berlin_follows_winter_and_summer_time() {
        let s = daily("08:00", "Europe/Berlin");
        // Winter (CET, +01:00).
        assert_eq!(
            s.next_after(utc("2026-01-10T05:00:00Z")),
            Some(utc("2026-01-10T07:00:00Z"))
        );
        assert_eq!(
            s.next_after(utc("2026-01-10T07:00:00Z")),
            Some(utc("2026-01-11T07:00:00Z"))
        );
        // Clocks go forward on Sunday 2026-03-29 at 02:00 local.
        assert_eq!(
            s.next_after(utc("2026-03-28T07:30:00Z")),
            Some(utc("2026-03-29T06:00:00Z"))
        );
        // Clocks go back on Sunday 2026-10-25 at 03:00 local.
        assert_eq!(
            s.next_after(utc("2026-10-24T07:00:00Z")),
            Some(utc("2026-10-25T07:00:00Z"))
        );
    }

    #[test]
    fn nonexistent_local_time_moves_forward_by_the_gap() {
        // 02:30 does not exist in Berlin on 2026-03-29: it becomes 03:30 CEST (01:30 UTC).
        let s = daily("02:30", "Europe/Berlin");
        assert_eq!(
            s.next_after(utc("2026-03-28T12:00:00Z")),
            Some(utc("2026-03-29T01:30:00Z"))
        );
        // The day after is normal again: 02:30 CEST = 00:30 UTC.
        assert_eq!(
            s.next_after(utc("2026-03-29T01:30:00Z")),
            Some(utc("2026-03-30T00:30:00Z"))
        );
        // New York springs forward on 2026-03-08 at 02:00.
        let ny = daily("02:15", "America/New_York");
        assert_eq!(
            ny.next_after(utc("2026-03-07T12:00:00Z")),
            Some(utc("2026-03-08T07:15:00Z"))
        );
    }

    #[test]
    fn ambiguous_local_time_fires_once_at_the_first_occurrence() {
        // 02:30 happens twice in Berlin on 2026-10-25: 00:30 UTC (CEST) and 01:30 UTC (CET).
        let s = daily("02:30", "Europe/Berlin");
        assert_eq!(
            s.next_after(utc("2026-10-24T12:00:00Z")),
            Some(utc("2026-10-25T00:30:00Z"))
        );
        // After the first occurrence the next one is the following day, not the repeat.
        assert_eq!(
            s.next_after(utc("2026-10-25T00:30:00Z")),
            Some(utc("2026-10-26T01:30:00Z"))
        );
        // New York falls back on 2026-11-01 at 02:00: 01:30 happens at 05:30 and 06:30 UTC.
        let ny = daily("01:30", "America/New_York");
        assert_eq!(
            ny.next_after(utc("2026-10-31T12:00:00Z")),
            Some(utc("2026-11-01T05:30:00Z"))
        );
        assert_eq!(
            ny.next_after(utc("2026-11-01T05:30:00Z")),
            Some(utc("2026-11-02T06:30:00Z"))
        );
    }

    #[test]
    fn daily_in_negative_and_fractional_offsets() {
        // 23:00 in New York (EST, -05:00) is 04:00 UTC the next day.
        let ny = daily("23:00", "America/New_York");
        assert_eq!(
            ny.next_after(utc("2026-01-15T02:00:00Z")),
            Some(utc("2026-01-15T04:00:00Z"))
        );
        assert_eq!(
            ny.next_after(utc("2026-01-15T04:00:00Z")),
            Some(utc("2026-01-16T04:00:00Z"))
        );
        let kathmandu = daily("00:00", "Asia/Kathmandu"); // +05:45
        assert_eq!(
            kathmandu.next_after(utc("2026-06-01T00:00:00Z")),
            Some(utc("2026-06-01T18:15:00Z"))
        );
    }

    #[test]
    fn next_after_is_always_later_and_within_a_day_and_an_hour() {
        let zones = [
            "Europe/Berlin",
            "America/New_York",
            "Australia/Lord_Howe",
            "Pacific/Apia",
        ];
        for zone in zones {
            for at in ["00:00", "01:30", "02:30", "12:00", "23:59"] {
                let s = daily(at, zone);
                let mut t = utc("2026-01-01T00:00:00Z");
                for _ in 0..400 {
                    let next = s.next_after(t).expect("daily always has a next time");
                    assert!(next > t, "{zone} {at}: {next} after {t}");
                    assert!(
                        next - t <= chrono::TimeDelta::hours(25),
                        "{zone} {at}: {next} after {t}"
                    );
                    t = next;
                }
            }
        }
    }

    #[test]
    fn parses_rate_limits() {
        let per_minute = Duration::from_secs(60);
        assert_eq!(
            RateLimit::parse("30/m"),
            Ok(RateLimit {
                max: 30,
                per: per_minute
            })
        );
        assert_eq!(
            RateLimit::parse(" 1 / s "),
            Ok(RateLimit {
                max: 1,
                per: Duration::from_secs(1)
            })
        );
        assert_eq!(
            RateLimit::parse("100/hour"),
            Ok(RateLimit {
                max: 100,
                per: Duration::from_secs(3600)
            })
        );
        assert_eq!(
            RateLimit::parse("5/min").map(|r| r.describe()),
            Ok("5/m".to_string())
        );
        for bad in [
            "",
            "30",
            "0/m",
            "-1/m",
            "x/m",
            "30/d",
            "30/",
            "4294967296/s",
        ] {
            let err = RateLimit::parse(bad).expect_err(bad).to_string();
            assert!(err.contains("e.g. \"30/m\""), "{bad}: {err}");
        }
    }
}
