//! Base64 (RFC 4648) where Cognito uses it: the standard alphabet with padding for every value
//! the client writes (`PASSWORD_CLAIM_SIGNATURE`, `SECRET_HASH`, device verifiers), padding
//! optional when reading `SECRET_BLOCK`, and the URL-safe alphabet without padding for a JWT's
//! payload. Decoding rejects any other character and non-zero trailing bits.

use alloc::string::String;
use alloc::vec::Vec;

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Which two characters stand for 62 and 63.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alphabet {
    /// `+` and `/`.
    Standard,
    /// `-` and `_` (JWT).
    UrlSafe,
}

/// `bytes` in the standard alphabet, padded with `=`.
#[must_use]
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let group = byte(0) << 16 | byte(1) << 8 | byte(2);
        for i in 0..4 {
            if i <= chunk.len() {
                let index = (group >> (18 - 6 * i)) & 63;
                out.push(char::from(
                    STANDARD.get(index as usize).copied().unwrap_or(b'='),
                ));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The bytes of `text` in `alphabet`; `=` padding at the end is optional. `None` when the text is
/// not base64.
#[must_use]
pub fn decode(text: &str, alphabet: Alphabet) -> Option<Vec<u8>> {
    let padding = text.bytes().rev().take_while(|&c| c == b'=').count();
    let data = text.len() - padding;
    if padding > 2 || (padding > 0 && text.len() % 4 != 0) || data % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(data * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes().take(data) {
        acc = (acc << 6) | value(c, alphabet)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    (acc == 0).then_some(out)
}

fn value(c: u8, alphabet: Alphabet) -> Option<u32> {
    let value = match (c, alphabet) {
        (b'A'..=b'Z', _) => c - b'A',
        (b'a'..=b'z', _) => c - b'a' + 26,
        (b'0'..=b'9', _) => c - b'0' + 52,
        (b'+', Alphabet::Standard) | (b'-', Alphabet::UrlSafe) => 62,
        (b'/', Alphabet::Standard) | (b'_', Alphabet::UrlSafe) => 63,
        _ => return None,
    };
    Some(u32::from(value))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4648_test_vectors_round_trip() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded, Alphabet::Standard).unwrap(), plain.as_bytes());
            let unpadded = coded.trim_end_matches('=');
            assert_eq!(
                decode(unpadded, Alphabet::Standard).unwrap(),
                plain.as_bytes()
            );
        }
    }

    #[test]
    fn every_byte_value_round_trips_and_matches_the_base64_crate() {
        use base64::Engine as _;
        let bytes: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
        for len in 0..bytes.len() {
            let slice = bytes.get(..len).unwrap();
            let coded = encode(slice);
            assert_eq!(
                coded,
                base64::engine::general_purpose::STANDARD.encode(slice)
            );
            assert_eq!(decode(&coded, Alphabet::Standard).unwrap(), slice);
            let url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(slice);
            assert_eq!(decode(&url, Alphabet::UrlSafe).unwrap(), slice);
        }
    }

    #[test]
    fn malformed_text_is_not_base64() {
        for text in [
            "Zg=",
            "Zg===",
            "Z",
            "Zh==",
            "Zm9v!",
            "Zm9v\n",
            "=Zm9",
            "Zm-v",
            "Zm9vYg==Zg",
        ] {
            assert_eq!(decode(text, Alphabet::Standard), None, "{text:?}");
        }
        assert_eq!(decode("Zm+v", Alphabet::UrlSafe), None);
    }
}
