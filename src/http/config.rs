//! `[http]`: where the server listens, how it authenticates, the public URL
//! WebSub hubs and alert links use, and whether metrics name feeds.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;
use url::Url;

use super::auth::{HttpAuth, PasswordHash};
use crate::alert::sink::secret::read_secret_file;
use crate::diagnostics::{Scope, Spanned};

/// The address the server listens on unless `[http] listen` says otherwise.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// The lease asked of WebSub hubs unless `[http] websub_lease` says otherwise.
const DEFAULT_LEASE: Duration = Duration::from_secs(7 * 86_400);

/// `[http]` as written.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawHttpConfig {
    listen: Option<Spanned<String>>,
    public_url: Option<Spanned<String>>,
    per_feed_metrics: Option<Spanned<bool>>,
    websub_lease: Option<Spanned<String>>,
    auth: Option<Spanned<RawAuth>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawAuth {
    token_file: Option<Spanned<String>>,
    password_hash: Option<Spanned<String>>,
}

/// The validated `[http]` section.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpConfig {
    /// `None`: `listen = "off"`, no server (and no WebSub).
    pub listen: Option<SocketAddr>,
    /// Whether `listen` was written in the config: an address the user
    /// chose must be bound, the default may be busy (a second feedwatch).
    pub listen_configured: bool,
    /// The server's address as the world reaches it (ends with `/`). Needed
    /// for WebSub callbacks and for the `url` of alert payloads.
    pub public_url: Option<Url>,
    pub auth: Option<HttpAuth>,
    /// Whether metrics carry per-feed series (one per feed: opt in).
    pub per_feed_metrics: bool,
    /// The lease asked of WebSub hubs (`hub.lease_seconds`).
    pub websub_lease: Duration,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            listen: DEFAULT_LISTEN.parse().ok(),
            listen_configured: false,
            public_url: None,
            auth: None,
            per_feed_metrics: false,
            websub_lease: DEFAULT_LEASE,
        }
    }
}

impl HttpConfig {
    /// Validates `[http]`; `base_dir` anchors a relative `token_file` when
    /// there is no `$CREDENTIALS_DIRECTORY`.
    pub fn from_raw(raw: &RawHttpConfig, base_dir: &Path, scope: &mut Scope) -> HttpConfig {
        let defaults = HttpConfig::default();
        let listen = match &raw.listen {
            None => defaults.listen,
            Some(value) if value.get_ref().trim() == "off" => None,
            Some(value) => match value.get_ref().trim().parse::<SocketAddr>() {
                Ok(addr) => Some(addr),
                Err(_) => {
                    scope.push(
                        value.span(),
                        "listen",
                        format!(
                            "`{}` is not an address; expected IP:PORT such as \"127.0.0.1:8080\" or \"[::1]:8080\", or \"off\"",
                            value.get_ref()
                        ),
                    );
                    defaults.listen
                }
            },
        };
        let public_url = raw
            .public_url
            .as_ref()
            .and_then(|value| public_url(value, scope));
        if let (Some(value), None) = (&raw.public_url, listen) {
            scope.push(
                value.span(),
                "public_url",
                "needs the HTTP server, but `listen` is \"off\"",
            );
        }
        let auth = raw.auth.as_ref().and_then(|a| auth(a, base_dir, scope));
        if let (Some(addr), None) = (listen, &auth)
            && !addr.ip().is_loopback()
        {
            let span = raw.listen.as_ref().map_or(0..0, |l| l.span());
            scope.push(
                span,
                "listen",
                format!(
                    "{addr} is reachable from other machines, so [http.auth] is required (token_file or password_hash); feedwatch will not start without it"
                ),
            );
        }
        let websub_lease = scope
            .duration_in(
                raw.websub_lease.as_ref(),
                "websub_lease",
                Duration::from_secs(3600)..=Duration::from_secs(365 * 86_400),
            )
            .unwrap_or(defaults.websub_lease);
        HttpConfig {
            listen,
            listen_configured: raw.listen.is_some(),
            public_url,
            auth,
            per_feed_metrics: raw.per_feed_metrics.as_ref().is_some_and(|v| *v.get_ref()),
            websub_lease,
        }
    }

    /// The public page of an alert, when `public_url` is set.
    pub fn alert_url(&self, id: &str) -> Option<String> {
        alert_page(self.public_url.as_ref()?, id)
    }
}

/// The page of alert `id` under the UI's public base URL.
pub fn alert_page(public_url: &Url, id: &str) -> Option<String> {
    public_url
        .join(&format!("alerts/{id}"))
        .ok()
        .map(String::from)
}

fn public_url(value: &Spanned<String>, scope: &mut Scope) -> Option<Url> {
    let text = value.get_ref().trim();
    let parsed = Url::parse(text).ok().filter(|u| {
        matches!(u.scheme(), "http" | "https")
            && u.host().is_some()
            && u.query().is_none()
            && u.fragment().is_none()
    });
    let Some(mut url) = parsed else {
        scope.push(
            value.span(),
            "public_url",
            format!(
                "`{text}` is not a usable public URL; expected http(s)://host[:port][/path/] without query or fragment"
            ),
        );
        return None;
    };
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Some(url)
}

fn auth(raw: &Spanned<RawAuth>, base_dir: &Path, scope: &mut Scope) -> Option<HttpAuth> {
    let mut scope = scope.nested("auth");
    let inner = raw.get_ref();
    let token = match &inner.token_file {
        None => None,
        Some(file) => match read_secret_file(file.get_ref(), base_dir) {
            Ok(secret) if secret.expose().len() >= 16 => Some(secret),
            Ok(_) => {
                scope.push(
                    file.span(),
                    "token_file",
                    "the token must be at least 16 characters (e.g. `openssl rand -hex 32`)",
                );
                None
            }
            Err(err) => {
                scope.push(file.span(), "token_file", err.to_string());
                None
            }
        },
    };
    let password = match &inner.password_hash {
        None => None,
        Some(text) => match PasswordHash::parse(text.get_ref()) {
            Ok(hash) => Some(hash),
            Err(err) => {
                scope.push(text.span(), "password_hash", err);
                None
            }
        },
    };
    if inner.token_file.is_none() && inner.password_hash.is_none() {
        scope.push(
            raw.span(),
            "",
            "set token_file (a bearer token) or password_hash (pbkdf2-sha256, see the README)",
        );
    }
    (token.is_some() || password.is_some()).then_some(HttpAuth { token, password })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;

    fn parse(text: &str) -> (HttpConfig, Vec<String>) {
        #[derive(Deserialize)]
        struct Doc {
            #[serde(default)]
            http: RawHttpConfig,
        }
        let doc: Doc = toml::from_str(text).unwrap_or_else(|e| panic!("{e}"));
        let mut diags = Diagnostics::new(text);
        let config = HttpConfig::from_raw(&doc.http, Path::new("."), &mut diags.scope("http"));
        let issues = diags
            .into_issues()
            .into_iter()
            .map(|i| format!("{}: {}", i.key, i.message))
            .collect();
        (config, issues)
    }

    #[test]
    fn defaults_listen_on_loopback_without_auth() {
        let (config, issues) = parse("");
        assert!(issues.is_empty());
        assert_eq!(config.listen, DEFAULT_LISTEN.parse().ok());
        assert!(!config.listen_configured && config.public_url.is_none());
        assert_eq!(config.alert_url("x"), None);
    }

    #[test]
    fn public_urls_get_a_trailing_slash_and_alert_links() {
        let (config, issues) = parse("[http]\npublic_url = \"https://fw.example.org/watch\"\n");
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(
            config.alert_url("0123").as_deref(),
            Some("https://fw.example.org/watch/alerts/0123")
        );
    }

    #[test]
    fn reachable_addresses_need_auth_and_bad_values_are_named() {
        let (_, issues) = parse("[http]\nlisten = \"[::]:8080\"\n");
        assert!(
            issues
                .iter()
                .any(|i| i.starts_with("http.listen") && i.contains("[http.auth] is required")),
            "{issues:?}"
        );
        let (_, issues) = parse("[http]\nlisten = \"off\"\npublic_url = \"https://x.example/\"\n");
        assert!(
            issues.iter().any(|i| i.starts_with("http.public_url")),
            "{issues:?}"
        );
        let (_, issues) = parse("[http.auth]\npassword_hash = \"md5$x\"\n");
        assert!(
            issues
                .iter()
                .any(|i| i.starts_with("http.auth.password_hash")),
            "{issues:?}"
        );
        let (_, issues) = parse("[http.auth]\n");
        assert!(
            issues.iter().any(|i| i.starts_with("http.auth")),
            "{issues:?}"
        );
        let (config, issues) = parse("[http]\nlisten = \"off\"\n");
        assert!(issues.is_empty() && config.listen.is_none());
    }
}
