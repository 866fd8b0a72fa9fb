//! Telemetry: the process's metrics, rendered in the Prometheus text format
//! (version 0.0.4) by `GET /metrics`.
//!
//! The registry is process-wide, like a `metrics` recorder: counters and
//! histograms are bumped where things happen (`daemon::poll`, the outbox,
//! the WebSub callback) through the typed functions below, so call sites
//! never spell a metric name. Gauges that describe stored state (outbox
//! depth, open incidents, subscriptions) are read from the store at scrape
//! time instead (`http::metrics`).
//!
//! **Invariant:** label values come from bounded sets: fixed words
//! (`result`, `class`, `state`), or names from the config (topics, sinks).
//! Feed names appear only in the `feedwatch_feed_*` families, and only when
//! `[http] per_feed_metrics` is on. URLs never appear.

mod registry;

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

pub use registry::{GaugeFamily, MetricKind, Registry};

/// Histogram buckets (seconds) for poll and delivery durations.
const DURATION_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// Histogram buckets (seconds) for publish-to-alert latency: from a push
/// (under a second) to a slow poll (hours).
const LATENCY_BUCKETS: &[f64] = &[
    1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 1800.0, 3600.0, 7200.0, 21600.0, 86400.0,
];

static REGISTRY: OnceLock<Registry> = OnceLock::new();
static PER_FEED: AtomicBool = AtomicBool::new(false);

/// The process's registry, with every family declared (so a scrape shows
/// each metric's HELP and TYPE before it has a sample).
pub fn registry() -> &'static Registry {
    REGISTRY.get_or_init(|| {
        let r = Registry::default();
        r.declare(
            "feedwatch_polls_total",
            MetricKind::Counter,
            "Feed polls by result (ok, not_modified, failed, disabled, deferred).",
        );
        r.declare(
            "feedwatch_fetch_responses_total",
            MetricKind::Counter,
            "Feed fetches by HTTP status class (2xx, 3xx, 4xx, 5xx) or error (network, file).",
        );
        r.declare(
            "feedwatch_fetched_bytes_total",
            MetricKind::Counter,
            "Bytes of feed documents fetched (after decompression), and pushed by WebSub hubs.",
        );
        r.declare(
            "feedwatch_parse_failures_total",
            MetricKind::Counter,
            "Fetched documents that could not be parsed as a feed.",
        );
        r.declare(
            "feedwatch_items_total",
            MetricKind::Counter,
            "Feed items by state: new (stored for the first time) or seen (already stored).",
        );
        r.declare(
            "feedwatch_matches_total",
            MetricKind::Counter,
            "New items that matched a topic, by topic.",
        );
        r.declare(
            "feedwatch_alerts_total",
            MetricKind::Counter,
            "Alerts raised, by topic (feed-health for health events).",
        );
        r.declare(
            "feedwatch_deliveries_total",
            MetricKind::Counter,
            "Delivery attempts by sink and result (delivered, retry, failed).",
        );
        r.declare(
            "feedwatch_poll_duration_seconds",
            MetricKind::Histogram,
            "Time of one feed pass: fetch, parse, match and store.",
        );
        r.declare(
            "feedwatch_delivery_duration_seconds",
            MetricKind::Histogram,
            "Time of one delivery attempt, by sink.",
        );
        r.declare(
            "feedwatch_publish_to_alert_seconds",
            MetricKind::Histogram,
            "From an item's publication date to its alert, by how the item came (poll or push).",
        );
        r.declare(
            "feedwatch_websub_pushes_total",
            MetricKind::Counter,
            "WebSub content notifications by result (accepted, unsigned, bad_signature, too_large, unknown_callback, failed).",
        );
        r.declare(
            "feedwatch_websub_requests_total",
            MetricKind::Counter,
            "Requests the WebSub subscriber sent to hubs, by mode (subscribe, unsubscribe) and result (accepted, failed).",
        );
        r.declare(
            "feedwatch_forgotten_total",
            MetricKind::Counter,
            "What retention ([storage] keep) forgot, by kind (stories, items, alerts, messages, expired_keys); retired_keys counts keys kept in hashed form.",
        );
        r.declare(
            "feedwatch_feed_polls_total",
            MetricKind::Counter,
            "Polls per feed and result (only with [http] per_feed_metrics).",
        );
        r.declare(
            "feedwatch_feed_new_items_total",
            MetricKind::Counter,
            "New items per feed (only with [http] per_feed_metrics).",
        );
        for (name, buckets) in [
            ("feedwatch_poll_duration_seconds", DURATION_BUCKETS),
            ("feedwatch_delivery_duration_seconds", DURATION_BUCKETS),
            ("feedwatch_publish_to_alert_seconds", LATENCY_BUCKETS),
        ] {
            r.set_buckets(name, buckets);
        }
        r
    })
}

/// Turns the per-feed families on or off (`[http] per_feed_metrics`).
pub fn set_per_feed(enabled: bool) {
    PER_FEED.store(enabled, Ordering::Relaxed);
}

fn per_feed() -> bool {
    PER_FEED.load(Ordering::Relaxed)
}

/// The registry in the text format, with `gauges` appended; the per-feed
/// families show samples only while they are enabled.
pub fn render(gauges: &[GaugeFamily]) -> String {
    let per_feed = per_feed();
    registry().render(gauges, |name| {
        per_feed || !name.starts_with("feedwatch_feed_")
    })
}

/// A poll ended: its result word and how long it took.
pub fn poll_finished(feed: &str, result: &'static str, took: Duration) {
    let r = registry();
    r.inc("feedwatch_polls_total", &[("result", result)], 1);
    r.observe("feedwatch_poll_duration_seconds", &[], took.as_secs_f64());
    if per_feed() {
        r.inc(
            "feedwatch_feed_polls_total",
            &[("feed", feed), ("result", result)],
            1,
        );
    }
}

/// A fetch got an answer of this class (`status_class`).
pub fn fetch_response(class: &'static str) {
    registry().inc("feedwatch_fetch_responses_total", &[("class", class)], 1);
}

pub fn fetched_bytes(n: usize) {
    registry().inc("feedwatch_fetched_bytes_total", &[], n as u64);
}

/// What one retention pass forgot.
pub fn forgotten(report: &crate::store::PruneReport) {
    let r = registry();
    for (kind, n) in [
        ("stories", report.stories),
        ("items", report.items),
        ("alerts", report.alerts),
        ("messages", report.messages),
        ("retired_keys", report.retired_keys),
        ("expired_keys", report.expired_keys),
    ] {
        r.inc("feedwatch_forgotten_total", &[("kind", kind)], n as u64);
    }
}

pub fn parse_failed() {
    registry().inc("feedwatch_parse_failures_total", &[], 1);
}

/// What storing a poll's (or a push's) items did.
pub fn items_stored(feed: &str, new: usize, seen: usize, matched_topics: &[String]) {
    let r = registry();
    r.inc("feedwatch_items_total", &[("state", "new")], new as u64);
    r.inc("feedwatch_items_total", &[("state", "seen")], seen as u64);
    for topic in matched_topics {
        r.inc("feedwatch_matches_total", &[("topic", topic)], 1);
    }
    if per_feed() {
        r.inc(
            "feedwatch_feed_new_items_total",
            &[("feed", feed)],
            new as u64,
        );
    }
}

/// An alert was raised for `topic`, `latency` after its item was published
/// (`None` when the item has no date); `via` is "poll" or "push".
pub fn alert_raised(topic: &str, latency: Option<Duration>, via: &'static str) {
    let r = registry();
    r.inc("feedwatch_alerts_total", &[("topic", topic)], 1);
    if let Some(latency) = latency {
        r.observe(
            "feedwatch_publish_to_alert_seconds",
            &[("via", via)],
            latency.as_secs_f64(),
        );
    }
}

/// A delivery attempt ended: `result` is delivered, retry or failed.
pub fn delivery_attempted(sink: &str, result: &'static str, took: Duration) {
    let r = registry();
    r.inc(
        "feedwatch_deliveries_total",
        &[("sink", sink), ("result", result)],
        1,
    );
    r.observe(
        "feedwatch_delivery_duration_seconds",
        &[("sink", sink)],
        took.as_secs_f64(),
    );
}

/// A WebSub content notification was handled.
pub fn websub_push(result: &'static str) {
    registry().inc("feedwatch_websub_pushes_total", &[("result", result)], 1);
}

/// A (un)subscription request to a hub was sent.
pub fn websub_request(mode: &'static str, result: &'static str) {
    registry().inc(
        "feedwatch_websub_requests_total",
        &[("mode", mode), ("result", result)],
        1,
    );
}

/// The status class of a poll's HTTP answer, or the kind of failure.
pub fn status_class(status: crate::model::PollStatus) -> &'static str {
    use crate::model::PollStatus;
    match status {
        PollStatus::Http(code) => match code {
            200..=299 => "2xx",
            300..=399 => "3xx",
            400..=499 => "4xx",
            500..=599 => "5xx",
            _ => "other",
        },
        PollStatus::File => "file",
        PollStatus::Parse => "2xx",
        PollStatus::NetworkDown => "network_down",
        _ => "network",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_retention_pass_counts_what_it_forgot() {
        let before = registry().render(&[], |_| true);
        let count = |text: &str, kind: &str| -> u64 {
            let prefix = format!("feedwatch_forgotten_total{{kind=\"{kind}\"}} ");
            text.lines()
                .find_map(|l| l.strip_prefix(&prefix))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0)
        };
        forgotten(&crate::store::PruneReport {
            stories: 3,
            items: 5,
            alerts: 1,
            messages: 0,
            retired_keys: 10,
            expired_keys: 2,
            next_after: None,
        });
        let after = registry().render(&[], |_| true);
        for (kind, n) in [
            ("stories", 3),
            ("items", 5),
            ("alerts", 1),
            ("retired_keys", 10),
            ("expired_keys", 2),
        ] {
            assert_eq!(
                count(&after, kind) - count(&before, kind),
                n,
                "{kind}:\n{after}"
            );
        }
        assert!(
            after.contains("# TYPE feedwatch_forgotten_total counter"),
            "{after}"
        );
    }
}
