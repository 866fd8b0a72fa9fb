//! gofeed: its test fixtures and their expected JSON.

use super::*;

pub(crate) fn gofeed(dir: &Path) -> Suite {
    let mut suite = Suite::new("gofeed");
    let testdata = dir.join("testdata");
    let mut universal: BTreeMap<String, (bool, String)> = BTreeMap::new();
    if let Ok(tsv) = std::fs::read_to_string(testdata.join("parser/universal/expected.tsv")) {
        for line in tsv.lines().skip(1) {
            let c: Vec<&str> = line.split('\t').collect();
            if c.len() >= 5 {
                universal.insert(c[0].to_string(), (c[2] == "true", c[4].to_string()));
            }
        }
    }
    for path in files_under(&testdata, &["xml", "json"]) {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let stem = name
            .trim_end_matches(".xml")
            .trim_end_matches(".json")
            .to_string();
        let is_json = name.ends_with(".json");
        // Expected-output files: `X_expected.json`, and `X.json` beside an `X.xml`.
        if name.ends_with("_expected.json") || (is_json && path.with_extension("xml").exists()) {
            continue;
        }
        let outcome = suite.run(&path, &read(&path), None, "");
        let in_universal = path
            .parent()
            .is_some_and(|p| p.ends_with("parser/universal"));
        if in_universal || name == "invalid.json" {
            let (ok_expected, title) = universal
                .get(&name)
                .cloned()
                .unwrap_or((false, String::new()));
            let parsed = matches!(outcome, Outcome::Parsed(_));
            suite.expect(&path, "parse_ok", parsed == ok_expected, || {
                outcome_error(&outcome)
            });
            if let Outcome::Parsed(f) = &outcome
                && ok_expected
            {
                let ours = f.title.clone().unwrap_or_default();
                suite.expect(&path, "feed title", text_eq(&ours, &title), || {
                    format!("{ours:?} vs {title:?}")
                });
            }
            continue;
        }
        let expected_path = if is_json {
            path.with_file_name(format!("{stem}_expected.json"))
        } else {
            path.with_extension("json")
        };
        let Ok(expected) = serde_json::from_slice::<Value>(&read(&expected_path)) else {
            continue;
        };
        let Outcome::Parsed(feed) = &outcome else {
            suite.expect(&path, "parses", false, || outcome_error(&outcome));
            continue;
        };
        let exp_title = expected
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let ours = feed.title.clone().unwrap_or_default();
        suite.expect(&path, "feed title", text_eq(&ours, exp_title), || {
            format!("{ours:?} vs {exp_title:?}")
        });
        let items = expected
            .get("items")
            .or_else(|| expected.get("entries"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        suite.expect(
            &path,
            "item count",
            feed.entries.len() == items.len(),
            || format!("{} vs {}", feed.entries.len(), items.len()),
        );
        for (i, item) in items.iter().enumerate() {
            let Some(e) = feed.entries.get(i) else { break };
            let t = item
                .get("title")
                .and_then(Value::as_str)
                .unwrap_or_default();
            suite.expect(&path, "item title", text_eq(&e.title, t), || {
                format!("[{i}] {:?} vs {t:?}", e.title)
            });
            let id = item
                .get("guid")
                .and_then(|g| {
                    g.as_str()
                        .or_else(|| g.get("value").and_then(Value::as_str))
                })
                .or_else(|| item.get("id").and_then(Value::as_str))
                .unwrap_or_default();
            let ours = e.guid.clone().unwrap_or_default();
            suite.expect(&path, "item id", ours == id.trim(), || {
                format!("[{i}] {ours:?} vs {id:?}")
            });
            if let Some(link) = item.get("link").and_then(Value::as_str) {
                let ours = e.link.clone().unwrap_or_default();
                let agreed = ours == normalize_url(link);
                suite.expect(&path, "item link", agreed, || {
                    format!("[{i}] {ours:?} vs {link:?}")
                });
            }
        }
    }
    suite
}
