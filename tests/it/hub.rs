//! A WebSub hub for tests, written from the W3C Recommendation (§5-§8),
//! independent of feedwatch's subscriber code:
//!
//! - §5.1 subscriber requests: `application/x-www-form-urlencoded` POST
//!   with `hub.callback`, `hub.mode` (subscribe/unsubscribe), `hub.topic`,
//!   optional `hub.lease_seconds` and `hub.secret` (< 200 bytes); a valid
//!   request gets 202 Accepted, an invalid one 400.
//! - §5.3 verification of intent: a GET to the callback with `hub.mode`,
//!   `hub.topic`, `hub.challenge` and (subscribe) `hub.lease_seconds`; the
//!   subscription changes only on a 2xx whose body is exactly the
//!   challenge. A refused subscription gets `hub.mode=denied`.
//! - §7-§8 content distribution: a POST of the topic's content to every
//!   verified subscriber, with `X-Hub-Signature: <method>=<hex HMAC>` when a
//!   secret was given.
//!
//! Tests also use it to misbehave on purpose: forged, unsigned, replayed and
//! oversized pushes, verifications nobody asked for.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hmac::{KeyInit, Mac};

/// A verified subscription, as the hub keeps it.
#[derive(Clone, Debug)]
pub(crate) struct HubSubscription {
    pub callback: String,
    pub topic: String,
    pub secret: Option<String>,
    pub lease_seconds: u64,
    pub verified_at: Instant,
}

/// A request a subscriber sent the hub.
#[derive(Clone, Debug)]
pub(crate) struct HubRequest {
    pub mode: String,
    pub topic: String,
    pub callback: String,
    pub secret: Option<String>,
    pub lease_seconds: Option<u64>,
}

#[derive(Default)]
struct HubState {
    subscriptions: Vec<HubSubscription>,
    requests: Vec<HubRequest>,
    /// The lease the hub grants, whatever is asked (seconds).
    grant_lease: Option<u64>,
    /// Requests answered with this status instead of 202, in order.
    failures: Vec<u16>,
    /// Topics the hub refuses (verification with `hub.mode=denied`).
    deny: Vec<String>,
}

#[derive(Clone)]
pub(crate) struct TestHub {
    pub addr: SocketAddr,
    state: Arc<Mutex<HubState>>,
    client: reqwest::Client,
}

/// The signature methods of §8.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Method {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

pub(crate) fn sign(method: Method, secret: &[u8], body: &[u8]) -> String {
    fn hex<M: Mac + KeyInit>(secret: &[u8], body: &[u8]) -> String {
        let Ok(mut mac) = <M as KeyInit>::new_from_slice(secret) else {
            return String::new();
        };
        mac.update(body);
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
    match method {
        Method::Sha1 => format!("sha1={}", hex::<hmac::Hmac<sha1::Sha1>>(secret, body)),
        Method::Sha256 => format!("sha256={}", hex::<hmac::Hmac<sha2::Sha256>>(secret, body)),
        Method::Sha384 => format!("sha384={}", hex::<hmac::Hmac<sha2::Sha384>>(secret, body)),
        Method::Sha512 => format!("sha512={}", hex::<hmac::Hmac<sha2::Sha512>>(secret, body)),
    }
}

impl TestHub {
    pub(crate) async fn start() -> TestHub {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind hub");
        let addr = listener.local_addr().expect("hub addr");
        let client = crate::web::client();
        let hub = TestHub {
            addr,
            state: Arc::new(Mutex::new(HubState::default())),
            client,
        };
        let app = axum::Router::new()
            .route("/", axum::routing::post(request))
            .with_state(hub.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        hub
    }

    pub(crate) fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HubState> {
        self.state.lock().expect("hub state")
    }

    pub(crate) fn grant_lease(&self, seconds: u64) {
        self.lock().grant_lease = Some(seconds);
    }

    pub(crate) fn fail_next(&self, statuses: &[u16]) {
        self.lock().failures = statuses.to_vec();
    }

    pub(crate) fn deny(&self, topic: &str) {
        self.lock().deny.push(topic.to_string());
    }

    pub(crate) fn requests(&self) -> Vec<HubRequest> {
        self.lock().requests.clone()
    }

    pub(crate) fn subscriptions(&self) -> Vec<HubSubscription> {
        self.lock().subscriptions.clone()
    }

    /// Waits for `n` verified subscriptions to `topic`.
    pub(crate) async fn wait_subscribed(
        &self,
        topic: &str,
        n: usize,
        timeout: Duration,
    ) -> Vec<HubSubscription> {
        let deadline = Instant::now() + timeout;
        loop {
            let subs: Vec<_> = self
                .subscriptions()
                .into_iter()
                .filter(|s| s.topic == topic)
                .collect();
            if subs.len() >= n || Instant::now() >= deadline {
                return subs;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// §7: distributes content to every verified subscriber of `topic`
    /// whose lease has not expired, signed with `method`; returns each
    /// callback's status.
    pub(crate) async fn publish(&self, topic: &str, body: &str, method: Method) -> Vec<u16> {
        let subs: Vec<_> = self
            .subscriptions()
            .into_iter()
            .filter(|s| s.topic == topic)
            .filter(|s| s.verified_at.elapsed() < Duration::from_secs(s.lease_seconds))
            .collect();
        let mut statuses = Vec::new();
        for sub in subs {
            let signature = sub
                .secret
                .as_ref()
                .map(|secret| sign(method, secret.as_bytes(), body.as_bytes()));
            statuses.push(
                self.post(&sub.callback, body.as_bytes(), signature.as_deref())
                    .await,
            );
        }
        statuses
    }

    /// A POST to a callback with any body and signature header (or none).
    pub(crate) async fn post(&self, callback: &str, body: &[u8], signature: Option<&str>) -> u16 {
        let mut request = self
            .client
            .post(callback)
            .header("content-type", "application/rss+xml")
            .header("link", format!("<{}>; rel=\"hub\"", self.url()))
            .body(body.to_vec());
        if let Some(signature) = signature {
            request = request.header("x-hub-signature", signature);
        }
        match request.send().await {
            Ok(response) => response.status().as_u16(),
            Err(_) => 0,
        }
    }

    /// A verification of intent sent on the hub's own initiative (not in
    /// answer to a request): returns the callback's status and body.
    pub(crate) async fn verify(&self, callback: &str, mode: &str, topic: &str) -> (u16, String) {
        let challenge = format!("challenge-{}", fastrand::u64(..));
        let url = with_query(
            callback,
            &[
                ("hub.mode", mode),
                ("hub.topic", topic),
                ("hub.challenge", &challenge),
                ("hub.lease_seconds", "3600"),
            ],
        );
        match self.client.get(url).send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                (status, response.text().await.unwrap_or_default())
            }
            Err(_) => (0, String::new()),
        }
    }
}

fn with_query(base: &str, pairs: &[(&str, &str)]) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    if base.contains('?') {
        format!("{base}&{query}")
    } else {
        format!("{base}?{query}")
    }
}

/// §5.1: a subscriber's request; verified asynchronously (§5.3).
async fn request(State(hub): State<TestHub>, body: String) -> Response {
    let form: HashMap<String, String> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    let (Some(mode), Some(topic), Some(callback)) = (
        form.get("hub.mode"),
        form.get("hub.topic"),
        form.get("hub.callback"),
    ) else {
        return (
            StatusCode::BAD_REQUEST,
            "hub.mode, hub.topic and hub.callback are required",
        )
            .into_response();
    };
    if !matches!(mode.as_str(), "subscribe" | "unsubscribe") || url::Url::parse(callback).is_err() {
        return (StatusCode::BAD_REQUEST, "bad mode or callback").into_response();
    }
    let secret = form.get("hub.secret").cloned();
    if secret.as_ref().is_some_and(|s| s.len() >= 200) {
        return (
            StatusCode::BAD_REQUEST,
            "hub.secret must be under 200 bytes",
        )
            .into_response();
    }
    let lease_seconds = form.get("hub.lease_seconds").and_then(|l| l.parse().ok());
    let failure = {
        let mut state = hub.lock();
        state.requests.push(HubRequest {
            mode: mode.clone(),
            topic: topic.clone(),
            callback: callback.clone(),
            secret: secret.clone(),
            lease_seconds,
        });
        (!state.failures.is_empty()).then(|| state.failures.remove(0))
    };
    if let Some(status) = failure {
        return StatusCode::from_u16(status)
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            .into_response();
    }
    let (mode, topic, callback) = (mode.clone(), topic.clone(), callback.clone());
    let verifier = hub.clone();
    tokio::spawn(async move {
        verifier
            .verify_intent(&mode, &topic, &callback, secret, lease_seconds)
            .await;
    });
    StatusCode::ACCEPTED.into_response()
}

impl TestHub {
    async fn verify_intent(
        &self,
        mode: &str,
        topic: &str,
        callback: &str,
        secret: Option<String>,
        asked: Option<u64>,
    ) {
        if mode == "subscribe" && self.lock().deny.iter().any(|t| t == topic) {
            let url = with_query(
                callback,
                &[
                    ("hub.mode", "denied"),
                    ("hub.topic", topic),
                    ("hub.reason", "not allowed in tests"),
                ],
            );
            let _ = self.client.get(url).send().await;
            return;
        }
        let lease = self.lock().grant_lease.or(asked).unwrap_or(86_400);
        let challenge = format!("c{}", fastrand::u64(..));
        let lease_text = lease.to_string();
        let mut pairs = vec![
            ("hub.mode", mode),
            ("hub.topic", topic),
            ("hub.challenge", challenge.as_str()),
        ];
        if mode == "subscribe" {
            pairs.push(("hub.lease_seconds", lease_text.as_str()));
        }
        let Ok(response) = self.client.get(with_query(callback, &pairs)).send().await else {
            return;
        };
        let ok = response.status().is_success();
        let echoed = response.text().await.unwrap_or_default();
        if !ok || echoed != challenge {
            return;
        }
        let mut state = self.lock();
        state
            .subscriptions
            .retain(|s| !(s.callback == callback && s.topic == topic));
        if mode == "subscribe" {
            state.subscriptions.push(HubSubscription {
                callback: callback.to_string(),
                topic: topic.to_string(),
                secret,
                lease_seconds: lease,
                verified_at: Instant::now(),
            });
        }
    }
}
