//! Running as a system service: the systemd notification protocol
//! ([`notify`]) and log output that suits both a terminal and the journal
//! ([`logging`]).
//!
//! There is no PID file: with `Type=notify` systemd knows the main PID from
//! the process it started, and a PID file would only add a stale-file
//! failure mode. Single-instance protection belongs to the database lock.

pub(crate) mod logging;
pub(crate) mod notify;

pub use logging::LogFormat;
pub use notify::Notifier;
