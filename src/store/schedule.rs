//! The schedule's vocabulary (issue 12): what the daemon asks of the
//! `feeds.next_poll_at` column at start and on reload, what `feedwatch
//! poll` asks of it, and the one rescheduling decision both backends apply
//! inside their transactions ([`decide`]), so SQLite and PostgreSQL cannot
//! disagree on it.

use crate::model::{AlertId, Millis};

/// A configured feed's schedule as the daemon wants it now (see
/// `Backend::schedule_feeds`). Times are absolute; the daemon computes them
/// from the feed's config and state.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedSchedule {
    pub name: String,
    /// Where a first poll goes (no next poll time yet, or overdue at
    /// start): now plus a jitter that spreads first polls out.
    pub first: Millis,
    /// The feed's schedule settings in words (`every 30s`, `adaptive from
    /// 15m, 5m to 6h`), stored with the feed: when they differ from what the
    /// database holds, the feed is rescheduled, even across restarts.
    pub settings: String,
    /// Where a rescheduled feed's next poll goes: what its current settings
    /// give from now, with jitter.
    pub rescheduled: Millis,
    /// The latest next poll its current settings allow from now (no
    /// jitter can go past it); a later one is brought forward.
    pub latest: Millis,
}

/// Why a feed's next poll moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleChange {
    /// It had no next poll (new, or re-enabled), or it was overdue at
    /// start: placed at `first`, spread out.
    Spread,
    /// Its settings changed since the database last recorded them (these
    /// were the old ones): rescheduled under the new ones.
    Settings { from: String },
    /// Its next poll was later than its settings allow: brought forward.
    Capped,
}

/// A feed whose next poll `schedule_feeds` moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rescheduled {
    pub name: String,
    pub change: ScheduleChange,
    pub from: Option<Millis>,
    pub to: Millis,
}

/// Where a feed's next poll goes, given what the database holds (`next`,
/// the stored `settings`) and what the daemon wants; `None` leaves it.
///
/// * No next poll, or overdue at start (`overdue`): `first`.
/// * Due already: left alone (nothing comes sooner than due).
/// * Settings changed: `rescheduled`, sooner or later than before: the new
///   settings apply from now. Settings never recorded (a database from
///   before migration 6) count as unknown, not as changed.
/// * Later than `latest`: `rescheduled` (never later than before).
pub(crate) fn decide(
    next: Option<Millis>,
    stored: Option<&str>,
    want: &FeedSchedule,
    now: Millis,
    overdue: bool,
) -> Option<(Millis, ScheduleChange)> {
    let Some(next) = next else {
        return Some((want.first, ScheduleChange::Spread));
    };
    if next <= now {
        return overdue.then_some((want.first, ScheduleChange::Spread));
    }
    if let Some(from) = stored.filter(|s| *s != want.settings) {
        let change = ScheduleChange::Settings {
            from: from.to_string(),
        };
        return Some((want.rescheduled, change));
    }
    (next > want.latest && want.rescheduled < next)
        .then_some((want.rescheduled, ScheduleChange::Capped))
}

/// A feed as the database knows it, for the start-up log of what changed
/// since the daemon last ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownFeed {
    pub name: String,
    pub url: String,
    /// In the config of the daemon that last synced the feeds.
    pub configured: bool,
    /// The schedule settings last recorded (`None` before migration 6).
    pub settings: Option<String>,
}

/// What `request_polls` found for one name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollRequest {
    /// Now due; a poll recorded after `last_polled_at` answers the request.
    Requested { last_polled_at: Option<Millis> },
    /// Disabled (HTTP 410): not polled until its URL changes in the config.
    Disabled(String),
    /// Not in the running daemon's config (retired, or never synced).
    NotScheduled,
}

/// A feed's last poll: when, how it ended, the items it stored and the
/// alerts it raised (for `feedwatch poll`).
#[derive(Debug, Clone, PartialEq)]
pub struct LastPoll {
    pub name: String,
    pub polled_at: Option<Millis>,
    /// The status key (`200`, `304`, `timeout`, ...; see `PollStatus::key`).
    pub status: Option<String>,
    pub error: Option<String>,
    pub disabled: Option<String>,
    pub next_poll_at: Option<Millis>,
    /// Leased to a replica whose lease has not expired: a poll is under way.
    pub leased: bool,
    /// Items first stored by that poll.
    pub new_items: i64,
    /// Alerts that poll raised (id, topic), oldest first.
    pub alerts: Vec<(AlertId, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn want() -> FeedSchedule {
        FeedSchedule {
            name: "a".into(),
            first: 1_010,
            settings: "every 1s".into(),
            rescheduled: 2_000,
            latest: 2_100,
        }
    }

    #[test]
    fn decides_like_the_rules_say() {
        let w = want();
        let spread = Some((1_010, ScheduleChange::Spread));
        assert_eq!(decide(None, None, &w, 1_000, false), spread);
        assert_eq!(decide(Some(900), Some("every 1s"), &w, 1_000, true), spread);
        assert_eq!(decide(Some(900), Some("every 1h"), &w, 1_000, false), None);
        // Changed settings reschedule, sooner or later.
        let from = |s: &str| ScheduleChange::Settings { from: s.into() };
        assert_eq!(
            decide(Some(3_600_000), Some("every 1h"), &w, 1_000, false),
            Some((2_000, from("every 1h")))
        );
        assert_eq!(
            decide(Some(1_500), Some("every 1h"), &w, 1_000, false),
            Some((2_000, from("every 1h")))
        );
        // Unchanged (or never recorded): only what exceeds `latest` moves.
        assert_eq!(
            decide(Some(2_100), Some("every 1s"), &w, 1_000, false),
            None
        );
        assert_eq!(
            decide(Some(9_000), None, &w, 1_000, false),
            Some((2_000, ScheduleChange::Capped))
        );
        let late_jitter = FeedSchedule {
            rescheduled: 9_500,
            ..want()
        };
        assert_eq!(
            decide(Some(9_000), None, &late_jitter, 1_000, false),
            None,
            "a cap never moves a poll later"
        );
    }
}
