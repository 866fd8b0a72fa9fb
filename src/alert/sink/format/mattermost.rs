//! The Mattermost preset: an incoming-webhook body in Markdown.

use serde_json::{Value, json};

use super::markdown::{md_escape, md_link, md_list, md_meta, md_snippet};
use super::view::{View, cut};

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
        if let Some(model) = &alert.model {
            text.push_str(&format!("\n{}", md_escape(model)));
        }
        if let Some((relevant, irrelevant)) = &alert.feedback {
            text.push_str(&format!(
                "\n[Relevant](<{}>) · [Not relevant](<{}>)",
                relevant.replace('>', "%3E"),
                irrelevant.replace('>', "%3E")
            ));
        }
    } else {
        text.push_str(&md_list(view, 15_000));
    }
    json!({ "text": cut(&text, 16_000) })
}
