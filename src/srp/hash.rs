//! `H` = SHA-256 and HMAC-SHA-256, over byte strings given in pieces (`a | b | c`).
//!
//! HMAC (RFC 2104) is written out here over `sha2`'s SHA-256: two hashes over the padded key.

use sha2::{Digest, Sha256};
use zeroize::Zeroize;

/// Block size of SHA-256: HMAC keys are zero-padded (or first hashed) to this length.
const BLOCK_BYTES: usize = 64;

/// `H(first | parts[0] | parts[1] | …)`
fn sha256_after(first: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(first);
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize().into()
}

/// `H(parts[0] | parts[1] | …)`
#[must_use]
pub(crate) fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    sha256_after(&[], parts)
}

/// `HMAC_SHA256(key, parts[0] | parts[1] | …)` = `H((K ⊕ opad) | H((K ⊕ ipad) | parts))`, for
/// a key given in pieces too (`key[0] | key[1] | …`).
#[must_use]
pub(crate) fn hmac_sha256(key: &[&[u8]], parts: &[&[u8]]) -> [u8; 32] {
    // RFC 2104: a key longer than the block is replaced by its hash, a shorter one is padded
    // with zeros.
    let mut block = [0u8; BLOCK_BYTES];
    let mut digest = [0u8; 32];
    let key_bytes = key.iter().flat_map(|piece| piece.iter());
    if key.iter().map(|piece| piece.len()).sum::<usize>() > BLOCK_BYTES {
        digest = sha256(key);
        block.iter_mut().zip(&digest).for_each(|(b, k)| *b = *k);
    } else {
        block.iter_mut().zip(key_bytes).for_each(|(b, k)| *b = *k);
    }
    block.iter_mut().for_each(|b| *b ^= 0x36);
    let mut inner = sha256_after(&block, parts);
    block.iter_mut().for_each(|b| *b ^= 0x36 ^ 0x5c);
    let mac = sha256_after(&block, &[&inner]);
    block.zeroize();
    inner.zeroize();
    digest.zeroize();
    mac
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_test_case_2() {
        let mac = hmac_sha256(&[b"Jefe"], &[b"what do ya want ", b"for nothing?"]);
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
            &[&key],
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
