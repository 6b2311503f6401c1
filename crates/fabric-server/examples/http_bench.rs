//! HTTP load benchmark: authenticated stores and gets against a server on 127.0.0.1 over the
//! SQLite default (records, audit log and API keys in one file), from a small keep-alive load
//! generator in the same process.
//!
//! `cargo run --release -p fabric-server --example http_bench -- [CONNECTIONS] [STORES] [GETS]`
//! prints `BENCH\thttp\t<operation>\t<requests>\t<requests/s>\t<p50 ms>\t<p99 ms>` lines.

#![allow(clippy::print_stdout, reason = "a benchmark prints its report")]
#![allow(clippy::unwrap_used, reason = "a benchmark fails by panicking")]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fabric_core::SqliteStack;
use fabric_core::fabric_authz::Authenticator;
use fabric_core::fabric_authz::secrecy::ExposeSecret as _;
use fabric_crypto::{Keyring, MasterKey};
use fabric_server::{AppState, Server, ServerConfig, router};
use http_body_util::{BodyExt as _, Full};
use hyper::Request;
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;

const KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

fn argument(index: usize, default: usize) -> usize {
    std::env::args().nth(index).and_then(|text| text.parse().ok()).unwrap_or(default)
}

/// One keep-alive connection's sender.
async fn connect(addr: SocketAddr) -> hyper::client::conn::http1::SendRequest<Full<Bytes>> {
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.set_nodelay(true).unwrap();
    let (sender, connection) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.unwrap();
    tokio::spawn(connection);
    sender
}

/// Runs `total` requests made by `make(index)` over `connections` keep-alive connections;
/// returns (requests/s, p50 ms, p99 ms) and the response bodies of the first `keep` requests.
async fn run(
    addr: SocketAddr,
    connections: usize,
    total: usize,
    make: Arc<dyn Fn(usize) -> Request<Full<Bytes>> + Send + Sync>,
    expect_status: u16,
    keep: usize,
) -> (f64, f64, f64, Vec<Bytes>) {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let next = Arc::clone(&next);
        let make = Arc::clone(&make);
        tasks.push(tokio::spawn(async move {
            let mut sender = connect(addr).await;
            let mut latencies = Vec::new();
            let mut kept = Vec::new();
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= total {
                    break;
                }
                let request = make(index);
                let sent = Instant::now();
                sender.ready().await.unwrap();
                let response = sender.send_request(request).await.unwrap();
                let status = response.status().as_u16();
                let body = response.into_body().collect().await.unwrap().to_bytes();
                latencies.push(sent.elapsed());
                assert_eq!(status, expect_status, "{}", String::from_utf8_lossy(&body));
                if index < keep {
                    kept.push(body);
                }
            }
            (latencies, kept)
        }));
    }
    let mut latencies = Vec::with_capacity(total);
    let mut kept = Vec::new();
    for task in tasks {
        let (task_latencies, task_kept) = task.await.unwrap();
        latencies.extend(task_latencies);
        kept.extend(task_kept);
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let percentile = |p: f64| {
        let index = ((latencies.len() as f64 * p).ceil() as usize).saturating_sub(1);
        latencies.get(index).copied().unwrap_or(Duration::ZERO).as_secs_f64() * 1000.0
    };
    (total as f64 / elapsed, percentile(0.50), percentile(0.99), kept)
}

fn main() {
    let connections = argument(1, 32);
    let stores = argument(2, 20_000);
    let gets = argument(3, 100_000);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async move {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("fabric.db");
        let key = MasterKey::parse(KEY).unwrap();
        let SqliteStack { fabric, api_keys } =
            SqliteStack::open(&db, Keyring::single(key), "server", "server", |builder| builder)
                .unwrap();
        let (_, token) = api_keys.create(&["user"], "acme", "bench", None).await.unwrap();
        let bearer = format!("Bearer {}", token.expose_secret());
        let state = AppState::new(
            fabric,
            Authenticator::new().with_api_keys(api_keys),
            ServerConfig::default(),
        );
        let server = Server::bind("127.0.0.1:0".parse().unwrap(), None, router(state)).await.unwrap();
        let addr = server.local_addr();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let serving = tokio::spawn(server.serve(async move {
            let _ = stopped.await;
        }));

        let store_bearer = bearer.clone();
        let store: Arc<dyn Fn(usize) -> Request<Full<Bytes>> + Send + Sync> = Arc::new(move |index| {
            let body = format!(
                r#"{{"content": "memory number {index}: the user prefers metric units and dark mode", "tags": ["bench"], "metadata": {{"n": {index}}}}}"#
            );
            Request::post("/v1/memories")
                .header("host", "localhost")
                .header("authorization", &store_bearer)
                .header("content-type", "application/json")
                .body(Full::new(Bytes::from(body)))
                .unwrap()
        });
        let (rate, p50, p99, bodies) = run(addr, connections, stores, store, 201, stores).await;
        println!("BENCH\thttp\tstore\t{stores}\t{rate:.0}\t{p50:.2}\t{p99:.2}");

        let ids: Arc<Vec<String>> = Arc::new(
            bodies
                .iter()
                .map(|body| {
                    let json: serde_json::Value = serde_json::from_slice(body).unwrap();
                    json["id"].as_str().unwrap().to_owned()
                })
                .collect(),
        );
        let get: Arc<dyn Fn(usize) -> Request<Full<Bytes>> + Send + Sync> = Arc::new(move |index| {
            // A cheap spread over the stored ids (a multiplicative hash of the index).
            let id = &ids[index.wrapping_mul(2_654_435_761) % ids.len()];
            Request::get(format!("/v1/memories/{id}"))
                .header("host", "localhost")
                .header("authorization", &bearer)
                .body(Full::new(Bytes::new()))
                .unwrap()
        });
        let (rate, p50, p99, _) = run(addr, connections, gets, get, 200, 0).await;
        println!("BENCH\thttp\tget\t{gets}\t{rate:.0}\t{p50:.2}\t{p99:.2}");
        let _ = stop.send(());
        serving.await.unwrap().unwrap();
    });
}
