//! What the caller shows: `Serialize` views with the JavaScript API's camelCase names.
//!
//! The tokens ([`crate::protocol::AuthenticationResult`]), the devices of `listDevices`
//! ([`crate::protocol::device::DeviceDescription`]), the TOTP secret
//! ([`crate::flow::TotpSecret`]) and `ChallengeResponses` ([`crate::protocol::Params`]) are
//! `Serialize` themselves; the views here add what an exchange's outcome leaves to the caller:
//! the device tracked for a signed-in user, and what a challenge object shows.

use alloc::string::String;
use alloc::vec::Vec;

use serde::Serialize;

use crate::flow::{ChallengeInfo, ChallengeKind};
use crate::protocol::Params;

/// The device this client tracks for a signed-in user: `{ deviceKey, userConfirmationNecessary }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignedInDevice {
    pub device_key: String,
    /// `ConfirmDevice`'s `UserConfirmationNecessary`: the user must choose to remember the device.
    pub user_confirmation_necessary: bool,
}

/// What a challenge object shows: `class` (the JavaScript class it is), the `generation` its
/// answers name, `challengeName`, `challengeParameters`, `session` (`null` when Cognito sent
/// none), `expiresAt` (milliseconds since the epoch), and its kind's parsed parameters
/// (`destination`/`deliveryMedium`, `allowedMfaTypes`, `userAttributes`/`requiredAttributes`,
/// `mfasCanSetup`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChallengeView<'a> {
    pub class: &'static str,
    pub generation: u32,
    pub challenge_name: &'a str,
    pub challenge_parameters: &'a Params,
    pub session: Option<&'a str>,
    pub expires_at: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_medium: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_mfa_types: Option<&'a Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_attributes: Option<&'a Params>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required_attributes: Option<&'a Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfas_can_setup: Option<&'a Vec<String>>,
}

impl<'a> ChallengeView<'a> {
    /// The view of the challenge `info`, shown as number `generation` of its exchange.
    #[must_use]
    pub fn new(info: &'a ChallengeInfo, generation: u32) -> Self {
        let mut view = ChallengeView {
            class: class_name(&info.kind),
            generation,
            challenge_name: &info.name,
            challenge_parameters: &info.parameters,
            session: info.session.as_deref(),
            expires_at: info.expires_at_ms,
            destination: None,
            delivery_medium: None,
            allowed_mfa_types: None,
            user_attributes: None,
            required_attributes: None,
            mfas_can_setup: None,
        };
        match &info.kind {
            ChallengeKind::SmsMfa(delivery) | ChallengeKind::EmailOtp(delivery) => {
                view.destination = delivery.destination.as_deref();
                view.delivery_medium = delivery.delivery_medium.as_deref();
            }
            ChallengeKind::SelectMfaType { allowed_mfa_types } => {
                view.allowed_mfa_types = Some(allowed_mfa_types);
            }
            ChallengeKind::NewPasswordRequired {
                user_attributes,
                required_attributes,
            } => {
                view.user_attributes = Some(user_attributes);
                view.required_attributes = Some(required_attributes);
            }
            ChallengeKind::MfaSetup { mfas_can_setup } => {
                view.mfas_can_setup = Some(mfas_can_setup);
            }
            ChallengeKind::SoftwareTokenMfa
            | ChallengeKind::CustomChallenge
            | ChallengeKind::Other => {}
        }
        view
    }
}

/// The JavaScript class of a challenge of `kind`.
#[must_use]
pub fn class_name(kind: &ChallengeKind) -> &'static str {
    match kind {
        ChallengeKind::SmsMfa(_) => "SmsMfaChallenge",
        ChallengeKind::EmailOtp(_) => "EmailOtpChallenge",
        ChallengeKind::SoftwareTokenMfa => "SoftwareTokenMfaChallenge",
        ChallengeKind::SelectMfaType { .. } => "SelectMfaTypeChallenge",
        ChallengeKind::NewPasswordRequired { .. } => "NewPasswordRequiredChallenge",
        ChallengeKind::CustomChallenge => "CustomChallenge",
        ChallengeKind::MfaSetup { .. } => "MfaSetupChallenge",
        ChallengeKind::Other => "OtherChallenge",
    }
}
