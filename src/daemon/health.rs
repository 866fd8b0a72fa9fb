//! Feed health: whether a feed's state after a poll opens, changes or
//! closes an incident (failing for longer than `failing_after`, or quiet for
//! much longer than its cadence). Pure: the caller passes `now`.

use std::time::Duration;

use crate::config::HealthConfig;
use crate::model::{IncidentKind, Millis};
use crate::store::{FeedState, Incident};

/// What a health change reports, and to whom it reads as news.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HealthState {
    Failing,
    Quiet,
    Recovered,
}

impl HealthState {
    /// The word in health events' payloads ("failing", "quiet", "recovered").
    pub fn name(self) -> &'static str {
        match self {
            HealthState::Failing => "failing",
            HealthState::Quiet => "quiet",
            HealthState::Recovered => "recovered",
        }
    }
}

/// An incident opening, changing kind, or closing.
#[derive(Debug, Clone, PartialEq)]
pub struct HealthChange {
    /// The incident to record: `None` closes the open one.
    pub incident: Option<Incident>,
    pub state: HealthState,
    /// When the trouble began (for a recovery: when the closed incident began).
    pub since: Millis,
    /// One sentence on what is wrong (or that it is over).
    pub detail: String,
}

/// The change the feed's state calls for, if any.
pub fn assess(config: &HealthConfig, state: &FeedState, now: Millis) -> Option<HealthChange> {
    let since_ok = state.last_success_at.unwrap_or(state.created_at);
    let failing = state.consecutive_failures > 0 && now - since_ok >= millis(config.failing_after);
    let quiet_after = state
        .hints
        .learned_interval_secs
        .map(|secs| {
            crate::units::mul_f64_saturating(Duration::from_secs(secs), 2.0 * config.quiet_factor)
        })
        .map(|d| d.max(config.quiet_min));
    let last_new = state.last_new_item_at.or(state.first_polled_at);
    let quiet = !failing
        && match (quiet_after, last_new) {
            (Some(after), Some(last)) => now - last >= millis(after),
            _ => false,
        };
    let wanted = if failing {
        Some(Incident {
            kind: IncidentKind::Failing,
            since: since_ok,
        })
    } else if quiet {
        Some(Incident {
            kind: IncidentKind::Quiet,
            since: last_new.unwrap_or(now),
        })
    } else {
        None
    };
    let current = state.incident.map(|i| i.kind);
    if wanted.map(|w| w.kind) == current {
        return None;
    }
    let (health, since, detail) = match (wanted, state.incident) {
        (Some(incident), _) if incident.kind == IncidentKind::Failing => (
            HealthState::Failing,
            incident.since,
            format!(
                "{} consecutive failures; last error: {}",
                state.consecutive_failures,
                state.last_error.as_deref().unwrap_or("unknown")
            ),
        ),
        (Some(incident), _) => (
            HealthState::Quiet,
            incident.since,
            "no new item for much longer than the feed's usual cadence".to_string(),
        ),
        (None, Some(open)) => (
            HealthState::Recovered,
            open.since,
            format!("the feed is healthy again after being {}", open.kind),
        ),
        (None, None) => return None,
    };
    Some(HealthChange {
        incident: wanted,
        state: health,
        since,
        detail,
    })
}

fn millis(duration: Duration) -> Millis {
    Millis::try_from(duration.as_millis()).unwrap_or(Millis::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FeedId, ScheduleHints};

    const HOUR: Millis = 3_600_000;

    fn state() -> FeedState {
        FeedState {
            id: FeedId(1),
            name: "wire".into(),
            url: "https://example.org/feed".into(),
            moved_to: None,
            disabled: None,
            etag: None,
            last_modified: None,
            first_polled_at: Some(0),
            last_success_at: Some(0),
            last_new_item_at: Some(0),
            next_poll_at: None,
            consecutive_failures: 0,
            last_error: None,
            hints: ScheduleHints::default(),
            incident: None,
            created_at: 0,
        }
    }

    #[test]
    fn failing_opens_only_after_failing_after() {
        let config = HealthConfig::default();
        let mut feed = state();
        feed.consecutive_failures = 3;
        feed.last_error = Some("HTTP 500".into());
        assert_eq!(assess(&config, &feed, 23 * HOUR), None);
        let change = assess(&config, &feed, 24 * HOUR).expect("opens");
        assert_eq!(change.state, HealthState::Failing);
        assert_eq!(change.since, 0);
        assert!(
            change
                .detail
                .contains("3 consecutive failures; last error: HTTP 500")
        );
        // Already open: nothing new to say.
        feed.incident = change.incident;
        assert_eq!(assess(&config, &feed, 30 * HOUR), None);
    }

    #[test]
    fn recovery_closes_the_incident() {
        let config = HealthConfig::default();
        let mut feed = state();
        feed.incident = Some(Incident {
            kind: IncidentKind::Failing,
            since: 5,
        });
        let change = assess(&config, &feed, 30 * HOUR).expect("closes");
        assert_eq!(change.incident, None);
        assert_eq!(change.state, HealthState::Recovered);
        assert_eq!(change.since, 5);
        assert!(change.detail.contains("after being failing"));
    }

    #[test]
    fn quiet_needs_a_learned_cadence_and_quiet_min() {
        let config = HealthConfig::default();
        let mut feed = state();
        // No cadence learned: never quiet.
        assert_eq!(assess(&config, &feed, 100 * 24 * HOUR), None);
        // An hourly feed: 2 x 10 x 1h = 20h, but at least quiet_min (7 days).
        feed.hints.learned_interval_secs = Some(3600);
        assert_eq!(assess(&config, &feed, 6 * 24 * HOUR), None);
        let change = assess(&config, &feed, 7 * 24 * HOUR).expect("quiet");
        assert_eq!(change.state, HealthState::Quiet);
        assert_eq!(change.incident.map(|i| i.kind), Some(IncidentKind::Quiet));
    }

    #[test]
    fn failing_wins_over_quiet() {
        let config = HealthConfig::default();
        let mut feed = state();
        feed.hints.learned_interval_secs = Some(3600);
        feed.consecutive_failures = 1;
        let change = assess(&config, &feed, 8 * 24 * HOUR).expect("failing");
        assert_eq!(change.state, HealthState::Failing);
    }
}
