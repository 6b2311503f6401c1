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

/// A [`GroupWork`] that writes, once per group, how many jobs left a value and their sum;
/// a negative value fails the group.
#[derive(Default)]
struct Tally(Mutex<Vec<i64>>);

impl GroupWork for Tally {
    fn before_commit(&self, connection: &Connection) -> Result<(), String> {
        let values = std::mem::take(&mut *self.0.lock().unwrap());
        if values.iter().any(|value| *value < 0) {
            return Err("a negative value".to_owned());
        }
        if values.is_empty() {
            return Ok(());
        }
        let sum: i64 = values.iter().sum();
        connection
            .execute("INSERT INTO g (n, sum) VALUES (?1, ?2)", [values.len() as i64, sum])
            .map(drop)
            .map_err(|error| error.to_string())
    }

    fn discard(&self) {
        self.0.lock().unwrap().clear();
    }
}

/// Holds the writer in a job of its own until the returned sender is dropped, so that the
/// jobs queued meanwhile form the next group.
async fn hold_writer(database: &Arc<Database>) -> (std::sync::mpsc::Sender<()>, JoinHandle) {
    let (release, held) = std::sync::mpsc::channel::<()>();
    let (started, running) = tokio::sync::oneshot::channel::<()>();
    let database = Arc::clone(database);
    let holder = tokio::spawn(async move {
        database
            .write(1, move |_| {
                let _ = started.send(());
                // Ends when the sender is dropped.
                while held.recv().is_ok() {}
                Ok::<_, TestError>(())
            })
            .await
    });
    // The writer runs it: what is queued from now on waits for the next group.
    running.await.unwrap();
    (release, holder)
}

type JoinHandle = tokio::task::JoinHandle<Result<(), TestError>>;

/// Lets every spawned task run up to its first wait (the current-thread test runtime runs
/// them in turn).
async fn let_tasks_queue() {
    for _ in 0..16 {
        tokio::task::yield_now().await;
    }
}

/// Queues `values` as jobs that insert into `t` and leave their value to the group's
/// tally; a value of 3 makes its job fail after inserting.
fn queue_jobs(database: &Arc<Database>, tally: &Arc<Tally>, values: &[i64]) -> Vec<JoinHandle> {
    values
        .iter()
        .map(|&value| {
            let (database, tally) = (Arc::clone(database), Arc::clone(tally));
            tokio::spawn(async move {
                database
                    .write(1, move |connection| {
                        connection.execute("INSERT INTO t (x) VALUES (?1)", [value])?;
                        if value == 3 {
                            return Err(TestError::Refused);
                        }
                        tally.0.lock().unwrap().push(value);
                        Ok(())
                    })
                    .await
            })
        })
        .collect()
}

#[tokio::test]
async fn group_work_runs_once_per_group_and_a_failure_fails_the_whole_group() {
    let dir = tempfile::tempdir().unwrap();
    let database = Database::open(&dir.path().join("f.db")).unwrap();
    database
        .write(1, |connection| {
            connection
                .execute_batch(
                    "CREATE TABLE t (x INTEGER); CREATE TABLE g (n INTEGER, sum INTEGER)",
                )
                .map_err(TestError::from)
        })
        .await
        .unwrap();
    let tally = database.group_work::<Tally>();
    assert!(Arc::ptr_eq(&tally, &database.group_work::<Tally>()), "one value per file");

    // Eight jobs in one group, the one with 3 failing: one tally of the other seven.
    let (release, holder) = hold_writer(&database).await;
    let jobs = queue_jobs(&database, &tally, &[1, 2, 3, 4, 5, 6, 7, 8]);
    let_tasks_queue().await;
    drop(release);
    holder.await.unwrap().unwrap();
    let mut outcomes = Vec::new();
    for job in jobs {
        outcomes.push(job.await.unwrap());
    }
    assert_eq!(outcomes.iter().filter(|outcome| outcome.is_ok()).count(), 7);
    let tallies = database
        .read(|connection| {
            let mut statement = connection.prepare("SELECT n, sum FROM g")?;
            let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
            rows.collect::<Result<Vec<(i64, i64)>, _>>().map_err(TestError::from)
        })
        .await
        .unwrap();
    assert_eq!(tallies, [(7, 33)]);

    // A group whose work fails: every job of it fails, and nothing of it is kept.
    let (release, holder) = hold_writer(&database).await;
    let jobs = queue_jobs(&database, &tally, &[10, -1, 11]);
    let_tasks_queue().await;
    drop(release);
    holder.await.unwrap().unwrap();
    for job in jobs {
        assert!(matches!(job.await.unwrap(), Err(TestError::Layer)));
    }
    assert_eq!(count_rows(&database).await, 7);
    // What the failed group left is forgotten: the next job's group tallies itself alone.
    queue_jobs(&database, &tally, &[20]).pop().unwrap().await.unwrap().unwrap();
    let last = database
        .read(|connection| {
            connection
                .query_row("SELECT n, sum FROM g ORDER BY rowid DESC LIMIT 1", [], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })
                .map_err(TestError::from)
        })
        .await
        .unwrap();
    assert_eq!(last, (1_i64, 20_i64));
}

#[tokio::test]
async fn a_cached_statement_keeps_its_plan_whatever_its_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let database = Database::open(&dir.path().join("f.db")).unwrap();
    database
        .write(1, |connection| {
            connection
                .execute_batch(
                    "CREATE TABLE e (stream TEXT NOT NULL, seq INTEGER NOT NULL,
                     PRIMARY KEY (stream, seq)) WITHOUT ROWID",
                )
                .map_err(TestError::from)
        })
        .await
        .unwrap();
    let mut recompiled = 0;
    for seq in 1..=10_i64 {
        recompiled = database
            .write(1, move |connection| {
                let stream = if seq % 2 == 0 { "even" } else { "odd" };
                connection.execute("INSERT INTO e (stream, seq) VALUES (?1, ?2)", (stream, seq))?;
                // The shape of the audit log's head: a bound parameter, ORDER BY .. LIMIT.
                let mut head = connection.prepare_cached(
                    "SELECT seq FROM e WHERE stream = ?1 ORDER BY seq DESC LIMIT 1",
                )?;
                let last: i64 = head.query_row([stream], |row| row.get(0))?;
                assert_eq!(last, seq);
                Ok::<_, TestError>(head.get_status(rusqlite::StatementStatus::RePrepare))
            })
            .await
            .unwrap();
    }
    assert_eq!(recompiled, 0);
}
