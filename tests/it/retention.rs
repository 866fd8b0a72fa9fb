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
