//! The store against both backends, and replicas on PostgreSQL: a test
//! binary of its own, so the throwaway PostgreSQL servers and the replica
//! processes it starts do not disturb the timing-sensitive tests of `it`
//! (test binaries run one after another).

mod backends;
mod pg;
mod replicas;
mod stories;
#[allow(dead_code)]
#[path = "../it/support.rs"]
mod support;
