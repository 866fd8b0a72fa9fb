//! A suite's tally: files parsed, errors, panics, expectations met.

use super::*;

pub(crate) enum Outcome {
    Parsed(ParsedFeed),
    Failed(ParseError),
    Panicked(String),
}

#[derive(Default)]
pub(crate) struct Suite {
    pub(crate) name: &'static str,
    pub(crate) files: usize,
    pub(crate) parsed: usize,
    pub(crate) errors: usize,
    pub(crate) panics: usize,
    pub(crate) expectations: usize,
    pub(crate) agree: usize,
    pub(crate) disagreements: Vec<String>,
    pub(crate) error_details: Vec<String>,
}

impl Suite {
    pub(crate) fn new(name: &'static str) -> Self {
        Suite {
            name,
            ..Suite::default()
        }
    }

    /// Parses one file and records the outcome.
    pub(crate) fn run(
        &mut self,
        path: &Path,
        body: &[u8],
        content_type: Option<&str>,
        base: &str,
    ) -> Outcome {
        self.files += 1;
        let outcome = match catch_unwind(AssertUnwindSafe(|| parse_feed(body, content_type, base)))
        {
            Ok(Ok(feed)) => Outcome::Parsed(feed),
            Ok(Err(ParseError::Panicked(msg))) => Outcome::Panicked(msg),
            Ok(Err(e)) => Outcome::Failed(e),
            Err(_) => Outcome::Panicked("panic escaped parse_feed".to_string()),
        };
        match &outcome {
            Outcome::Parsed(_) => self.parsed += 1,
            Outcome::Failed(e) => {
                self.errors += 1;
                self.error_details.push(format!("{}: {e}", path.display()));
            }
            Outcome::Panicked(msg) => {
                self.panics += 1;
                self.disagreements
                    .push(format!("PANIC {}: {msg}", path.display()));
            }
        }
        outcome
    }

    pub(crate) fn expect(
        &mut self,
        path: &Path,
        what: &str,
        agreed: bool,
        detail: impl FnOnce() -> String,
    ) {
        self.expectations += 1;
        if agreed {
            self.agree += 1;
        } else {
            self.disagreements
                .push(format!("{} {what}: {}", path.display(), detail()));
        }
    }

    /// Agreement in percent; no expectations is 0%, not 100% (only a
    /// parse-only suite, with a floor of 0, may have none).
    pub(crate) fn percent(&self) -> f64 {
        if self.expectations == 0 {
            0.0
        } else {
            100.0 * self.agree as f64 / self.expectations as f64
        }
    }

    pub(crate) fn report(&self) -> String {
        format!(
            "corpus {}: files={} parsed={} errors={} panics={} expectations={} agree={} ({:.1}%)",
            self.name,
            self.files,
            self.parsed,
            self.errors,
            self.panics,
            self.expectations,
            self.agree,
            self.percent()
        )
    }
}
