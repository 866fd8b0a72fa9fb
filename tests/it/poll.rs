//! `feedwatch poll` (issue 12): through a running daemon (the database is
//! told, the daemon woken with SIGUSR1, each result read back), and without
//! one (polled in the command itself, alerts delivered); names checked,
//! disabled feeds said to be so, `--json` one object a line.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::*;

/// Feeds polled hourly (so only a request polls them again), the usual
/// topic and a webhook sink.
fn config(server: &TestServer, feeds: &[&str]) -> String {
    let mut text = String::from(
        "[storage]\npath = \"fw.db\"\n\n[delivery]\nretry_initial = \"100ms\"\npoll_interval = \"100ms\"\n\n",
    );
    for name in feeds {
        text.push_str(&format!(
            "[[feed]]\nname = \"{name}\"\nurl = \"{}\"\ninterval = \"1h\"\n\n",
            server.url(&format!("/{name}.xml"))
        ));
    }
    text.push_str(&format!(
        "[[topic]]\nname = \"defense-ai-contracts\"\nquery = '{TOPIC_QUERY}'\n\n[[sink]]\nname = \"ops\"\ntype = \"webhook\"\nurl = \"{}\"\n",
        server.url("/hook")
    ));
    text
}

/// An old, unrelated item: what the feed held at its first poll.
fn quiet_feed() -> Canned {
    Canned::ok(rss(&[(
        "old-1",
        "https://news.example.org/old",
        "Harbour reopens after storm",
        "Ferries run again.",
        &recent_date(),
    )]))
}

async fn poll(args: &[&str]) -> (Option<i32>, String, String) {
    let out = run_binary_async(args, Duration::from_secs(90)).await;
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Waits (bounded) until every named feed's first poll is recorded.
async fn wait_recorded(db: &Path, names: &[&str]) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let done = rusqlite::Connection::open(db).ok().and_then(|conn| {
            conn.query_row(
                "SELECT COUNT(*) FROM feeds WHERE last_polled_at IS NOT NULL",
                [],
                |row| row.get::<_, i64>(0),
            )
            .ok()
        });
        if done.is_some_and(|n| n as usize >= names.len()) {
            return;
        }
        assert!(Instant::now() < deadline, "{names:?} never polled");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn poll_goes_through_the_running_daemon() {
    let server = TestServer::start().await;
    server.route("/a.xml", vec![quiet_feed()]);
    server.route("/gone.xml", vec![Canned::status(410)]);
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let cfg = ws.config(&config(&server, &["a", "gone"]));
    let cfg = cfg.to_str().expect("utf-8");
    let child = spawn_daemon(Path::new(cfg));
    wait_recorded(&ws.path("fw.db"), &["a", "gone"]).await;

    // New items arrive; an hourly feed would show them in an hour.
    server.route("/a.xml", vec![nato_wire()]);
    let asked = Instant::now();
    let (code, out, err) = poll(&["poll", "--config", cfg, "--timeout", "60s", "a"]).await;
    assert_eq!(code, Some(0), "{out}{err}");
    assert_eq!(
        out.trim_end(),
        "a  ok (200): 4 new items, 1 alert (defense-ai-contracts)",
        "{err}"
    );
    assert!(asked.elapsed() < Duration::from_secs(60));
    assert_eq!(server.received("/a.xml").len(), 2, "one poll per request");

    // Again, as JSON: the same feed, nothing new this time.
    let (code, out, err) = poll(&["poll", "--config", cfg, "--json", "a"]).await;
    assert_eq!(code, Some(0), "{out}{err}");
    let line: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON line");
    assert_eq!(line["feed"], "a");
    assert_eq!(line["result"], "ok");
    assert_eq!(line["status"], "200");
    assert_eq!(line["new_items"], 0);
    assert!(line["polled_at"].as_str().is_some_and(|t| t.ends_with('Z')));

    // A disabled feed is said to be so, and not polled.
    let (code, out, _) = poll(&["poll", "--config", cfg, "gone"]).await;
    assert_eq!(code, Some(1), "{out}");
    assert!(out.starts_with("gone  disabled, not polled: "), "{out}");
    assert!(out.contains("410"), "{out}");
    assert_eq!(server.received("/gone.xml").len(), 1);

    // Unknown names are refused with the valid ones.
    let (code, out, err) = poll(&["poll", "--config", cfg, "a", "nope"]).await;
    assert_eq!(code, Some(1));
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("no feed named `nope`") && err.contains("the feeds are: a, gone"),
        "{err}"
    );

    let delivered = server.wait_for("/hook", 1, Duration::from_secs(30)).await;
    let (status, stderr) = stop(child).await;
    assert!(status.success(), "{stderr}");
    assert!(stderr.contains("SIGUSR1 received"), "{stderr}");
    assert_eq!(
        delivered.len(),
        1,
        "the daemon delivers the alert: {stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn poll_without_a_daemon_polls_here_and_delivers() {
    let server = TestServer::start().await;
    server.route("/a.xml", vec![nato_wire()]);
    server.route("/b.xml", vec![quiet_feed()]);
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let cfg = ws.config(&config(&server, &["a", "b"]));
    let cfg = cfg.to_str().expect("utf-8");

    let (code, out, err) = poll(&["poll", "--config", cfg, "a"]).await;
    assert_eq!(code, Some(0), "{out}{err}");
    assert_eq!(
        out.trim_end(),
        "a  ok (200): 4 new items, 1 alert (defense-ai-contracts)",
        "{err}"
    );
    assert!(server.received("/b.xml").is_empty(), "only the feed named");
    assert_eq!(server.received("/hook").len(), 1, "delivered: {err}");
    assert!(err.contains("alerts: 1 delivered, 0 pending"), "{err}");
    // The database it had to create is named, with what named it.
    let db = ws.path("fw.db");
    assert!(
        err.contains(&format!(
            "note: created a new database {} (storage.path in {cfg})",
            db.display()
        )),
        "{err}"
    );

    let (code, out, err) = poll(&["poll", "--config", cfg, "--all"]).await;
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(!err.contains("created a new database"), "{err}");
    let mut lines: Vec<&str> = out.lines().collect();
    lines.sort_unstable();
    assert_eq!(
        lines,
        ["a  ok (200): no new items", "b  ok (200): 1 new item"],
        "{err}"
    );
    assert_eq!(server.received("/hook").len(), 1, "nothing sent twice");

    // `--db` is a SQLite file: with PostgreSQL configured it is refused.
    let pg = ws.path("pg.toml");
    std::fs::write(
        &pg,
        "[storage]\nurl = \"postgres://feedwatch@127.0.0.1:1/feedwatch\"\n\n[[feed]]\nname = \"a\"\nurl = \"https://example.org/a.xml\"\n",
    )
    .expect("write config");
    let pg = pg.to_str().expect("utf-8");
    let (code, _, err) = poll(&["poll", "--config", pg, "--db", "x.db", "a"]).await;
    assert_eq!(code, Some(1));
    assert!(err.contains("--db names a SQLite file, but"), "{err}");

    // The lock was released: a daemon starts on the database afterwards,
    // and a request sent while it starts up does not kill it.
    let child = spawn_daemon(Path::new(cfg));
    let lock = ws.path("fw.db.lock");
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::fs::read_to_string(&lock).ok() != Some(child.id().to_string()) {
        assert!(Instant::now() < deadline, "the daemon never took the lock");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let (code, out, err) = poll(&["poll", "--config", cfg, "b"]).await;
    let (status, stderr) = stop(child).await;
    assert_eq!(code, Some(0), "{out}{err}\n{stderr}");
    assert_eq!(out.trim_end(), "b  ok (200): no new items", "{err}");
    assert!(status.success(), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn poll_without_a_daemon_says_it_stopped_a_poll_past_the_timeout() {
    let server = TestServer::start().await;
    // Answers long after the command's timeout (bounded: 3 s).
    server.route(
        "/slow.xml",
        vec![quiet_feed().delayed(Duration::from_secs(3))],
    );
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let cfg = ws.config(&config(&server, &["slow"]));
    let cfg = cfg.to_str().expect("utf-8");
    let (code, out, err) = poll(&["poll", "--config", cfg, "slow", "--timeout", "200ms"]).await;
    assert_eq!(code, Some(1), "{out}{err}");
    // No daemon runs: the message must not send the user looking for one.
    assert_eq!(
        out.trim_end(),
        "slow  no poll within 200ms: stopped (a slow server? a longer --timeout waits for it)",
        "{err}"
    );
}
