//! Modular arithmetic over N for the SRP formulas: residues, secret exponents, `pow_mod`,
//! `pow_g`, `mul_mod`, `sub_mod`, `mul_sub_mod` and the plain-integer `a + u·x`.
//!
//! The exponentiations run on [`super::montgomery`], a constant-time Montgomery kernel
//! specialised to the fixed 3072-bit N (SIMD128 on wasm32). This file keeps the SRP code away
//! from limbs: values cross it as big-endian bytes.
//!
//! Constant time: an exponentiation runs the same sequence of operations for every exponent of
//! a given length, and that length comes from public bounds (128 bytes for `a`, 32 for a hash,
//! 129 for `a + u·x`), never from the secret value itself. `sub_mod` and `mul_sub_mod` are the
//! kernel's masked limb arithmetic; `Exponent::mul_add` is byte arithmetic over public lengths,
//! no branches on values.

use alloc::vec::Vec;

use zeroize::{Zeroize, Zeroizing};

use super::group::{self, N_BYTES};
use super::montgomery;

/// Largest exponent handled, in bytes: `a + u·x` needs 129 (`a` 1024 bits, `u·x` 512).
pub const EXPONENT_BYTES: usize = 160;
/// Largest exponent handled, in bits.
pub const EXPONENT_BITS: u32 = 8 * EXPONENT_BYTES as u32;

/// An integer in `[0, N)`, as 384 big-endian bytes.
#[derive(Clone)]
pub struct Residue([u8; N_BYTES]);

impl Residue {
    /// `value mod N`, for a big-endian `value` of at most 384 significant bytes (`None` if longer).
    #[must_use]
    pub fn from_be_bytes(value: &[u8]) -> Option<Self> {
        let first = value.iter().position(|&b| b != 0).unwrap_or(value.len());
        let significant = value.get(first..)?;
        if significant.len() > N_BYTES {
            return None;
        }
        // value − 0·0 mod N: the kernel reduces any input into [0, N).
        Some(Self(montgomery::mul_sub_mod(significant, &[], &[])))
    }

    /// A small constant such as the generator g.
    #[must_use]
    pub fn from_u8(value: u8) -> Self {
        let mut out = [0u8; N_BYTES];
        if let Some(last) = out.last_mut() {
            *last = value;
        }
        Self(out)
    }

    /// The value as exactly 384 big-endian bytes (leading zeros kept), borrowed.
    #[must_use]
    pub fn as_be_bytes(&self) -> &[u8; N_BYTES] {
        &self.0
    }

    /// The value as exactly 384 big-endian bytes (leading zeros kept).
    #[must_use]
    pub fn to_be_bytes(&self) -> Zeroizing<[u8; N_BYTES]> {
        Zeroizing::new(self.0)
    }

    /// Whether the value is 0 (that is, the input was a multiple of N).
    #[must_use]
    pub fn is_zero(&self) -> bool {
        self.0.iter().fold(0u8, |acc, &b| acc | b) == 0
    }

    /// Whether the value is 1.
    #[must_use]
    pub fn is_one(&self) -> bool {
        match self.0.split_last() {
            Some((&last, rest)) => rest.iter().fold(last ^ 1, |acc, &b| acc | b) == 0,
            None => false,
        }
    }
}

impl Zeroize for Residue {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

impl Drop for Residue {
    fn drop(&mut self) {
        self.zeroize();
    }
}

/// A non-negative integer below 2^1280, used as a (secret) exponent; not reduced modulo anything.
///
/// Its byte length is a public upper bound derived from the lengths of its inputs, so that
/// exponentiation time depends on that bound only.
pub struct Exponent {
    /// The value, right-aligned: its `len` bytes are the last ones.
    value: Zeroizing<[u8; EXPONENT_BYTES]>,
    len: usize,
    bits: u32,
}

impl Exponent {
    /// The integer with these big-endian bytes; its bit bound is `8 × value.len()`.
    /// `None` when longer than [`EXPONENT_BYTES`].
    #[must_use]
    pub fn from_be_bytes(value: &[u8]) -> Option<Self> {
        if value.len() > EXPONENT_BYTES {
            return None;
        }
        let mut out = Zeroizing::new([0u8; EXPONENT_BYTES]);
        out.iter_mut()
            .rev()
            .zip(value.iter().rev())
            .for_each(|(o, v)| *o = *v);
        Some(Self {
            value: out,
            len: value.len(),
            bits: 8 * value.len() as u32,
        })
    }

    /// The value's bytes, big-endian, as many as its bound.
    fn bytes(&self) -> &[u8] {
        let start = EXPONENT_BYTES.saturating_sub(self.len);
        self.value.get(start..).unwrap_or_default()
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
        let len = bits.div_ceil(8) as usize;
        // Little-endian accumulator: schoolbook u·x, then + a; every loop bound is public, and
        // u·x has at most len − 1 <= EXPONENT_BYTES − 1 bytes (so its carries stay inside).
        let mut acc = Zeroizing::new([0u32; EXPONENT_BYTES + 1]);
        for (i, &ub) in u.bytes().iter().rev().enumerate() {
            let mut carry = 0u32;
            for (j, &xb) in x.bytes().iter().rev().enumerate() {
                if let Some(slot) = acc.get_mut(i + j) {
                    let t = *slot + u32::from(ub) * u32::from(xb) + carry;
                    *slot = t & 0xff;
                    carry = t >> 8;
                }
            }
            if let Some(slot) = acc.get_mut(i + x.len) {
                *slot += carry;
            }
        }
        // + a, then the bytes out, big-endian into the last `len` bytes of `value`.
        let mut value = Zeroizing::new([0u8; EXPONENT_BYTES]);
        let mut carry = 0u32;
        let mut a_bytes = a.bytes().iter().rev();
        for (i, slot) in acc.iter().enumerate().take(len) {
            let t = *slot + a_bytes.next().map_or(0, |&b| u32::from(b)) + carry;
            carry = t >> 8;
            if let Some(v) = value.get_mut(EXPONENT_BYTES - 1 - i) {
                *v = t as u8;
            }
        }
        Some(Self { value, len, bits })
    }

    /// The value as big-endian bytes of its bound's length, for tests.
    #[must_use]
    pub fn to_be_bytes(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(self.bytes().to_vec())
    }
}

/// `base^exponent mod N`, in constant time with respect to the exponent's value.
#[must_use]
pub fn pow_mod(base: &Residue, exponent: &Exponent) -> Residue {
    Residue(montgomery::pow_mod(&base.0, exponent.bytes()))
}

/// `g^exponent mod N` for the group's generator g = 2, constant time in the exponent's value.
#[must_use]
pub fn pow_g(exponent: &Exponent) -> Residue {
    debug_assert_eq!(group::G, 2, "montgomery::pow_g is specialised to g = 2");
    Residue(montgomery::pow_g(exponent.bytes()))
}

/// `a · b mod N`
#[must_use]
pub fn mul_mod(a: &Residue, b: &Residue) -> Residue {
    Residue(montgomery::mul_mod(&a.0, &b.0))
}

/// `a − b·c mod N`, in `[0, N)`.
#[must_use]
pub fn mul_sub_mod(a: &Residue, b: &Residue, c: &Residue) -> Residue {
    Residue(montgomery::mul_sub_mod(&a.0, &b.0, &c.0))
}

/// `a − b mod N`, in `[0, N)`.
#[must_use]
pub fn sub_mod(a: &Residue, b: &Residue) -> Residue {
    Residue(montgomery::sub_mod(&a.0, &b.0))
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
        assert!(Residue::from_u8(1).is_one());
        assert!(!Residue::from_u8(0).is_one());
        assert!(!Residue::from_u8(3).is_one());
        assert!(!Residue::from_be_bytes(&[1, 0, 0, 0, 1]).unwrap().is_one());
        // N + 1 reduces to 1.
        let n_plus_1 = (&n + 1u8).to_bytes_be();
        assert!(Residue::from_be_bytes(&n_plus_1).unwrap().is_one());
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
            let rc = Residue::from_be_bytes(&rng.bytes(32)).unwrap();
            let bc = (&bb * big(&rc)) % &n;
            assert_eq!(big(&mul_sub_mod(&ra, &rb, &rc)), ((&ba + &n) - bc) % &n);
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
