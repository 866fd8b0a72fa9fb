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
mod dates;
mod dialect;
mod discover;
mod encoding;
mod entities;
mod html;
mod json_cap;
mod repair;
mod xml_check;

use std::panic::{AssertUnwindSafe, catch_unwind};

use feed_rs::model::{Feed as RawFeed, FeedType, LinkTarget};
use url::Url;

use crate::model::{Entry, ParsedFeed};

pub use discover::{FeedLink, discover_feed_links};
pub use encoding::{Decoded, decode};
pub use html::{decode_entities, html_to_text};

/// Most entries returned for one document (the first ones, usually the
/// newest); more is either an archive dump or an attack, and nothing
/// downstream needs them. Each kept entry costs about 2 KB of memory while
/// its poll is prepared and stored, so this bounds one poll's memory too.
pub const MAX_ENTRIES: usize = 2_000;

/// Longest title kept, in bytes of plain text (longer ones are cut at a
/// character boundary and end with `…`). Limits on each field keep one
/// hostile item (a 15 MB title) from costing the matcher, the story index
/// and the database hundreds of megabytes.
pub const MAX_TITLE_BYTES: usize = 2 * 1024;
/// Longest summary kept, in bytes of plain text.
pub const MAX_SUMMARY_BYTES: usize = 64 * 1024;
/// Longest content kept, in bytes of plain text.
pub const MAX_CONTENT_BYTES: usize = 256 * 1024;
/// Longest run of XML without a `<` handed to the parser, in bytes: a text
/// node (or attribute) longer than this is cut to it before parsing, so
/// one 15 MB title is not copied several times over by the parser. Four
/// times the content cap, since markup and entities take room.
const MAX_XML_RUN_BYTES: usize = 4 * MAX_CONTENT_BYTES;
/// Bytes kept at the end of a cut run: enough for `]]>`, a closing quote
/// and `>` of an attribute, or an entity's tail.
const RUN_TAIL_BYTES: usize = 16;

/// Longest author name and category label kept, in bytes.
pub const MAX_LABEL_BYTES: usize = 256;
/// Most categories kept per entry.
pub const MAX_CATEGORIES: usize = 64;

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
    let (text, repairs) = decode_body(body, content_type)?;
    parse_text(text, repairs, base_url)
}

/// [`parse_feed`] on a body it owns, which it frees once decoded: the
/// poller's entry point, so a 16 MiB body and its decoded text are not
/// both held while the document is parsed.
pub fn parse_feed_owned(
    body: Vec<u8>,
    content_type: Option<&str>,
    base_url: &str,
) -> Result<ParsedFeed, ParseError> {
    let (text, repairs) = decode_body(&body, content_type)?;
    drop(body);
    parse_text(text, repairs, base_url)
}

/// The body as UTF-8 text whose XML declaration (if any) says UTF-8, and
/// the repairs decoding needed.
fn decode_body(
    body: &[u8],
    content_type: Option<&str>,
) -> Result<(String, Vec<String>), ParseError> {
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ParseError::Empty);
    }
    let decoded = encoding::decode(body, content_type);
    Ok((encoding::rewrite_declaration(decoded.text), decoded.repairs))
}

fn parse_text(
    text: String,
    mut repairs: Vec<String>,
    base_url: &str,
) -> Result<ParsedFeed, ParseError> {
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
    let text = match is_json {
        false => match cap_runs(&text, MAX_XML_RUN_BYTES) {
            Some((cut, runs)) => {
                repairs.push(format!(
                    "cut {runs} text run(s) longer than {MAX_XML_RUN_BYTES} bytes"
                ));
                cut
            }
            None => text,
        },
        true => text,
    };
    // More entries than are kept: cut the document before feed-rs builds
    // its model of every one of them (50,000 entries cost it hundreds of MB).
    let capped = match is_json {
        false => cap_entries(&text, MAX_ENTRIES),
        true => json_cap::cap_items(&text, MAX_ENTRIES),
    };
    let (text, counted) = capped.unwrap_or((text, 0));

    let (raw, text) = match parse_guarded(&text, base_url) {
        Ok(raw) => (raw, text),
        Err(first_error) => {
            // An XML document that stays unreadable: its error says where.
            let first_error = match first_error {
                ParseError::Malformed(message) if !is_json => {
                    ParseError::Malformed(match xml_check::locate(&text) {
                        Some(place) => format!("{message} ({place})"),
                        None => message,
                    })
                }
                other => other,
            };
            let repaired = if is_json {
                match repair::repair_json(&text) {
                    Some(r) => r,
                    None => return Err(first_error),
                }
            } else {
                let mut repaired = repair::repair_xml(&text);
                // Removing control characters can reveal a declaration they
                // hid (`<\x10?xml`), which quick-xml panics on.
                if let Some((fixed, sentence)) =
                    repair::remove_misplaced_declarations(&repaired.text)
                {
                    repaired.text = fixed;
                    repaired.repairs.push(sentence);
                }
                repaired
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
    Ok(normalize(raw, &text, base_url, repairs, counted))
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

/// The text with its XML declaration saying UTF-8, which it now is (we
/// decode before parsing). quick-xml switches decoders on a declaration's
/// `encoding` and panics when the declaration is too long for the switch,
/// as when repairs join it to garbage up to a later `?>`. A declaration
/// naming no encoding is left alone.
fn utf8_declaration(text: &str) -> std::borrow::Cow<'_, str> {
    const PLAIN: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    let start = text.len() - text.trim_start().len();
    let Some(rest) = text[start..].strip_prefix("<?xml") else {
        return text.into();
    };
    let Some(end) = rest.find("?>") else {
        return text.into();
    };
    if !rest.starts_with(|c: char| c.is_whitespace() || c == '?') {
        return text.into(); // `<?xml-stylesheet ...?>`
    }
    let Some(at) = rest[..end].find("encoding") else {
        return text.into();
    };
    // The declared name, between the first pair of quotes after `encoding`:
    // UTF-8 (most feeds) needs no copy of the document.
    let value = rest[at..end].split(['"', '\'']).nth(1).unwrap_or_default();
    if value.eq_ignore_ascii_case("utf-8") {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);
    out.push_str(PLAIN);
    out.push_str(&rest[end + 2..]);
    out.into()
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
        .timestamp_parser(dates::parse_timestamp)
        .build();
    // The panic hook still prints the message (a global hook would race with
    // other threads); the panic itself stops here.
    let text = utf8_declaration(text);
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

/// The document with every stretch between two `<` longer than `max` bytes
/// cut to its first `max` bytes (backing off before an entity cut in half)
/// and its last [`RUN_TAIL_BYTES`], and how many were cut; `None` when
/// none is that long.
fn cap_runs(text: &str, max: usize) -> Option<(String, usize)> {
    let mut out: Option<String> = None;
    let mut runs = 0;
    let mut copied = 0;
    let mut start = 0;
    while start < text.len() {
        // Past the character at `start` (a `<`, or the document's first
        // character, which may be several bytes long).
        let from = start + text[start..].chars().next().map_or(1, char::len_utf8);
        let end = text[from..].find('<').map_or(text.len(), |at| from + at);
        if end - start > max + RUN_TAIL_BYTES {
            let mut keep = prefix(&text[start..end], max).len();
            // Do not leave half an entity (`&am`) at the cut.
            if let Some(amp) = text[start..start + keep].rfind('&')
                && !text[start + amp..start + keep].contains(';')
            {
                keep = amp;
            }
            let mut tail = end - RUN_TAIL_BYTES;
            while !text.is_char_boundary(tail) {
                tail += 1;
            }
            let buf = out.get_or_insert_with(|| String::with_capacity(text.len().min(64 * max)));
            buf.push_str(&text[copied..start + keep]);
            copied = tail;
            runs += 1;
        }
        start = end;
    }
    let mut buf = out?;
    buf.push_str(&text[copied..]);
    Some((buf, runs))
}

/// When an XML document has more than `max` entries (`</item>` or
/// `</entry>` closings, whichever is more frequent), the document without
/// those past the `max`-th (what follows the last entry, such as the closing
/// `</channel></rss>`, is kept), and the number of entries counted.
fn cap_entries(text: &str, max: usize) -> Option<(String, usize)> {
    let count = |tag: &str| {
        memchr::memmem::find_iter(text.as_bytes(), tag.as_bytes())
            .take(max + 1)
            .count()
    };
    let (items, entries) = (count("</item>"), count("</entry>"));
    if items.max(entries) <= max {
        return None;
    }
    // The more frequent closing; `</entry>` on a tie.
    let closing = if entries >= items {
        "</entry>"
    } else {
        "</item>"
    };
    let mut ends = text.match_indices(closing).map(|(at, tag)| at + tag.len());
    let keep_to = ends.nth(max.checked_sub(1)?)?;
    let mut total = max;
    let mut last = keep_to;
    for end in ends {
        total += 1;
        last = end;
    }
    if total == max {
        return None;
    }
    let mut cut = String::with_capacity(keep_to + text.len() - last);
    cut.push_str(&text[..keep_to]);
    cut.push_str(&text[last..]);
    Some((cut, total))
}

/// Maps feed-rs's model to ours. `counted` is the number of entries the
/// document had before [`cap_entries`] (or `json_cap::cap_items`) cut it
/// (0 when it did not).
fn normalize(
    raw: RawFeed,
    text: &str,
    base_url: &str,
    mut repairs: Vec<String>,
    counted: usize,
) -> ParsedFeed {
    let base = Url::parse(base_url).ok();
    let total = raw.entries.len().max(counted);
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
            .map(|t| text_field(&t.content, MAX_TITLE_BYTES))
            .filter(|t| !t.is_empty()),
        entries,
        repairs,
        ttl_minutes: raw.ttl,
        skip_hours,
        skip_days,
    }
}

/// The longest prefix of `s` of at most `max` bytes that ends on a
/// character boundary.
fn prefix(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Plain text of an HTML field, at most `max` bytes. Only a bounded prefix
/// of the markup is converted (markup rarely triples text), so the cost of
/// a huge field is bounded too; a cut text ends with `…`.
fn text_field(html: &str, max: usize) -> String {
    let source = prefix(html, max.saturating_mul(4));
    let mut text = html_to_text(source);
    if text.len() > max || source.len() < html.len() {
        let ellipsis = '…';
        let keep = prefix(&text, max.saturating_sub(ellipsis.len_utf8()))
            .trim_end()
            .len();
        text.truncate(keep);
        text.push(ellipsis);
    }
    text
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
            .map(|n| {
                text_field(
                    n.trim().trim_start_matches('(').trim_end_matches(')'),
                    MAX_LABEL_BYTES,
                )
            })
            .filter(|n| !n.is_empty());
        name.or_else(|| {
            p.email
                .as_deref()
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(|m| prefix(m, MAX_LABEL_BYTES).to_string())
        })
    });
    let mut categories: Vec<String> = Vec::new();
    for c in &e.categories {
        if categories.len() >= MAX_CATEGORIES {
            break;
        }
        let label = c
            .label
            .as_deref()
            .filter(|l| !l.trim().is_empty())
            .unwrap_or(&c.term);
        let label = text_field(label, MAX_LABEL_BYTES);
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
            .map(|t| text_field(&t.content, MAX_TITLE_BYTES))
            .unwrap_or_default(),
        summary: e
            .summary
            .as_ref()
            .map(|t| text_field(&t.content, MAX_SUMMARY_BYTES))
            .unwrap_or_default(),
        content: e
            .content
            .as_ref()
            .and_then(|c| c.body.as_deref())
            .map(|c| text_field(c, MAX_CONTENT_BYTES))
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
