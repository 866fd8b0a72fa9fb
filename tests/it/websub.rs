//! The WebSub subscriber against the spec-following test hub (`hub.rs`):
//! discovery, subscription with verification of intent, signed pushes
//! through the normal pipeline (one alert, even when polling sees the item
//! later), forged, unsigned, replayed and oversized pushes, verifications
//! nobody asked for, lease renewal, unsubscription of removed feeds, retry
//! with backoff, denial, and the polling fallback.

use std::time::Duration;

use feedwatch::store::SubscriptionState;
use feedwatch::telemetry;

use crate::hub::{Method, TestHub, sign};
use crate::support::*;
use crate::web::*;

const WAIT: Duration = Duration::from_secs(15);

fn pushes(result: &str) -> u64 {
    telemetry::registry().counter("feedwatch_websub_pushes_total", &[("result", result)])
}

/// An RSS feed advertising `hub` in its body (atom:link) with these items.
fn feed_with_hub(hub: &str, self_url: &str, items: &[(&str, &str, &str)]) -> String {
    let date = recent_date();
    let mut out = format!(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel><title>Wire</title><link>http://example.org/</link><description>d</description>\n<atom:link rel=\"hub\" href=\"{hub}\"/><atom:link rel=\"self\" href=\"{self_url}\"/>\n"
    );
    for (guid, title, summary) in items {
        out.push_str(&format!(
            "<item><guid isPermaLink=\"false\">{guid}</guid><link>https://news.example.org/{guid}</link><title>{title}</title><description>{summary}</description><pubDate>{date}</pubDate></item>\n"
        ));
    }
    out.push_str("</channel></rss>\n");
    out
}

const QUIET: (&str, &str, &str) = (
    "quiet-1",
    "NATO energy ministers meet in Brussels",
    "Talks focused on pipelines; no agreement was reached.",
);

fn config_text(public: &str, feeds: &str, hook: &str, extra: &str) -> String {
    format!(
        "[storage]\npath = \"feedwatch.db\"\n\n[defaults]\ninterval = \"1s\"\nmin_interval = \"1s\"\nmax_interval = \"2s\"\n\n[http]\npublic_url = \"{public}\"\n{extra}\n{feeds}\n[[topic]]\nname = \"defense-ai-contracts\"\nquery = '{TOPIC_QUERY}'\nnotify = [\"ops\"]\n\n[[sink]]\nname = \"ops\"\ntype = \"webhook\"\nurl = \"{hook}\"\n"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushed_items_alert_once_and_only_when_signed() {
    let hub = TestHub::start().await;
    let server = TestServer::start().await;
    server.route("/hook", vec![Canned::status(200)]);
    let topic = server.url("/wire.xml");
    // Discovery from the Link header (the body names another hub, which
    // must lose).
    server.route(
        "/wire.xml",
        vec![
            Canned::ok(feed_with_hub(
                "http://127.0.0.1:9/wrong-hub",
                &topic,
                &[QUIET],
            ))
            .header(
                "link",
                &format!("<{}>; rel=\"hub\", <{topic}>; rel=\"self\"", hub.url()),
            ),
        ],
    );
    let ws = Workspace::new();
    let listener = listener();
    let public = format!("http://{}/", listener.local_addr().expect("addr"));
    let text = config_text(
        &public,
        &format!("[[feed]]\nname = \"wire\"\nurl = \"{topic}\"\n"),
        &server.url("/hook"),
        "",
    ) + "\n[fetch]\nmax_body = \"64KiB\"\n";
    let cfg = ws.config(&text);
    let running = Running::start_on(listener, parse_config(&cfg)).await;

    let subs = hub.wait_subscribed(&topic, 1, WAIT).await;
    assert_eq!(
        subs.len(),
        1,
        "subscribed via the Link header's hub; requests: {:?}",
        hub.requests()
    );
    let sub = subs[0].clone();
    assert!(
        sub.callback.starts_with(&format!("{public}websub/")),
        "{}",
        sub.callback
    );
    let id = sub
        .callback
        .trim_start_matches(&format!("{public}websub/"))
        .to_string();
    assert!(
        id.len() >= 32 && id.chars().all(|c| c.is_ascii_hexdigit()),
        "unguessable id: {id}"
    );
    let secret = sub.secret.clone().expect("a secret is always sent");
    assert!(secret.len() >= 32, "random secret");
    let stored = running.store.subscriptions().await.expect("subscriptions");
    assert_eq!(stored[0].state, SubscriptionState::Active);

    // A signed push of a matching item: one alert, within seconds.
    let nato = ("nato-1", NATO_TITLE, NATO_SUMMARY);
    let body = feed_with_hub(&hub.url(), &topic, &[QUIET, nato]);
    let accepted = pushes("accepted");
    assert_eq!(hub.publish(&topic, &body, Method::Sha256).await, vec![204]);
    let hooks = server.wait_for("/hook", 1, WAIT).await;
    assert_eq!(hooks.len(), 1, "one alert from the push");
    assert_eq!(hooks[0].json()["item"]["title"], NATO_TITLE);
    assert!(
        hooks[0].json()["url"]
            .as_str()
            .is_some_and(|u| u.starts_with(&format!("{public}alerts/"))),
        "payload url with public_url: {}",
        hooks[0].json()
    );
    assert!(pushes("accepted") > accepted);

    // Polling later sees the same item: no second alert.
    server.route(
        "/wire.xml",
        vec![Canned::ok(feed_with_hub(
            &hub.url(),
            &topic,
            &[QUIET, nato],
        ))],
    );
    let before = server.received("/wire.xml").len();
    assert!(
        eventually(WAIT, || async {
            server.received("/wire.xml").len() >= before + 2
        })
        .await,
        "polling goes on while pushed (at max_interval)"
    );
    // A replayed push (same body, same valid signature) changes nothing.
    let replay = sign(Method::Sha256, secret.as_bytes(), body.as_bytes());
    assert_eq!(
        hub.post(&sub.callback, body.as_bytes(), Some(&replay))
            .await,
        204
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        server.received("/hook").len(),
        1,
        "pushed then polled then replayed: one alert"
    );

    // Forged and unsigned pushes are acknowledged (2xx), counted, ignored.
    let forged_story = (
        "forged-1",
        "Pentagon signs OpenAI contract for NATO drones",
        "A forged story that must never alert.",
    );
    let forged = feed_with_hub(&hub.url(), &topic, &[forged_story]);
    let (bad, unsigned) = (pushes("bad_signature"), pushes("unsigned"));
    let wrong = sign(Method::Sha256, b"not the secret", forged.as_bytes());
    assert_eq!(
        hub.post(&sub.callback, forged.as_bytes(), Some(&wrong))
            .await,
        202
    );
    assert_eq!(hub.post(&sub.callback, forged.as_bytes(), None).await, 202);
    assert_eq!(
        hub.post(&sub.callback, forged.as_bytes(), Some("md5=abcd"))
            .await,
        202
    );
    // A valid signature over other bytes does not cover these.
    assert_eq!(
        hub.post(&sub.callback, forged.as_bytes(), Some(&replay))
            .await,
        202
    );
    assert!(pushes("bad_signature") >= bad + 3);
    assert!(pushes("unsigned") > unsigned);
    // Oversized content is refused before it is read whole.
    let big = "x".repeat(100 * 1024);
    let big_sig = sign(Method::Sha256, secret.as_bytes(), big.as_bytes());
    assert_eq!(
        hub.post(&sub.callback, big.as_bytes(), Some(&big_sig))
            .await,
        413
    );
    // An unknown callback is gone.
    assert_eq!(
        hub.post(
            &format!("{public}websub/0123abcd"),
            body.as_bytes(),
            Some(&replay)
        )
        .await,
        410
    );
    let items = running.store.recent_items(None, 100).await.expect("items");
    assert!(
        items
            .iter()
            .all(|i| i.entry.guid.as_deref() != Some("forged-1")),
        "forged content stored"
    );

    // Every signature method of the spec is accepted.
    // Three different events (one story each, so one alert each).
    let events = [
        (
            "Anduril wins Army contract for AI drone swarms",
            "The military deal covers autonomous interceptors for Fort Bliss.",
        ),
        (
            "Palantir signs NATO agreement on battlefield AI software",
            "Allied commands in Mons will run the Maven targeting suite.",
        ),
        (
            "Shield AI lands Pentagon deal for pilotless F-16 trials",
            "Hivemind autopilot flights at Edwards begin next spring.",
        ),
    ];
    for (n, (method, (title, summary))) in [Method::Sha1, Method::Sha384, Method::Sha512]
        .into_iter()
        .zip(events)
        .enumerate()
    {
        let guid = format!("m-{n}");
        let story = (guid.as_str(), title, summary);
        let body = feed_with_hub(&hub.url(), &topic, &[story]);
        assert_eq!(
            hub.publish(&topic, &body, method).await,
            vec![204],
            "{method:?}"
        );
    }
    let hooks = server.wait_for("/hook", 4, WAIT).await;
    assert_eq!(hooks.len(), 4, "one alert per signed push");

    // Verification of intent only for what we asked: not an unsubscribe
    // we never requested, not another topic, not an unknown callback.
    let (status, _) = hub.verify(&sub.callback, "unsubscribe", &topic).await;
    assert_eq!(status, 404);
    let (status, _) = hub
        .verify(&sub.callback, "subscribe", "https://other.example/feed")
        .await;
    assert_eq!(status, 404);
    let (status, _) = hub
        .verify(&format!("{public}websub/ffff0000"), "subscribe", &topic)
        .await;
    assert_eq!(status, 404);
    // A re-verification of our own subscription (a hub renewing) is confirmed.
    let (status, body) = hub.verify(&sub.callback, "subscribe", &topic).await;
    assert_eq!(status, 200);
    assert!(
        body.starts_with("challenge-"),
        "echoes the challenge: {body}"
    );
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leases_are_renewed_and_removed_feeds_unsubscribed() {
    let hub = TestHub::start().await;
    hub.grant_lease(3);
    let server = TestServer::start().await;
    server.route("/hook", vec![Canned::status(200)]);
    let topic = server.url("/a.xml");
    server.route(
        "/a.xml",
        vec![Canned::ok(feed_with_hub(&hub.url(), &topic, &[QUIET]))],
    );
    server.route("/b.xml", vec![Canned::ok(rss(&[]))]);
    let ws = Workspace::new();
    let listener = listener();
    let public = format!("http://{}/", listener.local_addr().expect("addr"));
    let both = format!(
        "[[feed]]\nname = \"a\"\nurl = \"{topic}\"\n\n[[feed]]\nname = \"b\"\nurl = \"{}\"\n",
        server.url("/b.xml")
    );
    let cfg = ws.config(&config_text(&public, &both, &server.url("/hook"), ""));
    let running = Running::start_on(listener, parse_config(&cfg)).await;
    assert_eq!(hub.wait_subscribed(&topic, 1, WAIT).await.len(), 1);
    let renewed = eventually(WAIT, || async {
        hub.requests()
            .iter()
            .filter(|r| r.mode == "subscribe" && r.topic == topic)
            .count()
            >= 2
    })
    .await;
    assert!(
        renewed,
        "a 3 s lease is renewed before it expires: {:?}",
        hub.requests()
    );
    let requests: Vec<_> = hub
        .requests()
        .into_iter()
        .filter(|r| r.mode == "subscribe")
        .collect();
    assert_eq!(
        requests[0].callback, requests[1].callback,
        "a renewal keeps its callback"
    );
    assert_eq!(requests[0].secret, requests[1].secret, "and its secret");
    assert!(requests[0].lease_seconds.is_some(), "a lease is asked for");

    // Feed b advertises no hub: it is polled only.
    let rows = running.store.subscriptions().await.expect("rows");
    let b = rows.iter().find(|r| r.feed == "b").expect("b has a row");
    assert_eq!(b.state, SubscriptionState::NoHub);

    // Feed a leaves the config: unsubscribed at the hub, row dropped.
    let only_b = format!(
        "[[feed]]\nname = \"b\"\nurl = \"{}\"\n",
        server.url("/b.xml")
    );
    let cfg = ws.config(&config_text(&public, &only_b, &server.url("/hook"), ""));
    running.reload(parse_config(&cfg)).await;
    let gone = eventually(WAIT, || async {
        hub.subscriptions().iter().all(|s| s.topic != topic)
            && running
                .store
                .subscriptions()
                .await
                .is_ok_and(|rows| rows.iter().all(|r| r.feed != "a"))
    })
    .await;
    assert!(gone, "unsubscribed: {:?}", hub.requests());
    assert!(
        hub.requests()
            .iter()
            .any(|r| r.mode == "unsubscribe" && r.topic == topic)
    );
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_back_off_denials_are_kept_and_polling_falls_back() {
    let good = TestHub::start().await;
    let failing = TestHub::start().await;
    failing.fail_next(&[500, 500, 500]);
    let denying = TestHub::start().await;
    let server = TestServer::start().await;
    server.route("/hook", vec![Canned::status(200)]);
    for name in ["pushed", "broken", "denied"] {
        server.route(&format!("/{name}.xml"), vec![Canned::ok(rss(&[]))]);
    }
    denying.deny(&server.url("/denied.xml"));
    let ws = Workspace::new();
    let listener = listener();
    let public = format!("http://{}/", listener.local_addr().expect("addr"));
    // No feed advertises a hub: each names one (`hub = ...`).
    let feeds = format!(
        "[[feed]]\nname = \"pushed\"\nurl = \"{}\"\nhub = \"{}\"\n\n[[feed]]\nname = \"broken\"\nurl = \"{}\"\nhub = \"{}\"\n\n[[feed]]\nname = \"denied\"\nurl = \"{}\"\nhub = \"{}\"\n",
        server.url("/pushed.xml"),
        good.url(),
        server.url("/broken.xml"),
        failing.url(),
        server.url("/denied.xml"),
        denying.url(),
    );
    let text = config_text(&public, &feeds, &server.url("/hook"), "")
        .replace("max_interval = \"2s\"", "max_interval = \"1h\"");
    let cfg = ws.config(&text);
    let running = Running::start_on(listener, parse_config(&cfg)).await;
    assert_eq!(
        good.wait_subscribed(&server.url("/pushed.xml"), 1, WAIT)
            .await
            .len(),
        1
    );
    let settled = eventually(WAIT, || async {
        running.store.subscriptions().await.is_ok_and(|rows| {
            rows.iter()
                .any(|r| r.feed == "broken" && r.state == SubscriptionState::Failed)
                && rows
                    .iter()
                    .any(|r| r.feed == "denied" && r.state == SubscriptionState::Denied)
        })
    })
    .await;
    let rows = running.store.subscriptions().await.expect("rows");
    assert!(settled, "{rows:?}");
    let now = chrono::Utc::now().timestamp_millis();
    let broken = rows.iter().find(|r| r.feed == "broken").expect("broken");
    assert_eq!(broken.attempts, 1);
    let wait = broken.next_attempt_at - now;
    assert!(
        (40_000..=75_000).contains(&wait),
        "first retry after ~1 min: {wait} ms"
    );
    assert!(
        broken
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("500")),
        "{broken:?}"
    );
    let denied = rows.iter().find(|r| r.feed == "denied").expect("denied");
    assert!(
        denied
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("not allowed"))
    );

    // Polling fallback: the pushed feed is next polled an hour out (its
    // max_interval); the others keep their 1 s interval.
    let polled = eventually(WAIT, || async {
        let pushed = running.store.feed_state("pushed").await;
        let broken = running.store.feed_state("broken").await;
        match (pushed, broken) {
            (Ok(p), Ok(b)) => {
                let p_wait = p.next_poll_at.unwrap_or(0) - p.last_success_at.unwrap_or(0);
                let b_wait = b.next_poll_at.unwrap_or(0) - b.last_success_at.unwrap_or(i64::MAX);
                p_wait >= 3_500_000 && b_wait < 5_000
            }
            _ => false,
        }
    })
    .await;
    assert!(polled, "pushed feed relaxed to max_interval, others not");

    // The subscriptions' states are in /metrics.
    let text = client()
        .get(running.url("/metrics"))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("body");
    for state in ["active", "failed", "denied"] {
        assert!(
            text.contains(&format!(
                "feedwatch_websub_subscriptions{{state=\"{state}\"}} 1"
            )),
            "{state}:\n{text}"
        );
    }
    running.stop().await;
}

/// Discovery fetches the feed like a poll does, so it waits its turn at the
/// origin: with `origin_spacing = "1s"`, the daemon's first poll and the
/// subscriber's discovery of the same feed, both due at start, reach the
/// publisher at least a second apart (before, discovery had its own fetcher
/// and no limits, so both arrived together).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discovery_waits_its_turn_at_the_origin() {
    let hub = TestHub::start().await;
    let server = TestServer::start().await;
    server.route("/hook", vec![Canned::status(200)]);
    let topic = server.url("/wire.xml");
    server.route(
        "/wire.xml",
        vec![Canned::ok(feed_with_hub(&hub.url(), &topic, &[QUIET]))],
    );
    let ws = Workspace::new();
    let listener = listener();
    let public = format!("http://{}/", listener.local_addr().expect("addr"));
    let text = config_text(
        &public,
        &format!("[[feed]]\nname = \"wire\"\nurl = \"{topic}\"\n"),
        &server.url("/hook"),
        "",
    ) + "\n[fetch]\nper_origin = 1\norigin_spacing = \"1s\"\ndomain_spacing = \"none\"\n";
    let cfg = ws.config(&text);
    let running = Running::start_on(listener, parse_config(&cfg)).await;
    assert_eq!(hub.wait_subscribed(&topic, 1, WAIT).await.len(), 1);
    let both = eventually(WAIT, || async { server.received("/wire.xml").len() >= 2 }).await;
    assert!(both, "a poll and a discovery reach the feed");
    let mut starts: Vec<std::time::Instant> =
        server.received("/wire.xml").iter().map(|r| r.at).collect();
    starts.sort();
    for pair in starts.windows(2) {
        assert!(
            pair[1] - pair[0] >= Duration::from_millis(900),
            "requests to one origin {:?} apart, under its 1 s spacing",
            pair[1] - pair[0]
        );
    }
    running.stop().await;
}
