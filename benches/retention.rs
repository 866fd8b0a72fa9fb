//! Retention speed on SQLite, run by hand with `cargo bench --bench
//! retention` (not part of `cargo test`): how long forgetting takes, how
//! long each batch holds the write lock (polls wait that long at most), what
//! the database holds before and after, and what a feed that still carries
//! forgotten items costs when it is polled again.
//!
//! A fresh database gets `RETENTION_ITEMS` items (default 200,000) from
//! 1,000 feeds, written as polls of 50 items through `Backend::record_poll`,
//! every item its own story with two identity keys (GUID and link), one in
//! 50 alerted (one webhook delivery each, delivered). Then the daemon's pass
//! is made by hand: `Backend::prune` in batches of 250 stories with a cutoff
//! after everything, so all is forgotten. Then every poll is recorded again.

use std::time::{Duration, Instant};

use feedwatch::dedup::entry_keys;
use feedwatch::model::{AlertId, Entry, FeedId, ItemId, Millis, PollStatus, StoryId};
use feedwatch::store::{
    AttemptResult, Backend, EntryMatch, FeedSpec, FeedState, FeedSync, FetchedPoll, IncidentUpdate,
    IngestEntry, NewAlert, PollPolicy, PollRecord, PollResult, Prune, PruneReport, Recipient,
    SqliteStore, StoryChoice, StorySummary,
};

const FEEDS: usize = 1000;
const PER_POLL: usize = 50;
/// As the daemon's pass (`daemon/retention.rs`).
const BATCH: usize = 250;
const T0: Millis = 1_800_000_000_000;
const DAY: Millis = 86_400_000;

/// Every item a story of its own.
struct OwnStories(std::sync::atomic::AtomicI64);

impl PollPolicy for OwnStories {
    fn assign_story(&self, _: &IngestEntry, _: FeedId, _: Millis) -> StoryChoice {
        let story = StoryId(self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
        StoryChoice {
            story,
            joined: false,
            reason: "a story of its own".into(),
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

const WORDS: &[&str] = &[
    "council",
    "approves",
    "budget",
    "river",
    "bridge",
    "repairs",
    "storm",
    "damage",
    "school",
    "board",
    "hospital",
    "opens",
    "wing",
    "farmers",
    "record",
    "harvest",
    "museum",
    "ancient",
    "city",
    "expands",
    "bus",
    "routes",
    "library",
    "students",
    "tuition",
    "mayor",
    "housing",
    "rail",
    "strike",
    "festival",
    "police",
    "warehouse",
    "startup",
    "funding",
    "solar",
    "approval",
];

fn sentence(rng: &mut fastrand::Rng, words: usize) -> String {
    (0..words)
        .map(|_| WORDS[rng.usize(..WORDS.len())])
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `n`th item of a feed, as a poll prepares it.
fn item(feed: &FeedState, n: usize, rng: &mut fastrand::Rng) -> IngestEntry {
    let guid = format!("https://news{}.example/{}/story-{n}", feed.id.0, n / 97);
    let entry = Entry {
        guid: Some(guid.clone()),
        link: Some(guid),
        title: format!("{} {n}", sentence(rng, 8)),
        summary: sentence(rng, 40),
        content: sentence(rng, 60),
        author: None,
        categories: vec!["news".into()],
        published: chrono::DateTime::from_timestamp_millis(T0),
    };
    let alerts = if n.is_multiple_of(50) {
        vec![NewAlert {
            id: AlertId::new(format!("al-{}-{n}", feed.id.0)),
            topic: "t".into(),
            payload: format!(r#"{{"title":"{}"}}"#, entry.title),
            recipients: vec![Recipient {
                sink: "hook".into(),
                digest: None,
            }],
        }]
    } else {
        Vec::new()
    };
    IngestEntry {
        features: feedwatch::stories::Features::extract(&entry.title, &entry.summary, ""),
        keys: entry_keys(feed.id, &entry),
        matches: alerts
            .iter()
            .map(|a| EntryMatch {
                topic: a.topic.clone(),
                details: "{}".into(),
                model: None,
                suppressed: false,
            })
            .collect(),
        entry,
        alerts,
        alertable: true,
        deferred: false,
    }
}

fn poll(feed: &FeedState, at: Millis, entries: Vec<IngestEntry>) -> PollRecord {
    PollRecord {
        feed: feed.id,
        at,
        status: PollStatus::Http(200),
        result: PollResult::Fetched(Box::new(FetchedPoll {
            entries,
            etag: None,
            last_modified: None,
            hints: Default::default(),
            repairs: Vec::new(),
            story_window: 3 * DAY,
        })),
        moved_to: None,
        next_poll_at: Some(at + 600_000),
        lease_owner: None,
        pushed: false,
    }
}

/// Bytes of the pages in use (a second connection: WAL lets it read).
fn pages_in_use(path: &std::path::Path) -> i64 {
    let conn = rusqlite::Connection::open(path).expect("open for reading");
    let pages: i64 = conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .expect("page count");
    let free: i64 = conn
        .query_row("PRAGMA freelist_count", [], |r| r.get(0))
        .expect("freelist");
    let size: i64 = conn
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .expect("page size");
    (pages - free) * size
}

fn main() {
    let items: usize = std::env::var("RETENTION_ITEMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("fw.db");
    let store = SqliteStore::open(&path).expect("open");
    let specs: Vec<FeedSpec> = (0..FEEDS)
        .map(|i| FeedSpec {
            name: format!("f{i}"),
            url: format!("https://news{i}.example/rss"),
        })
        .collect();
    let by = FeedSync {
        replica: "bench".into(),
        config_hash: "bench".into(),
        live_since: T0,
    };
    let feeds = store.sync_feeds(&specs, &by, T0).expect("feeds");
    let policy = OwnStories(std::sync::atomic::AtomicI64::new(1));
    let mut rng = fastrand::Rng::with_seed(11);
    let polls_per_feed = items.div_ceil(FEEDS * PER_POLL);
    let mut records = Vec::new();
    let started = Instant::now();
    for round in 0..polls_per_feed {
        for feed in &feeds {
            let entries = (0..PER_POLL)
                .map(|k| item(feed, round * PER_POLL + k, &mut rng))
                .collect();
            let record = poll(feed, T0 + round as Millis * 1000, entries);
            store.record_poll(&record, &policy).expect("record");
            records.push(record);
        }
    }
    let stored = polls_per_feed * FEEDS * PER_POLL;
    let took = started.elapsed();
    println!(
        "stored {stored} items from {FEEDS} feeds in {:.1} s ({:.1} µs per item)",
        took.as_secs_f64(),
        took.as_secs_f64() * 1e6 / stored as f64
    );
    for _ in 0..stored {
        let heads = store.outbox_heads().expect("heads");
        let Some(head) = heads.first() else { break };
        store
            .record_attempt(&head.row, &AttemptResult::Delivered { at: T0 + 5000 })
            .expect("delivered");
    }
    let before = pages_in_use(&path);

    // Polled again while stored: every entry seen (the steady path).
    poll_again(&store, &policy, &mut records, T0 + DAY, "while stored");

    let now = T0 + 200 * DAY;
    let mut prune = Prune {
        cutoff: now - 180 * DAY,
        now,
        batch: BATCH,
        after_story: 0,
        keep_items: Vec::new(),
    };
    let mut total = PruneReport::default();
    let mut batches = Vec::new();
    let started = Instant::now();
    loop {
        let t = Instant::now();
        let report = store.prune(&prune).expect("prune");
        batches.push(t.elapsed());
        total.add(&report);
        match report.next_after {
            Some(after) => prune.after_story = after,
            None => break,
        }
    }
    let took = started.elapsed();
    batches.sort();
    let median = batches[batches.len() / 2];
    let worst = batches.last().copied().unwrap_or(Duration::ZERO);
    let after = pages_in_use(&path);
    println!(
        "forgot {} stories, {} items, {} alerts, {} keys retired in {:.2} s ({:.0} items/s); {} batches of {BATCH} stories: median {:.1} ms, worst {:.1} ms",
        total.stories,
        total.items,
        total.alerts,
        total.retired_keys,
        took.as_secs_f64(),
        total.items as f64 / took.as_secs_f64(),
        batches.len(),
        median.as_secs_f64() * 1000.0,
        worst.as_secs_f64() * 1000.0
    );
    println!(
        "pages in use: {before} bytes before ({:.0} bytes/item), {after} after ({:.1} bytes per retired key)",
        before as f64 / stored as f64,
        after as f64 / total.retired_keys.max(1) as f64
    );

    // The feeds still carry everything: every entry is seen, none new.
    poll_again(&store, &policy, &mut records, now + 1000, "once forgotten");
}

/// Records every poll again at `at`; every entry must be seen, none new.
fn poll_again(
    store: &SqliteStore,
    policy: &OwnStories,
    records: &mut [PollRecord],
    at: Millis,
    what: &str,
) {
    let started = Instant::now();
    let mut seen = 0;
    for record in records.iter_mut() {
        record.at = at;
        let report = store.record_poll(record, policy).expect("poll again");
        assert_eq!(
            report.ingest.new_items, 0,
            "an item came back as new ({what})"
        );
        seen += report.ingest.seen_items;
    }
    let took = started.elapsed();
    println!(
        "polled again {what}: {seen} entries seen, none new, in {:.2} s ({:.1} µs per entry)",
        took.as_secs_f64(),
        took.as_secs_f64() * 1e6 / seen.max(1) as f64
    );
}
