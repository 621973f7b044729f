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

/// The `Content-Type` of every request (and of Cognito's answers).
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";
