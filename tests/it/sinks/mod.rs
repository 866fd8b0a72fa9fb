//! Sinks against real receivers on 127.0.0.1: Standard Webhooks signatures
//! checked by the reference verifier crate, every preset's body checked
//! against what its service documents, user templates, email through a real
//! SMTP server (parsed back with an independent MIME parser), and secrets
//! kept out of `check` output, `Debug` and delivery errors.

mod email;
mod presets;
mod secrets;
mod signing;
mod templates;

use std::collections::HashMap;
use std::path::Path;

use axum::http::{HeaderMap, HeaderName, HeaderValue};
use chrono::{DateTime, Utc};
use feedwatch::alert::{Outgoing, OutgoingKind, Sink};
use feedwatch::config::Config;

/// Two Standard Webhooks keys (24 and 32 bytes).
pub(super) const KEY_NEW: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
pub(super) const KEY_OLD: &str = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oDc2VjcmV0S2V5MQ==";
pub(super) const KEY_OTHER: &str = "whsec_dW5yZWxhdGVkLWtleS11bnJlbGF0ZWQta2V5LTEyMzQ=";

pub(super) const TITLE: &str =
    "Käse-Übernahme: <b>Ärger</b> über \"Preise\" — 日本語 ✓ [x](https://evil.example) @everyone";

pub(super) fn payload(id: &str, topic: &str, title: &str) -> String {
    serde_json::json!({
        "version": 1,
        "id": id,
        "topic": topic,
        "item": {
            "title": title,
            "link": format!("https://news.example.org/{id}?a=1&b=(2)"),
            "summary": "A summary with <tags> & ampersands.",
            "published": "2026-03-11T14:20:00Z",
            "feed": "wire",
            "guid": id,
        },
        "matched": [{ "term": "NATO", "field": "title" }],
        "snippet": "Allies sign a **NATO** deal for *AI* <script>x</script>",
        "detected_at": "2026-11-27T10:00:00.123Z",
    })
    .to_string()
}

pub(super) fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("valid test time")
        .with_timezone(&Utc)
}

pub(super) fn messages() -> Vec<Outgoing> {
    let long_title = "Very long headline ".repeat(40);
    let digest: Vec<String> = (0..30)
        .map(|i| {
            payload(
                &format!("d{i}"),
                if i % 3 == 0 { "zeta" } else { "alpha" },
                &format!("{TITLE} #{i}"),
            )
        })
        .collect();
    vec![
        Outgoing {
            delivery_id: "a1-ops".into(),
            kind: OutgoingKind::Alert,
            alerts: vec![payload("a1", "defense", TITLE)],
        },
        Outgoing {
            delivery_id: "a2-ops".into(),
            kind: OutgoingKind::Alert,
            alerts: vec![payload("a2", "defense", &long_title)],
        },
        Outgoing {
            delivery_id: "dg1-ops".into(),
            kind: OutgoingKind::Digest {
                since: at("2026-11-26T08:00:00Z"),
                until: at("2026-11-27T08:00:00Z"),
            },
            alerts: digest,
        },
        Outgoing {
            delivery_id: "s1-ops".into(),
            kind: OutgoingKind::Summary {
                topic: "defense".into(),
                folded: 42,
            },
            alerts: (0..5)
                .map(|i| payload(&format!("s{i}"), "defense", TITLE))
                .collect(),
        },
        Outgoing {
            delivery_id: "t1-ops".into(),
            kind: OutgoingKind::Test,
            alerts: vec![payload("t1", "defense", TITLE)],
        },
    ]
}

/// A config with one `[[sink]]` named "s" built from `body`, in `dir`.
pub(super) fn sink_config(dir: &Path, body: &str) -> Result<Config, String> {
    let text = format!("[storage]\npath = \"fw.db\"\n\n[[sink]]\nname = \"s\"\n{body}\n");
    Config::parse(&text, &dir.join("feedwatch.toml")).map_err(|e| e.to_string())
}

pub(super) fn build_sink(dir: &Path, body: &str) -> Sink {
    let config = sink_config(dir, body).unwrap_or_else(|e| panic!("config must load:\n{e}"));
    Sink::build(&config.sinks[0], "feedwatch-test").expect("sink builds")
}

pub(super) fn header_map(headers: &HashMap<String, String>) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (k, v) in headers {
        if let (Ok(k), Ok(v)) = (
            HeaderName::from_bytes(k.as_bytes()),
            HeaderValue::from_str(v),
        ) {
            map.insert(k, v);
        }
    }
    map
}
