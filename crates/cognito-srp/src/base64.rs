//! Base64 (RFC 4648, the `base64ct` crate) where Cognito uses it: the standard alphabet with
//! padding for every value the client writes (`PASSWORD_CLAIM_SIGNATURE`, `SECRET_HASH`, device
//! verifiers), padding optional when reading `SECRET_BLOCK`, and the URL-safe alphabet without
//! padding for a JWT's payload. Decoding rejects any other character and non-zero trailing bits.

use alloc::string::String;
use alloc::vec::Vec;

use base64ct::{Base64, Base64Unpadded, Base64UrlUnpadded, Encoding as _};

/// Which two characters stand for 62 and 63.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alphabet {
    /// `+` and `/`, `=` padding optional.
    Standard,
    /// `-` and `_` (JWT), no padding.
    UrlSafe,
}

/// `bytes` in the standard alphabet, padded with `=`.
#[must_use]
pub fn encode(bytes: &[u8]) -> String {
    Base64::encode_string(bytes)
}

/// The bytes of `text` in `alphabet`. `None` when the text is not base64.
///
/// With [`Alphabet::Standard`], text that ends in `=` must be padded correctly; text without
/// `=` is read unpadded.
#[must_use]
pub fn decode(text: &str, alphabet: Alphabet) -> Option<Vec<u8>> {
    match alphabet {
        Alphabet::Standard if text.ends_with('=') => Base64::decode_vec(text).ok(),
        Alphabet::Standard => Base64Unpadded::decode_vec(text).ok(),
        Alphabet::UrlSafe => Base64UrlUnpadded::decode_vec(text).ok(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4648_test_vectors_round_trip_padded_or_not() {
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
            assert_eq!(
                decode(unpadded, Alphabet::UrlSafe).unwrap(),
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
            "Zh",
            "Zm9v!",
            "Zm9v\n",
            "=Zm9",
            "Zm-v",
            "Zm9vYg==Zg",
            "Zm9v====",
        ] {
            assert_eq!(decode(text, Alphabet::Standard), None, "{text:?}");
        }
        for text in ["Zm+v", "Zm9vYg==", "Zh", "Z"] {
            assert_eq!(decode(text, Alphabet::UrlSafe), None, "{text:?}");
        }
    }
}
