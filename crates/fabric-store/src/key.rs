//! [`ObjectKey`]: the validated name of a stored object.

use fabric_types::{NameError, NameRule};
use std::fmt;

use crate::{Error, Result};

/// A `/`-separated object name: 1 to 1,024 bytes, segments of `[A-Za-z0-9._@=+-]`, none empty,
/// none `.` or `..`.
///
/// The character set is safe as a file name, an S3 key and an SQL text value alike, so one key
/// means the same object on every backend.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectKey(String);

impl ObjectKey {
    /// Longest accepted key, in bytes.
    pub const MAX_LEN: usize = 1024;

    /// Validates a key.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidKey`] naming the rule that was broken.
    pub fn parse(text: &str) -> Result<ObjectKey> {
        if text.is_empty() {
            return Err(Error::InvalidKey { reason: "it is empty" });
        }
        if text.len() > Self::MAX_LEN {
            return Err(Error::InvalidKey { reason: "it is longer than 1024 bytes" });
        }
        for segment in text.split('/') {
            Self::check_segment(segment)?;
        }
        Ok(ObjectKey(text.to_owned()))
    }

    /// Checks one segment on its own, as [`ObjectKey::parse`] would.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidKey`] naming the rule that was broken.
    pub fn check_segment(segment: &str) -> Result<()> {
        NameRule::SEGMENT.check(segment).map_err(|error| Error::InvalidKey {
            reason: match error {
                NameError::Empty => "it has an empty segment",
                NameError::RelativeSegment => "it has a '.' or '..' segment",
                NameError::TooLong { .. } => "it is too long",
                _ => "only A-Z, a-z, 0-9 and '._@=+-' are allowed in a segment",
            },
        })
    }

    /// This key with one more segment.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidKey`] when the segment is invalid or the result is too long.
    pub fn child(&self, segment: &str) -> Result<ObjectKey> {
        Self::check_segment(segment)?;
        if self.0.len() + 1 + segment.len() > Self::MAX_LEN {
            return Err(Error::InvalidKey { reason: "it is longer than 1024 bytes" });
        }
        Ok(ObjectKey(format!("{}/{segment}", self.0)))
    }

    /// Whether `self` lies under `prefix` (segment-wise: `a/b` is under `a`, `ab` is not).
    pub fn starts_with(&self, prefix: &ObjectKey) -> bool {
        self.0.len() > prefix.0.len()
            && self.0.starts_with(&prefix.0)
            && self.0.as_bytes()[prefix.0.len()] == b'/'
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last segment.
    pub fn name(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or(&self.0)
    }
}

impl fmt::Display for ObjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_and_invalid_keys() {
        for good in ["a", "records/alice/01J9", "x/y@z.org/a=b+c-d_e"] {
            assert!(ObjectKey::parse(good).is_ok(), "{good}");
        }
        let long = "a".repeat(1025);
        for bad in ["", "/a", "a/", "a//b", "a/../b", ".", "a b", "a\\b", "é", long.as_str(), "a\0"]
        {
            assert!(ObjectKey::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn prefixes_are_segment_wise() {
        let key = ObjectKey::parse("records/alice/r1").unwrap();
        assert!(key.starts_with(&ObjectKey::parse("records/alice").unwrap()));
        assert!(key.starts_with(&ObjectKey::parse("records").unwrap()));
        assert!(!key.starts_with(&ObjectKey::parse("records/ali").unwrap()));
        assert!(!key.starts_with(&key));
        assert_eq!(key.name(), "r1");
        assert!(key.child("x/y").is_err());
    }
}
