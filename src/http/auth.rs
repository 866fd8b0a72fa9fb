//! Authentication (`[http.auth]`: a bearer token, or a password checked
//! against a PBKDF2-SHA256 hash over HTTP Basic), CSRF tokens for forms, and
//! the OS random numbers both rest on.
//!
//! **Invariant:** secrets are compared in constant time (as HMAC tags or
//! SHA-256 digests), and neither a token nor a password is ever logged.

use std::collections::HashSet;
use std::sync::Mutex;

use base64::Engine;
use hmac::{KeyInit, Mac};
use sha2::{Digest, Sha256};

use crate::alert::sink::secret::Secret;

type HmacSha256 = hmac::Hmac<Sha256>;

/// How requests prove who they are.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpAuth {
    /// `Authorization: Bearer <token>`.
    pub token: Option<Secret>,
    /// `Authorization: Basic` with any user name and this password.
    pub password: Option<PasswordHash>,
}

/// `pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>`.
#[derive(Debug, Clone, PartialEq)]
pub struct PasswordHash {
    iterations: u32,
    salt: Vec<u8>,
    hash: Vec<u8>,
}

impl PasswordHash {
    pub fn parse(text: &str) -> Result<PasswordHash, String> {
        let expected = "expected pbkdf2-sha256$ITERATIONS$SALT$HASH (base64), as the README's command prints it";
        let parts: Vec<&str> = text.trim().split('$').collect();
        let [scheme, iterations, salt, hash] = parts.as_slice() else {
            return Err(expected.to_string());
        };
        if *scheme != "pbkdf2-sha256" {
            return Err(format!("unknown scheme `{scheme}`; {expected}"));
        }
        let iterations: u32 = iterations
            .parse()
            .ok()
            .filter(|n| *n >= 10_000)
            .ok_or_else(|| format!("iterations must be a number of at least 10000; {expected}"))?;
        let decode = |s: &str| {
            base64::engine::general_purpose::STANDARD_NO_PAD
                .decode(s.trim_end_matches('='))
                .map_err(|_| format!("invalid base64; {expected}"))
        };
        let salt = decode(salt)?;
        let hash = decode(hash)?;
        if salt.len() < 8 || hash.len() != 32 {
            return Err(format!(
                "the salt must have at least 8 bytes and the hash 32; {expected}"
            ));
        }
        Ok(PasswordHash {
            iterations,
            salt,
            hash,
        })
    }

    /// A hash of `password` with a fresh salt (tests, and the README's example).
    pub fn create(password: &str, iterations: u32) -> String {
        let salt = random_bytes::<16>();
        let hash = pbkdf2_sha256(password.as_bytes(), &salt, iterations);
        let b64 = base64::engine::general_purpose::STANDARD;
        format!(
            "pbkdf2-sha256${iterations}${}${}",
            b64.encode(salt),
            b64.encode(hash)
        )
    }

    fn verify(&self, password: &str) -> bool {
        let computed = pbkdf2_sha256(password.as_bytes(), &self.salt, self.iterations);
        constant_time_eq(&computed, &self.hash)
    }
}

/// PBKDF2 (RFC 8018) with HMAC-SHA256, one 32-byte block.
fn pbkdf2_sha256(password: &[u8], salt: &[u8], iterations: u32) -> [u8; 32] {
    let Ok(keyed) = HmacSha256::new_from_slice(password) else {
        return [0; 32];
    };
    let mut mac = keyed.clone();
    mac.update(salt);
    mac.update(&1u32.to_be_bytes());
    let mut u: [u8; 32] = mac.finalize().into_bytes().into();
    let mut out = u;
    for _ in 1..iterations {
        let mut mac = keyed.clone();
        mac.update(&u);
        u = mac.finalize().into_bytes().into();
        for (o, x) in out.iter_mut().zip(u.iter()) {
            *o ^= x;
        }
    }
    out
}

/// Equal-length comparison whose time does not depend on where bytes differ.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `N` bytes from the operating system's CSPRNG.
pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    if getrandom::fill(&mut buf).is_err() {
        // No OS randomness means no safe secrets: refuse to go on.
        panic!("the operating system's random number generator failed");
    }
    buf
}

/// A random token of `N` bytes, hex-encoded (callback ids, WebSub secrets).
pub(crate) fn random_token<const N: usize>() -> String {
    random_bytes::<N>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks `Authorization` headers; remembers headers that passed the slow
/// password check (as SHA-256 digests) so a browser's repeated requests stay fast.
#[derive(Debug)]
pub(crate) struct Authenticator {
    auth: Option<HttpAuth>,
    verified: Mutex<HashSet<[u8; 32]>>,
}

/// What the `WWW-Authenticate` header of a 401 asks for.
pub(crate) fn challenge(auth: &HttpAuth) -> &'static str {
    if auth.password.is_some() {
        "Basic realm=\"feedwatch\", charset=\"UTF-8\""
    } else {
        "Bearer realm=\"feedwatch\""
    }
}

impl Authenticator {
    pub(crate) fn new(auth: Option<HttpAuth>) -> Authenticator {
        Authenticator {
            auth,
            verified: Mutex::new(HashSet::new()),
        }
    }

    pub(crate) fn config(&self) -> Option<&HttpAuth> {
        self.auth.as_ref()
    }

    /// Whether a request with this `Authorization` value may proceed
    /// (always, when no auth is configured).
    pub(crate) fn allows(&self, header: Option<&str>) -> bool {
        let Some(auth) = &self.auth else {
            return true;
        };
        let Some(header) = header else {
            return false;
        };
        let digest: [u8; 32] = Sha256::digest(header.as_bytes()).into();
        if let Some(token) = &auth.token
            && let Some(given) = strip_scheme(header, "bearer")
        {
            let expected: [u8; 32] = Sha256::digest(token.expose().as_bytes()).into();
            let given: [u8; 32] = Sha256::digest(given.trim().as_bytes()).into();
            return constant_time_eq(&expected, &given);
        }
        let Some(password) = &auth.password else {
            return false;
        };
        let Some(encoded) = strip_scheme(header, "basic") else {
            return false;
        };
        {
            let verified = self.lock();
            if verified.iter().any(|d| constant_time_eq(d, &digest)) {
                return true;
            }
        }
        let Some(decoded) = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
        else {
            return false;
        };
        let given = decoded.split_once(':').map_or("", |(_, p)| p);
        if password.verify(given) {
            let mut verified = self.lock();
            if verified.len() > 64 {
                verified.clear();
            }
            verified.insert(digest);
            return true;
        }
        false
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashSet<[u8; 32]>> {
        self.verified
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn strip_scheme<'h>(header: &'h str, scheme: &str) -> Option<&'h str> {
    let (given, rest) = header.trim().split_once(' ')?;
    given.eq_ignore_ascii_case(scheme).then_some(rest)
}

/// CSRF tokens: `<expiry>.<HMAC(process key, expiry)>`. Forms carry one; a
/// state-changing request without a valid, unexpired one is refused. The
/// key lives only in this process, so a restart invalidates old forms.
#[derive(Debug)]
pub(crate) struct Csrf {
    key: [u8; 32],
}

/// How long a form's token stays valid.
const CSRF_LIFETIME_SECS: i64 = 12 * 3600;

impl Csrf {
    pub(crate) fn new() -> Csrf {
        Csrf {
            key: random_bytes::<32>(),
        }
    }

    pub(crate) fn token(&self, now_secs: i64) -> String {
        let expiry = now_secs + CSRF_LIFETIME_SECS;
        format!("{expiry}.{}", hex(&self.tag(expiry)))
    }

    pub(crate) fn check(&self, token: &str, now_secs: i64) -> bool {
        let Some((expiry, tag)) = token.split_once('.') else {
            return false;
        };
        let Ok(expiry) = expiry.parse::<i64>() else {
            return false;
        };
        if expiry < now_secs || expiry > now_secs + CSRF_LIFETIME_SECS {
            return false;
        }
        let Some(tag) = unhex(tag) else {
            return false;
        };
        let Ok(mut mac) = HmacSha256::new_from_slice(&self.key) else {
            return false;
        };
        mac.update(expiry.to_string().as_bytes());
        mac.verify_slice(&tag).is_ok()
    }

    fn tag(&self, expiry: i64) -> Vec<u8> {
        let Ok(mut mac) = HmacSha256::new_from_slice(&self.key) else {
            return Vec::new();
        };
        mac.update(expiry.to_string().as_bytes());
        mac.finalize().into_bytes().to_vec()
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pbkdf2_matches_the_rfc_7914_vector() {
        // RFC 7914 section 11: PBKDF2-HMAC-SHA256("passwd", "salt", 1), first 32 bytes.
        let out = pbkdf2_sha256(b"passwd", b"salt", 1);
        assert_eq!(
            hex(&out),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
        );
    }

    #[test]
    fn passwords_and_tokens_are_checked() {
        let hash = PasswordHash::create("correct horse", 10_000);
        let auth = HttpAuth {
            token: Some(Secret::new("0123456789abcdef-token")),
            password: PasswordHash::parse(&hash).ok(),
        };
        let a = Authenticator::new(Some(auth));
        let basic = |p: &str| {
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("admin:{p}"))
            )
        };
        assert!(a.allows(Some(&basic("correct horse"))));
        assert!(a.allows(Some(&basic("correct horse"))), "cached");
        assert!(!a.allows(Some(&basic("wrong"))));
        assert!(a.allows(Some("Bearer 0123456789abcdef-token")));
        assert!(!a.allows(Some("Bearer 0123456789abcdef-tokeN")));
        assert!(!a.allows(None));
        assert!(Authenticator::new(None).allows(None));
    }

    #[test]
    fn csrf_tokens_expire_and_resist_forgery() {
        let csrf = Csrf::new();
        let token = csrf.token(1_000);
        assert!(csrf.check(&token, 1_000));
        assert!(!csrf.check(&token, 1_000 + CSRF_LIFETIME_SECS + 1));
        assert!(!Csrf::new().check(&token, 1_000), "another key");
        let forged = format!(
            "{}.{}",
            1_000 + 60,
            token.split_once('.').map_or("", |t| t.1)
        );
        assert!(!csrf.check(&forged, 1_000));
        assert!(!csrf.check("garbage", 1_000));
    }

    #[test]
    fn password_hashes_are_validated() {
        assert!(PasswordHash::parse("plain").is_err());
        assert!(PasswordHash::parse("pbkdf2-sha256$10$c2FsdHNhbHQ$AAAA").is_err());
        assert!(PasswordHash::parse(&PasswordHash::create("x", 10_000)).is_ok());
    }
}
