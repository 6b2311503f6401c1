//! The keyring at rest: every key-encryption key of a home, with its id, creation time and
//! state, sealed as one file under a root key or a passphrase.
//!
//! ```text
//! "MFKR" | u8 version (1) | u8 suite | u8 kdf (0 root key, 1 Argon2id passphrase)
//!        | kdf 1 only: u32 m_cost KiB | u32 t_cost | u32 p_cost | salt[16]   (little-endian)
//!        | nonce[12] | AEAD(file key, nonce, aad = every byte before the nonce, body)
//! file key = HKDF-SHA-256(root key, or the Argon2id output, "memory-fabric keyring file v1")
//! body     = "memory-fabric keyring v1\n" then one line per key:
//!            "key <id> <active|decrypt-only|destroyed> <created, Unix seconds> <base64 key | ->\n"
//! ```
//!
//! The header is authenticated with the body, so the Argon2id parameters cannot be lowered
//! unnoticed; a wrong root key, a wrong passphrase and a changed byte fail alike.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use zeroize::Zeroizing;

use crate::{
    CipherSuite, Error, KEY_LEN, KeyId, Keyring, MasterKey, NONCE_LEN, Nonce, Provider, Result,
    SecureRandom, SuiteId, hkdf_subkey,
};

const MAGIC: &[u8; 4] = b"MFKR";
const VERSION: u8 = 1;
const KDF_ROOT_KEY: u8 = 0;
const KDF_ARGON2ID: u8 = 1;
const SALT_LEN: usize = 16;
const BODY_HEADER: &str = "memory-fabric keyring v1\n";
const FILE_KEY_PURPOSE: &str = "memory-fabric keyring file v1";
/// Keys one file holds at most (a bound for reading a file from disk).
const MAX_KEYS: usize = 4096;

/// What a key-encryption key may still do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyState {
    /// Wraps new data keys; exactly one key of a keyring is active.
    Active,
    /// Opens what it wrapped before, wraps nothing new.
    DecryptOnly,
    /// Gone: its bytes are no longer in the file; what it wrapped cannot be opened.
    Destroyed,
}

impl KeyState {
    /// The state as written in the file and shown to operators.
    pub fn name(self) -> &'static str {
        match self {
            KeyState::Active => "active",
            KeyState::DecryptOnly => "decrypt-only",
            KeyState::Destroyed => "destroyed",
        }
    }

    fn from_name(name: &str) -> Option<KeyState> {
        match name {
            "active" => Some(KeyState::Active),
            "decrypt-only" => Some(KeyState::DecryptOnly),
            "destroyed" => Some(KeyState::Destroyed),
            _ => None,
        }
    }
}

impl fmt::Display for KeyState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Argon2id's cost parameters for a passphrase-sealed keyring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_cost_kib: u32,
    /// Passes over the memory.
    pub t_cost: u32,
    /// Lanes.
    pub p_cost: u32,
}

impl Default for KdfParams {
    /// 64 MiB, 3 passes, 1 lane: the second recommended option of RFC 9106 (section 4) with
    /// one lane, about a third of a second on one core.
    fn default() -> Self {
        KdfParams { m_cost_kib: 64 * 1024, t_cost: 3, p_cost: 1 }
    }
}

/// Parameters below these are refused when opening a file: a file whose header was
/// rewritten to cheap parameters fails authentication anyway, this only names the problem.
const MIN_KDF: KdfParams = KdfParams { m_cost_kib: 8, t_cost: 1, p_cost: 1 };
/// Parameters above these are refused when opening a file, so that a forged header cannot
/// make opening it take the machine's memory.
const MAX_M_COST_KIB: u32 = 4 * 1024 * 1024;

/// What seals and opens a keyring file.
pub enum RootSecret<'a> {
    /// A 256-bit root key (`FABRIC_KEY` or the home's key file).
    Key(&'a MasterKey),
    /// A passphrase, stretched with Argon2id under the given parameters when sealing (the
    /// file's own parameters when opening).
    Passphrase(&'a str, KdfParams),
}

impl fmt::Debug for RootSecret<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RootSecret::Key(_) => f.write_str("RootSecret::Key(..)"),
            RootSecret::Passphrase(_, params) => {
                f.debug_tuple("RootSecret::Passphrase").field(&"..").field(params).finish()
            }
        }
    }
}

/// One key-encryption key of a keyring file.
pub struct KeyEntry {
    id: KeyId,
    state: KeyState,
    created: u64,
    key: Option<MasterKey>,
}

impl KeyEntry {
    /// The key's id, as written into every envelope it wraps.
    pub fn id(&self) -> &KeyId {
        &self.id
    }

    /// What the key may still do.
    pub fn state(&self) -> KeyState {
        self.state
    }

    /// When the key was made, in Unix seconds.
    pub fn created(&self) -> u64 {
        self.created
    }
}

impl fmt::Debug for KeyEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyEntry")
            .field("id", &self.id.as_str())
            .field("state", &self.state)
            .field("created", &self.created)
            .finish_non_exhaustive()
    }
}

/// Every key-encryption key of a home; see the [module](self) for the file format.
#[derive(Debug)]
pub struct KeyringFile {
    entries: Vec<KeyEntry>,
}

fn malformed(reason: &'static str) -> Error {
    Error::InvalidKeyring { reason }
}

impl KeyringFile {
    /// A keyring of one active key, made at `created` (Unix seconds).
    pub fn with_key(key: MasterKey, created: u64) -> KeyringFile {
        let id = key.fingerprint();
        KeyringFile {
            entries: vec![KeyEntry { id, state: KeyState::Active, created, key: Some(key) }],
        }
    }

    /// Every key, oldest first.
    pub fn entries(&self) -> &[KeyEntry] {
        &self.entries
    }

    /// The id of the active key.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidKeyring`] when no key is active (a file this module did not write).
    pub fn active(&self) -> Result<&KeyId> {
        self.entries
            .iter()
            .find(|entry| entry.state == KeyState::Active)
            .map(|entry| &entry.id)
            .ok_or_else(|| malformed("no key is active"))
    }

    /// The keys that still open data (active and decrypt-only), the active one sealing.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidKeyring`] when no key is active, or when the first key is destroyed.
    pub fn keyring(&self) -> Result<Keyring> {
        // The first key comes first: the keys derived for other purposes come from it
        // (`Keyring::first`), so a keyring without it would derive other ones unnoticed.
        if self.entries.first().is_none_or(|first| first.key.is_none()) {
            return Err(malformed("its first key is destroyed"));
        }
        let active = self.active()?.clone();
        let mut keys = Vec::with_capacity(self.entries.len());
        for entry in &self.entries {
            if let (Some(key), KeyState::Active | KeyState::DecryptOnly) = (&entry.key, entry.state)
            {
                keys.push((entry.id.clone(), key.try_clone()?));
            }
        }
        Keyring::new(keys, &active)
    }

    /// Makes a new key the active one; the key active until now becomes decrypt-only, so
    /// everything it wrapped still opens. Returns the new key's id.
    ///
    /// # Errors
    ///
    /// [`Error::Random`]; [`Error::InvalidKeyring`] when the file holds too many keys.
    pub fn rotate(&mut self, random: &dyn SecureRandom, now: u64) -> Result<KeyId> {
        if self.entries.len() >= MAX_KEYS {
            return Err(malformed("it holds as many keys as a keyring file may"));
        }
        let key = MasterKey::generate(random)?;
        let id = key.fingerprint();
        if self.entries.iter().any(|entry| entry.id == id) {
            return Err(malformed("two keys share one id"));
        }
        for entry in &mut self.entries {
            if entry.state == KeyState::Active {
                entry.state = KeyState::DecryptOnly;
            }
        }
        self.entries.push(KeyEntry {
            id: id.clone(),
            state: KeyState::Active,
            created: now,
            key: Some(key),
        });
        Ok(id)
    }

    /// Moves key `id` to decrypt-only: it opens what it wrapped and seals nothing new.
    /// Returns whether its state changed (`false`: it was decrypt-only already).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownKey`] when no key has this id; [`Error::InvalidKeyring`] for the
    /// active key (exactly one key is active: rotating makes a new one and retires it) and
    /// for a destroyed key.
    pub fn retire(&mut self, id: &str) -> Result<bool> {
        let entry = self.entry_mut(id)?;
        match entry.state {
            KeyState::DecryptOnly => Ok(false),
            KeyState::Active => Err(malformed("the active key is retired by rotating")),
            KeyState::Destroyed => Err(malformed("a destroyed key cannot be retired")),
        }
    }

    /// Destroys key `id`: its bytes are wiped and its state becomes destroyed, so whatever
    /// it wrapped no longer opens. The caller checks first that nothing depends on it.
    /// Returns whether its state changed (`false`: it was destroyed already).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownKey`] when no key has this id; [`Error::InvalidKeyring`] for the
    /// active key and for the first key (the audit log's and the pseudonyms' keys are
    /// derived from it).
    pub fn destroy(&mut self, id: &str) -> Result<bool> {
        if self.entries.first().is_some_and(|first| first.id.as_str() == id) {
            return Err(malformed("the first key derives the audit and pseudonym keys"));
        }
        let entry = self.entry_mut(id)?;
        match entry.state {
            KeyState::Destroyed => Ok(false),
            KeyState::Active => Err(malformed("the active key cannot be destroyed")),
            KeyState::DecryptOnly => {
                entry.state = KeyState::Destroyed;
                // `MasterKey` wipes its bytes on drop.
                entry.key = None;
                Ok(true)
            }
        }
    }

    fn entry_mut(&mut self, id: &str) -> Result<&mut KeyEntry> {
        self.entries
            .iter_mut()
            .find(|entry| entry.id.as_str() == id)
            .ok_or_else(|| Error::UnknownKey { key_id: id.to_owned() })
    }

    /// Whether `bytes` (a keyring file) is sealed under a passphrase rather than a root key.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidKeyring`] when the bytes are not a keyring file of this version.
    pub fn sealed_with_passphrase(bytes: &[u8]) -> Result<bool> {
        Ok(Header::parse(bytes)?.0.kdf.is_some())
    }

    /// The file's bytes, sealed under `secret` with `suite` (a fresh nonce, and for a
    /// passphrase a fresh salt, each time).
    ///
    /// # Errors
    ///
    /// [`Error::Random`]; [`Error::InvalidKeyring`] for passphrase parameters Argon2id refuses.
    pub fn seal(
        &self,
        secret: &RootSecret<'_>,
        suite: &dyn CipherSuite,
        random: &dyn SecureRandom,
    ) -> Result<Vec<u8>> {
        let header = Header::for_secret(secret, suite.id(), random)?;
        let mut out = header.to_bytes();
        let file_key = derive_key(secret, header.kdf, FILE_KEY_PURPOSE)?;
        let mut nonce = [0u8; NONCE_LEN];
        random.fill(&mut nonce)?;
        let body = self.body()?;
        let sealed = suite.seal(&file_key, &Nonce(nonce), &out, body.as_bytes())?;
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Opens a keyring file sealed under `secret` (for a passphrase, the parameters written
    /// in the file are used).
    ///
    /// # Errors
    ///
    /// [`Error::Authentication`] for a wrong key or passphrase or any changed byte;
    /// [`Error::InvalidKeyring`] for a file that is not a keyring file or not this version;
    /// [`Error::UnknownSuite`].
    pub fn open(bytes: &[u8], secret: &RootSecret<'_>, provider: &Provider) -> Result<Self> {
        let (header, rest) = Header::parse(bytes)?;
        let aad = &bytes[..bytes.len() - rest.len()];
        let suite =
            provider.suite(header.suite).ok_or(Error::UnknownSuite { id: header.suite.0 })?;
        match (secret, header.kdf) {
            (RootSecret::Key(_), Some(_)) => {
                return Err(malformed("it is sealed under a passphrase, not a key"));
            }
            (RootSecret::Passphrase(..), None) => {
                return Err(malformed("it is sealed under a key, not a passphrase"));
            }
            _ => {}
        }
        let (nonce, sealed) =
            rest.split_at_checked(NONCE_LEN).ok_or_else(|| malformed("it is cut short"))?;
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| malformed("it is cut short"))?;
        let file_key = derive_key(secret, header.kdf, FILE_KEY_PURPOSE)?;
        let body = Zeroizing::new(suite.open(&file_key, &Nonce(nonce), aad, sealed)?);
        Self::parse_body(&body)
    }

    fn body(&self) -> Result<Zeroizing<String>> {
        let mut body = Zeroizing::new(String::from(BODY_HEADER));
        for entry in &self.entries {
            let key = match &entry.key {
                Some(key) => key.to_base64(),
                None => Zeroizing::new("-".to_owned()),
            };
            body.push_str("key ");
            body.push_str(entry.id.as_str());
            body.push(' ');
            body.push_str(entry.state.name());
            body.push(' ');
            body.push_str(&entry.created.to_string());
            body.push(' ');
            body.push_str(&key);
            body.push('\n');
        }
        Ok(body)
    }

    fn parse_body(body: &[u8]) -> Result<Self> {
        let text = std::str::from_utf8(body).map_err(|_| malformed("its body is not text"))?;
        let lines = text.strip_prefix(BODY_HEADER).ok_or_else(|| malformed("unknown body"))?;
        let mut entries: Vec<KeyEntry> = Vec::new();
        for line in lines.lines() {
            if entries.len() >= MAX_KEYS {
                return Err(malformed("it holds too many keys"));
            }
            let fields: Vec<&str> = line.split(' ').collect();
            let ["key", id, state, created, key] = fields.as_slice() else {
                return Err(malformed("a line is not a key"));
            };
            let id = KeyId::parse(id)?;
            let state = KeyState::from_name(state).ok_or_else(|| malformed("unknown key state"))?;
            let created =
                created.parse().map_err(|_| malformed("a creation time is not a number"))?;
            let key = match (*key, state) {
                ("-", KeyState::Destroyed) => None,
                ("-", _) => return Err(malformed("a live key has no bytes")),
                (_, KeyState::Destroyed) => return Err(malformed("a destroyed key has bytes")),
                (text, _) => Some(parse_key(text)?),
            };
            if entries.iter().any(|entry| entry.id == id) {
                return Err(malformed("two keys share one id"));
            }
            entries.push(KeyEntry { id, state, created, key });
        }
        let active = entries.iter().filter(|entry| entry.state == KeyState::Active).count();
        if active != 1 {
            return Err(malformed("it does not have exactly one active key"));
        }
        Ok(KeyringFile { entries })
    }
}

fn parse_key(text: &str) -> Result<MasterKey> {
    let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
    let decoded =
        Zeroizing::new(STANDARD.decode(text).map_err(|_| malformed("a key is not base64"))?);
    if decoded.len() != KEY_LEN {
        return Err(malformed("a key is not 32 bytes"));
    }
    bytes.copy_from_slice(&decoded);
    MasterKey::from_bytes(*bytes)
}

/// The clear header of a keyring file (and, under its own magic, of a sealed archive).
pub(crate) struct Header {
    pub(crate) suite: SuiteId,
    pub(crate) kdf: Option<(KdfParams, [u8; SALT_LEN])>,
}

impl Header {
    /// A header for `secret`: with a fresh salt for a passphrase.
    pub(crate) fn for_secret(
        secret: &RootSecret<'_>,
        suite: SuiteId,
        random: &dyn SecureRandom,
    ) -> Result<Header> {
        let kdf = match secret {
            RootSecret::Key(_) => None,
            RootSecret::Passphrase(_, params) => {
                check_params(params)?;
                let mut salt = [0u8; SALT_LEN];
                random.fill(&mut salt)?;
                Some((*params, salt))
            }
        };
        Ok(Header { suite, kdf })
    }

    fn to_bytes(&self) -> Vec<u8> {
        self.to_bytes_as(MAGIC)
    }

    pub(crate) fn to_bytes_as(&self, magic: &[u8; 4]) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 + 3 + 12 + SALT_LEN);
        out.extend_from_slice(magic);
        out.push(VERSION);
        out.push(self.suite.0);
        match &self.kdf {
            None => out.push(KDF_ROOT_KEY),
            Some((params, salt)) => {
                out.push(KDF_ARGON2ID);
                out.extend_from_slice(&params.m_cost_kib.to_le_bytes());
                out.extend_from_slice(&params.t_cost.to_le_bytes());
                out.extend_from_slice(&params.p_cost.to_le_bytes());
                out.extend_from_slice(salt);
            }
        }
        out
    }

    /// The header and the bytes after it.
    fn parse(bytes: &[u8]) -> Result<(Header, &[u8])> {
        let rest =
            bytes.strip_prefix(MAGIC).ok_or_else(|| malformed("it is not a keyring file"))?;
        Header::parse_after_magic(rest)
    }

    /// The header whose magic was `bytes`' prefix, and the bytes after it.
    pub(crate) fn parse_after_magic(rest: &[u8]) -> Result<(Header, &[u8])> {
        let [version, suite, kdf, rest @ ..] = rest else {
            return Err(malformed("it is cut short"));
        };
        if *version != VERSION {
            return Err(malformed("it is of another version"));
        }
        let suite = SuiteId(*suite);
        match *kdf {
            KDF_ROOT_KEY => Ok((Header { suite, kdf: None }, rest)),
            KDF_ARGON2ID => {
                let (fixed, rest) = rest
                    .split_at_checked(12 + SALT_LEN)
                    .ok_or_else(|| malformed("it is cut short"))?;
                let word = |at: usize| {
                    u32::from_le_bytes([fixed[at], fixed[at + 1], fixed[at + 2], fixed[at + 3]])
                };
                let params = KdfParams { m_cost_kib: word(0), t_cost: word(4), p_cost: word(8) };
                let mut salt = [0u8; SALT_LEN];
                salt.copy_from_slice(&fixed[12..]);
                check_params(&params)?;
                Ok((Header { suite, kdf: Some((params, salt)) }, rest))
            }
            _ => Err(malformed("it names an unknown key derivation")),
        }
    }
}

/// Refuses Argon2id parameters outside what a keyring file may hold: when sealing, so that
/// no file is written that could not be opened again; when opening, before any work.
fn check_params(params: &KdfParams) -> Result<()> {
    let in_range = (MIN_KDF.m_cost_kib..=MAX_M_COST_KIB).contains(&params.m_cost_kib)
        && (MIN_KDF.t_cost..=64).contains(&params.t_cost)
        && (MIN_KDF.p_cost..=64).contains(&params.p_cost);
    if in_range { Ok(()) } else { Err(malformed("its passphrase parameters are out of range")) }
}

/// The key that seals a file for `purpose`: from the root key, or from the passphrase
/// through Argon2id.
pub(crate) fn derive_key(
    secret: &RootSecret<'_>,
    kdf: Option<(KdfParams, [u8; SALT_LEN])>,
    purpose: &str,
) -> Result<crate::DataKey> {
    match (secret, kdf) {
        (RootSecret::Key(key), _) => Ok(hkdf_subkey(key.expose_secret(), purpose)),
        (RootSecret::Passphrase(passphrase, _), Some((params, salt))) => {
            let params =
                argon2::Params::new(params.m_cost_kib, params.t_cost, params.p_cost, Some(KEY_LEN))
                    .map_err(|_| malformed("its passphrase parameters are out of range"))?;
            let argon =
                argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
            let mut stretched = Zeroizing::new([0u8; KEY_LEN]);
            argon
                .hash_password_into(passphrase.as_bytes(), &salt, stretched.as_mut())
                .map_err(|_| malformed("the passphrase could not be stretched"))?;
            Ok(hkdf_subkey(&stretched, purpose))
        }
        (RootSecret::Passphrase(..), None) => {
            Err(malformed("it is sealed under a key, not a passphrase"))
        }
    }
}

#[cfg(test)]
mod tests;
