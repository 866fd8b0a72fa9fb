//! The W3C feed validator's test cases (valid and invalid feeds).

use super::*;

pub(crate) fn w3c(dir: &Path) -> Suite {
    let mut suite = Suite::new("w3c-feedvalidator");
    let mut valid: BTreeMap<String, ()> = BTreeMap::new();
    if let Ok(tsv) = std::fs::read_to_string(dir.join("manifest.tsv")) {
        for line in tsv.lines().skip(1) {
            let c: Vec<&str> = line.split('\t').collect();
            // "No Error-class event": a valid feed, which must parse.
            if c.len() >= 3 && c[1] == "absent" && c[2] == "Error" {
                valid.insert(c[0].to_string(), ());
            }
        }
    }
    for path in files_under(dir, &["xml"]) {
        let outcome = suite.run(&path, &read(&path), None, "");
        if valid.contains_key(&rel(dir, &path)) {
            let parsed = matches!(outcome, Outcome::Parsed(_));
            suite.expect(&path, "valid feed parses", parsed, || {
                outcome_error(&outcome)
            });
        }
    }
    suite
}
