//! `feedwatch check`: validate a config and show how it was understood.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use crate::config::{Backfill, Config, FeedSelector};
use crate::units::format_duration;

pub(super) fn check(path: &Path) -> anyhow::Result<ExitCode> {
    match Config::load(path) {
        Ok(config) => {
            out_raw!("{}", summary(&config));
            Ok(ExitCode::SUCCESS)
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

/// The human summary `check` prints.
pub(super) fn summary(config: &Config) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = writeln!(out, "{}: ok", config.source.display());
    let _ = writeln!(
        out,
        "{} feeds, {} topics, {} sinks; database {}",
        config.feeds.len(),
        config.topics.len(),
        config.sinks.len(),
        config.storage_path.display()
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
