//! [`MemoryFabricBuilder`]: assembling a [`MemoryFabric`] from a backend, keys and policies.

use super::*;

/// Builds a [`MemoryFabric`]; a backend and a keyring are required.
#[derive(Default)]
pub struct MemoryFabricBuilder {
    backend: Option<Arc<dyn Backend>>,
    keyring: Option<Arc<Keyring>>,
    provider: Option<Provider>,
    suite: Option<String>,
    limits: Limits,
    retention: crate::RetentionPolicy,
    audit_log: Option<Arc<AuditLog>>,
    audit_sink: Option<(Arc<dyn fabric_audit::AuditSink>, String)>,
    audit_witness: Option<Arc<dyn fabric_audit::AuditSink>>,
    actor: Option<String>,
    access: Option<Policy>,
    #[cfg(feature = "privacy")]
    privacy: Option<Option<crate::PrivacyPolicy>>,
    stemming: Option<Option<fabric_crypto::blind::Language>>,
    without_recall_index: bool,
    vector_cache_values: Option<usize>,
    owner_keys: Option<Arc<dyn crate::OwnerKeyStore>>,
    metrics_file: Option<(std::path::PathBuf, std::time::Duration)>,
    key_use_ledger: Option<Arc<dyn crate::KeyUseLedger>>,
}

impl MemoryFabricBuilder {
    /// Appends the fabric's counters ([`crate::MetricsSnapshot`]) as one JSON line to `path`
    /// every `every` (at least a second), on a task of the current Tokio runtime that ends
    /// with the fabric, and on each [`crate::FabricMetrics::append_line`]. The file is created
    /// mode 0600; one line per interval, never a rewrite.
    pub fn metrics_file(
        mut self,
        path: impl Into<std::path::PathBuf>,
        every: std::time::Duration,
    ) -> Self {
        self.metrics_file = Some((path.into(), every.max(std::time::Duration::from_secs(1))));
        self
    }

    /// Keeps the encryptions each key makes (key-encryption keys and owner keys) in
    /// `ledger`, added up over every process that uses it: flushed every
    /// [`crate::FLUSH_EVERY`] on the current Tokio runtime, on
    /// [`MemoryFabric::flush_key_uses`] and when the fabric is dropped. Without it, counts
    /// cover this process only. A key past a quarter of its random-nonce limit is logged as
    /// a warning.
    pub fn key_use_ledger(mut self, ledger: Arc<dyn crate::KeyUseLedger>) -> Self {
        self.key_use_ledger = Some(ledger);
        self
    }

    /// Default times to live per memory type and tier, for records stored without an
    /// `expires_at` (default: none, records live until deleted).
    pub fn retention(mut self, policy: crate::RetentionPolicy) -> Self {
        self.retention = policy;
        self
    }

    /// Where records are stored.
    pub fn backend(mut self, backend: Arc<dyn Backend>) -> Self {
        self.backend = Some(backend);
        self
    }

    /// The language recall stems words in (`None`: no stemming); English by default. Records
    /// indexed under one setting are matched only by queries under the same one: change it
    /// only on an empty index, or reindex.
    pub fn stemming(mut self, language: Option<fabric_crypto::blind::Language>) -> Self {
        self.stemming = Some(language);
        self
    }

    /// Writes no recall index beside the records, even on a backend that keeps one: stores
    /// cost less, and recall answers [`crate::Error::Unsupported`]. Records stored meanwhile
    /// are found again only after `fabric reindex`.
    pub fn without_recall_index(mut self) -> Self {
        self.without_recall_index = true;
        self
    }

    /// How many embedding values (`f32`) vector recall keeps opened in memory, over all
    /// owners ([`crate::DEFAULT_VECTOR_CACHE_VALUES`] by default). An owner with more is
    /// opened for each query instead.
    pub fn vector_cache_values(mut self, values: usize) -> Self {
        self.vector_cache_values = Some(values);
        self
    }

    /// Gives every owner a key of its own, kept in `store` (apart from the records): the
    /// data keys of its records are wrapped by it, so that destroying it
    /// ([`MemoryFabric::shred_owner`]) makes them unreadable in every copy of the storage.
    /// Without it, data keys are wrapped by the keyring's keys directly. Records sealed
    /// before still open.
    pub fn owner_keys(mut self, store: Arc<dyn crate::OwnerKeyStore>) -> Self {
        self.owner_keys = Some(store);
        self
    }

    /// The keys records are sealed and opened with.
    pub fn keyring(self, keyring: Keyring) -> Self {
        self.shared_keyring(Arc::new(keyring))
    }

    /// The keys records are sealed and opened with, shared with other components.
    pub fn shared_keyring(mut self, keyring: Arc<Keyring>) -> Self {
        self.keyring = Some(keyring);
        self
    }

    /// The cipher implementations and random source (default: [`DEFAULT_PROVIDER`]).
    pub fn provider(mut self, provider: Provider) -> Self {
        self.provider = Some(provider);
        self
    }

    /// The suite new records are sealed with, by name (`aes-256-gcm`, `chacha20-poly1305`);
    /// default: the provider's first. Records sealed with any enabled suite still open.
    pub fn suite(mut self, name: impl Into<String>) -> Self {
        self.suite = Some(name.into());
        self
    }

    /// Size limits on records.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The privacy policy applied on every store (default: detect and tag, change nothing).
    #[cfg(feature = "privacy")]
    pub fn privacy_policy(mut self, policy: crate::PrivacyPolicy) -> Self {
        self.privacy = Some(Some(policy));
        self
    }

    /// Stores records without PII detection.
    #[cfg(feature = "privacy")]
    pub fn without_privacy(mut self) -> Self {
        self.privacy = Some(None);
        self
    }

    /// The audit log every operation appends its event to, before it reports its outcome.
    /// Without one, nothing is audited.
    pub fn audit_log(mut self, log: Arc<AuditLog>) -> Self {
        self.audit_log = Some(log);
        self
    }

    /// Audits every operation to stream `stream` of `sink`, in an [`AuditLog`] keyed by the
    /// keyring's active master key (`AuditKey::derive`): what [`MemoryFabricBuilder::audit_log`]
    /// takes ready-made.
    pub fn audit_to(mut self, sink: Arc<dyn fabric_audit::AuditSink>, stream: &str) -> Self {
        self.audit_sink = Some((sink, stream.to_owned()));
        self
    }

    /// Copies every checkpoint of the log [`MemoryFabricBuilder::audit_to`] builds to
    /// `witness` as well (another directory, an Object Lock prefix).
    pub fn audit_witness(mut self, witness: Arc<dyn fabric_audit::AuditSink>) -> Self {
        self.audit_witness = Some(witness);
        self
    }

    /// Who the operations of this fabric are audited as (an id such as `cli` or a service
    /// name); sessions audit as their principal instead.
    pub fn actor(mut self, actor: impl Into<String>) -> Self {
        self.actor = Some(actor.into());
        self
    }

    /// The role table sessions check permissions against (default: the built-in roles).
    pub fn access_policy(mut self, policy: Policy) -> Self {
        self.access = Some(policy);
        self
    }

    /// Checks the configuration and builds the fabric.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] without a backend or keyring; [`Error::Crypto`] when the suite is
    /// not enabled in this build.
    pub fn build(self) -> Result<MemoryFabric> {
        let backend =
            self.backend.ok_or(Error::Config { reason: "no backend was given".into() })?;
        let keyring =
            self.keyring.ok_or(Error::Config { reason: "no keyring was given".into() })?;
        let provider = self.provider.unwrap_or(DEFAULT_PROVIDER);
        let suite = match &self.suite {
            Some(name) => provider.suite_by_name(name)?,
            None => provider.preferred_suite()?,
        };
        #[cfg(feature = "privacy")]
        let privacy = match self.privacy.unwrap_or_else(|| Some(crate::PrivacyPolicy::default())) {
            Some(policy) => {
                Some(Arc::new(crate::policy::PrivacyGuard::new(policy, keyring.first().1)?))
            }
            None => None,
        };
        // Redaction on read scans with the store policy's detector, or the default one when
        // the fabric stores without detection.
        #[cfg(feature = "privacy")]
        let reader = match &privacy {
            Some(guard) => Arc::clone(guard),
            None => Arc::new(crate::policy::PrivacyGuard::new(
                crate::PrivacyPolicy::default(),
                keyring.first().1,
            )?),
        };
        #[cfg(feature = "privacy")]
        let screen = privacy
            .clone()
            .map(|guard| Arc::new(move |text: &str| guard.flags(text)) as crate::audit::Screen);
        #[cfg(not(feature = "privacy"))]
        let screen = None;
        if self.audit_log.is_some() && (self.audit_sink.is_some() || self.audit_witness.is_some()) {
            return Err(Error::Config {
                reason: "give the audit log either ready-made (audit_log) or as a sink (audit_to, \
                         audit_witness), not both"
                    .into(),
            });
        }
        let audit_log = match (self.audit_log, self.audit_sink) {
            (Some(log), _) => Some(log),
            (None, Some((sink, stream))) => {
                let stream = fabric_audit::StreamId::parse(&stream).map_err(Error::Audit)?;
                let key = fabric_audit::AuditKey::derive(keyring.first().1);
                let mut log = AuditLog::builder(sink, key, stream);
                if let Some(witness) = self.audit_witness {
                    log = log.witness(witness);
                }
                Some(Arc::new(log.build().map_err(Error::Audit)?))
            }
            (None, None) if self.audit_witness.is_some() => {
                return Err(Error::Config { reason: "an audit witness needs audit_to".into() });
            }
            (None, None) => None,
        };
        let metrics = Arc::new(crate::FabricMetrics::default());
        if let Some(log) = &audit_log {
            metrics.watch_audit(log);
        }
        if let Some((path, every)) = self.metrics_file {
            metrics.append_every(path, every)?;
        }
        let key_uses = self
            .key_use_ledger
            .map(|ledger| crate::key_uses::UseCounter::start(Arc::clone(keyring.uses()), ledger));
        let audit = audit_log
            .map(|log| Auditor::new(log, self.actor.as_deref(), screen, Arc::clone(&metrics)))
            .transpose()?;
        let versions = is_sqlite(backend.as_ref()).then(|| Arc::new(VersionKeys::derive(&keyring)));
        let tx_audit = shares_sqlite_file(backend.as_ref(), audit.as_ref());
        let indexer = (backend.recall_index().is_some() && !self.without_recall_index).then(|| {
            Arc::new(crate::recall::index::Indexer::new(fabric_crypto::blind::Tokenizer::new(
                self.stemming.unwrap_or(Some(fabric_crypto::blind::Language::English)),
            )))
        });
        Ok(MemoryFabric {
            backend,
            versions,
            tx_audit,
            sealer: Sealer {
                keyring,
                provider,
                suite,
                owners: self
                    .owner_keys
                    .map(|store| Arc::new(crate::owner_keys::OwnerKeys::new(store))),
                metrics: Arc::clone(&metrics),
            },
            metrics,
            key_uses,
            limits: self.limits,
            retention: self.retention,
            audit,
            access: Arc::new(self.access.unwrap_or_default()),
            #[cfg(feature = "privacy")]
            privacy,
            #[cfg(feature = "privacy")]
            reader,
            indexer,
            vectors: Arc::new(crate::recall::VectorCache::new(
                self.vector_cache_values.unwrap_or(crate::recall::DEFAULT_VECTOR_CACHE_VALUES),
            )),
        })
    }
}

/// Whether the backend is SQLite (and so keeps version entries).
fn is_sqlite(backend: &dyn Backend) -> bool {
    #[cfg(feature = "sqlite")]
    return backend.as_sqlite().is_some();
    #[cfg(not(feature = "sqlite"))]
    {
        let _ = backend;
        false
    }
}

/// Whether the backend is SQLite and the audit log keeps its tables in the same file.
#[cfg(not(feature = "sqlite"))]
fn shares_sqlite_file(_: &dyn Backend, _: Option<&Auditor>) -> bool {
    false
}

/// Whether the backend is SQLite and the audit log keeps its tables in the same file.
#[cfg(feature = "sqlite")]
fn shares_sqlite_file(backend: &dyn Backend, audit: Option<&Auditor>) -> bool {
    let (Some(sqlite), Some(auditor)) = (backend.as_sqlite(), audit) else { return false };
    let Some(audit_path) = auditor.log().sink().sqlite_path() else { return false };
    let canonical =
        |path: &std::path::Path| path.canonicalize().unwrap_or_else(|_| path.to_owned());
    canonical(sqlite.path()) == canonical(audit_path)
}
