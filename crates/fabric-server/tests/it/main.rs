//! Integration tests of the HTTP API over real sockets on 127.0.0.1: a real SQLite file, real
//! API keys, real HTTP/1.1 requests (and real TLS in `tls`).

#![allow(clippy::unwrap_used, reason = "test helpers fail by panicking")]

mod fuzz;
mod isolation;
mod jwt;
mod keys;
mod matrix;
mod openapi;
mod server;
mod tls;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use fabric_core::SqliteStack;
use fabric_core::fabric_audit::{AuditEvent, AuditQuery, AuditSink, Operation, Status};
use fabric_core::fabric_authz::secrecy::ExposeSecret;
use fabric_core::fabric_authz::{ApiKeys, Authenticator};
use fabric_crypto::{Keyring, MasterKey};
use fabric_server::{AppState, Server, ServerConfig, router};
use http_body_util::{BodyExt as _, Full};
use hyper::body::Bytes;
use hyper::{HeaderMap, Request, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::oneshot;

/// The longest any one request may take before the test calls it a hang.
const REQUEST_DEADLINE: Duration = Duration::from_secs(20);

const MASTER_KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

/// A server on 127.0.0.1 over a fresh SQLite file, stopped on drop.
struct TestServer {
    addr: SocketAddr,
    state: Arc<AppState>,
    api_keys: ApiKeys,
    audit_sink: Arc<dyn AuditSink>,
    _dir: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// How a test wants its server.
#[derive(Default)]
struct Options {
    config: ServerConfig,
    tls: Option<Arc<rustls::ServerConfig>>,
    jwt: Option<fabric_core::fabric_authz::JwtVerifier>,
    /// Owners get keys of their own (in memory), so that shredding works.
    owner_keys: bool,
}

async fn start() -> TestServer {
    start_with(Options::default()).await
}

async fn start_with(options: Options) -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fabric.db");
    let key = MasterKey::parse(MASTER_KEY).unwrap();
    let owner_keys = options.owner_keys;
    let stack = SqliteStack::open(&db, Keyring::single(key), "server", "server", |builder| {
        if owner_keys {
            builder.owner_keys(Arc::new(fabric_core::MemoryOwnerKeys::default()))
        } else {
            builder
        }
    })
    .unwrap();
    let audit_sink = Arc::clone(stack.fabric.audit_log().unwrap().sink());
    let (fabric, api_keys) = (stack.fabric, stack.api_keys);
    let mut authenticator = Authenticator::new().with_api_keys(api_keys.clone());
    if let Some(jwt) = options.jwt {
        authenticator = authenticator.with_jwt(jwt);
    }
    let state = AppState::new(fabric, authenticator, options.config);
    let server =
        Server::bind("127.0.0.1:0".parse().unwrap(), options.tls, router(Arc::clone(&state)))
            .await
            .unwrap();
    let addr = server.local_addr();
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(server.serve(async move {
        let _ = stopped.await;
    }));
    TestServer { addr, state, api_keys, audit_sink, _dir: dir, stop: Some(stop) }
}

impl TestServer {
    /// The audit events of `operation` with status denied.
    async fn denied(&self, operation: Operation) -> Vec<AuditEvent> {
        let query = AuditQuery {
            operation: Some(operation),
            status: Some(Status::Denied),
            ..AuditQuery::default()
        };
        fabric_core::fabric_audit::query(self.audit_sink.as_ref(), &query).await.unwrap()
    }

    /// A new API key for `owner` with `role`.
    async fn key(&self, role: &str, owner: &str) -> String {
        let (_, key) = self.api_keys.create(&[role], owner, "test", None).await.unwrap();
        key.expose_secret().to_owned()
    }
}

/// One answer.
#[derive(Debug)]
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("not JSON: {:?}", String::from_utf8_lossy(&self.body)))
    }

    /// The `error.code` of a JSON error body.
    fn error_code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or_default().to_owned()
    }
}

/// Sends one request on a new connection over `io`.
async fn send_on<I>(io: I, request: Request<Full<Bytes>>) -> hyper::Result<Answer>
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(io)).await?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    let response = sender.send_request(request).await?;
    let (parts, body) = response.into_parts();
    let body = body.collect().await?.to_bytes();
    Ok(Answer { status: parts.status, headers: parts.headers, body })
}

/// Sends `method path` with an optional bearer token and body, over plain HTTP.
async fn call(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Answer {
    let mut builder = Request::builder().method(method).uri(path).header("host", "localhost");
    if let Some(token) = token {
        builder = builder.header("authorization", format!("Bearer {token}"));
    }
    let body = match body {
        Some(body) => {
            builder = builder.header("content-type", "application/json");
            Bytes::from(serde_json::to_vec(&body).unwrap())
        }
        None => Bytes::new(),
    };
    raw(addr, builder.body(Full::new(body)).unwrap()).await
}

/// Sends a prepared request over plain HTTP, failing the test on a hang.
async fn raw(addr: SocketAddr, request: Request<Full<Bytes>>) -> Answer {
    let exchange = async {
        let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        send_on(stream, request).await.unwrap()
    };
    tokio::time::timeout(REQUEST_DEADLINE, exchange).await.expect("the server hung")
}
