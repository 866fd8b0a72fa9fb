//! Which way a headline's measure goes. "US adds 19 Chinese firms to
//! Entity List" and, the next day, "US removes four aerospace suppliers
//! from Entity List" share the agency, the list, the procedure and half
//! their words, and are two events: a listing and a delisting, sanctions
//! imposed and sanctions lifted, controls tightened and controls eased.
//! Two reports of one measure rarely split that way: an angle on a listing
//! still says who was added or blacklisted, and a measure that does both
//! ("adds 14, removes two") counts as both and clashes with neither
//! (`StoryConfig::direction_conflict_factor`).
//!
//! Only the headline, where a report says what was done, in English,
//! German and French. The words are those of lists, sanctions, controls
//! and duties or levies; "lift" and "ease" count only before a
//! restriction ("lifts sanctions", "eases export curbs"), since "upbeat
//! guidance lifts suppliers" and "inflation eases" are markets, "drop",
//! "waive" and "abolish" only right before one ("China drops anti-dumping
//! duties", not "Nvidia drops 5% as export curbs bite"), and "put" or
//! "place" only with a list after them ("put on US Entity List"). A relief
//! from a restriction (a waiver, an exemption, a licence) restored,
//! granted or renewed lifts, revoked imposes: "US restores SK Hynix
//! waiver" the day after "US blacklists 19 firms" is a second event,
//! "utility restores power" no measure at all. So is a licence or a permit
//! pulled or cancelled, and one won: "AMD Wins U.S. Approval to Sell ..."
//! the day after "US pulls Nvidia's licence to ship H30 AI chips".

/// What a headline says was done to a list, sanctions or controls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[repr(u8)]
pub enum Direction {
    /// Neither way, or both ("adds 14, removes two").
    #[default]
    Unknown = 0,
    /// Added to a list, imposed, tightened.
    Imposes = 1,
    /// Removed from a list, lifted, eased.
    Lifts = 2,
}

impl Direction {
    /// One headline imposes, the other lifts.
    pub fn clashes(self, other: Direction) -> bool {
        matches!(
            (self, other),
            (Direction::Imposes, Direction::Lifts) | (Direction::Lifts, Direction::Imposes)
        )
    }

    pub(crate) fn from_bits(bits: u8) -> Direction {
        match bits {
            1 => Direction::Imposes,
            2 => Direction::Lifts,
            _ => Direction::Unknown,
        }
    }

    /// Reads a headline's folded words (the wire prefix already gone; ""
    /// for a number).
    pub(crate) fn of_headline<'a>(words: impl IntoIterator<Item = &'a str>) -> Direction {
        let words: Vec<&str> = words.into_iter().collect();
        let mut imposes = false;
        let mut lifts = false;
        for (i, word) in words.iter().enumerate() {
            let after = words.get(i + 1..).unwrap_or(&[]);
            // "lifts sanctions", "eases the export curbs on": a restriction
            // within the next four words.
            let restriction_follows = || after.iter().take(4).any(|w| is_restriction(w));
            // "drops anti-dumping duties", "supprime les droits de douane":
            // a restriction within four words, no number or conjunction
            // between ("drops 5% as export curbs bite" is a market).
            let restriction_next = || {
                after
                    .iter()
                    .take(4)
                    .take_while(|w| !w.is_empty() && !is_conjunction(w))
                    .any(|w| is_restriction(w))
            };
            // "restores SK Hynix waiver", "revokes the licences": a relief
            // within the next four words.
            let relief_follows = || after.iter().take(4).any(|w| is_relief(w));
            // "put on US Entity List": a list anywhere after.
            let list_follows = || after.iter().any(|w| is_list(w));
            imposes |= is_imposing(word)
                || (is_placing(word) && list_follows())
                || (is_preparing(word) && restriction_next() && !relief_follows())
                || (is_revoking(word) && relief_follows());
            lifts |= is_lifting(word)
                || (is_easing(word) && restriction_follows())
                || (is_dropping(word) && restriction_next())
                || (is_granting(word) && relief_follows());
        }
        match (imposes, lifts) {
            (true, false) => Direction::Imposes,
            (false, true) => Direction::Lifts,
            _ => Direction::Unknown,
        }
    }
}

/// Adds to a list, imposes or tightens, whatever follows. ("Bans" and
/// "sanctions" stay out: as nouns they follow "lifts" too.)
fn is_imposing(word: &str) -> bool {
    matches!(
        word,
        "add"
            | "adds"
            | "added"
            | "adding"
            | "blacklist"
            | "blacklists"
            | "blacklisted"
            | "blacklisting"
            | "impose"
            | "imposes"
            | "imposed"
            | "imposing"
            | "tighten"
            | "tightens"
            | "tightened"
            | "tightening"
            | "restrict"
            | "restricts"
            | "restricting"
            | "slap"
            | "slaps"
            | "slapped"
            | "slapping"
            // German: tightens, adds.
            | "verscharft"
            | "verscharfen"
            | "verscharfte"
            | "aufgenommen"
            // French: adds, lists, tightens.
            | "ajoute"
            | "ajoutent"
            | "inscrit"
            | "inscrivent"
            | "durcit"
            | "durcissent"
    )
}

/// Puts or places, which impose only with a list after them ("setzt ...
/// auf die schwarze Liste", "met sur sa liste noire").
fn is_placing(word: &str) -> bool {
    matches!(
        word,
        "put"
            | "puts"
            | "putting"
            | "place"
            | "places"
            | "placed"
            | "placing"
            | "setzt"
            | "setzen"
            | "gesetzt"
            | "met"
            | "mettent"
    )
}

/// Removes from a list, scraps or loosens, whatever follows.
fn is_lifting(word: &str) -> bool {
    matches!(
        word,
        "remove"
            | "removes"
            | "removed"
            | "removing"
            | "delist"
            | "delists"
            | "delisted"
            | "delisting"
            | "loosen"
            | "loosens"
            | "loosened"
            | "relax"
            | "relaxes"
            | "relaxed"
            | "scrap"
            | "scraps"
            | "scrapped"
            // German: strikes off, removes, loosens.
            | "streicht"
            | "streichen"
            | "gestrichen"
            | "entfernt"
            | "entfernen"
            | "lockert"
            | "lockern"
            // French: withdraws, eases.
            | "retire"
            | "retirent"
            | "assouplit"
            | "assouplissent"
    )
}

/// Lifts or eases, which lift only before a restriction.
fn is_easing(word: &str) -> bool {
    matches!(
        word,
        "lift"
            | "lifts"
            | "lifted"
            | "lifting"
            | "ease"
            | "eases"
            | "eased"
            | "easing"
            | "hebt"
            | "aufgehoben"
            | "leve"
            | "levent"
    )
}

/// Drops, waives or abolishes, which lift only right before a
/// restriction ("drops anti-dumping duties", "supprime les droits de
/// douane"): "drops" is as often a share price, "supprime" a job cut.
fn is_dropping(word: &str) -> bool {
    matches!(
        word,
        "drop"
            | "drops"
            | "dropped"
            | "dropping"
            | "waive"
            | "waives"
            | "waived"
            | "abolish"
            | "abolishes"
            | "abolished"
            // German: abolishes; French: abolishes.
            | "abschafft"
            | "schafft"
            | "supprime"
            | "suppriment"
    )
}

/// A word that ends a verb's object: what follows is another clause.
fn is_conjunction(word: &str) -> bool {
    matches!(
        word,
        "as" | "after" | "amid" | "despite" | "while" | "on" | "over" | "nach" | "trotz" | "apres"
    )
}

/// Restores, grants or renews, which lift only before a relief from a
/// restriction ("restores SK Hynix waiver", "grants export licences").
fn is_granting(word: &str) -> bool {
    matches!(
        word,
        "restore"
            | "restores"
            | "restored"
            | "restoring"
            | "grant"
            | "grants"
            | "granted"
            | "granting"
            | "renew"
            | "renews"
            | "renewed"
            | "renewing"
            | "reinstate"
            | "reinstates"
            | "reinstated"
            | "clear"
            | "clears"
            | "cleared"
            | "clearing"
            | "approve"
            | "approves"
            | "approved"
            | "approving"
            // A relief won or received ("AMD Wins U.S. Approval to Sell a
            // Pared-Down AI Chip in China", "gets export licence").
            | "wins"
            | "won"
            | "gets"
            | "receives"
            | "secures"
            // German: grants, renews, approves; French: grants, restores,
            // renews, authorises.
            | "erteilt"
            | "genehmigt"
            | "verlangert"
            | "accorde"
            | "retablit"
            | "renouvelle"
            | "autorise"
    )
}

/// Readies, unveils or widens, which impose only before a restriction
/// in the same clause ("readies curbs on servicing", "widens export
/// controls"), and not when a relief follows ("unveils tariff waivers").
fn is_preparing(word: &str) -> bool {
    matches!(
        word,
        "ready"
            | "readies"
            | "readying"
            | "prepare"
            | "prepares"
            | "preparing"
            | "unveil"
            | "unveils"
            | "unveiled"
            | "issue"
            | "issues"
            | "issued"
            | "expand"
            | "expands"
            | "expanded"
            | "widen"
            | "widens"
            | "widened"
            | "broaden"
            | "broadens"
            | "broadened"
            // German: prepares, widens; French: widens ("prépare" is
            // written as the English word once accents are folded).
            | "bereitet"
            | "erweitert"
            | "elargit"
    )
}

/// Revokes or rescinds, which impose only before a relief ("revokes
/// Huawei's licences"). Not "pulls", which companies do to deals
/// ("pulls licensing deal").
fn is_revoking(word: &str) -> bool {
    matches!(
        word,
        "revoke"
            | "revokes"
            | "revoked"
            | "revoking"
            | "rescind"
            | "rescinds"
            | "rescinded"
            // "pulls Nvidia's licence", "cancels its China export permit".
            | "pull"
            | "pulls"
            | "pulled"
            | "cancel"
            | "cancels"
            | "cancelled"
            | "canceled"
            // German: withdraws; French: revokes.
            | "entzieht"
            | "revoque"
    )
}

/// A relief from a restriction: a waiver, an exemption, a licence, a
/// permit or an approval to export, in German also at a compound's end
/// ("Exportlizenz").
fn is_relief(word: &str) -> bool {
    [
        "waiver",
        "exempt",
        "licen",
        "permit",
        "approval",
        "ausnahmegenehmigung",
        "derogation",
    ]
    .iter()
    .any(|stem| word.starts_with(stem))
        || word.contains("lizenz")
}

/// A restriction a measure can lift ("sanctions", "curbs", "export
/// controls", "Sanktionen", "embargo", "duties", "levies").
fn is_restriction(word: &str) -> bool {
    matches!(word, "ban" | "bans" | "cap" | "caps" | "duty")
        || [
            "sanction",
            "restrict",
            "curb",
            "control",
            "embargo",
            "tariff",
            "dutie",
            "levy",
            "levie",
            "limit",
            "blacklist",
            "sanktion",
            "beschrank",
            "verbot",
            "zoll",
            "strafzoll",
            "douan",
            "interdiction",
        ]
        .iter()
        .any(|stem| word.starts_with(stem))
}

/// A list an entity is put on.
fn is_list(word: &str) -> bool {
    matches!(word, "list" | "lists" | "blacklist" | "liste" | "listen")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stories::Features;

    fn direction(title: &str) -> Direction {
        Features::extract(title, "", "").direction()
    }

    #[test]
    fn listings_and_delistings_go_opposite_ways() {
        for title in [
            "US adds 19 Chinese firms to Entity List",
            "EXCLUSIVE-US to blacklist Chinese AI chip designer Lingxi, 18 others",
            "Hangzhou AI chip designer among 14 mainland firms put on US Entity List",
            "Puces d'IA : Washington ajoute 19 entités à sa liste noire commerciale",
            "USA verschärfen Exportkontrollen für HBM-Speicher",
            "UPDATE 1-US tightens export curbs on high-bandwidth memory",
            "Beijing vows response as Washington restricts Chinese semiconductor suppliers",
            "Amerika setzt weitere Zulieferer von Chipfabriken auf die schwarze Liste",
            "US revokes Huawei's remaining export licences",
            "EU slaps provisional duties of up to 41% on Chinese hardwood plywood",
            "US imposes 25% tariffs on Chinese legacy chips",
            "EXCLUSIVE-US readies curbs on servicing of chipmaking tools in China, sources say",
            "Commerce widens export controls to chip-tool parts",
            "UPDATE 1-US pulls Nvidia's licence to ship H30 AI chips to China, citing diversion risk",
            "Nvidia shares slide 6% after U.S. cancels its China export permit",
            "Washington entzieht Nvidia die Exportlizenz für China",
        ] {
            assert_eq!(direction(title), Direction::Imposes, "{title}");
        }
        for title in [
            "US removes four aerospace parts suppliers from Entity List",
            "Treasury lifts sanctions on Belarus potash maker",
            "Japan eases export controls on South Korea",
            "USA streichen vier Zulieferer von der Entity List",
            "Washington retire quatre fournisseurs de sa liste noire",
            "US restores SK Hynix waiver to ship chip tools to its Wuxi plant",
            "Commerce grants Nvidia licences to ship B30A chips to China",
            "USA verlängert Ausnahmegenehmigung für Samsung-Werk in Xi'an",
            "China drops anti-dumping duties on EU brandy after price pledges",
            "La Chine supprime les droits de douane sur le cognac européen",
            "Washington waives tariffs on Japanese chip tools",
            "China drops anti-dumping levies on EU pork from January",
            "US clears H200 licences for three Chinese cloud operators, sources say",
            "Commerce approves licences for Samsung's Xi'an plant",
            "AMD Wins U.S. Approval to Sell a Pared-Down AI Chip in China",
        ] {
            assert_eq!(direction(title), Direction::Lifts, "{title}");
        }
        assert!(Direction::Imposes.clashes(Direction::Lifts));
        assert!(!Direction::Imposes.clashes(Direction::Imposes));
        assert!(!Direction::Unknown.clashes(Direction::Lifts));
    }

    #[test]
    fn markets_and_measures_doing_both_go_neither_way() {
        for title in [
            // Markets: "lifts" without a restriction after it.
            "Applied Materials' upbeat guidance lifts Taiwan packaging suppliers",
            "Inflation eases to 2.1% in March",
            "TSMC shares jump 4% after chipmaker lifts full-year forecast",
            // A restriction, but "cut off" is no lifting.
            "Entity List grows again: Chinese accelerator designer cut off",
            // "restores" and "grants" with no relief after them.
            "Utility restores power to 420,000 homes after Storm Clémence",
            "Court grants Meta's motion to move AI Act case to Luxembourg",
            // "puts" with no list after it.
            "Germany's Helsing deal puts a price tag on European AI",
            // Both ways at once.
            "US adds 14 Chinese firms to Entity List, removes two",
            "Commerce lifts curbs on allies while it tightens rules for China",
            // "drops" and "supprime" with no restriction right after them.
            "Nvidia drops 5% as export curbs bite",
            "Cognac shares drop as China weighs duties",
            "Airbus supprime 2 000 postes malgré les droits de douane",
            "Brandy makers drop appeal over duties",
            // "approves" and "unveils" with no relief or restriction after
            // them, or a restriction followed by a relief.
            "Regulator approves Capital One's purchase of Discover",
            "Commission unveils tariff waivers for Ukrainian grain",
            "Nvidia issues upbeat forecast despite curbs",
            // "wins", "pulls" and "cancels" with no relief after them.
            "Helsing wins German drone contract",
            "Airline cancels 800 flights as pilots strike",
            "Nvidia pulls ahead in AI chip race",
        ] {
            assert_eq!(direction(title), Direction::Unknown, "{title}");
        }
    }

    #[test]
    fn bits_round_trip() {
        for d in [Direction::Unknown, Direction::Imposes, Direction::Lifts] {
            assert_eq!(Direction::from_bits(d as u8), d);
        }
    }
}
