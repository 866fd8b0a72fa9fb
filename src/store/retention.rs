//! Retention (`[storage] keep`): what the database forgets, and what it
//! must remember so that nothing forgotten comes back as new.
//!
//! Stories are forgotten whole, with their items, matches, alerts and
//! deliveries, once everything in them is older than the cutoff and nothing
//! still needs them: no delivery waiting (pending, held for a digest, or
//! folded into a message not yet sent), no user verdict, no topic example,
//! no story update waiting. A story still reported within the period is
//! kept whole, so its alert stays and a late report never alerts again.
//!
//! A forgotten item's identity keys (GUID, canonical link, text hash) are
//! kept as *retired keys*: the first 16 bytes of their SHA-256, about 64
//! bytes a key with its index, where the item took about 1,250. A feed that still carries
//! the item finds its key retired and the entry counts as seen, never new;
//! each such sighting renews the key, and a retired key is dropped only
//! after a whole period in which no feed carried it.

use sha2::{Digest, Sha256};

use crate::model::{ItemId, Millis};

/// One pass of retention, a batch of stories at a time.
#[derive(Debug, Clone, PartialEq)]
pub struct Prune {
    /// Stories whose every item was first seen, and every alert made,
    /// before this time may be forgotten; retired keys not seen since are
    /// dropped.
    pub cutoff: Millis,
    /// Now: when the keys retired in this pass were last seen.
    pub now: Millis,
    /// At most this many stories are forgotten per call (one transaction),
    /// so polls waiting for the database wait little.
    pub batch: usize,
    /// Only stories with ids above this one are considered (a pass walks
    /// the stories in id order, one batch after another).
    pub after_story: i64,
    /// Items named by a topic's `examples`: their stories are kept.
    pub keep_items: Vec<ItemId>,
}

/// What one call of `Backend::prune` forgot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PruneReport {
    pub stories: usize,
    pub items: usize,
    pub alerts: usize,
    pub messages: usize,
    /// Identity keys of forgotten items, now kept as retired keys.
    pub retired_keys: usize,
    /// Retired keys dropped (no feed carried them for a whole period).
    pub expired_keys: usize,
    /// The highest story id this call looked at: the next batch starts
    /// after it. `None` when the batch was not full (the pass is over).
    pub next_after: Option<i64>,
}

impl PruneReport {
    /// Adds a batch's counts to a pass's.
    pub fn add(&mut self, other: &PruneReport) {
        self.stories += other.stories;
        self.items += other.items;
        self.alerts += other.alerts;
        self.messages += other.messages;
        self.retired_keys += other.retired_keys;
        self.expired_keys += other.expired_keys;
        self.next_after = other.next_after;
    }

    /// Whether anything was forgotten.
    pub fn is_empty(&self) -> bool {
        self.stories + self.items + self.alerts + self.messages + self.expired_keys == 0
    }
}

/// SQL: whether alert `a` still has a delivery waiting (pending, held for a
/// digest, or folded into a digest or summary not sent yet). Such an alert,
/// and its story, are never forgotten. One text for both backends.
macro_rules! delivery_waits_sql {
    () => {
        "EXISTS (SELECT 1 FROM deliveries d WHERE d.alert_id = a.id AND (
             d.status IN ('pending', 'held')
             OR (d.status = 'folded' AND EXISTS (
                 SELECT 1 FROM messages m WHERE m.id = d.message_id AND m.status = 'pending'))))"
    };
}
pub(crate) use delivery_waits_sql;

/// The retired form of an identity key: 128 bits of its SHA-256 (a
/// collision, which would take a new item for a forgotten one, needs about
/// 2^64 keys).
pub fn retired_key(key: &str) -> [u8; 16] {
    let digest = Sha256::digest(key.as_bytes());
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest[..16]);
    out
}

/// A retired key seen again is renewed at most once a day: a feed that
/// carries old items is polled often, and renewing on every poll would
/// write on every poll.
pub const RENEW_AFTER: Millis = 86_400_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retired_keys_are_stable_and_distinct() {
        assert_eq!(retired_key("g:1:abc"), retired_key("g:1:abc"));
        assert_ne!(retired_key("g:1:abc"), retired_key("g:2:abc"));
        // Fixed forever: stored keys must keep matching after an upgrade.
        assert_eq!(
            retired_key("l:https://example.com/a"),
            [
                0xa2, 0x47, 0xb1, 0x17, 0x0c, 0xdb, 0xe4, 0xdb, 0x14, 0x37, 0x47, 0xc6, 0x9b, 0xa0,
                0x19, 0xe7
            ]
        );
    }
}
