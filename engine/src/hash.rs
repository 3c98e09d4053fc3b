//! Short, stable hashes of text: the same on every machine and every release.

use sha2::{Digest, Sha256};

/// A short, stable hash of some text (hex of SHA-256).
pub(crate) fn short_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// A stable hash (SipHash-1-3 with fixed keys: the same on every machine and release).
pub(crate) fn stable_hasher() -> siphasher::sip::SipHasher13 {
    siphasher::sip::SipHasher13::new_with_keys(0x4b69_6e74_7375_6769, 0x6d65_6d6f_7279_0000)
}
