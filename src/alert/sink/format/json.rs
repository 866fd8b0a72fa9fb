//! The `json` format (also stdout's line): an alert's payload unchanged;
//! a test's payload with `"test": true`; digests and summaries in an
//! envelope holding the payloads verbatim.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::rfc3339;
use crate::alert::sink::{DeliveryError, Outgoing, OutgoingKind};

#[derive(Serialize)]
struct Envelope<'a> {
    version: u32,
    kind: &'static str,
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    since: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    until: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    topic: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    folded: Option<usize>,
    alerts: Vec<&'a RawValue>,
}

pub(crate) fn json_body(message: &Outgoing) -> Result<String, DeliveryError> {
    let first = || {
        message
            .alerts
            .first()
            .ok_or_else(|| DeliveryError::permanent("message has no alert payload"))
    };
    match &message.kind {
        OutgoingKind::Alert => first().cloned(),
        OutgoingKind::Test => mark_test(first()?),
        OutgoingKind::Digest { since, until } => envelope(message, Some((*since, *until)), None),
        OutgoingKind::Summary { topic, folded } => envelope(message, None, Some((topic, *folded))),
    }
}

fn mark_test(payload: &str) -> Result<String, DeliveryError> {
    let mut object: serde_json::Map<String, Value> =
        serde_json::from_str(payload).map_err(|e| {
            DeliveryError::permanent(format!("stored alert payload is not a JSON object: {e}"))
        })?;
    if object.contains_key("test") {
        object.insert("test".to_string(), Value::Bool(true));
        return serde_json::to_string(&object)
            .map_err(|e| DeliveryError::permanent(format!("cannot serialize payload: {e}")));
    }
    // Keep the payload's bytes and key order: add the flag up front.
    let rest = payload.trim_start().strip_prefix('{').unwrap_or("}");
    let rest = rest.trim_start();
    Ok(if rest.starts_with('}') {
        format!("{{\"test\":true{rest}")
    } else {
        format!("{{\"test\":true,{rest}")
    })
}

fn envelope(
    message: &Outgoing,
    window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    summary: Option<(&String, usize)>,
) -> Result<String, DeliveryError> {
    let alerts = message
        .alerts
        .iter()
        .map(|text| {
            serde_json::from_str::<&RawValue>(text).map_err(|e| {
                DeliveryError::permanent(format!("stored alert payload is not valid JSON: {e}"))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let body = Envelope {
        version: crate::alert::payload::PAYLOAD_VERSION,
        kind: message.kind.name(),
        id: &message.delivery_id,
        since: window.map(|w| rfc3339(w.0)),
        until: window.map(|w| rfc3339(w.1)),
        topic: summary.map(|s| s.0.as_str()),
        folded: summary.map(|s| s.1),
        alerts,
    };
    serde_json::to_string(&body)
        .map_err(|e| DeliveryError::permanent(format!("cannot serialize message: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alert::sink::OutgoingKind;
    use crate::alert::sink::format::tests::message;
    use crate::alert::sink::template::SAMPLE_PAYLOAD;
    use serde_json::json;

    #[test]
    fn json_alert_is_the_payload_verbatim() {
        assert_eq!(
            json_body(&message(OutgoingKind::Alert, 1)),
            Ok(SAMPLE_PAYLOAD.to_string())
        );
    }

    #[test]
    fn json_test_adds_the_flag_and_keeps_the_rest() {
        let body = json_body(&message(OutgoingKind::Test, 1)).expect("body");
        assert!(body.starts_with("{\"test\":true,\"version\":1,"), "{body}");
        let value: Value = serde_json::from_str(&body).expect("valid JSON");
        assert_eq!(value["test"], json!(true));
        assert_eq!(value["topic"], json!("defense-ai-contracts"));
        assert_eq!(mark_test("{ }"), Ok("{\"test\":true}".to_string()));
    }

    #[test]
    fn json_digest_and_summary_envelopes() {
        let since = DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default();
        let until = since + chrono::TimeDelta::hours(24);
        let body = json_body(&message(OutgoingKind::Digest { since, until }, 2)).expect("body");
        assert!(body.starts_with(
            "{\"version\":1,\"kind\":\"digest\",\"id\":\"dlv-1\",\"since\":\"2023-11-14T22:13:20Z\",\"until\":\"2023-11-15T22:13:20Z\",\"alerts\":[{\"version\":1,"
        ), "{body}");
        assert!(body.contains(SAMPLE_PAYLOAD));
        let summary = json_body(&message(
            OutgoingKind::Summary {
                topic: "t".into(),
                folded: 7,
            },
            1,
        ))
        .expect("body");
        assert!(summary.starts_with(
            "{\"version\":1,\"kind\":\"summary\",\"id\":\"dlv-1\",\"topic\":\"t\",\"folded\":7,\"alerts\":["
        ), "{summary}");
        let broken = Outgoing {
            alerts: vec!["{nope".into()],
            ..message(
                OutgoingKind::Summary {
                    topic: "t".into(),
                    folded: 0,
                },
                0,
            )
        };
        assert!(matches!(
            json_body(&broken),
            Err(DeliveryError::Permanent { .. })
        ));
    }
}
