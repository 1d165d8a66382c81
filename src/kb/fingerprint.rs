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
    let digest = if text.contains('\r') {
        Sha256::digest(text.replace("\r\n", "\n").trim().as_bytes())
    } else {
        Sha256::digest(text.trim().as_bytes())
    };
    const HEX: &[u8; 16] = b"0123456789abcdef";
    digest
        .iter()
        .take(LEN / 2)
        .flat_map(|byte| [HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xf)]])
        .map(char::from)
        .collect()
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
        assert_eq!(super::of("a\r\nb"), super::of("a\nb"));
    }
}
