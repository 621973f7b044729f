//! The challenge objects a sign-in resolves to: one class per challenge, a TypeScript union
//! discriminated by `challengeName`.
//!
//! Each object converts its answer and hands it to the core's [`ChallengeSlot`], which builds the
//! request or refuses (answered twice, an answer that does not fit); the rules live there.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use zeroize::Zeroizing;

use super::client::Connection;
use super::convert::{
    read_code_answer, read_custom_answer, read_mfa_type_answer, read_new_password_answer,
    read_responses_answer, read_setup_email_input, read_verify_totp_input, string_map_to_js,
    to_js_error,
};
use super::now_ms;
use super::signed_in::signed_in;
use crate::error::Error;
use crate::flow::{
    Challenge, ChallengeAnswer, ChallengeInfo, ChallengeKind, ChallengeSlot, CodeDelivery,
    SignInStep, TotpSecret,
};
use crate::protocol::software_token::{
    decode_associate_software_token, decode_verify_software_token,
};
use crate::protocol::Operation;

/// `SignedIn` for a signed-in user (its device confirmed first), the challenge's object for a
/// challenge. `typed_username` is the name the sign-in started with.
pub(super) async fn sign_in_step_to_js(
    connection: &Rc<Connection>,
    step: SignInStep,
    typed_username: &str,
) -> Result<JsValue, Error> {
    Ok(match step {
        SignInStep::SignedIn(result) => signed_in(connection, result, typed_username).await?.into(),
        SignInStep::Challenge(challenge) => challenge_to_js(connection, challenge, typed_username),
    })
}

fn challenge_to_js(
    connection: &Rc<Connection>,
    challenge: Challenge,
    typed_username: &str,
) -> JsValue {
    let inner = ChallengeHandle {
        info: challenge.info().clone(),
        slot: Rc::new(RefCell::new(ChallengeSlot::new(challenge))),
        connection: Rc::clone(connection),
        typed_username: typed_username.to_owned(),
    };
    match inner.info.kind {
        ChallengeKind::SmsMfa(_) => SmsMfaChallenge { inner }.into(),
        ChallengeKind::EmailOtp(_) => EmailOtpChallenge { inner }.into(),
        ChallengeKind::SoftwareTokenMfa => SoftwareTokenMfaChallenge { inner }.into(),
        ChallengeKind::SelectMfaType { .. } => SelectMfaTypeChallenge { inner }.into(),
        ChallengeKind::NewPasswordRequired { .. } => NewPasswordRequiredChallenge { inner }.into(),
        ChallengeKind::CustomChallenge => CustomChallenge { inner }.into(),
        ChallengeKind::MfaSetup { .. } => MfaSetupChallenge { inner }.into(),
        ChallengeKind::Other => OtherChallenge { inner }.into(),
    }
}

/// What every challenge object holds: what the app sees, the answer-once slot, the connection.
struct ChallengeHandle {
    info: ChallengeInfo,
    slot: Rc<RefCell<ChallengeSlot>>,
    connection: Rc<Connection>,
    /// The name the sign-in started with: a device confirmed at its end is found by it too.
    typed_username: String,
}

impl ChallengeHandle {
    /// Builds the request now (so that a second call is refused at once and sends nothing), then
    /// sends it and reads the reply.
    fn respond(&self, answer: Result<ChallengeAnswer, Error>) -> Promise {
        let sent = answer.and_then(|answer| self.slot.borrow_mut().respond(&answer));
        let slot = Rc::clone(&self.slot);
        let connection = Rc::clone(&self.connection);
        let typed_username = self.typed_username.clone();
        future_to_promise(async move {
            let (request, awaiting) = sent.map_err(|error| to_js_error(&error))?;
            let body = Zeroizing::new(request.to_json());
            drop(request);
            let reply = connection
                .send(Operation::RespondToAuthChallenge, &body)
                .await;
            let step = slot.borrow_mut().receive(awaiting, reply, now_ms());
            let step = match step {
                Ok(step) => sign_in_step_to_js(&connection, step, &typed_username).await,
                Err(error) => Err(error),
            };
            step.map_err(|error| to_js_error(&error))
        })
    }

    fn delivery(&self) -> Option<&CodeDelivery> {
        match &self.info.kind {
            ChallengeKind::SmsMfa(delivery) | ChallengeKind::EmailOtp(delivery) => Some(delivery),
            _ => None,
        }
    }
}

/// A challenge class: the fields every challenge has and its `respond`.
macro_rules! challenge_class {
    (
        $(#[$doc:meta])*
        $class:ident, name: $name_type:tt, answer: $answer_type:tt, read: $read:path
    ) => {
        $(#[$doc])*
        #[wasm_bindgen]
        pub struct $class {
            inner: ChallengeHandle,
        }

        #[wasm_bindgen]
        impl $class {
            /// Cognito's `ChallengeName`.
            #[wasm_bindgen(getter, js_name = challengeName, unchecked_return_type = $name_type)]
            pub fn challenge_name(&self) -> String {
                self.inner.info.name.clone()
            }

            /// Cognito's `ChallengeParameters`, unchanged.
            #[wasm_bindgen(
                getter,
                js_name = challengeParameters,
                unchecked_return_type = "Record<string, string>"
            )]
            pub fn challenge_parameters(&self) -> JsValue {
                string_map_to_js(&self.inner.info.parameters)
            }

            /// The single-use `Session` the answer carries.
            #[wasm_bindgen(getter)]
            pub fn session(&self) -> Option<String> {
                self.inner.info.session.clone()
            }

            /// When the session expires (milliseconds since the epoch, about 3 minutes after the
            /// challenge arrived). An answer after that is still sent; Cognito decides.
            #[wasm_bindgen(getter, js_name = expiresAt)]
            pub fn expires_at(&self) -> f64 {
                // Milliseconds since the epoch are exact in an f64.
                self.inner.info.expires_at_ms as f64
            }

            /// Always `undefined` on a challenge: lets TypeScript narrow a `SignInResult` with
            /// `if (step.tokens)` as well as with `if (step.challengeName)`.
            #[wasm_bindgen(getter, unchecked_return_type = "undefined")]
            pub fn tokens(&self) -> JsValue {
                JsValue::UNDEFINED
            }

            /// Answers the challenge once; resolves to the next step. A second call rejects with
            /// an `Error` named `InvalidStateError` and sends nothing, except after a rejection
            /// with `CodeMismatchException` (the same session may try another code).
            #[wasm_bindgen(unchecked_return_type = "Promise<SignInResult>")]
            pub fn respond(
                &self,
                #[wasm_bindgen(unchecked_param_type = $answer_type)] answer: JsValue,
            ) -> Promise {
                self.inner.respond($read(&answer))
            }
        }
    };
}

challenge_class!(
    /// `SMS_MFA`: a code was sent by SMS; answer `{ code }`.
    SmsMfaChallenge, name: "\"SMS_MFA\"", answer: "CodeAnswer", read: read_code_answer
);
challenge_class!(
    /// `EMAIL_OTP`: a code was sent by email; answer `{ code }`.
    EmailOtpChallenge, name: "\"EMAIL_OTP\"", answer: "CodeAnswer", read: read_code_answer
);
challenge_class!(
    /// `SOFTWARE_TOKEN_MFA`: answer `{ code }` from the authenticator app.
    SoftwareTokenMfaChallenge, name: "\"SOFTWARE_TOKEN_MFA\"", answer: "CodeAnswer",
    read: read_code_answer
);
challenge_class!(
    /// `SELECT_MFA_TYPE`: answer `{ mfaType }`, one of `allowedMfaTypes`.
    SelectMfaTypeChallenge, name: "\"SELECT_MFA_TYPE\"", answer: "MfaTypeAnswer",
    read: read_mfa_type_answer
);
challenge_class!(
    /// `NEW_PASSWORD_REQUIRED`: answer `{ newPassword, attributes? }`; every name of
    /// `requiredAttributes` must be in `attributes`.
    NewPasswordRequiredChallenge, name: "\"NEW_PASSWORD_REQUIRED\"", answer: "NewPasswordAnswer",
    read: read_new_password_answer
);
challenge_class!(
    /// `CUSTOM_CHALLENGE` (the pool's Lambda triggers): answer `{ answer }`.
    CustomChallenge, name: "\"CUSTOM_CHALLENGE\"", answer: "CustomChallengeAnswer",
    read: read_custom_answer
);
challenge_class!(
    /// `MFA_SETUP`: the user must set up a factor (`mfasCanSetup`): `setupTotp()`, then
    /// `verifyTotp({ code })`; `respond` sends Cognito's `ChallengeResponses` as given.
    MfaSetupChallenge, name: "\"MFA_SETUP\"", answer: "ChallengeAnswer",
    read: read_responses_answer
);
challenge_class!(
    /// Any other challenge: answer with Cognito's `ChallengeResponses` (`USERNAME` and
    /// `SECRET_HASH` are added when absent).
    OtherChallenge, name: "OtherChallengeName", answer: "ChallengeAnswer",
    read: read_responses_answer
);

macro_rules! code_delivery_getters {
    ($class:ident) => {
        #[wasm_bindgen]
        impl $class {
            /// Where the code went (`CODE_DELIVERY_DESTINATION`, masked by Cognito).
            #[wasm_bindgen(getter)]
            pub fn destination(&self) -> Option<String> {
                self.inner.delivery().and_then(|d| d.destination.clone())
            }

            /// How the code went (`CODE_DELIVERY_DELIVERY_MEDIUM`: `SMS`, `EMAIL`).
            #[wasm_bindgen(getter, js_name = deliveryMedium)]
            pub fn delivery_medium(&self) -> Option<String> {
                self.inner
                    .delivery()
                    .and_then(|d| d.delivery_medium.clone())
            }
        }
    };
}

code_delivery_getters!(SmsMfaChallenge);
code_delivery_getters!(EmailOtpChallenge);

#[wasm_bindgen]
impl SelectMfaTypeChallenge {
    /// The types the user may choose (`MFAS_CAN_CHOOSE`).
    #[wasm_bindgen(getter, js_name = allowedMfaTypes)]
    pub fn allowed_mfa_types(&self) -> Vec<String> {
        match &self.inner.info.kind {
            ChallengeKind::SelectMfaType { allowed_mfa_types } => allowed_mfa_types.clone(),
            _ => Vec::new(),
        }
    }
}

#[wasm_bindgen]
impl NewPasswordRequiredChallenge {
    /// The user's current attributes (`userAttributes`, names without the `userAttributes.`
    /// prefix).
    #[wasm_bindgen(
        getter,
        js_name = userAttributes,
        unchecked_return_type = "Record<string, string>"
    )]
    pub fn user_attributes(&self) -> JsValue {
        match &self.inner.info.kind {
            ChallengeKind::NewPasswordRequired {
                user_attributes, ..
            } => string_map_to_js(user_attributes),
            _ => string_map_to_js(&std::collections::BTreeMap::new()),
        }
    }

    /// The attributes the answer must set (`requiredAttributes`, without the prefix).
    #[wasm_bindgen(getter, js_name = requiredAttributes)]
    pub fn required_attributes(&self) -> Vec<String> {
        match &self.inner.info.kind {
            ChallengeKind::NewPasswordRequired {
                required_attributes,
                ..
            } => required_attributes.clone(),
            _ => Vec::new(),
        }
    }
}

#[wasm_bindgen]
impl MfaSetupChallenge {
    /// Starts TOTP setup: `AssociateSoftwareToken` with the challenge's Session. Resolves to the
    /// secret for the user's authenticator app (`secretCode`, `uri(issuer, accountName)`).
    #[wasm_bindgen(js_name = setupTotp, unchecked_return_type = "Promise<TotpSetup>")]
    pub fn setup_totp(&self) -> Promise {
        let body = self.inner.slot.borrow().associate_software_token();
        let slot = Rc::clone(&self.inner.slot);
        let connection = Rc::clone(&self.inner.connection);
        future_to_promise(async move {
            let setup = async {
                let reply = connection
                    .transport()
                    .call(Operation::AssociateSoftwareToken, &body?)
                    .await?;
                let output = decode_associate_software_token(&reply)?;
                slot.borrow_mut().receive_software_token(output)
            };
            match setup.await {
                Ok(secret) => Ok(TotpSetup { secret }.into()),
                Err(error) => Err(to_js_error(&error)),
            }
        })
    }

    /// Completes TOTP setup with a code from the authenticator: `VerifySoftwareToken`, then
    /// `RespondToAuthChallenge(MFA_SETUP)`; resolves to the next step. A rejected code
    /// (`EnableSoftwareTokenMFAException`, `CodeMismatchException`) may be retried; otherwise
    /// the challenge is spent like an answer.
    #[wasm_bindgen(js_name = verifyTotp, unchecked_return_type = "Promise<SignInResult>")]
    pub fn verify_totp(
        &self,
        #[wasm_bindgen(unchecked_param_type = "VerifyTotpInput")] input: JsValue,
    ) -> Promise {
        let sent = read_verify_totp_input(&input).and_then(|(code, name)| {
            self.inner
                .slot
                .borrow_mut()
                .verify_software_token(&code, name.as_deref())
        });
        let slot = Rc::clone(&self.inner.slot);
        let connection = Rc::clone(&self.inner.connection);
        let typed_username = self.inner.typed_username.clone();
        future_to_promise(async move {
            let verify = async {
                let (body, awaiting) = sent?;
                let reply = connection
                    .transport()
                    .call(Operation::VerifySoftwareToken, &body)
                    .await
                    .and_then(|reply| decode_verify_software_token(&reply));
                let (request, awaiting) = slot.borrow_mut().receive_verified(awaiting, reply)?;
                let reply = connection
                    .send(Operation::RespondToAuthChallenge, &request.to_json())
                    .await;
                let step = slot.borrow_mut().receive(awaiting, reply, now_ms())?;
                sign_in_step_to_js(&connection, step, &typed_username).await
            };
            verify.await.map_err(|error| to_js_error(&error))
        })
    }

    /// Sets email MFA up with `email` (where `mfasCanSetup` has `EMAIL_OTP`):
    /// `RespondToAuthChallenge(MFA_SETUP)` with `EMAIL`; resolves to the next step, the
    /// `EMAIL_OTP` challenge for the code sent to that address. A malformed address or a
    /// challenge not offering email rejects with `InvalidParameterError` before any request.
    #[wasm_bindgen(js_name = setupEmail, unchecked_return_type = "Promise<SignInResult>")]
    pub fn setup_email(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SetupEmailInput")] input: JsValue,
    ) -> Promise {
        let sent = read_setup_email_input(&input)
            .and_then(|email| self.inner.slot.borrow_mut().setup_email(&email));
        let slot = Rc::clone(&self.inner.slot);
        let connection = Rc::clone(&self.inner.connection);
        let typed_username = self.inner.typed_username.clone();
        future_to_promise(async move {
            let setup = async {
                let (request, awaiting) = sent?;
                let reply = connection
                    .send(Operation::RespondToAuthChallenge, &request.to_json())
                    .await;
                let step = slot.borrow_mut().receive(awaiting, reply, now_ms())?;
                sign_in_step_to_js(&connection, step, &typed_username).await
            };
            setup.await.map_err(|error| to_js_error(&error))
        })
    }

    /// The factors the user can set up (`MFAS_CAN_SETUP`).
    #[wasm_bindgen(getter, js_name = mfasCanSetup)]
    pub fn mfas_can_setup(&self) -> Vec<String> {
        match &self.inner.info.kind {
            ChallengeKind::MfaSetup { mfas_can_setup } => mfas_can_setup.clone(),
            _ => Vec::new(),
        }
    }
}

/// The TOTP secret of an `MFA_SETUP` challenge, for the user's authenticator app.
#[wasm_bindgen]
pub struct TotpSetup {
    secret: TotpSecret,
}

#[wasm_bindgen]
impl TotpSetup {
    /// Cognito's `SecretCode` (base32), for typing into an authenticator by hand.
    #[wasm_bindgen(getter, js_name = secretCode)]
    pub fn secret_code(&self) -> String {
        self.secret.secret_code.clone()
    }

    /// `otpauth://totp/<issuer>:<accountName>?secret=<secretCode>&issuer=<issuer>`
    /// (percent-encoded), ready for a QR code.
    pub fn uri(
        &self,
        issuer: &str,
        #[wasm_bindgen(js_name = accountName)] account_name: &str,
    ) -> String {
        self.secret.uri(issuer, account_name)
    }
}
