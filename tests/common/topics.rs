//! The five news topics of the labeled corpora (`tests/data/news/README.md`)
//! as a careful user writes them: the aliases and the queries
//! (`tests/labeled.rs` measures them; `tests/it/corpus.rs` runs them in the
//! daemon).

use std::collections::BTreeMap;

use feedwatch::topics::{Aliases, TopicOptions, TopicSet, parse};

/// The aliases, as a config's `[aliases]` would give them.
pub(crate) fn aliases() -> Aliases {
    let map: BTreeMap<String, Vec<String>> = ALIASES
        .iter()
        .map(|(name, entries)| {
            (
                name.to_string(),
                entries.iter().map(|e| e.to_string()).collect(),
            )
        })
        .collect();
    Aliases::new(map).unwrap_or_else(|e| panic!("aliases: {e}"))
}

/// The topics with each query rewritten by `edit`.
pub(crate) fn topic_set_with(edit: impl Fn(&str) -> String) -> TopicSet {
    let aliases = aliases();
    TopicSet::new(
        TOPICS
            .iter()
            .map(|(name, query)| {
                let query = edit(query);
                let q = parse(&query, &aliases).unwrap_or_else(|e| panic!("{}", e.render(&query)));
                (name.to_string(), q, TopicOptions::default())
            })
            .collect(),
    )
}

/// The aliases the queries use (also in the README's Queries section).
pub(crate) const ALIASES: &[(&str, &[&str])] = &[
    (
        // Defense and national-security organisations that buy things.
        "defense_org",
        &[
            "Pentagon",
            "Department of Defense",
            "Defense Department",
            "Department of War",
            "War Department",
            "=DoD",
            "=MoD",
            "=MOD",
            "Ministry of Defence",
            "Ministry of Defense",
            "defence ministry",
            "defense ministry",
            "defence ministries",
            "defense ministries",
            "defence secretary",
            "defense secretary",
            "defence minister",
            "defense minister",
            "defence ministers",
            "defense ministers",
            // Belgium's air force.
            "Air Component",
            "army",
            "navy",
            "air force",
            "Space Force",
            "Coast Guard",
            // A country's border guard is a security force ("Finnish Border
            // Guard selects Helsing for AI-enabled border surveillance").
            "Border Guard",
            // A legislature's defence committee, which approves a force's
            // purchases ("Storting committee clears K9 howitzers, NASAMS
            // and targeting AI": "the parliamentary defence committee").
            "defence committee",
            "defense committee",
            "Grenzschutz*",
            "garde-frontière*",
            "Marines",
            "Marine Corps",
            "armed forces",
            "defence forces",
            "defense forces",
            "military",
            "militaries",
            "NATO",
            "Bundeswehr",
            // The EU's defence grants, awarded to companies' projects.
            "European Defence Fund",
            "European Defense Fund",
            "Fonds européen de la défense",
            "Europäische* Verteidigungsfonds",
            // A country's buyer of arms ("Norway's defence materiel
            // agency").
            "defence materiel",
            "defense materiel",
            "materiel agency",
            "Royal Navy",
            "=RAF",
            "Royal Air Force",
            "=DARPA",
            "=DISA",
            "=DIU",
            "Defense Innovation Unit",
            "=CDAO",
            "Chief Digital and Artificial Intelligence Office",
            "=SOCOM",
            "Special Operations Command",
            "Cyber Command",
            "Defense Logistics Agency",
            "defense agency",
            "defence agency",
            "=NGA",
            "National Geospatial-Intelligence Agency",
            "=CIA",
            "=NSA",
            "=GCHQ",
            "intelligence agency",
            "intelligence agencies",
            "intelligence service*",
            "Defence Equipment and Support",
            "Defence Equipment & Support",
            // The UAE's defence procurement body.
            "Tawazun Council",
            "=DGA",
            "Direction générale de l'armement",
            "ministère des Armées",
            // Belgium's, Switzerland's and others' ministry ("le ministère
            // belge de la Défense", "la ministre de la Défense").
            "de la Défense",
            "armée*",
            "Verteidigungsministerium",
            "=BAAINBw",
            "OTAN",
            "Alliance atlantique",
            "=NCIA",
            "NATO Communications and Information Agency",
            "Luftwaffe",
            "Heer",
            // Austria's army, Germany's armed forces and navy, France's
            // and Switzerland's air forces and France's navy.
            "Bundesheer",
            "Streitkräfte",
            "Deutsche Marine",
            "forces aériennes",
            "armée de l'air",
            "Marine nationale",
            "=NAVSEA",
            "Naval Sea Systems Command",
            "=AMIAD",
            "=DIH",
            "Defense Intelligence Headquarters",
            // A country's defence buyer, often named by its role.
            "procurement office",
            // Poland's buyer ("Agencja Uzbrojenia").
            "Armament Agency",
            "Armaments Agency",
            "Rüstungsagentur",
            "Beschaffungsagentur",
            "land forces",
            "Landstreitkräfte",
            "procurement agency",
            "Beschaffungsamt*",
            "Centre for Defence Investment",
            "Defence Acquisition*",
            // Japan's buyer.
            "=ATLA",
            "Acquisition, Technology and Logistics Agency",
            "Acquisition, Technology & Logistics Agency",
            "militär*",
            "militaire*",
            // The units a purchase equips ("Poland orders Anduril Lattice
            // C-UAS for 18th Mechanised Division", "The Hague picks
            // Anduril to shield its troops from drones").
            "troops",
            "Mechanised Division",
            "Mechanized Division",
        ],
    ),
    (
        // Defense in the broad sense, for budgets.
        "defense",
        &[
            "@defense_org",
            "defense",
            "defence",
            "Verteidigung*",
            "Rüstung*",
            "défense",
            "arms",
            "rearm*",
            "armement*",
            "Truppe",
            "Militär*",
            "militaire*",
            "Streitkräfte",
            "Aufrüstung",
            "Wehretat*",
            "Luftverteidigung*",
            "Flugabwehr",
            "Raketenabwehr",
            "Drohnenabwehr",
        ],
    ),
    (
        "ai",
        &[
            "=AI",
            "A.I.",
            "artificial intelligence",
            "machine learning",
            "large language model*",
            // In German and French ("Einsatz großer Sprachmodelle",
            // "grands modèles de langage").
            "Sprachmodell*",
            "modèles de langage",
            "modèle de langage",
            "=LLM",
            "=LLMs",
            "=generative",
            "chatbot*",
            "OpenAI",
            "ChatGPT",
            "Anthropic",
            "Claude",
            "xAI",
            "Grok",
            // A lab by its name ("a sanctionné la start-up chinoise
            // DeepSeek"). Not Meta's "Llama": a court's sanction over
            // deleted "Llama training records" is no rule.
            "DeepSeek",
            "Google DeepMind",
            "Mistral",
            "Cohere",
            "Palantir",
            "Maven",
            "Helsing",
            "computer vision",
            // A weapon's or a drone's software naming what it sees.
            "automatic target recognition",
            "=KI",
            "künstliche Intelligenz",
            "intelligence artificielle",
            "=IA",
            "algorithm*",
            "Algorithmen",
            "machine-learning",
            "self-driving",
            "facial recognition",
            // Media a model makes of a real person ("political deepfakes").
            "deepfake*",
            "reconnaissance faciale",
            "emotion recognition",
            "Emotionserkennung",
            "voice cloning",
            "clonage vocal",
            // What a model is trained on, and what it makes: a privacy
            // regulator's order over AI is often told in these words.
            "training data",
            "training set",
            "données d'entraînement",
            "Trainingsdaten",
            "synthetic voice*",
            "synthetic-voice",
            "voix synthétique*",
            "voix clonée*",
            "assistant conversationnel",
            // Software that reads faces for feelings, told without the
            // word "recognition"; a voice model, told in French.
            "analyse des émotions",
            "analyse les émotions",
            "mood-reading",
            "emotion-reading",
            "modèles vocaux",
            "modèle vocal",
            // A regulator's order on what a model learns from ("cessé
            // d'utiliser leurs conversations pour entraîner ses modèles").
            "entraîner ses modèles",
            "train its models",
            "training its models",
        ],
    ),
    (
        // AI in a product's words: a craft that drives or flies itself, its
        // software, or software that predicts failures ("120 autonomous
        // boats", "the Helmsman autonomy stack"). Not autonomy alone, a
        // policy debate's word ("buying autonomy faster than it can define
        // it").
        "autonomy",
        &[
            "autonomous boat*",
            "autonomous vessel*",
            "autonomous surface",
            "autonomous patrol",
            "autonomous drone*",
            "autonomous truck*",
            "autonomous vehicle*",
            "autonomous aircraft",
            "autonomous submarine*",
            // Undersea drones by their acronyms ("eight HUGIN Superior AUVs").
            "autonomous underwater",
            "=AUV",
            "=AUVs",
            "=UUV",
            "=UUVs",
            // Undersea drones ("uncrewed undersea vehicle").
            "uncrewed undersea",
            "unmanned undersea",
            "uncrewed underwater",
            "unmanned underwater",
            // Software that hunts or detects sea mines or roadside ones
            // without an operator ("autonomous mine-hunting software").
            "autonomous mine*",
            "autonomy stack",
            "autonomy software",
            // A navy's drone boats ("eight Havørn uncrewed surface vessels
            // (USVs)"): writers count them as AI whenever a navy buys them.
            "uncrewed surface vessel*",
            "unmanned surface vessel*",
            "uncrewed boat*",
            "drone boat*",
            "drone-boat*",
            "=USV",
            "=USVs",
            "predictive logistics",
            "predictive maintenance",
            "autonom fahren",
            "autonome*",
            // Software that flies drones as a swarm, or counters swarms
            // ("Lodestar's drone-interceptor swarm software").
            "swarm software",
            "swarming",
            // Robots a force buys are autonomous ones ("MoD signs Palmer
            // Luckey's outfit to send robot subs after cable snippers"); not
            // "robotic", which stems as a company's name does ("... ARX
            // Robotics") and brought an ethics board's story in.
            "robot boat*",
            "robot sub*",
            "robot wingm*",
            "robot escort*",
            // An army's ground robots ("Dutch light brigade to field armed
            // ground robots by 2030 under Milrem contract"; German
            // "Kettenroboter", tracked robots).
            "ground robot*",
            "Kettenroboter*",
        ],
    ),
    (
        // Weapons only armed forces buy: a country that buys them buys for
        // its military ("Poland signed a €310 million deal for 1,200
        // AI-guided HX-2 strike drones"). Not in `@defense_org`, which
        // budgets share: a plant that makes them is no budget.
        "weapons",
        &[
            "strike drone*",
            "loitering munition*",
            // "des munitions rôdeuses HX-2", "des drones d'attaque".
            "munition* rôdeuse*",
            "drone* d'attaque",
            "Kampfdrohne*",
            // Naval mine countermeasures ("Poland buys AI drone minehunters").
            "minehunt*",
            "mine-hunt*",
            "mine countermeasure*",
            // What is bought for the battlefield is bought by a force ("the
            // award to Helsing is Berlin's biggest bet yet on battlefield
            // AI"), though the lead names a country, not its ministry.
            "battlefield",
            // A parliament's or a government's package of arms is bought
            // for its forces ("Norway's parliament backs $1.9 billion arms
            // purchase that includes AI targeting tool").
            // Systems that shoot down or jam drones ("AI-driven counter-drone
            // batteries", "Anti-drones : Varsovie confie à Anduril").
            "counter-drone*",
            "counter-UAS",
            "anti-drone*",
            "arms purchase*",
            "arms package*",
            "weapons package*",
            "weapons purchase*",
        ],
    ),
    (
        // Buying: the forms of a purchase or its negotiation.
        "deal",
        &[
            "contract",
            "deal",
            "deals",
            "agreement*",
            "award*",
            "procure*",
            "purchase*",
            "buy",
            "buys",
            "bought",
            "task order",
            // A buyer's tender, opened, cancelled or re-opened: a step of
            // one purchase ("Romania cancels tender for AI-guided
            // reconnaissance drones").
            "tender",
            "tenders",
            "Ausschreibung*",
            // "erhält den Zuschlag": wins the award.
            "Zuschlag",
            "appel d'offres",
            "tap",
            "select",
            "pick",
            "win",
            "won",
            "sign up",
            // The system bought, handed over: an event of the purchase
            // ("German Navy takes delivery of first SeaWarden AI
            // mine-countermeasure system").
            "takes delivery",
            "took delivery",
            "take delivery",
            "handed over",
            "hands over",
            "übergeben",
            "übergibt",
            "in talks",
            "negotiat*",
            "=OTA",
            "other transaction",
            "contrat*",
            // Not "accord*": English "according to" ("..., according to
            // the Ministry of Defence").
            "=accord",
            "=accords",
            // Not "commande*", also an English commander, nor "commande",
            // which stems as an English command does.
            "=commande",
            "=Commande",
            "=commandes",
            "=commandé",
            "=commandée",
            "=commandés",
            "=commandées",
            "=signe",
            "=signé",
            "Auftrag*",
            "Vertrag*",
            "verhandel*",
            "Beschaffung*",
            "beschafft",
            // "... wollen Software gemeinsam beschaffen", "für gemeinsamen
            // Kauf militärischer KI".
            "=beschaffen",
            "kauft",
            "=Kauf",
            // Exact, since "beauftragt" stems "Beauftragte" too (a data
            // protection commissioner, "Der Hamburgische Beauftragte für
            // Datenschutz").
            "=beauftragt",
            // Orders, in German ("Bundeswehr bestellt KI-Zielerkennung").
            "bestellt",
            "Bestellung*",
            // A supplier's verb ("Helsing liefert KI-Software für den
            // Nachschub des Heeres").
            "=liefert",
            // A buyer's choice ("US Navy setzt auf KI-Piloten von Shield AI").
            "setzt auf",
            "setzen auf",
            // A contract's award ("Vergabe"), and its tribunal.
            "Vergabe*",
            "pact",
            "inks",
            "confie",
            "confient",
            // "Schweizer Luftwaffe vergibt KI-Flugplanung an Helsing".
            "vergibt",
            "choisit",
            // "... pour acheter de l'IA militaire", "pour acquérir ensemble
            // des logiciels".
            "=acheter",
            "=achète",
            "=acquérir",
            "décroche",
            "=attribué",
            "=attribue",
            "=attribuée",
            // A buyer paying, in German ("Das US-Heer zahlt Scale AI 212
            // Millionen US-Dollar"); not "pays"/"paying", which an
            // acquirer's price shares. A vendor that lands a deal ("Shield
            // AI's Hivemind lands a $198M gig"), not "land", which any
            // report "lands".
            "zahlt",
            "=lands",
            "=landed",
        ],
    ),
    (
        // Civilian buyers, whose AI deals recall a vendor's military work
        // in their lead ("Deutsche Bahn signs €95M Palantir deal ...,
        // two days after the US company's NATO deal grew").
        "civil_buyer",
        &[
            "bank",
            "banks",
            "lender*",
            "insurer*",
            "=NHS",
            "railway*",
            "Deutsche Bahn",
            "=SNCF",
            "airline*",
            "Airlines",
            "Veterans Affairs",
            "=FAA",
            "Federal Aviation Administration",
            "retailer*",
            "hospital*",
        ],
    ),
    (
        "funding",
        &[
            "funding round",
            "new equity",
            "valuation",
            "=Series",
            "venture capital",
            "IPO",
        ],
    ),
    (
        "opinion",
        &[
            "opinion",
            "op-ed",
            "commentary",
            "column",
            "editorial",
            "letters",
        ],
    ),
    (
        // Words that name law and its makers and enforcers by themselves.
        "law",
        &[
            "AI Act",
            "law",
            "laws",
            "legislation",
            "legislat*",
            "lawmaker*",
            // Exact, since "bill" stems "billing" too ("From Charlestown
            // billing offices to the Brigham's ICU").
            "=bill",
            "=bills",
            "=Bill",
            "=Bills",
            "=BILL",
            "regulation*",
            "regulatory*",
            "rulemaking",
            "executive order",
            "fined",
            // A fine in French ("inflige une amende").
            "=amende",
            "=amendes",
            "enforcement",
            "code of practice",
            // An act the Commission adopts under a law.
            "implementing act*",
            "delegated act*",
            "Durchführungsrechtsakt*",
            "acte d'exécution",
            "code de bonnes pratiques",
            "Verhaltenskodex",
            "@regulator",
            "statute",
            // A binding instruction ("a binding directive requiring that
            // any target recommended by an AI system be approved"), and an
            // EU directive. Exact forms: the stem is "direction"'s too.
            "=directive",
            "=directives",
            "=Directive",
            // A chamber's vote is law in the making.
            "Senate passes",
            "Senate approves",
            "Senate OKs",
            "House passes",
            "House approves",
            "Assembly passes",
            "Assembly approves",
            "parliament",
            // German "Parlament", "des EU-Parlaments".
            "Parlament*",
            "digital omnibus",
            "omnibus",
            "trilogue*",
            "=MEPs",
            "=MEP",
            "Gesetz*",
            "Verordnung",
            "=loi",
            "règlement*",
            "décret*",
            "eurodéputé*",
            "Court of Justice",
            "=CJEU",
            "=ECJ",
            "=EuGH",
            "Gerichtshof",
            "Cour de justice",
        ],
    ),
    (
        // Words that are law only when a government says them.
        "rules",
        &[
            "rule",
            "rules",
            "règle*",
            // Not "Regel*": "regelmäßig" is "regularly".
            "Regel",
            "Regeln",
            "Regelung",
            "Regelungen",
            "ban",
            "bans",
            "banned",
            "fine",
            "fines",
            "penalty",
            "penalties",
            "enforce*",
            "prohibit*",
            "guidance",
            // "technische Vorgaben für Hochrisiko-KI", "KI-Vorgaben der
            // EU-Kommission": a government's requirements.
            "Vorgaben",
            "guideline*",
            "Leitlinie*",
            "lignes directrices",
            "order",
            "orders",
            "sanction*",
            "amende*",
            "inflige",
            "Bußgeld*",
            "Strafe*",
            // An inquiry a government opens ("Bruxelles ouvre une enquête
            // sur le nouveau modèle de Mistral AI"); not "probe", which
            // headlines use for background ("raises $4 billion despite EU
            // probe").
            "inquiry",
            "inquiries",
            "investigation",
            "enquête*",
            "Untersuchung*",
            // Proceedings a regulator opens ("hat ein förmliches
            // Verfahren gegen Elon Musks KI-Firma eingeleitet").
            "Verfahren gegen",
            "förmliches Verfahren",
            // The AI Act's designation of a model.
            "systemic risk",
            "systemisches Risiko",
            "risque systémique",
            "bar",
            "bars",
            "restrict*",
        ],
    ),
    (
        "government",
        &[
            "@regulator",
            "government*",
            "governor",
            "state",
            "states",
            "federal",
            "Congress",
            "Senate",
            "senator*",
            "lawmaker*",
            "parliament",
            "ministry",
            "minister",
            "White House",
            "=EU",
            "European Union",
            "Brussels",
            "court",
            "judge",
            "agency",
            "Pentagon",
            "Beijing",
            "Commission européenne",
            // An agency that writes rules for the devices it clears.
            "=FDA",
            "Food and Drug Administration",
            // Medicare's rule-maker, for AI in coverage decisions.
            "=CMS",
            "Centers for Medicare",
            "EU-Kommission",
            "Kommission",
            "Bruxelles",
            "council",
        ],
    ),
    (
        "regulator",
        &[
            "=FTC",
            "=CNIL",
            "Commission nationale de l'informatique et des libertés",
            "protection des données",
            "Data Protection Commission",
            // South Korea's privacy regulator.
            "Personal Information Protection Commission",
            "=PIPC",
            "=ICO",
            "=EDPB",
            "data protection authority",
            "European Commission",
            "EU AI Office",
            "European AI Office",
            "regulator*",
            "watchdog*",
            "attorney general",
            // A state's attorney general, shortened ("the Texas AG's
            // probe"); not "AG" alone, a German company's suffix.
            "state AG",
            "state AGs",
            "Texas AG",
            "California AG",
            "New York AG",
            "Florida AG",
            "Justice Department",
            "Department of Justice",
            "Justice Dept",
            "=DOJ",
            "Datenschutzbehörde*",
            "Datenschützer",
            "Aufsicht",
            "Aufsichtsbehörde*",
            "Bundesnetzagentur",
            "gendarme",
            "Garante",
            "the AI Office",
            "=BaFin",
            "KI-Büro",
            // China's internet regulator, which writes its AI rules.
            "Cyberspace Administration",
            "Bureau de l'IA",
            "Office de l'IA",
            "régulateur*",
            // Competition authorities, which fine AI partnerships.
            "Kartellamt*",
            "cartel office",
            "competition authority",
            "Autorité de la concurrence",
        ],
    ),
    (
        "budget",
        &[
            "budget*",
            "spending",
            "spend",
            "appropriat*",
            "spending target",
            "=GDP",
            // GDP in German and French.
            "Wirtschaftsleistung",
            "=BIP",
            "=PIB",
            "=NDAA",
            "fiscal year",
            "fy2*",
            "percent of",
            "borrowing",
            "expenditure*",
            "splurge",
            "spree",
            "defense bill",
            "defence bill",
            "authorization act",
            "outlays",
            // A committee's number for the whole budget.
            "topline",
            "top-line",
            // The EU's defence loans ("a SAFE tranche").
            "=SAFE",
            "Security Action for Europe",
            // A special fund voted for defence ("Reichstag billigt
            // Sonderfonds", "un fonds spécial de défense").
            "Sonderfonds*",
            "fonds spécial",
            "special fund*",
            "Haushalt*",
            "Sondervermögen",
            // Germany's Sondervermögen, in English.
            "special fund",
            "special funds",
            // Money a defence department has not spent by mid-year.
            "unspent",
            "unobligated",
            "loi de programmation militaire",
            "=LPM",
            "budgétaire*",
            "programmation militaire",
            "programming law",
            "defence fund*",
            "defense fund*",
            "defence industry fund*",
            "defense industry fund*",
            "Rüstungsfonds",
            "Verteidigungsfonds",
            // A law that fixes years of procurement money ("Germany's
            // Bundeswehr investment law", "Bundeswehr-Investitionsgesetz");
            // not "Germany's investment law" in a week's market report.
            "defence investment law",
            "defense investment law",
            "defence investment bill",
            "defense investment bill",
            "Bundeswehr investment law",
            "Bundeswehr investment bill",
            "Investitionsgesetz*",
            "fonds européen de défense",
            "fonds européen de la défense",
            "defence credits",
            "defense credits",
            "=crédits",
            "enveloppe",
            "dépenses",
            "Wehretat*",
            "Einzelplan",
            "Ausgaben*",
            "Verteidigungsausgaben",
            "=PIB",
            "=BIP",
            "unfunded",
            "policy bill",
            "military bill",
            "top-up",
            // "a PLN14.5 billion defence supplement", "supplemental
            // appropriations" (whole words: French "supplémentaires" is
            // any "more", twelve more Rafales).
            "supplement",
            "supplementary",
            "supplemental",
            "funding bill",
            "envelope",
            "rallonge",
            "=VAT",
            "value-added tax",
            "sales tax",
            "=TVA",
            "Mehrwertsteuer",
            "tax rise",
            "tax increase",
        ],
    ),
    (
        // A court whose ruling sets a precedent: an appeals court or a
        // country's highest ("German top court says AI training must respect
        // publishers' opt-outs"); a trial court's ruling is no rule.
        "high_court",
        &[
            "appeals",
            "appellate",
            "cour d'appel",
            "=Circuit",
            "top court",
            "highest court",
            "supreme court",
            "Federal Court of Justice",
            "=BGH",
            "Bundesgerichtshof",
            "Bundesgerichtshofs",
            "Cour de cassation",
        ],
    ),
    (
        "earnings",
        // Not "profit*": French "profitent" is "benefit from" ("Thales et
        // Dassault profitent du vote de la LPM").
        // Exact forms: "earnings" stems as "earn" does ("Grok's images
        // earn Germany's first AI Act penalty").
        &[
            "=earnings",
            "=Earnings",
            "quarterly results",
            "revenue",
            "=profit",
            "=profits",
            "profitab*",
            "dividend",
            "dividends",
        ],
    ),
    (
        "cyberattack",
        &[
            "ransomware",
            "cyberattack*",
            "cyber attack*",
            "cyber-attack*",
            "hack",
            "hackers",
            "cyber incident",
            "cybersecurity incident",
            "security incident",
            "extortion",
            "ransom",
            "=LockBit",
            "=Rhysida",
            "=Qilin",
            "=BlackCat",
            "=ALPHV",
            "Cyberangriff*",
            "Hackerangriff*",
            "cyberattaque*",
            "rançongiciel*",
            "Erpresser*",
            "Hackerattacke*",
            "attaque informatique",
            "piratage",
            "IT attack",
            // "cancels appointments after computer attack".
            "computer attack",
            "computer attacks",
            "encryptor*",
            // "after detecting an intrusion": an attack in a breach's words.
            "intrusion",
            "intrusions",
            // Records stolen from a vendor ("the biggest health data theft
            // reported so far this year").
            "data theft",
            // A flood of traffic that takes a hospital's sites down is an
            // attack too ("DDoS attacks knock Swiss hospital websites
            // offline").
            "=DDoS",
            "denial-of-service",
            "denial of service",
        ],
    ),
    (
        "health",
        &[
            "hospital*",
            "health system*",
            "healthcare",
            "health care",
            "health service*",
            "clinic*",
            "=NHS",
            "medical center*",
            "medical centre*",
            "patient*",
            "health trust",
            // A health group by its name ("Buckeye Valley Health", "Marlow
            // Health"): exact case, so "public health" stays out.
            "=Health",
            "pharmac*",
            "pathology",
            "blood test*",
            "laborator*",
            // "laborator*" stops before French "laboratoires".
            "laboratoire*",
            "biologie médicale",
            "dialysis",
            // A blood service supplies hospitals ("French blood agency",
            // "l'Etablissement français du sang", "Blutspendedienst").
            "blood service*",
            "blood agency",
            "blood bank*",
            "blood donor*",
            "Blutspende*",
            "français du sang",
            // "Dialyseanbieter", "centres de dialyse".
            "Dialyse*",
            "radiology",
            // A teleradiology provider reads hospitals' scans: a supplier
            // whose attack stops them ("Teleradiologie-Anbieter").
            "Radiologie*",
            "Teleradiolog*",
            "emergency room",
            "emergency department",
            "Krankenhaus",
            "Krankenhäuser",
            "Klinik*",
            "Kreisklinik*",
            "Kinderklinik*",
            "Kinderkrankenhaus*",
            "Uniklinik*",
            "Notaufnahme",
            // "pharmac*" in German.
            "Apotheke*",
            "Pharmagroßhändler*",
            "hôpita*",
            "=CHU",
            "clinique*",
            // Swiss German ("Spitalgruppe", "Spitäler", "Notfallstationen").
            "Spital*",
            "Spitäler",
            "Kantonsspital",
            // "Spital*" stops before the compounds ("Kinderspital Dreiland").
            "Kinderspital*",
            "Universitätsspital*",
            "Notfallstation*",
            "hospitalier",
            "soignants",
            "=EHR",
            // A dental chain treats patients too.
            "dental",
            // A critical supplier: the maker of hospitals' instruments.
            "medical device*",
            "medical-device",
            "Medizintechnik*",
            // A blood service supplies hospitals' transfusions.
            "blood service*",
            "blood bank*",
            "blood donation*",
            "transfusion*",
            "Blutspende*",
            "don du sang",
            "donneurs de sang",
        ],
    ),
    (
        "misconfig",
        &[
            "misconfigur*",
            "exposed database",
            "left exposed",
            "unsecured",
            "unprotected",
            "publicly accessible",
            "human error",
            "mistakenly",
        ],
    ),
    // An outage its hospital says was no attack: a failed upgrade.
    (
        "no_attack",
        &[
            "not hacked",
            "not hackers",
            "not a cyberattack",
            "not a cyber attack",
            "not a cyber-attack",
            "ruled out a cyberattack",
            "ruling out a cyberattack",
            "rules out a cyberattack",
            "rules out cyberattack",
            "ruled out cyberattack",
            "no sign of a cyber*",
            "no evidence of a cyber*",
            "no sign of malicious activity",
            "botched upgrade",
            "failed upgrade",
            "faulty upgrade",
            "botched update",
            "faulty update",
            "faulty software update",
            "kein Cyberangriff",
            "kein Hackerangriff",
            "pas une cyberattaque",
            "pas de cyberattaque",
        ],
    ),
    (
        "chips",
        &[
            "chip*",
            "semiconductor*",
            "semi-conducteur*",
            "Halbleiter*",
            "puce*",
            "=GPU",
            "=GPUs",
            "AI accelerator*",
            "accelerator*",
            "KI-Beschleuniger*",
            "=Nvidia",
            "=Intel",
            "=AMD",
            "=ASML",
            "=TSMC",
            "=SMIC",
            "lithograph*",
            "=EUV",
            "=DUV",
            "=HBM",
            "=H20",
            "=H100",
            "=H200",
            "Blackwell",
            "wafer*",
            // A wafer, in French.
            "plaquette*",
            "fab",
            "fabs",
            "=NAND",
            "=DRAM",
            "advanced packaging",
            "chipmaking tools",
            "Belichtungs*",
            "Lithografie*",
            "AI server*",
            "HBM*",
            "bonder*",
            "etcher*",
            "deposition tool*",
            // Etch and atomic-layer deposition machines ("a rule on cryo
            // etch and ALD tools").
            "etch",
            "etching",
            "=ALD",
            "deposition equipment",
            "=3A090",
            "=4A090",
            // The memory a rule names ("curbs on high-bandwidth memory
            // exports"), and the hardware a smuggling case does.
            "high-bandwidth memory",
            "memory chip*",
            "microelectronic*",
            "AI hardware",
            // The chip-tool makers a rule on tools hits, by name ("Lam
            // Research Slashes Sales Outlook, Citing New US Limits on China
            // Service Work" names no chip).
            "Lam Research",
            "Applied Materials",
            "Tokyo Electron",
            "=KLA",
        ],
    ),
    // A ban, and not "bandwidth" or "bank", which "ban*" also reaches.
    // And in French and German ("La Chine a interdit ... toute
    // exportation", "verbietet Exporte").
    (
        "ban",
        &[
            "ban",
            "bans",
            "banned",
            "banning",
            "=interdit",
            "interdiction*",
            "verbietet",
            "verboten",
        ],
    ),
    (
        "export_controls",
        &[
            "export control*",
            "export restriction*",
            "export curb*",
            "export ban",
            "export bans",
            "export banned",
            "export licen*",
            "export rule*",
            "curb",
            "curbs",
            "licen*",
            "permit*",
            "authoriz*",
            "authoris*",
            "Entity List",
            "entity listing",
            // Beijing's answer in kind ("unreliable entity list").
            "unreliable entit*",
            "unzuverlässige* Unternehmen",
            "entités non fiables",
            "blacklist*",
            "smuggl*",
            "divert*",
            "diversion",
            "reroute*",
            "rerouting",
            "détourn*",
            "indict*",
            "seiz*",
            "grey market",
            "gray market",
            "Genehmigung*",
            "Bureau of Industry and Security",
            "=BIS",
            "Exportkontroll*",
            "Exportregel*",
            "Exportlizenz*",
            "Lizenz*",
            "Ausfuhr*",
            "contrôle* des exportations",
            "contrôle* à l'exportation",
            // Smuggling cases, in the words of a charge.
            "contrebande",
            "Schmuggel*",
            "geschmuggelt",
            "geschleust",
            "inculp*",
            "charged",
            "sentenced",
            // A trial's outcome, or a plea.
            "convicted",
            "guilty",
            "jail*",
            "arrest*",
            "prosecutor*",
            "Anklage",
            // Servicing curbs.
            "after-sales",
            "=servicing",
            "maintenance",
            "Wartung",
            "spare parts",
            "spare-parts",
        ],
    ),
];

/// (topic, query) for the news corpus, written from the definitions.
pub(crate) const TOPICS: &[(&str, &str)] = &[
    // A funding round that cites defence work is no contract, unless the
    // headline names a deal with a defence organisation and raises no money
    // at a valuation ("raises €600mn at €15bn valuation after Bundeswehr
    // win" is the round's). Anduril sells AI
    // (Lattice) and rocket motors, and its name in a lead is often a
    // rival's background: it counts as AI in a headline without motors.
    // A drone order told in its lead as "reconnaissance drones" is AI
    // bought when its text says the drones' AI ("the Vector's on-board AI
    // classifies targets"): writers count those in (seven of nine such
    // leads over the corpora; the two others a reorder and a column). A
    // column is no contract, though only its first sentence says
    // "Opinion:"; not `@opinion` in the lead, whose "column" and "letters"
    // are also "a column of driverless trucks" and "a letter to
    // parliament".
    // A vendor's earnings are no contract unless the headline names one
    // ("Palantir Lifts Forecast as Government Sales Jump 41%": "=forecast"
    // and "=Forecast", as "forecasting" and "forecasts" are AI products),
    // nor a market report of the day's movers. MBDA's Mistral is a missile,
    // not Mistral AI; MBDA's other systems may be AI.
    // A company buying a company is an acquisition, not a contract
    // ("Thales buys French AI start-up to speed up sensor software",
    // "Rheinmetall übernimmt Münchner Roboterhersteller"), unless the
    // headline names a force.
    // Lawmakers pressing or grilling officials is an event of a contract
    // when the headline names the award, deal or contract (the news
    // corpus's README, "Cases the writers split on"), a policy debate
    // otherwise.
    (
        "defense-ai-contracts",
        "lead:(@defense_org OR @weapons) (lead:(@ai OR @autonomy) OR \
           title:(Anduril -(rocket OR motor OR motors)) OR \
           (lead:(drone* OR Drohne* OR =UAS OR =UAV OR =UAVs) (summary:@ai OR content:@ai))) \
         lead:(@deal OR /\\w+(auftrag|vertrag)\\b/ OR \
         (order NEAR/4 (drone* OR aircraft OR system* OR vehicle* OR unit* OR vessel* OR boat* OR upgrade*)) OR \
         (order NEAR/6 munition*)) -title:@opinion -lead:(opinion OR op-ed OR commentary OR editorial) \
         -(title:@civil_buyer -title:@defense_org) \
         -(lead:MBDA lead:Mistral -lead:\"Mistral AI\") \
         -(title:(earnings OR =forecast OR =Forecast OR outlook OR results OR quarter* OR =Q1 OR =Q2 OR =Q3 OR =Q4) \
           -title:(@deal OR contract* OR order*)) \
         -title:(movers OR \"biggest moves\") \
         -(title:(takeover* OR acquisition* OR acquires OR acquire OR \"snaps up\" OR rachète OR \
             übernimmt OR Übernahme* OR ((buy OR buys OR \"to buy\") NEAR/3 (start-up* OR startup*))) \
           -title:@defense_org) \
         -(lead:(commercial NEAR/2 (deal OR deals OR licen* OR customer*)) -title:@defense_org) \
         -(lead:(@funding OR (raise NEAR/4 (round OR funding OR valuation OR investors))) \
           -(title:((@deal OR order) NEAR/5 @defense_org) -title:(raise NEAR/5 valuation))) \
         -(title:(\"lawmakers press\" OR \"senators press\" OR \"lawmakers question\" OR \
             \"senators question\" OR \"lawmakers grill\" OR \"senators grill\" OR \
             \"MPs question\" OR \"lawmakers quiz\" OR \"senators quiz\" OR \
             \"MPs press\" OR \"MPs grill\" OR \"MPs probe\" OR \"lawmakers probe\" OR \
             \"senators probe\") -title:(award OR awarded OR deal OR contract))",
    ),
    // A private lawsuit is no regulation, unless a regulator brings it or
    // it challenges an AI law ("NetChoice sues Colorado over AI law"), or
    // lawmakers make suing easier ("European lawmakers move to make it
    // easier to sue over harm from AI"); nor
    // is a trial court's copyright ruling ("a judge ruled" is no rule),
    // unless an appeals court or a country's highest court sets the
    // precedent or an agency speaks (a ruling on "pirated books" is a
    // copyright one). A
    // competition authority clearing a takeover is merger control, no AI
    // rule ("CMA waves through Shield AI's Halyard deal"), unless the
    // headline names an AI law. An export rule on AI models' weights is a
    // government's binding rule on AI (the definition's words; two writers
    // of three counted it in), whatever chips it also covers; an
    // "open-weight model" released under a licence is not one. A company's
    // voluntary step ("would voluntarily publish ..., going further than
    // EU rules require") is a pledge, unless its headline names a law. A
    // company's "regulatory filing" is a disclosure, not regulation.
    (
        "ai-regulation",
        "lead:@ai (lead:@law OR lead:/\\w+gesetz(es)?\\b/ OR (lead:@rules lead:@government) OR \
         lead:(@high_court NEAR/12 \
           (training OR Trainingsdaten OR \"fair use\" OR \"usage loyal\" OR \
           entraînement)) OR \
         title:(@ai NEAR/3 (law OR laws OR act)) OR \
         (lead:((weights OR Gewichten OR poids) NEAR/4 (model* OR Modell* OR modèle*)) \
           lead:(export* OR Ausfuhr*))) -title:@opinion \
         -(lead:(@defense_org OR @weapons) lead:(@deal OR @budget OR \
             (order NEAR/4 (drone* OR aircraft OR system* OR vehicle* OR unit*)) OR \
             (order NEAR/6 munition*)) \
           -lead:(@ban OR prohibit*)) \
         -(title:(lawsuit OR sue OR \"class action\") -lead:@regulator -lead:\"enforcement action*\" \
           -title:(lawmaker* OR legislator* OR parliament OR Parlament* OR =MEPs) \
           -title:((passes OR passed OR adopts OR approves) NEAR/3 (law OR bill OR act)) \
           -lead:(under NEAR/3 (\"AI law\" OR \"AI Act\")) \
           -title:(@ai NEAR/3 (law OR laws OR act))) \
         -(lead:(copyright* OR \"fair use\" OR infring* OR Urheberrecht* OR \"droit d'auteur\" OR pirat* OR \
           \"motion to dismiss\") \
           -title:(@law OR @high_court) \
           -lead:(\"AI Act\" OR \"AI Office\" OR \"Copyright Office\" OR @regulator)) \
         -(lead:pledge* -lead:(comply OR complied OR complies OR compliance)) \
         -(lead:(\"regulatory filing\" OR \"regulatory filings\") \
           -lead:(law OR laws OR \"AI Act\" OR regulator OR regulators OR watchdog*)) \
         -(lead:voluntar* -lead:(comply OR complied OR complies OR compliance) -title:@law) \
         -(lead:@chips -lead:((weights OR Gewichten OR poids) NEAR/4 (model* OR Modell* OR modèle*))) \
         -(title:(launch* OR unveil* OR pitch* OR präsentiert OR stellt OR lance OR dévoile) \
           -title:(lawmaker* OR legislat* OR government* OR regulator* OR \
             ((unveil* OR dévoile) NEAR/3 (rules OR regulation*)))) -lead:@earnings \
         -title:((order OR orders) NEAR/3 (worth OR mln OR million OR billion OR bn OR euro OR \
           euros OR software)) \
         -(title:((clear* OR \"waves through\" OR \"wave through\") NEAR/6 \
             (takeover* OR acquisition* OR merger* OR deal OR buy OR purchase)) \
           -title:(\"AI Act\" OR (@ai NEAR/3 (law OR laws OR act))))",
    ),
    // A budget is also a "fiscal 2028 shipbuilding request", and a
    // "defence target" one of spending, but not targets that software
    // helps artillery allocate "..., the defence ministry said" (the
    // words in that order only). One programme "£310m over budget" and
    // "three years late" is an auditor's verdict on a procurement, not a
    // budget, unless a spending law, request, plan or target is at stake
    // (the word "plan" itself: "£310m more than planned" is the auditor's),
    // or a department overspent its operating accounts.
    // A company's sales rising on budgets is its results, not a budget (a
    // sales tax raised to pay for an army is one), as are its profits (a
    // levy on bank profits that pays for one is not).
    // Money moved from one programme to another ("redirect 640 million
    // pounds of unspent funds to air defence") is a budget decision, and so
    // is a fund governments pool to buy together ("EU defence ministers
    // agree 9 billion euro joint drone fund", "Drohnenfonds").
    (
        "defense-budget",
        "lead:@defense (lead:@budget OR lead:/\\w+(haushalt|etat)\\b/ OR \
         lead:(fiscal NEAR/8 (request OR requests OR requested)) OR \
         lead:((seeks OR wants OR \"asked for\" OR \"asks for\" OR ask OR request OR requests OR \
           fordert OR angemeldet OR réclame) NEAR/6 (billion OR bn OR Milliarden OR milliards)) OR \
         lead:((spending OR NATO) NEAR/3 \
         (=target OR =targets OR goal OR goals)) OR \
         lead:(\"defence target*\" OR \"defense target*\") OR \
         lead:(\"joint fund\" OR \"joint drone fund\" OR \
           \"drone fund\" OR \"drone funds\" OR \"drone-fund\" OR \"fonds commun\" OR \
           \"gemeinsamen Fonds\" OR Drohnenfonds) OR \
         lead:((redirect* OR reallocat* OR umschicht* OR umgeschichtet OR réaffect*) NEAR/6 \
           (million OR billion OR bn OR Millionen OR Milliarden OR millions OR milliards OR \
           funds OR Mittel OR crédits)) OR \
         (lead:(NATO OR OTAN) lead:(percent OR Prozent OR \"pour cent\"))) \
         -(lead:@earnings -lead:(levy OR levies OR tax OR taxes OR Steuer OR Abgabe OR taxe)) \
         -(lead:(\"over budget\" OR \"over the budget\" OR \"above the budget\" OR \
             \"above budget\" OR \"busts the budget\" OR \"value for money\" OR overrun* OR \
             \"years late\" OR \"year late\") \
           -lead:(law OR laws OR request* OR appropriat* OR =target OR =targets OR =plan OR =plans OR \
             shortfall OR topline OR overspen* OR over-spen* OR \"operating budget\" OR \
             \"operation and maintenance\")) \
         -(lead:((sales OR Umsatz OR \"chiffre d'affaires\") NEAR/4 \
             (rise OR rose OR jump* OR grew OR growth OR fell OR forecast*)) \
           -lead:(tax OR taxes OR VAT OR Mehrwertsteuer OR TVA)) \
         -lead:(@funding OR (raise NEAR/4 (round OR funding OR valuation OR investors)))",
    ),
    // A veterinary chain's clinics treat no people. An attack whose
    // headline names a town hall, a school district, a
    // county, a utility or a university is no hospital's unless it
    // names one too (every such item of the labeled corpora is counted
    // out but round-ups of several attacks). A drugstore chain is another
    // sector (the definition's words), told also as "the retailer" or an
    // "Apothekenkette" or a network of pharmacies ("le réseau de pharmacies
    // Santéo"); a drill that simulates an attack is none. A health
    // ministry is a government, not a hospital ("Pro-Russian hackers knock
    // Danish health ministry website offline"), unless the lead names the
    // hospitals or patients its attack reached.
    (
        "hospital-ransomware",
        "(lead:@cyberattack OR (lead:((ambulance* NEAR/6 divert*) OR \"to paper\" OR \
           \"paper charts\" OR \"paper records\") \
           lead:(\"IT incident\" OR \"network incident\" OR \"network outage\" OR \
           \"IT outage\" OR \"systems offline\" OR \"network disruption\"))) \
         lead:@health -lead:(@misconfig OR (@no_attack -\"not ruled out\" -\"not yet ruled out\")) -title:(launch* OR unveil* OR pitch*) \
         -(lead:(drugstore* OR \"drug store\" OR \"drug stores\" OR \"pharmacy chain*\" OR \
           (pharmac* NEAR/10 (chain* OR network* OR réseau* OR groupement*)) OR retailer* OR Apothekenkette* OR \"chaîne de pharmacies\" OR \
           insurer* OR payer*) -lead:(hospital* OR clinic*)) \
         -lead:(drill OR drills OR \"tabletop exercise\" OR simulated OR simulation*) \
         -(lead:(\"health ministry\" OR \"ministry of health\" OR \"Ministry of Health\" OR \
             Gesundheitsministerium* OR \"ministère de la Santé\") \
           -lead:(hospital* OR clinic* OR Klinik* OR Krankenh* OR hôpita* OR patient*)) \
         -lead:@funding \
         -(lead:(veterinar* OR vet OR vets OR pets OR Tierarzt* OR Tierklinik* OR vétérinaire*) \
           -lead:(hospital* OR patient*)) \
         -(title:(\"city hall\" OR \"town hall\" OR mairie OR Rathaus OR Stadtverwaltung OR \
           Stadtwerke OR \"school district\" OR county OR utility OR utilities OR \
           \"water district\" OR universit* OR \"municipal services\" OR \"city of\") \
           -title:(hospital* OR clinic* OR Klinik* OR Universitätsklinik* OR Uniklinik* OR hôpital* OR \
             health* OR medical))",
    ),
    // A chipmaker's earnings are told by their own words, not by
    // "revenue", which also measures what a rule costs a toolmaker
    // ("Washington targets after-sales revenue in China"); "=quarterly"
    // because "quarterly" stems to "quarter", which a charge taken "in its
    // fiscal first quarter" also names; a quarter is also written "3Q28"
    // ("SMIC 3Q28 revenue up 14% on domestic demand").
    (
        // A chipmaker's earnings are no export news, unless its headline
        // cuts or loses something to a curb or a licence ("Nvidia Cuts
        // Sales Forecast by $4 Billion After Losing China License"), a
        // servicing "ban", or its lead lowers or cuts something over a
        // rule ("lowered its quarterly outlook because of Washington's new
        // rule"; not sales "smaller due to U.S. export restrictions"): two
        // writers of three count that in (the sixty-fifth's and
        // sixty-sixth's; the forty-third's out). A ban on sales of chip
        // tools is a control too ("Washington has banned sales to China of
        // two more kinds of equipment used to make computer chips"). A
        // licensing dispute between two chip designers is a contract fight
        // ("Arm wins appeal against Qualcomm in chip licensing dispute").
        "chip-export-controls",
        "lead:(@chips OR /\\w+chips?\\b/) lead:(@export_controls OR \
         (@chips NEAR/5 (rule OR rules OR restrict* OR curb* OR tighten* OR @ban)) OR \
         (@ban NEAR/3 (sale OR sales OR selling OR shipments)) OR \
         (export* NEAR/4 (control* OR restrict* OR curb* OR @ban OR licen* OR rule* OR limit* \
         OR list* OR permit* OR approv* OR hurdle* OR Regel* OR règle*))) \
         -((title:(earnings OR results OR quarter* OR forecast* OR outlook OR =Q1 OR =Q2 OR =Q3 \
           OR =Q4 OR /[1-4]Q[0-9]{2}/ OR \
           ((revenue OR sales) NEAR/3 (jump* OR rise* OR rose OR fell OR fall* OR grew OR \
             climb* OR slump* OR drop*))) OR \
           lead:(earnings OR =quarterly OR profit* OR guidance OR \"gross margin\" OR \
           ((topped OR beat OR beats OR missed) NEAR/3 (forecast* OR estimate* OR expectations)))) \
           -(title:(curb* OR licen* OR permit* OR restrict* OR \"Entity List\" OR \"export controls\" OR \
               ban OR bans OR limit OR limits) \
             title:(cut OR cuts OR lower* OR trim* OR warn* OR slash* OR knock* OR hit OR hits OR \
               loses OR losing OR lost)) \
           -lead:((lower* OR cut OR cuts OR trim* OR slash*) NEAR/8 \
             (rule OR rules OR restrict* OR curb* OR ban OR bans))) \
         -(lead:(theft OR stealing OR stole OR \"trade secret\" OR \"trade secrets\" OR secrets OR espionage \
           OR leak) \
           -lead:export*) \
         -(lead:(open-weight OR open-source OR \"open weights\" OR Apache) -lead:(export* OR China OR Chinese)) \
         -(lead:(licensing NEAR/2 (dispute* OR fee* OR royalt*)) -lead:(export* OR China OR Chinese)) \
         -(title:(launch OR launches OR launched OR debut*) \
           -title:(probe OR investigation OR inquiry OR crackdown OR review))",
    ),
];
