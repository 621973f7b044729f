//! The session key Cognito calls the "HKDF": one round of RFC 5869 HKDF-SHA-256.

use zeroize::{Zeroize, Zeroizing};

use super::{hash::hmac_sha256, pad::pad_hex_parts};

/// The HKDF `info` Cognito uses.
const INFO: &[u8] = b"Caldera Derived Key";

/// Length of the derived key in bytes.
pub const KEY_BYTES: usize = 16;

/// `PRK = HMAC(key = padHex(u), msg = padHex(S))`;
/// `key = HMAC(PRK, "Caldera Derived Key" | 0x01)[0..16]`.
///
/// `u` and `S` are given as big-endian values; they are hashed as padHex byte strings (see
/// [`pad_hex`](super::pad_hex)).
#[must_use]
pub fn derive_key(u: &[u8], s: &[u8]) -> Zeroizing<[u8; KEY_BYTES]> {
    let mut prk = hmac_sha256(&pad_hex_parts(u), &pad_hex_parts(s));
    let mut okm = hmac_sha256(&[&prk], &[INFO, &[0x01]]);
    prk.zeroize();
    let mut key = Zeroizing::new([0u8; KEY_BYTES]);
    key.iter_mut().zip(okm.iter()).for_each(|(k, o)| *k = *o);
    okm.zeroize();
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_is_the_first_16_bytes_of_the_expand_step() {
        // padHex(0x0102) = 01 02; padHex(0x830405) = 00 83 04 05.
        let prk = hmac_sha256(&[&[1, 2]], &[&[0, 0x83, 4, 5]]);
        let okm = hmac_sha256(&[&prk], &[b"Caldera Derived Key\x01"]);
        assert_eq!(derive_key(&[0, 1, 2], &[0x83, 4, 5])[..], okm[..KEY_BYTES]);
    }
}
