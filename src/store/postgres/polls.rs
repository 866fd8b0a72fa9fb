//! Polls on request and the feeds the database knows, on PostgreSQL (see
//! `sqlite/polls.rs` for the semantics, which are the same). A requested
//! feed is made due now; whichever replica claims it next polls it.

use std::collections::HashMap;

use postgres::GenericClient;

use super::{Context, Fail, Sql};
use crate::model::{AlertId, Millis};
use crate::store::schedule::{KnownFeed, LastPoll, PollRequest};

pub(super) fn known_feeds<C: GenericClient>(sql: &mut Sql<'_, C>) -> Result<Vec<KnownFeed>, Fail> {
    sql.query(
        "SELECT name, url, retired, schedule_settings FROM feeds ORDER BY name",
        &[],
    )
    .context("query known feeds")?
    .iter()
    .map(|row| {
        let retired: i64 = row.try_get(2)?;
        Ok(KnownFeed {
            name: row.try_get(0)?,
            url: row.try_get(1)?,
            configured: retired == 0,
            settings: row.try_get(3)?,
        })
    })
    .collect::<Result<_, postgres::Error>>()
    .context("read known feeds")
}

pub(super) fn request_polls<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    names: &[String],
    now: Millis,
) -> Result<Vec<PollRequest>, Fail> {
    type Row = (i64, Option<String>, i64, Option<Millis>);
    let rows: HashMap<String, Row> = sql
        .query(
            "SELECT name, id, disabled, retired, last_polled_at FROM feeds
             WHERE name = ANY($1) FOR UPDATE",
            &[&names],
        )
        .context("read requested feeds")?
        .iter()
        .map(|row| {
            Ok((
                row.try_get(0)?,
                (
                    row.try_get(1)?,
                    row.try_get(2)?,
                    row.try_get(3)?,
                    row.try_get(4)?,
                ),
            ))
        })
        .collect::<Result<_, postgres::Error>>()
        .context("read requested feeds")?;
    let mut due: Vec<i64> = Vec::new();
    let found = names
        .iter()
        .map(|name| match rows.get(name) {
            None => PollRequest::NotScheduled,
            Some((_, Some(reason), _, _)) => PollRequest::Disabled(reason.clone()),
            Some((_, None, retired, _)) if *retired != 0 => PollRequest::NotScheduled,
            Some((id, None, _, last_polled_at)) => {
                due.push(*id);
                PollRequest::Requested {
                    last_polled_at: *last_polled_at,
                }
            }
        })
        .collect();
    if !due.is_empty() {
        sql.execute(
            "UPDATE feeds SET next_poll_at = $2 WHERE id = ANY($1)",
            &[&due, &now],
        )
        .context("make feeds due")?;
    }
    Ok(found)
}

pub(super) fn last_polls<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    names: &[String],
    now: Millis,
) -> Result<Vec<LastPoll>, Fail> {
    let mut polls: HashMap<String, (i64, LastPoll)> = HashMap::new();
    for row in sql
        .query(
            "SELECT name, id, last_polled_at, last_status, last_error, disabled, next_poll_at,
                    lease_owner IS NOT NULL AND lease_until >= $2
             FROM feeds WHERE name = ANY($1)",
            &[&names, &now],
        )
        .context("read last polls")?
    {
        let get = |e| Fail::Pg("read last polls", e);
        let name: String = row.try_get(0).map_err(get)?;
        let poll = LastPoll {
            name: name.clone(),
            polled_at: row.try_get(2).map_err(get)?,
            status: row.try_get(3).map_err(get)?,
            error: row.try_get(4).map_err(get)?,
            disabled: row.try_get(5).map_err(get)?,
            next_poll_at: row.try_get(6).map_err(get)?,
            leased: row.try_get(7).map_err(get)?,
            new_items: 0,
            alerts: Vec::new(),
        };
        polls.insert(name, (row.try_get(1).map_err(get)?, poll));
    }
    // A poll's items are first seen, and its alerts created, at its time.
    let (ids, times): (Vec<i64>, Vec<Millis>) = polls
        .values()
        .filter_map(|(id, poll)| poll.polled_at.map(|at| (*id, at)))
        .unzip();
    let mut by_id: HashMap<i64, &mut LastPoll> =
        polls.values_mut().map(|(id, poll)| (*id, poll)).collect();
    if !ids.is_empty() {
        for row in sql
            .query(
                "SELECT i.feed_id, COUNT(*) FROM items i
                 JOIN unnest($1::bigint[], $2::bigint[]) AS p(feed_id, at)
                   ON i.feed_id = p.feed_id AND i.first_seen = p.at
                 GROUP BY i.feed_id",
                &[&ids, &times],
            )
            .context("count last poll items")?
        {
            let get = |e| Fail::Pg("read last poll items", e);
            let id: i64 = row.try_get(0).map_err(get)?;
            if let Some(poll) = by_id.get_mut(&id) {
                poll.new_items = row.try_get(1).map_err(get)?;
            }
        }
        for row in sql
            .query(
                "SELECT i.feed_id, a.id, a.topic FROM items i
                 JOIN unnest($1::bigint[], $2::bigint[]) AS p(feed_id, at)
                   ON i.feed_id = p.feed_id AND i.first_seen = p.at
                 JOIN alerts a ON a.item_id = i.id AND a.kind = 'match'
                 ORDER BY a.created_at, a.id",
                &[&ids, &times],
            )
            .context("read last poll alerts")?
        {
            let get = |e| Fail::Pg("read last poll alerts", e);
            let id: i64 = row.try_get(0).map_err(get)?;
            if let Some(poll) = by_id.get_mut(&id) {
                let alert: String = row.try_get(1).map_err(get)?;
                poll.alerts
                    .push((AlertId::new(alert), row.try_get(2).map_err(get)?));
            }
        }
    }
    drop(by_id);
    Ok(names
        .iter()
        .filter_map(|name| polls.remove(name).map(|(_, poll)| poll))
        .collect())
}
