//! minijinja templates: the webhook `template` format and the email subject,
//! text and HTML bodies (user-written or the defaults in `email.rs`).
//!
//! Every template sees the same context, built from an [`Outgoing`]:
//!
//! | name | value |
//! | --- | --- |
//! | `kind` | "alert", "digest", "summary" or "test" |
//! | `test` | true for `feedwatch sink test` |
//! | `id` | the delivery id (the same on every retry) |
//! | `alerts` | the alert payloads (README "Alert payload"); links that are not http(s) are `none` |
//! | `alert` | the first payload (the only one for alert/test) |
//! | `count` | number of payloads in `alerts` |
//! | `folded` | alerts counted but not shown (summary), else 0 |
//! | `total` | `count + folded` |
//! | `topic` | the summary's topic, or the alert's; `none` for a digest |
//! | `since`, `until` | the digest's window (RFC 3339), else `none` |
//! | `groups` | `[{name, alerts}]` per topic, sorted by name |
//!
//! Filters: `highlight` (HTML-escapes and turns `**x**` into `<strong>x</strong>`),
//! `plain` (drops the `**` markers), and minijinja's builtins (`tojson`, ...).
//!
//! **Invariant:** user templates are bounded: rendering has a fuel limit
//! and the output a size limit; a failure is an error, never a panic.
//! Templates whose name ends in `.html` auto-escape everything they print.

use std::collections::BTreeMap;
use std::path::Path;

use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment};

use super::format::is_http_link;
use super::{DeliveryError, Outgoing, OutgoingKind};
use crate::alert::payload::Payload;
use crate::diagnostics::{Reported, Scope, Spanned};

/// A user's minijinja template and where it came from (for messages).
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateSource {
    /// "template", or the file's path.
    pub origin: String,
    pub text: String,
}

/// A template that does not compile or fails to render; the message names
/// its origin and what went wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub(crate) struct TemplateError(String);

/// Reads a template given inline (`key`) or from a file (`key_file`,
/// relative to `base_dir`) and checks it renders; `Ok(None)` when neither
/// is set, `Err` after reporting a problem.
pub(crate) fn read_template(
    inline: Option<&Spanned<String>>,
    file: Option<&Spanned<String>>,
    key: &str,
    role: TemplateRole,
    base_dir: &Path,
    scope: &mut Scope,
) -> Result<Option<TemplateSource>, Reported> {
    let file_key = format!("{key}_file");
    let source = match (inline, file) {
        (Some(_), Some(f)) => {
            scope.push(
                f.span(),
                &file_key,
                format!("set either `{key}` or `{file_key}`, not both"),
            );
            return Err(Reported);
        }
        (Some(text), None) => TemplateSource {
            origin: key.to_string(),
            text: text.get_ref().clone(),
        },
        (None, Some(path)) => {
            let full = base_dir.join(path.get_ref());
            match crate::files::read_to_string_limited(&full, crate::files::MAX_SMALL_FILE_BYTES) {
                Ok(text) => TemplateSource {
                    origin: full.display().to_string(),
                    text,
                },
                Err(e) => {
                    scope.push(
                        path.span(),
                        &file_key,
                        format!("cannot read template file {}: {e}", full.display()),
                    );
                    return Err(Reported);
                }
            }
        }
        (None, None) => return Ok(None),
    };
    match check(&source, role) {
        Ok(()) => Ok(Some(source)),
        Err(err) => {
            let (span, key) = match (inline, file) {
                (Some(v), _) => (v.span(), key.to_string()),
                (None, Some(v)) => (v.span(), file_key),
                (None, None) => (0..0, key.to_string()),
            };
            scope.push(span, &key, err.to_string());
            Err(Reported)
        }
    }
}

/// Instructions a render may run: generous for a digest of a few hundred
/// alerts, small enough that a runaway template stops quickly.
const FUEL: u64 = 2_000_000;
/// Largest rendered output accepted.
const MAX_OUTPUT: usize = 1024 * 1024;

/// What a template produces; decides its name and escaping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TemplateRole {
    /// A webhook body (no auto-escaping; use `tojson` for JSON strings).
    Webhook,
    /// An email subject (one line).
    Subject,
    /// The plain-text email body.
    Text,
    /// The HTML email body (auto-escaped).
    Html,
}

impl TemplateRole {
    fn template_name(self) -> &'static str {
        match self {
            TemplateRole::Webhook => "webhook",
            TemplateRole::Subject => "subject",
            TemplateRole::Text => "text",
            TemplateRole::Html => "body.html",
        }
    }
}

/// Compiled templates sharing one environment.
pub(crate) struct Renderer {
    env: Environment<'static>,
    origins: BTreeMap<&'static str, String>,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer")
            .field("templates", &self.origins)
            .finish()
    }
}

impl Renderer {
    /// Compiles templates, each given as (role, origin for messages, text).
    pub(crate) fn new(
        templates: &[(TemplateRole, String, String)],
    ) -> Result<Renderer, TemplateError> {
        let mut env = Environment::new();
        env.set_fuel(Some(FUEL));
        // Block tags on their own lines leave no blank lines behind. Building
        // this config only fails for custom delimiters, which we do not set.
        if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
        {
            env.set_syntax(syntax);
        }
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        env.add_filter("highlight", highlight);
        env.add_filter("plain", plain);
        let mut origins = BTreeMap::new();
        for (role, origin, text) in templates {
            env.add_template_owned(role.template_name(), text.clone())
                .map_err(|e| TemplateError(format!("{origin}: {}", describe_error(&e))))?;
            origins.insert(role.template_name(), origin.clone());
        }
        Ok(Renderer { env, origins })
    }

    /// Renders one template; the error names its origin and says what failed.
    pub(crate) fn render(
        &self,
        role: TemplateRole,
        context: &Value,
    ) -> Result<String, TemplateError> {
        let name = role.template_name();
        let origin = self.origins.get(name).map_or(name, String::as_str);
        let failed =
            |e: minijinja::Error| TemplateError(format!("{origin}: {}", describe_error(&e)));
        let template = self.env.get_template(name).map_err(failed)?;
        let out = template.render(context).map_err(failed)?;
        if out.len() > MAX_OUTPUT {
            return Err(TemplateError(format!(
                "{origin}: output of {} bytes is larger than the {MAX_OUTPUT}-byte limit",
                out.len()
            )));
        }
        Ok(out)
    }
}

fn describe_error(e: &minijinja::Error) -> String {
    let mut text = e.to_string();
    if e.kind() == minijinja::ErrorKind::OutOfFuel {
        text.push_str(" (the template does too much work; simplify its loops)");
    }
    text
}

/// Checks a user template at config load: it must compile and render the
/// sample alert for every message kind.
pub(crate) fn check(source: &TemplateSource, role: TemplateRole) -> Result<(), TemplateError> {
    let renderer = Renderer::new(&[(role, source.origin.clone(), source.text.clone())])
        .map_err(|e| TemplateError(format!("template error: {e}")))?;
    for message in samples() {
        let context = context(&message)
            .map_err(|e| TemplateError(format!("cannot build the sample context: {e}")))?;
        renderer.render(role, &context).map_err(|e| {
            TemplateError(format!(
                "template error while rendering a sample {}: {e}",
                message.kind.name()
            ))
        })?;
    }
    Ok(())
}

/// The README's example alert, for checking templates.
pub(crate) const SAMPLE_PAYLOAD: &str = r#"{"version":1,"id":"019cde0a1b2c3f1e2d3c","topic":"defense-ai-contracts","item":{"title":"ChatGPT Creator Eyes Deal to Bring AI Technology to NATO Networks","link":"https://defense-wire.example/2026/03/openai-nato-networks","summary":"OpenAI is exploring an agreement to provide its technology to NATO's non-classified networks.","published":"2026-03-11T14:20:00Z","feed":"defense-wire","guid":"defense-wire-2026-0311-openai-nato"},"matched":[{"term":"AI","field":"title"},{"term":"NATO","field":"title"},{"term":"deal","field":"title"}],"snippet":"ChatGPT Creator Eyes **Deal** to Bring **AI** Technology to **NATO** Networks","detected_at":"2026-11-27T10:00:00.123Z"}"#;

fn samples() -> Vec<Outgoing> {
    let at = chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap_or_default();
    let one = vec![SAMPLE_PAYLOAD.to_string()];
    let two = vec![SAMPLE_PAYLOAD.to_string(), SAMPLE_PAYLOAD.to_string()];
    [
        (OutgoingKind::Alert, one.clone()),
        (OutgoingKind::Test, one),
        (
            OutgoingKind::Digest {
                since: at - chrono::TimeDelta::hours(24),
                until: at,
            },
            two.clone(),
        ),
        (
            OutgoingKind::Summary {
                topic: "defense-ai-contracts".to_string(),
                folded: 3,
            },
            two,
        ),
    ]
    .into_iter()
    .map(|(kind, alerts)| Outgoing {
        delivery_id: "sample".to_string(),
        kind,
        alerts,
    })
    .collect()
}

/// The payloads of a message, read back, with non-http(s) links removed.
pub(crate) fn payloads(message: &Outgoing) -> Result<Vec<Payload>, DeliveryError> {
    message
        .alerts
        .iter()
        .map(|text| {
            let mut payload = Payload::from_json(text).map_err(|e| {
                DeliveryError::permanent(format!("stored alert payload is not a valid alert: {e}"))
            })?;
            if !payload.item.link.as_deref().is_some_and(is_http_link) {
                payload.item.link = None;
            }
            Ok(payload)
        })
        .collect()
}

/// The template context of a message (see the module docs).
pub(crate) fn context(message: &Outgoing) -> Result<Value, DeliveryError> {
    let alerts = payloads(message)?;
    let (topic, folded, since, until) = match &message.kind {
        OutgoingKind::Alert | OutgoingKind::Test => {
            (alerts.first().map(|a| a.topic.clone()), 0, None, None)
        }
        OutgoingKind::Digest { since, until } => (
            None,
            0,
            Some(super::format::rfc3339(*since)),
            Some(super::format::rfc3339(*until)),
        ),
        OutgoingKind::Summary { topic, folded } => (Some(topic.clone()), *folded, None, None),
    };
    let mut groups: BTreeMap<&str, Vec<&Payload>> = BTreeMap::new();
    for alert in &alerts {
        groups.entry(&alert.topic).or_default().push(alert);
    }
    let groups: Vec<serde_json::Value> = groups
        .into_iter()
        .map(|(name, alerts)| serde_json::json!({ "name": name, "alerts": alerts }))
        .collect();
    let context = serde_json::json!({
        "kind": message.kind.name(),
        "test": matches!(message.kind, OutgoingKind::Test),
        "id": message.delivery_id,
        "alert": alerts.first(),
        "count": alerts.len(),
        "folded": folded,
        "total": alerts.len() + folded,
        "topic": topic,
        "since": since,
        "until": until,
        "groups": groups,
        "alerts": alerts,
    });
    Ok(Value::from(Serde(context)))
}

/// `{{ text|highlight }}`: HTML-escaped, `**x**` as `<strong>x</strong>`.
fn highlight(text: &str) -> Value {
    let parts: Vec<&str> = text.split("**").collect();
    let mut out = String::with_capacity(text.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        let escaped = escape_html(part);
        // Odd parts are between markers; an unpaired last marker stays literal.
        if i % 2 == 1 && i + 1 < parts.len() {
            out.push_str("<strong>");
            out.push_str(&escaped);
            out.push_str("</strong>");
        } else {
            if i % 2 == 1 {
                out.push_str("**");
            }
            out.push_str(&escaped);
        }
    }
    Value::from_safe_string(out)
}

/// `{{ text|plain }}`: the text without `**` markers.
fn plain(text: &str) -> String {
    text.replace("**", "")
}

pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> TemplateSource {
        TemplateSource {
            origin: "template".to_string(),
            text: text.to_string(),
        }
    }

    #[test]
    fn renders_the_context() {
        let r = Renderer::new(&[(
            TemplateRole::Webhook,
            "template".into(),
            "{{ kind }} {{ count }} {{ alert.item.title|tojson }} {{ alert.snippet|plain }}".into(),
        )])
        .expect("compiles");
        let message = Outgoing {
            delivery_id: "d1".into(),
            kind: OutgoingKind::Alert,
            alerts: vec![SAMPLE_PAYLOAD.into()],
        };
        let out = r
            .render(TemplateRole::Webhook, &context(&message).expect("context"))
            .expect("renders");
        assert_eq!(
            out,
            "alert 1 \"ChatGPT Creator Eyes Deal to Bring AI Technology to NATO Networks\" ChatGPT Creator Eyes Deal to Bring AI Technology to NATO Networks"
        );
    }

    #[test]
    fn html_templates_escape_and_highlight() {
        let r = Renderer::new(&[(
            TemplateRole::Html,
            "html".into(),
            "<p>{{ t }}</p><p>{{ s|highlight }}</p>".into(),
        )])
        .expect("compiles");
        let ctx = minijinja::context! { t => "<script>x</script>", s => "a **<b>** c **d" };
        let out = r.render(TemplateRole::Html, &ctx).expect("renders");
        assert_eq!(
            out,
            "<p>&lt;script&gt;x&lt;&#x2f;script&gt;</p><p>a <strong>&lt;b&gt;</strong> c **d</p>"
        );
    }

    #[test]
    fn bad_templates_fail_at_check_with_the_reason() {
        let err = check(&source("{% for x in alerts %}"), TemplateRole::Webhook)
            .expect_err("syntax")
            .to_string();
        assert!(err.contains("template error"), "{err}");
        let err = check(
            &source("{{ alert.item.title|nosuchfilter }}"),
            TemplateRole::Webhook,
        )
        .expect_err("unknown filter")
        .to_string();
        assert!(
            err.contains("nosuchfilter") || err.contains("unknown filter"),
            "{err}"
        );
        assert!(check(&source("{{ alert.item.title }}"), TemplateRole::Webhook).is_ok());
    }

    #[test]
    fn runaway_templates_run_out_of_fuel() {
        let r = Renderer::new(&[(
            TemplateRole::Webhook,
            "template".into(),
            "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}".into(),
        )])
        .expect("compiles");
        let err = r
            .render(TemplateRole::Webhook, &minijinja::context! {})
            .expect_err("fuel")
            .to_string();
        assert!(err.contains("fuel"), "{err}");
    }

    #[test]
    fn non_http_links_are_removed() {
        let payload = SAMPLE_PAYLOAD.replace(
            "https://defense-wire.example/2026/03/openai-nato-networks",
            "javascript:alert(1)",
        );
        let message = Outgoing {
            delivery_id: "d".into(),
            kind: OutgoingKind::Alert,
            alerts: vec![payload],
        };
        let payloads = payloads(&message).expect("valid");
        assert_eq!(payloads[0].item.link, None);
    }
}
