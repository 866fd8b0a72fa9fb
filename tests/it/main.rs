//! Integration tests: one binary, real servers on 127.0.0.1, real SQLite
//! files, the real feedwatch binary.

mod browser;
mod cli;
mod config_errors;
mod daemon;
mod demo;
mod faults;
mod http;
mod hub;
mod learning;
mod limits;
mod memory;
mod outbox;
mod pipeline;
mod poll;
mod polling;
mod query_tools;
mod reschedule;
mod retention;
mod service;
mod sinks;
mod smtp;
mod stories;
mod support;
mod web;
mod websub;
