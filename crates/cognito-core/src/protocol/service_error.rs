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
}
