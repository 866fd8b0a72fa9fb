//! `[[sink]]` entries: where alerts go, and everything specific to each sink
//! type. Validation reports every problem with its location.

use std::time::Duration;

use url::Url;

use super::error::Diagnostics;
use std::collections::BTreeMap;

use serde::Deserialize;

use super::raw::S;
use super::{check_name, optional_duration};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSink {
    pub name: S<String>,
    #[serde(rename = "type")]
    pub kind: S<String>,
    pub url: Option<S<String>>,
    pub timeout: Option<S<String>>,
    pub headers: Option<S<BTreeMap<String, String>>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SinkConfig {
    pub name: String,
    pub kind: SinkKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SinkKind {
    /// One JSON object a line on standard output.
    Stdout,
    Webhook(WebhookConfig),
}

#[derive(Debug, Clone, PartialEq)]
pub struct WebhookConfig {
    pub url: Url,
    pub timeout: Duration,
    pub headers: Vec<(String, String)>,
}

pub(crate) fn sink_config(diags: &mut Diagnostics, index: usize, raw: &RawSink) -> Option<SinkConfig> {
    let name_ok = check_name(diags, &raw.name, format!("sink[{index}].name"));
    let kind = match raw.kind.get_ref().as_str() {
        "stdout" => {
            for (key, present) in [
                ("url", raw.url.as_ref().map(|v| v.span())),
                ("timeout", raw.timeout.as_ref().map(|v| v.span())),
                ("headers", raw.headers.as_ref().map(|v| v.span())),
            ] {
                if let Some(span) = present {
                    diags.push(
                        span,
                        format!("sink[{index}].{key}"),
                        format!("`{key}` does not apply to a sink of type \"stdout\""),
                    );
                }
            }
            Some(SinkKind::Stdout)
        }
        "webhook" => {
            let url = match &raw.url {
                None => {
                    diags.push(
                        raw.name.span(),
                        format!("sink[{index}].url"),
                        "a webhook sink needs `url`, e.g. url = \"https://example.org/hook\"",
                    );
                    None
                }
                Some(url) => match Url::parse(url.get_ref()) {
                    Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {
                        Some(u)
                    }
                    Ok(_) => {
                        diags.push(
                            url.span(),
                            format!("sink[{index}].url"),
                            "expected an http:// or https:// URL with a host",
                        );
                        None
                    }
                    Err(e) => {
                        diags.push(
                            url.span(),
                            format!("sink[{index}].url"),
                            format!("`{}` is not a valid URL: {e}", url.get_ref()),
                        );
                        None
                    }
                },
            };
            let timeout = optional_duration(diags, &raw.timeout, &format!("sink[{index}].timeout"))
                .unwrap_or(Duration::from_secs(10));
            let mut headers = Vec::new();
            if let Some(map) = &raw.headers {
                for (k, v) in map.get_ref() {
                    let valid = reqwest::header::HeaderName::from_bytes(k.as_bytes()).is_ok()
                        && reqwest::header::HeaderValue::from_str(v).is_ok();
                    if !valid {
                        diags.push(
                            map.span(),
                            format!("sink[{index}].headers.{k}"),
                            "not a valid HTTP header name or value",
                        );
                    }
                    headers.push((k.clone(), v.clone()));
                }
            }
            url.map(|url| {
                SinkKind::Webhook(WebhookConfig {
                    url,
                    timeout,
                    headers,
                })
            })
        }
        other => {
            diags.push(
                raw.kind.span(),
                format!("sink[{index}].type"),
                format!("unknown sink type `{other}`; expected \"webhook\" or \"stdout\""),
            );
            None
        }
    };
    if !name_ok {
        return None;
    }
    Some(SinkConfig {
        name: raw.name.get_ref().clone(),
        kind: kind?,
    })
}

