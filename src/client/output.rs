//! What the core hands back to JavaScript, as JSON text: one object per [`Outcome`] or error,
//! with a single member naming what it is (`send`, `signedIn`, `challenge`, `totp`, `result`,
//! `error`). The package's JavaScript turns it into a `fetch`, an object of the API or a thrown
//! `Error`.

use crate::protocol::Params;

use super::{Client, Outcome};
use crate::error::Error;
use crate::flow::{ChallengeInfo, ChallengeKind};
use crate::protocol::device::DeviceDescription;
use crate::protocol::json::{Json, Object};
use crate::protocol::AuthenticationResult;

/// `{ "error": { name, message, retryable, httpStatus? } }`: the message never carries a
/// secret (see [`crate::error`]).
#[must_use]
pub fn error_json(error: &Error) -> String {
    let mut fields = Object::new();
    fields.insert("name", error.name());
    fields.insert("message", error.message());
    fields.insert("retryable", Json::Bool(error.retryable()));
    if let Some(status) = error.http_status() {
        fields.insert("httpStatus", number(status));
    }
    wrap("error", Json::Object(fields))
}

/// The outcome, or the error, as the JSON text the package's JavaScript reads.
#[must_use]
pub fn outcome_json(client: &Client, outcome: Result<Outcome, Error>) -> String {
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(error) => return error_json(&error),
    };
    match outcome {
        Outcome::Send { operation, body } => {
            let mut fields = Object::new();
            fields.insert("url", client.config().endpoint());
            fields.insert("target", operation.target());
            fields.insert("body", body.as_str());
            fields.insert("timeoutMs", number(client.config().timeout_ms()));
            wrap("send", Json::Object(fields))
        }
        Outcome::SignedIn { tokens, device } => {
            let mut fields = Object::new();
            fields.insert("tokens", tokens_json(&tokens));
            if let Some((device_key, user_confirmation_necessary)) = device {
                let mut info = Object::new();
                info.insert("deviceKey", device_key);
                info.insert(
                    "userConfirmationNecessary",
                    Json::Bool(user_confirmation_necessary),
                );
                fields.insert("device", Json::Object(info));
            }
            wrap("signedIn", Json::Object(fields))
        }
        Outcome::Challenge { info, generation } => {
            wrap("challenge", challenge_json(&info, generation))
        }
        Outcome::TotpSecret(secret) => {
            let mut fields = Object::new();
            fields.insert("secretCode", secret.secret_code.as_str());
            wrap("totp", Json::Object(fields))
        }
        Outcome::Devices(devices) => wrap(
            "result",
            Json::Array(devices.iter().map(device_json).collect()),
        ),
        // Checked to be a JSON object: embedded as it came.
        Outcome::Raw(text) => format!("{{\"result\":{text}}}"),
        Outcome::Done => wrap("result", Json::Null),
    }
}

/// `{ "result": { … } }`: `ChallengeResponses` computed without a request.
#[must_use]
pub fn responses_json(responses: &Params) -> String {
    wrap("result", string_map(responses))
}

fn wrap(name: &str, value: Json) -> String {
    let mut fields = Object::new();
    fields.insert(name, value);
    Json::Object(fields).to_text()
}

fn number(value: impl ToString) -> Json {
    Json::Number(value.to_string())
}

fn string_map<'a>(entries: impl IntoIterator<Item = (&'a String, &'a String)>) -> Json {
    let mut fields = Object::new();
    for (key, value) in entries {
        fields.insert(key.as_str(), value.as_str());
    }
    Json::Object(fields)
}

fn strings(items: &[String]) -> Json {
    Json::Array(items.iter().map(|item| Json::from(item.as_str())).collect())
}

/// `{ idToken, accessToken, refreshToken?, expiresIn, tokenType, newDeviceMetadata? }`
fn tokens_json(result: &AuthenticationResult) -> Json {
    let mut tokens = Object::new();
    tokens.insert("idToken", result.id_token.as_str());
    tokens.insert("accessToken", result.access_token.as_str());
    if let Some(refresh_token) = &result.refresh_token {
        tokens.insert("refreshToken", refresh_token.as_str());
    }
    tokens.insert("expiresIn", number(result.expires_in));
    tokens.insert("tokenType", result.token_type.as_str());
    if let Some(device) = &result.new_device_metadata {
        let mut metadata = Object::new();
        metadata.insert("deviceKey", device.device_key.as_str());
        metadata.insert("deviceGroupKey", device.device_group_key.as_str());
        tokens.insert("newDeviceMetadata", Json::Object(metadata));
    }
    Json::Object(tokens)
}

/// What a challenge object shows: the fields every challenge has, the `class` the package
/// makes of it, the `generation` its answers name, and its kind's parsed parameters.
fn challenge_json(info: &ChallengeInfo, generation: u32) -> Json {
    let mut fields = Object::new();
    let class = match &info.kind {
        ChallengeKind::SmsMfa(_) => "SmsMfaChallenge",
        ChallengeKind::EmailOtp(_) => "EmailOtpChallenge",
        ChallengeKind::SoftwareTokenMfa => "SoftwareTokenMfaChallenge",
        ChallengeKind::SelectMfaType { .. } => "SelectMfaTypeChallenge",
        ChallengeKind::NewPasswordRequired { .. } => "NewPasswordRequiredChallenge",
        ChallengeKind::CustomChallenge => "CustomChallenge",
        ChallengeKind::MfaSetup { .. } => "MfaSetupChallenge",
        ChallengeKind::Other => "OtherChallenge",
    };
    fields.insert("class", class);
    fields.insert("generation", number(generation));
    fields.insert("challengeName", info.name.as_str());
    fields.insert("challengeParameters", string_map(&info.parameters));
    fields.insert(
        "session",
        info.session.as_deref().map_or(Json::Null, Json::from),
    );
    fields.insert("expiresAt", number(info.expires_at_ms));
    match &info.kind {
        ChallengeKind::SmsMfa(delivery) | ChallengeKind::EmailOtp(delivery) => {
            for (key, value) in [
                ("destination", &delivery.destination),
                ("deliveryMedium", &delivery.delivery_medium),
            ] {
                if let Some(value) = value {
                    fields.insert(key, value.as_str());
                }
            }
        }
        ChallengeKind::SelectMfaType { allowed_mfa_types } => {
            fields.insert("allowedMfaTypes", strings(allowed_mfa_types));
        }
        ChallengeKind::NewPasswordRequired {
            user_attributes,
            required_attributes,
        } => {
            fields.insert("userAttributes", string_map(user_attributes));
            fields.insert("requiredAttributes", strings(required_attributes));
        }
        ChallengeKind::MfaSetup { mfas_can_setup } => {
            fields.insert("mfasCanSetup", strings(mfas_can_setup));
        }
        ChallengeKind::SoftwareTokenMfa | ChallengeKind::CustomChallenge | ChallengeKind::Other => {
        }
    }
    Json::Object(fields)
}

/// `{ deviceKey, attributes, createDate?, lastModifiedDate?, lastAuthenticatedDate? }`, the
/// dates as the number Cognito wrote (seconds since the epoch).
fn device_json(device: &DeviceDescription) -> Json {
    let mut fields = Object::new();
    fields.insert("deviceKey", device.device_key.as_str());
    let mut attributes = Object::new();
    for (name, value) in &device.attributes {
        attributes.insert(name.as_str(), value.as_str());
    }
    fields.insert("attributes", Json::Object(attributes));
    for (key, date) in [
        ("createDate", &device.create_date),
        ("lastModifiedDate", &device.last_modified_date),
        ("lastAuthenticatedDate", &device.last_authenticated_date),
    ] {
        if let Some(date) = date {
            fields.insert(key, Json::Number(date.clone()));
        }
    }
    Json::Object(fields)
}
