//! How much of a map, a list or a nested value the client reads from outside (Cognito's answers
//! and the caller's inputs), and the readers that hold to it.
//!
//! Cognito's own limits are far below these: a user pool has at most 50 custom attributes
//! besides its standard ones, `ListDevices` pages hold at most 60 devices, and
//! `ChallengeParameters` carry about ten entries. A bound of 256 entries per map or list leaves a
//! demanding caller's `clientMetadata` room while keeping every reading short: each is O(n log n)
//! or better in the entries it keeps, so an answer of 100,000 keys is refused after 257 of them.
//! The wasm shell counts a JavaScript object's keys against the same bounds before it reads the
//! object, because its reader (serde-wasm-bindgen) lists every entry of an object first.
//!
//! A bound error names the field and the bound, never a value: "ChallengeParameters has more
//! than 256 entries".

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use serde::de::{DeserializeSeed, Error as _, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// The most entries of one map read from outside: `ChallengeParameters`, `ChallengeResponses`,
/// `ClientMetadata`, user attributes, any caller object read whole.
pub const MAX_MAP_ENTRIES: usize = 256;

/// The most elements of one list read from outside: `Devices`, `DeviceAttributes`,
/// `MFAS_CAN_CHOOSE`, any caller array.
pub const MAX_LIST_ENTRIES: usize = 256;

/// The most values (members and elements, at every depth) of one caller input or answer the
/// wasm shell looks at before reading it: a value that repeats one object under many names (a
/// shared reference is one object to JavaScript, but many values to a reader) stays bounded.
pub const MAX_VALUES: usize = 4096;

/// How deep a passed-through value ([`crate::value::AnyValue`]) may nest: Cognito's inputs nest
/// two levels, and a caller's cyclic object must end in an error, not in a stack overflow.
pub const MAX_DEPTH: usize = 32;

/// What a map or list over [`MAX_MAP_ENTRIES`] / [`MAX_LIST_ENTRIES`] is told (after its name).
/// Written out, so that no number formatting is compiled in; a test checks it against the
/// constants.
pub const TOO_MANY_ENTRIES: &str = " has more than 256 entries";

/// What a value over [`MAX_VALUES`] is told (after its name).
pub const TOO_MANY_VALUES: &str = " has more than 4096 values in all";

/// "`name` has more than 256 entries".
#[must_use]
pub fn too_many_entries(name: &str) -> String {
    [name, TOO_MANY_ENTRIES].concat()
}

/// A list of at most [`MAX_LIST_ENTRIES`] elements named `name` (for its error): read element by
/// element, it stops at the first one over the bound.
pub struct BoundedList<T> {
    name: &'static str,
    element: PhantomData<fn() -> T>,
}

impl<T> BoundedList<T> {
    #[must_use]
    pub const fn new(name: &'static str) -> Self {
        BoundedList {
            name,
            element: PhantomData,
        }
    }
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for BoundedList<T> {
    type Value = Vec<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for BoundedList<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            if items.len() == MAX_LIST_ENTRIES {
                return Err(A::Error::custom(too_many_entries(self.name)));
            }
            items.push(item);
        }
        Ok(items)
    }
}

/// Reads what `seed` reads, or its default for `null` (and for absent, with `#[serde(default)]`).
pub fn nullable<'de, D, S>(deserializer: D, seed: S) -> Result<S::Value, D::Error>
where
    D: Deserializer<'de>,
    S: DeserializeSeed<'de>,
    S::Value: Default,
{
    struct Nullable<S>(S);

    impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for Nullable<S>
    where
        S::Value: Default,
    {
        type Value = S::Value;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a value or null")
        }

        fn visit_none<E>(self) -> Result<S::Value, E> {
            Ok(S::Value::default())
        }

        fn visit_unit<E>(self) -> Result<S::Value, E> {
            Ok(S::Value::default())
        }

        fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
            self.0.deserialize(deserializer)
        }
    }

    deserializer.deserialize_option(Nullable(seed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_messages_state_the_bounds() {
        assert_eq!(
            TOO_MANY_ENTRIES,
            format!(" has more than {MAX_MAP_ENTRIES} entries")
        );
        assert_eq!(MAX_LIST_ENTRIES, MAX_MAP_ENTRIES);
        assert_eq!(
            TOO_MANY_VALUES,
            format!(" has more than {MAX_VALUES} values in all")
        );
    }

    fn list(text: &str) -> Result<Vec<u8>, String> {
        let mut json = serde_json::Deserializer::from_str(text);
        BoundedList::<u8>::new("Devices")
            .deserialize(&mut json)
            .map_err(|error| error.to_string())
    }

    #[test]
    fn a_list_holds_up_to_its_bound_and_no_more() {
        let full = format!("[{}]", vec!["1"; MAX_LIST_ENTRIES].join(","));
        assert_eq!(list(&full).unwrap().len(), MAX_LIST_ENTRIES);
        let over = format!("[{}]", vec!["1"; MAX_LIST_ENTRIES + 1].join(","));
        let error = list(&over).unwrap_err();
        assert!(
            error.starts_with("Devices has more than 256 entries"),
            "{error}"
        );
    }

    #[test]
    fn null_reads_as_the_default() {
        let mut json = serde_json::Deserializer::from_str("null");
        let read = nullable(&mut json, BoundedList::<u8>::new("Devices")).unwrap();
        assert!(read.is_empty());
    }
}
