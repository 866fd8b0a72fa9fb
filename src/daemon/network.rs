//! Telling "the publisher is down" from "we are offline". When most of the
//! origins heard from recently fail to answer (connect, DNS, timeout, reset),
//! at least a few of them, and nothing has answered since those failures,
//! that is one network incident: those failures are not counted against the
//! feeds, and one warning is logged when it starts and one when the network
//! is back.
//!
//! The majority matters: a few broken origins among many working ones (a
//! farm where some hosts time out) can fail several times in a row while
//! polls to them all time out together, and that is their problem, not
//! ours.

use std::collections::HashMap;
use std::sync::Mutex;

use tracing::{info, warn};
use url::Url;

use crate::model::Millis;

/// Distinct origins that must fail, with no answer since, before the
/// network is considered down (fewer if fewer origins are configured).
const ORIGINS_FOR_INCIDENT: usize = 3;

/// How far back an origin's last answer or failure counts as "recent":
/// origins not heard from in this long take no part in the vote.
const RECENT: Millis = 3_600_000;

#[derive(Debug)]
pub(super) struct NetworkMonitor {
    http_origins: usize,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Per origin (scheme://host:port), when it was last heard from and how.
    origins: HashMap<String, Heard>,
    /// The last answer from any origin.
    last_answer: Option<Millis>,
    down_since: Option<Millis>,
}

#[derive(Debug, Clone, Copy)]
struct Heard {
    at: Millis,
    answered: bool,
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

    /// A server answered (any HTTP status): the network works. `file:`
    /// URLs say nothing about the network and are ignored.
    pub(super) fn record_answer(&self, url: &Url, now: Millis) {
        let Some(origin) = http_origin(url) else {
            return;
        };
        let mut state = self.lock();
        state.origins.insert(
            origin,
            Heard {
                at: now,
                answered: true,
            },
        );
        state.last_answer = Some(state.last_answer.map_or(now, |t| t.max(now)));
        if let Some(since) = state.down_since.take() {
            info!(
                down_for_ms = now - since,
                "Network is back; polling resumes normally"
            );
        }
    }

    /// A network-class failure on `url`'s origin; returns true when it is
    /// part of a network incident (and so must not count against the feed).
    pub(super) fn record_failure(&self, url: &Url, now: Millis) -> bool {
        let Some(origin) = http_origin(url) else {
            return false;
        };
        let threshold = self.threshold();
        let mut state = self.lock();
        state.origins.insert(
            origin,
            Heard {
                at: now,
                answered: false,
            },
        );
        if state.down_since.is_none() {
            let since = now.saturating_sub(RECENT);
            state.origins.retain(|_, heard| heard.at >= since);
            let recent = state.origins.len();
            let last_answer = state.last_answer.unwrap_or(Millis::MIN);
            // Origins whose latest word is a failure that came after the
            // last answer from anyone.
            let failing = state
                .origins
                .values()
                .filter(|heard| !heard.answered && heard.at >= last_answer)
                .count();
            if failing >= threshold && 2 * failing > recent {
                state.down_since = Some(now);
                warn!(
                    failing_origins = failing,
                    recent_origins = recent,
                    "Network appears down: most origins stopped answering; failures are not counted against feeds"
                );
            }
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

/// The origin of an http(s) URL; `None` for `file:` and other schemes.
fn http_origin(url: &Url) -> Option<String> {
    matches!(url.scheme(), "http" | "https").then(|| url.origin().ascii_serialization())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(host: &str) -> Url {
        Url::parse(&format!("http://{host}/feed")).unwrap_or_else(|e| panic!("{host}: {e}"))
    }

    #[test]
    fn incident_needs_several_origins_and_ends_on_an_answer() {
        let monitor = NetworkMonitor::new(10);
        assert!(!monitor.record_failure(&url("a"), 1));
        assert!(
            !monitor.record_failure(&url("a"), 2),
            "one origin failing is its own problem"
        );
        assert!(!monitor.record_failure(&url("b"), 3));
        assert!(monitor.record_failure(&url("c"), 4));
        assert!(monitor.record_failure(&url("d"), 5));
        assert!(monitor.is_down());
        monitor.record_answer(&url("e"), 6);
        assert!(!monitor.is_down());
        assert!(!monitor.record_failure(&url("a"), 7));
    }

    #[test]
    fn a_single_origin_config_never_declares_an_incident_alone() {
        let monitor = NetworkMonitor::new(1);
        assert!(!monitor.record_failure(&url("a"), 1));
        assert!(!monitor.record_failure(&url("a"), 2));
    }

    #[test]
    fn a_few_failing_origins_among_many_answering_are_not_an_incident() {
        let monitor = NetworkMonitor::new(20);
        for (i, host) in (0..16).map(|i| format!("ok{i}")).enumerate() {
            monitor.record_answer(&url(&host), i as Millis);
        }
        // Four broken origins whose timeouts all end together, with no
        // answer in between: a minority of the origins heard from.
        for (i, host) in ["bad0", "bad1", "bad2", "bad3"].iter().enumerate() {
            assert!(!monitor.record_failure(&url(host), 100 + i as Millis));
        }
        assert!(!monitor.is_down());
        // The working origins going quiet too is an incident.
        for i in 0..8 {
            monitor.record_failure(&url(&format!("ok{i}")), 200 + i);
        }
        assert!(monitor.is_down());
    }

    #[test]
    fn origins_not_heard_from_recently_take_no_part() {
        let monitor = NetworkMonitor::new(20);
        for i in 0..16 {
            monitor.record_answer(&url(&format!("ok{i}")), 0);
        }
        // An hour and more later, three origins fail and nothing answered
        // since: they are all that was heard recently.
        let later = RECENT + 10;
        assert!(!monitor.record_failure(&url("a"), later));
        assert!(!monitor.record_failure(&url("b"), later + 1));
        assert!(monitor.record_failure(&url("c"), later + 2));
    }

    #[test]
    fn file_urls_say_nothing_about_the_network() {
        let monitor = NetworkMonitor::new(3);
        let file = Url::parse("file:///tmp/feed.xml").unwrap_or_else(|e| panic!("{e}"));
        assert!(!monitor.record_failure(&file, 1));
        monitor.record_failure(&url("a"), 2);
        monitor.record_failure(&url("b"), 3);
        assert!(monitor.record_failure(&url("c"), 4));
        monitor.record_answer(&file, 5);
        assert!(monitor.is_down(), "a file read is not an answer");
    }
}
