//! Where the client's secrets come from: `a`, the device password, the device salt.

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
