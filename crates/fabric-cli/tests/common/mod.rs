//! A home for one test and the `fabric` binary run in it, shared by the integration tests.

#![allow(dead_code, reason = "each test file uses part of the helper")]
#![allow(clippy::unwrap_used, reason = "test helpers fail by panicking")]

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// A fresh home directory, and `fabric` run in it with no `FABRIC_*` variable but those given.
pub(crate) struct Home {
    _dir: tempfile::TempDir,
    pub(crate) path: PathBuf,
}

impl Home {
    pub(crate) fn new() -> Home {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("home");
        Home { _dir: dir, path }
    }

    pub(crate) fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_fabric"));
        command.args(args).env("FABRIC_HOME", &self.path).stdin(Stdio::null());
        for name in [
            "FABRIC_KEY",
            "FABRIC_KEY_FILE",
            "FABRIC_PASSPHRASE",
            "FABRIC_BACKEND",
            "FABRIC_LOG",
            "FABRIC_EXPORT_KEY",
            "FABRIC_EXPORT_PASSPHRASE",
        ] {
            command.env_remove(name);
        }
        command.envs(env.iter().copied());
        command.output().unwrap()
    }

    pub(crate) fn ok_with(&self, args: &[&str], env: &[(&str, &str)]) -> (String, String) {
        let output = self.run_with(args, env);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(output.status.success(), "{args:?}: {stderr}");
        (String::from_utf8(output.stdout).unwrap(), stderr)
    }

    pub(crate) fn ok(&self, args: &[&str]) -> String {
        self.ok_with(args, &[]).0
    }

    /// Rewrites the home's `fabric.toml` (made by `init`) with `edit`.
    pub(crate) fn edit_config(&self, edit: impl FnOnce(String) -> String) {
        let path = self.path.join("fabric.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, edit(text)).unwrap();
    }

    pub(crate) fn keys(&self) -> Vec<serde_json::Value> {
        json_lines(&self.ok(&["keys", "list", "--json"]))
    }
}

/// One JSON value per line of `text`.
pub(crate) fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines().map(|line| serde_json::from_str(line).unwrap()).collect()
}
