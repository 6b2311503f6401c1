//! The OpenAPI 3.1 document, generated from the route table ([`ROUTES`]) so that it lists
//! exactly the routes the router serves.

use serde_json::{Map, Value, json};

use fabric_core::{MemoryType, PrivacyLevel, StorageTier};

use crate::routes::{AUTH_ERRORS, BODY_TOO_LARGE, ROUTES, Route};

/// The OpenAPI version the document declares.
pub const OPENAPI_VERSION: &str = "3.1.0";

/// The names of the `{...}` parameters of a path template.
pub fn path_parameters(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|segment| segment.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')))
        .collect()
}

fn operation(route: &Route) -> Value {
    let mut parameters: Vec<Value> = path_parameters(route.path)
        .into_iter()
        .map(|name| {
            json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } })
        })
        .collect();
    parameters.extend(route.query.iter().map(|(name, kind, description)| {
        json!({
            "name": name, "in": "query", "required": false,
            "description": description, "schema": { "type": kind },
        })
    }));
    let mut responses = Map::new();
    let common = route
        .is_authenticated()
        .then_some(AUTH_ERRORS.as_slice())
        .into_iter()
        .flatten()
        .chain(route.request_body.map(|_| &BODY_TOO_LARGE));
    for (status, schema, description) in route.responses.iter().chain(common) {
        let content = match (*schema, route.path) {
            ("", "/metrics") => json!({ "text/plain": { "schema": { "type": "string" } } }),
            ("", _) => json!({ "application/json": { "schema": { "type": "object" } } }),
            (name, _) => json!({
                "application/json": { "schema": { "$ref": format!("#/components/schemas/{name}") } }
            }),
        };
        responses
            .insert(status.to_string(), json!({ "description": description, "content": content }));
    }
    let mut operation = json!({
        "operationId": route.operation_id,
        "summary": route.summary,
        "parameters": parameters,
        "responses": responses,
    });
    if let Some(permission) = route.permission {
        operation["security"] = json!([{ "bearer": [] }]);
        operation["x-permission"] = json!(permission.as_str());
    } else {
        operation["security"] = json!([]);
    }
    if let Some(schema) = route.request_body {
        operation["requestBody"] = json!({
            "required": true,
            "content": {
                "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } }
            },
        });
    }
    operation
}

/// `shared` with the properties of `own` added.
fn properties(shared: &Value, own: Value) -> Value {
    let mut merged = shared.clone();
    if let (Some(merged), Value::Object(own)) = (merged.as_object_mut(), own) {
        merged.extend(own);
    }
    merged
}

/// Whether `name` is a field the API defines: a property of a request schema or a query
/// parameter of a route. Error messages name only such fields, never what a client invented.
pub(crate) fn is_known_field(name: &str) -> bool {
    static KNOWN: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        let mut known: Vec<String> = ROUTES
            .iter()
            .flat_map(|route| route.query.iter().map(|(name, _, _)| (*name).to_owned()))
            .collect();
        if let Value::Object(schemas) = schemas() {
            for schema in schemas.values() {
                if let Some(Value::Object(properties)) = schema.get("properties") {
                    known.extend(properties.keys().cloned());
                }
            }
        }
        known.sort();
        known.dedup();
        known
    });
    KNOWN.binary_search_by(|known| known.as_str().cmp(name)).is_ok()
}

fn schemas() -> Value {
    let names = |names: Vec<&'static str>| json!({ "type": "string", "enum": names });
    let memory_type = names(MemoryType::ALL.iter().map(|value| value.as_str()).collect());
    let storage_tier = names(StorageTier::ALL.iter().map(|value| value.as_str()).collect());
    let privacy_level = names(PrivacyLevel::ALL.iter().map(|value| value.as_str()).collect());
    let time = json!({ "type": "string", "format": "date-time" });
    // The record model's fields that a store request and a stored record share.
    let fields = json!({
        "content": { "type": "string" },
        "metadata": { "type": "object" },
        "tags": { "type": "array", "items": { "type": "string" } },
        "memory_type": memory_type,
        "storage_tier": storage_tier,
        "privacy_level": privacy_level,
        "session_id": { "type": "string" },
        "source": { "type": "string" },
        "embedding": { "type": "array", "items": { "type": "number" } },
        "expires_at": time,
    });
    json!({
        "Error": {
            "type": "object", "required": ["error"],
            "properties": { "error": {
                "type": "object", "required": ["code", "message"],
                "properties": { "code": { "type": "string" }, "message": { "type": "string" } },
            } },
        },
        "StoreRequest": {
            "type": "object", "required": ["content"], "additionalProperties": false,
            "properties": properties(&fields, json!({
                "id": { "type": "string", "description": "store under this id (replaces the record if it exists)" },
                "owner": { "type": "string", "description": "admins only; others always store under their own owner" },
                "importance": { "type": "number", "minimum": 0, "maximum": 1 },
                "evidence": { "type": "boolean", "description": "keep under Object Lock retention (admins only; needs a backend with retention)" },
            })),
        },
        "Record": {
            "type": "object",
            "required": ["id", "owner", "content", "metadata", "tags", "memory_type", "storage_tier", "privacy_level", "pii_types", "importance", "created_at", "updated_at", "version"],
            "properties": properties(&fields, json!({
                "id": { "type": "string" },
                "owner": { "type": "string" },
                "pii_types": { "type": "array", "items": { "type": "string" } },
                "importance": { "type": "number" },
                "created_at": time,
                "updated_at": time,
                "version": { "type": "integer" },
            })),
        },
        "RecordList": {
            "type": "object", "required": ["records"],
            "properties": { "records": { "type": "array", "items": { "$ref": "#/components/schemas/Record" } } },
        },
        "Deleted": {
            "type": "object", "required": ["id", "deleted"],
            "properties": { "id": { "type": "string" }, "deleted": { "type": "boolean" } },
        },
        "RecallRequest": {
            "type": "object", "required": ["query"], "additionalProperties": false,
            "properties": {
                "query": { "type": "string" },
                "owner": { "type": "string" },
                "k": { "type": "integer", "minimum": 1 },
            },
        },
        "AuditEventList": {
            "type": "object", "required": ["events"],
            "properties": { "events": { "type": "array", "items": { "type": "object" } } },
        },
        "AuditVerification": {
            "type": "object", "required": ["ok"],
            "properties": {
                "ok": { "type": "boolean" },
                "events": { "type": "integer" },
                "streams": { "type": "array", "items": { "type": "object" } },
                "problem": { "type": "string" },
            },
        },
        "Health": {
            "type": "object", "required": ["status"],
            "properties": { "status": { "type": "string" } },
        },
    })
}

/// The OpenAPI document of every route in [`ROUTES`].
pub fn openapi_document() -> Value {
    let mut paths = Map::new();
    for route in ROUTES {
        let entry = paths.entry(route.path).or_insert_with(|| json!({}));
        entry[route.method.to_ascii_lowercase()] = operation(route);
    }
    json!({
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "memory-fabric",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "A secure memory store for AI agents. Authenticate with `Authorization: Bearer <API key or JWT>`.",
        },
        "paths": paths,
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": schemas(),
        },
    })
}
