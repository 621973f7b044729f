//! `InitiateAuth` and `RespondToAuthChallenge`: inputs and their shared output.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use crate::error::Error;

/// `InitiateAuth` input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateAuthRequest {
    pub auth_flow: String,
    pub client_id: String,
    pub auth_parameters: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<BTreeMap<String, String>>,
}

/// `RespondToAuthChallenge` input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RespondToAuthChallengeRequest {
    pub challenge_name: String,
    pub client_id: String,
    pub challenge_responses: BTreeMap<String, String>,
    /// The `Session` that came with the challenge; `PASSWORD_VERIFIER` is bound by
    /// `SECRET_BLOCK` instead and usually comes without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<BTreeMap<String, String>>,
}

/// The output of both operations: a challenge or a result (never both, in a valid answer).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthOutput {
    #[serde(default)]
    pub challenge_name: Option<String>,
    #[serde(default)]
    pub session: Option<String>,
    /// A map of strings; `null` or absent reads as empty.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub challenge_parameters: BTreeMap<String, String>,
    #[serde(default)]
    pub authentication_result: Option<AuthenticationResult>,
}

/// The tokens of a completed sign-in.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthenticationResult {
    pub access_token: String,
    pub id_token: String,
    /// Absent when the tokens came from a refresh.
    #[serde(default)]
    pub refresh_token: Option<String>,
    /// Lifetime of the access and id tokens, in seconds.
    pub expires_in: u32,
    #[serde(default = "bearer")]
    pub token_type: String,
    #[serde(default)]
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
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NewDeviceMetadata {
    pub device_key: String,
    pub device_group_key: String,
}

fn bearer() -> String {
    "Bearer".to_owned()
}

fn null_as_empty<'de, D>(deserializer: D) -> Result<BTreeMap<String, String>, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(Option::<BTreeMap<String, String>>::deserialize(deserializer)?.unwrap_or_default())
}

/// Decodes a 2xx body of `InitiateAuth` / `RespondToAuthChallenge`.
pub fn decode_auth_output(body: &str) -> Result<AuthOutput, Error> {
    // serde would also read a struct from a JSON array; Cognito's output is always an object.
    match serde_json::from_str::<serde_json::Value>(body) {
        Ok(value @ serde_json::Value::Object(_)) => {
            serde_json::from_value(value).map_err(|error| {
                // serde's message names the field and the offending JSON type (from Cognito's
                // answer, never from the caller).
                Error::protocol(format!(
                    "Cognito's answer is not a valid auth output: {error}"
                ))
            })
        }
        _ => Err(Error::protocol("Cognito's answer is not a JSON object")),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn initiate_auth_request_uses_pascal_case_and_omits_absent_metadata() {
        let request = InitiateAuthRequest {
            auth_flow: "USER_SRP_AUTH".into(),
            client_id: "client".into(),
            auth_parameters: BTreeMap::from([("USERNAME".into(), "alice".into())]),
            client_metadata: None,
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
            challenge_responses: BTreeMap::new(),
            session: Some("sess".into()),
            client_metadata: None,
        };
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"ChallengeName": "SMS_MFA", "ClientId": "client",
                   "ChallengeResponses": {}, "Session": "sess"})
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
