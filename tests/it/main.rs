//! Cross-crate integration and property tests of the facade (one test binary).

#![allow(clippy::unwrap_used, reason = "test and benchmark helpers fail by panicking")]

mod format;
mod records;
mod s3;
mod sqlite_layer;
