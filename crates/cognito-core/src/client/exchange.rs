//! [`Exchange`]: one operation of the client, from its first request to its result.

use alloc::borrow::ToOwned;
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use super::input::{
    read_answer, read_setup_email_input, read_verify_totp_input, ATTRIBUTE_NAME_FIELDS,
    CHANGE_PASSWORD_FIELDS, CONFIRM_FORGOT_PASSWORD_FIELDS, CONFIRM_SIGN_UP_FIELDS,
    DELETE_USER_ATTRIBUTES_FIELDS, SET_MFA_PREFERENCE_FIELDS, SIGN_UP_FIELDS,
    UPDATE_USER_ATTRIBUTES_FIELDS, USERNAME_FIELDS, VERIFY_TOTP_FIELDS,
    VERIFY_USER_ATTRIBUTE_FIELDS,
};
use super::{Client, Outcome, SignedInDevice};
use crate::error::Error;
use crate::flow::device::{confirm_device, is_unknown_device, token_username};
use crate::flow::{
    AwaitingChallengeResult, AwaitingTotpVerified, ChallengeInfo, ChallengeSlot, RememberedDevice,
    SignIn, SignInInput, SignInNext, SignInState, SignInStep, TotpSecret,
};
use crate::protocol::account::{AccountOutput, AccountRequest};
use crate::protocol::device::{
    ConfirmDeviceOutput, DeviceDescription, DeviceRememberedStatus, ForgetDeviceRequest,
    ListDevicesOutput, ListDevicesRequest, UpdateDeviceStatusRequest,
};
use crate::protocol::names::{DEVICE_KEY, SECRET_HASH};
use crate::protocol::session::SessionRequest;
use crate::protocol::software_token::{AssociateSoftwareTokenOutput, VerifySoftwareTokenOutput};
use crate::protocol::wire::{decode_answer, read_answer as read_wire_answer};
use crate::protocol::{
    decode_auth_output, decode_service_error, AuthOutput, AuthenticationResult, Operation, Request,
    RespondToAuthChallengeRequest, WireBody,
};
use crate::protocol::{InitiateAuthRequest, Params};
use crate::session::{is_unknown_operation, Session};
use crate::srp::{secret_hash, OsRandom};

/// The `AuthFlow` of a refresh where `GetTokensFromRefreshToken` is unknown.
const REFRESH_TOKEN_AUTH: &str = "REFRESH_TOKEN_AUTH";
/// Its `AuthParameters` key of the refresh token.
const REFRESH_TOKEN: &str = "REFRESH_TOKEN";
use crate::value::{AnyObject, Input, Members, Named};

/// How many `ListDevices` pages `listDevices` follows (Cognito's default page holds 60).
const MAX_DEVICE_PAGES: usize = 20;

/// The device calls a signed-in user can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceCall {
    /// `UpdateDeviceStatus` `remembered`: the pool may skip MFA on the device.
    Remember,
    /// `ForgetDevice`, then the client forgets it too.
    Forget,
    /// `ListDevices`, every page.
    List,
}

/// The account operations: one request, one answer. Those that need no session carry the
/// client's `ClientId` (and `SecretHash` over the username as typed); the signed-in ones
/// ([`AccountCall::signed_in`]) the session's `AccessToken` instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountCall {
    /// `signUp`: `SignUp`.
    SignUp,
    /// `confirmSignUp`: `ConfirmSignUp`.
    ConfirmSignUp,
    /// `resendSignUpCode`: `ResendConfirmationCode`.
    ResendSignUpCode,
    /// `forgotPassword`: `ForgotPassword`.
    ForgotPassword,
    /// `confirmForgotPassword`: `ConfirmForgotPassword`.
    ConfirmForgotPassword,
    /// `changePassword`: `ChangePassword` (signed in).
    ChangePassword,
    /// `getUser`: `GetUser` (signed in).
    GetUser,
    /// `deleteUser`: `DeleteUser` (signed in).
    DeleteUser,
    /// `updateUserAttributes`: `UpdateUserAttributes` (signed in).
    UpdateUserAttributes,
    /// `sendUserAttributeVerificationCode`: `GetUserAttributeVerificationCode` (signed in).
    SendUserAttributeVerificationCode,
    /// `verifyUserAttribute`: `VerifyUserAttribute` (signed in).
    VerifyUserAttribute,
    /// `deleteUserAttributes`: `DeleteUserAttributes` (signed in).
    DeleteUserAttributes,
    /// `setupTotp`: `AssociateSoftwareToken` with the access token (signed in).
    SetupTotp,
    /// `verifyTotp`: `VerifySoftwareToken` with the access token (signed in).
    VerifyTotp,
    /// `setMfaPreference`: `SetUserMFAPreference` (signed in).
    SetMfaPreference,
}

impl AccountCall {
    /// The operation it sends.
    #[must_use]
    pub fn operation(self) -> Operation {
        match self {
            AccountCall::SignUp => Operation::SignUp,
            AccountCall::ConfirmSignUp => Operation::ConfirmSignUp,
            AccountCall::ResendSignUpCode => Operation::ResendConfirmationCode,
            AccountCall::ForgotPassword => Operation::ForgotPassword,
            AccountCall::ConfirmForgotPassword => Operation::ConfirmForgotPassword,
            AccountCall::ChangePassword => Operation::ChangePassword,
            AccountCall::GetUser => Operation::GetUser,
            AccountCall::DeleteUser => Operation::DeleteUser,
            AccountCall::UpdateUserAttributes => Operation::UpdateUserAttributes,
            AccountCall::SendUserAttributeVerificationCode => {
                Operation::GetUserAttributeVerificationCode
            }
            AccountCall::VerifyUserAttribute => Operation::VerifyUserAttribute,
            AccountCall::DeleteUserAttributes => Operation::DeleteUserAttributes,
            AccountCall::SetupTotp => Operation::AssociateSoftwareToken,
            AccountCall::VerifyTotp => Operation::VerifySoftwareToken,
            AccountCall::SetMfaPreference => Operation::SetUserMFAPreference,
        }
    }

    /// Whether it is sent with the session's access token (and no `ClientId`, `SecretHash` or
    /// `UserContextData`).
    #[must_use]
    pub fn signed_in(self) -> bool {
        !matches!(
            self,
            AccountCall::SignUp
                | AccountCall::ConfirmSignUp
                | AccountCall::ResendSignUpCode
                | AccountCall::ForgotPassword
                | AccountCall::ConfirmForgotPassword
        )
    }

    /// The members of its JavaScript input the core reads.
    #[must_use]
    pub fn fields(self) -> Named {
        match self {
            AccountCall::SignUp => SIGN_UP_FIELDS,
            AccountCall::ConfirmSignUp => CONFIRM_SIGN_UP_FIELDS,
            AccountCall::ResendSignUpCode | AccountCall::ForgotPassword => USERNAME_FIELDS,
            AccountCall::ConfirmForgotPassword => CONFIRM_FORGOT_PASSWORD_FIELDS,
            AccountCall::ChangePassword => CHANGE_PASSWORD_FIELDS,
            AccountCall::UpdateUserAttributes => UPDATE_USER_ATTRIBUTES_FIELDS,
            AccountCall::SendUserAttributeVerificationCode => ATTRIBUTE_NAME_FIELDS,
            AccountCall::VerifyUserAttribute => VERIFY_USER_ATTRIBUTE_FIELDS,
            AccountCall::DeleteUserAttributes => DELETE_USER_ATTRIBUTES_FIELDS,
            AccountCall::VerifyTotp => VERIFY_TOTP_FIELDS,
            AccountCall::SetMfaPreference => SET_MFA_PREFERENCE_FIELDS,
            AccountCall::GetUser | AccountCall::DeleteUser | AccountCall::SetupTotp => Named(&[]),
        }
    }

    /// What its input is called in an error (`the signUp input must be an object`).
    #[must_use]
    pub fn what(self) -> &'static str {
        match self {
            AccountCall::SignUp => "the signUp input",
            AccountCall::ConfirmSignUp => "the confirmSignUp input",
            AccountCall::ResendSignUpCode => "the resendSignUpCode input",
            AccountCall::ForgotPassword => "the forgotPassword input",
            AccountCall::ConfirmForgotPassword => "the confirmForgotPassword input",
            AccountCall::ChangePassword => "the changePassword input",
            AccountCall::GetUser => "the getUser input",
            AccountCall::DeleteUser => "the deleteUser input",
            AccountCall::UpdateUserAttributes => "the updateUserAttributes input",
            AccountCall::SendUserAttributeVerificationCode => {
                "the sendUserAttributeVerificationCode input"
            }
            AccountCall::VerifyUserAttribute => "the verifyUserAttribute input",
            AccountCall::DeleteUserAttributes => "the deleteUserAttributes input",
            AccountCall::SetupTotp => "the setupTotp input",
            AccountCall::VerifyTotp => "the verifyTotp input",
            AccountCall::SetMfaPreference => "the setMfaPreference input",
        }
    }
}

/// One operation in progress. Its methods return the next [`Outcome`] or the error that ends
/// the operation (a challenge stays answerable after `CodeMismatchException`).
pub struct Exchange {
    state: State,
    /// What [`Exchange::start`] hands out for an exchange whose first step was decided when it
    /// was made (its first request, or the error that it cannot be made).
    first: Option<Result<Outcome, Error>>,
    /// Numbers the challenges this exchange showed; an answer names the one it answers.
    generation: u32,
    /// The name the sign-in started with: a device confirmed at its end is found by it too.
    typed_username: String,
}

// One per exchange, replaced in place: boxing the sign-in's state measured larger.
#[allow(clippy::large_enum_variant)]
enum State {
    /// A sign-in, validated, before its first request.
    Ready(SignInInput),
    /// A sign-in's requests up to a step for the user. `retry` is the input without the device,
    /// kept while Cognito may still say it does not know the device.
    SignIn {
        state: SignInState,
        retry: Option<SignInInput>,
    },
    /// A challenge shown to the user, and the request its slot is waiting on, if any.
    Challenge {
        slot: ChallengeSlot,
        in_flight: Option<InFlight>,
    },
    /// `ConfirmDevice` for the device new with these tokens.
    ConfirmingDevice {
        tokens: AuthenticationResult,
        username: String,
        device: RememberedDevice,
    },
    Raw,
    /// An operation of one request and one answer (the account operations), validated, before
    /// its request is sent: [`Exchange::start`] adds `ClientId`, `SecretHash` and
    /// `UserContextData`.
    Prepared(Operation, AccountRequest),
    /// Its request sent: the answer is read as the operation's [`AccountOutput`], or `Done`.
    Single(Operation),
    Device {
        call: DeviceCall,
        access_token: String,
        device_key: Option<String>,
        devices: Vec<DeviceDescription>,
        pages: usize,
    },
    /// A session's refresh: `GetTokensFromRefreshToken`, or, when `fell_back`, `InitiateAuth`
    /// `REFRESH_TOKEN_AUTH`.
    Refresh {
        session: Session,
        fell_back: bool,
    },
    /// A sign-out's `RevokeToken` or `GlobalSignOut`: a 2xx is done.
    Revoke,
    /// Finished, or failed for good.
    Spent,
}

/// What a challenge's slot is waiting on.
enum InFlight {
    Answer(AwaitingChallengeResult),
    AssociateSoftwareToken,
    VerifySoftwareToken(AwaitingTotpVerified),
}

fn send(body: Request) -> Outcome {
    Outcome::Send {
        operation: body.operation(),
        body,
    }
}

fn respond_to_auth_challenge(request: RespondToAuthChallengeRequest) -> Outcome {
    send(Request::RespondToAuthChallenge(request))
}

/// `InitiateAuth` `REFRESH_TOKEN_AUTH` for `session`: `REFRESH_TOKEN`, `SECRET_HASH` over the
/// internal username (an app client with a secret) and `DEVICE_KEY`.
fn refresh_token_auth(config: &crate::config::Config, session: &Session) -> InitiateAuthRequest {
    let mut parameters = alloc::vec![(REFRESH_TOKEN.to_owned(), session.refresh_token.clone(),)];
    if let Some(secret) = config.client_secret() {
        parameters.push((
            SECRET_HASH.to_owned(),
            secret_hash(secret, &session.username, config.client_id()),
        ));
    }
    if let Some(device_key) = &session.device_key {
        parameters.push((DEVICE_KEY.to_owned(), device_key.clone()));
    }
    InitiateAuthRequest {
        auth_flow: REFRESH_TOKEN_AUTH.to_owned(),
        client_id: config.client_id().to_owned(),
        auth_parameters: Params::from_iter(parameters),
        client_metadata: None,
        user_context_data: None,
    }
}

fn already_answered() -> Error {
    Error::InvalidState("this challenge was already answered".into())
}

/// A 2xx answer's body, or the error it is: `status` 0 means no answer came (the caller's
/// transport failed and reports its own error).
fn answer_body<B: WireBody + ?Sized>(status: u16, body: &B) -> Result<&B, Error> {
    match status {
        0 => Err(Error::Network("no answer from Cognito".into())),
        200..=299 => Ok(body),
        _ => Err(decode_service_error(status, body)),
    }
}

impl Exchange {
    fn new(state: State) -> Self {
        Exchange {
            state,
            first: None,
            generation: 0,
            typed_username: String::new(),
        }
    }

    pub(super) fn sign_in(input: SignInInput) -> Self {
        let typed_username = input.username.clone();
        Exchange {
            typed_username,
            ..Exchange::new(State::Ready(input))
        }
    }

    /// An exchange that failed before its first request: [`Exchange::start`] reports `error`.
    pub(super) fn failed(error: Error) -> Self {
        Exchange {
            first: Some(Err(error)),
            ..Exchange::new(State::Spent)
        }
    }

    /// A raw-layer call sending `body` as `operation`.
    pub(super) fn raw(operation: Operation, body: crate::value::AnyValue) -> Self {
        Exchange {
            first: Some(Ok(send(Request::Raw(operation, body)))),
            ..Exchange::new(State::Raw)
        }
    }

    /// A refresh of `session`'s tokens: `GetTokensFromRefreshToken` with the refresh token,
    /// `ClientId`, `ClientSecret` (an app client with a secret) and the session's `DeviceKey`.
    pub(super) fn refresh(config: &crate::config::Config, session: Session) -> Self {
        let mut request = SessionRequest::default();
        request.refresh_token = Some(session.refresh_token.clone());
        request.client_id = Some(config.client_id().to_owned());
        request.client_secret = config.client_secret().map(str::to_owned);
        request.device_key = session.device_key.clone();
        Exchange {
            first: Some(Ok(send(Request::Session(
                Operation::GetTokensFromRefreshToken,
                request,
            )))),
            ..Exchange::new(State::Refresh {
                session,
                fell_back: false,
            })
        }
    }

    /// The revocation of a sign-out: `RevokeToken` {Token: the refresh token, ClientId,
    /// ClientSecret (an app client with a secret)}, or with `global`, `GlobalSignOut`
    /// {AccessToken}.
    pub(super) fn sign_out(
        config: &crate::config::Config,
        session: &Session,
        global: bool,
    ) -> Self {
        let mut request = SessionRequest::default();
        let operation = if global {
            request.access_token = Some(session.access_token.clone());
            Operation::GlobalSignOut
        } else {
            request.token = Some(session.refresh_token.clone());
            request.client_id = Some(config.client_id().to_owned());
            request.client_secret = config.client_secret().map(str::to_owned);
            Operation::RevokeToken
        };
        Exchange {
            first: Some(Ok(send(Request::Session(operation, request)))),
            ..Exchange::new(State::Revoke)
        }
    }

    /// An account operation (one request, one answer) with its input read.
    pub(super) fn account(operation: Operation, request: AccountRequest) -> Self {
        Exchange::new(State::Prepared(operation, request))
    }

    pub(super) fn device_call(
        call: DeviceCall,
        access_token: &str,
        device_key: Option<&str>,
    ) -> Result<Exchange, Error> {
        let no_device = || {
            Error::InvalidState(
                "this sign-in has no device (the pool does not track devices)".into(),
            )
        };
        let body = match call {
            DeviceCall::Remember => Request::UpdateDeviceStatus(UpdateDeviceStatusRequest {
                access_token: access_token.to_owned(),
                device_key: device_key.ok_or_else(no_device)?.to_owned(),
                device_remembered_status: DeviceRememberedStatus::Remembered,
            }),
            DeviceCall::Forget => Request::ForgetDevice(ForgetDeviceRequest {
                access_token: access_token.to_owned(),
                device_key: device_key.ok_or_else(no_device)?.to_owned(),
            }),
            DeviceCall::List => Request::ListDevices(ListDevicesRequest {
                access_token: access_token.to_owned(),
                pagination_token: None,
            }),
        };
        let state = State::Device {
            call,
            access_token: access_token.to_owned(),
            device_key: device_key.map(str::to_owned),
            devices: Vec::new(),
            pages: 1,
        };
        Ok(Exchange {
            first: Some(Ok(send(body))),
            ..Exchange::new(state)
        })
    }

    /// The name a sign-in started with (empty for other exchanges).
    #[must_use]
    pub fn typed_username(&self) -> &str {
        &self.typed_username
    }

    /// What the user typed as the username of a sign-in or an account operation that is ready
    /// to start (for the `userContextData` hook); `None` for any other exchange, an invalid
    /// input's included.
    #[must_use]
    pub fn username_to_start(&self) -> Option<&str> {
        match &self.state {
            State::Ready(_) => Some(&self.typed_username),
            State::Prepared(_, request) if request.access_token.is_none() => {
                Some(&request.username)
            }
            _ => None,
        }
    }

    /// Gives a signed-in account operation that is ready to start the session's access token.
    pub fn set_access_token(&mut self, access_token: &str) {
        if let State::Prepared(_, request) = &mut self.state {
            request.access_token = Some(access_token.to_owned());
        }
    }

    /// The exchange's first request. For a sign-in, `InitiateAuth`, with `user_context_data`
    /// (advanced security's `EncodedData`) on every request of the sign-in, and the device the
    /// client keeps for the user. For an account operation, its request with the client's
    /// `ClientId`, `SecretHash` over the username as typed (an app client with a secret) and
    /// `user_context_data`.
    pub fn start(
        &mut self,
        client: &mut Client,
        user_context_data: Option<String>,
    ) -> Result<Outcome, Error> {
        if let Some(first) = self.first.take() {
            return first;
        }
        let mut input = match core::mem::replace(&mut self.state, State::Spent) {
            State::Ready(input) => input,
            State::Prepared(operation, request) if request.access_token.is_some() => {
                self.state = State::Single(operation);
                return Ok(send(Request::Account(operation, Box::new(request))));
            }
            State::Prepared(operation, mut request) => {
                let config = &client.config;
                request.client_id = config.client_id().to_owned();
                request.secret_hash = config
                    .client_secret()
                    .map(|secret| secret_hash(secret, &request.username, config.client_id()));
                request.user_context_data = user_context_data;
                self.state = State::Single(operation);
                return Ok(send(Request::Account(operation, Box::new(request))));
            }
            _ => {
                return Err(Error::InvalidState(
                    "this exchange has already started".into(),
                ))
            }
        };
        input.user_context_data = user_context_data;
        input.device = client.devices.device_for(&input.username).cloned();
        let retry = input.device.is_some().then(|| SignInInput {
            device: None,
            ..input.clone()
        });
        self.initiate_auth(client, input, retry)
    }

    fn initiate_auth(
        &mut self,
        client: &mut Client,
        input: SignInInput,
        retry: Option<SignInInput>,
    ) -> Result<Outcome, Error> {
        let config = client.config.clone();
        let (state, request) = SignIn::start(config, input, || client.take_srp())?;
        self.state = State::SignIn { state, retry };
        Ok(send(Request::InitiateAuth(request)))
    }

    /// Reads Cognito's answer (HTTP `status` and `body`, read with the caller's JSON engine) to
    /// the request this exchange asked for, received at `now_ms`; `status` 0 when no answer
    /// came.
    pub fn receive<B: WireBody + ?Sized>(
        &mut self,
        client: &mut Client,
        status: u16,
        body: &B,
        now_ms: i64,
    ) -> Result<Outcome, Error> {
        let reply = answer_body(status, body);
        match core::mem::replace(&mut self.state, State::Spent) {
            State::SignIn { state, retry } => {
                let reply = reply.and_then(decode_auth_output);
                self.advance_sign_in(client, state, retry, reply, body, now_ms)
            }
            State::Challenge {
                mut slot,
                in_flight: Some(in_flight),
            } => {
                let next = self.advance_challenge(&mut slot, in_flight, reply, now_ms);
                self.state = State::Challenge {
                    slot,
                    in_flight: None,
                };
                match next? {
                    Next::Send(outcome, in_flight) => {
                        self.set_in_flight(in_flight);
                        Ok(outcome)
                    }
                    Next::Outcome(outcome) => Ok(outcome),
                    // The password is gone: no retry without the device from here.
                    Next::SignIn(next) => self.sign_in_next(client, next, None, body),
                }
            }
            State::ConfirmingDevice {
                tokens,
                username,
                device,
            } => {
                let output = decode_answer::<ConfirmDeviceOutput, _>(reply?)?;
                let device_key = device.device_key.clone();
                client
                    .devices
                    .insert(&username, &self.typed_username, device);
                Ok(Outcome::SignedIn {
                    tokens,
                    device: Some(SignedInDevice {
                        device_key,
                        user_confirmation_necessary: output.user_confirmation_necessary,
                    }),
                })
            }
            State::Single(Operation::AssociateSoftwareToken) => {
                let mut output = decode_answer::<AssociateSoftwareTokenOutput, _>(reply?)?;
                TotpSecret::from_output(&mut output).map(Outcome::TotpSecret)
            }
            State::Single(Operation::VerifySoftwareToken) => {
                let output = decode_answer::<VerifySoftwareTokenOutput, _>(reply?)?;
                output.succeeded().map(|()| Outcome::Done)
            }
            State::Single(operation) => {
                let answer = read_wire_answer(reply?)?;
                Ok(match AccountOutput::from_answer(operation, answer)? {
                    Some(output) => Outcome::Account(output),
                    None => Outcome::Done,
                })
            }
            State::Revoke => reply.map(|_| Outcome::Done),
            State::Refresh { session, fell_back } => match reply {
                Ok(body) => match read_wire_answer(body)?.authentication_result {
                    Some(tokens) => Ok(Outcome::Refreshed(session.refreshed(&tokens, now_ms))),
                    None => Err(Error::protocol(
                        "the refresh's answer has no AuthenticationResult",
                    )),
                },
                Err(error) if !fell_back && is_unknown_operation(&error) => {
                    let request = refresh_token_auth(&client.config, &session);
                    self.state = State::Refresh {
                        session,
                        fell_back: true,
                    };
                    Ok(send(Request::InitiateAuth(request)))
                }
                Err(error) => Err(error),
            },
            // The answer goes back to the caller as it came: it only has to be an object.
            State::Raw => reply?.decode::<AnyObject>().map(|AnyObject| Outcome::Raw),
            State::Device {
                call,
                access_token,
                device_key,
                mut devices,
                pages,
            } => {
                let body = reply?;
                match call {
                    DeviceCall::Remember => Ok(Outcome::Done),
                    DeviceCall::Forget => {
                        if let Some(key) = &device_key {
                            client.devices.forget(key);
                        }
                        Ok(Outcome::Done)
                    }
                    DeviceCall::List => {
                        let output = decode_answer::<ListDevicesOutput, _>(body)?;
                        devices.extend(output.devices);
                        match output.pagination_token {
                            Some(page) if pages < MAX_DEVICE_PAGES => {
                                let request = ListDevicesRequest {
                                    access_token: access_token.clone(),
                                    pagination_token: Some(page),
                                };
                                self.state = State::Device {
                                    call,
                                    access_token,
                                    device_key,
                                    devices,
                                    pages: pages + 1,
                                };
                                Ok(send(Request::ListDevices(request)))
                            }
                            _ => Ok(Outcome::Devices(devices)),
                        }
                    }
                }
            }
            state @ (State::Ready(_)
            | State::Prepared(..)
            | State::Challenge {
                in_flight: None, ..
            }
            | State::Spent) => {
                self.state = state;
                Err(Error::InvalidState(
                    "no request of this exchange is waiting for an answer".into(),
                ))
            }
        }
    }

    /// One answer along a sign-in: the next request, or the step for the user. Cognito not
    /// knowing the sign-in's device forgets it and starts again without it.
    fn advance_sign_in<B: WireBody + ?Sized>(
        &mut self,
        client: &mut Client,
        state: SignInState,
        retry: Option<SignInInput>,
        reply: Result<AuthOutput, Error>,
        json: &B,
        now_ms: i64,
    ) -> Result<Outcome, Error> {
        match reply.and_then(|output| state.receive(output, now_ms)) {
            Ok(next) => self.sign_in_next(client, next, retry, json),
            Err(error) if is_unknown_device(&error) => {
                let Some(input) = retry else {
                    return Err(error);
                };
                if let Some(device) = client.devices.device_for(&input.username) {
                    let key = device.device_key.clone();
                    client.devices.forget(&key);
                }
                self.initiate_auth(client, input, None)
            }
            Err(error) => Err(error),
        }
    }

    /// Where the sign-in goes on: a request it computed (`PASSWORD_VERIFIER`, the device
    /// challenges; `DEVICE_SRP_AUTH` with a fresh SRP run, after the password or after any
    /// challenge's answer) or the step for the user. `retry` as in [`State::SignIn`].
    fn sign_in_next<B: WireBody + ?Sized>(
        &mut self,
        client: &mut Client,
        next: SignInNext,
        retry: Option<SignInInput>,
        json: &B,
    ) -> Result<Outcome, Error> {
        let (request, state) = match next {
            SignInNext::Respond { request, state } => (request, state),
            SignInNext::DeviceSrpAuth(device_srp) => device_srp.respond(client.take_srp()?),
            SignInNext::Done(step) => return self.step(client, step, json),
        };
        self.state = State::SignIn { state, retry };
        Ok(respond_to_auth_challenge(request))
    }

    /// A step for the user: tokens (after `ConfirmDevice` for a new device) or a challenge.
    /// `json` reads the access token's claims.
    fn step<B: WireBody + ?Sized>(
        &mut self,
        client: &mut Client,
        step: SignInStep,
        json: &B,
    ) -> Result<Outcome, Error> {
        match step {
            SignInStep::Challenge(challenge) => {
                self.generation = self.generation.wrapping_add(1);
                self.state = State::Challenge {
                    slot: ChallengeSlot::new(challenge),
                    in_flight: None,
                };
                Ok(Outcome::Challenge {
                    generation: self.generation,
                })
            }
            SignInStep::SignedIn(tokens) => {
                let username = token_username(&tokens.access_token, json);
                match (&tokens.new_device_metadata, username) {
                    (Some(_), None) => Err(Error::protocol(
                        "the access token has no username claim to keep the new device under",
                    )),
                    (Some(metadata), Some(username)) => {
                        let (request, device) = confirm_device(
                            &tokens.access_token,
                            metadata,
                            &client.device_name,
                            &mut OsRandom,
                        )?;
                        self.state = State::ConfirmingDevice {
                            tokens,
                            username,
                            device,
                        };
                        Ok(send(Request::ConfirmDevice(request)))
                    }
                    (None, username) => {
                        let device = username
                            .and_then(|username| client.devices.device_for(&username))
                            .map(|device| SignedInDevice {
                                device_key: device.device_key.clone(),
                                user_confirmation_necessary: false,
                            });
                        Ok(Outcome::SignedIn { tokens, device })
                    }
                }
            }
        }
    }

    /// The answer to a challenge's request: the challenge's next request, a result for the
    /// user, or a new step.
    fn advance_challenge<B: WireBody + ?Sized>(
        &mut self,
        slot: &mut ChallengeSlot,
        in_flight: InFlight,
        reply: Result<&B, Error>,
        now_ms: i64,
    ) -> Result<Next, Error> {
        match in_flight {
            InFlight::Answer(awaiting) => {
                let reply = reply.and_then(decode_auth_output);
                slot.receive(awaiting, reply, now_ms).map(Next::SignIn)
            }
            InFlight::AssociateSoftwareToken => {
                let output = decode_answer::<AssociateSoftwareTokenOutput, _>(reply?)?;
                slot.receive_software_token(output)
                    .map(|secret| Next::Outcome(Outcome::TotpSecret(secret)))
            }
            InFlight::VerifySoftwareToken(awaiting) => {
                let reply = reply.and_then(decode_answer::<VerifySoftwareTokenOutput, _>);
                let (request, awaiting) = slot.receive_verified(awaiting, reply)?;
                Ok(Next::Send(
                    respond_to_auth_challenge(request),
                    InFlight::Answer(awaiting),
                ))
            }
        }
    }

    /// The challenge shown last, while it is unanswered (what [`Outcome::Challenge`] shows).
    #[must_use]
    pub fn challenge_info(&self) -> Option<&ChallengeInfo> {
        match &self.state {
            State::Challenge { slot, .. } => slot.info(),
            _ => None,
        }
    }

    /// The challenge's slot, when `generation` names the challenge shown last and no request of
    /// it is in flight.
    fn slot(&mut self, generation: u32) -> Result<&mut ChallengeSlot, Error> {
        match &mut self.state {
            State::Challenge {
                slot,
                in_flight: None,
            } if generation == self.generation => Ok(slot),
            _ => Err(already_answered()),
        }
    }

    fn set_in_flight(&mut self, request: InFlight) {
        if let State::Challenge { in_flight, .. } = &mut self.state {
            *in_flight = Some(request);
        }
    }

    /// Answers challenge `generation` with the caller's `answer` (read by the challenge's kind):
    /// the `RespondToAuthChallenge` to send. A challenge answered before (or being answered) is
    /// an [`Error::InvalidState`] and nothing is sent.
    pub fn respond(&mut self, generation: u32, answer: Input<Members>) -> Result<Outcome, Error> {
        let slot = self.slot(generation)?;
        let answer = read_answer(slot.kind()?, answer)?;
        let (request, awaiting) = slot.respond(&answer)?;
        let outcome = respond_to_auth_challenge(request);
        self.set_in_flight(InFlight::Answer(awaiting));
        Ok(outcome)
    }

    /// `MFA_SETUP` by TOTP, first step: `AssociateSoftwareToken` with the challenge's Session.
    pub fn setup_totp(&mut self, generation: u32) -> Result<Outcome, Error> {
        let request = self.slot(generation)?.associate_software_token()?;
        self.set_in_flight(InFlight::AssociateSoftwareToken);
        Ok(send(Request::AssociateSoftwareToken(request)))
    }

    /// `MFA_SETUP` by TOTP, second step: `VerifySoftwareToken` with the caller's
    /// `{ code, friendlyDeviceName? }`, then `RespondToAuthChallenge(MFA_SETUP)`.
    pub fn verify_totp(
        &mut self,
        generation: u32,
        input: Input<Members>,
    ) -> Result<Outcome, Error> {
        let slot = self.slot(generation)?;
        let (code, name) = read_verify_totp_input(input)?;
        let (request, awaiting) = slot.verify_software_token(&code, name.as_deref())?;
        self.set_in_flight(InFlight::VerifySoftwareToken(awaiting));
        Ok(send(Request::VerifySoftwareToken(request)))
    }

    /// `MFA_SETUP` by email with the caller's `{ email }`.
    pub fn setup_email(
        &mut self,
        generation: u32,
        input: Input<Members>,
    ) -> Result<Outcome, Error> {
        let slot = self.slot(generation)?;
        let email = read_setup_email_input(input)?;
        let (request, awaiting) = slot.setup_email(&email)?;
        let outcome = respond_to_auth_challenge(request);
        self.set_in_flight(InFlight::Answer(awaiting));
        Ok(outcome)
    }
}

/// Where the answer to a challenge's request leads.
// Made and matched once per answer, as `SignInNext` is: boxing it would only add an allocation.
#[allow(clippy::large_enum_variant)]
enum Next {
    /// A challenge's next request, and what its slot then waits on.
    Send(Outcome, InFlight),
    /// A result for the caller; the challenge stays as it is.
    Outcome(Outcome),
    /// Tokens, a new challenge, or `DEVICE_SRP_AUTH` for the exchange to answer.
    SignIn(SignInNext),
}
