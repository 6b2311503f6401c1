//! The one SQLite layer of memory-fabric. Every table of a fabric database file (records,
//! version entries, audit events and checkpoints, API keys) is opened, configured, read and
//! written through a [`Database`]:
//!
//! - one [`Database`] per file and process ([`Database::open`] hands out the same one for the
//!   same path), so the components sharing a file share its writer instead of contending for
//!   SQLite's write lock;
//! - every connection gets the same pragmas ([`configure`]): WAL journal, `synchronous=FULL`,
//!   a busy timeout of [`BUSY_TIMEOUT`] (for other processes), and readers `query_only`;
//! - a file it creates is readable by its owner only (mode 0600; SQLite gives the `-wal` and
//!   `-shm` files the same mode);
//! - writes go through one writer thread that takes every job waiting in a bounded queue into
//!   one transaction and commits it once (group commit): concurrent writers share the fsync,
//!   each job runs in its own savepoint, so one failing job fails alone, and a caller hears
//!   back only after the commit. A full queue makes writers wait (backpressure); a job that
//!   panics fails alone;
//! - work that is cheaper once per transaction than once per job ([`GroupWork`]: the recall
//!   index writes the postings of all of a group's jobs as one run) runs after a group's
//!   jobs, before its commit;
//! - reads run on pooled read connections (up to 8 kept open between reads; a burst beyond
//!   that opens more and closes them after), off the async runtime.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::Duration;

pub use rusqlite;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use tokio::sync::{mpsc, oneshot};

/// How long a connection waits for another process's write lock before failing.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// Write jobs that may wait for the writer before `write` makes its caller wait.
pub const QUEUE_DEPTH: usize = 1024;
/// Most cost (operations) one group commit takes from the queue.
pub const MAX_GROUP_COST: usize = 4096;
/// Read connections kept open for reuse.
const MAX_IDLE_READERS: usize = 8;

/// What can go wrong below the components' own errors.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// SQLite failed.
    #[error("sqlite failed")]
    Sqlite(#[from] rusqlite::Error),
    /// The file could not be created.
    #[error("the database file could not be created")]
    Io(#[from] std::io::Error),
    /// The writer thread, or a blocking task, stopped.
    #[error("the sqlite writer has stopped")]
    Stopped,
    /// The job panicked; nothing it wrote was kept.
    #[error("the sqlite write job failed unexpectedly")]
    Panicked,
    /// The shared transaction could not begin or commit; no job of it was written.
    #[error("the sqlite transaction failed: {0}")]
    Transaction(String),
}

/// Prepared statements the writer connection keeps.
const WRITER_STATEMENTS: usize = 128;

/// Sets the pragmas every connection of a fabric database has: WAL journal,
/// `synchronous=FULL`, [`BUSY_TIMEOUT`], `query_only` for readers, and a query plan that
/// does not change with bound parameters (so cached statements are not compiled again).
///
/// # Errors
///
/// [`Error::Sqlite`] when a pragma cannot be set (for example the file is not a database).
pub fn configure(connection: &Connection, read_only: bool) -> Result<(), Error> {
    connection.busy_timeout(BUSY_TIMEOUT)?;
    connection
        .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))?;
    connection.pragma_update(None, "synchronous", "FULL")?;
    connection.pragma_update(None, "query_only", read_only)?;
    // One plan per statement, whatever its parameters: without this, a cached statement
    // with a bound parameter and `ORDER BY .. LIMIT` (the audit log's head, a merge's runs)
    // was compiled again at every step after new bindings (measured: an eighth of the
    // writer's time under concurrent stores).
    connection.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    Ok(())
}

/// State a component keeps across the jobs of one group commit, and writes once at the
/// group's end: each job leaves its part when it succeeds, [`GroupWork::before_commit`]
/// writes them all, after the group's jobs and before its commit, in its transaction.
/// [`Database::group_work`] gives a file's one value of each type.
pub trait GroupWork: Send + Sync + 'static {
    /// Writes what the group's jobs left (and forgets it), in the group's transaction,
    /// outside any job's savepoint. An error fails every job of the group: nothing of it is
    /// committed.
    ///
    /// # Errors
    ///
    /// Why the group's work could not be written (the jobs' callers are told).
    fn before_commit(&self, connection: &Connection) -> Result<(), String>;
    /// The group did not commit: forgets what its jobs left.
    fn discard(&self);
}

/// The [`GroupWork`] values of one database, by type.
type GroupWorks = Mutex<Vec<(TypeId, Arc<dyn Any + Send + Sync>, Arc<dyn GroupWork>)>>;

/// One job of the writer: run it inside the group's transaction, answer after the commit.
trait Job: Send {
    /// Cost counted against [`MAX_GROUP_COST`].
    fn cost(&self) -> usize;
    /// Whether it must run in a transaction of its own (it may wait on a producer).
    fn alone(&self) -> bool;
    /// Runs the work; `false` when it failed (its writes are then rolled back).
    fn run(&mut self, connection: &Connection) -> bool;
    /// Answers the caller: `Ok` when the transaction committed, or why it did not.
    fn answer(self: Box<Self>, committed: Result<(), Error>);
}

struct Typed<T, E, F> {
    cost: usize,
    alone: bool,
    work: Option<F>,
    outcome: Option<Result<T, E>>,
    reply: oneshot::Sender<Result<T, E>>,
}

impl<T, E, F> Job for Typed<T, E, F>
where
    T: Send,
    E: From<Error> + Send,
    F: FnOnce(&Connection) -> Result<T, E> + Send,
{
    fn cost(&self) -> usize {
        self.cost
    }

    fn alone(&self) -> bool {
        self.alone
    }

    fn run(&mut self, connection: &Connection) -> bool {
        let outcome = match self.work.take() {
            // A job that panics fails alone (its writes are rolled back with its savepoint);
            // the writer thread, and every other caller, carry on.
            Some(work) => {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(connection)))
                    .unwrap_or_else(|_| Err(E::from(Error::Panicked)))
            }
            None => Err(E::from(Error::Stopped)),
        };
        let ok = outcome.is_ok();
        self.outcome = Some(outcome);
        ok
    }

    fn answer(self: Box<Self>, committed: Result<(), Error>) {
        let answer = match (self.outcome, committed) {
            (Some(Err(error)), _) => Err(error),
            (_, Err(error)) => Err(E::from(error)),
            (Some(Ok(value)), Ok(())) => Ok(value),
            (None, Ok(())) => Err(E::from(Error::Stopped)),
        };
        // A caller that went away no longer wants its answer.
        let _ = self.reply.send(answer);
    }
}

/// A fabric database file: its writer thread and its pool of readers.
pub struct Database {
    path: PathBuf,
    queue: mpsc::Sender<Box<dyn Job>>,
    readers: Arc<Mutex<Vec<Connection>>>,
    group_works: Arc<GroupWorks>,
}

/// The open databases of this process, by canonical path.
fn registry() -> &'static Mutex<HashMap<PathBuf, Weak<Database>>> {
    static OPEN: std::sync::OnceLock<Mutex<HashMap<PathBuf, Weak<Database>>>> =
        std::sync::OnceLock::new();
    OPEN.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Creates `path` readable by its owner only, if it does not exist.
fn create_private(path: &Path) -> Result<(), Error> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(Error::Io(error)),
    }
}

impl Database {
    /// The database at `path` (created, owner-only, when missing; its directory must exist):
    /// the one already open in this process for that file, or a new one.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the file cannot be created; [`Error::Sqlite`] when it cannot be
    /// opened or is not a database.
    pub fn open(path: &Path) -> Result<Arc<Database>, Error> {
        create_private(path)?;
        let canonical = path.canonicalize()?;
        let mut open = registry().lock().unwrap_or_else(PoisonError::into_inner);
        open.retain(|_, database| database.strong_count() > 0);
        if let Some(database) = open.get(&canonical).and_then(Weak::upgrade) {
            return Ok(database);
        }
        let connection = Connection::open(&canonical)?;
        configure(&connection, false)?;
        // The writer's savepoints (one per job of a group) keep the pages they change in a
        // statement journal: in memory rather than in a temporary file, whose writes cost a
        // tenth of the writer's time under concurrent stores. A job's savepoint holds only
        // the pages that one request changes; a job alone (a streamed batch) has none.
        connection.pragma_update(None, "temp_store", "MEMORY")?;
        // Every table's statements run on this one connection: more than rusqlite's default
        // 16, whose evictions had it parse statements again under load.
        connection.set_prepared_statement_cache_capacity(WRITER_STATEMENTS);
        let (queue, jobs) = mpsc::channel(QUEUE_DEPTH);
        let group_works = Arc::new(GroupWorks::default());
        let works = Arc::clone(&group_works);
        std::thread::Builder::new()
            .name("fabric-sqlite-writer".to_owned())
            .spawn(move || writer_loop(connection, jobs, &works))?;
        let database = Arc::new(Database {
            path: canonical.clone(),
            queue,
            readers: Arc::new(Mutex::new(Vec::new())),
            group_works,
        });
        open.insert(canonical, Arc::downgrade(&database));
        Ok(database)
    }

    /// The database file (canonical).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file's one `T` (created on first use, kept while the database is open): every
    /// component of this process on the file shares it, and the writer runs its
    /// [`GroupWork`] at the end of every group commit.
    pub fn group_work<T: GroupWork + Default>(&self) -> Arc<T> {
        let mut works = self.group_works.lock().unwrap_or_else(PoisonError::into_inner);
        let found = works
            .iter()
            .find(|(id, ..)| *id == TypeId::of::<T>())
            .and_then(|(_, any, _)| Arc::clone(any).downcast::<T>().ok());
        if let Some(found) = found {
            return found;
        }
        let work = Arc::new(T::default());
        works.push((TypeId::of::<T>(), Arc::clone(&work) as _, Arc::clone(&work) as _));
        work
    }

    /// Runs `work` on the writer inside a transaction shared with the other jobs waiting
    /// (each in its own savepoint), and answers after the commit. `cost` (its number of
    /// operations) bounds how much one commit takes. An error from `work` rolls back its
    /// writes only.
    ///
    /// # Errors
    ///
    /// What `work` returns, or [`Error`] (converted) when the transaction cannot begin or
    /// commit or the writer has stopped.
    pub async fn write<T, E, F>(&self, cost: usize, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<Error> + Send + 'static,
        F: FnOnce(&Connection) -> Result<T, E> + Send + 'static,
    {
        self.submit(cost, false, work).await
    }

    /// As [`Database::write`], in a transaction of its own: for work that waits on a
    /// producer while it writes (a streamed batch), so that no other job's commit waits
    /// inside its transaction.
    ///
    /// # Errors
    ///
    /// As [`Database::write`].
    pub async fn write_alone<T, E, F>(&self, cost: usize, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<Error> + Send + 'static,
        F: FnOnce(&Connection) -> Result<T, E> + Send + 'static,
    {
        self.submit(cost, true, work).await
    }

    /// Queues `work` for the writer (in a transaction of its own with `alone`) and waits for
    /// its answer.
    async fn submit<T, E, F>(&self, cost: usize, alone: bool, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<Error> + Send + 'static,
        F: FnOnce(&Connection) -> Result<T, E> + Send + 'static,
    {
        let (job, answer) = typed(cost, alone, work);
        self.queue.send(job).await.map_err(|_| E::from(Error::Stopped))?;
        answer.await.map_err(|_| E::from(Error::Stopped))?
    }

    /// As [`Database::write`], waiting on the current thread: for callers outside an async
    /// runtime (it must not be called from an async task).
    ///
    /// # Errors
    ///
    /// As [`Database::write`].
    pub fn write_blocking<T, E, F>(&self, cost: usize, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<Error> + Send + 'static,
        F: FnOnce(&Connection) -> Result<T, E> + Send + 'static,
    {
        let (job, answer) = typed(cost, false, work);
        self.queue.blocking_send(job).map_err(|_| E::from(Error::Stopped))?;
        answer.blocking_recv().map_err(|_| E::from(Error::Stopped))?
    }

    /// Runs `migrate` (creating or upgrading a component's tables) in a transaction of its
    /// own (`BEGIN IMMEDIATE`, so processes opening the file at once take turns), on a
    /// short-lived connection with the same pragmas, on the current thread: it may be called
    /// from anywhere, an async task included, as components open their tables at startup.
    ///
    /// # Errors
    ///
    /// What `migrate` returns, or [`Error`] (converted) when SQLite fails.
    pub fn migrate_blocking<E>(
        &self,
        migrate: impl FnOnce(&Connection) -> Result<(), E>,
    ) -> Result<(), E>
    where
        E: From<Error>,
    {
        let sqlite = |error| E::from(Error::Sqlite(error));
        let mut connection = Connection::open(&self.path).map_err(sqlite)?;
        configure(&connection, false).map_err(E::from)?;
        let transaction =
            connection.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sqlite)?;
        migrate(&transaction)?;
        transaction.commit().map_err(sqlite)
    }

    /// Rebuilds the database file without its free pages (`VACUUM`, then a WAL checkpoint
    /// that shrinks the file), on a connection of its own, on the current thread: writers
    /// wait meanwhile, readers go on. Returns the bytes freed.
    ///
    /// # Errors
    ///
    /// [`Error::Sqlite`] when SQLite fails (a vacuum that fails changes nothing).
    pub fn vacuum_blocking(&self) -> Result<u64, Error> {
        let connection = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        configure(&connection, false)?;
        let size = |connection: &Connection| -> Result<u64, Error> {
            let pages: i64 = connection.query_row("PRAGMA page_count", [], |row| row.get(0))?;
            let page: i64 = connection.query_row("PRAGMA page_size", [], |row| row.get(0))?;
            Ok(u64::try_from(pages.saturating_mul(page)).unwrap_or(0))
        };
        let before = size(&connection)?;
        connection.execute_batch("VACUUM")?;
        let after = size(&connection)?;
        connection.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(before.saturating_sub(after))
    }

    /// Runs `query` on a pooled read connection (`query_only`), on the current thread.
    ///
    /// # Errors
    ///
    /// What `query` returns, or [`Error`] (converted) when no connection can be opened.
    pub fn read_blocking<T, E>(
        &self,
        query: impl FnOnce(&Connection) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<Error>,
    {
        let connection = match self.idle_reader() {
            Some(connection) => connection,
            None => {
                let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                let connection = Connection::open_with_flags(&self.path, flags)
                    .map_err(|error| E::from(Error::Sqlite(error)))?;
                configure(&connection, true).map_err(E::from)?;
                connection
            }
        };
        let result = query(&connection);
        self.return_reader(connection);
        result
    }

    /// A pooled read connection, if one is idle.
    fn idle_reader(&self) -> Option<Connection> {
        self.readers.lock().unwrap_or_else(PoisonError::into_inner).pop()
    }

    /// Puts a read connection back in the pool, unless the pool is full.
    fn return_reader(&self, connection: Connection) {
        let mut pool = self.readers.lock().unwrap_or_else(PoisonError::into_inner);
        if pool.len() < MAX_IDLE_READERS {
            pool.push(connection);
        }
    }

    /// Runs a point query (a lookup by key, a few B-tree pages) on the caller's thread when
    /// a pooled reader is idle, else like [`Database::read`].
    ///
    /// A read whose pages are in the page cache costs a few microseconds; handing it to a
    /// blocking thread and back costs more than that (measured: a retrieve spent most of its
    /// time in the hop). Reads in WAL mode never wait for the writer, so the async runtime
    /// is held only for the read itself. Scans and other long queries use [`Database::read`].
    ///
    /// # Errors
    ///
    /// As [`Database::read_blocking`].
    pub async fn read_point<T, E, F>(self: &Arc<Self>, query: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<Error> + Send + 'static,
        F: FnOnce(&Connection) -> Result<T, E> + Send + 'static,
    {
        let Some(connection) = self.idle_reader() else { return self.read(query).await };
        let result = query(&connection);
        self.return_reader(connection);
        result
    }

    /// Runs `query` on a pooled read connection, off the async runtime.
    ///
    /// # Errors
    ///
    /// As [`Database::read_blocking`].
    pub async fn read<T, E, F>(self: &Arc<Self>, query: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<Error> + Send + 'static,
        F: FnOnce(&Connection) -> Result<T, E> + Send + 'static,
    {
        let database = Arc::clone(self);
        tokio::task::spawn_blocking(move || database.read_blocking(query))
            .await
            .map_err(|_| E::from(Error::Stopped))?
    }
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database").field("path", &self.path).finish_non_exhaustive()
    }
}

fn typed<T, E, F>(
    cost: usize,
    alone: bool,
    work: F,
) -> (Box<dyn Job>, oneshot::Receiver<Result<T, E>>)
where
    T: Send + 'static,
    E: From<Error> + Send + 'static,
    F: FnOnce(&Connection) -> Result<T, E> + Send + 'static,
{
    let (reply, answer) = oneshot::channel();
    let job = Typed { cost: cost.max(1), alone, work: Some(work), outcome: None, reply };
    (Box::new(job), answer)
}

fn writer_loop(
    mut connection: Connection,
    mut jobs: mpsc::Receiver<Box<dyn Job>>,
    group_works: &GroupWorks,
) {
    let mut next = None;
    loop {
        let Some(first) = next.take().or_else(|| jobs.blocking_recv()) else { return };
        let works: Vec<Arc<dyn GroupWork>> = group_works
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .map(|(.., work)| Arc::clone(work))
            .collect();
        if first.alone() {
            commit(&mut connection, vec![first], &works);
            continue;
        }
        let mut cost = first.cost();
        let mut group = vec![first];
        while cost < MAX_GROUP_COST {
            match jobs.try_recv() {
                Ok(job) if job.alone() => {
                    next = Some(job);
                    break;
                }
                Ok(job) => {
                    cost += job.cost();
                    group.push(job);
                }
                Err(_) => break,
            }
        }
        commit(&mut connection, group, &works);
    }
}

/// Runs `group` in one transaction and commits once; with several jobs each runs in a
/// savepoint, so one failing job does not fail the others. `works` write what the jobs left
/// before the commit, or forget it when the group does not commit.
fn commit(connection: &mut Connection, mut group: Vec<Box<dyn Job>>, works: &[Arc<dyn GroupWork>]) {
    match run_group(connection, &mut group, works) {
        Ok(()) => group.into_iter().for_each(|job| job.answer(Ok(()))),
        Err(error) => {
            works.iter().for_each(|work| work.discard());
            answer_all(group, &error);
        }
    }
}

/// The jobs of `group`, then `works`, in one transaction, and its commit.
fn run_group(
    connection: &mut Connection,
    group: &mut [Box<dyn Job>],
    works: &[Arc<dyn GroupWork>],
) -> Result<(), String> {
    let mut transaction = connection
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|error| error.to_string())?;
    if let [job] = group {
        if !job.run(&transaction) {
            // Nothing else shares the transaction: it rolls back whole when dropped, and the
            // job answers with its own error.
            return Err("the job failed".to_owned());
        }
    } else {
        for job in group.iter_mut() {
            let mut savepoint = transaction.savepoint().map_err(|error| error.to_string())?;
            let ok = job.run(&savepoint);
            let ended = if ok { savepoint.commit() } else { savepoint.rollback() };
            ended.map_err(|error| error.to_string())?;
        }
    }
    for work in works {
        // A group's work that panics fails the group, not the writer thread.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work.before_commit(&transaction)))
            .unwrap_or_else(|_| Err("the group's work failed unexpectedly".to_owned()))?;
    }
    transaction.commit().map_err(|error| error.to_string())
}

/// Answers every job of a group whose transaction failed; a job that failed itself reports
/// its own error.
fn answer_all(group: Vec<Box<dyn Job>>, error: &dyn std::fmt::Display) {
    for job in group {
        job.answer(Err(Error::Transaction(error.to_string())));
    }
}

#[cfg(test)]
mod tests;
