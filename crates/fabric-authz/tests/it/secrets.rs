//! Debug and Display of every secret-holding type, and every error, omit the secret.

use std::sync::Arc;

use fabric_authz::secrecy::{ExposeSecret, SecretString};
use fabric_authz::{
    ApiKeyStore, ApiKeys, Authenticator, HmacSecret, JwtConfig, JwtKeyConfig, JwtVerifier,
    MemoryApiKeyStore,
};

const HMAC: &str = "hmac-secret-that-must-never-be-printed-0123456789";

fn assert_hidden(text: &str, secret: &str) {
    assert!(!text.contains(secret), "secret leaked into {text}");
}

#[test]
fn hmac_secrets_are_redacted() {
    let secret = HmacSecret::from(SecretString::from(HMAC));
    assert_eq!(secret.expose_secret(), HMAC.as_bytes());
    assert_eq!(format!("{secret:?}"), "HmacSecret(<redacted>)");
    let key = JwtKeyConfig::Hs256 { kid: Some("k".to_owned()), secret };
    assert_hidden(&format!("{key:?}"), HMAC);
    let config = JwtConfig::with_keys(vec![key]);
    assert_hidden(&format!("{config:?}"), HMAC);
    assert_hidden(&format!("{config:#?}"), HMAC);
    let verifier = JwtVerifier::new(&config).unwrap();
    let debug = format!("{verifier:?}");
    assert_hidden(&debug, HMAC);
    assert!(debug.contains("\"k\""), "kids are public: {debug}");
    let authenticator = Authenticator::new().with_jwt(verifier);
    assert_hidden(&format!("{authenticator:?}"), HMAC);

    let parsed: JwtConfig = serde_json::from_value(serde_json::json!({
        "keys": [{ "alg": "HS256", "secret": HMAC }]
    }))
    .unwrap();
    assert_hidden(&format!("{parsed:?}"), HMAC);
    // A too-short secret's error does not echo it either.
    let short: JwtConfig = serde_json::from_value(serde_json::json!({
        "keys": [{ "alg": "HS256", "kid": "k", "secret": "short-secret-xyz" }]
    }))
    .unwrap();
    let error = JwtVerifier::new(&short).unwrap_err();
    assert_hidden(&format!("{error} {error:?}"), "short-secret-xyz");
}

#[tokio::test]
async fn api_key_secrets_and_hashes_are_redacted() {
    let store = Arc::new(MemoryApiKeyStore::new());
    let api_keys = ApiKeys::new(Arc::clone(&store) as Arc<dyn ApiKeyStore>);
    let (info, key) = api_keys.create(&["user"], "acme", "k", None).await.unwrap();
    let full = key.expose_secret().to_owned();
    let secret_part = &full[20..];

    assert_hidden(&format!("{key:?}"), secret_part);
    assert_hidden(&format!("{info:?}"), secret_part);
    assert_hidden(&serde_json::to_string(&info).unwrap(), secret_part);

    let record = store.get(&info.id).await.unwrap().unwrap();
    let hash_hex = hex::encode(record.secret_hash.as_bytes());
    for text in [format!("{record:?}"), format!("{:?}", record.secret_hash), format!("{store:?}")] {
        assert_hidden(&text, secret_part);
        assert_hidden(&text, &hash_hex);
    }
    assert_hidden(&format!("{api_keys:?}"), &hash_hex);

    // Errors built from a presented key never contain it.
    let wrong =
        format!("{}{}", &full[..full.len() - 1], if full.ends_with('0') { '1' } else { '0' });
    for token in [full.clone(), wrong, format!("{full}x")] {
        api_keys.revoke(&info.id).await.unwrap();
        let error = api_keys.authenticate(&token).await.unwrap_err();
        let text = format!("{error} {error:?}");
        assert_hidden(&text, &token);
        assert_hidden(&text, secret_part);
        assert_hidden(&text, &token[20..]);
    }

    let authenticator = Authenticator::new().with_api_keys(api_keys);
    assert_hidden(&format!("{authenticator:?}"), &hash_hex);
    let error = authenticator.authenticate_header(&format!("Bearer {full}")).await.unwrap_err();
    assert_hidden(&format!("{error} {error:?}"), secret_part);
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn sqlite_store_debug_is_opaque() {
    let store = fabric_authz::SqliteApiKeyStore::open_in_memory().unwrap();
    assert_eq!(format!("{store:?}"), "SqliteApiKeyStore { .. }");
}
