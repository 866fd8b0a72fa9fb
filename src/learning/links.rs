//! Signed feedback links: "relevant" / "not relevant" links in alert
//! messages (email, chat) that record a verdict without a login. Each link
//! carries an HMAC-SHA256 tag of the alert id and the verdict under a key
//! kept in the database (one key for every replica), so a link cannot be
//! forged for another alert or the other verdict.
//!
//! Opening a link shows a confirmation page; only its form records the
//! verdict (mail scanners fetch every link in a message, and a GET must not
//! change anything).

use hmac::{KeyInit, Mac};
use sha2::Sha256;
use url::Url;

use crate::model::AlertId;

/// The path under the UI's public URL: `feedback/<alert>/<verdict>?sig=..`.
pub const LINK_PREFIX: &str = "feedback/";

/// The settings row holding the key (hex).
pub const KEY_SETTING: &str = "feedback_link_key";

/// Hex digits of the tag kept in a link (128 bits).
const TAG_HEX: usize = 32;

/// Signs and checks feedback links.
#[derive(Clone, PartialEq)]
pub struct FeedbackLinks {
    base: Url,
    key: Vec<u8>,
}

impl std::fmt::Debug for FeedbackLinks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the key.
        f.debug_struct("FeedbackLinks")
            .field("base", &self.base.as_str())
            .finish_non_exhaustive()
    }
}

impl FeedbackLinks {
    /// Links under `public_url` (ends with `/`), signed with `key`.
    pub fn new(public_url: Url, key: &[u8]) -> FeedbackLinks {
        FeedbackLinks {
            base: public_url,
            key: key.to_vec(),
        }
    }

    /// From the key as stored (hex); `None` if it is not hex.
    pub fn from_stored(public_url: Url, hex: &str) -> Option<FeedbackLinks> {
        let key = crate::http::unhex(hex.trim())?;
        (key.len() >= 16).then(|| FeedbackLinks::new(public_url, &key))
    }

    /// The link recording `relevant` (or not) for `alert`.
    pub fn link(&self, alert: &AlertId, relevant: bool) -> Option<String> {
        let verdict = verdict_word(relevant);
        let mut url = self
            .base
            .join(&format!("{LINK_PREFIX}{}/{verdict}", alert.as_str()))
            .ok()?;
        url.query_pairs_mut()
            .append_pair("sig", &self.tag(alert.as_str(), verdict));
        Some(url.into())
    }

    /// Whether `sig` is this server's tag for `alert` and `verdict`
    /// (`relevant` or `irrelevant`), compared in constant time.
    pub fn verify(&self, alert: &str, verdict: &str, sig: &str) -> bool {
        let expected = self.tag(alert, verdict);
        crate::http::constant_time_eq(expected.as_bytes(), sig.as_bytes())
    }

    fn tag(&self, alert: &str, verdict: &str) -> String {
        let Ok(mut mac) = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(&self.key) else {
            // HMAC takes keys of any length; this branch cannot run.
            return String::new();
        };
        mac.update(b"feedwatch feedback\0");
        mac.update(alert.as_bytes());
        mac.update(b"\0");
        mac.update(verdict.as_bytes());
        let tag = mac.finalize().into_bytes();
        let mut hex: String = tag.iter().map(|b| format!("{b:02x}")).collect();
        hex.truncate(TAG_HEX);
        hex
    }
}

/// `relevant` or `irrelevant`, as links and the CLI spell it.
pub fn verdict_word(relevant: bool) -> &'static str {
    if relevant { "relevant" } else { "irrelevant" }
}

/// Reads a verdict word (`relevant`/`irrelevant`, and the spellings
/// people type: `yes`/`no`, `+`/`-`, `not-relevant`).
pub fn parse_verdict(word: &str) -> Option<bool> {
    match word.trim().to_ascii_lowercase().as_str() {
        "relevant" | "yes" | "y" | "+" | "good" | "up" => Some(true),
        "irrelevant" | "not-relevant" | "not_relevant" | "no" | "n" | "-" | "bad" | "down" => {
            Some(false)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links() -> FeedbackLinks {
        let base = Url::parse("https://fw.example.org/watch/").expect("url");
        FeedbackLinks::from_stored(base, "00112233445566778899aabbccddeeff").expect("key")
    }

    #[test]
    fn links_verify_only_for_their_alert_and_verdict() {
        let links = links();
        let alert = AlertId::new("01a2");
        let url = Url::parse(&links.link(&alert, false).expect("link")).expect("url");
        assert_eq!(url.path(), "/watch/feedback/01a2/irrelevant");
        let sig = url
            .query_pairs()
            .find(|(k, _)| k == "sig")
            .map(|(_, v)| v.into_owned())
            .expect("sig");
        assert_eq!(sig.len(), TAG_HEX);
        assert!(links.verify("01a2", "irrelevant", &sig));
        assert!(!links.verify("01a2", "relevant", &sig));
        assert!(!links.verify("01a3", "irrelevant", &sig));
        assert!(!links.verify("01a2", "irrelevant", &sig[..TAG_HEX - 1]));
        let other = FeedbackLinks::from_stored(
            Url::parse("https://fw.example.org/watch/").expect("url"),
            "ffeeddccbbaa99887766554433221100",
        )
        .expect("key");
        assert!(!other.verify("01a2", "irrelevant", &sig));
    }

    #[test]
    fn stored_keys_must_be_long_hex() {
        let base = Url::parse("https://x.example/").expect("url");
        assert!(FeedbackLinks::from_stored(base.clone(), "zz").is_none());
        assert!(FeedbackLinks::from_stored(base.clone(), "0011").is_none());
        assert!(FeedbackLinks::from_stored(base, "abc").is_none());
    }

    #[test]
    fn verdict_words() {
        assert_eq!(parse_verdict("Relevant"), Some(true));
        assert_eq!(parse_verdict("irrelevant"), Some(false));
        assert_eq!(parse_verdict("not-relevant"), Some(false));
        assert_eq!(parse_verdict("maybe"), None);
    }
}
