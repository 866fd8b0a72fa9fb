//! The config stage's composition: reads the TOML file, has each stage
//! validate its own section (`fetch::FetchConfig`, `alert::DeliveryConfig`,
//! each sink type's config, ...) through `crate::diagnostics`, validates the
//! feeds, topics and health settings it owns, and hands out a `Config` that
//! the rest of feedwatch trusts.
//!
//! **API boundary:** nothing downstream re-validates; a `Config` that exists is
//! a config that `feedwatch check` accepted. There is no global config: each
//! part of the daemon receives the part it needs. No stage imports this
//! module; it imports them.

mod error;
mod feeds;
mod health;
pub mod opml;
mod raw;
mod topics;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use toml::de::{DeTable, DeValue};

pub use error::{ConfigError, ConfigIssue};
pub use feeds::{Backfill, FeedConfig, FeedUrlError, MIN_INTERVAL, feed_url};
pub use health::HealthConfig;
pub use topics::{FeedSelector, TopicConfig};

use crate::alert::{DeliveryConfig, SinkConfig};
use crate::diagnostics::Diagnostics;
use crate::fetch::FetchConfig;
use crate::http::HttpConfig;
use crate::topics::{Aliases, TopicSet};
use feeds::FeedDefaults;
use raw::RawConfig;

/// A validated config.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file this config was read from.
    pub source: PathBuf,
    pub storage_path: PathBuf,
    pub delivery: DeliveryConfig,
    pub fetch: FetchConfig,
    pub health: HealthConfig,
    /// How long in-flight polls and deliveries get after SIGTERM.
    pub shutdown_timeout: Duration,
    /// `[log] level`: a tracing filter such as "info" or "feedwatch=debug".
    pub log_level: Option<String>,
    /// `[http]`: the server, its auth, the public URL (WebSub, alert links).
    pub http: HttpConfig,
    pub feeds: Vec<FeedConfig>,
    pub topics: Vec<TopicConfig>,
    pub sinks: Vec<SinkConfig>,
    /// Every topic's query, compiled into one percolator.
    pub topic_set: Arc<TopicSet>,
    /// `[aliases]`, for queries written outside the config (`feedwatch try`).
    pub aliases: Aliases,
}

/// How long in-flight polls and deliveries get after a stop request, unless
/// `[service] shutdown_timeout` says otherwise.
pub const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(10);

impl Config {
    /// Reads and validates a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(&text, path)
    }

    /// Validates config text; `path` names it in errors and anchors relative paths.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let mut diags = Diagnostics::new(text);
        let raw: RawConfig = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(err) => {
                let span = err.span().unwrap_or(0..0);
                let key = key_at(text, span.start);
                diags.push(span, key, err.message().trim().to_string());
                return Err(invalid(path, diags));
            }
        };
        let base_dir = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let config = validate(raw, text, &base_dir, path, &mut diags);
        if diags.is_empty() {
            Ok(config)
        } else {
            Err(invalid(path, diags))
        }
    }

    pub fn feed(&self, name: &str) -> Option<&FeedConfig> {
        self.feeds.iter().find(|feed| feed.name == name)
    }

    pub fn sink(&self, name: &str) -> Option<&SinkConfig> {
        self.sinks.iter().find(|sink| sink.name == name)
    }

    pub fn topic(&self, name: &str) -> Option<&TopicConfig> {
        self.topics.iter().find(|topic| topic.name == name)
    }

    /// Whether `topic` watches the feed of that name (false for a feed no
    /// longer in the config).
    pub fn topic_watches_feed(&self, topic: &TopicConfig, feed: &str) -> bool {
        self.feed(feed).is_some_and(|feed| topic.watches(feed))
    }
}

fn invalid(path: &Path, diags: Diagnostics) -> ConfigError {
    ConfigError::Invalid {
        path: path.to_path_buf(),
        issues: diags.into_issues(),
    }
}

/// Best-effort name of the key a TOML syntax error points at, for messages
/// from the TOML parser itself (which knows the span but not our key path).
fn key_at(text: &str, offset: usize) -> String {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or("");
    let key = line.split('=').next().unwrap_or("").trim();
    if key.is_empty() || key.starts_with('[') || line.find('=').is_none() {
        // Find the enclosing table header instead.
        before
            .lines()
            .rev()
            .find_map(|l| {
                let l = l.trim();
                l.starts_with('[')
                    .then(|| l.trim_matches(['[', ']']).to_string())
            })
            .unwrap_or_else(|| "(top level)".to_string())
    } else {
        key.to_string()
    }
}

fn validate(
    raw: RawConfig,
    text: &str,
    base_dir: &Path,
    path: &Path,
    diags: &mut Diagnostics,
) -> Config {
    let storage_path = match &raw.storage.path {
        Some(p) if p.get_ref().trim().is_empty() => {
            diags.push(
                p.span(),
                "storage.path",
                "must not be empty; expected a file path such as \"feedwatch.db\"",
            );
            PathBuf::new()
        }
        Some(p) => base_dir.join(p.get_ref()),
        None => base_dir.join("feedwatch.db"),
    };
    let defaults = FeedDefaults::from_raw(&raw.defaults, &mut diags.scope("defaults"));
    let delivery = DeliveryConfig::from_raw(&raw.delivery, &mut diags.scope("delivery"));
    let fetch = FetchConfig::from_raw(&raw.fetch, &mut diags.scope("fetch"));
    let health = HealthConfig::from_raw(&raw.health, &mut diags.scope("health"));
    let http = HttpConfig::from_raw(&raw.http, base_dir, &mut diags.scope("http"));
    let shutdown_timeout = diags
        .scope("service")
        .duration(raw.service.shutdown_timeout.as_ref(), "shutdown_timeout")
        .unwrap_or(DEFAULT_SHUTDOWN_TIMEOUT);
    let aliases = topics::aliases(&raw.aliases, &mut diags.scope("aliases"));
    let feeds = feeds::feeds(&raw.feed, &raw.opml, &defaults, base_dir, diags);

    // Names and tags as written, even of feeds with other problems, so one
    // mistake does not cascade into "unknown feed" errors elsewhere.
    let mut feed_names: HashSet<String> = raw
        .feed
        .iter()
        .map(|f| f.get_ref().name.get_ref().clone())
        .collect();
    feed_names.extend(feeds.iter().map(|f| f.name.clone()));
    let mut tags: HashSet<String> = raw
        .feed
        .iter()
        .flat_map(|f| f.get_ref().tags.iter().map(|t| t.get_ref().clone()))
        .collect();
    tags.extend(feeds.iter().flat_map(|f| f.tags.iter().cloned()));

    let (sink_names, sinks) = sinks(text, base_dir, diags);
    let known = topics::Known {
        feeds: &feed_names,
        tags: &tags,
        sinks: &sink_names,
    };
    let mut topic_configs: Vec<TopicConfig> = Vec::new();
    for (index, topic) in raw.topic.iter().enumerate() {
        let mut scope = diags.scope(format!("topic[{index}]"));
        let Some(checked) = topics::topic(topic.get_ref(), &aliases, &known, &mut scope) else {
            continue;
        };
        if topic_configs.iter().any(|t| t.name == checked.name) {
            scope.push(
                topic.get_ref().name.span(),
                "name",
                format!(
                    "duplicate topic name `{}`; topic names must be unique",
                    checked.name
                ),
            );
        }
        topic_configs.push(checked);
    }
    topics::check_sinks(
        &raw.health.notify,
        &sink_names,
        "notify",
        &mut diags.scope("health"),
    );
    if !raw.topic.is_empty() && sink_names.is_empty() {
        diags.push(
            raw.topic[0].span(),
            "sink",
            "topics are defined but no [[sink]] is: alerts would go nowhere; add a sink (type \"stdout\" or \"webhook\")",
        );
    }

    let topic_set = TopicSet::new(
        topic_configs
            .iter()
            .map(|t| (t.name.clone(), t.query.clone(), t.options.clone()))
            .collect(),
    );
    Config {
        source: path.to_path_buf(),
        storage_path,
        delivery,
        fetch,
        health,
        shutdown_timeout,
        log_level: raw.log.level.as_ref().map(|l| l.get_ref().clone()),
        http,
        feeds,
        topics: topic_configs,
        sinks,
        topic_set: Arc::new(topic_set),
        aliases,
    }
}

/// The `[[sink]]` entries, each validated by its sink type: the names as
/// written (for references) and the valid configs.
fn sinks(text: &str, base_dir: &Path, diags: &mut Diagnostics) -> (Vec<String>, Vec<SinkConfig>) {
    // The text already parsed as a whole (RawConfig), so this cannot fail;
    // if it did, the error was reported there.
    let Ok(document) = DeTable::parse(text) else {
        return (Vec::new(), Vec::new());
    };
    let entries = document
        .into_inner()
        .into_iter()
        .find(|(key, _)| key.get_ref().as_ref() as &str == "sink")
        .map(|(_, value)| value);
    let entries = match entries.map(|v| (v.span(), v.into_inner())) {
        None => return (Vec::new(), Vec::new()),
        Some((_, DeValue::Array(entries))) => entries,
        Some((span, _)) => {
            diags.push(span, "sink", "expected [[sink]] tables");
            return (Vec::new(), Vec::new());
        }
    };
    let mut names = Vec::new();
    let mut sinks: Vec<SinkConfig> = Vec::new();
    for (index, entry) in entries.into_iter().enumerate() {
        let mut scope = diags.scope(format!("sink[{index}]"));
        let (name, config) = SinkConfig::from_toml(entry, base_dir, &mut scope);
        if let Some(name) = &name {
            if names.contains(name.get_ref()) {
                scope.push(
                    name.span(),
                    "name",
                    format!(
                        "duplicate sink name `{}`; sink names must be unique",
                        name.get_ref()
                    ),
                );
            }
            names.push(name.get_ref().clone());
        }
        sinks.extend(config);
    }
    (names, sinks)
}
