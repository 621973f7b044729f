//! SRP sign-in: `InitiateAuth(USER_SRP_AUTH)`, then the `PASSWORD_VERIFIER` answer.

use std::collections::BTreeMap;

use zeroize::Zeroizing;

use super::step::{ChallengeStep, SignInStep};
use crate::config::Config;
use crate::error::Error;
use crate::protocol::names::{
    PASSWORD_CLAIM_SECRET_BLOCK, PASSWORD_CLAIM_SIGNATURE, PASSWORD_VERIFIER, SALT, SECRET_BLOCK,
    SECRET_HASH, SRP_A, SRP_B, TIMESTAMP, USERNAME, USER_ID_FOR_SRP, USER_SRP_AUTH,
};
use crate::protocol::{AuthOutput, InitiateAuthRequest, RespondToAuthChallengeRequest};
use crate::srp::{format_timestamp, secret_hash, ClaimInput, SrpClient};

/// The entry point of an SRP sign-in.
pub struct SrpSignIn;

impl SrpSignIn {
    /// Builds `InitiateAuth` with `AuthFlow = USER_SRP_AUTH`: `USERNAME` as typed, `SRP_A` from
    /// `srp`, and `SECRET_HASH` over the typed username when the app client has a secret.
    ///
    /// The password is kept (zeroized on drop) until the `PASSWORD_VERIFIER` claim is computed.
    pub fn start(
        config: &Config,
        srp: SrpClient,
        username: &str,
        password: Zeroizing<String>,
    ) -> Result<(AwaitingPasswordVerifier, InitiateAuthRequest), Error> {
        if username.is_empty() {
            return Err(Error::InvalidParameter(
                "username must be a non-empty string".into(),
            ));
        }
        if password.is_empty() {
            return Err(Error::InvalidParameter(
                "password must be a non-empty string".into(),
            ));
        }
        let mut auth_parameters = BTreeMap::from([
            (USERNAME.to_owned(), username.to_owned()),
            (SRP_A.to_owned(), srp.public_a_hex()),
        ]);
        if let Some(secret) = config.client_secret() {
            auth_parameters.insert(
                SECRET_HASH.to_owned(),
                secret_hash(secret, username, config.client_id()),
            );
        }
        let request = InitiateAuthRequest {
            auth_flow: USER_SRP_AUTH.to_owned(),
            client_id: config.client_id().to_owned(),
            auth_parameters,
            client_metadata: None,
        };
        let state = AwaitingPasswordVerifier {
            config: config.clone(),
            srp,
            username: username.to_owned(),
            password,
        };
        Ok((state, request))
    }
}

/// `InitiateAuth` was sent; Cognito should answer with `PASSWORD_VERIFIER`.
pub struct AwaitingPasswordVerifier {
    config: Config,
    srp: SrpClient,
    /// What the user typed (a username or an alias such as an email address).
    username: String,
    password: Zeroizing<String>,
}

/// What follows Cognito's answer to `InitiateAuth`.
pub enum AfterInitiateAuth {
    /// Send `request` (the `PASSWORD_VERIFIER` answer) and give Cognito's answer to `state`.
    Respond {
        request: RespondToAuthChallengeRequest,
        state: AwaitingSignInResult,
    },
    /// Cognito answered with tokens or a challenge for the user right away.
    Done(SignInStep),
}

impl AwaitingPasswordVerifier {
    /// Reads Cognito's answer to `InitiateAuth`. On `PASSWORD_VERIFIER`, computes the password
    /// claim for `TIMESTAMP` = `now_unix_seconds` and drops the password.
    pub fn receive(
        self,
        output: AuthOutput,
        now_unix_seconds: i64,
    ) -> Result<AfterInitiateAuth, Error> {
        match classify(output)? {
            Answer::Tokens(step) => Ok(AfterInitiateAuth::Done(step)),
            Answer::Challenge {
                name,
                parameters,
                session,
            } if name == PASSWORD_VERIFIER => {
                let (request, state) =
                    self.answer_password_verifier(parameters, session, now_unix_seconds)?;
                Ok(AfterInitiateAuth::Respond { request, state })
            }
            Answer::Challenge {
                name,
                parameters,
                session,
            } => {
                // A challenge before PASSWORD_VERIFIER names the user itself, if at all.
                let username = parameters
                    .get(USER_ID_FOR_SRP)
                    .or_else(|| parameters.get(USERNAME))
                    .cloned()
                    .unwrap_or(self.username);
                Ok(AfterInitiateAuth::Done(SignInStep::Challenge(
                    ChallengeStep {
                        challenge_name: name,
                        challenge_parameters: parameters,
                        session,
                        username,
                    },
                )))
            }
        }
    }

    /// Answers `PASSWORD_VERIFIER` with `USERNAME = USER_ID_FOR_SRP`, the unchanged
    /// `PASSWORD_CLAIM_SECRET_BLOCK`, `TIMESTAMP`, `PASSWORD_CLAIM_SIGNATURE` and, for an app
    /// client with a secret, `SECRET_HASH` over `USER_ID_FOR_SRP` (the internal username, which
    /// differs from the alias the user typed).
    fn answer_password_verifier(
        self,
        parameters: BTreeMap<String, String>,
        session: Option<String>,
        now_unix_seconds: i64,
    ) -> Result<(RespondToAuthChallengeRequest, AwaitingSignInResult), Error> {
        let timestamp = format_timestamp(now_unix_seconds);
        let mut challenge_responses = password_verifier_responses(
            &self.srp,
            self.config.pool_name(),
            &parameters,
            &self.password,
            timestamp,
        )?;
        drop(self.password);
        let user_id = challenge_responses
            .get(USERNAME)
            .cloned()
            .unwrap_or_default();
        if let Some(secret) = self.config.client_secret() {
            challenge_responses.insert(
                SECRET_HASH.to_owned(),
                secret_hash(secret, &user_id, self.config.client_id()),
            );
        }
        let request = RespondToAuthChallengeRequest {
            challenge_name: PASSWORD_VERIFIER.to_owned(),
            client_id: self.config.client_id().to_owned(),
            challenge_responses,
            session,
            client_metadata: None,
        };
        let state = AwaitingSignInResult { username: user_id };
        Ok((request, state))
    }
}

/// The `ChallengeResponses` answering `PASSWORD_VERIFIER`, without `SECRET_HASH`:
/// `USERNAME = USER_ID_FOR_SRP`, the unchanged `PASSWORD_CLAIM_SECRET_BLOCK`, `TIMESTAMP` and
/// `PASSWORD_CLAIM_SIGNATURE` over `poolName | USER_ID_FOR_SRP | SECRET_BLOCK | TIMESTAMP`.
///
/// `parameters` are the challenge's `ChallengeParameters`; a missing or empty `SALT`, `SRP_B`,
/// `SECRET_BLOCK` or `USER_ID_FOR_SRP` is a [`Error::Protocol`].
pub fn password_verifier_responses(
    srp: &SrpClient,
    pool_name: &str,
    parameters: &BTreeMap<String, String>,
    password: &str,
    timestamp: String,
) -> Result<BTreeMap<String, String>, Error> {
    let required = |key: &str| {
        parameters
            .get(key)
            .filter(|value| !value.is_empty())
            .ok_or_else(|| Error::protocol(format!("{PASSWORD_VERIFIER} without {key}")))
    };
    let salt_hex = required(SALT)?;
    let srp_b_hex = required(SRP_B)?;
    let secret_block_b64 = required(SECRET_BLOCK)?;
    let user_id = required(USER_ID_FOR_SRP)?;
    let claim = srp.password_claim(&ClaimInput {
        realm: pool_name,
        user_id,
        password,
        salt_hex,
        srp_b_hex,
        secret_block_b64,
        timestamp: &timestamp,
    })?;
    Ok(BTreeMap::from([
        (USERNAME.to_owned(), user_id.clone()),
        (
            PASSWORD_CLAIM_SECRET_BLOCK.to_owned(),
            secret_block_b64.clone(),
        ),
        (TIMESTAMP.to_owned(), timestamp),
        (PASSWORD_CLAIM_SIGNATURE.to_owned(), claim.signature_b64),
    ]))
}

/// The `PASSWORD_VERIFIER` answer was sent; Cognito answers with tokens or a further challenge.
#[derive(Debug)]
pub struct AwaitingSignInResult {
    /// `USER_ID_FOR_SRP`: the username every later answer must carry.
    username: String,
}

impl AwaitingSignInResult {
    /// Reads Cognito's answer to the `PASSWORD_VERIFIER` response.
    pub fn receive(self, output: AuthOutput) -> Result<SignInStep, Error> {
        match classify(output)? {
            Answer::Tokens(step) => Ok(step),
            Answer::Challenge { name, .. } if name == PASSWORD_VERIFIER => Err(Error::protocol(
                "Cognito asked for PASSWORD_VERIFIER again after it was answered",
            )),
            Answer::Challenge {
                name,
                parameters,
                session,
            } => Ok(SignInStep::Challenge(ChallengeStep {
                challenge_name: name,
                challenge_parameters: parameters,
                session,
                username: self.username,
            })),
        }
    }
}

/// A valid auth output: tokens, or a challenge.
enum Answer {
    Tokens(SignInStep),
    Challenge {
        name: String,
        parameters: BTreeMap<String, String>,
        session: Option<String>,
    },
}

/// Cognito answers with either a challenge or a result, never both and never neither.
fn classify(output: AuthOutput) -> Result<Answer, Error> {
    let challenge_name = output.challenge_name.filter(|name| !name.is_empty());
    match (challenge_name, output.authentication_result) {
        (None, Some(result)) => Ok(Answer::Tokens(SignInStep::SignedIn(result))),
        (Some(name), None) => Ok(Answer::Challenge {
            name,
            parameters: output.challenge_parameters,
            session: output.session,
        }),
        (Some(_), Some(_)) => Err(Error::protocol(
            "Cognito answered with both a challenge and tokens",
        )),
        (None, None) => Err(Error::protocol(
            "Cognito answered with neither a challenge nor tokens",
        )),
    }
}
