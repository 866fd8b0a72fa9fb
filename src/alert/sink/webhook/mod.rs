//! The webhook sink: builds the body in the configured format, adds the
//! Standard Webhooks headers (and signatures when keys are set) and POSTs.
//!
//! Responses: 2xx is delivered; 408, 429, 5xx and network errors are
//! retried (429 and 503 honour `Retry-After`); any other status fails for
//! good with the status and the start of the body. Errors show the URL
//! without its path or query, which often hold the webhook's credentials.

use std::fmt;

use reqwest::StatusCode;

pub mod config;
pub(crate) mod sign;

pub use config::{Config, Format};

use super::format::{self, View};
use super::secret::redact_url;
use super::template::{Renderer, TemplateRole};
use super::{DeliveryError, Outgoing, SinkBuildError};
use crate::fetch::{error_chain, install_tls_provider, retry_after};
use sign::signature_header;

/// Bytes of a failed response's body kept in the error.
const ERROR_BODY_CHARS: usize = 200;

pub struct WebhookSink {
    config: Config,
    client: reqwest::Client,
    renderer: Option<Renderer>,
    /// The URL as it may appear in errors and logs.
    shown_url: String,
}

impl fmt::Debug for WebhookSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookSink")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl WebhookSink {
    /// The error says what failed, without the URL (which may hold a token).
    pub fn new(
        name: &str,
        config: &Config,
        user_agent: &str,
    ) -> Result<WebhookSink, SinkBuildError> {
        let failed = |reason: String| SinkBuildError {
            sink: name.to_string(),
            reason,
        };
        install_tls_provider();
        let client = reqwest::Client::builder()
            .user_agent(user_agent)
            .timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| {
                failed(format!(
                    "cannot build HTTP client: {}",
                    error_chain(&e.without_url())
                ))
            })?;
        let renderer = match &config.format {
            Format::Template(source) => Some(
                Renderer::new(&[(
                    TemplateRole::Webhook,
                    source.origin.clone(),
                    source.text.clone(),
                )])
                .map_err(|e| failed(e.to_string()))?,
            ),
            _ => None,
        };
        Ok(WebhookSink {
            config: config.clone(),
            client,
            renderer,
            shown_url: redact_url(&config.url),
        })
    }

    /// The request body for a message in this sink's format.
    pub fn body(&self, message: &Outgoing) -> Result<String, DeliveryError> {
        let preset = |render: fn(&View) -> serde_json::Value| -> Result<String, DeliveryError> {
            let view = View::new(message)?;
            Ok(render(&view).to_string())
        };
        match &self.config.format {
            Format::Json => format::json_body(message),
            Format::Slack => preset(format::slack),
            Format::Discord => preset(format::discord),
            Format::Teams => preset(format::teams),
            Format::Mattermost => preset(format::mattermost),
            Format::Ntfy { topic } => {
                let view = View::new(message)?;
                Ok(format::ntfy(&view, topic).to_string())
            }
            Format::Template(_) => {
                let Some(renderer) = &self.renderer else {
                    return Err(DeliveryError::permanent(
                        "template sink has no compiled template",
                    ));
                };
                let context = super::template::context(message)?;
                renderer
                    .render(TemplateRole::Webhook, &context)
                    .map_err(|e| DeliveryError::permanent(format!("template failed: {e}")))
            }
        }
    }

    pub async fn send(&self, message: &Outgoing) -> Result<(), DeliveryError> {
        let body = self.body(message)?;
        let timestamp = chrono::Utc::now().timestamp();
        let mut request = self
            .client
            .post(self.config.url.clone())
            // The Standard Webhooks convention: receivers drop a retried duplicate by id.
            .header("webhook-id", &message.delivery_id)
            .header("webhook-timestamp", timestamp.to_string());
        if !self.config.signing_keys.is_empty() {
            request = request.header(
                "webhook-signature",
                signature_header(
                    &self.config.signing_keys,
                    &message.delivery_id,
                    timestamp,
                    body.as_bytes(),
                ),
            );
        }
        let mut has_content_type = false;
        for (name, value) in &self.config.headers {
            has_content_type |= name.eq_ignore_ascii_case("content-type");
            request = request.header(name, value.expose());
        }
        if !has_content_type {
            request = request.header(reqwest::header::CONTENT_TYPE, "application/json");
        }
        let response = request.body(body).send().await.map_err(|e| {
            // Without the URL: reqwest puts the full URL in its errors.
            DeliveryError::retry(format!(
                "POST {}: {}",
                self.shown_url,
                error_chain(&e.without_url())
            ))
        })?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let after = retry_after(response.headers());
        let text: String = response
            .text()
            .await
            .unwrap_or_default()
            .chars()
            .take(ERROR_BODY_CHARS)
            .collect();
        let reason = format!(
            "POST {}: HTTP {}: {}",
            self.shown_url,
            status.as_u16(),
            text.trim()
        );
        if status.is_server_error()
            || status == StatusCode::REQUEST_TIMEOUT
            || status == StatusCode::TOO_MANY_REQUESTS
        {
            let after = match status {
                StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => after,
                _ => None,
            };
            Err(DeliveryError::Retry { reason, after })
        } else {
            Err(DeliveryError::Permanent { reason })
        }
    }
}
