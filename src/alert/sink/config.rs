//! `[[sink]]` entries: the keys every sink has (`name`, `type`,
//! `rate_limit`, `digest`, `timezone`), and the dispatch to each sink type's
//! own config (`webhook/config.rs`, `email/config.rs`), which owns its keys
//! and their validation. Adding a sink type means a folder with its config
//! and sender, and one line in [`SINK_TYPES`].

use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};

use super::{email, webhook};
use crate::alert::schedule::{DigestSchedule, RateLimit, parse_digest};
use crate::diagnostics::{Scope, Spanned, closest};

#[derive(Debug, Clone, PartialEq)]
pub struct SinkConfig {
    pub name: String,
    pub kind: SinkKind,
    /// At most this many messages to this sink; none when unset.
    pub rate_limit: Option<RateLimit>,
    /// When this sink's messages go out (default: immediately).
    pub digest: DigestSchedule,
    /// What this sink hears when another outlet reports a story it was
    /// alerted to.
    pub on_new_source: OnNewSource,
}

/// `on_new_source`: whether a sink hears about later reports of a story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnNewSource {
    /// Nothing: one alert per story, whatever comes later.
    #[default]
    Ignore,
    /// An update message with the new sources, at most one per story per
    /// `interval`.
    Update { interval: std::time::Duration },
}

/// The default `update_interval`.
pub const DEFAULT_UPDATE_INTERVAL: std::time::Duration = std::time::Duration::from_secs(3600);

#[derive(Debug, Clone, PartialEq)]
pub enum SinkKind {
    /// One JSON object a line on standard output.
    Stdout,
    Webhook(webhook::Config),
    Email(email::Config),
}

impl SinkConfig {
    /// One line for `check` and logs: the type, where it sends (without
    /// secrets) and its options.
    pub fn describe(&self) -> String {
        let mut out = match &self.kind {
            SinkKind::Stdout => "stdout".to_string(),
            SinkKind::Webhook(w) => w.describe(),
            SinkKind::Email(e) => e.describe(),
        };
        if self.digest != DigestSchedule::Immediate {
            out.push_str(&format!(", digest {}", self.digest.describe()));
        }
        if let Some(limit) = &self.rate_limit {
            out.push_str(&format!(", rate limit {}", limit.describe()));
        }
        if let OnNewSource::Update { interval } = self.on_new_source {
            out.push_str(&format!(
                ", story updates at most every {}",
                crate::units::format_duration(interval)
            ));
        }
        out
    }
}

/// The keys every sink takes.
const COMMON_KEYS: &[&str] = &[
    "name",
    "type",
    "rate_limit",
    "digest",
    "timezone",
    "on_new_source",
    "update_interval",
];

/// Each sink type and the keys it takes besides [`COMMON_KEYS`].
const SINK_TYPES: &[(&str, &[&str])] = &[
    ("stdout", &[]),
    ("webhook", webhook::config::KEYS),
    ("email", email::config::KEYS),
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCommon {
    name: Spanned<String>,
    #[serde(rename = "type")]
    kind: Spanned<String>,
    rate_limit: Option<Spanned<String>>,
    digest: Option<Spanned<String>>,
    timezone: Option<Spanned<String>>,
    on_new_source: Option<Spanned<String>>,
    update_interval: Option<Spanned<String>>,
}

impl SinkConfig {
    /// Validates one `[[sink]]` table. `scope` is the entry's (`sink[2]`);
    /// relative paths (templates, secret files) are relative to `base_dir`.
    /// Returns the name as written (even when the entry has other problems,
    /// so one mistake does not cascade into "unknown sink" errors) and the
    /// config when the entry is valid.
    pub fn from_toml(
        entry: Spanned<DeValue<'_>>,
        base_dir: &Path,
        scope: &mut Scope,
    ) -> (Option<Spanned<String>>, Option<SinkConfig>) {
        let span = entry.span();
        let DeValue::Table(table) = entry.into_inner() else {
            scope.push(span, "", "expected a table: [[sink]] with name and type");
            return (None, None);
        };
        let (common, rest) = split(table, COMMON_KEYS);
        let Some(common) = deserialize::<RawCommon>(common, span.clone(), scope) else {
            return (None, None);
        };
        let name = common.name.clone();
        let name_ok = scope.name(&common.name, "name");
        let type_name = common.kind.get_ref().as_str();
        let anchor = common.name.span();
        let kind = match SINK_TYPES.iter().find(|(t, _)| *t == type_name) {
            None => {
                scope.push(
                    common.kind.span(),
                    "type",
                    format!(
                        "unknown sink type `{type_name}`; expected \"webhook\", \"email\" or \"stdout\""
                    ),
                );
                None
            }
            Some((_, keys)) => {
                let rest = reject_foreign_keys(rest, type_name, keys, scope);
                match type_name {
                    "webhook" => deserialize(rest, span.clone(), scope)
                        .and_then(|raw| webhook::config::validate(&raw, anchor, base_dir, scope))
                        .map(SinkKind::Webhook),
                    "email" => deserialize(rest, span.clone(), scope)
                        .and_then(|raw| email::config::validate(&raw, anchor, base_dir, scope))
                        .map(SinkKind::Email),
                    _ => Some(SinkKind::Stdout),
                }
            }
        };
        let rate_limit = common.rate_limit.as_ref().and_then(|value| {
            RateLimit::parse(value.get_ref())
                .map_err(|err| scope.push(value.span(), "rate_limit", err.to_string()))
                .ok()
        });
        let digest = parse_digest(common.digest.as_ref(), common.timezone.as_ref(), scope);
        let on_new_source = on_new_source(&common, scope);
        let config = match (name_ok, kind, digest, on_new_source) {
            (true, Some(kind), Ok(digest), Some(on_new_source)) => Some(SinkConfig {
                name: common.name.into_inner(),
                kind,
                rate_limit,
                digest: digest.unwrap_or_default(),
                on_new_source,
            }),
            _ => None,
        };
        (Some(name), config)
    }
}

/// `on_new_source` and `update_interval`.
fn on_new_source(common: &RawCommon, scope: &mut Scope) -> Option<OnNewSource> {
    let interval = scope.duration_in(
        common.update_interval.as_ref(),
        "update_interval",
        std::time::Duration::from_secs(1)..=std::time::Duration::from_secs(30 * 86_400),
    );
    if common.update_interval.is_some() && interval.is_none() {
        return None;
    }
    match common
        .on_new_source
        .as_ref()
        .map(|v| (v.get_ref().as_str(), v.span()))
    {
        None | Some(("ignore", _)) => {
            if let Some(value) = &common.update_interval {
                scope.push(
                    value.span(),
                    "update_interval",
                    "`update_interval` applies with on_new_source = \"update\"",
                );
                return None;
            }
            Some(OnNewSource::Ignore)
        }
        Some(("update", _)) => Some(OnNewSource::Update {
            interval: interval.unwrap_or(DEFAULT_UPDATE_INTERVAL),
        }),
        Some((other, span)) => {
            scope.push(
                span,
                "on_new_source",
                format!("unknown value `{other}`; expected \"ignore\" (the default) or \"update\""),
            );
            None
        }
    }
}

/// Splits a table into the keys in `keys` and the others.
fn split<'i>(table: DeTable<'i>, keys: &[&str]) -> (DeTable<'i>, DeTable<'i>) {
    let mut chosen = DeTable::new();
    let mut rest = DeTable::new();
    for (key, value) in table {
        if keys.contains(&key.get_ref().as_ref()) {
            chosen.insert(key, value);
        } else {
            rest.insert(key, value);
        }
    }
    (chosen, rest)
}

/// Reports keys this sink type does not take (saying which type takes them,
/// or which key was probably meant) and returns the others.
fn reject_foreign_keys<'i>(
    table: DeTable<'i>,
    type_name: &str,
    allowed: &[&str],
    scope: &mut Scope,
) -> DeTable<'i> {
    let mut kept = DeTable::new();
    for (key, value) in table {
        let name: &str = key.get_ref().as_ref();
        if allowed.contains(&name) {
            kept.insert(key, value);
            continue;
        }
        let takes = if allowed.is_empty() {
            "it takes only name, type, rate_limit, digest, timezone, on_new_source and update_interval".to_string()
        } else {
            format!("it takes {}", allowed.join(", "))
        };
        let foreign = SINK_TYPES.iter().any(|(_, keys)| keys.contains(&name));
        let message = if let Some(hint) = crate::diagnostics::top_level_key_hint(name) {
            format!("unknown key `{name}` here; {hint}")
        } else if foreign {
            format!("`{name}` does not apply to a sink of type \"{type_name}\"; {takes}")
        } else {
            let candidates = COMMON_KEYS.iter().chain(allowed).copied();
            match closest(name, candidates) {
                Some(hint) => format!("unknown key `{name}`; did you mean `{hint}`?"),
                None => format!("unknown key `{name}`; {takes}"),
            }
        };
        scope.push(key.span(), name, message);
    }
    kept
}

/// Deserializes a table into a raw config struct, reporting serde's errors
/// (wrong types, missing keys) at their place.
fn deserialize<T: DeserializeOwned>(
    table: DeTable<'_>,
    span: Range<usize>,
    scope: &mut Scope,
) -> Option<T> {
    // Kept to name the key of an error (a sink's tables are small).
    let copy = table.clone();
    let deserializer = toml::de::Deserializer::from(Spanned::new(span.clone(), table));
    match T::deserialize(deserializer) {
        Ok(value) => Some(value),
        Err(err) => {
            let at = err.span().unwrap_or(span);
            let key = crate::diagnostics::path_in_table(&copy, at.start).unwrap_or_default();
            scope.push(at, &key, err.message().trim().to_string());
            None
        }
    }
}

/// Test support: a sink type's `KEYS` list is exactly its raw struct's fields.
#[cfg(test)]
pub(crate) fn assert_keys_match<T: DeserializeOwned>(keys: &[&str]) {
    // An unknown key is rejected with serde's list of the expected ones.
    let text = "bogus_key_for_the_test = 1";
    let err = match toml::from_str::<T>(text) {
        Ok(_) => panic!("a bogus key must be rejected"),
        Err(err) => err.message().to_string(),
    };
    let mut expected: Vec<&str> = err.split('`').skip(3).step_by(2).collect();
    expected.sort_unstable();
    let mut listed = keys.to_vec();
    listed.sort_unstable();
    assert_eq!(expected, listed, "KEYS and the raw struct differ: {err}");
}
