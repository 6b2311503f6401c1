//! TLS: a server with a fresh rcgen certificate, reached over HTTPS by a rustls client that
//! trusts exactly that certificate; plain HTTP to the TLS port fails.

use std::sync::Arc;

use http_body_util::Full;
use hyper::Request;
use hyper::body::Bytes;
use rustls::pki_types::ServerName;
use tokio_rustls::TlsConnector;

use crate::{Options, REQUEST_DEADLINE, send_on, start_with};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_with_a_trusted_certificate_and_no_plain_http() {
    let dir = tempfile::tempdir().unwrap();
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let cert_path = dir.path().join("cert.pem");
    let key_path = dir.path().join("key.pem");
    std::fs::write(&cert_path, certified.cert.pem()).unwrap();
    std::fs::write(&key_path, certified.signing_key.serialize_pem()).unwrap();
    // A private key readable by group or others is refused, as key files are.
    let error = fabric_server::server_config(&cert_path, &key_path).unwrap_err();
    assert!(error.to_string().contains("private key"), "{error}");
    private(&key_path);
    let tls = fabric_server::server_config(&cert_path, &key_path).unwrap();
    let server = start_with(Options { tls: Some(tls), ..Options::default() }).await;
    let key = server.key("user", "acme").await;

    let mut roots = rustls::RootCertStore::empty();
    roots.add(certified.cert.der().clone()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let client = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let connector = TlsConnector::from(Arc::new(client));

    let exchange = async {
        let tcp = tokio::net::TcpStream::connect(server.addr).await.unwrap();
        let tls = connector
            .connect(ServerName::try_from("localhost").unwrap(), tcp)
            .await
            .expect("handshake with the trusted certificate");
        let request = Request::post("/v1/memories")
            .header("host", "localhost")
            .header("authorization", format!("Bearer {key}"))
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from_static(br#"{"content": "over TLS"}"#)))
            .unwrap();
        send_on(tls, request).await.unwrap()
    };
    let answer = tokio::time::timeout(REQUEST_DEADLINE, exchange).await.expect("hung");
    assert_eq!(answer.status, 201);
    assert_eq!(answer.json()["content"], "over TLS");

    // A client that does not trust the certificate is refused during the handshake.
    let untrusting = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(rustls::RootCertStore::empty())
    .with_no_client_auth();
    let tcp = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let refused = tokio::time::timeout(
        REQUEST_DEADLINE,
        TlsConnector::from(Arc::new(untrusting))
            .connect(ServerName::try_from("localhost").unwrap(), tcp),
    )
    .await
    .expect("hung");
    assert!(refused.is_err());

    // Plain HTTP to the TLS port gets no HTTP answer.
    let plain = async {
        let tcp = tokio::net::TcpStream::connect(server.addr).await.unwrap();
        let request = Request::get("/healthz")
            .header("host", "localhost")
            .body(Full::new(Bytes::new()))
            .unwrap();
        send_on(tcp, request).await
    };
    let plain = tokio::time::timeout(REQUEST_DEADLINE, plain).await.expect("hung");
    assert!(plain.is_err(), "plain HTTP must fail on the TLS port: {plain:?}");
}

#[test]
fn bad_pem_files_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.pem");
    std::fs::write(&empty, "").unwrap();
    let missing = dir.path().join("missing.pem");
    let error = fabric_server::server_config(&empty, &empty).unwrap_err();
    assert!(error.to_string().contains("certificate"), "{error}");
    let error = fabric_server::server_config(&missing, &missing).unwrap_err();
    assert!(matches!(error, fabric_server::Error::Tls { .. }));
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let other = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let cert = dir.path().join("cert.pem");
    let wrong_key = dir.path().join("wrong.pem");
    std::fs::write(&cert, certified.cert.pem()).unwrap();
    std::fs::write(&wrong_key, other.signing_key.serialize_pem()).unwrap();
    private(&wrong_key);
    let error = fabric_server::server_config(&cert, &wrong_key).unwrap_err();
    assert!(error.to_string().contains("private key"), "{error}");
}

/// Makes `path` readable by its owner only.
fn private(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}
