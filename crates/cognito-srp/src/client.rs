//! The client side of SRP-6a as Cognito runs it: `A`, then `u`, `x`, `S` and the key.
//!
//! One function per formula, named after what it computes. The only state is [`SrpClient`]:
//! the secret `a` and the public `A` of one login (or one device authentication).
//!
//! Values are big-endian bytes throughout; each is hashed as padHex ([`pad_hex`]) where a
//! formula hashes it, in pieces, without building the padded string.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::{
    arith::{mul_sub_mod, pow_g, pow_mod, Exponent, Residue},
    group::K,
    hash::sha256,
    hex,
    key::{derive_key, KEY_BYTES},
    pad::{pad_hex, pad_hex_parts},
    random::fill_checked,
    ClaimInput, RandomSource, SrpError,
};

/// Length of the secret `a` the official client draws: 128 bytes (1024 bits).
pub const SECRET_BYTES: usize = 128;

/// How many fresh secrets [`SrpClient::new`] tries before giving up on `A mod N ∈ {0, 1}`.
const MAX_ATTEMPTS: usize = 3;

/// One SRP login from the client's side: the secret `a` (zeroized on drop) and `A = g^a mod N`.
///
/// Use a new client for every login: `USER_SRP_AUTH` and `DEVICE_SRP_AUTH` each send a fresh
/// `SRP_A`.
pub struct SrpClient {
    a: Exponent,
    a_pub: Residue,
    a_hex: String,
}

impl SrpClient {
    /// Draws a fresh secret `a` (128 random bytes) and computes `A = g^a mod N`.
    ///
    /// # Errors
    /// [`SrpError::Random`] if `rng` fails or returns bytes that are all equal (all zeros
    /// among them); [`SrpError::InvalidClientA`] if `A mod N ∈ {0, 1}` three times in a row
    /// (impossible for `g = 2` and `0 < a < 2^1024`, checked as the protocol requires).
    pub fn new(rng: &mut dyn RandomSource) -> Result<Self, SrpError> {
        let mut secret = Zeroizing::new([0u8; SECRET_BYTES]);
        for _ in 0..MAX_ATTEMPTS {
            fill_checked(rng, secret.as_mut_slice())?;
            match Self::from_secret(secret.as_slice()) {
                Err(SrpError::InvalidClientA) => continue,
                result => return result,
            }
        }
        Err(SrpError::InvalidClientA)
    }

    /// A client with a given secret `a` (big-endian, 1 to 128 bytes), for tests and vectors.
    ///
    /// # Errors
    /// [`SrpError::InvalidSecret`] if `a` is empty, longer than 128 bytes or zero;
    /// [`SrpError::InvalidClientA`] if `A mod N` is 0 or 1 (A = 1 would make
    /// `S = (B − k·v)^(u·x)`, computable without `a`).
    pub fn from_secret(a: &[u8]) -> Result<Self, SrpError> {
        // No early exit on a secret byte: every byte is read.
        let a_is_zero = a.iter().fold(0u8, |acc, &byte| acc | byte) == 0;
        if a.is_empty() || a.len() > SECRET_BYTES || a_is_zero {
            return Err(SrpError::InvalidSecret);
        }
        let a = Exponent::from_be_bytes(a).ok_or(SrpError::InvalidSecret)?;
        // A = g^a % N
        let a_pub = pow_g(&a);
        validate_a_pub(&a_pub)?;
        let a_hex = hex::encode_minimal(a_pub.as_be_bytes());
        Ok(Self { a, a_pub, a_hex })
    }

    /// `SRP_A`: `A` in lower-case hex without leading zeros, as the official client sends it.
    #[must_use]
    pub fn public_a_hex(&self) -> String {
        self.a_hex.clone()
    }

    /// `u`, `x`, `S` and the key of a `PASSWORD_VERIFIER` / `DEVICE_PASSWORD_VERIFIER` answer.
    pub(crate) fn claim_secrets(&self, input: &ClaimInput<'_>) -> Result<ClaimSecrets, SrpError> {
        let b_bytes = hex::decode(input.srp_b_hex, "SRP_B")?;
        let salt = hex::decode(input.salt_hex, "SALT")?;
        let b_pub = validate_b_pub(&b_bytes)?;

        // u hashes B as the server sent it (padHex of its value), not reduced modulo N.
        let u = compute_u(self.a_pub.as_be_bytes(), &b_bytes);
        validate_u(&u)?;
        let x = compute_x(input.realm, input.user_id, input.password, &salt);
        let s = compute_premaster_secret(&b_pub, &x, &self.a, &u)?;
        let key = derive_key(&u, s.as_be_bytes());
        Ok(ClaimSecrets { u, x, s, key })
    }

    /// The intermediate values of a `PASSWORD_VERIFIER` / `DEVICE_PASSWORD_VERIFIER` answer,
    /// for tests: everything [`password_claim`](Self::password_claim) computes before signing.
    ///
    /// # Errors
    /// [`SrpError::InvalidHex`] for a malformed `SALT` or `SRP_B`;
    /// [`SrpError::InvalidServerB`] if `B mod N == 0`; [`SrpError::InvalidU`] if `u == 0`.
    pub fn claim_parts(&self, input: &ClaimInput<'_>) -> Result<ClaimParts, SrpError> {
        let secrets = self.claim_secrets(input)?;
        Ok(ClaimParts {
            u: pad_hex(&secrets.u),
            x: secrets.x.to_vec(),
            s: pad_hex(secrets.s.as_be_bytes()),
            key: secrets.key.to_vec(),
        })
    }
}

impl fmt::Debug for SrpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SrpClient")
            .field("public_a", &self.a_hex)
            .finish_non_exhaustive()
    }
}

/// `u`, `x`, `S` and the key as values (the secrets zeroized on drop).
pub(crate) struct ClaimSecrets {
    u: [u8; 32],
    x: Zeroizing<[u8; 32]>,
    s: Residue,
    /// The 16-byte HKDF key that signs `PASSWORD_CLAIM_SIGNATURE`.
    pub(crate) key: Zeroizing<[u8; KEY_BYTES]>,
}

/// The values between the server's challenge and the signature (secrets: zeroized on drop).
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct ClaimParts {
    /// `padHex(u)`, `u = H(padHex(A) | padHex(B))`: the HKDF salt.
    pub u: Vec<u8>,
    /// `x = H(padHex(salt) | H(realm | userId | ":" | password))`: the 32 hash bytes.
    pub x: Vec<u8>,
    /// `padHex(S)`, `S = (B − k·g^x)^(a + u·x) mod N`: the HKDF input key material.
    pub s: Vec<u8>,
    /// The 16-byte HKDF key that signs `PASSWORD_CLAIM_SIGNATURE`.
    pub key: Vec<u8>,
}

impl fmt::Debug for ClaimParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClaimParts")
            .field("u", &hex::encode(&self.u))
            .finish_non_exhaustive()
    }
}

/// Refuses `A mod N ∈ {0, 1}`: with A = 1, `S = (B − k·v)^(u·x)` would not depend on `a`.
fn validate_a_pub(a_pub: &Residue) -> Result<(), SrpError> {
    if a_pub.is_zero() || a_pub.is_one() {
        return Err(SrpError::InvalidClientA);
    }
    Ok(())
}

/// Checks `SRP_B` where it enters: `B mod N != 0`, and not longer than N.
fn validate_b_pub(b_bytes: &[u8]) -> Result<Residue, SrpError> {
    let b_pub = Residue::from_be_bytes(b_bytes).ok_or(SrpError::InvalidServerB)?;
    if b_pub.is_zero() {
        return Err(SrpError::InvalidServerB);
    }
    Ok(b_pub)
}

/// `u = H(padHex(A) | padHex(B))`, the scrambling parameter (`u == 0` must abort), for `A`
/// and `B` given as big-endian values.
#[must_use]
pub fn compute_u(a_pub: &[u8], b_pub: &[u8]) -> [u8; 32] {
    let [a0, a1] = pad_hex_parts(a_pub);
    let [b0, b1] = pad_hex_parts(b_pub);
    *sha256(&[a0, a1, b0, b1])
}

/// Aborts when `u == 0`: the proof would then not depend on the password.
///
/// # Errors
/// [`SrpError::InvalidU`] when every byte of `u` is zero.
pub fn validate_u(u: &[u8; 32]) -> Result<(), SrpError> {
    if u.iter().all(|&byte| byte == 0) {
        return Err(SrpError::InvalidU);
    }
    Ok(())
}

/// `x = H(padHex(salt) | H(realm | userId | ":" | password))`, for the salt given as its
/// big-endian value.
///
/// `realm` is the pool name (the part of the user-pool id after `_`) or the `DeviceGroupKey`;
/// `userId` is `USER_ID_FOR_SRP` from the challenge (not what the user typed) or the
/// `DeviceKey`.
#[must_use]
pub fn compute_x(realm: &str, user_id: &str, password: &str, salt: &[u8]) -> Zeroizing<[u8; 32]> {
    // The password goes to the hasher as it is, in place: no copy of `realm | userId | ":" |
    // password` is made, and the hasher's buffered block is wiped when it is dropped.
    let inner = sha256(&[
        realm.as_bytes(),
        user_id.as_bytes(),
        b":",
        password.as_bytes(),
    ]);
    let [s0, s1] = pad_hex_parts(salt);
    sha256(&[s0, s1, inner.as_slice()])
}

// v = g^x % N
pub(crate) fn compute_verifier(x: &[u8; 32]) -> Result<Residue, SrpError> {
    let x = Exponent::from_be_bytes(x).ok_or(SrpError::InvalidSecret)?;
    Ok(pow_g(&x))
}

// (B - (k * g^x)) ^ (a + (u * x)) % N
//
// The base is reduced into [0, N) (the official client lets it go negative and reduces
// afterwards: same value mod N). The exponent a + u·x is a plain integer, as in the official
// client; it is never reduced modulo N − 1.
fn compute_premaster_secret(
    b_pub: &Residue,
    x: &[u8; 32],
    a: &Exponent,
    u: &[u8; 32],
) -> Result<Residue, SrpError> {
    let k = Residue::from_be_bytes(&K).ok_or(SrpError::InvalidServerB)?;
    let g_x = compute_verifier(x)?;
    let base = mul_sub_mod(b_pub, &k, &g_x);
    let x = Exponent::from_be_bytes(x).ok_or(SrpError::InvalidSecret)?;
    let u = Exponent::from_be_bytes(u).ok_or(SrpError::InvalidU)?;
    let exponent = Exponent::mul_add(a, &u, &x).ok_or(SrpError::InvalidSecret)?;
    Ok(pow_mod(&base, &exponent))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::group::N;

    fn client() -> SrpClient {
        SrpClient::from_secret(&[0x42; SECRET_BYTES]).unwrap()
    }

    fn input(srp_b_hex: &str) -> ClaimInput<'_> {
        ClaimInput {
            realm: "AbCdEfGhI",
            user_id: "alice",
            password: "hunter2",
            salt_hex: "0a1b2c",
            srp_b_hex,
            secret_block_b64: "AAAA",
            timestamp: "Tue Nov 3 07:05:09 UTC 2026",
        }
    }

    #[test]
    fn server_b_of_zero_is_refused() {
        assert_eq!(
            client().claim_parts(&input("0")).err(),
            Some(SrpError::InvalidServerB)
        );
        assert_eq!(
            client().claim_parts(&input("0000")).err(),
            Some(SrpError::InvalidServerB)
        );
    }

    #[test]
    fn server_b_equal_to_n_or_a_multiple_is_refused() {
        let n_hex = hex::encode(&N);
        assert_eq!(
            client().claim_parts(&input(&n_hex)).err(),
            Some(SrpError::InvalidServerB)
        );
        // 2N is one bit longer than N.
        let two_n = num_bigint::BigUint::from_bytes_be(&N) * 2u8;
        let two_n_hex = two_n.to_str_radix(16);
        assert_eq!(
            client().claim_parts(&input(&two_n_hex)).err(),
            Some(SrpError::InvalidServerB)
        );
    }

    #[test]
    fn server_b_above_n_is_reduced_not_refused() {
        let n_plus_2 = num_bigint::BigUint::from_bytes_be(&N) + 2u8;
        assert!(client()
            .claim_parts(&input(&n_plus_2.to_str_radix(16)))
            .is_ok());
    }

    #[test]
    fn malformed_hex_is_an_error_naming_the_field() {
        assert_eq!(
            client().claim_parts(&input("xyz")).err(),
            Some(SrpError::InvalidHex("SRP_B"))
        );
        let mut bad_salt = input("1234");
        bad_salt.salt_hex = "";
        assert_eq!(
            client().claim_parts(&bad_salt).err(),
            Some(SrpError::InvalidHex("SALT"))
        );
    }

    #[test]
    fn u_of_zero_is_refused() {
        // No preimage of zero is known: check the guard claim_parts applies to u.
        assert_eq!(validate_u(&[0u8; 32]), Err(SrpError::InvalidU));
        let mut u = [0u8; 32];
        u[31] = 1;
        assert_eq!(validate_u(&u), Ok(()));
    }

    /// Fills every buffer with one byte value, like a broken or stubbed generator.
    struct Constant(u8);

    impl RandomSource for Constant {
        fn fill(&mut self, buf: &mut [u8]) -> Result<(), SrpError> {
            buf.fill(self.0);
            Ok(())
        }
    }

    #[test]
    fn constant_random_output_is_refused_before_any_secret_is_made() {
        for value in [0x00, 0x01, 0xff] {
            assert_eq!(
                SrpClient::new(&mut Constant(value)).err(),
                Some(SrpError::Random)
            );
        }
    }

    #[test]
    fn failing_random_source_is_an_error() {
        struct Failing;
        impl RandomSource for Failing {
            fn fill(&mut self, _: &mut [u8]) -> Result<(), SrpError> {
                Err(SrpError::Random)
            }
        }
        assert_eq!(SrpClient::new(&mut Failing).err(), Some(SrpError::Random));
    }

    #[test]
    fn secret_of_zero_is_refused() {
        for zero in [&[0u8][..], &[0; 16], &[0; SECRET_BYTES]] {
            assert_eq!(
                SrpClient::from_secret(zero).err(),
                Some(SrpError::InvalidSecret)
            );
        }
    }

    #[test]
    fn public_value_of_zero_or_one_modulo_n_is_refused() {
        let n = num_bigint::BigUint::from_bytes_be(&N);
        for refused in [vec![0], vec![1], N.to_vec(), (&n + 1u8).to_bytes_be()] {
            let a_pub = Residue::from_be_bytes(&refused).unwrap();
            assert_eq!(validate_a_pub(&a_pub), Err(SrpError::InvalidClientA));
        }
        for accepted in [vec![2], (&n - 1u8).to_bytes_be(), (&n + 2u8).to_bytes_be()] {
            let a_pub = Residue::from_be_bytes(&accepted).unwrap();
            assert_eq!(validate_a_pub(&a_pub), Ok(()));
        }
    }

    #[test]
    fn a_multiple_of_the_order_of_g_gives_a_public_value_of_one() {
        // Why A = 1 is checked: g = 2 has order q = (N − 1) / 2 modulo the safe prime N. A secret
        // of up to 128 bytes is a multiple of q only when zero, which from_secret refuses.
        let q: num_bigint::BigUint = (num_bigint::BigUint::from_bytes_be(&N) - 1u8) >> 1u8;
        let g_q = crate::montgomery::pow_g(&q.to_bytes_be());
        assert!(Residue::from_be_bytes(&g_q).unwrap().is_one());
    }

    #[test]
    fn secret_of_wrong_length_is_refused() {
        assert_eq!(
            SrpClient::from_secret(&[]).err(),
            Some(SrpError::InvalidSecret)
        );
        assert_eq!(
            SrpClient::from_secret(&[1; SECRET_BYTES + 1]).err(),
            Some(SrpError::InvalidSecret)
        );
    }

    #[test]
    fn public_a_hex_has_no_leading_zeros_and_is_lower_case() {
        // a = 1: A = 2.
        assert_eq!(SrpClient::from_secret(&[1]).unwrap().public_a_hex(), "2");
        // a = 11: A = 2^11 = 0x800 (odd length, like BigInteger.toString(16)).
        assert_eq!(SrpClient::from_secret(&[11]).unwrap().public_a_hex(), "800");
        let a = client().public_a_hex();
        assert!(!a.starts_with('0'));
        assert_eq!(a, a.to_lowercase());
    }

    #[test]
    fn debug_output_hides_the_secret() {
        let shown = format!("{:?}", client());
        assert!(shown.starts_with("SrpClient { public_a: "));
        assert!(!shown.contains("4242"));
    }
}
