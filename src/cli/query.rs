//! `feedwatch try` and `feedwatch explain`: tune a topic on real, stored
//! items before it alerts.

use std::process::ExitCode;

use crate::config::TopicConfig;
use crate::learning::{self, LearnMode};
use crate::model::StoryId;
use crate::store::{Store, StoredItem};
use crate::tryout::{NearMiss, Trial, TrialHit};

use super::tool::Tool;
use crate::units::parse_duration;

pub(super) struct TryOptions {
    pub query: Option<String>,
    pub topic: Option<String>,
    pub since: Option<String>,
    pub feed: Option<String>,
    pub limit: usize,
    /// Also list the items missed by one required part.
    pub near_misses: bool,
}

/// Items scanned at most by `try` (newest first).
const SCAN_LIMIT: usize = 100_000;

pub(super) fn try_query(tool: &Tool, options: TryOptions) -> anyhow::Result<ExitCode> {
    let config = &tool.config;
    if let Some(feed) = &options.feed {
        tool.feed(feed)?;
    }
    let trial = match (&options.query, &options.topic) {
        (Some(query), None) => Trial::query(config, query)?,
        (None, Some(topic)) => Trial::topic(config, &tool.topic(topic)?.name)?,
        _ => anyhow::bail!("give either a QUERY or --topic NAME"),
    };
    let since = match &options.since {
        Some(text) => {
            let window = parse_duration(text).map_err(|e| anyhow::anyhow!("--since: {e}"))?;
            Some(
                chrono::Utc::now()
                    .timestamp_millis()
                    .saturating_sub(crate::units::millis_i64(window)),
            )
        }
        None => None,
    };
    let store = tool.read_only()?;
    let items = store
        .backend()
        .recent_items(since, options.feed.as_deref(), SCAN_LIMIT)?;
    let hits = trial.run(config, &items, options.limit);
    // A configured topic's model marks what it would hold back.
    let learning = match &options.topic {
        Some(name) => {
            let topic = tool.topic(name)?;
            let (models, _) = learning::load_topics(store.backend(), config, Some(name))?;
            Some((topic, models))
        }
        None => None,
    };
    for TrialHit { item, hit } in &hits {
        heading(item)?;
        out!("    {}", hit.snippet);
        let terms: Vec<String> = hit
            .matched
            .iter()
            .map(|m| format!("{} ({})", m.term, m.field))
            .collect();
        if terms.is_empty() {
            // A query of only NOTs matches by what an item lacks.
            out!("    matched: no term (nothing the query excludes)");
        } else {
            out!("    matched: {}", terms.join(", "));
        }
        if let Some((topic, models)) = &learning
            && let Some(judgement) =
                models.judge_features(topic, &learning::item_features(config, topic, item))
        {
            let mark = if judgement.suppressed {
                "HELD BACK "
            } else {
                ""
            };
            out!("    {mark}{}", judgement.describe());
        }
    }
    if hits.len() >= options.limit {
        // The scan stopped at the limit: the count is not all that match.
        out!(
            "{} hit(s), the newest (--limit {}; more may match) among {} stored item(s)",
            hits.len(),
            options.limit,
            items.len()
        );
    } else {
        out!(
            "{} hit(s) in {} stored item(s) scanned",
            hits.len(),
            items.len()
        );
    }
    if options.near_misses {
        let misses = trial.near_misses(config, &items, options.limit);
        out!();
        out!(
            "{} near miss(es): items that meet every required part but one",
            misses.len()
        );
        for NearMiss { item, missing } in &misses {
            heading(item)?;
            out!("    lacks: {missing}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// An item's first lines in `try`: id, publication time, feed, title, and
/// its link.
fn heading(item: &StoredItem) -> std::io::Result<()> {
    let when = item
        .entry
        .published
        .map(|p| p.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default();
    out!("#{} {when} [{}] {}", item.id, item.feed, item.entry.title);
    if let Some(link) = &item.entry.link {
        out!("    {link}");
    }
    Ok(())
}

/// Why an item matched a topic or not: with `--topic`, that topic; without,
/// the topic of the alert named (an alert id), else every topic in turn.
pub(super) fn explain(tool: &Tool, topic: Option<&str>, item: &str) -> anyhow::Result<ExitCode> {
    let config = &tool.config;
    let named = topic.map(|name| tool.topic(name)).transpose()?;
    let store = tool.read_only()?;
    let found = find_item(&store, item)?;
    let topics: Vec<&TopicConfig> = match named {
        Some(topic) => vec![topic],
        None => match store
            .backend()
            .alert_origin(&crate::model::AlertId::new(item))?
            .and_then(|origin| config.topic(&origin.topic))
        {
            Some(topic) => vec![topic],
            None => config.topics.iter().collect(),
        },
    };
    if topics.is_empty() {
        anyhow::bail!(
            "{} defines no topic: there is nothing to explain `{item}` against",
            config.source.display()
        );
    }
    out!("#{} [{}] {}", found.id, found.feed, found.entry.title);
    if let Some(details) = store.backend().item_details(found.id)? {
        let others = details.story.members.len().saturating_sub(1);
        out!(
            "story {}: {} other report{} ({})",
            details.story.id,
            others,
            if others == 1 { "" } else { "s" },
            details
                .story_decision
                .as_deref()
                .unwrap_or("decided before stories were clustered")
        );
    }
    for topic in topics {
        out!("");
        explain_topic(config, &store, topic, &found)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// [`explain`]'s part for one topic: the query's verdict, the stored match,
/// the model's.
fn explain_topic(
    config: &crate::config::Config,
    store: &Store,
    topic: &TopicConfig,
    found: &StoredItem,
) -> anyhow::Result<()> {
    let explanation = Trial::topic(config, &topic.name)?
        .explain(config, found)
        .ok_or_else(|| anyhow::anyhow!("topic `{}` could not be explained", topic.name))?;
    out!("topic {}: {}", topic.name, topic.query);
    if !config.topic_watches_feed(topic, &found.feed) {
        out!(
            "note: this topic does not watch feed `{}`, so it would not alert on it",
            found.feed
        );
    }
    out!("{explanation}");
    if let Some(details) = store.backend().item_details(found.id)?
        && let Some(stored) = details.matches.iter().find(|m| m.topic == topic.name)
    {
        out!(
            "stored match: {}",
            if stored.suppressed {
                "held back by the model when it was polled (no alert)"
            } else {
                "alerted (or joined a story that had)"
            }
        );
    }
    if topic.learn == LearnMode::Off {
        out!("model: none (learn = \"off\")");
    } else {
        let (models, problems) = learning::load_topics(store.backend(), config, Some(&topic.name))?;
        for problem in problems {
            eprintln!("warning: {problem}");
        }
        let features = learning::item_features(config, topic, found);
        match models.judge_features(topic, &features) {
            // The model is only ever asked about matches.
            Some(_) if !features.is_match() => out!(
                "model: not asked (the query does not match this item, and the model only judges what the query matched)"
            ),
            Some(judgement) => {
                out!("{}", judgement.describe());
                out!("  what decided it (effect on the log-odds of relevant):");
                out!("  {:+.2} prior", judgement.prediction.bias);
                // Effects that print as +0.00 say nothing.
                for (feature, effect) in judgement
                    .prediction
                    .features
                    .iter()
                    .filter(|(_, effect)| effect.abs() >= 0.005)
                {
                    out!("  {effect:+.2} {feature}");
                }
            }
            None => out!(
                "model: no verdicts yet for `{}` (`feedwatch feedback ALERT_ID relevant|irrelevant` teaches it)",
                topic.name
            ),
        }
    }
    Ok(())
}

/// The stored item a person names by id (`12`, `#12`), link (compared the
/// way dedup compares links), GUID, or the id of an alert raised on it (as
/// `alerts` and every message print it); an error when there is none, or
/// when a GUID names several (listing their ids).
pub(super) fn find_item(store: &Store, item: &str) -> anyhow::Result<StoredItem> {
    if let Some(found) = lookup_item(store, item)? {
        return Ok(found);
    }
    if names_a_story(store, item)? {
        anyhow::bail!(
            "`{item}` is a story, not an item: `feedwatch stories {item}` lists its reports"
        );
    }
    anyhow::bail!(
        "no stored item or alert `{item}`: give an item's id (#12), link or GUID, or an alert id as `feedwatch alerts` prints it"
    )
}

/// Whether a reference that names no item is a story's id. Story ids are
/// printed beside items (`stories`, `show`, the `story` object of every
/// alert), so a person may give one where an item is asked for.
pub(super) fn names_a_story(store: &Store, reference: &str) -> anyhow::Result<bool> {
    Ok(match reference.parse::<i64>() {
        Ok(id) => store.backend().story(StoryId(id))?.is_some(),
        Err(_) => false,
    })
}

/// [`find_item`] without its error for a reference nothing stored matches.
pub(super) fn lookup_item(store: &Store, item: &str) -> anyhow::Result<Option<StoredItem>> {
    let db = store.backend();
    if let Some(origin) = db.alert_origin(&crate::model::AlertId::new(item))? {
        let Some(id) = origin.item else {
            anyhow::bail!(
                "alert `{item}` is a feed health event (`{}`), not an item's",
                origin.topic
            );
        };
        return Ok(Some(crate::learning::find_one(db, &format!("#{}", id.0))?));
    }
    match crate::learning::find_one(db, item) {
        Ok(found) => Ok(Some(found)),
        Err(crate::learning::FeedbackError::UnknownItem(_)) => Ok(None),
        Err(other) => Err(other.into()),
    }
}
