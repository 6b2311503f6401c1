//! The audit of every [`crate::MemoryFabric`] operation: one event per outcome, success or not.

use std::sync::Arc;

use fabric_audit::{
    AuditEvent, AuditLog, Detail, DetailName, FieldName, Id, NewEvent, Operation, PiiType, Reason,
    Status,
};

use crate::{Error, Result};

/// Appends the events of a fabric's operations to its audit log.
#[derive(Clone)]
pub(crate) struct Auditor {
    log: Arc<AuditLog>,
    actor: Option<Id>,
    screen: Option<Screen>,
    /// Where every event's operation and status is counted.
    metrics: Arc<crate::FabricMetrics>,
}

/// Whether a text holds personal data (the privacy detector): an owner or record id that does
/// is left out of every event, as a store refuses it but other calls may still name it.
pub(crate) type Screen = Arc<dyn Fn(&str) -> bool + Send + Sync>;

impl std::fmt::Debug for Auditor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Auditor")
            .field("actor", &self.actor)
            .field("screened", &self.screen.is_some())
            .finish_non_exhaustive()
    }
}

/// Who an audited call is made for, when not the fabric's own actor: a session's principal
/// and the request it serves.
#[derive(Debug, Clone, Default)]
pub(crate) struct Caller {
    pub(crate) actor: Option<Id>,
    pub(crate) request: Option<Id>,
    /// Whether answers are redacted for it (a principal without `reveal_pii`).
    pub(crate) conceal: bool,
}

/// The actor of a call for tracing: the caller's, or `fabric` for the fabric's own.
pub(crate) fn actor_of(caller: Option<&Caller>) -> &str {
    caller.and_then(|caller| caller.actor.as_ref()).map_or("fabric", Id::as_str)
}

/// What one audited operation was about.
pub(crate) struct Subject {
    operation: Operation,
    owner: Option<Id>,
    record_id: Option<Id>,
    details: Vec<(DetailName, Detail)>,
}

impl Subject {
    pub(crate) fn new(operation: Operation) -> Self {
        Subject { operation, owner: None, record_id: None, details: Vec::new() }
    }

    /// Ids that are not valid audit ids (bad input) are left out rather than logged.
    pub(crate) fn owner(mut self, owner: &str) -> Self {
        self.owner = Id::parse(owner).ok();
        self
    }

    pub(crate) fn record(mut self, record_id: &str) -> Self {
        self.record_id = Id::parse(record_id).ok();
        self
    }

    /// Records the names of the PII types found (never their values).
    pub(crate) fn pii_types(self, types: &[PiiType]) -> Self {
        if types.is_empty() {
            self
        } else {
            self.detail(DetailName::PII_TYPES, Detail::PiiTypes(types.to_vec()))
        }
    }

    /// An operation over `owner`'s records (all owners with `None`) that names how many it
    /// answered with, when it succeeded: counts only, never what was asked.
    pub(crate) fn counting<T>(
        operation: Operation,
        owner: Option<&str>,
        outcome: &Result<Vec<T>>,
    ) -> Self {
        let mut subject = Subject::new(operation);
        if let Some(owner) = owner {
            subject = subject.owner(owner);
        }
        if let Ok(found) = outcome {
            subject = subject.detail(DetailName::RESULTS, Detail::Count(found.len() as u64));
        }
        subject
    }

    pub(crate) fn detail(mut self, name: DetailName, value: Detail) -> Self {
        self.details.push((name, value));
        self
    }

    /// The event for this subject with `outcome`'s status and reason (see
    /// [`Auditor::event`], which screens it first).
    fn event(self, actor: Option<&Id>, request: Option<&Id>, outcome: Option<&Error>) -> NewEvent {
        let (status, reason) = match outcome {
            None => (Status::Success, None),
            Some(error) => status_of(error),
        };
        let mut event = AuditEvent::new(self.operation, status);
        if let Some(actor) = actor {
            event = event.actor(actor.clone());
        }
        if let Some(owner) = self.owner {
            event = event.owner(owner);
        }
        if let Some(record_id) = self.record_id {
            event = event.record(record_id);
        }
        if let Some(reason) = reason {
            event = event.reason(reason);
        }
        if let Some(request) = request {
            event = event.request(request.clone());
        }
        for (name, value) in self.details {
            event = event.detail(name, value);
        }
        event
    }
}

impl Auditor {
    pub(crate) fn new(
        log: Arc<AuditLog>,
        actor: Option<&str>,
        screen: Option<Screen>,
        metrics: Arc<crate::FabricMetrics>,
    ) -> Result<Auditor> {
        let actor = actor
            .map(Id::parse)
            .transpose()
            .map_err(|error| Error::Config { reason: format!("audit actor: {error}") })?;
        Ok(Auditor { log, actor, screen, metrics })
    }

    /// The event of `subject` for `caller` (the fabric's own actor without one) and
    /// `outcome`; an owner or record id holding personal data is left out.
    pub(crate) fn event(
        &self,
        mut subject: Subject,
        caller: Option<&Caller>,
        outcome: Option<&Error>,
    ) -> NewEvent {
        if let Some(screen) = &self.screen {
            let flagged = |id: &Option<Id>| id.as_ref().is_some_and(|id| screen(id.as_str()));
            if flagged(&subject.owner) {
                subject.owner = None;
            }
            if flagged(&subject.record_id) {
                subject.record_id = None;
            }
        }
        let (status, integrity) = match outcome {
            None => (Status::Success, false),
            Some(error) => (status_of(error).0, error.is_integrity_failure()),
        };
        self.metrics.operation(subject.operation, status, integrity);
        let (actor, request) = self.who(caller);
        subject.event(actor.as_ref(), request.as_ref(), outcome)
    }

    pub(crate) fn log(&self) -> &Arc<AuditLog> {
        &self.log
    }

    /// The actor the fabric's own operations are audited as.
    pub(crate) fn actor(&self) -> Option<&Id> {
        self.actor.as_ref()
    }

    /// Appends one `authenticate` event: a refused credential (status denied), or one that
    /// could not be checked (status failure), with the fabric's actor.
    pub(crate) async fn authentication(&self, request: Option<Id>, refused: bool) -> Result<()> {
        let (status, reason) = if refused {
            (Status::Denied, Reason::AuthenticationFailed)
        } else {
            (Status::Failure, Reason::StorageFailure)
        };
        let mut event = AuditEvent::new(Operation::Authenticate, status).reason(reason);
        if let Some(actor) = &self.actor {
            event = event.actor(actor.clone());
        }
        if let Some(request) = request {
            event = event.request(request);
        }
        self.log.append(event).await.map(|_| ()).map_err(Error::Audit)
    }

    /// The actor and request id events of `caller` carry: the caller's actor when given,
    /// else the fabric's.
    pub(crate) fn who(&self, caller: Option<&Caller>) -> (Option<Id>, Option<Id>) {
        let actor = caller.and_then(|caller| caller.actor.clone()).or_else(|| self.actor.clone());
        (actor, caller.and_then(|caller| caller.request.clone()))
    }

    /// Appends the events of `subjects` with one outcome, durably, before the caller
    /// reports it; a failed append fails the operation. The actor is the `caller`'s when
    /// given, else the fabric's.
    pub(crate) async fn record<T>(
        &self,
        caller: Option<&Caller>,
        subjects: Vec<Subject>,
        outcome: Result<T>,
    ) -> Result<T> {
        let events: Vec<NewEvent> = subjects
            .into_iter()
            .map(|subject| self.event(subject, caller, outcome.as_ref().err()))
            .collect();
        self.log.append_many(events).await.map_err(Error::Audit)?;
        outcome
    }
}

/// The status and reason an error is audited with.
fn status_of(error: &Error) -> (Status, Option<Reason>) {
    let failure = |reason| (Status::Failure, Some(reason));
    match error {
        Error::NotFound { .. } => failure(Reason::NotFound),
        Error::VersionConflict { .. } => failure(Reason::Conflict),
        error if error.is_integrity_failure() => failure(Reason::IntegrityFailure),
        Error::InvalidInput { field, .. } => {
            failure(Reason::InvalidInput { field: field_name(field) })
        }
        Error::PolicyRejected { .. } | Error::Retained { .. } => {
            (Status::Denied, Some(Reason::PolicyViolation))
        }
        Error::PermissionDenied { .. } => (Status::Denied, Some(Reason::PermissionDenied)),
        Error::Store(_) => failure(Reason::StorageFailure),
        _ => failure(Reason::Internal),
    }
}

fn field_name(field: &str) -> FieldName {
    match field {
        "owner" => FieldName::Owner,
        "id" => FieldName::RecordId,
        "content" => FieldName::Content,
        "metadata" => FieldName::Metadata,
        "tags" => FieldName::Tags,
        _ => FieldName::Body,
    }
}
