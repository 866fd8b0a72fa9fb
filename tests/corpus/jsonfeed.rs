//! JSON Feed: the spec's examples.

use super::*;

pub(crate) fn jsonfeed(dir: &Path) -> Suite {
    let mut suite = Suite::new("jsonfeed");
    for path in files_under(dir, &["json"]) {
        let name = rel(dir, &path);
        if name.starts_with("jsonfeed-schema/schema-") {
            continue; // JSON Schemas, not feeds
        }
        let outcome = suite.run(&path, &read(&path), None, "https://example.org/");
        let Outcome::Parsed(f) = &outcome else {
            suite.expect(&path, "parses", false, || outcome_error(&outcome));
            continue;
        };
        suite.expect(&path, "parses", true, String::new);
        if name.ends_with("id-unique/index.json") {
            let ids: Vec<Option<&str>> = f.entries.iter().map(|e| e.guid.as_deref()).collect();
            suite.expect(
                &path,
                "duplicate ids kept",
                ids == vec![Some("1"), Some("1")],
                || format!("{ids:?}"),
            );
        }
        if name.ends_with("schema/index.json") {
            let g = f.entries.first().map(|e| e.guid.clone());
            suite.expect(
                &path,
                "item without id has no guid",
                g == Some(None),
                || format!("{g:?}"),
            );
        }
    }
    suite
}
