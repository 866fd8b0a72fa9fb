//! Alias tables: a name stands for a list of entries and `@name` in a query
//! expands to an OR of them.
//!
//! Validation reports every problem at once, each with the alias and the
//! index of the entry at fault, so config can point at that entry's line.
//! [`Aliases::new`] fails when there is any problem; [`Aliases::new_lenient`]
//! keeps every valid entry and returns the problems beside the table, so that
//! queries using a partly broken alias still parse (and do not fail with a
//! misleading "unknown alias" while the real error is in `[aliases]`).
//!
//! Invariants of a table either constructor returns: every entry parses,
//! every `@reference` names an existing alias, there is no cycle, and
//! reference chains are at most [`MAX_ALIAS_DEPTH`] deep, so expansion
//! terminates.

use super::ast::{Field, Node, TermKind};
use super::normalize::{phrase_words, raw_words};
use super::parser::{QueryError, make_term};
use std::collections::BTreeMap;
use std::fmt;

/// Longest chain of aliases referring to aliases.
const MAX_ALIAS_DEPTH: usize = 32;

/// Most AST nodes one query may expand to through aliases (diamond-shaped
/// references can otherwise grow exponentially).
const MAX_EXPANSION: usize = 10_000;

/// One problem in an alias table. `index` is the 0-based position of the
/// entry at fault in the alias's list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AliasError {
    /// The entry `@...` at `index` of `alias` closes a cycle (`path`, e.g.
    /// "a -> b -> a"); the entry is dropped.
    #[error("alias '{alias}', entry {index}: alias cycle: {path}")]
    Cycle {
        alias: String,
        index: usize,
        path: String,
    },
    /// The entry cannot be parsed or refers to an unknown alias.
    #[error("alias '{alias}', entry {index} ('{entry}'): {reason}")]
    BadEntry {
        alias: String,
        index: usize,
        entry: String,
        reason: String,
    },
    /// The alias name itself is invalid; the whole alias is dropped.
    #[error("alias '{alias}': invalid name (use letters, digits, '_', '-' or '.')")]
    BadName { alias: String },
    /// Following the reference at `index` nests deeper than
    /// 32 levels; the entry is dropped.
    #[error("alias '{alias}', entry {index}: references nest deeper than {MAX_ALIAS_DEPTH} levels")]
    TooDeep { alias: String, index: usize },
}

impl AliasError {
    /// The alias at fault.
    pub fn alias(&self) -> &str {
        match self {
            AliasError::Cycle { alias, .. }
            | AliasError::BadEntry { alias, .. }
            | AliasError::BadName { alias }
            | AliasError::TooDeep { alias, .. } => alias,
        }
    }

    /// The 0-based index of the entry at fault, if the error is about one.
    pub fn entry_index(&self) -> Option<usize> {
        match self {
            AliasError::Cycle { index, .. }
            | AliasError::BadEntry { index, .. }
            | AliasError::TooDeep { index, .. } => Some(*index),
            AliasError::BadName { .. } => None,
        }
    }
}

/// Every problem of an alias table, in alias then entry order (never empty
/// when returned by [`Aliases::new`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasErrors(pub Vec<AliasError>);

impl fmt::Display for AliasErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for AliasErrors {}

impl AliasErrors {
    /// The individual problems.
    pub fn errors(&self) -> &[AliasError] {
        &self.0
    }
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

    /// Validates and stores a table, or returns every problem. Entries:
    /// `word`, `several words` (a phrase), `"quoted words"`, `=Exact`,
    /// `prefix*` (also `semi-conduct*`), a phrase ending in or containing
    /// prefixes (`export licen*`), `@other_alias`.
    pub fn new(map: BTreeMap<String, Vec<String>>) -> Result<Aliases, AliasErrors> {
        let (aliases, errors) = Aliases::new_lenient(map);
        if errors.is_empty() {
            Ok(aliases)
        } else {
            Err(AliasErrors(errors))
        }
    }

    /// Validates a table, keeping every valid entry: invalid entries, the
    /// references that close a cycle or nest too deep, and aliases with an
    /// invalid name are left out and reported. An alias whose entries are
    /// all invalid stays defined, with no entries (a query using it then
    /// says so).
    pub fn new_lenient(map: BTreeMap<String, Vec<String>>) -> (Aliases, Vec<AliasError>) {
        let mut errors = Vec::new();
        let mut parsed = BTreeMap::new();
        for (name, entries) in &map {
            if !valid_name(name) {
                errors.push(AliasError::BadName {
                    alias: name.clone(),
                });
                continue;
            }
            let mut list = Vec::new();
            for (index, e) in entries.iter().enumerate() {
                match parse_entry(e, &map) {
                    Ok(entry) => list.push((index, entry)),
                    Err(reason) => errors.push(AliasError::BadEntry {
                        alias: name.clone(),
                        index,
                        entry: e.clone(),
                        reason,
                    }),
                }
            }
            parsed.insert(name.clone(), list);
        }
        // A reference to an alias with an invalid name is an unknown alias.
        for (name, list) in &mut parsed {
            list.retain(|(index, entry)| match entry {
                Entry::Ref(other) if !valid_name(other) => {
                    errors.push(AliasError::BadEntry {
                        alias: name.clone(),
                        index: *index,
                        entry: format!("@{other}"),
                        reason: "refers to an alias with an invalid name".into(),
                    });
                    false
                }
                _ => true,
            });
        }
        // Drop references that close a cycle or nest too deep, one at a
        // time, until none is left (each pass removes one entry).
        let names: Vec<String> = parsed.keys().cloned().collect();
        for name in &names {
            while let Some((alias, index, error)) = find_bad_ref(&parsed, name) {
                if let Some(list) = parsed.get_mut(&alias) {
                    list.retain(|(i, _)| *i != index);
                }
                errors.push(error);
            }
        }
        let map = parsed
            .into_iter()
            .map(|(name, list)| (name, list.into_iter().map(|(_, e)| e).collect()))
            .collect();
        errors.sort_by(|a, b| (a.alias(), a.entry_index()).cmp(&(b.alias(), b.entry_index())));
        (Aliases { map }, errors)
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
        if entries.is_empty() {
            return Err(QueryError::new(
                column,
                format!("alias '@{name}' has no valid entry (see the errors in [aliases])"),
            ));
        }
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

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

type Parsed = BTreeMap<String, Vec<(usize, Entry)>>;

/// The first reference reachable from `root` that closes a cycle or nests
/// deeper than [`MAX_ALIAS_DEPTH`]: (alias holding it, entry index, error).
fn find_bad_ref(parsed: &Parsed, root: &str) -> Option<(String, usize, AliasError)> {
    fn walk(
        parsed: &Parsed,
        path: &mut Vec<String>,
        root_index: usize,
    ) -> Option<(String, usize, AliasError)> {
        let name = path.last()?.clone();
        for (index, entry) in parsed.get(&name).into_iter().flatten() {
            let Entry::Ref(other) = entry else { continue };
            if let Some(start) = path.iter().position(|p| p == other) {
                let mut cycle = path[start..].to_vec();
                cycle.push(other.clone());
                return Some((
                    name.clone(),
                    *index,
                    AliasError::Cycle {
                        alias: name.clone(),
                        index: *index,
                        path: cycle.join(" -> "),
                    },
                ));
            }
            let root_index = if path.len() == 1 { *index } else { root_index };
            if path.len() >= MAX_ALIAS_DEPTH {
                let root = path[0].clone();
                return Some((
                    root.clone(),
                    root_index,
                    AliasError::TooDeep {
                        alias: root,
                        index: root_index,
                    },
                ));
            }
            path.push(other.clone());
            if let Some(found) = walk(parsed, path, root_index) {
                return Some(found);
            }
            path.pop();
        }
        None
    }
    walk(parsed, &mut vec![root.to_string()], 0)
}

/// Parses one entry; the error is the reason it is invalid.
fn parse_entry(text: &str, map: &BTreeMap<String, Vec<String>>) -> Result<Entry, String> {
    let t = text.trim();
    if let Some(other) = t.strip_prefix('@') {
        return if map.contains_key(other) {
            Ok(Entry::Ref(other.to_string()))
        } else {
            let known: Vec<String> = map.keys().map(|k| format!("@{k}")).collect();
            Err(format!(
                "refers to an unknown alias (known aliases: {})",
                known.join(", ")
            ))
        };
    }
    let kind = if let Some(w) = t.strip_prefix('=') {
        if raw_words(w).len() != 1 || w.chars().any(char::is_whitespace) {
            return Err("must be a single word after '='".into());
        }
        TermKind::Exact(w.to_string())
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
    } else if let Some(p) = t.strip_suffix('*') {
        TermKind::Prefix(p.to_string())
    } else {
        TermKind::Word(t.to_string())
    };
    let text_of = match &kind {
        TermKind::Word(w) | TermKind::Exact(w) | TermKind::Prefix(w) => w,
        TermKind::Phrase { text, .. } => text,
        _ => t,
    };
    if phrase_words(text_of).is_empty() || text_of.contains('"') {
        return Err("has no letters or digits to match (or a stray '\"')".into());
    }
    // The same checks as in a query (prefix and '*' placement).
    make_term(None, kind.clone(), 1).map_err(|e| e.message)?;
    Ok(Entry::Term(kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(entries: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        entries
            .iter()
            .map(|(n, es)| (n.to_string(), es.iter().map(|e| e.to_string()).collect()))
            .collect()
    }

    #[test]
    fn reports_every_bad_entry_with_its_index() {
        let map = table(&[
            ("ai", &["AI", "=two words", "OpenAI", "..."]),
            ("bad name!", &["x"]),
            ("mil", &["Pentagon", "@nope", "re-*"]),
            ("ok", &["fine", "export licen*", "semi-conduct*", "@ai"]),
        ]);
        let (aliases, errors) = Aliases::new_lenient(map.clone());
        let found: Vec<(&str, Option<usize>)> = errors
            .iter()
            .map(|e| (e.alias(), e.entry_index()))
            .collect();
        assert_eq!(
            found,
            [
                ("ai", Some(1)),
                ("ai", Some(3)),
                ("bad name!", None),
                ("mil", Some(1)),
                ("mil", Some(2)),
            ]
        );
        assert!(errors[3].to_string().contains("@nope"), "{}", errors[3]);
        // Valid entries are kept: queries using the aliases still parse.
        assert_eq!(aliases.names().collect::<Vec<_>>(), ["ai", "mil", "ok"]);
        let q = super::super::parse("@ai @mil @ok", &aliases).unwrap_or_else(|e| panic!("{e}"));
        assert!(q.to_string().contains("@mil"));
        // The strict constructor reports the same list.
        let err = Aliases::new(map).err().unwrap_or_else(|| panic!("errors"));
        assert_eq!(err.errors(), &errors[..]);
        assert!(
            err.to_string()
                .contains("alias 'ai', entry 1 ('=two words')"),
            "{err}"
        );
    }

    #[test]
    fn cycles_drop_the_closing_reference() {
        let map = table(&[("a", &["x", "@b"]), ("b", &["y", "@a"])]);
        let (aliases, errors) = Aliases::new_lenient(map);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].to_string().contains("a -> b -> a"),
            "{}",
            errors[0]
        );
        assert_eq!(errors[0].alias(), "b");
        assert_eq!(errors[0].entry_index(), Some(1));
        // What is left expands fine.
        assert!(super::super::parse("@a @b", &aliases).is_ok());
    }

    #[test]
    fn an_alias_without_valid_entries_says_so() {
        let (aliases, errors) = Aliases::new_lenient(table(&[("a", &["=x y"])]));
        assert_eq!(errors.len(), 1);
        let err = super::super::parse("@a", &aliases).err().map(|e| e.message);
        assert_eq!(
            err.as_deref(),
            Some("alias '@a' has no valid entry (see the errors in [aliases])")
        );
        let err = super::super::parse("@b", &aliases).err().map(|e| e.message);
        assert_eq!(
            err.as_deref(),
            Some("unknown alias '@b' (known aliases: @a)")
        );
    }

    #[test]
    fn too_deep_chains_are_reported() {
        let names: Vec<String> = (0..40).map(|i| format!("a{i:02}")).collect();
        let map: BTreeMap<String, Vec<String>> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let entry = names
                    .get(i + 1)
                    .map_or("end".to_string(), |next| format!("@{next}"));
                (n.clone(), vec![entry])
            })
            .collect();
        let (aliases, errors) = Aliases::new_lenient(map);
        assert!(!errors.is_empty());
        assert!(
            errors
                .iter()
                .all(|e| matches!(e, AliasError::TooDeep { .. }))
        );
        assert!(super::super::parse("@a00", &aliases).is_err());
    }
}
