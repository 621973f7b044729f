//! `InitiateAuth` and `RespondToAuthChallenge`: inputs and their shared output.

use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroize;

use super::names::{
    MFAS_CAN_CHOOSE, MFAS_CAN_SETUP, MFA_SETUP, NEW_PASSWORD_REQUIRED, REQUIRED_ATTRIBUTES,
    SELECT_MFA_TYPE, USER_ATTRIBUTES,
};
use super::wire::{Answer, FromAnswer};
use super::{Params, WireBody};
use crate::bounds::{nullable, BoundedList};
use crate::error::Error;
use crate::value::{Members, Value};

/// `InitiateAuth` input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateAuthRequest {
    pub auth_flow: String,
    pub client_id: String,
    pub auth_parameters: Params,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<Params>,
    /// `UserContextData.EncodedData` for Cognito's advanced security (threat protection).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "user_context_data"
    )]
    pub user_context_data: Option<String>,
}

/// `RespondToAuthChallenge` input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RespondToAuthChallengeRequest {
    pub challenge_name: String,
    pub client_id: String,
    pub challenge_responses: Params,
    /// The `Session` that came with the challenge; `PASSWORD_VERIFIER` is bound by
    /// `SECRET_BLOCK` instead and usually comes without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<Params>,
    /// `UserContextData.EncodedData` for Cognito's advanced security (threat protection).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "user_context_data"
    )]
    pub user_context_data: Option<String>,
}

// The parameters may hold a password (`PASSWORD`, `NEW_PASSWORD`): wiped when dropped.
impl Drop for InitiateAuthRequest {
    fn drop(&mut self) {
        self.auth_parameters.zeroize();
    }
}

impl Drop for RespondToAuthChallengeRequest {
    fn drop(&mut self) {
        self.challenge_responses.zeroize();
    }
}

/// `"UserContextData": {"EncodedData": …}`.
// serde's `serialize_with` hands the field by reference.
#[allow(clippy::ref_option)]
pub(super) fn user_context_data<S: Serializer>(
    encoded_data: &Option<String>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct UserContextData<'a> {
        #[serde(rename = "EncodedData")]
        encoded_data: &'a Option<String>,
    }
    UserContextData { encoded_data }.serialize(serializer)
}

/// The output of both operations: a challenge or a result (never both, in a valid answer).
/// Unknown fields are ignored; a known field of the wrong type is an error naming it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthOutput {
    pub challenge_name: Option<String>,
    pub session: Option<String>,
    /// A map of strings; `null` or absent reads as empty.
    pub challenge_parameters: Params,
    pub authentication_result: Option<AuthenticationResult>,
    /// The challenge parameters that are JSON text of their own, read by [`decode_auth_output`].
    pub json_parameters: JsonParameters,
}

impl FromAnswer for AuthOutput {
    fn from_answer(answer: Answer) -> Result<Self, Error> {
        Ok(AuthOutput {
            challenge_name: answer.challenge_name,
            session: answer.session,
            challenge_parameters: answer.challenge_parameters,
            authentication_result: answer.authentication_result,
            json_parameters: JsonParameters::default(),
        })
    }
}

/// The challenge parameters Cognito writes as JSON text, read for the challenge that carries
/// them; absent (or `null`) reads as empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonParameters {
    /// `SELECT_MFA_TYPE`'s `MFAS_CAN_CHOOSE`, an array of names.
    pub mfas_can_choose: Vec<String>,
    /// `MFA_SETUP`'s `MFAS_CAN_SETUP`, an array of names.
    pub mfas_can_setup: Vec<String>,
    /// `NEW_PASSWORD_REQUIRED`'s `userAttributes`, an object of strings (`null` values skipped).
    pub user_attributes: Params,
    /// `NEW_PASSWORD_REQUIRED`'s `requiredAttributes`, an array of names.
    pub required_attributes: Vec<String>,
}

/// Decodes a 2xx body of `InitiateAuth` / `RespondToAuthChallenge`, and the challenge parameters
/// that are JSON text (with the same engine). Unknown fields are ignored; a known field of the
/// wrong type, or a JSON parameter that is not what Cognito sends, is a [`Error::Protocol`]
/// naming it.
pub fn decode_auth_output<B: WireBody + ?Sized>(body: &B) -> Result<AuthOutput, Error> {
    let mut output: AuthOutput = super::wire::decode_answer(body)?;
    let parameters = &output.challenge_parameters;
    let list = |key: &str| -> Result<Vec<String>, Error> {
        match parameters.get(key) {
            None => Ok(Vec::new()),
            Some(text) => body
                .decode_text::<NameList>(text)
                .map(|NameList(names)| names)
                .map_err(|_| malformed(key)),
        }
    };
    let json = &mut output.json_parameters;
    match output.challenge_name.as_deref() {
        Some(SELECT_MFA_TYPE) => json.mfas_can_choose = list(MFAS_CAN_CHOOSE)?,
        Some(MFA_SETUP) => json.mfas_can_setup = list(MFAS_CAN_SETUP)?,
        Some(NEW_PASSWORD_REQUIRED) => {
            json.required_attributes = list(REQUIRED_ATTRIBUTES)?;
            if let Some(text) = parameters.get(USER_ATTRIBUTES) {
                let Members(members) = body
                    .decode_text::<Members>(text)
                    .map_err(|_| malformed(USER_ATTRIBUTES))?;
                let mut attributes = Vec::with_capacity(members.len());
                for (name, value) in members {
                    match value {
                        Value::Str(mut value) => {
                            attributes.push((name, core::mem::take(&mut *value)));
                        }
                        Value::Absent => {}
                        _ => return Err(malformed(USER_ATTRIBUTES)),
                    }
                }
                json.user_attributes = attributes.into_iter().collect();
            }
        }
        _ => {}
    }
    Ok(output)
}

/// A challenge parameter's JSON array of names (`null` reads as none), of at most
/// [`crate::bounds::MAX_LIST_ENTRIES`].
struct NameList(Vec<String>);

impl<'de> Deserialize<'de> for NameList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        nullable(deserializer, BoundedList::new("the list")).map(NameList)
    }
}

/// A challenge parameter whose JSON text is not what Cognito sends.
fn malformed(key: &str) -> Error {
    Error::protocol(
        [
            "the challenge parameter ",
            key,
            " is not the JSON Cognito sends",
        ]
        .concat(),
    )
}

/// The tokens of a completed sign-in: read with Cognito's names, written with the JavaScript
/// API's (`{ idToken, accessToken, refreshToken?, expiresIn, tokenType, newDeviceMetadata? }`).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all(serialize = "camelCase", deserialize = "PascalCase"))]
pub struct AuthenticationResult {
    pub id_token: String,
    pub access_token: String,
    /// Absent when the tokens came from a refresh.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Lifetime of the access and id tokens, in seconds.
    pub expires_in: u32,
    /// `Bearer` when absent.
    #[serde(default = "bearer", deserialize_with = "token_type")]
    pub token_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_device_metadata: Option<NewDeviceMetadata>,
}

fn bearer() -> String {
    "Bearer".into()
}

/// `TokenType`, `Bearer` when `null`.
fn token_type<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Option::<String>::deserialize(deserializer).map(|token_type| token_type.unwrap_or_else(bearer))
}

impl core::fmt::Debug for AuthenticationResult {
    // Hand-written so that tokens never reach a log.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AuthenticationResult")
            .field("expires_in", &self.expires_in)
            .field("token_type", &self.token_type)
            .field("refresh_token", &self.refresh_token.as_ref().map(|_| "…"))
            .field("new_device_metadata", &self.new_device_metadata)
            .finish_non_exhaustive()
    }
}

/// Returned with the tokens when the pool tracks devices and this device is new:
/// `{ deviceKey, deviceGroupKey }` for JavaScript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all(serialize = "camelCase", deserialize = "PascalCase"))]
pub struct NewDeviceMetadata {
    pub device_key: String,
    pub device_group_key: String,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::protocol::JsonText;

    fn decode_auth_output(body: &str) -> Result<AuthOutput, crate::error::Error> {
        super::decode_auth_output(&JsonText(body))
    }

    #[test]
    fn challenge_parameters_and_json_lists_are_bounded() {
        let members: Vec<String> = (0..100_000).map(|i| format!(r#""k{i}":"v""#)).collect();
        let body = format!(
            r#"{{"ChallengeName":"CUSTOM_CHALLENGE","ChallengeParameters":{{{}}}}}"#,
            members.join(",")
        );
        let error = decode_auth_output(&body).unwrap_err();
        assert_eq!(error.name(), "ProtocolError");
        assert!(
            error.message().starts_with(
                "Cognito's answer is not valid: ChallengeParameters has more than 256 entries"
            ),
            "{error}"
        );
        let names = serde_json::to_string(&vec!["SMS_MFA"; 257]).unwrap();
        let body = json!({"ChallengeName": "SELECT_MFA_TYPE",
                          "ChallengeParameters": {"MFAS_CAN_CHOOSE": names}});
        let error = decode_auth_output(&body.to_string()).unwrap_err();
        assert_eq!(
            error.message(),
            "the challenge parameter MFAS_CAN_CHOOSE is not the JSON Cognito sends"
        );
    }

    #[test]
    fn initiate_auth_request_uses_pascal_case_and_omits_absent_metadata() {
        let request = InitiateAuthRequest {
            auth_flow: "USER_SRP_AUTH".into(),
            client_id: "client".into(),
            auth_parameters: Params::from([("USERNAME".into(), "alice".into())]),
            client_metadata: None,
            user_context_data: None,
        };
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": "client",
                   "AuthParameters": {"USERNAME": "alice"}})
        );
    }

    #[test]
    fn respond_request_carries_the_session_when_there_is_one() {
        let request = RespondToAuthChallengeRequest {
            challenge_name: "SMS_MFA".into(),
            client_id: "client".into(),
            challenge_responses: Params::new(),
            session: Some("sess".into()),
            client_metadata: Some(Params::from([("k".into(), "v".into())])),
            user_context_data: None,
        };
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"ChallengeName": "SMS_MFA", "ClientId": "client",
                   "ChallengeResponses": {}, "Session": "sess", "ClientMetadata": {"k": "v"}})
        );
    }

    #[test]
    fn user_context_data_is_sent_as_encoded_data() {
        let request = RespondToAuthChallengeRequest {
            challenge_name: "SMS_MFA".into(),
            client_id: "client".into(),
            challenge_responses: Params::new(),
            session: None,
            client_metadata: None,
            user_context_data: Some("ZW5jb2RlZA==".into()),
        };
        assert_eq!(
            serde_json::to_value(&request).unwrap()["UserContextData"],
            json!({"EncodedData": "ZW5jb2RlZA=="})
        );
    }

    #[test]
    fn output_with_a_challenge_decodes() {
        let output = decode_auth_output(
            r#"{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"ab"}}"#,
        )
        .unwrap();
        assert_eq!(output.challenge_name.as_deref(), Some("PASSWORD_VERIFIER"));
        assert_eq!(output.challenge_parameters["SALT"], "ab");
        assert_eq!(output.session, None);
        assert!(output.authentication_result.is_none());
    }

    #[test]
    fn output_with_tokens_decodes_and_ignores_unknown_fields() {
        let output = decode_auth_output(
            r#"{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","RefreshToken":"r",
                "ExpiresIn":3600,"TokenType":"Bearer",
                "NewDeviceMetadata":{"DeviceKey":"k","DeviceGroupKey":"g"}},
                "ChallengeParameters":{},"SomethingNew":1}"#,
        )
        .unwrap();
        let result = output.authentication_result.unwrap();
        assert_eq!(result.access_token, "a");
        assert_eq!(result.refresh_token.as_deref(), Some("r"));
        assert_eq!(result.expires_in, 3600);
        assert_eq!(result.new_device_metadata.unwrap().device_group_key, "g");
    }

    #[test]
    fn tokens_are_written_with_the_javascript_names() {
        let output = decode_auth_output(
            r#"{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","ExpiresIn":60,
                "TokenType":null,"NewDeviceMetadata":{"DeviceKey":"k","DeviceGroupKey":"g"}}}"#,
        )
        .unwrap();
        assert_eq!(
            serde_json::to_value(output.authentication_result.unwrap()).unwrap(),
            json!({"idToken": "i", "accessToken": "a", "expiresIn": 60, "tokenType": "Bearer",
                   "newDeviceMetadata": {"deviceKey": "k", "deviceGroupKey": "g"}})
        );
    }

    #[test]
    fn null_challenge_parameters_read_as_empty() {
        let output =
            decode_auth_output(r#"{"ChallengeName":"X","ChallengeParameters":null}"#).unwrap();
        assert!(output.challenge_parameters.is_empty());
    }

    #[test]
    fn non_json_or_mistyped_output_is_a_protocol_error() {
        for body in [
            "<html>",
            "",
            "[]",
            r#"{"ChallengeParameters":{"SALT":1}}"#,
            r#"{"AuthenticationResult":{"AccessToken":"a"}}"#,
            r#"{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","ExpiresIn":-1}}"#,
        ] {
            let error = decode_auth_output(body).unwrap_err();
            assert_eq!(error.name(), "ProtocolError", "{body:?}");
        }
    }

    #[test]
    fn a_missing_required_field_is_named() {
        let error =
            decode_auth_output(r#"{"AuthenticationResult":{"AccessToken":"a","ExpiresIn":1}}"#)
                .unwrap_err();
        assert_eq!(error.name(), "ProtocolError");
        assert!(error.message().contains("IdToken"), "{}", error.message());
    }

    #[test]
    fn debug_output_hides_tokens() {
        let output = decode_auth_output(
            r#"{"AuthenticationResult":{"AccessToken":"tok-a","IdToken":"tok-i",
                "RefreshToken":"tok-r","ExpiresIn":1}}"#,
        )
        .unwrap();
        assert!(!format!("{output:?}").contains("tok-"));
    }
}
