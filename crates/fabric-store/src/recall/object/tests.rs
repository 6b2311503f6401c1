//! Tests of `recall::object`.

use std::sync::Arc;

use super::*;
use crate::{ObjectStoreBackend, RecallIndex as _};

fn doc(byte: u8) -> IndexDoc {
    IndexDoc {
        scope: "alice".to_owned(),
        terms: vec![([byte; TERM_BYTES], 1), ([0; TERM_BYTES], 2)],
        length: 3,
        header: Bytes::from_static(b"header"),
        attrs: Some(Bytes::from_static(b"sealed")),
        dimensions: 0,
        version: 1,
    }
}

fn key(writer: usize, index: usize) -> ObjectKey {
    ObjectKey::parse(&format!("records/alice/w{writer}-{index}")).unwrap()
}

#[test]
fn segments_round_trip_and_garbage_is_refused() {
    let entries = vec![(key(0, 0), Entry::Doc(doc(1))), (key(0, 1), Entry::Removed)];
    assert_eq!(decode(&encode(&entries)).unwrap(), entries);
    let bytes = encode(&entries);
    for cut in 0..bytes.len() {
        assert!(decode(&bytes[..cut]).is_err(), "a segment cut at {cut} is refused");
    }
    assert!(Manifest::parse(b"not-an-id\n").is_err());
    let manifest = Manifest { ids: vec!["ab".repeat(16)], dimensions: 384 };
    assert_eq!(Manifest::parse(&manifest.encode()).unwrap(), manifest);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_writers_racing_on_one_scope_lose_no_documents() {
    let backend = Arc::new(ObjectStoreBackend::memory());
    let writers: Vec<_> = (0..2)
        .map(|writer| {
            let backend = Arc::clone(&backend);
            tokio::spawn(async move {
                for index in 0..40 {
                    let byte = u8::try_from(writer * 100 + index + 1).unwrap();
                    backend.put_docs("alice", vec![(key(writer, index), doc(byte))]).await.unwrap();
                }
            })
        })
        .collect();
    for writer in writers {
        writer.await.unwrap();
    }
    let stats = backend.stats("alice").await.unwrap();
    assert_eq!((stats.docs, stats.length), (80, 240), "every document landed");
    let shared = backend.postings("alice", vec![[0; TERM_BYTES]]).await.unwrap();
    assert_eq!(shared[0].len(), 80);
    // Merged as it went: few segments are live.
    let ids = read_manifest(backend.as_ref(), "alice").await.unwrap().1.ids;
    assert!(ids.len() <= MERGE_AT, "{} live segments", ids.len());

    // A removal merges at once: the removed document's terms leave storage.
    backend.remove_docs("alice", vec![key(0, 0)]).await.unwrap();
    let ids = read_manifest(backend.as_ref(), "alice").await.unwrap().1.ids;
    assert_eq!(ids.len(), 1);
    let mut stored = Vec::new();
    let mut listing = backend.list(&folder("alice").unwrap());
    while let Some(meta) = listing.try_next().await.unwrap() {
        stored.extend(backend.get(&meta.key).await.unwrap().body);
    }
    assert!(!stored.windows(TERM_BYTES).any(|window| window == [1; TERM_BYTES]));
    assert_eq!(backend.stats("alice").await.unwrap().docs, 79);
    let prefix = ObjectKey::parse("records").unwrap();
    assert_eq!(backend.indexed(&prefix).await.unwrap().len(), 79);
}

#[tokio::test]
async fn of_two_documents_of_one_key_the_higher_version_stays_whichever_landed_last() {
    let backend = ObjectStoreBackend::memory();
    let newer = IndexDoc { version: 3, ..doc(3) };
    let older = IndexDoc { version: 2, ..doc(2) };
    backend.put_docs("alice", vec![(key(0, 0), newer)]).await.unwrap();
    backend.put_docs("alice", vec![(key(0, 0), older)]).await.unwrap();
    let kept = backend.postings("alice", vec![[3; TERM_BYTES], [2; TERM_BYTES]]).await.unwrap();
    assert_eq!((kept[0].len(), kept[1].len()), (1, 0));
    // After a removal, a document of any version takes the key again (a record made anew).
    backend.remove_docs("alice", vec![key(0, 0)]).await.unwrap();
    backend.put_docs("alice", vec![(key(0, 0), IndexDoc { version: 1, ..doc(1) })]).await.unwrap();
    assert_eq!(backend.postings("alice", vec![[1; TERM_BYTES]]).await.unwrap()[0].len(), 1);
    assert_eq!(backend.stats("alice").await.unwrap().docs, 1);
}
