//! Property tests: the parser never panics, printing round-trips, and the
//! percolator agrees with the naive evaluator and with explanations.

use super::super::ast::{Field, Node, Term, TermKind};
use super::super::normalize::{ENGLISH, StemMode};
use super::super::{Aliases, Query, TopicOptions, TopicSet, parse};
use super::{Doc, naive, test_aliases};
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "nato",
    "NATO",
    "Pentagon",
    "deal",
    "deals",
    "contract",
    "contracting",
    "AI",
    "ai",
    "US",
    "us",
    "café",
    "cafe",
    "openai",
    "net",
    "networks",
    "e-mail",
];
const DOC_WORDS: &[&str] = &[
    "nato",
    "NATO's",
    "Pentagon",
    "deal",
    "deals",
    "contract",
    "contracted",
    "AI",
    "ai",
    "US",
    "us",
    "Café",
    "cafe",
    "OpenAI",
    "net",
    "network",
    "e-mail",
    "mail",
    "x",
    ",",
    ".",
    "-",
    "e-mails",
    "Export",
    "licences",
];
const REGEXES: &[&str] = &["nat", "a/b", "de+al", "^ai", "\\bus\\b", "c.f"];
const FIELDS: &[Option<Field>] = &[
    None,
    None,
    None,
    Some(Field::Title),
    Some(Field::Summary),
    Some(Field::Content),
    Some(Field::Author),
    Some(Field::Category),
    Some(Field::Feed),
    Some(Field::Lead),
];

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(WORDS).prop_map(str::to_string)
}

fn simple_kind() -> impl Strategy<Value = TermKind> {
    prop_oneof![
        4 => word().prop_map(TermKind::Word),
        2 => prop::collection::vec(word(), 1..4).prop_map(|w| TermKind::Phrase { text: w.join(" "), slop: None }),
        1 => prop::sample::select(&["NATO", "US", "AI", "Pentagon"][..]).prop_map(|w| TermKind::Exact(w.to_string())),
        1 => prop::sample::select(&["nat", "con", "de", "caf", "e-ma", "export-lic"][..]).prop_map(|w| TermKind::Prefix(w.to_string())),
        1 => prop::sample::select(&["export licen*", "nat* deal", "de* contract*", "e-mail*"][..])
            .prop_map(|w| TermKind::Phrase { text: w.to_string(), slop: None }),
    ]
}

/// A NEAR operand: simple terms, aliases or OR groups of them, in `field`.
fn near_operand(field: Option<Field>) -> impl Strategy<Value = Node> {
    let term = move || {
        simple_kind()
            .prop_map(move |kind| Node::Term(Term { field, kind }))
            .boxed()
    };
    let alias = move || {
        prop::sample::select(&["ai", "labs", "mil"][..])
            .prop_filter_map("alias", move |name| {
                let src = match field {
                    Some(f) => format!("{f}:@{name}"),
                    None => format!("@{name}"),
                };
                parse(&src, &test_aliases()).ok().map(|q| q.root)
            })
            .boxed()
    };
    prop_oneof![
        3 => term(),
        1 => alias(),
        1 => prop::collection::vec(prop_oneof![term(), alias()], 2..4).prop_map(Node::Or),
    ]
}

fn leaf() -> impl Strategy<Value = Node> {
    let field = prop::sample::select(FIELDS);
    prop_oneof![
        6 => (field.clone(), simple_kind()).prop_map(|(field, kind)| Node::Term(Term { field, kind })),
        1 => (field.clone(), prop::collection::vec(word(), 1..4), 1u32..6).prop_map(|(field, w, n)| {
            Node::Term(Term { field, kind: TermKind::Phrase { text: w.join(" "), slop: Some(n) } })
        }),
        1 => (field.clone(), prop::sample::select(&["nat* deal", "con* con*", "export licen*", "de* nato de*"][..]), 1u32..6).prop_map(|(field, w, n)| {
            Node::Term(Term { field, kind: TermKind::Phrase { text: w.to_string(), slop: Some(n) } })
        }),
        2 => (field.clone(), 1u32..6).prop_flat_map(|(field, distance)| {
            (near_operand(field), near_operand(field)).prop_map(move |(l, r)| Node::Near {
                left: Box::new(l),
                right: Box::new(r),
                distance,
            })
        }),
        1 => (field.clone(), prop::sample::select(REGEXES)).prop_map(|(field, r)| {
            Node::Term(Term { field, kind: TermKind::Regex(r.to_string()) })
        }),
        1 => prop::sample::select(&["reuters.com", "www.reuters.com", "apnews.com", "com"][..])
            .prop_map(|d| Node::Term(Term { field: Some(Field::Site), kind: TermKind::Site(d.to_string()) })),
        1 => (prop::sample::select(&["ai", "labs", "mil", "outlets"][..]), field).prop_filter_map(
            "alias with field",
            |(name, field)| {
                let src = match (name, field) {
                    ("outlets", _) => "site:@outlets".to_string(),
                    (n, Some(f)) => format!("{f}:@{n}"),
                    (n, None) => format!("@{n}"),
                };
                parse(&src, &test_aliases()).ok().map(|q| q.root)
            }
        ),
    ]
}

fn node() -> impl Strategy<Value = Node> {
    leaf().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4).prop_map(Node::And),
            prop::collection::vec(inner.clone(), 2..4).prop_map(Node::Or),
            inner.prop_map(|n| Node::Not(Box::new(n))),
        ]
    })
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(DOC_WORDS), 0..12).prop_map(|w| w.join(" "))
}

fn doc() -> impl Strategy<Value = Doc> {
    (
        text(),
        text(),
        text(),
        prop::option::of(text()),
        prop::collection::vec(text(), 0..3),
        text(),
        prop::option::of(prop::sample::select(
            &[
                "https://www.reuters.com/a",
                "http://apnews.com",
                "https://example.org/",
            ][..],
        )),
    )
        .prop_map(
            |(title, summary, content, author, categories, feed_name, link)| Doc {
                title,
                summary,
                content,
                author,
                categories,
                feed_name,
                feed_tags: vec!["wire".into()],
                link: link.map(str::to_string),
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn parser_never_panics_on_any_string(s in any::<String>()) {
        let _ = parse(&s, &test_aliases());
    }

    #[test]
    fn parser_never_panics_on_query_like_strings(s in "[a-zA-Z0-9()\" :/*=@~.'\\\\-]{0,40}") {
        if let Err(e) = parse(&s, &test_aliases()) {
            prop_assert!(e.column >= 1 && e.column <= s.chars().count() + 1, "{e:?}");
            let _ = e.render(&s);
        }
    }

    #[test]
    fn print_parse_round_trips(n in node()) {
        let printed = n.to_string();
        let reparsed = parse(&printed, &test_aliases());
        prop_assert!(reparsed.is_ok(), "{printed}: {reparsed:?}");
        if let Ok(q) = reparsed {
            prop_assert_eq!(q.root, n, "printed: {}", printed);
        }
    }

    #[test]
    fn percolator_equals_naive_evaluation(queries in prop::collection::vec(node(), 1..6), d in doc(), stem in any::<bool>()) {
        let options = TopicOptions { stem, ..TopicOptions::default() };
        let mode = if stem { StemMode::Snowball(ENGLISH) } else { StemMode::None };
        let topics: Vec<_> = queries
            .iter()
            .enumerate()
            .map(|(i, n)| (format!("t{i}"), Query { root: n.clone() }, options.clone()))
            .collect();
        let set = TopicSet::new(topics);
        let got: Vec<String> = set.match_document(&d.view()).into_iter().map(|h| h.topic).collect();
        let want: Vec<String> = queries
            .iter()
            .enumerate()
            .filter(|(_, n)| naive::eval(n, &d, mode))
            .map(|(i, _)| format!("t{i}"))
            .collect();
        prop_assert_eq!(&got, &want, "queries {:?}", queries.iter().map(|q| q.to_string()).collect::<Vec<_>>());
        for i in 0..queries.len() {
            let name = format!("t{i}");
            let explained = set.explain(&name, &d.view()).map(|e| e.matched);
            prop_assert_eq!(explained, Some(want.contains(&name)));
        }
    }

    /// One set reused across documents (the per-thread word cache and
    /// stamps carry over), interleaved with a second set (which invalidates
    /// them), still agrees with the naive evaluator on every document.
    #[test]
    fn percolator_equals_naive_across_documents_and_sets(
        queries in prop::collection::vec(node(), 1..6),
        other in prop::collection::vec(node(), 1..3),
        docs in prop::collection::vec(doc(), 1..6),
    ) {
        let mode = StemMode::Snowball(ENGLISH);
        let set_of = |qs: &[Node]| {
            TopicSet::new(qs.iter().enumerate()
                .map(|(i, n)| (format!("t{i}"), Query { root: n.clone() }, TopicOptions::default()))
                .collect())
        };
        let (set, second) = (set_of(&queries), set_of(&other));
        for (k, d) in docs.iter().enumerate() {
            for _ in 0..2 {
                let got: Vec<String> = set.match_document(&d.view()).into_iter().map(|h| h.topic).collect();
                let want: Vec<String> = queries.iter().enumerate()
                    .filter(|(_, n)| naive::eval(n, d, mode))
                    .map(|(i, _)| format!("t{i}"))
                    .collect();
                prop_assert_eq!(&got, &want, "doc {} queries {:?}", k, queries.iter().map(|q| q.to_string()).collect::<Vec<_>>());
            }
            if k % 2 == 1 {
                let _ = second.match_document(&d.view());
            }
        }
    }
}

#[test]
fn empty_aliases_are_usable() {
    assert!(parse("@x", &Aliases::empty()).is_err());
}

/// Guards the equivalence property against vacuity: generated queries must
/// match generated documents often, but not always.
#[test]
fn generated_cases_are_not_trivial() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut matched = 0;
    let total = 400;
    for _ in 0..total {
        let (Ok(n), Ok(d)) = (node().new_tree(&mut runner), doc().new_tree(&mut runner)) else {
            continue;
        };
        if naive::eval(&n.current(), &d.current(), StemMode::Snowball(ENGLISH)) {
            matched += 1;
        }
    }
    assert!(
        matched > total / 10 && matched < total * 9 / 10,
        "{matched} of {total} matched"
    );
}
