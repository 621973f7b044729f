//! The Montgomery kernel (crates/srp-montgomery) against num-bigint's `modpow`, on edge and
//! seeded random inputs. Runs natively (portable kernels) and, in the wasm test runs, on wasm32
//! with SIMD128 (the kernels the package ships).
//!
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use cognito_srp::group::N;
use cognito_srp::montgomery::{mul_mod, pow_g, pow_mod};
use num_bigint::BigUint;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn n() -> BigUint {
    BigUint::from_bytes_be(&N)
}

/// A seeded xorshift: reproducible inputs without a rand dependency.
struct SmallRng(u64);

impl SmallRng {
    fn seed_from_u64(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    fn byte(&mut self) -> u8 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 32) as u8
    }
}

fn be384(x: &BigUint) -> [u8; 384] {
    let v = x.to_bytes_be();
    let mut o = [0u8; 384];
    o[384 - v.len()..].copy_from_slice(&v);
    o
}

fn big(b: &[u8]) -> BigUint {
    BigUint::from_bytes_be(b)
}

fn check_pow(base: &[u8], exp: &[u8]) {
    let n = n();
    let want = be384(&big(base).modpow(&big(exp), &n));
    assert_eq!(
        pow_mod(base, exp),
        want,
        "pow_mod base len {} exp len {}",
        base.len(),
        exp.len()
    );
}

fn check_g(exp: &[u8]) {
    let n = n();
    let want = be384(&BigUint::from(2u32).modpow(&big(exp), &n));
    assert_eq!(
        pow_g(exp),
        want,
        "pow_g exp len {} {:02x?}",
        exp.len(),
        &exp[..exp.len().min(8)]
    );
}

fn check_mul(a: &[u8], b: &[u8]) {
    let n = n();
    let want = be384(&((big(a) * big(b)) % &n));
    assert_eq!(mul_mod(a, b), want, "mul_mod lens {} {}", a.len(), b.len());
}

fn edge_values() -> Vec<Vec<u8>> {
    let n = n();
    let mut v: Vec<Vec<u8>> = vec![
        vec![],
        vec![0],
        vec![1],
        vec![0, 0, 0, 1],
        vec![2],
        vec![0xff; 384],
        vec![0xff; 512],
        vec![0xff; 385],
        vec![0xff; 768],
        vec![0xff; 1000],
    ];
    for x in [
        &n - 1u32,
        n.clone(),
        &n + 1u32,
        &n * 2u32,
        &n * 2u32 - 1u32,
        &n * &n,
        &n * &n - 1u32,
        &n * &n * &n + 5u32,
    ] {
        v.push(x.to_bytes_be());
    }
    let mut z = vec![0u8; 10];
    z.extend_from_slice(&(&n - 1u32).to_bytes_be());
    v.push(z);
    v
}

fn rand_bytes(r: &mut SmallRng, len: usize) -> Vec<u8> {
    (0..len).map(|_| r.byte()).collect()
}

fn exps(r: &mut SmallRng) -> Vec<Vec<u8>> {
    let mut e = vec![
        vec![],
        vec![0],
        vec![1],
        vec![0, 0, 0],
        vec![0, 0, 1],
        vec![2],
        vec![0xff],
        vec![0xff; 128],
        vec![0xff; 129],
        vec![0; 128],
        vec![0; 129],
    ];
    for len in [
        1, 2, 31, 32, 33, 64, 65, 96, 97, 127, 128, 129, 130, 200, 384, 385,
    ] {
        e.push(rand_bytes(r, len));
    }
    let mut lz = vec![0u8; 5];
    lz.extend(rand_bytes(r, 123));
    e.push(lz);
    e
}

#[test]
#[allow(clippy::assertions_on_constants)]
fn wasm_runs_use_simd128() {
    if cfg!(target_arch = "wasm32") {
        assert!(
            cfg!(target_feature = "simd128"),
            "build wasm32 with +simd128 (.cargo/config.toml)"
        );
    }
}

#[test]
fn pow_g_edges_and_random() {
    let mut r = SmallRng::seed_from_u64(1);
    for e in exps(&mut r) {
        check_g(&e);
    }
    let iters = if cfg!(target_arch = "wasm32") {
        60
    } else {
        150
    };
    for i in 0..iters {
        let len = [32, 128, 129, 1 + (i % 140)][i % 4];
        let e = rand_bytes(&mut r, len);
        check_g(&e);
    }
}

#[test]
fn pow_mod_edges() {
    let mut r = SmallRng::seed_from_u64(2);
    let es = exps(&mut r);
    for b in edge_values() {
        for e in es.iter().take(12) {
            check_pow(&b, e);
        }
        check_pow(&b, &es[es.len() - 3]);
    }
    for e in &es {
        check_pow(&[2], e);
        check_pow(&rand_bytes(&mut r, 384), e);
    }
}

#[test]
fn pow_mod_random() {
    let mut r = SmallRng::seed_from_u64(3);
    let iters = if cfg!(target_arch = "wasm32") {
        60
    } else {
        200
    };
    for i in 0..iters {
        let blen = [384, 383, 1 + i % 400, 600][i % 4];
        let elen = [129, 128, 32, 1 + i % 140][i % 4];
        let b = rand_bytes(&mut r, blen);
        let e = rand_bytes(&mut r, elen);
        check_pow(&b, &e);
    }
}

#[test]
fn mul_mod_edges_and_random() {
    let mut r = SmallRng::seed_from_u64(4);
    let ev = edge_values();
    for a in &ev {
        for b in &ev {
            check_mul(a, b);
        }
    }
    for i in 0..300 {
        let a = rand_bytes(&mut r, [384, 1 + i % 800, 384][i % 3]);
        let b = rand_bytes(&mut r, [384, 384, 1 + i % 500][i % 3]);
        check_mul(&a, &b);
    }
}
