//! What a sign-in step hands back to the user.

use std::collections::BTreeMap;

use crate::error::Error;
use crate::protocol::AuthenticationResult;

/// The outcome of a sign-in step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInStep {
    /// Signed in: Cognito's tokens.
    SignedIn(AuthenticationResult),
    /// Cognito asks for something only the user can give.
    Challenge(ChallengeStep),
}

/// A challenge the user must answer (MFA code, new password, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeStep {
    /// Cognito's `ChallengeName`.
    pub challenge_name: String,
    /// Cognito's `ChallengeParameters`, unchanged.
    pub challenge_parameters: BTreeMap<String, String>,
    /// The single-use `Session` the answer must carry.
    pub session: Option<String>,
    /// The internal username (`USER_ID_FOR_SRP`) the answer's `USERNAME` and `SECRET_HASH` use.
    pub username: String,
}

impl ChallengeStep {
    /// Answering challenges is not implemented yet: every answer fails with
    /// [`Error::NotImplemented`] naming the challenge.
    pub fn respond(&self) -> Result<SignInStep, Error> {
        Err(Error::NotImplemented(format!(
            "answering the {} challenge is not supported yet",
            self.challenge_name
        )))
    }
}
