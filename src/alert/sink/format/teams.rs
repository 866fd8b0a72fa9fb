//! The Microsoft Teams preset: a Workflows webhook message carrying one
//! Adaptive Card 1.4.

use serde_json::{Value, json};

use super::markdown::md_meta_plain;
use super::view::{View, ViewKind, cut};

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
        if let Some(model) = &alert.model {
            body.push(json!({
                "type": "TextBlock",
                "text": cut(&teams_text(model), 200),
                "isSubtle": true,
                "wrap": true,
            }));
        }
        if let Some(link) = &alert.link {
            actions.push(json!({ "type": "Action.OpenUrl", "title": "Open story", "url": link }));
        }
        if let Some((relevant, irrelevant)) = &alert.feedback {
            actions.push(json!({ "type": "Action.OpenUrl", "title": "Relevant", "url": relevant }));
            actions.push(
                json!({ "type": "Action.OpenUrl", "title": "Not relevant", "url": irrelevant }),
            );
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
