//! The OpenAPI document: structurally valid OpenAPI 3, and exactly the routes served.

use std::collections::BTreeSet;

use fabric_server::{OPENAPI_VERSION, ROUTES, path_parameters};
use serde_json::Value;

use crate::{call, start};

/// Every `$ref` in `value`.
fn refs(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                if key == "$ref" {
                    found.push(item.as_str().unwrap().to_owned());
                }
                refs(item, found);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| refs(item, found)),
        _ => {}
    }
}

#[tokio::test]
async fn the_served_document_lists_every_route_and_validates() {
    let server = start().await;
    let answer = call(server.addr, "GET", "/openapi.json", None, None).await;
    assert_eq!(answer.status, 200);
    let document = answer.json();

    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(document["openapi"], OPENAPI_VERSION);
    assert!(document["info"]["title"].is_string() && document["info"]["version"].is_string());
    let paths = document["paths"].as_object().unwrap();

    let documented: BTreeSet<(String, String)> = paths
        .iter()
        .flat_map(|(path, item)| {
            item.as_object().unwrap().keys().map(move |method| (method.clone(), path.clone()))
        })
        .collect();
    let routed: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|route| (route.method.to_ascii_lowercase(), route.path.to_owned()))
        .collect();
    assert_eq!(documented, routed);
    assert_eq!(routed.len(), ROUTES.len(), "no route is listed twice");
    for expected in [
        ("post", "/v1/memories"),
        ("get", "/v1/memories"),
        ("get", "/v1/memories/{id}"),
        ("delete", "/v1/memories/{id}"),
        ("post", "/v1/recall"),
        ("get", "/v1/audit"),
        ("get", "/v1/audit/verify"),
        ("get", "/healthz"),
        ("get", "/metrics"),
        ("get", "/openapi.json"),
    ] {
        assert!(routed.contains(&(expected.0.to_owned(), expected.1.to_owned())), "{expected:?}");
    }

    let mut operation_ids = BTreeSet::new();
    for route in ROUTES {
        let operation = &paths[route.path][route.method.to_ascii_lowercase()];
        assert!(operation_ids.insert(operation["operationId"].as_str().unwrap().to_owned()));
        let responses = operation["responses"].as_object().unwrap();
        assert!(!responses.is_empty());
        for (status, response) in responses {
            let code: u16 = status.parse().unwrap();
            assert!((100..600).contains(&code));
            assert!(response["description"].is_string());
        }
        // Path templates and declared path parameters agree.
        let declared: Vec<&str> = operation["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|parameter| parameter["in"] == "path")
            .map(|parameter| parameter["name"].as_str().unwrap())
            .collect();
        assert_eq!(declared, path_parameters(route.path));
        assert_eq!(operation["security"].as_array().unwrap().is_empty(), !route.is_authenticated());
        // Authenticated routes document 401 and 403, routes with a body 413.
        for status in ["401", "403"] {
            assert_eq!(responses.contains_key(status), route.is_authenticated(), "{}", route.path);
        }
        assert_eq!(responses.contains_key("413"), route.request_body.is_some(), "{}", route.path);
        // Each route really is served: an unauthenticated call never hits the fallback.
        let concrete = route.path.replace("{id}", "0190aaaa-0000-7000-8000-000000000000");
        let served = call(server.addr, route.method, &concrete, None, None).await;
        assert_ne!(served.status, 404, "{} {}", route.method, route.path);
        assert_ne!(served.status, 405, "{} {}", route.method, route.path);
    }

    let mut found = Vec::new();
    refs(&document, &mut found);
    let schemas = document["components"]["schemas"].as_object().unwrap();
    for reference in found {
        let name = reference.strip_prefix("#/components/schemas/").unwrap();
        assert!(schemas.contains_key(name), "dangling {reference}");
    }
    assert_eq!(document["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
}
