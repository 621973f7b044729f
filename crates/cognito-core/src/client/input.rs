//! What callers pass in: each caller object read as the core's [`Members`] (the members named in
//! the API's list for that input, [`Named`]; every member for a challenge's answer), then read
//! into the core's types with the rules of each field.
//!
//! Reading a caller's object never fails on a field's type: the reader here checks each field and
//! reports the first mistake as an [`Error::InvalidParameter`] that names the field and never
//! carries its value. `null` reads as absent everywhere, as `undefined` does. Members not in the
//! list are skipped unread: `fetch` and `userContextData` are functions the wasm shell reads
//! itself. Passwords stay in zeroizing memory.

use alloc::borrow::ToOwned;
use alloc::string::String;

use zeroize::Zeroizing;

use super::AccountCall;
use crate::config::ConfigInput;
use crate::error::Error;
use crate::flow::{ChallengeAnswer, ChallengeKind, SignInFlow, SignInInput};
use crate::protocol::account::{AccountRequest, MfaSettings};
use crate::protocol::Params;
use crate::value::{Input, Members, Named, Value};

/// The `DeviceName` `ConfirmDevice` registers when the config gives no `deviceName`.
pub const DEFAULT_DEVICE_NAME: &str = "cognito-auth-wasm";

/// The members of `new CognitoClient(config)` the core reads (its `fetch`, `userContextData` and
/// `storage` are the shell's).
pub const CONFIG_FIELDS: Named = Named(&[
    "userPoolId",
    "clientId",
    "clientSecret",
    "region",
    "endpoint",
    "timeoutMs",
    "maxRetries",
    "deviceName",
    "refreshMarginSeconds",
]);

/// `{ username, password?, flow?, clientMetadata? }` of `signIn`.
pub const SIGN_IN_FIELDS: Named = Named(&["username", "password", "flow", "clientMetadata"]);

/// `{ code, friendlyDeviceName? }` of `verifyTotp`.
pub const VERIFY_TOTP_FIELDS: Named = Named(&["code", "friendlyDeviceName"]);

/// `{ email }` of `setupEmail`.
pub const SETUP_EMAIL_FIELDS: Named = Named(&["email"]);

/// `{ username, password, attributes?, validationData?, clientMetadata? }` of `signUp`.
pub const SIGN_UP_FIELDS: Named = Named(&[
    "username",
    "password",
    "attributes",
    "validationData",
    "clientMetadata",
]);

/// `{ username, code, clientMetadata? }` of `confirmSignUp`.
pub const CONFIRM_SIGN_UP_FIELDS: Named = Named(&["username", "code", "clientMetadata"]);

/// `{ username, clientMetadata? }` of `resendSignUpCode` and `forgotPassword`.
pub const USERNAME_FIELDS: Named = Named(&["username", "clientMetadata"]);

/// `{ username, code, newPassword, clientMetadata? }` of `confirmForgotPassword`.
pub const CONFIRM_FORGOT_PASSWORD_FIELDS: Named =
    Named(&["username", "code", "newPassword", "clientMetadata"]);

/// `{ previousPassword, proposedPassword }` of `changePassword`.
pub const CHANGE_PASSWORD_FIELDS: Named = Named(&["previousPassword", "proposedPassword"]);

/// `{ attributes, clientMetadata? }` of `updateUserAttributes`.
pub const UPDATE_USER_ATTRIBUTES_FIELDS: Named = Named(&["attributes", "clientMetadata"]);

/// `{ attributeName, clientMetadata? }` of `sendUserAttributeVerificationCode`.
pub const ATTRIBUTE_NAME_FIELDS: Named = Named(&["attributeName", "clientMetadata"]);

/// `{ attributeName, code }` of `verifyUserAttribute`.
pub const VERIFY_USER_ATTRIBUTE_FIELDS: Named = Named(&["attributeName", "code"]);

/// `{ attributeNames }` of `deleteUserAttributes`.
pub const DELETE_USER_ATTRIBUTES_FIELDS: Named = Named(&["attributeNames"]);

/// `{ totp?, sms?, email? }` of `setMfaPreference`.
pub const SET_MFA_PREFERENCE_FIELDS: Named = Named(&["totp", "sms", "email"]);

/// `{ userPoolId, challengeParameters, password, timestamp? }` of `SrpHelper.passwordVerifier`.
pub const PASSWORD_VERIFIER_FIELDS: Named =
    Named(&["userPoolId", "challengeParameters", "password", "timestamp"]);

/// The core's configuration and the `deviceName`.
pub fn read_config(input: Input<Members>) -> Result<(ConfigInput, String), Error> {
    let mut fields = input.object("the CognitoClient config")?;
    let mut reader = Reader::default();
    let config = ConfigInput {
        user_pool_id: reader.required(fields.take("userPoolId"), "userPoolId"),
        client_id: reader.required(fields.take("clientId"), "clientId"),
        client_secret: reader
            .string(fields.take("clientSecret"), "clientSecret")
            .map(Zeroizing::new),
        region: reader.string(fields.take("region"), "region"),
        endpoint: reader.string(fields.take("endpoint"), "endpoint"),
        timeout_ms: reader.number(fields.take("timeoutMs"), "timeoutMs"),
        max_retries: reader.number(fields.take("maxRetries"), "maxRetries"),
        refresh_margin_seconds: reader
            .number(fields.take("refreshMarginSeconds"), "refreshMarginSeconds"),
    };
    let device_name = match reader.string(fields.take("deviceName"), "deviceName") {
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
pub fn read_sign_in_input(input: Input<Members>) -> Result<SignInInput, Error> {
    let mut fields = input.object("the signIn input")?;
    let mut reader = Reader::default();
    let flow = match reader.string(fields.take("flow"), "flow") {
        None => SignInFlow::default(),
        Some(name) => SignInFlow::from_name(&name)?,
    };
    let sign_in = SignInInput {
        flow,
        username: reader.required(fields.take("username"), "username"),
        password: reader
            .string(fields.take("password"), "password")
            .map(Zeroizing::new),
        client_metadata: reader.map(fields.take("clientMetadata"), "clientMetadata"),
        user_context_data: None,
        device: None,
    };
    reader.finish(sign_in)
}

/// The answer `respond` gives to a challenge of `kind`: `{ code }` for the code challenges,
/// `{ mfaType }`, `{ newPassword, attributes? }`, `{ answer }`, and Cognito's own
/// `ChallengeResponses` (an object of strings) for `MFA_SETUP` and any other challenge.
pub fn read_answer(kind: &ChallengeKind, input: Input<Members>) -> Result<ChallengeAnswer, Error> {
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

/// An account operation's input, as its request without `ClientId`, `SecretHash` and
/// `UserContextData` (the exchange adds them when it starts) or, signed in, without the
/// `AccessToken` (the shell adds the session's). Every operation that needs no session has
/// `username` and `clientMetadata?`; `signUp` a `password`, `attributes?` and `validationData?`
/// (objects of strings, Cognito's `[{Name, Value}]` lists), the confirmations a `code`,
/// `confirmForgotPassword` a `newPassword`. The signed-in ones: see each field list.
pub fn read_account_input(
    call: AccountCall,
    input: Input<Members>,
) -> Result<AccountRequest, Error> {
    let mut fields = input.object(call.what())?;
    let mut reader = Reader::default();
    let mut request = AccountRequest::default();
    if !call.signed_in() {
        request.username = reader.required(fields.take("username"), "username");
        request.client_metadata = reader.map(fields.take("clientMetadata"), "clientMetadata");
    }
    match call {
        AccountCall::SignUp => {
            request.password = Some(reader.required(fields.take("password"), "password"));
            request.user_attributes = reader.map(fields.take("attributes"), "attributes");
            request.validation_data = reader.map(fields.take("validationData"), "validationData");
        }
        AccountCall::ConfirmSignUp => {
            request.confirmation_code = Some(reader.required(fields.take("code"), "code"));
        }
        AccountCall::ResendSignUpCode | AccountCall::ForgotPassword => {}
        AccountCall::ConfirmForgotPassword => {
            request.confirmation_code = Some(reader.required(fields.take("code"), "code"));
            request.password = Some(reader.required(fields.take("newPassword"), "newPassword"));
        }
        AccountCall::ChangePassword => {
            request.previous_password =
                Some(reader.required(fields.take("previousPassword"), "previousPassword"));
            request.proposed_password =
                Some(reader.required(fields.take("proposedPassword"), "proposedPassword"));
        }
        AccountCall::UpdateUserAttributes => {
            request.user_attributes = reader.map(fields.take("attributes"), "attributes");
            match &request.user_attributes {
                None => reader.fail("attributes", " is required"),
                Some(attributes) if attributes.is_empty() => {
                    reader.fail("attributes", " must name at least one attribute");
                }
                Some(_) => {}
            }
            request.client_metadata = reader.map(fields.take("clientMetadata"), "clientMetadata");
        }
        AccountCall::SendUserAttributeVerificationCode => {
            request.attribute_name =
                Some(reader.name(fields.take("attributeName"), "attributeName"));
            request.client_metadata = reader.map(fields.take("clientMetadata"), "clientMetadata");
        }
        AccountCall::VerifyUserAttribute => {
            request.attribute_name =
                Some(reader.name(fields.take("attributeName"), "attributeName"));
            request.code = Some(reader.name(fields.take("code"), "code"));
        }
        AccountCall::DeleteUserAttributes => {
            request.user_attribute_names =
                Some(reader.names(fields.take("attributeNames"), "attributeNames"));
        }
        AccountCall::VerifyTotp => {
            request.user_code = Some(reader.name(fields.take("code"), "code"));
            request.friendly_device_name =
                reader.string(fields.take("friendlyDeviceName"), "friendlyDeviceName");
        }
        AccountCall::SetMfaPreference => {
            let mut preferred = 0;
            for key in ["totp", "sms", "email"] {
                let settings = reader.mfa_setting(fields.take(key), key);
                preferred += usize::from(settings.is_some_and(|s| s.preferred_mfa));
                match key {
                    "totp" => request.software_token_mfa_settings = settings,
                    "sms" => request.sms_mfa_settings = settings,
                    _ => request.email_mfa_settings = settings,
                }
            }
            if preferred > 1 {
                reader.fail(
                    "setMfaPreference",
                    ": at most one factor can be \"preferred\"",
                );
            }
            if request.software_token_mfa_settings.is_none()
                && request.sms_mfa_settings.is_none()
                && request.email_mfa_settings.is_none()
            {
                reader.fail(
                    "setMfaPreference",
                    " needs at least one of totp, sms and email",
                );
            }
        }
        AccountCall::GetUser | AccountCall::DeleteUser | AccountCall::SetupTotp => {}
    }
    reader.finish(request)
}

/// `verifyTotp`'s code and friendly device name.
pub fn read_verify_totp_input(input: Input<Members>) -> Result<(String, Option<String>), Error> {
    let mut fields = input.object("the verifyTotp input")?;
    let mut reader = Reader::default();
    let read = (
        reader.required(fields.take("code"), "code"),
        reader.string(fields.take("friendlyDeviceName"), "friendlyDeviceName"),
    );
    reader.finish(read)
}

/// `setupEmail`'s address.
pub fn read_setup_email_input(input: Input<Members>) -> Result<String, Error> {
    let mut fields = input.object("the setupEmail input")?;
    let mut reader = Reader::default();
    let email = reader.required(fields.take("email"), "email");
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
pub fn read_password_verifier_input(input: Input<Members>) -> Result<PasswordVerifierInput, Error> {
    let mut fields = input.object("the passwordVerifier input")?;
    let mut reader = Reader::default();
    let challenge_parameters =
        reader.map(fields.take("challengeParameters"), "challengeParameters");
    if challenge_parameters.is_none() {
        reader.fail("challengeParameters", " is required");
    }
    let verifier = PasswordVerifierInput {
        user_pool_id: reader.required(fields.take("userPoolId"), "userPoolId"),
        challenge_parameters: challenge_parameters.unwrap_or_default(),
        password: Zeroizing::new(reader.required(fields.take("password"), "password")),
        timestamp: reader.string(fields.take("timestamp"), "timestamp"),
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

    /// A string that must be there and not be empty ("" after a mistake).
    fn name(&mut self, value: Value, key: &str) -> String {
        let text = self.required(value, key);
        if text.is_empty() {
            self.fail(key, " must be a non-empty string");
        }
        text
    }

    /// A list of non-empty strings that must be there and hold at least one.
    fn names(&mut self, value: Value, key: &str) -> alloc::vec::Vec<String> {
        let elements = match value {
            Value::List(elements) => elements,
            Value::Absent => {
                self.fail(key, " is required");
                return alloc::vec::Vec::new();
            }
            _ => {
                self.fail(key, " must be an array of strings");
                return alloc::vec::Vec::new();
            }
        };
        if elements.is_empty() {
            self.fail(key, " must hold at least one name");
        }
        let mut names = alloc::vec::Vec::with_capacity(elements.len());
        for element in elements {
            match element {
                Some(mut text) if !text.is_empty() => names.push(take(&mut text)),
                _ => self.fail(key, " must hold non-empty strings only"),
            }
        }
        names
    }

    /// One factor of `setMfaPreference`, when given.
    fn mfa_setting(&mut self, value: Value, key: &str) -> Option<MfaSettings> {
        let name = self.string(value, key)?;
        let settings = MfaSettings::from_name(&name);
        if settings.is_none() {
            self.fail(
                key,
                ", when given, must be \"preferred\", \"enabled\" or \"disabled\"",
            );
        }
        settings
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
    use serde::de::DeserializeSeed;

    use super::*;

    /// A challenge's answer, from JSON text: every member.
    fn input(text: &str) -> Input<Members> {
        serde_json::from_str(text).unwrap()
    }

    /// A caller's object, from JSON text, read with the input's list of names (so that a name
    /// missing from the list is a field the tests never see); anything else is no object.
    fn fields(names: Named, text: &str) -> Input<Members> {
        if text.starts_with('{') {
            let mut json = serde_json::Deserializer::from_str(text);
            Input(Some(names.deserialize(&mut json).unwrap()))
        } else {
            input(text)
        }
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
        let (config, device_name) = read_config(fields(
            CONFIG_FIELDS,
            r#"{"userPoolId":"us-east-1_abc","clientId":"c","clientSecret":"s","region":"eu-west-1","endpoint":"http://127.0.0.1:1","timeoutMs":250}"#,
        ))
        .unwrap();
        assert_eq!(config.user_pool_id, "us-east-1_abc");
        assert_eq!(
            config.client_secret.as_deref().map(String::as_str),
            Some("s")
        );
        assert_eq!(config.region.as_deref(), Some("eu-west-1"));
        assert_eq!(config.endpoint.as_deref(), Some("http://127.0.0.1:1"));
        assert_eq!(config.timeout_ms, Some(250.0));
        assert_eq!(device_name, DEFAULT_DEVICE_NAME);
        let (_, device_name) = read_config(fields(
            CONFIG_FIELDS,
            r#"{"userPoolId":"us-east-1_abc","clientId":"c","deviceName":"kiosk"}"#,
        ))
        .unwrap();
        assert_eq!(device_name, "kiosk");
    }

    #[test]
    fn password_verifier_input_reads_every_field() {
        let read = read_password_verifier_input(fields(
            PASSWORD_VERIFIER_FIELDS,
            r#"{"userPoolId":"a_b","challengeParameters":{"SALT":"s"},"password":"p","timestamp":"t"}"#,
        ))
        .unwrap();
        assert_eq!(read.user_pool_id, "a_b");
        assert_eq!(read.challenge_parameters["SALT"], "s");
        assert_eq!(read.password.as_str(), "p");
        assert_eq!(read.timestamp.as_deref(), Some("t"));
    }

    #[test]
    fn unknown_config_fields_are_ignored() {
        let (config, _) = read_config(fields(
            CONFIG_FIELDS,
            r#"{"userPoolId":"us-east-1_abc","clientId":"c","fetch":"x","userContextData":{"a":1},"storage":[1],"maxRetries":3}"#,
        ))
        .unwrap();
        assert_eq!(config.client_id, "c");
    }

    #[test]
    fn null_reads_as_absent_and_wrong_types_name_the_field() {
        let sign_in = read_sign_in_input(fields(
            SIGN_IN_FIELDS,
            r#"{"username":"u","password":null,"flow":null}"#,
        ))
        .unwrap();
        assert!(sign_in.password.is_none());
        assert_eq!(sign_in.flow, SignInFlow::UserSrp);
        assert_eq!(
            invalid(read_sign_in_input(fields(
                SIGN_IN_FIELDS,
                r#"{"username":5}"#
            ))),
            "username must be a string"
        );
        assert_eq!(
            invalid(read_sign_in_input(fields(SIGN_IN_FIELDS, "{}"))),
            "username is required"
        );
        assert_eq!(
            invalid(read_sign_in_input(fields(SIGN_IN_FIELDS, r#""alice""#))),
            "the signIn input must be an object"
        );
        assert_eq!(
            invalid(read_sign_in_input(fields(
                SIGN_IN_FIELDS,
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
            let message = invalid(read_sign_in_input(fields(SIGN_IN_FIELDS, text)));
            assert!(!message.contains(secret), "{message}");
        }
        let message = invalid(read_sign_in_input(fields(SIGN_IN_FIELDS, &mistakes[0])));
        assert_eq!(message, "password, when given, must be a string");
        let message = invalid(read_answer(
            &ChallengeKind::NewPasswordRequired {
                user_attributes: Params::new(),
                required_attributes: Vec::new(),
            },
            input(r#"{"newPassword":12345678.5}"#),
        ));
        assert_eq!(message, "newPassword must be a string");
        let message = invalid(read_password_verifier_input(fields(
            PASSWORD_VERIFIER_FIELDS,
            r#"{"userPoolId":"a_b","challengeParameters":{},"password":true}"#,
        )));
        assert_eq!(message, "password must be a string");
    }

    #[test]
    fn the_first_mistake_in_reading_order_is_reported() {
        assert_eq!(
            invalid(read_sign_in_input(fields(
                SIGN_IN_FIELDS,
                r#"{"username":5,"password":7,"clientMetadata":[]}"#
            ))),
            "username must be a string"
        );
        assert_eq!(
            invalid(read_sign_in_input(fields(
                SIGN_IN_FIELDS,
                r#"{"username":"u","password":7,"clientMetadata":{"a":1}}"#
            ))),
            "password, when given, must be a string"
        );
        assert_eq!(
            invalid(read_config(fields(
                CONFIG_FIELDS,
                r#"{"userPoolId":"a_b","clientId":"c","timeoutMs":"5","deviceName":""}"#
            ))),
            "timeoutMs, when given, must be a number"
        );
        assert_eq!(
            invalid(read_config(fields(
                CONFIG_FIELDS,
                r#"{"userPoolId":"a_b","clientId":"c","deviceName":""}"#
            ))),
            "deviceName, when given, must be a non-empty string"
        );
        assert_eq!(
            invalid(read_password_verifier_input(fields(
                PASSWORD_VERIFIER_FIELDS,
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
            read_verify_totp_input(fields(
                VERIFY_TOTP_FIELDS,
                r#"{"code":"1","friendlyDeviceName":"p"}"#
            ))
            .unwrap(),
            ("1".to_owned(), Some("p".to_owned()))
        );
        assert_eq!(
            invalid(read_verify_totp_input(fields(VERIFY_TOTP_FIELDS, "{}"))),
            "code is required"
        );
        assert_eq!(
            read_setup_email_input(fields(SETUP_EMAIL_FIELDS, r#"{"email":"a@b.co"}"#)).unwrap(),
            "a@b.co"
        );
    }
}
