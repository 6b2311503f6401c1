//! The handlers of the admin, audit and public routes: shred, compact, audit query and
//! verification, health, metrics and the OpenAPI document.

use std::sync::Arc;

use axum::Extension;
use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use fabric_core::fabric_audit::{AuditQuery, Id, Operation, Status};
use fabric_core::fabric_authz::Principal;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{path_error, session};
use crate::app::{AppState, RequestId};
use crate::error::ApiError;
use crate::extract::QueryParams;

/// `{"events": [...]}`, serialized straight from the events.
#[derive(Serialize)]
struct Events<'a> {
    events: &'a [fabric_core::fabric_audit::AuditEvent],
}

pub(super) async fn shred(
    State(state): State<Arc<AppState>>,
    Extension(principal): Extension<Principal>,
    Extension(request_id): Extension<RequestId>,
    owner: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path(owner) = owner.map_err(path_error)?;
    let report = session(&state, principal, &request_id).shred(&owner).await?;
    Ok(Json(json!({
        "owner": owner,
        "key_destroyed": report.key_destroyed,
        "records_deleted": report.records_deleted,
        "records_retained": report.records_retained,
    }))
    .into_response())
}

pub(super) async fn compact(
    State(state): State<Arc<AppState>>,
    Extension(principal): Extension<Principal>,
    Extension(request_id): Extension<RequestId>,
) -> Result<Response, ApiError> {
    let report = session(&state, principal, &request_id).compact().await?;
    Ok(Json(json!({
        "records": report.records,
        "expired": report.expired,
        "retained": report.retained,
        "shredded": report.shredded,
        "index_entries": report.index_entries,
        "vacuumed_bytes": report.vacuumed_bytes,
        "unreadable": report.unreadable,
        "unreadable_count": report.unreadable_count,
    }))
    .into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AuditParams {
    actor: Option<Id>,
    owner: Option<Id>,
    operation: Option<Operation>,
    status: Option<Status>,
    since: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
    limit: Option<usize>,
}

pub(super) async fn audit_query(
    State(state): State<Arc<AppState>>,
    Extension(principal): Extension<Principal>,
    Extension(request_id): Extension<RequestId>,
    QueryParams(params): QueryParams<AuditParams>,
) -> Result<Response, ApiError> {
    let query = AuditQuery {
        actor: params.actor,
        owner: params.owner,
        operation: params.operation,
        status: params.status,
        since: params.since,
        until: params.until,
        limit: params.limit,
    };
    let events = session(&state, principal, &request_id).audit_query(&query).await?;
    Ok(Json(Events { events: &events }).into_response())
}

pub(super) async fn audit_verify(
    State(state): State<Arc<AppState>>,
    Extension(principal): Extension<Principal>,
    Extension(request_id): Extension<RequestId>,
) -> Result<Response, ApiError> {
    match session(&state, principal, &request_id).audit_verify().await {
        Ok(report) => {
            let streams: Vec<Value> = report
                .streams
                .iter()
                .map(|stream| {
                    json!({
                        "stream": stream.stream.as_str(),
                        "events": stream.events,
                        "checkpoints": stream.checkpoints,
                        "unsealed": stream.unsealed,
                    })
                })
                .collect();
            Ok(Json(json!({ "ok": true, "events": report.events, "streams": streams }))
                .into_response())
        }
        Err(fabric_core::Error::Audit(
            tampered @ fabric_core::fabric_audit::Error::Tampered { .. },
        )) => Ok(Json(json!({ "ok": false, "problem": tampered.to_string() })).into_response()),
        Err(error) => Err(error.into()),
    }
}

pub(super) async fn health() -> Response {
    Json(json!({ "status": "ok" })).into_response()
}

pub(super) async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    let mut text = state.metrics.render();
    if let Some(log) = state.fabric.audit_log() {
        crate::metrics::render_audit(&mut text, log);
    }
    ([(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4"))], text)
        .into_response()
}

pub(super) async fn openapi(State(state): State<Arc<AppState>>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], state.openapi.clone()).into_response()
}
