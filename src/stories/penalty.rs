//! Whether a report's headline tells of a fine ("AI Office fines Lumora
//! €32 million", "Commission hands Lumora AI the first fine under the AI
//! Act", "verhängt erstes Bußgeld", "inflige une amende") or its title and
//! lead say nothing of fines, penalties or their enforcement at all. A
//! regulator's fine and its guidelines of the same morning are two events
//! however many words of the law they share (the fine cites the law the
//! guidelines explain); two reports of one fine rarely split that way: an
//! angle on it still names the fine, the penalty or the sanction
//! (`StoryConfig::penalty_conflict_factor`).
//!
//! A headline of the regulator's other act ("German AI watchdog opens
//! consultation on its regulatory sandbox rules", guidance,
//! recommendations) and no fine is unrelated too, whatever its lead
//! recalls of enforcement: its report is of the consultation.
//!
//! English, German and French, from the folded words of the title and the
//! lead. The headline words are the fine itself ("fine", "fines", "fined",
//! "penalty", "Bußgeld", "amende"); "penalties" alone is a football
//! shoot-out's ("beat England on penalties") and stays out of the
//! headline, as "sanction" does (a country's sanctions). Any of them, or
//! a word of enforcement (sanction, enforcement, infringement, breach,
//! violation), of who enforces (a regulator, a watchdog, a "privacy
//! cop"), or an amount of money in the title or the lead keeps a report
//! from counting as unrelated: a court's ruling on a fine, an appeal
//! against one, a law that threatens fines, an angle that tells the fine
//! by its amount ("Ireland's DPC slaps €38M on X").
//!
//! A headline that fights a fine, or tells of the court that rules on it,
//! and has no word imposing it ("Mistral AI to challenge French consumer
//! fine in court", "fait appel de l'amende", "Conseil d'Etat annule
//! l'amende") is an appeal: another event than the fine, a day or a year
//! later, and as unrelated to a report that says nothing of fines. "Apple
//! fined €1.8bn, vows to appeal" is the fine's. So is a headline that
//! fights a ruling in court without naming the fine, when its lead names
//! the fine and nothing imposing it ("Meta takes Irish data watchdog to
//! High Court over teen-privacy ruling", "... seeking to annul Ireland's
//! 390 million euro fine").

use super::financing::Piece;

/// What a report's title and lead say of a fine. Stored in two bits of
/// the item's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[repr(u8)]
pub enum Penalty {
    /// Fines or enforcement are mentioned, but the headline tells of none.
    #[default]
    Unknown = 0,
    /// The headline tells of a fine.
    Fine = 1,
    /// Neither the title nor the lead speaks of a fine, a penalty or
    /// enforcement.
    Unrelated = 2,
    /// The headline tells of a fine being fought, not imposed: an appeal
    /// ("Mistral AI to challenge French consumer fine in court"), another
    /// event than the fine, a day or a year later.
    Appeal = 3,
}

impl Penalty {
    /// Whether the two reports tell of two events: a fine and a report
    /// that says nothing of fines, or a fine and its appeal.
    pub fn clashes(self, other: Penalty) -> bool {
        use Penalty::*;
        matches!(
            (self, other),
            (Fine | Appeal, Unrelated)
                | (Unrelated, Fine | Appeal)
                | (Fine, Appeal)
                | (Appeal, Fine)
        )
    }

    /// The verdict stored as `self as u8`.
    pub(crate) fn from_bits(bits: u8) -> Penalty {
        match bits & 3 {
            1 => Penalty::Fine,
            2 => Penalty::Unrelated,
            3 => Penalty::Appeal,
            _ => Penalty::Unknown,
        }
    }
}

/// A headline word that tells of a fine (as a folded word).
fn is_fine(word: &str) -> bool {
    matches!(
        word,
        "fine"
            | "fines"
            | "fined"
            | "penalty"
            | "amende"
            | "amendes"
            | "bussgeld"
            | "bussgelder"
            | "bussgeldes"
            | "geldbusse"
            | "geldstrafe"
    )
}

/// A word that speaks of a fine or of enforcement at all (in the title or
/// the lead), or of who enforces: a report with one is never unrelated
/// ("France's privacy cop takes aim at robo-recruiters", "le gendarme de
/// la vie privée frappe", "EU-Gericht bestätigt Milliardenstrafe").
fn is_enforcement_word(word: &str) -> bool {
    is_fine(word)
        || word.ends_with("strafe")
        || word.ends_with("strafen")
        || matches!(
            word,
            "penalties"
                | "penalise"
                | "penalised"
                | "penalize"
                | "penalized"
                | "sanction"
                | "sanctions"
                | "sanctioned"
                | "sanctionne"
                | "sanctionnee"
                | "enforcement"
                | "infringement"
                | "infringements"
                | "breach"
                | "breached"
                | "breaches"
                | "violation"
                | "violations"
                | "violated"
                | "inflige"
                | "strafe"
                | "strafen"
                | "verstoss"
                | "verstosse"
                | "regulator"
                | "regulators"
                | "watchdog"
                | "watchdogs"
                | "cop"
                | "gendarme"
                | "aufsicht"
                | "aufsichtsbehorde"
                | "datenschutzbehorde"
        )
}

/// What the title's and the lead's pieces (words, amounts, the step to
/// the lead) say of a fine.
pub(crate) fn penalty_of<'a>(pieces: impl IntoIterator<Item = Piece<'a>>) -> Penalty {
    let (mut in_title, mut mentioned) = (true, false);
    // In the headline: a fine, a word that imposes it, a word that fights it.
    let (mut fine, mut imposed, mut fought) = (false, false, false);
    // In the headline: another act of the regulator (a consultation, guidelines).
    let mut other_act = false;
    // In the lead: a fine, a word that imposes it.
    let (mut lead_fine, mut lead_imposed) = (false, false);
    for piece in pieces {
        match piece {
            // The lead adds nothing to a headline's fine.
            Piece::Lead if fine => break,
            Piece::Lead => in_title = false,
            Piece::Word(word) => {
                if in_title {
                    fine |= is_fine(word);
                    imposed |= imposes_a_fine(word);
                    fought |= is_appeal_word(word);
                    other_act |= is_guidance_word(word);
                } else {
                    lead_fine |= is_fine(word);
                    lead_imposed |= imposes_a_fine(word);
                }
                mentioned |= is_enforcement_word(word);
            }
            // An amount may be the fine, told without its word ("Ireland's
            // DPC slaps €38M on X").
            Piece::Amount => mentioned = true,
            Piece::Number => {}
        }
    }
    if fine {
        if fought && !imposed {
            Penalty::Appeal
        } else {
            Penalty::Fine
        }
    } else if fought && !imposed && lead_fine && !lead_imposed && !other_act {
        // "Meta takes Irish data watchdog to High Court over teen-privacy
        // ruling", its lead "seeking to annul Ireland's 390 million euro
        // fine": the headline fights what its lead names as a fine.
        Penalty::Appeal
    } else if mentioned && !other_act {
        Penalty::Unknown
    } else {
        Penalty::Unrelated
    }
}

/// A headline word of a fined party fighting its fine, of the court it
/// fights it in, or of that court's ruling, as a folded word ("appeals",
/// "to challenge", "will fight", "fait appel", "ficht an", "drags Spain's
/// AI cop to court", "annule l'amende").
fn is_appeal_word(word: &str) -> bool {
    matches!(
        word,
        "appeal"
            | "appeals"
            | "appealed"
            | "challenge"
            | "challenges"
            | "contest"
            | "contests"
            | "fight"
            | "fights"
            | "appel"
            | "conteste"
            | "contester"
            | "berufung"
            | "einspruch"
            | "anfechten"
            | "ficht"
            | "klagt"
            | "court"
            | "gericht"
            | "cour"
            | "tribunal"
            | "justice"
            | "annul"
            | "annuls"
            | "annulled"
            | "annule"
            | "annulee"
            | "overturns"
            | "overturned"
            | "quashes"
            | "quashed"
            | "upholds"
            | "upheld"
            | "kippt"
    )
}

/// A word of a regulator's act other than a fine or an inquiry: a
/// consultation or guidance ("German AI watchdog opens consultation on its
/// sandbox rules", "CNIL publie ses recommandations"). In a headline, its
/// report is another event than the fine of the same morning however much
/// of enforcement its lead recalls (a report of the fine names the fine);
/// in a title or lead that names no inquiry, hearing or lawmakers, another
/// event than the regulator's inquiry (`oversight.rs`).
pub(super) fn is_guidance_word(word: &str) -> bool {
    matches!(
        word,
        "consultation"
            | "consultations"
            | "guidance"
            | "guidelines"
            | "konsultation"
            | "leitlinien"
            | "directrices"
            | "recommandations"
    )
}

/// A headline word that imposes the fine itself ("fines", "fined",
/// "inflige", "verhängt"): its report is of the fine, whatever it adds of
/// an appeal ("Apple fined €1.8bn, vows to appeal").
fn imposes_a_fine(word: &str) -> bool {
    matches!(
        word,
        // "Sanctionnée par la CNIL, Sonate AI va contester ...": fined.
        "fines" | "fined" | "inflige" | "verhangt" | "sanctionne" | "sanctionnee"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn appeals(title: &str) -> bool {
        of(title, "") == Penalty::Appeal
    }

    #[test]
    fn a_fine_fought_in_court_follows_the_fine() {
        for title in [
            "Mistral AI to challenge French consumer fine in court",
            "Mistral will fight France's $11M consumer fine in court",
            "Mistral AI annonce faire appel de l'amende de la DGCCRF",
            "Apple appeals €1.8bn EU fine",
            "Meta legt Berufung gegen Bußgeld ein",
            "Telvia drags Spain's AI cop to court over €6.5M emotion-recognition fine",
            "Callcenter-Betreiber Telvia klagt gegen erstes KI-Bußgeld Europas",
            "EU court cuts Intel's fine to €376 million",
            "Le Conseil d'Etat annule l'amende de 20 millions d'euros infligée à Mistral AI par la CNIL",
        ] {
            assert!(appeals(title), "{title}");
        }
    }

    #[test]
    fn a_ruling_fought_in_court_is_an_appeal_when_the_lead_names_the_fine() {
        let title = "Meta takes Irish data watchdog to High Court over teen-privacy ruling";
        assert_eq!(
            of(
                title,
                "Meta has filed proceedings in Dublin's High Court seeking to annul Ireland's \
                 390 million euro fine over Instagram teenagers' data."
            ),
            Penalty::Appeal
        );
        // Without a fine in the lead, a court case is not an appeal of one.
        assert_ne!(
            of(
                title,
                "Meta has filed proceedings in Dublin's High Court over the order to change \
                 how it processes teenagers' data."
            ),
            Penalty::Appeal
        );
        // A headline that says the company was fined is the fine's report.
        assert_ne!(
            of(
                "Sanctionnée par la CNIL, Sonate AI va contester devant le Conseil d'Etat",
                "La start-up parisienne, condamnée à 22 millions d'euros d'amende, estime que \
                 la décision menace la filière."
            ),
            Penalty::Appeal
        );
        // A lead that imposes the fine is the fine's report.
        assert_ne!(
            of(
                "Court rules against Meta in teen-privacy case",
                "Dublin's High Court fined Meta 390 million euros on Monday."
            ),
            Penalty::Appeal
        );
    }

    #[test]
    fn a_fine_imposed_is_no_appeal_whatever_it_adds() {
        for title in [
            "Apple fined €1.8bn, vows to appeal",
            "La DGCCRF inflige une amende de 9,5 millions d'euros à Mistral AI",
            "French consumer watchdog fines Mistral AI 9.5 mln euros over misleading claims",
            "Paris hits Mistral with €9.5M fine for misleading chatbot ads",
            "Apple to challenge EU's new app store rules",
            "Court fines chip smuggler $2 million",
        ] {
            assert!(!appeals(title), "{title}");
        }
    }

    /// What the engine reads of a title and a summary (whose first
    /// sentence is the lead).
    fn of(title: &str, lead: &str) -> Penalty {
        crate::stories::Features::extract(title, lead, "").penalty()
    }

    #[test]
    fn a_headline_of_a_fine_is_a_fine() {
        assert_eq!(
            of(
                "AI Office fines Lumora €32 million over missing training-data summary",
                ""
            ),
            Penalty::Fine
        );
        assert_eq!(
            of(
                "Commission hands Lumora AI the first fine under the AI Act's model rules",
                ""
            ),
            Penalty::Fine
        );
        assert_eq!(
            of(
                "AI Act: EU-Kommission verhängt erstes Bußgeld gegen KI-Anbieter Lumora",
                ""
            ),
            Penalty::Fine
        );
        assert_eq!(
            of(
                "IA : Bruxelles inflige une amende de 32 millions d'euros à Lumora, une première",
                ""
            ),
            Penalty::Fine
        );
    }

    #[test]
    fn a_report_without_a_word_of_fines_is_unrelated_and_clashes_with_a_fine() {
        let guidelines = of(
            "Brussels publishes long-awaited guidelines on which AI systems count as high-risk",
            "The European Commission published guidelines on Thursday explaining how to \
             classify AI systems as high-risk under the AI Act, with more than 60 worked \
             examples. Companies have until August 2027 to comply.",
        );
        assert_eq!(guidelines, Penalty::Unrelated);
        assert!(guidelines.clashes(Penalty::Fine));
        assert!(Penalty::Fine.clashes(guidelines));
        assert!(!Penalty::Fine.clashes(Penalty::Fine));
        assert!(!Penalty::Fine.clashes(Penalty::Unknown));
    }

    #[test]
    fn a_regulators_consultation_is_unrelated_to_its_fine() {
        let consultation = of(
            "German AI watchdog opens consultation on its regulatory sandbox rules",
            "The Bundesnetzagentur launched a public consultation on how companies can \
             apply to test high-risk AI systems in its sandbox.",
        );
        assert_eq!(consultation, Penalty::Unrelated);
        assert!(consultation.clashes(Penalty::Fine));
        // A fine that comes with guidance is the fine's.
        assert_eq!(
            of(
                "CNIL fines Clearview €20m and issues guidance on scraping",
                ""
            ),
            Penalty::Fine
        );
        // A watchdog with no other act named is still not unrelated.
        assert_eq!(
            of("German AI watchdog says xAI ignored its warnings", ""),
            Penalty::Unknown
        );
    }

    #[test]
    fn an_angle_on_a_fine_or_on_enforcement_is_not_unrelated() {
        // A law that threatens fines, a shoot-out, a country's sanctions.
        assert_eq!(
            of(
                "Canada tables AI bill with mandatory audits",
                "Breaches would carry penalties of up to 3% of revenue."
            ),
            Penalty::Unknown
        );
        assert_eq!(
            of("Argentina beat England on penalties to reach the final", ""),
            Penalty::Unknown
        );
        assert_eq!(
            of("EU widens sanctions on Russian oil traders", ""),
            Penalty::Unknown
        );
    }

    #[test]
    fn a_fine_told_by_its_amount_or_its_enforcer_is_not_unrelated() {
        assert_eq!(
            of(
                "Ireland's DPC slaps €38M on X for feeding Europeans' posts to Grok",
                ""
            ),
            Penalty::Unknown
        );
        assert_eq!(
            of("France's privacy cop takes aim at robo-recruiters", ""),
            Penalty::Unknown
        );
        assert_eq!(
            of(
                "EU-Gericht bestätigt Milliardenstrafe gegen Google weitgehend",
                ""
            ),
            Penalty::Unknown
        );
    }

    #[test]
    fn bits_round_trip() {
        for penalty in [Penalty::Unknown, Penalty::Fine, Penalty::Unrelated] {
            assert_eq!(Penalty::from_bits(penalty as u8), penalty);
        }
    }
}
