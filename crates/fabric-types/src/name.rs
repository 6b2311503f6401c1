//! [`NameRule`]: the one check behind every name the fabric puts in a storage key, a log line
//! or an audit event.

use std::fmt;

/// Which bytes a kind of name may hold, and how many.
///
/// Every rule allows only printable ASCII without spaces or `/`, and refuses the empty name
/// and the relative path segments `.` and `..`, so a valid name is safe in file paths,
/// object-store prefixes, log lines and SQL text, and too narrow for a sentence: no content
/// or metadata value can pose as a name.
#[derive(Debug, Clone, Copy)]
pub struct NameRule {
    max_len: usize,
    allowed: fn(u8) -> bool,
    described: &'static str,
}

fn segment_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"._@=+-".contains(&byte)
}

fn principal_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"._@=+:-".contains(&byte)
}

fn key_id_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"._-".contains(&byte)
}

fn pii_type_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"_-".contains(&byte)
}

fn detail_byte(byte: u8) -> bool {
    byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_'
}

impl NameRule {
    /// One segment of a storage key: `[A-Za-z0-9._@=+-]`, up to 1,024 bytes (the longest key).
    pub const SEGMENT: NameRule = NameRule {
        max_len: 1024,
        allowed: segment_byte,
        described: "only A-Z, a-z, 0-9 and '._@=+-' are allowed",
    };
    /// An owner or a record id (each one segment of a record's storage key):
    /// `[A-Za-z0-9._@=+-]`, 1 to 128 bytes.
    pub const ID: NameRule = NameRule { max_len: 128, ..NameRule::SEGMENT };
    /// A principal: a subject, a role, an actor or request id of the audit log:
    /// `[A-Za-z0-9._@=+:-]`, 1 to 128 bytes (`:` for ids such as `apikey:k1`).
    pub const PRINCIPAL: NameRule = NameRule {
        max_len: 128,
        allowed: principal_byte,
        described: "only A-Z, a-z, 0-9 and '._@=+:-' are allowed",
    };
    /// The id of one writer's audit chain (a storage-key segment): `[A-Za-z0-9._@=+-]`, 1 to
    /// 64 bytes.
    pub const STREAM: NameRule = NameRule { max_len: 64, ..NameRule::SEGMENT };
    /// The non-secret id of a key: `[A-Za-z0-9._-]`, 1 to 64 bytes.
    pub const KEY_ID: NameRule = NameRule {
        max_len: 64,
        allowed: key_id_byte,
        described: "only A-Z, a-z, 0-9 and '._-' are allowed",
    };
    /// The name of a kind of personal data (built-in `EMAIL`, or a custom recognizer's):
    /// `[A-Za-z0-9_-]`, 1 to 64 bytes.
    pub const PII_TYPE: NameRule = NameRule {
        max_len: 64,
        allowed: pii_type_byte,
        described: "only A-Z, a-z, 0-9 and '_-' are allowed",
    };
    /// The name of one entry of an audit event's details: `[a-z0-9_]`, 1 to 32 bytes.
    pub const DETAIL: NameRule = NameRule {
        max_len: 32,
        allowed: detail_byte,
        described: "only a-z, 0-9 and '_' are allowed",
    };

    /// The longest name the rule accepts, in bytes.
    pub const fn max_len(&self) -> usize {
        self.max_len
    }

    /// Checks `text` against the rule.
    ///
    /// # Errors
    ///
    /// The [`NameError`] saying which part of the rule `text` breaks; it never holds `text`.
    pub fn check(&self, text: &str) -> Result<(), NameError> {
        if text.is_empty() {
            return Err(NameError::Empty);
        }
        if text.len() > self.max_len {
            return Err(NameError::TooLong { max_len: self.max_len });
        }
        if !text.bytes().all(self.allowed) {
            return Err(NameError::Disallowed { rule: self.described });
        }
        if text == "." || text == ".." {
            return Err(NameError::RelativeSegment);
        }
        Ok(())
    }

    /// Whether `text` meets the rule.
    pub fn allows(&self, text: &str) -> bool {
        self.check(text).is_ok()
    }
}

/// Why a name does not meet its [`NameRule`]; never holds the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NameError {
    /// It is empty.
    Empty,
    /// It is longer than the rule allows.
    TooLong {
        /// The most bytes allowed.
        max_len: usize,
    },
    /// It holds a byte the rule does not allow.
    Disallowed {
        /// Which bytes are allowed.
        rule: &'static str,
    },
    /// It is `.` or `..`.
    RelativeSegment,
}

impl NameError {
    /// The reason, as a fixed phrase ("it is empty", "only A-Z, ... are allowed").
    pub fn reason(self) -> &'static str {
        match self {
            NameError::Empty => "it is empty",
            NameError::TooLong { .. } => "it is too long",
            NameError::Disallowed { rule } => rule,
            NameError::RelativeSegment => "it is a relative path segment",
        }
    }
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameError::TooLong { max_len } => write!(f, "it is longer than {max_len} bytes"),
            other => f.write_str(other.reason()),
        }
    }
}

impl std::error::Error for NameError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_accepts_its_charset_and_refuses_the_rest() {
        assert!(NameRule::ID.allows("user@example.com"));
        assert!(NameRule::ID.allows(&"x".repeat(128)));
        assert_eq!(NameRule::ID.check(&"x".repeat(129)), Err(NameError::TooLong { max_len: 128 }));
        assert!(!NameRule::ID.allows("apikey:k1"));
        assert!(NameRule::PRINCIPAL.allows("apikey:k1"));
        assert!(NameRule::KEY_ID.allows("k3fa9c1d2e4b6"));
        assert!(!NameRule::KEY_ID.allows("a@b"));
        assert!(NameRule::PII_TYPE.allows("employee-id"));
        assert!(NameRule::DETAIL.allows("frame_digest"));
        assert!(!NameRule::DETAIL.allows("Frame"));
        for rule in [NameRule::SEGMENT, NameRule::ID, NameRule::PRINCIPAL, NameRule::KEY_ID] {
            assert_eq!(rule.check(""), Err(NameError::Empty));
            assert_eq!(rule.check("."), Err(NameError::RelativeSegment));
            assert_eq!(rule.check(".."), Err(NameError::RelativeSegment));
            for bad in ["a b", "a/b", "a\nb", "ü", "a\0"] {
                assert!(matches!(rule.check(bad), Err(NameError::Disallowed { .. })), "{bad:?}");
            }
        }
    }

    #[test]
    fn errors_never_hold_the_name() {
        let secret = "078-05-1120 jane@example.com";
        let error = NameRule::ID.check(secret).unwrap_err();
        assert!(!error.to_string().contains("078"));
        assert!(!format!("{error:?}").contains("jane"));
    }
}
