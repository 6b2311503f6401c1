//! The route table ([`ROUTES`]): every route's method, path and documentation, and the
//! handler that serves it. The router and the OpenAPI document are both built from it.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::PathRejection;

use crate::extract::{JsonBody, QueryParams};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, delete, get, post};
use axum::{Extension, http::HeaderValue};
use chrono::{DateTime, Utc};
use fabric_core::fabric_audit::Operation;
use fabric_core::fabric_authz::{Permission, Principal};
use fabric_core::{
    Filter, MemoryType, NewRecord, PrivacyLevel, RecallHit, RecallQuery, RecallWeights,
    SecureSession, StorageTier,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

mod admin;
mod keys;

pub use self::admin::EXPORT_KEY_HEADER;
use self::admin::{audit_query, audit_verify, compact, export, health, metrics, openapi, shred};
pub(crate) use self::keys::KeyRotation;
use crate::app::{AppState, RequestId};
use crate::error::ApiError;

/// The default number of records a listing returns.
pub const DEFAULT_LIST_LIMIT: usize = 100;
/// The largest `limit` of a listing (the session's own cap).
pub const MAX_LIST_LIMIT: usize = fabric_core::MAX_LIST_RECORDS;

/// One route: what the router serves and what the OpenAPI document says about it.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    /// The HTTP method, upper case.
    pub method: &'static str,
    /// The path, with `{name}` for path parameters (axum and OpenAPI share this syntax).
    pub path: &'static str,
    /// The OpenAPI `operationId`.
    pub operation_id: &'static str,
    /// One line for humans.
    pub summary: &'static str,
    /// The permission the route needs; `None` for public routes (no credential).
    pub permission: Option<Permission>,
    /// The audit operation of the route (a refusal is recorded as it); `None` for public
    /// routes.
    pub operation: Option<Operation>,
    /// Query parameters: name, JSON schema type, description.
    pub query: &'static [(&'static str, &'static str, &'static str)],
    /// The name of the request body's schema in `components.schemas`, if it takes one.
    pub request_body: Option<&'static str>,
    /// Responses: status, schema name in `components.schemas` (`""` for none or text),
    /// description. `AUTH_ERRORS` (authenticated routes) and `BODY_TOO_LARGE` (routes
    /// with a body) are added to the document, not listed here.
    pub responses: &'static [(u16, &'static str, &'static str)],
    /// Builds the handler.
    pub handler: fn() -> MethodRouter<Arc<AppState>>,
}

impl Route {
    /// Whether the route needs a credential.
    pub fn is_authenticated(&self) -> bool {
        self.permission.is_some()
    }
}

const OWNER_PARAM: (&str, &str, &str) =
    ("owner", "string", "admins only: the owner whose record this is (ignored for others)");

/// Responses every authenticated route has (the OpenAPI document adds them).
pub(crate) const AUTH_ERRORS: [(u16, &str, &str); 2] =
    [(401, "Error", "missing or invalid credentials"), (403, "Error", "permission denied")];
/// The response every route with a request body has (the OpenAPI document adds it).
pub(crate) const BODY_TOO_LARGE: (u16, &str, &str) = (413, "Error", "body too large");

/// Every route of the API.
pub const ROUTES: &[Route] = &[
    Route {
        method: "POST",
        path: "/v1/memories",
        operation_id: "storeMemory",
        summary: "Store a memory (a non-admin's record always goes to its own owner)",
        permission: Some(Permission::Store),
        operation: Some(Operation::Store),
        query: &[],
        request_body: Some("StoreRequest"),
        responses: &[
            (201, "Record", "the stored record, with its id"),
            (400, "Error", "malformed JSON or invalid field"),
            (409, "Error", "another writer changed the record"),
            (422, "Error", "wrong field types, or refused by the privacy policy"),
        ],
        handler: || post(store),
    },
    Route {
        method: "GET",
        path: "/v1/memories",
        operation_id: "listMemories",
        summary: "List memories (a non-admin sees only its own owner's)",
        permission: Some(Permission::Recall),
        operation: Some(Operation::List),
        query: &[
            ("owner", "string", "admins only: only this owner's records (ignored for others)"),
            ("tags", "string", "comma-separated tags the record must all carry"),
            ("any_tags", "string", "comma-separated tags the record must carry one of"),
            (
                "metadata",
                "string",
                "comma-separated key=value pairs the metadata must hold (string values)",
            ),
            (
                "memory_type",
                "string",
                "conversation, knowledge, context, metadata, event, profile, note",
            ),
            ("storage_tier", "string", "hot, warm, cold, archive"),
            ("max_privacy_level", "string", "public, internal, sensitive, restricted"),
            ("since", "string", "created at or after (RFC 3339)"),
            ("until", "string", "created before (RFC 3339)"),
            ("limit", "integer", "at most this many records (default 100, at most 1000)"),
        ],
        request_body: None,
        responses: &[
            (200, "RecordList", "the records, oldest id first"),
            (400, "Error", "invalid query parameter"),
        ],
        handler: || get(list),
    },
    Route {
        method: "GET",
        path: "/v1/memories/{id}",
        operation_id: "getMemory",
        summary: "Read one memory",
        permission: Some(Permission::Get),
        operation: Some(Operation::Retrieve),
        query: &[OWNER_PARAM],
        request_body: None,
        responses: &[
            (200, "Record", "the record"),
            (400, "Error", "invalid id or query parameter"),
            (404, "Error", "no such record for this owner"),
        ],
        handler: || get(retrieve),
    },
    Route {
        method: "DELETE",
        path: "/v1/memories/{id}",
        operation_id: "deleteMemory",
        summary: "Delete one memory",
        permission: Some(Permission::Delete),
        operation: Some(Operation::Delete),
        query: &[OWNER_PARAM],
        request_body: None,
        responses: &[
            (200, "Deleted", "the id of the deleted record"),
            (400, "Error", "invalid id or query parameter"),
            (404, "Error", "no such record for this owner"),
        ],
        handler: || delete(remove),
    },
    Route {
        method: "DELETE",
        path: "/v1/owners/{owner}",
        operation_id: "shredOwner",
        summary: "Crypto-shred an owner: destroy its key, then delete its memories (admins)",
        permission: Some(Permission::ManageKeys),
        operation: Some(Operation::Shred),
        query: &[],
        request_body: None,
        responses: &[
            (200, "Shredded", "the owner's key is destroyed and its memories deleted"),
            (400, "Error", "invalid owner"),
            (501, "Error", "the server has no owner keys"),
        ],
        handler: || delete(shred),
    },
    Route {
        method: "POST",
        path: "/v1/recall",
        operation_id: "recall",
        summary: "The memories of one owner that best match a text, a vector or both (recall)",
        permission: Some(Permission::Recall),
        operation: Some(Operation::Recall),
        query: &[],
        request_body: Some("RecallRequest"),
        responses: &[
            (200, "RecallResults", "the best matches, best first, with their scores"),
            (400, "Error", "malformed JSON, or a query out of bounds"),
            (422, "Error", "wrong field types"),
            (501, "Error", "the backend keeps no recall index"),
        ],
        handler: || post(recall),
    },
    Route {
        method: "GET",
        path: "/v1/admin/export",
        operation_id: "export",
        summary: "Every memory (an admin's: every owner's, or ?owner=), streamed as an archive sealed under a fresh key sent once in the x-fabric-export-key header (export)",
        permission: Some(Permission::Export),
        operation: Some(Operation::Export),
        query: &[("owner", "string", "admins only: only this owner's memories")],
        request_body: None,
        responses: &[(
            200,
            "",
            "the sealed archive (application/octet-stream); `fabric import` with FABRIC_EXPORT_KEY restores it",
        )],
        handler: || get(export),
    },
    Route {
        method: "POST",
        path: "/v1/admin/compact",
        operation_id: "compact",
        summary: "Remove expired memories, memories of shredded owners and orphaned index entries, then vacuum (admins, compact)",
        permission: Some(Permission::Compact),
        operation: Some(Operation::Compact),
        query: &[],
        request_body: None,
        responses: &[(200, "CompactReport", "what was removed, kept, and found unreadable")],
        handler: || post(compact),
    },
    Route {
        method: "POST",
        path: "/v1/admin/keys/rotate",
        operation_id: "rotateKeys",
        summary: "Start replacing every owner key, each memory's data key rewrapped under its owner's new one, in the background; resumes a rotation that stopped (admins, rotate_keys)",
        permission: Some(Permission::RotateKeys),
        operation: Some(Operation::RotateKeys),
        query: &[],
        request_body: None,
        responses: &[
            (202, "", "started: {\"rotation\": {\"state\": \"running\", ...}}"),
            (409, "Error", "a rotation is already running"),
            (501, "Error", "the server has no owner keys"),
        ],
        handler: || post(keys::rotate),
    },
    Route {
        method: "GET",
        path: "/v1/admin/keys",
        operation_id: "listKeys",
        summary: "The key-encryption key ids (the active one's too), the owner-key rotation's state and progress, and with ?usage=true what each key protects (admins, manage_keys)",
        permission: Some(Permission::ManageKeys),
        operation: Some(Operation::ManageKeys),
        query: &[(
            "usage",
            "boolean",
            "also count what each key protects (reads every record's envelope header)",
        )],
        request_body: None,
        responses: &[(200, "", "{\"active\", \"keys\", \"owner_keys\", \"rotation\", \"usage\"?}")],
        handler: || get(keys::list),
    },
    Route {
        method: "GET",
        path: "/v1/audit",
        operation_id: "queryAudit",
        summary: "Audit events that meet every given condition (read_audit)",
        permission: Some(Permission::ReadAudit),
        operation: Some(Operation::ReadAudit),
        query: &[
            ("actor", "string", "only events by this actor"),
            ("owner", "string", "only events about this owner"),
            ("operation", "string", "only this operation (store, retrieve, list, ...)"),
            ("status", "string", "success, failure or denied"),
            ("since", "string", "at or after (RFC 3339)"),
            ("until", "string", "before (RFC 3339)"),
            ("limit", "integer", "at most this many events (default and maximum 10000)"),
        ],
        request_body: None,
        responses: &[
            (200, "AuditEventList", "the events, oldest first"),
            (400, "Error", "invalid query parameter"),
        ],
        handler: || get(audit_query),
    },
    Route {
        method: "GET",
        path: "/v1/audit/verify",
        operation_id: "verifyAudit",
        summary: "Verify the audit log's hash chain and checkpoints (read_audit)",
        permission: Some(Permission::ReadAudit),
        operation: Some(Operation::ReadAudit),
        query: &[],
        request_body: None,
        responses: &[(200, "AuditVerification", "ok, or the first altered event")],
        handler: || get(audit_verify),
    },
    Route {
        method: "GET",
        path: "/healthz",
        operation_id: "health",
        summary: "Liveness",
        permission: None,
        operation: None,
        query: &[],
        request_body: None,
        responses: &[(200, "Health", "the server is up")],
        handler: || get(health),
    },
    Route {
        method: "GET",
        path: "/metrics",
        operation_id: "metrics",
        summary: "Prometheus metrics (text format)",
        permission: None,
        operation: None,
        query: &[],
        request_body: None,
        responses: &[(200, "", "requests by route and status, latency, auth failures")],
        handler: || get(metrics),
    },
    Route {
        method: "GET",
        path: "/openapi.json",
        operation_id: "openapi",
        summary: "This API's OpenAPI 3 document",
        permission: None,
        operation: None,
        query: &[],
        request_body: None,
        responses: &[(200, "", "the OpenAPI document")],
        handler: || get(openapi),
    },
];

/// The table entry of `method` on the route path `path`.
pub(crate) fn route_of(method: &str, path: &str) -> Option<&'static Route> {
    ROUTES.iter().find(|route| route.method == method && route.path == path)
}

/// The table entry whose path is `path` (the first, when several methods share it).
pub(crate) fn route_path(path: &str) -> Option<&'static str> {
    ROUTES.iter().find(|route| route.path == path).map(|route| route.path)
}

/// `{"records": [...]}`, serialized straight from the records.
#[derive(Serialize)]
struct Records<'a> {
    records: &'a [fabric_core::Record],
}

fn path_error(_rejection: PathRejection) -> ApiError {
    ApiError::bad_request("invalid path parameter")
}

fn session<'a>(
    state: &'a AppState,
    principal: Principal,
    request_id: &RequestId,
) -> SecureSession<'a> {
    state.fabric.session(principal).with_request_id(&request_id.0)
}

async fn store(
    State(state): State<Arc<AppState>>,
    Extension(principal): Extension<Principal>,
    Extension(request_id): Extension<RequestId>,
    JsonBody(input): JsonBody<NewRecord>,
) -> Result<Response, ApiError> {
    // The record model's fields; an empty or missing owner is the principal's own.
    let record = session(&state, principal, &request_id).store(input).await?;
    let location = HeaderValue::from_str(&format!("/v1/memories/{}", record.id)).ok();
    let mut response = (StatusCode::CREATED, Json(record)).into_response();
    if let Some(location) = location {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListParams {
    owner: Option<String>,
    tags: Option<String>,
    any_tags: Option<String>,
    metadata: Option<String>,
    memory_type: Option<MemoryType>,
    storage_tier: Option<StorageTier>,
    max_privacy_level: Option<PrivacyLevel>,
    since: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
    limit: Option<usize>,
}

fn split_list(text: Option<String>) -> Vec<String> {
    text.map(|text| {
        text.split(',').map(str::trim).filter(|tag| !tag.is_empty()).map(str::to_owned).collect()
    })
    .unwrap_or_default()
}

/// `key=value,key2=value2` as metadata conditions on string values.
fn metadata_pairs(text: Option<String>) -> Result<Vec<(String, Value)>, ApiError> {
    split_list(text)
        .into_iter()
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) if !key.is_empty() => {
                Ok((key.to_owned(), Value::String(value.to_owned())))
            }
            _ => Err(ApiError::bad_request("metadata must be key=value pairs")),
        })
        .collect()
}

async fn list(
    State(state): State<Arc<AppState>>,
    Extension(principal): Extension<Principal>,
    Extension(request_id): Extension<RequestId>,
    QueryParams(params): QueryParams<ListParams>,
) -> Result<Response, ApiError> {
    let limit = params.limit.unwrap_or(DEFAULT_LIST_LIMIT);
    if limit == 0 || limit > MAX_LIST_LIMIT {
        return Err(ApiError::bad_request(format!("limit must be 1 to {MAX_LIST_LIMIT}")));
    }
    let filter = Filter {
        owner: params.owner,
        tags_all: split_list(params.tags),
        tags_any: split_list(params.any_tags),
        metadata: metadata_pairs(params.metadata)?,
        session_id: None,
        memory_type: params.memory_type,
        storage_tier: params.storage_tier,
        max_privacy_level: params.max_privacy_level,
        created_after: params.since,
        created_before: params.until,
        limit: Some(limit),
    };
    let records = session(&state, principal, &request_id).list(&filter).await?;
    Ok(Json(Records { records: &records }).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OwnerParams {
    owner: Option<String>,
}

async fn retrieve(
    State(state): State<Arc<AppState>>,
    Extension(principal): Extension<Principal>,
    Extension(request_id): Extension<RequestId>,
    id: Result<Path<String>, PathRejection>,
    QueryParams(params): QueryParams<OwnerParams>,
) -> Result<Response, ApiError> {
    let Path(id) = id.map_err(path_error)?;
    let record =
        session(&state, principal, &request_id).retrieve(params.owner.as_deref(), &id).await?;
    Ok(Json(record).into_response())
}

async fn remove(
    State(state): State<Arc<AppState>>,
    Extension(principal): Extension<Principal>,
    Extension(request_id): Extension<RequestId>,
    id: Result<Path<String>, PathRejection>,
    QueryParams(params): QueryParams<OwnerParams>,
) -> Result<Response, ApiError> {
    let Path(id) = id.map_err(path_error)?;
    session(&state, principal, &request_id).delete(params.owner.as_deref(), &id).await?;
    Ok(Json(json!({ "id": id, "deleted": true })).into_response())
}

/// The body of `POST /v1/recall` (no `Debug`: it holds the query).
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RecallRequest {
    /// Text to match against the memories' content, tags and metadata (at most 16 KiB).
    #[serde(default)]
    query: Option<String>,
    /// A vector matched against the memories' embeddings by cosine (at most 4096 values).
    #[serde(default)]
    vector: Option<Vec<f32>>,
    /// Whose memories (admins only; others recall their own).
    #[serde(default)]
    owner: Option<String>,
    /// How many results, 1 to 100; 5 when absent.
    #[serde(default)]
    #[schemars(range(min = 1, max = 100))]
    k: Option<u32>,
    /// Conditions every result meets, applied before ranking.
    #[serde(default)]
    filter: RecallFilter,
    /// How the signals are weighed; relevance alone when absent.
    #[serde(default)]
    weights: Option<RecallWeights>,
}

/// The conditions of a recall.
#[derive(Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RecallFilter {
    /// Records carrying every one of these tags.
    #[serde(default)]
    tags: Vec<String>,
    /// Records carrying at least one of these tags.
    #[serde(default)]
    any_tags: Vec<String>,
    /// Records whose metadata has each of these keys with exactly this value.
    #[serde(default)]
    metadata: serde_json::Map<String, Value>,
    /// Only records of this session.
    #[serde(default)]
    session_id: Option<String>,
    /// Only this memory type.
    #[serde(default)]
    memory_type: Option<MemoryType>,
    /// Only this storage tier.
    #[serde(default)]
    storage_tier: Option<StorageTier>,
    /// Records at this privacy level or below.
    #[serde(default)]
    max_privacy_level: Option<PrivacyLevel>,
    /// Records created at or after this time.
    #[serde(default)]
    since: Option<DateTime<Utc>>,
    /// Records created before this time.
    #[serde(default)]
    until: Option<DateTime<Utc>>,
}

/// The answer of `POST /v1/recall`.
#[derive(Serialize)]
struct RecallResults<'a> {
    results: &'a [RecallHit],
}

async fn recall(
    State(state): State<Arc<AppState>>,
    Extension(principal): Extension<Principal>,
    Extension(request_id): Extension<RequestId>,
    JsonBody(body): JsonBody<RecallRequest>,
) -> Result<Response, ApiError> {
    let filter = body.filter;
    let query = RecallQuery {
        text: body.query,
        vector: body.vector,
        k: body.k.map_or(5, |k| usize::try_from(k).unwrap_or(usize::MAX)),
        filter: Filter {
            owner: body.owner,
            tags_all: filter.tags,
            tags_any: filter.any_tags,
            metadata: filter.metadata.into_iter().collect(),
            session_id: filter.session_id,
            memory_type: filter.memory_type,
            storage_tier: filter.storage_tier,
            max_privacy_level: filter.max_privacy_level,
            created_after: filter.since,
            created_before: filter.until,
            limit: None,
        },
        weights: body.weights.unwrap_or_default(),
    };
    let results = session(&state, principal, &request_id).recall(&query).await?;
    Ok(Json(RecallResults { results: &results }).into_response())
}
