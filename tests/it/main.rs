//! Integration tests: one binary, real servers on 127.0.0.1, real SQLite
//! files, the real feedwatch binary.

mod browser;
mod cli;
mod config_errors;
mod corpus;
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

#[path = "../common/news.rs"]
#[allow(dead_code)] // each crate uses what it needs
mod news;
#[path = "../common/topics.rs"]
mod topics;
