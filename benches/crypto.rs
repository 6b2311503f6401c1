//! Seal and open throughput of every cipher suite implementation (criterion).
//!
//! `cargo xtask bench` runs this with `--features aws-lc` and sets the results beside
//! `openssl speed -evp aes-256-gcm` measured in the same run.

#![allow(clippy::unwrap_used, reason = "test and benchmark helpers fail by panicking")]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use memory_fabric::crypto::{
    CipherSuite, DataKey, Keyring, MasterKey, NONCE_LEN, Nonce, OsRandom, SecureRandom, envelope,
};

const SIZES: [usize; 3] = [1 << 10, 16 << 10, 1 << 20];

fn implementations() -> Vec<(&'static str, &'static dyn CipherSuite)> {
    let mut suites: Vec<(&'static str, &'static dyn CipherSuite)> = vec![
        ("rustcrypto-aes-256-gcm", &fabric_crypto::aes_gcm::Aes256Gcm),
        ("rustcrypto-chacha20-poly1305", &fabric_crypto::chacha20poly1305::ChaCha20Poly1305),
    ];
    #[cfg(feature = "aws-lc")]
    suites.extend([
        ("aws-lc-aes-256-gcm", &fabric_crypto::aws_lc::Aes256Gcm as &dyn CipherSuite),
        ("aws-lc-chacha20-poly1305", &fabric_crypto::aws_lc::ChaCha20Poly1305),
    ]);
    suites
}

fn suites(criterion: &mut Criterion) {
    let mut key_bytes = [0u8; 32];
    OsRandom.fill(&mut key_bytes).unwrap();
    let key = DataKey::from_bytes(key_bytes);
    // A fixed nonce is fine here: nothing sealed in a benchmark is kept.
    let nonce = Nonce::from_bytes([7u8; NONCE_LEN]);
    for (op, sealing) in [("seal", true), ("open", false)] {
        let mut group = criterion.benchmark_group(op);
        for size in SIZES {
            let msg = vec![0x5a_u8; size];
            group.throughput(Throughput::Bytes(size as u64));
            for (name, suite) in implementations() {
                let sealed = suite.seal(&key, &nonce, b"aad", &msg).unwrap();
                group.bench_with_input(BenchmarkId::new(name, size), &size, |bencher, _| {
                    if sealing {
                        bencher.iter(|| suite.seal(&key, &nonce, b"aad", &msg).unwrap());
                    } else {
                        bencher.iter(|| suite.open(&key, &nonce, b"aad", &sealed).unwrap());
                    }
                });
            }
        }
        group.finish();
    }
}

fn envelopes(criterion: &mut Criterion) {
    let keyring = Keyring::single(MasterKey::generate(&OsRandom).unwrap());
    let mut group = criterion.benchmark_group("envelope-seal");
    let msg = vec![0x5a_u8; 1 << 10];
    group.throughput(Throughput::Bytes(msg.len() as u64));
    for (name, suite) in implementations() {
        group.bench_function(BenchmarkId::new(name, msg.len()), |bencher| {
            bencher.iter(|| envelope::seal(suite, &OsRandom, &keyring, b"ctx", &msg).unwrap());
        });
    }
    group.finish();
}

criterion_group!(benches, suites, envelopes);
criterion_main!(benches);
