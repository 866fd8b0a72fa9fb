//! Sinks: where alerts go. A [`Sink`] takes one [`Outgoing`] message (an
//! alert, a digest, a folded flood or a test) and either acknowledges it or
//! says, with [`DeliveryError`], whether trying again can help.
//!
//! - `stdout`: one JSON line per message (the `json` format below).
//! - `webhook`: an HTTP POST in one of several formats (`format.rs`), signed
//!   per Standard Webhooks when a secret is set (`sign.rs`), with user
//!   templates in `template.rs`.
//! - `email`: SMTP with a plain-text and an HTML part (`email.rs`).
//!
//! **Invariant:** no secret (signing keys, passwords, header values, the
//! path or query of a webhook URL) reaches a log line, an error or `Debug`
//! output; `secret.rs` holds the types and helpers that make this hold.

pub mod config;
pub mod email;
pub(crate) mod format;
pub(crate) mod secret;
pub(crate) mod template;
pub mod webhook;

use std::fmt;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

pub use config::{OnNewSource, SinkConfig, SinkKind};

/// A sink that could not be set up (an HTTP client, a TLS context, a
/// template); the message names the sink and never contains a secret.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("sink {sink}: {reason}")]
pub struct SinkBuildError {
    pub sink: String,
    pub reason: String,
}

/// Why a delivery did not go through.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DeliveryError {
    /// Worth retrying later (network error, HTTP 5xx, 408, 429, SMTP 4xx);
    /// `after` is the delay the receiver asked for, if it did.
    #[error("{reason}")]
    Retry {
        reason: String,
        after: Option<Duration>,
    },
    /// Retrying cannot help (HTTP 4xx other than 408/429, SMTP 5xx, a
    /// template that fails): the delivery fails.
    #[error("{reason}")]
    Permanent { reason: String },
}

impl DeliveryError {
    pub(crate) fn permanent(reason: impl Into<String>) -> DeliveryError {
        DeliveryError::Permanent {
            reason: reason.into(),
        }
    }

    pub(crate) fn retry(reason: impl Into<String>) -> DeliveryError {
        DeliveryError::Retry {
            reason: reason.into(),
            after: None,
        }
    }
}

/// One message for one sink.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    /// Stable per (alert or digest, sink); the same on every retry. Used as
    /// `webhook-id` and as the Message-ID seed for email.
    pub delivery_id: String,
    pub kind: OutgoingKind,
    /// Alert payloads, JSON text exactly as stored (see `alert::payload`).
    /// One for Alert/Test; one or more for Digest/Summary.
    pub alerts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum OutgoingKind {
    Alert,
    /// Scheduled digest: every alert since the last one, grouped by topic.
    Digest {
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    },
    /// A flood folded into one message: `alerts` are shown (up to a limit),
    /// `folded` more are counted.
    Summary {
        topic: String,
        folded: usize,
    },
    /// `feedwatch sink test NAME`: clearly marked as a test in every format.
    Test,
}

impl OutgoingKind {
    /// "alert", "digest", "summary" or "test".
    pub fn name(&self) -> &'static str {
        match self {
            OutgoingKind::Alert => "alert",
            OutgoingKind::Digest { .. } => "digest",
            OutgoingKind::Summary { .. } => "summary",
            OutgoingKind::Test => "test",
        }
    }
}

/// A configured sink, ready to send. `Debug` shows no secret.
#[derive(Clone)]
pub enum Sink {
    Stdout,
    Webhook(Arc<webhook::WebhookSink>),
    Email(Arc<email::EmailSink>),
}

impl fmt::Debug for Sink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Sink::Stdout => f.write_str("Sink::Stdout"),
            Sink::Webhook(w) => f.debug_tuple("Sink::Webhook").field(w).finish(),
            Sink::Email(e) => f.debug_tuple("Sink::Email").field(e).finish(),
        }
    }
}

impl Sink {
    /// Builds the HTTP client, SMTP transport and templates of a validated
    /// sink config. Errors name the sink and never contain a secret.
    pub fn build(config: &SinkConfig, user_agent: &str) -> Result<Sink, SinkBuildError> {
        match &config.kind {
            SinkKind::Stdout => Ok(Sink::Stdout),
            SinkKind::Webhook(webhook) => {
                webhook::WebhookSink::new(&config.name, webhook, user_agent)
                    .map(|w| Sink::Webhook(Arc::new(w)))
            }
            SinkKind::Email(email) => {
                email::EmailSink::new(&config.name, email).map(|e| Sink::Email(Arc::new(e)))
            }
        }
    }

    pub async fn send(&self, message: &Outgoing) -> Result<(), DeliveryError> {
        match self {
            Sink::Stdout => write_stdout(&format::json_body(message)?),
            Sink::Webhook(webhook) => webhook.send(message).await,
            Sink::Email(email) => email.send(message).await,
        }
    }
}

fn write_stdout(line: &str) -> Result<(), DeliveryError> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}")
        .and_then(|()| out.flush())
        .map_err(|e| DeliveryError::retry(format!("cannot write to stdout: {e}")))
}
