//! AES-256-GCM from RustCrypto (feature `aes-gcm`).

use ::aes_gcm::aead::{Aead, KeyInit, Payload};

use crate::{CipherSuite, DataKey, Error, Nonce, Result, SuiteId};

/// AES-256-GCM with 96-bit nonces and 128-bit tags.
#[derive(Debug, Clone, Copy)]
pub struct Aes256Gcm;

impl CipherSuite for Aes256Gcm {
    fn id(&self) -> SuiteId {
        SuiteId::AES_256_GCM
    }

    fn seal(&self, key: &DataKey, nonce: &Nonce, aad: &[u8], msg: &[u8]) -> Result<Vec<u8>> {
        let cipher = ::aes_gcm::Aes256Gcm::new(key.expose_secret().into());
        cipher
            .encrypt(nonce.as_bytes().into(), Payload { msg, aad })
            .map_err(|_| Error::TooLarge { len: msg.len() })
    }

    fn open(&self, key: &DataKey, nonce: &Nonce, aad: &[u8], sealed: &[u8]) -> Result<Vec<u8>> {
        let cipher = ::aes_gcm::Aes256Gcm::new(key.expose_secret().into());
        cipher
            .decrypt(nonce.as_bytes().into(), Payload { msg: sealed, aad })
            .map_err(|_| Error::Authentication)
    }
}
