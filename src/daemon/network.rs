//! Telling "the publisher is down" from "we are offline". When feeds on
//! several different origins all fail to answer (connect, DNS, timeout,
//! reset) and nothing has answered since, that is one network incident:
//! those failures are not counted against the feeds, and one warning is
//! logged when it starts and one when the network is back.

use std::collections::HashSet;
use std::sync::Mutex;

use tracing::{info, warn};

use crate::model::Millis;

/// Distinct origins that must fail, with no success between, before the
/// network is considered down (fewer if fewer origins are configured).
const ORIGINS_FOR_INCIDENT: usize = 3;

#[derive(Debug)]
pub(super) struct NetworkMonitor {
    http_origins: usize,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    failing_origins: HashSet<String>,
    down_since: Option<Millis>,
}

impl NetworkMonitor {
    /// `http_origins`: how many distinct http(s) origins the config polls.
    pub(super) fn new(http_origins: usize) -> NetworkMonitor {
        NetworkMonitor {
            http_origins,
            state: Mutex::new(State::default()),
        }
    }

    fn threshold(&self) -> usize {
        ORIGINS_FOR_INCIDENT.min(self.http_origins).max(2)
    }

    /// Some server answered (any HTTP status): the network works.
    pub(super) fn record_answer(&self, now: Millis) {
        let mut state = self.lock();
        state.failing_origins.clear();
        if let Some(since) = state.down_since.take() {
            info!(
                down_for_ms = now - since,
                "Network is back; polling resumes normally"
            );
        }
    }

    /// A network-class failure on `origin`; returns true when it is part of a
    /// network incident (and so must not count against the feed).
    pub(super) fn record_failure(&self, origin: &str, now: Millis) -> bool {
        let threshold = self.threshold();
        let mut state = self.lock();
        state.failing_origins.insert(origin.to_string());
        if state.down_since.is_none() && state.failing_origins.len() >= threshold {
            state.down_since = Some(now);
            warn!(
                origins = state.failing_origins.len(),
                "Network appears down: no origin answers; failures are not counted against feeds"
            );
        }
        state.down_since.is_some()
    }

    #[cfg(test)]
    fn is_down(&self) -> bool {
        self.lock().down_since.is_some()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // Each update is a few assignments; a poisoned lock is still consistent.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incident_needs_several_origins_and_ends_on_an_answer() {
        let monitor = NetworkMonitor::new(10);
        assert!(!monitor.record_failure("http://a", 1));
        assert!(
            !monitor.record_failure("http://a", 2),
            "one origin failing is its own problem"
        );
        assert!(!monitor.record_failure("http://b", 3));
        assert!(monitor.record_failure("http://c", 4));
        assert!(monitor.record_failure("http://d", 5));
        assert!(monitor.is_down());
        monitor.record_answer(6);
        assert!(!monitor.is_down());
        assert!(!monitor.record_failure("http://a", 7));
    }

    #[test]
    fn a_single_origin_config_never_declares_an_incident_alone() {
        let monitor = NetworkMonitor::new(1);
        assert!(!monitor.record_failure("http://a", 1));
        assert!(!monitor.record_failure("http://a", 2));
    }
}
