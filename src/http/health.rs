//! `GET /healthz` (the process answers) and `GET /readyz` (the database
//! answers and the scheduler loop turned recently): 200 or 503 with a JSON
//! reason, for load balancers and `systemctl`-less supervisors.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::AppState;

/// The scheduler loop turns at least every minute when idle; twice that
/// and a margin without a turn means it is stuck.
const MAX_SILENCE_MS: i64 = 150_000;

pub(super) async fn healthz() -> Response {
    Json(json!({"status": "ok"})).into_response()
}

pub(super) async fn readyz(State(state): State<AppState>) -> Response {
    let not_ready = |reason: String| {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "not ready", "reason": reason})),
        )
            .into_response()
    };
    let Some(poller) = state.live.poller() else {
        return not_ready("the daemon is starting or stopping".to_string());
    };
    if let Err(err) = poller.store().ping().await {
        return not_ready(format!("the database does not answer: {err}"));
    }
    let now = poller.clock().now_millis();
    match state.live.last_beat() {
        None => not_ready("the scheduler loop has not run yet".to_string()),
        Some(at) if now - at > MAX_SILENCE_MS => not_ready(format!(
            "the scheduler loop last ran {} s ago",
            (now - at) / 1000
        )),
        Some(at) => Json(json!({
            "status": "ready",
            "scheduler_last_ran_ms_ago": now - at,
        }))
        .into_response(),
    }
}
