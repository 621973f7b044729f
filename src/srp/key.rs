//! The session key Cognito calls the "HKDF": one round of RFC 5869 HKDF-SHA-256.

use zeroize::{Zeroize, Zeroizing};

use super::hash::hmac_sha256;

/// The HKDF `info` Cognito uses.
const INFO: &[u8] = b"Caldera Derived Key";

/// Length of the derived key in bytes.
pub const KEY_BYTES: usize = 16;

/// `PRK = HMAC(key = padHex(u), msg = padHex(S))`;
/// `key = HMAC(PRK, "Caldera Derived Key" | 0x01)[0..16]`.
///
/// Both inputs are padHex byte strings (see [`pad_hex`](super::pad_hex)).
#[must_use]
pub fn derive_key(padded_u: &[u8], padded_s: &[u8]) -> Zeroizing<[u8; KEY_BYTES]> {
    let mut prk = hmac_sha256(padded_u, &[padded_s]);
    let mut okm = hmac_sha256(&prk, &[INFO, &[0x01]]);
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
        let prk = hmac_sha256(&[1, 2], &[&[3, 4, 5]]);
        let okm = hmac_sha256(&prk, &[b"Caldera Derived Key\x01"]);
        assert_eq!(derive_key(&[1, 2], &[3, 4, 5])[..], okm[..KEY_BYTES]);
    }
}
