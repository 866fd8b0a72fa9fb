//! The ntfy preset: a JSON publish body, POSTed to the server's root URL.

use serde_json::{Value, json};

use super::markdown::md_meta_plain_with_topic;
use super::view::{View, ViewKind, cut, cut_bytes};

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
        if let Some(model) = &alert.model {
            message.push_str(&format!("\n{model}"));
        }
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
    // Buttons under the notification (ntfy "view" actions, at most 3).
    if view.single()
        && let Some((relevant, irrelevant)) = &view.alerts[0].feedback
    {
        body["actions"] = json!([
            { "action": "view", "label": "Relevant", "url": relevant, "clear": true },
            { "action": "view", "label": "Not relevant", "url": irrelevant, "clear": true },
        ]);
    }
    body
}
