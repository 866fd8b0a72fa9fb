//! The `feeds` table on PostgreSQL, and the poll record (see
//! `sqlite/feeds.rs` for the semantics, which are the same).

use postgres::{GenericClient, Row};

use super::{Context, Fail, Sql, key_of};
use super::{ingest, items};
use crate::model::{FeedId, IncidentKind, Millis, ScheduleHints};
use crate::store::StoreError;
use crate::store::types::*;

/// The columns `read_state` reads, in order (as a SQL fragment).
macro_rules! state_columns {
    () => {
        "id, name, url, moved_to, disabled, etag, last_modified, first_polled_at, last_success_at,
         last_new_item_at, next_poll_at, consecutive_failures, hints, incident, incident_since,
         created_at, last_error"
    };
}
pub(super) use state_columns;

pub(super) fn read_state(row: &Row) -> Result<FeedState, Fail> {
    let hints: String = row.try_get(12).context("read feed hints")?;
    let incident = key_of(
        row.try_get(13).context("read incident")?,
        IncidentKind::from_key,
    )?;
    let since: Option<Millis> = row.try_get(14).context("read incident time")?;
    Ok(FeedState {
        id: FeedId(row.try_get(0).context("read feed id")?),
        name: row.try_get(1).context("read feed name")?,
        url: row.try_get(2).context("read feed url")?,
        moved_to: row.try_get(3).context("read feed move")?,
        disabled: row.try_get(4).context("read feed state")?,
        etag: row.try_get(5).context("read feed state")?,
        last_modified: row.try_get(6).context("read feed state")?,
        first_polled_at: row.try_get(7).context("read feed state")?,
        last_success_at: row.try_get(8).context("read feed state")?,
        last_new_item_at: row.try_get(9).context("read feed state")?,
        next_poll_at: row.try_get(10).context("read feed state")?,
        consecutive_failures: row.try_get(11).context("read feed state")?,
        // Hints are ours, written by serde; a bad value only loses hints.
        hints: serde_json::from_str(&hints).unwrap_or_default(),
        incident: incident.map(|kind| Incident {
            kind,
            since: since.unwrap_or_default(),
        }),
        created_at: row.try_get(15).context("read feed state")?,
        last_error: row.try_get(16).context("read feed state")?,
    })
}

pub(super) fn sync_feeds<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    specs: &[FeedSpec],
    by: &FeedSync,
    now: Millis,
) -> Result<Vec<FeedState>, Fail> {
    let names: Vec<&str> = specs.iter().map(|f| f.name.as_str()).collect();
    // Statements that change nothing lock nothing: replicas starting
    // together (or heartbeating) do not queue behind each other's syncs.
    // A live replica running another config may list the feeds we do not:
    // they stay until the configs agree.
    sql.execute(
        "UPDATE feeds SET retired = 1 WHERE retired = 0 AND NOT (name = ANY($1))
           AND NOT EXISTS (SELECT 1 FROM replicas
                           WHERE id <> $2 AND heartbeat_at >= $3 AND config_hash <> $4)",
        &[&names, &by.replica, &by.live_since, &by.config_hash],
    )
    .context("retire feeds")?;
    sql.execute(
        "UPDATE feeds SET retired = 0 WHERE retired <> 0 AND name = ANY($1)",
        &[&names],
    )
    .context("unretire feeds")?;
    let mut states = Vec::with_capacity(specs.len());
    for spec in specs {
        sql.execute(
            "INSERT INTO feeds (name, url, created_at) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO NOTHING",
            &[&spec.name, &spec.url, &now],
        )
        .context("insert feed")?;
        sql.execute(
            "UPDATE feeds SET url = $2, etag = NULL, last_modified = NULL, moved_to = NULL, disabled = NULL
             WHERE name = $1 AND url <> $2",
            &[&spec.name, &spec.url],
        )
        .context("update feed url")?;
        let state = feed_state(sql, &spec.name)?
            .ok_or_else(|| StoreError::UnknownFeed(spec.name.clone()))?;
        set_origin(sql, state.id, state.fetch_url())?;
        states.push(state);
    }
    Ok(states)
}

fn set_origin<C: GenericClient>(sql: &mut Sql<'_, C>, feed: FeedId, url: &str) -> Result<(), Fail> {
    let origin = origin_of(url);
    sql.execute(
        "UPDATE feeds SET origin = $2 WHERE id = $1 AND origin IS DISTINCT FROM $2",
        &[&feed.0, &origin],
    )
    .context("record feed origin")?;
    if let Some(origin) = origin {
        sql.execute(
            "INSERT INTO origins (origin, next_start) VALUES ($1, 0) ON CONFLICT (origin) DO NOTHING",
            &[&origin],
        )
        .context("record origin")?;
    }
    Ok(())
}

pub(super) fn feed_state<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    name: &str,
) -> Result<Option<FeedState>, Fail> {
    sql.query_opt(
        concat!("SELECT ", state_columns!(), " FROM feeds WHERE name = $1"),
        &[&name],
    )
    .context("load feed state")?
    .map(|row| read_state(&row))
    .transpose()
}

fn state_by_id<C: GenericClient>(sql: &mut Sql<'_, C>, feed: FeedId) -> Result<FeedState, Fail> {
    let row = sql
        .query_one(
            concat!("SELECT ", state_columns!(), " FROM feeds WHERE id = $1"),
            &[&feed.0],
        )
        .context("load feed state")?;
    read_state(&row)
}

pub(super) fn record_poll<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    record: &PollRecord,
    policy: &dyn PollPolicy,
) -> Result<PollReport, Fail> {
    let feed = record.feed;
    // Recording releases the feed's lease (and locks its row for this
    // transaction); another replica's live lease means ours expired and it
    // took the feed over: drop this poll. A poll that stores nothing but
    // the feed's row (a 304, a failure: most polls) releases it in the
    // statement that records it, one round trip fewer.
    let release_with_record = !record.pushed
        && record.moved_to.is_none()
        && matches!(
            record.result,
            PollResult::NotModified | PollResult::Failed { .. }
        );
    if record.pushed {
        // Lock the row as a poll would, without touching the lease.
        sql.execute("SELECT 1 FROM feeds WHERE id = $1 FOR UPDATE", &[&feed.0])
            .context("lock pushed feed")?;
    } else if !release_with_record {
        let owned = sql
            .execute(
                "UPDATE feeds SET lease_owner = NULL, lease_until = NULL
                 WHERE id = $1 AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until < $3)",
                &[&feed.0, &record.lease_owner, &record.at],
            )
            .context("release feed lease")?;
        if owned == 0 {
            return Err(StoreError::LeaseLost(feed.0).into());
        }
    }
    if let Some(moved) = &record.moved_to {
        sql.execute(
            "UPDATE feeds SET moved_to = $2 WHERE id = $1",
            &[&feed.0, moved],
        )
        .context("record feed move")?;
        set_origin(sql, feed, moved)?;
    }
    let mut ingest = IngestReport::default();
    // The feed's row as recorded, when the recording statement returned it.
    let mut recorded = None;
    let status = record.status.key().into_owned();
    match &record.result {
        PollResult::Fetched(fetched) => {
            ingest = ingest::ingest(
                sql,
                feed,
                &fetched.entries,
                record.at,
                fetched.story_window,
                policy,
            )?;
            let mut hints = fetched.hints.clone();
            let dates = recent_item_dates(sql, feed, policy.cadence_sample())?;
            hints.learned_interval_secs = policy.learned_interval_secs(&dates);
            let hints = hints_json(&hints);
            let row = sql.query_one(
                concat!(
                    "UPDATE feeds SET
                        etag = $2, last_modified = $3,
                        first_polled_at = COALESCE(first_polled_at, $4),
                        last_polled_at = $4, last_success_at = $4,
                        last_status = $5, last_error = NULL, repairs = $6, consecutive_failures = 0,
                        next_poll_at = $7,
                        last_new_item_at = CASE WHEN $8::bigint > 0 THEN $4 ELSE last_new_item_at END,
                        hints = $9
                     WHERE id = $1
                     RETURNING ",
                    state_columns!()
                ),
                &[
                    &feed.0,
                    &fetched.etag,
                    &fetched.last_modified,
                    &record.at,
                    &status,
                    &(!fetched.repairs.is_empty()).then(|| fetched.repairs.join("; ")),
                    &record.next_poll_at,
                    &((ingest.new_items + ingest.newly_carried) as i64),
                    &hints,
                ],
            )
            .context("record successful poll")?;
            recorded = Some(read_state(&row)?);
        }
        PollResult::NotModified | PollResult::Failed { .. } => {
            let (error, counts) = match &record.result {
                PollResult::Failed {
                    error,
                    counts_as_failure,
                } => (Some(error.as_str()), *counts_as_failure),
                _ => (None, false),
            };
            // With `$8`, the lease is released here, on the same
            // condition as above; no row means it was lost.
            let row = sql
                .query_opt(
                    concat!(
                        "UPDATE feeds SET
                            last_polled_at = $2,
                            last_status = $3,
                            last_error = $4,
                            consecutive_failures = CASE WHEN NOT $5 THEN 0
                                                        WHEN $6 THEN consecutive_failures + 1
                                                        ELSE consecutive_failures END,
                            last_success_at = CASE WHEN $5 THEN last_success_at ELSE $2 END,
                            next_poll_at = $7,
                            lease_owner = CASE WHEN $8 THEN NULL ELSE lease_owner END,
                            lease_until = CASE WHEN $8 THEN NULL ELSE lease_until END
                         WHERE id = $1
                           AND (NOT $8 OR lease_owner IS NULL OR lease_owner = $9 OR lease_until < $2)
                         RETURNING ",
                        state_columns!()
                    ),
                    &[
                        &feed.0,
                        &record.at,
                        &status,
                        &error,
                        &error.is_some(),
                        &counts,
                        &record.next_poll_at,
                        &release_with_record,
                        &record.lease_owner,
                    ],
                )
                .context("record poll")?;
            match row {
                Some(row) => recorded = Some(read_state(&row)?),
                None if release_with_record => return Err(StoreError::LeaseLost(feed.0).into()),
                // Not ours to release: the row is there (locked above).
                None => {}
            }
        }
        PollResult::Gone { reason } => {
            sql.execute(
                "UPDATE feeds SET disabled = $2, last_polled_at = $3, last_status = $4, last_error = $2,
                                  next_poll_at = NULL
                 WHERE id = $1",
                &[&feed.0, reason, &record.at, &status],
            )
            .context("disable feed")?;
        }
    }
    let state = match recorded {
        Some(state) => state,
        None => state_by_id(sql, feed)?,
    };
    let incident = policy.health(&state);
    if let Some(update) = &incident {
        apply_incident(sql, feed, update, record.at)?;
    }
    let state = match &incident {
        Some(update) => FeedState {
            incident: update.incident,
            ..state
        },
        None => state,
    };
    Ok(PollReport {
        ingest,
        state,
        incident,
    })
}

fn hints_json(hints: &ScheduleHints) -> String {
    serde_json::to_string(hints).unwrap_or_else(|_| "{}".to_string())
}

fn recent_item_dates<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    feed: FeedId,
    limit: usize,
) -> Result<Vec<Millis>, Fail> {
    let rows = sql
        .query(
            "SELECT published FROM items WHERE feed_id = $1 AND published IS NOT NULL
             ORDER BY published DESC LIMIT $2",
            &[&feed.0, &(limit as i64)],
        )
        .context("query item dates")?;
    rows.iter()
        .map(|row| row.try_get(0).context("read item dates"))
        .collect()
}

fn apply_incident<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    feed: FeedId,
    update: &IncidentUpdate,
    now: Millis,
) -> Result<(), Fail> {
    let kind = update.incident.map(|i| i.kind.key().to_string());
    let since = update.incident.map(|i| i.since);
    sql.execute(
        "UPDATE feeds SET incident = $2, incident_since = $3 WHERE id = $1",
        &[&feed.0, &kind, &since],
    )
    .context("record health incident")?;
    if let Some(alert) = &update.alert {
        sql.execute(
            "INSERT INTO alerts (id, kind, topic, payload, created_at) VALUES ($1, 'feed_health', $2, $3, $4)",
            &[&alert.id.as_str(), &alert.topic, &alert.payload, &now],
        )
        .context("insert health alert")?;
        items::insert_deliveries(sql, alert, now)?;
    }
    Ok(())
}

pub(super) fn feed_health<C: GenericClient>(sql: &mut Sql<'_, C>) -> Result<Vec<FeedHealth>, Fail> {
    let rows = sql
        .query(
            "SELECT f.name, f.url, f.moved_to, f.disabled, f.last_polled_at, f.last_success_at, f.last_status,
                    f.last_error, f.consecutive_failures, f.next_poll_at,
                    (SELECT COUNT(*) FROM items i WHERE i.feed_id = f.id), f.last_new_item_at,
                    f.incident, f.incident_since, f.repairs
             FROM feeds f ORDER BY f.name",
            &[],
        )
        .context("query feed health")?;
    rows.iter()
        .map(|row| {
            let get = |e| Fail::Pg("read feed health", e);
            Ok(FeedHealth {
                name: row.try_get(0).map_err(get)?,
                url: row.try_get(1).map_err(get)?,
                moved_to: row.try_get(2).map_err(get)?,
                disabled: row.try_get(3).map_err(get)?,
                last_polled_at: row.try_get(4).map_err(get)?,
                last_success_at: row.try_get(5).map_err(get)?,
                last_status: row.try_get(6).map_err(get)?,
                last_error: row.try_get(7).map_err(get)?,
                consecutive_failures: row.try_get(8).map_err(get)?,
                next_poll_at: row.try_get(9).map_err(get)?,
                items: row.try_get(10).map_err(get)?,
                last_new_item_at: row.try_get(11).map_err(get)?,
                incident: key_of(row.try_get(12).map_err(get)?, IncidentKind::from_key)?,
                incident_since: row.try_get(13).map_err(get)?,
                repairs: row.try_get(14).map_err(get)?,
            })
        })
        .collect()
}
