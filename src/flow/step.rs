//! What a sign-in step hands back to the user.

use super::challenge::Challenge;
use crate::protocol::AuthenticationResult;

/// The outcome of a sign-in step.
// One value per step of a sign-in, moved a handful of times: boxing the challenge buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum SignInStep {
    /// Signed in: Cognito's tokens.
    SignedIn(AuthenticationResult),
    /// Cognito asks for something only the user can give (MFA code, new password, …).
    Challenge(Challenge),
}
