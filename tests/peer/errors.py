"""Cognito's error shape: HTTP 4xx/5xx, JSON {"__type", "message"}, header x-amzn-ErrorType."""
from __future__ import annotations


class CognitoError(Exception):
    """Raise from a handler; the front turns it into Cognito's error response.

    `reason` is a peer-only diagnostic (sent as header x-peer-reason) so tests can tell *why*
    a request was refused without the message differing from Cognito's."""

    def __init__(self, type_: str, message: str, status: int = 400, reason: str = ""):
        super().__init__(f"{type_}: {message}")
        self.type = type_
        self.message = message
        self.status = status
        self.reason = reason


def not_authorized(message: str = "Incorrect username or password.", reason: str = "") -> CognitoError:
    return CognitoError("NotAuthorizedException", message, reason=reason)


def bad_secret_hash(client_id: str, reason: str = "secret-hash") -> CognitoError:
    return CognitoError(
        "NotAuthorizedException", f"Unable to verify secret hash for client {client_id}", reason=reason
    )


def invalid_parameter(message: str, reason: str = "") -> CognitoError:
    return CognitoError("InvalidParameterException", message, reason=reason)


def missing_parameter(name: str) -> CognitoError:
    return invalid_parameter(f"Missing required parameter {name}", reason=f"missing-{name}")


def internal_error(message: str = "Internal error", reason: str = "") -> CognitoError:
    return CognitoError("InternalErrorException", message, status=500, reason=reason)


def resource_not_found(message: str, reason: str = "") -> CognitoError:
    return CognitoError("ResourceNotFoundException", message, reason=reason)


DEVICE_NOT_FOUND = "Device does not exist."


def device_not_found(reason: str = "device-unknown") -> CognitoError:
    return resource_not_found(DEVICE_NOT_FOUND, reason=reason)
