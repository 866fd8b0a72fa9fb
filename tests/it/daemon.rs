//! The daemon as a service: live reload (SIGHUP and `feedwatch reload`),
//! a broken config on reload, SIGTERM within the timeout with nothing lost,
//! a second SIGTERM, a second instance on the same database, schema
//! versions.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::*;

fn config_text(server: &TestServer, feeds: &[&str], extra: &str) -> String {
    let mut text = format!(
        "[storage]\npath = \"fw.db\"\n\n[delivery]\nretry_initial = \"100ms\"\nretry_max = \"200ms\"\npoll_interval = \"100ms\"\n\n{extra}\n"
    );
    for name in feeds {
        text.push_str(&format!(
            "[[feed]]\nname = \"{name}\"\nurl = \"{}\"\ninterval = \"1s\"\n\n",
            server.url(&format!("/{name}.xml"))
        ));
    }
    text.push_str(&format!(
        "[[topic]]\nname = \"defense-ai-contracts\"\nquery = '{TOPIC_QUERY}'\n\n[[sink]]\nname = \"ops\"\ntype = \"webhook\"\nurl = \"{}\"\n",
        server.url("/hook")
    ));
    text
}

fn second_story() -> String {
    rss(&[(
        "b-1",
        "https://other.example/navy-palantir",
        "Navy signs Palantir contract for AI ship maintenance",
        "The military deal covers predictive repairs at Norfolk.",
        &recent_date(),
    )])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sighup_adds_a_feed_and_keeps_pending_alerts() {
    let server = TestServer::start().await;
    server.route("/a.xml", vec![nato_wire()]);
    server.route("/b.xml", vec![Canned::ok(second_story())]);
    server.route("/hook", vec![Canned::status(503)]);
    let ws = Workspace::new();
    let cfg = ws.config(&config_text(&server, &["a"], ""));
    let child = spawn_daemon(&cfg);
    server.wait_for("/hook", 1, Duration::from_secs(30)).await;
    assert!(server.received("/b.xml").is_empty());

    ws.config(&config_text(&server, &["a", "b"], ""));
    signal(&child, "HUP");
    let polled_b = server.wait_for("/b.xml", 1, Duration::from_secs(30)).await;
    assert_eq!(polled_b.len(), 1, "the new feed is polled after the reload");
    server.route("/hook", vec![Canned::status(200)]);
    // Both alerts arrive: the one pending since before the reload and the new one.
    let deadline = Instant::now() + Duration::from_secs(30);
    let ids = loop {
        let mut ids: Vec<String> = server
            .received("/hook")
            .iter()
            .map(|r| r.json()["id"].as_str().unwrap_or("").to_string())
            .collect();
        ids.sort();
        ids.dedup();
        if ids.len() >= 2 || Instant::now() > deadline {
            break ids;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let (status, stderr) = stop(child).await;
    assert_eq!(ids.len(), 2, "{stderr}");
    assert!(status.success());
    assert!(stderr.contains("Config reloaded"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_config_on_reload_keeps_the_old_one_running() {
    let server = TestServer::start().await;
    server.route("/a.xml", vec![nato_wire()]);
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let cfg = ws.config(&config_text(&server, &["a"], ""));
    let mut child = spawn_daemon(&cfg);
    let log = DaemonLog::follow(&mut child);
    server.wait_for("/hook", 1, Duration::from_secs(30)).await;
    // Two problems: a wrong type (which used to hide the rest) and an
    // unknown sink type.
    ws.config(
        &config_text(&server, &["a"], "")
            .replace("type = \"webhook\"", "type = \"pager\"")
            .replace("interval = \"1s\"", "interval = 1"),
    );
    signal(&child, "HUP");
    // The reload was tried and refused; from then on, count polls.
    assert!(
        log.wait_for(
            "Reload failed; the previous config stays in force",
            1,
            Duration::from_secs(10)
        )
        .await,
        "{}",
        log.text()
    );
    let before = server.received("/a.xml").len();
    server
        .wait_for("/a.xml", before + 2, Duration::from_secs(20))
        .await;
    assert!(
        server.received("/a.xml").len() >= before + 2,
        "still polling with the old config"
    );
    let (status, _) = stop(child).await;
    let stderr = log.finished();
    assert!(status.success(), "{stderr}");
    assert!(
        stderr.contains("Reload failed; the previous config stays in force"),
        "{stderr}"
    );
    assert!(
        stderr.contains("feedwatch.toml:"),
        "the error names the file and line: {stderr}"
    );
    // Each problem is its own log event (its own line, its own journal
    // record), with the file and line.
    let problems: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("Config problem"))
        .collect();
    assert_eq!(problems.len(), 2, "{stderr}");
    assert!(
        problems
            .iter()
            .any(|l| l.contains("feed[0].interval: invalid type"))
            && problems
                .iter()
                .any(|l| l.contains("unknown sink type `pager`")),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feedwatch_reload_signals_the_running_daemon() {
    let server = TestServer::start().await;
    server.route("/a.xml", vec![nato_wire()]);
    server.route("/b.xml", vec![Canned::ok(second_story())]);
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let cfg = ws.config(&config_text(&server, &["a"], ""));
    let child = spawn_daemon(&cfg);
    server.wait_for("/a.xml", 1, Duration::from_secs(30)).await;
    ws.config(&config_text(&server, &["a", "b"], ""));
    let out = run_binary_async(
        &["reload", "--config", cfg.to_str().expect("utf-8")],
        Duration::from_secs(30),
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        server
            .wait_for("/b.xml", 1, Duration::from_secs(30))
            .await
            .len(),
        1
    );
    let (status, _) = stop(child).await;
    assert!(status.success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_during_a_slow_poll_exits_zero_and_loses_nothing() {
    let server = TestServer::start().await;
    server.route(
        "/a.xml",
        vec![nato_wire().delayed(Duration::from_millis(1500))],
    );
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let cfg = ws.config(&config_text(
        &server,
        &["a"],
        "[service]\nshutdown_timeout = \"5s\"\n",
    ));
    let child = spawn_daemon(&cfg);
    server.wait_for("/a.xml", 1, Duration::from_secs(30)).await;
    let stopped_at = Instant::now();
    let (status, stderr) = stop(child).await;
    assert!(status.success(), "{stderr}");
    assert!(
        stopped_at.elapsed() < Duration::from_secs(5),
        "within the shutdown timeout"
    );
    // The in-flight poll finished and committed: its alert was stored, and
    // is delivered now if it was not before the stop.
    server.route("/a.xml", vec![Canned::status(304)]);
    let cfg2 = cfg.clone();
    tokio::task::spawn_blocking(move || run_once(&cfg2))
        .await
        .expect("join");
    let ids: std::collections::HashSet<String> = server
        .received("/hook")
        .iter()
        .map(|r| r.json()["id"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        ids.len(),
        1,
        "the alert of the interrupted cycle is not lost: {stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_sigterm_exits_at_once() {
    let server = TestServer::start().await;
    server.route(
        "/a.xml",
        vec![Canned::status(200).delayed(Duration::from_secs(20))],
    );
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let cfg = ws.config(&config_text(
        &server,
        &["a"],
        "[service]\nshutdown_timeout = \"30s\"\n[fetch]\ntimeout = \"60s\"\n",
    ));
    let mut child = spawn_daemon(&cfg);
    let log = DaemonLog::follow(&mut child);
    server.wait_for("/a.xml", 1, Duration::from_secs(30)).await;
    signal(&child, "TERM");
    // The first SIGTERM was taken (and a stop is under way, held up by
    // the slow poll) before the second is sent.
    assert!(
        log.wait_for("SIGTERM received: stopping", 1, Duration::from_secs(10))
            .await,
        "{}",
        log.text()
    );
    let second = Instant::now();
    signal(&child, "TERM");
    let (status, _) =
        tokio::task::spawn_blocking(move || wait_exit(child, Duration::from_secs(10)))
            .await
            .expect("join");
    let stderr = log.finished();
    assert!(
        second.elapsed() < Duration::from_secs(3),
        "{:?}",
        second.elapsed()
    );
    assert!(status.success(), "{stderr}");
    assert!(stderr.contains("received again: exiting now"), "{stderr}");
    // The database is intact: a new run works on it.
    server.route("/a.xml", vec![nato_wire()]);
    tokio::task::spawn_blocking(move || run_once(&cfg))
        .await
        .expect("join");
    assert_eq!(server.received("/hook").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_instance_on_the_same_database_is_refused() {
    let server = TestServer::start().await;
    server.route("/a.xml", vec![nato_wire()]);
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let cfg = ws.config(&config_text(&server, &["a"], ""));
    let mut first = spawn_daemon(&cfg);
    server.wait_for("/a.xml", 1, Duration::from_secs(30)).await;
    let out = run_binary_async(
        &["run", "--once", "--config", cfg.to_str().expect("utf-8")],
        Duration::from_secs(30),
    )
    .await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains(&format!(
            "another feedwatch (pid {}) is running on this database",
            first.id()
        )),
        "{stderr}"
    );
    assert!(
        first.try_wait().expect("wait").is_none(),
        "the first instance keeps running"
    );
    let (status, _) = stop(first).await;
    assert!(status.success());
}

#[test]
fn older_databases_migrate_and_newer_ones_are_refused() {
    let ws = Workspace::new();
    let cfg = ws.config(
        "[storage]\npath = \"fw.db\"\n\n[[feed]]\nname = \"demo\"\nurl = \"file:demo.xml\"\nbackfill = \"all\"\n\n[[topic]]\nname = \"t\"\nquery = 'NATO'\n\n[[sink]]\nname = \"out\"\ntype = \"stdout\"\n",
    );
    std::fs::write(ws.path("demo.xml"), wire_feed("n", "https://x.example/n")).expect("feed");
    // An empty database (schema version 0, as a pre-release feedwatch left it) is migrated.
    rusqlite_version(&ws.path("fw.db"), 0);
    let (stdout, _) = run_once(&cfg);
    assert_eq!(
        stdout.lines().count(),
        2,
        "NATO matches two sample stories: {stdout}"
    );
    // A database from a newer feedwatch is refused with a clear message.
    rusqlite_version(&ws.path("fw.db"), 999);
    let out = run_binary(
        &["run", "--once", "--config", cfg.to_str().expect("utf-8")],
        Duration::from_secs(30),
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("newer than this feedwatch understands"),
        "{stderr}"
    );
    assert!(Path::new(&ws.path("fw.db")).exists());
}

fn rusqlite_version(path: &Path, version: i64) {
    let conn = rusqlite::Connection::open(path).expect("open db");
    conn.pragma_update(None, "user_version", version)
        .expect("set version");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigint_stops_cleanly_too() {
    let server = TestServer::start().await;
    server.route("/a.xml", vec![nato_wire()]);
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let cfg = ws.config(&config_text(&server, &["a"], ""));
    let child = spawn_daemon(&cfg);
    server.wait_for("/hook", 1, Duration::from_secs(30)).await;
    signal(&child, "INT");
    let (status, stderr) =
        tokio::task::spawn_blocking(move || wait_exit(child, Duration::from_secs(20)))
            .await
            .expect("join");
    assert!(status.success(), "{stderr}");
    assert!(
        stderr.contains("SIGINT received: stopping") && stderr.contains("Stopped"),
        "{stderr}"
    );
}
