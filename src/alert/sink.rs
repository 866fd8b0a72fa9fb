//! Sinks: where alerts go. Each takes a stored payload and either
//! acknowledges it or says whether trying again can help.

use std::io::Write;
use std::time::Duration;

use reqwest::StatusCode;

use crate::config::{SinkConfig, SinkKind, WebhookConfig};
use crate::fetch::{error_chain, install_tls_provider, retry_after};
use crate::store::PendingDelivery;

/// Why a delivery did not go through.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DeliveryError {
    /// Worth retrying later (network error, 5xx, 408, 429); `after` is the
    /// delay the receiver asked for, if it did.
    #[error("{reason}")]
    Retry {
        reason: String,
        after: Option<Duration>,
    },
    /// Retrying cannot help (a 4xx other than 408/429): the delivery fails.
    #[error("{reason}")]
    Permanent { reason: String },
}

/// A configured sink, ready to send.
#[derive(Debug, Clone)]
pub enum Sink {
    Stdout,
    Webhook {
        config: WebhookConfig,
        client: reqwest::Client,
    },
}

impl Sink {
    pub fn build(config: &SinkConfig, user_agent: &str) -> Result<Sink, String> {
        match &config.kind {
            SinkKind::Stdout => Ok(Sink::Stdout),
            SinkKind::Webhook(webhook) => {
                install_tls_provider();
                let client = reqwest::Client::builder()
                    .user_agent(user_agent)
                    .timeout(webhook.timeout)
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|e| format!("sink {}: cannot build HTTP client: {e}", config.name))?;
                Ok(Sink::Webhook {
                    config: webhook.clone(),
                    client,
                })
            }
        }
    }

    pub async fn send(&self, delivery: &PendingDelivery) -> Result<(), DeliveryError> {
        match self {
            Sink::Stdout => write_stdout(&delivery.payload),
            Sink::Webhook { config, client } => post_webhook(client, config, delivery).await,
        }
    }
}

fn write_stdout(payload: &str) -> Result<(), DeliveryError> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{payload}")
        .and_then(|()| out.flush())
        .map_err(|e| DeliveryError::Retry {
            reason: format!("cannot write to stdout: {e}"),
            after: None,
        })
}

async fn post_webhook(
    client: &reqwest::Client,
    config: &WebhookConfig,
    delivery: &PendingDelivery,
) -> Result<(), DeliveryError> {
    let mut request = client
        .post(config.url.clone())
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        // The Standard Webhooks convention: receivers drop a retried duplicate by id.
        .header("webhook-id", &delivery.alert_id)
        .header(
            "webhook-timestamp",
            chrono::Utc::now().timestamp().to_string(),
        );
    for (name, value) in &config.headers {
        request = request.header(name, value);
    }
    let response = request
        .body(delivery.payload.clone())
        .send()
        .await
        .map_err(|e| DeliveryError::Retry {
            reason: format!("POST {}: {}", config.url, error_chain(&e)),
            after: None,
        })?;
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let after = retry_after(response.headers());
    let body: String = response
        .text()
        .await
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect();
    let reason = format!(
        "POST {}: HTTP {}: {}",
        config.url,
        status.as_u16(),
        body.trim()
    );
    if status.is_server_error()
        || status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS
    {
        Err(DeliveryError::Retry { reason, after })
    } else {
        Err(DeliveryError::Permanent { reason })
    }
}
