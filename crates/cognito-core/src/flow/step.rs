//! What a sign-in step hands back to the user.

use alloc::boxed::Box;

use super::challenge::Challenge;
use crate::protocol::AuthenticationResult;

/// The outcome of a sign-in step.
#[derive(Debug)]
pub enum SignInStep {
    /// Signed in: Cognito's tokens.
    SignedIn(AuthenticationResult),
    /// Cognito asks for something only the user can give (MFA code, new password, …).
    ///
    /// Boxed: a challenge is moved from step to slot to awaiting answer and back, and a pointer
    /// moves in far less code than the whole challenge (its context included) does.
    Challenge(Box<Challenge>),
}
