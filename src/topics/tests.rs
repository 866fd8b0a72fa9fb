//! Behaviour tests for the whole module through its public API: a table of
//! (query, text, expected) cases per construct, parse errors, the reference
//! defense-AI case, and property tests against a naive evaluator.

use super::*;
use std::collections::BTreeMap;

mod naive;
mod props;

/// An owned document for tests.
#[derive(Debug, Clone, Default)]
pub(super) struct Doc {
    pub title: String,
    pub summary: String,
    pub content: String,
    pub author: Option<String>,
    pub categories: Vec<String>,
    pub feed_name: String,
    pub feed_tags: Vec<String>,
    pub link: Option<String>,
}

impl Doc {
    pub(super) fn view(&self) -> Document<'_> {
        Document {
            title: &self.title,
            summary: &self.summary,
            content: &self.content,
            author: self.author.as_deref(),
            categories: &self.categories,
            feed_name: &self.feed_name,
            feed_tags: &self.feed_tags,
            link: self.link.as_deref(),
        }
    }

    fn text(summary: &str) -> Doc {
        Doc {
            summary: summary.to_string(),
            ..Doc::default()
        }
    }
}

fn test_aliases() -> Aliases {
    let mut map = BTreeMap::new();
    map.insert(
        "ai".to_string(),
        vec![
            "AI".into(),
            "artificial intelligence".into(),
            "@labs".into(),
        ],
    );
    map.insert(
        "labs".to_string(),
        vec!["OpenAI".into(), "Anthropic".into(), "=DeepMind".into()],
    );
    map.insert("mil".to_string(), vec!["Pentagon".into(), "milit*".into()]);
    map.insert(
        "outlets".to_string(),
        vec!["reuters.com".into(), "apnews.com".into()],
    );
    Aliases::new(map).unwrap_or_else(|e| panic!("test aliases are valid: {e}"))
}

fn topic_matches(query: &str, options: TopicOptions, doc: &Doc) -> bool {
    let q = parse(query, &test_aliases()).unwrap_or_else(|e| panic!("{}", e.render(query)));
    let set = TopicSet::new(vec![("t".into(), q, options)]);
    let hits = set.match_document(&doc.view());
    let explained = set.explain("t", &doc.view()).map(|e| e.matched);
    assert_eq!(
        explained,
        Some(!hits.is_empty()),
        "explain disagrees for {query}"
    );
    !hits.is_empty()
}

/// Runs (query, summary text, expected) cases with default options.
fn check_table(cases: &[(&str, &str, bool)]) {
    for (query, text, expected) in cases {
        let got = topic_matches(query, TopicOptions::default(), &Doc::text(text));
        assert_eq!(got, *expected, "query {query:?} on {text:?}");
    }
}

#[test]
fn boolean_operators_and_precedence() {
    check_table(&[
        ("nato", "NATO meets", true),
        ("nato pentagon", "NATO meets", false),
        ("nato pentagon", "NATO and the Pentagon", true),
        ("nato AND pentagon", "Pentagon, NATO", true),
        ("nato OR pentagon", "the Pentagon", true),
        ("nato OR pentagon", "the army", false),
        // NOT > AND > OR: a OR b AND NOT c == a OR (b AND (NOT c))
        ("a1 OR b1 AND NOT c1", "a1 c1", true),
        ("a1 OR b1 AND NOT c1", "b1 c1", false),
        ("a1 OR b1 AND NOT c1", "b1", true),
        ("(a1 OR b1) AND NOT c1", "a1 c1", false),
        ("a1 b1 OR c1", "c1", true),
        ("a1 b1 OR c1", "a1", false),
        ("-pentagon", "nothing here", true),
        ("-pentagon", "the pentagon", false),
        ("nato -pentagon", "nato pentagon", false),
        ("NOT NOT nato", "nato", true),
        // lower-case and/or are words
        ("cats and dogs", "cats dogs", false),
        ("cats and dogs", "cats and dogs", true),
        ("cats or dogs", "cats", false),
        ("((nato))", "NATO", true),
    ]);
}

#[test]
fn normalization_stemming_accents_and_words() {
    check_table(&[
        ("contract", "two contracts signed", true),
        ("contract", "they contracted it", true),
        ("contracts", "a contract", true),
        ("contract", "contractor", false),
        ("café", "a cafe opens", true),
        ("cafe", "Le Café", true),
        ("CAFÉ", "café", true),
        ("finance", "ﬁnance news", true), // NFKC ligature
        ("strasse", "Straße", true),
        ("NATO", "NATO's networks", true),
        ("NATO", "NATO’s networks", true),
        ("nato", "senator", false),
        ("e-mail", "send an e mail", true),
        ("e-mail", "email", false),
    ]);
}

/// In English, British and American spellings are one word, both ways, in
/// words and phrases; prefixes (not stemmed) and `stem = false` stay exact.
#[test]
fn british_and_american_spellings_meet() {
    check_table(&[
        ("defense", "The Ministry of Defence said", true),
        ("defence", "Pentagon defense contracts", true),
        ("program", "a £2bn programme", true),
        ("\"defense program\"", "the defence programme", true),
        ("organization", "the organisation's budget", true),
        (
            "license NEAR/3 export",
            "an export licence was refused",
            true,
        ),
        ("center", "the Centres for Disease Control", true),
        ("armor", "armoured vehicles", true),
        ("pediatric", "a paediatric ward", true),
        ("defenc*", "defense spending", false),
        ("defen*", "defense spending", true),
        // Look-alikes keep their meaning.
        ("rise", "prices rise", true),
        ("promise", "a promising start", true),
        ("exercise", "military exercises", true),
    ]);
    let raw = TopicOptions {
        stem: false,
        ..TopicOptions::default()
    };
    assert!(!topic_matches("defense", raw, &Doc::text("Defence")));
}

/// A compound word matches written closed, apart or hyphenated, both ways;
/// short parts do not split or join ("the rapist", "e mail").
#[test]
fn compounds_match_closed_open_and_hyphenated() {
    check_table(&[
        ("cyberattack", "a cyber attack on the hospital", true),
        ("cyberattack", "a cyber-attack on the hospital", true),
        ("cyberattacks", "two cyber attacks", true),
        ("cyber-attack", "the cyberattack", true),
        ("\"health care\"", "healthcare workers", true),
        ("\"data center\"", "a new datacenter", true),
        (
            "healthcare NEAR/3 ransomware",
            "a ransomware attack on health care",
            true,
        ),
        ("title:cyberattack", "cyber attack", false),
        // Only consecutive parts, and only parts of four letters or more.
        ("cyberattack", "cyber security and an attack", false),
        ("therapist", "the rapist", false),
        ("e-mail", "email", false),
        ("\"law makers\"", "lawmakers", false),
    ]);
    // Explanations and snippets name the term as written.
    let q = parse("cyberattack", &test_aliases()).unwrap_or_else(|e| panic!("{e:?}"));
    let set = TopicSet::new(vec![("t".into(), q, TopicOptions::default())]);
    let doc = Doc::text("A cyber-attack hit the hospital");
    let hits = set.match_document(&doc.view());
    let matched: Vec<String> = hits
        .iter()
        .flat_map(|h| h.matched.iter().map(|m| m.term.clone()))
        .collect();
    assert_eq!(matched, ["cyberattack"]);
}

#[test]
fn languages_and_no_stemming() {
    let de = TopicOptions {
        language: Some("de".into()),
        ..TopicOptions::default()
    };
    assert!(topic_matches("Häuser", de.clone(), &Doc::text("ein Haus")));
    let raw = TopicOptions {
        stem: false,
        ..TopicOptions::default()
    };
    assert!(!topic_matches(
        "contract",
        raw.clone(),
        &Doc::text("contracts")
    ));
    assert!(topic_matches("contract", raw, &Doc::text("Contract")));
    assert!(check_language("fr").is_ok());
    let err = check_language("klingon").unwrap_err();
    assert!(err.contains("klingon") && err.contains("de"), "{err}");
}

#[test]
fn exact_prefix_phrase_and_proximity() {
    check_table(&[
        ("=US", "US troops", true),
        ("=US", "join us", false),
        ("=US", "the us", false),
        ("=AI", "AI's rise", true),
        ("=AI", "ai rises", false),
        ("contract*", "contractors hired", true),
        ("contract*", "a contra deal", false),
        ("Contra*", "CONTRAST", true),
        (
            "\"artificial intelligence\"",
            "Artificial Intelligence!",
            true,
        ),
        (
            "\"artificial intelligence\"",
            "intelligence, artificial",
            false,
        ),
        (
            "\"artificial intelligence\"",
            "artificial - intelligence",
            true,
        ), // across punctuation
        (
            "\"artificial intelligence\"",
            "artificial general intelligence",
            false,
        ),
        ("\"signs contract\"", "signed contracts", true), // stemmed like terms
        ("\"openai nato\"~8", "NATO x x x x x x x OpenAI", true), // 8 apart, either order
        ("\"openai nato\"~8", "OpenAI x x x x x x x x NATO", false), // 9 apart
        ("openai NEAR/8 nato", "OpenAI 1 2 3 4 5 6 7 NATO", true),
        ("openai NEAR/8 nato", "NATO 1 2 3 4 5 6 7 8 OpenAI", false),
        ("openai NEAR/1 nato", "OpenAI NATO", true),
        ("openai NEAR/1 nato", "nato openai", true),
        ("nato NEAR/3 nato", "nato", false), // needs two occurrences
        ("nato NEAR/3 nato", "nato x nato", true),
        ("\"a1 b1 c1\"~2", "c1 a1 b1", true),
        ("\"a1 b1 c1\"~2", "c1 a1 x b1", false),
        ("\"a1 a1\"~3", "a1 x a1", true),
        ("\"a1 a1\"~3", "a1 x", false),
        ("\"big deal\" NEAR/2 nato", "a big deal with NATO", true),
        ("=US NEAR/2 contract*", "US signs contracts", true),
        ("/nato'?s? network/", "NATO's networks", true),
        ("/\\d{4}/", "in 2024", true),
        ("/\\d{4}/", "in 24", false),
        ("/caf/", "Café", true), // runs on folded text
    ]);
}

fn full_doc() -> Doc {
    Doc {
        title: "Pentagon signs deal".into(),
        summary: "A summary about budgets".into(),
        content: "Full text mentions drones".into(),
        author: Some("Jane Smith".into()),
        categories: vec!["Defense Policy".into(), "World".into()],
        feed_name: "Reuters World News".into(),
        feed_tags: vec!["wire".into(), "tier-one".into()],
        link: Some("https://www.Reuters.com/world/us/article?x=1".into()),
    }
}

#[test]
fn fields() {
    let d = full_doc();
    let cases = [
        ("title:pentagon", true),
        ("summary:pentagon", false),
        ("title:(pentagon AND deal)", true),
        ("title:(pentagon AND budget)", false),
        ("summary:budget", true),
        ("content:drone", true),
        ("drone", true),
        ("author:smith", true),
        ("author:\"jane smith\"", true),
        ("jane", false), // author is not a default field
        ("category:defense", true),
        ("category:\"policy world\"", false), // no phrase across values
        ("category:world", true),
        ("feed:reuters", true),
        ("feed:wire", true),
        ("feed:\"tier-one\"", true),
        ("feed:tech", false),
        ("site:reuters.com", true),
        ("site:www.reuters.com", true),
        ("site:euters.com", false),
        ("site:com", true),
        ("site:apnews.com", false),
        ("site:@outlets", true),
        ("title:/signs? deal/", true),
        ("summary:/signs? deal/", false),
        ("title:=Pentagon", true),
        ("title:pent*", true),
        ("summary:pent*", false),
        ("title:(pentagon NEAR/2 deal)", true),
    ];
    for (q, expected) in cases {
        assert_eq!(
            topic_matches(q, TopicOptions::default(), &d),
            expected,
            "{q}"
        );
    }
    let no_link = Doc {
        link: None,
        ..full_doc()
    };
    assert!(!topic_matches(
        "site:reuters.com",
        TopicOptions::default(),
        &no_link
    ));
}

#[test]
fn aliases_expand_nested_and_report_errors() {
    check_table(&[
        ("@ai", "artificial intelligence rises", true),
        ("@ai", "OpenAI ships", true),   // nested @labs
        ("@ai", "DeepMind ships", true), // exact entry
        ("@ai", "deepmind ships", false),
        ("@mil", "military drills", true), // prefix entry
        ("@ai AND @mil", "Anthropic and the Pentagon", true),
        ("title:@ai", "AI news", false), // field applies to entries
    ]);
    let mut map = BTreeMap::new();
    map.insert("a".to_string(), vec!["x".to_string(), "@b".to_string()]);
    map.insert("b".to_string(), vec!["@a".to_string()]);
    let err = Aliases::new(map).unwrap_err().to_string();
    assert!(err.contains("a -> b -> a"), "{err}");
    let mut map = BTreeMap::new();
    map.insert("a".to_string(), vec!["@nope".to_string()]);
    assert!(Aliases::new(map).unwrap_err().to_string().contains("@nope"));
    let mut map = BTreeMap::new();
    map.insert("a".to_string(), vec!["=two words".to_string()]);
    let err = Aliases::new(map).unwrap_err().to_string();
    assert!(err.contains("'a'") && err.contains("=two words"), "{err}");
    let mut map = BTreeMap::new();
    map.insert("a".to_string(), vec!["...".to_string()]);
    assert!(Aliases::new(map).is_err());
}

#[test]
fn min_score() {
    let opts = |m| TopicOptions {
        min_score: Some(m),
        ..TopicOptions::default()
    };
    let d = Doc {
        title: "NATO summit".into(),
        summary: "NATO leaders meet; NATO grows.".into(),
        ..Doc::default()
    };
    // title 3.0 + lead sentence 2 x 2.0 + one concept in the lead 3.0 = 10.0
    assert!(topic_matches("nato", opts(10.0), &d));
    assert!(!topic_matches("nato", opts(10.5), &d));
    assert!(!topic_matches("pentagon", opts(0.0), &d));
    let set = TopicSet::new(vec![(
        "t".into(),
        parse("nato OR pentagon", &Aliases::empty()).unwrap_or_else(|e| panic!("{e}")),
        TopicOptions::default(),
    )]);
    let hits = set.match_document(&d.view());
    assert_eq!(hits.first().map(|h| h.score), Some(10.0));
}

/// (query, 1-based column, a fragment of the message)
#[test]
fn parse_errors_have_column_and_message() {
    let cases = [
        ("(AI OR", 7, "expected a term after OR"),
        ("(AI", 4, "expected ')' to close the '(' at column 1"),
        ("AI AND", 7, "expected a term after AND"),
        ("\"open", 1, "unterminated phrase"),
        ("title:", 7, "expected a term after title:"),
        ("NEAR/x", 1, "invalid distance 'x'"),
        ("a NEAR/0 b", 3, "from 1 to 1000"),
        ("/[/", 1, "invalid regex"),
        ("@unknown", 1, "unknown alias '@unknown'"),
        ("", 1, "empty query"),
        ("a )", 3, "unmatched ')'"),
        ("AND a", 1, "expected a term, found AND"),
        ("titel:x", 1, "unknown field 'titel:'"),
        ("site:\"a b\"", 6, "site: expects a domain"),
        ("=two-words", 1, "single word"),
        ("a NEAR/3 b NEAR/3 c", 12, "cannot be chained"),
        ("(a b) NEAR/3 c", 1, "OR only, not AND"),
        (
            "c NEAR/3 (NOT a)",
            10,
            "NOT cannot be used inside a NEAR operand",
        ),
        ("title:a NEAR/3 b", 9, "same field"),
        ("/x/ NEAR/2 a", 1, "/regex/ cannot be a NEAR operand"),
        ("a NEAR/2 \"b c\"~3", 10, "cannot be a NEAR operand"),
        ("(title:a OR b) NEAR/2 c", 1, "same field"),
        ("(a NEAR/2 b) NEAR/2 c", 1, "cannot be nested"),
        ("re-*", 1, "must directly follow a letter"),
        ("\"export *licen\"", 1, "'*' must end a word"),
        (
            "x \"@ai @mil\"~5",
            3,
            "aliases are not expanded inside quotes",
        ),
        ("x \"\"", 3, "empty phrase"),
        ("/a{1000}{1000}/", 1, "size limit"),
        ("-", 1, "no letters or digits"),
        ("a \"b\"~", 6, "invalid distance"),
    ];
    for (src, column, fragment) in cases {
        match parse(src, &test_aliases()) {
            Ok(q) => panic!("{src:?} parsed as {q:?}"),
            Err(e) => {
                assert!(e.message.contains(fragment), "{src:?}: {}", e.message);
                assert_eq!(e.column, column, "{src:?}: {}", e.message);
            }
        }
    }
    let e = QueryError {
        column: 4,
        message: "boom".into(),
    };
    assert_eq!(e.render("(AI OR"), "(AI OR\n   ^ boom");
}

#[test]
fn errors_in_huge_queries_show_a_window_around_the_caret() {
    let query = format!("{}AND )", "word ".repeat(200_000));
    let err = parse(&query, &Aliases::empty())
        .err()
        .unwrap_or_else(|| panic!("must fail"));
    let rendered = err.render(&query);
    let lines: Vec<&str> = rendered.lines().collect();
    assert_eq!(lines.len(), 2, "{rendered}");
    assert!(lines[0].len() < 100, "{}", lines[0]);
    assert!(
        lines[0].starts_with("...") && lines[0].ends_with("AND )"),
        "{}",
        lines[0]
    );
    // The caret is under the ')'.
    let caret = lines[1].find('^').unwrap_or(0);
    assert_eq!(lines[0].as_bytes().get(caret), Some(&b')'), "{rendered}");
    // In the middle of a long query: text left out on both sides.
    let query = format!("{}) {}", "a ".repeat(1000), "b ".repeat(1000));
    let err = parse(&query, &Aliases::empty())
        .err()
        .unwrap_or_else(|| panic!("must fail"));
    let rendered = err.render(&query);
    let lines: Vec<&str> = rendered.lines().collect();
    assert!(
        lines[0].starts_with("...") && lines[0].ends_with("..."),
        "{rendered}"
    );
    let caret = lines[1].find('^').unwrap_or(0);
    assert_eq!(lines[0].as_bytes().get(caret), Some(&b')'), "{rendered}");
    // A huge term quoted in a message is cut.
    let query = format!("AND {}", "x".repeat(100_000));
    let err = parse(&query, &Aliases::empty())
        .err()
        .unwrap_or_else(|| panic!("must fail"));
    assert!(err.to_string().len() < 400, "{}", err.to_string().len());
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let src = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
    assert!(parse(&src, &Aliases::empty()).is_err());
    let src = "NOT ".repeat(10_000) + "a";
    assert!(parse(&src, &Aliases::empty()).is_err());
}

#[test]
fn printing_is_canonical() {
    let q = |s: &str| {
        parse(s, &test_aliases())
            .unwrap_or_else(|e| panic!("{}", e.render(s)))
            .to_string()
    };
    assert_eq!(q("a b OR c -d"), "(a AND b) OR (c AND NOT d)");
    assert_eq!(
        q("title:(a OR \"b c\"~3) site:x.com"),
        "(title:a OR title:\"b c\"~3) AND site:x.com"
    );
    assert_eq!(q("summary:(a NEAR/2 =B)"), "summary:a NEAR/2 summary:=B");
    assert_eq!(
        q("title:@ai NEAR/6 (title:x OR title:\"y z*\")"),
        "title:@ai NEAR/6 (title:x OR title:\"y z*\")"
    );
    assert_eq!(
        q("lead:(a b) semi-conduct*"),
        "(lead:a AND lead:b) AND semi-conduct*"
    );
    assert_eq!(q("/a\\/b/ @ai x*"), "/a\\/b/ AND @ai AND x*");
}

const DEFENSE: &str = "(AI OR \"artificial intelligence\" OR OpenAI) AND (Pentagon OR NATO OR military) AND (deal OR contract OR agreement)";

#[test]
fn defense_ai_contracts() {
    let q = parse(DEFENSE, &Aliases::empty()).unwrap_or_else(|e| panic!("{}", e.render(DEFENSE)));
    let set = TopicSet::new(vec![("defense-ai".into(), q, TopicOptions::default())]);
    let d = Doc {
        title: "ChatGPT Creator Eyes Deal to Bring AI Technology to NATO Networks".into(),
        summary: "OpenAI is exploring an agreement to provide its technology to NATO's non-classified networks, days after its Pentagon deal.".into(),
        ..Doc::default()
    };
    let hits = set.match_document(&d.view());
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    assert_eq!(hit.topic, "defense-ai");
    let has = |term: &str, field: &str| {
        hit.matched
            .iter()
            .any(|m| m.term == term && m.field == field)
    };
    assert!(
        has("AI", "title") && has("NATO", "title") && has("NATO", "summary"),
        "{:?}",
        hit.matched
    );
    assert!(has("OpenAI", "summary") && has("Pentagon", "summary") && has("agreement", "summary"));
    assert!(
        hit.snippet.contains("**OpenAI**") && hit.snippet.contains("**NATO**"),
        "{}",
        hit.snippet
    );
    let explained = set
        .explain("defense-ai", &d.view())
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(explained.contains("✓ NATO (title, summary)"), "{explained}");
    assert!(
        explained.contains("✗ \"artificial intelligence\""),
        "{explained}"
    );
    assert!(set.explain("nope", &d.view()).is_none());

    let bank = Doc::text("Bank signs AI contract for fraud detection");
    assert!(set.match_document(&bank.view()).is_empty());
    let bank = Doc {
        title: "Bank signs AI contract for fraud detection".into(),
        ..Doc::default()
    };
    assert!(set.match_document(&bank.view()).is_empty());
}

#[test]
fn hits_serialize_and_set_is_shareable() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<TopicSet>();
    let set = TopicSet::new(vec![(
        "t".into(),
        parse("café", &Aliases::empty()).unwrap_or_else(|e| panic!("{e}")),
        TopicOptions::default(),
    )]);
    assert_eq!(set.len(), 1);
    let hits = set.match_document(&Doc::text("Le Café de Flore").view());
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].snippet, "Le **Café** de Flore");
    assert_eq!(
        hits[0].matched,
        vec![MatchedTerm {
            term: "café".into(),
            field: "summary".into()
        }]
    );
    // Serialized as the payload and the database see it, and back.
    let json = serde_json::to_value(&hits[0]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["topic"], "t");
    assert_eq!(json["snippet"], "Le **Café** de Flore");
    assert_eq!(
        json["matched"],
        serde_json::json!([{ "term": "café", "field": "summary" }])
    );
    assert!(json["score"].is_number(), "{json}");
    let back: TopicHit = serde_json::from_value(json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, hits[0]);
    // Shared: other threads match with the same set, with the same result.
    let set = std::sync::Arc::new(set);
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let set = std::sync::Arc::clone(&set);
            std::thread::spawn(move || set.match_document(&Doc::text("Le Café de Flore").view()))
        })
        .collect();
    for thread in threads {
        let theirs = thread
            .join()
            .unwrap_or_else(|_| panic!("a matching thread panicked"));
        assert_eq!(theirs, hits);
    }
}

#[test]
fn many_topics_match_like_one() {
    let aliases = test_aliases();
    let queries = [
        "nato",
        "-nato",
        "/nat/",
        "site:reuters.com",
        "=NATO",
        "nat*",
        "nato NEAR/3 deal",
        "pentagon OR nato",
    ];
    let topics: Vec<_> = queries
        .iter()
        .enumerate()
        .map(|(i, q)| {
            (
                format!("t{i}"),
                parse(q, &aliases).unwrap_or_else(|e| panic!("{e}")),
                TopicOptions::default(),
            )
        })
        .collect();
    let set = TopicSet::new(topics);
    let d = Doc {
        summary: "NATO strikes a deal".into(),
        link: Some("http://reuters.com/x".into()),
        ..Doc::default()
    };
    let names: Vec<String> = set
        .match_document(&d.view())
        .into_iter()
        .map(|h| h.topic)
        .collect();
    assert_eq!(names, ["t0", "t2", "t3", "t4", "t5", "t6", "t7"]);
}

/// The per-thread word cache is cleared when it grows past its bound, and
/// when the thread switches to another topic set; matches stay correct.
#[test]
fn word_cache_clears_and_switches_sets() {
    let set_of = |q: &str| {
        TopicSet::new(vec![(
            "t".into(),
            parse(q, &Aliases::empty()).unwrap_or_else(|e| panic!("{e}")),
            TopicOptions::default(),
        )])
    };
    let (a, b) = (set_of("palantir contract*"), set_of("=NATO"));
    let many: Vec<String> = (0..60_000).map(|i| format!("w{i}x")).collect();
    let big = Doc::text(&many.join(" "));
    let hit = Doc::text("Palantir wins NATO contracts");
    for _ in 0..2 {
        assert!(a.match_document(&big.view()).is_empty());
        assert_eq!(a.match_document(&hit.view()).len(), 1);
        assert_eq!(b.match_document(&hit.view()).len(), 1);
        assert_eq!(a.match_document(&hit.view()).len(), 1);
        assert!(b.match_document(&Doc::text("nato").view()).is_empty());
    }
}

/// Issue 11: NEAR with groups and aliases on both sides.
#[test]
fn near_with_groups_and_aliases() {
    check_table(&[
        // Any alternative of the left within N of any of the right.
        (
            "(OpenAI OR Anthropic) NEAR/8 (Pentagon OR NATO)",
            "Anthropic will supply the Pentagon",
            true,
        ),
        (
            "(OpenAI OR Anthropic) NEAR/8 (Pentagon OR NATO)",
            "NATO 1 2 3 4 5 6 7 OpenAI",
            true,
        ),
        (
            "(OpenAI OR Anthropic) NEAR/8 (Pentagon OR NATO)",
            "NATO 1 2 3 4 5 6 7 8 OpenAI",
            false,
        ),
        // Aliases, nested aliases, prefixes and phrases among the
        // alternatives; a phrase counts from its near end.
        ("@ai NEAR/3 @mil", "OpenAI signs with military", true),
        (
            "@ai NEAR/3 @mil",
            "artificial intelligence for the Pentagon",
            true,
        ),
        (
            "@ai NEAR/3 @mil",
            "Pentagon x x artificial intelligence",
            true,
        ),
        (
            "@ai NEAR/3 @mil",
            "Pentagon x x x artificial intelligence",
            false,
        ),
        ("@ai NEAR/3 @mil", "OpenAI x x x x militias", false),
        (
            "@ai NEAR/2 (deal OR \"big contract\")",
            "a big contract for AI",
            true,
        ),
        // Operands with the same words need two occurrences.
        ("@mil NEAR/2 Pentagon", "the Pentagon", false),
        ("@mil NEAR/2 Pentagon", "the Pentagon and military", true),
        // A NEAR inside a larger query.
        ("@ai NEAR/3 @mil AND NOT bank", "OpenAI and military", true),
        (
            "@ai NEAR/3 @mil AND NOT bank",
            "OpenAI and military bank",
            false,
        ),
        ("-(@ai NEAR/3 @mil)", "OpenAI and military", false),
    ]);
    // Same field on both sides: the title only.
    let d = Doc {
        title: "OpenAI wins a deal".into(),
        summary: "OpenAI deal with the military".into(),
        ..Doc::default()
    };
    let o = TopicOptions::default;
    assert!(topic_matches("title:@ai NEAR/6 title:deal", o(), &d));
    assert!(!topic_matches("title:@ai NEAR/6 title:@mil", o(), &d));
    assert!(topic_matches("summary:(@ai NEAR/6 @mil)", o(), &d));
    // Never across fields: "deal" ends the title, "military" ends the summary.
    assert!(!topic_matches(
        "deal NEAR/2 Pentagon",
        o(),
        &Doc {
            title: "a deal".into(),
            summary: "Pentagon".into(),
            ..Doc::default()
        }
    ));
}

/// Issue 11: `lead:` is the title plus the first sentence of the summary,
/// or of the content without a summary.
#[test]
fn lead_field() {
    let d = Doc {
        title: "Bank signs AI deal".into(),
        summary: "The U.S. bank Acme Inc. signed with OpenAI on Monday. OpenAI's Pentagon \
                  contract was signed last year."
            .into(),
        content: "Pentagon officials were not involved.".into(),
        ..Doc::default()
    };
    let o = TopicOptions::default;
    assert!(topic_matches("lead:bank", o(), &d)); // title
    assert!(topic_matches("lead:OpenAI", o(), &d)); // first sentence
    assert!(topic_matches("lead:\"acme inc\"", o(), &d));
    assert!(!topic_matches("lead:Pentagon", o(), &d)); // second sentence, content
    assert!(topic_matches("Pentagon", o(), &d));
    assert!(topic_matches("lead:/monday/", o(), &d));
    assert!(!topic_matches("lead:/last year/", o(), &d));
    assert!(topic_matches("lead:(OpenAI NEAR/8 Monday)", o(), &d));
    assert!(!topic_matches("lead:(Monday NEAR/3 Pentagon)", o(), &d));
    // A phrase across the sentence end is not in the lead.
    assert!(!topic_matches("lead:\"monday openai\"", o(), &d));
    assert!(topic_matches("\"monday openai\"", o(), &d));
    // No summary: the content's first sentence.
    let c = Doc {
        summary: " ".into(),
        ..d.clone()
    };
    assert!(topic_matches("lead:Pentagon", o(), &c));
    assert!(!topic_matches("lead:OpenAI", o(), &c));
    // A sentence that never ends is cut after its 60th word.
    let words: Vec<String> = (0..100).map(|i| format!("w{i}")).collect();
    let long = Doc::text(&words.join(" "));
    assert!(topic_matches("lead:w59", o(), &long));
    assert!(!topic_matches("lead:w60", o(), &long));
    assert!(!topic_matches("lead:/w60/", o(), &long));
    assert!(topic_matches("lead:/w59$/", o(), &long));
}

/// Issue 11: prefixes with hyphens and apostrophes, phrases with prefixes.
#[test]
fn prefixes_with_punctuation_and_in_phrases() {
    check_table(&[
        ("semi-conducteur*", "les semi-conducteurs avancés", true),
        ("semi-conducteur*", "les semi conducteurs", true),
        ("semi-conducteur*", "les conducteurs", false),
        ("re-export*", "re-exported chips", true),
        ("re-export*", "exported chips", false),
        ("l'export*", "l'exportation des puces", true),
        ("l'export*", "export", false),
        ("\"export licen*\"", "new export licences", true),
        ("\"export licen*\"", "new export licensing rules", true),
        ("\"export licen*\"", "licences for export", false),
        (
            "\"contrôle* des exportations\"",
            "les contrôles des exportations",
            true,
        ),
        (
            "\"contrôle* des exportations\"",
            "contrôle des importations",
            false,
        ),
        ("\"export* licen*\"~3", "licences to export", true),
        ("\"export* licen*\"~3", "licences x x x export", false),
        ("\"exp* export\"~3", "export", false), // two distinct positions
        ("\"exp* export\"~3", "expanded export", true),
        ("\"@nasa launch\"", "NASA launch", true), // not an alias: a handle
        ("@ai NEAR/3 \"export licen*\"", "AI export licences", true),
    ]);
    let mut map = BTreeMap::new();
    map.insert(
        "controls".to_string(),
        vec![
            "export licen*".to_string(),
            "\"contrôle* des exportations\"".to_string(),
            "semi-conducteur*".to_string(),
        ],
    );
    let aliases = Aliases::new(map).unwrap_or_else(|e| panic!("{e}"));
    let q = parse("@controls", &aliases).unwrap_or_else(|e| panic!("{e}"));
    let set = TopicSet::new(vec![("t".into(), q, TopicOptions::default())]);
    for text in [
        "export licensing",
        "contrôles des exportations",
        "semi-conducteurs",
    ] {
        assert_eq!(
            set.match_document(&Doc::text(text).view()).len(),
            1,
            "{text}"
        );
    }
}

/// Issue 11: the score tells an item about the topic (concepts in the title
/// and lead sentence) from one that mentions it further down.
#[test]
fn scores_tell_subject_from_mention() {
    let q = "@mil @ai (deal OR contract)";
    let subject = Doc {
        title: "Pentagon signs AI deal".into(),
        summary: "The Pentagon signed a deal with OpenAI on Monday. It runs a year.".into(),
        ..Doc::default()
    };
    let mention = Doc {
        title: "Bank raises rates".into(),
        summary: "The bank raised rates on Monday. Analysts expected it. OpenAI's deal with \
                  the Pentagon was also discussed."
            .into(),
        ..Doc::default()
    };
    let set = TopicSet::new(vec![(
        "t".into(),
        parse(q, &test_aliases()).unwrap_or_else(|e| panic!("{e}")),
        TopicOptions::default(),
    )]);
    let score = |d: &Doc| {
        set.match_document(&d.view())
            .first()
            .map_or(0.0, |h| h.score)
    };
    // Subject: title 3 x 3 + lead sentence 3 x 2 + 3 concepts x 3 = 24.
    assert_eq!(score(&subject), 24.0);
    // Mention: 3 terms x 1, no concept in the lead.
    assert_eq!(score(&mention), 3.0);
    // The hit says how many required concepts the lead holds (the model's
    // `lead_concepts:` feature).
    let concepts = |d: &Doc| {
        set.match_document(&d.view())
            .first()
            .map(|h| (h.concepts, h.lead_concepts))
    };
    assert_eq!(concepts(&subject), Some((3, 3)));
    assert_eq!(concepts(&mention), Some((3, 0)));
    let e = set
        .explain("t", &subject.view())
        .unwrap_or_else(|| panic!("topic t"));
    let total: f64 = e.contributions.iter().map(Contribution::points).sum();
    assert_eq!(total, e.score);
    let text = e.to_string();
    assert!(text.contains("+3 Pentagon in title (1 x 3)"), "{text}");
    assert!(text.contains("+2 OpenAI in lead (1 x 2)"), "{text}");
    assert!(text.contains("+3 concept @ai in the lead"), "{text}");
    let min = |m: f64| TopicOptions {
        min_score: Some(m),
        ..TopicOptions::default()
    };
    assert!(topic_matches(q, min(10.0), &subject));
    assert!(!topic_matches(q, min(10.0), &mention));
}

/// What `try --near-misses` lists: the one required part that fails, as a
/// query would say it; nothing when an exclusion or two parts fail.
#[test]
fn the_only_missing_part_of_an_and() {
    let missing = |query: &str, title: &str| {
        let q = parse(query, &test_aliases()).unwrap_or_else(|e| panic!("{}", e.render(query)));
        let set = TopicSet::new(vec![("t".into(), q, TopicOptions::default())]);
        let doc = Doc {
            title: title.into(),
            ..Doc::default()
        };
        let explained = set
            .explain("t", &doc.view())
            .unwrap_or_else(|| panic!("topic t explains"));
        explained.root.only_missing_part().map(|p| p.describe())
    };
    let query = "(AI OR OpenAI) (Pentagon OR NATO) title:(deal OR contract) -title:opinion";
    assert_eq!(
        missing(query, "Bank signs AI contract for fraud detection").as_deref(),
        Some("(Pentagon OR NATO)")
    );
    assert_eq!(
        missing(query, "Pentagon signs contract for self-driving trucks").as_deref(),
        Some("(AI OR OpenAI)")
    );
    assert_eq!(
        missing("@mil title:deal", "Pentagon weighs an AI program").as_deref(),
        Some("title:deal")
    );
    // An alias under a field is named with its field.
    assert_eq!(
        missing("lead:@mil title:deal", "Bank signs a deal").as_deref(),
        Some("lead:@mil")
    );
    // Matches: nothing is missing.
    assert_eq!(missing(query, "Pentagon signs AI contract"), None);
    // Held back by an exclusion: not a near miss.
    assert_eq!(missing(query, "Opinion: the Pentagon's AI contract"), None);
    // Two parts fail.
    assert_eq!(missing(query, "Bank signs a contract"), None);
    // Not an AND at the top.
    assert_eq!(missing("Pentagon OR NATO", "Bank signs a contract"), None);
}
