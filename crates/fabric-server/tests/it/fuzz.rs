//! Hostile input to every route: malformed JSON, wrong types, huge bodies, bad ids, bad
//! query strings and bad headers. Every answer is a 4xx or a success, arrives before the
//! deadline, and an error is JSON.

use fabric_server::{ROUTES, Route};
use http_body_util::Full;
use hyper::Request;
use hyper::body::Bytes;
use hyper::header::HeaderValue;
use proptest::prelude::*;

use crate::{Answer, TestServer, raw, start};

const BAD_IDS: &[&str] = &[
    "..",
    "%2e%2e",
    "a%2Fb",
    "%00",
    "%FF%FE",
    "with%20space",
    "%F0%9F%92%A9",
    "-",
    "0190aaaa-0000-7000-8000-000000000000",
];

const BAD_BODIES: &[&[u8]] = &[
    b"",
    b"{",
    b"[",
    b"null",
    b"\"text\"",
    b"12",
    b"{\"content\": 5}",
    b"{\"content\": \"x\", \"tags\": \"not a list\"}",
    b"{\"content\": \"x\", \"memory_type\": \"spaceship\"}",
    b"{\"content\": \"x\", \"importance\": \"high\"}",
    b"{\"content\": \"x\", \"importance\": 7}",
    b"{\"content\": \"x\", \"unknown\": true}",
    b"{\"content\": \"x\", \"owner\": \"../etc\"}",
    b"{\"content\": \"x\", \"id\": \"../../x\"}",
    b"{\"content\": \"x\", \"expires_at\": \"yesterday\"}",
    b"{\"content\": \"x\", \"metadata\": []}",
    b"{\"query\": 5}",
    b"\xff\xfe\x00garbage",
    b"{\"content\": \"\xff\"}",
];

const BAD_QUERIES: &[&str] = &[
    "limit=-1",
    "limit=abc",
    "limit=0",
    "limit=99999999999999999999999",
    "since=not-a-time",
    "memory_type=spaceship",
    "unknown=1",
    "owner=..%2F..",
    "status=maybe",
    "operation=fly",
    "actor=%00",
    "owner=%F0%9F%92%A9",
    "%",
    "&&&==",
];

/// Whether `route` documents `status` as an answer of its own (a 501 where the server lacks
/// what the route needs, as owner keys for a key rotation).
fn documents(route: &Route, status: u16) -> bool {
    route.responses.iter().any(|(documented, _, _)| *documented == status)
}

fn check(answer: &Answer, route: &Route, path: &str, what: &str) {
    let (status, method) = (answer.status, route.method);
    let acceptable =
        status.is_client_error() || status.is_success() || documents(route, status.as_u16());
    assert!(acceptable, "{method} {path} {what}: {status}");
    if !status.is_success() {
        let json: serde_json::Value = serde_json::from_slice(&answer.body)
            .unwrap_or_else(|_| panic!("{method} {path} {what}: non-JSON error"));
        assert!(json["error"]["code"].is_string(), "{method} {path} {what}");
        assert!(json["error"]["message"].is_string(), "{method} {path} {what}");
    }
}

fn request(method: &str, uri: &str, token: Option<&str>, body: &[u8]) -> Request<Full<Bytes>> {
    let mut builder = Request::builder().method(method).uri(uri).header("host", "localhost");
    if let Some(token) = token {
        builder = builder.header("authorization", format!("Bearer {token}"));
    }
    builder
        .header("content-type", "application/json")
        .body(Full::new(Bytes::copy_from_slice(body)))
        .unwrap()
}

async fn tokens(server: &TestServer) -> Vec<Option<String>> {
    vec![None, Some(server.key("user", "acme").await), Some(server.key("admin", "ops").await)]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_bodies_ids_and_queries_are_4xx() {
    let server = start().await;
    let tokens = tokens(&server).await;
    for route in ROUTES {
        let paths: Vec<String> = if route.path.contains("{id}") {
            BAD_IDS.iter().map(|id| route.path.replace("{id}", id)).collect()
        } else {
            vec![route.path.to_owned()]
        };
        for token in &tokens {
            for path in &paths {
                for body in BAD_BODIES {
                    let answer =
                        raw(server.addr, request(route.method, path, token.as_deref(), body)).await;
                    check(
                        &answer,
                        route,
                        path,
                        &format!("body {:?}", String::from_utf8_lossy(body)),
                    );
                }
                for query in BAD_QUERIES {
                    let uri = format!("{path}?{query}");
                    let answer =
                        raw(server.addr, request(route.method, &uri, token.as_deref(), b"")).await;
                    check(&answer, route, &uri, "query");
                }
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn huge_bodies_and_bad_headers_are_4xx() {
    let server = start().await;
    let tokens = tokens(&server).await;
    let huge = vec![b'{'; 2 * 1024 * 1024 + 1];
    let long_token = "a".repeat(20 * 1024);
    for route in ROUTES {
        let path = route.path.replace("{id}", "0190aaaa-0000-7000-8000-000000000000");
        for token in &tokens {
            let auth = token
                .as_ref()
                .map(|token| format!("authorization: Bearer {token}\r\n"))
                .unwrap_or_default();
            // Declared too large: refused before the body is read.
            let head = format!(
                "{} {path} HTTP/1.1\r\nhost: localhost\r\n{auth}content-type: application/json\r\ncontent-length: {}\r\n\r\n",
                route.method,
                huge.len()
            );
            let (status, body) = exchange_bytes(server.addr, head.into_bytes(), huge.clone()).await;
            assert_eq!(status, 413, "{} {path}", route.method);
            assert!(body.contains("too_large"), "{body}");
            // Streamed (chunked) without a length: refused while reading, for routes that read it.
            let head = format!(
                "{} {path} HTTP/1.1\r\nhost: localhost\r\n{auth}content-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
                route.method
            );
            let mut chunked = Vec::new();
            for chunk in huge.chunks(64 * 1024) {
                chunked.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
                chunked.extend_from_slice(chunk);
                chunked.extend_from_slice(b"\r\n");
            }
            chunked.extend_from_slice(b"0\r\n\r\n");
            let (status, body) = exchange_bytes(server.addr, head.into_bytes(), chunked).await;
            // Routes that take no body ignore it; none answers 5xx.
            assert!(status < 500 || documents(route, status), "{} {path}: {status}", route.method);
            if status >= 400 {
                assert!(body.contains("\"error\""), "{body}");
            }
            if route.method == "POST" && token.is_some() && route.request_body.is_some() {
                assert_eq!(status, 413, "{} {path}", route.method);
            }
        }
        let headers: Vec<(&str, HeaderValue)> = vec![
            ("authorization", HeaderValue::from_bytes(b"Bearer \xff\xfe").unwrap()),
            ("authorization", HeaderValue::from_str(&format!("Bearer {long_token}")).unwrap()),
            ("authorization", HeaderValue::from_static("Bearer")),
            ("authorization", HeaderValue::from_static("Bearer a b")),
            ("authorization", HeaderValue::from_static("Bearer fabric_")),
            ("authorization", HeaderValue::from_static("Bearer e30.e30.e30")),
            ("content-type", HeaderValue::from_static("text/plain")),
            ("content-type", HeaderValue::from_bytes(b"\xff").unwrap()),
            ("content-length", HeaderValue::from_static("999999999999")),
        ];
        for (name, value) in headers {
            let mut builder =
                Request::builder().method(route.method).uri(&path).header("host", "localhost");
            if name != "authorization"
                && let Some(token) = &tokens[2]
            {
                builder = builder.header("authorization", format!("Bearer {token}"));
            }
            let sent = builder.header(name, value.clone());
            let body =
                if name == "content-length" { Bytes::new() } else { Bytes::from_static(b"{}") };
            let prepared = match sent.body(Full::new(body)) {
                Ok(prepared) => prepared,
                Err(_) => continue,
            };
            let exchange = async {
                let stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
                crate::send_on(stream, prepared).await
            };
            let answer = tokio::time::timeout(crate::REQUEST_DEADLINE, exchange)
                .await
                .expect("the server hung");
            // A framing error may close the connection instead of answering: not a 5xx.
            if let Ok(answer) = answer {
                check(&answer, route, &path, &format!("header {name}: {value:?}"));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_bodies_and_ids_never_5xx(
        route_index in 0..ROUTES.len(),
        id in "[ -~]{0,40}",
        body in proptest::collection::vec(any::<u8>(), 0..512),
        authenticated in any::<bool>(),
    ) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let server = start().await;
            let token = if authenticated { Some(server.key("admin", "ops").await) } else { None };
            let route = &ROUTES[route_index];
            let encoded: String = id
                .bytes()
                .map(|byte| if byte.is_ascii_alphanumeric() { (byte as char).to_string() } else { format!("%{byte:02X}") })
                .collect();
            let path = route.path.replace("{id}", if encoded.is_empty() { "x" } else { &encoded });
            let answer = raw(server.addr, request(route.method, &path, token.as_deref(), &body)).await;
            check(&answer, route, &path, "random");
        });
    }
}

/// Writes `head` then `body` on a raw connection (ignoring write errors: the server may
/// answer and close before reading everything) while reading the answer; returns its
/// status and body text.
async fn exchange_bytes(addr: std::net::SocketAddr, head: Vec<u8>, body: Vec<u8>) -> (u16, String) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let exchange = async {
        let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let (mut reader, mut writer) = stream.into_split();
        let writing = tokio::spawn(async move {
            if writer.write_all(&head).await.is_ok() {
                let _ = writer.write_all(&body).await;
            }
        });
        let mut received = Vec::new();
        let mut buffer = [0u8; 8192];
        loop {
            let read = reader.read(&mut buffer).await.unwrap_or(0);
            if read == 0 {
                break;
            }
            received.extend_from_slice(&buffer[..read]);
            if let Some(end) = received.windows(4).position(|window| window == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&received[..end]).to_lowercase();
                let length = head
                    .lines()
                    .find_map(|line| line.strip_prefix("content-length:"))
                    .and_then(|value| value.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                if received.len() >= end + 4 + length {
                    break;
                }
            }
        }
        writing.abort();
        let text = String::from_utf8_lossy(&received).to_string();
        let status = text
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse::<u16>().ok())
            .unwrap_or_else(|| panic!("no HTTP answer: {text:?}"));
        let body = text.split_once("\r\n\r\n").map(|(_, body)| body.to_owned()).unwrap_or_default();
        (status, body)
    };
    tokio::time::timeout(crate::REQUEST_DEADLINE, exchange).await.expect("the server hung")
}
