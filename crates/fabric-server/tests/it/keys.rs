//! The key routes over HTTP: an admin starts an owner-key rotation in the background and
//! follows it to the end; everyone else is refused and audited; memories read the same
//! before, during and after.

use std::time::Duration;

use fabric_core::fabric_audit::{AuditQuery, Detail, DetailName, Operation, Status};
use serde_json::{Value, json};

use crate::{Options, REQUEST_DEADLINE, TestServer, call, start, start_with};

/// The successful `rotate_keys` events of `server`'s audit log.
async fn rotations_audited(server: &TestServer) -> Vec<fabric_core::fabric_audit::AuditEvent> {
    let query = AuditQuery {
        operation: Some(Operation::RotateKeys),
        status: Some(Status::Success),
        ..AuditQuery::default()
    };
    fabric_core::fabric_audit::query(server.audit_sink.as_ref(), &query).await.unwrap()
}

#[tokio::test]
async fn an_admin_rotates_owner_keys_in_the_background_and_follows_its_progress() {
    let server = start_with(Options { owner_keys: true, ..Options::default() }).await;
    let (admin, bob) = (server.key("admin", "ops").await, server.key("user", "bob").await);
    let mut ids = Vec::new();
    for n in 0..3 {
        let body = json!({ "content": format!("bob's memory {n} about the harbour crane") });
        let stored = call(server.addr, "POST", "/v1/memories", Some(&bob), Some(body)).await;
        assert_eq!(stored.status, 201);
        ids.push(stored.json()["id"].as_str().unwrap().to_owned());
    }

    // Only admins holding the permissions may look or start; refusals are audited.
    let looked = call(server.addr, "GET", "/v1/admin/keys", Some(&bob), None).await;
    assert_eq!(looked.status, 403);
    let started = call(server.addr, "POST", "/v1/admin/keys/rotate", Some(&bob), None).await;
    assert_eq!(started.status, 403);
    assert_eq!(server.denied(Operation::RotateKeys).await.len(), 1);
    assert_eq!(server.denied(Operation::ManageKeys).await.len(), 1);

    let keys = call(server.addr, "GET", "/v1/admin/keys", Some(&admin), None).await;
    assert_eq!(keys.status, 200, "{:?}", keys.json());
    let keys = keys.json();
    let active = keys["active"].as_str().unwrap().to_owned();
    assert!(keys["keys"].as_array().unwrap().contains(&json!(active)));
    assert_eq!(
        (keys["owner_keys"].as_bool(), &keys["rotation"]),
        (Some(true), &json!({"state": "idle"}))
    );
    assert!(keys.get("usage").is_none());

    let started = call(server.addr, "POST", "/v1/admin/keys/rotate", Some(&admin), None).await;
    assert_eq!(started.status, 202, "{:?}", started.json());
    assert_eq!(started.json()["rotation"]["state"], "running");
    // One at a time (the rotation first waits a second for other processes to see the keys).
    let twice = call(server.addr, "POST", "/v1/admin/keys/rotate", Some(&admin), None).await;
    assert_eq!((twice.status.as_u16(), twice.error_code()), (409, "conflict".to_owned()));

    let mut rotation = Value::Null;
    for _ in 0..200 {
        let keys = call(server.addr, "GET", "/v1/admin/keys", Some(&admin), None).await;
        rotation = keys.json()["rotation"].clone();
        if rotation["state"] != "running" {
            break;
        }
        // Memories read while it runs.
        let path = format!("/v1/memories/{}", ids[0]);
        assert_eq!(call(server.addr, "GET", &path, Some(&bob), None).await.status, 200);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(rotation["state"], "done", "{rotation}");
    assert_eq!((rotation["owners"].as_u64(), rotation["records"].as_u64()), (Some(1), Some(3)));

    for (n, id) in ids.iter().enumerate() {
        let read = call(server.addr, "GET", &format!("/v1/memories/{id}"), Some(&bob), None).await;
        assert_eq!(read.status, 200);
        assert_eq!(read.json()["content"], format!("bob's memory {n} about the harbour crane"));
    }
    let recalled = call(
        server.addr,
        "POST",
        "/v1/recall",
        Some(&bob),
        Some(json!({ "query": "harbour crane", "k": 10 })),
    )
    .await;
    assert_eq!(recalled.status, 200, "{:?}", recalled.json());
    assert_eq!(recalled.json()["results"].as_array().map(Vec::len), Some(3));

    // What each key protects: bob's owner key and his three records, under the active key.
    let usage = call(server.addr, "GET", "/v1/admin/keys?usage=true", Some(&admin), None).await;
    let usage = usage.json()["usage"].clone();
    assert_eq!(usage["by_key"][&active]["records"].as_u64(), Some(3), "{usage}");
    assert_eq!(usage["by_key"][&active]["owner_keys"].as_u64(), Some(1), "{usage}");

    // Audited once, with the counts.
    let events = rotations_audited(&server).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].details().get(&DetailName::RECORDS), Some(&Detail::Count(3)));
}

/// A server stopped while a rotation it started runs waits for it (`drain`): the rotation
/// ends done and audited, not cut off before its event.
#[tokio::test]
async fn draining_the_server_waits_for_a_running_rotation() {
    let server = start_with(Options { owner_keys: true, ..Options::default() }).await;
    let (admin, bob) = (server.key("admin", "ops").await, server.key("user", "bob").await);
    let body = json!({ "content": "bob's memory about the harbour crane" });
    assert_eq!(call(server.addr, "POST", "/v1/memories", Some(&bob), Some(body)).await.status, 201);
    let started = call(server.addr, "POST", "/v1/admin/keys/rotate", Some(&admin), None).await;
    assert_eq!(started.status, 202, "{:?}", started.json());
    // The rotation waits a second before its first pass: drain comes well inside it.
    tokio::time::timeout(REQUEST_DEADLINE, server.state.drain()).await.unwrap();
    let events = rotations_audited(&server).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].details().get(&DetailName::RECORDS), Some(&Detail::Count(1)));
}

#[tokio::test]
async fn without_owner_keys_there_is_nothing_to_rotate() {
    let server = start().await;
    let admin = server.key("admin", "ops").await;
    let answer = call(server.addr, "POST", "/v1/admin/keys/rotate", Some(&admin), None).await;
    assert_eq!(answer.status, 501);
    let keys = call(server.addr, "GET", "/v1/admin/keys", Some(&admin), None).await.json();
    assert_eq!(
        (keys["owner_keys"].as_bool(), &keys["rotation"]),
        (Some(false), &json!({"state": "idle"}))
    );
}
