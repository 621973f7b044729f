//! Cognito's SRP-6a sign-in, in pure Rust (no I/O, no JavaScript).
//!
//! A walkthrough of one `USER_SRP_AUTH` login, from the client's side. Every step is a
//! runnable example; the values are checked against the official client
//! (`amazon-cognito-identity-js`), as are the thousand vectors of `tests/vectors/`.
//!
//! **1. Make a secret and send `SRP_A`.** The client draws 128 random bytes `a` and sends
//! `A = g^a mod N` in `InitiateAuth` (`AuthFlow = USER_SRP_AUTH`, `AuthParameters.SRP_A`).
//! Here `a` is fixed to reproduce a known answer; a real login uses
//! [`SrpClient::new`]`(&mut `[`OsRandom`]`)`.
//!
//! ```
//! use cognito_srp::{OsRandom, SrpClient};
//!
//! let client = SrpClient::from_secret(&[0x07; 128])?;
//! let srp_a = client.public_a_hex(); // lower-case hex, no leading zeros
//! assert!(srp_a.starts_with("c3fdcbdae95a1d7b") && srp_a.ends_with("4dd9f9aa3d6ea751"));
//!
//! let fresh = SrpClient::new(&mut OsRandom)?;
//! assert_ne!(fresh.public_a_hex(), srp_a);
//! # Ok::<(), cognito_srp::SrpError>(())
//! ```
//!
//! **2. Prove the password.** Cognito answers `PASSWORD_VERIFIER` with `SALT`, `SRP_B`,
//! `SECRET_BLOCK` and `USER_ID_FOR_SRP`. The client computes
//!
//! - `u = H(padHex(A) | padHex(B))`, aborting if `B mod N == 0` or `u == 0`;
//! - `x = H(padHex(salt) | H(poolName | USER_ID_FOR_SRP | ":" | password))`;
//! - `S = (B − k·g^x)^(a + u·x) mod N`, with `k = H(padHex(N) | padHex(g))`;
//! - `key = HKDF(salt = padHex(u), ikm = padHex(S), info = "Caldera Derived Key")[0..16]`;
//!
//! and signs `poolName | USER_ID_FOR_SRP | SECRET_BLOCK | TIMESTAMP` with the key
//! ([`pad_hex`] explains padHex). `poolName` is the user-pool id after `_`.
//!
//! ```
//! use cognito_srp::{format_timestamp, ClaimInput, SrpClient};
//!
//! let client = SrpClient::from_secret(&[0x07; 128])?;
//! let timestamp = format_timestamp(1_793_689_509);
//! assert_eq!(timestamp, "Tue Nov 3 07:05:09 UTC 2026"); // day not zero-padded
//!
//! let srp_b = format!("1{}", "0".repeat(75)); // B = 2^300, as the server could send it
//! let claim = client.password_claim(&ClaimInput {
//!     realm: "AbCdEfGhI",     // from the pool id "us-east-1_AbCdEfGhI"
//!     user_id: "alice",       // USER_ID_FOR_SRP
//!     password: "correct horse battery staple",
//!     salt_hex: "c0ffee0123456789abcdef0011223344",
//!     srp_b_hex: &srp_b,
//!     secret_block_b64: "c2VjcmV0IGJsb2Nr",
//!     timestamp: &timestamp,
//! })?;
//! // What amazon-cognito-identity-js computes for the same inputs:
//! assert_eq!(claim.signature_b64, "xsiQMeqb5XTl4t5furpS+I7MCVfSpyzav5dgarpbKe4=");
//! # Ok::<(), cognito_srp::SrpError>(())
//! ```
//!
//! The client answers `RespondToAuthChallenge` with `USERNAME = USER_ID_FOR_SRP`,
//! `PASSWORD_CLAIM_SECRET_BLOCK` (unchanged), `TIMESTAMP` and `PASSWORD_CLAIM_SIGNATURE`.
//!
//! **3. Hostile answers are errors, not panics.**
//!
//! ```
//! use cognito_srp::{ClaimInput, SrpClient, SrpError};
//!
//! let client = SrpClient::from_secret(&[0x07; 128])?;
//! let mut input = ClaimInput {
//!     realm: "AbCdEfGhI", user_id: "alice", password: "pw", salt_hex: "00",
//!     srp_b_hex: "0", secret_block_b64: "", timestamp: "Thu Jan 1 00:00:00 UTC 1970",
//! };
//! assert_eq!(client.password_claim(&input), Err(SrpError::InvalidServerB));
//! input.srp_b_hex = "not hex";
//! assert_eq!(client.password_claim(&input), Err(SrpError::InvalidHex("SRP_B")));
//! # Ok::<(), SrpError>(())
//! ```
//!
//! **4. Remember the device.** When a login returns `NewDeviceMetadata`, make a device
//! password and verifier for `ConfirmDevice`. Later, `DEVICE_PASSWORD_VERIFIER` is answered
//! by [`SrpClient::password_claim`] with `realm = DeviceGroupKey`, `user_id = DeviceKey` and
//! the device password.
//!
//! ```
//! use cognito_srp::{device_verifier, OsRandom};
//!
//! let config = device_verifier("-abcDEF123", "us-east-1_0f1e2d3c", &mut OsRandom)?;
//! assert_eq!(config.device_password.len(), 56); // base64 of 40 bytes
//! # Ok::<(), cognito_srp::SrpError>(())
//! ```
//!
//! **5. App clients with a secret** add `SECRET_HASH` to every call: [`secret_hash`].
//!
//! Secrets (`a`, `x`, the exponent `a + u·x`, `S`, the key, the device password) are zeroized
//! after use, and so are the SHA-256 and HMAC states that held password bytes or a key;
//! exponentiation with them is constant-time ([`arith`] is the only place that knows the
//! big-number library). Random bytes whose values are all equal (all zeros among them) are
//! refused as [`SrpError::Random`], and so are a secret `a = 0` and `A mod N ∈ {0, 1}`.
//!
//! **What is a library and what is written here.** SHA-256 (`sha2`), HMAC (`hmac`), HKDF
//! (`hkdf`), base64 (`base64ct`) and randomness (`getrandom`) are RustCrypto's and
//! rust-random's crates. Written here are only the forms that are Cognito's own, which no crate
//! produces: padHex ([`pad_hex`], Java's `BigInteger.toByteArray()` as hex), the hex of `SRP_A`
//! without leading zeros and the lenient reading of `SALT` / `SRP_B` (odd length, any case), and
//! `TIMESTAMP` ([`format_timestamp`]: an English date with the day not zero-padded, from plain
//! calendar arithmetic with no clock or time-zone crate); plus the protocol's checks. The
//! constant-time Montgomery kernel for the fixed 3072-bit N is a crate of its own,
//! [`montgomery`] (`crates/srp-montgomery`).

#![cfg_attr(not(test), no_std)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

extern crate alloc;

pub mod arith;
pub mod base64;
mod claim;
mod client;
mod device;
mod error;
pub mod group;
mod hash;
pub(crate) mod hex;
mod key;
/// The constant-time Montgomery kernel, a crate of its own (`crates/srp-montgomery`) so that it
/// builds at its own opt-level ("s", the rest of the package "z").
pub use srp_montgomery as montgomery;
mod pad;
mod random;
mod secret_hash;
mod timestamp;

pub use claim::{compute_signature, ClaimInput, PasswordClaim};
pub use client::{compute_u, compute_x, validate_u, ClaimParts, SrpClient, SECRET_BYTES};
pub use device::{device_verifier, DeviceVerifierConfig};
pub use error::SrpError;
pub use key::{derive_key, KEY_BYTES};
pub use pad::pad_hex;
pub use random::{OsRandom, RandomSource};
pub use secret_hash::secret_hash;
pub use timestamp::format_timestamp;
