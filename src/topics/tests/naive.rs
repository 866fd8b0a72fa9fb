//! A deliberately simple evaluator straight over the AST and the raw
//! document (no index, no interning, no occurrence lists), used as the
//! oracle in property tests.

use super::super::analyze::{host_matches, host_of};
use super::super::ast::{Field, Node, Term, TermKind};
use super::super::normalize::{StemMode, fold, fold_text, raw_words, tokenize, words};
use super::super::parser::build_regex;
use super::Doc;

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
    }
}

fn split(text: &str, mode: StemMode) -> Vec<W> {
    let mut out = Vec::new();
    tokenize(text, |s, e| {
        let folded = fold(&text[s..e]);
        out.push(W {
            original: text[s..e].to_string(),
            key: mode.key(&folded).into_owned(),
            folded,
        });
    });
    out
}

fn fields_of(t: &Term) -> Vec<Field> {
    match t.field {
        Some(f) => vec![f],
        None => vec![Field::Title, Field::Summary, Field::Content],
    }
}

/// Spans (first, last word index) of a simple NEAR operand in one value.
fn spans(kind: &TermKind, ws: &[W], mode: StemMode) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    match kind {
        TermKind::Word(t) | TermKind::Phrase { text: t, .. } => {
            let keys: Vec<String> = words(t).iter().map(|w| mode.key(w).into_owned()).collect();
            if keys.is_empty() {
                return out;
            }
            for i in 0..ws.len() {
                if i + keys.len() <= ws.len()
                    && keys.iter().enumerate().all(|(j, k)| ws[i + j].key == *k)
                {
                    out.push((i, i + keys.len() - 1));
                }
            }
        }
        TermKind::Exact(w) => {
            let w = raw_words(w)
                .first()
                .map(|s| s.to_string())
                .unwrap_or_default();
            out.extend(
                (0..ws.len())
                    .filter(|i| ws[*i].original == w)
                    .map(|i| (i, i)),
            );
        }
        TermKind::Prefix(p) => {
            let p = words(p).into_iter().next().unwrap_or_default();
            out.extend(
                (0..ws.len())
                    .filter(|i| ws[*i].folded.starts_with(&p))
                    .map(|i| (i, i)),
            );
        }
        _ => {}
    }
    out
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
        return fields_of(t).into_iter().any(|f| {
            let folded: Vec<String> = values(doc, f).iter().map(|v| fold_text(v)).collect();
            re.is_match(&folded.join("\n"))
        });
    }
    for f in fields_of(t) {
        for v in values(doc, f) {
            let ws = split(&v, mode);
            let hit = match &t.kind {
                TermKind::Phrase {
                    text,
                    slop: Some(slop),
                } => sloppy(text, *slop as usize, &ws, mode),
                TermKind::Near {
                    left,
                    right,
                    distance,
                } => {
                    let a = spans(left, &ws, mode);
                    let b = spans(right, &ws, mode);
                    a.iter().any(|&(s1, e1)| {
                        b.iter().any(|&(s2, e2)| {
                            (e1 < s2 && s2 - e1 <= *distance as usize)
                                || (e2 < s1 && s1 - e2 <= *distance as usize)
                        })
                    })
                }
                kind => !spans(kind, &ws, mode).is_empty(),
            };
            if hit {
                return true;
            }
        }
    }
    false
}

/// Some window of positions [s, s + slop] holds every phrase word (with
/// multiplicity).
fn sloppy(text: &str, slop: usize, ws: &[W], mode: StemMode) -> bool {
    let keys: Vec<String> = words(text)
        .iter()
        .map(|w| mode.key(w).into_owned())
        .collect();
    (0..ws.len()).any(|s| {
        let window = &ws[s..ws.len().min(s + slop + 1)];
        keys.iter().all(|k| {
            let need = keys.iter().filter(|x| *x == k).count();
            window.iter().filter(|w| w.key == *k).count() >= need
        })
    })
}

pub(in super::super) fn eval(node: &Node, doc: &Doc, mode: StemMode) -> bool {
    match node {
        Node::Term(t) => term(t, doc, mode),
        Node::And(c) => c.iter().all(|n| eval(n, doc, mode)),
        Node::Or(c) => c.iter().any(|n| eval(n, doc, mode)),
        Node::Not(n) => !eval(n, doc, mode),
        Node::Alias { body, .. } => eval(body, doc, mode),
    }
}
