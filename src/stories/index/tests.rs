use super::*;
use crate::stories::{Conflicts, Match, Miss};

const HOUR: i64 = 3_600_000;

#[test]
fn round_half_up_is_round() {
    // Every 997th float from 0 to 300 and the floats around each half,
    // plus odd values.
    let mut values: Vec<f32> = (0..=f32::to_bits(300.0))
        .step_by(997)
        .map(f32::from_bits)
        .collect();
    for half in 0..600 {
        let x = half as f32 / 2.0;
        values.extend([x, x.next_down(), x.next_up()]);
    }
    values.extend([-0.0, -0.4, -0.5, -3.0, f32::NAN, f32::INFINITY]);
    values.extend([f32::NEG_INFINITY, 1e30, 0.499_999_97, 0.5, 254.5]);
    for x in values {
        assert_eq!(round_half_up(x), x.round() as u8, "{x:?}");
    }
    for w in [
        0.0,
        0.2,
        0.35,
        0.7,
        1.0,
        1.6,
        2.56,
        2.6,
        3.0,
        -1.0,
        f32::NAN,
    ] {
        let q = (w.clamp(0.0, W_MAX) / W_MAX * 63.0).round() as u8;
        assert_eq!(quantize(w), q, "{w}");
    }
}

#[test]
fn descending_total_key_follows_total_cmp() {
    let values = [
        f32::NEG_INFINITY,
        -2.0,
        -1e-40,
        -0.0,
        0.0,
        1e-40,
        0.05,
        0.2,
        1.6,
        f32::INFINITY,
        f32::NAN,
        -f32::NAN,
    ];
    for a in values {
        for b in values {
            assert_eq!(
                descending_total_key(a).cmp(&descending_total_key(b)),
                b.total_cmp(&a),
                "{a} {b}"
            );
        }
    }
}

fn f(title: &str, summary: &str) -> Features {
    Features::extract(title, summary, "")
}

/// Feeds items through assign + insert; returns the story of each.
fn run(index: &mut StoryIndex, items: &[(FeedKey, i64, &str, &str)]) -> Vec<i64> {
    let mut stories = Vec::new();
    for (i, (feed, at, title, summary)) in items.iter().enumerate() {
        let features = f(title, summary);
        let id = i as i64 + 1;
        let story = index.assign(&features, *feed, *at).story().unwrap_or(id);
        index.insert(id, story, *feed, *at, &features);
        stories.push(story);
    }
    stories
}

#[test]
fn joins_reports_of_one_event_across_outlets_and_languages() {
    let mut index = StoryIndex::new(StoryConfig::default());
    let stories = run(
        &mut index,
        &[
            (
                1,
                0,
                "OpenAI in talks to bring its models to NATO networks",
                "OpenAI is negotiating a deal worth $200 million to deploy its models on NATO's classified networks, people familiar with the talks said.",
            ),
            (
                2,
                HOUR,
                "ChatGPT Creator Eyes Deal to Bring AI Technology to NATO Networks",
                "OpenAI is in talks with NATO over a $200m agreement to run its models on classified alliance networks.",
            ),
            (
                3,
                2 * HOUR,
                "OpenAI verhandelt mit der NATO",
                "Der ChatGPT-Hersteller OpenAI verhandelt laut Insidern mit der NATO über einen Vertrag von 200 Millionen Dollar für geheime Netzwerke.",
            ),
            (
                4,
                3 * HOUR,
                "Ransomware attack disrupts Ohio hospital network",
                "A ransomware attack forced Mercy Health in Toledo to divert ambulances on Tuesday.",
            ),
        ],
    );
    assert_eq!(stories[1], stories[0], "English paraphrase");
    assert_eq!(stories[2], stories[0], "German report");
    assert_ne!(stories[3], stories[0]);
}

/// The defaults without the one-anchor-and-a-strong-score rule: in a
/// window of two items every term weighs alike, so any two reports
/// sharing a few words score high, and only the anchors are tested.
fn anchors_only() -> StoryConfig {
    StoryConfig {
        cross_language_strong_ratio: 0.0,
        ..StoryConfig::default()
    }
}

#[test]
fn across_languages_the_names_of_whole_countries_count_once() {
    let english = |title: &str, summary: &str| (1, 0, title.to_string(), summary.to_string());
    let german = |title: &str, summary: &str| (2, HOUR, title.to_string(), summary.to_string());
    let joined = |items: [(FeedKey, i64, String, String); 2]| {
        let mut index = StoryIndex::new(anchors_only());
        let items: Vec<(FeedKey, i64, &str, &str)> = items
            .iter()
            .map(|(feed, at, t, s)| (*feed, *at, t.as_str(), s.as_str()))
            .collect();
        let stories = run(&mut index, &items);
        stories[0] == stories[1]
    };
    // "US", "China" and "AI" are shared by half the news of a week: a
    // tariff and an export rule share them as well as two reports of
    // one rule do. Alone they are one anchor, not three.
    assert!(!joined([
        english(
            "US tightens AI chip exports to China",
            "The US government tightened its export rules for AI chips sold to China on Tuesday.",
        ),
        german(
            "USA verschärfen Exportregeln für KI-Chips nach China",
            "Die US-Regierung hat am Dienstag die Exportregeln für KI-Chips nach China verschärft.",
        ),
    ]));
    // With one actor in common they are two: the same rule.
    assert!(joined([
        english(
            "US tightens AI chip exports to China, cutting off Nvidia",
            "The US government tightened its export rules for AI chips sold to China on Tuesday, cutting off Nvidia.",
        ),
        german(
            "USA verschärfen Exportregeln für KI-Chips nach China – Nvidia betroffen",
            "Die US-Regierung hat am Dienstag die Exportregeln für KI-Chips nach China verschärft; Nvidia ist betroffen.",
        ),
    ]));
}

/// With the default config, `brief` (feed 2, an hour after `stored`)
/// joins its story on two terms in common; the match.
fn joins_on_two_terms(stored: (FeedKey, i64, &str, &str), brief: &Features) -> Match {
    let mut index = StoryIndex::new(StoryConfig::default());
    run(&mut index, &[stored]);
    let decision = index.assign(brief, 2, HOUR);
    let Decision::Join(joined) = decision else {
        panic!("{decision}");
    };
    assert_eq!(joined.shared_terms, 2, "{joined:?}");
    joined
}

#[test]
fn two_shared_actors_and_a_strong_score_are_enough_terms() {
    // A one-line brief shares only "EDF" and "CGT" with the report:
    // two terms where `min_shared_terms` asks three, but two actors
    // (no whole country among them) and a strong score.
    let report = (1, 0, "CGT strike hits EDF reactors", "");
    let brief = f("EDF: CGT walkout", "");
    joins_on_two_terms(report, &brief);
    // Without the strong score, two terms are too few.
    assert_new_story(report, &brief, "2 terms in common, 3 needed");
    // A whole country is no second actor: "EU" and "Mistral" are one.
    let mut index = StoryIndex::new(StoryConfig::default());
    run(&mut index, &[(1, 0, "EU fines Mistral", "")]);
    let decision = index.assign(&f("Mistral: EU penalty", ""), 2, HOUR);
    assert_eq!(decision.story(), None, "{decision}");
}

#[test]
fn a_name_a_country_and_a_twice_strong_score_are_enough_terms() {
    // A German one-liner shares only "Japan" (a whole country, no actor)
    // and "Morita" with the report: two names, one an actor, and a score
    // twice the strong one.
    let report = (
        1,
        0,
        "Morita dissolves lower house, sets snap election",
        "Japan's prime minister Kenji Morita dissolved the lower house on Friday.",
    );
    let brief = f("Japans Regierungschef Morita löst das Unterhaus auf", "");
    let joined = joins_on_two_terms(report, &brief);
    let strong = StoryIndex::new(StoryConfig::default()).strong_score();
    assert!(joined.score >= 2.0 * strong, "{joined:?}");
    // Without the strong score, two terms are too few.
    assert_new_story(report, &brief, "2 terms in common, 3 needed");
}

#[test]
fn a_round_up_joins_no_story_and_no_report_joins_through_it() {
    let attack = |hospital: &str, gang: &str| {
        (
            format!("Ransomware attack on {hospital} diverts ambulances"),
            format!(
                "{hospital} diverted ambulances and postponed surgery after a ransomware attack claimed by the {gang} gang; its records systems are offline."
            ),
        )
    };
    let (first_title, first_summary) = attack("Northlake Health", "Hollowmark");
    let (second_title, second_summary) = attack("Val-de-Saone Hospital", "Cobalt Lynx");
    let round_up = f(
        "The Week in Ransomware: Northlake Health and Val-de-Saone Hospital",
        "Northlake Health diverted ambulances and postponed surgery after a ransomware attack claimed by the Hollowmark gang; its records systems are offline. Val-de-Saone Hospital diverted ambulances after an attack claimed by the Cobalt Lynx gang.",
    );
    assert!(round_up.roundup());
    let mut index = StoryIndex::new(StoryConfig::default());
    run(&mut index, &[(1, 0, &first_title, &first_summary)]);
    // It does not join the first attack's story, and explain says why.
    let decision = index.assign(&round_up, 2, HOUR);
    assert_eq!(decision.story(), None, "{decision}");
    assert!(decision.to_string().contains("round-up"), "{decision}");
    index.insert(2, 2, 2, HOUR, &round_up);
    // A report of the second attack does not join through it: it
    // starts its own story (the first attack's report shares nothing
    // but the words of an attack).
    let second = f(&second_title, &second_summary);
    let decision = index.assign(&second, 3, 2 * HOUR);
    assert_ne!(decision.story(), Some(2), "{decision}");
    assert_ne!(decision.story(), Some(1), "{decision}");
    // Without the round-up's headline, the same text joins, and the
    // second attack's report then joins through it: the bridge the
    // rule prevents.
    let digest = f(
        "Northlake Health and Val-de-Saone Hospital hit",
        "Northlake Health diverted ambulances and postponed surgery after a ransomware attack claimed by the Hollowmark gang; its records systems are offline. Val-de-Saone Hospital diverted ambulances after an attack claimed by the Cobalt Lynx gang.",
    );
    assert!(!digest.roundup());
    let mut index = StoryIndex::new(StoryConfig::default());
    run(&mut index, &[(1, 0, &first_title, &first_summary)]);
    let decision = index.assign(&digest, 2, HOUR);
    assert_eq!(decision.story(), Some(1), "{decision}");
    index.insert(2, 1, 2, HOUR, &digest);
    let decision = index.assign(&second, 3, 2 * HOUR);
    assert_eq!(decision.story(), Some(1), "{decision}");
}

#[test]
fn a_newsletter_joins_no_story() {
    let vote = (
        "Bundestag budget committee adds EUR1.2 billion to 2027 defence budget",
        "The Bundestag's budget committee approved a core defence budget of 93.4 billion euros for 2027 in an overnight session, 1.2 billion euros above the government's draft.",
    );
    let letter = "The Bundestag's appropriators approved a 93.4 billion euro core defence budget for 2027 overnight, 1.2 billion euros above the draft; France's Senate committee asked for more.";
    let mut index = StoryIndex::new(StoryConfig::default());
    run(&mut index, &[(1, 0, vote.0, vote.1)]);
    // The same text under a plain headline joins the vote's story.
    let plain = f("Parliaments open the purse for defence", letter);
    assert!(!plain.roundup());
    let decision = index.assign(&plain, 2, HOUR);
    assert_eq!(decision.story(), Some(1), "{decision}");
    // Under a newsletter's name, it joins none.
    let newsletter = f(
        "Morning Defense: Parliaments open the purse for defence",
        letter,
    );
    assert!(newsletter.roundup());
    let decision = index.assign(&newsletter, 2, HOUR);
    assert_eq!(decision.story(), None, "{decision}");
    assert!(decision.to_string().contains("round-up"), "{decision}");
}

#[test]
fn an_actor_and_an_exact_amount_with_a_strong_score_are_enough_terms() {
    // A brief shares only "TSMC" and the profit's exact amount with the
    // results: an actor and a fingerprint, and a strong score.
    let results = (1, 0, "TSMC profit rises to $14.1 billion", "");
    let brief = f("TSMC: $14.1bn", "");
    let mut index = StoryIndex::new(StoryConfig::default());
    run(&mut index, &[results]);
    let decision = index.assign(&brief, 2, HOUR);
    let Decision::Join(joined) = &decision else {
        panic!("{decision}");
    };
    assert_eq!(joined.shared_terms, 2, "{decision}");
    // An amount rounded to one digit is no fingerprint: "$10 billion"
    // is many quarters' profit.
    let mut index = StoryIndex::new(StoryConfig::default());
    run(
        &mut index,
        &[(1, 0, "TSMC profit rises to $14.1 billion", "")],
    );
    let decision = index.assign(&f("TSMC: $10bn", ""), 2, HOUR);
    assert_eq!(decision.story(), None, "{decision}");
    // Nor is a percentage: rates and targets recur across events.
    let mut index = StoryIndex::new(StoryConfig::default());
    run(&mut index, &[(1, 0, "TSMC profit rises 39.1%", "")]);
    let decision = index.assign(&f("TSMC: 39.1%", ""), 2, HOUR);
    assert_eq!(decision.story(), None, "{decision}");
}

#[test]
fn two_exact_amounts_and_a_name_join_under_the_threshold() {
    // An analysis of a funding round shares its name and its two
    // figures with the news, and little else.
    let news = (
        1,
        0,
        "Mistral raises €2.1 billion",
        "Paris-based Mistral AI raised €2.1 billion at a €31 billion valuation in a round led by Abu Dhabi's MGX. It is the largest private raise ever by a European AI company.",
    );
    let analysis = |round: &str, value: &str| {
        f(
            "Mistral and the sovereignty premium",
            &format!(
                "Mistral's {round} round at a {value} valuation is less a bet on model quality than on Europe's willingness to pay for AI it controls. That is a real market, but a different business from the one OpenAI and Anthropic are in."
            ),
        )
    };
    let decide = |config: StoryConfig, item: &Features| {
        let mut index = StoryIndex::new(config);
        run(&mut index, &[news]);
        index.assign(item, 2, 6 * HOUR)
    };
    let both = analysis("€2.1 billion", "€31 billion");
    let decision = decide(StoryConfig::default(), &both);
    let Decision::Join(joined) = &decision else {
        panic!("{decision}");
    };
    assert!(joined.on_amounts, "{decision}");
    assert!(
        joined.score < StoryConfig::default().threshold,
        "{decision}"
    );
    assert!(
        decision.to_string().contains("two exact amounts"),
        "{decision}"
    );
    // Off, or with one amount in common, it is under the threshold.
    let off = StoryConfig {
        two_amounts_ratio: 1.0,
        ..StoryConfig::default()
    };
    let decision = decide(off, &both);
    assert_eq!(decision.story(), None, "{decision}");
    let one = analysis("€2.1 billion", "€40 billion");
    let decision = decide(StoryConfig::default(), &one);
    assert_eq!(decision.story(), None, "{decision}");
    // A whole country is name enough: one budget's two figures.
    let budget = (
        1,
        0,
        "France lifts military spending in austerity budget",
        "France will spend €64.2 billion on its armed forces next year, €6.7 billion more than this year, while other ministries are frozen.",
    );
    let angle = f(
        "Munitions, drones and space lead France's bigger military outlay",
        "Of the €6.7 billion increase that takes spending on France's armed forces to €64.2 billion next year, munitions get the largest share, ahead of drones and space.",
    );
    let mut index = StoryIndex::new(StoryConfig::default());
    run(&mut index, &[budget]);
    let decision = index.assign(&angle, 2, 6 * HOUR);
    let Decision::Join(joined) = &decision else {
        panic!("{decision}");
    };
    assert!(joined.on_amounts, "{decision}");
    assert_eq!(joined.shared_names, 1, "{decision}");
}

#[test]
fn two_shared_percentages_are_no_fingerprint() {
    // Rates and targets recur across events: a carmaker's job cuts and
    // its workers' strike a day later both cite the cuts' 2% and the
    // sales' 3.5%.
    let mut index = StoryIndex::new(StoryConfig::default());
    run(
        &mut index,
        &[(
            1,
            0,
            "Volkswagen to cut jobs as sales slide",
            "Volkswagen will cut 2% of its workforce after sales fell 3.5% in the first half, the carmaker said in Wolfsburg.",
        )],
    );
    let decision = index.assign(
        &f(
            "Volkswagen workers walk out",
            "Workers at Volkswagen's plants walked out on Tuesday in protest at the 2% cut, which the carmaker blames on a 3.5% slide in sales.",
        ),
        2,
        6 * HOUR,
    );
    assert_eq!(decision.story(), None, "{decision}");
}

#[test]
fn two_german_reports_need_no_name_in_common_with_a_strong_score() {
    // German capitalises every noun, so "Lufthansa" and "Vereinigung
    // Cockpit" are no names in German: the two reports share none.
    let first = (
        1,
        0,
        "Lufthansa: Schlichtung mit der Vereinigung Cockpit im Streit um Betriebsrenten gescheitert",
        "Die Schlichtung zwischen Lufthansa und der Vereinigung Cockpit im Streit um die Betriebsrenten ist gescheitert; weitere Streiks sind nicht ausgeschlossen.",
    );
    let second = f(
        "Betriebsrenten: Vereinigung Cockpit erklärt Schlichtung bei Lufthansa für gescheitert",
        "Im Streit um die Betriebsrenten der Piloten ist die Schlichtung bei der Lufthansa gescheitert, teilte die Vereinigung Cockpit mit. Weitere Streiks seien nicht ausgeschlossen.",
    );
    let mut index = StoryIndex::new(StoryConfig::default());
    run(&mut index, &[first]);
    let decision = index.assign(&second, 2, HOUR);
    let Decision::Join(joined) = &decision else {
        panic!("{decision}");
    };
    assert_eq!(joined.shared_names, 0, "{decision}");
    assert!(joined.score >= index.strong_score(), "{decision}");
    // Without the strong score, a German pair still needs a name.
    assert_new_story(first, &second, "no name in common");
}

/// With the strong score off ([`anchors_only`]), `item` (feed 2, an
/// hour after `stored`) starts a story, for `reason`.
fn assert_new_story(stored: (FeedKey, i64, &str, &str), item: &Features, reason: &str) {
    let mut index = StoryIndex::new(anchors_only());
    run(&mut index, &[stored]);
    let decision = index.assign(item, 2, HOUR);
    assert_eq!(decision.story(), None, "{decision}");
    assert!(decision.to_string().contains(reason), "{decision}");
}

#[test]
fn across_languages_a_city_and_its_country_are_one_term_in_common() {
    // A Munich firm's navy order and Munich's airport closed by snow share
    // the city, the country and a stray word ("start-up", "Starts").
    let french = (
        1,
        0,
        "La marine allemande confie à Helsing la chasse aux mines",
        "La marine allemande a commandé 36 drones sous-marins à la start-up munichoise Helsing.",
    );
    let german = f(
        "Schneechaos: Flughafen München stellt Flugbetrieb ein",
        "Der Münchner Flughafen hat 300 Starts gestrichen, meldet die Deutsche Flugsicherung.",
    );
    assert_new_story(french, &german, "2 terms in common, 3 needed");
}

#[test]
fn across_languages_a_shared_amount_counts_with_a_shared_name() {
    let english = (
        1,
        0,
        "Oracle lifts cloud outlook as AI bookings swell",
        "Quarterly revenue at Oracle rose 19% to $17.9 billion, and the company raised its cloud forecast for the year.",
    );
    // One name ("Oracle") and two amounts: the same results.
    let mut index = StoryIndex::new(StoryConfig::default());
    let stories = run(
        &mut index,
        &[
            english,
            (
                2,
                HOUR,
                "Oracle verdient am Cloud-Boom",
                "Der Softwarekonzern Oracle hat seinen Umsatz um 19 Prozent auf 17,9 Milliarden Dollar gesteigert und die Cloud-Prognose angehoben.",
            ),
        ],
    );
    assert_eq!(stories[1], stories[0]);
    // One name and no amount in common: not enough across languages,
    // and the miss says so.
    let mut index = StoryIndex::new(anchors_only());
    run(&mut index, &[english]);
    let decision = index.assign(
        &f(
            "Oracle verdient am Cloud-Boom",
            "Der Softwarekonzern Oracle hat seinen Umsatz kräftig gesteigert und die Cloud-Prognose angehoben.",
        ),
        2,
        HOUR,
    );
    assert_eq!(decision.story(), None, "{decision}");
    assert!(
        decision.to_string().contains("count once), 2 needed"),
        "{decision}"
    );
}

#[test]
fn across_languages_two_shared_amounts_anchor_without_a_name() {
    // The French report names no one the English one does ("l'exécutif",
    // not "France"), but both give the same two sums: the same plan.
    let english = (
        1,
        0,
        "France to raise military budget to 76 billion euros by 2030",
        "The government will add 36 billion euros to its defence budget over the revised military programming law, taking it to 76 billion euros in 2030.",
    );
    let french = |summary: &'static str| {
        (
            2,
            HOUR,
            "Loi de programmation militaire : l'exécutif ajoute des milliards pour les armées",
            summary,
        )
    };
    let mut index = StoryIndex::new(StoryConfig::default());
    let stories = run(
        &mut index,
        &[
            english,
            french(
                "Le gouvernement ajoute 36 milliards d'euros au budget de la défense et le porte à 76 milliards d'euros en 2030.",
            ),
        ],
    );
    assert_eq!(stories[1], stories[0]);
    // One sum in common and no name: not enough.
    let mut index = StoryIndex::new(StoryConfig::default());
    let stories = run(
        &mut index,
        &[
            english,
            french(
                "Le gouvernement ajoute 36 milliards d'euros au budget de la défense d'ici à 2030.",
            ),
        ],
    );
    assert_ne!(stories[1], stories[0]);
}

#[test]
fn across_languages_one_anchor_and_a_strong_score_join() {
    // One anchor ("EU" and "Niederlande" count once: a bloc and a
    // country), but the German report shares the English one's
    // export-control words too: the same decision.
    let english = (
        1,
        0,
        "EU puts chipmaking tool exports under one dual-use licence",
        "The EU adopted a dual-use export licence for semiconductor equipment exports, replacing national export rules in the Netherlands.",
    );
    let german = f(
        "EU stellt Exporte von Chipanlagen unter eine Dual-Use-Lizenz",
        "Die EU ersetzt nationale Export-Regeln der Niederlande durch eine Dual-Use-Lizenz für Exporte von Halbleiteranlagen.",
    );
    let mut index = StoryIndex::new(StoryConfig::default());
    run(&mut index, &[english]);
    let decision = index.assign(&german, 2, HOUR);
    assert_eq!(decision.story(), Some(1), "{decision}");
    // With the rule off, one anchor is too few, and the miss says so.
    let mut index = StoryIndex::new(anchors_only());
    run(&mut index, &[english]);
    let decision = index.assign(&german, 2, HOUR);
    assert_eq!(decision.story(), None, "{decision}");
    assert!(
        decision.to_string().contains("count once), 2 needed"),
        "{decision}"
    );
    // On, a miss with one anchor names the score it needed.
    let miss = Miss::TooFewAnchors {
        shared: 1,
        needed: 2,
        strong: 0.3,
    };
    assert!(
        miss.to_string()
            .ends_with("2 needed, or one with a score of 0.30"),
        "{miss}"
    );
}

#[test]
fn a_story_two_members_vouch_for_takes_a_report_neither_takes_alone() {
    // Two reports of one contract, and unrelated news around them; a
    // third report comes a day and a half later, when the decay leaves it under the
    // threshold with each report, but above the support floor with both.
    let items: [(FeedKey, i64, &str, &str); 5] = [
        (
            1,
            0,
            "Palantir wins $612 million Army contract for battle-planning software",
            "The U.S. Army awarded Palantir a $612 million contract for its Maven battle-planning software.",
        ),
        (
            2,
            HOUR,
            "Army picks Palantir's Maven in $612M battle-planning deal",
            "Palantir will supply Maven battle-planning software to the U.S. Army under a $612 million contract.",
        ),
        (
            3,
            2 * HOUR,
            "Ransomware attack disrupts Ohio hospital network",
            "A ransomware attack forced Mercy Health in Toledo to divert ambulances.",
        ),
        (
            4,
            3 * HOUR,
            "ECB holds rates as inflation cools",
            "The European Central Bank kept its deposit rate at 2 per cent.",
        ),
        (
            5,
            4 * HOUR,
            "Nvidia unveils new chips for robots",
            "Nvidia showed a new line of chips for humanoid robots at its developer conference.",
        ),
    ];
    let late = f(
        "Palantir's Maven battle-planning software heads to the Army for $612 million",
        "The Army signed a $612 million contract for Palantir's Maven, its battle-planning software.",
    );
    let at = 33 * HOUR;
    let mut index = StoryIndex::new(StoryConfig::default());
    let stories = run(&mut index, &items);
    assert_eq!(stories[1], stories[0]);
    let decision = index.assign(&late, 9, at);
    let Decision::Join(joined) = &decision else {
        panic!("expected a join: {decision}");
    };
    assert_eq!(joined.story, stories[0]);
    // Neither member alone takes it: the join rests on both.
    assert!(joined.score < index.config().threshold, "{decision}");
    assert_eq!(joined.support.map(|(members, _)| members), Some(2));
    assert!(
        decision
            .to_string()
            .contains("with 2 of its members together"),
        "{decision}"
    );
    // Without support it starts a story of its own.
    let mut index = StoryIndex::new(StoryConfig {
        support_floor: 0.0,
        ..StoryConfig::default()
    });
    run(&mut index, &items);
    let decision = index.assign(&late, 9, at);
    assert_eq!(decision.story(), None, "{decision}");
    // Nor does a story of one member vouch for it, however close.
    let mut index = StoryIndex::new(StoryConfig::default());
    run(&mut index, &items[..1]);
    run(&mut index, &items[2..]);
    let decision = index.assign(&late, 9, at);
    assert_eq!(decision.story(), None, "{decision}");
}

#[test]
fn old_and_late_items_do_not_hide_current_news() {
    let mut index = StoryIndex::new(StoryConfig::default());
    let now = 1_000 * HOUR;
    let report = f(
        "OpenAI in talks to bring its models to NATO networks",
        "OpenAI is negotiating a deal worth $200 million to deploy its models on NATO's classified networks.",
    );
    let other = f(
        "ChatGPT Creator Eyes Deal to Bring AI Technology to NATO Networks",
        "OpenAI is in talks with NATO over a $200m agreement to run its models on classified alliance networks.",
    );
    // Other news of the day, so that rarity means something.
    for i in 0..40 {
        let filler = f(
            &format!("Council {i} debates parking fees"),
            &format!("The council of district {i} met on Tuesday."),
        );
        index.insert(100 + i, 100 + i, 50, now - 20 * HOUR + i, &filler);
    }
    index.insert(1, 1, 1, now, &report);
    // A backlog item of months ago, stored after it: stale, so neither
    // compared nor stored.
    assert!(index.is_stale(now - 2_000 * HOUR));
    assert_eq!(index.assign(&other, 2, now - 2_000 * HOUR).story(), None);
    index.insert(2, 2, 2, now - 2_000 * HOUR, &other);
    assert_eq!(index.len(), 41);
    // Late copies of two days ago, inside the window but out of the
    // reach of a new report: they head the terms' posting lists, and
    // the walk goes past them to the current report.
    for item in 3..6 {
        index.insert(item, item, item as FeedKey, now - 50 * HOUR, &other);
    }
    assert_eq!(index.len(), 44);
    let decision = index.assign(&other, 9, now + HOUR);
    assert_eq!(decision.story(), Some(1), "{decision}");
}

#[test]
fn keeps_two_contracts_to_two_vendors_apart() {
    let mut index = StoryIndex::new(StoryConfig::default());
    let stories = run(
        &mut index,
        &[
            (
                1,
                0,
                "Pentagon awards Anduril $99 million counter-drone contract",
                "The Army contract covers Anduril's Lattice software for bases in Europe.",
            ),
            (
                2,
                HOUR,
                "Pentagon awards Palantir $480 million Maven contract",
                "The Army expanded Palantir's Maven Smart System deal to more commands.",
            ),
        ],
    );
    assert_ne!(stories[0], stories[1]);
    let features = f("Pentagon awards Palantir $480 million Maven contract", "");
    let decision = index.assign(&features, 3, 2 * HOUR);
    assert_eq!(decision.story(), Some(2), "{decision}");
    assert!(decision.evidence().iter().any(|e| e == "Palantir"));
}

#[test]
fn a_german_headline_names_a_vendor_other_reports_name() {
    // A procurement office's contract with ARX for robots, and a German
    // report on Helsing's software for the same army: in German, capitals
    // mark every noun, so "Helsings" reads as a word, and the report shares
    // the office, the army and "KI-Software" with the ARX deal, never
    // naming ARX. An English report of the week names Helsing: the German
    // headline names a vendor the ARX deal never mentions.
    let helsing = (
        1,
        0,
        "Helsing hires former Airbus executive as finance chief",
        "Munich-based Helsing named a former Airbus treasurer its chief financial officer.",
    );
    let arx = (
        2,
        HOUR,
        "Bundeswehr orders ARX ground robots with KI-Software from BAAINBw",
        "The BAAINBw procurement office signed a contract with the Munich startup ARX \
         Robotics for 120 tracked Gereon robots of the Bundeswehr and the KI-Software that \
         steers them without GPS. The robots are to carry supplies and wounded soldiers \
         for infantry units from late 2027.",
    );
    let german = (
        3,
        3 * HOUR,
        "Helsings KI-Software für die Bundeswehr: Was der BAAINBw-Vertrag bringt",
        "Nach der Vertragsunterzeichnung beim BAAINBw werden Details bekannt: Die \
         KI-Software soll auf einem gehärteten Rechnermodul in Schützenpanzern der \
         Bundeswehr laufen, Kamera-, Radar- und Akustikdaten fusionieren und mögliche \
         Ziele lediglich markieren. Offen ist, wie neue Erkennungsmodelle in die \
         Fahrzeuge kommen.",
    );
    // The German report against the ARX deal: (score, names apart).
    let against_arx = |items: &[(FeedKey, i64, &str, &str)]| {
        let mut index = StoryIndex::new(StoryConfig::default());
        run(&mut index, items);
        let decision = index.assign(&f(german.2, german.3), german.0, german.1);
        let m = match decision {
            Decision::Join(m) => m,
            Decision::New { nearest } => nearest.expect("a candidate").0,
        };
        // The ARX deal is the last item run (ids count from 1).
        assert_eq!(m.item, items.len() as i64, "compared with the ARX deal");
        let apart: Vec<String> = m
            .apart
            .iter()
            .filter(|(rule, _)| *rule == Conflicts::NAMES)
            .map(|(_, name)| name.clone())
            .collect();
        (m.score, apart)
    };
    let (alone, apart) = against_arx(&[arx]);
    assert!(
        apart.is_empty(),
        "{apart:?}: no one names Helsing as a name"
    );
    let (named, apart) = against_arx(&[helsing, arx]);
    assert_eq!(apart, ["Helsings"]);
    let factor = StoryConfig::default().name_conflict_factor;
    assert!(
        (named - alone * factor).abs() < 0.02,
        "{named} against {alone}"
    );
}

#[test]
fn keeps_two_numbered_bills_apart() {
    // Two bills the same legislature passed the same evening, told by
    // one outlet in the same words but for the subject and the number.
    let chatbots = (
        1,
        0,
        "Legislature passes AI bill, sends it to the governor",
        "The Washington Senate voted 31-18 on Tuesday to pass House Bill 2217, which requires AI companies to tell residents when a chatbot is not human. The bill now goes to Governor Ferguson.",
    );
    let bias = (
        1,
        2 * HOUR,
        "Legislature sends AI bill to the governor after late House vote",
        "The Washington House voted 57-40 on Tuesday to pass House Bill 2214, which requires AI companies to test hiring tools for bias and tell residents when they are used. The bill now goes to Governor Ferguson.",
    );
    let same_bill = (
        2,
        3 * HOUR,
        "Washington lawmakers clear AI bias bill",
        "Washington's House passed House Bill 2214 on Tuesday, requiring AI companies to test hiring tools for bias; it goes to Governor Ferguson.",
    );
    let without_numbers = StoryConfig {
        identifier_conflict_factor: 1.0,
        core_identifier_conflict_factor: 1.0,
        ..StoryConfig::default()
    };
    let stories = run(&mut StoryIndex::new(without_numbers), &[chatbots, bias]);
    assert_eq!(
        stories[1], stories[0],
        "without the rule the two bills merge"
    );
    let stories = run(
        &mut StoryIndex::new(StoryConfig::default()),
        &[chatbots, bias, same_bill],
    );
    assert_ne!(stories[1], stories[0], "two bills, two stories");
    assert_eq!(stories[2], stories[1], "the same bill's number joins it");
}

#[test]
fn keeps_one_bill_in_two_states_apart() {
    // Two legislatures pass the same kind of bill on the same day: the
    // reports share nearly every word but the state.
    let ohio = (
        1,
        0,
        "Ohio House passes bill barring insurers from letting AI alone deny care",
        "The Ohio House passed a bill requiring that a physician review every health insurance claim denial made with AI before it takes effect. The Senate takes it up next month.",
    );
    let massachusetts = (
        2,
        HOUR,
        "Massachusetts Senate votes to bar insurers from letting AI alone deny care",
        "The Massachusetts Senate passed a bill requiring that a physician review every health insurance claim denial made with AI before it takes effect. The House has a similar bill.",
    );
    let same_bill = (
        3,
        2 * HOUR,
        "Massachusetts senators vote to keep doctors in charge of insurance denials",
        "Massachusetts senators passed a bill requiring a physician to review every insurance claim denial made with artificial intelligence.",
    );
    // The two chambers would keep these apart too: this test is the
    // states rule's alone.
    let states_only = StoryConfig {
        actor_conflict_factor: 1.0,
        direction_conflict_factor: 1.0,
        leadership_conflict_factor: 1.0,
        oversight_conflict_factor: 1.0,
        follow_up_conflict_factor: 1.0,
        ..StoryConfig::default()
    };
    let without_states = StoryConfig {
        place_conflict_factor: 1.0,
        ..states_only.clone()
    };
    let stories = run(&mut StoryIndex::new(without_states), &[ohio, massachusetts]);
    assert_eq!(
        stories[1], stories[0],
        "without the rule the two bills merge"
    );
    let stories = run(
        &mut StoryIndex::new(states_only),
        &[ohio, massachusetts, same_bill],
    );
    assert_ne!(stories[1], stories[0], "two states, two stories");
    assert_eq!(stories[2], stories[1], "the same state's bill joins it");

    // States of two words count by their distinctive word.
    let new_york = (
        1,
        0,
        "New York Senate passes bill to audit AI hiring tools",
        "The New York Senate passed a bill requiring employers to have every AI hiring tool audited for bias each year before they use it.",
    );
    let new_jersey = (
        2,
        HOUR,
        "New Jersey Senate passes bill to audit AI hiring tools",
        "The New Jersey Senate passed a bill requiring employers to have every AI hiring tool audited for bias each year before they use it.",
    );
    let without_states = StoryConfig {
        place_conflict_factor: 1.0,
        ..StoryConfig::default()
    };
    let stories = run(
        &mut StoryIndex::new(without_states),
        &[new_york, new_jersey],
    );
    assert_eq!(stories[1], stories[0], "without the rule they merge");
    let stories = run(
        &mut StoryIndex::new(StoryConfig::default()),
        &[new_york, new_jersey],
    );
    assert_ne!(
        stories[1], stories[0],
        "New York and New Jersey, two stories"
    );
}

#[test]
fn keeps_a_meetings_opening_and_its_outcome_apart() {
    // A preview of talks and, a day later, what they agreed: the
    // reports share the place, the ministers and the target.
    let opening = (
        1,
        0,
        "Pacific trade ministers meet in Auckland with a 2% tariff cap on the table",
        "Trade ministers from eleven Pacific economies began two days of talks in Auckland, with a New Zealand draft proposing to cap tariffs on farm goods at 2% by 2029.",
    );
    let outcome = (
        2,
        20 * HOUR,
        "Pacific trade ministers sign Auckland pact capping farm tariffs at 2% by 2029",
        "Trade ministers from eleven Pacific economies signed a pact in Auckland capping tariffs on farm goods at 2% by 2029.",
    );
    let same_outcome = (
        3,
        21 * HOUR,
        "Auckland pact: eleven Pacific economies agree 2% cap on farm tariffs",
        "Eleven Pacific economies agreed in Auckland to cap tariffs on farm goods at 2% by 2029, their trade ministers said.",
    );
    let without_stages = StoryConfig {
        stage_conflict_factor: 1.0,
        ..StoryConfig::default()
    };
    let stories = run(&mut StoryIndex::new(without_stages), &[opening, outcome]);
    assert_eq!(
        stories[1], stories[0],
        "without the rule the opening and the outcome merge"
    );
    let stories = run(
        &mut StoryIndex::new(StoryConfig::default()),
        &[opening, outcome, same_outcome],
    );
    assert_ne!(
        stories[1], stories[0],
        "a preview and an outcome, two stories"
    );
    assert_eq!(
        stories[2], stories[1],
        "another report of the pact joins it"
    );
    // `explain` says which rule kept them apart.
    let mut index = StoryIndex::new(StoryConfig::default());
    run(&mut index, &[opening]);
    let decision = index.assign(&f(outcome.2, outcome.3), outcome.0, outcome.1);
    let said = decision.to_string();
    assert!(
        said.starts_with("new story; nearest story 1")
            && said.ends_with(
                "score below the threshold 0.20 (scored as two events: one speaks of \
                 what is to come, the other of what was done)"
            ),
        "{said}"
    );
}

#[test]
fn explain_names_the_amounts_that_kept_two_deals_apart() {
    let first = (
        1,
        0,
        "Army awards Palantir $612 million for battlefield software",
        "The Army awarded Palantir a $612 million contract for its battlefield decision software.",
    );
    let mut index = StoryIndex::new(StoryConfig::default());
    run(&mut index, &[first]);
    let second = f(
        "Army awards Palantir $95 million for battlefield software",
        "The Army awarded Palantir a $95 million contract for its battlefield logistics software.",
    );
    let decision = index.assign(&second, 2, HOUR);
    let said = decision.to_string();
    assert!(decision.story().is_none(), "{said}");
    assert!(
        said.contains("both lead with amounts and share none (this report: $95 million)"),
        "{said}"
    );
}

#[test]
fn an_amount_rounded_by_one_outlet_is_the_same_amount() {
    // "€6m" is "€6.2m" rounded: no "two amounts" rule, and the fine is
    // shared evidence.
    let first = (
        1,
        0,
        "Italy's privacy watchdog fines AI companion app maker €6.2 million",
        "Italy's data protection authority fined the maker of the Sola companion chatbot €6.2 million for failing to check users' ages.",
    );
    let mut index = StoryIndex::new(StoryConfig::default());
    run(&mut index, &[first]);
    let rounded = f(
        "Italy orders AI 'girlfriend' app to shut out children after €6m penalty",
        "The maker of Sola, a companion chatbot, must check users' ages after Italy's privacy regulator fined it €6m.",
    );
    let said = index.assign(&rounded, 2, HOUR).to_string();
    assert!(!said.contains("amounts"), "{said}");
    assert!(
        said.contains("≈€6.2 million") || said.contains("€6m"),
        "{said}"
    );
}

#[test]
fn two_precise_amounts_that_round_alike_are_two_deals() {
    // $1.2 billion and $1.4 billion both round to $1 billion: that
    // makes them no closer.
    let first = (
        1,
        0,
        "Army awards Palantir $1.2 billion for battlefield software",
        "The Army awarded Palantir a $1.2 billion contract for its battlefield decision software.",
    );
    let mut index = StoryIndex::new(StoryConfig::default());
    run(&mut index, &[first]);
    let second = f(
        "Army awards Palantir $1.4 billion for battlefield software",
        "The Army awarded Palantir a $1.4 billion contract for its battlefield logistics software.",
    );
    let decision = index.assign(&second, 2, HOUR);
    let said = decision.to_string();
    assert!(decision.story().is_none(), "{said}");
    assert!(
        said.contains("both lead with amounts and share none (this report: $1.4 billion)"),
        "{said}"
    );
    assert!(!said.contains('≈'), "{said}");
}

#[test]
fn results_and_the_chief_executives_resignation_are_two_events() {
    let results = (
        1,
        0,
        "Orsenne cuts 2026 outlook as clients delay IT projects",
        "French IT services group Orsenne cut its full-year outlook after third-quarter revenue fell 4.1% to 2.87 billion euros.",
    );
    let mut index = StoryIndex::new(StoryConfig::default());
    run(&mut index, &[results]);
    let resignation = f(
        "Orsenne chief executive resigns after IT group cuts its outlook",
        "The chief executive of French IT services group Orsenne resigned on Friday, hours after the group cut its full-year outlook on a 4.1% fall in third-quarter revenue to 2.87 billion euros.",
    );
    let decision = index.assign(&resignation, 2, HOUR);
    let said = decision.to_string();
    assert!(decision.story().is_none(), "{said}");
    assert!(
        said.contains("one headline tells of a change of leaders"),
        "{said}"
    );
    // The rule off, the two share enough to join.
    let mut off = StoryIndex::new(StoryConfig {
        leadership_conflict_factor: 1.0,
        ..StoryConfig::default()
    });
    run(&mut off, &[results]);
    assert!(off.assign(&resignation, 2, HOUR).story().is_some());
}

#[test]
fn a_contract_and_the_hearing_that_questions_it_are_two_events() {
    let award = (
        1,
        0,
        "Pentagon AI office taps Scale AI for $640M planning agents",
        "The Pentagon's Chief Digital and AI Office awarded Scale AI a deal worth up to $640 million for AI agents that draft operational plans.",
    );
    let hearing = f(
        "Lawmakers press Pentagon on oversight of AI planning agents",
        "Members of a House subcommittee questioned Pentagon officials on how they supervise AI planning agents, a day after the AI office's $640 million deal with Scale AI.",
    );
    let mut index = StoryIndex::new(StoryConfig::default());
    run(&mut index, &[award]);
    let decision = index.assign(&hearing, 2, 8 * HOUR);
    let said = decision.to_string();
    assert!(decision.story().is_none(), "{said}");
    assert!(said.contains("one headline tells of a hearing"), "{said}");
    // The rule off, the two share enough to join.
    let mut off = StoryIndex::new(StoryConfig {
        oversight_conflict_factor: 1.0,
        ..StoryConfig::default()
    });
    run(&mut off, &[award]);
    let joined = off.assign(&hearing, 2, 8 * HOUR);
    assert!(joined.story().is_some(), "{joined}");
}

#[test]
fn one_agency_picking_two_vendors_the_same_day_makes_two_awards() {
    let palantir = (
        1,
        0,
        "NATO's NCIA taps Palantir for AI-driven supply forecasting",
        "The NATO Communications and Information Agency has selected Palantir Technologies to add machine-learning demand forecasting to the alliance's logistics planning system, in a contract valued at about $62 million over four years.",
    );
    let scale = f(
        "Scale AI wins NATO deal for generative 'staff officer' assistant",
        "NATO's communications agency has chosen Scale AI's Donovan platform for a large-language-model assistant that drafts orders for staff at Allied Command Operations. The award is worth €31 million and is separate from the agency's logistics system pick.",
    );
    let mut index = StoryIndex::new(StoryConfig::default());
    run(&mut index, &[palantir]);
    let decision = index.assign(&scale, 2, HOUR);
    let said = decision.to_string();
    assert!(decision.story().is_none(), "{said}");
    assert!(
        said.contains("an award's headline names a vendor"),
        "{said}"
    );
    // One award told by its vendor and by its product, the amount
    // corrected: the other's own headline name is a country's, no vendor.
    let mut index = StoryIndex::new(StoryConfig::default());
    run(
        &mut index,
        &[(
            1,
            0,
            "US Air Force taps Shield AI to fly drone wingmen in $640 mln award",
            "The U.S. Air Force picked Shield AI's Hivemind software to fly its Increment 2 Collaborative Combat Aircraft prototypes, in an award valued at $640 million.",
        )],
    );
    let product = f(
        "Hivemind picked to pilot Increment 2 CCA prototypes",
        "The Air Force has selected Shield AI's Hivemind as the autonomy stack for its Increment 2 Collaborative Combat Aircraft prototypes, a $460 million award.",
    );
    let decision = index.assign(&product, 2, HOUR);
    assert!(
        !decision
            .to_string()
            .contains("an award's headline names a vendor"),
        "{decision}"
    );
}

#[test]
fn a_headline_dated_days_after_an_event_does_not_join_its_reports() {
    let rule = (
        1,
        0,
        "US extends chip controls to memory stacking tools and older HBM",
        "The Commerce Department's rule requires licences to ship hybrid bonders and high-bandwidth memory stacking tools to China, adding them to the export list.",
    );
    let follow_up = f(
        "Japan adds memory stacking tools to export list, days after US move",
        "Tokyo followed the Commerce Department's rule that requires licences to ship hybrid bonders and high-bandwidth memory stacking tools to China.",
    );
    // Reported seven hours after the rule: the rule's reports are another
    // event, as its headline says.
    let mut index = StoryIndex::new(StoryConfig::default());
    run(&mut index, &[rule]);
    let decision = index.assign(&follow_up, 2, 7 * HOUR);
    let said = decision.to_string();
    assert!(decision.story().is_none(), "{said}");
    assert!(
        said.contains("dates its event days after another"),
        "{said}"
    );
    // The rule off, the two share enough to join.
    let mut off = StoryIndex::new(StoryConfig {
        follow_up_conflict_factor: 1.0,
        ..StoryConfig::default()
    });
    run(&mut off, &[rule]);
    let joined = off.assign(&follow_up, 2, 7 * HOUR);
    assert!(joined.story().is_some(), "{joined}");
    // A report of the follow-up itself an hour before: the same event.
    let mut index = StoryIndex::new(StoryConfig::default());
    let first = (
        1,
        0,
        "Japan puts memory stacking tools under export licences",
        "Japan's trade ministry added hybrid bonders and high-bandwidth memory stacking tools to the list of items that need export licences.",
    );
    run(&mut index, &[first]);
    let same = index.assign(&follow_up, 2, HOUR);
    assert!(same.story().is_some(), "{same}");
}

#[test]
fn an_amount_in_dollars_and_one_in_euros_may_be_one_amount() {
    // A European wire gives the order in euros, an American market
    // report converts it to dollars: no amount in common, and still no
    // reason to take them for two orders. Two reports in one currency
    // with different amounts are two orders as before.
    let euros = (
        1,
        0,
        "Rheinmetall books 2.9 bln euro German shell order as Berlin draws on framework",
        "Rheinmetall said Germany's procurement office called off 2.9 billion euros of 155mm artillery shells from its framework contract.",
    );
    let explain = |headline: &str, lead: &str| {
        let mut index = StoryIndex::new(StoryConfig::default());
        run(&mut index, &[euros]);
        index.assign(&f(headline, lead), 2, HOUR).to_string()
    };
    let amounts_rule = "both lead with amounts and share none";
    let dollars = explain(
        "Rheinmetall stock climbs after roughly $3.4 billion German ammunition order",
        "Rheinmetall shares rose after Germany called off about $3.4 billion of 155mm artillery shells from its framework contract.",
    );
    assert!(!dollars.contains(amounts_rule), "{dollars}");
    let other_order = explain(
        "Rheinmetall books 1.1 bln euro German shell order",
        "Rheinmetall said Germany's procurement office called off 1.1 billion euros of 155mm artillery shells from its framework contract.",
    );
    assert!(other_order.contains(amounts_rule), "{other_order}");
}

#[test]
fn ai_or_a_country_in_a_headline_names_no_one() {
    // The name rule looks for someone each headline names and the other
    // report never mentions; "AI" is a field, not someone, and in the
    // new report's headline "U.S." is a whole country, no one.
    let award = (
        1,
        0,
        "Anduril wins Army counter-drone contract at Fort Bliss",
        "The Army awarded Anduril a contract to protect Fort Bliss against small drones with its Lattice software and interceptors.",
    );
    let explain = |headline: &str| {
        let mut index = StoryIndex::new(StoryConfig::default());
        run(&mut index, &[award]);
        let lead = "The Army picked Anduril to guard the base against small drones with its Lattice software and interceptors.";
        index.assign(&f(headline, lead), 2, HOUR).to_string()
    };
    let names_rule = "each headline names someone the other never mentions";
    let with_ai = explain("Army picks Anduril AI to guard bases against drones");
    assert!(!with_ai.contains(names_rule), "{with_ai}");
    let with_country = explain("Army picks Anduril to guard U.S. bases against drones");
    assert!(!with_country.contains(names_rule), "{with_country}");
    let with_vendor = explain("Army picks Anduril and Palantir to guard bases against drones");
    // It names the report's own names that the other never mentions.
    assert!(
        with_vendor.contains(&format!("{names_rule} (this report: Palantir)")),
        "{with_vendor}"
    );
}

#[test]
fn a_first_name_before_a_shared_surname_names_no_one_else() {
    // One outlet writes the minister's full name, the other her surname
    // only: "Claire" is nobody the other report never mentions. Another
    // person's full name still is someone else.
    let bill = (
        1,
        0,
        "Vasseur pitches war-economy buying rules to French MPs",
        "Armed forces minister Vasseur told the National Assembly her bill would halve the time it takes to sign arms contracts.",
    );
    let explain = |headline: &str| {
        let mut index = StoryIndex::new(StoryConfig::default());
        run(&mut index, &[bill]);
        let lead = "The armed forces minister told the National Assembly her bill would halve the time it takes to sign arms contracts.";
        index.assign(&f(headline, lead), 2, HOUR).to_string()
    };
    let names_rule = "each headline names someone the other never mentions";
    let full_name = explain("Claire Vasseur unveils bill to halve arms contract delays");
    assert!(!full_name.contains(names_rule), "{full_name}");
    let someone_else = explain("Claire Dufresne unveils bill to halve arms contract delays");
    assert!(someone_else.contains(names_rule), "{someone_else}");
}

#[test]
fn keeps_a_companys_funding_round_and_its_launch_apart() {
    // The same company the same morning: a product and a round. The
    // reports share the company, its products and its customers.
    let launch = (
        1,
        0,
        "Kestrel Robotics unveils Falcon autopilot module for military drones",
        "Kestrel Robotics, the San Diego maker of autonomy software for military drones, unveiled Falcon, an autopilot module small enough for quadcopters used by the Army and the Marine Corps.",
    );
    let round = (
        2,
        2 * HOUR,
        "Kestrel Robotics raises $400 million for its military drone autopilot software",
        "Kestrel Robotics, the San Diego maker of autopilot software for military drones used by the Army and the Marine Corps, raised $400 million from investors led by Founders Fund.",
    );
    let same_round = (
        3,
        3 * HOUR,
        "Drone autopilot maker Kestrel Robotics lands $400 million at $5 billion valuation",
        "Kestrel Robotics raised $400 million from investors led by Founders Fund for its military drone autopilot software, valuing the San Diego company at $5 billion.",
    );
    let without_rule = StoryConfig {
        financing_conflict_factor: 1.0,
        ..StoryConfig::default()
    };
    let stories = run(&mut StoryIndex::new(without_rule), &[launch, round]);
    assert_eq!(
        stories[1], stories[0],
        "without the rule the launch and the round merge"
    );
    let stories = run(
        &mut StoryIndex::new(StoryConfig::default()),
        &[launch, round, same_round],
    );
    assert_ne!(stories[1], stories[0], "a launch and a round, two stories");
    assert_eq!(
        stories[2], stories[1],
        "another report of the round joins it"
    );
    let said = said_after(launch, round);
    assert!(
        said.contains("one announces a funding round, the other says nothing of one"),
        "{said}"
    );
}

#[test]
fn keeps_an_export_rule_and_a_smuggling_case_apart() {
    // The case cites the rule it broke: the same countries, chips and
    // agency, hours apart.
    let rule = (
        1,
        0,
        "US requires licences for AI chip exports to Malaysia and Thailand",
        "The Commerce Department on Tuesday required licences for exports of Nvidia and AMD accelerators to data centers in Malaysia and Thailand, to stop shipments being diverted to China.",
    );
    let case = (
        2,
        3 * HOUR,
        "Two men charged with smuggling Nvidia chips to China through Malaysia and Thailand",
        "Two men shipped Nvidia accelerators to data centers in Malaysia and Thailand that diverted them to China, evading the Commerce Department's export licences, prosecutors said on Tuesday.",
    );
    let same_case = (
        3,
        4 * HOUR,
        "Prosecutors say two men routed Nvidia chips to China via Malaysian data centers",
        "Two men charged on Tuesday shipped Nvidia accelerators through Malaysia and Thailand to China without export licences, according to the indictment.",
    );
    let without_rule = StoryConfig {
        prosecution_conflict_factor: 1.0,
        ..StoryConfig::default()
    };
    let stories = run(&mut StoryIndex::new(without_rule), &[rule, case]);
    assert_eq!(
        stories[1], stories[0],
        "without the rule the rule and the case merge"
    );
    let stories = run(
        &mut StoryIndex::new(StoryConfig::default()),
        &[rule, case, same_case],
    );
    assert_ne!(stories[1], stories[0], "a rule and a case, two stories");
    assert_eq!(
        stories[2], stories[1],
        "another report of the case joins it"
    );
    let said = said_after(rule, case);
    assert!(
        said.contains("one tells of a criminal case, the other says nothing of one or tells"),
        "{said}"
    );
}

#[test]
fn keeps_two_governments_listings_apart() {
    // Two governments list Chinese firms a day apart: the same targets,
    // the same chips, the same kind of list.
    let us = (
        1,
        0,
        "US adds 23 companies to trade blacklist over AI chip diversion to China",
        "The Commerce Department added 23 Chinese entities to its Entity List on Tuesday for diverting AI chips and chipmaking tools to China's military, restricting their access to exports.",
    );
    let japan = (
        2,
        3 * HOUR,
        "Japan adds 12 Chinese entities to end-user list over chip tool concerns",
        "Japan's trade ministry added 12 Chinese entities to its end-user list on Tuesday for diverting AI chips and chipmaking tools to China's military, restricting their access to exports, as the U.S. did the same.",
    );
    let reaction = (
        3,
        5 * HOUR,
        "Beijing vows countermeasures after US blacklists 23 Chinese firms",
        "China's commerce ministry said it would take necessary measures after the U.S. Commerce Department added 23 Chinese entities to its Entity List over AI chip diversion.",
    );
    assert_rule_splits(
        [us, japan, reaction],
        "Beijing's answer names the US action: it joins it",
        "each headline opens with a different government",
    );
}

#[test]
fn keeps_two_chambers_votes_apart() {
    // One legislature's two chambers pass two bills on one subject the
    // same evening: the same procedure, the same towns, the same word.
    let senate = (
        1,
        0,
        "Mass. Senate votes to bar towns from paying ransomware demands",
        "The Massachusetts Senate voted on Thursday for a bill to bar towns from paying ransomware gangs, sending it to the House with two weeks left in the formal session.",
    );
    let house = (
        2,
        HOUR,
        "Mass. House votes to make towns report ransomware attacks within 72 hours",
        "The Massachusetts House voted on Thursday for a bill to make towns report ransomware attacks to the state, sending it to the Senate with two weeks left in the formal session.",
    );
    let same_vote = (
        3,
        2 * HOUR,
        "Massachusetts Senate passes ban on ransomware payments by towns",
        "The Massachusetts Senate on Thursday passed a bill barring towns from paying ransomware gangs; the House has not said when it will act.",
    );
    assert_rule_splits(
        [senate, house, same_vote],
        "another report of the vote joins it",
        "each headline names a different legislative chamber",
    );
}

#[test]
fn keeps_a_listing_and_a_delisting_apart() {
    // The same agency, the same list, the same procedure on one day:
    // one adds, the other removes.
    let listing = (
        1,
        0,
        "US adds 16 Chinese firms to Entity List over drone parts",
        "The U.S. Commerce Department on Tuesday added 16 Chinese companies to its Entity List, saying they supplied motors and flight controllers to military drone makers.",
    );
    let delisting = (
        2,
        8 * HOUR,
        "US removes three Chinese drone-parts firms from Entity List",
        "The U.S. Commerce Department on Tuesday removed three Chinese companies that supplied motors and flight controllers to military drone makers from its Entity List after a review.",
    );
    let same_listing = (
        3,
        3 * HOUR,
        "Commerce blacklists 16 Chinese drone-parts suppliers",
        "The U.S. Commerce Department added 16 Chinese companies that supply motors and flight controllers for military drones to its Entity List on Tuesday.",
    );
    assert_rule_splits(
        [listing, delisting, same_listing],
        "another report of the listing joins it",
        "one headline imposes a measure, the other lifts one",
    );
}

#[test]
fn keeps_two_matches_of_one_night_apart() {
    // Two Champions League matches the same night, in the same words
    // (a wire's template): only the teams and the scores differ.
    let first = (
        1,
        0,
        "Bayern beat PSG 3-1 in Champions League opener",
        "Two stoppage-time goals settled the night's Champions League opener, a first-leg thriller watched by a record crowd on Wednesday.",
    );
    let second = (
        2,
        HOUR,
        "Arsenal and Real Madrid draw 2-2 in Champions League opener",
        "Two stoppage-time goals settled the night's Champions League opener, a first-leg thriller watched by a record crowd on Wednesday.",
    );
    let same_match = (
        3,
        2 * HOUR,
        "PSG fall 1-3 in Munich as Bayern strike late",
        "Paris Saint-Germain lost 3-1 to Bayern Munich in the Champions League on Wednesday after two late goals.",
    );
    let without_rule = StoryConfig {
        identifier_conflict_factor: 1.0,
        core_identifier_conflict_factor: 1.0,
        ..StoryConfig::default()
    };
    let stories = run(&mut StoryIndex::new(without_rule), &[first, second]);
    assert_eq!(stories[1], stories[0], "without the rule the two merge");
    let stories = run(
        &mut StoryIndex::new(StoryConfig::default()),
        &[first, second, same_match],
    );
    assert_ne!(stories[1], stories[0], "two matches, two stories");
    assert_eq!(stories[2], stories[0], "the other side's report joins");
}

#[test]
fn an_amount_after_a_currency_code_is_an_amount() {
    // A trade title writes "EUR100 million" where others write
    // "€100 million": the framework's amount, which a civilian
    // contract of the next day does not share. Read as a name
    // ("EUR100"), the amount was missed and the two merged.
    let framework = (
        1,
        0,
        "AMIAD awards Mistral AI framework for LLMs on classified French networks",
        "France's Agence ministérielle pour l'IA de défense has awarded Mistral AI a four-year framework with a ceiling of EUR100 million for on-premise large language models. An initial order of about EUR18 million covers the armed forces staff and military intelligence directorate.",
    );
    let civilian = (
        2,
        HOUR,
        "France Travail va déployer les modèles de Mistral AI auprès de ses conseillers",
        "L'opérateur public de l'emploi a signé un contrat de 12 millions d'euros avec Mistral AI pour fournir un assistant conversationnel à ses 45 000 agents.",
    );
    let same_deal = (
        3,
        2 * HOUR,
        "France signs €100 million military AI deal with Mistral",
        "France's defence ministry has signed a framework agreement worth up to €100 million with Mistral AI to run language models on classified networks.",
    );
    let stories = run(
        &mut StoryIndex::new(StoryConfig::default()),
        &[framework, civilian, same_deal],
    );
    assert_ne!(stories[1], stories[0], "two contracts, two stories");
    assert_eq!(stories[2], stories[0], "the same framework joins");
    let miss = said_after(framework, civilian);
    assert!(miss.contains("amounts"), "{miss}");
}

/// The first two items merge with the actor and direction rules off and
/// split with them on, the miss naming the rule (`said`); the third
/// joins the first.
fn assert_rule_splits(items: [(FeedKey, i64, &str, &str); 3], joins: &str, said: &str) {
    let [first, second, _] = items;
    let without_rule = StoryConfig {
        actor_conflict_factor: 1.0,
        direction_conflict_factor: 1.0,
        leadership_conflict_factor: 1.0,
        oversight_conflict_factor: 1.0,
        follow_up_conflict_factor: 1.0,
        ..StoryConfig::default()
    };
    let stories = run(&mut StoryIndex::new(without_rule), &[first, second]);
    assert_eq!(stories[1], stories[0], "without the rule the two merge");
    let stories = run(&mut StoryIndex::new(StoryConfig::default()), &items);
    assert_ne!(stories[1], stories[0], "two events, two stories");
    assert_eq!(stories[2], stories[0], "{joins}");
    let miss = said_after(first, second);
    assert!(miss.contains(said), "{miss}");
}

/// What the index, with the default configuration and holding `first`,
/// says of `second` (a join or a miss, with its reasons).
fn said_after(first: (FeedKey, i64, &str, &str), second: (FeedKey, i64, &str, &str)) -> String {
    let mut index = StoryIndex::new(StoryConfig::default());
    run(&mut index, &[first]);
    index
        .assign(&f(second.2, second.3), second.0, second.1)
        .to_string()
}

#[test]
fn explains_a_miss() {
    let mut index = StoryIndex::new(StoryConfig::default());
    run(
        &mut index,
        &[(
            1,
            0,
            "Siemens wins Berlin rail signalling order",
            "Siemens Mobility will upgrade signalling on the S-Bahn.",
        )],
    );
    let decision = index.assign(
        &f(
            "Siemens shares rise after results",
            "Siemens reported quarterly profit above forecasts.",
        ),
        2,
        HOUR,
    );
    match &decision {
        Decision::New {
            nearest: Some((m, _)),
        } => {
            assert_eq!(m.story, 1);
            assert!(m.shared.contains(&"Siemens".to_string()));
        }
        other => panic!("expected a miss with a nearest story, got {other:?}"),
    }
    assert!(
        decision
            .to_string()
            .starts_with("new story; nearest story 1")
    );
    let none = index.assign(&f("Weather", "Sunny"), 2, HOUR);
    assert_eq!(none, Decision::New { nearest: None });
    let few = |shared| Miss::TooFewShared { shared, needed: 3 }.to_string();
    assert_eq!(few(1), "1 term in common, 3 needed");
    assert_eq!(few(2), "2 terms in common, 3 needed");
}

/// A poll's stored items are candidates for that poll only until it
/// commits; a rolled-back poll's items are nobody's candidates.
#[test]
fn pending_items_are_seen_by_their_poll_until_it_commits() {
    let mut index = StoryIndex::new(StoryConfig::default());
    let first = f(
        "OpenAI in talks to bring its models to NATO networks",
        "OpenAI is negotiating with NATO's IT agency to deploy its models on the alliance's unclassified networks.",
    );
    let second = f(
        "ChatGPT maker eyes deal with NATO for unclassified networks",
        "OpenAI is seeking an agreement with NATO's IT agency to put its models on the alliance's unclassified networks.",
    );
    let (a, b) = (1, 2);
    index.insert_pending(10, 100, 1, 0, &first, a);
    // Poll `a` sees its own item; poll `b` and a poll-less caller do not.
    assert_eq!(
        index.assign_for(&second, 2, HOUR, Some(a)).story(),
        Some(100)
    );
    assert_eq!(index.assign_for(&second, 2, HOUR, Some(b)).story(), None);
    assert_eq!(index.assign(&second, 2, HOUR).story(), None);
    assert_eq!(index.pending_poll(10), Some(a));
    index.commit(a);
    assert_eq!(index.pending_poll(10), None);
    assert_eq!(
        index.assign_for(&second, 2, HOUR, Some(b)).story(),
        Some(100)
    );
    assert_eq!(index.assign(&second, 2, HOUR).story(), Some(100));
    assert!(index.pending.is_empty());

    // Rolled back: never a candidate again, even after a commit under
    // the same token (a rerun of the transaction), and uncounted: the
    // window's size, its terms and their rarity are as before it.
    let (terms, before) = (
        index.n_terms(),
        index.assign_for(&second, 3, HOUR, Some(b)).to_string(),
    );
    index.insert_pending(20, 200, 2, 2 * HOUR, &second, b);
    assert_eq!(index.len(), 2);
    index.roll_back(b);
    index.commit(b);
    let decision = index.assign_for(&second, 3, HOUR, Some(b)).to_string();
    assert!(decision.contains("story 100"), "{decision}");
    assert!(!decision.contains("200"), "{decision}");
    assert_eq!(decision, before);
    assert_eq!((index.len(), index.n_terms()), (1, terms));
    index.insert_pending(30, 300, 3, 3 * HOUR, &second, 7);
    index.evict_older_than(i64::MAX);
    assert!(index.is_empty());
    assert!(
        index.pending.is_empty(),
        "evicted pending items are forgotten"
    );
}

#[test]
fn evicts_by_window_and_keeps_frequencies() {
    let mut index = StoryIndex::new(StoryConfig::default());
    let a = f(
        "Rheinmetall opens Unterlüß plant",
        "Rheinmetall opened a munitions plant in Unterlüß.",
    );
    index.insert(1, 1, 1, 0, &a);
    index.insert(2, 1, 2, HOUR, &a);
    let terms = index.n_terms();
    assert!(terms > 0);
    assert_eq!(index.len(), 2);
    // 80 hours later both are outside the 72h window.
    let b = f("Unrelated weather report", "Rain in Hamburg.");
    index.insert(3, 3, 1, 80 * HOUR, &b);
    assert_eq!(index.len(), 1);
    assert!(
        index
            .slots
            .iter()
            .filter(|s| s.df() > 0)
            .all(|s| index.terms.contains_key(&s.key))
    );
    assert_eq!(
        index.terms.len(),
        index.slots.iter().filter(|s| s.df() > 0).count()
    );
    // A late report no longer finds the evicted story.
    assert_eq!(index.assign(&a, 4, 81 * HOUR).story(), None);
    index.evict_older_than(i64::MAX);
    assert!(index.is_empty());
    assert_eq!(index.n_terms(), 0);
}

#[test]
fn caps_items_and_resolves_links_after_many_evictions() {
    let config = StoryConfig {
        max_items: 100,
        ..StoryConfig::default()
    };
    let mut index = StoryIndex::new(config);
    for i in 0..5_000i64 {
        let features = f(
            &format!("Acme{} wins Zeta{} order", i % 7, i % 13),
            &format!(
                "Acme{} said the Zeta{} order is worth ${}m",
                i % 7,
                i % 13,
                i % 50
            ),
        );
        let decision = index.assign(&features, (i % 5) as u32, i * 1000);
        let story = decision.story().unwrap_or(i);
        index.insert(i, story, (i % 5) as u32, i * 1000, &features);
        assert!(index.len() <= 100);
    }
    let df_total: u64 = index.slots.iter().map(|s| u64::from(s.df())).sum();
    let stored: u64 = (index.items.head()..index.items.tail())
        .filter_map(|p| index.items.get(p))
        .map(|r| r.stored_terms() as u64)
        .sum();
    assert_eq!(df_total, stored, "frequencies match the stored terms");
    assert!(index.memory_bytes() > 0);
}

#[test]
fn odd_inputs_never_panic() {
    let mut index = StoryIndex::new(StoryConfig {
        window: std::time::Duration::ZERO,
        time_scale: std::time::Duration::ZERO,
        max_items: 0,
        max_candidates: 0,
        ..StoryConfig::default()
    });
    for (i, at) in [i64::MIN, -1, 0, i64::MAX, 5].into_iter().enumerate() {
        let features = f("NATO NATO NATO", "NATO $1bn 1e9");
        let d = index.assign(&features, 0, at);
        index.insert(i as i64, d.story().unwrap_or(i as i64), 0, at, &features);
    }
    let empty = Features::default();
    let _ = index.assign(&empty, 0, 0);
    index.insert(99, 99, 0, 0, &empty);
}

#[test]
fn keeps_a_vendors_launch_and_the_contract_its_lead_recalls_apart() {
    // A vendor's contract, and its product launch hours later whose lead
    // recalls the contract: the same company, customer and amount.
    let contract = (
        1,
        0,
        "Army awards Kestrel Robotics $90 million drone autopilot contract",
        "The U.S. Army awarded Kestrel Robotics a $90 million contract for autopilot software on its quadcopter drones, the San Diego company said, with deliveries to three brigades from June.",
    );
    let launch = (
        2,
        3 * HOUR,
        "Kestrel Robotics unveils Falcon autopilot for delivery drones",
        "Kestrel Robotics, the San Diego company the U.S. Army awarded a $90 million contract for quadcopter drone autopilot software on Monday, unveiled Falcon, autopilot software for delivery quadcopters.",
    );
    let same_launch = (
        3,
        4 * HOUR,
        "Kestrel Robotics launches Falcon, a delivery-drone autopilot",
        "Kestrel Robotics launched Falcon, an autopilot for delivery quadcopter drones built on the software it sells to the Army.",
    );
    let without_rule = StoryConfig {
        financing_conflict_factor: 1.0,
        ..StoryConfig::default()
    };
    let mut index = StoryIndex::new(without_rule);
    run(&mut index, &[contract]);
    let decision = index.assign(&f(launch.2, launch.3), launch.0, launch.1);
    assert_eq!(
        decision.story(),
        Some(1),
        "without the rule the launch joins the contract: {decision}"
    );
    let stories = run(
        &mut StoryIndex::new(StoryConfig::default()),
        &[contract, launch, same_launch],
    );
    assert_ne!(
        stories[1], stories[0],
        "a contract and a launch, two stories"
    );
    assert_eq!(
        stories[2], stories[1],
        "another report of the launch joins it"
    );
    let said = said_after(contract, launch);
    assert!(
        said.contains("one headline announces a launch, the other does not"),
        "{said}"
    );
}

#[test]
fn a_company_named_only_where_sentences_open_is_a_name_two_reports_share() {
    // Each report writes "Tessaro" only opening the headline and its
    // sentences, where capitals say nothing: still a name they share.
    let wire = (
        1,
        0,
        "UPDATE 2-Tessaro forecasts first-quarter revenue above estimates as data-center sales surge",
        "Tessaro on Wednesday forecast first-quarter revenue of $78.0 billion, above analysts' estimates, after fourth-quarter revenue rose 62% to $71.4 billion. Tessaro's data-center revenue reached $63.2 billion in the quarter.",
    );
    let brief = (
        2,
        HOUR,
        "Tessaro posts $71.4B quarter, guides to $78B",
        "Tessaro's fiscal fourth-quarter revenue rose 62% to $71.4 billion, and it guided to about $78 billion for the current quarter, above Wall Street's estimate.",
    );
    let stories = run(&mut StoryIndex::new(StoryConfig::default()), &[wire, brief]);
    assert_eq!(stories[1], stories[0], "{}", said_after(wire, brief));
}

#[test]
fn two_awards_to_two_vendors_that_cite_each_other_are_two_events() {
    let shield = (
        1,
        0,
        "Army picks Shield AI for $412M launched-effects autonomy deal",
        "The Army awarded Shield AI an agreement worth up to $412 million over five years to put its Hivemind autonomy software on launched-effects drones, Army Contracting Command said Wednesday. Hours later it awarded Palantir a $780 million maintenance contract.",
    );
    let palantir = f(
        "Army hands Palantir $780M predictive-maintenance AI deal across all active divisions",
        "Palantir will roll out its predictive-maintenance AI to all 11 active Army divisions under a five-year, $780 million contract announced Wednesday evening. The award came the same day the service picked Shield AI for a separate $412 million autonomy deal.",
    );
    let mut index = StoryIndex::new(StoryConfig::default());
    run(&mut index, &[shield]);
    let decision = index.assign(&palantir, 2, 6 * HOUR);
    let said = decision.to_string();
    assert!(decision.story().is_none(), "{said}");
    assert!(
        said.contains("an award's headline names a vendor"),
        "{said}"
    );
    // The rule off, the two share enough to join.
    let mut off = StoryIndex::new(StoryConfig {
        award_conflict_factor: 1.0,
        ..StoryConfig::default()
    });
    run(&mut off, &[shield]);
    let joined = off.assign(&palantir, 2, 6 * HOUR);
    assert!(joined.story().is_some(), "{joined}");
}

#[test]
fn an_award_told_by_its_product_joins_the_award() {
    // The same award, one headline naming the vendor, the other its
    // product (and the vendor only past its lead), both the amount: one
    // event.
    let vendor = (
        1,
        0,
        "US Air Force taps Shield AI to fly drone wingmen in $640 mln award",
        "The U.S. Air Force picked Shield AI for its drone wingmen under a $640 million award, the service said on Tuesday.",
    );
    let product = f(
        "Hivemind picked to fly Air Force drone wingmen in $640M deal",
        "The Air Force chose the Hivemind autonomy software to fly its drone wingmen under the $640 million award announced Tuesday. Hivemind is Shield AI's.",
    );
    let mut index = StoryIndex::new(StoryConfig::default());
    let stories = run(&mut index, &[vendor]);
    let decision = index.assign(&product, 2, 2 * HOUR);
    assert_eq!(decision.story(), stories.first().copied(), "{decision}");
}

#[test]
fn one_labs_two_model_versions_of_a_day_are_two_events() {
    // A release and a price cut of the same morning: each report names its
    // own version up front and the other's further down.
    let release = (
        1,
        0,
        "Corvid ships Osprey 5 with a million-token context window",
        "Corvid Labs released Osprey 5, its new flagship model, on Tuesday with a one-million-token context window and a top score on the company's coding benchmark. Osprey 4 stays available at a lower price.",
    );
    let price_cut = f(
        "Corvid halves Osprey 4 prices as older model is cleared out",
        "Corvid Labs cut the price of its Osprey 4 model by half on Tuesday, to $1 per million input tokens. The cut came hours after the company released Osprey 5, its new flagship model with a one-million-token context window.",
    );
    let mut index = StoryIndex::new(StoryConfig::default());
    run(&mut index, &[release]);
    let decision = index.assign(&price_cut, 2, 2 * HOUR);
    let said = decision.to_string();
    assert!(decision.story().is_none(), "{said}");
    assert!(said.contains("numbers a thing under one label"), "{said}");
    // The rule off, the two share enough to join.
    let mut off = StoryIndex::new(StoryConfig {
        core_identifier_conflict_factor: 1.0,
        ..StoryConfig::default()
    });
    run(&mut off, &[release]);
    let joined = off.assign(&price_cut, 2, 2 * HOUR);
    assert!(joined.story().is_some(), "{joined}");
    // Another outlet's report of the release, naming the older version in
    // its lead too, joins it.
    let second_release = f(
        "Osprey 5 arrives: Corvid's new model reads a million tokens",
        "Corvid Labs' Osprey 5, released Tuesday, replaces Osprey 4 as its flagship with a one-million-token context window and a top coding score.",
    );
    let mut index = StoryIndex::new(StoryConfig::default());
    let stories = run(&mut index, &[release]);
    let decision = index.assign(&second_release, 3, 3 * HOUR);
    assert_eq!(decision.story(), stories.first().copied(), "{decision}");
}

#[test]
fn a_government_answering_another_s_measure_joins_none_of_its_reports() {
    // Washington's tariffs and a market reaction that names no government;
    // the next day Brussels answers with tariffs of its own. The answer
    // shares the tariffs, the goods and both names with the reaction, and
    // is a second event all the same.
    let measure = (
        1,
        0,
        "US to slap 25% tariffs on $38 bln of EU machinery, auto parts",
        "The United States will impose 25% tariffs on $38 billion of European Union machinery and auto parts from Sept. 1, the U.S. Trade Representative said.",
    );
    let reaction = (
        2,
        2 * HOUR,
        "European machinery stocks slide on new U.S. tariffs",
        "European machinery makers sold off after Washington said it would put 25% tariffs on $38 billion of EU machinery and auto parts from Sept. 1.",
    );
    let answer = f(
        "EU hits back at US with tariffs on €33bn of American goods",
        "The European Commission announced 25% tariffs on €33 billion of US goods, a day after Washington's 25% tariffs on EU machinery and auto parts.",
    );
    let mut index = StoryIndex::new(StoryConfig::default());
    let stories = run(&mut index, &[measure, reaction]);
    assert_eq!(
        stories[1], stories[0],
        "the reaction is the measure's story"
    );
    let decision = index.assign(&answer, 3, 20 * HOUR);
    assert!(decision.story().is_none(), "{decision}");
    assert!(
        decision
            .to_string()
            .contains("answers another's measure that the story reports"),
        "{decision}"
    );
    // A government's promise to answer is a reaction, and joins.
    let promise = f(
        "EU vows to hit back at US over 25% tariffs on machinery",
        "The European Commission said it would answer Washington's 25% tariffs on $38 billion of EU machinery and auto parts.",
    );
    let joined = index.assign(&promise, 3, 3 * HOUR);
    assert_eq!(joined.story(), Some(stories[0]), "{joined}");
}

#[test]
fn keeps_a_plant_announced_and_the_contract_its_lead_recalls_apart() {
    // The same company's contract in the morning and its plant announced
    // in the afternoon, whose lead recalls the contract.
    let contract = (
        1,
        0,
        "Germany picks Helsing for 318 mln euro air force AI targeting software",
        "Germany's procurement agency picked Helsing to supply AI target-recognition software for the air force's Eurofighters under a 318 million euro contract.",
    );
    let plant = f(
        "Helsing to build strike-drone factory in Lithuania",
        "Helsing will open a factory near Kaunas to assemble strike drones, hours after it was picked for a German air force AI software contract.",
    );
    let mut index = StoryIndex::new(StoryConfig::default());
    run(&mut index, &[contract]);
    let decision = index.assign(&plant, 2, 5 * HOUR);
    assert!(decision.story().is_none(), "{decision}");
    // A report that speaks of the plant too is the plant's story.
    let mut index = StoryIndex::new(StoryConfig::default());
    let stories = run(
        &mut index,
        &[
            (
                1,
                0,
                "Helsing to build strike-drone factory in Lithuania",
                "Helsing will open a factory near Kaunas to assemble up to 1,000 strike drones a month from mid-2028, backed by a Lithuanian state guarantee.",
            ),
            (
                2,
                2 * HOUR,
                "Lithuania lands Helsing's 300-job drone factory near Kaunas",
                "Helsing's factory near Kaunas will assemble up to 1,000 strike drones a month from mid-2028 with a Lithuanian state guarantee.",
            ),
        ],
    );
    assert_eq!(stories[1], stories[0]);
}

/// The Nobel prizes of one week: two fields, two events, though the
/// reports share the prize, the academy and the money; another report of
/// the first prize joins it.
#[test]
fn two_prizes_fields_are_two_events() {
    let medicine = (
        1,
        0,
        "Nobel Prize in medicine goes to scientists who found how the gut tells the brain it is full",
        "STOCKHOLM (AP) — Three scientists won the Nobel Prize in physiology or medicine on Monday for discovering the nerve cells and hormones through which the gut tells the brain that a meal is over, work that laid the foundations for a new generation of obesity drugs. The three will share the 11 million Swedish kronor ($1.1 million) prize. The Nobel Prize in physics will be announced Tuesday.",
    );
    let physics = (
        2,
        4 * HOUR,
        "Nobel Prize in physics awarded for optical clocks that keep time to a billionth of a billionth",
        "The 2027 Nobel Prize in physics has been awarded to three researchers whose optical lattice clocks are so precise they would lose less than a second over the age of the universe. The Royal Swedish Academy of Sciences said the prize goes to Japanese physicist Kenji Arakawa, French physicist Claire Dumont and American physicist Robert Hale.",
    );
    let medicine_again = (
        3,
        2 * HOUR,
        "Medicine Nobel for the scientists who found how the gut tells the brain a meal is over",
        "Three scientists won the Nobel Prize in physiology or medicine for discovering how the gut tells the brain that a meal is over, and will share the 11 million Swedish kronor prize.",
    );
    let mut off = StoryIndex::new(StoryConfig {
        field_conflict_factor: 1.0,
        ..StoryConfig::default()
    });
    let _ = run(&mut off, &[medicine]);
    let said = off
        .assign(&f(physics.2, physics.3), 2, 4 * HOUR)
        .to_string();
    assert!(!said.contains("prize's field"), "{said}");
    let mut index = StoryIndex::new(StoryConfig::default());
    let stories = run(&mut index, &[medicine, medicine_again, physics]);
    assert_eq!(stories[1], stories[0], "one prize, one story");
    assert_ne!(stories[2], stories[0], "two prizes, two stories");
    let mut index = StoryIndex::new(StoryConfig::default());
    let _ = run(&mut index, &[medicine]);
    let miss = index
        .assign(&f(physics.2, physics.3), 2, 4 * HOUR)
        .to_string();
    assert!(miss.contains("prize's field"), "{miss}");
    // No prize in the headlines: "peace" and "medicine" are other news's
    // words.
    let talks = (
        1,
        0,
        "Gaza peace talks stall in Cairo as mediators leave",
        "Gaza peace talks stalled in Cairo on Monday as Egyptian and Qatari mediators left without a date for the next round.",
    );
    let shortage = (
        2,
        HOUR,
        "Medicine runs short in Gaza as peace talks stall in Cairo",
        "Hospitals in Gaza ran short of medicine on Monday as peace talks stalled in Cairo and Egyptian and Qatari mediators left.",
    );
    let mut index = StoryIndex::new(StoryConfig::default());
    let _ = run(&mut index, &[talks]);
    let said = index
        .assign(&f(shortage.2, shortage.3), 2, HOUR)
        .to_string();
    assert!(!said.contains("prize's field"), "{said}");
}

/// A French report whose own words, new to the window, outrank the one
/// name an earlier preview already holds ("Ostral", its seventeenth term by
/// weight times rarity) still indexes that name: the English report of the
/// same listing finds it, where it found no item at all before.
#[test]
fn a_report_in_another_language_is_found_through_a_name_past_its_first_words() {
    let mut index = StoryIndex::new(StoryConfig::default());
    run(
        &mut index,
        &[
            (
                1,
                0,
                "The week ahead: G7 trade ministers in Savannah, a defence-AI IPO in Paris",
                "What we are watching this week: G7 trade ministers gather in Savannah; French defence-AI firm Ostral AI starts trading on Euronext Paris.",
            ),
            (
                2,
                2 * HOUR,
                "Ostral AI fait ses premiers pas en Bourse ce lundi",
                "La société parisienne spécialisée dans l'analyse d'images par intelligence artificielle pour les armées est cotée à partir de ce lundi sur Euronext Paris. Le prix de l'offre a été fixé à 21,50 euros par action, valorisant l'entreprise à environ 2,3 milliards d'euros.",
            ),
        ],
    );
    let decision = index.assign(
        &f(
            "UPDATE 2-Ostral AI shares jump 24% in Paris debut as investors bet on defence tech",
            "PARIS, Nov 15 (Reuters) - Shares in French defence-AI company Ostral AI rose 24% on their first day of trading on Euronext Paris on Monday, giving the company a market value of about 2.9 billion euros.",
        ),
        3,
        9 * HOUR,
    );
    assert!(
        decision.to_string().contains("Ostral"),
        "the French report is not even a candidate: {decision}"
    );
}
