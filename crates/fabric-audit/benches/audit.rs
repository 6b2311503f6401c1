//! Criterion benchmarks of the SQLite sink: durable batched appends and verification.

use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use fabric_audit::sink::sqlite::SqliteSink;
use fabric_audit::{
    AuditEvent, AuditKey, AuditLog, Detail, DetailName, Id, NewEvent, Operation, Status, StreamId,
};

const BATCH: usize = 1000;
const VERIFY_EVENTS: usize = 100_000;

fn events(start: usize, count: usize) -> Vec<NewEvent> {
    (start..start + count)
        .map(|index| {
            AuditEvent::new(Operation::ALL[index % Operation::ALL.len()], Status::Success)
                .actor(Id::parse("svc:ingest").expect("id"))
                .owner(Id::parse("alice").expect("id"))
                .record(Id::parse(&format!("rec-{index:08}")).expect("id"))
                .detail(DetailName::SIZE, Detail::Bytes(index as u64))
        })
        .collect()
}

fn bench(criterion: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let sink = Arc::new(SqliteSink::open(&dir.path().join("audit.db")).expect("sink"));
    let log = runtime.block_on(async {
        AuditLog::builder(
            sink.clone(),
            AuditKey::from_bytes([7; 32]),
            StreamId::parse("bench").expect("stream"),
        )
        .build()
        .expect("log")
    });

    let mut group = criterion.benchmark_group("sqlite");
    group.sample_size(10);
    group.throughput(Throughput::Elements(BATCH as u64));
    let mut next = 0;
    group.bench_function("append_many_1000_durable", |bencher| {
        bencher.iter_batched(
            || {
                next += BATCH;
                events(next, BATCH)
            },
            |batch| runtime.block_on(log.append_many(batch)).expect("append"),
            criterion::BatchSize::SmallInput,
        );
    });

    let verify_dir = tempfile::tempdir().expect("tempdir");
    let verify_sink =
        Arc::new(SqliteSink::open(&verify_dir.path().join("audit.db")).expect("sink"));
    runtime.block_on(async {
        let log = AuditLog::builder(
            verify_sink.clone(),
            AuditKey::from_bytes([7; 32]),
            StreamId::parse("v").expect("stream"),
        )
        .build()
        .expect("log");
        for start in (0..VERIFY_EVENTS).step_by(10_000) {
            log.append_many(events(start, 10_000)).await.expect("append");
        }
        log.close().await.expect("close");
    });
    group.throughput(Throughput::Elements(VERIFY_EVENTS as u64));
    group.bench_function("verify_100k", |bencher| {
        bencher.iter(|| {
            runtime
                .block_on(fabric_audit::verify(
                    verify_sink.as_ref(),
                    &AuditKey::from_bytes([7; 32]),
                ))
                .expect("verify")
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
