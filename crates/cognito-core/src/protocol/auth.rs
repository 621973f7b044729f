//! `InitiateAuth` and `RespondToAuthChallenge`: inputs and their shared output.

use alloc::borrow::ToOwned;
use alloc::string::String;

use super::Params;

use zeroize::Zeroize;

use super::json::{write_key, write_string_member, write_string_members, Json, Object};
use super::{answer_object, Fields};
use crate::error::Error;

/// `InitiateAuth` input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitiateAuthRequest {
    pub auth_flow: String,
    pub client_id: String,
    pub auth_parameters: Params,
    pub client_metadata: Option<Params>,
    /// `UserContextData.EncodedData` for Cognito's advanced security (threat protection).
    pub user_context_data: Option<String>,
}

impl InitiateAuthRequest {
    /// The JSON body: PascalCase names, `ClientMetadata` omitted when absent.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut out = String::from("{");
        write_string_member(&mut out, "AuthFlow", &self.auth_flow);
        write_string_member(&mut out, "ClientId", &self.client_id);
        map_member(&mut out, "AuthParameters", &self.auth_parameters);
        close_object(
            out,
            self.client_metadata.as_ref(),
            self.user_context_data.as_deref(),
        )
    }
}

/// `RespondToAuthChallenge` input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RespondToAuthChallengeRequest {
    pub challenge_name: String,
    pub client_id: String,
    pub challenge_responses: Params,
    /// The `Session` that came with the challenge; `PASSWORD_VERIFIER` is bound by
    /// `SECRET_BLOCK` instead and usually comes without one.
    pub session: Option<String>,
    pub client_metadata: Option<Params>,
    /// `UserContextData.EncodedData` for Cognito's advanced security (threat protection).
    pub user_context_data: Option<String>,
}

impl RespondToAuthChallengeRequest {
    /// The JSON body: PascalCase names, `Session` and `ClientMetadata` omitted when absent.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut out = String::from("{");
        write_string_member(&mut out, "ChallengeName", &self.challenge_name);
        write_string_member(&mut out, "ClientId", &self.client_id);
        map_member(&mut out, "ChallengeResponses", &self.challenge_responses);
        if let Some(session) = &self.session {
            write_string_member(&mut out, "Session", session);
        }
        close_object(
            out,
            self.client_metadata.as_ref(),
            self.user_context_data.as_deref(),
        )
    }
}

// The parameters may hold a password (`PASSWORD`, `NEW_PASSWORD`): wiped when dropped.
impl Drop for InitiateAuthRequest {
    fn drop(&mut self) {
        self.auth_parameters.values_mut().for_each(Zeroize::zeroize);
    }
}

impl Drop for RespondToAuthChallengeRequest {
    fn drop(&mut self) {
        self.challenge_responses
            .values_mut()
            .for_each(Zeroize::zeroize);
    }
}

fn map_member(out: &mut String, name: &str, map: &Params) {
    write_key(out, name);
    out.push('{');
    for (key, value) in map {
        write_string_member(out, key, value);
    }
    out.push('}');
}

/// The members both requests end with, when present (`ClientMetadata`, and
/// `"UserContextData": {"EncodedData": …}`), then `}`.
fn close_object(
    mut out: String,
    client_metadata: Option<&Params>,
    encoded_data: Option<&str>,
) -> String {
    if let Some(metadata) = client_metadata {
        map_member(&mut out, "ClientMetadata", metadata);
    }
    if let Some(encoded_data) = encoded_data {
        write_key(&mut out, "UserContextData");
        write_string_members(&mut out, &[("EncodedData", encoded_data)]);
    }
    out.push('}');
    out
}

/// The output of both operations: a challenge or a result (never both, in a valid answer).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthOutput {
    pub challenge_name: Option<String>,
    pub session: Option<String>,
    /// A map of strings; `null` or absent reads as empty.
    pub challenge_parameters: Params,
    pub authentication_result: Option<AuthenticationResult>,
}

/// The tokens of a completed sign-in.
#[derive(Clone, PartialEq, Eq)]
pub struct AuthenticationResult {
    pub access_token: String,
    pub id_token: String,
    /// Absent when the tokens came from a refresh.
    pub refresh_token: Option<String>,
    /// Lifetime of the access and id tokens, in seconds.
    pub expires_in: u32,
    /// `Bearer` when absent.
    pub token_type: String,
    pub new_device_metadata: Option<NewDeviceMetadata>,
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

/// Returned with the tokens when the pool tracks devices and this device is new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDeviceMetadata {
    pub device_key: String,
    pub device_group_key: String,
}

/// Decodes a 2xx body of `InitiateAuth` / `RespondToAuthChallenge`. Unknown fields are ignored;
/// a known field of the wrong type is a [`Error::Protocol`] naming it.
pub fn decode_auth_output(body: &str) -> Result<AuthOutput, Error> {
    let object = answer_object(body)?;
    let mut fields = Fields::default();
    let challenge_name = fields.string(&object, "ChallengeName");
    let session = fields.string(&object, "Session");
    let mut challenge_parameters = Params::new();
    if let Some(parameters) = fields.object(&object, "ChallengeParameters") {
        for (key, value) in parameters.iter() {
            let value = value.as_str();
            fields.check(value.is_some(), "ChallengeParameters");
            challenge_parameters.insert(key.to_owned(), value.unwrap_or_default().to_owned());
        }
    }
    let output = AuthOutput {
        challenge_name,
        session,
        challenge_parameters,
        authentication_result: fields
            .object(&object, "AuthenticationResult")
            .map(|result| authentication_result(&mut fields, result)),
    };
    fields.finish(output)
}

fn authentication_result(fields: &mut Fields, result: &Object) -> AuthenticationResult {
    let expires_in = result.get("ExpiresIn").and_then(Json::as_u32);
    fields.check(expires_in.is_some(), "AuthenticationResult.ExpiresIn");
    AuthenticationResult {
        access_token: fields.required(result, "AuthenticationResult.AccessToken"),
        id_token: fields.required(result, "AuthenticationResult.IdToken"),
        refresh_token: fields.string(result, "AuthenticationResult.RefreshToken"),
        expires_in: expires_in.unwrap_or_default(),
        token_type: fields
            .string(result, "AuthenticationResult.TokenType")
            .unwrap_or_else(|| "Bearer".to_owned()),
        new_device_metadata: fields.object(result, "NewDeviceMetadata").map(|metadata| {
            NewDeviceMetadata {
                device_key: fields.required(metadata, "NewDeviceMetadata.DeviceKey"),
                device_group_key: fields.required(metadata, "NewDeviceMetadata.DeviceGroupKey"),
            }
        }),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn to_value(body: &str) -> serde_json::Value {
        serde_json::from_str(body).unwrap()
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
            to_value(&request.to_json()),
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
            client_metadata: None,
            user_context_data: None,
        };
        assert_eq!(
            to_value(&request.to_json()),
            json!({"ChallengeName": "SMS_MFA", "ClientId": "client",
                   "ChallengeResponses": {}, "Session": "sess"})
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
            to_value(&request.to_json())["UserContextData"],
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
        ] {
            let error = decode_auth_output(body).unwrap_err();
            assert_eq!(error.name(), "ProtocolError", "{body:?}");
        }
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
