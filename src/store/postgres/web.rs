//! What the HTTP server reads and changes, as `sqlite/web.rs`: alert
//! listings with deliveries and story sources, alerts per topic and day, a
//! retry of one delivery, the `/metrics` gauges, WebSub subscriptions.

use postgres::{GenericClient, Row};

use super::{Context, Fail, Sql, key_of};
use crate::model::{AlertId, DeliveryStatus, IncidentKind, Millis};
use crate::store::types::*;

/// A delivery's effective status: a held one is pending, a folded one has
/// its message's status. Written out in each query (statements are static).
/// The verdict in force on an alert `a`'s item for its topic.
macro_rules! verdict {
    () => {
        "(SELECT v.relevant FROM verdicts v
          WHERE v.topic = a.topic AND v.item_id = a.item_id AND v.undone_at IS NULL
          ORDER BY v.id DESC LIMIT 1)"
    };
}

macro_rules! effective_status {
    () => {
        "CASE WHEN d.status = 'folded' THEN COALESCE(m.status, 'pending')
              WHEN d.status = 'held' THEN 'pending'
              ELSE d.status END"
    };
}

pub(super) fn alert_list<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    filter: &AlertFilter,
    limit: usize,
) -> Result<Vec<AlertView>, Fail> {
    let status = filter.status.map(|s| s.key().to_string());
    let rows = sql
        .query(
            concat!(
                "SELECT a.id, a.topic, a.payload, a.created_at, a.story_id, ",
                verdict!(),
                " FROM alerts a
                 WHERE ($1::text IS NULL OR a.topic = $1::text)
                   AND ($2::text IS NULL AND $3::text IS NULL OR EXISTS (
                        SELECT 1 FROM deliveries d LEFT JOIN messages m ON m.id = d.message_id
                        WHERE d.alert_id = a.id AND ($2::text IS NULL OR d.sink = $2::text)
                          AND ($3::text IS NULL OR ",
                effective_status!(),
                " = $3::text)))
                 ORDER BY a.created_at DESC, a.id DESC LIMIT $4"
            ),
            &[
                &filter.topic,
                &filter.sink,
                &status,
                &(limit.min(i64::MAX as usize) as i64),
            ],
        )
        .context("query alert list")?;
    rows.iter().map(|row| alert_of(sql, row)).collect()
}

pub(super) fn alert_view<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    id: &AlertId,
) -> Result<Option<AlertView>, Fail> {
    let row = sql
        .query_opt(
            concat!(
                "SELECT a.id, a.topic, a.payload, a.created_at, a.story_id, ",
                verdict!(),
                " FROM alerts a WHERE a.id = $1"
            ),
            &[&id.as_str()],
        )
        .context("load alert")?;
    row.map(|row| alert_of(sql, &row)).transpose()
}

/// An alert row (id, topic, payload, created_at, story_id, verdict) with its
/// deliveries and story sources.
fn alert_of<C: GenericClient>(sql: &mut Sql<'_, C>, row: &Row) -> Result<AlertView, Fail> {
    let get = |e| Fail::Pg("read alert", e);
    let id = AlertId::new(row.try_get::<_, String>(0).map_err(get)?);
    let story: Option<i64> = row.try_get(4).map_err(get)?;
    let verdict: Option<i64> = row.try_get(5).map_err(get)?;
    Ok(AlertView {
        verdict: verdict.map(|v| v != 0),
        deliveries: deliveries_of(sql, &id)?,
        sources: match story {
            Some(story) => sources_of(sql, story)?,
            None => Vec::new(),
        },
        id,
        topic: row.try_get(1).map_err(get)?,
        payload: row.try_get(2).map_err(get)?,
        created_at: row.try_get(3).map_err(get)?,
    })
}

fn deliveries_of<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    alert: &AlertId,
) -> Result<Vec<DeliveryView>, Fail> {
    sql.query(
        concat!(
            "SELECT d.id, d.sink, ",
            effective_status!(),
            ", COALESCE(m.attempts, d.attempts),
                COALESCE(m.next_attempt_at, d.next_attempt_at), COALESCE(m.last_error, d.last_error),
                COALESCE(m.delivered_at, d.delivered_at)
             FROM deliveries d LEFT JOIN messages m ON m.id = d.message_id
             WHERE d.alert_id = $1 ORDER BY d.sink"
        ),
        &[&alert.as_str()],
    )
    .context("query alert deliveries")?
    .iter()
    .map(|row| {
        let get = |e| Fail::Pg("read alert deliveries", e);
        Ok(DeliveryView {
            id: row.try_get(0).map_err(get)?,
            sink: row.try_get(1).map_err(get)?,
            status: key_of(row.try_get(2).map_err(get)?, DeliveryStatus::from_key)?
                .unwrap_or(DeliveryStatus::Pending),
            attempts: row.try_get(3).map_err(get)?,
            next_attempt_at: row.try_get(4).map_err(get)?,
            last_error: row.try_get(5).map_err(get)?,
            delivered_at: row.try_get(6).map_err(get)?,
        })
    })
    .collect()
}

/// At most this many items of one story are listed.
const MAX_SOURCES: i64 = 20;

fn sources_of<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    story: i64,
) -> Result<Vec<StorySource>, Fail> {
    sql.query(
        "SELECT f.name, i.title, i.link, i.first_seen FROM items i JOIN feeds f ON f.id = i.feed_id
         WHERE i.story_id = $1 ORDER BY i.first_seen, i.id LIMIT $2",
        &[&story, &MAX_SOURCES],
    )
    .context("query story sources")?
    .iter()
    .map(|row| {
        let get = |e| Fail::Pg("read story sources", e);
        Ok(StorySource {
            feed: row.try_get(0).map_err(get)?,
            title: row.try_get(1).map_err(get)?,
            link: row.try_get(2).map_err(get)?,
            first_seen: row.try_get(3).map_err(get)?,
        })
    })
    .collect()
}

pub(super) fn alerts_per_day<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    since: Millis,
) -> Result<Vec<TopicDay>, Fail> {
    sql.query(
        "SELECT topic, created_at / 86400000 AS day, COUNT(*) FROM alerts
         WHERE created_at >= $1 GROUP BY topic, day ORDER BY topic, day",
        &[&since],
    )
    .context("query alerts per day")?
    .iter()
    .map(|row| {
        let get = |e| Fail::Pg("read alerts per day", e);
        Ok(TopicDay {
            topic: row.try_get(0).map_err(get)?,
            day: row.try_get(1).map_err(get)?,
            alerts: row.try_get(2).map_err(get)?,
        })
    })
    .collect()
}

/// As SQLite's: a failed delivery (or one folded into a failed message) goes
/// back to pending with its attempts reset; a pending one is made due.
pub(super) fn requeue_delivery<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    delivery: i64,
    now: Millis,
) -> Result<bool, Fail> {
    let mut n = sql
        .execute(
            "UPDATE deliveries SET status = 'pending', next_attempt_at = $2, attempts = 0
             WHERE id = $1 AND status = 'failed'",
            &[&delivery, &now],
        )
        .context("retry failed delivery")?;
    n += sql
        .execute(
            "UPDATE deliveries SET status = 'pending', message_id = NULL, next_attempt_at = $2, attempts = 0
             WHERE id = $1 AND status = 'folded'
               AND message_id IN (SELECT id FROM messages WHERE status = 'failed')",
            &[&delivery, &now],
        )
        .context("retry folded delivery")?;
    n += sql
        .execute(
            "UPDATE deliveries SET next_attempt_at = $2
             WHERE id = $1 AND status = 'pending' AND next_attempt_at > $2",
            &[&delivery, &now],
        )
        .context("hurry pending delivery")?;
    Ok(n > 0)
}

pub(super) fn metrics_snapshot<C: GenericClient>(
    sql: &mut Sql<'_, C>,
) -> Result<MetricsSnapshot, Fail> {
    let row = sql
        .query_one(
            "SELECT COUNT(*), MIN(d.created_at) FROM deliveries d
             LEFT JOIN messages m ON m.id = d.message_id
             WHERE d.status IN ('pending', 'held') OR (d.status = 'folded' AND m.status = 'pending')",
            &[],
        )
        .context("count pending deliveries")?;
    let get = |e| Fail::Pg("read pending deliveries", e);
    let outbox_pending = row.try_get(0).map_err(get)?;
    let oldest_pending_at = row.try_get(1).map_err(get)?;
    let mut incidents = Vec::new();
    for row in sql
        .query(
            "SELECT incident, COUNT(*) FROM feeds WHERE incident IS NOT NULL GROUP BY incident",
            &[],
        )
        .context("query incident counts")?
    {
        let get = |e| Fail::Pg("read incident counts", e);
        if let Some(kind) = key_of(row.try_get(0).map_err(get)?, IncidentKind::from_key)? {
            incidents.push((kind, row.try_get(1).map_err(get)?));
        }
    }
    let mut subscriptions = Vec::new();
    for row in sql
        .query(
            "SELECT state, COUNT(*) FROM websub_subscriptions GROUP BY state",
            &[],
        )
        .context("query subscription counts")?
    {
        let get = |e| Fail::Pg("read subscription counts", e);
        if let Some(state) = key_of(row.try_get(0).map_err(get)?, SubscriptionState::from_key)? {
            subscriptions.push((state, row.try_get(1).map_err(get)?));
        }
    }
    Ok(MetricsSnapshot {
        outbox_pending,
        oldest_pending_at,
        incidents,
        subscriptions,
    })
}

macro_rules! subscription_columns {
    () => {
        "feed, topic, hub, callback_id, secret, state, lease_seconds, expires_at,
         attempts, next_attempt_at, last_error, updated_at"
    };
}

fn read_subscription(row: &Row) -> Result<Subscription, Fail> {
    let get = |e| Fail::Pg("read subscription", e);
    Ok(Subscription {
        feed: row.try_get(0).map_err(get)?,
        topic: row.try_get(1).map_err(get)?,
        hub: row.try_get(2).map_err(get)?,
        callback_id: row.try_get(3).map_err(get)?,
        secret: row.try_get(4).map_err(get)?,
        // The CHECK constraint admits only known keys.
        state: key_of(row.try_get(5).map_err(get)?, SubscriptionState::from_key)?
            .unwrap_or(SubscriptionState::Failed),
        lease_seconds: row.try_get(6).map_err(get)?,
        expires_at: row.try_get(7).map_err(get)?,
        attempts: row.try_get(8).map_err(get)?,
        next_attempt_at: row.try_get(9).map_err(get)?,
        last_error: row.try_get(10).map_err(get)?,
        updated_at: row.try_get(11).map_err(get)?,
    })
}

pub(super) fn subscriptions<C: GenericClient>(
    sql: &mut Sql<'_, C>,
) -> Result<Vec<Subscription>, Fail> {
    sql.query(
        concat!(
            "SELECT ",
            subscription_columns!(),
            " FROM websub_subscriptions ORDER BY feed"
        ),
        &[],
    )
    .context("query subscriptions")?
    .iter()
    .map(read_subscription)
    .collect()
}

pub(super) fn subscription_by_callback<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    callback_id: &str,
) -> Result<Option<Subscription>, Fail> {
    sql.query_opt(
        concat!(
            "SELECT ",
            subscription_columns!(),
            " FROM websub_subscriptions WHERE callback_id = $1"
        ),
        &[&callback_id],
    )
    .context("look up subscription")?
    .as_ref()
    .map(read_subscription)
    .transpose()
}

pub(super) fn save_subscription<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    s: &Subscription,
) -> Result<(), Fail> {
    sql.execute(
        concat!(
            "INSERT INTO websub_subscriptions (",
            subscription_columns!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             ON CONFLICT (feed) DO UPDATE SET
                topic = EXCLUDED.topic, hub = EXCLUDED.hub, callback_id = EXCLUDED.callback_id,
                secret = EXCLUDED.secret, state = EXCLUDED.state,
                lease_seconds = EXCLUDED.lease_seconds, expires_at = EXCLUDED.expires_at,
                attempts = EXCLUDED.attempts, next_attempt_at = EXCLUDED.next_attempt_at,
                last_error = EXCLUDED.last_error, updated_at = EXCLUDED.updated_at"
        ),
        &[
            &s.feed,
            &s.topic,
            &s.hub,
            &s.callback_id,
            &s.secret,
            &s.state.key(),
            &s.lease_seconds,
            &s.expires_at,
            &s.attempts,
            &s.next_attempt_at,
            &s.last_error,
            &s.updated_at,
        ],
    )
    .context("save subscription")?;
    Ok(())
}

pub(super) fn delete_subscription<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    feed: &str,
) -> Result<(), Fail> {
    sql.execute("DELETE FROM websub_subscriptions WHERE feed = $1", &[&feed])
        .context("delete subscription")?;
    Ok(())
}
