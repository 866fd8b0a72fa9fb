//! Schema migrations: an append-only list. `PRAGMA user_version` records how
//! many have been applied; never edit a released migration, add a new one.

/// Each entry moves the schema one version up.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: feeds, items and their identity keys, stories, matches, alerts and the outbox.
    r#"
    CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        url TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        first_polled_at INTEGER,
        last_polled_at INTEGER,
        last_success_at INTEGER,
        last_status TEXT,
        last_error TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        next_poll_at INTEGER,
        last_new_item_at INTEGER,
        -- Where a permanent redirect (301/308) moved the feed; NULL: the configured URL.
        moved_to TEXT,
        -- Why polling stopped (410 Gone); NULL while the feed is polled.
        disabled TEXT,
        -- JSON ScheduleHints: ttl, max-age, skipHours/Days, learned cadence.
        hints TEXT NOT NULL DEFAULT '{}',
        -- The open health incident ('failing' or 'quiet') and since when.
        incident TEXT,
        incident_since INTEGER,
        created_at INTEGER NOT NULL
    );
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        feed_id INTEGER NOT NULL REFERENCES feeds(id),
        story_id INTEGER NOT NULL REFERENCES stories(id),
        guid TEXT,
        link TEXT,
        canonical_link TEXT,
        title TEXT NOT NULL,
        summary TEXT NOT NULL,
        content TEXT NOT NULL,
        author TEXT,
        categories TEXT NOT NULL,
        published INTEGER,
        first_seen INTEGER NOT NULL
    );
    -- Serves per-feed counts and the newest dates of a feed (its cadence).
    CREATE INDEX items_by_feed ON items(feed_id, published);
    CREATE TABLE item_keys (
        key TEXT PRIMARY KEY,
        item_id INTEGER NOT NULL REFERENCES items(id)
    ) WITHOUT ROWID;
    CREATE TABLE story_keys (
        key TEXT PRIMARY KEY,
        story_id INTEGER NOT NULL REFERENCES stories(id),
        created_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE matches (
        item_id INTEGER NOT NULL REFERENCES items(id),
        topic TEXT NOT NULL,
        details TEXT NOT NULL,
        PRIMARY KEY (item_id, topic)
    ) WITHOUT ROWID;
    CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        -- 'match' (a story matched a topic) or 'feed_health' (no story, no item).
        kind TEXT NOT NULL DEFAULT 'match',
        story_id INTEGER REFERENCES stories(id),
        item_id INTEGER REFERENCES items(id),
        topic TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (story_id, topic)
    );
    CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY,
        alert_id TEXT NOT NULL REFERENCES alerts(id),
        sink TEXT NOT NULL,
        -- pending: to send on its own; held: waiting for a digest;
        -- folded: sent inside the message `message_id` (digest or summary).
        status TEXT NOT NULL CHECK (status IN ('pending', 'held', 'folded', 'delivered', 'failed')),
        -- The digest schedule of a held delivery, as `DigestSchedule::describe` writes it.
        digest TEXT,
        message_id TEXT REFERENCES messages(id),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        delivered_at INTEGER,
        UNIQUE (alert_id, sink)
    );
    -- Messages that carry several alerts: a scheduled digest, or a flood
    -- folded into a summary by a sink's rate limit.
    CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        sink TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('digest', 'summary')),
        topic TEXT,
        since INTEGER,
        until INTEGER,
        status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        delivered_at INTEGER
    );
    CREATE INDEX messages_by_sink ON messages(sink, status, created_at);
    -- When each (sink, schedule) last sent its digest.
    CREATE TABLE digest_runs (
        sink TEXT NOT NULL,
        schedule TEXT NOT NULL,
        last_run INTEGER NOT NULL,
        PRIMARY KEY (sink, schedule)
    ) WITHOUT ROWID;
    CREATE INDEX deliveries_by_sink ON deliveries(sink, status, id);
    CREATE INDEX deliveries_by_message ON deliveries(message_id);
    "#,
    // 2: a successful poll that needed repairs says so apart from errors;
    // `show` finds items by GUID.
    r#"
    ALTER TABLE feeds ADD COLUMN repairs TEXT;
    CREATE INDEX items_by_guid ON items(guid);
    "#,
    // 3: stories across outlets. Story ids are given by the daemon (time
    // ordered); an item keeps why it joined its story (or did not join the
    // nearest); a publisher's edit of a stored item is recorded; updates about
    // new sources of an alerted story wait per (story, sink) until due.
    r#"
    ALTER TABLE items ADD COLUMN story_decision TEXT;
    ALTER TABLE items ADD COLUMN edits INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE items ADD COLUMN edited_at INTEGER;
    CREATE INDEX items_by_story ON items(story_id);
    CREATE INDEX items_by_first_seen ON items(first_seen);
    CREATE INDEX alerts_by_story ON alerts(story_id);
    CREATE TABLE story_updates (
        story_id INTEGER NOT NULL REFERENCES stories(id),
        sink TEXT NOT NULL,
        -- The new members not yet announced, as a JSON array of item ids.
        items TEXT NOT NULL DEFAULT '[]',
        due_at INTEGER NOT NULL,
        last_sent_at INTEGER,
        PRIMARY KEY (story_id, sink)
    ) WITHOUT ROWID;
    CREATE INDEX story_updates_due ON story_updates(due_at);
    "#,
    // 4: replicas and leases (issue 14). The schedule lives in `feeds`
    // (`next_poll_at`); a daemon leases due feeds and sink queues. Same
    // schema as PostgreSQL's migration 4; on SQLite one daemon uses it.
    r#"
    -- 1: not in the config of the daemon that last synced the feeds.
    ALTER TABLE feeds ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
    -- scheme://host:port of the URL fetched (per-origin politeness).
    ALTER TABLE feeds ADD COLUMN origin TEXT;
    ALTER TABLE feeds ADD COLUMN lease_owner TEXT;
    ALTER TABLE feeds ADD COLUMN lease_until INTEGER;
    CREATE INDEX feeds_due ON feeds(next_poll_at) WHERE disabled IS NULL AND retired = 0;
    CREATE INDEX feeds_by_lease ON feeds(lease_owner) WHERE lease_owner IS NOT NULL;
    CREATE INDEX feeds_leased_by_origin ON feeds(origin) WHERE lease_owner IS NOT NULL;
    CREATE TABLE replicas (
        id TEXT PRIMARY KEY,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        version TEXT NOT NULL,
        config_hash TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        heartbeat_at INTEGER NOT NULL
    );
    -- Which replica drains each sink's queue, until when.
    CREATE TABLE sink_leases (
        sink TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        lease_until INTEGER NOT NULL
    );
    -- Per-origin spacing across replicas: no claim before next_start.
    CREATE TABLE origins (
        origin TEXT PRIMARY KEY,
        next_start INTEGER NOT NULL
    );
    "#,
    // 5 (issue 13): WebSub subscriptions, one per configured feed name, found
    // by their callback id; alerts listed newest first by the web UI.
    r#"
    CREATE TABLE websub_subscriptions (
        feed TEXT PRIMARY KEY,
        topic TEXT NOT NULL,
        hub TEXT NOT NULL,
        callback_id TEXT NOT NULL UNIQUE,
        secret TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('requested', 'active', 'failed', 'denied', 'no_hub', 'unsubscribing')),
        lease_seconds INTEGER,
        expires_at INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        updated_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX alerts_by_time ON alerts(created_at);
    "#,
    // 6 (issue 11): the topics' models: what they held back (suppressed
    // matches, with the model's verdict), the user's verdicts they learn
    // from (superseded and undone ones kept, marked), and settings such as
    // the key feedback links are signed with.
    r#"
    ALTER TABLE matches ADD COLUMN model TEXT;
    ALTER TABLE matches ADD COLUMN suppressed INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX matches_suppressed ON matches(item_id) WHERE suppressed = 1;
    CREATE TABLE verdicts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        topic TEXT NOT NULL,
        item_id INTEGER NOT NULL REFERENCES items(id),
        alert_id TEXT REFERENCES alerts(id),
        relevant INTEGER NOT NULL,
        note TEXT,
        source TEXT NOT NULL,
        features TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        undone_at INTEGER
    );
    CREATE INDEX verdicts_by_item ON verdicts(topic, item_id);
    CREATE TABLE settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    "#,
    // 7 (issue 12): the schedule settings a feed was last scheduled under
    // (`every 30s`, `adaptive from 15m, 5m to 6h`), so a changed interval
    // reschedules the feed at once, across restarts too.
    r#"
    ALTER TABLE feeds ADD COLUMN schedule_settings TEXT;
    "#,
    // 8: retention (`[storage] keep`, `store/retention.rs`). The keys of
    // forgotten items, hashed, until no feed has carried them for a whole
    // period; an item's keys, and a story's headline keys, found by item
    // and story (to forget them with it). A GUID is
    // found through its keys (`g:FEED:GUID`), so the items' GUID index,
    // which every new item paid for, goes.
    r#"
    CREATE TABLE retired_keys (
        hash BLOB PRIMARY KEY,
        seen_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX retired_keys_by_seen ON retired_keys(seen_at);
    CREATE INDEX item_keys_by_item ON item_keys(item_id);
    CREATE INDEX story_keys_by_story ON story_keys(story_id);
    DROP INDEX items_by_guid;
    "#,
    // 9: items whose canonical link entries of their document share (a
    // feed that links every item to its home page): the link identifies
    // none of them, so they are marked and indexed apart, and only they
    // pay for that index. Marked here: the items whose link is not one of
    // their keys.
    r#"
    ALTER TABLE items ADD COLUMN link_shared INTEGER NOT NULL DEFAULT 0;
    UPDATE items SET link_shared = 1
    WHERE canonical_link IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM item_keys k
                      WHERE k.key = 'l:' || items.canonical_link AND k.item_id = items.id);
    CREATE INDEX items_by_shared_link ON items(canonical_link) WHERE link_shared = 1;
    "#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;
