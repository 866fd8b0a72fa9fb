//! Evaluation of compiled topics against an analyzed document.
//!
//! Proximity, precisely: word positions count words within one field value
//! (punctuation does not count). Two operands of `a NEAR/n b` are *within n
//! words* when they occupy disjoint positions and the later one starts at
//! most `n` positions after the earlier one ends: for single words, their
//! positions differ by at most `n` ("a x x x x x x x b" is 8 apart and
//! matches `a NEAR/8 b`; with one more word in between it does not). For
//! `"w1 ... wk"~n`, every word must occur at distinct positions, and all of
//! them inside a window whose first and last positions differ by at most `n`.
//! For k = 2 the two forms agree.
//!
//! Invariant: one function, [`leaf_hits`], decides what a leaf matches; the
//! boolean fast path, hits, scores and explanations all go through it.

use super::analyze::{Analysis, TEXT_FIELDS, host_matches, loc, loc_field};
use super::ast::Field;
use super::compile::{Atom, CNode, KeyId, Leaf, LeafKind, bit};

/// One occurrence of a leaf: the field and, for positional leaves, the
/// packed location range (first, last) it covers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Hit {
    pub field: Field,
    pub span: Option<(u32, u32)>,
}

/// Occurrences counted per leaf and field in scores.
const SCORE_CAP: usize = 5;

/// All occurrences of a leaf (or just the first if `first_only`).
pub(crate) fn leaf_hits(leaf: &Leaf, an: &Analysis, first_only: bool) -> Vec<Hit> {
    let mut out = Vec::new();
    match &leaf.kind {
        LeafKind::Atom(atom) => {
            for (s, e) in atom_spans(atom, leaf.fields, an, first_only) {
                out.push(positional(s, e));
            }
        }
        LeafKind::Sloppy { keys, slop } => {
            sloppy(keys, *slop, leaf.fields, an, first_only, &mut out)
        }
        LeafKind::Near {
            left,
            right,
            distance,
        } => {
            let a = atom_spans(left, leaf.fields, an, false);
            let b = atom_spans(right, leaf.fields, an, false);
            'outer: for &(s1, e1) in &a {
                for &(s2, e2) in &b {
                    let gap = if e1 < s2 {
                        s2 - e1
                    } else if e2 < s1 {
                        s1 - e2
                    } else {
                        continue; // overlapping: the same words
                    };
                    if gap <= *distance {
                        out.push(positional(s1.min(s2), e1.max(e2)));
                        if first_only {
                            break 'outer;
                        }
                    }
                }
            }
        }
        LeafKind::Regex(re) => {
            for f in fields_in(leaf.fields) {
                let text = an.fields[f].folded();
                let n = if first_only {
                    usize::from(re.is_match(text))
                } else {
                    re.find_iter(text).take(SCORE_CAP).count()
                };
                out.extend((0..n).map(|_| Hit {
                    field: Field::ALL[f],
                    span: None,
                }));
                if first_only && n > 0 {
                    break;
                }
            }
        }
        LeafKind::Site(domain) => {
            if leaf.fields & bit(Field::Site) != 0
                && an.host.as_deref().is_some_and(|h| host_matches(h, domain))
            {
                out.push(Hit {
                    field: Field::Site,
                    span: None,
                });
            }
        }
        LeafKind::Never => {}
    }
    out
}

fn positional(s: u32, e: u32) -> Hit {
    Hit {
        field: Field::ALL[loc_field(s).min(TEXT_FIELDS - 1)],
        span: Some((s, e)),
    }
}

/// Text field indexes in a mask.
fn fields_in(mask: u8) -> impl Iterator<Item = usize> {
    (0..TEXT_FIELDS).filter(move |f| mask & (1 << f) != 0)
}

fn in_mask(mask: u8, l: u32) -> bool {
    mask & (1 << loc_field(l)) != 0
}

/// Location ranges where an atom occurs, in ascending order.
fn atom_spans(atom: &Atom, mask: u8, an: &Analysis, first_only: bool) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    match atom {
        Atom::Seq(keys) => {
            let Some((&first, rest)) = keys.split_first() else {
                return out;
            };
            for l in an.locations(first).filter(|l| in_mask(mask, *l)) {
                let ok = rest.iter().zip(1u32..).all(|(k, i)| an.has(*k, l + i));
                if ok {
                    out.push((l, l + rest.len() as u32));
                    if first_only {
                        break;
                    }
                }
            }
        }
        Atom::Prefix(p) if !an.has_prefix(p) => {}
        Atom::Exact(_) | Atom::Prefix(_) => {
            'fields: for f in fields_in(mask) {
                let field = &an.fields[f];
                for t in &field.tokens {
                    let hit = match atom {
                        Atom::Exact(w) => field.original(t) == w,
                        Atom::Prefix(p) => an.word(t.word).starts_with(p.as_str()),
                        Atom::Seq(_) => false,
                    };
                    if hit {
                        out.push((loc(f, t.pos), loc(f, t.pos)));
                        if first_only {
                            break 'fields;
                        }
                    }
                }
            }
        }
    }
    out
}

/// `"w1 ... wk"~slop`: windows containing every word (with multiplicity).
fn sloppy(
    keys: &[KeyId],
    slop: u32,
    mask: u8,
    an: &Analysis,
    first_only: bool,
    out: &mut Vec<Hit>,
) {
    // Distinct keys with the number of times the phrase needs each.
    let mut need: Vec<(KeyId, usize)> = Vec::new();
    for k in keys {
        match need.iter_mut().find(|(key, _)| key == k) {
            Some((_, n)) => *n += 1,
            None => need.push((*k, 1)),
        }
    }
    // (location, index into `need`), sorted by location.
    let mut items: Vec<(u32, usize)> = Vec::new();
    for (i, (k, _)) in need.iter().enumerate() {
        items.extend(
            an.locations(*k)
                .filter(|l| in_mask(mask, *l))
                .map(|l| (l, i)),
        );
    }
    items.sort_unstable();
    let mut counts = vec![0usize; need.len()];
    for start in 0..items.len() {
        counts.iter_mut().for_each(|c| *c = 0);
        let (first, _) = items[start];
        let mut satisfied = 0;
        for &(l, i) in &items[start..] {
            // Locations in other fields differ by far more than any slop.
            if l - first > slop {
                break;
            }
            counts[i] += 1;
            if counts[i] == need[i].1 {
                satisfied += 1;
            }
            if satisfied == need.len() {
                out.push(positional(first, l));
                if first_only {
                    return;
                }
                break;
            }
        }
    }
}

/// Whether a leaf matches at all: [`leaf_hits`] with `first_only`, with an
/// allocation-free shortcut for the most common leaf, a single word.
fn leaf_matches(leaf: &Leaf, an: &Analysis) -> bool {
    match &leaf.kind {
        LeafKind::Atom(Atom::Seq(keys)) if keys.len() == 1 => keys
            .iter()
            .all(|k| an.locations(*k).any(|l| in_mask(leaf.fields, l))),
        _ => !leaf_hits(leaf, an, true).is_empty(),
    }
}

/// Boolean value of a subtree, evaluating leaves lazily (short-circuit).
pub(crate) fn matches(node: &CNode, leaves: &[Leaf], an: &Analysis) -> bool {
    match node {
        CNode::Leaf(i) => leaves.get(*i).is_some_and(|l| leaf_matches(l, an)),
        CNode::And(c) => c.iter().all(|n| matches(n, leaves, an)),
        CNode::Or(c) => c.iter().any(|n| matches(n, leaves, an)),
        CNode::Not(n) => !matches(n, leaves, an),
        CNode::Alias(_, body) => matches(body, leaves, an),
    }
}

/// Boolean value of a subtree from precomputed per-leaf hits.
pub(crate) fn value(node: &CNode, hits: &[Vec<Hit>]) -> bool {
    match node {
        CNode::Leaf(i) => hits.get(*i).is_some_and(|h| !h.is_empty()),
        CNode::And(c) => c.iter().all(|n| value(n, hits)),
        CNode::Or(c) => c.iter().any(|n| value(n, hits)),
        CNode::Not(n) => !value(n, hits),
        CNode::Alias(_, body) => value(body, hits),
    }
}

/// Leaves that contributed to a true subtree: matched, not under NOT, and
/// every enclosing AND/OR/alias is itself true. In query order.
pub(crate) fn contributing(node: &CNode, hits: &[Vec<Hit>], out: &mut Vec<usize>) {
    if !value(node, hits) {
        return;
    }
    match node {
        CNode::Leaf(i) => out.push(*i),
        CNode::And(c) | CNode::Or(c) => c.iter().for_each(|n| contributing(n, hits, out)),
        CNode::Not(_) => {}
        CNode::Alias(_, body) => contributing(body, hits, out),
    }
}

/// Score of the contributing leaves (see `TopicHit::score`).
pub(crate) fn score(leaves: &[usize], hits: &[Vec<Hit>]) -> f64 {
    let mut total = 0.0;
    for &i in leaves {
        let Some(h) = hits.get(i) else { continue };
        for f in Field::ALL {
            let n = h.iter().filter(|x| x.field == f).count().min(SCORE_CAP);
            let weight = if f == Field::Title { 2.0 } else { 1.0 };
            total += n as f64 * weight;
        }
    }
    total
}
