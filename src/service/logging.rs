//! Log output: human text, JSON lines, or native journald records.
//!
//! `auto` (the default under the unit file) picks the journal when stderr
//! *is* the journal: systemd then sets `JOURNAL_STREAM=<dev>:<inode>` to the
//! identity of the stream it connected to stderr (`systemd.exec(5)`).
//! Comparing it with an `fstat` of fd 2 (rather than trusting the variable's
//! mere presence) matters because the variable is inherited: `feedwatch
//! check` run from a shell started by a service, or with stderr redirected
//! to a file, must not send its output to the journal. Native records keep
//! the level as the journal priority and the event's fields as
//! `F_<FIELD>=` (e.g. `journalctl -u feedwatch F_FEED=defense-news`).
//!
//! Otherwise logs are text on stderr, with colours only when stderr is a
//! terminal, so redirected logs and `StandardError=file:` hold no escape
//! codes.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Where and how logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LogFormat {
    /// The journal when stderr is connected to it (under systemd), else text.
    #[default]
    Auto,
    /// Human-readable lines on stderr.
    Text,
    /// One JSON object a line on stderr.
    Json,
    /// Native journald records (falls back to text when there is no journal).
    Journald,
}

/// Installs the global `tracing` subscriber and returns the format in use
/// (never `Auto`; `Text` when the journal was asked for but is unavailable).
///
/// The filter is `RUST_LOG` when set and valid, else `level`, else `info`;
/// a filter that does not parse is reported as a warning once logging runs.
/// Calling it again (tests that run the CLI twice in one process) keeps the
/// first subscriber.
pub(crate) fn init(format: LogFormat, level: &str) -> LogFormat {
    let mut warnings = Vec::new();
    let filter = build_filter(
        std::env::var("RUST_LOG").ok().as_deref(),
        level,
        &mut warnings,
    );

    let wanted = match format {
        LogFormat::Auto => {
            let stream = std::env::var("JOURNAL_STREAM").ok();
            if journal_stream_matches(stream.as_deref(), stderr_identity()) {
                LogFormat::Journald
            } else {
                LogFormat::Text
            }
        }
        other => other,
    };

    let used = match wanted {
        LogFormat::Journald => match tracing_journald::layer() {
            Ok(layer) => {
                // The default identifier is argv[0]'s file name, which is
                // whatever the binary was installed or symlinked as; the
                // unit's logs should be findable as `-t feedwatch`.
                let layer = layer.with_syslog_identifier("feedwatch".to_owned());
                // Err only if a subscriber is already set: keep that one.
                let _ = tracing_subscriber::registry()
                    .with(filter)
                    .with(layer)
                    .try_init();
                LogFormat::Journald
            }
            Err(err) => {
                warnings.push(format!(
                    "journald logging requested but the journal socket is unavailable ({err}); logging text to stderr"
                ));
                init_text(filter);
                LogFormat::Text
            }
        },
        LogFormat::Json => {
            let _ = tracing_subscriber::fmt()
                .json()
                .with_env_filter(filter)
                .with_writer(std::io::stderr)
                .try_init();
            LogFormat::Json
        }
        LogFormat::Text | LogFormat::Auto => {
            init_text(filter);
            LogFormat::Text
        }
    };

    for warning in warnings {
        tracing::warn!("{warning}");
    }
    used
}

fn init_text(filter: EnvFilter) {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

/// `RUST_LOG` when set, non-empty and valid; else `level`; else `info`.
fn build_filter(rust_log: Option<&str>, level: &str, warnings: &mut Vec<String>) -> EnvFilter {
    if let Some(spec) = rust_log.filter(|s| !s.trim().is_empty()) {
        match EnvFilter::try_new(spec) {
            Ok(filter) => return filter,
            Err(err) => warnings.push(format!("ignoring RUST_LOG={spec:?}: {err}")),
        }
    }
    match EnvFilter::try_new(level) {
        Ok(filter) => filter,
        Err(err) => {
            warnings.push(format!(
                "invalid log level {level:?} ({err}); using \"info\""
            ));
            EnvFilter::new("info")
        }
    }
}

/// The (device, inode) of fd 2, or `None` if stderr is closed.
fn stderr_identity() -> Option<(u64, u64)> {
    use std::os::fd::AsFd;
    fd_identity(std::io::stderr().as_fd())
}

/// The (device, inode) of an open file descriptor.
fn fd_identity(fd: std::os::fd::BorrowedFd<'_>) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    // fstat on a duplicate: same open file description, so the same
    // device and inode, without unsafe code or taking ownership of `fd`.
    let fd = fd.try_clone_to_owned().ok()?;
    let meta = std::fs::File::from(fd).metadata().ok()?;
    Some((meta.dev(), meta.ino()))
}

/// Whether `JOURNAL_STREAM` (`<device>:<inode>`, both decimal) names the
/// stream that stderr is.
fn journal_stream_matches(journal_stream: Option<&str>, stderr: Option<(u64, u64)>) -> bool {
    let (Some(value), Some(stderr)) = (journal_stream, stderr) else {
        return false;
    };
    let Some((dev, ino)) = value.trim().split_once(':') else {
        return false;
    };
    match (dev.parse::<u64>(), ino.parse::<u64>()) {
        (Ok(dev), Ok(ino)) => (dev, ino) == stderr,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_stream_must_name_stderr() {
        assert!(journal_stream_matches(Some("8:12345"), Some((8, 12345))));
        assert!(!journal_stream_matches(Some("8:12345"), Some((8, 12346))));
        assert!(!journal_stream_matches(Some("8:12345"), None));
        assert!(!journal_stream_matches(None, Some((8, 12345))));
        assert!(!journal_stream_matches(Some(""), Some((0, 0))));
        assert!(!journal_stream_matches(Some("8"), Some((8, 0))));
        assert!(!journal_stream_matches(Some("a:b"), Some((8, 0))));
        assert!(!journal_stream_matches(Some("8:-1"), Some((8, 0))));
    }

    #[test]
    fn stderr_identity_matches_fstat_of_a_known_file() {
        use std::os::fd::AsFd;
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        let file_a = std::fs::File::create(&a).expect("create a");
        let file_b = std::fs::File::create(&b).expect("create b");
        let stat = |path: &std::path::Path| {
            let meta = std::fs::metadata(path).expect("stat");
            (meta.dev(), meta.ino())
        };
        // The descriptor's identity is the file's, by path.
        assert_eq!(fd_identity(file_a.as_fd()), Some(stat(&a)));
        assert_eq!(fd_identity(file_b.as_fd()), Some(stat(&b)));
        assert_ne!(fd_identity(file_a.as_fd()), fd_identity(file_b.as_fd()));
        // And stderr's is what the kernel says fd 2 is (a pipe, a terminal
        // or a file, whatever the harness gave), when /proc can tell.
        if let Ok(meta) = std::fs::metadata("/proc/self/fd/2") {
            assert_eq!(stderr_identity(), Some((meta.dev(), meta.ino())));
        }
        // A JOURNAL_STREAM naming that file matches it, the other does not.
        let (dev, ino) = stat(&a);
        let stream = format!("{dev}:{ino}");
        assert!(journal_stream_matches(
            Some(&stream),
            fd_identity(file_a.as_fd())
        ));
        assert!(!journal_stream_matches(
            Some(&stream),
            fd_identity(file_b.as_fd())
        ));
    }

    #[test]
    fn filter_prefers_valid_rust_log() {
        let mut warnings = Vec::new();
        let f = build_filter(Some("feedwatch=debug"), "warn", &mut warnings);
        assert_eq!(f.to_string(), "feedwatch=debug");
        assert!(warnings.is_empty());

        let f = build_filter(Some("  "), "warn", &mut warnings);
        assert_eq!(f.to_string(), "warn");
        assert!(warnings.is_empty());

        let f = build_filter(Some("feedwatch=[bad"), "warn", &mut warnings);
        assert_eq!(f.to_string(), "warn");
        assert_eq!(warnings.len(), 1, "{warnings:?}");

        let f = build_filter(None, "feedwatch=[bad", &mut warnings);
        assert_eq!(f.to_string(), "info");
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }
}
