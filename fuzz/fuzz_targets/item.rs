//! Item text through the topic matcher (`TopicSet::match_document`,
//! `TopicSet::explain`): the `query` target varies the query against two
//! short items; this one varies the item against fixed queries that use
//! every part of the language (fields, `lead:` and its first-sentence rule,
//! NEAR with groups, regexes, phrases ending in a prefix, prefixes with hyphens and
//! apostrophes, exclusions, aliases, `min_score`), in English with stems, in
//! German, and unstemmed. The bytes (lossy UTF-8) are cut at `\x1f` into
//! title, summary, content, author and categories (`\x1e` between
//! categories).
#![no_main]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use feedwatch::topics::{Aliases, Document, TopicOptions, TopicSet, parse};
use libfuzzer_sys::fuzz_target;

const QUERIES: &[&str] = &[
    r#"lead:@defense lead:@ai lead:@deal -title:(protest* OR challeng*) -lead:(raise NEAR/4 (round OR funding))"#,
    r#"(@ai NEAR/10 @defense) OR title:@ai NEAR/6 title:@deal OR "export licen*" OR "contrôle* des exportations""#,
    r#""armed forces"~3 OR semi-conducteur* OR re-export* OR l'exportation* OR author:doe OR category:defense"#,
    r#"(OpenAI OR Anthropic) NEAR/8 (Pentagon OR NATO) -summary:"not ransomware" feed:news site:reuters.com"#,
    r#"Pentagon /\$\d+(\.\d+)?\s*(m|bn)\b/ OR (title:"UPDATE 2" AND content:=KI)"#,
];

fn aliases() -> Aliases {
    let mut map = BTreeMap::new();
    map.insert(
        "defense".to_string(),
        vec![
            "Pentagon".into(),
            "NATO".into(),
            "\"armed forces\"".into(),
            "milit*".into(),
            "Verteidigungsministerium".into(),
        ],
    );
    map.insert(
        "ai".to_string(),
        vec![
            "AI".into(),
            "=KI".into(),
            "\"intelligence artificielle\"".into(),
            "@labs".into(),
        ],
    );
    map.insert(
        "labs".to_string(),
        vec!["Anthropic".into(), "=OpenAI".into()],
    );
    map.insert(
        "deal".to_string(),
        vec!["deal".into(), "contract*".into(), "agreement".into()],
    );
    // Invariant: the map above is a valid, acyclic alias set.
    Aliases::new(map).expect("fixed aliases are valid")
}

fn topics() -> TopicSet {
    let aliases = aliases();
    let mut topics = Vec::new();
    for (q, src) in QUERIES.iter().enumerate() {
        // Invariant: the fixed queries above parse with the fixed aliases.
        let query = parse(src, &aliases).expect("fixed queries parse");
        for (m, (language, stem)) in [(None, true), (Some("de".to_string()), true), (None, false)]
            .into_iter()
            .enumerate()
        {
            let options = TopicOptions {
                language,
                stem,
                min_score: (m == 0).then_some(2.0),
            };
            topics.push((format!("t{q}-{m}"), query.clone(), options));
        }
    }
    TopicSet::new(topics)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut fields = text.splitn(5, '\u{1f}');
    let title = fields.next().unwrap_or("");
    let summary = fields.next().unwrap_or("");
    let content = fields.next().unwrap_or("");
    let author = fields.next();
    let categories: Vec<String> = fields
        .next()
        .map(|c| c.split('\u{1e}').map(str::to_string).collect())
        .unwrap_or_default();
    let tags = vec!["news".to_string()];
    let doc = Document {
        title,
        summary,
        content,
        author,
        categories: &categories,
        feed_name: "reuters",
        feed_tags: &tags,
        link: Some("https://www.reuters.com/tech/openai-pentagon"),
    };
    static SET: OnceLock<TopicSet> = OnceLock::new();
    let set = SET.get_or_init(topics);
    let _ = set.match_document(&doc);
    for q in 0..QUERIES.len() {
        for m in 0..3 {
            let _ = set.explain(&format!("t{q}-{m}"), &doc);
        }
    }
});
