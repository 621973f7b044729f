//! The session key, Cognito's "Caldera Derived Key": HKDF-SHA-256 (RFC 5869, the `hkdf`
//! crate) with salt = padHex(u), input key material = padHex(S), info = "Caldera Derived Key",
//! and the first 16 bytes of the output.

use hkdf::HkdfExtract;
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

use super::pad::{pad_hex, pad_hex_parts};

/// The HKDF `info` Cognito uses.
const INFO: &[u8] = b"Caldera Derived Key";

/// Length of the derived key in bytes.
pub const KEY_BYTES: usize = 16;

// HKDF-Expand refuses only outputs longer than 255 hash lengths.
const _: () = assert!(KEY_BYTES <= 255 * 32);

/// `PRK = HMAC(key = padHex(u), msg = padHex(S))`;
/// `key = HMAC(PRK, "Caldera Derived Key" | 0x01)[0..16]`.
///
/// `u` and `S` are given as big-endian values; they are hashed as padHex byte strings (see
/// [`pad_hex`](super::pad_hex)).
#[must_use]
pub fn derive_key(u: &[u8], s: &[u8]) -> Zeroizing<[u8; KEY_BYTES]> {
    // The salt is an HMAC key, so one contiguous string (u is public); S goes in as pieces.
    let mut extract = HkdfExtract::<Sha256>::new(Some(&pad_hex(u)));
    for piece in pad_hex_parts(s) {
        extract.input_ikm(piece);
    }
    let (mut prk, hkdf) = extract.finalize();
    prk.as_mut_slice().zeroize();
    let mut key = Zeroizing::new([0u8; KEY_BYTES]);
    let expanded = hkdf.expand(INFO, key.as_mut_slice());
    debug_assert!(expanded.is_ok(), "16 bytes are within HKDF's output bound");
    key
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::hmac_sha256;

    #[test]
    fn key_is_the_first_16_bytes_of_one_hkdf_expand_round() {
        // padHex(0x0102) = 01 02; padHex(0x830405) = 00 83 04 05.
        let prk = hmac_sha256(&[1, 2], &[&[0, 0x83, 4, 5]]);
        let okm = hmac_sha256(&prk, &[b"Caldera Derived Key\x01"]);
        assert_eq!(derive_key(&[0, 1, 2], &[0x83, 4, 5])[..], okm[..KEY_BYTES]);
    }
}
