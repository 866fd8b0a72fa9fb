//! What is decided about each entry of a parsed feed before storage: its
//! identity keys, its story features, the topics it matches and what each
//! topic's model makes of the match (a suppressed match raises no alert),
//! the alerts it would raise (their payloads drafted; the story is added
//! once known) and recipients, and whether a first poll's backfill cutoff
//! lets it alert. Pure CPU work, done on the blocking pool before the
//! poll's transaction; no IO, and `now` is passed in.

use chrono::{DateTime, Utc};

use crate::alert::payload::{self, PayloadFeedback};
use crate::alert::schedule::DigestSchedule;
use crate::config::{Backfill, Config, FeedConfig, TopicConfig};
use crate::dedup;
use crate::learning::{Judgement, Learner};
use crate::model::{Entry, FeedId};
use crate::store::{EntryMatch, IngestEntry, NewAlert, Recipient};
use crate::stories::Features;
use crate::topics::Document;

/// Keys, matches and alert payloads for every entry of a poll.
pub fn prepare_entries(
    config: &Config,
    learner: &Learner,
    feed: &FeedConfig,
    feed_id: FeedId,
    entries: Vec<Entry>,
    now: DateTime<Utc>,
    first_poll: bool,
) -> Vec<IngestEntry> {
    let cutoff = match (first_poll, feed.backfill) {
        (true, Backfill::Within(window)) => chrono::Duration::from_std(window)
            .ok()
            .and_then(|w| now.checked_sub_signed(w)),
        _ => None,
    };
    entries
        .into_iter()
        .map(|entry| {
            let document = Document::from_entry(&entry, &feed.name, &feed.tags);
            let hits: Vec<_> = config
                .topic_set
                .match_document(&document)
                .into_iter()
                .filter(|hit| config.topic(&hit.topic).is_some_and(|t| t.watches(feed)))
                .collect();
            let mut matches = Vec::with_capacity(hits.len());
            let mut alerts = Vec::new();
            for hit in &hits {
                let Some(topic) = config.topic(&hit.topic) else {
                    continue;
                };
                let judgement = learner.models.judge(topic, &document, hit);
                let suppressed = judgement.as_ref().is_some_and(|j| j.suppressed);
                matches.push(EntryMatch {
                    topic: hit.topic.clone(),
                    details: serde_json::to_string(hit).unwrap_or_default(),
                    model: judgement.as_ref().map(Judgement::to_json),
                    suppressed,
                });
                if suppressed {
                    continue;
                }
                let id = payload::new_alert_id(now);
                let mut body = payload::alert(&id, hit, &entry, &feed.name, now);
                body.url = config.http.alert_url(id.as_str());
                body.model = judgement.as_ref().map(Judgement::summary);
                body.feedback = learner.links.as_ref().and_then(|links| {
                    Some(PayloadFeedback {
                        relevant: links.link(&id, true)?,
                        irrelevant: links.link(&id, false)?,
                    })
                });
                alerts.push(NewAlert {
                    payload: body.to_json(),
                    id,
                    topic: hit.topic.clone(),
                    recipients: recipients(topic, config),
                });
            }
            let alertable = match (first_poll, feed.backfill, cutoff) {
                (false, _, _) | (true, Backfill::All, _) => true,
                (true, Backfill::Within(_), Some(cutoff)) => {
                    entry.published.is_some_and(|p| p >= cutoff)
                }
                (true, Backfill::Within(_), None) => false,
            };
            IngestEntry {
                keys: dedup::entry_keys(feed_id, &entry),
                features: Features::extract(&entry.title, &entry.summary, &entry.content),
                entry,
                matches,
                alerts,
                alertable,
            }
        })
        .collect()
}

/// Where a topic's alerts go, each with the digest it waits for: the
/// topic's own digest, else the sink's (`None`: immediately).
pub fn recipients(topic: &TopicConfig, config: &Config) -> Vec<Recipient> {
    topic
        .notify
        .iter()
        .map(|sink| {
            let schedule = topic
                .digest
                .or_else(|| config.sink(sink).map(|s| s.digest))
                .unwrap_or(DigestSchedule::Immediate);
            Recipient {
                sink: sink.clone(),
                digest: schedule.key(),
            }
        })
        .collect()
}
