//! Prints scan throughput of `PiiDetector` and of the naive baseline on sparse prose and on
//! PII-dense text: `cargo run --release --example scan_bench [MEGABYTES]`.

#![expect(clippy::print_stdout, reason = "an example that reports to the terminal")]

use fabric_privacy::bench_support::compare;

fn main() {
    let megabytes: usize = std::env::args().nth(1).and_then(|arg| arg.parse().ok()).unwrap_or(4);
    let rows = compare(megabytes << 20, 10);
    println!(
        "{:<14} {:>10} {:>12} {:>13} {:>7} {:>9}",
        "input", "MB", "fast MB/s", "naive MB/s", "ratio", "matches"
    );
    for row in &rows {
        println!(
            "{:<14} {:>10.1} {:>12.0} {:>13.0} {:>6.1}x {:>9}",
            row.input,
            row.bytes as f64 / 1e6,
            row.fast_mb_s,
            row.naive_mb_s,
            row.ratio(),
            if row.fast_matches == row.naive_matches {
                row.fast_matches.to_string()
            } else {
                format!("{}!={}", row.fast_matches, row.naive_matches)
            },
        );
    }
    // Machine-readable lines for `cargo xtask bench`.
    for row in &rows {
        println!("BENCH\tprivacy\t{}\t{:.0}\t{:.0}", row.input, row.fast_mb_s, row.naive_mb_s);
    }
}
