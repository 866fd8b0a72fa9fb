//! The WebSub callback, `/websub/<callback id>`: `GET` answers the hub's
//! verification of intent, `POST` takes pushed content. The decisions are
//! `websub::Callbacks`'; this file maps them to HTTP and hands accepted
//! content to the daemon's ingest path. No auth and no CSRF token here:
//! hubs prove themselves by the callback id and the content signature.

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tracing::{error, warn};

use super::AppState;
use crate::daemon::PollOutcome;
use crate::telemetry;
use crate::websub::{PushVerdict, Verification, VerifyParams};

pub(super) async fn verify(
    State(state): State<AppState>,
    Path(callback): Path<String>,
    Query(params): Query<VerifyParams>,
) -> Response {
    let Some(poller) = state.poller() else {
        return super::unavailable();
    };
    match state.callbacks(&poller).verify(&callback, &params).await {
        Ok(Verification::Confirm(challenge)) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            challenge,
        )
            .into_response(),
        Ok(Verification::Noted) => StatusCode::OK.into_response(),
        Ok(Verification::Refuse) => (StatusCode::NOT_FOUND, "no such subscription").into_response(),
        Err(err) => {
            error!(error = %err, "WebSub verification failed on the database");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

pub(super) async fn content(
    State(state): State<AppState>,
    Path(callback): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Some(poller) = state.poller() else {
        return super::unavailable();
    };
    let limit = usize::try_from(poller.config().fetch.max_body_bytes).unwrap_or(usize::MAX);
    let Ok(body) = axum::body::to_bytes(body, limit).await else {
        warn!(
            limit,
            "WebSub content refused: larger than [fetch] max_body"
        );
        telemetry::websub_push("too_large");
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            "content larger than max_body",
        )
            .into_response();
    };
    let signature = headers.get("x-hub-signature").and_then(|v| v.to_str().ok());
    let verdict = match state
        .callbacks(&poller)
        .push(&callback, signature, &body)
        .await
    {
        Ok(verdict) => verdict,
        Err(err) => {
            error!(error = %err, "WebSub content: database failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let feed = match verdict {
        PushVerdict::Gone => {
            telemetry::websub_push("unknown_callback");
            return (StatusCode::GONE, "no such subscription").into_response();
        }
        PushVerdict::Ignore(problem) => {
            // 2xx: a forger learns nothing, and a hub does not retry it.
            telemetry::websub_push(problem.key());
            return StatusCode::ACCEPTED.into_response();
        }
        PushVerdict::Ingest { feed } => feed,
    };
    let Some(feed) = poller.config().feed(&feed).cloned() else {
        telemetry::websub_push("unknown_callback");
        return (StatusCode::GONE, "feed no longer configured").into_response();
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    match poller
        .ingest_pushed(&feed, body.to_vec(), content_type)
        .await
    {
        Ok(outcome) => {
            if matches!(&outcome, PollOutcome::Stored(r) if !r.alerts.is_empty()) {
                state.live.wake().notify_one();
            }
            let result = match outcome {
                PollOutcome::Stored(_) => "accepted",
                _ => "failed",
            };
            telemetry::websub_push(result);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(err) => {
            error!(error = %err, "Pushed content could not be stored");
            telemetry::websub_push("failed");
            // 5xx: the hub retries, and the content is not lost.
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
