//! Decimal and hex digits written by hand, and `concat`: kept for cognito-core
//! (`cognito_srp::text`), which builds its messages with them. cognito-srp itself writes text
//! with `core::fmt` (`write!`).

use alloc::string::String;

/// Appends `value` in decimal.
pub fn push_decimal(out: &mut String, value: i64) {
    if value < 0 {
        out.push('-');
    }
    push_digits(out, value.unsigned_abs());
}

fn push_digits(out: &mut String, value: u64) {
    if value >= 10 {
        push_digits(out, value / 10);
    }
    out.push(char::from(b'0' + (value % 10) as u8));
}

/// `value` in decimal.
#[must_use]
pub fn decimal(value: i64) -> String {
    let mut out = String::new();
    push_decimal(&mut out, value);
    out
}

/// The pieces one after the other: `[a, b, c].concat()` as one function that every message
/// calls (smaller in the package than the same code at each call site).
#[must_use]
pub fn concat(pieces: &[&str]) -> String {
    pieces.concat()
}

/// The hexadecimal digit (lowercase) of the low four bits of `value`.
#[must_use]
pub fn hex_digit(value: u32) -> char {
    char::from_digit(value & 0xf, 16).unwrap_or('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_match_display() {
        for value in [
            0,
            7,
            10,
            99,
            100,
            1_700_000_000_000,
            -1,
            -45,
            i64::MIN,
            i64::MAX,
        ] {
            assert_eq!(decimal(value), value.to_string());
        }
    }

    #[test]
    fn hex_digits_are_lowercase() {
        let digits: String = (0..16).map(hex_digit).collect();
        assert_eq!(digits, "0123456789abcdef");
        assert_eq!(hex_digit(0x1f), 'f');
    }
}
