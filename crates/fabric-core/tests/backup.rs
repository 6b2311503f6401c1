//! Sealed backups: an export from a SQLite fabric imports into a directory fabric with the
//! same records; a changed, cut or foreign archive is refused with nothing imported; importing
//! twice changes nothing.

#![allow(clippy::unwrap_used, clippy::panic, reason = "tests fail by panicking")]

use std::sync::Arc;

use fabric_core::fabric_crypto::keyfile::{KdfParams, RootSecret};
use fabric_core::fabric_crypto::{self, Keyring, MasterKey, OsRandom};
use fabric_core::fabric_store::ObjectStoreBackend;
use fabric_core::{
    Error, ExportFormat, Filter, MemoryFabric, NewRecord, PrivacyLevel, Record, SqliteStack,
};

const OWNERS: [&str; 2] = ["acme", "globex"];

fn sqlite_fabric(dir: &tempfile::TempDir) -> Arc<MemoryFabric> {
    let key = MasterKey::generate(&OsRandom).unwrap();
    let stack =
        SqliteStack::open(&dir.path().join("fabric.db"), Keyring::single(key), "t", "lib", |b| b)
            .unwrap();
    stack.fabric
}

fn dir_fabric(dir: &tempfile::TempDir) -> MemoryFabric {
    let key = MasterKey::generate(&OsRandom).unwrap();
    let backend = ObjectStoreBackend::local(&dir.path().join("records")).unwrap();
    MemoryFabric::builder()
        .backend(Arc::new(backend))
        .keyring(Keyring::single(key))
        .build()
        .unwrap()
}

async fn filled(dir: &tempfile::TempDir) -> Arc<MemoryFabric> {
    let fabric = sqlite_fabric(dir);
    for owner in OWNERS {
        let inputs = (0..30)
            .map(|n| {
                let mut input = NewRecord::new(owner, format!("{owner} note {n} on the crane"));
                input.tags = vec![format!("t{}", n % 3)];
                input.privacy_level = PrivacyLevel::Internal;
                input
            })
            .collect();
        fabric.store_many(inputs).await.unwrap();
    }
    // One replaced record (version 2) and one deleted record.
    let first = fabric.list(&Filter::owner("acme")).await.unwrap().remove(0);
    let mut again = NewRecord::new("acme", "the crane was moved to quay 4");
    again.id = Some(first.id.to_string());
    fabric.store(again).await.unwrap();
    let second = fabric.list(&Filter::owner("globex")).await.unwrap().remove(1);
    fabric.delete("globex", second.id.as_str()).await.unwrap();
    fabric
}

async fn all(fabric: &MemoryFabric) -> Vec<Record> {
    let mut records = Vec::new();
    for owner in OWNERS {
        records.extend(fabric.list(&Filter::owner(owner)).await.unwrap());
    }
    records.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
    records
}

async fn sealed(fabric: &MemoryFabric, key: &MasterKey) -> Vec<u8> {
    let secret = RootSecret::Key(key);
    let (bytes, report) =
        fabric.export(Vec::new(), ExportFormat::Sealed(&secret), &[], |_, _| {}).await.unwrap();
    assert_eq!(report.manifest.records, 59);
    assert_eq!(report.manifest.owners, 2);
    assert_eq!(report.shredded, 0);
    bytes
}

#[tokio::test]
async fn an_export_imports_into_another_backend_with_the_same_records_and_twice_changes_nothing() {
    let (from_dir, to_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let source = filled(&from_dir).await;
    let key = MasterKey::generate(&OsRandom).unwrap();
    let archive = sealed(&source, &key).await;
    let needle = b"on the crane";
    assert!(!archive.windows(needle.len()).any(|window| window == needle), "sealed in clear");

    let target = dir_fabric(&to_dir);
    let secret = RootSecret::Key(&key);
    let mut seen = Vec::new();
    let report = target
        .import(|| Ok(archive.as_slice()), &secret, |done, total| seen.push((done, total)))
        .await
        .unwrap();
    assert_eq!((report.restored, report.unchanged), (59, 0));
    assert_eq!(seen.last(), Some(&(59, 59)));
    let (expected, restored) = (all(&source).await, all(&target).await);
    assert_eq!(restored, expected);
    assert!(restored.iter().any(|record| record.version == 2));

    let again = target.import(|| Ok(archive.as_slice()), &secret, |_, _| {}).await.unwrap();
    assert_eq!((again.restored, again.unchanged), (0, 59));
    assert_eq!(all(&target).await, expected);

    // A record changed since is put back as archived, as its next version.
    let changed = &expected[0];
    let mut edit = NewRecord::new(&changed.owner, "changed after the export");
    edit.id = Some(changed.id.to_string());
    target.store(edit).await.unwrap();
    let third = target.import(|| Ok(archive.as_slice()), &secret, |_, _| {}).await.unwrap();
    assert_eq!((third.restored, third.unchanged), (1, 58));
    let back = target.retrieve(&changed.owner, changed.id.as_str()).await.unwrap();
    assert_eq!(back.content, changed.content);
    assert!(back.version > changed.version);
}

#[tokio::test]
async fn a_changed_cut_or_foreign_archive_is_refused_with_nothing_imported() {
    let from_dir = tempfile::tempdir().unwrap();
    let source = filled(&from_dir).await;
    let key = MasterKey::generate(&OsRandom).unwrap();
    let archive = sealed(&source, &key).await;
    let secret = RootSecret::Key(&key);

    let mut attempts: Vec<(String, Vec<u8>)> = Vec::new();
    for at in [0, 4, 20, archive.len() / 2, archive.len() - 1] {
        let mut flipped = archive.clone();
        flipped[at] ^= 0x08;
        attempts.push((format!("byte {at} flipped"), flipped));
    }
    for len in [0, 10, archive.len() / 3, archive.len() - 1] {
        attempts.push((format!("cut to {len}"), archive[..len].to_vec()));
    }
    let mut longer = archive.clone();
    longer.push(0);
    attempts.push(("a byte appended".into(), longer));

    let to_dir = tempfile::tempdir().unwrap();
    let target = dir_fabric(&to_dir);
    for (what, bytes) in &attempts {
        let error = target.import(|| Ok(bytes.as_slice()), &secret, |_, _| {}).await.unwrap_err();
        assert!(
            matches!(error, Error::Crypto(fabric_crypto::Error::InvalidArchive { .. })),
            "{what}: {error:?}"
        );
    }
    let other = MasterKey::generate(&OsRandom).unwrap();
    let wrong = RootSecret::Key(&other);
    let error = target.import(|| Ok(archive.as_slice()), &wrong, |_, _| {}).await.unwrap_err();
    assert!(matches!(error, Error::Crypto(fabric_crypto::Error::InvalidArchive { .. })));
    assert!(!error.to_string().contains(&other.to_base64().to_string()));
    let passphrase = RootSecret::Passphrase("a guess", KdfParams::default());
    let error = target.import(|| Ok(archive.as_slice()), &passphrase, |_, _| {}).await.unwrap_err();
    assert!(matches!(error, Error::Crypto(fabric_crypto::Error::InvalidArchive { .. })));

    assert!(all(&target).await.is_empty(), "nothing was imported");
}

#[tokio::test]
async fn a_passphrase_archive_and_a_plaintext_export() {
    let (from_dir, to_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let source = filled(&from_dir).await;
    let cheap = KdfParams { m_cost_kib: 1024, t_cost: 1, p_cost: 1 };
    let secret = RootSecret::Passphrase("correct horse battery staple", cheap);
    let owners = vec!["globex".to_owned()];
    let (archive, report) =
        source.export(Vec::new(), ExportFormat::Sealed(&secret), &owners, |_, _| {}).await.unwrap();
    assert_eq!((report.manifest.records, report.manifest.owners), (29, 1));

    let target = dir_fabric(&to_dir);
    let report = target.import(|| Ok(archive.as_slice()), &secret, |_, _| {}).await.unwrap();
    assert_eq!(report.restored, 29);
    let restored = target.list(&Filter::owner("globex")).await.unwrap();
    assert_eq!(restored.len(), 29);
    assert!(target.list(&Filter::owner("acme")).await.unwrap().is_empty());

    let (plain, report) =
        source.export(Vec::new(), ExportFormat::Plaintext, &[], |_, _| {}).await.unwrap();
    let lines: Vec<Record> = plain
        .split(|&byte| byte == b'\n')
        .filter(|line| !line.is_empty())
        .map(|line| serde_json::from_slice(line).unwrap())
        .collect();
    assert_eq!(lines.len() as u64, report.manifest.records);
    assert_eq!(report.bytes, plain.len() as u64);
}

#[tokio::test]
async fn an_invalid_owner_is_refused_before_anything_is_written() {
    let from_dir = tempfile::tempdir().unwrap();
    let source = filled(&from_dir).await;
    let key = MasterKey::generate(&OsRandom).unwrap();
    let secret = RootSecret::Key(&key);
    let owners = vec!["../etc".to_owned()];
    let mut out = Vec::new();
    let error = source.export(&mut out, ExportFormat::Sealed(&secret), &owners, |_, _| {}).await;
    assert!(matches!(error, Err(Error::InvalidInput { field: "owner", .. })), "{error:?}");
    assert!(out.is_empty());
}

#[tokio::test]
async fn audit_events_travel_with_the_records_when_asked_for() {
    let (from_dir, to_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let source = filled(&from_dir).await;
    let log = source.audit_log().unwrap();
    log.flush().await.unwrap();
    let query = |owner: &str| fabric_core::fabric_audit::AuditQuery {
        owner: Some(fabric_core::fabric_audit::Id::parse(owner).unwrap()),
        ..Default::default()
    };
    let expected =
        fabric_core::fabric_audit::query(log.sink().as_ref(), &query("globex")).await.unwrap();
    assert!(expected.len() >= 2, "the stores and the delete: {expected:?}");

    let key = MasterKey::generate(&OsRandom).unwrap();
    let secret = RootSecret::Key(&key);
    let owners = vec!["globex".to_owned()];
    let (archive, report) = source
        .export_with_audit(Vec::new(), ExportFormat::Sealed(&secret), &owners, |_, _| {})
        .await
        .unwrap();
    assert_eq!(report.manifest.records, 29);
    assert_eq!(report.manifest.audit_events, expected.len() as u64);

    // The events come back as stored, in order, and only to the caller: the target's own
    // log gets its import and store events, none of the source's.
    let target = sqlite_fabric(&to_dir);
    let mut events = Vec::new();
    let collect = |event: &fabric_core::fabric_audit::AuditEvent| {
        events.push(event.clone());
        Ok(())
    };
    let imported = target
        .import_with_audit(|| Ok(archive.as_slice()), &secret, collect, |_, _| {})
        .await
        .unwrap();
    assert_eq!((imported.restored, imported.audit_events), (29, expected.len() as u64));
    let mut expected_in_stream_order = expected.clone();
    expected_in_stream_order.sort_by_key(|event| (event.stream().clone(), event.seq()));
    assert_eq!(events, expected_in_stream_order);
    let target_log = target.audit_log().unwrap();
    target_log.flush().await.unwrap();
    let own = fabric_core::fabric_audit::query(target_log.sink().as_ref(), &Default::default())
        .await
        .unwrap();
    assert!(own.iter().all(|event| !expected.contains(event)));

    // A plain import counts them and hands them to nobody.
    let again = target.import(|| Ok(archive.as_slice()), &secret, |_, _| {}).await.unwrap();
    assert_eq!((again.unchanged, again.audit_events), (29, expected.len() as u64));

    // A fabric without a log has none to export.
    let error = dir_fabric(&tempfile::tempdir().unwrap())
        .export_with_audit(Vec::new(), ExportFormat::Sealed(&secret), &[], |_, _| {})
        .await;
    assert!(matches!(error, Err(Error::Config { .. })), "{error:?}");
}
