//! A fabric's audit log and access policy: the accessors, sessions, and the one place an
//! operation's outcome is audited ([`MemoryFabric::audited`]).

use super::*;

impl MemoryFabric {
    pub(crate) fn auditor(&self) -> Option<&Auditor> {
        self.audit.as_ref()
    }

    /// The audit log operations are recorded in, if any.
    pub fn audit_log(&self) -> Option<&Arc<AuditLog>> {
        self.audit.as_ref().map(Auditor::log)
    }

    /// Records a credential that was refused (`refused`) or could not be checked, for the
    /// request `request_id` (left out when it is not a valid audit id); nothing without an
    /// audit log.
    ///
    /// # Errors
    ///
    /// [`Error::Audit`] when the event cannot be appended.
    pub async fn audit_authentication(
        &self,
        request_id: Option<&str>,
        refused: bool,
    ) -> Result<()> {
        let Some(auditor) = &self.audit else { return Ok(()) };
        let request = request_id.and_then(|id| fabric_audit::Id::parse(id).ok());
        auditor.authentication(request, refused).await
    }

    /// The role table sessions check permissions against.
    pub fn access_policy(&self) -> &Policy {
        &self.access
    }

    /// A session acting as `principal`: every call checks the principal's permission,
    /// keeps a non-admin on its own owner, and is audited with the principal's subject as
    /// the actor (refusals included).
    pub fn session(&self, principal: Principal) -> SecureSession<'_> {
        SecureSession::new(self, principal)
    }

    /// Whether `subject` is the actor this fabric's own operations are audited as: a
    /// principal by that name could pass for the fabric in the audit log.
    pub(crate) fn is_own_actor(&self, subject: &str) -> bool {
        self.audit.as_ref().and_then(Auditor::actor).is_some_and(|actor| actor.as_str() == subject)
    }

    /// The key the audit log's checkpoints are authenticated with (derived from the
    /// keyring's first key, which stays when the active key rotates).
    pub(crate) fn audit_key(&self) -> AuditKey {
        AuditKey::derive(self.sealer.keyring.first().1)
    }

    pub(crate) async fn audited<T>(
        &self,
        caller: Option<&Caller>,
        subject: Subject,
        outcome: Result<T>,
    ) -> Result<T> {
        match &self.audit {
            Some(auditor) => auditor.record(caller, vec![subject], outcome).await,
            None => outcome,
        }
    }
}
