//! feedwatch: watches RSS, Atom and JSON feeds, finds the stories that match
//! its user's topics, and alerts once per story. See ARCHITECTURE.md.
//!
//! Pipeline: fetch -> feed (parse) -> dedup -> topics (match) -> store -> alert.

pub mod alert;
pub mod cli;
pub mod clock;
pub mod config;
pub mod daemon;
pub mod dedup;
pub mod diagnostics;
pub mod feed;
pub mod fetch;
pub mod files;
pub mod http;
pub mod learning;
pub mod model;
pub mod service;
mod spelling;
pub mod store;
pub mod stories;
pub mod telemetry;
pub mod topics;
pub mod tryout;
pub mod units;
pub mod websub;
