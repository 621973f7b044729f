//! Cognito's error answers: HTTP 4xx/5xx with `{"__type": "…", "message": "…"}`.

use alloc::borrow::ToOwned;
use alloc::format;

use super::WireBody;
use crate::error::Error;
use crate::value::{Members, Value};

/// Decodes the body of a non-2xx answer.
///
/// `__type` may carry a prefix (`com.amazonaws.cognito…#NotAuthorizedException`): the name is the
/// part after the last `#`. The message is `message` or `Message`. A body that is not JSON, or
/// has no string `__type`, is a [`Error::Protocol`] carrying the HTTP status.
#[must_use]
pub fn decode_service_error<B: WireBody + ?Sized>(http_status: u16, body: &B) -> Error {
    let shapeless = || Error::Protocol {
        message: format!("HTTP {http_status} without a Cognito error in the body").into(),
        http_status: Some(http_status),
    };
    // Each member read whatever its type (a mistyped one reads as absent), as the same `Members`
    // the caller's inputs are read as, so no other type's reading is compiled for error bodies.
    let Ok(mut fields) = body.decode::<Members>() else {
        return shapeless();
    };
    let Value::Str(error_type) = fields.take("__type") else {
        return shapeless();
    };
    let start = error_type
        .bytes()
        .rposition(|byte| byte == b'#')
        .map_or(0, |hash| hash + 1);
    let name = error_type.get(start..).unwrap_or_default().trim_ascii();
    if name.is_empty() {
        return shapeless();
    }
    if !is_exception_name(name) {
        return Error::Protocol {
            message: format!(
                "HTTP {http_status} with an error type that is not an exception name: {}",
                excerpt(name)
            )
            .into(),
            http_status: Some(http_status),
        };
    }
    let message = [fields.take("message"), fields.take("Message")];
    let message = message
        .iter()
        .find_map(|message| match message {
            Value::Str(message) => Some(message.as_str()),
            _ => None,
        })
        .unwrap_or_default();
    Error::Service {
        name: name.to_owned(),
        message: message.to_owned(),
        http_status,
    }
}

/// The longest exception name taken from a server; Cognito's longest is about 40 characters.
const MAX_NAME_LEN: usize = 64;

/// Whether `name` looks like an exception name (`NotAuthorizedException`): ASCII letters and
/// digits, starting with a letter, at most [`MAX_NAME_LEN`] long. Only such a name becomes the
/// JavaScript error's `name`.
fn is_exception_name(name: &str) -> bool {
    name.len() <= MAX_NAME_LEN
        && name
            .bytes()
            .next()
            .is_some_and(|first| first.is_ascii_alphabetic())
        && name.bytes().all(|byte| byte.is_ascii_alphanumeric())
}

/// What came instead of an exception name, for the message: its first characters, anything but
/// ASCII letters and digits shown as `?`, and its length when cut.
fn excerpt(name: &str) -> alloc::string::String {
    const SHOWN: usize = 40;
    let shown: alloc::string::String = name
        .chars()
        .take(SHOWN)
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '?' })
        .collect();
    let count = name.chars().count();
    if count > SHOWN {
        format!("{shown}… ({count} characters)")
    } else {
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::JsonText;

    fn decode(http_status: u16, body: &str) -> Error {
        decode_service_error(http_status, &JsonText(body))
    }

    #[test]
    fn plain_type_and_lowercase_message() {
        let error = decode(
            400,
            r#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#,
        );
        assert_eq!(
            error,
            Error::Service {
                name: "NotAuthorizedException".into(),
                message: "Incorrect username or password.".into(),
                http_status: 400,
            }
        );
    }

    #[test]
    fn prefixed_type_keeps_the_part_after_the_hash_and_capital_message() {
        let error = decode(
            400,
            r#"{"__type":"com.amazonaws.cognito.identity.idp.model#UserNotFoundException",
                "Message":"User does not exist."}"#,
        );
        assert_eq!(error.name(), "UserNotFoundException");
        assert_eq!(error.message(), "User does not exist.");
        assert_eq!(error.http_status(), Some(400));
    }

    #[test]
    fn missing_or_mistyped_message_is_empty() {
        let error = decode(500, r#"{"__type":"InternalErrorException"}"#);
        assert_eq!(error.name(), "InternalErrorException");
        assert_eq!(error.message(), "");
        assert!(error.retryable());
        let error = decode(400, r#"{"__type":"X","message":{"a":1},"Message":"m"}"#);
        assert_eq!(error.message(), "m");
    }

    #[test]
    fn non_json_or_shapeless_body_is_a_protocol_error_with_the_status() {
        for body in [
            "<html>Bad gateway</html>",
            "",
            "{}",
            r#"{"__type":5}"#,
            r#"{"__type":"x#"}"#,
            "[1]",
        ] {
            let error = decode(502, body);
            assert_eq!(error.name(), "ProtocolError", "{body:?}");
            assert_eq!(
                error.message(),
                "HTTP 502 without a Cognito error in the body"
            );
            assert_eq!(error.http_status(), Some(502));
            assert!(error.retryable());
        }
    }

    #[test]
    fn an_error_type_that_is_not_an_exception_name_is_a_protocol_error() {
        let long = "A".repeat(10_000);
        for error_type in [
            long.as_str(),
            "Not Authorized",
            "<script>",
            "9Lives",
            "Ünicode",
        ] {
            let body = format!(r#"{{"__type":"{error_type}","message":"m"}}"#);
            let error = decode(400, &body);
            assert_eq!(error.name(), "ProtocolError", "{error_type}");
            assert_eq!(error.http_status(), Some(400));
            assert!(error.message().len() < 200, "{}", error.message());
        }
        let error = decode(400, &format!(r#"{{"__type":"{long}"}}"#));
        assert!(
            error.message().contains("(10000 characters)"),
            "{}",
            error.message()
        );
        assert_eq!(
            decode(
                400,
                r#"{"__type":"a.b#PasswordHistoryPolicyViolationException"}"#
            )
            .name(),
            "PasswordHistoryPolicyViolationException"
        );
    }
}
