//! The wasm-bindgen surface: the `CognitoClient` class, `SignedIn`, challenge objects, errors and the
//! TypeScript declarations (wasm32 only).
//!
//! This layer converts between JavaScript values and the core's types and nothing else; rules
//! live in [`crate::config`], [`crate::flow`] and [`crate::protocol`].

mod challenge;
mod client;
mod convert;
mod idle;
mod signed_in;
mod srp_helper;
mod types;

pub use challenge::{
    CustomChallenge, EmailOtpChallenge, MfaSetupChallenge, NewPasswordRequiredChallenge,
    OtherChallenge, SelectMfaTypeChallenge, SmsMfaChallenge, SoftwareTokenMfaChallenge, TotpSetup,
};
pub use client::CognitoClient;
pub use signed_in::SignedIn;
pub use srp_helper::SrpHelper;

/// The current time for `TIMESTAMP`, from the JavaScript clock.
fn now_unix_seconds() -> i64 {
    now_ms().div_euclid(1000)
}

/// The current time in milliseconds since the epoch, from the JavaScript clock.
fn now_ms() -> i64 {
    // Date.now() is a whole number of milliseconds well inside i64.
    js_sys::Date::now() as i64
}
