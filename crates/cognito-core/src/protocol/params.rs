//! [`Params`]: a map of strings, the shape of Cognito's `AuthParameters`, `ChallengeParameters`,
//! `ChallengeResponses` and `ClientMetadata`.
//!
//! A sorted vector: these maps hold a handful of entries, and a `BTreeMap` would add its node
//! code to the package for nothing. Iteration is in key order, as a `BTreeMap`'s. Serialized as
//! an object of strings; deserialized from one in O(n log n) (collected, then heap-sorted once).

use alloc::borrow::ToOwned;
use alloc::collections::BinaryHeap;
use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;
use core::fmt;

use serde::de::{DeserializeSeed, Error as _, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::bounds::{too_many_entries, MAX_MAP_ENTRIES};

/// Keys in order, each once.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Params(Vec<(String, String)>);

impl core::fmt::Debug for Params {
    // Keys only: values may be passwords or codes.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.keys()).finish()
    }
}

impl Params {
    #[must_use]
    pub fn new() -> Self {
        Params(Vec::new())
    }

    #[must_use]
    pub fn get(&self, key: &str) -> Option<&String> {
        let index = self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok()?;
        self.0.get(index).map(|(_, value)| value)
    }

    #[must_use]
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets `key` to `value`; returns the value it replaced.
    ///
    /// A linear walk (these maps hold a handful of entries) that shifts the larger keys up by
    /// swapping: no binary search, no `Vec::insert` and its bounds check.
    pub fn insert(&mut self, key: String, value: String) -> Option<String> {
        let mut carried = (key, value);
        for entry in &mut self.0 {
            match entry.0.cmp(&carried.0) {
                Ordering::Less => {}
                Ordering::Equal => return Some(core::mem::replace(&mut entry.1, carried.1)),
                Ordering::Greater => core::mem::swap(entry, &mut carried),
            }
        }
        self.0.push(carried);
        None
    }

    /// The value of `key`, set to `make()` first when absent.
    pub fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> String) -> String {
        if let Some(value) = self.get(key) {
            return value.clone();
        }
        let value = make();
        self.insert(key.to_owned(), value.clone());
        value
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(key, value)| (key, value))
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut String> {
        self.0.iter_mut().map(|(_, value)| value)
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(key, _)| key)
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<const N: usize> From<[(String, String); N]> for Params {
    fn from(entries: [(String, String); N]) -> Self {
        Params::from_vec(entries.into())
    }
}

impl FromIterator<(String, String)> for Params {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(entries: I) -> Self {
        Params::from_vec(entries.into_iter().collect())
    }
}

impl Params {
    /// A repeated key keeps its last value (as in `JSON.parse`). Not generic: every array size,
    /// iterator and deserializer shares this one copy of the code. O(n log n): a heap sort
    /// (`BinaryHeap::into_sorted_vec`, a fraction of `slice::sort`'s code in the package) on the
    /// key and the position given, then one pass that keeps the last entry of each run of equal
    /// keys.
    fn from_vec(entries: Vec<(String, String)>) -> Self {
        let heap: BinaryHeap<Entry> = entries
            .into_iter()
            .enumerate()
            .map(|(position, (key, value))| Entry(key, position, value))
            .collect();
        let mut kept: Vec<(String, String)> = Vec::with_capacity(heap.len());
        for Entry(key, _, value) in heap.into_sorted_vec() {
            match kept.last_mut() {
                Some(last) if last.0 == key => last.1 = value,
                _ => kept.push((key, value)),
            }
        }
        Params(kept)
    }
}

/// An entry ordered by its key, then by where it was given (its value is never compared).
struct Entry(String, usize, String);

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.cmp(&other.0).then(self.1.cmp(&other.1))
    }
}

impl zeroize::Zeroize for Params {
    /// Wipes the values (passwords, codes); the keys are protocol names.
    fn zeroize(&mut self) {
        self.values_mut().for_each(zeroize::Zeroize::zeroize);
    }
}

impl Serialize for Params {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (key, value) in self {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Params {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ParamsOf("the object of strings").deserialize(deserializer)
    }
}

/// Reads a [`Params`] of at most [`MAX_MAP_ENTRIES`] entries, named (for the error of one too
/// many) as the field it is: `ParamsOf("ChallengeParameters")`. The entries are counted as they
/// come, so an object of 100,000 keys costs the reader 257 of them.
#[derive(Debug, Clone, Copy)]
pub struct ParamsOf(pub &'static str);

impl<'de> DeserializeSeed<'de> for ParamsOf {
    type Value = Params;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Params, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ParamsOf {
    type Value = Params;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of strings")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Params, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry::<String, String>()? {
            if entries.len() == MAX_MAP_ENTRIES {
                return Err(A::Error::custom(too_many_entries(self.0)));
            }
            entries.push(entry);
        }
        Ok(Params::from_vec(entries))
    }
}

impl<'a> IntoIterator for &'a Params {
    type Item = (&'a String, &'a String);
    type IntoIter = core::iter::Map<
        core::slice::Iter<'a, (String, String)>,
        fn(&'a (String, String)) -> (&'a String, &'a String),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(key, value)| (key, value))
    }
}

#[cfg(test)]
impl core::ops::Index<&str> for Params {
    type Output = String;

    fn index(&self, key: &str) -> &String {
        self.get(key).expect("the key is present")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_stay_in_order_and_unique() {
        let mut params = Params::from([("b".into(), "1".into()), ("a".into(), "2".into())]);
        assert_eq!(params.insert("b".into(), "3".into()), Some("1".into()));
        assert_eq!(params.insert("c".into(), "4".into()), None);
        assert_eq!(params.get_or_insert_with("a", || "x".into()), "2");
        assert_eq!(params.get_or_insert_with("0", || "x".into()), "x");
        let keys: Vec<&str> = params.keys().map(String::as_str).collect();
        assert_eq!(keys, ["0", "a", "b", "c"]);
        assert_eq!(params.get("b").map(String::as_str), Some("3"));
        assert!(!params.contains_key("d"));
        assert_eq!(params.len(), 4);
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value() {
        let params: Params = serde_json::from_str(r#"{"b":"1","a":"2","b":"3"}"#).unwrap();
        assert_eq!(params.get("b").map(String::as_str), Some("3"));
        assert_eq!(params.len(), 2);
        assert_eq!(
            serde_json::to_string(&params).unwrap(),
            r#"{"a":"2","b":"3"}"#
        );
        let params = Params::from([("k".into(), "1".into()), ("k".into(), "2".into())]);
        assert_eq!(params.get("k").map(String::as_str), Some("2"));
    }

    #[test]
    fn a_value_that_is_not_a_string_is_an_error() {
        assert!(serde_json::from_str::<Params>(r#"{"a":1}"#).is_err());
        assert!(serde_json::from_str::<Params>("[]").is_err());
    }

    #[test]
    fn a_map_holds_up_to_its_bound_and_no_more() {
        let object = |count: usize| {
            let members: Vec<String> = (0..count).map(|i| format!(r#""k{i}":"v""#)).collect();
            format!("{{{}}}", members.join(","))
        };
        let read = |text: &str| {
            let mut json = serde_json::Deserializer::from_str(text);
            ParamsOf("ChallengeParameters").deserialize(&mut json)
        };
        assert_eq!(
            read(&object(MAX_MAP_ENTRIES)).unwrap().len(),
            MAX_MAP_ENTRIES
        );
        let error = read(&object(100_000)).unwrap_err().to_string();
        assert!(
            error.starts_with("ChallengeParameters has more than 256 entries"),
            "{error}"
        );
    }

    #[test]
    fn debug_shows_keys_only() {
        let params = Params::from([("PASSWORD".into(), "hunter2".into())]);
        assert_eq!(format!("{params:?}"), r#"["PASSWORD"]"#);
    }
}
