//! [`WireBody`]: how the core reads Cognito's answers without choosing a JSON engine.
//!
//! The wasm package parses an answer's text with the browser's `JSON.parse` and reads the result
//! with serde-wasm-bindgen (serde_json would add about 12 KB gzip to it); native callers and the
//! tests read JSON text with serde_json through `JsonText` (feature `json-text`).

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt::Display;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use zeroize::Zeroizing;

use super::device::{DeviceAttribute, DeviceDescription};
use super::params::ParamsOf;
use super::{null_as_default, AuthenticationResult, Params};
use crate::bounds::{nullable, BoundedList};
use crate::error::Error;
use crate::value::Input;

/// The body of one of Cognito's answers, read with whichever JSON engine the caller has.
pub trait WireBody {
    /// Reads the body as `T`. Text that is not JSON is [`not_json`]; JSON of the wrong shape (a
    /// required field missing, a field of the wrong type) is [`invalid_answer`] with the
    /// deserializer's message, which names the field.
    fn decode<T: DeserializeOwned>(&self) -> Result<T, Error>;

    /// Reads other JSON `text` as `T` with the same engine, with the same errors: the payload of
    /// a token (`username` claim).
    fn decode_text<T: DeserializeOwned>(&self, text: &str) -> Result<T, Error>;

    /// Reads the body as `T` when it is a JSON object, `None` when it is another JSON value.
    /// An engine that can tell an object from other values before reading overrides this and
    /// reads `T` directly: [`Input`]'s visitor is then not compiled once per `T`.
    fn decode_object<T: DeserializeOwned>(&self) -> Result<Option<T>, Error> {
        self.decode::<Input<T>>().map(|input| input.0)
    }
}

/// Every member of a 2xx answer that any operation reads: one `Deserialize` type for all of
/// them, so the deserializer's reading of an answer is compiled once, not once per operation.
/// Each operation's output takes its members from it ([`FromAnswer`]); a member of the wrong
/// type is an error whichever operation answered.
#[derive(Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Answer {
    // `InitiateAuth`, `RespondToAuthChallenge` (and `Session` of the TOTP operations).
    #[serde(default)]
    pub challenge_name: Option<String>,
    #[serde(default)]
    pub session: Option<String>,
    #[serde(default, deserialize_with = "challenge_parameters")]
    pub challenge_parameters: Params,
    #[serde(default)]
    pub authentication_result: Option<AuthenticationResult>,
    // `ConfirmDevice`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub user_confirmation_necessary: bool,
    // `ListDevices`.
    #[serde(default, deserialize_with = "devices")]
    pub devices: Vec<DeviceDescription>,
    #[serde(default)]
    pub pagination_token: Option<String>,
    // `AssociateSoftwareToken` (the TOTP secret, wiped when dropped) and `VerifySoftwareToken`.
    #[serde(default, deserialize_with = "secret")]
    pub secret_code: Option<Zeroizing<String>>,
    #[serde(default)]
    pub status: Option<String>,
    // `SignUp` (and `CodeDeliveryDetails` of `ResendConfirmationCode`, `ForgotPassword`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub user_confirmed: bool,
    #[serde(default)]
    pub user_sub: Option<String>,
    #[serde(default)]
    pub code_delivery_details: Option<Params>,
    // `UpdateUserAttributes`.
    #[serde(default, deserialize_with = "code_delivery_details_list")]
    pub code_delivery_details_list: Vec<Params>,
    // `GetUser`: `UserAttributes` as `{Name, Value}` pairs, the MFA settings.
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default, deserialize_with = "user_attributes")]
    pub user_attributes: Vec<DeviceAttribute>,
    #[serde(default)]
    pub preferred_mfa_setting: Option<String>,
    #[serde(
        default,
        rename = "UserMFASettingList",
        deserialize_with = "mfa_settings"
    )]
    pub user_mfa_setting_list: Vec<String>,
}

/// `UserAttributes`: at most [`crate::bounds::MAX_LIST_ENTRIES`]; `null` is none.
fn user_attributes<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<DeviceAttribute>, D::Error> {
    nullable(deserializer, BoundedList::new("UserAttributes"))
}

/// `CodeDeliveryDetailsList`: at most [`crate::bounds::MAX_LIST_ENTRIES`]; `null` is none.
fn code_delivery_details_list<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<Params>, D::Error> {
    nullable(deserializer, BoundedList::new("CodeDeliveryDetailsList"))
}

/// `UserMFASettingList`: at most [`crate::bounds::MAX_LIST_ENTRIES`]; `null` is none.
fn mfa_settings<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<String>, D::Error> {
    nullable(deserializer, BoundedList::new("UserMFASettingList"))
}

/// `ChallengeParameters`: at most [`crate::bounds::MAX_MAP_ENTRIES`] entries; `null` is empty.
fn challenge_parameters<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Params, D::Error> {
    nullable(deserializer, ParamsOf("ChallengeParameters"))
}

/// `Devices`: at most [`crate::bounds::MAX_LIST_ENTRIES`] devices; `null` is none.
fn devices<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<DeviceDescription>, D::Error> {
    nullable(deserializer, BoundedList::new("Devices"))
}

fn secret<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Zeroizing<String>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(|text| text.map(Zeroizing::new))
}

/// An operation's output, taken from the [`Answer`] its 2xx answer was read as.
pub trait FromAnswer: Sized {
    /// The output; a member the operation requires and the answer lacks is [`invalid_answer`]'s
    /// error naming it (`missing field `SecretCode``).
    fn from_answer(answer: Answer) -> Result<Self, Error>;
}

/// Reads a 2xx answer as `T`, which it must be a JSON object of: an array (or any other value)
/// is [`not_json`]'s error, as is text that is not JSON. Unknown members are skipped unread.
pub fn decode_answer<T: FromAnswer, B: WireBody + ?Sized>(body: &B) -> Result<T, Error> {
    read_answer(body).and_then(T::from_answer)
}

/// Reads a 2xx answer as the [`Answer`] (it must be a JSON object, as for [`decode_answer`]).
pub fn read_answer<B: WireBody + ?Sized>(body: &B) -> Result<Answer, Error> {
    body.decode_object::<Answer>()?.ok_or_else(not_json)
}

/// The [`invalid_answer`] error of a required member `name` that is missing.
#[must_use]
pub fn missing_field(name: &str) -> Error {
    invalid_answer(["missing field `", name, "`"].concat())
}

/// The [`Error::Protocol`] of an answer that is not JSON, or not an object.
#[must_use]
pub fn not_json() -> Error {
    Error::protocol(super::NOT_AN_OBJECT)
}

/// The [`Error::Protocol`] of an answer whose JSON does not have the operation's shape:
/// `detail` is the deserializer's message (`missing field `AccessToken``).
pub fn invalid_answer(detail: impl Display) -> Error {
    Error::protocol(["Cognito's answer is not valid: ", &detail.to_string()].concat())
}

/// An answer as JSON text, read with serde_json.
#[cfg(any(test, feature = "json-text"))]
#[derive(Debug, Clone, Copy)]
pub struct JsonText<'a>(pub &'a str);

#[cfg(any(test, feature = "json-text"))]
impl WireBody for JsonText<'_> {
    fn decode<T: DeserializeOwned>(&self) -> Result<T, Error> {
        self.decode_text(self.0)
    }

    fn decode_text<T: DeserializeOwned>(&self, text: &str) -> Result<T, Error> {
        serde_json::from_str(text).map_err(|error| {
            if error.is_data() {
                invalid_answer(error)
            } else {
                not_json()
            }
        })
    }
}
