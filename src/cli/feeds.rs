//! `feedwatch feeds` (what an operator reads first when something is
//! wrong), `feedwatch discover` and `feedwatch opml export`.

use std::path::Path;
use std::process::ExitCode;

use crate::config::opml::export_opml;
use crate::fetch::{FetchOutcome, Fetcher, Validators};
use crate::model::Millis;
use crate::store::FeedHealth;

use super::tool::Tool;
use super::{format_time, rfc3339};

/// One line of `feedwatch feeds`: a configured feed (polled or not yet),
/// or a feed the database knows that the config no longer has.
#[derive(Debug, serde::Serialize)]
struct FeedLine {
    name: String,
    url: String,
    /// "configured" or "removed" (in the database, not in the config).
    config: &'static str,
    /// The last poll's status, "new" when never polled.
    last_status: String,
    consecutive_failures: i64,
    items: i64,
    last_polled_at: Option<String>,
    last_success_at: Option<String>,
    /// `None` (shown "now") for a feed never polled yet.
    next_poll_at: Option<String>,
    last_new_item_at: Option<String>,
    last_error: Option<String>,
    repairs: Option<String>,
    moved_to: Option<String>,
    disabled: Option<String>,
    incident: Option<String>,
    incident_since: Option<String>,
    #[serde(skip)]
    times: [Option<Millis>; 4],
}

pub(super) fn feeds(tool: &Tool, json: bool) -> anyhow::Result<ExitCode> {
    let store = tool.read_only()?;
    let health = store.backend().feed_health()?;
    let mut lines: Vec<FeedLine> = tool
        .config
        .feeds
        .iter()
        .map(|feed| match health.iter().find(|h| h.name == feed.name) {
            Some(h) => line(h, "configured"),
            None => FeedLine {
                name: feed.name.clone(),
                url: feed.url.to_string(),
                config: "configured",
                last_status: "new".to_string(),
                consecutive_failures: 0,
                items: 0,
                last_polled_at: None,
                last_success_at: None,
                next_poll_at: None,
                last_new_item_at: None,
                last_error: None,
                repairs: None,
                moved_to: None,
                disabled: None,
                incident: None,
                incident_since: None,
                times: [None; 4],
            },
        })
        .collect();
    lines.extend(
        health
            .iter()
            .filter(|h| tool.config.feed(&h.name).is_none())
            .map(|h| line(h, "removed")),
    );
    // On stderr, so `--json` output stays a list of feeds.
    for line in super::replicas::differing_configs(store.backend(), &tool.config)? {
        eprintln!("warning: {line}");
    }
    if json {
        out!("{}", serde_json::to_string_pretty(&lines)?);
        return Ok(ExitCode::SUCCESS);
    }
    let width = lines.iter().map(|l| l.name.len()).max().unwrap_or(4).max(4);
    out!(
        "{:<width$} {:<14} {:>5} {:>7} {:<25} {:<25} {:<25} problem",
        "feed",
        "status",
        "fails",
        "items",
        "last poll",
        "next poll",
        "last new item"
    );
    for line in &lines {
        let mut problem = match (&line.disabled, &line.incident) {
            (Some(reason), _) => format!("DISABLED: {reason}"),
            (None, Some(incident)) => format!(
                "{} since {}: {}",
                incident.to_uppercase(),
                format_time(line.times[3]),
                line.last_error.as_deref().unwrap_or("")
            ),
            (None, None) => line.last_error.clone().unwrap_or_default(),
        };
        if let Some(repairs) = &line.repairs {
            problem.push_str(&format!(" (repaired: {repairs})"));
        }
        if let Some(moved) = &line.moved_to {
            problem.push_str(&format!(" (moved to {moved})"));
        }
        if line.config == "removed" {
            problem.insert_str(0, "NOT IN CONFIG ");
        }
        let next = if line.last_status == "new" {
            "now".to_string()
        } else {
            format_time(line.times[1])
        };
        out!(
            "{:<width$} {:<14} {:>5} {:>7} {:<25} {:<25} {:<25} {}",
            line.name,
            line.last_status,
            line.consecutive_failures,
            line.items,
            format_time(line.times[0]),
            next,
            format_time(line.times[2]),
            problem.trim()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn line(h: &FeedHealth, config: &'static str) -> FeedLine {
    FeedLine {
        name: h.name.clone(),
        url: h.url.clone(),
        config,
        last_status: h.last_status.clone().unwrap_or_else(|| "new".to_string()),
        consecutive_failures: h.consecutive_failures,
        items: h.items,
        last_polled_at: rfc3339(h.last_polled_at),
        last_success_at: rfc3339(h.last_success_at),
        next_poll_at: rfc3339(h.next_poll_at),
        last_new_item_at: rfc3339(h.last_new_item_at),
        last_error: h.last_error.clone(),
        repairs: h.repairs.clone(),
        moved_to: h.moved_to.clone(),
        disabled: h.disabled.clone(),
        incident: h.incident.map(|i| i.key().to_string()),
        incident_since: rfc3339(h.incident_since),
        times: [
            h.last_polled_at,
            h.next_poll_at,
            h.last_new_item_at,
            h.incident_since,
        ],
    }
}

/// Fetches a page and lists the feeds it links to (or says it is a feed).
pub(super) fn discover(url: &str) -> anyhow::Result<ExitCode> {
    let url = crate::config::feed_url(url, Path::new("."))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let fetched = runtime.block_on(async {
        let fetcher = Fetcher::new(&crate::fetch::FetchConfig::default())?;
        Ok::<_, anyhow::Error>(fetcher.fetch(&url, &Validators::default()).await?)
    })?;
    let FetchOutcome::Fetched(page) = fetched else {
        anyhow::bail!("{url}: the server answered 304 Not Modified to an unconditional request");
    };
    match crate::feed::parse_feed(
        &page.body,
        page.content_type.as_deref(),
        page.final_url.as_str(),
    ) {
        Ok(parsed) => {
            out!(
                "{} is itself a feed: {} ({} items)",
                page.final_url,
                parsed.title.as_deref().unwrap_or("untitled"),
                parsed.entries.len()
            );
        }
        Err(_) => {
            let links = crate::feed::discover_feed_links(&page.body, page.final_url.as_str());
            if links.is_empty() {
                out!("{}: no feed links found on this page", page.final_url);
                return Ok(ExitCode::FAILURE);
            }
            for link in links {
                out!(
                    "{}\t{}\t{}",
                    link.url,
                    link.kind,
                    link.title.as_deref().unwrap_or("")
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn opml_export(tool: &Tool) -> anyhow::Result<ExitCode> {
    let config = &tool.config;
    let feeds: Vec<(String, String, Vec<String>)> = config
        .feeds
        .iter()
        .map(|f| (f.name.clone(), f.url.to_string(), f.tags.clone()))
        .collect();
    out_raw!("{}", export_opml("feedwatch subscriptions", &feeds));
    Ok(ExitCode::SUCCESS)
}
