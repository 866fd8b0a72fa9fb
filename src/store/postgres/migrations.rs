//! PostgreSQL schema migrations: an append-only list, the same versions as
//! SQLite's (`sqlite/migrations.rs`), each in PostgreSQL's dialect. The
//! `feedwatch_schema` table records each version applied, when and by
//! whom. The runner holds a session advisory lock, so replicas starting
//! together on an empty database migrate once: the others wait, then find
//! nothing to do. Every integer column is BIGINT, every string TEXT.

use super::{Conn, Context};
use crate::store::StoreError;

/// Each entry moves the schema one version up.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: feeds, items and their identity keys, stories, matches, alerts and the outbox.
    r#"
    CREATE TABLE feeds (
        id BIGSERIAL PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        url TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        first_polled_at BIGINT,
        last_polled_at BIGINT,
        last_success_at BIGINT,
        last_status TEXT,
        last_error TEXT,
        consecutive_failures BIGINT NOT NULL DEFAULT 0,
        next_poll_at BIGINT,
        last_new_item_at BIGINT,
        moved_to TEXT,
        disabled TEXT,
        hints TEXT NOT NULL DEFAULT '{}',
        incident TEXT,
        incident_since BIGINT,
        created_at BIGINT NOT NULL
    );
    CREATE TABLE stories (
        id BIGSERIAL PRIMARY KEY,
        title TEXT NOT NULL,
        created_at BIGINT NOT NULL
    );
    CREATE TABLE items (
        id BIGSERIAL PRIMARY KEY,
        feed_id BIGINT NOT NULL REFERENCES feeds(id),
        story_id BIGINT NOT NULL REFERENCES stories(id),
        guid TEXT,
        link TEXT,
        canonical_link TEXT,
        title TEXT NOT NULL,
        summary TEXT NOT NULL,
        content TEXT NOT NULL,
        author TEXT,
        categories TEXT NOT NULL,
        published BIGINT,
        first_seen BIGINT NOT NULL
    );
    CREATE INDEX items_by_feed ON items(feed_id, published);
    CREATE TABLE item_keys (
        key TEXT PRIMARY KEY,
        item_id BIGINT NOT NULL REFERENCES items(id)
    );
    CREATE TABLE story_keys (
        key TEXT PRIMARY KEY,
        story_id BIGINT NOT NULL REFERENCES stories(id),
        created_at BIGINT NOT NULL
    );
    CREATE TABLE matches (
        item_id BIGINT NOT NULL REFERENCES items(id),
        topic TEXT NOT NULL,
        details TEXT NOT NULL,
        PRIMARY KEY (item_id, topic)
    );
    CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL DEFAULT 'match',
        story_id BIGINT REFERENCES stories(id),
        item_id BIGINT REFERENCES items(id),
        topic TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        UNIQUE (story_id, topic)
    );
    CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        sink TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('digest', 'summary')),
        topic TEXT,
        since BIGINT,
        until BIGINT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts BIGINT NOT NULL DEFAULT 0,
        next_attempt_at BIGINT NOT NULL,
        last_error TEXT,
        created_at BIGINT NOT NULL,
        delivered_at BIGINT
    );
    CREATE INDEX messages_by_sink ON messages(sink, status, created_at);
    CREATE TABLE deliveries (
        id BIGSERIAL PRIMARY KEY,
        alert_id TEXT NOT NULL REFERENCES alerts(id),
        sink TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'held', 'folded', 'delivered', 'failed')),
        digest TEXT,
        message_id TEXT REFERENCES messages(id),
        attempts BIGINT NOT NULL DEFAULT 0,
        next_attempt_at BIGINT NOT NULL,
        last_error TEXT,
        created_at BIGINT NOT NULL,
        delivered_at BIGINT,
        UNIQUE (alert_id, sink)
    );
    CREATE TABLE digest_runs (
        sink TEXT NOT NULL,
        schedule TEXT NOT NULL,
        last_run BIGINT NOT NULL,
        PRIMARY KEY (sink, schedule)
    );
    CREATE INDEX deliveries_by_sink ON deliveries(sink, status, id);
    CREATE INDEX deliveries_by_message ON deliveries(message_id);
    "#,
    // 2: as SQLite's migration 2: repairs apart from errors; items by GUID.
    r#"
    ALTER TABLE feeds ADD COLUMN repairs TEXT;
    CREATE INDEX items_by_guid ON items(guid);
    "#,
    // 3: as SQLite's migration 3: stories across outlets (story ids from
    // the daemon), story decisions, publishers' edits, story updates.
    r#"
    ALTER TABLE items ADD COLUMN story_decision TEXT;
    ALTER TABLE items ADD COLUMN edits BIGINT NOT NULL DEFAULT 0;
    ALTER TABLE items ADD COLUMN edited_at BIGINT;
    CREATE INDEX items_by_story ON items(story_id);
    CREATE INDEX items_by_first_seen ON items(first_seen);
    CREATE INDEX alerts_by_story ON alerts(story_id);
    CREATE TABLE story_updates (
        story_id BIGINT NOT NULL REFERENCES stories(id),
        sink TEXT NOT NULL,
        items TEXT NOT NULL DEFAULT '[]',
        due_at BIGINT NOT NULL,
        last_sent_at BIGINT,
        PRIMARY KEY (story_id, sink)
    );
    CREATE INDEX story_updates_due ON story_updates(due_at);
    "#,
    // 4: replicas and leases (issue 14), as SQLite's migration 4.
    r#"
    ALTER TABLE feeds ADD COLUMN retired BIGINT NOT NULL DEFAULT 0;
    ALTER TABLE feeds ADD COLUMN origin TEXT;
    ALTER TABLE feeds ADD COLUMN lease_owner TEXT;
    ALTER TABLE feeds ADD COLUMN lease_until BIGINT;
    CREATE INDEX feeds_due ON feeds(next_poll_at) WHERE disabled IS NULL AND retired = 0;
    CREATE INDEX feeds_by_lease ON feeds(lease_owner) WHERE lease_owner IS NOT NULL;
    CREATE INDEX feeds_leased_by_origin ON feeds(origin) WHERE lease_owner IS NOT NULL;
    CREATE TABLE replicas (
        id TEXT PRIMARY KEY,
        host TEXT NOT NULL,
        pid BIGINT NOT NULL,
        version TEXT NOT NULL,
        config_hash TEXT NOT NULL,
        started_at BIGINT NOT NULL,
        heartbeat_at BIGINT NOT NULL
    );
    CREATE TABLE sink_leases (
        sink TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        lease_until BIGINT NOT NULL
    );
    CREATE TABLE origins (
        origin TEXT PRIMARY KEY,
        next_start BIGINT NOT NULL
    );
    "#,
    // 5: WebSub subscriptions (issue 13), as SQLite's migration 5.
    r#"
    CREATE TABLE websub_subscriptions (
        feed TEXT PRIMARY KEY,
        topic TEXT NOT NULL,
        hub TEXT NOT NULL,
        callback_id TEXT NOT NULL UNIQUE,
        secret TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('requested', 'active', 'failed', 'denied', 'no_hub', 'unsubscribing')),
        lease_seconds BIGINT,
        expires_at BIGINT,
        attempts BIGINT NOT NULL DEFAULT 0,
        next_attempt_at BIGINT NOT NULL,
        last_error TEXT,
        updated_at BIGINT NOT NULL
    );
    CREATE INDEX alerts_by_time ON alerts(created_at);
    "#,
    // 6: the topics' models (issue 11), as SQLite's migration 6.
    r#"
    ALTER TABLE matches ADD COLUMN model TEXT;
    ALTER TABLE matches ADD COLUMN suppressed BIGINT NOT NULL DEFAULT 0;
    CREATE INDEX matches_suppressed ON matches(item_id) WHERE suppressed = 1;
    CREATE TABLE verdicts (
        id BIGSERIAL PRIMARY KEY,
        topic TEXT NOT NULL,
        item_id BIGINT NOT NULL REFERENCES items(id),
        alert_id TEXT REFERENCES alerts(id),
        relevant BIGINT NOT NULL,
        note TEXT,
        source TEXT NOT NULL,
        features TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        undone_at BIGINT
    );
    CREATE INDEX verdicts_by_item ON verdicts(topic, item_id);
    CREATE TABLE settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    "#,
    // 7: as SQLite's migration 7: the schedule settings a feed was last
    // scheduled under (issue 12).
    r#"
    ALTER TABLE feeds ADD COLUMN schedule_settings TEXT;
    "#,
    // 8: as SQLite's migration 8: retired keys (retention), an item's
    // keys by item and a story's headline keys by story, GUIDs found
    // through their keys.
    r#"
    CREATE TABLE retired_keys (
        hash BYTEA PRIMARY KEY,
        seen_at BIGINT NOT NULL
    );
    CREATE INDEX retired_keys_by_seen ON retired_keys(seen_at);
    CREATE INDEX item_keys_by_item ON item_keys(item_id);
    CREATE INDEX story_keys_by_story ON story_keys(story_id);
    DROP INDEX items_by_guid;
    "#,
    // 9: as SQLite's migration 9: items whose canonical link entries of
    // their document share, marked and indexed apart.
    r#"
    ALTER TABLE items ADD COLUMN link_shared BIGINT NOT NULL DEFAULT 0;
    UPDATE items SET link_shared = 1
    WHERE canonical_link IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM item_keys k
                      WHERE k.key = 'l:' || items.canonical_link AND k.item_id = items.id);
    CREATE INDEX items_by_shared_link ON items(canonical_link) WHERE link_shared = 1;
    "#,
];

/// The schema version this build writes.
pub(crate) const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The advisory lock key of the migration runner ("feedwatc" in ASCII).
const MIGRATION_LOCK: i64 = 0x6665_6564_7761_7463;

/// The schema version recorded in the database (0: none yet).
pub(super) fn version(conn: &mut Conn) -> Result<i64, StoreError> {
    let exists: bool = conn
        .client
        .query_one("SELECT to_regclass('feedwatch_schema') IS NOT NULL", &[])
        .context("look for the schema table")?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let version: Option<i64> = conn
        .client
        .query_one("SELECT MAX(version) FROM feedwatch_schema", &[])
        .context("read schema version")?
        .get(0);
    Ok(version.unwrap_or(0))
}

/// Applies the missing migrations, each in its own transaction, holding the
/// migration lock so concurrent starts apply each one once.
pub(super) fn migrate(conn: &mut Conn, url: &str) -> Result<(), StoreError> {
    conn.client
        .execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])
        .context("take the migration lock")?;
    let result = migrate_locked(conn, url);
    let unlocked = conn
        .client
        .execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])
        .context("release the migration lock");
    result?;
    unlocked?;
    Ok(())
}

fn migrate_locked(conn: &mut Conn, url: &str) -> Result<(), StoreError> {
    // Created only when missing (we hold the migration lock): `CREATE
    // TABLE IF NOT EXISTS` would draw a server NOTICE on every open, which
    // every command would log.
    let exists: bool = conn
        .client
        .query_one("SELECT to_regclass('feedwatch_schema') IS NOT NULL", &[])
        .context("look for the schema table")?
        .get(0);
    if !exists {
        conn.client
            .batch_execute(
                "CREATE TABLE feedwatch_schema (
                    version BIGINT PRIMARY KEY,
                    applied_at BIGINT NOT NULL,
                    applied_by TEXT NOT NULL
                )",
            )
            .context("create the schema table")?;
    }
    let found = version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: url.into(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    let by = format!(
        "feedwatch {} pid {}",
        env!("CARGO_PKG_VERSION"),
        std::process::id()
    );
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let version = index as i64 + 1;
        let now = chrono::Utc::now().timestamp_millis();
        let mut tx = conn.client.transaction().context("begin migration")?;
        tx.batch_execute(sql).context("apply migration")?;
        tx.execute(
            "INSERT INTO feedwatch_schema (version, applied_at, applied_by) VALUES ($1, $2, $3)",
            &[&version, &now, &by],
        )
        .context("record schema version")?;
        tx.commit().context("commit migration")?;
        tracing::info!(version, "Database schema migrated");
    }
    Ok(())
}
