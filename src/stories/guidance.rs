//! Whether a report's title or lead tells of a company cutting its
//! forecast ("Lam Research slashes outlook", "lowered its quarterly
//! forecast", "senkt seine Umsatzprognose", "abaisse ses prévisions", a
//! profit warning), or its title and lead say nothing of forecasts or
//! results at all. A rule and the forecast a company cuts because of it
//! the next day are two events however many names and words they share
//! (the cut cites the rule, the rule's reports name the companies it
//! hits); two reports of one cut rarely split that way: an angle on it
//! still names the forecast, the outlook, the quarter or the revenue
//! (`StoryConfig::guidance_conflict_factor`). A company's statement on the
//! rule, or its shares' fall, is the rule's story (the news README's
//! "Cases the writers split on"); its forecast cut is its own.
//!
//! English, German and French, from the folded words of the title and the
//! lead: a word that cuts ("cuts", "lowers", "slashes", "trims", "senkt",
//! "abaisse", "baisse") with a forecast's noun ("forecast", "outlook",
//! "guidance", "Prognose", "Ausblick", "prévisions", "objectifs") at most
//! four words after it, or the noun right before "cut" ("forecast cut"),
//! or a profit warning ("Gewinnwarnung", "avertissement sur résultats").
//! Any forecast's noun, or a word of results (revenue, profit, earnings,
//! quarter, margin, "Umsatz", "Quartal", "résultats", "chiffre
//! d'affaires"), keeps a report from counting as unrelated, so a
//! company's results never clash with their own forecast. A headline of a
//! change at the top after a cut ("Infineon CEO Berger to Step Down Days
//! After Profit Warning") is no cut: it is the change's report, which the
//! leadership rule holds apart (`features.rs`).

super::verdict::two_sided_verdict! {
    /// What a report's title and lead say of a company's forecast.
    pub enum Guidance {
        /// Forecasts or results are mentioned, but no cut.
        Unknown,
        /// The title or the lead tells of a forecast cut.
        Cut,
        /// Neither the title nor the lead speaks of a forecast or of
        /// results.
        Unrelated,
    }
}

/// A word that cuts a forecast, as a folded word.
fn is_cut(word: &str) -> bool {
    matches!(
        word,
        "cut"
            | "cuts"
            | "cutting"
            | "lowers"
            | "lowered"
            | "lowering"
            | "slashes"
            | "slashed"
            | "trims"
            | "trimmed"
            | "reduces"
            | "reduced"
            | "downgrades"
            | "downgraded"
            | "senkt"
            | "gesenkt"
            | "kappt"
            | "gekappt"
            | "reduziert"
            | "abaisse"
            | "abaissent"
            | "reduit"
            | "baisse"
    )
}

/// A forecast's noun, as a folded word ("Umsatzprognose" too).
fn is_forecast(word: &str) -> bool {
    matches!(
        word,
        "forecast"
            | "forecasts"
            | "outlook"
            | "outlooks"
            | "guidance"
            | "ausblick"
            | "prevision"
            | "previsions"
            | "objectif"
            | "objectifs"
            | "perspectives"
    ) || word.ends_with("prognose")
}

/// A word of a company's results (in the title or the lead): a report
/// with one is never unrelated.
fn is_results_word(word: &str) -> bool {
    matches!(
        word,
        "results"
            | "earnings"
            | "revenue"
            | "revenues"
            | "profit"
            | "profits"
            | "quarter"
            | "quarterly"
            | "margin"
            | "margins"
            | "warning"
            | "warns"
            | "umsatz"
            | "gewinn"
            | "quartal"
            | "resultats"
            | "benefice"
            | "chiffre"
            | "trimestre"
    ) || word.ends_with("warnung")
}

/// How many words after a cutting word its forecast's noun may come
/// ("lowered its quarterly revenue forecast").
const CUT_REACH: usize = 4;

/// A word that keeps or raises a forecast: a cut before it cuts something
/// else ("cuts 400 jobs, keeps its outlook").
fn is_keep(word: &str) -> bool {
    matches!(
        word,
        "keeps"
            | "keep"
            | "kept"
            | "maintains"
            | "maintained"
            | "holds"
            | "reaffirms"
            | "confirms"
            | "raises"
            | "raised"
            | "lifts"
            | "sticks"
            | "bestatigt"
            | "halt"
            | "maintient"
            | "confirme"
            | "releve"
    )
}

/// What the title's and the lead's folded words say of a forecast cut.
pub(crate) fn guidance_of<'a>(words: impl IntoIterator<Item = (bool, &'a str)>) -> Guidance {
    let mut mentioned = false;
    // Words since the last cutting word (`CUT_REACH + 1`: none in reach).
    let mut since_cut = CUT_REACH + 1;
    let (mut previous, mut before_previous) = ("", "");
    for (_, word) in words {
        let forecast = is_forecast(word);
        let cut = (forecast && since_cut <= CUT_REACH)
            || (is_cut(word) && is_forecast(previous))
            || (word == "warning" && previous == "profit")
            || word == "gewinnwarnung"
            // "avertissement sur résultats", a profit warning.
            || (word == "resultats" && previous == "sur" && before_previous == "avertissement");
        if cut {
            return Guidance::Cut;
        }
        mentioned |= forecast || is_results_word(word);
        since_cut = if is_cut(word) {
            1
        } else if is_keep(word) {
            CUT_REACH + 1
        } else {
            since_cut + 1
        };
        before_previous = previous;
        previous = word;
    }
    if mentioned {
        Guidance::Unknown
    } else {
        Guidance::Unrelated
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the engine reads of a title and a summary (whose first
    /// sentence is the lead).
    fn of(title: &str, lead: &str) -> Guidance {
        crate::stories::Features::extract(title, lead, "").guidance()
    }

    #[test]
    fn a_forecast_cut_in_the_title_or_lead_is_a_cut() {
        for (title, lead) in [
            (
                "UPDATE 2-Lam Research slashes outlook, says new US rule cuts off big Chinese customers",
                "",
            ),
            (
                "Lam Research stock sinks 11%, on pace for worst day since 2022",
                "Shares of Lam Research tumbled Tuesday after the chip-equipment maker lowered \
                 its quarterly forecast.",
            ),
            (
                "Neue Exportregeln kosten Lam Research mehr als eine Milliarde",
                "Der amerikanische Anlagenbauer Lam Research senkt seine Umsatzprognose, weil er \
                 China nicht mehr beliefern darf.",
            ),
            ("Lam Research abaisse ses prévisions", ""),
            (
                "Applied's Guidance Cut: What the Lost China Licences Mean",
                "",
            ),
            (
                "Soitec issues profit warning as smartphone demand stalls",
                "",
            ),
            ("Soitec lance un avertissement sur résultats", ""),
            ("IMF cuts 2027 global growth forecast to 2.8%", ""),
        ] {
            assert_eq!(of(title, lead), Guidance::Cut, "{title}");
        }
    }

    #[test]
    fn a_change_at_the_top_after_a_cut_is_the_changes_report() {
        assert_eq!(
            of(
                "Infineon CEO Berger to Step Down Days After Profit Warning",
                ""
            ),
            Guidance::Unknown
        );
    }

    #[test]
    fn a_cut_far_from_any_forecast_is_no_forecast_cut() {
        for title in [
            "ECB cuts deposit rate to 1.75% as strong euro dims inflation outlook",
            "Micron forecasts third-quarter revenue above estimates",
            "Kessler cuts 400 jobs, keeps its outlook",
            // Results named, then what weighs on them: no warning.
            "Le chiffre d'affaires de Soitec progresse malgré la pression sur résultats",
        ] {
            assert_ne!(of(title, ""), Guidance::Cut, "{title}");
        }
    }

    #[test]
    fn a_rule_says_nothing_of_forecasts() {
        assert_eq!(
            of(
                "US widens China chip curbs to etch and deposition machines",
                "The U.S. Commerce Department on Monday added cryogenic etch tools to its \
                 export controls on China."
            ),
            Guidance::Unrelated
        );
        // Results, or a forecast kept, are not unrelated.
        assert_eq!(
            of("Micron's quarter beats estimates", "Revenue rose 40%."),
            Guidance::Unknown
        );
        assert_eq!(of("Rheinmetall keeps its outlook", ""), Guidance::Unknown);
    }
}
