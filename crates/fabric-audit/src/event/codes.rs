//! The closed sets of codes an event holds: [`Operation`], [`Status`], [`FieldName`] and
//! [`Reason`], each with a fixed text code.

use super::*;

fabric_types::named_enum! {
    /// What was done.
    pub enum Operation (case = exact) {
        /// A record was stored.
        Store => "store",
        /// A record was read.
        Retrieve => "retrieve",
        /// Records were listed.
        List => "list",
        /// A record was deleted.
        Delete => "delete",
        /// Records were recalled by relevance.
        Recall => "recall",
        /// Records were exported.
        Export => "export",
        /// Records were imported.
        Import => "import",
        /// Storage was compacted.
        Compact => "compact",
        /// Keys were rotated.
        RotateKeys => "rotate_keys",
        /// An owner's data was crypto-shredded.
        Shred => "shred",
        /// A principal tried to authenticate.
        Authenticate => "authenticate",
        /// The audit log itself was read.
        ReadAudit => "read_audit",
        /// API keys were created, listed or revoked.
        ManageKeys => "manage_keys",
    }
}

fabric_types::named_enum! {
    /// How it ended.
    pub enum Status (case = exact) {
        /// It was done.
        Success => "success",
        /// It was allowed but failed.
        Failure => "failure",
        /// It was refused (authentication, permission or policy).
        Denied => "denied",
    }
}

fabric_types::named_enum! {
    /// Which input a [`Reason::InvalidInput`] refers to (a field name, never its value).
    pub enum FieldName (case = exact) {
        /// The acting principal.
        Actor => "actor",
        /// The owner.
        Owner => "owner",
        /// The record id.
        RecordId => "record_id",
        /// The request id.
        RequestId => "request_id",
        /// The record content.
        Content => "content",
        /// The record metadata.
        Metadata => "metadata",
        /// The tags.
        Tags => "tags",
        /// A recall query.
        Query => "query",
        /// A list or recall filter.
        Filter => "filter",
        /// A result limit.
        Limit => "limit",
        /// A time or time range.
        Time => "time",
        /// A key or key id.
        Key => "key",
        /// A credential (API key, token, password).
        Credential => "credential",
        /// A request body as a whole.
        Body => "body",
        /// A configuration value.
        Config => "config",
        /// An import or export file.
        File => "file",
    }
}

/// Why an operation failed or was denied: a closed set of codes, never a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reason {
    /// The record (or owner, or key) does not exist.
    NotFound,
    /// Something with that id already exists.
    AlreadyExists,
    /// A concurrent change won; retry.
    Conflict,
    /// The credentials were missing, wrong, expired or revoked.
    AuthenticationFailed,
    /// The principal may not do this.
    PermissionDenied,
    /// An input was refused; `field` says which.
    InvalidInput {
        /// Which input.
        field: FieldName,
    },
    /// The PII policy refused the content.
    PolicyViolation,
    /// A request or record was larger than allowed.
    TooLarge,
    /// Too many requests.
    RateLimited,
    /// Stored data failed authentication (wrong key or tampering).
    IntegrityFailure,
    /// The storage backend failed.
    StorageFailure,
    /// The operation took too long.
    Timeout,
    /// The caller went away.
    Cancelled,
    /// An internal error.
    Internal,
}

const INVALID_INPUT_PREFIX: &str = "invalid_input:";

impl Reason {
    /// The stable code written to storage and hashed (`not_found`, `invalid_input:owner`).
    pub fn code(self) -> &'static str {
        match self {
            Reason::NotFound => "not_found",
            Reason::AlreadyExists => "already_exists",
            Reason::Conflict => "conflict",
            Reason::AuthenticationFailed => "authentication_failed",
            Reason::PermissionDenied => "permission_denied",
            Reason::InvalidInput { field } => invalid_input_code(field),
            Reason::PolicyViolation => "policy_violation",
            Reason::TooLarge => "too_large",
            Reason::RateLimited => "rate_limited",
            Reason::IntegrityFailure => "integrity_failure",
            Reason::StorageFailure => "storage_failure",
            Reason::Timeout => "timeout",
            Reason::Cancelled => "cancelled",
            Reason::Internal => "internal",
        }
    }

    /// Parses a code written by [`Reason::code`].
    pub fn from_code(code: &str) -> Option<Reason> {
        if let Some(field) = code.strip_prefix(INVALID_INPUT_PREFIX) {
            return FieldName::from_name(field).map(|field| Reason::InvalidInput { field });
        }
        Some(match code {
            "not_found" => Reason::NotFound,
            "already_exists" => Reason::AlreadyExists,
            "conflict" => Reason::Conflict,
            "authentication_failed" => Reason::AuthenticationFailed,
            "permission_denied" => Reason::PermissionDenied,
            "policy_violation" => Reason::PolicyViolation,
            "too_large" => Reason::TooLarge,
            "rate_limited" => Reason::RateLimited,
            "integrity_failure" => Reason::IntegrityFailure,
            "storage_failure" => Reason::StorageFailure,
            "timeout" => Reason::Timeout,
            "cancelled" => Reason::Cancelled,
            "internal" => Reason::Internal,
            _ => return None,
        })
    }
}

fn invalid_input_code(field: FieldName) -> &'static str {
    match field {
        FieldName::Actor => "invalid_input:actor",
        FieldName::Owner => "invalid_input:owner",
        FieldName::RecordId => "invalid_input:record_id",
        FieldName::RequestId => "invalid_input:request_id",
        FieldName::Content => "invalid_input:content",
        FieldName::Metadata => "invalid_input:metadata",
        FieldName::Tags => "invalid_input:tags",
        FieldName::Query => "invalid_input:query",
        FieldName::Filter => "invalid_input:filter",
        FieldName::Limit => "invalid_input:limit",
        FieldName::Time => "invalid_input:time",
        FieldName::Key => "invalid_input:key",
        FieldName::Credential => "invalid_input:credential",
        FieldName::Body => "invalid_input:body",
        FieldName::Config => "invalid_input:config",
        FieldName::File => "invalid_input:file",
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Reason {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Reason::from_code(&code).ok_or_else(|| serde::de::Error::custom("unknown reason"))
    }
}
