//! Feature extraction's output, pinned: a digest of everything
//! `Features::extract` returns (terms, keys, kinds, weights, fields,
//! display forms, language) over the news corpus (`tests/data/news`), text
//! shaped like the feed farm's (`benches/feed_farm.rs`) and multilingual
//! and odd input. Optimisations of extraction must keep it bit for bit: a
//! change of any term, weight or display form changes the digest.
//!
//! The digest was computed with the extraction code before its speed-ups;
//! if extraction is changed on purpose (new stopwords, other weights),
//! print the new one with `cargo test --test features_digest -- --nocapture`
//! and update `EXPECTED`, saying why in the commit. `verdicts_are_pinned`
//! then names the items whose story verdicts moved (the digest cannot), and
//! `tests/data/verdicts.txt` is rewritten as its comment says.
//!
//! Every text is extracted twice, the second time with warm per-thread
//! caches (the stem memo): both must give the same features.

#[path = "common/news.rs"]
#[allow(dead_code)] // each crate uses what it needs
mod news;

use feedwatch::stories::Features;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::time::Instant;

/// FNV-1a 64 of the corpus's features; see the module comment.
/// (2026-12-02: terms gained `ubiquitous`; without that field the digest is
/// still the previous 0x91b2_c630_fd92_04b5. 2026-12-03: English British
/// spellings take the American stem, `crate::spelling`: "defence" is
/// "defense"; before it, 0x6d9b_1c2b_234a_406c. Later that day features
/// gained `stage`, in the `Debug` form hashed last; the terms are
/// unchanged, and without it the digest is 0x0b0e_87c6_aa4d_d55d.
/// 2026-12-03, evening: a US state is a name wherever it is capitalised, and a
/// state of two words ("New York") one name; before it, 0x4634_135b_b04f_ba95.
/// Then features gained `financing`, hashed after `stage`; the terms are
/// unchanged, and without it the digest is 0x23d5_a106_ac83_ed64.
/// 2026-12-03, night: features gained `prosecution`, hashed after
/// `financing`; the terms are unchanged, and without it the digest is
/// 0xd547_96c2_2c79_6a32 (0x22cd_464b_5985_bf0a before its headline words
/// lost those with a second sense: "charges", "arrest", "condamne"...).
/// 2026-12-03, late: features gained `actors` (the government opening the
/// headline, the chambers it names), hashed after `prosecution`; the terms
/// are unchanged, and without it the digest is 0x6f99_f485_588e_30ca.
/// 2026-12-03, 23:00: features gained `direction` (a measure the headline imposes
/// or lifts), hashed after `actors`; the terms are unchanged, and without it
/// the digest is 0xbee3_0767_a8e8_e1cc.
/// 2026-12-04: a currency code before an amount ("EUR100 million", "GBP
/// 38m") is part of the amount, not a name; the digest was
/// 0x32e9_96b1_9dd2_e7a0, then 0x5bb9_22f1_8cc3_f69d until a country's
/// dollar ("NT$980", "A$64.8bn") kept its letters out of the names too.
/// Later on 2026-12-04: members of the European Parliament are one name in
/// every language ("MEPs", "eurodéputés", "Europaabgeordnete"); the digest
/// was 0x9350_24f6_8dfa_ed94. Then German places are names in German too
/// ("Kasseler Klinikum", "Klinikum Kassel"; `text::PLACES`); before them,
/// 0x41f8_9e90_7fce_5305. Then an amount stated with two significant
/// digits also has the key it rounds to ("$1.07 trillion": "$1 trillion"),
/// a term marked `rounded`; before it, 0x3bb7_9a02_cd93_caa7. Then
/// features gained `leadership` (a change of leaders the headline tells
/// of), hashed after `direction`; the terms are unchanged, and without it
/// the digest is 0x771d_36aa_cff8_6d30. Then a headline announcing a
/// launch and no round or amount is `Financing::Launch`; the terms are
/// unchanged, and before it the digest was 0x859e_89fd_7a51_7ae2. Then
/// the leaders' words lost "leaves" and "succeed" (idioms: "leaves the
/// door open") and "interim" before results; before, 0x1e90_0341_8e35_8db5.
/// Then the direction rule read waivers and licences restored, granted or
/// revoked, "restricts" and "setzt auf die Liste"; the terms are unchanged,
/// and before it the digest was 0x3e84_8e2c_4f99_5805. Then features
/// gained `currency` (of the title's and lead's amounts, dollars or euros);
/// the terms are unchanged, and before it the digest was
/// 0xb583_8c1a_453c_61d9. Then "Etats-Unis", "Royaume-Uni" and "Pays-Bas"
/// became one word each (the US, the UK, the Netherlands) and
/// "Washington" a whole country; before, 0x0c98_ca10_f291_7dd3. Then
/// features gained `oversight` (a hearing the headline tells of, or no
/// lawmakers in the title and lead), hashed after `leadership`; the terms
/// are unchanged, and without it the digest is 0xb125_32fe_2094_8fc0.
/// Then features gained `roundup` (a headline naming a digest of several
/// events), in the `Debug` form after `oversight`; the terms are
/// unchanged, and without it the digest is 0x55b5_6866_4a07_0288. Then
/// duties joined the direction rule ("slaps" imposes; "drops", "waives"
/// and "abolishes" right before a restriction lift): the news corpus's
/// "Italian data cops slap chatbot outfit ..." imposes; the terms are
/// unchanged, and before it the digest was 0x6fa9_9747_8ac0_36ec. Then a
/// headline naming a contract and no round became, like a launch,
/// another event than a round (`Financing::Launch` renamed
/// `LaunchOrContract`); the terms are unchanged, and before it the digest
/// was 0x82e4_094e_3fe9_9072. Then features gained `launch` (a headline
/// announcing a launch and no number), in the `Debug` form after
/// `financing`, and a wrap or a recap before a colon and "things to know
/// before" became round-ups; the terms are unchanged, and before them the
/// digest was 0xc6fa_b117_40a2_542f. Then a word written at least twice
/// where capitals say nothing (a sentence start, a title-case headline)
/// and never in lower case became a name, at a word's weight: kinds
/// change, and before it the digest was 0x71f6_e94f_4418_57b5. Then
/// "warns" and "urges" became words of what is to come (a speech, not the
/// deal signed beside it): stages change, the terms are unchanged, and
/// before it the digest was 0xc195_7add_c643_7578. Then "urged" and
/// "warned" did too, and a desk's live blog ("... – business live") and a
/// German newsletter's name ("Die Lage am Morgen:") became round-ups: the
/// terms are unchanged, and before them the digest was
/// 0x6dc2_3f42_d7ae_c624. Then a regulator's inquiry became a hearing,
/// and a report naming a regulator or an inquiry no longer unrelated to
/// one (`oversight`); the terms are unchanged, and before it the digest
/// was 0x6bf5_f83e_d1f0_8bf6. A lead or a headline listing three events
/// between semicolons, and "What we're watching", became round-ups too,
/// changing no text of the news corpus. Then a headline's fine, or a
/// title and lead saying nothing of fines, became a feature (`penalty`);
/// the terms are unchanged, and before it the digest was
/// 0xbf38_2efb_4d85_39da. Then a headline's contract or award became a
/// feature (`award`); the terms are unchanged, and before it the digest
/// was 0xaa8a_9ebb_1717_97ce. Then a civil suit filed ("authors sue")
/// became a case brought (`prosecution`), a government answering
/// another's measure ("EU hits back at US") a mark of the headline's
/// `actors`, and a plant announced ("to build factory") a `launch`; the
/// terms are unchanged, and before them the digest was
/// 0xf27b_9704_d97d_0614. Then a losing bidder's protest of an award
/// ("files protest", "ficht ... an") became a case brought, and a
/// protest, a complaint or a tribunal's review words of the courts; the
/// terms are unchanged, and before it the digest was
/// 0x3406_92fc_c82c_5c4f. ("Charges ... with" a crime and an appeal of a
/// fine as cases brought, and live blogs of two clauses, leads weighing two
/// owners' deals and a second owner after "a" as round-ups, changed no
/// text of this set.) Then thirteen more countries opened headlines
/// (`actors`, sharing ids), a challenge before a court became a case
/// brought, and a second owner after "the" and a "roundup" before a colon
/// round-ups: flags of the headline, not terms; before them the digest was
/// 0xa585_355f_96f1_86eb.) Then eighteen American states opened headlines
/// as governments (`actors`, sharing Austria's and Sweden's ids) and a
/// newsletter's brand before a colon made a round-up: flags of the
/// headline, not terms; before them the digest was 0xe278_bf1e_35c6_9905.
/// Then a bidder's protest named by the award it holds up became a case
/// brought, and a pair of owners with a bare apostrophe ("Brussels'"), two
/// actors that "both" did something and two qualifiers of one plural deal
/// noun round-ups: flags of the headline, not terms; before them the
/// digest was 0x9d50_c3b4_f8f8_9ee1. Then thirty European regions and
/// cities named differently in the three languages ("Liguria", "Ligurie",
/// "Ligurien") became one name each: terms; before them the digest was
/// 0xc0d7_7590_e85d_ab29. Then an amount hyphenated into an adjective
/// ("1.7-billion-euro") became an amount, Croatia a name in three
/// languages, a demonym before a government's body ("Czech lawmakers")
/// that government, and a gathering's live blog, a list "and more",
/// counted deals and two clauses joined by any "and" round-ups: terms and
/// flags; before them the digest was 0x973d_1955_7304_f485. Then a
/// country's name before a person or a firm ("Singapore businessman")
/// stopped opening a headline as its government: flags; before it the
/// digest was 0x3d33_b126_77e7_361c. Then the terms of the places list
/// were marked as places (`Term::place`: across languages a city and
/// the countries two reports share are one term in common): terms; before
/// it the digest was 0x349e_d4eb_ac7b_97a6. Then a word that goes on
/// after an apostrophe ("Nor'easter") became one word: terms; before it
/// the digest was 0xf9ac_1872_b585_b614. Then a headline that a company
/// opens began to act with the buyer it names after a demonym ("Saab
/// signs Swedish Navy deal"): flags (the round-up rules of the same day
/// moved no text of this set); before it the digest was
/// 0xeed0_2e41_12e4_19f8. Then a headline that speaks for "us", two
/// actors that did something "on the same day" or are read "side by
/// side", and a market report's two movers after a colon became round-ups
/// (2026-12-07): flags; before them the digest was 0x329b_7f47_5f84_546c.
/// Then a title that opens a gathering decided the stage, "final" and
/// "finished" told an outcome, "police arrest", "held over" and
/// "detained" a case, and two verbless things after articles or a first
/// thing in sentence case began lists of round-ups: flags; before them
/// the digest was 0xebbb_6b6e_13bf_c965. Then "tonight" and "chases"
/// spoke of what is to come, and "Tonight at" a gathering, three
/// companies before a market's verb, a contraction ("Here's") that owns
/// nothing and a government that only "notices" moved the round-up rules
/// (2026-12-07): flags; before them the digest was 0xfbb7_8fc9_cf8b_a743.
/// Then a losing bidder's "protests", "Beschwerde" and procurement
/// tribunal, one executive signing one bill "but" vetoing another, and a
/// lead opening with a list of owners' events (the sixty-third
/// fortnight's rules, 2026-12-07): flags; before them the
/// digest was 0x839a_9d80_32d6_bddf. Then a desk between a live blog's
/// dash and "live", a newsletter brand numbered 202, an issue named by its
/// day, and several companies' moves in title case or joined by "as" or
/// "and" (the sixty-fourth fortnight's rules): flags; before them the
/// digest was 0x7c61_4483_07d4_9d03. Then a court's ruling in the headline
/// as a case judged and its appeal as a case brought, a ruling's words
/// as words of the courts, a weekday's briefing ("Your Monday Briefing"),
/// a few words ending in "live" after a colon, and an aside between dashes
/// whose clause goes on (the sixty-fifth fortnight's rules): flags; before
/// them the digest was 0x0831_9790_4a60_c25c. Then percentages alone as
/// the kind of a lead's amounts, a krone's letters glued to an amount
/// ("NKr2.1bn") and two places' clauses before a colon ("Grounded in
/// Hungary, signed in Lima: ..."; the sixty-seventh fortnight's rules):
/// currency and flags; before them the digest was 0xad2a_d6c6_e9ad_02e3.
/// Then a market's move in percent (a percentage after a word of rising or
/// falling, and no sum of money) as that kind, where percentages alone
/// were, and a newsletter's brand alone as a headline ("Semafor
/// Flagship"; the sixty-eighth fortnight's rules): currency and flags;
/// before them the digest was 0xea86_91f7_8308_d9b2. Then "Fort" as a
/// function word (the first word of a base's or a town's name), "in eight
/// months after" as a span, not a date, and a capitalised clause after
/// "as" that moves nothing as the moves' cause (the sixty-ninth
/// fortnight's rules): terms and flags; before them the digest was
/// 0xcaf7_9382_5d5b_39a4. Then a headline's "deal" as a contract, a
/// headline's consultation or guidance as no word of fines, a regulator's
/// guidance as no inquiry, a post "named" as a change at the top, and
/// police who "detain" as an arrest (the seventy-fourth to seventy-sixth
/// fortnights' rules): the verdicts' flags; before them the digest was
/// 0xb77c_7952_4334_13fb. Then features gained `guidance` (a forecast cut
/// in the title or lead, or no word of forecasts or results; the
/// seventy-fifth and seventy-seventh fortnights), in the `Debug` form
/// after `leadership`, and a headline fighting a ruling in court whose
/// lead names the fine became an appeal: flags; before them the digest was
/// 0x1fc3_d99f_79a4_cffd. Then Asia and Africa became one name each in
/// three languages, a whole region's ("Südostasien", "Southeast Asian"),
/// and a period's preview ("Weekend preview: ...") and a weekday's issue
/// listing its items ("Dienstag: ..., ...") round-ups (the seventy-eighth
/// fortnight's rules): terms and flags; before them the digest was
/// 0x3703_775d_dafe_e38b. Then terms gained `before`, the key of the word a
/// title writes right after a capitalised one ("Claire" before "Vasseur"),
/// in the `Debug` form; keys and weights are unchanged, and before it the
/// digest was 0x6db0_cb78_c639_5bf0.
const EXPECTED: u64 = 0xdafb_facf_6b30_e2cf;

#[derive(Deserialize)]
struct ItemsFile {
    #[serde(default)]
    item: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    id: String,
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    content: String,
}

/// (title, summary, content) triples, in a fixed order.
type Text = (String, String, String);

fn news() -> Vec<Text> {
    let mut items = Vec::new();
    for path in news::item_files() {
        let text = std::fs::read_to_string(&path).expect("item file");
        let file: ItemsFile =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        items.extend(file.item);
    }
    items.sort_by(|a, b| a.id.cmp(&b.id));
    items
        .into_iter()
        .map(|i| (i.title, i.summary, i.content))
        .collect()
}

/// Word salad like the feed farm's items: title-case headlines, sentences
/// of skewed common words, now and then a trigger word or an amount.
fn farm_like(n: usize) -> Vec<Text> {
    const WORDS: &[&str] = &[
        "the",
        "of",
        "and",
        "to",
        "in",
        "market",
        "government",
        "report",
        "city",
        "council",
        "plan",
        "budget",
        "energy",
        "prices",
        "water",
        "school",
        "health",
        "workers",
        "union",
        "strike",
        "court",
        "ruling",
        "election",
        "vote",
        "minister",
        "company",
        "shares",
        "profit",
        "growth",
        "storm",
        "flood",
        "rescue",
        "police",
        "investigation",
        "museum",
        "festival",
        "team",
        "season",
        "coach",
        "transfer",
        "research",
        "study",
        "climate",
        "bridge",
        "railway",
        "airport",
        "contracts",
        "signing",
        "negotiations",
        "talks",
    ];
    const TRIGGERS: &[&str] = &[
        "AI",
        "Pentagon",
        "NATO",
        "Tokyo",
        "OpenAI",
        "F-35",
        "U.S.",
        "$3bn",
        "2.1 billion",
        "35%",
        "12 per cent",
        "2026",
    ];
    let mut rng = fastrand::Rng::with_seed(0x5eed);
    let word = |rng: &mut fastrand::Rng| {
        let x = rng.f64();
        WORDS[((x * x) * WORDS.len() as f64) as usize % WORDS.len()]
    };
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let mut title = String::new();
        for i in 0..rng.usize(6..13) {
            if i > 0 {
                title.push(' ');
            }
            let w = word(&mut rng);
            let mut chars = w.chars();
            if let Some(first) = chars.next() {
                title.extend(first.to_uppercase());
                title.push_str(chars.as_str());
            }
        }
        let mut summary = String::new();
        while summary.len() < rng.usize(300..600) {
            for i in 0..rng.usize(8..20) {
                if i > 0 {
                    summary.push(' ');
                }
                if rng.u32(0..100) < 5 {
                    summary.push_str(TRIGGERS[rng.usize(0..TRIGGERS.len())]);
                } else {
                    summary.push_str(word(&mut rng));
                }
            }
            summary.push_str(". ");
        }
        out.push((title, summary, String::new()));
    }
    out
}

/// Multilingual and odd input.
fn edge() -> Vec<Text> {
    let t = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    let long = "Zeta ".repeat(2_000);
    let weird = "\u{0}\u{FFFF}𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ﬁ 1e999 99999999999999999999999999999999999999bn %%";
    vec![
        t("", "", ""),
        t("...", "!!", "--"),
        t(&long, &long, &long),
        t(weird, weird, weird),
        t(
            "UPDATE 2-EXCLUSIVE-OpenAI in talks to bring its models to NATO networks",
            "The ChatGPT maker is negotiating with the alliance, Sam Altman said on Tuesday.",
            "",
        ),
        t(
            "Rheinmetall erhält Auftrag über 2,1 Milliarden Euro",
            "Der Düsseldorfer Konzern liefert der Bundeswehr bis 2028 rund 200.000 Schuss \
             Munition, wie das Unternehmen am Montag mitteilte. Die Aktie stieg um 3,5 Prozent.",
            "Die Straße nach Groß-Gerau bleibt gesperrt. Größere Verträge mit der NATO und \
             der EU werden erwartet; die KI-Strategie des Bundes sieht 5G-Netze vor.",
        ),
        t(
            "Le contrat de 2,1 milliards d'euros signé avec l'OTAN",
            "L'entreprise française a annoncé lundi un accord avec l'Alliance atlantique \
             pour 200\u{202F}000 munitions, soit une hausse de 12 pour cent.",
            "Selon le ministère des Armées, l'IA générative sera déployée dès 2027 à Paris.",
        ),
        t(
            "El Gobierno aprueba un presupuesto de 3.000 millones",
            "El ministro de Defensa dijo que la OTAN pidió más gasto según el acuerdo.",
            "",
        ),
        t(
            "Il governo italiano firma un contratto da 2 miliardi",
            "Secondo il ministro, la NATO e l'UE sono d'accordo sulla spesa per la difesa.",
            "",
        ),
        t(
            "Nederlandse regering tekent contract van 1,5 miljard",
            "De minister zei dat het contract met de NAVO voor de Nederlandse krijgsmacht is.",
            "",
        ),
        t(
            "Governo português assina contrato de 2 milhões",
            "O ministro disse que o contrato com a OTAN é para as forças armadas.",
            "",
        ),
        t(
            "ISTANBUL İstanbul ǅungla ＡＢＣ １２３ e\u{301}te",
            "U.S. and U.K. officials met Mr. Smith and Dr. Jones; the A400M and 737-MAX \
             and COVID-19 were discussed. “Quote” «citation» „Zitat“ … 3.5 x 2,5 1,234,567.",
            "x’s 'S O'Brien's McKinsey iPhone eBay 2nd 5G 3-D F- -35 $ € £ ¥200 ¥9.4tn",
        ),
    ]
}

/// FNV-1a 64.
struct Fnv(u64);

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01B3);
        }
        // A separator, so concatenations differ.
        self.0 ^= 0xFF;
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01B3);
    }
}

fn digest_of(features: &Features, h: &mut Fnv) {
    h.write(features.lang().code().as_bytes());
    h.write(&(features.terms().len() as u64).to_le_bytes());
    for term in features.terms() {
        h.write(&term.key.to_le_bytes());
        h.write(format!("{:?}", term.kind).as_bytes());
        h.write(&term.weight.to_bits().to_le_bytes());
        h.write(&[term.fields]);
        h.write(features.display(term).as_bytes());
    }
    // Everything else the type holds (the display arena, the raw language).
    h.write(format!("{features:?}").as_bytes());
}

fn all_texts() -> Vec<Text> {
    let mut texts = news();
    assert!(texts.len() >= 300, "the news corpus has its items");
    texts.extend(farm_like(200));
    texts.extend(edge());
    texts
}

#[test]
fn extraction_output_is_pinned() {
    let texts = all_texts();
    let mut cold = Fnv(0xCBF2_9CE4_8422_2325);
    let mut firsts = Vec::with_capacity(texts.len());
    let started = Instant::now();
    for (title, summary, content) in &texts {
        let f = Features::extract(title, summary, content);
        digest_of(&f, &mut cold);
        firsts.push(f);
    }
    let cold_time = started.elapsed();
    let started = Instant::now();
    for ((title, summary, content), first) in texts.iter().zip(&firsts) {
        let again = Features::extract(title, summary, content);
        assert_eq!(&again, first, "warm caches change nothing: {title:?}");
    }
    let warm_time = started.elapsed();
    println!(
        "features digest {:#018x} over {} texts; {:.1} us/item cold, {:.1} us/item warm",
        cold.0,
        texts.len(),
        cold_time.as_secs_f64() * 1e6 / texts.len() as f64,
        warm_time.as_secs_f64() * 1e6 / texts.len() as f64,
    );
    assert_eq!(
        cold.0, EXPECTED,
        "feature extraction's output changed (digest {:#018x})",
        cold.0
    );
}

/// The cost of extraction alone, for profiling: extracts one set of texts
/// (`FEATURES_COST_SET`: `news`, the default, or `farm`, 200 farm-like
/// items) `FEATURES_COST_PASSES` times (default 1; the first pass starts
/// with cold per-thread caches) and prints µs per item. Under callgrind,
/// `--toggle-collect='*Features*extract*'` counts extraction only:
///
/// ```text
/// valgrind --tool=callgrind --toggle-collect='*Features*extract*' \
///     target/release/deps/features_digest-HASH extraction_cost --nocapture
/// ```
#[test]
fn extraction_cost() {
    let set = std::env::var("FEATURES_COST_SET").unwrap_or_else(|_| "news".into());
    let passes: usize = std::env::var("FEATURES_COST_PASSES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let texts = if set == "farm" {
        farm_like(200)
    } else {
        news()
    };
    let started = Instant::now();
    let mut with_terms = 0;
    for _ in 0..passes {
        for (title, summary, content) in &texts {
            let f = Features::extract(title, summary, content);
            with_terms += usize::from(!f.terms().is_empty());
        }
    }
    let n = texts.len() * passes;
    println!(
        "extraction of {set}: {n} items, {:.2} us/item",
        started.elapsed().as_secs_f64() * 1e6 / n as f64
    );
    assert_eq!(with_terms, n, "every item of {set} has terms");
}

/// Every item's verdicts, pinned item by item: what the story engine's
/// rules (`src/stories/`) say of each item of every corpus under
/// `tests/data`, one line per item that has any (`tests/data/verdicts.txt`,
/// one letter per verdict, see `COLUMNS`). Where
/// `extraction_output_is_pinned` says only that the digest moved, this
/// names the items and the verdicts that did, old and new, so a rule
/// changed on purpose shows what it changed (and the file's diff in the
/// commit records it). After such a change, or with a new corpus, rewrite
/// the file with `FEATURES_VERDICTS_BLESS=1 cargo test --release --test
/// features_digest verdicts` and read its diff before committing.
#[test]
fn verdicts_are_pinned() {
    let actual = verdicts_of_all_corpora();
    if std::env::var_os("FEATURES_VERDICTS_BLESS").is_some() {
        let mut out = String::from(VERDICTS_HEADER);
        for (id, line) in &actual {
            out.push_str(&format!("{id} {line}\n"));
        }
        std::fs::write(verdicts_path(), out).expect("write the verdicts file");
        println!(
            "wrote {} items' verdicts to {}",
            actual.len(),
            verdicts_path().display()
        );
        return;
    }
    let text = std::fs::read_to_string(verdicts_path()).expect("the verdicts file");
    let pinned: BTreeMap<String, String> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| match l.split_once(' ') {
            Some((id, rest)) => (id.to_string(), rest.to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect();
    let ids: std::collections::BTreeSet<&String> = pinned.keys().chain(actual.keys()).collect();
    let mut changed = Vec::new();
    for id in ids {
        let (old, new) = (pinned.get(id), actual.get(id));
        if old != new {
            changed.push(format!("  {id}: {}", describe_change(old, new)));
        }
    }
    assert!(
        changed.is_empty(),
        "{} items' verdicts differ from {} (pinned -> now):\n{}\nIf the change is meant, \
         rewrite the file with FEATURES_VERDICTS_BLESS=1 (see the test's comment).",
        changed.len(),
        verdicts_path().display(),
        changed.join("\n")
    );
}

const VERDICTS_HEADER: &str = "# Each item's story verdicts, pinned by tests/features_digest.rs \
(verdicts_are_pinned). Rewrite with FEATURES_VERDICTS_BLESS=1.\n# corpus/id, then one letter per \
verdict ('.' the default, else the value's initial, x for a flag set): stage, financing, launch, \
prosecution,\n# leadership, oversight, penalty, roundup, follow_up, award, currency, direction, \
guidance; then the headline's actors (opener/chambers) when any.\n# Items whose verdicts are all the \
default are left out.\n";

/// The verdict of each column of a line of `tests/data/verdicts.txt`.
const COLUMNS: [&str; 13] = [
    "stage",
    "financing",
    "launch",
    "prosecution",
    "leadership",
    "oversight",
    "penalty",
    "roundup",
    "follow_up",
    "award",
    "currency",
    "direction",
    "guidance",
];

fn verdicts_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/verdicts.txt")
}

/// `corpus/id` -> the item's verdicts ([`verdict_code`]), for every item
/// of every corpus under `tests/data` whose verdicts are not all the
/// default.
fn verdicts_of_all_corpora() -> BTreeMap<String, String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/data")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let none = verdict_code(&Features::default());
    let mut out = BTreeMap::new();
    for dir in dirs {
        let corpus = dir
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        for path in news::item_files_in(&dir) {
            let text = std::fs::read_to_string(&path).expect("item file");
            let Ok(file) = toml::from_str::<ItemsFile>(&text) else {
                continue; // not a file of news items (a labeled set's topics)
            };
            for item in file.item {
                let f = Features::extract(&item.title, &item.summary, &item.content);
                let code = verdict_code(&f);
                if code != none {
                    out.insert(format!("{corpus}/{}", item.id), code);
                }
            }
        }
    }
    assert!(out.len() >= 300, "the corpora have items with verdicts");
    out
}

/// An item's verdicts, one letter per verdict of `COLUMNS` ('.' the
/// default, else the initial of the value's name, 'x' a flag set), then
/// the headline's actors when any.
fn verdict_code(f: &Features) -> String {
    let letter = |value: String, default: String| -> char {
        if value == default {
            '.'
        } else if value == "true" {
            'x'
        } else {
            value.chars().next().unwrap_or('?')
        }
    };
    let d = Features::default();
    let pair = |a: &dyn std::fmt::Debug, b: &dyn std::fmt::Debug| {
        letter(format!("{a:?}"), format!("{b:?}"))
    };
    let mut code: String = [
        pair(&f.stage(), &d.stage()),
        pair(&f.financing(), &d.financing()),
        pair(&f.launch(), &d.launch()),
        pair(&f.prosecution(), &d.prosecution()),
        pair(&f.leadership(), &d.leadership()),
        pair(&f.oversight(), &d.oversight()),
        pair(&f.penalty(), &d.penalty()),
        pair(&f.roundup(), &d.roundup()),
        pair(&f.follow_up(), &d.follow_up()),
        pair(&f.award(), &d.award()),
        pair(&f.currency(), &d.currency()),
        pair(&f.direction(), &d.direction()),
        pair(&f.guidance(), &d.guidance()),
    ]
    .into_iter()
    .collect();
    if f.actors() != d.actors() {
        // "Actors { opener: 1, chambers: 0 }" -> " 1/0"
        let debug = format!("{:?}", f.actors());
        let numbers: Vec<&str> = debug
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .collect();
        code.push(' ');
        code.push_str(&numbers.join("/"));
    }
    code
}

/// "oversight U -> H, award x -> ." for two codes of one item.
fn describe_change(old: Option<&String>, new: Option<&String>) -> String {
    let blank = ".".repeat(COLUMNS.len());
    let (old, new) = (old.unwrap_or(&blank), new.unwrap_or(&blank));
    let mut parts: Vec<String> = COLUMNS
        .iter()
        .zip(old.chars().zip(new.chars()))
        .filter(|(_, (a, b))| a != b)
        .map(|(name, (a, b))| format!("{name} {a} -> {b}"))
        .collect();
    let actors = |s: &str| s.get(COLUMNS.len()..).unwrap_or("").trim().to_string();
    if actors(old) != actors(new) {
        parts.push(format!("actors '{}' -> '{}'", actors(old), actors(new)));
    }
    parts.join(", ")
}
