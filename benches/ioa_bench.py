"""Benchmark the seed Python library ioa-core (PyPI `ioa-core` 2.18.0) on its own ground.

Measures ioa_core.memory_fabric.MemoryFabric with the SQLite backend, client-side
AES-GCM encryption (key generated here, passed as `encryption_key`) and metrics off
(`enable_metrics=False`; with metrics on, every store() re-reads the whole table).
Other settings are the library defaults (4D tiering on, commit per store,
WAL with synchronous=NORMAL).

Shapes, best of 2 runs each, fresh temporary directory per run:
  store, one per call     -- MemoryFabric.store(content) for N 1 KiB records
  retrieve, one per call  -- MemoryFabric.retrieve(id) for every stored id, content checked
There is no "store_many" row: store_batch() is an async wrapper that calls store() once per
record, and its sharded path (IOA_SHARDS>1) writes content unencrypted.

Usage: python ioa_bench.py [record_count=10000]
Output (stdout): one `BENCH\\tioa\\t<shape>\\t<records/s>` line per shape; all else to stderr.
"""
import logging
import os
import secrets
import sys
import tempfile
import time

OUT = sys.stdout
sys.stdout = sys.stderr  # anything the library prints goes to stderr
logging.basicConfig(stream=sys.stderr, level=logging.WARNING)


def bench(shape, value):
    OUT.write(f"BENCH\tioa\t{shape}\t{value}\n")
    OUT.flush()


def payload(i):
    line = f"memory {i:06}: the user asked to be reminded about the quarterly review. "
    return (line * (1024 // len(line) + 1))[:1024]


def plaintext_on_disk(directory, needle=b"quarterly"):
    for name in os.listdir(directory):
        with open(os.path.join(directory, name), "rb") as f:
            if needle in f.read():
                return name
    return None


def one_run(MemoryFabric, n, key):
    with tempfile.TemporaryDirectory(prefix="ioa-bench-") as tmp:
        fabric = MemoryFabric(
            backend="sqlite",
            config={"data_dir": tmp, "db_name": "memory.db"},
            encryption_key=key,
            enable_metrics=False,
        )
        if not fabric.crypto.is_encryption_enabled():
            raise RuntimeError("encryption did not switch on")
        contents = [payload(i) for i in range(n)]

        t0 = time.perf_counter()
        ids = [fabric.store(c) for c in contents]
        store_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        for rid, expected in zip(ids, contents):
            rec = fabric.retrieve(rid)
            if rec is None or rec.content != expected:
                raise RuntimeError(f"record {rid} missing or content mismatch")
        retrieve_s = time.perf_counter() - t0

        fabric.close()
        leaked = plaintext_on_disk(tmp)
        if leaked:
            print(f"WARNING: payload text found in clear in {leaked}", file=sys.stderr)
        return n / store_s, n / retrieve_s, leaked is None


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    try:
        from ioa_core.memory_fabric import MemoryFabric
    except Exception as e:  # ImportError, or a broken dependency inside it
        bench("unavailable", f"{type(e).__name__}: {e}".splitlines()[0][:120])
        return 0

    key = secrets.token_urlsafe(32)  # fresh per invocation, never stored
    runs = [one_run(MemoryFabric, n, key) for _ in range(2)]
    print(f"ioa: {n} records, encrypted at rest: {all(r[2] for r in runs)}", file=sys.stderr)
    bench("store, one per call", int(max(r[0] for r in runs)))
    bench("retrieve, one per call", int(max(r[1] for r in runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
