//! `feedwatch feeds` (what an operator reads first when something is
//! wrong), `feedwatch discover` and `feedwatch opml export`.

use std::path::Path;
use std::process::ExitCode;

use crate::config::opml::export_opml;
use crate::fetch::{FetchOutcome, Fetcher, Validators};

use super::format_time;

pub(super) fn feeds(path: &Path, db: Option<&Path>, json: bool) -> anyhow::Result<ExitCode> {
    let config = super::load_config(path, db)?;
    let store = config.open_store()?;
    let health = store.backend().feed_health()?;
    // On stderr, so `--json` output stays a list of feeds.
    for line in super::replicas::differing_configs(store.backend(), &config)? {
        eprintln!("warning: {line}");
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&health)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:<24} {:<14} {:>5} {:>7} {:<19} {:<19} {:<19} problem",
        "feed", "status", "fails", "items", "last poll", "next poll", "last new item"
    );
    for feed in health {
        let problem = match (&feed.disabled, &feed.incident) {
            (Some(reason), _) => format!("DISABLED: {reason}"),
            (None, Some(incident)) => format!(
                "{} since {}: {}",
                incident.key().to_uppercase(),
                format_time(feed.incident_since),
                feed.last_error.as_deref().unwrap_or("")
            ),
            (None, None) => feed.last_error.clone().unwrap_or_default(),
        };
        let moved = feed
            .moved_to
            .as_deref()
            .map(|m| format!(" (moved to {m})"))
            .unwrap_or_default();
        println!(
            "{:<24} {:<14} {:>5} {:>7} {:<19} {:<19} {:<19} {problem}{moved}",
            feed.name,
            feed.last_status.as_deref().unwrap_or("-"),
            feed.consecutive_failures,
            feed.items,
            format_time(feed.last_polled_at),
            format_time(feed.next_poll_at),
            format_time(feed.last_new_item_at),
        );
    }
    Ok(ExitCode::SUCCESS)
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
            println!(
                "{} is itself a feed: {} ({} items)",
                page.final_url,
                parsed.title.as_deref().unwrap_or("untitled"),
                parsed.entries.len()
            );
        }
        Err(_) => {
            let links = crate::feed::discover_feed_links(&page.body, page.final_url.as_str());
            if links.is_empty() {
                println!("{}: no feed links found on this page", page.final_url);
                return Ok(ExitCode::FAILURE);
            }
            for link in links {
                println!(
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

pub(super) fn opml_export(path: &Path) -> anyhow::Result<ExitCode> {
    let config = super::load_config(path, None)?;
    let feeds: Vec<(String, String, Vec<String>)> = config
        .feeds
        .iter()
        .map(|f| (f.name.clone(), f.url.to_string(), f.tags.clone()))
        .collect();
    print!("{}", export_opml("feedwatch subscriptions", &feeds));
    Ok(ExitCode::SUCCESS)
}
