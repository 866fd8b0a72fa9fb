//! The query AST and its canonical printed form.
//!
//! Invariants: fields are pushed down to the leaves by the parser (a `Term`
//! always carries its own field), `And`/`Or` have at least two children, the
//! operands of `Near` are terms, aliases and `Or` groups of them, all in one
//! field (see `parser.rs`), and
//! printing any AST the parser produced yields text that parses back to the
//! same AST (`parse(q.to_string()) == q`), which the printer guarantees by
//! parenthesizing every nested `And`/`Or`.

use std::fmt;

/// A document field a term can be restricted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Title,
    Summary,
    Content,
    Author,
    Category,
    /// The feed's name or one of its tags.
    Feed,
    /// The domain of the item's link, subdomains included.
    Site,
    /// The title plus the first sentence of the summary (of the content when
    /// there is no summary): see `lead.rs`.
    Lead,
}

impl Field {
    /// Every field, in the order used by field masks.
    pub const ALL: [Field; 8] = [
        Field::Title,
        Field::Summary,
        Field::Content,
        Field::Author,
        Field::Category,
        Field::Feed,
        Field::Site,
        Field::Lead,
    ];

    /// The name used in queries (`title:`) and in match reports.
    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Summary => "summary",
            Field::Content => "content",
            Field::Author => "author",
            Field::Category => "category",
            Field::Feed => "feed",
            Field::Site => "site",
            Field::Lead => "lead",
        }
    }

    /// Looks a field up by its query name (lower case only).
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Bit index of the field in masks.
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a leaf term matches.
#[derive(Debug, Clone, PartialEq)]
pub enum TermKind {
    /// A bare word as written. If it splits into several words ("e-mail"),
    /// they must be consecutive, like a phrase.
    Word(String),
    /// `"words in order"`, or with `slop` (`"a b"~8`) all words within that
    /// many positions of each other, in any order. A word of the phrase
    /// followed by `*` is a prefix (`"export licen*"`).
    Phrase { text: String, slop: Option<u32> },
    /// `=Word`: case-sensitive match of the original word.
    Exact(String),
    /// `stem*`: a folded, unstemmed word starting with this text. If the text
    /// splits into several words (`semi-conducteur*`, `l'export*`), they must
    /// be consecutive and only the last one is a prefix.
    Prefix(String),
    /// `/pattern/` on the folded text of the field(s).
    Regex(String),
    /// `site:domain` (the domain as written, lower-cased).
    Site(String),
}

/// A leaf: one term restricted to one field (`None` = title, summary, content).
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub field: Option<Field>,
    pub kind: TermKind,
}

/// A node of the boolean query tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Term(Term),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    /// `@name`, kept for printing and explanations; `body` is its expansion
    /// (an `Or` of its entries) with the field already applied.
    Alias {
        name: String,
        field: Option<Field>,
        body: Box<Node>,
    },
    /// `left NEAR/distance right`: some alternative of `left` within
    /// `distance` words of some alternative of `right`, in one field value
    /// (see `eval.rs`). Each operand is a term (word, phrase without `~`,
    /// `=Word`, prefix), an alias, or an `Or` of these; every term of both
    /// operands has the same field.
    Near {
        left: Box<Node>,
        right: Box<Node>,
        distance: u32,
    },
}

/// A parsed query. Build one with [`super::parse`].
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub root: Node,
}

impl fmt::Display for TermKind {
    /// The term as a user writes it, without its field.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TermKind::Word(w) => f.write_str(w),
            TermKind::Phrase { text, slop } => {
                write!(f, "\"{text}\"")?;
                match slop {
                    Some(n) => write!(f, "~{n}"),
                    None => Ok(()),
                }
            }
            TermKind::Exact(w) => write!(f, "={w}"),
            TermKind::Prefix(p) => write!(f, "{p}*"),
            TermKind::Regex(r) => {
                f.write_str("/")?;
                write_regex_body(f, r)?;
                f.write_str("/")
            }
            TermKind::Site(d) => f.write_str(d),
        }
    }
}

/// Writes a regex with `/` escaped as `\/`; an existing backslash pair is
/// copied verbatim so that `\\` followed by `/` stays unambiguous.
fn write_regex_body(f: &mut fmt::Formatter<'_>, r: &str) -> fmt::Result {
    let mut chars = r.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                f.write_str("\\")?;
                if let Some(n) = chars.next() {
                    write!(f, "{n}")?;
                }
            }
            '/' => f.write_str("\\/")?,
            c => write!(f, "{c}")?,
        }
    }
    Ok(())
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.field {
            None => write!(f, "{}", self.kind),
            Some(field) => write!(f, "{field}:{}", self.kind),
        }
    }
}

impl Node {
    fn fmt_child(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::And(_) | Node::Or(_) => write!(f, "({self})"),
            _ => write!(f, "{self}"),
        }
    }
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Term(t) => write!(f, "{t}"),
            Node::And(children) | Node::Or(children) => {
                let op = if matches!(self, Node::And(_)) {
                    " AND "
                } else {
                    " OR "
                };
                for (i, child) in children.iter().enumerate() {
                    if i > 0 {
                        f.write_str(op)?;
                    }
                    child.fmt_child(f)?;
                }
                Ok(())
            }
            Node::Not(inner) => {
                f.write_str("NOT ")?;
                inner.fmt_child(f)
            }
            Node::Alias { name, field, .. } => match field {
                Some(field) => write!(f, "{field}:@{name}"),
                None => write!(f, "@{name}"),
            },
            Node::Near {
                left,
                right,
                distance,
            } => {
                left.fmt_child(f)?;
                write!(f, " NEAR/{distance} ")?;
                right.fmt_child(f)
            }
        }
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.root)
    }
}
