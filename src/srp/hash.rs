//! `H` = SHA-256 and HMAC-SHA-256, over byte strings given in pieces (`a | b | c`).

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroize;

/// Block size of SHA-256: HMAC keys are zero-padded (or first hashed) to this length.
const BLOCK_BYTES: usize = 64;

/// `H(parts[0] | parts[1] | …)`
#[must_use]
pub(crate) fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize().into()
}

/// `HMAC_SHA256(key, parts[0] | parts[1] | …)`
#[must_use]
pub(crate) fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // RFC 2104: a key longer than the block is replaced by its hash, a shorter one is padded
    // with zeros. Doing it here gives a fixed-size key, so creating the MAC cannot fail.
    let mut block = [0u8; BLOCK_BYTES];
    if key.len() > BLOCK_BYTES {
        let mut digest = sha256(&[key]);
        block
            .iter_mut()
            .zip(digest.iter())
            .for_each(|(b, d)| *b = *d);
        digest.zeroize();
    } else {
        block.iter_mut().zip(key.iter()).for_each(|(b, k)| *b = *k);
    }
    let mut mac = <Hmac<Sha256> as KeyInit>::new(&block.into());
    block.zeroize();
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_test_case_2() {
        let mac = hmac_sha256(b"Jefe", &[b"what do ya want ", b"for nothing?"]);
        assert_eq!(
            mac,
            hex_literal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        );
    }

    #[test]
    fn hmac_key_longer_than_a_block_is_hashed_first() {
        // RFC 4231 test case 6: 131-byte key of 0xaa.
        let key = [0xaa_u8; 131];
        let mac = hmac_sha256(
            &key,
            &[b"Test Using Larger Than Block-Size Key - Hash Key First"],
        );
        assert_eq!(
            mac,
            hex_literal("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        );
    }

    fn hex_literal(hex: &str) -> [u8; 32] {
        let bytes = crate::srp::hex::decode(hex, "test").unwrap_or_default();
        bytes.try_into().unwrap_or([0; 32])
    }
}
