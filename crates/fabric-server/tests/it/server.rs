//! Server behaviour outside the role table: health, metrics, refused credentials (answered
//! 401 and audited), request ids, limits with JSON errors.

use std::time::Duration;

use fabric_core::SqliteStack;
use fabric_core::fabric_audit::{AuditQuery, Operation, Status};
use fabric_crypto::{Keyring, MasterKey};
use fabric_server::ServerConfig;
use http_body_util::Full;
use hyper::Request;
use hyper::body::Bytes;
use serde_json::json;

use crate::{Options, call, raw, start, start_with};

#[tokio::test]
async fn health_and_metrics() {
    let server = start().await;
    let health = call(server.addr, "GET", "/healthz", None, None).await;
    assert_eq!((health.status.as_u16(), health.json()["status"].as_str()), (200, Some("ok")));
    assert!(health.headers.contains_key("x-request-id"));
    let key = server.key("user", "acme").await;
    let stored = call(
        server.addr,
        "POST",
        "/v1/memories",
        Some(&key),
        Some(json!({ "content": "hello", "tags": ["t"] })),
    )
    .await;
    assert_eq!(stored.status, 201);
    assert_eq!(
        stored.headers["location"].to_str().unwrap(),
        format!("/v1/memories/{}", stored.json()["id"].as_str().unwrap())
    );
    let _ = call(server.addr, "GET", "/v1/memories", Some("fabric_nope"), None).await;
    // A known sequence of operations, counted as audited.
    let contact = json!({ "content": "mail ana@example.com or call +44 20 7946 0958" });
    assert_eq!(
        call(server.addr, "POST", "/v1/memories", Some(&key), Some(contact)).await.status,
        201
    );
    let id = stored.json()["id"].as_str().unwrap().to_owned();
    for path in
        [format!("/v1/memories/{id}"), format!("/v1/memories/{id}"), "/v1/memories/nope".into()]
    {
        let _ = call(server.addr, "GET", &path, Some(&key), None).await;
    }
    let metrics = call(server.addr, "GET", "/metrics", None, None).await;
    assert_eq!(metrics.status, 200);
    let text = String::from_utf8(metrics.body.to_vec()).unwrap();
    assert!(text.contains(
        "fabric_http_requests_total{route=\"/v1/memories\",method=\"POST\",status=\"201\"} 2"
    ));
    assert!(text.contains(
        "fabric_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1"
    ));
    assert!(text.contains(
        "fabric_http_request_duration_seconds_bucket{route=\"/v1/memories\",le=\"+Inf\"} 3"
    ));
    assert!(text.contains("fabric_auth_failures_total{reason=\"malformed\"} 1"));
    assert!(text.contains("fabric_audit_checkpoints_refused_total 0"), "{text}");
    for line in [
        "fabric_operations_total{operation=\"store\",status=\"success\"} 2",
        "fabric_operations_total{operation=\"retrieve\",status=\"success\"} 2",
        "fabric_operations_total{operation=\"retrieve\",status=\"failure\"} 1",
        "fabric_pii_detections_total{type=\"EMAIL\"} 1",
        "fabric_pii_detections_total{type=\"PHONE\"} 1",
        "fabric_integrity_failures_total 0",
        "fabric_compacted_records_total 0",
        "fabric_operation_duration_seconds_count{operation=\"store\"} 2",
        "fabric_operation_duration_seconds_count{operation=\"retrieve\"} 3",
        // Two records sealed, two opened (the unknown id opens nothing).
        "fabric_data_keys_wrapped_total 2",
        "fabric_data_keys_unwrapped_total 2",
        "fabric_audit_queued_jobs 0",
        "fabric_keys_past_use_warning 0",
        "fabric_key_encryptions_warning 1073741824",
        "fabric_key_encryptions_limit 4294967296",
    ] {
        assert!(text.lines().any(|seen| seen == line), "{line} in {text}");
    }
    // Encryptions per key-encryption key: at least one wrap per record stored.
    let wraps =
        text.lines().find_map(|line| line.strip_prefix("fabric_key_encryptions_total{key=\""));
    let wraps = wraps.and_then(|rest| rest.split_once("\"} ")).map(|(_, count)| count);
    assert!(wraps.unwrap().parse::<u64>().unwrap() >= 2, "{text}");
    let sealed = text.lines().find_map(|line| line.strip_prefix("fabric_bytes_sealed_total "));
    assert!(sealed.unwrap().parse::<u64>().unwrap() > 0);
    // The audit lag: the writer's first append was checkpointed, and each event after it
    // waits for the next checkpoint (every 1000 events, or a flush).
    let gauge = |name: &str| {
        let value = text.lines().find_map(|line| line.strip_prefix(name)).unwrap();
        value.trim().parse::<f64>().unwrap()
    };
    let unsealed = gauge("fabric_audit_unsealed_events ");
    assert!((1.0..10.0).contains(&unsealed), "{unsealed} in {text}");
    assert!(gauge("fabric_audit_checkpoint_age_seconds ") < 60.0);
}

#[tokio::test]
async fn refused_credentials_are_401_and_audited() {
    let server = start().await;
    let key = server.key("user", "acme").await;
    let (info, revoked) = {
        let (info, secret) = server.api_keys.create(&["user"], "acme", "old", None).await.unwrap();
        (info, fabric_core::fabric_authz::secrecy::ExposeSecret::expose_secret(&secret).to_owned())
    };
    server.api_keys.revoke(&info.id).await.unwrap();
    let mut wrong_secret = key.clone();
    let last = wrong_secret.pop().unwrap();
    wrong_secret.push(if last == '0' { '1' } else { '0' });
    let unknown = format!("fabric_000000000000_{}", "ab".repeat(32));
    let tokens: Vec<Option<String>> = vec![
        None,
        Some(String::new()),
        Some("not-a-token".into()),
        Some(wrong_secret),
        Some(unknown),
        Some(revoked),
        Some("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.".into()),
    ];
    for token in &tokens {
        let answer = call(server.addr, "GET", "/v1/memories", token.as_deref(), None).await;
        assert_eq!(answer.status, 401, "{token:?}");
        assert_eq!(answer.error_code(), "unauthorized");
        assert_eq!(answer.headers["www-authenticate"], "Bearer");
        let body = String::from_utf8_lossy(&answer.body).to_string();
        if let Some(token) = token.as_deref().filter(|token| token.len() > 8) {
            assert!(!body.contains(token), "no credential echoed");
        }
    }
    // Wrong scheme.
    let request = Request::get("/v1/memories")
        .header("host", "localhost")
        .header("authorization", format!("Basic {key}"))
        .body(Full::new(Bytes::new()))
        .unwrap();
    assert_eq!(raw(server.addr, request).await.status, 401);

    let denied = server.denied(Operation::Authenticate).await;
    assert_eq!(denied.len(), tokens.len() + 1, "every failed attempt is an audit event");

    // /metrics (no credential needed) cannot tell a known key id from an unknown one.
    let metrics = || async {
        let answer = call(server.addr, "GET", "/metrics", None, None).await;
        String::from_utf8(answer.body.to_vec()).unwrap()
    };
    let failures = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|line| line.starts_with("fabric_auth_failures_total"))
            .map(str::to_owned)
            .collect()
    };
    let before = failures(&metrics().await);
    let mut known_id_wrong_secret = key.clone();
    known_id_wrong_secret.truncate(key.len() - 1);
    known_id_wrong_secret.push(if key.ends_with('0') { '1' } else { '0' });
    let _ = call(server.addr, "GET", "/v1/memories", Some(&known_id_wrong_secret), None).await;
    let after_known = failures(&metrics().await);
    let unknown_id = format!("fabric_111111111111_{}", "cd".repeat(32));
    let _ = call(server.addr, "GET", "/v1/memories", Some(&unknown_id), None).await;
    let after_unknown = failures(&metrics().await);
    assert_ne!(before, after_known);
    let count = |lines: &[String]| -> Vec<(String, u64)> {
        lines
            .iter()
            .map(|line| {
                let (name, value) = line.rsplit_once(' ').unwrap();
                (name.to_owned(), value.parse().unwrap())
            })
            .collect()
    };
    let delta = |from: &[String], to: &[String]| -> Vec<(String, u64)> {
        let from = count(from);
        count(to)
            .into_iter()
            .map(|(name, value)| {
                let old = from.iter().find(|(seen, _)| *seen == name).map_or(0, |(_, v)| *v);
                (name, value - old)
            })
            .filter(|(_, value)| *value > 0)
            .collect()
    };
    assert_eq!(delta(&before, &after_known), delta(&after_known, &after_unknown));
    assert!(denied.iter().all(|event| event.request_id().is_some()));
    let ok = call(server.addr, "GET", "/v1/memories", Some(&key), None).await;
    assert_eq!(ok.status, 200);
}

#[tokio::test]
async fn limits_answer_with_json_errors() {
    let config = ServerConfig { body_limit: 1024, ..ServerConfig::default() };
    let server = start_with(Options { config, ..Options::default() }).await;
    let key = server.key("user", "acme").await;
    let big = json!({ "content": "x".repeat(2048) });
    let answer = call(server.addr, "POST", "/v1/memories", Some(&key), Some(big)).await;
    assert_eq!(answer.status, 413);
    assert_eq!(answer.error_code(), "too_large");

    // A zero timeout: the store cannot finish before the deadline, so the answer is the
    // timeout's JSON error, never an empty body.
    let config = ServerConfig { request_timeout: Duration::ZERO, ..ServerConfig::default() };
    let server = start_with(Options { config, ..Options::default() }).await;
    let key = server.api_keys.create(&["user"], "acme", "k", None).await.unwrap().1;
    let key = fabric_core::fabric_authz::secrecy::ExposeSecret::expose_secret(&key).to_owned();
    let answer =
        call(server.addr, "POST", "/v1/memories", Some(&key), Some(json!({ "content": "x" })))
            .await;
    assert_eq!(answer.status, 408);
    assert_eq!(answer.error_code(), "timeout");
    assert!(server.state.metrics().requests("/v1/memories", 408) >= 1);
}

#[tokio::test]
async fn errors_never_repeat_a_field_name_the_client_made_up() {
    let server = start().await;
    let key = server.key("user", "acme").await;
    let secret = "secret_078-05-1120";
    let bodies = [
        json!({ "content": "x", secret: 1 }),
        json!({ "content": "x", secret: { "nested": true } }),
        json!({ "content": 5, secret: 1 }),
        json!({ "content": "x", "metadata": { secret: { "a": [1] } }, "tags": [7] }),
    ];
    for body in bodies {
        let answer = call(server.addr, "POST", "/v1/memories", Some(&key), Some(body)).await;
        let text = String::from_utf8_lossy(&answer.body).to_string();
        assert!(answer.status == 400 || answer.status == 422, "{}: {text}", answer.status);
        assert!(!text.contains("078-05"), "{text}");
    }
    let path = format!("/v1/memories?{secret}=1&limit=x");
    let answer = call(server.addr, "GET", &path, Some(&key), None).await;
    let text = String::from_utf8_lossy(&answer.body).to_string();
    assert_eq!(answer.status, 400, "{text}");
    assert!(!text.contains("078-05"), "{text}");
}

#[tokio::test]
async fn listing_filters_by_tags_metadata_type_and_limit() {
    let server = start().await;
    let key = server.key("user", "acme").await;
    for (index, (tag, kind)) in [("a", "note"), ("b", "note"), ("a", "event")].iter().enumerate() {
        let body = json!({
            "content": format!("m{index}"), "tags": [tag], "memory_type": kind,
            "metadata": { "n": index.to_string() },
        });
        let answer = call(server.addr, "POST", "/v1/memories", Some(&key), Some(body)).await;
        assert_eq!(answer.status, 201);
    }
    let contents = |path: &str| {
        let path = path.to_owned();
        let key = key.clone();
        let addr = server.addr;
        async move {
            let answer = call(addr, "GET", &path, Some(&key), None).await;
            assert_eq!(answer.status, 200, "{path}");
            answer.json()["records"]
                .as_array()
                .unwrap()
                .iter()
                .map(|record| record["content"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(contents("/v1/memories?tags=a").await, ["m0", "m2"]);
    assert_eq!(contents("/v1/memories?any_tags=a,b&memory_type=note").await, ["m0", "m1"]);
    assert_eq!(contents("/v1/memories?metadata=n=1").await, ["m1"]);
    assert_eq!(contents("/v1/memories?limit=1").await, ["m0"]);
    let bad = call(server.addr, "GET", "/v1/memories?metadata=novalue", Some(&key), None).await;
    assert_eq!(bad.status, 400);
}

#[tokio::test]
async fn a_client_sending_its_body_slowly_holds_no_slot_past_the_deadline() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

    let config = ServerConfig {
        request_timeout: Duration::from_secs(3),
        concurrency_limit: 1,
        ..ServerConfig::default()
    };
    let server = start_with(Options { config, ..Options::default() }).await;
    let key = server.key("user", "acme").await;
    // A first store warms up what a first request builds once (detector, statements).
    let warm =
        call(server.addr, "POST", "/v1/memories", Some(&key), Some(json!({ "content": "w" })));
    assert_eq!(warm.await.status, 201);
    // Headers and half of the announced body, then nothing more.
    let mut slow = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let head = format!(
        "POST /v1/memories HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {key}\r\n\
         content-type: application/json\r\ncontent-length: 40\r\n\r\n{{\"content\": \"x"
    );
    slow.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0u8; 4096];
    let read = tokio::time::timeout(Duration::from_secs(10), slow.read(&mut answer))
        .await
        .expect("answered by the deadline")
        .unwrap();
    let status_line =
        String::from_utf8_lossy(&answer[..read]).lines().next().unwrap_or("").to_owned();
    assert!(status_line.contains(" 408 ") || status_line.contains(" 400 "), "{status_line}");
    // The only slot is free again: a normal request is served.
    let served = tokio::time::timeout(
        Duration::from_secs(10),
        call(server.addr, "POST", "/v1/memories", Some(&key), Some(json!({ "content": "y" }))),
    )
    .await
    .expect("the slot was released");
    assert_eq!(served.status, 201);
}

#[tokio::test]
async fn a_missing_permission_is_refused_and_audited_before_the_body_is_read() {
    let server = start().await;
    let viewer = server.key("viewer", "acme").await;
    for body in ["{not json", "{\"content\": 5}", "[]"] {
        let request = Request::post("/v1/memories")
            .header("host", "localhost")
            .header("authorization", format!("Bearer {viewer}"))
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(body)))
            .unwrap();
        let answer = raw(server.addr, request).await;
        assert_eq!(
            (answer.status.as_u16(), answer.error_code()),
            (403, "forbidden".into()),
            "{body}"
        );
    }
    let denied = server.denied(Operation::Store).await;
    assert_eq!(denied.len(), 3, "one denied store event per refused request");
}

#[tokio::test]
async fn extreme_limits_are_clamped_not_a_panic() {
    let config = ServerConfig {
        body_limit: 0,
        request_timeout: Duration::MAX,
        concurrency_limit: usize::MAX,
    };
    let clamped = config.clamped();
    assert!(clamped.body_limit >= 1 && clamped.concurrency_limit >= 1);
    assert!(clamped.request_timeout <= Duration::from_secs(24 * 60 * 60));
    let config = ServerConfig { body_limit: 1 << 20, ..config };
    let server = start_with(Options { config, ..Options::default() }).await;
    let key = server.key("user", "acme").await;
    let stored =
        call(server.addr, "POST", "/v1/memories", Some(&key), Some(json!({ "content": "x" })))
            .await;
    assert_eq!(stored.status, 201);
}

#[tokio::test]
async fn shredding_an_owner_is_for_admins_and_leaves_nothing_readable() {
    let server = start_with(Options { owner_keys: true, ..Options::default() }).await;
    let (admin, bob) = (server.key("admin", "ops").await, server.key("user", "bob").await);
    let stored =
        call(server.addr, "POST", "/v1/memories", Some(&bob), Some(json!({"content": "bob's"})))
            .await;
    assert_eq!(stored.status, 201);
    let id = stored.json()["id"].as_str().unwrap().to_owned();

    // Bob may not shred himself or anyone: it is refused and audited.
    let refused = call(server.addr, "DELETE", "/v1/owners/bob", Some(&bob), None).await;
    assert_eq!(refused.status, 403);
    assert_eq!(server.denied(Operation::Shred).await.len(), 1);

    let shredded = call(server.addr, "DELETE", "/v1/owners/bob", Some(&admin), None).await;
    assert_eq!(shredded.status, 200, "{:?}", shredded.json());
    let body = shredded.json();
    assert_eq!(
        (body["key_destroyed"].as_bool(), body["records_deleted"].as_u64()),
        (Some(true), Some(1))
    );
    let read = call(server.addr, "GET", &format!("/v1/memories/{id}"), Some(&bob), None).await;
    assert_eq!(read.status, 404);
    // Bob cannot store anything under the destroyed key: gone, not a server error.
    let again =
        call(server.addr, "POST", "/v1/memories", Some(&bob), Some(json!({"content": "again"})))
            .await;
    assert_eq!((again.status.as_u16(), again.error_code()), (410, "key_destroyed".to_owned()));
    let invalid = call(server.addr, "DELETE", "/v1/owners/no%20such", Some(&admin), None).await;
    assert_eq!(invalid.status, 400);

    // Without owner keys, shredding is not implemented.
    let plain = start().await;
    let admin = plain.key("admin", "ops").await;
    let answer = call(plain.addr, "DELETE", "/v1/owners/bob", Some(&admin), None).await;
    assert_eq!(answer.status, 501);
}

#[tokio::test]
async fn a_viewer_key_gets_personal_data_redacted_where_a_user_key_gets_it_clear() {
    let server = start().await;
    let user = server.key("user", "acme").await;
    let viewer = server.key("viewer", "acme").await;
    let content = "Dana: dana.whitfield@example.org, card 4111 1111 1111 1111";
    let body = json!({ "content": content, "tags": ["dana.whitfield@example.org"] });
    let stored = call(server.addr, "POST", "/v1/memories", Some(&user), Some(body)).await;
    assert_eq!(stored.status, 201);
    let id = stored.json()["id"].as_str().unwrap().to_owned();
    let path = format!("/v1/memories/{id}");
    let clear = call(server.addr, "GET", &path, Some(&user), None).await.json();
    assert_eq!(clear["content"], content);
    let redacted = call(server.addr, "GET", &path, Some(&viewer), None).await;
    assert_eq!(redacted.status, 200);
    assert_eq!(redacted.json()["content"], "Dana: [EMAIL], card [CREDIT_CARD]");
    let recall = json!({ "query": "Dana card", "k": 5 });
    for (method, path, body) in [
        ("GET", path.as_str(), None),
        ("GET", "/v1/memories", None),
        ("POST", "/v1/recall", Some(recall)),
    ] {
        let answer = call(server.addr, method, path, Some(&viewer), body).await;
        assert_eq!(answer.status, 200, "{method} {path}");
        let text = String::from_utf8_lossy(&answer.body).into_owned();
        assert!(text.contains("[EMAIL]"), "{method} {path}: {text}");
        assert!(!text.contains("whitfield") && !text.contains("1111 1111"), "{text}");
    }
}

#[tokio::test]
async fn compaction_is_for_admins_and_removes_expired_memories() {
    let server = start().await;
    let (admin, bob) = (server.key("admin", "ops").await, server.key("user", "bob").await);
    let body = json!({ "content": "gone soon", "expires_at": "2020-01-01T00:00:00Z" });
    let stored = call(server.addr, "POST", "/v1/memories", Some(&bob), Some(body)).await;
    assert_eq!(stored.status, 201);
    let live = json!({ "content": "stays" });
    assert_eq!(call(server.addr, "POST", "/v1/memories", Some(&bob), Some(live)).await.status, 201);

    let refused = call(server.addr, "POST", "/v1/admin/compact", Some(&bob), None).await;
    assert_eq!(refused.status, 403);
    assert_eq!(server.denied(Operation::Compact).await.len(), 1);

    let compacted = call(server.addr, "POST", "/v1/admin/compact", Some(&admin), None).await;
    assert_eq!(compacted.status, 200, "{:?}", compacted.json());
    let report = compacted.json();
    assert_eq!((report["records"].as_u64(), report["expired"].as_u64()), (Some(2), Some(1)));
    assert_eq!(report["unreadable"], json!([]));
    let again = call(server.addr, "POST", "/v1/admin/compact", Some(&admin), None).await;
    assert_eq!(again.json()["records"].as_u64(), Some(1));
}

#[tokio::test]
async fn an_export_streams_a_sealed_archive_that_imports_elsewhere() {
    let server = start().await;
    let (admin, bob) = (server.key("admin", "ops").await, server.key("user", "bob").await);
    for n in 0..5 {
        let body = json!({ "content": format!("bob's secret plan {n}") });
        assert_eq!(
            call(server.addr, "POST", "/v1/memories", Some(&bob), Some(body)).await.status,
            201
        );
    }
    let refused = call(server.addr, "GET", "/v1/admin/export", Some(&bob), None).await;
    assert_eq!(refused.status, 403);
    let invalid = "/v1/admin/export?owner=no%20such";
    assert_eq!(call(server.addr, "GET", invalid, Some(&admin), None).await.status, 400);

    let exported = call(server.addr, "GET", "/v1/admin/export?owner=bob", Some(&admin), None).await;
    assert_eq!(exported.status, 200);
    let key = exported.headers[fabric_server::EXPORT_KEY_HEADER].to_str().unwrap();
    let key = MasterKey::parse(key).unwrap();
    assert!(!exported.body.windows(11).any(|window| window == b"secret plan"));

    // Into a fabric of its own, under its own key.
    let dir = tempfile::tempdir().unwrap();
    let keyring = Keyring::single(MasterKey::generate(&fabric_crypto::OsRandom).unwrap());
    let target =
        SqliteStack::open(&dir.path().join("copy.db"), keyring, "t", "lib", |b| b).unwrap().fabric;
    let secret = fabric_crypto::keyfile::RootSecret::Key(&key);
    let body = exported.body.clone();
    let report = target.import(|| Ok(&body[..]), &secret, |_, _| {}).await.unwrap();
    assert_eq!((report.restored, report.audit_events), (5, 0));
    let copied = target.list(&fabric_core::Filter::owner("bob")).await.unwrap();
    assert_eq!(copied.len(), 5);
    assert!(copied.iter().all(|record| record.content.starts_with("bob's secret plan")));
    // With the owner's audit events.
    let bad = "/v1/admin/export?owner=bob&audit=maybe";
    assert_eq!(call(server.addr, "GET", bad, Some(&admin), None).await.status, 400);
    let with_audit = "/v1/admin/export?owner=bob&audit=true";
    let exported = call(server.addr, "GET", with_audit, Some(&admin), None).await;
    assert_eq!(exported.status, 200);
    let key = exported.headers[fabric_server::EXPORT_KEY_HEADER].to_str().unwrap();
    let key = MasterKey::parse(key).unwrap();
    let secret = fabric_crypto::keyfile::RootSecret::Key(&key);
    let mut events = Vec::new();
    let collect = |event: &fabric_core::fabric_audit::AuditEvent| {
        events.push(event.operation());
        Ok(())
    };
    let body = exported.body.clone();
    let report =
        target.import_with_audit(|| Ok(&body[..]), &secret, collect, |_, _| {}).await.unwrap();
    // Its five stores and the first export of its memories.
    assert_eq!((report.unchanged, report.audit_events), (5, 6));
    let stores = events.iter().filter(|operation| **operation == Operation::Store).count();
    assert_eq!((stores, events.last()), (5, Some(&Operation::Export)), "{events:?}");
    let query = AuditQuery {
        operation: Some(Operation::Export),
        status: Some(Status::Success),
        ..AuditQuery::default()
    };
    let events =
        fabric_core::fabric_audit::query(server.audit_sink.as_ref(), &query).await.unwrap();
    assert_eq!(events.len(), 2, "{events:?}");
}
