//! The fetch stage's rules, each against a local server that records what it
//! received: redirects, 410, Retry-After and backoff (with a manual clock),
//! body caps and gzip bombs, encodings, HTML pages with feed links, OPML,
//! per-origin limits, network incidents and feed-health events.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use feedwatch::clock::Clock;
use feedwatch::config::Config;
use feedwatch::daemon::Daemon;
use feedwatch::store::FeedHealth;

use crate::support::*;

const T0: i64 = 1_800_000_000_000;

fn config(ws: &Workspace, body: &str) -> Config {
    let text = format!("[storage]\npath = \"fw.db\"\n\n{body}");
    let path = ws.config(&text);
    Config::load(&path).unwrap_or_else(|e| panic!("test config invalid: {e}\n{text}"))
}

fn feed(name: &str, url: &str) -> String {
    format!("[[feed]]\nname = \"{name}\"\nurl = \"{url}\"\ninterval = \"10m\"\n\n")
}

async fn health(daemon: &Daemon) -> Vec<FeedHealth> {
    daemon.store().backend().feed_health().expect("feed health")
}

async fn health_of(daemon: &Daemon, name: &str) -> FeedHealth {
    health(daemon)
        .await
        .into_iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no feed {name}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn permanent_redirect_moves_the_feed_temporary_does_not() {
    let server = TestServer::start().await;
    server.route(
        "/old.xml",
        vec![Canned::status(301).header("location", "/new.xml")],
    );
    server.route("/new.xml", vec![nato_wire()]);
    server.route(
        "/temp.xml",
        vec![Canned::status(302).header("location", "/target.xml")],
    );
    server.route("/target.xml", vec![nato_wire()]);
    let ws = Workspace::new();
    let cfg = config(
        &ws,
        &(feed("moved", &server.url("/old.xml")) + &feed("temp", &server.url("/temp.xml"))),
    );
    let daemon = Daemon::start(cfg, Clock::System).await.expect("start");
    daemon.run_once().await.expect("cycle");
    daemon.run_once().await.expect("cycle");
    assert_eq!(
        server.received("/old.xml").len(),
        1,
        "a 301 is followed once, then the new URL is used"
    );
    assert_eq!(server.received("/new.xml").len(), 2);
    assert_eq!(
        health_of(&daemon, "moved").await.moved_to,
        Some(server.url("/new.xml"))
    );
    assert_eq!(
        server.received("/temp.xml").len(),
        2,
        "a 302 keeps the configured URL"
    );
    assert_eq!(health_of(&daemon, "temp").await.moved_to, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirect_loops_and_chains_are_clear_errors() {
    let server = TestServer::start().await;
    server.route("/a", vec![Canned::status(302).header("location", "/b")]);
    server.route("/b", vec![Canned::status(307).header("location", "/a")]);
    for i in 0..8 {
        server.route(
            &format!("/hop{i}"),
            vec![Canned::status(302).header("location", &format!("/hop{}", i + 1))],
        );
    }
    let ws = Workspace::new();
    let cfg = config(
        &ws,
        &(feed("loop", &server.url("/a")) + &feed("chain", &server.url("/hop0"))),
    );
    let daemon = Daemon::start(cfg, Clock::System).await.expect("start");
    daemon.run_once().await.expect("cycle");
    let looped = health_of(&daemon, "loop").await;
    assert!(
        looped
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("redirect loop")),
        "{looped:?}"
    );
    let chain = health_of(&daemon, "chain").await;
    assert!(
        chain
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("more than 5 redirects")),
        "{chain:?}"
    );
    assert_eq!(
        server.received("/hop6").len(),
        0,
        "at most 5 redirects are followed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gone_disables_the_feed() {
    let server = TestServer::start().await;
    server.route("/gone.xml", vec![Canned::status(410)]);
    let ws = Workspace::new();
    let daemon = Daemon::start(
        config(&ws, &feed("gone", &server.url("/gone.xml"))),
        Clock::System,
    )
    .await
    .expect("start");
    daemon.run_once().await.expect("cycle");
    daemon.run_once().await.expect("cycle");
    assert_eq!(
        server.received("/gone.xml").len(),
        1,
        "a 410 feed is not polled again"
    );
    let gone = health_of(&daemon, "gone").await;
    assert!(
        gone.disabled
            .as_deref()
            .is_some_and(|d| d.contains("410 Gone")),
        "{gone:?}"
    );
    assert_eq!(gone.next_poll_at, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_after_and_exponential_backoff_set_the_next_poll() {
    let server = TestServer::start().await;
    server.route(
        "/busy.xml",
        vec![Canned::status(429).header("retry-after", "7200")],
    );
    server.route("/broken.xml", vec![Canned::status(500)]);
    let ws = Workspace::new();
    let clock = Clock::manual(T0);
    // "localhost" is another domain than "127.0.0.1": the 429 slows only its own.
    let busy_url = server.url("/busy.xml").replace("127.0.0.1", "localhost");
    let cfg = config(
        &ws,
        &(feed("busy", &busy_url) + &feed("broken", &server.url("/broken.xml"))),
    );
    let daemon = Daemon::start(cfg, clock.clone()).await.expect("start");
    let mut delays = Vec::new();
    for cycle in 0..4 {
        daemon.run_once().await.expect("cycle");
        let now = clock.now_millis();
        let broken = health_of(&daemon, "broken").await;
        delays.push(broken.next_poll_at.expect("scheduled") - now);
        if cycle == 0 {
            let busy = health_of(&daemon, "busy").await;
            assert_eq!(
                busy.next_poll_at,
                Some(now + 7_200_000),
                "Retry-After is honoured exactly"
            );
        }
        clock.advance(1000);
    }
    assert_eq!(
        server.received("/busy.xml").len(),
        1,
        "a throttled domain is left alone"
    );
    assert_eq!(health_of(&daemon, "busy").await.consecutive_failures, 1);
    // 10 minutes doubling per failure, ±10% jitter.
    for (i, delay) in delays.iter().enumerate() {
        let nominal = 600_000f64 * 2f64.powi(i as i32);
        let ratio = *delay as f64 / nominal;
        assert!(
            (0.89..=1.11).contains(&ratio),
            "failure {}: {delay} ms vs {nominal}",
            i + 1
        );
    }
    assert_eq!(health_of(&daemon, "broken").await.consecutive_failures, 4);
    // Recovery resets the count and the interval.
    server.route("/broken.xml", vec![nato_wire()]);
    daemon.run_once().await.expect("cycle");
    let broken = health_of(&daemon, "broken").await;
    assert_eq!(broken.consecutive_failures, 0);
    let delay = broken.next_poll_at.expect("scheduled") - clock.now_millis();
    assert!((540_000..=660_000).contains(&delay), "{delay}");
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn body_caps_stop_big_bodies_and_gzip_bombs() {
    let server = TestServer::start().await;
    let mut bomb_body = wire_feed("x", "https://x.example/1").into_bytes();
    bomb_body.extend(std::iter::repeat_n(b' ', 8 * 1024 * 1024));
    let bomb = gzip(&bomb_body);
    assert!(
        bomb.len() < 64 * 1024,
        "the bomb is small on the wire: {}",
        bomb.len()
    );
    server.route(
        "/bomb.xml",
        vec![Canned::ok(bomb).header("content-encoding", "gzip")],
    );
    server.route("/big.xml", vec![Canned::ok(vec![b'x'; 2 * 1024 * 1024])]);
    let small = gzip(wire_feed("nato-1", "https://news.example.org/openai-nato").as_bytes());
    server.route(
        "/small.xml",
        vec![Canned::ok(small).header("content-encoding", "gzip")],
    );
    let ws = Workspace::new();
    let cfg = config(
        &ws,
        &format!(
            "[fetch]\nmax_body = \"1MiB\"\n\n{}{}{}",
            feed("bomb", &server.url("/bomb.xml")),
            feed("big", &server.url("/big.xml")),
            feed("small", &server.url("/small.xml"))
        ),
    );
    let daemon = Daemon::start(cfg, Clock::System).await.expect("start");
    daemon.run_once().await.expect("cycle");
    for name in ["bomb", "big"] {
        let h = health_of(&daemon, name).await;
        assert_eq!(h.last_status.as_deref(), Some("too large"), "{h:?}");
        assert!(
            h.last_error
                .as_deref()
                .is_some_and(|e| e.contains("1048576-byte cap")),
            "{h:?}"
        );
    }
    assert_eq!(
        health_of(&daemon, "small").await.items,
        4,
        "gzip bodies are decoded"
    );
    let sent = server.received("/small.xml");
    let accept = sent[0]
        .headers
        .get("accept-encoding")
        .cloned()
        .unwrap_or_default();
    assert!(
        accept.contains("gzip") && accept.contains("br") && accept.contains("deflate"),
        "{accept}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn charsets_from_content_type_and_declaration_are_decoded() {
    let server = TestServer::start().await;
    let title = "Café “naïve” — 5 €";
    let rss = |decl: &str| {
        format!(
            "<?xml version=\"1.0\"{decl}?><rss version=\"2.0\"><channel><title>t</title><item><guid>1</guid><title>{title}</title><description>d</description></item></channel></rss>"
        )
    };
    let cp1252_doc = rss("");
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(&cp1252_doc);
    server.route(
        "/cp1252.xml",
        vec![
            Canned::ok(cp1252.into_owned())
                .header("content-type", "application/rss+xml; charset=windows-1252"),
        ],
    );
    let sjis_title = "防衛省、AI契約を締結";
    let sjis_doc = rss(" encoding=\"Shift_JIS\"").replace(title, sjis_title);
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&sjis_doc);
    server.route("/sjis.xml", vec![Canned::ok(sjis.into_owned())]);
    let long_decl =
        rss(" encoding=\"ISO-8859-1\" standalone=\"yes\"           ").replace(title, "Ol\u{e9}");
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&long_decl);
    server.route("/latin1.xml", vec![Canned::ok(latin1.into_owned())]);
    let ws = Workspace::new();
    let cfg = config(
        &ws,
        &(feed("cp1252", &server.url("/cp1252.xml"))
            + &feed("sjis", &server.url("/sjis.xml"))
            + &feed("latin1", &server.url("/latin1.xml"))),
    );
    let daemon = Daemon::start(cfg, Clock::System).await.expect("start");
    daemon.run_once().await.expect("cycle");
    let items = daemon
        .store()
        .backend()
        .recent_items(None, None, 10)
        .expect("items");
    let title_of = |feed: &str| {
        items
            .iter()
            .find(|i| i.feed == feed)
            .map(|i| i.entry.title.clone())
            .unwrap_or_else(|| panic!("no item from {feed}"))
    };
    assert_eq!(title_of("cp1252"), title);
    assert_eq!(title_of("sjis"), sjis_title);
    assert_eq!(
        title_of("latin1"),
        "Olé",
        "a long declaration naming latin-1 must not panic"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_html_page_names_the_feeds_it_links_to() {
    let server = TestServer::start().await;
    let page = r#"<!doctype html><html><head><title>News</title>
        <link rel="alternate" type="application/rss+xml" title="All news" href="/rss.xml">
        <link rel="alternate" type="application/atom+xml" href="https://other.example/atom"></head><body>hi</body></html>"#;
    server.route(
        "/",
        vec![Canned::ok(page).header("content-type", "text/html; charset=utf-8")],
    );
    let ws = Workspace::new();
    let daemon = Daemon::start(
        config(&ws, &feed("homepage", &server.url("/"))),
        Clock::System,
    )
    .await
    .expect("start");
    daemon.run_once().await.expect("cycle");
    let h = health_of(&daemon, "homepage").await;
    let error = h.last_error.unwrap_or_default();
    assert!(error.contains(&server.url("/rss.xml")), "{error}");
    assert!(error.contains("https://other.example/atom"), "{error}");

    let url = server.url("/");
    let out = run_binary_async(&["discover", &url], Duration::from_secs(30)).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(&server.url("/rss.xml")) && stdout.contains("All news"),
        "{stdout}"
    );
}

#[test]
fn opml_import_and_export() {
    let ws = Workspace::new();
    std::fs::write(
        ws.path("subs.opml"),
        r#"<?xml version="1.0"?><opml version="2.0"><head><title>s</title></head><body>
        <outline text="Defense"><outline type="rss" text="Breaking Defense" xmlUrl="https://breakingdefense.com/feed/"/></outline>
        <outline type="rss" text="The Register" xmlUrl="https://www.theregister.com/headlines.atom" category="tech"/>
        <outline type="rss" text="Breaking Defense again" xmlUrl="https://breakingdefense.com/feed/"/>
        <outline type="rss" text="Reg" xmlUrl="https://www.theregister.com/news.atom"/>
        </body></opml>"#,
    )
    .expect("write opml");
    // A feed the OPML file lists too keeps its `[[feed]]` settings; a URL
    // the file lists twice is one feed.
    let cfg_path = ws.config(
        "opml = [\"subs.opml\"]\n\n[[feed]]\nname = \"reg\"\nurl = \"https://www.theregister.com/news.atom\"\ntags = [\"news\"]\n\n[[topic]]\nname = \"t\"\nquery = 'AI'\nfeeds = [\"tag:defense\"]\n\n[[sink]]\nname = \"out\"\ntype = \"stdout\"\n",
    );
    let config = Config::load(&cfg_path).expect("config with OPML");
    let names: Vec<(&str, &[String])> = config
        .feeds
        .iter()
        .map(|f| (f.name.as_str(), f.tags.as_slice()))
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert_eq!(names[0], ("reg", &["news".to_string()][..]));
    assert_eq!(names[1], ("breaking-defense", &["defense".to_string()][..]));
    assert_eq!(names[2], ("the-register", &["tech".to_string()][..]));

    let out = run_binary(
        &[
            "opml",
            "export",
            "--config",
            cfg_path.to_str().expect("utf-8"),
        ],
        Duration::from_secs(30),
    );
    assert!(out.status.success());
    let exported = String::from_utf8_lossy(&out.stdout);
    let back = feedwatch::config::opml::parse_opml(&exported).expect("exported OPML parses");
    assert_eq!(back.len(), 3);
    assert!(
        back.iter()
            .any(|f| f.url == "https://breakingdefense.com/feed/" && f.tags == ["defense"])
    );

    let bad = ws.config("opml = [\"missing.opml\"]\n");
    let err = Config::load(&bad).expect_err("missing OPML file");
    assert!(err.to_string().contains("opml[0]: cannot read"), "{err}");
    assert!(Path::new(&ws.path("subs.opml")).exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_origin_limit_and_spacing_and_no_stall_across_origins() {
    let slow = TestServer::start().await;
    let fast = TestServer::start().await;
    let mut feeds = String::from(
        "[fetch]\nper_origin = 2\norigin_spacing = \"100ms\"\ndomain_spacing = \"none\"\n\n",
    );
    for i in 0..6 {
        let path = format!("/slow{i}.xml");
        slow.route(&path, vec![nato_wire().delayed(Duration::from_millis(400))]);
        feeds.push_str(&feed(&format!("slow{i}"), &slow.url(&path)));
    }
    fast.route("/fast.xml", vec![nato_wire()]);
    feeds.push_str(&feed("fast", &fast.url("/fast.xml")));
    let ws = Workspace::new();
    let daemon = Daemon::start(config(&ws, &feeds), Clock::System)
        .await
        .expect("start");
    daemon.run_once().await.expect("cycle");
    let mut starts: Vec<std::time::Instant> = (0..6)
        .flat_map(|i| slow.received(&format!("/slow{i}.xml")))
        .map(|r| r.at)
        .collect();
    starts.sort();
    assert_eq!(starts.len(), 6);
    for pair in starts.windows(2) {
        assert!(
            pair[1] - pair[0] >= Duration::from_millis(95),
            "spacing: {:?}",
            pair[1] - pair[0]
        );
    }
    // With 2 in flight and 400 ms each, six requests need three rounds.
    assert!(
        starts[5] - starts[0] >= Duration::from_millis(790),
        "at most 2 in flight: {:?}",
        starts[5] - starts[0]
    );
    let fast_at = fast.received("/fast.xml")[0].at;
    assert!(
        fast_at < starts[2],
        "another origin is not stalled behind the slow one"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn network_down_is_one_incident_not_feed_failures() {
    let mut servers = Vec::new();
    let mut feeds = String::from("[fetch]\ntimeout = \"500ms\"\n\n");
    for i in 0..4 {
        let server = TestServer::start().await;
        server.route(
            "/feed.xml",
            vec![nato_wire().delayed(Duration::from_secs(3))],
        );
        feeds.push_str(&feed(&format!("f{i}"), &server.url("/feed.xml")));
        servers.push(server);
    }
    let ws = Workspace::new();
    let daemon = Daemon::start(config(&ws, &feeds), Clock::System)
        .await
        .expect("start");
    for _ in 0..3 {
        daemon.run_once().await.expect("cycle");
    }
    for h in health(&daemon).await {
        assert!(
            h.consecutive_failures <= 1,
            "failures during the incident are not counted: {h:?}"
        );
    }
    let statuses: Vec<String> = health(&daemon)
        .await
        .into_iter()
        .filter_map(|h| h.last_status)
        .collect();
    assert_eq!(statuses.len(), 4, "every feed has a status: {statuses:?}");
    assert!(statuses.iter().all(|s| s == "network down"), "{statuses:?}");
    for server in &servers {
        server.route("/feed.xml", vec![nato_wire()]);
    }
    daemon.run_once().await.expect("cycle");
    for h in health(&daemon).await {
        assert_eq!(h.consecutive_failures, 0, "{h:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_few_broken_origins_among_many_answering_are_not_a_network_incident() {
    // 12 origins answer at once; 3 hang past the timeout, so their failures
    // arrive together after every answer, with none in between.
    let mut servers = Vec::new();
    // (All servers are on 127.0.0.1, one domain: no domain spacing, so the
    // polls start together.)
    let mut feeds = String::from(
        "[fetch]\ntimeout = \"500ms\"\nconcurrency = 32\nper_origin = 4\ndomain_spacing = \"none\"\n\n",
    );
    for i in 0..15 {
        let server = TestServer::start().await;
        let response = if i < 3 {
            Canned::ok(rss(&[])).delayed(Duration::from_secs(3))
        } else {
            Canned::ok(rss(&[]))
        };
        server.route("/feed.xml", vec![response]);
        let name = if i < 3 {
            format!("broken{i}")
        } else {
            format!("ok{i}")
        };
        feeds.push_str(&feed(&name, &server.url("/feed.xml")));
        servers.push(server);
    }
    let ws = Workspace::new();
    let daemon = Daemon::start(config(&ws, &feeds), Clock::System)
        .await
        .expect("start");
    for _ in 0..3 {
        daemon.run_once().await.expect("cycle");
    }
    let health = health(&daemon).await;
    assert_eq!(health.len(), 15);
    for h in &health {
        let status = h.last_status.as_deref().unwrap_or("(none)");
        assert_ne!(status, "network down", "{h:?}");
        if h.name.starts_with("broken") {
            assert_eq!(
                h.consecutive_failures, 3,
                "a broken origin's failures count against its feed: {h:?}"
            );
        } else {
            assert_eq!(h.consecutive_failures, 0, "{h:?}");
            assert!(h.last_status.is_some(), "{h:?}");
        }
    }
    for server in &servers[..3] {
        assert_eq!(
            server.received("/feed.xml").len(),
            3,
            "each cycle polled the broken feeds"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_feed_raises_one_health_event_and_one_on_recovery() {
    let server = TestServer::start().await;
    server.route("/flaky.xml", vec![Canned::status(500)]);
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let clock = Clock::manual(T0);
    let cfg = config(
        &ws,
        &format!(
            "[health]\nfailing_after = \"1h\"\nnotify = [\"ops\"]\n\n{}[[sink]]\nname = \"ops\"\ntype = \"webhook\"\nurl = \"{}\"\n",
            feed("flaky", &server.url("/flaky.xml")),
            server.url("/hook")
        ),
    );
    let daemon = Daemon::start(cfg, clock.clone()).await.expect("start");
    daemon.run_once().await.expect("cycle");
    assert!(
        server.received("/hook").is_empty(),
        "one failure is not an incident yet"
    );
    clock.advance(2 * 3_600_000);
    daemon.run_once().await.expect("cycle");
    clock.advance(3_600_000);
    daemon.run_once().await.expect("cycle");
    let events = server.received("/hook");
    assert_eq!(events.len(), 1, "one event per incident");
    let event = events[0].json();
    assert_eq!(event["kind"], "feed_health");
    assert_eq!(event["health"]["state"], "failing");
    assert_eq!(event["health"]["feed"], "flaky");
    assert!(
        event["item"]["title"]
            .as_str()
            .is_some_and(|t| t.contains("failing"))
    );
    assert_eq!(
        health_of(&daemon, "flaky").await.incident,
        Some(feedwatch::model::IncidentKind::Failing)
    );

    server.route("/flaky.xml", vec![nato_wire()]);
    daemon.run_once().await.expect("cycle");
    let events = server.received("/hook");
    assert_eq!(events.len(), 2);
    assert_eq!(events[1].json()["health"]["state"], "recovered");
    assert_eq!(health_of(&daemon, "flaky").await.incident, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ttl_max_age_skip_hours_and_learned_cadence_set_the_next_poll() {
    let server = TestServer::start().await;
    let channel = |extra: &str, items: &str| {
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>{extra}{items}</channel></rss>"
        )
    };
    let item = |i: usize, date: &str| {
        format!(
            "<item><guid>i{i}</guid><title>Story {i}</title><description>d</description><pubDate>{date}</pubDate></item>"
        )
    };
    server.route(
        "/ttl.xml",
        vec![Canned::ok(channel(
            "<ttl>120</ttl><skipHours><hour>12</hour></skipHours>",
            &item(1, "Fri, 15 Jan 2027 09:00:00 GMT"),
        ))],
    );
    server.route(
        "/cached.xml",
        vec![
            Canned::ok(channel("", &item(1, "Fri, 15 Jan 2027 09:00:00 GMT")))
                .header("cache-control", "public, max-age=3600"),
        ],
    );
    // Hourly items: a cadence of one hour, so polls every 30 minutes.
    let hourly: String = (0..6)
        .map(|i| item(i, &format!("Fri, 15 Jan 2027 0{}:00:00 GMT", i + 3)))
        .collect();
    server.route("/hourly.xml", vec![Canned::ok(channel("", &hourly))]);
    let ws = Workspace::new();
    let start = chrono::DateTime::parse_from_rfc3339("2027-01-15T10:00:00Z")
        .expect("time")
        .timestamp_millis();
    let clock = Clock::manual(start);
    let cfg = config(
        &ws,
        &format!(
            "[defaults]\ninterval = \"10m\"\nmin_interval = \"1m\"\n\n{}{}[[feed]]\nname = \"hourly\"\nurl = \"{}\"\n\n",
            feed("ttl", &server.url("/ttl.xml")),
            feed("cached", &server.url("/cached.xml")),
            server.url("/hourly.xml")
        ),
    );
    let daemon = Daemon::start(cfg, clock.clone()).await.expect("start");
    daemon.run_once().await.expect("cycle");
    let minutes = |h: &FeedHealth| (h.next_poll_at.expect("scheduled") - start) as f64 / 60_000.0;
    // ttl 120 min lands at 12:00, a skip hour: moved to 13:00 exactly.
    assert_eq!(minutes(&health_of(&daemon, "ttl").await), 180.0);
    let cached = minutes(&health_of(&daemon, "cached").await);
    assert!(
        (54.0..=66.0).contains(&cached),
        "max-age 3600 is a floor: {cached}"
    );
    let hourly = minutes(&health_of(&daemon, "hourly").await);
    assert!(
        (9.0..=11.0).contains(&hourly),
        "the default interval until the cadence is known: {hourly}"
    );
    // The next poll uses the learned cadence: half the median gap of one hour.
    clock.advance(11 * 60_000);
    daemon.run_once().await.expect("cycle");
    let now = clock.now_millis();
    let next = health_of(&daemon, "hourly")
        .await
        .next_poll_at
        .expect("scheduled");
    let learned = (next - now) as f64 / 60_000.0;
    assert!(
        (27.0..=33.0).contains(&learned),
        "adaptive interval ~30 min: {learned}"
    );
}
