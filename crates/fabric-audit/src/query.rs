//! [`query`] and [`tail`]: reading the log back.

use chrono::{DateTime, Utc};
use futures::StreamExt as _;

use crate::sink::AuditSink;
use crate::{AuditEvent, Id, Operation, Result, Status};

/// Which events [`query`] returns: every set field must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    /// Only events by this actor.
    pub actor: Option<Id>,
    /// Only events on this owner's data.
    pub owner: Option<Id>,
    /// Only this operation.
    pub operation: Option<Operation>,
    /// Only this status.
    pub status: Option<Status>,
    /// Only events at or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Only events before this time.
    pub until: Option<DateTime<Utc>>,
    /// At most this many (the earliest); all when `None`.
    pub limit: Option<usize>,
}

impl AuditQuery {
    /// Whether `event` matches every set field (the limit aside).
    pub fn matches(&self, event: &AuditEvent) -> bool {
        self.actor.as_ref().is_none_or(|actor| event.actor.as_ref() == Some(actor))
            && self.owner.as_ref().is_none_or(|owner| event.owner.as_ref() == Some(owner))
            && self.operation.is_none_or(|operation| event.operation == operation)
            && self.status.is_none_or(|status| event.status == status)
            && self.since.is_none_or(|since| event.time >= since)
            && self.until.is_none_or(|until| event.time < until)
    }
}

fn by_time(a: &AuditEvent, b: &AuditEvent) -> std::cmp::Ordering {
    (a.time, &a.stream, a.seq).cmp(&(b.time, &b.stream, b.seq))
}

/// The events of every stream matching `query`, ordered by time (then stream and seq), cut
/// to `query.limit`.
///
/// Streams the log once; it does not verify it (run [`crate::verify`] for that).
///
/// # Errors
///
/// A storage error, or [`crate::Error::Corrupt`] for an unreadable event.
pub async fn query(sink: &dyn AuditSink, query: &AuditQuery) -> Result<Vec<AuditEvent>> {
    let mut found = Vec::new();
    for stream in sink.streams().await? {
        let mut pages = sink.read_events(&stream);
        while let Some(page) = pages.next().await {
            found.extend(page?.into_iter().filter(|event| query.matches(event)));
        }
    }
    found.sort_by(by_time);
    if let Some(limit) = query.limit {
        found.truncate(limit);
    }
    Ok(found)
}

/// The last `n` events over all streams, oldest first (ordered by time, then stream and seq).
///
/// # Errors
///
/// As [`query`].
pub async fn tail(sink: &dyn AuditSink, n: usize) -> Result<Vec<AuditEvent>> {
    let mut found = Vec::new();
    for stream in sink.streams().await? {
        found.extend(sink.tail(&stream, n).await?);
    }
    found.sort_by(by_time);
    let skip = found.len().saturating_sub(n);
    Ok(found.split_off(skip))
}
