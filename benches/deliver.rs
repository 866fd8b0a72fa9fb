//! Delivery throughput: alerts/s from the outbox to a local webhook receiver
//! (127.0.0.1, answers 200), run by hand with `cargo bench --bench deliver`
//! (not part of `cargo test`).
//!
//! Each case starts from a fresh database whose outbox is filled the way a
//! poll fills it: a generated RSS document of N items, every one matching the
//! topic, goes through `feed::parse_feed`, `daemon::poll::prepare_entries`
//! and `store::items::ingest` (one transaction, as a poll writes it). The
//! daemon is then started on that database and one `Daemon::run_once()` is
//! timed: its poll of the (unchanged) `file:` feed is a cheap Not Modified,
//! the rest is `Deliverer::deliver_all` sending every pending delivery once.
//!
//! Cases: one sink with an immediate receiver; one sink with a receiver
//! that takes 20 ms per request; four sinks with that slow receiver (a
//! sink's deliveries go out one at a time, in order; sinks run in parallel).
//! `DELIVER_ALERTS` overrides N for the immediate case.

use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use feedwatch::clock::Clock;
use feedwatch::config::Config;
use feedwatch::daemon::Daemon;
use feedwatch::daemon::prepare::prepare_entries;
use feedwatch::model::{FeedId, ItemId, Millis, PollStatus, ScheduleHints, StoryId};
use feedwatch::store::{
    FeedSpec, FeedState, FeedSync, FetchedPoll, IncidentUpdate, IngestEntry, NewAlert, PollPolicy,
    PollRecord, PollResult, Store, StoryChoice, StorySummary,
};

/// Records the bench's poll without the daemon's story, cadence and health
/// policies: every item is a story of its own.
struct NoPolicy {
    next_story: std::sync::atomic::AtomicI64,
}

impl PollPolicy for NoPolicy {
    fn assign_story(&self, _: &IngestEntry, _: FeedId, _: Millis) -> StoryChoice {
        let story = self
            .next_story
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        StoryChoice {
            story: StoryId(story),
            joined: false,
            reason: "a story of its own".to_string(),
        }
    }

    fn item_stored(&self, _: ItemId, _: StoryId, _: &IngestEntry, _: FeedId, _: Millis) {}

    fn alert_payload(&self, alert: &NewAlert, _: &StorySummary) -> String {
        alert.payload.clone()
    }

    fn update_interval(&self, _: &str) -> Option<Millis> {
        None
    }

    fn cadence_sample(&self) -> usize {
        0
    }

    fn learned_interval_secs(&self, _: &[Millis]) -> Option<u64> {
        None
    }

    fn health(&self, _: &FeedState) -> Option<IncidentUpdate> {
        None
    }
}

/// No case may take longer than this.
const CASE_TIMEOUT: Duration = Duration::from_secs(300);
const SLOW_MS: u64 = 20;

struct Receiver {
    latency_ms: AtomicU64,
    received: AtomicU64,
}

async fn hook(State(receiver): State<Arc<Receiver>>, _body: Bytes) -> StatusCode {
    let latency = receiver.latency_ms.load(Ordering::Relaxed);
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    receiver.received.fetch_add(1, Ordering::Relaxed);
    StatusCode::OK
}

/// Starts the receiver on its own thread and runtime; returns its port.
fn start_receiver(receiver: Arc<Receiver>) -> u16 {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("receiver runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind receiver");
            tx.send(listener.local_addr().expect("receiver address").port())
                .expect("report the receiver port");
            let app = Router::new()
                .route("/hook", post(hook))
                .with_state(receiver);
            axum::serve(listener, app).await.expect("serve receiver");
        });
    });
    rx.recv().expect("receiver port")
}

const WORDS: &[&str] = &[
    "council",
    "approves",
    "budget",
    "river",
    "bridge",
    "repairs",
    "after",
    "storm",
    "damage",
    "local",
    "school",
    "board",
    "debates",
    "new",
    "curriculum",
    "hospital",
    "opens",
    "wing",
    "for",
    "children",
    "farmers",
    "report",
    "record",
    "harvest",
    "despite",
    "drought",
    "museum",
    "unveils",
    "ancient",
    "artifacts",
    "city",
    "expands",
    "bus",
    "routes",
    "to",
    "airport",
    "library",
    "extends",
    "hours",
    "students",
    "protest",
    "tuition",
    "rise",
    "mayor",
    "announces",
    "housing",
    "plan",
    "rail",
    "line",
    "delayed",
    "by",
    "strike",
    "festival",
    "draws",
    "crowds",
    "downtown",
    "police",
    "investigate",
    "break-in",
    "at",
    "warehouse",
    "startup",
    "raises",
    "funding",
    "solar",
    "project",
    "wins",
    "approval",
];

/// An RSS document of `n` items, each matching the query `benchmark` and
/// each a distinct story (no two headlines fold to the same key).
fn feed_xml(n: usize) -> String {
    let mut rng = fastrand::Rng::with_seed(7);
    let now = chrono::Utc::now().timestamp();
    let mut xml = String::with_capacity(n * 900 + 500);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\n\
         <title>Benchmark Wire</title><link>https://wire.example/</link><description>Generated</description>\n",
    );
    for i in (0..n).rev() {
        let mut title = String::from("Benchmark:");
        for _ in 0..8 {
            title.push(' ');
            title.push_str(WORDS[rng.usize(0..WORDS.len())]);
        }
        let mut summary = String::new();
        while summary.len() < 350 {
            summary.push_str(WORDS[rng.usize(0..WORDS.len())]);
            summary.push(' ');
        }
        let published =
            chrono::DateTime::from_timestamp(now - (n - i) as i64 * 60, 0).expect("time in range");
        let _ = writeln!(
            xml,
            "<item><title>{title}</title><link>https://wire.example/{i}</link>\
             <guid isPermaLink=\"false\">wire-{i}</guid><pubDate>{}</pubDate>\
             <description>&lt;p&gt;{summary}&lt;/p&gt;</description></item>",
            published.to_rfc2822()
        );
    }
    xml.push_str("</channel></rss>\n");
    xml
}

struct Case {
    label: &'static str,
    alerts: usize,
    sinks: usize,
    latency_ms: u64,
}

struct Outcome {
    deliveries: usize,
    received: u64,
    fill: Duration,
    wall: Duration,
    pending: i64,
}

fn run_case(case: &Case, receiver: &Arc<Receiver>, port: u16) -> Outcome {
    let dir = tempfile::tempdir().expect("temp dir");
    let feed_path = dir.path().join("wire.xml");
    std::fs::write(&feed_path, feed_xml(case.alerts)).expect("write the feed");
    let feed_url = url::Url::from_file_path(&feed_path).expect("absolute feed path");
    let db = dir.path().join("feedwatch.db");
    let mut text = String::new();
    let _ = write!(
        text,
        "[storage]\npath = '{}'\n\n[[feed]]\nname = \"wire\"\nurl = \"{feed_url}\"\nbackfill = \"all\"\n\n",
        db.display()
    );
    let sinks: Vec<String> = (0..case.sinks).map(|s| format!("hook{s}")).collect();
    let _ = write!(
        text,
        "[[topic]]\nname = \"everything\"\nquery = 'benchmark'\nnotify = [{}]\n\n",
        sinks
            .iter()
            .map(|s| format!("\"{s}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for sink in &sinks {
        let _ = write!(
            text,
            "[[sink]]\nname = \"{sink}\"\ntype = \"webhook\"\nurl = \"http://127.0.0.1:{port}/hook\"\n\n"
        );
    }
    let config = Config::parse(&text, &dir.path().join("feedwatch.toml"))
        .expect("the generated config is valid");

    // Fill the outbox as one poll would.
    let t0 = Instant::now();
    let store = Store::open(&db).expect("open the database");
    let feed = &config.feeds[0];
    let now = chrono::Utc::now();
    let spec = FeedSpec {
        name: feed.name.clone(),
        url: feed.url.to_string(),
    };
    let state = store
        .backend()
        .sync_feeds(
            &[spec],
            &FeedSync {
                replica: "bench".into(),
                config_hash: config.hash.clone(),
                live_since: now.timestamp_millis(),
            },
            now.timestamp_millis(),
        )
        .expect("register the feed")
        .pop()
        .expect("one feed state");
    let body = std::fs::read(&feed_path).expect("read the feed");
    let parsed = feedwatch::feed::parse_feed(&body, None, feed_url.as_str())
        .expect("the generated feed parses");
    let entries = prepare_entries(
        &config,
        &feedwatch::learning::Learner::default(),
        feed,
        state.id,
        parsed.entries,
        now,
        true,
    );
    let mtime = std::fs::metadata(&feed_path)
        .and_then(|m| m.modified())
        .expect("feed mtime");
    let poll = PollRecord {
        feed: state.id,
        at: now.timestamp_millis(),
        status: PollStatus::Http(200),
        result: PollResult::Fetched(Box::new(FetchedPoll {
            entries,
            etag: None,
            // What the file fetcher compares, so the timed cycle's poll is a Not Modified.
            last_modified: Some(chrono::DateTime::<chrono::Utc>::from(mtime).to_rfc2822()),
            hints: ScheduleHints::default(),
            repairs: Vec::new(),
            story_window: 3 * 86_400_000,
        })),
        moved_to: None,
        next_poll_at: Some(now.timestamp_millis()),
        lease_owner: None,
        pushed: false,
    };
    let report = store
        .backend()
        .record_poll(
            &poll,
            &NoPolicy {
                next_story: std::sync::atomic::AtomicI64::new(1),
            },
        )
        .expect("ingest")
        .ingest;
    assert_eq!(
        report.alerts.len(),
        case.alerts,
        "every item must raise one alert"
    );
    drop(store);
    let fill = t0.elapsed();

    receiver.latency_ms.store(case.latency_ms, Ordering::SeqCst);
    let received0 = receiver.received.load(Ordering::SeqCst);
    let rt = feedwatch::daemon::runtime().expect("daemon runtime");
    let daemon = rt
        .block_on(Daemon::start(config, Clock::System))
        .expect("daemon starts");
    let t0 = Instant::now();
    let cycle = rt
        .block_on(async { tokio::time::timeout(CASE_TIMEOUT, daemon.run_once()).await })
        .unwrap_or_else(|_| panic!("{} took longer than {CASE_TIMEOUT:?}", case.label))
        .expect("run_once");
    let wall = t0.elapsed();
    assert_eq!(cycle.new_items, 0, "the timed cycle must only deliver");
    Outcome {
        deliveries: cycle.delivered,
        received: receiver.received.load(Ordering::SeqCst) - received0,
        fill,
        wall,
        pending: cycle.pending,
    }
}

fn main() {
    let alerts = std::env::var("DELIVER_ALERTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5_000);
    let receiver = Arc::new(Receiver {
        latency_ms: AtomicU64::new(0),
        received: AtomicU64::new(0),
    });
    let port = start_receiver(Arc::clone(&receiver));
    let cases = [
        Case {
            label: "1 sink, receiver answers at once",
            alerts,
            sinks: 1,
            latency_ms: 0,
        },
        Case {
            label: "1 sink, receiver takes 20 ms",
            alerts: 500,
            sinks: 1,
            latency_ms: SLOW_MS,
        },
        Case {
            label: "4 sinks, receiver takes 20 ms",
            alerts: 500,
            sinks: 4,
            latency_ms: SLOW_MS,
        },
    ];
    let mut rows = Vec::new();
    for case in &cases {
        let outcome = run_case(case, &receiver, port);
        println!(
            "{}: {} deliveries in {:.2} s (fill {:.2} s), {} received, {} pending",
            case.label,
            outcome.deliveries,
            outcome.wall.as_secs_f64(),
            outcome.fill.as_secs_f64(),
            outcome.received,
            outcome.pending
        );
        rows.push((case, outcome));
    }
    println!();
    println!(
        "| case | alerts | deliveries | wall (s) | deliveries/s | alerts/s | ms per delivery per sink |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (case, o) in &rows {
        let secs = o.wall.as_secs_f64();
        println!(
            "| {} | {} | {} | {:.2} | {:.0} | {:.0} | {:.2} |",
            case.label,
            case.alerts,
            o.deliveries,
            secs,
            o.deliveries as f64 / secs,
            case.alerts as f64 / secs,
            1000.0 * secs * case.sinks as f64 / o.deliveries.max(1) as f64,
        );
        if o.pending > 0 || o.received != o.deliveries as u64 {
            println!(
                "WARNING {}: {} pending, {} received",
                case.label, o.pending, o.received
            );
        }
    }
}
