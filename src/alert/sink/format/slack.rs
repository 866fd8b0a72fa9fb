//! The Slack preset: an incoming-webhook body with Block Kit blocks.

use serde_json::{Value, json};

use super::view::{AlertView, View, ViewKind, cut};

/// Slack mrkdwn: only `&`, `<` and `>` are special (they make links and mentions).
fn slack_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn slack_link(alert: &AlertView) -> String {
    let title = slack_escape(&alert.title);
    match &alert.link {
        Some(link) => format!("<{}|{}>", slack_url(link), title),
        None => title,
    }
}

/// A URL inside `<url|text>`.
fn slack_url(link: &str) -> String {
    link.replace('|', "%7C")
        .replace('>', "%3E")
        .replace('<', "%3C")
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
            let mut meta: Vec<String> = meta.into_iter().flatten().collect();
            if view.single()
                && let Some(model) = &alert.model
            {
                meta.push(model.clone());
            }
            let mut meta = slack_escape(&meta.join(" · "));
            if view.single()
                && let Some((relevant, irrelevant)) = &alert.feedback
            {
                meta.push_str(&format!(
                    " · <{}|Relevant> · <{}|Not relevant>",
                    slack_url(relevant),
                    slack_url(irrelevant)
                ));
            }
            if !meta.is_empty() {
                blocks.push(json!({
                    "type": "context",
                    "elements": [{ "type": "mrkdwn", "text": cut(&meta, 3000) }]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_and_links_are_escaped() {
        assert_eq!(slack_snippet("<!channel> **x**"), "&lt;!channel&gt; *x*");
    }
}
