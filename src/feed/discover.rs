//! Feed autodiscovery: `<link rel="alternate" type="application/rss+xml">`
//! and friends in an HTML page.
//!
//! A lexical scan of `<link>` and `<base>` tags, not an HTML parser: pages
//! are untrusted and often broken, and this needs only attributes. Tags
//! inside comments and `<script>` are ignored.
//!
//! Invariant: total over any bytes; returned URLs are absolute (links that
//! cannot be resolved are skipped) and unique, in document order.

use url::Url;

use super::html::{decode_entities, skip_element_contents};

/// A feed advertised by an HTML page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedLink {
    /// Absolute URL of the feed.
    pub url: String,
    pub title: Option<String>,
    /// The advertised media type, lower-case (`application/rss+xml`, ...).
    pub kind: String,
}

const FEED_TYPES: &[&str] = &[
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
    "application/x-rss+xml",
    "application/x-atom+xml",
    "text/xml",
];

/// Finds the feeds an HTML page links to, resolved against `<base href>` if
/// present, else `base_url`.
pub fn discover_feed_links(html: &[u8], base_url: &str) -> Vec<FeedLink> {
    let text = String::from_utf8_lossy(html);
    let mut base = Url::parse(base_url).ok();
    let mut links: Vec<FeedLink> = Vec::new();
    for tag in tags(&text) {
        let (name, attrs) = tag;
        match name.as_str() {
            "base" => {
                if let Some(href) = attr(attrs, "href") {
                    let resolved = match &base {
                        Some(b) => b.join(&href).ok(),
                        None => Url::parse(&href).ok(),
                    };
                    if resolved.is_some() {
                        base = resolved;
                    }
                }
            }
            "link" => {
                let rel = attr(attrs, "rel").unwrap_or_default().to_ascii_lowercase();
                if !rel.split_ascii_whitespace().any(|r| r == "alternate") {
                    continue;
                }
                let kind = attr(attrs, "type")
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase();
                let kind = kind.split(';').next().unwrap_or("").trim().to_string();
                if !FEED_TYPES.contains(&kind.as_str()) {
                    continue;
                }
                let Some(href) = attr(attrs, "href")
                    .map(|h| h.trim().to_string())
                    .filter(|h| !h.is_empty())
                else {
                    continue;
                };
                let resolved = match &base {
                    Some(b) => b.join(&href),
                    None => Url::parse(&href),
                };
                let Ok(url) = resolved else { continue };
                let url = url.to_string();
                if links.iter().any(|l| l.url == url) {
                    continue;
                }
                let title = attr(attrs, "title")
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty());
                links.push(FeedLink { url, title, kind });
            }
            _ => {}
        }
    }
    links
}

/// Iterates over `(lower-case tag name, attribute text)` of opening tags,
/// skipping comments and script/style bodies.
fn tags(text: &str) -> Vec<(String, &str)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(pos) = text[i..].find('<') {
        let at = i + pos;
        let rest = &text[at..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(text.len(), |p| at + p + 3);
            continue;
        }
        let name_len = rest[1..]
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            i = at + 1;
            continue;
        }
        let name = rest[1..1 + name_len].to_ascii_lowercase();
        let Some(end) = rest.find('>') else { break };
        let attrs = &rest[1 + name_len..end];
        i = at + end + 1;
        if name == "script" || name == "style" {
            i = skip_element_contents(text, i, &name);
            continue;
        }
        if name == "body" {
            // Feed links live in <head>; stop before the (large) body.
            break;
        }
        out.push((name, attrs));
    }
    out
}

/// Value of an attribute (quoted or not), entity-decoded.
fn attr(attrs: &str, name: &str) -> Option<String> {
    let bytes = attrs.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        let key_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && bytes[i] != b'='
            && bytes[i] != b'/'
        {
            i += 1;
        }
        let key = &attrs[key_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = None;
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let q = bytes[i];
                let start = i + 1;
                let end = attrs[start..]
                    .bytes()
                    .position(|c| c == q)
                    .map_or(attrs.len(), |p| start + p);
                value = Some(&attrs[start..end]);
                i = (end + 1).min(bytes.len());
            } else {
                let start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = Some(&attrs[start..i]);
            }
        }
        if key.eq_ignore_ascii_case(name) {
            return Some(decode_entities(value.unwrap_or("")));
        }
        if key.is_empty() && i < bytes.len() {
            i += 1; // a stray character: skip it so the loop always advances
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_two_feeds_with_absolute_urls() {
        let html = br#"<!doctype html><html><head>
            <link rel="stylesheet" href="/s.css">
            <link rel="alternate" type="application/rss+xml" title="News &amp; more" href="/feed.xml">
            <LINK REL=alternate TYPE="application/atom+xml" HREF='atom.xml'>
            <!-- <link rel="alternate" type="application/rss+xml" href="/commented.xml"> -->
            </head><body><link rel="alternate" type="application/rss+xml" href="/late.xml"></body></html>"#;
        let links = discover_feed_links(html, "https://example.com/blog/");
        assert_eq!(
            links,
            vec![
                FeedLink {
                    url: "https://example.com/feed.xml".into(),
                    title: Some("News & more".into()),
                    kind: "application/rss+xml".into()
                },
                FeedLink {
                    url: "https://example.com/blog/atom.xml".into(),
                    title: None,
                    kind: "application/atom+xml".into()
                },
            ]
        );
    }

    #[test]
    fn base_element_and_json_feeds() {
        let html = br#"<head><base href="https://cdn.example.org/x/"><link rel="alternate feed" type="application/feed+json" href="f.json"></head>"#;
        let links = discover_feed_links(html, "https://example.com/");
        assert_eq!(links[0].url, "https://cdn.example.org/x/f.json");
        assert_eq!(links[0].kind, "application/feed+json");
    }

    #[test]
    fn relative_links_without_base_are_skipped_and_odd_input_is_fine() {
        let html = br#"<link rel="alternate" type="application/rss+xml" href="/f">"#;
        assert!(discover_feed_links(html, "").is_empty());
        for s in [
            &b"<"[..],
            b"<link",
            b"<link rel=",
            b"<link rel='",
            b"<script>",
            b"<!--",
        ] {
            assert!(discover_feed_links(s, "https://e.com/").is_empty());
        }
    }
}
