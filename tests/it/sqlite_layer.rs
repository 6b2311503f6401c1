//! Every table of a fabric database file goes through one `fabric_sqlite::Database`.

use memory_fabric::audit::sink::sqlite::SqliteSink;
use memory_fabric::authz::SqliteApiKeyStore;
use memory_fabric::store::SqliteBackend;
use std::sync::Arc;

#[tokio::test]
async fn records_audit_and_api_keys_of_one_file_share_its_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fabric.db");
    let records = SqliteBackend::open(&path).unwrap();
    let audit = SqliteSink::open(&path).unwrap();
    let keys = SqliteApiKeyStore::open(&path).unwrap();
    let database = records.database();
    assert!(Arc::ptr_eq(database, audit.database()));
    assert!(Arc::ptr_eq(database, keys.database().unwrap()));
    // Its connections, writer and readers, carry the layer's pragmas.
    let pragmas = |connection: &rusqlite::Connection| -> rusqlite::Result<(String, i64, i64)> {
        Ok((
            connection.pragma_query_value(None, "journal_mode", |row| row.get(0))?,
            connection.pragma_query_value(None, "synchronous", |row| row.get(0))?,
            connection.pragma_query_value(None, "busy_timeout", |row| row.get(0))?,
        ))
    };
    let expected = ("wal".to_owned(), 2, 10_000);
    let written: Result<_, Failure> =
        database.write(1, move |connection| pragmas(connection).map_err(Failure::from)).await;
    assert_eq!(written.unwrap(), expected);
    let read: Result<_, Failure> =
        database.read(move |connection| pragmas(connection).map_err(Failure::from)).await;
    assert_eq!(read.unwrap(), expected);
}

#[derive(Debug)]
struct Failure;

impl From<fabric_sqlite::Error> for Failure {
    fn from(_: fabric_sqlite::Error) -> Self {
        Failure
    }
}

impl From<rusqlite::Error> for Failure {
    fn from(_: rusqlite::Error) -> Self {
        Failure
    }
}
