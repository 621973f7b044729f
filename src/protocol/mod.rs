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

use crate::error::Error;
use crate::text::concat;
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

/// The [`Error::Protocol`] of an answer whose field `path` is missing or has the wrong type.
pub(crate) fn invalid_field(path: &str) -> Error {
    Error::protocol(concat(&[
        "Cognito's answer is not valid: ",
        path,
        " is missing or has the wrong type",
    ]))
}
