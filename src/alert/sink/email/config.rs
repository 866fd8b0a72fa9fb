//! An email sink's config: the SMTP server (`url`, `tls`, credentials),
//! sender, recipients and optional templates.
//!
//! **Invariant:** secrets are resolved here, at load (`${ENV}` expansion,
//! `password_file`), into types whose `Debug` is redacted; messages never
//! contain a secret's value.

use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;
use url::Url;

use crate::alert::sink::secret::{Secret, expand, read_secret_file};
use crate::alert::sink::template::{TemplateRole, TemplateSource, read_template};
use crate::diagnostics::{Scope, Spanned};

/// The keys of an email `[[sink]]` besides the common ones; the same as
/// [`RawConfig`]'s fields (a unit test holds them together).
pub(crate) const KEYS: &[&str] = &[
    "url",
    "timeout",
    "tls",
    "username",
    "password",
    "password_file",
    "from",
    "to",
    "subject",
    "text_template",
    "text_template_file",
    "html_template",
    "html_template_file",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConfig {
    url: Option<Spanned<String>>,
    timeout: Option<Spanned<String>>,
    tls: Option<Spanned<String>>,
    username: Option<Spanned<String>>,
    password: Option<Spanned<String>>,
    password_file: Option<Spanned<String>>,
    from: Option<Spanned<String>>,
    to: Option<Spanned<OneOrMany>>,
    subject: Option<Spanned<String>>,
    text_template: Option<Spanned<String>>,
    text_template_file: Option<Spanned<String>>,
    html_template: Option<Spanned<String>>,
    html_template_file: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Clone, PartialEq)]
pub struct Config {
    pub host: String,
    pub port: u16,
    pub tls: Tls,
    pub username: Option<Secret>,
    pub password: Option<Secret>,
    /// The sender mailbox, e.g. "feedwatch <alerts@example.org>" (validated).
    pub from: String,
    /// Recipient mailboxes (validated), at least one.
    pub to: Vec<String>,
    pub subject: Option<TemplateSource>,
    pub text_template: Option<TemplateSource>,
    pub html_template: Option<TemplateSource>,
    pub timeout: Duration,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("email::Config")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("username", &self.username)
            .field("password", &self.password)
            .field("from", &self.from)
            .field("to", &self.to)
            .field("subject", &self.subject)
            .field("text_template", &self.text_template)
            .field("html_template", &self.html_template)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl Config {
    /// One line for `check` and logs, without secrets.
    pub fn describe(&self) -> String {
        format!(
            "email {}://{}:{} ({}) to {}",
            if self.tls == Tls::Implicit {
                "smtps"
            } else {
                "smtp"
            },
            self.host,
            self.port,
            self.tls.name(),
            self.to.join(", ")
        )
    }
}

/// How the SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tls {
    /// Plain connection upgraded with STARTTLS; refused if the server cannot.
    StartTls,
    /// TLS from the first byte (`smtps://`, usually port 465).
    Implicit,
    /// No encryption: only to a server on this machine.
    None,
}

impl Tls {
    pub fn name(&self) -> &'static str {
        match self {
            Tls::StartTls => "starttls",
            Tls::Implicit => "implicit",
            Tls::None => "none",
        }
    }
}

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Validates an email sink; `anchor` is a span to report missing keys at.
pub(crate) fn validate(
    raw: &RawConfig,
    anchor: Range<usize>,
    base_dir: &Path,
    scope: &mut Scope,
) -> Option<Config> {
    let endpoint = endpoint(raw, anchor.clone(), scope);
    let timeout = scope
        .duration_in(raw.timeout.as_ref(), "timeout", crate::fetch::TIMEOUT_RANGE)
        .unwrap_or(DEFAULT_TIMEOUT);
    let username = match &raw.username {
        Some(u) => Some(Some(Secret::new(expand(u, "username", scope)?))),
        None => Some(None),
    };
    let password = match (&raw.password, &raw.password_file) {
        (Some(_), Some(f)) => {
            scope.push(
                f.span(),
                "password_file",
                "set either `password` or `password_file`, not both",
            );
            None
        }
        (Some(p), None) => expand(p, "password", scope).map(|v| Some(Secret::new(v))),
        (None, Some(f)) => match read_secret_file(f.get_ref(), base_dir) {
            Ok(secret) => Some(Some(secret)),
            Err(err) => {
                scope.push(f.span(), "password_file", err.to_string());
                None
            }
        },
        (None, None) => Some(None),
    };
    if let (Some(Some(_)), Some(None)) = (&username, &password) {
        let span = raw.username.as_ref().map_or(anchor.clone(), |u| u.span());
        scope.push(
            span,
            "password",
            "`username` needs `password` or `password_file`",
        );
    }
    if let (Some(None), Some(Some(_))) = (&username, &password) {
        let span = raw
            .password
            .as_ref()
            .or(raw.password_file.as_ref())
            .map_or(anchor.clone(), |p| p.span());
        scope.push(span, "username", "a password needs `username`");
    }
    let from = match &raw.from {
        None => {
            scope.push(
                anchor.clone(),
                "from",
                "an email sink needs `from`, e.g. from = \"feedwatch <alerts@example.org>\"",
            );
            None
        }
        Some(from) => check_mailbox(from.get_ref(), from.span(), "from", scope),
    };
    let to = match &raw.to {
        None => {
            scope.push(
                anchor.clone(),
                "to",
                "an email sink needs `to`, e.g. to = \"ops@example.org\" or to = [\"a@example.org\", \"b@example.org\"]",
            );
            None
        }
        Some(to) => {
            let list = match to.get_ref() {
                OneOrMany::One(one) => vec![one.clone()],
                OneOrMany::Many(many) => many.clone(),
            };
            if list.is_empty() {
                scope.push(to.span(), "to", "expected at least one recipient address");
                None
            } else {
                let checked: Vec<Option<String>> = list
                    .iter()
                    .map(|address| check_mailbox(address, to.span(), "to", scope))
                    .collect();
                checked.into_iter().collect::<Option<Vec<String>>>()
            }
        }
    };
    let subject = read_template(
        raw.subject.as_ref(),
        None,
        "subject",
        TemplateRole::Subject,
        base_dir,
        scope,
    );
    let text_template = read_template(
        raw.text_template.as_ref(),
        raw.text_template_file.as_ref(),
        "text_template",
        TemplateRole::Text,
        base_dir,
        scope,
    );
    let html_template = read_template(
        raw.html_template.as_ref(),
        raw.html_template_file.as_ref(),
        "html_template",
        TemplateRole::Html,
        base_dir,
        scope,
    );
    let (host, port, tls) = endpoint?;
    let (Ok(subject), Ok(text_template), Ok(html_template)) =
        (subject, text_template, html_template)
    else {
        return None;
    };
    Some(Config {
        host,
        port,
        tls,
        username: username?,
        password: password?,
        from: from?,
        to: to?,
        subject,
        text_template,
        html_template,
        timeout,
    })
}

/// `url = "smtp://host:port"` or `"smtps://host:port"`, and `tls`.
fn endpoint(
    raw: &RawConfig,
    anchor: Range<usize>,
    scope: &mut Scope,
) -> Option<(String, u16, Tls)> {
    let Some(url_value) = &raw.url else {
        scope.push(
            anchor.clone(),
            "url",
            "an email sink needs `url`, e.g. url = \"smtp://mail.example.org:587\" (STARTTLS) or \"smtps://mail.example.org:465\"",
        );
        return None;
    };
    let text = expand(url_value, "url", scope)?;
    let url = match Url::parse(&text) {
        Ok(url) => url,
        Err(e) => {
            scope.push(
                url_value.span(),
                "url",
                format!(
                    "`{}` is not a valid URL: {e}; expected smtp://HOST:PORT or smtps://HOST:PORT",
                    url_value.get_ref()
                ),
            );
            return None;
        }
    };
    let implicit = match url.scheme() {
        "smtp" => false,
        "smtps" => true,
        other => {
            scope.push(
                url_value.span(),
                "url",
                format!(
                    "unsupported scheme `{other}`; expected smtp://HOST:PORT or smtps://HOST:PORT"
                ),
            );
            return None;
        }
    };
    if !url.username().is_empty() || url.password().is_some() {
        scope.push(
            url_value.span(),
            "url",
            "put credentials in `username` and `password` (or `password_file`), not in the URL",
        );
        return None;
    }
    if !url.path().trim_matches('/').is_empty() || url.query().is_some() {
        scope.push(
            url_value.span(),
            "url",
            "expected smtp://HOST:PORT with no path or query",
        );
        return None;
    }
    let Some(host) = url.host_str().filter(|h| !h.is_empty()) else {
        scope.push(
            url_value.span(),
            "url",
            "the URL has no host; expected smtp://HOST:PORT",
        );
        return None;
    };
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string();
    let tls = match (
        raw.tls.as_ref().map(|t| (t.get_ref().as_str(), t.span())),
        implicit,
    ) {
        (None, false) => Tls::StartTls,
        (None, true) | (Some(("implicit", _)), _) => Tls::Implicit,
        (Some(("starttls", _)), false) => Tls::StartTls,
        (Some(("none", _)), false) => Tls::None,
        (Some((value @ ("starttls" | "none"), span)), true) => {
            scope.push(
                span,
                "tls",
                format!("smtps:// is TLS from the start; tls = \"{value}\" contradicts it (use smtp:// for \"{value}\")"),
            );
            return None;
        }
        (Some((other, span)), _) => {
            scope.push(
                span,
                "tls",
                format!("unknown tls mode `{other}`; expected \"starttls\" (default for smtp://), \"implicit\" (smtps://) or \"none\" (only to localhost)"),
            );
            return None;
        }
    };
    if tls == Tls::None && !is_local_host(&host) {
        let span = raw.tls.as_ref().map_or(url_value.span(), |t| t.span());
        scope.push(
            span,
            "tls",
            format!("tls = \"none\" sends mail and passwords in clear text; it is allowed only to localhost, 127.0.0.1 or ::1, not to `{host}`"),
        );
        return None;
    }
    let port = url.port().unwrap_or(match tls {
        Tls::StartTls => 587,
        Tls::Implicit => 465,
        Tls::None => 25,
    });
    Some((host, port, tls))
}

fn is_local_host(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn check_mailbox(
    address: &str,
    span: Range<usize>,
    key: &str,
    scope: &mut Scope,
) -> Option<String> {
    match address.parse::<lettre::message::Mailbox>() {
        Ok(_) => Some(address.to_string()),
        Err(e) => {
            scope.push(
                span,
                key,
                format!("`{address}` is not an email address ({e}); expected e.g. \"ops@example.org\" or \"Ops <ops@example.org>\""),
            );
            None
        }
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
