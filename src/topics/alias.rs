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
use std::collections::{BTreeMap, HashMap, HashSet};
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
    /// With the entry at `index`, `alias` would expand to more than
    /// 10,000 terms (`chain`: the references that make it big, e.g.
    /// "a -> b -> c"); that entry and the next ones that would also
    /// overflow are dropped.
    #[error(
        "alias '{alias}', entry {index}: expands to more than {MAX_EXPANSION} terms (through {chain}); this entry is dropped"
    )]
    TooLarge {
        alias: String,
        index: usize,
        chain: String,
    },
}

impl AliasError {
    /// The alias at fault.
    pub fn alias(&self) -> &str {
        match self {
            AliasError::Cycle { alias, .. }
            | AliasError::BadEntry { alias, .. }
            | AliasError::BadName { alias }
            | AliasError::TooDeep { alias, .. }
            | AliasError::TooLarge { alias, .. } => alias,
        }
    }

    /// The 0-based index of the entry at fault, if the error is about one.
    pub fn entry_index(&self) -> Option<usize> {
        match self {
            AliasError::Cycle { index, .. }
            | AliasError::BadEntry { index, .. }
            | AliasError::TooDeep { index, .. }
            | AliasError::TooLarge { index, .. } => Some(*index),
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
        // Drop references that close a cycle, nest too deep or make an
        // alias expand to too many terms: one walk over the table.
        check_references(&mut parsed, &mut errors);
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
            let hint = if self.map.is_empty() {
                "no aliases are defined".to_string()
            } else {
                format!("known aliases: {}", known_aliases(self.map.keys()))
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

/// Finds, in time linear in the size of the table, the entries to drop:
/// references that close a cycle (the back edges of a depth-first walk, in
/// alias then entry order), references that make a chain deeper than
/// [`MAX_ALIAS_DEPTH`], and entries that make an alias expand to more than
/// [`MAX_EXPANSION`] terms. Depths and sizes are memoised per alias, so
/// diamond-shaped references (each alias naming the next several times)
/// cost no more than a chain. The walk is iterative: a long chain cannot
/// overflow the stack.
fn check_references(parsed: &mut Parsed, errors: &mut Vec<AliasError>) {
    let names: Vec<String> = parsed.keys().cloned().collect();
    let ids: HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(id, name)| (name.as_str(), id))
        .collect();
    // Per alias, its entries in order: (entry index, the alias referred to).
    let entries: Vec<Vec<(usize, Option<usize>)>> = names
        .iter()
        .map(|name| {
            parsed
                .get(name)
                .into_iter()
                .flatten()
                .map(|(index, entry)| match entry {
                    Entry::Ref(other) => (*index, ids.get(other.as_str()).copied()),
                    Entry::Term(_) => (*index, None),
                })
                .collect()
        })
        .collect();
    let mut dropped: HashSet<(usize, usize)> = HashSet::new();

    // Cycles: a depth-first walk; an edge to an alias still on the path
    // closes a cycle. `order` lists aliases children first.
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; names.len()];
    let mut position = vec![0usize; names.len()];
    let mut order = Vec::with_capacity(names.len());
    for root in 0..names.len() {
        if state[root] != NEW {
            continue;
        }
        state[root] = ON_PATH;
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&(node, next)) = path.last() {
            let Some(&(index, target)) = entries[node].get(next) else {
                state[node] = DONE;
                order.push(node);
                path.pop();
                continue;
            };
            if let Some(top) = path.last_mut() {
                top.1 += 1;
            }
            let Some(target) = target else { continue };
            match state[target] {
                NEW => {
                    state[target] = ON_PATH;
                    position[target] = path.len();
                    path.push((target, 0));
                }
                ON_PATH => {
                    dropped.insert((node, index));
                    let cycle: Vec<&str> = path[position[target]..]
                        .iter()
                        .map(|(id, _)| names[*id].as_str())
                        .chain(std::iter::once(names[target].as_str()))
                        .collect();
                    errors.push(AliasError::Cycle {
                        alias: names[node].clone(),
                        index,
                        path: abbreviate_chain(&cycle),
                    });
                }
                _ => {}
            }
        }
    }

    // Depth and expanded size, children first (what is dropped from a child
    // is already gone when its parents are counted).
    let mut depth = vec![1usize; names.len()];
    let mut size = vec![0usize; names.len()];
    let mut biggest: Vec<Option<usize>> = vec![None; names.len()];
    for &node in &order {
        let mut too_large_reported = false;
        for &(index, target) in &entries[node] {
            if dropped.contains(&(node, index)) {
                continue;
            }
            let (entry_depth, entry_size) = match target {
                // The reference itself counts, as in `expand`'s budget.
                Some(t) => (depth[t] + 1, size[t] + 1),
                None => (1, 1),
            };
            if entry_depth > MAX_ALIAS_DEPTH {
                dropped.insert((node, index));
                errors.push(AliasError::TooDeep {
                    alias: names[node].clone(),
                    index,
                });
                continue;
            }
            if size[node] + entry_size > MAX_EXPANSION {
                dropped.insert((node, index));
                if !too_large_reported {
                    too_large_reported = true;
                    let mut chain = vec![names[node].as_str()];
                    let mut next = target;
                    while let Some(t) = next {
                        chain.push(names[t].as_str());
                        next = biggest[t];
                    }
                    errors.push(AliasError::TooLarge {
                        alias: names[node].clone(),
                        index,
                        chain: abbreviate_chain(&chain),
                    });
                }
                continue;
            }
            depth[node] = depth[node].max(entry_depth);
            size[node] += entry_size;
            if let Some(t) = target
                && biggest[node].is_none_or(|b| size[b] < size[t])
            {
                biggest[node] = Some(t);
            }
        }
    }
    for (id, name) in names.iter().enumerate() {
        if let Some(list) = parsed.get_mut(name) {
            list.retain(|(index, _)| !dropped.contains(&(id, *index)));
        }
    }
}

/// A chain of alias names, "a -> b -> c", with the middle left out when it
/// is long (an error line stays short whatever the table).
fn abbreviate_chain(chain: &[&str]) -> String {
    const SHOWN: usize = 4;
    if chain.len() <= 2 * SHOWN {
        return chain.join(" -> ");
    }
    format!(
        "{} -> ... ({} more) -> {}",
        chain[..SHOWN].join(" -> "),
        chain.len() - 2 * SHOWN,
        chain[chain.len() - SHOWN..].join(" -> ")
    )
}

/// "@a, @b, ..." for an error naming the known aliases: at most ten, then
/// how many more.
fn known_aliases<'a>(names: impl ExactSizeIterator<Item = &'a String>) -> String {
    const SHOWN: usize = 10;
    let total = names.len();
    let mut list: Vec<String> = names.take(SHOWN).map(|k| format!("@{k}")).collect();
    if total > SHOWN {
        list.push(format!("and {} more", total - SHOWN));
    }
    list.join(", ")
}

/// Parses one entry; the error is the reason it is invalid.
fn parse_entry(text: &str, map: &BTreeMap<String, Vec<String>>) -> Result<Entry, String> {
    let t = text.trim();
    if let Some(other) = t.strip_prefix('@') {
        return if map.contains_key(other) {
            Ok(Entry::Ref(other.to_string()))
        } else {
            Err(format!(
                "refers to an unknown alias (known aliases: {})",
                known_aliases(map.keys())
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

    /// `n` aliases each naming the next `fan` times; the last has one term.
    fn diamond(n: usize, fan: usize) -> BTreeMap<String, Vec<String>> {
        (0..n)
            .map(|i| {
                let entries = if i + 1 == n {
                    vec!["end".to_string()]
                } else {
                    vec![format!("@l{:02}", i + 1); fan]
                };
                (format!("l{i:02}"), entries)
            })
            .collect()
    }

    #[test]
    fn diamonds_are_checked_in_linear_time_and_oversized_aliases_reported_with_their_chain() {
        // 24 levels of 4: 4^23 terms if expanded; the walk touches each
        // entry once.
        let started = std::time::Instant::now();
        let (aliases, errors) = Aliases::new_lenient(diamond(24, 4));
        assert!(
            started.elapsed() < std::time::Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );
        assert!(!errors.is_empty());
        for e in &errors {
            assert!(matches!(e, AliasError::TooLarge { .. }), "{e}");
        }
        // The first alias to overflow is the deepest one that does, and the
        // message names the chain that makes it big.
        let deepest = errors.iter().map(|e| e.alias()).max().unwrap_or("");
        assert_eq!(deepest, "l16", "{errors:?}");
        let message = errors
            .iter()
            .find(|e| e.alias() == "l16")
            .map(ToString::to_string)
            .unwrap_or_default();
        assert!(
            message.contains("expands to more than 10000 terms (through l16 -> l17 -> l18"),
            "{message}"
        );
        // What is left expands within the budget.
        let started = std::time::Instant::now();
        assert!(super::super::parse("@l00", &aliases).is_ok());
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn a_long_chain_and_a_long_cycle_neither_overflow_the_stack_nor_print_every_name() {
        let n = 50_000;
        let names: Vec<String> = (0..n).map(|i| format!("c{i:06}")).collect();
        let map: BTreeMap<String, Vec<String>> = names
            .iter()
            .enumerate()
            .map(|(i, name)| (name.clone(), vec![format!("@{}", names[(i + 1) % n])]))
            .collect();
        let started = std::time::Instant::now();
        let (_, errors) = Aliases::new_lenient(map);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        let cycle = errors
            .iter()
            .find(|e| matches!(e, AliasError::Cycle { .. }))
            .map(ToString::to_string)
            .unwrap_or_default();
        assert!(
            cycle.contains("c000000 -> c000001") && cycle.contains("more) ->"),
            "{cycle}"
        );
        assert!(cycle.len() < 300, "{cycle}");
        assert!(errors.iter().all(|e| e.to_string().len() < 400));
    }

    #[test]
    fn unknown_alias_errors_name_a_few_known_ones() {
        let mut map: BTreeMap<String, Vec<String>> = (0..1000)
            .map(|i| (format!("a{i:04}"), vec!["x".to_string()]))
            .collect();
        map.insert("z".into(), vec!["@nope".into()]);
        let (aliases, errors) = Aliases::new_lenient(map);
        let message = errors[0].to_string();
        assert!(message.contains("@a0000, @a0001"), "{message}");
        assert!(message.contains("and 991 more"), "{message}");
        let err = super::super::parse("@nope", &aliases)
            .err()
            .map(|e| e.message);
        assert!(err.is_some_and(|e| e.len() < 200 && e.contains("and 991 more")));
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
