//! `[[sink]]` entries: where alerts go, and everything specific to each sink
//! type (stdout, webhook, email), plus the options every sink has
//! (`rate_limit`, `digest`, `timezone`). Validation reports every problem
//! with its location and what is allowed.
//!
//! **Invariant:** secrets are resolved here, at load (`${ENV}` expansion,
//! `*_file` reads), into types whose `Debug` is redacted; no message written
//! here contains a secret's value (messages quote the text as written in the
//! file, before expansion, or only name the variable or file).

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;
use url::Url;

use super::error::Diagnostics;
use super::raw::S;
use super::{check_name, optional_duration};
use crate::alert::schedule::{DigestSchedule, RateLimit};
use crate::alert::sink::secret::{Secret, expand_env, read_secret_file, redact_url};
use crate::alert::sink::sign::SigningKey;
use crate::alert::sink::template::{self, TemplateRole};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSink {
    pub name: S<String>,
    #[serde(rename = "type")]
    pub kind: S<String>,
    pub url: Option<S<String>>,
    pub timeout: Option<S<String>>,
    pub headers: Option<S<BTreeMap<String, String>>>,
    pub format: Option<S<String>>,
    pub secret: Option<S<String>>,
    pub secrets: Option<S<Vec<String>>>,
    pub secret_file: Option<S<String>>,
    pub template: Option<S<String>>,
    pub template_file: Option<S<String>>,
    pub ntfy_topic: Option<S<String>>,
    pub tls: Option<S<String>>,
    pub username: Option<S<String>>,
    pub password: Option<S<String>>,
    pub password_file: Option<S<String>>,
    pub from: Option<S<String>>,
    pub to: Option<S<OneOrMany>>,
    pub subject: Option<S<String>>,
    pub text_template: Option<S<String>>,
    pub text_template_file: Option<S<String>>,
    pub html_template: Option<S<String>>,
    pub html_template_file: Option<S<String>>,
    pub rate_limit: Option<S<String>>,
    pub digest: Option<S<String>>,
    pub timezone: Option<S<String>>,
}

/// The raw entry holds secrets as written: show only what identifies it.
impl fmt::Debug for RawSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawSink")
            .field("name", self.name.get_ref())
            .field("type", self.kind.get_ref())
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct SinkConfig {
    pub name: String,
    pub kind: SinkKind,
    /// At most this many messages to this sink; none when unset.
    pub rate_limit: Option<RateLimit>,
    /// When this sink's messages go out (default: immediately).
    pub digest: DigestSchedule,
}

impl SinkConfig {
    /// One line for `check` and logs: the type, where it sends (without
    /// secrets) and its options.
    pub fn describe(&self) -> String {
        let mut out = match &self.kind {
            SinkKind::Stdout => "stdout".to_string(),
            SinkKind::Webhook(w) => {
                let mut s = format!("webhook {} format {}", redact_url(&w.url), w.format.name());
                if let WebhookFormat::Ntfy { topic } = &w.format {
                    s.push_str(&format!(" (topic {topic})"));
                }
                if !w.signing_keys.is_empty() {
                    let n = w.signing_keys.len();
                    s.push_str(&format!(
                        ", signed with {n} key{}",
                        if n == 1 { "" } else { "s" }
                    ));
                }
                s
            }
            SinkKind::Email(e) => format!(
                "email {}://{}:{} ({}) to {}",
                if e.tls == EmailTls::Implicit {
                    "smtps"
                } else {
                    "smtp"
                },
                e.host,
                e.port,
                e.tls.name(),
                e.to.join(", ")
            ),
        };
        if self.digest != DigestSchedule::Immediate {
            out.push_str(&format!(", digest {}", self.digest.describe()));
        }
        if let Some(limit) = &self.rate_limit {
            out.push_str(&format!(", rate limit {}", limit.describe()));
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum SinkKind {
    /// One JSON object a line on standard output.
    Stdout,
    Webhook(WebhookConfig),
    Email(EmailConfig),
}

#[derive(Clone, PartialEq)]
pub struct WebhookConfig {
    /// Where to POST. For `ntfy`, the server's base URL.
    pub url: Url,
    pub timeout: Duration,
    /// Extra headers; values may hold credentials.
    pub headers: Vec<(String, Secret)>,
    pub format: WebhookFormat,
    /// Standard Webhooks keys; empty means unsigned. The first is the newest.
    pub signing_keys: Vec<SigningKey>,
}

impl fmt::Debug for WebhookConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookConfig")
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
pub enum WebhookFormat {
    Json,
    Slack,
    Discord,
    Teams,
    Mattermost,
    Ntfy { topic: String },
    Template(TemplateSource),
}

impl WebhookFormat {
    pub fn name(&self) -> &'static str {
        match self {
            WebhookFormat::Json => "json",
            WebhookFormat::Slack => "slack",
            WebhookFormat::Discord => "discord",
            WebhookFormat::Teams => "teams",
            WebhookFormat::Mattermost => "mattermost",
            WebhookFormat::Ntfy { .. } => "ntfy",
            WebhookFormat::Template(_) => "template",
        }
    }
}

/// A user's minijinja template and where it came from (for messages).
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateSource {
    /// "template", or the file's path.
    pub origin: String,
    pub text: String,
}

#[derive(Clone, PartialEq)]
pub struct EmailConfig {
    pub host: String,
    pub port: u16,
    pub tls: EmailTls,
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

impl fmt::Debug for EmailConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmailConfig")
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

/// How the SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailTls {
    /// Plain connection upgraded with STARTTLS; refused if the server cannot.
    StartTls,
    /// TLS from the first byte (`smtps://`, usually port 465).
    Implicit,
    /// No encryption: only to a server on this machine.
    None,
}

impl EmailTls {
    pub fn name(&self) -> &'static str {
        match self {
            EmailTls::StartTls => "starttls",
            EmailTls::Implicit => "implicit",
            EmailTls::None => "none",
        }
    }
}

const DEFAULT_WEBHOOK_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_EMAIL_TIMEOUT: Duration = Duration::from_secs(30);
const FORMATS: &str =
    "\"json\", \"slack\", \"discord\", \"teams\", \"mattermost\", \"ntfy\" or \"template\"";

/// Keys only some sink types take; every sink also takes name, type,
/// rate_limit, digest and timezone.
const WEBHOOK_KEYS: &[&str] = &[
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
const EMAIL_KEYS: &[&str] = &[
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

/// Validation context for one `[[sink]]`.
struct Ctx<'d, 'a> {
    diags: &'d mut Diagnostics<'a>,
    index: usize,
    base_dir: &'d Path,
}

impl Ctx<'_, '_> {
    fn key(&self, key: &str) -> String {
        format!("sink[{}].{key}", self.index)
    }

    fn push(&mut self, span: std::ops::Range<usize>, key: &str, message: impl Into<String>) {
        let key = self.key(key);
        self.diags.push(span, key, message);
    }

    /// `${ENV}` expansion of a value; on error, reports it and gives None.
    fn expand(&mut self, value: &S<String>, key: &str) -> Option<String> {
        match expand_env(value.get_ref()) {
            Ok(v) => Some(v),
            Err(message) => {
                self.push(value.span(), key, message);
                None
            }
        }
    }

    fn read_template(
        &mut self,
        inline: &Option<S<String>>,
        file: &Option<S<String>>,
        key: &str,
        role: TemplateRole,
    ) -> Option<TemplateSource> {
        let file_key = format!("{key}_file");
        let source = match (inline, file) {
            (Some(_), Some(f)) => {
                self.push(
                    f.span(),
                    &file_key,
                    format!("set either `{key}` or `{file_key}`, not both"),
                );
                return None;
            }
            (Some(text), None) => TemplateSource {
                origin: key.to_string(),
                text: text.get_ref().clone(),
            },
            (None, Some(path)) => {
                let full = self.base_dir.join(path.get_ref());
                match std::fs::read_to_string(&full) {
                    Ok(text) => TemplateSource {
                        origin: full.display().to_string(),
                        text,
                    },
                    Err(e) => {
                        self.push(
                            path.span(),
                            &file_key,
                            format!("cannot read template file {}: {e}", full.display()),
                        );
                        return None;
                    }
                }
            }
            (None, None) => return None,
        };
        let span = inline.as_ref().or(file.as_ref()).map_or(0..0, |v| v.span());
        match template::check(&source, role) {
            Ok(()) => Some(source),
            Err(message) => {
                let key = if inline.is_some() {
                    key.to_string()
                } else {
                    file_key
                };
                self.push(span, &key, message);
                None
            }
        }
    }
}

pub(crate) fn sink_config(
    diags: &mut Diagnostics,
    index: usize,
    raw: &RawSink,
    base_dir: &Path,
) -> Option<SinkConfig> {
    let name_ok = check_name(diags, &raw.name, format!("sink[{index}].name"));
    let mut ctx = Ctx {
        diags,
        index,
        base_dir,
    };
    let type_name = raw.kind.get_ref().as_str();
    let allowed: &[&str] = match type_name {
        "stdout" => &[],
        "webhook" => WEBHOOK_KEYS,
        "email" => EMAIL_KEYS,
        other => {
            ctx.push(
                raw.kind.span(),
                "type",
                format!(
                    "unknown sink type `{other}`; expected \"webhook\", \"email\" or \"stdout\""
                ),
            );
            &[]
        }
    };
    if matches!(type_name, "stdout" | "webhook" | "email") {
        reject_foreign_keys(&mut ctx, raw, type_name, allowed);
    }
    let kind = match type_name {
        "stdout" => Some(SinkKind::Stdout),
        "webhook" => webhook_config(&mut ctx, raw).map(SinkKind::Webhook),
        "email" => email_config(&mut ctx, raw).map(SinkKind::Email),
        _ => None,
    };
    let rate_limit = raw.rate_limit.as_ref().and_then(|value| {
        RateLimit::parse(value.get_ref())
            .map_err(|message| ctx.push(value.span(), "rate_limit", message))
            .ok()
    });
    let digest = match (&raw.digest, &raw.timezone) {
        (None, None) => Some(DigestSchedule::Immediate),
        (None, Some(tz)) => {
            ctx.push(
                tz.span(),
                "timezone",
                "`timezone` applies to a daily digest; add e.g. digest = \"daily 08:00\"",
            );
            None
        }
        (Some(text), tz) => {
            match DigestSchedule::parse(text.get_ref(), tz.as_ref().map(|t| t.get_ref().as_str())) {
                Ok(schedule) => Some(schedule),
                Err(message) => {
                    // Point at the timezone when it is the zone that is wrong.
                    let (span, key) = match tz {
                        Some(tz) if message.contains("IANA") => (tz.span(), "timezone"),
                        _ => (text.span(), "digest"),
                    };
                    ctx.push(span, key, message);
                    None
                }
            }
        }
    };
    if !name_ok {
        return None;
    }
    Some(SinkConfig {
        name: raw.name.get_ref().clone(),
        kind: kind?,
        rate_limit,
        digest: digest?,
    })
}

fn present_keys(raw: &RawSink) -> Vec<(&'static str, std::ops::Range<usize>)> {
    let mut keys = Vec::new();
    let mut add = |key: &'static str, span: Option<std::ops::Range<usize>>| {
        if let Some(span) = span {
            keys.push((key, span));
        }
    };
    add("url", raw.url.as_ref().map(|v| v.span()));
    add("timeout", raw.timeout.as_ref().map(|v| v.span()));
    add("headers", raw.headers.as_ref().map(|v| v.span()));
    add("format", raw.format.as_ref().map(|v| v.span()));
    add("secret", raw.secret.as_ref().map(|v| v.span()));
    add("secrets", raw.secrets.as_ref().map(|v| v.span()));
    add("secret_file", raw.secret_file.as_ref().map(|v| v.span()));
    add("template", raw.template.as_ref().map(|v| v.span()));
    add(
        "template_file",
        raw.template_file.as_ref().map(|v| v.span()),
    );
    add("ntfy_topic", raw.ntfy_topic.as_ref().map(|v| v.span()));
    add("tls", raw.tls.as_ref().map(|v| v.span()));
    add("username", raw.username.as_ref().map(|v| v.span()));
    add("password", raw.password.as_ref().map(|v| v.span()));
    add(
        "password_file",
        raw.password_file.as_ref().map(|v| v.span()),
    );
    add("from", raw.from.as_ref().map(|v| v.span()));
    add("to", raw.to.as_ref().map(|v| v.span()));
    add("subject", raw.subject.as_ref().map(|v| v.span()));
    add(
        "text_template",
        raw.text_template.as_ref().map(|v| v.span()),
    );
    add(
        "text_template_file",
        raw.text_template_file.as_ref().map(|v| v.span()),
    );
    add(
        "html_template",
        raw.html_template.as_ref().map(|v| v.span()),
    );
    add(
        "html_template_file",
        raw.html_template_file.as_ref().map(|v| v.span()),
    );
    keys
}

fn reject_foreign_keys(ctx: &mut Ctx, raw: &RawSink, type_name: &str, allowed: &[&str]) {
    for (key, span) in present_keys(raw) {
        if !allowed.contains(&key) {
            let takes = if allowed.is_empty() {
                "it takes only name, type, rate_limit, digest and timezone".to_string()
            } else {
                format!("it takes {}", allowed.join(", "))
            };
            ctx.push(
                span,
                key,
                format!("`{key}` does not apply to a sink of type \"{type_name}\"; {takes}"),
            );
        }
    }
}

fn webhook_config(ctx: &mut Ctx, raw: &RawSink) -> Option<WebhookConfig> {
    let url = match &raw.url {
        None => {
            ctx.push(
                raw.name.span(),
                "url",
                "a webhook sink needs `url`, e.g. url = \"https://example.org/hook\"",
            );
            None
        }
        Some(url) => ctx
            .expand(url, "url")
            .and_then(|text| match Url::parse(&text) {
                Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Some(u),
                // Quote the URL as written: the expanded one may hold a token.
                Ok(_) => {
                    ctx.push(
                        url.span(),
                        "url",
                        "expected an http:// or https:// URL with a host",
                    );
                    None
                }
                Err(e) => {
                    ctx.push(
                        url.span(),
                        "url",
                        format!("`{}` is not a valid URL: {e}", url.get_ref()),
                    );
                    None
                }
            }),
    };
    let timeout = optional_duration(ctx.diags, &raw.timeout, &ctx.key("timeout"))
        .unwrap_or(DEFAULT_WEBHOOK_TIMEOUT);
    let headers = webhook_headers(ctx, raw);
    let signing_keys = signing_keys(ctx, raw);
    let format_name = raw.format.as_ref().map_or("json", |f| f.get_ref().as_str());
    let format_span = raw.format.as_ref().map_or(raw.kind.span(), |f| f.span());
    if let Some(t) = raw.ntfy_topic.as_ref().filter(|_| format_name != "ntfy") {
        ctx.push(
            t.span(),
            "ntfy_topic",
            "`ntfy_topic` applies only to format = \"ntfy\"",
        );
    }
    if format_name != "template" {
        for (key, value) in [
            ("template", &raw.template),
            ("template_file", &raw.template_file),
        ] {
            if let Some(v) = value {
                ctx.push(
                    v.span(),
                    key,
                    format!("`{key}` applies only to format = \"template\""),
                );
            }
        }
    }
    let format = match format_name {
        "json" => Some(WebhookFormat::Json),
        "slack" => Some(WebhookFormat::Slack),
        "discord" => Some(WebhookFormat::Discord),
        "teams" => Some(WebhookFormat::Teams),
        "mattermost" => Some(WebhookFormat::Mattermost),
        "ntfy" => ntfy_topic(ctx, raw, url.as_ref()).map(|topic| WebhookFormat::Ntfy { topic }),
        "template" => {
            let source = ctx.read_template(
                &raw.template,
                &raw.template_file,
                "template",
                TemplateRole::Webhook,
            );
            if source.is_none() && raw.template.is_none() && raw.template_file.is_none() {
                ctx.push(
                    format_span,
                    "format",
                    "format = \"template\" needs `template` (inline minijinja) or `template_file`",
                );
            }
            source.map(WebhookFormat::Template)
        }
        other => {
            ctx.push(
                format_span,
                "format",
                format!("unknown format `{other}`; expected {FORMATS}"),
            );
            None
        }
    };
    // ntfy takes JSON at the server's root; the topic travels in the body.
    let url = match (&format, url) {
        (Some(WebhookFormat::Ntfy { .. }), Some(mut url)) => {
            if raw.ntfy_topic.is_none() {
                url.set_path("/");
            }
            Some(url)
        }
        (_, url) => url,
    };
    Some(WebhookConfig {
        url: url?,
        timeout,
        headers: headers?,
        format: format?,
        signing_keys: signing_keys?,
    })
}

fn webhook_headers(ctx: &mut Ctx, raw: &RawSink) -> Option<Vec<(String, Secret)>> {
    let Some(map) = &raw.headers else {
        return Some(Vec::new());
    };
    let mut ok = true;
    let mut headers = Vec::new();
    for (name, value) in map.get_ref() {
        let key = format!("headers.{name}");
        if reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err() {
            ctx.push(map.span(), &key, "not a valid HTTP header name");
            ok = false;
            continue;
        }
        let lower = name.to_ascii_lowercase();
        if lower.starts_with("webhook-") {
            ctx.push(
                map.span(),
                &key,
                "webhook-id, webhook-timestamp and webhook-signature are set by feedwatch",
            );
            ok = false;
            continue;
        }
        let expanded = match expand_env(value) {
            Ok(v) => v,
            Err(message) => {
                ctx.push(map.span(), &key, message);
                ok = false;
                continue;
            }
        };
        if reqwest::header::HeaderValue::from_str(&expanded).is_err() {
            // Say what is wrong without the value, which may be a token.
            ctx.push(
                map.span(),
                &key,
                "not a valid HTTP header value (control characters or line breaks)",
            );
            ok = false;
            continue;
        }
        headers.push((name.clone(), Secret::new(expanded)));
    }
    ok.then_some(headers)
}

fn signing_keys(ctx: &mut Ctx, raw: &RawSink) -> Option<Vec<SigningKey>> {
    let given = [
        raw.secret.as_ref().map(|v| ("secret", v.span())),
        raw.secrets.as_ref().map(|v| ("secrets", v.span())),
        raw.secret_file.as_ref().map(|v| ("secret_file", v.span())),
    ];
    let given: Vec<_> = given.into_iter().flatten().collect();
    if given.len() > 1 {
        let (key, span) = given[1].clone();
        ctx.push(
            span,
            key,
            "set only one of `secret`, `secrets` (several during key rotation, newest first) and `secret_file`",
        );
        return None;
    }
    // (key, span, text) triples, the text already expanded or read.
    let mut texts: Vec<(&str, std::ops::Range<usize>, Secret)> = Vec::new();
    if let Some(secret) = &raw.secret {
        texts.push((
            "secret",
            secret.span(),
            Secret::new(ctx.expand(secret, "secret")?),
        ));
    }
    if let Some(secrets) = &raw.secrets {
        if secrets.get_ref().is_empty() {
            ctx.push(
                secrets.span(),
                "secrets",
                "expected at least one secret, e.g. [\"whsec_...\"]",
            );
            return None;
        }
        for text in secrets.get_ref() {
            match expand_env(text) {
                Ok(v) => texts.push(("secrets", secrets.span(), Secret::new(v))),
                Err(message) => {
                    ctx.push(secrets.span(), "secrets", message);
                    return None;
                }
            }
        }
    }
    if let Some(path) = &raw.secret_file {
        match read_secret_file(path.get_ref(), ctx.base_dir) {
            // A file may hold several keys (rotation), one per line or space.
            Ok(content) => {
                for part in content.expose().split_whitespace() {
                    texts.push(("secret_file", path.span(), Secret::new(part)));
                }
            }
            Err(message) => {
                ctx.push(path.span(), "secret_file", message);
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
                ctx.push(span, key, format!("the secret{which} {problem}"));
                ok = false;
            }
        }
    }
    ok.then_some(keys)
}

/// The ntfy topic: `ntfy_topic`, or the URL's path (https://ntfy.sh/alerts).
fn ntfy_topic(ctx: &mut Ctx, raw: &RawSink, url: Option<&Url>) -> Option<String> {
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
            let span = raw.url.as_ref().map_or(raw.kind.span(), |u| u.span());
            (path, span, "url")
        }
    };
    if valid(&topic) {
        Some(topic)
    } else {
        ctx.push(
            span,
            key,
            "an ntfy sink needs a topic: `ntfy_topic = \"alerts\"` or the topic as the URL path (https://ntfy.sh/alerts); 1 to 64 letters, digits, '-' or '_'",
        );
        None
    }
}

fn email_config(ctx: &mut Ctx, raw: &RawSink) -> Option<EmailConfig> {
    let endpoint = email_endpoint(ctx, raw);
    let timeout = optional_duration(ctx.diags, &raw.timeout, &ctx.key("timeout"))
        .unwrap_or(DEFAULT_EMAIL_TIMEOUT);
    let username = match &raw.username {
        Some(u) => Some(Some(Secret::new(ctx.expand(u, "username")?))),
        None => Some(None),
    };
    let password = match (&raw.password, &raw.password_file) {
        (Some(_), Some(f)) => {
            ctx.push(
                f.span(),
                "password_file",
                "set either `password` or `password_file`, not both",
            );
            None
        }
        (Some(p), None) => ctx.expand(p, "password").map(|v| Some(Secret::new(v))),
        (None, Some(f)) => match read_secret_file(f.get_ref(), ctx.base_dir) {
            Ok(secret) => Some(Some(secret)),
            Err(message) => {
                ctx.push(f.span(), "password_file", message);
                None
            }
        },
        (None, None) => Some(None),
    };
    if let (Some(Some(_)), Some(None)) = (&username, &password) {
        let span = raw.username.as_ref().map_or(raw.name.span(), |u| u.span());
        ctx.push(
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
            .map_or(raw.name.span(), |p| p.span());
        ctx.push(span, "username", "a password needs `username`");
    }
    let from = match &raw.from {
        None => {
            ctx.push(
                raw.name.span(),
                "from",
                "an email sink needs `from`, e.g. from = \"feedwatch <alerts@example.org>\"",
            );
            None
        }
        Some(from) => check_mailbox(ctx, from.get_ref(), from.span(), "from"),
    };
    let to = match &raw.to {
        None => {
            ctx.push(
                raw.name.span(),
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
                ctx.push(to.span(), "to", "expected at least one recipient address");
                None
            } else {
                let checked: Vec<Option<String>> = list
                    .iter()
                    .map(|address| check_mailbox(ctx, address, to.span(), "to"))
                    .collect();
                checked.into_iter().collect::<Option<Vec<String>>>()
            }
        }
    };
    let subject = match &raw.subject {
        Some(_) => Some(ctx.read_template(&raw.subject, &None, "subject", TemplateRole::Subject)),
        None => Some(None),
    };
    let text_template = ctx.read_template(
        &raw.text_template,
        &raw.text_template_file,
        "text_template",
        TemplateRole::Text,
    );
    let html_template = ctx.read_template(
        &raw.html_template,
        &raw.html_template_file,
        "html_template",
        TemplateRole::Html,
    );
    let text_failed = text_template.is_none()
        && (raw.text_template.is_some() || raw.text_template_file.is_some());
    let html_failed = html_template.is_none()
        && (raw.html_template.is_some() || raw.html_template_file.is_some());
    if text_failed || html_failed {
        return None;
    }
    let (host, port, tls) = endpoint?;
    let subject = subject?;
    if raw.subject.is_some() && subject.is_none() {
        return None;
    }
    Some(EmailConfig {
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
fn email_endpoint(ctx: &mut Ctx, raw: &RawSink) -> Option<(String, u16, EmailTls)> {
    let Some(url_value) = &raw.url else {
        ctx.push(
            raw.name.span(),
            "url",
            "an email sink needs `url`, e.g. url = \"smtp://mail.example.org:587\" (STARTTLS) or \"smtps://mail.example.org:465\"",
        );
        return None;
    };
    let text = ctx.expand(url_value, "url")?;
    let url = match Url::parse(&text) {
        Ok(url) => url,
        Err(e) => {
            ctx.push(
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
            ctx.push(
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
        ctx.push(
            url_value.span(),
            "url",
            "put credentials in `username` and `password` (or `password_file`), not in the URL",
        );
        return None;
    }
    if !url.path().trim_matches('/').is_empty() || url.query().is_some() {
        ctx.push(
            url_value.span(),
            "url",
            "expected smtp://HOST:PORT with no path or query",
        );
        return None;
    }
    let Some(host) = url.host_str().filter(|h| !h.is_empty()) else {
        ctx.push(
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
        (None, false) => EmailTls::StartTls,
        (None, true) | (Some(("implicit", _)), _) => EmailTls::Implicit,
        (Some(("starttls", _)), false) => EmailTls::StartTls,
        (Some(("none", _)), false) => EmailTls::None,
        (Some((value @ ("starttls" | "none"), span)), true) => {
            ctx.push(
                span,
                "tls",
                format!("smtps:// is TLS from the start; tls = \"{value}\" contradicts it (use smtp:// for \"{value}\")"),
            );
            return None;
        }
        (Some((other, span)), _) => {
            ctx.push(
                span,
                "tls",
                format!("unknown tls mode `{other}`; expected \"starttls\" (default for smtp://), \"implicit\" (smtps://) or \"none\" (only to localhost)"),
            );
            return None;
        }
    };
    if tls == EmailTls::None && !is_local_host(&host) {
        let span = raw.tls.as_ref().map_or(url_value.span(), |t| t.span());
        ctx.push(
            span,
            "tls",
            format!("tls = \"none\" sends mail and passwords in clear text; it is allowed only to localhost, 127.0.0.1 or ::1, not to `{host}`"),
        );
        return None;
    }
    let port = url.port().unwrap_or(match tls {
        EmailTls::StartTls => 587,
        EmailTls::Implicit => 465,
        EmailTls::None => 25,
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
    ctx: &mut Ctx,
    address: &str,
    span: std::ops::Range<usize>,
    key: &str,
) -> Option<String> {
    match address.parse::<lettre::message::Mailbox>() {
        Ok(_) => Some(address.to_string()),
        Err(e) => {
            ctx.push(
                span,
                key,
                format!("`{address}` is not an email address ({e}); expected e.g. \"ops@example.org\" or \"Ops <ops@example.org>\""),
            );
            None
        }
    }
}
