//! Whether a report's headline announces a funding round ("Shield AI
//! raises $500 million", "Mistral valued at €30bn", "DeepL sammelt 750
//! Millionen Dollar ein", "lève 900 millions") or its title and lead say
//! nothing of money raised at all. The same company's funding round and
//! its product launch, contract or lawsuit of the same days are two events
//! however many names they share; two reports of one funding round rarely
//! split that way: an angle on it still speaks of the round, the backers
//! or the valuation (`StoryConfig::financing_conflict_factor`).
//!
//! A headline that announces a launch ("unveils", "launches", "dévoile")
//! and no round or amount tells of a product, not of money raised, even
//! when its lead recalls the round of the same morning: it too is another
//! event than the round. So does a headline that names a contract and no
//! round ("Why a small Nato contract matters more to Mistral than its new
//! billions", "Helsing Lands First Naval Deal as Britain Buys Autonomous
//! Patrol Craft"), whatever amount it gives or its lead recalls.
//!
//! English, German and French, from the folded words of the title and the
//! lead. Narrow on purpose: "raises" counts only before an amount (a
//! government "raises spending" is no round), and "lands" or "secures" an
//! amount not at all (contracts are landed too).
//!
//! A launch also stands against any other headline on its own
//! (`Features::launch`): a product unveiled, or a plant announced ("to
//! build strike-drone factory in Lithuania"), is another event than the
//! contract its lead recalls, unless the other report speaks of the plant
//! too.

use super::text::{Lang, stem};

/// What a report's title and lead say of a funding round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[repr(u8)]
pub enum Financing {
    /// Money raised is mentioned, but the headline announces no round.
    #[default]
    Unknown = 0,
    /// The headline announces a funding round.
    Round = 1,
    /// Neither the title nor the lead speaks of funding, investors or a
    /// valuation.
    Unrelated = 2,
    /// The headline announces a launch ("unveils", "launches", "dévoile")
    /// and neither a round nor any amount, or names a contract and no
    /// round: a product or a deal, not money raised, whatever its lead
    /// recalls of a round.
    LaunchOrContract = 3,
}

impl Financing {
    /// One a funding round, the other unrelated to one or a launch.
    pub fn clashes(self, other: Financing) -> bool {
        matches!(
            (self, other),
            (
                Financing::Round,
                Financing::Unrelated | Financing::LaunchOrContract
            ) | (
                Financing::Unrelated | Financing::LaunchOrContract,
                Financing::Round
            )
        )
    }

    pub(crate) fn from_bits(bits: u8) -> Financing {
        match bits {
            1 => Financing::Round,
            2 => Financing::Unrelated,
            3 => Financing::LaunchOrContract,
            _ => Financing::Unknown,
        }
    }
}

/// One token of the title and lead, as the rule reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Piece<'a> {
    /// A folded word.
    Word(&'a str),
    /// An amount of money: a currency sign, or millions and more.
    Amount,
    /// Any other number.
    Number,
    /// The step from the title to the lead.
    Lead,
}

/// A word that alone, in a headline, announces a round.
fn is_round_word(word: &str) -> bool {
    matches!(
        word,
        "valuation"
            | "valuations"
            | "valued"
            | "valuing"
            | "valorisation"
            | "valorise"
            | "valorisee"
            | "bewertung"
            | "finanzierungsrunde"
            | "fundraise"
            | "fundraising"
            | "levee"
    )
}

/// A verb that announces a round when an amount follows it ("raises
/// $500m", "sammelt 900 Millionen", "lève 900 millions").
fn is_raise_verb(word: &str) -> bool {
    matches!(
        word,
        "raise" | "raises" | "raised" | "raising" | "bags" | "nabs" | "sammelt" | "leve"
    )
}

/// A word that speaks of funding at all (in the title or the lead).
fn is_funding_word(word: &str) -> bool {
    is_round_word(word)
        || is_raise_verb(word)
        || matches!(
            word,
            "funding"
                | "funded"
                | "round"
                | "investor"
                | "investors"
                | "backers"
                | "capital"
                | "series"
                | "investoren"
                | "finanzierung"
                | "kapital"
                | "investisseurs"
                | "fonds"
        )
}

/// A word that, in a headline, announces a launch.
fn is_launch_word(word: &str) -> bool {
    matches!(
        word,
        "unveils"
            | "unveiled"
            | "launches"
            | "launched"
            | "debuts"
            | "introduces"
            | "devoile"
            | "lance"
            | "enthullt"
            | "prasentiert"
    )
}

/// A word that, in a headline, names a contract or a deal: another event
/// than a round, whatever amount the headline gives ("wins $500m
/// contract") or its lead recalls of money raised. A round told as a deal
/// names the money ("raises $1bn in deal led by ...") and stays a round.
fn is_contract_word(word: &str) -> bool {
    matches!(
        word,
        "contract"
            | "contracts"
            | "deal"
            | "deals"
            | "contractor"
            | "auftrag"
            | "rahmenvertrag"
            | "contrat"
            | "contrats"
    )
}

/// Whether the title's pieces (then the lead's, ignored) announce a launch
/// and give no number: "Mistral launches an 'AI Act-ready' audit-logging
/// suite", "Vendor unveils ransomware recovery kit for hospitals". A
/// product's launch is another event than anything its lead recalls (the
/// vendor's contract of the week, the attack it answers), and reports of
/// one launch rarely split on it: they say what was launched with a
/// launch word or name the product. A headline with a number ("HSBC
/// profit rises 4%, launches $3 billion buyback") tells of results, not a
/// product.
///
/// A plant announced ("Helsing to build strike-drone factory in
/// Lithuania", "Globalfoundries baut zweites Werk in Dresden", "opens
/// artillery shell plant") is a launch too: another event than the
/// contract of the same morning that its lead recalls.
pub(crate) fn announces_a_launch<'a>(pieces: impl IntoIterator<Item = Piece<'a>>) -> bool {
    let mut launch = false;
    // Words since the last verb of building (none yet: more than four).
    let mut since_building = usize::MAX;
    // Words since the last launch word, the same way.
    let mut since_launch = usize::MAX;
    // Words since "adds", the same way.
    let mut since_adds = usize::MAX;
    let mut previous = "";
    for piece in pieces {
        match piece {
            Piece::Word(w) => {
                since_launch = since_launch.saturating_add(1);
                since_adds = since_adds.saturating_add(1);
                if w == "adds" {
                    since_adds = 0;
                }
                // A feature added is a launch ("Microsoft adds AI Act
                // 'readiness' dashboard to Azure AI Foundry"); "adds" alone
                // is not ("adds 5,000 jobs", "adds Palantir to the list").
                let adds_a_feature = since_adds <= 4 && is_feature_word(w);
                if is_launch_word(w) {
                    launch = true;
                    since_launch = 0;
                } else if adds_a_feature {
                    launch = true;
                    since_launch = since_adds;
                }
                // What a government unveils is a policy, not a product:
                // "Bund yields tick higher as Berlin unveils extra defense
                // spending", "Treasury unveils budget".
                if since_launch <= 4 && is_policy_word(w) {
                    launch = false;
                }
                since_building = since_building.saturating_add(1);
                if is_building_verb(w, previous) {
                    since_building = 0;
                }
                launch |= since_building <= 4 && is_plant_word(w);
                previous = w;
            }
            Piece::Amount | Piece::Number => return false,
            Piece::Lead => break,
        }
    }
    launch
}

/// A word naming a software feature a company adds to its product (not
/// "tools": "BIS adds hybrid bonding, TCB tools to China controls").
fn is_feature_word(word: &str) -> bool {
    matches!(
        word,
        "dashboard" | "dashboards" | "toolkit" | "feature" | "features"
    )
}

/// A word naming a policy a government unveils: a budget, spending, a
/// plan, tariffs or rules.
fn is_policy_word(word: &str) -> bool {
    matches!(
        word,
        "budget"
            | "spending"
            | "plan"
            | "plans"
            | "tariff"
            | "tariffs"
            | "rules"
            | "haushalt"
            | "nachtragshaushalt"
            | "depenses"
    )
}

/// A word, after `previous`, that tells of a plant to be built or opened
/// by the headline's subject: "to build", "will build", "builds",
/// "opens", "baut", "construira", "ouvre"; not "companies that build US
/// plants" (a tariff's terms) nor "building".
fn is_building_verb(word: &str, previous: &str) -> bool {
    match word {
        "build" => matches!(previous, "to" | "will"),
        "builds" | "opens" | "baut" | "construira" | "ouvre" => true,
        _ => false,
    }
}

/// The words that name a plant, by language.
const PLANT_WORDS: [(Lang, &str); 6] = [
    (Lang::En, "factory"),
    (Lang::En, "plant"),
    (Lang::En, "fab"),
    (Lang::Fr, "usine"),
    (Lang::De, "werk"),
    (Lang::De, "fabrik"),
];

/// A word that names a plant.
fn is_plant_word(word: &str) -> bool {
    word == "drohnenfabrik" || PLANT_WORDS.iter().any(|(_, plant)| *plant == word)
}

/// Whether a term key is a word that names a plant (as stemmed in its
/// language): two reports that share one both speak of the plant, and a
/// plant announced in one headline is no other event than the other's
/// ("Siemens Energy shares rise after it commits $630 million to a U.S.
/// transformer factory").
pub(crate) fn is_plant_key(key: u64) -> bool {
    static KEYS: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        PLANT_WORDS
            .iter()
            .map(|(lang, word)| super::hash::key_hash(&stem(*lang, word)))
            .collect()
    })
    .contains(&key)
}

/// What the title's and the lead's pieces, in order, say of a round.
pub(crate) fn financing_of<'a>(pieces: impl IntoIterator<Item = Piece<'a>>) -> Financing {
    let mut in_title = true;
    let mut funding = false;
    // A launch word in the headline, and whether it gives an amount.
    let (mut launch, mut title_amount) = (false, false);
    let mut contract = false;
    let mut before = Piece::Lead;
    let mut before2 = Piece::Lead;
    for piece in pieces {
        let round = in_title
            && match (before2, before, piece) {
                (_, _, Piece::Word(w)) if is_round_word(w) => true,
                (_, Piece::Word(verb), Piece::Amount) => is_raise_verb(verb),
                // "Series D", "funding round", "round of funding".
                (_, Piece::Word("series"), Piece::Word(letter)) => {
                    matches!(letter, "a" | "b" | "c" | "d" | "e" | "f" | "g" | "h")
                }
                (_, Piece::Word("funding"), Piece::Word("round")) => true,
                (Piece::Word("round"), Piece::Word("of"), Piece::Word("funding")) => true,
                _ => false,
            };
        if round {
            return Financing::Round;
        }
        match piece {
            Piece::Word(w) => {
                funding |= is_funding_word(w);
                launch |= in_title && is_launch_word(w);
                contract |= in_title && is_contract_word(w);
            }
            Piece::Lead => in_title = false,
            Piece::Amount => title_amount |= in_title,
            Piece::Number => {}
        }
        (before2, before) = (before, piece);
    }
    if (launch && !title_amount) || contract {
        Financing::LaunchOrContract
    } else if funding {
        Financing::Unknown
    } else {
        Financing::Unrelated
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pieces of "title | lead"; "$" stands for an amount, "#" for a number.
    fn pieces(text: &str) -> impl Iterator<Item = Piece<'_>> {
        text.split(' ').map(|w| match w {
            "$" => Piece::Amount,
            "#" => Piece::Number,
            "|" => Piece::Lead,
            w => Piece::Word(w),
        })
    }

    fn of(text: &str) -> Financing {
        financing_of(pieces(text))
    }

    #[test]
    fn a_headline_announcing_a_product_and_no_number_is_a_launch() {
        let launch = |text: &str| announces_a_launch(pieces(text));
        assert!(launch(
            "mistral launches an ai act ready audit logging suite | the paris company"
        ));
        assert!(launch("openai devoile son modele | pour les armees"));
        // A number in the headline: results or a deal, not a product.
        assert!(!launch("hsbc annual profit rises # launches $ buyback"));
        // Only the headline speaks: the lead's launch word is background.
        assert!(!launch(
            "france awards mistral ai framework agreement | mistral launched"
        ));
        assert!(!launch(""));
        // A policy a government unveils is no product.
        assert!(!launch(
            "bund yields tick higher as berlin unveils extra defense spending"
        ));
        assert!(!launch("treasury unveils budget | the chancellor"));
        // A feature added; not a list or jobs added.
        assert!(launch(
            "microsoft adds ai act readiness dashboard to azure ai foundry on the day eu rules bite"
        ));
        assert!(launch("openai adds age check feature to chatgpt"));
        assert!(!launch(
            "bis adds hybrid bonding tcb tools to china controls"
        ));
        assert!(!launch(
            "commerce adds chinese toolmakers to the entity list"
        ));
        assert!(!launch("us economy adds jobs as hiring beats forecasts"));
        assert!(!launch(
            "commerce adds chip firms to entity list | export tools"
        ));
    }

    #[test]
    fn a_headline_announcing_a_plant_is_a_launch() {
        let launch = |text: &str| announces_a_launch(pieces(text));
        assert!(launch("helsing to build strike drone factory in lithuania"));
        assert!(launch("globalfoundries baut zweites werk in dresden"));
        assert!(launch(
            "rheinmetall opens artillery shell plant in lithuania"
        ));
        // A tariff's terms, a plant far from the verb, a number.
        assert!(!launch(
            "white house sets tariff on imported chips sparing companies that build us plants"
        ));
        assert!(!launch(
            "anduril to build drones for the army at its ohio plant"
        ));
        assert!(!launch("helsing to build factory creating # jobs"));
    }

    #[test]
    fn rounds_and_reports_unrelated_to_one() {
        assert_eq!(
            of("shield ai raises $ valuing drone software maker at $"),
            Financing::Round
        );
        assert_eq!(of("helsing sammelt $ ein"), Financing::Round);
        assert_eq!(of("mistral closes $ series d"), Financing::Round);
        assert_eq!(
            of("deepl valued at $ | the translation startup"),
            Financing::Round
        );
        // An angle on a round still speaks of it: no clash either way.
        assert_eq!(
            of("what the money buys | the startup's new backers want agents"),
            Financing::Unknown
        );
        // Not a round: a government raises spending (which, saying
        // "raise", is not unrelated either), a vendor lands a deal.
        assert_eq!(
            of("france to raise military budget to $ | by #"),
            Financing::Unknown
        );
        assert_eq!(
            of("scale ai lands $ air force deal | the award"),
            Financing::LaunchOrContract
        );
        // A round named only in the lead is no headline round.
        assert_eq!(
            of("shield ai's week | it raised $ on monday"),
            Financing::Unknown
        );
        assert_eq!(
            of("shield ai's week | a board the size of a card"),
            Financing::Unrelated
        );
        assert!(Financing::Round.clashes(Financing::Unrelated));
        assert!(!Financing::Round.clashes(Financing::Unknown));
        assert!(!Financing::Round.clashes(Financing::Round));
        for f in [
            Financing::Unknown,
            Financing::Round,
            Financing::Unrelated,
            Financing::LaunchOrContract,
        ] {
            assert_eq!(Financing::from_bits(f as u8), f);
        }
    }

    #[test]
    fn a_launch_headline_is_no_round_whatever_its_lead_recalls() {
        // The launch report names the round of the same morning: still a
        // launch, and two events with the round.
        let launch =
            of("helsing unveils hx-3 strike drone | hours after announcing a $ funding round");
        assert_eq!(launch, Financing::LaunchOrContract);
        assert!(launch.clashes(Financing::Round));
        assert!(Financing::Round.clashes(launch));
        assert!(!launch.clashes(Financing::Unrelated));
        assert!(!launch.clashes(Financing::Unknown));
        assert!(!launch.clashes(launch));
        assert_eq!(
            of("mistral ai devoile large 4 | le modele"),
            Financing::LaunchOrContract
        );
        // A headline with an amount is no bare launch: a start-up that
        // "launches with $50m" may be the round itself.
        assert_eq!(
            of("startup launches with $ from backers | the round"),
            Financing::Unknown
        );
        // Both in one headline: the round.
        assert_eq!(of("startup raises $ to launch drones"), Financing::Round);
    }

    #[test]
    fn a_contract_headline_is_no_round_whatever_it_weighs_it_against() {
        // An analysis of a contract that weighs it against the round of
        // the next day, with the round's figures: the contract.
        let contract = of(
            "why a small nato contract matters more to mistral than its new billions \
             | the agreement is dwarfed by the $ the company raised on wednesday",
        );
        assert_eq!(contract, Financing::LaunchOrContract);
        assert!(contract.clashes(Financing::Round));
        // With its amount, in German and French.
        assert_eq!(
            of("helsing wins $ contract for eurofighter software"),
            Financing::LaunchOrContract
        );
        assert_eq!(
            of("bundeswehr erteilt helsing auftrag | #"),
            Financing::LaunchOrContract
        );
        assert_eq!(
            of("mistral decroche un contrat avec l otan"),
            Financing::LaunchOrContract
        );
        // A deal landed the day after a round, whose lead recalls the
        // valuation: the deal.
        let deal = of(
            "helsing lands first naval deal as britain buys autonomous patrol craft \
             | helsing se won a five year british contract as the startup tries to turn \
             a fresh $ valuation into production revenue",
        );
        assert_eq!(deal, Financing::LaunchOrContract);
        assert!(deal.clashes(Financing::Round));
        // A round that names its contracts or its deal is the round.
        assert_eq!(
            of("defense contractor anduril raises $ at $ valuation"),
            Financing::Round
        );
        assert_eq!(
            of("mistral raises $ in deal led by general catalyst"),
            Financing::Round
        );
    }
}
