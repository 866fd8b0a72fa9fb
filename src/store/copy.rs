//! `feedwatch migrate`: copies a SQLite installation's state into an empty
//! PostgreSQL database. The source is read in one transaction (a
//! consistent snapshot, even while its daemon runs), the target written in
//! one (all or nothing), table by table with `COPY`. Rows keep their ids,
//! and every delivery keeps its status, attempts and next attempt, so a
//! pending delivery is still pending, with the same alert id, on the other
//! side. Leases and replica rows are not copied.

use std::io::Write as _;

use rusqlite::types::ValueRef;

use super::StoreError;
use super::postgres::{Context as _, Fail, PostgresStore};
use super::sqlite::SqliteStore;
use super::sqlite::{headlines, id_floor};

/// Tables in dependency order, with the columns copied. Columns the source
/// lacks (an older schema) are left to the target's defaults.
const TABLES: &[(&str, &[&str])] = &[
    (
        "feeds",
        &[
            "id",
            "name",
            "url",
            "etag",
            "last_modified",
            "first_polled_at",
            "last_polled_at",
            "last_success_at",
            "last_status",
            "last_error",
            "consecutive_failures",
            "next_poll_at",
            "last_new_item_at",
            "moved_to",
            "disabled",
            "hints",
            "incident",
            "incident_since",
            "created_at",
            "retired",
            "origin",
            "repairs",
            "schedule_settings",
        ],
    ),
    ("stories", &["id", "title", "created_at"]),
    (
        "items",
        &[
            "id",
            "feed_id",
            "story_id",
            "guid",
            "link",
            "canonical_link",
            "title",
            "summary",
            "content",
            "author",
            "categories",
            "published",
            "first_seen",
            "story_decision",
            "edits",
            "edited_at",
            "link_shared",
        ],
    ),
    ("item_keys", &["key", "item_id"]),
    ("story_keys", &["key", "story_id", "created_at"]),
    (
        "matches",
        &["item_id", "topic", "details", "model", "suppressed"],
    ),
    (
        "alerts",
        &[
            "id",
            "kind",
            "story_id",
            "item_id",
            "topic",
            "payload",
            "created_at",
        ],
    ),
    (
        "messages",
        &[
            "id",
            "sink",
            "kind",
            "topic",
            "since",
            "until",
            "status",
            "attempts",
            "next_attempt_at",
            "last_error",
            "created_at",
            "delivered_at",
        ],
    ),
    (
        "deliveries",
        &[
            "id",
            "alert_id",
            "sink",
            "status",
            "digest",
            "message_id",
            "attempts",
            "next_attempt_at",
            "last_error",
            "created_at",
            "delivered_at",
        ],
    ),
    ("digest_runs", &["sink", "schedule", "last_run"]),
    ("origins", &["origin", "next_start"]),
    (
        "story_updates",
        &["story_id", "sink", "items", "due_at", "last_sent_at"],
    ),
    (
        "verdicts",
        &[
            "id",
            "topic",
            "item_id",
            "alert_id",
            "relevant",
            "note",
            "source",
            "features",
            "created_at",
            "undone_at",
        ],
    ),
    ("settings", &["name", "value"]),
    ("retired_keys", &["hash", "seen_at"]),
    (
        "websub_subscriptions",
        &[
            "feed",
            "topic",
            "hub",
            "callback_id",
            "secret",
            "state",
            "lease_seconds",
            "expires_at",
            "attempts",
            "next_attempt_at",
            "last_error",
            "updated_at",
        ],
    ),
];

/// What is deliberately not copied: which replica leases what (a copy
/// starts with no replicas running). The test below holds `TABLES` to
/// every other column of the SQLite schema.
#[cfg(test)]
const NOT_COPIED: &[(&str, &[&str])] = &[
    ("replicas", &[]),
    ("sink_leases", &[]),
    ("feeds", &["lease_owner", "lease_until"]),
];

/// Tables whose `id` comes from a sequence on PostgreSQL.
const SERIAL: &[&str] = &["feeds", "stories", "items", "deliveries", "verdicts"];

/// Rows copied per table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CopyReport {
    pub tables: Vec<(String, u64)>,
}

impl CopyReport {
    pub fn rows(&self, table: &str) -> u64 {
        self.tables
            .iter()
            .find(|(t, _)| t == table)
            .map_or(0, |(_, n)| *n)
    }
}

/// Copies everything from `source` into `target`, which must be empty.
pub fn copy_sqlite_to_postgres(
    source: &SqliteStore,
    target: &PostgresStore,
) -> Result<CopyReport, StoreError> {
    let mut conn = source.connection();
    let snapshot = conn.transaction().map_err(|e| StoreError::Query {
        action: "begin reading the source",
        reason: e.to_string(),
    })?;
    let read_err = |action: &'static str| {
        move |e: rusqlite::Error| StoreError::Query {
            action,
            reason: e.to_string(),
        }
    };
    target.with_client(|client| {
        let mut tx = client.transaction().context("begin copy")?;
        let used: bool = tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM feeds) OR EXISTS (SELECT 1 FROM alerts)",
                &[],
            )
            .context("check the target is empty")?
            .get(0);
        if used {
            return Err(Fail::Store(StoreError::Query {
                action: "check the target is empty",
                reason: "the PostgreSQL database already has feeds or alerts; migrate into an empty database".into(),
            }));
        }
        let mut report = CopyReport::default();
        for (table, wanted) in TABLES {
            let present: Vec<String> = {
                let mut stmt = snapshot
                    .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
                    .map_err(read_err("read the source schema"))?;
                let names = stmt
                    .query_map([], |row| row.get::<_, String>(0))
                    .map_err(read_err("read the source schema"))?;
                names
                    .collect::<Result<_, _>>()
                    .map_err(read_err("read the source schema"))?
            };
            let columns: Vec<&str> = wanted
                .iter()
                .copied()
                .filter(|c| present.iter().any(|p| p == c))
                .collect();
            if columns.is_empty() {
                report.tables.push(((*table).to_string(), 0));
                continue;
            }
            let list = columns.join(", ");
            let mut writer = tx
                .copy_in(&format!("COPY {table} ({list}) FROM STDIN"))
                .context("start copy")?;
            let mut stmt = snapshot
                .prepare(&format!("SELECT {list} FROM {table}"))
                .map_err(read_err("read the source"))?;
            let mut rows = stmt.query([]).map_err(read_err("read the source"))?;
            let mut n = 0u64;
            let mut line = String::new();
            while let Some(row) = rows.next().map_err(read_err("read the source"))? {
                line.clear();
                for i in 0..columns.len() {
                    if i > 0 {
                        line.push('\t');
                    }
                    let value = row.get_ref(i).map_err(read_err("read the source"))?;
                    copy_field(&mut line, value);
                }
                line.push('\n');
                writer
                    .write_all(line.as_bytes())
                    .map_err(|e| Fail::Store(StoreError::Query {
                        action: "copy rows",
                        reason: e.to_string(),
                    }))?;
                n += 1;
            }
            writer.finish().context("finish copy")?;
            report.tables.push(((*table).to_string(), n));
        }
        let headlines = copy_headline_keys(&snapshot, &mut tx)?;
        if let Some((_, n)) = report.tables.iter_mut().find(|(t, _)| t == "story_keys") {
            *n += headlines;
        }
        for table in SERIAL {
            tx.batch_execute(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            ))
            .context("advance id sequences")?;
        }
        // Ids SQLite's retention forgot at the top of the range are not
        // given again by PostgreSQL's sequences either.
        for floor in id_floor::ALL {
            let table = floor.table;
            tx.execute(
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), value::bigint + 1, false)
                     FROM settings WHERE name = $1
                       AND value::bigint >= COALESCE((SELECT MAX(id) FROM {table}), 0)"
                ),
                &[&floor.setting],
            )
            .context("advance a sequence past forgotten ids")?;
            tx.execute("DELETE FROM settings WHERE name = $1", &[&floor.setting])
                .context("drop an id floor")?;
        }
        tx.commit().context("commit copy")?;
        Ok(report)
    })
}

/// The longest story window (`[stories] window` allows 30 days).
const LONGEST_WINDOW_MS: i64 = 30 * 86_400_000;

/// SQLite keeps the story window's headline keys in memory, made from the
/// items' titles (`sqlite/headlines.rs`), and PostgreSQL in `story_keys`:
/// the keys of the items first seen within the longest window before the
/// newest are made here (the newest item of a headline wins), so the
/// exact-headline rule holds across the move. Returns how many.
fn copy_headline_keys(
    snapshot: &rusqlite::Transaction<'_>,
    tx: &mut postgres::Transaction<'_>,
) -> Result<u64, Fail> {
    tx.batch_execute(
        "CREATE TEMP TABLE headline_copy (key TEXT NOT NULL, story_id BIGINT NOT NULL, created_at BIGINT NOT NULL) ON COMMIT DROP",
    )
    .context("prepare headline keys")?;
    let newest: Option<i64> = snapshot
        .query_row("SELECT MAX(first_seen) FROM items", [], |row| row.get(0))
        .map_err(|e| StoreError::Query {
            action: "read the source's newest item",
            reason: e.to_string(),
        })?;
    let Some(newest) = newest else {
        return Ok(0);
    };
    let mut writer = tx
        .copy_in("COPY headline_copy (key, story_id, created_at) FROM STDIN")
        .context("start copy")?;
    let mut n = 0u64;
    let range = newest.saturating_sub(LONGEST_WINDOW_MS)..newest.saturating_add(1);
    headlines::each_key(snapshot, range, |key, story, first_seen| {
        // The key is `t:` and hex digits: nothing to escape.
        writer
            .write_all(format!("{key}\t{story}\t{first_seen}\n").as_bytes())
            .map_err(|e| StoreError::Query {
                action: "copy headline keys",
                reason: e.to_string(),
            })?;
        n += 1;
        Ok(())
    })?;
    writer.finish().context("finish copy")?;
    tx.batch_execute(
        "INSERT INTO story_keys (key, story_id, created_at)
         SELECT DISTINCT ON (key) key, story_id, created_at FROM headline_copy
         ORDER BY key, created_at DESC
         ON CONFLICT (key) DO UPDATE SET story_id = excluded.story_id, created_at = excluded.created_at
         WHERE excluded.created_at >= story_keys.created_at",
    )
    .context("store headline keys")?;
    Ok(n)
}

/// One field in COPY's text format: `\N` for NULL, text escaped.
fn copy_field(out: &mut String, value: ValueRef<'_>) {
    match value {
        ValueRef::Null => out.push_str("\\N"),
        ValueRef::Integer(i) => out.push_str(&i.to_string()),
        ValueRef::Real(f) => out.push_str(&f.to_string()),
        // bytea's hex input (`\x...`), its backslash escaped for COPY.
        ValueRef::Blob(bytes) => {
            out.push_str("\\\\x");
            for b in bytes {
                out.push_str(&format!("{b:02x}"));
            }
        }
        ValueRef::Text(bytes) => {
            for c in String::from_utf8_lossy(bytes).chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '\t' => out.push_str("\\t"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    // PostgreSQL text cannot hold NUL.
                    '\0' => {}
                    c => out.push(c),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{NOT_COPIED, TABLES};
    use crate::store::sqlite::SqliteStore;

    /// A migration that adds a table or column must add it to the copy too
    /// (or say why not in `NOT_COPIED`): otherwise `migrate` silently loses it.
    #[test]
    fn every_sqlite_column_is_copied() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = SqliteStore::open(&dir.path().join("fw.db")).expect("open");
        let conn = store.connection();
        let mut tables = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .expect("prepare");
        let tables: Vec<String> = tables
            .query_map([], |row| row.get(0))
            .expect("tables")
            .collect::<Result<_, _>>()
            .expect("read tables");
        for table in tables {
            let skipped = NOT_COPIED.iter().find(|(t, _)| *t == table);
            if skipped.is_some_and(|(_, columns)| columns.is_empty()) {
                continue;
            }
            let copied = TABLES
                .iter()
                .find(|(t, _)| *t == table)
                .unwrap_or_else(|| panic!("table `{table}` is not copied to PostgreSQL"));
            let mut columns = conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .expect("prepare");
            let columns: Vec<String> = columns
                .query_map([], |row| row.get(0))
                .expect("columns")
                .collect::<Result<_, _>>()
                .expect("read columns");
            for column in columns {
                let left_out = skipped.is_some_and(|(_, c)| c.contains(&column.as_str()));
                assert!(
                    left_out || copied.1.contains(&column.as_str()),
                    "column `{table}.{column}` is not copied to PostgreSQL"
                );
            }
        }
    }
}
