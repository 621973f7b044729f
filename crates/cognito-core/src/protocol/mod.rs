//! Cognito's JSON wire format for the user-pool sign-in operations (pure, no I/O).
//!
//! Every call is `POST /` to the regional endpoint with
//! `Content-Type: application/x-amz-json-1.1` and
//! `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`; the body is the operation's
//! input as JSON with PascalCase field names. User-pool client calls are unsigned.
//!
//! - [`operation`]: the operations and their `X-Amz-Target` values.
//! - [`auth`]: `InitiateAuth` / `RespondToAuthChallenge` inputs and their common output.
//! - [`names`]: challenge names and the parameter keys of `AuthParameters`,
//!   `ChallengeParameters` and `ChallengeResponses`.
//! - [`service_error`]: decoding Cognito's error bodies.
//! - [`software_token`]: `AssociateSoftwareToken` / `VerifySoftwareToken` inside `MFA_SETUP`.
//! - [`device`]: `ConfirmDevice`, `UpdateDeviceStatus`, `ForgetDevice`, `ListDevices`.
//! - [`json`]: the JSON reader and writer all of the above use.

pub mod auth;
pub mod device;
pub mod json;
pub mod names;
pub mod operation;
pub mod params;
pub mod service_error;
pub mod software_token;

pub use auth::{
    decode_auth_output, AuthOutput, AuthenticationResult, InitiateAuthRequest, NewDeviceMetadata,
    RespondToAuthChallengeRequest,
};
pub use operation::Operation;
pub use params::Params;
pub use service_error::decode_service_error;

use alloc::string::String;

use crate::error::Error;
use cognito_srp::text::concat;
use json::{Json, Object};

/// The `Content-Type` of every request (and of Cognito's answers).
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// The error of an answer that is not a JSON object.
pub(crate) const NOT_AN_OBJECT: &str = "Cognito's answer is not a JSON object";

/// A 2xx answer's body as a JSON object, or the [`Error::Protocol`] that it is not one.
pub(crate) fn answer_object(body: &str) -> Result<Object, Error> {
    match Json::parse(body) {
        Ok(Json::Object(fields)) => Ok(fields),
        _ => Err(Error::protocol(NOT_AN_OBJECT)),
    }
}

/// Reads the fields of an answer without stopping at the first bad one: each read gives a value
/// (`None` or empty when missing or mistyped) and the first field that was missing or mistyped
/// is remembered for [`Fields::finish`]. One exit instead of one per field keeps the decoders
/// small.
#[derive(Default)]
pub(crate) struct Fields {
    invalid: Option<&'static str>,
}

impl Fields {
    fn fail(&mut self, path: &'static str) {
        self.invalid.get_or_insert(path);
    }

    /// The field that `path` names (the part after its last `.`).
    fn get<'a>(object: &'a Object, path: &str) -> Option<&'a Json> {
        let mut start = 0;
        for (i, byte) in path.bytes().enumerate() {
            if byte == b'.' {
                start = i + 1;
            }
        }
        object.get(path.get(start..).unwrap_or_default())
    }

    /// A string field; absent or `null` is `None`.
    pub fn string(&mut self, object: &Object, path: &'static str) -> Option<String> {
        match Self::get(object, path) {
            None | Some(Json::Null) => None,
            Some(Json::String(value)) => Some(value.clone()),
            Some(_) => {
                self.fail(path);
                None
            }
        }
    }

    /// A string field that must be present (and not `null`).
    pub fn required(&mut self, object: &Object, path: &'static str) -> String {
        let value = self.string(object, path);
        if value.is_none() {
            self.fail(path);
        }
        value.unwrap_or_default()
    }

    /// An object field; absent or `null` is `None`.
    pub fn object<'a>(&mut self, object: &'a Object, path: &'static str) -> Option<&'a Object> {
        match Self::get(object, path) {
            None | Some(Json::Null) => None,
            Some(Json::Object(object)) => Some(object),
            Some(_) => {
                self.fail(path);
                None
            }
        }
    }

    /// Records `path` as invalid unless `valid`.
    pub fn check(&mut self, valid: bool, path: &'static str) {
        if !valid {
            self.fail(path);
        }
    }

    /// `value`, or the [`Error::Protocol`] naming the first field that was missing or mistyped.
    pub fn finish<T>(self, value: T) -> Result<T, Error> {
        match self.invalid {
            None => Ok(value),
            Some(path) => Err(invalid_field(path)),
        }
    }
}

/// The [`Error::Protocol`] of an answer whose field `path` is missing or has the wrong type.
pub(crate) fn invalid_field(path: &str) -> Error {
    Error::protocol(concat(&[
        "Cognito's answer is not valid: ",
        path,
        " is missing or has the wrong type",
    ]))
}
