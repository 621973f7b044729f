//! JavaScript values ⇄ the core's types.

use std::collections::BTreeMap;

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

use crate::config::ConfigInput;
use crate::error::Error;
use crate::flow::{ChallengeAnswer, SignInFlow, SignInInput};
use crate::protocol::device::DeviceDescription;
use crate::protocol::json::Json;
use crate::protocol::AuthenticationResult;

/// A JavaScript `Error` with `name`, `message`, `retryable` and, when the server answered,
/// `httpStatus`.
pub(super) fn to_js_error(error: &Error) -> JsValue {
    let js_error = js_sys::Error::new(&error.message());
    js_error.set_name(error.name());
    // Setting a plain data property on a fresh Error cannot fail; a failure would only lose
    // the property, so it is ignored.
    let _ = Reflect::set(
        &js_error,
        &"retryable".into(),
        &JsValue::from_bool(error.retryable()),
    );
    if let Some(status) = error.http_status() {
        let _ = Reflect::set(
            &js_error,
            &"httpStatus".into(),
            &JsValue::from_f64(f64::from(status)),
        );
    }
    js_error.into()
}

/// The `DeviceName` `ConfirmDevice` registers when the config gives no `deviceName`.
const DEFAULT_DEVICE_NAME: &str = "cognito-auth-wasm";

/// What `new CognitoClient(config)` reads: the core's configuration, the optional `fetch`
/// function and the `deviceName` for `ConfirmDevice`.
pub(super) struct ClientConfig {
    pub input: ConfigInput,
    pub fetch: Option<Function>,
    pub device_name: String,
    /// `userContextData({ username, userPoolId, clientId })`: the advanced-security hook.
    pub user_context_data: Option<Function>,
}

/// The `config` object of `new CognitoClient(config)`.
pub(super) fn read_config(config: &JsValue) -> Result<ClientConfig, Error> {
    let object = as_object(config, "the CognitoClient config")?;
    let input = ConfigInput {
        user_pool_id: required_string(object, "userPoolId")?,
        client_id: required_string(object, "clientId")?,
        client_secret: optional_string(object, "clientSecret")?.map(Zeroizing::new),
        region: optional_string(object, "region")?,
        endpoint: optional_string(object, "endpoint")?,
        timeout_ms: optional_number(object, "timeoutMs")?,
    };
    let fetch = optional_function(object, "fetch")?;
    let user_context_data = optional_function(object, "userContextData")?;
    let device_name = match optional_string(object, "deviceName")? {
        Some(name) if name.is_empty() => {
            return Err(Error::InvalidParameter(
                "deviceName, when given, must be a non-empty string".into(),
            ))
        }
        Some(name) => name,
        None => DEFAULT_DEVICE_NAME.to_owned(),
    };
    Ok(ClientConfig {
        input,
        fetch,
        device_name,
        user_context_data,
    })
}

fn optional_function(object: &Object, key: &str) -> Result<Option<Function>, Error> {
    match field(object, key)? {
        value if value.is_undefined() || value.is_null() => Ok(None),
        value => value
            .dyn_into::<Function>()
            .map(Some)
            .map_err(|_| Error::InvalidParameter(format!("{key}, when given, must be a function"))),
    }
}

/// Calls the `userContextData` hook with `{ username, userPoolId, clientId }`: its string is
/// the `EncodedData`; `undefined`/`null` means none. A hook that throws or returns something
/// else fails the sign-in with `InvalidParameterError`.
pub(super) fn call_user_context_hook(
    hook: &Function,
    username: &str,
    config: &crate::config::Config,
) -> Result<Option<String>, Error> {
    let input = Object::new();
    set(&input, "username", &username.into());
    set(&input, "userPoolId", &config.user_pool_id().into());
    set(&input, "clientId", &config.client_id().into());
    let value = hook
        .call1(&JsValue::UNDEFINED, &input)
        .map_err(|_| Error::InvalidParameter("the userContextData hook threw".into()))?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| {
        Error::InvalidParameter("the userContextData hook must return a string or undefined".into())
    })
}

/// The `{ username, password?, flow?, clientMetadata? }` of `signIn`; the password goes straight
/// into zeroizing memory. Whether the flow needs the password is the flow's rule.
pub(super) fn read_sign_in_input(input: &JsValue) -> Result<SignInInput, Error> {
    let object = as_object(input, "the signIn input")?;
    let username = required_string(object, "username")?;
    let password = match field(object, "password")? {
        value if value.is_undefined() || value.is_null() => None,
        value => Some(value.as_string().map(Zeroizing::new).ok_or_else(|| {
            Error::InvalidParameter("password, when given, must be a string".into())
        })?),
    };
    let flow = match optional_string(object, "flow")? {
        None => SignInFlow::default(),
        Some(name) => SignInFlow::from_name(&name)?,
    };
    Ok(SignInInput {
        flow,
        username,
        password,
        client_metadata: optional_string_map(object, "clientMetadata")?,
        // The client asks its userContextData hook, if any.
        user_context_data: None,
        // The client looks the device up in its store.
        device: None,
    })
}

/// `{ code }`.
pub(super) fn read_code_answer(answer: &JsValue) -> Result<ChallengeAnswer, Error> {
    let object = as_object(answer, "the answer")?;
    Ok(ChallengeAnswer::Code(required_string(object, "code")?))
}

/// `{ mfaType }`.
pub(super) fn read_mfa_type_answer(answer: &JsValue) -> Result<ChallengeAnswer, Error> {
    let object = as_object(answer, "the answer")?;
    Ok(ChallengeAnswer::MfaType(required_string(
        object, "mfaType",
    )?))
}

/// `{ answer }`.
pub(super) fn read_custom_answer(answer: &JsValue) -> Result<ChallengeAnswer, Error> {
    let object = as_object(answer, "the answer")?;
    Ok(ChallengeAnswer::Custom(required_string(object, "answer")?))
}

/// `{ newPassword, attributes? }`; the password goes straight into zeroizing memory.
pub(super) fn read_new_password_answer(answer: &JsValue) -> Result<ChallengeAnswer, Error> {
    let object = as_object(answer, "the answer")?;
    let new_password = field(object, "newPassword")?
        .as_string()
        .map(Zeroizing::new)
        .ok_or_else(|| Error::InvalidParameter("newPassword must be a string".into()))?;
    Ok(ChallengeAnswer::NewPassword {
        new_password,
        attributes: optional_string_map(object, "attributes")?.unwrap_or_default(),
    })
}

/// `{ code, friendlyDeviceName? }` of `verifyTotp`.
pub(super) fn read_verify_totp_input(input: &JsValue) -> Result<(String, Option<String>), Error> {
    let object = as_object(input, "the verifyTotp input")?;
    Ok((
        required_string(object, "code")?,
        optional_string(object, "friendlyDeviceName")?,
    ))
}

/// `{ email }` of `setupEmail`.
pub(super) fn read_setup_email_input(input: &JsValue) -> Result<String, Error> {
    let object = as_object(input, "the setupEmail input")?;
    required_string(object, "email")
}

/// A map of strings: Cognito's `ChallengeResponses`.
pub(super) fn read_responses_answer(answer: &JsValue) -> Result<ChallengeAnswer, Error> {
    let object = as_object(answer, "the answer")?;
    string_map(object).map(ChallengeAnswer::Responses)
}

/// An optional object of strings (`clientMetadata`, `attributes`).
fn optional_string_map(
    object: &Object,
    key: &str,
) -> Result<Option<BTreeMap<String, String>>, Error> {
    let value = field(object, key)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let map = as_object(&value, key)?;
    string_map(map).map(Some)
}

/// An object's own enumerable properties, each a string.
fn string_map(object: &Object) -> Result<BTreeMap<String, String>, Error> {
    let mut map = BTreeMap::new();
    for key in Object::keys(object).iter() {
        if let Some(key) = key.as_string() {
            let value = required_string(object, &key)?;
            map.insert(key, value);
        }
    }
    Ok(map)
}

/// The input of `SrpHelper.passwordVerifier`: `{ userPoolId, challengeParameters, password,
/// timestamp? }`; the password goes straight into zeroizing memory.
pub(super) struct PasswordVerifierInput {
    pub user_pool_id: String,
    pub challenge_parameters: BTreeMap<String, String>,
    pub password: Zeroizing<String>,
    pub timestamp: Option<String>,
}

pub(super) fn read_password_verifier_input(
    input: &JsValue,
) -> Result<PasswordVerifierInput, Error> {
    let object = as_object(input, "the passwordVerifier input")?;
    let parameters = field(object, "challengeParameters")?;
    let challenge_parameters = string_map(as_object(&parameters, "challengeParameters")?)?;
    Ok(PasswordVerifierInput {
        user_pool_id: required_string(object, "userPoolId")?,
        challenge_parameters,
        password: field(object, "password")?
            .as_string()
            .map(Zeroizing::new)
            .ok_or_else(|| Error::InvalidParameter("password must be a string".into()))?,
        timestamp: optional_string(object, "timestamp")?,
    })
}

/// A caller's raw-layer input object as JSON.
pub(super) fn read_json_object(input: &JsValue, what: &str) -> Result<Json, Error> {
    let invalid = || Error::InvalidParameter(format!("the {what} input must be a JSON object"));
    if !input.is_object() {
        return Err(invalid());
    }
    let text = js_sys::JSON::stringify(input)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(invalid)?;
    Json::parse(&text).map_err(|_| invalid())
}

/// A JSON text (already checked to be an object) as a JavaScript object.
pub(super) fn parse_json(text: &str) -> Result<JsValue, Error> {
    js_sys::JSON::parse(text).map_err(|_| Error::protocol("Cognito's answer is not JSON"))
}

/// `{ idToken, accessToken, refreshToken?, expiresIn, tokenType, newDeviceMetadata? }`
pub(super) fn tokens_to_js(result: &AuthenticationResult) -> JsValue {
    let tokens = Object::new();
    set(&tokens, "idToken", &result.id_token.as_str().into());
    set(&tokens, "accessToken", &result.access_token.as_str().into());
    if let Some(refresh_token) = &result.refresh_token {
        set(&tokens, "refreshToken", &refresh_token.as_str().into());
    }
    set(
        &tokens,
        "expiresIn",
        &JsValue::from_f64(f64::from(result.expires_in)),
    );
    set(&tokens, "tokenType", &result.token_type.as_str().into());
    if let Some(device) = &result.new_device_metadata {
        let metadata = Object::new();
        set(&metadata, "deviceKey", &device.device_key.as_str().into());
        set(
            &metadata,
            "deviceGroupKey",
            &device.device_group_key.as_str().into(),
        );
        set(&tokens, "newDeviceMetadata", &metadata);
    }
    tokens.into()
}

/// `{ deviceKey, userConfirmationNecessary }`.
pub(super) fn device_info_to_js(device_key: &str, user_confirmation_necessary: bool) -> JsValue {
    let device = Object::new();
    set(&device, "deviceKey", &device_key.into());
    set(
        &device,
        "userConfirmationNecessary",
        &JsValue::from_bool(user_confirmation_necessary),
    );
    device.into()
}

/// `[{ deviceKey, attributes, createDate?, lastModifiedDate?, lastAuthenticatedDate? }]`, the
/// dates in seconds since the epoch as Cognito gives them.
pub(super) fn devices_to_js(devices: &[DeviceDescription]) -> JsValue {
    let array = js_sys::Array::new();
    for device in devices {
        let object = Object::new();
        set(&object, "deviceKey", &device.device_key.as_str().into());
        let attributes = Object::new();
        for (name, value) in &device.attributes {
            set(&attributes, name, &value.as_str().into());
        }
        set(&object, "attributes", &attributes);
        for (key, date) in [
            ("createDate", &device.create_date),
            ("lastModifiedDate", &device.last_modified_date),
            ("lastAuthenticatedDate", &device.last_authenticated_date),
        ] {
            // The number's text, exactly as Cognito wrote it, read as JavaScript reads it.
            if let Some(seconds) = date.as_deref().and_then(|text| text.parse::<f64>().ok()) {
                set(&object, key, &JsValue::from_f64(seconds));
            }
        }
        array.push(&object);
    }
    array.into()
}

/// A map of strings as a plain object.
pub(super) fn string_map_to_js<'a>(
    entries: impl IntoIterator<Item = (&'a String, &'a String)>,
) -> JsValue {
    let object = Object::new();
    for (key, value) in entries {
        set(&object, key, &value.as_str().into());
    }
    object.into()
}

fn set(object: &Object, key: &str, value: &JsValue) {
    // Defining a data property on a fresh plain object cannot fail.
    let _ = Reflect::set(object, &key.into(), value);
}

fn as_object<'a>(value: &'a JsValue, what: &str) -> Result<&'a Object, Error> {
    if value.is_object() {
        Ok(value.unchecked_ref())
    } else {
        Err(Error::InvalidParameter(format!("{what} must be an object")))
    }
}

/// A property, read once (a throwing getter or proxy is an invalid parameter, not a panic).
fn field(object: &Object, key: &str) -> Result<JsValue, Error> {
    Reflect::get(object, &key.into())
        .map_err(|_| Error::InvalidParameter(format!("{key} cannot be read")))
}

fn required_string(object: &Object, key: &str) -> Result<String, Error> {
    let value = field(object, key)?;
    if value.is_undefined() || value.is_null() {
        return Err(Error::InvalidParameter(format!("{key} is required")));
    }
    value
        .as_string()
        .ok_or_else(|| Error::InvalidParameter(format!("{key} must be a string")))
}

fn optional_string(object: &Object, key: &str) -> Result<Option<String>, Error> {
    let value = field(object, key)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .as_string()
        .map(Some)
        .ok_or_else(|| Error::InvalidParameter(format!("{key}, when given, must be a string")))
}

fn optional_number(object: &Object, key: &str) -> Result<Option<f64>, Error> {
    let value = field(object, key)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .as_f64()
        .map(Some)
        .ok_or_else(|| Error::InvalidParameter(format!("{key}, when given, must be a number")))
}
