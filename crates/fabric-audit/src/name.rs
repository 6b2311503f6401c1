//! Validated names: the only text an audit event can hold.
//!
//! Every name has a small character set and a length limit, so free text (content, metadata
//! values, keys, tokens, PII values) has no way into the log.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use fabric_types::NameRule;

use crate::{Error, Result};

macro_rules! validated_name {
    (
        $(#[$doc:meta])*
        $name:ident($repr:ty), what = $what:literal, rule = $rule:expr
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name($repr);

        impl $name {
            /// Longest accepted value, in bytes.
            pub const MAX_LEN: usize = $rule.max_len();

            /// Validates a value.
            ///
            /// # Errors
            ///
            /// [`Error::InvalidName`] naming the rule that was broken; the text itself is never
            /// echoed.
            pub fn parse(text: &str) -> Result<Self> {
                check(text, $what, $rule)?;
                Ok($name(<$repr>::from(text.to_owned())))
            }

            /// The value as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = Error;

            fn from_str(text: &str) -> Result<Self> {
                Self::parse(text)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = Cow::<'de, str>::deserialize(deserializer)?;
                Self::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

fn check(text: &str, what: &'static str, rule: NameRule) -> Result<()> {
    rule.check(text).map_err(|error| Error::InvalidName { what, reason: error.reason() })
}

validated_name! {
    /// An actor, owner, record or request id: 1 to 128 bytes of `[A-Za-z0-9._@=+:-]`.
    ///
    /// Wide enough for user names, e-mail-like principals, UUIDs and API-key ids; too narrow for
    /// sentences, so no content or metadata value can pose as an id.
    Id(Box<str>), what = "id", rule = NameRule::PRINCIPAL
}

validated_name! {
    /// The id of one writer's chain: 1 to 64 bytes of `[A-Za-z0-9._@=+-]` (a valid object-key
    /// segment, so it names a prefix on every backend).
    ///
    /// Each writer process should have its own stream (a host name plus a process or instance
    /// id); writers that share a stream on one SQLite or JSONL file are serialised by the sink.
    StreamId(Arc<str>), what = "stream id", rule = NameRule::STREAM
}

validated_name! {
    /// The non-secret id of a key (a fingerprint such as `k3fa9c1d2e4b6`): 1 to 64 bytes of
    /// `[A-Za-z0-9._-]`.
    KeyName(Box<str>), what = "key id", rule = NameRule::KEY_ID
}

validated_name! {
    /// The name of one entry of an event's details: 1 to 32 bytes of `[a-z0-9_]`.
    DetailName(Cow<'static, str>), what = "detail name", rule = NameRule::DETAIL
}

impl DetailName {
    /// How many records an operation touched.
    pub const RECORDS: DetailName = DetailName(Cow::Borrowed("records"));
    /// How many results a recall or list returned.
    pub const RESULTS: DetailName = DetailName(Cow::Borrowed("results"));
    /// A payload size in bytes.
    pub const SIZE: DetailName = DetailName(Cow::Borrowed("size"));
    /// The key-encryption key involved.
    pub const KEY_ID: DetailName = DetailName(Cow::Borrowed("key_id"));
    /// The key that replaced it (key rotation).
    pub const NEW_KEY_ID: DetailName = DetailName(Cow::Borrowed("new_key_id"));
    /// The kinds of PII found or redacted.
    pub const PII_TYPES: DetailName = DetailName(Cow::Borrowed("pii_types"));
    /// How long the operation took, in milliseconds.
    pub const DURATION: DetailName = DetailName(Cow::Borrowed("duration"));
    /// How many records matched a filter.
    pub const MATCHED: DetailName = DetailName(Cow::Borrowed("matched"));
    /// How many records did not open (a rotation found their wrapped data key changed).
    pub const UNREADABLE: DetailName = DetailName(Cow::Borrowed("unreadable"));
    /// The version a record was stored as.
    pub const VERSION: DetailName = DetailName(Cow::Borrowed("version"));
    /// The SHA-256 digest of a record's sealed frame as stored, whole (store and delete
    /// events written before [`DetailName::CONTENT_DIGEST`]).
    pub const FRAME_DIGEST: DetailName = DetailName(Cow::Borrowed("frame_digest"));
    /// The SHA-256 digest of a record's sealed content: its frame but for the wrapping of its
    /// data key, which a key rotation changes (FORMAT.md, "Audit events").
    pub const CONTENT_DIGEST: DetailName = DetailName(Cow::Borrowed("content_digest"));
    /// How many values an answer had redacted (a reader without `reveal_pii`).
    pub const REDACTED: DetailName = DetailName(Cow::Borrowed("redacted"));
    /// An export was written in clear (JSONL for migration), not sealed.
    pub const PLAINTEXT: DetailName = DetailName(Cow::Borrowed("plaintext"));
    /// The event was written after the fact, for a record found stored without one.
    pub const REPAIRED: DetailName = DetailName(Cow::Borrowed("repaired"));

    /// Wraps a name written in the source code, checked like [`DetailName::parse`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] when the name breaks the rule.
    pub fn from_static(name: &'static str) -> Result<Self> {
        check(name, "detail name", NameRule::DETAIL)?;
        Ok(DetailName(Cow::Borrowed(name)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_take_principals_and_refuse_free_text() {
        for good in ["alice", "svc:ingest@prod", "01J9ZK3C2Y-4f1a", "a=b+c.d_e"] {
            assert!(Id::parse(good).is_ok(), "{good}");
        }
        let long = "a".repeat(129);
        for bad in ["", "john smith", "a\nb", "é", "{\"x\":1}", "a/b", long.as_str(), ".."] {
            let error = Id::parse(bad).unwrap_err();
            if !bad.is_empty() {
                assert!(!error.to_string().contains(bad), "{error}");
            }
        }
    }

    #[test]
    fn other_names_have_their_own_rules() {
        assert!(StreamId::parse("host-1.pid-42").is_ok());
        assert!(StreamId::parse("a:b").is_err());
        assert!(KeyName::parse("k3fa9c1d2e4b6").is_ok());
        assert!(KeyName::parse("k@1").is_err());
        assert!(DetailName::parse("records").is_ok());
        assert!(DetailName::parse("Records").is_err());
        assert!(DetailName::from_static("bad name").is_err());
        assert_eq!(DetailName::parse("records").unwrap(), DetailName::RECORDS);
    }

    #[test]
    fn deserialising_validates() {
        assert!(serde_json::from_str::<Id>("\"alice\"").is_ok());
        assert!(serde_json::from_str::<Id>("\"alice smith\"").is_err());
    }
}
