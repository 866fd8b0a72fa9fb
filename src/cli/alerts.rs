//! `feedwatch alerts` (list, retry) and `feedwatch sink test`.

use std::process::ExitCode;

use crate::alert::payload;
use crate::alert::sink::{DeliveryError, Outgoing, OutgoingKind, Sink};
use crate::config::Config;
use crate::model::{AlertId, DeliveryStatus, Entry};
use crate::store::Store;
use crate::topics::{MatchedTerm, TopicHit};

use super::format_time;

pub(super) fn list(
    config: &Config,
    status: Option<DeliveryStatus>,
    json: bool,
    limit: usize,
) -> anyhow::Result<ExitCode> {
    let store = Store::open(&config.storage_path)?;
    let rows = store.backend().deliveries(status, limit)?;
    let counts = store.backend().delivery_counts()?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({ "counts": counts, "deliveries": rows })
            )?
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{} pending, {} delivered, {} failed",
        counts.pending, counts.delivered, counts.failed
    );
    for row in rows {
        let state = match row.status {
            DeliveryStatus::Pending => format!(
                "pending (attempt {} next {})",
                row.attempts + 1,
                format_time(Some(row.next_attempt_at))
            ),
            DeliveryStatus::Delivered => format!("delivered {}", format_time(row.delivered_at)),
            other => other.to_string(),
        };
        println!(
            "{}  {:<12} {:<20} {}  [{}]",
            row.alert_id, row.sink, row.topic, row.title, state
        );
        if let Some(error) = &row.last_error {
            println!("    last error: {error}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn retry(
    config: &Config,
    id: Option<&str>,
    all_failed: bool,
) -> anyhow::Result<ExitCode> {
    if id.is_none() && !all_failed {
        anyhow::bail!("give an alert ID or --failed");
    }
    let store = Store::open(&config.storage_path)?;
    let id = id.map(AlertId::new);
    let now = chrono::Utc::now().timestamp_millis();
    let n = store.backend().requeue_failed(id.as_ref(), now)?;
    println!(
        "{n} deliver{} requeued; the running daemon sends them on its next outbox pass",
        if n == 1 { "y" } else { "ies" }
    );
    Ok(ExitCode::SUCCESS)
}

pub(super) fn sink_test(config: &Config, name: &str) -> anyhow::Result<ExitCode> {
    let sink_config = config
        .sink(name)
        .ok_or_else(|| anyhow::anyhow!("no sink named `{name}` in the config"))?;
    let sink = Sink::build(sink_config, &config.fetch.user_agent)?;
    let now = chrono::Utc::now();
    let id = payload::new_alert_id(now);
    let entry = Entry {
        guid: Some(format!("feedwatch-test-{id}")),
        link: Some("https://github.com/feedwatch/feedwatch".to_string()),
        title: "feedwatch test alert: this sink works".to_string(),
        summary: format!(
            "A test sent by `feedwatch sink test {name}`. No story matched anything; ignore it."
        ),
        published: Some(now),
        ..Entry::default()
    };
    let hit = TopicHit {
        topic: "feedwatch-test".to_string(),
        matched: vec![MatchedTerm {
            term: "test".to_string(),
            field: "title".to_string(),
        }],
        snippet: "feedwatch **test** alert".to_string(),
        score: 1.0,
    };
    let message = Outgoing {
        delivery_id: id.to_string(),
        kind: OutgoingKind::Test,
        alerts: vec![payload::build(&id, &hit, &entry, "feedwatch", now, None)],
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    match runtime.block_on(sink.send(&message)) {
        Ok(()) => {
            println!("sink {name}: test alert {id} delivered");
            Ok(ExitCode::SUCCESS)
        }
        Err(DeliveryError::Retry { reason, .. }) => {
            println!("sink {name}: not delivered (a real alert would be retried): {reason}");
            Ok(ExitCode::FAILURE)
        }
        Err(DeliveryError::Permanent { reason }) => {
            println!("sink {name}: rejected (a real alert would fail): {reason}");
            Ok(ExitCode::FAILURE)
        }
    }
}
