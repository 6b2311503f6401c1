//! Recall on the SQLite backend: text, vectors, filters, deletion, owner isolation, and
//! nothing indexed in clear.

#![allow(clippy::unwrap_used, clippy::panic, reason = "tests fail by panicking")]

use std::sync::Arc;

use fabric_core::fabric_crypto::{Keyring, MasterKey, OsRandom};
use fabric_core::fabric_store::{ObjectStoreBackend, SqliteBackend};
use fabric_core::{Filter, MemoryFabric, MemoryType, NewRecord, RecallQuery, RecallWeights};

fn fabric(dir: &tempfile::TempDir) -> MemoryFabric {
    fabric_on(Arc::new(SqliteBackend::open(&dir.path().join("fabric.db")).unwrap()))
}

fn fabric_on(backend: Arc<dyn fabric_core::fabric_store::Backend>) -> MemoryFabric {
    MemoryFabric::builder()
        .backend(backend)
        .keyring(Keyring::single(MasterKey::generate(&OsRandom).unwrap()))
        .build()
        .unwrap()
}

/// The fabric on each backend family: SQLite (index in the records' transactions), a
/// directory and memory (segments beside the objects).
fn every_backend(dir: &tempfile::TempDir) -> Vec<(&'static str, MemoryFabric)> {
    let files = dir.path().join("files");
    std::fs::create_dir_all(&files).unwrap();
    vec![
        ("sqlite", fabric(dir)),
        ("file", fabric_on(Arc::new(ObjectStoreBackend::local(&files).unwrap()))),
        ("memory", fabric_on(Arc::new(ObjectStoreBackend::memory()))),
    ]
}

fn text_query(owner: &str, text: &str, k: usize) -> RecallQuery {
    RecallQuery {
        text: Some(text.to_owned()),
        k,
        filter: Filter::owner(owner),
        ..RecallQuery::default()
    }
}

fn contents(hits: &[fabric_core::RecallHit]) -> Vec<&str> {
    hits.iter().map(|hit| hit.record.content.as_str()).collect()
}

#[tokio::test]
async fn text_recall_ranks_by_bm25_over_blind_terms() {
    let dir = tempfile::tempdir().unwrap();
    for (backend, fabric) in every_backend(&dir) {
        text_recall_on(backend, &fabric).await;
    }
}

async fn text_recall_on(backend: &str, fabric: &MemoryFabric) {
    for content in [
        "The quarterly review meeting moved to Thursday",
        "Buy oat milk and coffee beans",
        "Reviewing the budget before the review meeting",
        "Alice prefers tea over coffee",
    ] {
        fabric.store(NewRecord::new("alice", content)).await.unwrap();
    }
    fabric.store(NewRecord::new("bob", "review meeting notes of bob")).await.unwrap();

    let hits = fabric.recall(&text_query("alice", "review meetings", 3)).await.unwrap();
    let found = contents(&hits);
    assert_eq!(found.len(), 2, "{backend}: {found:?}");
    assert!(found.iter().all(|content| content.contains("review") || content.contains("Review")));
    assert!(hits[0].score >= hits[1].score);
    assert!(hits[0].signals.text.unwrap() > 0.0);
    // Stemming: "reviewing" matches "review".
    let coffee = fabric.recall(&text_query("alice", "COFFEE", 5)).await.unwrap();
    assert_eq!(coffee.len(), 2);
    // Another owner's records are never recalled, and an owner with none gets nothing.
    assert!(contents(&hits).iter().all(|content| !content.contains("bob")));
    assert!(fabric.recall(&text_query("carol", "review", 5)).await.unwrap().is_empty());
}

#[tokio::test]
async fn filters_apply_before_ranking_and_deleted_records_are_gone() {
    let dir = tempfile::tempdir().unwrap();
    for (backend, fabric) in every_backend(&dir) {
        filters_on(backend, &fabric).await;
    }
}

async fn filters_on(backend: &str, fabric: &MemoryFabric) {
    let work = fabric
        .store(NewRecord::new("alice", "project deadline on Friday").with_tag("work"))
        .await
        .unwrap();
    fabric
        .store(
            NewRecord::new("alice", "deadline for the tax return")
                .with_tag("home")
                .with_metadata("year", 2026),
        )
        .await
        .unwrap();
    let mut query = text_query("alice", "deadline", 5);
    query.filter = Filter::owner("alice").with_tag("work");
    assert_eq!(contents(&fabric.recall(&query).await.unwrap()), ["project deadline on Friday"]);
    query.filter = Filter::owner("alice").with_metadata("year", 2026);
    assert_eq!(contents(&fabric.recall(&query).await.unwrap()), ["deadline for the tax return"]);
    // A tag is also a word of the record.
    assert_eq!(fabric.recall(&text_query("alice", "home", 5)).await.unwrap().len(), 1);

    fabric.delete("alice", work.id.as_str()).await.unwrap();
    let left = fabric.recall(&text_query("alice", "deadline friday", 5)).await.unwrap();
    assert_eq!(contents(&left), ["deadline for the tax return"], "{backend}");
}

#[tokio::test]
async fn vectors_rank_by_cosine_and_hybrid_fuses_both() {
    let dir = tempfile::tempdir().unwrap();
    for (backend, fabric) in every_backend(&dir) {
        vectors_on(backend, &fabric).await;
    }
}

async fn vectors_on(backend: &str, fabric: &MemoryFabric) {
    let records = [
        ("cats purr on the sofa", [1.0, 0.0, 0.0]),
        ("dogs bark at the mail carrier", [0.0, 1.0, 0.0]),
        ("kittens and cats play", [0.9, 0.1, 0.0]),
    ];
    for (content, vector) in records {
        let mut input = NewRecord::new("alice", content);
        input.embedding = Some(vector.to_vec());
        fabric.store(input).await.unwrap();
    }
    let query = RecallQuery {
        vector: Some(vec![0.0, 1.0, 0.1]),
        k: 1,
        filter: Filter::owner("alice"),
        ..RecallQuery::default()
    };
    let hits = fabric.recall(&query).await.unwrap();
    assert_eq!(contents(&hits), ["dogs bark at the mail carrier"], "{backend}");
    // The owner's dimension is fixed by its first embedding; another owner has its own.
    let mut other = NewRecord::new("alice", "four values");
    other.embedding = Some(vec![1.0; 4]);
    let refused = fabric.store(other).await;
    assert!(matches!(refused, Err(fabric_core::Error::InvalidInput { .. })), "{refused:?}");
    let mut bob = NewRecord::new("bob", "four values");
    bob.embedding = Some(vec![1.0; 4]);
    fabric.store(bob).await.unwrap();
    assert!(hits[0].signals.vector.unwrap() > 0.9);

    let hybrid = RecallQuery {
        text: Some("cats".to_owned()),
        vector: Some(vec![0.9, 0.1, 0.0]),
        k: 2,
        filter: Filter::owner("alice"),
        weights: RecallWeights::agent(),
    };
    let hits = fabric.recall(&hybrid).await.unwrap();
    assert_eq!(contents(&hits), ["kittens and cats play", "cats purr on the sofa"]);
    assert!(hits[0].signals.relevance > 0.9 && hits[0].signals.recency > 0.9);
}

#[tokio::test]
async fn bad_queries_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fabric = fabric(&dir);
    for query in [
        RecallQuery { k: 5, filter: Filter::owner("alice"), ..RecallQuery::default() },
        RecallQuery { k: 0, ..text_query("alice", "x", 1) },
        RecallQuery { k: 1000, ..text_query("alice", "x", 1) },
        RecallQuery { filter: Filter::default(), ..text_query("alice", "x", 1) },
        RecallQuery { vector: Some(vec![f32::NAN]), ..text_query("alice", "x", 1) },
        RecallQuery {
            weights: RecallWeights { text: -1.0, ..RecallWeights::default() },
            ..text_query("alice", "x", 1)
        },
    ] {
        let refused = fabric.recall(&query).await;
        assert!(matches!(refused, Err(fabric_core::Error::InvalidInput { .. })), "{refused:?}");
    }
}

#[tokio::test]
async fn nothing_is_indexed_or_audited_in_clear() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fabric.db");
    let sink = Arc::new(fabric_core::fabric_audit::sink::sqlite::SqliteSink::open(&path).unwrap());
    let fabric = MemoryFabric::builder()
        .backend(Arc::new(SqliteBackend::open(&path).unwrap()))
        .keyring(Keyring::single(MasterKey::generate(&OsRandom).unwrap()))
        .audit_to(sink, "test")
        .build()
        .unwrap();
    let mut input = NewRecord::new("alice", "zanzibarian xylophone quokka")
        .with_tag("marmalade")
        .with_metadata("flavour", "tangerine");
    input.embedding = Some(vec![0.123_456_79, 98.765_43]);
    let stored = fabric.store(input).await.unwrap();
    let query = RecallQuery {
        text: Some("quokka quixotic".to_owned()),
        vector: Some(vec![0.777_777_7, 0.333_333_3]),
        ..text_query("alice", "", 1)
    };
    assert_eq!(fabric.recall(&query).await.unwrap().len(), 1);
    fabric.delete("alice", stored.id.as_str()).await.unwrap();
    assert!(fabric.recall(&query).await.unwrap().is_empty(), "a deleted record is not recalled");
    fabric.audit_log().unwrap().close().await.unwrap();
    drop(fabric);
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        bytes.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    let words =
        ["zanzibar", "xylophone", "quokka", "marmalade", "tangerine", "flavour", "quixotic"];
    for word in words {
        assert!(
            !bytes.windows(word.len()).any(|window| window.eq_ignore_ascii_case(word.as_bytes())),
            "{word} is stored in clear"
        );
    }
    for value in [0.123_456_79_f32, 98.765_43, 0.777_777_7, 0.333_333_3] {
        let raw = value.to_le_bytes();
        assert!(!bytes.windows(4).any(|window| window == raw), "a vector value is in clear");
    }
    // The deleted record's postings are gone (the file's pages may still hold old bytes,
    // but no table row names it).
    let db = rusqlite::Connection::open(&path).unwrap();
    let rows: i64 = db
        .query_row(
            "SELECT (SELECT COUNT(*) FROM fabric_recall_pages)
                  + (SELECT COUNT(*) FROM fabric_recall_docs)
                  + (SELECT COUNT(*) FROM fabric_recall_attrs)",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(rows, 0);
}

#[tokio::test]
async fn a_tampered_index_neither_panics_nor_widens_a_filter() {
    let dir = tempfile::tempdir().unwrap();
    let fabric = fabric(&dir);
    let note = NewRecord::new("alice", "kestrel sighting").with_memory_type(MemoryType::Note);
    fabric.store(note).await.unwrap();
    fabric.store(NewRecord::new("alice", "kestrel again")).await.unwrap();
    let db = rusqlite::Connection::open(dir.path().join("fabric.db")).unwrap();
    // The note's header in the index now claims another memory type.
    let conversation = MemoryType::ALL.iter().position(|kind| *kind == MemoryType::Conversation);
    let mut header: Vec<u8> = db
        .query_row("SELECT header FROM fabric_recall_docs WHERE doc = 1", [], |row| row.get(0))
        .unwrap();
    header[0] = u8::try_from(conversation.unwrap()).unwrap();
    db.execute("UPDATE fabric_recall_docs SET header = ?1 WHERE doc = 1", [header]).unwrap();
    let mut query = text_query("alice", "kestrel", 5);
    query.filter = Filter::owner("alice").with_memory_type(MemoryType::Conversation);
    let hits = fabric.recall(&query).await.unwrap();
    assert_eq!(contents(&hits), ["kestrel again"], "the record's own header decides");
    // A header cut short is skipped, never a panic.
    db.execute("UPDATE fabric_recall_docs SET header = x'00' WHERE doc = 2", []).unwrap();
    assert!(fabric.recall(&text_query("alice", "kestrel", 5)).await.is_ok());
    // An index key removed while documents use it is named, not answered with nothing.
    db.execute("DELETE FROM fabric_objects WHERE key = 'recall-keys/alice'", []).unwrap();
    drop(db);
    let reopened = self::fabric(&dir);
    let refused = reopened.recall(&text_query("alice", "kestrel", 5)).await;
    assert!(matches!(refused, Err(fabric_core::Error::Corrupt { .. })), "{refused:?}");
}

#[tokio::test]
async fn a_directory_backend_keeps_no_indexed_word_or_vector_in_clear() {
    let dir = tempfile::tempdir().unwrap();
    let fabric = fabric_on(Arc::new(ObjectStoreBackend::local(dir.path()).unwrap()));
    let mut input = NewRecord::new("alice", "zanzibarian xylophone quokka").with_tag("marmalade");
    input.embedding = Some(vec![0.123_456_79, 98.765_43]);
    let stored = fabric.store(input).await.unwrap();
    fabric.store(NewRecord::new("alice", "another quokka")).await.unwrap();
    assert_eq!(fabric.recall(&text_query("alice", "quokka", 5)).await.unwrap().len(), 2);
    fabric.delete("alice", stored.id.as_str()).await.unwrap();
    assert_eq!(fabric.recall(&text_query("alice", "xylophone", 5)).await.unwrap().len(), 0);
    let mut bytes = Vec::new();
    let mut pending = vec![dir.path().to_owned()];
    while let Some(path) = pending.pop() {
        for entry in std::fs::read_dir(&path).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                bytes.extend(std::fs::read(path).unwrap());
            }
        }
    }
    for word in ["zanzibar", "xylophone", "quokka", "marmalade"] {
        assert!(
            !bytes.windows(word.len()).any(|window| window.eq_ignore_ascii_case(word.as_bytes())),
            "{word} is stored in clear"
        );
    }
    for value in [0.123_456_79_f32, 98.765_43] {
        assert!(!bytes.windows(4).any(|window| window == value.to_le_bytes()));
    }
}

#[tokio::test]
async fn reindex_builds_the_index_of_records_stored_without_one() {
    let dir = tempfile::tempdir().unwrap();
    let keyring = Arc::new(Keyring::single(MasterKey::generate(&OsRandom).unwrap()));
    let open = |index: bool| {
        let backend = SqliteBackend::open(&dir.path().join("fabric.db")).unwrap();
        let builder =
            MemoryFabric::builder().backend(Arc::new(backend)).shared_keyring(Arc::clone(&keyring));
        if index { builder } else { builder.without_recall_index() }.build().unwrap()
    };
    let old = open(false);
    for content in ["alpha beta", "beta gamma", "gamma delta"] {
        old.store(NewRecord::new("alice", content)).await.unwrap();
    }
    old.store(NewRecord::new("bob", "beta for bob")).await.unwrap();
    assert!(old.index_coverage().await.unwrap().is_none(), "no index written");
    assert!(matches!(
        old.recall(&text_query("alice", "beta", 5)).await,
        Err(fabric_core::Error::Unsupported { .. })
    ));

    let fabric = open(true);
    let coverage = fabric.index_coverage().await.unwrap().unwrap();
    assert_eq!((coverage.objects, coverage.indexed), (4, 0));
    assert!(fabric.recall(&text_query("alice", "beta", 5)).await.unwrap().is_empty());
    let mut calls = Vec::new();
    let report =
        fabric.reindex(Some("alice"), |done, total| calls.push((done, total))).await.unwrap();
    assert_eq!((report.records, report.indexed, report.removed), (3, 3, 0));
    assert_eq!(calls.last(), Some(&(3, 3)));
    assert_eq!(fabric.recall(&text_query("alice", "beta", 5)).await.unwrap().len(), 2);
    assert!(fabric.recall(&text_query("bob", "beta", 5)).await.unwrap().is_empty());

    // A re-run does nothing; the rest of the owners are indexed by a run over all.
    let again = fabric.reindex(Some("alice"), |_, _| {}).await.unwrap();
    assert_eq!(again.indexed, 0);
    assert_eq!(fabric.reindex(None, |_, _| {}).await.unwrap().indexed, 1);
    let coverage = fabric.index_coverage().await.unwrap().unwrap();
    assert_eq!((coverage.objects, coverage.indexed), (4, 4));

    // A record replaced without an index write is indexed again from its new version.
    let replaced = old.recall(&text_query("alice", "x", 1)).await;
    assert!(replaced.is_err());
    let hits = fabric.recall(&text_query("alice", "delta", 1)).await.unwrap();
    let mut input = NewRecord::new("alice", "epsilon only").with_id(hits[0].record.id.as_str());
    input.importance = Some(0.9);
    old.store(input).await.unwrap();
    // Until reindexed, the stale document returns nothing rather than the new content.
    assert!(fabric.recall(&text_query("alice", "delta", 5)).await.unwrap().is_empty());
    assert_eq!(fabric.reindex(None, |_, _| {}).await.unwrap().indexed, 1);
    assert_eq!(
        contents(&fabric.recall(&text_query("alice", "epsilon", 5)).await.unwrap()),
        ["epsilon only"]
    );
    assert!(fabric.recall(&text_query("alice", "delta", 5)).await.unwrap().is_empty());
}

mod isolation {
    use super::*;
    use proptest::prelude::*;

    const WORDS: [&str; 8] =
        ["apple", "river", "stone", "cloud", "ember", "frost", "grove", "harbor"];

    fn memory() -> impl Strategy<Value = (usize, String)> {
        (0..3usize, proptest::collection::vec(0..WORDS.len(), 1..6)).prop_map(|(owner, words)| {
            (owner, words.iter().map(|word| WORDS[*word]).collect::<Vec<_>>().join(" "))
        })
    }

    fn scored(hits: &[fabric_core::RecallHit]) -> Vec<(String, u64)> {
        hits.iter().map(|hit| (hit.record.content.clone(), hit.score.to_bits())).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        /// One owner's recall returns only its records, and ranks and scores them exactly as
        /// a store holding no other owner's records would: nothing of another owner is
        /// ranked, returned or counted.
        #[test]
        fn one_owners_recall_never_sees_another_owners_records(
            memories in proptest::collection::vec(memory(), 1..24),
            query in proptest::collection::vec(0..WORDS.len(), 1..4),
            k in 1..10usize,
        ) {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            let outcome: Result<(), String> = runtime.block_on(async {
                let owners = ["alice", "bob", "carol"];
                let text = query.iter().map(|word| WORDS[*word]).collect::<Vec<_>>().join(" ");
                let mixed_dir = tempfile::tempdir().unwrap();
                let mixed = fabric(&mixed_dir);
                for (owner, content) in &memories {
                    mixed.store(NewRecord::new(owners[*owner], content.clone())).await.unwrap();
                }
                for (index, owner) in owners.iter().enumerate() {
                    let alone_dir = tempfile::tempdir().unwrap();
                    let alone = fabric(&alone_dir);
                    for (_, content) in memories.iter().filter(|(o, _)| *o == index) {
                        alone.store(NewRecord::new(*owner, content.clone())).await.unwrap();
                    }
                    let hits = mixed.recall(&text_query(owner, &text, k)).await.unwrap();
                    if hits.iter().any(|hit| hit.record.owner != *owner) {
                        return Err(format!("{owner} was given another owner's record"));
                    }
                    let expected = alone.recall(&text_query(owner, &text, k)).await.unwrap();
                    if scored(&hits) != scored(&expected) {
                        return Err(format!("{owner}'s ranking moved with other owners' records"));
                    }
                }
                Ok(())
            });
            prop_assert!(outcome.is_ok(), "{:?}", outcome);
        }
    }
}

#[test]
fn a_query_prints_without_its_text_or_vector() {
    let mut query = text_query("alice", "my secret diagnosis", 3);
    query.vector = Some(vec![0.424_242_4; 3]);
    let printed = format!("{query:?}");
    assert!(!printed.contains("secret") && !printed.contains("0.424"), "{printed}");
    assert!(printed.contains("alice") && printed.contains("k: 3"), "{printed}");
}

/// Many first writes of one new owner at once: one makes the owner's index key, and none
/// takes the others' documents, indexed between its read of the key and its count of the
/// documents, for a key that was removed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_first_writes_of_a_new_owner_share_one_index_key() {
    for round in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let fabric = Arc::new(fabric(&dir));
        let writers: Vec<_> = (0..32)
            .map(|n| {
                let fabric = Arc::clone(&fabric);
                tokio::spawn(async move {
                    fabric
                        .store(NewRecord::new("fresh", format!("note {n} of round {round}")))
                        .await
                })
            })
            .collect();
        for writer in writers {
            writer.await.unwrap().unwrap();
        }
        let found = fabric.recall(&text_query("fresh", "note", 50)).await.unwrap();
        assert_eq!(found.len(), 32);
    }
}
