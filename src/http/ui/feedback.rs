//! Verdicts from the web: the alert cards' buttons (behind the UI's auth)
//! and the signed links in alert messages (open: the signature is the
//! credential). A link's GET only shows what it would record; the page's
//! form (POST, with the link's signature and a CSRF token) records it, so
//! mail scanners that fetch every link change nothing.

use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use minijinja::context;
use serde::Deserialize;

use super::{check_csrf, csrf_token, server_error};
use crate::daemon::Poller;
use crate::http::AppState;
use crate::learning::{self, Feedback, FeedbackError, Judged, verdict_word};
use crate::model::AlertId;
use crate::store::Verdict;

/// The open routes of signed feedback links.
pub(crate) fn link_routes() -> Router<AppState> {
    Router::new().route(
        &format!("/{}{{alert}}/{{verdict}}", learning::LINK_PREFIX),
        get(confirm).post(record_link),
    )
}

/// Records a verdict on an alert; the error is the answer to give.
pub(crate) async fn record(
    poller: &Poller,
    alert: &str,
    relevant: bool,
    source: &'static str,
) -> Result<Verdict, Response> {
    let feedback = Feedback {
        judged: Judged::Alert(AlertId::new(alert)),
        topic: None,
        relevant,
        note: None,
        source,
    };
    let config = std::sync::Arc::clone(poller.config());
    let now = poller.clock().now_millis();
    let given = poller
        .store()
        .blocking(move |db| Ok(learning::give(db, &config, &feedback, now)))
        .await;
    match given {
        Ok(Ok(verdict)) => {
            tracing::info!(
                alert = %alert,
                topic = %verdict.topic,
                verdict = verdict_word(relevant),
                source,
                "Verdict recorded"
            );
            Ok(verdict)
        }
        Ok(Err(FeedbackError::Store(err))) | Err(err) => Err(server_error(err)),
        Ok(Err(err @ FeedbackError::UnknownAlert(_))) => {
            Err((StatusCode::NOT_FOUND, err.to_string()).into_response())
        }
        Ok(Err(err)) => Err((StatusCode::CONFLICT, err.to_string()).into_response()),
    }
}

#[derive(Debug, Deserialize)]
struct Signed {
    sig: Option<String>,
}

#[derive(Debug, Deserialize)]
struct SignedForm {
    sig: String,
    csrf: String,
}

/// The verdict a link names, if its signature is ours.
fn checked(
    poller: &Poller,
    alert: &str,
    verdict: &str,
    sig: &str,
) -> Result<bool, (StatusCode, &'static str)> {
    let learner = poller.learner().get();
    let Some(links) = &learner.links else {
        return Err((
            StatusCode::NOT_FOUND,
            "feedback links are off ([http] public_url is not set)",
        ));
    };
    let relevant = match verdict {
        "relevant" => true,
        "irrelevant" => false,
        _ => return Err((StatusCode::NOT_FOUND, "not found")),
    };
    if !links.verify(alert, verdict, sig) {
        return Err((
            StatusCode::FORBIDDEN,
            "this feedback link is not valid: it was changed, or comes from another feedwatch",
        ));
    }
    Ok(relevant)
}

async fn confirm(
    State(state): State<AppState>,
    Path((alert, verdict)): Path<(String, String)>,
    Query(query): Query<Signed>,
) -> Response {
    let Some(poller) = state.poller() else {
        return crate::http::unavailable();
    };
    let sig = query.sig.unwrap_or_default();
    let relevant = match checked(&poller, &alert, &verdict, &sig) {
        Ok(relevant) => relevant,
        Err(answer) => return answer.into_response(),
    };
    let view = match poller.store().alert_view(AlertId::new(alert.clone())).await {
        Ok(Some(view)) => view,
        Ok(None) => {
            return (
                StatusCode::NOT_FOUND,
                "no such alert: never made, or forgotten with its story ([storage] keep)",
            )
                .into_response();
        }
        Err(err) => return server_error(err),
    };
    let card = super::card(&view);
    state.ui.render(
        "feedback.html",
        context! {
            page => "alerts",
            title => "Feedback",
            alert => super::ser(&card),
            verdict => verdict_word(relevant),
            sig => sig,
            csrf => csrf_token(&state, &poller),
            action => format!("/{}{alert}/{verdict}", learning::LINK_PREFIX),
            done => false,
        },
    )
}

async fn record_link(
    State(state): State<AppState>,
    Path((alert, verdict)): Path<(String, String)>,
    headers: HeaderMap,
    Form(form): Form<SignedForm>,
) -> Response {
    let Some(poller) = state.poller() else {
        return crate::http::unavailable();
    };
    let relevant = match checked(&poller, &alert, &verdict, &form.sig) {
        Ok(relevant) => relevant,
        Err(answer) => return answer.into_response(),
    };
    if !check_csrf(&state, &poller, &headers, &form.csrf) {
        return (
            StatusCode::FORBIDDEN,
            "invalid or expired form token; open the link again",
        )
            .into_response();
    }
    let verdict = match record(&poller, &alert, relevant, "link").await {
        Ok(verdict) => verdict,
        Err(response) => return response,
    };
    state.ui.render(
        "feedback.html",
        context! {
            page => "alerts",
            title => "Feedback recorded",
            verdict => verdict_word(verdict.relevant),
            topic => verdict.topic,
            item_title => verdict.title,
            done => true,
        },
    )
}
