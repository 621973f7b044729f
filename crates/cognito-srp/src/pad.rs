//! `padHex`: the byte string every SRP value is hashed as.
//!
//! The official client hashes the hex string `padHex(x)`: the minimal even-length hex of `x`,
//! prefixed with `00` when its first nibble is 8 or more (the two's-complement encoding of a
//! positive number, as Java's `BigInteger.toByteArray()`). As bytes: the minimal big-endian
//! encoding, with a `0x00` prepended when the top bit is set. Zero is `"00"`, the single byte
//! `0x00` (`BigInteger.toString(16)` of zero is `"0"`, padded to even length).
//!
//! Never hash a fixed-width buffer: `S`, `B`, the salt and `u` begin with a zero byte about
//! once in 256 logins, and padHex drops it.

use alloc::vec::Vec;

/// `padHex(x)` as bytes, for `x` given as big-endian bytes (leading zeros allowed, empty = 0).
#[must_use]
pub fn pad_hex(be: &[u8]) -> Vec<u8> {
    pad_hex_parts(be).concat()
}

/// `padHex(x)` in two pieces, without copying: a prefix (`[0x00]` or nothing) and the minimal
/// big-endian bytes of `x` (nothing for zero).
#[must_use]
pub(crate) fn pad_hex_parts(be: &[u8]) -> [&[u8]; 2] {
    let first = be.iter().position(|&b| b != 0).unwrap_or(be.len());
    let minimal = be.get(first..).unwrap_or_default();
    let prefix: &[u8] = match minimal.first() {
        Some(&top) if top & 0x80 == 0 => &[],
        _ => &[0x00],
    };
    [prefix, minimal]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pad_hex_of_zero_is_one_zero_byte() {
        assert_eq!(pad_hex(&[]), [0x00]);
        assert_eq!(pad_hex(&[0x00]), [0x00]);
        assert_eq!(pad_hex(&[0x00; 384]), [0x00]);
    }

    #[test]
    fn pad_hex_prefixes_a_zero_byte_when_the_top_bit_is_set() {
        assert_eq!(pad_hex(&[0x80]), [0x00, 0x80]);
        assert_eq!(pad_hex(&[0xec]), [0x00, 0xec]);
        assert_eq!(pad_hex(&[0xff, 0x01]), [0x00, 0xff, 0x01]);
    }

    #[test]
    fn pad_hex_keeps_values_without_the_top_bit_as_they_are() {
        assert_eq!(pad_hex(&[0x14]), [0x14]);
        assert_eq!(pad_hex(&[0x7f, 0xff]), [0x7f, 0xff]);
        assert_eq!(pad_hex(&[0x01, 0x00]), [0x01, 0x00]);
    }

    #[test]
    fn pad_hex_drops_leading_zero_bytes_then_applies_the_rule() {
        assert_eq!(pad_hex(&[0x00, 0x00, 0x14]), [0x14]);
        assert_eq!(pad_hex(&[0x00, 0x00, 0x94]), [0x00, 0x94]);
        assert_eq!(pad_hex(&[0x00, 0x80, 0x00]), [0x00, 0x80, 0x00]);
    }
}
