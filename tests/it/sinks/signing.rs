//! Standard Webhooks signatures, checked by the reference verifier crate.

use crate::support::*;

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signature_verifies_with_the_reference_implementation() {
    let server = TestServer::start().await;
    server.route("/hook", vec![Canned::status(204)]);
    let ws = Workspace::new();
    let sink = build_sink(
        ws.dir.path(),
        &format!(
            "type = \"webhook\"\nurl = \"{}\"\nsecret = \"{KEY_NEW}\"",
            server.url("/hook")
        ),
    );
    let message = &messages()[0];
    sink.send(message).await.expect("delivered");
    let got = server.received("/hook");
    assert_eq!(got.len(), 1);
    let request = &got[0];
    assert_eq!(
        request.headers.get("webhook-id").map(String::as_str),
        Some("a1-ops")
    );
    assert_eq!(
        request.body,
        message.alerts[0].as_bytes(),
        "json format sends the payload verbatim"
    );
    let headers = header_map(&request.headers);
    let verifier = standardwebhooks::Webhook::new(KEY_NEW).expect("key");
    verifier
        .verify(&request.body, &headers)
        .expect("signature verifies");
    // A tampered body, or another key, does not verify.
    let mut tampered = request.body.clone();
    tampered.extend_from_slice(b" ");
    assert!(verifier.verify(&tampered, &headers).is_err());
    let other = standardwebhooks::Webhook::new(KEY_OTHER).expect("key");
    assert!(other.verify(&request.body, &headers).is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotation_sends_one_signature_per_key() {
    let server = TestServer::start().await;
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let sink = build_sink(
        ws.dir.path(),
        &format!(
            "type = \"webhook\"\nformat = \"slack\"\nurl = \"{}\"\nsecrets = [\"{KEY_NEW}\", \"{KEY_OLD}\"]",
            server.url("/hook")
        ),
    );
    for message in messages() {
        sink.send(&message).await.expect("delivered");
    }
    let got = server.received("/hook");
    assert_eq!(got.len(), 5);
    for request in got {
        let signature = request
            .headers
            .get("webhook-signature")
            .cloned()
            .unwrap_or_default();
        assert_eq!(signature.split(' ').count(), 2, "{signature}");
        assert!(
            signature.split(' ').all(|s| s.starts_with("v1,")),
            "{signature}"
        );
        let headers = header_map(&request.headers);
        for key in [KEY_NEW, KEY_OLD] {
            standardwebhooks::Webhook::new(key)
                .expect("key")
                .verify(&request.body, &headers)
                .unwrap_or_else(|e| panic!("signature for {key} must verify: {e}"));
        }
        let mut tampered = request.body.clone();
        tampered[0] = b' ';
        assert!(
            standardwebhooks::Webhook::new(KEY_OLD)
                .expect("key")
                .verify(&tampered, &headers)
                .is_err()
        );
        assert!(
            standardwebhooks::Webhook::new(KEY_OTHER)
                .expect("key")
                .verify(&request.body, &headers)
                .is_err()
        );
    }
}
