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
mod log;
pub mod opml;
mod raw;
mod topics;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize as _;
use toml::de::{DeTable, DeValue};

pub use error::{ConfigError, ConfigIssue};
pub use feeds::{Backfill, FeedConfig, FeedUrlError, MIN_INTERVAL, feed_url};
pub use health::HealthConfig;
pub use log::check_log_filter;
pub use topics::{FeedSelector, TopicConfig};

use crate::alert::{DeliveryConfig, SinkConfig};
use crate::diagnostics::Diagnostics;
use crate::fetch::FetchConfig;
use crate::http::HttpConfig;
use crate::store::StorageConfig;
use crate::stories::StoryConfig;
use crate::topics::{Aliases, TopicSet};
use feeds::FeedDefaults;
use raw::RawConfig;

/// A validated config.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file this config was read from.
    pub source: PathBuf,
    /// The SQLite database (unused when `storage.postgres` is set).
    pub storage_path: PathBuf,
    /// `[storage]`: PostgreSQL instead of SQLite, and the lease period.
    pub storage: StorageConfig,
    /// A hash of the config text: replicas compare theirs through the
    /// database and warn when they differ.
    pub hash: String,
    pub delivery: DeliveryConfig,
    pub fetch: FetchConfig,
    pub health: HealthConfig,
    pub stories: StoryConfig,
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

/// The most TOML tokens (keys, values, punctuation, line breaks) a config
/// may have: more than 2 MiB of ordinary config (about 25,000 feeds); it bounds what
/// parsing costs (under 100 MB) whatever the file holds.
pub const MAX_CONFIG_TOKENS: usize = 800_000;

/// How long in-flight polls and deliveries get after a stop request, unless
/// `[service] shutdown_timeout` says otherwise.
pub const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(10);

impl Config {
    /// Reads and validates a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = crate::files::read_to_string_limited(path, crate::files::MAX_CONFIG_BYTES)
            .map_err(|source| ConfigError::Read {
                path: path.to_path_buf(),
                source,
            })?;
        Config::parse(&text, path)
    }

    /// Validates config text; `path` names it in errors and anchors relative paths.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let mut diags = Diagnostics::new(text);
        let report = |err: toml::de::Error, mut diags: Diagnostics| {
            let span = err.span().unwrap_or(0..0);
            let key = key_at(text, span.start);
            diags.push(span, key, with_hint(err.message()));
            invalid(path, diags)
        };
        // Counted before parsing, without keeping them: the parser holds
        // every token and builds a table per value, so their number, not
        // the file's size, bounds the memory a config costs.
        let tokens = toml_parser::Source::new(text)
            .lex()
            .take(MAX_CONFIG_TOKENS + 1)
            .count();
        if tokens > MAX_CONFIG_TOKENS {
            diags.push(
                0..0,
                "(top level)",
                format!(
                    "too many keys, values and punctuation (more than {MAX_CONFIG_TOKENS} TOML tokens); a real config has far fewer: put long subscription lists in OPML files"
                ),
            );
            return Err(invalid(path, diags));
        }
        // The document is parsed once (the parser's tokens and tables are
        // most of the memory a big config costs): `[[sink]]` entries are
        // taken out for the sink types to read, the rest is `RawConfig`.
        let document = match DeTable::parse(text) {
            Ok(document) => document,
            Err(err) => return Err(report(err, diags)),
        };
        let span = document.span();
        let (sink_entries, rest): (Vec<_>, Vec<_>) = document
            .into_inner()
            .into_iter()
            .partition(|(key, _)| key.get_ref().as_ref() as &str == "sink");
        let rest: DeTable<'_> = rest.into_iter().collect();
        // Reading again after an error clones the document: only for
        // configs of a real size (a huge one gets its first error only).
        let retry = tokens <= MAX_TOKENS_TO_RETRY;
        let read = match deserialize_all(span, rest, text, retry, &mut diags) {
            Some(read) if diags.is_empty() || read.faithful => read,
            _ => return Err(invalid(path, diags)),
        };
        let sink_entries = sink_entries.into_iter().next().map(|(_, value)| value);
        let base_dir = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let config = validate(read.raw, sink_entries, text, &base_dir, path, &mut diags);
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

/// The first 16 hex digits of the SHA-256 of the config text.
fn config_hash(text: &str) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(text.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

impl Config {
    /// Opens the configured database (PostgreSQL or the SQLite file),
    /// migrating it.
    pub fn open_store(&self) -> Result<crate::store::Store, crate::store::StoreError> {
        crate::store::Store::open_configured(&self.storage_path, &self.storage)
    }

    /// Where the state is: the PostgreSQL URL or the SQLite file.
    pub fn storage_location(&self) -> String {
        match &self.storage.postgres {
            Some(postgres) => postgres.url.clone(),
            None => self.storage_path.display().to_string(),
        }
    }
}

fn invalid(path: &Path, diags: Diagnostics) -> ConfigError {
    ConfigError::Invalid {
        path: path.to_path_buf(),
        issues: diags.into_issues(),
    }
}

/// The full key path at a byte offset (`defaults.interval`, `feed[2].url`,
/// `storag` for a misspelt table header), for errors from the TOML parser
/// itself, which knows the span but not our key path.
fn key_at(text: &str, offset: usize) -> String {
    if let Some(path) = value_path_at(text, offset) {
        return path;
    }
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let mut table = String::new();
    let mut arrays: std::collections::HashMap<String, usize> = Default::default();
    for line in text[..line_start].lines() {
        if let Some(header) = table_header(line) {
            table = header.path(&mut arrays);
        }
    }
    let line = text[line_start..].lines().next().unwrap_or("");
    if let Some(header) = table_header(line) {
        return header.path(&mut arrays);
    }
    let key = match line.split_once('=') {
        Some((key, _)) => key.trim().trim_matches(['"', '\'']).to_string(),
        None => String::new(),
    };
    match (table.is_empty(), key.is_empty()) {
        (true, true) => "(top level)".to_string(),
        (true, false) => key,
        (false, true) => table,
        (false, false) => format!("{table}.{key}"),
    }
}

/// The key path of the innermost value at a byte offset of a document
/// that parses as TOML (`topic[0].examples[1].relevant` for a wrong type
/// inside an inline table of an array); `None` when the text does not
/// parse or no value there holds the offset. Errors from deserializing a
/// well-formed document get their path here; syntax errors fall back to
/// the line-based [`key_at`].
fn value_path_at(text: &str, offset: usize) -> Option<String> {
    let doc = toml::de::DeTable::parse(text).ok()?;
    crate::diagnostics::path_in_table(doc.get_ref(), offset)
}

/// What [`deserialize_all`] read.
struct Read {
    raw: RawConfig,
    /// Every value taken out was an unknown key or a plain one (a string,
    /// number, list of them) inside a table: the rest is the config as
    /// written but for keys that fall back to their defaults, so validating
    /// it reports true problems. False when a table, a top-level key or an
    /// alias went (a `[[feed]]` without its `url`): names it defined would
    /// then be reported unknown where they are used.
    faithful: bool,
}

/// Serde stops at the first value of a wrong type or unknown key; a user
/// fixing a config wants them all at once. So each error is reported, the
/// value it points at taken out of the document, and the rest read again
/// until it reads. A required key taken out makes its table fail as
/// missing it: that follow-up is not reported, and the whole table goes.
/// `None` when even that fails (past [`MAX_REPORTED`] problems, or at
/// the first when `retry` is false).
fn deserialize_all(
    span: std::ops::Range<usize>,
    mut document: DeTable<'_>,
    text: &str,
    retry: bool,
    diags: &mut Diagnostics,
) -> Option<Read> {
    let mut removed: Vec<String> = Vec::new();
    let mut faithful = true;
    let mut reported = 0;
    loop {
        let this_round = if retry {
            document.clone()
        } else {
            std::mem::take(&mut document)
        };
        let deserializer =
            toml::de::Deserializer::from(toml::Spanned::new(span.clone(), this_round));
        let err = match RawConfig::deserialize(deserializer) {
            Ok(raw) => return Some(Read { raw, faithful }),
            Err(err) => err,
        };
        let at = err.span().unwrap_or(0..0);
        let key = key_at(text, at.start);
        let follow_up = err
            .message()
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
            .is_some_and(|field| removed.contains(&format!("{key}.{field}")));
        if !follow_up {
            diags.push(at.clone(), key.clone(), with_hint(err.message()));
            reported += 1;
        }
        if !retry || reported >= MAX_REPORTED {
            return None;
        }
        // An unknown key defined nothing; a plain value inside a table
        // falls back to its default. Anything else (a `[[feed]]`, the list
        // of feeds, an alias) may be used elsewhere, and its uses would be
        // reported unknown.
        let unknown = err.message().starts_with("unknown field");
        let inside = key.contains('.') && !key.starts_with("aliases");
        match remove_value_at(&mut document, at.start) {
            Removed::Nothing => return None,
            Removed::Plain if unknown || inside => {}
            Removed::Plain | Removed::Table => faithful = faithful && unknown,
        }
        removed.push(key);
    }
}

/// Past this many problems in one config, more would not help anyone.
const MAX_REPORTED: usize = 50;

/// A config of more TOML tokens than this gets its first wrong type or
/// unknown key only (see [`deserialize_all`]): reading again clones the
/// document, and a real config has far fewer.
const MAX_TOKENS_TO_RETRY: usize = 50_000;

/// What [`remove_value_at`] took out.
enum Removed {
    Nothing,
    /// A string, number, boolean, date, or an array of those.
    Plain,
    Table,
}

impl Removed {
    fn of(value: &toml::de::DeValue<'_>) -> Removed {
        use toml::de::DeValue;
        match value {
            DeValue::Table(_) => Removed::Table,
            DeValue::Array(items)
                if items
                    .iter()
                    .any(|i| !matches!(Removed::of(i.get_ref()), Removed::Plain)) =>
            {
                Removed::Table
            }
            _ => Removed::Plain,
        }
    }
}

/// Takes out of `table` the innermost key or array element at `offset`,
/// found as [`crate::diagnostics::path_in_table`] finds its path.
fn remove_value_at(table: &mut DeTable<'_>, offset: usize) -> Removed {
    let key = crate::diagnostics::entry_at(table, offset).map(|(k, _)| k.clone());
    let Some(key) = key else {
        return Removed::Nothing;
    };
    if let Some(value) = table.get_mut(&key) {
        let inside = remove_inside(value, offset);
        if !matches!(inside, Removed::Nothing) {
            return inside;
        }
    }
    table
        .remove(&key)
        .map_or(Removed::Nothing, |value| Removed::of(value.get_ref()))
}

/// Takes out the innermost key or element inside `value` holding `offset`;
/// `Nothing` if none inside holds it (the caller takes `value` itself).
fn remove_inside(value: &mut toml::Spanned<toml::de::DeValue<'_>>, offset: usize) -> Removed {
    use toml::de::DeValue;
    match value.get_mut() {
        DeValue::Table(inner) => remove_value_at(inner, offset),
        DeValue::Array(items) => {
            let Some(i) = crate::diagnostics::element_at(items, offset) else {
                return Removed::Nothing;
            };
            if let Some(inside) = items.get_mut(i).map(|item| remove_inside(item, offset))
                && !matches!(inside, Removed::Nothing)
            {
                return inside;
            }
            let removed = items
                .get(i)
                .map_or(Removed::Nothing, |item| Removed::of(item.get_ref()));
            // `DeArray` has no `remove`: rebuilt without the element.
            let mut kept = toml::de::DeArray::new();
            for (j, item) in items.iter().enumerate() {
                if j != i {
                    kept.push(item.clone());
                }
            }
            *items = kept;
            removed
        }
        _ => Removed::Nothing,
    }
}

/// A `[table]` or `[[array]]` header line.
struct Header<'a> {
    name: &'a str,
    array: bool,
}

impl Header<'_> {
    /// The path of the table the header opens: `feed[2]` for the third
    /// `[[feed]]`; `arrays` counts the array headers seen so far.
    fn path(&self, arrays: &mut std::collections::HashMap<String, usize>) -> String {
        if !self.array {
            return self.name.to_string();
        }
        let count = arrays.entry(self.name.to_string()).or_insert(0);
        *count += 1;
        format!("{}[{}]", self.name, *count - 1)
    }
}

fn table_header(line: &str) -> Option<Header<'_>> {
    let line = line.split('#').next().unwrap_or("").trim();
    if let Some(name) = line.strip_prefix("[[").and_then(|l| l.strip_suffix("]]")) {
        return Some(Header {
            name: name.trim(),
            array: true,
        });
    }
    line.strip_prefix('[')
        .and_then(|l| l.strip_suffix(']'))
        .map(|name| Header {
            name: name.trim(),
            array: false,
        })
}

/// A parser message, with a "did you mean" when serde lists the expected
/// keys and one is close to the unknown one.
fn with_hint(message: &str) -> String {
    let message = message.trim();
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return message.to_string();
    };
    let unknown = rest.split('`').next().unwrap_or("");
    if let Some(hint) = crate::diagnostics::top_level_key_hint(unknown) {
        return format!("unknown field `{unknown}` here; {hint}");
    }
    let expected: Vec<&str> = rest
        .split_once("expected")
        .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
        .unwrap_or_default();
    match crate::diagnostics::closest(unknown, expected) {
        Some(hint) => format!("{message}; did you mean `{hint}`?"),
        None => message.to_string(),
    }
}

fn validate(
    raw: RawConfig,
    sink_entries: Option<toml::Spanned<DeValue<'_>>>,
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
    let storage = StorageConfig::from_raw(&raw.storage, base_dir, &mut diags.scope("storage"));
    let defaults = FeedDefaults::from_raw(&raw.defaults, &mut diags.scope("defaults"));
    let delivery = DeliveryConfig::from_raw(&raw.delivery, &mut diags.scope("delivery"));
    let fetch = FetchConfig::from_raw(&raw.fetch, &mut diags.scope("fetch"));
    let health = HealthConfig::from_raw(&raw.health, &mut diags.scope("health"));
    let stories = StoryConfig::from_raw(&raw.stories, &mut diags.scope("stories"));
    // Retention must not forget what the story index still joins to.
    if let (Some(keep), Some(written)) = (storage.keep, &raw.storage.keep)
        && keep <= stories.window
    {
        diags.push(
            written.span(),
            "storage.keep",
            format!(
                "`{}` must be longer than [stories] window ({}): stories still open would be forgotten",
                written.get_ref().trim(),
                crate::units::format_duration(stories.window)
            ),
        );
    }
    let http = HttpConfig::from_raw(&raw.http, base_dir, &mut diags.scope("http"));
    let shutdown_timeout = diags
        .scope("service")
        .duration_in(
            raw.service.shutdown_timeout.as_ref(),
            "shutdown_timeout",
            Duration::ZERO..=Duration::from_secs(3600),
        )
        .unwrap_or(DEFAULT_SHUTDOWN_TIMEOUT);
    if let Some(level) = &raw.log.level
        && let Err(err) = log::check_log_filter(level.get_ref())
    {
        diags.scope("log").push(level.span(), "level", err);
    }
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

    let (sink_names, sinks) = sinks(sink_entries, base_dir, diags);
    let sink_set: HashSet<String> = sink_names.iter().cloned().collect();
    let every_sink = Arc::new(sink_names.clone());
    let known = topics::Known {
        feeds: &feed_names,
        tags: &tags,
        sinks: &sink_names,
        sink_set: &sink_set,
        every_sink: &every_sink,
    };
    let hints = known.hints();
    let mut topic_configs: Vec<TopicConfig> = Vec::new();
    let mut topic_names: HashSet<String> = HashSet::new();
    for (index, topic) in raw.topic.iter().enumerate() {
        let mut scope = diags.scope(format!("topic[{index}]"));
        let Some(checked) = topics::topic(topic.get_ref(), &aliases, &known, &hints, &mut scope)
        else {
            continue;
        };
        if !topic_names.insert(checked.name.clone()) {
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
        &sink_set,
        &hints.sinks,
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
        storage,
        hash: config_hash(text),
        delivery,
        fetch,
        health,
        stories,
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
fn sinks(
    entries: Option<toml::Spanned<DeValue<'_>>>,
    base_dir: &Path,
    diags: &mut Diagnostics,
) -> (Vec<String>, Vec<SinkConfig>) {
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
    let mut seen: HashSet<String> = HashSet::new();
    for (index, entry) in entries.into_iter().enumerate() {
        let mut scope = diags.scope(format!("sink[{index}]"));
        let (name, config) = SinkConfig::from_toml(entry, base_dir, &mut scope);
        if let Some(name) = &name {
            if !seen.insert(name.get_ref().clone()) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_paths_name_tables_and_array_entries() {
        let text =
            "[defaults]\ninterval = 300\n\n[[feed]]\nname = \"a\"\n[[feed]]\nurl = 1\n[storag]\n";
        let at = |needle: &str| key_at(text, text.find(needle).unwrap_or(0));
        assert_eq!(at("interval"), "defaults.interval");
        assert_eq!(at("url"), "feed[1].url");
        assert_eq!(at("[storag]"), "storag");
        assert_eq!(key_at("x = 1", 0), "x");
    }

    #[test]
    fn key_paths_reach_into_inline_tables_and_arrays() {
        let text = "[[topic]]\nname = \"a\"\n[[topic]]\nname = \"b\"\nexamples = [\n  { relevant = true },\n  { relevant = \"yes\", text = \"x\" },\n]\n[storage]\npath = 3\n";
        let at = |needle: &str| key_at(text, text.find(needle).unwrap_or(0));
        assert_eq!(at("\"yes\""), "topic[1].examples[1].relevant");
        assert_eq!(at("\"x\""), "topic[1].examples[1].text");
        assert_eq!(at("3"), "storage.path");
        assert_eq!(at("\"b\""), "topic[1].name");
    }

    #[test]
    fn unknown_keys_get_a_hint_when_one_is_close() {
        assert_eq!(
            with_hint("unknown field `storag`, expected one of `storage`, `defaults`"),
            "unknown field `storag`, expected one of `storage`, `defaults`; did you mean `storage`?"
        );
        assert_eq!(
            with_hint("unknown field `colour`, expected `name` or `url`"),
            "unknown field `colour`, expected `name` or `url`"
        );
        assert_eq!(
            with_hint("unknown field `opml`, expected one of `path`, `url`"),
            "unknown field `opml` here; `opml` is a top-level key, and TOML puts a key in the \
             [table] whose header is above it: move it before the first table"
        );
    }

    #[test]
    fn every_bad_alias_entry_is_reported_at_its_line_and_the_rest_stay_defined() {
        let text = "[aliases]\nai = [\"AI\", \"artificial intelligence\"]\nbad = [\"ok\",\n  \"\\\"unclosed\"]\nworse = [\"(\", \"fine\"]\n\n[[feed]]\nname = \"a\"\nurl = \"file:a.xml\"\n\n[[topic]]\nname = \"t\"\nquery = \"@ai AND @bad AND @worse\"\nnotify = [\"out\"]\n\n[[sink]]\nname = \"out\"\ntype = \"stdout\"\n";
        let err = match Config::parse(text, std::path::Path::new("/x/t.toml")) {
            Ok(_) => panic!("bad alias entries must be reported"),
            Err(err) => err.to_string(),
        };
        let lines: Vec<&str> = err.lines().collect();
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("/x/t.toml:4:3: aliases.bad[1]: ")),
            "{err}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("/x/t.toml:5:10: aliases.worse[0]: ")),
            "{err}"
        );
        // The topic compiles with what is left of the aliases.
        assert!(!err.contains("topic"), "{err}");
        assert_eq!(lines.len(), 2, "{err}");
    }

    #[test]
    fn a_default_interval_outside_the_default_bounds_moves_them_or_contradicts_set_ones() {
        let parse = |defaults: &str| {
            let text = format!(
                "[defaults]\n{defaults}\n\n[[feed]]\nname = \"a\"\nurl = \"https://example.org/f\"\n"
            );
            Config::parse(&text, std::path::Path::new("/x/t.toml")).map_err(|e| e.to_string())
        };
        let bounds = |defaults: &str| {
            let config = parse(defaults).unwrap_or_else(|err| panic!("{defaults}: {err}"));
            let feed = &config.feeds[0];
            (feed.interval, feed.min_interval, feed.max_interval)
        };
        let s = Duration::from_secs;
        // Unset bounds make room for the interval: before, `interval = "30s"`
        // alone polled every 5 minutes at the fastest.
        assert_eq!(bounds("interval = \"30s\""), (s(30), s(30), s(6 * 3600)));
        assert_eq!(
            bounds("interval = \"12h\""),
            (s(12 * 3600), s(300), s(12 * 3600))
        );
        assert_eq!(bounds(""), (s(900), s(300), s(6 * 3600)));
        assert_eq!(
            bounds("interval = \"30s\"\nmin_interval = \"10s\""),
            (s(30), s(10), s(6 * 3600))
        );
        // Bounds set that exclude the interval are an error at its line.
        let err = parse("interval = \"30s\"\nmin_interval = \"5m\"").expect_err("contradiction");
        assert!(
            err.starts_with(
                "/x/t.toml:2:12: defaults.interval: 30s is below defaults.min_interval (5m)"
            ),
            "{err}"
        );
        let err = parse("interval = \"12h\"\nmax_interval = \"1h\"").expect_err("contradiction");
        assert!(
            err.starts_with(
                "/x/t.toml:2:12: defaults.interval: 12h is above defaults.max_interval (1h)"
            ),
            "{err}"
        );
    }

    #[test]
    fn every_bad_opml_subscription_is_reported_with_its_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("subs.opml"),
            "<opml version=\"2.0\"><body>\n<outline text=\"A\" xmlUrl=\"https://a.example/\"/>\n<outline text=\"B\" xmlUrl=\"notaurl\"/>\n<outline text=\"C\" xmlUrl=\"ftp://c.example/\"/>\n</body></opml>",
        )
        .expect("write OPML");
        let path = dir.path().join("t.toml");
        let err = match Config::parse("opml = [\"subs.opml\"]\n", &path) {
            Ok(_) => panic!("bad subscriptions must be reported"),
            Err(err) => err.to_string(),
        };
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 2, "{err}");
        assert!(
            lines[0].contains("subs.opml: line 3: `notaurl` is not a valid URL"),
            "{err}"
        );
        assert!(
            lines[1].contains("subs.opml: line 4: `ftp://c.example/` uses the unsupported scheme"),
            "{err}"
        );
    }

    #[test]
    fn a_top_level_key_under_a_table_says_where_it_belongs() {
        for (text, at) in [
            (
                "[storage]\npath = \"x.db\"\nopml = [\"a.opml\"]\n",
                "/x/t.toml:3:1: storage.opml: ",
            ),
            (
                "[[sink]]\nname = \"o\"\ntype = \"stdout\"\nopml = [\"a.opml\"]\n",
                "/x/t.toml:4:1: sink[0].opml: ",
            ),
        ] {
            let err = match Config::parse(text, std::path::Path::new("/x/t.toml")) {
                Ok(_) => panic!("{text}: must be refused"),
                Err(err) => err.to_string(),
            };
            assert!(err.starts_with(at), "{err}");
            assert!(err.contains("move it before the first table"), "{err}");
        }
    }
}
