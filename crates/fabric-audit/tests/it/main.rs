//! Integration tests of fabric-audit: sinks, tampering, secrets, concurrency and scale.

#![allow(clippy::unwrap_used, reason = "test helpers fail by panicking")]

mod common;
mod log;
mod scale;
mod secrets;
mod tamper_jsonl;
mod tamper_matrix;
mod tamper_sqlite;
mod writers;
