//! Publish-to-delivered latency of WebSub pushes on loopback, run by hand
//! with `cargo bench --bench websub_latency` (not part of `cargo test`).
//!
//! One process holds everything, on 127.0.0.1: a feed server (for
//! discovery, advertising the hub in a `Link` header), a minimal hub that
//! answers the subscription request and verifies intent as the spec says,
//! the daemon with its HTTP server and WebSub subscriber, and a webhook
//! receiver answering 200. After the subscription is verified, the bench
//! pushes N documents (`WEBSUB_PUSHES`, default 1,000) one at a time, each
//! with one new item matching the topic under its own headline, signed
//! with HMAC-SHA256 like a hub does. Latency is measured per push from just
//! before the hub's POST to the moment the webhook receiver has the alert
//! (the receiver answers 200 at once): verification of the signature,
//! parse, dedup, match, the poll's transaction, the outbox wake-up and
//! the delivery. Each push waits for its alert before the next one.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use feedwatch::clock::Clock;
use feedwatch::config::Config;
use feedwatch::daemon::{Control, Daemon, Live};
use feedwatch::http::Services;
use hmac::{KeyInit, Mac};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

/// No phase may take longer than this.
const PHASE_TIMEOUT: Duration = Duration::from_secs(600);

#[derive(Default)]
struct Hub {
    /// (callback, secret) once verified.
    subscription: Mutex<Option<(String, String)>>,
    verified: Notify,
}

#[derive(Default)]
struct Receiver {
    /// Alert guid -> when it arrived.
    arrived: Mutex<HashMap<String, Instant>>,
    notify: Notify,
}

fn rss(hub: &str, items: &[(String, String)]) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel><title>Wire</title><link>http://example.org/</link><description>d</description><atom:link rel=\"hub\" href=\"{hub}\"/>"
    );
    let date = chrono::Utc::now().to_rfc2822();
    for (guid, title) in items {
        out.push_str(&format!(
            "<item><guid isPermaLink=\"false\">{guid}</guid><link>https://news.example.org/{guid}</link><title>{title}</title><description>The Pentagon deal brings AI to NATO networks.</description><pubDate>{date}</pubDate></item>"
        ));
    }
    out.push_str("</channel></rss>");
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(index).copied().unwrap_or_default()
}

fn main() {
    let pushes: usize = std::env::var("WEBSUB_PUSHES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000);
    let runtime = feedwatch::daemon::runtime().expect("runtime");
    runtime.block_on(async move {
        feedwatch::fetch::install_tls_provider();
        // Hub: subscription requests (202, then verification of intent).
        let hub = Arc::new(Hub::default());
        let hub_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let hub_url = format!("http://{}/", hub_listener.local_addr().expect("addr"));
        let client = reqwest::Client::builder().no_proxy().build().expect("client");
        let hub_app = Router::new()
            .route(
                "/",
                post(|State((hub, client)): State<(Arc<Hub>, reqwest::Client)>, body: String| async move {
                    let form: HashMap<String, String> =
                        url::form_urlencoded::parse(body.as_bytes()).into_owned().collect();
                    let (Some(callback), Some(topic), Some(secret)) =
                        (form.get("hub.callback"), form.get("hub.topic"), form.get("hub.secret"))
                    else {
                        return StatusCode::BAD_REQUEST;
                    };
                    let (callback, topic, secret) = (callback.clone(), topic.clone(), secret.clone());
                    tokio::spawn(async move {
                        let query = url::form_urlencoded::Serializer::new(String::new())
                            .extend_pairs([
                                ("hub.mode", "subscribe"),
                                ("hub.topic", topic.as_str()),
                                ("hub.challenge", "bench-challenge"),
                                ("hub.lease_seconds", "86400"),
                            ])
                            .finish();
                        let answer = client.get(format!("{callback}?{query}")).send().await;
                        if let Ok(answer) = answer
                            && answer.text().await.is_ok_and(|t| t == "bench-challenge")
                        {
                            *hub.subscription.lock().expect("hub") = Some((callback, secret));
                            hub.verified.notify_one();
                        }
                    });
                    StatusCode::ACCEPTED
                }),
            )
            .with_state((Arc::clone(&hub), client.clone()));
        tokio::spawn(async move {
            let _ = axum::serve(hub_listener, hub_app).await;
        });

        // Feed server (discovery) and webhook receiver.
        let receiver = Arc::new(Receiver::default());
        let site_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let site = format!("http://{}", site_listener.local_addr().expect("addr"));
        let feed_body = rss(&hub_url, &[]);
        let site_app = Router::new()
            .route(
                "/feed.xml",
                get(move || {
                    let body = feed_body.clone();
                    async move { ([("content-type", "application/rss+xml")], body).into_response() }
                }),
            )
            .route(
                "/hook",
                post(|State(receiver): State<Arc<Receiver>>, body: Bytes| async move {
                    let now = Instant::now();
                    let payload: serde_json::Value =
                        serde_json::from_slice(&body).unwrap_or_default();
                    if let Some(guid) = payload["item"]["guid"].as_str() {
                        receiver.arrived.lock().expect("receiver").insert(guid.to_string(), now);
                        receiver.notify.notify_one();
                    }
                    StatusCode::OK
                }),
            )
            .with_state(Arc::clone(&receiver));
        tokio::spawn(async move {
            let _ = axum::serve(site_listener, site_app).await;
        });

        // The daemon with its HTTP server.
        let dir = tempfile::tempdir().expect("temp dir");
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let public = format!("http://{}/", listener.local_addr().expect("addr"));
        let text = format!(
            "[storage]\npath = \"bench.db\"\n\n[defaults]\ninterval = \"1h\"\nbackfill = \"all\"\n\n[http]\npublic_url = \"{public}\"\n\n[[feed]]\nname = \"wire\"\nurl = \"{site}/feed.xml\"\n\n[[topic]]\nname = \"defense-ai\"\nquery = '(AI OR OpenAI) AND (Pentagon OR NATO) AND (deal OR contract)'\n\n[[sink]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"{site}/hook\"\n"
        );
        let config = Config::parse(&text, &dir.path().join("feedwatch.toml")).expect("config");
        let daemon = Daemon::start(config.clone(), Clock::System).await.expect("daemon");
        let live = Live::new();
        let services = Services::start(&config, live.clone(), Some(listener)).await.expect("services");
        let shutdown = CancellationToken::new();
        let control = Control { live: live.clone(), ..Control::new(shutdown.clone()) };
        let task = tokio::spawn(daemon.run(control));

        tokio::time::timeout(PHASE_TIMEOUT, hub.verified.notified())
            .await
            .expect("the subscription is verified");
        let (callback, secret) = hub.subscription.lock().expect("hub").clone().expect("subscribed");
        println!("subscribed; pushing {pushes} documents to {callback}");

        let mut latencies = Vec::with_capacity(pushes);
        let started = Instant::now();
        for i in 0..pushes {
            let guid = format!("push-{i}");
            let title = format!("OpenAI deal number {i} brings AI to NATO networks");
            let body = rss(&hub_url, &[(guid.clone(), title)]);
            let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()) else {
                panic!("HMAC key");
            };
            mac.update(body.as_bytes());
            let signature: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
            let sent = Instant::now();
            let response = client
                .post(&callback)
                .header("content-type", "application/rss+xml")
                .header("x-hub-signature", format!("sha256={signature}"))
                .body(body)
                .send()
                .await
                .expect("push");
            assert!(response.status().is_success(), "push {i}: {}", response.status());
            let arrived = tokio::time::timeout(Duration::from_secs(30), async {
                loop {
                    let notified = receiver.notify.notified();
                    if let Some(at) = receiver.arrived.lock().expect("receiver").get(&guid).copied() {
                        return at;
                    }
                    notified.await;
                }
            })
            .await
            .unwrap_or_else(|_| panic!("alert {i} did not arrive within 30 s"));
            latencies.push(arrived.saturating_duration_since(sent));
            if started.elapsed() > PHASE_TIMEOUT {
                println!("stopping early after {} pushes: phase timeout", i + 1);
                break;
            }
        }
        let total = started.elapsed();
        latencies.sort();
        let mean = latencies.iter().sum::<Duration>() / latencies.len().max(1) as u32;
        println!(
            "pushes: {}  wall: {:.1} s\np50: {:.1} ms  p90: {:.1} ms  p99: {:.1} ms  max: {:.1} ms  mean: {:.1} ms",
            latencies.len(),
            total.as_secs_f64(),
            percentile(&latencies, 0.50).as_secs_f64() * 1e3,
            percentile(&latencies, 0.90).as_secs_f64() * 1e3,
            percentile(&latencies, 0.99).as_secs_f64() * 1e3,
            latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
            mean.as_secs_f64() * 1e3,
        );
        shutdown.cancel();
        let _ = tokio::time::timeout(Duration::from_secs(20), task).await;
        services.stop().await;
    });
}
