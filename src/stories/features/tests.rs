use super::*;

/// The keys of the names in `title`.
fn names(title: &str) -> Vec<u64> {
    let f = Features::extract(title, "", "");
    f.terms()
        .iter()
        .filter(|t| t.kind == TermKind::Name)
        .map(|t| t.key)
        .collect()
}

#[test]
fn the_currency_of_the_lead_amounts() {
    for (title, lead, currency) in [
        (
            "Rheinmetall books 2.9 bln euro German shell order",
            "",
            Currency::Euro,
        ),
        (
            "Rheinmetall stock climbs after $3.4 billion order",
            "",
            Currency::Dollar,
        ),
        (
            "Beschaffungsamt bestellt für 410 Millionen Euro",
            "",
            Currency::Euro,
        ),
        ("Helsing wins €410M deal", "", Currency::Euro),
        ("Taiwan passes NT$980 billion budget", "", Currency::Unknown),
        ("Kongsberg lands NKr2.1bn order", "", Currency::Unknown),
        (
            "Saab shares jump 6% as Peru picks Gripen",
            "Shares rose as much as 6.2%.",
            Currency::Move,
        ),
        (
            "Saab shares jump 6% as Peru signs $2.6 billion deal",
            "",
            Currency::Dollar,
        ),
        // A count is no sum of money.
        (
            "Peru signs for 12 fighters, shares up 6%",
            "",
            Currency::Move,
        ),
        (
            "Deal worth €410m",
            "That is about $445 million.",
            Currency::Unknown,
        ),
        (
            "Shares rise 5% after results",
            "Revenue grew 12%.",
            Currency::Move,
        ),
        // Rates, no move.
        (
            "EU sets duties of 12.7%-34.6% on Chinese turbines",
            "",
            Currency::Unknown,
        ),
        ("Nvidia-Aktie steigt um 4 Prozent", "", Currency::Move),
        (
            "Shares rise 5% after results",
            "Revenue grew 12% to 4.1 billion kronor.",
            Currency::Unknown,
        ),
        (
            "Army order",
            "The Army ordered shells worth US$500 million.",
            Currency::Dollar,
        ),
    ] {
        assert_eq!(
            Features::extract(title, lead, "").currency(),
            currency,
            "{title} / {lead}"
        );
    }
    assert!(Currency::Dollar.converts(Currency::Euro));
    assert!(!Currency::Dollar.converts(Currency::Dollar));
    assert!(!Currency::Unknown.converts(Currency::Euro));
    // A market's move against any other amount; against another move it
    // may be another event.
    assert!(Currency::Move.measures(Currency::Dollar));
    assert!(Currency::Euro.measures(Currency::Move));
    assert!(Currency::Unknown.measures(Currency::Move));
    assert!(!Currency::Move.measures(Currency::Move));
    assert!(!Currency::Dollar.measures(Currency::Euro));
    assert!(!Currency::Move.converts(Currency::Dollar));
    for c in [
        Currency::Unknown,
        Currency::Dollar,
        Currency::Euro,
        Currency::Move,
    ] {
        assert_eq!(Currency::from_bits(c as u8), c);
    }
}

#[test]
fn capitals_are_their_country_in_every_language() {
    for (a, b, country) in [
        ("Talks in Tokyo", "Gespräche in Tokio", "Japan"),
        ("Talks in Kyiv", "Gespräche in Kiew", "Ukraine"),
        (
            "Talks in The Hague",
            "Négociations à La Haye",
            "Netherlands",
        ),
    ] {
        let country = names(country);
        assert_eq!(country.len(), 1);
        assert_eq!(names(a), country, "{a}");
        assert!(names(b).contains(&country[0]), "{b}");
    }
}

#[test]
fn fields_products_and_job_titles_name_no_one() {
    let f = Features::extract("Why Nvidia CEO says GPU, LLMs and KI demand holds", "", "");
    let field = |written: &str| {
        let term = f
            .terms()
            .iter()
            .find(|t| f.display(t) == written)
            .unwrap_or_else(|| panic!("a term for {written}"));
        assert_eq!(term.kind, TermKind::Name, "{written}");
        super::super::text::is_field_name(term.key)
    };
    assert!(field("CEO") && field("GPU") && field("LLMs") && field("KI"));
    assert!(!field("Nvidia"));
    // An acronym's plural is the acronym: "GPUs" meets "GPU".
    let key = |title: &str, written: &str| {
        let f = Features::extract(title, "", "");
        f.terms()
            .iter()
            .find(|t| f.display(t) == written)
            .map(|t| t.key)
    };
    assert_eq!(
        key("Why Nvidia ships GPUs", "GPUs"),
        key("Why Nvidia ships a GPU", "GPU")
    );
    assert!(key("Why Nvidia ships GPUs", "GPUs").is_some());
}

#[test]
fn hyphenated_countries_and_washington_are_whole_countries() {
    // "Etats-Unis" is the US (not the names "Etats" and "Unis"), with
    // or without its accent; "Royaume-Uni" the UK.
    let us = names("Talks in the US");
    assert_eq!(us.len(), 1);
    for text in [
        "Trois hommes inculpés aux Etats-Unis",
        "Trois hommes inculpés aux États-Unis",
    ] {
        assert_eq!(names(text), us, "{text}");
    }
    assert_eq!(
        names("Accord avec le Royaume-Uni"),
        names("Deal with Britain")
    );
    // A German genitive ("Koreas größter Konzern", "Europas
    // Stahlkocher") is the country or bloc.
    assert_eq!(
        names("Rekordgewinn für Koreas größten Konzern"),
        names("Talks in Korea")
    );
    assert_eq!(
        names("Schutzwall für Europas Stahlkocher"),
        names("Talks in the EU")
    );
    // Smaller countries too, in the three languages.
    assert_eq!(
        names("Le gaz européen s'envole après l'arrêt d'un site norvégien"),
        names("Gas jumps in the EU after fire at Norway plant")
    );
    // "les Vingt-Sept" are the EU; "vingt-sept morts" is a number.
    assert_eq!(
        names("Les Vingt-Sept s'endettent ensemble"),
        names("The EU borrows together")
    );
    assert!(names("Un bilan de vingt-sept morts").is_empty());
    // The US capital counts as a whole country, like "US".
    let f = Features::extract(
        "Washington et Pékin prolongent leur trêve commerciale",
        "Les négociateurs de Washington ont cédé.",
        "",
    );
    let washington = f
        .terms()
        .iter()
        .find(|t| f.display(t) == "Washington")
        .expect("a term for Washington");
    assert!(washington.ubiquitous, "{washington:?}");
    // A name no list knows is no whole country.
    let f = Features::extract("Rheinmetall wins an order", "", "");
    assert!(f.terms().iter().all(|t| !t.ubiquitous));
}

#[test]
fn a_precise_amount_also_has_the_key_it_rounds_to() {
    let key = |text: &str, rounded: bool| -> Vec<u64> {
        Features::extract(text, "", "")
            .terms()
            .iter()
            .filter(|t| {
                t.rounded == rounded && matches!(t.kind, TermKind::Number | TermKind::SmallNumber)
            })
            .map(|t| t.key)
            .collect()
    };
    for (precise, coarse) in [
        (
            "Pentagon seeks $1.07 trillion",
            "Pentagon seeks $1 trillion",
        ),
        ("Watchdog fines app €6.2M", "Watchdog fines app €6m"),
        (
            "Backlog reaches $612 billion",
            "Backlog reaches $600 billion",
        ),
        (
            "Outage hits 312,000 customers",
            "Outage hits 300,000 customers",
        ),
        ("Shares rise 6.4%", "Shares rise 6%"),
    ] {
        let rounded = key(precise, true);
        assert_eq!(rounded.len(), 1, "{precise}");
        assert_eq!(key(coarse, false), rounded, "{precise} / {coarse}");
        assert!(key(coarse, true).is_empty(), "{coarse}");
        assert!(!key(precise, false).contains(&rounded[0]), "{precise}");
    }
    // $1.5 billion rounds to $2 billion, not $1 billion.
    assert_eq!(
        key("Deal worth $1.5 billion", true),
        key("Deal worth $2 billion", false)
    );
    // Small numbers (years, counts) have no rounding.
    assert!(key("Hospital closes 3 wards in 2026", true).is_empty());
    // Both forms in one report: one term, the amount as written.
    let both = Features::extract(
        "Budget tops $1 trillion",
        "The request is $1.07 trillion.",
        "",
    );
    let coarse = key("Budget tops $1 trillion", false);
    let at: Vec<&Term> = both.terms().iter().filter(|t| t.key == coarse[0]).collect();
    assert_eq!(at.len(), 1);
    assert!(!at[0].rounded && at[0].kind == TermKind::Number);
    assert_eq!(both.display(at[0]), "$1 trillion");
}

#[test]
fn members_of_the_european_parliament_are_one_name_in_every_language() {
    let meps = names("MEPs");
    assert_eq!(meps.len(), 1);
    for title in [
        "MEPs back delay to AI rules",
        "Les eurodéputés repoussent les règles sur l'IA",
        "Europaabgeordnete stimmen für Aufschub der KI-Regeln",
    ] {
        assert!(names(title).contains(&meps[0]), "{title}");
    }
}

#[test]
fn institutions_are_one_name_in_every_language() {
    for (forms, english) in [
        (
            ["L'Opep+ gèle ses hausses de production"],
            "OPEC+ pauses output hikes",
        ),
        (["Le FMI relève sa prévision"], "IMF raises its forecast"),
        (
            ["Der IWF hebt seine Prognose an"],
            "IMF raises its forecast",
        ),
        (["L'OMC tranche le litige"], "WTO rules on the dispute"),
    ] {
        let name = names(english);
        assert_eq!(name.len(), 1, "{english}");
        for title in forms {
            assert!(names(title).contains(&name[0]), "{title}");
        }
    }
}

#[test]
fn german_places_are_names_in_german_and_meet_their_english_forms() {
    for (german, english, place) in [
        (
            "Ransomware-Angriff legt Klinikum Kassel lahm",
            "Hackers shut down Kassel hospital",
            "Kassel",
        ),
        (
            "Hackerangriff auf Kasseler Klinikum",
            "Hackers shut down Kassel hospital",
            "Kassel",
        ),
        (
            "Münchner Rückversicherer meldet Gewinn",
            "Munich reinsurer reports profit",
            "Munich",
        ),
        (
            "Kölner Dom wird saniert",
            "Cologne cathedral to be restored",
            "Cologne",
        ),
        (
            "Hessen beschließt Haushalt",
            "Hesse passes its budget",
            "Hesse",
        ),
    ] {
        let place = names(place);
        assert_eq!(place.len(), 1, "{german}");
        assert!(names(german).contains(&place[0]), "{german}");
        assert!(names(english).contains(&place[0]), "{english}");
    }
    // A word with a common sense stays a word: "Essen" is food.
    let f = Features::extract("Das Essen in der Kantine wird teurer", "", "");
    assert!(f.terms().iter().all(|t| t.kind != TermKind::Name));
}

#[test]
fn a_us_state_is_one_name_wherever_it_is_capitalised() {
    let f = Features::extract(
        "California Assembly votes to keep AI companions from kids",
        "New York senators passed a similar bill. Jersey Township voters in Ohio rejected a data center.",
        "",
    );
    let states: Vec<&str> = f
        .terms()
        .iter()
        .filter(|t| t.kind == TermKind::Name && super::super::text::is_state(t.key))
        .map(|t| f.display(t))
        .collect();
    // A headline's first word too; "New York" as one name; Ohio's
    // "Jersey Township" is no New Jersey.
    assert_eq!(states, ["California", "York", "Ohio"]);
}

fn terms(title: &str, summary: &str) -> Vec<(String, TermKind)> {
    let f = Features::extract(title, summary, "");
    let mut out: Vec<(String, TermKind)> = f
        .terms()
        .iter()
        .map(|t| (f.display(t).to_string(), t.kind))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn keys(title: &str, summary: &str) -> Vec<u64> {
    let mut k: Vec<u64> = Features::extract(title, summary, "")
        .terms()
        .iter()
        .map(|t| t.key)
        .collect();
    k.sort_unstable();
    k
}

fn kind_of(title: &str, summary: &str, word: &str) -> Option<TermKind> {
    terms(title, summary)
        .into_iter()
        .find(|(d, _)| d == word)
        .map(|(_, k)| k)
}

#[test]
fn a_headlines_tally_is_an_identifier_in_either_order() {
    // A tally's label; a tally in the summary is not the headline's.
    let dash = ident_label(ident_key(TALLY_LABEL, "0"));
    let tally = |title: &str| -> Vec<String> {
        let f = Features::extract(title, "Tottenham 2-1 Arsenal, in the summary.", "");
        f.terms()
            .iter()
            .filter(|t| ident_label(t.key) == dash)
            .map(|t| format!("{:x}", t.key))
            .collect()
    };
    let won = tally("Bayern beats PSG 3-1 in Champions League opener");
    assert_eq!(won.len(), 1);
    assert_eq!(tally("PSG fall 1-3 in Munich"), won);
    assert_eq!(tally("Bayern schlägt Paris 3:1 \u{2013} Doppelschlag"), won);
    assert_eq!(
        tally("Champions League: Bayern Munich 3\u{2013}1 Paris St-Germain"),
        won
    );
    assert_ne!(tally("Arsenal hold Real Madrid 2-2 at the Bernabéu"), won);
    assert_eq!(
        tally("California Senate passes AI hiring bill, 27-10").len(),
        1
    );
    for title in [
        "Germany's 2026-27 budget",
        "Analysts see $3-4 billion in sales",
        "Markets open at 9:05",
        "Polls show 3-1% swing",
        "Vote set for 3-1-2027",
        "Draft v1.3-2 of the rules",
        "Tottenham beat Arsenal",
    ] {
        assert!(tally(title).is_empty(), "{title}");
    }
}

#[test]
fn keeps_identifiers_whole_but_not_scores_or_years() {
    let idents = |title: &str, summary: &str| -> Vec<String> {
        let f = Features::extract(title, summary, "");
        let mut out: Vec<String> = f
            .terms()
            .iter()
            .filter(|t| ident_label(t.key).is_some())
            .map(|t| f.display(t).to_string())
            .collect();
        out.sort();
        out
    };
    assert_eq!(
        idents(
            "Senate passes House Bill 2217",
            "Meta's Llama 5 arrives; Tottenham 2-1 Arsenal; Committee 5-2 vote; Q1 2026 sales; Bill, 2218.",
        ),
        ["Bill 2217", "Llama 5"]
    );
    // One label and number: one key, whatever the case; another number,
    // another key under the same label.
    let key = |text: &str| {
        Features::extract(text, "", "")
            .terms()
            .iter()
            .map(|t| t.key)
            .find(|k| ident_label(*k).is_some())
    };
    let (a, b, c) = (
        key("the BILL 2217 vote"),
        key("the Bill 2217 vote"),
        key("the Bill 2214 vote"),
    );
    assert!(a.is_some());
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_eq!(a.and_then(ident_label), c.and_then(ident_label));
    // An ordinary term is no identifier.
    assert!(
        Features::extract("OpenAI signs NATO deal", "", "")
            .terms()
            .iter()
            .all(|t| ident_label(t.key).is_none())
    );
}

#[test]
fn finds_names_and_drops_function_words() {
    let t = terms(
        "OpenAI in talks to bring its models to NATO networks",
        "The ChatGPT maker is negotiating with the alliance, Sam Altman said on Tuesday.",
    );
    let names: Vec<&str> = t
        .iter()
        .filter(|(_, k)| *k == TermKind::Name)
        .map(|(d, _)| d.as_str())
        .collect();
    assert_eq!(names, ["Altman", "ChatGPT", "NATO", "OpenAI", "Sam"]);
    assert!(
        t.iter()
            .all(|(d, _)| d != "the" && d != "Tuesday" && d != "said")
    );
}

#[test]
fn title_case_headlines_are_not_names() {
    let title = "ChatGPT Creator Eyes Deal to Bring AI Technology to NATO Networks";
    assert_eq!(kind_of(title, "", "Creator"), Some(TermKind::Word));
    assert_eq!(kind_of(title, "", "Eyes"), Some(TermKind::Word));
    assert_eq!(kind_of(title, "", "NATO"), Some(TermKind::Name));
    assert_eq!(kind_of(title, "", "AI"), Some(TermKind::Name));
    // A sentence-case headline's mid-sentence capital is a name.
    assert_eq!(
        kind_of("Pentagon picks Anduril for drone contract", "", "Anduril"),
        Some(TermKind::Name)
    );
}

#[test]
fn a_word_only_ever_opening_sentences_is_a_name_at_a_words_weight() {
    // "Nvidia" opens the headline and the summary, never in lower case.
    let title = "Nvidia posts $71.4B quarter, guides to $78B";
    let summary = "Nvidia said revenue rose 62%. Analysts had expected less.";
    assert_eq!(kind_of(title, summary, "Nvidia"), Some(TermKind::Name));
    let weight = |f: &Features, word: &str| {
        f.terms()
            .iter()
            .find(|t| f.display(t) == word)
            .map(|t| t.weight)
    };
    // At a word's weight: the same text in lower case makes "nvidia" a
    // word in the same places.
    let nvidia = Features::extract(title, summary, "");
    let lower = Features::extract(&title.to_lowercase(), &summary.to_lowercase(), "");
    assert_eq!(
        kind_of(&title.to_lowercase(), "", "nvidia"),
        Some(TermKind::Word)
    );
    assert!(weight(&nvidia, "Nvidia").is_some());
    assert_eq!(weight(&nvidia, "Nvidia"), weight(&lower, "nvidia"));
    // Once is any sentence's first word; a word also written in lower
    // case is a word; German capitals say nothing.
    assert_eq!(kind_of(title, "", "Nvidia"), Some(TermKind::Word));
    assert_eq!(
        kind_of(
            "Analysts cheer",
            "Analysts said the analysts were right.",
            "Analysts"
        ),
        Some(TermKind::Word)
    );
    assert_eq!(
        kind_of(
            "Rechenzentren treiben den Umsatz",
            "Rechenzentren brachten 63 Milliarden Dollar ein.",
            "Rechenzentren"
        ),
        Some(TermKind::Word)
    );
}

#[test]
fn names_meet_across_languages_and_positions() {
    let en = keys("OpenAI in talks with NATO", "");
    let de = keys("OpenAI verhandelt mit der NATO", "");
    let shared = en.iter().filter(|k| de.contains(k)).count();
    assert_eq!(shared, 2);
    // "Anthropic" at a sentence start and in the middle: one term.
    let a = keys("Anthropic wins deal", "");
    let b = keys("Army picks Anthropic", "");
    assert!(a.iter().any(|k| b.contains(k)));
}

#[test]
fn words_are_stemmed_and_numbers_normalised() {
    assert_eq!(
        keys("", "signed contracts"),
        keys("", "signing contract"),
        "stems meet"
    );
    let a = keys("", "a $200m deal");
    let b = keys("", "a 200 million deal");
    assert_eq!(a, b);
    let c = keys("", "Le contrat de 2,1 milliards d'euros");
    let d = keys("", "Der Vertrag über 2,1 Milliarden Euro");
    let e = keys("", "a €2.1bn contract");
    let f = keys("", "a EUR2.1 billion contract");
    let num = |k: &[u64]| {
        k.iter()
            .copied()
            .find(|x| c.contains(x) && d.contains(x) && e.contains(x) && f.contains(x))
    };
    assert!(num(&c).is_some(), "2.1 billion in four forms");
}

#[test]
fn wire_prefixes_do_not_count() {
    assert_eq!(
        keys("UPDATE 2-EXCLUSIVE-OpenAI in talks with NATO", ""),
        keys("OpenAI in talks with NATO", "")
    );
}

#[test]
fn order_key_follows_total_cmp() {
    let weights = [
        f32::NEG_INFINITY,
        -2.0,
        -0.0,
        0.0,
        1e-40,
        0.2,
        0.35,
        1.6,
        2.56,
        f32::INFINITY,
        f32::NAN,
    ];
    let term = |weight: f32, key: u64| Term {
        key,
        kind: TermKind::Word,
        weight,
        display: (0, 0),
        fields: 0,
        ubiquitous: false,
        place: false,
        rounded: false,
        before: 0,
    };
    for a in weights {
        for b in weights {
            for (fa, fb, ka, kb) in [(1, 2, 5, 5), (2, 1, 5, 5), (1, 1, 4, 9), (1, 1, 9, 4)] {
                let (x, y) = ((term(a, ka), fa), (term(b, kb), fb));
                let expected = b.total_cmp(&a).then(fa.cmp(&fb)).then(ka.cmp(&kb));
                assert_eq!(order_key(&x).cmp(&order_key(&y)), expected, "{a} {b}");
            }
        }
    }
}

#[test]
fn empty_and_odd_input() {
    assert!(Features::extract("", "", "").terms().is_empty());
    assert!(Features::extract("...", "!!", "--").terms().is_empty());
    let long = "Zeta ".repeat(10_000);
    let f = Features::extract(&long, &long, &long);
    assert!(f.terms().len() <= MAX_FEATURE_TERMS);
    let weird = "\u{0}\u{FFFF}𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ﬁ 1e999 99999999999999999999999999999999999999bn %%";
    let _ = Features::extract(weird, weird, weird);
}
