//! The dedup stage: decides what makes two entries the same story. Pure: no
//! IO, no clock.
//!
//! An entry has *identity keys* (the same item seen again) and, optionally, a
//! *story key* (the same story told by another outlet):
//!
//! * `g:<feed>:<guid>`: the publisher's id, scoped to the feed.
//! * `l:<canonical link>`: the link with tracking parameters, fragment and
//!   `www.` removed; global, since two feeds linking the same article carry
//!   the same story. This is what keeps a story whose GUID changed (while its
//!   link stayed) from alerting twice. A link that entries of one document
//!   with different GUIDs share (a home page), or a GUID that entries with
//!   different links share, is no one's key ([`document_keys`]). Nor is a
//!   link for an entry it alone finds (its GUID new, or from another feed)
//!   when the stored item tells something else ([`alike`]): a section page
//!   linked by one item at a time, or by two feeds' items.
//! * `h:<feed>:<hash>`: title and summary, only for entries with neither guid
//!   nor link (feed-rs would otherwise invent a random id per parse).
//!
//! The story key `t:<hash of the folded title>` joins headlines that are the
//! same word for word (wire copy syndicated to many outlets); titles of fewer
//! than [`MIN_STORY_TITLE_WORDS`] words are too generic to join on.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;
use url::Url;

use crate::model::{Entry, FeedId};

/// Titles shorter than this ("Daily briefing") never join stories.
pub const MIN_STORY_TITLE_WORDS: usize = 5;

/// The keys by which an entry is recognised when seen again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryKeys {
    /// Identity keys, strongest first; never empty.
    pub identity: Vec<String>,
    /// Cross-outlet story key, if the title is specific enough.
    pub story: Option<String>,
    /// The canonical link, stored for display and for later lookups.
    pub canonical_link: Option<String>,
}

impl EntryKeys {
    /// Whether the entry has a canonical link that is not one of its
    /// identity keys: entries of its document share it
    /// ([`document_keys`]), or it is a site's front page
    /// ([`is_front_page`]), so it names several items and identifies none.
    /// The stores mark such items, so that the link still finds them
    /// through an index that only they pay for.
    pub fn link_is_shared(&self) -> bool {
        self.canonical_link.as_deref().is_some_and(|link| {
            !self
                .identity
                .iter()
                .any(|key| key.strip_prefix("l:") == Some(link))
        })
    }

    /// These keys without the canonical link's key, for an entry the link
    /// was found to name together with another item ([`alike`]): its GUID
    /// identifies it, or else its title and summary. The canonical link
    /// stays, for display, and is then shared ([`Self::link_is_shared`]).
    pub fn without_link(&self, feed_id: FeedId, entry: &Entry) -> EntryKeys {
        let mut identity: Vec<String> = self
            .identity
            .iter()
            .filter(|key| !key.starts_with("l:"))
            .cloned()
            .collect();
        if identity.is_empty() {
            identity.push(hash_key(feed_id, entry));
        }
        EntryKeys {
            identity,
            ..self.clone()
        }
    }
}

/// Whether a stored item and an entry that its canonical link alone found
/// tell one item (the link identifies it, its GUID changed or another feed
/// carries it) rather than two that share a page (a section or live page,
/// one feed showing one item at a time, two feeds' single items): their
/// titles share most of their words and no number changed (each has one
/// the other lacks: "Release 1.2.3" against "Release 1.2.4"; a number
/// added to a title is an edit), and their summaries,
/// when both have one, share half their words. A publisher's edit with a
/// new GUID that changes a number is then a new item; the story engine
/// joins it to its story, so it raises no second alert for a topic.
pub fn alike(title: &str, summary: &str, other_title: &str, other_summary: &str) -> bool {
    let (a, b) = (fold(title), fold(other_title));
    if a != b {
        let (a, b) = (words(&a, usize::MAX), words(&b, usize::MAX));
        let number_missing = |x: &std::collections::HashSet<&str>,
                              y: &std::collections::HashSet<&str>| {
            x.iter()
                .any(|w| w.bytes().all(|c| c.is_ascii_digit()) && !y.contains(w))
        };
        if overlap(&a, &b) <= 0.5 || (number_missing(&a, &b) && number_missing(&b, &a)) {
            return false;
        }
    }
    // The summaries' openings: a summary cut short is still the summary.
    const SUMMARY_WORDS: usize = 60;
    let (a, b) = (fold(summary), fold(other_summary));
    let (a, b) = (words(&a, SUMMARY_WORDS), words(&b, SUMMARY_WORDS));
    a.is_empty() || b.is_empty() || overlap(&a, &b) >= 0.5
}

/// The distinct words among the first `n` of folded text.
fn words(folded: &str, n: usize) -> std::collections::HashSet<&str> {
    folded
        .split(' ')
        .filter(|w| !w.is_empty())
        .take(n)
        .collect()
}

/// The share of the smaller set's words the other has (1 for two empty).
fn overlap(a: &std::collections::HashSet<&str>, b: &std::collections::HashSet<&str>) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return if large.is_empty() { 1.0 } else { 0.0 };
    }
    small.iter().filter(|w| large.contains(*w)).count() as f64 / small.len() as f64
}

/// Computes the keys of one entry of the feed with database id `feed_id`.
pub fn entry_keys(feed_id: FeedId, entry: &Entry) -> EntryKeys {
    EntryKeys {
        story: story_key(&entry.title),
        ..identity_keys(feed_id, entry)
    }
}

/// The keys of [`entry_keys`] but the story key (`None`): all a seen entry
/// needs. [`story_key`] completes them.
pub fn identity_keys(feed_id: FeedId, entry: &Entry) -> EntryKeys {
    let mut identity = Vec::new();
    if let Some(guid) = entry
        .guid
        .as_deref()
        .map(str::trim)
        .filter(|g| !g.is_empty())
    {
        identity.push(format!("g:{feed_id}:{guid}"));
    }
    let canonical_link = entry.link.as_deref().and_then(canonical_link);
    // A site's front page names no item: two feeds' entries that link to
    // it, or one feed's successive entries that each show alone (each
    // alone in its document, so `document_keys` sees no sharing), would be
    // taken for one item, the later ones never stored or alerted. Its GUID,
    // or else its title and summary, identify such an entry.
    if let Some(link) = canonical_link.as_ref().filter(|link| !is_front_page(link)) {
        identity.push(format!("l:{link}"));
    }
    if identity.is_empty() {
        identity.push(hash_key(feed_id, entry));
    }
    EntryKeys {
        identity,
        story: None,
        canonical_link,
    }
}

/// The keys of [`entry_keys`] for every entry of one document, but a key
/// several of its entries share while what else identifies them differs
/// identifies none of them: a link they share while their GUIDs (or, without
/// GUIDs, their titles and summaries) differ, as in a feed that links every
/// item to its home page or to one live page; a GUID they share while their
/// links (or titles and summaries) differ, as in a feed that gives every
/// item its channel's URL as GUID. Either way the feed's first item would
/// be stored and every other taken for an edit of it. An entry left with no
/// key is known by its title and summary. `with_story`: the story keys too
/// ([`entry_keys`]) or not ([`identity_keys`]).
pub fn document_keys(feed_id: FeedId, entries: &[Entry], with_story: bool) -> Vec<EntryKeys> {
    let mut keys: Vec<EntryKeys> = entries
        .iter()
        .map(|entry| {
            if with_story {
                entry_keys(feed_id, entry)
            } else {
                identity_keys(feed_id, entry)
            }
        })
        .collect();
    // The usual document repeats no key: nothing more to do (and no
    // title and summary to hash).
    let mut seen = std::collections::HashSet::new();
    let repeats = keys
        .iter()
        .flat_map(|k| &k.identity)
        .any(|key| !seen.insert(key.as_str()));
    if !repeats {
        return keys;
    }
    let hashes: Vec<String> = entries.iter().map(|e| hash_key(feed_id, e)).collect();
    // What identifies entry `i` besides `key`: its other key (a GUID's
    // link, a link's GUID), else its title and summary.
    let other = |i: usize, key: &str| -> String {
        let kind = key.get(..2).unwrap_or("");
        keys[i]
            .identity
            .iter()
            .find(|k| k.as_str() != key && !k.starts_with(kind))
            .or(hashes.get(i))
            .cloned()
            .unwrap_or_default()
    };
    let mut first: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut ambiguous: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (i, k) in keys.iter().enumerate() {
        for key in &k.identity {
            match first.get(key.as_str()) {
                None => {
                    first.insert(key, i);
                }
                Some(&j) => {
                    if other(i, key) != other(j, key) {
                        ambiguous.insert(key.clone());
                    }
                }
            }
        }
    }
    if ambiguous.is_empty() {
        return keys;
    }
    for (k, hash) in keys.iter_mut().zip(hashes) {
        k.identity.retain(|key| !ambiguous.contains(key));
        if k.identity.is_empty() {
            k.identity.push(hash);
        }
    }
    keys
}

fn hash_key(feed_id: FeedId, entry: &Entry) -> String {
    let digest = short_hash(&[&fold(&entry.title), &fold(&entry.summary)]);
    format!("h:{feed_id}:{digest}")
}

/// The story key of a title, if it is specific enough.
pub fn story_key(title: &str) -> Option<String> {
    let folded_title = fold(title);
    (folded_title.split(' ').count() >= MIN_STORY_TITLE_WORDS)
        .then(|| format!("t:{}", short_hash(&[&folded_title])))
}

/// Query parameters that identify a campaign or a click, not an article.
fn is_tracking_param(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("utm_")
        || matches!(
            name.as_str(),
            "fbclid"
                | "gclid"
                | "dclid"
                | "msclkid"
                | "mc_cid"
                | "mc_eid"
                | "igshid"
                | "yclid"
                | "_hsenc"
                | "_hsmi"
                | "mkt_tok"
                | "ref"
                | "ref_src"
                | "cmpid"
                | "cmp"
                | "ito"
                | "ncid"
                | "sr_share"
                | "at_medium"
                | "at_campaign"
                | "guccounter"
                | "soc_src"
                | "soc_trk"
                | "wt.mc_id"
                | "smid"
                | "taid"
                | "mbid"
        )
}

/// The link with what does not identify the article removed: scheme folded to
/// https, `www.` dropped, fragment and tracking parameters removed, remaining
/// parameters sorted, trailing slash dropped. `None` for a non-URL.
pub fn canonical_link(link: &str) -> Option<String> {
    let mut url = Url::parse(link.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return Some(url.to_string());
    }
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let mut params: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !is_tracking_param(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    params.sort();
    url.set_fragment(None);
    url.set_query(None);
    if !params.is_empty() {
        url.query_pairs_mut().extend_pairs(params);
    }
    let path = url.path().trim_end_matches('/').to_string();
    let query = url.query().map(|q| format!("?{q}")).unwrap_or_default();
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    Some(format!("{host}{port}{path}{query}"))
}

/// Whether a canonical link ([`canonical_link`]) is a site's front page:
/// a host (and port) with no path and no query.
pub fn is_front_page(canonical: &str) -> bool {
    if canonical.contains(['/', '?']) {
        return false;
    }
    match canonical.split_once(':') {
        None => true,
        Some((_, port)) => !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()),
    }
}

/// Lower-cased, accent-free words joined by single spaces.
pub fn fold(text: &str) -> String {
    // ASCII decomposes to itself and has no combining marks: the NFKD
    // pass is skipped, the result is the same.
    if text.is_ascii() {
        fold_ascii(text)
    } else {
        fold_chars(text.nfkd(), text.len())
    }
}

/// [`fold_chars`] of ASCII text, by byte: no ASCII character is a
/// combining mark, ASCII letters and digits are its alphanumerics, and
/// their lower case is ASCII lower case.
fn fold_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(char::from(b.to_ascii_lowercase()));
        } else if b != b'\'' {
            pending_space = true;
        }
    }
    out
}

fn fold_chars(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut pending_space = false;
    for c in chars {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '’' {
            pending_space = true;
        }
    }
    out
}

fn short_hash(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0u8]);
    }
    let digest = hasher.finalize();
    let mut hex = String::with_capacity(24);
    for b in &digest[..12] {
        // Writing to a String cannot fail.
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 1000, ..Default::default() })]
        /// The ASCII fast path folds as the general one does.
        #[test]
        fn ascii_fold_equals_the_general_fold(text in "[ -~\t\n\r\x00-\x1f\x7f]{0,80}") {
            proptest::prop_assert_eq!(fold_ascii(&text), fold_chars(text.chars(), text.len()));
        }

        /// Whether two texts tell one item does not depend on which was
        /// stored first, and a text tells the item it is.
        #[test]
        fn alike_is_symmetric_and_reflexive(
            a in "[A-Za-zé0-9 .,-]{0,40}", b in "[A-Za-zé0-9 .,-]{0,40}",
            c in "[a-z0-9 ]{0,60}", d in "[a-z0-9 ]{0,60}",
        ) {
            proptest::prop_assert_eq!(alike(&a, &c, &b, &d), alike(&b, &d, &a, &c));
            proptest::prop_assert!(alike(&a, &c, &a, &c));
        }
    }

    #[test]
    fn ascii_fold_examples() {
        for text in [
            "",
            "  ",
            "Don't STOP -- Believin' 2024!",
            "a\tb\nc",
            "'x'",
            "Ab-9",
        ] {
            assert_eq!(
                fold_ascii(text),
                fold_chars(text.chars(), text.len()),
                "{text:?}"
            );
        }
        assert_eq!(fold("  Don't STOP -- now!"), "dont stop now");
    }

    fn entry(guid: Option<&str>, link: Option<&str>, title: &str) -> Entry {
        Entry {
            guid: guid.map(str::to_string),
            link: link.map(str::to_string),
            title: title.to_string(),
            ..Entry::default()
        }
    }

    #[test]
    fn a_link_several_entries_of_a_document_share_identifies_none_of_them() {
        // One live page (a front page is no key at all: the next test).
        let home = Some("https://www.example.org/live/");
        let entries = [
            entry(Some("a-1"), home, "Army awards drone contract to Acme"),
            entry(Some("a-2"), home, "Storm floods coastal town overnight"),
            entry(None, home, "Central bank holds rates"),
            entry(Some("b-1"), Some("https://example.org/story/1"), "Own page"),
        ];
        let keys = document_keys(FeedId(2), &entries, false);
        assert_eq!(keys[0].identity, ["g:2:a-1"]);
        assert_eq!(keys[1].identity, ["g:2:a-2"]);
        // Without a GUID, its title and summary identify it.
        assert_eq!(keys[2].identity, [hash_key(FeedId(2), &entries[2])]);
        // A link of its own still identifies an entry, and every entry
        // keeps its canonical link for display.
        assert_eq!(keys[3].identity, ["g:2:b-1", "l:example.org/story/1"]);
        assert_eq!(keys[0].canonical_link.as_deref(), Some("example.org/live"));
        // The stores mark the entries whose link names several items.
        let shared: Vec<bool> = keys.iter().map(EntryKeys::link_is_shared).collect();
        assert_eq!(shared, [true, true, true, false]);
        // With the story keys, the same identities.
        let with_story = document_keys(FeedId(2), &entries, true);
        assert_eq!(with_story[1].identity, keys[1].identity);
        assert!(with_story[1].story.is_some());
    }

    #[test]
    fn a_front_page_identifies_no_entry() {
        // Two feeds' entries, each alone in its document, linking to one
        // site's front page: their GUIDs tell them apart.
        for link in [
            "https://www.example.org/",
            "http://example.org",
            "https://example.org:8443/#top",
        ] {
            let keys = document_keys(FeedId(3), &[entry(Some("a-1"), Some(link), "One")], false);
            assert_eq!(keys[0].identity, ["g:3:a-1"], "{link}");
            assert!(keys[0].link_is_shared(), "{link}");
        }
        // Without a GUID, its title and summary.
        let alone = [entry(None, Some("https://example.org/"), "One")];
        let keys = document_keys(FeedId(3), &alone, false);
        assert_eq!(keys[0].identity, [hash_key(FeedId(3), &alone[0])]);
        // A page of the site, or a front page with a query, is a page.
        for link in ["https://example.org/news", "https://example.org/?p=12"] {
            let keys = document_keys(FeedId(3), &[entry(Some("a-1"), Some(link), "One")], false);
            assert_eq!(keys[0].identity.len(), 2, "{link}: {:?}", keys[0].identity);
        }
        assert!(is_front_page("example.org"));
        assert!(is_front_page("example.org:8443"));
        assert!(!is_front_page("example.org/news"));
        assert!(!is_front_page("example.org?p=12"));
        assert!(!is_front_page("urn:uuid:1234"));
    }

    #[test]
    fn a_guid_several_entries_of_a_document_share_identifies_none_of_them() {
        // A feed that gives every item its channel's URL as GUID.
        let guid = Some("https://example.org/");
        let entries = [
            entry(guid, Some("https://example.org/story/1"), "First story"),
            entry(guid, Some("https://example.org/story/2"), "Second story"),
            entry(guid, None, "Third story"),
        ];
        let keys = document_keys(FeedId(4), &entries, false);
        assert_eq!(keys[0].identity, ["l:example.org/story/1"]);
        assert_eq!(keys[1].identity, ["l:example.org/story/2"]);
        assert_eq!(keys[2].identity, [hash_key(FeedId(4), &entries[2])]);
    }

    #[test]
    fn one_entry_listed_twice_keeps_its_link() {
        // The same GUID twice (a feed repeating an entry), or one GUID of
        // its own: the link identifies it, so a GUID that changes later
        // while the link stays is still the same item.
        let link = Some("https://example.org/story/9");
        let twice = [
            entry(Some("x"), link, "Same entry"),
            entry(Some("x"), link, "Same entry"),
        ];
        let keys = document_keys(FeedId(1), &twice, false);
        assert_eq!(keys[0].identity, ["g:1:x", "l:example.org/story/9"]);
        assert_eq!(keys[1].identity, keys[0].identity);
        assert!(!keys[0].link_is_shared());
        // No link at all: none shared.
        let bare = document_keys(FeedId(1), &[entry(Some("y"), None, "No link")], false);
        assert!(!bare[0].link_is_shared());
    }

    #[test]
    fn an_entry_its_link_alone_found_is_the_item_only_when_alike() {
        let alike = |a: (&str, &str), b: (&str, &str)| alike(a.0, a.1, b.0, b.1);
        let story = "OpenAI in talks to bring its models to NATO networks";
        // The same text, its GUID changed; a title cut or completed; a
        // site's name added by another feed.
        assert!(alike(
            (story, "OpenAI is in talks."),
            (story, "OpenAI is in talks.")
        ));
        assert!(alike(
            ("Fire at chemical plant", ""),
            ("Two dead, 14 hurt in fire at chemical plant", "")
        ));
        assert!(alike((story, ""), (&format!("{story} | Example News"), "")));
        // Another item behind one section page: other words, another
        // number, or one title over two different summaries.
        assert!(!alike(
            (story, ""),
            ("Storm closes ports along the coast", "")
        ));
        assert!(!alike(("Monday briefing", ""), ("Tuesday briefing", "")));
        assert!(!alike(("Release 1.2.3", ""), ("Release 1.2.4", "")));
        assert!(!alike(
            (
                "Daily digest",
                "Rates held, ports shut, a merger called off."
            ),
            (
                "Daily digest",
                "Storm warning, election results, a new stadium."
            )
        ));
        // Nothing to go on: the link decides.
        assert!(alike(("", ""), ("", "")));
    }

    #[test]
    fn keys_without_the_link_keep_the_guid_or_fall_back_to_the_text() {
        let link = Some("https://example.org/live");
        let guided = entry(Some("g-7"), link, "Live: storm over the coast");
        let keys = identity_keys(FeedId(5), &guided).without_link(FeedId(5), &guided);
        assert_eq!(keys.identity, ["g:5:g-7"]);
        assert!(keys.link_is_shared());
        let bare = entry(None, link, "Live: storm over the coast");
        let keys = identity_keys(FeedId(5), &bare).without_link(FeedId(5), &bare);
        assert_eq!(keys.identity, [hash_key(FeedId(5), &bare)]);
        assert_eq!(keys.canonical_link.as_deref(), Some("example.org/live"));
    }

    #[test]
    fn tracking_parameters_do_not_change_the_link() {
        let plain = canonical_link("https://www.example.com/news/nato-ai/");
        let tracked = canonical_link(
            "http://example.com/news/nato-ai?utm_source=rss&utm_medium=feed&fbclid=x#comments",
        );
        assert_eq!(plain, tracked);
        assert_eq!(plain.as_deref(), Some("example.com/news/nato-ai"));
    }

    #[test]
    fn meaningful_parameters_stay_and_are_sorted() {
        assert_eq!(
            canonical_link("https://example.com/article?id=7&page=2&utm_campaign=x").as_deref(),
            Some("example.com/article?id=7&page=2")
        );
        assert_eq!(
            canonical_link("https://example.com/article?page=2&id=7"),
            canonical_link("https://example.com/article?id=7&page=2")
        );
        assert_ne!(
            canonical_link("https://example.com/article?id=7"),
            canonical_link("https://example.com/article?id=8")
        );
    }

    #[test]
    fn changed_guid_with_same_link_shares_a_key() {
        let a = entry_keys(
            FeedId(1),
            &entry(Some("urn:1"), Some("https://x.org/a?utm_source=rss"), "T"),
        );
        let b = entry_keys(
            FeedId(1),
            &entry(Some("urn:2"), Some("https://x.org/a"), "T"),
        );
        assert!(a.identity.iter().any(|k| b.identity.contains(k)));
    }

    #[test]
    fn entries_without_guid_or_link_key_on_text() {
        let a = entry_keys(FeedId(3), &entry(None, None, "Same title"));
        let b = entry_keys(FeedId(3), &entry(None, None, "Same  TITLE"));
        assert_eq!(a.identity, b.identity);
        assert!(a.identity[0].starts_with("h:3:"));
        let other_feed = entry_keys(FeedId(4), &entry(None, None, "Same title"));
        assert_ne!(a.identity, other_feed.identity);
    }

    #[test]
    fn story_key_needs_a_specific_title() {
        let short = entry_keys(FeedId(1), &entry(Some("a"), None, "Daily briefing"));
        assert_eq!(short.story, None);
        let wire1 = entry_keys(
            FeedId(1),
            &entry(
                Some("a"),
                None,
                "ChatGPT Creator Eyes Deal to Bring AI to NATO",
            ),
        );
        let wire2 = entry_keys(
            FeedId(2),
            &entry(
                Some("b"),
                None,
                "ChatGPT creator eyes deal to bring AI to NATO!",
            ),
        );
        assert!(wire1.story.is_some());
        assert_eq!(wire1.story, wire2.story);
    }

    /// The ASCII shortcut of `fold` (no NFKD pass) folds as the full path does.
    #[test]
    fn ascii_fold_skips_nfkd_with_the_same_result() {
        for text in [
            "Breaking: NATO's  AI-deal, signed (2026)!",
            "  trailing and leading  ",
            "don't stop",
            "",
        ] {
            assert_eq!(fold(text), fold_chars(text.nfkd(), text.len()), "{text:?}");
        }
        assert_eq!(fold("Breaking: NATO's AI-deal"), "breaking natos ai deal");
    }

    #[test]
    fn fold_removes_accents_case_and_punctuation() {
        assert_eq!(fold("  Café — NATO’s  Deal! "), "cafe natos deal");
    }
}
