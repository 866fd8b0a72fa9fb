//! The `feeds` table: one row per configured feed name, holding what the
//! fetcher needs between polls (validators, schedule hints, a permanent
//! move) and the feed's health (status, failures, open incident); and the
//! poll record, which updates it together with the poll's items.

use super::write_transaction;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::Context;
use super::items;
use crate::model::{FeedId, IncidentKind, Millis, ScheduleHints};
use crate::store::StoreError;
use crate::store::types::*;

pub(super) fn sync_feeds(
    conn: &mut Connection,
    feeds: &[FeedSpec],
    _by: &FeedSync,
    now: Millis,
) -> Result<Vec<FeedState>, StoreError> {
    let tx = write_transaction(conn).context("begin feed sync")?;
    let mut states = Vec::with_capacity(feeds.len());
    // Feeds no longer configured keep their row and history, unscheduled
    // (the upsert below brings back the configured ones). One daemon holds
    // a SQLite file (registering forgets any other replica), so the
    // syncing replica has no one to defer to: its list is the list.
    tx.execute("UPDATE feeds SET retired = 1 WHERE retired = 0", [])
        .context("retire feeds")?;
    for feed in feeds {
        tx.execute(
            "INSERT INTO feeds (name, url, created_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(name) DO UPDATE SET
                url = excluded.url,
                etag = CASE WHEN feeds.url = excluded.url THEN feeds.etag END,
                last_modified = CASE WHEN feeds.url = excluded.url THEN feeds.last_modified END,
                moved_to = CASE WHEN feeds.url = excluded.url THEN feeds.moved_to END,
                disabled = CASE WHEN feeds.url = excluded.url THEN feeds.disabled END,
                retired = 0",
            params![feed.name, feed.url, now],
        )
        .context("upsert feed")?;
        let state = feed_state(&tx, &feed.name)?
            .ok_or_else(|| StoreError::UnknownFeed(feed.name.clone()))?;
        set_origin(&tx, state.id, state.fetch_url())?;
        states.push(state);
    }
    tx.commit().context("commit feed sync")?;
    Ok(states)
}

/// The columns `read_state` reads, in order.
macro_rules! state_columns {
    () => {
        "id, name, url, moved_to, disabled, etag, last_modified, first_polled_at,
    last_success_at, last_new_item_at, next_poll_at, consecutive_failures, hints, incident, incident_since,
    created_at, last_error"
    };
}
pub(super) const STATE_COLUMNS: &str = state_columns!();

pub(super) fn read_state(row: &rusqlite::Row) -> rusqlite::Result<FeedState> {
    let hints: String = row.get(12)?;
    let incident: Option<IncidentKind> = row.get(13)?;
    let since: Option<Millis> = row.get(14)?;
    Ok(FeedState {
        id: row.get(0)?,
        name: row.get(1)?,
        url: row.get(2)?,
        moved_to: row.get(3)?,
        disabled: row.get(4)?,
        etag: row.get(5)?,
        last_modified: row.get(6)?,
        first_polled_at: row.get(7)?,
        last_success_at: row.get(8)?,
        last_new_item_at: row.get(9)?,
        next_poll_at: row.get(10)?,
        consecutive_failures: row.get(11)?,
        // Hints are ours, written by serde; a bad value only loses hints.
        hints: serde_json::from_str(&hints).unwrap_or_default(),
        incident: incident.map(|kind| Incident {
            kind,
            since: since.unwrap_or_default(),
        }),
        created_at: row.get(15)?,
        last_error: row.get(16)?,
    })
}

pub(super) fn feed_state(conn: &Connection, name: &str) -> Result<Option<FeedState>, StoreError> {
    conn.prepare_cached(concat!(
        "SELECT ",
        state_columns!(),
        " FROM feeds WHERE name = ?1"
    ))
    .context("prepare feed state")?
    .query_row([name], read_state)
    .optional()
    .context("load feed state")
}

pub(super) fn record_poll(
    conn: &mut Connection,
    record: &PollRecord,
    policy: &dyn PollPolicy,
) -> Result<PollReport, StoreError> {
    let tx = write_transaction(conn).context("begin poll record")?;
    let report = record_in(&tx, record, policy)?;
    tx.commit().context("commit poll record")?;
    Ok(report)
}

/// Records polls that write only their feed's row
/// (`PollRecord::is_row_only`) in one transaction: each in a savepoint, so a
/// poll refused (its lease lost) or failing is undone alone; one commit for
/// all. One result per poll, in their order.
pub(super) fn record_polls(conn: &mut Connection, polls: &[RowOnlyPoll]) -> Vec<PollOutcome> {
    let all_fail = |err: &StoreError| {
        polls
            .iter()
            .map(|_| Err(err.for_each_of("record polls")))
            .collect()
    };
    let tx = match write_transaction(conn).context("begin poll records") {
        Ok(tx) => tx,
        Err(err) => return all_fail(&err),
    };
    let mut outcomes = Vec::with_capacity(polls.len());
    for poll in polls {
        let outcome = tx
            .execute_batch("SAVEPOINT row_only_poll")
            .context("begin a poll's record")
            .and_then(|()| record_in(&tx, &poll.record, poll.policy.as_ref()));
        let end = match outcome {
            Ok(_) => "RELEASE row_only_poll",
            Err(_) => "ROLLBACK TO row_only_poll; RELEASE row_only_poll",
        };
        if let Err(err) = tx.execute_batch(end).context("end a poll's record") {
            // The transaction is in an unknown state: undo it all.
            return all_fail(&err);
        }
        outcomes.push(outcome);
    }
    match tx.commit().context("commit poll records") {
        Ok(()) => outcomes,
        Err(err) => all_fail(&err),
    }
}

/// A poll's writes, inside the caller's transaction.
fn record_in(
    tx: &Transaction,
    record: &PollRecord,
    policy: &dyn PollPolicy,
) -> Result<PollReport, StoreError> {
    let feed = record.feed;
    // Recording releases the feed's lease; another replica's live lease
    // means ours expired and it took the feed over: drop this poll.
    if !record.pushed {
        let owned = run(
            tx,
            "UPDATE feeds SET lease_owner = NULL, lease_until = NULL
             WHERE id = ?1 AND (lease_owner IS NULL OR lease_owner IS ?2 OR lease_until < ?3)",
            params![feed, record.lease_owner, record.at],
        )
        .context("release feed lease")?;
        if owned == 0 {
            return Err(StoreError::LeaseLost(feed.0));
        }
    }
    if let Some(moved) = &record.moved_to {
        run(
            tx,
            "UPDATE feeds SET moved_to = ?2 WHERE id = ?1",
            params![feed, moved],
        )
        .context("record feed move")?;
        set_origin(tx, feed, moved)?;
    }
    let mut ingest = IngestReport::default();
    match &record.result {
        PollResult::Fetched(fetched) => {
            ingest = items::ingest(
                tx,
                feed,
                &fetched.entries,
                record.at,
                fetched.story_window,
                policy,
            )?;
            run(
                tx,
                "UPDATE feeds SET
                    etag = ?2, last_modified = ?3,
                    first_polled_at = COALESCE(first_polled_at, ?4),
                    last_polled_at = ?4, last_success_at = ?4,
                    last_status = ?5, last_error = NULL, repairs = ?6, consecutive_failures = 0,
                    next_poll_at = ?7,
                    last_new_item_at = CASE WHEN ?8 > 0 THEN ?4 ELSE last_new_item_at END
                 WHERE id = ?1",
                params![
                    feed,
                    fetched.etag,
                    fetched.last_modified,
                    record.at,
                    record.status,
                    (!fetched.repairs.is_empty()).then(|| fetched.repairs.join("; ")),
                    record.next_poll_at,
                    (ingest.new_items + ingest.newly_carried) as i64
                ],
            )
            .context("record successful poll")?;
            // Learn the cadence from the items now stored, for the poll after next.
            let mut hints = fetched.hints.clone();
            let dates = recent_item_dates(tx, feed, policy.cadence_sample())?;
            hints.learned_interval_secs = policy.learned_interval_secs(&dates);
            set_hints(tx, feed, &hints)?;
        }
        PollResult::NotModified | PollResult::Failed { .. } => {
            let (error, counts) = match &record.result {
                PollResult::Failed {
                    error,
                    counts_as_failure,
                } => (Some(error.as_str()), *counts_as_failure),
                _ => (None, false),
            };
            run(
                tx,
                "UPDATE feeds SET
                    last_polled_at = ?2,
                    last_status = ?3,
                    last_error = ?4,
                    consecutive_failures = CASE WHEN NOT ?5 THEN 0
                                                WHEN ?6 THEN consecutive_failures + 1
                                                ELSE consecutive_failures END,
                    last_success_at = CASE WHEN ?5 THEN last_success_at ELSE ?2 END,
                    next_poll_at = ?7
                 WHERE id = ?1",
                params![
                    feed,
                    record.at,
                    record.status,
                    error,
                    error.is_some(),
                    counts,
                    record.next_poll_at
                ],
            )
            .context("record poll")?;
        }
        PollResult::Gone { reason } => {
            run(
                tx,
                "UPDATE feeds SET disabled = ?2, last_polled_at = ?3, last_status = ?4, last_error = ?2,
                                  next_poll_at = NULL
                 WHERE id = ?1",
                params![feed, reason, record.at, record.status],
            )
            .context("disable feed")?;
        }
    }
    let state = state_by_id(tx, feed)?;
    let incident = policy.health(&state);
    if let Some(update) = &incident {
        apply_incident(tx, feed, update, record.at)?;
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

/// Records the origin of the URL a feed is fetched from.
fn set_origin(tx: &Transaction, feed: FeedId, url: &str) -> Result<(), StoreError> {
    let origin = origin_of(url);
    run(
        tx,
        "UPDATE feeds SET origin = ?2 WHERE id = ?1 AND origin IS NOT ?2",
        params![feed, origin],
    )
    .context("record feed origin")?;
    if let Some(origin) = origin {
        run(
            tx,
            "INSERT OR IGNORE INTO origins (origin, next_start) VALUES (?1, 0)",
            [origin],
        )
        .context("record origin")?;
    }
    Ok(())
}

fn state_by_id(tx: &Transaction, feed: FeedId) -> Result<FeedState, StoreError> {
    tx.prepare_cached(concat!(
        "SELECT ",
        state_columns!(),
        " FROM feeds WHERE id = ?1"
    ))
    .context("prepare feed state")?
    .query_row([feed], read_state)
    .optional()
    .context("load feed state")?
    .ok_or_else(|| StoreError::UnknownFeed(format!("feed #{}", feed.0)))
}

/// Runs a statement through the connection's statement cache: a poll runs
/// the same few statements for every feed.
fn run(tx: &Transaction, sql: &str, params: impl rusqlite::Params) -> rusqlite::Result<usize> {
    tx.prepare_cached(sql)?.execute(params)
}

fn set_hints(tx: &Transaction, feed: FeedId, hints: &ScheduleHints) -> Result<(), StoreError> {
    let json = serde_json::to_string(hints).unwrap_or_else(|_| "{}".to_string());
    run(
        tx,
        "UPDATE feeds SET hints = ?2 WHERE id = ?1 AND hints IS NOT ?2",
        params![feed, json],
    )
    .context("store schedule hints")?;
    Ok(())
}

/// Publication times (ms) of the feed's newest dated items, newest first.
fn recent_item_dates(
    tx: &Transaction,
    feed: FeedId,
    limit: usize,
) -> Result<Vec<Millis>, StoreError> {
    let mut stmt = tx
        .prepare_cached(
            "SELECT published FROM items WHERE feed_id = ?1 AND published IS NOT NULL
             ORDER BY published DESC LIMIT ?2",
        )
        .context("prepare item dates")?;
    let rows = stmt
        .query_map(params![feed, limit as i64], |row| row.get(0))
        .context("query item dates")?;
    rows.collect::<Result<Vec<_>, _>>()
        .context("read item dates")
}

/// Opens or closes the feed's incident and raises its event (if any sink
/// listens): the event is sent once per change.
fn apply_incident(
    tx: &Transaction,
    feed: FeedId,
    update: &IncidentUpdate,
    now: Millis,
) -> Result<(), StoreError> {
    run(
        tx,
        "UPDATE feeds SET incident = ?2, incident_since = ?3 WHERE id = ?1",
        params![
            feed,
            update.incident.map(|i| i.kind),
            update.incident.map(|i| i.since)
        ],
    )
    .context("record health incident")?;
    if let Some(alert) = &update.alert {
        run(
            tx,
            "INSERT INTO alerts (id, kind, topic, payload, created_at) VALUES (?1, 'feed_health', ?2, ?3, ?4)",
            params![alert.id, alert.topic, alert.payload, now],
        )
        .context("insert health alert")?;
        items::insert_deliveries(tx, alert, now)?;
    }
    Ok(())
}

pub(super) fn feed_health(conn: &Connection) -> Result<Vec<FeedHealth>, StoreError> {
    let mut stmt = conn
        .prepare(
            "SELECT f.name, f.url, f.moved_to, f.disabled, f.last_polled_at, f.last_success_at, f.last_status,
                    f.last_error, f.consecutive_failures, f.next_poll_at,
                    (SELECT COUNT(*) FROM items i WHERE i.feed_id = f.id), f.last_new_item_at,
                    f.incident, f.incident_since, f.repairs
             FROM feeds f ORDER BY f.name",
        )
        .context("prepare feed health")?;
    let rows = stmt
        .query_map([], |row| {
            Ok(FeedHealth {
                name: row.get(0)?,
                url: row.get(1)?,
                moved_to: row.get(2)?,
                disabled: row.get(3)?,
                last_polled_at: row.get(4)?,
                last_success_at: row.get(5)?,
                last_status: row.get(6)?,
                last_error: row.get(7)?,
                consecutive_failures: row.get(8)?,
                next_poll_at: row.get(9)?,
                items: row.get(10)?,
                last_new_item_at: row.get(11)?,
                incident: row.get(12)?,
                incident_since: row.get(13)?,
                repairs: row.get(14)?,
            })
        })
        .context("query feed health")?;
    rows.collect::<Result<Vec<_>, _>>()
        .context("read feed health")
}
