//! What JavaScript passes in, as JSON text (`JSON.stringify` of the caller's object), read into
//! the core's types.
//!
//! `JSON.stringify` drops functions and `undefined` and turns `NaN` into `null`, so a present
//! non-null `fetch` or `userContextData` is one that is not a function, and `null` reads as
//! absent everywhere, as `undefined` does. Every mistake is an [`Error::InvalidParameter`]
//! naming the field, never its value. Passwords go straight into zeroizing memory.

use alloc::borrow::ToOwned;
use alloc::string::String;

use crate::protocol::Params;

use zeroize::Zeroizing;

use crate::config::ConfigInput;
use crate::error::Error;
use crate::flow::{ChallengeAnswer, ChallengeKind, SignInFlow, SignInInput};
use crate::protocol::json::{Json, Object};
use cognito_srp::text::concat;

/// The `DeviceName` `ConfirmDevice` registers when the config gives no `deviceName`.
pub const DEFAULT_DEVICE_NAME: &str = "cognito-auth-wasm";

/// The `config` of `new CognitoClient(config)`: the core's configuration and the `deviceName`.
pub fn read_config(text: &str) -> Result<(ConfigInput, String), Error> {
    let mut input = Input::parse(text, "the CognitoClient config")?;
    for key in ["fetch", "userContextData"] {
        if input.present(key).is_some() {
            input.fail(key, ", when given, must be a function");
        }
    }
    let config = ConfigInput {
        user_pool_id: input.required("userPoolId"),
        client_id: input.required("clientId"),
        client_secret: input.string("clientSecret").map(Zeroizing::new),
        region: input.string("region"),
        endpoint: input.string("endpoint"),
        timeout_ms: input.number("timeoutMs"),
    };
    let device_name = match input.string("deviceName") {
        Some(name) if name.is_empty() => {
            input.fail("deviceName", ", when given, must be a non-empty string");
            name
        }
        Some(name) => name,
        None => DEFAULT_DEVICE_NAME.to_owned(),
    };
    input.finish((config, device_name))
}

/// The `{ username, password?, flow?, clientMetadata? }` of `signIn`. Whether the flow needs the
/// password is the flow's rule.
pub fn read_sign_in_input(text: &str) -> Result<SignInInput, Error> {
    let mut input = Input::parse(text, "the signIn input")?;
    let flow = match input.string("flow") {
        None => SignInFlow::default(),
        Some(name) => SignInFlow::from_name(&name)?,
    };
    let sign_in = SignInInput {
        flow,
        username: input.required("username"),
        password: input.string("password").map(Zeroizing::new),
        client_metadata: input.map("clientMetadata"),
        user_context_data: None,
        device: None,
    };
    input.finish(sign_in)
}

/// The answer `respond` gives to a challenge of `kind`: `{ code }` for the code challenges,
/// `{ mfaType }`, `{ newPassword, attributes? }`, `{ answer }`, and Cognito's own
/// `ChallengeResponses` (an object of strings) for `MFA_SETUP` and any other challenge.
pub fn read_answer(kind: &ChallengeKind, text: &str) -> Result<ChallengeAnswer, Error> {
    let mut input = Input::parse(text, "the answer")?;
    let answer = match kind {
        ChallengeKind::SmsMfa(_) | ChallengeKind::EmailOtp(_) | ChallengeKind::SoftwareTokenMfa => {
            ChallengeAnswer::Code(input.required("code"))
        }
        ChallengeKind::SelectMfaType { .. } => ChallengeAnswer::MfaType(input.required("mfaType")),
        ChallengeKind::NewPasswordRequired { .. } => ChallengeAnswer::NewPassword {
            new_password: Zeroizing::new(input.required("newPassword")),
            attributes: input.map("attributes").unwrap_or_default(),
        },
        ChallengeKind::CustomChallenge => ChallengeAnswer::Custom(input.required("answer")),
        ChallengeKind::MfaSetup { .. } | ChallengeKind::Other => {
            ChallengeAnswer::Responses(string_map(&input.object, &mut input.error))
        }
    };
    input.finish(answer)
}

/// `{ code, friendlyDeviceName? }` of `verifyTotp`.
pub fn read_verify_totp_input(text: &str) -> Result<(String, Option<String>), Error> {
    let mut input = Input::parse(text, "the verifyTotp input")?;
    let fields = (input.required("code"), input.string("friendlyDeviceName"));
    input.finish(fields)
}

/// `{ email }` of `setupEmail`.
pub fn read_setup_email_input(text: &str) -> Result<String, Error> {
    let mut input = Input::parse(text, "the setupEmail input")?;
    let email = input.required("email");
    input.finish(email)
}

/// The input of `SrpHelper.passwordVerifier`.
pub struct PasswordVerifierInput {
    pub user_pool_id: String,
    pub challenge_parameters: Params,
    pub password: Zeroizing<String>,
    pub timestamp: Option<String>,
}

/// `{ userPoolId, challengeParameters, password, timestamp? }`.
pub fn read_password_verifier_input(text: &str) -> Result<PasswordVerifierInput, Error> {
    let mut input = Input::parse(text, "the passwordVerifier input")?;
    let challenge_parameters = input.map("challengeParameters");
    if challenge_parameters.is_none() {
        input.fail("challengeParameters", " is required");
    }
    let verifier = PasswordVerifierInput {
        user_pool_id: input.required("userPoolId"),
        challenge_parameters: challenge_parameters.unwrap_or_default(),
        password: Zeroizing::new(input.required("password")),
        timestamp: input.string("timestamp"),
    };
    input.finish(verifier)
}

/// A raw-layer input (`initiateAuth`, `respondToAuthChallenge`): any JSON object.
pub fn read_raw_input(text: &str, operation_name: &str) -> Result<Json, Error> {
    match Json::parse(text) {
        Ok(json @ Json::Object(_)) => Ok(json),
        _ => Err(Error::InvalidParameter(
            concat(&["the ", operation_name, " input must be a JSON object"]).into(),
        )),
    }
}

/// The caller's object, read field by field. The first mistake is kept (the field's name and
/// what is wrong with it, never its value) and [`Input::finish`] reports it: one exit for every
/// field instead of one each. `null` reads as absent, as `undefined` does.
struct Input {
    object: Object,
    error: Option<Error>,
}

impl Input {
    /// The caller's value as an object. Text that is not JSON is what the shell sends for a
    /// value `JSON.stringify` cannot write (a `BigInt`, a cycle, a throwing getter).
    fn parse(text: &str, what: &str) -> Result<Input, Error> {
        match Json::parse(text) {
            Ok(Json::Object(object)) => Ok(Input {
                object,
                error: None,
            }),
            _ => Err(Error::InvalidParameter(
                concat(&[what, " must be an object"]).into(),
            )),
        }
    }

    /// Keeps `key` and `problem` as the input's error, unless an earlier field failed.
    fn fail(&mut self, key: &str, problem: &str) {
        keep_first(&mut self.error, key, problem);
    }

    /// `value`, or the first mistake.
    fn finish<T>(self, value: T) -> Result<T, Error> {
        match self.error {
            None => Ok(value),
            Some(error) => Err(error),
        }
    }

    /// A member that is neither absent nor `null`.
    fn present(&self, key: &str) -> Option<&Json> {
        present(&self.object, key)
    }

    /// A string that must be there ("" after a mistake).
    fn required(&mut self, key: &str) -> String {
        if self.present(key).is_none() {
            self.fail(key, " is required");
        }
        self.string_as(key, " must be a string").unwrap_or_default()
    }

    /// A string, when given.
    fn string(&mut self, key: &str) -> Option<String> {
        self.string_as(key, ", when given, must be a string")
    }

    fn string_as(&mut self, key: &str, problem: &str) -> Option<String> {
        match self.present(key) {
            None => None,
            Some(Json::String(text)) => Some(text.clone()),
            Some(_) => {
                self.fail(key, problem);
                None
            }
        }
    }

    /// A number in whole units, when given.
    fn number(&mut self, key: &str) -> Option<f64> {
        let value = match self.present(key) {
            None => return None,
            Some(Json::Number(text)) => whole_number(text),
            Some(_) => None,
        };
        if value.is_none() {
            self.fail(key, ", when given, must be a number");
        }
        value
    }

    /// An object of strings, when given (`clientMetadata`, `attributes`, `challengeParameters`).
    fn map(&mut self, key: &str) -> Option<Params> {
        match present(&self.object, key) {
            None => None,
            Some(Json::Object(map)) => Some(string_map(map, &mut self.error)),
            Some(_) => {
                self.fail(key, " must be an object");
                None
            }
        }
    }
}

fn present<'a>(object: &'a Object, key: &str) -> Option<&'a Json> {
    object.get(key).filter(|value| !matches!(value, Json::Null))
}

fn keep_first(error: &mut Option<Error>, key: &str, problem: &str) {
    if error.is_none() {
        *error = Some(Error::InvalidParameter(concat(&[key, problem]).into()));
    }
}

/// The members of `object`, all strings; a member that is not one is kept in `error`.
fn string_map(object: &Object, error: &mut Option<Error>) -> Params {
    let mut map = Params::new();
    for (key, value) in object.iter() {
        match value {
            Json::String(text) => {
                map.insert(key.to_owned(), text.clone());
            }
            _ => keep_first(error, key, " must be a string"),
        }
    }
    map
}

/// The value of a JSON number's text in whole units (enough for a timeout in milliseconds): the
/// fraction dropped, large values saturated. The text is `JSON.stringify`'s, which writes an
/// exponent only below 1e-6 or from 1e21 on, so an exponent reads as 0 (negative) or as the
/// largest value (positive). Read by hand: a float parser would add its tables to the package
/// for this one field.
fn whole_number(text: &str) -> Option<f64> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut value: u64 = 0;
    let mut in_fraction = false;
    let mut bytes = rest.bytes();
    while let Some(byte) = bytes.next() {
        match byte {
            b'0'..=b'9' if !in_fraction => {
                value = value
                    .saturating_mul(10)
                    .saturating_add(u64::from(byte - b'0'));
            }
            b'0'..=b'9' => {}
            b'.' if !in_fraction => in_fraction = true,
            b'e' | b'E' => {
                if value != 0 {
                    value = if bytes.next() == Some(b'-') {
                        0
                    } else {
                        u64::MAX
                    };
                }
                break;
            }
            _ => return None,
        }
    }
    // Whole numbers of milliseconds: exact in an f64 up to 2^53, and the config's range is far
    // below that.
    let value = value as f64;
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invalid<T>(result: Result<T, Error>) -> String {
        match result {
            Err(Error::InvalidParameter(message)) => message.into_owned(),
            Err(error) => panic!("expected InvalidParameter, got {error}"),
            Ok(_) => panic!("expected InvalidParameter, got a value"),
        }
    }

    #[test]
    fn config_reads_every_field_and_defaults_the_device_name() {
        let (input, device_name) = read_config(
            r#"{"userPoolId":"us-east-1_abc","clientId":"c","clientSecret":"s","region":"eu-west-1","endpoint":"http://127.0.0.1:1","timeoutMs":250}"#,
        )
        .unwrap();
        assert_eq!(input.user_pool_id, "us-east-1_abc");
        assert_eq!(
            input.client_secret.as_deref().map(String::as_str),
            Some("s")
        );
        assert_eq!(input.timeout_ms, Some(250.0));
        assert_eq!(device_name, DEFAULT_DEVICE_NAME);
    }

    #[test]
    fn a_fetch_that_survived_json_stringify_is_not_a_function() {
        let message = invalid(read_config(
            r#"{"userPoolId":"a_b","clientId":"c","fetch":"x"}"#,
        ));
        assert_eq!(message, "fetch, when given, must be a function");
    }

    #[test]
    fn null_reads_as_absent_and_wrong_types_name_the_field() {
        let input = read_sign_in_input(r#"{"username":"u","password":null,"flow":null}"#).unwrap();
        assert!(input.password.is_none());
        assert_eq!(input.flow, SignInFlow::UserSrp);
        assert_eq!(
            invalid(read_sign_in_input(r#"{"username":5}"#)),
            "username must be a string"
        );
        assert_eq!(invalid(read_sign_in_input(r#"{}"#)), "username is required");
        assert_eq!(
            invalid(read_sign_in_input("not json")),
            "the signIn input must be an object"
        );
        assert_eq!(
            invalid(read_sign_in_input(
                r#"{"username":"u","clientMetadata":{"a":1}}"#
            )),
            "a must be a string"
        );
    }

    #[test]
    fn the_first_mistake_in_reading_order_is_reported() {
        assert_eq!(
            invalid(read_sign_in_input(
                r#"{"username":5,"password":7,"clientMetadata":[]}"#
            )),
            "username must be a string"
        );
        assert_eq!(
            invalid(read_sign_in_input(
                r#"{"username":"u","password":7,"clientMetadata":{"a":1}}"#
            )),
            "password, when given, must be a string"
        );
        assert_eq!(
            invalid(read_config(
                r#"{"userContextData":1,"userPoolId":5,"deviceName":""}"#
            )),
            "userContextData, when given, must be a function"
        );
        assert_eq!(
            invalid(read_config(
                r#"{"userPoolId":"a_b","clientId":"c","timeoutMs":"5","deviceName":""}"#
            )),
            "timeoutMs, when given, must be a number"
        );
        assert_eq!(
            invalid(read_password_verifier_input(r#"{"userPoolId":"a_b"}"#)),
            "challengeParameters is required"
        );
    }

    #[test]
    fn json_numbers_read_as_whole_units() {
        for (text, value) in [
            ("250", 250.0),
            ("1.9", 1.0),
            ("0.5", 0.0),
            ("-3", -3.0),
            ("1e+21", u64::MAX as f64),
            ("2.5E+400", u64::MAX as f64),
            ("1e-7", 0.0),
            ("0e2147483647", 0.0),
            ("5", 5.0),
        ] {
            assert_eq!(whole_number(text), Some(value), "{text}");
        }
        for text in ["1.2.3", "--1", "1x"] {
            assert_eq!(whole_number(text), None, "{text}");
        }
    }

    #[test]
    fn the_answer_is_read_by_the_challenge_kind() {
        let code = read_answer(&ChallengeKind::SoftwareTokenMfa, r#"{"code":"123456"}"#).unwrap();
        assert!(matches!(code, ChallengeAnswer::Code(code) if code == "123456"));
        let other = read_answer(&ChallengeKind::Other, r#"{"ANSWER":"x"}"#).unwrap();
        assert!(matches!(other, ChallengeAnswer::Responses(map) if map["ANSWER"] == "x"));
        assert_eq!(
            invalid(read_answer(
                &ChallengeKind::CustomChallenge,
                r#"{"code":"1"}"#
            )),
            "answer is required"
        );
    }
}
