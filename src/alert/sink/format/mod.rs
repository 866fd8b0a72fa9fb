//! Message bodies: the `json` format (the stored payloads, verbatim or in an
//! envelope) and the chat presets (Slack, Discord, Microsoft Teams,
//! Mattermost, ntfy), each within the limits its service documents, one file
//! per preset over a shared [`View`] of the message.
//!
//! **Invariant:** feed text is untrusted. Presets escape it for their markup
//! (so a headline cannot add links, mentions or formatting), keep only
//! http(s) links, and cut every field to the service's limit.

mod discord;
mod json;
mod markdown;
mod mattermost;
mod ntfy;
mod slack;
mod teams;
mod view;

use chrono::{DateTime, SecondsFormat, Utc};

pub(crate) use discord::discord;
pub(crate) use json::json_body;
pub(crate) use mattermost::mattermost;
pub(crate) use ntfy::ntfy;
pub(crate) use slack::slack;
pub(crate) use teams::teams;
pub(crate) use view::View;
pub(crate) use view::cut;

/// Alerts listed by name in one chat message; the rest are counted.
const MAX_LISTED: usize = 20;

/// Whether a link may be put in a message: absolute http(s) only.
pub(crate) fn is_http_link(link: &str) -> bool {
    url::Url::parse(link)
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
}

pub(crate) fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[cfg(test)]
pub(super) mod tests {
    use crate::alert::sink::template::SAMPLE_PAYLOAD;
    use crate::alert::sink::{Outgoing, OutgoingKind};

    /// A message of `n` copies of the sample payload.
    pub(crate) fn message(kind: OutgoingKind, n: usize) -> Outgoing {
        Outgoing {
            delivery_id: "dlv-1".into(),
            kind,
            alerts: vec![SAMPLE_PAYLOAD.to_string(); n],
        }
    }
}
