//! Compiles a query AST into the form the matcher evaluates: a boolean tree
//! over leaves whose words are interned key ids, plus the trigger groups the
//! percolator indexes.
//!
//! Invariants: key ids are unique per (stem mode, key text) across the whole
//! topic set; a topic's trigger groups are *necessary* conditions: if the
//! topic can match a document, every group has at least one trigger present
//! in it (ignoring fields). An empty group list means "always a candidate".

use super::ast::{Field, Node, Term, TermKind};
use super::hash::FxHashMap;
use super::normalize::{StemMode, phrase_words, raw_words, words};
use super::parser::build_regex;
use super::rarity::word_cost;

pub(crate) type KeyId = u32;

/// Fields searched when a term names none.
pub(crate) const DEFAULT_FIELDS: u8 = bit(Field::Title) | bit(Field::Summary) | bit(Field::Content);

/// The `lead:` bit of a field mask (title plus first sentence, see `lead.rs`).
pub(crate) const LEAD: u8 = bit(Field::Lead);

pub(crate) const fn bit(f: Field) -> u8 {
    1 << (f as u8)
}

/// Most trigger groups kept per topic (one bit each in a `u64`); dropping
/// extra groups only makes the filter less selective, never wrong.
pub(crate) const MAX_GROUPS: usize = 64;

/// Interns (stem mode, key) pairs to dense ids.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    /// One map per stem mode; `modes[i]` is the mode of `maps[i]`.
    pub modes: Vec<StemMode>,
    pub maps: Vec<FxHashMap<String, KeyId>>,
    pub len: u32,
    /// Estimated occurrence cost per key id (see `rarity.rs`), from the
    /// first word that produced the key.
    pub costs: Vec<f32>,
}

impl Interner {
    pub(super) fn mode_index(&mut self, mode: StemMode) -> usize {
        if let Some(i) = self.modes.iter().position(|m| *m == mode) {
            return i;
        }
        self.modes.push(mode);
        self.maps.push(FxHashMap::default());
        self.modes.len() - 1
    }

    fn intern(&mut self, mode: usize, key: &str, folded: &str) -> KeyId {
        if let Some(id) = self.maps[mode].get(key) {
            return *id;
        }
        let id = self.len;
        self.len += 1;
        self.maps[mode].insert(key.to_string(), id);
        self.costs.push(word_cost(folded));
        id
    }
}

/// One word position of a phrase: a stemmed key or a folded prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Slot {
    Key(KeyId),
    Prefix(String),
}

/// Something that occupies consecutive word positions: a word, a phrase,
/// an exact word or a prefix (also an alternative of a NEAR operand).
#[derive(Debug, Clone)]
pub(crate) enum Atom {
    /// Consecutive words (one for a plain word).
    Seq(Vec<KeyId>),
    /// Original word, case-sensitive.
    Exact(String),
    /// Folded, unstemmed word prefix.
    Prefix(String),
    /// Consecutive positions, at least one of them a prefix (`"export
    /// licen*"`, `semi-conducteur*`).
    Chain(Vec<Slot>),
    /// A compound word written closed or open: any of these word sequences
    /// (`cyberattack` is also "cyber attack" and "cyber-attack"; `"health
    /// care"` also "healthcare"). See [`compound_forms`].
    Compound(Vec<Vec<KeyId>>),
}

/// Shortest part of a compound split or joined by [`compound_forms`]: four
/// letters keeps out splits such as "the rapist" for "therapist" and
/// "e mail", which folds to a different word than "email".
const MIN_COMPOUND_PART: usize = 4;

/// The other spellings of a query word or two-word phrase as a compound,
/// as folded word sequences (the written form not included): a closed word
/// of eight letters or more also matches each of its splits into two
/// alphabetic parts of [`MIN_COMPOUND_PART`] letters or more, written apart
/// or hyphenated (most splits are no words and never occur: "cybe rattack");
/// two such words also match them joined. Empty when neither applies.
fn compound_forms(words: &[String]) -> Vec<Vec<String>> {
    let alphabetic = |w: &str| w.chars().all(|c| c.is_ascii_lowercase());
    match words {
        [word] if alphabetic(word) && word.len() >= 2 * MIN_COMPOUND_PART => (MIN_COMPOUND_PART
            ..=word.len() - MIN_COMPOUND_PART)
            .map(|i| vec![word[..i].to_string(), word[i..].to_string()])
            .collect(),
        [a, b]
            if alphabetic(a)
                && alphabetic(b)
                && a.len() >= MIN_COMPOUND_PART
                && b.len() >= MIN_COMPOUND_PART =>
        {
            vec![vec![format!("{a}{b}")]]
        }
        _ => Vec::new(),
    }
}

#[derive(Debug, Clone)]
pub(crate) enum LeafKind {
    Atom(Atom),
    Sloppy {
        slots: Vec<Slot>,
        slop: u32,
    },
    /// Any alternative of `left` within `distance` of any of `right`.
    Near {
        left: Vec<Atom>,
        right: Vec<Atom>,
        distance: u32,
    },
    Regex(regex::Regex),
    Site(String),
    /// A leaf that cannot match (kept so explanations still list it).
    Never,
}

#[derive(Debug, Clone)]
pub(crate) struct Leaf {
    pub kind: LeafKind,
    /// Bit set of `Field` indexes searched.
    pub fields: u8,
    /// The term as written, without field (for reports).
    pub label: String,
    /// The term with its field prefix (for explanations).
    pub full_label: String,
}

#[derive(Debug, Clone)]
pub(crate) enum CNode {
    Leaf(usize),
    And(Vec<CNode>),
    Or(Vec<CNode>),
    Not(Box<CNode>),
    /// An alias as written, with its field (`lead:@ai`), and its expansion.
    Alias(String, Box<CNode>),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Trigger {
    Key(KeyId),
    Exact(String),
    Prefix(String),
    Site(String),
}

/// A required concept of a topic: a top-level AND operand (the whole query
/// when its root is not an AND), for lead scoring.
#[derive(Debug, Clone)]
pub(crate) struct Concept {
    /// The operand as written (canonical form).
    pub label: String,
    /// The leaves under it.
    pub leaves: Vec<usize>,
}

/// A compiled topic.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub root: CNode,
    pub leaves: Vec<Leaf>,
    /// Conjunction of disjunctions of triggers (see module invariants).
    pub groups: Vec<Vec<Trigger>>,
    pub concepts: Vec<Concept>,
}

pub(crate) fn compile(root: &Node, mode: usize, interner: &mut Interner) -> Compiled {
    let mut c = Compiler {
        mode,
        interner,
        leaves: Vec::new(),
    };
    let operands: Vec<&Node> = match root {
        Node::And(children) => children.iter().collect(),
        other => vec![other],
    };
    let mut concepts = Vec::new();
    let mut compiled = Vec::with_capacity(operands.len());
    for op in operands {
        let first = c.leaves.len();
        compiled.push(c.node(op));
        if !matches!(op, Node::Not(_)) {
            concepts.push(Concept {
                label: op.to_string(),
                leaves: (first..c.leaves.len()).collect(),
            });
        }
    }
    let root = match root {
        Node::And(_) => CNode::And(compiled),
        _ => compiled.pop().unwrap_or(CNode::Or(Vec::new())),
    };
    let mut groups = Vec::new();
    c.groups(&root, &mut groups);
    for g in &mut groups {
        g.dedup();
    }
    let mut unique: Vec<Vec<Trigger>> = Vec::new();
    for g in groups {
        if !unique.contains(&g) {
            unique.push(g);
        }
    }
    unique.truncate(MAX_GROUPS);
    Compiled {
        root,
        leaves: c.leaves,
        groups: unique,
        concepts,
    }
}

struct Compiler<'a> {
    mode: usize,
    interner: &'a mut Interner,
    leaves: Vec<Leaf>,
}

impl Compiler<'_> {
    fn node(&mut self, node: &Node) -> CNode {
        match node {
            Node::Term(t) => {
                let leaf = self.leaf(t);
                self.leaves.push(leaf);
                CNode::Leaf(self.leaves.len() - 1)
            }
            Node::And(children) => CNode::And(children.iter().map(|c| self.node(c)).collect()),
            Node::Or(children) => CNode::Or(children.iter().map(|c| self.node(c)).collect()),
            Node::Not(inner) => CNode::Not(Box::new(self.node(inner))),
            Node::Alias { body, .. } => CNode::Alias(node.to_string(), Box::new(self.node(body))),
            Node::Near {
                left,
                right,
                distance,
            } => {
                let leaf = self.near_leaf(node, left, right, *distance);
                self.leaves.push(leaf);
                CNode::Leaf(self.leaves.len() - 1)
            }
        }
    }

    fn near_leaf(&mut self, node: &Node, left: &Node, right: &Node, distance: u32) -> Leaf {
        let mut l = Vec::new();
        let mut r = Vec::new();
        self.alternatives(left, &mut l);
        self.alternatives(right, &mut r);
        let kind = if l.is_empty() || r.is_empty() {
            LeafKind::Never
        } else {
            LeafKind::Near {
                left: l,
                right: r,
                distance,
            }
        };
        let label = node.to_string();
        Leaf {
            kind,
            fields: first_field(left).map_or(DEFAULT_FIELDS, bit),
            full_label: label.clone(),
            label,
        }
    }

    /// The atoms of a NEAR operand (terms, aliases, OR groups), skipping any
    /// that cannot match.
    fn alternatives(&mut self, node: &Node, out: &mut Vec<Atom>) {
        match node {
            Node::Term(t) => {
                if let Some(a) = self.atom(&t.kind).filter(|a| !atom_is_empty(a)) {
                    out.push(a);
                }
            }
            Node::Alias { body, .. } => self.alternatives(body, out),
            Node::Or(children) => children.iter().for_each(|c| self.alternatives(c, out)),
            // The parser rejects anything else in a NEAR operand.
            Node::And(_) | Node::Not(_) | Node::Near { .. } => {}
        }
    }

    /// The key ids of folded words.
    fn keys_of(&mut self, words: &[String]) -> Vec<KeyId> {
        let mode = self.interner.modes[self.mode];
        words
            .iter()
            .map(|w| {
                let key = mode.key(w);
                self.interner.intern(self.mode, &key, w)
            })
            .collect()
    }

    /// Phrase words as slots (keys, or prefixes where marked).
    fn slots(&mut self, words: Vec<(String, bool)>) -> Vec<Slot> {
        let mode = self.interner.modes[self.mode];
        words
            .into_iter()
            .map(|(w, prefix)| {
                if prefix {
                    Slot::Prefix(w)
                } else {
                    let key = mode.key(&w);
                    Slot::Key(self.interner.intern(self.mode, &key, &w))
                }
            })
            .collect()
    }

    /// A word or phrase without prefixes, with its compound forms.
    fn words_atom(&mut self, text: &str) -> Atom {
        let written = words(text);
        let others = compound_forms(&written);
        let keys = self.keys_of(&written);
        if others.is_empty() {
            return Atom::Seq(keys);
        }
        let mut alternatives = vec![keys];
        alternatives.extend(others.iter().map(|form| self.keys_of(form)));
        Atom::Compound(alternatives)
    }

    fn atom(&mut self, kind: &TermKind) -> Option<Atom> {
        Some(match kind {
            TermKind::Word(w) => self.words_atom(w),
            TermKind::Phrase { text, .. } => {
                let pw = phrase_words(text);
                if pw.iter().any(|(_, prefix)| *prefix) {
                    Atom::Chain(self.slots(pw))
                } else {
                    self.words_atom(text)
                }
            }
            TermKind::Exact(w) => Atom::Exact(raw_words(w).first()?.to_string()),
            TermKind::Prefix(p) => {
                let mut pw = phrase_words(p);
                let last = pw.last_mut()?;
                last.1 = true;
                if pw.len() == 1 {
                    Atom::Prefix(pw.pop()?.0)
                } else {
                    Atom::Chain(self.slots(pw))
                }
            }
            _ => return None,
        })
    }

    fn leaf(&mut self, t: &Term) -> Leaf {
        let fields = t.field.map_or(DEFAULT_FIELDS, bit);
        let kind = match &t.kind {
            TermKind::Phrase {
                text,
                slop: Some(slop),
            } => {
                let slots = self.slots(phrase_words(text));
                if slots.is_empty() {
                    LeafKind::Never
                } else {
                    LeafKind::Sloppy { slots, slop: *slop }
                }
            }
            TermKind::Regex(r) => build_regex(r).map_or(LeafKind::Never, LeafKind::Regex),
            TermKind::Site(d) => LeafKind::Site(d.to_ascii_lowercase()),
            // A word list can be empty only for input the parser rejects;
            // guard anyway so evaluation never indexes an empty list.
            other => self
                .atom(other)
                .filter(|a| !atom_is_empty(a))
                .map_or(LeafKind::Never, LeafKind::Atom),
        };
        Leaf {
            kind,
            fields,
            label: t.kind.to_string(),
            full_label: t.to_string(),
        }
    }

    fn atom_groups(&self, atom: &Atom, out: &mut Vec<Vec<Trigger>>) {
        match atom {
            Atom::Seq(keys) => out.extend(keys.iter().map(|k| vec![Trigger::Key(*k)])),
            Atom::Exact(w) => out.push(vec![Trigger::Exact(w.clone())]),
            Atom::Prefix(p) => out.push(vec![Trigger::Prefix(p.clone())]),
            Atom::Chain(slots) => out.extend(slots.iter().map(|s| vec![slot_trigger(s)])),
            Atom::Compound(_) => out.extend(self.triggers(atom)),
        }
    }

    /// Triggers one of which every match of `atom` has: its rarest word,
    /// else its first prefix; for a compound, that of each of its forms.
    fn triggers(&self, atom: &Atom) -> Option<Vec<Trigger>> {
        let cost = |k: &KeyId| self.interner.costs.get(*k as usize).copied().unwrap_or(1.0);
        let rarest = |keys: &mut dyn Iterator<Item = KeyId>| {
            keys.min_by(|a, b| cost(a).total_cmp(&cost(b)))
                .map(Trigger::Key)
        };
        let one = match atom {
            Atom::Seq(keys) => rarest(&mut keys.iter().copied()),
            Atom::Exact(w) => Some(Trigger::Exact(w.clone())),
            Atom::Prefix(p) => Some(Trigger::Prefix(p.clone())),
            Atom::Chain(slots) => rarest(&mut slots.iter().filter_map(|s| match s {
                Slot::Key(k) => Some(*k),
                Slot::Prefix(_) => None,
            }))
            .or_else(|| slots.first().map(slot_trigger)),
            Atom::Compound(forms) => {
                return forms
                    .iter()
                    .map(|keys| rarest(&mut keys.iter().copied()))
                    .collect();
            }
        };
        one.map(|t| vec![t])
    }

    /// The group "one of these alternatives occurs".
    fn alternatives_group(&self, atoms: &[Atom]) -> Option<Vec<Trigger>> {
        let mut group = Vec::new();
        for atom in atoms {
            group.extend(self.triggers(atom)?);
        }
        Some(group)
    }

    /// Appends the trigger groups necessary for `node` to match.
    fn groups(&self, node: &CNode, out: &mut Vec<Vec<Trigger>>) {
        match node {
            CNode::Leaf(i) => match &self.leaves[*i].kind {
                LeafKind::Atom(a) => self.atom_groups(a, out),
                LeafKind::Sloppy { slots, .. } => {
                    out.extend(slots.iter().map(|s| vec![slot_trigger(s)]));
                }
                LeafKind::Near { left, right, .. } => {
                    out.extend(self.alternatives_group(left));
                    out.extend(self.alternatives_group(right));
                }
                LeafKind::Site(d) => out.push(vec![Trigger::Site(d.clone())]),
                // A regex can match anything; `Never` needs no candidacy but
                // may sit under NOT, so stay conservative.
                LeafKind::Regex(_) | LeafKind::Never => {}
            },
            CNode::And(children) => {
                for c in children {
                    self.groups(c, out);
                }
            }
            CNode::Or(children) => {
                // Matching any child implies one of the children's first
                // groups is satisfied; their union is the group.
                let mut union = Vec::new();
                for c in children {
                    let mut g = Vec::new();
                    self.groups(c, &mut g);
                    match g.into_iter().next() {
                        Some(first) => union.extend(first),
                        None => return, // this child needs nothing
                    }
                }
                out.push(union);
            }
            CNode::Not(_) => {}
            CNode::Alias(_, body) => self.groups(body, out),
        }
    }
}

fn slot_trigger(slot: &Slot) -> Trigger {
    match slot {
        Slot::Key(k) => Trigger::Key(*k),
        Slot::Prefix(p) => Trigger::Prefix(p.clone()),
    }
}

fn atom_is_empty(atom: &Atom) -> bool {
    match atom {
        Atom::Seq(keys) => keys.is_empty(),
        Atom::Compound(forms) => forms.iter().all(Vec::is_empty),
        Atom::Chain(slots) => slots.is_empty(),
        Atom::Exact(w) | Atom::Prefix(w) => w.is_empty(),
    }
}

/// The field of the first term under a NEAR operand (they all share it).
fn first_field(node: &Node) -> Option<Field> {
    match node {
        Node::Term(t) => t.field,
        Node::Alias { body, .. } => first_field(body),
        Node::Or(c) | Node::And(c) => c.first().and_then(first_field),
        Node::Not(n) => first_field(n),
        Node::Near { left, .. } => first_field(left),
    }
}
