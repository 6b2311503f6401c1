//! Roles, the role table ([`Policy`]), permission checks and owner scoping.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, NameKind, Result};
use crate::name::validate_name;
use crate::permission::{Permission, PermissionSet};
use crate::principal::Principal;

/// The built-in read-only role: `get`, `recall`; it sees personal data redacted (no
/// `reveal_pii`).
pub const VIEWER: &str = "viewer";
/// The built-in read-write role: `viewer` plus `store`, `delete` and `reveal_pii`.
pub const USER: &str = "user";
/// The built-in administrator role: every permission, and every owner (see [`Policy::is_admin`]).
pub const ADMIN: &str = "admin";

/// Custom roles from configuration: role name to the permissions it grants.
///
/// Deserializes from a plain map, for example in TOML:
///
/// ```toml
/// [roles]
/// auditor = ["get", "read_audit"]
/// user = ["export"]          # extends the built-in `user` role
/// ```
///
/// A name that is also a built-in role (`viewer`, `user`, `admin`) adds permissions to it;
/// built-in permissions are never removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RolesConfig {
    /// Role name to granted permissions.
    pub roles: BTreeMap<String, Vec<Permission>>,
}

/// What a read, list, recall or delete may touch, as decided by [`Policy::scope_owner`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Only records of this owner.
    Owner(String),
    /// Records of every owner (admins only, when they name no owner).
    AllOwners,
}

impl Scope {
    /// The single owner in scope, or `None` for [`Scope::AllOwners`].
    pub fn owner(&self) -> Option<&str> {
        match self {
            Self::Owner(owner) => Some(owner),
            Self::AllOwners => None,
        }
    }

    /// Whether a record of `owner` is in scope.
    pub fn contains(&self, owner: &str) -> bool {
        match self {
            Self::Owner(scoped) => scoped == owner,
            Self::AllOwners => true,
        }
    }
}

/// The role table: which permissions each role grants.
///
/// [`Policy::default`] holds the built-in roles; [`Policy::new`] adds custom roles.
/// A role a principal holds that the table does not know grants nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    roles: BTreeMap<String, PermissionSet>,
}

impl Default for Policy {
    fn default() -> Self {
        let viewer: PermissionSet = [Permission::Get, Permission::Recall].into_iter().collect();
        let user = viewer.union(
            [Permission::Store, Permission::Delete, Permission::RevealPii].into_iter().collect(),
        );
        let roles = BTreeMap::from([
            (VIEWER.to_owned(), viewer),
            (USER.to_owned(), user),
            (ADMIN.to_owned(), PermissionSet::all()),
        ]);
        Self { roles }
    }
}

impl Policy {
    /// The built-in roles plus the custom roles of `config`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] if a configured role name is invalid.
    pub fn new(config: &RolesConfig) -> Result<Self> {
        let mut policy = Self::default();
        for (name, permissions) in &config.roles {
            validate_name(NameKind::Role, name)?;
            let granted: PermissionSet = permissions.iter().copied().collect();
            let entry = policy.roles.entry(name.clone()).or_default();
            *entry = entry.union(granted);
        }
        Ok(policy)
    }

    /// The permissions `role` grants, or `None` for an unknown role.
    pub fn role(&self, role: &str) -> Option<PermissionSet> {
        self.roles.get(role).copied()
    }

    /// Every known role with its permissions, by name.
    pub fn roles(&self) -> impl Iterator<Item = (&str, PermissionSet)> {
        self.roles.iter().map(|(name, permissions)| (name.as_str(), *permissions))
    }

    /// The union of the permissions of every role `principal` holds.
    pub fn permissions_of(&self, principal: &Principal) -> PermissionSet {
        principal
            .roles()
            .iter()
            .filter_map(|role| self.role(role))
            .fold(PermissionSet::empty(), PermissionSet::union)
    }

    /// Whether `principal` holds `permission`.
    pub fn allows(&self, principal: &Principal, permission: Permission) -> bool {
        self.permissions_of(principal).contains(permission)
    }

    /// Checks that `principal` holds `permission`.
    ///
    /// # Errors
    ///
    /// [`Error::PermissionDenied`] naming the subject and the permission.
    pub fn check(&self, principal: &Principal, permission: Permission) -> Result<()> {
        if self.allows(principal, permission) {
            Ok(())
        } else {
            tracing::debug!(subject = principal.subject(), %permission, "permission denied");
            Err(Error::PermissionDenied { subject: principal.subject().to_owned(), permission })
        }
    }

    /// Whether `principal` holds the built-in [`ADMIN`] role.
    ///
    /// Only this role reaches other owners' records; a custom role with every permission
    /// still works on its own owner only.
    pub fn is_admin(&self, principal: &Principal) -> bool {
        principal.has_role(ADMIN)
    }

    /// Which owner(s) a read, list, recall or delete by `principal` may touch.
    ///
    /// A non-admin always gets `Scope::Owner(principal.owner())`, whatever it `requested`:
    /// the caller looks the record up there, so another owner's record is answered exactly
    /// like a record that does not exist. An admin gets the owner it names, or
    /// [`Scope::AllOwners`] when it names none.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] if an admin names an invalid owner (a non-admin's request is
    /// ignored, so never refused).
    pub fn scope_owner(&self, principal: &Principal, requested: Option<&str>) -> Result<Scope> {
        if !self.is_admin(principal) {
            return Ok(Scope::Owner(principal.owner().to_owned()));
        }
        match requested {
            Some(owner) => {
                validate_name(NameKind::Owner, owner)?;
                Ok(Scope::Owner(owner.to_owned()))
            }
            None => Ok(Scope::AllOwners),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_roles_extend_built_ins_and_unknown_roles_grant_nothing() {
        let config: RolesConfig =
            serde_json::from_str(r#"{"auditor": ["get", "read_audit"], "viewer": ["export"]}"#)
                .unwrap();
        let policy = Policy::new(&config).unwrap();
        let auditor = Principal::new("carol", "acme", ["auditor"]).unwrap();
        assert!(policy.allows(&auditor, Permission::ReadAudit));
        assert!(!policy.allows(&auditor, Permission::Store));
        let viewer = Principal::new("vic", "acme", ["viewer"]).unwrap();
        assert!(policy.allows(&viewer, Permission::Export));
        assert!(policy.allows(&viewer, Permission::Recall));
        let nobody = Principal::new("eve", "acme", ["ghost"]).unwrap();
        assert!(policy.permissions_of(&nobody).is_empty());
        assert!(policy.role("ghost").is_none());
    }

    #[test]
    fn config_refuses_bad_names_and_permissions() {
        let config: RolesConfig = serde_json::from_str(r#"{"bad role": ["get"]}"#).unwrap();
        assert!(matches!(Policy::new(&config), Err(Error::InvalidName { kind: NameKind::Role })));
        assert!(serde_json::from_str::<RolesConfig>(r#"{"r": ["fly"]}"#).is_err());
    }

    #[test]
    fn admin_naming_an_invalid_owner_is_refused() {
        let policy = Policy::default();
        let admin = Principal::new("root", "ops", [ADMIN]).unwrap();
        assert!(matches!(
            policy.scope_owner(&admin, Some("../x")),
            Err(Error::InvalidName { kind: NameKind::Owner })
        ));
        let user = Principal::new("alice", "acme", [USER]).unwrap();
        assert_eq!(
            policy.scope_owner(&user, Some("../x")).unwrap(),
            Scope::Owner("acme".to_owned())
        );
    }
}
