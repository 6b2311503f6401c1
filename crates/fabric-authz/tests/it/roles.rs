//! The role table over every role and permission, and owner scoping.

use fabric_authz::{ADMIN, Error, Permission, Policy, Principal, RolesConfig, Scope, USER, VIEWER};

use Permission::*;

/// The role table of the design, written out cell by cell.
const TABLE: &[(&str, &[Permission])] = &[
    (VIEWER, &[Get, Recall]),
    (USER, &[Get, Recall, Store, Delete, RevealPii]),
    (
        ADMIN,
        &[
            Get, Recall, Store, Delete, Export, Compact, RotateKeys, ReadAudit, ManageKeys,
            RevealPii,
        ],
    ),
];

#[test]
fn every_role_and_permission_cell_is_as_the_table_says() {
    let policy = Policy::default();
    let mut cells = 0;
    for (role, allowed) in TABLE {
        let principal = Principal::new("someone", "acme", [*role]).unwrap();
        for &permission in Permission::ALL {
            cells += 1;
            let expected = allowed.contains(&permission);
            assert_eq!(policy.allows(&principal, permission), expected, "{role} x {permission}");
            match policy.check(&principal, permission) {
                Ok(()) => assert!(expected, "{role} x {permission} allowed"),
                Err(Error::PermissionDenied { subject, permission: denied }) => {
                    assert!(!expected, "{role} x {permission} denied");
                    assert_eq!(subject, "someone");
                    assert_eq!(denied, permission);
                }
                Err(other) => panic!("unexpected {other:?}"),
            }
        }
        let listed: Vec<Permission> = policy.permissions_of(&principal).iter().collect();
        assert_eq!(&listed, allowed, "{role}");
    }
    assert_eq!(cells, 3 * Permission::ALL.len());
}

#[test]
fn no_role_or_unknown_role_grants_nothing() {
    let policy = Policy::default();
    let no_roles = Principal::new("a", "acme", Vec::<String>::new()).unwrap();
    let unknown = Principal::new("b", "acme", ["superuser"]).unwrap();
    for &permission in Permission::ALL {
        assert!(matches!(policy.check(&no_roles, permission), Err(Error::PermissionDenied { .. })));
        assert!(policy.check(&unknown, permission).is_err());
    }
    assert!(!policy.is_admin(&unknown));
}

#[test]
fn roles_combine_and_custom_roles_come_from_config() {
    let config: RolesConfig = serde_json::from_value(
        serde_json::json!({ "auditor": ["read_audit"], "user": ["export"] }),
    )
    .unwrap();
    let policy = Policy::new(&config).unwrap();
    let principal = Principal::new("carol", "acme", ["viewer", "auditor"]).unwrap();
    let granted: Vec<Permission> = policy.permissions_of(&principal).iter().collect();
    assert_eq!(granted, [Get, Recall, ReadAudit]);
    let user = Principal::new("u", "acme", [USER]).unwrap();
    assert!(policy.allows(&user, Export));
    assert!(policy.allows(&user, Delete), "built-in permissions are kept");
    // A custom role with every permission is still not an admin for owner scoping.
    let all: Vec<&str> = Permission::ALL.iter().map(|permission| permission.as_str()).collect();
    let config: RolesConfig = serde_json::from_value(serde_json::json!({ "root": all })).unwrap();
    let policy = Policy::new(&config).unwrap();
    let root = Principal::new("r", "acme", ["root"]).unwrap();
    assert!(!policy.is_admin(&root));
    assert_eq!(policy.scope_owner(&root, None).unwrap(), Scope::Owner("acme".into()));
}

#[test]
fn non_admins_are_scoped_to_their_own_owner_whatever_they_ask() {
    let policy = Policy::default();
    for role in [VIEWER, USER] {
        let principal = Principal::new("alice", "acme", [role]).unwrap();
        assert!(!policy.is_admin(&principal));
        let own = Scope::Owner("acme".to_owned());
        for requested in [None, Some("acme"), Some("globex"), Some(""), Some("../../etc")] {
            let scope = policy.scope_owner(&principal, requested).unwrap();
            assert_eq!(scope, own, "{role} asking for {requested:?}");
            assert!(scope.contains("acme"));
            assert!(!scope.contains("globex"));
            assert_eq!(scope.owner(), Some("acme"));
        }
    }
}

#[test]
fn admins_name_any_owner_or_all() {
    let policy = Policy::default();
    let admin = Principal::new("root", "ops", [ADMIN]).unwrap();
    assert!(policy.is_admin(&admin));
    assert_eq!(policy.scope_owner(&admin, Some("globex")).unwrap(), Scope::Owner("globex".into()));
    assert_eq!(policy.scope_owner(&admin, Some("ops")).unwrap(), Scope::Owner("ops".into()));
    let all = policy.scope_owner(&admin, None).unwrap();
    assert_eq!(all, Scope::AllOwners);
    assert!(all.contains("anyone"));
    assert_eq!(all.owner(), None);
}
