//! Property: whatever sequence of stores, gets, lists, recalls and deletes non-admin
//! principals send, with whatever owner they name, no answer ever carries another owner's
//! record, and a recall ranks and counts only the caller's own records.

use proptest::prelude::*;
use serde_json::{Value, json};

use crate::{call, start};

const OWNERS: [&str; 3] = ["acme", "globex", "initech"];

#[derive(Debug, Clone)]
enum Step {
    Store { who: usize, named_owner: usize },
    Get { who: usize, record: usize, named_owner: Option<usize> },
    List { who: usize, named_owner: Option<usize> },
    Delete { who: usize, record: usize, named_owner: Option<usize> },
    Recall { who: usize, named_owner: Option<usize>, k: usize },
}

fn step() -> impl Strategy<Value = Step> {
    let who = 0..4usize;
    let owner = 0..OWNERS.len();
    prop_oneof![
        (who.clone(), owner.clone())
            .prop_map(|(who, named_owner)| Step::Store { who, named_owner }),
        (who.clone(), any::<usize>(), proptest::option::of(owner.clone()))
            .prop_map(|(who, record, named_owner)| Step::Get { who, record, named_owner }),
        (who.clone(), proptest::option::of(owner.clone()))
            .prop_map(|(who, named_owner)| Step::List { who, named_owner }),
        (who.clone(), any::<usize>(), proptest::option::of(owner.clone()))
            .prop_map(|(who, record, named_owner)| Step::Delete { who, record, named_owner }),
        (who, proptest::option::of(owner), 1..20usize)
            .prop_map(|(who, named_owner, k)| Step::Recall { who, named_owner, k }),
    ]
}

/// Every record object in an answer body.
fn records(body: &Value) -> Vec<&Value> {
    if let Some(list) = body["records"].as_array() {
        list.iter().collect()
    } else if let Some(results) = body["results"].as_array() {
        results.iter().map(|result| &result["record"]).collect()
    } else if body.get("content").is_some() {
        vec![body]
    } else {
        Vec::new()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn non_admins_never_see_another_owners_record(steps in proptest::collection::vec(step(), 1..24)) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let server = start().await;
            // Principals: user@acme, user@globex, viewer@acme, user@initech.
            let principals = [("user", 0), ("user", 1), ("viewer", 0), ("user", 2)];
            let mut tokens = Vec::new();
            for (role, owner) in principals {
                tokens.push((server.key(role, OWNERS[owner]).await, OWNERS[owner]));
            }
            let admin = server.key("admin", "ops").await;
            // A few records of every owner to start with.
            let mut known: Vec<(String, &str)> = Vec::new();
            for owner in OWNERS {
                let answer = call(server.addr, "POST", "/v1/memories", Some(&admin),
                    Some(json!({ "owner": owner, "content": format!("belongs to {owner}") }))).await;
                known.push((answer.json()["id"].as_str().unwrap().to_owned(), owner));
            }
            let mut deleted = std::collections::HashSet::new();
            for step in steps {
                let (who, answer) = match &step {
                    Step::Store { who, named_owner } => {
                        let (token, own) = &tokens[*who];
                        let body = json!({ "owner": OWNERS[*named_owner], "content": format!("belongs to {own}") });
                        let answer = call(server.addr, "POST", "/v1/memories", Some(token), Some(body)).await;
                        if answer.status == 201 {
                            known.push((answer.json()["id"].as_str().unwrap().to_owned(), own));
                        }
                        (*who, answer)
                    }
                    Step::Get { who, record, named_owner } | Step::Delete { who, record, named_owner } => {
                        let (token, _) = &tokens[*who];
                        let (id, _) = &known[record % known.len()];
                        let query = named_owner.map(|owner| format!("?owner={}", OWNERS[owner])).unwrap_or_default();
                        let method = if matches!(step, Step::Get { .. }) { "GET" } else { "DELETE" };
                        (*who, call(server.addr, method, &format!("/v1/memories/{id}{query}"), Some(token), None).await)
                    }
                    Step::Recall { who, named_owner, k } => {
                        let (token, own) = &tokens[*who];
                        // Every record's content has the word "belongs": a recall for it
                        // returns the caller's own records, all of them up to k.
                        let mut body = json!({ "query": "belongs to", "k": k });
                        if let Some(owner) = named_owner {
                            body["owner"] = json!(OWNERS[*owner]);
                        }
                        let answer = call(server.addr, "POST", "/v1/recall", Some(token), Some(body)).await;
                        assert_eq!(answer.status, 200, "{step:?}");
                        let live = known.iter().filter(|(id, owner)| owner == own && !deleted.contains(id)).count();
                        let results = answer.json()["results"].as_array().unwrap().len();
                        assert_eq!(results, live.min(*k), "{step:?}: counts only its own");
                        (*who, answer)
                    }
                    Step::List { who, named_owner } => {
                        let (token, _) = &tokens[*who];
                        let query = named_owner.map(|owner| format!("?owner={}", OWNERS[owner])).unwrap_or_default();
                        (*who, call(server.addr, "GET", &format!("/v1/memories{query}"), Some(token), None).await)
                    }
                };
                assert!(!answer.status.is_server_error(), "{step:?}: {}", answer.status);
                let own = tokens[who].1;
                let body: Value = serde_json::from_slice(&answer.body).unwrap();
                for record in records(&body) {
                    assert_eq!(record["owner"], own, "{step:?}");
                    assert_eq!(record["content"], format!("belongs to {own}"), "{step:?}");
                }
                if let Step::Delete { record, .. } = &step {
                    let (id, owner) = known[record % known.len()].clone();
                    if owner == own {
                        if answer.status == 200 {
                            deleted.insert(id);
                        }
                    } else {
                        // Another owner's record survives any delete by a non-admin.
                        let path = format!("/v1/memories/{id}?owner={owner}");
                        let check = call(server.addr, "GET", &path, Some(&admin), None).await;
                        let expected = if deleted.contains(&id) { 404 } else { 200 };
                        assert_eq!(check.status, expected, "{step:?}");
                    }
                }
            }
        });
    }
}
