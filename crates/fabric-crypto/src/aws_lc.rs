//! Both suites from aws-lc-rs (feature `aws-lc`): the same envelopes as the RustCrypto
//! suites, from an assembly-optimised implementation.

use aws_lc_rs::aead::{self, Aad, LessSafeKey, UnboundKey};

use crate::{CipherSuite, DataKey, Error, Nonce, Result, SuiteId, TAG_LEN};

/// The aws-lc-rs suites, AES-256-GCM first.
pub const SUITES: &[&dyn CipherSuite] = &[&Aes256Gcm, &ChaCha20Poly1305];

/// AES-256-GCM from aws-lc-rs.
#[derive(Debug, Clone, Copy)]
pub struct Aes256Gcm;

/// ChaCha20-Poly1305 from aws-lc-rs.
#[derive(Debug, Clone, Copy)]
pub struct ChaCha20Poly1305;

fn less_safe_key(algorithm: &'static aead::Algorithm, key: &DataKey) -> Result<LessSafeKey> {
    let unbound = UnboundKey::new(algorithm, key.expose_secret())
        .map_err(|_| Error::InvalidKey { reason: "the cipher refused the key" })?;
    Ok(LessSafeKey::new(unbound))
}

fn seal(
    algorithm: &'static aead::Algorithm,
    key: &DataKey,
    nonce: &Nonce,
    aad: &[u8],
    msg: &[u8],
) -> Result<Vec<u8>> {
    let key = less_safe_key(algorithm, key)?;
    let mut in_out = Vec::with_capacity(msg.len() + TAG_LEN);
    in_out.extend_from_slice(msg);
    key.seal_in_place_append_tag(
        aead::Nonce::assume_unique_for_key(*nonce.as_bytes()),
        Aad::from(aad),
        &mut in_out,
    )
    .map_err(|_| Error::TooLarge { len: msg.len() })?;
    Ok(in_out)
}

fn open(
    algorithm: &'static aead::Algorithm,
    key: &DataKey,
    nonce: &Nonce,
    aad: &[u8],
    sealed: &[u8],
) -> Result<Vec<u8>> {
    if sealed.len() < TAG_LEN {
        return Err(Error::Authentication);
    }
    let key = less_safe_key(algorithm, key)?;
    let mut in_out = sealed.to_vec();
    let plaintext_len = key
        .open_in_place(
            aead::Nonce::assume_unique_for_key(*nonce.as_bytes()),
            Aad::from(aad),
            &mut in_out,
        )
        .map_err(|_| Error::Authentication)?
        .len();
    in_out.truncate(plaintext_len);
    Ok(in_out)
}

impl CipherSuite for Aes256Gcm {
    fn id(&self) -> SuiteId {
        SuiteId::AES_256_GCM
    }

    fn seal(&self, key: &DataKey, nonce: &Nonce, aad: &[u8], msg: &[u8]) -> Result<Vec<u8>> {
        seal(&aead::AES_256_GCM, key, nonce, aad, msg)
    }

    fn open(&self, key: &DataKey, nonce: &Nonce, aad: &[u8], sealed: &[u8]) -> Result<Vec<u8>> {
        open(&aead::AES_256_GCM, key, nonce, aad, sealed)
    }
}

impl CipherSuite for ChaCha20Poly1305 {
    fn id(&self) -> SuiteId {
        SuiteId::CHACHA20_POLY1305
    }

    fn seal(&self, key: &DataKey, nonce: &Nonce, aad: &[u8], msg: &[u8]) -> Result<Vec<u8>> {
        seal(&aead::CHACHA20_POLY1305, key, nonce, aad, msg)
    }

    fn open(&self, key: &DataKey, nonce: &Nonce, aad: &[u8], sealed: &[u8]) -> Result<Vec<u8>> {
        open(&aead::CHACHA20_POLY1305, key, nonce, aad, sealed)
    }
}
