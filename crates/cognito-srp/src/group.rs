//! The SRP group Cognito uses: the 3072-bit MODP prime of RFC 3526 (RFC 5054 §A.5; OpenSSL's
//! `modp15`), generator `g = 2`, hash SHA-256, and the multiplier `k = H(padHex(N) | padHex(g))`.

/// Length of N in bytes; `padHex(N)` is one more (N's top bit is set).
pub const N_BYTES: usize = 384;

/// The prime N, big-endian hex (RFC 3526 §4).
pub(crate) const N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1",
    "29024E088A67CC74020BBEA63B139B22514A08798E3404DD",
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245",
    "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D",
    "C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F",
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D",
    "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9",
    "DE2BCBF6955817183995497CEA956AE515D2261898FA0510",
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64",
    "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B",
    "F12FFA06D98A0864D87602733EC86A64521F2B18177B200C",
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31",
    "43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);

/// The prime N as big-endian bytes.
pub const N: [u8; N_BYTES] = decode_n();

/// The generator g.
pub const G: u8 = 2;

/// `k = H(padHex(N) | padHex(g))`, as the official client computes it.
pub const K: [u8; 32] = [
    0x53, 0x82, 0x82, 0xc4, 0x35, 0x47, 0x42, 0xd7, 0xcb, 0xbd, 0xe2, 0x35, 0x9f, 0xcf, 0x67, 0xf9,
    0xf5, 0xb3, 0xa6, 0xb0, 0x87, 0x91, 0xe5, 0x01, 0x1b, 0x43, 0xb8, 0xa5, 0xb6, 0x6d, 0x9e, 0xe6,
];

// Compile-time hex decoding of N_HEX: only ever evaluated by the compiler (for the `N`
// constant), so a panic or an out-of-range index here fails the build, never a login.
#[allow(clippy::indexing_slicing, clippy::panic)]
const fn decode_n() -> [u8; N_BYTES] {
    const fn nibble(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'A'..=b'F' => c - b'A' + 10,
            _ => panic!("N_HEX must be upper-case hex"),
        }
    }
    let hex = N_HEX.as_bytes();
    assert!(hex.len() == 2 * N_BYTES, "N_HEX must be 3072 bits");
    let mut out = [0u8; N_BYTES];
    let mut i = 0;
    while i < N_BYTES {
        out[i] = (nibble(hex[2 * i]) << 4) | nibble(hex[2 * i + 1]);
        i += 1;
    }
    out
}

/// `k = H(padHex(N) | padHex(g))`, computed (the constant [`K`] is checked against it).
#[must_use]
pub fn compute_k() -> [u8; 32] {
    use super::{hash::sha256, pad::pad_hex_parts};
    let [n0, n1] = pad_hex_parts(&N);
    let [g0, g1] = pad_hex_parts(&[G]);
    *sha256(&[n0, n1, g0, g1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn k_is_the_hash_of_padded_n_and_g() {
        assert_eq!(compute_k(), K);
    }

    #[test]
    fn pad_hex_of_n_is_385_bytes() {
        assert_eq!(super::super::pad::pad_hex(&N).len(), 385);
    }

    #[test]
    fn n_is_the_rfc_3526_prime() {
        assert_eq!(N[..8], [0xff; 8]);
        assert_eq!(N[N_BYTES - 8..], [0xff; 8]);
        assert_eq!(N[8], 0xc9);
    }
}
