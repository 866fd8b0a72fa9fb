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
    let cutoff = backfill_cutoff(feed, now, first_poll);
    let keys = dedup::document_keys(feed_id, &entries, true);
    entries
        .into_iter()
        .zip(keys)
        .map(|(entry, keys)| {
            prepare_entry(config, learner, feed, entry, keys, now, first_poll, cutoff)
        })
        .collect()
}

/// Only the identity keys of every entry (no story key), the rest deferred
/// ([`IngestEntry::deferred`]): the store completes with [`complete_entry`]
/// just the entries that turn out to be new. A poll of a known feed mostly
/// sees items it stored before, whose features, matches and alert drafts
/// would be thrown away.
pub fn key_entries(feed_id: FeedId, entries: Vec<Entry>) -> Vec<IngestEntry> {
    let keys = dedup::document_keys(feed_id, &entries, false);
    entries
        .into_iter()
        .zip(keys)
        .map(|(entry, keys)| IngestEntry {
            keys,
            features: Features::default(),
            entry,
            matches: Vec::new(),
            alerts: Vec::new(),
            alertable: true,
            deferred: true,
        })
        .collect()
}

/// A deferred entry ([`key_entries`]) prepared as [`prepare_entries`] would
/// have prepared it.
pub fn complete_entry(
    config: &Config,
    learner: &Learner,
    feed: &FeedConfig,
    entry: &IngestEntry,
    now: DateTime<Utc>,
    first_poll: bool,
) -> IngestEntry {
    let cutoff = backfill_cutoff(feed, now, first_poll);
    prepare_entry(
        config,
        learner,
        feed,
        entry.entry.clone(),
        dedup::EntryKeys {
            story: dedup::story_key(&entry.entry.title),
            ..entry.keys.clone()
        },
        now,
        first_poll,
        cutoff,
    )
}

/// Entries of a first poll published before this are not alerted.
fn backfill_cutoff(
    feed: &FeedConfig,
    now: DateTime<Utc>,
    first_poll: bool,
) -> Option<DateTime<Utc>> {
    match (first_poll, feed.backfill) {
        (true, Backfill::Within(window)) => chrono::Duration::from_std(window)
            .ok()
            .and_then(|w| now.checked_sub_signed(w)),
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn prepare_entry(
    config: &Config,
    learner: &Learner,
    feed: &FeedConfig,
    entry: Entry,
    keys: dedup::EntryKeys,
    now: DateTime<Utc>,
    first_poll: bool,
    cutoff: Option<DateTime<Utc>>,
) -> IngestEntry {
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
        (true, Backfill::Within(_), Some(cutoff)) => entry.published.is_some_and(|p| p >= cutoff),
        (true, Backfill::Within(_), None) => false,
    };
    // An item published before the story window joins no story (see
    // `StoryEngine::outside_window`): no features to extract.
    let window = chrono::Duration::from_std(config.stories.window).unwrap_or(chrono::Duration::MAX);
    let in_window = entry.published.is_none_or(|p| {
        now.checked_sub_signed(window)
            .is_none_or(|start| p >= start)
    });
    IngestEntry {
        keys,
        features: if in_window {
            Features::extract(&entry.title, &entry.summary, &entry.content)
        } else {
            Features::default()
        },
        entry,
        matches,
        alerts,
        alertable,
        deferred: false,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(guid: &str, title: &str, summary: &str) -> Entry {
        Entry {
            guid: Some(guid.into()),
            link: Some(format!("https://news.example/{guid}")),
            title: title.into(),
            summary: summary.into(),
            content: String::new(),
            author: None,
            categories: vec!["defense".into()],
            published: Some(Utc::now() - chrono::Duration::hours(1)),
        }
    }

    /// A deferred entry, completed, is what the eager path prepares:
    /// same keys, story features, matches, alert drafts and alertability.
    #[test]
    fn a_completed_deferred_entry_equals_the_eagerly_prepared_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = Config::parse(
            "[storage]\npath = \"fw.db\"\n\n\
             [[feed]]\nname = \"wire\"\nurl = \"https://news.example/feed.xml\"\ntags = [\"defense\"]\n\n\
             [[topic]]\nname = \"deals\"\nquery = '(AI OR OpenAI) AND NATO AND (deal OR agreement)'\nnotify = [\"ops\"]\n\n\
             [[topic]]\nname = \"ships\"\nquery = 'frigates'\nfeeds = [\"tag:defense\"]\nnotify = [\"ops\"]\n\n\
             [[sink]]\nname = \"ops\"\ntype = \"stdout\"\n",
            &dir.path().join("feedwatch.toml"),
        )
        .expect("valid config");
        let feed = &config.feeds[0];
        let learner = Learner::default();
        let now = Utc::now();
        let entries = vec![
            entry(
                "n-1",
                "OpenAI eyes deal to bring AI to NATO networks",
                "An agreement with NATO is near, days after the Pentagon deal.",
            ),
            entry("n-2", "Navy orders six frigates", "First hull in 2029."),
            entry("n-3", "Markets close higher", "Stocks rose on Tuesday."),
        ];
        for first_poll in [false, true] {
            let eager = prepare_entries(
                &config,
                &learner,
                feed,
                FeedId(7),
                entries.clone(),
                now,
                first_poll,
            );
            let deferred = key_entries(FeedId(7), entries.clone());
            assert_eq!(eager.len(), deferred.len());
            let mut alerts = 0;
            for (eager, deferred) in eager.iter().zip(&deferred) {
                assert!(deferred.deferred && !eager.deferred);
                assert!(deferred.matches.is_empty() && deferred.alerts.is_empty());
                assert!(deferred.keys.story.is_none());
                let done = complete_entry(&config, &learner, feed, deferred, now, first_poll);
                assert!(!done.deferred);
                assert_eq!(done.entry, eager.entry);
                assert_eq!(done.keys, eager.keys);
                assert_eq!(done.features, eager.features);
                assert_eq!(done.matches, eager.matches);
                assert_eq!(done.alertable, eager.alertable);
                let drafts = |e: &IngestEntry| -> Vec<(String, Vec<Recipient>)> {
                    e.alerts
                        .iter()
                        .map(|a| (a.topic.clone(), a.recipients.clone()))
                        .collect()
                };
                assert_eq!(drafts(&done), drafts(eager));
                alerts += done.alerts.len();
            }
            // The test means something: two entries matched a topic.
            assert_eq!(alerts, 2, "first_poll = {first_poll}");
        }
    }
}
