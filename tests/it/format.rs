//! FORMAT.md and the vectors the crates test against say the same thing.

/// The fenced ```` ```vector ```` blocks of a document, in order.
fn vector_blocks(doc: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "```vector" {
            let block: Vec<&str> = lines.by_ref().take_while(|line| line.trim() != "```").collect();
            blocks.push(block.join("\n"));
        }
    }
    blocks
}

#[test]
fn format_md_shows_the_envelope_vectors_fabric_crypto_tests() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |path: &str| std::fs::read_to_string(root.join(path)).unwrap();
    let documented = vector_blocks(&read("FORMAT.md"));
    let tested = vector_blocks(&read("crates/fabric-crypto/src/envelope/vectors.md"));
    assert!(documented.len() >= 2, "FORMAT.md shows {} vectors", documented.len());
    assert_eq!(documented, tested);
}
