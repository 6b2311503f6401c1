//! Integration tests of fabric-authz: one binary, one module per area.

#![allow(
    clippy::unwrap_used,
    reason = "suite helpers are not #[test] fns; a failed unwrap is a failed test"
)]

mod api_keys;
mod authenticator;
mod jwt;
mod roles;
mod secrets;

use fabric_authz::{CredentialFailure, Error};

/// Asserts that `result` is `InvalidCredentials` with `reason`.
#[track_caller]
fn assert_refused<T: std::fmt::Debug>(result: Result<T, Error>, reason: CredentialFailure) {
    match result {
        Err(Error::InvalidCredentials { reason: actual }) => assert_eq!(actual, reason),
        other => panic!("expected invalid credentials ({reason}), got {other:?}"),
    }
}

/// A runtime for tests that cannot be `async` (proptest).
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime")
}

#[test]
fn shared_types_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<fabric_authz::ApiKeys>();
    assert_send_sync::<fabric_authz::Authenticator>();
    assert_send_sync::<fabric_authz::JwtVerifier>();
    assert_send_sync::<fabric_authz::Policy>();
    assert_send_sync::<fabric_authz::Principal>();
    assert_send_sync::<Error>();
    #[cfg(feature = "sqlite")]
    assert_send_sync::<fabric_authz::SqliteApiKeyStore>();
}
