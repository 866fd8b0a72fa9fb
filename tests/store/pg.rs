//! A throwaway PostgreSQL server per test: `initdb` once per test process
//! into a template (as the `postgres` user when we are root, since initdb
//! refuses root), then per test a copy of it started with `pg_ctl` on a
//! loopback port and a private Unix socket directory. Password
//! authentication (SCRAM) is on, so the client's `password_file` is used.
//!
//! A [`PgServer`] stops its server with `pg_ctl stop -m immediate` when
//! dropped, panics included; a small watcher process does the same (and
//! removes the files) if the test process dies without dropping it.
//!
//! Without PostgreSQL's server binaries, `PgServer::start` prints why and
//! returns `None`, and the test passes as skipped, unless
//! `FEEDWATCH_REQUIRE_POSTGRES=1` (CI) makes that a failure.

use std::net::TcpListener;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use feedwatch::store::{PasswordSource, PostgresConfig};

const PASSWORD: &str = "feedwatch-test-pw";

/// A running server and its files.
pub(crate) struct PgServer {
    bin: PathBuf,
    dir: PathBuf,
    pub port: u16,
}

static TEMPLATE: OnceLock<Result<(PathBuf, PathBuf), String>> = OnceLock::new();
static SERVERS: AtomicUsize = AtomicUsize::new(0);

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

/// Where initdb and pg_ctl are: `FEEDWATCH_PG_BIN`, then Debian's
/// `/usr/lib/postgresql/<version>/bin` (newest first), then `PATH`.
fn bin_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("FEEDWATCH_PG_BIN") {
        return Some(PathBuf::from(dir));
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Some(bin);
    }
    std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .find(|p| p.join("initdb").is_file() && p.join("pg_ctl").is_file())
    })
}

/// Runs a PostgreSQL tool, as `postgres` when we are root.
fn pg_command(bin: &Path, tool: &str) -> Command {
    if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(bin.join(tool));
        command
    } else {
        Command::new(bin.join(tool))
    }
}

fn run(mut command: Command, what: &str) -> Result<(), String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{what}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// A directory the server's user owns.
fn owned_dir(path: &Path) -> Result<(), String> {
    std::fs::create_dir_all(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if is_root() {
        run(
            {
                let mut c = Command::new("chown");
                c.args(["-R", "postgres:postgres"]).arg(path);
                c
            },
            "chown",
        )?;
    }
    Ok(())
}

/// Starts a detached watcher that waits for this process to end, then runs
/// `script` (stops the server, removes files): a test killed or aborted
/// leaves nothing running.
fn watch_parent(script: &str) {
    let pid = std::process::id();
    let _ = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {script}"
        ))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn();
}

fn template() -> Result<(PathBuf, PathBuf), String> {
    TEMPLATE
        .get_or_init(|| {
            let bin = bin_dir().ok_or_else(|| {
                "no PostgreSQL server binaries (initdb, pg_ctl) found".to_string()
            })?;
            let dir =
                std::env::temp_dir().join(format!("feedwatch-pg-{}-template", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            owned_dir(&dir)?;
            watch_parent(&format!("rm -rf '{}'", dir.display()));
            let pwfile = dir.join("pw");
            std::fs::write(&pwfile, PASSWORD).map_err(|e| e.to_string())?;
            owned_dir(&dir)?;
            let mut initdb = pg_command(&bin, "initdb");
            initdb
                .arg("-D")
                .arg(dir.join("data"))
                .args([
                    "-U",
                    "postgres",
                    "--auth=scram-sha-256",
                    "-E",
                    "UTF8",
                    "--no-sync",
                    "--locale=C",
                ])
                .arg(format!("--pwfile={}", pwfile.display()));
            run(initdb, "initdb")?;
            Ok((bin, dir.join("data")))
        })
        .clone()
}

impl PgServer {
    /// A fresh server, or `None` (with the reason printed) when PostgreSQL
    /// is not installed.
    pub(crate) fn start() -> Option<PgServer> {
        match PgServer::try_start() {
            Ok(server) => Some(server),
            Err(reason) => {
                if std::env::var_os("FEEDWATCH_REQUIRE_POSTGRES").is_some_and(|v| v == "1") {
                    panic!("PostgreSQL is required (FEEDWATCH_REQUIRE_POSTGRES=1): {reason}");
                }
                eprintln!(
                    "SKIPPED: this test needs PostgreSQL ({reason}); install the server (README: PostgreSQL and replicas) or set FEEDWATCH_PG_BIN"
                );
                None
            }
        }
    }

    fn try_start() -> Result<PgServer, String> {
        let (bin, template) = template()?;
        let n = SERVERS.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("feedwatch-pg-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        run(
            {
                let mut c = Command::new("cp");
                c.arg("-a").arg(&template).arg(dir.join("data"));
                c
            },
            "copy the template cluster",
        )?;
        owned_dir(&dir)?;
        std::fs::write(dir.join("password"), PASSWORD).map_err(|e| e.to_string())?;
        let data = dir.join("data");
        watch_parent(&format!(
            "{} -D '{}' -m immediate stop; rm -rf '{}'",
            if is_root() {
                format!("runuser -u postgres -- '{}'", bin.join("pg_ctl").display())
            } else {
                format!("'{}'", bin.join("pg_ctl").display())
            },
            data.display(),
            dir.display()
        ));
        let mut last = String::new();
        for _ in 0..3 {
            let port = TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .map_err(|e| e.to_string())?
                .port();
            let mut start = pg_command(&bin, "pg_ctl");
            start
                .arg("-D")
                .arg(&data)
                .arg("-l")
                .arg(dir.join("log"))
                .arg("-o")
                .arg(format!(
                    "-p {port} -k '{}' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                    dir.display()
                ))
                .args(["-w", "-t", "30", "start"]);
            match run(start, "pg_ctl start") {
                Ok(()) => return Ok(PgServer { bin, dir, port }),
                Err(err) => {
                    last = format!(
                        "{err}\n{}",
                        std::fs::read_to_string(dir.join("log")).unwrap_or_default()
                    )
                }
            }
        }
        Err(last)
    }

    /// The URL of the `postgres` database (no password in it).
    pub(crate) fn url(&self) -> String {
        format!(
            "postgres://postgres@127.0.0.1:{}/postgres?sslmode=disable",
            self.port
        )
    }

    /// The password file clients read.
    pub(crate) fn password_file(&self) -> PathBuf {
        self.dir.join("password")
    }

    /// A `[storage]` config for this server.
    pub(crate) fn config(&self) -> PostgresConfig {
        PostgresConfig {
            url: self.url(),
            password: Some(PasswordSource::File(self.password_file())),
            pool_size: 4,
        }
    }

    /// `[storage]` lines for a config file.
    pub(crate) fn storage_toml(&self) -> String {
        format!(
            "[storage]\nurl = \"{}\"\npassword_file = \"{}\"\n",
            self.url(),
            self.password_file().display()
        )
    }

    /// Starts psql running `sql` in the background (as [`PgServer::psql`]):
    /// a second session, e.g. one holding a lock for a while.
    pub(crate) fn spawn_psql(&self, sql: &str) -> std::process::Child {
        Command::new(self.bin.join("psql"))
            .env("PGPASSWORD", PASSWORD)
            .args(["-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d"])
            .arg(self.url())
            .arg("-c")
            .arg(sql)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .expect("run psql")
    }

    /// Runs SQL with psql (as the test's superuser), returning its output
    /// (unaligned, tuples only).
    pub(crate) fn psql(&self, sql: &str) -> String {
        let output = Command::new(self.bin.join("psql"))
            .env("PGPASSWORD", PASSWORD)
            .args(["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d"])
            .arg(self.url())
            .arg("-c")
            .arg(sql)
            .stdin(Stdio::null())
            .output()
            .expect("run psql");
        assert!(
            output.status.success(),
            "psql {sql}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let mut stop = pg_command(&self.bin, "pg_ctl");
        stop.arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "immediate", "stop"]);
        let _ = run(stop, "pg_ctl stop");
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
