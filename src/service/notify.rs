//! The systemd notification protocol (`sd_notify(3)`): tells the service
//! manager that feedwatch is ready, reloading or stopping, shows a status
//! line in `systemctl status`, and pets the watchdog.
//!
//! A [`Notifier`] is built once from the environment (`NOTIFY_SOCKET`,
//! `WATCHDOG_USEC`, `WATCHDOG_PID`) and cloned freely; without
//! `NOTIFY_SOCKET` (not under systemd, or `Type=simple`) every method does
//! nothing. Notifications are best effort: a failure to send is logged at
//! debug level and never stops the daemon, because the service manager, not
//! feedwatch, decides what a missing notification means.
//!
//! The environment is only read, never unset: `std::env::remove_var` is
//! unsound once other threads run, and feedwatch spawns no children that
//! could misuse the variables.
//!
//! Each message is sent from a fresh unbound, non-blocking datagram socket,
//! as libsystemd does: a socket connected once would go stale if systemd
//! re-executes and binds its notify socket anew, and a non-blocking send
//! never stalls an async worker when the manager's queue is full.

use std::ffi::OsStr;
use std::io;
use std::os::unix::net::{SocketAddr, UnixDatagram};
use std::sync::Arc;
use std::time::Duration;

/// Sends service state to systemd. Cheap to clone (an `Arc`), `Send + Sync`.
#[derive(Clone, Debug, Default)]
pub struct Notifier {
    /// `None`: no notify socket, every method is a no-op.
    target: Option<Arc<Target>>,
}

#[derive(Debug)]
struct Target {
    addr: SocketAddr,
    /// `NOTIFY_SOCKET` as given, for log messages.
    display: String,
    /// How often to send `WATCHDOG=1`, if the manager expects it from us.
    watchdog: Option<Duration>,
}

impl Notifier {
    /// A notifier that sends nothing.
    pub fn disabled() -> Notifier {
        Notifier { target: None }
    }

    /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID`. Without a
    /// usable `NOTIFY_SOCKET` the notifier is disabled (logged at debug when
    /// the variable is set but unusable).
    pub fn from_env() -> Notifier {
        let Some(socket) = std::env::var_os("NOTIFY_SOCKET") else {
            return Notifier::disabled();
        };
        let usec = std::env::var("WATCHDOG_USEC").ok();
        let pid = std::env::var("WATCHDOG_PID").ok();
        let watchdog = watchdog_interval_from(usec.as_deref(), pid.as_deref(), std::process::id());
        Notifier::build(&socket, watchdog)
    }

    /// A notifier sending to `socket`, written as in `NOTIFY_SOCKET`: an
    /// absolute path, or `@name` for an abstract socket. No watchdog. For
    /// tests and for callers that get the address elsewhere.
    pub fn with_socket(socket: impl AsRef<OsStr>) -> Notifier {
        Notifier::build(socket.as_ref(), None)
    }

    /// Like [`Notifier::with_socket`], with the watchdog expected every
    /// `timeout` (as `WATCHDOG_USEC` would say): `watchdog_interval()` is
    /// half of it.
    pub fn with_socket_and_watchdog(socket: impl AsRef<OsStr>, timeout: Duration) -> Notifier {
        let watchdog = (!timeout.is_zero()).then(|| timeout / 2);
        Notifier::build(socket.as_ref(), watchdog)
    }

    fn build(socket: &OsStr, watchdog: Option<Duration>) -> Notifier {
        match parse_socket_addr(socket) {
            Ok(addr) => Notifier {
                target: Some(Arc::new(Target {
                    addr,
                    display: socket.to_string_lossy().into_owned(),
                    watchdog,
                })),
            },
            Err(err) => {
                tracing::debug!(
                    socket = %socket.to_string_lossy(),
                    error = %err,
                    "NOTIFY_SOCKET is not usable; systemd notifications disabled"
                );
                Notifier::disabled()
            }
        }
    }

    /// Whether notifications go anywhere.
    pub fn is_enabled(&self) -> bool {
        self.target.is_some()
    }

    /// Startup (or a reload) is complete: `READY=1`.
    pub fn ready(&self) {
        self.send("READY=1\n");
    }

    /// A reload (SIGHUP) has started: `RELOADING=1` with `MONOTONIC_USEC`,
    /// which systemd 253 and newer require to tie the message to the reload
    /// request. Send [`Notifier::ready`] when the reload is done, whether it
    /// succeeded or kept the old configuration.
    pub fn reloading(&self) {
        if self.target.is_none() {
            return;
        }
        match sd_notify::NotifyState::monotonic_usec_now() {
            Ok(now) => self.send(&format!("RELOADING=1\n{now}\n")),
            // clock_gettime(CLOCK_MONOTONIC) does not fail on Linux; if it
            // ever did, RELOADING=1 alone still works with systemd < 253.
            Err(err) => {
                tracing::debug!(error = %err, "CLOCK_MONOTONIC unavailable");
                self.send("RELOADING=1\n");
            }
        }
    }

    /// Shutdown has started: `STOPPING=1`.
    pub fn stopping(&self) {
        self.send("STOPPING=1\n");
    }

    /// A one-line status for `systemctl status`: `STATUS=...`. Line breaks
    /// would end the field (and start a bogus one), so they become spaces.
    pub fn status(&self, status: &str) {
        if self.target.is_none() {
            return;
        }
        let line: String = status
            .chars()
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
            .collect();
        self.send(&format!("STATUS={line}\n"));
    }

    /// Pets the watchdog: `WATCHDOG=1`. Call it every
    /// [`Notifier::watchdog_interval`] from the loop whose liveness matters.
    pub fn watchdog(&self) {
        self.send("WATCHDOG=1\n");
    }

    /// Asks for more time before the start (or stop) timeout fires, e.g.
    /// during a long database migration: `EXTEND_TIMEOUT_USEC=...`.
    pub fn extend_timeout(&self, by: Duration) {
        if self.target.is_none() {
            return;
        }
        // systemd parses the value as a 32-bit count of microseconds.
        let usec = u32::try_from(by.as_micros()).unwrap_or(u32::MAX);
        self.send(&format!("EXTEND_TIMEOUT_USEC={usec}\n"));
    }

    /// How often to call [`Notifier::watchdog`]: half of `WATCHDOG_USEC`
    /// (as `sd_watchdog_enabled(3)` advises), when the manager set it for
    /// this process (`WATCHDOG_PID` unset or ours) and there is a socket to
    /// send to; otherwise `None`.
    pub fn watchdog_interval(&self) -> Option<Duration> {
        self.target.as_ref().and_then(|t| t.watchdog)
    }

    fn send(&self, message: &str) {
        let Some(target) = &self.target else {
            return;
        };
        if let Err(err) = send_datagram(&target.addr, message.as_bytes()) {
            tracing::debug!(
                socket = %target.display,
                message = message.trim_end(),
                error = %err,
                "systemd notification not sent"
            );
        }
    }
}

fn send_datagram(addr: &SocketAddr, message: &[u8]) -> io::Result<()> {
    let socket = UnixDatagram::unbound()?;
    socket.set_nonblocking(true)?;
    let sent = socket.send_to_addr(message, addr)?;
    if sent != message.len() {
        return Err(io::Error::new(
            io::ErrorKind::WriteZero,
            "notification truncated",
        ));
    }
    Ok(())
}

/// Parses `NOTIFY_SOCKET`: an absolute path, or `@name` for a Linux
/// abstract socket (the leading `@` stands for the NUL byte).
fn parse_socket_addr(socket: &OsStr) -> io::Result<SocketAddr> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = socket.as_bytes();
    match bytes.first() {
        Some(b'/') => SocketAddr::from_pathname(socket),
        Some(b'@') => abstract_addr(&bytes[1..]),
        _ => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "expected an absolute path or @abstract-name (other socket kinds are not supported)",
        )),
    }
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn abstract_addr(name: &[u8]) -> io::Result<SocketAddr> {
    #[cfg(target_os = "android")]
    use std::os::android::net::SocketAddrExt;
    #[cfg(target_os = "linux")]
    use std::os::linux::net::SocketAddrExt;
    SocketAddr::from_abstract_name(name)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn abstract_addr(_name: &[u8]) -> io::Result<SocketAddr> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "abstract sockets exist only on Linux",
    ))
}

/// Half of `WATCHDOG_USEC` when it is a positive number and `WATCHDOG_PID`
/// is unset or `our_pid`. A `WATCHDOG_PID` that is not a number is treated as
/// someone else's, as libsystemd does.
fn watchdog_interval_from(usec: Option<&str>, pid: Option<&str>, our_pid: u32) -> Option<Duration> {
    let usec: u64 = usec?.trim().parse().ok().filter(|&u| u > 0)?;
    match pid {
        None => {}
        Some(pid) => {
            let pid: u32 = pid.trim().parse().ok()?;
            if pid != our_pid {
                return None;
            }
        }
    }
    Some(Duration::from_micros(usec) / 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watchdog_interval_is_half_of_usec_for_us() {
        let half = Some(Duration::from_secs(30));
        assert_eq!(watchdog_interval_from(Some("60000000"), None, 42), half);
        assert_eq!(
            watchdog_interval_from(Some("60000000"), Some("42"), 42),
            half
        );
        assert_eq!(
            watchdog_interval_from(Some("60000000"), Some("43"), 42),
            None
        );
        assert_eq!(
            watchdog_interval_from(Some("60000000"), Some("x"), 42),
            None
        );
        assert_eq!(watchdog_interval_from(Some("0"), None, 42), None);
        assert_eq!(watchdog_interval_from(Some("-5"), None, 42), None);
        assert_eq!(watchdog_interval_from(Some("abc"), None, 42), None);
        assert_eq!(watchdog_interval_from(None, Some("42"), 42), None);
    }

    #[test]
    fn socket_addresses() {
        assert!(parse_socket_addr(OsStr::new("/run/systemd/notify")).is_ok());
        assert!(parse_socket_addr(OsStr::new("relative/path")).is_err());
        assert!(parse_socket_addr(OsStr::new("")).is_err());
        assert!(parse_socket_addr(OsStr::new("vsock:2:1234")).is_err());
        // Longer than sun_path (108 bytes).
        let long = format!("/{}", "x".repeat(200));
        assert!(parse_socket_addr(OsStr::new(&long)).is_err());
        #[cfg(target_os = "linux")]
        assert!(parse_socket_addr(OsStr::new("@feedwatch/notify")).is_ok());
    }

    #[test]
    fn disabled_notifier_does_nothing() {
        let n = Notifier::disabled();
        assert!(!n.is_enabled());
        assert_eq!(n.watchdog_interval(), None);
        n.ready();
        n.reloading();
        n.status("x");
        n.watchdog();
        n.stopping();
        n.extend_timeout(Duration::from_secs(1));
        // An unusable address disables it too, without panicking.
        assert!(!Notifier::with_socket("not-absolute").is_enabled());
    }

    #[test]
    fn missing_socket_is_not_fatal() {
        let dir =
            std::env::temp_dir().join(format!("feedwatch-notify-missing-{}", std::process::id()));
        let n = Notifier::with_socket(dir.join("nobody-listens"));
        assert!(n.is_enabled());
        n.ready(); // ENOENT, logged at debug
    }
}
