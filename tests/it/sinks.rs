//! Sinks against real receivers on 127.0.0.1: Standard Webhooks signatures
//! checked by the reference verifier crate, every preset's body checked
//! against what its service documents, user templates, email through a real
//! SMTP server (parsed back with an independent MIME parser), and secrets
//! kept out of `check` output, `Debug` and delivery errors.

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, HeaderName, HeaderValue};
use chrono::{DateTime, Utc};
use feedwatch::alert::sink::{DeliveryError, Outgoing, OutgoingKind, Sink};
use feedwatch::config::Config;
use mail_parser::MimeHeaders as _;
use serde_json::Value;

use crate::smtp::SmtpServer;
use crate::support::*;

/// Two Standard Webhooks keys (24 and 32 bytes).
const KEY_NEW: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const KEY_OLD: &str = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oDc2VjcmV0S2V5MQ==";
const KEY_OTHER: &str = "whsec_dW5yZWxhdGVkLWtleS11bnJlbGF0ZWQta2V5LTEyMzQ=";

const TITLE: &str =
    "Käse-Übernahme: <b>Ärger</b> über \"Preise\" — 日本語 ✓ [x](https://evil.example) @everyone";

fn payload(id: &str, topic: &str, title: &str) -> String {
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

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("valid test time")
        .with_timezone(&Utc)
}

fn messages() -> Vec<Outgoing> {
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
fn sink_config(dir: &Path, body: &str) -> Result<Config, String> {
    let text = format!("[storage]\npath = \"fw.db\"\n\n[[sink]]\nname = \"s\"\n{body}\n");
    Config::parse(&text, &dir.join("feedwatch.toml")).map_err(|e| e.to_string())
}

fn build_sink(dir: &Path, body: &str) -> Sink {
    let config = sink_config(dir, body).unwrap_or_else(|e| panic!("config must load:\n{e}"));
    Sink::build(&config.sinks[0], "feedwatch-test").expect("sink builds")
}

fn header_map(headers: &HashMap<String, String>) -> HeaderMap {
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

// ---- Signatures ---------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signature_verifies_with_the_reference_implementation() {
    let server = TestServer::start().await;
    server.route("/hook", vec![Canned::status(204)]);
    let ws = Workspace::new();
    let sink = build_sink(
        ws.dir.path(),
        &format!(
            "type = \"webhook\"\nurl = \"{}\"\nsecret = \"{KEY_NEW}\"",
            server.url("/hook")
        ),
    );
    let message = &messages()[0];
    sink.send(message).await.expect("delivered");
    let got = server.received("/hook");
    assert_eq!(got.len(), 1);
    let request = &got[0];
    assert_eq!(
        request.headers.get("webhook-id").map(String::as_str),
        Some("a1-ops")
    );
    assert_eq!(
        request.body,
        message.alerts[0].as_bytes(),
        "json format sends the payload verbatim"
    );
    let headers = header_map(&request.headers);
    let verifier = standardwebhooks::Webhook::new(KEY_NEW).expect("key");
    verifier
        .verify(&request.body, &headers)
        .expect("signature verifies");
    // A tampered body, or another key, does not verify.
    let mut tampered = request.body.clone();
    tampered.extend_from_slice(b" ");
    assert!(verifier.verify(&tampered, &headers).is_err());
    let other = standardwebhooks::Webhook::new(KEY_OTHER).expect("key");
    assert!(other.verify(&request.body, &headers).is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotation_sends_one_signature_per_key() {
    let server = TestServer::start().await;
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let sink = build_sink(
        ws.dir.path(),
        &format!(
            "type = \"webhook\"\nformat = \"slack\"\nurl = \"{}\"\nsecrets = [\"{KEY_NEW}\", \"{KEY_OLD}\"]",
            server.url("/hook")
        ),
    );
    for message in messages() {
        sink.send(&message).await.expect("delivered");
    }
    let got = server.received("/hook");
    assert_eq!(got.len(), 5);
    for request in got {
        let signature = request
            .headers
            .get("webhook-signature")
            .cloned()
            .unwrap_or_default();
        assert_eq!(signature.split(' ').count(), 2, "{signature}");
        assert!(
            signature.split(' ').all(|s| s.starts_with("v1,")),
            "{signature}"
        );
        let headers = header_map(&request.headers);
        for key in [KEY_NEW, KEY_OLD] {
            standardwebhooks::Webhook::new(key)
                .expect("key")
                .verify(&request.body, &headers)
                .unwrap_or_else(|e| panic!("signature for {key} must verify: {e}"));
        }
        let mut tampered = request.body.clone();
        tampered[0] = b' ';
        assert!(
            standardwebhooks::Webhook::new(KEY_OLD)
                .expect("key")
                .verify(&tampered, &headers)
                .is_err()
        );
        assert!(
            standardwebhooks::Webhook::new(KEY_OTHER)
                .expect("key")
                .verify(&request.body, &headers)
                .is_err()
        );
    }
}

// ---- Presets ---------------------------------------------------------------------

fn utf16_len(v: &Value) -> usize {
    v.as_str().map_or(0, |s| s.encode_utf16().count())
}

fn check_http_url(v: &Value, what: &str) {
    if let Some(url) = v.as_str() {
        assert!(
            url.starts_with("https://") || url.starts_with("http://"),
            "{what}: {url}"
        );
    }
}

/// Slack incoming webhooks: `text` and/or `blocks` (≤ 50; header ≤ 150, section text ≤ 3000).
fn check_slack(body: &Value) -> String {
    let text = body["text"].as_str().unwrap_or("");
    let blocks = body["blocks"].as_array();
    assert!(
        !text.is_empty() || blocks.is_some_and(|b| !b.is_empty()),
        "slack needs text or blocks: {body}"
    );
    let blocks = blocks.cloned().unwrap_or_default();
    assert!(blocks.len() <= 50, "at most 50 blocks");
    let mut all = text.to_string();
    for block in &blocks {
        match block["type"].as_str() {
            Some("header") => {
                assert_eq!(block["text"]["type"], "plain_text");
                assert!(
                    utf16_len(&block["text"]["text"]) <= 150,
                    "header ≤ 150: {block}"
                );
                all.push_str(block["text"]["text"].as_str().unwrap_or(""));
            }
            Some("section") => {
                assert!(matches!(
                    block["text"]["type"].as_str(),
                    Some("mrkdwn" | "plain_text")
                ));
                assert!(
                    (1..=3000).contains(&utf16_len(&block["text"]["text"])),
                    "section text 1..3000: {block}"
                );
                all.push_str(block["text"]["text"].as_str().unwrap_or(""));
            }
            Some("context") => {
                let elements = block["elements"].as_array().expect("context elements");
                assert!((1..=10).contains(&elements.len()));
                for e in elements {
                    assert!(utf16_len(&e["text"]) <= 3000);
                    all.push_str(e["text"].as_str().unwrap_or(""));
                }
            }
            other => panic!("unexpected block type {other:?}"),
        }
    }
    assert!(
        !all.contains("<script>") && !all.contains("<b>"),
        "feed markup must be escaped: {all}"
    );
    all
}

/// Discord webhooks: `content` (≤ 2000) and/or `embeds` (≤ 10; title ≤ 256,
/// description ≤ 4096, fields ≤ 25 with name ≤ 256 and value 1..1024, footer
/// ≤ 2048, all embeds together ≤ 6000).
fn check_discord(body: &Value) -> String {
    let content = body["content"].as_str().unwrap_or("");
    let embeds = body["embeds"].as_array().cloned().unwrap_or_default();
    assert!(
        !content.is_empty() || !embeds.is_empty(),
        "discord needs content or embeds: {body}"
    );
    assert!(content.encode_utf16().count() <= 2000);
    assert!(embeds.len() <= 10);
    assert_eq!(
        body["allowed_mentions"]["parse"],
        serde_json::json!([]),
        "no pings from feed text"
    );
    let mut total = 0;
    let mut all = content.to_string();
    for embed in &embeds {
        assert!(utf16_len(&embed["title"]) <= 256, "title ≤ 256");
        assert!(
            utf16_len(&embed["description"]) <= 4096,
            "description ≤ 4096"
        );
        assert!(utf16_len(&embed["footer"]["text"]) <= 2048);
        check_http_url(&embed["url"], "embed url");
        if let Some(ts) = embed["timestamp"].as_str() {
            assert!(
                DateTime::parse_from_rfc3339(ts).is_ok(),
                "timestamp is ISO 8601: {ts}"
            );
        }
        total += utf16_len(&embed["title"])
            + utf16_len(&embed["description"])
            + utf16_len(&embed["footer"]["text"]);
        let fields = embed["fields"].as_array().cloned().unwrap_or_default();
        assert!(fields.len() <= 25);
        for f in fields {
            assert!((1..=256).contains(&utf16_len(&f["name"])));
            assert!((1..=1024).contains(&utf16_len(&f["value"])));
            total += utf16_len(&f["name"]) + utf16_len(&f["value"]);
        }
        all.push_str(embed["title"].as_str().unwrap_or(""));
        all.push_str(embed["description"].as_str().unwrap_or(""));
    }
    assert!(total <= 6000, "embeds total {total} > 6000");
    all
}

/// Teams Workflows: a message whose first attachment is an Adaptive Card.
fn check_teams(body: &Value) -> String {
    assert_eq!(body["type"], "message");
    let attachments = body["attachments"].as_array().expect("attachments");
    assert!(!attachments.is_empty());
    assert_eq!(
        attachments[0]["contentType"],
        "application/vnd.microsoft.card.adaptive"
    );
    let card = &attachments[0]["content"];
    assert_eq!(card["type"], "AdaptiveCard");
    assert_eq!(card["version"], "1.4");
    let elements = card["body"].as_array().expect("card body");
    assert!(!elements.is_empty());
    let mut all = String::new();
    for element in elements {
        match element["type"].as_str() {
            Some("TextBlock") => {
                let text = element["text"].as_str().expect("TextBlock text");
                assert!(!text.is_empty());
                all.push_str(text);
            }
            Some("FactSet") => {
                for fact in element["facts"].as_array().expect("facts") {
                    assert!(
                        fact["title"].is_string() && fact["value"].is_string(),
                        "{fact}"
                    );
                    all.push_str(fact["value"].as_str().unwrap_or(""));
                }
            }
            other => panic!("unexpected card element {other:?}"),
        }
    }
    for action in card["actions"].as_array().cloned().unwrap_or_default() {
        assert_eq!(action["type"], "Action.OpenUrl");
        assert!(action["title"].is_string());
        check_http_url(&action["url"], "OpenUrl");
    }
    all
}

/// Mattermost incoming webhooks: `text` (Markdown, ≤ 16383).
fn check_mattermost(body: &Value) -> String {
    let text = body["text"].as_str().expect("mattermost text");
    assert!(!text.is_empty() && text.chars().count() <= 16383);
    assert!(!text.contains("@everyone"), "mentions are defused: {text}");
    text.to_string()
}

/// ntfy JSON publishing: `topic` and `message` (≤ 4096 bytes); optional
/// `title`, `tags` (strings) and `click` (a URL).
fn check_ntfy(body: &Value, topic: &str) -> String {
    assert_eq!(body["topic"], topic);
    let message = body["message"].as_str().expect("ntfy message");
    assert!(!message.is_empty() && message.len() <= 4096);
    if let Some(tags) = body["tags"].as_array() {
        assert!(tags.iter().all(Value::is_string));
    }
    check_http_url(&body["click"], "click");
    format!("{} {message}", body["title"].as_str().unwrap_or(""))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_preset_body_matches_its_service() {
    let server = TestServer::start().await;
    let ws = Workspace::new();
    for format in ["slack", "discord", "teams", "mattermost", "ntfy", "json"] {
        let path = format!("/{format}");
        let (url, extra) = if format == "ntfy" {
            (server.url("/feedwatch-alerts"), "")
        } else {
            (server.url(&path), "")
        };
        server.route(
            if format == "ntfy" { "/" } else { &path },
            vec![Canned::status(200)],
        );
        let sink = build_sink(
            ws.dir.path(),
            &format!("type = \"webhook\"\nformat = \"{format}\"\nurl = \"{url}\"\n{extra}"),
        );
        for message in messages() {
            sink.send(&message)
                .await
                .unwrap_or_else(|e| panic!("{format} {:?}: {e}", message.kind));
            let received_path = if format == "ntfy" { "/" } else { path.as_str() };
            let got = server.received(received_path);
            let request = got.last().expect("request received");
            assert_eq!(
                request.headers.get("content-type").map(String::as_str),
                Some("application/json")
            );
            let body: Value = serde_json::from_slice(&request.body)
                .unwrap_or_else(|e| panic!("{format}: body is not JSON: {e}"));
            let text = match format {
                "slack" => check_slack(&body),
                "discord" => check_discord(&body),
                "teams" => check_teams(&body),
                "mattermost" => check_mattermost(&body),
                "ntfy" => check_ntfy(&body, "feedwatch-alerts"),
                _ => body.to_string(),
            };
            match &message.kind {
                OutgoingKind::Test => assert!(
                    text.to_lowercase().contains("test"),
                    "{format}: a test is marked: {text}"
                ),
                OutgoingKind::Alert if message.delivery_id == "a1-ops" && format != "json" => {
                    assert!(
                        text.contains("Käse"),
                        "{format}: the title is shown: {text}"
                    );
                }
                OutgoingKind::Summary { .. } if format != "json" => {
                    assert!(text.contains("47"), "{format}: 5 shown + 42 folded: {text}")
                }
                OutgoingKind::Digest { .. } if format != "json" => {
                    assert!(
                        text.contains("alpha") && text.contains("zeta"),
                        "{format}: grouped by topic: {text}"
                    )
                }
                _ => {}
            }
        }
    }
    // The json format's envelopes, field by field.
    let json = server.received("/json");
    let digest: Value = json[2].json();
    assert_eq!(digest["kind"], "digest");
    assert_eq!(digest["id"], "dg1-ops");
    assert_eq!(digest["since"], "2026-11-26T08:00:00Z");
    assert_eq!(digest["until"], "2026-11-27T08:00:00Z");
    assert_eq!(digest["alerts"].as_array().map(Vec::len), Some(30));
    let summary: Value = json[3].json();
    assert_eq!(
        (
            summary["kind"].as_str(),
            summary["topic"].as_str(),
            summary["folded"].as_u64()
        ),
        (Some("summary"), Some("defense"), Some(42))
    );
    let test: Value = json[4].json();
    assert_eq!(test["test"], true);
    assert_eq!(test["id"], "t1");
}

// ---- Templates ---------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn template_preset_renders_the_users_template() {
    let server = TestServer::start().await;
    server.route("/t", vec![Canned::status(200)]);
    let ws = Workspace::new();
    std::fs::write(
        ws.path("hook.j2"),
        r#"{"kind": {{ kind|tojson }}, "n": {{ total }}, "titles": [{% for a in alerts %}{{ a.item.title|tojson }}{% if not loop.last %}, {% endif %}{% endfor %}]{% if alert.item.feed == "boom" %}{{ no_such_function() }}{% endif %}}"#,
    )
    .expect("write template");
    let sink = build_sink(
        ws.dir.path(),
        &format!(
            "type = \"webhook\"\nformat = \"template\"\ntemplate_file = \"hook.j2\"\nurl = \"{}\"\nheaders = {{ Content-Type = \"application/vnd.test+json\" }}",
            server.url("/t")
        ),
    );
    for message in messages() {
        sink.send(&message).await.expect("delivered");
    }
    let got = server.received("/t");
    let first = got[0].json();
    assert_eq!(first["kind"], "alert");
    assert_eq!(first["titles"][0], TITLE);
    assert_eq!(
        got[0].headers.get("content-type").map(String::as_str),
        Some("application/vnd.test+json")
    );
    assert_eq!(got[3].json()["n"], 47);
    // A template that fails at delivery: a permanent error that says why.
    let boom = Outgoing {
        delivery_id: "b".into(),
        kind: OutgoingKind::Alert,
        alerts: vec![payload("b", "t", "x").replace("\"wire\"", "\"boom\"")],
    };
    match sink.send(&boom).await {
        Err(DeliveryError::Permanent { reason }) => {
            assert!(
                reason.contains("template") && reason.contains("no_such_function"),
                "{reason}"
            )
        }
        other => panic!("expected a permanent template error, got {other:?}"),
    }
}

#[test]
fn template_errors_are_config_errors() {
    let ws = Workspace::new();
    let err = sink_config(ws.dir.path(), "type = \"webhook\"\nformat = \"template\"\nurl = \"http://127.0.0.1:1/\"\ntemplate = \"{% for a in alerts %}\"")
        .expect_err("syntax error");
    assert!(
        err.contains("sink[0].template") && err.contains("template error"),
        "{err}"
    );
    let err = sink_config(ws.dir.path(), "type = \"webhook\"\nformat = \"template\"\nurl = \"http://127.0.0.1:1/\"\ntemplate = \"{{ alert.item.title|nosuchfilter }}\"")
        .expect_err("unknown filter");
    assert!(err.contains("nosuchfilter"), "{err}");
    let err = sink_config(
        ws.dir.path(),
        "type = \"webhook\"\nformat = \"template\"\nurl = \"http://127.0.0.1:1/\"",
    )
    .expect_err("missing");
    assert!(err.contains("needs `template`"), "{err}");
    let err = sink_config(
        ws.dir.path(),
        "type = \"webhook\"\nformat = \"yaml\"\nurl = \"http://127.0.0.1:1/\"",
    )
    .expect_err("format");
    assert!(
        err.contains(
            "\"json\", \"slack\", \"discord\", \"teams\", \"mattermost\", \"ntfy\" or \"template\""
        ),
        "{err}"
    );
}

// ---- Email -----------------------------------------------------------------------------

fn email_sink(dir: &Path, port: u16, extra: &str) -> Sink {
    build_sink(
        dir,
        &format!(
            "type = \"email\"\nurl = \"smtp://127.0.0.1:{port}\"\ntls = \"none\"\nfrom = \"feedwatch <alerts@example.org>\"\nto = [\"ops@example.org\", \"Zoë <zoe@example.org>\"]\ntimeout = \"5s\"\n{extra}"
        ),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_arrives_as_multipart_alternative_with_encoded_subject() {
    let smtp = SmtpServer::start().await;
    let ws = Workspace::new();
    let sink = email_sink(ws.dir.path(), smtp.addr.port(), "");
    let message = &messages()[0];
    sink.send(message).await.expect("delivered");
    let mails = smtp.wait_for(1, Duration::from_secs(5)).await;
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.from, "alerts@example.org");
    assert_eq!(
        mail.to,
        vec!["ops@example.org".to_string(), "zoe@example.org".to_string()]
    );
    let raw = String::from_utf8(mail.data.clone()).expect("7-bit message");
    assert!(raw.is_ascii(), "headers and bodies are transfer-encoded");
    assert!(
        raw.contains("Subject: [feedwatch] defense: =?utf-8?"),
        "RFC 2047 subject:\n{raw}"
    );

    let parsed = mail_parser::MessageParser::default()
        .parse(&mail.data)
        .expect("parsable message");
    assert_eq!(
        parsed.subject(),
        Some(format!("[feedwatch] defense: {TITLE}").as_str())
    );
    let from = parsed.from().and_then(|a| a.first()).expect("From");
    assert_eq!(from.address(), Some("alerts@example.org"));
    let to: Vec<&str> = parsed
        .to()
        .map(|a| a.iter().filter_map(|x| x.address()).collect())
        .unwrap_or_default();
    assert_eq!(to, vec!["ops@example.org", "zoe@example.org"]);
    assert_eq!(parsed.message_id(), Some("a1-ops.feedwatch@example.org"));
    let content_type = parsed.content_type().expect("Content-Type");
    assert_eq!(
        (content_type.ctype(), content_type.subtype()),
        ("multipart", Some("alternative"))
    );
    let text = parsed.body_text(0).expect("text part");
    let html = parsed.body_html(0).expect("HTML part");
    assert!(text.contains(TITLE), "{text}");
    assert!(
        text.contains("https://news.example.org/a1?a=1&b=(2)"),
        "{text}"
    );
    assert!(
        text.contains("Topic: defense")
            && text.contains("Source: wire")
            && text.contains("2026-03-11T14:20:00Z"),
        "{text}"
    );
    assert!(
        text.contains("Allies sign a NATO deal"),
        "snippet without markers: {text}"
    );
    assert!(
        html.contains("<a href=\"https:&#x2f;&#x2f;news.example.org&#x2f;a1?a=1&amp;b=(2)\">"),
        "{html}"
    );
    assert!(
        html.contains("K\u{e4}se-\u{dc}bernahme: &lt;b&gt;\u{c4}rger&lt;&#x2f;b&gt;"),
        "title escaped: {html}"
    );
    assert!(
        html.contains("<strong>NATO</strong>") && html.contains("&lt;script&gt;"),
        "{html}"
    );
    assert!(
        !html.contains("<script>") && !html.contains("<b>"),
        "{html}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_every_kind_and_custom_templates() {
    let smtp = SmtpServer::start().await;
    let ws = Workspace::new();
    let sink = email_sink(
        ws.dir.path(),
        smtp.addr.port(),
        "subject = \"{{ kind }}: {{ total }} — {{ alert.item.title }}\"\ntext_template = \"{% for a in alerts %}* {{ a.item.title }}\\n{% endfor %}\"",
    );
    for message in messages() {
        sink.send(&message)
            .await
            .unwrap_or_else(|e| panic!("{:?}: {e}", message.kind));
    }
    let mails = smtp.wait_for(5, Duration::from_secs(10)).await;
    assert_eq!(mails.len(), 5);
    let subjects: Vec<String> = mails
        .iter()
        .map(|m| {
            mail_parser::MessageParser::default()
                .parse(&m.data)
                .and_then(|p| p.subject().map(str::to_string))
                .unwrap_or_default()
        })
        .collect();
    assert!(subjects[2].starts_with("digest: 30 — "), "{subjects:?}");
    assert!(subjects[3].starts_with("summary: 47 — "), "{subjects:?}");
    assert!(subjects[4].starts_with("test: 1 — "), "{subjects:?}");
    let digest = mail_parser::MessageParser::default()
        .parse(&mails[2].data)
        .expect("parsable");
    assert_eq!(
        digest.body_text(0).map(|t| t.matches("* ").count()),
        Some(30)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_refusals_and_outages() {
    let ws = Workspace::new();
    let message = &messages()[0];
    // Nothing listens: connection refused is worth retrying.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    match email_sink(ws.dir.path(), port, "").send(message).await {
        Err(DeliveryError::Retry { reason, .. }) => {
            assert!(reason.contains(&format!("127.0.0.1:{port}")), "{reason}")
        }
        other => panic!("connection refused must be Retry, got {other:?}"),
    }
    // 550 at RCPT TO: permanent.
    let smtp = SmtpServer::start().await;
    smtp.refuse_rcpt(550, "5.1.1 user unknown");
    match email_sink(ws.dir.path(), smtp.addr.port(), "")
        .send(message)
        .await
    {
        Err(DeliveryError::Permanent { reason }) => assert!(
            reason.contains("550") && reason.contains("user unknown"),
            "{reason}"
        ),
        other => panic!("550 must be Permanent, got {other:?}"),
    }
    // 451 after DATA: temporary.
    let smtp = SmtpServer::start().await;
    smtp.refuse_data(451, "4.3.0 try again later");
    match email_sink(ws.dir.path(), smtp.addr.port(), "")
        .send(message)
        .await
    {
        Err(DeliveryError::Retry { reason, .. }) => assert!(reason.contains("451"), "{reason}"),
        other => panic!("451 must be Retry, got {other:?}"),
    }
    // 554 after DATA: permanent.
    smtp.refuse_data(554, "5.7.1 rejected as spam");
    assert!(matches!(
        email_sink(ws.dir.path(), smtp.addr.port(), "")
            .send(message)
            .await,
        Err(DeliveryError::Permanent { .. })
    ));
    assert!(smtp.mails().is_empty());
}

#[test]
fn email_config_rules() {
    let ws = Workspace::new();
    let base = "type = \"email\"\nfrom = \"a@example.org\"\nto = \"b@example.org\"\n";
    let err = sink_config(
        ws.dir.path(),
        &format!("{base}url = \"smtp://mail.example.org\"\ntls = \"none\""),
    )
    .expect_err("none off-host");
    assert!(
        err.contains("sink[0].tls") && err.contains("only to localhost"),
        "{err}"
    );
    for ok in [
        "smtp://localhost:25\"\ntls = \"none",
        "smtp://[::1]:25\"\ntls = \"none",
        "smtp://mail.example.org",
        "smtps://mail.example.org",
    ] {
        sink_config(ws.dir.path(), &format!("{base}url = \"{ok}\""))
            .unwrap_or_else(|e| panic!("{ok}: {e}"));
    }
    let err = sink_config(
        ws.dir.path(),
        &format!("{base}url = \"smtps://mail.example.org\"\ntls = \"starttls\""),
    )
    .expect_err("contradiction");
    assert!(err.contains("contradicts"), "{err}");
    let err = sink_config(
        ws.dir.path(),
        &format!("{base}url = \"smtp://u:p@mail.example.org\""),
    )
    .expect_err("userinfo");
    assert!(err.contains("not in the URL"), "{err}");
    let err = sink_config(
        ws.dir.path(),
        "type = \"email\"\nurl = \"smtp://mail.example.org\"\nfrom = \"not an address\"\nto = []",
    )
    .expect_err("addresses");
    assert!(
        err.contains("sink[0].from") && err.contains("sink[0].to"),
        "{err}"
    );
    let err = sink_config(
        ws.dir.path(),
        &format!("{base}url = \"smtp://mail.example.org\"\nusername = \"u\""),
    )
    .expect_err("no password");
    assert!(err.contains("needs `password`"), "{err}");
    let err = sink_config(
        ws.dir.path(),
        &format!("{base}url = \"smtp://mail.example.org\"\nformat = \"slack\""),
    )
    .expect_err("foreign key");
    assert!(
        err.contains("`format` does not apply to a sink of type \"email\""),
        "{err}"
    );
}

#[test]
fn schedule_and_rate_limit_options() {
    let ws = Workspace::new();
    let config = sink_config(ws.dir.path(), "type = \"stdout\"\nrate_limit = \"30/m\"\ndigest = \"daily 08:00\"\ntimezone = \"Europe/Berlin\"").expect("valid");
    let sink = &config.sinks[0];
    assert_eq!(
        sink.rate_limit.map(|r| (r.max, r.per)),
        Some((30, Duration::from_secs(60)))
    );
    assert_eq!(sink.digest.describe(), "daily 08:00 Europe/Berlin");
    let err = sink_config(
        ws.dir.path(),
        "type = \"stdout\"\nrate_limit = \"lots\"\ndigest = \"weekly\"",
    )
    .expect_err("bad");
    assert!(
        err.contains("sink[0].rate_limit") && err.contains("sink[0].digest"),
        "{err}"
    );
    let err = sink_config(
        ws.dir.path(),
        "type = \"stdout\"\ndigest = \"daily 08:00\"\ntimezone = \"Europe/Atlantis\"",
    )
    .expect_err("zone");
    assert!(
        err.contains("sink[0].timezone") && err.contains("Europe/Atlantis"),
        "{err}"
    );
}

// ---- Secrets ---------------------------------------------------------------------------

const SECRET_WORDS: &[&str] = &[
    "SECRETPATH",
    "SECRETQUERY",
    "SECRETHEADER",
    "SECRETPASSWORD",
    "SECRETUSER",
    "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
];

fn assert_no_secret(text: &str, what: &str) {
    for word in SECRET_WORDS {
        assert!(
            !text.contains(word),
            "{what} shows the secret {word}:\n{text}"
        );
    }
}

fn secret_config(hook: &str) -> String {
    format!(
        r#"[storage]
path = "fw.db"

[[sink]]
name = "hook"
type = "webhook"
url = "{hook}"
headers = {{ Authorization = "Bearer SECRETHEADER" }}
secret = "{KEY_NEW}"

[[sink]]
name = "mail"
type = "email"
url = "smtp://mail.example.org:587"
username = "SECRETUSER"
password = "SECRETPASSWORD"
from = "alerts@example.org"
to = "ops@example.org"
"#
    )
}

#[test]
fn secrets_stay_out_of_check_output_and_debug() {
    let ws = Workspace::new();
    let cfg = ws.config(&secret_config(
        "https://hooks.example.org/services/SECRETPATH?token=SECRETQUERY",
    ));
    let out = run_binary(
        &["check", "--config", cfg.to_str().expect("utf-8")],
        Duration::from_secs(30),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "check failed:\n{stdout}\n{stderr}");
    assert!(
        stdout.contains(
            "sink  hook  webhook https://hooks.example.org/… format json, signed with 1 key"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "sink  mail  email smtp://mail.example.org:587 (starttls) to ops@example.org"
        ),
        "{stdout}"
    );
    assert_no_secret(&stdout, "check stdout");
    assert_no_secret(&stderr, "check stderr");

    let config = Config::load(&cfg).expect("loads");
    assert_no_secret(&format!("{config:?}"), "Debug of the config");
    assert_no_secret(&format!("{config:#?}"), "pretty Debug of the config");
    let sinks: Vec<Sink> = config
        .sinks
        .iter()
        .map(|s| Sink::build(s, "t").expect("builds"))
        .collect();
    assert_no_secret(&format!("{sinks:?}"), "Debug of the sinks");

    // A broken config: the messages name the problem, not the values.
    let broken = secret_config("https://hooks.example.org/SECRETPATH")
        .replace(KEY_NEW, "whsec_SECRETPATH")
        .replace("Bearer SECRETHEADER", "Bearer SECRETHEADER\\n");
    let cfg = ws.config(&broken);
    let out = run_binary(
        &["check", "--config", cfg.to_str().expect("utf-8")],
        Duration::from_secs(30),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("sink[0].secret") && stderr.contains("sink[0].headers.Authorization"),
        "{stderr}"
    );
    assert_no_secret(&stderr, "check errors");
    assert_no_secret(
        &String::from_utf8_lossy(&out.stdout),
        "check errors (stdout)",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_stay_out_of_delivery_errors() {
    let server = TestServer::start().await;
    server.route("/services/SECRETPATH", vec![Canned::status(401)]);
    let ws = Workspace::new();
    let message = &messages()[0];
    let url = format!("{}?token=SECRETQUERY", server.url("/services/SECRETPATH"));
    let config = Config::parse(&secret_config(&url), &ws.path("feedwatch.toml")).expect("valid");
    let sink = Sink::build(&config.sinks[0], "t").expect("builds");
    match sink.send(message).await {
        Err(DeliveryError::Permanent { reason }) => {
            assert!(
                reason.contains("HTTP 401") && reason.contains("status 401"),
                "{reason}"
            );
            assert_no_secret(&reason, "a 401 error");
        }
        other => panic!("401 must be permanent, got {other:?}"),
    }
    // Network failure: reqwest names the URL; our error must not.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    let url = format!("http://127.0.0.1:{port}/services/SECRETPATH?token=SECRETQUERY");
    let config = Config::parse(&secret_config(&url), &ws.path("feedwatch.toml")).expect("valid");
    match Sink::build(&config.sinks[0], "t")
        .expect("builds")
        .send(message)
        .await
    {
        Err(DeliveryError::Retry { reason, .. }) => assert_no_secret(&reason, "a connection error"),
        other => panic!("connection refused must be Retry, got {other:?}"),
    }
}

// ---- ${ENV} and $CREDENTIALS_DIRECTORY, through the binary -------------------------------

fn run_with_env(args: &[&str], env: &[(&str, &str)], timeout: Duration) -> Output {
    let mut command = Command::new(binary());
    command
        .args(args)
        .env("RUST_LOG", "info")
        .env_remove("CREDENTIALS_DIRECTORY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command.spawn().expect("spawn feedwatch");
    let deadline = Instant::now() + timeout;
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() >= deadline {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn env_variables_and_credentials_directory() {
    let server = TestServer::start().await;
    server.route(
        "/wire.xml",
        vec![Canned::ok(wire_feed(
            "nato-1",
            "https://news.example.org/openai-nato",
        ))],
    );
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let credentials = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        credentials.path().join("hook-key"),
        format!("{KEY_NEW}\n{KEY_OLD}\n"),
    )
    .expect("write key");
    let text = format!(
        "[storage]\npath = \"fw.db\"\n\n[[feed]]\nname = \"wire\"\nurl = \"{}\"\n\n[[topic]]\nname = \"defense-ai-contracts\"\nquery = '{TOPIC_QUERY}'\n\n[[sink]]\nname = \"ops\"\ntype = \"webhook\"\nurl = \"http://127.0.0.1:${{FW_TEST_PORT}}/hook\"\nheaders = {{ Authorization = \"Bearer ${{FW_TEST_TOKEN}}\" }}\nsecret_file = \"hook-key\"\n",
        server.url("/wire.xml")
    );
    let cfg = ws.config(&text);
    let cfg_arg = cfg.to_str().expect("utf-8").to_string();
    let port = server.addr.port().to_string();
    let creds = credentials.path().to_str().expect("utf-8").to_string();

    // Without the variables: config errors naming them (not values).
    let out = tokio::task::spawn_blocking({
        let cfg_arg = cfg_arg.clone();
        let creds = creds.clone();
        move || {
            run_with_env(
                &["check", "--config", &cfg_arg],
                &[("CREDENTIALS_DIRECTORY", &creds)],
                Duration::from_secs(30),
            )
        }
    })
    .await
    .expect("join");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success());
    assert!(
        stderr.contains("environment variable `FW_TEST_PORT` is not set"),
        "{stderr}"
    );
    assert!(
        stderr.contains("environment variable `FW_TEST_TOKEN` is not set"),
        "{stderr}"
    );

    // Without $CREDENTIALS_DIRECTORY the key file is looked up beside the config.
    let out = tokio::task::spawn_blocking({
        let cfg_arg = cfg_arg.clone();
        let port = port.clone();
        move || {
            run_with_env(
                &["check", "--config", &cfg_arg],
                &[
                    ("FW_TEST_PORT", &port),
                    ("FW_TEST_TOKEN", "tok-SECRETHEADER"),
                ],
                Duration::from_secs(30),
            )
        }
    })
    .await
    .expect("join");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        stderr.contains("sink[0].secret_file")
            && stderr.contains(&ws.path("hook-key").display().to_string()),
        "{stderr}"
    );

    // With everything set: one signed alert with the expanded header.
    let out = tokio::task::spawn_blocking(move || {
        run_with_env(
            &["run", "--once", "--config", &cfg_arg],
            &[
                ("FW_TEST_PORT", &port),
                ("FW_TEST_TOKEN", "tok-SECRETHEADER"),
                ("CREDENTIALS_DIRECTORY", &creds),
            ],
            Duration::from_secs(60),
        )
    })
    .await
    .expect("join");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "run --once failed:\n{stderr}");
    assert_no_secret(&stderr, "the daemon's logs");
    let got = server.wait_for("/hook", 1, Duration::from_secs(10)).await;
    assert_eq!(got.len(), 1, "{stderr}");
    assert_eq!(
        got[0].headers.get("authorization").map(String::as_str),
        Some("Bearer tok-SECRETHEADER")
    );
    let headers = header_map(&got[0].headers);
    for key in [KEY_NEW, KEY_OLD] {
        standardwebhooks::Webhook::new(key)
            .expect("key")
            .verify(&got[0].body, &headers)
            .expect("signed with the file's keys");
    }
}
