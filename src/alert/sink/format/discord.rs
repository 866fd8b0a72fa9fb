//! The Discord preset: `content` and one embed, mentions disabled.

use serde_json::{Value, json};

use super::markdown::{md_escape, md_list, md_snippet, non_empty};
use super::view::{View, ViewKind, cut};

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
        let mut feedback = Vec::new();
        if let Some(model) = &alert.model {
            feedback.push(md_escape(model));
        }
        if let Some((relevant, irrelevant)) = &alert.feedback {
            feedback.push(format!(
                "[Relevant](<{}>) · [Not relevant](<{}>)",
                relevant.replace('>', "%3E"),
                irrelevant.replace('>', "%3E")
            ));
        }
        if !feedback.is_empty()
            && let Some(fields) = embed["fields"].as_array_mut()
        {
            fields.push(json!({ "name": "Feedback", "value": cut(&feedback.join("\n"), 1024), "inline": false }));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alert::sink::OutgoingKind;
    use crate::alert::sink::format::MAX_LISTED;
    use crate::alert::sink::format::tests::message;
    use crate::alert::sink::template::SAMPLE_PAYLOAD;
    use chrono::DateTime;

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
