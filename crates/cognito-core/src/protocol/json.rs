//! JSON (RFC 8259) as Cognito's wire format needs it: a reader for hostile text and a writer.
//!
//! In-crate instead of serde_json to keep the wasm package small: no floating point (a number
//! keeps its text; [`Json::as_u32`] reads the only number the protocol has, `ExpiresIn`), no
//! serde machinery. Reading never panics: malformed text, bad escapes (lone surrogates
//! included) and nesting deeper than [`MAX_DEPTH`] are a [`SyntaxError`].

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

use cognito_srp::text::hex_digit;

/// A JSON value. Numbers keep their exact text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Object),
}

/// A JSON object's members in document order. A repeated name reads as its last value, as in
/// JavaScript's `JSON.parse`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Object(Vec<(String, Json)>);

/// The text is not JSON (or nests deeper than [`MAX_DEPTH`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntaxError;

/// How deep arrays and objects may nest (serde_json's limit): a hostile answer cannot exhaust
/// the stack.
pub const MAX_DEPTH: usize = 128;

impl Json {
    /// Reads one JSON value that makes up the whole `text` (whitespace around it allowed).
    pub fn parse(text: &str) -> Result<Json, SyntaxError> {
        let mut reader = Reader { text, pos: 0 };
        let value = reader.value(MAX_DEPTH)?;
        // Past the end is 0, and the end must be next.
        reader.expect(0)?;
        if reader.pos == text.len() + 1 {
            Ok(value)
        } else {
            Err(SyntaxError)
        }
    }

    /// The string, when this is one.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    /// A non-negative integer written without fraction or exponent that fits in a `u32`.
    #[must_use]
    pub fn as_u32(&self) -> Option<u32> {
        let Json::Number(text) = self else {
            return None;
        };
        let mut value: u32 = 0;
        for byte in text.bytes() {
            let digit = byte.checked_sub(b'0').filter(|digit| *digit <= 9)?;
            value = value.checked_mul(10)?.checked_add(u32::from(digit))?;
        }
        Some(value)
    }

    /// The JSON text of this value, without whitespace.
    #[must_use]
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(true) => out.push_str("true"),
            Json::Bool(false) => out.push_str("false"),
            Json::Number(text) => out.push_str(text),
            Json::String(text) => write_string(out, text),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(object) => {
                out.push('{');
                for (i, (name, value)) in object.0.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(out, name);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

impl From<&str> for Json {
    fn from(text: &str) -> Self {
        Json::String(text.to_owned())
    }
}

impl From<String> for Json {
    fn from(text: String) -> Self {
        Json::String(text)
    }
}

impl Object {
    #[must_use]
    pub fn new() -> Self {
        Object(Vec::new())
    }

    /// The value of `name` (its last one, when repeated).
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Json> {
        self.0
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut Json> {
        self.0
            .iter_mut()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
    }

    #[must_use]
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets `name` to `value`: replaces its value when present, appends it otherwise.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<Json>) {
        let name = name.into();
        let value = value.into();
        match self.get_mut(&name) {
            Some(slot) => *slot = value,
            None => self.0.push((name, value)),
        }
    }

    /// The members in document order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Json)> {
        self.0.iter().map(|(key, value)| (key.as_str(), value))
    }
}

/// `"name":`, after a comma unless `out` ends with the `{` that opens the object.
pub fn write_key(out: &mut String, name: &str) {
    if out.as_bytes().last() != Some(&b'{') {
        out.push(',');
    }
    write_string(out, name);
    out.push(':');
}

/// `"name":"value"`, after a comma unless it is the object's first member.
pub fn write_string_member(out: &mut String, name: &str, value: &str) {
    write_key(out, name);
    write_string(out, value);
}

/// Writes an object whose members are all strings, in the order given: the shape of every
/// request body the sign-in flow sends.
pub fn write_string_members(out: &mut String, members: &[(&str, &str)]) {
    out.push('{');
    for (name, value) in members {
        write_string_member(out, name, value);
    }
    out.push('}');
}

/// The text of an object whose members are all strings (see [`write_string_members`]).
#[must_use]
pub fn string_object(members: &[(&str, &str)]) -> String {
    let mut out = String::new();
    write_string_members(&mut out, members);
    out
}

/// `text` as a JSON string: `"` and `\` escaped, control characters as `\n`, `\u001f`, ….
pub fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            '\0'..' ' => "\\u00",
            c => {
                out.push(c);
                continue;
            }
        };
        out.push_str(escape);
        if escape.len() > 2 {
            out.push(hex_digit(u32::from(c) >> 4));
            out.push(hex_digit(u32::from(c)));
        }
    }
    out.push('"');
}

struct Reader<'a> {
    text: &'a str,
    pos: usize,
}

impl Reader<'_> {
    /// The byte at the position; 0 past the end (a NUL is never valid where a byte is looked
    /// at: outside strings it is no token, inside them an unescaped control character).
    fn peek(&self) -> u8 {
        self.text.as_bytes().get(self.pos).copied().unwrap_or(0)
    }

    fn next(&mut self) -> u8 {
        let byte = self.peek();
        self.pos += 1;
        byte
    }

    /// Skips whitespace, then the next byte.
    fn next_token(&mut self) -> u8 {
        while matches!(self.peek(), b' ' | b'\t' | b'\n' | b'\r') {
            self.pos += 1;
        }
        self.next()
    }

    fn expect(&mut self, byte: u8) -> Result<(), SyntaxError> {
        if self.next_token() == byte {
            Ok(())
        } else {
            Err(SyntaxError)
        }
    }

    /// One value; `depth` is how many more arrays and objects may open.
    fn value(&mut self, depth: usize) -> Result<Json, SyntaxError> {
        Ok(match self.next_token() {
            b'n' => self.literal(b"ull", Json::Null)?,
            b't' => self.literal(b"rue", Json::Bool(true))?,
            b'f' => self.literal(b"alse", Json::Bool(false))?,
            b'"' => Json::String(self.string()?),
            open @ (b'[' | b'{') => {
                self.container(open, depth.checked_sub(1).ok_or(SyntaxError)?)?
            }
            b'-' | b'0'..=b'9' => self.number()?,
            _ => return Err(SyntaxError),
        })
    }

    /// The rest of a literal whose first byte was read.
    fn literal(&mut self, rest: &[u8], value: Json) -> Result<Json, SyntaxError> {
        let end = self.pos + rest.len();
        if self.text.as_bytes().get(self.pos..end) == Some(rest) {
            self.pos = end;
            Ok(value)
        } else {
            Err(SyntaxError)
        }
    }

    /// An array or an object after its opening byte `open`: one loop for both.
    fn container(&mut self, open: u8, depth: usize) -> Result<Json, SyntaxError> {
        let close = open + 2; // `]` or `}`
        let mut items = Vec::new();
        let mut members = Vec::new();
        let mut end = self.next_token();
        if end != close {
            self.pos -= 1;
            loop {
                if open == b'[' {
                    items.push(self.value(depth)?);
                } else {
                    self.expect(b'"')?;
                    let name = self.string()?;
                    self.expect(b':')?;
                    members.push((name, self.value(depth)?));
                }
                end = self.next_token();
                if end != b',' {
                    break;
                }
            }
        }
        if end != close {
            return Err(SyntaxError);
        }
        Ok(if open == b'[' {
            Json::Array(items)
        } else {
            Json::Object(Object(members))
        })
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, kept as text; its first byte was read.
    fn number(&mut self) -> Result<Json, SyntaxError> {
        let start = self.pos - 1;
        let mut first = self.text.as_bytes().get(start).copied().unwrap_or(0);
        if first == b'-' {
            first = self.next();
        }
        match first {
            b'0' => {}
            b'1'..=b'9' => {
                self.digits();
            }
            _ => return Err(SyntaxError),
        }
        if self.peek() == b'.' {
            self.pos += 1;
            self.one_or_more_digits()?;
        }
        if self.peek() | 0x20 == b'e' {
            self.pos += 1;
            if matches!(self.peek(), b'+' | b'-') {
                self.pos += 1;
            }
            self.one_or_more_digits()?;
        }
        let text = self.text.get(start..self.pos).ok_or(SyntaxError)?;
        Ok(Json::Number(text.to_owned()))
    }

    /// Skips digits; whether there was one.
    fn digits(&mut self) -> bool {
        let start = self.pos;
        while self.peek().is_ascii_digit() {
            self.pos += 1;
        }
        self.pos > start
    }

    fn one_or_more_digits(&mut self) -> Result<(), SyntaxError> {
        if self.digits() {
            Ok(())
        } else {
            Err(SyntaxError)
        }
    }

    /// The rest of a string whose opening quote was read.
    fn string(&mut self) -> Result<String, SyntaxError> {
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote, backslash or control character; those are
            // ASCII, so the run ends on a character boundary.
            let start = self.pos;
            while !matches!(self.peek(), b'"' | b'\\' | 0..0x20) {
                self.pos += 1;
            }
            out.push_str(self.text.get(start..self.pos).ok_or(SyntaxError)?);
            match self.next() {
                b'"' => return Ok(out),
                b'\\' => out.push(self.escape()?),
                _ => return Err(SyntaxError), // an unescaped control character, or the end
            }
        }
    }

    /// The character of the escape after a backslash.
    fn escape(&mut self) -> Result<char, SyntaxError> {
        Ok(char::from(match self.next() {
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            byte @ (b'"' | b'\\' | b'/') => byte,
            b'u' => {
                let unit = self.hex4()?;
                let code = match unit {
                    // A high surrogate must be followed by an escaped low surrogate.
                    0xD800..=0xDBFF => {
                        if self.next() != b'\\' || self.next() != b'u' {
                            return Err(SyntaxError);
                        }
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(SyntaxError);
                        }
                        0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    _ => unit,
                };
                // None for a lone low surrogate.
                return char::from_u32(code).ok_or(SyntaxError);
            }
            _ => return Err(SyntaxError),
        }))
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut unit = 0;
        for _ in 0..4 {
            let digit = match self.next() {
                byte @ b'0'..=b'9' => byte - b'0',
                byte @ (b'a'..=b'f' | b'A'..=b'F') => (byte | 0x20) - b'a' + 10,
                _ => return Err(SyntaxError),
            };
            unit = unit << 4 | u32::from(digit);
        }
        Ok(unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Json, SyntaxError> {
        Json::parse(text)
    }

    #[test]
    fn reads_every_kind_of_value() {
        let value = parse(r#" {"a": [null, true, false, -1.5e+3, 0, "x"], "b": {}} "#).unwrap();
        let Json::Object(object) = value else {
            panic!("not an object")
        };
        assert_eq!(
            object.get("a"),
            Some(&Json::Array(vec![
                Json::Null,
                Json::Bool(true),
                Json::Bool(false),
                Json::Number("-1.5e+3".into()),
                Json::Number("0".into()),
                Json::String("x".into()),
            ]))
        );
        assert_eq!(object.get("b"), Some(&Json::Object(Object::new())));
    }

    #[test]
    fn string_escapes_decode_including_surrogate_pairs() {
        let value = parse(r#""q\" b\\ s\/ \b\f\n\r\t \u00e9 \uD83D\uDE00 é""#).unwrap();
        assert_eq!(value.as_str(), Some("q\" b\\ s/ \u{8}\u{c}\n\r\t é 😀 é"));
    }

    #[test]
    fn bad_escapes_and_lone_surrogates_are_errors() {
        for text in [
            r#""\x""#,
            r#""\u12""#,
            r#""\u12G4""#,
            r#""\uD83D""#,
            r#""\uD83Dx""#,
            r#""\uD83D\u0041""#,
            r#""\uDE00""#,
            r#""\"#,
            "\"tab\there\"",
            "\"unterminated",
        ] {
            assert_eq!(parse(text), Err(SyntaxError), "{text:?}");
        }
    }

    #[test]
    fn malformed_text_is_an_error_never_a_panic() {
        for text in [
            "",
            " ",
            "{",
            "}",
            "[",
            "[1,]",
            "[1 2]",
            "{\"a\"}",
            "{\"a\":}",
            "{\"a\":1,}",
            "{a:1}",
            "{\"a\" 1}",
            "nul",
            "tru",
            "falsey",
            "01",
            "-",
            "1.",
            ".5",
            "1e",
            "1e+",
            "+1",
            "--1",
            "\"a\" \"b\"",
            "[]]",
            "<html>",
            "NaN",
            "Infinity",
            "{\"a\":1}x",
            "\u{feff}{}",
        ] {
            assert_eq!(parse(text), Err(SyntaxError), "{text:?}");
        }
    }

    #[test]
    fn nesting_is_limited() {
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(parse(&deep), Err(SyntaxError));
        let hostile = "{\"a\":".repeat(100_000);
        assert_eq!(parse(&hostile), Err(SyntaxError));
    }

    #[test]
    fn huge_numbers_keep_their_text_and_do_not_read_as_u32() {
        let huge = "1".repeat(400) + "e999999";
        assert_eq!(parse(&huge), Ok(Json::Number(huge.clone())));
        assert_eq!(parse(&huge).unwrap().as_u32(), None);
        assert_eq!(parse("4294967296").unwrap().as_u32(), None);
        assert_eq!(parse("4294967295").unwrap().as_u32(), Some(u32::MAX));
        for not_whole in ["-1", "1.0", "1e3", "\"3600\""] {
            assert_eq!(parse(not_whole).unwrap().as_u32(), None, "{not_whole}");
        }
    }

    #[test]
    fn a_repeated_name_reads_as_its_last_value() {
        let Ok(Json::Object(object)) = parse(r#"{"a":"1","a":"2"}"#) else {
            panic!("not an object")
        };
        assert_eq!(object.get("a").and_then(Json::as_str), Some("2"));
    }

    #[test]
    fn written_text_reads_back_and_escapes_control_characters() {
        let text = r#"{"s":"q\"\\\n\u0001é😀","n":-0.5E-7,"a":[true,null,{}],"e":""}"#;
        let value = parse(text).unwrap();
        assert_eq!(value.to_text(), text);
        let mut out = String::new();
        write_string_members(&mut out, &[("k", "\u{1f}\u{8}\t")]);
        assert_eq!(out, r#"{"k":"\u001f\b\t"}"#);
    }

    #[test]
    fn agrees_with_serde_json_on_what_is_json() {
        let samples = [
            r#"{"a":[1,2,{"b":null}],"c":"\u00e9"}"#,
            r#"[1e5, -0, 0.25, "x\/y"]"#,
            r#"{"a":1,}"#,
            r#"[1,2"#,
            r#""\ud800\udc00""#,
            r#""\udc00""#,
            "  true  ",
            "1 2",
        ];
        for text in samples {
            let ours = parse(text).is_ok();
            let theirs = serde_json::from_str::<serde_json::Value>(text).is_ok();
            assert_eq!(ours, theirs, "{text:?}");
            if let (Ok(value), Ok(oracle)) =
                (parse(text), serde_json::from_str::<serde_json::Value>(text))
            {
                let reread: serde_json::Value = serde_json::from_str(&value.to_text()).unwrap();
                assert_eq!(reread, oracle, "{text:?}");
            }
        }
    }

    #[test]
    fn agrees_with_serde_json_on_generated_text() {
        // Short texts over JSON's tokens and near-misses, from a fixed xorshift seed.
        const PIECES: &[&str] = &[
            "{", "}", "[", "]", ",", ":", " ", "\"", "\"a\"", "\\", "\\u", "D83D", "\\uDE00", "0",
            "1", "-", ".", "e", "E", "+", "null", "true", "fals", "x", "\u{0}", "\u{1}", "\t",
            "\n", "é", "\u{feff}",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..50_000 {
            let len = next() % 12;
            let text: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let ours = parse(&text);
            let theirs = serde_json::from_str::<serde_json::Value>(&text);
            if matches!(&theirs, Err(error) if error.to_string().contains("out of range")) {
                continue; // numbers beyond f64, which this reader keeps as text
            }
            assert_eq!(ours.is_ok(), theirs.is_ok(), "{text:?}");
            if let (Ok(value), Ok(oracle)) = (ours, theirs) {
                let reread: serde_json::Value = serde_json::from_str(&value.to_text()).unwrap();
                assert_eq!(reread, oracle, "{text:?}");
            }
        }
    }
}
