//! The sign-in state machine (pure: it builds requests and reads answers, never sends anything).
//!
//! Each state is a value consumed by the transition that reads Cognito's answer, so a state cannot
//! be answered twice. The caller ([`crate::client`]) hands the requests to the network:
//!
//! ```text
//! SignIn::start ──InitiateAuth(flow)──▶ SignInState
//!     .receive(answer, now) ─┬─ PASSWORD_VERIFIER (SRP flows) ─RespondToAuthChallenge─▶
//!                            │     SignInState .receive(answer, now) ─┬─▶ SignInStep
//!                            │       DEVICE_SRP_AUTH (a known device, see [`device`]) ─┘
//!                            └─ tokens / a challenge for the user ────▶ SignInStep
//! SignInStep::Challenge ─▶ ChallengeSlot .respond(answer) ─RespondToAuthChallenge─▶
//!     AwaitingChallengeResult ─▶ ChallengeSlot .receive(reply, now) ─▶ SignInStep
//!                                  or DEVICE_SRP_AUTH (the device not proven yet, after MFA) ─▶
//! ```
//!
//! [`SignInStep`] is what the user sees: tokens, or a [`Challenge`] only the user can answer (MFA
//! code, new password, …), its parameters parsed ([`ChallengeKind`]). A challenge is answered
//! once: its [`ChallengeSlot`] is empty after the answer, except after `CodeMismatchException`
//! (the same session may try another code). `mfa_setup` adds TOTP setup to `MFA_SETUP`'s slot.
//! The current time is an input, so tests are
//! deterministic.
//!
//! [`raw`] completes inputs of the raw layer (`initiateAuth` / `respondToAuthChallenge`).

mod challenge;
pub mod device;
mod mfa_setup;
pub mod raw;
mod sign_in;
mod step;

pub use challenge::{
    AwaitingChallengeResult, Challenge, ChallengeAnswer, ChallengeInfo, ChallengeKind,
    ChallengeSlot, CodeDelivery, SESSION_LIFETIME_MS,
};
pub use device::{DeviceSrpAuth, DeviceStore, RememberedDevice};
pub use mfa_setup::{AwaitingTotpVerified, TotpSecret};
pub use sign_in::{
    password_verifier_responses, SignIn, SignInFlow, SignInInput, SignInNext, SignInState,
};
pub use step::SignInStep;

#[cfg(test)]
mod tests;
