//! What the core hands back to JavaScript, as JSON text: one object per [`Outcome`] or error,
//! with a single member naming what it is (`send`, `signedIn`, `challenge`, `totp`, `result`,
//! `error`). The package's JavaScript turns it into a `fetch`, an object of the API or a thrown
//! `Error`.
//!
//! Written straight into the text: building a [`crate::protocol::json::Json`] tree only to write
//! it would cost the package its code.

use alloc::borrow::ToOwned;
use alloc::string::String;

use crate::protocol::Params;

use super::{Client, Exchange, Outcome};
use crate::error::Error;
use crate::flow::{ChallengeInfo, ChallengeKind};
use crate::protocol::device::DeviceDescription;
use crate::protocol::json::write_string;
use crate::protocol::AuthenticationResult;
use cognito_srp::text::push_decimal;

/// `{ "error": { name, message, retryable, httpStatus? } }`: the message never carries a
/// secret (see [`crate::error`]).
#[must_use]
pub fn error_json(error: &Error) -> String {
    let mut out = open("error");
    string(&mut out, "name", error.name());
    string(&mut out, "message", error.message());
    key(&mut out, "retryable");
    out.push_str(if error.retryable() { "true" } else { "false" });
    if let Some(status) = error.http_status() {
        number(&mut out, "httpStatus", status.into());
    }
    close(out)
}

/// The outcome, or the error, as the JSON text the package's JavaScript reads.
#[must_use]
pub fn outcome_json(
    client: &Client,
    exchange: &Exchange,
    outcome: Result<Outcome, Error>,
) -> String {
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(error) => return error_json(&error),
    };
    let mut out;
    match outcome {
        Outcome::Send { operation, body } => {
            out = open("send");
            string(&mut out, "url", client.config().endpoint());
            string(&mut out, "target", operation.target());
            string(&mut out, "body", &body);
            number(&mut out, "timeoutMs", client.config().timeout_ms().into());
        }
        Outcome::SignedIn { tokens, device } => {
            out = open("signedIn");
            tokens_json(&mut out, &tokens);
            if let Some((device_key, user_confirmation_necessary)) = device {
                key(&mut out, "device");
                out.push('{');
                string(&mut out, "deviceKey", &device_key);
                key(&mut out, "userConfirmationNecessary");
                out.push_str(if user_confirmation_necessary {
                    "true}"
                } else {
                    "false}"
                });
            }
        }
        Outcome::Challenge { generation } => {
            let Some(info) = exchange.challenge_info() else {
                return error_json(&Error::InvalidState("the challenge was answered".into()));
            };
            out = open("challenge");
            challenge_json(&mut out, info, generation);
        }
        Outcome::TotpSecret(secret) => {
            out = open("totp");
            string(&mut out, "secretCode", &secret.secret_code);
        }
        Outcome::Devices(devices) => {
            out = String::from("{\"result\":[");
            for device in &devices {
                separate(&mut out);
                device_json(&mut out, device);
            }
            out.push_str("]}");
            return out;
        }
        // Checked to be a JSON object: embedded as it came.
        Outcome::Raw(text) => return ["{\"result\":", &text, "}"].concat(),
        Outcome::Done => return "{\"result\":null}".to_owned(),
    }
    close(out)
}

/// `{ "result": { … } }`: `ChallengeResponses` computed without a request.
#[must_use]
pub fn responses_json(responses: &Params) -> String {
    let mut out = open("result");
    string_members(&mut out, responses);
    close(out)
}

/// `{"name":{`, the start of an outcome whose value is an object; [`close`] ends it.
fn open(name: &str) -> String {
    let mut out = String::from("{");
    write_string(&mut out, name);
    out.push_str(":{");
    out
}

fn close(mut out: String) -> String {
    out.push_str("}}");
    out
}

/// The comma before a member or an item, unless it is the first of its object or array.
fn separate(out: &mut String) {
    if !(out.ends_with('{') || out.ends_with('[')) {
        out.push(',');
    }
}

/// `"name":`, after a comma when a member came before.
fn key(out: &mut String, name: &str) {
    separate(out);
    write_string(out, name);
    out.push(':');
}

fn string(out: &mut String, name: &str, value: &str) {
    key(out, name);
    write_string(out, value);
}

fn number(out: &mut String, name: &str, value: i64) {
    key(out, name);
    push_decimal(out, value);
}

/// The members of an object of strings (its braces are the caller's).
fn string_members<'a>(
    out: &mut String,
    entries: impl IntoIterator<Item = (&'a String, &'a String)>,
) {
    for (name, value) in entries {
        string(out, name, value);
    }
}

fn string_map(out: &mut String, name: &str, map: &Params) {
    key(out, name);
    out.push('{');
    string_members(out, map);
    out.push('}');
}

fn strings(out: &mut String, name: &str, items: &[String]) {
    key(out, name);
    out.push('[');
    for item in items {
        separate(out);
        write_string(out, item);
    }
    out.push(']');
}

/// `"tokens":{ idToken, accessToken, refreshToken?, expiresIn, tokenType, newDeviceMetadata? }`
fn tokens_json(out: &mut String, result: &AuthenticationResult) {
    key(out, "tokens");
    out.push('{');
    string(out, "idToken", &result.id_token);
    string(out, "accessToken", &result.access_token);
    if let Some(refresh_token) = &result.refresh_token {
        string(out, "refreshToken", refresh_token);
    }
    number(out, "expiresIn", result.expires_in.into());
    string(out, "tokenType", &result.token_type);
    if let Some(device) = &result.new_device_metadata {
        key(out, "newDeviceMetadata");
        out.push('{');
        string(out, "deviceKey", &device.device_key);
        string(out, "deviceGroupKey", &device.device_group_key);
        out.push('}');
    }
    out.push('}');
}

/// What a challenge object shows: the fields every challenge has, the `class` the package
/// makes of it, the `generation` its answers name, and its kind's parsed parameters.
fn challenge_json(out: &mut String, info: &ChallengeInfo, generation: u32) {
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
    string(out, "class", class);
    number(out, "generation", generation.into());
    string(out, "challengeName", &info.name);
    string_map(out, "challengeParameters", &info.parameters);
    match &info.session {
        Some(session) => string(out, "session", session),
        None => {
            key(out, "session");
            out.push_str("null");
        }
    }
    number(out, "expiresAt", info.expires_at_ms);
    match &info.kind {
        ChallengeKind::SmsMfa(delivery) | ChallengeKind::EmailOtp(delivery) => {
            for (name, value) in [
                ("destination", &delivery.destination),
                ("deliveryMedium", &delivery.delivery_medium),
            ] {
                if let Some(value) = value {
                    string(out, name, value);
                }
            }
        }
        ChallengeKind::SelectMfaType { allowed_mfa_types } => {
            strings(out, "allowedMfaTypes", allowed_mfa_types);
        }
        ChallengeKind::NewPasswordRequired {
            user_attributes,
            required_attributes,
        } => {
            string_map(out, "userAttributes", user_attributes);
            strings(out, "requiredAttributes", required_attributes);
        }
        ChallengeKind::MfaSetup { mfas_can_setup } => {
            strings(out, "mfasCanSetup", mfas_can_setup);
        }
        ChallengeKind::SoftwareTokenMfa | ChallengeKind::CustomChallenge | ChallengeKind::Other => {
        }
    }
}

/// `{ deviceKey, attributes, createDate?, lastModifiedDate?, lastAuthenticatedDate? }`, the
/// dates as the number Cognito wrote (seconds since the epoch). A repeated attribute name is
/// written each time: `JSON.parse` keeps its first place and its last value.
fn device_json(out: &mut String, device: &DeviceDescription) {
    out.push('{');
    string(out, "deviceKey", &device.device_key);
    key(out, "attributes");
    out.push('{');
    string_members(
        out,
        device.attributes.iter().map(|(name, value)| (name, value)),
    );
    out.push('}');
    for (name, date) in [
        ("createDate", &device.create_date),
        ("lastModifiedDate", &device.last_modified_date),
        ("lastAuthenticatedDate", &device.last_authenticated_date),
    ] {
        if let Some(date) = date {
            key(out, name);
            out.push_str(date);
        }
    }
    out.push('}');
}
