//! `cargo xtask s3-test` and the S3 part of `cargo xtask bench`: a local S3-compatible
//! server on 127.0.0.1 (moto, or s3s-fs), started for one run and always stopped.

use std::io::{Read as _, Write as _};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use xshell::{Shell, cmd};

/// The moto release and its web dependencies, pinned.
const MOTO_PACKAGES: [&str; 3] = ["moto[s3]==5.2.5", "flask==3.1.3", "flask-cors==6.0.5"];
/// The s3s-fs release, built from crates.io.
const S3S_FS: &str = "s3s-fs@0.14.1";
/// Credentials of the local test server (moto does not check them; s3s-fs does).
const ACCESS_KEY_ID: &str = "fabric-test";
const SECRET_ACCESS_KEY: &str = "fabric-test-secret";
/// How long a server may take to answer after it was started.
const READY_TIMEOUT: Duration = Duration::from_secs(90);

/// Which local server to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ServerKind {
    /// moto in server mode: versioning, Object Lock, SSE headers, atomic conditional writes.
    Moto,
    /// s3s-fs: SigV4 checked; no versioning, Object Lock or SSE; create-only not atomic.
    S3s,
}

impl ServerKind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            ServerKind::Moto => "moto",
            ServerKind::S3s => "s3s-fs",
        }
    }

    pub(crate) fn parse(text: &str) -> Result<ServerKind> {
        match text {
            "moto" => Ok(ServerKind::Moto),
            "s3s" => Ok(ServerKind::S3s),
            _ => bail!("unknown server {text:?} (expected moto or s3s)"),
        }
    }
}

/// Where tests find the server: the variables `tests/it/s3.rs` reads.
pub(crate) struct TestEnv(Vec<(&'static str, String)>);

impl TestEnv {
    pub(crate) fn vars(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.0.iter().map(|(name, value)| (*name, value.as_str()))
    }
}

/// A running server; dropping it stops the process and removes its scratch directory.
pub(crate) struct LocalServer {
    child: Child,
    scratch: PathBuf,
    pub(crate) env: TestEnv,
    pub(crate) kind: ServerKind,
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.scratch);
        eprintln!("s3: stopped the {} server", self.kind.name());
    }
}

/// An S3 server named by `FABRIC_TEST_S3_ENDPOINT`, if set: then nothing is started.
#[expect(clippy::disallowed_methods, reason = "xtask is a binary and reads its environment")]
pub(crate) fn external_endpoint() -> Option<String> {
    std::env::var("FABRIC_TEST_S3_ENDPOINT").ok().filter(|endpoint| !endpoint.is_empty())
}

/// Installs the server once (cached under the target directory) and starts it on a free port.
pub(crate) fn start(sh: &Shell, target: &Path, kind: ServerKind) -> Result<LocalServer> {
    let cache = target.join("s3-test");
    let port = free_port()?;
    let scratch = cache.join(format!("run-{port}"));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(scratch.join("data"))?;
    let log_path = scratch.join("server.log");
    let log = std::fs::File::create(&log_path)?;
    let port_text = port.to_string();
    let mut command = match kind {
        ServerKind::Moto => {
            let program = install_moto(sh, &cache)?;
            let mut command = Command::new(program);
            command.args(["-H", "127.0.0.1", "-p", &port_text]);
            command
        }
        ServerKind::S3s => {
            let program = install_s3s(sh, &cache)?;
            let mut command = Command::new(program);
            command.args(["--host", "127.0.0.1", "--port", &port_text]);
            command.args(["--access-key", ACCESS_KEY_ID, "--secret-key", SECRET_ACCESS_KEY]);
            command.arg(scratch.join("data"));
            command
        }
    };
    let child = command
        .current_dir(&scratch)
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .with_context(|| format!("starting the {kind:?} server"))?;
    let endpoint = format!("http://127.0.0.1:{port}");
    let mut vars = vec![
        ("FABRIC_TEST_S3_ENDPOINT", endpoint.clone()),
        ("FABRIC_TEST_S3_ACCESS_KEY_ID", ACCESS_KEY_ID.to_owned()),
        ("FABRIC_TEST_S3_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY.to_owned()),
        ("FABRIC_TEST_S3_REGION", "us-east-1".to_owned()),
    ];
    match kind {
        ServerKind::Moto => {
            vars.push(("FABRIC_TEST_S3_REQUIRE", "versioning,object_lock,sse".to_owned()));
            vars.push(("FABRIC_TEST_S3_UNSUPPORTED", String::new()));
        }
        ServerKind::S3s => {
            vars.push(("FABRIC_TEST_S3_REQUIRE", String::new()));
            vars.push(("FABRIC_TEST_S3_UNSUPPORTED", "atomic_create".to_owned()));
        }
    }
    let mut server = LocalServer { child, scratch, env: TestEnv(vars), kind };
    wait_ready(&mut server, port, kind)
        .with_context(|| format!("the server did not start; see {}", log_path.display()))?;
    eprintln!("s3: {} server ready at {endpoint}", kind.name());
    Ok(server)
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

/// Polls until the server answers HTTP (moto: `GET /moto-api/` with 200).
fn wait_ready(server: &mut LocalServer, port: u16, kind: ServerKind) -> Result<()> {
    let started = Instant::now();
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let path = match kind {
        ServerKind::Moto => "/moto-api/",
        ServerKind::S3s => "/",
    };
    while started.elapsed() < READY_TIMEOUT {
        if let Some(status) = server.child.try_wait()? {
            bail!("the server exited with {status}");
        }
        if let Ok(status) = http_status(address, path) {
            let ready = match kind {
                ServerKind::Moto => status == 200,
                ServerKind::S3s => status > 0,
            };
            if ready {
                return Ok(());
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    bail!("no answer within {} s", READY_TIMEOUT.as_secs())
}

/// The status of `GET path`, by hand (xtask has no HTTP client).
fn http_status(address: SocketAddr, path: &str) -> Result<u16> {
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(1))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")?;
    let mut head = [0u8; 16];
    let read = stream.read(&mut head)?;
    let text = std::str::from_utf8(head.get(..read).unwrap_or_default()).unwrap_or_default();
    let status = text.split_whitespace().nth(1).context("no status line")?;
    Ok(status.parse()?)
}

/// A venv with the pinned moto under `cache`, created once; returns `moto_server`.
fn install_moto(sh: &Shell, cache: &Path) -> Result<PathBuf> {
    let venv = cache.join("moto-venv");
    let program = venv.join("bin/moto_server");
    let marker =
        venv.join(format!("installed-{}", MOTO_PACKAGES.join("-").replace(['[', ']', '='], "_")));
    if program.exists() && marker.exists() {
        return Ok(program);
    }
    eprintln!("s3: installing {} into {} (once)", MOTO_PACKAGES.join(" "), venv.display());
    std::fs::create_dir_all(cache)?;
    cmd!(sh, "python3 -m venv {venv}").run()?;
    let pip = venv.join("bin/pip");
    let packages = MOTO_PACKAGES;
    cmd!(sh, "{pip} install --quiet --disable-pip-version-check {packages...}").run()?;
    std::fs::write(&marker, b"")?;
    Ok(program)
}

/// s3s-fs built with `cargo install --root` under `cache`, once; returns its binary.
fn install_s3s(sh: &Shell, cache: &Path) -> Result<PathBuf> {
    let root = cache.join("s3s");
    let program = root.join("bin/s3s-fs");
    if program.exists() {
        return Ok(program);
    }
    eprintln!("s3: building {S3S_FS} into {} (once)", root.display());
    cmd!(sh, "cargo install {S3S_FS} --features binary --locked --root {root}").run()?;
    Ok(program)
}

/// `cargo xtask s3-test [--server moto|s3s]`.
pub(crate) fn s3_test(sh: &Shell, target: &Path, kind: ServerKind) -> Result<()> {
    if let Some(endpoint) = external_endpoint() {
        eprintln!("s3: testing against {endpoint} (FABRIC_TEST_S3_ENDPOINT); starting nothing");
        return run_tests(sh, &[]);
    }
    let server = start(sh, target, kind)?;
    let vars: Vec<(&str, &str)> = server.env.vars().collect();
    let outcome = run_tests(sh, &vars);
    drop(server);
    outcome
}

fn run_tests(sh: &Shell, vars: &[(&str, &str)]) -> Result<()> {
    crate::step("S3 integration tests (tests/it/s3.rs, crates/fabric-cli/tests/s3.rs)");
    // The workspace and features of `cargo xtask ci`, so its build is reused.
    let mut command = cmd!(
        sh,
        "cargo test --locked --workspace --all-features --test it --test s3 s3 -- --nocapture"
    );
    for (name, value) in vars {
        command = command.env(name, value);
    }
    command.run()?;
    Ok(())
}
