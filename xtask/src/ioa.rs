//! The seed's own Python library, `ioa-core` from PyPI, measured on the same records as the
//! store bench (`benches/ioa_bench.py`), in a venv under the target directory.

use std::path::Path;

use xshell::{Shell, cmd};

/// The version measured: pinned, so that runs compare.
const IOA_VERSION: &str = "ioa-core==2.18.0";

/// The bench script's `BENCH\tioa\t...` lines, or one `unavailable` line saying why.
pub(crate) fn run(sh: &Shell, root: &Path, target: &Path, records: usize) -> String {
    match measure(sh, root, target, records) {
        Ok(output) => output,
        Err(reason) => format!("BENCH\tioa\tunavailable\t{reason}\n"),
    }
}

fn measure(sh: &Shell, root: &Path, target: &Path, records: usize) -> Result<String, String> {
    let venv = target.join("ioa-venv");
    let python = venv.join("bin").join("python");
    if !python.exists() {
        cmd!(sh, "python3 -m venv {venv}")
            .quiet()
            .ignore_stdout()
            .run()
            .map_err(|_| "python3 -m venv failed (is Python 3 with venv installed?)".to_owned())?;
    }
    cmd!(sh, "{python} -m pip install -q --disable-pip-version-check {IOA_VERSION}")
        .quiet()
        .ignore_stdout()
        .run()
        .map_err(|_| format!("pip could not install {IOA_VERSION}"))?;
    let script = root.join("benches").join("ioa_bench.py");
    let records = records.to_string();
    cmd!(sh, "{python} {script} {records}")
        .quiet()
        .read()
        .map_err(|error| format!("the bench script failed: {error}"))
}

/// Prints IOA's rates beside ours for the shapes both measured.
pub(crate) fn print(ioa_output: &str, store_rows: &[Vec<&str>]) {
    println!(
        "\n## {IOA_VERSION} (Python, encrypted SQLite backend, metrics off), same 10,000 records: records/s\n"
    );
    println!("| shape | ioa-core | fabric | fabric / ioa-core |");
    println!("|---|---|---|---|");
    for fields in super::bench_rows(ioa_output, "ioa") {
        match fields[..] {
            ["unavailable", reason] => println!("| unavailable | {reason} | | |"),
            [shape, rate] => {
                // Our durable single store is the row to compare with IOA's store.
                let ours = store_rows
                    .iter()
                    .find(|row| row.first().is_some_and(|ours| ours.starts_with(shape)))
                    .and_then(|row| row.get(1).copied())
                    .unwrap_or("");
                let ratio = match (ours.parse::<f64>(), rate.parse::<f64>()) {
                    (Ok(ours), Ok(theirs)) if theirs > 0.0 => format!("{:.2}x", ours / theirs),
                    _ => String::new(),
                };
                println!("| {shape} | {rate} | {ours} | {ratio} |");
            }
            _ => {}
        }
    }
    println!(
        "\nioa-core commits each store under WAL with synchronous=NORMAL (no fsync per commit, \
         so a power loss can drop recent stores), writes on every retrieve (access counts) and \
         encrypts the content only (metadata and tags stay in clear); fabric stores with \
         synchronous=FULL and seals content, metadata and tags."
    );
}
