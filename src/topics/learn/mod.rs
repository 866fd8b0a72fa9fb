//! Topics that learn: a small per-topic model, trained on the user's
//! verdicts ("relevant" / "irrelevant") on items the topic's query matched,
//! that estimates how likely a new match is to be relevant, and a decision
//! rule that holds an item back only when the model is confident.
//!
//! **Model.** L2-regularized logistic regression over binary features (see
//! [`features`]: stemmed words and word pairs of the title and summary, the
//! words of the lead marked separately, the query terms that matched, where,
//! and whether they are in the lead, how many of the query's required
//! concepts the lead holds, and the score bucket). Text features are scaled
//! so each item's text vector has unit length (long and short items weigh
//! alike); the three features that describe how the query matched
//! (`lead_share:`, `lead_concepts:`, `score:`) count 1, so "the topic is
//! only mentioned further down" can be learned from a handful of verdicts. Training
//! minimizes the mean log loss plus `LAMBDA / 2 * |w|^2` (the bias is not
//! regularized) by full-batch gradient descent (Nesterov-accelerated) from
//! all-zero weights for a fixed number of steps: no randomness, so the same
//! verdicts always give the same model. A few hundred verdicts train in a
//! fraction of a second (400: about 0.3 s in release builds, the
//! cross-validation below included), so the model simply retrains after
//! every verdict ([`Model::record`], and [`Model::forget`] for an undone
//! one); it keeps its examples and serializes (serde) with them, so the
//! store can persist it, or rebuild it from stored verdicts at start.
//!
//! **Decision rule** ([`Model::decide`]). The model acts only once it has
//! verdicts on at least [`MIN_VERDICTS`] stories, at least [`MIN_EACH`] of
//! each kind (verdicts on reports of one story, [`Example::group`], count
//! once: five reports of one budget are one thing learned, not five). It
//! then suppresses an item only when its probability of being relevant is
//! below [`Model::threshold`], which 5-fold cross-validation sets at each
//! retraining (every verdict scored by a model trained without it, nor
//! without the other reports of its story):
//! - never at or above [`SUPPRESS_BELOW`] = 0.5: the model must find the
//!   item more likely irrelevant than relevant;
//! - up to 95% ([`CV_MARGIN`]) of the floor, the lowest probability any
//!   held-out relevant verdict gets: below it, no relevant verdict would
//!   have been held back;
//! - higher only where the held-out verdicts show the model is right by a
//!   wide margin: below the threshold, irrelevant verdicts outnumber
//!   relevant ones at least [`CV_ODDS`] (4) to 1, and at most
//!   [`CV_RECALL_BUDGET`] (10%) of the relevant verdicts fall there. One
//!   unusual relevant verdict then no longer stops a model that is
//!   otherwise clearly right from acting.
//!
//! Whatever its probability, an item is kept unless at least
//! [`MIN_FAMILIAR`] of its words and word pairs occur in the verdicts: the
//! model is confident only about items like those it was shown. And it is
//! kept when its words lean towards the relevant verdicts: when the share
//! of them found in relevant verdicts exceeds the share found in
//! irrelevant ones by [`MAX_LEAN`] or more. A relevant report the model
//! scores low (a German report among English verdicts, a round-up) still
//! shares many more words with the relevant verdicts than with the
//! irrelevant ones; a false alert shares about as many with both.
//!
//! This calibrates "confident" to the topic: a model whose relevant
//! verdicts look like its irrelevant ones gets a low threshold and rarely
//! acts. Recall matters more than precision here: a suppressed relevant item
//! is a missed alert, a kept irrelevant one a nuisance.
//!
//! **Invariant:** pure. No IO, no clock, no randomness.

mod features;

pub use features::{Features, features};

use super::{Document, TopicHit};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Fewest stories judged before the model may suppress anything.
pub const MIN_VERDICTS: usize = 12;
/// Fewest stories judged of each kind (relevant, irrelevant) before it may.
/// (Counted in stories since a fortnight of unseen news gave one topic 7
/// relevant verdicts, 5 of them on reports of one budget: ready, its
/// cross-validation vouched for it, and it held back two relevant reports
/// of other budgets.) From
/// two or three irrelevant verdicts the model learns too much from what
/// they happen to share: on a fortnight of news it had not seen, three
/// relevant examples given up front made two topics' models ready with 2
/// and 3 irrelevant verdicts, and they held back 5 of 14 relevant items
/// (every irrelevant verdict had one score bucket, no relevant one had it).
pub const MIN_EACH: usize = 4;
/// An item is never suppressed at or above this probability of being
/// relevant (the model must find it more likely irrelevant than relevant).
pub const SUPPRESS_BELOW: f64 = 0.5;
/// ... and only below this share of the model's cross-validated floor: the
/// lowest probability it gives any relevant verdict when that verdict is
/// held out (5-fold cross-validation).
pub const CV_MARGIN: f64 = 0.95;
/// The threshold may rise above the floor only to a probability below
/// which held-out irrelevant verdicts outnumber relevant ones this much ...
pub const CV_ODDS: f64 = 4.0;
/// ... and below which at most this share of the relevant verdicts fall.
pub const CV_RECALL_BUDGET: f64 = 0.1;
/// An item is held back only when at least this share of its words and
/// word pairs occur in the verdicts the model learned from: of an item
/// unlike any it was shown (another language, another subject) the model
/// knows nothing but how the query matched, which is not confidence. (On
/// a fortnight of unseen news, a topic's model trained on English verdicts
/// held back a French report of a regulator's fine at p = 0.02.)
pub const MIN_FAMILIAR: f64 = 0.25;
/// ... and only when its words lean no more towards the relevant verdicts
/// than this: the share of its words and word pairs found in relevant
/// verdicts, less the share found in irrelevant ones, is below it. (Over a
/// year of labeled news with broad queries, the items the models held back
/// in the second half scored -0.2 to 0.3 on it: false alerts mostly 0 to
/// 0.2, relevant items mostly 0.1 to 0.4. At 0.2 the models held back 19
/// relevant items instead of 47 and 160 false alerts instead of 169;
/// BENCHMARKS.md, "A year of verdicts".)
pub const MAX_LEAN: f64 = 0.2;

/// L2 regularization strength.
const LAMBDA: f64 = 1e-3;
/// Accelerated gradient descent: step size and number of steps.
const STEP: f64 = 4.0;
const STEPS: usize = 150;
/// Folds of the cross-validation that calibrates the threshold.
const FOLDS: usize = 5;
/// Features listed in an explanation.
const EXPLAIN_TOP: usize = 8;

/// One verdict: an item's features and whether it was relevant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Example {
    /// Identifies the verdict (e.g. the item or alert id), so it can be
    /// replaced or undone.
    pub id: String,
    pub features: Features,
    pub relevant: bool,
    /// The story of the judged item, when known: verdicts on reports of one
    /// story count as one towards readiness and are held out together by
    /// the cross-validation (none: the verdict is a story of its own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

impl Example {
    /// The example for a matched item.
    pub fn new(id: impl Into<String>, doc: &Document, hit: &TopicHit, relevant: bool) -> Example {
        Example {
            id: id.into(),
            features: features(doc, hit),
            relevant,
            group: None,
        }
    }

    /// The same verdict, on an item of story `group`.
    pub fn in_group(mut self, group: impl Into<String>) -> Example {
        self.group = Some(group.into());
        self
    }

    /// Its story, or its own id when the story is not known.
    fn group_key(&self) -> &str {
        self.group.as_deref().unwrap_or(&self.id)
    }
}

/// A per-topic model and the verdicts it was trained on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Model {
    examples: Vec<Example>,
    weights: BTreeMap<String, f64>,
    bias: f64,
    #[serde(default)]
    cv_floor: f64,
    /// The suppression threshold (see the module docs).
    #[serde(default)]
    cut: f64,
    /// Whether it has judged enough stories to act, as of its last
    /// training: read for every match it judges, so not recounted there.
    #[serde(default)]
    ready: bool,
    /// The verdicts' text features: bit 0 set when a relevant verdict has
    /// it, bit 1 when an irrelevant one does (see [`MAX_LEAN`]). Rebuilt
    /// by every training; serialized, so a model read back decides alike.
    #[serde(default)]
    seen: BTreeMap<String, u8>,
}

/// What the model does with a matched item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Not enough verdicts yet: the item goes out.
    Learning,
    /// The item goes out.
    Keep,
    /// The model is confident the item is irrelevant: hold it back.
    Suppress,
}

/// A prediction and what decided it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prediction {
    /// Probability that the item is relevant.
    pub probability: f64,
    pub decision: Decision,
    /// The model's prior log-odds (its bias).
    pub bias: f64,
    /// The item's features with the largest effect on the log-odds, with
    /// that effect (weight times the feature's value), largest first.
    pub features: Vec<(String, f64)>,
    /// Verdicts the model was trained on: (relevant, irrelevant).
    pub verdicts: (usize, usize),
    /// The share of the item's words and word pairs the verdicts contain
    /// (see [`MIN_FAMILIAR`]).
    pub familiar: f64,
    /// The share found in relevant verdicts less the share found in
    /// irrelevant ones (see [`MAX_LEAN`]).
    pub lean: f64,
    /// The probability below which the model holds an item back (0 while
    /// it is learning).
    pub threshold: f64,
}

impl Model {
    /// A model without verdicts (it never suppresses).
    pub fn new() -> Model {
        Model::default()
    }

    /// Trains a model on verdicts (a later example replaces an earlier one
    /// with the same id).
    pub fn from_examples(examples: impl IntoIterator<Item = Example>) -> Model {
        let mut model = Model::new();
        for e in examples {
            model.insert(e);
        }
        model.train();
        model
    }

    fn insert(&mut self, example: Example) {
        match self.examples.iter_mut().find(|e| e.id == example.id) {
            Some(e) => *e = example,
            None => self.examples.push(example),
        }
    }

    /// Adds a verdict (replacing any earlier one with the same id) and
    /// retrains.
    pub fn record(&mut self, example: Example) {
        self.insert(example);
        self.train();
    }

    /// Removes a verdict (an undone one) and retrains; false if there was
    /// none with that id.
    pub fn forget(&mut self, id: &str) -> bool {
        let before = self.examples.len();
        self.examples.retain(|e| e.id != id);
        let removed = self.examples.len() != before;
        if removed {
            self.train();
        }
        removed
    }

    /// The verdicts, in the order they were first given.
    pub fn examples(&self) -> &[Example] {
        &self.examples
    }

    /// Number of (relevant, irrelevant) verdicts.
    pub fn verdicts(&self) -> (usize, usize) {
        let relevant = self.examples.iter().filter(|e| e.relevant).count();
        (relevant, self.examples.len() - relevant)
    }

    /// Number of (relevant, irrelevant) stories judged: verdicts on reports
    /// of one story count once (see [`Example::group`]).
    pub fn stories(&self) -> (usize, usize) {
        let count = |relevant: bool| {
            self.examples
                .iter()
                .filter(|e| e.relevant == relevant)
                .map(Example::group_key)
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        };
        (count(true), count(false))
    }

    /// Whether the model has enough verdicts to act (see the module docs).
    pub fn is_ready(&self) -> bool {
        self.ready
    }

    /// Probability that an item with these features is relevant.
    pub fn probability(&self, features: &Features) -> f64 {
        sigmoid(self.log_odds(features))
    }

    /// Probability that a matched item is relevant.
    pub fn predict(&self, doc: &Document, hit: &TopicHit) -> f64 {
        self.probability(&features(doc, hit))
    }

    /// What to do with a matched item.
    pub fn decide(&self, doc: &Document, hit: &TopicHit) -> Decision {
        let features = features(doc, hit);
        self.decision_for(self.familiarity(&features), self.probability(&features))
    }

    /// The decision for an item's familiarity ([`Model::familiarity`]) and
    /// probability: an item the model finds unfamiliar is kept whatever its
    /// probability.
    fn decision_for(&self, (familiar, lean): (f64, f64), probability: f64) -> Decision {
        match self.decision(probability) {
            Decision::Suppress if familiar < MIN_FAMILIAR || lean >= MAX_LEAN => Decision::Keep,
            decision => decision,
        }
    }

    /// The share of the item's text features (words and word pairs, not
    /// how the query matched) that occur in the verdicts (1 for none), and
    /// how far they lean towards the relevant ones: the share found in
    /// relevant verdicts less the share found in irrelevant ones (0 for
    /// none; see [`MIN_FAMILIAR`] and [`MAX_LEAN`]).
    pub fn familiarity(&self, features: &Features) -> (f64, f64) {
        let (mut total, mut known, mut relevant, mut irrelevant) = (0usize, 0usize, 0usize, 0usize);
        for name in features.names().iter().filter(|n| !is_structural(n)) {
            total += 1;
            // Known from the weights, which a deserialized model keeps.
            known += usize::from(self.weights.contains_key(name.as_str()));
            let seen = self.seen.get(name.as_str()).copied().unwrap_or(0);
            relevant += usize::from(seen & 1 != 0);
            irrelevant += usize::from(seen & 2 != 0);
        }
        if total == 0 {
            return (1.0, 0.0);
        }
        let share = |n: usize| n as f64 / total as f64;
        (share(known), share(relevant) - share(irrelevant))
    }

    /// The decision for a probability (see the module docs).
    pub fn decision(&self, probability: f64) -> Decision {
        if !self.is_ready() {
            Decision::Learning
        } else if probability < self.threshold() {
            Decision::Suppress
        } else {
            Decision::Keep
        }
    }

    /// The prediction for a matched item with the features that decided it.
    pub fn explain(&self, doc: &Document, hit: &TopicHit) -> Prediction {
        self.explain_features(&features(doc, hit))
    }

    /// [`Model::explain`] from precomputed features.
    pub fn explain_features(&self, features: &Features) -> Prediction {
        let mut effects: Vec<(String, f64)> = values(features)
            .filter_map(|(n, x)| self.weights.get(n).map(|w| (n.to_string(), w * x)))
            .filter(|(_, e)| *e != 0.0)
            .collect();
        effects.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
        effects.truncate(EXPLAIN_TOP);
        let probability = self.probability(features);
        let (familiar, lean) = self.familiarity(features);
        Prediction {
            probability,
            decision: self.decision_for((familiar, lean), probability),
            familiar,
            lean,
            threshold: if self.is_ready() {
                self.threshold()
            } else {
                0.0
            },
            bias: self.bias,
            features: effects,
            verdicts: self.verdicts(),
        }
    }

    fn log_odds(&self, features: &Features) -> f64 {
        log_odds(&self.weights, self.bias, features)
    }

    /// The cross-validated floor (see [`CV_MARGIN`]).
    pub fn cv_floor(&self) -> f64 {
        self.cv_floor
    }

    /// The probability below which a ready model suppresses an item (see
    /// the module docs).
    pub fn threshold(&self) -> f64 {
        self.cut
    }

    /// Fits the weights, then the cross-validated threshold.
    fn train(&mut self) {
        let (weights, bias) = fit(&self.examples);
        self.weights = weights;
        self.bias = bias;
        self.seen.clear();
        for e in &self.examples {
            let bit = if e.relevant { 1 } else { 2 };
            for name in e.features.names().iter().filter(|n| !is_structural(n)) {
                *self.seen.entry(name.clone()).or_insert(0) |= bit;
            }
        }
        // The threshold only matters once the model may act.
        let (r, i) = self.stories();
        self.ready = r + i >= MIN_VERDICTS && r >= MIN_EACH && i >= MIN_EACH;
        (self.cv_floor, self.cut) = if self.ready {
            threshold(&held_out(&self.examples))
        } else {
            (0.0, 0.0)
        };
    }
}

/// Full-batch gradient descent from zero (see the module docs).
fn fit<'a>(
    examples: impl IntoIterator<Item = &'a Example> + Clone,
) -> (BTreeMap<String, f64>, f64) {
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for e in examples.clone() {
        for n in e.features.names() {
            index.entry(n.as_str()).or_insert(0);
        }
    }
    for (i, v) in index.values_mut().enumerate() {
        *v = i;
    }
    // Rows in compressed sparse form: row `r` is `cols/vals[start[r]..start[r + 1]]`.
    let (mut cols, mut vals, mut start, mut ys) = (Vec::new(), Vec::new(), vec![0], Vec::new());
    for e in examples {
        for (name, x) in values(&e.features) {
            if let Some(c) = index.get(name) {
                cols.push(*c);
                vals.push(x);
            }
        }
        start.push(cols.len());
        ys.push(if e.relevant { 1.0 } else { 0.0 });
    }
    if ys.is_empty() {
        return (BTreeMap::new(), 0.0);
    }
    let n = ys.len() as f64;
    // Nesterov-accelerated gradient descent: `w`, `b` are the iterates,
    // `v`, `vb` the look-ahead points where the gradient is taken.
    let mut w = vec![0.0f64; index.len()];
    let mut b = 0.0f64;
    let (mut v, mut vb) = (w.clone(), b);
    let mut grad = vec![0.0f64; w.len()];
    for step in 0..STEPS {
        grad.iter_mut().zip(&v).for_each(|(g, v)| *g = LAMBDA * v);
        let mut grad_b = 0.0;
        for (r, y) in ys.iter().enumerate() {
            let (s, e) = (start[r], start[r + 1]);
            let (rc, rv) = (&cols[s..e], &vals[s..e]);
            let z = vb + rc.iter().zip(rv).map(|(c, x)| v[*c] * x).sum::<f64>();
            let err = (sigmoid(z) - y) / n;
            grad_b += err;
            for (c, x) in rc.iter().zip(rv) {
                grad[*c] += err * x;
            }
        }
        let momentum = step as f64 / (step as f64 + 3.0);
        let nb = vb - STEP * grad_b;
        vb = nb + momentum * (nb - b);
        b = nb;
        for ((w, v), g) in w.iter_mut().zip(v.iter_mut()).zip(&grad) {
            let nw = *v - STEP * g;
            *v = nw + momentum * (nw - *w);
            *w = nw;
        }
    }
    let weights = index
        .into_iter()
        .map(|(name, i)| (name.to_string(), w[i]))
        .filter(|(_, w)| *w != 0.0)
        .collect();
    (weights, b)
}

fn log_odds(weights: &BTreeMap<String, f64>, bias: f64, features: &Features) -> f64 {
    bias + values(features)
        .filter_map(|(n, x)| weights.get(n).map(|w| w * x))
        .sum::<f64>()
}

/// Each verdict's probability of being relevant from a model trained
/// without it, with its label: `FOLDS`-fold cross-validation over stories,
/// the `k`-th story judged (in the order of its first verdict) in fold
/// `k % FOLDS`, so that a model is never scored on a report of a story
/// whose other reports it was trained on (five reports of one budget would
/// vouch for each other).
fn held_out(examples: &[Example]) -> Vec<(f64, bool)> {
    let mut order: BTreeMap<&str, usize> = BTreeMap::new();
    let folds: Vec<usize> = examples
        .iter()
        .map(|e| {
            let next = order.len();
            *order.entry(e.group_key()).or_insert(next) % FOLDS
        })
        .collect();
    let mut out = Vec::with_capacity(examples.len());
    for fold in 0..FOLDS {
        let train = examples
            .iter()
            .zip(&folds)
            .filter(|(_, f)| **f != fold)
            .map(|(e, _)| e);
        let (w, b) = fit(train);
        for (e, _) in examples.iter().zip(&folds).filter(|(_, f)| **f == fold) {
            out.push((sigmoid(log_odds(&w, b, &e.features)), e.relevant));
        }
    }
    out
}

/// The floor and the threshold from held-out probabilities (see the
/// module docs).
fn threshold(held_out: &[(f64, bool)]) -> (f64, f64) {
    let floor = held_out
        .iter()
        .filter(|(_, relevant)| *relevant)
        .map(|(p, _)| *p)
        .fold(1.0f64, f64::min);
    let mut cut = SUPPRESS_BELOW.min(CV_MARGIN * floor);
    let relevant = held_out.iter().filter(|(_, r)| *r).count() as f64;
    for &(t, _) in held_out {
        if t > SUPPRESS_BELOW || t <= cut {
            continue;
        }
        let below = |kind: bool| {
            held_out
                .iter()
                .filter(|(p, r)| *r == kind && *p < t)
                .count() as f64
        };
        let (r, i) = (below(true), below(false));
        if r >= 1.0 && r <= CV_RECALL_BUDGET * relevant && i >= CV_ODDS * r {
            cut = t;
        }
    }
    (floor, cut)
}

/// Each feature of an item with its value: 1 for the few features
/// describing how the query matched (`lead_share:`, `lead_concepts:`,
/// `score:`), so they can weigh as much as the whole text; 1 / sqrt(number
/// of text features) for the others, so a long item weighs as much as a
/// short one.
/// Whether a feature describes how the query matched, not the item's text.
fn is_structural(name: &str) -> bool {
    name.starts_with("lead_share:")
        || name.starts_with("lead_concepts:")
        || name.starts_with("score:")
}

fn values(features: &Features) -> impl Iterator<Item = (&str, f64)> {
    let n_text = features
        .names()
        .iter()
        .filter(|n| !is_structural(n))
        .count();
    let scale = 1.0 / (n_text.max(1) as f64).sqrt();
    features.names().iter().map(move |n| {
        let x = if is_structural(n) { 1.0 } else { scale };
        (n.as_str(), x)
    })
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

impl fmt::Display for Prediction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.decision {
            Decision::Learning => "learning (too few verdicts to act)",
            Decision::Keep if self.familiar < MIN_FAMILIAR => {
                "kept (too unlike the items judged to hold back)"
            }
            Decision::Keep if self.lean >= MAX_LEAN && self.probability < self.threshold => {
                "kept (its words are much more like the relevant verdicts' than the irrelevant \
                 ones')"
            }
            Decision::Keep => "kept",
            Decision::Suppress => "suppressed",
        };
        writeln!(
            f,
            "model: p(relevant) = {:.2}, {what}; holds back only below its threshold ({}, at \
             most {SUPPRESS_BELOW}) after {} verdicts ({} relevant, {} irrelevant)",
            self.probability,
            if self.decision == Decision::Learning {
                "none yet".to_string()
            } else {
                format!("{:.2}", self.threshold)
            },
            self.verdicts.0 + self.verdicts.1,
            self.verdicts.0,
            self.verdicts.1
        )?;
        writeln!(f, "  {:+.2} prior", self.bias)?;
        for (name, effect) in &self.features {
            writeln!(f, "  {effect:+.2} {name}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
