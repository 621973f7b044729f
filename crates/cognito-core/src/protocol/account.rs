//! The account operations of one request and one answer: `SignUp`, `ConfirmSignUp`,
//! `ResendConfirmationCode`, `ForgotPassword`, `ConfirmForgotPassword`, and the signed-in ones
//! (`ChangePassword`, `GetUser`, `DeleteUser`, `UpdateUserAttributes`,
//! `GetUserAttributeVerificationCode`, `VerifyUserAttribute`, `DeleteUserAttributes`,
//! `AssociateSoftwareToken`, `VerifySoftwareToken`, `SetUserMFAPreference`), which carry an
//! `AccessToken` instead of `ClientId`, `SecretHash` and `Username`.
//!
//! Every one of them is one [`AccountRequest`] (the members each operation has; absent ones are
//! not written) and reads its answer from the wire's one [`Answer`] into the one
//! [`AccountOutput`] view: `SignUp`'s `{ userConfirmed, userSub, codeDelivery? }`, the code
//! senders' `{ codeDelivery }`, `UpdateUserAttributes`' `{ codeDeliveries }`, `GetUser`'s user,
//! nothing for the confirmations. (`AssociateSoftwareToken`'s secret is the exchange's
//! `TotpSecret`.)

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};
use zeroize::Zeroize;

use super::auth::user_context_data;
use super::wire::{missing_field, Answer};
use super::{Operation, Params};
use crate::error::Error;

/// The input of an account operation: `ClientId`, `SecretHash` (over the username as typed,
/// for an app client with a secret), `Username` and the members of its operation; or, signed in,
/// the `AccessToken` and the members of its operation (an empty `ClientId` or `Username` is not
/// written). The passwords, the code and the token are wiped when it is dropped and never shown
/// by `Debug`.
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccountRequest {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub client_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub username: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// `ChangePassword`'s current and new passwords.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_password: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proposed_password: Option<String>,
    /// `SignUp`'s password, `ConfirmForgotPassword`'s new one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirmation_code: Option<String>,
    /// `[{Name, Value}]` on the wire.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "name_value_list"
    )]
    pub user_attributes: Option<Params>,
    /// `[{Name, Value}]` on the wire.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "name_value_list"
    )]
    pub validation_data: Option<Params>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<Params>,
    /// `UserContextData.EncodedData` for Cognito's advanced security (threat protection).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "user_context_data"
    )]
    pub user_context_data: Option<String>,
    /// `GetUserAttributeVerificationCode`'s and `VerifyUserAttribute`'s attribute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_name: Option<String>,
    /// `VerifyUserAttribute`'s code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_attribute_names: Option<Vec<String>>,
    /// `VerifySoftwareToken`'s TOTP code and the name the authenticator is registered under.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub friendly_device_name: Option<String>,
    /// `SetUserMFAPreference`'s settings, one per factor the caller named.
    #[serde(rename = "SMSMfaSettings", skip_serializing_if = "Option::is_none")]
    pub sms_mfa_settings: Option<MfaSettings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub software_token_mfa_settings: Option<MfaSettings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_mfa_settings: Option<MfaSettings>,
}

/// One factor of `SetUserMFAPreference`: `{"Enabled", "PreferredMfa"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MfaSettings {
    pub enabled: bool,
    pub preferred_mfa: bool,
}

impl MfaSettings {
    /// `"preferred"`, `"enabled"` or `"disabled"`, as `setMfaPreference` takes them.
    #[must_use]
    pub fn from_name(name: &str) -> Option<MfaSettings> {
        let (enabled, preferred_mfa) = match name {
            "preferred" => (true, true),
            "enabled" => (true, false),
            "disabled" => (false, false),
            _ => return None,
        };
        Some(MfaSettings {
            enabled,
            preferred_mfa,
        })
    }
}

impl Drop for AccountRequest {
    fn drop(&mut self) {
        self.password.zeroize();
        self.confirmation_code.zeroize();
        self.access_token.zeroize();
        self.previous_password.zeroize();
        self.proposed_password.zeroize();
        self.code.zeroize();
        self.user_code.zeroize();
    }
}

impl fmt::Debug for AccountRequest {
    // Hand-written: the password and the code never reach a log.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccountRequest")
            .field("client_id", &self.client_id)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// An object of strings as Cognito's `AttributeType` list: `[{"Name": …, "Value": …}]`.
// serde's `serialize_with` hands the field by reference.
#[allow(clippy::ref_option)]
fn name_value_list<S: Serializer>(
    params: &Option<Params>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Attribute<'a> {
        #[serde(rename = "Name")]
        name: &'a str,
        #[serde(rename = "Value")]
        value: &'a str,
    }
    let params = params.as_ref();
    let mut list = serializer.serialize_seq(params.map(Params::len))?;
    for (name, value) in params.into_iter().flat_map(Params::iter) {
        list.serialize_element(&Attribute { name, value })?;
    }
    list.end()
}

/// Cognito's `CodeDeliveryDetails` (read as an object of strings, as the wire's other maps are),
/// written for JavaScript as `{ destination, deliveryMedium, attributeName }`: the destination
/// masked (`s***@e***`, `+*******0100`), `EMAIL` or `SMS`, the attribute the code went to. A member
/// Cognito leaves out is left out, and members it may add are not passed on.
#[must_use]
pub fn code_delivery(details: &Params) -> Params {
    [
        ("Destination", "destination"),
        ("DeliveryMedium", "deliveryMedium"),
        ("AttributeName", "attributeName"),
    ]
    .into_iter()
    .filter_map(|(wire, name)| Some((name.into(), details.get(wire)?.clone())))
    .collect()
}

/// What an account operation resolves to, for JavaScript: the members its operation has.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountOutput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_confirmed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_sub: Option<String>,
    /// `{ destination, deliveryMedium, attributeName }` ([`code_delivery`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_delivery: Option<Params>,
    /// `updateUserAttributes`' deliveries, one per attribute a code went out for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_deliveries: Option<Vec<Params>>,
    /// `getUser`'s `{ username, attributes, preferredMfa?, mfaSettings }`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Params>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_mfa: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_settings: Option<Vec<String>>,
}

impl AccountOutput {
    /// `operation`'s output from its 2xx answer: `SignUp` needs `UserSub`
    /// (`UserConfirmed` absent reads as `false`), `ResendConfirmationCode`, `ForgotPassword` and
    /// `GetUserAttributeVerificationCode` need `CodeDeliveryDetails`, `UpdateUserAttributes`
    /// reads `CodeDeliveryDetailsList` (absent when no code went out), `GetUser` needs
    /// `Username`; the other operations have no output (`None`).
    pub fn from_answer(operation: Operation, answer: Answer) -> Result<Option<Self>, Error> {
        match operation {
            Operation::SignUp => {
                let Some(user_sub) = answer.user_sub else {
                    return Err(missing_field("UserSub"));
                };
                Ok(Some(AccountOutput {
                    user_confirmed: Some(answer.user_confirmed),
                    user_sub: Some(user_sub),
                    code_delivery: answer.code_delivery_details.as_ref().map(code_delivery),
                    ..AccountOutput::default()
                }))
            }
            Operation::ResendConfirmationCode
            | Operation::ForgotPassword
            | Operation::GetUserAttributeVerificationCode => {
                let Some(details) = answer.code_delivery_details else {
                    return Err(missing_field("CodeDeliveryDetails"));
                };
                Ok(Some(AccountOutput {
                    code_delivery: Some(code_delivery(&details)),
                    ..AccountOutput::default()
                }))
            }
            Operation::UpdateUserAttributes => Ok(Some(AccountOutput {
                code_deliveries: Some(
                    answer
                        .code_delivery_details_list
                        .iter()
                        .map(code_delivery)
                        .collect(),
                ),
                ..AccountOutput::default()
            })),
            Operation::GetUser => {
                let Some(username) = answer.username else {
                    return Err(missing_field("Username"));
                };
                Ok(Some(AccountOutput {
                    username: Some(username),
                    attributes: Some(
                        answer
                            .user_attributes
                            .into_iter()
                            .map(|attribute| (attribute.name, attribute.value))
                            .collect(),
                    ),
                    preferred_mfa: answer.preferred_mfa_setting,
                    mfa_settings: Some(answer.user_mfa_setting_list),
                    ..AccountOutput::default()
                }))
            }
            _ => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::protocol::wire::read_answer;
    use crate::protocol::JsonText;

    fn request(client_id: &str, username: &str) -> AccountRequest {
        let mut request = AccountRequest::default();
        request.client_id = client_id.into();
        request.username = username.into();
        request
    }

    fn output(operation: Operation, body: &str) -> Result<Option<AccountOutput>, Error> {
        read_answer(&JsonText(body))
            .and_then(|answer| AccountOutput::from_answer(operation, answer))
    }

    #[test]
    fn attributes_and_validation_data_are_name_value_lists() {
        let mut request = request("c", "u");
        request.password = Some("Passw0rd!".into());
        request.user_attributes = Some(Params::from([
            ("email".into(), "a@example.com".into()),
            ("name".into(), "A".into()),
        ]));
        request.validation_data = Some(Params::from([("k".into(), "v".into())]));
        request.client_metadata = Some(Params::from([("m".into(), "1".into())]));
        request.user_context_data = Some("ctx".into());
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({
                "ClientId": "c",
                "Username": "u",
                "Password": "Passw0rd!",
                "UserAttributes": [
                    {"Name": "email", "Value": "a@example.com"},
                    {"Name": "name", "Value": "A"}
                ],
                "ValidationData": [{"Name": "k", "Value": "v"}],
                "ClientMetadata": {"m": "1"},
                "UserContextData": {"EncodedData": "ctx"}
            })
        );
    }

    #[test]
    fn absent_members_are_not_written_and_debug_hides_secrets() {
        let mut request = request("c", "u");
        request.secret_hash = Some("h".into());
        request.password = Some("Hidden-Passw0rd!".into());
        request.confirmation_code = Some("123456".into());
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({
                "ClientId": "c",
                "SecretHash": "h",
                "Username": "u",
                "Password": "Hidden-Passw0rd!",
                "ConfirmationCode": "123456"
            })
        );
        let debug = format!("{request:?}");
        assert!(
            !debug.contains("Hidden") && !debug.contains("123456"),
            "{debug}"
        );
    }

    #[test]
    fn sign_up_answer_reads_sub_confirmation_and_delivery() {
        let read = output(
            Operation::SignUp,
            r#"{"UserConfirmed":false,"UserSub":"s-1","CodeDeliveryDetails":{"Destination":"a***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}}"#,
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            serde_json::to_value(&read).unwrap(),
            json!({
                "userConfirmed": false,
                "userSub": "s-1",
                "codeDelivery": {"destination": "a***@e***", "deliveryMedium": "EMAIL", "attributeName": "email"}
            })
        );
        let confirmed = output(Operation::SignUp, r#"{"UserConfirmed":true,"UserSub":"s"}"#)
            .unwrap()
            .unwrap();
        assert_eq!(
            serde_json::to_value(&confirmed).unwrap(),
            json!({"userConfirmed": true, "userSub": "s"})
        );
        let missing = output(Operation::SignUp, r#"{"UserConfirmed":true}"#).unwrap_err();
        assert!(missing.message().contains("`UserSub`"), "{missing}");
    }

    #[test]
    fn code_senders_need_the_delivery_and_confirmations_have_no_output() {
        for operation in [Operation::ResendConfirmationCode, Operation::ForgotPassword] {
            let read = output(
                operation,
                r#"{"CodeDeliveryDetails":{"Destination":"+*******0100","DeliveryMedium":"SMS"}}"#,
            )
            .unwrap()
            .unwrap();
            assert_eq!(
                serde_json::to_value(&read).unwrap(),
                json!({"codeDelivery": {"destination": "+*******0100", "deliveryMedium": "SMS"}})
            );
            let missing = output(operation, "{}").unwrap_err();
            assert_eq!(missing.name(), "ProtocolError");
            assert!(
                missing.message().contains("CodeDeliveryDetails"),
                "{missing}"
            );
        }
        for operation in [Operation::ConfirmSignUp, Operation::ConfirmForgotPassword] {
            assert_eq!(output(operation, "{}").unwrap(), None);
            assert_eq!(output(operation, "[]").unwrap_err().name(), "ProtocolError");
        }
        for body in [
            r#"{"UserSub":5}"#,
            r#"{"CodeDeliveryDetails":"x"}"#,
            r#"{"CodeDeliveryDetails":{"Destination":1}}"#,
        ] {
            assert_eq!(
                output(Operation::SignUp, body).unwrap_err().name(),
                "ProtocolError",
                "{body}"
            );
        }
    }
}
