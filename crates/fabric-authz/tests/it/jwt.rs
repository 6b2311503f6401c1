//! JWT verification: acceptance per algorithm, every refusal, kid selection and rotation.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, TimeDelta, Utc};
use fabric_authz::{
    ClaimNames, CredentialFailure, Error, HmacSecret, JwtConfig, JwtKeyConfig, JwtVerifier,
};
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::assert_refused;

const SECRET_A: &[u8] = b"an hs256 secret of thirty-two+ bytes, A";
const SECRET_B: &[u8] = b"an hs256 secret of thirty-two+ bytes, B";

fn data(name: &str) -> String {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).expect("fixture")
}

fn now() -> DateTime<Utc> {
    Utc::now()
}

fn hs256(kid: Option<&str>, secret: &[u8]) -> JwtKeyConfig {
    JwtKeyConfig::Hs256 {
        kid: kid.map(str::to_owned),
        secret: HmacSecret::from_bytes(secret.to_vec()),
    }
}

fn rs256(kid: Option<&str>, public: &str) -> JwtKeyConfig {
    JwtKeyConfig::Rs256 { kid: kid.map(str::to_owned), public_key_pem: data(public) }
}

fn eddsa(kid: Option<&str>, public: &str) -> JwtKeyConfig {
    JwtKeyConfig::EdDsa { kid: kid.map(str::to_owned), public_key_pem: data(public) }
}

fn verifier(keys: Vec<JwtKeyConfig>) -> JwtVerifier {
    let mut config = JwtConfig::with_keys(keys);
    config.issuers = vec!["https://id.example".to_owned()];
    config.audiences = vec!["memory-fabric".to_owned()];
    JwtVerifier::new(&config).expect("verifier")
}

/// Claims that pass every check of `verifier`.
fn claims() -> Value {
    json!({
        "sub": "alice",
        "owner": "acme",
        "roles": ["user"],
        "iss": "https://id.example",
        "aud": "memory-fabric",
        "exp": now().timestamp() + 3600,
        "iat": now().timestamp(),
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

fn sign(algorithm: Algorithm, kid: Option<&str>, key: &EncodingKey, claims: &Value) -> String {
    let mut header = Header::new(algorithm);
    header.kid = kid.map(str::to_owned);
    encode(&header, claims, key).expect("encode")
}

fn sign_hs(kid: Option<&str>, secret: &[u8], claims: &Value) -> String {
    sign(Algorithm::HS256, kid, &EncodingKey::from_secret(secret), claims)
}

fn rsa_key(private: &str) -> EncodingKey {
    EncodingKey::from_rsa_pem(data(private).as_bytes()).unwrap()
}

fn ed_key(private: &str) -> EncodingKey {
    EncodingKey::from_ed_pem(data(private).as_bytes()).unwrap()
}

fn b64(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

#[test]
fn hs256_is_accepted() {
    let verifier = verifier(vec![hs256(Some("a"), SECRET_A)]);
    let principal = verifier.verify(&sign_hs(Some("a"), SECRET_A, &claims())).unwrap();
    assert_eq!(principal.subject(), "alice");
    assert_eq!(principal.owner(), "acme");
    assert_eq!(principal.roles(), ["user"]);
    // Without kid: exactly one HS256 key is configured.
    verifier.verify(&sign_hs(None, SECRET_A, &claims())).unwrap();
}

#[test]
fn a_token_cannot_pass_for_an_api_key_or_name_an_unstorable_owner() {
    let verifier = verifier(vec![hs256(None, SECRET_A)]);
    for changes in [
        json!({ "sub": "apikey:0123456789ab" }),
        json!({ "sub": "cli" }),
        json!({ "sub": "server" }),
        json!({ "owner": "org:1" }),
    ] {
        let token = sign_hs(None, SECRET_A, &with(claims(), changes));
        assert_refused(verifier.verify(&token), CredentialFailure::InvalidClaim);
    }
}

#[test]
fn rs256_is_accepted() {
    let verifier = verifier(vec![rs256(Some("r1"), "rsa1_public.pem")]);
    let token = sign(Algorithm::RS256, Some("r1"), &rsa_key("rsa1_private.pem"), &claims());
    assert_eq!(verifier.verify(&token).unwrap().owner(), "acme");
    let token = sign(Algorithm::RS256, None, &rsa_key("rsa1_private.pem"), &claims());
    verifier.verify(&token).unwrap();
}

#[test]
fn eddsa_is_accepted() {
    let verifier = verifier(vec![eddsa(Some("e1"), "ed1_public.pem")]);
    let token = sign(Algorithm::EdDSA, Some("e1"), &ed_key("ed1_private.pem"), &claims());
    assert_eq!(verifier.verify(&token).unwrap().subject(), "alice");
}

#[test]
fn roles_may_be_a_space_separated_string_or_absent() {
    let verifier = verifier(vec![hs256(None, SECRET_A)]);
    let token = sign_hs(None, SECRET_A, &with(claims(), json!({ "roles": "viewer  user" })));
    assert_eq!(verifier.verify(&token).unwrap().roles(), ["viewer", "user"]);
    let token = sign_hs(None, SECRET_A, &with(claims(), json!({ "roles": null })));
    assert!(verifier.verify(&token).unwrap().roles().is_empty());
    for bad in [json!(7), json!(["user", 1]), json!({ "a": 1 }), json!(["bad role"])] {
        let token = sign_hs(None, SECRET_A, &with(claims(), json!({ "roles": bad })));
        assert_refused(verifier.verify(&token), CredentialFailure::InvalidClaim);
    }
}

#[test]
fn claim_names_are_configurable() {
    let mut config = JwtConfig::with_keys(vec![hs256(None, SECRET_A)]);
    config.claims = ClaimNames {
        subject: "email".to_owned(),
        owner: "tenant".to_owned(),
        roles: "scope".to_owned(),
    };
    let verifier = JwtVerifier::new(&config).unwrap();
    let claims = json!({
        "email": "bob@example.com", "tenant": "globex", "scope": "viewer",
        "exp": now().timestamp() + 60,
    });
    let principal = verifier.verify(&sign_hs(None, SECRET_A, &claims)).unwrap();
    assert_eq!(principal.subject(), "bob@example.com");
    assert_eq!(principal.owner(), "globex");
    assert_eq!(principal.roles(), ["viewer"]);
    let no_tenant = with(claims, json!({ "tenant": null, "owner": "acme" }));
    assert_refused(
        verifier.verify(&sign_hs(None, SECRET_A, &no_tenant)),
        CredentialFailure::MissingClaim,
    );
}

#[test]
fn alg_none_is_refused() {
    let verifier = verifier(vec![hs256(None, SECRET_A)]);
    let payload = b64(&claims());
    for alg in ["none", "None", "NONE", "nOnE"] {
        let header = b64(&json!({ "alg": alg, "typ": "JWT" }));
        assert_refused(
            verifier.verify(&format!("{header}.{payload}.")),
            CredentialFailure::AlgorithmNotAllowed,
        );
        // Even with a (valid-looking) signature attached.
        let signed = sign_hs(None, SECRET_A, &claims());
        let signature = signed.rsplit('.').next().unwrap();
        assert_refused(
            verifier.verify(&format!("{header}.{payload}.{signature}")),
            CredentialFailure::AlgorithmNotAllowed,
        );
    }
    let header = b64(&json!({ "alg": "none" }));
    assert_refused(verifier.verify(&format!("{header}.{payload}")), CredentialFailure::Malformed);
}

#[test]
fn algorithms_not_configured_are_refused() {
    let verifier = verifier(vec![hs256(Some("h"), SECRET_A)]);
    let rsa_token = sign(Algorithm::RS256, None, &rsa_key("rsa1_private.pem"), &claims());
    assert_refused(verifier.verify(&rsa_token), CredentialFailure::AlgorithmNotAllowed);
    let hs384 = sign(Algorithm::HS384, Some("h"), &EncodingKey::from_secret(SECRET_A), &claims());
    assert_refused(verifier.verify(&hs384), CredentialFailure::AlgorithmNotAllowed);
    let ed_token = sign(Algorithm::EdDSA, None, &ed_key("ed1_private.pem"), &claims());
    assert_refused(verifier.verify(&ed_token), CredentialFailure::AlgorithmNotAllowed);
}

#[test]
fn a_key_pins_its_algorithm_no_rsa_hmac_confusion() {
    // The classic attack: HS256 "signed" with the RSA public key as the HMAC secret.
    let public_pem = data("rsa1_public.pem");
    let verifier = verifier(vec![rs256(Some("r1"), "rsa1_public.pem"), hs256(Some("h"), SECRET_A)]);
    for kid in [Some("r1"), None] {
        let forged = sign_hs(kid, public_pem.as_bytes(), &claims());
        let refused = verifier.verify(&forged).unwrap_err().credential_failure().unwrap();
        assert!(
            matches!(
                refused,
                CredentialFailure::AlgorithmNotAllowed | CredentialFailure::BadSignature
            ),
            "{refused:?}"
        );
    }
    let forged = sign_hs(Some("r1"), public_pem.as_bytes(), &claims());
    assert_refused(verifier.verify(&forged), CredentialFailure::AlgorithmNotAllowed);
}

#[test]
fn bad_signatures_are_refused() {
    let verifier = verifier(vec![
        hs256(Some("a"), SECRET_A),
        rs256(Some("r1"), "rsa1_public.pem"),
        eddsa(Some("e1"), "ed1_public.pem"),
    ]);
    assert_refused(
        verifier.verify(&sign_hs(Some("a"), SECRET_B, &claims())),
        CredentialFailure::BadSignature,
    );
    let wrong_rsa = sign(Algorithm::RS256, Some("r1"), &rsa_key("rsa2_private.pem"), &claims());
    assert_refused(verifier.verify(&wrong_rsa), CredentialFailure::BadSignature);
    let wrong_ed = sign(Algorithm::EdDSA, Some("e1"), &ed_key("ed2_private.pem"), &claims());
    assert_refused(verifier.verify(&wrong_ed), CredentialFailure::BadSignature);

    // A payload swapped under a valid signature (privilege escalation attempt).
    let token = sign_hs(Some("a"), SECRET_A, &claims());
    let parts: Vec<&str> = token.split('.').collect();
    let escalated = b64(&with(claims(), json!({ "roles": ["admin"], "owner": "globex" })));
    let tampered = format!("{}.{escalated}.{}", parts[0], parts[2]);
    assert_refused(verifier.verify(&tampered), CredentialFailure::BadSignature);
    let stripped = format!("{}.{}.", parts[0], parts[1]);
    assert_refused(verifier.verify(&stripped), CredentialFailure::BadSignature);
    let garbage_signature = format!("{}.{}.!!!", parts[0], parts[1]);
    assert_refused(verifier.verify(&garbage_signature), CredentialFailure::Malformed);
}

#[test]
fn expiry_is_required_and_checked_with_leeway() {
    let verifier = verifier(vec![hs256(None, SECRET_A)]);
    let now = now();
    let at = |offset: i64| with(claims(), json!({ "exp": now.timestamp() + offset }));
    assert_refused(
        verifier.verify_at(&sign_hs(None, SECRET_A, &at(-3600)), now),
        CredentialFailure::Expired,
    );
    assert_refused(
        verifier.verify_at(&sign_hs(None, SECRET_A, &at(-30)), now),
        CredentialFailure::Expired,
    );
    verifier.verify_at(&sign_hs(None, SECRET_A, &at(-29)), now).expect("within 30 s leeway");
    let token = sign_hs(None, SECRET_A, &at(60));
    verifier.verify_at(&token, now).unwrap();
    assert_refused(
        verifier.verify_at(&token, now + TimeDelta::seconds(90)),
        CredentialFailure::Expired,
    );
    let no_exp = with(claims(), json!({ "exp": null }));
    assert_refused(
        verifier.verify(&sign_hs(None, SECRET_A, &no_exp)),
        CredentialFailure::MissingClaim,
    );
    let text_exp = with(claims(), json!({ "exp": "tomorrow" }));
    assert_refused(
        verifier.verify(&sign_hs(None, SECRET_A, &text_exp)),
        CredentialFailure::InvalidClaim,
    );
    let float_exp = with(claims(), json!({ "exp": now.timestamp() as f64 + 100.5 }));
    verifier.verify_at(&sign_hs(None, SECRET_A, &float_exp), now).expect("fractional exp");
    let huge = with(claims(), json!({ "exp": u64::MAX }));
    verifier.verify_at(&sign_hs(None, SECRET_A, &huge), now).expect("far future, no overflow");
    let negative = with(claims(), json!({ "exp": i64::MIN }));
    assert_refused(
        verifier.verify_at(&sign_hs(None, SECRET_A, &negative), now),
        CredentialFailure::Expired,
    );
}

#[test]
fn not_yet_valid_is_refused() {
    let verifier = verifier(vec![hs256(None, SECRET_A)]);
    let now = now();
    let nbf = |offset: i64| with(claims(), json!({ "nbf": now.timestamp() + offset }));
    assert_refused(
        verifier.verify_at(&sign_hs(None, SECRET_A, &nbf(3600)), now),
        CredentialFailure::NotYetValid,
    );
    assert_refused(
        verifier.verify_at(&sign_hs(None, SECRET_A, &nbf(31)), now),
        CredentialFailure::NotYetValid,
    );
    verifier.verify_at(&sign_hs(None, SECRET_A, &nbf(30)), now).expect("within leeway");
    verifier.verify_at(&sign_hs(None, SECRET_A, &nbf(-10)), now).expect("already valid");
}

#[test]
fn leeway_is_configurable() {
    let mut config = JwtConfig::with_keys(vec![hs256(None, SECRET_A)]);
    config.leeway_seconds = 0;
    let verifier = JwtVerifier::new(&config).unwrap();
    let now = now();
    let token = sign_hs(
        None,
        SECRET_A,
        &with(claims(), json!({ "exp": now.timestamp() - 1, "aud": null, "iss": null })),
    );
    assert_refused(verifier.verify_at(&token, now), CredentialFailure::Expired);
    config.leeway_seconds = 301;
    assert!(matches!(JwtVerifier::new(&config), Err(Error::InvalidConfig { .. })));
}

#[test]
fn issuer_is_checked() {
    let verifier = verifier(vec![hs256(None, SECRET_A)]);
    let wrong = with(claims(), json!({ "iss": "https://evil.example" }));
    assert_refused(
        verifier.verify(&sign_hs(None, SECRET_A, &wrong)),
        CredentialFailure::WrongIssuer,
    );
    let missing = with(claims(), json!({ "iss": null }));
    assert_refused(
        verifier.verify(&sign_hs(None, SECRET_A, &missing)),
        CredentialFailure::MissingClaim,
    );
    let number = with(claims(), json!({ "iss": 7 }));
    assert_refused(
        verifier.verify(&sign_hs(None, SECRET_A, &number)),
        CredentialFailure::InvalidClaim,
    );
    let array = with(claims(), json!({ "iss": ["https://id.example"] }));
    assert_refused(
        verifier.verify(&sign_hs(None, SECRET_A, &array)),
        CredentialFailure::InvalidClaim,
    );
}

#[test]
fn audience_is_checked() {
    let verifier = verifier(vec![hs256(None, SECRET_A)]);
    let wrong = with(claims(), json!({ "aud": "other-service" }));
    assert_refused(
        verifier.verify(&sign_hs(None, SECRET_A, &wrong)),
        CredentialFailure::WrongAudience,
    );
    let wrong_list = with(claims(), json!({ "aud": ["a", "b"] }));
    assert_refused(
        verifier.verify(&sign_hs(None, SECRET_A, &wrong_list)),
        CredentialFailure::WrongAudience,
    );
    let list = with(claims(), json!({ "aud": ["other", "memory-fabric"] }));
    verifier.verify(&sign_hs(None, SECRET_A, &list)).expect("one of the audiences is ours");
    let missing = with(claims(), json!({ "aud": null }));
    assert_refused(
        verifier.verify(&sign_hs(None, SECRET_A, &missing)),
        CredentialFailure::MissingClaim,
    );
    // Present but not a string or a list of strings: invalid, not missing.
    for invalid in [json!(42), json!([42]), json!({ "aud": "memory-fabric" })] {
        let token = sign_hs(None, SECRET_A, &with(claims(), json!({ "aud": invalid })));
        assert_refused(verifier.verify(&token), CredentialFailure::InvalidClaim);
    }

    // With no audience configured, a token addressed to someone is not for us.
    let open = JwtVerifier::new(&JwtConfig::with_keys(vec![hs256(None, SECRET_A)])).unwrap();
    assert_refused(
        open.verify(&sign_hs(None, SECRET_A, &claims())),
        CredentialFailure::WrongAudience,
    );
    open.verify(&sign_hs(None, SECRET_A, &missing)).expect("no aud, none configured");
}

#[test]
fn missing_or_invalid_principal_claims_are_refused() {
    let verifier = verifier(vec![hs256(None, SECRET_A)]);
    for (changes, reason) in [
        (json!({ "owner": null }), CredentialFailure::MissingClaim),
        (json!({ "sub": null }), CredentialFailure::MissingClaim),
        (json!({ "owner": "" }), CredentialFailure::InvalidClaim),
        (json!({ "owner": "../other" }), CredentialFailure::InvalidClaim),
        (json!({ "owner": 42 }), CredentialFailure::InvalidClaim),
        (json!({ "sub": "x".repeat(129) }), CredentialFailure::InvalidClaim),
    ] {
        let token = sign_hs(None, SECRET_A, &with(claims(), changes.clone()));
        assert_refused(verifier.verify(&token), reason);
    }
}

#[test]
fn kid_selects_the_key() {
    let verifier = verifier(vec![hs256(Some("k1"), SECRET_A), hs256(Some("k2"), SECRET_B)]);
    verifier.verify(&sign_hs(Some("k1"), SECRET_A, &claims())).unwrap();
    verifier.verify(&sign_hs(Some("k2"), SECRET_B, &claims())).unwrap();
    assert_refused(
        verifier.verify(&sign_hs(Some("k1"), SECRET_B, &claims())),
        CredentialFailure::BadSignature,
    );
    assert_refused(
        verifier.verify(&sign_hs(Some("k3"), SECRET_A, &claims())),
        CredentialFailure::UnknownKey,
    );
    // Two HS256 keys: a token without kid is ambiguous.
    assert_refused(
        verifier.verify(&sign_hs(None, SECRET_A, &claims())),
        CredentialFailure::UnknownKey,
    );
}

#[test]
fn keys_rotate_by_kid() {
    let private_old = rsa_key("rsa1_private.pem");
    let private_new = rsa_key("rsa2_private.pem");
    let mut verifier = verifier(vec![rs256(Some("2024"), "rsa1_public.pem")]);
    let old_token = sign(Algorithm::RS256, Some("2024"), &private_old, &claims());
    let new_token = sign(Algorithm::RS256, Some("2025"), &private_new, &claims());
    verifier.verify(&old_token).unwrap();
    assert_refused(verifier.verify(&new_token), CredentialFailure::UnknownKey);

    verifier.insert_key(&rs256(Some("2025"), "rsa2_public.pem")).unwrap();
    verifier.verify(&old_token).expect("old key still valid during rotation");
    verifier.verify(&new_token).expect("new key valid");
    let ids: Vec<_> = verifier.key_ids().map(|(kid, _)| kid).collect();
    assert_eq!(ids, [Some("2024"), Some("2025")]);

    assert!(verifier.remove_key("2024"));
    assert!(!verifier.remove_key("2024"));
    assert_refused(verifier.verify(&old_token), CredentialFailure::UnknownKey);
    verifier.verify(&new_token).expect("new key after rotation");

    assert!(matches!(
        verifier.insert_key(&rs256(Some("2025"), "rsa1_public.pem")),
        Err(Error::InvalidConfig { .. })
    ));
}

#[test]
fn bad_configurations_are_refused() {
    let cases: Vec<(Vec<JwtKeyConfig>, &str)> = vec![
        (vec![], "no keys"),
        (vec![hs256(None, b"too short")], "short secret"),
        (vec![hs256(None, &[b'a'; 32])], "32 identical bytes"),
        (vec![hs256(None, &[0; 64])], "zero-filled"),
        (vec![hs256(None, b"secretsecretsecretsecretsecretsecret")], "a word repeated"),
        (vec![hs256(None, b"abcdefghabcdefghabcdefghabcdefgh")], "a pattern repeated"),
        (vec![hs256(Some("a"), SECRET_A), hs256(Some("a"), SECRET_B)], "duplicate kid"),
        (vec![hs256(Some(""), SECRET_A)], "empty kid"),
    ];
    for (keys, why) in cases {
        assert!(
            matches!(
                JwtVerifier::new(&JwtConfig::with_keys(keys)),
                Err(Error::InvalidConfig { .. })
            ),
            "{why}"
        );
    }
    // Random secrets of 32 bytes, or 32 hex digits, are accepted.
    for secret in [
        (0..32u8).map(|byte| byte.wrapping_mul(97).wrapping_add(13)).collect::<Vec<u8>>(),
        b"3f9a0c7be12d48a6905ec4d17b2f8a63".to_vec(),
    ] {
        assert!(JwtVerifier::new(&JwtConfig::with_keys(vec![hs256(None, &secret)])).is_ok());
    }
    let not_pem = JwtKeyConfig::Rs256 { kid: None, public_key_pem: "hello".to_owned() };
    let rsa_as_ed = JwtKeyConfig::EdDsa { kid: None, public_key_pem: data("rsa1_public.pem") };
    let ed_as_rsa = JwtKeyConfig::Rs256 { kid: None, public_key_pem: data("ed1_public.pem") };
    let private_as_public =
        JwtKeyConfig::Rs256 { kid: None, public_key_pem: data("rsa1_private.pem") };
    for key in [not_pem, rsa_as_ed, ed_as_rsa, private_as_public] {
        let result = JwtVerifier::new(&JwtConfig::with_keys(vec![key]));
        assert!(matches!(result, Err(Error::InvalidJwtKey { .. })), "{result:?}");
    }
    let mut config = JwtConfig::with_keys(vec![hs256(None, SECRET_A)]);
    config.claims.owner = String::new();
    assert!(matches!(JwtVerifier::new(&config), Err(Error::InvalidConfig { .. })));
}

#[test]
fn configuration_deserializes() {
    let config: JwtConfig = serde_json::from_value(json!({
        "issuers": ["https://id.example"],
        "audiences": ["memory-fabric"],
        "claims": { "owner": "tenant" },
        "keys": [
            { "alg": "HS256", "kid": "h", "secret": String::from_utf8(SECRET_A.to_vec()).unwrap() },
            { "alg": "RS256", "kid": "r", "public_key_pem": data("rsa1_public.pem") },
            { "alg": "EdDSA", "public_key_pem": data("ed1_public.pem") },
        ],
    }))
    .unwrap();
    assert_eq!(config.leeway_seconds, 30);
    assert_eq!(config.claims.owner, "tenant");
    assert_eq!(config.claims.subject, "sub");
    let verifier = JwtVerifier::new(&config).unwrap();
    assert_eq!(verifier.key_ids().count(), 3);
    let token = sign_hs(Some("h"), SECRET_A, &with(claims(), json!({ "tenant": "acme" })));
    verifier.verify(&token).unwrap();

    for bad in [
        json!({ "keys": [{ "alg": "none", "secret": "x" }] }),
        json!({ "keys": [{ "alg": "HS512", "secret": "x" }] }),
        json!({ "keys": [{ "alg": "HS256", "secret": "x", "extra": 1 }] }),
        json!({ "keys": [], "unknown": true }),
    ] {
        assert!(serde_json::from_value::<JwtConfig>(bad).is_err());
    }
}

#[test]
fn malformed_tokens_are_refused_without_panicking() {
    let verifier = verifier(vec![hs256(None, SECRET_A), eddsa(Some("e"), "ed1_public.pem")]);
    let good = sign_hs(None, SECRET_A, &claims());
    let parts: Vec<&str> = good.split('.').collect();
    let huge = format!("{}.{}.{}", parts[0], "A".repeat(1 << 20), parts[2]);
    let header_array = b64(&json!(["HS256"]));
    let alg_number = b64(&json!({ "alg": 256 }));
    let kid_number = b64(&json!({ "alg": "HS256", "kid": 1 }));
    let crit = b64(&json!({ "alg": "HS256", "crit": ["exp"] }));
    let payload_not_object = URL_SAFE_NO_PAD.encode("[1,2]");
    let cases = [
        String::new(),
        ".".to_owned(),
        "..".to_owned(),
        "...".to_owned(),
        "a.b".to_owned(),
        "a.b.c.d".to_owned(),
        format!("{good}.{}", parts[2]),
        format!("{}=.{}.{}", parts[0], parts[1], parts[2]),
        format!("é{good}"),
        format!("{}.{}.{}", "%%%", parts[1], parts[2]),
        huge,
        format!("{header_array}.{}.{}", parts[1], parts[2]),
        format!("{alg_number}.{}.{}", parts[1], parts[2]),
        format!("{kid_number}.{}.{}", parts[1], parts[2]),
        format!("{crit}.{}.{}", parts[1], parts[2]),
        "fabric_0123456789ab_00".to_owned(),
    ];
    for token in &cases {
        assert_refused(verifier.verify(token), CredentialFailure::Malformed);
    }
    // Correctly signed, but the payload is not a JSON object.
    let signing_input = format!("{}.{payload_not_object}", parts[0]);
    let signature = jsonwebtoken::crypto::sign(
        signing_input.as_bytes(),
        &EncodingKey::from_secret(SECRET_A),
        Algorithm::HS256,
    )
    .unwrap();
    let unsigned_object = format!("{signing_input}.{signature}");
    assert_refused(verifier.verify(&unsigned_object), CredentialFailure::Malformed);
    // A short Ed25519 signature must not reach an unchecked slice.
    let ed_header = b64(&json!({ "alg": "EdDSA", "kid": "e" }));
    let short = format!("{ed_header}.{}.AAAA", parts[1]);
    assert_refused(verifier.verify(&short), CredentialFailure::BadSignature);
}

#[test]
fn refusals_never_contain_the_token() {
    let verifier = verifier(vec![hs256(None, SECRET_A)]);
    let token = sign_hs(None, SECRET_A, &with(claims(), json!({ "exp": 1 })));
    let error = verifier.verify(&token).unwrap_err();
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains(&token));
        for part in token.split('.') {
            assert!(!text.contains(part), "{text}");
        }
    }
    assert_eq!(error.to_string(), "invalid credentials");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_strings_never_verify(token in ".{0,300}") {
        let verifier = verifier(vec![hs256(None, SECRET_A)]);
        let refused = matches!(verifier.verify(&token), Err(Error::InvalidCredentials { .. }));
        prop_assert!(refused);
    }

    #[test]
    fn random_segments_never_verify(
        header in "[A-Za-z0-9_-]{0,80}",
        payload in "[A-Za-z0-9_-]{0,200}",
        signature in "[A-Za-z0-9_-]{0,90}",
    ) {
        let verifier = verifier(vec![hs256(None, SECRET_A), eddsa(Some("e"), "ed1_public.pem")]);
        let token = format!("{header}.{payload}.{signature}");
        let refused = matches!(verifier.verify(&token), Err(Error::InvalidCredentials { .. }));
        prop_assert!(refused);
    }

    #[test]
    fn random_signatures_under_valid_headers_never_verify(
        signature in proptest::collection::vec(any::<u8>(), 0..128),
        ed in any::<bool>(),
    ) {
        let verifier = verifier(vec![hs256(None, SECRET_A), eddsa(Some("e"), "ed1_public.pem")]);
        let header = if ed { json!({ "alg": "EdDSA", "kid": "e" }) } else { json!({ "alg": "HS256" }) };
        let token = format!("{}.{}.{}", b64(&header), b64(&claims()), URL_SAFE_NO_PAD.encode(&signature));
        let refused = matches!(verifier.verify(&token), Err(Error::InvalidCredentials { .. }));
        prop_assert!(refused);
    }
}
