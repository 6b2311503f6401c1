//! [`MemoryFabric::verify_records`]: every stored record checked against the latest audit
//! event for its id, so that a record rolled back to older stored bytes, brought back after
//! its deletion, or stored without an audit event is named.

use std::collections::HashMap;
use std::fmt;

use fabric_audit::{AuditEvent, AuditSink, Detail, DetailName, Operation, Status};
use futures::{StreamExt as _, TryStreamExt as _};

use crate::fabric::{records_prefix, split_key};
use crate::frame::{FrameDigest, content_digest, whole_frame_digest};
use crate::{Error, MemoryFabric, Result, frame};

/// What [`MemoryFabric::verify_records`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordsReport {
    /// Stored records checked.
    pub checked: u64,
    /// Records whose latest store event predates frame digests (written by an earlier
    /// release), or names the whole frame (`frame_digest`) of a record a key rotation has
    /// rewrapped since: present and audited, but their bytes cannot be compared.
    pub legacy: u64,
    /// Every record that does not match the audit log, sorted by owner and id.
    pub problems: Vec<RecordProblem>,
}

/// One record that does not match the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordProblem {
    /// The owner.
    pub owner: String,
    /// The record id.
    pub id: String,
    /// What is wrong.
    pub kind: ProblemKind,
}

/// How a stored record disagrees with the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProblemKind {
    /// Stored, but no successful store event names it, or its stored version is newer than
    /// the latest audited one (a write whose audit event was lost, say in a crash).
    Unaudited {
        /// The version stored.
        stored_version: u64,
    },
    /// Stored with an older version than the latest store event: rolled back.
    RolledBack {
        /// The version stored.
        stored_version: u64,
        /// The version of the latest store event.
        audited_version: u64,
    },
    /// Stored with the audited version but other bytes than the store event's digest.
    Replaced {
        /// The version stored.
        version: u64,
    },
    /// Stored although the latest event for it is a successful delete: brought back.
    Resurrected,
    /// The latest event is a successful store, but nothing is stored and no delete was
    /// audited: removed without a trace.
    Missing {
        /// The version of the latest store event.
        audited_version: u64,
    },
}

impl fmt::Display for RecordProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "record {}/{}: ", self.owner, self.id)?;
        match self.kind {
            ProblemKind::Unaudited { stored_version } => {
                write!(f, "version {stored_version} is stored but was never audited")
            }
            ProblemKind::RolledBack { stored_version, audited_version } => write!(
                f,
                "rolled back: version {stored_version} is stored, the audit log has version \
                 {audited_version}"
            ),
            ProblemKind::Replaced { version } => write!(
                f,
                "version {version} is stored with other bytes than the audit log recorded"
            ),
            ProblemKind::Resurrected => write!(f, "stored again after its audited deletion"),
            ProblemKind::Missing { audited_version } => write!(
                f,
                "version {audited_version} was audited as stored, but it is gone without an \
                 audited deletion"
            ),
        }
    }
}

/// The latest successful store or delete event for one record.
#[derive(Debug, Clone, Copy)]
struct Latest {
    /// Event time (µs) then a tie-breaker, to order events of several streams.
    at: EventTime,
    deleted: bool,
    version: Option<u64>,
    digest: Option<AuditedDigest>,
}

/// The digest a store event names its record's bytes by.
#[derive(Debug, Clone, Copy)]
enum AuditedDigest {
    /// `content_digest`: what a rewrap keeps.
    Content(FrameDigest),
    /// `frame_digest` (events of earlier releases): the whole frame.
    Frame(FrameDigest),
}

impl AuditedDigest {
    fn names(&self, stored: &[u8]) -> bool {
        match self {
            AuditedDigest::Content(digest) => content_digest(stored) == *digest,
            AuditedDigest::Frame(digest) => whole_frame_digest(stored) == *digest,
        }
    }
}

impl Latest {
    fn of(event: &AuditEvent) -> Option<((String, String), Latest)> {
        if event.status() != Status::Success {
            return None;
        }
        let deleted = match event.operation() {
            Operation::Store => false,
            Operation::Delete => true,
            _ => return None,
        };
        let key = (event.owner()?.as_str().to_owned(), event.record_id()?.as_str().to_owned());
        let version = match event.details().get(&DetailName::VERSION) {
            Some(Detail::Count(version)) => Some(*version),
            _ => None,
        };
        let details = event.details();
        let digest = match (
            details.get(&DetailName::CONTENT_DIGEST),
            details.get(&DetailName::FRAME_DIGEST),
        ) {
            (Some(Detail::Digest(digest)), _) => Some(AuditedDigest::Content(digest.0)),
            (None, Some(Detail::Digest(digest))) => Some(AuditedDigest::Frame(digest.0)),
            _ => None,
        };
        let at = (event.time().timestamp_micros(), event.seq());
        Some((key, Latest { at, deleted, version, digest }))
    }
}

impl MemoryFabric {
    /// Checks every stored record against the latest successful store or delete event for
    /// its owner and id, over every stream of the audit log: a record rolled back to older
    /// stored bytes, brought back after its deletion, stored without an audit event, or gone
    /// without one is named. Verify the chain itself first (`fabric_audit::verify`): this
    /// trusts the events it reads.
    ///
    /// Reads every audit event once (keeping the latest per record) and every stored frame
    /// once, without opening any.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the fabric has no audit log; a storage or audit error.
    pub async fn verify_records(&self) -> Result<RecordsReport> {
        let log = self
            .audit_log()
            .ok_or_else(|| Error::Config { reason: "this fabric has no audit log".into() })?;
        let (latest, rotated) = latest_events(log.sink().as_ref()).await?;
        let mut report = RecordsReport::default();
        let mut seen = std::collections::HashSet::new();
        let mut listing = self.backend().list(&records_prefix()?);
        while let Some(meta) = listing.try_next().await.map_err(Error::Store)? {
            let Some((owner, id)) = split_key(&meta.key) else { continue };
            let stored = match self.backend().get(&meta.key).await {
                Ok(stored) => stored,
                Err(fabric_store::Error::NotFound { .. }) => continue,
                Err(error) => return Err(Error::Store(error)),
            };
            report.checked += 1;
            let key = (owner.to_owned(), id.to_owned());
            let stored_version = frame::stored_version(&stored.body);
            let problem = match latest.get(&key) {
                None => Some(ProblemKind::Unaudited { stored_version }),
                Some(event) if event.deleted => Some(ProblemKind::Resurrected),
                Some(Latest { digest: None, .. }) => {
                    report.legacy += 1;
                    None
                }
                Some(Latest { digest: Some(digest), version, at, .. }) => {
                    let audited_version = version.unwrap_or(0);
                    if digest.names(&stored.body) {
                        None
                    } else if matches!(digest, AuditedDigest::Frame(_))
                        && rotated.is_some_and(|rotation| rotation > *at)
                        && stored_version == audited_version
                    {
                        // A whole-frame digest of an earlier release cannot name a frame
                        // rewrapped since by a rotation that moved records: not checkable,
                        // not replaced (a read still names bytes that do not open).
                        report.legacy += 1;
                        None
                    } else if stored_version < audited_version {
                        Some(ProblemKind::RolledBack { stored_version, audited_version })
                    } else if stored_version > audited_version {
                        Some(ProblemKind::Unaudited { stored_version })
                    } else {
                        Some(ProblemKind::Replaced { version: stored_version })
                    }
                }
            };
            if let Some(kind) = problem {
                report.problems.push(RecordProblem {
                    owner: key.0.clone(),
                    id: key.1.clone(),
                    kind,
                });
            }
            seen.insert(key);
        }
        for ((owner, id), event) in &latest {
            if !event.deleted && !seen.contains(&(owner.clone(), id.clone())) {
                let audited_version = event.version.unwrap_or(0);
                report.problems.push(RecordProblem {
                    owner: owner.clone(),
                    id: id.clone(),
                    kind: ProblemKind::Missing { audited_version },
                });
            }
        }
        report.problems.sort_by(|a, b| (&a.owner, &a.id).cmp(&(&b.owner, &b.id)));
        Ok(report)
    }
}

impl MemoryFabric {
    /// Audits the records [`MemoryFabric::verify_records`] finds stored but unaudited (a
    /// crash between a record's write and its audit event, on backends where the two cannot
    /// share a transaction): each one that opens under the keyring (so it was written with
    /// the key, not planted) gets a store event with its version, frame digest and the flag
    /// `repaired`. Rolled-back, replaced, resurrected and missing records are left as they
    /// are: they need a person. Returns the records audited, and the problems left.
    ///
    /// # Errors
    ///
    /// As [`MemoryFabric::verify_records`]; [`Error::Audit`] when the audit log does not
    /// verify (nothing is repaired then) or an event cannot be written.
    pub async fn repair_unaudited(&self) -> Result<(u64, Vec<RecordProblem>)> {
        let auditor = self
            .auditor()
            .ok_or_else(|| Error::Config { reason: "this fabric has no audit log".into() })?;
        // Only a log that verifies is trusted to say which records are unaudited: on a log cut
        // back, a record brought back would look unaudited, and repair would vouch for it.
        fabric_audit::verify(auditor.log().sink().as_ref(), &self.audit_key())
            .await
            .map_err(Error::Audit)?;
        let report = self.verify_records().await?;
        let mut repaired = 0;
        let mut left = Vec::new();
        for problem in report.problems {
            if !matches!(problem.kind, ProblemKind::Unaudited { .. }) {
                left.push(problem);
                continue;
            }
            // Opening it (one read) proves it was sealed with the key for this owner and id.
            // A key whose id is no valid record id was not written by the fabric: left, not
            // fatal, so one planted key does not stop the repair of the others.
            let Ok(id) = crate::RecordId::parse(&problem.id) else {
                left.push(problem);
                continue;
            };
            let (stored, record) = match self.read_stored(&problem.owner, &id).await {
                Ok(Some(found)) => found,
                Ok(None) => continue,
                Err(_) => {
                    left.push(problem);
                    continue;
                }
            };
            let subject = crate::fabric::store_subject(&record, &content_digest(&stored.body))
                .detail(DetailName::REPAIRED, Detail::Flag(true));
            auditor.record(None, vec![subject], Ok(())).await?;
            repaired += 1;
        }
        Ok((repaired, left))
    }
}

/// When (event time, then sequence) an event was written, to order events of streams.
type EventTime = (i64, u64);

/// The latest successful store or delete event of every record, over every stream, and the
/// time of the latest successful key rotation that moved records (rewrapping their frames).
async fn latest_events(
    sink: &dyn AuditSink,
) -> Result<(HashMap<(String, String), Latest>, Option<EventTime>)> {
    let mut latest: HashMap<(String, String), Latest> = HashMap::new();
    let mut rotated: Option<EventTime> = None;
    for stream in sink.streams().await.map_err(Error::Audit)? {
        let mut pages = sink.read_events(&stream);
        while let Some(page) = pages.next().await {
            for event in page.map_err(Error::Audit)? {
                // Only a rotation that moved records rewrote frames.
                let moved = matches!(
                    event.details().get(&DetailName::RECORDS),
                    Some(Detail::Count(records)) if *records > 0
                );
                if event.operation() == Operation::RotateKeys
                    && event.status() == Status::Success
                    && moved
                {
                    let at = (event.time().timestamp_micros(), event.seq());
                    rotated = rotated.max(Some(at));
                }
                let Some((key, found)) = Latest::of(&event) else { continue };
                match latest.get_mut(&key) {
                    Some(known) if known.at >= found.at => {}
                    Some(known) => *known = found,
                    None => {
                        latest.insert(key, found);
                    }
                }
            }
        }
    }
    Ok((latest, rotated))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail by panicking")]

    use std::sync::Arc;

    use fabric_audit::{Detail, DetailName, EventHash, Operation};
    use fabric_crypto::{Keyring, MasterKey, OsRandom};

    use super::*;
    use crate::audit::Subject;
    use crate::{NewRecord, OwnerKeyFile, OwnerKeyStore, RecordMove, SqliteStack};

    /// A record whose latest event names its whole frame (as earlier releases wrote) is
    /// checked by it until a rotation rewraps the frame; then it is uncheckable, not replaced.
    #[tokio::test]
    async fn a_whole_frame_digest_is_not_a_replacement_after_a_rotation() {
        let dir = tempfile::tempdir().unwrap();
        let owner_keys = Arc::new(OwnerKeyFile::open(&dir.path().join("owner-keys.json")).unwrap());
        let store: Arc<dyn OwnerKeyStore> = owner_keys;
        let keyring = Keyring::single(MasterKey::generate(&OsRandom).unwrap());
        let stack = SqliteStack::open(&dir.path().join("fabric.db"), keyring, "test", "lib", |b| {
            b.owner_keys(store)
        })
        .unwrap();
        let fabric = stack.fabric;
        let record = fabric.store(NewRecord::new("alice", "the crane is due")).await.unwrap();
        let mut listing = fabric.backend().list(&records_prefix().unwrap());
        let key = listing.try_next().await.unwrap().unwrap().key;
        drop(listing);
        let frame = fabric.backend().get(&key).await.unwrap().body;
        let legacy = Subject::new(Operation::Store)
            .owner("alice")
            .record(record.id.as_str())
            .detail(DetailName::VERSION, Detail::Count(record.version))
            .detail(
                DetailName::FRAME_DIGEST,
                Detail::Digest(EventHash(whole_frame_digest(&frame))),
            );
        let auditor = fabric.auditor().unwrap();
        auditor.record(None, vec![legacy], Ok(())).await.unwrap();
        let report = fabric.verify_records().await.unwrap();
        assert_eq!((report.problems.len(), report.legacy), (0, 0), "{report:?}");

        // Other bytes under the same version are named, before any rotation.
        let mut changed = frame.to_vec();
        let last = changed.len() - 1;
        changed[last] ^= 1;
        fabric.backend().put(&key, changed.into(), fabric_store::PutMode::Overwrite).await.unwrap();
        let report = fabric.verify_records().await.unwrap();
        assert!(matches!(
            report.problems[..],
            [RecordProblem { kind: ProblemKind::Replaced { .. }, .. }]
        ));
        fabric.backend().put(&key, frame, fabric_store::PutMode::Overwrite).await.unwrap();

        // A rotation rewraps the frame: its old whole-frame digest can no longer name it.
        fabric.rotate_owner_keys_by(None, RecordMove::Rewrap, |_, _| {}).await.unwrap();
        let report = fabric.verify_records().await.unwrap();
        assert_eq!((report.problems.len(), report.legacy), (0, 1), "{report:?}");
    }
}
