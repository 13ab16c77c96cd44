//! Signed unsubscribe links: `/unsubscribe/{user}/{rule}/{signature}`, where the
//! signature is an HMAC-SHA256 of the user and rule under the installation secret, so
//! a link opts out exactly one user of exactly one rule and cannot be forged.

use hmac::{Hmac, Mac};
use sha2::Sha256;

fn mac(secret: &str, user: i32, rule: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(format!("unsubscribe:{user}:{rule}").as_bytes());
    mac
}

/// The signature of (user, rule), hex encoded.
pub fn sign(secret: &str, user: i32, rule: &str) -> String {
    hex::encode(mac(secret, user, rule).finalize().into_bytes())
}

/// Whether `signature` is right for (user, rule) (compared in constant time).
pub fn verify(secret: &str, user: i32, rule: &str, signature: &str) -> bool {
    let Ok(bytes) = hex::decode(signature) else {
        return false;
    };
    mac(secret, user, rule).verify_slice(&bytes).is_ok()
}

/// The full link.
pub fn url(base: &str, secret: &str, user: i32, rule: &str) -> String {
    format!(
        "{}/unsubscribe/{user}/{rule}/{}",
        base.trim_end_matches('/'),
        sign(secret, user, rule)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_bind_user_and_rule() {
        let s = sign("segreto", 7, "inactive");
        assert!(verify("segreto", 7, "inactive", &s));
        assert!(!verify("segreto", 8, "inactive", &s));
        assert!(!verify("segreto", 7, "deadline", &s));
        assert!(!verify("altro", 7, "inactive", &s));
        assert!(!verify("segreto", 7, "inactive", "zz"));
        assert!(!verify("segreto", 7, "inactive", "è"));
    }
}
