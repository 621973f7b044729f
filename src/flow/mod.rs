//! The sign-in state machine (pure: it builds requests and reads answers, never sends anything).
//!
//! Each state is a value consumed by the transition that reads Cognito's answer, so a state cannot
//! be answered twice. The caller (the wasm shell) moves requests over the network:
//!
//! ```text
//! SrpSignIn::start ──InitiateAuth(USER_SRP_AUTH)──▶ AwaitingPasswordVerifier
//!     .receive(answer, now) ─┬─ PASSWORD_VERIFIER ─RespondToAuthChallenge─▶ AwaitingSignInResult
//!                            │                          .receive(answer) ─▶ SignInStep
//!                            └─ tokens / another challenge ────────────────▶ SignInStep
//! ```
//!
//! [`SignInStep`] is what the user sees: tokens, or a challenge only the user can answer (MFA
//! code, new password, …). The current time is an input, so tests are deterministic.
//!
//! [`raw`] completes inputs of the raw layer (`initiateAuth` / `respondToAuthChallenge`).

pub mod raw;
mod srp_sign_in;
mod step;

pub use srp_sign_in::{
    password_verifier_responses, AfterInitiateAuth, AwaitingPasswordVerifier, AwaitingSignInResult,
    SrpSignIn,
};
pub use step::{ChallengeStep, SignInStep};

#[cfg(test)]
mod tests;
