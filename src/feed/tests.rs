//! Unit tests for `parse_feed`: formats, identity, encodings, repairs and
//! error cases. Inputs are tiny inline documents so each test shows exactly
//! the property it checks.

use super::*;

const BASE: &str = "https://example.com/news/";

fn ok(body: &[u8]) -> ParsedFeed {
    parse_feed(body, None, BASE).unwrap_or_else(|e| panic!("parse failed: {e}"))
}

fn ok_ct(body: &[u8], ct: &str) -> ParsedFeed {
    parse_feed(body, Some(ct), BASE).unwrap_or_else(|e| panic!("parse failed: {e}"))
}

#[test]
fn rss_2_0() {
    let f = ok(br#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Chan &amp; Co</title><ttl>30</ttl>
<skipHours><hour>2</hour><hour>1</hour></skipHours><skipDays><day>Saturday</day></skipDays>
<item><title>First &lt;b&gt;bold&lt;/b&gt;</title><link>/a/1</link><guid isPermaLink="false"> id-1 </guid>
<description>&lt;p&gt;Hello &lt;script&gt;x()&lt;/script&gt;world&lt;/p&gt;</description>
<author>jane@example.com (Jane)</author><category>Politics</category><category>World</category>
<pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate></item>
</channel></rss>"#);
    assert_eq!(f.title.as_deref(), Some("Chan & Co"));
    assert_eq!(f.ttl_minutes, Some(30));
    assert_eq!(f.skip_hours, vec![1, 2]);
    assert_eq!(f.skip_days, vec!["saturday".to_string()]);
    assert!(f.repairs.is_empty());
    let e = &f.entries[0];
    assert_eq!(e.guid.as_deref(), Some("id-1"));
    assert_eq!(e.link.as_deref(), Some("https://example.com/a/1"));
    assert_eq!(e.title, "First bold");
    assert_eq!(e.summary, "Hello world");
    assert_eq!(e.author.as_deref(), Some("Jane"));
    assert_eq!(e.categories, vec!["Politics", "World"]);
    assert_eq!(
        e.published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2003-06-10T04:00:00+00:00")
    );
}

#[test]
fn rss_1_0() {
    let f = ok(br#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://x/"><title>RDF chan</title><link>http://x/</link></channel>
<item rdf:about="http://x/1"><title>One</title><link>http://x/1</link><dc:date>2004-01-02T03:04:05Z</dc:date></item>
</rdf:RDF>"#);
    assert_eq!(f.title.as_deref(), Some("RDF chan"));
    assert_eq!(f.entries.len(), 1);
    assert_eq!(f.entries[0].title, "One");
    assert_eq!(f.entries[0].link.as_deref(), Some("http://x/1"));
    assert_eq!(f.entries[0].guid, None);
    assert!(f.entries[0].published.is_some());
}

#[test]
fn rss_0_91() {
    let f = ok(br#"<rss version="0.91"><channel><title>Old</title><link>http://x/</link>
<item><title>Item &amp; more</title><link>http://x/i</link><description>d</description></item></channel></rss>"#);
    assert_eq!(f.entries[0].title, "Item & more");
    assert_eq!(f.entries[0].summary, "d");
}

#[test]
fn atom() {
    let f = ok(br#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://atom.example/base/"><title type="html">A &lt;i&gt;feed&lt;/i&gt; &amp;amp; co</title>
<entry><id>urn:uuid:1</id><title>E1</title>
<link rel="related" href="http://other/"/><link rel="alternate" type="text/html" href="e1.html"/>
<author><name>Ann</name></author><category term="t1" label="Label 1"/><category term="t2"/>
<updated>2005-07-31T12:29:29Z</updated>
<summary type="html">&lt;p&gt;Sum&amp;nbsp;mary&lt;/p&gt;</summary>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Body <b>text</b></p></div></content>
</entry></feed>"#);
    assert_eq!(f.title.as_deref(), Some("A feed & co"));
    let e = &f.entries[0];
    assert_eq!(e.guid.as_deref(), Some("urn:uuid:1"));
    assert_eq!(e.link.as_deref(), Some("http://atom.example/base/e1.html"));
    assert_eq!(e.author.as_deref(), Some("Ann"));
    assert_eq!(e.categories, vec!["Label 1", "t2"]);
    assert_eq!(e.summary, "Sum\u{a0}mary");
    assert_eq!(e.content, "Body text");
    assert_eq!(e.published.map(|d| d.timestamp()), Some(1_122_812_969));
}

#[test]
fn json_feed() {
    let f = ok(br#"{"version":"https://jsonfeed.org/version/1.1","title":"JF","items":[
        {"id":"1","url":"https://j.example/1","title":"T","content_html":"<p>Hi &amp; bye</p>","date_published":"2020-01-01T00:00:00Z","tags":["x"]},
        {"id":"2","content_text":"plain"}]}"#);
    assert_eq!(f.title.as_deref(), Some("JF"));
    assert_eq!(f.entries.len(), 2);
    assert_eq!(f.entries[0].guid.as_deref(), Some("1"));
    assert_eq!(f.entries[0].link.as_deref(), Some("https://j.example/1"));
    assert_eq!(f.entries[0].content, "Hi & bye");
    assert_eq!(f.entries[0].categories, vec!["x"]);
    assert_eq!(f.entries[1].content, "plain");
}

#[test]
fn items_without_guid_have_no_guid_and_are_stable() {
    let doc = br#"<rss version="2.0"><channel><title>c</title>
<item><title>Has link</title><link>http://x/1</link></item>
<item><title>Nothing else</title></item>
<item><description>only a description</description></item>
</channel></rss>"#;
    let a = ok(doc);
    let b = ok(doc);
    assert!(
        a.entries.iter().all(|e| e.guid.is_none()),
        "{:?}",
        a.entries
    );
    assert_eq!(a.entries, b.entries);
}

#[test]
fn atom_entry_without_id_has_no_guid() {
    let doc = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>x</title><link href="http://x/1"/></entry><entry><title>y</title></entry></feed>"#;
    let f = ok(doc);
    assert_eq!(f.entries.len(), 2);
    assert!(f.entries.iter().all(|e| e.guid.is_none()));
    assert_eq!(f.entries, ok(doc).entries);
}

#[test]
fn encodings_via_content_type_and_declaration() {
    let rss = |decl: &str, title: &[u8]| {
        let mut v = format!("{decl}<rss version=\"2.0\"><channel><title>").into_bytes();
        v.extend_from_slice(title);
        v.extend_from_slice(b"</title></channel></rss>");
        v
    };
    let f = ok_ct(
        &rss("", b"\x93Caf\xe9\x94 \x80"),
        "application/rss+xml; charset=windows-1252",
    );
    assert_eq!(f.title.as_deref(), Some("“Café” €"));
    let f = ok(&rss(
        "<?xml version=\"1.0\" encoding=\"windows-1252\"?>",
        b"\x93Caf\xe9\x94",
    ));
    assert_eq!(f.title.as_deref(), Some("“Café”"));
    let f = ok_ct(&rss("", b"na\xefve"), "text/xml; charset=ISO-8859-1");
    assert_eq!(f.title.as_deref(), Some("naïve"));
    let f = ok(&rss(
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
        b"na\xefve",
    ));
    assert_eq!(f.title.as_deref(), Some("naïve"));
    let f = ok_ct(
        &rss("", b"\x93\xfa\x96\x7b"),
        "application/xml; charset=Shift_JIS",
    );
    assert_eq!(f.title.as_deref(), Some("日本"));
    let f = ok(&rss(
        "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>",
        b"\x93\xfa\x96\x7b",
    ));
    assert_eq!(f.title.as_deref(), Some("日本"));
    assert!(f.repairs.is_empty());
}

#[test]
fn byte_order_marks() {
    let f = ok(b"\xEF\xBB\xBF<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>caf\xc3\xa9</title></channel></rss>");
    assert_eq!(f.title.as_deref(), Some("café"));
    let utf16: Vec<u8> = "\u{FEFF}<?xml version=\"1.0\" encoding=\"utf-16\"?><rss version=\"2.0\"><channel><title>ü</title></channel></rss>"
        .encode_utf16()
        .flat_map(|u| u.to_be_bytes())
        .collect();
    assert_eq!(ok(&utf16).title.as_deref(), Some("ü"));
}

#[test]
fn utf8_with_one_invalid_byte_is_recovered() {
    let f = ok(b"<rss version=\"2.0\"><channel><title>caf\xc3\xa9 \xff</title><item><title>t</title></item></channel></rss>");
    assert_eq!(f.title.as_deref(), Some("café \u{FFFD}"));
    assert_eq!(f.entries.len(), 1);
    assert_eq!(f.repairs.len(), 1, "{:?}", f.repairs);
}

#[test]
fn long_non_utf8_declaration_does_not_panic() {
    let doc = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\" standalone=\"yes\"           ?>\n<rss version=\"2.0\"><channel><title>caf\xe9</title></channel></rss>";
    assert_eq!(ok(doc).title.as_deref(), Some("café"));
    let doc2 = b"<?xml version='1.0' encoding='windows-1252' standalone='yes'              ?><rss version='2.0'><channel><title>x</title></channel></rss>";
    assert_eq!(ok(doc2).title.as_deref(), Some("x"));
}

#[test]
fn second_declaration_mid_document_does_not_panic() {
    let doc = b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title>\n<?xml version=\"1.0\" encoding=\"windows-1252\"?><item><title>i</title></item></channel></rss>";
    let f = ok(doc);
    assert_eq!(f.entries.len(), 1);
    assert!(f.repairs.iter().any(|r| r.contains("misplaced")));
}

/// Found by fuzzing (`fuzz/`, target `feed`): control characters inside a
/// second declaration hide it until the repair pass removes them, and
/// quick-xml then panicked on its encoding (caught, but the feed was lost).
#[test]
fn declaration_revealed_by_the_repair_pass_does_not_panic() {
    let doc = b"\t<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>x &amp; y</title>\x01<\x10\x00\x00?xml version=\"1.0\" encoding=\"iso-8859-7\"?><item><title>i</title></item></channel></rss>";
    let f = parse_feed(doc, None, BASE);
    assert!(
        !matches!(f, Err(ParseError::Panicked(_))),
        "the parser panicked: {f:?}"
    );
    let f = f.unwrap_or_else(|e| panic!("parse failed: {e}"));
    assert_eq!(f.entries.len(), 1);
    assert!(
        f.repairs.iter().any(|r| r.contains("misplaced")),
        "{:?}",
        f.repairs
    );
}

/// Found by fuzzing too: a declaration whose name is broken by bytes the
/// decoding and repair passes remove (`<?x\x8c\x93o\0\0\0sion=...`).
#[test]
fn declaration_broken_by_invalid_bytes_does_not_panic() {
    let doc = b"\x3c\x3f\x78\x6d\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x6c\x20\x76\x65\x72\x73\x54\x6f\x6e\x3d\x22\x31\x2e\x30\x22\x20\x65\x6e\x63\xff\xff\xff\xff\xff\xff\xff\xff\x74\x70\x73\x3a\x2f\x2f\x65\x6c\x6c\x79\x2e\x74\x6f\x77\x6e\x2f\x64\x2f\x62\x6c\x6f\x67\x2f\x31\x32\x04\x3c\x3f\x78\x8c\x93\x6f\x00\x00\x00\x73\x69\x6f\x6e\x3d\x22\x31\x2e\x30\x22\x20\x65\x6e\x63\x6f\x64\x69\x6e\x67\x3d\x22\x62\x69\x67\x35\x22\x3f\x3e\x0a\x3c\x65\x3e\x58\x2e\x30\x31\x38\x20\x43\x65\x72\x74\x69\x66\x69\x63\x61\x74\x65\x73\x3c\x64\x3e\xb8\xb8\xb8\x57\x46\x6a\x4d\x7a\x64\x98\xa6\xa8\xb6\x85\xb1\xc3\xce\x66\x65\x65\x64\x3e\x0a";
    let f = parse_feed(doc, None, BASE);
    assert!(
        !matches!(f, Err(ParseError::Panicked(_))),
        "the parser panicked: {f:?}"
    );
}

#[test]
fn bare_ampersand_is_repaired() {
    let f = ok(b"<rss version=\"2.0\"><channel><title>AT&T news</title><item><title>Q&A</title><link>http://x/?a=1&b=2</link></item></channel></rss>");
    assert_eq!(f.title.as_deref(), Some("AT&T news"));
    assert_eq!(f.entries[0].title, "Q&A");
    assert_eq!(f.entries[0].link.as_deref(), Some("http://x/?a=1&b=2"));
    assert!(
        f.repairs.iter().any(|r| r.contains("ampersand")),
        "{:?}",
        f.repairs
    );
}

#[test]
fn html_entities_without_dtd() {
    let f = ok(b"<rss version=\"2.0\"><channel><title>A&nbsp;B</title><item><title>caf&eacute; &copy;</title></item></channel></rss>");
    assert_eq!(f.title.as_deref(), Some("A\u{a0}B"));
    assert_eq!(f.entries[0].title, "café ©");
}

#[test]
fn invalid_character_references_are_dropped() {
    let f = ok(b"<rss version=\"2.0\"><channel><title>a&#0;b&#xD800;c</title></channel></rss>");
    assert_eq!(f.title.as_deref(), Some("abc"));
}

#[test]
fn rss_without_version() {
    let f = ok(b"<rss><channel><title>t</title><item><title>i</title></item></channel></rss>");
    assert_eq!(f.entries.len(), 1);
    assert!(
        f.repairs.iter().any(|r| r.contains("version")),
        "{:?}",
        f.repairs
    );
}

#[test]
fn truncated_document_is_a_clean_error() {
    let err = parse_feed(
        b"<rss version=\"2.0\"><channel><title>t</title><item><title>i</ti",
        None,
        BASE,
    )
    .unwrap_err();
    assert!(matches!(err, ParseError::Malformed(_)), "{err:?}");
    assert!(!err.to_string().is_empty());
}

#[test]
fn html_page_lists_feed_links() {
    let page = br#"<!DOCTYPE html><html><head><title>Site</title>
<link rel="alternate" type="application/rss+xml" title="RSS" href="/rss.xml">
<link rel="alternate" type="application/atom+xml" href="https://feeds.example.net/atom">
</head><body>hi</body></html>"#;
    let err = parse_feed(page, Some("text/html"), "https://example.com/page").unwrap_err();
    let ParseError::NotAFeed { feed_links } = &err else {
        panic!("{err:?}")
    };
    let urls: Vec<&str> = feed_links.iter().map(|l| l.url.as_str()).collect();
    assert_eq!(
        urls,
        vec![
            "https://example.com/rss.xml",
            "https://feeds.example.net/atom"
        ]
    );
    let msg = err.to_string();
    assert!(
        msg.contains("https://example.com/rss.xml")
            && msg.contains("https://feeds.example.net/atom"),
        "{msg}"
    );
    let none = parse_feed(b"<html><body>x</body></html>", None, BASE).unwrap_err();
    assert!(none.to_string().contains("no feed"), "{none}");
}

#[test]
fn empty_and_garbage() {
    assert_eq!(parse_feed(b"", None, BASE), Err(ParseError::Empty));
    assert_eq!(parse_feed(b" \n\t ", None, BASE), Err(ParseError::Empty));
    assert!(matches!(
        parse_feed(b"hello", None, BASE),
        Err(ParseError::Malformed(_))
    ));
    assert!(matches!(
        parse_feed(b"<note><to>x</to></note>", None, BASE),
        Err(ParseError::Malformed(_))
    ));
    assert!(matches!(
        parse_feed(b"{\"no\":\"version\"}", None, BASE),
        Err(ParseError::Malformed(_))
    ));
}

#[test]
fn entry_cap() {
    let mut doc = String::from("<rss version=\"2.0\"><channel><title>t</title>");
    for i in 0..MAX_ENTRIES + 5 {
        doc.push_str(&format!("<item><guid>{i}</guid></item>"));
    }
    doc.push_str("</channel></rss>");
    let f = ok(doc.as_bytes());
    assert_eq!(f.entries.len(), MAX_ENTRIES);
    assert!(
        f.repairs
            .iter()
            .any(|r| r.contains(&format!("kept the first {MAX_ENTRIES} of"))),
        "{:?}",
        f.repairs
    );
}

#[test]
fn entry_cap_cuts_the_document_before_parsing_and_keeps_its_tail() {
    // 50,000 Atom entries: the first MAX_ENTRIES are kept, in order, the
    // feed's metadata after the entries survives the cut, and the repair
    // names the true total.
    let mut doc = String::from(r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>"#);
    for i in 0..50_000 {
        doc.push_str(&format!(
            "<entry><id>urn:e{i}</id><title>e{i}</title></entry>"
        ));
    }
    doc.push_str("<subtitle>after</subtitle></feed>");
    let f = ok(doc.as_bytes());
    assert_kept_the_first_entries(&f, 50_000);
    let (cut, total) = super::cap_entries(&doc, 2).expect("cut");
    assert_eq!(total, 50_000);
    assert!(
        cut.ends_with("e1</title></entry><subtitle>after</subtitle></feed>"),
        "{cut}"
    );
    assert_eq!(super::cap_entries(&doc, 50_000), None);
}

#[test]
fn json_feed_entry_cap_cuts_before_parsing_and_keeps_members_after_items() {
    // 50,000 JSON Feed items, the feed's title after them: the first
    // MAX_ENTRIES are kept, in order, and the title survives the cut. The
    // last item is one feed-rs refuses (an object as its id): parsed, it
    // would fail the whole feed, so only a cut before parsing passes.
    let mut items: Vec<String> = (0..50_000)
        .map(|i| format!(r#"{{"id":"e{i}","title":"e{i}","content_text":"x"}}"#))
        .collect();
    items.push(r#"{"id":{"not":"a string"},"title":"refused"}"#.to_string());
    let doc = format!(
        r#"{{"version":"https://jsonfeed.org/version/1.1","items":[{}],"title":"after the items"}}"#,
        items.join(",")
    );
    let f = ok(doc.as_bytes());
    assert_kept_the_first_entries(&f, 50_001);
    assert_eq!(f.title.as_deref(), Some("after the items"));
}

/// The entries titled `e0`, `e1`, ... were cut to the first `MAX_ENTRIES`,
/// in order, and the repair names the document's `total`.
fn assert_kept_the_first_entries(f: &crate::model::ParsedFeed, total: usize) {
    assert_eq!(f.entries.len(), MAX_ENTRIES);
    assert_eq!(f.entries[0].title, "e0");
    assert_eq!(
        f.entries[MAX_ENTRIES - 1].title,
        format!("e{}", MAX_ENTRIES - 1)
    );
    assert!(
        f.repairs
            .iter()
            .any(|r| *r == format!("kept the first {MAX_ENTRIES} of {total} entries")),
        "{:?}",
        f.repairs
    );
}

#[test]
fn huge_fields_are_cut_to_their_caps() {
    let title = "NATO ".repeat(3_000_000);
    let summary = "<p>word</p> ".repeat(100_000);
    let author = "J".repeat(10_000);
    let categories: String = (0..500)
        .map(|i| format!("<category>c{i}</category>"))
        .collect();
    let doc = format!(
        "<rss version=\"2.0\"><channel><title>{title}</title><item><guid>1</guid><title>{title}</title>\
         <description><![CDATA[{summary}]]></description><author>{author}</author>{categories}</item></channel></rss>"
    );
    let f = ok(doc.as_bytes());
    let e = &f.entries[0];
    assert!(
        e.title.len() <= MAX_TITLE_BYTES && e.title.ends_with('…'),
        "{}",
        e.title.len()
    );
    assert!(e.title.starts_with("NATO NATO"));
    assert!(
        f.title
            .as_deref()
            .is_some_and(|t| t.len() <= MAX_TITLE_BYTES)
    );
    assert!(e.summary.len() <= MAX_SUMMARY_BYTES && e.summary.ends_with('…'));
    assert!(
        e.author
            .as_deref()
            .is_some_and(|a| a.len() <= MAX_LABEL_BYTES)
    );
    assert_eq!(e.categories.len(), MAX_CATEGORIES);
    // A multi-byte character at the cut is not split.
    assert_eq!(super::text_field(&"é".repeat(10), 5), "é…");
    assert_eq!(super::text_field("short", 5), "short");
}

#[test]
fn runs_longer_than_the_cap_are_cut_before_parsing() {
    let long = "a".repeat(100);
    let doc = format!("<r><t>{long}&amp;x</t><u>{long}</u><v>short</v></r>");
    let (cut, runs) = super::cap_runs(&doc, 40).expect("cut");
    assert_eq!(runs, 2);
    assert!(
        cut.starts_with(&format!("<r><t>{}", "a".repeat(34))),
        "{cut}"
    );
    assert!(cut.contains("aaaa&amp;x</t>"), "the tail is kept: {cut}");
    assert!(cut.ends_with("<v>short</v></r>"), "{cut}");
    assert_eq!(super::cap_runs(&doc, 1000), None);
    // A document starting with a multi-byte character (found by the
    // property test below: slicing one byte past it panicked).
    assert_eq!(super::cap_runs("€aa<x>", 1), None);
    let (cut, _) = super::cap_runs(&format!("€{}<x/>", "a".repeat(100)), 8).expect("cut");
    assert!(
        cut.starts_with("€aaaaa") && cut.ends_with("aaaa<x/>"),
        "{cut}"
    );
    let doc = format!(
        "€<rss version=\"2.0\"><channel><title>{}</title></channel></rss>",
        "t".repeat(2_000_000)
    );
    let _ = parse_feed(doc.as_bytes(), None, BASE);
    // An entity at the cut is not split; a multi-byte character neither.
    let doc = format!("<t>{}&eacute;{}</t>", "b".repeat(37), "é".repeat(60));
    let (cut, _) = super::cap_runs(&doc, 40).expect("cut");
    assert!(
        cut.starts_with(&format!("<t>{}é", "b".repeat(37))) || !cut.contains("&eac"),
        "{cut}"
    );
    assert!(!cut.contains("&eac") || cut.contains("&eacute;"), "{cut}");
    // A huge title parses, cut, with the repair reported.
    let title = "NATO ".repeat(400_000);
    let f = ok(format!("<rss version=\"2.0\"><channel><item><guid>1</guid><title>{title}</title></item></channel></rss>").as_bytes());
    assert!(f.entries[0].title.starts_with("NATO NATO"));
    assert!(
        f.repairs.iter().any(|r| r.starts_with("cut 1 text run")),
        "{:?}",
        f.repairs
    );
}

mod cuts {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        /// The pre-parse cuts never panic, never grow the text, keep its
        /// start, and leave no run longer than the cap (plus its tail).
        #[test]
        fn cuts_are_bounded_and_keep_the_start(
            s in "([<>&;]|</item>|</entry>|[aé€ ]{1,12}){0,80}",
            max in 1usize..24,
        ) {
            if let Some((cut, runs)) = super::super::cap_runs(&s, max) {
                prop_assert!(runs > 0);
                prop_assert!(cut.len() < s.len());
                let longest = cut.split('<').map(str::len).max().unwrap_or(0);
                prop_assert!(longest <= max + super::super::RUN_TAIL_BYTES + 1, "{cut:?}");
            }
            if let Some((cut, total)) = super::super::cap_entries(&s, max) {
                prop_assert!(total > max);
                prop_assert!(cut.len() < s.len());
            }
            let text = super::super::text_field(&s, max + 3);
            prop_assert!(text.len() <= (max + 3).max(s.len()));
        }
    }
}

#[test]
fn a_cut_off_feed_says_where_it_ends_and_what_is_open() {
    let doc = b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Wire</title>\n<item><title>NATO &amp; OpenAI</title></item>\n<item><title>Half a hea";
    let err = parse_feed(doc, None, BASE)
        .expect_err("cut off")
        .to_string();
    assert!(
        err.starts_with("malformed feed: ")
            && err.contains("ends at line 4, column 24 inside <title> (opened at line 4, column 7): it was cut off"),
        "{err}"
    );
}
