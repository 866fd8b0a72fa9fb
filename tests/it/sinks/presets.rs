//! Every chat preset's body, checked against what its service documents.

use chrono::DateTime;
use feedwatch::alert::OutgoingKind;
use serde_json::Value;

use crate::support::*;

use super::*;

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
