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
use super::normalize::{StemMode, raw_words, words};
use super::parser::build_regex;
use super::rarity::word_cost;

pub(crate) type KeyId = u32;

/// Fields searched when a term names none.
pub(crate) const DEFAULT_FIELDS: u8 = bit(Field::Title) | bit(Field::Summary) | bit(Field::Content);

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

/// An operand of NEAR.
#[derive(Debug, Clone)]
pub(crate) enum Atom {
    /// Consecutive words (one for a plain word).
    Seq(Vec<KeyId>),
    /// Original word, case-sensitive.
    Exact(String),
    /// Folded, unstemmed word prefix.
    Prefix(String),
}

#[derive(Debug, Clone)]
pub(crate) enum LeafKind {
    Atom(Atom),
    Sloppy {
        keys: Vec<KeyId>,
        slop: u32,
    },
    Near {
        left: Atom,
        right: Atom,
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
    Alias(String, Box<CNode>),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Trigger {
    Key(KeyId),
    Exact(String),
    Prefix(String),
    Site(String),
}

/// A compiled topic.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub root: CNode,
    pub leaves: Vec<Leaf>,
    /// Conjunction of disjunctions of triggers (see module invariants).
    pub groups: Vec<Vec<Trigger>>,
}

pub(crate) fn compile(root: &Node, mode: usize, interner: &mut Interner) -> Compiled {
    let mut c = Compiler {
        mode,
        interner,
        leaves: Vec::new(),
    };
    let root = c.node(root);
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
            Node::Alias { name, body, .. } => CNode::Alias(name.clone(), Box::new(self.node(body))),
        }
    }

    fn keys(&mut self, text: &str) -> Vec<KeyId> {
        let mode = self.interner.modes[self.mode];
        words(text)
            .iter()
            .map(|w| {
                let key = mode.key(w);
                self.interner.intern(self.mode, &key, w)
            })
            .collect()
    }

    fn atom(&mut self, kind: &TermKind) -> Option<Atom> {
        Some(match kind {
            TermKind::Word(w) | TermKind::Phrase { text: w, .. } => Atom::Seq(self.keys(w)),
            TermKind::Exact(w) => Atom::Exact(raw_words(w).first()?.to_string()),
            TermKind::Prefix(p) => Atom::Prefix(words(p).into_iter().next()?),
            _ => return None,
        })
    }

    fn leaf(&mut self, t: &Term) -> Leaf {
        let fields = t.field.map_or(DEFAULT_FIELDS, bit);
        let kind = match &t.kind {
            TermKind::Phrase {
                text,
                slop: Some(slop),
            } => LeafKind::Sloppy {
                keys: self.keys(text),
                slop: *slop,
            },
            TermKind::Regex(r) => build_regex(r).map_or(LeafKind::Never, LeafKind::Regex),
            TermKind::Site(d) => LeafKind::Site(d.to_ascii_lowercase()),
            TermKind::Near {
                left,
                right,
                distance,
            } => match (self.atom(left), self.atom(right)) {
                (Some(left), Some(right)) => LeafKind::Near {
                    left,
                    right,
                    distance: *distance,
                },
                _ => LeafKind::Never,
            },
            other => self.atom(other).map_or(LeafKind::Never, LeafKind::Atom),
        };
        // A word list can be empty only for input the parser rejects; guard
        // anyway so evaluation never indexes an empty list.
        let kind = match kind {
            LeafKind::Atom(Atom::Seq(ref k)) | LeafKind::Sloppy { keys: ref k, .. }
                if k.is_empty() =>
            {
                LeafKind::Never
            }
            LeafKind::Near {
                left: Atom::Seq(ref k),
                ..
            }
            | LeafKind::Near {
                right: Atom::Seq(ref k),
                ..
            } if k.is_empty() => LeafKind::Never,
            k => k,
        };
        Leaf {
            kind,
            fields,
            label: t.kind.to_string(),
            full_label: t.to_string(),
        }
    }

    fn atom_groups(atom: &Atom, out: &mut Vec<Vec<Trigger>>) {
        match atom {
            Atom::Seq(keys) => out.extend(keys.iter().map(|k| vec![Trigger::Key(*k)])),
            Atom::Exact(w) => out.push(vec![Trigger::Exact(w.clone())]),
            Atom::Prefix(p) => out.push(vec![Trigger::Prefix(p.clone())]),
        }
    }

    /// Appends the trigger groups necessary for `node` to match.
    fn groups(&self, node: &CNode, out: &mut Vec<Vec<Trigger>>) {
        match node {
            CNode::Leaf(i) => match &self.leaves[*i].kind {
                LeafKind::Atom(a) => Self::atom_groups(a, out),
                LeafKind::Sloppy { keys, .. } => {
                    out.extend(keys.iter().map(|k| vec![Trigger::Key(*k)]));
                }
                LeafKind::Near { left, right, .. } => {
                    Self::atom_groups(left, out);
                    Self::atom_groups(right, out);
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
