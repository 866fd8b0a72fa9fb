//! Secrets stay out of `check` output, `Debug` and delivery errors; `${ENV}`
//! and `$CREDENTIALS_DIRECTORY`, through the binary.

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use feedwatch::alert::{DeliveryError, Sink};
use feedwatch::config::Config;

use crate::support::*;

use super::*;

const SECRET_WORDS: &[&str] = &[
    "SECRETPATH",
    "SECRETQUERY",
    "SECRETHEADER",
    "SECRETPASSWORD",
    "SECRETUSER",
    "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
];

fn assert_no_secret(text: &str, what: &str) {
    for word in SECRET_WORDS {
        assert!(
            !text.contains(word),
            "{what} shows the secret {word}:\n{text}"
        );
    }
}

fn secret_config(hook: &str) -> String {
    format!(
        r#"[storage]
path = "fw.db"

[[sink]]
name = "hook"
type = "webhook"
url = "{hook}"
headers = {{ Authorization = "Bearer SECRETHEADER" }}
secret = "{KEY_NEW}"

[[sink]]
name = "mail"
type = "email"
url = "smtp://mail.example.org:587"
username = "SECRETUSER"
password = "SECRETPASSWORD"
from = "alerts@example.org"
to = "ops@example.org"
"#
    )
}

#[test]
fn secrets_stay_out_of_check_output_and_debug() {
    let ws = Workspace::new();
    let cfg = ws.config(&secret_config(
        "https://hooks.example.org/services/SECRETPATH?token=SECRETQUERY",
    ));
    let out = run_binary(
        &["check", "--config", cfg.to_str().expect("utf-8")],
        Duration::from_secs(30),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "check failed:\n{stdout}\n{stderr}");
    assert!(
        stdout.contains(
            "sink  hook  webhook https://hooks.example.org/… format json, signed with 1 key"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "sink  mail  email smtp://mail.example.org:587 (starttls) to ops@example.org"
        ),
        "{stdout}"
    );
    assert_no_secret(&stdout, "check stdout");
    assert_no_secret(&stderr, "check stderr");

    let config = Config::load(&cfg).expect("loads");
    assert_no_secret(&format!("{config:?}"), "Debug of the config");
    assert_no_secret(&format!("{config:#?}"), "pretty Debug of the config");
    let sinks: Vec<Sink> = config
        .sinks
        .iter()
        .map(|s| Sink::build(s, "t").expect("builds"))
        .collect();
    assert_no_secret(&format!("{sinks:?}"), "Debug of the sinks");

    // A broken config: the messages name the problem, not the values.
    let broken = secret_config("https://hooks.example.org/SECRETPATH")
        .replace(KEY_NEW, "whsec_SECRETPATH")
        .replace("Bearer SECRETHEADER", "Bearer SECRETHEADER\\n");
    let cfg = ws.config(&broken);
    let out = run_binary(
        &["check", "--config", cfg.to_str().expect("utf-8")],
        Duration::from_secs(30),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("sink[0].secret") && stderr.contains("sink[0].headers.Authorization"),
        "{stderr}"
    );
    assert_no_secret(&stderr, "check errors");
    assert_no_secret(
        &String::from_utf8_lossy(&out.stdout),
        "check errors (stdout)",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_stay_out_of_delivery_errors() {
    let server = TestServer::start().await;
    server.route("/services/SECRETPATH", vec![Canned::status(401)]);
    let ws = Workspace::new();
    let message = &messages()[0];
    let url = format!("{}?token=SECRETQUERY", server.url("/services/SECRETPATH"));
    let config = Config::parse(&secret_config(&url), &ws.path("feedwatch.toml")).expect("valid");
    let sink = Sink::build(&config.sinks[0], "t").expect("builds");
    match sink.send(message).await {
        Err(DeliveryError::Permanent { reason }) => {
            assert!(
                reason.contains("HTTP 401") && reason.contains("status 401"),
                "{reason}"
            );
            assert_no_secret(&reason, "a 401 error");
        }
        other => panic!("401 must be permanent, got {other:?}"),
    }
    // Network failure: reqwest names the URL; our error must not.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    let url = format!("http://127.0.0.1:{port}/services/SECRETPATH?token=SECRETQUERY");
    let config = Config::parse(&secret_config(&url), &ws.path("feedwatch.toml")).expect("valid");
    match Sink::build(&config.sinks[0], "t")
        .expect("builds")
        .send(message)
        .await
    {
        Err(DeliveryError::Retry { reason, .. }) => assert_no_secret(&reason, "a connection error"),
        other => panic!("connection refused must be Retry, got {other:?}"),
    }
}

// ---- ${ENV} and $CREDENTIALS_DIRECTORY, through the binary -------------------------------

fn run_with_env(args: &[&str], env: &[(&str, &str)], timeout: Duration) -> Output {
    let mut command = Command::new(binary());
    command
        .args(args)
        .env("RUST_LOG", "info")
        .env_remove("CREDENTIALS_DIRECTORY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command.spawn().expect("spawn feedwatch");
    let deadline = Instant::now() + timeout;
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() >= deadline {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn env_variables_and_credentials_directory() {
    let server = TestServer::start().await;
    server.route(
        "/wire.xml",
        vec![Canned::ok(wire_feed(
            "nato-1",
            "https://news.example.org/openai-nato",
        ))],
    );
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let credentials = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        credentials.path().join("hook-key"),
        format!("{KEY_NEW}\n{KEY_OLD}\n"),
    )
    .expect("write key");
    let text = format!(
        "[storage]\npath = \"fw.db\"\n\n[[feed]]\nname = \"wire\"\nurl = \"{}\"\n\n[[topic]]\nname = \"defense-ai-contracts\"\nquery = '{TOPIC_QUERY}'\n\n[[sink]]\nname = \"ops\"\ntype = \"webhook\"\nurl = \"http://127.0.0.1:${{FW_TEST_PORT}}/hook\"\nheaders = {{ Authorization = \"Bearer ${{FW_TEST_TOKEN}}\" }}\nsecret_file = \"hook-key\"\n",
        server.url("/wire.xml")
    );
    let cfg = ws.config(&text);
    let cfg_arg = cfg.to_str().expect("utf-8").to_string();
    let port = server.addr.port().to_string();
    let creds = credentials.path().to_str().expect("utf-8").to_string();

    // Without the variables: config errors naming them (not values).
    let out = tokio::task::spawn_blocking({
        let cfg_arg = cfg_arg.clone();
        let creds = creds.clone();
        move || {
            run_with_env(
                &["check", "--config", &cfg_arg],
                &[("CREDENTIALS_DIRECTORY", &creds)],
                Duration::from_secs(30),
            )
        }
    })
    .await
    .expect("join");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success());
    assert!(
        stderr.contains("environment variable `FW_TEST_PORT` is not set"),
        "{stderr}"
    );
    assert!(
        stderr.contains("environment variable `FW_TEST_TOKEN` is not set"),
        "{stderr}"
    );

    // Without $CREDENTIALS_DIRECTORY the key file is looked up beside the config.
    let out = tokio::task::spawn_blocking({
        let cfg_arg = cfg_arg.clone();
        let port = port.clone();
        move || {
            run_with_env(
                &["check", "--config", &cfg_arg],
                &[
                    ("FW_TEST_PORT", &port),
                    ("FW_TEST_TOKEN", "tok-SECRETHEADER"),
                ],
                Duration::from_secs(30),
            )
        }
    })
    .await
    .expect("join");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        stderr.contains("sink[0].secret_file")
            && stderr.contains(&ws.path("hook-key").display().to_string()),
        "{stderr}"
    );

    // With everything set: one signed alert with the expanded header.
    let out = tokio::task::spawn_blocking(move || {
        run_with_env(
            &["run", "--once", "--config", &cfg_arg],
            &[
                ("FW_TEST_PORT", &port),
                ("FW_TEST_TOKEN", "tok-SECRETHEADER"),
                ("CREDENTIALS_DIRECTORY", &creds),
            ],
            Duration::from_secs(60),
        )
    })
    .await
    .expect("join");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "run --once failed:\n{stderr}");
    assert_no_secret(&stderr, "the daemon's logs");
    let got = server.wait_for("/hook", 1, Duration::from_secs(10)).await;
    assert_eq!(got.len(), 1, "{stderr}");
    assert_eq!(
        got[0].headers.get("authorization").map(String::as_str),
        Some("Bearer tok-SECRETHEADER")
    );
    let headers = header_map(&got[0].headers);
    for key in [KEY_NEW, KEY_OLD] {
        standardwebhooks::Webhook::new(key)
            .expect("key")
            .verify(&got[0].body, &headers)
            .expect("signed with the file's keys");
    }
}

/// The PostgreSQL `password_file`, relative, is read from
/// `$CREDENTIALS_DIRECTORY` when that is set, like every secret file, and
/// from the config's folder otherwise. (Nothing listens on port 1: with the
/// password read, the connection is what fails.)
#[test]
fn a_relative_storage_password_file_follows_the_credentials_directory() {
    let ws = Workspace::new();
    let credentials = tempfile::tempdir().expect("temp dir");
    std::fs::write(credentials.path().join("db-password"), "s3cret\n").expect("write");
    let cfg = ws.config(
        "[storage]\nurl = \"postgres://feedwatch@127.0.0.1:1/feedwatch?connect_timeout=5\"\npassword_file = \"db-password\"\n\n[[feed]]\nname = \"wire\"\nurl = \"https://example.org/f.xml\"\n",
    );
    let cfg = cfg.to_str().expect("utf-8");
    let creds = credentials.path().to_str().expect("utf-8");
    let out = run_with_env(
        &["feeds", "--config", cfg],
        &[("CREDENTIALS_DIRECTORY", creds)],
        Duration::from_secs(30),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("error connecting to server")
            && !stderr.contains("cannot read the password"),
        "{stderr}"
    );
    // Without it: beside the config, where there is no such file.
    let out = run_with_env(&["feeds", "--config", cfg], &[], Duration::from_secs(30));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let beside = ws.path("db-password");
    assert!(
        stderr.contains(&format!(
            "cannot read the password from {}",
            beside.display()
        )),
        "{stderr}"
    );
}
