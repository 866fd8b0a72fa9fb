//! Config diagnostics: every problem carries the line and column it comes
//! from, the key it concerns and what would have been allowed.
//!
//! Each stage validates its own config section (`fetch::FetchConfig`,
//! `alert::DeliveryConfig`, each sink type's config, ...) and reports through
//! a [`Scope`], which prefixes keys with the section's path (`sink[2].url`).
//! `config/` composes the sections and turns the issues into a
//! `ConfigError` naming the file. This module is what lets stages validate
//! without importing `config`.

use std::ops::{Range, RangeInclusive};
use std::time::Duration;

use crate::units::parse_duration;

/// A value as written in the config, with its byte span in the file.
pub type Spanned<T> = toml::Spanned<T>;

/// A problem that has been reported to the [`Diagnostics`]: the `Err` of
/// validators that have nothing more to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reported;

/// One problem found in a config file.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub line: usize,
    pub column: usize,
    /// The key the problem concerns, as a path: `topic[2].notify`.
    pub key: String,
    pub message: String,
}

impl std::fmt::Display for Issue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.line, self.column, self.key, self.message
        )
    }
}

/// The most issues one config reports; the rest are counted in a last line
/// (a generated config with a million mistakes gets a short answer).
pub const MAX_ISSUES: usize = 1000;

/// Collects issues while validating, translating byte spans to line:column.
pub struct Diagnostics<'a> {
    source: &'a str,
    issues: Vec<Issue>,
    /// Issues past [`MAX_ISSUES`], counted only.
    omitted: usize,
    /// Byte offsets where lines start, computed at the first issue.
    line_starts: Vec<usize>,
}

impl<'a> Diagnostics<'a> {
    pub fn new(source: &'a str) -> Self {
        Diagnostics {
            source,
            issues: Vec::new(),
            omitted: 0,
            line_starts: Vec::new(),
        }
    }

    /// The 1-based line of a byte offset (a binary search of the line
    /// starts, found once).
    fn line_of(&mut self, offset: usize) -> usize {
        if self.line_starts.is_empty() {
            self.line_starts = std::iter::once(0)
                .chain(self.source.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
        }
        let offset = offset.min(self.source.len());
        self.line_starts.partition_point(|&start| start <= offset)
    }

    pub fn push(&mut self, span: Range<usize>, key: impl Into<String>, message: impl Into<String>) {
        if self.issues.len() >= MAX_ISSUES {
            self.omitted += 1;
            return;
        }
        let offset = span.start.min(self.source.len());
        let line = self.line_of(offset);
        let line_start = self.line_starts[line.saturating_sub(1)];
        let column = self
            .source
            .get(line_start..offset)
            .map_or(1, |before| before.chars().count() + 1);
        self.issues.push(Issue {
            line,
            column,
            key: key.into(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.issues.is_empty()
    }

    pub fn into_issues(mut self) -> Vec<Issue> {
        if self.omitted > 0 {
            let line = self.source.lines().count().max(1);
            self.issues.push(Issue {
                line,
                column: 1,
                key: "(top level)".to_string(),
                message: format!(
                    "{} more problems not shown (at most {MAX_ISSUES} are listed)",
                    self.omitted
                ),
            });
        }
        self.issues
    }

    /// A scope whose keys start with `prefix` (empty: top level).
    pub fn scope(&mut self, prefix: impl Into<String>) -> Scope<'_, 'a> {
        Scope {
            diags: self,
            prefix: prefix.into(),
        }
    }
}

/// Reports issues of one config section: keys are relative to its prefix.
pub struct Scope<'d, 'a> {
    diags: &'d mut Diagnostics<'a>,
    prefix: String,
}

impl<'a> Scope<'_, 'a> {
    /// The full path of `key` in this section.
    pub fn key(&self, key: &str) -> String {
        match (self.prefix.is_empty(), key.is_empty()) {
            (true, _) => key.to_string(),
            (false, true) => self.prefix.clone(),
            (false, false) => format!("{}.{key}", self.prefix),
        }
    }

    /// The 1-based line of a span's start in the config file.
    pub fn line(&mut self, span: &Range<usize>) -> usize {
        self.diags.line_of(span.start)
    }

    pub fn push(&mut self, span: Range<usize>, key: &str, message: impl Into<String>) {
        let key = self.key(key);
        self.diags.push(span, key, message);
    }

    /// A scope for a part of this section (`sink[0]` -> `sink[0].headers`).
    pub fn nested(&mut self, key: &str) -> Scope<'_, 'a> {
        let prefix = self.key(key);
        Scope {
            diags: self.diags,
            prefix,
        }
    }

    /// An optional duration within `range` (its documented range); reports
    /// and gives `None` when malformed or outside it, saying the range.
    pub fn duration_in(
        &mut self,
        value: Option<&Spanned<String>>,
        key: &str,
        range: RangeInclusive<Duration>,
    ) -> Option<Duration> {
        let value = value?;
        match parse_duration(value.get_ref()) {
            Ok(d) if range.contains(&d) => Some(d),
            Ok(_) => {
                self.push(
                    value.span(),
                    key,
                    format!(
                        "`{}` is out of range; {}",
                        value.get_ref().trim(),
                        expected_duration(&range)
                    ),
                );
                None
            }
            Err(err) => {
                self.push(
                    value.span(),
                    key,
                    format!(
                        "{err}; from {} to {}",
                        crate::units::format_duration(*range.start()),
                        crate::units::format_duration(*range.end())
                    ),
                );
                None
            }
        }
    }

    /// An optional integer within `range`; reports and gives `None` outside it.
    pub fn integer_in(
        &mut self,
        value: Option<&Spanned<i64>>,
        key: &str,
        range: std::ops::RangeInclusive<i64>,
    ) -> Option<i64> {
        let value = value?;
        if range.contains(value.get_ref()) {
            Some(*value.get_ref())
        } else {
            self.push(
                value.span(),
                key,
                format!(
                    "expected a number from {} to {}",
                    range.start(),
                    range.end()
                ),
            );
            None
        }
    }

    /// Checks a name (of a feed, topic, sink or tag): letters, digits, `-`,
    /// `_` and `.`.
    pub fn name(&mut self, name: &Spanned<String>, key: &str) -> bool {
        let ok = is_valid_name(name.get_ref());
        if !ok {
            self.push(
                name.span(),
                key,
                format!(
                    "`{}` is not a valid name; expected letters, digits, '-', '_' or '.'",
                    name.get_ref()
                ),
            );
        }
        ok
    }
}

/// "expected a duration from 1s to 30d": how a duration range reads in
/// errors and in the config reference.
pub fn expected_duration(range: &RangeInclusive<Duration>) -> String {
    format!(
        "expected a duration from {} to {}",
        crate::units::format_duration(*range.start()),
        crate::units::format_duration(*range.end())
    )
}

/// Whether `name` is a valid feed, topic, sink or tag name.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The key path of the innermost value at a byte offset within a parsed
/// TOML table (`examples[1].relevant`, `headers.X-Token`); `None` when no
/// value there holds the offset.
pub fn path_in_table(table: &toml::de::DeTable<'_>, offset: usize) -> Option<String> {
    use toml::de::DeValue;
    let mut path = String::new();
    let mut table = table;
    loop {
        let (key, mut value) = entry_at(table, offset)?;
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key.get_ref());
        // Into arrays (of tables, of inline tables, nested) by index.
        while let DeValue::Array(items) = value.get_ref() {
            let Some((i, item)) = element_at(items, offset).and_then(|i| Some((i, items.get(i)?)))
            else {
                return Some(path);
            };
            path.push_str(&format!("[{i}]"));
            value = item;
        }
        match value.get_ref() {
            DeValue::Table(inner) => table = inner,
            _ => return Some(path),
        }
    }
}

/// The entry of `table` holding `offset`: the one whose key or value spans
/// it, else (a table opened by a `[header]` or an `[[array]]` entry spans
/// only its header) the table whose header is the last above it.
pub fn entry_at<'t, 'i>(
    table: &'t toml::de::DeTable<'i>,
    offset: usize,
) -> Option<(
    &'t toml::Spanned<std::borrow::Cow<'i, str>>,
    &'t toml::Spanned<toml::de::DeValue<'i>>,
)> {
    use toml::de::DeValue;
    // Where the last header of a value at or above `offset` starts: an
    // array of tables has one per entry.
    fn last_header(v: &toml::Spanned<DeValue>, offset: usize) -> Option<usize> {
        match v.get_ref() {
            DeValue::Table(_) => Some(v.span().start).filter(|start| *start <= offset),
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| match item.get_ref() {
                    DeValue::Table(_) => Some(item.span().start),
                    _ => None,
                })
                .chain(std::iter::once(v.span().start))
                .filter(|start| *start <= offset)
                .max(),
            _ => None,
        }
    }
    table
        .iter()
        .find(|(k, v)| v.span().contains(&offset) || k.span().contains(&offset))
        .or_else(|| {
            table
                .iter()
                .filter_map(|(k, v)| last_header(v, offset).map(|start| (start, (k, v))))
                .max_by_key(|(start, _)| *start)
                .map(|(_, entry)| entry)
        })
}

/// The index of the element of an array holding `offset`: the one that
/// spans it, else (an `[[array]]` entry spans only its header) the table
/// whose header is the last above it.
pub fn element_at(items: &[toml::Spanned<toml::de::DeValue<'_>>], offset: usize) -> Option<usize> {
    use toml::de::DeValue;
    items
        .iter()
        .position(|item| item.span().contains(&offset))
        .or_else(|| {
            items
                .iter()
                .enumerate()
                .filter(|(_, item)| {
                    item.span().start <= offset && matches!(item.get_ref(), DeValue::Table(_))
                })
                .max_by_key(|(_, item)| item.span().start)
                .map(|(i, _)| i)
        })
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The hint for a top-level key found inside a table: in TOML a key belongs
/// to the last `[table]` header above it, so `opml = [...]` written after
/// `[storage]` is `storage.opml`. (Every other top-level key is a table.)
pub fn top_level_key_hint(key: &str) -> Option<String> {
    (key == "opml").then(|| {
        format!(
            "`{key}` is a top-level key, and TOML puts a key in the [table] whose header is above it: \
             move it before the first table"
        )
    })
}

/// The candidates closest to `wanted` (by edit distance, at most a third of
/// its length), for "did you mean" hints; empty when none is close.
pub fn closest<'c>(wanted: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let limit = (wanted.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(wanted, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_from_one() {
        let src = "a = 1\nbé = 2\n";
        assert_eq!(line_column(src, 0), (1, 1));
        assert_eq!(line_column(src, 6), (2, 1));
        assert_eq!(line_column(src, src.find('=').unwrap_or(0)), (1, 3));
        // "bé = " : the '=' is the 4th character though the 5th byte.
        let eq = src.rfind('=').unwrap_or(0);
        assert_eq!(line_column(src, eq), (2, 4));
    }

    #[test]
    fn issues_get_the_line_and_column_of_their_span_and_are_capped() {
        let src = "a = 1\nbé = 2\n\nc = 3";
        let mut diags = Diagnostics::new(src);
        for needle in ["a", "=", "2", "c"] {
            let at = src.rfind(needle).unwrap_or(0);
            diags.push(at..at, "k", "m");
        }
        diags.push(src.len() + 10..src.len() + 10, "k", "past the end");
        let found: Vec<(usize, usize)> = diags
            .into_issues()
            .iter()
            .map(|i| (i.line, i.column))
            .collect();
        assert_eq!(found, [(1, 1), (4, 3), (2, 6), (4, 1), (4, 6)]);
        let mut diags = Diagnostics::new(src);
        for _ in 0..MAX_ISSUES + 5 {
            diags.push(0..1, "k", "m");
        }
        let issues = diags.into_issues();
        assert_eq!(issues.len(), MAX_ISSUES + 1);
        assert_eq!(
            issues[MAX_ISSUES].message,
            "5 more problems not shown (at most 1000 are listed)"
        );
    }

    #[test]
    fn scopes_prefix_keys() {
        let mut diags = Diagnostics::new("x = 1\n");
        let mut scope = diags.scope("sink[2]");
        scope.push(0..1, "url", "bad");
        scope.nested("headers").push(0..1, "X-Token", "bad");
        diags.scope("").push(4..5, "x", "bad");
        let keys: Vec<String> = diags.into_issues().into_iter().map(|i| i.key).collect();
        assert_eq!(keys, ["sink[2].url", "sink[2].headers.X-Token", "x"]);
    }

    #[test]
    fn closest_suggests_near_names_only() {
        let keys = ["interval", "backfill", "min_interval"];
        assert_eq!(closest("intervall", keys), Some("interval"));
        assert_eq!(closest("backfil", keys), Some("backfill"));
        assert_eq!(closest("colour", keys), None);
    }
}
