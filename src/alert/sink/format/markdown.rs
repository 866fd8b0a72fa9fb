//! Markdown shared by the Discord and Mattermost presets (and the plain
//! meta lines of Teams and ntfy): escaping untrusted text, links, lists.

use super::view::{AlertView, View, cut};

/// Escapes CommonMark/Discord markup in untrusted text and defuses
/// `@everyone`-style mentions with a zero-width space.
pub(super) fn md_escape(text: &str) -> String {
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
pub(super) fn md_snippet(snippet: &str) -> String {
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

pub(super) fn md_link(alert: &AlertView) -> String {
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

pub(super) fn md_meta(alert: &AlertView, with_topic: bool) -> String {
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
pub(super) fn md_list(view: &View, max_units: usize) -> String {
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

pub(super) fn non_empty(text: &str) -> String {
    if text.trim().is_empty() {
        "—".to_string()
    } else {
        text.to_string()
    }
}

pub(super) fn md_meta_plain(alert: &AlertView) -> String {
    [alert.feed.as_str(), alert.when.as_str()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

pub(super) fn md_meta_plain_with_topic(alert: &AlertView) -> String {
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

    #[test]
    fn markdown_is_escaped_but_highlights_survive() {
        assert_eq!(
            md_escape("[x](y) @everyone"),
            "\\[x\\]\\(y\\) @\u{200B}everyone"
        );
        assert_eq!(md_snippet("a **b** c"), "a **b** c");
        assert_eq!(md_snippet("a **b_c"), "a \\*\\*b\\_c");
    }
}
