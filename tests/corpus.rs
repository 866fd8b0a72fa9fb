//! Conformance run of `feed::parse_feed` over the third-party feed corpus
//! (`shared/corpus`, see its README): feedparser, feed-rs, gofeed, miniflux,
//! JSON Feed, rss2email, the W3C feed validator and defusedxml.
//!
//! Every input file goes through `parse_feed` under `catch_unwind`: none may
//! panic, each must parse or return a clean error. Where a suite states
//! expected values we map the simple ones onto our model and count
//! agreement; one line per suite is printed:
//! `corpus <suite>: files=N parsed=N errors=N panics=0 expectations=N agree=N (xx.x%)`.
//! The test fails on any panic, or when a suite's agreement drops below its
//! floor (set just under what we achieve, so regressions show).
//!
//! Text comparisons run the expected value through `html_to_text` too: the
//! suites expect (sanitized) HTML, we produce plain text, and comparing the
//! plain-text forms checks what we are responsible for.
//!
//! `FEEDWATCH_CORPUS` overrides the corpus location (default
//! `../shared/corpus` from the crate root); `FEEDWATCH_CORPUS_VERBOSE=1`
//! prints every disagreement.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Timelike, Utc};
use feedwatch::feed::{ParseError, decode, html_to_text, parse_feed};
use feedwatch::model::ParsedFeed;
use serde_json::Value;

/// Agreement floors in percent, per suite (just under the measured figure).
const FLOORS: &[(&str, f64)] = &[
    ("feedparser", 89.0),
    ("feed-rs", 99.5),
    ("gofeed", 96.5),
    ("miniflux", 95.0),
    ("jsonfeed", 99.5),
    ("rss2email", 0.0), // no machine-readable expectations: parse-only
    ("w3c-feedvalidator", 85.5),
    ("defusedxml", 99.5),
];

enum Outcome {
    Parsed(ParsedFeed),
    Failed(ParseError),
    Panicked(String),
}

#[derive(Default)]
struct Suite {
    name: &'static str,
    files: usize,
    parsed: usize,
    errors: usize,
    panics: usize,
    expectations: usize,
    agree: usize,
    disagreements: Vec<String>,
    error_details: Vec<String>,
}

impl Suite {
    fn new(name: &'static str) -> Self {
        Suite {
            name,
            ..Suite::default()
        }
    }

    /// Parses one file and records the outcome.
    fn run(&mut self, path: &Path, body: &[u8], content_type: Option<&str>, base: &str) -> Outcome {
        self.files += 1;
        let outcome = match catch_unwind(AssertUnwindSafe(|| parse_feed(body, content_type, base)))
        {
            Ok(Ok(feed)) => Outcome::Parsed(feed),
            Ok(Err(ParseError::Panicked(msg))) => Outcome::Panicked(msg),
            Ok(Err(e)) => Outcome::Failed(e),
            Err(_) => Outcome::Panicked("panic escaped parse_feed".to_string()),
        };
        match &outcome {
            Outcome::Parsed(_) => self.parsed += 1,
            Outcome::Failed(e) => {
                self.errors += 1;
                self.error_details.push(format!("{}: {e}", path.display()));
            }
            Outcome::Panicked(msg) => {
                self.panics += 1;
                self.disagreements
                    .push(format!("PANIC {}: {msg}", path.display()));
            }
        }
        outcome
    }

    fn expect(&mut self, path: &Path, what: &str, agreed: bool, detail: impl FnOnce() -> String) {
        self.expectations += 1;
        if agreed {
            self.agree += 1;
        } else {
            self.disagreements
                .push(format!("{} {what}: {}", path.display(), detail()));
        }
    }

    fn percent(&self) -> f64 {
        if self.expectations == 0 {
            100.0
        } else {
            100.0 * self.agree as f64 / self.expectations as f64
        }
    }

    fn report(&self) -> String {
        format!(
            "corpus {}: files={} parsed={} errors={} panics={} expectations={} agree={} ({:.1}%)",
            self.name,
            self.files,
            self.parsed,
            self.errors,
            self.panics,
            self.expectations,
            self.agree,
            self.percent()
        )
    }
}

#[test]
fn corpus_conformance() {
    let root = std::env::var_os("FEEDWATCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    if !root.is_dir() {
        println!("corpus not found at {}, skipped", root.display());
        return;
    }
    let verbose = std::env::var_os("FEEDWATCH_CORPUS_VERBOSE").is_some_and(|v| v != "0");
    let suites = vec![
        feedparser(&root.join("feedparser")),
        feed_rs(&root.join("feed-rs")),
        gofeed(&root.join("gofeed")),
        miniflux(&root.join("miniflux")),
        jsonfeed(&root.join("jsonfeed")),
        parse_only(
            "rss2email",
            &root.join("rss2email"),
            &["rss", "atom", "xml"],
        ),
        w3c(&root.join("w3c-feedvalidator")),
        defusedxml(&root.join("defusedxml")),
    ];
    let mut failures = Vec::new();
    for suite in &suites {
        println!("{}", suite.report());
        if verbose {
            for d in &suite.disagreements {
                println!("  disagree {d}");
            }
            for e in &suite.error_details {
                println!("  error {e}");
            }
        }
        if suite.panics > 0 {
            failures.push(format!(
                "{}: {} panic(s): {:?}",
                suite.name, suite.panics, suite.disagreements
            ));
        }
        let floor = FLOORS
            .iter()
            .find(|(n, _)| *n == suite.name)
            .map_or(0.0, |(_, f)| *f);
        if suite.percent() < floor {
            failures.push(format!(
                "{}: agreement {:.1}% below floor {floor:.1}%",
                suite.name,
                suite.percent()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "corpus regressions:\n{}",
        failures.join("\n")
    );
}

// ---------------------------------------------------------------- helpers

fn files_under(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
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

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default()
}

fn text_eq(ours: &str, expected: &str) -> bool {
    ours == html_to_text(expected)
}

fn entry_title(f: &ParsedFeed, i: usize) -> Option<&str> {
    f.entries.get(i).map(|e| e.title.as_str())
}

/// URL in WHATWG-serialized form (`http://a.org` → `http://a.org/`), as
/// ours are; unparseable input is compared as written.
fn normalize_url(u: &str) -> String {
    url::Url::parse(u.trim()).map_or_else(|_| u.trim().to_string(), String::from)
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).display().to_string()
}

/// A suite whose files have no machine-readable expectations.
fn parse_only(name: &'static str, dir: &Path, exts: &[&str]) -> Suite {
    let mut suite = Suite::new(name);
    for path in files_under(dir, exts) {
        suite.run(&path, &read(&path), None, "");
    }
    suite
}

// ------------------------------------------------------------- feedparser

fn feedparser(dir: &Path) -> Suite {
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

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Str(String),
    Num(f64),
    Ident(String),
    Punct(char),
    Eq,
    Ne,
}

#[derive(Debug, Clone)]
enum Lit {
    Str(String),
    Tuple(Vec<f64>),
    Other,
}

#[derive(Debug, Clone)]
enum Step {
    Index(usize),
    Key(String),
}

#[derive(Debug)]
struct Clause {
    access: Vec<Step>, // first step is the root name as a Key
    negated: bool,
    cmp: Option<Lit>, // None: truthiness
    source: String,
}

/// Tokenizes a Python expression; `None` on anything we do not support.
fn tokenize(s: &str) -> Option<Vec<Tok>> {
    let chars: Vec<char> = s.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '\\' && matches!(chars.get(i + 1), Some('n') | Some('t')) {
            i += 2; // the manifest writes newlines between clauses as `\n`
        } else if c == '\''
            || c == '"'
            || (matches!(c, 'u' | 'b' | 'r') && matches!(chars.get(i + 1), Some('\'') | Some('"')))
        {
            let raw = c == 'r';
            if c != '\'' && c != '"' {
                i += 1;
            }
            let q = chars[i];
            i += 1;
            let mut out = String::new();
            loop {
                let ch = *chars.get(i)?;
                i += 1;
                if ch == q {
                    break;
                }
                if ch != '\\' || raw {
                    out.push(ch);
                    continue;
                }
                let esc = *chars.get(i)?;
                i += 1;
                match esc {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    '0' => out.push('\0'),
                    'x' | 'u' | 'U' => {
                        let n = match esc {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let hex: String = chars.get(i..i + n)?.iter().collect();
                        i += n;
                        out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                    }
                    other => {
                        if !matches!(other, '\\' | '\'' | '"') {
                            out.push('\\');
                        }
                        out.push(other);
                    }
                }
            }
            toks.push(Tok::Str(out));
        } else if c.is_ascii_digit()
            || (c == '-' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            let start = i;
            i += 1;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            toks.push(Tok::Num(text.parse().ok()?));
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            toks.push(Tok::Ident(chars[start..i].iter().collect()));
        } else if c == '=' && chars.get(i + 1) == Some(&'=') {
            toks.push(Tok::Eq);
            i += 2;
        } else if c == '!' && chars.get(i + 1) == Some(&'=') {
            toks.push(Tok::Ne);
            i += 2;
        } else if "[].(),+".contains(c) {
            toks.push(Tok::Punct(c));
            i += 1;
        } else {
            return None;
        }
    }
    Some(toks)
}

/// Splits an `Expect:` expression into clauses we understand; clauses we do
/// not (function calls, dicts, `bozo`) are dropped, and an expression with a
/// top-level `or` is dropped entirely.
fn parse_expect(expr: &str) -> Vec<Clause> {
    let Some(toks) = tokenize(expr) else {
        return Vec::new();
    };
    if toks.iter().any(|t| *t == Tok::Ident("or".into())) {
        return Vec::new();
    }
    let mut clauses = Vec::new();
    let mut depth = 0i32;
    let mut current = Vec::new();
    let mut parts = Vec::new();
    for t in toks {
        match &t {
            Tok::Punct('[') | Tok::Punct('(') => depth += 1,
            Tok::Punct(']') | Tok::Punct(')') => depth -= 1,
            _ => {}
        }
        if depth == 0 && t == Tok::Ident("and".into()) {
            parts.push(std::mem::take(&mut current));
        } else {
            current.push(t);
        }
    }
    parts.push(current);
    for part in parts {
        if let Some(c) = parse_clause(&part) {
            clauses.push(c);
        }
    }
    clauses
}

/// Renders tokens back to (roughly) the Python they came from, for messages.
fn render(toks: &[Tok]) -> String {
    let mut out = String::new();
    for t in toks {
        match t {
            Tok::Str(s) => out.push_str(&format!("{s:?}")),
            Tok::Num(n) => out.push_str(&n.to_string()),
            Tok::Ident(i) => out.push_str(&format!(" {i} ")),
            Tok::Punct(c) => out.push(*c),
            Tok::Eq => out.push_str(" == "),
            Tok::Ne => out.push_str(" != "),
        }
    }
    out.trim().to_string()
}

fn parse_clause(toks: &[Tok]) -> Option<Clause> {
    let source = render(toks);
    let mut i = 0;
    let negated = toks.first() == Some(&Tok::Ident("not".into()));
    if negated {
        i += 1;
    }
    let Some(Tok::Ident(root)) = toks.get(i) else {
        return None;
    };
    let mut access = vec![Step::Key(root.clone())];
    i += 1;
    loop {
        match (toks.get(i), toks.get(i + 1), toks.get(i + 2)) {
            (Some(Tok::Punct('[')), Some(Tok::Num(n)), Some(Tok::Punct(']'))) => {
                access.push(Step::Index(*n as usize))
            }
            (Some(Tok::Punct('[')), Some(Tok::Str(k)), Some(Tok::Punct(']'))) => {
                access.push(Step::Key(k.clone()))
            }
            (Some(Tok::Punct('.')), Some(Tok::Ident(k)), next) => {
                if next == Some(&Tok::Punct('(')) {
                    return None; // a method call
                }
                access.push(Step::Key(k.clone()));
                i += 2;
                continue;
            }
            _ => break,
        }
        i += 3;
    }
    if i == toks.len() {
        return Some(Clause {
            access,
            negated,
            cmp: None,
            source,
        });
    }
    let eq = match toks.get(i) {
        Some(Tok::Eq) => true,
        Some(Tok::Ne) => false,
        _ => return None,
    };
    if negated {
        return None;
    }
    let lit = parse_literal(&toks[i + 1..])?;
    Some(Clause {
        access,
        negated: !eq,
        cmp: Some(lit),
        source,
    })
}

fn parse_literal(toks: &[Tok]) -> Option<Lit> {
    match toks.first()? {
        Tok::Str(_) => {
            // String concatenation: 'a' + 'b'.
            let mut s = String::new();
            for (k, t) in toks.iter().enumerate() {
                match (k % 2, t) {
                    (0, Tok::Str(part)) => s.push_str(part),
                    (1, Tok::Punct('+')) => {}
                    _ => return None,
                }
            }
            Some(Lit::Str(s))
        }
        Tok::Punct('(') => {
            let mut nums = Vec::new();
            for t in &toks[1..] {
                match t {
                    Tok::Num(n) => nums.push(*n),
                    Tok::Punct(',') => {}
                    Tok::Punct(')') => return Some(Lit::Tuple(nums)),
                    _ => return None,
                }
            }
            None
        }
        _ => Some(Lit::Other),
    }
}

#[derive(Debug)]
enum Ours {
    /// Plain text (compared with the expected value's plain-text form).
    Text(String),
    /// Compared verbatim (ids, links, charsets).
    Exact(String),
    Date(Option<DateTime<Utc>>),
}

/// Maps a feedparser access path onto our result; `None` = not mapped.
fn lookup(access: &[Step], feed: Option<&ParsedFeed>, charset: &str) -> Option<Ours> {
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
fn compare(ours: &Ours, clause: &Clause) -> Option<bool> {
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

// ---------------------------------------------------------------- feed-rs

fn feed_rs(dir: &Path) -> Suite {
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

fn outcome_error(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Parsed(_) => "parsed".into(),
        Outcome::Failed(e) => e.to_string(),
        Outcome::Panicked(m) => format!("panic: {m}"),
    }
}

/// An id feed-rs invented: a UUID v4 or its SipHash-128 hex (unpadded).
fn looks_generated(id: &str) -> bool {
    let hexish = |s: &str| s.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    (id.len() == 36 && hexish(id) && id.matches('-').count() == 4)
        || (id.len() >= 17 && id.len() <= 32 && hexish(id))
}

// ----------------------------------------------------------------- gofeed

fn gofeed(dir: &Path) -> Suite {
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

// --------------------------------------------------------------- miniflux

fn miniflux(dir: &Path) -> Suite {
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

// --------------------------------------------------------------- jsonfeed

fn jsonfeed(dir: &Path) -> Suite {
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

// ------------------------------------------------------------------- w3c

fn w3c(dir: &Path) -> Suite {
    let mut suite = Suite::new("w3c-feedvalidator");
    let mut valid: BTreeMap<String, ()> = BTreeMap::new();
    if let Ok(tsv) = std::fs::read_to_string(dir.join("manifest.tsv")) {
        for line in tsv.lines().skip(1) {
            let c: Vec<&str> = line.split('\t').collect();
            // "No Error-class event": a valid feed, which must parse.
            if c.len() >= 3 && c[1] == "absent" && c[2] == "Error" {
                valid.insert(c[0].to_string(), ());
            }
        }
    }
    for path in files_under(dir, &["xml"]) {
        let outcome = suite.run(&path, &read(&path), None, "");
        if valid.contains_key(&rel(dir, &path)) {
            let parsed = matches!(outcome, Outcome::Parsed(_));
            suite.expect(&path, "valid feed parses", parsed, || {
                outcome_error(&outcome)
            });
        }
    }
    suite
}

// ------------------------------------------------------------- defusedxml

fn defusedxml(dir: &Path) -> Suite {
    let mut suite = Suite::new("defusedxml");
    for path in files_under(dir, &["xml"]) {
        let started = std::time::Instant::now();
        let outcome = suite.run(&path, &read(&path), None, "");
        let quick = started.elapsed() < std::time::Duration::from_secs(2);
        // Not feeds: a clean error, quickly, and never an expanded entity.
        let agreed = quick && matches!(outcome, Outcome::Failed(_));
        suite.expect(&path, "clean error, quickly", agreed, || {
            outcome_error(&outcome)
        });
    }
    suite
}
