//! The alert payload: a versioned JSON object, built once when the alert is
//! raised and stored in the outbox, so every retry sends the same bytes.
//! The README documents each field; bump [`PAYLOAD_VERSION`] on any
//! incompatible change.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{AlertId, Entry, ItemId, Millis, StoryId};
use crate::store::{StoryMember, StorySummary};
use crate::topics::{MatchedTerm, TopicHit};

pub(crate) const PAYLOAD_VERSION: u32 = 1;

/// Summaries longer than this are cut (at a word boundary) in the payload.
const SUMMARY_LIMIT: usize = 1000;

/// An alert as sinks receive it, written once when the alert is raised and
/// read back (typed) by the chat presets, email and templates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Payload {
    pub version: u32,
    /// `None` for a topic match; `feed_health` for a health event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<PayloadKind>,
    pub id: AlertId,
    pub topic: String,
    pub item: PayloadItem,
    #[serde(default)]
    pub matched: Vec<MatchedTerm>,
    #[serde(default)]
    pub snippet: String,
    /// RFC 3339 with milliseconds.
    pub detected_at: String,
    /// The story the item belongs to, with every outlet's report known so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<PayloadStory>,
    /// For `story_update`: the reports since the last message about the story.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub new_sources: Vec<PayloadSource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health: Option<HealthDetails>,
    /// The alert's page in the web UI, when `[http] public_url` is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// What the topic's model made of the item, once it has verdicts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<PayloadModel>,
    /// Signed links recording a verdict, when `[http] public_url` is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<PayloadFeedback>,
}

/// The model's verdict on an alert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PayloadModel {
    /// Probability that the item is relevant, two decimals.
    pub probability: f64,
    /// `keep`, `would_suppress` (`learn = "suggest"`: what `filter` would
    /// do), or `learning` (too few verdicts to act yet).
    pub decision: String,
    /// Verdicts the model learned from.
    pub verdicts: usize,
}

/// Links that record a verdict on the alert (each shows a confirmation page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PayloadFeedback {
    pub relevant: String,
    pub irrelevant: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum PayloadKind {
    FeedHealth,
    /// More outlets reported a story that already alerted.
    StoryUpdate,
}

/// A story in a payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PayloadStory {
    pub id: StoryId,
    /// RFC 3339: when its first report was seen.
    pub first_seen: String,
    /// Every report known so far, oldest first.
    pub sources: Vec<PayloadSource>,
}

/// One outlet's report of a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PayloadSource {
    pub feed: String,
    pub title: String,
    pub link: Option<String>,
    /// RFC 3339, when the feed gave a date.
    pub published: Option<String>,
}

impl PayloadStory {
    pub(crate) fn from_summary(story: &StorySummary) -> PayloadStory {
        let first_seen = story
            .members
            .iter()
            .map(|m| m.first_seen)
            .min()
            .unwrap_or(story.created_at);
        PayloadStory {
            id: story.id,
            first_seen: millis_rfc3339(first_seen),
            sources: story
                .members
                .iter()
                .map(PayloadSource::from_member)
                .collect(),
        }
    }
}

impl PayloadSource {
    pub(crate) fn from_member(member: &StoryMember) -> PayloadSource {
        PayloadSource {
            feed: member.feed.clone(),
            title: member.title.clone(),
            link: member.link.clone(),
            published: member.published.map(millis_rfc3339),
        }
    }
}

fn millis_rfc3339(millis: Millis) -> String {
    DateTime::from_timestamp_millis(millis)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An alert's final payload: its draft, with its story.
pub(crate) fn with_story(draft: &str, story: &StorySummary) -> String {
    match Payload::from_json(draft) {
        Ok(mut payload) => {
            payload.story = Some(PayloadStory::from_summary(story));
            payload.to_json()
        }
        // Drafts are ours; should one not parse, send it as it is rather
        // than lose the alert.
        Err(_) => draft.to_string(),
    }
}

/// The payload of an update about new reports of an alerted story: shaped
/// like an alert (so every sink renders it), with `kind = "story_update"`,
/// the newest report as `item`, and the new reports in `new_sources`.
pub(crate) fn build_story_update(
    id: &AlertId,
    topic: &str,
    story: &StorySummary,
    new_items: &[ItemId],
    detected_at: DateTime<Utc>,
    url: Option<String>,
) -> String {
    let new: Vec<&StoryMember> = story
        .members
        .iter()
        .filter(|m| new_items.contains(&m.item))
        .collect();
    let newest = new.last().copied().or(story.members.last());
    let count = new.len().max(1);
    let title = newest.map_or_else(|| story.title.clone(), |m| m.title.clone());
    Payload {
        version: PAYLOAD_VERSION,
        kind: Some(PayloadKind::StoryUpdate),
        id: id.clone(),
        topic: topic.to_string(),
        item: PayloadItem {
            title: title.clone(),
            link: newest.and_then(|m| m.link.clone()),
            summary: Some(format!(
                "{count} more report{} of a story you were alerted to: {}",
                if count == 1 { "" } else { "s" },
                story.title
            )),
            published: newest.and_then(|m| m.published).map(millis_rfc3339),
            feed: newest.map(|m| m.feed.clone()).unwrap_or_default(),
            guid: None,
        },
        matched: Vec::new(),
        snippet: title,
        detected_at: detected_at.to_rfc3339_opts(SecondsFormat::Millis, true),
        story: Some(PayloadStory::from_summary(story)),
        new_sources: new.into_iter().map(PayloadSource::from_member).collect(),
        health: None,
        url,
        model: None,
        feedback: None,
    }
    .to_json()
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct PayloadItem {
    pub title: String,
    pub link: Option<String>,
    /// `None` (JSON `null`) when the feed gave no summary.
    #[serde(default)]
    pub summary: Option<String>,
    /// RFC 3339, seconds.
    pub published: Option<String>,
    pub feed: String,
    pub guid: Option<String>,
}

/// What a health event says about its feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct HealthDetails {
    pub feed: String,
    pub url: String,
    /// "failing", "quiet" or "recovered".
    pub state: String,
    pub since: String,
    pub detail: String,
}

impl Payload {
    /// The JSON text stored and sent.
    pub(crate) fn to_json(&self) -> String {
        // Serializing plain strings and numbers into JSON cannot fail.
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string())
    }

    /// Reads a stored payload.
    pub(crate) fn from_json(text: &str) -> Result<Payload, serde_json::Error> {
        serde_json::from_str(text)
    }
}

/// A fresh alert id: unique, and ordered like detection (milliseconds, then a
/// per-process sequence that starts at a random value, so two processes do
/// not collide and ids made in the same millisecond keep their order).
pub(crate) fn new_alert_id(now: DateTime<Utc>) -> AlertId {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicU32, Ordering};
    static SEQUENCE: OnceLock<AtomicU32> = OnceLock::new();
    let sequence = SEQUENCE.get_or_init(|| AtomicU32::new(fastrand::u32(..) >> 4));
    AlertId::new(format!(
        "{:012x}{:08x}",
        now.timestamp_millis(),
        sequence.fetch_add(1, Ordering::Relaxed)
    ))
}

/// The JSON text of an alert.
/// An alert's payload for a match; the caller adds what depends on the
/// daemon (its page, the model's verdict, feedback links).
pub(crate) fn alert(
    id: &AlertId,
    hit: &TopicHit,
    entry: &Entry,
    feed: &str,
    detected_at: DateTime<Utc>,
) -> Payload {
    Payload {
        version: PAYLOAD_VERSION,
        kind: None,
        id: id.clone(),
        topic: hit.topic.clone(),
        item: PayloadItem {
            title: entry.title.clone(),
            link: entry.link.clone(),
            summary: (!entry.summary.trim().is_empty())
                .then(|| truncate_words(&entry.summary, SUMMARY_LIMIT)),
            published: entry
                .published
                .map(|p| p.to_rfc3339_opts(SecondsFormat::Secs, true)),
            feed: feed.to_string(),
            guid: entry.guid.clone(),
        },
        matched: hit.matched.clone(),
        snippet: hit.snippet.clone(),
        detected_at: detected_at.to_rfc3339_opts(SecondsFormat::Millis, true),
        story: None,
        new_sources: Vec::new(),
        health: None,
        url: None,
        model: None,
        feedback: None,
    }
}

/// The topic name health events carry: they travel through the same
/// outbox and sinks as alerts, so every sink format renders them.
pub(crate) const HEALTH_TOPIC: &str = "feed-health";

/// The JSON text of a feed-health event: same shape as an alert (so every
/// sink renders it), plus `kind` and `health` for receivers that tell them
/// apart.
pub(crate) fn build_health(
    id: &AlertId,
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
    Payload {
        version: PAYLOAD_VERSION,
        kind: Some(PayloadKind::FeedHealth),
        id: id.clone(),
        topic: HEALTH_TOPIC.to_string(),
        item: PayloadItem {
            title,
            link: Some(url.to_string()),
            summary: Some(detail.to_string()),
            published: None,
            feed: feed.to_string(),
            guid: None,
        },
        matched: Vec::new(),
        snippet: detail.to_string(),
        detected_at: detected_at.to_rfc3339_opts(SecondsFormat::Millis, true),
        story: None,
        new_sources: Vec::new(),
        health: Some(HealthDetails {
            feed: feed.to_string(),
            url: url.to_string(),
            state: state.to_string(),
            since: since.to_rfc3339_opts(SecondsFormat::Secs, true),
            detail: detail.to_string(),
        }),
        url: None,
        model: None,
        feedback: None,
    }
    .to_json()
}

/// Cuts `text` to at most `limit` bytes at a word boundary, adding "…".
pub(crate) fn truncate_words(text: &str, limit: usize) -> String {
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
