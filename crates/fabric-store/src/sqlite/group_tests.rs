//! Tests of the recall index's part of a group commit (`recall::Pending`): the requests
//! of one group share one run, and a request that fails leaves nothing in it.

use super::tests::doc;
use super::*;

#[tokio::test]
async fn the_requests_of_one_group_commit_share_one_run_and_a_failed_one_leaves_nothing() {
    use crate::RecallIndex as _;
    let dir = tempfile::tempdir().unwrap();
    let backend = Arc::new(SqliteBackend::open(&dir.path().join("f.db")).unwrap());
    let key = |name: &str| ObjectKey::parse(&format!("records/a/{name}")).unwrap();
    let put = |key: &ObjectKey, mode| WriteOp::Put {
        key: key.clone(),
        body: Bytes::from_static(b"x"),
        mode,
        entry: None,
    };
    let index = |key: &ObjectKey, doc| WriteOp::Index { key: key.clone(), doc };
    let (one, two, three) = (key("1"), key("2"), key("3"));
    let requests = vec![
        // Indexed, then replaced by a later request of the same group.
        vec![put(&one, PutMode::Create), index(&one, doc("a", &[(1, 1)]))],
        // Indexes, then fails: its document goes with it.
        vec![
            put(&two, PutMode::Create),
            index(&two, doc("a", &[(2, 1)])),
            put(&one, PutMode::Create),
        ],
        vec![put(&one, PutMode::Overwrite), index(&one, doc("a", &[(3, 2)]))],
        // Indexed, then deleted by a later request of the same group.
        vec![put(&three, PutMode::Create), index(&three, doc("a", &[(1, 1), (4, 1)]))],
        vec![WriteOp::Delete { key: three.clone() }],
    ];

    // Hold the writer, so that the requests queue and commit as one group.
    let (release, held) = std::sync::mpsc::channel::<()>();
    let (started, running) = tokio::sync::oneshot::channel::<()>();
    let holder = {
        let database = Arc::clone(backend.database());
        tokio::spawn(async move {
            database
                .write(1, move |_| {
                    let _ = started.send(());
                    while held.recv().is_ok() {}
                    Ok::<_, Error>(())
                })
                .await
        })
    };
    running.await.unwrap();
    let writes: Vec<_> = requests
        .into_iter()
        .map(|ops| {
            let backend = Arc::clone(&backend);
            tokio::spawn(async move { backend.write_ops(ops).await })
        })
        .collect();
    for _ in 0..16 {
        tokio::task::yield_now().await;
    }
    drop(release);
    holder.await.unwrap().unwrap();
    let mut outcomes = Vec::new();
    for write in writes {
        outcomes.push(write.await.unwrap().is_ok());
    }
    assert_eq!(outcomes, [true, false, true, true, true]);

    let lists = backend.postings("a", (1..=4).map(|byte| [byte; 16]).collect()).await.unwrap();
    let counts: Vec<Vec<u32>> =
        lists.iter().map(|list| list.iter().map(|posting| posting.count).collect()).collect();
    assert_eq!(counts, [vec![], vec![], vec![2], vec![]]);
    let stats = backend.stats("a").await.unwrap();
    assert_eq!((stats.docs, stats.length), (1, 2));
    let runs: i64 = backend
        .read(|connection| {
            connection
                .query_row("SELECT COUNT(*) FROM fabric_recall_runs", [], |row| row.get(0))
                .map_err(sql_error)
        })
        .await
        .unwrap();
    assert_eq!(runs, 1, "one run for the whole group");
}
