//! Retention on PostgreSQL, as `sqlite/prune.rs`: one batch of
//! forgettable stories per transaction, by one replica at a time.

use std::collections::{BTreeSet, HashSet};

use postgres::GenericClient;

use super::{Context, Fail, Sql};
use crate::store::retention::{Prune, PruneReport, delivery_waits_sql, retired_key};

/// The advisory lock key of retention ("feedprun" in ASCII): replicas
/// pruning at the same time would only wait on each other's rows.
const PRUNE_LOCK: i64 = 0x6665_6564_7072_756e;

/// Retired keys dropped per call at most, for each story of the batch.
const EXPIRED_KEYS_PER_STORY: i64 = 8;

pub(super) fn prune<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    prune: &Prune,
) -> Result<PruneReport, Fail> {
    let mut report = PruneReport::default();
    let locked: bool = sql
        .query_one("SELECT pg_try_advisory_xact_lock($1)", &[&PRUNE_LOCK])
        .context("take the retention lock")?
        .try_get(0)
        .context("take the retention lock")?;
    if !locked {
        // Another replica is pruning; its pass covers ours.
        return Ok(report);
    }
    let keep_items: Vec<i64> = prune.keep_items.iter().map(|i| i.0).collect();
    let batch = prune.batch as i64;
    let stories: Vec<i64> = sql
        .query(
            concat!(
                "SELECT s.id FROM stories s
                 WHERE s.id > $1 AND s.created_at < $2
                   AND NOT EXISTS (
                       SELECT 1 FROM items i WHERE i.story_id = s.id
                       AND (i.first_seen >= $2 OR i.id = ANY($4)
                            OR EXISTS (SELECT 1 FROM verdicts v WHERE v.item_id = i.id)))
                   AND NOT EXISTS (
                       SELECT 1 FROM alerts a WHERE a.story_id = s.id
                       AND (a.created_at >= $2
                            OR EXISTS (SELECT 1 FROM verdicts v WHERE v.alert_id = a.id)
                            OR ",
                delivery_waits_sql!(),
                "))
                   AND NOT EXISTS (
                       SELECT 1 FROM story_updates u WHERE u.story_id = s.id AND u.items <> '[]')
                 ORDER BY s.id LIMIT $3"
            ),
            &[&prune.after_story, &prune.cutoff, &batch, &keep_items],
        )
        .context("choose stories to forget")?
        .iter()
        .map(|row| row.try_get(0).context("read story"))
        .collect::<Result<_, _>>()?;
    if stories.len() == prune.batch {
        report.next_after = stories.last().copied();
    }
    let items: Vec<i64> = sql
        .query("SELECT id FROM items WHERE story_id = ANY($1)", &[&stories])
        .context("list items to forget")?
        .iter()
        .map(|row| row.try_get(0).context("read item"))
        .collect::<Result<_, _>>()?;
    let mut alerts: Vec<String> = sql
        .query(
            "SELECT id FROM alerts WHERE story_id = ANY($1)",
            &[&stories],
        )
        .context("list alerts to forget")?
        .iter()
        .map(|row| row.try_get(0).context("read alert"))
        .collect::<Result<_, _>>()?;
    // Feed health alerts belong to no story: forgotten by age once sent.
    for row in sql
        .query(
            concat!(
                "SELECT a.id FROM alerts a
                 WHERE a.story_id IS NULL AND a.created_at < $1
                   AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.alert_id = a.id)
                   AND NOT ",
                delivery_waits_sql!(),
                " LIMIT $2"
            ),
            &[&prune.cutoff, &batch],
        )
        .context("list health alerts to forget")?
    {
        alerts.push(row.try_get(0).context("read alert")?);
    }
    let keys: Vec<String> = sql
        .query(
            "SELECT key FROM item_keys WHERE item_id = ANY($1)",
            &[&items],
        )
        .context("read keys to retire")?
        .iter()
        .map(|row| row.try_get(0).context("read key"))
        .collect::<Result<_, _>>()?;
    sql.execute(
        "INSERT INTO retired_keys (hash, seen_at) SELECT unnest($1::bytea[]), $2
         ON CONFLICT (hash) DO UPDATE SET seen_at = GREATEST(retired_keys.seen_at, excluded.seen_at)",
        &[&unique_hashes(&keys), &prune.now],
    )
    .context("retire keys")?;
    report.retired_keys = keys.len();
    // Children before parents (the schema's foreign keys).
    sql.execute("DELETE FROM item_keys WHERE item_id = ANY($1)", &[&items])
        .context("forget item keys")?;
    sql.execute("DELETE FROM matches WHERE item_id = ANY($1)", &[&items])
        .context("forget matches")?;
    sql.execute(
        "DELETE FROM deliveries WHERE alert_id = ANY($1)",
        &[&alerts],
    )
    .context("forget deliveries")?;
    sql.execute(
        "DELETE FROM story_updates WHERE story_id = ANY($1)",
        &[&stories],
    )
    .context("forget story updates")?;
    sql.execute(
        "DELETE FROM story_keys WHERE story_id = ANY($1)",
        &[&stories],
    )
    .context("forget story keys")?;
    report.alerts = sql
        .execute("DELETE FROM alerts WHERE id = ANY($1)", &[&alerts])
        .context("forget alerts")? as usize;
    report.items = sql
        .execute("DELETE FROM items WHERE id = ANY($1)", &[&items])
        .context("forget items")? as usize;
    report.stories = sql
        .execute("DELETE FROM stories WHERE id = ANY($1)", &[&stories])
        .context("forget stories")? as usize;
    report.messages = sql
        .execute(
            "DELETE FROM messages WHERE id IN (
                 SELECT m.id FROM messages m
                 WHERE m.status IN ('delivered', 'failed') AND m.created_at < $1
                   AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id)
                 LIMIT $2)",
            &[&prune.cutoff, &batch],
        )
        .context("forget messages")? as usize;
    let expire_limit = batch.saturating_mul(EXPIRED_KEYS_PER_STORY);
    report.expired_keys = sql
        .execute(
            "DELETE FROM retired_keys WHERE hash IN (
                 SELECT hash FROM retired_keys WHERE seen_at < $1 LIMIT $2)",
            &[&prune.cutoff, &expire_limit],
        )
        .context("drop retired keys")? as usize;
    if report.expired_keys as i64 == expire_limit && report.next_after.is_none() {
        // More to drop: the pass goes on (the stories are all done).
        report.next_after = Some(i64::MAX);
    }
    Ok(report)
}

/// Which of `keys` are retired (their items forgotten), in one round trip.
pub(super) fn retired<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    keys: &[&str],
) -> Result<HashSet<String>, Fail> {
    if keys.is_empty() {
        return Ok(HashSet::new());
    }
    let hashes: Vec<Vec<u8>> = keys.iter().map(|k| retired_key(k).to_vec()).collect();
    let found: HashSet<Vec<u8>> = sql
        .query(
            "SELECT hash FROM retired_keys WHERE hash = ANY($1)",
            &[&hashes],
        )
        .context("look up retired keys")?
        .iter()
        .map(|row| row.try_get(0).context("read retired key"))
        .collect::<Result<_, _>>()?;
    Ok(keys
        .iter()
        .zip(&hashes)
        .filter(|(_, h)| found.contains(*h))
        .map(|(k, _)| (*k).to_string())
        .collect())
}

/// Renews retired keys seen again (at most once a day) and retires the
/// other keys of their entries (a forgotten item's new GUID).
pub(super) fn renew<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    keys: &[String],
    now: i64,
) -> Result<(), Fail> {
    if keys.is_empty() {
        return Ok(());
    }
    sql.execute(
        "INSERT INTO retired_keys (hash, seen_at) SELECT unnest($1::bytea[]), $2
         ON CONFLICT (hash) DO UPDATE SET seen_at = excluded.seen_at
         WHERE retired_keys.seen_at < excluded.seen_at - $3",
        &[&unique_hashes(keys), &now, &crate::store::RENEW_AFTER],
    )
    .context("renew retired keys")?;
    Ok(())
}

/// The retired forms of `keys`, each once: an `INSERT ... ON CONFLICT`
/// may touch a row only once per statement.
fn unique_hashes(keys: &[String]) -> Vec<Vec<u8>> {
    keys.iter()
        .map(|k| retired_key(k).to_vec())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}
