//! The `feed` stage: fetched bytes in, normalized `model::Entry`s out.
//!
//! Pipeline inside `parse_feed`:
//! 1. `encoding`: detect the charset (BOM > HTTP/XML-declaration rules of
//!    RFC 3023 as feedparser applies them) and decode to UTF-8 ourselves,
//!    lossily, then make the XML declaration say UTF-8;
//! 2. HTML pages are answered with `NotAFeed` plus the feeds they advertise
//!    (`discover`);
//! 3. `dialect` upgrades Atom 0.3 and RSS 0.90, which feed-rs would read as
//!    empty feeds; misplaced `<?xml ...?>` declarations are removed (they
//!    make quick-xml panic);
//! 4. feed-rs parses, inside `catch_unwind`; on failure `repair` fixes the
//!    usual publisher mistakes (bare `&`, HTML entities, bad character
//!    references, control characters, odd Atom `type`s, `<rss>` without a
//!    version, JSON Feed without version/title) and we retry once;
//! 5. every feed-rs entry becomes a `model::Entry` with plain-text fields
//!    (`html`), absolute links and the publisher's own id only.
//!
//! Invariants: pure (no IO, no clock); never panics, whatever the bytes (a
//! panic inside feed-rs/quick-xml is caught and reported as
//! `ParseError::Panicked`); at most `MAX_ENTRIES` entries are returned;
//! `Entry::guid` is `None` whenever the document carried no id (feed-rs's
//! invented ids are never exposed).

mod channel;
mod dialect;
mod discover;
mod encoding;
mod entities;
mod html;
mod repair;

use std::panic::{AssertUnwindSafe, catch_unwind};

use feed_rs::model::{Feed as RawFeed, FeedType, LinkTarget};
use url::Url;

use crate::model::{Entry, ParsedFeed};

pub use discover::{FeedLink, discover_feed_links};
pub use encoding::{Decoded, decode};
pub use html::{decode_entities, html_to_text};

/// Most entries returned for one document; more is either an archive dump
/// or an attack, and nothing downstream needs them.
pub const MAX_ENTRIES: usize = 10_000;

/// Why a document yielded no feed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParseError {
    /// The document is an HTML page, not a feed; it may advertise feeds.
    #[error("not a feed but an HTML page; {}", describe_links(.feed_links))]
    NotAFeed { feed_links: Vec<FeedLink> },
    /// The body is empty or only whitespace.
    #[error("empty document")]
    Empty,
    /// The document could not be parsed, even after repairs.
    #[error("malformed feed: {0}")]
    Malformed(String),
    /// The parser panicked on this document; the panic was caught.
    #[error("feed parser panicked: {0}")]
    Panicked(String),
}

fn describe_links(links: &[FeedLink]) -> String {
    if links.is_empty() {
        return "it advertises no feed links".to_string();
    }
    let list: Vec<String> = links
        .iter()
        .map(|l| format!("{} ({})", l.url, l.kind))
        .collect();
    format!("it advertises these feeds: {}", list.join(", "))
}

/// Parses one fetched document. `content_type` is the HTTP `Content-Type`
/// header; `base_url` (the URL the document came from) resolves relative
/// links.
pub fn parse_feed(
    body: &[u8],
    content_type: Option<&str>,
    base_url: &str,
) -> Result<ParsedFeed, ParseError> {
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ParseError::Empty);
    }
    let decoded = encoding::decode(body, content_type);
    let mut repairs = decoded.repairs;
    let text = encoding::rewrite_declaration(&decoded.text);
    if text.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    if looks_like_html(&text) {
        return Err(ParseError::NotAFeed {
            feed_links: discover_feed_links(text.as_bytes(), base_url),
        });
    }
    let is_json = text.starts_with('{');
    let text = match (is_json, repair::remove_misplaced_declarations(&text)) {
        (false, Some((fixed, sentence))) => {
            repairs.push(sentence);
            fixed
        }
        _ => text,
    };
    // Atom 0.3 and RSS 0.90 would parse to empty feeds: upgrade them first.
    let text = match is_json {
        false => dialect::upgrade(&text).unwrap_or(text),
        true => text,
    };

    let (raw, text) = match parse_guarded(&text, base_url) {
        Ok(raw) => (raw, text),
        Err(first_error) => {
            let repaired = if is_json {
                match repair::repair_json(&text) {
                    Some(r) => r,
                    None => return Err(first_error),
                }
            } else {
                repair::repair_xml(&text)
            };
            if repaired.repairs.is_empty() {
                return Err(first_error);
            }
            match parse_guarded(&repaired.text, base_url) {
                Ok(raw) => {
                    repairs.extend(repaired.repairs);
                    (raw, repaired.text)
                }
                // A panic either time is the more important fact to report.
                Err(e @ ParseError::Panicked(_)) => return Err(e),
                Err(_) => return Err(first_error),
            }
        }
    };
    Ok(normalize(raw, &text, base_url, repairs))
}

/// True when the document starts (after a prolog) like an HTML page.
fn looks_like_html(text: &str) -> bool {
    let start = repair::find_root_start(text).unwrap_or(0);
    // The DOCTYPE sits in the prolog that `find_root_start` skips.
    let prolog = text[..start].to_ascii_lowercase();
    let root: String = text[start..]
        .chars()
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    prolog.contains("<!doctype html")
        || root.starts_with("<html")
        || root.starts_with("<head")
        || root.starts_with("<body")
}

/// Runs feed-rs on UTF-8 text, turning errors and panics into `ParseError`.
fn parse_guarded(text: &str, base_url: &str) -> Result<RawFeed, ParseError> {
    let base = (!base_url.is_empty()).then_some(base_url);
    // An id generator that generates nothing: entries keep an empty id when
    // the document has none, which is how we tell publisher ids from
    // feed-rs's invented ones (a link+title hash or a random UUID).
    let parser = feed_rs::parser::Builder::new()
        .base_uri(base)
        .sanitize_content(false)
        .id_generator(|_, _, _| String::new())
        .build();
    // The panic hook still prints the message (a global hook would race with
    // other threads); the panic itself stops here.
    match catch_unwind(AssertUnwindSafe(|| parser.parse(text.as_bytes()))) {
        Ok(Ok(feed)) => Ok(feed),
        Ok(Err(e)) => Err(ParseError::Malformed(e.to_string())),
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic payload".to_string());
            Err(ParseError::Panicked(msg))
        }
    }
}

/// Maps feed-rs's model to ours.
fn normalize(raw: RawFeed, text: &str, base_url: &str, mut repairs: Vec<String>) -> ParsedFeed {
    let base = Url::parse(base_url).ok();
    let total = raw.entries.len();
    if total > MAX_ENTRIES {
        repairs.push(format!("kept the first {MAX_ENTRIES} of {total} entries"));
    }
    let is_rss = matches!(
        raw.feed_type,
        FeedType::RSS0 | FeedType::RSS1 | FeedType::RSS2
    );
    let entries = raw
        .entries
        .into_iter()
        .take(MAX_ENTRIES)
        .map(|e| normalize_entry(e, base.as_ref(), is_rss))
        .collect();
    let (skip_hours, skip_days) = match raw.feed_type {
        FeedType::RSS0 | FeedType::RSS1 | FeedType::RSS2 => channel::skip_hints(text),
        FeedType::Atom | FeedType::JSON => (Vec::new(), Vec::new()),
    };
    ParsedFeed {
        title: raw
            .title
            .map(|t| html_to_text(&t.content))
            .filter(|t| !t.is_empty()),
        entries,
        repairs,
        ttl_minutes: raw.ttl,
        skip_hours,
        skip_days,
    }
}

fn normalize_entry(e: feed_rs::model::Entry, base: Option<&Url>, is_rss: bool) -> Entry {
    let guid = Some(e.id.trim().to_string()).filter(|id| !id.is_empty());
    // An RSS item without <link> whose guid is a web URL: the guid is the
    // permalink (RSS 2.0's isPermaLink defaults to true; feed-rs does not
    // expose the attribute, and a URL guid is a permalink in practice).
    let guid_link = || {
        guid.as_deref()
            .filter(|_| is_rss)
            .and_then(|g| Url::parse(g).ok())
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .map(String::from)
    };
    let link = entry_link(&e.links)
        .and_then(|href| absolute(href, base))
        .or_else(guid_link);
    let author = e.authors.iter().find_map(|p| {
        // feed-rs splits RSS's `jane@example.com (Jane)` into an email
        // and the name "(Jane)"; the parentheses are not part of it.
        let name = p
            .name
            .as_deref()
            .map(|n| html_to_text(n.trim().trim_start_matches('(').trim_end_matches(')')))
            .filter(|n| !n.is_empty());
        name.or_else(|| {
            p.email
                .as_deref()
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(str::to_string)
        })
    });
    let mut categories: Vec<String> = Vec::new();
    for c in &e.categories {
        let label = c
            .label
            .as_deref()
            .filter(|l| !l.trim().is_empty())
            .unwrap_or(&c.term);
        let label = html_to_text(label);
        if !label.is_empty() && !categories.contains(&label) {
            categories.push(label);
        }
    }
    Entry {
        guid,
        link,
        title: e
            .title
            .as_ref()
            .map(|t| html_to_text(&t.content))
            .unwrap_or_default(),
        summary: e
            .summary
            .as_ref()
            .map(|t| html_to_text(&t.content))
            .unwrap_or_default(),
        content: e
            .content
            .as_ref()
            .and_then(|c| c.body.as_deref())
            .map(html_to_text)
            .unwrap_or_default(),
        author,
        categories,
        published: e.published.or(e.updated),
    }
}

/// The entry's main link: the first `alternate` (or rel-less) link that is
/// not a comments link, preferring HTML over other media types.
fn entry_link(links: &[feed_rs::model::Link]) -> Option<&str> {
    let candidates: Vec<&feed_rs::model::Link> = links
        .iter()
        .filter(|l| {
            l.rel
                .as_deref()
                .is_none_or(|r| r.eq_ignore_ascii_case("alternate"))
        })
        .filter(|l| {
            !matches!(
                l.target,
                Some(LinkTarget::Comments | LinkTarget::CommentsFeed)
            )
        })
        .filter(|l| !l.href.trim().is_empty())
        .collect();
    let html = candidates.iter().find(|l| {
        l.media_type.as_deref().is_none_or(|m| {
            let m = m.to_ascii_lowercase();
            m.starts_with("text/html") || m.starts_with("application/xhtml")
        })
    });
    html.or(candidates.first()).map(|l| l.href.as_str())
}

/// Resolves `href` against `base`. Without a usable base a relative href is
/// kept as written rather than lost (the caller passed no URL to resolve
/// against, which only tests do).
fn absolute(href: &str, base: Option<&Url>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    match Url::parse(href) {
        Ok(u) => Some(u.to_string()),
        Err(_) => match base.map(|b| b.join(href)) {
            Some(Ok(u)) => Some(u.to_string()),
            _ => Some(href.to_string()),
        },
    }
}

#[cfg(test)]
mod tests;
