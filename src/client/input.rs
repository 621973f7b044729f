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

/// The `DeviceName` `ConfirmDevice` registers when the config gives no `deviceName`.
pub const DEFAULT_DEVICE_NAME: &str = "cognito-auth-wasm";

/// The `config` of `new CognitoClient(config)`: the core's configuration and the `deviceName`.
pub fn read_config(text: &str) -> Result<(ConfigInput, String), Error> {
    let object = parse_object(text, "the CognitoClient config")?;
    for key in ["fetch", "userContextData"] {
        if present(&object, key).is_some() {
            return Err(Error::InvalidParameter(
                [key, ", when given, must be a function"].concat().into(),
            ));
        }
    }
    let input = ConfigInput {
        user_pool_id: required_string(&object, "userPoolId")?,
        client_id: required_string(&object, "clientId")?,
        client_secret: optional_string(&object, "clientSecret")?.map(Zeroizing::new),
        region: optional_string(&object, "region")?,
        endpoint: optional_string(&object, "endpoint")?,
        timeout_ms: optional_number(&object, "timeoutMs")?,
    };
    let device_name = match optional_string(&object, "deviceName")? {
        Some(name) if name.is_empty() => {
            return Err(Error::InvalidParameter(
                "deviceName, when given, must be a non-empty string".into(),
            ))
        }
        Some(name) => name,
        None => DEFAULT_DEVICE_NAME.to_owned(),
    };
    Ok((input, device_name))
}

/// The `{ username, password?, flow?, clientMetadata? }` of `signIn`. Whether the flow needs the
/// password is the flow's rule.
pub fn read_sign_in_input(text: &str) -> Result<SignInInput, Error> {
    let object = parse_object(text, "the signIn input")?;
    let flow = match optional_string(&object, "flow")? {
        None => SignInFlow::default(),
        Some(name) => SignInFlow::from_name(&name)?,
    };
    Ok(SignInInput {
        flow,
        username: required_string(&object, "username")?,
        password: optional_string(&object, "password")?.map(Zeroizing::new),
        client_metadata: optional_string_map(&object, "clientMetadata")?,
        user_context_data: None,
        device: None,
    })
}

/// The answer `respond` gives to a challenge of `kind`: `{ code }` for the code challenges,
/// `{ mfaType }`, `{ newPassword, attributes? }`, `{ answer }`, and Cognito's own
/// `ChallengeResponses` (an object of strings) for `MFA_SETUP` and any other challenge.
pub fn read_answer(kind: &ChallengeKind, text: &str) -> Result<ChallengeAnswer, Error> {
    let object = parse_object(text, "the answer")?;
    Ok(match kind {
        ChallengeKind::SmsMfa(_) | ChallengeKind::EmailOtp(_) | ChallengeKind::SoftwareTokenMfa => {
            ChallengeAnswer::Code(required_string(&object, "code")?)
        }
        ChallengeKind::SelectMfaType { .. } => {
            ChallengeAnswer::MfaType(required_string(&object, "mfaType")?)
        }
        ChallengeKind::NewPasswordRequired { .. } => ChallengeAnswer::NewPassword {
            new_password: present(&object, "newPassword")
                .and_then(Json::as_str)
                .map(|password| Zeroizing::new(password.to_owned()))
                .ok_or_else(|| Error::InvalidParameter("newPassword must be a string".into()))?,
            attributes: optional_string_map(&object, "attributes")?.unwrap_or_default(),
        },
        ChallengeKind::CustomChallenge => {
            ChallengeAnswer::Custom(required_string(&object, "answer")?)
        }
        ChallengeKind::MfaSetup { .. } | ChallengeKind::Other => {
            ChallengeAnswer::Responses(string_map(&object)?)
        }
    })
}

/// `{ code, friendlyDeviceName? }` of `verifyTotp`.
pub fn read_verify_totp_input(text: &str) -> Result<(String, Option<String>), Error> {
    let object = parse_object(text, "the verifyTotp input")?;
    Ok((
        required_string(&object, "code")?,
        optional_string(&object, "friendlyDeviceName")?,
    ))
}

/// `{ email }` of `setupEmail`.
pub fn read_setup_email_input(text: &str) -> Result<String, Error> {
    let object = parse_object(text, "the setupEmail input")?;
    required_string(&object, "email")
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
    let object = parse_object(text, "the passwordVerifier input")?;
    let challenge_parameters = match present(&object, "challengeParameters") {
        Some(Json::Object(parameters)) => string_map(parameters)?,
        _ => {
            return Err(Error::InvalidParameter(
                "challengeParameters must be an object".into(),
            ))
        }
    };
    Ok(PasswordVerifierInput {
        user_pool_id: required_string(&object, "userPoolId")?,
        challenge_parameters,
        password: present(&object, "password")
            .and_then(Json::as_str)
            .map(|password| Zeroizing::new(password.to_owned()))
            .ok_or_else(|| Error::InvalidParameter("password must be a string".into()))?,
        timestamp: optional_string(&object, "timestamp")?,
    })
}

/// A raw-layer input (`initiateAuth`, `respondToAuthChallenge`): any JSON object.
pub fn read_raw_input(text: &str, operation_name: &str) -> Result<Json, Error> {
    match Json::parse(text) {
        Ok(json @ Json::Object(_)) => Ok(json),
        _ => Err(Error::InvalidParameter(
            ["the ", operation_name, " input must be a JSON object"]
                .concat()
                .into(),
        )),
    }
}

/// The caller's value as an object. Text that is not JSON is what the shell sends for a value
/// `JSON.stringify` cannot write (a `BigInt`, a cycle, a throwing getter).
fn parse_object(text: &str, what: &str) -> Result<Object, Error> {
    match Json::parse(text) {
        Ok(Json::Object(object)) => Ok(object),
        _ => Err(Error::InvalidParameter(
            [what, " must be an object"].concat().into(),
        )),
    }
}

/// A member that is neither absent nor `null`.
fn present<'a>(object: &'a Object, key: &str) -> Option<&'a Json> {
    object.get(key).filter(|value| **value != Json::Null)
}

fn required_string(object: &Object, key: &str) -> Result<String, Error> {
    match present(object, key) {
        None => Err(Error::InvalidParameter(
            [key, " is required"].concat().into(),
        )),
        Some(Json::String(text)) => Ok(text.clone()),
        Some(_) => Err(Error::InvalidParameter(
            [key, " must be a string"].concat().into(),
        )),
    }
}

fn optional_string(object: &Object, key: &str) -> Result<Option<String>, Error> {
    match present(object, key) {
        None => Ok(None),
        Some(Json::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(Error::InvalidParameter(
            [key, ", when given, must be a string"].concat().into(),
        )),
    }
}

fn optional_number(object: &Object, key: &str) -> Result<Option<f64>, Error> {
    let not_a_number =
        || Error::InvalidParameter([key, ", when given, must be a number"].concat().into());
    match present(object, key) {
        None => Ok(None),
        Some(Json::Number(text)) => whole_number(text).map(Some).ok_or_else(not_a_number),
        Some(_) => Err(not_a_number()),
    }
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

/// An optional object of strings (`clientMetadata`, `attributes`).
fn optional_string_map(object: &Object, key: &str) -> Result<Option<Params>, Error> {
    match present(object, key) {
        None => Ok(None),
        Some(Json::Object(map)) => string_map(map).map(Some),
        Some(_) => Err(Error::InvalidParameter(
            [key, " must be an object"].concat().into(),
        )),
    }
}

/// An object whose members are all strings.
fn string_map(object: &Object) -> Result<Params, Error> {
    let mut map = Params::new();
    for (key, value) in object.iter() {
        let Json::String(text) = value else {
            return Err(Error::InvalidParameter(
                [key, " must be a string"].concat().into(),
            ));
        };
        map.insert(key.to_owned(), text.clone());
    }
    Ok(map)
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
