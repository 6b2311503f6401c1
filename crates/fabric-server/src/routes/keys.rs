//! The key routes: `POST /v1/admin/keys/rotate` starts replacing every owner key (each
//! record's data key rewrapped under its owner's new key) in the background, and
//! `GET /v1/admin/keys` reports the key-encryption keys, that rotation's progress and, when
//! asked, what each key protects. Rotating the key-encryption key itself needs the root key
//! and stays with `fabric keys rotate`.

use std::sync::{Arc, PoisonError};

use axum::Extension;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{SecondsFormat, Utc};
use fabric_core::fabric_audit::Operation;
use fabric_core::fabric_authz::{Permission, Principal};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::session;
use crate::app::{AppState, RequestId};
use crate::error::ApiError;
use crate::extract::QueryParams;

/// Where the server's owner-key rotation stands.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub(crate) enum KeyRotation {
    /// None has run since the server started.
    #[default]
    Idle,
    /// Under way: records looked at so far, of how many.
    Running {
        /// When it started (RFC 3339).
        started: String,
        /// Records looked at so far.
        checked: u64,
        /// Records to look at.
        total: u64,
    },
    /// Finished: what it did.
    Done {
        /// When it started (RFC 3339).
        started: String,
        /// When it finished (RFC 3339).
        finished: String,
        /// Owners whose key was replaced.
        owners: u64,
        /// Records moved under a new owner key.
        records: u64,
        /// Recall index keys rewrapped.
        index_keys: u64,
        /// Whether it finished a rotation an earlier run had started.
        resumed: bool,
        /// Records left as they were because their wrapped data key opens for nobody.
        unreadable: u64,
    },
    /// Stopped by an error: every record still opens, and a new rotation resumes it.
    Failed {
        /// When it started (RFC 3339).
        started: String,
        /// When it stopped (RFC 3339).
        finished: String,
        /// What went wrong.
        error: String,
    },
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `POST /v1/admin/keys/rotate`: 202 with the rotation's state once it started; 409 while
/// one runs; 501 without owner keys.
pub(super) async fn rotate(
    State(state): State<Arc<AppState>>,
    Extension(principal): Extension<Principal>,
    Extension(request_id): Extension<RequestId>,
) -> Result<Response, ApiError> {
    session(&state, principal.clone(), &request_id)
        .require_admin(Permission::RotateKeys, Operation::RotateKeys)
        .await?;
    if !state.fabric.has_owner_keys() {
        return Err(ApiError::new(
            StatusCode::NOT_IMPLEMENTED,
            "not_implemented",
            "this server has no owner keys to rotate",
        ));
    }
    let started = now();
    let running = KeyRotation::Running { started: started.clone(), checked: 0, total: 0 };
    {
        let mut rotation = state.rotation.lock().unwrap_or_else(PoisonError::into_inner);
        if matches!(*rotation, KeyRotation::Running { .. }) {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "conflict",
                "a key rotation is already running",
            ));
        }
        *rotation = running.clone();
    }
    let task = Arc::clone(&state);
    let handle = tokio::spawn(async move {
        let state = task;
        // In a task of its own, so that a panic in it still ends the state as failed.
        let work = Arc::clone(&state);
        let outcome = tokio::spawn(async move {
            let progress = |checked, total| {
                let mut rotation = work.rotation.lock().unwrap_or_else(PoisonError::into_inner);
                if let KeyRotation::Running { checked: seen, total: all, .. } = &mut *rotation {
                    (*seen, *all) = (checked, total);
                }
            };
            session(&work, principal, &request_id).rotate_owner_keys(progress).await
        })
        .await;
        let finished = now();
        let end = match outcome {
            Ok(Ok(report)) => KeyRotation::Done {
                started,
                finished,
                owners: report.owners,
                records: report.records,
                index_keys: report.index_keys,
                resumed: report.resumed,
                unreadable: report.unreadable,
            },
            Ok(Err(error)) => {
                tracing::error!(error = %error, "owner key rotation failed");
                failed(started, finished)
            }
            Err(_) => {
                tracing::error!("owner key rotation stopped by a panic");
                failed(started, finished)
            }
        };
        *state.rotation.lock().unwrap_or_else(PoisonError::into_inner) = end;
    });
    // A server that stops meanwhile waits for it (`AppState::drain`).
    *state.rotation_task.lock().unwrap_or_else(PoisonError::into_inner) = Some(handle);
    Ok((StatusCode::ACCEPTED, Json(json!({ "rotation": running }))).into_response())
}

/// The state of a rotation that stopped on an error.
fn failed(started: String, finished: String) -> KeyRotation {
    KeyRotation::Failed {
        started,
        finished,
        error: "the rotation stopped; every memory still opens, and starting it again resumes \
                it (the server log says why)"
            .into(),
    }
}

/// `GET /v1/admin/keys`'s query.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct KeysParams {
    /// Also say what each key protects (reads every record's envelope header).
    #[serde(default)]
    usage: bool,
}

/// `GET /v1/admin/keys`: the key-encryption keys (ids only), the owner-key rotation's state
/// and, with `?usage=true`, what each key protects.
pub(super) async fn list(
    State(state): State<Arc<AppState>>,
    Extension(principal): Extension<Principal>,
    Extension(request_id): Extension<RequestId>,
    QueryParams(params): QueryParams<KeysParams>,
) -> Result<Response, ApiError> {
    let session = session(&state, principal, &request_id);
    session.require_admin(Permission::ManageKeys, Operation::ManageKeys).await?;
    let (active, ids) = state.fabric.key_ids();
    let rotation = state.rotation.lock().unwrap_or_else(PoisonError::into_inner).clone();
    let mut answer = Map::new();
    answer.insert("active".into(), json!(active));
    answer.insert("keys".into(), json!(ids));
    answer.insert("owner_keys".into(), json!(state.fabric.has_owner_keys()));
    answer.insert("rotation".into(), json!(rotation));
    if params.usage {
        let usage = session.key_usage().await?;
        let by_key: Map<String, Value> = usage
            .by_key
            .iter()
            .map(|(id, protects)| {
                let protects = json!({
                    "owner_keys": protects.owner_keys,
                    "records": protects.records,
                    "index_keys": protects.index_keys,
                });
                (id.clone(), protects)
            })
            .collect();
        answer.insert(
            "usage".into(),
            json!({
                "by_key": by_key,
                "shredded_records": usage.shredded_records,
                "unknown_records": usage.unknown_records,
            }),
        );
    }
    Ok(Json(Value::Object(answer)).into_response())
}
