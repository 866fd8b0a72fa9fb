//! The `template` format: the user's minijinja template, and its errors.

use feedwatch::alert::{DeliveryError, Outgoing, OutgoingKind};

use crate::support::*;

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn template_preset_renders_the_users_template() {
    let server = TestServer::start().await;
    server.route("/t", vec![Canned::status(200)]);
    let ws = Workspace::new();
    std::fs::write(
        ws.path("hook.j2"),
        r#"{"kind": {{ kind|tojson }}, "n": {{ total }}, "titles": [{% for a in alerts %}{{ a.item.title|tojson }}{% if not loop.last %}, {% endif %}{% endfor %}]{% if alert.item.feed == "boom" %}{{ no_such_function() }}{% endif %}}"#,
    )
    .expect("write template");
    let sink = build_sink(
        ws.dir.path(),
        &format!(
            "type = \"webhook\"\nformat = \"template\"\ntemplate_file = \"hook.j2\"\nurl = \"{}\"\nheaders = {{ Content-Type = \"application/vnd.test+json\" }}",
            server.url("/t")
        ),
    );
    for message in messages() {
        sink.send(&message).await.expect("delivered");
    }
    let got = server.received("/t");
    let first = got[0].json();
    assert_eq!(first["kind"], "alert");
    assert_eq!(first["titles"][0], TITLE);
    assert_eq!(
        got[0].headers.get("content-type").map(String::as_str),
        Some("application/vnd.test+json")
    );
    assert_eq!(got[3].json()["n"], 47);
    // A template that fails at delivery: a permanent error that says why.
    let boom = Outgoing {
        delivery_id: "b".into(),
        kind: OutgoingKind::Alert,
        alerts: vec![payload("b", "t", "x").replace("\"wire\"", "\"boom\"")],
    };
    match sink.send(&boom).await {
        Err(DeliveryError::Permanent { reason }) => {
            assert!(
                reason.contains("template") && reason.contains("no_such_function"),
                "{reason}"
            )
        }
        other => panic!("expected a permanent template error, got {other:?}"),
    }
}

#[test]
fn template_errors_are_config_errors() {
    let ws = Workspace::new();
    let err = sink_config(ws.dir.path(), "type = \"webhook\"\nformat = \"template\"\nurl = \"http://127.0.0.1:1/\"\ntemplate = \"{% for a in alerts %}\"")
        .expect_err("syntax error");
    assert!(
        err.contains("sink[0].template") && err.contains("template error"),
        "{err}"
    );
    let err = sink_config(ws.dir.path(), "type = \"webhook\"\nformat = \"template\"\nurl = \"http://127.0.0.1:1/\"\ntemplate = \"{{ alert.item.title|nosuchfilter }}\"")
        .expect_err("unknown filter");
    assert!(err.contains("nosuchfilter"), "{err}");
    let err = sink_config(
        ws.dir.path(),
        "type = \"webhook\"\nformat = \"template\"\nurl = \"http://127.0.0.1:1/\"",
    )
    .expect_err("missing");
    assert!(err.contains("needs `template`"), "{err}");
    let err = sink_config(
        ws.dir.path(),
        "type = \"webhook\"\nformat = \"yaml\"\nurl = \"http://127.0.0.1:1/\"",
    )
    .expect_err("format");
    assert!(
        err.contains(
            "\"json\", \"slack\", \"discord\", \"teams\", \"mattermost\", \"ntfy\" or \"template\""
        ),
        "{err}"
    );
}
