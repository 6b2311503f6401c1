//! Small files of a home that several processes change: each is rewritten whole and
//! atomically (a temporary file made mode 0600, fsync, rename, then the directory synced),
//! under an exclusive lock on `<file>.lock` so that no writer loses another's change.

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::Path;

use crate::{Error, Result};

/// The error of doing `action` to `path`, naming the file as `what` (say "owner key").
pub(crate) fn io_error(what: &str, path: &Path, action: &str, error: &std::io::Error) -> Error {
    Error::Config { reason: format!("cannot {action} the {what} file {}: {error}", path.display()) }
}

/// Runs `change` holding the exclusive lock of `path` (`<path>.lock`, made if missing);
/// the lock is released when it returns.
pub(crate) fn locked<T>(what: &str, path: &Path, change: impl FnOnce() -> Result<T>) -> Result<T> {
    let lock_path = path.with_extension("lock");
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|error| io_error(what, &lock_path, "lock", &error))?;
    lock.lock().map_err(|error| io_error(what, &lock_path, "lock", &error))?;
    let answer = change();
    drop(lock);
    answer
}

/// Replaces the file at `path` with `bytes`, atomically and durably, mode 0600.
pub(crate) fn replace(what: &str, path: &Path, bytes: &[u8]) -> Result<()> {
    let temporary = path.with_extension("tmp");
    // A file left by a crash keeps its mode when opened again: start from none.
    match std::fs::remove_file(&temporary) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(io_error(what, &temporary, "replace", &error)),
    }
    let mut options = OpenOptions::new();
    options.create_new(true).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file: File =
        options.open(&temporary).map_err(|error| io_error(what, &temporary, "write", &error))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|error| io_error(what, &temporary, "write", &error))?;
    std::fs::rename(&temporary, path).map_err(|error| io_error(what, path, "replace", &error))?;
    // The rename is durable once the directory is.
    if let Some(parent) = path.parent()
        && let Ok(directory) = File::open(parent)
    {
        let _ = directory.sync_all();
    }
    Ok(())
}

/// The file's bytes (refused when others may read it), or `None` where it does not exist.
pub(crate) fn read(what: &str, path: &Path) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>> {
    match fabric_crypto::read_private_bytes(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(fabric_crypto::Error::KeyFileRead { source, .. })
            if source.kind() == std::io::ErrorKind::NotFound =>
        {
            Ok(None)
        }
        Err(error) => Err(Error::Config {
            reason: format!("cannot read the {what} file {}: {error}", path.display()),
        }),
    }
}
