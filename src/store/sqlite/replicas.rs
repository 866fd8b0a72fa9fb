//! Replicas and leases on SQLite. One daemon holds the database (its lock
//! file), so a claim is a simple transaction and politeness stays in the
//! daemon's own limiter; registering frees what a dead daemon left leased.

use super::write_transaction;
use rusqlite::{Connection, OptionalExtension, params};

use super::Context;
use super::feeds::{STATE_COLUMNS, read_state};
use crate::model::{FeedId, Millis};
use crate::store::StoreError;
use crate::store::schedule::{FeedSchedule, Rescheduled, decide};
use crate::store::types::*;

pub(super) fn register(
    conn: &mut Connection,
    replica: &ReplicaInfo,
    now: Millis,
) -> Result<(), StoreError> {
    let tx = write_transaction(conn).context("begin replica registration")?;
    // Whoever held leases before us is dead: we hold the lock file.
    tx.execute(
        "UPDATE feeds SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL",
        [],
    )
    .context("free stale feed leases")?;
    tx.execute("DELETE FROM sink_leases", [])
        .context("free stale sink leases")?;
    tx.execute("DELETE FROM replicas", [])
        .context("forget dead replicas")?;
    upsert(&tx, replica, now)?;
    tx.commit().context("commit replica registration")
}

fn upsert(conn: &Connection, replica: &ReplicaInfo, now: Millis) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO replicas (id, host, pid, version, config_hash, started_at, heartbeat_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at,
                                        config_hash = excluded.config_hash",
    )
    .context("prepare replica upsert")?
    .execute(params![
        replica.id,
        replica.host,
        replica.pid,
        replica.version,
        replica.config_hash,
        replica.started_at,
        now
    ])
    .context("record replica")?;
    Ok(())
}

pub(super) fn heartbeat(
    conn: &mut Connection,
    replica: &ReplicaInfo,
    now: Millis,
    lease: Millis,
) -> Result<Vec<ReplicaStatus>, StoreError> {
    let tx = write_transaction(conn).context("begin heartbeat")?;
    upsert(&tx, replica, now)?;
    tx.execute(
        "UPDATE feeds SET lease_until = ?2 WHERE lease_owner = ?1",
        params![replica.id, now + lease],
    )
    .context("renew feed leases")?;
    tx.execute(
        "UPDATE sink_leases SET lease_until = ?2 WHERE owner = ?1",
        params![replica.id, now + lease],
    )
    .context("renew sink leases")?;
    tx.execute(
        "DELETE FROM replicas WHERE heartbeat_at < ?1",
        [now - 10 * lease],
    )
    .context("forget silent replicas")?;
    let replicas = list(&tx, now, lease)?;
    tx.commit().context("commit heartbeat")?;
    Ok(replicas)
}

pub(super) fn retire(conn: &mut Connection, replica: &str) -> Result<(), StoreError> {
    let tx = write_transaction(conn).context("begin replica retirement")?;
    tx.execute(
        "UPDATE feeds SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?1",
        [replica],
    )
    .context("release feed leases")?;
    tx.execute("DELETE FROM sink_leases WHERE owner = ?1", [replica])
        .context("release sink leases")?;
    tx.execute("DELETE FROM replicas WHERE id = ?1", [replica])
        .context("remove replica")?;
    tx.commit().context("commit replica retirement")
}

pub(super) fn list(
    conn: &Connection,
    now: Millis,
    lease: Millis,
) -> Result<Vec<ReplicaStatus>, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT r.id, r.host, r.pid, r.version, r.config_hash, r.started_at, r.heartbeat_at,
                    (SELECT COUNT(*) FROM feeds f WHERE f.lease_owner = r.id),
                    (SELECT MIN(lease_until) FROM feeds f WHERE f.lease_owner = r.id),
                    (SELECT group_concat(sink, char(31)) FROM
                        (SELECT sink FROM sink_leases s WHERE s.owner = r.id AND s.lease_until >= ?1 ORDER BY sink))
             FROM replicas r ORDER BY r.started_at, r.id",
        )
        .context("prepare replica list")?;
    let rows = stmt
        .query_map([now], |row| {
            let heartbeat_at: Millis = row.get(6)?;
            let sinks: Option<String> = row.get(9)?;
            Ok(ReplicaStatus {
                id: row.get(0)?,
                host: row.get(1)?,
                pid: row.get(2)?,
                version: row.get(3)?,
                config_hash: row.get(4)?,
                started_at: row.get(5)?,
                heartbeat_at,
                live: heartbeat_at >= now - lease,
                leased_feeds: row.get(7)?,
                lease_until: row.get(8)?,
                sinks: sinks
                    .map(|s| s.split('\u{1f}').map(str::to_string).collect())
                    .unwrap_or_default(),
            })
        })
        .context("query replicas")?;
    rows.collect::<Result<Vec<_>, _>>().context("read replicas")
}

pub(super) fn schedule(
    conn: &mut Connection,
    feeds: &[FeedSchedule],
    now: Millis,
    overdue: bool,
) -> Result<Vec<Rescheduled>, StoreError> {
    let tx = write_transaction(conn).context("begin scheduling")?;
    let mut moved = Vec::new();
    {
        let mut read = tx
            .prepare_cached(
                "SELECT next_poll_at, schedule_settings FROM feeds
                 WHERE name = ?1 AND disabled IS NULL AND lease_owner IS NULL",
            )
            .context("prepare scheduling")?;
        let mut write = tx
            .prepare_cached(
                "UPDATE feeds SET next_poll_at = ?2, schedule_settings = ?3 WHERE name = ?1",
            )
            .context("prepare scheduling")?;
        let mut settle = tx
            .prepare_cached(
                "UPDATE feeds SET schedule_settings = ?2
                 WHERE name = ?1 AND schedule_settings IS NOT ?2",
            )
            .context("prepare scheduling")?;
        for want in feeds {
            let found: Option<(Option<Millis>, Option<String>)> = read
                .query_row([&want.name], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()
                .context("read feed schedule")?;
            let Some((next, stored)) = found else {
                continue;
            };
            match decide(next, stored.as_deref(), want, now, overdue) {
                Some((to, change)) => {
                    write
                        .execute(params![want.name, to, want.settings])
                        .context("schedule feed")?;
                    moved.push(Rescheduled {
                        name: want.name.clone(),
                        change,
                        from: next,
                        to,
                    });
                }
                None => {
                    settle
                        .execute(params![want.name, want.settings])
                        .context("record schedule settings")?;
                }
            }
        }
    }
    tx.commit().context("commit scheduling")?;
    Ok(moved)
}

pub(super) fn claim(conn: &mut Connection, claim: &FeedClaim) -> Result<Claimed, StoreError> {
    let tx = write_transaction(conn).context("begin claim")?;
    let mut claimed = Claimed::default();
    if claim.limit > 0 {
        let mut stmt = tx
            .prepare_cached(&format!(
                "UPDATE feeds SET lease_owner = ?1, lease_until = ?2
                 WHERE id IN (
                    SELECT id FROM feeds
                    WHERE retired = 0 AND disabled IS NULL AND next_poll_at <= ?3
                      AND (lease_owner IS NULL OR lease_until < ?3)
                      AND id NOT IN (SELECT value FROM json_each(?5))
                    ORDER BY (lease_owner IS NOT NULL) DESC, next_poll_at LIMIT ?4)
                 RETURNING {STATE_COLUMNS}"
            ))
            .context("prepare claim")?;
        let exclude = serde_json::to_string(&claim.exclude.iter().map(|f| f.0).collect::<Vec<_>>())
            .unwrap_or_else(|_| "[]".to_string());
        let rows = stmt
            .query_map(
                params![
                    claim.replica,
                    claim.now + claim.lease,
                    claim.now,
                    claim.limit as i64,
                    exclude
                ],
                read_state,
            )
            .context("claim feeds")?;
        claimed.feeds = rows.collect::<Result<Vec<_>, _>>().context("read claim")?;
        claimed.feeds.sort_by_key(|f| (f.next_poll_at, f.id.0));
    }
    claimed.next_due = tx
        .prepare_cached(
            "SELECT MIN(next_poll_at) FROM feeds
             WHERE retired = 0 AND disabled IS NULL AND lease_owner IS NULL",
        )
        .context("prepare next due")?
        .query_row([], |row| row.get(0))
        .context("query next due")?;
    tx.commit().context("commit claim")?;
    Ok(claimed)
}

pub(super) fn release(
    conn: &Connection,
    feed: FeedId,
    replica: &str,
    next_poll_at: Option<Millis>,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE feeds SET lease_owner = NULL, lease_until = NULL,
                          next_poll_at = COALESCE(?3, next_poll_at)
         WHERE id = ?1 AND lease_owner = ?2",
    )
    .context("prepare release")?
    .execute(params![feed, replica, next_poll_at])
    .context("release feed")?;
    Ok(())
}

pub(super) fn claim_sinks(
    conn: &mut Connection,
    replica: &str,
    sinks: &[String],
    now: Millis,
    lease: Millis,
) -> Result<Vec<String>, StoreError> {
    let tx = write_transaction(conn).context("begin sink claim")?;
    let mut held = Vec::new();
    {
        let mut stmt = tx
            .prepare_cached(
                "INSERT INTO sink_leases (sink, owner, lease_until) VALUES (?1, ?2, ?3)
                 ON CONFLICT (sink) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
                 WHERE sink_leases.owner = excluded.owner OR sink_leases.lease_until < ?4",
            )
            .context("prepare sink claim")?;
        for sink in sinks {
            if stmt
                .execute(params![sink, replica, now + lease, now])
                .context("claim sink")?
                > 0
            {
                held.push(sink.clone());
            }
        }
    }
    tx.commit().context("commit sink claim")?;
    Ok(held)
}
