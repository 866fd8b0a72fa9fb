//! Integration tests: one binary, real servers on 127.0.0.1, real SQLite
//! files, the real feedwatch binary.

mod browser;
mod cli;
mod config_errors;
mod daemon;
mod demo;
mod http;
mod hub;
mod memory;
mod outbox;
mod pipeline;
mod polling;
mod query_tools;
mod service;
mod sinks;
mod smtp;
mod stories;
mod support;
mod web;
mod websub;
