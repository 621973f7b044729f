//! Property-based tests over what the SRP maths reads from outside: `PASSWORD_VERIFIER`'s
//! `SRP_B`, `SALT` and `SECRET_BLOCK` (any text, hex of every length, 0, N, 2N, base64 of both
//! alphabets), a secret `a` out of range, and any timestamp.
//!
//! Properties: nothing panics; a failure is one of the named `SrpError`s for the field at fault,
//! and its message never carries the password.
//!
//! Case counts come from `PROPTEST_CASES` (proptest's default, 256, in `cargo test`);
//! `scripts/dev.sh fuzz` runs a million per target in release.

// proptest is a native dev-dependency: the wasm32 builds of the tests leave these out.
#![cfg(not(target_arch = "wasm32"))]

use cognito_srp::base64::{self, Alphabet};
use cognito_srp::{format_timestamp, ClaimInput, SrpClient, SrpError};
use proptest::prelude::*;

const PASSWORD: &str = "Fuzz-Passw0rd-7e1d";

/// The 3072-bit group's N in hex (RFC 5054).
const N_HEX: &str = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";

/// Hex worth trying: short, about N's length, over it, N and its multiples, not hex at all.
fn hex() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[0-9a-fA-F]{0,40}",
        2 => "[0-9a-f]{760,772}",
        1 => "[0-9a-f]{1500,1600}",
        1 => any::<String>(),
        1 => Just(String::new()),
        1 => Just("0".repeat(800)),
        1 => Just(N_HEX.to_owned()),
        1 => Just(format!("{N_HEX}0")),
        1 => Just(format!("0{N_HEX}")),
        1 => Just(format!("1{}", "0".repeat(768))),
        1 => "[0-9a-f]{0,8}[^0-9a-fA-F][0-9a-f]{0,8}",
    ]
}

fn base64_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Za-z0-9+/]{0,64}={0,3}",
        1 => "[A-Za-z0-9_-]{0,64}",
        1 => any::<String>(),
    ]
}

fn is_named(error: &SrpError) -> bool {
    matches!(
        error,
        SrpError::InvalidServerB
            | SrpError::InvalidU
            | SrpError::InvalidHex("SRP_B" | "SALT")
            | SrpError::InvalidBase64("SECRET_BLOCK")
    )
}

proptest! {
    // The case count from PROPTEST_CASES; a failing case is printed, not stored.
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    /// The `PASSWORD_VERIFIER` claim over any challenge parameters.
    #[test]
    fn password_claim(
        srp_b in hex(),
        salt in hex(),
        secret_block in base64_text(),
        user_id in any::<String>(),
        timestamp in any::<String>(),
    ) {
        thread_local! {
            static CLIENT: SrpClient = SrpClient::from_secret(&[7; 128]).expect("a fixed secret");
        }
        let result = CLIENT.with(|client| {
            client.password_claim(&ClaimInput {
                realm: "FuzzPool",
                user_id: &user_id,
                password: PASSWORD,
                salt_hex: &salt,
                srp_b_hex: &srp_b,
                secret_block_b64: &secret_block,
                timestamp: &timestamp,
            })
        });
        match result {
            Ok(claim) => prop_assert!(base64::decode(&claim.signature_b64, Alphabet::Standard)
                .is_some_and(|signature| signature.len() == 32)),
            Err(error) => {
                prop_assert!(is_named(&error), "{error}");
                prop_assert!(!error.message().contains(PASSWORD));
            }
        }
    }

    /// base64 of both alphabets: any text decodes or is refused, and encoding round-trips.
    #[test]
    fn base64_text_and_bytes(text in base64_text(), bytes in prop::collection::vec(any::<u8>(), 0..96)) {
        let _ = base64::decode(&text, Alphabet::Standard);
        let _ = base64::decode(&text, Alphabet::UrlSafe);
        prop_assert_eq!(base64::decode(&base64::encode(&bytes), Alphabet::Standard), Some(bytes));
    }

    /// A secret `a` out of range (empty, longer than 128 bytes, or zero) is `InvalidSecret`.
    /// (Secrets in range each cost an exponentiation: the vectors and the oracle test those.)
    #[test]
    fn secrets_out_of_range(
        long in prop::collection::vec(any::<u8>(), 129..300),
        zeros in 0usize..140,
    ) {
        for secret in [&long[..], &vec![0; zeros][..], &[][..]] {
            prop_assert_eq!(SrpClient::from_secret(secret).err(), Some(SrpError::InvalidSecret));
        }
    }

    /// `TIMESTAMP` of any second, before or after the epoch.
    #[test]
    fn timestamps(seconds in any::<i64>()) {
        let timestamp = format_timestamp(seconds);
        prop_assert!(timestamp.contains(" UTC "), "{timestamp}");
    }
}
