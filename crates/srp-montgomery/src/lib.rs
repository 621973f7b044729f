//! Constant-time modular arithmetic modulo the RFC 3526 3072-bit MODP prime N (g = 2),
//! for SRP. Montgomery multiplication with 110 limbs of 28 bits (R = 2^3080 > 4N), product
//! scanning (column-wise) with lazy u64 column sums, so every operand of every multiply kernel
//! stays in [0, 2N) and no final subtraction is needed inside the exponentiation loops.
//!
//! On wasm32 with `simd128` the column dot products use `i64x2.extmul_{low,high}_i32x4_u`
//! on contiguous (non-splatted) loads of a padded operand and a reversed padded operand, so
//! rustc has no splat to rewrite into `i64x2.mul` (scripts/dev.sh counts them in the built
//! package and fails if any was rewritten). Multiplication forms the a·b columns with one level of Karatsuba (55-limb
//! halves); squaring likewise (three half squares with doubled cross products); both then run
//! one shared column-wise Montgomery reduction, two columns per pass (n0' = 1 because
//! N ≡ −1 mod 2^64). The portable fallback (non-SIMD targets, native
//! tests) computes the same columns with u64 scalars, so both give identical limbs.
//!
//! The crate builds at opt-level "s" (Cargo.toml): the loops that run per multiplication or per
//! window (the Karatsuba half copies, the table scan) are written with SIMD128 intrinsics, so
//! they do not depend on the optimiser's unrolling and vectorising.
//!
//! Exponentiation: one windowed evaluation (`pow_windows`) behind both. `pow_mod` uses a fixed
//! 5-bit window with a masked full-table scan; `pow_g` uses 4-bit windows where the 2^d factor
//! is a shift-and-fold (no table), and for 17..=128-byte exponents splits the exponent into
//! 128/256-bit chunks against the constants 2^(2^128), 2^(2^256), 2^(2^512), 2^(2^768) (their
//! 16-entry tables precomputed) to cut the squarings.
//!
//! Only N is built in; R² mod N, the constants above, their tables and the others (`Consts`)
//! are computed from it at the first call (once per module instance, 757 squarings and 64
//! multiplications), so the package does not carry kilobytes of incompressible tables.
//!
//! Public API (all inputs big-endian bytes of any length, outputs 384-byte big-endian):
//! [`pow_mod`], [`pow_g`], [`mul_mod`], [`mul_sub_mod`], [`sub_mod`]. `srp::arith` is its only
//! caller.
//!
//! Indexing: every index below is a loop bound over fixed-size limb arrays or a window position
//! below the exponent's length, never a value from outside, so the panicking-index lint that
//! guards the rest of `srp/` is relaxed here.
//!
//! `no_std` (its tests use std), like the crates above it (`crates/cognito-srp`, `crates/cognito-core`).
#![cfg_attr(not(test), no_std)]
#![allow(clippy::needless_range_loop, clippy::indexing_slicing)]

use core::cell::UnsafeCell;
use core::mem::MaybeUninit;
use core::sync::atomic::{AtomicBool, Ordering};

// ---- N (checked by unit::derived_consts) ----

/// RFC 3526 3072-bit MODP prime (OpenSSL modp15), big-endian hex.
const N_HEX: &[u8; 768] = b"\
    ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b139b22514a08798e3404dd\
    ef9519b3cd3a431b302b0a6df25f14374fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7ed\
    ee386bfb5a899fa5ae9f24117c4b1fe649286651ece45b3dc2007cb8a163bf0598da48361c55d39a69163fa8fd24cf5f\
    83655d23dca3ad961c62f356208552bb9ed529077096966d670c354e4abc9804f1746c08ca18217c32905e462e36ce3b\
    e39e772c180e86039b2783a2ec07a28fb5c55df06f4c52c9de2bcbf6955817183995497cea956ae515d2261898fa0510\
    15728e5a8aaac42dad33170d04507a33a85521abdf1cba64ecfb850458dbef0a8aea71575d060c7db3970f85a6e1e4c7\
    abf5ae8cdb0933d71e8c94e04a25619dcee3d2261ad2ee6bf12ffa06d98a0864d87602733ec86a64521f2b18177b200c\
    bbe117577a615d6c770988c0bad946e208e24fa074e5ab3143db5bfce0fd108e4b82d120a93ad2caffffffffffffffff\
";
/// Number of limbs.
const L: usize = 110;
/// Bits per limb.
const LB: u32 = 28;
const MASK: u64 = (1 << LB) - 1;
/// Zero padding on each side of the kernel's operand copies (vector loads may run 3 limbs past
/// either end of a column's range; the pad limbs are zero so the extra products vanish).
const PAD: usize = 4;
const W: usize = L + 2 * PAD;
/// Output length in bytes.
pub const BYTES: usize = 384;

type Limbs = [u32; L];

// ---------------------------------------------------------------------------------------------
// Constants: N is built in (384 bytes); everything else is computed from it once per module
// instance, at first use, with the kernel's own arithmetic. All of them are public values.
// ---------------------------------------------------------------------------------------------

// Only evaluated in constants: a bad digit fails the build, never a running program.
#[allow(clippy::panic)]
const fn hex_nibble(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => panic!("bad hex"),
    }
}

/// N as 384 big-endian bytes (the hex above, converted at compile time).
const N_BYTES: [u8; BYTES] = {
    let mut out = [0u8; BYTES];
    let mut i = 0;
    while i < BYTES {
        out[i] = (hex_nibble(N_HEX[2 * i]) << 4) | hex_nibble(N_HEX[2 * i + 1]);
        i += 1;
    }
    out
};

/// The constants derived from N.
struct Consts {
    /// N.
    n: Limbs,
    /// 2^3072 − N (< 2^3006): the fold constant for reducing above bit 3072.
    c: Limbs,
    /// R mod N = 2^3080 mod N = 256·(2^3072 − N) (which is < N): Montgomery form of 1.
    one_mont: Limbs,
    /// 2N.
    two_n: Limbs,
    /// R² mod N with R = 2^3080 (Montgomery form of R).
    r2: Limbs,
    /// 2^3072·R mod N (Montgomery form of 2^3072), below 2N.
    t3072: Limbs,
    /// `pow_g`'s tables, 16 entries each: the powers 0..16 of 2^(2^128), then of each g[j].
    tables: [Limbs; 4 << G_W],
}

/// The constants, computed at the first call (757 squarings and 64 multiplications, once per
/// module instance; a native caller racing the first call waits for it, spinning).
#[inline(never)]
fn consts() -> &'static Consts {
    if !ONCE.ready.load(Ordering::Acquire) {
        ONCE.init();
    }
    // SAFETY: `ready` is set (Release) only after the value was written, and never cleared;
    // the value is never written again.
    unsafe { (*ONCE.value.get()).assume_init_ref() }
}

/// A minimal once-cell for [`Consts`]: `Consts::compute` cannot panic, so there is no
/// poisoning to handle (a poisoned lock could only spin, never return garbage).
struct Once {
    ready: AtomicBool,
    lock: AtomicBool,
    value: UnsafeCell<MaybeUninit<Consts>>,
}

// SAFETY: `value` is written once, under `lock`, before `ready` is published; it is read only
// after `ready` was seen set.
unsafe impl Sync for Once {}

static ONCE: Once = Once {
    ready: AtomicBool::new(false),
    lock: AtomicBool::new(false),
    value: UnsafeCell::new(MaybeUninit::uninit()),
};

impl Once {
    #[cold]
    #[inline(never)]
    fn init(&self) {
        while self
            .lock
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            core::hint::spin_loop();
        }
        if !self.ready.load(Ordering::Relaxed) {
            // SAFETY: under `lock` and before `ready`: no reader or other writer exists.
            unsafe { (*self.value.get()).write(Consts::compute()) };
            self.ready.store(true, Ordering::Release);
        }
        self.lock.store(false, Ordering::Release);
    }
}

impl Consts {
    #[cold]
    #[inline(never)]
    fn compute() -> Consts {
        let n = limbs_from_be(&N_BYTES);
        // 0 − N wraps to 2^3080 − N = (2^3080 − 2^3072) + (2^3072 − N): clearing the bits from
        // 3072 up (bits 20.. of limb 109) leaves 2^3072 − N.
        let (mut c, _) = sub_limbs(&[0; L], &n);
        c[L - 1] &= (1 << 20) - 1;
        // c·2^8 < 2^3014: nothing to fold.
        let one_mont = mul_pow2(&c, 8, &c);
        let two_n = add_limbs(&n, &n);
        // The Montgomery form of 2^e is (R mod N)·2^e mod N: shift-and-fold from R mod N. R² mod
        // N is the Montgomery form of R = 2^3080.
        let mut s = Scratch::new(&n);
        let r2 = square_times(&mut s, &mut mul_pow2_by(&one_mont, 3080, &c), 0, &n);
        let t3072 = mul_pow2_by(&one_mont, 3072, &c);
        // 2^(2^11) by shifting, then 2^(2^(j+1)) = (2^(2^j))² by Montgomery squaring: 117
        // squarings to 2^(2^128), 128 more to 2^(2^256), 256 to 2^(2^512), 256 to 2^(2^768).
        let mut x = mul_pow2_by(&one_mont, 1 << 11, &c);
        let mut pows = [[0u32; L]; 4];
        for (p, count) in pows.iter_mut().zip([128 - 11, 128, 256, 256]) {
            *p = square_times(&mut s, &mut x, count, &n);
        }
        let mut tables = [[0u32; L]; 4 << G_W];
        for (t, p) in tables.chunks_exact_mut(1 << G_W).zip(&pows) {
            fill_table(&mut s, &one_mont, t, p);
        }
        Consts {
            n,
            c,
            one_mont,
            two_n,
            r2,
            t3072,
            tables,
        }
    }
}

/// Squares x (< 2N) `count` times in place (x ↦ x²·R⁻¹: Montgomery form of the square) and
/// returns it reduced below N. Not inlined: the initialisation's loops stay loops.
#[inline(never)]
fn square_times(s: &mut Scratch, x: &mut Limbs, count: u32, n: &Limbs) -> Limbs {
    for _ in 0..count {
        *x = mont_sqr(s, x);
    }
    cond_sub(x, n)
}

/// x·2^e mod N for a public e, x < 2N, result in [0, 2N): `mul_pow2` 15 bits at a time.
#[inline(never)]
fn mul_pow2_by(x: &Limbs, mut e: u32, c: &Limbs) -> Limbs {
    let mut y = *x;
    while e > 0 {
        let d = e.min(15);
        y = mul_pow2(&y, d, c);
        e -= d;
    }
    y
}

// ---------------------------------------------------------------------------------------------
// Secret hygiene helpers
// ---------------------------------------------------------------------------------------------

#[inline(never)]
fn wipe_u32(s: &mut [u32]) {
    for x in s.iter_mut() {
        // SAFETY: `x` is a valid, aligned, exclusive reference.
        unsafe { core::ptr::write_volatile(x, 0) };
    }
}

#[inline]
fn wipe_limbs(x: &mut Limbs) {
    wipe_u32(&mut x[..]);
}

/// All-ones if a == b, else 0; no branch.
#[inline(always)]
fn ct_eq_mask(a: u32, b: u32) -> u32 {
    let x = a ^ b;
    let nz = (x | x.wrapping_neg()) >> 31; // 1 if x != 0
    core::hint::black_box(nz.wrapping_sub(1))
}

// ---------------------------------------------------------------------------------------------
// Limb <-> byte conversions and small helpers (all O(L))
// ---------------------------------------------------------------------------------------------

/// Big-endian bytes (at most 384 of them) → limbs. Longer input is not passed here.
fn limbs_from_be(bytes: &[u8]) -> Limbs {
    let mut out = [0u32; L];
    let mut acc: u64 = 0;
    let mut nb: u32 = 0;
    let mut idx = 0usize;
    for &b in bytes.iter().rev() {
        acc |= (b as u64) << nb;
        nb += 8;
        if nb >= LB {
            if let Some(o) = out.get_mut(idx) {
                *o = (acc & MASK) as u32;
            }
            idx += 1;
            acc >>= LB;
            nb -= LB;
        }
    }
    if let Some(o) = out.get_mut(idx) {
        *o = acc as u32;
    }
    out
}

/// Limbs of a value < 2^3072 → 384 big-endian bytes.
fn limbs_to_be(x: &Limbs) -> [u8; BYTES] {
    let mut out = [0u8; BYTES];
    let mut acc: u64 = 0;
    let mut nb: u32 = 0;
    let mut bytes = out.iter_mut().rev();
    for &l in x.iter() {
        acc |= (l as u64) << nb;
        nb += LB;
        while nb >= 8 {
            if let Some(b) = bytes.next() {
                *b = acc as u8;
            }
            acc >>= 8;
            nb -= 8;
        }
    }
    out
}

/// x − y on normalised limbs, and the final borrow: all-ones if x < y (then the difference
/// is x − y + 2^3080), else 0.
fn sub_limbs(x: &Limbs, y: &Limbs) -> (Limbs, u32) {
    let mut d = [0u32; L];
    let mut borrow: i64 = 0;
    for i in 0..L {
        let v = x[i] as i64 - y[i] as i64 + borrow;
        d[i] = (v as u64 & MASK) as u32;
        borrow = v >> LB; // 0 or -1
    }
    (d, borrow as u32)
}

/// If x >= m then x - m else x (constant time). Inputs normalised limbs.
fn cond_sub(x: &Limbs, m: &Limbs) -> Limbs {
    // borrow → x < m → keep x.
    let (d, keep_x) = sub_limbs(x, m);
    let keep_x = core::hint::black_box(keep_x);
    let mut out = [0u32; L];
    for i in 0..L {
        out[i] = (x[i] & keep_x) | (d[i] & !keep_x);
    }
    out
}

/// a + b on normalised limbs (the sum must fit in 3080 bits).
fn add_limbs(a: &Limbs, b: &Limbs) -> Limbs {
    let mut s = [0u32; L];
    let mut c: u64 = 0;
    for i in 0..L {
        let v = a[i] as u64 + b[i] as u64 + c;
        s[i] = (v & MASK) as u32;
        c = v >> LB;
    }
    s
}

/// (a + b) for a + b < 4N, reduced into [0, 2N).
fn add_mod_2n(a: &Limbs, b: &Limbs, two_n: &Limbs) -> Limbs {
    cond_sub(&add_limbs(a, b), two_n)
}

/// x · 2^d mod N for x < 2N and d <= 15, result in [0, 2N): shift, then fold everything above
/// bit 3072 back with 2^3072 ≡ 2^3072 − N (`c`). Constant time in d (a variable shift count
/// only).
fn mul_pow2(x: &Limbs, d: u32, c_limbs: &Limbs) -> Limbs {
    let mut y = [0u64; L + 1];
    let mut c: u64 = 0;
    for i in 0..L {
        let v = ((x[i] as u64) << d) + c;
        y[i] = v & MASK;
        c = v >> LB;
    }
    y[L] = c;
    // 3072 = 28·109 + 20. x·2^d < 2^3088, so q < 2^16.
    let q = (y[109] >> 20) | (y[110] << 8);
    y[109] &= (1 << 20) - 1;
    let mut out = [0u32; L];
    c = 0;
    for i in 0..L {
        let v = y[i] + q * c_limbs[i] as u64 + c;
        out[i] = (v & MASK) as u32;
        c = v >> LB;
    }
    // result < 2^3072 + 2^3022 < 2N, so c == 0 here.
    out
}

// ---------------------------------------------------------------------------------------------
// Montgomery kernels: out = a·b·2^-3080 mod N, inputs < 2N (or < 2^3072), output < 2N
// ---------------------------------------------------------------------------------------------

/// Caller-owned scratch for the kernels, so that it can be wiped once at the end. One flat
/// buffer so that the SIMD kernels address a[i] and m[i] (and b'[j], N'[j]) from one pointer
/// plus a constant offset (folded into the load's offset immediate).
struct Scratch {
    buf: [u32; SCRATCH_U32],
    /// Column sums of a·b (Karatsuba multiply).
    #[cfg_attr(
        not(all(target_arch = "wasm32", target_feature = "simd128")),
        allow(dead_code)
    )]
    cols: [u64; 2 * L],
}

/// Karatsuba half size and padded half-region width.
#[cfg_attr(
    not(all(target_arch = "wasm32", target_feature = "simd128")),
    allow(dead_code)
)]
const H: usize = L / 2;
const HW: usize = 64; // >= H + 2·PAD + 1, multiple of 4
/// Half regions: a0, a1, a0+a1 (forward) and b0, b1, b0+b1 (reversed), each padded.
#[cfg_attr(
    not(all(target_arch = "wasm32", target_feature = "simd128")),
    allow(dead_code)
)]
const KA: usize = 4 * W;
#[cfg_attr(
    not(all(target_arch = "wasm32", target_feature = "simd128")),
    allow(dead_code)
)]
const KB: usize = 4 * W + 3 * HW;
const SCRATCH_U32: usize = 4 * W + 6 * HW;

/// Regions of `Scratch::buf`: [0, W) unused (was the squaring's a copy), m (padded),
/// [2W, 3W) unused, N reversed (padded), then the Karatsuba half regions (KA, KB).
const MP: usize = W;
#[cfg_attr(
    not(all(target_arch = "wasm32", target_feature = "simd128")),
    allow(dead_code)
)]
const NR: usize = 3 * W;

impl Scratch {
    #[inline(never)]
    fn new(n: &Limbs) -> Self {
        let mut buf = [0u32; SCRATCH_U32];
        for j in 0..L {
            buf[NR + PAD + j] = n[L - 1 - j];
        }
        Scratch {
            buf,
            cols: [0; 2 * L],
        }
    }
}

impl Drop for Scratch {
    #[inline(never)]
    fn drop(&mut self) {
        wipe_u32(&mut self.buf);
        for x in self.cols.iter_mut() {
            // SAFETY: valid exclusive reference.
            unsafe { core::ptr::write_volatile(x, 0) };
        }
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod kern {
    use super::*;
    use core::arch::wasm32::*;

    #[inline(always)]
    unsafe fn ld(p: *const u32, off: usize) -> v128 {
        v128_load(p.add(off) as *const v128)
    }

    #[inline(always)]
    fn hsum(s: v128) -> u64 {
        u64x2_extract_lane::<0>(s).wrapping_add(u64x2_extract_lane::<1>(s))
    }

    /// The Karatsuba half regions: a0, a1, a0+a1 (each times 2^sh) forward at KA and b0, b1,
    /// b0+b1 reversed at KB, four limbs at a time (the last group, at H − 4, overlaps the one
    /// before and rewrites the same values).
    #[inline(always)]
    fn halves(s: &mut Scratch, a: &Limbs, b: &Limbs, sh: u32) {
        let p = s.buf.as_mut_ptr();
        let (a, b) = (a.as_ptr(), b.as_ptr());
        let mut i = 0;
        while i < H {
            let at = if i + 4 > H { H - 4 } else { i };
            // SAFETY: reads a[at..at + 4], a[H + at..H + at + 4] and b[H − 4 − at..H − at],
            // b[2H − 4 − at..2H − at], all within [0, L) since at <= H − 4; writes
            // [PAD + at, PAD + at + 4) ⊂ [PAD, PAD + H) of each half region.
            unsafe {
                let x0 = ld(a, at);
                let x1 = ld(a, H + at);
                let y0 = rev(ld(b, H - 4 - at));
                let y1 = rev(ld(b, 2 * H - 4 - at));
                let st = |off: usize, v: v128| v128_store(p.add(off + PAD + at) as *mut v128, v);
                st(KA, u32x4_shl(x0, sh));
                st(KA + HW, u32x4_shl(x1, sh));
                st(KA + 2 * HW, u32x4_shl(u32x4_add(x0, x1), sh));
                st(KB, y0);
                st(KB + HW, y1);
                st(KB + 2 * HW, u32x4_add(y0, y1));
            }
            i += 4;
        }
    }

    /// The four u32 lanes in reverse order.
    #[inline(always)]
    fn rev(v: v128) -> v128 {
        i8x16_shuffle::<12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3>(v, v)
    }

    /// Zero m[0..L+2] (the low phase reads m_k before it is written).
    #[inline(always)]
    fn zero_m(s: &mut Scratch) {
        let p = s.buf.as_mut_ptr();
        let z = u64x2_splat(0);
        // SAFETY: writes MP+PAD .. MP+PAD+112 <= MP+W (pad past L stays zero).
        unsafe {
            let mut q = 0;
            while q < L.div_ceil(4) {
                v128_store(p.add(MP + PAD + 4 * q) as *mut v128, z);
                q += 1;
            }
        }
    }

    // SAFETY (all pointer offsets in both kernels): for column k the i range is rounded to
    // [i0, i0 + 4·cnt) with i0 = lo and i0 + 4·cnt − 1 <= hi + 3, so reads of
    // a/m stay in [PAD − 3, PAD + L + 2] and of b'/N' (index PAD + L − 1 − k + i) in
    // [PAD − 3, PAD + L + 2]: inside each W = L + 8 region.

    /// Multiplication: column sums of a·b by one level of Karatsuba on 55-limb halves
    /// (z0 = a0·b0, z2 = a1·b1, z1 = (a0+a1)(b0+b1) − z0 − z2, all column-wise in u64; each
    /// z1 column is a sum of non-negative cross products, so no sign handling), then the
    /// product-scanning Montgomery reduction.
    ///
    /// Bounds: a (a0+a1)(b0+b1) column has at most 55 products < 2^58 (< 2^63.8); the full
    /// a·b column is the same value as in the schoolbook kernel (< 110·2^56).
    #[inline(never)]
    pub(crate) fn mont_mul(s: &mut Scratch, a: &Limbs, b: &Limbs) -> Limbs {
        halves(s, a, b, 0);
        zero_m(s);
        for c in s.cols.iter_mut() {
            *c = 0;
        }
        let mut out = [0u32; L];
        let p = s.buf.as_mut_ptr();
        let cols = s.cols.as_mut_ptr();
        // SAFETY: half regions: i in [i0, i0 + 4·cnt) ⊂ [lo − 3, hi + 3] gives indices in
        // [PAD − 3, PAD + H + 2] ⊂ [0, HW); full regions as in the comment above.
        unsafe {
            let xa = p.add(KA + PAD) as *const u32;
            let yb = p.add(KB + PAD + H - 1) as *const u32; // yb.sub(c) = b'[PAD + H − 1 − c]
            for c in 0..2 * H - 1 {
                let lo = if c >= H { c + 1 - H } else { 0 };
                let hi = if c < H { c } else { H - 1 };
                let i0 = lo; // unaligned start: no wasted leading products
                let cnt = (hi - i0) / 4 + 1;
                let mut x = xa.add(i0);
                let mut y = yb.add(i0).sub(c);
                let mut a0 = u64x2_splat(0);
                let mut a2 = u64x2_splat(0);
                let mut a1 = u64x2_splat(0);
                let mut q = 0;
                while q < cnt {
                    let u0 = ld(x, 0);
                    let v0 = ld(y, 0);
                    let u2 = ld(x, HW);
                    let v2 = ld(y, HW);
                    let u1 = ld(x, 2 * HW);
                    let v1 = ld(y, 2 * HW);
                    a0 = i64x2_add(a0, u64x2_extmul_low_u32x4(u0, v0));
                    a2 = i64x2_add(a2, u64x2_extmul_low_u32x4(u2, v2));
                    a1 = i64x2_add(a1, u64x2_extmul_low_u32x4(u1, v1));
                    a0 = i64x2_add(a0, u64x2_extmul_high_u32x4(u0, v0));
                    a2 = i64x2_add(a2, u64x2_extmul_high_u32x4(u2, v2));
                    a1 = i64x2_add(a1, u64x2_extmul_high_u32x4(u1, v1));
                    x = x.add(4);
                    y = y.add(4);
                    q += 1;
                }
                let z0 = hsum(a0);
                let z2 = hsum(a2);
                let z1 = hsum(a1).wrapping_sub(z0).wrapping_sub(z2);
                *cols.add(c) = (*cols.add(c)).wrapping_add(z0);
                *cols.add(c + H) = (*cols.add(c + H)).wrapping_add(z1);
                *cols.add(c + 2 * H) = (*cols.add(c + 2 * H)).wrapping_add(z2);
            }
            reduce_cols(p, cols, &mut out);
        }
        out
    }

    /// Product-scanning Montgomery reduction of the 2L−1 column sums in `cols` (m digits into
    /// the m region, which must be zeroed), result limbs into `out`. Not inlined: one copy
    /// shared by both kernels gets hot (and tiered up by V8) sooner.
    #[inline(never)]
    unsafe fn reduce_cols(p: *mut u32, cols: *const u64, out: &mut Limbs) {
        let mut carry: u64 = 0;
        let mm = p.add(MP + PAD) as *const u32;
        let nn = p.add(NR + PAD + L - 1) as *const u32;
        // Two columns per pass (one loop, the m loads shared). Columns k, k+1 (k even):
        // Σ_{i<k} m_i·N_{k−i} and Σ_{i<k} m_i·N_{k+1−i}; m_i for i >= k are still 0, and
        // column k+1 gets its m_k·N_1 term (N_1 = 2^28 − 1) once m_k is known.
        let mut k = 0;
        while k < L {
            let (s0, s1) = dot2(mm, nn.sub(k), nn.sub(k + 1), k.div_ceil(4));
            let mut t = carry + *cols.add(k) + s0;
            let mk = t & MASK; // n0' = −N^{-1} mod 2^28 = 1 since N ≡ −1 (mod 2^64)
            *p.add(MP + PAD + k) = mk as u32;
            t += mk * MASK; // N[0] = 2^28 − 1
            carry = t >> LB;
            let mut t = carry + *cols.add(k + 1) + s1 + mk * MASK; // + m_k·N_1
            let mk1 = t & MASK;
            *p.add(MP + PAD + k + 1) = mk1 as u32;
            t += mk1 * MASK;
            carry = t >> LB;
            k += 2;
        }
        // Columns k, k+1 for k = L, L+2, …: i from k+1−L (the i = k+1−L term of column k+1
        // meets N' padding: N_L = 0).
        let mut k = L;
        while k < 2 * L - 1 {
            let i0 = k + 1 - L;
            let cnt = (L - 1 - i0) / 4 + 1;
            let (s0, s1) = dot2(mm.add(i0), nn.add(i0).sub(k), nn.add(i0).sub(k + 1), cnt);
            let t = carry + *cols.add(k) + s0;
            out[k - L] = (t & MASK) as u32;
            carry = t >> LB;
            if k + 1 < 2 * L - 1 {
                let t = carry + *cols.add(k + 1) + s1;
                out[k + 1 - L] = (t & MASK) as u32;
                carry = t >> LB;
            }
            k += 2;
        }
        out[L - 1] = carry as u32;
    }

    /// Σ_{q<cnt} x[4q..4q+4]·y[4q..4q+4] and the same with z for y, horizontally summed.
    #[inline(always)]
    unsafe fn dot2(
        mut x: *const u32,
        mut y: *const u32,
        mut z: *const u32,
        cnt: usize,
    ) -> (u64, u64) {
        let mut a0 = u64x2_splat(0);
        let mut a1 = u64x2_splat(0);
        let mut b0 = u64x2_splat(0);
        let mut b1 = u64x2_splat(0);
        let mut q = 0;
        while q < cnt {
            let a = ld(x, 0);
            let b = ld(y, 0);
            let c = ld(z, 0);
            a0 = i64x2_add(a0, u64x2_extmul_low_u32x4(a, b));
            a1 = i64x2_add(a1, u64x2_extmul_high_u32x4(a, b));
            b0 = i64x2_add(b0, u64x2_extmul_low_u32x4(a, c));
            b1 = i64x2_add(b1, u64x2_extmul_high_u32x4(a, c));
            x = x.add(4);
            y = y.add(4);
            z = z.add(4);
            q += 1;
        }
        (hsum(i64x2_add(a0, a1)), hsum(i64x2_add(b0, b1)))
    }

    /// Squaring: column sums of a² by one level of Karatsuba on 55-limb halves
    /// (z0 = a0², z2 = a1², z1 = (a0+a1)² − z0 − z2 = 2·a0·a1), each half square column-wise
    /// as Σ_{i<c−i} (2x_i)·x_{c−i} + [c even]·x_{c/2}², then the same reduction as `mont_mul`.
    ///
    /// Bounds: an (a0+a1)² column has at most 27 products (2x_i)·x_j < 2^30·2^29 plus one
    /// square < 2^58: < 2^63.8.
    #[inline(never)]
    pub(crate) fn mont_sqr(s: &mut Scratch, a: &Limbs) -> Limbs {
        halves(s, a, a, 1);
        zero_m(s);
        for c in s.cols.iter_mut() {
            *c = 0;
        }
        let mut out = [0u32; L];
        let p = s.buf.as_mut_ptr();
        let cols = s.cols.as_mut_ptr();
        // SAFETY: i in [i0, i0 + 4·(g+1)) ⊂ [lo − 3, e + 3] gives half-region indices in
        // [PAD − 3, PAD + H + 2] ⊂ [0, HW) on both sides (y index PAD + H − 1 − c + i).
        unsafe {
            let xa = p.add(KA + PAD) as *const u32;
            let yb = p.add(KB + PAD + H - 1) as *const u32;
            for c in 0..2 * H - 1 {
                let lo = if c >= H { c + 1 - H } else { 0 };
                let i0 = lo;
                let e = c.div_ceil(2); // cross terms: i in [lo, e)
                let (g, rem) = if e > i0 {
                    ((e - i0) / 4, (e - i0) % 4)
                } else {
                    (0, 0)
                };
                let mut x = xa.add(i0);
                let mut y = yb.add(i0).sub(c);
                let mut a0 = u64x2_splat(0);
                let mut a2 = u64x2_splat(0);
                let mut a1 = u64x2_splat(0);
                let mut q = 0;
                while q < g {
                    let u0 = ld(x, 0);
                    let v0 = ld(y, 0);
                    let u2 = ld(x, HW);
                    let v2 = ld(y, HW);
                    let u1 = ld(x, 2 * HW);
                    let v1 = ld(y, 2 * HW);
                    a0 = i64x2_add(a0, u64x2_extmul_low_u32x4(u0, v0));
                    a2 = i64x2_add(a2, u64x2_extmul_low_u32x4(u2, v2));
                    a1 = i64x2_add(a1, u64x2_extmul_low_u32x4(u1, v1));
                    a0 = i64x2_add(a0, u64x2_extmul_high_u32x4(u0, v0));
                    a2 = i64x2_add(a2, u64x2_extmul_high_u32x4(u2, v2));
                    a1 = i64x2_add(a1, u64x2_extmul_high_u32x4(u1, v1));
                    x = x.add(4);
                    y = y.add(4);
                    q += 1;
                }
                if rem != 0 {
                    let km = keep_first(rem);
                    let u0 = v128_and(ld(x, 0), km);
                    let v0 = ld(y, 0);
                    let u2 = v128_and(ld(x, HW), km);
                    let v2 = ld(y, HW);
                    let u1 = v128_and(ld(x, 2 * HW), km);
                    let v1 = ld(y, 2 * HW);
                    a0 = i64x2_add(a0, u64x2_extmul_low_u32x4(u0, v0));
                    a2 = i64x2_add(a2, u64x2_extmul_low_u32x4(u2, v2));
                    a1 = i64x2_add(a1, u64x2_extmul_low_u32x4(u1, v1));
                    a0 = i64x2_add(a0, u64x2_extmul_high_u32x4(u0, v0));
                    a2 = i64x2_add(a2, u64x2_extmul_high_u32x4(u2, v2));
                    a1 = i64x2_add(a1, u64x2_extmul_high_u32x4(u1, v1));
                }
                let mut z0 = hsum(a0);
                let mut z2 = hsum(a2);
                let mut s1 = hsum(a1);
                if c % 2 == 0 {
                    // x_{c/2} sits at reversed index H − 1 − c/2.
                    let j = PAD + H - 1 - c / 2;
                    let h0 = *p.add(KB + j) as u64;
                    let h2 = *p.add(KB + HW + j) as u64;
                    let h1 = *p.add(KB + 2 * HW + j) as u64;
                    z0 += h0 * h0;
                    z2 += h2 * h2;
                    s1 += h1 * h1;
                }
                let z1 = s1.wrapping_sub(z0).wrapping_sub(z2);
                *cols.add(c) = (*cols.add(c)).wrapping_add(z0);
                *cols.add(c + H) = (*cols.add(c + H)).wrapping_add(z1);
                *cols.add(c + 2 * H) = (*cols.add(c + 2 * H)).wrapping_add(z2);
            }
            reduce_cols(p, cols, &mut out);
        }
        out
    }

    /// Constant-time table read: scans every entry with a mask, four limbs at a time.
    #[inline(never)]
    pub(crate) fn ct_select(table: &[Limbs], idx: u32) -> Limbs {
        let mut out = [0u32; L];
        let o = out.as_mut_ptr();
        for (e, ent) in table.iter().enumerate() {
            let mask = u32x4_splat(ct_eq_mask(e as u32, idx));
            let p = ent.as_ptr();
            let mut i = 0;
            while i < L {
                // The last group, at L − 4, overlaps the one before: OR-ing the same masked
                // limbs twice changes nothing.
                let at = if i + 4 > L { L - 4 } else { i };
                // SAFETY: at + 4 <= L for both arrays.
                unsafe {
                    let v = v128_and(ld(p, at), mask);
                    let q = o.add(at) as *mut v128;
                    v128_store(q, v128_or(v128_load(q), v));
                }
                i += 4;
            }
        }
        out
    }

    /// Lane masks keeping the first `r` u32 lanes, r = 0..3.
    #[inline(always)]
    fn keep_first(r: usize) -> v128 {
        match r {
            1 => u32x4(!0, 0, 0, 0),
            2 => u32x4(!0, !0, 0, 0),
            _ => u32x4(!0, !0, !0, 0),
        }
    }
}

/// Portable kernels: exactly the same column sums, with u64 scalars and exact index ranges.
///
/// Bounds (shared with the SIMD kernels): column k sums a_i·b_{k−i} and m_i·N_{k−i} over
/// i ∈ [max(0, k−L+1), min(k, L−1)] — at most 2L = 220 products < 2^56 each, plus a carry
/// < 2^36, plus m_k·N_0 < 2^56: < 221·2^56 + 2^36 < 2^64. The SIMD kernels round the start
/// of i down to a multiple of 4 (≥ lo − 3) and the end up (≤ hi + 3); with 4 zero limbs of
/// padding on each side every extra term has a zero factor.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod kern {
    use super::*;

    #[inline(never)]
    pub(crate) fn mont_mul(s: &mut Scratch, a: &Limbs, b: &Limbs) -> Limbs {
        let (lo, hi) = s.buf.split_at_mut(NR);
        let m = &mut lo[MP..MP + W];
        // N_j = nr[PAD + L − 1 − j] (N reversed, see `Scratch::new`).
        let nr = &hi[..W];
        let mut out = [0u32; L];
        let mut carry: u64 = 0;
        for k in 0..2 * L - 1 {
            let lo = if k >= L { k + 1 - L } else { 0 };
            let hi = if k < L { k } else { L - 1 };
            let mut t = carry;
            for i in lo..=hi {
                t += a[i] as u64 * b[k - i] as u64;
            }
            let mend = if k < L { k } else { hi + 1 };
            for i in lo..mend {
                t += m[PAD + i] as u64 * nr[PAD + L - 1 - (k - i)] as u64;
            }
            if k < L {
                let mk = t & MASK;
                m[PAD + k] = mk as u32;
                t += mk * MASK;
            } else {
                out[k - L] = (t & MASK) as u32;
            }
            carry = t >> LB;
        }
        out[L - 1] = carry as u32;
        out
    }

    #[inline(never)]
    pub(crate) fn mont_sqr(s: &mut Scratch, a: &Limbs) -> Limbs {
        let (lo, hi) = s.buf.split_at_mut(NR);
        let m = &mut lo[MP..MP + W];
        // N_j = nr[PAD + L − 1 − j] (N reversed, see `Scratch::new`).
        let nr = &hi[..W];
        let mut out = [0u32; L];
        let mut carry: u64 = 0;
        for k in 0..2 * L - 1 {
            let lo = if k >= L { k + 1 - L } else { 0 };
            let hi = if k < L { k } else { L - 1 };
            let e = k.div_ceil(2);
            let mut cross: u64 = 0;
            for i in lo..e {
                cross += a[i] as u64 * a[k - i] as u64;
            }
            let mut t = carry + 2 * cross;
            if k % 2 == 0 {
                t += a[k / 2] as u64 * a[k / 2] as u64;
            }
            let mend = if k < L { k } else { hi + 1 };
            for i in lo..mend {
                t += m[PAD + i] as u64 * nr[PAD + L - 1 - (k - i)] as u64;
            }
            if k < L {
                let mk = t & MASK;
                m[PAD + k] = mk as u32;
                t += mk * MASK;
            } else {
                out[k - L] = (t & MASK) as u32;
            }
            carry = t >> LB;
        }
        out[L - 1] = carry as u32;
        out
    }
    /// Constant-time table read: scans every entry with a mask.
    #[inline(never)]
    pub(crate) fn ct_select(table: &[Limbs], idx: u32) -> Limbs {
        let mut out = [0u32; L];
        for (e, ent) in table.iter().enumerate() {
            let mask = ct_eq_mask(e as u32, idx);
            for i in 0..L {
                out[i] |= ent[i] & mask;
            }
        }
        out
    }
}

use kern::{ct_select, mont_mul, mont_sqr};

// ---------------------------------------------------------------------------------------------
// Conversions into / out of the Montgomery domain
// ---------------------------------------------------------------------------------------------

/// Any-length big-endian bytes → Montgomery form x·R mod N, in [0, 2N): Horner's rule over
/// 384-byte chunks, most significant first (y ↦ y·2^3072 + chunk, y < 2N), then y·R² · R⁻¹.
fn mont_from_bytes(s: &mut Scratch, k: &Consts, bytes: &[u8]) -> Limbs {
    let mut y = [0u32; L];
    for (i, chunk) in bytes.rchunks(BYTES).rev().enumerate() {
        // chunk < 2^3072 < 2N: a valid operand as it is.
        let mut c = limbs_from_be(chunk);
        if i > 0 {
            y = mont_mul(s, &y, &k.t3072);
        }
        y = add_mod_2n(&y, &c, &k.two_n);
        wipe_limbs(&mut c);
    }
    let out = mont_mul(s, &y, &k.r2);
    wipe_limbs(&mut y);
    out
}

/// Montgomery form (< 2N) → canonical bytes.
fn mont_to_bytes(s: &mut Scratch, k: &Consts, x: &Limbs) -> [u8; BYTES] {
    let mut one = [0u32; L];
    one[0] = 1;
    let mut y = mont_mul(s, x, &one); // ≤ N
    let mut z = cond_sub(&y, &k.n);
    let out = limbs_to_be(&z);
    wipe_limbs(&mut y);
    wipe_limbs(&mut z);
    out
}

// ---------------------------------------------------------------------------------------------
// Exponent windows (positions are public; only the extracted values are secret)
// ---------------------------------------------------------------------------------------------

/// Bits [pos, pos+width) of the big-endian exponent, bits past the end read as 0.
#[inline(never)]
fn window(exp: &[u8], pos: usize, width: usize) -> u32 {
    let n = exp.len();
    let mut v = 0u32;
    for b in 0..width {
        let p = pos + b;
        let byte = p / 8;
        if byte < n {
            let x = exp.get(n - 1 - byte).copied().unwrap_or(0);
            v |= (((x >> (p % 8)) & 1) as u32) << b;
        }
    }
    v
}

/// t[d] = x^d (Montgomery forms; `one` = t[0] is the Montgomery form of 1), each entry the
/// one before times x.
#[inline(never)]
fn fill_table(s: &mut Scratch, one: &Limbs, t: &mut [Limbs], x: &Limbs) {
    let mut y = *one;
    for e in t.iter_mut() {
        *e = y;
        y = mont_mul(s, &y, x);
    }
    wipe_limbs(&mut y);
}

/// The windowed evaluation behind [`pow_mod`] and [`pow_g`]. With e_j = bits
/// [j·chunk, (j+1)·chunk) of `exp` and T_j^d = `tables[j·2^w + d]`, returns Π_j T_j^{e_j} in
/// canonical bytes; with `shift`, 2^{e_0} · Π_j T_j^{e_{j+1}} (then w <= 4). One pass over the
/// ⌈chunk/w⌉ windows from the top: w squarings, then per chunk its factor for the window's w
/// bits, 2^d by shift-and-fold or T_j^d by a masked scan of the whole table. The sequence of
/// operations depends only on the lengths.
#[inline(never)]
fn pow_windows(
    s: &mut Scratch,
    k: &Consts,
    exp: &[u8],
    chunk: usize,
    w: usize,
    shift: bool,
    tables: &[Limbs],
) -> [u8; BYTES] {
    let mut acc = k.one_mont;
    let mut ent = [0u32; L];
    let nwin = chunk.div_ceil(w);
    for wi in (0..nwin).rev() {
        if wi + 1 != nwin {
            for _ in 0..w {
                acc = mont_sqr(s, &acc);
            }
        }
        let mut pos = wi * w;
        if shift {
            acc = mul_pow2(&acc, window(exp, pos, w), &k.c);
            pos += chunk;
        }
        for t in tables.chunks_exact(1 << w) {
            ent = ct_select(t, window(exp, pos, w));
            acc = mont_mul(s, &acc, &ent);
            pos += chunk;
        }
    }
    let out = mont_to_bytes(s, k, &acc);
    wipe_limbs(&mut acc);
    wipe_limbs(&mut ent);
    out
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

const POW_W: usize = 5;

/// base^exp mod N. Constant time in `exp` for a given exp length: the sequence of squarings and
/// multiplications depends only on exp.len() (fixed 5-bit windows); each window's table entry
/// is read by scanning the whole table with masks. Any input lengths; empty = 0 (so base^0 = 1,
/// including 0^0 = 1).
pub fn pow_mod(base: &[u8], exp: &[u8]) -> [u8; BYTES] {
    let k = consts();
    let mut s = Scratch::new(&k.n);
    let mut b = mont_from_bytes(&mut s, k, base);
    let mut table = [[0u32; L]; 1 << POW_W];
    fill_table(&mut s, &k.one_mont, &mut table, &b);
    let nbits = exp.len().saturating_mul(8);
    let out = pow_windows(&mut s, k, exp, nbits, POW_W, false, &table);
    wipe_limbs(&mut b);
    for t in table.iter_mut() {
        wipe_limbs(t);
    }
    out
}

const G_W: usize = 4;
const G_CHUNK_BITS: usize = 256;

/// 2^exp mod N, constant time in exp for a given exp length.
///
/// Exponents of 33..=128 bytes are split into k = ⌈len/32⌉ chunks of 256 bits,
/// 2^e = Π_j G_j^{e_j} with the constants G_j = 2^(2^(256·j)) (j = 1..3), evaluated
/// together with 4-bit windows: 256 squarings, and per window one shift-and-fold
/// multiplication by 2^{d_0} (O(L), constant time) and k−1 multiplications by masked-scan
/// table entries G_j^{d_j}. 17..=32-byte exponents use two 128-bit chunks (constant
/// 2^(2^128)); shorter or longer exponents use the shift method over all bits.
pub fn pow_g(exp: &[u8]) -> [u8; BYTES] {
    let k = consts();
    let mut s = Scratch::new(&k.n);
    let nbits = exp.len().saturating_mul(8);
    // (chunk size, tables of G_j = 2^(2^(chunk·j)) for j >= 1), chosen from the public length.
    let (h128, g) = k.tables.split_at(1 << G_W);
    let (chunk_bits, tables): (usize, &[Limbs]) = if nbits <= 128 {
        (nbits, &[])
    } else if nbits <= 256 {
        (128, h128)
    } else if nbits <= 4 * G_CHUNK_BITS {
        (G_CHUNK_BITS, g)
    } else {
        (nbits, &[])
    };
    let nchunks = nbits.div_ceil(chunk_bits.max(1)).max(1);
    let tables = tables.get(..(nchunks - 1) << G_W).unwrap_or(&[]);
    pow_windows(&mut s, k, exp, chunk_bits, G_W, true, tables)
}

/// a − b·c mod N for any-length inputs: in Montgomery form, aR + (2N − bcR) ∈ (0, 4N) reduced
/// into [0, 2N) (masked, no branch on the values). With b and c empty (zero) it reduces a.
pub fn mul_sub_mod(a: &[u8], b: &[u8], c: &[u8]) -> [u8; BYTES] {
    let k = consts();
    let mut s = Scratch::new(&k.n);
    let mut am = mont_from_bytes(&mut s, k, a);
    let mut bm = mont_from_bytes(&mut s, k, b);
    let mut cm = mont_from_bytes(&mut s, k, c);
    let mut p = mont_mul(&mut s, &bm, &cm);
    let (mut neg, _) = sub_limbs(&k.two_n, &p);
    let mut d = add_mod_2n(&am, &neg, &k.two_n);
    let out = mont_to_bytes(&mut s, k, &d);
    for x in [&mut am, &mut bm, &mut cm, &mut p, &mut neg, &mut d] {
        wipe_limbs(x);
    }
    out
}

/// a − b mod N for any-length inputs.
pub fn sub_mod(a: &[u8], b: &[u8]) -> [u8; BYTES] {
    mul_sub_mod(a, b, &[1])
}

/// a·b mod N for any-length inputs.
pub fn mul_mod(a: &[u8], b: &[u8]) -> [u8; BYTES] {
    let k = consts();
    let mut s = Scratch::new(&k.n);
    let mut am = mont_from_bytes(&mut s, k, a);
    let mut bm = mont_from_bytes(&mut s, k, b);
    let mut p = mont_mul(&mut s, &am, &bm);
    let out = mont_to_bytes(&mut s, k, &p);
    wipe_limbs(&mut am);
    wipe_limbs(&mut bm);
    wipe_limbs(&mut p);
    out
}

#[cfg(test)]
mod unit {
    use super::*;
    use num_bigint::BigUint;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn big(x: &Limbs) -> BigUint {
        let mut v = BigUint::from(0u32);
        for &l in x.iter().rev() {
            v = (v << 28u32) + BigUint::from(l);
        }
        v
    }

    fn limbs(v: &BigUint) -> Limbs {
        let b = v.to_bytes_be();
        assert!(b.len() <= 385);
        let mut out = [0u32; L];
        for (i, d) in v.to_u32_digits().iter().enumerate() {
            // repack 32-bit digits into 28-bit limbs
            let bit = 32 * i;
            for j in 0..32 {
                if (d >> j) & 1 == 1 {
                    let p = bit + j;
                    out[p / 28] |= 1 << (p % 28);
                }
            }
        }
        out
    }

    /// The values of the tables this crate used to build in at compile time (R² mod N and the
    /// Montgomery forms of 2^(2^128), 2^(2^256), 2^(2^512), 2^(2^768); big-endian hex).
    const OLD_R2: &[u8] = b"\
            b4fb51df35da58403da4634414775ccb6f41d81c8ff778b681405dee5a73a77abfcb06c6509ab77e\
            443f09968bfb26648bb1a7ef1656607da5b5d2a48cdc5b2a400731ef58b051144fc45f6dcaceb1bd\
            1942713fdb5d049da52796662a32f22bab65a36e6730786571a8d15c60adc4399badff4404231229\
            4d63be024e5343899f5c681ebb11f2d8d171b0919b8b106cb713ccb5a3aa1aac51c4045555308157\
            814a44631c270abfd6f63672ceabfc1abf3f42599afcc7994a05f08bb3992da80c25d3e46311226f\
            723337f3f1de2deca0b88d0a794d1a0869e92fb157ecbfe6fe0b02d8bf036baf96339f1122f0a2e3\
            eb12b8445592c909bb22876946f27b258bbfcfa35486975cb108113c6a7d3a6de1b4014094a90b4d\
            af068a6822f12f20500cc68775dcfe24db46bacf412ccca059b4187d9ace850c196d690ebb0d6548\
            128ba795fe0098d26a25d77065362a1299f33f10ffba249f5144cc46f0ebbdcbb14912e793da3ed8\
            976a21191ddf3fd0f4b083e50d2819ffca9138d241cd5ac8\
        ";
    const OLD_H128: &[u8] = b"\
            57eec7b5a945550e7352f0daf9405b703ba2ae0ed1be39c8d63758f8ac11386763309d100e6d020e\
            4f5cb3619125573db5d62389028e1a604c30312fcd87602e7a0a93b8aadcc72e22e6e6c835d1c216\
            4139113b6b0ccb44a63952fbe1b8625abcccb4934ca8e6a40f36ac772fa7e62a6df8365efba1f858\
            8bc6683dc4a3488687829aad47a118b7a069f1078a0d834a2b3676bcf49b5407f1a5962f4cbf635c\
            4e127fadfcb4b0f192abca6cee1d1cc04be9546bac01f9fe1b2fa4c545d7ec4ab4b684c89de5ce29\
            5546640988f5611315956f6df2b14e31e285e1ac488fad735d4a255dee38e68716098fc6a1f6bd93\
            e7f09342106aac34310065e04dd8e64910e62b8db7a4b753df58a9a8e8fff54dfc53d02ed9fe0f0f\
            a2d34ef50b9e3832fc2ca74b47fcfe8d14a324d7ecdadd53f62aa140aa1b6f3474bb538f99a02d68\
            968ea6870a077dbc53db9de5759fa6c53c9ca50c5fccbcb2f3d62bfa85e7ba4303c62f7791202ecc\
            69f1da808134656d5d4ae64e711387c4fefd05fbe5f82135\
        ";
    const OLD_G: [&[u8]; 3] = [
        b"\
            0215dbe774ef36fd55e40b78b214d1a6664728647e8ec33a428092f5c19aefa60aa5c55a48cd816c\
            82989fb7e212f26ad8cd603caf5cde38a76fa64d01bf1569b83237103735ca222231ece4def2f8fe\
            640654db95aef9f323841f03439d3dccda9355471378b5fdce186197e41d1bfcec1cf22ac7747fcc\
            e24f5efcd22c2331142bf42a650ac13d61a1979a07ccf8a73346ff64741f44e0652a4ad24f1cb3cc\
            d560c8560eaeddac2138b218ff8b12e94d1b1234bb4d686c56907571620e6b0e609fa33697c83775\
            d0e01dcb45f33628262677877d1f746194b63f36dcd51f551cb58b5f7b97ffdcab47572b921163f2\
            559c43a8cbd8da0c4a883f3401050b53f37c0c0ddc1ae16b8ff3f28d0deceb659b2488c8f10f6a2d\
            4f158065ed7da9d61ee1ccb83d8a81d58b89fc9ef4527c683c925084c854559b4c423ecba86bb11f\
            a7129f682aa520f857ffccfc102c4022ed09d853a4d131df03f9602fa4690d57c8c2dc246637ce71\
            4cb30a454d41b708d16abdc9ed45183753f0c5283f1e0572\
        ",
        b"\
            e9e7b36bc97579ccb75afdbdf6cd7dc5adc893442f8ade598f8522f67ef507423a143517e1869aa7\
            29d2d8262bc745cf059d575e1a387bb29269e17477b505fd5e310da75a980bdb09d3ed1f54bea6c7\
            1c82c4f7086919b437b14ce267ccacbd388be8fb57f0af5ac76d7551f31e055e5e591edc2378250c\
            7a1b369ce65703744d574dd18bc3556d5d7dffaf02f9e4e261057f9123daed869f793b9d8e7e6ae7\
            35dc23c112fc3b120b3446079510d249eb366603b4f3b556e9fbe7ae48e0a620de1879eb766955b6\
            8cec5992a6662b7dfaac255bd0946a402b90c0d8fb4437a77630c6700a9078e1e0cdf22cd682ea83\
            e75b864ca609e5a4866c3bf52115a0c6f3f2e5922bbdc4e0e3cd3c8e8eb459b99dc80e2c5b8b3fb9\
            30113e9dca0bc21255d123bb7e9a7e1e12433a6e7ab2fb72d0d1bcbba02a81ef0ad9379fadac8c22\
            17ae8f859e7260a8eb0a7866aa840a457c9c4dbd27d02d18f5be7698577f32ca56d9fe9cc161732a\
            9439931381ee4a5250eb60dbbd8cab3bbd200c816581374a\
        ",
        b"\
            c6a508871acfc31521dc11da156cd90c19850dfd19079c9a9f3c0a60bdc760b364b0a588a9d6a080\
            001e5256d936b225c30dd8837d1d886151ddc477f718e7e2c2d734e888421b59e317e1f83ee278f2\
            8536bcb3a19f659b50d6d87b2c24436d04fed958dc8716009027b2add3109b250d4328d5257d8af8\
            15824058bc30a46edf0cc3efae83f8ad6097c49ec5ef788ec0c210736065231e1043d007361f356e\
            6246dcb1c652fe33a237944d8ad72ada308adc9d257d61f1f7aefe942d3a3cb03bcc98e461c3efe4\
            30e9cde85577fecadf01046966754fe5f990a8a997a52d0184383ee6782bbc4bfbd484a1bb29ac9f\
            326eba911e284ece8b12a441908870de58e9bfab8ba2fc58e2f9585b0a6a0b62aef77c1f51257902\
            e392d13f7573972e7aaa6bd5ad66d891eeee704017fb6547ab0a019d148ef3cf6e8dbb01819f805a\
            7d6c541f0dd3af8548c43b4d71bd2fbf7a91c367ec9c60f1a8924b72b6d930371d72bb6f0166888a\
            a42d5908f1ff5ce895c88b953f8a1fb4330bd98b53db8a49\
        ",
    ];

    fn from_hex(h: &[u8]) -> BigUint {
        BigUint::parse_bytes(h, 16).expect("hex")
    }

    /// The run-time constants equal the former compile-time tables and their definitions.
    #[test]
    fn derived_consts() {
        let k = consts();
        let n = from_hex(N_HEX);
        assert_eq!(big(&k.n), n);
        assert_eq!(k.n, limbs(&n));
        let r = BigUint::from(1u32) << 3080u32;
        assert_eq!(big(&k.one_mont), &r % &n);
        assert_eq!(big(&k.r2), (&r * &r) % &n);
        assert_eq!(big(&k.c), (BigUint::from(1u32) << 3072u32) - &n);
        assert_eq!(big(&k.two_n), &n * 2u32);
        assert_eq!(big(&k.r2), from_hex(OLD_R2));
        assert_eq!(big(&k.t3072), (BigUint::from(1u32) << 3072u32) * &r % &n);
        // pow_g's tables: entry d of table j is (2^(2^(128·e_j)))^d in Montgomery form, with
        // e = 1, 2, 4, 6 (2^(2^128), then G_j = 2^(2^(256·j))).
        let h128 = &k.tables[1];
        let g = [&k.tables[17], &k.tables[33], &k.tables[49]];
        assert_eq!(big(h128), from_hex(OLD_H128));
        for (j, g) in g.iter().enumerate() {
            assert_eq!(big(g), from_hex(OLD_G[j]));
        }
        for (t, e) in k.tables.chunks_exact(16).zip([128u32, 256, 512, 768]) {
            let base = BigUint::from(2u32).modpow(&(BigUint::from(1u32) << e), &n);
            for (d, entry) in t.iter().enumerate() {
                assert_eq!(
                    big(entry) % &n,
                    base.modpow(&BigUint::from(d), &n) * &r % &n
                );
                assert!(big(entry) < &n * 2u32);
                assert!(entry.iter().all(|&l| l < 1 << 28));
            }
        }
        // Every constant canonical (< N) and in normalised 28-bit limbs.
        for x in [&k.r2, &k.one_mont, h128, g[0], g[1], g[2]] {
            assert!(big(x) < n);
        }
        for x in [&k.n, &k.c, &k.one_mont, &k.two_n, &k.r2, &k.t3072] {
            assert!(x.iter().all(|&l| l < 1 << 28));
        }
    }

    /// Kernels on extreme operands (anything in [0, 2N) and up to 2^3072 − 1): result < 2N and
    /// congruent to a·b·R^{-1}. Runs the SIMD kernels on wasm32+simd128, the portable ones
    /// elsewhere.
    #[test]
    fn kernels_extremes() {
        let k = consts();
        let n = big(&k.n);
        let r = BigUint::from(1u32) << 3080u32;
        let rinv = r.modpow(&(&n - 2u32), &n);
        let two_n = &n * 2u32;
        let mut vals = vec![
            BigUint::from(0u32),
            BigUint::from(1u32),
            &n - 1u32,
            n.clone(),
            &n + 1u32,
            &two_n - 1u32,
            (BigUint::from(1u32) << 3072u32) - 1u32,
            (BigUint::from(1u32) << 3072u32) + (BigUint::from(1u32) << 3071u32),
        ];
        let mut x = BigUint::from(0x1234_5678u32);
        for _ in 0..6 {
            x = (&x * &x + 12345u32) % &two_n;
            vals.push(x.clone());
        }
        let mut s = Scratch::new(&k.n);
        for a in &vals {
            let la = limbs(a);
            let q = mont_sqr(&mut s, &la);
            assert!(big(&q) < two_n);
            assert_eq!(big(&q) % &n, a * a * &rinv % &n);
            for b in &vals {
                let p = mont_mul(&mut s, &la, &limbs(b));
                assert!(big(&p) < two_n);
                assert_eq!(big(&p) % &n, a * b * &rinv % &n);
            }
            if a < &two_n {
                for d in [0u32, 1, 7, 15] {
                    let y = mul_pow2(&la, d, &k.c);
                    assert!(big(&y) < two_n);
                    assert_eq!(big(&y) % &n, (a << d) % &n);
                }
            }
        }
    }

    #[test]
    #[allow(clippy::assertions_on_constants)]
    fn which_path() {
        if cfg!(target_arch = "wasm32") {
            assert!(
                cfg!(target_feature = "simd128"),
                "wasm tests are meant to run the SIMD128 kernels"
            );
        }
    }
}
