//! The config stage: reads the TOML file, validates every value, compiles the
//! topic queries, and hands out a `Config` that the rest of feedwatch trusts.
//!
//! **API boundary:** nothing downstream re-validates; a `Config` that exists is
//! a config that `feedwatch check` accepted. There is no global config: each
//! stage receives the part it needs.

mod duration;
mod error;
pub mod opml;
mod raw;
mod sink;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use url::Url;

pub use duration::{format_duration, parse_duration};
pub use error::{ConfigError, ConfigIssue};
pub use sink::{
    EmailConfig, EmailTls, SinkConfig, SinkKind, TemplateSource, WebhookConfig, WebhookFormat,
};

use crate::alert::schedule::DigestSchedule;
use crate::fetch::limiter::Politeness;
use crate::topics::{self, Aliases, Query, TopicOptions, TopicSet};
use error::Diagnostics;
use raw::{RawConfig, RawFeed, RawTopic, S};
use sink::sink_config;

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
    pub feeds: Vec<FeedConfig>,
    pub topics: Vec<TopicConfig>,
    pub sinks: Vec<SinkConfig>,
    /// Every topic's query, compiled into one percolator.
    pub topic_set: Arc<TopicSet>,
    /// `[aliases]`, for queries written outside the config (`feedwatch try`).
    pub aliases: Aliases,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FeedConfig {
    pub name: String,
    pub url: Url,
    /// The feed's own interval, or the default one it starts from.
    pub interval: Duration,
    /// True when the feed set `interval`: polled on it exactly, no adaptation.
    pub fixed_interval: bool,
    pub min_interval: Duration,
    pub max_interval: Duration,
    /// Ceiling of the delay between polls of a failing feed.
    pub max_backoff: Duration,
    pub backfill: Backfill,
    pub tags: Vec<String>,
}

/// How far back a feed's first poll alerts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Backfill {
    /// Alert on every item of the first poll.
    All,
    /// Alert only on items published within this window before the first poll.
    Within(Duration),
}

#[derive(Debug, Clone)]
pub struct TopicConfig {
    pub name: String,
    /// The query as written in the config.
    pub query_text: String,
    pub query: Query,
    /// Empty means every feed.
    pub feeds: Vec<FeedSelector>,
    /// Sink names; every sink when the config names none.
    pub notify: Vec<String>,
    pub options: TopicOptions,
    /// `digest` set on the topic: overrides each sink's own schedule.
    pub digest: Option<DigestSchedule>,
}

impl TopicConfig {
    /// Where this topic's alerts go, each with the digest schedule it waits
    /// for (`None`: immediately).
    pub fn recipients(&self, config: &Config) -> Vec<crate::store::Recipient> {
        self.notify
            .iter()
            .map(|sink| {
                let schedule = self.digest.or_else(|| config.sink(sink).map(|s| s.digest));
                crate::store::Recipient {
                    sink: sink.clone(),
                    digest: schedule
                        .filter(|s| *s != DigestSchedule::Immediate)
                        .map(|s| s.describe()),
                }
            })
            .collect()
    }

    /// Whether this topic watches the feed of that name (false for a feed no
    /// longer in the config).
    pub fn watches_feed_named(&self, name: &str, config: &Config) -> bool {
        config.feed(name).is_some_and(|feed| self.watches(feed))
    }

    /// Whether this topic watches the given feed.
    pub fn watches(&self, feed: &FeedConfig) -> bool {
        self.feeds.is_empty()
            || self.feeds.iter().any(|selector| match selector {
                FeedSelector::Name(name) => *name == feed.name,
                FeedSelector::Tag(tag) => feed.tags.contains(tag),
            })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum FeedSelector {
    Name(String),
    Tag(String),
}

/// Outbox retry policy.
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveryConfig {
    /// Delay before the first retry; doubles on each failure.
    pub retry_initial: Duration,
    /// Ceiling of the retry delay.
    pub retry_max: Duration,
    /// A delivery still failing this long after its alert was created is marked failed.
    pub max_age: Duration,
    /// How often the outbox is checked when nothing wakes it.
    pub poll_interval: Duration,
}

impl Default for DeliveryConfig {
    fn default() -> Self {
        DeliveryConfig {
            retry_initial: Duration::from_secs(30),
            retry_max: Duration::from_secs(3600),
            max_age: Duration::from_secs(3 * 86_400),
            poll_interval: Duration::from_secs(5),
        }
    }
}

/// When a feed's trouble becomes an incident worth telling someone about.
#[derive(Debug, Clone, PartialEq)]
pub struct HealthConfig {
    /// A feed failing for longer than this opens a "failing" incident.
    pub failing_after: Duration,
    /// A feed with no new item for `quiet_factor` times its learned cadence
    /// (and at least `quiet_min`) opens a "quiet" incident.
    pub quiet_factor: f64,
    pub quiet_min: Duration,
    /// Sinks that receive health events (one when an incident opens, one when it closes).
    pub notify: Vec<String>,
}

impl Default for HealthConfig {
    fn default() -> Self {
        HealthConfig {
            failing_after: Duration::from_secs(24 * 3600),
            quiet_factor: 10.0,
            quiet_min: Duration::from_secs(7 * 86_400),
            notify: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FetchConfig {
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub max_body_bytes: u64,
    /// Polls in flight at once.
    pub concurrency: usize,
    pub user_agent: String,
    pub politeness: Politeness,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_body_bytes: 16 * 1024 * 1024,
            concurrency: 16,
            user_agent: default_user_agent(),
            politeness: Politeness::default(),
        }
    }
}

pub fn default_user_agent() -> String {
    format!(
        "feedwatch/{} (+https://github.com/feedwatch/feedwatch)",
        env!("CARGO_PKG_VERSION")
    )
}

const DEFAULT_INTERVAL: Duration = Duration::from_secs(15 * 60);
const DEFAULT_BACKFILL: Backfill = Backfill::Within(Duration::from_secs(86_400));
const MIN_INTERVAL: Duration = Duration::from_secs(1);
const DEFAULT_MIN_INTERVAL: Duration = Duration::from_secs(5 * 60);
const DEFAULT_MAX_INTERVAL: Duration = Duration::from_secs(6 * 3600);
const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(12 * 3600);

/// Interval settings shared by every feed unless it sets its own.
#[derive(Debug, Clone, Copy)]
struct FeedDefaults {
    interval: Duration,
    backfill: Backfill,
    min_interval: Duration,
    max_interval: Duration,
    max_backoff: Duration,
}

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
        let config = validate(raw, &base_dir, path, &mut diags);
        match config {
            Some(config) if diags.issues.is_empty() => Ok(config),
            _ => Err(invalid(path, diags)),
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
}

fn invalid(path: &Path, diags: Diagnostics) -> ConfigError {
    ConfigError::Invalid {
        path: path.to_path_buf(),
        issues: diags.issues,
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
    base_dir: &Path,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<Config> {
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

    let d = &raw.defaults;
    let defaults = FeedDefaults {
        interval: optional_duration(diags, &d.interval, "defaults.interval")
            .unwrap_or(DEFAULT_INTERVAL),
        backfill: d
            .backfill
            .as_ref()
            .and_then(|b| parse_backfill(diags, b, "defaults.backfill"))
            .unwrap_or(DEFAULT_BACKFILL),
        min_interval: optional_duration(diags, &d.min_interval, "defaults.min_interval")
            .unwrap_or(DEFAULT_MIN_INTERVAL),
        max_interval: optional_duration(diags, &d.max_interval, "defaults.max_interval")
            .unwrap_or(DEFAULT_MAX_INTERVAL),
        max_backoff: optional_duration(diags, &d.max_backoff, "defaults.max_backoff")
            .unwrap_or(DEFAULT_MAX_BACKOFF),
    };
    if let (Some(min), true) = (
        &d.min_interval,
        defaults.min_interval > defaults.max_interval,
    ) {
        diags.push(
            min.span(),
            "defaults.min_interval",
            "must not exceed defaults.max_interval",
        );
    }

    let delivery = delivery_config(diags, &raw);
    let fetch = fetch_config(diags, &raw);
    let health = health_config(diags, &raw);

    let aliases = match Aliases::new(
        raw.aliases
            .iter()
            .map(|(name, entries)| (name.clone(), entries.get_ref().clone()))
            .collect::<BTreeMap<_, _>>(),
    ) {
        Ok(aliases) => aliases,
        Err(err) => {
            let span = raw.aliases.values().next().map_or(0..0, |v| v.span());
            diags.push(span, "aliases", err.to_string());
            Aliases::empty()
        }
    };

    let mut feeds = Vec::new();
    let mut seen_feed_names = HashSet::new();
    for (index, feed) in raw.feed.iter().enumerate() {
        if let Some(feed) = feed_config(diags, index, feed.get_ref(), &defaults, base_dir) {
            if !seen_feed_names.insert(feed.name.clone()) {
                diags.push(
                    raw.feed[index].get_ref().name.span(),
                    format!("feed[{index}].name"),
                    format!(
                        "duplicate feed name `{}`; feed names must be unique",
                        feed.name
                    ),
                );
            }
            feeds.push(feed);
        }
    }
    for (index, file) in raw.opml.iter().enumerate() {
        let key = format!("opml[{index}]");
        let path = base_dir.join(file.get_ref());
        let parsed = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))
            .and_then(|text| {
                opml::parse_opml(&text).map_err(|e| format!("{}: {e}", path.display()))
            });
        let subscriptions = match parsed {
            Ok(subscriptions) => subscriptions,
            Err(message) => {
                diags.push(file.span(), key, message);
                continue;
            }
        };
        for subscription in subscriptions {
            let url = match feed_url(&subscription.url, base_dir) {
                Ok(url) => url,
                Err(message) => {
                    diags.push(
                        file.span(),
                        key.clone(),
                        format!("{}: {message}", path.display()),
                    );
                    continue;
                }
            };
            // A feed listed in both places keeps its [[feed]] settings.
            if feeds.iter().any(|f: &FeedConfig| f.url == url) {
                continue;
            }
            let mut name = subscription.name.clone();
            let mut n = 2;
            while !seen_feed_names.insert(name.clone()) {
                name = format!("{}-{n}", subscription.name);
                n += 1;
            }
            feeds.push(FeedConfig {
                name,
                url,
                interval: defaults.interval,
                fixed_interval: false,
                min_interval: defaults.min_interval,
                max_interval: defaults.max_interval,
                max_backoff: defaults.max_backoff,
                backfill: defaults.backfill,
                tags: subscription.tags,
            });
        }
    }
    // Names and tags as written, even of feeds with other problems, so one
    // mistake does not cascade into "unknown feed" errors elsewhere.
    let mut feed_names: HashSet<String> = raw
        .feed
        .iter()
        .map(|f| f.get_ref().name.get_ref().clone())
        .collect();
    feed_names.extend(feeds.iter().map(|f| f.name.clone()));
    let mut tags: HashSet<&str> = raw
        .feed
        .iter()
        .flat_map(|f| f.get_ref().tags.iter().map(|t| t.get_ref().as_str()))
        .collect();
    tags.extend(feeds.iter().flat_map(|f| f.tags.iter().map(String::as_str)));

    let mut sinks = Vec::new();
    for (index, sink) in raw.sink.iter().enumerate() {
        if let Some(sink) = sink_config(diags, index, sink.get_ref(), base_dir) {
            if sinks.iter().any(|s: &SinkConfig| s.name == sink.name) {
                diags.push(
                    raw.sink[index].get_ref().name.span(),
                    format!("sink[{index}].name"),
                    format!(
                        "duplicate sink name `{}`; sink names must be unique",
                        sink.name
                    ),
                );
            }
            sinks.push(sink);
        }
    }

    // Sink names as written, even of sinks with other problems, so one
    // mistake does not cascade into "unknown sink" errors.
    let sink_names: Vec<String> = raw
        .sink
        .iter()
        .map(|s| s.get_ref().name.get_ref().clone())
        .collect();
    let mut topics = Vec::new();
    for (index, topic) in raw.topic.iter().enumerate() {
        let checked = topic_config(
            diags,
            index,
            topic.get_ref(),
            &aliases,
            &feed_names,
            &tags,
            &sink_names,
        );
        if let Some(checked) = checked {
            if topics
                .iter()
                .any(|t: &(TopicConfig, TopicOptions)| t.0.name == checked.0.name)
            {
                diags.push(
                    topic.get_ref().name.span(),
                    format!("topic[{index}].name"),
                    format!(
                        "duplicate topic name `{}`; topic names must be unique",
                        checked.0.name
                    ),
                );
            }
            topics.push(checked);
        }
    }
    for (n, name) in raw.health.notify.iter().enumerate() {
        if !sink_names.contains(name.get_ref()) {
            diags.push(
                name.span(),
                format!("health.notify[{n}]"),
                format!(
                    "unknown sink `{}`; expected one of: {}",
                    name.get_ref(),
                    list(sink_names.iter())
                ),
            );
        }
    }
    if !topics.is_empty() && raw.sink.is_empty() {
        diags.push(
            raw.topic[0].span(),
            "sink",
            "topics are defined but no [[sink]] is: alerts would go nowhere; add a sink (type \"stdout\" or \"webhook\")",
        );
    }

    let topic_set = TopicSet::new(
        topics
            .iter()
            .map(|(t, options)| (t.name.clone(), t.query.clone(), options.clone()))
            .collect(),
    );
    Some(Config {
        source: path.to_path_buf(),
        storage_path,
        delivery,
        fetch,
        health,
        shutdown_timeout: optional_duration(
            diags,
            &raw.service.shutdown_timeout,
            "service.shutdown_timeout",
        )
        .unwrap_or(Duration::from_secs(10)),
        log_level: raw.log.level.as_ref().map(|l| l.get_ref().clone()),
        feeds,
        topics: topics.into_iter().map(|(t, _)| t).collect(),
        sinks,
        topic_set: Arc::new(topic_set),
        aliases,
    })
}

pub(crate) fn optional_duration(
    diags: &mut Diagnostics,
    value: &Option<S<String>>,
    key: &str,
) -> Option<Duration> {
    let value = value.as_ref()?;
    match parse_duration(value.get_ref()) {
        Ok(d) => Some(d),
        Err(message) => {
            diags.push(value.span(), key, message);
            None
        }
    }
}

fn parse_backfill(diags: &mut Diagnostics, value: &S<String>, key: &str) -> Option<Backfill> {
    if value.get_ref().trim() == "all" {
        return Some(Backfill::All);
    }
    match parse_duration(value.get_ref()) {
        Ok(d) => Some(Backfill::Within(d)),
        Err(message) => {
            diags.push(value.span(), key, format!("{message}, or \"all\""));
            None
        }
    }
}

fn delivery_config(diags: &mut Diagnostics, raw: &RawConfig) -> DeliveryConfig {
    let defaults = DeliveryConfig::default();
    let d = &raw.delivery;
    DeliveryConfig {
        retry_initial: optional_duration(diags, &d.retry_initial, "delivery.retry_initial")
            .unwrap_or(defaults.retry_initial),
        retry_max: optional_duration(diags, &d.retry_max, "delivery.retry_max")
            .unwrap_or(defaults.retry_max),
        max_age: optional_duration(diags, &d.max_age, "delivery.max_age")
            .unwrap_or(defaults.max_age),
        poll_interval: optional_duration(diags, &d.poll_interval, "delivery.poll_interval")
            .unwrap_or(defaults.poll_interval),
    }
}

fn health_config(diags: &mut Diagnostics, raw: &RawConfig) -> HealthConfig {
    let defaults = HealthConfig::default();
    let h = &raw.health;
    let quiet_factor = match &h.quiet_factor {
        None => defaults.quiet_factor,
        Some(f) if f.get_ref().is_finite() && *f.get_ref() >= 1.0 => *f.get_ref(),
        Some(f) => {
            diags.push(
                f.span(),
                "health.quiet_factor",
                "expected a number >= 1, e.g. 10",
            );
            defaults.quiet_factor
        }
    };
    HealthConfig {
        failing_after: optional_duration(diags, &h.failing_after, "health.failing_after")
            .unwrap_or(defaults.failing_after),
        quiet_factor,
        quiet_min: optional_duration(diags, &h.quiet_min, "health.quiet_min")
            .unwrap_or(defaults.quiet_min),
        notify: h.notify.iter().map(|n| n.get_ref().clone()).collect(),
    }
}

fn fetch_config(diags: &mut Diagnostics, raw: &RawConfig) -> FetchConfig {
    let defaults = FetchConfig::default();
    let f = &raw.fetch;
    let max_body_bytes = match &f.max_body {
        None => defaults.max_body_bytes,
        Some(value) => match parse_size(value.get_ref()) {
            Some(bytes) => bytes,
            None => {
                diags.push(
                    value.span(),
                    "fetch.max_body",
                    format!(
                        "`{}` is not a size; expected e.g. \"16MiB\", \"512KiB\", \"1000000\"",
                        value.get_ref()
                    ),
                );
                defaults.max_body_bytes
            }
        },
    };
    let concurrency = match &f.concurrency {
        None => defaults.concurrency,
        Some(n) if (1..=10_000).contains(n.get_ref()) => *n.get_ref() as usize,
        Some(n) => {
            diags.push(
                n.span(),
                "fetch.concurrency",
                "expected a number from 1 to 10000",
            );
            defaults.concurrency
        }
    };
    FetchConfig {
        timeout: optional_duration(diags, &f.timeout, "fetch.timeout").unwrap_or(defaults.timeout),
        connect_timeout: optional_duration(diags, &f.connect_timeout, "fetch.connect_timeout")
            .unwrap_or(defaults.connect_timeout),
        max_body_bytes,
        concurrency,
        user_agent: f
            .user_agent
            .as_ref()
            .map(|ua| ua.get_ref().clone())
            .unwrap_or(defaults.user_agent),
        politeness: politeness_config(diags, f),
    }
}

fn politeness_config(diags: &mut Diagnostics, f: &raw::RawFetch) -> Politeness {
    let defaults = Politeness::default();
    let per_origin = match &f.per_origin {
        None => defaults.per_origin,
        Some(n) if (1..=64).contains(n.get_ref()) => *n.get_ref() as usize,
        Some(n) => {
            diags.push(
                n.span(),
                "fetch.per_origin",
                "expected a number from 1 to 64",
            );
            defaults.per_origin
        }
    };
    let domain_spacing = match &f.domain_spacing {
        None => defaults.domain_spacing,
        Some(v) if v.get_ref().trim() == "none" => None,
        Some(v) => match parse_duration(v.get_ref()) {
            Ok(d) => Some(d),
            Err(message) => {
                diags.push(
                    v.span(),
                    "fetch.domain_spacing",
                    format!("{message}, or \"none\""),
                );
                defaults.domain_spacing
            }
        },
    };
    Politeness {
        per_origin,
        origin_spacing: optional_duration(diags, &f.origin_spacing, "fetch.origin_spacing")
            .unwrap_or(defaults.origin_spacing),
        domain_spacing,
    }
}

/// "16MiB", "512KiB", "2MB", "1000" (bytes).
fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let number: u64 = text[..digits].parse().ok()?;
    let factor = match text[digits..].trim() {
        "" | "B" => 1,
        "KB" => 1000,
        "KiB" => 1024,
        "MB" => 1_000_000,
        "MiB" => 1024 * 1024,
        "GB" => 1_000_000_000,
        "GiB" => 1024 * 1024 * 1024,
        _ => return None,
    };
    number.checked_mul(factor)
}

pub(crate) fn check_name(diags: &mut Diagnostics, name: &S<String>, key: String) -> bool {
    let ok = !name.get_ref().is_empty()
        && name
            .get_ref()
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !ok {
        diags.push(
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

fn feed_config(
    diags: &mut Diagnostics,
    index: usize,
    raw: &RawFeed,
    defaults: &FeedDefaults,
    base_dir: &Path,
) -> Option<FeedConfig> {
    let name_ok = check_name(diags, &raw.name, format!("feed[{index}].name"));
    let url = feed_url(raw.url.get_ref(), base_dir).map_err(|message| {
        diags.push(raw.url.span(), format!("feed[{index}].url"), message);
    });
    let interval = optional_duration(diags, &raw.interval, &format!("feed[{index}].interval"));
    if let (Some(i), Some(value)) = (interval, &raw.interval)
        && i < MIN_INTERVAL
    {
        {
            diags.push(
                value.span(),
                format!("feed[{index}].interval"),
                "must be at least 1s",
            );
        }
    }
    let backfill = match &raw.backfill {
        Some(b) => parse_backfill(diags, b, &format!("feed[{index}].backfill")),
        None => Some(defaults.backfill),
    };
    let mut tags = Vec::new();
    for (t, tag) in raw.tags.iter().enumerate() {
        if check_name(diags, tag, format!("feed[{index}].tags[{t}]")) {
            tags.push(tag.get_ref().clone());
        }
    }
    if !name_ok {
        return None;
    }
    Some(FeedConfig {
        name: raw.name.get_ref().clone(),
        url: url.ok()?,
        interval: interval.unwrap_or(defaults.interval),
        fixed_interval: interval.is_some(),
        min_interval: defaults.min_interval,
        max_interval: defaults.max_interval,
        max_backoff: defaults.max_backoff,
        backfill: backfill?,
        tags,
    })
}

/// Parses a feed URL: http(s), or `file:`, where a relative `file:` path is
/// resolved against the config file's folder so a config runs from anywhere.
pub fn feed_url(text: &str, base_dir: &Path) -> Result<Url, String> {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix("file:")
        && !rest.starts_with('/')
    {
        {
            let absolute = std::path::absolute(base_dir.join(rest))
                .map_err(|e| format!("cannot resolve `{text}`: {e}"))?;
            return Url::from_file_path(&absolute)
                .map_err(|()| format!("cannot turn `{}` into a file: URL", absolute.display()));
        }
    }
    let url = Url::parse(text).map_err(|e| {
        format!("`{text}` is not a valid URL: {e}; expected http://, https:// or file:")
    })?;
    match url.scheme() {
        "http" | "https" if url.host().is_some() => Ok(url),
        "file" => Ok(url),
        "http" | "https" => Err(format!("`{text}` has no host")),
        other => Err(format!(
            "`{text}` uses the unsupported scheme `{other}`; expected http://, https:// or file:"
        )),
    }
}

fn topic_config(
    diags: &mut Diagnostics,
    index: usize,
    raw: &RawTopic,
    aliases: &Aliases,
    feed_names: &HashSet<String>,
    tags: &HashSet<&str>,
    sink_names: &[String],
) -> Option<(TopicConfig, TopicOptions)> {
    let name_ok = check_name(diags, &raw.name, format!("topic[{index}].name"));
    let query = match topics::parse(raw.query.get_ref(), aliases) {
        Ok(q) => Some(q),
        Err(err) => {
            // Point at the offending character inside the quoted string.
            let start = raw.query.span().start + 1;
            let offset = raw
                .query
                .get_ref()
                .char_indices()
                .nth(err.column.saturating_sub(1))
                .map_or(raw.query.get_ref().len(), |(i, _)| i);
            let span = start + offset..start + offset;
            let rendered = err.render(raw.query.get_ref());
            diags.push(
                span,
                format!("topic[{index}].query"),
                format!(
                    "topic `{}`: invalid query at column {}: {}\n{}",
                    raw.name.get_ref(),
                    err.column,
                    err.message,
                    indent(&rendered)
                ),
            );
            None
        }
    };
    let mut selectors = Vec::new();
    for (f, selector) in raw.feeds.iter().flatten().enumerate() {
        let text = selector.get_ref();
        if let Some(tag) = text.strip_prefix("tag:") {
            if !tags.contains(tag) {
                diags.push(
                    selector.span(),
                    format!("topic[{index}].feeds[{f}]"),
                    format!("no feed has the tag `{tag}`; expected a feed name or tag:NAME of a tag some feed carries"),
                );
            }
            selectors.push(FeedSelector::Tag(tag.to_string()));
        } else {
            if !feed_names.contains(text) {
                diags.push(
                    selector.span(),
                    format!("topic[{index}].feeds[{f}]"),
                    format!(
                        "unknown feed `{text}`; expected one of: {}",
                        list(feed_names.iter())
                    ),
                );
            }
            selectors.push(FeedSelector::Name(text.clone()));
        }
    }
    let notify: Vec<String> = match &raw.notify {
        None => sink_names.to_vec(),
        Some(names) => {
            for (n, name) in names.iter().enumerate() {
                if !sink_names.contains(name.get_ref()) {
                    diags.push(
                        name.span(),
                        format!("topic[{index}].notify[{n}]"),
                        format!(
                            "unknown sink `{}`; expected one of: {}",
                            name.get_ref(),
                            list(sink_names.iter())
                        ),
                    );
                }
            }
            names.iter().map(|n| n.get_ref().clone()).collect()
        }
    };
    let mut options = TopicOptions::default();
    if let Some(language) = &raw.language {
        match topics::check_language(language.get_ref()) {
            Ok(()) => options.language = Some(language.get_ref().clone()),
            Err(message) => {
                diags.push(language.span(), format!("topic[{index}].language"), message)
            }
        }
    }
    if let Some(stem) = raw.stem {
        options.stem = stem;
    }
    if let Some(min_score) = &raw.min_score {
        if min_score.get_ref().is_finite() && *min_score.get_ref() >= 0.0 {
            options.min_score = Some(*min_score.get_ref());
        } else {
            diags.push(
                min_score.span(),
                format!("topic[{index}].min_score"),
                "expected a number >= 0",
            );
        }
    }
    let digest = match &raw.digest {
        None => None,
        Some(text) => {
            match DigestSchedule::parse(
                text.get_ref(),
                raw.timezone.as_ref().map(|t| t.get_ref().as_str()),
            ) {
                Ok(schedule) => Some(schedule),
                Err(message) => {
                    diags.push(text.span(), format!("topic[{index}].digest"), message);
                    None
                }
            }
        }
    };
    if let (Some(tz), None) = (&raw.timezone, &raw.digest) {
        diags.push(
            tz.span(),
            format!("topic[{index}].timezone"),
            "`timezone` only applies with `digest`",
        );
    }
    if !name_ok {
        return None;
    }
    Some((
        TopicConfig {
            name: raw.name.get_ref().clone(),
            query_text: raw.query.get_ref().clone(),
            query: query?,
            feeds: selectors,
            notify,
            options: options.clone(),
            digest,
        },
        options,
    ))
}

fn list<'a>(names: impl Iterator<Item = &'a String>) -> String {
    let mut names: Vec<&str> = names.map(String::as_str).collect();
    names.sort_unstable();
    if names.is_empty() {
        "(none defined)".to_string()
    } else {
        names.join(", ")
    }
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
