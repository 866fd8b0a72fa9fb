//! What a new config changes, and its effect on the schedule (issue 12).
//!
//! On reload the running config is compared with the new one and each
//! added, removed or changed feed, topic and sink is logged at INFO (with
//! what changed); at start the configured feeds are compared with what the
//! database knew (the feeds it had, their URLs and schedule settings: the
//! database holds no topics or sinks of their own).
//!
//! Each configured feed's schedule is then re-planned ([`plan`]): the store
//! reschedules a feed whose settings changed and brings forward any next
//! poll later than its settings allow (`store::schedule::decide`), so a new
//! 30-second interval never waits for the old 28-minute slot.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use tracing::info;

use super::schedule::{self, interval_policy};
use crate::config::{Config, FeedConfig, TopicConfig};
use crate::model::Millis;
use crate::store::{FeedSchedule, FeedState, KnownFeed, Rescheduled, ScheduleChange};

/// Names listed in one log line at most; the rest are counted.
const MAX_LISTED: usize = 20;

/// Each configured feed's schedule as the config wants it at `now`, from
/// its stored state (`states`, by name; a feed without one is new). First
/// polls are spread over 0.1 s per feed, up to a minute and at most half
/// the interval: never a thundering herd, yet a small config polls at once.
/// A feed a WebSub hub pushes (`pushed`) may wait its `max_interval`.
pub(super) fn plan(
    config: &Config,
    states: &[FeedState],
    now: DateTime<Utc>,
    pushed: impl Fn(&str) -> bool,
) -> Vec<FeedSchedule> {
    let states: HashMap<&str, &FeedState> = states.iter().map(|s| (s.name.as_str(), s)).collect();
    let n_feeds = config.feeds.len() as u64;
    let now_ms = now.timestamp_millis();
    config
        .feeds
        .iter()
        .map(|feed| {
            let policy = interval_policy(feed);
            let spread = (feed.interval.as_millis() as u64 / 2)
                .min(60_000)
                .min(100 * n_feeds);
            let first = if spread == 0 {
                0
            } else {
                fastrand::u64(0..spread)
            };
            let state = states.get(feed.name.as_str());
            let hints = state.map(|s| s.hints.clone()).unwrap_or_default();
            let failures = state.map_or(0, |s| u32::try_from(s.consecutive_failures).unwrap_or(0));
            let (next, latest) = schedule::replan(now, &policy, &hints, failures, fastrand::f64());
            let (mut next, mut latest) = (next.timestamp_millis(), latest.timestamp_millis());
            if failures == 0 && pushed(&feed.name) {
                let relaxed = now_ms.saturating_add(crate::units::millis_i64(feed.max_interval));
                (next, latest) = (next.max(relaxed), latest.max(relaxed));
            }
            FeedSchedule {
                name: feed.name.clone(),
                first: now_ms + first as Millis,
                settings: policy.describe(),
                rescheduled: next,
                latest,
            }
        })
        .collect()
}

/// Logs the feeds whose next poll the schedule moved for another reason
/// than a first poll: settings changed, or later than they allow.
pub(super) fn log_rescheduled(moved: &[Rescheduled]) {
    let changed: Vec<String> = moved
        .iter()
        .filter_map(|r| match &r.change {
            ScheduleChange::Settings { from } => Some(format!("{} (was {from})", r.name)),
            _ => None,
        })
        .collect();
    if !changed.is_empty() {
        info!(
            feeds = %listed(&changed),
            "Rescheduled feeds whose interval settings changed"
        );
    }
    let capped: Vec<String> = moved
        .iter()
        .filter(|r| r.change == ScheduleChange::Capped)
        .map(|r| r.name.clone())
        .collect();
    if !capped.is_empty() {
        info!(
            feeds = %listed(&capped),
            "Brought forward polls scheduled later than their settings allow"
        );
    }
}

/// At start: the configured feeds against what the database knew.
pub(super) fn log_start(known: &[KnownFeed], config: &Config) {
    if known.is_empty() {
        // No last run to compare with: listing every feed as added says
        // nothing the config does not.
        info!(
            feeds = config.feeds.len(),
            "A new database: every configured feed gets its first poll"
        );
        return;
    }
    let known: HashMap<&str, &KnownFeed> = known.iter().map(|k| (k.name.as_str(), k)).collect();
    let mut added = Vec::new();
    let mut changed = Vec::new();
    for feed in &config.feeds {
        match known.get(feed.name.as_str()) {
            None => added.push(feed.name.clone()),
            Some(k) if !k.configured => added.push(format!("{} (again)", feed.name)),
            Some(k) => {
                let mut what = Vec::new();
                if k.url != feed.url.as_str() {
                    what.push(format!("url {} -> {}", k.url, feed.url));
                }
                let settings = interval_policy(feed).describe();
                if let Some(old) = k.settings.as_ref().filter(|s| **s != settings) {
                    what.push(format!("{old} -> {settings}"));
                }
                if !what.is_empty() {
                    changed.push(format!("{} ({})", feed.name, what.join("; ")));
                }
            }
        }
    }
    let removed: Vec<String> = known
        .values()
        .filter(|k| k.configured && config.feed(&k.name).is_none())
        .map(|k| k.name.clone())
        .collect();
    log_changes("Feeds", "since the last run", &added, &removed, &changed);
}

/// On reload: every feed, topic and sink added, removed or changed.
pub(super) fn log_reload(old: &Config, new: &Config) {
    let (added, removed, changed) = compare(&old.feeds, &new.feeds, |f| &f.name, feed_changes);
    log_changes("Feeds", "by the reload", &added, &removed, &changed);
    let (added, removed, changed) = compare(&old.topics, &new.topics, |t| &t.name, topic_changes);
    log_changes("Topics", "by the reload", &added, &removed, &changed);
    let (added, removed, changed) = compare(
        &old.sinks,
        &new.sinks,
        |s| &s.name,
        |a, b| {
            match (a.describe(), b.describe()) {
                _ if a == b => Vec::new(),
                (a, b) if a != b => vec![format!("{a} -> {b}")],
                // What changed may carry a secret: not logged.
                _ => {
                    vec!["changed: a URL path, secret, header or template, not logged".to_string()]
                }
            }
        },
    );
    log_changes("Sinks", "by the reload", &added, &removed, &changed);
}

/// Names added and removed, and `name (what changed)` for the rest.
fn compare<T>(
    old: &[T],
    new: &[T],
    name: impl Fn(&T) -> &String,
    changes: impl Fn(&T, &T) -> Vec<String>,
) -> (Vec<String>, Vec<String>, Vec<String>) {
    let before: HashMap<&String, &T> = old.iter().map(|x| (name(x), x)).collect();
    let mut added = Vec::new();
    let mut changed = Vec::new();
    for item in new {
        match before.get(name(item)) {
            None => added.push(name(item).clone()),
            Some(previous) => {
                let what = changes(previous, item);
                if !what.is_empty() {
                    changed.push(format!("{} ({})", name(item), what.join("; ")));
                }
            }
        }
    }
    let removed = old
        .iter()
        .filter(|x| !new.iter().any(|y| name(y) == name(x)))
        .map(|x| name(x).clone())
        .collect();
    (added, removed, changed)
}

fn feed_changes(a: &FeedConfig, b: &FeedConfig) -> Vec<String> {
    let mut what = Vec::new();
    if a.url != b.url {
        what.push(format!("url {} -> {}", a.url, b.url));
    }
    let (before, after) = (interval_policy(a).describe(), interval_policy(b).describe());
    if before != after {
        what.push(format!("{before} -> {after}"));
    } else if a.max_backoff != b.max_backoff {
        what.push("max_backoff".to_string());
    }
    for (differs, key) in [
        (a.tags != b.tags, "tags"),
        (a.backfill != b.backfill, "backfill"),
        (a.hub != b.hub, "hub"),
    ] {
        if differs {
            what.push(key.to_string());
        }
    }
    what
}

fn topic_changes(a: &TopicConfig, b: &TopicConfig) -> Vec<String> {
    let mut what = Vec::new();
    if a.query_text != b.query_text {
        what.push("query".to_string());
    } else if a.query != b.query {
        what.push("query (through its aliases)".to_string());
    }
    for (differs, key) in [
        (a.feeds != b.feeds, "feeds"),
        (a.notify != b.notify, "notify"),
        (a.options != b.options, "language, stem or min_score"),
        (a.digest != b.digest, "digest"),
    ] {
        if differs {
            what.push(key.to_string());
        }
    }
    what
}

fn log_changes(what: &str, when: &str, added: &[String], removed: &[String], changed: &[String]) {
    for (list, how) in [(added, "added"), (removed, "removed"), (changed, "changed")] {
        if !list.is_empty() {
            info!(count = list.len(), "{what} {how} {when}: {}", listed(list));
        }
    }
}

/// `a, b, c` (and `and N more` past [`MAX_LISTED`]).
fn listed(names: &[String]) -> String {
    let shown = names[..names.len().min(MAX_LISTED)].join(", ");
    match names.len().saturating_sub(MAX_LISTED) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        match Config::parse(text, std::path::Path::new("/x/fw.toml")) {
            Ok(config) => config,
            Err(err) => panic!("{err}"),
        }
    }

    const BASE: &str = r#"
[[feed]]
name = "a"
url = "http://a.example/rss"
interval = "1h"

[[feed]]
name = "b"
url = "http://b.example/rss"

[[topic]]
name = "t"
query = "nato"

[[sink]]
name = "out"
type = "stdout"
"#;

    #[test]
    fn finds_what_changed_and_how() {
        let old = config(BASE);
        let new = config(
            &BASE
                .replace("interval = \"1h\"", "interval = \"1s\"\ntags = [\"x\"]")
                .replace(
                    "name = \"b\"\nurl = \"http://b.example/rss\"",
                    "name = \"c\"\nurl = \"http://c.example/rss\"",
                )
                .replace("query = \"nato\"", "query = \"nato OR otan\""),
        );
        let (added, removed, changed) = compare(&old.feeds, &new.feeds, |f| &f.name, feed_changes);
        assert_eq!(added, ["c"]);
        assert_eq!(removed, ["b"]);
        assert_eq!(changed, ["a (every 1h -> every 1s; tags)"]);
        let (_, _, changed) = compare(&old.topics, &new.topics, |t| &t.name, topic_changes);
        assert_eq!(changed, ["t (query)"]);
    }

    #[test]
    fn plans_new_feeds_first_and_caps_by_the_settings() {
        let config = config(BASE);
        let now = DateTime::from_timestamp_millis(1_000_000_000_000).unwrap_or_default();
        let plans = plan(&config, &[], now, |_| false);
        assert_eq!(plans.len(), 2);
        let a = &plans[0];
        assert_eq!(a.settings, "every 1h");
        // Two feeds: first polls spread over 0.2 s.
        assert!(
            a.first >= 1_000_000_000_000 && a.first < 1_000_000_000_200,
            "{a:?}"
        );
        assert_eq!(a.latest, 1_000_000_000_000 + 3_960_000);
        assert!(a.rescheduled >= 1_000_000_000_000 + 3_240_000 && a.rescheduled <= a.latest);
        assert_eq!(plans[1].settings, "adaptive from 15m, 5m to 6h");
        let pushed = plan(&config, &[], now, |name| name == "a");
        assert_eq!(pushed[0].latest, 1_000_000_000_000 + 6 * 3_600_000);
    }

    #[test]
    fn long_lists_are_cut() {
        let names: Vec<String> = (0..25).map(|i| format!("f{i}")).collect();
        assert!(
            listed(&names).ends_with("f19 and 5 more"),
            "{}",
            listed(&names)
        );
        assert_eq!(listed(&names[..2]), "f0, f1");
    }
}
