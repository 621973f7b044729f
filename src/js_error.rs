//! The core's errors as JavaScript `Error`s: `name` (Cognito's exception or the client's own:
//! `NetworkError`, `TimeoutError`, `InvalidParameterError`, `ProtocolError`, …), `message`,
//! `retryable` and, for an answer from the server, `httpStatus`.

use cognito_core::error::Error;
use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// A JavaScript `Error` with the package's fields.
pub fn named(name: &str, message: &str, retryable: bool, http_status: Option<u16>) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name(name);
    // Setting a property on a fresh `Error` cannot fail.
    let _ = Reflect::set(&error, &"retryable".into(), &retryable.into());
    if let Some(status) = http_status {
        let _ = Reflect::set(&error, &"httpStatus".into(), &status.into());
    }
    error.into()
}

/// The core's error as the `Error` a promise rejects with.
pub fn from_core(error: &Error) -> JsValue {
    named(
        error.name(),
        error.message(),
        error.retryable(),
        error.http_status(),
    )
}

pub fn invalid_parameter(message: &str) -> JsValue {
    named("InvalidParameterError", message, false, None)
}

pub fn protocol(message: &str) -> JsValue {
    named("ProtocolError", message, false, None)
}

/// Whether a rejection is one of the package's errors marked `retryable` (a network error, a
/// timeout): a transient failure of the request, which a repeatable request retries.
pub fn is_retryable(error: &JsValue) -> bool {
    Reflect::get(error, &"retryable".into())
        .ok()
        .and_then(|retryable| retryable.as_bool())
        .unwrap_or(false)
}
