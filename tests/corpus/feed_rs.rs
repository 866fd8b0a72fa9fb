//! feed-rs: its test fixtures and their expected JSON.

use super::*;

pub(crate) fn feed_rs(dir: &Path) -> Suite {
    let mut suite = Suite::new("feed-rs");
    for path in files_under(dir, &["xml", "json"]) {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        if name.ends_with(".serde.json") {
            continue;
        }
        let outcome = suite.run(&path, &read(&path), None, "");
        if name == "rss_2.0_invalid_1.xml" {
            suite.expect(
                &path,
                "must fail",
                !matches!(outcome, Outcome::Parsed(_)),
                || "parsed".into(),
            );
            continue;
        }
        let expected_path = path.with_extension("serde.json");
        let Ok(expected) = serde_json::from_slice::<Value>(&read(&expected_path)) else {
            continue;
        };
        let Outcome::Parsed(feed) = outcome else {
            suite.expect(&path, "parses", false, || {
                format!("{:?}", outcome_error(&outcome))
            });
            continue;
        };
        let exp_title = expected
            .pointer("/title/content")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let ours = feed.title.clone().unwrap_or_default();
        suite.expect(&path, "feed title", text_eq(&ours, exp_title), || {
            format!("{ours:?} vs {exp_title:?}")
        });
        let exp_entries = expected
            .get("entries")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let n = exp_entries.len();
        suite.expect(&path, "entry count", feed.entries.len() == n, || {
            format!("{} vs {n}", feed.entries.len())
        });
        for (i, exp) in exp_entries.iter().enumerate() {
            let Some(e) = feed.entries.get(i) else { break };
            let t = exp
                .pointer("/title/content")
                .and_then(Value::as_str)
                .unwrap_or_default();
            suite.expect(&path, "entry title", text_eq(&e.title, t), || {
                format!("[{i}] {:?} vs {t:?}", e.title)
            });
            let id = exp.get("id").and_then(Value::as_str).unwrap_or_default();
            let agreed = match &e.guid {
                Some(g) => g == id.trim(),
                None => looks_generated(id),
            };
            suite.expect(&path, "entry id", agreed, || {
                format!("[{i}] {:?} vs {id:?}", e.guid)
            });
        }
    }
    suite
}
