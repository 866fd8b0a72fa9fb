//! Config diagnostics: every problem carries the file, line and column it
//! comes from, the key it concerns, and what would have been allowed.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// One problem found in a config file.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigIssue {
    pub line: usize,
    pub column: usize,
    /// The key the problem concerns, as a path: `topic[2].notify`.
    pub key: String,
    pub message: String,
}

/// Why a config could not be loaded: the file could not be read, or it has
/// one or more problems (all reported at once, so a user fixes them in one go).
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read config: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}", render_issues(path, issues))]
    Invalid {
        path: PathBuf,
        issues: Vec<ConfigIssue>,
    },
}

impl ConfigError {
    /// The problems found, empty when the file could not be read at all.
    pub fn issues(&self) -> &[ConfigIssue] {
        match self {
            ConfigError::Read { .. } => &[],
            ConfigError::Invalid { issues, .. } => issues,
        }
    }
}

fn render_issues(path: &Path, issues: &[ConfigIssue]) -> String {
    let lines: Vec<String> = issues
        .iter()
        .map(|issue| {
            format!(
                "{}:{}:{}: {}: {}",
                path.display(),
                issue.line,
                issue.column,
                issue.key,
                issue.message
            )
        })
        .collect();
    lines.join("\n")
}

/// Collects issues while validating, translating byte spans to line:column.
pub(crate) struct Diagnostics<'a> {
    source: &'a str,
    pub(crate) issues: Vec<ConfigIssue>,
}

impl<'a> Diagnostics<'a> {
    pub(crate) fn new(source: &'a str) -> Self {
        Diagnostics {
            source,
            issues: Vec::new(),
        }
    }

    pub(crate) fn push(
        &mut self,
        span: Range<usize>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) {
        let (line, column) = line_column(self.source, span.start);
        self.issues.push(ConfigIssue {
            line,
            column,
            key: key.into(),
            message: message.into(),
        });
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

impl fmt::Display for ConfigIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.line, self.column, self.key, self.message
        )
    }
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
}
