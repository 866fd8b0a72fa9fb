//! Feed bytes to entries through the poller's own entry point,
//! `feed::parse_feed_owned` (charset detection and decoding, dialect upgrades,
//! repair, feed-rs under catch_unwind, HTML to text, link resolution). The
//! first byte picks the Content-Type header; the rest is the body. The
//! HTML-to-text converter also runs on the body directly.
#![no_main]

use feedwatch::feed::{html_to_text, parse_feed_owned};
use libfuzzer_sys::fuzz_target;

const CONTENT_TYPES: &[Option<&str>] = &[
    None,
    Some("application/rss+xml"),
    Some("application/atom+xml; charset=utf-8"),
    Some("text/xml"),
    Some("text/xml; charset=iso-8859-1"),
    Some("application/xml; charset=windows-1252"),
    Some("application/feed+json"),
    Some("text/html; charset=shift_jis"),
    Some("text/plain; charset=utf-16"),
    Some("application/xml; charset=bogus"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let content_type = CONTENT_TYPES[usize::from(selector) % CONTENT_TYPES.len()];
    if let Ok(feed) = parse_feed_owned(
        body.to_vec(),
        content_type,
        "https://example.com/news/feed.xml",
    ) {
        assert!(feed.entries.len() <= feedwatch::feed::MAX_ENTRIES);
    }
    let _ = html_to_text(&String::from_utf8_lossy(body));
});
