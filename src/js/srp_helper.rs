//! `SrpHelper`: the SRP computations for callers that move Cognito's messages themselves.

use wasm_bindgen::prelude::*;

use super::convert::{read_password_verifier_input, string_map_to_js, to_js_error};
use super::now_unix_seconds;
use crate::config::pool_name_of;
use crate::error::Error;
use crate::flow::password_verifier_responses;
use crate::srp::{format_timestamp, OsRandom, SrpClient};

/// One SRP run: a fresh secret `a` and `SRP_A` on creation, then the `PASSWORD_VERIFIER` answer.
#[wasm_bindgen]
pub struct SrpHelper {
    srp: SrpClient,
}

#[wasm_bindgen]
impl SrpHelper {
    /// Draws a fresh secret `a` and computes `SRP_A = g^a mod N`.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<SrpHelper, JsValue> {
        let srp = SrpClient::new(&mut OsRandom).map_err(|error| to_js_error(&error.into()))?;
        Ok(SrpHelper { srp })
    }

    /// `SRP_A` for `InitiateAuth`'s `AuthParameters`: lowercase hex.
    #[wasm_bindgen(getter, js_name = srpA)]
    pub fn srp_a(&self) -> String {
        self.srp.public_a_hex()
    }

    /// The `ChallengeResponses` answering `PASSWORD_VERIFIER` (`USERNAME`,
    /// `PASSWORD_CLAIM_SECRET_BLOCK`, `TIMESTAMP`, `PASSWORD_CLAIM_SIGNATURE`; add `SECRET_HASH`
    /// yourself for an app client with a secret). `timestamp` defaults to now.
    #[wasm_bindgen(
        js_name = passwordVerifier,
        unchecked_return_type = "Record<string, string>"
    )]
    pub fn password_verifier(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PasswordVerifierInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        let answer = || -> Result<JsValue, Error> {
            let input = read_password_verifier_input(&input)?;
            let timestamp = input
                .timestamp
                .unwrap_or_else(|| format_timestamp(now_unix_seconds()));
            let responses = password_verifier_responses(
                &self.srp,
                pool_name_of(&input.user_pool_id)?,
                &input.challenge_parameters,
                &input.password,
                timestamp,
            )?;
            Ok(string_map_to_js(&responses))
        };
        answer().map_err(|error| to_js_error(&error))
    }
}
