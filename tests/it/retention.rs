//! Retention (`[storage] keep`) through the daemon: old stories are
//! forgotten with their items and alerts, and a feed that still carries
//! them neither stores nor alerts them again.

use feedwatch::clock::Clock;
use feedwatch::config::Config;
use feedwatch::daemon::Daemon;

use crate::support::*;

const T0: i64 = 1_800_000_000_000;
const DAY: i64 = 86_400_000;

fn config_text(feed: &str, hook: &str, keep: &str) -> String {
    format!(
        "[storage]\npath = \"fw.db\"\n{keep}\n\n[[feed]]\nname = \"wire\"\nurl = \"{feed}\"\nbackfill = \"all\"\n\n[[topic]]\nname = \"defense-ai-contracts\"\nquery = '{TOPIC_QUERY}'\n\n[[sink]]\nname = \"ops\"\ntype = \"webhook\"\nurl = \"{hook}\"\n"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forgotten_stories_do_not_alert_again() {
    let server = TestServer::start().await;
    server.route("/feed", vec![Canned::ok(crate::outbox::stories(3, "r"))]);
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let text = config_text(&server.url("/feed"), &server.url("/hook"), "keep = \"7d\"");
    let config = Config::load(&ws.config(&text)).unwrap_or_else(|e| panic!("{e}"));
    let clock = Clock::manual(T0);
    let daemon = Daemon::start(config, clock.clone()).await.expect("start");
    let report = daemon.run_once().await.expect("first cycle");
    assert_eq!((report.alerts, report.delivered), (3, 3));

    // Within the period nothing goes.
    clock.advance(6 * DAY);
    let kept = daemon.prune().await.expect("prune").expect("keep is set");
    assert!(kept.is_empty(), "{kept:?}");

    // Past it, the three stories go with their items, alerts, deliveries.
    clock.advance(2 * DAY);
    let gone = daemon.prune().await.expect("prune").expect("keep is set");
    assert_eq!(
        (gone.stories, gone.items, gone.alerts, gone.retired_keys),
        (3, 3, 3, 6),
        "{gone:?}"
    );
    let db = daemon.store().backend();
    assert!(db.recent_items(None, None, 10).expect("items").is_empty());
    assert!(
        db.alert_list(&Default::default(), 10)
            .expect("alerts")
            .is_empty()
    );

    // The feed still carries them: seen, not stored, not alerted.
    let report = daemon.run_once().await.expect("second cycle");
    assert_eq!(report.alerts, 0, "{report:?}");
    assert_eq!(server.received("/hook").len(), 3);
    assert!(db.recent_items(None, None, 10).expect("items").is_empty());
}

#[test]
fn keep_is_a_period_longer_than_the_story_window_or_forever() {
    let ws = Workspace::new();
    let load = |keep: &str| {
        Config::load(&ws.config(&config_text(
            "http://127.0.0.1:9/f",
            "http://127.0.0.1:9/h",
            keep,
        )))
    };
    let config = load("").expect("default");
    assert_eq!(
        config.storage.keep,
        Some(std::time::Duration::from_secs(180 * 86_400))
    );
    assert_eq!(
        load("keep = \"forever\"").expect("forever").storage.keep,
        None
    );
    assert_eq!(
        load("keep = \"30d\"").expect("30 days").storage.keep,
        Some(std::time::Duration::from_secs(30 * 86_400))
    );
    let err = load("keep = \"3d\"").expect_err("too short").to_string();
    assert!(
        err.contains("storage.keep") && err.contains("out of range"),
        "{err}"
    );
    let err = load("keep = \"often\"")
        .expect_err("not a period")
        .to_string();
    assert!(err.contains("storage.keep"), "{err}");
    let err = load("keep = \"10d\"\n\n[stories]\nwindow = \"14d\"")
        .expect_err("shorter than the window")
        .to_string();
    assert!(
        err.contains("storage.keep") && err.contains("longer than [stories] window (14d)"),
        "{err}"
    );
}

/// Items each feed publishes per simulated day in the months-long run.
const PER_DAY: usize = 6;
/// How many of its newest items a feed shows.
const SHOWN: usize = 20;

/// A made-up word from `n` (no two numbers alike): titles of such words
/// share no name, so no two items join a story and each matching item
/// is an alert of its own.
fn word(mut n: usize) -> String {
    const SYLLABLES: [&str; 16] = [
        "ba", "ko", "ri", "tu", "me", "sa", "lo", "ni", "vo", "da", "pe", "gu", "fi", "ra", "zo",
        "te",
    ];
    let mut out = String::new();
    loop {
        out.push_str(SYLLABLES[n % 16]); // n % 16 < 16
        n /= 16;
        if n == 0 {
            break;
        }
    }
    out.push_str("ment");
    out
}

/// Item `n` of the run: every third mentions the watched word.
fn soak_item(n: usize, published: i64) -> String {
    let date = chrono::DateTime::from_timestamp_millis(published)
        .expect("a test time")
        .to_rfc2822();
    let watched = if n.is_multiple_of(3) { " zebra" } else { "" };
    let words: Vec<String> = (0..5).map(|k| word(n * 5 + k)).collect();
    format!(
        "<item><guid isPermaLink=\"false\">soak-{n}</guid><link>https://soak.example/{n}</link><title>{}{watched}</title><description>{} {} {}.</description><pubDate>{date}</pubDate></item>",
        words.join(" "),
        words[0],
        words[2],
        words[4]
    )
}

/// Rows of every table that grows with the news, and the file's size.
fn sizes(path: &std::path::Path) -> (Vec<(&'static str, i64)>, u64) {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open the database to count");
    let tables = [
        "items",
        "item_keys",
        "stories",
        "story_keys",
        "matches",
        "alerts",
        "deliveries",
        "messages",
        "story_updates",
        "retired_keys",
    ];
    let counts = tables
        .iter()
        .map(|t| {
            let n: i64 = conn
                .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                .expect("count");
            (*t, n)
        })
        .collect();
    let pages: i64 = conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .expect("pages");
    let page_size: i64 = conn
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .expect("page size");
    (counts, (pages * page_size) as u64)
}

/// Four months of news, as a daemon left alone lives them: four feeds
/// publish six items a day each, every third matching the topic, polled
/// every six hours, retention run daily (`keep = "14d"`). The database
/// stops growing once the period is full (every table, and the file
/// reuses the pages forgotten rows free), every matching item alerts
/// exactly once, and an item a feed keeps carrying after it was
/// forgotten neither returns nor alerts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn months_of_news_keep_the_database_bounded() {
    const FEEDS: usize = 4;
    const DAYS: i64 = 120;
    const STEP: i64 = DAY / 4;
    let server = TestServer::start().await;
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let mut text = String::from(
        "[storage]\npath = \"fw.db\"\nkeep = \"14d\"\n\n[fetch]\norigin_spacing = \"0ms\"\ndomain_spacing = \"none\"\n",
    );
    for f in 0..FEEDS {
        server.route(
            &format!("/f{f}"),
            vec![Canned::ok(crate::outbox::stories(0, "x"))],
        );
        text.push_str(&format!(
            "\n[[feed]]\nname = \"f{f}\"\nurl = \"{}\"\nbackfill = \"all\"\n",
            server.url(&format!("/f{f}"))
        ));
    }
    text.push_str(&format!(
        "\n[[topic]]\nname = \"zebras\"\nquery = 'zebra'\n\n[[sink]]\nname = \"ops\"\ntype = \"webhook\"\nurl = \"{}\"\n",
        server.url("/hook")
    ));
    let config = Config::load(&ws.config(&text)).unwrap_or_else(|e| panic!("{e}"));
    let clock = Clock::manual(T0);
    let daemon = Daemon::start(config, clock.clone()).await.expect("start");

    // Item n is published by feed n % FEEDS at T0 + n * (DAY / per day).
    let per_day = PER_DAY * FEEDS;
    let every = DAY / per_day as i64;
    let published = |n: usize| T0 + n as i64 * every;
    let mut snapshots = Vec::new();
    for step in 1..=(DAYS * DAY / STEP) {
        clock.advance(STEP);
        let now = T0 + step * STEP;
        let upto = ((now - T0) / every) as usize;
        for f in 0..FEEDS {
            let mine: Vec<usize> = (0..upto).filter(|n| n % FEEDS == f).collect();
            let mut body = String::new();
            for &n in mine.iter().rev().take(SHOWN) {
                body.push_str(&soak_item(n, published(n)));
            }
            // Feed 0 keeps its first item pinned below the news all along
            // (a matching one): forgotten after the period, never new again.
            if f == 0 && mine.len() > SHOWN {
                body.push_str(&soak_item(0, published(0)));
            }
            server.route(
                &format!("/f{f}"),
                vec![Canned::ok(format!(
                    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>f{f}</title><link>https://soak.example/</link><description>d</description>{body}</channel></rss>"
                ))],
            );
        }
        let report = daemon.run_once().await.expect("cycle");
        assert_eq!(report.feeds_failed, 0, "{report:?}");
        if step % 4 == 0 {
            daemon.prune().await.expect("prune").expect("keep is set");
            let day = step / 4;
            if day % 30 == 0 {
                snapshots.push((day, sizes(&ws.path("fw.db"))));
            }
        }
    }
    for (day, (counts, bytes)) in &snapshots {
        println!("day {day}: {bytes} bytes, {counts:?}");
    }
    // Past the first period, every table and the file stay within 15% of
    // what they were at day 60 (one more day of news is about 7%).
    let at = |day: i64| {
        &snapshots
            .iter()
            .find(|(d, _)| *d == day)
            .expect("a snapshot of that day")
            .1
    };
    let (mid, mid_bytes) = at(60);
    let (end, end_bytes) = at(DAYS);
    for ((table, then), (_, last)) in mid.iter().zip(end) {
        assert!(
            *last as f64 <= *then as f64 * 1.15 + 10.0,
            "{table}: {then} rows at day 60, {last} at day {DAYS}"
        );
    }
    assert!(
        *end_bytes as f64 <= *mid_bytes as f64 * 1.15,
        "the file grew from {mid_bytes} to {end_bytes} bytes"
    );
    // Fourteen days and a day of news, at most, are kept.
    let items = end.iter().find(|(t, _)| *t == "items").expect("items").1;
    assert!(
        (14 * per_day as i64..=16 * per_day as i64).contains(&items),
        "{items} items kept"
    );

    // Every matching item alerted exactly once, the pinned one included
    // (at its first showing only).
    let published_items = ((DAYS * DAY) / every) as usize;
    let matching = (0..published_items).filter(|n| n.is_multiple_of(3)).count();
    let links: Vec<String> = server
        .received("/hook")
        .iter()
        .map(|r| r.json()["item"]["link"].as_str().unwrap_or("").to_string())
        .collect();
    let distinct: std::collections::BTreeSet<&String> = links.iter().collect();
    assert_eq!(distinct.len(), links.len(), "an item alerted twice");
    assert_eq!(links.len(), matching);
}
