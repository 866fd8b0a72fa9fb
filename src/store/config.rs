//! `[storage]`: where feedwatch keeps its state. A SQLite file (`path`, the
//! default, one daemon) or a PostgreSQL database (`url`, any number of
//! replicas). The PostgreSQL password comes from `password_file` or a
//! systemd credential (`password_credential`), never from the config or
//! the URL, so the config can be shared and logged.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::diagnostics::{Scope, Spanned};

/// `[storage]` as written. `path` is read by the config stage (it resolves
/// relative to the config file); the rest is validated here.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawStorageConfig {
    pub path: Option<Spanned<String>>,
    url: Option<Spanned<String>>,
    password_file: Option<Spanned<String>>,
    password_credential: Option<Spanned<String>>,
    lease: Option<Spanned<String>>,
    pool_size: Option<Spanned<i64>>,
    pub keep: Option<Spanned<String>>,
}

/// The validated `[storage]` settings other than the SQLite path.
#[derive(Debug, Clone, PartialEq)]
pub struct StorageConfig {
    /// `Some`: the state is in PostgreSQL and `path` is not used.
    pub postgres: Option<PostgresConfig>,
    /// How long a claimed feed or sink stays leased to a replica without a
    /// heartbeat: a dead replica's work is taken over within this period.
    pub lease: Duration,
    /// How long stories are kept once their last report is older than
    /// this (`store/retention.rs`); `None`: forever.
    pub keep: Option<Duration>,
}

impl Default for StorageConfig {
    fn default() -> Self {
        StorageConfig {
            postgres: None,
            lease: DEFAULT_LEASE,
            keep: Some(DEFAULT_KEEP),
        }
    }
}

/// Retention when `[storage] keep` is not set: half a year.
const DEFAULT_KEEP: Duration = Duration::from_secs(180 * 86_400);
/// The shortest retention accepted.
const MIN_KEEP: Duration = Duration::from_secs(7 * 86_400);

/// A lease when `[storage] lease` is not set.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(60);
/// The shortest lease accepted: heartbeats come every third of it.
pub const MIN_LEASE: Duration = Duration::from_secs(3);

/// How to reach a PostgreSQL database.
#[derive(Debug, Clone, PartialEq)]
pub struct PostgresConfig {
    /// The URL as written (it carries no password).
    pub url: String,
    pub password: Option<PasswordSource>,
    /// Connections a replica keeps open at most.
    pub pool_size: usize,
}

/// Where the PostgreSQL password is read from, at each connect (so a
/// rotated password is picked up without a restart).
#[derive(Debug, Clone, PartialEq)]
pub enum PasswordSource {
    File(PathBuf),
    /// A systemd credential: `$CREDENTIALS_DIRECTORY/<name>`
    /// (`LoadCredential=` in the unit).
    Credential(String),
}

impl PasswordSource {
    /// Reads the password (its trailing newline removed).
    pub fn read(&self) -> Result<String, String> {
        let path = match self {
            PasswordSource::File(path) => path.clone(),
            PasswordSource::Credential(name) => {
                let Some(dir) = std::env::var_os("CREDENTIALS_DIRECTORY") else {
                    return Err(format!(
                        "storage.password_credential `{name}`: CREDENTIALS_DIRECTORY is not set (run under systemd with LoadCredential={name}:...)"
                    ));
                };
                Path::new(&dir).join(name)
            }
        };
        crate::files::read_to_string_limited(&path, crate::files::MAX_SMALL_FILE_BYTES)
            .map(|text| text.trim_end_matches(['\n', '\r']).to_string())
            .map_err(|e| format!("cannot read the password from {}: {e}", path.display()))
    }
}

/// `sslmode` values we honour (libpq's, except `allow`).
pub(crate) const SSL_MODES: &[&str] = &["disable", "prefer", "require", "verify-ca", "verify-full"];

impl StorageConfig {
    /// Validates `[storage]`; relative files resolve against `base_dir`.
    pub fn from_raw(raw: &RawStorageConfig, base_dir: &Path, scope: &mut Scope) -> StorageConfig {
        let lease = scope
            .duration_in(
                raw.lease.as_ref(),
                "lease",
                MIN_LEASE..=Duration::from_secs(86_400),
            )
            .unwrap_or(DEFAULT_LEASE);
        let keep = keep(raw.keep.as_ref(), scope);
        let Some(url) = &raw.url else {
            for (value, key) in [
                (&raw.password_file, "password_file"),
                (&raw.password_credential, "password_credential"),
            ] {
                if let Some(value) = value {
                    scope.push(
                        value.span(),
                        key,
                        "only used with `url` (PostgreSQL); remove it or set `url`",
                    );
                }
            }
            return StorageConfig {
                postgres: None,
                lease,
                keep,
            };
        };
        if let Some(path) = &raw.path {
            scope.push(
                path.span(),
                "path",
                "set either `path` (SQLite) or `url` (PostgreSQL), not both",
            );
        }
        check_url(url, scope);
        let password = match (&raw.password_file, &raw.password_credential) {
            (Some(file), Some(_)) => {
                scope.push(
                    file.span(),
                    "password_file",
                    "set either `password_file` or `password_credential`, not both",
                );
                None
            }
            // Relative: in `$CREDENTIALS_DIRECTORY` when set, like every
            // secret file a config names.
            (Some(file), None) => Some(PasswordSource::File(crate::files::secret_path(
                file.get_ref(),
                base_dir,
            ))),
            (None, Some(name)) => {
                if name.get_ref().is_empty() || name.get_ref().contains('/') {
                    scope.push(
                        name.span(),
                        "password_credential",
                        "expected a systemd credential name (no `/`)",
                    );
                }
                Some(PasswordSource::Credential(name.get_ref().clone()))
            }
            (None, None) => None,
        };
        let pool_size = scope
            .integer_in(raw.pool_size.as_ref(), "pool_size", 1..=256)
            .map_or(DEFAULT_POOL_SIZE, |n| n as usize);
        StorageConfig {
            postgres: Some(PostgresConfig {
                url: url.get_ref().clone(),
                password,
                pool_size,
            }),
            lease,
            keep,
        }
    }
}

/// `keep`: a duration from a week to a century, or `forever`.
fn keep(value: Option<&Spanned<String>>, scope: &mut Scope) -> Option<Duration> {
    let Some(value) = value else {
        return Some(DEFAULT_KEEP);
    };
    let text = value.get_ref().trim();
    if text.eq_ignore_ascii_case("forever") {
        return None;
    }
    let range = MIN_KEEP..=Duration::from_secs(36_500 * 86_400);
    let (from, to) = (
        crate::units::format_duration(*range.start()),
        crate::units::format_duration(*range.end()),
    );
    let message = match crate::units::parse_duration(text) {
        Ok(keep) if range.contains(&keep) => return Some(keep),
        Ok(_) => format!(
            "`{text}` is out of range; expected \"forever\" or a duration from {from} to {to}"
        ),
        Err(err) => format!("{err}, or \"forever\"; from {from} to {to}"),
    };
    scope.push(value.span(), "keep", message);
    Some(DEFAULT_KEEP)
}

/// Connections per replica unless `pool_size` says otherwise.
pub const DEFAULT_POOL_SIZE: usize = 8;

fn check_url(url: &Spanned<String>, scope: &mut Scope) {
    let span = url.span();
    let parsed = match url::Url::parse(url.get_ref()) {
        Ok(parsed) => parsed,
        Err(err) => {
            scope.push(
                span.clone(),
                "url",
                format!("not a URL ({err}); expected postgres://user@host/database"),
            );
            return;
        }
    };
    if !matches!(parsed.scheme(), "postgres" | "postgresql") {
        scope.push(
            span.clone(),
            "url",
            format!(
                "unsupported scheme `{}`; expected postgres://user@host/database (SQLite uses `path`)",
                parsed.scheme()
            ),
        );
        return;
    }
    if parsed.password().is_some() {
        scope.push(
            span.clone(),
            "url",
            "the URL contains a password; remove it and use `password_file` or `password_credential`",
        );
    }
    for (key, value) in parsed.query_pairs() {
        match key.as_ref() {
            "password" => scope.push(
                span.clone(),
                "url",
                "the URL contains a password; remove it and use `password_file` or `password_credential`",
            ),
            "sslmode" if !SSL_MODES.contains(&value.as_ref()) => scope.push(
                span.clone(),
                "url",
                format!(
                    "unknown sslmode `{value}`; expected one of {}",
                    SSL_MODES.join(", ")
                ),
            ),
            _ => {}
        }
    }
}
