//! Key material: the key-encryption key ([`MasterKey`]), per-record data keys ([`DataKey`]) and
//! key ids.

use std::fmt;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretBox};
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::{Error, Result, SecureRandom};

/// Length in bytes of every key this crate handles.
pub const KEY_LEN: usize = 32;

/// A 256-bit key-encryption key (KEK): it wraps the data key of every record.
///
/// It derives none of `Debug` (hand-written, redacted), `Clone`, `Serialize` or `PartialEq`,
/// and its bytes are wiped on drop.
pub struct MasterKey(SecretBox<[u8; KEY_LEN]>);

impl MasterKey {
    /// Wraps 32 raw bytes, refusing obviously low-entropy keys (for example all zeros).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidKey`] when the bytes have too few distinct values to be random.
    pub fn from_bytes(mut bytes: [u8; KEY_LEN]) -> Result<Self> {
        let result = check_entropy(&bytes);
        let key = MasterKey(SecretBox::new(Box::new(bytes)));
        bytes.zeroize();
        result.map(|()| key)
    }

    /// Draws a fresh key from `random`.
    ///
    /// # Errors
    ///
    /// [`Error::Random`] when the random source fails.
    pub fn generate(random: &dyn SecureRandom) -> Result<Self> {
        loop {
            let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
            random.fill(bytes.as_mut())?;
            if check_entropy(&bytes).is_ok() {
                return Self::from_bytes(*bytes);
            }
        }
    }

    /// Parses a key written as base64 (padded or not) or hex of exactly 32 bytes.
    ///
    /// Surrounding whitespace is ignored. The text itself never appears in an error.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidKey`] for anything but 32 well-encoded, random-looking bytes.
    pub fn parse(text: &str) -> Result<Self> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::InvalidKey { reason: "the key is empty" });
        }
        let decoded: Zeroizing<Vec<u8>> =
            if text.len() == 2 * KEY_LEN && text.bytes().all(|byte| byte.is_ascii_hexdigit()) {
                Zeroizing::new(
                    hex::decode(text)
                        .map_err(|_| Error::InvalidKey { reason: "the key is not valid hex" })?,
                )
            } else {
                let engine = if text.ends_with('=') { &STANDARD } else { &STANDARD_NO_PAD };
                Zeroizing::new(engine.decode(text).map_err(|_| Error::InvalidKey {
                    reason: "the key is neither base64 nor hex of 32 bytes",
                })?)
            };
        let bytes: [u8; KEY_LEN] = decoded
            .as_slice()
            .try_into()
            .map_err(|_| Error::InvalidKey { reason: "the key must decode to exactly 32 bytes" })?;
        Self::from_bytes(bytes)
    }

    /// Reads a key file holding one base64 or hex key.
    ///
    /// On Unix the file is refused when group or others may read it.
    ///
    /// # Errors
    ///
    /// [`Error::KeyFilePermissions`], [`Error::KeyFileRead`] or [`Error::InvalidKey`].
    pub fn from_file(path: &Path) -> Result<Self> {
        Self::parse(&read_private_file(path)?)
    }

    /// A second copy of this key, for a structure that must own one (a keyring built from
    /// a keyring file). Both copies are wiped when dropped.
    ///
    /// # Errors
    ///
    /// None in practice: the bytes passed the entropy check once already.
    pub fn try_clone(&self) -> Result<MasterKey> {
        MasterKey::from_bytes(*self.expose_secret())
    }

    /// The key as padded base64, for writing a new key file or printing a new key once.
    pub fn to_base64(&self) -> Zeroizing<String> {
        Zeroizing::new(STANDARD.encode(self.expose_secret()))
    }

    /// The raw key bytes. Every call site is a place to review.
    pub fn expose_secret(&self) -> &[u8; KEY_LEN] {
        self.0.expose_secret()
    }

    /// A 256-bit subkey for one purpose (HKDF-SHA-256 with `purpose` as the info), so that
    /// pseudonyms, blind indexes and audit MACs never use the encryption key itself.
    pub fn derive(&self, purpose: &str) -> DataKey {
        hkdf_subkey(self.expose_secret(), purpose)
    }

    /// A stable, non-secret id for this key: `k` and 12 hex digits of an HMAC of a constant.
    pub fn fingerprint(&self) -> KeyId {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.expose_secret())
            .expect("HMAC accepts keys of any length");
        mac.update(b"memory-fabric key id v1");
        let digest = mac.finalize().into_bytes();
        KeyId(format!("k{}", hex::encode(&digest[..6])))
    }
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey(<redacted>)")
    }
}

/// Refuses byte strings that cannot have come from a random source.
fn check_entropy(bytes: &[u8; KEY_LEN]) -> Result<()> {
    let mut seen = [false; 256];
    for &byte in bytes {
        seen[usize::from(byte)] = true;
    }
    // 32 random bytes have about 30 distinct values; fewer than 16 happens with a
    // probability far below 2^-64, so this only refuses keys typed by hand or zero-filled.
    if seen.iter().filter(|&&present| present).count() < 16 {
        return Err(Error::InvalidKey { reason: "the key has too little entropy to be random" });
    }
    Ok(())
}

/// A 256-bit data-encryption key (DEK): fresh for every record version, stored only wrapped.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct DataKey([u8; KEY_LEN]);

impl DataKey {
    /// Wraps raw bytes. Only the envelope code and suite tests build data keys.
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        DataKey(bytes)
    }

    /// The raw key bytes. Every call site is a place to review.
    pub fn expose_secret(&self) -> &[u8; KEY_LEN] {
        &self.0
    }
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey(<redacted>)")
    }
}

/// The 256-bit subkey of `ikm` for one purpose: HKDF-SHA-256, no salt, `purpose` as the
/// info. [`MasterKey::derive`] uses it, and so does every other key the fabric derives from a
/// root (the audit log's, from a root kept apart from the master key), so there is one HKDF.
pub fn hkdf_subkey(ikm: &[u8; KEY_LEN], purpose: &str) -> DataKey {
    let mut okm = Zeroizing::new([0u8; KEY_LEN]);
    hkdf::Hkdf::<Sha256>::new(None, ikm)
        .expand(purpose.as_bytes(), okm.as_mut())
        .expect("32 bytes is a valid HKDF-SHA-256 output length");
    DataKey::from_bytes(*okm)
}

/// The non-secret name of a key-encryption key, written into every envelope.
///
/// One to 64 characters of `[A-Za-z0-9._-]`, not `.` or `..` (`fabric_types::NameRule::KEY_ID`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId(String);

impl KeyId {
    /// Longest accepted key id, in bytes.
    pub const MAX_LEN: usize = fabric_types::NameRule::KEY_ID.max_len();

    /// Validates a key id.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidKeyId`] when empty, longer than 64 bytes, or with other characters.
    pub fn parse(text: &str) -> Result<Self> {
        fabric_types::NameRule::KEY_ID
            .check(text)
            .map_err(|error| Error::InvalidKeyId { reason: error.reason() })?;
        Ok(KeyId(text.to_owned()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads a secret file (a key, a shared secret) into memory that is wiped when dropped.
///
/// On Unix the file is refused when group or others may read it.
///
/// # Errors
///
/// [`Error::KeyFilePermissions`] or [`Error::KeyFileRead`].
pub fn read_private_file(path: &Path) -> Result<Zeroizing<String>> {
    let bytes = read_private_bytes(path)?;
    let text = std::str::from_utf8(&bytes).map_err(|_| Error::KeyFileRead {
        path: path.to_owned(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, "the file is not text"),
    })?;
    Ok(Zeroizing::new(text.to_owned()))
}

/// As [`read_private_file`], for a file of bytes (a sealed keyring).
///
/// # Errors
///
/// [`Error::KeyFilePermissions`] or [`Error::KeyFileRead`] (whose source says `NotFound`
/// for a missing file).
pub fn read_private_bytes(path: &Path) -> Result<Zeroizing<Vec<u8>>> {
    let read_error = |source| Error::KeyFileRead { path: path.to_owned(), source };
    let metadata = std::fs::metadata(path).map_err(read_error)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        if metadata.permissions().mode() & 0o077 != 0 {
            return Err(Error::KeyFilePermissions { path: path.to_owned() });
        }
    }
    #[cfg(not(unix))]
    let _ = metadata;
    Ok(Zeroizing::new(std::fs::read(path).map_err(read_error)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY_B64: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    const KEY_HEX: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    #[test]
    fn parses_base64_and_hex_to_the_same_key() {
        let from_b64 = MasterKey::parse(KEY_B64).unwrap();
        let from_hex = MasterKey::parse(&format!("  {KEY_HEX}\n")).unwrap();
        assert_eq!(from_b64.expose_secret(), from_hex.expose_secret());
        let unpadded = MasterKey::parse(KEY_B64.trim_end_matches('=')).unwrap();
        assert_eq!(unpadded.expose_secret(), from_hex.expose_secret());
        assert_eq!(from_b64.to_base64().as_str(), KEY_B64);
    }

    #[test]
    fn refuses_wrong_lengths_and_low_entropy_without_echoing_the_key() {
        for text in ["", "abc", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==", &"00".repeat(32)] {
            let error = MasterKey::parse(text).unwrap_err();
            assert!(matches!(error, Error::InvalidKey { .. }), "{error}");
            if !text.is_empty() {
                assert!(!error.to_string().contains(text));
            }
        }
        assert!(MasterKey::from_bytes([7; 32]).is_err());
        assert!(MasterKey::parse(&"é".repeat(10)).is_err());
    }

    #[test]
    fn debug_never_shows_key_bytes() {
        let key = MasterKey::parse(KEY_HEX).unwrap();
        let debug = format!("{key:?}");
        assert_eq!(debug, "MasterKey(<redacted>)");
        let data_key = DataKey::from_bytes([0xab; 32]);
        assert!(!format!("{data_key:?}").contains("ab"));
        assert!(!format!("{data_key:?}").contains("171"));
    }

    #[test]
    fn fingerprint_is_stable_and_not_the_key() {
        let key = MasterKey::parse(KEY_HEX).unwrap();
        let id = key.fingerprint();
        assert_eq!(id, MasterKey::parse(KEY_B64).unwrap().fingerprint());
        assert_eq!(id.as_str().len(), 13);
        assert!(!KEY_HEX.contains(&id.as_str()[1..]));
    }

    #[test]
    fn derived_keys_differ_by_purpose_and_from_the_key() {
        let key = MasterKey::parse(KEY_HEX).unwrap();
        let one = key.derive("memory-fabric pseudonym v1");
        let two = key.derive("memory-fabric audit v1");
        assert_ne!(one.expose_secret(), two.expose_secret());
        assert_ne!(one.expose_secret(), key.expose_secret());
        assert_eq!(one.expose_secret(), key.derive("memory-fabric pseudonym v1").expose_secret());
    }

    #[test]
    fn key_ids_are_validated() {
        assert!(KeyId::parse("k2026-01.a_b").is_ok());
        for bad in ["", "a b", "a/b", &"x".repeat(65), "ключ"] {
            assert!(KeyId::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn key_file_readable_by_others_is_refused() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        std::fs::write(&path, KEY_B64).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let error = MasterKey::from_file(&path).unwrap_err();
        assert!(matches!(error, Error::KeyFilePermissions { .. }));
        assert!(!error.to_string().contains(KEY_B64));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(MasterKey::from_file(&path).is_ok());
        let missing = MasterKey::from_file(&dir.path().join("nope")).unwrap_err();
        assert!(matches!(missing, Error::KeyFileRead { .. }));
    }
}
