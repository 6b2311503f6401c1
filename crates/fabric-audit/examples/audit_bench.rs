//! Measures the SQLite sink: durable appends per second and verification in events per second.
//!
//! `cargo run --release --example audit_bench -- [events] [database]`: appends `events`
//! (default 1,000,000) to `database` (default a temporary file), then verifies it; with
//! `events` 0 it only verifies an existing `database`.
#![expect(clippy::print_stdout, reason = "the example reports to the terminal")]

use std::sync::Arc;
use std::time::Instant;

use fabric_audit::sink::sqlite::SqliteSink;
use fabric_audit::{
    AuditEvent, AuditKey, AuditLog, Detail, DetailName, Id, NewEvent, Operation, Status, StreamId,
};

const BATCH: usize = 10_000;
const CONCURRENT_TASKS: usize = 256;
const CONCURRENT_EVENTS: usize = 100_000;

fn event(index: usize, actor: &Id, owners: &[Id]) -> Result<NewEvent, fabric_audit::Error> {
    Ok(AuditEvent::new(Operation::ALL[index % Operation::ALL.len()], Status::Success)
        .actor(actor.clone())
        .owner(owners[index % owners.len()].clone())
        .record(Id::parse(&format!("rec-{index:08}"))?)
        .request(Id::parse(&format!("req-{:08}", index / 3))?)
        .detail(DetailName::SIZE, Detail::Bytes(index as u64 % 65_536)))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n_events: usize = match std::env::args().nth(1) {
        Some(text) => text.parse()?,
        None => 1_000_000,
    };
    let dir = tempfile::tempdir()?;
    let path = match std::env::args().nth(2) {
        Some(path) => std::path::PathBuf::from(path),
        None => dir.path().join("audit.db"),
    };
    if n_events == 0 {
        return verify(&path).await;
    }
    let sink = Arc::new(SqliteSink::open(&path)?);
    let actor = Id::parse("svc:ingest")?;
    let owners: Vec<Id> =
        (0..100).map(|n| Id::parse(&format!("owner-{n}"))).collect::<Result<_, _>>()?;

    // 1. Batched appends: append_many of BATCH events, each batch one durable commit.
    let log =
        AuditLog::builder(sink.clone(), AuditKey::from_bytes([7; 32]), StreamId::parse("bench")?)
            .checkpoint_every(1000)
            .build()?;
    let mut build_time = std::time::Duration::ZERO;
    let started = Instant::now();
    let mut index = 0;
    while index < n_events {
        let end = (index + BATCH).min(n_events);
        let build_started = Instant::now();
        let batch =
            (index..end).map(|i| event(i, &actor, &owners)).collect::<Result<Vec<_>, _>>()?;
        build_time += build_started.elapsed();
        log.append_many(batch).await?;
        index = end;
    }
    log.close().await?;
    let elapsed = started.elapsed() - build_time;
    let rate = n_events as f64 / elapsed.as_secs_f64();
    println!(
        "append_many (batches of {BATCH}, durable, sqlite): {n_events} events in {elapsed:.2?} = {rate:.0} events/s"
    );
    println!("BENCH\taudit\tappend_many, batches of {BATCH}, durable\t{n_events}\t{rate:.0}");

    // 2. Concurrent single appends: many tasks, one event per call, group commit.
    let concurrent = AuditLog::builder(
        sink.clone(),
        AuditKey::from_bytes([7; 32]),
        StreamId::parse("concurrent")?,
    )
    .build()?;
    let per_task = CONCURRENT_EVENTS / CONCURRENT_TASKS;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for task in 0..CONCURRENT_TASKS {
        let log = concurrent.clone();
        let actor = actor.clone();
        let owners = owners.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..per_task {
                log.append(event(task * per_task + i, &actor, &owners)?).await?;
            }
            Ok::<_, fabric_audit::Error>(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    concurrent.close().await?;
    let elapsed = started.elapsed();
    let n_concurrent = per_task * CONCURRENT_TASKS;
    let rate = n_concurrent as f64 / elapsed.as_secs_f64();
    println!(
        "append ({CONCURRENT_TASKS} concurrent tasks, one event per call, durable, sqlite): {n_concurrent} events in {elapsed:.2?} = {rate:.0} events/s"
    );
    println!(
        "BENCH\taudit\tappend, {CONCURRENT_TASKS} concurrent tasks, one event per call\t{n_concurrent}\t{rate:.0}"
    );

    verify(&path).await
}

/// Verifies everything, from a freshly opened sink.
async fn verify(path: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let sink = SqliteSink::open(path)?;
    let started = Instant::now();
    let report = fabric_audit::verify(&sink, &AuditKey::from_bytes([7; 32])).await?;
    let elapsed = started.elapsed();
    println!(
        "verify (sqlite): {} events, {} checkpoints in {:.2?} = {:.0} events/s",
        report.events,
        report.streams.iter().map(|stream| stream.checkpoints).sum::<u64>(),
        elapsed,
        report.events as f64 / elapsed.as_secs_f64()
    );
    println!("database size: {:.1} MiB", std::fs::metadata(path)?.len() as f64 / 1_048_576.0);
    println!(
        "BENCH\taudit\tverify\t{}\t{:.0}",
        report.events,
        report.events as f64 / elapsed.as_secs_f64()
    );
    Ok(())
}
