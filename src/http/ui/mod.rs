//! The web UI: server-rendered pages (minijinja, auto-escaped), no
//! JavaScript. **Alerts** (newest first, filters, story sources, matched
//! terms, delivery status per sink with a retry button), **Topics** (each
//! query as understood, alerts per day over 30 days as inline SVG, a try
//! box that runs `tryout::Trial` on stored items), **Feeds** (the health
//! table with WebSub state, sortable by any column).
//!
//! Each topic alert has relevant/irrelevant buttons: the verdict teaches
//! the topic's model (`learning`).

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use minijinja::{AutoEscape, Environment, context};
use serde::{Deserialize, Serialize};
use serde_json::Value;

mod feedback;
mod stories;

pub(crate) use feedback::link_routes;

use super::AppState;
use crate::config::FeedSelector;
use crate::daemon::Poller;
use crate::model::{AlertId, DeliveryStatus, Millis};
use crate::store::{AlertFilter, AlertView, FeedHealth, Subscription};
use crate::tryout::Trial;

/// Alerts shown on one page.
const PAGE_SIZE: usize = 100;
/// Items the try box scans at most (newest first).
const TRY_SCAN: usize = 20_000;
/// Hits the try box shows at most.
const TRY_HITS: usize = 20;
/// Days in a topic's chart.
const CHART_DAYS: i64 = 30;

/// The compiled page templates.
pub(crate) struct Templates {
    env: Environment<'static>,
}

impl Templates {
    pub(crate) fn new() -> Templates {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| AutoEscape::Html);
        for (name, text) in [
            ("base.html", include_str!("base.html")),
            ("alerts.html", include_str!("alerts.html")),
            ("topics.html", include_str!("topics.html")),
            ("feeds.html", include_str!("feeds.html")),
            ("feedback.html", include_str!("feedback.html")),
            ("stories.html", include_str!("stories.html")),
        ] {
            // The templates are ours and tested; a syntax error is a bug
            // caught by the test suite, shown as a 500 rather than a panic.
            if let Err(err) = env.add_template(name, text) {
                tracing::error!(template = name, error = %err, "Web UI template does not compile");
            }
        }
        env.add_filter("highlight", highlight);
        Templates { env }
    }

    fn render(&self, name: &str, ctx: minijinja::Value) -> Response {
        match self.env.get_template(name).and_then(|t| t.render(ctx)) {
            Ok(html) => {
                ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
            }
            Err(err) => {
                tracing::error!(template = name, error = %err, "Web UI page failed to render");
                (StatusCode::INTERNAL_SERVER_ERROR, "page failed to render").into_response()
            }
        }
    }
}

/// HTML-escapes a snippet and turns `**word**` into `<mark>word</mark>`.
fn highlight(text: &str) -> minijinja::Value {
    let escaped = escape_html(text);
    let mut out = String::with_capacity(escaped.len() + 16);
    let mut open = false;
    for (i, part) in escaped.split("**").enumerate() {
        if i > 0 {
            out.push_str(if open { "</mark>" } else { "<mark>" });
            open = !open;
        }
        out.push_str(part);
    }
    if open {
        out.push_str("</mark>");
    }
    minijinja::Value::from_safe_string(out)
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/alerts") }))
        .route("/alerts", get(alerts))
        .route("/alerts/{id}", get(alert))
        .route("/deliveries/{id}/retry", post(retry))
        .route("/alerts/{id}/verdict", post(verdict))
        .route("/topics", get(topics))
        .route("/stories", get(stories::stories))
        .route("/stories/{id}", get(stories::story))
        .route("/feeds", get(feeds))
        .route("/static/style.css", get(style))
}

async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        include_str!("style.css"),
    )
        .into_response()
}

fn ser<T: Serialize>(value: &T) -> minijinja::Value {
    minijinja::Value::from(minijinja::value::Serde(value))
}

fn time(ms: Option<Millis>) -> String {
    ms.and_then(DateTime::<Utc>::from_timestamp_millis)
        .map_or_else(String::new, |t| t.format("%Y-%m-%d %H:%M UTC").to_string())
}

/// A link worth putting in an `href`: http(s) only.
fn safe_link(link: Option<&str>) -> Option<String> {
    link.filter(|l| l.starts_with("https://") || l.starts_with("http://"))
        .map(str::to_string)
}

/// A filter value a page does not know, said rather than replaced by the
/// default: a hand-edited or stale link would otherwise show something
/// else than it asks for, without a word.
fn bad_filter(name: &str, value: &str, expected: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        format!("{name} = \"{value}\" is not a value this page knows: {expected}"),
    )
        .into_response()
}

/// A query parameter with its blank value (an empty form field) as absent.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn server_error(err: impl std::fmt::Display) -> Response {
    tracing::error!(error = %err, "Web UI request failed");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        format!("the database did not answer: {err}"),
    )
        .into_response()
}

#[derive(Debug, Default, Deserialize)]
struct AlertQuery {
    topic: Option<String>,
    sink: Option<String>,
    status: Option<String>,
}

#[derive(Serialize)]
struct AlertCard {
    id: String,
    topic: String,
    created: String,
    title: String,
    link: Option<String>,
    feed: String,
    summary: String,
    snippet: String,
    matched: Vec<(String, String)>,
    sources: Vec<SourceRow>,
    /// The story's id, for its page (every report, later ones too).
    story: Option<i64>,
    deliveries: Vec<DeliveryRow>,
    health: Option<String>,
    page: Option<String>,
    /// The verdict in force: "relevant" or "irrelevant".
    verdict: Option<&'static str>,
    /// What the topic's model made of it, in words.
    model: Option<String>,
}

#[derive(Serialize)]
struct SourceRow {
    feed: String,
    title: String,
    link: Option<String>,
    seen: String,
}

#[derive(Serialize)]
struct DeliveryRow {
    id: i64,
    sink: String,
    status: &'static str,
    attempts: i64,
    error: Option<String>,
    when: String,
    retryable: bool,
}

fn card(view: &AlertView) -> AlertCard {
    let payload: Value = serde_json::from_str(&view.payload).unwrap_or(Value::Null);
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let item = &payload["item"];
    let matched = payload["matched"]
        .as_array()
        .map(|terms| {
            terms
                .iter()
                .map(|t| (text(&t["term"]), text(&t["field"])))
                .collect()
        })
        .unwrap_or_default();
    // The story's stored items: every report so far, those that came after
    // the alert too (the payload names only the reports known when it was
    // made, and is the fallback).
    let sources = if view.sources.is_empty() {
        ["sources", "items"]
            .iter()
            .filter_map(|key| payload["story"][*key].as_array())
            .flatten()
            .map(|s| SourceRow {
                feed: text(&s["feed"]),
                title: text(&s["title"]),
                link: safe_link(s["link"].as_str()),
                seen: text(&s["published"]),
            })
            .collect()
    } else {
        view.sources
            .iter()
            .map(|s| SourceRow {
                feed: s.feed.clone(),
                title: s.title.clone(),
                link: safe_link(s.link.as_deref()),
                seen: time(Some(s.first_seen)),
            })
            .collect()
    };
    let deliveries = view
        .deliveries
        .iter()
        .map(|d| DeliveryRow {
            id: d.id,
            sink: d.sink.clone(),
            status: d.status.key(),
            attempts: d.attempts,
            error: d.last_error.clone(),
            when: match d.status {
                DeliveryStatus::Delivered => time(d.delivered_at),
                _ => time(Some(d.next_attempt_at)),
            },
            retryable: matches!(d.status, DeliveryStatus::Failed | DeliveryStatus::Pending),
        })
        .collect();
    AlertCard {
        id: view.id.as_str().to_string(),
        topic: view.topic.clone(),
        created: time(Some(view.created_at)),
        title: text(&item["title"]),
        link: safe_link(item["link"].as_str()),
        feed: text(&item["feed"]),
        summary: text(&item["summary"]),
        snippet: text(&payload["snippet"]),
        matched,
        sources,
        story: payload["story"]["id"].as_i64(),
        deliveries,
        health: payload["health"]["state"].as_str().map(str::to_string),
        page: payload["url"].as_str().map(str::to_string),
        verdict: view.verdict.map(crate::learning::verdict_word),
        model: model_words(&payload["model"]),
    }
}

/// "model: 83% relevant" from a payload's `model` object.
fn model_words(model: &Value) -> Option<String> {
    let probability = model["probability"].as_f64()?;
    let decision = match model["decision"].as_str().unwrap_or_default() {
        "would_suppress" => ", would be held back with learn = \"filter\"",
        "learning" => ", still learning",
        _ => "",
    };
    Some(format!(
        "model: {:.0}% likely relevant{decision} ({} verdicts)",
        probability * 100.0,
        model["verdicts"].as_u64().unwrap_or_default()
    ))
}

fn csrf_token(state: &AppState, poller: &Poller) -> String {
    state.csrf.token(poller.clock().now_millis() / 1000)
}

async fn alerts(State(state): State<AppState>, Query(query): Query<AlertQuery>) -> Response {
    let Some(poller) = state.poller() else {
        return super::unavailable();
    };
    let status = given(&query.status).map(str::to_string);
    let delivery_status = match status.as_deref() {
        None => None,
        Some(key) => match DeliveryStatus::from_key(key) {
            Some(status) => Some(status),
            None => {
                return bad_filter("status", key, "pending, held, folded, delivered or failed");
            }
        },
    };
    // Any topic or sink: alerts of one since removed from the config are
    // still stored, and can be listed.
    let filter = AlertFilter {
        topic: given(&query.topic).map(str::to_string),
        sink: given(&query.sink).map(str::to_string),
        status: delivery_status,
    };
    let views = match poller.store().alert_list(filter.clone(), PAGE_SIZE).await {
        Ok(v) => v,
        Err(err) => return server_error(err),
    };
    let config = poller.config();
    let mut topics: Vec<String> = config.topics.iter().map(|t| t.name.clone()).collect();
    topics.push(crate::alert::payload::HEALTH_TOPIC.to_string());
    let sinks: Vec<String> = config.sinks.iter().map(|s| s.name.clone()).collect();
    let cards: Vec<AlertCard> = views.iter().map(card).collect();
    state.ui.render(
        "alerts.html",
        context! {
            page => "alerts",
            title => "Alerts",
            alerts => ser(&cards),
            topics => topics,
            sinks => sinks,
            statuses => ["pending", "delivered", "failed"],
            filter => context! {
                topic => filter.topic,
                sink => filter.sink,
                status => status,
            },
            filtered => query.topic.is_some() || query.sink.is_some() || query.status.is_some(),
            csrf => csrf_token(&state, &poller),
            back => "/alerts",
            single => false,
        },
    )
}

async fn alert(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Some(poller) = state.poller() else {
        return super::unavailable();
    };
    let view = match poller.store().alert_view(AlertId::new(id.clone())).await {
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
    state.ui.render(
        "alerts.html",
        context! {
            page => "alerts",
            title => format!("Alert {id}"),
            alerts => ser(&vec![card(&view)]),
            csrf => csrf_token(&state, &poller),
            back => format!("/alerts/{id}"),
            single => true,
        },
    )
}

#[derive(Debug, Deserialize)]
struct RetryForm {
    csrf: String,
    back: Option<String>,
}

/// Refuses a state-changing request that is not same-origin (when the
/// browser says where it comes from) or lacks a valid CSRF token.
fn check_csrf(state: &AppState, poller: &Poller, headers: &HeaderMap, token: &str) -> bool {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let origin_host = url::Url::parse(origin).ok().and_then(|u| {
            u.host_str().map(|h| match u.port() {
                Some(p) => format!("{h}:{p}"),
                None => h.to_string(),
            })
        });
        if origin_host.as_deref() != host {
            return false;
        }
    }
    if headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|site| site == "cross-site")
    {
        return false;
    }
    state.csrf.check(token, poller.clock().now_millis() / 1000)
}

async fn retry(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(form): Form<RetryForm>,
) -> Response {
    let Some(poller) = state.poller() else {
        return super::unavailable();
    };
    if !check_csrf(&state, &poller, &headers, &form.csrf) {
        return (
            StatusCode::FORBIDDEN,
            "invalid or expired form token; reload the page and try again",
        )
            .into_response();
    }
    let now = poller.clock().now_millis();
    match poller.store().requeue_delivery(id, now).await {
        Ok(true) => {
            tracing::info!(delivery = id, "Delivery retry requested from the web UI");
            state.live.wake().notify_one();
        }
        Ok(false) => {}
        Err(err) => return server_error(err),
    }
    Redirect::to(&back_to(form.back)).into_response()
}

#[derive(Debug, Deserialize)]
struct VerdictForm {
    csrf: String,
    verdict: String,
    back: Option<String>,
}

/// The verdict buttons of an alert card.
async fn verdict(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<VerdictForm>,
) -> Response {
    let Some(poller) = state.poller() else {
        return super::unavailable();
    };
    if !check_csrf(&state, &poller, &headers, &form.csrf) {
        return (
            StatusCode::FORBIDDEN,
            "invalid or expired form token; reload the page and try again",
        )
            .into_response();
    }
    let Some(relevant) = crate::learning::parse_verdict(&form.verdict) else {
        return (
            StatusCode::BAD_REQUEST,
            "verdict must be relevant or irrelevant",
        )
            .into_response();
    };
    if let Err(response) = feedback::record(&poller, &id, relevant, "web").await {
        return response;
    }
    Redirect::to(&back_to(form.back)).into_response()
}

/// Only back to our own alert pages: no open redirect.
fn back_to(back: Option<String>) -> String {
    back.filter(|b| b.starts_with("/alerts") && !b.contains("//") && !b.contains('\\'))
        .unwrap_or_else(|| "/alerts".to_string())
}

#[derive(Debug, Default, Deserialize)]
struct TopicsQuery {
    /// A query to try.
    q: Option<String>,
    /// A configured topic to try.
    topic: Option<String>,
    /// Present (the checkbox): also list the near misses.
    near: Option<String>,
}

#[derive(Serialize)]
struct TopicCard {
    name: String,
    query: String,
    feeds: String,
    notify: String,
    total: i64,
    max: i64,
    bars: Vec<Bar>,
}

#[derive(Serialize)]
struct Bar {
    x: i64,
    y: i64,
    height: i64,
    label: String,
}

/// When a stored item was published (else first seen), as the UI shows it.
fn published(item: &crate::store::StoredItem) -> String {
    time(Some(
        item.entry
            .published
            .map_or(item.first_seen, |p| p.timestamp_millis()),
    ))
}

/// An item the try box missed by one required part.
#[derive(Serialize)]
struct NearMissRow {
    id: i64,
    title: String,
    link: Option<String>,
    feed: String,
    when: String,
    /// The part it lacks, as a query would say it.
    missing: String,
}

#[derive(Serialize)]
struct TryHit {
    id: i64,
    title: String,
    link: Option<String>,
    feed: String,
    when: String,
    snippet: String,
    matched: Vec<(String, String)>,
    explanation: String,
}

/// Bars of a 30-day chart: 10 px apart, up to 40 px high.
fn bars(counts: &HashMap<i64, i64>, today: i64) -> (Vec<Bar>, i64, i64) {
    let max = counts.values().copied().max().unwrap_or(0).max(1);
    let mut total = 0;
    let bars = (0..CHART_DAYS)
        .map(|i| {
            let day = today - (CHART_DAYS - 1) + i;
            let n = counts.get(&day).copied().unwrap_or(0);
            total += n;
            let height = if n == 0 { 1 } else { (n * 40 / max).max(2) };
            let date = DateTime::<Utc>::from_timestamp(day * 86_400, 0)
                .map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string());
            Bar {
                x: i * 10,
                y: 40 - height,
                height,
                label: format!("{date}: {n} alert{}", if n == 1 { "" } else { "s" }),
            }
        })
        .collect();
    (bars, total, max)
}

async fn topics(State(state): State<AppState>, Query(query): Query<TopicsQuery>) -> Response {
    let Some(poller) = state.poller() else {
        return super::unavailable();
    };
    let config = poller.config();
    let now = poller.clock().now_millis();
    let today = now.div_euclid(86_400_000);
    let since = (today - (CHART_DAYS - 1)) * 86_400_000;
    let days = match poller.store().alerts_per_day(since).await {
        Ok(days) => days,
        Err(err) => return server_error(err),
    };
    let mut per_topic: HashMap<String, HashMap<i64, i64>> = HashMap::new();
    for d in days {
        per_topic
            .entry(d.topic)
            .or_default()
            .insert(d.day, d.alerts);
    }
    let cards: Vec<TopicCard> = config
        .topics
        .iter()
        .map(|t| {
            let (bars, total, max) = bars(per_topic.get(&t.name).unwrap_or(&HashMap::new()), today);
            TopicCard {
                name: t.name.clone(),
                query: t.query.to_string(),
                feeds: if t.feeds.is_empty() {
                    "every feed".to_string()
                } else {
                    t.feeds
                        .iter()
                        .map(|f| match f {
                            FeedSelector::Name(n) => n.clone(),
                            FeedSelector::Tag(tag) => format!("tag:{tag}"),
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                },
                notify: t.notify.join(", "),
                total,
                max,
                bars,
            }
        })
        .collect();

    let q = query.q.clone().filter(|q| !q.trim().is_empty());
    let topic = query.topic.clone().filter(|t| !t.trim().is_empty());
    let trial = match (&q, &topic) {
        (Some(q), _) => Some(Trial::query(config, q)),
        (None, Some(t)) => Some(Trial::topic(config, t)),
        (None, None) => None,
    };
    let near = query.near.is_some();
    let mut hits: Vec<TryHit> = Vec::new();
    let mut near_misses: Vec<NearMissRow> = Vec::new();
    let mut error = None;
    let mut scanned = 0;
    match trial {
        None => {}
        Some(Err(err)) => error = Some(err.to_string()),
        Some(Ok(trial)) => {
            let window = CHART_DAYS * 86_400_000;
            let items = match poller
                .store()
                .recent_items(Some(now - window), TRY_SCAN)
                .await
            {
                Ok(items) => items,
                Err(err) => return server_error(err),
            };
            scanned = items.len();
            for found in trial.run(config, &items, TRY_HITS) {
                let explanation = trial
                    .explain(config, found.item)
                    .map(|e| e.to_string())
                    .unwrap_or_default();
                hits.push(TryHit {
                    id: found.item.id.0,
                    title: found.item.entry.title.clone(),
                    link: safe_link(found.item.entry.link.as_deref()),
                    feed: found.item.feed.clone(),
                    when: published(found.item),
                    snippet: found.hit.snippet.clone(),
                    matched: found
                        .hit
                        .matched
                        .iter()
                        .map(|m| (m.term.clone(), m.field.clone()))
                        .collect(),
                    explanation,
                });
            }
            if near {
                near_misses = trial
                    .near_misses(config, &items, TRY_HITS)
                    .into_iter()
                    .map(|miss| NearMissRow {
                        id: miss.item.id.0,
                        title: miss.item.entry.title.clone(),
                        link: safe_link(miss.item.entry.link.as_deref()),
                        feed: miss.item.feed.clone(),
                        when: published(miss.item),
                        missing: miss.missing,
                    })
                    .collect();
            }
        }
    }
    let tried = q.is_some() || topic.is_some();
    state.ui.render(
        "topics.html",
        context! {
            page => "topics",
            title => "Topics",
            topics => ser(&cards),
            q => q,
            topic => topic,
            tried => tried,
            error => error,
            hits => ser(&hits),
            near => near,
            near_misses => ser(&near_misses),
            scanned => scanned,
            days => CHART_DAYS,
        },
    )
}

#[derive(Debug, Default, Deserialize)]
struct FeedsQuery {
    sort: Option<String>,
    dir: Option<String>,
}

#[derive(Serialize)]
struct FeedRow {
    name: String,
    url: String,
    status: String,
    ok: bool,
    last_poll: String,
    next_poll: String,
    last_new: String,
    items: i64,
    failures: i64,
    error: String,
    incident: String,
    websub: String,
    configured: bool,
    #[serde(skip)]
    sort_times: [Option<Millis>; 3],
}

/// Columns the feeds table sorts by, with their labels.
const FEED_COLUMNS: [(&str, &str); 10] = [
    ("name", "Feed"),
    ("status", "Status"),
    ("last_poll", "Last poll"),
    ("next_poll", "Next poll"),
    ("last_new", "Last new item"),
    ("items", "Items"),
    ("failures", "Failures"),
    ("error", "Last error"),
    ("incident", "Incident"),
    ("websub", "WebSub"),
];

fn feed_row(h: &FeedHealth, subscription: Option<&Subscription>, configured: bool) -> FeedRow {
    let status = match (&h.disabled, &h.last_status) {
        (Some(_), _) => "disabled (410)".to_string(),
        (None, Some(s)) => s.clone(),
        (None, None) => "not polled yet".to_string(),
    };
    let ok = h.disabled.is_none() && h.consecutive_failures == 0 && h.incident.is_none();
    let websub = match subscription {
        None => "—".to_string(),
        Some(s) => match (s.state.key(), s.expires_at) {
            ("active", Some(exp)) => format!("active until {}", time(Some(exp))),
            (key, _) => key.replace('_', " "),
        },
    };
    FeedRow {
        name: h.name.clone(),
        url: h.moved_to.clone().unwrap_or_else(|| h.url.clone()),
        status,
        ok,
        last_poll: time(h.last_polled_at),
        next_poll: time(h.next_poll_at),
        last_new: time(h.last_new_item_at),
        items: h.items,
        failures: h.consecutive_failures,
        error: h.last_error.clone().unwrap_or_default(),
        incident: h
            .incident
            .map(|i| format!("{} since {}", i.key(), time(h.incident_since)))
            .unwrap_or_default(),
        websub,
        configured,
        sort_times: [h.last_polled_at, h.next_poll_at, h.last_new_item_at],
    }
}

async fn feeds(State(state): State<AppState>, Query(query): Query<FeedsQuery>) -> Response {
    let Some(poller) = state.poller() else {
        return super::unavailable();
    };
    let (health, subscriptions) = match (
        poller.store().feed_health().await,
        poller.store().subscriptions().await,
    ) {
        (Ok(h), Ok(s)) => (h, s),
        (Err(err), _) | (_, Err(err)) => return server_error(err),
    };
    let config = poller.config();
    let by_feed: HashMap<&str, &Subscription> =
        subscriptions.iter().map(|s| (s.feed.as_str(), s)).collect();
    let mut rows: Vec<FeedRow> = health
        .iter()
        .map(|h| {
            feed_row(
                h,
                by_feed.get(h.name.as_str()).copied(),
                config.feed(&h.name).is_some(),
            )
        })
        .collect();
    let sort = match given(&query.sort) {
        None => "name".to_string(),
        Some(key) if FEED_COLUMNS.iter().any(|(column, _)| *column == key) => key.to_string(),
        Some(key) => {
            let columns: Vec<&str> = FEED_COLUMNS.iter().map(|(column, _)| *column).collect();
            return bad_filter("sort", key, &format!("one of {}", columns.join(", ")));
        }
    };
    let descending = match given(&query.dir) {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(dir) => return bad_filter("dir", dir, "asc or desc"),
    };
    rows.sort_by(|a, b| {
        let order = match sort.as_str() {
            "status" => a.ok.cmp(&b.ok).then_with(|| a.status.cmp(&b.status)),
            "last_poll" => a.sort_times[0].cmp(&b.sort_times[0]),
            "next_poll" => a.sort_times[1].cmp(&b.sort_times[1]),
            "last_new" => a.sort_times[2].cmp(&b.sort_times[2]),
            "items" => a.items.cmp(&b.items),
            "failures" => a.failures.cmp(&b.failures),
            "error" => a.error.cmp(&b.error),
            "incident" => a.incident.cmp(&b.incident),
            "websub" => a.websub.cmp(&b.websub),
            _ => std::cmp::Ordering::Equal,
        };
        let order = order.then_with(|| a.name.cmp(&b.name));
        if descending { order.reverse() } else { order }
    });
    let columns: Vec<_> = FEED_COLUMNS
        .iter()
        .map(|(key, label)| {
            let active = *key == sort;
            let next_dir = if active && !descending { "desc" } else { "asc" };
            context! {
                key => *key,
                label => *label,
                href => format!("/feeds?sort={key}&dir={next_dir}"),
                active => active,
                arrow => if active { if descending { "▼" } else { "▲" } } else { "" },
            }
        })
        .collect();
    let failing = rows.iter().filter(|r| r.configured && !r.ok).count();
    state.ui.render(
        "feeds.html",
        context! {
            page => "feeds",
            title => "Feeds",
            feeds => ser(&rows),
            columns => columns,
            failing => failing,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlight_escapes_then_marks() {
        assert_eq!(
            highlight("a **<b>** c **d").to_string(),
            "a <mark>&lt;b&gt;</mark> c <mark>d</mark>"
        );
    }

    #[test]
    fn only_http_links_are_linked() {
        assert_eq!(safe_link(Some("javascript:alert(1)")), None);
        assert_eq!(
            safe_link(Some("https://example.org/")),
            Some("https://example.org/".to_string())
        );
    }

    /// An alert lists its story's reports as stored now, those that came
    /// after the alert too; the payload's (made with the alert) only when
    /// none is stored.
    #[test]
    fn an_alert_lists_every_report_of_its_story_so_far() {
        let source = |feed: &str, title: &str| crate::store::StorySource {
            feed: feed.into(),
            title: title.into(),
            link: Some(format!("https://{feed}.example/1")),
            first_seen: 1_773_238_800_000,
        };
        let mut view = AlertView {
            id: AlertId::new("a1"),
            topic: "t".into(),
            payload: serde_json::json!({
                "item": {"title": "First report", "feed": "wire"},
                "story": {"id": 42, "sources": [{"feed": "wire", "title": "First report"}]},
            })
            .to_string(),
            created_at: 1_773_238_800_000,
            deliveries: Vec::new(),
            sources: vec![
                source("wire", "First report"),
                source("tech", "Later report"),
            ],
            verdict: None,
        };
        let titles = |card: &AlertCard| -> Vec<String> {
            card.sources.iter().map(|s| s.title.clone()).collect()
        };
        let now = card(&view);
        assert_eq!(titles(&now), ["First report", "Later report"]);
        assert_eq!(now.story, Some(42));
        view.sources.clear();
        assert_eq!(titles(&card(&view)), ["First report"]);
    }

    #[test]
    fn templates_compile() {
        let t = Templates::new();
        for name in ["alerts.html", "topics.html", "feeds.html", "stories.html"] {
            assert!(t.env.get_template(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn topics_page_renders_without_data() {
        let t = Templates::new();
        let html = t
            .env
            .get_template("topics.html")
            .and_then(|tpl| {
                tpl.render(context! {
                    page => "topics",
                    title => "Topics",
                    topics => ser(&vec![TopicCard {
                        name: "t".into(),
                        query: "a AND b".into(),
                        feeds: "every feed".into(),
                        notify: String::new(),
                        total: 0,
                        max: 1,
                        bars: bars(&HashMap::new(), 20_000).0,
                    }]),
                    tried => false,
                    days => CHART_DAYS,
                })
            })
            .unwrap_or_else(|e| format!("ERROR {e:#}"));
        assert!(html.contains("<svg"), "{html}");
        assert_eq!(html.matches("<rect ").count(), 30);
    }
}
