//! Replicas and leases on PostgreSQL: how replicas share the work with no
//! coordinator but the database.
//!
//! * A claim locks due, unleased feeds with `FOR UPDATE SKIP LOCKED` (two
//!   replicas claiming at once get different feeds, neither waits), then
//!   the `origins` rows of their origins, also `SKIP LOCKED`: an origin is
//!   claimed by one replica at a time, which counts its feeds leased by
//!   everyone and keeps per-origin concurrency and spacing across replicas.
//! * Leases expire: a replica that stops heartbeating loses its feeds and
//!   sink queues within one lease period; a late poll of a feed someone
//!   else has taken is refused (`record_poll`).

use std::collections::HashMap;

use postgres::GenericClient;

use super::feeds::{read_state, state_columns};
use super::{Context, Fail, Sql};
use crate::model::{FeedId, Millis};
use crate::store::schedule::{FeedSchedule, Rescheduled, decide};
use crate::store::types::*;

pub(super) fn upsert<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    replica: &ReplicaInfo,
    now: Millis,
) -> Result<(), Fail> {
    sql.execute(
        "INSERT INTO replicas (id, host, pid, version, config_hash, started_at, heartbeat_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at,
                                        config_hash = excluded.config_hash",
        &[
            &replica.id,
            &replica.host,
            &i64::from(replica.pid),
            &replica.version,
            &replica.config_hash,
            &replica.started_at,
            &now,
        ],
    )
    .context("record replica")?;
    Ok(())
}

pub(super) fn heartbeat<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    replica: &ReplicaInfo,
    now: Millis,
    lease: Millis,
) -> Result<Vec<ReplicaStatus>, Fail> {
    upsert(sql, replica, now)?;
    let until = now + lease;
    sql.execute(
        "UPDATE feeds SET lease_until = $2 WHERE lease_owner = $1",
        &[&replica.id, &until],
    )
    .context("renew feed leases")?;
    sql.execute(
        "UPDATE sink_leases SET lease_until = $2 WHERE owner = $1",
        &[&replica.id, &until],
    )
    .context("renew sink leases")?;
    sql.execute(
        "DELETE FROM replicas WHERE heartbeat_at < $1",
        &[&(now - 10 * lease)],
    )
    .context("forget silent replicas")?;
    list(sql, now, lease)
}

pub(super) fn retire<C: GenericClient>(sql: &mut Sql<'_, C>, replica: &str) -> Result<(), Fail> {
    sql.execute(
        "UPDATE feeds SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1",
        &[&replica],
    )
    .context("release feed leases")?;
    sql.execute("DELETE FROM sink_leases WHERE owner = $1", &[&replica])
        .context("release sink leases")?;
    sql.execute("DELETE FROM replicas WHERE id = $1", &[&replica])
        .context("remove replica")?;
    Ok(())
}

pub(super) fn list<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    now: Millis,
    lease: Millis,
) -> Result<Vec<ReplicaStatus>, Fail> {
    sql.query(
        "SELECT r.id, r.host, r.pid, r.version, r.config_hash, r.started_at, r.heartbeat_at,
                (SELECT COUNT(*) FROM feeds f WHERE f.lease_owner = r.id),
                (SELECT MIN(lease_until) FROM feeds f WHERE f.lease_owner = r.id),
                ARRAY(SELECT sink FROM sink_leases s WHERE s.owner = r.id AND s.lease_until >= $1 ORDER BY sink)
         FROM replicas r ORDER BY r.started_at, r.id",
        &[&now],
    )
    .context("query replicas")?
    .iter()
    .map(|row| {
        let get = |e| Fail::Pg("read replicas", e);
        let heartbeat_at: Millis = row.try_get(6).map_err(get)?;
        let pid: i64 = row.try_get(2).map_err(get)?;
        Ok(ReplicaStatus {
            id: row.try_get(0).map_err(get)?,
            host: row.try_get(1).map_err(get)?,
            pid: u32::try_from(pid).unwrap_or_default(),
            version: row.try_get(3).map_err(get)?,
            config_hash: row.try_get(4).map_err(get)?,
            started_at: row.try_get(5).map_err(get)?,
            heartbeat_at,
            live: heartbeat_at >= now - lease,
            leased_feeds: row.try_get(7).map_err(get)?,
            lease_until: row.try_get(8).map_err(get)?,
            sinks: row.try_get(9).map_err(get)?,
        })
    })
    .collect()
}

pub(super) fn schedule<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    feeds: &[FeedSchedule],
    now: Millis,
    overdue: bool,
) -> Result<Vec<Rescheduled>, Fail> {
    let names: Vec<&str> = feeds.iter().map(|f| f.name.as_str()).collect();
    let current: HashMap<String, (Option<Millis>, Option<String>)> = sql
        .query(
            "SELECT name, next_poll_at, schedule_settings FROM feeds
             WHERE name = ANY($1) AND disabled IS NULL
               AND (lease_owner IS NULL OR lease_until < $2)
             FOR UPDATE",
            &[&names, &now],
        )
        .context("read feed schedules")?
        .iter()
        .map(|row| Ok((row.try_get(0)?, (row.try_get(1)?, row.try_get(2)?))))
        .collect::<Result<_, postgres::Error>>()
        .context("read feed schedules")?;
    let mut moved = Vec::new();
    let (mut update_names, mut update_next, mut update_settings) = (vec![], vec![], vec![]);
    for want in feeds {
        let Some((next, stored)) = current.get(&want.name) else {
            continue;
        };
        let to = match decide(*next, stored.as_deref(), want, now, overdue) {
            Some((to, change)) => {
                moved.push(Rescheduled {
                    name: want.name.clone(),
                    change,
                    from: *next,
                    to,
                });
                Some(to)
            }
            None if stored.as_deref() == Some(want.settings.as_str()) => continue,
            None => *next,
        };
        update_names.push(want.name.as_str());
        update_next.push(to);
        update_settings.push(want.settings.as_str());
    }
    if !update_names.is_empty() {
        sql.execute(
            "UPDATE feeds f SET next_poll_at = v.next, schedule_settings = v.settings
             FROM unnest($1::text[], $2::bigint[], $3::text[]) AS v(name, next, settings)
             WHERE f.name = v.name",
            &[&update_names, &update_next, &update_settings],
        )
        .context("schedule feeds")?;
    }
    Ok(moved)
}

pub(super) fn claim<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    claim: &FeedClaim,
) -> Result<Claimed, Fail> {
    let mut claimed = Claimed::default();
    if claim.limit > 0 {
        let exclude: Vec<i64> = claim.exclude.iter().map(|f| f.0).collect();
        // Look further than the limit: feeds of a busy origin are skipped.
        let scan = (claim.limit * 4).max(16) as i64;
        let candidates: Vec<(i64, Option<String>)> = sql
            .query(
                "SELECT id, origin FROM feeds
                 WHERE retired = 0 AND disabled IS NULL AND next_poll_at <= $1
                   AND (lease_owner IS NULL OR lease_until < $1)
                   AND NOT (id = ANY($3))
                 -- A dead replica's feeds first: they are the most overdue.
                 ORDER BY (lease_owner IS NOT NULL) DESC, next_poll_at LIMIT $2
                 FOR UPDATE SKIP LOCKED",
                &[&claim.now, &scan, &exclude],
            )
            .context("find due feeds")?
            .iter()
            .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
            .collect::<Result<_, postgres::Error>>()
            .context("read due feeds")?;
        let mut origins: Vec<&str> = candidates
            .iter()
            .filter_map(|(_, o)| o.as_deref())
            .collect();
        origins.sort_unstable();
        origins.dedup();
        // Origins another replica is claiming right now are skipped: its
        // count of their leases would be stale for us.
        let mut slots: HashMap<String, (i64, Millis)> = HashMap::new();
        if !origins.is_empty() {
            for row in sql
                .query(
                    "SELECT o.origin, o.next_start,
                            (SELECT COUNT(*) FROM feeds f
                             WHERE f.origin = o.origin AND f.lease_owner IS NOT NULL AND f.lease_until >= $2)
                     FROM origins o WHERE o.origin = ANY($1)
                     FOR UPDATE OF o SKIP LOCKED",
                    &[&origins, &claim.now],
                )
                .context("lock origins")?
            {
                let get = |e| Fail::Pg("read origins", e);
                slots.insert(
                    row.try_get(0).map_err(get)?,
                    (row.try_get(2).map_err(get)?, row.try_get(1).map_err(get)?),
                );
            }
        }
        let mut chosen: Vec<i64> = Vec::new();
        let mut started: HashMap<String, Millis> = HashMap::new();
        for (id, origin) in &candidates {
            if chosen.len() >= claim.limit {
                break;
            }
            match origin {
                // `file:` feeds have no origin and no politeness.
                None => chosen.push(*id),
                Some(origin) => {
                    let Some((leased, next_start)) = slots.get_mut(origin.as_str()) else {
                        continue;
                    };
                    if *leased >= claim.per_origin as i64 || *next_start > claim.now {
                        continue;
                    }
                    *leased += 1;
                    if claim.origin_spacing > 0 {
                        *next_start = claim.now + claim.origin_spacing;
                        started.insert(origin.clone(), *next_start);
                    }
                    chosen.push(*id);
                }
            }
        }
        if !started.is_empty() {
            let (names, starts): (Vec<String>, Vec<Millis>) = started.into_iter().unzip();
            sql.execute(
                "UPDATE origins o SET next_start = v.next_start
                 FROM unnest($1::text[], $2::bigint[]) AS v(origin, next_start)
                 WHERE o.origin = v.origin",
                &[&names, &starts],
            )
            .context("space origins")?;
        }
        if !chosen.is_empty() {
            let rows = sql
                .query(
                    concat!(
                        "UPDATE feeds SET lease_owner = $1, lease_until = $2 WHERE id = ANY($3) RETURNING ",
                        state_columns!()
                    ),
                    &[&claim.replica, &(claim.now + claim.lease), &chosen],
                )
                .context("lease feeds")?;
            claimed.feeds = rows.iter().map(read_state).collect::<Result<_, _>>()?;
            claimed.feeds.sort_by_key(|f| (f.next_poll_at, f.id.0));
        }
    }
    claimed.next_due = sql
        .query_one(
            "SELECT MIN(next_poll_at) FROM feeds
             WHERE retired = 0 AND disabled IS NULL AND (lease_owner IS NULL OR lease_until < $1)",
            &[&claim.now],
        )
        .context("query next due")?
        .try_get(0)
        .context("read next due")?;
    Ok(claimed)
}

pub(super) fn release<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    feed: FeedId,
    replica: &str,
    next_poll_at: Option<Millis>,
) -> Result<(), Fail> {
    sql.execute(
        "UPDATE feeds SET lease_owner = NULL, lease_until = NULL,
                          next_poll_at = COALESCE($3, next_poll_at)
         WHERE id = $1 AND lease_owner = $2",
        &[&feed.0, &replica, &next_poll_at],
    )
    .context("release feed")?;
    Ok(())
}

pub(super) fn claim_sinks<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    replica: &str,
    sinks: &[String],
    now: Millis,
    lease: Millis,
) -> Result<Vec<String>, Fail> {
    if sinks.is_empty() {
        return Ok(Vec::new());
    }
    sql.query(
        "INSERT INTO sink_leases (sink, owner, lease_until)
         SELECT s, $2, $3 FROM unnest($1::text[]) AS s
         ON CONFLICT (sink) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
         WHERE sink_leases.owner = excluded.owner OR sink_leases.lease_until < $4
         RETURNING sink",
        &[&sinks, &replica, &(now + lease), &now],
    )
    .context("claim sinks")?
    .iter()
    .map(|row| row.try_get(0).context("read sinks"))
    .collect()
}
