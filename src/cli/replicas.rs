//! `feedwatch replicas` (the daemons sharing a database, their leases and
//! heartbeats) and `feedwatch migrate` (SQLite to PostgreSQL).

use std::path::Path;
use std::process::ExitCode;

use crate::config::Config;
use crate::store::{
    Backend, PasswordSource, PostgresConfig, PostgresStore, ReplicaStatus, SqliteStore,
};

use super::format_time;
use super::tool::Tool;

/// The replicas registered in the database, `live` as their heartbeats
/// say; on SQLite, also only while a process holds the database's lock (a
/// daemon killed with SIGKILL heartbeats no more, but its last heartbeat
/// would count as live for a lease period).
fn replicas_now(db: &dyn Backend, config: &Config) -> anyhow::Result<Vec<ReplicaStatus>> {
    let now = chrono::Utc::now().timestamp_millis();
    let lease = crate::units::millis_i64(config.storage.lease);
    let mut replicas = db.replicas(now, lease)?;
    if config.storage.postgres.is_none()
        && crate::store::lock_holder(&config.storage_path).is_none()
    {
        for replica in &mut replicas {
            replica.live = false;
        }
    }
    Ok(replicas)
}

/// Lines warning about live replicas whose config differs from `config`.
pub(crate) fn differing_configs(db: &dyn Backend, config: &Config) -> anyhow::Result<Vec<String>> {
    Ok(replicas_now(db, config)?
        .into_iter()
        .filter(|r| r.live && r.config_hash != config.hash)
        .map(|r| {
            format!(
                "replica {} (pid {} on {}) runs config {}, not this config ({}); replicas should share one config",
                r.id, r.pid, r.host, r.config_hash, config.hash
            )
        })
        .collect())
}

pub(super) fn replicas(tool: &Tool, json: bool) -> anyhow::Result<ExitCode> {
    // Read-only: listing never creates a database (nor its schema).
    let store = tool.read_only()?;
    let config = &tool.config;
    let now = chrono::Utc::now().timestamp_millis();
    let replicas = replicas_now(store.backend(), config)?;
    if json {
        out!("{}", serde_json::to_string_pretty(&replicas)?);
        return Ok(ExitCode::SUCCESS);
    }
    out!(
        "{:<32} {:<5} {:<8} {:>7} {:<19} {:<19} {:<17} sinks",
        "replica",
        "live",
        "pid",
        "feeds",
        "started",
        "heartbeat",
        "config"
    );
    for r in &replicas {
        let config_note = if r.config_hash == config.hash {
            r.config_hash.clone()
        } else {
            format!("{} (differs)", r.config_hash)
        };
        out!(
            "{:<32} {:<5} {:<8} {:>7} {:<19} {:<19} {:<17} {}",
            r.id,
            if r.live { "yes" } else { "no" },
            r.pid,
            r.leased_feeds,
            format_time(Some(r.started_at)),
            format!(
                "{} ({}s ago)",
                format_time(Some(r.heartbeat_at)).get(11..).unwrap_or(""),
                (now - r.heartbeat_at).max(0) / 1000
            ),
            config_note,
            r.sinks.join(", ")
        );
        if let Some(until) = r.lease_until {
            out!("    feed leases until {}", format_time(Some(until)));
        }
    }
    if replicas.is_empty() {
        out!("(no replica has registered; `feedwatch run` registers itself)");
    }
    Ok(ExitCode::SUCCESS)
}

/// `feedwatch migrate --from sqlite:PATH --to postgres://...`.
pub(super) fn migrate(
    from: &str,
    to: &str,
    password_file: Option<&Path>,
    password_credential: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let Some(path) = from.strip_prefix("sqlite:") else {
        anyhow::bail!("--from must be sqlite:PATH (the SQLite database to copy), got `{from}`");
    };
    if !(to.starts_with("postgres://") || to.starts_with("postgresql://")) {
        anyhow::bail!("--to must be a postgres:// URL, got `{to}`");
    }
    if url::Url::parse(to).is_ok_and(|u| u.password().is_some()) {
        anyhow::bail!(
            "--to must not contain a password; use --password-file or --password-credential"
        );
    }
    let password = match (password_file, password_credential) {
        (Some(file), _) => Some(PasswordSource::File(file.to_path_buf())),
        (None, Some(name)) => Some(PasswordSource::Credential(name.to_string())),
        (None, None) => None,
    };
    let source = SqliteStore::open_read_only(Path::new(path), "--from")?;
    let target = PostgresStore::open(&PostgresConfig {
        url: to.to_string(),
        password,
        pool_size: 1,
    })?;
    let report = crate::store::copy_sqlite_to_postgres(&source, &target)?;
    for (table, rows) in &report.tables {
        out!("{table:<12} {rows:>9} rows");
    }
    out!(
        "copied {path} into {to}; pending deliveries: {} (they go out from the replicas now; stop the SQLite daemon before starting them)",
        target.delivery_counts()?.pending
    );
    Ok(ExitCode::SUCCESS)
}
