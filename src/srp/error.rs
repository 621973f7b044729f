//! The one error type of the SRP layer.

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
    /// Our own `A = g^a mod N` came out zero modulo N (cannot happen for `g = 2`; checked anyway).
    InvalidClientA,
    /// The scrambling parameter `u = H(padHex(A) | padHex(B))` is zero.
    InvalidU,
    /// A hex field from the server is empty or holds a character outside `0-9a-fA-F`.
    InvalidHex(&'static str),
    /// A base64 field from the server does not decode.
    InvalidBase64(&'static str),
    /// A caller-supplied secret `a` is empty or longer than 128 bytes.
    InvalidSecret,
    /// The operating system's random number generator failed.
    Random,
}

impl fmt::Display for SrpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidServerB => {
                f.write_str("SRP_B from the server is zero modulo N or too long")
            }
            Self::InvalidClientA => f.write_str("the client public value A is zero modulo N"),
            Self::InvalidU => f.write_str("the SRP scrambling parameter u is zero"),
            Self::InvalidHex(field) => write!(f, "{field} is not a valid hex number"),
            Self::InvalidBase64(field) => write!(f, "{field} is not valid base64"),
            Self::InvalidSecret => f.write_str("the SRP secret a must be 1 to 128 bytes long"),
            Self::Random => f.write_str("the system random number generator failed"),
        }
    }
}

impl std::error::Error for SrpError {}
