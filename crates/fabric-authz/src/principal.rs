//! The authenticated caller: subject, owner and roles.

use serde::Serialize;

use crate::error::{Error, NameKind, Result};
use crate::name::validate_name;

/// The most roles one principal may hold.
pub const MAX_ROLES: usize = 32;

/// An authenticated caller.
///
/// Built only through [`Principal::new`], so every name is valid (see
/// [`is_valid_name`](crate::is_valid_name)). Holds no secret.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Principal {
    subject: String,
    owner: String,
    roles: Vec<String>,
}

impl Principal {
    /// Builds a principal, validating every name.
    ///
    /// Duplicate roles are removed; the order of first appearance is kept.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for an invalid subject, owner or role name;
    /// [`Error::InvalidArgument`] for more than [`MAX_ROLES`] roles.
    pub fn new<R: Into<String>>(
        subject: impl Into<String>,
        owner: impl Into<String>,
        roles: impl IntoIterator<Item = R>,
    ) -> Result<Self> {
        let subject = subject.into();
        let owner = owner.into();
        validate_name(NameKind::Subject, &subject)?;
        validate_name(NameKind::Owner, &owner)?;
        let roles = normalize_roles(roles)?;
        Ok(Self { subject, owner, roles })
    }

    /// Who is acting: a JWT's subject claim, or `apikey:<id>` for an API key.
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// The owner (tenant) whose records this principal works on.
    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// The principal's role names.
    pub fn roles(&self) -> &[String] {
        &self.roles
    }

    /// Whether the principal holds the role `role`.
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|held| held == role)
    }
}

/// Validates role names, removes duplicates and enforces [`MAX_ROLES`].
pub(crate) fn normalize_roles<R: Into<String>>(
    roles: impl IntoIterator<Item = R>,
) -> Result<Vec<String>> {
    let mut normalized: Vec<String> = Vec::new();
    for role in roles {
        let role = role.into();
        validate_name(NameKind::Role, &role)?;
        if !normalized.contains(&role) {
            if normalized.len() == MAX_ROLES {
                return Err(Error::InvalidArgument { reason: "too many roles" });
            }
            normalized.push(role);
        }
    }
    Ok(normalized)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_and_deduplicates() {
        let principal = Principal::new("alice", "acme", ["user", "viewer", "user"]).unwrap();
        assert_eq!(principal.roles(), ["user", "viewer"]);
        assert!(principal.has_role("viewer"));
        assert!(!principal.has_role("admin"));
        assert!(matches!(
            Principal::new("a b", "acme", ["user"]),
            Err(Error::InvalidName { kind: NameKind::Subject })
        ));
        assert!(matches!(
            Principal::new("alice", "", ["user"]),
            Err(Error::InvalidName { kind: NameKind::Owner })
        ));
        assert!(matches!(
            Principal::new("alice", "acme", ["us/er"]),
            Err(Error::InvalidName { kind: NameKind::Role })
        ));
        let many: Vec<String> = (0..=MAX_ROLES).map(|index| format!("r{index}")).collect();
        assert!(matches!(
            Principal::new("alice", "acme", many),
            Err(Error::InvalidArgument { .. })
        ));
    }
}
