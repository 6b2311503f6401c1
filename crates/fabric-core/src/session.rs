//! [`SecureSession`]: a [`MemoryFabric`] seen through one authenticated [`Principal`].

use fabric_audit::{AuditEvent, AuditQuery, Detail, DetailName, Id, Operation, VerifyReport};
use fabric_authz::{Permission, Principal, Scope};

use crate::audit::{Caller, Subject};
use crate::{Error, Filter, MemoryFabric, NewRecord, RecallHit, RecallQuery, Record, Result};

/// The most audit events one [`SecureSession::audit_query`] returns.
pub const MAX_AUDIT_EVENTS: usize = 10_000;
/// The most records one [`SecureSession::list`] returns.
pub const MAX_LIST_RECORDS: usize = 1_000;

/// A principal's view of a [`MemoryFabric`], made by [`MemoryFabric::session`].
///
/// Every call:
///
/// 1. checks that the principal's roles grant the call's permission (from the fabric's
///    [`Policy`](fabric_authz::Policy)); a refusal is [`Error::PermissionDenied`] and an
///    audit event with status `denied`;
/// 2. scopes the owner: a non-admin works on its own owner whatever owner it names, so
///    another owner's record is answered exactly like a record that does not exist; an
///    admin works on the owner it names (its own for reads and deletes when it names none,
///    every owner for listings);
/// 3. is audited with the principal's subject as the actor, and the request id when one
///    was set with [`SecureSession::with_request_id`].
///
/// ```
/// use std::sync::Arc;
/// use fabric_core::fabric_authz::Principal;
/// use fabric_core::{Error, MemoryFabric, NewRecord};
/// use fabric_crypto::{Keyring, MasterKey, OsRandom};
/// use fabric_store::ObjectStoreBackend;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let fabric = MemoryFabric::builder()
///     .backend(Arc::new(ObjectStoreBackend::memory()))
///     .keyring(Keyring::single(MasterKey::generate(&OsRandom)?))
///     .build()?;
/// let alice = fabric.session(Principal::new("alice", "acme", ["user"])?);
/// // Asking for another owner stores under the principal's own owner.
/// let stored = alice.store(NewRecord::new("globex", "prefers tea")).await?;
/// assert_eq!(stored.owner, "acme");
///
/// let viewer = fabric.session(Principal::new("vic", "acme", ["viewer"])?);
/// assert!(matches!(
///     viewer.delete(None, stored.id.as_str()).await,
///     Err(Error::PermissionDenied { .. })
/// ));
/// let bob = fabric.session(Principal::new("bob", "globex", ["admin"])?);
/// assert_eq!(bob.retrieve(Some("acme"), stored.id.as_str()).await?.content, "prefers tea");
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct SecureSession<'a> {
    fabric: &'a MemoryFabric,
    principal: Principal,
    caller: Caller,
}

impl<'a> SecureSession<'a> {
    pub(crate) fn new(fabric: &'a MemoryFabric, principal: Principal) -> Self {
        let conceal = !fabric.access_policy().allows(&principal, Permission::RevealPii);
        let caller = Caller { actor: Id::parse(principal.subject()).ok(), request: None, conceal };
        SecureSession { fabric, principal, caller }
    }

    /// Tags every audit event of this session with `request_id` (left out when it is not a
    /// valid audit id: 1 to 128 bytes of `[A-Za-z0-9._@=+:-]`).
    #[must_use]
    pub fn with_request_id(mut self, request_id: &str) -> Self {
        self.caller.request = Id::parse(request_id).ok();
        self
    }

    /// The principal this session acts as.
    pub fn principal(&self) -> &Principal {
        &self.principal
    }

    /// Whether the principal holds `permission` (no audit event; for callers that want to
    /// shape a response, not to act).
    pub fn allows(&self, permission: Permission) -> bool {
        self.fabric.access_policy().allows(&self.principal, permission)
    }

    /// Checks, before any work, that the principal holds `permission` for `operation`
    /// (a server calls it before it reads a request body); a refusal is audited with status
    /// denied like every other refusal.
    ///
    /// # Errors
    ///
    /// [`Error::PermissionDenied`].
    pub async fn require(&self, permission: Permission, operation: Operation) -> Result<()> {
        self.check(permission, Subject::new(operation)).await
    }

    /// Stores one record (permission `store`).
    ///
    /// A non-admin's record always goes to its own owner; an admin's goes to the owner it
    /// names, or its own when `input.owner` is empty. Only an admin may mark a record as
    /// evidence: under Object Lock nobody can delete it before its retain-until date.
    ///
    /// # Errors
    ///
    /// [`Error::PermissionDenied`] (also for evidence asked by a non-admin); otherwise as
    /// [`MemoryFabric::store`].
    pub async fn store(&self, mut input: NewRecord) -> Result<Record> {
        let requested = (!input.owner.is_empty()).then_some(input.owner.as_str());
        let owner = self.owner_for_one(requested)?;
        input.owner = owner;
        // An owner holding personal data never reaches the log: the auditor screens it.
        let subject = Subject::new(Operation::Store).owner(&input.owner);
        if input.evidence && !self.is_admin() {
            return self.deny(Permission::Store, subject).await;
        }
        self.check(Permission::Store, subject).await?;
        let mut records = self.fabric.store_many_by(Some(&self.caller), vec![input]).await?;
        records.pop().ok_or_else(|| Error::Config { reason: "store returned no record".into() })
    }

    /// Reads one record (permission `get`) of the scoped owner (see the type's docs).
    ///
    /// # Errors
    ///
    /// [`Error::PermissionDenied`]; [`Error::NotFound`] also when the record belongs to
    /// another owner than the scoped one; otherwise as [`MemoryFabric::retrieve`].
    pub async fn retrieve(&self, owner: Option<&str>, id: &str) -> Result<Record> {
        let owner = self.owner_for_one(owner)?;
        let subject = Subject::new(Operation::Retrieve).owner(&owner).record(id);
        self.check(Permission::Get, subject).await?;
        self.fabric.retrieve_by(Some(&self.caller), &owner, id).await
    }

    /// Lists records (permission `recall`), at most [`MAX_LIST_RECORDS`]; `filter.owner` is
    /// replaced by the scoped owner.
    ///
    /// # Errors
    ///
    /// [`Error::PermissionDenied`]; otherwise as [`MemoryFabric::list`].
    pub async fn list(&self, filter: &Filter) -> Result<Vec<Record>> {
        let scope = self.scope(filter.owner.as_deref())?;
        let mut subject = Subject::new(Operation::List);
        if let Some(owner) = scope.owner() {
            subject = subject.owner(owner);
        }
        self.check(Permission::Recall, subject).await?;
        let limit = filter.limit.map_or(MAX_LIST_RECORDS, |limit| limit.min(MAX_LIST_RECORDS));
        let scoped = Filter {
            owner: scope.owner().map(str::to_owned),
            limit: Some(limit),
            ..filter.clone()
        };
        self.fabric.list_by(Some(&self.caller), &scoped).await
    }

    /// Deletes one record (permission `delete`) of the scoped owner.
    ///
    /// # Errors
    ///
    /// [`Error::PermissionDenied`]; [`Error::NotFound`] also when the record belongs to
    /// another owner than the scoped one; otherwise as [`MemoryFabric::delete`].
    pub async fn delete(&self, owner: Option<&str>, id: &str) -> Result<()> {
        let owner = self.owner_for_one(owner)?;
        let subject = Subject::new(Operation::Delete).owner(&owner).record(id);
        self.check(Permission::Delete, subject).await?;
        self.fabric.delete_by(Some(&self.caller), &owner, id).await
    }

    /// Crypto-shreds `owner` (admins only, with permission `manage_keys`): see
    /// [`MemoryFabric::shred_owner`]. A non-admin is refused whatever owner it names.
    ///
    /// # Errors
    ///
    /// [`Error::PermissionDenied`]; otherwise as [`MemoryFabric::shred_owner`].
    pub async fn shred(&self, owner: &str) -> Result<crate::ShredReport> {
        let subject = Subject::new(Operation::Shred).owner(owner);
        if !self.is_admin() {
            return self.deny(Permission::ManageKeys, subject).await;
        }
        self.check(Permission::ManageKeys, subject).await?;
        self.fabric.shred_by(Some(&self.caller), owner).await
    }

    /// Checks, before any work, that the principal is an admin holding `permission` for
    /// `operation` (a server calls it before it starts work in the background); a refusal
    /// is audited with status denied.
    ///
    /// # Errors
    ///
    /// [`Error::PermissionDenied`].
    pub async fn require_admin(&self, permission: Permission, operation: Operation) -> Result<()> {
        if !self.is_admin() {
            return self.deny(permission, Subject::new(operation)).await;
        }
        self.check(permission, Subject::new(operation)).await
    }

    /// Replaces every owner key and rewraps every record under the new ones, as
    /// [`MemoryFabric::rotate_owner_keys`] with [`crate::RecordMove::Rewrap`] (permission
    /// `rotate_keys`, admins only); audited as `rotate_keys` with the counts.
    ///
    /// # Errors
    ///
    /// [`Error::PermissionDenied`]; otherwise as [`MemoryFabric::rotate_owner_keys`].
    pub async fn rotate_owner_keys(
        &self,
        progress: impl FnMut(u64, u64),
    ) -> Result<crate::OwnerKeyRotation> {
        self.require_admin(Permission::RotateKeys, Operation::RotateKeys).await?;
        let how = crate::RecordMove::Rewrap;
        self.fabric.rotate_owner_keys_by(Some(&self.caller), how, progress).await
    }

    /// What each key-encryption key protects, as [`MemoryFabric::key_usage`] (permission
    /// `manage_keys`, admins only). It reads every record's envelope header.
    ///
    /// # Errors
    ///
    /// [`Error::PermissionDenied`]; otherwise as [`MemoryFabric::key_usage`].
    pub async fn key_usage(&self) -> Result<crate::KeyUsage> {
        self.require_admin(Permission::ManageKeys, Operation::ManageKeys).await?;
        self.fabric.key_usage().await
    }

    /// Exports records (permission `export`) as [`MemoryFabric::export`]: an admin every
    /// owner's, or those of the owner it names; anyone else its own owner's, whatever it
    /// names. With `audit`, their audit events follow (permission `read_audit` too), as
    /// [`MemoryFabric::export_with_audit`].
    ///
    /// # Errors
    ///
    /// [`Error::PermissionDenied`]; otherwise as [`MemoryFabric::export`].
    pub async fn export<W: std::io::Write>(
        &self,
        out: W,
        format: crate::ExportFormat<'_>,
        owner: Option<&str>,
        audit: bool,
    ) -> Result<(W, crate::ExportReport)> {
        let owners = match self.scope(owner)? {
            Scope::Owner(owner) => vec![owner],
            Scope::AllOwners => Vec::new(),
        };
        let mut subject = Subject::new(Operation::Export);
        if let [owner] = owners.as_slice() {
            subject = subject.owner(owner);
        }
        if audit {
            let mut subject = Subject::new(Operation::Export);
            if let [owner] = owners.as_slice() {
                subject = subject.owner(owner);
            }
            self.check(Permission::ReadAudit, subject).await?;
        }
        self.check(Permission::Export, subject).await?;
        self.fabric.export_by(Some(&self.caller), out, format, &owners, audit, |_, _| {}).await
    }

    /// Compacts the whole store (admins only, with permission `compact`): see
    /// [`MemoryFabric::compact`]. A non-admin is refused.
    ///
    /// # Errors
    ///
    /// [`Error::PermissionDenied`]; otherwise as [`MemoryFabric::compact`].
    pub async fn compact(&self) -> Result<crate::CompactReport> {
        let subject = Subject::new(Operation::Compact);
        if !self.is_admin() {
            return self.deny(Permission::Compact, subject).await;
        }
        self.check(Permission::Compact, subject).await?;
        self.fabric.compact_by(Some(&self.caller), |_, _| {}).await
    }

    /// Ranked recall (permission `recall`) over the scoped owner's records: a non-admin
    /// recalls its own owner's, whatever owner the query names; an admin the owner it names,
    /// or its own.
    ///
    /// # Errors
    ///
    /// [`Error::PermissionDenied`]; otherwise as [`MemoryFabric::recall`].
    pub async fn recall(&self, query: &RecallQuery) -> Result<Vec<RecallHit>> {
        let owner = self.owner_for_one(query.filter.owner.as_deref())?;
        self.check(Permission::Recall, Subject::new(Operation::Recall).owner(&owner)).await?;
        let scoped = RecallQuery {
            filter: Filter { owner: Some(owner), ..query.filter.clone() },
            ..query.clone()
        };
        self.fabric.recall_by(Some(&self.caller), &scoped).await
    }

    /// The audit events that meet `query` (permission `read_audit`), at most
    /// [`MAX_AUDIT_EVENTS`]. A non-admin sees only the events of its own owner, whatever
    /// owner it asks for.
    ///
    /// # Errors
    ///
    /// [`Error::PermissionDenied`]; [`Error::Config`] when the fabric has no audit log;
    /// [`Error::Audit`] when the log cannot be read.
    pub async fn audit_query(&self, query: &AuditQuery) -> Result<Vec<AuditEvent>> {
        let scope = self.scope(query.owner.as_ref().map(Id::as_str))?;
        self.check(Permission::ReadAudit, Subject::new(Operation::ReadAudit)).await?;
        let log = self.audit_log()?;
        let limit = query.limit.unwrap_or(MAX_AUDIT_EVENTS).min(MAX_AUDIT_EVENTS);
        let owner = match scope.owner() {
            Some(owner) => Some(
                Id::parse(owner).map_err(|_| Error::invalid("owner", "not a valid owner name"))?,
            ),
            None => None,
        };
        let bounded = AuditQuery { limit: Some(limit), owner, ..query.clone() };
        let outcome =
            fabric_audit::query(log.sink().as_ref(), &bounded).await.map_err(Error::Audit);
        let mut subject = Subject::new(Operation::ReadAudit);
        if let Ok(events) = &outcome {
            subject = subject.detail(DetailName::RESULTS, Detail::Count(events.len() as u64));
        }
        self.fabric.audited(Some(&self.caller), subject, outcome).await
    }

    /// Verifies the whole audit log (permission `read_audit`). The report holds counts and,
    /// for an altered log, the first bad sequence number: no event content of any owner.
    ///
    /// # Errors
    ///
    /// [`Error::PermissionDenied`]; [`Error::Config`] when the fabric has no audit log;
    /// [`Error::Audit`] when the log was altered (naming the first bad event) or cannot be
    /// read.
    pub async fn audit_verify(&self) -> Result<VerifyReport> {
        self.check(Permission::ReadAudit, Subject::new(Operation::ReadAudit)).await?;
        let log = self.audit_log()?;
        let outcome = fabric_audit::verify(log.sink().as_ref(), &self.fabric.audit_key())
            .await
            .map_err(Error::Audit);
        self.fabric.audited(Some(&self.caller), Subject::new(Operation::ReadAudit), outcome).await
    }

    fn audit_log(&self) -> Result<&std::sync::Arc<fabric_audit::AuditLog>> {
        self.fabric
            .audit_log()
            .ok_or_else(|| Error::Config { reason: "this fabric has no audit log".into() })
    }

    /// Checks `permission`; a refusal is audited (status denied) and returned.
    /// A principal named like the fabric's own actor is refused everything: its events would
    /// pass for the fabric's own in the audit log.
    async fn check(&self, permission: Permission, subject: Subject) -> Result<()> {
        if self.fabric.access_policy().allows(&self.principal, permission)
            && !self.fabric.is_own_actor(self.principal.subject())
        {
            return Ok(());
        }
        self.deny(permission, subject).await
    }

    /// Refuses the call: audited with status denied, returned as
    /// [`Error::PermissionDenied`].
    async fn deny<T>(&self, permission: Permission, subject: Subject) -> Result<T> {
        let denied = Err(Error::PermissionDenied {
            subject: self.principal.subject().to_owned(),
            permission,
        });
        self.fabric.audited(Some(&self.caller), subject, denied).await
    }

    fn is_admin(&self) -> bool {
        self.fabric.access_policy().is_admin(&self.principal)
    }

    fn scope(&self, requested: Option<&str>) -> Result<Scope> {
        self.fabric
            .access_policy()
            .scope_owner(&self.principal, requested)
            .map_err(|_| Error::invalid("owner", "not a valid owner name"))
    }

    /// The one owner a single-record call works on: the scoped owner, or the principal's
    /// own when an admin names none.
    fn owner_for_one(&self, requested: Option<&str>) -> Result<String> {
        Ok(match self.scope(requested)? {
            Scope::Owner(owner) => owner,
            Scope::AllOwners => self.principal.owner().to_owned(),
        })
    }
}

#[cfg(test)]
mod tests;
