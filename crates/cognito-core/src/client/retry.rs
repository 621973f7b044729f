//! When a request is sent again: the retry policy the package's driver follows.
//!
//! A request is repeated only when repeating it cannot spend anything twice: `InitiateAuth` (a
//! new sign-in; its `SRP_A` answers one challenge at most, as the failed attempt's answer never
//! arrived), the reads (`ListDevices`, `GetUser`) and a refresh (`GetTokensFromRefreshToken`:
//! a rotated refresh token stays valid for its grace period). A request that spends a `Session`,
//! a code or a device confirmation (`RespondToAuthChallenge`, `VerifySoftwareToken`,
//! `ConfirmDevice`, …) or changes the user is sent once: its failure goes to the caller, who
//! decides.
//!
//! It is repeated after a transient failure only: no answer at all (a network error or a timeout
//! of one attempt), an HTTP 5xx, or Cognito's throttling (`TooManyRequestsException`,
//! `ThrottlingException`, HTTP 429). Each retry waits a "full jitter" backoff: a uniformly random
//! time between 0 and `min(MAX_BACKOFF_MS, BASE_BACKOFF_MS · 2^retry)`, so clients that failed
//! together do not retry together.

use crate::protocol::{decode_service_error, Operation, WireBody};

/// The backoff before the first retry is at most this long; each further retry doubles it.
pub const BASE_BACKOFF_MS: u32 = 100;

/// No backoff is longer than this.
pub const MAX_BACKOFF_MS: u32 = 5_000;

/// Throttling exceptions: Cognito refused the request for its rate, not for what it says.
const THROTTLING: &[&str] = &["TooManyRequestsException", "ThrottlingException"];

/// Whether `operation` may be sent again after a transient failure. The account operations never
/// are: `SignUp` creates a user, the confirmations spend a code, and `ResendConfirmationCode` /
/// `ForgotPassword` replace the live code and count against the pool's sending limit.
#[must_use]
pub fn is_repeatable(operation: Operation) -> bool {
    matches!(
        operation,
        Operation::InitiateAuth
            | Operation::ListDevices
            | Operation::GetUser
            | Operation::GetTokensFromRefreshToken
    )
}

/// Whether Cognito's answer (HTTP `status`, `body`) is a transient failure: a 5xx, a 429 or a
/// throttling exception. A 2xx and every other error are final.
pub fn is_transient<B: WireBody + ?Sized>(status: u16, body: &B) -> bool {
    match status {
        429 | 500..=599 => true,
        400..=499 => THROTTLING.contains(&decode_service_error(status, body).name()),
        _ => false,
    }
}

/// How long to wait before retry number `retry` (0 for the first), given `unit`, a uniformly
/// random number in `[0, 1)`: full jitter over `min(MAX_BACKOFF_MS, BASE_BACKOFF_MS · 2^retry)`.
#[must_use]
pub fn backoff_ms(retry: u32, unit: f64) -> u32 {
    let ceiling = BASE_BACKOFF_MS
        .checked_shl(retry.min(16))
        .map_or(MAX_BACKOFF_MS, |ms| ms.min(MAX_BACKOFF_MS));
    let unit = if (0.0..1.0).contains(&unit) {
        unit
    } else {
        0.0
    };
    // In [0, ceiling) by the line above; the fraction of a millisecond is dropped.
    (f64::from(ceiling) * unit) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::wire::JsonText;

    #[test]
    fn only_requests_that_spend_nothing_repeat() {
        assert!(is_repeatable(Operation::InitiateAuth));
        assert!(is_repeatable(Operation::ListDevices));
        for operation in [
            Operation::RespondToAuthChallenge,
            Operation::AssociateSoftwareToken,
            Operation::VerifySoftwareToken,
            Operation::ConfirmDevice,
            Operation::UpdateDeviceStatus,
            Operation::ForgetDevice,
            Operation::SignUp,
            Operation::ConfirmSignUp,
            Operation::ResendConfirmationCode,
            Operation::ForgotPassword,
            Operation::ConfirmForgotPassword,
        ] {
            assert!(!is_repeatable(operation), "{operation:?}");
        }
    }

    #[test]
    fn five_hundreds_and_throttling_are_transient() {
        let body = |name: &str| format!(r#"{{"__type":"{name}","message":"m"}}"#);
        assert!(is_transient(500, &JsonText("<html>")));
        assert!(is_transient(503, &JsonText(&body("ServiceUnavailable"))));
        assert!(is_transient(429, &JsonText("")));
        assert!(is_transient(
            400,
            &JsonText(&body("TooManyRequestsException"))
        ));
        assert!(is_transient(400, &JsonText(&body("ThrottlingException"))));
        for name in [
            "NotAuthorizedException",
            "LimitExceededException",
            "CodeMismatchException",
        ] {
            assert!(!is_transient(400, &JsonText(&body(name))), "{name}");
        }
        assert!(!is_transient(200, &JsonText("{}")));
        assert!(!is_transient(400, &JsonText("not json")));
    }

    #[test]
    fn backoff_is_full_jitter_under_a_doubling_cap() {
        assert_eq!(backoff_ms(0, 0.0), 0);
        assert_eq!(backoff_ms(0, 0.5), 50);
        assert_eq!(backoff_ms(1, 0.5), 100);
        assert_eq!(backoff_ms(2, 0.999), 399);
        assert_eq!(backoff_ms(10, 0.5), MAX_BACKOFF_MS / 2);
        assert_eq!(backoff_ms(u32::MAX, 0.5), MAX_BACKOFF_MS / 2);
        for bad in [f64::NAN, -1.0, 1.0, f64::INFINITY] {
            assert_eq!(backoff_ms(3, bad), 0);
        }
    }
}
