//! The HTTP API of memory-fabric (work in progress).
