//! Polls on request (`feedwatch poll`) and the feeds the database knows:
//! a requested feed is made due now, and its last poll is read back with
//! the items it stored and the alerts it raised (a poll's items are first
//! seen, and its alerts created, at the poll's own time).

use super::write_transaction;
use rusqlite::{Connection, OptionalExtension, params};

use super::Context;
use crate::model::{AlertId, Millis};
use crate::store::StoreError;
use crate::store::schedule::{KnownFeed, LastPoll, PollRequest};

pub(super) fn known_feeds(conn: &Connection) -> Result<Vec<KnownFeed>, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT name, url, retired, schedule_settings FROM feeds ORDER BY name")
        .context("prepare known feeds")?;
    let rows = stmt
        .query_map([], |row| {
            Ok(KnownFeed {
                name: row.get(0)?,
                url: row.get(1)?,
                configured: row.get::<_, i64>(2)? == 0,
                settings: row.get(3)?,
            })
        })
        .context("query known feeds")?;
    rows.collect::<Result<Vec<_>, _>>()
        .context("read known feeds")
}

pub(super) fn request_polls(
    conn: &mut Connection,
    names: &[String],
    now: Millis,
) -> Result<Vec<PollRequest>, StoreError> {
    let tx = write_transaction(conn).context("begin poll request")?;
    let mut found = Vec::with_capacity(names.len());
    {
        let mut read = tx
            .prepare_cached(
                "SELECT id, disabled, retired, last_polled_at FROM feeds WHERE name = ?1",
            )
            .context("prepare poll request")?;
        let mut due = tx
            .prepare_cached("UPDATE feeds SET next_poll_at = ?2 WHERE id = ?1")
            .context("prepare poll request")?;
        for name in names {
            let row: Option<(i64, Option<String>, i64, Option<Millis>)> = read
                .query_row([name], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
                })
                .optional()
                .context("read requested feed")?;
            found.push(match row {
                None => PollRequest::NotScheduled,
                Some((_, Some(reason), _, _)) => PollRequest::Disabled(reason),
                Some((_, None, retired, _)) if retired != 0 => PollRequest::NotScheduled,
                Some((id, None, _, last_polled_at)) => {
                    due.execute(params![id, now]).context("make feed due")?;
                    PollRequest::Requested { last_polled_at }
                }
            });
        }
    }
    tx.commit().context("commit poll request")?;
    Ok(found)
}

pub(super) fn last_polls(
    conn: &Connection,
    names: &[String],
    now: Millis,
) -> Result<Vec<LastPoll>, StoreError> {
    let mut feed = conn
        .prepare_cached(
            "SELECT id, last_polled_at, last_status, last_error, disabled, next_poll_at,
                    lease_owner IS NOT NULL AND lease_until >= ?2
             FROM feeds WHERE name = ?1",
        )
        .context("prepare last poll")?;
    // Through `items_by_first_seen`: a poll's items share its time.
    let mut items = conn
        .prepare_cached("SELECT COUNT(*) FROM items WHERE first_seen = ?2 AND feed_id = ?1")
        .context("prepare last poll items")?;
    let mut alerts = conn
        .prepare_cached(
            "SELECT a.id, a.topic FROM items i JOIN alerts a ON a.item_id = i.id
             WHERE i.first_seen = ?2 AND i.feed_id = ?1 AND a.kind = 'match'
             ORDER BY a.created_at, a.id",
        )
        .context("prepare last poll alerts")?;
    let mut polls = Vec::with_capacity(names.len());
    for name in names {
        let row = feed
            .query_row(params![name, now], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    LastPoll {
                        name: name.clone(),
                        polled_at: row.get(1)?,
                        status: row.get(2)?,
                        error: row.get(3)?,
                        disabled: row.get(4)?,
                        next_poll_at: row.get(5)?,
                        leased: row.get(6)?,
                        new_items: 0,
                        alerts: Vec::new(),
                    },
                ))
            })
            .optional()
            .context("read last poll")?;
        let Some((id, mut poll)) = row else {
            continue;
        };
        if let Some(at) = poll.polled_at {
            poll.new_items = items
                .query_row(params![id, at], |row| row.get(0))
                .context("count last poll items")?;
            poll.alerts = alerts
                .query_map(params![id, at], |row| {
                    Ok((AlertId::new(row.get::<_, String>(0)?), row.get(1)?))
                })
                .context("query last poll alerts")?
                .collect::<Result<Vec<_>, _>>()
                .context("read last poll alerts")?;
        }
        polls.push(poll);
    }
    Ok(polls)
}
