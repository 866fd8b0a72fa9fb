//! `[defaults]`, `[[feed]]` and `opml = [...]`: the feeds to poll and how
//! often.

use std::path::Path;
use std::time::Duration;

use serde::Deserialize;
use url::Url;

use super::opml;
use crate::diagnostics::{Diagnostics, Scope, Spanned};

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
    /// A WebSub hub to subscribe at, for publishers that do not advertise one.
    pub hub: Option<Url>,
}

/// How far back a feed's first poll alerts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Backfill {
    /// Alert on every item of the first poll.
    All,
    /// Alert only on items published within this window before the first poll.
    Within(Duration),
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDefaults {
    interval: Option<Spanned<String>>,
    backfill: Option<Spanned<String>>,
    min_interval: Option<Spanned<String>>,
    max_interval: Option<Spanned<String>>,
    max_backoff: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFeed {
    pub(super) name: Spanned<String>,
    url: Spanned<String>,
    interval: Option<Spanned<String>>,
    backfill: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) tags: Vec<Spanned<String>>,
    hub: Option<Spanned<String>>,
}

const DEFAULT_INTERVAL: Duration = Duration::from_secs(15 * 60);
const DEFAULT_BACKFILL: Backfill = Backfill::Within(Duration::from_secs(86_400));
/// The shortest interval a feed may be polled at, set on the feed or as the
/// default: one second (for local feeds and tests; publishers want minutes).
pub const MIN_INTERVAL: Duration = Duration::from_secs(1);
/// The longest interval, and the range of every interval setting
/// (`interval`, `min_interval`, `max_interval`, `max_backoff`).
pub(crate) const MAX_INTERVAL: Duration = Duration::from_secs(30 * 86_400);
pub(crate) const INTERVAL_RANGE: std::ops::RangeInclusive<Duration> = MIN_INTERVAL..=MAX_INTERVAL;
/// The longest `backfill` window (ten years); `"all"` has no limit.
pub(crate) const MAX_BACKFILL: Duration = Duration::from_secs(3650 * 86_400);
const DEFAULT_MIN_INTERVAL: Duration = Duration::from_secs(5 * 60);
const DEFAULT_MAX_INTERVAL: Duration = Duration::from_secs(6 * 3600);
const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(12 * 3600);

/// Interval settings shared by every feed unless it sets its own.
#[derive(Debug, Clone, Copy)]
pub(super) struct FeedDefaults {
    interval: Duration,
    backfill: Backfill,
    min_interval: Duration,
    max_interval: Duration,
    max_backoff: Duration,
}

impl FeedDefaults {
    pub(super) fn from_raw(raw: &RawDefaults, scope: &mut Scope) -> FeedDefaults {
        let interval = scope
            .duration_in(raw.interval.as_ref(), "interval", INTERVAL_RANGE)
            .unwrap_or(DEFAULT_INTERVAL);
        // An adapted interval is clamped to [min_interval, max_interval], so
        // an `interval` outside the default bounds would never be used:
        // `interval = "30s"` alone would poll every 5 minutes at the
        // fastest. Bounds left unset make room for it instead; bounds set
        // that exclude it contradict it, and say so.
        let min_interval = scope
            .duration_in(raw.min_interval.as_ref(), "min_interval", INTERVAL_RANGE)
            .unwrap_or(DEFAULT_MIN_INTERVAL.min(interval));
        let max_interval = scope
            .duration_in(raw.max_interval.as_ref(), "max_interval", INTERVAL_RANGE)
            .unwrap_or(DEFAULT_MAX_INTERVAL.max(interval));
        let defaults = FeedDefaults {
            interval,
            backfill: raw
                .backfill
                .as_ref()
                .and_then(|b| parse_backfill(b, "backfill", scope))
                .unwrap_or(DEFAULT_BACKFILL),
            min_interval,
            max_interval,
            max_backoff: scope
                .duration_in(raw.max_backoff.as_ref(), "max_backoff", INTERVAL_RANGE)
                .unwrap_or(DEFAULT_MAX_BACKOFF),
        };
        // (side, bound key, bound, what adapting does, what to do about it)
        let outside = if interval < min_interval {
            Some(("below", "min_interval", min_interval, "raised", "lower"))
        } else if interval > max_interval {
            Some(("above", "max_interval", max_interval, "lowered", "raise"))
        } else {
            None
        };
        if let (Some(min), true) = (&raw.min_interval, min_interval > max_interval) {
            scope.push(
                min.span(),
                "min_interval",
                "must not exceed defaults.max_interval",
            );
        } else if let (Some(at), Some((side, key, bound, moved, fix))) = (&raw.interval, outside) {
            let show = crate::units::format_duration;
            scope.push(
                at.span(),
                "interval",
                format!(
                    "{} is {side} defaults.{key} ({}), which every adapted interval is \
                     {moved} to: {fix} {key}, or set `interval` on a feed to poll that feed \
                     at a fixed rate",
                    show(interval),
                    show(bound)
                ),
            );
        }
        defaults
    }

    fn feed(&self, name: String, url: Url, tags: Vec<String>) -> FeedConfig {
        FeedConfig {
            name,
            url,
            interval: self.interval,
            fixed_interval: false,
            min_interval: self.min_interval,
            max_interval: self.max_interval,
            max_backoff: self.max_backoff,
            backfill: self.backfill,
            tags,
            hub: None,
        }
    }
}

fn parse_backfill(value: &Spanned<String>, key: &str, scope: &mut Scope) -> Option<Backfill> {
    if value.get_ref().trim() == "all" {
        return Some(Backfill::All);
    }
    match crate::units::parse_duration(value.get_ref()) {
        Ok(d) if d <= MAX_BACKFILL => Some(Backfill::Within(d)),
        Ok(_) => {
            scope.push(
                value.span(),
                key,
                format!(
                    "`{}` is out of range; expected a duration from 0s to {}, or \"all\"",
                    value.get_ref().trim(),
                    crate::units::format_duration(MAX_BACKFILL)
                ),
            );
            None
        }
        Err(err) => {
            scope.push(value.span(), key, format!("{err}, or \"all\""));
            None
        }
    }
}

/// The `[[feed]]` entries, then the OPML files' subscriptions (a feed listed
/// in both keeps its `[[feed]]` settings; OPML names are made unique).
pub(super) fn feeds(
    raw_feeds: &[Spanned<RawFeed>],
    opml_files: &[Spanned<String>],
    defaults: &FeedDefaults,
    base_dir: &Path,
    diags: &mut Diagnostics,
) -> Vec<FeedConfig> {
    let mut feeds: Vec<FeedConfig> = Vec::new();
    let mut seen_names = opml::UniqueNames::default();
    // Each URL and the `[[feed]]` entry (its name and where its URL is)
    // that gave it.
    let mut urls: std::collections::HashMap<String, (String, std::ops::Range<usize>)> =
        std::collections::HashMap::new();
    for (index, raw) in raw_feeds.iter().enumerate() {
        let mut scope = diags.scope(format!("feed[{index}]"));
        let Some(feed) = feed(raw.get_ref(), defaults, base_dir, &mut scope) else {
            continue;
        };
        if !seen_names.insert(feed.name.clone()) {
            scope.push(
                raw.get_ref().name.span(),
                "name",
                format!(
                    "duplicate feed name `{}`; feed names must be unique",
                    feed.name
                ),
            );
        }
        // The same URL twice is a copy-and-paste slip: the publisher would be
        // polled twice as often, and the second feed's items with a link
        // would count as the first's, seen. One feed can carry every tag.
        let span = raw.get_ref().url.span();
        match urls.entry(feed.url.as_str().to_string()) {
            std::collections::hash_map::Entry::Occupied(first) => {
                let (name, first_span) = first.get();
                let line = scope.line(first_span);
                scope.push(
                    span,
                    "url",
                    format!(
                        "feed `{name}` (line {line}) has the same URL; each URL is polled by one \
                         feed (give that one both feeds' tags, or remove this one)"
                    ),
                );
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert((feed.name.clone(), span));
            }
        }
        feeds.push(feed);
    }
    for (index, file) in opml_files.iter().enumerate() {
        let mut scope = diags.scope(format!("opml[{index}]"));
        let path = base_dir.join(file.get_ref());
        let parsed = crate::files::read_to_string_limited(&path, crate::files::MAX_OPML_BYTES)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))
            .and_then(|text| {
                opml::parse_opml(&text).map_err(|e| format!("{}: {e}", path.display()))
            });
        let subscriptions = match parsed {
            Ok(subscriptions) => subscriptions,
            Err(message) => {
                scope.push(file.span(), "", message);
                continue;
            }
        };
        for subscription in subscriptions {
            let url = match feed_url(&subscription.url, base_dir) {
                Ok(url) => url,
                Err(err) => {
                    scope.push(
                        file.span(),
                        "",
                        format!("{}: line {}: {err}", path.display(), subscription.line),
                    );
                    continue;
                }
            };
            // A set, not a scan of `feeds`: OPML files list tens of
            // thousands of subscriptions.
            if urls.contains_key(url.as_str()) {
                continue;
            }
            urls.insert(url.as_str().to_string(), (String::new(), 0..0));
            let name = opml::unique_name(&subscription.name, &mut seen_names);
            feeds.push(defaults.feed(name, url, subscription.tags));
        }
    }
    feeds
}

fn feed(
    raw: &RawFeed,
    defaults: &FeedDefaults,
    base_dir: &Path,
    scope: &mut Scope,
) -> Option<FeedConfig> {
    let name_ok = scope.name(&raw.name, "name");
    let url = feed_url(raw.url.get_ref(), base_dir)
        .map_err(|err| scope.push(raw.url.span(), "url", err.to_string()));
    let interval = scope.duration_in(raw.interval.as_ref(), "interval", INTERVAL_RANGE);
    let interval_ok = raw.interval.is_none() || interval.is_some();
    let backfill = match &raw.backfill {
        Some(b) => parse_backfill(b, "backfill", scope),
        None => Some(defaults.backfill),
    };
    let mut tags = Vec::new();
    for (t, tag) in raw.tags.iter().enumerate() {
        if scope.name(tag, &format!("tags[{t}]")) {
            tags.push(tag.get_ref().clone());
        }
    }
    let hub = match &raw.hub {
        None => Ok(None),
        Some(hub) => match Url::parse(hub.get_ref().trim()) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
                Ok(Some(url))
            }
            _ => {
                scope.push(
                    hub.span(),
                    "hub",
                    format!("`{}` is not an http(s) URL of a WebSub hub", hub.get_ref()),
                );
                Err(())
            }
        },
    };
    if !name_ok || !interval_ok {
        return None;
    }
    let mut feed = defaults.feed(raw.name.get_ref().clone(), url.ok()?, tags);
    feed.backfill = backfill?;
    feed.hub = hub.ok()?;
    if let Some(interval) = interval {
        feed.interval = interval;
        feed.fixed_interval = true;
    }
    Some(feed)
}

/// A feed URL that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FeedUrlError(String);

/// Parses a feed URL: http(s), or `file:`, where a relative `file:` path is
/// resolved against the config file's folder so a config runs from anywhere.
pub fn feed_url(text: &str, base_dir: &Path) -> Result<Url, FeedUrlError> {
    let text = text.trim();
    let fail = |message: String| FeedUrlError(message);
    if let Some(rest) = text.strip_prefix("file:")
        && !rest.starts_with('/')
    {
        let absolute = std::path::absolute(base_dir.join(rest))
            .map_err(|e| fail(format!("cannot resolve `{text}`: {e}")))?;
        return Url::from_file_path(&absolute).map_err(|()| {
            fail(format!(
                "cannot turn `{}` into a file: URL",
                absolute.display()
            ))
        });
    }
    let url = Url::parse(text).map_err(|e| {
        fail(format!(
            "`{text}` is not a valid URL: {e}; expected http://, https:// or file:"
        ))
    })?;
    match url.scheme() {
        "http" | "https" if url.host().is_some() => Ok(url),
        "file" => Ok(url),
        "http" | "https" => Err(fail(format!("`{text}` has no host"))),
        other => Err(fail(format!(
            "`{text}` uses the unsupported scheme `{other}`; expected http://, https:// or file:"
        ))),
    }
}
