//! Project automation: `cargo xtask ci | bench | s3-test | tidy | deps`.

#![allow(clippy::print_stdout, reason = "xtask prints its reports on stdout")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use xshell::{Shell, cmd};

mod deps;
mod ioa;
mod s3;

const USAGE: &str =
    "usage: cargo xtask <ci | bench [--http | --ioa | --s3 [--server S]] | s3-test [--server S] | tidy | deps>
  ci       fmt check, clippy -D warnings, tests, doc tests, cargo deny (when installed), tidy
  bench    criterion suite benchmarks beside `openssl speed`, SQLite store benchmarks beside
           raw rusqlite, PII scan, audit log, sealed backups and HTTP API; prints one report
           --http: only the HTTP API (authenticated stores and gets on 127.0.0.1)
           --ioa: only the store bench beside ioa-core, the seed's Python library (PyPI,
           in a venv under the target directory)
           --s3 [--server moto|s3s]: only store/retrieve on the S3 backend against a local
           server (1, 8, 32 requests in flight)
  s3-test  installs (once) and starts a local S3 server on 127.0.0.1 (moto by default, or
           s3s-fs), runs the S3 integration tests against it, and stops it; with
           FABRIC_TEST_S3_ENDPOINT set, runs them against that server and starts nothing
  tidy     every .rs file starts with a //! line; no ignored or should-panic tests
  deps     rewrites ARCHITECTURE.md's crate graph from `cargo metadata`";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = project_root();
    let sh = Shell::new()?;
    sh.change_dir(&root);
    match args.first().map(String::as_str) {
        Some("ci") => ci(&sh, &root),
        Some("bench") if args.get(1).map(String::as_str) == Some("--http") => {
            let table = bench_http(&sh)?;
            println!("{table}");
            Ok(())
        }
        Some("bench") if args.get(1).map(String::as_str) == Some("--ioa") => {
            // Each shape as one argument: the store bench runs the shapes that contain it.
            let (store, retrieve) = ("store, one per call", "retrieve, one per call");
            let store_output = cmd!(sh, "cargo bench --bench store -- {store}").read()?;
            let retrieve_output = cmd!(sh, "cargo bench --bench store -- {retrieve}").read()?;
            let ioa_output = ioa::run(&sh, &root, &target_dir(&root), 10_000);
            let mut rows = bench_rows(&store_output, "store");
            rows.extend(bench_rows(&retrieve_output, "store"));
            ioa::print(&ioa_output, &rows);
            Ok(())
        }
        Some("bench") if args.get(1).map(String::as_str) == Some("--s3") => {
            let kind = server_kind(&args, 2, "cargo xtask bench --s3 [--server moto|s3s]")?;
            bench_s3(&sh, &root, kind)
        }
        Some("bench") => bench(&sh, &root),
        Some("s3-test") => {
            let kind = server_kind(&args, 1, "cargo xtask s3-test [--server moto|s3s]")?;
            s3::s3_test(&sh, &target_dir(&root), kind)
        }
        Some("tidy") => tidy(&root),
        Some("deps") => deps::write_graph(&sh, &root),
        _ => {
            eprintln!("{USAGE}");
            bail!("unknown or missing subcommand")
        }
    }
}

/// The tab-separated fields of the `BENCH\t<tag>\t...` lines a benchmark printed.
fn bench_rows<'a>(output: &'a str, tag: &str) -> Vec<Vec<&'a str>> {
    let prefix = format!("BENCH\t{tag}\t");
    output
        .lines()
        .filter_map(|line| line.strip_prefix(prefix.as_str()))
        .map(|line| line.split('\t').collect())
        .collect()
}

/// `--server moto|s3s` at `args[at..]` (moto when absent).
fn server_kind(args: &[String], at: usize, usage: &str) -> Result<s3::ServerKind> {
    match (args.get(at).map(String::as_str), args.get(at + 1)) {
        (None, _) => Ok(s3::ServerKind::Moto),
        (Some("--server"), Some(name)) => s3::ServerKind::parse(name),
        _ => bail!("usage: {usage}"),
    }
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_owned).unwrap_or_default()
}

#[expect(clippy::disallowed_methods, reason = "xtask is a binary and reads its environment")]
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"))
}

pub(crate) fn step(name: &str) {
    eprintln!("\n==> {name}");
}

fn ci(sh: &Shell, root: &Path) -> Result<()> {
    step("tidy");
    tidy(root)?;
    step("cargo fmt --check");
    cmd!(sh, "cargo fmt --all -- --check").run()?;
    step("cargo clippy (all features)");
    cmd!(sh, "cargo clippy --workspace --all-targets --all-features --locked -- -D warnings")
        .run()?;
    // Feature sets a downstream crate may pick: none, and one suite without the defaults.
    for features in ["", "sqlite,chacha20poly1305"] {
        step(&format!("cargo clippy (memory-fabric, no default features, [{features}])"));
        cmd!(sh, "cargo clippy -p memory-fabric --no-default-features --features={features} --locked -- -D warnings")
            .run()?;
    }
    step("tests");
    if cmd!(sh, "cargo nextest --version").quiet().ignore_stdout().ignore_stderr().run().is_ok() {
        cmd!(sh, "cargo nextest run --workspace --all-features --locked --no-fail-fast").run()?;
    } else {
        cmd!(sh, "cargo test --workspace --all-features --locked --no-fail-fast").run()?;
    }
    step("doc tests");
    cmd!(sh, "cargo test --workspace --all-features --locked --doc").run()?;
    step("cargo doc (broken links are errors)");
    cmd!(sh, "cargo doc --no-deps --workspace --all-features --locked")
        .env("RUSTDOCFLAGS", "-D warnings")
        .run()?;
    step("dependency direction, crate graph, no SQLite without default features");
    deps::check_direction(sh)?;
    deps::check_graph(sh, root)?;
    deps::check_no_sqlite_without_defaults(sh)?;
    step("cargo deny");
    if cmd!(sh, "cargo deny --version").quiet().ignore_stdout().ignore_stderr().run().is_ok() {
        // The advisory database is fetched from the network; the other checks are local.
        cmd!(sh, "cargo deny --all-features check bans licenses sources").run()?;
    } else {
        eprintln!("cargo-deny is not installed: skipped (cargo install cargo-deny --locked)");
    }
    eprintln!("\nci: all checks passed");
    Ok(())
}

/// Longest source file, in lines, unless ARCHITECTURE.md says why (see [`LONG_FILES`]).
const MAX_LINES: usize = 600;
/// The files allowed past [`MAX_LINES`], as ARCHITECTURE.md ("File size") explains.
const LONG_FILES: [&str; 3] = [
    "crates/fabric-cli/tests/cli.rs",
    "crates/fabric-core/src/fabric/tests.rs",
    "crates/fabric-authz/tests/it/jwt.rs",
];

/// Whether library code outside `fabric-sqlite` opens a SQLite file itself (tests, and the
/// code of a file after its first `#[cfg(test)]`, may).
fn opens_sqlite_outside_the_layer(shown: &str, text: &str) -> bool {
    let library = shown.starts_with("crates/")
        && shown.contains("/src/")
        && !shown.starts_with("crates/fabric-sqlite/")
        && !shown.ends_with("/tests.rs")
        && !shown.contains("/tests/");
    let test_marker = concat!("#[cfg", "(test)]");
    let code = text.split(test_marker).next().unwrap_or(text);
    library && (code.contains("Connection::open(") || code.contains("Connection::open_with_flags("))
}

fn tidy(root: &Path) -> Result<()> {
    let ignored = concat!("#[", "ignore");
    let should_panic = concat!("#[", "should_panic");
    let mut problems = Vec::new();
    let mut pending: Vec<PathBuf> =
        ["crates", "src", "tests", "benches", "xtask"].iter().map(|dir| root.join(dir)).collect();
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path)? {
                pending.push(entry?.path());
            }
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let text = std::fs::read_to_string(&path)?;
            let shown = path.strip_prefix(root).unwrap_or(&path).display().to_string();
            if !text.starts_with("//!") {
                problems.push(format!("{shown}: does not start with a //! line"));
            }
            if text.contains(ignored) || text.contains(should_panic) {
                problems.push(format!("{shown}: has an ignored or should-panic test"));
            }
            if text.lines().count() > MAX_LINES && !LONG_FILES.contains(&shown.as_str()) {
                problems.push(format!(
                    "{shown}: over {MAX_LINES} lines (split it, or say why in ARCHITECTURE.md and LONG_FILES)"
                ));
            }
            if opens_sqlite_outside_the_layer(&shown, &text) {
                problems.push(format!(
                    "{shown}: opens a SQLite file itself; go through fabric_sqlite::Database"
                ));
            }
        }
    }
    if !problems.is_empty() {
        bail!("tidy:\n  {}", problems.join("\n  "));
    }
    Ok(())
}

/// Mean time per iteration, in nanoseconds, of a criterion benchmark.
fn criterion_mean(target: &Path, group: &str, function: &str, size: usize) -> Result<f64> {
    let path = target
        .join("criterion")
        .join(group)
        .join(function)
        .join(size.to_string())
        .join("new/estimates.json");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text)?;
    json["mean"]["point_estimate"].as_f64().context("no mean in criterion estimates")
}

/// `openssl speed -evp ALGORITHM` at one size, in MB/s; `None` when openssl is missing.
fn openssl_speed(sh: &Shell, algorithm: &str, size: usize) -> Option<f64> {
    let size = size.to_string();
    let output = cmd!(sh, "openssl speed -evp {algorithm} -bytes {size} -seconds 2")
        .quiet()
        .ignore_stderr()
        .read()
        .ok()?;
    let last = output.lines().rev().find(|line| !line.trim().is_empty())?;
    let thousands: f64 = last.split_whitespace().last()?.strip_suffix('k')?.parse().ok()?;
    Some(thousands * 1000.0 / 1e6)
}

/// Loopback connections of the HTTP load generator (keep-alive, one request in flight each).
const HTTP_CONNECTIONS: &str = "32";

/// The HTTP API benchmark (authenticated stores and gets on the SQLite default), as a table.
fn bench_http(sh: &Shell) -> Result<String> {
    step("HTTP API on 127.0.0.1 (SQLite default, API key auth, audited)");
    let output = cmd!(
        sh,
        "cargo run --release -q -p fabric-server --example http_bench -- {HTTP_CONNECTIONS} 20000 100000"
    )
    .read()?;
    let mut table = format!(
        "\n## HTTP API, {HTTP_CONNECTIONS} keep-alive connections on 127.0.0.1 (targets: 10,000 gets/s, p99 < 10 ms)\n\n"
    );
    table
        .push_str("| request | requests | requests/s | p50 ms | p99 ms |\n|---|---|---|---|---|\n");
    for fields in bench_rows(&output, "http") {
        if let [operation, requests, rate, p50, p99] = fields[..] {
            table.push_str(&format!("| {operation} | {requests} | {rate} | {p50} | {p99} |\n"));
        }
    }
    Ok(table)
}

fn bench(sh: &Shell, root: &Path) -> Result<()> {
    let target = target_dir(root);
    step("criterion: cipher suites (with --features aws-lc)");
    cmd!(
        sh,
        "cargo bench --bench crypto --features aws-lc -- --warm-up-time 1 --measurement-time 2"
    )
    .run()?;
    step("openssl speed (reference)");
    let sizes = [1usize << 10, 16 << 10, 1 << 20];
    let mut openssl: BTreeMap<(&str, usize), f64> = BTreeMap::new();
    for algorithm in ["aes-256-gcm", "chacha20-poly1305"] {
        for size in sizes {
            if let Some(speed) = openssl_speed(sh, algorithm, size) {
                openssl.insert((algorithm, size), speed);
            }
        }
    }
    step("SQLite store and retrieve (beside raw rusqlite)");
    let store_output = cmd!(sh, "cargo bench --bench store").read()?;
    step("ioa-core (the seed's Python library) on the same records");
    let ioa_output = ioa::run(sh, root, &target, 10_000);
    step("recall at 10,000 and 100,000 records (beside FTS5 in clear)");
    let recall_output = cmd!(sh, "cargo bench --bench recall").read()?;
    step("per-owner keys: store cost and key rotation");
    let keys_output = cmd!(sh, "cargo bench --bench keys").read()?;
    step("sealed backups: export and import of 100,000 records");
    let backup_output = cmd!(sh, "cargo bench --bench backup").read()?;
    step("PII scan (beside one regex scan per type)");
    let privacy_output =
        cmd!(sh, "cargo run --release -q -p fabric-privacy --example scan_bench -- 4").read()?;
    step("audit log (SQLite sink, 1,000,000 events)");
    let audit_output =
        cmd!(sh, "cargo run --release -q -p fabric-audit --example audit_bench -- 1000000")
            .read()?;
    let http_table = bench_http(sh)?;

    println!("\n## Cipher suites: MB/s (ratio to `openssl speed -evp` at the same size)\n");
    println!("| implementation | op | 1 KiB | 16 KiB | 1 MiB |");
    println!("|---|---|---|---|---|");
    for algorithm in ["aes-256-gcm", "chacha20-poly1305"] {
        let cells: Vec<String> = sizes
            .iter()
            .map(|size| {
                openssl.get(&(algorithm, *size)).map_or("n/a".into(), |speed| format!("{speed:.0}"))
            })
            .collect();
        println!("| openssl {algorithm} | seal | {} |", cells.join(" | "));
    }
    for implementation in [
        "rustcrypto-aes-256-gcm",
        "aws-lc-aes-256-gcm",
        "rustcrypto-chacha20-poly1305",
        "aws-lc-chacha20-poly1305",
    ] {
        let algorithm =
            if implementation.contains("aes") { "aes-256-gcm" } else { "chacha20-poly1305" };
        for op in ["seal", "open"] {
            let mut cells = Vec::new();
            for size in sizes {
                let nanos = criterion_mean(&target, op, implementation, size)?;
                let speed = size as f64 / nanos * 1e3;
                let ratio = openssl
                    .get(&(algorithm, size))
                    .map_or(String::new(), |reference| format!(" ({:.2}x)", speed / reference));
                cells.push(format!("{speed:.0}{ratio}"));
            }
            println!("| {implementation} | {op} | {} |", cells.join(" | "));
        }
    }

    println!(
        "\n## SQLite backend, 10,000 records of 1 KiB: records/s (cost ratio = raw rate / fabric rate)\n"
    );
    println!("| shape | fabric | raw rusqlite | cost ratio |");
    println!("|---|---|---|---|");
    for fields in bench_rows(&store_output, "store") {
        if let [shape, ours, raw] = fields[..] {
            let ratio =
                raw.parse::<f64>().unwrap_or(0.0) / ours.parse::<f64>().unwrap_or(f64::INFINITY);
            println!("| {shape} | {ours} | {raw} | {ratio:.2}x |");
        }
    }

    ioa::print(&ioa_output, &bench_rows(&store_output, "store"));

    println!("\n## Redaction on read: gets/s through a session, `user` (clear) beside `viewer`\n");
    println!("| records | user | viewer (redacted) | cost per get (µs) |");
    println!("|---|---|---|---|");
    for fields in bench_rows(&store_output, "redaction") {
        if let [records, user, viewer] = fields[..] {
            let cost = match (user.parse::<f64>(), viewer.parse::<f64>()) {
                (Ok(user), Ok(viewer)) => format!("{:.1}", 1e6 / viewer - 1e6 / user),
                _ => String::new(),
            };
            println!("| {records} | {user} | {viewer} | {cost} |");
        }
    }

    print_recall(&recall_output);
    print_keys(&keys_output);
    print_backup(&backup_output);

    println!("\n## PII scan, one thread, ~4 MB inputs: MB/s (speed-up over the naive baseline)\n");
    println!("| input | PiiDetector | naive (one regex scan per type) | speed-up |");
    println!("|---|---|---|---|");
    for fields in bench_rows(&privacy_output, "privacy") {
        if let [input, fast, naive] = fields[..] {
            let ratio =
                fast.parse::<f64>().unwrap_or(0.0) / naive.parse::<f64>().unwrap_or(f64::INFINITY);
            println!("| {input} | {fast} | {naive} | {ratio:.1}x |");
        }
    }

    println!(
        "\n## Audit log, SQLite sink (targets: 100,000 appends/s, 1,000,000 events/s verified)\n"
    );
    println!("| measurement | events | events/s |");
    println!("|---|---|---|");
    for fields in bench_rows(&audit_output, "audit") {
        if let [measurement, events, rate] = fields[..] {
            println!("| {measurement} | {events} | {rate} |");
        }
    }
    println!("{http_table}");
    Ok(())
}

/// The recall table: latency by shape and size, the text ratio to FTS5 in clear, and the
/// indexing cost.
fn print_recall(output: &str) {
    println!(
        "\n## Recall, one owner on SQLite: ms (targets at 100,000: text p99 < 20, vector p99 < 50, \
         hybrid p99 < 60, text at most 3x FTS5)\n"
    );
    println!("| records | shape | p50 | p99 | p99 / FTS5 p99 |");
    println!("|---|---|---|---|---|");
    let rows = bench_rows(output, "recall");
    for fields in &rows {
        if let [records, shape, p50, p99] = fields[..] {
            let fts = rows.iter().find_map(|other| match other[..] {
                [other_records, other_shape, _, fts_p99]
                    if other_records == records && other_shape.contains("FTS5") =>
                {
                    fts_p99.parse::<f64>().ok()
                }
                _ => None,
            });
            let ratio = match (shape, fts, p99.parse::<f64>()) {
                ("text", Some(fts), Ok(ours)) => format!("{:.2}x", ours / fts),
                _ => String::new(),
            };
            println!("| {records} | {shape} | {p50} | {p99} | {ratio} |");
        }
    }
    println!("\n| records | store_many with the index (rec/s) | without | ratio (target >= 0.6) |");
    println!("|---|---|---|---|");
    for fields in bench_rows(output, "recall-store") {
        if let [records, with, without] = fields[..] {
            let ratio = with.parse::<f64>().unwrap_or(0.0)
                / without.parse::<f64>().unwrap_or(f64::INFINITY);
            println!("| {records} | {with} | {without} | {ratio:.2} |");
        }
    }
}

/// The per-owner keys table: `store_many` with and without owner keys, and a rotation's
/// time over many owners' records.
fn print_keys(output: &str) {
    println!("\n## Per-owner keys on SQLite (targets: store >= 0.9x without, rotation < 1 s)\n");
    println!("| shape | with owner keys | without | ratio |");
    println!("|---|---|---|---|");
    for fields in bench_rows(output, "keys-store") {
        if let [with, without] = fields[..] {
            let ratio = with.parse::<f64>().unwrap_or(0.0)
                / without.parse::<f64>().unwrap_or(f64::INFINITY);
            println!("| store_many, 1,000 owners (rec/s) | {with} | {without} | {ratio:.2} |");
        }
    }
    for fields in bench_rows(output, "keys-rotation") {
        if let [records, owners, millis] = fields[..] {
            println!("| key rotation: {records} records of {owners} owners (ms) | {millis} | | |");
        }
    }
    println!(
        "\n| records moved or sealed again (targets: rewrap of 1,000,000 < 10 s) | seconds | records/s |"
    );
    println!("|---|---|---|");
    for fields in bench_rows(output, "keys-records") {
        if let [records, rewrap, reencrypt] = fields[..] {
            let rate = |seconds: &str| {
                records.parse::<f64>().unwrap_or(0.0)
                    / seconds.parse::<f64>().unwrap_or(f64::INFINITY)
            };
            println!(
                "| owner keys replaced, {records} records moved (rotate --records) | {rewrap} | {:.0} |",
                rate(rewrap)
            );
            println!(
                "| {records} records sealed again (rotate --reencrypt) | {reencrypt} | {:.0} |",
                rate(reencrypt)
            );
        }
    }
}

/// The sealed backup table: export and import rates beside their baselines, and the
/// resident memory each adds at 10,000 and 100,000 records.
fn print_backup(output: &str) {
    println!("\n## Sealed backups on SQLite, 100,000 records of 1 KiB\n");
    println!(
        "| operation (baseline) | rec/s | MB/s | baseline rec/s | ratio | peak RSS added at 10k / 100k, baseline at 100k (MiB) |"
    );
    println!("|---|---|---|---|---|---|");
    for fields in bench_rows(output, "backup") {
        if let [name, rate, mb, baseline, small, large, base_peak] = fields[..] {
            let ratio = rate.parse::<f64>().unwrap_or(0.0)
                / baseline.parse::<f64>().unwrap_or(f64::INFINITY);
            let against = if name == "export" { "list" } else { "store_many" };
            println!(
                "| {name} ({against}) | {rate} | {mb} | {baseline} | {ratio:.2} | {small} / {large}, {base_peak} |"
            );
        }
    }
}

/// `cargo xtask bench --s3`: the S3 store and retrieve rates against a local server.
fn bench_s3(sh: &Shell, root: &Path, kind: s3::ServerKind) -> Result<()> {
    let server = match s3::external_endpoint() {
        Some(_) => None,
        None => Some(s3::start(sh, &target_dir(root), kind)?),
    };
    let server_name =
        server.as_ref().map_or("FABRIC_TEST_S3_ENDPOINT", |server| server.kind.name());
    step("S3 store and retrieve, 1,000 records of 1 KiB");
    let mut command = cmd!(sh, "cargo bench --locked --bench s3");
    if let Some(server) = &server {
        for (name, value) in server.env.vars() {
            command = command.env(name, value);
        }
    }
    let output = command.read();
    drop(server);
    let output = output?;
    let mut rates: BTreeMap<(String, usize), f64> = BTreeMap::new();
    for fields in bench_rows(&output, "s3") {
        if let [operation, concurrency, rate] = fields[..] {
            rates.insert((operation.to_owned(), concurrency.parse()?), rate.parse()?);
        }
    }
    println!(
        "\n## S3 backend ({server_name}), 1,000 records of 1 KiB through MemoryFabric: records/s\n"
    );
    println!("| operation | 1 in flight | 8 in flight | 32 in flight | speed-up 32 over 1 |");
    println!("|---|---|---|---|---|");
    for operation in ["store", "retrieve"] {
        let rate = |concurrency: usize| rates.get(&(operation.to_owned(), concurrency)).copied();
        let cells: Vec<String> = [1, 8, 32]
            .iter()
            .map(|concurrency| rate(*concurrency).map_or("n/a".into(), |rate| format!("{rate:.0}")))
            .collect();
        let speedup = match (rate(1), rate(32)) {
            (Some(one), Some(many)) if one > 0.0 => format!("{:.1}x", many / one),
            _ => "n/a".into(),
        };
        println!("| {operation} | {} | {speedup} |", cells.join(" | "));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn tidy() {
        super::tidy(&super::project_root()).unwrap();
    }
}
