//! `AssociateSoftwareToken` and `VerifySoftwareToken`: setting up TOTP inside an `MFA_SETUP`
//! challenge (with its `Session`) or for a signed-in user (with the access token, the account
//! operations' `AccountRequest`).

use alloc::string::String;

use serde::Serialize;
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::wire::{missing_field, Answer, FromAnswer};
use crate::error::Error;

/// `AssociateSoftwareToken` input: `{"Session": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenRequest {
    pub session: String,
}

/// `AssociateSoftwareToken` output: the TOTP secret (base32) and the next `Session`. The secret
/// is wiped when dropped.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct AssociateSoftwareTokenOutput {
    pub secret_code: String,
    pub session: Option<String>,
}

impl FromAnswer for AssociateSoftwareTokenOutput {
    fn from_answer(mut answer: Answer) -> Result<Self, Error> {
        let Some(secret_code) = answer.secret_code.as_mut() else {
            return Err(missing_field("SecretCode"));
        };
        Ok(AssociateSoftwareTokenOutput {
            secret_code: core::mem::take(&mut **secret_code),
            session: answer.session.take(),
        })
    }
}

impl core::fmt::Debug for AssociateSoftwareTokenOutput {
    // Hand-written so that the secret never reaches a log.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AssociateSoftwareTokenOutput")
            .finish_non_exhaustive()
    }
}

/// `VerifySoftwareToken` input: `{"Session", "UserCode", "FriendlyDeviceName"?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenRequest {
    pub session: String,
    pub user_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub friendly_device_name: Option<String>,
}

/// `VerifySoftwareToken` output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifySoftwareTokenOutput {
    /// `SUCCESS` or `ERROR`.
    pub status: Option<String>,
    pub session: Option<String>,
}

impl VerifySoftwareTokenOutput {
    /// `Ok` for `Status` `SUCCESS`; anything else is a [`Error::Protocol`] (Cognito refuses a
    /// wrong code with an error, not a status).
    pub fn succeeded(&self) -> Result<(), Error> {
        if self.status.as_deref() == Some("SUCCESS") {
            Ok(())
        } else {
            Err(Error::protocol(
                "VerifySoftwareToken did not answer Status SUCCESS",
            ))
        }
    }
}

impl FromAnswer for VerifySoftwareTokenOutput {
    fn from_answer(answer: Answer) -> Result<Self, Error> {
        Ok(VerifySoftwareTokenOutput {
            status: answer.status,
            session: answer.session,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::wire::decode_answer;
    use crate::protocol::JsonText;

    #[test]
    fn verify_input_names_session_code_and_optional_device_name() {
        let request = VerifySoftwareTokenRequest {
            session: "s".into(),
            user_code: "123456".into(),
            friendly_device_name: Some("phone".into()),
        };
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            serde_json::json!({"Session": "s", "UserCode": "123456", "FriendlyDeviceName": "phone"})
        );
        let request = VerifySoftwareTokenRequest {
            friendly_device_name: None,
            ..request
        };
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            serde_json::json!({"Session": "s", "UserCode": "123456"})
        );
    }

    #[test]
    fn associate_output_needs_a_secret_code() {
        let output: AssociateSoftwareTokenOutput =
            decode_answer(&JsonText(r#"{"SecretCode":"ABC","Session":"s2"}"#)).unwrap();
        assert_eq!(output.secret_code, "ABC");
        assert_eq!(output.session.as_deref(), Some("s2"));
        assert!(!format!("{output:?}").contains("ABC"));
        let missing =
            decode_answer::<AssociateSoftwareTokenOutput, _>(&JsonText(r#"{"Session":"s"}"#))
                .unwrap_err();
        assert!(
            missing.message().contains("missing field `SecretCode`"),
            "{missing}"
        );
        for body in [
            "{}",
            r#"{"SecretCode":5}"#,
            r#"{"SecretCode":null}"#,
            "x",
            "[]",
        ] {
            assert_eq!(
                decode_answer::<AssociateSoftwareTokenOutput, _>(&JsonText(body))
                    .unwrap_err()
                    .name(),
                "ProtocolError"
            );
        }
    }
}
