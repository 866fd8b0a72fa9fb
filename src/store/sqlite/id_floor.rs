//! Ids SQLite would give again. A rowid table numbers a new row after the
//! largest id left, so once retention forgot the newest rows, a new item
//! would take a forgotten item's number (`feedwatch show 1234`, a link, a
//! verdict) and a new delivery a forgotten delivery's. Retention records
//! the largest id it forgot (a row of `settings`), and the next row is
//! numbered after it; the setting goes with that row. PostgreSQL's
//! sequences never go back; `migrate` carries the floors into them.

use rusqlite::{OptionalExtension, Transaction, params};

use super::Context;
use crate::store::StoreError;

/// A table whose ids must not come back, and the setting of its floor.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IdFloor {
    pub(crate) table: &'static str,
    pub(crate) setting: &'static str,
}

pub(crate) const ITEMS: IdFloor = IdFloor {
    table: "items",
    setting: "item_id_floor",
};

pub(crate) const DELIVERIES: IdFloor = IdFloor {
    table: "deliveries",
    setting: "delivery_id_floor",
};

/// Every table with a floor.
pub(crate) const ALL: [IdFloor; 2] = [ITEMS, DELIVERIES];

impl IdFloor {
    /// The largest stored id, 0 when the table is empty.
    pub(super) fn newest(&self, tx: &Transaction) -> Result<i64, StoreError> {
        tx.prepare_cached(&format!("SELECT coalesce(max(id), 0) FROM {}", self.table))
            .context("prepare the newest id")?
            .query_row([], |row| row.get(0))
            .context("read the newest id")
    }

    /// After rows were deleted: `top` was the largest id before. If the
    /// largest went, remember it (the larger of it and an earlier floor).
    pub(super) fn forgot(&self, tx: &Transaction, top: i64) -> Result<(), StoreError> {
        if self.newest(tx)? >= top {
            return Ok(());
        }
        tx.execute(
            "INSERT INTO settings (name, value) VALUES (?1, ?2)
             ON CONFLICT (name) DO UPDATE
             SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
            params![self.setting, top],
        )
        .context("remember the largest forgotten id")?;
        Ok(())
    }

    /// The id the next new row must take (`None`: SQLite's own choice, the
    /// largest id plus one, is right); the floor, if any, goes with it, in
    /// the caller's transaction.
    pub(super) fn next_id(&self, tx: &Transaction) -> Result<Option<i64>, StoreError> {
        let floor: Option<i64> = tx
            .prepare_cached("SELECT CAST(value AS INTEGER) FROM settings WHERE name = ?1")
            .context("prepare the id floor")?
            .query_row([self.setting], |row| row.get(0))
            .optional()
            .context("read the id floor")?;
        let Some(floor) = floor else {
            return Ok(None);
        };
        tx.execute("DELETE FROM settings WHERE name = ?1", [self.setting])
            .context("clear the id floor")?;
        Ok(Some(floor.max(self.newest(tx)?) + 1))
    }
}
