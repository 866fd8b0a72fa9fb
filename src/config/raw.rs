//! The config file as written: serde structs that keep every value's span so
//! validation can point at the exact line and column. Unknown keys are
//! rejected by serde (`deny_unknown_fields`) with their location. Each
//! stage's section is its own type (`fetch::RawFetchConfig`, ...); `[[sink]]`
//! entries are read separately, table by table (`alert::sink::config`).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::feeds::{RawDefaults, RawFeed};
use super::health::RawHealth;
use super::topics::RawTopic;
use crate::alert::RawDeliveryConfig;
use crate::diagnostics::Spanned;
use crate::fetch::RawFetchConfig;
use crate::http::RawHttpConfig;
use crate::store::RawStorageConfig;
use crate::stories::RawStoryConfig;

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    #[serde(default)]
    pub storage: RawStorageConfig,
    #[serde(default)]
    pub defaults: RawDefaults,
    #[serde(default)]
    pub delivery: RawDeliveryConfig,
    #[serde(default)]
    pub fetch: RawFetchConfig,
    #[serde(default)]
    pub health: RawHealth,
    #[serde(default)]
    pub stories: RawStoryConfig,
    #[serde(default)]
    pub service: RawService,
    #[serde(default)]
    pub log: RawLog,
    #[serde(default)]
    pub http: RawHttpConfig,
    #[serde(default)]
    pub aliases: BTreeMap<String, Spanned<Vec<Spanned<String>>>>,
    /// OPML files whose subscriptions are added as feeds.
    #[serde(default)]
    pub opml: Vec<Spanned<String>>,
    #[serde(default)]
    pub feed: Vec<Spanned<RawFeed>>,
    #[serde(default)]
    pub topic: Vec<Spanned<RawTopic>>,
    /// Read table by table by `alert::sink::SinkConfig::from_toml`.
    #[serde(default, rename = "sink")]
    pub _sink: serde::de::IgnoredAny,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawService {
    pub shutdown_timeout: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLog {
    pub level: Option<Spanned<String>>,
}
