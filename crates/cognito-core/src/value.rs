//! Values whose type is checked after they are read, for what callers and Cognito hand over.
//!
//! serde's own leaf types report a wrong type with the value in the message (`invalid type:
//! string "hunter2"`) and without the field's name; a number's message formats a float, which
//! costs the wasm package its float-formatting code. The types here never fail on a value's type:
//! [`Value`] keeps what came (a string, a number, a flag, an object of strings, something else),
//! and the code that reads the field checks it with a message that names the field and never the
//! value. Every string is wiped when dropped (a password may be one).
//!
//! - [`Value`]: one field of a caller's object.
//! - [`Input`]: a caller's object (`signIn`'s input, a challenge's answer, …), or the fact that
//!   the caller passed something else.
//! - [`Members`]: the members of an object: every one, for inputs whose keys are the caller's
//!   own (the `ChallengeResponses` of an answer), or those [`Named`] in the API's list.
//! - [`AnyValue`]: any JSON-shaped value, passed through (the raw layer's inputs), nested at most
//!   [`MAX_DEPTH`] deep.

use alloc::string::String;
use alloc::vec::Vec;
use core::cell::Cell;
use core::fmt;
use core::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{DeserializeSeed, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

use crate::bounds::{
    too_many_entries, MAX_LIST_ENTRIES, MAX_MAP_ENTRIES, MAX_VALUES, TOO_MANY_VALUES,
};

/// One field of a caller's object, as it came. `null` reads as absent, as `undefined` does.
#[derive(Default)]
pub enum Value {
    #[default]
    Absent,
    Str(Zeroizing<String>),
    Number(f64),
    Bool(bool),
    /// An object's members; `None` for a member that is not a string (nested objects are not
    /// read).
    Object(Vec<(String, Option<Zeroizing<String>>)>),
    /// An array's elements; `None` for an element that is not a string (read no further).
    List(Vec<Option<Zeroizing<String>>>),
    /// Anything else that is none of the above.
    Other,
}

impl fmt::Debug for Value {
    // The kind only: the value may be a password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Value::Absent => "Absent",
            Value::Str(_) => "Str",
            Value::Number(_) => "Number",
            Value::Bool(_) => "Bool",
            Value::Object(_) => "Object",
            Value::List(_) => "List",
            Value::Other => "Other",
        })
    }
}

/// Visits any value and keeps what it is; only the deserializer's own failures (text that is not
/// JSON, a JavaScript value serde cannot read at all) and an object or array over its bound are
/// errors. The field's name, for the bound's error.
struct ValueVisitor<'a>(&'a str);

/// Reads a [`Value`] of the field `name` (for the error of one too many entries).
pub(crate) struct ValueOf<'a>(pub(crate) &'a str);

impl<'de> DeserializeSeed<'de> for ValueOf<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor(self.0))
    }
}

impl<'de> Visitor<'de> for ValueVisitor<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    // Whole numbers of milliseconds are exact in an f64 far beyond any timeout.
    #[allow(clippy::cast_precision_loss)]
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }

    #[allow(clippy::cast_precision_loss)]
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Number(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(Zeroizing::new(v.into())))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(Zeroizing::new(v)))
    }

    fn visit_bytes<E>(self, _: &[u8]) -> Result<Value, E> {
        Ok(Value::Other)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Absent)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Absent)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut elements = Vec::new();
        while let Some(MaybeString(element)) = seq.next_element()? {
            if elements.len() == MAX_LIST_ENTRIES {
                return Err(A::Error::custom(too_many_entries(self.0)));
            }
            elements.push(element);
        }
        Ok(Value::List(elements))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if members.len() == MAX_MAP_ENTRIES {
                return Err(A::Error::custom(too_many_entries(self.0)));
            }
            let MaybeString(value) = map.next_value()?;
            members.push((key, value));
        }
        Ok(Value::Object(members))
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ValueOf("the value").deserialize(deserializer)
    }
}

/// Consumes the rest of an array named `name` without reading it: at most
/// [`MAX_LIST_ENTRIES`] elements.
fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A, name: &str) -> Result<(), A::Error> {
    let mut count = 0;
    while seq.next_element::<IgnoredAny>()?.is_some() {
        if count == MAX_LIST_ENTRIES {
            return Err(A::Error::custom(too_many_entries(name)));
        }
        count += 1;
    }
    Ok(())
}

/// Consumes the rest of an object named `name` without reading it: at most
/// [`MAX_MAP_ENTRIES`] members.
fn drain_map<'de, A: MapAccess<'de>>(mut map: A, name: &str) -> Result<(), A::Error> {
    let mut count = 0;
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {
        if count == MAX_MAP_ENTRIES {
            return Err(A::Error::custom(too_many_entries(name)));
        }
        count += 1;
    }
    Ok(())
}

/// The name of a value inside a member (a bound's error).
const NESTED: &str = "a nested value";

/// A string, or `None` for anything else (read no further).
pub(crate) struct MaybeString(pub(crate) Option<Zeroizing<String>>);

impl<'de> Deserialize<'de> for MaybeString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MaybeStringVisitor;

        impl<'de> Visitor<'de> for MaybeStringVisitor {
            type Value = MaybeString;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }

            fn visit_bool<E>(self, _: bool) -> Result<MaybeString, E> {
                Ok(MaybeString(None))
            }

            fn visit_i64<E>(self, _: i64) -> Result<MaybeString, E> {
                Ok(MaybeString(None))
            }

            fn visit_u64<E>(self, _: u64) -> Result<MaybeString, E> {
                Ok(MaybeString(None))
            }

            fn visit_f64<E>(self, _: f64) -> Result<MaybeString, E> {
                Ok(MaybeString(None))
            }

            fn visit_str<E>(self, v: &str) -> Result<MaybeString, E> {
                Ok(MaybeString(Some(Zeroizing::new(v.into()))))
            }

            fn visit_string<E>(self, v: String) -> Result<MaybeString, E> {
                Ok(MaybeString(Some(Zeroizing::new(v))))
            }

            fn visit_bytes<E>(self, _: &[u8]) -> Result<MaybeString, E> {
                Ok(MaybeString(None))
            }

            fn visit_unit<E>(self) -> Result<MaybeString, E> {
                Ok(MaybeString(None))
            }

            fn visit_none<E>(self) -> Result<MaybeString, E> {
                Ok(MaybeString(None))
            }

            fn visit_some<D: Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<MaybeString, D::Error> {
                deserializer.deserialize_any(self)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<MaybeString, A::Error> {
                drain_seq(seq, NESTED)?;
                Ok(MaybeString(None))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<MaybeString, A::Error> {
                drain_map(map, NESTED)?;
                Ok(MaybeString(None))
            }
        }

        deserializer.deserialize_any(MaybeStringVisitor)
    }
}

/// A caller's object read as `T` (whose fields are [`Value`]s: reading them never fails on a
/// type), or `None` when the caller passed something that is not an object. Unknown members are
/// skipped unread (a `fetch` function included).
pub struct Input<T>(pub Option<T>);

impl<T: fmt::Debug> fmt::Debug for Input<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T> Input<T> {
    /// The object, or the [`crate::error::Error::InvalidParameter`] that `what` (`the signIn
    /// input`) must be one.
    pub fn object(self, what: &str) -> Result<T, crate::error::Error> {
        self.0.ok_or_else(|| {
            crate::error::Error::InvalidParameter([what, " must be an object"].concat().into())
        })
    }
}

impl<T> From<T> for Input<T> {
    fn from(object: T) -> Self {
        Input(Some(object))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Input<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InputVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for InputVisitor<T> {
            type Value = Input<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Input<T>, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(|object| Input(Some(object)))
            }

            fn visit_bool<E>(self, _: bool) -> Result<Input<T>, E> {
                Ok(Input(None))
            }

            fn visit_i64<E>(self, _: i64) -> Result<Input<T>, E> {
                Ok(Input(None))
            }

            fn visit_u64<E>(self, _: u64) -> Result<Input<T>, E> {
                Ok(Input(None))
            }

            fn visit_f64<E>(self, _: f64) -> Result<Input<T>, E> {
                Ok(Input(None))
            }

            fn visit_str<E>(self, _: &str) -> Result<Input<T>, E> {
                Ok(Input(None))
            }

            fn visit_bytes<E>(self, _: &[u8]) -> Result<Input<T>, E> {
                Ok(Input(None))
            }

            fn visit_unit<E>(self) -> Result<Input<T>, E> {
                Ok(Input(None))
            }

            fn visit_none<E>(self) -> Result<Input<T>, E> {
                Ok(Input(None))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Input<T>, A::Error> {
                drain_seq(seq, "the input")?;
                Ok(Input(None))
            }
        }

        deserializer.deserialize_any(InputVisitor(PhantomData))
    }
}

/// Every member of an object, in the order given; [`Members::take`] reads one by name.
#[derive(Debug, Default)]
pub struct Members(pub Vec<(String, Value)>);

impl Members {
    /// Takes the value of `key` (its last one, as `JSON.parse` reads a repeated name); absent
    /// when missing.
    pub fn take(&mut self, key: &str) -> Value {
        self.0
            .iter_mut()
            .rev()
            .find(|(name, _)| name == key)
            .map(|(_, value)| core::mem::take(value))
            .unwrap_or_default()
    }
}

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor;

        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = Members;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                let mut members = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if members.len() == MAX_MAP_ENTRIES {
                        return Err(A::Error::custom(too_many_entries("the object")));
                    }
                    let value = map.next_value_seed(ValueOf(&key))?;
                    members.push((key, value));
                }
                Ok(Members(members))
            }
        }

        deserializer.deserialize_map(MembersVisitor)
    }
}

/// Reads the members of an object that are named in its list (others are skipped unread) as
/// [`Members`]: one reading for every caller object whose names are the API's own, so the
/// deserializer's reading of objects is compiled once, not once per input type. A format that
/// reads only the names it is given (serde-wasm-bindgen's struct reading) never touches the other
/// members, a `fetch` function among them.
#[derive(Debug, Clone, Copy)]
pub struct Named(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Named {
    type Value = Members;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Members, D::Error> {
        deserializer.deserialize_struct("object", self.0, self)
    }
}

impl<'de> Visitor<'de> for Named {
    type Value = Members;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
        let mut members = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if self.0.contains(&key.as_str()) {
                let value = map.next_value_seed(ValueOf(&key))?;
                members.push((key, value));
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Members(members))
    }
}

pub use crate::bounds::MAX_DEPTH;

/// Any JSON-shaped value, passed through as it came: the raw layer's inputs. Strings are wiped
/// when dropped (`AuthParameters` may hold a `PASSWORD`).
#[derive(Clone, PartialEq)]
pub enum AnyValue {
    Null,
    Bool(bool),
    Number(f64),
    Str(Zeroizing<String>),
    Array(Vec<AnyValue>),
    /// Members in the order given.
    Object(Vec<(String, AnyValue)>),
}

impl fmt::Debug for AnyValue {
    // Shape and names only: values may be passwords.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnyValue::Null => f.write_str("Null"),
            AnyValue::Bool(_) => f.write_str("Bool"),
            AnyValue::Number(_) => f.write_str("Number"),
            AnyValue::Str(_) => f.write_str("Str"),
            AnyValue::Array(items) => f.debug_list().entries(items).finish(),
            AnyValue::Object(members) => f
                .debug_map()
                .entries(members.iter().map(|(k, v)| (k, v)))
                .finish(),
        }
    }
}

impl AnyValue {
    /// The value of member `key` of an object (its last one, when repeated).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&AnyValue> {
        match self {
            AnyValue::Object(members) => members
                .iter()
                .rev()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut AnyValue> {
        match self {
            AnyValue::Object(members) => members
                .iter_mut()
                .rev()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// Sets member `key` of an object (replacing its value when present); nothing for a value
    /// that is not an object.
    pub fn insert(&mut self, key: &str, value: AnyValue) {
        if let Some(slot) = self.get_mut(key) {
            *slot = value;
        } else if let AnyValue::Object(members) = self {
            members.push((key.into(), value));
        }
    }

    /// The string, when this is one.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            AnyValue::Str(text) => Some(text),
            _ => None,
        }
    }
}

impl From<&str> for AnyValue {
    fn from(text: &str) -> Self {
        AnyValue::Str(Zeroizing::new(text.into()))
    }
}

impl From<String> for AnyValue {
    fn from(text: String) -> Self {
        AnyValue::Str(Zeroizing::new(text))
    }
}

impl Serialize for AnyValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            AnyValue::Null => serializer.serialize_unit(),
            AnyValue::Bool(v) => serializer.serialize_bool(*v),
            AnyValue::Number(v) => serializer.serialize_f64(*v),
            AnyValue::Str(v) => serializer.serialize_str(v),
            AnyValue::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            AnyValue::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

/// Reads an [`AnyValue`] named `name` (for a bound's error) that may nest `depth` more arrays or
/// objects, with `left` values still to read of the whole value's [`MAX_VALUES`].
struct Nested<'a> {
    name: &'a str,
    depth: usize,
    left: &'a Cell<usize>,
}

impl<'de> DeserializeSeed<'de> for Nested<'_> {
    type Value = AnyValue;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<AnyValue, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'a> Nested<'a> {
    /// The reader of one element or member `name`, counted against the whole value's bound.
    fn inner<E: serde::de::Error>(&self, name: &'a str) -> Result<Nested<'a>, E> {
        let Some(depth) = self.depth.checked_sub(1) else {
            return Err(E::custom("the value nests too deeply"));
        };
        let Some(left) = self.left.get().checked_sub(1) else {
            return Err(E::custom(["the value", TOO_MANY_VALUES].concat()));
        };
        self.left.set(left);
        Ok(Nested {
            name,
            depth,
            left: self.left,
        })
    }
}

impl<'de> Visitor<'de> for Nested<'_> {
    type Value = AnyValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<AnyValue, E> {
        Ok(AnyValue::Bool(v))
    }

    // JavaScript numbers are f64: a safe integer converts exactly.
    #[allow(clippy::cast_precision_loss)]
    fn visit_i64<E>(self, v: i64) -> Result<AnyValue, E> {
        Ok(AnyValue::Number(v as f64))
    }

    #[allow(clippy::cast_precision_loss)]
    fn visit_u64<E>(self, v: u64) -> Result<AnyValue, E> {
        Ok(AnyValue::Number(v as f64))
    }

    fn visit_f64<E>(self, v: f64) -> Result<AnyValue, E> {
        Ok(AnyValue::Number(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<AnyValue, E> {
        Ok(AnyValue::from(v))
    }

    fn visit_string<E>(self, v: String) -> Result<AnyValue, E> {
        Ok(AnyValue::from(v))
    }

    fn visit_unit<E>(self) -> Result<AnyValue, E> {
        Ok(AnyValue::Null)
    }

    fn visit_none<E>(self) -> Result<AnyValue, E> {
        Ok(AnyValue::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<AnyValue, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AnyValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self.inner(self.name)?)? {
            if items.len() == MAX_LIST_ENTRIES {
                return Err(A::Error::custom(too_many_entries(self.name)));
            }
            items.push(item);
        }
        Ok(AnyValue::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AnyValue, A::Error> {
        let mut members = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if members.len() == MAX_MAP_ENTRIES {
                return Err(A::Error::custom(too_many_entries(self.name)));
            }
            let value = map.next_value_seed(self.inner(&key)?)?;
            members.push((key, value));
        }
        Ok(AnyValue::Object(members))
    }
}

impl<'de> Deserialize<'de> for AnyValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let left = Cell::new(MAX_VALUES);
        Nested {
            name: "the value",
            depth: MAX_DEPTH,
            left: &left,
        }
        .deserialize(deserializer)
    }
}

/// An object whose members are not read: what the raw layer checks Cognito's answer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnyObject;

impl<'de> Deserialize<'de> for AnyObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AnyObjectVisitor;

        impl<'de> Visitor<'de> for AnyObjectVisitor {
            type Value = AnyObject;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<AnyObject, A::Error> {
                drain_map(map, "the answer")?;
                Ok(AnyObject)
            }
        }

        // `deserialize_any`: an array is not an object here, as it is not in JSON.
        deserializer.deserialize_any(AnyObjectVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, Deserialize)]
    #[serde(default, rename_all = "camelCase")]
    struct Fields {
        user_name: Value,
        count: Value,
    }

    #[test]
    fn values_keep_their_kind_and_null_is_absent() {
        let Input(Some(fields)) =
            serde_json::from_str::<Input<Fields>>(r#"{"userName":"a","count":2.5,"x":[1]}"#)
                .unwrap()
        else {
            panic!("not an object")
        };
        assert!(matches!(&fields.user_name, Value::Str(name) if name.as_str() == "a"));
        assert!(matches!(fields.count, Value::Number(n) if n == 2.5));
        let Input(Some(fields)) =
            serde_json::from_str::<Input<Fields>>(r#"{"userName":null,"count":{"a":"b","c":1}}"#)
                .unwrap()
        else {
            panic!("not an object")
        };
        assert!(matches!(fields.user_name, Value::Absent));
        let Value::Object(members) = fields.count else {
            panic!("not an object")
        };
        assert_eq!(members.len(), 2);
        assert!(members[1].1.is_none());
    }

    #[test]
    fn named_reads_only_the_listed_members() {
        let mut json =
            serde_json::Deserializer::from_str(r#"{"a":"x","b":{"c":[1]},"d":7,"e":[{}]}"#);
        let mut members = Named(&["a", "d", "z"]).deserialize(&mut json).unwrap();
        assert_eq!(members.0.len(), 2);
        assert!(matches!(members.take("a"), Value::Str(text) if text.as_str() == "x"));
        assert!(matches!(members.take("d"), Value::Number(n) if n == 7.0));
        assert!(matches!(members.take("b"), Value::Absent));
        assert!(matches!(members.take("z"), Value::Absent));
    }

    #[test]
    fn anything_but_an_object_is_no_input() {
        for text in ["\"hunter2\"", "5", "null", "[1,2]", "true"] {
            let input = serde_json::from_str::<Input<Fields>>(text).unwrap();
            assert!(input.0.is_none(), "{text}");
            let error = input.object("the input").unwrap_err();
            assert_eq!(error.message(), "the input must be an object");
        }
    }

    #[test]
    fn any_value_round_trips_and_stops_at_the_depth_limit() {
        let text = r#"{"a":[true,null,"x",{"b":1.5}],"c":"d"}"#;
        let value: AnyValue = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_string(&value).unwrap(), text);
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(serde_json::from_str::<AnyValue>(&deep).is_err());
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(serde_json::from_str::<AnyValue>(&ok).is_ok());
    }

    #[test]
    fn any_object_is_an_object_only() {
        assert!(serde_json::from_str::<AnyObject>(r#"{"a":[1,{"b":2}]}"#).is_ok());
        for text in ["[]", "null", "\"x\"", "1"] {
            assert!(serde_json::from_str::<AnyObject>(text).is_err(), "{text}");
        }
    }

    /// `{"k0":<member>,"k1":<member>,…}` of `count` members.
    fn object_of(count: usize, member: &str) -> String {
        let members: Vec<String> = (0..count).map(|i| format!(r#""k{i}":{member}"#)).collect();
        format!("{{{}}}", members.join(","))
    }

    fn array_of(count: usize, element: &str) -> String {
        format!("[{}]", vec![element; count].join(","))
    }

    fn error_of<T: serde::de::DeserializeOwned + fmt::Debug>(text: &str) -> String {
        serde_json::from_str::<T>(text).unwrap_err().to_string()
    }

    #[test]
    fn an_object_member_names_itself_when_over_its_bound() {
        let at_bound = format!(
            r#"{{"userName":"a","count":{}}}"#,
            object_of(MAX_MAP_ENTRIES, "\"v\"")
        );
        assert!(serde_json::from_str::<Input<Fields>>(&at_bound).is_ok());
        let over = format!(
            r#"{{"clientMetadata":{}}}"#,
            object_of(MAX_MAP_ENTRIES + 1, "\"v\"")
        );
        let mut json = serde_json::Deserializer::from_str(&over);
        let error = Named(&["clientMetadata"])
            .deserialize(&mut json)
            .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("clientMetadata has more than 256 entries"),
            "{error}"
        );
        let nested = format!(r#"{{"a":{{"b":{}}}}}"#, array_of(1000, "1"));
        assert!(error_of::<Members>(&nested).starts_with("a nested value has more than 256"));
    }

    #[test]
    fn members_and_arrays_read_whole_are_bounded() {
        let error = error_of::<Members>(&object_of(100_000, "1"));
        assert!(
            error.starts_with("the object has more than 256 entries"),
            "{error}"
        );
        let error = error_of::<Members>(&format!(r#"{{"list":{}}}"#, array_of(257, "{}")));
        assert!(
            error.starts_with("list has more than 256 entries"),
            "{error}"
        );
        assert!(serde_json::from_str::<Members>(&object_of(MAX_MAP_ENTRIES, "[]")).is_ok());
    }

    #[test]
    fn any_value_is_bounded_per_container_and_in_all() {
        let error =
            error_of::<AnyValue>(&format!(r#"{{"AuthParameters":{}}}"#, object_of(257, "1")));
        assert!(
            error.starts_with("AuthParameters has more than 256 entries"),
            "{error}"
        );
        let error = error_of::<AnyValue>(&array_of(257, "null"));
        assert!(
            error.starts_with("the value has more than 256 entries"),
            "{error}"
        );
        // 256 × 20 values, each container within its own bound.
        let wide = array_of(20, &array_of(256, "0"));
        let error = error_of::<AnyValue>(&wide);
        assert!(
            error.starts_with("the value has more than 4096 values in all"),
            "{error}"
        );
        let within = array_of(15, &array_of(256, "0"));
        assert!(serde_json::from_str::<AnyValue>(&within).is_ok());
    }

    #[test]
    fn an_answer_checked_as_an_object_is_bounded() {
        let error = error_of::<AnyObject>(&object_of(257, "0"));
        assert!(
            error.starts_with("the answer has more than 256 entries"),
            "{error}"
        );
    }

    #[test]
    fn debug_output_hides_strings() {
        let value: AnyValue = serde_json::from_str(r#"{"PASSWORD":"hunter2"}"#).unwrap();
        assert!(!format!("{value:?}").contains("hunter2"));
        assert!(!format!("{:?}", Value::Str(Zeroizing::new("hunter2".into()))).contains("hunter2"));
    }
}
