//! The OpenAPI 3.1 document, generated from the route table ([`ROUTES`]) so that it lists
//! exactly the routes the router serves.

use serde_json::{Map, Value, json};

use fabric_core::{NewRecord, Record};

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

/// The schemas of the types a request or response carries, derived from the types
/// themselves (`schemars`), so a new record field is one edit; each named type is one entry.
fn derived_schemas() -> Map<String, Value> {
    let mut settings = schemars::generate::SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    let mut generator = settings.into_generator();
    let mut schemas = Map::new();
    for (name, schema) in [
        ("StoreRequest", generator.subschema_for::<NewRecord>()),
        ("Record", generator.subschema_for::<Record>()),
        ("RecallRequest", generator.subschema_for::<crate::routes::RecallRequest>()),
        ("RecallHit", generator.subschema_for::<fabric_core::RecallHit>()),
    ] {
        schemas.insert(name.to_owned(), schema.to_value());
    }
    schemas.extend(generator.take_definitions(true));
    schemas
}

fn schemas() -> Value {
    let mut schemas = derived_schemas();
    let hand_written = json!({
        "Error": {
            "type": "object", "required": ["error"],
            "properties": { "error": {
                "type": "object", "required": ["code", "message"],
                "properties": { "code": { "type": "string" }, "message": { "type": "string" } },
            } },
        },
        "RecordList": {
            "type": "object", "required": ["records"],
            "properties": { "records": { "type": "array", "items": { "$ref": "#/components/schemas/Record" } } },
        },
        "RecallResults": {
            "type": "object", "required": ["results"],
            "properties": { "results": { "type": "array", "items": { "$ref": "#/components/schemas/RecallHit" } } },
        },
        "Deleted": {
            "type": "object", "required": ["id", "deleted"],
            "properties": { "id": { "type": "string" }, "deleted": { "type": "boolean" } },
        },
        "Shredded": {
            "type": "object",
            "required": ["owner", "key_destroyed", "records_deleted", "records_retained"],
            "properties": {
                "owner": { "type": "string" },
                "key_destroyed": { "type": "boolean" },
                "records_deleted": { "type": "integer" },
                "records_retained": { "type": "integer" },
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
        "CompactReport": {
            "type": "object",
            "required": ["records", "expired", "retained", "shredded", "index_entries", "unreadable", "unreadable_count"],
            "properties": {
                "records": { "type": "integer" },
                "expired": { "type": "integer" },
                "retained": { "type": "integer" },
                "shredded": { "type": "integer" },
                "index_entries": { "type": "integer" },
                "vacuumed_bytes": { "type": ["integer", "null"] },
                "unreadable": { "type": "array", "items": { "type": "string" } },
                "unreadable_count": { "type": "integer" },
            },
        },
        "Health": {
            "type": "object", "required": ["status"],
            "properties": { "status": { "type": "string" } },
        },
    });
    if let Value::Object(hand_written) = hand_written {
        schemas.extend(hand_written);
    }
    Value::Object(schemas)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The property names of the component schema `name`.
    fn properties(schemas: &Value, name: &str) -> Vec<String> {
        let mut names: Vec<String> = schemas[name]["properties"]
            .as_object()
            .map(|properties| properties.keys().cloned().collect())
            .unwrap_or_default();
        names.sort();
        names
    }

    #[test]
    fn record_schemas_are_the_record_types_fields() {
        let schemas = schemas();
        // Every field a stored record serializes, and every field a store request takes, is in
        // the document: the schemas come from the types.
        let record = fabric_core::Record {
            session_id: Some("s".into()),
            source: Some("s".into()),
            embedding: Some(vec![0.5]),
            expires_at: Some(chrono::Utc::now()),
            ..serde_json::from_value(serde_json::json!({
                "id": "r", "owner": "o", "content": "c", "memory_type": "note",
                "storage_tier": "hot", "privacy_level": "internal", "importance": 0.5,
                "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
                "version": 1,
            }))
            .unwrap()
        };
        let mut serialized: Vec<String> =
            serde_json::to_value(&record).unwrap().as_object().unwrap().keys().cloned().collect();
        serialized.sort();
        assert_eq!(properties(&schemas, "Record"), serialized);
        let store = properties(&schemas, "NewRecord");
        for field in ["content", "owner", "metadata", "tags", "embedding", "evidence", "id"] {
            assert!(store.contains(&field.to_owned()), "{field}: {store:?}");
        }
        assert_eq!(schemas["StoreRequest"]["$ref"], "#/components/schemas/NewRecord");
        assert_eq!(schemas["NewRecord"]["additionalProperties"], false);
        assert_eq!(
            schemas["MemoryType"]["enum"],
            serde_json::json!(
                fabric_core::MemoryType::ALL.iter().map(|value| value.as_str()).collect::<Vec<_>>()
            )
        );
    }
}
