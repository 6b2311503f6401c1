//! S3 integration tests against a live S3-compatible server.
//!
//! `cargo xtask s3-test` starts a local server and sets `FABRIC_TEST_S3_ENDPOINT`,
//! `FABRIC_TEST_S3_ACCESS_KEY_ID` and `FABRIC_TEST_S3_SECRET_ACCESS_KEY` (optional:
//! `FABRIC_TEST_S3_REGION`; `FABRIC_TEST_S3_REQUIRE=versioning,object_lock,sse` to fail rather
//! than skip when the server lacks a feature; `FABRIC_TEST_S3_UNSUPPORTED=atomic_create` for
//! servers whose create-only put is not atomic). Without an endpoint every test here prints
//! why it is skipped and passes. Each test creates its own uniquely named buckets; ambient
//! `AWS_*` variables are never read.

#![allow(
    clippy::disallowed_methods,
    reason = "the S3 tests are configured by FABRIC_TEST_S3_* variables"
)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use fabric_core::fabric_audit::sink::backend::BackendSink;
use fabric_core::fabric_audit::{AuditKey, AuditLog, StreamId};
use futures::TryStreamExt as _;
use http::{Method, StatusCode};
use memory_fabric::crypto::{Keyring, MasterKey};
use memory_fabric::store::s3::{S3Backend, S3Client, S3Credentials, S3Request, Sse};
use memory_fabric::store::{
    Backend, Error as StoreError, ObjectKey, PutMode, Retention, RetentionMode, conformance,
};
use memory_fabric::{Error, Filter, MemoryFabric, NewRecord};

const KEY: &str = "3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGho=";

/// The server under test, from `FABRIC_TEST_S3_*`.
struct Server {
    endpoint: String,
    region: String,
    credentials: S3Credentials,
    require: Vec<String>,
    unsupported: Vec<String>,
}

fn list_var(name: &str) -> Vec<String> {
    std::env::var(name)
        .unwrap_or_default()
        .split(',')
        .map(|item| item.trim().to_owned())
        .filter(|item| !item.is_empty())
        .collect()
}

impl Server {
    /// The configured server, or `None` (after saying so) when there is none.
    fn from_env(test: &str) -> Option<Server> {
        let endpoint = std::env::var("FABRIC_TEST_S3_ENDPOINT").ok().filter(|e| !e.is_empty());
        let Some(endpoint) = endpoint else {
            eprintln!(
                "skipped {test}: FABRIC_TEST_S3_ENDPOINT is not set (run `cargo xtask s3-test`)"
            );
            return None;
        };
        let key_id = std::env::var("FABRIC_TEST_S3_ACCESS_KEY_ID").unwrap_or_default();
        let secret = std::env::var("FABRIC_TEST_S3_SECRET_ACCESS_KEY").unwrap_or_default();
        Some(Server {
            endpoint,
            region: std::env::var("FABRIC_TEST_S3_REGION").unwrap_or_else(|_| "us-east-1".into()),
            credentials: S3Backend::credentials(&key_id, &secret),
            require: list_var("FABRIC_TEST_S3_REQUIRE"),
            unsupported: list_var("FABRIC_TEST_S3_UNSUPPORTED"),
        })
    }

    fn allow_http(&self) -> bool {
        self.endpoint.starts_with("http://")
    }

    fn client(&self) -> S3Client {
        S3Client::new(Some(&self.endpoint), &self.region, self.allow_http(), &self.credentials)
            .unwrap()
    }

    /// A new bucket of its own; with versioning and Object Lock when `locked`.
    async fn bucket(&self, locked: bool) -> Result<String, StoreError> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|since| since.as_nanos())
            .unwrap_or_default();
        let name = format!("fabric-it-{nanos}-{}", NEXT.fetch_add(1, Ordering::Relaxed));
        self.client().create_bucket(&name, locked).await?;
        Ok(name)
    }

    fn backend(&self, bucket: &str, retention: Option<Retention>) -> S3Backend {
        let mut builder = S3Backend::builder()
            .with_bucket(bucket)
            .with_endpoint(&self.endpoint)
            .with_region(&self.region)
            .with_allow_http(self.allow_http())
            .with_credentials(self.credentials.clone());
        if let Some(retention) = retention {
            builder = builder.with_retention(retention);
        }
        builder.build().unwrap()
    }

    /// Whether `feature` is known to be missing; says so, or fails when it is required.
    fn missing(&self, feature: &str, test: &str, reason: &str) -> bool {
        assert!(
            !self.require.iter().any(|required| required == feature),
            "{test}: {feature} is required (FABRIC_TEST_S3_REQUIRE) but {reason}"
        );
        eprintln!("skipped {test}: {feature} unsupported by this server: {reason}");
        true
    }

    /// A bucket with versioning and Object Lock, or `None` when the server has none.
    async fn locked_bucket(&self, test: &str) -> Option<String> {
        let bucket = match self.bucket(true).await {
            Ok(bucket) => bucket,
            Err(error) => {
                self.missing("object_lock", test, &format!("creating a locked bucket: {error}"));
                return None;
            }
        };
        let client = self.client();
        if !client.object_lock_enabled(&bucket).await.unwrap_or(false) {
            self.missing("object_lock", test, "the bucket reports no Object Lock");
            return None;
        }
        if !client.versioning_enabled(&bucket).await.unwrap_or(false) {
            self.missing("versioning", test, "a locked bucket reports no versioning");
            return None;
        }
        Some(bucket)
    }

    /// A bucket with versioning, or `None` when the server has none.
    async fn versioned_bucket(&self, test: &str) -> Option<String> {
        let bucket = self.bucket(false).await.unwrap();
        let client = self.client();
        let enabled = client.enable_versioning(&bucket).await.is_ok()
            && client.versioning_enabled(&bucket).await.unwrap_or(false);
        if enabled {
            Some(bucket)
        } else {
            self.missing("versioning", test, "versioning could not be enabled");
            None
        }
    }

    fn atomic_create(&self, test: &str) -> bool {
        if self.unsupported.iter().any(|feature| feature == "atomic_create") {
            self.missing("atomic_create", test, "its create-only put is not atomic");
            return false;
        }
        true
    }
}

fn fabric(backend: Arc<dyn Backend>) -> MemoryFabric {
    MemoryFabric::builder()
        .backend(backend)
        .keyring(Keyring::single(MasterKey::parse(KEY).unwrap()))
        .build()
        .unwrap()
}

async fn head(backend: &S3Backend, s3_key: &str) -> memory_fabric::store::s3::S3Response {
    let request = S3Request::new(Method::HEAD, backend.bucket(), Some(s3_key));
    let response = backend.client().send(request).await.unwrap();
    assert_eq!(response.status, StatusCode::OK, "HEAD {s3_key}");
    response
}

/// Every check of the conformance suite (the racing one only where creates are atomic).
async fn run_conformance(server: &Server, backend: &dyn Backend, test: &str) {
    let racing = server.atomic_create(&format!("{test}, check concurrent_creates_have_one_winner"));
    conformance::run_all_but_racing(backend, racing).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn s3_passes_the_conformance_suite() {
    let test = "s3_passes_the_conformance_suite";
    let Some(server) = Server::from_env(test) else { return };
    let bucket = server.bucket(false).await.unwrap();
    run_conformance(&server, &server.backend(&bucket, None), test).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn s3_versioned_bucket_passes_the_conformance_suite_and_delete_removes_every_version() {
    let test = "s3_versioned_bucket_passes_the_conformance_suite";
    let Some(server) = Server::from_env(test) else { return };
    let Some(bucket) = server.versioned_bucket(test).await else { return };
    let backend = server.backend(&bucket, None);
    run_conformance(&server, &backend, test).await;
    let key = ObjectKey::parse("records/alice/versions").unwrap();
    backend.put(&key, Bytes::from_static(b"one"), PutMode::Create).await.unwrap();
    backend.put(&key, Bytes::from_static(b"two"), PutMode::Overwrite).await.unwrap();
    let s3_key = backend.s3_key(&key);
    assert_eq!(backend.client().list_versions(&bucket, &s3_key).await.unwrap().len(), 2);
    backend.delete(&key).await.unwrap();
    assert!(backend.client().list_versions(&bucket, &s3_key).await.unwrap().is_empty());
}

#[tokio::test]
async fn s3_round_trip_through_memory_fabric_leaves_no_plaintext_in_the_bucket() {
    let test = "s3_round_trip_through_memory_fabric";
    let Some(server) = Server::from_env(test) else { return };
    let bucket = server.bucket(false).await.unwrap();
    let backend = Arc::new(server.backend(&bucket, None));
    let fabric = fabric(backend.clone());
    let stored = fabric
        .store(
            NewRecord::new("alice", "plaintext-content-marker-7Q")
                .with_tag("plaintext-tag-marker-7Q")
                .with_metadata("plaintext-meta-key-7Q", "plaintext-meta-value-7Q"),
        )
        .await
        .unwrap();
    let read = fabric.retrieve("alice", stored.id.as_str()).await.unwrap();
    assert_eq!(read, stored);
    let listed = fabric.list(&Filter::owner("alice").with_tag("plaintext-tag-marker-7Q")).await;
    assert_eq!(listed.unwrap(), vec![stored.clone()]);

    // A plain S3 client sees the layout and only sealed bytes.
    let key = ObjectKey::parse(&format!("records/alice/{}", stored.id)).unwrap();
    let s3_key = backend.s3_key(&key);
    assert_eq!(s3_key, format!("fabric/records/alice/{}", stored.id));
    let request = S3Request::new(Method::GET, &bucket, Some(&s3_key));
    let raw = backend.client().send(request).await.unwrap();
    assert_eq!(raw.status, StatusCode::OK);
    assert!(raw.body.len() > 64);
    for marker in
        ["plaintext-content", "plaintext-tag", "plaintext-meta-key", "plaintext-meta-value"]
    {
        assert!(!raw.body.windows(marker.len()).any(|w| w == marker.as_bytes()), "{marker}");
    }

    fabric.delete("alice", stored.id.as_str()).await.unwrap();
    let gone = fabric.retrieve("alice", stored.id.as_str()).await;
    assert!(matches!(gone, Err(Error::NotFound { .. })), "{gone:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn s3_recall_finds_what_two_racing_writers_stored_and_keeps_no_word_in_clear() {
    let test = "s3_recall_finds_what_two_racing_writers_stored";
    let Some(server) = Server::from_env(test) else { return };
    if !server.atomic_create(test) {
        return;
    }
    let bucket = server.bucket(false).await.unwrap();
    // Two fabrics, two clients: the index manifest's compare-and-swap goes through S3.
    let first = Arc::new(fabric(Arc::new(server.backend(&bucket, None))));
    let second = Arc::new(fabric(Arc::new(server.backend(&bucket, None))));
    let writers: Vec<_> = [Arc::clone(&first), Arc::clone(&second)]
        .into_iter()
        .enumerate()
        .map(|(writer, fabric)| {
            tokio::spawn(async move {
                for index in 0..12 {
                    let text = format!("zephyrine note {writer} {index}");
                    fabric.store(NewRecord::new("alice", text)).await.unwrap();
                }
            })
        })
        .collect();
    for writer in writers {
        writer.await.unwrap();
    }
    let query = memory_fabric::RecallQuery {
        text: Some("zephyrine".into()),
        k: 50,
        filter: Filter::owner("alice"),
        ..memory_fabric::RecallQuery::default()
    };
    let hits = first.recall(&query).await.unwrap();
    assert_eq!(hits.len(), 24, "no write lost in the race");
    let deleted = hits[0].record.id.clone();
    second.delete("alice", deleted.as_str()).await.unwrap();
    let hits = first.recall(&query).await.unwrap();
    assert_eq!(hits.len(), 23);
    assert!(hits.iter().all(|hit| hit.record.id != deleted));

    let backend = server.backend(&bucket, None);
    let prefix = ObjectKey::parse("recall-index").unwrap();
    let keys: Vec<ObjectKey> =
        backend.list(&prefix).map_ok(|meta| meta.key).try_collect().await.unwrap();
    assert!(!keys.is_empty());
    for key in keys {
        let body = backend.get(&key).await.unwrap().body;
        assert!(!body.windows(9).any(|window| window == b"zephyrine"), "{key}");
    }
}

#[tokio::test]
async fn s3_every_put_carries_server_side_encryption() {
    let test = "s3_every_put_carries_server_side_encryption";
    let Some(server) = Server::from_env(test) else { return };
    let bucket = server.bucket(false).await.unwrap();
    let backend = server.backend(&bucket, None);
    let prefix = conformance::unique_prefix("sse");
    let key = |name: &str| prefix.child(name).unwrap();
    let first = backend.put(&key("a"), Bytes::from_static(b"1"), PutMode::Create).await.unwrap();
    backend.put(&key("a"), Bytes::from_static(b"2"), PutMode::IfVersion(first)).await.unwrap();
    backend.put(&key("b"), Bytes::from_static(b"3"), PutMode::Overwrite).await.unwrap();
    backend.put_many(vec![(key("c"), Bytes::from_static(b"4"), PutMode::Create)]).await.unwrap();
    for name in ["a", "b", "c"] {
        let response = head(&backend, &backend.s3_key(&key(name))).await;
        match response.header("x-amz-server-side-encryption") {
            Some(algorithm) => assert_eq!(algorithm, "AES256", "{name}"),
            None => {
                server.missing("sse", test, "HeadObject reports no server-side encryption");
                return;
            }
        }
    }

    // Every put also carries a SHA-256 checksum the server verifies and keeps.
    let s3_key = backend.s3_key(&key("b"));
    let request = S3Request::new(Method::HEAD, &bucket, Some(&s3_key))
        .headers(&[("x-amz-checksum-mode", "ENABLED")]);
    let response = backend.client().send(request).await.unwrap();
    match response.header("x-amz-checksum-sha256") {
        // SHA-256 of b"3".
        Some(checksum) => assert_eq!(checksum, "TgdAhWK+24tgzgXB3s/jrRa3IjCWfeAfZAt+Rym0n84="),
        None => eprintln!("{test}: the server does not report stored checksums"),
    }

    // SSE-KMS with a key id, when configured.
    let kms = S3Backend::builder()
        .with_bucket(&bucket)
        .with_endpoint(&server.endpoint)
        .with_region(&server.region)
        .with_allow_http(server.allow_http())
        .with_credentials(server.credentials.clone())
        .with_sse(Sse::Kms { key_id: "fabric-test-key".into() })
        .build()
        .unwrap();
    let kms_key = prefix.child("kms").unwrap();
    kms.put(&kms_key, Bytes::from_static(b"5"), PutMode::Create).await.unwrap();
    let response = head(&kms, &kms.s3_key(&kms_key)).await;
    assert_eq!(response.header("x-amz-server-side-encryption"), Some("aws:kms"));
    let key_id = response.header("x-amz-server-side-encryption-aws-kms-key-id").unwrap();
    assert!(key_id.ends_with("fabric-test-key"), "{key_id}");
}

#[tokio::test]
async fn s3_evidence_is_locked_and_its_delete_refused() {
    let test = "s3_evidence_is_locked_and_its_delete_refused";
    let Some(server) = Server::from_env(test) else { return };
    let Some(bucket) = server.locked_bucket(test).await else { return };
    // GOVERNANCE so that a real server's test bucket can still be emptied by an admin.
    let retention = Retention { mode: RetentionMode::Governance, days: 1 };
    let backend = Arc::new(server.backend(&bucket, Some(retention)));
    let master = MasterKey::parse(KEY).unwrap();
    let log = AuditLog::builder(
        Arc::new(BackendSink::new(backend.clone())),
        AuditKey::derive(&master),
        StreamId::parse("it-s3").unwrap(),
    )
    .build()
    .unwrap();
    let fabric = MemoryFabric::builder()
        .backend(backend.clone())
        .keyring(Keyring::single(master))
        .audit_log(Arc::new(log))
        .build()
        .unwrap();
    let evidence =
        fabric.store(NewRecord::new("alice", "signed off").with_evidence()).await.unwrap();
    let plain = fabric.store(NewRecord::new("alice", "scratch")).await.unwrap();

    let key = ObjectKey::parse(&format!("records/alice/{}", evidence.id)).unwrap();
    let s3_key = backend.s3_key(&key);
    let response = head(&backend, &s3_key).await;
    assert_eq!(response.header("x-amz-object-lock-mode"), Some("GOVERNANCE"));
    let until = response.header("x-amz-object-lock-retain-until-date").unwrap();
    let until = chrono::DateTime::parse_from_rfc3339(until).unwrap();
    let expected = chrono::Utc::now() + chrono::Duration::days(1);
    assert!((until.to_utc() - expected).num_minutes().abs() < 10, "{until}");
    let plain_key = ObjectKey::parse(&format!("records/alice/{}", plain.id)).unwrap();
    let plain_head = head(&backend, &backend.s3_key(&plain_key)).await;
    assert_eq!(plain_head.header("x-amz-object-lock-mode"), None);

    // The fabric reports the refusal, and the record is still there.
    let refused = fabric.delete("alice", evidence.id.as_str()).await;
    assert!(matches!(refused, Err(Error::Retained { .. })), "{refused:?}");
    assert_eq!(fabric.retrieve("alice", evidence.id.as_str()).await.unwrap(), evidence);
    // So does a plain client deleting the locked version.
    let version = response.header("x-amz-version-id").unwrap().to_owned();
    let query = [("versionId", version.as_str())];
    let request = S3Request::new(Method::DELETE, &bucket, Some(&s3_key)).query(&query);
    let raw = backend.client().send(request).await.unwrap();
    assert_eq!(raw.status, StatusCode::FORBIDDEN);
    // Records without the flag delete as usual.
    fabric.delete("alice", plain.id.as_str()).await.unwrap();

    // A record replaced after it was stored as evidence keeps its locked first version: the
    // delete is refused before anything goes, and the latest version stays readable.
    let replaced = fabric
        .store(NewRecord::new("alice", "first, locked").with_id("replaced").with_evidence())
        .await
        .unwrap();
    let latest = fabric
        .store(NewRecord::new("alice", "second, unlocked").with_id(replaced.id.as_str()))
        .await
        .unwrap();
    let refused = fabric.delete("alice", "replaced").await;
    assert!(matches!(refused, Err(Error::Retained { .. })), "{refused:?}");
    assert_eq!(fabric.retrieve("alice", "replaced").await.unwrap(), latest);

    // Audit checkpoints are written under the same retention.
    fabric.audit_log().unwrap().close().await.unwrap();
    let checkpoints = ObjectKey::parse("audit/it-s3/checkpoints").unwrap();
    let listed: Vec<_> = backend.list(&checkpoints).try_collect().await.unwrap();
    assert!(!listed.is_empty());
    for meta in listed {
        let response = head(&backend, &backend.s3_key(&meta.key)).await;
        assert_eq!(response.header("x-amz-object-lock-mode"), Some("GOVERNANCE"), "{}", meta.key);
    }
}

#[tokio::test]
async fn s3_retention_needs_an_object_lock_bucket() {
    let test = "s3_retention_needs_an_object_lock_bucket";
    let Some(server) = Server::from_env(test) else { return };
    let bucket = server.bucket(false).await.unwrap();
    let retention = Retention { mode: RetentionMode::Compliance, days: 1 };
    let backend = Arc::new(server.backend(&bucket, Some(retention)));
    let fabric = fabric(backend.clone());
    let refused = fabric.store(NewRecord::new("alice", "x").with_evidence()).await;
    assert!(
        matches!(&refused, Err(Error::Store(StoreError::InvalidConfig { reason })) if reason.contains("Object Lock")),
        "{refused:?}"
    );
    assert!(fabric.list(&Filter::owner("alice")).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn s3_racing_creates_of_one_id_have_one_winner() {
    let test = "s3_racing_creates_of_one_id_have_one_winner";
    let Some(server) = Server::from_env(test) else { return };
    if !server.atomic_create(test) {
        return;
    }
    let bucket = server.bucket(false).await.unwrap();
    let backend = Arc::new(server.backend(&bucket, None));
    let prefix = conformance::unique_prefix("race");
    for round in 0..10 {
        let key = prefix.child(&format!("r{round}")).unwrap();
        let tasks: Vec<_> = (0..2u8)
            .map(|writer| {
                let backend = Arc::clone(&backend);
                let key = key.clone();
                tokio::spawn(async move {
                    backend.put(&key, Bytes::from(vec![writer]), PutMode::Create).await
                })
            })
            .collect();
        let mut winners = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => winners += 1,
                Err(StoreError::AlreadyExists { .. }) => {}
                Err(other) => panic!("round {round}: {other:?}"),
            }
        }
        assert_eq!(winners, 1, "round {round}");
    }

    // Through the fabric: two stores of one new id never both write version 1; a loser gets a
    // version conflict, and what is read back is the last write that succeeded.
    let shared = Arc::new(fabric(backend));
    for round in 0..10 {
        let id = format!("race-{round}");
        let tasks: Vec<_> = (0..2)
            .map(|writer| {
                let fabric = Arc::clone(&shared);
                let input = NewRecord::new("racer", format!("writer {writer}")).with_id(&id);
                tokio::spawn(async move { fabric.store(input).await })
            })
            .collect();
        let mut stored = Vec::new();
        for task in tasks {
            match task.await.unwrap() {
                Ok(record) => stored.push(record),
                Err(Error::VersionConflict { .. }) => {}
                Err(other) => panic!("round {round}: {other:?}"),
            }
        }
        let mut versions: Vec<_> = stored.iter().map(|record| record.version).collect();
        versions.sort_unstable();
        assert!(versions == [1] || versions == [1, 2], "round {round}: {versions:?}");
        let last = stored.iter().max_by_key(|record| record.version).unwrap();
        assert_eq!(shared.retrieve("racer", &id).await.unwrap().content, last.content);
    }
}

#[tokio::test]
async fn s3_stale_version_update_is_refused() {
    let test = "s3_stale_version_update_is_refused";
    let Some(server) = Server::from_env(test) else { return };
    let bucket = server.bucket(false).await.unwrap();
    let backend = server.backend(&bucket, None);
    let key = conformance::unique_prefix("stale").child("k").unwrap();
    let first = backend.put(&key, Bytes::from_static(b"one"), PutMode::Create).await.unwrap();
    let second =
        backend.put(&key, Bytes::from_static(b"two"), PutMode::IfVersion(first.clone())).await;
    assert!(second.is_ok(), "{second:?}");
    let stale = backend.put(&key, Bytes::from_static(b"three"), PutMode::IfVersion(first)).await;
    assert!(matches!(stale, Err(StoreError::VersionMismatch { .. })), "{stale:?}");
    assert_eq!(backend.get(&key).await.unwrap().body.as_ref(), b"two");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn s3_listing_more_than_a_thousand_records_of_one_owner_pages() {
    let test = "s3_listing_more_than_a_thousand_records_of_one_owner_pages";
    let Some(server) = Server::from_env(test) else { return };
    let bucket = server.bucket(false).await.unwrap();
    let fabric = fabric(Arc::new(server.backend(&bucket, None)));
    let inputs: Vec<_> =
        (0..1_050).map(|i| NewRecord::new("bulk", format!("memory {i}"))).collect();
    let stored = fabric.store_many(inputs).await.unwrap();
    fabric.store(NewRecord::new("bulky", "another owner")).await.unwrap();
    let listed = fabric.list(&Filter::owner("bulk")).await.unwrap();
    assert_eq!(listed.len(), 1_050);
    let mut expected: Vec<_> = stored.iter().map(|record| record.id.clone()).collect();
    expected.sort();
    let ids: Vec<_> = listed.iter().map(|record| record.id.clone()).collect();
    assert_eq!(ids, expected);
}

#[test]
fn s3_plain_http_to_a_remote_endpoint_is_refused() {
    for endpoint in ["http://192.0.2.10:9000", "http://s3.example.com"] {
        let result = S3Backend::builder()
            .with_bucket("some-bucket")
            .with_endpoint(endpoint)
            .with_allow_http(true)
            .with_credentials(S3Backend::credentials("id", "secret"))
            .build();
        match result {
            Err(error @ StoreError::InsecureTransport { .. }) => {
                assert!(error.to_string().contains("plain http"), "{error}");
            }
            other => panic!("{endpoint}: {other:?}"),
        }
    }
    let without_permission = S3Backend::builder()
        .with_bucket("some-bucket")
        .with_endpoint("http://127.0.0.1:9000")
        .build();
    assert!(matches!(without_permission, Err(StoreError::InsecureTransport { .. })));
}
