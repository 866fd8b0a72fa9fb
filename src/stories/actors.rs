//! Who acts, as a headline says it. Two governments' parallel actions ("US
//! adds 23 companies to trade blacklist", and the next day "Japan adds 12
//! Chinese entities to end-user list") and two chambers' votes ("Mass.
//! Senate votes to bar ransom payments", "Mass. House passes limits on AI
//! chatbots", the same evening) are two events however many words they
//! share: the same targets, the same agencies, the same procedure. Two
//! reports of one event rarely split that way: a reaction names whom it
//! answers ("Beijing vows countermeasures after US blacklists ..."), and a
//! report of one vote that looks ahead names the other chamber after its
//! own ("..., sending the bill to the House"), as does one that sets the
//! two chambers' bills against each other ("Senate appropriators back
//! $868 billion, setting up clash with House"): the chamber named first
//! is the one that acted. (`StoryConfig::actor_conflict_factor`.)
//!
//! * **Governments.** The country or bloc whose name or capital opens the
//!   headline ("Japan adds", "Germany's cabinet", "Beijing vows", "USA
//!   setzen", "L'Allemagne", after a word of how new or strict the measure
//!   is, "Tighter UK limits"): each headline opens with a different one, and
//!   neither headline names the other's country in any form ("Chinese",
//!   "Pékin" name China). A demonym names no actor ("Korean memory makers",
//!   "German hospital group") unless a body of its government follows it
//!   ("Czech lawmakers", "Croatian parliament", "Dutch navy"), nor does
//!   Washington (also a state) nor Brussels (where NATO meets as well as
//!   the EU). A headline that a company opens acts with the buyer whose
//!   body it names after a demonym ("Saab signs Swedish Navy deal" against
//!   "Nordwake wins Finnish Navy deal", two deals announced at one fair
//!   the same morning).
//! * **Chambers.** The first legislative chamber each headline names
//!   differs: an upper one (Senate, Sénat, Bundesrat, Lords) against a
//!   lower one (House, Assembly, Assemblée, Bundestag, Commons; not "White
//!   House").
//! * **Answers.** A government that opens its headline with a measure done
//!   in answer to another's ("EU hits back at US with tariffs on €33bn",
//!   "China retaliates against US battery tariffs") against a headline
//!   opened by another government: two events though each names the
//!   other, and the answer joins none of the measure's reports
//!   (`StoryIndex::decide`), not even a market reaction that names no
//!   government. A promise ("vows countermeasures", "to hit back") is a
//!   reaction, not an answer.
//!
//! All read only the headline, where a report says who acted.

use std::sync::OnceLock;

use super::hash::key_hash;
use super::text::{Lang, stem};

/// Countries and blocs a headline can open with, by the canonical name
/// the engine folds them to (`text::ALIASES`, or the English name): a
/// country's id is its position plus one (at most 31, five bits).
const COUNTRIES: [&str; 31] = [
    "us",
    "uk",
    "eu",
    "china",
    "germany",
    "france",
    "netherlands",
    "italy",
    "spain",
    "japan",
    "russia",
    "ukraine",
    "poland",
    "taiwan",
    "korea",
    "israel",
    "iran",
    "canada",
    "india",
    "singapore",
    "malaysia",
    "australia",
    "turkey",
    "sweden",
    "switzerland",
    "brazil",
    "mexico",
    "vietnam",
    "thailand",
    "belgium",
    "austria",
];

/// Countries that share an id with one of [`COUNTRIES`], five bits being
/// all the index record has: each with a partner it seldom meets in one
/// fortnight's news. Two reports opened by partners are not told apart by
/// their openers (the rule stays silent, as for one government).
///
/// American states open headlines as governments too ("California governor
/// vetoes AI audit bill" against "Ohio lawmakers send AI bias bill to the
/// governor", the same evening; a Texas dental chain's ransomware against
/// an Ohio children's hospital's): each shares Austria's id or Sweden's,
/// neighbours and the states most in the news kept apart. A state against
/// the United States is not two governments (a state's angle on a federal
/// tariff: "Ohio steel towns welcome tariff on European imports"), so
/// neither is Austria or Sweden against it ([`STATE_IDS`]).
const SHARED: [(&str, &str); 33] = [
    ("lithuania", "brazil"),
    ("latvia", "mexico"),
    ("estonia", "vietnam"),
    ("finland", "thailand"),
    ("norway", "singapore"),
    ("denmark", "malaysia"),
    ("romania", "australia"),
    ("greece", "canada"),
    ("portugal", "turkey"),
    ("hungary", "israel"),
    ("ireland", "iran"),
    ("indonesia", "switzerland"),
    ("czechia", "india"),
    ("croatia", "taiwan"),
    ("philippines", "belgium"),
    ("ohio", "austria"),
    ("massachusetts", "austria"),
    ("colorado", "austria"),
    ("minnesota", "austria"),
    ("oregon", "austria"),
    ("maryland", "austria"),
    ("pennsylvania", "austria"),
    ("florida", "austria"),
    ("california", "sweden"),
    ("texas", "sweden"),
    ("virginia", "sweden"),
    ("illinois", "sweden"),
    ("arizona", "sweden"),
    ("louisiana", "sweden"),
    ("tennessee", "sweden"),
    ("utah", "sweden"),
    ("indiana", "sweden"),
    ("michigan", "sweden"),
];

/// A folded word that names a government when it opens a headline (a
/// country's name or its capital, in English, German or French), with the
/// country it names. Demonyms stay out: "Korean chipmakers" are not Korea.
fn opener_country(word: &str) -> Option<&'static str> {
    Some(match word {
        "usa" | "america" => "us",
        "uk" | "britain" | "london" => "uk",
        "eu" | "ue" => "eu",
        "china" | "beijing" | "peking" | "pekin" | "chine" => "china",
        "germany" | "berlin" | "deutschland" | "allemagne" => "germany",
        "france" | "paris" | "frankreich" => "france",
        "netherlands" | "niederlande" => "netherlands",
        "italy" | "rome" | "italien" | "italie" => "italy",
        "spain" | "madrid" | "spanien" | "espagne" => "spain",
        "japan" | "tokyo" | "japon" => "japan",
        "russia" | "moscow" | "kremlin" | "russland" | "moskau" | "russie" | "moscou" => "russia",
        "ukraine" | "kyiv" | "kiev" => "ukraine",
        "poland" | "warsaw" | "polen" | "pologne" => "poland",
        "taiwan" | "taipei" => "taiwan",
        "korea" | "seoul" | "sudkorea" | "coree" => "korea",
        "israel" => "israel",
        "iran" | "tehran" => "iran",
        "canada" | "ottawa" | "kanada" => "canada",
        "india" | "indien" | "inde" => "india",
        "singapore" | "singapur" | "singapour" => "singapore",
        "malaysia" | "malaisie" => "malaysia",
        "australia" | "canberra" | "australien" | "australie" => "australia",
        "turkey" | "turkiye" | "ankara" | "turkei" | "turquie" => "turkey",
        "sweden" | "stockholm" | "schweden" | "suede" => "sweden",
        "switzerland" | "bern" | "schweiz" | "suisse" => "switzerland",
        "brazil" | "brasilia" | "brasilien" | "bresil" => "brazil",
        "mexico" | "mexiko" | "mexique" => "mexico",
        "vietnam" | "hanoi" => "vietnam",
        "thailand" | "bangkok" | "thailande" => "thailand",
        "belgium" | "belgien" | "belgique" => "belgium",
        "austria" | "vienna" | "wien" | "osterreich" | "autriche" => "austria",
        // Sharing an id with a partner (`SHARED`).
        "lithuania" | "vilnius" | "litauen" | "lituanie" => "lithuania",
        "latvia" | "riga" | "lettland" | "lettonie" => "latvia",
        "estonia" | "tallinn" | "estland" | "estonie" => "estonia",
        "finland" | "helsinki" | "finnland" | "finlande" => "finland",
        "norway" | "oslo" | "norwegen" | "norvege" => "norway",
        "denmark" | "copenhagen" | "danemark" | "kopenhagen" | "copenhague" => "denmark",
        "romania" | "bucharest" | "rumanien" | "roumanie" => "romania",
        "greece" | "athens" | "griechenland" | "grece" => "greece",
        "portugal" | "lisbon" | "lissabon" | "lisbonne" => "portugal",
        "hungary" | "budapest" | "ungarn" | "hongrie" => "hungary",
        "ireland" | "dublin" | "irland" | "irlande" => "ireland",
        "indonesia" | "jakarta" | "indonesien" | "indonesie" => "indonesia",
        "philippines" | "manila" | "philippinen" => "philippines",
        "czechia" | "prague" | "prag" | "tschechien" | "tchequie" => "czechia",
        "croatia" | "zagreb" | "kroatien" | "croatie" => "croatia",
        "california" | "kalifornien" | "californie" => "california",
        "texas" => "texas",
        "ohio" => "ohio",
        "florida" | "floride" => "florida",
        "massachusetts" => "massachusetts",
        "colorado" => "colorado",
        "illinois" => "illinois",
        "virginia" | "virginie" => "virginia",
        "michigan" => "michigan",
        "pennsylvania" | "pennsylvanie" => "pennsylvania",
        "louisiana" | "louisiane" => "louisiana",
        "utah" => "utah",
        "oregon" => "oregon",
        "arizona" => "arizona",
        "minnesota" => "minnesota",
        "tennessee" => "tennessee",
        "maryland" => "maryland",
        "indiana" => "indiana",
        _ => return None,
    })
}

/// The government a folded word names when it opens a clause: a
/// country's name or capital, or the seat of one ("Brussels" for the EU,
/// "Washington" for the US, which `opener_country` leaves out because they
/// also open headlines on the EU as a place and on the state).
pub(crate) fn government_of(word: &str) -> Option<&'static str> {
    match word {
        "brussels" | "brussel" | "bruxelles" => Some("eu"),
        "washington" => Some("us"),
        _ => opener_country(word),
    }
}

/// A folded demonym with the country it names (as [`opener_country`]
/// does), for a headline opened by a government body the demonym
/// qualifies ("Czech lawmakers", "Croatian parliament", "Dutch navy"):
/// there the government acts. Alone a demonym names no actor ("German
/// hospital group").
fn demonym_country(word: &str) -> Option<&'static str> {
    Some(match word {
        "american" => "us",
        "british" => "uk",
        "chinese" => "china",
        "german" => "germany",
        "french" => "france",
        "dutch" => "netherlands",
        "italian" => "italy",
        "spanish" => "spain",
        "japanese" => "japan",
        "russian" => "russia",
        "ukrainian" => "ukraine",
        "polish" => "poland",
        "taiwanese" => "taiwan",
        "korean" => "korea",
        "israeli" => "israel",
        "canadian" => "canada",
        "indian" => "india",
        "australian" => "australia",
        "turkish" => "turkey",
        "swedish" => "sweden",
        "swiss" => "switzerland",
        "brazilian" => "brazil",
        "mexican" => "mexico",
        "belgian" => "belgium",
        "austrian" => "austria",
        "lithuanian" => "lithuania",
        "latvian" => "latvia",
        "estonian" => "estonia",
        "finnish" => "finland",
        "norwegian" => "norway",
        "danish" => "denmark",
        "romanian" => "romania",
        "greek" => "greece",
        "portuguese" => "portugal",
        "hungarian" => "hungary",
        "czech" => "czechia",
        "croatian" => "croatia",
        _ => return None,
    })
}

/// A folded word for a government's body, after a demonym: its
/// legislature, its executive or its armed forces.
fn is_government_body(word: &str) -> bool {
    matches!(
        word,
        "lawmakers"
            | "legislators"
            | "parliament"
            | "mps"
            | "deputies"
            | "senators"
            | "government"
            | "cabinet"
            | "ministry"
            | "president"
            | "premier"
            | "navy"
            | "army"
            | "military"
    )
}

/// A folded word for a ministry's portfolio, between a demonym and the
/// ministry ("Dutch defence ministry").
fn is_portfolio(word: &str) -> bool {
    matches!(
        word,
        "defence" | "defense" | "foreign" | "finance" | "interior" | "economy" | "trade" | "health"
    )
}

/// A folded word for a person or a firm, after a country's name that
/// qualifies it ("Singapore businessman", "Taiwan chipmaker").
fn names_a_person_or_firm(word: &str) -> bool {
    matches!(
        word,
        "businessman"
            | "businesswoman"
            | "man"
            | "woman"
            | "engineer"
            | "executive"
            | "tycoon"
            | "billionaire"
            | "national"
            | "firm"
            | "company"
            | "startup"
            | "chipmaker"
            | "carmaker"
            | "bank"
    )
}

/// Two folded words that open a headline as one country's name.
fn opener_pair(first: &str, second: &str) -> Option<&'static str> {
    Some(match (first, second) {
        ("united", "states") | ("etats", "unis") => "us",
        ("united", "kingdom") | ("royaume", "uni") => "uk",
        ("south", "korea") | ("coree", "du") => "korea",
        ("new", "delhi") => "india",
        ("european", "union") => "eu",
        _ => return None,
    })
}

/// A word after a place's name that makes the two the name of a company
/// or a university, not the place ("Texas Instruments", "Ohio State",
/// "Virginia Tech").
fn names_an_institution(word: &str) -> bool {
    matches!(word, "instruments" | "state" | "tech" | "university")
}

/// Articles a headline may put before a country ("The Netherlands", "La
/// Chine", "L'Allemagne", "Die USA").
fn is_article(word: &str) -> bool {
    matches!(word, "the" | "la" | "le" | "les" | "l" | "die" | "der")
}

/// A word that tells how new or strict a government's measure is before
/// the government's name ("Tighter UK limits", "New EU rules", "Fresh US
/// sanctions"): the government still opens the headline.
fn is_measure_adjective(word: &str) -> bool {
    matches!(
        word,
        "new"
            | "tighter"
            | "tougher"
            | "stricter"
            | "looser"
            | "fresh"
            | "further"
            | "latest"
            | "neue"
            | "neuen"
            | "nouvelles"
            | "nouveaux"
            | "nouvelle"
            | "nouveau"
    )
}

const UPPER_CHAMBER: u8 = 1;
const LOWER_CHAMBER: u8 = 2;
/// Held where the chamber would be by a headline that names none and whose
/// government answers another's measure ("EU hits back at US with tariffs
/// on €33bn"): both bits set, so it never makes two chambers.
const RETALIATES: u8 = UPPER_CHAMBER | LOWER_CHAMBER;

/// Whether the folded word, after `previous` (and `before` that), tells
/// that a government answered another's measure, as done: "retaliates",
/// "hits back", "riposte", "kontert"; not "vows countermeasures", "weighs
/// retaliation" or "to hit back", which promise one.
fn is_retaliation(word: &str, previous: &str, before: &str) -> bool {
    match word {
        "retaliates" | "retaliated" | "riposte" | "kontert" => true,
        "back" => {
            matches!(previous, "hits" | "hit" | "strikes" | "struck")
                && !matches!(before, "to" | "will" | "would" | "could" | "may" | "might")
        }
        _ => false,
    }
}

/// The chamber a capitalised folded word names, after `previous`.
fn chamber(word: &str, previous: &str) -> u8 {
    match word {
        "senate" | "senat" | "bundesrat" | "lords" => UPPER_CHAMBER,
        "house" if previous != "white" => LOWER_CHAMBER,
        "assembly" | "assemblee" | "bundestag" | "commons" => LOWER_CHAMBER,
        _ => 0,
    }
}

/// One token of a headline, as [`Actors::of_headline`] reads it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HeadWord<'a> {
    /// The folded word ("" for a number).
    pub folded: &'a str,
    /// Written with a capital ("Senate", "US").
    pub capitalized: bool,
    /// Written in capitals ("US", "U.S."): only then is "us" a country.
    pub upper: bool,
}

/// What a headline says of who acted: the government that opens it (a
/// [`COUNTRIES`] id, 0 for none) and the first chamber it names, or
/// [`RETALIATES`] when that government answers another's measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Actors {
    opener: u8,
    chambers: u8,
}

impl Actors {
    /// Reads a headline's tokens (the wire prefix already gone).
    pub(crate) fn of_headline<'a>(words: impl IntoIterator<Item = HeadWord<'a>>) -> Actors {
        let mut actors = Actors::default();
        let mut previous = "";
        let mut before = "";
        let mut retaliates = false;
        // The first government's body after its demonym further on
        // ("Saab signs Swedish Navy deal"): the buyer a company's deal is
        // with.
        let mut buyer = None;
        let mut previous_capitalized = false;
        let mut opening: [Option<HeadWord<'a>>; 4] = [None; 4];
        for (i, word) in words.into_iter().enumerate() {
            if let Some(slot) = opening.get_mut(i) {
                *slot = Some(word);
            }
            // The chamber named first is the one that acted: "Senate
            // appropriators back $868 billion, setting up clash with
            // House" is the Senate's vote.
            if word.capitalized && actors.chambers == 0 {
                actors.chambers = chamber(word.folded, previous);
            }
            retaliates |= is_retaliation(word.folded, previous, before);
            if buyer.is_none() && i >= 2 && previous_capitalized && is_government_body(word.folded)
            {
                buyer = demonym_country(previous);
            }
            before = previous;
            previous = word.folded;
            previous_capitalized = word.capitalized;
        }
        let start = usize::from(
            opening[0].is_some_and(|w| is_article(w.folded) || is_measure_adjective(w.folded)),
        );
        let first = opening.get(start).copied().flatten();
        let second = opening.get(start + 1).copied().flatten();
        let third = opening.get(start + 2).copied().flatten();
        // "Dutch defence ministry orders ...": a ministry named by its
        // portfolio is a body too.
        let body_follows = second.is_some_and(|b| is_government_body(b.folded))
            || (second.is_some_and(|b| is_portfolio(b.folded))
                && third.is_some_and(|c| is_government_body(c.folded)));
        let country = match (first, second) {
            (Some(a), Some(b)) if a.capitalized && b.capitalized => opener_pair(a.folded, b.folded),
            _ => None,
        }
        .or_else(|| {
            let a = first.filter(|a| a.capitalized)?;
            if a.folded == "us" {
                a.upper.then_some("us")
            } else if second.is_some_and(|b| names_an_institution(b.folded)) {
                // "Texas Instruments", "Ohio State": a company, a university.
                None
            } else if body_follows {
                opener_country(a.folded).or_else(|| demonym_country(a.folded))
            } else if second.is_some_and(|b| names_a_person_or_firm(b.folded)) {
                // "Singapore businessman gets 6 years": the country says
                // where someone is from, not who acts.
                None
            } else {
                opener_country(a.folded)
            }
        });
        // A company that opens the headline acts with its buyer: "Nordwake
        // wins Finnish Navy deal" and "Saab signs Swedish Navy deal" of the
        // same fair are two deals.
        let company = first.is_some_and(|a| a.capitalized && opener_country(a.folded).is_none())
            && start == 0;
        let country = country.or(if company { buyer } else { None });
        actors.opener = country.map_or(0, country_id);
        if retaliates && actors.opener != 0 && actors.chambers == 0 {
            actors.chambers = RETALIATES;
        }
        actors
    }

    /// The byte an index record keeps: the opener in bits 0 to 4, the
    /// chamber (or [`RETALIATES`]) in bits 5 and 6.
    pub(crate) fn to_byte(self) -> u8 {
        self.opener | self.chambers << 5
    }

    pub(crate) fn from_byte(byte: u8) -> Actors {
        Actors {
            opener: byte & 31,
            chambers: (byte >> 5) & 3,
        }
    }

    /// The term keys of the country that opens the headline, if one does:
    /// one, or two when its id is shared (`SHARED`), either of which the
    /// other headline may name.
    pub(crate) fn opener_keys(self) -> &'static [u64] {
        usize::from(self.opener)
            .checked_sub(1)
            .and_then(|i| country_keys().get(i))
            .map_or(&[], Vec::as_slice)
    }

    /// Each opens with a different government. (Whether either headline
    /// names the other's country is for the caller to add: it needs the
    /// headlines' names.)
    pub(crate) fn different_openers(self, other: Actors) -> bool {
        let state = |a: Actors| STATE_IDS.contains(&a.opener);
        self.opener != 0
            && other.opener != 0
            && self.opener != other.opener
            && !(self.opener == US_ID && state(other))
            && !(other.opener == US_ID && state(self))
    }

    /// Each opens with a different government and one of them answers
    /// the other's measure ("EU hits back at US with tariffs" against "US
    /// to slap 25% tariffs on EU machinery"): two events, though each
    /// names the other's country.
    pub(crate) fn retaliation_against(self, other: Actors) -> bool {
        self.different_openers(other)
            && (self.chambers == RETALIATES || other.chambers == RETALIATES)
    }

    /// Each names a legislative chamber first, and they differ.
    pub(crate) fn different_chambers(self, other: Actors) -> bool {
        self.chambers != 0 && other.chambers != 0 && self.chambers & other.chambers == 0
    }
}

/// The ids American states share (Austria's and Sweden's, see
/// [`SHARED`]): a headline one of them opens may be a state's, which the
/// United States' does not clash with. Found at compile time: scoring asks
/// for every candidate.
const STATE_IDS: [u8; 2] = [countries_id("austria"), countries_id("sweden")];

/// The United States' id.
const US_ID: u8 = countries_id("us");

const _: () = assert!(US_ID != 0 && STATE_IDS[0] != 0 && STATE_IDS[1] != 0);

/// The id of a name of [`COUNTRIES`] (its position plus one; 0 if it is
/// not there), for constants.
const fn countries_id(name: &str) -> u8 {
    let mut i = 0;
    while i < COUNTRIES.len() {
        if same_bytes(COUNTRIES[i].as_bytes(), name.as_bytes()) {
            return (i + 1) as u8;
        }
        i += 1;
    }
    0
}

const fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A [`COUNTRIES`] id (1 to 31), a [`SHARED`] country's its partner's.
fn country_id(canonical: &str) -> u8 {
    let canonical = SHARED
        .iter()
        .find(|(country, _)| *country == canonical)
        .map_or(canonical, |(_, partner)| partner);
    COUNTRIES
        .iter()
        .position(|c| *c == canonical)
        .map_or(0, |i| (i + 1) as u8)
}

/// Per id, the term keys of its countries as `Features` makes them for a
/// name (the English stem of the canonical form): the one of
/// [`COUNTRIES`], then those of [`SHARED`] that share it.
fn country_keys() -> &'static [Vec<u64>] {
    static KEYS: OnceLock<Vec<Vec<u64>>> = OnceLock::new();
    KEYS.get_or_init(|| {
        COUNTRIES
            .iter()
            .map(|c| {
                std::iter::once(*c)
                    .chain(
                        SHARED
                            .iter()
                            .filter(|(_, partner)| partner == c)
                            .map(|(country, _)| *country),
                    )
                    .map(|name| key_hash(&stem(Lang::En, name)))
                    .collect()
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stories::Features;

    fn actors(title: &str) -> Actors {
        Features::extract(title, "", "").actors()
    }

    fn opener(title: &str) -> Option<&'static str> {
        let id = actors(title).opener;
        COUNTRIES.get(usize::from(id).checked_sub(1)?).copied()
    }

    #[test]
    fn a_government_opens_a_headline_by_name_or_capital() {
        assert_eq!(
            opener("Japan adds 12 Chinese entities to end-user list"),
            Some("japan")
        );
        assert_eq!(
            opener("US adds 23 companies to trade blacklist"),
            Some("us")
        );
        assert_eq!(opener("U.S. tightens chip export rules"), Some("us"));
        // A demonym opens as its government only before a body of it.
        assert_eq!(
            opener("Czech lawmakers back 44-tank Leopard 2A8 purchase from KNDS"),
            Some("india")
        );
        assert_eq!(
            opener("Croatian parliament approves 1.7-billion-euro purchase of 50 Leopard tanks"),
            Some("taiwan")
        );
        assert_eq!(
            opener("German navy awards Halvard AI sonar deal"),
            Some("germany")
        );
        assert_eq!(opener("German hospital group diverts ambulances"), None);
        // A country's name before a person or a firm says where they are
        // from.
        assert_eq!(
            opener("Singapore businessman gets 6 years in US prison for smuggling AI servers"),
            None
        );
        assert_eq!(
            opener("Singapore charges five over AI server smuggling"),
            Some("singapore")
        );
        assert_eq!(
            opener("UPDATE 1-US curbs exports of chip tools"),
            Some("us")
        );
        assert_eq!(
            opener("Germany's cabinet approves 2027 budget"),
            Some("germany")
        );
        assert_eq!(
            opener("Beijing vows countermeasures after US blacklists"),
            Some("china")
        );
        assert_eq!(
            opener("USA setzen 23 Firmen auf die Entity List"),
            Some("us")
        );
        assert_eq!(
            opener("L'Allemagne relève son budget militaire"),
            Some("germany")
        );
        assert_eq!(
            opener("The Netherlands widens ASML licence rule"),
            Some("netherlands")
        );
        assert_eq!(
            opener("South Korea to require licences for HBM"),
            Some("korea")
        );
        assert_eq!(opener("United States and Japan sign chip pact"), Some("us"));
        // A word of how new or strict the measure is may come first.
        assert_eq!(
            opener("Tighter UK limits on foreign steel begin with the new year"),
            Some("uk")
        );
        assert_eq!(opener("New EU steel quotas take effect"), Some("eu"));
        assert_eq!(
            opener("Fresh US sanctions hit Chinese chipmakers"),
            Some("us")
        );
    }

    #[test]
    fn demonyms_places_and_pronouns_open_no_government() {
        for title in [
            "Korean memory makers face new licence hurdle",
            "German hospital group hit by ransomware",
            "Washington moves to shut back door for Nvidia chips",
            "Brussels declaration: what allies signed up to",
            "Us and them: a column",
            "2 arrested in California over chip smuggling",
            "Commerce blacklists 23 firms",
            "New York hospital hit by ransomware",
            "Former US official joins Anduril board",
        ] {
            assert_eq!(opener(title), None, "{title}");
        }
    }

    #[test]
    fn chambers_are_upper_or_lower_and_the_white_house_is_neither() {
        let senate = actors("Mass. Senate votes to bar ransom payments");
        let house = actors("Mass. House passes limits on AI companion chatbots");
        assert!(senate.different_chambers(house));
        assert!(!senate.different_chambers(senate));
        // The chamber named first acted: the one that looks ahead or
        // answers comes after.
        let both = actors("Senate passes chatbot bill, sending it to the House");
        assert!(both.different_chambers(house));
        assert!(!both.different_chambers(senate));
        let clash = actors("Senate appropriators back $868 billion, setting up clash with House");
        assert!(clash.different_chambers(actors("House appropriators approve $852 billion")));
        let white_house = actors("AI firms sign White House pledge on kids' safety");
        assert!(!white_house.different_chambers(senate));
        assert!(
            actors("Bundestag billigt Haushalt")
                .different_chambers(actors("Bundesrat stoppt Gesetz"))
        );
        // Lower case is no chamber: "the house they built".
        assert_eq!(actors("Floods reach the house they built").chambers, 0);
    }

    #[test]
    fn a_company_that_opens_a_headline_acts_with_its_buyer() {
        let saab = actors("Saab signs Swedish Navy deal for AI sonar classification");
        let nordwake =
            actors("Nordwake wins Finnish Navy deal for autonomous mine-hunting software");
        assert_eq!(
            opener("Saab signs Swedish Navy deal for AI sonar classification"),
            Some("sweden")
        );
        assert!(saab.different_openers(nordwake));
        // The buyer named after its demonym only: a company's own country
        // or a market says nothing of whom it sells to.
        assert_eq!(opener("Saab shares jump on Swedish order"), None);
        assert_eq!(opener("Helsing opens German plant"), None);
    }

    #[test]
    fn a_ministry_named_by_its_portfolio_opens_as_its_government() {
        assert_eq!(
            opener("Dutch defence ministry orders Helsing HX-2 loitering munitions"),
            Some("netherlands")
        );
        assert!(
            actors("Dutch defence ministry orders Helsing HX-2 loitering munitions")
                .different_openers(actors("Belgium orders Helsing HX-2 strike drones"))
        );
        // A portfolio with no body after it is no government.
        assert_eq!(opener("Dutch defence start-up raises $40 million"), None);
    }

    #[test]
    fn the_byte_keeps_both() {
        let a = actors("Japan's Senate votes on chip bill");
        assert_eq!(Actors::from_byte(a.to_byte()), a);
        assert_eq!(a.opener_keys(), &[key_hash(&stem(Lang::En, "japan"))]);
    }

    #[test]
    fn a_shared_id_keeps_both_names() {
        // Lithuania shares Brazil's id; two Baltic neighbours do not.
        let lithuania = actors("Lithuania orders 400 Helsing strike drones for 95 mln euros");
        let poland = actors("Poland signs 310-million-euro deal for Helsing AI strike drones");
        let brazil = actors("Brazil cuts rates");
        assert!(lithuania.different_openers(poland));
        assert!(!lithuania.different_openers(brazil));
        assert!(
            lithuania
                .opener_keys()
                .contains(&key_hash(&stem(Lang::En, "lithuania")))
        );
        for (country, partner) in SHARED {
            assert_ne!(country_id(country), 0, "{country}");
            assert_eq!(country_id(country), country_id(partner), "{country}");
        }
    }

    #[test]
    fn an_american_state_opens_a_headline_as_a_government() {
        let california = actors("California governor vetoes bill requiring audits of AI models");
        let ohio = actors("Ohio lawmakers send bill on AI bias in hiring to the governor");
        assert!(california.different_openers(ohio));
        assert!(actors("Texas dental chain hit by ransomware").different_openers(ohio));
        // A state's angle on a federal measure.
        assert!(!ohio.different_openers(actors("US tariff on EU steel takes effect")));
        assert!(
            actors("Kalifornien stoppt KI-Gesetz")
                .opener_keys()
                .contains(&key_hash(&stem(Lang::En, "california")))
        );
        // A company or a university named after its state.
        assert_eq!(opener("Texas Instruments raises its outlook"), None);
        assert_eq!(opener("Ohio State wins the Big Ten"), None);
    }

    #[test]
    fn a_government_that_hits_back_answers_another_s_measure() {
        let answer = actors("EU hits back at US with tariffs on €33bn of American goods");
        let measure = actors("US to slap 25% tariffs on $38 bln of EU machinery, auto parts");
        assert!(answer.retaliation_against(measure) && measure.retaliation_against(answer));
        // Each names the other: the plain rule of two governments is silent.
        assert!(answer.different_openers(measure));
        for answer in [
            "China retaliates against US battery tariffs with duties on pork",
            "China hits back at US chip curbs with export bans",
        ] {
            assert!(actors(answer).retaliation_against(measure), "{answer}");
        }
        // A promise, a government of its own measure, no government at all.
        for other in [
            "EU to hit back at US over machinery tariffs",
            "Beijing vows countermeasures after US blacklists memory makers",
            "Brussels weighs retaliation as Washington hits washing machines",
        ] {
            assert!(!actors(other).retaliation_against(measure), "{other}");
        }
        assert!(
            !actors("China hits back with gallium ban")
                .retaliation_against(actors("China bans gallium exports to US"))
        );
        // Never two chambers.
        assert!(!answer.different_chambers(actors("Senate passes tariff bill")));
    }
}
