//! The config file as written: serde structs that keep every value's span so
//! validation can point at the exact line and column. Unknown keys are
//! rejected by serde (`deny_unknown_fields`) with their location.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

pub(crate) use super::sink::RawSink;

pub(crate) type S<T> = Spanned<T>;

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConfig {
    #[serde(default)]
    pub storage: RawStorage,
    #[serde(default)]
    pub defaults: RawDefaults,
    #[serde(default)]
    pub delivery: RawDelivery,
    #[serde(default)]
    pub fetch: RawFetch,
    #[serde(default)]
    pub health: RawHealth,
    #[serde(default)]
    pub service: RawService,
    #[serde(default)]
    pub log: RawLog,
    #[serde(default)]
    pub aliases: BTreeMap<String, S<Vec<String>>>,
    /// OPML files whose subscriptions are added as feeds.
    #[serde(default)]
    pub opml: Vec<S<String>>,
    #[serde(default)]
    pub feed: Vec<S<RawFeed>>,
    #[serde(default)]
    pub topic: Vec<S<RawTopic>>,
    #[serde(default)]
    pub sink: Vec<S<RawSink>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStorage {
    pub path: Option<S<String>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDefaults {
    pub interval: Option<S<String>>,
    pub backfill: Option<S<String>>,
    pub min_interval: Option<S<String>>,
    pub max_interval: Option<S<String>>,
    pub max_backoff: Option<S<String>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDelivery {
    pub retry_initial: Option<S<String>>,
    pub retry_max: Option<S<String>>,
    pub max_age: Option<S<String>>,
    pub poll_interval: Option<S<String>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFetch {
    pub timeout: Option<S<String>>,
    pub connect_timeout: Option<S<String>>,
    pub max_body: Option<S<String>>,
    pub concurrency: Option<S<i64>>,
    pub user_agent: Option<S<String>>,
    pub per_origin: Option<S<i64>>,
    pub origin_spacing: Option<S<String>>,
    pub domain_spacing: Option<S<String>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawHealth {
    pub failing_after: Option<S<String>>,
    pub quiet_factor: Option<S<f64>>,
    pub quiet_min: Option<S<String>>,
    #[serde(default)]
    pub notify: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFeed {
    pub name: S<String>,
    pub url: S<String>,
    pub interval: Option<S<String>>,
    pub backfill: Option<S<String>>,
    #[serde(default)]
    pub tags: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTopic {
    pub name: S<String>,
    pub query: S<String>,
    pub feeds: Option<Vec<S<String>>>,
    pub notify: Option<Vec<S<String>>>,
    pub language: Option<S<String>>,
    pub stem: Option<bool>,
    pub min_score: Option<S<f64>>,
    pub digest: Option<S<String>>,
    pub timezone: Option<S<String>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawService {
    pub shutdown_timeout: Option<S<String>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLog {
    pub level: Option<S<String>>,
}
