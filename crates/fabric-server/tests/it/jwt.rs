//! JWTs over HTTP: accepted tokens act as their claims' principal; every kind of bad token
//! is a 401 and an audit event; keys rotate by `kid` (old and new valid together, then the
//! old one removed) without a restart.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use fabric_core::fabric_audit::Operation;
use fabric_core::fabric_authz::{
    ApiKeys, Authenticator, HmacSecret, JwtConfig, JwtKeyConfig, JwtVerifier,
};
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};

use crate::{Options, call, start_with};

const SECRET: &[u8] = b"an hs256 secret of at least thirty-two bytes";

fn data(name: &str) -> String {
    let path = format!("{}/../fabric-authz/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).expect("fixture")
}

fn eddsa(kid: &str, public: &str) -> JwtKeyConfig {
    JwtKeyConfig::EdDsa { kid: Some(kid.to_owned()), public_key_pem: data(public) }
}

fn hs256() -> JwtKeyConfig {
    JwtKeyConfig::Hs256 {
        kid: Some("hs".to_owned()),
        secret: HmacSecret::from_bytes(SECRET.to_vec()),
    }
}

fn verifier(keys: Vec<JwtKeyConfig>) -> JwtVerifier {
    let mut config = JwtConfig::with_keys(keys);
    config.issuers = vec!["https://id.example".to_owned()];
    config.audiences = vec!["memory-fabric".to_owned()];
    JwtVerifier::new(&config).unwrap()
}

fn claims() -> Value {
    let now = Utc::now().timestamp();
    json!({
        "sub": "agent-7", "owner": "acme", "roles": ["user"],
        "iss": "https://id.example", "aud": "memory-fabric",
        "exp": now + 600, "iat": now,
    })
}

fn with(mut base: Value, changes: Value) -> Value {
    for (name, value) in changes.as_object().unwrap() {
        if value.is_null() {
            base.as_object_mut().unwrap().remove(name);
        } else {
            base[name] = value.clone();
        }
    }
    base
}

fn sign(algorithm: Algorithm, kid: &str, key: &EncodingKey, claims: &Value) -> String {
    let mut header = Header::new(algorithm);
    header.kid = Some(kid.to_owned());
    encode(&header, claims, key).unwrap()
}

fn hs(claims: &Value) -> String {
    sign(Algorithm::HS256, "hs", &EncodingKey::from_secret(SECRET), claims)
}

fn ed(kid: &str, private: &str, claims: &Value) -> String {
    let key = EncodingKey::from_ed_pem(data(private).as_bytes()).unwrap();
    sign(Algorithm::EdDSA, kid, &key, claims)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_are_verified_and_every_refusal_is_401_and_audited() {
    let jwt = verifier(vec![hs256(), eddsa("ed1", "ed1_public.pem")]);
    let server = start_with(Options { jwt: Some(jwt), ..Options::default() }).await;

    let good = hs(&claims());
    let stored = call(
        server.addr,
        "POST",
        "/v1/memories",
        Some(&good),
        Some(json!({ "content": "from a jwt" })),
    )
    .await;
    assert_eq!(stored.status, 201);
    assert_eq!(stored.json()["owner"], "acme");

    let now = Utc::now().timestamp();
    let none_alg = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(json!({ "alg": "none", "typ": "JWT" }).to_string()),
        URL_SAFE_NO_PAD.encode(claims().to_string())
    );
    let rsa = EncodingKey::from_rsa_pem(data("rsa1_private.pem").as_bytes()).unwrap();
    let mut tampered = hs(&claims());
    tampered.push('A');
    let refused: Vec<(&str, String)> = vec![
        ("alg none", none_alg),
        ("unconfigured alg", sign(Algorithm::RS256, "hs", &rsa, &claims())),
        (
            "bad signature",
            sign(
                Algorithm::HS256,
                "hs",
                &EncodingKey::from_secret(b"another secret that is long enough!!"),
                &claims(),
            ),
        ),
        ("tampered", tampered),
        ("expired", hs(&with(claims(), json!({ "exp": now - 3600 })))),
        ("no exp", hs(&with(claims(), json!({ "exp": null })))),
        ("not yet valid", hs(&with(claims(), json!({ "nbf": now + 3600 })))),
        ("wrong iss", hs(&with(claims(), json!({ "iss": "https://evil.example" })))),
        ("wrong aud", hs(&with(claims(), json!({ "aud": "someone-else" })))),
        ("unknown kid", ed("ed9", "ed1_private.pem", &claims())),
        ("wrong key for kid", ed("ed1", "ed2_private.pem", &claims())),
    ];
    for (what, token) in &refused {
        let answer = call(server.addr, "GET", "/v1/memories", Some(token), None).await;
        assert_eq!(answer.status, 401, "{what}");
        assert_eq!(answer.error_code(), "unauthorized", "{what}");
    }
    let denied = server.denied(Operation::Authenticate).await;
    assert_eq!(denied.len(), refused.len());
    let metrics =
        String::from_utf8(call(server.addr, "GET", "/metrics", None, None).await.body.to_vec())
            .unwrap();
    // The precise reasons are in the audit log; /metrics, open to anyone, says only
    // "rejected", naming no configured key id or algorithm.
    assert!(metrics.contains("fabric_auth_failures_total{reason=\"rejected\"}"), "{metrics}");
    for reason in ["algorithm_not_allowed", "bad_signature", "unknown_key", "expired"] {
        assert!(!metrics.contains(reason), "{reason}");
    }

    // A viewer token cannot store; the audit names the JWT subject.
    let viewer = hs(&with(claims(), json!({ "sub": "reader-1", "roles": ["viewer"] })));
    let answer =
        call(server.addr, "POST", "/v1/memories", Some(&viewer), Some(json!({ "content": "x" })))
            .await;
    assert_eq!(answer.status, 403);
    let denials = server.denied(Operation::Store).await;
    assert_eq!(denials.len(), 1);
    assert_eq!(denials[0].actor().unwrap().as_str(), "reader-1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_rotate_by_kid_without_a_restart() {
    let server = start_with(Options {
        jwt: Some(verifier(vec![eddsa("ed1", "ed1_public.pem")])),
        ..Options::default()
    })
    .await;
    let old = ed("ed1", "ed1_private.pem", &claims());
    let new = ed("ed2", "ed2_private.pem", &claims());
    let status = |token: String| {
        let addr = server.addr;
        async move { call(addr, "GET", "/v1/memories", Some(&token), None).await.status.as_u16() }
    };
    assert_eq!(status(old.clone()).await, 200);
    assert_eq!(status(new.clone()).await, 401);

    let api_keys =
        || ApiKeys::new(std::sync::Arc::new(fabric_core::fabric_authz::MemoryApiKeyStore::new()));
    // Both keys during the rotation.
    let both = verifier(vec![eddsa("ed1", "ed1_public.pem"), eddsa("ed2", "ed2_public.pem")]);
    server
        .state
        .replace_authenticator(Authenticator::new().with_api_keys(api_keys()).with_jwt(both));
    assert_eq!(status(old.clone()).await, 200);
    assert_eq!(status(new.clone()).await, 200);

    // Then the old key is removed.
    let only_new = verifier(vec![eddsa("ed2", "ed2_public.pem")]);
    server
        .state
        .replace_authenticator(Authenticator::new().with_api_keys(api_keys()).with_jwt(only_new));
    assert_eq!(status(old).await, 401);
    assert_eq!(status(new).await, 200);
}
