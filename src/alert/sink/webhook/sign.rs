//! Standard Webhooks signatures (standardwebhooks.com): `webhook-signature:
//! v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, one signature per
//! key, space-separated, so receivers keep working while keys rotate.
//!
//! Keys are written `whsec_<base64>`; the HMAC key is the decoded bytes.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

const PREFIX: &str = "whsec_";
/// The spec asks for keys of 24 to 64 bytes.
const MIN_KEY_BYTES: usize = 24;
const MAX_KEY_BYTES: usize = 64;

/// A secret that is not a valid Standard Webhooks key; the message
/// describes the problem, never the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct KeyError(String);

/// A decoded signing key. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningKey(Vec<u8>);

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(<redacted>)")
    }
}

impl SigningKey {
    /// Parses `whsec_<base64>` (the prefix is optional, as in the reference
    /// libraries). The error describes the problem, never the key.
    pub fn parse(text: &str) -> Result<SigningKey, KeyError> {
        let text = text.trim();
        let encoded = text.strip_prefix(PREFIX).unwrap_or(text);
        let key = STANDARD.decode(encoded).map_err(|_| {
            KeyError("is not a Standard Webhooks secret; expected `whsec_` followed by base64 (e.g. from `openssl rand -base64 32`)".to_string())
        })?;
        if !(MIN_KEY_BYTES..=MAX_KEY_BYTES).contains(&key.len()) {
            return Err(KeyError(format!(
                "decodes to {} bytes; a Standard Webhooks secret must be {MIN_KEY_BYTES} to {MAX_KEY_BYTES} bytes",
                key.len()
            )));
        }
        Ok(SigningKey(key))
    }

    /// `v1,<base64 signature>` of `<id>.<timestamp>.<body>`.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        // HMAC accepts keys of any length, so this cannot fail.
        let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0) else {
            return String::new();
        };
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
    }
}

/// The `webhook-signature` header value: one `v1,...` per key, space-separated.
pub(crate) fn signature_header(
    keys: &[SigningKey],
    id: &str,
    timestamp: i64,
    body: &[u8],
) -> String {
    keys.iter()
        .map(|key| key.sign(id, timestamp, body))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_spec_test_vector() {
        // The example from the Standard Webhooks reference implementations.
        let key = SigningKey::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").expect("valid key");
        assert_eq!(
            key.sign(
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330,
                br#"{"test": 2432232314}"#
            ),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn rejects_bad_keys_without_echoing_them() {
        let err = SigningKey::parse("whsec_not*base64*at-all")
            .expect_err("bad base64")
            .to_string();
        assert!(!err.contains("not*base64"), "{err}");
        let err = SigningKey::parse("whsec_c2hvcnQ=")
            .expect_err("too short")
            .to_string();
        assert!(err.contains("24 to 64 bytes"), "{err}");
        assert_eq!(
            format!(
                "{:?}",
                SigningKey::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
            ),
            "Ok(SigningKey(<redacted>))"
        );
    }

    #[test]
    fn several_keys_give_several_signatures() {
        let a = SigningKey::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").expect("valid key");
        let b = SigningKey::parse("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD").expect("valid key");
        let header = signature_header(&[a.clone(), b.clone()], "id", 1, b"{}");
        let parts: Vec<&str> = header.split(' ').collect();
        assert_eq!(parts, vec![a.sign("id", 1, b"{}"), b.sign("id", 1, b"{}")]);
    }
}
