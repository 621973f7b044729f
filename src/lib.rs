//! Amazon Cognito user-pool sign-in for web apps, compiled to WebAssembly.
//!
//! A pure core that tests natively ([`srp`], [`protocol`], [`flow`], [`config`], [`error`]) and a
//! thin shell that does I/O and speaks to JavaScript (`transport`, `js`, wasm32 only).
//! docs/ARCHITECTURE.md is the map.

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

pub mod client;
pub mod config;
pub mod error;
pub mod flow;
pub mod protocol;
pub mod srp;

// The package's ABI (`--features package`, scripts/dev.sh build): left out of the wasm32 test
// builds, whose runner cannot supply its `env` import.
#[cfg(all(target_arch = "wasm32", feature = "package"))]
pub mod js;
