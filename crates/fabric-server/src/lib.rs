//! The HTTP API of memory-fabric: JSON over `/v1/...`, authenticated with API keys or JWTs,
//! served over HTTP/1.1 with optional TLS (rustls).
//!
//! The boundary of this crate is the route table [`ROUTES`]: the [`router`] and the OpenAPI
//! document ([`openapi_document`], served at `/openapi.json`) are both generated from it, so
//! they cannot disagree. Every authenticated route turns its [`Principal`] into a
//! [`SecureSession`](fabric_core::SecureSession), which checks the permission, keeps a
//! non-admin on its own owner and audits the call; every refused credential is an audit
//! event (`authenticate`, `denied`) and a 401.
//!
//! ```no_run
//! use std::sync::Arc;
//! use fabric_core::MemoryFabric;
//! use fabric_core::fabric_authz::{ApiKeys, Authenticator, MemoryApiKeyStore};
//! use fabric_server::{AppState, Server, ServerConfig, router};
//!
//! # async fn demo(fabric: MemoryFabric) -> Result<(), Box<dyn std::error::Error>> {
//! let api_keys = ApiKeys::new(Arc::new(MemoryApiKeyStore::new()));
//! let state = AppState::new(
//!     Arc::new(fabric),
//!     Authenticator::new().with_api_keys(api_keys),
//!     ServerConfig::default(),
//! );
//! let server = Server::bind("127.0.0.1:8080".parse()?, None, router(state)).await?;
//! let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
//! # drop(stop);
//! server.serve(async { let _ = stopped.await; }).await?;
//! # Ok(()) }
//! ```
//!
//! Errors are `{"error": {"code", "message"}}` with 400, 401, 403, 404, 405, 408, 409, 413,
//! 422, 500 or 501, and never carry internal causes. Limits: body size (413, checked on
//! `Content-Length` before anything else and while reading), request time (408 with a JSON
//! body; the handler still finishes in the background so that nothing is left half-done),
//! requests served at once, header read time, TLS handshake time.
//!
//! [`Principal`]: fabric_core::fabric_authz::Principal

mod app;
mod error;
mod extract;
mod metrics;
mod openapi;
mod routes;
mod serve;
mod tls;

pub use app::{
    AppState, DEFAULT_BODY_LIMIT, DEFAULT_CONCURRENCY_LIMIT, DEFAULT_REQUEST_TIMEOUT, RequestId,
    ServerConfig, router,
};
pub use error::{ApiError, Error, Result};
pub use metrics::{LATENCY_BUCKETS, Metrics, UNMATCHED_ROUTE};
pub use openapi::{OPENAPI_VERSION, openapi_document, path_parameters};
pub use routes::{DEFAULT_LIST_LIMIT, EXPORT_KEY_HEADER, MAX_LIST_LIMIT, ROUTES, Route};
pub use serve::{
    HEADER_READ_TIMEOUT, SHUTDOWN_GRACE, Server, TLS_HANDSHAKE_TIMEOUT, check_listen_address,
};
pub use tls::server_config;
