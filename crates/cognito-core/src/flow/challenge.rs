//! Challenges only the user can answer: their parsed parameters, their answers, and the
//! answer-once rule.
//!
//! A [`Challenge`] is consumed by its answer: [`ChallengeSlot::respond`] takes it out of its slot
//! and builds `RespondToAuthChallenge`, so a second answer finds the slot empty and fails with
//! [`Error::InvalidState`] without building a request (the `Session` is single use). One
//! exception: when Cognito rejects a code with `CodeMismatchException`, the session stays usable
//! for another try (Cognito counts the attempts), so [`ChallengeSlot::receive`] puts the challenge
//! back; any other outcome spends it.

use alloc::borrow::ToOwned;
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use crate::protocol::Params;

use zeroize::Zeroizing;

use super::device::{DeviceSrpAuth, RememberedDevice};
use super::sign_in::{out_of_turn, SignInContext, SignInNext};
use super::step::SignInStep;
use crate::error::Error;
use crate::protocol::names::DEVICE_SRP_AUTH;
use crate::protocol::names::{
    ANSWER, CODE_DELIVERY_DELIVERY_MEDIUM, CODE_DELIVERY_DESTINATION, CUSTOM_CHALLENGE, EMAIL_OTP,
    EMAIL_OTP_CODE, MFA_SETUP, NEW_PASSWORD, NEW_PASSWORD_REQUIRED, SELECT_MFA_TYPE, SMS_MFA,
    SMS_MFA_CODE, SOFTWARE_TOKEN_MFA, SOFTWARE_TOKEN_MFA_CODE, USERNAME, USER_ATTRIBUTES_PREFIX,
    USER_ID_FOR_SRP,
};
use crate::protocol::{AuthOutput, JsonParameters, RespondToAuthChallengeRequest};

/// How long a challenge's `Session` lives at Cognito: about 3 minutes.
pub const SESSION_LIFETIME_MS: i64 = 3 * 60 * 1000;

/// The exception after which a challenge may be answered again with the same session.
const CODE_MISMATCH: &str = "CodeMismatchException";

/// What the app sees of a challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeInfo {
    /// Cognito's `ChallengeName`.
    pub name: String,
    /// Cognito's `ChallengeParameters`, unchanged.
    pub parameters: Params,
    /// The single-use `Session` the answer carries.
    pub session: Option<String>,
    /// The internal username (`USER_ID_FOR_SRP`, or the challenge's `USERNAME`) that the answer's
    /// `USERNAME` and `SECRET_HASH` use; never the alias the user typed.
    pub username: String,
    /// When the session expires, in milliseconds since the epoch (arrival + 3 minutes). An answer
    /// after that is still sent: Cognito decides.
    pub expires_at_ms: i64,
    /// The parameters the app needs, parsed.
    pub kind: ChallengeKind,
}

/// Where a one-time code went (`CODE_DELIVERY_DESTINATION`, `CODE_DELIVERY_DELIVERY_MEDIUM`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeDelivery {
    pub destination: Option<String>,
    pub delivery_medium: Option<String>,
}

/// A challenge by name, with its parameters parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChallengeKind {
    SmsMfa(CodeDelivery),
    EmailOtp(CodeDelivery),
    SoftwareTokenMfa,
    /// `MFAS_CAN_CHOOSE`, a JSON array of names.
    SelectMfaType {
        allowed_mfa_types: Vec<String>,
    },
    /// `userAttributes` (a JSON object) and `requiredAttributes` (a JSON array), names without
    /// the `userAttributes.` prefix.
    NewPasswordRequired {
        user_attributes: Params,
        required_attributes: Vec<String>,
    },
    CustomChallenge,
    /// `MFAS_CAN_SETUP`, a JSON array of names.
    MfaSetup {
        mfas_can_setup: Vec<String>,
    },
    /// Any other challenge: answered with the `ChallengeResponses` the app gives.
    Other,
}

/// An answer to a challenge.
pub enum ChallengeAnswer {
    /// `SMS_MFA_CODE`, `EMAIL_OTP_CODE` or `SOFTWARE_TOKEN_MFA_CODE`, after the challenge.
    Code(String),
    /// `SELECT_MFA_TYPE`'s `ANSWER`: one of the allowed types.
    MfaType(String),
    /// `NEW_PASSWORD` plus `userAttributes.<name>` for each attribute (names with or without the
    /// prefix).
    NewPassword {
        new_password: Zeroizing<String>,
        attributes: Params,
    },
    /// `CUSTOM_CHALLENGE`'s `ANSWER`.
    Custom(String),
    /// `ChallengeResponses` as given (any challenge); `USERNAME` and `SECRET_HASH` are added when
    /// absent.
    Responses(Params),
}

/// A challenge waiting for the user's answer.
#[derive(Debug)]
pub struct Challenge {
    info: ChallengeInfo,
    context: SignInContext,
    /// The sign-in's device while it has not proven itself: it answers `DEVICE_SRP_AUTH` if
    /// Cognito asks for it after this challenge.
    device: Option<RememberedDevice>,
}

impl Challenge {
    /// Reads a challenge Cognito sent at `now_ms`. `username` is the sign-in's username so far;
    /// the challenge's own `USER_ID_FOR_SRP` or `USERNAME` replaces it. The parameters that are
    /// JSON text (`userAttributes`, `MFAS_CAN_CHOOSE`, …) were read with the answer
    /// ([`crate::protocol::decode_auth_output`]).
    // Each argument is a distinct part of Cognito's answer or of the sign-in it continues.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        context: SignInContext,
        name: String,
        parameters: Params,
        json: JsonParameters,
        session: Option<String>,
        username: &str,
        device: Option<RememberedDevice>,
        now_ms: i64,
    ) -> Self {
        let kind = parse_kind(&name, &parameters, json);
        let username = parameters
            .get(USER_ID_FOR_SRP)
            .or_else(|| parameters.get(USERNAME))
            .filter(|name| !name.is_empty())
            .map_or(username, String::as_str)
            .to_owned();
        Challenge {
            info: ChallengeInfo {
                name,
                parameters,
                session,
                username,
                expires_at_ms: now_ms.saturating_add(SESSION_LIFETIME_MS),
                kind,
            },
            context,
            device,
        }
    }

    #[must_use]
    pub fn info(&self) -> &ChallengeInfo {
        &self.info
    }

    pub(super) fn context(&self) -> &SignInContext {
        &self.context
    }

    /// The `RespondToAuthChallenge` carrying `answer`, or an [`Error::InvalidParameter`] when the
    /// answer does not fit this challenge.
    fn request(&self, answer: &ChallengeAnswer) -> Result<RespondToAuthChallengeRequest, Error> {
        let info = &self.info;
        let responses = match (&info.kind, answer) {
            (_, ChallengeAnswer::Responses(responses)) => responses.clone(),
            (ChallengeKind::SmsMfa(_), ChallengeAnswer::Code(code)) => {
                code_responses(SMS_MFA_CODE, code)?
            }
            (ChallengeKind::EmailOtp(_), ChallengeAnswer::Code(code)) => {
                code_responses(EMAIL_OTP_CODE, code)?
            }
            (ChallengeKind::SoftwareTokenMfa, ChallengeAnswer::Code(code)) => {
                code_responses(SOFTWARE_TOKEN_MFA_CODE, code)?
            }
            (ChallengeKind::SelectMfaType { allowed_mfa_types }, ChallengeAnswer::MfaType(t)) => {
                if !allowed_mfa_types.is_empty() && !allowed_mfa_types.contains(t) {
                    return Err(Error::InvalidParameter(
                        [
                            "mfaType must be one of the allowed types (",
                            &comma_list(allowed_mfa_types),
                            ")",
                        ]
                        .concat()
                        .into(),
                    ));
                }
                Params::from([(ANSWER.to_owned(), t.clone())])
            }
            (
                ChallengeKind::NewPasswordRequired {
                    required_attributes,
                    ..
                },
                ChallengeAnswer::NewPassword {
                    new_password,
                    attributes,
                },
            ) => new_password_responses(new_password, attributes, required_attributes)?,
            (ChallengeKind::CustomChallenge, ChallengeAnswer::Custom(answer)) => {
                Params::from([(ANSWER.to_owned(), answer.clone())])
            }
            _ => {
                return Err(Error::InvalidParameter(
                    ["this answer does not fit the ", &info.name, " challenge"]
                        .concat()
                        .into(),
                ))
            }
        };
        Ok(self.context.respond_request(
            &info.name,
            &info.username,
            info.session.clone(),
            responses,
        ))
    }
}

fn code_responses(key: &str, code: &str) -> Result<Params, Error> {
    if code.is_empty() {
        return Err(Error::InvalidParameter(
            "code must be a non-empty string".into(),
        ));
    }
    Ok(Params::from([(key.to_owned(), code.to_owned())]))
}

/// `NEW_PASSWORD` and `userAttributes.<name>` for each attribute; every required attribute must
/// be among them.
fn new_password_responses(
    new_password: &str,
    attributes: &Params,
    required: &[String],
) -> Result<Params, Error> {
    if new_password.is_empty() {
        return Err(Error::InvalidParameter(
            "newPassword must be a non-empty string".into(),
        ));
    }
    let mut responses = Params::from([(NEW_PASSWORD.to_owned(), new_password.to_owned())]);
    for (name, value) in attributes {
        let name = strip_attribute_prefix(name);
        responses.insert([USER_ATTRIBUTES_PREFIX, name].concat(), value.clone());
    }
    let mut missing = String::new();
    for name in required {
        if !responses.contains_key(&[USER_ATTRIBUTES_PREFIX, name].concat()) {
            push_item(&mut missing, name);
        }
    }
    if !missing.is_empty() {
        return Err(Error::InvalidParameter(
            [
                "the NEW_PASSWORD_REQUIRED challenge needs the attributes ",
                &missing,
            ]
            .concat()
            .into(),
        ));
    }
    Ok(responses)
}

/// `items` separated by `, ` (for messages).
pub(super) fn comma_list(items: &[String]) -> String {
    let mut list = String::new();
    for item in items {
        push_item(&mut list, item);
    }
    list
}

fn push_item(list: &mut String, item: &str) {
    if !list.is_empty() {
        list.push_str(", ");
    }
    list.push_str(item);
}

fn strip_attribute_prefix(name: &str) -> &str {
    name.strip_prefix(USER_ATTRIBUTES_PREFIX).unwrap_or(name)
}

fn parse_kind(name: &str, parameters: &Params, json: JsonParameters) -> ChallengeKind {
    let delivery = || CodeDelivery {
        destination: parameters.get(CODE_DELIVERY_DESTINATION).cloned(),
        delivery_medium: parameters.get(CODE_DELIVERY_DELIVERY_MEDIUM).cloned(),
    };
    match name {
        SMS_MFA => ChallengeKind::SmsMfa(delivery()),
        EMAIL_OTP => ChallengeKind::EmailOtp(delivery()),
        SOFTWARE_TOKEN_MFA => ChallengeKind::SoftwareTokenMfa,
        SELECT_MFA_TYPE => ChallengeKind::SelectMfaType {
            allowed_mfa_types: json.mfas_can_choose,
        },
        NEW_PASSWORD_REQUIRED => ChallengeKind::NewPasswordRequired {
            user_attributes: json
                .user_attributes
                .iter()
                .map(|(name, value)| (strip_attribute_prefix(name).to_owned(), value.clone()))
                .collect(),
            required_attributes: json
                .required_attributes
                .iter()
                .map(|name| strip_attribute_prefix(name).to_owned())
                .collect(),
        },
        CUSTOM_CHALLENGE => ChallengeKind::CustomChallenge,
        MFA_SETUP => ChallengeKind::MfaSetup {
            mfas_can_setup: json.mfas_can_setup,
        },
        _ => ChallengeKind::Other,
    }
}

/// Holds a challenge until it is answered: the answer-once rule.
#[derive(Debug)]
pub struct ChallengeSlot {
    challenge: Option<Box<Challenge>>,
}

/// An answer was sent; Cognito's reply goes to [`ChallengeSlot::receive`].
#[derive(Debug)]
pub struct AwaitingChallengeResult {
    challenge: Box<Challenge>,
}

impl AwaitingChallengeResult {
    pub(super) fn from_challenge(challenge: Box<Challenge>) -> Self {
        AwaitingChallengeResult { challenge }
    }

    pub(super) fn into_challenge(self) -> Box<Challenge> {
        self.challenge
    }
}

impl ChallengeSlot {
    #[must_use]
    pub fn new(challenge: Box<Challenge>) -> Self {
        ChallengeSlot {
            challenge: Some(challenge),
        }
    }

    fn already_answered() -> Error {
        Error::InvalidState("this challenge was already answered".into())
    }

    /// The kind of the challenge, while it is unanswered: how its answer reads.
    pub fn kind(&self) -> Result<&ChallengeKind, Error> {
        self.peek().map(|challenge| &challenge.info().kind)
    }

    /// What the app sees of the challenge, while it is unanswered.
    #[must_use]
    pub fn info(&self) -> Option<&ChallengeInfo> {
        self.challenge.as_deref().map(Challenge::info)
    }

    /// The challenge, while it is unanswered.
    pub(super) fn peek(&self) -> Result<&Challenge, Error> {
        self.challenge.as_deref().ok_or_else(Self::already_answered)
    }

    /// Moves the unanswered challenge on to the `Session` Cognito handed out meanwhile
    /// (`AssociateSoftwareToken` inside `MFA_SETUP`).
    pub(super) fn set_session(&mut self, session: String) -> Result<(), Error> {
        let challenge = self.challenge.as_mut().ok_or_else(Self::already_answered)?;
        challenge.info.session = Some(session);
        Ok(())
    }

    /// Takes the challenge out for an answer built elsewhere (`VerifySoftwareToken`).
    pub(super) fn take_for_answer(&mut self) -> Result<AwaitingChallengeResult, Error> {
        let challenge = self.challenge.take().ok_or_else(Self::already_answered)?;
        Ok(AwaitingChallengeResult { challenge })
    }

    /// Makes a challenge whose answer was refused answerable again.
    pub(super) fn put_back(&mut self, sent: AwaitingChallengeResult) {
        self.challenge = Some(sent.challenge);
    }

    /// Takes the challenge out and builds the request answering it. An already answered (or
    /// being answered) challenge is an [`Error::InvalidState`]; an answer that does not fit is
    /// an [`Error::InvalidParameter`] and leaves the challenge answerable.
    pub fn respond(
        &mut self,
        answer: &ChallengeAnswer,
    ) -> Result<(RespondToAuthChallengeRequest, AwaitingChallengeResult), Error> {
        let challenge = self
            .challenge
            .take()
            .ok_or_else(|| Error::InvalidState("this challenge was already answered".into()))?;
        match challenge.request(answer) {
            Ok(request) => Ok((request, AwaitingChallengeResult { challenge })),
            Err(error) => {
                self.challenge = Some(challenge);
                Err(error)
            }
        }
    }

    /// Reads Cognito's reply to the answer, received at `now_ms`: the next step, `DEVICE_SRP_AUTH`
    /// for the sign-in's device ([`next_step`]), or the error. After `CodeMismatchException` the
    /// challenge may be answered again.
    pub fn receive(
        &mut self,
        sent: AwaitingChallengeResult,
        reply: Result<AuthOutput, Error>,
        now_ms: i64,
    ) -> Result<SignInNext, Error> {
        match reply {
            Ok(output) => {
                let Challenge {
                    info,
                    context,
                    device,
                } = *sent.challenge;
                next_step(context, &info.username, device, output, now_ms)
            }
            Err(error) => {
                if error.name() == CODE_MISMATCH {
                    self.challenge = Some(sent.challenge);
                }
                Err(error)
            }
        }
    }
}

/// The step after an answer: tokens or the next challenge for the user. Cognito answers with
/// either, never both and never neither. `DEVICE_SRP_AUTH` is the sign-in's `device` to prove
/// itself, answered by the client: Cognito asks for it once the user's challenges are passed (a
/// tracked device that is not remembered still gets MFA first); without a device it is a
/// [`Error::Protocol`]. A further challenge keeps the device for its own answer.
pub(super) fn next_step(
    context: SignInContext,
    username: &str,
    device: Option<RememberedDevice>,
    output: AuthOutput,
    now_ms: i64,
) -> Result<SignInNext, Error> {
    let challenge_name = output.challenge_name.filter(|name| !name.is_empty());
    match (challenge_name, output.authentication_result) {
        (None, Some(result)) => Ok(SignInNext::Done(SignInStep::SignedIn(result))),
        (Some(name), None) if name == DEVICE_SRP_AUTH => {
            let Some(device) = device else {
                return Err(out_of_turn(DEVICE_SRP_AUTH));
            };
            Ok(SignInNext::DeviceSrpAuth(DeviceSrpAuth {
                context,
                username: username.to_owned(),
                device,
                session: output.session,
            }))
        }
        (Some(name), None) => Ok(SignInNext::Done(SignInStep::Challenge(Box::new(
            Challenge::new(
                context,
                name,
                output.challenge_parameters,
                output.json_parameters,
                output.session,
                username,
                device,
                now_ms,
            ),
        )))),
        (Some(_), Some(_)) => Err(Error::protocol(
            "Cognito answered with both a challenge and tokens",
        )),
        (None, None) => Err(Error::protocol(
            "Cognito answered with neither a challenge nor tokens",
        )),
    }
}
