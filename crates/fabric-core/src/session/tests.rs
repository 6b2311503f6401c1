//! Unit tests of [`SecureSession`]: permissions, owner scoping and audit of every call.

use std::sync::Arc;

use fabric_audit::sink::sqlite::SqliteSink;
use fabric_audit::{AuditSink, Operation, Reason, Status, tail};
use fabric_authz::{Permission, Policy, Principal, RolesConfig};
use fabric_crypto::{Keyring, MasterKey};
use fabric_store::ObjectStoreBackend;

use super::*;

const KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

fn audited(dir: &tempfile::TempDir, policy: Policy) -> (MemoryFabric, Arc<dyn AuditSink>) {
    let sink: Arc<dyn AuditSink> =
        Arc::new(SqliteSink::open(&dir.path().join("audit.db")).unwrap());
    let key = MasterKey::parse(KEY).unwrap();
    let fabric = MemoryFabric::builder()
        .backend(Arc::new(ObjectStoreBackend::memory()))
        .keyring(Keyring::single(key))
        .audit_to(Arc::clone(&sink), "test")
        .actor("library")
        .access_policy(policy)
        .build()
        .unwrap();
    (fabric, sink)
}

fn principal(subject: &str, owner: &str, role: &str) -> Principal {
    Principal::new(subject, owner, [role]).unwrap()
}

#[tokio::test]
async fn a_principal_named_like_the_fabrics_own_actor_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (fabric, sink) = audited(&dir, Policy::default());
    let impostor = fabric.session(principal("library", "acme", "admin"));
    assert!(matches!(
        impostor.store(NewRecord::new("acme", "x")).await,
        Err(Error::PermissionDenied { .. })
    ));
    assert!(matches!(impostor.list(&Filter::default()).await, Err(Error::PermissionDenied { .. })));
    // The only events are denials; none is a success that looks like the fabric's own.
    let events = tail(sink.as_ref(), 10).await.unwrap();
    assert_eq!(events.len(), 2);
    assert!(events.iter().all(|event| event.status() == Status::Denied));
}

#[tokio::test]
async fn roles_grant_exactly_their_permissions_and_denials_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let (fabric, sink) = audited(&dir, Policy::default());
    let record = fabric.store(NewRecord::new("acme", "seed")).await.unwrap();
    let id = record.id.as_str();

    let viewer = fabric.session(principal("vic", "acme", "viewer")).with_request_id("req-1");
    assert_eq!(viewer.retrieve(None, id).await.unwrap().content, "seed");
    assert_eq!(viewer.list(&Filter::default()).await.unwrap().len(), 1);
    let denied = viewer.store(NewRecord::new("acme", "no")).await.unwrap_err();
    assert!(matches!(denied, Error::PermissionDenied { permission: Permission::Store, .. }));
    assert!(matches!(viewer.delete(None, id).await, Err(Error::PermissionDenied { .. })));
    assert!(matches!(
        viewer.audit_query(&AuditQuery::default()).await,
        Err(Error::PermissionDenied { .. })
    ));

    let events = tail(sink.as_ref(), 10).await.unwrap();
    let last = &events[events.len() - 1];
    assert_eq!(last.operation(), Operation::ReadAudit);
    assert_eq!(last.status(), Status::Denied);
    assert_eq!(last.reason(), Some(Reason::PermissionDenied));
    assert_eq!(last.actor().unwrap().as_str(), "vic");
    assert_eq!(last.request_id().unwrap().as_str(), "req-1");
    let store_denial = &events[events.len() - 3];
    assert_eq!(store_denial.operation(), Operation::Store);
    assert_eq!(store_denial.status(), Status::Denied);
    let get = events.iter().find(|event| event.operation() == Operation::Retrieve).unwrap();
    assert_eq!((get.actor().unwrap().as_str(), get.status()), ("vic", Status::Success));

    let admin = fabric.session(principal("root", "ops", "admin"));
    assert!(!admin.audit_query(&AuditQuery::default()).await.unwrap().is_empty());
    assert!(admin.audit_verify().await.unwrap().events > 0);
    // An admin naming no owner recalls its own owner's records (here, none).
    let query =
        crate::RecallQuery { text: Some("x".into()), k: 1, ..crate::RecallQuery::default() };
    assert!(admin.recall(&query).await.unwrap().is_empty());
}

#[tokio::test]
async fn non_admins_see_only_their_owner_and_admins_choose() {
    let dir = tempfile::tempdir().unwrap();
    let (fabric, _sink) = audited(&dir, Policy::default());
    let alice = fabric.session(principal("alice", "acme", "user"));
    let mallory = fabric.session(principal("mallory", "globex", "user"));
    // Mallory naming acme still stores under globex.
    let planted = mallory.store(NewRecord::new("acme", "planted")).await.unwrap();
    assert_eq!(planted.owner, "globex");
    let own = alice.store(NewRecord::new("", "alice's")).await.unwrap();
    assert_eq!(own.owner, "acme");

    let id = own.id.as_str();
    assert!(matches!(mallory.retrieve(Some("acme"), id).await, Err(Error::NotFound { .. })));
    assert!(matches!(mallory.delete(Some("acme"), id).await, Err(Error::NotFound { .. })));
    let listed = mallory.list(&Filter::owner("acme")).await.unwrap();
    assert_eq!(listed.iter().map(|record| record.owner.as_str()).collect::<Vec<_>>(), ["globex"]);
    assert_eq!(alice.retrieve(Some("globex"), id).await.unwrap().content, "alice's");

    let admin = fabric.session(principal("root", "ops", "admin"));
    assert_eq!(admin.list(&Filter::default()).await.unwrap().len(), 2);
    assert_eq!(admin.list(&Filter::owner("globex")).await.unwrap().len(), 1);
    assert_eq!(admin.retrieve(Some("acme"), id).await.unwrap().content, "alice's");
    assert!(matches!(admin.retrieve(None, id).await, Err(Error::NotFound { .. })));
    assert!(matches!(admin.retrieve(Some("../x"), id).await, Err(Error::InvalidInput { .. })));
    admin.delete(Some("acme"), id).await.unwrap();
    assert!(matches!(alice.retrieve(None, id).await, Err(Error::NotFound { .. })));
}

#[tokio::test]
async fn custom_roles_come_from_the_policy() {
    let dir = tempfile::tempdir().unwrap();
    let config: RolesConfig =
        serde_json::from_str(r#"{"auditor": ["read_audit"], "writer": ["store"]}"#).unwrap();
    let (fabric, _sink) = audited(&dir, Policy::new(&config).unwrap());
    let writer = fabric.session(principal("w", "acme", "writer"));
    let stored = writer.store(NewRecord::new("acme", "x")).await.unwrap();
    assert!(matches!(
        writer.retrieve(None, stored.id.as_str()).await,
        Err(Error::PermissionDenied { permission: Permission::Get, .. })
    ));
    let auditor = fabric.session(principal("a", "acme", "auditor"));
    assert!(auditor.audit_verify().await.is_ok());
    assert!(!auditor.allows(Permission::Store));
}

#[tokio::test]
async fn a_non_admin_auditor_reads_only_its_own_owners_events() {
    let dir = tempfile::tempdir().unwrap();
    let config: RolesConfig = serde_json::from_str(r#"{"auditor": ["read_audit"]}"#).unwrap();
    let (fabric, _sink) = audited(&dir, Policy::new(&config).unwrap());
    fabric
        .session(principal("u1", "acme", "user"))
        .store(NewRecord::new("acme", "a"))
        .await
        .unwrap();
    fabric
        .session(principal("u2", "globex", "user"))
        .store(NewRecord::new("globex", "g"))
        .await
        .unwrap();
    let auditor = fabric.session(principal("a", "acme", "auditor"));
    let asked_for_globex = AuditQuery {
        owner: Some(fabric_audit::Id::parse("globex").unwrap()),
        ..AuditQuery::default()
    };
    for query in [AuditQuery::default(), asked_for_globex] {
        let events = auditor.audit_query(&query).await.unwrap();
        assert!(!events.is_empty());
        assert!(
            events.iter().all(|event| event.owner().map(fabric_audit::Id::as_str) == Some("acme"))
        );
    }
}

#[tokio::test]
async fn only_an_admin_stores_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let (fabric, _sink) = audited(&dir, Policy::default());
    let user = fabric.session(principal("u", "acme", "user"));
    assert!(matches!(
        user.store(NewRecord::new("acme", "kept").with_evidence()).await,
        Err(Error::PermissionDenied { permission: Permission::Store, .. })
    ));
    let admin = fabric.session(principal("root", "acme", "admin"));
    // Past the permission check, a backend without retention refuses evidence.
    assert!(matches!(
        admin.store(NewRecord::new("acme", "kept").with_evidence()).await,
        Err(Error::InvalidInput { field: "evidence", .. })
    ));
}

#[tokio::test]
async fn a_session_lists_at_most_max_list_records() {
    let dir = tempfile::tempdir().unwrap();
    let (fabric, _sink) = audited(&dir, Policy::default());
    let batch =
        (0..=crate::MAX_LIST_RECORDS).map(|i| NewRecord::new("acme", i.to_string())).collect();
    fabric.store_many(batch).await.unwrap();
    let user = fabric.session(principal("u", "acme", "user"));
    for limit in [None, Some(crate::MAX_LIST_RECORDS * 5)] {
        let filter = Filter { limit, ..Filter::default() };
        assert_eq!(user.list(&filter).await.unwrap().len(), crate::MAX_LIST_RECORDS);
    }
}
