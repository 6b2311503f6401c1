//! [`SqliteBackend`]: every object in one SQLite file, with group commit.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use fabric_sqlite::Database;
use fabric_sqlite::rusqlite::{self, Connection, OptionalExtension as _, params};
use futures::StreamExt as _;
use futures::stream::BoxStream;

use crate::{Backend, Error, ObjectKey, ObjectMeta, PutBatch, PutMode, Result, Stored, Version};

mod apply;
mod merge;
mod page;
mod recall;
mod runs;
mod table_order;

use apply::{Versions, apply_source};

const NAME: &str = "sqlite";
/// Rows one page of a listing reads.
const LIST_PAGE: i64 = 1000;

const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS fabric_objects (
        key TEXT PRIMARY KEY NOT NULL,
        version INTEGER NOT NULL,
        body BLOB NOT NULL,
        entry BLOB
    );
    CREATE TABLE IF NOT EXISTS fabric_entries (
        key TEXT PRIMARY KEY NOT NULL,
        body BLOB NOT NULL
    ) WITHOUT ROWID;
";
/// The schema version: 4 encodes postings with varints and keeps a document's term
/// prefixes rather than its terms (3 had fixed-width postings and whole terms). Version 3
/// keeps the recall index's postings in pages of many terms
/// (`fabric_recall_pages`) and its attributes apart (`fabric_recall_attrs`); version 2
/// kept a row per term and block, and attributes in `fabric_recall_docs`. Version 2 keeps an
/// object's entry in its own row (`fabric_objects.entry`); version 1 kept every entry in
/// `fabric_entries`, which now holds only entries apart from an object (tombstones) and
/// those a version 1 file wrote.
const SCHEMA_VERSION: i64 = 4;

/// A [`Backend`] on one SQLite file (table `fabric_objects`), through the file's
/// [`fabric_sqlite::Database`]: its writer's group commit (concurrent callers share the
/// fsync, and each request still succeeds or fails on its own), and its readers, off the
/// async runtime. Versions are drawn at random per request, then consecutive, so they do
/// not repeat, even across a delete and re-create or across processes sharing the file.
pub struct SqliteBackend {
    database: Arc<Database>,
    /// The recall index's part of the writer's current group (the file's one).
    pending: Arc<recall::Pending>,
}

/// One write of [`SqliteBackend::write_with`].
#[derive(Debug)]
pub enum WriteOp {
    /// Store `body` at `key` as `mode` allows.
    Put {
        /// Where.
        key: ObjectKey,
        /// What.
        body: Bytes,
        /// The precondition.
        mode: PutMode,
        /// The object's entry, kept in its row: it replaces any entry of `key` (an entry
        /// kept apart included) and goes with the object when the object is deleted. `None`
        /// leaves the entry of an object written over as it was. Read by
        /// [`SqliteBackend::get_with_entry`].
        entry: Option<Bytes>,
    },
    /// Remove the object at `key` (it must exist).
    Delete {
        /// Where.
        key: ObjectKey,
    },
    /// Index the object at `key` for recall (tables `fabric_recall_*`), replacing its
    /// document; deleting the object removes it. Put it beside the object's `Put` so both
    /// land in one transaction.
    Index {
        /// The object it indexes.
        key: ObjectKey,
        /// What recall keeps of it.
        doc: crate::recall::IndexDoc,
    },
    /// Index the object at `key` as [`WriteOp::Index`] does, if it is still at `version`
    /// (else skip it): for rebuilding the index beside live writers.
    IndexIf {
        /// The object it indexes.
        key: ObjectKey,
        /// What recall keeps of it.
        doc: crate::recall::IndexDoc,
        /// The object's version when `doc` was made from it.
        version: Version,
    },
    /// Remove the index document of `key`, whose object is gone.
    Unindex {
        /// The object it indexed.
        key: ObjectKey,
    },
    /// Replace the sealed attributes of `key`'s recall document by `new`, if they are still
    /// `old` (a document indexed again meanwhile keeps its own): for rewrapping them under
    /// another key beside the object's own rewrap.
    ReplaceAttrs {
        /// The object the document indexes.
        key: ObjectKey,
        /// The attributes read.
        old: Bytes,
        /// What replaces them.
        new: Bytes,
    },
    /// Store `body` as an entry of `key` kept apart from any object (table `fabric_entries`,
    /// for example a tombstone after a delete), replacing the previous one. It outlives the
    /// object, and a later put with an entry replaces it; while it is there,
    /// [`SqliteBackend::get_with_entry`] returns it rather than the object's own.
    PutEntry {
        /// The object it belongs to.
        key: ObjectKey,
        /// What.
        body: Bytes,
    },
}

use WriteOp as Op;

/// Work run on the writer's connection inside the transaction (or savepoint) of one write
/// request, after its writes: it commits with them or rolls them back by failing. Other
/// tables of the same file can so change atomically with the objects (the audit log does).
pub type Companion = Box<
    dyn FnOnce(&Connection) -> std::result::Result<(), Box<dyn std::error::Error + Send + Sync>>
        + Send,
>;

/// What one write request applies: a list of operations, or a batch of puts arriving in
/// chunks.
enum Source {
    Ops(Vec<Op>),
    OpBatch(PutBatch<Op>),
}

impl Source {
    fn len(&self) -> usize {
        match self {
            Source::Ops(ops) => ops.len(),
            Source::OpBatch(batch) => batch.expected(),
        }
    }
}

/// Checks that a batch delivered the number of items it announced.
///
/// # Errors
///
/// [`crate::Error::Backend`] when `received` differs from `expected`.
fn check_batch_len(expected: usize, received: usize) -> Result<()> {
    if received == expected {
        Ok(())
    } else {
        Err(crate::Error::backend(
            "batch",
            format!("the batch ended after {received} of {expected} items; nothing was written"),
        ))
    }
}

fn sql_error(source: rusqlite::Error) -> Error {
    Error::backend(NAME, source)
}

impl From<fabric_sqlite::Error> for Error {
    fn from(source: fabric_sqlite::Error) -> Self {
        Error::backend(NAME, source)
    }
}

impl SqliteBackend {
    /// Opens (creating when missing) the database file at `path`; its directory must exist.
    ///
    /// # Errors
    ///
    /// [`Error::Backend`] when the file cannot be opened or is not a fabric database.
    pub fn open(path: &Path) -> Result<Self> {
        let database = Database::open(path)?;
        database.migrate_blocking(migrate)?;
        let pending = database.group_work::<recall::Pending>();
        Ok(SqliteBackend { database, pending })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        self.database.path()
    }

    /// The file's database, for other tables of the same file to share its writer.
    pub fn database(&self) -> &Arc<Database> {
        &self.database
    }

    /// Rebuilds the database file without its free pages, on a blocking thread; the bytes
    /// freed.
    ///
    /// # Errors
    ///
    /// [`Error::Backend`] when SQLite fails; nothing is changed then.
    pub async fn vacuum(&self) -> Result<u64> {
        let database = Arc::clone(&self.database);
        tokio::task::spawn_blocking(move || database.vacuum_blocking())
            .await
            .map_err(|error| Error::backend(NAME, error))?
            .map_err(Error::from)
    }

    /// Applies `ops` in order, then `companion`, in one transaction: all of them or none.
    ///
    /// # Errors
    ///
    /// As [`Backend::put`] and [`Backend::delete`] for the first op that fails;
    /// [`Error::Backend`] when the companion fails. Nothing is written then.
    pub async fn write_with(
        &self,
        ops: Vec<WriteOp>,
        companion: Companion,
    ) -> Result<Vec<Version>> {
        self.write_request(Source::Ops(ops), Some(companion)).await
    }

    /// Applies `ops` in order in one transaction: all of them or none.
    ///
    /// # Errors
    ///
    /// As [`Backend::put`] and [`Backend::delete`] for the first op that fails.
    pub async fn write_ops(&self, ops: Vec<WriteOp>) -> Result<Vec<Version>> {
        self.write_request(Source::Ops(ops), None).await
    }

    /// Reads the object at `key` and its entry in one statement (one snapshot): the entry
    /// kept apart ([`WriteOp::PutEntry`]) if there is one, else the object's own
    /// ([`WriteOp::Put`]); `None` when no object is there (whatever its entry).
    ///
    /// # Errors
    ///
    /// [`Error::Backend`] when SQLite fails.
    pub async fn get_with_entry(&self, key: &ObjectKey) -> Result<Option<(Stored, Option<Bytes>)>> {
        let key = key.clone();
        self.database
            .read_point(move |connection| {
                connection
                    .prepare_cached(
                        "SELECT o.version, o.body,
                         coalesce((SELECT e.body FROM fabric_entries e WHERE e.key = ?1), o.entry)
                     FROM fabric_objects o WHERE o.key = ?1",
                    )
                    .and_then(|mut statement| {
                        statement
                            .query_row([key.as_str()], |row| {
                                let stored = Stored {
                                    version: Version(row.get::<_, i64>(0)?.to_string()),
                                    body: Bytes::from(row.get::<_, Vec<u8>>(1)?),
                                };
                                let entry = row.get::<_, Option<Vec<u8>>>(2)?.map(Bytes::from);
                                Ok((stored, entry))
                            })
                            .optional()
                    })
                    .map_err(sql_error)
            })
            .await
    }

    /// Applies the operations of `batch` in order as they arrive, then `companion` if any, in
    /// one transaction: all or nothing. The batch counts operations.
    ///
    /// # Errors
    ///
    /// As [`SqliteBackend::write_with`]; [`Error::Backend`] when the batch ends early.
    pub async fn write_batch_with(
        &self,
        batch: PutBatch<WriteOp>,
        companion: Option<Companion>,
    ) -> Result<Vec<Version>> {
        self.write_request(Source::OpBatch(batch), companion).await
    }

    async fn write(&self, source: Source) -> Result<Vec<Version>> {
        self.write_request(source, None).await
    }

    async fn write_request(
        &self,
        mut source: Source,
        companion: Option<Companion>,
    ) -> Result<Vec<Version>> {
        let cost = source.len();
        let streamed = matches!(source, Source::OpBatch(_));
        let pending = Arc::clone(&self.pending);
        let work = move |connection: &Connection| {
            let mut versions = Versions::draw()?;
            let mut documents = pending.start();
            let written = apply_source(connection, &mut source, &mut versions, &mut documents)?;
            if let Some(companion) = companion {
                companion(connection).map_err(|source| Error::backend(NAME, source))?;
            }
            // Last: a request that failed leaves nothing to the group.
            pending.absorb(documents);
            Ok(written)
        };
        if streamed {
            // A streamed batch waits on its producer while it writes: alone, so that no other
            // request's commit waits inside its transaction.
            self.database.write_alone(cost, work).await
        } else {
            self.database.write(cost, work).await
        }
    }

    /// Runs `query` on a pooled read connection, off the async runtime.
    async fn read<T: Send + 'static>(
        &self,
        query: impl FnOnce(&Connection) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        self.database.read(query).await
    }
}

/// Creates the tables, or brings a file of an older schema up to date (in the transaction
/// [`Database::migrate_blocking`] holds).
fn migrate(transaction: &Connection) -> Result<()> {
    transaction.execute_batch(SCHEMA).map_err(sql_error)?;
    transaction.execute_batch(recall::SCHEMA).map_err(sql_error)?;
    transaction.execute_batch(runs::SCHEMA).map_err(sql_error)?;
    let version: i64 = transaction
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(sql_error)?;
    if version > SCHEMA_VERSION {
        return Err(Error::backend(
            NAME,
            format!("the database has schema {version}, newer than this build's {SCHEMA_VERSION}"),
        ));
    }
    add_blob_column(transaction, "fabric_objects", "entry")?;
    add_blob_column(transaction, "fabric_recall_docs", "digest")?;
    if version < 3 {
        // Schema 2 kept postings as blocks, which become pages of schema 4 at once.
        runs::migrate_blocks(transaction)?;
        recall::migrate_attrs(transaction)?;
    } else if version == 3 {
        runs::migrate_pages(transaction)?;
    }
    if version < 4 {
        recall::migrate_term_lists(transaction)?;
    }
    if version < SCHEMA_VERSION {
        transaction.pragma_update(None, "user_version", SCHEMA_VERSION).map_err(sql_error)?;
    }
    Ok(())
}

/// Adds the nullable blob column `column` to `table` where a file made before it lacks it.
fn add_blob_column(transaction: &Connection, table: &str, column: &str) -> Result<()> {
    let present = transaction
        .prepare("SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2")
        .and_then(|mut statement| statement.exists([table, column]))
        .map_err(sql_error)?;
    if !present {
        transaction
            .execute_batch(&format!("ALTER TABLE {table} ADD COLUMN {column} BLOB"))
            .map_err(sql_error)?;
    }
    Ok(())
}

#[async_trait]
impl Backend for SqliteBackend {
    async fn put(&self, key: &ObjectKey, body: Bytes, mode: PutMode) -> Result<Version> {
        let op = Op::Put { key: key.clone(), body, mode, entry: None };
        let mut versions = self.write(Source::Ops(vec![op])).await?;
        versions.pop().ok_or_else(|| Error::backend(NAME, "the writer returned no version"))
    }

    async fn put_many(&self, items: Vec<(ObjectKey, Bytes, PutMode)>) -> Result<Vec<Version>> {
        let ops = items
            .into_iter()
            .map(|(key, body, mode)| Op::Put { key, body, mode, entry: None })
            .collect();
        self.write(Source::Ops(ops)).await
    }

    async fn get(&self, key: &ObjectKey) -> Result<Stored> {
        let key = key.clone();
        self.database
            .read_point(move |connection| {
                connection
                    .prepare_cached("SELECT version, body FROM fabric_objects WHERE key = ?1")
                    .and_then(|mut statement| {
                        statement
                            .query_row([key.as_str()], |row| {
                                Ok(Stored {
                                    version: Version(row.get::<_, i64>(0)?.to_string()),
                                    body: Bytes::from(row.get::<_, Vec<u8>>(1)?),
                                })
                            })
                            .optional()
                    })
                    .map_err(sql_error)?
                    .ok_or_else(|| Error::NotFound { key: key.to_string() })
            })
            .await
    }

    async fn delete(&self, key: &ObjectKey) -> Result<()> {
        self.write(Source::Ops(vec![Op::Delete { key: key.clone() }])).await.map(|_| ())
    }

    fn recall_index(&self) -> Option<&dyn crate::RecallIndex> {
        Some(self)
    }

    fn as_sqlite(&self) -> Option<&SqliteBackend> {
        Some(self)
    }

    fn list(&self, prefix: &ObjectKey) -> BoxStream<'static, Result<ObjectMeta>> {
        paged(&self.database, prefix, list_page, |meta| &meta.key)
    }
}

impl SqliteBackend {
    /// Every object under `prefix` in key order, with its body and version entry: what a
    /// listing then opens, read a page of rows per call rather than one `get` per key
    /// (constant memory: one page at a time).
    pub fn list_with_entries(
        &self,
        prefix: &ObjectKey,
    ) -> BoxStream<'static, Result<(ObjectKey, Stored, Option<Bytes>)>> {
        paged(&self.database, prefix, values_page, |(key, ..)| key)
    }
}

/// The key range under `prefix`: `prefix/` up to `prefix0` (`0` follows `/`, so every key
/// under the prefix sorts below it).
fn bounds(prefix: &ObjectKey) -> (String, String) {
    (format!("{}/", prefix.as_str()), format!("{}0", prefix.as_str()))
}

/// Pages through the rows under `prefix` in key order: `read_page(connection, after, upper)`
/// reads at most [`LIST_PAGE`] rows, and `key_of` names the row the next page starts after.
fn paged<T: Send + 'static>(
    database: &Arc<Database>,
    prefix: &ObjectKey,
    read_page: fn(&Connection, &str, &str) -> Result<Vec<T>>,
    key_of: fn(&T) -> &ObjectKey,
) -> BoxStream<'static, Result<T>> {
    let (lower, upper) = bounds(prefix);
    let database = Arc::clone(database);
    futures::stream::unfold(Some(lower), move |after| {
        let database = Arc::clone(&database);
        let upper = upper.clone();
        async move {
            let after = after?;
            let page = database.read(move |connection| read_page(connection, &after, &upper)).await;
            match page {
                Ok(page) => {
                    let next = if page.len() == LIST_PAGE as usize {
                        page.last().map(|row| key_of(row).to_string())
                    } else {
                        None
                    };
                    Some((futures::stream::iter(page.into_iter().map(Ok)).boxed(), next))
                }
                Err(error) => Some((futures::stream::iter([Err(error)]).boxed(), None)),
            }
        }
    })
    .flatten()
    .boxed()
}

fn list_page(connection: &Connection, after: &str, upper: &str) -> Result<Vec<ObjectMeta>> {
    let mut statement = connection
        .prepare_cached(
            "SELECT key, version, length(body) FROM fabric_objects
             WHERE key > ?1 AND key < ?2 ORDER BY key LIMIT ?3",
        )
        .map_err(sql_error)?;
    let rows = statement
        .query_map(params![after, upper, LIST_PAGE], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?, row.get::<_, i64>(2)?))
        })
        .map_err(sql_error)?;
    let mut page = Vec::new();
    for row in rows {
        let (key, version, size) = row.map_err(sql_error)?;
        page.push(ObjectMeta {
            key: ObjectKey::parse(&key)?,
            version: Version(version.to_string()),
            size: u64::try_from(size).unwrap_or_default(),
        });
    }
    Ok(page)
}

fn values_page(
    connection: &Connection,
    after: &str,
    upper: &str,
) -> Result<Vec<(ObjectKey, Stored, Option<Bytes>)>> {
    let mut statement = connection
        .prepare_cached(
            "SELECT o.key, o.version, o.body,
                 coalesce((SELECT e.body FROM fabric_entries e WHERE e.key = o.key), o.entry)
             FROM fabric_objects o WHERE o.key > ?1 AND o.key < ?2 ORDER BY o.key LIMIT ?3",
        )
        .map_err(sql_error)?;
    let mut rows = statement.query(params![after, upper, LIST_PAGE]).map_err(sql_error)?;
    let mut page = Vec::new();
    while let Some(row) = rows.next().map_err(sql_error)? {
        let key: String = row.get(0).map_err(sql_error)?;
        let stored = Stored {
            version: Version(row.get::<_, i64>(1).map_err(sql_error)?.to_string()),
            body: Bytes::from(row.get::<_, Vec<u8>>(2).map_err(sql_error)?),
        };
        let entry = row.get::<_, Option<Vec<u8>>>(3).map_err(sql_error)?.map(Bytes::from);
        page.push((ObjectKey::parse(&key)?, stored, entry));
    }
    Ok(page)
}

impl fmt::Debug for SqliteBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqliteBackend").field("path", &self.path()).finish_non_exhaustive()
    }
}

impl fmt::Display for SqliteBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sqlite://{}", self.path().display())
    }
}

#[cfg(test)]
mod group_tests;
#[cfg(test)]
mod tests;
