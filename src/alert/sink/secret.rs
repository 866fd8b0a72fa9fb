//! Secrets in sink configs: a `Secret` type whose `Debug` never shows the
//! value, `${ENV_VAR}` expansion, `*_file` resolution (systemd's
//! `$CREDENTIALS_DIRECTORY` first), and URL redaction for logs and errors.
//!
//! **Invariant:** a secret's value is only ever read through
//! [`Secret::expose`], at the point where it goes on the wire. Error messages
//! built here name variables and paths, never values.

use std::fmt;
use std::path::Path;

use url::Url;

use crate::diagnostics::{Scope, Spanned};

/// A secret that could not be resolved; the message names the variable or
/// file, never a value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub(crate) struct SecretError(String);

/// A string that must not appear in logs, `check` output or errors.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Expands every `${NAME}` in `text` from `lookup` (the environment at config
/// load). `$` not followed by `{` is literal; `$${` is a literal `${`.
/// Errors name the variable, never a value.
pub(crate) fn expand_env_with(
    text: &str,
    lookup: impl Fn(&str) -> Result<String, std::env::VarError>,
) -> Result<String, SecretError> {
    expand_with(text, lookup).map_err(SecretError)
}

fn expand_with(
    text: &str,
    lookup: impl Fn(&str) -> Result<String, std::env::VarError>,
) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        let after = &rest[dollar + 1..];
        if let Some(escaped) = after.strip_prefix("${") {
            out.push_str("${");
            rest = escaped;
        } else if let Some(body) = after.strip_prefix('{') {
            let Some(end) = body.find('}') else {
                return Err(
                    "unterminated `${`; expected `${NAME}`, or `$${` for a literal `${`"
                        .to_string(),
                );
            };
            let name = &body[..end];
            let valid = name
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !valid {
                return Err(format!(
                    "`${{{name}}}` is not a valid variable reference; expected `${{NAME}}` with letters, digits and '_'"
                ));
            }
            match lookup(name) {
                Ok(value) => out.push_str(&value),
                Err(std::env::VarError::NotPresent) => {
                    return Err(format!("environment variable `{name}` is not set"));
                }
                Err(std::env::VarError::NotUnicode(_)) => {
                    return Err(format!("environment variable `{name}` is not valid UTF-8"));
                }
            }
            rest = &body[end + 1..];
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// [`expand_env_with`] over the process environment.
pub(crate) fn expand_env(text: &str) -> Result<String, SecretError> {
    expand_env_with(text, |name| std::env::var(name))
}

/// `${ENV}` expansion of a config value; on error, reports it at the value
/// and gives `None`.
pub(crate) fn expand(value: &Spanned<String>, key: &str, scope: &mut Scope) -> Option<String> {
    match expand_env(value.get_ref()) {
        Ok(v) => Some(v),
        Err(err) => {
            scope.push(value.span(), key, err.to_string());
            None
        }
    }
}

/// Reads a secret file, without its trailing line break. The error names the
/// path, not the content.
pub(crate) fn read_secret_file(path: &str, config_dir: &Path) -> Result<Secret, SecretError> {
    let full = crate::files::secret_path(path, config_dir);
    let text = crate::files::read_to_string_limited(&full, crate::files::MAX_SMALL_FILE_BYTES)
        .map_err(|e| SecretError(format!("cannot read secret file {}: {e}", full.display())))?;
    let value = text.trim_end_matches(['\r', '\n']);
    if value.trim().is_empty() {
        return Err(SecretError(format!(
            "secret file {} is empty",
            full.display()
        )));
    }
    Ok(Secret::new(value))
}

/// A URL fit for logs and errors: scheme, host and port only. Paths and
/// queries of chat webhooks (Slack, Discord, Teams) are credentials, and so
/// is any user:password.
pub(crate) fn redact_url(url: &Url) -> String {
    let host = match url.host_str() {
        Some(host) => host,
        None => return format!("{}:…", url.scheme()),
    };
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    let hidden = url.path() != "/" || url.query().is_some() || url.fragment().is_some();
    format!(
        "{}://{host}{port}{}",
        url.scheme(),
        if hidden { "/…" } else { "/" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Result<String, std::env::VarError> {
        match name {
            "TOKEN" => Ok("s3cr3t".to_string()),
            "EMPTY" => Ok(String::new()),
            _ => Err(std::env::VarError::NotPresent),
        }
    }

    #[test]
    fn expands_variables() {
        assert_eq!(
            expand_env_with("Bearer ${TOKEN}", env),
            Ok("Bearer s3cr3t".to_string())
        );
        assert_eq!(
            expand_env_with("${TOKEN}${EMPTY}-${TOKEN}", env),
            Ok("s3cr3t-s3cr3t".to_string())
        );
        assert_eq!(
            expand_env_with("cost $5, $${KEEP}", env),
            Ok("cost $5, ${KEEP}".to_string())
        );
        assert_eq!(
            expand_env_with("trailing $", env),
            Ok("trailing $".to_string())
        );
    }

    #[test]
    fn expansion_errors_name_the_variable_only() {
        let err = expand_env_with("${MISSING_VAR}", env)
            .expect_err("missing")
            .to_string();
        assert_eq!(err, "environment variable `MISSING_VAR` is not set");
        assert!(
            expand_env_with("${TOKEN", env)
                .expect_err("open")
                .to_string()
                .contains("unterminated")
        );
        assert!(
            expand_env_with("${1X}", env)
                .expect_err("bad name")
                .to_string()
                .contains("not a valid variable")
        );
        // A value that follows a bad reference never leaks into the message.
        let err = expand_env_with("${TOKEN} ${MISSING}", env)
            .expect_err("missing")
            .to_string();
        assert!(!err.contains("s3cr3t"), "{err}");
    }

    #[test]
    fn debug_is_redacted() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
        assert_eq!(
            format!("{:?}", Some(vec![secret])),
            "Some([Secret(<redacted>)])"
        );
    }

    #[test]
    fn redacts_urls() {
        let url = |s: &str| Url::parse(s).expect("valid test URL");
        assert_eq!(
            redact_url(&url("https://hooks.slack.com/services/T0/B0/XYZ")),
            "https://hooks.slack.com/…"
        );
        assert_eq!(
            redact_url(&url("http://user:pw@127.0.0.1:8080/")),
            "http://127.0.0.1:8080/"
        );
        assert_eq!(
            redact_url(&url("https://ntfy.sh/?auth=abc")),
            "https://ntfy.sh/…"
        );
    }
}
