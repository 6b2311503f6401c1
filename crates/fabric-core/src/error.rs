//! The error type of fabric-core.

/// Result with [`Error`] as the default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong in a [`crate::MemoryFabric`] call.
///
/// Messages name record ids, owners and fields, never content, metadata values or keys.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No live record with this id for this owner.
    #[error("record {id} not found")]
    NotFound {
        /// The record id asked for.
        id: String,
    },
    /// The record changed between read and write, or two writers raced: read and retry.
    #[error("record {id} was changed by another writer; read it again and retry")]
    VersionConflict {
        /// The contested record.
        id: String,
    },
    /// The record is audit evidence under retention (Object Lock) that has not expired: the
    /// storage refused to delete it, and it is still there.
    #[error("record {id} is under retention and cannot be deleted yet")]
    Retained {
        /// The protected record.
        id: String,
    },
    /// The stored record did not authenticate: it was tampered with, moved, or sealed with
    /// another key. None of its content is returned.
    #[error("record {id} failed authentication (tampered with, or sealed with another key)")]
    Authentication {
        /// The record that failed.
        id: String,
    },
    /// The record was sealed with a key that is not in the keyring.
    #[error(
        "record {id} failed authentication: it was sealed with key id {key_id}, which is not in the keyring"
    )]
    UnknownKey {
        /// The record that failed.
        id: String,
        /// The key id the record names.
        key_id: String,
    },
    /// The stored record opens, but it is not what was last written there (a transactional
    /// backend keeps a keyed entry of the last write): it was rolled back to older bytes, or
    /// brought back after its deletion, by someone who can write the storage. None of its
    /// content is returned.
    #[error(
        "record {id} failed authentication: the stored version {stored_version} is not the last one written ({})",
        if *deleted { "the record was deleted".to_owned() } else { format!("version {written_version}") }
    )]
    Stale {
        /// The record.
        id: String,
        /// The version the stored bytes carry.
        stored_version: u64,
        /// The version last written.
        written_version: u64,
        /// Whether the last write deleted the record.
        deleted: bool,
    },
    /// The stored bytes are not a record frame this version understands.
    #[error("record {id} failed authentication: its stored bytes are malformed ({reason})")]
    Corrupt {
        /// The record.
        id: String,
        /// What is wrong with its layout.
        reason: &'static str,
    },
    /// A field of the input was refused; nothing was written.
    #[error("invalid {field}: {reason}")]
    InvalidInput {
        /// The field.
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// The privacy policy refuses records at this level; nothing was written.
    #[error(
        "rejected by the privacy policy: {level} data found ({})",
        pii_types.iter().map(fabric_types::PiiType::as_str).collect::<Vec<_>>().join(", ")
    )]
    PolicyRejected {
        /// The record's level after detection.
        level: crate::PrivacyLevel,
        /// The kinds of personal data found (never the values).
        pii_types: Vec<fabric_types::PiiType>,
    },
    /// The session's principal lacks the permission; nothing was done and the refusal was
    /// audited (status denied).
    #[error("permission denied: {subject} lacks permission {permission}")]
    PermissionDenied {
        /// The principal's subject.
        subject: String,
        /// The permission it lacks.
        permission: fabric_authz::Permission,
    },
    /// The operation is not available in this version.
    #[error("{operation} is not implemented yet")]
    Unsupported {
        /// The operation asked for.
        operation: &'static str,
    },
    /// The owner's key was destroyed (crypto-shredded): its records can no longer be
    /// opened by anyone, in any copy of the storage.
    #[error("the key of owner {owner} was destroyed (shredded): its records cannot be opened")]
    KeyDestroyed {
        /// The owner.
        owner: String,
    },
    /// The fabric was built without something it needs.
    #[error("invalid configuration: {reason}")]
    Config {
        /// What is missing or wrong.
        reason: String,
    },
    /// An archive (`export`/`import`) is not one that can be restored, or it could not be
    /// written or read; nothing of it was imported.
    #[error("archive refused: {reason}")]
    Archive {
        /// What is wrong (never content).
        reason: String,
    },
    /// A key or suite problem outside any one record.
    #[error(transparent)]
    Crypto(#[from] fabric_crypto::Error),
    /// The backend failed.
    #[error("storage failed")]
    Store(#[source] fabric_store::Error),
    /// The audit event of the operation could not be written, so the operation does not
    /// report success.
    #[error("audit log append failed")]
    Audit(#[source] fabric_audit::Error),
}

impl Error {
    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Error {
        Error::InvalidInput { field, reason: reason.into() }
    }

    /// Maps a backend error about one record of a batch: the record the error's key names,
    /// or `fallback_id` when it names none.
    pub(crate) fn from_batch_store(fallback_id: &str, error: fabric_store::Error) -> Error {
        let id = match &error {
            fabric_store::Error::NotFound { key }
            | fabric_store::Error::AlreadyExists { key }
            | fabric_store::Error::VersionMismatch { key }
            | fabric_store::Error::Retained { key } => key.rsplit('/').next().unwrap_or(key),
            _ => fallback_id,
        }
        .to_owned();
        Error::from_store(&id, error)
    }

    /// Maps a backend error about one record.
    pub(crate) fn from_store(id: &str, error: fabric_store::Error) -> Error {
        match error {
            fabric_store::Error::NotFound { .. } => Error::NotFound { id: id.to_owned() },
            fabric_store::Error::Retained { .. } => Error::Retained { id: id.to_owned() },
            fabric_store::Error::AlreadyExists { .. }
            | fabric_store::Error::VersionMismatch { .. } => {
                Error::VersionConflict { id: id.to_owned() }
            }
            other => Error::Store(other),
        }
    }

    /// Whether this says a stored record is not what was written: it failed authentication
    /// or its version check, names a key the keyring lacks, or does not decode.
    pub fn is_integrity_failure(&self) -> bool {
        matches!(
            self,
            Error::Authentication { .. }
                | Error::UnknownKey { .. }
                | Error::Corrupt { .. }
                | Error::Stale { .. }
        )
    }

    /// Maps an envelope error about one record.
    pub(crate) fn from_crypto(id: &str, error: fabric_crypto::Error) -> Error {
        match error {
            fabric_crypto::Error::Authentication => Error::Authentication { id: id.to_owned() },
            fabric_crypto::Error::UnknownKey { key_id } => {
                Error::UnknownKey { id: id.to_owned(), key_id }
            }
            fabric_crypto::Error::Malformed { reason } => {
                Error::Corrupt { id: id.to_owned(), reason }
            }
            fabric_crypto::Error::UnknownSuite { .. } => Error::Corrupt {
                id: id.to_owned(),
                reason: "it names a cipher suite this build does not have",
            },
            other => Error::Crypto(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_error_names_the_record_its_key_names() {
        let conflict = fabric_store::Error::AlreadyExists { key: "records/alice/r-250".into() };
        assert!(matches!(
            Error::from_batch_store("r-0", conflict),
            Error::VersionConflict { id } if id == "r-250"
        ));
        let other = fabric_store::Error::InvalidConfig { reason: "x".into() };
        assert!(matches!(Error::from_batch_store("r-0", other), Error::Store(_)));
    }
}
