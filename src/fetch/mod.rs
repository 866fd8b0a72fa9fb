//! The fetch stage: turns a feed URL into bytes, politely. **Architecture
//! invariant:** with `alert`, the only code that touches the network.
//!
//! Conditional GET (ETag / Last-Modified) so an unchanged feed costs the
//! publisher a 304 and us no parsing; a body cap enforced while streaming
//! (after decompression, so a gzip bomb is an error, not an out-of-memory);
//! timeouts; a User-Agent naming feedwatch. `file:` URLs are read from disk,
//! with the file's modification time as Last-Modified.

use std::time::Duration;

mod config;
pub(crate) mod limiter;

pub use config::{FetchConfig, RawFetchConfig, TIMEOUT_RANGE, default_user_agent};

use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap};
use url::Url;

use crate::model::PollStatus;

/// The HTTP client could not be built (a TLS setup problem).
#[derive(Debug, thiserror::Error)]
#[error("cannot build HTTP client: {0}")]
pub struct ClientError(String);

/// Validators remembered from the previous successful fetch.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

#[derive(Debug)]
pub enum FetchOutcome {
    /// 304: the feed did not change since the validators were recorded.
    NotModified,
    Fetched(Box<Fetched>),
}

/// A fetched document.
#[derive(Debug)]
pub struct Fetched {
    pub body: Vec<u8>,
    pub content_type: Option<String>,
    pub validators: Validators,
    /// The URL after redirects: relative links resolve against it.
    pub final_url: Url,
    /// Set when every redirect on the way was permanent (301/308): the feed
    /// has moved and its stored URL should follow. 302/307 leave it alone.
    pub moved_permanently: Option<Url>,
    /// `Cache-Control: max-age`, a floor for the next poll.
    pub max_age: Option<Duration>,
    pub status: u16,
    /// The response's `Link` header values (WebSub discovery reads them).
    pub links: Vec<String>,
}

/// Why a fetch failed. Every message names the URL.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: HTTP {status}")]
    Status {
        url: Url,
        status: u16,
        retry_after: Option<Duration>,
    },
    #[error("{url}: timed out after {after:?}")]
    Timeout { url: Url, after: Duration },
    #[error("{url}: cannot connect: {reason}")]
    Connect { url: Url, reason: String },
    #[error("{url}: DNS lookup failed: {reason}")]
    Dns { url: Url, reason: String },
    #[error("{url}: TLS failure: {reason}")]
    Tls { url: Url, reason: String },
    #[error("{url}: connection reset: {reason}")]
    Reset { url: Url, reason: String },
    #[error("{url}: {reason}")]
    Redirect { url: Url, reason: String },
    #[error("{url}: body larger than the {limit}-byte cap")]
    TooLarge { url: Url, limit: u64 },
    #[error("{url}: empty body")]
    Empty { url: Url },
    #[error("{url}: {reason}")]
    Transfer { url: Url, reason: String },
    #[error("{url}: cannot read file: {reason}")]
    File { url: Url, reason: String },
}

impl FetchError {
    /// The status recorded in the feed's health.
    pub fn poll_status(&self) -> PollStatus {
        match self {
            FetchError::Status { status, .. } => PollStatus::Http(*status),
            FetchError::Timeout { .. } => PollStatus::Timeout,
            FetchError::Connect { .. } => PollStatus::Connect,
            FetchError::Dns { .. } => PollStatus::Dns,
            FetchError::Tls { .. } => PollStatus::Tls,
            FetchError::Reset { .. } => PollStatus::Reset,
            FetchError::Redirect { .. } => PollStatus::Redirect,
            FetchError::TooLarge { .. } => PollStatus::TooLarge,
            FetchError::Empty { .. } => PollStatus::Empty,
            FetchError::Transfer { .. } => PollStatus::Transfer,
            FetchError::File { .. } => PollStatus::File,
        }
    }

    /// Whether this looks like our own network being down rather than the
    /// publisher failing: nothing answered at all.
    pub fn is_network(&self) -> bool {
        matches!(
            self,
            FetchError::Connect { .. }
                | FetchError::Dns { .. }
                | FetchError::Timeout { .. }
                | FetchError::Reset { .. }
        )
    }

    /// The delay the server asked for (429/503 Retry-After), if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// The HTTP client, shared by every poll.
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    config: FetchConfig,
}

/// Installs rustls' ring provider as the process default. reqwest is built
/// without a provider of its own (one TLS provider in the tree, not two).
pub fn install_tls_provider() {
    // Err only means a provider is already installed, which is what we want.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl Fetcher {
    pub fn new(config: &FetchConfig) -> Result<Fetcher, ClientError> {
        install_tls_provider();
        let client = reqwest::Client::builder()
            .user_agent(config.user_agent.clone())
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| ClientError(e.to_string()))?;
        Ok(Fetcher {
            client,
            config: config.clone(),
        })
    }

    pub async fn fetch(
        &self,
        url: &Url,
        validators: &Validators,
    ) -> Result<FetchOutcome, FetchError> {
        if url.scheme() == "file" {
            return fetch_file(url, validators, self.config.max_body_bytes).await;
        }
        // Redirects are followed here, not by reqwest, so we know whether
        // every hop was permanent (then the feed moved) and can name a loop.
        let mut current = url.clone();
        let mut visited = vec![current.clone()];
        let mut all_permanent = true;
        let mut response = loop {
            let response = self.request(&current, validators).await?;
            let status = response.status();
            if !status.is_redirection() || status == StatusCode::NOT_MODIFIED {
                break response;
            }
            let redirect_error = |reason: String| FetchError::Redirect {
                url: url.clone(),
                reason,
            };
            let location = response
                .headers()
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .ok_or_else(|| {
                    redirect_error(format!(
                        "HTTP {} without a Location header",
                        status.as_u16()
                    ))
                })?;
            let next = current.join(location).map_err(|e| {
                redirect_error(format!(
                    "HTTP {} to an invalid Location `{location}`: {e}",
                    status.as_u16()
                ))
            })?;
            if visited.contains(&next) {
                return Err(redirect_error(format!(
                    "redirect loop: {} -> {next}",
                    chain(&visited)
                )));
            }
            if visited.len() > MAX_REDIRECTS {
                return Err(redirect_error(format!(
                    "more than {MAX_REDIRECTS} redirects: {} -> {next}",
                    chain(&visited)
                )));
            }
            if !matches!(next.scheme(), "http" | "https") {
                return Err(redirect_error(format!(
                    "redirect to an unsupported scheme: {next}"
                )));
            }
            all_permanent &= matches!(
                status,
                StatusCode::MOVED_PERMANENTLY | StatusCode::PERMANENT_REDIRECT
            );
            visited.push(next.clone());
            current = next;
        };
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(FetchOutcome::NotModified);
        }
        if !status.is_success() {
            return Err(FetchError::Status {
                url: url.clone(),
                status: status.as_u16(),
                retry_after: retry_after(response.headers()),
            });
        }
        let headers = response.headers().clone();
        let limit = self.config.max_body_bytes;
        if response.content_length().is_some_and(|len| len > limit) {
            return Err(FetchError::TooLarge {
                url: url.clone(),
                limit,
            });
        }
        // A declared length (already checked against the cap) is allocated
        // once; otherwise the buffer doubles, but never past the cap, so a
        // body just under `max_body` does not hold twice that.
        let limit_usize = usize::try_from(limit).unwrap_or(usize::MAX);
        let declared = response
            .content_length()
            .and_then(|len| usize::try_from(len).ok())
            .unwrap_or(0);
        let mut body = Vec::with_capacity(declared.min(limit_usize));
        while let Some(chunk) = response.chunk().await.map_err(|e| self.classify(url, e))? {
            // Chunks arrive decompressed: the cap bounds what we hold, so a
            // small gzip bomb cannot grow into gigabytes.
            if body.len() as u64 + chunk.len() as u64 > limit {
                return Err(FetchError::TooLarge {
                    url: url.clone(),
                    limit,
                });
            }
            let needed = body.len() + chunk.len();
            if needed > body.capacity() {
                let grown = (body.capacity() * 2).clamp(needed, limit_usize.max(needed));
                body.reserve_exact(grown - body.len());
            }
            body.extend_from_slice(&chunk);
        }
        if body.iter().all(u8::is_ascii_whitespace) {
            return Err(FetchError::Empty { url: url.clone() });
        }
        let moved_permanently = (visited.len() > 1 && all_permanent).then(|| current.clone());
        Ok(FetchOutcome::Fetched(Box::new(Fetched {
            body,
            content_type: header_string(&headers, header::CONTENT_TYPE),
            validators: Validators {
                etag: header_string(&headers, header::ETAG),
                last_modified: header_string(&headers, header::LAST_MODIFIED),
            },
            final_url: current,
            moved_permanently,
            max_age: cache_max_age(&headers),
            status: status.as_u16(),
            links: headers
                .get_all(header::LINK)
                .iter()
                .filter_map(|v| v.to_str().ok().map(str::to_string))
                .collect(),
        })))
    }

    async fn request(
        &self,
        url: &Url,
        validators: &Validators,
    ) -> Result<reqwest::Response, FetchError> {
        let mut request = self.client.get(url.clone()).header(header::ACCEPT, ACCEPT);
        if let Some(etag) = &validators.etag {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(modified) = &validators.last_modified {
            request = request.header(header::IF_MODIFIED_SINCE, modified);
        }
        request.send().await.map_err(|e| self.classify(url, e))
    }

    fn classify(&self, url: &Url, error: reqwest::Error) -> FetchError {
        let reason = error_chain(&error);
        let lower = reason.to_ascii_lowercase();
        let url = url.clone();
        if error.is_timeout() {
            FetchError::Timeout {
                url,
                after: self.config.timeout,
            }
        } else if error.is_dns()
            || lower.contains("dns error")
            || lower.contains("failed to lookup address")
        {
            FetchError::Dns { url, reason }
        } else if lower.contains("certificate")
            || lower.contains("tls")
            || lower.contains("handshake")
        {
            FetchError::Tls { url, reason }
        } else if lower.contains("connection reset")
            || lower.contains("connection closed before")
            || lower.contains("broken pipe")
        {
            FetchError::Reset { url, reason }
        } else if error.is_connect() {
            FetchError::Connect { url, reason }
        } else {
            FetchError::Transfer { url, reason }
        }
    }
}

const ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
    application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5";

/// More redirects than this is an error (a loop is detected sooner).
pub const MAX_REDIRECTS: usize = 5;

fn chain(urls: &[Url]) -> String {
    urls.iter()
        .map(Url::as_str)
        .collect::<Vec<_>>()
        .join(" -> ")
}

/// `Cache-Control: max-age=N` (ignoring `no-cache`-style directives, which
/// concern caches, not how often a poller may ask).
pub fn cache_max_age(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(header::CACHE_CONTROL)?.to_str().ok()?;
    value.split(',').find_map(|directive| {
        let (name, secs) = directive.trim().split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("max-age") {
            return None;
        }
        secs.trim()
            .trim_matches('"')
            .parse::<u64>()
            .ok()
            .map(Duration::from_secs)
    })
}

/// The error and its causes, joined: reqwest's own message alone is often
/// just "error sending request".
pub(crate) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ")
}

fn header_string(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Retry-After as seconds or an HTTP date.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let delta = when.timestamp() - chrono::Utc::now().timestamp();
    Some(Duration::from_secs(delta.max(0) as u64))
}

async fn fetch_file(
    url: &Url,
    validators: &Validators,
    limit: u64,
) -> Result<FetchOutcome, FetchError> {
    let file_error = |reason: String| FetchError::File {
        url: url.clone(),
        reason,
    };
    let path = url
        .to_file_path()
        .map_err(|()| file_error("not a local file path".into()))?;
    let metadata = tokio::fs::metadata(&path)
        .await
        .map_err(|e| file_error(format!("{}: {e}", path.display())))?;
    if metadata.len() > limit {
        return Err(FetchError::TooLarge {
            url: url.clone(),
            limit,
        });
    }
    let modified = metadata
        .modified()
        .ok()
        .map(|m| chrono::DateTime::<chrono::Utc>::from(m).to_rfc2822());
    if modified.is_some() && modified == validators.last_modified {
        return Ok(FetchOutcome::NotModified);
    }
    let body = tokio::fs::read(&path)
        .await
        .map_err(|e| file_error(format!("{}: {e}", path.display())))?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(FetchError::Empty { url: url.clone() });
    }
    Ok(FetchOutcome::Fetched(Box::new(Fetched {
        body,
        content_type: None,
        validators: Validators {
            etag: None,
            last_modified: modified,
        },
        final_url: url.clone(),
        moved_permanently: None,
        max_age: None,
        status: 200,
        links: Vec::new(),
    })))
}
