//! Validation of subject, owner and role names.

use crate::error::{Error, NameKind, Result};

/// The longest accepted subject, owner or role name, in bytes.
pub const MAX_NAME_LEN: usize = 128;

/// Whether `name` is a valid subject, owner or role name.
///
/// A valid name is 1 to [`MAX_NAME_LEN`] bytes from `[A-Za-z0-9._@=+:-]`: safe in file paths
/// (except `.` and `..`, refused too), object-store prefixes, log lines and SQL text.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && name != "."
        && name != ".."
        && name.bytes().all(|byte| byte.is_ascii_alphanumeric() || b"._@=+:-".contains(&byte))
}

/// Checks `name` with [`is_valid_name`]; an owner may not hold `:` either, since owners
/// name storage prefixes, whose segments refuse it.
///
/// # Errors
///
/// [`Error::InvalidName`] with `kind` if the name is not valid; the name itself is not echoed.
pub fn validate_name(kind: NameKind, name: &str) -> Result<()> {
    let valid = is_valid_name(name) && !(kind == NameKind::Owner && name.contains(':'));
    if valid { Ok(()) } else { Err(Error::InvalidName { kind }) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_documented_charset() {
        for name in ["alice", "a", "team-1.prod", "user@example.com", "k=v+w:x_y", "A9"] {
            assert!(is_valid_name(name), "{name}");
        }
        assert!(is_valid_name(&"x".repeat(MAX_NAME_LEN)));
    }

    #[test]
    fn owners_refuse_a_colon_that_subjects_accept() {
        assert!(validate_name(NameKind::Subject, "apikey:0123").is_ok());
        assert!(matches!(
            validate_name(NameKind::Owner, "org:1"),
            Err(Error::InvalidName { kind: NameKind::Owner })
        ));
    }

    #[test]
    fn refuses_everything_else() {
        let too_long = "x".repeat(MAX_NAME_LEN + 1);
        for name in ["", ".", "..", "a b", "a/b", "a\\b", "é", "a\0", "a\n", "*", too_long.as_str()]
        {
            assert!(!is_valid_name(name), "{name:?}");
            assert!(matches!(
                validate_name(NameKind::Owner, name),
                Err(Error::InvalidName { kind: NameKind::Owner })
            ));
        }
    }
}
