//! British and American spellings of one English word meet: "defence" and
//! "defense", "programme" and "program", "organisation" and "organization".
//!
//! Queries, documents, the learning model's features and story clustering
//! key English words by their Snowball stem, and the two spellings of these
//! words stem apart ("defenc" and "defens"): a topic written `defense` missed
//! every report spelt the British way (most European and Commonwealth
//! outlets, NATO's own releases), and two outlets' reports of one event
//! shared one word fewer. Each British stem listed here is keyed as its
//! American one, wherever the stem is taken, so both directions meet.
//!
//! Only listed words are mapped: rules such as "-ise" to "-ize" would also
//! change "rise", "promise", "exercise" and "enterprise".

use std::collections::HashMap;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

/// (British, American) spellings, in common news vocabulary. A pair whose
/// two words stem alike ("travelled", "traveled") adds nothing and is left
/// out; the test checks every pair.
const PAIRS: &[(&str, &str)] = &[
    // -ence / -ense
    ("defence", "defense"),
    ("defences", "defenses"),
    ("offence", "offense"),
    ("offences", "offenses"),
    ("licence", "license"),
    ("licences", "licenses"),
    ("pretence", "pretense"),
    ("practise", "practice"),
    ("practised", "practiced"),
    // -re / -er
    ("centre", "center"),
    ("centres", "centers"),
    ("metre", "meter"),
    ("metres", "meters"),
    ("kilometre", "kilometer"),
    ("kilometres", "kilometers"),
    ("litre", "liter"),
    ("litres", "liters"),
    ("theatre", "theater"),
    ("fibre", "fiber"),
    ("calibre", "caliber"),
    ("manoeuvre", "maneuver"),
    ("manoeuvres", "maneuvers"),
    // -our / -or ("labour" is left out: in British news it is mostly the
    // Labour party, which a query for American "labor" does not mean)
    ("colour", "color"),
    ("favour", "favor"),
    ("favourable", "favorable"),
    ("honour", "honor"),
    ("harbour", "harbor"),
    ("neighbour", "neighbor"),
    ("behaviour", "behavior"),
    ("rumour", "rumor"),
    ("armour", "armor"),
    ("armoured", "armored"),
    ("vapour", "vapor"),
    ("endeavour", "endeavor"),
    // -mme, -ogue, -yse
    ("programme", "program"),
    ("programmes", "programs"),
    ("catalogue", "catalog"),
    ("analyse", "analyze"),
    ("analysed", "analyzed"),
    ("paralyse", "paralyze"),
    ("paralysed", "paralyzed"),
    // -ise / -ize, -isation / -ization
    ("organise", "organize"),
    ("organised", "organized"),
    ("organisation", "organization"),
    ("organisations", "organizations"),
    ("authorise", "authorize"),
    ("authorised", "authorized"),
    ("authorisation", "authorization"),
    ("recognise", "recognize"),
    ("recognised", "recognized"),
    ("criticise", "criticize"),
    ("criticised", "criticized"),
    ("prioritise", "prioritize"),
    ("prioritised", "prioritized"),
    ("modernise", "modernize"),
    ("modernisation", "modernization"),
    ("realise", "realize"),
    ("realised", "realized"),
    ("emphasise", "emphasize"),
    ("finalise", "finalize"),
    ("finalised", "finalized"),
    ("minimise", "minimize"),
    ("maximise", "maximize"),
    ("mobilise", "mobilize"),
    ("mobilisation", "mobilization"),
    ("privatise", "privatize"),
    ("privatisation", "privatization"),
    ("stabilise", "stabilize"),
    ("stabilisation", "stabilization"),
    ("utilise", "utilize"),
    ("characterise", "characterize"),
    ("summarise", "summarize"),
    ("apologise", "apologize"),
    ("legalise", "legalize"),
    ("standardise", "standardize"),
    ("standardisation", "standardization"),
    ("categorise", "categorize"),
    ("capitalise", "capitalize"),
    ("digitise", "digitize"),
    ("digitisation", "digitization"),
    ("digitalisation", "digitalization"),
    ("globalisation", "globalization"),
    ("normalise", "normalize"),
    ("normalisation", "normalization"),
    ("militarise", "militarize"),
    ("militarisation", "militarization"),
    ("hospitalise", "hospitalize"),
    ("hospitalised", "hospitalized"),
    ("hospitalisation", "hospitalization"),
    ("specialise", "specialize"),
    ("specialised", "specialized"),
    ("subsidise", "subsidize"),
    ("subsidised", "subsidized"),
    ("weaponise", "weaponize"),
    ("weaponised", "weaponized"),
    ("monetise", "monetize"),
    ("optimise", "optimize"),
    ("optimisation", "optimization"),
    ("centralise", "centralize"),
    ("centralised", "centralized"),
    ("decentralise", "decentralize"),
    ("neutralise", "neutralize"),
    ("penalise", "penalize"),
    ("scrutinise", "scrutinize"),
    ("jeopardise", "jeopardize"),
    ("stigmatise", "stigmatize"),
    ("sanitise", "sanitize"),
    ("synthesise", "synthesize"),
    ("industrialise", "industrialize"),
    ("commercialise", "commercialize"),
    ("commercialisation", "commercialization"),
    // Medical spellings (hospital news).
    ("paediatric", "pediatric"),
    ("paediatrician", "pediatrician"),
    ("anaesthetic", "anesthetic"),
    ("anaesthesia", "anesthesia"),
    ("haemorrhage", "hemorrhage"),
    ("orthopaedic", "orthopedic"),
    ("oestrogen", "estrogen"),
    ("leukaemia", "leukemia"),
    ("diarrhoea", "diarrhea"),
    ("foetus", "fetus"),
    ("oesophagus", "esophagus"),
    // Other
    ("aluminium", "aluminum"),
    ("sceptic", "skeptic"),
    ("sceptical", "skeptical"),
    ("scepticism", "skepticism"),
    ("judgement", "judgment"),
    ("judgements", "judgments"),
    ("ageing", "aging"),
    ("enrolment", "enrollment"),
    ("instalment", "installment"),
    ("jewellery", "jewelry"),
];

/// The English stem of a British spelling's stem, mapped to the American
/// spelling's: `None` for every other stem.
pub(crate) fn american_stem(stem: &str) -> Option<&'static str> {
    static MAP: OnceLock<HashMap<String, String>> = OnceLock::new();
    MAP.get_or_init(|| {
        let stemmer = Stemmer::create(Algorithm::English);
        PAIRS
            .iter()
            .map(|(british, american)| {
                (
                    stemmer.stem(british).into_owned(),
                    stemmer.stem(american).into_owned(),
                )
            })
            .filter(|(british, american)| british != american)
            .collect()
    })
    .get(stem)
    .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(word: &str) -> String {
        let stem = Stemmer::create(Algorithm::English).stem(word).into_owned();
        american_stem(&stem).map(str::to_string).unwrap_or(stem)
    }

    #[test]
    fn both_spellings_key_alike() {
        for (british, american) in PAIRS {
            assert_eq!(key(british), key(american), "{british} / {american}");
        }
        // Forms not listed meet when their stems do.
        assert_eq!(key("defences"), key("defense"));
        assert_eq!(key("organising"), key("organizing"));
        assert_eq!(key("licensing"), key("licence"));
    }

    /// Each pair changes something (else it is noise), and no British stem
    /// is another listed word's American stem (a chain would key three
    /// words alike in one direction only).
    #[test]
    fn every_pair_matters_and_none_chains() {
        let stemmer = Stemmer::create(Algorithm::English);
        let mut mapped = 0;
        for (british, american) in PAIRS {
            let b = stemmer.stem(british);
            if b != stemmer.stem(american) {
                mapped += 1;
                assert!(american_stem(&b).is_some(), "{british}");
            }
        }
        assert!(
            mapped * 10 >= PAIRS.len() * 9,
            "{mapped} of {}",
            PAIRS.len()
        );
        for (_, american) in PAIRS {
            let a = stemmer.stem(american);
            assert_eq!(american_stem(&a), None, "{american} is mapped again");
        }
    }

    /// Words that only look British keep their own stems.
    #[test]
    fn look_alikes_keep_their_stems() {
        let stemmer = Stemmer::create(Algorithm::English);
        for word in [
            "rise",
            "promise",
            "exercise",
            "enterprise",
            "premise",
            "surprise",
            "advise",
            "central",
            "metric",
            "organ",
            "organism",
            "analysis",
            "analyst",
            "fence",
            "science",
            "hour",
            "tour",
            "program",
            "story",
            "grey",
            "labour",
        ] {
            let stem = stemmer.stem(word);
            assert_eq!(american_stem(&stem), None, "{word} ({stem})");
        }
    }
}
