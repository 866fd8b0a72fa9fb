//! Why a config could not be loaded: every problem with its file, line,
//! column and key.

use std::path::{Path, PathBuf};

pub use crate::diagnostics::Issue as ConfigIssue;

/// The file could not be read, or it has one or more problems (all reported
/// at once, so a user fixes them in one go).
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read config: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A reloaded config took longer than `limit` to read and validate.
    #[error("{path}: validating the config took longer than {limit:?}; it is not applied")]
    TooSlow {
        path: PathBuf,
        limit: std::time::Duration,
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
            ConfigError::Read { .. } | ConfigError::TooSlow { .. } => &[],
            ConfigError::Invalid { issues, .. } => issues,
        }
    }
}

fn render_issues(path: &Path, issues: &[ConfigIssue]) -> String {
    let lines: Vec<String> = issues
        .iter()
        .map(|issue| format!("{}:{issue}", path.display()))
        .collect();
    lines.join("\n")
}
