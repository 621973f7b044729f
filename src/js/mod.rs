//! The wasm-bindgen surface: the `CognitoClient` class, challenge objects, errors and the
//! TypeScript declarations (wasm32 only).
//!
//! This layer converts between JavaScript values and the core's types and nothing else; rules
//! live in [`crate::config`], [`crate::flow`] and [`crate::protocol`].

mod challenge;
mod client;
mod convert;
mod types;

pub use challenge::ChallengeStep;
pub use client::CognitoClient;
