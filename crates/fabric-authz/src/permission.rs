//! Permissions and sets of permissions.

use std::fmt;

fabric_types::named_enum! {
    /// One operation a principal may be allowed to perform.
    ///
    /// Serialized, displayed and parsed in snake_case (`rotate_keys`, `read_audit`, ...).
    pub enum Permission (case = exact) {
        /// Read one record by id.
        Get => "get",
        /// Search records (recall and list).
        Recall => "recall",
        /// Create or update records.
        Store => "store",
        /// Delete records.
        Delete => "delete",
        /// Export records in bulk.
        Export => "export",
        /// Run compaction.
        Compact => "compact",
        /// Rotate encryption keys.
        RotateKeys => "rotate_keys",
        /// Read the audit log.
        ReadAudit => "read_audit",
        /// Create, list and revoke API keys.
        ManageKeys => "manage_keys",
        /// See personal data as stored: without it, records come back with every value the
        /// privacy detector finds redacted (get, list and recall).
        RevealPii => "reveal_pii",
    }
}

impl Permission {
    fn bit(self) -> u16 {
        1 << (self as u16)
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
        Permission::ALL.iter().copied().collect()
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
        Permission::ALL.iter().copied().filter(move |permission| self.contains(*permission))
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
        for &permission in Permission::ALL {
            let name = permission.to_string();
            assert_eq!(name.parse::<Permission>().unwrap(), permission);
            let json = serde_json::to_string(&permission).unwrap();
            assert_eq!(json, format!("\"{name}\""));
            assert_eq!(serde_json::from_str::<Permission>(&json).unwrap(), permission);
        }
        assert_eq!(Permission::RotateKeys.as_str(), "rotate_keys");
        assert!("Get".parse::<Permission>().is_err());
        assert!("".parse::<Permission>().is_err());
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
