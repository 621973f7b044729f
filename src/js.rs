//! The wasm-bindgen surface (wasm32 only): text in, text out.
//!
//! The package's JavaScript (`pkg-template/api.js`) owns the public API, `fetch`, timers and
//! `Error` objects; it calls these few synchronous functions with JSON text and gets JSON text
//! back ([`crate::client::output`]). Rules live in [`crate::client`] and below; this file only
//! converts. Inputs that may carry a password or a secret are taken as owned strings and wiped
//! once read.

use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::client::output::{error_json, outcome_json, responses_json};
use crate::client::{input, Client, DeviceCall, Exchange};
use crate::config::pool_name_of;
use crate::error::Error;
use crate::flow::{password_verifier_responses, TotpSecret};
use crate::protocol::Operation;
use crate::srp::{format_timestamp, OsRandom, SrpClient};

/// Milliseconds since the epoch from JavaScript's `Date.now()`: a whole number well inside i64.
fn millis(now_ms: f64) -> i64 {
    now_ms as i64
}

/// A [`Client`].
#[wasm_bindgen]
pub struct Core {
    client: Client,
}

#[wasm_bindgen]
impl Core {
    /// Throws the error's JSON text when the configuration is invalid.
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: String) -> Result<Core, String> {
        let config_json = Zeroizing::new(config_json);
        Client::new(&config_json)
            .map(|client| Core { client })
            .map_err(|error| error_json(&error))
    }

    /// Computes the next sign-in's `SRP_A` (call when idle).
    pub fn precompute(&mut self) {
        self.client.precompute_srp();
    }

    #[wasm_bindgen(js_name = signIn)]
    pub fn sign_in(&self, input_json: String) -> Flow {
        let input_json = Zeroizing::new(input_json);
        Flow {
            exchange: self.client.sign_in(&input_json),
        }
    }

    /// `operation` is `InitiateAuth` or `RespondToAuthChallenge`.
    pub fn raw(&self, operation: &str, input_json: String) -> Flow {
        let input_json = Zeroizing::new(input_json);
        let exchange = match operation {
            "InitiateAuth" => self.client.raw(Operation::InitiateAuth, &input_json),
            _ => self
                .client
                .raw(Operation::RespondToAuthChallenge, &input_json),
        };
        Flow { exchange }
    }

    /// `call` is `remember`, `forget` or `list`.
    pub fn device(&self, call: &str, access_token: &str, device_key: Option<String>) -> Flow {
        let call = match call {
            "remember" => DeviceCall::Remember,
            "forget" => DeviceCall::Forget,
            _ => DeviceCall::List,
        };
        Flow {
            exchange: self
                .client
                .device_call(call, access_token, device_key.as_deref()),
        }
    }
}

/// An [`Exchange`]: every method returns an outcome's JSON text.
#[wasm_bindgen]
pub struct Flow {
    exchange: Exchange,
}

#[wasm_bindgen]
impl Flow {
    /// What the user typed as the username of a sign-in about to start (for the
    /// `userContextData` hook); `undefined` when the input was invalid.
    #[wasm_bindgen(getter)]
    pub fn username(&self) -> Option<String> {
        self.exchange.username_to_start().map(str::to_owned)
    }

    pub fn start(&mut self, core: &mut Core, user_context_data: Option<String>) -> String {
        let outcome = self.exchange.start(&mut core.client, user_context_data);
        outcome_json(&core.client, outcome)
    }

    /// Cognito's answer: HTTP `status` (0 when none came) and body text.
    pub fn receive(&mut self, core: &mut Core, status: u16, body: &str, now_ms: f64) -> String {
        let outcome = self
            .exchange
            .receive(&mut core.client, status, body, millis(now_ms));
        outcome_json(&core.client, outcome)
    }

    pub fn respond(&mut self, core: &Core, generation: u32, answer_json: String) -> String {
        let answer_json = Zeroizing::new(answer_json);
        outcome_json(
            &core.client,
            self.exchange.respond(generation, &answer_json),
        )
    }

    #[wasm_bindgen(js_name = setupTotp)]
    pub fn setup_totp(&mut self, core: &Core, generation: u32) -> String {
        outcome_json(&core.client, self.exchange.setup_totp(generation))
    }

    #[wasm_bindgen(js_name = verifyTotp)]
    pub fn verify_totp(&mut self, core: &Core, generation: u32, input_json: String) -> String {
        outcome_json(
            &core.client,
            self.exchange.verify_totp(generation, &input_json),
        )
    }

    #[wasm_bindgen(js_name = setupEmail)]
    pub fn setup_email(&mut self, core: &Core, generation: u32, input_json: String) -> String {
        outcome_json(
            &core.client,
            self.exchange.setup_email(generation, &input_json),
        )
    }
}

/// One SRP run for `SrpHelper`: a fresh `a` and `SRP_A`, then the `PASSWORD_VERIFIER` answer.
#[wasm_bindgen]
pub struct SrpRun {
    srp: SrpClient,
}

#[wasm_bindgen]
impl SrpRun {
    /// Throws the error's JSON text when no randomness is available.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<SrpRun, String> {
        SrpClient::new(&mut OsRandom)
            .map(|srp| SrpRun { srp })
            .map_err(|error| error_json(&error.into()))
    }

    #[wasm_bindgen(getter, js_name = srpA)]
    pub fn srp_a(&self) -> String {
        self.srp.public_a_hex()
    }

    /// The `PASSWORD_VERIFIER` `ChallengeResponses` for `{ userPoolId, challengeParameters,
    /// password, timestamp? }` (`timestamp` defaults to `now_ms`).
    #[wasm_bindgen(js_name = passwordVerifier)]
    pub fn password_verifier(&self, input_json: String, now_ms: f64) -> String {
        let input_json = Zeroizing::new(input_json);
        let answer = || -> Result<_, Error> {
            let input = input::read_password_verifier_input(&input_json)?;
            let timestamp = input
                .timestamp
                .unwrap_or_else(|| format_timestamp(millis(now_ms).div_euclid(1000)));
            password_verifier_responses(
                &self.srp,
                pool_name_of(&input.user_pool_id)?,
                &input.challenge_parameters,
                &input.password,
                timestamp,
            )
        };
        match answer() {
            Ok(responses) => responses_json(&responses),
            Err(error) => error_json(&error),
        }
    }
}

/// `otpauth://totp/<issuer>:<accountName>?secret=<secretCode>&issuer=<issuer>`.
#[wasm_bindgen(js_name = totpUri)]
pub fn totp_uri(secret_code: String, issuer: &str, account_name: &str) -> String {
    TotpSecret { secret_code }.uri(issuer, account_name)
}
