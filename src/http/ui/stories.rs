//! The stories page: every outlet's report of one event, newest first, as
//! `feedwatch stories` lists them, filtered by time, topic and how many
//! reports joined; and one story's page (`/stories/ID`, the id every
//! alert's `story` object carries), with every report since any time.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::{bad_filter, given, safe_link, ser, server_error, time};
use crate::http::AppState;
use crate::model::StoryId;
use crate::store::StorySummary;

/// Stories shown at most.
const LIMIT: usize = 100;

/// The choices of the page's time filter: (value, label).
const SINCE: [(&str, &str); 4] = [
    ("1d", "last day"),
    ("2d", "last 2 days"),
    ("7d", "last week"),
    ("30d", "last 30 days"),
];

/// The choices of the page's reports filter.
const MIN_REPORTS: [usize; 4] = [1, 2, 3, 5];

#[derive(Debug, Default, Deserialize)]
pub(super) struct StoryQuery {
    since: Option<String>,
    topic: Option<String>,
    min: Option<String>,
}

#[derive(Serialize)]
struct StoryCard {
    id: i64,
    title: String,
    topics: Vec<String>,
    reports: Vec<ReportRow>,
}

#[derive(Serialize)]
struct ReportRow {
    feed: String,
    title: String,
    link: Option<String>,
    /// Publication time, or first seen for an item without a date.
    when: String,
}

fn card(story: &StorySummary) -> StoryCard {
    StoryCard {
        id: story.id.0,
        title: story.title.clone(),
        topics: story.topics.clone(),
        reports: story
            .members
            .iter()
            .map(|m| ReportRow {
                feed: m.feed.clone(),
                title: m.title.clone(),
                link: safe_link(m.link.as_deref()),
                when: time(Some(m.published.unwrap_or(m.first_seen))),
            })
            .collect(),
    }
}

pub(super) async fn stories(
    State(state): State<AppState>,
    Query(query): Query<StoryQuery>,
) -> Response {
    let Some(poller) = state.poller() else {
        return crate::http::unavailable();
    };
    // The form offers a few choices; a link may ask for any period
    // `feedwatch stories --since` takes, and any number of reports.
    let since = given(&query.since).unwrap_or(SINCE[1].0).to_string();
    let period = match crate::units::parse_duration(&since) {
        Ok(period) => i64::try_from(period.as_millis()).unwrap_or(i64::MAX),
        Err(err) => return bad_filter("since", &since, &err.to_string()),
    };
    let config = poller.config();
    let topic = match given(&query.topic) {
        None => None,
        Some(t) if config.topics.iter().any(|c| c.name == t) => Some(t.to_string()),
        Some(t) => {
            let names: Vec<&str> = config.topics.iter().map(|c| c.name.as_str()).collect();
            let expected = if names.is_empty() {
                "no topic is configured".to_string()
            } else {
                format!("a configured topic: {}", names.join(", "))
            };
            return bad_filter("topic", t, &expected);
        }
    };
    let min = match given(&query.min).map(str::parse::<usize>) {
        None => 1,
        Some(Ok(min)) if min >= 1 => min,
        Some(_) => {
            let value = given(&query.min).unwrap_or_default();
            return bad_filter("min", value, "a number of reports, 1 or more");
        }
    };
    let from = poller.clock().now_millis().saturating_sub(period).max(0);
    let stories = match poller
        .store()
        .stories(from, topic.clone(), min, LIMIT)
        .await
    {
        Ok(s) => s,
        Err(err) => return server_error(err),
    };
    let topics: Vec<String> = config.topics.iter().map(|t| t.name.clone()).collect();
    state
        .ui
        .render("stories.html", page(&stories, &topics, &since, topic, min))
}

/// One story, with every report since any time.
pub(super) async fn story(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Some(poller) = state.poller() else {
        return crate::http::unavailable();
    };
    let Ok(id) = id.parse::<i64>() else {
        return (StatusCode::NOT_FOUND, "no such story").into_response();
    };
    let story = match poller.store().story(StoryId(id)).await {
        Ok(Some(story)) => story,
        Ok(None) => return (StatusCode::NOT_FOUND, "no such story").into_response(),
        Err(err) => return server_error(err),
    };
    state.ui.render("stories.html", one(&story))
}

/// The template context of one story's page.
fn one(story: &StorySummary) -> minijinja::Value {
    context! {
        page => "stories",
        title => format!("Story {}", story.id),
        stories => ser(&vec![card(story)]),
        single => true,
    }
}

/// The page's template context: the stories, the topics to filter by, and
/// the filter in force (a `since` or `min` the form does not offer is
/// added to its choices).
fn page(
    stories: &[StorySummary],
    topics: &[String],
    since: &str,
    topic: Option<String>,
    min: usize,
) -> minijinja::Value {
    let cards: Vec<StoryCard> = stories.iter().map(card).collect();
    let filtered = since != SINCE[1].0 || topic.is_some() || min != 1;
    context! {
        page => "stories",
        title => "Stories",
        stories => ser(&cards),
        topics => topics.to_vec(),
        since_choices => since_choices(since),
        min_choices => min_choices(min),
        filter => context! { since => since, topic => topic, min => min },
        filtered => filtered,
        limit => LIMIT,
    }
}

/// The time filter's choices as (value, label), with `since` among them.
fn since_choices(since: &str) -> Vec<(String, String)> {
    let mut choices: Vec<(String, String)> = SINCE
        .iter()
        .map(|(value, label)| (value.to_string(), label.to_string()))
        .collect();
    if !SINCE.iter().any(|(value, _)| *value == since) {
        choices.push((since.to_string(), format!("last {since}")));
    }
    choices
}

/// The reports filter's choices, with `min` among them, in order.
fn min_choices(min: usize) -> Vec<usize> {
    let mut choices = MIN_REPORTS.to_vec();
    if !choices.contains(&min) {
        choices.push(min);
        choices.sort_unstable();
    }
    choices
}

#[cfg(test)]
mod tests {
    use super::super::Templates;
    use super::*;
    use crate::model::ItemId;
    use crate::store::StoryMember;

    fn member(item: i64, feed: &str, title: &str, link: &str) -> StoryMember {
        StoryMember {
            item: ItemId(item),
            feed: feed.into(),
            title: title.into(),
            link: Some(link.into()),
            published: (item == 1).then_some(1_773_238_800_000),
            first_seen: 1_773_242_400_000,
        }
    }

    /// A story's reports are listed with their outlets, times and links;
    /// titles are escaped and only http(s) links are linked.
    #[test]
    fn a_story_lists_its_reports() {
        let story = StorySummary {
            id: StoryId(42),
            title: "OpenAI <b>NATO</b> talks".into(),
            created_at: 0,
            members: vec![
                member(1, "wire", "OpenAI <b>NATO</b> talks", "https://a.example/1"),
                member(
                    2,
                    "tech",
                    "ChatGPT maker eyes NATO deal",
                    "javascript:alert(1)",
                ),
            ],
            topics: vec!["defense-ai-contracts".into()],
        };
        let html = Templates::new()
            .env
            .get_template("stories.html")
            .and_then(|t| {
                t.render(page(
                    &[story],
                    &["defense-ai-contracts".to_string()],
                    "2d",
                    None,
                    2,
                ))
            })
            .unwrap_or_else(|e| format!("ERROR {e:#}"));
        assert!(html.contains("2 reports"), "{html}");
        assert!(html.contains("<span class=\"topic\">defense-ai-contracts</span>"));
        assert!(!html.contains("<b>NATO"), "escaped: {html}");
        // (minijinja escapes `/` too.)
        assert!(
            html.contains("OpenAI &lt;b&gt;NATO&lt;&#x2f;b&gt; talks"),
            "{html}"
        );
        assert!(
            html.contains("href=\"https:&#x2f;&#x2f;a.example&#x2f;1\""),
            "{html}"
        );
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("<strong>tech</strong>: ChatGPT maker eyes NATO deal"));
        // The first report's publication time; the second has none, so
        // when it was first seen.
        assert!(html.contains("2026-03-11 14:20 UTC") && html.contains("2026-03-11 15:20 UTC"));
        assert!(
            html.contains("<option value=\"2\" selected>2 or more</option>"),
            "{html}"
        );
        assert!(html.contains("1 story."), "{html}");
    }
}
