//! The handlers of the admin, audit and public routes: shred, compact, audit query and
//! verification, health, metrics and the OpenAPI document.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::Extension;
use axum::Json;
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use chrono::{DateTime, Utc};
use fabric_core::ExportFormat;
use fabric_core::fabric_audit::{AuditQuery, Id, Operation, Status};
use fabric_core::fabric_authz::Principal;
use fabric_core::fabric_crypto::keyfile::RootSecret;
use fabric_core::fabric_crypto::{MasterKey, OsRandom};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::io::BufWriter;

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
    crate::metrics::render_fabric(&mut text, &state.fabric.metrics().snapshot());
    crate::metrics::render_key_uses(&mut text, &state.fabric);
    ([(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4"))], text)
        .into_response()
}

pub(super) async fn openapi(State(state): State<Arc<AppState>>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], state.openapi.clone()).into_response()
}

/// `GET /v1/admin/export`'s query: one owner (an admin's choice; others export their own),
/// and whether the owners' audit events follow the records (permission `read_audit` too).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ExportParams {
    owner: Option<String>,
    #[serde(default)]
    audit: bool,
}

/// The response header that carries the fresh export key, base64.
pub const EXPORT_KEY_HEADER: &str = "x-fabric-export-key";
/// Sealed chunks in flight between the exporting thread and the response body.
const EXPORT_CHUNKS_IN_FLIGHT: usize = 4;

pub(super) async fn export(
    State(state): State<Arc<AppState>>,
    Extension(principal): Extension<Principal>,
    Extension(request_id): Extension<RequestId>,
    QueryParams(params): QueryParams<ExportParams>,
) -> Result<Response, ApiError> {
    let key = MasterKey::generate(&OsRandom).map_err(fabric_core::Error::from)?;
    let key_header =
        HeaderValue::from_str(key.to_base64().as_str()).map_err(|_| ApiError::internal())?;
    let (mut sender, mut body) = futures::channel::mpsc::channel(EXPORT_CHUNKS_IN_FLIGHT);
    let (early_sender, early) = tokio::sync::oneshot::channel();
    let runtime = tokio::runtime::Handle::current();
    // The export writes synchronously (a sealed chunk at a time): on a blocking thread, each
    // chunk handed to the response body as it is sealed, so memory stays flat however many
    // records there are. A failure before the first chunk is answered as an error; one
    // midway ends the body with an error: the archive is then cut short, which an import
    // refuses.
    tokio::task::spawn_blocking(move || {
        let session = state.fabric.session(principal).with_request_id(&request_id.0);
        let secret = RootSecret::Key(&key);
        let sent = Arc::new(AtomicBool::new(false));
        let chunks = ChunkSender { sender: sender.clone(), sent: Arc::clone(&sent) };
        let out = BufWriter::with_capacity(64 << 10, chunks);
        let outcome = runtime.block_on(session.export(
            out,
            ExportFormat::Sealed(&secret),
            params.owner.as_deref(),
            params.audit,
        ));
        let failure = match outcome {
            Ok((out, _)) => out.into_inner().err().map(|_| None),
            Err(error) => Some(Some(error)),
        };
        match failure {
            None => {}
            Some(Some(error)) if !sent.load(Ordering::Relaxed) => {
                let _ = early_sender.send(error);
            }
            Some(_) => {
                let failed = std::io::Error::other("the export failed");
                let _ =
                    futures::executor::block_on(futures::SinkExt::send(&mut sender, Err(failed)));
            }
        }
    });
    // The first chunk, or the error that came before it.
    let first = futures::StreamExt::next(&mut body).await;
    if first.is_none()
        && let Ok(error) = early.await
    {
        return Err(error.into());
    }
    let body = futures::StreamExt::chain(futures::stream::iter(first), body);
    let mut response = Response::new(Body::from_stream(body));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"));
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"fabric-export.mfex\""),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(EXPORT_KEY_HEADER, key_header);
    Ok(response)
}

/// Hands what the export writes to the response body, waiting while the client is slow.
struct ChunkSender {
    sender: futures::channel::mpsc::Sender<Result<Bytes, std::io::Error>>,
    /// Whether anything was handed over yet.
    sent: Arc<AtomicBool>,
}

impl std::io::Write for ChunkSender {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        use futures::SinkExt as _;
        let chunk = Bytes::copy_from_slice(bytes);
        self.sent.store(true, Ordering::Relaxed);
        futures::executor::block_on(self.sender.send(Ok(chunk)))
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
