//! Explanations: how each node of a topic's query evaluated against one
//! document, for `feedwatch test-topic` and for debugging alerts.
//!
//! Invariant: built from the same per-leaf hits as matching (`eval.rs`), so
//! `Explanation::matched` always agrees with `TopicSet::match_document`, and
//! the contributions add up to the score.

use super::ast::Field;
use super::compile::{CNode, Leaf};
use super::eval::{Hit, value};
use std::fmt;

/// The evaluation of one topic against one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub topic: String,
    /// Whether the topic matches (boolean query and, if set, `min_score`).
    pub matched: bool,
    /// Whether the boolean query alone matches.
    pub boolean_matched: bool,
    pub score: f64,
    pub min_score: Option<f64>,
    pub root: ExplainNode,
    /// What the score is made of: `score` is the sum of `count * weight`
    /// over these (empty when the boolean query does not match).
    pub contributions: Vec<Contribution>,
}

/// One part of a score.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Contribution {
    pub kind: ContributionKind,
    /// The term as written with its field (`title:NATO`, `@ai NEAR/10
    /// @defense`), or the required concept for a lead bonus.
    pub term: String,
    /// Where it counted: "title", "lead" (the lead sentence; for a concept,
    /// the title or the lead sentence), or another field's name.
    pub field: String,
    /// Occurrences counted (capped), 1 for a concept.
    pub count: usize,
    /// Points per occurrence.
    pub weight: f64,
}

/// The two kinds of score contributions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContributionKind {
    /// Occurrences of a term in one place.
    Occurrences,
    /// A required concept (top-level AND operand) present in the lead.
    LeadConcept,
}

impl Contribution {
    /// `count * weight`.
    pub fn points(&self) -> f64 {
        self.count as f64 * self.weight
    }
}

/// One node of the query tree and how it evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct ExplainNode {
    /// "AND", "OR", "NOT", or the alias or term as written with its field
    /// (`lead:@ai`, `title:NATO`).
    pub label: String,
    pub matched: bool,
    /// For terms: the fields where it matched.
    pub fields: Vec<String>,
    pub children: Vec<ExplainNode>,
}

pub(crate) fn explain_tree(node: &CNode, leaves: &[Leaf], hits: &[Vec<Hit>]) -> ExplainNode {
    let matched = value(node, hits);
    let (label, children) = match node {
        CNode::Leaf(i) => {
            let label = leaves
                .get(*i)
                .map_or_else(String::new, |l| l.full_label.clone());
            let mut fields = Vec::new();
            for f in Field::ALL {
                if hits.get(*i).is_some_and(|h| h.iter().any(|x| x.field == f)) {
                    fields.push(f.name().to_string());
                }
            }
            return ExplainNode {
                label,
                matched,
                fields,
                children: Vec::new(),
            };
        }
        CNode::And(c) => ("AND".to_string(), c.iter().collect::<Vec<_>>()),
        CNode::Or(c) => ("OR".to_string(), c.iter().collect()),
        CNode::Not(n) => ("NOT".to_string(), vec![n.as_ref()]),
        CNode::Alias(label, body) => (label.clone(), vec![body.as_ref()]),
    };
    ExplainNode {
        label,
        matched,
        fields: Vec::new(),
        children: children
            .into_iter()
            .map(|c| explain_tree(c, leaves, hits))
            .collect(),
    }
}

impl ExplainNode {
    /// The part as a query would say it: `title:NATO`, `@ai`,
    /// `(Pentagon OR NATO)`, `-title:@opinion`.
    pub fn describe(&self) -> String {
        let joined = |sep: &str| {
            let parts: Vec<String> = self.children.iter().map(ExplainNode::describe).collect();
            format!("({})", parts.join(sep))
        };
        match self.label.as_str() {
            "AND" => joined(" AND "),
            "OR" => joined(" OR "),
            "NOT" => format!(
                "-{}",
                self.children
                    .first()
                    .map_or_else(String::new, ExplainNode::describe)
            ),
            _ => self.label.clone(),
        }
    }

    /// For a query whose top level is an AND that does not hold: the one
    /// required part that fails, when every other part holds (exclusions
    /// included) and the failing part is not an exclusion. `None` when the
    /// query holds, fails on an exclusion or on two parts or more, or is
    /// not an AND.
    pub fn only_missing_part(&self) -> Option<&ExplainNode> {
        if self.label != "AND" || self.matched {
            return None;
        }
        let mut failing = self.children.iter().filter(|c| !c.matched);
        match (failing.next(), failing.next()) {
            (Some(part), None) if part.label != "NOT" => Some(part),
            _ => None,
        }
    }

    fn write(&self, f: &mut fmt::Formatter<'_>, depth: usize) -> fmt::Result {
        let mark = if self.matched { '✓' } else { '✗' };
        write!(f, "{:indent$}{mark} {}", "", self.label, indent = depth * 2)?;
        if !self.fields.is_empty() {
            write!(f, " ({})", self.fields.join(", "))?;
        }
        writeln!(f)?;
        self.children.iter().try_for_each(|c| c.write(f, depth + 1))
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = if self.matched {
            "matches"
        } else {
            "does not match"
        };
        write!(f, "topic '{}' {verdict} (score {}", self.topic, self.score)?;
        if let Some(m) = self.min_score {
            write!(f, ", min_score {m}")?;
            if self.boolean_matched && !self.matched {
                f.write_str(": query matched but score too low")?;
            }
        }
        writeln!(f, ")")?;
        self.root.write(f, 0)?;
        if !self.contributions.is_empty() {
            writeln!(f, "score:")?;
        }
        for c in &self.contributions {
            match c.kind {
                ContributionKind::Occurrences => writeln!(
                    f,
                    "  {:>5} {} in {} ({} x {})",
                    format!("+{}", c.points()),
                    c.term,
                    c.field,
                    c.count,
                    c.weight
                )?,
                ContributionKind::LeadConcept => writeln!(
                    f,
                    "  {:>5} concept {} in the lead",
                    format!("+{}", c.points()),
                    c.term
                )?,
            }
        }
        Ok(())
    }
}
