//! What the presets see of a message: its kind, a heading, and each alert
//! as plain text ([`AlertView`]), grouped and capped.

use chrono::{DateTime, Utc};

use super::{MAX_LISTED, is_http_link, rfc3339};
use crate::alert::payload::{Payload, PayloadKind};
use crate::alert::sink::{DeliveryError, Outgoing, OutgoingKind};

/// What the presets need from one payload, as plain text.
#[derive(Debug, Clone, Default)]
pub(crate) struct AlertView {
    pub topic: String,
    pub title: String,
    /// http(s) only.
    pub link: Option<String>,
    pub feed: String,
    /// "2026-03-11 14:20 UTC": when published, else when detected.
    pub when: String,
    /// RFC 3339 for services that take a timestamp.
    pub timestamp: Option<String>,
    /// What to show under the title: the snippet (with `**match**`
    /// markers) when it adds to the title, else the start of the summary.
    /// For a story update: what is new, and from whom.
    pub snippet: String,
    /// An update about new reports of a story alerted before.
    pub update: bool,
    /// "Model: 83% likely relevant" when the topic's model has verdicts.
    pub model: Option<String>,
    /// Signed links recording a verdict: (relevant, not relevant).
    pub feedback: Option<(String, String)>,
}

/// A message as the presets see it.
pub(crate) struct View {
    pub kind: ViewKind,
    pub heading: String,
    /// Never empty ([`View::new`] refuses a message without payloads), so
    /// the presets index `alerts[0]` for single-alert kinds.
    pub alerts: Vec<AlertView>,
    /// Alerts not shown: a summary's folded count plus any beyond MAX_LISTED.
    pub more: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ViewKind {
    Alert,
    Test,
    Digest,
    Summary,
}

impl View {
    pub(crate) fn new(message: &Outgoing) -> Result<View, DeliveryError> {
        let mut alerts = crate::alert::sink::template::payloads(message)?
            .iter()
            .map(alert_view)
            .collect::<Vec<_>>();
        if alerts.is_empty() {
            return Err(DeliveryError::permanent("message has no alert payload"));
        }
        let total = alerts.len();
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let (kind, heading, folded) = match &message.kind {
            OutgoingKind::Alert if alerts[0].update => (
                ViewKind::Alert,
                format!("Story update: {}", alerts[0].topic),
                0,
            ),
            OutgoingKind::Alert => (
                ViewKind::Alert,
                format!("New alert: {}", alerts[0].topic),
                0,
            ),
            OutgoingKind::Test => (
                ViewKind::Test,
                "TEST: feedwatch test message (no action needed)".to_string(),
                0,
            ),
            OutgoingKind::Digest { since, until } => {
                alerts = pick_per_topic(alerts, MAX_LISTED);
                (
                    ViewKind::Digest,
                    format!(
                        "feedwatch digest: {total} alert{} from {} to {}",
                        plural(total),
                        since.format("%Y-%m-%d %H:%M UTC"),
                        until.format("%Y-%m-%d %H:%M UTC")
                    ),
                    0,
                )
            }
            OutgoingKind::Summary { topic, folded } => {
                let all = total + folded;
                (
                    ViewKind::Summary,
                    format!("{all} new alert{} for {topic}", plural(all)),
                    *folded,
                )
            }
        };
        // An alert or a test carries one payload; show exactly that one.
        let single = matches!(kind, ViewKind::Alert | ViewKind::Test);
        let shown = alerts.len().min(if single { 1 } else { MAX_LISTED });
        let more = if single { 0 } else { total - shown + folded };
        alerts.truncate(shown);
        Ok(View {
            kind,
            heading,
            alerts,
            more,
        })
    }

    pub(super) fn single(&self) -> bool {
        matches!(self.kind, ViewKind::Alert | ViewKind::Test)
    }

    /// (topic, alerts) runs, in order; digests are sorted by topic.
    pub(super) fn groups(&self) -> Vec<(&str, Vec<&AlertView>)> {
        let mut groups: Vec<(&str, Vec<&AlertView>)> = Vec::new();
        for alert in &self.alerts {
            match groups.last_mut() {
                Some((topic, list)) if *topic == alert.topic => list.push(alert),
                _ => groups.push((&alert.topic, vec![alert])),
            }
        }
        groups
    }

    pub(super) fn more_line(&self) -> Option<String> {
        (self.more > 0).then(|| format!("…and {} more", self.more))
    }
}

/// A digest's alerts grouped by topic (sorted by name, detection order
/// within one), at most `max` of them taken in turns from every topic, so a
/// busy topic cannot push the others out of the message.
fn pick_per_topic(alerts: Vec<AlertView>, max: usize) -> Vec<AlertView> {
    let mut groups: std::collections::BTreeMap<String, Vec<AlertView>> = Default::default();
    for alert in alerts {
        groups.entry(alert.topic.clone()).or_default().push(alert);
    }
    let mut quota = vec![0usize; groups.len()];
    let mut taken = 0;
    let mut round = 0;
    while taken < max && quota.iter().zip(groups.values()).any(|(q, g)| *q < g.len()) {
        for (q, group) in quota.iter_mut().zip(groups.values()) {
            if taken < max && round < group.len() {
                *q += 1;
                taken += 1;
            }
        }
        round += 1;
    }
    groups
        .into_values()
        .zip(quota)
        .flat_map(|(group, q)| group.into_iter().take(q))
        .collect()
}

fn alert_view(payload: &Payload) -> AlertView {
    let item = &payload.item;
    let published = item.published.as_deref();
    let parsed = published
        .or(Some(payload.detected_at.as_str()))
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc));
    let when = match (parsed, published.is_some()) {
        (Some(t), true) => t.format("%Y-%m-%d %H:%M UTC").to_string(),
        (Some(t), false) => format!("detected {}", t.format("%Y-%m-%d %H:%M UTC")),
        (None, _) => String::new(),
    };
    AlertView {
        topic: payload.topic.clone(),
        title: if item.title.trim().is_empty() {
            "(untitled)".to_string()
        } else {
            item.title.clone()
        },
        link: item.link.clone().filter(|l| is_http_link(l)),
        feed: item.feed.clone(),
        when,
        timestamp: parsed.map(rfc3339),
        snippet: match payload.kind {
            Some(PayloadKind::StoryUpdate) => update_line(payload),
            _ => excerpt(
                &item.title,
                &payload.snippet,
                item.summary.as_deref().unwrap_or(""),
            ),
        },
        update: payload.kind == Some(PayloadKind::StoryUpdate),
        model: payload.model.as_ref().map(|m| {
            let note = match m.decision.as_str() {
                "would_suppress" => " (learn = \"filter\" would hold it back)",
                "learning" => " (still learning)",
                _ => "",
            };
            format!("Model: {:.0}% likely relevant{note}", m.probability * 100.0)
        }),
        feedback: payload
            .feedback
            .as_ref()
            .filter(|f| is_http_link(&f.relevant) && is_http_link(&f.irrelevant))
            .map(|f| (f.relevant.clone(), f.irrelevant.clone())),
    }
}

/// "UPDATE: 2 more reports (Reuters, heise): …" for a story update.
fn update_line(payload: &Payload) -> String {
    let feeds: Vec<&str> = payload
        .new_sources
        .iter()
        .map(|s| s.feed.as_str())
        .collect();
    let story = payload
        .story
        .as_ref()
        .map(|s| s.sources.first().map_or("", |f| f.title.as_str()))
        .unwrap_or("");
    format!(
        "UPDATE: {} more report{} ({}) of: {}",
        feeds.len().max(1),
        if feeds.len() == 1 { "" } else { "s" },
        feeds.join(", "),
        story
    )
}

/// The snippet, unless it only repeats the title (a match in the title):
/// then the summary's first 300 characters, without markers.
fn excerpt(title: &str, snippet: &str, summary: &str) -> String {
    if snippet.replace("**", "").trim() != title.trim() && !snippet.trim().is_empty() {
        snippet.to_string()
    } else {
        cut(&summary.replace("**", ""), 300)
    }
}

/// Cuts text to at most `max` UTF-16 code units (the unit Discord, Slack and
/// Teams count in), ending with "…" when cut.
pub(crate) fn cut(text: &str, max: usize) -> String {
    if text.encode_utf16().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut units = 0;
    for c in text.chars() {
        if units + c.len_utf16() > max.saturating_sub(1) {
            break;
        }
        units += c.len_utf16();
        out.push(c);
    }
    out.push('…');
    out
}

/// Cuts text to at most `max` bytes at a char boundary, ending with "…".
pub(super) fn cut_bytes(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max.saturating_sub('…'.len_utf8());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_by_utf16_units() {
        assert_eq!(cut("abcdef", 6), "abcdef");
        assert_eq!(cut("abcdefg", 6), "abcde…");
        let emoji = "😀".repeat(10); // 2 units each
        assert!(cut(&emoji, 7).encode_utf16().count() <= 7);
        assert_eq!(cut_bytes("ééé", 5), "é…");
    }
}
