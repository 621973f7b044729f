//! `AssociateSoftwareToken` and `VerifySoftwareToken` with a `Session`: setting up TOTP inside an
//! `MFA_SETUP` challenge.

use alloc::string::String;

use super::json::string_object;
use super::{answer_object, Fields};
use crate::error::Error;

/// `AssociateSoftwareToken` input: `{"Session": …}`.
#[must_use]
pub fn associate_software_token_json(session: &str) -> String {
    string_object(&[("Session", session)])
}

/// `AssociateSoftwareToken` output: the TOTP secret (base32) and the next `Session`.
#[derive(Clone, PartialEq, Eq)]
pub struct AssociateSoftwareTokenOutput {
    pub secret_code: String,
    pub session: Option<String>,
}

impl core::fmt::Debug for AssociateSoftwareTokenOutput {
    // Hand-written so that the secret never reaches a log.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AssociateSoftwareTokenOutput")
            .finish_non_exhaustive()
    }
}

/// `VerifySoftwareToken` input: `{"Session", "UserCode", "FriendlyDeviceName"?}`.
#[must_use]
pub fn verify_software_token_json(
    session: &str,
    user_code: &str,
    friendly_device_name: Option<&str>,
) -> String {
    match friendly_device_name {
        Some(name) => string_object(&[
            ("Session", session),
            ("UserCode", user_code),
            ("FriendlyDeviceName", name),
        ]),
        None => string_object(&[("Session", session), ("UserCode", user_code)]),
    }
}

/// `VerifySoftwareToken` output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifySoftwareTokenOutput {
    /// `SUCCESS` or `ERROR`.
    pub status: Option<String>,
    pub session: Option<String>,
}

pub fn decode_associate_software_token(body: &str) -> Result<AssociateSoftwareTokenOutput, Error> {
    let object = answer_object(body)?;
    let mut fields = Fields::default();
    let secret_code = fields.required(&object, "SecretCode");
    fields.check(!secret_code.is_empty(), "SecretCode");
    let session = fields.string(&object, "Session");
    fields.finish(AssociateSoftwareTokenOutput {
        secret_code,
        session,
    })
}

pub fn decode_verify_software_token(body: &str) -> Result<VerifySoftwareTokenOutput, Error> {
    let object = answer_object(body)?;
    let mut fields = Fields::default();
    let output = VerifySoftwareTokenOutput {
        status: fields.string(&object, "Status"),
        session: fields.string(&object, "Session"),
    };
    fields.finish(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verify_input_names_session_code_and_optional_device_name() {
        let body: serde_json::Value =
            serde_json::from_str(&verify_software_token_json("s", "123456", Some("phone")))
                .unwrap();
        assert_eq!(
            body,
            serde_json::json!({"Session": "s", "UserCode": "123456", "FriendlyDeviceName": "phone"})
        );
        let body: serde_json::Value =
            serde_json::from_str(&verify_software_token_json("s", "1", None)).unwrap();
        assert_eq!(body, serde_json::json!({"Session": "s", "UserCode": "1"}));
    }

    #[test]
    fn associate_output_needs_a_secret_code() {
        let output =
            decode_associate_software_token(r#"{"SecretCode":"ABC","Session":"s2"}"#).unwrap();
        assert_eq!(output.secret_code, "ABC");
        assert_eq!(output.session.as_deref(), Some("s2"));
        assert!(!format!("{output:?}").contains("ABC"));
        for body in ["{}", r#"{"SecretCode":""}"#, r#"{"SecretCode":5}"#, "x"] {
            assert_eq!(
                decode_associate_software_token(body).unwrap_err().name(),
                "ProtocolError"
            );
        }
    }
}
