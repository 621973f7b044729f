//! The crate's one error type, shared by every layer.
//!
//! Each variant maps to the `name` of the JavaScript `Error` a promise rejects with: Cognito's own
//! exception name for [`Error::Service`], otherwise one of the client's names (`NetworkError`,
//! `InvalidParameterError`, `ProtocolError`, `InvalidStateError`, `CryptoError`). A timeout is
//! the package's JavaScript's own `TimeoutError`: the core never waits.
//!
//! Messages are built from field names, Cognito's own message and transport diagnostics only; they
//! never carry a password, a client secret, an SRP secret or a token.

use alloc::borrow::Cow;
use alloc::string::String;
use core::fmt;

use crate::srp::SrpError;

/// Cognito exception names that mean "try again later".
const RETRYABLE_SERVICE_ERRORS: &[&str] = &[
    "TooManyRequestsException",
    "LimitExceededException",
    "InternalErrorException",
    "ThrottlingException",
    "ServiceUnavailable",
];

/// An error's message: a literal where it can be (no allocation, no copy), text built from the
/// field's name or Cognito's words otherwise.
pub type Message = Cow<'static, str>;

/// What went wrong in a call, a sign-in step or the client's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// Cognito answered with an error: `name` is the exception after any `…#` prefix of `__type`.
    Service {
        name: String,
        message: String,
        http_status: u16,
    },
    /// The request did not reach Cognito, or its answer did not come back (fetch rejected).
    Network(Message),
    /// The caller passed a missing, mistyped or malformed value.
    InvalidParameter(Message),
    /// Cognito (or whatever answered at the endpoint) broke the protocol: a body that is not
    /// Cognito's JSON, a response with neither challenge nor result, unusable SRP values.
    Protocol {
        message: Message,
        /// The HTTP status, when the broken answer was an HTTP error without Cognito's error shape.
        http_status: Option<u16>,
    },
    /// The call does not fit the object's state: a challenge answered a second time.
    InvalidState(Message),
    /// The client's own cryptography failed: no randomness available, an unusable SRP secret.
    Crypto(Message),
    /// The session storage failed (a method threw or rejected), or a stored blob is unusable.
    Storage(Message),
}

impl Error {
    /// A protocol violation that is not tied to an HTTP status.
    #[must_use]
    pub fn protocol(message: impl Into<Message>) -> Self {
        Error::Protocol {
            message: message.into(),
            http_status: None,
        }
    }

    /// The JavaScript `Error.name` for this error.
    #[must_use]
    pub fn name(&self) -> &str {
        match self {
            Error::Service { name, .. } => name,
            Error::Network(_) => "NetworkError",
            Error::InvalidParameter(_) => "InvalidParameterError",
            Error::Protocol { .. } => "ProtocolError",
            Error::InvalidState(_) => "InvalidStateError",
            Error::Crypto(_) => "CryptoError",
            Error::Storage(_) => "StorageError",
        }
    }

    /// The human-readable message (without the name).
    #[must_use]
    pub fn message(&self) -> &str {
        match self {
            Error::Service { message, .. } => message,
            Error::Network(message)
            | Error::InvalidParameter(message)
            | Error::Protocol { message, .. }
            | Error::InvalidState(message)
            | Error::Crypto(message)
            | Error::Storage(message) => message,
        }
    }

    /// The HTTP status of the answer this error came from, when there was one.
    #[must_use]
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Service { http_status, .. } => Some(*http_status),
            Error::Protocol { http_status, .. } => *http_status,
            _ => None,
        }
    }

    /// Whether the same request may succeed if sent again later: throttling, service faults
    /// (5xx), network failures and timeouts.
    #[must_use]
    pub fn retryable(&self) -> bool {
        match self {
            Error::Service {
                name, http_status, ..
            } => *http_status >= 500 || RETRYABLE_SERVICE_ERRORS.contains(&name.as_str()),
            Error::Protocol { http_status, .. } => {
                matches!(http_status, Some(status) if *status >= 500 || *status == 429)
            }
            Error::Network(_) => true,
            Error::InvalidParameter(_)
            | Error::InvalidState(_)
            | Error::Crypto(_)
            | Error::Storage(_) => false,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name(), self.message())
    }
}

impl core::error::Error for Error {}

impl From<SrpError> for Error {
    /// Failures on values Cognito sent (`SRP_B`, `SALT`, `SECRET_BLOCK`, the resulting `u`) are
    /// Cognito breaking the protocol; failures of the client's own secret are [`Error::Crypto`].
    fn from(error: SrpError) -> Self {
        match error {
            SrpError::InvalidServerB
            | SrpError::InvalidU
            | SrpError::InvalidHex(_)
            | SrpError::InvalidBase64(_) => Error::protocol(
                [
                    "the PASSWORD_VERIFIER challenge cannot be answered: ",
                    &error.message(),
                ]
                .concat(),
            ),
            SrpError::InvalidClientA | SrpError::InvalidSecret | SrpError::Random => {
                Error::Crypto(error.message().into())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_error_name_is_cognitos_exception() {
        let error = Error::Service {
            name: "NotAuthorizedException".into(),
            message: "Incorrect username or password.".into(),
            http_status: 400,
        };
        assert_eq!(error.name(), "NotAuthorizedException");
        assert_eq!(error.http_status(), Some(400));
        assert!(!error.retryable());
    }

    #[test]
    fn throttling_and_service_faults_are_retryable() {
        let throttled = Error::Service {
            name: "TooManyRequestsException".into(),
            message: String::new(),
            http_status: 400,
        };
        let fault = Error::Service {
            name: "SomethingNew".into(),
            message: String::new(),
            http_status: 503,
        };
        assert!(throttled.retryable());
        assert!(fault.retryable());
    }

    #[test]
    fn client_side_errors_have_the_client_names() {
        assert_eq!(Error::Network("x".into()).name(), "NetworkError");
        assert_eq!(
            Error::InvalidParameter("x".into()).name(),
            "InvalidParameterError"
        );
        assert_eq!(Error::protocol("x").name(), "ProtocolError");
        assert!(Error::Network("x".into()).retryable());
        assert!(!Error::InvalidParameter("x".into()).retryable());
    }

    #[test]
    fn bad_server_srp_values_are_protocol_errors_and_own_failures_crypto_errors() {
        assert_eq!(
            Error::from(SrpError::InvalidServerB).name(),
            "ProtocolError"
        );
        assert_eq!(
            Error::from(SrpError::InvalidHex("SALT")).name(),
            "ProtocolError"
        );
        assert_eq!(Error::from(SrpError::Random).name(), "CryptoError");
    }
}
