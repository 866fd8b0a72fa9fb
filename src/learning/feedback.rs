//! Giving a verdict: the one path the CLI, the web UI and signed links
//! share. It finds what was judged (an alert, or a stored item and topic),
//! computes the item's features for the topic's model, and stores both.

use crate::config::Config;
use crate::model::{AlertId, Millis};
use crate::store::{Backend, NewVerdict, StoreError, StoredItem, Verdict, find_named_items};

use super::item_features;

/// What a verdict is on.
#[derive(Debug, Clone, PartialEq)]
pub enum Judged {
    /// An alert, by id; `topic` (optional) must then be the alert's.
    Alert(AlertId),
    /// A stored item (id, link or GUID) for a topic; the topic may be left
    /// out when the item matched exactly one.
    Item(String),
}

/// Why a verdict could not be recorded.
#[derive(Debug, thiserror::Error)]
pub enum FeedbackError {
    #[error("no alert with id `{0}` (never made, or forgotten with its story: see [storage] keep)")]
    UnknownAlert(String),
    #[error("alert `{0}` is a feed-health event: there is no topic to learn")]
    HealthEvent(String),
    #[error("no stored item with id, link or GUID `{0}`")]
    UnknownItem(String),
    #[error("`{guid}` names {} items: {}; give an id instead", .ids.len(), .ids.join(", "))]
    AmbiguousItem { guid: String, ids: Vec<String> },
    #[error("no topic named `{topic}` in the config; the topics are: {}", .known.join(", "))]
    UnknownTopic { topic: String, known: Vec<String> },
    #[error("alert `{alert}` is for topic `{actual}`, not `{given}`")]
    WrongTopic {
        alert: String,
        actual: String,
        given: String,
    },
    #[error("item #{item} matched {}; say which topic with --topic", match .matched.len() { 0 => "no topic".to_string(), _ => format!("the topics {}", .matched.join(", ")) })]
    WhichTopic { item: i64, matched: Vec<String> },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A verdict to give.
#[derive(Debug, Clone)]
pub struct Feedback {
    pub judged: Judged,
    pub topic: Option<String>,
    pub relevant: bool,
    pub note: Option<String>,
    /// `cli`, `web` or `link`.
    pub source: &'static str,
}

/// Records a verdict (superseding an earlier one on the same item and
/// topic) and returns it.
pub fn give(
    db: &dyn Backend,
    config: &Config,
    feedback: &Feedback,
    now: Millis,
) -> Result<Verdict, FeedbackError> {
    let (alert, item, topic) = match &feedback.judged {
        Judged::Alert(id) => {
            let origin = db
                .alert_origin(id)?
                .ok_or_else(|| FeedbackError::UnknownAlert(id.to_string()))?;
            let Some(item) = origin.item else {
                return Err(FeedbackError::HealthEvent(id.to_string()));
            };
            if let Some(given) = feedback.topic.as_ref().filter(|t| **t != origin.topic) {
                return Err(FeedbackError::WrongTopic {
                    alert: id.to_string(),
                    actual: origin.topic,
                    given: given.clone(),
                });
            }
            let item = db
                .item(item)?
                .ok_or_else(|| FeedbackError::UnknownItem(item.to_string()))?;
            (Some(id.clone()), item, origin.topic)
        }
        Judged::Item(reference) => {
            let item = find_one(db, reference)?;
            let topic = match &feedback.topic {
                Some(topic) => topic.clone(),
                None => {
                    let matched: Vec<String> = db
                        .item_details(item.id)?
                        .map(|d| d.matches.into_iter().map(|m| m.topic).collect())
                        .unwrap_or_default();
                    match matched.as_slice() {
                        [only] => only.clone(),
                        _ => {
                            return Err(FeedbackError::WhichTopic {
                                item: item.id.0,
                                matched,
                            });
                        }
                    }
                }
            };
            (None, item, topic)
        }
    };
    let Some(topic_config) = config.topic(&topic) else {
        return Err(FeedbackError::UnknownTopic {
            topic,
            known: config.topics.iter().map(|t| t.name.clone()).collect(),
        });
    };
    let features = item_features(config, topic_config, &item);
    let verdict = NewVerdict {
        topic,
        item: item.id,
        alert,
        relevant: feedback.relevant,
        note: feedback
            .note
            .as_ref()
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty()),
        source: feedback.source.to_string(),
        // A sorted list of strings always serializes.
        features: serde_json::to_string(&features).unwrap_or_default(),
    };
    Ok(db.record_verdict(&verdict, now)?)
}

/// The one stored item a person's text names (an error when none, or
/// when a GUID names several).
pub fn find_one(db: &dyn Backend, reference: &str) -> Result<StoredItem, FeedbackError> {
    let mut found = find_named_items(db, reference, 10)?;
    match found.len() {
        0 => Err(FeedbackError::UnknownItem(reference.to_string())),
        1 => Ok(found.remove(0)),
        _ => Err(FeedbackError::AmbiguousItem {
            guid: reference.to_string(),
            ids: found
                .iter()
                .map(|i| format!("#{} ({})", i.id, i.feed))
                .collect(),
        }),
    }
}
