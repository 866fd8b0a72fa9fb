//! One alert per story across outlets (issue 10): reports of one event from
//! several feeds, worded differently and in another language, join one
//! story; a different event sharing the company stays apart; a sink that
//! asks for them gets one update per interval about new reports; a
//! publisher's edit never alerts; `stories`, `show` and `explain` tell.

use std::time::Duration;

use feedwatch::clock::Clock;
use feedwatch::config::Config;
use feedwatch::daemon::Daemon;

use crate::support::*;

const T0: i64 = 1_800_000_000_000;
const QUERY: &str = "(OpenAI OR Anthropic) AND (NATO OR Pentagon)";

fn item(guid: &str, link: &str, title: &str, summary: &str) -> String {
    rss(&[(guid, link, title, summary, &published())])
}

/// An hour before the daemon's clock starts (`T0`): the reports are news
/// to it (an item published before the story window is never compared).
fn published() -> String {
    chrono::DateTime::from_timestamp_millis(T0 - 3_600_000)
        .expect("T0 is a valid time")
        .to_rfc2822()
}

/// A day of other news (from the labeled corpus), so the story index holds
/// what a running daemon's does: distinctive words are rare, common ones not.
fn background() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/news/general.toml");
    let text = std::fs::read_to_string(path).expect("read the news corpus");
    let corpus: toml::Table = toml::from_str(&text).expect("parse the news corpus");
    let date = published();
    let items: Vec<(String, String, String, String)> = corpus["item"]
        .as_array()
        .expect("items")
        .iter()
        .take(60)
        .map(|item| {
            let field = |k: &str| {
                item.get(k)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            (field("id"), field("link"), field("title"), field("summary"))
        })
        .collect();
    let refs: Vec<(&str, &str, &str, &str, &str)> = items
        .iter()
        .map(|(g, l, t, s)| {
            (
                g.as_str(),
                l.as_str(),
                t.as_str(),
                s.as_str(),
                date.as_str(),
            )
        })
        .collect();
    rss(&refs)
}

fn config(ws: &Workspace, server: &TestServer, sink: &str) -> Config {
    let feed = |name: &str| {
        format!(
            "[[feed]]\nname = \"{name}\"\nurl = \"{}\"\nbackfill = \"all\"\n\n",
            server.url(&format!("/{name}.xml"))
        )
    };
    server.route("/world.xml", vec![Canned::ok(background())]);
    let text = format!(
        "[storage]\npath = \"fw.db\"\n\n{}{}{}{}{}[[topic]]\nname = \"nato-ai\"\nquery = '{QUERY}'\n\n[[sink]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"{}\"\n{sink}\n",
        feed("reuters"),
        feed("wsj"),
        feed("heise"),
        feed("wire"),
        feed("world"),
        server.url("/hook"),
    );
    Config::load(&ws.config(&text)).unwrap_or_else(|e| panic!("{e}"))
}

const REUTERS: (&str, &str, &str) = (
    "r-1",
    "https://reuters.example/openai-nato",
    "OpenAI in talks to bring its models to NATO networks",
);
const REUTERS_SUMMARY: &str = "OpenAI is in talks with NATO's communications agency to deploy its models on the alliance's unclassified networks, days after a Pentagon agreement, three people familiar with the matter said.";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_of_one_event_alert_once_and_updates_follow() {
    let server = TestServer::start().await;
    server.route("/hook", vec![Canned::ok("")]);
    // The day's other news comes first, as to a daemon that has been
    // running: the story index then holds a window of real news (and the
    // order of the reports below does not depend on which feed answers
    // first).
    for feed in ["/reuters.xml", "/wire.xml", "/wsj.xml", "/heise.xml"] {
        server.route(feed, vec![Canned::ok(rss(&[]))]);
    }
    let ws = Workspace::new();
    let clock = Clock::manual(T0);
    let cfg = config(
        &ws,
        &server,
        "on_new_source = \"update\"\nupdate_interval = \"1h\"",
    );
    let daemon = Daemon::start(cfg, clock.clone()).await.expect("start");
    let report = daemon.run_once().await.expect("background cycle");
    assert_eq!(report.new_items, 60);
    assert_eq!(report.alerts, 0, "the background news matches no topic");
    clock.advance(600_000);
    server.route(
        "/reuters.xml",
        vec![Canned::ok(item(
            REUTERS.0,
            REUTERS.1,
            REUTERS.2,
            REUTERS_SUMMARY,
        ))],
    );
    // Another event of the topic, not the NATO talks: a Pentagon contract.
    server.route(
        "/wire.xml",
        vec![Canned::ok(item(
            "x-1",
            "https://wire.example/anthropic-pentagon-contract",
            "Anthropic wins $200 million Pentagon contract for frontier models",
            "The Defense Department's Chief Digital and AI Office awarded Anthropic a prototype agreement worth up to $200 million.",
        ))],
    );
    let report = daemon.run_once().await.expect("cycle");
    assert_eq!(report.new_items, 2);
    // Half an hour later the WSJ reports the NATO story in other words.
    server.route(
        "/wsj.xml",
        vec![Canned::ok(item(
            "w-1",
            "https://wsj.example/chatgpt-maker-nato",
            "ChatGPT Creator Eyes Deal to Bring AI Technology to NATO Networks",
            "OpenAI is exploring an agreement to provide its technology to NATO's unclassified networks, days after the ChatGPT maker struck a deal with the Pentagon.",
        ))],
    );
    clock.advance(1_800_000);
    let report = daemon.run_once().await.expect("second cycle");
    assert_eq!(report.new_items, 1);
    assert_eq!(report.alerts, 0, "the WSJ joins the Reuters story");
    let hooks = server.received("/hook");
    let alerts: Vec<serde_json::Value> = hooks.iter().map(|r| r.json()).collect();
    assert_eq!(
        alerts.len(),
        2,
        "one alert for the NATO story, one for the Pentagon contract: {alerts:?}"
    );
    let nato = alerts
        .iter()
        .find(|a| {
            a["item"]["title"]
                .as_str()
                .is_some_and(|t| t.contains("NATO"))
        })
        .expect("the NATO story alerted");
    assert!(nato["story"]["id"].as_i64().is_some(), "{nato}");
    assert!(nato["story"]["first_seen"].as_str().is_some(), "{nato}");
    let sources = nato["story"]["sources"].as_array().expect("sources");
    assert!(!sources.is_empty(), "{nato}");
    assert!(
        sources
            .iter()
            .all(|s| s["feed"].is_string() && s["title"].is_string())
    );

    // A German report of the NATO story arrives: one update, not an alert,
    // and not before the interval since the alert has passed.
    server.route(
        "/heise.xml",
        vec![Canned::ok(item(
            "h-1",
            "https://heise.example/openai-nato",
            "OpenAI verhandelt mit der NATO über KI in unklassifizierten Netzen",
            "Der ChatGPT-Hersteller OpenAI spricht mit der NATO-Agentur NCIA über den Einsatz seiner Modelle, wenige Tage nach der Vereinbarung mit dem Pentagon.",
        ))],
    );
    clock.advance(60_000);
    let report = daemon.run_once().await.expect("third cycle");
    assert_eq!(report.new_items, 1);
    assert_eq!(report.alerts, 0, "a later report alerts no topic again");
    assert_eq!(
        server.received("/hook").len(),
        2,
        "the update waits for its interval"
    );

    clock.advance(3_600_000);
    daemon.deliver_due().await.expect("outbox pass");
    let hooks = server.received("/hook");
    assert_eq!(hooks.len(), 3, "one update after the interval");
    let update = hooks[2].json();
    assert_eq!(update["kind"], "story_update", "{update}");
    assert_eq!(update["topic"], "nato-ai");
    // Every report after the alert is news to the sink: the WSJ's (fetched
    // in the first cycle after the Reuters report alerted) and heise's.
    let new: Vec<&str> = update["new_sources"]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["feed"].as_str()).collect())
        .unwrap_or_default();
    assert!(new.contains(&"heise"), "{update}");
    assert_eq!(update["story"]["id"], nato["story"]["id"]);
    let sources: Vec<&str> = update["story"]["sources"]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["feed"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(sources, ["reuters", "wsj", "heise"], "{update}");
    // Nothing more: no new report, no new update.
    clock.advance(7_200_000);
    daemon.deliver_due().await.expect("outbox pass");
    assert_eq!(server.received("/hook").len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_updates_a_later_report_is_silent_and_an_edit_never_alerts() {
    let server = TestServer::start().await;
    server.route("/hook", vec![Canned::ok("")]);
    server.route(
        "/reuters.xml",
        vec![Canned::ok(item(
            REUTERS.0,
            REUTERS.1,
            REUTERS.2,
            REUTERS_SUMMARY,
        ))],
    );
    for feed in ["wsj", "heise", "wire"] {
        server.route(&format!("/{feed}.xml"), vec![Canned::ok(rss(&[]))]);
    }
    let ws = Workspace::new();
    let clock = Clock::manual(T0);
    let daemon = Daemon::start(config(&ws, &server, ""), clock.clone())
        .await
        .expect("start");
    daemon.run_once().await.expect("cycle");
    assert_eq!(server.received("/hook").len(), 1);

    // The publisher rewrites its headline (same GUID and link), and another
    // outlet reports the story: nothing new for the sink.
    server.route(
        "/reuters.xml",
        vec![Canned::ok(item(
            REUTERS.0,
            REUTERS.1,
            "UPDATE 2-OpenAI in talks to bring its AI models to NATO's networks",
            REUTERS_SUMMARY,
        ))],
    );
    server.route(
        "/wsj.xml",
        vec![Canned::ok(item(
            "w-1",
            "https://wsj.example/chatgpt-maker-nato",
            "ChatGPT Creator Eyes Deal to Bring AI Technology to NATO Networks",
            "OpenAI is exploring an agreement to provide its technology to NATO's unclassified networks, days after a deal with the Pentagon.",
        ))],
    );
    clock.advance(86_400_000);
    let report = daemon.run_once().await.expect("second cycle");
    assert_eq!(report.new_items, 1, "the edit is not a new item");
    assert_eq!(
        report.alerts,
        0,
        "{:?}",
        server
            .received("/hook")
            .iter()
            .map(|r| r.json())
            .collect::<Vec<_>>()
    );
    clock.advance(86_400_000);
    daemon.deliver_due().await.expect("outbox pass");
    assert_eq!(server.received("/hook").len(), 1, "ignore is the default");

    // The CLI tells the story, and the edit.
    let db = ws.path("fw.db").display().to_string();
    let config_path = ws.path("feedwatch.toml").display().to_string();
    let out = run_binary_async(
        &[
            "stories",
            "--config",
            &config_path,
            "--db",
            &db,
            "--since",
            "100000d",
        ],
        Duration::from_secs(30),
    )
    .await;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("(2 reports) [alerted: nato-ai]"), "{text}");
    assert!(
        text.contains("[reuters]") && text.contains("[wsj]"),
        "{text}"
    );
    let out = run_binary_async(
        &["show", "--config", &config_path, "--db", &db, REUTERS.1],
        Duration::from_secs(30),
    )
    .await;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(text.contains("edited:         1 time"), "{text}");
    assert!(text.contains("(2 items from 2 outlets)"), "{text}");
    assert!(
        text.contains("UPDATE 2-OpenAI"),
        "the stored text follows the edit: {text}"
    );
    let out = run_binary_async(
        &[
            "explain",
            "--config",
            &config_path,
            "--db",
            &db,
            "--topic",
            "nato-ai",
            "https://wsj.example/chatgpt-maker-nato",
        ],
        Duration::from_secs(30),
    )
    .await;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(text.contains("1 other report (joined story"), "{text}");
    assert!(text.contains("shared:") && text.contains("NATO"), "{text}");
}
