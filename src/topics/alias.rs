//! Alias tables: a name stands for a list of entries and `@name` in a query
//! expands to an OR of them.
//!
//! Invariants once [`Aliases::new`] succeeded: every entry parses, every
//! `@reference` names an existing alias, there is no cycle, and reference
//! chains are at most [`MAX_ALIAS_DEPTH`] deep, so expansion terminates.

use super::ast::{Field, Node, TermKind};
use super::normalize::{raw_words, words};
use super::parser::{QueryError, make_term};
use std::collections::BTreeMap;

/// Longest chain of aliases referring to aliases.
const MAX_ALIAS_DEPTH: usize = 32;

/// Most AST nodes one query may expand to through aliases (diamond-shaped
/// references can otherwise grow exponentially).
const MAX_EXPANSION: usize = 10_000;

/// An invalid alias table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AliasError {
    #[error("alias cycle: {0}")]
    Cycle(String),
    #[error("alias '{alias}': entry '{entry}' {reason}")]
    BadEntry {
        alias: String,
        entry: String,
        reason: String,
    },
    #[error("alias '{alias}': invalid name (use letters, digits, '_', '-' or '.')")]
    BadName { alias: String },
    #[error("alias '{alias}': references nest deeper than {MAX_ALIAS_DEPTH} levels")]
    TooDeep { alias: String },
}

/// One alias entry, written as a query would write a term.
#[derive(Debug, Clone, PartialEq)]
enum Entry {
    Term(TermKind),
    Ref(String),
}

/// A validated alias table.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    map: BTreeMap<String, Vec<Entry>>,
}

impl Aliases {
    /// An empty table.
    pub fn empty() -> Aliases {
        Aliases::default()
    }

    /// Validates and stores a table. Entries: `word`, `several words` (a
    /// phrase), `"quoted words"`, `=Exact`, `prefix*`, `@other_alias`.
    pub fn new(map: BTreeMap<String, Vec<String>>) -> Result<Aliases, AliasError> {
        let mut parsed = BTreeMap::new();
        for (name, entries) in &map {
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
            {
                return Err(AliasError::BadName {
                    alias: name.clone(),
                });
            }
            let list = entries
                .iter()
                .map(|e| parse_entry(name, e, &map))
                .collect::<Result<Vec<_>, _>>()?;
            parsed.insert(name.clone(), list);
        }
        let aliases = Aliases { map: parsed };
        for name in aliases.map.keys() {
            aliases.check_cycles(name, &mut vec![name.clone()])?;
        }
        Ok(aliases)
    }

    /// Depth-first walk from `path`'s last alias; `path` is the chain so far.
    fn check_cycles(&self, name: &str, path: &mut Vec<String>) -> Result<(), AliasError> {
        if path.len() > MAX_ALIAS_DEPTH {
            return Err(AliasError::TooDeep {
                alias: path[0].clone(),
            });
        }
        for entry in self.map.get(name).into_iter().flatten() {
            let Entry::Ref(other) = entry else { continue };
            if let Some(start) = path.iter().position(|p| p == other) {
                let mut cycle = path[start..].to_vec();
                cycle.push(other.clone());
                return Err(AliasError::Cycle(cycle.join(" -> ")));
            }
            path.push(other.clone());
            self.check_cycles(other, path)?;
            path.pop();
        }
        Ok(())
    }

    /// Names of all aliases, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }

    /// Expands `@name` into an `Alias` node, applying `field` to its entries.
    pub(crate) fn expand(
        &self,
        name: &str,
        field: Option<Field>,
        column: usize,
    ) -> Result<Node, QueryError> {
        let mut budget = MAX_EXPANSION;
        self.expand_inner(name, field, column, &mut budget)
    }

    fn expand_inner(
        &self,
        name: &str,
        field: Option<Field>,
        column: usize,
        budget: &mut usize,
    ) -> Result<Node, QueryError> {
        let Some(entries) = self.map.get(name) else {
            let known: Vec<String> = self.map.keys().map(|k| format!("@{k}")).collect();
            let hint = if known.is_empty() {
                "no aliases are defined".to_string()
            } else {
                format!("known aliases: {}", known.join(", "))
            };
            return Err(QueryError::new(
                column,
                format!("unknown alias '@{name}' ({hint})"),
            ));
        };
        let mut children = Vec::with_capacity(entries.len());
        for entry in entries {
            *budget = budget.checked_sub(1).ok_or_else(|| {
                QueryError::new(
                    column,
                    format!("alias '@{name}' expands to more than {MAX_EXPANSION} terms"),
                )
            })?;
            children.push(match entry {
                Entry::Ref(other) => self.expand_inner(other, field, column, budget)?,
                Entry::Term(kind) => {
                    let term = make_term(field, kind.clone(), column).map_err(|e| {
                        QueryError::new(column, format!("in alias '@{name}': {}", e.message))
                    })?;
                    Node::Term(term)
                }
            });
        }
        let body = if children.len() == 1 {
            children.swap_remove(0)
        } else {
            Node::Or(children)
        };
        Ok(Node::Alias {
            name: name.to_string(),
            field,
            body: Box::new(body),
        })
    }
}

fn parse_entry(
    alias: &str,
    text: &str,
    map: &BTreeMap<String, Vec<String>>,
) -> Result<Entry, AliasError> {
    let bad = |reason: &str| AliasError::BadEntry {
        alias: alias.to_string(),
        entry: text.to_string(),
        reason: reason.to_string(),
    };
    let t = text.trim();
    if let Some(other) = t.strip_prefix('@') {
        return if map.contains_key(other) {
            Ok(Entry::Ref(other.to_string()))
        } else {
            Err(bad("refers to an unknown alias"))
        };
    }
    let kind = if let Some(w) = t.strip_prefix('=') {
        if raw_words(w).len() != 1 || w.chars().any(char::is_whitespace) {
            return Err(bad("must be a single word after '='"));
        }
        TermKind::Exact(w.to_string())
    } else if let Some(p) = t.strip_suffix('*') {
        if words(p).len() != 1 || p.chars().any(char::is_whitespace) {
            return Err(bad("must be a single word before '*'"));
        }
        TermKind::Prefix(p.to_string())
    } else if let Some(inner) = t.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        TermKind::Phrase {
            text: inner.to_string(),
            slop: None,
        }
    } else if t.chars().any(char::is_whitespace) {
        TermKind::Phrase {
            text: t.to_string(),
            slop: None,
        }
    } else {
        TermKind::Word(t.to_string())
    };
    let text_of = match &kind {
        TermKind::Word(w) | TermKind::Exact(w) | TermKind::Prefix(w) => w,
        TermKind::Phrase { text, .. } => text,
        _ => t,
    };
    if words(text_of).is_empty() || text_of.contains('"') {
        return Err(bad("has no letters or digits to match (or a stray '\"')"));
    }
    Ok(Entry::Term(kind))
}
