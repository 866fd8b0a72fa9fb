//! Feedback, as `sqlite/verdicts.rs`: verdicts, suppressed matches, settings.

use postgres::{GenericClient, Row};

use super::{Context, Fail, Sql};
use crate::model::{AlertId, ItemId, Millis};
use crate::store::StoreError;
use crate::store::types::*;

macro_rules! verdict_select {
    ($where:literal) => {
        concat!(
            "SELECT v.id, v.topic, v.item_id, v.alert_id, v.relevant, v.note, v.source,
                    v.features, v.created_at, v.undone_at, f.name, i.title, i.story_id
             FROM verdicts v JOIN items i ON i.id = v.item_id JOIN feeds f ON f.id = i.feed_id ",
            $where
        )
    };
}

fn read_verdict(row: &Row) -> Result<Verdict, Fail> {
    let get = |e| Fail::Pg("read verdict", e);
    Ok(Verdict {
        id: row.try_get(0).map_err(get)?,
        topic: row.try_get(1).map_err(get)?,
        item: ItemId(row.try_get(2).map_err(get)?),
        alert: row
            .try_get::<_, Option<String>>(3)
            .map_err(get)?
            .map(AlertId::new),
        relevant: row.try_get::<_, i64>(4).map_err(get)? != 0,
        note: row.try_get(5).map_err(get)?,
        source: row.try_get(6).map_err(get)?,
        features: row.try_get(7).map_err(get)?,
        created_at: row.try_get(8).map_err(get)?,
        undone_at: row.try_get(9).map_err(get)?,
        feed: row.try_get(10).map_err(get)?,
        title: row.try_get(11).map_err(get)?,
        story: crate::store::StoryId(row.try_get(12).map_err(get)?),
    })
}

fn by_id<C: GenericClient>(sql: &mut Sql<'_, C>, id: i64) -> Result<Option<Verdict>, Fail> {
    sql.query_opt(verdict_select!("WHERE v.id = $1"), &[&id])
        .context("load verdict")?
        .as_ref()
        .map(read_verdict)
        .transpose()
}

pub(super) fn record<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    verdict: &NewVerdict,
    now: Millis,
) -> Result<Verdict, Fail> {
    // Lock the item's row: two verdicts on it at once must not both stay in force.
    sql.execute(
        "SELECT 1 FROM items WHERE id = $1 FOR UPDATE",
        &[&verdict.item.0],
    )
    .context("lock judged item")?;
    sql.execute(
        "UPDATE verdicts SET undone_at = $3
         WHERE topic = $1 AND item_id = $2 AND undone_at IS NULL",
        &[&verdict.topic, &verdict.item.0, &now],
    )
    .context("supersede verdict")?;
    let id: i64 = sql
        .query_one(
            "INSERT INTO verdicts (topic, item_id, alert_id, relevant, note, source, features, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            &[
                &verdict.topic,
                &verdict.item.0,
                &verdict.alert.as_ref().map(|a| a.as_str()),
                &i64::from(verdict.relevant),
                &verdict.note,
                &verdict.source,
                &verdict.features,
                &now,
            ],
        )
        .context("insert verdict")?
        .try_get(0)
        .context("read verdict id")?;
    by_id(sql, id)?.ok_or_else(|| {
        Fail::Store(StoreError::Query {
            action: "read the verdict back",
            reason: format!("verdict {id} vanished"),
        })
    })
}

pub(super) fn undo<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    id: i64,
    now: Millis,
) -> Result<Option<Verdict>, Fail> {
    let changed = sql
        .execute(
            "UPDATE verdicts SET undone_at = $2 WHERE id = $1 AND undone_at IS NULL",
            &[&id, &now],
        )
        .context("undo verdict")?;
    if changed == 0 {
        return Ok(None);
    }
    by_id(sql, id)
}

pub(super) fn list<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    filter: &VerdictFilter,
    limit: usize,
) -> Result<Vec<Verdict>, Fail> {
    sql.query(
        verdict_select!(
            "WHERE ($1::text IS NULL OR v.topic = $1::text) AND ($2 OR v.undone_at IS NULL)
             ORDER BY v.id DESC LIMIT $3"
        ),
        &[
            &filter.topic,
            &filter.include_undone,
            &(limit.min(i64::MAX as usize) as i64),
        ],
    )
    .context("query verdicts")?
    .iter()
    .map(read_verdict)
    .collect()
}

pub(super) fn version<C: GenericClient>(sql: &mut Sql<'_, C>) -> Result<(i64, i64), Fail> {
    let row = sql
        .query_one(
            "SELECT COALESCE(MAX(id), 0)::bigint, COUNT(undone_at) FROM verdicts",
            &[],
        )
        .context("read verdict version")?;
    let get = |e| Fail::Pg("read verdict version", e);
    Ok((row.try_get(0).map_err(get)?, row.try_get(1).map_err(get)?))
}

pub(super) fn suppressed<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    topic: Option<&str>,
    limit: usize,
) -> Result<Vec<SuppressedMatch>, Fail> {
    sql.query(
        "SELECT m.item_id, m.topic, f.name, i.title, i.link, i.first_seen, m.model
         FROM matches m JOIN items i ON i.id = m.item_id JOIN feeds f ON f.id = i.feed_id
         WHERE m.suppressed = 1 AND ($1::text IS NULL OR m.topic = $1::text)
         ORDER BY m.item_id DESC LIMIT $2",
        &[&topic, &(limit.min(i64::MAX as usize) as i64)],
    )
    .context("query suppressed matches")?
    .iter()
    .map(|row| {
        let get = |e| Fail::Pg("read suppressed matches", e);
        Ok(SuppressedMatch {
            item: ItemId(row.try_get(0).map_err(get)?),
            topic: row.try_get(1).map_err(get)?,
            feed: row.try_get(2).map_err(get)?,
            title: row.try_get(3).map_err(get)?,
            link: row.try_get(4).map_err(get)?,
            first_seen: row.try_get(5).map_err(get)?,
            model: row.try_get(6).map_err(get)?,
        })
    })
    .collect()
}

pub(super) fn alert_origin<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    id: &AlertId,
) -> Result<Option<AlertOrigin>, Fail> {
    let Some(row) = sql
        .query_opt(
            "SELECT topic, item_id FROM alerts WHERE id = $1",
            &[&id.as_str()],
        )
        .context("load alert origin")?
    else {
        return Ok(None);
    };
    let get = |e| Fail::Pg("read alert origin", e);
    Ok(Some(AlertOrigin {
        topic: row.try_get(0).map_err(get)?,
        item: row.try_get::<_, Option<i64>>(1).map_err(get)?.map(ItemId),
    }))
}

pub(super) fn setting_or_insert<C: GenericClient>(
    sql: &mut Sql<'_, C>,
    name: &str,
    value: &str,
) -> Result<String, Fail> {
    sql.execute(
        "INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        &[&name, &value],
    )
    .context("store setting")?;
    sql.query_one("SELECT value FROM settings WHERE name = $1", &[&name])
        .context("read setting")?
        .try_get(0)
        .context("read setting")
}
