//! The challenge object `signIn` resolves to when Cognito asks the user for something.

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::convert::{signed_in_to_js, string_map_to_js, to_js_error};
use crate::flow::{self, SignInStep};

/// `{ tokens }` for a signed-in user, a `ChallengeStep` for a challenge.
pub(super) fn sign_in_step_to_js(step: SignInStep) -> JsValue {
    match step {
        SignInStep::SignedIn(result) => signed_in_to_js(&result),
        SignInStep::Challenge(step) => ChallengeStep { step }.into(),
    }
}

/// A sign-in step waiting for the user's answer (MFA code, new password, …).
#[wasm_bindgen]
pub struct ChallengeStep {
    step: flow::ChallengeStep,
}

#[wasm_bindgen]
impl ChallengeStep {
    /// Cognito's `ChallengeName` (`SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `NEW_PASSWORD_REQUIRED`, …).
    #[wasm_bindgen(getter, js_name = challengeName, unchecked_return_type = "ChallengeName")]
    pub fn challenge_name(&self) -> String {
        self.step.challenge_name.clone()
    }

    /// Cognito's `ChallengeParameters`, unchanged.
    #[wasm_bindgen(
        getter,
        js_name = challengeParameters,
        unchecked_return_type = "Record<string, string>"
    )]
    pub fn challenge_parameters(&self) -> JsValue {
        string_map_to_js(&self.step.challenge_parameters)
    }

    /// The single-use `Session` the answer carries.
    #[wasm_bindgen(getter)]
    pub fn session(&self) -> Option<String> {
        self.step.session.clone()
    }

    /// Always `undefined` on a challenge: lets TypeScript narrow a `SignInResult` with
    /// `if (step.tokens)` as well as with `if (step.challengeName)`.
    #[wasm_bindgen(getter, unchecked_return_type = "undefined")]
    pub fn tokens(&self) -> JsValue {
        JsValue::UNDEFINED
    }

    /// Answers the challenge. Not supported yet: rejects with an `Error` named
    /// `NotImplementedError`.
    #[wasm_bindgen(unchecked_return_type = "Promise<SignInResult>")]
    pub fn respond(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChallengeAnswer")] answer: JsValue,
    ) -> Promise {
        // Read once answering is implemented (the flow decides what each challenge needs).
        drop(answer);
        match self.step.respond() {
            Ok(step) => Promise::resolve(&sign_in_step_to_js(step)),
            Err(error) => Promise::reject(&to_js_error(&error)),
        }
    }
}
