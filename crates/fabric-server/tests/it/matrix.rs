//! Every role × every operation × (own owner, other owner), through real HTTP requests:
//! each cell is allowed or refused exactly as the role table says, and a non-admin's request
//! for another owner is answered as if the other owner's record did not exist.

use fabric_core::fabric_authz::{Permission, Policy, Principal};
use serde_json::{Value, json};

use crate::{TestServer, call, start};

const OWN: &str = "acme";
const OTHER: &str = "globex";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Own,
    Other,
}

#[derive(Debug, Clone, Copy)]
enum Op {
    Store,
    Get,
    List,
    Delete,
    Recall,
    Audit,
    Verify,
}

impl Op {
    const ALL: [Op; 7] =
        [Op::Store, Op::Get, Op::List, Op::Delete, Op::Recall, Op::Audit, Op::Verify];

    fn permission(self) -> Permission {
        match self {
            Op::Store => Permission::Store,
            Op::Get => Permission::Get,
            Op::List | Op::Recall => Permission::Recall,
            Op::Delete => Permission::Delete,
            Op::Audit | Op::Verify => Permission::ReadAudit,
        }
    }
}

/// Stores a record of `owner` with the admin key; returns its id.
async fn seed(server: &TestServer, admin: &str, owner: &str) -> String {
    let answer = call(
        server.addr,
        "POST",
        "/v1/memories",
        Some(admin),
        Some(json!({ "owner": owner, "content": format!("{owner} secret"), "tags": ["seed"] })),
    )
    .await;
    assert_eq!(answer.status, 201, "{:?}", answer.body);
    answer.json()["id"].as_str().unwrap().to_owned()
}

async fn exists(server: &TestServer, admin: &str, owner: &str, id: &str) -> bool {
    let path = format!("/v1/memories/{id}?owner={owner}");
    call(server.addr, "GET", &path, Some(admin), None).await.status == 200
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_by_operations_by_owner() {
    let server = start().await;
    let policy = Policy::default();
    let admin = server.key("admin", "ops").await;
    let mut cells = 0;
    for role in ["viewer", "user", "admin"] {
        let token = server.key(role, OWN).await;
        let principal = Principal::new("probe", OWN, [role]).unwrap();
        for op in Op::ALL {
            for target in [Target::Own, Target::Other] {
                let allowed = policy.allows(&principal, op.permission());
                let is_admin = role == "admin";
                let owner = if target == Target::Own { OWN } else { OTHER };
                let id = seed(&server, &admin, owner).await;
                let context = format!("{role} {op:?} {target:?}");
                let addr = server.addr;
                let answer = match op {
                    Op::Store => {
                        let body = json!({ "owner": owner, "content": "new" });
                        call(addr, "POST", "/v1/memories", Some(&token), Some(body)).await
                    }
                    Op::Get => {
                        let path = format!("/v1/memories/{id}?owner={owner}");
                        call(addr, "GET", &path, Some(&token), None).await
                    }
                    Op::List => {
                        let path = format!("/v1/memories?owner={owner}&limit=1000");
                        call(addr, "GET", &path, Some(&token), None).await
                    }
                    Op::Delete => {
                        let path = format!("/v1/memories/{id}?owner={owner}");
                        call(addr, "DELETE", &path, Some(&token), None).await
                    }
                    Op::Recall => {
                        let body = json!({ "query": "secret", "owner": owner });
                        call(addr, "POST", "/v1/recall", Some(&token), Some(body)).await
                    }
                    Op::Audit => call(addr, "GET", "/v1/audit?limit=5", Some(&token), None).await,
                    Op::Verify => call(addr, "GET", "/v1/audit/verify", Some(&token), None).await,
                };
                cells += 1;
                if !allowed {
                    assert_eq!(answer.status, 403, "{context}");
                    assert_eq!(answer.error_code(), "forbidden", "{context}");
                    if matches!(op, Op::Delete) {
                        assert!(exists(&server, &admin, owner, &id).await, "{context}: kept");
                    }
                    continue;
                }
                let scoped_away = target == Target::Other && !is_admin;
                match op {
                    Op::Store => {
                        assert_eq!(answer.status, 201, "{context}");
                        let stored_owner = answer.json()["owner"].as_str().unwrap().to_owned();
                        let expected = if scoped_away { OWN } else { owner };
                        assert_eq!(stored_owner, expected, "{context}");
                    }
                    Op::Get => {
                        if scoped_away {
                            assert_eq!(answer.status, 404, "{context}");
                            assert_eq!(answer.error_code(), "not_found", "{context}");
                            assert!(!String::from_utf8_lossy(&answer.body).contains("secret"));
                        } else {
                            assert_eq!(answer.status, 200, "{context}");
                            assert_eq!(answer.json()["content"], format!("{owner} secret"));
                        }
                    }
                    Op::List => {
                        assert_eq!(answer.status, 200, "{context}");
                        let records = answer.json()["records"].as_array().unwrap().clone();
                        let owners: Vec<&Value> =
                            records.iter().map(|record| &record["owner"]).collect();
                        let expected = if scoped_away { OWN } else { owner };
                        assert!(!owners.is_empty(), "{context}");
                        assert!(owners.iter().all(|seen| *seen == expected), "{context}");
                    }
                    Op::Delete => {
                        if scoped_away {
                            assert_eq!(answer.status, 404, "{context}");
                            assert!(exists(&server, &admin, owner, &id).await, "{context}: kept");
                        } else {
                            assert_eq!(answer.status, 200, "{context}");
                            assert_eq!(answer.json()["id"], id.as_str());
                            assert!(!exists(&server, &admin, owner, &id).await, "{context}");
                        }
                    }
                    Op::Recall => {
                        assert_eq!(answer.status, 200, "{context}");
                        let results = answer.json()["results"].as_array().unwrap().clone();
                        let expected = if scoped_away { OWN } else { owner };
                        for result in &results {
                            assert_eq!(result["record"]["owner"], expected, "{context}");
                            assert!(result["score"].as_f64().unwrap() > 0.0, "{context}");
                        }
                    }
                    Op::Audit => {
                        assert_eq!(answer.status, 200, "{context}");
                        assert!(answer.json()["events"].is_array(), "{context}");
                    }
                    Op::Verify => {
                        assert_eq!(answer.status, 200, "{context}");
                        assert_eq!(answer.json()["ok"], true, "{context}");
                    }
                }
            }
        }
    }
    assert_eq!(cells, 3 * Op::ALL.len() * 2);

    // Every refusal above is in the audit log, as the key's subject, with status denied.
    let denied = call(server.addr, "GET", "/v1/audit?status=denied", Some(&admin), None).await;
    let events = denied.json()["events"].as_array().unwrap().clone();
    let expected_denials: usize = ["viewer", "user", "admin"]
        .iter()
        .map(|role| {
            let principal = Principal::new("probe", OWN, [*role]).unwrap();
            Op::ALL.iter().filter(|op| !policy.allows(&principal, op.permission())).count() * 2
        })
        .sum();
    assert_eq!(events.len(), expected_denials);
    assert!(events.iter().all(|event| {
        event["actor"].as_str().is_some_and(|actor| actor.starts_with("apikey:"))
            && event["reason"] == "permission_denied"
    }));
}
