//! `feedwatch try` and `feedwatch explain`: tune a topic on real, stored
//! items before it alerts.

use std::process::ExitCode;

use crate::config::Config;
use crate::model::ItemId;
use crate::store::StoredItem;
use crate::topics::{self, Document, TopicOptions, TopicSet};
use crate::units::parse_duration;

pub(super) struct TryOptions {
    pub query: Option<String>,
    pub topic: Option<String>,
    pub since: Option<String>,
    pub feed: Option<String>,
    pub limit: usize,
}

/// Items scanned at most by `try` (newest first).
const SCAN_LIMIT: usize = 100_000;

pub(super) fn try_query(config: &Config, options: TryOptions) -> anyhow::Result<ExitCode> {
    let (name, set) = match (&options.query, &options.topic) {
        (Some(query), None) => {
            let parsed = topics::parse(query, &config.aliases).map_err(|err| {
                anyhow::anyhow!(
                    "invalid query at column {}:\n{}",
                    err.column,
                    err.render(query)
                )
            })?;
            let name = "query".to_string();
            (
                name.clone(),
                TopicSet::new(vec![(name, parsed, TopicOptions::default())]),
            )
        }
        (None, Some(topic)) => {
            let topic = config
                .topic(topic)
                .ok_or_else(|| anyhow::anyhow!("no topic named `{topic}` in the config"))?;
            let set = TopicSet::new(vec![(
                topic.name.clone(),
                topic.query.clone(),
                topic.options.clone(),
            )]);
            (topic.name.clone(), set)
        }
        _ => anyhow::bail!("give either a QUERY or --topic NAME"),
    };
    let since = match &options.since {
        Some(text) => {
            let window = parse_duration(text).map_err(|e| anyhow::anyhow!("--since: {e}"))?;
            Some(chrono::Utc::now().timestamp_millis() - window.as_millis() as i64)
        }
        None => None,
    };
    let store = config.open_store()?;
    let items = store
        .backend()
        .recent_items(since, options.feed.as_deref(), SCAN_LIMIT)?;
    let mut hits = 0;
    for item in &items {
        let tags = feed_tags(config, &item.feed);
        let Some(hit) = set
            .match_document(&document(item, &tags))
            .into_iter()
            .find(|h| h.topic == name)
        else {
            continue;
        };
        hits += 1;
        let when = item
            .entry
            .published
            .map(|p| p.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        println!("#{} {} [{}] {}", item.id, when, item.feed, item.entry.title);
        if let Some(link) = &item.entry.link {
            println!("    {link}");
        }
        println!("    {}", hit.snippet);
        let terms: Vec<String> = hit
            .matched
            .iter()
            .map(|m| format!("{} ({})", m.term, m.field))
            .collect();
        println!("    matched: {}", terms.join(", "));
        if hits >= options.limit {
            break;
        }
    }
    println!("{hits} hit(s) in {} stored item(s) scanned", items.len());
    Ok(ExitCode::SUCCESS)
}

pub(super) fn explain(config: &Config, topic: &str, item: &str) -> anyhow::Result<ExitCode> {
    let topic = config
        .topic(topic)
        .ok_or_else(|| anyhow::anyhow!("no topic named `{topic}` in the config"))?;
    let store = config.open_store()?;
    let db = store.backend();
    let found = match item.trim_start_matches('#').parse::<i64>() {
        Ok(id) => db.item(ItemId(id))?,
        Err(_) => db
            .recent_items(None, None, SCAN_LIMIT)?
            .into_iter()
            .find(|i| {
                i.entry.link.as_deref() == Some(item) || i.entry.guid.as_deref() == Some(item)
            }),
    };
    let Some(found) = found else {
        anyhow::bail!("no stored item with id, link or GUID `{item}`");
    };
    let set = TopicSet::new(vec![(
        topic.name.clone(),
        topic.query.clone(),
        topic.options.clone(),
    )]);
    let tags = feed_tags(config, &found.feed);
    let explanation = set
        .explain(&topic.name, &document(&found, &tags))
        .ok_or_else(|| anyhow::anyhow!("topic `{}` could not be explained", topic.name))?;
    println!("#{} [{}] {}", found.id, found.feed, found.entry.title);
    println!("topic {}: {}", topic.name, topic.query);
    if !config.topic_watches_feed(topic, &found.feed) {
        println!(
            "note: this topic does not watch feed `{}`, so it would not alert on it",
            found.feed
        );
    }
    println!("{explanation}");
    Ok(ExitCode::SUCCESS)
}

fn feed_tags(config: &Config, feed: &str) -> Vec<String> {
    config
        .feed(feed)
        .map(|f| f.tags.clone())
        .unwrap_or_default()
}

fn document<'a>(item: &'a StoredItem, tags: &'a [String]) -> Document<'a> {
    Document::from_entry(&item.entry, &item.feed, tags)
}
