//! Permissions and sets of permissions.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// One operation a principal may be allowed to perform.
///
/// Serialized, displayed and parsed in snake_case (`rotate_keys`, `read_audit`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Read one record by id.
    Get,
    /// Search records (recall and list).
    Recall,
    /// Create or update records.
    Store,
    /// Delete records.
    Delete,
    /// Export records in bulk.
    Export,
    /// Run compaction.
    Compact,
    /// Rotate encryption keys.
    RotateKeys,
    /// Read the audit log.
    ReadAudit,
    /// Create, list and revoke API keys.
    ManageKeys,
}

impl Permission {
    /// Every permission, in declaration order.
    pub const ALL: [Permission; 9] = [
        Permission::Get,
        Permission::Recall,
        Permission::Store,
        Permission::Delete,
        Permission::Export,
        Permission::Compact,
        Permission::RotateKeys,
        Permission::ReadAudit,
        Permission::ManageKeys,
    ];

    /// The snake_case name (`rotate_keys`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "get",
            Self::Recall => "recall",
            Self::Store => "store",
            Self::Delete => "delete",
            Self::Export => "export",
            Self::Compact => "compact",
            Self::RotateKeys => "rotate_keys",
            Self::ReadAudit => "read_audit",
            Self::ManageKeys => "manage_keys",
        }
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Permission {
    type Err = Error;

    /// Parses the snake_case name.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownPermission`] for any other string.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Permission::ALL
            .into_iter()
            .find(|permission| permission.as_str() == text)
            .ok_or(Error::UnknownPermission)
    }
}

/// A set of [`Permission`]s (a small bit set, `Copy`).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct PermissionSet(u16);

impl PermissionSet {
    /// The empty set.
    pub const fn empty() -> Self {
        Self(0)
    }

    /// The set of every permission.
    pub fn all() -> Self {
        Permission::ALL.into_iter().collect()
    }

    /// Whether `permission` is in the set.
    pub fn contains(self, permission: Permission) -> bool {
        self.0 & permission.bit() != 0
    }

    /// Adds `permission`.
    pub fn insert(&mut self, permission: Permission) {
        self.0 |= permission.bit();
    }

    /// The union of both sets.
    #[must_use]
    pub fn union(self, other: PermissionSet) -> Self {
        Self(self.0 | other.0)
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The permissions in the set, in declaration order.
    pub fn iter(self) -> impl Iterator<Item = Permission> {
        Permission::ALL.into_iter().filter(move |permission| self.contains(*permission))
    }
}

impl FromIterator<Permission> for PermissionSet {
    fn from_iter<I: IntoIterator<Item = Permission>>(iter: I) -> Self {
        let mut set = Self::empty();
        for permission in iter {
            set.insert(permission);
        }
        set
    }
}

impl fmt::Debug for PermissionSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_display_fromstr_and_serde() {
        for permission in Permission::ALL {
            let name = permission.to_string();
            assert_eq!(name.parse::<Permission>().unwrap(), permission);
            let json = serde_json::to_string(&permission).unwrap();
            assert_eq!(json, format!("\"{name}\""));
            assert_eq!(serde_json::from_str::<Permission>(&json).unwrap(), permission);
        }
        assert_eq!(Permission::RotateKeys.as_str(), "rotate_keys");
        assert!(matches!("Get".parse::<Permission>(), Err(Error::UnknownPermission)));
        assert!(matches!("".parse::<Permission>(), Err(Error::UnknownPermission)));
    }

    #[test]
    fn set_operations() {
        let mut set = PermissionSet::empty();
        assert!(set.is_empty());
        set.insert(Permission::Store);
        assert!(set.contains(Permission::Store));
        assert!(!set.contains(Permission::Get));
        assert_eq!(PermissionSet::all().iter().count(), Permission::ALL.len());
        assert_eq!(format!("{set:?}"), "{Store}");
    }
}
