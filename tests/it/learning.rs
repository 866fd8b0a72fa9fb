//! Topics that learn (issue 11), as a user meets them: verdicts given with
//! `feedwatch feedback` train the topic's model, which then holds back a new
//! look-alike (a bank's AI deal that recalls the vendor's Pentagon contract)
//! while new real defense deals still alert; `alerts --suppressed` lists
//! what was held back, `explain` says why, a verdict on a held-back item and
//! `--undo` work; and in the web UI the verdict buttons and the signed links
//! of an alert's payload record verdicts, while a changed link is refused.

use std::path::Path;
use std::time::Duration;

use crate::support::*;
use crate::web::{Running, client, eventually, parse_config};

const TOPIC: &str = "defense-ai";
const QUERY: &str = r#"(AI OR "artificial intelligence" OR OpenAI OR Anthropic) AND (Pentagon OR NATO OR military OR Army OR Navy OR "Air Force") AND (deal OR contract OR agreement)"#;
const WAIT: Duration = Duration::from_secs(20);

/// Real defense-AI deals: the topic's subject.
const RELEVANT: &[(&str, &str, &str)] = &[
    (
        "r1",
        "Anduril wins Pentagon contract for AI drone swarms",
        "The Pentagon awarded Anduril a contract for autonomous drone swarms guided by artificial intelligence.",
    ),
    (
        "r2",
        "Palantir signs NATO agreement for battlefield AI",
        "NATO signed an agreement with Palantir to run its AI targeting software across allied commands.",
    ),
    (
        "r3",
        "Shield AI lands military deal for pilotless jets",
        "The US military struck a deal with Shield AI to fly its AI pilot on F-16 test aircraft.",
    ),
    (
        "r4",
        "Scale AI gets Army contract to label combat data",
        "The Army awarded Scale AI a contract to prepare battlefield data for military AI models.",
    ),
    (
        "r5",
        "OpenAI agrees Pentagon deal for cyber defense tools",
        "OpenAI reached an agreement with the Pentagon to supply AI tools for cyber defense units.",
    ),
    (
        "r6",
        "Helsing wins NATO contract for AI sensor fusion",
        "NATO awarded Helsing a contract to fuse drone and radar feeds with artificial intelligence.",
    ),
    (
        "r7",
        "Anthropic signs defense deal with US Air Force",
        "The Air Force signed a deal with Anthropic to test Claude models in military planning.",
    ),
    (
        "r8",
        "Microsoft wins military AI contract for Army headsets",
        "The Army gave Microsoft a contract to add AI features to its combat headsets.",
    ),
];

/// Look-alikes: civilian AI deals that mention the vendor's defense work in
/// passing. Every one matches the query.
const IRRELEVANT: &[(&str, &str, &str)] = &[
    (
        "i1",
        "Lloyds bank signs AI deal with OpenAI for customer service",
        "Lloyds will use chatbots in its branches. The vendor, which struck a Pentagon agreement last month, will train staff.",
    ),
    (
        "i2",
        "Retailer Tesco picks Anthropic AI for shopping assistant",
        "Tesco shoppers get a chatbot next year. Anthropic, which recently signed a military deal, declined to comment.",
    ),
    (
        "i3",
        "Insurer Allianz rolls out Palantir AI for claims handling",
        "Allianz will process claims faster. Palantir, best known for its NATO contract, expects more insurers to follow.",
    ),
    (
        "i4",
        "HSBC bank adopts Scale AI tools for fraud checks",
        "HSBC will screen payments with new software. Scale AI also holds an Army contract.",
    ),
    (
        "i5",
        "Airline Lufthansa uses OpenAI chatbot for rebooking",
        "Lufthansa passengers can rebook by chat. OpenAI's Pentagon deal drew criticism last year.",
    ),
    (
        "i6",
        "Supermarket Carrefour tests Helsing AI for shelf stock",
        "Carrefour stores will count stock with cameras. Helsing is better known for its military contracts.",
    ),
];

/// The next day's news: two new deals, two new look-alikes.
const LATER: &[(&str, &str, &str)] = &[
    (
        "r9",
        "Saronic wins Navy contract for AI-guided drone boats",
        "The Navy awarded Saronic a contract for autonomous surface vessels steered by artificial intelligence.",
    ),
    (
        "r10",
        "Google signs Pentagon agreement for military AI cloud",
        "The Pentagon signed an agreement with Google to host military AI workloads.",
    ),
    (
        "i7",
        "Bank Barclays signs AI deal with Anthropic for mortgage advice",
        "Barclays customers will get mortgage chatbots. Anthropic, which holds a Pentagon contract, will staff the project.",
    ),
    (
        "i8",
        "Retailer Aldi adopts Palantir AI for store logistics",
        "Aldi will plan deliveries with new software. Palantir's NATO agreement was signed in spring.",
    ),
];

fn link(guid: &str) -> String {
    format!("https://news.example.org/{guid}")
}

fn feed(items: &[&(&str, &str, &str)]) -> String {
    let rows: Vec<(String, String, String, String)> = items
        .iter()
        .map(|(g, t, s)| (g.to_string(), link(g), t.to_string(), s.to_string()))
        .collect();
    let date = recent_date();
    let refs: Vec<(&str, &str, &str, &str, &str)> = rows
        .iter()
        .map(|(g, l, t, s)| {
            (
                g.as_str(),
                l.as_str(),
                t.as_str(),
                s.as_str(),
                date.as_str(),
            )
        })
        .collect();
    rss(&refs)
}

/// One item per story (`threshold = 1.0`): the look-alikes must reach the
/// model, not be folded into a deal's story.
fn config_text(server: &TestServer, http: &str) -> String {
    format!(
        "[storage]\npath = \"fw.db\"\n\n{http}\n[stories]\nthreshold = 1.0\n\n[[feed]]\nname = \"wire\"\nurl = \"{}\"\n\n[[topic]]\nname = \"{TOPIC}\"\nquery = '{QUERY}'\nlearn = \"filter\"\n\n[[sink]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"{}\"\n",
        server.url("/wire.xml"),
        server.url("/hook"),
    )
}

fn cli(cfg: &Path, args: &[&str]) -> (bool, String, String) {
    let mut all = vec![args[0], "--config", cfg.to_str().expect("utf-8 path")];
    all.extend_from_slice(&args[1..]);
    let out = run_binary(&all, Duration::from_secs(60));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn titles(server: &TestServer) -> Vec<String> {
    server
        .received("/hook")
        .iter()
        .map(|r| r.json()["item"]["title"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn verdicts_teach_the_topic_to_hold_back_look_alikes() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = runtime.block_on(TestServer::start());
    server.route("/hook", vec![Canned::ok("")]);
    let first: Vec<&(&str, &str, &str)> = RELEVANT.iter().chain(IRRELEVANT).collect();
    server.route("/wire.xml", vec![Canned::ok(feed(&first))]);
    let ws = Workspace::new();
    let cfg = ws.config(&config_text(&server, ""));

    // Day one: no verdicts, no model; every match alerts.
    run_once(&cfg);
    assert_eq!(titles(&server).len(), 14, "{:?}", titles(&server));

    // Too few verdicts: the model waits (and says so).
    let (ok, out, err) = cli(&cfg, &["feedback", &link("r1"), "relevant"]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("is relevant"), "{out}");
    assert!(
        out.contains("the model acts from verdicts on 12 stories"),
        "{out}"
    );
    assert!(
        out.contains("(needs 11 more, at least 3 relevant and 4 irrelevant)"),
        "{out}"
    );
    for (guid, _, _) in &RELEVANT[1..] {
        let (ok, out, err) = cli(&cfg, &["feedback", &link(guid), "relevant"]);
        assert!(ok, "{out}{err}");
    }
    for (guid, _, _) in IRRELEVANT {
        let (ok, out, err) = cli(
            &cfg,
            &[
                "feedback",
                &link(guid),
                "irrelevant",
                "--note",
                "only a passing mention",
            ],
        );
        assert!(ok, "{out}{err}");
    }
    let (ok, out, _) = cli(&cfg, &["feedback", "--topic", TOPIC, "--limit", "100"]);
    assert!(ok);
    assert!(
        out.contains("8 relevant, 6 irrelevant") && out.contains("the model acts"),
        "{out}"
    );
    assert!(out.contains("only a passing mention"), "{out}");

    // Day two: the new deals alert, the new look-alikes are held back.
    let second: Vec<&(&str, &str, &str)> = first.iter().copied().chain(LATER).collect();
    server.route("/wire.xml", vec![Canned::ok(feed(&second))]);
    run_once(&cfg);
    let sent = titles(&server);
    assert_eq!(sent.len(), 16, "{sent:?}");
    assert!(sent.iter().any(|t| t == LATER[0].1), "{sent:?}");
    assert!(sent.iter().any(|t| t == LATER[1].1), "{sent:?}");
    assert!(!sent.iter().any(|t| t == LATER[2].1 || t == LATER[3].1));
    let model = &server.received("/hook")[14].json()["model"];
    assert_eq!(model["decision"], "keep", "{model}");
    assert!(model["probability"].as_f64().is_some_and(|p| p > 0.5));

    // `try` runs the topic over stored items with the model as it is now.
    let (ok, out, err) = cli(&cfg, &["try", "--topic", TOPIC, "--since", "2d"]);
    assert!(ok, "{out}{err}");
    let marked = |title: &str| {
        out.lines()
            .skip_while(|l| !l.contains(title))
            .take(5)
            .any(|l| l.contains("HELD BACK"))
    };
    assert!(marked(LATER[2].1), "{out}");
    assert!(!marked(LATER[0].1), "{out}");

    let (ok, out, _) = cli(&cfg, &["alerts", "--suppressed"]);
    assert!(ok);
    assert!(out.contains("2 match(es) held back"), "{out}");
    // The JSON listing gives each key once (it printed `first_seen` twice).
    let (ok, json, _) = cli(&cfg, &["alerts", "--suppressed", "--json"]);
    assert!(ok);
    assert_eq!(json.matches("\"first_seen\"").count(), 2, "{json}");
    let listed: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert!(
        listed[0]["first_seen"].is_string() && listed[0]["model"]["probability"].is_number(),
        "{json}"
    );
    assert!(
        out.contains(LATER[2].1) && out.contains(LATER[3].1),
        "{out}"
    );
    let held = out
        .lines()
        .find(|l| l.contains(LATER[2].1))
        .and_then(|l| l.split_whitespace().next())
        .expect("the held-back item's id")
        .to_string();
    assert!(held.starts_with('#'), "{held}");

    // `explain` gives the model's probability next to the query's reasons.
    let (ok, out, err) = cli(&cfg, &["explain", "--topic", TOPIC, &held]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("model: p(relevant) = 0."), "{out}");
    assert!(
        out.contains("held back by the model when it was polled"),
        "{out}"
    );
    assert!(out.contains("what decided it"), "{out}");

    // The user disagrees with the model: the verdict is recorded and says the
    // alert is not sent after the fact; undo takes it back, once.
    let (ok, out, err) = cli(&cfg, &["feedback", &held, "relevant"]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("held back by the model"), "{out}");
    let id = out
        .strip_prefix("verdict ")
        .and_then(|rest| rest.split(':').next())
        .expect("verdict id")
        .to_string();
    assert!(out.contains("9 relevant, 6 irrelevant"), "{out}");
    let (ok, out, _) = cli(&cfg, &["feedback", "--undo", &id]);
    assert!(ok, "{out}");
    assert!(out.contains("undone: verdict"), "{out}");
    assert!(out.contains("8 relevant, 6 irrelevant"), "{out}");
    let (ok, _, err) = cli(&cfg, &["feedback", "--undo", &id]);
    assert!(!ok);
    assert!(err.contains(&format!("no verdict {id} in force")), "{err}");
    // A second verdict on one item replaces the first: the full list says
    // which was undone by hand and which was superseded, and by what.
    let verdict_id = |out: &str| {
        out.strip_prefix("verdict ")
            .and_then(|rest| rest.split(':').next())
            .expect("verdict id")
            .to_string()
    };
    let (ok, out, _) = cli(&cfg, &["feedback", &held, "irrelevant"]);
    assert!(ok, "{out}");
    let first = verdict_id(&out);
    let (ok, out, _) = cli(&cfg, &["feedback", &held, "relevant"]);
    assert!(ok, "{out}");
    let second = verdict_id(&out);
    let (ok, out, _) = cli(&cfg, &["feedback", "--all", "--topic", TOPIC]);
    assert!(ok);
    let line = |id: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(&format!("{id} ")))
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        line(&first).contains(&format!("[superseded by verdict {second}]")),
        "{out}"
    );
    assert!(line(&id).contains("[undone "), "{out}");
    assert!(
        !line(&second).contains("[undone") && !line(&second).contains("[superseded"),
        "{out}"
    );
    let (ok, json, _) = cli(&cfg, &["feedback", "--all", "--json", "--topic", TOPIC]);
    assert!(ok);
    let listed: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let by_id = |id: &str| {
        listed
            .as_array()
            .into_iter()
            .flatten()
            .find(|v| v["id"].as_i64().map(|n| n.to_string()).as_deref() == Some(id))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(by_id(&first)["superseded_by"].to_string(), second, "{json}");
    assert!(by_id(&id)["superseded_by"].is_null(), "{json}");

    // Mistakes get clear errors.
    let (ok, _, err) = cli(&cfg, &["feedback", "nope", "relevant"]);
    assert!(!ok);
    assert!(err.contains("no alert or stored item `nope`"), "{err}");
    let (ok, _, err) = cli(&cfg, &["feedback", &link("r1"), "maybe"]);
    assert!(!ok);
    assert!(
        err.contains("relevant") && err.contains("irrelevant"),
        "{err}"
    );
    // Nothing more was sent by any of this.
    assert_eq!(titles(&server).len(), 16);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_buttons_and_signed_links_record_verdicts() {
    let server = TestServer::start().await;
    server.route("/hook", vec![Canned::ok("")]);
    let items: Vec<&(&str, &str, &str)> = RELEVANT[..2].iter().chain(&IRRELEVANT[..1]).collect();
    server.route("/wire.xml", vec![Canned::ok(feed(&items))]);
    let ws = Workspace::new();
    let cfg = ws.config(&config_text(
        &server,
        "[http]\npublic_url = \"https://fw.example.org/\"\n",
    ));
    let running = Running::start(parse_config(&cfg)).await;
    let hooks = server.wait_for("/hook", 3, WAIT).await;
    assert_eq!(hooks.len(), 3, "three alerts");
    let http = client();

    // The payload carries a signed link per verdict, on the public URL.
    let bank = hooks
        .iter()
        .map(|r| r.json())
        .find(|p| p["item"]["title"] == IRRELEVANT[0].1)
        .expect("the bank alert");
    let alert_id = bank["id"].as_str().expect("alert id").to_string();
    let link = bank["feedback"]["irrelevant"]
        .as_str()
        .expect("an irrelevant link")
        .to_string();
    let path = link
        .strip_prefix("https://fw.example.org")
        .expect("on the public URL")
        .to_string();
    assert!(path.contains(&alert_id) && path.contains("sig="), "{path}");

    // Opening the link asks for confirmation; it records nothing yet (mail
    // scanners open links).
    let page = http.get(running.url(&path)).send().await.expect("get");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("Is this alert irrelevant?"), "{html}");
    assert!(html.contains(IRRELEVANT[0].1));
    let verdicts = |store: &feedwatch::store::Store| {
        store
            .backend()
            .verdicts(&Default::default(), 10)
            .expect("verdicts")
    };
    assert!(verdicts(&running.store).is_empty());

    // A changed signature, verdict or alert is refused.
    let forged = path.replace("sig=", "sig=00");
    let refused = http.get(running.url(&forged)).send().await.expect("get");
    assert_eq!(refused.status(), 403);
    let flipped = path.replace("/irrelevant?", "/relevant?");
    let refused = http.get(running.url(&flipped)).send().await.expect("get");
    assert_eq!(refused.status(), 403, "the signature is per verdict");

    // Confirming (the form's POST, with its CSRF token) records the verdict.
    let csrf = between(&html, "name=\"csrf\" value=\"", "\"").expect("csrf token");
    let sig = path.split("sig=").nth(1).expect("sig").to_string();
    let action = path.split('?').next().expect("path").to_string();
    let post = |token: String| {
        http.post(running.url(&action))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form(&[("sig", sig.as_str()), ("csrf", token.as_str())]))
            .send()
    };
    assert_eq!(post("1.abcd".into()).await.expect("post").status(), 403);
    assert!(
        verdicts(&running.store).is_empty(),
        "a forged form records nothing"
    );
    let done = post(csrf.clone()).await.expect("post");
    assert_eq!(done.status(), 200);
    let html = done.text().await.expect("html");
    assert!(html.contains("Recorded"), "{html}");
    let recorded = verdicts(&running.store);
    assert_eq!(recorded.len(), 1);
    assert_eq!(
        (recorded[0].relevant, recorded[0].source.as_str()),
        (false, "link")
    );

    // The web UI's buttons: the alerts page shows the verdict and offers
    // the other; a button press is a POST with the page's CSRF token.
    let page = http
        .get(running.url("/alerts"))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("Your verdict: <strong>irrelevant</strong>"),
        "{page}"
    );
    let csrf = between(&page, "name=\"csrf\" value=\"", "\"").expect("csrf token");
    let nato = hooks
        .iter()
        .map(|r| r.json())
        .find(|p| p["item"]["title"] == RELEVANT[1].1)
        .expect("the NATO alert");
    let nato_id = nato["id"].as_str().expect("id").to_string();
    let press = |token: String, verdict: &'static str| {
        http.post(running.url(&format!("/alerts/{nato_id}/verdict")))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form(&[
                ("csrf", token.as_str()),
                ("verdict", verdict),
                ("back", "/alerts"),
            ]))
            .send()
    };
    assert_eq!(
        press("1.abcd".into(), "relevant")
            .await
            .expect("post")
            .status(),
        403
    );
    assert_eq!(
        press(csrf.clone(), "maybe").await.expect("post").status(),
        400
    );
    let pressed = press(csrf.clone(), "relevant").await.expect("post");
    assert_eq!(pressed.status(), 303);
    let both = eventually(WAIT, || async { verdicts(&running.store).len() == 2 }).await;
    assert!(both, "{:?}", verdicts(&running.store));
    let web = verdicts(&running.store)
        .into_iter()
        .find(|v| v.source == "web")
        .expect("the button's verdict");
    assert!(web.relevant);
    assert_eq!(
        web.alert.as_ref().map(|a| a.as_str()),
        Some(nato_id.as_str())
    );
    running.stop().await;
}

/// The model judges only what the query matched, so an example or a
/// verdict on an item the query does not match cannot teach it anything:
/// `check` says so for text examples (with their line), the tools for item
/// examples once the item is stored, `feedback` for such a verdict (kept
/// and listed as not learned), and none counts towards the verdicts the
/// model needs.
#[test]
fn examples_the_query_does_not_match_are_left_out_and_said() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = runtime.block_on(TestServer::start());
    server.route("/hook", vec![Canned::ok("")]);
    let unrelated = (
        "u1",
        "Lloyds bank reports record quarterly profit",
        "Lloyds said lending margins widened as rates stayed high.",
    );
    let items: Vec<&(&str, &str, &str)> = vec![&RELEVANT[0], &IRRELEVANT[0], &unrelated];
    server.route("/wire.xml", vec![Canned::ok(feed(&items))]);
    let ws = Workspace::new();
    let text = format!(
        "[storage]\npath = \"fw.db\"\n\n[[feed]]\nname = \"wire\"\nurl = \"{}\"\n\n\
         [[topic]]\nname = \"{TOPIC}\"\nquery = '{QUERY}'\nlearn = \"filter\"\nexamples = [\n\
         {{ relevant = false, text = \"Bank signs AI deal with OpenAI\\nThe vendor, which struck a Pentagon agreement last month, will train staff.\" }},\n\
         {{ relevant = false, text = \"Navy orders two submarines\\nGeneral Dynamics wins a contract for the boats.\" }},\n\
         {{ relevant = true, item = \"{}\" }},\n\
         {{ relevant = true, item = \"{}\" }},\n\
         ]\n\n[[sink]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"{}\"\n",
        server.url("/wire.xml"),
        link("u1"),
        link("r1"),
        server.url("/hook"),
    );
    let cfg = ws.config(&text);
    let line_of = |needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .expect("the example's line")
    };

    let (ok, out, err) = cli(&cfg, &["check"]);
    assert!(ok, "{out}{err}");
    let warnings: Vec<&str> = out.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(warnings.len(), 1, "{out}");
    assert!(
        warnings[0].contains(&format!(
            ":{}: topic `{TOPIC}` examples[1]:",
            line_of("submarines")
        )) && warnings[0].contains("the query already leaves this irrelevant example out")
            && warnings[0].ends_with("left out"),
        "{out}"
    );

    run_once(&cfg);
    // With the database, `check` also says which item examples are left out.
    let (ok, out, err) = cli(&cfg, &["check"]);
    assert!(ok, "{out}{err}");
    let warnings: Vec<&str> = out.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(warnings.len(), 2, "{out}");
    assert!(
        warnings[1].contains("examples[2]: the query does not match this relevant example"),
        "{out}"
    );
    let (ok, out, err) = cli(&cfg, &["feedback", "--topic", TOPIC]);
    assert!(ok, "{out}{err}");
    let warned: Vec<&str> = err.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(warned.len(), 2, "{err}");
    assert!(warned[0].contains("examples[1]:"), "{err}");
    assert!(
        warned[1].contains(&format!(
            ":{}: topic `{TOPIC}` examples[2]:",
            line_of(&link("u1"))
        )) && warned[1].contains("the query does not match this relevant example")
            && warned[1].contains("feedwatch try"),
        "{err}"
    );
    // The two examples the query matches are what the model has.
    assert!(out.contains("1 relevant, 1 irrelevant"), "{out}");

    // A verdict on an item the query does not match is kept and listed,
    // but not learned from, and `feedback` says so; one on a match is.
    let (ok, out, err) = cli(
        &cfg,
        &["feedback", &link("u1"), "irrelevant", "--topic", TOPIC],
    );
    assert!(ok, "{out}{err}");
    assert!(
        out.contains(&format!(
            "note: the query of topic `{TOPIC}` does not match this item"
        )) && out.contains("the query already keeps it out"),
        "{out}"
    );
    assert!(out.contains("1 relevant, 1 irrelevant"), "{out}");
    let (ok, out, err) = cli(&cfg, &["feedback", &link("i1"), "irrelevant"]);
    assert!(ok, "{out}{err}");
    assert!(!out.contains("note:"), "{out}");
    assert!(out.contains("1 relevant, 2 irrelevant"), "{out}");
    let (ok, out, _) = cli(&cfg, &["feedback", "--topic", TOPIC]);
    assert!(ok);
    let line = |title: &str| {
        out.lines()
            .find(|l| l.contains(title))
            .unwrap_or_else(|| panic!("{title} listed: {out}"))
            .to_string()
    };
    assert!(line(unrelated.1).ends_with("[not learned: the query does not match it]"));
    assert!(!line(IRRELEVANT[0].1).contains("not learned"));

    // `explain` does not ask the model about an item the query does not
    // match; on a match, a model still learning shows no threshold.
    let (ok, out, err) = cli(&cfg, &["explain", "--topic", TOPIC, &link("u1")]);
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("model: not asked (the query does not match"),
        "{out}"
    );
    let (ok, out, err) = cli(&cfg, &["explain", "--topic", TOPIC, &link("r1")]);
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("model: p(relevant) = ") && out.contains("still learning"),
        "{out}"
    );
    assert!(!out.contains("holds back below"), "{out}");
    assert!(!out.contains("+0.00") && !out.contains("-0.00"), "{out}");

    // The JSON listing has each key once, and says what was learned from.
    let (ok, out, _) = cli(&cfg, &["feedback", "--json"]);
    assert!(ok);
    assert_eq!(out.matches("\"created_at\"").count(), 2, "{out}");
    let listed: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let learned = |title: &str| {
        listed
            .as_array()
            .and_then(|a| a.iter().find(|v| v["title"] == title))
            .map(|v| v["learned"].clone())
    };
    assert_eq!(
        learned(unrelated.1),
        Some(serde_json::json!(false)),
        "{out}"
    );
    assert_eq!(
        learned(IRRELEVANT[0].1),
        Some(serde_json::json!(true)),
        "{out}"
    );
    assert!(listed[0]["created_at"].is_string(), "{out}");
}

/// Two up-front examples naming two reports of one event are one story
/// to the model, as verdicts on them are: the model counts stories judged
/// before it acts, and a story's examples share a cross-validation fold.
#[test]
fn item_examples_of_one_story_count_once() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = runtime.block_on(TestServer::start());
    server.route("/hook", vec![Canned::ok("")]);
    let second_report = (
        "r1b",
        RELEVANT[0].1,
        "Anduril won a Pentagon contract to build autonomous drone swarms guided by artificial intelligence, the department said.",
    );
    let items: Vec<&(&str, &str, &str)> = vec![&RELEVANT[0], &second_report, &RELEVANT[1]];
    server.route("/wire.xml", vec![Canned::ok(feed(&items))]);
    let ws = Workspace::new();
    let text = format!(
        "[storage]\npath = \"fw.db\"\n\n[[feed]]\nname = \"wire\"\nurl = \"{}\"\n\n\
         [[topic]]\nname = \"{TOPIC}\"\nquery = '{QUERY}'\nlearn = \"filter\"\nexamples = [\n\
         {{ relevant = true, item = \"{}\" }},\n\
         {{ relevant = true, item = \"{}\" }},\n\
         {{ relevant = true, item = \"{}\" }},\n\
         ]\n\n[[sink]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"{}\"\n",
        server.url("/wire.xml"),
        link("r1"),
        link("r1b"),
        link("r2"),
        server.url("/hook"),
    );
    let cfg = ws.config(&text);
    run_once(&cfg);
    // The two reports of Anduril's contract are one story.
    let (ok, out, err) = cli(&cfg, &["stories", "--json"]);
    assert!(ok, "{out}{err}");
    let stories: serde_json::Value = serde_json::from_str(&out).expect("stories JSON");
    let sizes: Vec<usize> = stories
        .as_array()
        .expect("a list of stories")
        .iter()
        .map(|s| s["members"].as_array().map_or(0, Vec::len))
        .collect();
    assert!(sizes.contains(&2), "{out}");
    // Three relevant examples, on two stories: 10 more stories needed, 2
    // of them relevant (3 stories would leave 9, and 1).
    let (ok, out, err) = cli(&cfg, &["feedback", "--topic", TOPIC]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("3 relevant, 0 irrelevant"), "{out}");
    assert!(
        out.contains("needs 10 more, at least 2 relevant and 4 irrelevant"),
        "{out}"
    );
}
