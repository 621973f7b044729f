//! `TIMESTAMP` of `PASSWORD_VERIFIER`: `EEE MMM d HH:mm:ss UTC yyyy`, English, UTC.
//!
//! The day of the month is **not** zero-padded (`Tue Nov 3 07:05:09 UTC 2026`); Cognito
//! rejects any other spelling. Pure calendar arithmetic (proleptic Gregorian), no clock here:
//! the caller passes the current Unix time.

use alloc::string::String;
use core::fmt::Write as _;

/// Three letters a name, in one text each (a table of `&str` would be pointers in the module).
const WEEKDAYS: &str = "SunMonTueWedThuFriSat";
const MONTHS: &str = "JanFebMarAprMayJunJulAugSepOctNovDec";

/// The `index`th three-letter name of `names`.
fn name(names: &str, index: i64) -> &str {
    usize::try_from(index * 3)
        .ok()
        .and_then(|at| names.get(at..at + 3))
        .unwrap_or("???")
}

/// Formats Unix seconds as Cognito's `TIMESTAMP`, like the official client's `getNowString`.
///
/// ```
/// use cognito_srp::format_timestamp;
/// assert_eq!(format_timestamp(1_793_689_509), "Tue Nov 3 07:05:09 UTC 2026");
/// ```
#[must_use]
pub fn format_timestamp(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let second_of_day = unix_seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    // 1970-01-01 was a Thursday.
    let weekday = name(WEEKDAYS, (days.rem_euclid(7) + 4) % 7);
    let month = name(MONTHS, month - 1);
    let (hours, minutes, seconds) = (
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60,
    );
    let mut out = String::with_capacity(32);
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "{weekday} {month} {day} {hours:02}:{minutes:02}:{seconds:02} UTC {year}"
    );
    out
}

/// (year, month 1–12, day 1–31) of a count of days since 1970-01-01.
///
/// Howard Hinnant's `civil_from_days` (<https://howardhinnant.github.io/date_algorithms.html>):
/// shift to eras of 400 years starting on March 1st, so that leap days fall at the end.
/// No overflow for any `i64` day count derived from `i64` seconds.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // day of era, [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // year of era, [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of year from March 1st, [0, 365]
    let mp = (5 * doy + 2) / 153; // month from March, [0, 11]
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamp_day_is_not_zero_padded() {
        assert_eq!(
            format_timestamp(1_793_689_509),
            "Tue Nov 3 07:05:09 UTC 2026"
        );
    }

    #[test]
    fn timestamp_of_the_epoch() {
        assert_eq!(format_timestamp(0), "Thu Jan 1 00:00:00 UTC 1970");
    }

    #[test]
    fn timestamp_two_digit_day_and_leap_day() {
        assert_eq!(
            format_timestamp(951_868_799),
            "Tue Feb 29 23:59:59 UTC 2000"
        );
        assert_eq!(
            format_timestamp(1_735_603_200),
            "Tue Dec 31 00:00:00 UTC 2024"
        );
    }

    #[test]
    fn timestamp_before_the_epoch() {
        assert_eq!(format_timestamp(-1), "Wed Dec 31 23:59:59 UTC 1969");
    }

    #[test]
    fn timestamp_never_panics_on_extreme_inputs() {
        let _ = format_timestamp(i64::MAX);
        let _ = format_timestamp(i64::MIN);
    }
}
