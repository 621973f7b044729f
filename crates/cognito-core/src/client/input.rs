//! What callers pass in: serde types with the JavaScript API's camelCase names, whose fields are
//! [`Value`]s, then read into the core's types with the rules of each field.
//!
//! Reading a caller's object never fails on a field's type: the reader here checks each field and
//! reports the first mistake as an [`Error::InvalidParameter`] that names the field and never
//! carries its value. `null` reads as absent everywhere, as `undefined` does. Unknown members
//! are skipped unread: `fetch` and `userContextData` are functions the wasm shell reads itself.
//! Passwords stay in zeroizing memory.

use alloc::borrow::ToOwned;
use alloc::string::String;

use serde::Deserialize;
use zeroize::Zeroizing;

use crate::config::ConfigInput;
use crate::error::Error;
use crate::flow::{ChallengeAnswer, ChallengeKind, SignInFlow, SignInInput};
use crate::protocol::Params;
use crate::value::{Input, Members, Value};

/// The `DeviceName` `ConfirmDevice` registers when the config gives no `deviceName`.
pub const DEFAULT_DEVICE_NAME: &str = "cognito-auth-wasm";

/// The `config` of `new CognitoClient(config)` (its `fetch`, `userContextData` and `storage`
/// are the shell's).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ConfigFields {
    pub user_pool_id: Value,
    pub client_id: Value,
    pub client_secret: Value,
    pub region: Value,
    pub endpoint: Value,
    pub timeout_ms: Value,
    pub device_name: Value,
}

/// `{ username, password?, flow?, clientMetadata? }` of `signIn`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SignInFields {
    pub username: Value,
    pub password: Value,
    pub flow: Value,
    pub client_metadata: Value,
}

/// `{ code, friendlyDeviceName? }` of `verifyTotp`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct VerifyTotpFields {
    pub code: Value,
    pub friendly_device_name: Value,
}

/// `{ email }` of `setupEmail`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SetupEmailFields {
    pub email: Value,
}

/// `{ userPoolId, challengeParameters, password, timestamp? }` of `SrpHelper.passwordVerifier`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PasswordVerifierFields {
    pub user_pool_id: Value,
    pub challenge_parameters: Value,
    pub password: Value,
    pub timestamp: Value,
}

/// A challenge's answer: every member, since `MFA_SETUP` and unknown challenges are answered with
/// Cognito's own `ChallengeResponses`.
pub type AnswerFields = Members;

/// The core's configuration and the `deviceName`.
pub fn read_config(input: Input<ConfigFields>) -> Result<(ConfigInput, String), Error> {
    let fields = input.object("the CognitoClient config")?;
    let mut reader = Reader::default();
    let config = ConfigInput {
        user_pool_id: reader.required(fields.user_pool_id, "userPoolId"),
        client_id: reader.required(fields.client_id, "clientId"),
        client_secret: reader
            .string(fields.client_secret, "clientSecret")
            .map(Zeroizing::new),
        region: reader.string(fields.region, "region"),
        endpoint: reader.string(fields.endpoint, "endpoint"),
        timeout_ms: reader.number(fields.timeout_ms, "timeoutMs"),
    };
    let device_name = match reader.string(fields.device_name, "deviceName") {
        Some(name) if name.is_empty() => {
            reader.fail("deviceName", ", when given, must be a non-empty string");
            name
        }
        Some(name) => name,
        None => DEFAULT_DEVICE_NAME.to_owned(),
    };
    reader.finish((config, device_name))
}

/// `signIn`'s input. Whether the flow needs the password is the flow's rule.
pub fn read_sign_in_input(input: Input<SignInFields>) -> Result<SignInInput, Error> {
    let fields = input.object("the signIn input")?;
    let mut reader = Reader::default();
    let flow = match reader.string(fields.flow, "flow") {
        None => SignInFlow::default(),
        Some(name) => SignInFlow::from_name(&name)?,
    };
    let sign_in = SignInInput {
        flow,
        username: reader.required(fields.username, "username"),
        password: reader
            .string(fields.password, "password")
            .map(Zeroizing::new),
        client_metadata: reader.map(fields.client_metadata, "clientMetadata"),
        user_context_data: None,
        device: None,
    };
    reader.finish(sign_in)
}

/// The answer `respond` gives to a challenge of `kind`: `{ code }` for the code challenges,
/// `{ mfaType }`, `{ newPassword, attributes? }`, `{ answer }`, and Cognito's own
/// `ChallengeResponses` (an object of strings) for `MFA_SETUP` and any other challenge.
pub fn read_answer(
    kind: &ChallengeKind,
    input: Input<AnswerFields>,
) -> Result<ChallengeAnswer, Error> {
    let mut members = input.object("the answer")?;
    let mut reader = Reader::default();
    let answer = match kind {
        ChallengeKind::SmsMfa(_) | ChallengeKind::EmailOtp(_) | ChallengeKind::SoftwareTokenMfa => {
            ChallengeAnswer::Code(reader.required(members.take("code"), "code"))
        }
        ChallengeKind::SelectMfaType { .. } => {
            ChallengeAnswer::MfaType(reader.required(members.take("mfaType"), "mfaType"))
        }
        ChallengeKind::NewPasswordRequired { .. } => ChallengeAnswer::NewPassword {
            new_password: Zeroizing::new(
                reader.required(members.take("newPassword"), "newPassword"),
            ),
            attributes: reader
                .map(members.take("attributes"), "attributes")
                .unwrap_or_default(),
        },
        ChallengeKind::CustomChallenge => {
            ChallengeAnswer::Custom(reader.required(members.take("answer"), "answer"))
        }
        ChallengeKind::MfaSetup { .. } | ChallengeKind::Other => {
            let mut responses = alloc::vec::Vec::with_capacity(members.0.len());
            for (key, value) in members.0.iter_mut() {
                match value {
                    Value::Str(text) => responses.push((key.clone(), take(text))),
                    _ => reader.fail(key, " must be a string"),
                }
            }
            ChallengeAnswer::Responses(responses.into_iter().collect())
        }
    };
    reader.finish(answer)
}

/// `verifyTotp`'s code and friendly device name.
pub fn read_verify_totp_input(
    input: Input<VerifyTotpFields>,
) -> Result<(String, Option<String>), Error> {
    let fields = input.object("the verifyTotp input")?;
    let mut reader = Reader::default();
    let read = (
        reader.required(fields.code, "code"),
        reader.string(fields.friendly_device_name, "friendlyDeviceName"),
    );
    reader.finish(read)
}

/// `setupEmail`'s address.
pub fn read_setup_email_input(input: Input<SetupEmailFields>) -> Result<String, Error> {
    let fields = input.object("the setupEmail input")?;
    let mut reader = Reader::default();
    let email = reader.required(fields.email, "email");
    reader.finish(email)
}

/// The input of `SrpHelper.passwordVerifier`, read.
pub struct PasswordVerifierInput {
    pub user_pool_id: String,
    pub challenge_parameters: Params,
    pub password: Zeroizing<String>,
    pub timestamp: Option<String>,
}

/// `SrpHelper.passwordVerifier`'s input.
pub fn read_password_verifier_input(
    input: Input<PasswordVerifierFields>,
) -> Result<PasswordVerifierInput, Error> {
    let fields = input.object("the passwordVerifier input")?;
    let mut reader = Reader::default();
    let challenge_parameters = reader.map(fields.challenge_parameters, "challengeParameters");
    if challenge_parameters.is_none() {
        reader.fail("challengeParameters", " is required");
    }
    let verifier = PasswordVerifierInput {
        user_pool_id: reader.required(fields.user_pool_id, "userPoolId"),
        challenge_parameters: challenge_parameters.unwrap_or_default(),
        password: Zeroizing::new(reader.required(fields.password, "password")),
        timestamp: reader.string(fields.timestamp, "timestamp"),
    };
    reader.finish(verifier)
}

/// The text of a zeroizing string, moved out (what stays behind is empty, so nothing is left to
/// wipe).
fn take(text: &mut Zeroizing<String>) -> String {
    core::mem::take(&mut **text)
}

/// Reads fields one by one and keeps the first mistake (the field's name and what is wrong with
/// it, never its value) for [`Reader::finish`]: one exit for every field instead of one each.
#[derive(Default)]
struct Reader {
    error: Option<Error>,
}

impl Reader {
    /// Keeps `key` and `problem` as the input's error, unless an earlier field failed.
    fn fail(&mut self, key: &str, problem: &str) {
        if self.error.is_none() {
            self.error = Some(Error::InvalidParameter([key, problem].concat().into()));
        }
    }

    /// `value`, or the first mistake.
    fn finish<T>(self, value: T) -> Result<T, Error> {
        match self.error {
            None => Ok(value),
            Some(error) => Err(error),
        }
    }

    /// A string that must be there ("" after a mistake).
    fn required(&mut self, value: Value, key: &str) -> String {
        if matches!(value, Value::Absent) {
            self.fail(key, " is required");
        }
        self.string_as(value, key, " must be a string")
            .unwrap_or_default()
    }

    /// A string, when given.
    fn string(&mut self, value: Value, key: &str) -> Option<String> {
        self.string_as(value, key, ", when given, must be a string")
    }

    fn string_as(&mut self, value: Value, key: &str, problem: &str) -> Option<String> {
        match value {
            Value::Absent => None,
            Value::Str(mut text) => Some(take(&mut text)),
            _ => {
                self.fail(key, problem);
                None
            }
        }
    }

    /// A number, when given.
    fn number(&mut self, value: Value, key: &str) -> Option<f64> {
        match value {
            Value::Absent => None,
            Value::Number(number) => Some(number),
            _ => {
                self.fail(key, ", when given, must be a number");
                None
            }
        }
    }

    /// An object of strings, when given (`clientMetadata`, `attributes`, `challengeParameters`);
    /// a member that is not a string is named.
    fn map(&mut self, value: Value, key: &str) -> Option<Params> {
        match value {
            Value::Absent => None,
            Value::Object(members) => {
                let mut entries = alloc::vec::Vec::with_capacity(members.len());
                for (name, value) in members {
                    match value {
                        Some(mut text) => entries.push((name, take(&mut text))),
                        None => self.fail(&name, " must be a string"),
                    }
                }
                Some(entries.into_iter().collect())
            }
            _ => {
                self.fail(key, " must be an object");
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::de::DeserializeOwned;

    use super::*;

    /// A caller's object, from JSON text.
    fn input<T: DeserializeOwned>(text: &str) -> Input<T> {
        serde_json::from_str(text).unwrap()
    }

    fn invalid<T>(result: Result<T, Error>) -> String {
        match result {
            Err(Error::InvalidParameter(message)) => message.into_owned(),
            Err(error) => panic!("expected InvalidParameter, got {error}"),
            Ok(_) => panic!("expected InvalidParameter, got a value"),
        }
    }

    #[test]
    fn config_reads_every_field_and_defaults_the_device_name() {
        let (config, device_name) = read_config(input(
            r#"{"userPoolId":"us-east-1_abc","clientId":"c","clientSecret":"s","region":"eu-west-1","endpoint":"http://127.0.0.1:1","timeoutMs":250}"#,
        ))
        .unwrap();
        assert_eq!(config.user_pool_id, "us-east-1_abc");
        assert_eq!(
            config.client_secret.as_deref().map(String::as_str),
            Some("s")
        );
        assert_eq!(config.timeout_ms, Some(250.0));
        assert_eq!(device_name, DEFAULT_DEVICE_NAME);
    }

    #[test]
    fn unknown_config_fields_are_ignored() {
        let (config, _) = read_config(input(
            r#"{"userPoolId":"us-east-1_abc","clientId":"c","fetch":"x","userContextData":{"a":1},"storage":[1],"maxRetries":3}"#,
        ))
        .unwrap();
        assert_eq!(config.client_id, "c");
    }

    #[test]
    fn null_reads_as_absent_and_wrong_types_name_the_field() {
        let sign_in =
            read_sign_in_input(input(r#"{"username":"u","password":null,"flow":null}"#)).unwrap();
        assert!(sign_in.password.is_none());
        assert_eq!(sign_in.flow, SignInFlow::UserSrp);
        assert_eq!(
            invalid(read_sign_in_input(input(r#"{"username":5}"#))),
            "username must be a string"
        );
        assert_eq!(
            invalid(read_sign_in_input(input("{}"))),
            "username is required"
        );
        assert_eq!(
            invalid(read_sign_in_input(input(r#""alice""#))),
            "the signIn input must be an object"
        );
        assert_eq!(
            invalid(read_sign_in_input(input(
                r#"{"username":"u","clientMetadata":{"a":1}}"#
            ))),
            "a must be a string"
        );
    }

    #[test]
    fn bad_input_messages_name_the_field_and_never_echo_the_value() {
        let secret = "Correct-Horse-1";
        let mistakes = [
            format!(r#"{{"username":"u","password":{{"x":"{secret}"}}}}"#),
            format!(r#"{{"username":["{secret}"]}}"#),
            format!(r#"{{"username":"u","password":1.5,"flow":"{secret}x"}}"#),
            format!(r#"{{"username":"u","clientMetadata":"{secret}"}}"#),
            format!(r#""{secret}""#),
        ];
        for text in &mistakes {
            let message = invalid(read_sign_in_input(input(text)));
            assert!(!message.contains(secret), "{message}");
        }
        let message = invalid(read_sign_in_input(input(&mistakes[0])));
        assert_eq!(message, "password, when given, must be a string");
        let message = invalid(read_answer(
            &ChallengeKind::NewPasswordRequired {
                user_attributes: Params::new(),
                required_attributes: Vec::new(),
            },
            input(r#"{"newPassword":12345678.5}"#),
        ));
        assert_eq!(message, "newPassword must be a string");
        let message = invalid(read_password_verifier_input(input(
            r#"{"userPoolId":"a_b","challengeParameters":{},"password":true}"#,
        )));
        assert_eq!(message, "password must be a string");
    }

    #[test]
    fn the_first_mistake_in_reading_order_is_reported() {
        assert_eq!(
            invalid(read_sign_in_input(input(
                r#"{"username":5,"password":7,"clientMetadata":[]}"#
            ))),
            "username must be a string"
        );
        assert_eq!(
            invalid(read_sign_in_input(input(
                r#"{"username":"u","password":7,"clientMetadata":{"a":1}}"#
            ))),
            "password, when given, must be a string"
        );
        assert_eq!(
            invalid(read_config(input(
                r#"{"userPoolId":"a_b","clientId":"c","timeoutMs":"5","deviceName":""}"#
            ))),
            "timeoutMs, when given, must be a number"
        );
        assert_eq!(
            invalid(read_config(input(
                r#"{"userPoolId":"a_b","clientId":"c","deviceName":""}"#
            ))),
            "deviceName, when given, must be a non-empty string"
        );
        assert_eq!(
            invalid(read_password_verifier_input(input(
                r#"{"userPoolId":"a_b"}"#
            ))),
            "challengeParameters is required"
        );
    }

    #[test]
    fn the_answer_is_read_by_the_challenge_kind() {
        let code = read_answer(
            &ChallengeKind::SoftwareTokenMfa,
            input(r#"{"code":"123456"}"#),
        )
        .unwrap();
        assert!(matches!(code, ChallengeAnswer::Code(code) if code == "123456"));
        let other = read_answer(&ChallengeKind::Other, input(r#"{"ANSWER":"x"}"#)).unwrap();
        assert!(matches!(other, ChallengeAnswer::Responses(map) if map["ANSWER"] == "x"));
        assert_eq!(
            invalid(read_answer(
                &ChallengeKind::Other,
                input(r#"{"ANSWER":"x","B":null}"#)
            )),
            "B must be a string"
        );
        assert_eq!(
            invalid(read_answer(
                &ChallengeKind::CustomChallenge,
                input(r#"{"code":"1"}"#)
            )),
            "answer is required"
        );
        assert_eq!(
            invalid(read_answer(&ChallengeKind::CustomChallenge, input("[]"))),
            "the answer must be an object"
        );
    }

    #[test]
    fn verify_totp_and_setup_email_inputs() {
        assert_eq!(
            read_verify_totp_input(input(r#"{"code":"1","friendlyDeviceName":"p"}"#)).unwrap(),
            ("1".to_owned(), Some("p".to_owned()))
        );
        assert_eq!(
            invalid(read_verify_totp_input(input("{}"))),
            "code is required"
        );
        assert_eq!(
            read_setup_email_input(input(r#"{"email":"a@b.co"}"#)).unwrap(),
            "a@b.co"
        );
    }
}
