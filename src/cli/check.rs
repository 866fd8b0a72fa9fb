//! `feedwatch check`: validate a config and show how it was understood.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use crate::config::{Backfill, Config, FeedSelector};
use crate::learning;
use crate::store::{Backend, PostgresStore, SCHEMA_VERSION, SqliteStore};
use crate::units::format_duration;

/// `db`: `--db`, a SQLite file to look at in place of the config's
/// database (as every command that opens one takes).
pub(super) fn check(path: &Path, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    match Config::load(path) {
        Ok(mut config) => {
            if db.is_some() {
                super::apply_db_override(&mut config, db);
                config.storage.postgres = None;
            }
            out_raw!("{}", summary(&config));
            database(&config)
        }
        Err(err) => {
            eprintln!("{err}");
            let n = err.issues().len().max(1);
            eprintln!(
                "{}: {n} problem{} found",
                path.display(),
                if n == 1 { "" } else { "s" }
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

/// Says which database the config names, what schema version it has, and
/// whether live replicas run other configs. A PostgreSQL database that
/// cannot be reached fails the check; a SQLite file not created yet does not.
fn database(config: &Config) -> anyhow::Result<ExitCode> {
    match config.storage.keep {
        Some(keep) => out!(
            "retention: a story is forgotten {} after its last report ([storage] keep)",
            crate::units::format_duration(keep)
        ),
        None => {
            out!("retention: none, the database keeps everything ([storage] keep = \"forever\")")
        }
    }
    let opened = match &config.storage.postgres {
        Some(postgres) => {
            PostgresStore::open_existing(postgres).map(|s| Box::new(s) as Box<dyn Backend>)
        }
        None if !config.storage_path.exists() => {
            out!(
                "database: sqlite {} (not created yet; `feedwatch run` creates it, schema version {SCHEMA_VERSION})",
                config.storage_path.display()
            );
            example_warnings(config, None)?;
            return Ok(ExitCode::SUCCESS);
        }
        None => SqliteStore::open_read_only(&config.storage_path, "storage.path")
            .map(|s| Box::new(s) as Box<dyn Backend>),
    };
    let db = match opened {
        Ok(db) => db,
        Err(err) => {
            out!("database: {err}");
            example_warnings(config, None)?;
            return Ok(ExitCode::FAILURE);
        }
    };
    match db.backend_info() {
        Ok(info) => {
            let state = if info.schema_version == info.supported_version {
                "up to date".to_string()
            } else if info.schema_version < info.supported_version {
                format!(
                    "the daemon migrates it to {} at start",
                    info.supported_version
                )
            } else {
                format!("newer than this feedwatch ({})", info.supported_version)
            };
            out!(
                "database: {} {} ({}), schema version {} ({state}); config hash {}",
                info.kind,
                info.location,
                info.server_version,
                info.schema_version,
                config.hash
            );
        }
        Err(err) => {
            out!("database: {err}");
            return Ok(ExitCode::FAILURE);
        }
    }
    match super::replicas::differing_configs(db.as_ref(), config) {
        Ok(lines) => {
            for line in lines {
                out!("warning: {line}");
            }
        }
        // A database from before replicas existed has no table for them.
        Err(err) => out!("replicas: {err}"),
    }
    example_warnings(config, Some(db.as_ref()))?;
    Ok(ExitCode::SUCCESS)
}

/// Warns about what the topics' models cannot learn from: with the
/// database, everything the daemon would leave out (examples naming no
/// stored item, examples the query does not match, unreadable verdicts);
/// without it, the text examples the query does not match.
fn example_warnings(config: &Config, db: Option<&dyn Backend>) -> std::io::Result<()> {
    let warnings = match db.map(|db| learning::load(db, config)) {
        Some(Ok((_, problems))) => problems,
        // A database too old to hold verdicts: the text examples at least.
        Some(Err(_)) | None => learning::unmatched_text_examples(config),
    };
    for warning in warnings {
        out!("warning: {warning}");
    }
    Ok(())
}

/// The human summary `check` prints.
pub(super) fn summary(config: &Config) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = writeln!(out, "{}: ok", config.source.display());
    let _ = writeln!(
        out,
        "{}, {}, {}; database {}",
        super::count(config.feeds.len(), "feed"),
        super::count(config.topics.len(), "topic"),
        super::count(config.sinks.len(), "sink"),
        config.storage_location()
    );
    for feed in &config.feeds {
        let backfill = match feed.backfill {
            Backfill::All => "all".to_string(),
            Backfill::Within(d) => format_duration(d),
        };
        let tags = if feed.tags.is_empty() {
            String::new()
        } else {
            format!(", tags {}", feed.tags.join(", "))
        };
        let interval = if feed.fixed_interval {
            format!("every {}", format_duration(feed.interval))
        } else {
            format!(
                "adaptive from {} ({}..{})",
                format_duration(feed.interval),
                format_duration(feed.min_interval),
                format_duration(feed.max_interval)
            )
        };
        let _ = writeln!(
            out,
            "feed  {}  {}  {interval}, backfill {backfill}{tags}",
            feed.name, feed.url
        );
    }
    for topic in &config.topics {
        let feeds = if topic.feeds.is_empty() {
            "all feeds".to_string()
        } else {
            topic
                .feeds
                .iter()
                .map(|f| match f {
                    FeedSelector::Name(n) => n.clone(),
                    FeedSelector::Tag(t) => format!("tag:{t}"),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            out,
            "topic {}  ({feeds} -> {})",
            topic.name,
            topic.notify.join(", ")
        );
        let _ = writeln!(out, "      query: {}", topic.query);
    }
    for sink in &config.sinks {
        // `describe` leaves out secrets (URL paths and queries, keys, passwords).
        let _ = writeln!(out, "sink  {}  {}", sink.name, sink.describe());
    }
    out
}
