//! Reading the files a config names (the config itself, OPML subscription
//! lists, templates, secrets) with a size limit: a path that turns out to be
//! `/dev/zero`, a FIFO fed without end, or a log file by mistake stops at the
//! limit with a clear error instead of filling memory.

use std::io::Read;
use std::path::Path;

/// The largest config file read: about 20,000 feeds written as `[[feed]]`
/// tables (longer subscription lists belong in OPML files).
pub const MAX_CONFIG_BYTES: u64 = 2 * 1024 * 1024;

/// The largest OPML file read (about 30,000 subscriptions).
pub const MAX_OPML_BYTES: u64 = 4 * 1024 * 1024;

/// The largest template, secret or password file read.
pub const MAX_SMALL_FILE_BYTES: u64 = 1024 * 1024;

/// Where a secret file a config names lives (`secret_file`,
/// `password_file`, `token_file`, a storage `password_file`): absolute paths
/// as given; relative ones in `$CREDENTIALS_DIRECTORY` (systemd
/// `LoadCredential=`) when that is set, otherwise in the config file's
/// folder.
pub(crate) fn secret_path(path: &str, config_dir: &Path) -> std::path::PathBuf {
    let path = Path::new(path);
    if path.is_absolute() {
        return path.to_path_buf();
    }
    match std::env::var_os("CREDENTIALS_DIRECTORY") {
        Some(dir) if !dir.is_empty() => Path::new(&dir).join(path),
        _ => config_dir.join(path),
    }
}

/// Reads a UTF-8 text file of at most `limit` bytes. A longer file (or an
/// endless one) is an `InvalidData` error saying the limit, after reading at
/// most `limit + 1` bytes.
pub fn read_to_string_limited(path: &Path, limit: u64) -> std::io::Result<String> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "larger than {} (the limit for this file)",
                describe_size(limit)
            ),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// "4 MiB", "512 KiB", "100 bytes".
pub fn describe_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_file_stops_at_the_limit() {
        let err = read_to_string_limited(Path::new("/dev/zero"), 1024)
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("larger than 1 KiB (the limit for this file)")
        );
    }

    #[test]
    fn files_up_to_the_limit_are_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "x".repeat(1024)).expect("write");
        assert_eq!(
            read_to_string_limited(&path, 1024).map(|s| s.len()).ok(),
            Some(1024)
        );
        assert!(read_to_string_limited(&path, 1023).is_err());
        std::fs::write(&path, b"ok \xff").expect("write");
        let err = read_to_string_limited(&path, 1024)
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("not UTF-8 text (invalid byte at offset 3)")
        );
    }
}
