//! Query parser and evaluator: the bytes (as UTF-8, lossily) are a topic
//! query; parse it against fixed aliases, and when it parses, compile it and
//! match and explain it against a fixed item and one whose title is the
//! query text itself (so words of the query can match).
#![no_main]

use std::collections::BTreeMap;

use feedwatch::topics::{Aliases, Document, TopicOptions, TopicSet, parse};
use libfuzzer_sys::fuzz_target;

fn aliases() -> Aliases {
    let mut map = BTreeMap::new();
    map.insert(
        "defense".to_string(),
        vec![
            "Pentagon".into(),
            "NATO".into(),
            "\"armed forces\"".into(),
            "milit*".into(),
        ],
    );
    map.insert(
        "ai".to_string(),
        vec!["AI".into(), "=OpenAI".into(), "@labs".into()],
    );
    map.insert(
        "labs".to_string(),
        vec!["Anthropic".into(), "DeepMind".into()],
    );
    // Invariant: the map above is a valid, acyclic alias set.
    Aliases::new(map).expect("fixed aliases are valid")
}

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let aliases = aliases();
    let Ok(query) = parse(&src, &aliases) else {
        return;
    };
    let mut options = Vec::new();
    for (lang, stem) in [(None, true), (Some("de".to_string()), true), (None, false)] {
        options.push(TopicOptions {
            language: lang,
            stem,
            min_score: Some(0.5),
        });
    }
    let topics: Vec<_> = options
        .into_iter()
        .enumerate()
        .map(|(i, o)| (format!("t{i}"), query.clone(), o))
        .collect();
    let set = TopicSet::new(topics);
    let categories = vec!["Defense".to_string(), "Tech".to_string()];
    let tags = vec!["news".to_string()];
    let fixed = Document {
        title: "OpenAI signs a deal with the Pentagon",
        summary: "The U.S. Department of Defense awarded a $200m contract. NATO's allies watch; AI for armed forces.",
        content: "<p>Semi-conducteurs, l'exportation et e-mail: Dr. Smith said \"no\".</p> Zürich ÉTÉ café",
        author: Some("Jane Doe"),
        categories: &categories,
        feed_name: "reuters",
        feed_tags: &tags,
        link: Some("https://www.reuters.com/tech/openai-pentagon?utm_source=x"),
    };
    let echo = Document {
        title: &src,
        summary: &src,
        ..fixed
    };
    for doc in [&fixed, &echo] {
        let _ = set.match_document(doc);
        let _ = set.explain("t0", doc);
    }
});
