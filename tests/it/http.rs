//! The HTTP server: health checks, `/metrics` (read back by an independent
//! Prometheus parser), auth, CSRF, security headers, the UI pages, and
//! reloads of `[http]`.

use std::collections::HashSet;
use std::time::Duration;

use base64::Engine;
use feedwatch::config::Config;
use feedwatch::http::CONTENT_SECURITY_POLICY;

use crate::support::*;
use crate::web::*;

const WAIT: Duration = Duration::from_secs(15);

fn config_text(feed: &str, hook: &str, http: &str) -> String {
    format!(
        "[storage]\npath = \"feedwatch.db\"\n\n[defaults]\ninterval = \"1h\"\n\n[delivery]\nretry_initial = \"1s\"\npoll_interval = \"1s\"\n\n[http]\n{http}\n\n[[feed]]\nname = \"wire\"\nurl = \"{feed}\"\ntags = [\"defense\"]\n\n[[topic]]\nname = \"defense-ai-contracts\"\nquery = '{TOPIC_QUERY}'\nnotify = [\"ops\"]\n\n[[sink]]\nname = \"ops\"\ntype = \"webhook\"\nurl = \"{hook}\"\n"
    )
}

/// A daemon that has polled the wire feed and sent (or tried) its alert.
async fn started(http: &str, hook_status: u16) -> (Running, TestServer, Workspace) {
    let server = TestServer::start().await;
    server.route("/wire.xml", vec![nato_wire()]);
    server.route("/hook", vec![Canned::status(hook_status)]);
    let ws = Workspace::new();
    std::fs::write(ws.path("token"), "correct-horse-battery-staple\n").expect("token");
    let cfg = ws.config(&config_text(
        &server.url("/wire.xml"),
        &server.url("/hook"),
        http,
    ));
    let running = Running::start(parse_config(&cfg)).await;
    assert_eq!(
        server.wait_for("/hook", 1, WAIT).await.len(),
        1,
        "the alert is sent"
    );
    (running, server, ws)
}

const TOKEN: &str = "Bearer correct-horse-battery-staple";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_metrics_in_the_prometheus_format() {
    let (running, _server, _ws) = started("", 200).await;
    let http = client();
    let health = http
        .get(running.url("/healthz"))
        .send()
        .await
        .expect("healthz");
    assert_eq!(health.status(), 200);
    assert_eq!(
        health
            .headers()
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok()),
        Some(CONTENT_SECURITY_POLICY)
    );
    assert_eq!(json(health).await["status"], "ok");
    let ready = http
        .get(running.url("/readyz"))
        .send()
        .await
        .expect("readyz");
    assert_eq!(ready.status(), 200);
    assert_eq!(json(ready).await["status"], "ready");

    // Deliveries are recorded after the receiver answers: wait for the metric.
    let delivered = eventually(WAIT, || async {
        feedwatch::telemetry::registry().counter(
            "feedwatch_deliveries_total",
            &[("sink", "ops"), ("result", "delivered")],
        ) > 0
    })
    .await;
    assert!(delivered);
    let response = http
        .get(running.url("/metrics"))
        .send()
        .await
        .expect("metrics");
    assert_eq!(response.status(), 200);
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    let text = response.text().await.expect("body");
    let scrape = prometheus_parse::Scrape::parse(text.lines().map(|l| Ok(l.to_string())))
        .expect("an independent parser reads it");
    // Every family has HELP and TYPE; counters end in _total.
    let mut types = std::collections::HashMap::new();
    for line in text.lines().filter(|l| l.starts_with("# TYPE ")) {
        let mut parts = line.split_whitespace().skip(2);
        let (Some(name), Some(kind)) = (parts.next(), parts.next()) else {
            panic!("bad TYPE line {line}");
        };
        types.insert(name.to_string(), kind.to_string());
        assert!(scrape.docs.contains_key(name), "HELP for {name}");
        if kind == "counter" {
            assert!(name.ends_with("_total"), "counter {name} ends in _total");
        }
    }
    let expected = [
        ("feedwatch_polls_total", "counter"),
        ("feedwatch_fetch_responses_total", "counter"),
        ("feedwatch_fetched_bytes_total", "counter"),
        ("feedwatch_parse_failures_total", "counter"),
        ("feedwatch_forgotten_total", "counter"),
        ("feedwatch_items_total", "counter"),
        ("feedwatch_matches_total", "counter"),
        ("feedwatch_alerts_total", "counter"),
        ("feedwatch_deliveries_total", "counter"),
        ("feedwatch_websub_pushes_total", "counter"),
        ("feedwatch_websub_requests_total", "counter"),
        ("feedwatch_poll_duration_seconds", "histogram"),
        ("feedwatch_delivery_duration_seconds", "histogram"),
        ("feedwatch_publish_to_alert_seconds", "histogram"),
        ("feedwatch_outbox_pending", "gauge"),
        ("feedwatch_outbox_oldest_pending_age_seconds", "gauge"),
        ("feedwatch_open_incidents", "gauge"),
        ("feedwatch_websub_subscriptions", "gauge"),
    ];
    for (name, kind) in expected {
        assert_eq!(types.get(name).map(String::as_str), Some(kind), "{name}");
    }
    let value = |metric: &str, label: Option<(&str, &str)>| {
        scrape
            .samples
            .iter()
            .filter(|s| s.metric == metric)
            .filter(|s| label.is_none_or(|(k, v)| s.labels.get(k) == Some(v)))
            .map(|s| match &s.value {
                prometheus_parse::Value::Counter(v)
                | prometheus_parse::Value::Gauge(v)
                | prometheus_parse::Value::Untyped(v) => *v,
                prometheus_parse::Value::Histogram(buckets) => {
                    buckets.last().map_or(0.0, |b| b.count)
                }
                _ => 0.0,
            })
            .sum::<f64>()
    };
    assert!(value("feedwatch_polls_total", Some(("result", "ok"))) >= 1.0);
    assert!(value("feedwatch_fetch_responses_total", Some(("class", "2xx"))) >= 1.0);
    assert!(value("feedwatch_items_total", Some(("state", "new"))) >= 4.0);
    assert!(
        value(
            "feedwatch_alerts_total",
            Some(("topic", "defense-ai-contracts"))
        ) >= 1.0
    );
    assert!(
        value(
            "feedwatch_matches_total",
            Some(("topic", "defense-ai-contracts"))
        ) >= 1.0
    );
    assert!(value("feedwatch_poll_duration_seconds", None) >= 1.0);
    assert!(value("feedwatch_publish_to_alert_seconds", Some(("via", "poll"))) >= 1.0);
    assert_eq!(value("feedwatch_outbox_pending", None), 0.0);
    // Bounded labels: no feed names or URLs unless asked for.
    let labels: HashSet<&str> = scrape
        .samples
        .iter()
        .flat_map(|s| s.labels.keys().map(String::as_str))
        .collect();
    assert!(
        !labels.contains("feed") && !labels.contains("url"),
        "{labels:?}"
    );
    assert!(!text.contains("http://127.0.0.1"), "no URL in metrics");
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth_csrf_and_the_retry_button() {
    let hash = feedwatch::http::auth::PasswordHash::create("s3cret pass", 10_000);
    let http_section = format!("[http.auth]\ntoken_file = \"token\"\npassword_hash = \"{hash}\"\n");
    // The receiver refuses (400): the delivery fails for good.
    let (running, server, _ws) = started(&http_section, 400).await;
    let http = client();
    let failed = eventually(WAIT, || async {
        running
            .store
            .backend()
            .deliveries(
                &feedwatch::store::DeliveryFilter {
                    status: Some(feedwatch::model::DeliveryStatus::Failed),
                    ..Default::default()
                },
                10,
            )
            .is_ok_and(|d| d.len() == 1)
    })
    .await;
    assert!(failed, "the delivery failed");

    // Open: health checks and WebSub callbacks. Closed: everything else.
    assert_eq!(
        http.get(running.url("/healthz"))
            .send()
            .await
            .expect("get")
            .status(),
        200
    );
    for path in ["/alerts", "/topics", "/feeds", "/metrics"] {
        let response = http.get(running.url(path)).send().await.expect("get");
        assert_eq!(response.status(), 401, "{path}");
        assert!(response.headers().contains_key("www-authenticate"));
        assert!(response.headers().contains_key("content-security-policy"));
    }
    let wrong = http
        .get(running.url("/alerts"))
        .header("authorization", "Bearer wrong-token-wrong-token")
        .send()
        .await
        .expect("get");
    assert_eq!(wrong.status(), 401);
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode("admin:s3cret pass")
    );
    let page = http
        .get(running.url("/alerts"))
        .header("authorization", &basic)
        .send()
        .await
        .expect("get");
    assert_eq!(page.status(), 200, "basic auth with the password");
    let html = page.text().await.expect("html");
    assert!(html.contains(NATO_TITLE));
    assert!(
        html.contains("Retry now"),
        "a failed delivery offers a retry"
    );
    let csrf = between(&html, "name=\"csrf\" value=\"", "\"").expect("csrf token in the form");
    let action = between(&html, "action=\"/deliveries/", "/retry\"").expect("retry form");

    let retry = |token: String, origin: Option<&'static str>| {
        let mut request = http
            .post(running.url(&format!("/deliveries/{action}/retry")))
            .header("authorization", TOKEN)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form(&[("csrf", token.as_str()), ("back", "/alerts")]));
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send()
    };
    // No auth: 401 even with a token.
    let anonymous = http
        .post(running.url(&format!("/deliveries/{action}/retry")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(&[("csrf", csrf.as_str())]))
        .send()
        .await
        .expect("post");
    assert_eq!(anonymous.status(), 401);
    assert_eq!(
        retry("1.abcd".into(), None).await.expect("post").status(),
        403,
        "forged token"
    );
    assert_eq!(
        retry(csrf.clone(), Some("http://evil.example"))
            .await
            .expect("post")
            .status(),
        403,
        "cross-origin"
    );
    // Now the receiver accepts; a valid retry sends the alert again.
    server.route("/hook", vec![Canned::status(200)]);
    let ok = retry(csrf.clone(), None).await.expect("post");
    assert_eq!(ok.status(), 303);
    assert_eq!(
        ok.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/alerts")
    );
    assert_eq!(server.wait_for("/hook", 2, WAIT).await.len(), 2, "retried");
    let delivered = eventually(WAIT, || async {
        running
            .store
            .backend()
            .deliveries(
                &feedwatch::store::DeliveryFilter {
                    status: Some(feedwatch::model::DeliveryStatus::Delivered),
                    ..Default::default()
                },
                10,
            )
            .is_ok_and(|d| d.len() == 1)
    })
    .await;
    assert!(delivered);
    running.stop().await;
}

async fn json(response: reqwest::Response) -> serde_json::Value {
    serde_json::from_str(&response.text().await.expect("body")).expect("JSON")
}

#[test]
fn a_reachable_address_needs_auth() {
    let ws = Workspace::new();
    let text = config_text(
        "https://example.org/feed.xml",
        "http://127.0.0.1:9/hook",
        "listen = \"0.0.0.0:8080\"",
    );
    let err = Config::parse(&text, &ws.path("feedwatch.toml")).expect_err("refused");
    let message = err.to_string();
    assert!(
        message.contains("http.listen") && message.contains("[http.auth] is required"),
        "{message}"
    );
    // And the daemon will not start with it.
    let cfg = ws.config(&text);
    let out = run_binary(
        &["run", "--config", cfg.to_str().expect("utf-8")],
        Duration::from_secs(30),
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("[http.auth] is required"));
    // Loopback needs none; "off" starts no server.
    let off = config_text(
        "https://example.org/feed.xml",
        "http://127.0.0.1:9/hook",
        "listen = \"off\"",
    );
    assert_eq!(
        Config::parse(&off, &ws.path("feedwatch.toml"))
            .expect("valid")
            .http
            .listen,
        None
    );
    let bad = config_text(
        "https://example.org/feed.xml",
        "http://127.0.0.1:9/hook",
        "listen = \"localhost\"\npublic_url = \"ftp://x\"",
    );
    let message = Config::parse(&bad, &ws.path("feedwatch.toml"))
        .expect_err("bad")
        .to_string();
    assert!(
        message.contains("http.listen") && message.contains("http.public_url"),
        "{message}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_render_filter_sort_and_try() {
    let (running, _server, _ws) = started("", 200).await;
    let http = client();
    let get = |path: &str| {
        let url = running.url(path);
        let http = http.clone();
        let path = path.to_string();
        async move {
            let response = http.get(url).send().await.expect("get");
            let status = response.status();
            if status != 200 {
                panic!(
                    "{path}: {status} {}",
                    response.text().await.unwrap_or_default()
                );
            }
            assert!(response.headers().contains_key("content-security-policy"));
            response.text().await.expect("html")
        }
    };
    let alerts = get("/alerts").await;
    assert!(alerts.contains(NATO_TITLE));
    assert!(
        alerts.contains("<mark>"),
        "matched terms highlighted in the snippet"
    );
    assert!(alerts.contains("Story sources (1)"));
    assert!(!alerts.contains("<script"), "no JavaScript");
    assert!(get("/alerts?topic=nope").await.contains("No alerts"));
    assert!(
        get("/alerts?status=delivered&sink=ops")
            .await
            .contains(NATO_TITLE)
    );
    let id = between(&alerts, "href=\"/alerts/", "\"").expect("permalink");
    assert!(get(&format!("/alerts/{id}")).await.contains(NATO_TITLE));
    let topics = get("/topics").await;
    assert!(topics.contains("Query as understood"));
    assert_eq!(topics.matches("<rect ").count(), 30, "30 days of bars");
    assert!(topics.contains("1 alert(s) in the last 30 days"));
    let tried = get("/topics?q=OpenAI+NATO").await;
    assert!(tried.contains("1 hit(s)"), "{tried}");
    assert!(tried.contains("<mark>") && tried.contains("Why it matched"));
    let invalid = get("/topics?q=%28NATO").await;
    assert!(invalid.contains("invalid query at column"));
    let by_topic = get("/topics?topic=defense-ai-contracts").await;
    assert!(by_topic.contains("1 hit(s)"));
    assert!(!by_topic.contains("Near misses"), "only when asked");
    let near = get("/topics?q=OpenAI+NATO+zeppelin&near=1").await;
    assert!(near.contains("0 hit(s)"), "{near}");
    let misses = near
        .split_once("Near misses")
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("a near-miss section: {near}"));
    assert!(
        misses.contains(NATO_TITLE) && misses.contains("Lacks: <code>zeppelin</code>"),
        "{near}"
    );
    assert!(near.contains("name=\"near\" value=\"1\" checked"), "{near}");
    let stories = get("/stories").await;
    assert!(
        stories.contains(NATO_TITLE) && stories.contains("1 report<"),
        "{stories}"
    );
    assert!(stories.contains("aria-current=\"page\">Stories"));
    assert!(
        get("/stories?topic=defense-ai-contracts&since=7d")
            .await
            .contains(NATO_TITLE)
    );
    // A story of one report is not among those of two or more; a link may
    // ask for a period or a count the form does not offer (shown among its
    // choices), and a value that means nothing is said, not replaced by the
    // default.
    assert!(
        get("/stories?min=2")
            .await
            .contains("No stories match these filters")
    );
    let custom = get("/stories?since=36h&min=4").await;
    assert!(
        custom.contains("<option value=\"36h\" selected>last 36h</option>")
            && custom.contains("<option value=\"4\" selected>4 or more</option>")
            && custom.contains("No stories match these filters"),
        "{custom}"
    );
    assert!(
        get("/stories?since=&topic=&min=")
            .await
            .contains(NATO_TITLE)
    );
    for (path, said) in [
        ("/stories?since=forever", "since = \"forever\""),
        ("/stories?min=-1", "min = \"-1\""),
        ("/stories?min=0", "1 or more"),
        (
            "/stories?topic=nope",
            "a configured topic: defense-ai-contracts",
        ),
        (
            "/alerts?status=sent",
            "pending, held, folded, delivered or failed",
        ),
        ("/feeds?sort=size", "one of name, status,"),
        ("/feeds?dir=down", "asc or desc"),
    ] {
        let response = http.get(running.url(path)).send().await.expect("get");
        assert_eq!(response.status(), 400, "{path}");
        let text = response.text().await.expect("text");
        assert!(text.contains(said), "{path}: {text}");
    }
    // Each story has a page of its own, linked from the list and from its
    // alerts; an unknown or malformed id is a 404.
    let story = between(&stories, "href=\"/stories/", "\"").expect("story link");
    assert!(
        alerts.contains(&format!("href=\"/stories/{story}\">This story's page")),
        "{alerts}"
    );
    let page = get(&format!("/stories/{story}")).await;
    assert!(
        page.contains(&format!("Story {story}")) && page.contains(NATO_TITLE),
        "{page}"
    );
    assert!(!page.contains("<form"), "no filters on one story's page");
    for path in ["/stories/424242", "/stories/nope"] {
        let missing = http.get(running.url(path)).send().await.expect("get");
        assert_eq!(missing.status(), 404, "{path}");
    }
    let feeds = get("/feeds?sort=items&dir=desc").await;
    assert!(feeds.contains("wire") && feeds.contains("aria-sort=\"descending\""));
    let missing = http.get(running.url("/nope")).send().await.expect("get");
    assert_eq!(missing.status(), 404);
    assert!(missing.headers().contains_key("content-security-policy"));
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_applies_auth_and_moves_the_listener() {
    let (running, server, ws) = started("", 200).await;
    let http = client();
    assert_eq!(
        http.get(running.url("/metrics"))
            .send()
            .await
            .expect("get")
            .status(),
        200
    );
    let free = listener().local_addr().expect("addr");
    let cfg = ws.config(&config_text(
        &server.url("/wire.xml"),
        &server.url("/hook"),
        &format!("listen = \"{free}\"\n[http.auth]\ntoken_file = \"token\"\n"),
    ));
    running.reload(parse_config(&cfg)).await;
    let moved = format!("http://{free}/metrics");
    let answered = eventually(WAIT, || async {
        http.get(&moved)
            .send()
            .await
            .is_ok_and(|r| r.status() == 401)
    })
    .await;
    assert!(answered, "the server moved to {free} and now asks for auth");
    let authorized = http
        .get(&moved)
        .header("authorization", TOKEN)
        .send()
        .await
        .expect("get");
    assert_eq!(authorized.status(), 200);
    assert!(
        http.get(running.url("/healthz")).send().await.is_err(),
        "the old address is closed"
    );
    running.stop().await;
}

/// Per-feed series only when asked for (in a process of its own: the
/// metrics registry is process-wide).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_feed_metrics_are_opt_in() {
    let server = TestServer::start().await;
    server.route("/wire.xml", vec![nato_wire()]);
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let free = listener().local_addr().expect("addr");
    let cfg = ws.config(&config_text(
        &server.url("/wire.xml"),
        &server.url("/hook"),
        &format!("listen = \"{free}\"\nper_feed_metrics = true"),
    ));
    let daemon = spawn_daemon(&cfg);
    assert_eq!(server.wait_for("/hook", 1, WAIT).await.len(), 1);
    let http = client();
    let mut text = String::new();
    let deadline = std::time::Instant::now() + WAIT;
    while !text.contains("feedwatch_feed_new_items_total{") && std::time::Instant::now() < deadline
    {
        if let Ok(response) = http.get(format!("http://{free}/metrics")).send().await {
            text = response.text().await.unwrap_or_default();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (status, stderr) = stop(daemon).await;
    assert!(status.success(), "{stderr}");
    assert!(
        text.contains("feedwatch_feed_polls_total{feed=\"wire\",result=\"ok\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("feedwatch_feed_new_items_total{feed=\"wire\"} 4"),
        "{text}"
    );
}

/// Before the daemon publishes (or after it stops), the server is alive
/// but not ready, and says why; pages answer 503 instead of failing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_ready_without_a_running_daemon() {
    let ws = Workspace::new();
    let cfg = ws.config(&config_text(
        "https://example.org/feed.xml",
        "http://127.0.0.1:9/hook",
        "",
    ));
    let config = parse_config(&cfg);
    let services =
        feedwatch::http::Services::start(&config, feedwatch::daemon::Live::new(), Some(listener()))
            .await
            .expect("services");
    let base = format!("http://{}", services.local_addr().expect("addr"));
    let http = client();
    let health = http
        .get(format!("{base}/healthz"))
        .send()
        .await
        .expect("healthz");
    assert_eq!(health.status(), 200);
    let ready = http
        .get(format!("{base}/readyz"))
        .send()
        .await
        .expect("readyz");
    assert_eq!(ready.status(), 503);
    let body = json(ready).await;
    assert_eq!(body["status"], "not ready");
    assert!(
        body["reason"]
            .as_str()
            .is_some_and(|r| r.contains("starting")),
        "{body}"
    );
    let page = http
        .get(format!("{base}/alerts"))
        .send()
        .await
        .expect("alerts");
    assert_eq!(page.status(), 503);
    services.stop().await;
}
