//! Unit tests of the model on small synthetic verdicts.

use super::*;
use crate::topics::MatchedTerm;

fn doc_hit(title: &str, summary: &str) -> (String, String, TopicHit) {
    (
        title.to_string(),
        summary.to_string(),
        TopicHit {
            topic: "t".into(),
            matched: vec![MatchedTerm {
                term: "Pentagon".into(),
                field: "title".into(),
            }],
            snippet: String::new(),
            score: 9.0,
            concepts: 1,
            lead_concepts: 1,
        },
    )
}

fn example(id: usize, title: &str, summary: &str, relevant: bool) -> Example {
    let (t, s, hit) = doc_hit(title, summary);
    let no: Vec<String> = Vec::new();
    let doc = Document {
        title: &t,
        summary: &s,
        content: "",
        author: None,
        categories: &no,
        feed_name: "f",
        feed_tags: &no,
        link: None,
    };
    Example::new(format!("i{id}"), &doc, &hit, relevant)
}

fn training() -> Vec<Example> {
    let mut out = Vec::new();
    let vendors = [
        "OpenAI",
        "Anthropic",
        "Palantir",
        "Anduril",
        "Scale",
        "Helsing",
    ];
    let buyers = ["Army", "Navy", "Pentagon", "Air Force"];
    for i in 0..24 {
        let v = vendors[i % vendors.len()];
        let b = buyers[i % buyers.len()];
        out.push(example(
            i,
            &format!("{b} awards {v} AI contract"),
            &format!("The {b} signed a contract with {v} for AI tools worth ${i}m."),
            true,
        ));
    }
    for i in 0..6 {
        let v = vendors[i % vendors.len()];
        out.push(example(
            100 + i,
            &format!("Opinion: the {v} Pentagon contract is a mistake"),
            &format!("Critics argue the {v} AI contract with the Pentagon sets a bad precedent."),
            false,
        ));
    }
    out
}

fn probability(m: &Model, title: &str, summary: &str) -> f64 {
    m.probability(&example(999, title, summary, true).features)
}

#[test]
fn learns_and_decides_conservatively() {
    let m = Model::from_examples(training());
    assert!(m.is_ready());
    assert_eq!(m.verdicts(), (24, 6));
    let good = probability(
        &m,
        "Navy awards Helsing AI contract",
        "The Navy signed with Helsing.",
    );
    let bad = probability(
        &m,
        "Opinion: the Anduril Pentagon contract is a mistake",
        "Critics argue it sets a bad precedent.",
    );
    assert!(good > 0.9, "{good}");
    assert!(bad < SUPPRESS_BELOW, "{bad}");
    assert_eq!(m.decision(bad), Decision::Suppress);
    assert_eq!(m.decision(good), Decision::Keep);
}

#[test]
fn needs_enough_verdicts_of_each_kind() {
    let only_relevant: Vec<Example> = training().into_iter().filter(|e| e.relevant).collect();
    let m = Model::from_examples(only_relevant);
    assert!(!m.is_ready());
    assert_eq!(m.decision(0.0), Decision::Learning);
    let few: Vec<Example> = training().into_iter().skip(20).collect();
    let m = Model::from_examples(few);
    assert_eq!(m.verdicts(), (4, 6));
    assert!(!m.is_ready());
}

#[test]
fn deterministic_serializable_and_undoable() {
    let a = Model::from_examples(training());
    let b = Model::from_examples(training());
    assert_eq!(a, b);
    let json = serde_json::to_string(&a).unwrap_or_else(|e| panic!("{e}"));
    let back: Model = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    let f = &training()[0].features;
    assert_eq!(back.probability(f), a.probability(f));
    assert_eq!(back.familiarity(f), a.familiarity(f));
    // Recording then undoing a verdict gives back the same model.
    let mut c = a.clone();
    c.record(example(500, "Something else", "Entirely.", false));
    assert_ne!(c, a);
    assert!(c.forget("i500"));
    assert_eq!(c, a);
    assert!(!c.forget("i500"));
    // A verdict with the same id replaces the earlier one.
    c.record(example(0, "Army awards OpenAI AI contract", "x", false));
    assert_eq!(c.verdicts(), (23, 7));
}

#[test]
fn explains_with_top_features() {
    let m = Model::from_examples(training());
    let e = example(
        999,
        "Opinion: the Palantir Pentagon contract",
        "Critics argue.",
        true,
    );
    let p = m.explain_features(&e.features);
    assert_eq!(p.decision, m.decision(p.probability));
    assert!(!p.features.is_empty() && p.features.len() <= 8);
    assert!(
        p.features.windows(2).all(|w| w[0].1.abs() >= w[1].1.abs()),
        "{p:?}"
    );
    let text = p.to_string();
    assert!(
        text.contains("p(relevant)") && text.contains("prior"),
        "{text}"
    );
    assert!(
        p.features
            .iter()
            .any(|(n, e)| n.contains("critic") && *e < 0.0),
        "{text}"
    );
}

/// 400 verdicts of ~100 features each train (with the cross-validated
/// floor: six fits) in about 0.3 s in release builds on a busy 2-core
/// machine; the bound is only checked in optimized builds.
#[test]
fn trains_fast() {
    let examples: Vec<Example> = (0..400)
        .map(|i| {
            let words: Vec<String> = (0..40)
                .map(|j| format!("w{}", (i * 7 + j * 13) % 900))
                .collect();
            example(i, &words[..8].join(" "), &words[8..].join(" "), i % 5 != 0)
        })
        .collect();
    let start = std::time::Instant::now();
    let m = Model::from_examples(examples);
    let elapsed = start.elapsed();
    assert!(m.is_ready());
    println!("trained on 400 verdicts in {elapsed:?}");
    if !cfg!(debug_assertions) {
        assert!(elapsed.as_secs_f64() < 2.0, "{elapsed:?}");
    }
}

/// Held-out probabilities: `relevant` relevant verdicts at 0.9, the given
/// low relevant ones, and irrelevant ones at the given probabilities.
fn held(relevant: usize, low_relevant: &[f64], irrelevant: &[f64]) -> Vec<(f64, bool)> {
    let mut v: Vec<(f64, bool)> = (0..relevant).map(|_| (0.9, true)).collect();
    v.extend(low_relevant.iter().map(|p| (*p, true)));
    v.extend(irrelevant.iter().map(|p| (*p, false)));
    v
}

#[test]
fn threshold_is_the_floor_with_a_margin_when_the_verdicts_separate() {
    let (floor, cut) = threshold(&held(15, &[0.4], &[0.1, 0.2, 0.3]));
    assert_eq!(floor, 0.4);
    assert!((cut - CV_MARGIN * 0.4).abs() < 1e-12, "{cut}");
    // Never at or above SUPPRESS_BELOW, however high the floor.
    let (_, cut) = threshold(&held(15, &[], &[0.1, 0.2]));
    assert_eq!(cut, SUPPRESS_BELOW);
}

#[test]
fn one_unusual_relevant_verdict_does_not_stop_a_model_clearly_right() {
    // 18 relevant verdicts, one held out at 0.06; six irrelevant ones of
    // which five score under 0.25: 5 to 1 below 0.25, 1 of 19 relevant.
    let v = held(18, &[0.06], &[0.03, 0.05, 0.17, 0.2, 0.21, 0.34]);
    let (floor, cut) = threshold(&v);
    assert_eq!(floor, 0.06);
    assert_eq!(cut, 0.34);
    // The same with fewer irrelevant verdicts scored low: 2 to 1 is not
    // enough, the floor rules.
    let v = held(18, &[0.06], &[0.03, 0.05, 0.2, 0.6]);
    let (_, cut) = threshold(&v);
    assert!((cut - CV_MARGIN * 0.06).abs() < 1e-12, "{cut}");
    // Nor when more than 10% of the relevant verdicts would fall below.
    let v = held(
        8,
        &[0.06, 0.07],
        &[0.08, 0.1, 0.1, 0.1, 0.2, 0.3, 0.3, 0.3, 0.3],
    );
    let (_, cut) = threshold(&v);
    assert!((cut - CV_MARGIN * 0.06).abs() < 1e-12, "{cut}");
}

#[test]
fn acts_from_two_verdicts_of_each_kind() {
    let mut v: Vec<Example> = training().into_iter().filter(|e| e.relevant).collect();
    v.extend(
        training()
            .into_iter()
            .filter(|e| !e.relevant)
            .take(MIN_EACH),
    );
    let m = Model::from_examples(v);
    assert_eq!(m.verdicts(), (24, MIN_EACH));
    assert!(m.is_ready());
}

#[test]
fn reports_of_one_story_count_once() {
    // Four irrelevant stories and eight relevant verdicts, five of them on
    // reports of one budget: twelve verdicts, but eight stories.
    let mut examples: Vec<Example> = (0..4)
        .map(|i| {
            example(
                100 + i,
                &format!("Poll {i} on defense"),
                "An opinion poll.",
                false,
            )
        })
        .collect();
    for i in 0..5 {
        examples.push(
            example(
                200 + i,
                "France raises its defense budget",
                "Paris adds 6.7 billion.",
                true,
            )
            .in_group("story:france"),
        );
    }
    for i in 0..3 {
        examples.push(example(
            300 + i,
            &format!("Budget {i} for the army"),
            "A budget.",
            true,
        ));
    }
    let model = Model::from_examples(examples.clone());
    assert_eq!(model.verdicts(), (8, 4));
    assert_eq!(model.stories(), (4, 4));
    assert!(!model.is_ready(), "eight stories are not enough");
    // Without the group, the same twelve verdicts would do.
    let ungrouped = examples.into_iter().map(|mut e| {
        e.group = None;
        e
    });
    assert!(Model::from_examples(ungrouped).is_ready());
}

#[test]
fn cross_validation_holds_a_story_out_whole() {
    // A story's reports vouch for each other when the folds split them:
    // held out alone, a report of the one relevant story is scored by a
    // model trained on its twins; held out with them, by a model that never
    // saw that story.
    let mut examples: Vec<Example> = (0..8)
        .map(|i| {
            example(
                i,
                &format!("Celebrity {i} gossip"),
                "Nothing to see.",
                false,
            )
        })
        .collect();
    for i in 0..5 {
        examples.push(
            example(50 + i, "Zorblat budget", "The Zorblat budget grows.", true)
                .in_group("story:zorblat"),
        );
    }
    let grouped = held_out(&examples);
    let ungrouped: Vec<Example> = examples
        .iter()
        .cloned()
        .map(|mut e| {
            e.group = None;
            e
        })
        .collect();
    let split = held_out(&ungrouped);
    let relevant_p = |h: &[(f64, bool)]| {
        h.iter()
            .filter(|(_, r)| *r)
            .map(|(p, _)| *p)
            .fold(1.0f64, f64::min)
    };
    assert!(
        relevant_p(&grouped) < relevant_p(&split),
        "held out whole, the story's reports look new: {} against {}",
        relevant_p(&grouped),
        relevant_p(&split)
    );
}

#[test]
fn an_item_unlike_every_verdict_is_never_held_back() {
    let m = Model::from_examples(training());
    assert!(m.is_ready());
    let familiar = example(
        900,
        "Opinion: the Anduril Pentagon contract is a mistake",
        "Critics argue it sets a bad precedent.",
        false,
    )
    .features;
    let foreign = example(
        901,
        "Le gendarme de la vie privée frappe une pépite lyonnaise",
        "La Commission nationale inflige une amende de neuf millions d'euros.",
        false,
    )
    .features;
    assert!(
        m.familiarity(&familiar).0 >= MIN_FAMILIAR,
        "{:?}",
        m.familiarity(&familiar)
    );
    assert!(
        m.familiarity(&foreign).0 < MIN_FAMILIAR,
        "{:?}",
        m.familiarity(&foreign)
    );
    // Whatever the probability: an unfamiliar item is kept, and `explain`
    // says why.
    assert_eq!(
        m.decision_for(m.familiarity(&familiar), 0.01),
        Decision::Suppress
    );
    assert_eq!(
        m.decision_for(m.familiarity(&foreign), 0.01),
        Decision::Keep
    );
    let explained = m.explain_features(&foreign).to_string();
    if m.probability(&foreign) < m.threshold() {
        assert!(explained.contains("too unlike"), "{explained}");
    }
    // A model not ready still only learns.
    let learning = Model::from_examples(training().into_iter().skip(20));
    assert_eq!(
        learning.decision_for(learning.familiarity(&foreign), 0.01),
        Decision::Learning
    );
}

#[test]
fn an_item_whose_words_lean_towards_relevant_verdicts_is_kept() {
    let m = Model::from_examples(training());
    assert!(m.is_ready());
    // Words of the relevant verdicts only ("awards", "signed", "tools"):
    // kept even at a low probability.
    let relevant_like = example(
        902,
        "Navy awards Scale AI contract",
        "The Navy signed a contract with Scale for AI tools worth $7m.",
        true,
    )
    .features;
    let (familiar, lean) = m.familiarity(&relevant_like);
    assert!(
        familiar >= MIN_FAMILIAR && lean >= MAX_LEAN,
        "{familiar} {lean}"
    );
    assert_eq!(m.decision_for((familiar, lean), 0.01), Decision::Keep);
    // Words of both kinds ("Opinion", "Critics" as well as "contract"):
    // held back at a low probability.
    let both = example(
        903,
        "Opinion: the Scale Pentagon contract is a mistake",
        "Critics argue the Scale AI contract with the Pentagon sets a bad precedent.",
        false,
    )
    .features;
    let (familiar, lean) = m.familiarity(&both);
    assert!(
        familiar >= MIN_FAMILIAR && lean < MAX_LEAN,
        "{familiar} {lean}"
    );
    assert_eq!(m.decision_for((familiar, lean), 0.01), Decision::Suppress);
    // `explain` says why a low-scored item was kept.
    let mut prediction = m.explain_features(&relevant_like);
    prediction.probability = prediction.threshold / 2.0;
    prediction.decision = Decision::Keep;
    let explained = prediction.to_string();
    assert!(
        explained.contains("much more like the relevant"),
        "{explained}"
    );
}
