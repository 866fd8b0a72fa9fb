//! A deliberately simple evaluator straight over the AST and the raw
//! document (no index, no interning, no occurrence lists), used as the
//! oracle in property tests.
//!
//! It splits and folds words with its own code (below), char by char, so
//! a bug in the implementation's `tokenize`, `fold` or `words` (or their
//! ASCII fast paths) shows as a disagreement instead of being shared.

use super::super::analyze::{host_matches, host_of};
use super::super::ast::{Field, Node, Term, TermKind};
use super::super::lead::lead_end;
use super::super::normalize::StemMode;
use super::super::parser::build_regex;
use super::Doc;
use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

/// A word character: a letter, a digit or a combining mark.
fn word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// The words of `text` as (first char, end char) indices into its chars:
/// maximal runs of word characters; an apostrophe (' ’ ʼ) followed by "s"
/// and no further word character after a word is a possessive, dropped.
fn token_spans(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if word_char(c) {
            start.get_or_insert(i);
            i += 1;
            continue;
        }
        if let Some(s) = start.take() {
            out.push((s, i));
            let possessive = matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
                && matches!(chars.get(i + 1), Some('s' | 'S'))
                && !chars.get(i + 2).is_some_and(|c| word_char(*c));
            if possessive {
                i += 1;
            }
        }
        i += 1;
    }
    if let Some(s) = start {
        out.push((s, chars.len()));
    }
    out
}

/// The words of `text`, as written.
fn raw_words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    token_spans(&chars)
        .into_iter()
        .map(|(s, e)| chars[s..e].iter().collect())
        .collect()
}

/// Folds a word: compatibility decomposition, lower case, no combining
/// marks, "ß" as "ss".
fn fold(word: &str) -> String {
    let mut out = String::new();
    for c in word.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c == 'ß' || c == 'ẞ' {
            out.push_str("ss");
        } else {
            out.extend(c.to_lowercase().filter(|l| !is_combining_mark(*l)));
        }
    }
    out
}

/// The folded words of `text`.
fn words(text: &str) -> Vec<String> {
    raw_words(text).iter().map(|w| fold(w)).collect()
}

/// The folded words of a phrase, each marked when a `*` follows it.
fn phrase_words(text: &str) -> Vec<(String, bool)> {
    let chars: Vec<char> = text.chars().collect();
    token_spans(&chars)
        .into_iter()
        .map(|(s, e)| {
            let word: String = chars[s..e].iter().collect();
            (fold(&word), chars.get(e) == Some(&'*'))
        })
        .collect()
}

/// The whole text with its words folded and everything else lower-cased
/// (what regexes run on).
fn fold_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut last = 0;
    let lower = |from: usize, to: usize| chars[from..to].iter().collect::<String>().to_lowercase();
    for (s, e) in token_spans(&chars) {
        out.push_str(&lower(last, s));
        out.push_str(&fold(&chars[s..e].iter().collect::<String>()));
        last = e;
    }
    out.push_str(&lower(last, chars.len()));
    out
}

/// One word of a field value: original text and key.
struct W {
    original: String,
    folded: String,
    key: String,
}

fn values(doc: &Doc, f: Field) -> Vec<String> {
    match f {
        Field::Title => vec![doc.title.clone()],
        Field::Summary => vec![doc.summary.clone()],
        Field::Content => vec![doc.content.clone()],
        Field::Author => doc.author.clone().into_iter().collect(),
        Field::Category => doc.categories.clone(),
        Field::Feed => std::iter::once(doc.feed_name.clone())
            .chain(doc.feed_tags.iter().cloned())
            .collect(),
        Field::Site => Vec::new(),
        Field::Lead => {
            // The title, then the lead sentence of the summary (of the
            // content when the summary has no words).
            let src = if raw_words(&doc.summary).is_empty() {
                &doc.content
            } else {
                &doc.summary
            };
            vec![doc.title.clone(), src[..lead_end(src)].to_string()]
        }
    }
}

fn split(text: &str, mode: StemMode) -> Vec<W> {
    raw_words(text)
        .into_iter()
        .map(|original| {
            let folded = fold(&original);
            W {
                key: mode.key(&folded).into_owned(),
                folded,
                original,
            }
        })
        .collect()
}

fn fields_of(field: Option<Field>) -> Vec<Field> {
    match field {
        Some(f) => vec![f],
        None => vec![Field::Title, Field::Summary, Field::Content],
    }
}

/// One word position of a term.
enum Slot {
    Key(String),
    Prefix(String),
    Exact(String),
}

impl Slot {
    fn hit(&self, w: &W) -> bool {
        match self {
            Slot::Key(k) => w.key == *k,
            Slot::Prefix(p) => w.folded.starts_with(p.as_str()),
            Slot::Exact(e) => w.original == *e,
        }
    }
}

fn slots(kind: &TermKind, mode: StemMode) -> Vec<Slot> {
    let of = |pw: Vec<(String, bool)>| -> Vec<Slot> {
        pw.into_iter()
            .map(|(w, prefix)| {
                if prefix {
                    Slot::Prefix(w)
                } else {
                    Slot::Key(mode.key(&w).into_owned())
                }
            })
            .collect()
    };
    match kind {
        TermKind::Word(t) => words(t)
            .iter()
            .map(|w| Slot::Key(mode.key(w).into_owned()))
            .collect(),
        TermKind::Phrase { text, .. } => of(phrase_words(text)),
        TermKind::Prefix(p) => {
            let mut pw = phrase_words(p);
            if let Some(last) = pw.last_mut() {
                last.1 = true;
            }
            of(pw)
        }
        TermKind::Exact(w) => raw_words(w)
            .into_iter()
            .next()
            .map(|w| vec![Slot::Exact(w)])
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Spans (first, last word index) of a positional term in one value.
fn spans(kind: &TermKind, ws: &[W], mode: StemMode) -> Vec<(usize, usize)> {
    let slots = slots(kind, mode);
    if slots.is_empty() {
        return Vec::new();
    }
    (0..ws.len())
        .filter(|i| {
            i + slots.len() <= ws.len() && slots.iter().enumerate().all(|(j, s)| s.hit(&ws[i + j]))
        })
        .map(|i| (i, i + slots.len() - 1))
        .collect()
}

fn term(t: &Term, doc: &Doc, mode: StemMode) -> bool {
    if let TermKind::Site(d) = &t.kind {
        return doc
            .link
            .as_deref()
            .and_then(host_of)
            .is_some_and(|h| host_matches(&h, d));
    }
    if let TermKind::Regex(r) = &t.kind {
        let Ok(re) = build_regex(r) else { return false };
        return fields_of(t.field).into_iter().any(|f| {
            let folded: Vec<String> = values(doc, f).iter().map(|v| fold_text(v)).collect();
            re.is_match(&folded.join("\n"))
        });
    }
    for f in fields_of(t.field) {
        for v in values(doc, f) {
            let ws = split(&v, mode);
            let hit = match &t.kind {
                TermKind::Phrase {
                    text: _,
                    slop: Some(slop),
                } => sloppy(&slots(&t.kind, mode), *slop as usize, &ws),
                kind => !spans(kind, &ws, mode).is_empty(),
            };
            if hit {
                return true;
            }
        }
    }
    false
}

/// The alternatives of a NEAR operand and their field.
fn alternatives<'a>(node: &'a Node, out: &mut Vec<&'a Term>) {
    match node {
        Node::Term(t) => out.push(t),
        Node::Alias { body, .. } => alternatives(body, out),
        Node::Or(c) => c.iter().for_each(|n| alternatives(n, out)),
        _ => {}
    }
}

fn near(left: &Node, right: &Node, distance: usize, doc: &Doc, mode: StemMode) -> bool {
    let (mut l, mut r) = (Vec::new(), Vec::new());
    alternatives(left, &mut l);
    alternatives(right, &mut r);
    let Some(field) = l.first().map(|t| t.field) else {
        return false;
    };
    for f in fields_of(field) {
        for v in values(doc, f) {
            let ws = split(&v, mode);
            let a: Vec<(usize, usize)> = l.iter().flat_map(|t| spans(&t.kind, &ws, mode)).collect();
            let b: Vec<(usize, usize)> = r.iter().flat_map(|t| spans(&t.kind, &ws, mode)).collect();
            let hit = a.iter().any(|&(s1, e1)| {
                b.iter().any(|&(s2, e2)| {
                    (e1 < s2 && s2 - e1 <= distance) || (e2 < s1 && s1 - e2 <= distance)
                })
            });
            if hit {
                return true;
            }
        }
    }
    false
}

/// Some window of positions [s, s + slop] holds every slot at distinct
/// positions (tried by backtracking).
fn sloppy(slots: &[Slot], slop: usize, ws: &[W]) -> bool {
    fn place(slots: &[Slot], window: &[W], used: &mut Vec<bool>) -> bool {
        let Some((first, rest)) = slots.split_first() else {
            return true;
        };
        for i in 0..window.len() {
            if !used[i] && first.hit(&window[i]) {
                used[i] = true;
                if place(rest, window, used) {
                    return true;
                }
                used[i] = false;
            }
        }
        false
    }
    !slots.is_empty()
        && (0..ws.len()).any(|s| {
            let window = &ws[s..ws.len().min(s + slop + 1)];
            place(slots, window, &mut vec![false; window.len()])
        })
}

pub(in super::super) fn eval(node: &Node, doc: &Doc, mode: StemMode) -> bool {
    match node {
        Node::Term(t) => term(t, doc, mode),
        Node::And(c) => c.iter().all(|n| eval(n, doc, mode)),
        Node::Or(c) => c.iter().any(|n| eval(n, doc, mode)),
        Node::Not(n) => !eval(n, doc, mode),
        Node::Alias { body, .. } => eval(body, doc, mode),
        Node::Near {
            left,
            right,
            distance,
        } => near(left, right, *distance as usize, doc, mode),
    }
}
