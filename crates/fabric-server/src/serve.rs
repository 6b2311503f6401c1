//! [`Server`]: the accept loop, plain HTTP or TLS, with graceful shutdown; and the listen
//! policy ([`check_listen_address`]).

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

use crate::error::{Error, Result};

/// How long a client may take to send a request's headers.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a TLS handshake may take.
pub const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long shutdown waits for open connections to finish.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Whether the server may listen on `address`.
///
/// With TLS any address is allowed. Without TLS only loopback addresses are, unless
/// `insecure_http` says otherwise; then the answer is `Ok(true)`: the caller should warn.
///
/// # Errors
///
/// [`Error::InsecureListen`] for plain HTTP on a non-loopback address without
/// `insecure_http`.
pub fn check_listen_address(address: SocketAddr, tls: bool, insecure_http: bool) -> Result<bool> {
    if tls || address.ip().is_loopback() {
        Ok(false)
    } else if insecure_http {
        Ok(true)
    } else {
        Err(Error::InsecureListen { address })
    }
}

/// A bound listener serving a router over HTTP/1.1, with or without TLS.
pub struct Server {
    listener: TcpListener,
    local_addr: SocketAddr,
    tls: Option<TlsAcceptor>,
    router: Router,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("local_addr", &self.local_addr)
            .field("tls", &self.tls.is_some())
            .finish_non_exhaustive()
    }
}

impl Server {
    /// Binds `address` (port 0 picks a free port) to serve `router`, over TLS when
    /// `tls` is given. Does not check the listen policy: see [`check_listen_address`].
    ///
    /// # Errors
    ///
    /// [`Error::Bind`].
    pub async fn bind(
        address: SocketAddr,
        tls: Option<Arc<rustls::ServerConfig>>,
        router: Router,
    ) -> Result<Server> {
        let bind_error = |source| Error::Bind { address, source };
        let listener = TcpListener::bind(address).await.map_err(bind_error)?;
        let local_addr = listener.local_addr().map_err(bind_error)?;
        Ok(Server { listener, local_addr, tls: tls.map(TlsAcceptor::from), router })
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Whether connections are TLS.
    pub fn is_tls(&self) -> bool {
        self.tls.is_some()
    }

    /// Serves connections until `shutdown` completes, then stops accepting and lets open
    /// connections finish (at most [`SHUTDOWN_GRACE`]).
    ///
    /// # Errors
    ///
    /// None so far: a single bad connection is logged and dropped, and accept errors (for
    /// example too many open files) are logged and retried after a short pause.
    pub async fn serve(self, shutdown: impl Future<Output = ()> + Send) -> Result<()> {
        let graceful = GracefulShutdown::new();
        let mut shutdown = std::pin::pin!(shutdown);
        loop {
            let accepted = tokio::select! {
                accepted = self.listener.accept() => accepted,
                () = &mut shutdown => break,
            };
            let (stream, peer) = match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    tracing::warn!(error = %error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            let _ = stream.set_nodelay(true);
            let service = TowerToHyperService::new(self.router.clone());
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder.timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT);
            match &self.tls {
                None => {
                    let connection = builder.serve_connection(TokioIo::new(stream), service);
                    let connection = graceful.watch(connection);
                    tokio::spawn(async move {
                        if let Err(error) = connection.await {
                            tracing::debug!(error = %error, %peer, "connection ended with an error");
                        }
                    });
                }
                Some(acceptor) => {
                    let acceptor = acceptor.clone();
                    let watcher = graceful.watcher();
                    tokio::spawn(async move {
                        let handshake =
                            tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, acceptor.accept(stream));
                        let tls_stream = match handshake.await {
                            Ok(Ok(tls_stream)) => tls_stream,
                            Ok(Err(error)) => {
                                tracing::debug!(error = %error, %peer, "TLS handshake failed");
                                return;
                            }
                            Err(_) => {
                                tracing::debug!(%peer, "TLS handshake timed out");
                                return;
                            }
                        };
                        let connection =
                            builder.serve_connection(TokioIo::new(tls_stream), service);
                        if let Err(error) = watcher.watch(connection).await {
                            tracing::debug!(error = %error, %peer, "connection ended with an error");
                        }
                    });
                }
            }
        }
        drop(self.listener);
        if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await.is_err() {
            tracing::warn!("connections still open after the shutdown grace period");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_on_loopback_unless_allowed() {
        let loopback: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        let loopback6: SocketAddr = "[::1]:8080".parse().unwrap();
        let public: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        assert!(!check_listen_address(loopback, false, false).unwrap());
        assert!(!check_listen_address(loopback6, false, false).unwrap());
        assert!(matches!(
            check_listen_address(public, false, false),
            Err(Error::InsecureListen { .. })
        ));
        assert!(check_listen_address(public, false, true).unwrap(), "allowed with a warning");
        assert!(!check_listen_address(public, true, false).unwrap());
    }
}
