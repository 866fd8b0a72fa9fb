//! `X-Hub-Signature: <method>=<hex HMAC of the body>` (W3C WebSub §8):
//! verified with the subscription's secret, in constant time, for sha1,
//! sha256, sha384 and sha512.

use hmac::{KeyInit, Mac};

/// Why pushed content was not accepted as coming from the hub.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureError {
    /// No `X-Hub-Signature` header.
    Missing,
    /// A method other than sha1, sha256, sha384 or sha512, or a malformed value.
    Unsupported,
    /// The HMAC does not match: forged, or signed with another secret.
    Mismatch,
}

impl SignatureError {
    /// The metric label.
    pub fn key(self) -> &'static str {
        match self {
            SignatureError::Missing => "unsigned",
            SignatureError::Unsupported | SignatureError::Mismatch => "bad_signature",
        }
    }
}

/// Checks `header` (the `X-Hub-Signature` value) against `body`.
pub fn verify(header: Option<&str>, secret: &[u8], body: &[u8]) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    let (method, hex) = header
        .trim()
        .split_once('=')
        .ok_or(SignatureError::Unsupported)?;
    let tag = unhex(hex.trim()).ok_or(SignatureError::Unsupported)?;
    let ok = match method.trim().to_ascii_lowercase().as_str() {
        "sha1" => check::<hmac::Hmac<sha1::Sha1>>(secret, body, &tag),
        "sha256" => check::<hmac::Hmac<sha2::Sha256>>(secret, body, &tag),
        "sha384" => check::<hmac::Hmac<sha2::Sha384>>(secret, body, &tag),
        "sha512" => check::<hmac::Hmac<sha2::Sha512>>(secret, body, &tag),
        _ => return Err(SignatureError::Unsupported),
    };
    if ok {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// `verify_slice` compares in constant time.
fn check<M: Mac + KeyInit>(secret: &[u8], body: &[u8], tag: &[u8]) -> bool {
    let Ok(mut mac) = <M as KeyInit>::new_from_slice(secret) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(tag).is_ok()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    crate::http::unhex(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign<M: Mac + KeyInit>(secret: &[u8], body: &[u8]) -> String {
        let Ok(mut mac) = <M as KeyInit>::new_from_slice(secret) else {
            return String::new();
        };
        mac.update(body);
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    #[test]
    fn every_method_verifies_and_rejects_forgeries() {
        let body = b"<feed/>";
        let cases = [
            ("sha1", sign::<hmac::Hmac<sha1::Sha1>>(b"k", body)),
            ("sha256", sign::<hmac::Hmac<sha2::Sha256>>(b"k", body)),
            ("sha384", sign::<hmac::Hmac<sha2::Sha384>>(b"k", body)),
            ("sha512", sign::<hmac::Hmac<sha2::Sha512>>(b"k", body)),
        ];
        for (method, hex) in cases {
            let header = format!("{method}={hex}");
            assert_eq!(verify(Some(&header), b"k", body), Ok(()), "{method}");
            assert_eq!(
                verify(Some(&header), b"other", body),
                Err(SignatureError::Mismatch),
                "{method}"
            );
            assert_eq!(
                verify(Some(&header), b"k", b"<feed>changed</feed>"),
                Err(SignatureError::Mismatch)
            );
        }
        // RFC 4231 test case 2 (HMAC-SHA256, key "Jefe").
        assert_eq!(
            verify(
                Some("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
                b"Jefe",
                b"what do ya want for nothing?"
            ),
            Ok(())
        );
        assert_eq!(verify(None, b"k", body), Err(SignatureError::Missing));
        assert_eq!(
            verify(Some("md5=00"), b"k", body),
            Err(SignatureError::Unsupported)
        );
        assert_eq!(
            verify(Some("sha256=zz"), b"k", body),
            Err(SignatureError::Unsupported)
        );
        assert_eq!(
            verify(Some("nonsense"), b"k", body),
            Err(SignatureError::Unsupported)
        );
    }
}
