//! Helpers shared by the suites.

use super::*;

pub(crate) fn files_under(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| exts.contains(&e))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

pub(crate) fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default()
}

pub(crate) fn text_eq(ours: &str, expected: &str) -> bool {
    ours == html_to_text(expected)
}

pub(crate) fn entry_title(f: &ParsedFeed, i: usize) -> Option<&str> {
    f.entries.get(i).map(|e| e.title.as_str())
}

/// URL in WHATWG-serialized form (`http://a.org` → `http://a.org/`), as
/// ours are; unparseable input is compared as written.
pub(crate) fn normalize_url(u: &str) -> String {
    url::Url::parse(u.trim()).map_or_else(|_| u.trim().to_string(), String::from)
}

pub(crate) fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).display().to_string()
}

/// A suite whose files have no machine-readable expectations.
pub(crate) fn parse_only(name: &'static str, dir: &Path, exts: &[&str]) -> Suite {
    let mut suite = Suite::new(name);
    for path in files_under(dir, exts) {
        suite.run(&path, &read(&path), None, "");
    }
    suite
}

pub(crate) fn outcome_error(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Parsed(_) => "parsed".into(),
        Outcome::Failed(e) => e.to_string(),
        Outcome::Panicked(m) => format!("panic: {m}"),
    }
}

/// An id feed-rs invented: a UUID v4 or its SipHash-128 hex (unpadded).
pub(crate) fn looks_generated(id: &str) -> bool {
    let hexish = |s: &str| s.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    (id.len() == 36 && hexish(id) && id.matches('-').count() == 4)
        || (id.len() >= 17 && id.len() <= 32 && hexish(id))
}
