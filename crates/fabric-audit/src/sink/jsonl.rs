//! [`JsonlSink`]: one JSON event per line, checkpoints in a sibling `.checkpoints.jsonl` file.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead as _, BufReader, Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use serde::Deserialize;

use crate::chain::Head;
use crate::sink::channel_pages;
use crate::sink::{AuditSink, EventPages, SealedBatch, Stored};
use crate::{AuditEvent, Checkpoint, Error, EventHash, Result, StreamId};

/// Events one page of a read holds.
const PAGE_EVENTS: usize = 4096;

/// An [`AuditSink`] on a JSON Lines file, readable with any text tool.
///
/// Writers serialise on an exclusive lock of the events file (`File::lock`, an advisory
/// `flock` on Unix), so several processes may append to one file: under the lock each
/// re-reads whatever others appended since its last look to find its stream's head, writes
/// its lines with one `write_all`, and fsyncs before it returns. A checkpoint goes to
/// `<stem>.checkpoints.jsonl` after the events it covers are durable. A final line without
/// its newline is an append that never completed: readers skip it and the next writer cuts
/// it off.
#[derive(Debug)]
pub struct JsonlSink {
    path: PathBuf,
    checkpoints_path: PathBuf,
    state: Arc<Mutex<WriterState>>,
}

#[derive(Debug, Default)]
struct WriterState {
    /// How many bytes of the events file `heads` accounts for.
    scanned: u64,
    heads: HashMap<StreamId, Head>,
}

#[derive(Deserialize)]
struct LineHead {
    stream: StreamId,
    seq: u64,
    hash: EventHash,
}

#[derive(Deserialize)]
struct LineStream {
    stream: StreamId,
    #[serde(default)]
    seq: Option<serde_json::Value>,
}

impl LineStream {
    fn seq(&self) -> Option<u64> {
        self.seq.as_ref().and_then(serde_json::Value::as_u64)
    }
}

impl JsonlSink {
    /// Opens (creating when missing) the events file at `path` and its checkpoints file.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when either file cannot be created.
    pub fn open(path: &Path) -> Result<Self> {
        let checkpoints_path = path.with_extension("checkpoints.jsonl");
        for file in [path, checkpoints_path.as_path()] {
            OpenOptions::new().create(true).append(true).open(file)?;
        }
        Ok(JsonlSink {
            path: path.to_owned(),
            checkpoints_path,
            state: Arc::new(Mutex::new(WriterState::default())),
        })
    }

    /// The events file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The checkpoints file.
    pub fn checkpoints_path(&self) -> &Path {
        &self.checkpoints_path
    }
}

/// Takes this process's writer state (what it knows of the file's heads).
fn lock_state(state: &Mutex<WriterState>) -> Result<std::sync::MutexGuard<'_, WriterState>> {
    state.lock().map_err(|_| Error::Runtime { source: "the jsonl writer lock is poisoned".into() })
}

/// Runs `locked` holding the exclusive lock of the events file.
fn with_lock<T>(path: &Path, locked: impl FnOnce(&mut File) -> Result<T>) -> Result<T> {
    let mut file = OpenOptions::new().read(true).append(true).open(path)?;
    file.lock()?;
    let result = locked(&mut file);
    let unlocked = file.unlock();
    let value = result?;
    unlocked?;
    Ok(value)
}

fn append_locked(file: &mut File, state: &mut WriterState, batch: &SealedBatch) -> Result<Stored> {
    let len = catch_up(file, state)?;
    let head = state.heads.get(&batch.stream).copied().unwrap_or(Head::EMPTY);
    if head != batch.after {
        return Ok(Stored::Moved { count: 0, head });
    }
    let mut lines = Vec::with_capacity(batch.events.len() * 320);
    for event in &batch.events {
        serde_json::to_writer(&mut lines, event)
            .map_err(|error| Error::Io { source: error.into() })?;
        lines.push(b'\n');
    }
    if let Err(error) = file.write_all(&lines).and_then(|()| file.sync_data()) {
        // Nothing stored on failure: cut off whatever part of the lines made it (the lock is
        // still held, so no other writer appended meanwhile).
        let _ = file.set_len(len);
        return Err(error.into());
    }
    let new_head =
        batch.events.last().map_or(head, |event| Head { seq: event.seq, hash: event.hash });
    state.scanned = len + lines.len() as u64;
    state.heads.insert(batch.stream.clone(), new_head);
    Ok(Stored::All)
}

/// Appends checkpoint lines to the checkpoints file (under the events file's lock).
fn put_checkpoints_locked(checkpoints_path: &Path, checkpoints: &[Checkpoint]) -> Result<()> {
    let mut lines = Vec::with_capacity(checkpoints.len() * 256);
    for checkpoint in checkpoints {
        serde_json::to_writer(&mut lines, checkpoint)
            .map_err(|error| Error::Io { source: error.into() })?;
        lines.push(b'\n');
    }
    let mut file =
        OpenOptions::new().create(true).read(true).append(true).open(checkpoints_path)?;
    // A torn last line (a crash mid-write) is cut off first, so the new lines start on a line
    // of their own and every stored line parses.
    let len = file.metadata()?.len();
    let complete = complete_prefix_len(&mut file, len)?;
    if complete < len {
        file.set_len(complete)?;
    }
    if let Err(error) = file.write_all(&lines).and_then(|()| file.sync_data()) {
        let _ = file.set_len(complete);
        return Err(error.into());
    }
    Ok(())
}

/// The length of the part of `file` (`len` bytes) that ends with a complete line: up to its
/// last newline, reading back from the end.
fn complete_prefix_len(file: &mut File, len: u64) -> Result<u64> {
    const STEP: u64 = 4096;
    let mut end = len;
    let mut buffer = vec![0u8; STEP as usize];
    while end > 0 {
        let start = end.saturating_sub(STEP);
        let chunk = buffer.get_mut(..usize::try_from(end - start).unwrap_or(0)).unwrap_or_default();
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(chunk)?;
        if let Some(newline) = chunk.iter().rposition(|&byte| byte == b'\n') {
            return Ok(start + newline as u64 + 1);
        }
        end = start;
    }
    Ok(0)
}

/// Reads what other writers appended since the last look, updating the heads; cuts off a torn
/// final line. Returns the file length after that.
fn catch_up(file: &mut File, state: &mut WriterState) -> Result<u64> {
    let len = file.metadata()?.len();
    if len < state.scanned {
        // The file shrank under us (not by a writer of this sink): start over.
        *state = WriterState::default();
    }
    if len == state.scanned {
        return Ok(len);
    }
    file.seek(SeekFrom::Start(state.scanned))?;
    let mut bytes = Vec::new();
    file.take(len - state.scanned).read_to_end(&mut bytes)?;
    let complete = bytes.iter().rposition(|&byte| byte == b'\n').map_or(0, |end| end + 1);
    for line in bytes[..complete].split(|&byte| byte == b'\n') {
        if line.is_empty() {
            continue;
        }
        match serde_json::from_slice::<LineHead>(line) {
            Ok(head) => {
                state.heads.insert(head.stream, Head { seq: head.seq, hash: head.hash });
            }
            Err(_) => tracing::warn!("skipping an unreadable line of an audit file"),
        }
    }
    let mut end = len;
    if complete < bytes.len() {
        // An append that crashed before its newline was never acknowledged: drop it.
        end = state.scanned + complete as u64;
        tracing::warn!("cutting off a torn final line of an audit file");
        file.set_len(end)?;
        file.sync_data()?;
    }
    state.scanned = end;
    Ok(end)
}

/// Calls `visit` with each complete line of `path`, and its 1-based number.
fn for_each_line(path: &Path, mut visit: impl FnMut(usize, &[u8]) -> Result<bool>) -> Result<()> {
    let mut reader = BufReader::with_capacity(1 << 16, File::open(path)?);
    let mut line = Vec::with_capacity(512);
    let mut number = 0;
    loop {
        line.clear();
        let read = reader.read_until(b'\n', &mut line)?;
        if read == 0 || line.last() != Some(&b'\n') {
            // End of file, or a torn final line that no writer acknowledged.
            return Ok(());
        }
        number += 1;
        line.pop();
        if line.is_empty() {
            continue;
        }
        if !visit(number, &line)? {
            return Ok(());
        }
    }
}

fn read_pages_blocking(
    path: &Path,
    stream: &StreamId,
    pages: &tokio::sync::mpsc::Sender<Result<Vec<AuditEvent>>>,
) -> Result<()> {
    // The sink writes `stream` first, so most lines of other streams are skipped unparsed.
    let prefix = format!("{{\"stream\":\"{stream}\",");
    let location = |number: usize| format!("{} line {number}", path.display());
    let mut page = Vec::with_capacity(PAGE_EVENTS);
    let mut stopped = false;
    for_each_line(path, |number, line| {
        if !line.starts_with(prefix.as_bytes()) {
            let head: LineStream = serde_json::from_slice(line)
                .map_err(|error| Error::corrupt(location(number), None, error))?;
            if &head.stream != stream {
                return Ok(true);
            }
        }
        let event: AuditEvent = match serde_json::from_slice(line) {
            Ok(event) => event,
            Err(error) => {
                let seq =
                    serde_json::from_slice::<LineStream>(line).ok().and_then(|head| head.seq());
                // Hand over the events before the bad line first.
                let _ = pages.blocking_send(Ok(std::mem::take(&mut page)));
                return Err(Error::corrupt(location(number), seq, error));
            }
        };
        if &event.stream != stream {
            return Ok(true);
        }
        page.push(event);
        if page.len() == PAGE_EVENTS {
            let full = std::mem::replace(&mut page, Vec::with_capacity(PAGE_EVENTS));
            if pages.blocking_send(Ok(full)).is_err() {
                stopped = true;
                return Ok(false);
            }
        }
        Ok(true)
    })?;
    if !stopped && !page.is_empty() {
        let _ = pages.blocking_send(Ok(page));
    }
    Ok(())
}

#[async_trait]
impl AuditSink for JsonlSink {
    async fn head(&self, stream: &StreamId) -> Result<Head> {
        let path = self.path.clone();
        let state = Arc::clone(&self.state);
        let stream = stream.clone();
        tokio::task::spawn_blocking(move || {
            let mut state = lock_state(&state)?;
            with_lock(&path, |file| {
                catch_up(file, &mut state)?;
                Ok(state.heads.get(&stream).copied().unwrap_or(Head::EMPTY))
            })
        })
        .await?
    }

    async fn append_sealed(&self, batch: Arc<SealedBatch>) -> Result<Stored> {
        let path = self.path.clone();
        let checkpoints_path = self.checkpoints_path.clone();
        let state = Arc::clone(&self.state);
        tokio::task::spawn_blocking(move || {
            let mut state = lock_state(&state)?;
            with_lock(&path, |file| {
                let stored = append_locked(file, &mut state, &batch)?;
                // The first events of a stream are checkpointed at once, under the same lock. The
                // events are durable already: a failure here is logged, and the writer's own
                // first checkpoint covers them.
                if stored == Stored::All
                    && let Some(genesis) = &batch.genesis
                    && let Err(error) =
                        put_checkpoints_locked(&checkpoints_path, std::slice::from_ref(genesis))
                {
                    tracing::error!(error = %error, "cannot store a stream's first checkpoint");
                }
                Ok(stored)
            })
        })
        .await?
    }

    async fn put_checkpoints(&self, checkpoints: &[Checkpoint]) -> Result<()> {
        if checkpoints.is_empty() {
            return Ok(());
        }
        let path = self.path.clone();
        let checkpoints_path = self.checkpoints_path.clone();
        let checkpoints = checkpoints.to_vec();
        tokio::task::spawn_blocking(move || {
            with_lock(&path, |_| put_checkpoints_locked(&checkpoints_path, &checkpoints))
        })
        .await?
    }

    fn read_events(&self, stream: &StreamId) -> EventPages {
        let (sender, receiver) = tokio::sync::mpsc::channel(4);
        let path = self.path.clone();
        let stream = stream.clone();
        let spawned = tokio::runtime::Handle::try_current().map(|runtime| {
            runtime.spawn_blocking(move || {
                if let Err(error) = read_pages_blocking(&path, &stream, &sender) {
                    let _ = sender.blocking_send(Err(error));
                }
            })
        });
        match spawned {
            Ok(_) => channel_pages(receiver),
            Err(error) => Box::pin(futures::stream::once(async move {
                Err(Error::Runtime { source: Box::new(error) })
            })),
        }
    }

    async fn checkpoints(&self, stream: &StreamId) -> Result<Vec<Checkpoint>> {
        let path = self.checkpoints_path.clone();
        let stream = stream.clone();
        tokio::task::spawn_blocking(move || {
            let mut checkpoints = Vec::new();
            for_each_line(&path, |number, line| {
                let location = || format!("{} line {number}", path.display());
                let head: LineStream = serde_json::from_slice(line)
                    .map_err(|error| Error::corrupt(location(), None, error))?;
                if head.stream == stream {
                    checkpoints.push(
                        serde_json::from_slice::<Checkpoint>(line)
                            .map_err(|error| Error::corrupt(location(), head.seq(), error))?,
                    );
                }
                Ok(true)
            })?;
            checkpoints.sort_by_key(|checkpoint| checkpoint.seq);
            Ok(checkpoints)
        })
        .await?
    }

    async fn streams(&self) -> Result<Vec<StreamId>> {
        let paths = [self.path.clone(), self.checkpoints_path.clone()];
        tokio::task::spawn_blocking(move || {
            let mut streams = std::collections::BTreeSet::new();
            for path in &paths {
                // An unreadable line names no stream; reading the events reports it.
                for_each_line(path, |_, line| {
                    if let Ok(head) = serde_json::from_slice::<LineStream>(line)
                        && !streams.contains(&head.stream)
                    {
                        streams.insert(head.stream);
                    }
                    Ok(true)
                })?;
            }
            Ok(streams.into_iter().collect())
        })
        .await?
    }
}
