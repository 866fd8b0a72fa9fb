//! `feedwatch show ITEM`: everything stored about one item: its fields, the
//! keys it is recognised by, its story and the other outlets in it, the
//! topics it matched (with snippets), and its alerts with their deliveries.

use std::process::ExitCode;

use serde_json::json;

use super::query::{find_item, lookup_item};
use super::tool::Tool;
use super::{format_time, rfc3339};
use crate::model::StoryId;
use crate::store::{DeliveryRow, ItemDetails, Store, StorySummary};
use crate::topics::TopicHit;

pub(super) fn show(tool: &Tool, item: &str, json: bool) -> anyhow::Result<ExitCode> {
    let store = tool.read_only()?;
    let found = find_item(&store, item)?;
    let Some(details) = store.backend().item_details(found.id)? else {
        anyhow::bail!("item #{} vanished while being read", found.id);
    };
    if json {
        out!("{}", serde_json::to_string_pretty(&as_json(&details))?);
    } else {
        print_text(&details)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_text(d: &ItemDetails) -> anyhow::Result<()> {
    let e = &d.item.entry;
    let none = || "-".to_string();
    out!("#{} [{}] {}", d.item.id, d.item.feed, e.title);
    out!("  link:           {}", e.link.clone().unwrap_or_else(none));
    out!(
        "  canonical link: {}{}",
        d.canonical_link.clone().unwrap_or_else(none),
        if d.link_shared {
            " (it identifies no item: a site's front page, or a page other items link to)"
        } else {
            ""
        }
    );
    out!("  guid:           {}", e.guid.clone().unwrap_or_else(none));
    out!(
        "  author:         {}",
        e.author.clone().unwrap_or_else(none)
    );
    out!(
        "  categories:     {}",
        if e.categories.is_empty() {
            none()
        } else {
            e.categories.join(", ")
        }
    );
    out!(
        "  published:      {}",
        format_time(e.published.map(|p| p.timestamp_millis()))
    );
    out!("  first seen:     {}", format_time(Some(d.item.first_seen)));
    out!("  keys:           {}", d.keys.join(" "));
    if d.edits > 0 {
        out!(
            "  edited:         {} time{} by its publisher, last {}",
            d.edits,
            super::plural(usize::try_from(d.edits).unwrap_or(0)),
            format_time(d.edited_at)
        );
    }
    out!("  summary:");
    out!("{}", indent(&e.summary));
    if !e.content.is_empty() {
        out!("  content:");
        out!("{}", indent(&e.content));
    }
    let outlets = d
        .story
        .members
        .iter()
        .map(|m| m.feed.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    out!(
        "story {} ({} item{} from {} outlet{}): {}",
        d.story.id,
        d.story.members.len(),
        super::plural(d.story.members.len()),
        outlets,
        super::plural(outlets),
        d.story.title
    );
    if let Some(decision) = &d.story_decision {
        out!("  how: {decision}");
    }
    for m in &d.story.members {
        let this = if m.item == d.item.id { "*" } else { " " };
        out!(
            "  {this} #{} {} [{}] {}{}",
            m.item,
            format_time(m.published.or(Some(m.first_seen))),
            m.feed,
            m.title,
            m.link
                .as_deref()
                .map(|l| format!(" <{l}>"))
                .unwrap_or_default()
        );
    }
    if d.matches.is_empty() {
        out!("matches: none");
    }
    for m in &d.matches {
        match serde_json::from_str::<TopicHit>(&m.details) {
            Ok(hit) => {
                let terms: Vec<String> = hit
                    .matched
                    .iter()
                    .map(|t| format!("{} ({})", t.term, t.field))
                    .collect();
                out!(
                    "match {} (score {:.1}): {}",
                    m.topic,
                    hit.score,
                    terms.join(", ")
                );
                out!("    {}", hit.snippet);
            }
            Err(_) => out!("match {}", m.topic),
        }
    }
    if d.alerts.is_empty() {
        out!("alerts: none");
    }
    for alert in &d.alerts {
        // Alerts are per story: say so when another report raised it.
        let by = match alert.item {
            Some(by) if by != d.item.id => format!(" by #{by}, another report of its story"),
            _ => String::new(),
        };
        out!(
            "alert {} {} raised {}{by}",
            alert.id,
            alert.topic,
            format_time(Some(alert.created_at))
        );
        for delivery in &alert.deliveries {
            out!("    {}", delivery_line(delivery));
        }
    }
    Ok(())
}

fn delivery_line(row: &DeliveryRow) -> String {
    let when = match row.delivered_at {
        Some(at) => format!(" at {}", format_time(Some(at))),
        None => String::new(),
    };
    let mut line = format!(
        "{:<12} {}{when}, {} attempt{}",
        row.sink,
        row.status,
        row.attempts,
        super::plural(usize::try_from(row.attempts).unwrap_or(0))
    );
    if let Some(message) = &row.message_id {
        line.push_str(&format!(", in message {message}"));
    }
    if let Some(error) = &row.last_error {
        line.push_str(&format!("; last error: {error}"));
    }
    line
}

fn as_json(d: &ItemDetails) -> serde_json::Value {
    let e = &d.item.entry;
    let matches: Vec<serde_json::Value> = d
        .matches
        .iter()
        .map(|m| {
            let hit = serde_json::from_str::<serde_json::Value>(&m.details)
                .unwrap_or(serde_json::Value::Null);
            json!({ "topic": m.topic, "hit": hit })
        })
        .collect();
    let members: Vec<serde_json::Value> = d
        .story
        .members
        .iter()
        .map(|m| {
            json!({
                "item": m.item,
                "feed": m.feed,
                "title": m.title,
                "link": m.link,
                "published": rfc3339(m.published),
                "first_seen": rfc3339(Some(m.first_seen)),
            })
        })
        .collect();
    let alerts: Vec<serde_json::Value> = d
        .alerts
        .iter()
        .map(|a| {
            let deliveries: Vec<serde_json::Value> = a
                .deliveries
                .iter()
                .map(|r| {
                    json!({
                        "sink": r.sink,
                        "status": r.status,
                        "attempts": r.attempts,
                        "next_attempt_at": rfc3339(Some(r.next_attempt_at)),
                        "delivered_at": rfc3339(r.delivered_at),
                        "last_error": r.last_error,
                        "message_id": r.message_id,
                    })
                })
                .collect();
            json!({
                "id": a.id,
                "topic": a.topic,
                "item": a.item,
                "created_at": rfc3339(Some(a.created_at)),
                "deliveries": deliveries,
            })
        })
        .collect();
    json!({
        "id": d.item.id,
        "feed": d.item.feed,
        "title": e.title,
        "link": e.link,
        "canonical_link": d.canonical_link,
        "link_shared": d.link_shared,
        "guid": e.guid,
        "author": e.author,
        "categories": e.categories,
        "published": rfc3339(e.published.map(|p| p.timestamp_millis())),
        "first_seen": rfc3339(Some(d.item.first_seen)),
        "summary": (!e.summary.is_empty()).then_some(&e.summary),
        "content": (!e.content.is_empty()).then_some(&e.content),
        "keys": d.keys,
        "edits": d.edits,
        "edited_at": rfc3339(d.edited_at),
        "story": {
            "id": d.story.id,
            "title": d.story.title,
            "created_at": rfc3339(Some(d.story.created_at)),
            "decision": d.story_decision,
            "topics": d.story.topics,
            "members": members,
        },
        "matches": matches,
        "alerts": alerts,
    })
}

fn indent(text: &str) -> String {
    if text.trim().is_empty() {
        return "    -".to_string();
    }
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `feedwatch stories`: stories with a report first seen within `since`,
/// newest first, each with every outlet's report.
pub(super) fn stories(
    tool: &Tool,
    since: &str,
    topic: Option<&str>,
    min_reports: usize,
    limit: usize,
    json: bool,
) -> anyhow::Result<ExitCode> {
    if let Some(topic) = topic {
        tool.topic(topic)?;
    }
    let window =
        crate::units::parse_duration(since).map_err(|e| anyhow::anyhow!("--since: {e}"))?;
    // Not before 1970: a period longer than that means every story.
    let from = chrono::Utc::now()
        .timestamp_millis()
        .saturating_sub(i64::try_from(window.as_millis()).unwrap_or(i64::MAX))
        .max(0);
    let store = tool.read_only()?;
    let stories = store.backend().stories(from, topic, min_reports, limit)?;
    if json {
        let list: Vec<serde_json::Value> = stories.iter().map(story_json).collect();
        out!("{}", serde_json::to_string_pretty(&list)?);
        return Ok(ExitCode::SUCCESS);
    }
    for story in &stories {
        print_story(story, false)?;
    }
    let of = if min_reports > 1 {
        format!(" of {min_reports} reports or more")
    } else {
        String::new()
    };
    let cut = if stories.len() == limit {
        format!(" (the newest {limit}; --limit shows more)")
    } else {
        String::new()
    };
    out!(
        "{} stor{}{of} since {}{cut}",
        stories.len(),
        if stories.len() == 1 { "y" } else { "ies" },
        format_time(Some(from))
    );
    Ok(ExitCode::SUCCESS)
}

/// `feedwatch stories STORY`: one story (by its id, or the story of an item
/// or alert) with every report and its link.
pub(super) fn story(tool: &Tool, reference: &str, json: bool) -> anyhow::Result<ExitCode> {
    let store = tool.read_only()?;
    let story = find_story(&store, reference)?;
    if json {
        out!("{}", serde_json::to_string_pretty(&story_json(&story))?);
    } else {
        print_story(&story, true)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The story a story id names, else the story of the item or alert the
/// reference names (`#12` is always an item).
fn find_story(store: &Store, reference: &str) -> anyhow::Result<StorySummary> {
    let db = store.backend();
    if let Ok(id) = reference.parse::<i64>()
        && let Some(story) = db.story(StoryId(id))?
    {
        return Ok(story);
    }
    let Some(item) = lookup_item(store, reference)? else {
        anyhow::bail!(
            "no story, item or alert `{reference}`: give a story id as `feedwatch stories` prints it \
             (alerts carry it as `story.id`), or an item's id (#12), link or GUID, or an alert id, \
             for the story it is in"
        );
    };
    match db.item_details(item.id)? {
        Some(details) => Ok(details.story),
        None => anyhow::bail!("item #{} vanished while being read", item.id),
    }
}

/// A story's heading and one line per report (with its link when `links`).
fn print_story(story: &StorySummary, links: bool) -> anyhow::Result<()> {
    let topics = if story.topics.is_empty() {
        String::new()
    } else {
        format!(" [alerted: {}]", story.topics.join(", "))
    };
    out!(
        "story {} ({} report{}){topics}: {}",
        story.id,
        story.members.len(),
        super::plural(story.members.len()),
        story.title
    );
    for m in &story.members {
        let link = match (&m.link, links) {
            (Some(link), true) => format!(" <{link}>"),
            _ => String::new(),
        };
        out!(
            "    #{} {} [{}] {}{link}",
            m.item,
            format_time(m.published.or(Some(m.first_seen))),
            m.feed,
            m.title
        );
    }
    Ok(())
}

fn story_json(story: &StorySummary) -> serde_json::Value {
    let members: Vec<serde_json::Value> = story
        .members
        .iter()
        .map(|m| {
            json!({
                "item": m.item,
                "feed": m.feed,
                "title": m.title,
                "link": m.link,
                "published": rfc3339(m.published),
                "first_seen": rfc3339(Some(m.first_seen)),
            })
        })
        .collect();
    json!({
        "id": story.id,
        "title": story.title,
        "created_at": rfc3339(Some(story.created_at)),
        "topics": story.topics,
        "members": members,
    })
}
