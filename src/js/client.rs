//! `CognitoClient`: the class JavaScript creates.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use zeroize::Zeroizing;

use super::challenge::sign_in_step_to_js;
use super::convert::{
    call_user_context_hook, parse_json, read_config, read_json_object, read_sign_in_input,
    to_js_error,
};
use super::idle::when_idle;
use super::now_ms;
use crate::config::Config;
use crate::error::Error;
use crate::flow::device::is_unknown_device;
use crate::flow::{
    raw, AfterInitiateAuth, AfterPasswordVerifier, DeviceStore, SignIn, SignInInput, SignInStep,
};
use crate::protocol::{decode_auth_output, Operation, RespondToAuthChallengeRequest};
use crate::srp::{OsRandom, SrpClient};
use crate::transport::FetchTransport;

/// A client of one Cognito user pool and app client.
#[wasm_bindgen]
pub struct CognitoClient {
    inner: Rc<Connection>,
}

/// What a client's promises share: the configuration and the transport.
pub(super) struct Connection {
    config: Config,
    transport: FetchTransport,
    /// The next sign-in's SRP secret `a` and `SRP_A`, computed ahead of time when the event
    /// loop is idle, so that pressing "sign in" pays only for the `PASSWORD_VERIFIER` side.
    next_srp: RefCell<Option<SrpClient>>,
    /// The devices this client confirmed, in memory.
    devices: RefCell<DeviceStore>,
    /// The `DeviceName` of `ConfirmDevice` (config `deviceName`).
    device_name: String,
    /// The config's `userContextData` hook (advanced security's `EncodedData`).
    user_context_hook: Option<Function>,
}

#[wasm_bindgen]
impl CognitoClient {
    /// Creates a client. Throws an `Error` named `InvalidParameterError` when the configuration
    /// is missing a field, has a field of the wrong type, or has a malformed `userPoolId` or
    /// `endpoint`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "CognitoClientConfig")] config: JsValue,
    ) -> Result<CognitoClient, JsValue> {
        let connect = || -> Result<Connection, Error> {
            let client_config = read_config(&config)?;
            let config = Config::new(client_config.input)?;
            let transport = FetchTransport::new(&config, client_config.fetch);
            Ok(Connection {
                config,
                transport,
                next_srp: RefCell::new(None),
                devices: RefCell::new(DeviceStore::new()),
                device_name: client_config.device_name,
                user_context_hook: client_config.user_context_data,
            })
        };
        let inner = Rc::new(connect().map_err(|error| to_js_error(&error))?);
        Connection::precompute_srp(&inner);
        Ok(CognitoClient { inner })
    }

    /// Signs a user in with `flow` (default `USER_SRP_AUTH`, where the password never leaves
    /// this module; `USER_PASSWORD_AUTH`, `CUSTOM_WITH_SRP`, `CUSTOM_WITHOUT_SRP`), sending
    /// `clientMetadata` with every call. Resolves to `SignedIn` (`tokens`, and the `device` this
    /// client confirmed when the pool tracks devices) or to a challenge object the user must
    /// answer with `respond`. A device this client confirmed earlier for the user answers
    /// `DEVICE_SRP_AUTH` / `DEVICE_PASSWORD_VERIFIER` by itself; one Cognito no longer knows
    /// (`ResourceNotFoundException`) is forgotten and the sign-in retried once without it. Rejects with an `Error` named after Cognito's exception
    /// (`NotAuthorizedException`, …) or `InvalidParameterError` (before any request),
    /// `NetworkError`, `TimeoutError`, `ProtocolError`.
    #[wasm_bindgen(js_name = signIn, unchecked_return_type = "Promise<SignInResult>")]
    pub fn sign_in(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignInInput")] input: JsValue,
    ) -> Promise {
        // Read synchronously: the caller may change the object after the call.
        let input = read_sign_in_input(&input);
        let connection = Rc::clone(&self.inner);
        future_to_promise(async move {
            let sign_in = async {
                let mut input = input?;
                if let Some(hook) = &connection.user_context_hook {
                    input.user_context_data =
                        call_user_context_hook(hook, &input.username, &connection.config)?;
                }
                let typed_username = input.username.clone();
                let step = connection.sign_in(input).await?;
                sign_in_step_to_js(&connection, step, &typed_username).await
            };
            sign_in.await.map_err(|error| to_js_error(&error))
        })
    }

    /// Calls Cognito's `InitiateAuth` with `input` (its own JSON shape; `ClientId` and, for an
    /// app client with a secret, `SECRET_HASH` over `AuthParameters.USERNAME` filled in when
    /// absent) and resolves to Cognito's output unchanged.
    #[wasm_bindgen(
        js_name = initiateAuth,
        unchecked_return_type = "Promise<InitiateAuthOutput>"
    )]
    pub fn initiate_auth(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InitiateAuthInput")] input: JsValue,
    ) -> Promise {
        self.raw_call(Operation::InitiateAuth, &input)
    }

    /// Calls Cognito's `RespondToAuthChallenge` with `input` (completed like `initiateAuth`'s,
    /// over `ChallengeResponses.USERNAME`) and resolves to Cognito's output unchanged.
    #[wasm_bindgen(
        js_name = respondToAuthChallenge,
        unchecked_return_type = "Promise<RespondToAuthChallengeOutput>"
    )]
    pub fn respond_to_auth_challenge(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RespondToAuthChallengeInput")] input: JsValue,
    ) -> Promise {
        self.raw_call(Operation::RespondToAuthChallenge, &input)
    }
}

impl CognitoClient {
    fn raw_call(&self, operation: Operation, input: &JsValue) -> Promise {
        let input = read_json_object(input, operation.name())
            .and_then(|input| raw::complete_input(operation, input, &self.inner.config));
        let connection = Rc::clone(&self.inner);
        future_to_promise(async move {
            let answer = async {
                let body = connection
                    .transport
                    .call(operation, &input?.to_text())
                    .await?;
                parse_json(raw::check_output(&body)?)
            };
            answer.await.map_err(|error| to_js_error(&error))
        })
    }
}

impl Connection {
    /// Computes the next sign-in's `a` and `SRP_A` when the event loop is idle (never in the
    /// caller's turn). The task holds the connection weakly: a dropped client computes nothing.
    fn precompute_srp(connection: &Rc<Connection>) {
        let connection = Rc::downgrade(connection);
        when_idle(move || {
            if let Some(connection) = connection.upgrade() {
                let mut next = connection.next_srp.borrow_mut();
                if next.is_none() {
                    // A failure here is retried, and reported, by the sign-in itself.
                    *next = SrpClient::new(&mut OsRandom).ok();
                }
            }
        });
    }

    /// The precomputed SRP run, or a fresh one when none is ready yet.
    fn take_srp(&self) -> Result<SrpClient, Error> {
        match self.next_srp.borrow_mut().take() {
            Some(srp) => Ok(srp),
            None => Ok(SrpClient::new(&mut OsRandom)?),
        }
    }

    /// The precomputed SRP run (a fresh one when none is ready), and the next one scheduled.
    fn next_srp(self: &Rc<Self>) -> Result<SrpClient, Error> {
        let srp = self.take_srp();
        Connection::precompute_srp(self);
        srp
    }

    /// Signs in with the device this client keeps for the user, if any; when Cognito does not
    /// know that device (`ResourceNotFoundException`), forgets it and signs in once more without.
    async fn sign_in(self: &Rc<Self>, mut input: SignInInput) -> Result<SignInStep, Error> {
        input.device = self.devices.borrow().device_for(&input.username).cloned();
        let Some(device_key) = input.device.as_ref().map(|d| d.device_key.clone()) else {
            return self.sign_in_once(input).await;
        };
        let mut without_device = input.clone();
        without_device.device = None;
        match self.sign_in_once(input).await {
            Err(error) if is_unknown_device(&error) => {
                self.devices.borrow_mut().forget(&device_key);
                self.sign_in_once(without_device).await
            }
            result => result,
        }
    }

    /// Drives the sign-in state machine over the transport, up to tokens or a challenge for the
    /// user, answering the device challenges by itself. The precomputed SRP run is taken only by
    /// the SRP flows.
    async fn sign_in_once(self: &Rc<Self>, input: SignInInput) -> Result<SignInStep, Error> {
        let (state, request) = SignIn::start(&self.config, input, || self.next_srp())?;
        // USER_PASSWORD_AUTH carries the password: the body is wiped after sending.
        let body = Zeroizing::new(request.to_json());
        drop(request);
        let answer = self.send(Operation::InitiateAuth, &body).await?;
        match state.receive(answer, now_ms())? {
            AfterInitiateAuth::Done(step) => Ok(step),
            AfterInitiateAuth::Respond { request, state } => {
                let answer = self.respond(&request).await?;
                match state.receive(answer, now_ms())? {
                    AfterPasswordVerifier::Done(step) => Ok(step),
                    AfterPasswordVerifier::DeviceSrpAuth(device_srp) => {
                        let (request, state) = device_srp.respond(self.next_srp()?);
                        let answer = self.respond(&request).await?;
                        let (request, state) = state.receive(answer, now_ms())?;
                        let answer = self.respond(&request).await?;
                        state.receive(answer, now_ms())
                    }
                }
            }
        }
    }

    async fn respond(
        &self,
        request: &RespondToAuthChallengeRequest,
    ) -> Result<crate::protocol::AuthOutput, Error> {
        self.send(Operation::RespondToAuthChallenge, &request.to_json())
            .await
    }

    pub(super) fn devices(&self) -> &RefCell<DeviceStore> {
        &self.devices
    }

    pub(super) fn device_name(&self) -> &str {
        &self.device_name
    }

    pub(super) fn transport(&self) -> &FetchTransport {
        &self.transport
    }

    pub(super) async fn send(
        &self,
        operation: Operation,
        body: &str,
    ) -> Result<crate::protocol::AuthOutput, Error> {
        decode_auth_output(&self.transport.call(operation, body).await?)
    }
}
