//! `GET /metrics`: the telemetry registry plus gauges read from the store
//! at scrape time, in the Prometheus text format 0.0.4.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::AppState;
use crate::store::SubscriptionState;
use crate::telemetry::{self, GaugeFamily};

pub(super) async fn metrics(State(state): State<AppState>) -> Response {
    let Some(poller) = state.poller() else {
        return super::unavailable();
    };
    let snapshot = match poller.store().metrics_snapshot().await {
        Ok(snapshot) => snapshot,
        Err(err) => {
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                format!("the database does not answer: {err}"),
            )
                .into_response();
        }
    };
    let now = poller.clock().now_millis();
    let oldest_age = snapshot
        .oldest_pending_at
        .map_or(0.0, |at| ((now - at).max(0) as f64) / 1000.0);
    let incidents = ["failing", "quiet"]
        .into_iter()
        .map(|kind| {
            let n = snapshot
                .incidents
                .iter()
                .filter(|(k, _)| k.key() == kind)
                .map(|(_, n)| *n)
                .sum::<i64>();
            (vec![("kind", kind.to_string())], n as f64)
        })
        .collect();
    let subscriptions = SubscriptionState::ALL
        .into_iter()
        .map(|s| {
            let n = snapshot
                .subscriptions
                .iter()
                .filter(|(state, _)| *state == s)
                .map(|(_, n)| *n)
                .sum::<i64>();
            (vec![("state", s.key().to_string())], n as f64)
        })
        .collect();
    let config = poller.config();
    let gauges = [
        GaugeFamily {
            name: "feedwatch_outbox_pending",
            help: "Deliveries waiting to be sent (pending, held for a digest, or in a pending digest or summary).",
            samples: vec![(Vec::new(), snapshot.outbox_pending as f64)],
        },
        GaugeFamily {
            name: "feedwatch_outbox_oldest_pending_age_seconds",
            help: "Age of the oldest delivery still waiting to be sent; 0 when none waits.",
            samples: vec![(Vec::new(), oldest_age)],
        },
        GaugeFamily {
            name: "feedwatch_open_incidents",
            help: "Feeds with an open health incident, by kind (failing, quiet).",
            samples: incidents,
        },
        GaugeFamily {
            name: "feedwatch_websub_subscriptions",
            help: "WebSub subscriptions by state.",
            samples: subscriptions,
        },
        GaugeFamily {
            name: "feedwatch_feeds",
            help: "Feeds in the running config.",
            samples: vec![(Vec::new(), config.feeds.len() as f64)],
        },
        GaugeFamily {
            name: "feedwatch_topics",
            help: "Topics in the running config.",
            samples: vec![(Vec::new(), config.topics.len() as f64)],
        },
        GaugeFamily {
            name: "feedwatch_build_info",
            help: "Always 1; the version is a label.",
            samples: vec![(
                vec![("version", env!("CARGO_PKG_VERSION").to_string())],
                1.0,
            )],
        },
    ];
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        telemetry::render(&gauges),
    )
        .into_response()
}
