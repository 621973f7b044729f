//! Hex as Cognito and the official client write it.
//!
//! The official client parses `SALT` and `SRP_B` with `new BigInteger(hex, 16)`: upper or lower
//! case, any length (odd too), leading zeros allowed. It sends `SRP_A` as `A.toString(16)`:
//! lower case, no leading zeros, so possibly of odd length.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write as _;

use super::SrpError;

/// Decodes hex into big-endian bytes; an odd-length string gets an implicit leading `0`.
///
/// # Errors
/// [`SrpError::InvalidHex`] with `field` when `hex` is empty or holds a non-hex character.
pub(crate) fn decode(hex: &str, field: &'static str) -> Result<Vec<u8>, SrpError> {
    let digits = hex.as_bytes();
    if digits.is_empty() {
        return Err(SrpError::InvalidHex(field));
    }
    let mut out = Vec::with_capacity(digits.len().div_ceil(2));
    let mut byte = 0u8;
    // A byte ends where an even number of digits remains (so with an odd count the first digit
    // stands alone as the low nibble of the first byte).
    for (i, &c) in digits.iter().enumerate() {
        byte = (byte << 4) | nibble(c).ok_or(SrpError::InvalidHex(field))?;
        if (digits.len() - i) % 2 == 1 {
            out.push(byte);
            byte = 0;
        }
    }
    Ok(out)
}

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Lower-case hex of a number given as big-endian bytes, without leading zeros
/// (`BigInteger.toString(16)`); zero is `"0"`.
#[must_use]
pub(crate) fn encode_minimal(be: &[u8]) -> String {
    let mut digits = be.iter().skip_while(|&&byte| byte == 0);
    let Some(first) = digits.next() else {
        return "0".into();
    };
    let mut out = String::with_capacity(be.len() * 2);
    // Writing to a String cannot fail.
    let _ = write!(out, "{first:x}");
    for byte in digits {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// Lower-case hex of every byte (fixed width), for tests and `ClaimParts` display.
#[must_use]
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn hex_accepts_upper_lower_and_mixed_case() {
        assert_eq!(decode("aBcD", "F").unwrap(), vec![0xab, 0xcd]);
        assert_eq!(decode("ABCD", "F").unwrap(), decode("abcd", "F").unwrap());
    }

    #[test]
    fn hex_of_odd_length_has_an_implicit_leading_zero() {
        assert_eq!(decode("abc", "F").unwrap(), vec![0x0a, 0xbc]);
        assert_eq!(decode("1", "F").unwrap(), vec![0x01]);
    }

    #[test]
    fn hex_rejects_empty_and_non_hex_with_the_field_name() {
        assert_eq!(decode("", "SALT"), Err(SrpError::InvalidHex("SALT")));
        assert_eq!(decode("12g4", "SRP_B"), Err(SrpError::InvalidHex("SRP_B")));
        assert_eq!(decode("0x12", "SRP_B"), Err(SrpError::InvalidHex("SRP_B")));
        assert_eq!(decode("12 34", "SRP_B"), Err(SrpError::InvalidHex("SRP_B")));
        assert_eq!(decode("-12", "SRP_B"), Err(SrpError::InvalidHex("SRP_B")));
        assert_eq!(decode("é", "SRP_B"), Err(SrpError::InvalidHex("SRP_B")));
    }

    #[test]
    fn minimal_hex_has_no_leading_zeros_like_big_integer_to_string() {
        assert_eq!(encode_minimal(&[0x00, 0x0a, 0xbc]), "abc");
        assert_eq!(encode_minimal(&[0xff]), "ff");
        assert_eq!(encode_minimal(&[0, 0]), "0");
        assert_eq!(encode_minimal(&[]), "0");
        assert_eq!(encode_minimal(&[0x01, 0x00, 0x0f]), "1000f");
    }

    #[test]
    fn fixed_width_hex_keeps_every_zero() {
        assert_eq!(encode(&[0x00, 0x0a, 0xbc, 0xf0]), "000abcf0");
        assert_eq!(encode(&[]), "");
    }
}
