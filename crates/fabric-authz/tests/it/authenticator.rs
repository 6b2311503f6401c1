//! The unified `Authorization: Bearer` entry point.

use std::sync::Arc;

use fabric_authz::secrecy::ExposeSecret;
use fabric_authz::{
    ApiKeys, Authenticator, CredentialFailure, HmacSecret, JwtConfig, JwtKeyConfig, JwtVerifier,
    MemoryApiKeyStore,
};
use jsonwebtoken::{EncodingKey, Header, encode};
use serde_json::json;

use crate::assert_refused;

const SECRET: &[u8] = b"an hs256 secret of thirty-two+ bytes";

fn jwt_verifier() -> JwtVerifier {
    JwtVerifier::new(&JwtConfig::with_keys(vec![JwtKeyConfig::Hs256 {
        kid: None,
        secret: HmacSecret::from_bytes(SECRET.to_vec()),
    }]))
    .unwrap()
}

fn jwt() -> String {
    let claims = json!({
        "sub": "bob", "owner": "globex", "roles": "viewer",
        "exp": chrono::Utc::now().timestamp() + 600,
    });
    encode(&Header::default(), &claims, &EncodingKey::from_secret(SECRET)).unwrap()
}

#[tokio::test]
async fn dispatches_api_keys_and_jwts() {
    let api_keys = ApiKeys::new(Arc::new(MemoryApiKeyStore::new()));
    let (_, key) = api_keys.create(&["user"], "acme", "k", None).await.unwrap();
    let key = key.expose_secret();
    let authenticator = Authenticator::new().with_api_keys(api_keys).with_jwt(jwt_verifier());

    let from_key = authenticator.authenticate_header(&format!("Bearer {key}")).await.unwrap();
    assert_eq!(from_key.owner(), "acme");
    let from_jwt = authenticator.authenticate_header(&format!("Bearer {}", jwt())).await.unwrap();
    assert_eq!((from_jwt.subject(), from_jwt.owner()), ("bob", "globex"));

    for header in [format!("bearer {key}"), format!("BEARER   {key}"), format!(" Bearer {key} ")] {
        authenticator.authenticate_header(&header).await.expect("scheme is case-insensitive");
    }
    assert_refused(
        authenticator.authenticate_header(&format!("Bearer {}x", &key[..key.len() - 1])).await,
        CredentialFailure::Malformed,
    );
}

#[tokio::test]
async fn malformed_headers_are_refused() {
    let api_keys = ApiKeys::new(Arc::new(MemoryApiKeyStore::new()));
    let authenticator = Authenticator::new().with_api_keys(api_keys).with_jwt(jwt_verifier());
    let token = jwt();
    let huge = format!("Bearer {}", "a".repeat(1 << 20));
    for header in [
        String::new(),
        "Bearer".to_owned(),
        "Bearer ".to_owned(),
        "Bearer  ".to_owned(),
        token.clone(),
        format!("Basic {token}"),
        format!("Bearer{token}"),
        format!("Bearer {token} extra"),
        format!("Bearer\t{token}"),
        format!("Bearer {token}\u{0}"),
        format!("Bearér {token}"),
        huge,
    ] {
        let result = authenticator.authenticate_header(&header).await;
        assert!(
            matches!(
                result.as_ref().map_err(|error| error.credential_failure()),
                Err(Some(CredentialFailure::Malformed))
            ),
            "{header:.40}: {result:?}"
        );
    }
}

#[tokio::test]
async fn unconfigured_kinds_are_unsupported() {
    let only_jwt = Authenticator::new().with_jwt(jwt_verifier());
    let fake_key = format!("fabric_{}_{}", "0".repeat(12), "0".repeat(64));
    assert_refused(
        only_jwt.authenticate_header(&format!("Bearer {fake_key}")).await,
        CredentialFailure::Unsupported,
    );
    let only_keys =
        Authenticator::new().with_api_keys(ApiKeys::new(Arc::new(MemoryApiKeyStore::new())));
    assert_refused(
        only_keys.authenticate_header(&format!("Bearer {}", jwt())).await,
        CredentialFailure::Unsupported,
    );
    let mut rotating = Authenticator::new().with_jwt(jwt_verifier());
    assert!(rotating.jwt_mut().is_some());
}
