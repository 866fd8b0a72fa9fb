//! `feedwatch feedback`: tell a topic whether an alert (or a held-back
//! item) was relevant, list the verdicts, undo one.

use std::process::ExitCode;

use crate::learning::{self, Feedback, Judged, LearnMode, parse_verdict, verdict_word};
use crate::model::AlertId;
use crate::store::{Store, Verdict, VerdictFilter};
use crate::topics::learn::{Features, MIN_EACH, MIN_VERDICTS};

use super::query::names_a_story;
use super::tool::Tool;
use super::{format_time, rfc3339};

/// What `feedwatch feedback` was asked.
pub(super) struct FeedbackArgs {
    pub(super) target: Option<String>,
    pub(super) verdict: Option<String>,
    pub(super) topic: Option<String>,
    pub(super) note: Option<String>,
    pub(super) undo: Option<i64>,
    pub(super) all: bool,
    pub(super) json: bool,
    pub(super) limit: usize,
}

pub(super) fn feedback(tool: &Tool, args: FeedbackArgs) -> anyhow::Result<ExitCode> {
    if let Some(topic) = &args.topic {
        tool.topic(topic)?;
    }
    if let Some(id) = args.undo {
        return undo(tool, id);
    }
    match (&args.target, &args.verdict) {
        (None, _) => list(tool, &args),
        (Some(target), None) => anyhow::bail!(
            "say `relevant` or `irrelevant` after `{target}` (or give no argument to list the verdicts)"
        ),
        (Some(target), Some(word)) => {
            let relevant = parse_verdict(word).ok_or_else(|| {
                anyhow::anyhow!("`{word}` is not a verdict; say `relevant` or `irrelevant`")
            })?;
            record(tool, target, relevant, &args)
        }
    }
}

fn record(
    tool: &Tool,
    target: &str,
    relevant: bool,
    args: &FeedbackArgs,
) -> anyhow::Result<ExitCode> {
    let store = tool.writable()?;
    let db = store.backend();
    // An alert id, unless it names none: then a stored item.
    let judged = if db.alert_origin(&AlertId::new(target))?.is_some() {
        Judged::Alert(AlertId::new(target))
    } else {
        Judged::Item(target.to_string())
    };
    let feedback = Feedback {
        judged,
        topic: args.topic.clone(),
        relevant,
        note: args.note.clone(),
        source: "cli",
    };
    let now = chrono::Utc::now().timestamp_millis();
    let verdict = match learning::give(db, &tool.config, &feedback, now) {
        Ok(verdict) => verdict,
        Err(learning::FeedbackError::UnknownItem(_)) if names_a_story(&store, target)? => {
            anyhow::bail!(
                "`{target}` is a story; a verdict is on an alert or an item: `feedwatch stories \
                 {target}` lists the story's reports with their ids"
            )
        }
        Err(learning::FeedbackError::UnknownItem(_)) => anyhow::bail!(
            "no alert or stored item `{target}`: give an alert id as `feedwatch alerts` prints it, or an item's id (#12), link or GUID"
        ),
        Err(other) => return Err(other.into()),
    };
    let what = match &verdict.alert {
        Some(alert) => format!("alert {alert}"),
        None => format!("item #{}", verdict.item),
    };
    out!(
        "verdict {}: {what} (topic {}) \"{}\" is {}",
        verdict.id,
        verdict.topic,
        verdict.title,
        verdict_word(verdict.relevant)
    );
    let held_back = db.item_details(verdict.item)?.is_some_and(|d| {
        d.matches
            .iter()
            .any(|m| m.topic == verdict.topic && m.suppressed)
    });
    if held_back && verdict.relevant {
        out!(
            "this item was held back by the model; the verdict teaches it (the alert is not sent now)"
        );
    }
    if !learned_from(&verdict) {
        let advice = if verdict.relevant {
            "to catch items like it, widen the query (`feedwatch try --near-misses` shows what it nearly matches)"
        } else {
            "the query already keeps it out"
        };
        out!(
            "note: the query of topic `{}` does not match this item, so the model (which only judges what the query matched) does not learn from this verdict; {advice}",
            verdict.topic
        );
    }
    out!("{}", topic_status(tool, &store, &verdict.topic)?);
    Ok(ExitCode::SUCCESS)
}

/// Whether the topic's model learns from a verdict: only from one on an
/// item its query matched (see `learning::load`).
fn learned_from(verdict: &Verdict) -> bool {
    serde_json::from_str::<Features>(&verdict.features).is_ok_and(|f| f.is_match())
}

/// "t: 9 verdicts (6 relevant, 3 irrelevant); ..." for one topic.
fn topic_status(tool: &Tool, store: &Store, topic: &str) -> anyhow::Result<String> {
    let mode = tool.config.topic(topic).map_or(LearnMode::Off, |t| t.learn);
    let (models, problems) = learning::load_topics(store.backend(), &tool.config, Some(topic))?;
    for problem in problems {
        eprintln!("warning: {problem}");
    }
    // Stories judged: what the model counts before it acts.
    let (relevant, irrelevant, stories, ready) = match models.model(topic) {
        Some(model) => {
            let (r, i) = model.verdicts();
            (r, i, model.stories(), model.is_ready())
        }
        None => {
            let verdicts = store.backend().verdicts(
                &VerdictFilter {
                    topic: Some(topic.to_string()),
                    include_undone: false,
                },
                usize::MAX,
            )?;
            let r = verdicts.iter().filter(|v| v.relevant).count();
            (r, verdicts.len() - r, (r, verdicts.len() - r), false)
        }
    };
    let state = match mode {
        LearnMode::Off => "learn = \"off\": verdicts are kept, no model runs".to_string(),
        _ if ready => format!(
            "learn = \"{}\": the model acts (the running daemon retrains within seconds)",
            mode.key()
        ),
        _ => format!(
            "learn = \"{}\": the model acts from verdicts on {MIN_VERDICTS} stories with at least {MIN_EACH} of each kind ({})",
            mode.key(),
            still_needed(stories.0, stories.1)
        ),
    };
    Ok(format!(
        "{topic}: {relevant} relevant, {irrelevant} irrelevant (the verdicts and examples its query matches); {state}"
    ))
}

/// What a model with these verdicts still needs before it acts: "needs 2
/// more irrelevant", "needs 6 more, at least 1 relevant and 1 irrelevant".
fn still_needed(relevant: usize, irrelevant: usize) -> String {
    let more = MIN_VERDICTS.saturating_sub(relevant + irrelevant);
    let missing: Vec<(usize, &str)> = [
        (MIN_EACH.saturating_sub(relevant), "relevant"),
        (MIN_EACH.saturating_sub(irrelevant), "irrelevant"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .collect();
    match missing.as_slice() {
        [] if more == 0 => "enough verdicts".to_string(),
        [] => format!("needs {more} more"),
        // One kind short, and its shortfall covers the total.
        [(n, kind)] if more <= *n => format!("needs {n} more {kind}"),
        _ => {
            let kinds: Vec<String> = missing.iter().map(|(n, k)| format!("{n} {k}")).collect();
            format!("needs {more} more, at least {}", kinds.join(" and "))
        }
    }
}

fn undo(tool: &Tool, id: i64) -> anyhow::Result<ExitCode> {
    let store = tool.writable()?;
    let now = chrono::Utc::now().timestamp_millis();
    match store.backend().undo_verdict(id, now)? {
        Some(verdict) => {
            out!(
                "undone: verdict {id} on \"{}\" (topic {}, {})",
                verdict.title,
                verdict.topic,
                verdict_word(verdict.relevant)
            );
            out!("{}", topic_status(tool, &store, &verdict.topic)?);
            Ok(ExitCode::SUCCESS)
        }
        None => anyhow::bail!(
            "no verdict {id} in force (already undone or superseded, or no such id); `feedwatch feedback --all` lists them"
        ),
    }
}

/// A verdict as `--json` prints it.
#[derive(serde::Serialize)]
struct VerdictLine<'a> {
    #[serde(flatten)]
    verdict: &'a Verdict,
    created_at: Option<String>,
    undone_at: Option<String>,
    /// The later verdict on the same item and topic that replaced this one
    /// (then `undone_at` is when); absent when it was undone by hand.
    #[serde(skip_serializing_if = "Option::is_none")]
    superseded_by: Option<i64>,
    /// False for a verdict on an item the query does not match.
    learned: bool,
}

/// The verdict of `list` that replaced `v` (a new verdict on the same item
/// and topic takes the old one out of force at its own creation time).
/// The newer verdict is always in a newest-first list that holds `v`.
fn superseded_by(v: &Verdict, list: &[Verdict]) -> Option<i64> {
    let at = v.undone_at?;
    list.iter()
        .find(|w| w.id > v.id && w.topic == v.topic && w.item == v.item && w.created_at == at)
        .map(|w| w.id)
}

fn list(tool: &Tool, args: &FeedbackArgs) -> anyhow::Result<ExitCode> {
    let store = tool.read_only()?;
    let filter = VerdictFilter {
        topic: args.topic.clone(),
        include_undone: args.all,
    };
    let verdicts = store.backend().verdicts(&filter, args.limit)?;
    if args.json {
        let lines: Vec<VerdictLine> = verdicts
            .iter()
            .map(|verdict| VerdictLine {
                verdict,
                created_at: rfc3339(Some(verdict.created_at)),
                undone_at: rfc3339(verdict.undone_at),
                superseded_by: superseded_by(verdict, &verdicts),
                learned: learned_from(verdict),
            })
            .collect();
        out!("{}", serde_json::to_string_pretty(&lines)?);
        return Ok(ExitCode::SUCCESS);
    }
    let topics: Vec<&str> = match &args.topic {
        Some(topic) => vec![topic.as_str()],
        None => tool.config.topics.iter().map(|t| t.name.as_str()).collect(),
    };
    for topic in topics {
        out!("{}", topic_status(tool, &store, topic)?);
    }
    if verdicts.is_empty() {
        let more = if args.all {
            ""
        } else {
            " (`--all` also lists undone and superseded ones)"
        };
        out!(
            "no verdict in force: `feedwatch feedback ALERT_ID relevant|irrelevant` gives one{more}"
        );
        return Ok(ExitCode::SUCCESS);
    }
    for v in &verdicts {
        let undone = match (v.undone_at, superseded_by(v, &verdicts)) {
            (Some(_), Some(by)) => format!("  [superseded by verdict {by}]"),
            (Some(t), None) => format!("  [undone {}]", format_time(Some(t))),
            (None, _) => String::new(),
        };
        let unlearned = if learned_from(v) {
            ""
        } else {
            "  [not learned: the query does not match it]"
        };
        out!(
            "{:>5}  {}  {:<10} {:<20} #{} [{}] {}{undone}{unlearned}",
            v.id,
            format_time(Some(v.created_at)),
            verdict_word(v.relevant),
            v.topic,
            v.item,
            v.feed,
            v.title
        );
        if let Some(note) = &v.note {
            out!("       note: {note}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::still_needed;

    #[test]
    fn says_what_the_model_still_needs() {
        assert_eq!(
            still_needed(0, 0),
            "needs 12 more, at least 4 relevant and 4 irrelevant"
        );
        assert_eq!(still_needed(11, 1), "needs 3 more irrelevant");
        assert_eq!(still_needed(10, 0), "needs 4 more irrelevant");
        assert_eq!(still_needed(2, 8), "needs 2 more relevant");
        assert_eq!(still_needed(8, 2), "needs 2 more irrelevant");
        assert_eq!(
            still_needed(3, 3),
            "needs 6 more, at least 1 relevant and 1 irrelevant"
        );
        assert_eq!(still_needed(5, 5), "needs 2 more");
        assert_eq!(still_needed(8, 4), "enough verdicts");
    }
}
