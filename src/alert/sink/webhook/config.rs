//! A webhook sink's config: `url`, `format` (json or a chat preset or a
//! template), signing secrets and extra headers.
//!
//! **Invariant:** secrets are resolved here, at load (`${ENV}` expansion,
//! `*_file` reads), into types whose `Debug` is redacted; messages quote the
//! text as written in the file (before expansion) or only name the variable
//! or file.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;
use url::Url;

use super::sign::SigningKey;
use crate::alert::sink::secret::{Secret, expand, expand_env, read_secret_file, redact_url};
use crate::alert::sink::template::{TemplateRole, TemplateSource, read_template};
use crate::diagnostics::{Scope, Spanned};

/// The keys of a webhook `[[sink]]` besides the common ones; the same as
/// [`RawConfig`]'s fields (a unit test holds them together).
pub(crate) const KEYS: &[&str] = &[
    "url",
    "timeout",
    "headers",
    "format",
    "secret",
    "secrets",
    "secret_file",
    "template",
    "template_file",
    "ntfy_topic",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConfig {
    url: Option<Spanned<String>>,
    timeout: Option<Spanned<String>>,
    headers: Option<Spanned<BTreeMap<String, String>>>,
    format: Option<Spanned<String>>,
    secret: Option<Spanned<String>>,
    secrets: Option<Spanned<Vec<String>>>,
    secret_file: Option<Spanned<String>>,
    template: Option<Spanned<String>>,
    template_file: Option<Spanned<String>>,
    ntfy_topic: Option<Spanned<String>>,
}

#[derive(Clone, PartialEq)]
pub struct Config {
    /// Where to POST. For `ntfy`, the server's base URL.
    pub url: Url,
    pub timeout: Duration,
    /// Extra headers; values may hold credentials.
    pub headers: Vec<(String, Secret)>,
    pub format: Format,
    /// Standard Webhooks keys; empty means unsigned. The first is the newest.
    pub signing_keys: Vec<SigningKey>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("webhook::Config")
            .field("url", &redact_url(&self.url))
            .field("timeout", &self.timeout)
            .field(
                "headers",
                &self
                    .headers
                    .iter()
                    .map(|(k, _)| (k.as_str(), "<redacted>"))
                    .collect::<Vec<_>>(),
            )
            .field("format", &self.format)
            .field("signing_keys", &self.signing_keys)
            .finish()
    }
}

/// The body a webhook sends.
#[derive(Debug, Clone, PartialEq)]
pub enum Format {
    Json,
    Slack,
    Discord,
    Teams,
    Mattermost,
    Ntfy { topic: String },
    Template(TemplateSource),
}

impl Format {
    pub fn name(&self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Slack => "slack",
            Format::Discord => "discord",
            Format::Teams => "teams",
            Format::Mattermost => "mattermost",
            Format::Ntfy { .. } => "ntfy",
            Format::Template(_) => "template",
        }
    }
}

impl Config {
    /// One line for `check` and logs, without secrets.
    pub fn describe(&self) -> String {
        let mut s = format!(
            "webhook {} format {}",
            redact_url(&self.url),
            self.format.name()
        );
        if let Format::Ntfy { topic } = &self.format {
            s.push_str(&format!(" (topic {topic})"));
        }
        if !self.signing_keys.is_empty() {
            let n = self.signing_keys.len();
            s.push_str(&format!(
                ", signed with {n} key{}",
                if n == 1 { "" } else { "s" }
            ));
        }
        s
    }
}

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
const FORMATS: &str =
    "\"json\", \"slack\", \"discord\", \"teams\", \"mattermost\", \"ntfy\" or \"template\"";

/// Validates a webhook sink; `anchor` is a span to report missing keys at.
pub(crate) fn validate(
    raw: &RawConfig,
    anchor: std::ops::Range<usize>,
    base_dir: &Path,
    scope: &mut Scope,
) -> Option<Config> {
    let url = match &raw.url {
        None => {
            scope.push(
                anchor.clone(),
                "url",
                "a webhook sink needs `url`, e.g. url = \"https://example.org/hook\"",
            );
            None
        }
        Some(url) => expand(url, "url", scope).and_then(|text| match Url::parse(&text) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Some(u),
            // Quote the URL as written: the expanded one may hold a token.
            Ok(_) => {
                scope.push(
                    url.span(),
                    "url",
                    "expected an http:// or https:// URL with a host",
                );
                None
            }
            Err(e) => {
                scope.push(
                    url.span(),
                    "url",
                    format!("`{}` is not a valid URL: {e}", url.get_ref()),
                );
                None
            }
        }),
    };
    let timeout = scope
        .duration_in(raw.timeout.as_ref(), "timeout", crate::fetch::TIMEOUT_RANGE)
        .unwrap_or(DEFAULT_TIMEOUT);
    let headers = headers(raw, scope);
    let signing_keys = signing_keys(raw, base_dir, scope);
    let format = format(raw, url.as_ref(), anchor, base_dir, scope);
    // ntfy takes JSON at the server's root; the topic travels in the body.
    let url = match (&format, url) {
        (Some(Format::Ntfy { .. }), Some(mut url)) => {
            if raw.ntfy_topic.is_none() {
                url.set_path("/");
            }
            Some(url)
        }
        (_, url) => url,
    };
    Some(Config {
        url: url?,
        timeout,
        headers: headers?,
        format: format?,
        signing_keys: signing_keys?,
    })
}

fn format(
    raw: &RawConfig,
    url: Option<&Url>,
    anchor: std::ops::Range<usize>,
    base_dir: &Path,
    scope: &mut Scope,
) -> Option<Format> {
    let name = raw.format.as_ref().map_or("json", |f| f.get_ref().as_str());
    let span = raw.format.as_ref().map_or(anchor.clone(), |f| f.span());
    if let Some(t) = raw.ntfy_topic.as_ref().filter(|_| name != "ntfy") {
        scope.push(
            t.span(),
            "ntfy_topic",
            "`ntfy_topic` applies only to format = \"ntfy\"",
        );
    }
    if name != "template" {
        for (key, value) in [
            ("template", &raw.template),
            ("template_file", &raw.template_file),
        ] {
            if let Some(v) = value {
                scope.push(
                    v.span(),
                    key,
                    format!("`{key}` applies only to format = \"template\""),
                );
            }
        }
    }
    match name {
        "json" => Some(Format::Json),
        "slack" => Some(Format::Slack),
        "discord" => Some(Format::Discord),
        "teams" => Some(Format::Teams),
        "mattermost" => Some(Format::Mattermost),
        "ntfy" => ntfy_topic(raw, url, anchor, scope).map(|topic| Format::Ntfy { topic }),
        "template" => {
            let source = read_template(
                raw.template.as_ref(),
                raw.template_file.as_ref(),
                "template",
                TemplateRole::Webhook,
                base_dir,
                scope,
            );
            if let Ok(None) = source {
                scope.push(
                    span,
                    "format",
                    "format = \"template\" needs `template` (inline minijinja) or `template_file`",
                );
            }
            source.ok().flatten().map(Format::Template)
        }
        other => {
            scope.push(
                span,
                "format",
                format!("unknown format `{other}`; expected {FORMATS}"),
            );
            None
        }
    }
}

fn headers(raw: &RawConfig, scope: &mut Scope) -> Option<Vec<(String, Secret)>> {
    let Some(map) = &raw.headers else {
        return Some(Vec::new());
    };
    let mut ok = true;
    let mut headers = Vec::new();
    let mut scope = scope.nested("headers");
    for (name, value) in map.get_ref() {
        let problem = if reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err() {
            Some("not a valid HTTP header name".to_string())
        } else if name.to_ascii_lowercase().starts_with("webhook-") {
            Some(
                "webhook-id, webhook-timestamp and webhook-signature are set by feedwatch"
                    .to_string(),
            )
        } else {
            match expand_env(value) {
                Err(err) => Some(err.to_string()),
                // Say what is wrong without the value, which may be a token.
                Ok(expanded) if reqwest::header::HeaderValue::from_str(&expanded).is_err() => Some(
                    "not a valid HTTP header value (control characters or line breaks)".to_string(),
                ),
                Ok(expanded) => {
                    headers.push((name.clone(), Secret::new(expanded)));
                    None
                }
            }
        };
        if let Some(problem) = problem {
            scope.push(map.span(), name, problem);
            ok = false;
        }
    }
    ok.then_some(headers)
}

fn signing_keys(raw: &RawConfig, base_dir: &Path, scope: &mut Scope) -> Option<Vec<SigningKey>> {
    let given: Vec<_> = [
        raw.secret.as_ref().map(|v| ("secret", v.span())),
        raw.secrets.as_ref().map(|v| ("secrets", v.span())),
        raw.secret_file.as_ref().map(|v| ("secret_file", v.span())),
    ]
    .into_iter()
    .flatten()
    .collect();
    if given.len() > 1 {
        let (key, span) = given[1].clone();
        scope.push(
            span,
            key,
            "set only one of `secret`, `secrets` (several during key rotation, newest first) and `secret_file`",
        );
        return None;
    }
    // (key, span, text) triples, the text already expanded or read.
    let mut texts: Vec<(&str, std::ops::Range<usize>, Secret)> = Vec::new();
    if let Some(secret) = &raw.secret {
        let text = expand(secret, "secret", scope)?;
        texts.push(("secret", secret.span(), Secret::new(text)));
    }
    if let Some(secrets) = &raw.secrets {
        if secrets.get_ref().is_empty() {
            scope.push(
                secrets.span(),
                "secrets",
                "expected at least one secret, e.g. [\"whsec_...\"]",
            );
            return None;
        }
        for text in secrets.get_ref() {
            match expand_env(text) {
                Ok(v) => texts.push(("secrets", secrets.span(), Secret::new(v))),
                Err(err) => {
                    scope.push(secrets.span(), "secrets", err.to_string());
                    return None;
                }
            }
        }
    }
    if let Some(path) = &raw.secret_file {
        match read_secret_file(path.get_ref(), base_dir) {
            // A file may hold several keys (rotation), one per line or space.
            Ok(content) => {
                for part in content.expose().split_whitespace() {
                    texts.push(("secret_file", path.span(), Secret::new(part)));
                }
            }
            Err(err) => {
                scope.push(path.span(), "secret_file", err.to_string());
                return None;
            }
        }
    }
    let mut keys = Vec::new();
    let mut ok = true;
    for (n, (key, span, text)) in texts.into_iter().enumerate() {
        match SigningKey::parse(text.expose()) {
            Ok(k) => keys.push(k),
            Err(problem) => {
                let which = if key == "secret" {
                    String::new()
                } else {
                    format!(" (key {})", n + 1)
                };
                scope.push(span, key, format!("the secret{which} {problem}"));
                ok = false;
            }
        }
    }
    ok.then_some(keys)
}

/// The ntfy topic: `ntfy_topic`, or the URL's path (https://ntfy.sh/alerts).
fn ntfy_topic(
    raw: &RawConfig,
    url: Option<&Url>,
    anchor: std::ops::Range<usize>,
    scope: &mut Scope,
) -> Option<String> {
    let valid = |t: &str| {
        !t.is_empty()
            && t.len() <= 64
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    let (topic, span, key) = match &raw.ntfy_topic {
        Some(t) => (t.get_ref().clone(), t.span(), "ntfy_topic"),
        None => {
            let url = url?;
            let path = url.path().trim_matches('/').to_string();
            let span = raw.url.as_ref().map_or(anchor, |u| u.span());
            (path, span, "url")
        }
    };
    if valid(&topic) {
        Some(topic)
    } else {
        scope.push(
            span,
            key,
            "an ntfy sink needs a topic: `ntfy_topic = \"alerts\"` or the topic as the URL path (https://ntfy.sh/alerts); 1 to 64 letters, digits, '-' or '_'",
        );
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_the_raw_fields() {
        crate::alert::sink::config::assert_keys_match::<RawConfig>(KEYS);
    }
}
