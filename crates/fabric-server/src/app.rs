//! The application: shared state ([`AppState`]), limits ([`ServerConfig`]), the router and
//! its middleware (request id, metrics, body-size, concurrency and time limits,
//! authentication).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use std::future::Future as _;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use fabric_core::MemoryFabric;
use fabric_core::fabric_authz::{Authenticator, CredentialFailure};
use tokio::sync::Semaphore;

use crate::error::ApiError;
use crate::metrics::{Metrics, UNMATCHED_ROUTE};
use crate::openapi::openapi_document;
use crate::routes::{ROUTES, route_of, route_path};

/// The default largest request body: 1 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;
/// The default longest time one request may take.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The default number of requests served at once (others wait, within their timeout).
pub const DEFAULT_CONCURRENCY_LIMIT: usize = 1024;

/// Limits of one server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerConfig {
    /// The largest request body, in bytes; larger bodies get 413.
    pub body_limit: usize,
    /// The longest time one request may take, waiting for a concurrency slot included;
    /// slower requests get 408 with a JSON error.
    pub request_timeout: Duration,
    /// How many requests are served at once.
    pub concurrency_limit: usize,
}

/// The longest request timeout accepted (one day); longer ones are clamped to it.
const MAX_REQUEST_TIMEOUT: Duration = Duration::from_secs(24 * 60 * 60);
/// The most requests served at once; larger limits are clamped to it.
const MAX_CONCURRENCY_LIMIT: usize = 1 << 20;

impl ServerConfig {
    /// These limits within workable bounds: a timeout of 1 s to one day, 1 to 2^20
    /// requests at once, a body limit of at least one byte.
    pub fn clamped(self) -> Self {
        ServerConfig {
            body_limit: self.body_limit.max(1),
            request_timeout: self.request_timeout.min(MAX_REQUEST_TIMEOUT),
            concurrency_limit: self.concurrency_limit.clamp(1, MAX_CONCURRENCY_LIMIT),
        }
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            body_limit: DEFAULT_BODY_LIMIT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            concurrency_limit: DEFAULT_CONCURRENCY_LIMIT,
        }
    }
}

/// The request id of one request (also sent back as `x-request-id`, and written into its
/// audit events).
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// What every request shares.
pub struct AppState {
    pub(crate) fabric: Arc<MemoryFabric>,
    authenticator: RwLock<Arc<Authenticator>>,
    pub(crate) metrics: Metrics,
    /// The OpenAPI document, serialized once.
    pub(crate) openapi: bytes::Bytes,
    config: ServerConfig,
    slots: Semaphore,
    request_prefix: String,
    request_counter: AtomicU64,
    /// The owner-key rotation started over HTTP, if any.
    pub(crate) rotation: std::sync::Mutex<crate::routes::KeyRotation>,
    /// The task running that rotation, which [`AppState::drain`] waits for.
    pub(crate) rotation_task: std::sync::Mutex<Option<tokio::task::JoinHandle<()>>>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("fabric", &self.fabric)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// State for a server over `fabric` (whose access policy and audit log are used),
    /// accepting the credentials `authenticator` accepts.
    pub fn new(
        fabric: Arc<MemoryFabric>,
        authenticator: Authenticator,
        config: ServerConfig,
    ) -> Arc<Self> {
        // Request ids are `<random prefix>-<counter>`: unique across restarts, cheap per request.
        // The last 12 hex digits of a UUIDv7 are random.
        let uuid = uuid::Uuid::now_v7().simple().to_string();
        let request_prefix: String = uuid.chars().skip(20).collect();
        let config = config.clamped();
        let openapi =
            serde_json::to_vec(&openapi_document()).map(bytes::Bytes::from).unwrap_or_default();
        Arc::new(AppState {
            fabric,
            authenticator: RwLock::new(Arc::new(authenticator)),
            metrics: Metrics::new(),
            openapi,
            config,
            slots: Semaphore::new(config.concurrency_limit),
            request_prefix,
            request_counter: AtomicU64::new(0),
            rotation: std::sync::Mutex::default(),
            rotation_task: std::sync::Mutex::default(),
        })
    }

    /// Replaces the authenticator, for example with one whose JWT keys were rotated;
    /// requests already authenticating finish with the old one.
    pub fn replace_authenticator(&self, authenticator: Authenticator) {
        *self.authenticator.write().unwrap_or_else(PoisonError::into_inner) =
            Arc::new(authenticator);
    }

    /// The server's metrics.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// Waits until no request holds a concurrency slot (a handler that outlived its 408
    /// included), then keeps every slot, so nothing else starts, and until a key rotation
    /// started over HTTP has finished and audited itself: call it after the server stopped
    /// and before closing the audit log.
    pub async fn drain(&self) {
        let rotation = self.rotation_task.lock().unwrap_or_else(PoisonError::into_inner).take();
        if let Some(task) = rotation
            && !task.is_finished()
        {
            tracing::info!("waiting for the owner key rotation to finish before stopping");
            // Its outcome is in `rotation` (and the audit log) already.
            let _ = task.await;
        }
        let all = u32::try_from(self.config.concurrency_limit).unwrap_or(u32::MAX);
        if let Ok(permits) = self.slots.acquire_many(all).await {
            permits.forget();
        }
    }

    fn authenticator(&self) -> Arc<Authenticator> {
        Arc::clone(&self.authenticator.read().unwrap_or_else(PoisonError::into_inner))
    }

    fn next_request_id(&self) -> RequestId {
        let n = self.request_counter.fetch_add(1, Ordering::Relaxed);
        RequestId(format!("{}-{n}", self.request_prefix))
    }
}

/// The router of every route in [`ROUTES`], with all middleware, over `state`.
pub fn router(state: Arc<AppState>) -> Router {
    let mut public = Router::new();
    let mut authenticated = Router::new();
    for route in ROUTES {
        if route.is_authenticated() {
            authenticated = authenticated.route(route.path, (route.handler)());
        } else {
            public = public.route(route.path, (route.handler)());
        }
    }
    let authenticated =
        authenticated.route_layer(middleware::from_fn_with_state(Arc::clone(&state), authenticate));
    public
        .merge(authenticated)
        .fallback(|| async { ApiError::no_route() })
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .layer(DefaultBodyLimit::max(state.config.body_limit))
        .layer(middleware::from_fn_with_state(Arc::clone(&state), limits))
        .with_state(state)
}

/// Request id, body-size pre-check, concurrency slot, timeout and metrics, around
/// everything else.
async fn limits(State(state): State<Arc<AppState>>, mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .and_then(|matched| route_path(matched.as_str()))
        .unwrap_or(UNMATCHED_ROUTE);
    let method = crate::metrics::method_label(request.method());
    let request_id = state.next_request_id();
    let header_id = HeaderValue::from_str(&request_id.0).ok();
    request.extensions_mut().insert(request_id);

    let declared_length = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.parse::<u64>().ok());
    let mut response =
        if declared_length.is_some_and(|length| length > state.config.body_limit as u64) {
            ApiError::too_large(state.config.body_limit).into_response()
        } else {
            // The handler runs in its own task, so a request that times out still finishes
            // (and writes its audit event) instead of being cut off half-way; its body stops
            // at the deadline, so a client that sends slowly cannot hold a slot past it.
            let deadline = tokio::time::Instant::from_std(started) + state.config.request_timeout;
            let request = request.map(|body| Body::new(DeadlineBody::new(body, deadline)));
            let task_state = Arc::clone(&state);
            let served = tokio::spawn(async move {
                // A request still waiting for a slot at its deadline is dropped unserved
                // (its client got 408); the semaphore is never closed.
                let slot = tokio::time::timeout_at(deadline, task_state.slots.acquire()).await;
                let Ok(Ok(_slot)) = slot else {
                    return ApiError::timeout().into_response();
                };
                next.run(request).await
            });
            match tokio::time::timeout_at(deadline, served).await {
                Ok(Ok(response)) => response,
                Ok(Err(join_error)) => {
                    tracing::error!(error = %join_error, "request handler failed");
                    ApiError::internal().into_response()
                }
                Err(_) => ApiError::timeout().into_response(),
            }
        };
    if let Some(header_id) = header_id {
        response.headers_mut().insert("x-request-id", header_id);
    }
    state.metrics.record_request(route, method, response.status().as_u16(), started.elapsed());
    response
}

/// A request body that fails once `deadline` passes.
struct DeadlineBody {
    inner: Body,
    deadline: Pin<Box<tokio::time::Sleep>>,
}

impl DeadlineBody {
    fn new(inner: Body, deadline: tokio::time::Instant) -> Self {
        DeadlineBody { inner, deadline: Box::pin(tokio::time::sleep_until(deadline)) }
    }
}

impl http_body::Body for DeadlineBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        if this.deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(axum::Error::new("the request body took too long"))));
        }
        Pin::new(&mut this.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

/// Authenticates the `Authorization` header; on success the [`Principal`] goes into the
/// request's extensions, on failure the attempt is audited and answered 401.
///
/// [`Principal`]: fabric_core::fabric_authz::Principal
async fn authenticate(
    State(state): State<Arc<AppState>>,
    mut request: Request,
    next: Next,
) -> Response {
    let outcome = match request.headers().get(header::AUTHORIZATION) {
        None => {
            Err(fabric_core::fabric_authz::Error::invalid_credentials(CredentialFailure::Malformed))
        }
        Some(value) => match value.to_str() {
            Ok(text) => state.authenticator().authenticate_header(text).await,
            Err(_) => Err(fabric_core::fabric_authz::Error::invalid_credentials(
                CredentialFailure::Malformed,
            )),
        },
    };
    match outcome {
        Ok(principal) => {
            // The route's permission is checked (and a refusal audited) before the handler
            // reads the body: a credential without it gets 403, whatever it sent.
            let route = request
                .extensions()
                .get::<MatchedPath>()
                .and_then(|matched| route_of(request.method().as_str(), matched.as_str()));
            if let Some((permission, operation)) =
                route.and_then(|route| route.permission.zip(route.operation))
            {
                let mut session = state.fabric.session(principal.clone());
                if let Some(id) = request.extensions().get::<RequestId>() {
                    session = session.with_request_id(&id.0);
                }
                if let Err(error) = session.require(permission, operation).await {
                    return ApiError::from(error).into_response();
                }
            }
            request.extensions_mut().insert(principal);
            next.run(request).await
        }
        Err(error) => {
            let request_id = request.extensions().get::<RequestId>().cloned();
            let (answer, refused) = match error.credential_failure() {
                Some(reason) => {
                    state.metrics.record_auth_failure(crate::metrics::failure_label(reason));
                    (ApiError::unauthorized(), true)
                }
                None => {
                    tracing::error!(error = %error, "credential store failed");
                    state.metrics.record_auth_failure("error");
                    (ApiError::internal(), false)
                }
            };
            let request_id = request_id.as_ref().map(|id| id.0.as_str());
            if let Err(error) = state.fabric.audit_authentication(request_id, refused).await {
                tracing::error!(error = %error, "cannot audit a failed authentication");
                return ApiError::internal().into_response();
            }
            answer.into_response()
        }
    }
}
