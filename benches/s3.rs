//! Store and retrieve throughput on the S3 backend: 1,000 records of 1 KiB through
//! `MemoryFabric`, with 1, 8 and 32 requests in flight, against the server named by
//! `FABRIC_TEST_S3_*` (`cargo xtask bench --s3` starts a local one).
//!
//! Prints one `BENCH` line per measurement for xtask to collect; without an endpoint it says
//! so and exits.

#![allow(clippy::unwrap_used, reason = "test and benchmark helpers fail by panicking")]
#![allow(clippy::print_stdout, reason = "a benchmark prints its table")]
#![allow(
    clippy::disallowed_methods,
    reason = "the S3 benchmark is configured by FABRIC_TEST_S3_* variables"
)]

use std::sync::Arc;
use std::time::Instant;

use futures::StreamExt as _;
use memory_fabric::crypto::{Keyring, MasterKey, OsRandom};
use memory_fabric::store::s3::{S3Backend, S3Client};
use memory_fabric::{MemoryFabric, NewRecord};

const RECORDS: usize = 1_000;
const CONCURRENCY: [usize; 3] = [1, 8, 32];

fn payload(i: usize) -> String {
    let line = format!("memory {i:06}: the user asked to be reminded about the quarterly review. ");
    line.repeat(1024 / line.len() + 1)[..1024].to_owned()
}

fn main() {
    let Ok(endpoint) = std::env::var("FABRIC_TEST_S3_ENDPOINT") else {
        println!(
            "s3 bench skipped: FABRIC_TEST_S3_ENDPOINT is not set (run `cargo xtask bench --s3`)"
        );
        return;
    };
    let key_id = std::env::var("FABRIC_TEST_S3_ACCESS_KEY_ID").unwrap_or_default();
    let secret = std::env::var("FABRIC_TEST_S3_SECRET_ACCESS_KEY").unwrap_or_default();
    let region = std::env::var("FABRIC_TEST_S3_REGION").unwrap_or_else(|_| "us-east-1".into());
    let allow_http = endpoint.starts_with("http://");
    let credentials = S3Backend::credentials(&key_id, &secret);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let client = S3Client::new(Some(&endpoint), &region, allow_http, &credentials).unwrap();
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
        let bucket = format!("fabric-bench-{nanos}");
        client.create_bucket(&bucket, false).await.unwrap();
        let backend = S3Backend::builder()
            .with_bucket(&bucket)
            .with_endpoint(&endpoint)
            .with_region(&region)
            .with_allow_http(allow_http)
            .with_credentials(credentials)
            .build()
            .unwrap();
        let fabric = Arc::new(
            MemoryFabric::builder()
                .backend(Arc::new(backend))
                .keyring(Keyring::single(MasterKey::generate(&OsRandom).unwrap()))
                .build()
                .unwrap(),
        );
        println!("| in flight | store records/s | retrieve records/s |");
        println!("|---|---|---|");
        for concurrency in CONCURRENCY {
            let owner = format!("bench-{concurrency}");
            let started = Instant::now();
            let ids: Vec<String> = futures::stream::iter(0..RECORDS)
                .map(|i| {
                    let fabric = Arc::clone(&fabric);
                    let input = NewRecord::new(owner.clone(), payload(i));
                    async move { fabric.store(input).await.unwrap().id.to_string() }
                })
                .buffer_unordered(concurrency)
                .collect()
                .await;
            let store_rate = RECORDS as f64 / started.elapsed().as_secs_f64();
            let started = Instant::now();
            futures::stream::iter(ids)
                .map(|id| {
                    let fabric = Arc::clone(&fabric);
                    let owner = owner.clone();
                    async move {
                        let record = fabric.retrieve(&owner, &id).await.unwrap();
                        assert_eq!(record.content.len(), 1024);
                    }
                })
                .buffer_unordered(concurrency)
                .collect::<Vec<()>>()
                .await;
            let retrieve_rate = RECORDS as f64 / started.elapsed().as_secs_f64();
            println!("| {concurrency} | {store_rate:.0} | {retrieve_rate:.0} |");
            println!("BENCH\ts3\tstore\t{concurrency}\t{store_rate:.0}");
            println!("BENCH\ts3\tretrieve\t{concurrency}\t{retrieve_rate:.0}");
        }
    });
}
