//! Random secrets (session ids, API tokens, link tokens) and their stored hashes.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

/// A new random secret: 32 bytes, hex encoded, with a prefix telling what it is.
pub fn generate(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    format!("{prefix}{}", hex::encode(bytes))
}

/// SHA-256 of a secret, hex encoded: what the database stores.
pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_digests_stable() {
        let a = generate("aula_");
        let b = generate("aula_");
        assert_ne!(a, b);
        assert_eq!(a.len(), 5 + 64);
        assert_eq!(digest("x"), digest("x"));
        assert_ne!(digest(&a), a);
    }
}
