//! The pure core of cognito-auth-wasm: Cognito's wire format ([`protocol`]), the sign-in state
//! machine ([`flow`]), the client as exchanges without I/O ([`client`]), its configuration and
//! errors. No I/O and no JavaScript: everything here tests natively. The SRP maths is the
//! `cognito-srp` crate, re-exported as [`srp`].

#![cfg_attr(not(test), no_std)]
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

extern crate alloc;

pub use cognito_srp as srp;

pub mod bounds;
pub mod client;
pub mod config;
pub mod error;
pub mod flow;
pub mod protocol;
pub mod session;
pub mod value;
