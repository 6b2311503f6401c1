//! Key commitment: a ciphertext built to open under two AES-GCM keys (a partitioning-oracle
//! pair) opens under both in a version 1 envelope, and under one only in version 2.

#![cfg(feature = "aes-gcm")]

use aes::cipher::{BlockCipherEncrypt as _, KeyInit as _};

use super::*;
use crate::OsRandom;
use crate::aes_gcm::Aes256Gcm;

/// Multiplication in GF(2^128) with GCM's bit order (NIST SP 800-38D, algorithm 1): a block
/// read as a big-endian `u128`, its first bit the coefficient of x^0.
fn gf_mul(x: u128, y: u128) -> u128 {
    const R: u128 = 0xE1 << 120;
    let mut product = 0;
    let mut v = y;
    for bit in 0..128 {
        if (x >> (127 - bit)) & 1 == 1 {
            product ^= v;
        }
        v = if v & 1 == 1 { (v >> 1) ^ R } else { v >> 1 };
    }
    product
}

/// The multiplicative inverse: x^(2^128 - 2).
fn gf_inv(x: u128) -> u128 {
    let one = 1 << 127;
    let mut inverse = one;
    let mut power = x;
    for _ in 1..128 {
        power = gf_mul(power, power);
        inverse = gf_mul(inverse, power);
    }
    inverse
}

fn gf_pow(x: u128, exponent: usize) -> u128 {
    (0..exponent).fold(1 << 127, |acc, _| gf_mul(acc, x))
}

/// The 16-byte blocks of `bytes`, the last one padded with zeros.
fn blocks(bytes: &[u8]) -> Vec<u128> {
    bytes
        .chunks(16)
        .map(|chunk| {
            let mut block = [0u8; 16];
            block[..chunk.len()].copy_from_slice(chunk);
            u128::from_be_bytes(block)
        })
        .collect()
}

fn aes_block(key: &[u8; 32], block: [u8; 16]) -> u128 {
    let cipher = aes::Aes256::new_from_slice(key).unwrap();
    let mut block = aes::Block::from(block);
    cipher.encrypt_block(&mut block);
    u128::from_be_bytes(block.into())
}

/// GHASH's hash key and the tag mask of `key` with a 96-bit `nonce`.
fn gcm_keys(key: &[u8; 32], nonce: &[u8; 12]) -> (u128, u128) {
    let mut j0 = [0u8; 16];
    j0[..12].copy_from_slice(nonce);
    j0[15] = 1;
    (aes_block(key, [0; 16]), aes_block(key, j0))
}

/// The AES-GCM tag of `ciphertext` with `aad` under `key`.
fn gcm_tag(key: &[u8; 32], nonce: &[u8; 12], aad: &[u8], ciphertext: &[u8]) -> u128 {
    let (h, mask) = gcm_keys(key, nonce);
    let lengths = (((aad.len() as u128) * 8) << 64) | ((ciphertext.len() as u128) * 8);
    let mut hash = 0;
    for block in blocks(aad).into_iter().chain(blocks(ciphertext)).chain([lengths]) {
        hash = gf_mul(hash ^ block, h);
    }
    hash ^ mask
}

/// A 64-byte ciphertext and tag that verify under both keys with `aad`: its first block is
/// solved for, the others are random.
fn colliding_ciphertext(
    first: &[u8; 32],
    second: &[u8; 32],
    nonce: &[u8; 12],
    aad: &[u8],
) -> Vec<u8> {
    let mut ciphertext = vec![0u8; 64];
    OsRandom.fill(&mut ciphertext[16..]).unwrap();
    ciphertext[..16].fill(0);
    let difference =
        gcm_tag(first, nonce, aad, &ciphertext) ^ gcm_tag(second, nonce, aad, &ciphertext);
    // The first ciphertext block enters GHASH multiplied by H^(blocks after it, itself included).
    let exponent = 4 + 1;
    let (h1, _) = gcm_keys(first, nonce);
    let (h2, _) = gcm_keys(second, nonce);
    let coefficient = gf_pow(h1, exponent) ^ gf_pow(h2, exponent);
    let solved = gf_mul(difference, gf_inv(coefficient));
    ciphertext[..16].copy_from_slice(&solved.to_be_bytes());
    let tag = gcm_tag(first, nonce, aad, &ciphertext);
    assert_eq!(tag, gcm_tag(second, nonce, aad, &ciphertext), "the tags collide");
    ciphertext.extend_from_slice(&tag.to_be_bytes());
    ciphertext
}

/// An envelope of format `version` whose data key `data_key` is wrapped under the keyring's
/// active key, holding `commitment` (version 2) and `content` as given.
fn envelope_with(
    version: u8,
    keyring: &Keyring,
    context: &[u8],
    data_key: &[u8; 32],
    commitment: Option<[u8; COMMITMENT_LEN]>,
    nonce: &[u8; 12],
    content: &[u8],
) -> Vec<u8> {
    let (key_id, kek) = keyring.active();
    let mut out = Vec::new();
    write_prefix(&mut out, version, Aes256Gcm.id(), key_id);
    let wrap_nonce = Nonce([7; NONCE_LEN]);
    let wrapped =
        wrap(&Aes256Gcm, kek, &wrap_nonce, &out, context, &DataKey::from_bytes(*data_key)).unwrap();
    out.extend_from_slice(&wrap_nonce.0);
    out.extend_from_slice(&wrapped);
    if let Some(commitment) = commitment {
        out.extend_from_slice(&commitment);
    }
    out.extend_from_slice(nonce);
    out.extend_from_slice(content);
    out
}

fn provider() -> Provider {
    Provider { suites: &[&Aes256Gcm], random: &OsRandom }
}

#[test]
fn a_ciphertext_made_for_two_keys_opens_under_both_in_version_1_and_one_in_version_2() {
    let keyring = Keyring::single(MasterKey::generate(&OsRandom).unwrap());
    let context = record_aad("r-1", "mallory");
    let nonce = [9u8; 12];
    let mut first = [0u8; 32];
    let mut second = [0u8; 32];
    OsRandom.fill(&mut first).unwrap();
    OsRandom.fill(&mut second).unwrap();

    // Version 1: the data key seals the content. One content, two wrapped keys, two
    // different plaintexts: the envelope is not bound to one key.
    let aad = content_aad(LEGACY_FORMAT_VERSION, Aes256Gcm.id(), &context);
    let content = colliding_ciphertext(&first, &second, &nonce, &aad);
    let under_first =
        envelope_with(LEGACY_FORMAT_VERSION, &keyring, &context, &first, None, &nonce, &content);
    let under_second =
        envelope_with(LEGACY_FORMAT_VERSION, &keyring, &context, &second, None, &nonce, &content);
    let one = open(&provider(), &keyring, &context, &under_first).unwrap();
    let two = open(&provider(), &keyring, &context, &under_second).unwrap();
    assert_ne!(one, two, "one version 1 ciphertext opened to two plaintexts");

    // Version 2: the same attack on the content keys still makes a content whose tag
    // verifies under both, but the commitment names one data key, and is checked first.
    let content_keys =
        [first, second].map(|key| *committed_keys(&DataKey::from_bytes(key)).0.expose_secret());
    let aad = content_aad(FORMAT_VERSION, Aes256Gcm.id(), &context);
    let content = colliding_ciphertext(&content_keys[0], &content_keys[1], &nonce, &aad);
    let committed = committed_keys(&DataKey::from_bytes(first)).1;
    let honest = envelope_with(
        FORMAT_VERSION,
        &keyring,
        &context,
        &first,
        Some(committed),
        &nonce,
        &content,
    );
    let swapped = envelope_with(
        FORMAT_VERSION,
        &keyring,
        &context,
        &second,
        Some(committed),
        &nonce,
        &content,
    );
    assert_eq!(open(&provider(), &keyring, &context, &honest).unwrap().len(), 64);
    assert!(
        Aes256Gcm
            .open(&DataKey::from_bytes(content_keys[1]), &Nonce(nonce), &aad, &content)
            .is_ok(),
        "without the commitment the second key would open it"
    );
    assert!(matches!(open(&provider(), &keyring, &context, &swapped), Err(Error::Authentication)));
    assert!(matches!(
        rewrap(&provider(), &OsRandom, &keyring, &context, &swapped),
        Err(Error::Authentication)
    ));
}
