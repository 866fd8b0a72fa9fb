//! The store's vocabulary: what its operations take and return. Plain data
//! in domain terms; no backend's types appear here.

use crate::dedup::EntryKeys;
use crate::model::{
    AlertId, DeliveryStatus, DigestKey, Entry, FeedId, IncidentKind, ItemId, Millis, PollStatus,
    ScheduleHints, StoryId,
};

/// A configured feed, as `sync_feeds` registers it (the store derives the
/// feed's origin, for politeness across replicas, from its URL).
#[derive(Debug, Clone, PartialEq)]
pub struct FeedSpec {
    pub name: String,
    pub url: String,
}

/// Who registers a feed list with [`Backend::sync_feeds`](super::Backend::sync_feeds):
/// the replica and the config it runs. Feeds its list lacks are retired only
/// when no other live replica runs another config, which may list them
/// (replicas whose configs differ must not retire each other's feeds).
#[derive(Debug, Clone, PartialEq)]
pub struct FeedSync {
    pub replica: String,
    pub config_hash: String,
    /// Replicas with a heartbeat at or after this are live.
    pub live_since: Millis,
}

/// What a poll needs to know about a feed before fetching it.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedState {
    pub id: FeedId,
    pub name: String,
    /// The configured URL.
    pub url: String,
    /// Where a permanent redirect moved it, if one did.
    pub moved_to: Option<String>,
    /// Why polling stopped (410 Gone), if it did.
    pub disabled: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// `None` until the first successful poll: that poll applies the backfill cutoff.
    pub first_polled_at: Option<Millis>,
    pub last_success_at: Option<Millis>,
    pub last_new_item_at: Option<Millis>,
    pub next_poll_at: Option<Millis>,
    pub consecutive_failures: i64,
    pub last_error: Option<String>,
    pub hints: ScheduleHints,
    pub incident: Option<Incident>,
    pub created_at: Millis,
}

/// The origin (scheme://host:port) of a feed URL, the unit of politeness.
pub(crate) fn origin_of(url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.origin().ascii_serialization())
}

impl FeedState {
    /// The URL to fetch: the moved-to URL if the feed moved permanently.
    pub fn fetch_url(&self) -> &str {
        self.moved_to.as_deref().unwrap_or(&self.url)
    }
}

/// An open health incident and when its trouble began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Incident {
    pub kind: IncidentKind,
    pub since: Millis,
}

/// Everything one poll of one feed changes, recorded in one transaction.
#[derive(Debug, Clone)]
pub struct PollRecord {
    pub feed: FeedId,
    pub at: Millis,
    pub status: PollStatus,
    pub result: PollResult,
    /// A permanent redirect (301/308) seen on the way: later polls fetch this URL.
    pub moved_to: Option<String>,
    /// When to poll next; `None` only for a feed that is gone.
    pub next_poll_at: Option<Millis>,
    /// The replica that claimed the feed (`claim_due_feeds`), if one did.
    /// The poll is refused ([`StoreError::LeaseLost`](super::StoreError))
    /// when another replica holds the feed's lease now; recording it
    /// releases the lease.
    pub lease_owner: Option<String>,
    /// Content a WebSub hub pushed, not a poll: it neither needs nor
    /// releases a lease (a poll of the same feed may be in flight, here
    /// or on another replica), so it is never refused.
    pub pushed: bool,
}

/// A poll that stores nothing but the feed's row (see
/// [`PollRecord::is_row_only`]), with its policy, for
/// [`Backend::record_row_only_polls`](super::Backend::record_row_only_polls).
pub struct RowOnlyPoll {
    pub record: PollRecord,
    pub policy: Box<dyn PollPolicy + Send>,
}

/// What recording a poll gave.
pub type PollOutcome = Result<PollReport, super::StoreError>;

impl RowOnlyPoll {
    /// Tells each poll's policy whether its record was kept (committed) or
    /// not (rolled back), as `Backend::record_poll` does.
    pub fn tell_outcomes(polls: &[RowOnlyPoll], outcomes: &[PollOutcome]) {
        for (poll, outcome) in polls.iter().zip(outcomes) {
            match outcome {
                Ok(_) => poll.policy.committed(),
                Err(_) => poll.policy.rolled_back(),
            }
        }
    }
}

impl PollRecord {
    /// A 304 or a failure: the poll writes the feed's row only (its
    /// status, schedule, lease, a move), never an item.
    pub fn is_row_only(&self) -> bool {
        matches!(
            self.result,
            PollResult::NotModified | PollResult::Failed { .. }
        )
    }
}

#[derive(Debug, Clone)]
pub enum PollResult {
    /// A document was fetched and parsed.
    Fetched(Box<FetchedPoll>),
    /// 304 Not Modified: a success with nothing to store.
    NotModified,
    /// The poll failed. `counts_as_failure` is false when the failure is not
    /// the feed's fault (our network is down): recorded, not counted.
    Failed {
        error: String,
        counts_as_failure: bool,
    },
    /// 410 Gone: the feed is no longer polled until its URL changes.
    Gone { reason: String },
}

/// What a fetched and parsed document brings.
#[derive(Debug, Clone, Default)]
pub struct FetchedPoll {
    pub entries: Vec<IngestEntry>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// The document's and server's hints (the learned cadence is added by
    /// the store from the items then stored, see [`PollPolicy`]).
    pub hints: ScheduleHints,
    /// What had to be repaired so the document could be parsed (re-encoding,
    /// bare ampersands, HTML entities): a healthy poll of a broken feed.
    pub repairs: Vec<String>,
    /// Headlines seen in other outlets within this window join the same story.
    pub story_window: Millis,
}

/// Decisions made by the daemon's policies inside a poll's transaction, in
/// item order: the story each new item joins (so two outlets' reports of one
/// event in one poll cycle still meet), the final payload of an alert once
/// its story is known, whether a sink hears about new sources of a story it
/// alerted on, and what depends on the feed's state *after* the poll (its
/// cadence, its health), so the feed row has one source of truth and a health
/// event is raised once.
pub trait PollPolicy {
    /// A [`IngestEntry::deferred`] entry that turned out to be new, with
    /// its features, matches and alerts. Policies whose entries are never
    /// deferred need not say.
    fn complete(&self, entry: &IngestEntry) -> IngestEntry {
        entry.clone()
    }
    /// The story a new item joins; `None` for a new story.
    fn assign_story(&self, entry: &IngestEntry, feed: FeedId, at: Millis) -> StoryChoice;
    /// A new item was stored under `story` (the policy remembers it, so the
    /// next items can join its story).
    fn item_stored(
        &self,
        item: ItemId,
        story: StoryId,
        entry: &IngestEntry,
        feed: FeedId,
        at: Millis,
    );
    /// The transaction that stored the items reported by
    /// [`Self::item_stored`] committed.
    fn committed(&self) {}
    /// The transaction that stored the items reported by
    /// [`Self::item_stored`] was rolled back: they are not stored (a rerun
    /// of the transaction reports its items again).
    fn rolled_back(&self) {}
    /// On a store shared by replicas (PostgreSQL), a poll that stores new
    /// items first takes the story lock, then catches the policy's story
    /// index up with the items other transactions committed: which items
    /// it reads, or `None` when the policy keeps no index (nothing is read).
    fn catch_up_from(&self) -> Option<CatchUpFrom> {
        None
    }
    /// The ids the catch-up read (see [`CatchUpFrom`]): those the index
    /// lacks, which the store reads and passes to [`Self::catch_up`].
    fn catch_up_lacking(&self, _ids: &[ItemId]) -> Vec<ItemId> {
        Vec::new()
    }
    /// The items [`Self::catch_up_lacking`] asked for, oldest first.
    fn catch_up(&self, _items: &[StoryItem]) {}
    /// The final payload of `alert` (drafted before its story was known),
    /// now that its story is.
    fn alert_payload(&self, alert: &NewAlert, story: &StorySummary) -> String;
    /// How often `sink` may hear about new sources of a story it alerted on;
    /// `None` when it does not want to.
    fn update_interval(&self, sink: &str) -> Option<Millis>;
    /// How many of the feed's newest item dates [`Self::learned_interval_secs`] wants.
    fn cadence_sample(&self) -> usize;
    /// The feed's cadence learned from its newest item dates (newest first).
    fn learned_interval_secs(&self, newest_dates: &[Millis]) -> Option<u64>;
    /// A change of the feed's health incident, if the new state calls for one.
    fn health(&self, after: &FeedState) -> Option<IncidentUpdate>;
}

/// The items a catch-up under the story lock reads: those first seen since
/// `first_seen` whose id is above `after`. Every item that can join a story
/// is inserted by a transaction holding the lock (a backlog's, published
/// before the window, are not, and are never indexed), and ids come from
/// one sequence, so under
/// the lock every id up to the highest visible is final (committed or
/// rolled back): a catch-up needs only the ids above the highest the
/// previous one read. (Replicas of a version before the lock insert
/// without it: while they run, their items may reach the index only
/// through the periodic catch-up, as before.)
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CatchUpFrom {
    /// Items first seen at or after this (`Millis::MIN` once `after` is
    /// known: then the ids alone say what is new).
    pub first_seen: Millis,
    pub after: ItemId,
}

/// Opens (`Some`) or closes (`None`) a feed's incident, and the health event
/// to send about it, if any sink listens.
#[derive(Debug, Clone)]
pub struct IncidentUpdate {
    pub incident: Option<Incident>,
    /// What changed, in one sentence, for the log.
    pub detail: String,
    pub alert: Option<NewAlert>,
}

/// What recording a poll did.
#[derive(Debug, Clone)]
pub struct PollReport {
    pub ingest: IngestReport,
    /// The feed as it is now.
    pub state: FeedState,
    /// The incident change applied, if any.
    pub incident: Option<IncidentUpdate>,
}

/// Which story a new item joins, and why (kept for `explain`).
#[derive(Debug, Clone, PartialEq)]
pub struct StoryChoice {
    pub story: StoryId,
    /// True when it joins a story that already has items.
    pub joined: bool,
    /// One line: the shared evidence and score, or why the nearest story
    /// was not joined.
    pub reason: String,
}

impl StoryChoice {
    /// The new story stored under `story` instead (its id was taken, see
    /// [`STORY_ID_TRIES`]); the reason names the id it got.
    pub fn stored_as(self, story: StoryId) -> StoryChoice {
        if story == self.story {
            return self;
        }
        StoryChoice {
            reason: self
                .reason
                .replacen(&self.story.to_string(), &story.to_string(), 1),
            story,
            joined: self.joined,
        }
    }
}

/// One parsed entry, with everything decided about it before storage.
#[derive(Debug, Clone)]
pub struct IngestEntry {
    pub entry: Entry,
    pub keys: EntryKeys,
    /// What story clustering compares (names, numbers, rare words).
    pub features: crate::stories::Features,
    /// Topics this entry matched (a suppressed one raises no alert).
    pub matches: Vec<EntryMatch>,
    /// Alerts to raise if the entry turns out to be new.
    pub alerts: Vec<NewAlert>,
    /// False for entries of a first poll older than the backfill cutoff:
    /// stored and matched, never alerted.
    pub alertable: bool,
    /// Only `entry` and `keys` are set: `features`, `matches` and `alerts`
    /// are left to [`PollPolicy::complete`], called only if the entry turns
    /// out to be new (most entries of a known feed's poll are not).
    pub deferred: bool,
}

/// A topic an entry matched.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryMatch {
    pub topic: String,
    /// The match (terms, fields, score) as JSON.
    pub details: String,
    /// What the topic's model made of it (JSON), when a model ran.
    pub model: Option<String>,
    /// Held back by the topic's model (`learn = "filter"`): stored and
    /// listed (`alerts --suppressed`), never alerted.
    pub suppressed: bool,
}

/// An alert waiting to be raised: its payload is final, so every retry sends
/// the same bytes.
#[derive(Debug, Clone)]
pub struct NewAlert {
    pub id: AlertId,
    pub topic: String,
    pub payload: String,
    pub recipients: Vec<Recipient>,
}

/// A sink an alert goes to, and the digest it waits for (`None`: send now).
#[derive(Debug, Clone, PartialEq)]
pub struct Recipient {
    pub sink: String,
    pub digest: Option<DigestKey>,
}

/// What a poll's ingest did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IngestReport {
    pub new_items: usize,
    pub seen_items: usize,
    /// Seen items this feed carries for the first time, stored before
    /// under another feed (the same link) or under another GUID: the feed
    /// published something, so it is not quiet.
    pub newly_carried: usize,
    /// Seen items whose publisher changed the title or summary (recorded,
    /// never alerted as new).
    pub edited_items: usize,
    /// Entries stored apart from the item an earlier entry of the same
    /// document is (see [`stored_as_one`]): they had been taken for one
    /// item through a link or GUID they shared.
    pub split_items: usize,
    /// Entries whose link alone found a stored item that tells something
    /// else ([`link_identifies`]): known by their GUID or text instead, new
    /// unless that finds them.
    pub unlinked_items: usize,
    /// New items that joined a story other outlets (or earlier items) began.
    pub joined_stories: usize,
    /// Ids of the alerts raised.
    pub alerts: Vec<AlertId>,
    /// Alerts not raised because their story already alerted for the topic.
    pub duplicate_stories: usize,
    /// The topic of each match of a new item (for metrics).
    pub new_matches: Vec<String>,
    /// Per alert of `alerts`, in the same order: its topic and its item's
    /// publication date (for metrics).
    pub raised: Vec<RaisedAlert>,
}

/// Whether an entry whose keys name the stored item an earlier entry of the
/// same document already named (`earlier`: that entry's keys) is a second
/// item that was stored as one with it. Entries of one document share no
/// key unless they are one entry listed twice (`dedup::document_keys`
/// drops a key their identities dispute), so two that share none and
/// still name one item name a merge: an item stored before that rule, when
/// a link or GUID the feed gave several entries made them one item, whose
/// title then flipped from one to the other on every poll. The later entry
/// is stored as the item it is, taking its keys off the merged one.
pub fn stored_as_one(keys: &[String], earlier: &[String]) -> bool {
    !keys.iter().any(|k| earlier.contains(k))
}

/// The link key an entry's canonical link would have if entries of its
/// document did not share it: when two entries are split off one stored
/// item ([`stored_as_one`]), that item loses it too, since the link names
/// both.
pub fn shared_link_key(entry: &IngestEntry) -> Option<String> {
    entry
        .keys
        .canonical_link
        .as_ref()
        .filter(|_| entry.keys.link_is_shared())
        .map(|link| format!("l:{link}"))
}

/// Whether the stored item an entry's canonical link alone found (the
/// entry's GUID, if any, being unknown) is that entry: the stored item's
/// feed (`stored_feed`), title and summary against the entry of `feed`.
/// An entry without a GUID of the item's own feed is the item, edited; an
/// entry with a new GUID, or of another feed, must tell the same thing
/// ([`crate::dedup::alike`]), or else the link is a page several items share
/// and the entry is another item ([`unlinked`]).
pub fn link_identifies(
    entry: &IngestEntry,
    feed: FeedId,
    stored_feed: FeedId,
    stored_title: &str,
    stored_summary: &str,
) -> bool {
    let has_guid = entry.keys.identity.iter().any(|key| key.starts_with("g:"));
    (stored_feed == feed && !has_guid)
        || crate::dedup::alike(
            &entry.entry.title,
            &entry.entry.summary,
            stored_title,
            stored_summary,
        )
}

/// The entry known without its canonical link's key, when
/// [`link_identifies`] found that link names another item: stored, it is
/// marked as sharing its link (`link_shared`).
pub fn unlinked(entry: &IngestEntry, feed: FeedId) -> IngestEntry {
    IngestEntry {
        keys: entry.keys.without_link(feed, &entry.entry),
        ..entry.clone()
    }
}

/// An alert a poll raised, for metrics.
#[derive(Debug, Clone, PartialEq)]
pub struct RaisedAlert {
    pub topic: String,
    pub published: Option<chrono::DateTime<chrono::Utc>>,
}

/// A feed's health, for `feedwatch feeds`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FeedHealth {
    pub name: String,
    pub url: String,
    pub moved_to: Option<String>,
    pub disabled: Option<String>,
    pub last_polled_at: Option<Millis>,
    pub last_success_at: Option<Millis>,
    pub last_status: Option<String>,
    pub last_error: Option<String>,
    /// The repairs the last successful poll needed, `; `-separated.
    pub repairs: Option<String>,
    pub consecutive_failures: i64,
    pub next_poll_at: Option<Millis>,
    pub items: i64,
    pub last_new_item_at: Option<Millis>,
    pub incident: Option<IncidentKind>,
    pub incident_since: Option<Millis>,
}

/// An item as stored, for `try` and `explain`.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredItem {
    pub id: ItemId,
    pub feed: String,
    pub entry: Entry,
    pub first_seen: Millis,
    /// The story it joined: reports of one event share it.
    pub story: StoryId,
}

/// What a head of a sink's queue carries.
#[derive(Debug, Clone, PartialEq)]
pub enum HeadKind {
    /// One alert.
    Alert,
    /// A scheduled digest of every alert held since `since`.
    Digest { since: Millis, until: Millis },
    /// A flood folded into one message by the sink's rate limit.
    Summary { topic: String },
}

/// Which row a head is.
#[derive(Debug, Clone, PartialEq)]
pub enum HeadRow {
    Delivery(i64),
    Message(String),
}

/// The next thing a sink has to send.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingDelivery {
    pub row: HeadRow,
    /// What receivers see as the message id: the alert id for one alert
    /// (the same on every retry), the message id for a digest or summary.
    pub delivery_id: String,
    pub sink: String,
    pub kind: HeadKind,
    /// Alert payloads, oldest first.
    pub payloads: Vec<String>,
    pub attempts: i64,
    pub created_at: Millis,
    pub next_attempt_at: Millis,
}

/// How one delivery attempt ended.
#[derive(Debug, Clone, PartialEq)]
pub enum AttemptResult {
    Delivered {
        at: Millis,
    },
    Retry {
        next_attempt_at: Millis,
        error: String,
    },
    Failed {
        error: String,
    },
}

#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct DeliveryCounts {
    /// Waiting to be sent (including held for a digest and pending messages).
    pub pending: i64,
    pub delivered: i64,
    pub failed: i64,
}

/// A delivery, for listings.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DeliveryRow {
    pub id: i64,
    pub alert_id: AlertId,
    pub topic: String,
    pub title: String,
    pub sink: String,
    /// The effective status: a held delivery is pending, a folded one has
    /// its message's status.
    pub status: DeliveryStatus,
    pub attempts: i64,
    pub next_attempt_at: Millis,
    pub last_error: Option<String>,
    pub created_at: Millis,
    pub delivered_at: Option<Millis>,
    /// The digest or summary that carried (or carries) it.
    pub message_id: Option<String>,
}

/// Which deliveries a listing shows (every field optional).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeliveryFilter {
    /// The effective status (a held delivery is pending, a folded one has
    /// its message's status).
    pub status: Option<DeliveryStatus>,
    pub alert: Option<AlertId>,
    pub sink: Option<String>,
    pub topic: Option<String>,
}

/// Deliveries of one sink held for one digest schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldGroup {
    pub sink: String,
    pub schedule: DigestKey,
    pub oldest: Millis,
    /// When this (sink, schedule) last sent a digest.
    pub last_run: Option<Millis>,
}

/// How a person names a stored item on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemRef {
    Id(ItemId),
    /// A link in its canonical form (`dedup::canonical_link`).
    Link(String),
    /// A publisher's GUID (several feeds may use the same one).
    Guid(String),
    /// A canonical link several items share, which identifies none of them
    /// (`dedup::document_keys`): the items stored with it and marked as
    /// sharing it (`dedup::EntryKeys::link_is_shared`), which an index of
    /// their own serves.
    SharedLink(String),
}

impl ItemRef {
    /// What a person's text may name, in the order to look: an id (`12`,
    /// `#12`), a link (compared the way dedup compares links), a GUID
    /// (which may look like a number or a URL), then a link several items
    /// share (looked for last: such links are rare).
    pub fn candidates(text: &str) -> Vec<ItemRef> {
        let text = text.trim();
        let mut candidates = Vec::new();
        let mut shared = None;
        if let Ok(id) = text.trim_start_matches('#').parse::<i64>() {
            candidates.push(ItemRef::Id(ItemId(id)));
        } else if let Some(link) =
            crate::dedup::canonical_link(text).filter(|_| text.contains("://"))
        {
            shared = Some(ItemRef::SharedLink(link.clone()));
            candidates.push(ItemRef::Link(link));
        }
        candidates.push(ItemRef::Guid(text.to_string()));
        candidates.extend(shared);
        candidates
    }
}

/// Everything stored about one item, for `feedwatch show`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ItemDetails {
    #[serde(skip)]
    pub item: StoredItem,
    pub canonical_link: Option<String>,
    /// Its canonical link is shared by other entries of its feed's document
    /// and identifies none of them (`dedup::EntryKeys::link_is_shared`).
    pub link_shared: bool,
    /// Why it joined its story, or did not join the nearest one.
    pub story_decision: Option<String>,
    /// How often its publisher changed its title or summary, and when last.
    pub edits: i64,
    pub edited_at: Option<Millis>,
    /// The identity keys it is recognised by.
    pub keys: Vec<String>,
    pub story: StorySummary,
    pub matches: Vec<StoredMatch>,
    pub alerts: Vec<AlertRecord>,
}

/// A story and the items of every outlet that reported it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StorySummary {
    pub id: StoryId,
    pub title: String,
    pub created_at: Millis,
    /// Oldest first.
    pub members: Vec<StoryMember>,
    /// The topics that alerted on it.
    pub topics: Vec<String>,
}

/// A stored item as story clustering sees it (to rebuild its index at start).
#[derive(Debug, Clone, PartialEq)]
pub struct StoryItem {
    pub item: ItemId,
    pub story: StoryId,
    pub feed: FeedId,
    /// When it happened for clustering: published, else first seen.
    pub at: Millis,
    pub first_seen: Millis,
    pub title: String,
    pub summary: String,
    pub content: String,
}

/// New sources of an alerted story, due to be told to one sink.
#[derive(Debug, Clone, PartialEq)]
pub struct DueUpdate {
    pub story: StorySummary,
    pub sink: String,
    /// The members not yet announced to this sink (a subset of the story's).
    pub new_items: Vec<ItemId>,
    /// The topics the story alerted this sink for.
    pub topics: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoryMember {
    pub item: ItemId,
    pub feed: String,
    pub title: String,
    pub link: Option<String>,
    pub published: Option<Millis>,
    pub first_seen: Millis,
}

/// A topic an item matched, with the match details (a `TopicHit` as JSON).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoredMatch {
    pub topic: String,
    pub details: String,
    /// What the topic's model made of it (JSON), when a model ran.
    pub model: Option<String>,
    pub suppressed: bool,
}

/// A story's title, as an SQL expression over `stories s` (a literal, for
/// `concat!`; the same in both backends): the headline of the report its
/// first alert showed, so that lists of stories and update messages name a
/// story as its alert did; else its first report's (the title it was made
/// with, which may be a report in another language or one no topic matched).
macro_rules! story_title_sql {
    () => {
        "COALESCE((SELECT i.title FROM alerts a JOIN items i ON i.id = a.item_id
          WHERE a.story_id = s.id AND a.kind = 'match' ORDER BY a.created_at, a.id LIMIT 1), s.title)"
    };
}
pub(crate) use story_title_sql;

/// An alert and its deliveries.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AlertRecord {
    pub id: AlertId,
    pub topic: String,
    /// The report that raised it: an alert is per story, so it may be
    /// another report of the item's story.
    pub item: Option<ItemId>,
    pub created_at: Millis,
    pub deliveries: Vec<DeliveryRow>,
}

// --- Replicas and leases -------------------------------------------------

/// Which database a store is, for `feedwatch check` and `replicas`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BackendInfo {
    /// `sqlite` or `postgresql`.
    pub kind: &'static str,
    /// The file, or the URL without a password.
    pub location: String,
    /// The schema version found in the database.
    pub schema_version: i64,
    /// The schema version this build writes.
    pub supported_version: i64,
    /// The server's version (PostgreSQL), or the library's (SQLite).
    pub server_version: String,
}

/// A running daemon, as it registers itself and heartbeats.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicaInfo {
    /// Unique per process: `host-pid-random`.
    pub id: String,
    pub host: String,
    pub pid: u32,
    pub version: String,
    /// A hash of the config the replica runs.
    pub config_hash: String,
    pub started_at: Millis,
}

impl ReplicaInfo {
    /// This process as a replica running a config of `config_hash`.
    pub fn this_process(config_hash: &str, now: Millis) -> ReplicaInfo {
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .map(|h| h.trim().to_string())
            .ok()
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "localhost".to_string());
        let pid = std::process::id();
        ReplicaInfo {
            id: format!("{host}-{pid}-{:04x}", fastrand::u16(..)),
            host,
            pid,
            version: env!("CARGO_PKG_VERSION").to_string(),
            config_hash: config_hash.to_string(),
            started_at: now,
        }
    }
}

/// A replica as the database sees it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReplicaStatus {
    pub id: String,
    pub host: String,
    pub pid: u32,
    pub version: String,
    pub config_hash: String,
    pub started_at: Millis,
    pub heartbeat_at: Millis,
    /// Heartbeat within one lease period.
    pub live: bool,
    /// Feeds it holds a lease on now (being polled).
    pub leased_feeds: i64,
    /// The earliest expiry among its feed leases.
    pub lease_until: Option<Millis>,
    /// Sinks whose queue it delivers.
    pub sinks: Vec<String>,
}

/// A request to lease due feeds.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedClaim {
    pub replica: String,
    pub now: Millis,
    /// Feeds to lease at most.
    pub limit: usize,
    /// Lease length: another replica may take the feed after it.
    pub lease: Millis,
    /// Feeds of one origin leased at once, by all replicas together
    /// (PostgreSQL; the SQLite daemon limits itself in process).
    pub per_origin: usize,
    /// Minimum time between two claims of feeds of one origin (PostgreSQL).
    pub origin_spacing: Millis,
    /// Feeds this replica will not poll (not in its config).
    pub exclude: Vec<FeedId>,
}

/// What a claim leased.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Claimed {
    /// The leased feeds' states, earliest due first.
    pub feeds: Vec<FeedState>,
    /// When the next unleased feed falls due (including due ones left
    /// for lack of room), if any is scheduled.
    pub next_due: Option<Millis>,
}

// The HTTP server: web UI listings, /metrics gauges and WebSub subscriptions.

/// Which alerts the web UI lists.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AlertFilter {
    pub topic: Option<String>,
    /// Only alerts with a delivery to this sink.
    pub sink: Option<String>,
    /// Only alerts with a delivery in this effective status (held counts as
    /// pending, folded as its message's status).
    pub status: Option<DeliveryStatus>,
}

/// An alert with its deliveries and its story's other items, for the web UI.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertView {
    pub id: AlertId,
    pub topic: String,
    /// The payload as sent (JSON).
    pub payload: String,
    pub created_at: Millis,
    pub deliveries: Vec<DeliveryView>,
    /// Every stored item of the alert's story, oldest first (empty for health events).
    pub sources: Vec<StorySource>,
    /// The verdict in force on the alert's item for its topic, if any.
    pub verdict: Option<bool>,
}

/// One delivery of an alert, with its effective status.
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveryView {
    pub id: i64,
    pub sink: String,
    pub status: DeliveryStatus,
    pub attempts: i64,
    pub next_attempt_at: Millis,
    pub last_error: Option<String>,
    pub delivered_at: Option<Millis>,
}

/// An item of a story: which feed carried it.
#[derive(Debug, Clone, PartialEq)]
pub struct StorySource {
    pub feed: String,
    pub title: String,
    pub link: Option<String>,
    pub first_seen: Millis,
}

/// Alerts of one topic on one UTC day.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicDay {
    pub topic: String,
    /// Days since 1970-01-01 (UTC).
    pub day: i64,
    pub alerts: i64,
}

/// Stored state that `/metrics` reports as gauges.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetricsSnapshot {
    /// Deliveries waiting to be sent (pending or held, or in a pending message).
    pub outbox_pending: i64,
    /// When the oldest of them was created.
    pub oldest_pending_at: Option<Millis>,
    /// Open health incidents per kind.
    pub incidents: Vec<(IncidentKind, i64)>,
    /// WebSub subscriptions per state.
    pub subscriptions: Vec<(SubscriptionState, i64)>,
}

/// Where a feed's WebSub subscription stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SubscriptionState {
    /// The hub accepted our request; its verification of intent has not come yet.
    Requested,
    /// Verified: the hub pushes new content until `expires_at`.
    Active,
    /// The last request failed or was not verified in time; retried with backoff.
    Failed,
    /// The hub refused the subscription (`hub.mode=denied`); retried with backoff.
    Denied,
    /// The feed advertises no hub; discovery is tried again later.
    NoHub,
    /// The feed left the config: we asked the hub to stop.
    Unsubscribing,
}

impl SubscriptionState {
    pub const ALL: [SubscriptionState; 6] = [
        SubscriptionState::Requested,
        SubscriptionState::Active,
        SubscriptionState::Failed,
        SubscriptionState::Denied,
        SubscriptionState::NoHub,
        SubscriptionState::Unsubscribing,
    ];

    /// The stable storage key, also the metric label and the UI's word.
    pub fn key(self) -> &'static str {
        match self {
            SubscriptionState::Requested => "requested",
            SubscriptionState::Active => "active",
            SubscriptionState::Failed => "failed",
            SubscriptionState::Denied => "denied",
            SubscriptionState::NoHub => "no_hub",
            SubscriptionState::Unsubscribing => "unsubscribing",
        }
    }

    pub fn from_key(key: &str) -> Option<SubscriptionState> {
        SubscriptionState::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// A feed's WebSub subscription (one per configured feed name).
#[derive(Debug, Clone, PartialEq)]
pub struct Subscription {
    pub feed: String,
    /// The topic URL (the feed's `self` link) we subscribed to.
    pub topic: String,
    pub hub: String,
    /// The unguessable last path segment of our callback URL.
    pub callback_id: String,
    /// The `hub.secret` pushes are signed with.
    pub secret: String,
    pub state: SubscriptionState,
    /// The lease the hub granted, in seconds.
    pub lease_seconds: Option<i64>,
    pub expires_at: Option<Millis>,
    /// Failed attempts in a row (drives the backoff).
    pub attempts: i64,
    /// When the subscriber should act on this row next (retry, renew, rediscover).
    pub next_attempt_at: Millis,
    pub last_error: Option<String>,
    pub updated_at: Millis,
}

// Feedback: verdicts on matches, for the topics' models.

/// A verdict to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewVerdict {
    pub topic: String,
    pub item: ItemId,
    /// The alert judged, when the verdict is on an alert.
    pub alert: Option<AlertId>,
    pub relevant: bool,
    pub note: Option<String>,
    /// Where it came from: `cli`, `web` or `link`.
    pub source: String,
    /// The item's features for the topic's model (JSON), computed when the
    /// verdict is given, so models rebuild without matching again.
    pub features: String,
}

/// A recorded verdict. A newer verdict on the same topic and item
/// supersedes it (its `undone_at` is set then, as on an undo).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Verdict {
    pub id: i64,
    pub topic: String,
    pub item: ItemId,
    pub alert: Option<AlertId>,
    pub relevant: bool,
    pub note: Option<String>,
    pub source: String,
    #[serde(skip)]
    pub features: String,
    /// Times in milliseconds; left out of JSON, where a listing gives them
    /// as RFC 3339 under the same names (`feedback --json`).
    #[serde(skip)]
    pub created_at: Millis,
    #[serde(skip)]
    pub undone_at: Option<Millis>,
    /// The item's feed and title, for listings.
    pub feed: String,
    pub title: String,
    /// The item's story: a model counts verdicts on one story once.
    #[serde(skip)]
    pub story: StoryId,
}

/// Which verdicts a listing shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VerdictFilter {
    pub topic: Option<String>,
    /// Also those undone or superseded.
    pub include_undone: bool,
}

/// A match the topic's model held back.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SuppressedMatch {
    pub item: ItemId,
    pub topic: String,
    pub feed: String,
    pub title: String,
    pub link: Option<String>,
    pub first_seen: Millis,
    /// The model's verdict (JSON).
    #[serde(skip)]
    pub model: Option<String>,
}

/// What an alert was raised on, for a verdict on it.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertOrigin {
    pub topic: String,
    /// `None` for health events.
    pub item: Option<ItemId>,
}

/// How many ids from the one the policy made a new story tries before the
/// poll fails. The daemon makes story ids from its clock, so two replicas
/// can make the same id in the same millisecond (and a clock set back can
/// meet an old one); a new story then takes the next free id, never
/// another story's (that would join two unrelated items and take the
/// second one's alert for a duplicate). One poll's burst of new stories is
/// far shorter than this.
pub const STORY_ID_TRIES: i64 = 10_000;

/// When an item happened, for clustering (both backends): its publication
/// time, unless it has none or claims the future.
pub(crate) fn item_time(entry: &Entry, now: Millis) -> Millis {
    entry
        .published
        .map(|p| p.timestamp_millis())
        .filter(|p| *p <= now)
        .unwrap_or(now)
}
