//! WebSub discovery (W3C WebSub §4): a topic's hub and self URLs, from the
//! HTTP `Link` headers first, then the document's `<atom:link>` (Atom, RSS
//! with the Atom namespace) or `<link>` (HTML) elements. Pure: bytes in,
//! URLs out.

use quick_xml::events::Event;
use url::Url;

/// What a topic advertises.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Discovered {
    pub hubs: Vec<Url>,
    /// The canonical topic URL (`rel="self"`), if given.
    pub self_url: Option<Url>,
}

/// Reads `Link` header values, then the body if the headers named no hub.
/// Relative URLs resolve against `base` (the URL the document came from).
pub fn discover(link_headers: &[String], body: &[u8], base: &Url) -> Discovered {
    let mut found = Discovered::default();
    for header in link_headers {
        for (target, rels) in parse_link_header(header) {
            let Ok(url) = base.join(&target) else {
                continue;
            };
            record(&mut found, url, &rels);
        }
    }
    // The spec gives Link headers precedence: the document is read only
    // for what the headers did not say.
    if found.hubs.is_empty() || found.self_url.is_none() {
        let from_body = discover_in_document(body, base);
        if found.hubs.is_empty() {
            found.hubs = from_body.hubs;
        }
        if found.self_url.is_none() {
            found.self_url = from_body.self_url;
        }
    }
    found
}

fn record(found: &mut Discovered, url: Url, rels: &[String]) {
    if !matches!(url.scheme(), "http" | "https") {
        return;
    }
    if rels.iter().any(|r| r == "hub") && !found.hubs.contains(&url) {
        found.hubs.push(url.clone());
    }
    if rels.iter().any(|r| r == "self") && found.self_url.is_none() {
        found.self_url = Some(url);
    }
}

/// `<url>; rel="hub self", <url2>; rel=self` → [(url, [rels])] (RFC 8288).
pub fn parse_link_header(header: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut rest = header;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let target = rest[open + 1..open + close].trim().to_string();
        rest = &rest[open + close + 1..];
        // Parameters run to the next comma that is not inside quotes.
        let mut end = rest.len();
        let mut quoted = false;
        for (i, c) in rest.char_indices() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let params = &rest[..end];
        rest = &rest[end..];
        let mut rels = Vec::new();
        for param in params.split(';') {
            let Some((key, value)) = param.split_once('=') else {
                continue;
            };
            if key.trim().eq_ignore_ascii_case("rel") {
                rels.extend(
                    value
                        .trim()
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .map(str::to_ascii_lowercase),
                );
            }
        }
        out.push((target, rels));
    }
    out
}

/// `<link rel=... href=...>` elements of any namespace (atom:link in RSS,
/// link in Atom and HTML heads), up to the first entry or item.
fn discover_in_document(body: &[u8], base: &Url) -> Discovered {
    let mut found = Discovered::default();
    let mut reader = quick_xml::Reader::from_reader(body);
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    // Bounded: discovery looks at the document's head, not its items.
    for _ in 0..10_000 {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => event,
        };
        if let Event::Start(e) | Event::Empty(e) = &event {
            let local = e.local_name();
            let name = local.as_ref().to_ascii_lowercase();
            if name == "entry" || name == "item" || name == "body" {
                break;
            }
            if name == "link" {
                let mut rel = None;
                let mut href = None;
                for attr in e.attributes().flatten() {
                    let key = attr.key.local_name().as_ref().to_ascii_lowercase();
                    let value = attr
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map(|v| v.into_owned())
                        .unwrap_or_default();
                    match key.as_str() {
                        "rel" => rel = Some(value),
                        "href" => href = Some(value),
                        _ => {}
                    }
                }
                if let (Some(rel), Some(href)) = (rel, href)
                    && let Ok(url) = base.join(href.trim())
                {
                    let rels: Vec<String> = rel
                        .split_ascii_whitespace()
                        .map(str::to_ascii_lowercase)
                        .collect();
                    record(&mut found, url, &rels);
                }
            }
        }
        buf.clear();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://blog.example.org/feed/").unwrap_or_else(|_| unreachable!())
    }

    #[test]
    fn link_headers_come_first() {
        let headers =
            vec![r#"<https://hub.example.org/>; rel="hub", </feed/atom>; rel="self""#.to_string()];
        let body = br#"<feed xmlns="http://www.w3.org/2005/Atom"><link rel="hub" href="https://other.example/"/></feed>"#;
        let found = discover(&headers, body, &base());
        assert_eq!(found.hubs.len(), 1);
        assert_eq!(found.hubs[0].as_str(), "https://hub.example.org/");
        assert_eq!(
            found.self_url.as_ref().map(Url::as_str),
            Some("https://blog.example.org/feed/atom")
        );
    }

    #[test]
    fn reads_atom_links_in_rss_and_atom() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
            <atom:link rel="hub" href="https://pubsubhubbub.appspot.com/"/>
            <atom:link rel="self" type="application/rss+xml" href="https://blog.example.org/feed/"/>
            <item><atom:link rel="hub" href="https://wrong.example/"/></item></channel></rss>"#;
        let found = discover(&[], rss, &base());
        assert_eq!(found.hubs.len(), 1);
        assert_eq!(found.hubs[0].as_str(), "https://pubsubhubbub.appspot.com/");
        assert_eq!(
            found.self_url.as_ref().map(Url::as_str),
            Some("https://blog.example.org/feed/")
        );
        let atom =
            br#"<feed xmlns="http://www.w3.org/2005/Atom"><link rel="self hub" href="/x"/></feed>"#;
        let found = discover(&[], atom, &base());
        assert_eq!(found.hubs.len(), 1);
        assert_eq!(
            found.self_url.as_ref().map(Url::as_str),
            Some("https://blog.example.org/x")
        );
    }

    #[test]
    fn link_header_parsing_handles_quotes_and_lists() {
        let parsed = parse_link_header(r#"<a>; title="x, y"; rel="hub", <b>;rel=self"#);
        assert_eq!(
            parsed,
            vec![
                ("a".to_string(), vec!["hub".to_string()]),
                ("b".to_string(), vec!["self".to_string()])
            ]
        );
        assert!(parse_link_header("garbage <unterminated").is_empty());
        assert!(discover(&[], b"\xff\xfe not xml", &base()).hubs.is_empty());
    }
}
