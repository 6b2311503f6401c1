//! Tests of `sqlite`.

use super::*;

fn put_with(key: &ObjectKey, body: &'static [u8], mode: PutMode, entry: &'static [u8]) -> WriteOp {
    WriteOp::Put {
        key: key.clone(),
        body: Bytes::from_static(body),
        mode,
        entry: Some(Bytes::from_static(entry)),
    }
}

#[tokio::test]
async fn entries_are_written_with_their_object_and_read_in_one_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let backend = SqliteBackend::open(&dir.path().join("f.db")).unwrap();
    let key = ObjectKey::parse("records/o/r").unwrap();
    backend.write_ops(vec![put_with(&key, b"one", PutMode::Overwrite, b"e1")]).await.unwrap();
    backend.write_ops(vec![put_with(&key, b"two", PutMode::Overwrite, b"e2")]).await.unwrap();
    let (stored, entry) = backend.get_with_entry(&key).await.unwrap().unwrap();
    assert_eq!((stored.body.as_ref(), entry.as_deref()), (&b"two"[..], Some(&b"e2"[..])));
    // A failing op rolls back the entry written before it.
    let refused = backend
        .write_ops(vec![
            WriteOp::PutEntry { key: key.clone(), body: Bytes::from_static(b"e3") },
            put_with(&key, b"x", PutMode::Create, b"e4"),
        ])
        .await;
    assert!(matches!(refused, Err(Error::AlreadyExists { .. })), "{refused:?}");
    assert_eq!(backend.get_with_entry(&key).await.unwrap().unwrap().1.as_deref(), Some(&b"e2"[..]));
    // An entry kept apart outlives a delete of its object and speaks for an object put
    // back without one; a missing object reads as nothing.
    backend
        .write_ops(vec![
            WriteOp::Delete { key: key.clone() },
            WriteOp::PutEntry { key: key.clone(), body: Bytes::from_static(b"gone") },
        ])
        .await
        .unwrap();
    assert!(backend.get_with_entry(&key).await.unwrap().is_none());
    backend.put(&key, Bytes::from_static(b"back"), PutMode::Create).await.unwrap();
    let (_, entry) = backend.get_with_entry(&key).await.unwrap().unwrap();
    assert_eq!(entry.as_deref(), Some(&b"gone"[..]));
    // A put with an entry replaces the entry kept apart.
    backend.write_ops(vec![put_with(&key, b"new", PutMode::Overwrite, b"e5")]).await.unwrap();
    let (_, entry) = backend.get_with_entry(&key).await.unwrap().unwrap();
    assert_eq!(entry.as_deref(), Some(&b"e5"[..]));
    // An object without an entry.
    let other = ObjectKey::parse("records/o/s").unwrap();
    backend.put(&other, Bytes::from_static(b"s"), PutMode::Create).await.unwrap();
    assert_eq!(backend.get_with_entry(&other).await.unwrap().unwrap().1, None);
}

#[tokio::test]
async fn a_batch_of_operations_is_written_as_it_arrives_and_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let backend = SqliteBackend::open(&dir.path().join("f.db")).unwrap();
    let (a, b) = (ObjectKey::parse("r/a").unwrap(), ObjectKey::parse("r/b").unwrap());
    let (sender, batch) = PutBatch::channel(2, 1);
    let chunks = vec![
        vec![put_with(&a, b"a", PutMode::Create, b"ea")],
        vec![put_with(&b, b"b", PutMode::Create, b"eb")],
    ];
    let feeding = tokio::spawn(async move {
        for chunk in chunks {
            assert!(sender.send(chunk).await);
        }
    });
    assert_eq!(backend.write_batch_with(batch, None).await.unwrap().len(), 2);
    feeding.await.unwrap();
    let (_, entry) = backend.get_with_entry(&b).await.unwrap().unwrap();
    assert_eq!(entry.as_deref(), Some(&b"eb"[..]));
    // A batch that ends early writes nothing.
    let c = ObjectKey::parse("r/c").unwrap();
    let (sender, batch) = PutBatch::channel(2, 1);
    assert!(sender.send(vec![put_with(&c, b"c", PutMode::Create, b"ec")]).await);
    drop(sender);
    assert!(backend.write_batch_with(batch, None).await.is_err());
    assert!(matches!(backend.get(&c).await, Err(Error::NotFound { .. })));
}

#[tokio::test]
async fn a_batch_delivered_in_chunks_is_written_in_order_one_version_each() {
    let dir = tempfile::tempdir().unwrap();
    let backend = SqliteBackend::open(&dir.path().join("f.db")).unwrap();
    let keys: Vec<ObjectKey> =
        (0..25).map(|n| ObjectKey::parse(&format!("r/{n:02}")).unwrap()).collect();
    let (sender, batch) = PutBatch::channel(25, 2);
    let producer = {
        let keys = keys.clone();
        tokio::spawn(async move {
            for chunk in keys.chunks(5) {
                let ops = chunk
                    .iter()
                    .map(|key| WriteOp::Put {
                        key: key.clone(),
                        body: Bytes::from(key.to_string()),
                        mode: PutMode::Create,
                        entry: None,
                    })
                    .collect();
                assert!(sender.send(ops).await, "the backend stopped reading");
            }
        })
    };
    let versions = backend.write_batch_with(batch, None).await.unwrap();
    producer.await.unwrap();
    assert_eq!(versions.len(), 25);
    for (key, version) in keys.iter().zip(&versions) {
        let stored = backend.get(key).await.unwrap();
        assert_eq!((stored.body, &stored.version), (Bytes::from(key.to_string()), version));
    }
}

#[tokio::test]
async fn a_version_1_file_is_migrated_and_its_entries_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.db");
    {
        let connection = Connection::open(&path).unwrap();
        connection
            .execute_batch(
                "CREATE TABLE fabric_objects (key TEXT PRIMARY KEY NOT NULL,
                     version INTEGER NOT NULL, body BLOB NOT NULL);
                 CREATE TABLE fabric_entries (key TEXT PRIMARY KEY NOT NULL,
                     body BLOB NOT NULL) WITHOUT ROWID;
                 INSERT INTO fabric_objects VALUES ('records/o/r', 7, x'01');
                 INSERT INTO fabric_entries VALUES ('records/o/r', x'02');
                 PRAGMA user_version = 1;",
            )
            .unwrap();
    }
    let backend = SqliteBackend::open(&path).unwrap();
    let key = ObjectKey::parse("records/o/r").unwrap();
    let (stored, entry) = backend.get_with_entry(&key).await.unwrap().unwrap();
    assert_eq!((stored.body.as_ref(), entry.as_deref()), (&[1][..], Some(&[2][..])));
    drop(backend);
    // Opening again changes nothing; a file of a newer schema is refused.
    let backend = SqliteBackend::open(&path).unwrap();
    assert!(backend.get_with_entry(&key).await.unwrap().is_some());
    drop(backend);
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    let refused = format!("{:?}", SqliteBackend::open(&path).unwrap_err());
    assert!(refused.contains("newer"), "{refused}");
}

#[tokio::test]
async fn sqlite_backend_passes_the_conformance_suite() {
    let dir = tempfile::tempdir().unwrap();
    crate::conformance::run_all(&SqliteBackend::open(&dir.path().join("f.db")).unwrap()).await;
}

#[tokio::test]
async fn put_many_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let backend = SqliteBackend::open(&dir.path().join("f.db")).unwrap();
    let taken = ObjectKey::parse("r/taken").unwrap();
    backend.put(&taken, Bytes::from_static(b"x"), PutMode::Create).await.unwrap();
    let items = vec![
        (ObjectKey::parse("r/new").unwrap(), Bytes::from_static(b"y"), PutMode::Create),
        (taken.clone(), Bytes::from_static(b"z"), PutMode::Create),
    ];
    assert!(matches!(backend.put_many(items).await, Err(Error::AlreadyExists { .. })));
    let new = ObjectKey::parse("r/new").unwrap();
    assert!(matches!(backend.get(&new).await, Err(Error::NotFound { .. })));
    assert_eq!(backend.get(&taken).await.unwrap().body.as_ref(), b"x");
}

#[tokio::test]
async fn a_batch_with_a_conflict_in_a_later_chunk_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let backend = SqliteBackend::open(&dir.path().join("f.db")).unwrap();
    let taken = ObjectKey::parse("r/taken").unwrap();
    backend.put(&taken, Bytes::from_static(b"x"), PutMode::Create).await.unwrap();
    let (sender, batch) = PutBatch::channel(2, 2);
    let new = ObjectKey::parse("r/new").unwrap();
    assert!(sender.send(vec![put_with(&new, b"y", PutMode::Create, b"e")]).await);
    assert!(sender.send(vec![put_with(&taken, b"z", PutMode::Create, b"e")]).await);
    drop(sender);
    let refused = backend.write_batch_with(batch, None).await;
    assert!(matches!(refused, Err(Error::AlreadyExists { .. })));
    assert!(matches!(backend.get(&new).await, Err(Error::NotFound { .. })));
    assert_eq!(backend.get(&taken).await.unwrap().body.as_ref(), b"x");
}

#[tokio::test]
async fn versions_never_repeat_across_delete_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.db");
    let key = ObjectKey::parse("r/k").unwrap();
    let first = {
        let backend = SqliteBackend::open(&path).unwrap();
        let version = backend.put(&key, Bytes::from_static(b"1"), PutMode::Create).await.unwrap();
        backend.delete(&key).await.unwrap();
        version
    };
    let backend = SqliteBackend::open(&path).unwrap();
    let second = backend.put(&key, Bytes::from_static(b"2"), PutMode::Create).await.unwrap();
    assert_ne!(first, second);
    let stale = backend.put(&key, Bytes::new(), PutMode::IfVersion(first)).await;
    assert!(matches!(stale, Err(Error::VersionMismatch { .. })));
}

#[test]
fn versions_are_positive_and_distinct_even_at_the_top() {
    let mut versions = Versions(i64::MAX as u64 - 2);
    let drawn: Vec<i64> = (0..5).map(|_| versions.next()).collect();
    assert_eq!(drawn, [i64::MAX - 1, i64::MAX, 1, 2, 3]);
    let mut versions = Versions::draw().unwrap();
    let mut seen = std::collections::HashSet::new();
    assert!((0..10_000).all(|_| seen.insert(versions.next())));
}

#[tokio::test]
async fn a_file_that_is_not_a_database_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.db");
    std::fs::write(&path, b"this is not a database, just some text long enough").unwrap();
    assert!(SqliteBackend::open(&path).is_err());
}

pub(super) fn doc(scope: &str, terms: &[(u8, u32)]) -> crate::recall::IndexDoc {
    crate::recall::IndexDoc {
        scope: scope.to_owned(),
        terms: terms.iter().map(|(byte, count)| ([*byte; 16], *count)).collect(),
        length: terms.iter().map(|(_, count)| count).sum(),
        header: Bytes::from_static(b"h"),
        attrs: Some(Bytes::from_static(b"a")),
        dimensions: 0,
        version: 1,
    }
}

#[tokio::test]
async fn the_recall_index_is_written_and_removed_with_its_objects() {
    use crate::RecallIndex as _;
    let dir = tempfile::tempdir().unwrap();
    let backend = SqliteBackend::open(&dir.path().join("f.db")).unwrap();
    let one = ObjectKey::parse("records/a/1").unwrap();
    let two = ObjectKey::parse("records/a/2").unwrap();
    let other = ObjectKey::parse("records/b/1").unwrap();
    let put = |key: &ObjectKey| WriteOp::Put {
        key: key.clone(),
        body: Bytes::from_static(b"x"),
        mode: PutMode::Overwrite,
        entry: None,
    };
    let index = |key: &ObjectKey, doc| WriteOp::Index { key: key.clone(), doc };
    backend
        .write_ops(vec![
            put(&one),
            index(&one, doc("a", &[(1, 2), (2, 1)])),
            put(&two),
            index(&two, doc("a", &[(1, 1)])),
            put(&other),
            index(&other, doc("b", &[(9, 4)])),
        ])
        .await
        .unwrap();
    let stats = backend.stats("a").await.unwrap();
    assert_eq!((stats.docs, stats.length), (2, 4));
    assert_eq!(backend.stats("b").await.unwrap().docs, 1, "scopes keep their own counts");
    let lists = backend.postings("a", vec![[1; 16], [2; 16], [7; 16]]).await.unwrap();
    let counts: Vec<Vec<u32>> =
        lists.iter().map(|list| list.iter().map(|posting| posting.count).collect()).collect();
    assert_eq!(counts, [vec![2, 1], vec![1], vec![]]);
    // Another scope's document is not read through this one.
    let foreign = backend.postings("b", vec![[9; 16]]).await.unwrap()[0][0].doc;
    assert_eq!(backend.docs("a", vec![foreign]).await.unwrap(), [None]);
    assert_eq!(backend.scope_docs("a").await.unwrap().len(), 2);

    // A failing write takes its index with it.
    let refused = backend
        .write_ops(vec![
            index(&one, doc("a", &[(3, 1)])),
            WriteOp::Put {
                key: two.clone(),
                body: Bytes::from_static(b"y"),
                mode: PutMode::Create,
                entry: None,
            },
        ])
        .await;
    assert!(refused.is_err());
    assert!(backend.postings("a", vec![[3; 16]]).await.unwrap()[0].is_empty());

    // Replacing and deleting.
    backend.write_ops(vec![put(&one), index(&one, doc("a", &[(3, 1)]))]).await.unwrap();
    assert!(backend.postings("a", vec![[2; 16]]).await.unwrap()[0].is_empty());
    backend.delete(&one).await.unwrap();
    let after = backend.postings("a", vec![[1; 16], [3; 16]]).await.unwrap();
    assert_eq!((after[0].len(), after[1].len()), (1, 0));
    let stats_after = backend.stats("a").await.unwrap();
    assert_eq!((stats_after.docs, stats_after.length), (1, 1));
    assert!(stats_after.generation > stats.generation);
    let prefix = ObjectKey::parse("records/a").unwrap();
    let indexed = backend.indexed(&prefix).await.unwrap();
    assert_eq!(indexed.iter().map(|(key, _)| key).collect::<Vec<_>>(), [&two]);
    let coverage = backend.coverage(&prefix).await.unwrap();
    assert_eq!((coverage.objects, coverage.indexed), (1, 1));

    // Rebuilding: an index write for an older version is skipped; an orphan is removed.
    let stale = backend.get(&two).await.unwrap().version;
    backend.write_ops(vec![put(&two)]).await.unwrap();
    backend
        .write_ops(vec![WriteOp::IndexIf {
            key: two.clone(),
            doc: doc("a", &[(5, 1)]),
            version: stale,
        }])
        .await
        .unwrap();
    assert!(backend.postings("a", vec![[5; 16]]).await.unwrap()[0].is_empty());
    let current = backend.get(&two).await.unwrap().version;
    backend
        .write_ops(vec![WriteOp::IndexIf {
            key: two.clone(),
            doc: doc("a", &[(5, 1)]),
            version: current,
        }])
        .await
        .unwrap();
    assert_eq!(backend.postings("a", vec![[5; 16]]).await.unwrap()[0].len(), 1);
    backend.write_ops(vec![WriteOp::Unindex { key: two.clone() }]).await.unwrap();
    assert_eq!(backend.coverage(&prefix).await.unwrap().indexed, 1, "the object is still there");
}

#[tokio::test]
async fn recall_runs_merge_across_levels_and_removals_reach_every_level() {
    use crate::RecallIndex as _;
    let dir = tempfile::tempdir().unwrap();
    let backend = SqliteBackend::open(&dir.path().join("f.db")).unwrap();
    let key = |index: usize| ObjectKey::parse(&format!("records/a/{index:04}")).unwrap();
    // A term of each document's own, and one they all share.
    let own = |index: usize| {
        let mut term = [0xAA; 16];
        term[..8].copy_from_slice(&(index as u64).to_le_bytes());
        term
    };
    let shared = [0; 16];
    let indexed = |index: usize| crate::recall::IndexDoc {
        scope: "a".to_owned(),
        terms: vec![(shared, 1), (own(index), 2)],
        length: 3,
        header: Bytes::from_static(b"h"),
        attrs: None,
        dimensions: 0,
        version: 1,
    };
    // Enough write requests for the runs to merge from level 0 to 1 and from 1 to 2.
    let requests = usize::try_from(super::runs::FANOUT * (super::runs::FANOUT + 1)).unwrap();
    let mut live = Vec::new();
    for request in 0..requests {
        let mut ops = Vec::new();
        for offset in 0..(1 + request % 3) {
            let index = request * 3 + offset;
            ops.push(WriteOp::Put {
                key: key(index),
                body: Bytes::from_static(b"x"),
                mode: PutMode::Overwrite,
                entry: None,
            });
            ops.push(WriteOp::Index { key: key(index), doc: indexed(index) });
            live.push(index);
        }
        backend.write_ops(ops).await.unwrap();
    }
    let levels: Vec<i64> = backend
        .read(|connection| {
            connection
                .prepare("SELECT DISTINCT level FROM fabric_recall_runs ORDER BY level")
                .and_then(|mut statement| {
                    statement
                        .query_map([], |row| row.get(0))?
                        .collect::<std::result::Result<_, _>>()
                })
                .map_err(sql_error)
        })
        .await
        .unwrap();
    assert!(levels.contains(&2), "runs merged twice: {levels:?}");
    assert_eq!(backend.postings("a", vec![shared]).await.unwrap()[0].len(), live.len());

    // Remove documents written first (now in a level-2 run), midway and last.
    let removed = [live[0], live[1], live[live.len() / 2], live[live.len() - 1]];
    for index in removed {
        backend.delete(&key(index)).await.unwrap();
        live.retain(|kept| *kept != index);
    }
    assert_eq!(backend.postings("a", vec![shared]).await.unwrap()[0].len(), live.len());
    for index in removed {
        assert!(backend.postings("a", vec![own(index)]).await.unwrap()[0].is_empty(), "{index}");
    }
    assert_eq!(backend.postings("a", vec![own(live[0])]).await.unwrap()[0].len(), 1);
    assert_eq!(backend.stats("a").await.unwrap().docs, live.len() as u64);
    // A replaced document keeps one set of postings.
    backend
        .write_ops(vec![WriteOp::Index { key: key(live[3]), doc: indexed(live[3]) }])
        .await
        .unwrap();
    assert_eq!(backend.postings("a", vec![shared]).await.unwrap()[0].len(), live.len());
    assert_eq!(backend.postings("a", vec![own(live[3])]).await.unwrap()[0].len(), 1);
}

#[tokio::test]
async fn a_version_2_recall_index_is_migrated_and_still_read() {
    use crate::RecallIndex as _;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.db");
    let term = [7u8; 16];
    {
        // Schema 2: attributes in the documents' table, a row per term and block.
        let connection = Connection::open(&path).unwrap();
        let mut posting = 1_i64.to_le_bytes().to_vec();
        posting.extend_from_slice(&2_u32.to_le_bytes());
        posting.extend_from_slice(&5_u32.to_le_bytes());
        connection
            .execute_batch(
                "CREATE TABLE fabric_recall_docs (doc INTEGER PRIMARY KEY AUTOINCREMENT,
                     key TEXT NOT NULL UNIQUE, scope TEXT NOT NULL, length INTEGER NOT NULL,
                     terms BLOB NOT NULL, header BLOB NOT NULL, attrs BLOB);
                 CREATE TABLE fabric_recall_runs (run INTEGER PRIMARY KEY,
                     level INTEGER NOT NULL, first_doc INTEGER NOT NULL,
                     last_doc INTEGER NOT NULL);
                 CREATE TABLE fabric_recall_blocks (run INTEGER NOT NULL, term BLOB NOT NULL,
                     first_doc INTEGER NOT NULL, postings BLOB NOT NULL,
                     PRIMARY KEY (run, term, first_doc)) WITHOUT ROWID;
                 INSERT INTO fabric_recall_docs VALUES
                     (1, 'records/a/r', 'a', 5, x'07070707070707070707070707070707', x'68', x'6174');
                 INSERT INTO fabric_recall_runs VALUES (1, 0, 1, 1);
                 PRAGMA user_version = 2;",
            )
            .unwrap();
        connection
            .execute(
                "INSERT INTO fabric_recall_blocks VALUES (1, ?1, 1, ?2)",
                rusqlite::params![term.as_slice(), posting],
            )
            .unwrap();
    }
    let backend = SqliteBackend::open(&path).unwrap();
    let lists = backend.postings("a", vec![term]).await.unwrap();
    assert_eq!(lists[0].len(), 1);
    assert_eq!((lists[0][0].doc, lists[0][0].count, lists[0][0].length), (1, 2, 5));
    let docs = backend.docs("a", vec![1]).await.unwrap();
    let doc = docs[0].as_ref().unwrap();
    assert_eq!((doc.header.as_ref(), doc.attrs.as_deref()), (&b"h"[..], Some(&b"at"[..])));
    // Removing the migrated document removes its postings and attributes.
    backend.remove_docs("a", vec![ObjectKey::parse("records/a/r").unwrap()]).await.unwrap();
    assert!(backend.postings("a", vec![term]).await.unwrap()[0].is_empty());
    assert!(backend.docs("a", vec![1]).await.unwrap()[0].is_none());
}

#[tokio::test]
async fn a_listing_with_entries_pages_through_every_object_with_its_entry() {
    use futures::TryStreamExt as _;
    let dir = tempfile::tempdir().unwrap();
    let backend = SqliteBackend::open(&dir.path().join("f.db")).unwrap();
    let count = LIST_PAGE as usize + 3;
    let ops = (0..count)
        .map(|index| WriteOp::Put {
            key: ObjectKey::parse(&format!("records/a/{index:05}")).unwrap(),
            body: Bytes::from(format!("body {index}")),
            mode: PutMode::Create,
            entry: (index % 2 == 0).then(|| Bytes::from(format!("entry {index}"))),
        })
        .collect();
    backend.write_ops(ops).await.unwrap();
    // A key outside the prefix, and a tombstone entry apart from its object.
    backend
        .put(&ObjectKey::parse("records/b/x").unwrap(), Bytes::from_static(b"b"), PutMode::Create)
        .await
        .unwrap();
    let tombstoned = ObjectKey::parse("records/a/00001").unwrap();
    backend
        .write_ops(vec![WriteOp::PutEntry {
            key: tombstoned.clone(),
            body: Bytes::from_static(b"apart"),
        }])
        .await
        .unwrap();

    let listed: Vec<_> = backend
        .list_with_entries(&ObjectKey::parse("records/a").unwrap())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(listed.len(), count);
    for (index, (key, stored, entry)) in listed.iter().enumerate() {
        assert_eq!(key.as_str(), format!("records/a/{index:05}"));
        assert_eq!(stored.body, Bytes::from(format!("body {index}")));
        let expected = match index {
            1 => Some(Bytes::from_static(b"apart")),
            _ if index % 2 == 0 => Some(Bytes::from(format!("entry {index}"))),
            _ => None,
        };
        assert_eq!(entry, &expected, "{key}");
        // The same as a get of the one object.
        let (single, single_entry) = backend.get_with_entry(key).await.unwrap().unwrap();
        assert_eq!(
            (&single.body, &single.version, &single_entry),
            (&stored.body, &stored.version, entry)
        );
    }
}

/// A document indexed again with the same postings (a record stored again unchanged, as a
/// key rotation does) keeps its number and postings, with its new header and attributes;
/// one whose terms or counts changed gets a new number and new postings.
#[tokio::test]
async fn a_document_indexed_again_unchanged_keeps_its_postings() {
    use crate::RecallIndex as _;
    let dir = tempfile::tempdir().unwrap();
    let backend = SqliteBackend::open(&dir.path().join("f.db")).unwrap();
    let key = ObjectKey::parse("records/a/1").unwrap();
    let write = |doc: crate::recall::IndexDoc| {
        let key = key.clone();
        let backend = &backend;
        async move {
            let put = WriteOp::Put {
                key: key.clone(),
                body: Bytes::from_static(b"x"),
                mode: PutMode::Overwrite,
                entry: None,
            };
            backend.write_ops(vec![put, WriteOp::Index { key, doc }]).await.unwrap();
            let lists = backend.postings("a", vec![[1; 16], [2; 16]]).await.unwrap();
            lists.iter().map(|list| list.iter().map(|p| (p.doc, p.count)).collect()).collect()
        }
    };
    let first: Vec<Vec<(i64, u32)>> = write(doc("a", &[(1, 2), (2, 1)])).await;
    let number = first[0][0].0;
    let again = crate::recall::IndexDoc {
        header: Bytes::from_static(b"h2"),
        attrs: Some(Bytes::from_static(b"a2")),
        ..doc("a", &[(1, 2), (2, 1)])
    };
    assert_eq!(write(again).await, first, "same number, same postings");
    let info = backend.docs("a", vec![number]).await.unwrap().remove(0).unwrap();
    assert_eq!((info.header.as_ref(), info.attrs.as_deref()), (&b"h2"[..], Some(&b"a2"[..])));
    let stats = backend.stats("a").await.unwrap();
    assert_eq!((stats.docs, stats.length), (1, 3));
    // What readers cached of the scope is stale: its generation moved on.
    let again = crate::recall::IndexDoc {
        header: Bytes::from_static(b"h3"),
        ..doc("a", &[(1, 2), (2, 1)])
    };
    assert_eq!(write(again).await, first);
    assert!(backend.stats("a").await.unwrap().generation > stats.generation);
    // Other counts: a new document.
    let changed: Vec<Vec<(i64, u32)>> = write(doc("a", &[(1, 1), (2, 2)])).await;
    assert!(changed[0][0].0 > number);
    assert_eq!((changed[0][0].1, changed[1][0].1), (1, 2));
    assert_eq!(backend.stats("a").await.unwrap().docs, 1);
}
