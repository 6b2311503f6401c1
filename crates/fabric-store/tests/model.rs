//! Model-based property tests: every backend behaves like a map under arbitrary operations.

#![allow(clippy::unwrap_used, reason = "test and benchmark helpers fail by panicking")]

use fabric_store::conformance::{ModelOp, check_against_model};
use fabric_store::{Backend, ObjectStoreBackend, SqliteBackend};
use proptest::prelude::*;

fn op() -> impl Strategy<Value = ModelOp> {
    prop_oneof![
        3 => (0..4u8, proptest::collection::vec(any::<u8>(), 0..64), 0..4u8)
            .prop_map(|(key, body, mode)| ModelOp::Put { key, body, mode }),
        1 => (0..4u8).prop_map(|key| ModelOp::Delete { key }),
    ]
}

fn run(make: impl FnOnce() -> Box<dyn Backend>, ops: &[ModelOp]) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let backend = make();
        check_against_model(backend.as_ref(), ops).await;
    });
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn memory_behaves_like_a_map(ops in proptest::collection::vec(op(), 1..30)) {
        run(|| Box::new(ObjectStoreBackend::memory()), &ops);
    }

    #[test]
    fn directory_behaves_like_a_map(ops in proptest::collection::vec(op(), 1..30)) {
        let dir = tempfile::tempdir().unwrap();
        run(|| Box::new(ObjectStoreBackend::local(dir.path()).unwrap()), &ops);
    }

    #[test]
    fn sqlite_behaves_like_a_map(ops in proptest::collection::vec(op(), 1..30)) {
        let dir = tempfile::tempdir().unwrap();
        run(|| Box::new(SqliteBackend::open(&dir.path().join("m.db")).unwrap()), &ops);
    }
}
