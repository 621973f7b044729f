//! Values between JavaScript and the core.

use js_sys::JSON;
use wasm_bindgen::JsValue;
use zeroize::Zeroizing;

use crate::js_error;

/// A caller's value as JSON text for the core's input readers (`undefined` becomes empty text,
/// which they refuse with the field's name). `JSON.stringify` throws for a BigInt, a cycle or a
/// throwing getter: an `InvalidParameterError` naming `what`.
pub fn input_text(value: &JsValue, what: &str) -> Result<Zeroizing<String>, JsValue> {
    let text = JSON::stringify(value)
        .map_err(|_| js_error::invalid_parameter(&[what, " cannot be read"].concat()))?;
    Ok(Zeroizing::new(text.as_string().unwrap_or_default()))
}

/// JSON text the core wrote, as a JavaScript value.
pub fn parse(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or(JsValue::UNDEFINED)
}
