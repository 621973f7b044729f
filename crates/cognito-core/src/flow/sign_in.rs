//! Starting a sign-in: `InitiateAuth` for the chosen flow, then, in the SRP flows, the
//! `PASSWORD_VERIFIER` answer the client computes by itself.

use alloc::borrow::ToOwned;
use alloc::string::String;

use crate::protocol::Params;

use zeroize::Zeroizing;

use super::challenge::next_step;
use super::device::{answer_device_password_verifier, DeviceSrpAuth, RememberedDevice};
use super::step::SignInStep;
use crate::config::Config;
use crate::error::Error;
use crate::protocol::names::{
    CHALLENGE_NAME, CUSTOM_AUTH, DEVICE_KEY, DEVICE_PASSWORD_VERIFIER, DEVICE_SRP_AUTH, PASSWORD,
    PASSWORD_CLAIM_SECRET_BLOCK, PASSWORD_CLAIM_SIGNATURE, PASSWORD_VERIFIER, SALT, SECRET_BLOCK,
    SECRET_HASH, SRP_A, SRP_B, TIMESTAMP, USERNAME, USER_ID_FOR_SRP, USER_PASSWORD_AUTH,
    USER_SRP_AUTH,
};
use crate::protocol::{AuthOutput, InitiateAuthRequest, RespondToAuthChallengeRequest};
use crate::srp::{format_timestamp, secret_hash, ClaimInput, SrpClient};

/// The sign-in flows of `signIn({ flow })`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignInFlow {
    /// `USER_SRP_AUTH`: the password never leaves the client.
    #[default]
    UserSrp,
    /// `USER_PASSWORD_AUTH`: the password is sent to Cognito (over TLS).
    UserPassword,
    /// `CUSTOM_AUTH` with `CHALLENGE_NAME=SRP_A`: SRP first, then the pool's custom challenges.
    CustomWithSrp,
    /// `CUSTOM_AUTH` with `USERNAME` only: the pool's custom challenges decide.
    CustomWithoutSrp,
}

impl SignInFlow {
    /// The flow named `name` (`USER_SRP_AUTH`, `USER_PASSWORD_AUTH`, `CUSTOM_WITH_SRP`,
    /// `CUSTOM_WITHOUT_SRP`); any other name is an [`Error::InvalidParameter`] (that does not
    /// repeat it).
    pub fn from_name(name: &str) -> Result<Self, Error> {
        match name {
            "USER_SRP_AUTH" => Ok(SignInFlow::UserSrp),
            "USER_PASSWORD_AUTH" => Ok(SignInFlow::UserPassword),
            "CUSTOM_WITH_SRP" => Ok(SignInFlow::CustomWithSrp),
            "CUSTOM_WITHOUT_SRP" => Ok(SignInFlow::CustomWithoutSrp),
            _ => Err(Error::InvalidParameter(
                "flow, when given, must be one of USER_SRP_AUTH, USER_PASSWORD_AUTH, \
                 CUSTOM_WITH_SRP, CUSTOM_WITHOUT_SRP"
                    .into(),
            )),
        }
    }

    /// Whether the flow starts with SRP (`SRP_A`, then `PASSWORD_VERIFIER`).
    #[must_use]
    pub fn uses_srp(self) -> bool {
        matches!(self, SignInFlow::UserSrp | SignInFlow::CustomWithSrp)
    }

    /// Whether the flow needs the user's password.
    #[must_use]
    pub fn needs_password(self) -> bool {
        self != SignInFlow::CustomWithoutSrp
    }

    /// The `AuthFlow` of its `InitiateAuth`.
    fn auth_flow(self) -> &'static str {
        match self {
            SignInFlow::UserSrp => USER_SRP_AUTH,
            SignInFlow::UserPassword => USER_PASSWORD_AUTH,
            SignInFlow::CustomWithSrp | SignInFlow::CustomWithoutSrp => CUSTOM_AUTH,
        }
    }
}

/// What the caller of `signIn` gives.
#[derive(Debug, Default, Clone)]
pub struct SignInInput {
    pub flow: SignInFlow,
    /// What the user typed: a username or an alias (email, phone number).
    pub username: String,
    pub password: Option<Zeroizing<String>>,
    /// `ClientMetadata` for every `InitiateAuth` / `RespondToAuthChallenge` of this sign-in.
    pub client_metadata: Option<Params>,
    /// `UserContextData.EncodedData` (advanced security) for every `InitiateAuth` /
    /// `RespondToAuthChallenge` of this sign-in, collected once when it starts.
    pub user_context_data: Option<String>,
    /// The device this client confirmed for the user, in the SRP flows: its `DEVICE_KEY` goes
    /// with `InitiateAuth` and `PASSWORD_VERIFIER`, and it answers the device challenges.
    pub device: Option<RememberedDevice>,
}

/// What every request of one sign-in shares: the configuration and `ClientMetadata`.
#[derive(Debug, Clone)]
pub(super) struct SignInContext {
    pub(super) config: Config,
    pub(super) client_metadata: Option<Params>,
    pub(super) user_context_data: Option<String>,
}

impl SignInContext {
    /// `RespondToAuthChallenge` for `challenge_name`: `responses` plus `USERNAME` = the internal
    /// `username` and, for an app client with a secret, `SECRET_HASH` over it (each only when the
    /// responses do not already carry one).
    pub(super) fn respond_request(
        &self,
        challenge_name: &str,
        username: &str,
        session: Option<String>,
        mut responses: Params,
    ) -> RespondToAuthChallengeRequest {
        let username = responses.get_or_insert_with(USERNAME, || username.to_owned());
        if let Some(secret) = self.config.client_secret() {
            responses.get_or_insert_with(SECRET_HASH, || {
                secret_hash(secret, &username, self.config.client_id())
            });
        }
        RespondToAuthChallengeRequest {
            challenge_name: challenge_name.to_owned(),
            client_id: self.config.client_id().to_owned(),
            challenge_responses: responses,
            session,
            client_metadata: self.client_metadata.clone(),
            user_context_data: self.user_context_data.clone(),
        }
    }
}

/// The entry point of a sign-in.
pub struct SignIn;

impl SignIn {
    /// Builds `InitiateAuth` for `input.flow`: `USERNAME` as typed, `SECRET_HASH` over it when
    /// the app client has a secret, and
    /// - `USER_SRP_AUTH`: `SRP_A`;
    /// - `USER_PASSWORD_AUTH`: `PASSWORD`;
    /// - `CUSTOM_WITH_SRP`: `AuthFlow = CUSTOM_AUTH`, `CHALLENGE_NAME = SRP_A` and `SRP_A`;
    /// - `CUSTOM_WITHOUT_SRP`: `AuthFlow = CUSTOM_AUTH`.
    ///
    /// A missing username, or a missing password in a flow that needs one, is an
    /// [`Error::InvalidParameter`] before `srp` is asked for its client (it is asked only in the
    /// SRP flows). An SRP flow keeps the password (zeroized on drop) until the
    /// `PASSWORD_VERIFIER` claim is computed.
    pub fn start(
        config: Config,
        input: SignInInput,
        srp: impl FnOnce() -> Result<SrpClient, Error>,
    ) -> Result<(SignInState, InitiateAuthRequest), Error> {
        let SignInInput {
            flow,
            username,
            password,
            client_metadata,
            user_context_data,
            device,
        } = input;
        if username.is_empty() {
            return Err(Error::InvalidParameter(
                "username must be a non-empty string".into(),
            ));
        }
        let password = match password {
            Some(password) if !password.is_empty() => Some(password),
            _ if flow.needs_password() => {
                return Err(Error::InvalidParameter(
                    [
                        "password must be a non-empty string for the ",
                        flow_name(flow),
                        " flow",
                    ]
                    .concat()
                    .into(),
                ))
            }
            _ => None,
        };
        let mut auth_parameters = Params::from([(USERNAME.to_owned(), username.clone())]);
        if let Some(secret) = config.client_secret() {
            auth_parameters.insert(
                SECRET_HASH.to_owned(),
                secret_hash(secret, &username, config.client_id()),
            );
        }
        let device = device.filter(|_| flow.uses_srp());
        if let Some(device) = &device {
            auth_parameters.insert(DEVICE_KEY.to_owned(), device.device_key.clone());
        }
        let srp_run = match (flow, password) {
            (SignInFlow::UserSrp | SignInFlow::CustomWithSrp, Some(password)) => {
                let srp = srp()?;
                auth_parameters.insert(SRP_A.to_owned(), srp.public_a_hex());
                if flow == SignInFlow::CustomWithSrp {
                    auth_parameters.insert(CHALLENGE_NAME.to_owned(), SRP_A.to_owned());
                }
                Some((srp, password))
            }
            (SignInFlow::UserPassword, Some(password)) => {
                auth_parameters.insert(PASSWORD.to_owned(), password.as_str().to_owned());
                None
            }
            _ => None,
        };
        let request = InitiateAuthRequest {
            auth_flow: flow.auth_flow().to_owned(),
            client_id: config.client_id().to_owned(),
            auth_parameters,
            client_metadata: client_metadata.clone(),
            user_context_data: user_context_data.clone(),
        };
        let state = SignInState {
            context: SignInContext {
                config,
                client_metadata,
                user_context_data,
            },
            username,
            device,
            awaiting: Awaiting::InitiateAuth(srp_run),
        };
        Ok((state, request))
    }
}

fn flow_name(flow: SignInFlow) -> &'static str {
    match flow {
        SignInFlow::UserSrp => "USER_SRP_AUTH",
        SignInFlow::UserPassword => "USER_PASSWORD_AUTH",
        SignInFlow::CustomWithSrp => "CUSTOM_WITH_SRP",
        SignInFlow::CustomWithoutSrp => "CUSTOM_WITHOUT_SRP",
    }
}

/// A sign-in waiting for Cognito's answer to its last request. What every answer needs (the
/// context, the username, the device) is kept here once; `awaiting` says which answer is due.
/// Consumed by [`SignInState::receive`], so an answer is read once.
pub struct SignInState {
    pub(super) context: SignInContext,
    /// What the user typed (a username or an alias such as an email address), then, after
    /// `PASSWORD_VERIFIER`, `USER_ID_FOR_SRP`: the username every later answer must carry.
    pub(super) username: String,
    /// The device whose `DEVICE_KEY` the requests carry, until `DEVICE_SRP_AUTH` takes it.
    pub(super) device: Option<RememberedDevice>,
    pub(super) awaiting: Awaiting,
}

/// The answer a [`SignInState`] waits for.
pub(super) enum Awaiting {
    /// `InitiateAuth`'s, with the SRP run and the password in the SRP flows: in an SRP flow
    /// Cognito should answer with `PASSWORD_VERIFIER`.
    InitiateAuth(Option<(SrpClient, Zeroizing<String>)>),
    /// The `PASSWORD_VERIFIER` answer's: tokens, a further challenge or `DEVICE_SRP_AUTH`.
    PasswordVerifier,
    /// The `DEVICE_SRP_AUTH` answer's: `DEVICE_PASSWORD_VERIFIER`, answered with the device's
    /// SRP run.
    DevicePasswordVerifier(SrpClient, RememberedDevice),
    /// The `DEVICE_PASSWORD_VERIFIER` answer's: tokens (MFA skipped for a remembered device) or a
    /// challenge for the user.
    DeviceSignInResult,
}

/// What follows Cognito's answer to a sign-in's request.
// Made and matched once per answer: boxing the state would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum SignInNext {
    /// Send `request` (an answer the client computed) and give Cognito's answer to `state`.
    Respond {
        request: RespondToAuthChallengeRequest,
        state: SignInState,
    },
    /// `DEVICE_SRP_AUTH`: answer it with a fresh SRP run ([`DeviceSrpAuth::respond`]).
    DeviceSrpAuth(DeviceSrpAuth),
    /// Tokens or a challenge for the user.
    Done(SignInStep),
}

impl core::fmt::Debug for SignInState {
    // Hand-written so that the password and the SRP runs never reach a log.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SignInState")
            .field("username", &self.username)
            .field("device", &self.device)
            .finish_non_exhaustive()
    }
}

impl SignInState {
    /// Reads Cognito's answer to the request this state waits on, received at `now_ms`
    /// (milliseconds since the epoch):
    /// - after `InitiateAuth`, `PASSWORD_VERIFIER` is answered with the password claim for its
    ///   `TIMESTAMP` (the password is dropped); in a flow without SRP it is a [`Error::Protocol`];
    /// - after `PASSWORD_VERIFIER`, the same challenge again is a [`Error::Protocol`], and
    ///   `DEVICE_SRP_AUTH` is answered by the device the sign-in named (without one, a
    ///   [`Error::Protocol`]); a challenge for the user keeps the device, which answers
    ///   `DEVICE_SRP_AUTH` after it ([`ChallengeSlot::receive`](super::ChallengeSlot::receive));
    /// - after `DEVICE_SRP_AUTH`, anything but `DEVICE_PASSWORD_VERIFIER` is a
    ///   [`Error::Protocol`]; it is answered by the device's SRP run;
    /// - after `DEVICE_PASSWORD_VERIFIER`, a device challenge again is a [`Error::Protocol`].
    ///
    /// Any other answer is tokens or a challenge for the user.
    pub fn receive(self, output: AuthOutput, now_ms: i64) -> Result<SignInNext, Error> {
        let SignInState {
            context,
            username,
            device,
            awaiting,
        } = self;
        let challenge = output.challenge_name.as_deref();
        // The device that may still prove itself: only once the password is.
        let unproven = match awaiting {
            Awaiting::InitiateAuth(srp) if challenge == Some(PASSWORD_VERIFIER) => {
                let Some((srp, password)) = srp else {
                    return Err(out_of_turn(PASSWORD_VERIFIER));
                };
                return answer_password_verifier(context, device, &srp, &password, output, now_ms);
            }
            // A challenge before PASSWORD_VERIFIER names the user itself, if at all.
            Awaiting::InitiateAuth(_) => None,
            Awaiting::PasswordVerifier => {
                if challenge == Some(PASSWORD_VERIFIER) {
                    return Err(out_of_turn(PASSWORD_VERIFIER));
                }
                device
            }
            Awaiting::DevicePasswordVerifier(srp, device) => {
                return answer_device_password_verifier(
                    context, username, &device, &srp, output, now_ms,
                );
            }
            Awaiting::DeviceSignInResult => {
                if let Some(name @ (DEVICE_SRP_AUTH | DEVICE_PASSWORD_VERIFIER)) = challenge {
                    return Err(out_of_turn(name));
                }
                None
            }
        };
        next_step(context, &username, unproven, output, now_ms)
    }
}

/// Cognito asked for the challenge `name` where the sign-in cannot take it: `PASSWORD_VERIFIER`
/// in a flow without SRP or a second time, `DEVICE_SRP_AUTH` without a device, a device
/// challenge a second time, anything but `DEVICE_PASSWORD_VERIFIER` after `DEVICE_SRP_AUTH`.
pub(super) fn out_of_turn(name: &str) -> Error {
    Error::protocol(["Cognito asked for ", name, " out of turn"].concat())
}

/// Answers `PASSWORD_VERIFIER` with `USERNAME = USER_ID_FOR_SRP`, the unchanged
/// `PASSWORD_CLAIM_SECRET_BLOCK`, `TIMESTAMP`, `PASSWORD_CLAIM_SIGNATURE` and, for an app client
/// with a secret, `SECRET_HASH` over `USER_ID_FOR_SRP` (the internal username, which differs from
/// the alias the user typed).
fn answer_password_verifier(
    context: SignInContext,
    device: Option<RememberedDevice>,
    srp: &SrpClient,
    password: &str,
    output: AuthOutput,
    now_ms: i64,
) -> Result<SignInNext, Error> {
    let claim = Claim {
        challenge: PASSWORD_VERIFIER,
        realm: context.config.pool_name(),
        user_id: None,
        password,
        username: None,
        device_key: device.as_ref().map(|device| device.device_key.as_str()),
    };
    let timestamp = format_timestamp(now_ms.div_euclid(1000));
    let responses = claim_responses(srp, &claim, &output.challenge_parameters, timestamp)?;
    let user_id = responses.get(USERNAME).cloned().unwrap_or_default();
    let request = context.respond_request(PASSWORD_VERIFIER, &user_id, output.session, responses);
    let state = SignInState {
        context,
        username: user_id,
        device,
        awaiting: Awaiting::PasswordVerifier,
    };
    Ok(SignInNext::Respond { request, state })
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
    parameters: &Params,
    password: &str,
    timestamp: String,
) -> Result<Params, Error> {
    let claim = Claim {
        challenge: PASSWORD_VERIFIER,
        realm: pool_name,
        user_id: None,
        password,
        username: None,
        device_key: None,
    };
    claim_responses(srp, &claim, parameters, timestamp)
}

/// Who proves what in a `PASSWORD_VERIFIER` or `DEVICE_PASSWORD_VERIFIER` answer.
pub(super) struct Claim<'a> {
    /// The challenge answered (named in the error when a parameter is missing).
    pub(super) challenge: &'static str,
    /// The pool name, or the device's `DeviceGroupKey`.
    pub(super) realm: &'a str,
    /// The device's key; `None` for the challenge's `USER_ID_FOR_SRP`.
    pub(super) user_id: Option<&'a str>,
    pub(super) password: &'a str,
    /// The answer's `USERNAME`; `None` for the user id.
    pub(super) username: Option<&'a str>,
    /// The `DEVICE_KEY` the answer carries, if any.
    pub(super) device_key: Option<&'a str>,
}

/// The `ChallengeResponses` proving `claim` for the challenge's `parameters` at `timestamp`:
/// `USERNAME`, `DEVICE_KEY` (when the claim has one), the unchanged
/// `PASSWORD_CLAIM_SECRET_BLOCK`, `TIMESTAMP` and `PASSWORD_CLAIM_SIGNATURE` over
/// `realm | user id | SECRET_BLOCK | TIMESTAMP`. A missing or empty parameter is a
/// [`Error::Protocol`].
pub(super) fn claim_responses(
    srp: &SrpClient,
    claim: &Claim<'_>,
    parameters: &Params,
    timestamp: String,
) -> Result<Params, Error> {
    let required = |key: &str| {
        parameters
            .get(key)
            .filter(|value| !value.is_empty())
            .map(String::as_str)
            .ok_or_else(|| Error::protocol([claim.challenge, " without ", key].concat()))
    };
    let salt_hex = required(SALT)?;
    let srp_b_hex = required(SRP_B)?;
    let secret_block_b64 = required(SECRET_BLOCK)?;
    let user_id = match claim.user_id {
        Some(user_id) => user_id,
        None => required(USER_ID_FOR_SRP)?,
    };
    let signature = srp
        .password_claim(&ClaimInput {
            realm: claim.realm,
            user_id,
            password: claim.password,
            salt_hex,
            srp_b_hex,
            secret_block_b64,
            timestamp: &timestamp,
        })?
        .signature_b64;
    let mut responses = Params::from([
        (
            USERNAME.to_owned(),
            claim.username.unwrap_or(user_id).to_owned(),
        ),
        (
            PASSWORD_CLAIM_SECRET_BLOCK.to_owned(),
            secret_block_b64.to_owned(),
        ),
        (TIMESTAMP.to_owned(), timestamp),
        (PASSWORD_CLAIM_SIGNATURE.to_owned(), signature),
    ]);
    if let Some(device_key) = claim.device_key {
        responses.insert(DEVICE_KEY.to_owned(), device_key.to_owned());
    }
    Ok(responses)
}
