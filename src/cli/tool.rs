//! What the command-line tools share: the loaded config, the database
//! opened the way each tool needs it (read-only for those that only look,
//! never created by them), and names checked against the config.

use std::path::Path;

use anyhow::Context as _;

use super::{ConfigArg, DbArg, apply_db_override};
use crate::alert::SinkConfig;
use crate::config::{Config, FeedConfig, TopicConfig};
use crate::store::Store;

pub(crate) struct Tool {
    pub(crate) config: Config,
    /// `--db` was given: it, not `storage.path`, named the database.
    db_flag: bool,
}

impl Tool {
    pub(crate) fn load(config: &ConfigArg, db: &DbArg) -> anyhow::Result<Tool> {
        let mut loaded =
            Config::load(&config.config).map_err(|err| anyhow::anyhow!("invalid config\n{err}"))?;
        apply_db_override(&mut loaded, db.db.as_deref());
        Ok(Tool {
            config: loaded,
            db_flag: db.db.is_some(),
        })
    }

    /// Whether `--db` named the database (a SQLite file).
    pub(crate) fn db_given(&self) -> bool {
        self.db_flag
    }

    /// What named the database, for errors: the flag or the config key.
    pub(crate) fn db_source(&self) -> String {
        if self.db_flag {
            "--db".to_string()
        } else {
            format!("storage.path in {}", self.config.source.display())
        }
    }

    /// The database, opened read-only: a tool that only looks never creates
    /// or changes one, and a wrong path is an error naming it. (PostgreSQL:
    /// the configured database, which must exist.)
    pub(crate) fn read_only(&self) -> anyhow::Result<Store> {
        if self.config.storage.postgres.is_some() && !self.db_flag {
            return Ok(self.config.open_store()?);
        }
        Ok(Store::open_read_only(
            &self.config.storage_path,
            &self.db_source(),
        )?)
    }

    /// The database, for a tool that changes it: it must exist already.
    pub(crate) fn writable(&self) -> anyhow::Result<Store> {
        if self.config.storage.postgres.is_some() && !self.db_flag {
            return Ok(self.config.open_store()?);
        }
        let path = &self.config.storage_path;
        if !path.is_file() {
            // The same error as a read-only open would give.
            self.read_only()?;
        }
        Store::open(path).with_context(|| format!("opening {}", path.display()))
    }

    pub(crate) fn feed(&self, name: &str) -> anyhow::Result<&FeedConfig> {
        self.config.feed(name).ok_or_else(|| {
            unknown(
                "feed",
                name,
                self.config.feeds.iter().map(|f| f.name.as_str()),
                &self.config.source,
            )
        })
    }

    pub(crate) fn topic(&self, name: &str) -> anyhow::Result<&TopicConfig> {
        self.config.topic(name).ok_or_else(|| {
            unknown(
                "topic",
                name,
                self.config.topics.iter().map(|t| t.name.as_str()),
                &self.config.source,
            )
        })
    }

    pub(crate) fn sink(&self, name: &str) -> anyhow::Result<&SinkConfig> {
        self.config.sink(name).ok_or_else(|| {
            unknown(
                "sink",
                name,
                self.config.sinks.iter().map(|s| s.name.as_str()),
                &self.config.source,
            )
        })
    }
}

/// "no feed named `x` in fw.toml; the feeds are: a, b" (with a hint when one
/// is close).
fn unknown<'a>(
    what: &str,
    name: &str,
    valid: impl Iterator<Item = &'a str> + Clone,
    source: &Path,
) -> anyhow::Error {
    let mut names: Vec<&str> = valid.clone().collect();
    names.sort_unstable();
    let list = if names.is_empty() {
        format!("it defines no {what}")
    } else {
        format!("the {what}s are: {}", names.join(", "))
    };
    let hint = crate::diagnostics::closest(name, valid)
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default();
    anyhow::anyhow!(
        "no {what} named `{name}` in {}{hint}; {list}",
        source.display()
    )
}
