//! Email through a real SMTP server, parsed back with an independent MIME
//! parser; the email config rules; digest and rate-limit options.

use std::path::Path;
use std::time::Duration;

use feedwatch::alert::{DeliveryError, Sink};
use mail_parser::MimeHeaders as _;

use crate::smtp::SmtpServer;
use crate::support::*;

use super::*;

fn email_sink(dir: &Path, port: u16, extra: &str) -> Sink {
    build_sink(
        dir,
        &format!(
            "type = \"email\"\nurl = \"smtp://127.0.0.1:{port}\"\ntls = \"none\"\nfrom = \"feedwatch <alerts@example.org>\"\nto = [\"ops@example.org\", \"Zoë <zoe@example.org>\"]\ntimeout = \"5s\"\n{extra}"
        ),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_arrives_as_multipart_alternative_with_encoded_subject() {
    let smtp = SmtpServer::start().await;
    let ws = Workspace::new();
    let sink = email_sink(ws.dir.path(), smtp.addr.port(), "");
    let message = &messages()[0];
    sink.send(message).await.expect("delivered");
    let mails = smtp.wait_for(1, Duration::from_secs(5)).await;
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.from, "alerts@example.org");
    assert_eq!(
        mail.to,
        vec!["ops@example.org".to_string(), "zoe@example.org".to_string()]
    );
    let raw = String::from_utf8(mail.data.clone()).expect("7-bit message");
    assert!(raw.is_ascii(), "headers and bodies are transfer-encoded");
    assert!(
        raw.contains("Subject: [feedwatch] defense: =?utf-8?"),
        "RFC 2047 subject:\n{raw}"
    );

    let parsed = mail_parser::MessageParser::default()
        .parse(&mail.data)
        .expect("parsable message");
    assert_eq!(
        parsed.subject(),
        Some(format!("[feedwatch] defense: {TITLE}").as_str())
    );
    let from = parsed.from().and_then(|a| a.first()).expect("From");
    assert_eq!(from.address(), Some("alerts@example.org"));
    let to: Vec<&str> = parsed
        .to()
        .map(|a| a.iter().filter_map(|x| x.address()).collect())
        .unwrap_or_default();
    assert_eq!(to, vec!["ops@example.org", "zoe@example.org"]);
    assert_eq!(parsed.message_id(), Some("a1-ops.feedwatch@example.org"));
    let content_type = parsed.content_type().expect("Content-Type");
    assert_eq!(
        (content_type.ctype(), content_type.subtype()),
        ("multipart", Some("alternative"))
    );
    let text = parsed.body_text(0).expect("text part");
    let html = parsed.body_html(0).expect("HTML part");
    assert!(text.contains(TITLE), "{text}");
    assert!(
        text.contains("https://news.example.org/a1?a=1&b=(2)"),
        "{text}"
    );
    assert!(
        text.contains("Topic: defense")
            && text.contains("Source: wire")
            && text.contains("2026-03-11T14:20:00Z"),
        "{text}"
    );
    assert!(
        text.contains("Allies sign a NATO deal"),
        "snippet without markers: {text}"
    );
    assert!(
        html.contains("<a href=\"https:&#x2f;&#x2f;news.example.org&#x2f;a1?a=1&amp;b=(2)\">"),
        "{html}"
    );
    assert!(
        html.contains("K\u{e4}se-\u{dc}bernahme: &lt;b&gt;\u{c4}rger&lt;&#x2f;b&gt;"),
        "title escaped: {html}"
    );
    assert!(
        html.contains("<strong>NATO</strong>") && html.contains("&lt;script&gt;"),
        "{html}"
    );
    assert!(
        !html.contains("<script>") && !html.contains("<b>"),
        "{html}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_every_kind_and_custom_templates() {
    let smtp = SmtpServer::start().await;
    let ws = Workspace::new();
    let sink = email_sink(
        ws.dir.path(),
        smtp.addr.port(),
        "subject = \"{{ kind }}: {{ total }} — {{ alert.item.title }}\"\ntext_template = \"{% for a in alerts %}* {{ a.item.title }}\\n{% endfor %}\"",
    );
    for message in messages() {
        sink.send(&message)
            .await
            .unwrap_or_else(|e| panic!("{:?}: {e}", message.kind));
    }
    let mails = smtp.wait_for(5, Duration::from_secs(10)).await;
    assert_eq!(mails.len(), 5);
    let subjects: Vec<String> = mails
        .iter()
        .map(|m| {
            mail_parser::MessageParser::default()
                .parse(&m.data)
                .and_then(|p| p.subject().map(str::to_string))
                .unwrap_or_default()
        })
        .collect();
    assert!(subjects[2].starts_with("digest: 30 — "), "{subjects:?}");
    assert!(subjects[3].starts_with("summary: 47 — "), "{subjects:?}");
    assert!(subjects[4].starts_with("test: 1 — "), "{subjects:?}");
    let digest = mail_parser::MessageParser::default()
        .parse(&mails[2].data)
        .expect("parsable");
    assert_eq!(
        digest.body_text(0).map(|t| t.matches("* ").count()),
        Some(30)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_refusals_and_outages() {
    let ws = Workspace::new();
    let message = &messages()[0];
    // Nothing listens: connection refused is worth retrying.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    match email_sink(ws.dir.path(), port, "").send(message).await {
        Err(DeliveryError::Retry { reason, .. }) => {
            assert!(reason.contains(&format!("127.0.0.1:{port}")), "{reason}")
        }
        other => panic!("connection refused must be Retry, got {other:?}"),
    }
    // 550 at RCPT TO: permanent.
    let smtp = SmtpServer::start().await;
    smtp.refuse_rcpt(550, "5.1.1 user unknown");
    match email_sink(ws.dir.path(), smtp.addr.port(), "")
        .send(message)
        .await
    {
        Err(DeliveryError::Permanent { reason }) => assert!(
            reason.contains("550") && reason.contains("user unknown"),
            "{reason}"
        ),
        other => panic!("550 must be Permanent, got {other:?}"),
    }
    // 451 after DATA: temporary.
    let smtp = SmtpServer::start().await;
    smtp.refuse_data(451, "4.3.0 try again later");
    match email_sink(ws.dir.path(), smtp.addr.port(), "")
        .send(message)
        .await
    {
        Err(DeliveryError::Retry { reason, .. }) => assert!(reason.contains("451"), "{reason}"),
        other => panic!("451 must be Retry, got {other:?}"),
    }
    // 554 after DATA: permanent.
    smtp.refuse_data(554, "5.7.1 rejected as spam");
    assert!(matches!(
        email_sink(ws.dir.path(), smtp.addr.port(), "")
            .send(message)
            .await,
        Err(DeliveryError::Permanent { .. })
    ));
    assert!(smtp.mails().is_empty());
}

#[test]
fn email_config_rules() {
    let ws = Workspace::new();
    let base = "type = \"email\"\nfrom = \"a@example.org\"\nto = \"b@example.org\"\n";
    let err = sink_config(
        ws.dir.path(),
        &format!("{base}url = \"smtp://mail.example.org\"\ntls = \"none\""),
    )
    .expect_err("none off-host");
    assert!(
        err.contains("sink[0].tls") && err.contains("only to localhost"),
        "{err}"
    );
    for ok in [
        "smtp://localhost:25\"\ntls = \"none",
        "smtp://[::1]:25\"\ntls = \"none",
        "smtp://mail.example.org",
        "smtps://mail.example.org",
    ] {
        sink_config(ws.dir.path(), &format!("{base}url = \"{ok}\""))
            .unwrap_or_else(|e| panic!("{ok}: {e}"));
    }
    let err = sink_config(
        ws.dir.path(),
        &format!("{base}url = \"smtps://mail.example.org\"\ntls = \"starttls\""),
    )
    .expect_err("contradiction");
    assert!(err.contains("contradicts"), "{err}");
    let err = sink_config(
        ws.dir.path(),
        &format!("{base}url = \"smtp://u:p@mail.example.org\""),
    )
    .expect_err("userinfo");
    assert!(err.contains("not in the URL"), "{err}");
    let err = sink_config(
        ws.dir.path(),
        "type = \"email\"\nurl = \"smtp://mail.example.org\"\nfrom = \"not an address\"\nto = []",
    )
    .expect_err("addresses");
    assert!(
        err.contains("sink[0].from") && err.contains("sink[0].to"),
        "{err}"
    );
    let err = sink_config(
        ws.dir.path(),
        &format!("{base}url = \"smtp://mail.example.org\"\nusername = \"u\""),
    )
    .expect_err("no password");
    assert!(err.contains("needs `password`"), "{err}");
    let err = sink_config(
        ws.dir.path(),
        &format!("{base}url = \"smtp://mail.example.org\"\nformat = \"slack\""),
    )
    .expect_err("foreign key");
    assert!(
        err.contains("`format` does not apply to a sink of type \"email\""),
        "{err}"
    );
}

#[test]
fn schedule_and_rate_limit_options() {
    let ws = Workspace::new();
    let config = sink_config(ws.dir.path(), "type = \"stdout\"\nrate_limit = \"30/m\"\ndigest = \"daily 08:00\"\ntimezone = \"Europe/Berlin\"").expect("valid");
    let sink = &config.sinks[0];
    assert_eq!(
        sink.rate_limit.map(|r| (r.max, r.per)),
        Some((30, Duration::from_secs(60)))
    );
    assert_eq!(sink.digest.describe(), "daily 08:00 Europe/Berlin");
    let err = sink_config(
        ws.dir.path(),
        "type = \"stdout\"\nrate_limit = \"lots\"\ndigest = \"weekly\"",
    )
    .expect_err("bad");
    assert!(
        err.contains("sink[0].rate_limit") && err.contains("sink[0].digest"),
        "{err}"
    );
    let err = sink_config(
        ws.dir.path(),
        "type = \"stdout\"\ndigest = \"daily 08:00\"\ntimezone = \"Europe/Atlantis\"",
    )
    .expect_err("zone");
    assert!(
        err.contains("sink[0].timezone") && err.contains("Europe/Atlantis"),
        "{err}"
    );
}
