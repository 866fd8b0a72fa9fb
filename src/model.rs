//! Plain data shared by the pipeline stages. No IO, no clock, no behaviour
//! beyond small helpers: every stage takes and returns these types.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A feed item after parsing and normalization, before it is stored.
///
/// Text fields are plain text: HTML has been stripped and entities decoded by
/// the `feed` stage, so matching and alert payloads never see markup.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Entry {
    /// The publisher's id (RSS `guid`, Atom `id`, JSON Feed `id`), trimmed.
    /// `None` when the feed gave none: feed-rs invents random ids for such
    /// items, which must never be used for identity.
    pub guid: Option<String>,
    /// The item's link, absolute.
    pub link: Option<String>,
    pub title: String,
    pub summary: String,
    pub content: String,
    pub author: Option<String>,
    pub categories: Vec<String>,
    pub published: Option<DateTime<Utc>>,
}

/// Everything the `feed` stage extracts from one fetched document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedFeed {
    pub title: Option<String>,
    pub entries: Vec<Entry>,
    /// Repairs applied so the document could be parsed (re-encoding, bare
    /// ampersands, HTML entities). Empty for a clean feed; reported in the
    /// feed's health so an operator knows the publisher's feed is broken.
    pub repairs: Vec<String>,
    /// RSS `<ttl>`, in minutes.
    pub ttl_minutes: Option<u32>,
    /// RSS `<skipHours>` (0-23, UTC).
    pub skip_hours: Vec<u8>,
    /// RSS `<skipDays>`, lower-cased English day names.
    pub skip_days: Vec<String>,
}

/// What the feed and its server said about polling, remembered between
/// polls (a 304 carries no feed body, so the last known hints apply).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScheduleHints {
    pub ttl_minutes: Option<u32>,
    pub max_age_secs: Option<u64>,
    #[serde(default)]
    pub skip_hours: Vec<u8>,
    #[serde(default)]
    pub skip_days: Vec<String>,
    /// The adaptive interval learned from item dates.
    pub learned_interval_secs: Option<u64>,
}
