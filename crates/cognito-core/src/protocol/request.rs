//! [`Request`]: the body of every request the client sends, ready for any serde serializer.

use alloc::boxed::Box;
use core::fmt;

use serde::{Serialize, Serializer};

use super::account::AccountRequest;
use super::device::{
    ConfirmDeviceRequest, ForgetDeviceRequest, ListDevicesRequest, UpdateDeviceStatusRequest,
};
use super::session::SessionRequest;
use super::software_token::{AssociateSoftwareTokenRequest, VerifySoftwareTokenRequest};
use super::{InitiateAuthRequest, Operation, RespondToAuthChallengeRequest};
use crate::value::AnyValue;

/// A request body: serialized as the operation's JSON input, without a tag (each variant is the
/// object Cognito reads). Secrets in it (passwords, codes, access tokens) are wiped when it is
/// dropped.
#[derive(Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Request {
    InitiateAuth(InitiateAuthRequest),
    RespondToAuthChallenge(RespondToAuthChallengeRequest),
    AssociateSoftwareToken(AssociateSoftwareTokenRequest),
    VerifySoftwareToken(VerifySoftwareTokenRequest),
    ConfirmDevice(ConfirmDeviceRequest),
    UpdateDeviceStatus(UpdateDeviceStatusRequest),
    ForgetDevice(ForgetDeviceRequest),
    ListDevices(ListDevicesRequest),
    /// An account operation's input ([`AccountRequest`], boxed: it holds every operation's
    /// members); serialized as the input alone.
    #[serde(serialize_with = "operation_input")]
    Account(Operation, Box<AccountRequest>),
    /// A raw-layer input for the operation the caller named (`InitiateAuth` or
    /// `RespondToAuthChallenge`), completed ([`crate::flow::raw::complete_input`]); serialized
    /// as the input alone.
    #[serde(serialize_with = "operation_input")]
    Raw(Operation, AnyValue),
    /// A session's request (`GetTokensFromRefreshToken`, `InitiateAuth` `REFRESH_TOKEN_AUTH`);
    /// serialized as the input alone.
    #[serde(serialize_with = "operation_input")]
    Session(Operation, SessionRequest),
}

/// A variant that carries its operation, serialized as its input alone.
fn operation_input<S: Serializer, T: Serialize>(
    _: &Operation,
    input: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    input.serialize(serializer)
}

impl Request {
    /// The operation that carries this body.
    #[must_use]
    pub fn operation(&self) -> Operation {
        match self {
            Request::InitiateAuth(_) => Operation::InitiateAuth,
            Request::RespondToAuthChallenge(_) => Operation::RespondToAuthChallenge,
            Request::AssociateSoftwareToken(_) => Operation::AssociateSoftwareToken,
            Request::VerifySoftwareToken(_) => Operation::VerifySoftwareToken,
            Request::ConfirmDevice(_) => Operation::ConfirmDevice,
            Request::UpdateDeviceStatus(_) => Operation::UpdateDeviceStatus,
            Request::ForgetDevice(_) => Operation::ForgetDevice,
            Request::ListDevices(_) => Operation::ListDevices,
            Request::Account(operation, _)
            | Request::Raw(operation, _)
            | Request::Session(operation, _) => *operation,
        }
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Request::InitiateAuth(request) => request.fmt(f),
            Request::RespondToAuthChallenge(request) => request.fmt(f),
            Request::AssociateSoftwareToken(_) => f.write_str("AssociateSoftwareTokenRequest"),
            Request::VerifySoftwareToken(_) => f.write_str("VerifySoftwareTokenRequest"),
            Request::ConfirmDevice(request) => request.fmt(f),
            Request::UpdateDeviceStatus(request) => request.fmt(f),
            Request::ForgetDevice(request) => request.fmt(f),
            Request::ListDevices(request) => request.fmt(f),
            Request::Account(_, request) => request.fmt(f),
            Request::Raw(_, input) => input.fmt(f),
            Request::Session(operation, _) => write!(f, "SessionRequest({})", operation.name()),
        }
    }
}
