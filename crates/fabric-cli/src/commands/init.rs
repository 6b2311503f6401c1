//! `fabric init` and `fabric keygen`: a home, and a key.

use std::path::Path;

use anyhow::Result;
use fabric_crypto::{MasterKey, OsRandom};

use crate::config::Home;
use crate::output::print_line;

/// `fabric keygen`: prints a new random key (base64).
pub(super) fn keygen() -> Result<()> {
    let key = MasterKey::generate(&OsRandom)?;
    print_line(key.to_base64().as_str())
}

/// `fabric init`: creates the home (key file, configuration, database) when it is missing,
/// and checks that its key and backend open.
pub(super) fn init(home_dir: &Path, backend: Option<&str>) -> Result<()> {
    let existed = home_dir.exists();
    let home = Home::open_or_create(home_dir)?;
    home.keyring()?;
    home.backend(backend)?.open()?;
    if existed {
        eprintln!("fabric: {} is ready", home_dir.display());
    }
    Ok(())
}
