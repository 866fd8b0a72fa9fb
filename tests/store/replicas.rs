//! Replicas on one PostgreSQL database (skipped without PostgreSQL, see
//! `pg.rs`): three `feedwatch run` processes share a farm of 1,000 feeds
//! on 100 origins and one webhook receiver; one is killed with SIGKILL
//! while it polls and delivers. Also: replicas racing to migrate an empty
//! database, `migrate` from SQLite, `check`, `replicas`, and config errors.

use std::collections::{HashMap, HashSet};

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::pg::PgServer;
use crate::support::{
    Daemon, Workspace, binary, run_binary_async, signal, spawn_daemon, wait_exit,
};

const FEEDS: usize = 1_000;
const ORIGINS: usize = 100;
/// Every feed's interval (fixed): no feed may be fetched twice within it.
const INTERVAL: Duration = Duration::from_secs(40);
const LEASE: Duration = Duration::from_secs(3);

/// The farm: 1,000 feeds on 100 ports, each with an ETag (a repeat poll is
/// a 304), recording when each feed was fetched; and a webhook receiver
/// that takes 40 ms per message.
#[derive(Default)]
struct Farm {
    fetches: Mutex<HashMap<usize, Vec<Instant>>>,
    hooks: Mutex<Vec<(Instant, String, Vec<String>)>>,
}

/// The item of feed `i` that matches the topic, if it has one.
fn matching_guid(i: usize) -> Option<String> {
    i.is_multiple_of(4).then(|| format!("feed{i}-quake"))
}

fn feed_body(i: usize) -> String {
    let date = (chrono::Utc::now() - chrono::Duration::hours(2)).to_rfc2822();
    let mut out = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>farm</title><link>http://farm/</link><description>d</description>",
    );
    for (guid, title) in [
        (
            format!("feed{i}-a"),
            format!("Council {i} debates budget number {i}"),
        ),
        (
            format!("feed{i}-b"),
            format!("Harbour {i} opens new pier {i}"),
        ),
    ]
    .into_iter()
    .chain(matching_guid(i).map(|g| (g, format!("Earthquake {i} shakes district {i} overnight"))))
    {
        out.push_str(&format!(
            "<item><guid isPermaLink=\"false\">{guid}</guid><link>http://farm.example/{guid}</link><title>{title}</title><description>Story {guid}.</description><pubDate>{date}</pubDate></item>"
        ));
    }
    out.push_str("</channel></rss>");
    out
}

async fn serve_feed(
    State(farm): State<Arc<Farm>>,
    UrlPath(id): UrlPath<usize>,
    headers: HeaderMap,
) -> Response {
    farm.fetches
        .lock()
        .expect("farm")
        .entry(id)
        .or_default()
        .push(Instant::now());
    if headers.get("if-none-match").is_some_and(|v| v == "\"v1\"") {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    (
        [("content-type", "application/rss+xml"), ("etag", "\"v1\"")],
        feed_body(id),
    )
        .into_response()
}

async fn receive_hook(State(farm): State<Arc<Farm>>, headers: HeaderMap, body: Bytes) -> Response {
    tokio::time::sleep(Duration::from_millis(40)).await;
    let id = headers
        .get("webhook-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let mut guids = Vec::new();
    collect_guids(&json, &mut guids);
    farm.hooks
        .lock()
        .expect("farm")
        .push((Instant::now(), id, guids));
    StatusCode::OK.into_response()
}

fn collect_guids(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(guid) = map
                .get("item")
                .and_then(|i| i.get("guid"))
                .and_then(|g| g.as_str())
            {
                out.push(guid.to_string());
            }
            for v in map.values() {
                collect_guids(v, out);
            }
        }
        serde_json::Value::Array(values) => values.iter().for_each(|v| collect_guids(v, out)),
        _ => {}
    }
}

async fn start_farm() -> (Arc<Farm>, Vec<u16>, u16) {
    let farm = Arc::new(Farm::default());
    let app = axum::Router::new()
        .route("/feed/{id}", axum::routing::get(serve_feed))
        .route("/hook", axum::routing::post(receive_hook))
        .with_state(Arc::clone(&farm));
    let mut ports = Vec::new();
    for _ in 0..=ORIGINS {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        ports.push(listener.local_addr().expect("addr").port());
        let app = app.clone();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
    }
    let hook = ports.pop().expect("hook port");
    (farm, ports, hook)
}

fn cluster_config(pg: &PgServer, ports: &[u16], hook: u16) -> String {
    let mut text = pg.storage_toml();
    text.push_str(&format!(
        "lease = \"{}s\"\n\n[fetch]\nconcurrency = 8\nper_origin = 2\norigin_spacing = \"100ms\"\ndomain_spacing = \"none\"\n\n[delivery]\npoll_interval = \"1s\"\nretry_initial = \"1s\"\n\n[defaults]\nbackfill = \"all\"\n\n",
        LEASE.as_secs()
    ));
    for i in 0..FEEDS {
        text.push_str(&format!(
            "[[feed]]\nname = \"f{i}\"\nurl = \"http://127.0.0.1:{}/feed/{i}\"\ninterval = \"{}s\"\n",
            ports[i % ports.len()],
            INTERVAL.as_secs()
        ));
    }
    text.push_str(&format!(
        "\n[[topic]]\nname = \"quakes\"\nquery = 'earthquake'\nnotify = [\"hook\"]\n\n[[sink]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"http://127.0.0.1:{hook}/hook\"\n"
    ));
    text
}

/// A `feedwatch run` whose log goes to a file (a pipe nobody reads would
/// fill up and block it).
fn spawn_logged(config: &std::path::Path, log: &std::path::Path) -> Daemon {
    let log = std::fs::File::create(log).expect("create the log");
    let child = std::process::Command::new(binary())
        .args(["run", "--config", config.to_str().expect("utf-8 path")])
        .env("RUST_LOG", "info")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(log)
        .spawn()
        .expect("spawn feedwatch");
    Daemon::new(child)
}

/// What the database holds of the feeds whose alert is missing.
fn missing_rows(pg: &PgServer, feeds: &[String]) -> String {
    feeds
        .iter()
        .map(|feed| {
            pg.psql(&format!(
                "SELECT i.guid, i.story_id, (SELECT string_agg(o.guid, ',') FROM items o \
                 WHERE o.story_id = i.story_id), (SELECT string_agg(a.id || ':' || a.topic, ',') \
                 FROM alerts a WHERE a.story_id = i.story_id) FROM items i JOIN feeds f \
                 ON f.id = i.feed_id WHERE f.name = '{feed}'"
            ))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every warning and error of each replica's log, its lines about
/// `feeds`, and its last lines, for a failure message.
fn logs(ws: &Workspace, feeds: &[String]) -> String {
    (0..3)
        .map(|i| {
            let text =
                std::fs::read_to_string(ws.path(&format!("replica{i}.log"))).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            // Every warning and error, then the last lines.
            let trouble: Vec<&str> = lines
                .iter()
                .copied()
                .filter(|l| {
                    l.contains(" WARN ")
                        || l.contains(" ERROR ")
                        || feeds.iter().any(|f| l.contains(&format!("feed={f} ")))
                })
                .collect();
            format!(
                "--- replica {i}: warnings, errors and the missing feeds ---\n{}\n--- replica {i}: last lines ---\n{}",
                trouble.join("\n"),
                lines[lines.len().saturating_sub(15)..].join("\n")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Kills a replica with SIGKILL and reaps it.
fn kill9(child: Daemon) {
    signal(&child, "KILL");
    let _ = wait_exit(child, Duration::from_secs(10));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_replicas_share_a_farm_and_survive_a_kill() {
    let Some(pg) = PgServer::start() else { return };
    let (farm, ports, hook) = start_farm().await;
    let ws = Workspace::new();
    let config = ws.config(&cluster_config(&pg, &ports, hook));
    let started = Instant::now();
    let mut replicas: Vec<Daemon> = (0..3)
        .map(|i| spawn_logged(&config, &ws.path(&format!("replica{i}.log"))))
        .collect();

    // Kill a replica once it polls and delivers: the one holding the
    // webhook's queue, after it sent some alerts.
    let deadline = Instant::now() + Duration::from_secs(30);
    let owner: i64 = loop {
        assert!(
            Instant::now() < deadline,
            "no replica started delivering\n{}",
            logs(&ws, &[])
        );
        if farm.hooks.lock().expect("farm").len() >= 10 {
            let owner = pg.psql(
                "SELECT r.pid FROM sink_leases s JOIN replicas r ON r.id = s.owner WHERE s.sink = 'hook'",
            );
            if let Ok(pid) = owner.parse() {
                break pid;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let victim_index = replicas
        .iter()
        .position(|c| i64::from(c.id()) == owner)
        .expect("the queue's owner is one of ours");
    let victim = replicas.remove(victim_index);
    let victim_id = pg.psql(&format!("SELECT id FROM replicas WHERE pid = {owner}"));
    let polled_before = farm.fetches.lock().expect("farm").len();
    kill9(victim);
    let killed_at = Instant::now();
    let leased: Vec<usize> = pg
        .psql(&format!(
            "SELECT substr(name, 2) FROM feeds WHERE lease_owner = '{victim_id}'"
        ))
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .collect();
    assert!(
        polled_before < FEEDS,
        "the kill must come while feeds are still being polled ({polled_before} polled)"
    );

    // Every expected alert arrives.
    let expected: HashSet<String> = (0..FEEDS).filter_map(matching_guid).collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let got: HashSet<String> = farm
            .hooks
            .lock()
            .expect("farm")
            .iter()
            .flat_map(|(_, _, g)| g.clone())
            .collect();
        // Every alert, and every feed polled (the last feeds polled may
        // match nothing).
        let polled = farm.fetches.lock().expect("farm").len();
        if expected.is_subset(&got) && polled == FEEDS {
            break;
        }
        if Instant::now() >= deadline {
            let mut missing: Vec<&String> = expected.difference(&got).collect();
            missing.sort();
            let feeds: Vec<String> = missing
                .iter()
                .filter_map(|g| g.strip_prefix("feed")?.strip_suffix("-quake"))
                .map(|i| format!("f{i}"))
                .collect();
            panic!(
                "{} of {} alerts arrived; missing {missing:?}\nthe stored rows: {}\n{}",
                expected.intersection(&got).count(),
                expected.len(),
                missing_rows(&pg, &feeds),
                logs(&ws, &feeds)
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = started;
    for child in replicas {
        crate::support::stop(child).await;
    }

    let hooks = farm.hooks.lock().expect("farm").clone();
    // Duplicates only with the same webhook-id.
    let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
    for (_, id, guids) in &hooks {
        for guid in guids {
            ids.entry(guid.clone()).or_default().insert(id.clone());
        }
    }
    for (guid, seen) in &ids {
        assert_eq!(
            seen.len(),
            1,
            "alert for {guid} arrived under several ids: {seen:?}"
        );
    }
    let deliveries: usize = hooks.iter().map(|(_, _, g)| g.len()).sum();
    assert!(
        deliveries <= expected.len() + 2,
        "at most the in-flight message is sent twice: {deliveries}"
    );

    // No feed fetched twice within its interval (10% jitter, 1 s slack),
    // except a feed the dead replica held: it may be fetched again once.
    let fetches = farm.fetches.lock().expect("farm").clone();
    assert_eq!(fetches.len(), FEEDS, "every feed was polled");
    let min_gap = INTERVAL.mul_f64(0.9) - Duration::from_secs(1);
    for (feed, times) in &fetches {
        let close: Vec<Duration> = times
            .windows(2)
            .map(|w| w[1] - w[0])
            .filter(|gap| *gap < min_gap)
            .collect();
        if leased.contains(feed) {
            assert!(close.len() <= 1, "feed {feed} fetched too often: {close:?}");
        } else {
            assert!(
                close.is_empty(),
                "feed {feed} fetched twice within its interval: {close:?}"
            );
        }
    }
    // The survivors took the dead replica's feeds within one lease period
    // (plus a heartbeat and the poll itself).
    let takeover_limit = LEASE + Duration::from_secs(3);
    for feed in &leased {
        let after: Vec<&Instant> = fetches[feed].iter().filter(|t| **t > killed_at).collect();
        let first = after
            .first()
            .unwrap_or_else(|| panic!("feed {feed} of the dead replica never polled again"));
        assert!(
            **first - killed_at <= takeover_limit,
            "feed {feed} taken over after {:?}",
            **first - killed_at
        );
    }
    let first_hook_after = hooks
        .iter()
        .map(|(t, _, _)| *t)
        .filter(|t| *t > killed_at)
        .min()
        .expect("deliveries went on after the kill");
    assert!(
        first_hook_after - killed_at <= takeover_limit,
        "the webhook queue was taken over after {:?}",
        first_hook_after - killed_at
    );
    // Nothing is left pending or leased.
    assert_eq!(
        pg.psql("SELECT COUNT(*) FROM deliveries WHERE status <> 'delivered'"),
        "0"
    );
    assert_eq!(
        pg.psql("SELECT COUNT(*) FROM alerts"),
        expected.len().to_string()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_racing_on_an_empty_database_migrate_once() {
    let Some(pg) = PgServer::start() else { return };
    let ws = Workspace::new();
    let config = ws.config(&format!(
        "{}\n[[feed]]\nname = \"a\"\nurl = \"http://127.0.0.1:9/feed\"\n",
        pg.storage_toml()
    ));
    let first = spawn_daemon(&config);
    let second = spawn_daemon(&config);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let live = pg.psql("SELECT COUNT(*) FROM pg_tables WHERE tablename = 'replicas'");
        if live == "1" && pg.psql("SELECT COUNT(*) FROM replicas") == "2" {
            break;
        }
        assert!(Instant::now() < deadline, "both replicas must start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Registered replicas install their signal handlers a moment later.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let (s1, e1) = crate::support::stop(first).await;
    let (s2, e2) = crate::support::stop(second).await;
    assert!(s1.success() && s2.success(), "{e1}\n{e2}");
    // Each version applied once, all by one of them.
    let versions =
        pg.psql("SELECT string_agg(version::text, ',' ORDER BY version) FROM feedwatch_schema");
    let all: Vec<String> = (1..=feedwatch::store::SCHEMA_VERSION)
        .map(|v| v.to_string())
        .collect();
    assert_eq!(versions, all.join(","));
    assert_eq!(
        pg.psql("SELECT COUNT(DISTINCT applied_by) FROM feedwatch_schema"),
        "1"
    );
    let migrated = [&e1, &e2]
        .iter()
        .map(|e| e.matches("Database schema migrated").count())
        .sum::<usize>();
    assert_eq!(
        migrated,
        feedwatch::store::SCHEMA_VERSION as usize,
        "every migration, logged once each:\n{e1}\n{e2}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_copies_sqlite_state_with_pending_deliveries() {
    let Some(pg) = PgServer::start() else { return };
    let server = crate::support::TestServer::start().await;
    server.route("/feed", vec![crate::support::nato_wire()]);
    // The receiver is down: the alert stays pending in SQLite.
    server.route("/hook", vec![crate::support::Canned::status(503)]);
    let ws = Workspace::new();
    let text = format!(
        "[storage]\npath = \"fw.db\"\n\n[[feed]]\nname = \"wire\"\nurl = \"{}\"\n\n[[topic]]\nname = \"defense-ai-contracts\"\nquery = '{}'\n\n[[sink]]\nname = \"ops\"\ntype = \"webhook\"\nurl = \"{}\"\n",
        server.url("/feed"),
        crate::support::TOPIC_QUERY,
        server.url("/hook")
    );
    let config = ws.config(&text);
    crate::support::run_once(&config);
    let db = ws.path("fw.db");
    // A key of an item retention forgot (binary) crosses over intact.
    rusqlite::Connection::open(&db)
        .expect("open")
        .execute_batch(
            "INSERT INTO retired_keys (hash, seen_at) VALUES (x'00ff5c0a0d09', 42);
             -- Retention forgot items up to id 1000 and deliveries up to
             -- 500, the newest among them.
             INSERT INTO settings (name, value) VALUES ('item_id_floor', '1000');
             INSERT INTO settings (name, value) VALUES ('delivery_id_floor', '500');",
        )
        .expect("retire a key");
    let out = run_binary_async(
        &[
            "migrate",
            "--from",
            &format!("sqlite:{}", db.display()),
            "--to",
            &pg.url(),
            "--password-file",
            pg.password_file().to_str().expect("utf-8"),
        ],
        Duration::from_secs(60),
    )
    .await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("pending deliveries: 1"), "{stdout}");
    assert_eq!(pg.psql("SELECT COUNT(*) FROM items"), "4");
    assert_eq!(
        pg.psql("SELECT encode(hash, 'hex') || ' ' || seen_at FROM retired_keys"),
        "00ff5c0a0d09 42"
    );
    // Ids retention forgot are not given again by PostgreSQL either.
    assert_eq!(
        pg.psql("SELECT nextval(pg_get_serial_sequence('items', 'id'))"),
        "1001"
    );
    assert_eq!(
        pg.psql("SELECT nextval(pg_get_serial_sequence('deliveries', 'id'))"),
        "501"
    );
    assert_eq!(
        pg.psql("SELECT COUNT(*) FROM settings WHERE name LIKE '%id_floor'"),
        "0"
    );
    // SQLite keeps headline keys in memory: PostgreSQL gets them from the
    // titles, one per item whose headline is long enough (every one here).
    assert_eq!(
        pg.psql("SELECT COUNT(*) FROM story_keys s JOIN items i ON i.story_id = s.story_id"),
        "4"
    );
    // A second migrate into the now used database is refused.
    let again = run_binary_async(
        &[
            "migrate",
            "--from",
            &format!("sqlite:{}", db.display()),
            "--to",
            &pg.url(),
            "--password-file",
            pg.password_file().to_str().expect("utf-8"),
        ],
        Duration::from_secs(60),
    )
    .await;
    assert!(!again.status.success());
    // A PostgreSQL replica delivers the pending alert under the same id.
    let sqlite_id = pg.psql("SELECT alert_id FROM deliveries");
    server.route("/hook", vec![crate::support::Canned::status(200)]);
    let pg_config = ws.config(&text.replace("[storage]\npath = \"fw.db\"\n", &pg.storage_toml()));
    let (_, stderr) = crate::support::run_once(&pg_config);
    let hooks = server.received("/hook");
    let last = hooks.last().expect("a delivery");
    assert_eq!(last.headers.get("webhook-id"), Some(&sqlite_id), "{stderr}");
    assert_eq!(
        pg.psql("SELECT status FROM deliveries"),
        "delivered",
        "{stderr}"
    );
    // New rows get new ids after the copied ones.
    let out = run_binary_async(
        &["check", "--config", pg_config.to_str().expect("utf-8")],
        Duration::from_secs(30),
    )
    .await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("database: postgresql"), "{stdout}");
    let current = format!(
        "schema version {} (up to date)",
        feedwatch::store::SCHEMA_VERSION
    );
    assert!(stdout.contains(&current), "{stdout}");
    let out = run_binary_async(
        &["replicas", "--config", pg_config.to_str().expect("utf-8")],
        Duration::from_secs(30),
    )
    .await;
    assert!(out.status.success());
    let _ = binary();
}

#[test]
fn a_password_in_the_url_is_refused() {
    let ws = Workspace::new();
    let path = ws.config("[storage]\nurl = \"postgres://fw:secret@db.example/fw\"\n");
    let err = feedwatch::config::Config::load(&path).expect_err("must be refused");
    assert!(err.to_string().contains("storage.url"), "{err}");
    assert!(err.to_string().contains("password_file"), "{err}");
    let path = ws.config(
        "[storage]\npath = \"fw.db\"\nurl = \"postgres://fw@db.example/fw?sslmode=verify-full\"\n",
    );
    let err = feedwatch::config::Config::load(&path).expect_err("must be refused");
    assert!(err.to_string().contains("not both"), "{err}");
    let path = ws.config("[storage]\nurl = \"postgres://fw@db.example/fw?sslmode=sometimes\"\n");
    let err = feedwatch::config::Config::load(&path).expect_err("must be refused");
    assert!(err.to_string().contains("sslmode"), "{err}");
    let path = ws.config("[storage]\nurl = \"postgres://fw@db.example/fw?sslmode=verify-full\"\npassword_file = \"pw\"\nlease = \"30s\"\n");
    let config = feedwatch::config::Config::load(&path).expect("valid");
    assert_eq!(config.storage.lease, Duration::from_secs(30));
}

/// Two outlets' reports of one event, polled by two replicas: the second
/// report joins the first's story through the story index's catch-up with
/// items other replicas stored, so one alert goes out, not two. Without
/// the catch-up each replica clusters only what it polled itself (and what
/// was stored before it started).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_polled_by_another_replica_joins_the_story() {
    let Some(pg) = PgServer::start() else { return };
    #[derive(Default)]
    struct Outlets {
        published: [std::sync::atomic::AtomicBool; 2],
        hooks: Mutex<Vec<String>>,
    }
    let outlets = Arc::new(Outlets::default());
    let rss = |outlet: &str, item: Option<(&str, &str, i64)>| {
        let mut out = format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{outlet}</title><link>http://{outlet}.example/</link><description>d</description>"
        );
        if let Some((title, summary, ago)) = item {
            let date = (chrono::Utc::now() - chrono::Duration::seconds(ago)).to_rfc2822();
            out.push_str(&format!(
                "<item><guid isPermaLink=\"false\">{outlet}-1</guid><link>http://{outlet}.example/story</link><title>{title}</title><description>{summary}</description><pubDate>{date}</pubDate></item>"
            ));
        }
        out.push_str("</channel></rss>");
        out
    };
    let bodies = [
        [
            rss("wire", None),
            rss(
                "wire",
                Some((
                    "OpenAI in talks to bring its models to NATO networks",
                    "OpenAI is negotiating with NATO's IT agency to deploy its models on the alliance's unclassified networks, days after its Pentagon agreement.",
                    120,
                )),
            ),
        ],
        [
            rss("daily", None),
            rss(
                "daily",
                Some((
                    "ChatGPT maker eyes deal with NATO for unclassified networks",
                    "OpenAI is seeking an agreement with NATO's IT agency to put its models on the alliance's unclassified networks.",
                    60,
                )),
            ),
        ],
    ];
    let bodies = Arc::new(bodies);
    let app = {
        let outlets = Arc::clone(&outlets);
        let hook_outlets = Arc::clone(&outlets);
        axum::Router::new()
            .route(
                "/feed/{n}",
                axum::routing::get(move |UrlPath(n): UrlPath<usize>| async move {
                    let n = n.min(1);
                    let published = outlets.published[n].load(std::sync::atomic::Ordering::SeqCst);
                    (
                        [("content-type", "application/rss+xml")],
                        bodies[n][usize::from(published)].clone(),
                    )
                }),
            )
            .route(
                "/hook",
                axum::routing::post(move |body: Bytes| async move {
                    hook_outlets
                        .hooks
                        .lock()
                        .expect("hooks")
                        .push(String::from_utf8_lossy(&body).into_owned());
                    StatusCode::OK
                }),
            )
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let ws = Workspace::new();
    let config = ws.config(&format!(
        "{}\n[http]\nlisten = \"off\"\n\n[delivery]\npoll_interval = \"1s\"\n\n[[feed]]\nname = \"wire\"\nurl = \"http://127.0.0.1:{port}/feed/0\"\ninterval = \"10m\"\n\n[[feed]]\nname = \"daily\"\nurl = \"http://127.0.0.1:{port}/feed/1\"\ninterval = \"10m\"\n\n[[topic]]\nname = \"nato-ai\"\nquery = 'NATO'\nnotify = [\"hook\"]\n\n[[sink]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"http://127.0.0.1:{port}/hook\"\n",
        pg.storage_toml()
    ));
    let config_arg = config.to_str().expect("utf-8 path").to_string();
    let mut replicas: Vec<Daemon> = (0..2)
        .map(|i| spawn_logged(&config, &ws.path(&format!("replica{i}.log"))))
        .collect();
    // Both replicas run (their indexes built from an empty database) and
    // both feeds were polled, empty.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let running = (0..2).all(|i| {
            std::fs::read_to_string(ws.path(&format!("replica{i}.log")))
                .is_ok_and(|log| log.contains("feedwatch running"))
        });
        if running && pg.psql("SELECT COUNT(*) FROM feeds WHERE first_polled_at IS NOT NULL") == "2"
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "replicas not running or feeds not polled\n{}",
            logs(&ws, &[])
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let poll = |feed: &'static str| {
        let config_arg = config_arg.clone();
        async move {
            let out = run_binary_async(
                &["poll", feed, "--config", &config_arg, "--timeout", "30s"],
                Duration::from_secs(40),
            )
            .await;
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    };
    // The wire publishes; one replica stores its report and alerts.
    outlets.published[0].store(true, std::sync::atomic::Ordering::SeqCst);
    poll("wire").await;
    let polled_wire = (0..2)
        .find(|i| {
            std::fs::read_to_string(ws.path(&format!("replica{i}.log"))).is_ok_and(|log| {
                log.lines()
                    .any(|l| l.contains("feed=wire") && l.contains("new_items=1"))
            })
        })
        .unwrap_or_else(|| panic!("no replica stored the wire's report\n{}", logs(&ws, &[])));
    let deadline = Instant::now() + Duration::from_secs(30);
    while outlets.hooks.lock().expect("hooks").is_empty() {
        assert!(
            Instant::now() < deadline,
            "no alert for the wire's report\n{}",
            logs(&ws, &[])
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // That replica stops; the other polls the daily's report, after a
    // catch-up (every 2 s) has brought it the wire's report.
    crate::support::stop(replicas.remove(polled_wire)).await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    outlets.published[1].store(true, std::sync::atomic::Ordering::SeqCst);
    poll("daily").await;
    let stories = pg.psql(
        "SELECT COUNT(DISTINCT story_id) || ' stories of ' || COUNT(*) || ' items' FROM items",
    );
    assert_eq!(stories, "1 stories of 2 items", "{}", logs(&ws, &[]));
    // Time for a second alert to be sent, if one were made.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(pg.psql("SELECT COUNT(*) FROM alerts"), "1");
    assert_eq!(outlets.hooks.lock().expect("hooks").len(), 1);
    for child in replicas {
        crate::support::stop(child).await;
    }
}
