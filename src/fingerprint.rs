//! Fingerprints of source texts, recorded in translations so that a changed source field marks
//! exactly that translated field stale.
//!
//! The fingerprint of a text is the first 8 hexadecimal digits of the SHA-256 of the text with
//! line endings normalized to `\n` and surrounding white space trimmed, so that re-indenting or
//! re-wrapping a YAML block scalar's trailing newline does not make a translation stale. Any tool
//! can compute it: `printf %s "$text" | sha256sum | cut -c1-8`.

use sha2::{Digest, Sha256};

pub const LEN: usize = 8;

pub fn of(text: &str) -> String {
    let normalized = text.replace("\r\n", "\n");
    let digest = Sha256::digest(normalized.trim().as_bytes());
    let mut hex = String::with_capacity(LEN);
    for byte in digest.iter().take(LEN / 2) {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

#[cfg(test)]
mod tests {
    #[test]
    fn matches_sha256sum_and_ignores_surrounding_space() {
        // printf %s 'A refresh token is expired.' | sha256sum
        assert_eq!(
            super::of("A refresh token is expired."),
            super::of("  A refresh token is expired.\n")
        );
        assert_eq!(super::of("abc"), "ba7816bf");
        assert_ne!(super::of("abc"), super::of("abd"));
    }
}
