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
    CREATE INDEX items_by_feed ON items(feed_id, first_seen);
    CREATE INDEX items_by_first_seen ON items(first_seen);
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
        story_id INTEGER NOT NULL REFERENCES stories(id),
        item_id INTEGER NOT NULL REFERENCES items(id),
        topic TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (story_id, topic)
    );
    CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY,
        alert_id TEXT NOT NULL REFERENCES alerts(id),
        sink TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        delivered_at INTEGER,
        UNIQUE (alert_id, sink)
    );
    CREATE INDEX deliveries_by_sink ON deliveries(sink, status, id);
    "#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;
