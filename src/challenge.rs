//! The challenge classes (one per kind of challenge the app answers) and `TotpSetup`.
//!
//! Each challenge object holds its flow's exchange and the `generation` the core gave it: the
//! answer is handed to the core at once, so a second `respond` is refused (`InvalidStateError`)
//! before anything is sent. wasm-bindgen classes have no inheritance, so the members every
//! challenge has are written once in [`ChallengeCore`] and given to each class by a macro.

use std::rc::Rc;

use cognito_core::client::input;
use cognito_core::client::Outcome;
use cognito_core::error::Error;
use cognito_core::flow::TotpSecret;
use cognito_core::value::{Input, Members, Named};
use js_sys::{Promise, Reflect};
use wasm_bindgen::prelude::*;

use crate::driver::{drive, spawn, Connection, Flow};
use crate::signed_in::copy;
use crate::{convert, js_error};

/// What every challenge object holds.
struct ChallengeCore {
    connection: Rc<Connection>,
    flow: Flow,
    /// The core's view of the challenge: `challengeName`, `challengeParameters`, `session`,
    /// `expiresAt`, `generation` and the kind's parsed fields.
    info: JsValue,
    generation: u32,
}

impl ChallengeCore {
    fn field(&self, name: &str) -> JsValue {
        Reflect::get(&self.info, &name.into()).unwrap_or(JsValue::UNDEFINED)
    }

    /// One step of the flow on this challenge (the core decides whether it is allowed), then
    /// the flow's course.
    fn step(
        &self,
        step: impl FnOnce(&mut cognito_core::client::Exchange, u32) -> Result<Outcome, Error>,
    ) -> Promise {
        let outcome = step(&mut self.flow.borrow_mut(), self.generation);
        spawn(Box::pin(drive(
            self.connection.clone(),
            self.flow.clone(),
            outcome,
        )))
    }

    /// A step that takes the caller's input, read as the core's `Members` (those in `names`, or
    /// every one).
    fn step_with(
        &self,
        input: &JsValue,
        what: &str,
        names: Option<Named>,
        step: impl FnOnce(
            &mut cognito_core::client::Exchange,
            u32,
            Input<Members>,
        ) -> Result<Outcome, Error>,
    ) -> Promise {
        match convert::input_from_js(input, what, names) {
            Ok(input) => self.step(|exchange, generation| step(exchange, generation, input)),
            Err(error) => Promise::reject(&error),
        }
    }
}

macro_rules! challenge_class {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[wasm_bindgen]
        pub struct $name {
            core: ChallengeCore,
        }

        #[wasm_bindgen]
        impl $name {
            /// Cognito's `ChallengeName`.
            #[wasm_bindgen(getter, js_name = challengeName)]
            pub fn challenge_name(&self) -> JsValue {
                self.core.field("challengeName")
            }

            /// Cognito's `ChallengeParameters` (a copy).
            #[wasm_bindgen(getter, js_name = challengeParameters)]
            pub fn challenge_parameters(&self) -> JsValue {
                copy(&self.core.field("challengeParameters"))
            }

            /// Cognito's `Session`, or `undefined`.
            #[wasm_bindgen(getter)]
            pub fn session(&self) -> JsValue {
                let session = self.core.field("session");
                if session.is_null() { JsValue::UNDEFINED } else { session }
            }

            /// When the session expires (milliseconds since the epoch, about 3 minutes).
            #[wasm_bindgen(getter, js_name = expiresAt)]
            pub fn expires_at(&self) -> JsValue {
                self.core.field("expiresAt")
            }

            /// Always `undefined`: a challenge has no tokens yet.
            #[wasm_bindgen(getter)]
            pub fn tokens(&self) -> JsValue {
                JsValue::UNDEFINED
            }

            /// Answers the challenge (once); resolves to the next step.
            pub fn respond(&self, answer: JsValue) -> Promise {
                self.core.step_with(&answer, "the answer", None, |exchange, generation, answer| {
                    exchange.respond(generation, answer)
                })
            }
        }
    };
}

challenge_class!(
    /// `SMS_MFA`: a code was sent by SMS; answer `{ code }`.
    SmsMfaChallenge
);
challenge_class!(
    /// `EMAIL_OTP`: a code was sent by email; answer `{ code }`.
    EmailOtpChallenge
);
challenge_class!(
    /// `SOFTWARE_TOKEN_MFA`: answer `{ code }` from the authenticator app.
    SoftwareTokenMfaChallenge
);
challenge_class!(
    /// `SELECT_MFA_TYPE`: answer `{ mfaType }`, one of `allowedMfaTypes`.
    SelectMfaTypeChallenge
);
challenge_class!(
    /// `NEW_PASSWORD_REQUIRED`: answer `{ newPassword, attributes? }`.
    NewPasswordRequiredChallenge
);
challenge_class!(
    /// `CUSTOM_CHALLENGE`: answer `{ answer }`.
    CustomChallenge
);
challenge_class!(
    /// `MFA_SETUP`: `setupTotp()` then `verifyTotp({ code })`, or `setupEmail({ email })`.
    MfaSetupChallenge
);
challenge_class!(
    /// Any other challenge: answer with Cognito's `ChallengeResponses`.
    OtherChallenge
);

macro_rules! code_delivery {
    ($name:ident) => {
        #[wasm_bindgen]
        impl $name {
            /// Where the code went (masked), as Cognito's `CODE_DELIVERY_DESTINATION`.
            #[wasm_bindgen(getter)]
            pub fn destination(&self) -> JsValue {
                self.core.field("destination")
            }

            /// `SMS` or `EMAIL` (`CODE_DELIVERY_DELIVERY_MEDIUM`).
            #[wasm_bindgen(getter, js_name = deliveryMedium)]
            pub fn delivery_medium(&self) -> JsValue {
                self.core.field("deliveryMedium")
            }
        }
    };
}

code_delivery!(SmsMfaChallenge);
code_delivery!(EmailOtpChallenge);

#[wasm_bindgen]
impl SelectMfaTypeChallenge {
    /// `MFAS_CAN_CHOOSE`.
    #[wasm_bindgen(getter, js_name = allowedMfaTypes)]
    pub fn allowed_mfa_types(&self) -> JsValue {
        copy(&self.core.field("allowedMfaTypes"))
    }
}

#[wasm_bindgen]
impl NewPasswordRequiredChallenge {
    /// The user's current attributes (`userAttributes`).
    #[wasm_bindgen(getter, js_name = userAttributes)]
    pub fn user_attributes(&self) -> JsValue {
        copy(&self.core.field("userAttributes"))
    }

    /// The attributes the answer must give (`requiredAttributes`, without the prefix).
    #[wasm_bindgen(getter, js_name = requiredAttributes)]
    pub fn required_attributes(&self) -> JsValue {
        copy(&self.core.field("requiredAttributes"))
    }
}

#[wasm_bindgen]
impl MfaSetupChallenge {
    /// `MFAS_CAN_SETUP`.
    #[wasm_bindgen(getter, js_name = mfasCanSetup)]
    pub fn mfas_can_setup(&self) -> JsValue {
        copy(&self.core.field("mfasCanSetup"))
    }

    /// `AssociateSoftwareToken`: resolves to the `TotpSetup` to show the user.
    #[wasm_bindgen(js_name = setupTotp)]
    pub fn setup_totp(&self) -> Promise {
        self.core
            .step(|exchange, generation| exchange.setup_totp(generation))
    }

    /// `VerifySoftwareToken` with the authenticator's code, then the `MFA_SETUP` answer.
    #[wasm_bindgen(js_name = verifyTotp)]
    pub fn verify_totp(&self, input: JsValue) -> Promise {
        self.core.step_with(
            &input,
            "the verifyTotp input",
            Some(input::VERIFY_TOTP_FIELDS),
            |exchange, generation, text| exchange.verify_totp(generation, text),
        )
    }

    /// Email MFA: answers `MFA_SETUP` with the address; resolves to the `EMAIL_OTP` challenge.
    #[wasm_bindgen(js_name = setupEmail)]
    pub fn setup_email(&self, input: JsValue) -> Promise {
        self.core.step_with(
            &input,
            "the setupEmail input",
            Some(input::SETUP_EMAIL_FIELDS),
            |exchange, generation, text| exchange.setup_email(generation, text),
        )
    }
}

/// The challenge object of the core's view `info` (a `ChallengeView`), of the class it names.
pub fn challenge_object(
    connection: Rc<Connection>,
    flow: Flow,
    info: JsValue,
    generation: u32,
) -> JsValue {
    let class = Reflect::get(&info, &"class".into())
        .ok()
        .and_then(|class| class.as_string())
        .unwrap_or_default();
    let core = ChallengeCore {
        connection,
        flow,
        info,
        generation,
    };
    match class.as_str() {
        "SmsMfaChallenge" => SmsMfaChallenge { core }.into(),
        "EmailOtpChallenge" => EmailOtpChallenge { core }.into(),
        "SoftwareTokenMfaChallenge" => SoftwareTokenMfaChallenge { core }.into(),
        "SelectMfaTypeChallenge" => SelectMfaTypeChallenge { core }.into(),
        "NewPasswordRequiredChallenge" => NewPasswordRequiredChallenge { core }.into(),
        "CustomChallenge" => CustomChallenge { core }.into(),
        "MfaSetupChallenge" => MfaSetupChallenge { core }.into(),
        _ => OtherChallenge { core }.into(),
    }
}

/// The TOTP secret of an `MFA_SETUP` challenge, for the user's authenticator app.
#[wasm_bindgen]
pub struct TotpSetup {
    secret: TotpSecret,
}

impl TotpSetup {
    pub(crate) fn new(secret: TotpSecret) -> TotpSetup {
        TotpSetup { secret }
    }
}

#[wasm_bindgen]
impl TotpSetup {
    /// The base32 secret (Cognito's `SecretCode`).
    #[wasm_bindgen(getter, js_name = secretCode)]
    pub fn secret_code(&self) -> String {
        self.secret.secret_code.clone()
    }

    /// `otpauth://totp/<issuer>:<accountName>?secret=<secretCode>&issuer=<issuer>`, for a QR code.
    pub fn uri(&self, issuer: JsValue, account_name: JsValue) -> Result<String, JsValue> {
        match (issuer.as_string(), account_name.as_string()) {
            (Some(issuer), Some(account_name)) => Ok(self.secret.uri(&issuer, &account_name)),
            _ => Err(js_error::invalid_parameter(
                "issuer and accountName must be strings",
            )),
        }
    }
}
