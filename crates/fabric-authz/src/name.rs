//! Validation of subject, owner and role names.

use crate::error::{Error, NameKind, Result};

use fabric_types::NameRule;

/// The longest accepted subject, owner or role name, in bytes.
pub const MAX_NAME_LEN: usize = NameRule::PRINCIPAL.max_len();

/// Whether `name` is a valid subject or role name: [`NameRule::PRINCIPAL`], 1 to
/// [`MAX_NAME_LEN`] bytes of `[A-Za-z0-9._@=+:-]`, not `.` or `..`.
pub fn is_valid_name(name: &str) -> bool {
    NameRule::PRINCIPAL.allows(name)
}

/// Checks `name`: a subject or role with [`NameRule::PRINCIPAL`], an owner with
/// [`NameRule::ID`] (owners name storage prefixes, whose segments refuse `:`).
///
/// # Errors
///
/// [`Error::InvalidName`] with `kind` if the name is not valid; the name itself is not echoed.
pub fn validate_name(kind: NameKind, name: &str) -> Result<()> {
    let rule = if kind == NameKind::Owner { NameRule::ID } else { NameRule::PRINCIPAL };
    rule.check(name).map_err(|_| Error::InvalidName { kind })
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
