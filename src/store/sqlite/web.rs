//! What the HTTP server reads and changes: the web UI's alert listings
//! (with deliveries and story sources), alerts per topic and day, a retry of
//! one delivery, the gauges of `/metrics`, and WebSub subscriptions.

use super::write_transaction;
use rusqlite::{Connection, OptionalExtension, params};

use super::Context;
use crate::model::{AlertId, IncidentKind, Millis};
use crate::store::StoreError;
use crate::store::types::*;

/// A delivery's effective status: a held one is pending, a folded one has
/// its message's status.
const EFFECTIVE_STATUS: &str = "CASE WHEN d.status = 'folded' THEN COALESCE(m.status, 'pending')
                                     WHEN d.status = 'held' THEN 'pending'
                                     ELSE d.status END";

/// The verdict in force on an alert `a`'s item for its topic.
const VERDICT: &str = "(SELECT v.relevant FROM verdicts v
     WHERE v.topic = a.topic AND v.item_id = a.item_id AND v.undone_at IS NULL
     ORDER BY v.id DESC LIMIT 1)";

/// The columns [`read_alert`] reads, of alerts `a`.
fn alert_columns() -> String {
    format!("a.id, a.topic, a.payload, a.created_at, a.story_id, {VERDICT}")
}

/// An alert row, before its deliveries and sources are added.
fn read_alert(row: &rusqlite::Row) -> rusqlite::Result<(AlertView, Option<i64>)> {
    Ok((
        AlertView {
            id: row.get(0)?,
            topic: row.get(1)?,
            payload: row.get(2)?,
            created_at: row.get(3)?,
            verdict: row.get(5)?,
            deliveries: Vec::new(),
            sources: Vec::new(),
        },
        row.get(4)?,
    ))
}

/// Adds an alert's deliveries and its story's sources.
fn complete(
    conn: &Connection,
    (mut view, story): (AlertView, Option<i64>),
) -> Result<AlertView, StoreError> {
    view.deliveries = deliveries_of(conn, &view.id)?;
    if let Some(story) = story {
        view.sources = sources_of(conn, story)?;
    }
    Ok(view)
}

pub(super) fn alert_list(
    conn: &Connection,
    filter: &AlertFilter,
    limit: usize,
) -> Result<Vec<AlertView>, StoreError> {
    let sql = format!(
        "SELECT {} FROM alerts a
         WHERE (?1 IS NULL OR a.topic = ?1)
           AND (?2 IS NULL AND ?3 IS NULL OR EXISTS (
                SELECT 1 FROM deliveries d LEFT JOIN messages m ON m.id = d.message_id
                WHERE d.alert_id = a.id AND (?2 IS NULL OR d.sink = ?2)
                  AND (?3 IS NULL OR {EFFECTIVE_STATUS} = ?3)))
         ORDER BY a.created_at DESC, a.id DESC LIMIT ?4",
        alert_columns()
    );
    let rows = {
        let mut stmt = conn.prepare_cached(&sql).context("prepare alert list")?;
        let rows = stmt
            .query_map(
                params![filter.topic, filter.sink, filter.status, limit as i64],
                read_alert,
            )
            .context("query alert list")?;
        rows.collect::<Result<Vec<_>, _>>()
            .context("read alert list")?
    };
    rows.into_iter().map(|row| complete(conn, row)).collect()
}

pub(super) fn alert_view(conn: &Connection, id: &AlertId) -> Result<Option<AlertView>, StoreError> {
    let row = conn
        .query_row(
            &format!("SELECT {} FROM alerts a WHERE a.id = ?1", alert_columns()),
            [id],
            read_alert,
        )
        .optional()
        .context("load alert")?;
    row.map(|row| complete(conn, row)).transpose()
}

fn deliveries_of(conn: &Connection, alert: &AlertId) -> Result<Vec<DeliveryView>, StoreError> {
    let sql = format!(
        "SELECT d.id, d.sink, {EFFECTIVE_STATUS}, COALESCE(m.attempts, d.attempts),
                COALESCE(m.next_attempt_at, d.next_attempt_at), COALESCE(m.last_error, d.last_error),
                COALESCE(m.delivered_at, d.delivered_at)
         FROM deliveries d LEFT JOIN messages m ON m.id = d.message_id
         WHERE d.alert_id = ?1 ORDER BY d.sink"
    );
    let mut stmt = conn
        .prepare_cached(&sql)
        .context("prepare alert deliveries")?;
    let rows = stmt
        .query_map([alert], |row| {
            Ok(DeliveryView {
                id: row.get(0)?,
                sink: row.get(1)?,
                status: row.get(2)?,
                attempts: row.get(3)?,
                next_attempt_at: row.get(4)?,
                last_error: row.get(5)?,
                delivered_at: row.get(6)?,
            })
        })
        .context("query alert deliveries")?;
    rows.collect::<Result<Vec<_>, _>>()
        .context("read alert deliveries")
}

/// At most this many items of one story are listed.
const MAX_SOURCES: i64 = 20;

fn sources_of(conn: &Connection, story: i64) -> Result<Vec<StorySource>, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT f.name, i.title, i.link, i.first_seen FROM items i JOIN feeds f ON f.id = i.feed_id
             WHERE i.story_id = ?1 ORDER BY i.first_seen, i.id LIMIT ?2",
        )
        .context("prepare story sources")?;
    let rows = stmt
        .query_map(params![story, MAX_SOURCES], |row| {
            Ok(StorySource {
                feed: row.get(0)?,
                title: row.get(1)?,
                link: row.get(2)?,
                first_seen: row.get(3)?,
            })
        })
        .context("query story sources")?;
    rows.collect::<Result<Vec<_>, _>>()
        .context("read story sources")
}

pub(super) fn alerts_per_day(
    conn: &Connection,
    since: Millis,
) -> Result<Vec<TopicDay>, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT topic, created_at / 86400000 AS day, COUNT(*) FROM alerts
             WHERE created_at >= ?1 GROUP BY topic, day ORDER BY topic, day",
        )
        .context("prepare alerts per day")?;
    let rows = stmt
        .query_map([since], |row| {
            Ok(TopicDay {
                topic: row.get(0)?,
                day: row.get(1)?,
                alerts: row.get(2)?,
            })
        })
        .context("query alerts per day")?;
    rows.collect::<Result<Vec<_>, _>>()
        .context("read alerts per day")
}

/// Sends one delivery again now: a failed one (or one folded into a failed
/// digest or summary) goes back to pending with its attempts reset; a
/// pending one waiting for its retry is made due. False when there is
/// nothing to retry (delivered, or no such delivery).
pub(super) fn requeue_delivery(
    conn: &mut Connection,
    delivery: i64,
    now: Millis,
) -> Result<bool, StoreError> {
    let tx = write_transaction(conn).context("begin delivery retry")?;
    let mut n = tx
        .execute(
            "UPDATE deliveries SET status = 'pending', next_attempt_at = ?2, attempts = 0
             WHERE id = ?1 AND status = 'failed'",
            params![delivery, now],
        )
        .context("retry failed delivery")?;
    n += tx
        .execute(
            "UPDATE deliveries SET status = 'pending', message_id = NULL, next_attempt_at = ?2, attempts = 0
             WHERE id = ?1 AND status = 'folded'
               AND message_id IN (SELECT id FROM messages WHERE status = 'failed')",
            params![delivery, now],
        )
        .context("retry folded delivery")?;
    n += tx
        .execute(
            "UPDATE deliveries SET next_attempt_at = ?2
             WHERE id = ?1 AND status = 'pending' AND next_attempt_at > ?2",
            params![delivery, now],
        )
        .context("hurry pending delivery")?;
    tx.commit().context("commit delivery retry")?;
    Ok(n > 0)
}

pub(super) fn metrics_snapshot(conn: &Connection) -> Result<MetricsSnapshot, StoreError> {
    let (outbox_pending, oldest_pending_at): (i64, Option<Millis>) = conn
        .query_row(
            "SELECT COUNT(*), MIN(d.created_at) FROM deliveries d
             LEFT JOIN messages m ON m.id = d.message_id
             WHERE d.status IN ('pending', 'held') OR (d.status = 'folded' AND m.status = 'pending')",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .context("count pending deliveries")?;
    let incidents = {
        let mut stmt = conn
            .prepare_cached(
                "SELECT incident, COUNT(*) FROM feeds WHERE incident IS NOT NULL GROUP BY incident",
            )
            .context("prepare incident counts")?;
        let rows = stmt
            .query_map([], |row| Ok((row.get::<_, IncidentKind>(0)?, row.get(1)?)))
            .context("query incident counts")?;
        rows.collect::<Result<Vec<_>, _>>()
            .context("read incident counts")?
    };
    let subscriptions = {
        let mut stmt = conn
            .prepare_cached("SELECT state, COUNT(*) FROM websub_subscriptions GROUP BY state")
            .context("prepare subscription counts")?;
        let rows = stmt
            .query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
            })
            .context("query subscription counts")?;
        rows.collect::<Result<Vec<_>, _>>()
            .context("read subscription counts")?
            .into_iter()
            .filter_map(|(state, n)| SubscriptionState::from_key(&state).map(|s| (s, n)))
            .collect()
    };
    Ok(MetricsSnapshot {
        outbox_pending,
        oldest_pending_at,
        incidents,
        subscriptions,
    })
}

const SUBSCRIPTION_COLUMNS: &str =
    "feed, topic, hub, callback_id, secret, state, lease_seconds, expires_at,
     attempts, next_attempt_at, last_error, updated_at";

fn read_subscription(row: &rusqlite::Row) -> rusqlite::Result<Subscription> {
    let state: String = row.get(5)?;
    Ok(Subscription {
        feed: row.get(0)?,
        topic: row.get(1)?,
        hub: row.get(2)?,
        callback_id: row.get(3)?,
        secret: row.get(4)?,
        // The CHECK constraint admits only known keys.
        state: SubscriptionState::from_key(&state).unwrap_or(SubscriptionState::Failed),
        lease_seconds: row.get(6)?,
        expires_at: row.get(7)?,
        attempts: row.get(8)?,
        next_attempt_at: row.get(9)?,
        last_error: row.get(10)?,
        updated_at: row.get(11)?,
    })
}

pub(super) fn subscriptions(conn: &Connection) -> Result<Vec<Subscription>, StoreError> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {SUBSCRIPTION_COLUMNS} FROM websub_subscriptions ORDER BY feed"
        ))
        .context("prepare subscriptions")?;
    let rows = stmt
        .query_map([], read_subscription)
        .context("query subscriptions")?;
    rows.collect::<Result<Vec<_>, _>>()
        .context("read subscriptions")
}

pub(super) fn subscription_by_callback(
    conn: &Connection,
    callback_id: &str,
) -> Result<Option<Subscription>, StoreError> {
    conn.prepare_cached(&format!(
        "SELECT {SUBSCRIPTION_COLUMNS} FROM websub_subscriptions WHERE callback_id = ?1"
    ))
    .context("prepare subscription lookup")?
    .query_row([callback_id], read_subscription)
    .optional()
    .context("look up subscription")
}

pub(super) fn save_subscription(conn: &Connection, s: &Subscription) -> Result<(), StoreError> {
    conn.prepare_cached(&format!(
        "INSERT OR REPLACE INTO websub_subscriptions ({SUBSCRIPTION_COLUMNS})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
    ))
    .context("prepare subscription save")?
    .execute(params![
        s.feed,
        s.topic,
        s.hub,
        s.callback_id,
        s.secret,
        s.state.key(),
        s.lease_seconds,
        s.expires_at,
        s.attempts,
        s.next_attempt_at,
        s.last_error,
        s.updated_at
    ])
    .context("save subscription")?;
    Ok(())
}

pub(super) fn delete_subscription(conn: &Connection, feed: &str) -> Result<(), StoreError> {
    conn.execute("DELETE FROM websub_subscriptions WHERE feed = ?1", [feed])
        .context("delete subscription")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::SqliteStore;
    use crate::store::Backend;
    use crate::store::types::*;

    fn subscription(feed: &str, callback: &str) -> Subscription {
        Subscription {
            feed: feed.into(),
            topic: format!("https://example.org/{feed}.xml"),
            hub: "https://hub.example.org/".into(),
            callback_id: callback.into(),
            secret: "s3cret".into(),
            state: SubscriptionState::Requested,
            lease_seconds: None,
            expires_at: None,
            attempts: 0,
            next_attempt_at: 5,
            last_error: None,
            updated_at: 1,
        }
    }

    #[test]
    fn subscriptions_round_trip_and_count() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = SqliteStore::open(&dir.path().join("fw.db")).expect("open");
        store
            .save_subscription(&subscription("a", "cb-a"))
            .expect("save");
        let mut b = subscription("b", "cb-b");
        b.state = SubscriptionState::Active;
        b.expires_at = Some(99);
        store.save_subscription(&b).expect("save");
        assert_eq!(
            store.subscription_by_callback("cb-b").expect("lookup"),
            Some(b.clone())
        );
        assert_eq!(
            store.subscription_by_callback("nope").expect("lookup"),
            None
        );
        let snapshot = store.metrics_snapshot().expect("snapshot");
        assert_eq!(snapshot.subscriptions.len(), 2);
        assert_eq!(snapshot.outbox_pending, 0);
        store.delete_subscription("a").expect("delete");
        assert_eq!(store.subscriptions().expect("list"), vec![b]);
    }
}
