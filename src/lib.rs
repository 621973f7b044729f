//! cognito-auth-wasm's surface to JavaScript: the `#[wasm_bindgen]` classes of the npm package
//! over the pure core.
//!
//! The rules live in the workspace's crates — `crates/cognito-srp` (the SRP maths) and
//! `crates/cognito-core` (Cognito's wire format, the sign-in state machine, the client as
//! exchanges without I/O), re-exported here — and test natively. This crate converts values
//! between JavaScript and the core (serde-wasm-bindgen), sends the core's requests with `fetch`
//! (gloo-net, or the caller's own `fetch`), keeps their timeouts, and turns the core's errors into
//! JavaScript `Error`s. docs/ARCHITECTURE.md is the map.
//!
//! Every operation runs through one driver ([`driver::drive`]): the core's exchange hands out a
//! request, the transport POSTs it, the answer goes back to the exchange, until a result (tokens,
//! a challenge, devices) that becomes a JavaScript object.

// Data from JavaScript and from the network reaches every layer: nothing outside tests may
// unwrap, expect or index its way into a panic (a panic in wasm kills the module for the page).
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub use cognito_core::{client, config, error, flow, protocol, srp};

#[cfg(target_arch = "wasm32")]
mod challenge;
#[cfg(target_arch = "wasm32")]
mod cognito_client;
#[cfg(target_arch = "wasm32")]
mod convert;
#[cfg(target_arch = "wasm32")]
mod driver;
#[cfg(target_arch = "wasm32")]
mod js_error;
#[cfg(target_arch = "wasm32")]
mod restart;
#[cfg(target_arch = "wasm32")]
mod session;
#[cfg(target_arch = "wasm32")]
mod signed_in;
#[cfg(target_arch = "wasm32")]
mod srp_helper;
#[cfg(target_arch = "wasm32")]
mod transport;
#[cfg(any(target_arch = "wasm32", test))]
mod wiping_alloc;

// The classes, reachable from Rust too: the wasm-bindgen-test suites (tests/wasm_surface.rs)
// call them as a Rust caller would and await their promises.
#[cfg(target_arch = "wasm32")]
pub use challenge::{
    CustomChallenge, EmailOtpChallenge, MfaSetupChallenge, NewPasswordRequiredChallenge,
    OtherChallenge, SelectMfaTypeChallenge, SmsMfaChallenge, SoftwareTokenMfaChallenge, TotpSetup,
};
#[cfg(target_arch = "wasm32")]
pub use cognito_client::CognitoClient;
#[cfg(target_arch = "wasm32")]
pub use signed_in::SignedIn;
#[cfg(target_arch = "wasm32")]
pub use srp_helper::SrpHelper;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: wiping_alloc::WipingAlloc = wiping_alloc::WipingAlloc;
