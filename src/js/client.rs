//! `CognitoClient`: the class JavaScript creates.

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use zeroize::Zeroizing;

use super::challenge::sign_in_step_to_js;
use super::convert::{parse_json, read_config, read_json_object, read_sign_in_input, to_js_error};
use crate::config::Config;
use crate::error::Error;
use crate::flow::{raw, AfterInitiateAuth, SignInStep, SrpSignIn};
use crate::protocol::{decode_auth_output, Operation};
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
            let (input, fetch) = read_config(&config)?;
            let config = Config::new(input)?;
            let transport = FetchTransport::new(&config, fetch);
            Ok(Connection { config, transport })
        };
        let inner = connect().map_err(|error| to_js_error(&error))?;
        Ok(CognitoClient {
            inner: Rc::new(inner),
        })
    }

    /// Signs a user in with SRP (`USER_SRP_AUTH`; the password never leaves this module).
    /// Resolves to `{ tokens }` or to a challenge the user must answer. Rejects with an `Error`
    /// named after Cognito's exception (`NotAuthorizedException`, …) or `InvalidParameterError`,
    /// `NetworkError`, `TimeoutError`, `ProtocolError`.
    #[wasm_bindgen(js_name = signIn, unchecked_return_type = "Promise<SignInResult>")]
    pub fn sign_in(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignInInput")] input: JsValue,
    ) -> Promise {
        // Read synchronously: the caller may change the object after the call.
        let credentials = read_sign_in_input(&input);
        let connection = Rc::clone(&self.inner);
        future_to_promise(async move {
            let (username, password) = credentials.map_err(|error| to_js_error(&error))?;
            match connection.sign_in(&username, password).await {
                Ok(step) => Ok(sign_in_step_to_js(step)),
                Err(error) => Err(to_js_error(&error)),
            }
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
                    .call(operation, &input?.to_string())
                    .await?;
                parse_json(raw::check_output(&body)?)
            };
            answer.await.map_err(|error| to_js_error(&error))
        })
    }
}

impl Connection {
    /// Drives the SRP state machine over the transport.
    async fn sign_in(
        &self,
        username: &str,
        password: Zeroizing<String>,
    ) -> Result<SignInStep, Error> {
        let srp = SrpClient::new(&mut OsRandom)?;
        let (state, request) = SrpSignIn::start(&self.config, srp, username, password)?;
        let answer = self.send(Operation::InitiateAuth, &request).await?;
        match state.receive(answer, now_unix_seconds())? {
            AfterInitiateAuth::Done(step) => Ok(step),
            AfterInitiateAuth::Respond { request, state } => {
                let answer = self
                    .send(Operation::RespondToAuthChallenge, &request)
                    .await?;
                state.receive(answer)
            }
        }
    }

    async fn send(
        &self,
        operation: Operation,
        request: &impl serde::Serialize,
    ) -> Result<crate::protocol::AuthOutput, Error> {
        let body = serde_json::to_string(request)
            .map_err(|_| Error::protocol("the request could not be encoded as JSON"))?;
        decode_auth_output(&self.transport.call(operation, &body).await?)
    }
}

/// The current time for `TIMESTAMP`, from the JavaScript clock.
fn now_unix_seconds() -> i64 {
    // Date.now() is a whole number of milliseconds well inside i64.
    (js_sys::Date::now() / 1000.0).floor() as i64
}
