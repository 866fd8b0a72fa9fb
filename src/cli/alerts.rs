//! `feedwatch alerts` (list, retry) and `feedwatch sink test`.

use std::process::ExitCode;

use crate::alert::payload;
use crate::alert::sink::{DeliveryError, Outgoing, OutgoingKind, Sink};
use crate::model::{AlertId, DeliveryStatus, Entry, ItemId};
use crate::store::{DeliveryFilter, DeliveryRow, SuppressedMatch};
use crate::topics::{MatchedTerm, TopicHit};

use super::tool::Tool;
use super::{format_time, rfc3339};

/// Which deliveries `alerts` lists.
pub(super) struct ListFilter {
    pub(super) status: Option<DeliveryStatus>,
    pub(super) sink: Option<String>,
    pub(super) topic: Option<String>,
}

/// A delivery as `alerts --json` prints it: times in RFC 3339.
#[derive(serde::Serialize)]
struct DeliveryLine<'a> {
    #[serde(flatten)]
    row: &'a DeliveryRow,
    next_attempt_at: Option<String>,
    created_at: Option<String>,
    delivered_at: Option<String>,
}

pub(super) fn list(
    tool: &Tool,
    filter: ListFilter,
    json: bool,
    limit: usize,
) -> anyhow::Result<ExitCode> {
    if let Some(sink) = &filter.sink {
        tool.sink(sink)?;
    }
    if let Some(topic) = &filter.topic {
        tool.topic(topic)?;
    }
    let store = tool.read_only()?;
    let filter = DeliveryFilter {
        status: filter.status,
        alert: None,
        sink: filter.sink,
        topic: filter.topic,
    };
    let rows = store.backend().deliveries(&filter, limit)?;
    let counts = store.backend().delivery_counts()?;
    if json {
        let lines: Vec<DeliveryLine> = rows
            .iter()
            .map(|row| DeliveryLine {
                row,
                next_attempt_at: rfc3339(Some(row.next_attempt_at)),
                created_at: rfc3339(Some(row.created_at)),
                delivered_at: rfc3339(row.delivered_at),
            })
            .collect();
        out!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({ "counts": counts, "deliveries": lines })
            )?
        );
        return Ok(ExitCode::SUCCESS);
    }
    out!(
        "{} pending, {} delivered, {} failed",
        counts.pending,
        counts.delivered,
        counts.failed
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
        out!(
            "{}  {:<12} {:<20} {}  [{}]",
            row.alert_id,
            row.sink,
            row.topic,
            row.title,
            state
        );
        if let Some(error) = &row.last_error {
            out!("    last error: {error}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A held-back match as `alerts --suppressed --json` prints it (times in
/// RFC 3339, the model's judgement as an object).
#[derive(serde::Serialize)]
struct SuppressedLine<'a> {
    item: ItemId,
    topic: &'a str,
    feed: &'a str,
    title: &'a str,
    link: Option<&'a str>,
    first_seen: Option<String>,
    model: Option<serde_json::Value>,
}

/// The matches the topics' models held back.
pub(super) fn suppressed(
    tool: &Tool,
    topic: Option<String>,
    json: bool,
    limit: usize,
) -> anyhow::Result<ExitCode> {
    if let Some(topic) = &topic {
        tool.topic(topic)?;
    }
    let store = tool.read_only()?;
    let held = store.backend().suppressed(topic.as_deref(), limit)?;
    let model = |m: &SuppressedMatch| {
        m.model
            .as_deref()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok())
    };
    if json {
        let lines: Vec<SuppressedLine> = held
            .iter()
            .map(|m| SuppressedLine {
                item: m.item,
                topic: &m.topic,
                feed: &m.feed,
                title: &m.title,
                link: m.link.as_deref(),
                first_seen: rfc3339(Some(m.first_seen)),
                model: model(m),
            })
            .collect();
        out!("{}", serde_json::to_string_pretty(&lines)?);
        return Ok(ExitCode::SUCCESS);
    }
    if held.is_empty() {
        out!("no match held back by a model (only topics with learn = \"filter\" hold any back)");
        return Ok(ExitCode::SUCCESS);
    }
    out!(
        "{} match(es) held back; `feedwatch explain --topic T #ID` shows why, `feedwatch feedback #ID relevant` teaches the model otherwise",
        held.len()
    );
    for m in &held {
        let probability = model(m)
            .and_then(|v| v.get("probability").and_then(serde_json::Value::as_f64))
            .map_or_else(|| "-".to_string(), |p| format!("{p:.2}"));
        out!(
            "#{:<6} {}  {:<20} p={probability}  [{}] {}",
            m.item.0,
            format_time(Some(m.first_seen)),
            m.topic,
            m.feed,
            m.title
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn retry(tool: &Tool, id: Option<&str>, all_failed: bool) -> anyhow::Result<ExitCode> {
    if id.is_none() && !all_failed {
        anyhow::bail!("give an alert ID or --failed");
    }
    let store = tool.writable()?;
    let id = id.map(AlertId::new);
    let now = chrono::Utc::now().timestamp_millis();
    let n = store.backend().requeue_failed(id.as_ref(), now)?;
    out!(
        "{n} deliver{} requeued; the running daemon sends them on its next outbox pass",
        if n == 1 { "y" } else { "ies" }
    );
    Ok(ExitCode::SUCCESS)
}

pub(super) fn sink_test(tool: &Tool, name: &str) -> anyhow::Result<ExitCode> {
    let sink_config = tool.sink(name)?;
    let sink = Sink::build(sink_config, &tool.config.fetch.user_agent)?;
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
        concepts: 1,
        lead_concepts: 1,
    };
    let message = Outgoing {
        delivery_id: id.to_string(),
        kind: OutgoingKind::Test,
        alerts: vec![payload::alert(&id, &hit, &entry, "feedwatch", now).to_json()],
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    match runtime.block_on(sink.send(&message)) {
        Ok(()) => {
            out!("sink {name}: test alert {id} delivered");
            Ok(ExitCode::SUCCESS)
        }
        Err(DeliveryError::Retry { reason, .. }) => {
            out!("sink {name}: not delivered (a real alert would be retried): {reason}");
            Ok(ExitCode::FAILURE)
        }
        Err(DeliveryError::Permanent { reason }) => {
            out!("sink {name}: rejected (a real alert would fail): {reason}");
            Ok(ExitCode::FAILURE)
        }
    }
}
