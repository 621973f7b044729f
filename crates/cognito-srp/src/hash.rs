//! `H` = SHA-256 and HMAC-SHA-256, over byte strings given in pieces (`a | b | c`).
//!
//! SHA-256 (FIPS 180-4) is written out here, one compression loop over the 64 rounds with a
//! 16-word rolling message schedule: a login hashes a few kilobytes, so a compact loop costs
//! well under a percent of its time. HMAC (RFC 2104) is two hashes over the padded key. Neither
//! branches on or indexes by data; the tests check the FIPS and RFC 4231 vectors.

use zeroize::Zeroize;

/// Block size of SHA-256: HMAC keys are zero-padded (or first hashed) to this length.
const BLOCK_BYTES: usize = 64;

/// The round constants (FIPS 180-4 §4.2.2).
const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// The initial hash value (FIPS 180-4 §5.3.3).
const H0: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// A SHA-256 computation in progress (wiped when dropped: it holds HMAC key blocks).
struct Sha256 {
    state: [u32; 8],
    block: [u8; BLOCK_BYTES],
    /// Bytes hashed so far.
    len: u64,
}

impl Sha256 {
    fn new() -> Self {
        Self {
            state: H0,
            block: [0; BLOCK_BYTES],
            len: 0,
        }
    }

    #[inline(never)]
    fn update(&mut self, data: &[u8]) {
        for &byte in data {
            let at = (self.len % BLOCK_BYTES as u64) as usize;
            if let Some(slot) = self.block.get_mut(at) {
                *slot = byte;
            }
            self.len += 1;
            if at == BLOCK_BYTES - 1 {
                compress(&mut self.state, &self.block);
            }
        }
    }

    fn finalize(mut self) -> [u8; 32] {
        let bits = self.len.wrapping_mul(8);
        self.update(&[0x80]);
        while self.len % BLOCK_BYTES as u64 != 56 {
            self.update(&[0]);
        }
        self.update(&bits.to_be_bytes());
        let mut out = [0u8; 32];
        for (i, o) in out.iter_mut().enumerate() {
            // Big-endian words: byte i is bits 24 − 8·(i mod 4) of word i / 4.
            let word = self.state.get(i / 4).copied().unwrap_or(0);
            *o = (word >> (24 - 8 * (i % 4))) as u8;
        }
        out
    }
}

impl Drop for Sha256 {
    fn drop(&mut self) {
        self.state.zeroize();
        self.block.zeroize();
    }
}

/// One compression of a 64-byte block into the state; the message schedule rolls through 16
/// words (`w[i mod 16]`).
#[inline(never)]
fn compress(state: &mut [u32; 8], block: &[u8; BLOCK_BYTES]) {
    let mut w = [0u32; 16];
    for (i, byte) in block.iter().enumerate() {
        if let Some(word) = w.get_mut(i / 4) {
            *word = *word << 8 | u32::from(*byte);
        }
    }
    let at = |w: &[u32; 16], i: usize| w.get(i % 16).copied().unwrap_or(0);
    let mut v = *state;
    for (i, &k) in K.iter().enumerate() {
        if i >= 16 {
            let (w15, w2) = (at(&w, i + 1), at(&w, i + 14));
            let s0 = w15.rotate_right(7) ^ w15.rotate_right(18) ^ (w15 >> 3);
            let s1 = w2.rotate_right(17) ^ w2.rotate_right(19) ^ (w2 >> 10);
            let next = at(&w, i)
                .wrapping_add(s0)
                .wrapping_add(at(&w, i + 9))
                .wrapping_add(s1);
            if let Some(slot) = w.get_mut(i % 16) {
                *slot = next;
            }
        }
        let [a, b, c, d, e, f, g, h] = v;
        let t1 = h
            .wrapping_add(e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25))
            .wrapping_add((e & f) ^ (!e & g))
            .wrapping_add(k)
            .wrapping_add(at(&w, i));
        let t2 = (a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22))
            .wrapping_add((a & b) ^ (a & c) ^ (b & c));
        v = [t1.wrapping_add(t2), a, b, c, d.wrapping_add(t1), e, f, g];
    }
    for (s, x) in state.iter_mut().zip(v) {
        *s = s.wrapping_add(x);
    }
    w.zeroize();
    v.zeroize();
}

/// `H(first | parts[0] | parts[1] | …)`
fn sha256_after(first: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(first);
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize()
}

/// `H(parts[0] | parts[1] | …)`
#[must_use]
pub(crate) fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    sha256_after(&[], parts)
}

/// `HMAC_SHA256(key, parts[0] | parts[1] | …)` = `H((K ⊕ opad) | H((K ⊕ ipad) | parts))`, for
/// a key given in pieces too (`key[0] | key[1] | …`).
#[must_use]
pub(crate) fn hmac_sha256(key: &[&[u8]], parts: &[&[u8]]) -> [u8; 32] {
    // RFC 2104: a key longer than the block is replaced by its hash, a shorter one is padded
    // with zeros.
    let mut block = [0u8; BLOCK_BYTES];
    let mut digest = [0u8; 32];
    if key.iter().map(|piece| piece.len()).sum::<usize>() > BLOCK_BYTES {
        digest = sha256(key);
        block.iter_mut().zip(&digest).for_each(|(b, k)| *b = *k);
    } else {
        let mut slots = block.iter_mut();
        for piece in key {
            slots.by_ref().zip(*piece).for_each(|(b, k)| *b = *k);
        }
    }
    block.iter_mut().for_each(|b| *b ^= 0x36);
    let mut inner = sha256_after(&block, parts);
    block.iter_mut().for_each(|b| *b ^= 0x36 ^ 0x5c);
    let mac = sha256_after(&block, &[&inner]);
    block.zeroize();
    inner.zeroize();
    digest.zeroize();
    mac
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn sha256_matches_fips_180_examples_and_block_boundaries() {
        assert_eq!(
            sha256(&[]),
            hex_literal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        );
        assert_eq!(
            sha256(&[b"a", b"bc"]),
            hex_literal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        assert_eq!(
            sha256(&[b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"]),
            hex_literal("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        );
        // FIPS 180-2's third example: a million "a".
        let million = vec![b'a'; 1_000_000];
        assert_eq!(
            sha256(&[&million]),
            hex_literal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        );
    }

    #[test]
    fn sha256_matches_the_sha2_crate_on_every_length_and_split() {
        use sha2::Digest as _;
        let data: Vec<u8> = (0..300u32).map(|i| (i * 167 + 13) as u8).collect();
        for len in 0..data.len() {
            let msg = &data[..len];
            let want: [u8; 32] = sha2::Sha256::digest(msg).into();
            assert_eq!(sha256(&[msg]), want, "length {len}");
            let (x, y) = msg.split_at(len / 3);
            assert_eq!(sha256(&[x, &[], y]), want, "length {len}, split");
        }
    }

    #[test]
    fn hmac_matches_rfc_4231_test_case_2() {
        let mac = hmac_sha256(&[b"Jefe"], &[b"what do ya want ", b"for nothing?"]);
        assert_eq!(
            mac,
            hex_literal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        );
    }

    #[test]
    fn hmac_key_longer_than_a_block_is_hashed_first() {
        // RFC 4231 test case 6: 131-byte key of 0xaa.
        let key = [0xaa_u8; 131];
        let mac = hmac_sha256(
            &[&key],
            &[b"Test Using Larger Than Block-Size Key - Hash Key First"],
        );
        assert_eq!(
            mac,
            hex_literal("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        );
    }

    fn hex_literal(hex: &str) -> [u8; 32] {
        let bytes = crate::hex::decode(hex, "test").unwrap_or_default();
        bytes.try_into().unwrap_or([0; 32])
    }
}
