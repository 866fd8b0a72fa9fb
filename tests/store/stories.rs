//! Two replicas on one PostgreSQL database (skipped without PostgreSQL, see
//! `pg.rs`) must not start two stories for one event (issues 10 and 14):
//! two in-process daemons on one database, each with its own story index,
//! poll two outlets' differently worded reports of one event. Neither
//! daemon runs its periodic catch-up, so only the story lock's catch-up
//! (`store/postgres/items.rs` `lock_stories`) can tell the second poll
//! about the first's item.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use feedwatch::clock::Clock;
use feedwatch::config::{Config, FeedConfig};
use feedwatch::daemon::{Daemon, PollOutcome};
use feedwatch::stories::{Features, StoryConfig, StoryIndex};

use crate::pg::PgServer;
use crate::support::{Canned, TestServer, Workspace, rss};

/// One event as two outlets report it: (title, summary) each.
struct Event {
    first: (String, String),
    second: (String, String),
}

/// Event `k` of 20, each about its own company, place and figures, in two
/// wordings that the story engine joins (checked by [`assert_premise`]).
fn event(k: usize) -> Event {
    const COMPANIES: [&str; 20] = [
        "Korvantis",
        "Heliostrand",
        "Brammock",
        "Quillora",
        "Tavendyne",
        "Zephyrion",
        "Marrowgate",
        "Ostelvane",
        "Pryndale",
        "Lucernix",
        "Galvoria",
        "Fennimore Tech",
        "Rusklin",
        "Ventrasol",
        "Ilvermont",
        "Dravicor",
        "Solmarra",
        "Kestrelon",
        "Ambervane",
        "Norquist Labs",
    ];
    const CITIES: [&str; 20] = [
        "Tallinn", "Porto", "Lyon", "Gdansk", "Bergen", "Leipzig", "Turin", "Malmo", "Cork",
        "Brno", "Graz", "Utrecht", "Bilbao", "Tampere", "Aarhus", "Ghent", "Split", "Kaunas",
        "Poznan", "Seville",
    ];
    const PRODUCTS: [&str; 4] = ["e-scooters", "heat pumps", "power banks", "drones"];
    let company = COMPANIES[k % 20];
    let city = CITIES[k % 20];
    let product = PRODUCTS[k % 4];
    let units = 11 + 7 * k;
    let fires = 3 + k;
    Event {
        first: (
            format!("{company} recalls {units},000 {product} after battery fires in {city}"),
            format!(
                "{company} announced a recall of {units},000 {product} sold since March after {fires} battery fires were reported in {city}, the company said on Monday."
            ),
        ),
        second: (
            format!("{city} fires prompt {company} recall of {units},000 {product}"),
            format!(
                "Regulators in {city} said {company} will recall {units},000 {product} after {fires} fires were linked to their batteries."
            ),
        ),
    }
}

/// The texts are what the test needs: with both items known, the engine
/// joins an event's two reports and keeps the events apart.
fn assert_premise(events: &[Event]) {
    let mut index = StoryIndex::new(StoryConfig::default());
    let at = 1_800_000_000_000;
    for (k, event) in events.iter().enumerate() {
        let id = 2 * k as i64;
        let (title, summary) = &event.first;
        let first = Features::extract(title, summary, "");
        assert_eq!(
            index.assign(&first, 1, at).story(),
            None,
            "event {k}'s first report joins an earlier event"
        );
        index.insert(id, id, 1, at, &first);
        let (title, summary) = &event.second;
        let second = Features::extract(title, summary, "");
        let decision = index.assign(&second, 2, at + 60_000);
        assert_eq!(
            decision.story(),
            Some(id),
            "event {k}'s second report does not join its first: {decision}"
        );
        index.insert(id + 1, id, 2, at + 60_000, &second);
    }
}

/// An RSS feed with one item.
fn feed_body(guid: &str, (title, summary): &(String, String)) -> Canned {
    let date = (chrono::Utc::now() - chrono::Duration::minutes(30)).to_rfc2822();
    let link = format!("https://{guid}.example.org/story");
    Canned::ok(rss(&[(guid, &link, title, summary, &date)]))
}

/// Two daemons ("replicas") on `pg`, each with its own story index, and the
/// feeds `first{k}` and `second{k}` for `k` in `0..events` on `server`.
async fn two_replicas(
    pg: &PgServer,
    server: &TestServer,
    ws: &Workspace,
    events: usize,
) -> (Daemon, Daemon, HashMap<String, FeedConfig>) {
    let mut text = pg.storage_toml();
    text.push_str(
        "\n[fetch]\norigin_spacing = \"0ms\"\ndomain_spacing = \"none\"\n\n[defaults]\nbackfill = \"all\"\n\n",
    );
    for k in 0..events {
        for side in ["first", "second"] {
            text.push_str(&format!(
                "[[feed]]\nname = \"{side}{k}\"\nurl = \"{}\"\ninterval = \"10m\"\n\n",
                server.url(&format!("/{side}{k}.xml"))
            ));
        }
    }
    text.push_str(&format!(
        "[[topic]]\nname = \"recalls\"\nquery = 'recall'\nnotify = [\"hook\"]\n\n[[sink]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"{}\"\n",
        server.url("/hook")
    ));
    let path = ws.config(&text);
    let config = Config::load(&path).unwrap_or_else(|e| panic!("test config invalid: {e}"));
    let feeds = config
        .feeds
        .iter()
        .map(|f| (f.name.clone(), f.clone()))
        .collect();
    let a = Daemon::start(config.clone(), Clock::System)
        .await
        .expect("start replica A");
    let b = Daemon::start(config, Clock::System)
        .await
        .expect("start replica B");
    (a, b, feeds)
}

/// Polls `feed` on `daemon` and checks it stored its one new item.
async fn poll(daemon: &Daemon, feed: &FeedConfig) {
    let (done, mut outcomes) = tokio::sync::mpsc::unbounded_channel();
    daemon.poll_each(vec![feed.clone()], done).await;
    match outcomes.recv().await {
        Some((_, PollOutcome::Stored(report))) => {
            assert_eq!(report.new_items, 1, "{}: {report:?}", feed.name)
        }
        other => panic!("{}: {other:?}", feed.name),
    }
}

/// Per item guid, its story and the story decision.
fn stories(pg: &PgServer) -> HashMap<String, (i64, String)> {
    pg.psql("SELECT guid || '|' || story_id || '|' || story_decision FROM items")
        .lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, '|');
            let guid = parts.next()?.to_string();
            let story = parts.next()?.parse().ok()?;
            Some((guid, (story, parts.next()?.to_string())))
        })
        .collect()
}

/// Replica A stores one outlet's report and commits; replica B, whose
/// index has never caught up, then polls another outlet's report of the
/// same event: it joins A's story, and the topic alerts once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_joins_the_story_another_replica_just_started() {
    let Some(pg) = PgServer::start() else {
        return;
    };
    let server = TestServer::start().await;
    let ws = Workspace::new();
    let event = event(0);
    assert_premise(std::slice::from_ref(&event));
    server.route("/first0.xml", vec![feed_body("first0", &event.first)]);
    server.route("/second0.xml", vec![feed_body("second0", &event.second)]);
    let (a, b, feeds) = two_replicas(&pg, &server, &ws, 1).await;
    poll(&a, &feeds["first0"]).await;
    poll(&b, &feeds["second0"]).await;
    let stored = stories(&pg);
    let (first, _) = &stored["first0"];
    let (second, decision) = &stored["second0"];
    assert_eq!(
        first, second,
        "replica B started a story of its own for the event replica A had stored: {decision}"
    );
    assert!(decision.contains("joined"), "{decision}");
    assert_eq!(
        pg.psql("SELECT COUNT(*) FROM alerts WHERE kind = 'match'"),
        "1",
        "one alert for one event"
    );
}

/// A poll that waited long for the story lock (its items are first seen
/// when it began, minutes before it commits) is still read by the next
/// catch-up under the lock of a replica that caught up before: replica A
/// joins the story replica B stored after such a wait.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_stored_after_a_long_wait_for_the_lock_is_caught_up() {
    let Some(pg) = PgServer::start() else {
        return;
    };
    let server = TestServer::start().await;
    let ws = Workspace::new();
    let events: Vec<Event> = (0..3).map(event).collect();
    assert_premise(&events);
    for (k, event) in events.iter().enumerate() {
        server.route(
            &format!("/first{k}.xml"),
            vec![feed_body(&format!("first{k}"), &event.first)],
        );
        server.route(
            &format!("/second{k}.xml"),
            vec![feed_body(&format!("second{k}"), &event.second)],
        );
    }
    let (a, b, feeds) = two_replicas(&pg, &server, &ws, 3).await;
    // Two unrelated events: A's poll catches up with B's item under the
    // lock, so A knows every id up to it.
    poll(&b, &feeds["first1"]).await;
    poll(&a, &feeds["first2"]).await;
    // B stores a report of event 0 from a poll that (as far as the
    // database shows) began ten minutes ago, and waited that long.
    poll(&b, &feeds["first0"]).await;
    pg.psql("UPDATE items SET first_seen = first_seen - 600000 WHERE guid = 'first0'");
    poll(&a, &feeds["second0"]).await;
    let stored = stories(&pg);
    let (first, _) = &stored["first0"];
    let (second, decision) = &stored["second0"];
    assert_eq!(
        first, second,
        "replica A missed the report replica B stored after a long wait: {decision}"
    );
}

/// The two replicas poll the two reports of an event at the same time, 20
/// times with a fresh event each: every event is one story, alerted once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_polling_one_event_at_once_make_one_story() {
    const ROUNDS: usize = 20;
    let Some(pg) = PgServer::start() else {
        return;
    };
    let server = TestServer::start().await;
    let ws = Workspace::new();
    let events: Vec<Event> = (0..ROUNDS).map(event).collect();
    assert_premise(&events);
    for (k, event) in events.iter().enumerate() {
        // The same small delay for both, so both polls reach the database
        // together.
        let delay = Duration::from_millis(20);
        server.route(
            &format!("/first{k}.xml"),
            vec![feed_body(&format!("first{k}"), &event.first).delayed(delay)],
        );
        server.route(
            &format!("/second{k}.xml"),
            vec![feed_body(&format!("second{k}"), &event.second).delayed(delay)],
        );
    }
    let (a, b, feeds) = two_replicas(&pg, &server, &ws, ROUNDS).await;
    let started = Instant::now();
    for k in 0..ROUNDS {
        // Alternate which replica polls which outlet.
        let (x, y) = if k % 2 == 0 { (&a, &b) } else { (&b, &a) };
        let first = &feeds[&format!("first{k}")];
        let second = &feeds[&format!("second{k}")];
        tokio::time::timeout(Duration::from_secs(20), async {
            tokio::join!(poll(x, first), poll(y, second))
        })
        .await
        .unwrap_or_else(|_| panic!("round {k}: the polls took over 20 s"));
    }
    eprintln!("{ROUNDS} rounds in {:?}", started.elapsed());
    let stored = stories(&pg);
    let mut seen = HashSet::new();
    let mut split = Vec::new();
    for k in 0..ROUNDS {
        let (first, first_decision) = &stored[&format!("first{k}")];
        let (second, second_decision) = &stored[&format!("second{k}")];
        if first != second {
            split.push(format!(
                "round {k}:\n  first: {first_decision}\n  second: {second_decision}"
            ));
        }
        assert!(seen.insert(*first), "round {k} joined an earlier event");
    }
    assert!(
        split.is_empty(),
        "{} of {ROUNDS} events made two stories:\n{}",
        split.len(),
        split.join("\n")
    );
    assert_eq!(
        pg.psql("SELECT COUNT(*) FROM alerts WHERE kind = 'match'"),
        ROUNDS.to_string(),
        "one alert per event"
    );
}

/// The story lock of `store/postgres/items.rs` (`STORY_LOCK`).
const STORY_LOCK: i64 = 0x6665_6564_7374_6f72;

/// A poll whose new items were all published before the story window (a
/// feed's backlog) makes no story decision, so it does not wait for the
/// story lock; a poll with a current item does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backlog_poll_does_not_wait_for_the_story_lock() {
    let Some(pg) = PgServer::start() else {
        return;
    };
    let server = TestServer::start().await;
    let ws = Workspace::new();
    let event = event(1);
    let old = (chrono::Utc::now() - chrono::Duration::days(40)).to_rfc2822();
    server.route(
        "/first0.xml",
        vec![Canned::ok(rss(&[(
            "first0",
            "https://first0.example.org/story",
            &event.first.0,
            &event.first.1,
            &old,
        )]))],
    );
    server.route("/second0.xml", vec![feed_body("second0", &event.second)]);
    let (a, _b, feeds) = two_replicas(&pg, &server, &ws, 1).await;
    // Another session holds the story lock for 8 s.
    let spawned = Instant::now();
    let mut holder = pg.spawn_psql(&format!(
        "SELECT pg_advisory_lock({STORY_LOCK}); SELECT pg_sleep(8);"
    ));
    let held = || {
        pg.psql(&format!(
            "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted \
             AND (classid::bigint << 32 | objid::bigint) = {STORY_LOCK}"
        )) == "1"
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while !held() {
        assert!(Instant::now() < deadline, "the holder never took the lock");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // The backlog poll completes while the lock is still held.
    poll(&a, &feeds["first0"]).await;
    assert!(
        holder.try_wait().expect("holder status").is_none() && held(),
        "the backlog poll waited for the story lock"
    );
    // The poll of a current report waits for it: until the holder's 8 s
    // are over (its session ends a moment before its process exits, so the
    // time tells, not the process).
    poll(&a, &feeds["second0"]).await;
    assert!(
        spawned.elapsed() >= Duration::from_secs(8),
        "a poll with a current item did not wait for the story lock ({:?} after the holder started)",
        spawned.elapsed()
    );
    holder.wait().expect("the holder exits");
    let stored = stories(&pg);
    assert!(
        stored["first0"]
            .1
            .contains("published more than the story window"),
        "{}",
        stored["first0"].1
    );
}
