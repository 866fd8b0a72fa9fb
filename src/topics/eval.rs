//! Evaluation of compiled topics against an analyzed document, and scores.
//!
//! Proximity, precisely: word positions count words within one field value
//! (punctuation does not count). Two operands of `a NEAR/n b` are *within n
//! words* when they occupy disjoint positions and the later one starts at
//! most `n` positions after the earlier one ends: for single words, their
//! positions differ by at most `n` ("a x x x x x x x b" is 8 apart and
//! matches `a NEAR/8 b`; with one more word in between it does not); a
//! phrase is measured from its last word when it comes first and from its
//! first word when it comes second, so `"big deal" NEAR/2 NATO` matches "a
//! big deal with NATO". An operand with alternatives (a group such as
//! `(OpenAI OR Anthropic)`, or an alias) matches where any alternative does:
//! the NEAR holds when some alternative of the left and some alternative of
//! the right are within `n` words, in the same field value (`title:@ai
//! NEAR/6 title:@deal` relates words of the title only). For
//! `"w1 ... wk"~n`, every word (or prefix) must occur at distinct positions,
//! and all of them inside a window whose first and last positions differ by
//! at most `n`. For k = 2 the two forms agree.
//!
//! `lead:` restricts a term to the title and the lead sentence of the
//! summary (or content), two separate values: a phrase or NEAR operand is in
//! the lead when all its words are, and never spans the title and the
//! summary.
//!
//! Scores (see [`score`]): each occurrence of a positive term that made the
//! query true counts [`W_TITLE`] in the title, [`W_LEAD`] in the lead
//! sentence, [`W_REST`] elsewhere (at most [`SCORE_CAP`] per term and
//! place), and each required concept (top-level AND operand) found in the
//! lead (title or lead sentence) adds [`W_CONCEPT`].
//!
//! Invariant: one function, [`leaf_hits`], decides what a leaf matches; the
//! boolean fast path, hits, scores and explanations all go through it.

use super::analyze::{
    Analysis, FieldText, TEXT_FIELDS, Token, host_matches, loc, loc_field, loc_pos,
};
use super::ast::Field;
use super::compile::{Atom, CNode, Compiled, KeyId, LEAD, Leaf, LeafKind, Slot, bit};
use super::explain::{Contribution, ContributionKind};

/// One occurrence of a leaf: the field and, for positional leaves, the
/// packed location range (first, last) it covers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Hit {
    pub field: Field,
    pub span: Option<(u32, u32)>,
    /// A non-positional hit (regex) in the lead sentence.
    pub lead: bool,
}

/// Occurrences counted per leaf and place (title, lead, other fields) in
/// scores, so one repeated word cannot dominate.
pub const SCORE_CAP: usize = 5;
/// Weight of an occurrence in the title.
pub const W_TITLE: f64 = 3.0;
/// Weight of an occurrence in the lead sentence (first sentence of the
/// summary, or of the content without a summary).
pub const W_LEAD: f64 = 2.0;
/// Weight of an occurrence anywhere else.
pub const W_REST: f64 = 1.0;
/// Bonus per required concept present in the lead (title or lead sentence).
pub const W_CONCEPT: f64 = 3.0;

/// All occurrences of a leaf (or just the first if `first_only`).
pub(crate) fn leaf_hits(leaf: &Leaf, an: &Analysis, first_only: bool) -> Vec<Hit> {
    let mut out = Vec::new();
    match &leaf.kind {
        LeafKind::Atom(atom) => {
            for (s, e) in atom_spans(atom, leaf.fields, an, first_only) {
                out.push(positional(s, e));
            }
        }
        LeafKind::Sloppy { slots, slop } => {
            sloppy(slots, *slop, leaf.fields, an, first_only, &mut out)
        }
        LeafKind::Near {
            left,
            right,
            distance,
        } => near(
            left,
            right,
            *distance,
            leaf.fields,
            an,
            first_only,
            &mut out,
        ),
        LeafKind::Regex(re) => {
            if leaf.fields & LEAD != 0 {
                let (text, title_len) = an.lead_folded();
                let src = an.lead().src;
                let iter = re
                    .find_iter(text)
                    .take(if first_only { 1 } else { SCORE_CAP });
                out.extend(iter.map(|m| {
                    let in_title = m.start() < title_len;
                    Hit {
                        field: Field::ALL[if in_title { 0 } else { src }],
                        span: None,
                        lead: !in_title,
                    }
                }));
                return out;
            }
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
                    lead: false,
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
                    lead: false,
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
        lead: false,
    }
}

/// Text field indexes whose tokens a mask can match: its own text fields,
/// plus the title and the lead sentence's field for `lead:`.
fn fields_in(mask: u8) -> impl Iterator<Item = usize> {
    (0..TEXT_FIELDS).filter(move |f| mask & (1 << f) != 0)
}

/// The text fields whose words a mask can match.
fn physical(mask: u8, an: &Analysis) -> u8 {
    let mut phys = mask & ((1 << TEXT_FIELDS) - 1);
    if mask & LEAD != 0 {
        phys |= bit(Field::Title) | (1 << an.lead().src);
    }
    phys
}

fn token_fields(mask: u8, an: &Analysis) -> impl Iterator<Item = usize> {
    fields_in(physical(mask, an))
}

/// Whether a location is in a field of the mask.
fn in_mask(mask: u8, l: u32, an: &Analysis) -> bool {
    mask & (1 << loc_field(l)) != 0 || (mask & LEAD != 0 && an.in_lead(l))
}

/// Whether the word at a location starts with a folded prefix.
fn prefix_at(an: &Analysis, at: u32, p: &str) -> bool {
    an.token_at(at)
        .is_some_and(|(_, t)| an.word(t.word).starts_with(p))
}

fn slot_at(an: &Analysis, at: u32, slot: &Slot) -> bool {
    match slot {
        Slot::Key(k) => an.has(*k, at),
        Slot::Prefix(p) => prefix_at(an, at, p),
    }
}

/// Locations (in the mask's fields) of tokens satisfying `hit`, ascending.
fn scan_tokens(
    mask: u8,
    an: &Analysis,
    first_only: bool,
    hit: impl Fn(&FieldText, &Token) -> bool,
) -> Vec<u32> {
    let mut out = Vec::new();
    for f in token_fields(mask, an) {
        let field = &an.fields[f];
        for t in &field.tokens {
            let l = loc(f, t.pos);
            if hit(field, t) && in_mask(mask, l, an) {
                out.push(l);
                if first_only {
                    return out;
                }
            }
        }
    }
    out
}

/// Sorted locations of a single slot in the mask's fields.
fn slot_locations(slot: &Slot, mask: u8, an: &Analysis) -> Vec<u32> {
    match slot {
        Slot::Key(k) => an.locations(*k).filter(|l| in_mask(mask, *l, an)).collect(),
        Slot::Prefix(p) if !an.has_prefix(p) => Vec::new(),
        Slot::Prefix(p) => scan_tokens(mask, an, false, |_, t| {
            an.word(t.word).starts_with(p.as_str())
        }),
    }
}

/// Appends where `keys` occur as consecutive words, in ascending order.
fn seq_spans(keys: &[KeyId], mask: u8, an: &Analysis, first_only: bool, out: &mut Vec<(u32, u32)>) {
    let Some((&first, rest)) = keys.split_first() else {
        return;
    };
    for l in an.locations(first).filter(|l| in_mask(mask, *l, an)) {
        let end = l + rest.len() as u32;
        let ok = rest.iter().zip(1u32..).all(|(k, i)| an.has(*k, l + i))
            && (mask & LEAD == 0 || in_mask(mask, end, an));
        if ok {
            out.push((l, end));
            if first_only {
                break;
            }
        }
    }
}

/// Location ranges where an atom occurs, in ascending order.
fn atom_spans(atom: &Atom, mask: u8, an: &Analysis, first_only: bool) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    match atom {
        Atom::Seq(keys) => seq_spans(keys, mask, an, first_only, &mut out),
        Atom::Compound(forms) => {
            for keys in forms {
                seq_spans(keys, mask, an, first_only, &mut out);
            }
            out.sort_unstable();
            out.dedup();
            if first_only {
                out.truncate(1);
            }
        }
        Atom::Chain(slots) => {
            // Anchor on the first word slot (an index lookup), else scan
            // for the first prefix.
            let anchor = slots
                .iter()
                .position(|s| matches!(s, Slot::Key(_)))
                .unwrap_or(0);
            let Some(anchor_slot) = slots.get(anchor) else {
                return out;
            };
            let n = slots.len() as u32;
            let anchor = anchor as u32;
            for a in slot_locations(anchor_slot, physical(mask, an), an) {
                // The chain starts `anchor` words before; it must stay in
                // one field value and start in the mask.
                if loc_pos(a) < anchor {
                    continue;
                }
                let (start, end) = (a - anchor, a - anchor + n - 1);
                if loc_field(start) != loc_field(end)
                    || !in_mask(mask, start, an)
                    || !in_mask(mask, end, an)
                {
                    continue;
                }
                let ok = slots
                    .iter()
                    .zip(0u32..)
                    .all(|(s, i)| i == anchor || slot_at(an, start + i, s));
                if ok {
                    out.push((start, end));
                    if first_only {
                        break;
                    }
                }
            }
        }
        Atom::Prefix(p) if !an.has_prefix(p) => {}
        Atom::Prefix(p) => {
            out.extend(
                scan_tokens(mask, an, first_only, |_, t| {
                    an.word(t.word).starts_with(p.as_str())
                })
                .into_iter()
                .map(|l| (l, l)),
            );
        }
        Atom::Exact(w) => {
            out.extend(
                scan_tokens(mask, an, first_only, |field, t| field.original(t) == w)
                    .into_iter()
                    .map(|l| (l, l)),
            );
        }
    }
    out
}

/// `left NEAR/distance right` with alternatives on both sides.
fn near(
    left: &[Atom],
    right: &[Atom],
    distance: u32,
    mask: u8,
    an: &Analysis,
    first_only: bool,
    out: &mut Vec<Hit>,
) {
    let spans = |atoms: &[Atom]| {
        let mut v: Vec<(u32, u32)> = atoms
            .iter()
            .flat_map(|a| atom_spans(a, mask, an, false))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let a = spans(left);
    if a.is_empty() {
        return;
    }
    let b = spans(right);
    // Longest right span, to bound the search window.
    let longest = b.iter().map(|(s, e)| e - s).max().unwrap_or(0);
    for &(s1, e1) in &a {
        // Right spans that can be within `distance`: starting from
        // `s1 - distance - longest` up to `e1 + distance`.
        let lo = s1.saturating_sub(distance.saturating_add(longest));
        let from = b.partition_point(|(s2, _)| *s2 < lo);
        for &(s2, e2) in &b[from..] {
            if s2 > e1.saturating_add(distance) {
                break;
            }
            let gap = if e1 < s2 {
                s2 - e1
            } else if e2 < s1 {
                s1 - e2
            } else {
                continue; // overlapping: the same words
            };
            if gap <= distance {
                out.push(positional(s1.min(s2), e1.max(e2)));
                if first_only {
                    return;
                }
            }
        }
    }
}

/// `"w1 ... wk"~slop`: windows containing every slot (with multiplicity) at
/// distinct positions.
fn sloppy(
    slots: &[Slot],
    slop: u32,
    mask: u8,
    an: &Analysis,
    first_only: bool,
    out: &mut Vec<Hit>,
) {
    // Distinct slots with the number of times the phrase needs each.
    let mut need: Vec<(&Slot, usize)> = Vec::new();
    for s in slots {
        match need.iter_mut().find(|(slot, _)| *slot == s) {
            Some((_, n)) => *n += 1,
            None => need.push((s, 1)),
        }
    }
    // (location, index into `need`), sorted by location.
    let mut items: Vec<(u32, usize)> = Vec::new();
    for (i, (s, _)) in need.iter().enumerate() {
        items.extend(slot_locations(s, mask, an).into_iter().map(|l| (l, i)));
    }
    items.sort_unstable();
    // With prefixes, one word can satisfy several slots ("export" is both
    // `export` and `exp*`): positions must then be assigned by matching.
    let overlapping = need.iter().any(|(s, _)| matches!(s, Slot::Prefix(_)));
    let mut counts = vec![0usize; need.len()];
    for start in 0..items.len() {
        let (first, _) = items[start];
        if start > 0 && items[start - 1].0 == first {
            continue; // same window as the previous item
        }
        counts.iter_mut().for_each(|c| *c = 0);
        let mut satisfied = 0;
        let mut end = start;
        for (j, &(l, i)) in items[start..].iter().enumerate() {
            // Locations in other fields differ by far more than any slop.
            if l - first > slop {
                break;
            }
            end = start + j;
            counts[i] += 1;
            if counts[i] == need[i].1 {
                satisfied += 1;
            }
            if satisfied == need.len() && !overlapping {
                out.push(positional(first, l));
                if first_only {
                    return;
                }
                break;
            }
        }
        if overlapping
            && satisfied == need.len()
            && let Some(last) = assign(&items[start..=end], &need)
        {
            out.push(positional(first, last));
            if first_only {
                return;
            }
        }
    }
}

/// Whether the slots of `need` can be given distinct positions among
/// `items` (location, slot): returns the smallest last position of such an
/// assignment, growing the window one position at a time. Bipartite
/// matching (augmenting paths) over slot instances; phrases are short.
fn assign(items: &[(u32, usize)], need: &[(&Slot, usize)]) -> Option<u32> {
    let instances: Vec<usize> = need
        .iter()
        .enumerate()
        .flat_map(|(i, (_, n))| std::iter::repeat_n(i, *n))
        .collect();
    let mut positions: Vec<u32> = items.iter().map(|(l, _)| *l).collect();
    positions.dedup();
    let can = |inst: usize, p: u32| {
        items
            .iter()
            .any(|(l, i)| *l == p && Some(i) == instances.get(inst))
    };
    for upto in 0..positions.len() {
        let mut owner: Vec<Option<usize>> = vec![None; upto + 1];
        let all = (0..instances.len()).all(|inst| {
            let mut seen = vec![false; upto + 1];
            augment(inst, &positions[..=upto], &mut owner, &mut seen, &can)
        });
        if all {
            return positions.get(upto).copied();
        }
    }
    None
}

fn augment(
    inst: usize,
    positions: &[u32],
    owner: &mut [Option<usize>],
    seen: &mut [bool],
    can: &impl Fn(usize, u32) -> bool,
) -> bool {
    for (p, &at) in positions.iter().enumerate() {
        if seen[p] || !can(inst, at) {
            continue;
        }
        seen[p] = true;
        let free = match owner[p] {
            None => true,
            Some(other) => augment(other, positions, owner, seen, can),
        };
        if free {
            owner[p] = Some(inst);
            return true;
        }
    }
    false
}

/// Whether a leaf matches at all: [`leaf_hits`] with `first_only`, with an
/// allocation-free shortcut for the most common leaf, a single word.
fn leaf_matches(leaf: &Leaf, an: &Analysis) -> bool {
    match &leaf.kind {
        LeafKind::Atom(Atom::Seq(keys)) if keys.len() == 1 => keys
            .iter()
            .all(|k| an.locations(*k).any(|l| in_mask(leaf.fields, l, an))),
        // (No allocation unless a form matches: most are no words at all.)
        LeafKind::Atom(Atom::Compound(forms)) => forms.iter().any(|keys| {
            let mut found = Vec::new();
            seq_spans(keys, leaf.fields, an, true, &mut found);
            !found.is_empty()
        }),
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

/// Where an occurrence counts in a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Title,
    Lead,
    Other(Field),
}

impl Place {
    fn of(hit: &Hit, an: &Analysis) -> Place {
        if hit.field == Field::Title {
            Place::Title
        } else if hit.lead || hit.span.is_some_and(|(s, _)| an.in_lead(s)) {
            Place::Lead
        } else {
            Place::Other(hit.field)
        }
    }

    fn weight(self) -> f64 {
        match self {
            Place::Title => W_TITLE,
            Place::Lead => W_LEAD,
            Place::Other(_) => W_REST,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Place::Title => "title",
            Place::Lead => "lead",
            Place::Other(f) => f.name(),
        }
    }
}

/// A query's score for an item (see [`score`]).
pub(crate) struct Scored {
    pub score: f64,
    /// Required concepts (top-level AND operands) found in the lead.
    pub lead_concepts: usize,
    /// Every contribution, when asked for.
    pub contributions: Vec<Contribution>,
}

/// Score of the contributing leaves (see the module docs), with every
/// contribution when `details` is set.
pub(crate) fn score(
    c: &Compiled,
    contrib: &[usize],
    hits: &[Vec<Hit>],
    an: &Analysis,
    details: bool,
) -> Scored {
    let mut total = 0.0;
    let mut lead_concepts = 0;
    let mut out = Vec::new();
    let mut in_lead = vec![false; c.leaves.len()];
    for &i in contrib {
        let Some(h) = hits.get(i) else { continue };
        // Count per place, in the order places first occur.
        let mut places: Vec<(Place, usize)> = Vec::new();
        for x in h {
            let p = Place::of(x, an);
            if matches!(p, Place::Title | Place::Lead) {
                in_lead[i] = true;
            }
            match places.iter_mut().find(|(q, _)| *q == p) {
                Some((_, n)) => *n += 1,
                None => places.push((p, 1)),
            }
        }
        for (p, n) in places {
            let count = n.min(SCORE_CAP);
            total += count as f64 * p.weight();
            if details {
                out.push(Contribution {
                    kind: ContributionKind::Occurrences,
                    term: c
                        .leaves
                        .get(i)
                        .map_or_else(String::new, |l| l.full_label.clone()),
                    field: p.name().to_string(),
                    count,
                    weight: p.weight(),
                });
            }
        }
    }
    for concept in &c.concepts {
        if concept
            .leaves
            .iter()
            .any(|i| in_lead.get(*i) == Some(&true))
        {
            total += W_CONCEPT;
            lead_concepts += 1;
            if details {
                out.push(Contribution {
                    kind: ContributionKind::LeadConcept,
                    term: concept.label.clone(),
                    field: "lead".to_string(),
                    count: 1,
                    weight: W_CONCEPT,
                });
            }
        }
    }
    Scored {
        score: total,
        lead_concepts,
        contributions: out,
    }
}
