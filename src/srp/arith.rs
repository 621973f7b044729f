//! Big-number arithmetic modulo N: the only file that knows the big-number library.
//!
//! The interface is deliberately small (a residue type, a secret-exponent type, `pow_mod`,
//! `mul_mod`, `sub_mod`, `Exponent::mul_add`, big-endian conversions) so that the backend,
//! today `crypto-bigint`'s constant-time Montgomery arithmetic, can be swapped for a
//! hand-tuned kernel without touching the SRP formulas.
//!
//! Constant time: `pow_mod` runs the same sequence of operations for every exponent of a given
//! bit bound, and that bound comes from public lengths (128 bytes for `a`, 32 for a hash), never
//! from the secret value itself.

use crypto_bigint::{
    modular::{FixedMontyForm, FixedMontyParams},
    Odd, Uint, U1280, U3072,
};
use zeroize::{Zeroize, Zeroizing};

use super::group::{self, N_BYTES};

const LIMBS: usize = U3072::LIMBS;
const EXP_LIMBS: usize = U1280::LIMBS;

/// Largest exponent handled, in bits: `a + u·x` needs 1025 (`a` 1024 bits, `u·x` 512).
pub const EXPONENT_BITS: u32 = U1280::BITS;
/// Largest exponent handled, in bytes.
pub const EXPONENT_BYTES: usize = EXP_LIMBS * (Uint::<1>::BYTES);

const MODULUS: Odd<U3072> = Odd::<U3072>::from_be_hex(group::N_HEX);
const PARAMS: FixedMontyParams<LIMBS> = FixedMontyParams::new(MODULUS);

/// An integer in `[0, N)`.
#[derive(Clone)]
pub struct Residue(FixedMontyForm<LIMBS>);

impl Residue {
    /// `value mod N`, for a big-endian `value` of at most 384 significant bytes (`None` if longer).
    #[must_use]
    pub fn from_be_bytes(value: &[u8]) -> Option<Self> {
        let first = value.iter().position(|&b| b != 0).unwrap_or(value.len());
        let significant = value.get(first..)?;
        let offset = N_BYTES.checked_sub(significant.len())?;
        let mut buf = Zeroizing::new([0u8; N_BYTES]);
        buf.get_mut(offset..)?.copy_from_slice(significant);
        let mut integer = U3072::from_be_slice(buf.as_slice());
        let mut reduced = integer.rem(MODULUS.as_nz_ref());
        let residue = Self(FixedMontyForm::new(&reduced, &PARAMS));
        integer.as_mut_words().zeroize();
        reduced.as_mut_words().zeroize();
        Some(residue)
    }

    /// A small constant such as the generator g.
    #[must_use]
    pub fn from_u8(value: u8) -> Self {
        Self(FixedMontyForm::new(&U3072::from_u8(value), &PARAMS))
    }

    /// The value as exactly 384 big-endian bytes (leading zeros kept).
    #[must_use]
    pub fn to_be_bytes(&self) -> Zeroizing<[u8; N_BYTES]> {
        let mut integer = self.0.retrieve();
        let mut out = Zeroizing::new([0u8; N_BYTES]);
        out.iter_mut()
            .zip(integer.to_be_bytes().as_ref())
            .for_each(|(o, b)| *o = *b);
        integer.as_mut_words().zeroize();
        out
    }

    /// Whether the value is 0 (that is, the input was a multiple of N).
    #[must_use]
    pub fn is_zero(&self) -> bool {
        let mut integer = self.0.retrieve();
        let zero = !integer.is_nonzero().to_bool();
        integer.as_mut_words().zeroize();
        zero
    }
}

impl Zeroize for Residue {
    fn zeroize(&mut self) {
        self.0.as_montgomery_mut().as_mut_words().zeroize();
    }
}

impl Drop for Residue {
    fn drop(&mut self) {
        self.zeroize();
    }
}

/// A non-negative integer below 2^1280, used as a (secret) exponent; not reduced modulo anything.
///
/// Carries a public upper bound on its bit length, derived from the lengths of its inputs, so
/// that exponentiation time depends on that bound only.
pub struct Exponent {
    value: Uint<EXP_LIMBS>,
    bits: u32,
}

impl Exponent {
    /// The integer with these big-endian bytes; its bit bound is `8 × value.len()`.
    /// `None` when longer than [`EXPONENT_BYTES`].
    #[must_use]
    pub fn from_be_bytes(value: &[u8]) -> Option<Self> {
        let offset = EXPONENT_BYTES.checked_sub(value.len())?;
        let bits = u32::try_from(value.len()).ok()?.checked_mul(8)?;
        let mut buf = Zeroizing::new([0u8; EXPONENT_BYTES]);
        buf.get_mut(offset..)?.copy_from_slice(value);
        Some(Self {
            value: Uint::from_be_slice(buf.as_slice()),
            bits,
        })
    }

    /// `a + u·x` as a plain integer, as the official client computes the SRP exponent.
    /// `None` when the result could exceed [`EXPONENT_BITS`] (decided from the bounds only).
    #[must_use]
    pub fn mul_add(a: &Self, u: &Self, x: &Self) -> Option<Self> {
        let product_bits = u.bits.checked_add(x.bits)?;
        let bits = a.bits.max(product_bits).checked_add(1)?;
        if bits > EXPONENT_BITS {
            return None;
        }
        let mut product = u.value.wrapping_mul(&x.value);
        let value = product.wrapping_add(&a.value);
        product.as_mut_words().zeroize();
        Some(Self { value, bits })
    }

    /// The value as exactly [`EXPONENT_BYTES`] big-endian bytes, for tests.
    #[must_use]
    pub fn to_be_bytes(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(self.value.to_be_bytes().as_ref().to_vec())
    }
}

impl Zeroize for Exponent {
    fn zeroize(&mut self) {
        self.value.as_mut_words().zeroize();
    }
}

impl Drop for Exponent {
    fn drop(&mut self) {
        self.zeroize();
    }
}

/// `base^exponent mod N`, in constant time with respect to the exponent's value.
#[must_use]
pub fn pow_mod(base: &Residue, exponent: &Exponent) -> Residue {
    Residue(base.0.pow_bounded_exp(&exponent.value, exponent.bits))
}

/// `a · b mod N`
#[must_use]
pub fn mul_mod(a: &Residue, b: &Residue) -> Residue {
    Residue(a.0.mul(&b.0))
}

/// `a − b mod N`, in `[0, N)` (N is added when `a < b`).
#[must_use]
pub fn sub_mod(a: &Residue, b: &Residue) -> Residue {
    Residue(a.0.sub(&b.0))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use num_bigint::BigUint;

    fn n() -> BigUint {
        BigUint::from_bytes_be(&group::N)
    }

    fn big(r: &Residue) -> BigUint {
        BigUint::from_bytes_be(r.to_be_bytes().as_slice())
    }

    /// A small deterministic generator (xorshift) for property-style tests.
    struct Xorshift(u64);
    impl Xorshift {
        fn bytes(&mut self, n: usize) -> Vec<u8> {
            (0..n)
                .map(|_| {
                    self.0 ^= self.0 << 13;
                    self.0 ^= self.0 >> 7;
                    self.0 ^= self.0 << 17;
                    (self.0 >> 24) as u8
                })
                .collect()
        }
    }

    fn edge_bases() -> Vec<Vec<u8>> {
        let n = n();
        let one = BigUint::from(1u8);
        vec![
            vec![],
            vec![0],
            vec![1],
            vec![2],
            (&n - &one).to_bytes_be(),
            n.to_bytes_be(),
            (&n + &one).to_bytes_be(),
            vec![0xff; N_BYTES],
            {
                let mut v = vec![0u8; N_BYTES];
                v[N_BYTES - 1] = 5;
                v
            },
        ]
    }

    #[test]
    fn residue_reduces_modulo_n() {
        let n = n();
        for bytes in edge_bases() {
            let r = Residue::from_be_bytes(&bytes).unwrap();
            assert_eq!(big(&r), BigUint::from_bytes_be(&bytes) % &n);
        }
        assert!(Residue::from_be_bytes(&group::N).unwrap().is_zero());
        assert!(Residue::from_be_bytes(&[]).unwrap().is_zero());
    }

    #[test]
    fn residue_rejects_values_longer_than_n() {
        assert!(Residue::from_be_bytes(&[1u8; N_BYTES + 1]).is_none());
        // Leading zeros do not count.
        let mut padded = vec![0u8; 10];
        padded.extend_from_slice(&[7u8; N_BYTES]);
        assert!(Residue::from_be_bytes(&padded).is_some());
    }

    #[test]
    fn pow_mod_matches_num_bigint_on_edge_inputs() {
        let n = n();
        let exponents: Vec<Vec<u8>> = vec![
            vec![],
            vec![0],
            vec![1],
            vec![2],
            vec![0xff; 32],
            vec![0xff; 128],
            vec![0xff; EXPONENT_BYTES],
            (&n - BigUint::from(1u8)).to_bytes_be()[N_BYTES - EXPONENT_BYTES..].to_vec(),
        ];
        for base in edge_bases() {
            for exp in &exponents {
                let got = pow_mod(
                    &Residue::from_be_bytes(&base).unwrap(),
                    &Exponent::from_be_bytes(exp).unwrap(),
                );
                let want = BigUint::from_bytes_be(&base).modpow(&BigUint::from_bytes_be(exp), &n);
                assert_eq!(
                    big(&got),
                    want,
                    "base {:x?} exp {:x?}",
                    &base.get(..4),
                    exp.get(..4)
                );
            }
        }
    }

    #[test]
    fn pow_mod_matches_num_bigint_on_random_inputs() {
        let n = n();
        let mut rng = Xorshift(0x9e37_79b9_7f4a_7c15);
        for round in 0..24 {
            let base = rng.bytes(1 + round * 16);
            let exp = rng.bytes(1 + (round * 7) % EXPONENT_BYTES);
            let got = pow_mod(
                &Residue::from_be_bytes(&base).unwrap(),
                &Exponent::from_be_bytes(&exp).unwrap(),
            );
            let want = BigUint::from_bytes_be(&base).modpow(&BigUint::from_bytes_be(&exp), &n);
            assert_eq!(big(&got), want);
        }
    }

    #[test]
    fn mul_and_sub_match_num_bigint() {
        let n = n();
        let mut rng = Xorshift(42);
        for _ in 0..50 {
            let (a, b) = (rng.bytes(N_BYTES), rng.bytes(N_BYTES));
            let (ra, rb) = (
                Residue::from_be_bytes(&a).unwrap(),
                Residue::from_be_bytes(&b).unwrap(),
            );
            let (ba, bb) = (
                BigUint::from_bytes_be(&a) % &n,
                BigUint::from_bytes_be(&b) % &n,
            );
            assert_eq!(big(&mul_mod(&ra, &rb)), (&ba * &bb) % &n);
            assert_eq!(big(&sub_mod(&ra, &rb)), ((&ba + &n) - &bb) % &n);
        }
    }

    #[test]
    fn mul_add_is_plain_integer_arithmetic() {
        let a = Exponent::from_be_bytes(&[0xff; 128]).unwrap();
        let u = Exponent::from_be_bytes(&[0xff; 32]).unwrap();
        let x = Exponent::from_be_bytes(&[0xff; 32]).unwrap();
        let sum = Exponent::mul_add(&a, &u, &x).unwrap();
        let big = |b: &[u8]| BigUint::from_bytes_be(b);
        assert_eq!(
            big(&sum.to_be_bytes()),
            big(&[0xff; 128]) + big(&[0xff; 32]) * big(&[0xff; 32])
        );
        assert_eq!(sum.bits, 1025);
    }

    #[test]
    fn mul_add_refuses_bounds_that_could_overflow() {
        let wide = Exponent::from_be_bytes(&[1; 100]).unwrap();
        assert!(Exponent::mul_add(&wide, &wide, &wide).is_none());
        assert!(Exponent::from_be_bytes(&[1; EXPONENT_BYTES + 1]).is_none());
    }
}
