//! The store stage: SQLite through rusqlite. **Architecture invariant:** all
//! SQL of feedwatch lives in this module.
//!
//! One connection, behind a mutex, used from tokio's blocking pool so the
//! async runtime never waits on SQLite. WAL mode with `synchronous=NORMAL`:
//! a committed transaction survives a process crash (a power cut may lose
//! the last few, never corrupt the file). Every write that must be atomic
//! (an item, its matches, its alerts and their deliveries) is one transaction.

pub mod feeds;
pub mod items;
mod migrations;
pub mod outbox;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use feeds::{FeedHealth, FeedState, PollRecord};
pub use items::{IngestEntry, IngestReport, NewAlert, PollSuccess, Recipient, StoredItem};
pub use migrations::SCHEMA_VERSION;
pub use outbox::{DeliveryCounts, DeliveryRow, HeadKind, HeadRow, PendingDelivery};

/// Errors from the database. Each names what was being done.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path}: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error(
        "database {path} has schema version {found}, newer than this feedwatch understands ({supported}); upgrade feedwatch or restore a backup"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("database {action}: {source}")]
    Sqlite {
        action: &'static str,
        #[source]
        source: rusqlite::Error,
    },
    #[error("database {path}: {reason}")]
    Locked { path: PathBuf, reason: String },
    #[error("database task failed: {0}")]
    Task(String),
}

pub(crate) trait Context<T> {
    fn context(self, action: &'static str) -> Result<T, StoreError>;
}

impl<T> Context<T> for Result<T, rusqlite::Error> {
    fn context(self, action: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Sqlite { action, source })
    }
}

/// A handle to the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating if needed) and migrates the database.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        if let Some(parent) = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty() && !p.exists())
        {
            {
                std::fs::create_dir_all(parent).map_err(|e| StoreError::Open {
                    path: path.to_path_buf(),
                    source: rusqlite::Error::InvalidPath(PathBuf::from(format!(
                        "{}: {e}",
                        parent.display()
                    ))),
                })?;
            }
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
        conn.busy_timeout(Duration::from_secs(5))
            .map_err(open_err)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(open_err)?;
        // Checkpoint the WAL every ~40 MB instead of every 4 MB: a first poll
        // of thousands of feeds writes hundreds of MB, and each checkpoint
        // stalls the one writer (measured: 477 -> 534 feeds/s, BENCHMARKS.md).
        conn.pragma_update(None, "wal_autocheckpoint", 10_000)
            .map_err(open_err)?;
        migrate(&mut conn, path)?;
        Ok(Store {
            conn: Arc::new(Mutex::new(conn)),
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` with the connection on tokio's blocking pool.
    pub async fn call<F, R>(&self, f: F) -> Result<R, StoreError>
    where
        F: FnOnce(&mut Connection) -> Result<R, StoreError> + Send + 'static,
        R: Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            // A poisoned lock means a panic happened while holding it; SQLite
            // rolled back any open transaction, so the connection is usable.
            let mut guard = conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(|e| StoreError::Task(e.to_string()))?
    }

    /// Runs `f` with the connection on the current thread (CLI commands, tests).
    pub fn call_sync<R>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let mut guard = self
            .conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut guard)
    }
}

fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .context("read schema version")?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    for (index, sql) in migrations::MIGRATIONS
        .iter()
        .enumerate()
        .skip(version as usize)
    {
        let tx = conn.transaction().context("begin migration")?;
        tx.execute_batch(sql).context("apply migration")?;
        tx.pragma_update(None, "user_version", index as i64 + 1)
            .context("record schema version")?;
        tx.commit().context("commit migration")?;
    }
    Ok(())
}

/// A cheap query proving the database answers (for the watchdog).
pub fn ping(conn: &mut Connection) -> Result<(), StoreError> {
    conn.query_row("SELECT 1", [], |_| Ok(())).context("ping")
}

/// An exclusive lock on a database, held by the running daemon for its
/// whole life, so a second daemon on the same file is refused instead of
/// interleaving its writes. Released when dropped or when the process dies.
#[derive(Debug)]
pub struct DatabaseLock {
    _file: std::fs::File,
    pub path: PathBuf,
}

/// Takes the lock file `<database>.lock`, recording our pid in it.
pub fn lock_database(database: &Path) -> Result<DatabaseLock, StoreError> {
    use std::io::{Read, Seek, Write};
    let path = lock_path(database);
    let io_err = |e: std::io::Error| StoreError::Locked {
        path: path.clone(),
        reason: e.to_string(),
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io_err)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io_err)?;
    if file.try_lock().is_err() {
        let mut holder = String::new();
        let _ = file.read_to_string(&mut holder);
        return Err(StoreError::Locked {
            path: path.clone(),
            reason: format!(
                "another feedwatch (pid {}) is running on this database",
                holder
                    .trim()
                    .parse::<u32>()
                    .map_or_else(|_| "unknown".to_string(), |p| p.to_string())
            ),
        });
    }
    file.set_len(0).map_err(io_err)?;
    file.rewind().map_err(io_err)?;
    write!(file, "{}", std::process::id()).map_err(io_err)?;
    file.flush().map_err(io_err)?;
    Ok(DatabaseLock { _file: file, path })
}

/// The pid recorded in a database's lock file while a daemon holds it.
pub fn lock_holder(database: &Path) -> Option<u32> {
    let path = lock_path(database);
    let file = std::fs::File::open(&path).ok()?;
    // If we can take the lock ourselves, nobody holds it.
    if file.try_lock_shared().is_ok() {
        return None;
    }
    std::fs::read_to_string(&path).ok()?.trim().parse().ok()
}

fn lock_path(database: &Path) -> PathBuf {
    let mut path = database.as_os_str().to_owned();
    path.push(".lock");
    PathBuf::from(path)
}

/// Milliseconds since the Unix epoch: the one time unit stored in the database.
pub type Millis = i64;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_and_are_idempotent() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("fw.db");
        Store::open(&path).expect("first open");
        let store = Store::open(&path).expect("second open");
        let version: i64 = store
            .call_sync(|c| {
                c.query_row("PRAGMA user_version", [], |r| r.get(0))
                    .context("v")
            })
            .expect("version");
        assert_eq!(version, SCHEMA_VERSION);
    }

    #[test]
    fn refuses_a_newer_schema() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("fw.db");
        {
            let conn = Connection::open(&path).expect("open");
            conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
                .expect("set");
        }
        let err = Store::open(&path).expect_err("must refuse");
        assert!(
            err.to_string()
                .contains("newer than this feedwatch understands"),
            "{err}"
        );
    }
}
