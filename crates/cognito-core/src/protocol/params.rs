//! [`Params`]: a map of strings, the shape of Cognito's `AuthParameters`, `ChallengeParameters`,
//! `ChallengeResponses` and `ClientMetadata`.
//!
//! A sorted vector: these maps hold a handful of entries, and a `BTreeMap` would add its node
//! code to the package for nothing. Iteration is in key order, as a `BTreeMap`'s.

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;

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
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, value)| value)
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
    /// A repeated key keeps its last value. Not generic: every array size and iterator shares
    /// this one copy of the code.
    fn from_vec(mut entries: Vec<(String, String)>) -> Self {
        let mut params = Params::new();
        // From the back: the first value of a key met is its last.
        while let Some((key, value)) = entries.pop() {
            if !params.contains_key(&key) {
                params.insert(key, value);
            }
        }
        params
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
    fn debug_shows_keys_only() {
        let params = Params::from([("PASSWORD".into(), "hunter2".into())]);
        assert_eq!(format!("{params:?}"), r#"["PASSWORD"]"#);
    }
}
