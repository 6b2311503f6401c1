//! Cross-crate integration and property tests of the facade (one test binary).

mod records;
