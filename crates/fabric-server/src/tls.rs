//! TLS: a rustls server configuration (ring provider) from PEM certificate and key files.

use std::path::Path;
use std::sync::Arc;

use rustls_pki_types::pem::PemObject as _;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

use crate::error::{Error, Result};

/// A rustls server configuration serving the certificate chain in `cert_pem` (leaf first)
/// with the private key in `key_pem` (PKCS#8, PKCS#1 or SEC1), TLS 1.2 and 1.3, ALPN
/// `http/1.1`.
///
/// # Errors
///
/// [`Error::Tls`] when a file cannot be read, holds no certificate or key, the key file is
/// readable by group or others (refused as key files are), or the key does not match the
/// certificate. The error names the file, never its contents.
pub fn server_config(cert_pem: &Path, key_pem: &Path) -> Result<Arc<rustls::ServerConfig>> {
    let tls_error = |what: &'static str, path: &Path| {
        let path = path.to_owned();
        move |source: Box<dyn std::error::Error + Send + Sync>| Error::Tls { what, path, source }
    };
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert_pem)
        .map_err(|error| tls_error("certificate", cert_pem)(Box::new(error)))?
        .collect::<Result<_, _>>()
        .map_err(|error| tls_error("certificate", cert_pem)(Box::new(error)))?;
    if certs.is_empty() {
        return Err(tls_error("certificate", cert_pem)("no certificate in the file".into()));
    }
    // Read as key files are: refused when group or others can read it, held zeroized.
    let key_text = fabric_core::fabric_crypto::read_private_file(key_pem)
        .map_err(|error| tls_error("private key", key_pem)(Box::new(error)))?;
    let key = PrivateKeyDer::from_pem_slice(key_text.as_bytes())
        .map_err(|error| tls_error("private key", key_pem)(Box::new(error)))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| tls_error("certificate", cert_pem)(Box::new(error)))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|error| tls_error("private key", key_pem)(Box::new(error)))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
