//! Cognito's JSON wire format for the user-pool sign-in operations (pure, no I/O).
//!
//! Every call is `POST /` to the regional endpoint with
//! `Content-Type: application/x-amz-json-1.1` and
//! `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`; the body is the operation's
//! input as JSON with PascalCase field names. User-pool client calls are unsigned.
//!
//! Requests are `Serialize` and answers `Deserialize` (serde): the caller picks the JSON engine,
//! writing a [`Request`] with any serializer and reading answers through [`WireBody`].
//!
//! - [`operation`]: the operations and their `X-Amz-Target` values.
//! - [`request`]: [`Request`], every request body the client sends.
//! - [`auth`]: `InitiateAuth` / `RespondToAuthChallenge` inputs and their common output.
//! - [`names`]: challenge names and the parameter keys of `AuthParameters`,
//!   `ChallengeParameters` and `ChallengeResponses`.
//! - [`params`]: [`Params`], the maps of strings those are.
//! - [`service_error`]: decoding Cognito's error bodies.
//! - [`software_token`]: `AssociateSoftwareToken` / `VerifySoftwareToken` inside `MFA_SETUP`.
//! - [`account`]: the account operations of one request and one answer (`SignUp`,
//!   `ConfirmSignUp`, `ResendConfirmationCode`, `ForgotPassword`, `ConfirmForgotPassword`).
//! - [`device`]: `ConfirmDevice`, `UpdateDeviceStatus`, `ForgetDevice`, `ListDevices`.
//! - [`session`]: refreshing a session's tokens (`GetTokensFromRefreshToken`, `REFRESH_TOKEN_AUTH`).
//! - [`wire`]: [`WireBody`], reading an answer with the caller's JSON engine.

pub mod account;
pub mod auth;
pub mod device;
pub mod names;
pub mod operation;
pub mod params;
pub mod request;
pub mod service_error;
pub mod session;
pub mod software_token;
pub mod wire;

pub use auth::{
    decode_auth_output, AuthOutput, AuthenticationResult, InitiateAuthRequest, JsonParameters,
    NewDeviceMetadata, RespondToAuthChallengeRequest,
};
pub use operation::Operation;
pub use params::Params;
pub use request::Request;
pub use service_error::decode_service_error;
#[cfg(any(test, feature = "json-text"))]
pub use wire::JsonText;
pub use wire::WireBody;

use serde::{Deserialize, Deserializer};

/// The `Content-Type` of every request (and of Cognito's answers).
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// The error of an answer that is not a JSON object.
pub(crate) const NOT_AN_OBJECT: &str = "Cognito's answer is not a JSON object";

/// A field where `null` reads as absent: its default.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}
