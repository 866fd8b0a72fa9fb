//! Issue 12: a changed interval applies at once, on SIGHUP and across a
//! restart (never waiting for the slot the old interval gave), and a reload
//! says which feeds, topics and sinks it added, removed or changed.
//!
//! "At once" is tested against the old interval of an hour: the feed must
//! be polled again within 30 s, whatever the machine's speed.

use std::time::Duration;

use crate::support::*;

/// Feeds (name, interval), one topic per query given, and sinks (name,
/// webhook path) on `server`.
fn config(
    server: &TestServer,
    feeds: &[(&str, &str)],
    topics: &[(&str, &str)],
    sinks: &[(&str, &str)],
) -> String {
    let mut text = String::from(
        "[storage]\npath = \"fw.db\"\n\n[delivery]\nretry_initial = \"100ms\"\npoll_interval = \"100ms\"\n\n",
    );
    for (name, interval) in feeds {
        text.push_str(&format!(
            "[[feed]]\nname = \"{name}\"\nurl = \"{}\"\ninterval = \"{interval}\"\n\n",
            server.url(&format!("/{name}.xml"))
        ));
    }
    for (name, query) in topics {
        text.push_str(&format!(
            "[[topic]]\nname = \"{name}\"\nquery = '{query}'\n\n"
        ));
    }
    for (name, path) in sinks {
        text.push_str(&format!(
            "[[sink]]\nname = \"{name}\"\ntype = \"webhook\"\nurl = \"{}\"\n\n",
            server.url(path)
        ));
    }
    text
}

async fn wire_server() -> TestServer {
    let server = TestServer::start().await;
    for feed in ["a", "b", "c"] {
        server.route(&format!("/{feed}.xml"), vec![nato_wire()]);
    }
    server.route("/hook", vec![Canned::status(200)]);
    server.route("/hook2", vec![Canned::status(200)]);
    server
}

const TOPIC: (&str, &str) = ("defense-ai-contracts", TOPIC_QUERY);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shorter_interval_applies_at_once_on_reload() {
    let server = wire_server().await;
    let ws = Workspace::new();
    let hourly = config(&server, &[("a", "1h")], &[TOPIC], &[("ops", "/hook")]);
    let cfg = ws.config(&hourly);
    let child = spawn_daemon(&cfg);
    assert_eq!(
        server
            .wait_for("/a.xml", 1, Duration::from_secs(30))
            .await
            .len(),
        1
    );
    ws.config(&hourly.replace("interval = \"1h\"", "interval = \"1s\""));
    signal(&child, "HUP");
    let polls = server.wait_for("/a.xml", 2, Duration::from_secs(30)).await;
    let (status, stderr) = stop(child).await;
    assert!(status.success(), "{stderr}");
    assert!(
        polls.len() >= 2,
        "the new 1 s interval waits for the old hourly slot:\n{stderr}"
    );
    assert!(
        stderr.contains("Feeds changed by the reload: a (every 1h -> every 1s)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Rescheduled feeds whose interval settings changed"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shorter_interval_applies_at_once_across_a_restart() {
    let server = wire_server().await;
    let ws = Workspace::new();
    let hourly = config(&server, &[("a", "1h")], &[TOPIC], &[("ops", "/hook")]);
    let cfg = ws.config(&hourly);
    let first = spawn_daemon(&cfg);
    server.wait_for("/hook", 1, Duration::from_secs(30)).await;
    let (status, stderr) = stop(first).await;
    assert!(status.success(), "{stderr}");
    assert_eq!(server.received("/a.xml").len(), 1, "{stderr}");
    // The first run has no last run to compare with.
    assert!(
        stderr.contains("A new database: every configured feed gets its first poll")
            && !stderr.contains("since the last run"),
        "{stderr}"
    );

    ws.config(&hourly.replace("interval = \"1h\"", "interval = \"1s\""));
    let second = spawn_daemon(&cfg);
    let polls = server.wait_for("/a.xml", 2, Duration::from_secs(30)).await;
    let (status, stderr) = stop(second).await;
    assert!(status.success(), "{stderr}");
    assert!(
        polls.len() >= 2,
        "the new interval waits for the slot the old one gave:\n{stderr}"
    );
    assert!(
        stderr.contains("Feeds changed since the last run: a (every 1h -> every 1s)"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_names_what_it_added_removed_and_changed() {
    let server = wire_server().await;
    server.route("/a2.xml", vec![nato_wire()]);
    let ws = Workspace::new();
    let before = config(
        &server,
        &[("a", "1h"), ("b", "1h")],
        &[TOPIC, ("chips", "chips"), ("gone-topic", "frigates")],
        &[("ops", "/hook"), ("old", "/hook")],
    );
    let cfg = ws.config(&before);
    let child = spawn_daemon(&cfg);
    server.wait_for("/b.xml", 1, Duration::from_secs(30)).await;
    let after = config(
        &server,
        &[("a", "1h"), ("c", "1h")],
        &[
            TOPIC,
            ("chips", "chips OR semiconductors"),
            ("new-topic", "NATO"),
        ],
        &[("ops", "/hook2"), ("new", "/hook")],
    )
    .replace("/a.xml", "/a2.xml");
    ws.config(&after);
    signal(&child, "HUP");
    let polled_c = server.wait_for("/c.xml", 1, Duration::from_secs(30)).await;
    let (status, stderr) = stop(child).await;
    assert!(status.success(), "{stderr}");
    assert_eq!(polled_c.len(), 1, "the reload applied:\n{stderr}");
    for line in [
        "Feeds added by the reload: c".to_string(),
        "Feeds removed by the reload: b".to_string(),
        format!(
            "Feeds changed by the reload: a (url {} -> {})",
            server.url("/a.xml"),
            server.url("/a2.xml")
        ),
        "Topics added by the reload: new-topic".to_string(),
        "Topics removed by the reload: gone-topic".to_string(),
        // The topics name no sinks: they notify every sink, and so change
        // with them.
        "chips (query; notify)".to_string(),
        "Sinks added by the reload: new".to_string(),
        "Sinks removed by the reload: old".to_string(),
        // Webhook URLs may hold tokens in their paths: never logged.
        "Sinks changed by the reload: ops (changed: a URL path, secret, header or template, not logged)".to_string(),
    ] {
        assert!(stderr.contains(&line), "no `{line}` in:\n{stderr}");
    }
}
