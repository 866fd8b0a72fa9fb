//! Retention on SQLite: one batch of forgettable stories per transaction
//! (what may be forgotten: `store/retention.rs`).

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::{Context, id_floor, write_transaction};
use crate::store::StoreError;
use crate::store::retention::{Prune, PruneReport, delivery_waits_sql, retired_key};

/// Retired keys dropped per call at most, for each story of the batch.
const EXPIRED_KEYS_PER_STORY: usize = 8;

pub(super) fn prune(conn: &mut Connection, prune: &Prune) -> Result<PruneReport, StoreError> {
    let tx = write_transaction(conn).context("begin prune")?;
    let report = prune_in(&tx, prune)?;
    tx.commit().context("commit prune")?;
    Ok(report)
}

fn prune_in(tx: &Transaction, prune: &Prune) -> Result<PruneReport, StoreError> {
    let mut report = PruneReport::default();
    // Created once per connection; emptied for each batch. Temporary, so
    // nothing of it outlives the connection or reaches the database file.
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS prune_stories (id INTEGER PRIMARY KEY);
         CREATE TEMP TABLE IF NOT EXISTS prune_items (id INTEGER PRIMARY KEY);
         CREATE TEMP TABLE IF NOT EXISTS prune_kept (id INTEGER PRIMARY KEY);
         CREATE TEMP TABLE IF NOT EXISTS prune_alerts (id TEXT PRIMARY KEY);
         DELETE FROM temp.prune_stories;
         DELETE FROM temp.prune_items;
         DELETE FROM temp.prune_kept;
         DELETE FROM temp.prune_alerts;",
    )
    .context("prepare prune tables")?;
    // Stories kept whatever their age: those of the topics' example items
    // and of every verdict (the models learn from them).
    {
        let mut kept = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO temp.prune_kept (id) SELECT story_id FROM items WHERE id = ?1",
            )
            .context("prepare kept stories")?;
        for item in &prune.keep_items {
            kept.execute([item.0]).context("keep an example's story")?;
        }
    }
    tx.execute_batch(
        "INSERT OR IGNORE INTO temp.prune_kept (id)
             SELECT i.story_id FROM verdicts v JOIN items i ON i.id = v.item_id;
         INSERT OR IGNORE INTO temp.prune_kept (id)
             SELECT a.story_id FROM verdicts v JOIN alerts a ON a.id = v.alert_id
             WHERE a.story_id IS NOT NULL;",
    )
    .context("keep the stories of verdicts")?;
    let chosen = tx
        .prepare_cached(concat!(
            "INSERT INTO temp.prune_stories (id)
             SELECT s.id FROM stories s
             WHERE s.id > ?1 AND s.created_at < ?2
               AND s.id NOT IN (SELECT id FROM temp.prune_kept)
               AND NOT EXISTS (SELECT 1 FROM items i WHERE i.story_id = s.id AND i.first_seen >= ?2)
               AND NOT EXISTS (
                   SELECT 1 FROM alerts a WHERE a.story_id = s.id
                   AND (a.created_at >= ?2 OR ",
            delivery_waits_sql!(),
            "))
               AND NOT EXISTS (
                   SELECT 1 FROM story_updates u WHERE u.story_id = s.id AND u.items <> '[]')
             ORDER BY s.id LIMIT ?3"
        ))
        .context("prepare prune candidates")?
        .execute(params![prune.after_story, prune.cutoff, prune.batch as i64])
        .context("choose stories to forget")?;
    if chosen == prune.batch {
        report.next_after = Some(
            tx.query_row("SELECT max(id) FROM temp.prune_stories", [], |r| r.get(0))
                .context("read the batch's last story")?,
        );
    }
    tx.execute(
        "INSERT INTO temp.prune_items (id)
         SELECT i.id FROM items i WHERE i.story_id IN (SELECT id FROM temp.prune_stories)",
        [],
    )
    .context("list items to forget")?;
    tx.execute(
        "INSERT INTO temp.prune_alerts (id)
         SELECT id FROM alerts WHERE story_id IN (SELECT id FROM temp.prune_stories)",
        [],
    )
    .context("list alerts to forget")?;
    // Feed health alerts belong to no story: forgotten by age once sent.
    tx.execute(
        concat!(
            "INSERT OR IGNORE INTO temp.prune_alerts (id)
             SELECT a.id FROM alerts a
             WHERE a.story_id IS NULL AND a.created_at < ?1
               AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.alert_id = a.id)
               AND NOT ",
            delivery_waits_sql!(),
            " LIMIT ?2"
        ),
        params![prune.cutoff, prune.batch as i64],
    )
    .context("list health alerts to forget")?;
    report.retired_keys = retire_keys(tx, prune.now)?;
    let (newest_item, newest_delivery) = (
        id_floor::ITEMS.newest(tx)?,
        id_floor::DELIVERIES.newest(tx)?,
    );
    // Children before parents (the schema's foreign keys are enforced).
    for (sql, action) in [
        (
            "DELETE FROM item_keys WHERE item_id IN (SELECT id FROM temp.prune_items)",
            "forget item keys",
        ),
        (
            "DELETE FROM matches WHERE item_id IN (SELECT id FROM temp.prune_items)",
            "forget matches",
        ),
        (
            "DELETE FROM deliveries WHERE alert_id IN (SELECT id FROM temp.prune_alerts)",
            "forget deliveries",
        ),
        (
            "DELETE FROM story_updates WHERE story_id IN (SELECT id FROM temp.prune_stories)",
            "forget story updates",
        ),
        (
            "DELETE FROM story_keys WHERE story_id IN (SELECT id FROM temp.prune_stories)",
            "forget story keys",
        ),
    ] {
        tx.execute(sql, []).context(action)?;
    }
    report.alerts = tx
        .execute(
            "DELETE FROM alerts WHERE id IN (SELECT id FROM temp.prune_alerts)",
            [],
        )
        .context("forget alerts")?;
    report.items = tx
        .execute(
            "DELETE FROM items WHERE id IN (SELECT id FROM temp.prune_items)",
            [],
        )
        .context("forget items")?;
    // Had the newest items or deliveries gone, SQLite would give their ids
    // again.
    id_floor::ITEMS.forgot(tx, newest_item)?;
    id_floor::DELIVERIES.forgot(tx, newest_delivery)?;
    report.stories = tx
        .execute(
            "DELETE FROM stories WHERE id IN (SELECT id FROM temp.prune_stories)",
            [],
        )
        .context("forget stories")?;
    // Digests and summaries, once sent (or given up) and carrying nothing
    // kept.
    report.messages = tx
        .execute(
            "DELETE FROM messages WHERE id IN (
                 SELECT m.id FROM messages m
                 WHERE m.status IN ('delivered', 'failed') AND m.created_at < ?1
                   AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id)
                 LIMIT ?2)",
            params![prune.cutoff, prune.batch as i64],
        )
        .context("forget messages")?;
    let expire_limit = prune.batch.saturating_mul(EXPIRED_KEYS_PER_STORY);
    report.expired_keys = tx
        .execute(
            "DELETE FROM retired_keys WHERE hash IN (
                 SELECT hash FROM retired_keys WHERE seen_at < ?1 LIMIT ?2)",
            params![prune.cutoff, expire_limit as i64],
        )
        .context("drop retired keys")?;
    if report.expired_keys == expire_limit && report.next_after.is_none() {
        // More to drop: the pass goes on (the stories are all done).
        report.next_after = Some(i64::MAX);
    }
    Ok(report)
}

/// Keeps the keys of the items about to be forgotten as retired keys.
fn retire_keys(tx: &Transaction, now: i64) -> Result<usize, StoreError> {
    let keys: Vec<String> = tx
        .prepare("SELECT key FROM item_keys WHERE item_id IN (SELECT id FROM temp.prune_items)")
        .context("prepare keys to retire")?
        .query_map([], |row| row.get(0))
        .context("read keys to retire")?
        .collect::<Result<_, _>>()
        .context("read keys to retire")?;
    let mut insert = tx
        .prepare_cached(
            "INSERT INTO retired_keys (hash, seen_at) VALUES (?1, ?2)
             ON CONFLICT (hash) DO UPDATE SET seen_at = max(seen_at, excluded.seen_at)",
        )
        .context("prepare key retirement")?;
    for key in &keys {
        insert
            .execute(params![&retired_key(key)[..], now])
            .context("retire a key")?;
    }
    Ok(keys.len())
}

/// Whether any key is retired at all.
pub(super) fn any_retired(tx: &Transaction) -> Result<bool, StoreError> {
    tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM retired_keys)")
        .context("prepare retired keys check")?
        .query_row([], |row| row.get(0))
        .context("check for retired keys")
}

/// Whether any of `keys` is retired (its item forgotten). When one is,
/// the entry's keys are renewed if a day old (see `RENEW_AFTER`) and its
/// other keys retired too, so a forgotten item that changed its GUID stays
/// known by its new one; a sighting with every key fresh writes nothing.
pub(super) fn seen_retired(
    tx: &Transaction,
    keys: &[String],
    now: i64,
) -> Result<bool, StoreError> {
    let hashes: Vec<[u8; 16]> = keys.iter().map(|k| retired_key(k)).collect();
    let mut found = false;
    let mut stale = false;
    {
        let mut lookup = tx
            .prepare_cached("SELECT seen_at FROM retired_keys WHERE hash = ?1")
            .context("prepare retired key lookup")?;
        for hash in &hashes {
            let seen_at: Option<i64> = lookup
                .query_row([&hash[..]], |row| row.get(0))
                .optional()
                .context("look up a retired key")?;
            match seen_at {
                Some(at) => {
                    found = true;
                    stale |= at < now - crate::store::RENEW_AFTER;
                }
                None => stale = true,
            }
        }
    }
    if !found || !stale {
        return Ok(found);
    }
    let mut renew = tx
        .prepare_cached(
            "INSERT INTO retired_keys (hash, seen_at) VALUES (?1, ?2)
             ON CONFLICT (hash) DO UPDATE SET seen_at = excluded.seen_at
             WHERE seen_at < excluded.seen_at - ?3",
        )
        .context("prepare retired key renewal")?;
    for hash in &hashes {
        renew
            .execute(params![&hash[..], now, crate::store::RENEW_AFTER])
            .context("renew a retired key")?;
    }
    Ok(true)
}
