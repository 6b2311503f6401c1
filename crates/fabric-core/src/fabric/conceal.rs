//! Redaction on read: a caller without `reveal_pii` gets every record it reads with each
//! value the privacy detector finds redacted (get, list, recall), and searches without
//! the personal data its query holds. The stored record is unchanged; the audit event says
//! how many values of which types were redacted, never the values.

use std::borrow::Cow;

use fabric_audit::{Detail, DetailName};

use super::MemoryFabric;
use crate::audit::{Caller, Subject};
use crate::{RecallHit, RecallQuery, Record, Result};

/// What a read answers with: the records in it, for redaction.
#[cfg_attr(not(feature = "privacy"), allow(dead_code, reason = "nothing is redacted"))]
pub(crate) trait Answer {
    /// Calls `each` with every record of the answer, until one fails.
    fn each_record(&mut self, each: &mut dyn FnMut(&mut Record) -> Result<()>) -> Result<()>;
}

impl Answer for Record {
    fn each_record(&mut self, each: &mut dyn FnMut(&mut Record) -> Result<()>) -> Result<()> {
        each(self)
    }
}

impl Answer for Vec<Record> {
    fn each_record(&mut self, each: &mut dyn FnMut(&mut Record) -> Result<()>) -> Result<()> {
        self.iter_mut().try_for_each(each)
    }
}

impl Answer for Vec<RecallHit> {
    fn each_record(&mut self, each: &mut dyn FnMut(&mut Record) -> Result<()>) -> Result<()> {
        self.iter_mut().try_for_each(|hit| each(&mut hit.record))
    }
}

impl MemoryFabric {
    /// Audits a read's `outcome` as `subject`, first redacting it when `caller` may not see
    /// personal data: the event then names the count and types of what was redacted.
    pub(crate) async fn audited_read<T: Answer>(
        &self,
        caller: Option<&Caller>,
        subject: Subject,
        outcome: Result<T>,
    ) -> Result<T> {
        let conceals = caller.is_some_and(|caller| caller.conceal);
        let (subject, outcome) = match outcome {
            Ok(mut answer) if conceals => match self.conceal(caller, &mut answer) {
                Ok((values, types)) => {
                    let subject = subject
                        .detail(DetailName::REDACTED, Detail::Count(values))
                        .pii_types(&types);
                    (subject, Ok(answer))
                }
                Err(error) => (subject, Err(error)),
            },
            other => (subject, other),
        };
        self.audited(caller, subject, outcome).await
    }

    /// A recall query as `caller` may run it: without `reveal_pii`, the personal data in its
    /// text is blanked out, so that a search cannot test whether a value is stored. `None`
    /// when nothing is left to search for (the answer is then empty).
    pub(crate) fn query_for<'q>(
        &self,
        caller: Option<&Caller>,
        query: &'q RecallQuery,
    ) -> Result<Option<Cow<'q, RecallQuery>>> {
        let Some(text) = query.text.as_deref() else { return Ok(Some(Cow::Borrowed(query))) };
        if !caller.is_some_and(|caller| caller.conceal) {
            return Ok(Some(Cow::Borrowed(query)));
        }
        match self.blank_pii(caller, text)? {
            Some(blanked) if blanked.trim().is_empty() && query.vector.is_none() => Ok(None),
            Some(blanked) => {
                Ok(Some(Cow::Owned(RecallQuery { text: Some(blanked), ..query.clone() })))
            }
            None => Ok(Some(Cow::Borrowed(query))),
        }
    }

    #[cfg(feature = "privacy")]
    fn conceal(
        &self,
        _caller: Option<&Caller>,
        answer: &mut dyn Answer,
    ) -> Result<(u64, Vec<fabric_types::PiiType>)> {
        let mut total = crate::policy::Concealed::default();
        answer.each_record(&mut |record| {
            total.merge(self.reader.conceal(record)?);
            Ok(())
        })?;
        Ok((total.values, total.types))
    }

    /// Without a detector in this build, nothing can be redacted: a read by a caller
    /// without `reveal_pii` is refused rather than answered in clear.
    #[cfg(not(feature = "privacy"))]
    fn conceal(
        &self,
        caller: Option<&Caller>,
        _answer: &mut dyn Answer,
    ) -> Result<(u64, Vec<fabric_types::PiiType>)> {
        Err(no_detector(caller))
    }

    #[cfg(feature = "privacy")]
    fn blank_pii(&self, _caller: Option<&Caller>, text: &str) -> Result<Option<String>> {
        Ok(self.reader.blank(text))
    }

    #[cfg(not(feature = "privacy"))]
    fn blank_pii(&self, caller: Option<&Caller>, _text: &str) -> Result<Option<String>> {
        Err(no_detector(caller))
    }
}

/// Without a detector nothing can be redacted, so a caller without `reveal_pii` is refused.
#[cfg(not(feature = "privacy"))]
fn no_detector(caller: Option<&Caller>) -> crate::Error {
    let subject = caller.and_then(|caller| caller.actor.as_ref());
    crate::Error::PermissionDenied {
        subject: subject.map_or_else(String::new, |actor| actor.as_str().to_owned()),
        permission: fabric_authz::Permission::RevealPii,
    }
}
