//! The store's operations, each test run against both backends: SQLite (a
//! temporary file) and PostgreSQL (a throwaway server, see `pg.rs`; skipped
//! with a message when PostgreSQL is not installed). One suite, so the two
//! backends cannot drift apart.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use feedwatch::dedup::EntryKeys;
use feedwatch::model::{
    AlertId, DeliveryStatus, DigestKey, Entry, FeedId, ItemId, Millis, PollStatus, StoryId,
};
use feedwatch::store::{
    AlertFilter, AttemptResult, Backend, DeliveryFilter, EntryMatch, FeedClaim, FeedSchedule,
    FeedSpec, FeedState, FeedSync, FetchedPoll, HeadKind, HeadRow, IncidentUpdate, IngestEntry,
    IngestReport, NewAlert, NewVerdict, PollPolicy, PollRecord, PollRequest, PollResult,
    PostgresStore, Prune, PruneReport, Recipient, ReplicaInfo, ScheduleChange, SqliteStore,
    StoreError, StoryChoice, StorySummary, Subscription, SubscriptionState, VerdictFilter,
};

use crate::pg::PgServer;

/// A database under test and what keeps it alive.
/// The second field only keeps the files or the server alive until the
/// store (dropped first, fields drop in order) is closed.
pub(crate) enum Db {
    Sqlite(SqliteStore, #[allow(dead_code)] tempfile::TempDir),
    Postgres(Box<PostgresStore>, #[allow(dead_code)] PgServer),
}

impl Db {
    fn sqlite() -> Db {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = SqliteStore::open(&dir.path().join("fw.db")).expect("open SQLite");
        Db::Sqlite(store, dir)
    }

    fn postgres() -> Option<Db> {
        let server = PgServer::start()?;
        let store = PostgresStore::open(&server.config()).expect("open PostgreSQL");
        Some(Db::Postgres(Box::new(store), server))
    }

    fn backend(&self) -> &dyn Backend {
        match self {
            Db::Sqlite(store, _) => store,
            Db::Postgres(store, _) => store.as_ref(),
        }
    }
}

macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test]
            fn $name() {
                let db = super::Db::sqlite();
                super::$name(db.backend());
            })*
        }
        mod postgres {
            $(#[test]
            fn $name() {
                let Some(db) = super::Db::postgres() else { return };
                super::$name(db.backend());
            })*
        }
    };
}

both_backends!(
    feeds_sync_and_a_new_url_forgets_validators,
    a_poll_stores_items_once_and_alerts_once_per_story,
    the_outbox_delivers_per_sink_in_detection_order,
    failed_deliveries_are_listed_and_requeued,
    floods_fold_into_summaries_and_digests_are_made_once,
    a_health_incident_raises_one_event,
    due_feeds_are_leased_once_and_expired_leases_are_taken_over,
    a_late_poll_of_a_feed_taken_over_is_dropped,
    sink_queues_are_leased_to_one_replica,
    replicas_heartbeat_and_retire,
    stored_items_are_listed_newest_first,
    the_backend_reports_its_schema_version,
    the_web_ui_lists_alerts_retries_and_keeps_subscriptions,
    verdicts_supersede_undo_and_suppressed_matches_are_listed,
    changed_settings_reschedule_and_nothing_waits_past_its_settings,
    polls_on_request_are_made_due_and_read_back,
    a_new_story_whose_id_is_taken_takes_the_next_free_one,
    the_policy_hears_whether_a_poll_committed,
    a_big_poll_finds_keys_stored_before_and_within_it,
    row_only_polls_recorded_together_are_each_refused_or_kept_alone,
    stories_are_listed_by_topic_and_by_how_many_reports,
    old_stories_are_forgotten_and_never_come_back,
    a_forgotten_item_id_never_names_a_new_item,
    a_forgotten_delivery_id_never_names_a_new_delivery,
    an_item_another_feed_brought_first_is_news_from_this_feed_too,
    items_that_share_a_link_are_found_by_it,
    items_stored_as_one_through_a_shared_link_are_split,
    a_link_alone_names_an_item_only_when_both_tell_the_same,
);

const T0: Millis = 1_700_000_000_000;

/// The parts of a `PollPolicy` these tests do not vary: payloads as given,
/// no update interval, the default cadence sample, nothing learned.
macro_rules! plain_policy_parts {
    () => {
        fn alert_payload(&self, alert: &NewAlert, _: &StorySummary) -> String {
            alert.payload.clone()
        }
        fn update_interval(&self, _: &str) -> Option<Millis> {
            None
        }
        fn cadence_sample(&self) -> usize {
            5
        }
        fn learned_interval_secs(&self, _: &[Millis]) -> Option<u64> {
            None
        }
    };
}

/// Every item a story of its own (unless its headline is already stored):
/// the daemon's clustering is tested elsewhere.
fn own_story() -> StoryChoice {
    static NEXT: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(1);
    let story = StoryId(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    StoryChoice {
        story,
        joined: false,
        reason: format!("new story {story}"),
    }
}

struct NoPolicy;

impl PollPolicy for NoPolicy {
    fn assign_story(&self, _: &IngestEntry, _: FeedId, _: Millis) -> StoryChoice {
        own_story()
    }
    fn item_stored(&self, _: ItemId, _: StoryId, _: &IngestEntry, _: FeedId, _: Millis) {}
    plain_policy_parts!();
    fn health(&self, _: &FeedState) -> Option<IncidentUpdate> {
        None
    }
}

/// A policy whose every item starts a new story under one id, as two
/// replicas making ids from their clocks in the same millisecond would; it
/// records the story each item was stored under.
struct SameStoryIds {
    id: StoryId,
    stored: std::sync::Mutex<Vec<StoryId>>,
    /// "committed" or "rolled back", per transaction, as the store said
    /// (shared when several policies report into one list).
    outcomes: std::sync::Arc<std::sync::Mutex<Vec<&'static str>>>,
}

impl PollPolicy for SameStoryIds {
    fn assign_story(&self, _: &IngestEntry, _: FeedId, _: Millis) -> StoryChoice {
        StoryChoice {
            story: self.id,
            joined: false,
            reason: format!("new story {}: nothing similar", self.id),
        }
    }
    fn item_stored(&self, _: ItemId, story: StoryId, _: &IngestEntry, _: FeedId, _: Millis) {
        self.stored.lock().expect("not poisoned").push(story);
    }
    fn committed(&self) {
        self.outcomes
            .lock()
            .expect("not poisoned")
            .push("committed");
    }
    fn rolled_back(&self) {
        self.outcomes
            .lock()
            .expect("not poisoned")
            .push("rolled back");
    }
    plain_policy_parts!();
    fn health(&self, _: &FeedState) -> Option<IncidentUpdate> {
        None
    }
}

fn spec(name: &str, url: &str) -> FeedSpec {
    FeedSpec {
        name: name.into(),
        url: url.into(),
    }
}

fn entry(guid: &str, title: &str, published: Millis) -> Entry {
    Entry {
        guid: Some(guid.into()),
        link: Some(format!("https://example.com/{guid}")),
        title: title.into(),
        summary: format!("summary of {title}"),
        content: String::new(),
        author: None,
        categories: vec!["news".into()],
        published: chrono::DateTime::from_timestamp_millis(published),
    }
}

fn alert(id: &str, topic: &str, sinks: &[(&str, Option<&str>)]) -> NewAlert {
    NewAlert {
        id: AlertId::new(id),
        topic: topic.into(),
        payload: format!(r#"{{"id":"{id}","item":{{"title":"title of {id}"}}}}"#),
        recipients: sinks
            .iter()
            .map(|(sink, digest)| Recipient {
                sink: (*sink).into(),
                digest: digest.map(DigestKey::new),
            })
            .collect(),
    }
}

/// An ingest entry with a GUID key and a story key from its title.
fn ingest(feed: &FeedState, guid: &str, title: &str, alerts: Vec<NewAlert>) -> IngestEntry {
    let entry = entry(guid, title, T0 - 3_600_000);
    IngestEntry {
        features: feedwatch::stories::Features::extract(&entry.title, &entry.summary, ""),
        entry,
        keys: EntryKeys {
            identity: vec![format!("g:{}:{guid}", feed.id.0)],
            story: Some(format!("s:{}", title.to_lowercase())),
            canonical_link: Some(format!("https://example.com/{guid}")),
        },
        matches: alerts
            .iter()
            .map(|a| EntryMatch {
                topic: a.topic.clone(),
                details: r#"{"terms":["x"]}"#.to_string(),
                model: None,
                suppressed: false,
            })
            .collect(),
        alerts,
        alertable: true,
        deferred: false,
    }
}

fn fetched(feed: &FeedState, at: Millis, entries: Vec<IngestEntry>) -> PollRecord {
    PollRecord {
        feed: feed.id,
        at,
        status: PollStatus::Http(200),
        result: PollResult::Fetched(Box::new(FetchedPoll {
            entries,
            etag: Some("\"v1\"".into()),
            last_modified: None,
            hints: Default::default(),
            repairs: Vec::new(),
            story_window: 86_400_000,
        })),
        moved_to: None,
        next_poll_at: Some(at + 600_000),
        lease_owner: None,
        pushed: false,
    }
}

fn register(db: &dyn Backend, feeds: &[FeedSpec]) -> Vec<FeedState> {
    db.sync_feeds(feeds, &by("r1", "c1"), T0)
        .expect("sync feeds")
}

/// Replica `replica` running config `hash` registers a feed list.
fn by(replica: &str, hash: &str) -> FeedSync {
    FeedSync {
        replica: replica.into(),
        config_hash: hash.into(),
        live_since: T0 - 30_000,
    }
}

fn feeds_sync_and_a_new_url_forgets_validators(db: &dyn Backend) {
    let states = register(
        db,
        &[
            spec("a", "https://a.example/rss"),
            spec("b", "https://b.example/rss"),
        ],
    );
    assert_eq!(states.len(), 2);
    db.record_poll(&fetched(&states[0], T0, vec![]), &NoPolicy)
        .expect("record");
    let a = db.feed_state("a").expect("state").expect("row");
    assert_eq!(a.etag.as_deref(), Some("\"v1\""));
    assert_eq!(a.first_polled_at, Some(T0));
    // Same URL: validators stay; another URL: forgotten.
    register(db, &[spec("a", "https://a.example/rss")]);
    assert_eq!(
        db.feed_state("a")
            .expect("state")
            .expect("row")
            .etag
            .as_deref(),
        Some("\"v1\"")
    );
    register(db, &[spec("a", "https://a.example/feed.xml")]);
    let a = db.feed_state("a").expect("state").expect("row");
    assert_eq!(a.etag, None);
    assert_eq!(a.url, "https://a.example/feed.xml");
    // `b` left the config: its row stays.
    assert!(db.feed_state("b").expect("state").is_some());
    assert_eq!(db.feed_state("nope").expect("state"), None);
}

fn a_poll_stores_items_once_and_alerts_once_per_story(db: &dyn Backend) {
    let states = register(
        db,
        &[
            spec("a", "https://a.example/rss"),
            spec("b", "https://b.example/rss"),
        ],
    );
    let (a, b) = (&states[0], &states[1]);
    let first = fetched(
        a,
        T0,
        vec![
            ingest(
                a,
                "1",
                "Ships collide in harbour",
                vec![alert("al1", "ships", &[("hook", None)])],
            ),
            ingest(a, "2", "Quiet day", vec![]),
        ],
    );
    let report = db
        .record_poll(&first, &NoPolicy)
        .expect("first poll")
        .ingest;
    assert_eq!((report.new_items, report.seen_items), (2, 0));
    assert_eq!(report.alerts, vec![AlertId::new("al1")]);
    // The same items again: nothing new.
    let again = fetched(
        a,
        T0 + 1000,
        vec![ingest(
            a,
            "1",
            "Ships collide in harbour",
            vec![alert("al2", "ships", &[("hook", None)])],
        )],
    );
    let report = db
        .record_poll(&again, &NoPolicy)
        .expect("second poll")
        .ingest;
    assert_eq!(
        (report.new_items, report.seen_items, report.alerts.len()),
        (0, 1, 0)
    );
    // Another outlet, same headline: same story, no second alert.
    let other = fetched(
        b,
        T0 + 2000,
        vec![ingest(
            b,
            "9",
            "Ships collide in harbour",
            vec![alert("al3", "ships", &[("hook", None)])],
        )],
    );
    let report = db
        .record_poll(&other, &NoPolicy)
        .expect("other outlet")
        .ingest;
    assert_eq!((report.new_items, report.duplicate_stories), (1, 1));
    assert!(report.alerts.is_empty());
    let counts = db.delivery_counts().expect("counts");
    assert_eq!((counts.pending, counts.delivered, counts.failed), (1, 0, 0));
    let health = db.feed_health().expect("health");
    assert_eq!(
        health.iter().map(|h| h.items).collect::<Vec<_>>(),
        vec![2, 1]
    );
}

fn the_outbox_delivers_per_sink_in_detection_order(db: &dyn Backend) {
    let a = register(db, &[spec("a", "https://a.example/rss")]).remove(0);
    let entries = (1..=3)
        .map(|i| {
            ingest(
                &a,
                &i.to_string(),
                &format!("Story number {i}"),
                vec![alert(
                    &format!("al{i}"),
                    "t",
                    &[("one", None), ("two", None)],
                )],
            )
        })
        .collect();
    db.record_poll(&fetched(&a, T0, entries), &NoPolicy)
        .expect("poll");
    let heads = db.outbox_heads().expect("heads");
    assert_eq!(heads.len(), 2, "{heads:?}");
    assert!(
        heads
            .iter()
            .all(|h| h.delivery_id == "al1" && h.kind == HeadKind::Alert)
    );
    assert_eq!(db.next_due().expect("due"), Some(T0));
    // A retry blocks the sink's queue behind it; the other sink moves on.
    let one = heads.iter().find(|h| h.sink == "one").expect("one").clone();
    let two = heads.iter().find(|h| h.sink == "two").expect("two").clone();
    db.record_attempt(
        &one.row,
        &AttemptResult::Retry {
            next_attempt_at: T0 + 30_000,
            error: "503".into(),
        },
    )
    .expect("retry");
    db.record_attempt(&two.row, &AttemptResult::Delivered { at: T0 + 10 })
        .expect("delivered");
    let heads = db.outbox_heads().expect("heads");
    let one = heads.iter().find(|h| h.sink == "one").expect("one");
    assert_eq!(
        (one.delivery_id.as_str(), one.attempts, one.next_attempt_at),
        ("al1", 1, T0 + 30_000)
    );
    let two = heads.iter().find(|h| h.sink == "two").expect("two");
    assert_eq!(two.delivery_id, "al2");
    assert_eq!(two.payloads.len(), 1);
    assert_eq!(db.sent_since("two", T0).expect("sent"), 1);
    assert_eq!(db.pending_count("one").expect("pending"), 3);
}

fn failed_deliveries_are_listed_and_requeued(db: &dyn Backend) {
    let a = register(db, &[spec("a", "https://a.example/rss")]).remove(0);
    db.record_poll(
        &fetched(
            &a,
            T0,
            vec![ingest(
                &a,
                "1",
                "A story",
                vec![alert("al1", "t", &[("hook", None)])],
            )],
        ),
        &NoPolicy,
    )
    .expect("poll");
    let head = db.outbox_heads().expect("heads").remove(0);
    db.record_attempt(
        &head.row,
        &AttemptResult::Failed {
            error: "410 gone".into(),
        },
    )
    .expect("fail");
    let failed = db
        .deliveries(
            &DeliveryFilter {
                status: Some(DeliveryStatus::Failed),
                ..Default::default()
            },
            10,
        )
        .expect("failed list");
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].title, "A story");
    assert_eq!(failed[0].last_error.as_deref(), Some("410 gone"));
    assert!(db.outbox_heads().expect("heads").is_empty());
    assert_eq!(db.requeue_failed(None, T0 + 5).expect("requeue"), 1);
    let head = db.outbox_heads().expect("heads").remove(0);
    assert_eq!((head.delivery_id.as_str(), head.attempts), ("al1", 0));
    assert_eq!(
        db.deliveries(&DeliveryFilter::default(), 10).expect("all")[0].status,
        DeliveryStatus::Pending
    );
}

fn floods_fold_into_summaries_and_digests_are_made_once(db: &dyn Backend) {
    let a = register(db, &[spec("a", "https://a.example/rss")]).remove(0);
    let mut entries: Vec<IngestEntry> = (1..=5)
        .map(|i| {
            ingest(
                &a,
                &i.to_string(),
                &format!("Flood item {i}"),
                vec![alert(
                    &format!("f{i}"),
                    if i % 2 == 0 { "even" } else { "odd" },
                    &[("chat", None)],
                )],
            )
        })
        .collect();
    entries.push(ingest(
        &a,
        "d1",
        "Digest item",
        vec![alert("d1", "t", &[("mail", Some("daily 08:00 UTC"))])],
    ));
    db.record_poll(&fetched(&a, T0, entries), &NoPolicy)
        .expect("poll");
    let summaries = db.fold_into_summaries("chat", 1, T0 + 1).expect("fold");
    assert_eq!(summaries.len(), 2, "one summary per topic");
    assert_eq!(db.pending_count("chat").expect("pending"), 1);
    let groups = db.held_groups().expect("held");
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].schedule, DigestKey::new("daily 08:00 UTC"));
    let digest = db
        .make_digest("mail", &groups[0].schedule, T0, T0 + 2)
        .expect("digest");
    assert!(digest.is_some());
    // Made once: a second attempt (another replica) finds nothing held.
    assert_eq!(
        db.make_digest("mail", &groups[0].schedule, T0, T0 + 3)
            .expect("second digest"),
        None
    );
    let heads = db.outbox_heads().expect("heads");
    let mail = heads
        .iter()
        .find(|h| h.sink == "mail")
        .expect("digest head");
    assert!(matches!(mail.kind, HeadKind::Digest { .. }));
    assert_eq!(mail.payloads.len(), 1);
    let chat = heads.iter().find(|h| h.sink == "chat").expect("chat head");
    assert_eq!(
        chat.kind,
        HeadKind::Alert,
        "the kept alert is older than the summaries"
    );
    assert!(matches!(chat.row, HeadRow::Delivery(_)));
    assert_eq!(db.held_groups().expect("held").len(), 0);
}

struct FailingPolicy;

impl PollPolicy for FailingPolicy {
    fn assign_story(&self, _: &IngestEntry, _: FeedId, _: Millis) -> StoryChoice {
        own_story()
    }
    fn item_stored(&self, _: ItemId, _: StoryId, _: &IngestEntry, _: FeedId, _: Millis) {}
    plain_policy_parts!();
    fn health(&self, after: &FeedState) -> Option<IncidentUpdate> {
        (after.consecutive_failures >= 2 && after.incident.is_none()).then(|| IncidentUpdate {
            incident: Some(feedwatch::store::Incident {
                kind: feedwatch::model::IncidentKind::Failing,
                since: T0,
            }),
            detail: "failing".into(),
            alert: Some(alert(
                &format!("h{}", after.consecutive_failures),
                "feed-health",
                &[("ops", None)],
            )),
        })
    }
}

fn a_health_incident_raises_one_event(db: &dyn Backend) {
    let a = register(db, &[spec("a", "https://a.example/rss")]).remove(0);
    for i in 0..4 {
        let record = PollRecord {
            feed: a.id,
            at: T0 + i,
            status: PollStatus::Http(500),
            result: PollResult::Failed {
                error: "HTTP 500".into(),
                counts_as_failure: true,
            },
            moved_to: None,
            next_poll_at: Some(T0 + 60_000),
            lease_owner: None,
            pushed: false,
        };
        db.record_poll(&record, &FailingPolicy)
            .expect("record failure");
    }
    let state = db.feed_state("a").expect("state").expect("row");
    assert_eq!(state.consecutive_failures, 4);
    assert!(state.incident.is_some());
    let heads = db.outbox_heads().expect("heads");
    assert_eq!(heads.len(), 1);
    assert_eq!(heads[0].delivery_id, "h2");
    assert_eq!(db.delivery_counts().expect("counts").pending, 1);
    // Retention keeps the event while its delivery waits, then forgets it.
    let report = prune_all(db, T0 + 200 * DAY, 150, &[]);
    assert_eq!(report.alerts, 0, "{report:?}");
    db.record_attempt(&heads[0].row, &AttemptResult::Delivered { at: T0 + 100 })
        .expect("delivered");
    let report = prune_all(db, T0 + 200 * DAY, 150, &[]);
    assert_eq!(report.alerts, 1, "{report:?}");
    assert_eq!(db.alert_view(&AlertId::new("h2")).expect("alert"), None);
}

/// Schedules as the daemon plans first polls: `now + jitter`, under
/// settings that never reschedule anything else.
fn first_polls(now: Millis, jitter: &[(String, Millis)]) -> Vec<FeedSchedule> {
    jitter
        .iter()
        .map(|(name, jitter)| FeedSchedule {
            name: name.clone(),
            first: now + jitter,
            settings: "every 10m".into(),
            rescheduled: now + 600_000,
            latest: Millis::MAX,
        })
        .collect()
}

fn claim(replica: &str, now: Millis, limit: usize) -> FeedClaim {
    FeedClaim {
        replica: replica.into(),
        now,
        limit,
        lease: 10_000,
        per_origin: 100,
        origin_spacing: 0,
        exclude: Vec::new(),
    }
}

fn due_feeds_are_leased_once_and_expired_leases_are_taken_over(db: &dyn Backend) {
    let specs: Vec<FeedSpec> = (0..6)
        .map(|i| {
            spec(
                &format!("f{i}"),
                &format!("https://o{}.example/rss{i}", i % 2),
            )
        })
        .collect();
    register(db, &specs);
    // Unscheduled feeds get now + their jitter; nothing is due before.
    let jitter: Vec<(String, Millis)> = (0..6).map(|i| (format!("f{i}"), i * 100)).collect();
    db.schedule_feeds(&first_polls(T0, &jitter), T0, true)
        .expect("schedule");
    let none = db.claim_due_feeds(&claim("r1", T0 - 1, 10)).expect("claim");
    assert!(none.feeds.is_empty());
    assert_eq!(none.next_due, Some(T0));
    let first = db
        .claim_due_feeds(&claim("r1", T0 + 250, 10))
        .expect("claim");
    let names: Vec<&str> = first.feeds.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["f0", "f1", "f2"], "earliest due first");
    // Another replica gets the rest, never the same feed.
    let second = db
        .claim_due_feeds(&claim("r2", T0 + 1_000, 10))
        .expect("claim");
    let names: Vec<&str> = second.feeds.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["f3", "f4", "f5"]);
    assert!(
        db.claim_due_feeds(&claim("r2", T0 + 1_000, 10))
            .expect("claim")
            .feeds
            .is_empty()
    );
    // r1 polls f0 (releasing it), gives f1 back, and dies holding f2.
    let f0 = &first.feeds[0];
    let mut record = fetched(f0, T0 + 300, vec![]);
    record.lease_owner = Some("r1".into());
    db.record_poll(&record, &NoPolicy).expect("record");
    db.release_feed(first.feeds[1].id, "r1", Some(T0 + 50_000))
        .expect("release");
    // Within the lease nobody takes f2; after it, r2 does.
    assert!(
        db.claim_due_feeds(&claim("r2", T0 + 5_000, 10))
            .expect("claim")
            .feeds
            .is_empty()
    );
    let taken = db
        .claim_due_feeds(&claim("r2", T0 + 10_251, 10))
        .expect("claim");
    assert_eq!(
        taken
            .feeds
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>(),
        ["f2"]
    );
    assert_eq!(
        db.feed_state("f1")
            .expect("state")
            .expect("row")
            .next_poll_at,
        Some(T0 + 50_000)
    );
    // A feed no longer configured is not claimed.
    register(db, &specs[..5]);
    db.release_feed(taken.feeds[0].id, "r2", None)
        .expect("release");
    let later = db
        .claim_due_feeds(&claim("r3", T0 + 100_000, 10))
        .expect("claim");
    assert!(
        later.feeds.iter().all(|f| f.name != "f5"),
        "{:?}",
        later.feeds
    );
}

/// The policy hears whether each poll's transaction committed or was
/// rolled back (the daemon's story index shows a poll's items to other
/// polls only once committed, and forgets them when rolled back).
fn the_policy_hears_whether_a_poll_committed(db: &dyn Backend) {
    register(db, &[spec("a", "https://a.example/rss")]);
    db.schedule_feeds(&first_polls(T0, &[("a".into(), 0)]), T0, true)
        .expect("schedule");
    let mine = db
        .claim_due_feeds(&claim("r1", T0, 1))
        .expect("claim")
        .feeds
        .remove(0);
    let theirs = db
        .claim_due_feeds(&claim("r2", T0 + 20_000, 1))
        .expect("claim")
        .feeds
        .remove(0);
    let policy = SameStoryIds {
        id: StoryId(1_700_000_000_000_000),
        stored: Default::default(),
        outcomes: Default::default(),
    };
    let mut late = fetched(&mine, T0 + 21_000, vec![ingest(&mine, "1", "Late", vec![])]);
    late.lease_owner = Some("r1".into());
    assert!(matches!(
        db.record_poll(&late, &policy),
        Err(StoreError::LeaseLost(_))
    ));
    assert_eq!(
        *policy.outcomes.lock().expect("not poisoned"),
        ["rolled back"]
    );
    let mut record = fetched(
        &theirs,
        T0 + 22_000,
        vec![ingest(&theirs, "1", "Late", vec![])],
    );
    record.lease_owner = Some("r2".into());
    db.record_poll(&record, &policy).expect("record");
    assert_eq!(
        *policy.outcomes.lock().expect("not poisoned"),
        ["rolled back", "committed"]
    );
    assert_eq!(policy.stored.lock().expect("not poisoned").len(), 1);
}

/// 304s and failures recorded in one call (both backends commit them together):
/// a poll whose lease was taken over is refused alone, its feed's row
/// untouched, and the others are kept, each as `record_poll` would, with
/// the policy of each told how its own poll ended.
fn row_only_polls_recorded_together_are_each_refused_or_kept_alone(db: &dyn Backend) {
    register(
        db,
        &[
            spec("a", "https://a.example/rss"),
            spec("b", "https://b.example/rss"),
            spec("c", "https://c.example/rss"),
        ],
    );
    let names: Vec<(String, Millis)> = ["a", "b", "c"].map(|n| (n.to_string(), 0)).to_vec();
    db.schedule_feeds(&first_polls(T0, &names), T0, true)
        .expect("schedule");
    // r1 claims all three and stalls past its leases; r2 takes them over.
    let mine = db
        .claim_due_feeds(&claim("r1", T0, 3))
        .expect("claim")
        .feeds;
    assert_eq!(mine.len(), 3);
    let now = T0 + 20_000;
    let mut theirs = db
        .claim_due_feeds(&claim("r2", now, 3))
        .expect("claim")
        .feeds;
    theirs.sort_by(|x, y| x.name.cmp(&y.name));
    assert_eq!(theirs.len(), 3, "every lease of r1 expired");
    let b_before = db.feed_state("b").expect("state").expect("b");
    let row_only = |feed: &FeedState, owner: &str, result: PollResult, status: u16| {
        let mut record = fetched(feed, now + 1_000, Vec::new());
        record.result = result;
        record.status = PollStatus::Http(status);
        record.lease_owner = Some(owner.into());
        record
    };
    // Recorded together: r2's 304 of a, r1's late 304 of b, r2's failed
    // poll of c.
    let records = [
        row_only(&theirs[0], "r2", PollResult::NotModified, 304),
        row_only(&theirs[1], "r1", PollResult::NotModified, 304),
        row_only(
            &theirs[2],
            "r2",
            PollResult::Failed {
                error: "503 Service Unavailable".into(),
                counts_as_failure: true,
            },
            503,
        ),
    ];
    let outcomes = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut taken = 0;
    let results = db.record_row_only_polls(&mut || {
        taken += 1;
        records
            .iter()
            .map(|record| feedwatch::store::RowOnlyPoll {
                record: record.clone(),
                policy: Box::new(SameStoryIds {
                    id: StoryId(1),
                    stored: Default::default(),
                    outcomes: outcomes.clone(),
                }),
            })
            .collect()
    });
    assert_eq!(taken, 1, "the polls are taken once");
    assert_eq!(results.len(), 3);
    let a = results[0].as_ref().expect("a's 304 is kept");
    assert_eq!(a.state.next_poll_at, Some(now + 1_000 + 600_000));
    assert!(
        matches!(results[1], Err(StoreError::LeaseLost(_))),
        "{:?}",
        results[1]
    );
    let c = results[2].as_ref().expect("c's failure is kept");
    assert_eq!(c.state.consecutive_failures, 1);
    assert_eq!(
        c.state.last_error.as_deref(),
        Some("503 Service Unavailable")
    );
    assert_eq!(
        *outcomes.lock().expect("not poisoned"),
        ["committed", "rolled back", "committed"]
    );
    // Stored as returned; b's row untouched by the refused poll.
    assert_eq!(db.feed_state("a").expect("state").expect("a"), a.state);
    assert_eq!(db.feed_state("c").expect("state").expect("c"), c.state);
    assert_eq!(db.feed_state("b").expect("state").expect("b"), b_before);
    // a and c were released with their records: another replica claims
    // them when due; b stays r2's until its lease expires.
    let later = now + 1_000 + 600_000;
    let claimed_at = |at: Millis| {
        let mut names: Vec<String> = db
            .claim_due_feeds(&claim("r3", at, 3))
            .expect("claim")
            .feeds
            .into_iter()
            .map(|f| f.name)
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        claimed_at(later - 1),
        ["b"],
        "b's lease expired long ago; a and c are not due yet"
    );
    assert_eq!(claimed_at(later), ["a", "c"]);
}

fn a_late_poll_of_a_feed_taken_over_is_dropped(db: &dyn Backend) {
    register(db, &[spec("a", "https://a.example/rss")]);
    db.schedule_feeds(&first_polls(T0, &[("a".into(), 0)]), T0, true)
        .expect("schedule");
    let mine = db
        .claim_due_feeds(&claim("r1", T0, 1))
        .expect("claim")
        .feeds
        .remove(0);
    // r1 stalls past its lease; r2 takes the feed.
    let theirs = db
        .claim_due_feeds(&claim("r2", T0 + 20_000, 1))
        .expect("claim");
    assert_eq!(theirs.feeds.len(), 1);
    let mut late = fetched(&mine, T0 + 21_000, vec![ingest(&mine, "1", "Late", vec![])]);
    late.lease_owner = Some("r1".into());
    match db.record_poll(&late, &NoPolicy) {
        Err(StoreError::LeaseLost(_)) => {}
        other => panic!("expected LeaseLost, got {other:?}"),
    }
    assert_eq!(
        db.feed_health().expect("health")[0].items,
        0,
        "nothing of the late poll stays"
    );
    let mut record = fetched(&mine, T0 + 22_000, vec![ingest(&mine, "1", "Late", vec![])]);
    record.lease_owner = Some("r2".into());
    db.record_poll(&record, &NoPolicy)
        .expect("the lease holder records");
    // r2 claims it again when due, stalls; r3 takes it over.
    let stalled = db
        .claim_due_feeds(&claim("r2", T0 + 22_000 + 600_000, 1))
        .expect("claim")
        .feeds
        .remove(0);
    let theirs = db
        .claim_due_feeds(&claim("r3", T0 + 22_000 + 620_000, 1))
        .expect("claim");
    assert_eq!(theirs.feeds.len(), 1);
    let mine = stalled;
    // The same for a late 304 or failure (recorded in one statement with
    // the lease's release): dropped, the feed's row untouched.
    let before = db.feed_state("a").expect("state").expect("feed a");
    for (status, result) in [
        (304, PollResult::NotModified),
        (
            503,
            PollResult::Failed {
                error: "503 Service Unavailable".into(),
                counts_as_failure: true,
            },
        ),
    ] {
        let mut late = fetched(&mine, T0 + 22_000 + 621_000, Vec::new());
        late.result = result;
        late.status = PollStatus::Http(status);
        late.lease_owner = Some("r2".into());
        match db.record_poll(&late, &NoPolicy) {
            Err(StoreError::LeaseLost(_)) => {}
            other => panic!("expected LeaseLost, got {other:?}"),
        }
    }
    assert_eq!(db.feed_state("a").expect("state").expect("feed a"), before);
    // The lease holder's 304 is recorded and releases its lease.
    let mut record = fetched(&theirs.feeds[0], T0 + 22_000 + 622_000, Vec::new());
    record.result = PollResult::NotModified;
    record.status = PollStatus::Http(304);
    record.lease_owner = Some("r3".into());
    let state = db
        .record_poll(&record, &NoPolicy)
        .expect("the lease holder records a 304")
        .state;
    assert_eq!(state.next_poll_at, Some(T0 + 22_000 + 622_000 + 600_000));
    assert_eq!(
        db.claim_due_feeds(&claim("r1", T0 + 22_000 + 622_000 + 600_000, 1))
            .expect("claim")
            .feeds
            .len(),
        1,
        "released: another replica claims it when due"
    );
}

fn sink_queues_are_leased_to_one_replica(db: &dyn Backend) {
    let sinks = vec!["a".to_string(), "b".to_string()];
    assert_eq!(
        db.claim_sinks("r1", &sinks[..1], T0, 10_000)
            .expect("claim"),
        ["a"]
    );
    assert_eq!(
        db.claim_sinks("r2", &sinks, T0 + 1, 10_000).expect("claim"),
        ["b"]
    );
    // Renewing our own lease works; taking another's waits for its expiry.
    assert_eq!(
        db.claim_sinks("r1", &sinks, T0 + 2, 10_000).expect("claim"),
        ["a"]
    );
    assert_eq!(
        db.claim_sinks("r2", &sinks, T0 + 10_003, 10_000)
            .expect("claim"),
        ["a", "b"]
    );
}

fn replica(id: &str, hash: &str) -> ReplicaInfo {
    ReplicaInfo {
        id: id.into(),
        host: "test".into(),
        pid: 42,
        version: "0".into(),
        config_hash: hash.into(),
        started_at: T0,
    }
}

fn replicas_heartbeat_and_retire(db: &dyn Backend) {
    register(db, &[spec("a", "https://a.example/rss")]);
    db.schedule_feeds(&first_polls(T0, &[("a".into(), 0)]), T0, true)
        .expect("schedule");
    db.register_replica(&replica("r1", "h1"), T0)
        .expect("register");
    db.claim_due_feeds(&claim("r1", T0, 5)).expect("claim");
    db.claim_sinks("r1", &["hook".to_string()], T0, 10_000)
        .expect("claim sinks");
    let all = db
        .heartbeat(&replica("r1", "h1"), T0 + 5_000, 10_000)
        .expect("heartbeat");
    let r1 = all.iter().find(|r| r.id == "r1").expect("r1");
    assert!(r1.live);
    assert_eq!((r1.leased_feeds, r1.lease_until), (1, Some(T0 + 15_000)));
    assert_eq!(r1.sinks, ["hook"]);
    let listed = db.replicas(T0 + 12_000, 10_000).expect("list");
    let live: Vec<(&str, bool)> = listed.iter().map(|r| (r.id.as_str(), r.live)).collect();
    assert_eq!(live, [("r1", true)]);
    assert_eq!(listed[0].config_hash, "h1");
    db.retire_replica("r1").expect("retire");
    let listed = db.replicas(T0 + 12_000, 10_000).expect("list");
    assert!(listed.iter().all(|r| r.id != "r1"));
    assert_eq!(
        db.claim_due_feeds(&claim("r3", T0 + 12_000, 5))
            .expect("claim")
            .feeds
            .len(),
        1
    );
}

/// Replicas whose configs differ each register their own feed list: one's
/// list does not retire the other's feeds while both are live (they would
/// go unpolled until that replica restarts); once the configs agree (or the
/// other replica is gone), a feed no config lists is retired. PostgreSQL
/// only: on SQLite one daemon holds the file.
#[test]
fn postgres_replicas_with_different_configs_keep_each_others_feeds() {
    let Some(db) = Db::postgres() else { return };
    let db = db.backend();
    let configured = |db: &dyn Backend| -> Vec<String> {
        let mut names: Vec<String> = db
            .known_feeds()
            .expect("known feeds")
            .into_iter()
            .filter(|f| f.configured)
            .map(|f| f.name)
            .collect();
        names.sort();
        names
    };
    let (a, b, c) = (
        spec("a", "https://a.example/rss"),
        spec("b", "https://b.example/rss"),
        spec("c", "https://c.example/rss"),
    );
    db.register_replica(&replica("r1", "c1"), T0)
        .expect("register r1");
    db.register_replica(&replica("r2", "c2"), T0)
        .expect("register r2");
    db.sync_feeds(&[a.clone(), b.clone(), c.clone()], &by("r1", "c1"), T0)
        .expect("r1 syncs");
    // r2 runs a config without `c`: `c` stays scheduled for r1.
    db.sync_feeds(&[a.clone(), b.clone()], &by("r2", "c2"), T0)
        .expect("r2 syncs");
    assert_eq!(configured(db), ["a", "b", "c"]);
    // Replicas on the same config: a feed it drops is retired.
    db.heartbeat(&replica("r1", "c2"), T0, 10_000)
        .expect("r1 takes config c2");
    db.sync_feeds(&[a.clone(), b.clone()], &by("r2", "c2"), T0)
        .expect("r2 syncs again");
    assert_eq!(configured(db), ["a", "b"]);
    // A replica that is no longer live does not hold feeds back.
    db.sync_feeds(&[a.clone(), b.clone(), c.clone()], &by("r1", "c3"), T0)
        .expect("r1 brings c back");
    assert_eq!(configured(db), ["a", "b", "c"]);
    let later = FeedSync {
        live_since: T0 + 1,
        ..by("r2", "c2")
    };
    db.sync_feeds(&[a, b], &later, T0 + 60_000)
        .expect("r2 alone");
    assert_eq!(configured(db), ["a", "b"]);
}

fn stored_items_are_listed_newest_first(db: &dyn Backend) {
    let a = register(db, &[spec("a", "https://a.example/rss")]).remove(0);
    let mut older = ingest(&a, "1", "Older", vec![]);
    older.entry.published = chrono::DateTime::from_timestamp_millis(T0 - 10_000);
    let mut newer = ingest(&a, "2", "Newer", vec![]);
    newer.entry.published = chrono::DateTime::from_timestamp_millis(T0);
    db.record_poll(&fetched(&a, T0, vec![older, newer]), &NoPolicy)
        .expect("poll");
    let items = db.recent_items(None, Some("a"), 10).expect("items");
    assert_eq!(
        items
            .iter()
            .map(|i| i.entry.title.as_str())
            .collect::<Vec<_>>(),
        ["Newer", "Older"]
    );
    assert_eq!(items[0].entry.categories, ["news"]);
    let since = db
        .recent_items(Some(T0 - 5_000_000), None, 10)
        .expect("since");
    assert_eq!(since.len(), 2);
    assert_eq!(
        db.recent_items(None, Some("zzz"), 10).expect("none").len(),
        0
    );
    let one = db.item(items[1].id).expect("item").expect("exists");
    assert_eq!(one.entry.title, "Older");
    assert_eq!(one.feed, "a");
}

/// Items of a feed that links every item to its home page: the link is no
/// key of theirs (`dedup::document_keys`), yet a person who gives it finds
/// them all, newest first, once nothing keyed matched.
fn items_that_share_a_link_are_found_by_it(db: &dyn Backend) {
    let a = register(db, &[spec("a", "https://a.example/rss")]).remove(0);
    let home = |guid: &str, title: &str| {
        let mut item = ingest(&a, guid, title, vec![]);
        item.keys.canonical_link = Some("example.com/home".into());
        item
    };
    db.record_poll(
        &fetched(&a, T0, vec![home("h1", "First"), home("h2", "Second")]),
        &NoPolicy,
    )
    .expect("poll");
    let link = feedwatch::store::ItemRef::Link("example.com/home".into());
    assert!(db.find_items(&link, 5).expect("find").is_empty());
    let shared = feedwatch::store::ItemRef::SharedLink("example.com/home".into());
    let found = db.find_items(&shared, 5).expect("find");
    assert_eq!(
        found
            .iter()
            .map(|i| i.entry.title.as_str())
            .collect::<Vec<_>>(),
        ["Second", "First"]
    );
    // `show` says why the link is not among their keys.
    let details = db
        .item_details(found[0].id)
        .expect("details")
        .expect("stored");
    assert!(details.link_shared, "{details:?}");
    assert!(
        !details.keys.iter().any(|k| k.starts_with("l:")),
        "{details:?}"
    );
    // A link of its own is its key and is not marked.
    let mut own = ingest(&a, "o1", "Own page", vec![]);
    own.keys.identity.push("l:example.com/own".into());
    own.keys.canonical_link = Some("example.com/own".into());
    db.record_poll(&fetched(&a, T0 + 1000, vec![own]), &NoPolicy)
        .expect("poll");
    let own = db
        .find_items(
            &feedwatch::store::ItemRef::Link("example.com/own".into()),
            5,
        )
        .expect("find own");
    assert_eq!(own.len(), 1);
    let details = db
        .item_details(own[0].id)
        .expect("details")
        .expect("stored");
    assert!(!details.link_shared, "{details:?}");
    assert!(
        db.find_items(
            &feedwatch::store::ItemRef::SharedLink("example.com/own".into()),
            5
        )
        .expect("find")
        .is_empty()
    );
    // A person's text that is a link is looked for last as a shared one.
    assert_eq!(
        feedwatch::store::ItemRef::candidates("https://www.example.com/home/").last(),
        Some(&shared)
    );
    assert_eq!(
        feedwatch::store::find_named_items(db, "https://example.com/home", 5)
            .expect("find")
            .len(),
        2
    );
}

/// Two unrelated items whose policies made the same new-story id (two
/// replicas in the same millisecond): the second story takes the next free
/// id, so each item keeps its own story and its own alert. They used to
/// share the first story, and the second alert was counted a duplicate and
/// never sent.
fn a_new_story_whose_id_is_taken_takes_the_next_free_one(db: &dyn Backend) {
    let states = register(
        db,
        &[
            spec("a", "https://a.example/rss"),
            spec("b", "https://b.example/rss"),
        ],
    );
    let policy = SameStoryIds {
        id: StoryId(1_700_000_000_000_000),
        stored: Default::default(),
        outcomes: Default::default(),
    };
    let first = db
        .record_poll(
            &fetched(
                &states[0],
                T0,
                vec![ingest(
                    &states[0],
                    "1",
                    "Earthquake 4 shakes district 4",
                    vec![alert("al1", "quakes", &[("hook", None)])],
                )],
            ),
            &policy,
        )
        .expect("first poll")
        .ingest;
    let second = db
        .record_poll(
            &fetched(
                &states[1],
                T0,
                vec![
                    ingest(
                        &states[1],
                        "8",
                        "Earthquake 8 shakes district 8",
                        vec![alert("al8", "quakes", &[("hook", None)])],
                    ),
                    ingest(&states[1], "9", "Harbour 8 opens a pier", vec![]),
                ],
            ),
            &policy,
        )
        .expect("second poll")
        .ingest;
    assert_eq!(first.alerts, [AlertId::new("al1")]);
    assert_eq!(second.alerts, [AlertId::new("al8")]);
    assert_eq!(second.duplicate_stories, 0);
    let stored = policy.stored.lock().expect("not poisoned").clone();
    let base = policy.id.0;
    assert_eq!(
        stored,
        [StoryId(base), StoryId(base + 1), StoryId(base + 2)],
        "each item its own story, the next free ids"
    );
    let items = db.recent_items(None, Some("b"), 10).expect("items");
    assert_eq!(items.len(), 2);
}

/// Items whose titles start with the same word join one story (the
/// daemon's clustering is tested elsewhere).
#[derive(Default)]
struct FirstWordStories(Mutex<HashMap<String, StoryId>>);

impl PollPolicy for FirstWordStories {
    fn assign_story(&self, entry: &IngestEntry, _: FeedId, _: Millis) -> StoryChoice {
        let word = entry.entry.title.split_whitespace().next().unwrap_or("");
        let mut stories = self.0.lock().expect("not poisoned");
        match stories.get(word) {
            Some(&story) => StoryChoice {
                story,
                joined: true,
                reason: format!("joined story {story}"),
            },
            None => {
                let choice = own_story();
                stories.insert(word.to_string(), choice.story);
                choice
            }
        }
    }
    fn item_stored(&self, _: ItemId, _: StoryId, _: &IngestEntry, _: FeedId, _: Millis) {}
    plain_policy_parts!();
    fn health(&self, _: &FeedState) -> Option<IncidentUpdate> {
        None
    }
}

fn stories_are_listed_by_topic_and_by_how_many_reports(db: &dyn Backend) {
    let states = register(
        db,
        &[
            spec("a", "https://a.example/rss"),
            spec("b", "https://b.example/rss"),
            spec("c", "https://c.example/rss"),
        ],
    );
    let policy = FirstWordStories::default();
    let polls = [
        (
            0,
            T0,
            vec![
                ingest(
                    &states[0],
                    "1",
                    "Quake shakes the harbour district",
                    vec![alert("q1", "quakes", &[("hook", None)])],
                ),
                ingest(&states[0], "2", "Harbour reopens its pier", vec![]),
            ],
        ),
        (
            1,
            T0 + 60_000,
            vec![
                ingest(&states[1], "3", "Quake aftershocks expected", vec![]),
                ingest(&states[1], "6", "Strike looms at the port", vec![]),
            ],
        ),
        (
            2,
            T0 + 120_000,
            vec![ingest(&states[2], "4", "Quake relief fund opens", vec![])],
        ),
        (
            0,
            T0 + 150_000,
            vec![ingest(
                &states[0],
                "7",
                "Strike called by dock workers",
                vec![alert("s1", "strikes", &[("hook", None)])],
            )],
        ),
        (
            2,
            T0 + 180_000,
            vec![ingest(
                &states[2],
                "5",
                "UPDATE 1-Budget passes the council",
                vec![],
            )],
        ),
    ];
    for (feed, at, entries) in polls {
        db.record_poll(&fetched(&states[feed], at, entries), &policy)
            .expect("poll");
    }
    // (title, reports) of each story listed.
    let listed = |since: Millis, topic: Option<&str>, min_reports: usize, limit: usize| {
        db.stories(since, topic, min_reports, limit)
            .expect("stories")
            .iter()
            .map(|s| (s.title.clone(), s.members.len()))
            .collect::<Vec<_>>()
    };
    let story = |title: &str, reports: usize| (title.to_string(), reports);
    let quake = vec![story("Quake shakes the harbour district", 3)];
    // The strike story is titled by the report its alert showed, not by its
    // first report, which no topic matched.
    let strike = story("Strike called by dock workers", 2);
    // A story nobody alerted is titled by its first report's headline,
    // without the wire's prefix.
    assert_eq!(
        listed(T0, None, 1, 10),
        [
            story("Budget passes the council", 1),
            strike.clone(),
            story("Quake shakes the harbour district", 3),
            story("Harbour reopens its pier", 1),
        ],
        "newest first, by each story's last report"
    );
    assert_eq!(
        listed(T0, None, 2, 10),
        [strike, story("Quake shakes the harbour district", 3)]
    );
    assert_eq!(listed(T0, None, 3, 10), quake);
    assert_eq!(listed(T0, None, 4, 10), []);
    assert_eq!(listed(T0, Some("quakes"), 2, 10), quake);
    assert_eq!(listed(T0, Some("harbours"), 1, 10), []);
    // A story with a report since counts all its reports, older ones too.
    let since = T0 + 100_000;
    assert_eq!(listed(since, None, 3, 10), quake);
    assert_eq!(listed(since, None, 1, 10).len(), 3);
    assert_eq!(listed(T0, None, 1, 2).len(), 2, "limit");
    // One story by its id: every report, whenever seen.
    let all = db.stories(T0, None, 1, 10).expect("stories");
    let quake_story = all
        .iter()
        .find(|s| s.members.len() == 3)
        .expect("the quake story");
    assert_eq!(
        db.story(quake_story.id).expect("story").as_ref(),
        Some(quake_story)
    );
    assert_eq!(
        db.story(feedwatch::model::StoryId(i64::MAX))
            .expect("story"),
        None
    );
    // A report's details list its story's alert and the report that raised it.
    let item = |guid: &str| {
        db.find_items(&feedwatch::store::ItemRef::Guid(guid.into()), 5)
            .expect("find")
            .first()
            .map(|i| i.id)
            .expect("stored")
    };
    let details = db
        .item_details(item("3"))
        .expect("details")
        .expect("stored");
    let alerts: Vec<(&str, Option<ItemId>)> = details
        .alerts
        .iter()
        .map(|a| (a.id.as_str(), a.item))
        .collect();
    assert_eq!(alerts, [("q1", Some(item("1")))]);
}

fn the_backend_reports_its_schema_version(db: &dyn Backend) {
    let info = db.backend_info().expect("info");
    assert_eq!(info.schema_version, info.supported_version);
    assert!(info.schema_version >= 2);
    assert!(["sqlite", "postgresql"].contains(&info.kind));
    db.ping().expect("ping");
    let _ = Duration::ZERO;
}

fn the_web_ui_lists_alerts_retries_and_keeps_subscriptions(db: &dyn Backend) {
    let a = register(db, &[spec("a", "https://a.example/rss")]).remove(0);
    db.record_poll(
        &fetched(
            &a,
            T0,
            vec![
                ingest(
                    &a,
                    "1",
                    "First story",
                    vec![alert("al1", "t", &[("hook", None), ("mail", None)])],
                ),
                ingest(
                    &a,
                    "2",
                    "Second story",
                    vec![alert("al2", "u", &[("hook", None)])],
                ),
            ],
        ),
        &NoPolicy,
    )
    .expect("poll");
    let all = db
        .alert_list(&AlertFilter::default(), 10)
        .expect("alert list");
    assert_eq!(all.len(), 2);
    let by_topic = db
        .alert_list(
            &AlertFilter {
                topic: Some("t".into()),
                ..Default::default()
            },
            10,
        )
        .expect("by topic");
    assert_eq!(by_topic.len(), 1);
    let view = &by_topic[0];
    assert_eq!(view.id.as_str(), "al1");
    assert_eq!(view.deliveries.len(), 2);
    assert_eq!(view.sources.len(), 1);
    assert_eq!(view.sources[0].title, "First story");
    assert_eq!(db.alert_view(&view.id).expect("view").as_ref(), Some(view));
    assert_eq!(db.alert_view(&AlertId::new("nope")).expect("none"), None);

    // A failed delivery shows in the filter, and a retry makes it pending.
    let head = db
        .outbox_heads()
        .expect("heads")
        .into_iter()
        .find(|h| h.sink == "mail")
        .expect("mail head");
    db.record_attempt(
        &head.row,
        &AttemptResult::Failed {
            error: "550".into(),
        },
    )
    .expect("fail");
    let failed = db
        .alert_list(
            &AlertFilter {
                status: Some(DeliveryStatus::Failed),
                ..Default::default()
            },
            10,
        )
        .expect("failed");
    assert_eq!(failed.len(), 1);
    let delivery = failed[0]
        .deliveries
        .iter()
        .find(|d| d.sink == "mail")
        .expect("mail delivery");
    assert_eq!(delivery.status, DeliveryStatus::Failed);
    assert!(db.requeue_delivery(delivery.id, T0 + 10).expect("retry"));
    let snapshot = db.metrics_snapshot().expect("snapshot");
    assert_eq!(snapshot.outbox_pending, 3);
    assert_eq!(
        db.alerts_per_day(0)
            .expect("per day")
            .iter()
            .map(|d| d.alerts)
            .sum::<i64>(),
        2
    );

    // Subscriptions: saved, replaced, found by callback, deleted.
    let mut sub = Subscription {
        feed: "a".into(),
        topic: "https://a.example/rss".into(),
        hub: "https://hub.example/".into(),
        callback_id: "cb-a".into(),
        secret: "s3cret".into(),
        state: SubscriptionState::Requested,
        lease_seconds: None,
        expires_at: None,
        attempts: 0,
        next_attempt_at: T0,
        last_error: None,
        updated_at: T0,
    };
    db.save_subscription(&sub).expect("save");
    sub.state = SubscriptionState::Active;
    sub.expires_at = Some(T0 + 1000);
    db.save_subscription(&sub).expect("replace");
    assert_eq!(
        db.subscription_by_callback("cb-a").expect("lookup"),
        Some(sub.clone())
    );
    assert_eq!(db.subscriptions().expect("list"), vec![sub]);
    assert_eq!(
        db.metrics_snapshot().expect("snapshot").subscriptions,
        vec![(SubscriptionState::Active, 1)]
    );
    db.delete_subscription("a").expect("delete");
    assert!(db.subscriptions().expect("list").is_empty());
}

fn verdicts_supersede_undo_and_suppressed_matches_are_listed(db: &dyn Backend) {
    let a = register(db, &[spec("a", "https://a.example/rss")]).remove(0);
    let mut held = ingest(&a, "2", "Bank signs AI deal", Vec::new());
    held.matches.push(EntryMatch {
        topic: "t".into(),
        details: "{}".into(),
        model: Some(r#"{"probability":0.1}"#.into()),
        suppressed: true,
    });
    db.record_poll(
        &fetched(
            &a,
            T0,
            vec![
                ingest(
                    &a,
                    "1",
                    "Pentagon signs AI deal",
                    vec![alert("al1", "t", &[("hook", None)])],
                ),
                held,
            ],
        ),
        &NoPolicy,
    )
    .expect("poll");
    // The suppressed match raised nothing and is listed.
    let suppressed = db.suppressed(None, 10).expect("suppressed");
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0].title, "Bank signs AI deal");
    assert_eq!(suppressed[0].topic, "t");
    assert_eq!(
        suppressed[0].model.as_deref(),
        Some(r#"{"probability":0.1}"#)
    );
    assert!(
        db.suppressed(Some("other"), 10)
            .expect("by topic")
            .is_empty()
    );
    let details = db
        .item_details(suppressed[0].item)
        .expect("details")
        .expect("item");
    assert!(details.matches[0].suppressed);
    assert!(details.alerts.is_empty());

    let origin = db
        .alert_origin(&AlertId::new("al1"))
        .expect("origin")
        .expect("alert");
    assert_eq!(origin.topic, "t");
    let item = origin.item.expect("item");
    assert_eq!(db.alert_origin(&AlertId::new("nope")).expect("none"), None);

    let (v0, _) = db.verdict_version().expect("version");
    let verdict = |relevant: bool, note: Option<&str>| NewVerdict {
        topic: "t".into(),
        item,
        alert: Some(AlertId::new("al1")),
        relevant,
        note: note.map(str::to_string),
        source: "cli".into(),
        features: r#"["w:ai"]"#.into(),
    };
    let first = db
        .record_verdict(&verdict(false, None), T0 + 1)
        .expect("record");
    assert_eq!(
        (first.relevant, first.title.as_str()),
        (false, "Pentagon signs AI deal")
    );
    assert_eq!(first.feed, "a");
    let v1 = db.verdict_version().expect("version");
    assert_ne!(v1.0, v0);
    // A second verdict on the same item supersedes the first.
    let second = db
        .record_verdict(&verdict(true, Some("it is about the deal")), T0 + 2)
        .expect("record");
    let current = db
        .verdicts(&VerdictFilter::default(), 10)
        .expect("verdicts");
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].id, second.id);
    assert_eq!(current[0].note.as_deref(), Some("it is about the deal"));
    assert_eq!(current[0].features, r#"["w:ai"]"#);
    let all = db
        .verdicts(
            &VerdictFilter {
                include_undone: true,
                ..Default::default()
            },
            10,
        )
        .expect("all");
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].undone_at, Some(T0 + 2));
    // Undo: once.
    let v2 = db.verdict_version().expect("version");
    let undone = db
        .undo_verdict(second.id, T0 + 3)
        .expect("undo")
        .expect("undone");
    assert_eq!(undone.undone_at, Some(T0 + 3));
    assert_eq!(
        db.undo_verdict(second.id, T0 + 4).expect("undo again"),
        None
    );
    assert_ne!(db.verdict_version().expect("version"), v2);
    assert!(
        db.verdicts(&VerdictFilter::default(), 10)
            .expect("verdicts")
            .is_empty()
    );
    assert!(
        db.verdicts(
            &VerdictFilter {
                topic: Some("other".into()),
                include_undone: true
            },
            10
        )
        .expect("other topic")
        .is_empty()
    );

    // Settings: the first value stays.
    assert_eq!(db.setting_or_insert("k", "one").expect("set"), "one");
    assert_eq!(db.setting_or_insert("k", "two").expect("keep"), "one");
}

/// Settings for a feed polled every `every` ms, planned at `now`.
fn every(name: &str, now: Millis, every: Millis, words: &str) -> FeedSchedule {
    FeedSchedule {
        name: name.into(),
        first: now,
        settings: words.into(),
        rescheduled: now + every,
        latest: now + every * 11 / 10,
    }
}

fn changed_settings_reschedule_and_nothing_waits_past_its_settings(db: &dyn Backend) {
    let hour = 3_600_000;
    let states = register(
        db,
        &[
            spec("a", "https://a.example/rss"),
            spec("b", "https://b.example/rss"),
            spec("c", "https://c.example/rss"),
            spec("gone", "https://gone.example/rss"),
        ],
    );
    let plan = |now: Millis, a: (Millis, &str)| {
        vec![
            every("a", now, a.0, a.1),
            every("b", now, hour, "every 1h"),
            every("c", now, hour, "every 1h"),
            every("gone", now, hour, "every 1h"),
        ]
    };
    let first = db
        .schedule_feeds(&plan(T0, (hour, "every 1h")), T0, true)
        .expect("schedule");
    assert_eq!(first.len(), 4);
    assert!(first.iter().all(|r| r.change == ScheduleChange::Spread));
    // Each polled once: `a` next in an hour, `b` in 5 h (past what 1 h
    // allows), `c` in a second; `gone` answers 410.
    for (state, next) in states.iter().zip([hour, 5 * hour, 1_000]) {
        let mut record = fetched(state, T0, vec![]);
        record.next_poll_at = Some(T0 + next);
        db.record_poll(&record, &NoPolicy).expect("record");
    }
    let mut gone = fetched(&states[3], T0, vec![]);
    gone.result = PollResult::Gone {
        reason: "HTTP 410".into(),
    };
    db.record_poll(&gone, &NoPolicy).expect("record");
    // `c` is being polled by a replica: left alone.
    let leased = db
        .claim_due_feeds(&claim("r1", T0 + 1_000, 10))
        .expect("claim");
    assert_eq!(leased.feeds.len(), 1);
    let now = T0 + 10_000;
    // `a` went from 1 h to 1 s: due in a second, not in the old hour.
    let moved = db
        .schedule_feeds(&plan(now, (1_000, "every 1s")), now, false)
        .expect("reschedule");
    let mut moved: Vec<(String, ScheduleChange, Option<Millis>, Millis)> = moved
        .into_iter()
        .map(|r| (r.name, r.change, r.from, r.to))
        .collect();
    moved.sort_by(|x, y| x.0.cmp(&y.0));
    assert_eq!(
        moved,
        [
            (
                "a".to_string(),
                ScheduleChange::Settings {
                    from: "every 1h".into()
                },
                Some(T0 + hour),
                now + 1_000
            ),
            (
                "b".to_string(),
                ScheduleChange::Capped,
                Some(T0 + 5 * hour),
                now + hour
            ),
        ]
    );
    // The new settings are recorded: the same plan moves nothing more.
    assert!(
        db.schedule_feeds(&plan(now, (1_000, "every 1s")), now, false)
            .expect("again")
            .is_empty()
    );
    let known = db.known_feeds().expect("known");
    let a = known.iter().find(|k| k.name == "a").expect("a");
    assert_eq!(
        (a.settings.as_deref(), a.configured),
        (Some("every 1s"), true)
    );
    let state = |name: &str| db.feed_state(name).expect("state").expect("row");
    assert_eq!(
        state("gone").next_poll_at,
        None,
        "a disabled feed stays off"
    );
    assert_eq!(state("c").next_poll_at, Some(T0 + 1_000));
    // Across a restart (another daemon, same database): a longer interval
    // reschedules too.
    let moved = db
        .schedule_feeds(&plan(now, (2 * hour, "every 2h")), now, true)
        .expect("restart");
    assert_eq!(moved.len(), 1);
    assert_eq!(state("a").next_poll_at, Some(now + 2 * hour));
    register(db, &[spec("a", "https://a.example/rss")]);
    let known = db.known_feeds().expect("known");
    assert!(!known.iter().find(|k| k.name == "b").expect("b").configured);
}

fn polls_on_request_are_made_due_and_read_back(db: &dyn Backend) {
    let states = register(
        db,
        &[
            spec("a", "https://a.example/rss"),
            spec("gone", "https://gone.example/rss"),
            spec("old", "https://old.example/rss"),
        ],
    );
    let a = &states[0];
    let mut record = fetched(
        a,
        T0,
        vec![
            ingest(
                a,
                "1",
                "First story",
                vec![alert("al-1", "t1", &[("hook", None)])],
            ),
            ingest(a, "2", "Second story", vec![]),
        ],
    );
    record.next_poll_at = Some(T0 + 3_600_000);
    db.record_poll(&record, &NoPolicy).expect("record");
    let mut gone = fetched(&states[1], T0, vec![]);
    gone.result = PollResult::Gone {
        reason: "HTTP 410 Gone".into(),
    };
    db.record_poll(&gone, &NoPolicy).expect("record");
    register(
        db,
        &[
            spec("a", "https://a.example/rss"),
            spec("gone", "https://gone.example/rss"),
        ],
    );
    let names: Vec<String> = ["a", "gone", "old", "nope"].map(String::from).into();
    let now = T0 + 60_000;
    assert_eq!(
        db.request_polls(&names, now).expect("request"),
        [
            PollRequest::Requested {
                last_polled_at: Some(T0)
            },
            PollRequest::Disabled("HTTP 410 Gone".into()),
            PollRequest::NotScheduled,
            PollRequest::NotScheduled,
        ]
    );
    let due = db.claim_due_feeds(&claim("r1", now, 10)).expect("claim");
    assert_eq!(
        due.feeds
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>(),
        ["a"]
    );
    let last = db.last_polls(&names, now).expect("last polls");
    assert_eq!(
        last.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["a", "gone", "old"],
        "in the order asked, unknown names left out"
    );
    let first = &last[0];
    assert_eq!(first.polled_at, Some(T0));
    assert_eq!(first.status.as_deref(), Some("200"));
    assert_eq!(first.new_items, 2);
    assert_eq!(first.alerts, [(AlertId::new("al-1"), "t1".to_string())]);
    assert!(first.leased, "claimed by r1 just now");
    assert_eq!(last[1].disabled.as_deref(), Some("HTTP 410 Gone"));
    // The next poll brings nothing new: its counts are its own.
    let mut again = fetched(&due.feeds[0], now + 500, vec![]);
    again.lease_owner = Some("r1".into());
    db.record_poll(&again, &NoPolicy).expect("record");
    let last = db.last_polls(&names[..1], now + 600).expect("last polls");
    assert_eq!(
        (
            last[0].polled_at,
            last[0].new_items,
            last[0].alerts.len(),
            last[0].leased
        ),
        (Some(now + 500), 0, 0, false)
    );
}

/// Polls writing only their feed's row (304s, failures) sent through the store at once: SQLite
/// records those queued together in one transaction, and each caller still
/// gets its own feed's row back, as stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_row_only_polls_each_get_their_own_record() {
    use feedwatch::store::Store;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("fw.db");
    let sqlite = SqliteStore::open(&path).expect("open SQLite");
    let specs: Vec<FeedSpec> = (0..40)
        .map(|i| spec(&format!("f{i:02}"), &format!("https://f{i}.example/rss")))
        .collect();
    let feeds = register(&sqlite, &specs);
    let store = Store::new(sqlite, &path);
    let polls: Vec<_> = feeds
        .iter()
        .enumerate()
        .map(|(i, feed)| {
            let store = store.clone();
            let mut record = fetched(feed, T0 + i as Millis, Vec::new());
            if i % 3 == 0 {
                record.result = PollResult::Failed {
                    error: format!("timed out ({i})"),
                    counts_as_failure: true,
                };
                record.status = PollStatus::Http(504);
            } else {
                record.result = PollResult::NotModified;
                record.status = PollStatus::Http(304);
            }
            tokio::spawn(async move { store.record_poll(record, NoPolicy).await })
        })
        .collect();
    for (i, (poll, feed)) in polls.into_iter().zip(&feeds).enumerate() {
        let state = poll.await.expect("task").expect("recorded").state;
        assert_eq!(state.id, feed.id);
        assert_eq!(state.next_poll_at, Some(T0 + i as Millis + 600_000));
        let failed = i % 3 == 0;
        assert_eq!(state.consecutive_failures, i64::from(failed));
        assert_eq!(state.last_error, failed.then(|| format!("timed out ({i})")));
        assert_eq!(
            store
                .backend()
                .feed_state(&feed.name)
                .expect("state")
                .expect("row"),
            state
        );
    }
}

/// A delivery result the database refuses to record (SQLite's size cap
/// stands in for a full disk) is kept in memory: its row leaves the
/// outbox heads, so nothing sends it (or what queues behind it) again,
/// writers are told to back off, and it is recorded once the database
/// takes writes again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_delivery_record_is_kept_and_written_when_space_returns() {
    use feedwatch::store::Store;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("fw.db");
    let sqlite = SqliteStore::open(&path).expect("open SQLite");
    let a = register(&sqlite, &[spec("a", "https://a.example/rss")]).remove(0);
    let entries = (1..=2)
        .map(|i| {
            ingest(
                &a,
                &i.to_string(),
                &format!("Story number {i}"),
                vec![alert(&format!("al{i}"), "t", &[("one", None)])],
            )
        })
        .collect();
    sqlite
        .record_poll(&fetched(&a, T0, entries), &NoPolicy)
        .expect("poll");
    let cap = sqlite.cap_size_for_tests(0).expect("cap");
    let store = Store::new(sqlite, &path);
    let heads = store.outbox_heads().await.expect("heads");
    assert_eq!(heads.len(), 1, "{heads:?}");
    assert_eq!(heads[0].delivery_id, "al1");
    // The receiver's long answer needs pages the database may not take.
    let error = "busy ".repeat(20_000);
    let refused = store
        .record_attempt(
            heads[0].row.clone(),
            AttemptResult::Retry {
                next_attempt_at: T0 + 30_000,
                error: error.clone(),
            },
        )
        .await
        .expect_err("the database is full");
    assert!(refused.is_disk_full(), "{refused:?}");
    assert!(store.write_backoff().is_some());
    assert!(store.has_unrecorded_attempts().await);
    // Sent, not recorded: no head for that sink, so nothing is sent again.
    assert!(store.outbox_heads().await.expect("heads").is_empty());
    assert!(store.record_unrecorded_attempts().await.is_err());
    assert!(store.outbox_heads().await.expect("heads").is_empty());

    // Space returns.
    cap.lift().expect("lift the cap");
    store
        .record_unrecorded_attempts()
        .await
        .expect("recorded now");
    assert!(!store.has_unrecorded_attempts().await);
    assert_eq!(store.write_backoff(), None);
    let heads = store.outbox_heads().await.expect("heads");
    assert_eq!(heads.len(), 1, "{heads:?}");
    assert_eq!(
        (
            heads[0].delivery_id.as_str(),
            heads[0].attempts,
            heads[0].next_attempt_at
        ),
        ("al1", 1, T0 + 30_000),
        "recorded once, as it happened"
    );
}

/// Another replica takes the id of a story a poll is making after the poll
/// found it free (between its look-up and its insert): the poll's
/// transaction is rolled back and rerun, and the rerun puts the story under
/// the next free id. The policy sees both outcomes, and nothing of the
/// first attempt stays.
#[test]
fn postgres_a_story_id_taken_during_the_poll_reruns_it() {
    let Some(server) = PgServer::start() else {
        return;
    };
    let store = PostgresStore::open(&server.config()).expect("open PostgreSQL");
    let db: &dyn Backend = &store;
    let states = register(db, &[spec("a", "https://a.example/rss")]);
    let wanted = 1_700_000_000_000_000_i64;
    /// Takes its story's id, as another replica would, when told the
    /// first item is stored (after the look-up of free ids, before the
    /// poll's writes).
    struct Racing<'s> {
        inner: SameStoryIds,
        server: &'s PgServer,
        raced: std::sync::atomic::AtomicBool,
    }
    impl PollPolicy for Racing<'_> {
        fn assign_story(&self, e: &IngestEntry, f: FeedId, at: Millis) -> StoryChoice {
            self.inner.assign_story(e, f, at)
        }
        fn item_stored(&self, i: ItemId, story: StoryId, e: &IngestEntry, f: FeedId, at: Millis) {
            if !self.raced.swap(true, std::sync::atomic::Ordering::SeqCst) {
                self.server.psql(&format!(
                    "INSERT INTO stories (id, title, created_at) VALUES ({}, 'another replica''s', 0)",
                    story.0
                ));
            }
            self.inner.item_stored(i, story, e, f, at);
        }
        fn committed(&self) {
            self.inner.committed();
        }
        fn rolled_back(&self) {
            self.inner.rolled_back();
        }
        fn alert_payload(&self, alert: &NewAlert, story: &StorySummary) -> String {
            self.inner.alert_payload(alert, story)
        }
        fn update_interval(&self, sink: &str) -> Option<Millis> {
            self.inner.update_interval(sink)
        }
        fn cadence_sample(&self) -> usize {
            self.inner.cadence_sample()
        }
        fn learned_interval_secs(&self, dates: &[Millis]) -> Option<u64> {
            self.inner.learned_interval_secs(dates)
        }
        fn health(&self, after: &FeedState) -> Option<IncidentUpdate> {
            self.inner.health(after)
        }
    }
    let policy = Racing {
        inner: SameStoryIds {
            id: StoryId(wanted),
            stored: Default::default(),
            outcomes: Default::default(),
        },
        server: &server,
        raced: Default::default(),
    };
    let a = &states[0];
    let report = db
        .record_poll(
            &fetched(
                a,
                T0,
                vec![ingest(
                    a,
                    "1",
                    "Earthquake 4 shakes district 4",
                    vec![alert("al1", "quakes", &[("hook", None)])],
                )],
            ),
            &policy,
        )
        .expect("the poll is recorded on its rerun")
        .ingest;
    assert_eq!((report.new_items, report.alerts.len()), (1, 1));
    assert_eq!(
        *policy.inner.outcomes.lock().expect("not poisoned"),
        ["rolled back", "committed"]
    );
    assert_eq!(
        *policy.inner.stored.lock().expect("not poisoned"),
        [StoryId(wanted), StoryId(wanted + 1)]
    );
    assert_eq!(
        server.psql("SELECT id || ':' || title FROM stories ORDER BY id"),
        format!(
            "{wanted}:another replica's\n{}:Earthquake 4 shakes district 4",
            wanted + 1
        )
    );
    assert_eq!(
        server.psql("SELECT COUNT(*) || ':' || MIN(story_id) FROM items"),
        format!("1:{}", wanted + 1)
    );
    assert_eq!(server.psql("SELECT COUNT(*) FROM deliveries"), "1");
}

/// Two polls of different feeds whose items join one story, in concurrent
/// transactions (two replicas, or two polls of one): the second's look-up
/// for the story's alert runs before the first commits, so both insert it.
/// The second waits for the first and then counts a duplicate story; it
/// used to fail on the unique (story, topic) key, which dropped the whole
/// poll (its items unrecorded until the feed's next interval) and set the
/// store backing off as if the database refused writes.
#[test]
fn postgres_concurrent_alerts_of_one_story_make_one_alert() {
    let Some(server) = PgServer::start() else {
        return;
    };
    let store = PostgresStore::open(&server.config()).expect("open PostgreSQL");
    let db: &dyn Backend = &store;
    let states = register(
        db,
        &[
            spec("a", "https://a.example/rss"),
            spec("b", "https://b.example/rss"),
        ],
    );
    let (a, b) = (&states[0], &states[1]);
    let headline = "Ships collide in harbour";
    db.record_poll(
        &fetched(a, T0, vec![ingest(a, "1", headline, vec![])]),
        &NoPolicy,
    )
    .expect("first outlet");
    let story: i64 = server
        .psql("SELECT story_id FROM story_keys WHERE key = 's:ships collide in harbour'")
        .parse()
        .expect("the headline's story");
    // The other transaction: the story's alert inserted, not yet committed.
    let mut config: ::postgres::Config = server.url().parse().expect("server URL");
    let password = std::fs::read_to_string(server.password_file()).expect("password file");
    config.password(password.trim());
    let mut racer = config.connect(::postgres::NoTls).expect("connect");
    racer.batch_execute("BEGIN").expect("begin");
    racer
        .execute(
            "INSERT INTO alerts (id, story_id, topic, payload, created_at) VALUES ('racer', $1, 'ships', '{}', $2)",
            &[&story, &T0],
        )
        .expect("insert the racing alert");
    let commit = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(500));
        racer.batch_execute("COMMIT").expect("commit");
    });
    let started = std::time::Instant::now();
    let report = db
        .record_poll(
            &fetched(
                b,
                T0 + 1000,
                vec![ingest(
                    b,
                    "9",
                    headline,
                    vec![alert("al9", "ships", &[("hook", None)])],
                )],
            ),
            &NoPolicy,
        )
        .expect("the second outlet's poll is recorded")
        .ingest;
    commit.join().expect("committer");
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "the insert did not wait for the other transaction: the race was not exercised"
    );
    assert_eq!((report.new_items, report.duplicate_stories), (1, 1));
    assert!(report.alerts.is_empty(), "{:?}", report.alerts);
    assert_eq!(
        server.psql("SELECT string_agg(id, ',') FROM alerts"),
        "racer"
    );
    assert_eq!(server.psql("SELECT COUNT(*) FROM deliveries"), "0");
    assert!(
        db.feed_state("b")
            .expect("state")
            .expect("row")
            .first_polled_at
            .is_some()
    );
}

/// An entry with the given identity keys (the second a canonical link
/// `example.com/<link>`), headline and story key.
fn keyed(feed: &FeedState, guid: &str, link: &str, title: &str) -> IngestEntry {
    let mut item = ingest(feed, guid, title, vec![]);
    item.entry.link = Some(format!("https://example.com/{link}"));
    item.keys = EntryKeys {
        identity: vec![
            format!("g:{}:{guid}", feed.id.0),
            format!("l:example.com/{link}"),
        ],
        story: Some(format!("s:{}", title.to_lowercase())),
        canonical_link: Some(format!("example.com/{link}")),
    };
    item
}

/// The item a canonical link's key leads to, and that item's keys.
fn by_link(db: &dyn Backend, link: &str) -> (ItemId, Vec<String>, StoryId) {
    let found = db
        .find_items(
            &feedwatch::store::ItemRef::Link(format!("example.com/{link}")),
            5,
        )
        .expect("find");
    assert_eq!(found.len(), 1, "one item under link {link}");
    let details = db
        .item_details(found[0].id)
        .expect("details")
        .expect("stored");
    (found[0].id, details.keys, details.story.id)
}

/// SQLite keeps the story window's headline keys in memory, filled from
/// the stored items when a poll first needs them: an identical headline
/// still joins its story after the store is closed and opened again (a
/// daemon restart), within the window and not beyond it.
#[test]
fn sqlite_headline_joins_survive_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("fw.db");
    let headline = "Port strike halts all container traffic today";
    let real = |feed: &FeedState, guid: &str| {
        let mut item = ingest(feed, guid, headline, vec![]);
        item.keys.story = feedwatch::dedup::story_key(headline);
        item
    };
    let feeds = [
        spec("a", "https://a.example/rss"),
        spec("b", "https://b.example/rss"),
        spec("c", "https://c.example/rss"),
    ];
    let story_of = |db: &SqliteStore, guid: &str| {
        let found = db
            .find_items(&feedwatch::store::ItemRef::Guid(guid.into()), 5)
            .expect("find");
        db.item_details(found[0].id)
            .expect("details")
            .expect("stored")
            .story
            .id
    };
    let first_story = {
        let db = SqliteStore::open(&path).expect("open");
        let states = register(&db, &feeds);
        let report = db
            .record_poll(
                &fetched(&states[0], T0, vec![real(&states[0], "1")]),
                &NoPolicy,
            )
            .expect("first poll")
            .ingest;
        assert_eq!((report.new_items, report.joined_stories), (1, 0));
        story_of(&db, "1")
    };
    let db = SqliteStore::open(&path).expect("open again");
    let states = register(&db, &feeds);
    // Within the window (a day, `fetched`): joins the stored story.
    let report = db
        .record_poll(
            &fetched(&states[1], T0 + 3_600_000, vec![real(&states[1], "2")]),
            &NoPolicy,
        )
        .expect("second poll")
        .ingest;
    assert_eq!((report.new_items, report.joined_stories), (1, 1));
    assert_eq!(story_of(&db, "2"), first_story);
    // Two days on, past the window of both: a story of its own.
    let report = db
        .record_poll(
            &fetched(
                &states[2],
                T0 + 2 * 86_400_000 + 3_600_001,
                vec![real(&states[2], "3")],
            ),
            &NoPolicy,
        )
        .expect("third poll")
        .ingest;
    assert_eq!((report.new_items, report.joined_stories), (1, 0));
}

/// One poll of more items than a batch holds (the store may look keys up
/// and write them by batches): keys stored by an earlier poll and keys
/// stored earlier in the same poll both make an entry a seen item, which
/// then gains its new keys, but not a key another item holds (the first
/// key found decides whose item it is); an identical headline earlier in
/// the poll joins its story. Written against the per-key statements the
/// batches replaced, and passed by them.
fn a_big_poll_finds_keys_stored_before_and_within_it(db: &dyn Backend) {
    let states = register(db, &[spec("a", "https://a.example/rss")]);
    let a = &states[0];
    let g = |guid: &str| format!("g:{}:{guid}", a.id.0);
    let l = |link: &str| format!("l:example.com/{link}");
    let words = |i: usize| format!("Item {i} tells a story of its own");
    let first = fetched(
        a,
        T0,
        (0..3)
            .map(|i| keyed(a, &format!("p{i}"), &format!("p{i}"), &words(1000 + i)))
            .collect(),
    );
    let report = db.record_poll(&first, &NoPolicy).expect("first").ingest;
    assert_eq!((report.new_items, report.seen_items), (3, 0));

    let new = |i: usize| keyed(a, &format!("n{i}"), &format!("n{i}"), &words(i));
    let mut entries: Vec<IngestEntry> = (0..70).map(new).collect();
    // A changed GUID, the link stored by the first poll, the text edited
    // (alike: a text that is not would be another item, the next test).
    let edit = |i: usize| format!("{} (updated)", words(i));
    entries.push(keyed(a, "p0-new", "p0", &edit(1000)));
    // A new GUID whose link an item of this poll has.
    entries.push(keyed(a, "dup5", "n5", &edit(5)));
    // A GUID of this poll, with a link of its own.
    entries.push(keyed(a, "n7", "other7", &words(2002)));
    // Both keys taken by two different items: the first key decides.
    entries.push(keyed(a, "n9", "n11", &words(2003)));
    // The same entry twice in one poll.
    entries.push(new(20));
    // Two new items with one headline: the second joins the first's story.
    let headline = "Port strike halts all container traffic today";
    entries.push(keyed(a, "h1", "h1", headline));
    entries.extend((70..100).map(new));
    entries.push(keyed(a, "h2", "h2", headline));
    entries.extend((100..140).map(new));
    let second = fetched(a, T0 + 1000, entries.clone());
    let report = db.record_poll(&second, &NoPolicy).expect("second").ingest;
    assert_eq!((report.new_items, report.seen_items), (142, 5));
    assert_eq!(report.joined_stories, 1);
    // A seen entry whose title differs edits the item it names, whether
    // stored before (p0) or earlier in this poll (n5, n7, n9); the same
    // entry twice does not.
    assert_eq!(report.edited_items, 4);
    let edited = |link: &str| {
        let (id, _, _) = by_link(db, link);
        let details = db.item_details(id).expect("details").expect("stored");
        (details.item.entry.title, details.edits)
    };
    assert_eq!(edited("p0"), (edit(1000), 1));
    assert_eq!(edited("n5"), (edit(5), 1));
    assert_eq!(edited("other7"), (words(2002), 1));
    assert_eq!(edited("n9"), (words(2003), 1));
    assert_eq!(edited("n20"), (words(20), 0));

    let (p0, keys, _) = by_link(db, "p0");
    assert_eq!(keys, vec![g("p0"), g("p0-new"), l("p0")]);
    let (n5, keys, _) = by_link(db, "n5");
    assert_eq!(keys, vec![g("dup5"), g("n5"), l("n5")]);
    let (n7, keys, _) = by_link(db, "other7");
    assert_eq!(keys, vec![g("n7"), l("n7"), l("other7")]);
    assert_eq!(by_link(db, "n7").0, n7);
    let (n9, keys, _) = by_link(db, "n9");
    assert_eq!(keys, vec![g("n9"), l("n9")]);
    let (n11, keys, _) = by_link(db, "n11");
    assert_eq!(keys, vec![g("n11"), l("n11")]);
    assert_ne!(n9, n11);
    assert_eq!(by_link(db, "n20").1, vec![g("n20"), l("n20")]);
    let (h1, _, h1_story) = by_link(db, "h1");
    let (h2, _, h2_story) = by_link(db, "h2");
    assert_eq!(h1_story, h2_story);
    assert_ne!(h1, h2);
    assert_ne!(p0, n5);
    let (_, _, n139_story) = by_link(db, "n139");
    assert_ne!(n139_story, h1_story);

    // Everything again: all seen, nothing stored or changed.
    let third = fetched(a, T0 + 2000, entries);
    let report = db.record_poll(&third, &NoPolicy).expect("third").ingest;
    assert_eq!((report.new_items, report.seen_items), (0, 147));
    // Each item two entries name changes twice (to the first entry's
    // title, then back to the second's): p0 once (only "p0-new" names it).
    assert_eq!(report.edited_items, 6);
    assert_eq!(edited("n5"), (edit(5), 3));
    assert_eq!(edited("p0"), (edit(1000), 1));
    assert_eq!(by_link(db, "n5").1, vec![g("dup5"), g("n5"), l("n5")]);
    assert_eq!(by_link(db, "n9").1, vec![g("n9"), l("n9")]);
}

/// A link a stored item has, found by an entry's link alone (the entry's
/// GUID new, or the entry another feed's), names that item only when the
/// two tell the same thing (`dedup::alike`). A section page that a feed
/// links one item at a time to, or that two feeds' items link to, used to
/// make every later item an edit of the first: never stored, never
/// alerted. One feed's entry without a GUID has its link for identity.
fn a_link_alone_names_an_item_only_when_both_tell_the_same(db: &dyn Backend) {
    let states = register(
        db,
        &[
            spec("a", "https://a.example/rss"),
            spec("b", "https://b.example/rss"),
        ],
    );
    let (a, b) = (&states[0], &states[1]);
    let poll = |feed: &FeedState, at: Millis, entry: IngestEntry| {
        db.record_poll(&fetched(feed, at, vec![entry]), &NoPolicy)
            .expect("poll")
            .ingest
    };
    let counts = |r: &IngestReport| (r.new_items, r.seen_items, r.edited_items, r.unlinked_items);
    // An entry without a GUID, its link its only key.
    let bare = |feed: &FeedState, title: &str| {
        let mut item = keyed(feed, "", "live", title);
        item.entry.guid = None;
        item.keys.identity.retain(|k| k.starts_with("l:"));
        item
    };
    let storm = "Storm closes ports along the northern coast";
    let rates = "Central bank holds rates for a third month";
    assert_eq!(
        counts(&poll(a, T0, keyed(a, "a-1", "live", storm))),
        (1, 0, 0, 0)
    );

    // The next poll shows another item alone, linked to the same page.
    assert_eq!(
        counts(&poll(a, T0 + 1000, keyed(a, "a-2", "live", rates))),
        (1, 0, 0, 1)
    );
    let (first, keys, _) = by_link(db, "live");
    let g = |feed: &FeedState, guid: &str| format!("g:{}:{guid}", feed.id.0);
    assert_eq!(keys, [g(a, "a-1"), "l:example.com/live".to_string()]);
    let details = db.item_details(first).expect("details").expect("stored");
    assert_eq!(
        (details.item.entry.title.as_str(), details.edits),
        (storm, 0)
    );
    let shared = feedwatch::store::ItemRef::SharedLink("example.com/live".into());
    let found = db.find_items(&shared, 5).expect("find");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].entry.title, rates);
    let second = db
        .item_details(found[0].id)
        .expect("details")
        .expect("stored");
    assert_eq!(second.keys, [g(a, "a-2")]);
    assert!(second.link_shared);
    // Polled again, it is found by its GUID: seen, not edited.
    assert_eq!(
        counts(&poll(a, T0 + 2000, keyed(a, "a-2", "live", rates))),
        (0, 1, 0, 0)
    );

    // A changed GUID on the same text, edited, is the first item.
    let updated = format!("{storm} (updated)");
    let report = poll(a, T0 + 3000, keyed(a, "a-1-v2", "live", &updated));
    assert_eq!(counts(&report), (0, 1, 1, 0));
    assert_eq!(by_link(db, "live").0, first);

    // Another feed's entry without a GUID: the same text is the item; other
    // text is another item, known by its text, seen when polled again.
    assert_eq!(counts(&poll(b, T0 + 4000, bare(b, &updated))), (0, 1, 0, 0));
    let election = "Election results delayed in the northern provinces";
    assert_eq!(counts(&poll(b, T0 + 5000, bare(b, election))), (1, 0, 0, 1));
    // (Its link still finds the first item, and is still not its key.)
    assert_eq!(counts(&poll(b, T0 + 6000, bare(b, election))), (0, 1, 0, 1));
    let found = db.find_items(&shared, 5).expect("find");
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].entry.title, election);
    let keys = db
        .item_details(found[0].id)
        .expect("details")
        .expect("stored")
        .keys;
    assert!(
        keys.len() == 1 && keys[0].starts_with(&format!("h:{}:", b.id.0)),
        "{keys:?}"
    );

    // The first feed's own entry without a GUID: its link is its identity,
    // and a new text an edit.
    let ferry = "Ferry service resumes after the storm";
    assert_eq!(counts(&poll(a, T0 + 7000, bare(a, ferry))), (0, 1, 1, 0));
    let details = db.item_details(first).expect("details").expect("stored");
    assert_eq!(
        (details.item.entry.title.as_str(), details.edits),
        (ferry, 2)
    );
}

/// Every item joins one story (a report of a story already stored).
struct JoinStory(StoryId);

impl PollPolicy for JoinStory {
    fn assign_story(&self, _: &IngestEntry, _: FeedId, _: Millis) -> StoryChoice {
        StoryChoice {
            story: self.0,
            joined: true,
            reason: format!("joined story {}", self.0),
        }
    }
    fn item_stored(&self, _: ItemId, _: StoryId, _: &IngestEntry, _: FeedId, _: Millis) {}
    plain_policy_parts!();
    fn health(&self, _: &FeedState) -> Option<IncidentUpdate> {
        None
    }
}

const DAY: Millis = 86_400_000;

/// Retention passes in batches of two stories, until one is not full.
fn prune_all(db: &dyn Backend, now: Millis, keep_days: i64, keep_items: &[ItemId]) -> PruneReport {
    let mut prune = Prune {
        cutoff: now - keep_days * DAY,
        now,
        batch: 2,
        after_story: 0,
        keep_items: keep_items.to_vec(),
    };
    let mut total = PruneReport::default();
    for _ in 0..100 {
        let report = db.prune(&prune).expect("prune");
        total.add(&report);
        match report.next_after {
            Some(after) => prune.after_story = after,
            None => return total,
        }
    }
    panic!("a retention pass over a handful of stories did not end");
}

/// Delivers the heads of `sink`'s queue until it is empty.
fn deliver_all(db: &dyn Backend, sink: &str, at: Millis) {
    for _ in 0..20 {
        let heads = db.outbox_heads().expect("heads");
        let Some(head) = heads.iter().find(|h| h.sink == sink) else {
            return;
        };
        db.record_attempt(&head.row, &AttemptResult::Delivered { at })
            .expect("delivered");
    }
    panic!("{sink}'s queue did not empty");
}

/// Retention forgets a story whole once every report and alert of it is
/// older than the cutoff and nothing needs it: not while a delivery waits,
/// a verdict or an example names it, or a report came within the period.
/// A forgotten item its feed still carries is seen, never new (its keys are
/// retired), until no feed carried it for a whole period.
fn old_stories_are_forgotten_and_never_come_back(db: &dyn Backend) {
    let states = register(
        db,
        &[
            spec("a", "https://a.example/rss"),
            spec("b", "https://b.example/rss"),
        ],
    );
    let (a, b) = (&states[0], &states[1]);
    let hook = |id: &str| vec![alert(id, "t", &[("hook", None)])];
    let old = vec![
        ingest(a, "1", "Harbour cranes collide", hook("al1")),
        ingest(a, "2", "Quiet day at the port", vec![]),
        ingest(
            a,
            "3",
            "Ferry strike called",
            vec![alert("al3", "t", &[("slow", None)])],
        ),
        ingest(a, "4", "Pentagon signs AI deal", hook("al4")),
        ingest(a, "5", "An example a topic names", vec![]),
        ingest(a, "6", "Inquiry into the port opens", hook("al6")),
    ];
    let report = db
        .record_poll(&fetched(a, T0, old.clone()), &NoPolicy)
        .expect("old poll")
        .ingest;
    assert_eq!(report.new_items, 6);
    deliver_all(db, "hook", T0 + 1000);
    let item = |alert: &str| {
        db.alert_origin(&AlertId::new(alert))
            .expect("origin")
            .expect("alert")
            .item
            .expect("item")
    };
    let (one, four, six) = (item("al1"), item("al4"), item("al6"));
    db.record_verdict(
        &NewVerdict {
            topic: "t".into(),
            item: four,
            alert: Some(AlertId::new("al4")),
            relevant: true,
            note: None,
            source: "cli".into(),
            features: r#"["w:ai"]"#.into(),
        },
        T0 + 2000,
    )
    .expect("verdict");
    let example = db
        .find_items(&feedwatch::store::ItemRef::Guid("5".into()), 5)
        .expect("find by GUID");
    assert_eq!(example.len(), 1, "the GUID finds its item through its key");
    let example = example[0].id;
    // The inquiry's story is reported again 100 days on.
    let inquiry = db
        .item_details(six)
        .expect("details")
        .expect("stored")
        .story
        .id;
    db.record_poll(
        &fetched(
            b,
            T0 + 100 * DAY,
            vec![ingest(b, "7", "Port inquiry hears first witness", vec![])],
        ),
        &JoinStory(inquiry),
    )
    .expect("late report");

    // 200 days on, keeping 150: stories 1 and 2 go; 3 waits for its
    // delivery, 4 has a verdict, 5 is an example, 6 was reported at day 100.
    let report = prune_all(db, T0 + 200 * DAY, 150, &[example]);
    assert_eq!(
        (
            report.stories,
            report.items,
            report.alerts,
            report.retired_keys
        ),
        (2, 2, 1, 2),
        "{report:?}"
    );
    assert_eq!(db.item(one).expect("item"), None);
    assert_eq!(db.alert_view(&AlertId::new("al1")).expect("alert"), None);
    for kept in [four, six, example, item("al3")] {
        assert!(db.item(kept).expect("item").is_some(), "item {kept} kept");
    }
    assert!(
        db.alert_view(&AlertId::new("al6"))
            .expect("alert")
            .is_some()
    );
    assert_eq!(
        db.verdicts(&VerdictFilter::default(), 10)
            .expect("verdicts")
            .len(),
        1
    );
    // Nothing more to forget at the same time.
    assert!(prune_all(db, T0 + 200 * DAY, 150, &[example]).is_empty());

    // The feed still carries the forgotten items: seen, not new, no alert.
    let mut again = old[..2].to_vec();
    again[0].alerts = hook("al1-again");
    let report = db
        .record_poll(&fetched(a, T0 + 202 * DAY, again.clone()), &NoPolicy)
        .expect("poll again")
        .ingest;
    assert_eq!(
        (report.new_items, report.seen_items, report.alerts.len()),
        (0, 2, 0)
    );

    // Its delivery done, the strike's story goes too.
    deliver_all(db, "slow", T0 + 201 * DAY);
    let report = prune_all(db, T0 + 203 * DAY, 150, &[example]);
    assert_eq!((report.stories, report.alerts), (1, 1), "{report:?}");

    // Renewed at day 202, the keys outlive a cutoff before that...
    let report = prune_all(db, T0 + 340 * DAY, 150, &[example]);
    assert_eq!(report.expired_keys, 0, "{report:?}");
    // ...and go once no feed carried them for a whole period; the item is
    // then new again.
    let report = prune_all(db, T0 + 360 * DAY, 150, &[example]);
    assert_eq!(report.expired_keys, 3, "{report:?}");
    let report = db
        .record_poll(&fetched(a, T0 + 361 * DAY, again), &NoPolicy)
        .expect("poll after the keys went")
        .ingest;
    assert_eq!(report.new_items, 2);
}

/// Retention never lets an item id come back: once the newest items are
/// forgotten, a new item still gets an id above every earlier one (SQLite
/// numbers a new row after the largest id left, so retention records the
/// largest it forgot; PostgreSQL's sequence never goes back).
fn a_forgotten_item_id_never_names_a_new_item(db: &dyn Backend) {
    let a = register(db, &[spec("a", "https://a.example/rss")]).remove(0);
    let id_of = |guid: &str| {
        let found = db
            .find_items(&feedwatch::store::ItemRef::Guid(guid.into()), 5)
            .expect("find by GUID");
        found.first().map(|item| item.id)
    };
    let old = [
        "Harbour cranes collide",
        "Ferry strike called",
        "Port inquiry opens",
    ];
    let entries = (1..)
        .zip(old)
        .map(|(n, title)| ingest(&a, &n.to_string(), title, vec![]))
        .collect();
    db.record_poll(&fetched(&a, T0, entries), &NoPolicy)
        .expect("old poll");
    let newest_old = id_of("3").expect("stored");

    let report = prune_all(db, T0 + 200 * DAY, 150, &[]);
    assert_eq!((report.stories, report.items), (3, 3), "{report:?}");
    assert!(prune_all(db, T0 + 200 * DAY, 150, &[]).is_empty());

    db.record_poll(
        &fetched(
            &a,
            T0 + 201 * DAY,
            vec![
                ingest(&a, "4", "Dockers vote on a new contract", vec![]),
                ingest(&a, "5", "Cranes back at work", vec![]),
            ],
        ),
        &NoPolicy,
    )
    .expect("new poll");
    let (four, five) = (id_of("4").expect("stored"), id_of("5").expect("stored"));
    assert!(
        newest_old < four.min(five),
        "new items {four} and {five} reuse an id up to {newest_old}"
    );
    // The next poll numbers on from there, as usual.
    db.record_poll(
        &fetched(
            &a,
            T0 + 202 * DAY,
            vec![ingest(&a, "6", "Port reopens", vec![])],
        ),
        &NoPolicy,
    )
    .expect("next poll");
    assert!(id_of("6").expect("stored") > four.max(five));
}

/// The same for deliveries (`/deliveries/ID/retry` names one): once the
/// newest are forgotten with their alerts, a new one still gets an id
/// above every earlier one.
fn a_forgotten_delivery_id_never_names_a_new_delivery(db: &dyn Backend) {
    let a = register(db, &[spec("a", "https://a.example/rss")]).remove(0);
    let to_both = |id: &str| vec![alert(id, "t", &[("hook", None), ("chat", None)])];
    db.record_poll(
        &fetched(
            &a,
            T0,
            vec![
                ingest(&a, "1", "Harbour cranes collide", to_both("al1")),
                ingest(&a, "2", "Ferry strike called", to_both("al2")),
            ],
        ),
        &NoPolicy,
    )
    .expect("old poll");
    let delivery_ids = |alert: &str| -> Vec<i64> {
        db.alert_view(&AlertId::new(alert))
            .expect("alert")
            .map(|view| view.deliveries.iter().map(|d| d.id).collect())
            .unwrap_or_default()
    };
    let old: Vec<i64> = ["al1", "al2"]
        .iter()
        .flat_map(|a| delivery_ids(a))
        .collect();
    assert_eq!(old.len(), 4, "{old:?}");
    deliver_all(db, "hook", T0 + 1000);
    deliver_all(db, "chat", T0 + 1000);

    let report = prune_all(db, T0 + 200 * DAY, 150, &[]);
    assert_eq!((report.alerts, report.items), (2, 2), "{report:?}");
    assert!(delivery_ids("al2").is_empty(), "forgotten with its alert");

    db.record_poll(
        &fetched(
            &a,
            T0 + 201 * DAY,
            vec![ingest(
                &a,
                "3",
                "Dockers vote on a new contract",
                to_both("al3"),
            )],
        ),
        &NoPolicy,
    )
    .expect("new poll");
    let new = delivery_ids("al3");
    let newest_old = old.iter().copied().max().unwrap_or_default();
    assert_eq!(new.len(), 2, "{new:?}");
    assert!(
        new.iter().all(|id| *id > newest_old),
        "new deliveries {new:?} reuse an id up to {newest_old}"
    );
}

/// A feed whose items another feed brought first (the same link, its own
/// GUID) is not quiet: the first time it carries one counts as news from
/// it, though the item is stored once; later polls of it do not.
fn an_item_another_feed_brought_first_is_news_from_this_feed_too(db: &dyn Backend) {
    let states = register(
        db,
        &[
            spec("all", "https://a.example/all.rss"),
            spec("tech", "https://a.example/tech.rss"),
        ],
    );
    let (all, tech) = (&states[0], &states[1]);
    db.record_poll(
        &fetched(
            all,
            T0,
            vec![keyed(all, "a-1", "chips", "Chip export rule")],
        ),
        &NoPolicy,
    )
    .expect("main feed");
    let report = db
        .record_poll(
            &fetched(
                tech,
                T0 + 1000,
                vec![keyed(tech, "t-1", "chips", "Chip export rule")],
            ),
            &NoPolicy,
        )
        .expect("tech feed")
        .ingest;
    assert_eq!(
        (report.new_items, report.seen_items, report.newly_carried),
        (0, 1, 1)
    );
    let state = db.feed_state("tech").expect("state").expect("row");
    assert_eq!(state.last_new_item_at, Some(T0 + 1000));
    let report = db
        .record_poll(
            &fetched(
                tech,
                T0 + 2000,
                vec![keyed(tech, "t-1", "chips", "Chip export rule")],
            ),
            &NoPolicy,
        )
        .expect("tech feed again")
        .ingest;
    assert_eq!((report.seen_items, report.newly_carried), (1, 0));
    let state = db.feed_state("tech").expect("state").expect("row");
    assert_eq!(state.last_new_item_at, Some(T0 + 1000));
}

/// A database of the schema before retention (version 7), with items,
/// takes migration 8 on open: its items keep being found by GUID (now
/// through their keys), and retention forgets and remembers them.
#[test]
fn sqlite_a_version_7_database_with_items_gains_retention() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("fw.db");
    {
        let db = SqliteStore::open(&path).expect("open");
        let a = register(&db, &[spec("a", "https://a.example/rss")]).remove(0);
        db.record_poll(
            &fetched(
                &a,
                T0,
                vec![
                    keyed(&a, "g1", "one", "Old news"),
                    keyed(&a, "g2", "two", "Older news"),
                ],
            ),
            &NoPolicy,
        )
        .expect("poll");
    }
    // Back to version 7 as it was: no retired keys, the GUID index (and
    // nothing of migration 9: no shared-link mark).
    {
        let conn = rusqlite::Connection::open(&path).expect("open raw");
        conn.execute_batch(
            "DROP INDEX items_by_shared_link;
             ALTER TABLE items DROP COLUMN link_shared;
             DROP TABLE retired_keys;
             DROP INDEX item_keys_by_item;
             DROP INDEX story_keys_by_story;
             CREATE INDEX items_by_guid ON items(guid);
             PRAGMA user_version = 7;",
        )
        .expect("downgrade");
    }
    let db = SqliteStore::open(&path).expect("migrate");
    assert_eq!(
        db.backend_info().expect("info").schema_version,
        feedwatch::store::SCHEMA_VERSION
    );
    let found = db
        .find_items(&feedwatch::store::ItemRef::Guid(" g1 ".into()), 5)
        .expect("find by GUID");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].entry.title, "Old news");
    let report = prune_all(&db, T0 + 200 * DAY, 150, &[]);
    assert_eq!((report.items, report.retired_keys), (2, 4), "{report:?}");
    let a = db.feed_state("a").expect("state").expect("row");
    let report = db
        .record_poll(
            &fetched(&a, T0 + 201 * DAY, vec![keyed(&a, "g1", "one", "Old news")]),
            &NoPolicy,
        )
        .expect("poll again")
        .ingest;
    assert_eq!((report.new_items, report.seen_items), (0, 1));
}

/// A database written before links several entries of a document share
/// stopped identifying them: two entries linking to the home page were
/// stored as one item, which then carried both GUIDs. Polled with the keys
/// `dedup::document_keys` gives them now (their GUIDs alone), the second
/// is stored as the item it is, its key taken off the merged one, and the
/// next poll finds each where it belongs.
fn items_stored_as_one_through_a_shared_link_are_split(db: &dyn Backend) {
    let a = register(db, &[spec("a", "https://a.example/rss")]).remove(0);
    let entry = |guid: &str, title: &str, with_link: bool| {
        let mut item = ingest(&a, guid, title, vec![]);
        item.keys.canonical_link = Some("example.com".into());
        if with_link {
            item.keys.identity.push("l:example.com".into());
        }
        item
    };
    // As before: the link made the second entry the first's item. (Its
    // text is the first's here: a link now names an item another GUID
    // has only when the two tell the same thing.)
    let report = db
        .record_poll(
            &fetched(
                &a,
                T0,
                vec![
                    entry("h1", "Army buys drones", true),
                    entry("h2", "Army buys drones", true),
                ],
            ),
            &NoPolicy,
        )
        .expect("old poll")
        .ingest;
    assert_eq!(
        (report.new_items, report.seen_items, report.split_items),
        (1, 1, 0)
    );
    let guid = |g: &str| {
        db.find_items(&feedwatch::store::ItemRef::Guid(g.into()), 5)
            .expect("find by GUID")
    };
    let merged = guid("h1");
    assert_eq!(guid("h2"), merged, "stored as one");

    // Now: each entry is known by its GUID alone.
    let now = || {
        vec![
            entry("h1", "Army buys drones", false),
            entry("h2", "Storm floods town", false),
        ]
    };
    let report = db
        .record_poll(&fetched(&a, T0 + 1000, now()), &NoPolicy)
        .expect("poll")
        .ingest;
    assert_eq!(
        (report.new_items, report.seen_items, report.split_items),
        (1, 1, 1)
    );
    let first = guid("h1");
    let second = guid("h2");
    assert_eq!(first[0].id, merged[0].id);
    assert_ne!(second[0].id, first[0].id);
    assert_eq!(second[0].entry.title, "Storm floods town");
    assert_eq!(
        db.item_details(first[0].id)
            .expect("details")
            .expect("stored")
            .item
            .entry
            .title,
        "Army buys drones"
    );
    // The link names both now, as for items stored since the rule.
    assert!(
        db.find_items(&feedwatch::store::ItemRef::Link("example.com".into()), 5)
            .expect("find by link")
            .is_empty()
    );
    let by_link = db
        .find_items(
            &feedwatch::store::ItemRef::SharedLink("example.com".into()),
            5,
        )
        .expect("find by shared link");
    assert_eq!(by_link.len(), 2, "{by_link:?}");

    // And stays so: nothing new, split or edited.
    let report = db
        .record_poll(&fetched(&a, T0 + 2000, now()), &NoPolicy)
        .expect("poll again")
        .ingest;
    assert_eq!(
        (
            report.new_items,
            report.seen_items,
            report.split_items,
            report.edited_items
        ),
        (0, 2, 0, 0)
    );
}
