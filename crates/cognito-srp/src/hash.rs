//! `H` = SHA-256 and HMAC-SHA-256 (RustCrypto's `sha2` and `hmac`), over byte strings given in
//! pieces (`a | b | c`): each piece is fed to the hasher, none is copied into a concatenation.
//!
//! Both crates are built with their `zeroize` feature: a hasher's state (chaining values and
//! the buffered partial block, which holds password bytes while `x` is hashed) is wiped when it
//! is dropped, and so are HMAC's keyed inner and outer states.

use hkdf::HmacImpl as _;
use hmac::Hmac;
use sha2::digest::{FixedOutput as _, Update};
use sha2::Sha256;
use zeroize::Zeroizing;

/// HMAC-SHA-256 (RFC 2104).
pub(crate) type HmacSha256 = Hmac<Sha256>;

/// `H(parts[0] | parts[1] | …)`, written straight into a buffer that is wiped when dropped (the
/// inner hash of `x` is a password hash).
#[must_use]
pub(crate) fn sha256(parts: &[&[u8]]) -> Zeroizing<[u8; 32]> {
    let mut hasher = Sha256::default();
    for part in parts {
        Update::update(&mut hasher, part);
    }
    let mut out = Zeroizing::new([0u8; 32]);
    hasher.finalize_into((&mut *out).into());
    out
}

/// `HMAC_SHA256(key, parts[0] | parts[1] | …)`, for public results (signatures, `SECRET_HASH`).
#[must_use]
pub(crate) fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // `HmacImpl::new_from_slice` is hkdf's infallible constructor (HMAC takes a key of any
    // length: longer than a block, it is hashed first).
    let mut mac = HmacSha256::new_from_slice(key);
    for part in parts {
        Update::update(&mut mac, part);
    }
    let mut out = [0u8; 32];
    mac.finalize_into((&mut out).into());
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn hex_literal(hex: &str) -> [u8; 32] {
        crate::hex::decode(hex, "test").unwrap().try_into().unwrap()
    }

    #[test]
    fn sha256_over_pieces_is_the_hash_of_their_concatenation() {
        // FIPS 180-2, "abc" and the two-block message, split across pieces (one empty).
        assert_eq!(
            *sha256(&[b"a", &[], b"bc"]),
            hex_literal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        assert_eq!(
            *sha256(&[
                b"abcdbcdecdefdefgefghfghighij",
                b"hijkijkljklmklmnlmnomnopnopq"
            ]),
            hex_literal("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        );
        assert_eq!(
            *sha256(&[]),
            hex_literal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        );
    }

    #[test]
    fn hmac_over_pieces_matches_rfc_4231_test_case_2() {
        let mac = hmac_sha256(b"Jefe", &[b"what do ya want ", b"for nothing?"]);
        assert_eq!(
            mac,
            hex_literal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        );
    }

    #[test]
    fn hmac_key_longer_than_a_block_is_hashed_first() {
        // RFC 4231 test case 6: a 131-byte key of 0xaa (a client secret can be that long).
        let mac = hmac_sha256(
            &[0xaa; 131],
            &[b"Test Using Larger Than Block-Size Key - Hash Key First"],
        );
        assert_eq!(
            mac,
            hex_literal("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        );
    }
}
