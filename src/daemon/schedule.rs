//! When to poll a feed next. Pure: `now` and the jitter are passed in.
//!
//! * A feed with its own `interval` is polled on that interval. Otherwise the
//!   interval adapts to how often the feed publishes: half the median gap
//!   between its recent items, between `min_interval` and `max_interval`.
//! * What the publisher asks for is a floor: RSS `<ttl>`, `Cache-Control:
//!   max-age` (both capped at `max_interval`, so a silly value cannot park a
//!   feed for weeks), and `Retry-After` on 429/503 (not capped: the server
//!   said so).
//! * `<skipHours>`/`<skipDays>` (UTC) move a poll to the next allowed hour.
//! * Errors back off exponentially from the interval, capped at `max_backoff`.
//! * Every delay gets ±10% jitter so feeds never fall into lockstep.

use std::time::Duration;

use crate::units::mul_f64_saturating;

use chrono::{DateTime, Datelike, Duration as ChronoDuration, Timelike, Utc};

use crate::config::FeedConfig;
pub(crate) use crate::model::ScheduleHints;

/// The interval settings of one feed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct IntervalPolicy {
    /// The feed's own interval, or the default interval for adaptive feeds
    /// until their cadence is known.
    pub interval: Duration,
    /// True when the feed set `interval` itself: no adaptation.
    pub fixed: bool,
    pub min_interval: Duration,
    pub max_interval: Duration,
    pub max_backoff: Duration,
}

/// The interval settings of a configured feed.
pub(crate) fn interval_policy(feed: &FeedConfig) -> IntervalPolicy {
    IntervalPolicy {
        interval: feed.interval,
        fixed: feed.fixed_interval,
        min_interval: feed.min_interval,
        max_interval: feed.max_interval,
        max_backoff: feed.max_backoff,
    }
}

impl IntervalPolicy {
    /// The settings in words, as stored with the feed so that a change is
    /// noticed, across restarts too: `every 30s`, `adaptive from 15m, 5m to
    /// 6h`. (`max_backoff` is left out: it only bounds failing feeds, which
    /// [`replan`]'s latest time covers.)
    pub(crate) fn describe(&self) -> String {
        let d = crate::units::format_duration;
        if self.fixed {
            format!("every {}", d(self.interval))
        } else {
            format!(
                "adaptive from {}, {} to {}",
                d(self.interval),
                d(self.min_interval),
                d(self.max_interval)
            )
        }
    }
}

/// A feed's schedule worked out afresh at `now`, as if its last poll had
/// just ended (a success, or its `failures`-th consecutive failure): where
/// its next poll goes (with `jitter` in [0, 1)), and the latest any jitter
/// could put it, which is the latest its settings allow. A `Retry-After`
/// is not stored, so it is not honoured past this (it is again on the
/// next 429 or 503).
pub(crate) fn replan(
    now: DateTime<Utc>,
    policy: &IntervalPolicy,
    hints: &ScheduleHints,
    failures: u32,
    jitter: f64,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let at = |jitter| match failures {
        0 => next_after_success(now, policy, hints, jitter),
        n => next_after_failure(now, policy, hints, n, None, jitter),
    };
    (at(jitter), at(1.0))
}

/// Items considered when learning a feed's cadence.
pub(crate) const CADENCE_SAMPLE: usize = 20;

/// Half the median gap between consecutive publication times (milliseconds,
/// any order), clamped; `None` with fewer than three dates.
pub(crate) fn learned_interval(dates: &[i64], policy: &IntervalPolicy) -> Option<Duration> {
    if dates.len() < 3 {
        return None;
    }
    let mut sorted = dates.to_vec();
    sorted.sort_unstable();
    let mut gaps: Vec<i64> = sorted
        .windows(2)
        .map(|w| w[1] - w[0])
        .filter(|g| *g > 0)
        .collect();
    if gaps.is_empty() {
        return None;
    }
    gaps.sort_unstable();
    let median = gaps[gaps.len() / 2];
    let half = Duration::from_millis((median / 2).max(0) as u64);
    Some(half.clamp(
        policy.min_interval,
        policy.max_interval.max(policy.min_interval),
    ))
}

/// The base interval of a feed: fixed, learned, or the default.
pub(crate) fn base_interval(policy: &IntervalPolicy, hints: &ScheduleHints) -> Duration {
    if policy.fixed {
        return policy.interval;
    }
    hints
        .learned_interval_secs
        .map(Duration::from_secs)
        .unwrap_or(policy.interval)
        .clamp(
            policy.min_interval,
            policy.max_interval.max(policy.min_interval),
        )
}

/// Next poll after a successful one (200 or 304). `jitter` is in [0, 1).
pub(crate) fn next_after_success(
    now: DateTime<Utc>,
    policy: &IntervalPolicy,
    hints: &ScheduleHints,
    jitter: f64,
) -> DateTime<Utc> {
    let interval = base_interval(policy, hints);
    let cap = policy.max_interval.max(interval);
    // Floors are never undercut: they get jitter upward only.
    let floor = [
        hints
            .ttl_minutes
            .map(|ttl| Duration::from_secs(u64::from(ttl) * 60)),
        hints.max_age_secs.map(Duration::from_secs),
    ]
    .into_iter()
    .flatten()
    .map(|f| f.min(cap))
    .max()
    .unwrap_or_default();
    let delay = with_jitter(interval, jitter).max(mul_f64_saturating(
        floor,
        1.0 + jitter.clamp(0.0, 1.0) * 0.1,
    ));
    let at = later(now, delay);
    skip_forbidden(at, &hints.skip_hours, &hints.skip_days)
}

/// Next poll after the `failures`-th consecutive failure.
pub(crate) fn next_after_failure(
    now: DateTime<Utc>,
    policy: &IntervalPolicy,
    hints: &ScheduleHints,
    failures: u32,
    retry_after: Option<Duration>,
    jitter: f64,
) -> DateTime<Utc> {
    let base = base_interval(policy, hints);
    let exponent = failures.saturating_sub(1).min(20);
    let backoff = base
        .saturating_mul(2u32.saturating_pow(exponent))
        .min(policy.max_backoff.max(base));
    let delay = with_jitter(backoff, jitter).max(retry_after.unwrap_or_default());
    later(now, delay)
}

fn with_jitter(delay: Duration, jitter: f64) -> Duration {
    mul_f64_saturating(delay, 0.9 + jitter.clamp(0.0, 1.0) * 0.2)
}

/// `now + delay`, with the delay capped at a year (every interval setting
/// is at most 30 days; this guards the arithmetic, not the policy).
fn later(now: DateTime<Utc>, delay: Duration) -> DateTime<Utc> {
    let delay = ChronoDuration::from_std(delay.min(Duration::from_secs(365 * 86_400)))
        .unwrap_or(ChronoDuration::days(365));
    now.checked_add_signed(delay).unwrap_or(now)
}

/// Moves `at` to the start of the next hour that is neither a skip hour nor
/// on a skip day (UTC); unchanged when allowed. Gives up after a week (a feed
/// that skips every hour is polled anyway rather than never).
fn skip_forbidden(at: DateTime<Utc>, skip_hours: &[u8], skip_days: &[String]) -> DateTime<Utc> {
    let forbidden = |t: DateTime<Utc>| {
        skip_hours.contains(&(t.hour() as u8))
            || skip_days
                .iter()
                .any(|d| d.eq_ignore_ascii_case(&t.weekday().to_string()) || day_name_matches(d, t))
    };
    if !forbidden(at) {
        return at;
    }
    let mut candidate = at
        .with_minute(0)
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(at);
    for _ in 0..(24 * 7) {
        candidate += ChronoDuration::hours(1);
        if !forbidden(candidate) {
            return candidate;
        }
    }
    at
}

fn day_name_matches(name: &str, t: DateTime<Utc>) -> bool {
    let full = match t.weekday() {
        chrono::Weekday::Mon => "monday",
        chrono::Weekday::Tue => "tuesday",
        chrono::Weekday::Wed => "wednesday",
        chrono::Weekday::Thu => "thursday",
        chrono::Weekday::Fri => "friday",
        chrono::Weekday::Sat => "saturday",
        chrono::Weekday::Sun => "sunday",
    };
    name.eq_ignore_ascii_case(full)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(fixed: bool) -> IntervalPolicy {
        IntervalPolicy {
            interval: Duration::from_secs(15 * 60),
            fixed,
            min_interval: Duration::from_secs(5 * 60),
            max_interval: Duration::from_secs(6 * 3600),
            max_backoff: Duration::from_secs(12 * 3600),
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    const MID: f64 = 0.5; // no jitter

    #[test]
    fn fixed_interval_is_kept() {
        let now = at("2026-03-11T10:00:00Z");
        let hints = ScheduleHints {
            learned_interval_secs: Some(3600),
            ..Default::default()
        };
        assert_eq!(
            next_after_success(now, &policy(true), &hints, MID),
            at("2026-03-11T10:15:00Z")
        );
        assert_eq!(
            next_after_success(now, &policy(false), &hints, MID),
            at("2026-03-11T11:00:00Z")
        );
    }

    #[test]
    fn cadence_is_learned_from_item_dates_and_clamped() {
        let hour = 3_600_000;
        let hourly: Vec<i64> = (0..10).map(|i| i * hour).collect();
        assert_eq!(
            learned_interval(&hourly, &policy(false)),
            Some(Duration::from_secs(1800))
        );
        let every_minute: Vec<i64> = (0..10).map(|i| i * 60_000).collect();
        assert_eq!(
            learned_interval(&every_minute, &policy(false)),
            Some(Duration::from_secs(300))
        );
        let weekly: Vec<i64> = (0..5).map(|i| i * 7 * 24 * hour).collect();
        assert_eq!(
            learned_interval(&weekly, &policy(false)),
            Some(Duration::from_secs(6 * 3600))
        );
        assert_eq!(learned_interval(&[0, hour], &policy(false)), None);
    }

    #[test]
    fn ttl_and_max_age_are_floors_capped_at_max_interval() {
        let now = at("2026-03-11T10:00:00Z");
        let hints = |ttl: Option<u32>, max_age: Option<u64>| ScheduleHints {
            ttl_minutes: ttl,
            max_age_secs: max_age,
            ..Default::default()
        };
        let p = policy(true);
        assert_eq!(
            next_after_success(now, &p, &hints(Some(60), None), 0.0),
            at("2026-03-11T11:00:00Z")
        );
        // Jitter only ever moves a floored poll later.
        let later = next_after_success(now, &p, &hints(Some(60), None), 0.999);
        assert!(
            later > at("2026-03-11T11:05:59Z") && later <= at("2026-03-11T11:06:00Z"),
            "{later}"
        );
        let silly = hints(Some(60 * 24 * 30), None);
        assert_eq!(
            next_after_success(now, &p, &silly, 0.0),
            at("2026-03-11T16:00:00Z")
        );
        assert_eq!(
            next_after_success(now, &p, &hints(None, Some(1800)), 0.0),
            at("2026-03-11T10:30:00Z")
        );
    }

    #[test]
    fn skip_hours_and_days_move_the_poll() {
        let now = at("2026-03-11T10:00:00Z"); // a Wednesday
        let hints = ScheduleHints {
            skip_hours: vec![10, 11],
            ..Default::default()
        };
        assert_eq!(
            next_after_success(now, &policy(true), &hints, MID),
            at("2026-03-11T12:00:00Z")
        );
        let days = ScheduleHints {
            skip_days: vec!["Wednesday".into()],
            ..Default::default()
        };
        assert_eq!(
            next_after_success(now, &policy(true), &days, MID),
            at("2026-03-12T00:00:00Z")
        );
    }

    #[test]
    fn failures_back_off_exponentially_and_honour_retry_after() {
        let now = at("2026-03-11T10:00:00Z");
        let hints = ScheduleHints::default();
        let p = policy(true);
        assert_eq!(
            next_after_failure(now, &p, &hints, 1, None, MID),
            at("2026-03-11T10:15:00Z")
        );
        assert_eq!(
            next_after_failure(now, &p, &hints, 3, None, MID),
            at("2026-03-11T11:00:00Z")
        );
        assert_eq!(
            next_after_failure(now, &p, &hints, 30, None, MID),
            at("2026-03-11T22:00:00Z")
        );
        let retry = Some(Duration::from_secs(7200));
        assert_eq!(
            next_after_failure(now, &p, &hints, 1, retry, MID),
            at("2026-03-11T12:00:00Z")
        );
    }

    #[test]
    fn settings_read_as_written_and_replans_stay_within_them() {
        assert_eq!(policy(true).describe(), "every 15m");
        assert_eq!(policy(false).describe(), "adaptive from 15m, 5m to 6h");
        let now = at("2026-03-11T10:00:00Z");
        let hints = ScheduleHints::default();
        let (next, latest) = replan(now, &policy(true), &hints, 0, 0.0);
        assert_eq!(next, at("2026-03-11T10:13:30Z"));
        assert_eq!(latest, at("2026-03-11T10:16:30Z"));
        // A failing feed may wait as long as its backoff says.
        let (next, latest) = replan(now, &policy(true), &hints, 3, MID);
        assert_eq!(next, at("2026-03-11T11:00:00Z"));
        assert_eq!(latest, at("2026-03-11T11:06:00Z"));
    }

    #[test]
    fn jitter_stays_within_ten_percent() {
        let now = at("2026-03-11T10:00:00Z");
        let hints = ScheduleHints::default();
        let low = next_after_success(now, &policy(true), &hints, 0.0);
        let high = next_after_success(now, &policy(true), &hints, 0.999_999);
        assert_eq!(low, at("2026-03-11T10:13:30Z"));
        assert!(high > at("2026-03-11T10:16:29Z") && high <= at("2026-03-11T10:16:30Z"));
    }
}
