//! `SrpHelper`: one SRP run for callers that drive Cognito themselves.

use cognito_core::client::input;
use cognito_core::config::pool_name_of;
use cognito_core::error::Error;
use cognito_core::flow::password_verifier_responses;
use cognito_core::srp::{format_timestamp, OsRandom, SrpClient};
use wasm_bindgen::prelude::*;

use crate::driver::now_ms;
use crate::{convert, js_error};

/// One SRP run: a fresh secret `a` and `SRP_A` on creation, then the `PASSWORD_VERIFIER` answer,
/// once. The helper is one-shot: a second `passwordVerifier` is an `InvalidStateError` (one
/// secret `a` never signs two challenges; a new sign-in takes a new `SrpHelper`), and `a` is
/// wiped as soon as it has answered.
#[wasm_bindgen]
pub struct SrpHelper {
    srp: Option<SrpClient>,
    srp_a: String,
}

#[wasm_bindgen]
impl SrpHelper {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<SrpHelper, JsValue> {
        SrpClient::new(&mut OsRandom)
            .map(|srp| SrpHelper {
                srp_a: srp.public_a_hex(),
                srp: Some(srp),
            })
            .map_err(|error| js_error::from_core(&Error::from(error)))
    }

    /// `SRP_A` for `InitiateAuth`'s `AuthParameters` (lowercase hex).
    #[wasm_bindgen(getter, js_name = srpA)]
    pub fn srp_a(&self) -> String {
        self.srp_a.clone()
    }

    /// The `PASSWORD_VERIFIER` `ChallengeResponses` for `{ userPoolId, challengeParameters,
    /// password, timestamp? }` (`timestamp` defaults to now). Once per helper: the input is
    /// checked first, and a helper that has answered refuses a second challenge.
    #[wasm_bindgen(js_name = passwordVerifier)]
    pub fn password_verifier(&mut self, input: JsValue) -> Result<JsValue, JsValue> {
        let fields = convert::input_from_js(
            &input,
            "the passwordVerifier input",
            Some(input::PASSWORD_VERIFIER_FIELDS),
        )?;
        let responses = (|| -> Result<_, Error> {
            let slot = &mut self.srp;
            let input = input::read_password_verifier_input(fields)?;
            let timestamp = input
                .timestamp
                .unwrap_or_else(|| format_timestamp(now_ms().div_euclid(1000)));
            let pool_name = pool_name_of(&input.user_pool_id)?;
            // Spent from here on, whatever the answer: `a` is dropped (and wiped) below.
            let srp = slot.take().ok_or_else(|| {
                Error::InvalidState(
                    "this SrpHelper has answered a PASSWORD_VERIFIER challenge: each sign-in \
                     takes a new SrpHelper"
                        .into(),
                )
            })?;
            password_verifier_responses(
                &srp,
                pool_name,
                &input.challenge_parameters,
                &input.password,
                timestamp,
            )
        })()
        .map_err(|error| js_error::from_core(&error))?;
        Ok(convert::to_js(&responses))
    }
}
