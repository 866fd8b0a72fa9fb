//! Message bodies: the `json` format (the stored payloads, verbatim or in an
//! envelope) and the chat presets (Slack, Discord, Microsoft Teams,
//! Mattermost, ntfy), each within the limits its service documents.
//!
//! **Invariant:** feed text is untrusted. Presets escape it for their markup
//! (so a headline cannot add links, mentions or formatting), keep only
//! http(s) links, and cut every field to the service's limit.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};

use super::{DeliveryError, Outgoing, OutgoingKind};

/// Alerts listed by name in one chat message; the rest are counted.
const MAX_LISTED: usize = 20;

/// Whether a link may be put in a message: absolute http(s) only.
pub fn is_http_link(link: &str) -> bool {
    url::Url::parse(link)
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
}

pub(crate) fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[derive(Serialize)]
struct Envelope<'a> {
    version: u32,
    kind: &'static str,
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    since: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    until: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    topic: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    folded: Option<usize>,
    alerts: Vec<&'a RawValue>,
}

/// The `json` format (also stdout's line): an alert's payload unchanged;
/// a test's payload with `"test": true`; digests and summaries in an
/// envelope holding the payloads verbatim.
pub fn json_body(message: &Outgoing) -> Result<String, DeliveryError> {
    let first = || {
        message
            .alerts
            .first()
            .ok_or_else(|| DeliveryError::permanent("message has no alert payload"))
    };
    match &message.kind {
        OutgoingKind::Alert => first().cloned(),
        OutgoingKind::Test => mark_test(first()?),
        OutgoingKind::Digest { since, until } => envelope(message, Some((*since, *until)), None),
        OutgoingKind::Summary { topic, folded } => envelope(message, None, Some((topic, *folded))),
    }
}

fn mark_test(payload: &str) -> Result<String, DeliveryError> {
    let mut object: serde_json::Map<String, Value> =
        serde_json::from_str(payload).map_err(|e| {
            DeliveryError::permanent(format!("stored alert payload is not a JSON object: {e}"))
        })?;
    if object.contains_key("test") {
        object.insert("test".to_string(), Value::Bool(true));
        return serde_json::to_string(&object)
            .map_err(|e| DeliveryError::permanent(format!("cannot serialize payload: {e}")));
    }
    // Keep the payload's bytes and key order: add the flag up front.
    let rest = payload.trim_start().strip_prefix('{').unwrap_or("}");
    let rest = rest.trim_start();
    Ok(if rest.starts_with('}') {
        format!("{{\"test\":true{rest}")
    } else {
        format!("{{\"test\":true,{rest}")
    })
}

fn envelope(
    message: &Outgoing,
    window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    summary: Option<(&String, usize)>,
) -> Result<String, DeliveryError> {
    let alerts = message
        .alerts
        .iter()
        .map(|text| {
            serde_json::from_str::<&RawValue>(text).map_err(|e| {
                DeliveryError::permanent(format!("stored alert payload is not valid JSON: {e}"))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let body = Envelope {
        version: crate::alert::payload::PAYLOAD_VERSION,
        kind: message.kind.name(),
        id: &message.delivery_id,
        since: window.map(|w| rfc3339(w.0)),
        until: window.map(|w| rfc3339(w.1)),
        topic: summary.map(|s| s.0.as_str()),
        folded: summary.map(|s| s.1),
        alerts,
    };
    serde_json::to_string(&body)
        .map_err(|e| DeliveryError::permanent(format!("cannot serialize message: {e}")))
}

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
    pub snippet: String,
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
    pub fn new(message: &Outgoing) -> Result<View, DeliveryError> {
        let mut alerts = super::template::payload_values(message)?
            .iter()
            .map(alert_view)
            .collect::<Vec<_>>();
        if alerts.is_empty() {
            return Err(DeliveryError::permanent("message has no alert payload"));
        }
        let total = alerts.len();
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let (kind, heading, folded) = match &message.kind {
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

    fn single(&self) -> bool {
        matches!(self.kind, ViewKind::Alert | ViewKind::Test)
    }

    /// (topic, alerts) runs, in order; digests are sorted by topic.
    fn groups(&self) -> Vec<(&str, Vec<&AlertView>)> {
        let mut groups: Vec<(&str, Vec<&AlertView>)> = Vec::new();
        for alert in &self.alerts {
            match groups.last_mut() {
                Some((topic, list)) if *topic == alert.topic => list.push(alert),
                _ => groups.push((&alert.topic, vec![alert])),
            }
        }
        groups
    }

    fn more_line(&self) -> Option<String> {
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

fn alert_view(value: &Value) -> AlertView {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("").to_string();
    let item = value.get("item");
    let published = item
        .and_then(|i| i.get("published"))
        .and_then(Value::as_str);
    let detected = value.get("detected_at").and_then(Value::as_str);
    let parsed = published
        .or(detected)
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc));
    let when = match (parsed, published.is_some()) {
        (Some(t), true) => t.format("%Y-%m-%d %H:%M UTC").to_string(),
        (Some(t), false) => format!("detected {}", t.format("%Y-%m-%d %H:%M UTC")),
        (None, _) => String::new(),
    };
    let title = text(item.and_then(|i| i.get("title")));
    AlertView {
        topic: text(value.get("topic")),
        title: if title.trim().is_empty() {
            "(untitled)".to_string()
        } else {
            title
        },
        link: item
            .and_then(|i| i.get("link"))
            .and_then(Value::as_str)
            .filter(|l| is_http_link(l))
            .map(str::to_string),
        feed: text(item.and_then(|i| i.get("feed"))),
        when,
        timestamp: parsed.map(rfc3339),
        snippet: excerpt(
            &title_for_excerpt(item),
            &text(value.get("snippet")),
            &text(item.and_then(|i| i.get("summary"))),
        ),
    }
}

fn title_for_excerpt(item: Option<&Value>) -> String {
    item.and_then(|i| i.get("title"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
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
fn cut_bytes(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max.saturating_sub('…'.len_utf8());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

// ---- Slack ------------------------------------------------------------------

/// Slack mrkdwn: only `&`, `<` and `>` are special (they make links and mentions).
fn slack_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn slack_link(alert: &AlertView) -> String {
    let title = slack_escape(&alert.title);
    match &alert.link {
        Some(link) => format!(
            "<{}|{}>",
            link.replace('|', "%7C")
                .replace('>', "%3E")
                .replace('<', "%3C"),
            title
        ),
        None => title,
    }
}

fn slack_snippet(snippet: &str) -> String {
    slack_escape(snippet).replace("**", "*")
}

/// A Slack incoming-webhook body: `text` (the notification fallback) and
/// `blocks` (header, one section per alert, context lines).
pub(crate) fn slack(view: &View) -> Value {
    let mut blocks = vec![json!({
        "type": "header",
        "text": { "type": "plain_text", "text": cut(&view.heading, 150), "emoji": true }
    })];
    for (topic, alerts) in view.groups() {
        if !view.single() {
            blocks.push(json!({
                "type": "context",
                "elements": [{ "type": "mrkdwn", "text": cut(&format!("*Topic:* {}", slack_escape(topic)), 3000) }]
            }));
        }
        for alert in alerts {
            let mut text = format!("*{}*", slack_link(alert));
            if !alert.snippet.is_empty() && view.single() {
                text.push('\n');
                text.push_str(&slack_snippet(&alert.snippet));
            }
            blocks.push(json!({
                "type": "section",
                "text": { "type": "mrkdwn", "text": cut(&text, 3000) }
            }));
            let meta = [
                view.single().then(|| format!("Topic: {}", alert.topic)),
                (!alert.feed.is_empty()).then(|| format!("Source: {}", alert.feed)),
                (!alert.when.is_empty()).then(|| alert.when.clone()),
            ];
            let meta: Vec<String> = meta.into_iter().flatten().collect();
            if !meta.is_empty() {
                blocks.push(json!({
                    "type": "context",
                    "elements": [{ "type": "mrkdwn", "text": cut(&slack_escape(&meta.join(" · ")), 3000) }]
                }));
            }
        }
    }
    if let Some(more) = view.more_line() {
        blocks.push(json!({
            "type": "context",
            "elements": [{ "type": "mrkdwn", "text": more }]
        }));
    }
    blocks.truncate(50);
    let fallback = match view.kind {
        ViewKind::Alert | ViewKind::Test => {
            let alert = &view.alerts[0];
            format!(
                "{}: {}{}",
                view.heading,
                alert.title,
                alert
                    .link
                    .as_deref()
                    .map(|l| format!(" {l}"))
                    .unwrap_or_default()
            )
        }
        ViewKind::Digest | ViewKind::Summary => view.heading.clone(),
    };
    json!({
        "text": cut(&slack_escape(&fallback), 3000),
        "blocks": blocks,
        "unfurl_links": false,
        "unfurl_media": false,
    })
}

// ---- Markdown (Discord, Mattermost) -------------------------------------------

/// Escapes CommonMark/Discord markup in untrusted text and defuses
/// `@everyone`-style mentions with a zero-width space.
fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '~' | '[' | ']' | '(' | ')' | '#' | '>' | '<' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '@' => out.push_str("@\u{200B}"),
            c => out.push(c),
        }
    }
    out
}

/// A snippet with its `**match**` markers kept and everything else escaped.
fn md_snippet(snippet: &str) -> String {
    let parts: Vec<&str> = snippet.split("**").collect();
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(if parts.len() % 2 == 1 || i + 1 < parts.len() {
                "**"
            } else {
                "\\*\\*"
            });
        }
        out.push_str(&md_escape(part));
    }
    out
}

fn md_link(alert: &AlertView) -> String {
    match &alert.link {
        // `<...>` around the URL lets it hold parentheses.
        Some(link) => format!(
            "[{}](<{}>)",
            md_escape(&alert.title),
            link.replace('>', "%3E")
        ),
        None => md_escape(&alert.title),
    }
}

fn md_meta(alert: &AlertView, with_topic: bool) -> String {
    let parts = [
        with_topic.then(|| format!("Topic: {}", alert.topic)),
        (!alert.feed.is_empty()).then(|| format!("Source: {}", alert.feed)),
        (!alert.when.is_empty()).then(|| alert.when.clone()),
    ];
    parts
        .into_iter()
        .flatten()
        .map(|p| md_escape(&p))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A digest or summary as a Markdown list grouped by topic.
fn md_list(view: &View, max_units: usize) -> String {
    let mut out = String::new();
    let mut units = 0;
    let mut listed = 0;
    // Room for the "…and N more" line.
    let reserve = 40;
    'groups: for (topic, alerts) in view.groups() {
        let header = format!("**{}**\n", md_escape(topic));
        let header_units = header.encode_utf16().count();
        if units + header_units + reserve > max_units {
            break;
        }
        out.push_str(&header);
        units += header_units;
        for alert in alerts {
            let line = format!("- {} — {}\n", md_link(alert), md_meta(alert, false));
            let line_units = line.encode_utf16().count();
            if units + line_units + reserve > max_units {
                break 'groups;
            }
            out.push_str(&line);
            units += line_units;
            listed += 1;
        }
    }
    let more = view.more + (view.alerts.len() - listed);
    if more > 0 {
        out.push_str(&format!("…and {more} more"));
    }
    cut(out.trim_end(), max_units)
}

/// A Discord webhook body: `content` (≤ 2000) and one embed (title ≤ 256,
/// description ≤ 4096, fields ≤ 1024), with mentions disabled.
pub(crate) fn discord(view: &View) -> Value {
    let color = if view.kind == ViewKind::Test {
        0xF1C40F
    } else {
        0x3498DB
    };
    let content = match view.kind {
        ViewKind::Test => "🧪 **TEST** — feedwatch test message, no action needed.".to_string(),
        _ => format!("**{}**", md_escape(&view.heading)),
    };
    let embed = if view.single() {
        let alert = &view.alerts[0];
        let mut embed = json!({
            "title": cut(&alert.title, 256),
            "description": cut(&md_snippet(&alert.snippet), 4096),
            "color": color,
            "fields": [
                { "name": "Topic", "value": cut(&non_empty(&alert.topic), 1024), "inline": true },
                { "name": "Source", "value": cut(&non_empty(&alert.feed), 1024), "inline": true },
            ],
            "footer": { "text": "feedwatch" },
        });
        if let Some(link) = &alert.link {
            embed["url"] = json!(link);
        }
        if let Some(ts) = &alert.timestamp {
            embed["timestamp"] = json!(ts);
        }
        embed
    } else {
        json!({
            "title": cut(&view.heading, 256),
            "description": md_list(view, 4096),
            "color": color,
            "footer": { "text": "feedwatch" },
        })
    };
    json!({
        "content": cut(&content, 2000),
        "embeds": [embed],
        "allowed_mentions": { "parse": [] },
    })
}

fn non_empty(text: &str) -> String {
    if text.trim().is_empty() {
        "—".to_string()
    } else {
        text.to_string()
    }
}

/// A Mattermost incoming-webhook body: `text` in Markdown.
pub(crate) fn mattermost(view: &View) -> Value {
    let mut text = format!("#### {}\n", md_escape(&view.heading));
    if view.single() {
        let alert = &view.alerts[0];
        text.push_str(&format!("**{}**\n", md_link(alert)));
        if !alert.snippet.is_empty() {
            text.push_str(&md_snippet(&alert.snippet));
            text.push('\n');
        }
        text.push_str(&format!("_{}_", md_meta(alert, true)));
    } else {
        text.push_str(&md_list(view, 15_000));
    }
    json!({ "text": cut(&text, 16_000) })
}

// ---- Microsoft Teams -------------------------------------------------------------

fn teams_text(text: &str) -> String {
    // TextBlock renders a little Markdown; brackets would make links.
    text.replace('[', "(").replace(']', ")")
}

/// A Teams Workflows webhook body: a message with one Adaptive Card 1.4.
pub(crate) fn teams(view: &View) -> Value {
    let mut body = vec![json!({
        "type": "TextBlock",
        "text": cut(&teams_text(&view.heading), 500),
        "weight": "Bolder",
        "size": "Medium",
        "wrap": true,
        "color": if view.kind == ViewKind::Test { "Warning" } else { "Default" },
    })];
    let mut actions = Vec::new();
    if view.single() {
        let alert = &view.alerts[0];
        body.push(json!({
            "type": "TextBlock",
            "text": cut(&teams_text(&alert.title), 1000),
            "weight": "Bolder",
            "wrap": true,
        }));
        let mut facts = vec![json!({ "title": "Topic", "value": alert.topic })];
        if !alert.feed.is_empty() {
            facts.push(json!({ "title": "Source", "value": alert.feed }));
        }
        if !alert.when.is_empty() {
            facts.push(json!({ "title": "Time", "value": alert.when }));
        }
        body.push(json!({ "type": "FactSet", "facts": facts }));
        if !alert.snippet.is_empty() {
            body.push(json!({
                "type": "TextBlock",
                "text": cut(&teams_text(&alert.snippet), 2000),
                "wrap": true,
            }));
        }
        if let Some(link) = &alert.link {
            actions.push(json!({ "type": "Action.OpenUrl", "title": "Open story", "url": link }));
        }
    } else {
        for (topic, alerts) in view.groups() {
            body.push(json!({
                "type": "TextBlock",
                "text": cut(&teams_text(topic), 200),
                "weight": "Bolder",
                "spacing": "Medium",
                "wrap": true,
            }));
            for alert in alerts {
                let title = cut(&teams_text(&alert.title), 500);
                let text = match &alert.link {
                    Some(link) => format!("[{title}]({})", link.replace(')', "%29")),
                    None => title,
                };
                body.push(json!({ "type": "TextBlock", "text": text, "wrap": true }));
                let meta = md_meta_plain(alert);
                if !meta.is_empty() {
                    body.push(json!({
                        "type": "TextBlock",
                        "text": teams_text(&meta),
                        "isSubtle": true,
                        "spacing": "None",
                        "size": "Small",
                        "wrap": true,
                    }));
                }
            }
        }
        if let Some(more) = view.more_line() {
            body.push(json!({ "type": "TextBlock", "text": more, "isSubtle": true, "wrap": true }));
        }
    }
    let mut card = json!({
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
        "msteams": { "width": "Full" },
    });
    if !actions.is_empty() {
        card["actions"] = Value::Array(actions);
    }
    json!({
        "type": "message",
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "contentUrl": null,
            "content": card,
        }],
    })
}

fn md_meta_plain(alert: &AlertView) -> String {
    [alert.feed.as_str(), alert.when.as_str()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

// ---- ntfy ---------------------------------------------------------------------

/// An ntfy JSON publish body (POSTed to the server's root URL).
pub(crate) fn ntfy(view: &View, topic: &str) -> Value {
    let plain = |s: &str| s.replace("**", "");
    let (title, message, click) = if view.single() {
        let alert = &view.alerts[0];
        let mut message = String::new();
        if view.kind == ViewKind::Test {
            message.push_str("This is a test message from feedwatch; no action needed.\n\n");
        }
        message.push_str(&alert.title);
        if !alert.snippet.is_empty() && alert.snippet.replace("**", "") != alert.title {
            message.push_str("\n\n");
            message.push_str(&plain(&alert.snippet));
        }
        message.push_str(&format!("\n\n{}", md_meta_plain_with_topic(alert)));
        let title = match view.kind {
            ViewKind::Test => view.heading.clone(),
            _ => format!("{}: {}", alert.topic, alert.title),
        };
        (title, message, alert.link.clone())
    } else {
        let mut message = String::new();
        for (topic, alerts) in view.groups() {
            message.push_str(&format!("{topic}:\n"));
            for alert in alerts {
                message.push_str(&format!("• {}", alert.title));
                if let Some(link) = &alert.link {
                    message.push_str(&format!(" {link}"));
                }
                message.push('\n');
            }
        }
        if let Some(more) = view.more_line() {
            message.push_str(&more);
        }
        (view.heading.clone(), message, None)
    };
    let tags = match view.kind {
        ViewKind::Test => vec!["test_tube"],
        _ => vec!["newspaper"],
    };
    let mut body = json!({
        "topic": topic,
        "title": cut(&title, 250),
        "message": cut_bytes(message.trim_end(), 4000),
        "tags": tags,
    });
    if let Some(click) = click {
        body["click"] = json!(click);
    }
    body
}

fn md_meta_plain_with_topic(alert: &AlertView) -> String {
    let mut parts = vec![format!("Topic: {}", alert.topic)];
    if !alert.feed.is_empty() {
        parts.push(format!("Source: {}", alert.feed));
    }
    if !alert.when.is_empty() {
        parts.push(alert.when.clone());
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alert::sink::template::SAMPLE_PAYLOAD;

    fn message(kind: OutgoingKind, n: usize) -> Outgoing {
        Outgoing {
            delivery_id: "dlv-1".into(),
            kind,
            alerts: vec![SAMPLE_PAYLOAD.to_string(); n],
        }
    }

    #[test]
    fn json_alert_is_the_payload_verbatim() {
        assert_eq!(
            json_body(&message(OutgoingKind::Alert, 1)),
            Ok(SAMPLE_PAYLOAD.to_string())
        );
    }

    #[test]
    fn json_test_adds_the_flag_and_keeps_the_rest() {
        let body = json_body(&message(OutgoingKind::Test, 1)).expect("body");
        assert!(body.starts_with("{\"test\":true,\"version\":1,"), "{body}");
        let value: Value = serde_json::from_str(&body).expect("valid JSON");
        assert_eq!(value["test"], json!(true));
        assert_eq!(value["topic"], json!("defense-ai-contracts"));
        assert_eq!(mark_test("{ }"), Ok("{\"test\":true}".to_string()));
    }

    #[test]
    fn json_digest_and_summary_envelopes() {
        let since = DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default();
        let until = since + chrono::TimeDelta::hours(24);
        let body = json_body(&message(OutgoingKind::Digest { since, until }, 2)).expect("body");
        assert!(body.starts_with(
            "{\"version\":1,\"kind\":\"digest\",\"id\":\"dlv-1\",\"since\":\"2023-11-14T22:13:20Z\",\"until\":\"2023-11-15T22:13:20Z\",\"alerts\":[{\"version\":1,"
        ), "{body}");
        assert!(body.contains(SAMPLE_PAYLOAD));
        let summary = json_body(&message(
            OutgoingKind::Summary {
                topic: "t".into(),
                folded: 7,
            },
            1,
        ))
        .expect("body");
        assert!(summary.starts_with(
            "{\"version\":1,\"kind\":\"summary\",\"id\":\"dlv-1\",\"topic\":\"t\",\"folded\":7,\"alerts\":["
        ), "{summary}");
        let broken = Outgoing {
            alerts: vec!["{nope".into()],
            ..message(
                OutgoingKind::Summary {
                    topic: "t".into(),
                    folded: 0,
                },
                0,
            )
        };
        assert!(matches!(
            json_body(&broken),
            Err(DeliveryError::Permanent { .. })
        ));
    }

    #[test]
    fn cuts_by_utf16_units() {
        assert_eq!(cut("abcdef", 6), "abcdef");
        assert_eq!(cut("abcdefg", 6), "abcde…");
        let emoji = "😀".repeat(10); // 2 units each
        assert!(cut(&emoji, 7).encode_utf16().count() <= 7);
        assert_eq!(cut_bytes("ééé", 5), "é…");
    }

    #[test]
    fn markdown_is_escaped_but_highlights_survive() {
        assert_eq!(
            md_escape("[x](y) @everyone"),
            "\\[x\\]\\(y\\) @\u{200B}everyone"
        );
        assert_eq!(md_snippet("a **b** c"), "a **b** c");
        assert_eq!(md_snippet("a **b_c"), "a \\*\\*b\\_c");
        assert_eq!(slack_snippet("<!channel> **x**"), "&lt;!channel&gt; *x*");
    }

    #[test]
    fn digests_are_grouped_and_capped() {
        let since = DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default();
        let mut m = message(
            OutgoingKind::Digest {
                since,
                until: since,
            },
            25,
        );
        m.alerts[3] = SAMPLE_PAYLOAD.replace("defense-ai-contracts", "aaa-first");
        let view = View::new(&m).expect("view");
        assert_eq!(view.alerts.len(), MAX_LISTED);
        assert_eq!(view.more, 5);
        assert_eq!(view.alerts[0].topic, "aaa-first");
        assert_eq!(view.alerts[1].topic, "defense-ai-contracts");
        let discord = discord(&view);
        let description = discord["embeds"][0]["description"].as_str().unwrap_or("");
        assert!(description.starts_with("**aaa-first**"), "{description}");
        assert!(description.ends_with("…and 5 more"), "{description}");
    }
}
