//! The one error type of the SRP layer.

use alloc::string::String;
use core::fmt;

/// Why an SRP computation was refused.
///
/// Every value that comes from the network (`SALT`, `SRP_B`, `SECRET_BLOCK`) is checked where it
/// enters and reported here, never as a panic. [`Display`](fmt::Display) names the field that
/// failed but never prints a secret or the offending value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SrpError {
    /// `SRP_B` is zero modulo N (the server would learn nothing from our proof), or longer than N.
    InvalidServerB,
    /// Our own `A = g^a mod N` came out 0 or 1 (cannot happen for `g = 2` and `0 < a < 2^1024`;
    /// checked anyway).
    InvalidClientA,
    /// The scrambling parameter `u = H(padHex(A) | padHex(B))` is zero.
    InvalidU,
    /// A hex field from the server is empty or holds a character outside `0-9a-fA-F`.
    InvalidHex(&'static str),
    /// A base64 field from the server does not decode.
    InvalidBase64(&'static str),
    /// A caller-supplied secret `a` is empty, longer than 128 bytes, or zero.
    InvalidSecret,
    /// The random number generator failed, or returned bytes that were all equal.
    Random,
}

impl SrpError {
    /// What [`Display`](fmt::Display) shows, built without `core::fmt`.
    #[must_use]
    pub fn message(&self) -> String {
        match self {
            Self::InvalidServerB => "SRP_B from the server is zero modulo N or too long".into(),
            Self::InvalidClientA => "the client public value A is 0 or 1 modulo N".into(),
            Self::InvalidU => "the SRP scrambling parameter u is zero".into(),
            Self::InvalidHex(field) => [field, " is not a valid hex number"].concat(),
            Self::InvalidBase64(field) => [field, " is not valid base64"].concat(),
            Self::InvalidSecret => "the SRP secret a must be 1 to 128 bytes long and not 0".into(),
            Self::Random => "the random number generator failed or returned constant bytes".into(),
        }
    }
}

impl fmt::Display for SrpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl core::error::Error for SrpError {}
