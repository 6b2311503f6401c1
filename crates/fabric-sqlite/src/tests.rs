//! The layer's own guarantees: one database per file, the same pragmas on every connection,
//! owner-only files, group commit with failures kept apart.

#![allow(clippy::unwrap_used, reason = "tests fail by panicking")]

use super::*;

#[derive(Debug)]
enum TestError {
    Layer,
    Refused,
}

impl From<Error> for TestError {
    fn from(_: Error) -> Self {
        TestError::Layer
    }
}

impl From<rusqlite::Error> for TestError {
    fn from(_: rusqlite::Error) -> Self {
        TestError::Layer
    }
}

fn pragmas(connection: &Connection) -> (String, i64, i64, bool) {
    let journal: String =
        connection.pragma_query_value(None, "journal_mode", |row| row.get(0)).unwrap();
    let synchronous: i64 =
        connection.pragma_query_value(None, "synchronous", |row| row.get(0)).unwrap();
    let busy: i64 = connection.pragma_query_value(None, "busy_timeout", |row| row.get(0)).unwrap();
    let query_only: bool =
        connection.pragma_query_value(None, "query_only", |row| row.get(0)).unwrap();
    (journal, synchronous, busy, query_only)
}

/// Creates table `t` through the writer.
async fn create_table(database: &Database) {
    database
        .write(1, |connection| {
            connection.execute_batch("CREATE TABLE t (x INTEGER)").map_err(TestError::from)
        })
        .await
        .unwrap();
}

/// The rows of table `t`, read through the pool.
async fn count_rows(database: &Arc<Database>) -> i64 {
    database
        .read(|connection| {
            connection
                .query_row("SELECT COUNT(*) FROM t", [], |row| row.get(0))
                .map_err(TestError::from)
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn every_connection_has_the_same_pragmas_and_one_database_serves_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.db");
    let database = Database::open(&path).unwrap();
    let again = Database::open(&dir.path().join(".").join("f.db")).unwrap();
    assert!(Arc::ptr_eq(&database, &again));
    let writer =
        database.write(1, |connection| Ok::<_, TestError>(pragmas(connection))).await.unwrap();
    let reader = database.read(|connection| Ok::<_, TestError>(pragmas(connection))).await.unwrap();
    let busy = i64::try_from(BUSY_TIMEOUT.as_millis()).unwrap();
    assert_eq!(writer, ("wal".to_owned(), 2, busy, false));
    assert_eq!(reader, ("wal".to_owned(), 2, busy, true));
    drop((database, again));
    // Once every handle is gone, the next open starts afresh.
    let reopened = Database::open(&path).unwrap();
    assert_eq!(reopened.path(), path.canonicalize().unwrap());
}

#[cfg(unix)]
#[test]
fn a_new_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.db");
    let database = Database::open(&path).unwrap();
    database
        .write_blocking(1, |connection| {
            connection.execute_batch("CREATE TABLE t (x INTEGER)").map_err(TestError::from)
        })
        .unwrap();
    for name in ["f.db", "f.db-wal"] {
        let mode = std::fs::metadata(dir.path().join(name)).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "{name}: {mode:o}");
    }
}

#[test]
fn a_file_that_is_not_a_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.db");
    std::fs::write(&path, b"this is not a database file, just some text long enough").unwrap();
    assert!(Database::open(&path).is_err());
}

#[tokio::test]
async fn concurrent_writes_commit_together_and_a_failing_one_fails_alone() {
    let dir = tempfile::tempdir().unwrap();
    let database = Database::open(&dir.path().join("f.db")).unwrap();
    database
        .write(1, |connection| {
            connection
                .execute_batch("CREATE TABLE t (x INTEGER PRIMARY KEY)")
                .map_err(TestError::from)
        })
        .await
        .unwrap();
    let writes = (0..64).map(|i| {
        let database = Arc::clone(&database);
        tokio::spawn(async move {
            database
                .write(1, move |connection| {
                    connection.execute("INSERT INTO t (x) VALUES (?1)", [i % 32])?;
                    // Every second job writes a row, then fails: its row goes with it.
                    if i % 2 == 1 { Err(TestError::Refused) } else { Ok(()) }
                })
                .await
        })
    });
    let mut outcomes = Vec::new();
    for write in writes.collect::<Vec<_>>() {
        outcomes.push(write.await.unwrap());
    }
    let refused =
        outcomes.iter().filter(|outcome| matches!(outcome, Err(TestError::Refused))).count();
    let failed = outcomes.iter().filter(|outcome| matches!(outcome, Err(TestError::Layer))).count();
    // Evens 0..64 insert 0,2,..,30 twice: the second insert of each hits the key and fails.
    assert_eq!(refused, 32);
    assert_eq!(failed, 16);
    let rows = count_rows(&database).await;
    assert_eq!(rows, 16);
}

#[tokio::test]
async fn a_job_alone_waits_on_its_producer_in_its_own_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let database = Database::open(&dir.path().join("f.db")).unwrap();
    create_table(&database).await;
    let (sender, receiver) = std::sync::mpsc::channel::<i64>();
    let streamed = {
        let database = Arc::clone(&database);
        tokio::spawn(async move {
            database
                .write_alone(3, move |connection| {
                    for x in receiver {
                        connection.execute("INSERT INTO t (x) VALUES (?1)", [x])?;
                    }
                    Ok::<_, TestError>(())
                })
                .await
        })
    };
    for x in 0..3 {
        sender.send(x).unwrap();
    }
    drop(sender);
    streamed.await.unwrap().unwrap();
    database
        .write(1, |connection| {
            connection
                .execute("INSERT INTO t (x) VALUES (9)", [])
                .map(drop)
                .map_err(TestError::from)
        })
        .await
        .unwrap();
    let rows = count_rows(&database).await;
    assert_eq!(rows, 4);
}

#[tokio::test]
async fn a_job_that_panics_fails_alone_and_the_writer_carries_on() {
    let dir = tempfile::tempdir().unwrap();
    let database = Database::open(&dir.path().join("f.db")).unwrap();
    create_table(&database).await;
    let panicked = database
        .write(1, |connection| -> Result<(), TestError> {
            connection.execute("INSERT INTO t (x) VALUES (1)", [])?;
            panic!("a bug in a write job");
        })
        .await;
    assert!(matches!(panicked, Err(TestError::Layer)), "{panicked:?}");
    database
        .write(1, |connection| {
            connection
                .execute("INSERT INTO t (x) VALUES (2)", [])
                .map(drop)
                .map_err(TestError::from)
        })
        .await
        .unwrap();
    assert_eq!(count_rows(&database).await, 1);
}
