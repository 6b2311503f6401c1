//! [`SqliteSink`]: events and checkpoints in two append-only tables of one SQLite file.

use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use fabric_sqlite::Database;
use fabric_sqlite::rusqlite::types::ValueRef;
use fabric_sqlite::rusqlite::{Connection, OptionalExtension as _, Row, params};
use futures::stream::BoxStream;

use crate::chain::{
    Head, Reader, decode_details, encode_details, put_bytes, put_optional_bytes, time_from_micros,
};
use crate::sink::{AuditSink, EncodedPage, EncodedPages, EventPages, SealedBatch, Stored};
use crate::{
    AppendRequest, Appended, AuditEvent, Checkpoint, CheckpointMac, Error, EventHash, Id,
    Operation, Reason, Result, Status, StreamId,
};

/// Rows one page of a read holds.
const PAGE_ROWS: usize = 4096;
/// Pages a reader may run ahead of its consumer.
const PAGES_AHEAD: usize = 4;

mod rows;
use rows::{checkpoint_from_row, event_from_row, read_encoded_blocking, read_pages_blocking};

const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS fabric_audit_events (
        stream TEXT NOT NULL,
        seq INTEGER NOT NULL,
        time INTEGER NOT NULL,
        actor TEXT,
        owner TEXT,
        operation TEXT NOT NULL,
        record_id TEXT,
        status TEXT NOT NULL,
        reason TEXT,
        request_id TEXT,
        details BLOB,
        prev_hash BLOB NOT NULL,
        hash BLOB NOT NULL,
        PRIMARY KEY (stream, seq)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS fabric_audit_checkpoints (
        stream TEXT NOT NULL,
        seq INTEGER NOT NULL,
        head_hash BLOB NOT NULL,
        time INTEGER NOT NULL,
        mac BLOB NOT NULL,
        PRIMARY KEY (stream, seq)
    ) WITHOUT ROWID;
    CREATE TRIGGER IF NOT EXISTS fabric_audit_events_no_update
        BEFORE UPDATE ON fabric_audit_events
        BEGIN SELECT RAISE(ABORT, 'fabric_audit_events is append-only'); END;
    CREATE TRIGGER IF NOT EXISTS fabric_audit_events_no_delete
        BEFORE DELETE ON fabric_audit_events
        BEGIN SELECT RAISE(ABORT, 'fabric_audit_events is append-only'); END;
    CREATE TRIGGER IF NOT EXISTS fabric_audit_checkpoints_no_delete
        BEFORE DELETE ON fabric_audit_checkpoints
        BEGIN SELECT RAISE(ABORT, 'fabric_audit_checkpoints is append-only'); END;
";

/// The guard on checkpoint updates: the only update allowed is a writer's close marking the
/// checkpoint of the same head as closing (see [`put_checkpoints_blocking`]).
const CHECKPOINT_UPDATE_TRIGGER: &str = "
    CREATE TRIGGER fabric_audit_checkpoints_no_update
        BEFORE UPDATE ON fabric_audit_checkpoints
        WHEN NOT (OLD.closed = 0 AND NEW.closed = 1 AND OLD.stream = NEW.stream
                  AND OLD.seq = NEW.seq AND OLD.head_hash = NEW.head_hash)
        BEGIN SELECT RAISE(ABORT, 'fabric_audit_checkpoints is append-only'); END;
";

/// Columns added after the first release: `(table, column, definition)`. Rows written before
/// get the default, which is what they are (format version 1, not closed).
const ADDED_COLUMNS: &[(&str, &str, &str)] = &[
    ("fabric_audit_events", "format", "INTEGER NOT NULL DEFAULT 1"),
    ("fabric_audit_checkpoints", "format", "INTEGER NOT NULL DEFAULT 1"),
    ("fabric_audit_checkpoints", "closed", "INTEGER NOT NULL DEFAULT 0"),
];

const INSERT_EVENT: &str = "INSERT INTO fabric_audit_events
    (stream, seq, time, actor, owner, operation, record_id, status, reason, request_id, details,
     prev_hash, hash, format)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
const SELECT_EVENTS: &str = "SELECT seq, time, actor, owner, operation, record_id, status, reason,
    request_id, details, prev_hash, hash, format FROM fabric_audit_events WHERE stream = ?1";
const SELECT_CHECKPOINTS: &str = "SELECT seq, head_hash, time, mac, format, closed
    FROM fabric_audit_checkpoints WHERE stream = ?1";

/// An [`AuditSink`] on one SQLite file: tables `fabric_audit_events` and
/// `fabric_audit_checkpoints`, WAL journal, `synchronous=FULL`.
///
/// Each append is one `BEGIN IMMEDIATE` transaction that reads the stream's head from the
/// table, inserts the sealed events with a prepared statement and commits once, so writers in
/// several processes sharing the file extend one chain. The sink only inserts; triggers refuse
/// `UPDATE` and `DELETE` on both tables (a guard against accidents, not against an attacker
/// with write access to the file: that is what verification is for).
///
/// `details` is stored as its canonical binary encoding (see `FORMAT.md`), times as
/// microseconds since the Unix epoch, hashes and MACs as 32-byte blobs.
#[derive(Debug)]
pub struct SqliteSink {
    database: Arc<Database>,
}

impl SqliteSink {
    /// Opens (creating when missing) the database file at `path`; its directory must exist.
    ///
    /// The file may be shared with `fabric_store::SqliteBackend` and with other processes.
    ///
    /// # Errors
    ///
    /// [`Error::Sqlite`] when the file cannot be opened or set up.
    pub fn open(path: &Path) -> Result<Self> {
        let database = Database::open(path)?;
        database.migrate_blocking(|connection| {
            connection.execute_batch(SCHEMA)?;
            add_columns(connection)
        })?;
        Ok(SqliteSink { database })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        self.database.path()
    }

    /// The file's database, shared with the other tables of the file.
    pub fn database(&self) -> &Arc<Database> {
        &self.database
    }

    async fn read<T: Send + 'static>(
        &self,
        query: impl FnOnce(&Connection) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        self.database.read(query).await
    }
}

/// Adds the columns of [`ADDED_COLUMNS`] a database created by an earlier release lacks, and
/// puts the current checkpoint update guard in place of an older one.
fn add_columns(connection: &Connection) -> Result<()> {
    let trigger: Option<String> = connection
        .query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger'
             AND name = 'fabric_audit_checkpoints_no_update'",
            [],
            |row| row.get(0),
        )
        .optional()?;
    if !trigger.is_some_and(|sql| sql.contains("NEW.closed")) {
        connection.execute_batch(&format!(
            "DROP TRIGGER IF EXISTS fabric_audit_checkpoints_no_update;
             {CHECKPOINT_UPDATE_TRIGGER}"
        ))?;
    }
    for (table, column, definition) in ADDED_COLUMNS {
        let present: bool = connection.query_row(
            &format!("SELECT COUNT(*) > 0 FROM pragma_table_info('{table}') WHERE name = ?1"),
            params![column],
            |row| row.get(0),
        )?;
        if !present {
            connection
                .execute_batch(&format!("ALTER TABLE {table} ADD COLUMN {column} {definition}"))?;
        }
    }
    Ok(())
}

fn to_i64(value: u64) -> Result<i64> {
    i64::try_from(value)
        .map_err(|_| Error::InvalidEvent { reason: "a sequence number is too large" })
}

fn read_head(connection: &Connection, stream: &StreamId) -> Result<Head> {
    let row = connection
        .prepare_cached(
            "SELECT seq, hash FROM fabric_audit_events WHERE stream = ?1 AND seq > 0
             ORDER BY seq DESC LIMIT 1",
        )?
        .query_row(params![stream.as_str()], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, Vec<u8>>(1)?))
        })
        .optional()?;
    match row {
        None => Ok(Head::EMPTY),
        Some((seq, hash)) => {
            let seq = u64::try_from(seq)
                .map_err(|_| Error::corrupt("fabric_audit_events", None, "negative seq"))?;
            let hash = EventHash::from_slice(&hash)
                .map_err(|error| Error::corrupt("fabric_audit_events", Some(seq), error))?;
            Ok(Head { seq, hash })
        }
    }
}

/// Appends `request` on `connection` inside the transaction the caller holds (the record
/// store's, when records and audit share the file), so that the events commit, or roll back,
/// with whatever else that transaction writes. The caller must hold a write transaction
/// (`BEGIN IMMEDIATE` or a savepoint in one), so the head read here stays the head while
/// [`AppendRequest::seal_after`] seals after it.
///
/// # Errors
///
/// As [`crate::append()`].
pub fn append_on(transaction: &Connection, request: AppendRequest) -> Result<Appended> {
    let head = read_head(transaction, &request.stream)?;
    let own = match request.own_event_to_check(head) {
        Some(seq) => hash_at(transaction, &request.stream, seq)?,
        None => None,
    };
    let batch = request.seal_after(head, own)?;
    insert_batch(transaction, &batch)?;
    Ok(Appended { events: batch.events })
}

/// Stores `batch` on `transaction` if the stored head is `batch.after`.
fn append_sealed_on(transaction: &Connection, batch: &SealedBatch) -> Result<Stored> {
    let head = read_head(transaction, &batch.stream)?;
    if head != batch.after {
        return Ok(Stored::Moved { count: 0, head });
    }
    insert_batch(transaction, batch)?;
    Ok(Stored::All)
}

/// Inserts the events of `batch` and its first checkpoint, if it has one, in the caller's
/// transaction: no crash leaves a stream with events and no checkpoint (which verification
/// names as tampering).
fn insert_batch(transaction: &Connection, batch: &SealedBatch) -> Result<()> {
    let mut details_buffer = Vec::with_capacity(128);
    {
        let mut insert = transaction.prepare_cached(INSERT_EVENT)?;
        for event in &batch.events {
            details_buffer.clear();
            let details = if event.details.is_empty() {
                None
            } else {
                encode_details(&mut details_buffer, &event.details);
                Some(details_buffer.as_slice())
            };
            insert.execute(params![
                batch.stream.as_str(),
                to_i64(event.seq)?,
                event.time.timestamp_micros(),
                event.actor.as_ref().map(Id::as_str),
                event.owner.as_ref().map(Id::as_str),
                event.operation.as_str(),
                event.record_id.as_ref().map(Id::as_str),
                event.status.as_str(),
                event.reason.map(Reason::code),
                event.request_id.as_ref().map(Id::as_str),
                details,
                event.prev_hash.0.as_slice(),
                event.hash.0.as_slice(),
                event.format,
            ])?;
        }
    }
    if let Some(genesis) = &batch.genesis {
        insert_checkpoints(transaction, std::slice::from_ref(genesis))?;
    }
    Ok(())
}

/// The stored hash of event `seq` of `stream`, if there is one.
fn hash_at(connection: &Connection, stream: &StreamId, seq: u64) -> Result<Option<EventHash>> {
    let hash: Option<Vec<u8>> = connection
        .prepare_cached("SELECT hash FROM fabric_audit_events WHERE stream = ?1 AND seq = ?2")?
        .query_row(params![stream.as_str(), to_i64(seq)?], |row| row.get(0))
        .optional()?;
    Ok(hash.and_then(|bytes| EventHash::from_slice(&bytes).ok()))
}

fn insert_checkpoints(transaction: &Connection, checkpoints: &[Checkpoint]) -> Result<()> {
    for checkpoint in checkpoints {
        // A checkpoint of the same head may already be there (a flush with nothing new): it is
        // kept, unless this one closes the stream at that head and it did not.
        transaction
            .prepare_cached(
                "INSERT INTO fabric_audit_checkpoints
                 (stream, seq, head_hash, time, mac, format, closed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (stream, seq) DO UPDATE
                 SET closed = 1, time = excluded.time, mac = excluded.mac, format = excluded.format
                 WHERE excluded.closed = 1 AND fabric_audit_checkpoints.closed = 0
                 AND fabric_audit_checkpoints.head_hash = excluded.head_hash",
            )?
            .execute(params![
                checkpoint.stream.as_str(),
                to_i64(checkpoint.seq)?,
                checkpoint.head_hash.0.as_slice(),
                checkpoint.time.timestamp_micros(),
                checkpoint.mac.0.as_slice(),
                checkpoint.version,
                checkpoint.closed,
            ])?;
    }
    Ok(())
}

/// What produces pages on a read connection: the stream, the sequence number to read after,
/// and where to send the pages.
type Producer<T> =
    fn(&Connection, &StreamId, u64, &tokio::sync::mpsc::Sender<Result<T>>) -> Result<()>;

impl SqliteSink {
    /// Runs `produce` on a pooled read connection in a blocking task, streaming what it sends.
    fn spawn_pages<T: Send + 'static>(
        &self,
        stream: &StreamId,
        after: u64,
        produce: Producer<T>,
    ) -> BoxStream<'static, Result<T>> {
        let (sender, receiver) = tokio::sync::mpsc::channel(PAGES_AHEAD);
        let database = Arc::clone(&self.database);
        let stream = stream.clone();
        let spawned = tokio::runtime::Handle::try_current().map(|runtime| {
            runtime.spawn_blocking(move || {
                let result = database
                    .read_blocking(|connection| produce(connection, &stream, after, &sender));
                if let Err(error) = result {
                    let _ = sender.blocking_send(Err(error));
                }
            })
        });
        match spawned {
            Ok(_) => crate::sink::channel_pages(receiver),
            Err(error) => Box::pin(futures::stream::once(async move {
                Err(Error::Runtime { source: Box::new(error) })
            })),
        }
    }
}

#[async_trait]
impl AuditSink for SqliteSink {
    fn sqlite_path(&self) -> Option<&Path> {
        Some(self.database.path())
    }

    async fn head(&self, stream: &StreamId) -> Result<Head> {
        let stream = stream.clone();
        self.read(move |connection| read_head(connection, &stream)).await
    }

    async fn append_sealed(&self, batch: Arc<SealedBatch>) -> Result<Stored> {
        let cost = batch.events.len();
        self.database.write(cost, move |connection| append_sealed_on(connection, &batch)).await
    }

    async fn hash_at(&self, stream: &StreamId, seq: u64) -> Result<Option<EventHash>> {
        let stream = stream.clone();
        self.read(move |connection| hash_at(connection, &stream, seq)).await
    }

    fn read_events(&self, stream: &StreamId) -> EventPages {
        self.spawn_pages(stream, 0, read_pages_blocking)
    }

    fn read_encoded(&self, stream: &StreamId) -> EncodedPages {
        self.spawn_pages(stream, 0, read_encoded_blocking)
    }

    fn read_encoded_after(&self, stream: &StreamId, after: u64) -> EncodedPages {
        self.spawn_pages(stream, after, read_encoded_blocking)
    }

    async fn put_checkpoints(&self, checkpoints: &[Checkpoint]) -> Result<()> {
        if checkpoints.is_empty() {
            return Ok(());
        }
        let checkpoints = checkpoints.to_vec();
        self.database
            .write(checkpoints.len(), move |connection| {
                insert_checkpoints(connection, &checkpoints)
            })
            .await
    }

    async fn last_checkpoint(&self, stream: &StreamId) -> Result<Option<Checkpoint>> {
        let stream = stream.clone();
        self.read(move |connection| {
            let mut statement = connection
                .prepare_cached(&format!("{SELECT_CHECKPOINTS} ORDER BY seq DESC LIMIT 1"))?;
            let mut rows = statement.query(params![stream.as_str()])?;
            rows.next()?.map(|row| checkpoint_from_row(&stream, row)).transpose()
        })
        .await
    }

    async fn checkpoints(&self, stream: &StreamId) -> Result<Vec<Checkpoint>> {
        let stream = stream.clone();
        self.read(move |connection| {
            let mut statement =
                connection.prepare_cached(&format!("{SELECT_CHECKPOINTS} ORDER BY seq"))?;
            let mut rows = statement.query(params![stream.as_str()])?;
            let mut checkpoints = Vec::new();
            while let Some(row) = rows.next()? {
                checkpoints.push(checkpoint_from_row(&stream, row)?);
            }
            Ok(checkpoints)
        })
        .await
    }

    async fn streams(&self) -> Result<Vec<StreamId>> {
        self.read(|connection| {
            let mut streams = Vec::new();
            for table in ["fabric_audit_events", "fabric_audit_checkpoints"] {
                // Skip from one stream to the next through the primary key.
                let mut statement = connection.prepare_cached(&format!(
                    "SELECT stream FROM {table} WHERE stream > ?1 ORDER BY stream LIMIT 1"
                ))?;
                let mut after = String::new();
                while let Some(name) =
                    statement.query_row(params![after], |row| row.get::<_, String>(0)).optional()?
                {
                    let stream = StreamId::parse(&name)
                        .map_err(|error| Error::corrupt(table, None, error))?;
                    streams.push(stream);
                    after = name;
                }
            }
            streams.sort();
            streams.dedup();
            Ok(streams)
        })
        .await
    }

    async fn tail(&self, stream: &StreamId, n: usize) -> Result<Vec<AuditEvent>> {
        let stream = stream.clone();
        let limit = i64::try_from(n).unwrap_or(i64::MAX);
        self.read(move |connection| {
            let mut statement = connection
                .prepare_cached(&format!("{SELECT_EVENTS} ORDER BY seq DESC LIMIT ?2"))?;
            let mut rows = statement.query(params![stream.as_str(), limit])?;
            let mut events = Vec::new();
            while let Some(row) = rows.next()? {
                events.push(event_from_row(&stream, row)?);
            }
            events.reverse();
            Ok(events)
        })
        .await
    }
}
