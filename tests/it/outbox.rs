//! Delivery guarantees: order and retry delays with a controllable clock,
//! digests across a restart, flood folding under a rate limit, the
//! `alerts` and `sink test` commands.

use std::time::Duration;

use feedwatch::clock::Clock;
use feedwatch::config::Config;
use feedwatch::daemon::Daemon;

use crate::support::*;

const T0: i64 = 1_800_000_000_000;

/// `n` distinct stories (each about its own vendor, so story clustering
/// keeps them apart), all matching the topic.
pub(crate) fn stories(n: usize, prefix: &str) -> String {
    let date = recent_date();
    let items: Vec<(String, String, String)> = (0..n)
        .map(|i| {
            (
                format!("{prefix}-{i}"),
                format!("https://news.example.org/{prefix}/{i}"),
                format!(
                    "{} wins military contract for artificial intelligence",
                    vendor(prefix, i)
                ),
            )
        })
        .collect();
    let refs: Vec<(&str, &str, &str, &str, &str)> = items
        .iter()
        .map(|(g, l, t)| {
            (
                g.as_str(),
                l.as_str(),
                t.as_str(),
                "A defense deal.",
                date.as_str(),
            )
        })
        .collect();
    rss(&refs)
}

/// A made-up company name, different for every (prefix, i).
pub(crate) fn vendor(prefix: &str, i: usize) -> String {
    const SYLLABLES: [&str; 12] = [
        "bar", "cor", "dul", "fen", "gim", "hox", "jat", "kev", "lum", "mip", "nor", "pek",
    ];
    let salt = prefix.bytes().map(usize::from).sum::<usize>();
    let a = SYLLABLES[(i + salt) % 12];
    let b = SYLLABLES[(i / 12 + salt / 12) % 12];
    let mut name = format!("{a}{b}ex");
    name[..1].make_ascii_uppercase();
    name
}

fn config(ws: &Workspace, server_feed: &str, sink: &str) -> Config {
    let text = format!(
        "[storage]\npath = \"fw.db\"\n\n[delivery]\nretry_initial = \"10s\"\nretry_max = \"10m\"\n\n[[feed]]\nname = \"wire\"\nurl = \"{server_feed}\"\nbackfill = \"all\"\n\n[[topic]]\nname = \"defense-ai-contracts\"\nquery = '{TOPIC_QUERY}'\n\n[[sink]]\nname = \"ops\"\n{sink}\n"
    );
    Config::load(&ws.config(&text)).unwrap_or_else(|e| panic!("{e}"))
}

async fn pending_next_attempt(daemon: &Daemon) -> Vec<i64> {
    daemon
        .store()
        .backend()
        .deliveries(
            &feedwatch::store::DeliveryFilter {
                status: Some(feedwatch::model::DeliveryStatus::Pending),
                ..Default::default()
            },
            100,
        )
        .expect("list")
        .into_iter()
        .map(|d| d.next_attempt_at)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_then_500_then_429_then_200_in_order_with_the_documented_delays() {
    let feeds = TestServer::start().await;
    feeds.route("/wire.xml", vec![Canned::ok(stories(3, "a"))]);
    // A port with nothing listening: connection refused.
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("probe");
        probe.local_addr().expect("addr").port()
    };
    let hook_url = format!("http://127.0.0.1:{port}/hook");
    let ws = Workspace::new();
    let clock = Clock::manual(T0);
    let cfg = config(
        &ws,
        &feeds.url("/wire.xml"),
        &format!("type = \"webhook\"\nurl = \"{hook_url}\""),
    );
    let daemon = Daemon::start(cfg, clock.clone()).await.expect("start");
    let report = daemon.run_once().await.expect("cycle");
    assert_eq!(report.alerts, 3);
    assert_eq!(report.delivered, 0, "receiver down");
    // The head failed; its retry is 10 s (±20%) away; the others wait behind it.
    let next = pending_next_attempt(&daemon)
        .await
        .into_iter()
        .max()
        .expect("pending");
    let delay = next - T0;
    assert!(
        (8_000..=12_000).contains(&delay),
        "first retry after ~10s, got {delay} ms"
    );
    assert_eq!(
        daemon.deliver_due().await.expect("pass").delivered,
        0,
        "not due yet"
    );

    let hook = TestServer::start_on(&format!("127.0.0.1:{port}")).await;
    hook.route(
        "/hook",
        vec![
            Canned::status(500),
            Canned::status(429).header("retry-after", "30"),
            Canned::status(200),
        ],
    );
    clock.advance(delay);
    daemon.deliver_due().await.expect("pass"); // 500
    let next = pending_next_attempt(&daemon)
        .await
        .into_iter()
        .max()
        .expect("pending");
    let second = next - clock.now_millis();
    assert!(
        (16_000..=24_000).contains(&second),
        "second retry after ~20s, got {second} ms"
    );
    clock.advance(second);
    daemon.deliver_due().await.expect("pass"); // 429 Retry-After: 30
    let next = pending_next_attempt(&daemon)
        .await
        .into_iter()
        .max()
        .expect("pending");
    assert_eq!(
        next - clock.now_millis(),
        30_000,
        "Retry-After is honoured exactly"
    );
    clock.advance(29_999);
    assert_eq!(daemon.deliver_due().await.expect("pass").delivered, 0);
    clock.advance(1);
    let report = daemon.deliver_due().await.expect("pass");
    assert_eq!(report.delivered, 3, "the head, then the two behind it");

    let got = hook.received("/hook");
    assert_eq!(
        got.len(),
        5,
        "3 failed tries of the head + 3 deliveries - 1"
    );
    let ids: Vec<String> = got
        .iter()
        .map(|r| r.json()["id"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(ids[0], ids[1]);
    assert_eq!(ids[1], ids[2], "the same id on every try");
    let delivered = &ids[2..];
    let mut sorted = delivered.to_vec();
    sorted.sort();
    assert_eq!(
        delivered,
        sorted.as_slice(),
        "delivered in order of detection"
    );
    sorted.dedup();
    assert_eq!(sorted.len(), 3, "each exactly once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_hourly_digest_survives_a_restart() {
    let feeds = TestServer::start().await;
    feeds.route("/wire.xml", vec![Canned::ok(stories(2, "d"))]);
    let hook = TestServer::start().await;
    hook.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    // 10:20 UTC: the next hourly digest is due at 11:00.
    let start = chrono::DateTime::parse_from_rfc3339("2027-01-15T10:20:00Z")
        .expect("time")
        .timestamp_millis();
    let clock = Clock::manual(start);
    let sink = format!(
        "type = \"webhook\"\nurl = \"{}\"\ndigest = \"hourly\"",
        hook.url("/hook")
    );
    let daemon = Daemon::start(config(&ws, &feeds.url("/wire.xml"), &sink), clock.clone())
        .await
        .expect("start");
    let report = daemon.run_once().await.expect("cycle");
    assert_eq!(report.alerts, 2);
    assert!(hook.received("/hook").is_empty(), "held for the digest");
    drop(daemon);

    // feedwatch is down at 11:00 and comes back at 11:30: the digest goes out then.
    clock.advance(70 * 60 * 1000);
    let daemon = Daemon::start(config(&ws, &feeds.url("/wire.xml"), &sink), clock.clone())
        .await
        .expect("restart");
    daemon.deliver_due().await.expect("pass");
    let got = hook.received("/hook");
    assert_eq!(got.len(), 1, "one digest message");
    let digest = got[0].json();
    assert_eq!(digest["kind"], "digest");
    assert_eq!(digest["alerts"].as_array().map(Vec::len), Some(2));
    assert_eq!(digest["alerts"][0]["topic"], "defense-ai-contracts");
    // Nothing more until the next new story and the next hour.
    daemon.deliver_due().await.expect("pass");
    assert_eq!(hook.received("/hook").len(), 1);
    let counts = daemon.store().delivery_counts().await.expect("counts");
    assert_eq!((counts.pending, counts.delivered), (0, 2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_is_folded_into_a_summary_not_dropped() {
    let feeds = TestServer::start().await;
    feeds.route("/wire.xml", vec![Canned::ok(stories(14, "f"))]);
    let hook = TestServer::start().await;
    hook.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let sink = format!(
        "type = \"webhook\"\nurl = \"{}\"\nrate_limit = \"2/m\"",
        hook.url("/hook")
    );
    let daemon = Daemon::start(
        config(&ws, &feeds.url("/wire.xml"), &sink),
        Clock::manual(T0),
    )
    .await
    .expect("start");
    daemon.run_once().await.expect("cycle");
    let got = hook.received("/hook");
    assert_eq!(got.len(), 2, "the rate limit allows 2 messages a minute");
    assert_eq!(got[0].json()["version"], 1);
    assert!(
        got[0].json()["kind"].is_null(),
        "the first alert goes out on its own"
    );
    let summary = got[1].json();
    assert_eq!(summary["kind"], "summary");
    assert_eq!(summary["topic"], "defense-ai-contracts");
    assert_eq!(summary["alerts"].as_array().map(Vec::len), Some(10));
    assert_eq!(summary["folded"], 3, "13 folded: 10 shown + 3 counted");
    let counts = daemon.store().delivery_counts().await.expect("counts");
    assert_eq!(
        (counts.pending, counts.delivered, counts.failed),
        (0, 14, 0),
        "nothing dropped"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alerts_command_lists_failures_and_retry_requeues_them() {
    let feeds = TestServer::start().await;
    feeds.route("/wire.xml", vec![Canned::ok(stories(1, "r"))]);
    let hook = TestServer::start().await;
    hook.route(
        "/hook",
        vec![Canned {
            status: 400,
            body: b"{\"error\":\"missing field title\"}".to_vec(),
            headers: Vec::new(),
            delay: Duration::ZERO,
        }],
    );
    let ws = Workspace::new();
    let sink = format!("type = \"webhook\"\nurl = \"{}\"", hook.url("/hook"));
    config(&ws, &feeds.url("/wire.xml"), &sink);
    let cfg = ws.path("feedwatch.toml");
    let cfg_str = cfg.to_str().expect("utf-8").to_string();
    let run = |args: Vec<String>| {
        tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            run_binary(&args, Duration::from_secs(30))
        })
    };
    let c = cfg.clone();
    tokio::task::spawn_blocking(move || run_once(&c))
        .await
        .expect("join");
    let out = run(vec![
        "alerts".into(),
        "--config".into(),
        cfg_str.clone(),
        "--failed".into(),
        "--json".into(),
    ])
    .await
    .expect("join");
    assert!(out.status.success());
    let listing: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(listing["counts"]["failed"], 1);
    let error = listing["deliveries"][0]["last_error"]
        .as_str()
        .unwrap_or("");
    assert!(
        error.contains("HTTP 400") && error.contains("missing field title"),
        "{error}"
    );

    hook.route("/hook", vec![Canned::status(200)]);
    // `--config` after `retry` too (it is also accepted before it, as in
    // `cli::read_only_tools_never_create_a_database`).
    let out = run(vec![
        "alerts".into(),
        "retry".into(),
        "--failed".into(),
        "--config".into(),
        cfg_str.clone(),
    ])
    .await
    .expect("join");
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 delivery requeued"));
    let c = cfg.clone();
    tokio::task::spawn_blocking(move || run_once(&c))
        .await
        .expect("join");
    assert_eq!(hook.received("/hook").len(), 2);
    let out = run(vec![
        "alerts".into(),
        "--config".into(),
        cfg_str,
        "--json".into(),
    ])
    .await
    .expect("join");
    let listing: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(listing["counts"]["delivered"], 1);
    assert_eq!(listing["counts"]["failed"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sink_test_sends_a_marked_test_and_reports_failures() {
    let hook = TestServer::start().await;
    hook.route("/ok", vec![Canned::status(200)]);
    hook.route("/missing", vec![Canned::status(404)]);
    let ws = Workspace::new();
    let cfg = ws.config(&format!(
        "[[sink]]\nname = \"good\"\ntype = \"webhook\"\nurl = \"{}\"\n\n[[sink]]\nname = \"bad\"\ntype = \"webhook\"\nurl = \"{}\"\n",
        hook.url("/ok"),
        hook.url("/missing")
    ));
    let path = cfg.to_str().expect("utf-8").to_string();
    let out = run_binary_async(
        &["sink", "test", "--config", &path, "good"],
        Duration::from_secs(30),
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("delivered"));
    let sent = hook.received("/ok");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].json()["test"], true);
    let out = run_binary_async(
        &["sink", "test", "--config", &path, "bad"],
        Duration::from_secs(30),
    )
    .await;
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("HTTP 404"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
