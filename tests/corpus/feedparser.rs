//! feedparser: `Expect:` lines in each test file, mapped onto our model.

use crate::expect::*;

use super::*;

pub(crate) fn feedparser(dir: &Path) -> Suite {
    let mut suite = Suite::new("feedparser");
    let Ok(manifest) = std::fs::read_to_string(dir.join("manifest.tsv")) else {
        return suite;
    };
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 8 {
            continue;
        }
        let (rel_path, headers_json, skip_unless, expect) = (cols[0], cols[3], cols[4], cols[7]);
        let path = dir.join(rel_path);
        let body = read(&path);
        let is_http = rel_path.contains("http");
        let content_type = if is_http && !headers_json.is_empty() {
            serde_json::from_str::<Value>(headers_json)
                .ok()
                .and_then(|v| {
                    v.get("Content-type")
                        .and_then(Value::as_str)
                        .map(str::to_string)
                })
        } else {
            None
        };
        let base = if is_http {
            format!("http://127.0.0.1:8097/{rel_path}")
        } else {
            String::new()
        };
        let outcome = suite.run(&path, &body, content_type.as_deref(), &base);
        // chardet cases need charset sniffing, which we do not do.
        if skip_unless.contains("chardet") {
            continue;
        }
        let feed = match &outcome {
            Outcome::Parsed(f) => Some(f),
            _ => None,
        };
        let charset = decode(&body, content_type.as_deref()).charset;
        for clause in parse_expect(expect) {
            let Some(ours) = lookup(&clause.access, feed, &charset) else {
                continue;
            };
            let Some(agreed) = compare(&ours, &clause) else {
                continue;
            };
            suite.expect(&path, &clause.source, agreed, || format!("ours={ours:?}"));
        }
    }
    suite
}

#[derive(Debug)]
pub(crate) enum Ours {
    /// Plain text (compared with the expected value's plain-text form).
    Text(String),
    /// Compared verbatim (ids, links, charsets).
    Exact(String),
    Date(Option<DateTime<Utc>>),
}

/// Maps a feedparser access path onto our result; `None` = not mapped.
pub(crate) fn lookup(access: &[Step], feed: Option<&ParsedFeed>, charset: &str) -> Option<Ours> {
    let keys: Vec<String> = access
        .iter()
        .map(|s| match s {
            Step::Key(k) => k.clone(),
            Step::Index(n) => format!("#{n}"),
        })
        .collect();
    let k: Vec<&str> = keys.iter().map(String::as_str).collect();
    let root = match k[0] {
        "channel" => "feed",
        "items" => "entries",
        other => other,
    };
    match (root, &k[1..]) {
        ("encoding", []) => Some(Ours::Exact(charset.to_string())),
        ("feed", ["title"] | ["title_detail", "value"]) => Some(Ours::Text(
            feed.and_then(|f| f.title.clone()).unwrap_or_default(),
        )),
        ("entries", [idx, rest @ ..]) if idx.starts_with('#') => {
            let n: usize = idx[1..].parse().ok()?;
            let e = feed.and_then(|f| f.entries.get(n));
            let text = |s: Option<&str>| Some(Ours::Text(s.unwrap_or_default().to_string()));
            let or_else = |a: Option<&String>, b: Option<&String>| {
                a.filter(|s| !s.is_empty()).or(b).map(|s| s.to_string())
            };
            match rest {
                ["title"] | ["title_detail", "value"] => text(e.map(|e| e.title.as_str())),
                ["description"]
                | ["summary"]
                | ["summary_detail", "value"]
                | ["description_detail", "value"] => Some(Ours::Text(
                    e.and_then(|e| or_else(Some(&e.summary), Some(&e.content)))
                        .unwrap_or_default(),
                )),
                ["content", "#0", "value"] => Some(Ours::Text(
                    e.and_then(|e| or_else(Some(&e.content), Some(&e.summary)))
                        .unwrap_or_default(),
                )),
                ["link"] => Some(Ours::Exact(
                    e.and_then(|e| e.link.clone()).unwrap_or_default(),
                )),
                ["id"] | ["guid"] => Some(Ours::Exact(
                    e.and_then(|e| e.guid.clone()).unwrap_or_default(),
                )),
                ["author_detail", "name"] => text(e.and_then(|e| e.author.as_deref())),
                ["tags", m, "term"] if m.starts_with('#') => {
                    let m: usize = m[1..].parse().ok()?;
                    Some(Ours::Exact(
                        e.and_then(|e| e.categories.get(m).cloned())
                            .unwrap_or_default(),
                    ))
                }
                [
                    "published_parsed" | "issued_parsed" | "updated_parsed" | "modified_parsed"
                    | "date_parsed" | "created_parsed",
                ] => Some(Ours::Date(e.and_then(|e| e.published))),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `Some(agreed)`, or `None` when the clause's literal is not comparable.
pub(crate) fn compare(ours: &Ours, clause: &Clause) -> Option<bool> {
    let result = match (&clause.cmp, ours) {
        (None, Ours::Text(s) | Ours::Exact(s)) => !s.is_empty(),
        (None, Ours::Date(d)) => d.is_some(),
        (Some(Lit::Str(expected)), Ours::Text(s)) => text_eq(s, expected),
        (Some(Lit::Str(expected)), Ours::Exact(s)) => {
            s.trim().eq_ignore_ascii_case(expected.trim()) || *s == normalize_url(expected)
        }
        (Some(Lit::Tuple(t)), Ours::Date(d)) => {
            let Some(d) = d else {
                return Some(clause.negated); // no date: the equality is false
            };
            let ours = [
                d.year() as f64,
                d.month() as f64,
                d.day() as f64,
                d.hour() as f64,
                d.minute() as f64,
                d.second() as f64,
            ];
            t.len() >= 6 && t[..6] == ours
        }
        _ => return None,
    };
    Some(result != clause.negated)
}
