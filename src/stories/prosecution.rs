//! Whether a report's headline tells of a criminal case ("Two men charged
//! with smuggling Nvidia chips", "Osaka trader arrested", "Ex-engineer
//! sentenced", "angeklagt", "inculpé") or its title and lead say nothing of
//! one at all. A rule and a criminal case about the same export controls,
//! a breach and the arrest for it days later, are two events however many
//! names and words they share (the case cites the rule it broke); two
//! reports of one case rarely split that way: an angle on it still speaks
//! of the accused, the police, a court or the smuggling
//! (`StoryConfig::prosecution_conflict_factor`).
//!
//! A case brought (charged, arrested, indicted) and a case judged
//! (convicted, sentenced, jailed) are two events too: two smuggling cases
//! of one week, one at its charges and one at its verdict, share the chips,
//! the route and the country; the charges and the verdict of one case come
//! months apart.
//!
//! A civil suit filed ("authors sue", "verklagt", "assignent en justice"),
//! or a losing bidder's protest of an award ("files protest", "ficht ...
//! an"), is a case brought as well: a lab sued in the morning and its
//! licensing deal of the afternoon are two events, and so are an award and
//! the protest against it. The suit as an object ("to settle
//! lawsuits", "loses bid to end lawsuit") is not: a settlement or a
//! ruling is news of its own, and only a word of the courts.
//!
//! A court's ruling told in the headline, a court named with what it did
//! ("Federal judge strikes down key parts of Colorado's AI law", "Court
//! blocks ..."), is a case judged; the appeal announced against it the
//! next day ("Colorado will appeal ruling that struck parts of its AI
//! law") a case brought: two events. An angle that names the ruling
//! ("Was das Karlsruher Urteil bedeutet") is never unrelated to it.
//!
//! English, German and French, from the folded words of the title and the
//! lead. The headline words are the steps of a prosecution (charged,
//! arrested, indicted, convicted, sentenced, sued); the words that keep a
//! report from counting as unrelated are wider (alleged, police, court,
//! smuggling, lawsuit, settlement), so that the explainer on a case is not taken for a report
//! of something else.

/// What a report's title and lead say of a criminal case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[repr(u8)]
pub enum Prosecution {
    /// A case is mentioned, but the headline tells of none.
    #[default]
    Unknown = 0,
    /// The headline tells of a case brought: charges, an arrest, an
    /// indictment, an extradition, or a civil suit filed.
    Case = 1,
    /// Neither the title nor the lead speaks of a crime, the accused, the
    /// police or a court.
    Unrelated = 2,
    /// The headline tells of a case judged: a conviction, a sentence, a
    /// guilty plea, an acquittal.
    Verdict = 3,
}

impl Prosecution {
    /// One a criminal case, the other unrelated to one; or one a case
    /// brought and the other a case judged: "Three charged with sneaking
    /// $160 million in AI servers to China" and, the next day, "Jury
    /// convicts two men in scheme to ship Nvidia chips to China" are two
    /// cases, whatever they share (charges and the verdict in one case
    /// are months apart, two events too).
    pub fn clashes(self, other: Prosecution) -> bool {
        use Prosecution::{Case, Unrelated, Verdict};
        matches!(
            (self, other),
            (Case | Verdict, Unrelated)
                | (Unrelated, Case | Verdict)
                | (Case, Verdict)
                | (Verdict, Case)
        )
    }

    pub(crate) fn from_bits(bits: u8) -> Prosecution {
        match bits {
            1 => Prosecution::Case,
            2 => Prosecution::Unrelated,
            3 => Prosecution::Verdict,
            _ => Prosecution::Unknown,
        }
    }
}

/// A word that, in a headline, tells of a step of a prosecution. Words
/// with a second, common sense stay out: "charges" (bank charges),
/// "arrest" (cardiac arrest), "pleads" (pleads for calm), German
/// "verurteilt" and French "condamne" (both also "condemns"), French
/// "interpelle" (also "challenges"); they still count as words of crime.
fn is_case_word(word: &str) -> bool {
    is_charge_word(word) || is_verdict_word(word)
}

/// A headline word of a case brought.
fn is_charge_word(word: &str) -> bool {
    matches!(
        word,
        "charged"
            | "indicted"
            | "indictment"
            | "arrested"
            | "arrests"
            | "extradited"
            | "angeklagt"
            | "anklage"
            | "festgenommen"
            | "inculpe"
            | "inculpes"
            // A civil suit filed is a case brought too: authors suing a lab
            // in the morning and its licensing deal in the afternoon are
            // two events.
            | "sue"
            | "sues"
            | "sued"
            | "suing"
            | "verklagt"
            | "verklagen"
            | "assigne"
            | "assignent"
    )
}

/// Whether a headline word, after `previous` and what the headline said
/// before (`contests`), tells of a losing bidder contesting an award
/// before a tribunal, a case brought too ("Hensoldt files protest over
/// Luftwaffe's LUCHS award", "Hensoldt ficht KI-Vergabe der Luftwaffe an",
/// "Anduril challenges US Army drone-software award", "Anduril conteste
/// l'attribution d'un contrat"): another event than the award. Or of a
/// company contesting a fine in court ("Mistral AI va contester devant le
/// Conseil d'Etat l'amende de 38 millions d'euros", "Google appeals EU
/// fine"): another event than the fine, unless the headline imposes the
/// fine itself ("Mistral fined €38M, plans to appeal": `imposes`).
/// "Protest" alone is a street's, "challenges" alone a company's
/// difficulties; either followed by the award it holds up is a bidder's
/// ("Thales protest puts Germany's sub-hunting AI deal on hold"). A
/// street's protest against a trade deal reads as a case too: it then
/// stays apart from reports that speak of no protest, court or crime.
fn contests_before_a_tribunal(
    word: &str,
    previous: &str,
    contests: &mut bool,
    imposes: bool,
) -> bool {
    match word {
        // A procurement tribunal named in the headline ("Shield AI ruft die
        // Vergabekammer an", "Vergabestreit um KI-Flügelmann").
        "ficht" | "vergabekammer" | "vergabestreit" => true,
        "protest" if matches!(previous, "files" | "filed" | "lodges" | "lodged") => true,
        // A protest that names the award it holds up ("Thales protest puts
        // Germany's sub-hunting AI deal on hold"); a German bidder's formal
        // complaint ("Thales rügt Vergabe").
        "protest" | "protests" | "protested" | "challenges" | "challenged" | "challenge"
        | "beschwerde" | "conteste" | "contestent" | "contester" | "contestera" | "appeals"
        | "appealed" | "appeal" | "anfechten" | "rugt" | "rugen" => {
            *contests = true;
            false
        }
        // The award by what it is to the winner ("challenges Helsing's
        // German win").
        "award" | "contract" | "deal" | "selection" | "tender" | "attribution" | "contrat"
        | "choix" | "zuschlag" | "win" | "pick" => *contests,
        // A German award, alone or compound ("Beschwerde gegen Palantirs
        // Wartungsauftrag").
        _ if word.ends_with("auftrag") || word.ends_with("vergabe") => *contests,
        "fine" | "amende" | "penalty" | "bussgeld" => *contests && !imposes,
        // Whatever is contested, before a court: "Nordlicht AI to challenge
        // EU 'systemic risk' label in court".
        "court" | "tribunal" | "gericht" => *contests,
        _ => false,
    }
}

/// Two headline words of an arrest by whoever makes one ("Swedish police
/// arrest Saab engineer", "engineer held over sale of submarine plans"):
/// "arrest" alone may be cardiac, "held" a meeting's or a rate's.
fn is_arrest_phrase(previous: &str, word: &str) -> bool {
    match word {
        // "Police detain 14 as activists chain themselves to ministry
        // gates"; not a state that "detains cargo vessel over cable damage".
        "arrest" | "detain" | "detains" => {
            matches!(previous, "police" | "agents" | "authorities" | "officers")
        }
        "over" => previous == "held",
        "detained" => true,
        _ => false,
    }
}

/// A headline word that imposes a fine ("Mistral fined", "la CNIL
/// inflige", "verhängt").
fn imposes_a_fine(word: &str) -> bool {
    matches!(word, "fined" | "inflige" | "verhangt" | "sanctionne")
}

/// A word naming what someone is charged with, after "charges ... with".
fn is_charged_crime(word: &str) -> bool {
    matches!(
        word,
        "smuggling"
            | "fraud"
            | "conspiracy"
            | "espionage"
            | "theft"
            | "stealing"
            | "bribery"
            | "laundering"
            | "murder"
            | "illegally"
            | "exporting"
            | "violating"
    )
}

/// A headline word of a case judged.
fn is_verdict_word(word: &str) -> bool {
    matches!(
        word,
        "sentenced" | "convicted" | "convicts" | "jailed" | "guilty" | "acquitted" | "acquits"
    )
}

/// A headline word naming a court or its judges.
fn is_court(word: &str) -> bool {
    matches!(
        word,
        "judge"
            | "judges"
            | "court"
            | "courts"
            | "justices"
            | "gericht"
            | "richter"
            | "richterin"
            | "tribunal"
            | "cour"
            | "juge"
    )
}

/// Whether a headline word, after `previous` and the word before it
/// (`before`), tells of a court's ruling on a case ("Federal judge strikes
/// down key parts of Colorado's AI law", "Court blocks Texas law", "Judge
/// rules ...", "Colorado's AI law loses in court"): with a court named in
/// the headline, a case judged. "Rules" only right after the court, since
/// the noun is everywhere ("EU's AI rules challenged in court").
fn tells_a_ruling(word: &str, previous: &str, before: &str) -> bool {
    match word {
        "blocks" | "blocked" | "upholds" | "upheld" | "overturns" | "overturned" | "tosses"
        | "tossed" | "voids" | "voided" | "invalidates" | "invalidated" | "guts" | "gutted"
        | "quashes" | "quashed" | "annuls" | "annulled" | "annule" | "kippt" => true,
        "down" => matches!(previous, "strikes" | "struck" | "knocks" | "knocked"),
        "rules" | "ruled" => is_court(previous),
        "court" => previous == "in" && matches!(before, "loses" | "lost" | "wins" | "won"),
        _ => false,
    }
}

/// Whether a headline word, after `previous` and `before`, tells of a
/// court's ruling appealed ("Colorado will appeal ruling that struck parts
/// of its AI law", "Mistral to appeal Paris judgment"), once a word
/// that contests came before (`contests`): another event than the ruling.
/// An appeals court's ruling is none ("Thomson Reuters Wins First Appeals
/// Ruling"): "appeal" right before the ruling contests only after "to" or
/// a modal verb.
fn appeals_a_ruling(word: &str, previous: &str, before: &str, contests: bool) -> bool {
    let ruling = matches!(
        word,
        "ruling" | "rulings" | "judgment" | "judgement" | "verdict" | "urteil" | "jugement"
    );
    let compound = matches!(previous, "appeal" | "appeals")
        && !matches!(
            before,
            "to" | "will" | "would" | "may" | "could" | "must" | "should"
        );
    ruling && contests && !compound
}

/// A word that speaks of a crime, the accused or the justice system at all
/// (in the title or the lead).
fn is_crime_word(word: &str) -> bool {
    is_case_word(word)
        || matches!(
            word,
            "charges"
                | "arrest"
                | "pleads"
                | "pleaded"
                | "accused"
                | "accuses"
                | "alleged"
                | "allegedly"
                | "prosecutors"
                | "prosecuted"
                | "prosecution"
                | "court"
                | "police"
                | "suspicion"
                | "smuggling"
                | "smuggled"
                | "smuggle"
                | "justice"
                | "doj"
                | "fbi"
                | "cuff"
                | "cuffs"
                | "cuffed"
                | "staatsanwaltschaft"
                | "festnahme"
                | "haftstrafe"
                | "polizei"
                | "gericht"
                | "schmuggel"
                | "verdacht"
                | "verurteilt"
                | "condamne"
                | "condamnes"
                | "interpelle"
                | "interpelles"
                | "parquet"
                | "tribunal"
                | "contrebande"
                | "suit"
                | "suits"
                | "lawsuit"
                | "lawsuits"
                | "judge"
                | "judges"
                // A ruling, told by its name or its court: an angle on it
                // ("Was das Karlsruher Urteil für KI-Firmen bedeutet",
                // "une juge fédérale suspend la loi") is never unrelated to
                // a headline of the ruling.
                | "ruling"
                | "rulings"
                | "ruled"
                | "judgment"
                | "judgement"
                | "verdict"
                | "urteil"
                | "richter"
                | "richterin"
                | "juge"
                | "juges"
                | "jugement"
                | "cour"
                // What only a court does to a decision ("Le Conseil d'Etat
                // annule l'amende", a court its headline does not call one).
                | "annule"
                | "annulee"
                | "annuls"
                | "annulled"
                | "annulment"
                | "quashes"
                | "quashed"
                | "overturns"
                | "overturned"
                | "upholds"
                | "upheld"
                | "kippt"
                | "jury"
                | "settle"
                | "settles"
                | "settled"
                | "settlement"
                | "plaintiff"
                | "plaintiffs"
                | "litigation"
                | "klage"
                | "klagen"
                | "klagt"
                | "plainte"
                | "proces"
                | "protest"
                | "protests"
                | "complaint"
                | "vergabekammer"
                | "nachprufungsantrag"
                | "recours"
        )
}

/// What the title's and the lead's folded words (each with whether it is
/// in the title) say of a criminal case.
///
/// A headline that tells of both ("Man charged in 2024 is sentenced")
/// tells of the verdict, its news.
pub(crate) fn prosecution_of<'a>(words: impl IntoIterator<Item = (bool, &'a str)>) -> Prosecution {
    let (mut crime, mut charge, mut verdict) = (false, false, false);
    let mut previous = "";
    // A headline verb that contests something, waiting for what it contests.
    let mut contests = false;
    // "charges" then "with" in the headline, waiting for a crime: a
    // prosecutor's verb ("US charges chipmaker, two executives with
    // smuggling chips"), not a bank's fees ("Bank charges with no warning").
    let (mut charges, mut charges_with) = (false, false);
    let mut imposes = false;
    // A verb that takes someone to court, waiting for the court ("takes
    // Germany's AI regulator to court", "zieht vor Gericht").
    let mut takes = false;
    // A court named in the headline, and a ruling told there.
    let (mut court, mut ruling) = (false, false);
    let mut before = "";
    for (in_title, word) in words {
        if in_title {
            court |= is_court(word);
            ruling |= tells_a_ruling(word, previous, before);
            imposes |= imposes_a_fine(word);
            charge |= is_charge_word(word)
                || is_arrest_phrase(previous, word)
                || (takes
                    && matches!(word, "court" | "gericht")
                    && matches!(previous, "to" | "vor"))
                || (word == "gegen" && matches!(previous, "klagt" | "klagen"))
                || appeals_a_ruling(word, previous, before, contests)
                || contests_before_a_tribunal(word, previous, &mut contests, imposes)
                || (charges_with && is_charged_crime(word));
            charges_with |= charges && word == "with";
            charges |= word == "charges";
            takes |= matches!(
                word,
                "takes" | "take" | "took" | "taking" | "drags" | "dragged" | "zieht" | "ziehen"
            );
            verdict |= is_verdict_word(word);
            before = previous;
            previous = word;
        }
        crime |= is_crime_word(word);
    }
    if verdict || (court && ruling) {
        Prosecution::Verdict
    } else if charge {
        Prosecution::Case
    } else if crime {
        Prosecution::Unknown
    } else {
        Prosecution::Unrelated
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The title's and the lead's words, folded the simple way the engine
    /// does for these (lower case, no accents).
    fn of(title: &str, lead: &str) -> Prosecution {
        let fold = |text: &str| -> Vec<String> {
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| {
                    w.to_lowercase()
                        .replace(['é', 'è'], "e")
                        .replace('ü', "u")
                        .replace('ö', "o")
                })
                .collect()
        };
        let (title, lead) = (fold(title), fold(lead));
        prosecution_of(
            title
                .iter()
                .map(|w| (true, w.as_str()))
                .chain(lead.iter().map(|w| (false, w.as_str()))),
        )
    }

    #[test]
    fn a_headline_of_charges_arrests_or_sentences_is_a_case() {
        for title in [
            "Two men charged with smuggling $160 million in Nvidia chips to China",
            "Osaka trader arrested over unlicensed export of chip etching tool",
            "Three arrested in Osaka over chipmaking tool exports",
            "Drei Manager wegen illegaler Chip-Exporte angeklagt",
            "Contrebande de puces : deux hommes inculpés à Miami",
            "UPDATE 2-US charges California chipmaker, two executives with smuggling Nvidia AI chips to China",
            "Mistral AI va contester devant le Conseil d'Etat l'amende de 38 millions d'euros de la CNIL",
            "Google appeals EU fine over shopping search",
            "Nordlicht AI to challenge EU 'systemic risk' label in court",
            "Swedish police arrest Saab engineer suspected of selling submarine drawings",
            "Swedish engineer held over sale of submarine plans",
            "Two crew members detained after cable cut in Baltic",
            "Police detain 14 as activists chain themselves to Rome ministry gates",
            "Kumpel AI klagt gegen Bundesnetzagentur",
            "Lio's maker takes Germany's AI regulator to court to keep its chatbot alive",
            "Lio zieht vor Gericht",
        ] {
            assert_eq!(of(title, ""), Prosecution::Case, "{title}");
        }
        // The fine is the news; the appeal a promise.
        assert_ne!(
            of("Mistral fined €38 million, plans to appeal fine", ""),
            Prosecution::Case
        );
        for title in [
            "Ex-engineer sentenced to four years for stealing chip designs",
            "Broker pleads guilty to shipping GPUs to Hong Kong",
            "Jury Convicts Two Men in Scheme to Ship Nvidia Chips to China",
            // The verdict is the news of a headline that recalls the charge.
            "Trader charged in 2024 is jailed for 30 months",
        ] {
            assert_eq!(of(title, ""), Prosecution::Verdict, "{title}");
        }
    }

    #[test]
    fn a_civil_suit_filed_is_a_case_and_a_deal_without_a_word_of_court_is_not() {
        // Authors suing a lab in the morning, the lab's licensing deal with
        // a publisher in the afternoon: two events.
        let suit = of(
            "La SGDL et quatorze écrivains assignent Mistral AI en justice pour contrefaçon",
            "",
        );
        assert_eq!(suit, Prosecution::Case);
        assert_eq!(
            of("French authors sue Mistral AI over 'pirated' books", ""),
            Prosecution::Case
        );
        let deal = of(
            "Mistral AI strikes book licensing deal with French publisher Editis",
            "Mistral AI has signed a multi-year agreement to license about 45,000 backlist titles from Editis.",
        );
        assert!(suit.clashes(deal));
        // A settlement or a ruling names the suit as its object: no case
        // brought, and never unrelated to one.
        for title in [
            "Cascadia Mutual to pay $48 million to settle lawsuits over 2026 data breach",
            "Cascadia Mutual inks $48M class settlement over claims-portal hack",
            "Judge sends NYT's copyright fight with OpenAI to a jury",
            "OpenAI loses bid to end newspapers' lawsuit before trial",
        ] {
            assert_eq!(of(title, ""), Prosecution::Unknown, "{title}");
        }
    }

    #[test]
    fn a_court_s_ruling_is_a_case_judged_and_its_appeal_a_case_brought() {
        let appeal = of(
            "Colorado will appeal ruling that struck parts of its AI law, attorney general says",
            "",
        );
        assert_eq!(appeal, Prosecution::Case);
        for title in [
            "Federal judge strikes down key parts of Colorado's artificial intelligence law",
            "Colorado's AI law loses in court",
            "A judge just gutted the nation's broadest AI anti-bias law",
            "Court blocks Texas age-verification law",
            "Judge Rules OpenAI's Training on Authors' Books Was Fair Use",
            // The appeal promised is the ruling's.
            "Texas vows to appeal after judge blocks its AI law",
        ] {
            assert_eq!(of(title, ""), Prosecution::Verdict, "{title}");
            assert!(appeal.clashes(of(title, "")), "{title}");
        }
        // An appeals court's ruling is no appeal; "rules" as a noun no
        // ruling.
        assert_eq!(
            of(
                "Thomson Reuters Wins First Appeals Ruling on AI Training and Fair Use",
                ""
            ),
            Prosecution::Unknown
        );
        assert_ne!(
            of("EU's AI rules challenged in court", ""),
            Prosecution::Verdict
        );
        // An angle naming the ruling, or what only a court does, is never
        // unrelated to it.
        for title in [
            "Was das Karlsruher Urteil für KI-Firmen bedeutet",
            "Mistral ruling leaves Europe's privacy regulators' AI playbook in doubt",
            "Le Conseil d'Etat annule l'amende de 20 millions d'euros infligée à Mistral AI",
        ] {
            assert_eq!(of(title, ""), Prosecution::Unknown, "{title}");
        }
    }

    #[test]
    fn a_losing_bidder_contesting_an_award_is_a_case() {
        for title in [
            "Hensoldt files protest over Luftwaffe's LUCHS award to Helsing",
            "Hensoldt ficht KI-Vergabe der Luftwaffe an",
            "German defence firm Hensoldt challenges air force AI deal won by Helsing",
            "Drones militaires : Anduril conteste l'attribution d'un contrat de l'armée",
        ] {
            assert_eq!(of(title, ""), Prosecution::Case, "{title}");
        }
        let award = of(
            "Luftwaffe selects Helsing for LUCHS AI target-recognition programme",
            "Germany's procurement office chose Helsing for the Eurofighter's AI target recognition.",
        );
        assert!(award.clashes(of("Hensoldt ficht KI-Vergabe der Luftwaffe an", "")));
        // A bidder's protest named by the award it holds up, a German
        // bidder's complaint ("rügt"), a French challenge of a choice.
        for title in [
            "Thales protest puts Germany's sub-hunting AI deal on hold",
            "Thales rügt Vergabe: Marine-Auftrag an Helsing liegt auf Eis",
            "« Nous n'avons pas été entendus » : Thales conteste le choix de Helsing",
            "Shield AI protests Germany's CCA autonomy award to Helsing",
            "US drone software maker challenges Helsing's German win",
            "Vergabestreit um KI-Flügelmann: Shield AI ruft die Vergabekammer an",
            "Shield AI legt Beschwerde gegen Helsing-Auftrag der Luftwaffe ein",
            "Unterlegener Bieter legt Beschwerde gegen Palantirs Wartungsauftrag der US Air Force ein",
        ] {
            assert_eq!(of(title, ""), Prosecution::Case, "{title}");
        }
        // A street's protest, a company's challenges: no case.
        for title in [
            "Dockworkers protest crane automation in Le Havre",
            "Helsing faces challenges in scaling drone output",
            "Students protest tuition rise as vote looms",
            "Shield AI wins Japanese Hivemind contract",
        ] {
            assert_ne!(of(title, ""), Prosecution::Case, "{title}");
        }
        // A complaint told in the lead: never unrelated to the case.
        assert_eq!(
            of(
                "Loser in German AI jet-software race cries foul",
                "Hensoldt lodged a procurement complaint against Berlin's pick of Helsing.",
            ),
            Prosecution::Unknown
        );
    }

    #[test]
    fn a_case_brought_and_a_case_judged_clash() {
        // Two smuggling cases of one week: new charges and a jury's verdict.
        let charges = of(
            "Three charged with sneaking $160 million in AI servers to China",
            "Federal prosecutors unsealed charges accusing three people of shipping servers to China.",
        );
        let verdict = of(
            "Jury Convicts Two Men in Scheme to Ship Nvidia Chips to China",
            "A federal jury in Miami convicted two men of conspiring to export Nvidia processors.",
        );
        assert!(charges.clashes(verdict) && verdict.clashes(charges));
        assert!(verdict.clashes(Prosecution::Unrelated));
        assert!(!verdict.clashes(verdict) && !charges.clashes(charges));
        assert!(!verdict.clashes(Prosecution::Unknown));
    }

    #[test]
    fn a_report_without_a_word_of_crime_is_unrelated_and_clashes_with_a_case() {
        let rule = of(
            "US tightens AI chip export rules, targets shipments via Malaysia",
            "The Commerce Department required licences for exports of AI accelerators to Malaysia and Thailand.",
        );
        assert_eq!(rule, Prosecution::Unrelated);
        assert!(rule.clashes(Prosecution::Case));
        assert!(Prosecution::Case.clashes(rule));
        assert!(!rule.clashes(rule));
        assert!(!Prosecution::Case.clashes(Prosecution::Case));
    }

    #[test]
    fn words_with_a_second_sense_tell_of_no_case() {
        // Bank charges, cardiac arrest, a plea for calm, a condemnation:
        // no case in the headline, though the words count as mentions.
        for title in [
            "Regulator caps overdraft charges at UK banks",
            "Bank charges with no warning anger customers",
            "Charges with a twist: airline adds seat fees",
            "Smartwatch detects cardiac arrest in trial",
            "Mayor pleads for calm after flooding",
            "Einzelhandel klagt über schwaches Pfingstgeschäft",
            "Berlin verurteilt Angriff auf Tanker",
            "La France condamne l'attaque contre l'hôpital",
        ] {
            assert_eq!(of(title, ""), Prosecution::Unknown, "{title}");
        }
        // A state holding a ship is no arrest by whoever makes one.
        assert_ne!(
            of(
                "Finland detains cargo vessel over Baltic Sea cable damage",
                ""
            ),
            Prosecution::Case
        );
    }

    #[test]
    fn an_angle_on_a_case_is_not_unrelated() {
        // The explainer on the case names the scheme, not a charge: it
        // still speaks of a crime, so it never clashes with the charges.
        let explainer = of(
            "Inside the alleged scheme to route AI chips from a Fremont warehouse to China",
            "Court filings describe relabeled crates and an empty lot.",
        );
        assert_eq!(explainer, Prosecution::Unknown);
        assert!(!explainer.clashes(Prosecution::Case));
        // A charge mentioned only in the lead makes no case of the headline.
        assert_eq!(
            of(
                "Nvidia tightens checks on Southeast Asian resellers",
                "The move follows charges against two men in Miami last week.",
            ),
            Prosecution::Unknown
        );
    }
}
