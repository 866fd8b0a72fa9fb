//! The pipeline end to end through the real binary: poll, match, store,
//! alert, dedup across polls and restarts, retries, broken feeds.

use std::time::Duration;

use crate::support::*;

fn config(ws: &Workspace, feeds: &[(&str, String)], hook: &str, extra: &str) -> std::path::PathBuf {
    let mut text = format!(
        "[storage]\npath = \"state/feedwatch.db\"\n\n[defaults]\ninterval = \"1s\"\n\n{extra}\n"
    );
    for (name, url) in feeds {
        text.push_str(&format!("[[feed]]\nname = \"{name}\"\nurl = \"{url}\"\ninterval = \"1s\"\ntags = [\"defense\"]\n\n"));
    }
    text.push_str(&format!(
        "[[topic]]\nname = \"defense-ai-contracts\"\nquery = '{TOPIC_QUERY}'\nfeeds = [\"tag:defense\"]\nnotify = [\"ops\"]\n\n[[sink]]\nname = \"ops\"\ntype = \"webhook\"\nurl = \"{hook}\"\n"
    ));
    ws.config(&text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alerts_once_across_polls_and_restarts() {
    let server = TestServer::start().await;
    server.route("/wire.xml", vec![nato_wire()]);
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let cfg = wire_config(&ws, &server, "");

    let (_, stderr) = tokio::task::spawn_blocking({
        let cfg = cfg.clone();
        move || run_once(&cfg)
    })
    .await
    .expect("join");
    let hooks = server.received("/hook");
    assert_eq!(
        hooks.len(),
        1,
        "exactly one alert expected; stderr:\n{stderr}"
    );
    let alert = hooks[0].json();
    assert_eq!(alert["version"], 1);
    assert_eq!(alert["topic"], "defense-ai-contracts");
    assert_eq!(alert["item"]["title"], NATO_TITLE);
    assert_eq!(
        alert["item"]["link"],
        "https://news.example.org/openai-nato"
    );
    assert_eq!(alert["item"]["feed"], "wire");
    assert_eq!(alert["item"]["guid"], "nato-1");
    assert!(
        alert["item"]["summary"]
            .as_str()
            .is_some_and(|s| s.contains("non-classified"))
    );
    assert!(alert["item"]["published"].as_str().is_some());
    assert!(alert["detected_at"].as_str().is_some());
    let matched: Vec<String> = alert["matched"]
        .as_array()
        .expect("matched is an array")
        .iter()
        .map(|m| m["term"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(matched.iter().any(|t| t == "NATO"), "matched: {matched:?}");
    let id = alert["id"].as_str().expect("id").to_string();
    assert_eq!(hooks[0].headers.get("webhook-id"), Some(&id));
    assert_eq!(
        hooks[0].headers.get("content-type").map(String::as_str),
        Some("application/json")
    );

    // A second poll in a new process on the same database: nothing more.
    tokio::task::spawn_blocking({
        let cfg = cfg.clone();
        move || run_once(&cfg)
    })
    .await
    .expect("join");
    // And the daemon, restarted on the same database, polling a few times.
    let before = server.received("/wire.xml").len();
    let child = spawn_daemon(&cfg);
    let polled = server
        .wait_for("/wire.xml", before + 3, Duration::from_secs(20))
        .await;
    let (status, stderr) = stop(child).await;
    assert!(status.success(), "daemon exit: {status:?}\n{stderr}");
    assert!(
        polled.len() >= before + 3,
        "the restarted daemon polled {} times, not 3:\n{stderr}",
        polled.len() - before
    );
    assert_eq!(
        server.received("/hook").len(),
        1,
        "no re-alert after restart:\n{stderr}"
    );
}

/// A known feed's poll prepares (matches, story features, alert drafts)
/// only the entries that turn out new, inside its transaction: the item
/// that appears on the second poll is matched, stored with its match and
/// alerted once; the items seen before are not alerted again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_item_in_a_known_feed_is_matched_and_alerted_once() {
    let server = TestServer::start().await;
    let date = recent_date();
    let quiet = [
        (
            "q-1",
            "https://news.example.org/markets",
            "Markets close higher",
            "Stocks rose on Tuesday.",
            date.as_str(),
        ),
        (
            "q-2",
            "https://news.example.org/weather",
            "Storm warning for the coast",
            "Forecasters expect strong winds.",
            date.as_str(),
        ),
    ];
    let mut grown = quiet.to_vec();
    grown.insert(
        0,
        (
            "nato-1",
            "https://news.example.org/openai-nato",
            NATO_TITLE,
            NATO_SUMMARY,
            date.as_str(),
        ),
    );
    server.route(
        "/wire.xml",
        vec![Canned::ok(rss(&quiet)), Canned::ok(rss(&grown))],
    );
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let cfg = wire_config(&ws, &server, "");
    for _ in 0..3 {
        let cfg = cfg.clone();
        tokio::task::spawn_blocking(move || run_once(&cfg))
            .await
            .expect("join");
    }
    assert_eq!(server.received("/wire.xml").len(), 3, "three polls");
    let hooks = server.received("/hook");
    assert_eq!(hooks.len(), 1, "one alert, for the new item only");
    let alert = hooks[0].json();
    assert_eq!(alert["topic"], "defense-ai-contracts");
    assert_eq!(alert["item"]["guid"], "nato-1");
    assert!(
        alert["matched"]
            .as_array()
            .is_some_and(|m| m.iter().any(|t| t["term"] == "NATO")),
        "{alert}"
    );
    let db = ws.path("state/feedwatch.db");
    let conn = rusqlite::Connection::open(&db).expect("open the database");
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect(sql) };
    assert_eq!(count("SELECT COUNT(*) FROM items"), 3);
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM matches m JOIN items i ON i.id = m.item_id \
             WHERE i.guid = 'nato-1' AND m.topic = 'defense-ai-contracts'"
        ),
        1,
        "the new item's match is stored"
    );
    assert_eq!(count("SELECT COUNT(*) FROM matches"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changed_guid_and_tracking_parameter_do_not_realert() {
    let server = TestServer::start().await;
    server.route("/wire.xml", vec![nato_wire()]);
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let cfg = wire_config(&ws, &server, "");
    cycle(&cfg).await;
    assert_eq!(server.received("/hook").len(), 1);

    // The publisher regenerates GUIDs.
    server.route(
        "/wire.xml",
        vec![Canned::ok(wire_feed(
            "nato-1-v2",
            "https://news.example.org/openai-nato",
        ))],
    );
    cycle(&cfg).await;
    // ... and adds tracking parameters to links, with yet another GUID.
    server.route(
        "/wire.xml",
        vec![Canned::ok(wire_feed(
            "urn:uuid:7b1c",
            "https://www.news.example.org/openai-nato/?utm_source=rss&utm_medium=feed#top",
        ))],
    );
    let stderr = cycle(&cfg).await;
    assert_eq!(server.received("/hook").len(), 1, "re-alerted:\n{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn items_that_all_link_to_the_home_page_are_each_stored_and_alerted() {
    // Some feeds give every item the site's home page as its link: the
    // link then identifies none of them (each is told by its GUID), and
    // nothing is taken for an edit of the first.
    let server = TestServer::start().await;
    let date = recent_date();
    let home = "https://www.example.org/";
    let feed = rss(&[
        (
            "p-1",
            home,
            "Pentagon signs AI contract with Acme for drone analysis",
            "The Pentagon signed an AI contract with Acme.",
            &date,
        ),
        (
            "p-2",
            home,
            "NATO agrees AI deal with Baltic startup",
            "NATO agreed a deal for AI software.",
            &date,
        ),
        (
            "p-3",
            home,
            "Storm closes ports along the coast",
            "A storm closed the ports.",
            &date,
        ),
    ]);
    server.route("/wire.xml", vec![Canned::ok(feed)]);
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let cfg = wire_config(&ws, &server, "");
    let stderr = cycle(&cfg).await;
    assert!(stderr.contains("new_items=3"), "{stderr}");
    let titles = hook_titles(&server);
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles.iter().any(|t| t.starts_with("Pentagon signs")));
    assert!(titles.iter().any(|t| t.starts_with("NATO agrees")));
    // Polled again: nothing new, nothing re-alerted, no item edited.
    let stderr = cycle(&cfg).await;
    assert!(stderr.contains("new_items=0"), "{stderr}");
    assert_eq!(server.received("/hook").len(), 2);
    let show_item = |item: &str| show(&ws, &cfg, item);
    let text = String::from_utf8_lossy(&show_item("p-2").stdout).into_owned();
    assert!(text.contains("NATO agrees AI deal"), "{text}");
    assert!(!text.contains("edited"), "{text}");
    assert!(
        text.contains("it identifies no item: a site's front page, or a page other items link"),
        "{text}"
    );
    // Their shared link names all three: `show` asks for an id.
    let err = String::from_utf8_lossy(&show_item(home).stderr).into_owned();
    assert!(err.contains("names 3 items"), "{err}");
    assert!(err.contains("give an id instead"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_feeds_linking_one_front_page_each_alert() {
    // Two feeds, one item each (so no document shows a link shared), both
    // linking to one site's front page: two events. The front page used
    // to be the first item's key, and the second feed's item was taken
    // for it: seen, never stored or alerted.
    let server = TestServer::start().await;
    let date = recent_date();
    let front = "https://www.example.org/";
    server.route(
        "/a.xml",
        vec![Canned::ok(rss(&[(
            "a-1",
            front,
            "Pentagon signs AI contract with Acme for drone analysis",
            "The Pentagon signed an AI contract with Acme.",
            &date,
        )]))],
    );
    server.route(
        "/b.xml",
        vec![Canned::ok(rss(&[(
            "b-1",
            front,
            "NATO agrees AI deal with Baltic startup",
            "NATO agreed a deal for AI software.",
            &date,
        )]))],
    );
    let stderr = feeds_a_and_b_once(&server).await;
    assert!(stderr.contains("new_items=2"), "{stderr}");
    assert_eq!(server.received("/hook").len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_feed_showing_one_item_at_a_time_linked_to_its_front_page_alerts_each() {
    // No GUIDs, one item per document, every item linking to the site's
    // front page: each poll's item used to be taken for the first one (an
    // edit of it), never stored or alerted.
    let server = TestServer::start().await;
    let date = recent_date();
    let front = "https://www.example.org/";
    let one = |title: &str, summary: &str| rss(&[("", front, title, summary, &date)]);
    server.route(
        "/wire.xml",
        vec![Canned::ok(one(
            "Pentagon signs AI contract with Acme for drone analysis",
            "The Pentagon signed an AI contract with Acme.",
        ))],
    );
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let cfg = wire_config(&ws, &server, "");
    let stderr = cycle(&cfg).await;
    assert!(stderr.contains("new_items=1"), "{stderr}");
    server.route(
        "/wire.xml",
        vec![Canned::ok(one(
            "NATO agrees AI deal with Baltic startup",
            "NATO agreed a deal for AI software.",
        ))],
    );
    let stderr = cycle(&cfg).await;
    assert!(stderr.contains("new_items=1"), "{stderr}");
    assert_eq!(server.received("/hook").len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn items_shown_one_at_a_time_or_by_two_feeds_linked_to_one_live_page_each_alert() {
    // A live page (not a front page, so a link like any other), linked by
    // one feed's items shown one at a time with GUIDs, then by another
    // feed's single item: each later item was taken for the first one
    // (its GUID changed, or another feed carrying it), never stored or
    // alerted. The same text under a new GUID is still the same item.
    let server = TestServer::start().await;
    let date = recent_date();
    let live = "https://www.example.org/world/live";
    let pentagon = (
        "Pentagon signs AI contract with Acme for drone analysis",
        "The Pentagon signed an AI contract with Acme.",
    );
    let nato = (
        "NATO agrees AI deal with Baltic startup",
        "NATO agreed a deal for AI software.",
    );
    let one =
        |guid: &str, (title, summary): (&str, &str)| rss(&[(guid, live, title, summary, &date)]);
    server.route("/a.xml", vec![Canned::ok(one("a-1", pentagon))]);
    server.route("/b.xml", vec![Canned::ok(rss(&[]))]);
    let ws = Workspace::new();
    let cfg = a_and_b_config(&ws, &server);
    server.route("/hook", vec![Canned::status(200)]);
    let stderr = cycle(&cfg).await;
    assert!(stderr.contains("new_items=1"), "{stderr}");
    server.route("/a.xml", vec![Canned::ok(one("a-2", nato))]);
    let stderr = cycle(&cfg).await;
    assert!(stderr.contains("new_items=1"), "{stderr}");
    assert_eq!(server.received("/hook").len(), 2);
    // Another feed's item on the same page, telling a third event.
    let helsing = (
        "Helsing wins military AI contract for Baltic air defence",
        "The military signed an AI contract with Helsing in Riga.",
    );
    server.route("/b.xml", vec![Canned::ok(one("b-1", helsing))]);
    server.route("/a.xml", vec![Canned::ok(one("a-1-regenerated", pentagon))]);
    let stderr = cycle(&cfg).await;
    assert!(stderr.contains("new_items=1"), "{stderr}");
    let titles = hook_titles(&server);
    assert_eq!(titles, [pentagon.0, nato.0, helsing.0], "{stderr}");
    // The page names the first item by its key and the two others that
    // link to it: `show` asks for an id.
    let err = String::from_utf8_lossy(&show(&ws, &cfg, live).stderr).into_owned();
    assert!(err.contains("names 3 items"), "{err}");
    assert!(err.contains("give an id instead"), "{err}");
}

/// The titles of the alerts the server's `/hook` received, in order.
fn hook_titles(server: &TestServer) -> Vec<String> {
    server
        .received("/hook")
        .iter()
        .map(|r| r.json()["item"]["title"].as_str().unwrap_or("").to_string())
        .collect()
}

/// `feedwatch show ITEM` on the workspace's database.
fn show(ws: &Workspace, cfg: &std::path::Path, item: &str) -> std::process::Output {
    let db = ws.path("state/feedwatch.db");
    run_binary(
        &[
            "show",
            "--config",
            cfg.to_str().expect("UTF-8"),
            "--db",
            db.to_str().expect("a UTF-8 temp path"),
            item,
        ],
        Duration::from_secs(30),
    )
}

/// The config of one feed `wire` (the server's `/wire.xml`) alerting to
/// the server's `/hook`, with `extra` TOML.
fn wire_config(ws: &Workspace, server: &TestServer, extra: &str) -> std::path::PathBuf {
    config(
        ws,
        &[("wire", server.url("/wire.xml"))],
        &server.url("/hook"),
        extra,
    )
}

/// One `run --once` with `cfg`, off the runtime's threads; its log.
async fn cycle(cfg: &std::path::Path) -> String {
    let cfg = cfg.to_path_buf();
    let (_, stderr) = tokio::task::spawn_blocking(move || run_once(&cfg))
        .await
        .expect("join");
    stderr
}

/// The config of the server's `/a.xml` and `/b.xml` as feeds `a` and `b`,
/// alerting to its `/hook`.
fn a_and_b_config(ws: &Workspace, server: &TestServer) -> std::path::PathBuf {
    config(
        ws,
        &[("a", server.url("/a.xml")), ("b", server.url("/b.xml"))],
        &server.url("/hook"),
        "",
    )
}

/// One cycle over the server's `/a.xml` and `/b.xml` as feeds `a` and `b`,
/// alerting to its `/hook`; the cycle's log.
async fn feeds_a_and_b_once(server: &TestServer) -> String {
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let cfg = a_and_b_config(&ws, server);
    cycle(&cfg).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_headline_from_another_outlet_is_one_story() {
    let server = TestServer::start().await;
    let date = recent_date();
    server.route(
        "/a.xml",
        vec![Canned::ok(wire_feed(
            "a-1",
            "https://outlet-a.example/nato-openai",
        ))],
    );
    server.route(
        "/b.xml",
        vec![Canned::ok(rss(&[(
            "b-77",
            "https://outlet-b.example/2026/openai-nato-deal",
            NATO_TITLE,
            NATO_SUMMARY,
            &date,
        )]))],
    );
    feeds_a_and_b_once(&server).await;
    assert_eq!(
        server.received("/hook").len(),
        1,
        "one alert per story, not per outlet"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_retries_with_the_same_id_and_survives_a_kill() {
    let server = TestServer::start().await;
    server.route("/wire.xml", vec![nato_wire()]);
    server.route(
        "/hook",
        vec![
            Canned::status(500),
            // The kill lands while the second try waits for its answer,
            // so no third try can slip in before it (it did under load).
            Canned::status(500).delayed(Duration::from_secs(5)),
            Canned::status(500),
            Canned::status(200),
        ],
    );
    let ws = Workspace::new();
    let cfg = wire_config(
        &ws,
        &server,
        "[delivery]\nretry_initial = \"100ms\"\nretry_max = \"400ms\"\npoll_interval = \"100ms\"\n",
    );
    let child = spawn_daemon(&cfg);
    let before_kill = server.wait_for("/hook", 2, Duration::from_secs(30)).await;
    assert!(before_kill.len() >= 2, "two failed tries before the kill");
    signal(&child, "KILL");
    let (killed, killed_stderr) =
        tokio::task::spawn_blocking(move || wait_exit(child, Duration::from_secs(10)))
            .await
            .expect("join the waiting thread");
    assert!(!killed.success(), "SIGKILL ends the daemon: {killed:?}");
    // Restarted on the same database: the retries go on where they were.
    let child = spawn_daemon(&cfg);
    let got = server.wait_for("/hook", 4, Duration::from_secs(30)).await;
    assert_eq!(got.len(), 4, "3 failures then a success");
    // Once the success is recorded, the outbox never sends it again.
    let db = ws.path("state/feedwatch.db");
    let recorded = wait_until(Duration::from_secs(10), || {
        delivery_status(&db).as_deref() == Some("delivered")
    })
    .await;
    let (status, stderr) = stop(child).await;
    assert!(status.success(), "{stderr}");
    assert!(recorded, "the delivery is recorded as delivered:\n{stderr}");
    let got_all = server.received("/hook");
    assert_eq!(got_all.len(), 4, "nothing after the 200:\n{stderr}");
    let ids: Vec<_> = got_all.iter().map(|r| r.json()["id"].clone()).collect();
    assert!(
        ids.iter().all(|id| *id == ids[0]),
        "same id on every try, across the kill: {ids:?}"
    );
    let header_ids: Vec<_> = got_all
        .iter()
        .map(|r| r.headers.get("webhook-id").cloned())
        .collect();
    assert!(header_ids.iter().all(|h| h.as_deref() == ids[0].as_str()));
    // Backoff: the gaps grow (100ms, then 200ms nominal, ±20%). The
    // second gap spans the kill and restart: the try cut off by the kill
    // has no recorded result, so the restarted daemon sends it again at
    // once, as its second attempt.
    let gaps: Vec<Duration> = got_all.windows(2).map(|w| w[1].at - w[0].at).collect();
    assert!(gaps[0] >= Duration::from_millis(70), "{gaps:?}");
    assert!(gaps[2] >= Duration::from_millis(140), "{gaps:?}");
    assert!(
        stderr.contains("will retry") || killed_stderr.contains("will retry"),
        "{killed_stderr}\n{stderr}"
    );
}

/// The status of the only delivery in the database, if there is one.
fn delivery_status(db: &std::path::Path) -> Option<String> {
    let conn = rusqlite::Connection::open(db).ok()?;
    conn.query_row("SELECT status FROM deliveries", [], |row| row.get(0))
        .ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pending_alert_is_delivered_after_kill_and_restart() {
    let server = TestServer::start().await;
    server.route("/wire.xml", vec![nato_wire()]);
    server.route("/hook", vec![Canned::status(503)]);
    let ws = Workspace::new();
    let cfg = wire_config(
        &ws,
        &server,
        "[delivery]\nretry_initial = \"200ms\"\nretry_max = \"200ms\"\npoll_interval = \"100ms\"\n",
    );
    let child = spawn_daemon(&cfg);
    server.wait_for("/hook", 2, Duration::from_secs(30)).await;
    signal(&child, "KILL");
    let _ = tokio::task::spawn_blocking(move || wait_exit(child, Duration::from_secs(10))).await;
    let failed_tries = server.received("/hook");
    assert!(failed_tries.len() >= 2);
    let id = failed_tries[0].json()["id"].clone();

    server.route("/hook", vec![Canned::status(200)]);
    let stderr = cycle(&cfg).await;
    let all = server.received("/hook");
    assert_eq!(all.len(), failed_tries.len() + 1, "{stderr}");
    assert_eq!(all.last().map(|r| r.json()["id"].clone()), Some(id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broken_feeds_are_reported_and_the_others_processed() {
    let server = TestServer::start().await;
    server.route("/good.xml", vec![nato_wire()]);
    server.route(
        "/garbage.xml",
        vec![Canned::ok(b"\x00\x01this is <not> a feed {{{".to_vec())],
    );
    server.route(
        "/slow.xml",
        vec![Canned::ok(wire_feed("x", "https://x.example/y")).delayed(Duration::from_secs(5))],
    );
    server.route("/gone.xml", vec![Canned::status(404)]);
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let cfg = config(
        &ws,
        &[
            ("good", server.url("/good.xml")),
            ("garbage", server.url("/garbage.xml")),
            ("slow", server.url("/slow.xml")),
            ("missing", server.url("/gone.xml")),
        ],
        &server.url("/hook"),
        "[fetch]\ntimeout = \"1s\"\n",
    );
    let (_, stderr) = tokio::task::spawn_blocking({
        let cfg = cfg.clone();
        move || run_once(&cfg)
    })
    .await
    .expect("join");
    assert_eq!(
        server.received("/hook").len(),
        1,
        "the good feed alerted:\n{stderr}"
    );
    let line_for = |path: &str| {
        stderr
            .lines()
            .find(|l| {
                l.contains(&server.url(path)) && (l.contains("failed") || l.contains("could not"))
            })
            .unwrap_or_else(|| panic!("no error line for {path}:\n{stderr}"))
            .to_string()
    };
    assert!(line_for("/gone.xml").contains("HTTP 404"));
    assert!(line_for("/slow.xml").contains("timed out"));
    let garbage = line_for("/garbage.xml");
    assert!(
        garbage.contains("parse") || garbage.contains("feed"),
        "{garbage}"
    );

    // `feeds` shows each failure with its reason.
    let out = run_binary(
        &["feeds", "--json", "--config", cfg.to_str().expect("utf-8")],
        Duration::from_secs(30),
    );
    assert!(out.status.success());
    let health: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let by_name = |name: &str| {
        health
            .as_array()
            .and_then(|a| a.iter().find(|f| f["name"] == name))
            .cloned()
            .unwrap_or_else(|| panic!("{name} missing from {health}"))
    };
    assert_eq!(by_name("missing")["last_status"], "404");
    assert_eq!(by_name("slow")["last_status"], "timeout");
    assert_eq!(by_name("garbage")["consecutive_failures"], 1);
    assert_eq!(by_name("good")["consecutive_failures"], 0);
    assert_eq!(by_name("good")["items"], 4);

    // The daemon keeps running through the same failures.
    let child = spawn_daemon(&cfg);
    server
        .wait_for("/good.xml", 3, Duration::from_secs(20))
        .await;
    assert!(is_alive(&child), "daemon died");
    let (status, stderr) = stop(child).await;
    assert!(status.success(), "{stderr}");
}

/// Whether the process still runs (`kill -0`; `try_wait` would need `&mut`).
fn is_alive(child: &std::process::Child) -> bool {
    std::process::Command::new("kill")
        .args(["-0", &child.id().to_string()])
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_poll_does_not_flood_with_old_items() {
    let server = TestServer::start().await;
    let old = (chrono::Utc::now() - chrono::Duration::days(3)).to_rfc2822();
    server.route(
        "/wire.xml",
        vec![Canned::ok(rss(&[(
            "old-1",
            "https://news.example.org/old",
            NATO_TITLE,
            NATO_SUMMARY,
            &old,
        )]))],
    );
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let cfg = wire_config(&ws, &server, "");
    tokio::task::spawn_blocking({
        let cfg = cfg.clone();
        move || run_once(&cfg)
    })
    .await
    .expect("join");
    assert_eq!(
        server.received("/hook").len(),
        0,
        "a 3-day-old item is backfill"
    );

    // A new story arriving on a later poll alerts, whatever its date.
    let date = recent_date();
    server.route(
        "/wire.xml",
        vec![Canned::ok(rss(&[
            (
                "old-1",
                "https://news.example.org/old",
                NATO_TITLE,
                NATO_SUMMARY,
                &old,
            ),
            (
                "new-1",
                "https://news.example.org/new",
                "Pentagon signs AI contract with OpenAI",
                "A new deal.",
                &date,
            ),
        ]))],
    );
    cycle(&cfg).await;
    let hooks = server.received("/hook");
    assert_eq!(hooks.len(), 1);
    assert_eq!(hooks[0].json()["item"]["guid"], "new-1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conditional_get_sends_stored_validators() {
    let server = TestServer::start().await;
    server.route(
        "/wire.xml",
        vec![
            nato_wire()
                .header("etag", "\"v1\"")
                .header("last-modified", "Tue, 03 Mar 2026 10:00:00 GMT"),
            Canned::status(304),
        ],
    );
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let cfg = wire_config(&ws, &server, "");
    for _ in 0..2 {
        let cfg = cfg.clone();
        tokio::task::spawn_blocking(move || run_once(&cfg))
            .await
            .expect("join");
    }
    let polls = server.received("/wire.xml");
    assert_eq!(polls.len(), 2);
    assert_eq!(polls[0].headers.get("if-none-match"), None);
    assert_eq!(
        polls[1].headers.get("if-none-match").map(String::as_str),
        Some("\"v1\"")
    );
    assert_eq!(
        polls[1]
            .headers
            .get("if-modified-since")
            .map(String::as_str),
        Some("Tue, 03 Mar 2026 10:00:00 GMT")
    );
    assert!(
        polls[0]
            .headers
            .get("user-agent")
            .is_some_and(|ua| ua.starts_with("feedwatch/"))
    );
}
