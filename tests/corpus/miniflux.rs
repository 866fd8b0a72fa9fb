//! miniflux: its parser test fixtures.

use super::*;

pub(crate) fn miniflux(dir: &Path) -> Suite {
    let mut suite = Suite::new("miniflux");
    let reader = dir.join("internal/reader");
    let parser_data = reader.join("parser/testdata");
    let mut content_types: BTreeMap<String, String> = BTreeMap::new();
    let mut rows = Vec::new();
    if let Ok(tsv) = std::fs::read_to_string(parser_data.join("expected_titles.tsv")) {
        for line in tsv.lines().skip(1) {
            let c: Vec<&str> = line.split('\t').collect();
            if c.len() >= 4 {
                content_types
                    .entry(c[0].to_string())
                    .or_insert_with(|| c[1].to_string());
                rows.push((
                    c[0].to_string(),
                    c[1].to_string(),
                    c[2].parse::<usize>().unwrap_or(0),
                    c[3].to_string(),
                ));
            }
        }
    }
    // Every file once (with the content type the table gives it, if any).
    for path in files_under(&reader, &["xml", "html"]) {
        let name = rel(&reader, &path);
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let ct = if name.starts_with("parser/") {
            content_types.get(&file).cloned()
        } else {
            None
        };
        let body = read(&path);
        let outcome = suite.run(&path, &body, ct.as_deref(), "https://example.org/");
        let decoded = decode(&body, None).text;
        let contains = |needle: &str| decoded.contains(needle);
        match name.as_str() {
            "encoding/testdata/utf8.xml"
            | "encoding/testdata/iso-8859-1.xml"
            | "encoding/testdata/invalid-prolog.xml"
            | "encoding/testdata/utf8-incorrect-prolog.xml" => {
                suite.expect(&path, "decodes Café", contains("Café"), || {
                    decoded.chars().take(200).collect()
                });
            }
            "encoding/testdata/windows-1252.xml"
            | "encoding/testdata/windows-1252-incorrect-prolog.xml" => {
                suite.expect(&path, "decodes Euro €", contains("Euro €"), || {
                    decoded.chars().take(200).collect()
                });
            }
            "encoding/testdata/koi8r.xml" | "xml/testdata/koi8r.xml" => {
                let Outcome::Parsed(f) = &outcome else {
                    suite.expect(&path, "parses", false, || outcome_error(&outcome));
                    continue;
                };
                let title = f.title.clone().unwrap_or_default();
                suite.expect(
                    &path,
                    "channel title",
                    title == "Пример RSS ленты",
                    || title.clone(),
                );
                suite.expect(&path, "2 items", f.entries.len() == 2, || {
                    f.entries.len().to_string()
                });
                let first = entry_title(f, 0).unwrap_or_default().to_string();
                suite.expect(
                    &path,
                    "first item",
                    first == "Первая новость",
                    || first.clone(),
                );
            }
            "xml/testdata/iso88591.xml" => {
                suite.expect(
                    &path,
                    "Anaïs/Jürgen",
                    contains("Anaïs") && contains("Jürgen"),
                    || decoded.clone(),
                );
            }
            "xml/testdata/iso88591_utf8_mismatch.xml" => {
                // miniflux drops the invalid bytes; we read them as windows-1252.
                suite.expect(
                    &path,
                    "Anas/Jrgen",
                    contains("Anas") && contains("Jrgen"),
                    || decoded.clone(),
                );
            }
            _ if file.ends_with(".html") => {
                let agreed = matches!(outcome, Outcome::Failed(ParseError::NotAFeed { .. }));
                suite.expect(&path, "HTML is not a feed", agreed, || {
                    outcome_error(&outcome)
                });
            }
            _ => {}
        }
    }
    for (file, ct, idx, title) in rows {
        let path = parser_data.join(&file);
        let body = read(&path);
        let result = catch_unwind(AssertUnwindSafe(|| {
            parse_feed(&body, Some(&ct), "https://example.org/")
        }));
        let ours = match &result {
            Ok(Ok(f)) => entry_title(f, idx).map(str::to_string),
            _ => None,
        };
        suite.expect(
            &path,
            &format!("entry {idx} title with {ct:?}"),
            ours.as_deref() == Some(title.as_str()),
            || format!("{ours:?} vs {title:?}"),
        );
    }
    suite
}
