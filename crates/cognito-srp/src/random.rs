//! Where the client's secrets come from: `a`, the device password, the device salt.

use zeroize::Zeroize;

use super::SrpError;

/// A source of cryptographically secure random bytes.
///
/// [`OsRandom`] is the one to use; tests plug in a replay of fixed bytes to reproduce the
/// official client's output.
pub trait RandomSource {
    /// Fills `buf` entirely with random bytes.
    ///
    /// # Errors
    /// [`SrpError::Random`] when no randomness is available.
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), SrpError>;
}

/// The operating system's generator (`getrandom`; `crypto.getRandomValues` in a browser).
#[derive(Debug, Clone, Copy, Default)]
pub struct OsRandom;

impl RandomSource for OsRandom {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), SrpError> {
        getrandom::fill(buf).map_err(|_| SrpError::Random)
    }
}

/// Fills `buf` from `rng` and refuses an output whose bytes are all equal (all zeros among
/// them): for the 16 bytes or more drawn here that has a chance of at most 2^-120 from a working
/// generator, so it means a broken one (an unfilled or stubbed buffer), and nothing is computed
/// from it. The refused bytes are wiped.
///
/// # Errors
/// [`SrpError::Random`] when `rng` fails or its output is constant.
pub(crate) fn fill_checked(rng: &mut dyn RandomSource, buf: &mut [u8]) -> Result<(), SrpError> {
    if let Err(error) = rng.fill(buf) {
        buf.zeroize();
        return Err(error);
    }
    let first = buf.first().copied().unwrap_or(0);
    // Every byte is read, whatever the others are: no early exit on secret bytes.
    let differs = buf.iter().fold(0u8, |acc, &byte| acc | (byte ^ first));
    if differs == 0 {
        buf.zeroize();
        return Err(SrpError::Random);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fills every buffer with one byte value.
    struct Constant(u8);

    impl RandomSource for Constant {
        fn fill(&mut self, buf: &mut [u8]) -> Result<(), SrpError> {
            buf.fill(self.0);
            Ok(())
        }
    }

    #[test]
    fn constant_output_is_refused_and_wiped() {
        for value in [0x00, 0x07, 0xff] {
            let mut buf = [0x55u8; 16];
            assert_eq!(
                fill_checked(&mut Constant(value), &mut buf),
                Err(SrpError::Random)
            );
            assert_eq!(buf, [0; 16]);
        }
    }

    #[test]
    fn output_with_one_differing_byte_is_kept() {
        struct LastDiffers;
        impl RandomSource for LastDiffers {
            fn fill(&mut self, buf: &mut [u8]) -> Result<(), SrpError> {
                buf.fill(0);
                if let Some(last) = buf.last_mut() {
                    *last = 1;
                }
                Ok(())
            }
        }
        let mut buf = [0u8; 16];
        assert_eq!(fill_checked(&mut LastDiffers, &mut buf), Ok(()));
        assert_eq!(buf[15], 1);
    }

    #[test]
    fn os_random_fills_a_non_constant_buffer() {
        let mut buf = [0u8; 128];
        assert_eq!(fill_checked(&mut OsRandom, &mut buf), Ok(()));
    }
}
