//! The alert payload: a versioned JSON object, built once when the alert is
//! raised and stored in the outbox, so every retry sends the same bytes.
//! The README documents each field; bump [`PAYLOAD_VERSION`] on any
//! incompatible change.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::model::Entry;
use crate::topics::{MatchedTerm, TopicHit};

pub const PAYLOAD_VERSION: u32 = 1;

/// Summaries longer than this are cut (at a word boundary) in the payload.
const SUMMARY_LIMIT: usize = 1000;

#[derive(Debug, Serialize)]
pub struct Payload<'a> {
    pub version: u32,
    pub id: &'a str,
    pub topic: &'a str,
    pub item: PayloadItem<'a>,
    pub matched: &'a [MatchedTerm],
    pub snippet: &'a str,
    pub detected_at: String,
}

#[derive(Debug, Serialize)]
pub struct PayloadItem<'a> {
    pub title: &'a str,
    pub link: Option<&'a str>,
    pub summary: String,
    pub published: Option<String>,
    pub feed: &'a str,
    pub guid: Option<&'a str>,
}

/// A fresh alert id: unique, and ordered like detection (milliseconds, then a
/// per-process sequence that starts at a random value, so two processes do
/// not collide and ids made in the same millisecond keep their order).
pub fn new_alert_id(now: DateTime<Utc>) -> String {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicU32, Ordering};
    static SEQUENCE: OnceLock<AtomicU32> = OnceLock::new();
    let sequence = SEQUENCE.get_or_init(|| AtomicU32::new(fastrand::u32(..) >> 4));
    format!(
        "{:012x}{:08x}",
        now.timestamp_millis(),
        sequence.fetch_add(1, Ordering::Relaxed)
    )
}

/// The JSON text of an alert.
pub fn build(
    id: &str,
    hit: &TopicHit,
    entry: &Entry,
    feed: &str,
    detected_at: DateTime<Utc>,
) -> String {
    let payload = Payload {
        version: PAYLOAD_VERSION,
        id,
        topic: &hit.topic,
        item: PayloadItem {
            title: &entry.title,
            link: entry.link.as_deref(),
            summary: truncate_words(&entry.summary, SUMMARY_LIMIT),
            published: entry
                .published
                .map(|p| p.to_rfc3339_opts(SecondsFormat::Secs, true)),
            feed,
            guid: entry.guid.as_deref(),
        },
        matched: &hit.matched,
        snippet: &hit.snippet,
        detected_at: detected_at.to_rfc3339_opts(SecondsFormat::Millis, true),
    };
    // Serializing plain strings and numbers into JSON cannot fail.
    serde_json::to_string(&payload).unwrap_or_else(|_| "{}".to_string())
}

/// The topic name health events carry: they travel through the same
/// outbox and sinks as alerts, so every sink format renders them.
pub const HEALTH_TOPIC: &str = "feed-health";

/// A feed-health event: same shape as an alert (so every sink renders it),
/// plus `kind` and `health` for receivers that tell them apart.
#[derive(Debug, Serialize)]
struct HealthPayload<'a> {
    version: u32,
    kind: &'static str,
    id: &'a str,
    topic: &'static str,
    item: PayloadItem<'a>,
    matched: [(); 0],
    snippet: &'a str,
    detected_at: String,
    health: HealthDetails<'a>,
}

#[derive(Debug, Serialize)]
struct HealthDetails<'a> {
    feed: &'a str,
    url: &'a str,
    /// "failing", "quiet" or "recovered".
    state: &'a str,
    since: String,
    detail: &'a str,
}

/// The JSON text of a feed-health event.
pub fn build_health(
    id: &str,
    feed: &str,
    url: &str,
    state: &str,
    since: DateTime<Utc>,
    detail: &str,
    detected_at: DateTime<Utc>,
) -> String {
    let title = match state {
        "failing" => format!(
            "Feed {feed} has been failing since {}",
            since.format("%Y-%m-%d %H:%M UTC")
        ),
        "quiet" => format!(
            "Feed {feed} has published nothing since {}",
            since.format("%Y-%m-%d %H:%M UTC")
        ),
        _ => format!("Feed {feed} recovered"),
    };
    let payload = HealthPayload {
        version: PAYLOAD_VERSION,
        kind: "feed_health",
        id,
        topic: HEALTH_TOPIC,
        item: PayloadItem {
            title: &title,
            link: Some(url),
            summary: detail.to_string(),
            published: None,
            feed,
            guid: None,
        },
        matched: [],
        snippet: detail,
        detected_at: detected_at.to_rfc3339_opts(SecondsFormat::Millis, true),
        health: HealthDetails {
            feed,
            url,
            state,
            since: since.to_rfc3339_opts(SecondsFormat::Secs, true),
            detail,
        },
    };
    // Serializing plain strings into JSON cannot fail.
    serde_json::to_string(&payload).unwrap_or_else(|_| "{}".to_string())
}

/// Cuts `text` to at most `limit` bytes at a word boundary, adding "…".
pub fn truncate_words(text: &str, limit: usize) -> String {
    if text.len() <= limit {
        return text.to_string();
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text[..end]
        .rfind(char::is_whitespace)
        .filter(|&i| i > limit / 2)
        .unwrap_or(end);
    format!("{}…", text[..cut].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_at_word_boundaries() {
        assert_eq!(truncate_words("short", 10), "short");
        assert_eq!(truncate_words("alpha beta gamma delta", 12), "alpha beta…");
        let accented = "é".repeat(20);
        assert!(truncate_words(&accented, 9).ends_with('…'));
    }

    #[test]
    fn ids_are_unique_and_time_ordered() {
        let t1 = DateTime::from_timestamp_millis(1_000).unwrap_or_default();
        let t2 = DateTime::from_timestamp_millis(2_000).unwrap_or_default();
        let a = new_alert_id(t1);
        let b = new_alert_id(t2);
        assert!(a < b);
        let (c, d) = (new_alert_id(t1), new_alert_id(t1));
        assert!(c < d, "same millisecond keeps creation order");
    }
}
