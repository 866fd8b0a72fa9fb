//! The email sink: one multipart/alternative message (plain text and HTML)
//! per alert, digest, summary or test, sent over SMTP with lettre on tokio.
//!
//! TLS: STARTTLS required by default (`smtp://`), implicit TLS for
//! `smtps://`, none only to a server on this machine (checked by config).
//! Subjects and bodies are minijinja templates (defaults below); the HTML
//! template auto-escapes every value, and links that are not http(s) are
//! dropped before rendering. lettre encodes non-ASCII headers (RFC 2047)
//! and bodies (quoted-printable or base64) itself.
//!
//! Outcomes: an SMTP 5xx reply (e.g. 550 mailbox unknown, 554 rejected,
//! 535 bad credentials) is permanent; a 4xx reply (421, 451, 452),
//! connection refused, timeouts, network and TLS errors are retried.

use std::fmt;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

pub mod config;

pub use config::Config;
use config::Tls as EmailTls;

use super::template::{Renderer, TemplateRole, TemplateSource, context};
use super::{DeliveryError, Outgoing, SinkBuildError};
use crate::fetch::install_tls_provider;

/// The default subject: the story for an alert, a count for the others.
pub const DEFAULT_SUBJECT: &str = "\
{% if test %}[feedwatch TEST] {% else %}[feedwatch] {% endif %}\
{% if kind == 'alert' or kind == 'test' %}{% if alert.kind == 'story_update' %}Update: {% endif %}{{ alert.topic }}: {{ alert.item.title }}\
{% elif kind == 'digest' %}Digest: {{ count }} alert{{ '' if count == 1 else 's' }}\
{% else %}{{ total }} new alerts for {{ topic }}{% endif %}";

/// The default plain-text body.
pub const DEFAULT_TEXT: &str = "\
{% if test %}
This is a test message from feedwatch: the sink works. No action needed.

{% endif %}
{% if kind == 'digest' %}
feedwatch digest: {{ count }} alert{{ '' if count == 1 else 's' }} from {{ since }} to {{ until }}

{% elif kind == 'summary' %}
{{ total }} new alerts for {{ topic }}{% if folded %} ({{ folded }} not listed){% endif %}


{% endif %}
{% for group in groups %}
{% if kind == 'digest' %}
== {{ group.name }} ==

{% endif %}
{% for a in group.alerts %}
{% if a.kind == 'story_update' %}
UPDATE: {{ a.item.summary }}
{% for s in a.new_sources %}
- {{ s.title }} ({{ s.feed }}){% if s.link %} {{ s.link }}{% endif %}

{% endfor %}
{% else %}
{{ a.item.title }}
{% if a.item.link %}
{{ a.item.link }}
{% endif %}
Topic: {{ a.topic }} | Source: {{ a.item.feed }} | {% if a.item.published %}Published: {{ a.item.published }}{% else %}Detected: {{ a.detected_at }}{% endif %}

{% if a.snippet %}
{{ a.snippet|plain }}
{% endif %}
{% if a.story and a.story.sources|length > 1 %}
Also reported by: {% for s in a.story.sources %}{% if s.feed != a.item.feed %}{{ s.feed }}{% if not loop.last %}, {% endif %}{% endif %}{% endfor %}

{% endif %}
{% if a.model %}
Model: {{ (a.model.probability * 100)|round|int }}% likely relevant{% if a.model.decision == 'would_suppress' %} (learn = \"filter\" would hold it back){% elif a.model.decision == 'learning' %} (still learning){% endif %}

{% endif %}
{% if a.feedback %}
Relevant? {{ a.feedback.relevant }}
Not relevant? {{ a.feedback.irrelevant }}
{% endif %}
{% endif %}

{% endfor %}
{% endfor %}
{% if folded %}
...and {{ folded }} more.
{% endif %}
-- 
Sent by feedwatch.
";

/// The default HTML body (auto-escaped).
pub const DEFAULT_HTML: &str = "\
<!DOCTYPE html>
<html><head><meta charset=\"utf-8\"></head>
<body style=\"font-family: -apple-system, Segoe UI, Helvetica, Arial, sans-serif; line-height: 1.4\">
{% if test %}
<p style=\"padding: 8px; background: #fff3cd\"><strong>This is a test message from feedwatch:</strong> the sink works. No action needed.</p>
{% endif %}
{% if kind == 'digest' %}
<h2>feedwatch digest: {{ count }} alert{{ '' if count == 1 else 's' }}</h2>
<p style=\"color: #555\">{{ since }} to {{ until }}</p>
{% elif kind == 'summary' %}
<h2>{{ total }} new alerts for {{ topic }}</h2>
{% endif %}
{% for group in groups %}
{% if kind == 'digest' %}
<h3>{{ group.name }}</h3>
{% endif %}
{% for a in group.alerts %}
<div style=\"margin: 0 0 16px 0\">
{% if a.kind == 'story_update' %}
<div style=\"font-weight: bold\">Update: {{ a.item.summary }}</div>
<ul>
{% for s in a.new_sources %}
<li>{% if s.link %}<a href=\"{{ s.link }}\">{{ s.title }}</a>{% else %}{{ s.title }}{% endif %} ({{ s.feed }})</li>
{% endfor %}
</ul>
{% else %}
<div style=\"font-size: 1.1em; font-weight: bold\">{% if a.item.link %}<a href=\"{{ a.item.link }}\">{{ a.item.title }}</a>{% else %}{{ a.item.title }}{% endif %}</div>
<div style=\"color: #555; font-size: 0.9em\">Topic: {{ a.topic }} &middot; Source: {{ a.item.feed }} &middot; {% if a.item.published %}Published {{ a.item.published }}{% else %}Detected {{ a.detected_at }}{% endif %}</div>
{% if a.snippet %}
<p>{{ a.snippet|highlight }}</p>
{% endif %}
{% if a.story and a.story.sources|length > 1 %}
<p style=\"color: #555; font-size: 0.9em\">Also reported by: {% for s in a.story.sources %}{% if s.feed != a.item.feed %}{{ s.feed }}{% if not loop.last %}, {% endif %}{% endif %}{% endfor %}</p>
{% endif %}
{% if a.model %}
<p style=\"color: #555; font-size: 0.9em\">Model: {{ (a.model.probability * 100)|round|int }}% likely relevant{% if a.model.decision == 'would_suppress' %} (learn = &quot;filter&quot; would hold it back){% elif a.model.decision == 'learning' %} (still learning){% endif %}</p>
{% endif %}
{% if a.feedback %}
<p style=\"font-size: 0.9em\"><a href=\"{{ a.feedback.relevant }}\">Relevant</a> &middot; <a href=\"{{ a.feedback.irrelevant }}\">Not relevant</a></p>
{% endif %}
{% endif %}
</div>
{% endfor %}
{% endfor %}
{% if folded %}
<p>&hellip;and {{ folded }} more.</p>
{% endif %}
<p style=\"color: #888; font-size: 0.8em\">Sent by feedwatch.</p>
</body></html>
";

pub struct EmailSink {
    config: Config,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    to: Vec<Mailbox>,
    renderer: Renderer,
    /// Right part of Message-IDs: the sender's domain.
    id_domain: String,
}

impl fmt::Debug for EmailSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmailSink")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl EmailSink {
    pub fn new(name: &str, config: &Config) -> Result<EmailSink, SinkBuildError> {
        let failed = |reason: String| SinkBuildError {
            sink: name.to_string(),
            reason,
        };
        install_tls_provider();
        let mut builder =
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(config.host.clone())
                .port(config.port)
                .timeout(Some(config.timeout));
        builder = match config.tls {
            EmailTls::None => builder.tls(Tls::None),
            EmailTls::StartTls | EmailTls::Implicit => {
                let params = TlsParameters::new(config.host.clone())
                    .map_err(|e| failed(format!("cannot set up TLS for {}: {e}", config.host)))?;
                if config.tls == EmailTls::StartTls {
                    builder.tls(Tls::Required(params))
                } else {
                    builder.tls(Tls::Wrapper(params))
                }
            }
        };
        if let (Some(user), Some(password)) = (&config.username, &config.password) {
            builder = builder.credentials(Credentials::new(
                user.expose().to_string(),
                password.expose().to_string(),
            ));
        }
        let from: Mailbox = config
            .from
            .parse()
            .map_err(|e| failed(format!("`from` is not an email address: {e}")))?;
        let to = config
            .to
            .iter()
            .map(|t| {
                t.parse::<Mailbox>()
                    .map_err(|e| failed(format!("`to` address `{t}`: {e}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let pick = |source: &Option<TemplateSource>, role, default: &str, name: &str| match source {
            Some(s) => (role, s.origin.clone(), s.text.clone()),
            None => (
                role,
                format!("default {name} template"),
                default.to_string(),
            ),
        };
        let renderer = Renderer::new(&[
            pick(
                &config.subject,
                TemplateRole::Subject,
                DEFAULT_SUBJECT,
                "subject",
            ),
            pick(
                &config.text_template,
                TemplateRole::Text,
                DEFAULT_TEXT,
                "text",
            ),
            pick(
                &config.html_template,
                TemplateRole::Html,
                DEFAULT_HTML,
                "HTML",
            ),
        ])
        .map_err(|e| failed(e.to_string()))?;
        let id_domain = from.email.domain().to_string();
        Ok(EmailSink {
            config: config.clone(),
            transport: builder.build(),
            from,
            to,
            renderer,
            id_domain,
        })
    }

    /// The message for `outgoing`, without sending it.
    pub fn message(&self, outgoing: &Outgoing) -> Result<Message, DeliveryError> {
        let context = context(outgoing)?;
        let render = |role| {
            self.renderer
                .render(role, &context)
                .map_err(|e| DeliveryError::permanent(format!("email template failed: {e}")))
        };
        let subject = one_line(&render(TemplateRole::Subject)?);
        let text = render(TemplateRole::Text)?;
        let html = render(TemplateRole::Html)?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .subject(subject)
            .message_id(Some(format!(
                "<{}@{}>",
                message_id_part(&outgoing.delivery_id),
                self.id_domain
            )))
            .date_now();
        for to in &self.to {
            builder = builder.to(to.clone());
        }
        builder
            .multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(text),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_HTML)
                            .body(html),
                    ),
            )
            .map_err(|e| DeliveryError::permanent(format!("cannot build the email: {e}")))
    }

    pub async fn send(&self, outgoing: &Outgoing) -> Result<(), DeliveryError> {
        let message = self.message(outgoing)?;
        let server = format!("{}:{}", self.config.host, self.config.port);
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) => {
                let reason = format!("SMTP {server}: {}", smtp_error_text(&e));
                if e.is_permanent() || e.is_client() {
                    Err(DeliveryError::Permanent { reason })
                } else {
                    Err(DeliveryError::Retry {
                        reason,
                        after: None,
                    })
                }
            }
        }
    }
}

/// The error and its causes, cut to a readable length. lettre's messages
/// carry the server's reply text, never our credentials.
fn smtp_error_text(e: &lettre::transport::smtp::Error) -> String {
    let text = crate::fetch::error_chain(e);
    text.chars().take(300).collect()
}

/// A subject on one line, cut to a length mail clients show.
fn one_line(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    super::format::cut(&joined, 200)
}

/// The delivery id as the left part of a Message-ID (dot-atom characters).
fn message_id_part(id: &str) -> String {
    let part: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let part = part.trim_matches('.');
    if part.is_empty() {
        "feedwatch".to_string()
    } else {
        format!("{part}.feedwatch")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alert::sink::OutgoingKind;
    use crate::alert::sink::template::SAMPLE_PAYLOAD;
    use std::time::Duration;

    fn sink() -> EmailSink {
        EmailSink::new(
            "mail",
            &Config {
                host: "127.0.0.1".into(),
                port: 2525,
                tls: EmailTls::None,
                username: None,
                password: None,
                from: "feedwatch <alerts@example.org>".into(),
                to: vec!["ops@example.org".into()],
                subject: None,
                text_template: None,
                html_template: None,
                timeout: Duration::from_secs(5),
            },
        )
        .expect("valid sink")
    }

    #[test]
    fn builds_multipart_alternative_with_escaped_html() {
        let payload = SAMPLE_PAYLOAD
            .replace(
                "ChatGPT Creator",
                "Käse <script>alert(1)</script> Übernahme",
            )
            .replace(
                "https://defense-wire.example/2026/03/openai-nato-networks",
                "javascript:alert(1)",
            );
        let outgoing = Outgoing {
            delivery_id: "0001-ops".into(),
            kind: OutgoingKind::Alert,
            alerts: vec![payload],
        };
        let sink = sink();
        let message = sink.message(&outgoing).expect("message");
        let text = String::from_utf8(message.formatted()).expect("ASCII message");
        assert!(
            text.contains("Content-Type: multipart/alternative"),
            "{text}"
        );
        assert!(text.contains("=?utf-8?b?S8Okc2U=?="), "{text}");
        assert!(
            text.contains("Message-ID: <0001-ops.feedwatch@example.org>"),
            "{text}"
        );
        let html = sink
            .renderer
            .render(TemplateRole::Html, &context(&outgoing).expect("context"))
            .expect("html");
        assert!(
            html.contains("K\u{e4}se &lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
            "{html}"
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(
            !html.contains("<a href"),
            "a non-http link is not linked: {html}"
        );
    }

    #[test]
    fn default_templates_render_every_kind() {
        const TITLE: &str = "ChatGPT Creator Eyes Deal to Bring AI Technology to NATO Networks";
        const LINK: &str = "https://defense-wire.example/2026/03/openai-nato-networks";
        let since = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default();
        // (kind, subject, what the text body says, what the HTML body says)
        let cases = [
            (
                OutgoingKind::Alert,
                format!("[feedwatch] defense-ai-contracts: {TITLE}"),
                vec!["Topic: defense-ai-contracts | Source: defense-wire"],
                vec![],
            ),
            (
                OutgoingKind::Test,
                format!("[feedwatch TEST] defense-ai-contracts: {TITLE}"),
                vec!["This is a test message from feedwatch"],
                vec!["This is a test message from feedwatch"],
            ),
            (
                OutgoingKind::Digest {
                    since,
                    until: since,
                },
                "[feedwatch] Digest: 2 alerts".to_string(),
                vec![
                    "feedwatch digest: 2 alerts from",
                    "== defense-ai-contracts ==",
                ],
                vec![
                    "feedwatch digest: 2 alerts</h2>",
                    "<h3>defense-ai-contracts</h3>",
                ],
            ),
            (
                OutgoingKind::Summary {
                    topic: "t".into(),
                    folded: 2,
                },
                "[feedwatch] 4 new alerts for t".to_string(),
                vec!["4 new alerts for t (2 not listed)", "...and 2 more."],
                vec!["4 new alerts for t</h2>"],
            ),
        ];
        let sink = sink();
        for (kind, subject, text_has, html_has) in cases {
            let outgoing = Outgoing {
                delivery_id: "x".into(),
                kind: kind.clone(),
                alerts: vec![SAMPLE_PAYLOAD.into(), SAMPLE_PAYLOAD.into()],
            };
            let context = context(&outgoing).expect("context");
            let render = |role| sink.renderer.render(role, &context).expect("renders");
            assert_eq!(
                one_line(&render(TemplateRole::Subject)),
                subject,
                "{kind:?}"
            );
            let text = render(TemplateRole::Text);
            let html = render(TemplateRole::Html);
            // Every kind lists the alerts themselves.
            assert!(
                text.contains(TITLE) && text.contains(LINK),
                "{kind:?}:\n{text}"
            );
            // (HTML escapes the slashes in the link.)
            let html_link = LINK.replace('/', "&#x2f;");
            assert!(
                html.contains(TITLE) && html.contains(&format!("href=\"{html_link}\"")),
                "{kind:?}:\n{html}"
            );
            for needle in text_has {
                assert!(text.contains(needle), "{kind:?}: {needle:?} in\n{text}");
            }
            for needle in html_has {
                assert!(html.contains(needle), "{kind:?}: {needle:?} in\n{html}");
            }
            let is_test = kind == OutgoingKind::Test;
            assert_eq!(text.contains("This is a test message"), is_test, "{text}");
            assert_eq!(html.contains("This is a test message"), is_test, "{html}");
            // And the whole message builds, with that subject.
            let message = sink.message(&outgoing).expect("message");
            let formatted = String::from_utf8_lossy(&message.formatted()).into_owned();
            assert!(formatted.contains("Subject: "), "{formatted}");
        }
    }

    #[test]
    fn the_model_line_says_when_the_model_is_still_learning() {
        let sink = sink();
        for (decision, note) in [
            ("learning", "(still learning)"),
            ("would_suppress", "would hold it back)"),
            ("keep", ""),
        ] {
            let mut payload: serde_json::Value =
                serde_json::from_str(SAMPLE_PAYLOAD).expect("sample payload");
            payload["model"] =
                serde_json::json!({"probability": 0.97, "decision": decision, "verdicts": 3});
            let outgoing = Outgoing {
                delivery_id: "x".into(),
                kind: OutgoingKind::Alert,
                alerts: vec![payload.to_string()],
            };
            let context = context(&outgoing).expect("context");
            for role in [TemplateRole::Text, TemplateRole::Html] {
                let body = sink.renderer.render(role, &context).expect("renders");
                let line = body
                    .lines()
                    .find(|l| l.contains("Model: 97% likely relevant"))
                    .unwrap_or_else(|| panic!("a model line in\n{body}"));
                assert_eq!(
                    line.contains("still learning"),
                    decision == "learning",
                    "{line}"
                );
                assert!(line.contains(note), "{decision}: {line}");
            }
        }
    }

    #[test]
    fn message_ids_are_safe() {
        assert_eq!(message_id_part("abc:ops/1"), "abc-ops-1.feedwatch");
        assert_eq!(message_id_part(""), "feedwatch");
    }
}
