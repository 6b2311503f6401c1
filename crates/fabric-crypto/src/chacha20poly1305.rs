//! ChaCha20-Poly1305 from RustCrypto (feature `chacha20poly1305`).

use ::chacha20poly1305::aead::{Aead, KeyInit, Payload};

use crate::{CipherSuite, DataKey, Error, Nonce, Result, SuiteId};

/// ChaCha20-Poly1305 (RFC 8439) with 96-bit nonces and 128-bit tags.
#[derive(Debug, Clone, Copy)]
pub struct ChaCha20Poly1305;

impl CipherSuite for ChaCha20Poly1305 {
    fn id(&self) -> SuiteId {
        SuiteId::CHACHA20_POLY1305
    }

    fn seal(&self, key: &DataKey, nonce: &Nonce, aad: &[u8], msg: &[u8]) -> Result<Vec<u8>> {
        let cipher = ::chacha20poly1305::ChaCha20Poly1305::new(key.expose_secret().into());
        cipher
            .encrypt(nonce.as_bytes().into(), Payload { msg, aad })
            .map_err(|_| Error::TooLarge { len: msg.len() })
    }

    fn open(&self, key: &DataKey, nonce: &Nonce, aad: &[u8], sealed: &[u8]) -> Result<Vec<u8>> {
        let cipher = ::chacha20poly1305::ChaCha20Poly1305::new(key.expose_secret().into());
        cipher
            .decrypt(nonce.as_bytes().into(), Payload { msg: sealed, aad })
            .map_err(|_| Error::Authentication)
    }
}
