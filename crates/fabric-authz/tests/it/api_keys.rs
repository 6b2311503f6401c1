//! API keys: one conformance suite run against every store, malformed input, proptest.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use fabric_authz::secrecy::ExposeSecret;
use fabric_authz::{
    API_KEY_LEN, API_KEY_PREFIX, ApiKeyInfo, ApiKeyStore, ApiKeys, CredentialFailure, Error,
    MemoryApiKeyStore,
};
use proptest::prelude::*;

use crate::{assert_refused, runtime};

/// Runs every suite function against a store made by `$make`.
macro_rules! store_suite {
    ($module:ident, $make:expr) => {
        mod $module {
            use super::*;

            #[tokio::test]
            async fn create_authenticate_list() {
                super::create_authenticate_list($make).await;
            }
            #[tokio::test]
            async fn wrong_secret_and_unknown_id() {
                super::wrong_secret_and_unknown_id($make).await;
            }
            #[tokio::test]
            async fn revoke() {
                super::revoke($make).await;
            }
            #[tokio::test]
            async fn expiry() {
                super::expiry($make).await;
            }
            #[tokio::test]
            async fn create_refuses_bad_arguments() {
                super::create_refuses_bad_arguments($make).await;
            }
            #[tokio::test]
            async fn malformed_keys_are_refused() {
                super::malformed_keys_are_refused($make).await;
            }
            #[tokio::test]
            async fn last_use_is_recorded_at_most_hourly() {
                super::last_use_is_recorded_at_most_hourly($make).await;
            }
        }
    };
}

store_suite!(memory, Arc::new(MemoryApiKeyStore::new()));
#[cfg(feature = "sqlite")]
store_suite!(sqlite, Arc::new(fabric_authz::SqliteApiKeyStore::open_in_memory().unwrap()));

async fn create_authenticate_list(store: Arc<dyn ApiKeyStore>) {
    let keys = ApiKeys::new(store);
    let before = Utc::now() - TimeDelta::seconds(1);
    let (info, key) =
        keys.create(&["user", "viewer"], "acme", "ci deploy", None).await.expect("create");
    let key = key.expose_secret();
    assert_eq!(key.len(), API_KEY_LEN);
    assert!(key.starts_with(API_KEY_PREFIX));
    let id = &key[API_KEY_PREFIX.len()..API_KEY_PREFIX.len() + 12];
    assert_eq!(id, info.id);
    assert!(info.id.bytes().all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f')));
    assert_eq!(&key[19..20], "_");
    assert!(key[20..].bytes().all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f')));
    assert_eq!(info.owner, "acme");
    assert_eq!(info.roles, ["user", "viewer"]);
    assert_eq!(info.name, "ci deploy");
    assert!(info.created_at >= before && info.created_at <= Utc::now());
    assert_eq!((info.expires_at, info.revoked_at), (None, None));
    assert!(info.is_active_at(Utc::now()));

    let principal = keys.authenticate(key).await.expect("authenticate");
    assert_eq!(principal.subject(), format!("apikey:{}", info.id));
    assert_eq!(principal.subject(), info.subject());
    assert_eq!(principal.owner(), "acme");
    assert_eq!(principal.roles(), ["user", "viewer"]);

    let (second, second_key) = keys.create(&["admin"], "ops", "root", None).await.unwrap();
    assert_ne!(second.id, info.id);
    assert_ne!(second_key.expose_secret(), key);
    let listed = keys.list().await.unwrap();
    assert_eq!(listed.len(), 2);
    // The authentication was recorded as the key's last use; nothing else changed.
    let used = keys.get(&info.id).await.unwrap();
    assert!(used.last_used_at.is_some_and(|at| at >= before && at <= Utc::now()), "{used:?}");
    assert_eq!(ApiKeyInfo { last_used_at: None, ..used.clone() }, info);
    assert!(listed.contains(&used) && listed.contains(&second));
    assert!(matches!(keys.get("ffffffffffff").await, Err(Error::KeyNotFound)));
    assert!(matches!(keys.get("not an id").await, Err(Error::KeyNotFound)));
    // Listings carry no secret and no hash: only the public fields.
    let json = serde_json::to_value(&listed).unwrap();
    let text = json.to_string();
    assert!(!text.contains(&key[20..]));
    let fields: Vec<&String> = json[0].as_object().unwrap().keys().collect();
    assert_eq!(
        fields,
        ["created_at", "expires_at", "id", "last_used_at", "name", "owner", "revoked_at", "roles"]
    );
}

async fn last_use_is_recorded_at_most_hourly(store: Arc<dyn ApiKeyStore>) {
    let keys = ApiKeys::new(store);
    let (info, key) = keys.create(&["user"], "acme", "k", None).await.unwrap();
    let key = key.expose_secret();
    assert_eq!(info.last_used_at, None);
    let last_used = || async { keys.get(&info.id).await.unwrap().last_used_at };
    let start = DateTime::from_timestamp(Utc::now().timestamp(), 0).unwrap();
    keys.authenticate_at(key, start).await.unwrap();
    assert_eq!(last_used().await, Some(start));
    // Within the hour: no write.
    keys.authenticate_at(key, start + TimeDelta::minutes(59)).await.unwrap();
    assert_eq!(last_used().await, Some(start));
    let later = start + TimeDelta::hours(2);
    keys.authenticate_at(key, later).await.unwrap();
    assert_eq!(last_used().await, Some(later));
    // An earlier clock never moves it back; a refused attempt is no use.
    keys.authenticate_at(key, start + TimeDelta::hours(1)).await.unwrap();
    let wrong = format!("{}0", &key[..key.len() - 1]);
    let wrong = if wrong == key { format!("{}1", &key[..key.len() - 1]) } else { wrong };
    assert!(keys.authenticate_at(&wrong, later + TimeDelta::hours(3)).await.is_err());
    assert_eq!(last_used().await, Some(later));
}

async fn wrong_secret_and_unknown_id(store: Arc<dyn ApiKeyStore>) {
    let keys = ApiKeys::new(store);
    let (info, key) = keys.create(&["viewer"], "acme", "k", None).await.unwrap();
    let key = key.expose_secret().to_owned();
    let last = key.chars().last().unwrap();
    let flipped = format!("{}{}", &key[..key.len() - 1], if last == '0' { '1' } else { '0' });
    assert_refused(keys.authenticate(&flipped).await, CredentialFailure::WrongSecret);
    let other_id = format!("{API_KEY_PREFIX}{}{}", "0".repeat(12), &key[19..]);
    assert_ne!(info.id, "000000000000");
    assert_refused(keys.authenticate(&other_id).await, CredentialFailure::UnknownKey);
    // Both refusals look the same from outside.
    let wrong = keys.authenticate(&flipped).await.unwrap_err().to_string();
    let unknown = keys.authenticate(&other_id).await.unwrap_err().to_string();
    assert_eq!(wrong, unknown);
    assert_eq!(wrong, "invalid credentials");
    keys.authenticate(&key).await.expect("the right key still works");
}

async fn revoke(store: Arc<dyn ApiKeyStore>) {
    let keys = ApiKeys::new(store);
    let (info, key) = keys.create(&["user"], "acme", "k", None).await.unwrap();
    let (other, other_key) = keys.create(&["user"], "acme", "k2", None).await.unwrap();
    keys.revoke(&info.id).await.unwrap();
    assert_refused(keys.authenticate(key.expose_secret()).await, CredentialFailure::Revoked);
    keys.authenticate(other_key.expose_secret()).await.expect("other keys unaffected");
    let revoked_at = keys.get(&info.id).await.unwrap().revoked_at.expect("revoked_at set");
    assert!(!keys.get(&info.id).await.unwrap().is_active_at(Utc::now()));
    keys.revoke(&info.id).await.expect("revoking twice is fine");
    assert_eq!(keys.get(&info.id).await.unwrap().revoked_at, Some(revoked_at));
    assert!(keys.get(&other.id).await.unwrap().revoked_at.is_none());
    assert!(matches!(keys.revoke("ffffffffffff").await, Err(Error::KeyNotFound)));
    assert!(matches!(keys.revoke("").await, Err(Error::KeyNotFound)));
    assert!(matches!(keys.revoke("'; DROP TABLE x; --").await, Err(Error::KeyNotFound)));
}

async fn expiry(store: Arc<dyn ApiKeyStore>) {
    let keys = ApiKeys::new(store);
    let (info, key) =
        keys.create(&["user"], "acme", "k", Some(Duration::from_secs(3600))).await.unwrap();
    let expires_at = info.expires_at.expect("expiry set");
    assert_eq!(expires_at - info.created_at, TimeDelta::seconds(3600));
    let key = key.expose_secret();
    keys.authenticate(key).await.expect("valid before expiry");
    keys.authenticate_at(key, expires_at - TimeDelta::seconds(1)).await.expect("last second");
    assert_refused(keys.authenticate_at(key, expires_at).await, CredentialFailure::Expired);
    assert_refused(
        keys.authenticate_at(key, expires_at + TimeDelta::hours(2)).await,
        CredentialFailure::Expired,
    );
    assert!(!info.is_active_at(expires_at));
    assert_eq!(keys.get(&info.id).await.unwrap().expires_at, Some(expires_at));
}

async fn create_refuses_bad_arguments(store: Arc<dyn ApiKeyStore>) {
    let keys = ApiKeys::new(store);
    let no_roles: [&str; 0] = [];
    let cases = [
        keys.create(&no_roles, "acme", "k", None).await,
        keys.create(&["user"], "acme", "", None).await,
        keys.create(&["user"], "acme", "   ", None).await,
        keys.create(&["user"], "acme", "line\nbreak", None).await,
        keys.create(&["user"], "acme", &"x".repeat(129), None).await,
        keys.create(&["user"], "acme", "k", Some(Duration::ZERO)).await,
        keys.create(&["user"], "acme", "k", Some(Duration::MAX)).await,
    ];
    for case in cases {
        assert!(matches!(case, Err(Error::InvalidArgument { .. })), "{case:?}");
    }
    assert!(matches!(
        keys.create(&["user"], "ac me", "k", None).await,
        Err(Error::InvalidName { .. })
    ));
    assert!(matches!(
        keys.create(&["us/er"], "acme", "k", None).await,
        Err(Error::InvalidName { .. })
    ));
    assert!(keys.list().await.unwrap().is_empty(), "nothing was stored");
}

async fn malformed_keys_are_refused(store: Arc<dyn ApiKeyStore>) {
    let keys = ApiKeys::new(store);
    let (info, key) = keys.create(&["user"], "acme", "k", None).await.unwrap();
    let key = key.expose_secret();
    let secret = &key[20..];
    let huge = format!("{key}{}", "a".repeat(1 << 20));
    let malformed = [
        String::new(),
        "fabric".to_owned(),
        API_KEY_PREFIX.to_owned(),
        format!("fabric_{}", info.id),
        format!("fabric_{}_", info.id),
        format!("Fabric_{}_{secret}", info.id),
        format!("fabrik_{}_{secret}", info.id),
        format!("xfabric_{}_{secret}", info.id),
        format!("fabric_{}{secret}", info.id),
        format!("fabric__{}_{secret}", info.id),
        format!("fabric_{}_{secret}_", info.id),
        format!("fabric_{}__{}", info.id, &secret[1..]),
        format!("fabric_{}_{}", info.id.to_uppercase(), secret),
        format!("fabric_{}_{}", info.id, secret.to_uppercase()),
        format!(" {key}"),
        format!("{key} "),
        format!("fabric_{}_{}é", info.id, &secret[..62]),
        format!("fabric_{}_{}", "é".repeat(6), secret),
        "fabric_\u{0}\u{0}\u{0}".to_owned(),
        huge,
    ];
    // Upper-casing an id or secret made only of digits changes nothing: that is the key.
    for token in malformed.iter().filter(|token| token.as_str() != key) {
        assert_refused(keys.authenticate(token).await, CredentialFailure::Malformed);
    }
}

#[tokio::test]
async fn the_cache_still_checks_secrets_and_forgets_keys_it_revokes() {
    let store: Arc<dyn ApiKeyStore> = Arc::new(MemoryApiKeyStore::new());
    let cached = ApiKeys::new(Arc::clone(&store)).with_cache(Duration::from_secs(3600));
    let direct = ApiKeys::new(Arc::clone(&store));
    let (info, key) = cached.create(&["user"], "acme", "k", None).await.unwrap();
    cached.authenticate(key.expose_secret()).await.expect("first use fills the cache");
    let wrong = format!("{}{}", &key.expose_secret()[..API_KEY_LEN - 1], "0");
    let wrong = if wrong == *key.expose_secret() {
        format!("{}{}", &key.expose_secret()[..API_KEY_LEN - 1], "1")
    } else {
        wrong
    };
    assert_refused(cached.authenticate(&wrong).await, CredentialFailure::WrongSecret);
    // Revoked by another process: the cache may serve the old record for one lifetime.
    direct.revoke(&info.id).await.unwrap();
    assert_refused(direct.authenticate(key.expose_secret()).await, CredentialFailure::Revoked);
    assert!(cached.authenticate(key.expose_secret()).await.is_ok(), "within the cache window");
    // Revoked through the caching instance: refused at once.
    cached.revoke(&info.id).await.unwrap();
    assert_refused(cached.authenticate(key.expose_secret()).await, CredentialFailure::Revoked);
    // A zero lifetime is no cache.
    let uncached = ApiKeys::new(store).with_cache(Duration::ZERO);
    assert_refused(uncached.authenticate(key.expose_secret()).await, CredentialFailure::Revoked);
}

#[cfg(feature = "sqlite")]
mod sqlite_specific {
    use fabric_authz::SqliteApiKeyStore;

    use super::*;

    #[tokio::test]
    async fn shares_a_database_file_and_survives_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fabric.db");
        {
            let other = rusqlite::Connection::open(&path).unwrap();
            other.execute_batch("CREATE TABLE records (id TEXT PRIMARY KEY)").unwrap();
            other.execute("INSERT INTO records VALUES ('r1')", []).unwrap();
        }
        let keys = ApiKeys::new(Arc::new(SqliteApiKeyStore::open(&path).unwrap()));
        let (info, key) = keys.create(&["user"], "acme", "k", None).await.unwrap();
        drop(keys);

        let keys = ApiKeys::new(Arc::new(SqliteApiKeyStore::open(&path).unwrap()));
        assert_eq!(keys.list().await.unwrap(), std::slice::from_ref(&info));
        keys.authenticate(key.expose_secret()).await.expect("still valid after reopen");
        keys.revoke(&info.id).await.unwrap();

        let check = rusqlite::Connection::open(&path).unwrap();
        let mode: String = check.query_row("PRAGMA journal_mode", [], |row| row.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let records: i64 =
            check.query_row("SELECT count(*) FROM records", [], |row| row.get(0)).unwrap();
        assert_eq!(records, 1, "other tables untouched");
        let hash: Vec<u8> = check
            .query_row("SELECT secret_hash FROM fabric_api_keys", [], |row| row.get(0))
            .unwrap();
        assert_eq!(hash.len(), 32);
        let dump: String = check
            .query_row(
                "SELECT id || name || owner || roles || hex(secret_hash) FROM fabric_api_keys",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert!(!dump.to_lowercase().contains(&key.expose_secret()[20..]), "secret not stored");
    }

    #[tokio::test]
    async fn a_table_from_before_last_use_gains_the_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fabric.db");
        {
            let old = rusqlite::Connection::open(&path).unwrap();
            old.execute_batch(
                "CREATE TABLE fabric_api_keys (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL,
                 owner TEXT NOT NULL, roles TEXT NOT NULL, secret_hash BLOB NOT NULL,
                 created_at INTEGER NOT NULL, expires_at INTEGER, revoked_at INTEGER) STRICT;
                 INSERT INTO fabric_api_keys VALUES ('0123456789ab', 'old', 'acme', '[\"user\"]',
                 zeroblob(32), 1700000000, NULL, NULL);",
            )
            .unwrap();
        }
        let keys = ApiKeys::new(Arc::new(SqliteApiKeyStore::open(&path).unwrap()));
        let old = keys.get("0123456789ab").await.unwrap();
        assert_eq!((old.name.as_str(), old.last_used_at), ("old", None));
        let (info, key) = keys.create(&["user"], "acme", "new", None).await.unwrap();
        keys.authenticate(key.expose_secret()).await.unwrap();
        assert!(keys.get(&info.id).await.unwrap().last_used_at.is_some());
        drop(keys);
        // Opening it again finds the column there.
        let keys = ApiKeys::new(Arc::new(SqliteApiKeyStore::open(&path).unwrap()));
        assert_eq!(keys.list().await.unwrap().len(), 2);
    }

    #[tokio::test]
    async fn corrupt_rows_are_errors_not_panics() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fabric.db");
        let keys = ApiKeys::new(Arc::new(SqliteApiKeyStore::open(&path).unwrap()));
        let (info, key) = keys.create(&["user"], "acme", "k", None).await.unwrap();
        let raw = rusqlite::Connection::open(&path).unwrap();
        raw.execute("UPDATE fabric_api_keys SET roles = 'not json'", []).unwrap();
        assert!(matches!(keys.list().await, Err(Error::Storage { .. })));
        raw.execute("UPDATE fabric_api_keys SET roles = '[\"bad role\"]'", []).unwrap();
        assert!(matches!(keys.authenticate(key.expose_secret()).await, Err(Error::Storage { .. })));
        raw.execute("UPDATE fabric_api_keys SET roles = '[\"user\"]', secret_hash = x'00'", [])
            .unwrap();
        assert!(matches!(keys.get(&info.id).await, Err(Error::Storage { .. })));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_authentications() {
        let keys = ApiKeys::new(Arc::new(SqliteApiKeyStore::open_in_memory().unwrap()));
        let (_, key) = keys.create(&["user"], "acme", "k", None).await.unwrap();
        let key = Arc::new(key);
        let tasks: Vec<_> = (0..32)
            .map(|_| {
                let keys = keys.clone();
                let key = Arc::clone(&key);
                tokio::spawn(async move { keys.authenticate(key.expose_secret()).await })
            })
            .collect();
        for task in tasks {
            task.await.unwrap().expect("authenticated");
        }
    }

    #[test]
    fn works_outside_a_runtime_too() {
        let store = SqliteApiKeyStore::open_in_memory().unwrap();
        let listed = futures_lite_block_on(store.list());
        assert!(listed.unwrap().is_empty());
    }

    /// Polls a future that never waits (the store runs inline outside a runtime).
    fn futures_lite_block_on<F: std::future::Future>(future: F) -> F::Output {
        use std::task::{Context, Poll, Waker};
        let mut future = std::pin::pin!(future);
        let mut context = Context::from_waker(Waker::noop());
        match future.as_mut().poll(&mut context) {
            Poll::Ready(output) => output,
            Poll::Pending => panic!("store future was pending outside a runtime"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_strings_never_authenticate(token in ".{0,200}") {
        let keys = ApiKeys::new(Arc::new(MemoryApiKeyStore::new()));
        let result = runtime().block_on(async {
            keys.create(&["user"], "acme", "k", None).await.unwrap();
            keys.authenticate(&token).await
        });
        let refused = matches!(result, Err(Error::InvalidCredentials { .. }));
        prop_assert!(refused);
    }

    #[test]
    fn well_formed_random_keys_never_authenticate(
        id in "[0-9a-f]{12}",
        secret in "[0-9a-f]{64}",
        keep_id in any::<bool>(),
    ) {
        let keys = ApiKeys::new(Arc::new(MemoryApiKeyStore::new()));
        let result = runtime().block_on(async {
            let (info, _key) = keys.create(&["user"], "acme", "k", None).await.unwrap();
            let id = if keep_id { info.id } else { id };
            keys.authenticate(&format!("fabric_{id}_{secret}")).await
        });
        let refused = matches!(result, Err(Error::InvalidCredentials { .. }));
        prop_assert!(refused);
    }
}
