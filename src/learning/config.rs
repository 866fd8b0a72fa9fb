//! A topic's learning settings: `learn = "off" | "suggest" | "filter"` and
//! the `examples` a user gives up front.

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Scope, Spanned};

/// What a topic's model may do with the items its query matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LearnMode {
    /// No model: every match alerts, verdicts are only recorded.
    Off,
    /// Every match alerts, marked with the model's probability and what it
    /// would have done, so a user sees it before trusting it.
    #[default]
    Suggest,
    /// Matches the model is confident are irrelevant are held back
    /// (stored as suppressed, never alerted).
    Filter,
}

impl LearnMode {
    pub const ALL: [LearnMode; 3] = [LearnMode::Off, LearnMode::Suggest, LearnMode::Filter];

    pub fn key(self) -> &'static str {
        match self {
            LearnMode::Off => "off",
            LearnMode::Suggest => "suggest",
            LearnMode::Filter => "filter",
        }
    }
}

/// An example a user gives a topic up front.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicExample {
    pub relevant: bool,
    pub source: ExampleSource,
    /// Where it is written in the config file.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExampleSource {
    /// A stored item: its id (`12`, `#12`), link or GUID.
    Item(String),
    /// A text: its first line is read as the title, the rest as the summary.
    Text(String),
}

/// `[[topic]] examples = [...]` entries as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    relevant: Option<bool>,
    item: Option<RawItem>,
    text: Option<String>,
}

/// An item named by id (a number) or by id, link or GUID (a string).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawItem {
    Id(i64),
    Text(String),
}

/// `learn`; an unknown mode is reported and the default kept.
pub fn parse_learn(raw: Option<&Spanned<String>>, scope: &mut Scope) -> LearnMode {
    let Some(raw) = raw else {
        return LearnMode::default();
    };
    let text = raw.get_ref().trim();
    match LearnMode::ALL.into_iter().find(|m| m.key() == text) {
        Some(mode) => mode,
        None => {
            let hint = crate::diagnostics::closest(text, LearnMode::ALL.iter().map(|m| m.key()))
                .map(|m| format!("; did you mean `{m}`?"))
                .unwrap_or_default();
            scope.push(
                raw.span(),
                "learn",
                format!("unknown mode `{text}`; expected `off`, `suggest` or `filter`{hint}"),
            );
            LearnMode::default()
        }
    }
}

/// `examples`: each needs `relevant` and exactly one of `item` or `text`;
/// every bad entry is reported at its own line and left out.
pub fn parse_examples(raw: &[Spanned<RawExample>], scope: &mut Scope) -> Vec<TopicExample> {
    let mut examples = Vec::new();
    for (i, example) in raw.iter().enumerate() {
        let key = format!("examples[{i}]");
        let value = example.get_ref();
        let Some(relevant) = value.relevant else {
            scope.push(
                example.span(),
                &key,
                "missing `relevant = true` or `relevant = false`",
            );
            continue;
        };
        let source = match (&value.item, &value.text) {
            (Some(RawItem::Id(id)), None) => ExampleSource::Item(id.to_string()),
            (Some(RawItem::Text(item)), None) if !item.trim().is_empty() => {
                ExampleSource::Item(item.trim().to_string())
            }
            (None, Some(text)) if !text.trim().is_empty() => {
                ExampleSource::Text(text.trim().to_string())
            }
            (Some(_), Some(_)) => {
                scope.push(
                    example.span(),
                    &key,
                    "give either `item` (an id, link or GUID) or `text`, not both",
                );
                continue;
            }
            _ => {
                scope.push(
                    example.span(),
                    &key,
                    "expected `item` (a stored item's id, link or GUID) or `text` (a headline, then optionally a summary on the next lines), not empty",
                );
                continue;
            }
        };
        examples.push(TopicExample {
            relevant,
            source,
            line: scope.line(&example.span()),
        });
    }
    examples
}
