//! Integration tests of the HTTP API over real sockets on 127.0.0.1.
