//! Short, stable hashes of text: the same on every machine and every release.

use sha2::{Digest, Sha256};

/// A short, stable hash of some text (hex of SHA-256).
pub(crate) fn short_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}
