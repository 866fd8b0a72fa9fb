//! The exact-headline rule's keys (wire copy syndicated word for word joins
//! the story of the same headline seen within the story window), held in an
//! in-memory database attached to the connection instead of a table of the
//! file.
//!
//! Why: a headline key is a hash, so each new item's key lands on a random
//! leaf of its B-tree, and a poll of 35 new items dirtied about 35 pages of
//! it, each written to the WAL at commit: 43% of a first poll's WAL writes
//! (BENCHMARKS.md, issue 14). The keys are only ever looked up within the
//! story window and derive from the items' titles, so the file need not
//! keep them: the table is filled from `items` when a poll first needs it
//! (and again further back if the window grows), and written by each poll
//! inside its transaction, so a rolled-back poll takes its keys with it. One
//! daemon holds a SQLite file, so no other process stores items meanwhile.
//! Memory: about 150 bytes per item first seen within the window (the
//! feed farm of BENCHMARKS.md: 5 MB more for 35,000 items).

use std::sync::atomic::{AtomicI64, Ordering};

use rusqlite::{Connection, params};

use super::Context;
use crate::model::Millis;
use crate::store::StoreError;

/// Calls `f` with the headline key, story and first-seen time of every
/// item first seen in `range` that has one (`dedup::story_key` of its
/// stored title, as `dedup::entry_keys` made it), newest first. Also what
/// `migrate` gives PostgreSQL's `story_keys`.
pub(in crate::store) fn each_key(
    conn: &Connection,
    range: std::ops::Range<Millis>,
    mut f: impl FnMut(&str, i64, Millis) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let mut read = conn
        .prepare_cached(
            "SELECT title, story_id, first_seen FROM items
             WHERE first_seen >= ?1 AND first_seen < ?2
             ORDER BY first_seen DESC, id DESC",
        )
        .context("prepare headline read")?;
    let mut rows = read
        .query(params![range.start, range.end])
        .context("read titles")?;
    while let Some(row) = rows.next().context("read titles")? {
        let title: String = row.get(0).context("read title")?;
        let Some(key) = crate::dedup::story_key(&title) else {
            continue;
        };
        f(
            &key,
            row.get(1).context("read story")?,
            row.get(2).context("read first seen")?,
        )?;
    }
    Ok(())
}

/// How often keys older than the window are dropped.
const PRUNE_EVERY: Millis = 3_600_000;

/// How far back the table is complete, and when it was last pruned.
pub(super) struct Headlines {
    /// Every item first seen at or after this has its key in the table
    /// (`Millis::MAX`: not filled yet).
    from: AtomicI64,
    pruned_at: AtomicI64,
}

impl Headlines {
    pub(super) fn new() -> Headlines {
        Headlines {
            from: AtomicI64::new(Millis::MAX),
            pruned_at: AtomicI64::new(Millis::MIN),
        }
    }

    /// Attaches the in-memory database and creates the table (at open).
    pub(super) fn attach(conn: &Connection) -> rusqlite::Result<()> {
        conn.execute_batch(
            "ATTACH DATABASE ':memory:' AS headlines;
             CREATE TABLE headlines.keys (
                 key TEXT PRIMARY KEY,
                 story_id INTEGER NOT NULL,
                 created_at INTEGER NOT NULL
             ) WITHOUT ROWID;",
        )
    }

    /// Makes the table hold the key of every item first seen at or after
    /// `since` (the newest item of a key wins, as when polls write them),
    /// and drops keys older than that once an hour. Called with the
    /// connection held, before a poll's transaction.
    pub(super) fn cover(&self, conn: &mut Connection, since: Millis) -> Result<(), StoreError> {
        let from = self.from.load(Ordering::SeqCst);
        if since < from {
            let tx = conn.transaction().context("begin headline keys")?;
            {
                let mut write = tx
                    .prepare_cached(
                        "INSERT OR IGNORE INTO headlines.keys (key, story_id, created_at)
                         VALUES (?1, ?2, ?3)",
                    )
                    .context("prepare headline insert")?;
                each_key(&tx, since..from, |key, story, first_seen| {
                    write
                        .execute(params![key, story, first_seen])
                        .context("insert headline key")?;
                    Ok(())
                })?;
            }
            tx.commit().context("commit headline keys")?;
            self.from.store(since, Ordering::SeqCst);
        } else if since.saturating_sub(self.pruned_at.load(Ordering::SeqCst)) >= PRUNE_EVERY {
            conn.execute(
                "DELETE FROM headlines.keys WHERE created_at < ?1",
                params![since],
            )
            .context("prune headline keys")?;
            self.pruned_at.store(since, Ordering::SeqCst);
            // Older items' keys are gone: a wider window reads them again.
            self.from.store(since, Ordering::SeqCst);
        }
        Ok(())
    }
}
