//! Whether a report's headline tells of lawmakers holding a hearing or
//! pressing officials ("Lawmakers press Pentagon on oversight as AI
//! contracts pile up", "Senators grill generals at tense hearing",
//! "Anhörung im Bundestag", "audition au Sénat"), or of a regulator's
//! inquiry into a company ("EU AI Office opens first inquiry into Mistral
//! over new model's risk checks", its lead naming the Commission; "EU
//! regulators question Mistral over Large 4"), or its title and lead say
//! nothing of lawmakers, regulators or inquiries at all. The model's launch
//! and the regulator's inquiry into it a day later are two events, however
//! much of the model both name. A hearing is its own event: it cites the
//! contract, the attack or the rule it questions, often with its amount and
//! its vendor, the day after; the report of that contract says nothing of
//! lawmakers (`StoryConfig::oversight_conflict_factor`). Two reports of one
//! hearing both speak of lawmakers, and a report of lawmakers' reaction to
//! an award names them in its lead, so neither counts as unrelated.
//!
//! English, German and French, from the folded words of the title and the
//! lead. A headline tells of a hearing when it says "hearing" ("Anhörung",
//! "audition") or "testifies" and the title or lead names a legislature, a
//! committee or lawmakers (a court's bail hearing or a witness at a trial
//! is no hearing of lawmakers), or when it names lawmakers (senators, MPs,
//! MEPs, Abgeordnete, députés...) with a word of pressing (press, grill,
//! question, quiz). Any word for lawmakers, a legislature, its committees
//! or a hearing in the title or the lead keeps a report from counting as
//! unrelated, unless it tells of a regulator's guidance or consultation
//! and of no inquiry, hearing or lawmakers: the guidance is another act
//! than the inquiry the regulator opens the same morning.

use super::penalty::is_guidance_word;

super::verdict::two_sided_verdict! {
    /// What a report's title and lead say of lawmakers.
    pub enum Oversight {
        /// Lawmakers are mentioned, but the headline tells of no hearing.
        Unknown,
        /// The headline tells of a hearing, or of lawmakers pressing officials.
        Hearing,
        /// Neither the title nor the lead speaks of lawmakers, a legislature or
        /// its committees.
        Unrelated,
    }
}

/// A word that tells of a hearing on its own (as a folded word).
fn is_hearing(word: &str) -> bool {
    matches!(
        word,
        "hearing"
            | "hearings"
            | "testifies"
            | "testified"
            | "testify"
            | "testimony"
            | "anhorung"
            | "anhorungen"
            | "audition"
            | "auditionne"
            | "auditionnee"
            | "auditionnes"
    )
}

/// Lawmakers (as a folded word).
fn is_lawmakers(word: &str) -> bool {
    matches!(
        word,
        "lawmakers"
            | "lawmaker"
            | "legislators"
            | "senators"
            | "senator"
            | "congressmen"
            | "congresswoman"
            | "congressman"
            | "mps"
            | "meps"
            | "abgeordnete"
            | "abgeordneten"
            | "parlamentarier"
            | "deputes"
            | "senateurs"
            | "parlementaires"
            | "eurodeputes"
    )
}

/// A word that, with lawmakers in the headline, tells of them pressing
/// officials ("lawmakers demand files ... after closed-door grilling";
/// German "Abgeordnete nehmen das Ministerium in die Mangel").
fn is_pressing(word: &str) -> bool {
    matches!(
        word,
        "demand"
            | "demands"
            | "grilling"
            | "mangel"
            | "press"
            | "presses"
            | "pressed"
            | "grill"
            | "grills"
            | "grilled"
            | "question"
            | "questions"
            | "questioned"
            | "quiz"
            | "quizzes"
            | "quizzed"
            | "befragen"
            | "befragt"
            | "interrogent"
            | "interpellent"
    )
}

/// A word for lawmakers, a legislature or its committees.
fn is_legislature_word(word: &str) -> bool {
    is_lawmakers(word)
        || matches!(
            word,
            "congress"
                | "congressional"
                | "senate"
                | "parliament"
                | "parliamentary"
                | "committee"
                | "subcommittee"
                | "appropriators"
                | "bundestag"
                | "landtag"
                | "ausschuss"
                | "untersuchungsausschuss"
                | "parlament"
                | "senat"
                | "assemblee"
                | "parlement"
                | "commission"
        )
}

/// A word that, in a headline, tells of an inquiry (as a folded word).
fn is_inquiry(word: &str) -> bool {
    matches!(
        word,
        "inquiry"
            | "inquiries"
            | "probe"
            | "probes"
            | "probing"
            | "investigation"
            | "investigates"
            | "investigating"
            | "untersuchung"
            | "prufverfahren"
            | "enquete"
    )
}

/// A regulator (as a folded word).
fn is_regulator(word: &str) -> bool {
    matches!(
        word,
        "regulator"
            | "regulators"
            | "watchdog"
            | "watchdogs"
            | "aufsicht"
            | "behorde"
            | "regulateur"
            | "gendarme"
    )
}

/// What the title's and the lead's folded words (each with whether it is
/// in the title) say of lawmakers and regulators.
pub(crate) fn oversight_of<'a>(words: impl IntoIterator<Item = (bool, &'a str)>) -> Oversight {
    let (mut lawmakers, mut pressing, mut hearing) = (false, false, false);
    let (mut legislature, mut any_hearing_or_inquiry) = (false, false);
    let (mut inquiry, mut regulator) = (false, false);
    // Any word of a regulator's guidance, and of lawmakers, in the title or lead.
    let (mut guidance, mut any_lawmakers) = (false, false);
    for (in_title, word) in words {
        let is_a_hearing = is_hearing(word);
        let is_an_inquiry = is_inquiry(word);
        if in_title {
            hearing |= is_a_hearing;
            lawmakers |= is_lawmakers(word);
            pressing |= is_pressing(word);
            inquiry |= is_an_inquiry;
        }
        any_hearing_or_inquiry |= is_a_hearing || is_an_inquiry;
        legislature |= is_legislature_word(word);
        regulator |= is_regulator(word);
        guidance |= is_guidance_word(word);
        any_lawmakers |= is_lawmakers(word);
    }
    // A regulator's inquiry into a company questions it as a hearing
    // does: "EU AI Office opens first inquiry into Mistral over new
    // model's risk checks" (its lead names the Commission), "EU
    // regulators question Mistral over Large 4".
    let overseers = legislature || regulator;
    if (lawmakers && pressing)
        || (hearing && legislature)
        || ((inquiry || pressing) && overseers && !lawmakers)
    {
        Oversight::Hearing
    } else if guidance && !any_hearing_or_inquiry && !any_lawmakers {
        // A regulator's guidance is another act than its inquiry of the
        // same morning ("The Federal Trade Commission issued guidance
        // Thursday telling companies that offer AI chatbots ..." against
        // "US FTC probing Musk's xAI over children's data"), however much
        // of the regulator both name.
        Oversight::Unrelated
    } else if overseers || any_hearing_or_inquiry {
        Oversight::Unknown
    } else {
        Oversight::Unrelated
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the engine reads of a title and a summary (whose first
    /// sentence is the lead).
    fn of(title: &str, lead: &str) -> Oversight {
        crate::stories::Features::extract(title, lead, "").oversight()
    }

    #[test]
    fn a_headline_of_a_hearing_or_of_lawmakers_pressing_officials_is_a_hearing() {
        for (title, lead) in [
            (
                "Lawmakers press Pentagon on oversight as AI contracts pile up",
                "",
            ),
            ("Senators grill generals on autonomous weapons", ""),
            (
                "Pentagon AI chief testifies on planning agents",
                "The head of the AI office told a House subcommittee the agents would not pick targets.",
            ),
            (
                "Senate appropriators press Navy on shipbuilding delays at budget hearing",
                "",
            ),
            ("MEPs question Commission over AI Act delay", ""),
            (
                "Anhörung im Bundestag: Abgeordnete befragen Bundeswehr zu KI-Systemen",
                "",
            ),
            (
                "Audition au Sénat : le ministre des Armées défend le contrat",
                "",
            ),
            (
                "Lawmakers demand files on no-bid drone deal after closed-door grilling",
                "",
            ),
            (
                "Drohnen-Auftrag: Abgeordnete nehmen das Ministerium in die Mangel",
                "",
            ),
        ] {
            assert_eq!(of(title, lead), Oversight::Hearing, "{title}");
        }
    }

    #[test]
    fn a_regulators_guidance_is_unrelated_to_its_inquiry() {
        let guidance = of(
            "FTC tells chatbot makers to check kids' ages and get parents' consent",
            "The Federal Trade Commission issued guidance Thursday telling companies that \
             offer AI chatbots likely to be used by children how federal privacy law applies.",
        );
        assert_eq!(guidance, Oversight::Unrelated);
        let inquiry = of(
            "US FTC probing Musk's xAI over children's data in Grok companions",
            "The U.S. Federal Trade Commission has sent xAI a civil investigative demand.",
        );
        assert_eq!(inquiry, Oversight::Hearing);
        assert!(guidance.clashes(inquiry));
        // Guidance that an inquiry or lawmakers speak of is not unrelated.
        for (title, lead) in [
            (
                "FTC guidance lands as agency probes xAI",
                "The Federal Trade Commission issued guidance.",
            ),
            (
                "Lawmakers want the FTC's chatbot guidance to bind",
                "Senators said the guidance was too weak.",
            ),
        ] {
            assert_ne!(of(title, lead), Oversight::Unrelated, "{title}");
        }
    }

    #[test]
    fn a_regulators_inquiry_is_a_hearing_and_clashes_with_the_launch_it_questions() {
        let inquiry = of(
            "EU AI Office opens first inquiry into Mistral over new model's risk checks",
            "The European Commission's AI Office has sent Mistral AI a formal request for information about Mistral Large 4.",
        );
        assert_eq!(inquiry, Oversight::Hearing);
        assert_eq!(
            of(
                "EU regulators question Mistral over Large 4 safety testing",
                ""
            ),
            Oversight::Hearing
        );
        let launch = of(
            "Mistral releases Large 4, its biggest open-weight model",
            "The Paris lab said the model matches leading US systems on code.",
        );
        assert_eq!(launch, Oversight::Unrelated);
        assert!(inquiry.clashes(launch));
        // A report naming a regulator is never unrelated; a police probe
        // is no regulator's.
        assert_eq!(
            of(
                "Hospital restores systems",
                "The state's privacy regulator was notified."
            ),
            Oversight::Unknown
        );
        assert_ne!(
            of("FBI probes ransomware attack on hospital", ""),
            Oversight::Hearing
        );
    }

    #[test]
    fn an_award_that_says_nothing_of_lawmakers_is_unrelated_and_clashes_with_a_hearing() {
        let award = of(
            "CDAO taps Scale AI for $640M agentic planning effort",
            "The Pentagon's Chief Digital and AI Office awarded Scale AI a deal worth up to $640 million for planning agents.",
        );
        assert_eq!(award, Oversight::Unrelated);
        assert!(award.clashes(Oversight::Hearing));
        assert!(Oversight::Hearing.clashes(award));
        assert!(!award.clashes(award));
        assert!(!Oversight::Hearing.clashes(Oversight::Hearing));
    }

    #[test]
    fn a_report_that_speaks_of_lawmakers_never_clashes() {
        for (title, lead) in [
            (
                "Scale AI's $640M Pentagon deal draws fire",
                "Several lawmakers said the award needed closer scrutiny.",
            ),
            (
                "Senate passes defense bill",
                "The Senate passed its version of the annual defense policy bill.",
            ),
            (
                "Bundestag beschließt Haushalt",
                "Der Bundestag hat den Haushalt 2027 beschlossen.",
            ),
        ] {
            let report = of(title, lead);
            assert_eq!(report, Oversight::Unknown, "{title}");
            assert!(!report.clashes(Oversight::Hearing), "{title}");
        }
    }

    #[test]
    fn a_courts_hearing_is_no_hearing_of_lawmakers_nor_unrelated() {
        for (title, lead) in [
            (
                "Judge sets bail hearing for Nvidia smuggling suspects",
                "A federal judge in Brooklyn scheduled a detention hearing for the three men charged on Monday.",
            ),
            (
                "Engineer testifies at chip smuggling trial",
                "A former engineer told the jury he relabelled the servers.",
            ),
        ] {
            assert_eq!(of(title, lead), Oversight::Unknown, "{title}");
        }
    }

    #[test]
    fn lawmakers_without_pressing_or_pressing_without_lawmakers_is_no_hearing() {
        for title in [
            "Lawmakers pass AI bill",
            "Press freedom groups question AI rules",
            "Pentagon presses ahead with AI planning tools",
            "Senators back $900 billion defense bill",
        ] {
            assert_ne!(of(title, ""), Oversight::Hearing, "{title}");
        }
    }
}
