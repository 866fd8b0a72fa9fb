//! Plain data shared by the pipeline stages. No IO, no clock, no behaviour
//! beyond small helpers: every stage takes and returns these types.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch: the one time unit feedwatch stores.
pub type Millis = i64;

/// A feed's row id in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FeedId(pub i64);

/// A stored item's id (what `try` prints as `#12`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ItemId(pub i64);

/// A story's id: the items of every outlet that report one event share it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StoryId(pub i64);

/// An alert's id: unique, ordered like detection, the same on every retry
/// (receivers drop duplicates by it).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AlertId(String);

impl AlertId {
    pub fn new(id: impl Into<String>) -> AlertId {
        AlertId(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! display_inner {
    ($($name:ident),*) => {$(
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }
    )*};
}
display_inner!(FeedId, ItemId, StoryId, AlertId);

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

/// How a poll ended, as recorded in the feed's health. The storage key
/// ([`PollStatus::key`]) is what `feeds` shows; it is stable (stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollStatus {
    /// An HTTP answer: 200 for a fetched feed, 304 not modified, 4xx/5xx.
    Http(u16),
    Timeout,
    Connect,
    Dns,
    Tls,
    Reset,
    Redirect,
    TooLarge,
    Empty,
    Transfer,
    File,
    /// Fetched but not a feed we could read.
    Parse,
    /// Nothing answered while our own network was down: not the feed's fault.
    NetworkDown,
}

impl PollStatus {
    pub const NOT_MODIFIED: PollStatus = PollStatus::Http(304);

    pub fn key(self) -> std::borrow::Cow<'static, str> {
        use std::borrow::Cow;
        Cow::Borrowed(match self {
            PollStatus::Http(code) => return Cow::Owned(code.to_string()),
            PollStatus::Timeout => "timeout",
            PollStatus::Connect => "connect error",
            PollStatus::Dns => "dns error",
            PollStatus::Tls => "tls error",
            PollStatus::Reset => "reset",
            PollStatus::Redirect => "redirect error",
            PollStatus::TooLarge => "too large",
            PollStatus::Empty => "empty",
            PollStatus::Transfer => "transfer error",
            PollStatus::File => "file error",
            PollStatus::Parse => "parse error",
            PollStatus::NetworkDown => "network down",
        })
    }

    pub fn from_key(key: &str) -> Option<PollStatus> {
        if let Ok(code) = key.parse::<u16>() {
            return Some(PollStatus::Http(code));
        }
        Some(match key {
            "timeout" => PollStatus::Timeout,
            "connect error" => PollStatus::Connect,
            "dns error" => PollStatus::Dns,
            "tls error" => PollStatus::Tls,
            "reset" => PollStatus::Reset,
            "redirect error" => PollStatus::Redirect,
            "too large" => PollStatus::TooLarge,
            "empty" => PollStatus::Empty,
            "transfer error" => PollStatus::Transfer,
            "file error" => PollStatus::File,
            "parse error" => PollStatus::Parse,
            "network down" => PollStatus::NetworkDown,
            _ => return None,
        })
    }
}

impl fmt::Display for PollStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

/// Where one delivery (an alert for one sink) stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeliveryStatus {
    /// To be sent on its own.
    Pending,
    /// Waiting for its digest.
    Held,
    /// Carried by a digest or summary message.
    Folded,
    Delivered,
    /// Can never succeed (or gave up); kept with its last error.
    Failed,
}

impl DeliveryStatus {
    pub const ALL: [DeliveryStatus; 5] = [
        DeliveryStatus::Pending,
        DeliveryStatus::Held,
        DeliveryStatus::Folded,
        DeliveryStatus::Delivered,
        DeliveryStatus::Failed,
    ];

    /// The stable storage key.
    pub fn key(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Held => "held",
            DeliveryStatus::Folded => "folded",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
        }
    }

    pub fn from_key(key: &str) -> Option<DeliveryStatus> {
        DeliveryStatus::ALL.into_iter().find(|s| s.key() == key)
    }
}

impl fmt::Display for DeliveryStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A feed-health incident: failing for too long, or quiet for too long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IncidentKind {
    Failing,
    Quiet,
}

impl IncidentKind {
    /// The stable storage key.
    pub fn key(self) -> &'static str {
        match self {
            IncidentKind::Failing => "failing",
            IncidentKind::Quiet => "quiet",
        }
    }

    pub fn from_key(key: &str) -> Option<IncidentKind> {
        [IncidentKind::Failing, IncidentKind::Quiet]
            .into_iter()
            .find(|k| k.key() == key)
    }
}

impl fmt::Display for IncidentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The stable storage key of a digest schedule, e.g. `daily 08:00 Europe/Berlin`:
/// held deliveries wait under it, so it never changes for a schedule, whatever
/// the schedule's display text says (`alert::schedule::DigestSchedule::key`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DigestKey(String);

impl DigestKey {
    pub fn new(key: impl Into<String>) -> DigestKey {
        DigestKey(key.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DigestKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_keys_round_trip() {
        for status in [
            PollStatus::Http(200),
            PollStatus::NOT_MODIFIED,
            PollStatus::Http(503),
            PollStatus::Timeout,
            PollStatus::Connect,
            PollStatus::Dns,
            PollStatus::Tls,
            PollStatus::Reset,
            PollStatus::Redirect,
            PollStatus::TooLarge,
            PollStatus::Empty,
            PollStatus::Transfer,
            PollStatus::File,
            PollStatus::Parse,
            PollStatus::NetworkDown,
        ] {
            assert_eq!(PollStatus::from_key(&status.key()), Some(status));
        }
        for status in DeliveryStatus::ALL {
            assert_eq!(DeliveryStatus::from_key(status.key()), Some(status));
        }
        // Stored in databases: these strings never change.
        assert_eq!(PollStatus::NetworkDown.key(), "network down");
        assert_eq!(DeliveryStatus::Held.key(), "held");
        assert_eq!(IncidentKind::Quiet.key(), "quiet");
    }
}
