//! Criterion benchmark of `PiiDetector::scan` against the naive one-scan-per-type baseline
//! on sparse prose and on PII-dense text.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use fabric_privacy::PiiDetector;
use fabric_privacy::bench_support::{dense_pii, naive_scan, sparse_prose};

const INPUT_LEN: usize = 4 << 20;

fn scan(criterion: &mut Criterion) {
    let detector = PiiDetector::new();
    for (name, text) in
        [("sparse_prose", sparse_prose(INPUT_LEN, 7)), ("dense_pii", dense_pii(INPUT_LEN, 11))]
    {
        let mut group = criterion.benchmark_group(name);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.sample_size(10);
        group.bench_function("fast", |bencher| {
            bencher.iter(|| detector.scan(black_box(&text)).len())
        });
        group.bench_function("naive", |bencher| {
            bencher.iter(|| naive_scan(&detector, black_box(&text)).len())
        });
        group.finish();
    }
}

criterion_group!(benches, scan);
criterion_main!(benches);
