//! Values between JavaScript and the core, through serde-wasm-bindgen.
//!
//! Caller objects become the core's `Members` (one reading for every input); the core's outputs become plain
//! objects with the `json_compatible` serializer (string maps as objects, not `Map`s); Cognito's
//! answers are parsed by the engine's own `JSON.parse` and read as the core's answer types
//! ([`JsAnswer`], the core's `WireBody`), so no JSON parser is compiled into the module.

use cognito_core::bounds::{
    too_many_entries, MAX_DEPTH, MAX_LIST_ENTRIES, MAX_MAP_ENTRIES, MAX_VALUES, TOO_MANY_VALUES,
};
use cognito_core::error::Error;
use cognito_core::protocol::wire::{invalid_answer, not_json};
use cognito_core::protocol::WireBody;
use cognito_core::value::{Input, Members, Named};
use js_sys::{Array, ArrayBuffer, JsString, Object, Reflect, RegExp, Symbol, Uint8Array, JSON};
use serde::de::{DeserializeOwned, DeserializeSeed};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::js_error;

#[wasm_bindgen]
extern "C" {
    // `JSON.parse` of a JavaScript string as it is (js-sys's takes a `&str`, a copy in the
    // module's memory).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_js(text: &JsValue) -> Result<JsValue, JsValue>;
}

/// A caller's value as the core's input type `T`. The core's input types read any value and
/// check its fields themselves (naming the field, never its value); what serde-wasm-bindgen
/// itself refuses (a function where a field is read) is an `InvalidParameterError` naming `what`.
pub fn from_js<T: DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, JsValue> {
    look_before_reading(value, what, MAX_DEPTH)
        .map_err(|problem| js_error::invalid_parameter(&problem))?;
    serde_wasm_bindgen::from_value(value.clone()).map_err(|_| unreadable(what))
}

/// What a JavaScript value is to a reader of objects, with serde-wasm-bindgen's own reading of
/// any value (`deserialize_any`): a plain object is read as one; `null`, `undefined`, a boolean,
/// number, string, array or byte array is a value but not an object; a function, a symbol or
/// another iterable (`Map`, `Set`) is what it cannot read.
enum Shape {
    Object,
    NotObject,
    Unreadable,
}

// One copy for every input type.
#[inline(never)]
fn shape(value: &JsValue) -> Shape {
    if value.is_object() {
        if Array::is_array(value)
            || value.is_instance_of::<Uint8Array>()
            || value.is_instance_of::<ArrayBuffer>()
        {
            Shape::NotObject
        } else if Reflect::has(value, &Symbol::iterator()).unwrap_or(true) {
            Shape::Unreadable
        } else {
            Shape::Object
        }
    } else if value.is_function() || value.is_symbol() {
        Shape::Unreadable
    } else {
        Shape::NotObject
    }
}

/// A caller's object as the core's `Input<Members>`: the members in `names` (the API's list for
/// that input: a member not in it, a `fetch` function among them, is never touched), or every
/// member for a challenge's answer (`None`). The shape is told here, and only an object is read.
/// What cannot be read is an `InvalidParameterError` naming `what`, as in [`from_js`].
// One copy of serde-wasm-bindgen's object reading for every caller input.
#[inline(never)]
pub fn input_from_js(
    value: &JsValue,
    what: &str,
    names: Option<Named>,
) -> Result<Input<Members>, JsValue> {
    match shape(value) {
        Shape::Object => {
            look_at_input(value, what, names)
                .map_err(|problem| js_error::invalid_parameter(&problem))?;
            let deserializer = serde_wasm_bindgen::Deserializer::from(value.clone());
            let members = match names {
                Some(names) => names.deserialize(deserializer),
                None => Members::deserialize(deserializer),
            };
            members
                .map(|object| Input(Some(object)))
                .map_err(|_| unreadable(what))
        }
        Shape::NotObject => Ok(Input(None)),
        Shape::Unreadable => Err(unreadable(what)),
    }
}

/// Looks at the members of a caller's object that [`input_from_js`] reads: those in `names` and
/// what they hold (a member's object and its values, never deeper: the core's `Value` reads no
/// further), or the whole object and two levels below it for a challenge's answer.
fn look_at_input(value: &JsValue, what: &str, names: Option<Named>) -> Result<(), String> {
    match names {
        Some(Named(names)) => {
            let mut look = Look::new(what);
            for name in names {
                let member = Reflect::get(value, &JsValue::from_str(name))
                    .map_err(|_| [*name, " cannot be read"].concat())?;
                look.at(&member, name, 1)?;
            }
            Ok(())
        }
        None => look_before_reading(value, what, 2),
    }
}

/// Looks at `value` (named `name` in messages) and `depth` levels below it before
/// serde-wasm-bindgen reads it, which lists an object's entries or copies a byte array whole
/// before the core's readers see one of them: every object, array and byte array holds at most
/// the core's bound of entries ([`MAX_MAP_ENTRIES`], [`MAX_LIST_ENTRIES`]), all of them together
/// at most [`MAX_VALUES`], and every string is well-formed UTF-16 (a lone surrogate would reach
/// the core as U+FFFD, a password silently changed). The problem found names the value and
/// never holds it.
// One copy for every reading.
#[inline(never)]
fn look_before_reading(value: &JsValue, name: &str, depth: usize) -> Result<(), String> {
    Look::new(name).at(value, name, depth)
}

/// One look before reading: the name of the whole value and the values left of its
/// [`MAX_VALUES`], and the test for a lone surrogate
/// (`\p{Cs}` in a Unicode regular expression matches a surrogate only when it is unpaired; every
/// engine has it, unlike `String.prototype.isWellFormed`).
struct Look<'a> {
    whole: &'a str,
    left: usize,
    surrogate: RegExp,
}

impl<'a> Look<'a> {
    fn new(whole: &'a str) -> Look<'a> {
        Look {
            whole,
            left: MAX_VALUES,
            surrogate: RegExp::new("\\p{Cs}", "u"),
        }
    }

    fn at(&mut self, value: &JsValue, name: &str, depth: usize) -> Result<(), String> {
        if let Some(text) = value.dyn_ref::<JsString>() {
            return if text.search(&self.surrogate) >= 0 {
                Err([name, " contains an unpaired surrogate"].concat())
            } else {
                Ok(())
            };
        }
        if !value.is_object() {
            return Ok(());
        }
        let (entries, bound, keys) = if let Some(array) = value.dyn_ref::<Array>() {
            (array.length(), MAX_LIST_ENTRIES, None)
        } else if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
            (bytes.length(), MAX_LIST_ENTRIES, None)
        } else if let Some(buffer) = value.dyn_ref::<ArrayBuffer>() {
            (buffer.byte_length(), MAX_LIST_ENTRIES, None)
        } else if let Shape::Object = shape(value) {
            let keys = Object::keys(value.unchecked_ref::<Object>());
            (keys.length(), MAX_MAP_ENTRIES, Some(keys))
        } else {
            // A `Map` is read entry by entry (the core's bounds stop it); other iterables are
            // not read at all.
            return Ok(());
        };
        let entries = usize::try_from(entries).unwrap_or(usize::MAX);
        if entries > bound {
            return Err(too_many_entries(name));
        }
        self.left = self
            .left
            .checked_sub(entries)
            .ok_or_else(|| [self.whole, TOO_MANY_VALUES].concat())?;
        let Some(depth) = depth.checked_sub(1) else {
            return Ok(());
        };
        match keys {
            Some(keys) => {
                for key in keys.iter() {
                    self.at(&key, name, 0)?;
                    let member = Reflect::get(value, &key)
                        .map_err(|_| [name, " cannot be read"].concat())?;
                    let key = key.as_string().unwrap_or_default();
                    self.at(&member, &key, depth)?;
                }
            }
            None => {
                if let Some(array) = value.dyn_ref::<Array>() {
                    for element in array.iter() {
                        self.at(&element, name, depth)?;
                    }
                }
            }
        }
        Ok(())
    }
}

#[inline(never)]
fn unreadable(what: &str) -> JsValue {
    js_error::invalid_parameter(&[what, " cannot be read"].concat())
}

/// The core's output as a plain JavaScript value.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::UNDEFINED)
}

/// A request body as the JSON text to POST, made by `JSON.stringify` (it stays a JavaScript
/// string: a password in it is never copied into the module's memory).
pub fn to_json_text<T: Serialize + ?Sized>(value: &T) -> JsValue {
    JSON::stringify(&to_js(value))
        .map(JsValue::from)
        .unwrap_or(JsValue::UNDEFINED)
}

/// One of Cognito's answers, parsed by `JSON.parse` (`None` when it is not JSON).
pub struct JsAnswer(Option<JsValue>);

impl JsAnswer {
    /// Parses the answer's text, a JavaScript string that never enters the module's memory
    /// (anything else is not JSON).
    pub fn parse(text: &JsValue) -> JsAnswer {
        JsAnswer(text.is_string().then(|| parse_js(text).ok()).flatten())
    }

    /// The parsed answer, for the raw layer, which hands it back as it came.
    pub fn into_value(self) -> JsValue {
        self.0.unwrap_or(JsValue::UNDEFINED)
    }
}

/// Reads a parsed answer (or JSON text inside one) as `T`, after a look at the answer and its
/// members ([`look_before_reading`]): `ChallengeParameters` is an object serde-wasm-bindgen
/// would list whole.
fn decode_value<T: DeserializeOwned>(value: &JsValue) -> Result<T, Error> {
    look_before_reading(value, "the answer", 1).map_err(invalid_answer)?;
    serde_wasm_bindgen::from_value(value.clone()).map_err(|error| {
        // serde-wasm-bindgen's error is a JavaScript Error: its message names the field.
        let error = JsValue::from(error);
        let message = error
            .dyn_ref::<js_sys::Error>()
            .map(|error| String::from(error.message()))
            .unwrap_or_default();
        invalid_answer(message)
    })
}

impl WireBody for JsAnswer {
    fn decode<T: DeserializeOwned>(&self) -> Result<T, Error> {
        self.0.as_ref().ok_or_else(not_json).and_then(decode_value)
    }

    fn decode_text<T: DeserializeOwned>(&self, text: &str) -> Result<T, Error> {
        JsAnswer(JSON::parse(text).ok()).decode()
    }

    /// `JSON.parse` makes no functions, symbols or iterables besides arrays: an answer is an
    /// object or another value.
    fn decode_object<T: DeserializeOwned>(&self) -> Result<Option<T>, Error> {
        let value = self.0.as_ref().ok_or_else(not_json)?;
        match shape(value) {
            Shape::Object => decode_value(value).map(Some),
            Shape::NotObject | Shape::Unreadable => Ok(None),
        }
    }
}
