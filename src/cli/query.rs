//! `feedwatch try` and `feedwatch explain`: tune a topic on real, stored
//! items before it alerts.

use std::process::ExitCode;

use crate::config::Config;
use crate::model::ItemId;
use crate::store::Store;
use crate::tryout::{Trial, TrialHit};
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
    let trial = match (&options.query, &options.topic) {
        (Some(query), None) => Trial::query(config, query)?,
        (None, Some(topic)) => Trial::topic(config, topic)?,
        _ => anyhow::bail!("give either a QUERY or --topic NAME"),
    };
    let since = match &options.since {
        Some(text) => {
            let window = parse_duration(text).map_err(|e| anyhow::anyhow!("--since: {e}"))?;
            Some(chrono::Utc::now().timestamp_millis() - window.as_millis() as i64)
        }
        None => None,
    };
    let store = Store::open(&config.storage_path)?;
    let items = store
        .backend()
        .recent_items(since, options.feed.as_deref(), SCAN_LIMIT)?;
    let hits = trial.run(config, &items, options.limit);
    for TrialHit { item, hit } in &hits {
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
    }
    println!(
        "{} hit(s) in {} stored item(s) scanned",
        hits.len(),
        items.len()
    );
    Ok(ExitCode::SUCCESS)
}

pub(super) fn explain(config: &Config, topic: &str, item: &str) -> anyhow::Result<ExitCode> {
    let topic = config
        .topic(topic)
        .ok_or_else(|| anyhow::anyhow!("no topic named `{topic}` in the config"))?;
    let store = Store::open(&config.storage_path)?;
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
    let explanation = Trial::topic(config, &topic.name)?
        .explain(config, &found)
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
