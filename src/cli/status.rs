//! `feedwatch feeds`: what an operator reads first when something is wrong.

use std::path::Path;
use std::process::ExitCode;

use crate::store::{self, Millis, Store};

pub fn feeds(path: &Path, db: Option<&Path>, json: bool) -> anyhow::Result<ExitCode> {
    let config = super::load_config(path, db)?;
    let store = Store::open(&config.storage_path)?;
    let health = store.call_sync(|c| store::feeds::feed_health(c))?;
    if json {
        println!("{}", serde_json::to_string_pretty(&health)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:<24} {:<8} {:>5} {:>7} {:<20} {:<20} last error",
        "feed", "status", "fails", "items", "last poll", "next poll"
    );
    for feed in health {
        println!(
            "{:<24} {:<8} {:>5} {:>7} {:<20} {:<20} {}",
            feed.name,
            feed.last_status.as_deref().unwrap_or("-"),
            feed.consecutive_failures,
            feed.items,
            time(feed.last_polled_at),
            time(feed.next_poll_at),
            feed.last_error.as_deref().unwrap_or("")
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn time(millis: Option<Millis>) -> String {
    millis
        .and_then(chrono::DateTime::from_timestamp_millis)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_else(|| "-".to_string())
}
