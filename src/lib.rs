//! Amazon Cognito user-pool sign-in for web apps, compiled to WebAssembly.
//!
//! A pure core that tests natively ([`srp`], [`protocol`], [`flow`], [`config`], [`error`]) and a
//! thin shell that does I/O and speaks to JavaScript (`transport`, `js`, wasm32 only).
//! docs/ARCHITECTURE.md is the map.

pub mod config;
pub mod error;
pub mod flow;
pub mod protocol;
pub mod srp;

#[cfg(target_arch = "wasm32")]
mod js;
#[cfg(target_arch = "wasm32")]
mod transport;

#[cfg(target_arch = "wasm32")]
pub use js::{
    CognitoClient, CustomChallenge, EmailOtpChallenge, MfaSetupChallenge,
    NewPasswordRequiredChallenge, OtherChallenge, SelectMfaTypeChallenge, SignedIn,
    SmsMfaChallenge, SoftwareTokenMfaChallenge, SrpHelper, TotpSetup,
};
