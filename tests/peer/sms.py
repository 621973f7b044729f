"""SMS codes the tests can read: moto accepts any SMS_MFA code; the peer makes a real one.

Every answer that asks for SMS_MFA (ours or moto's, from any flow) gets a fresh 6-digit code bound
to its Session, plus Cognito's CODE_DELIVERY_DELIVERY_MEDIUM / CODE_DELIVERY_DESTINATION.
`GET /_peer/sms/<username>` returns the last code "sent" to that (internal) username:
{"username", "code", "destination"}. RespondToAuthChallenge SMS_MFA with another code →
400 CodeMismatchException (the session stays usable, as Cognito lets the user retry).
"""
from __future__ import annotations

import hmac
import secrets
from typing import Any

from werkzeug.wrappers import Request, Response

from auth import challenge, challenge_hook
from errors import CognitoError
from front import PASS, Ctx, FrontState, json_response


def _username(ctx: Ctx, data: dict[str, Any], pool: Any) -> str | None:
    params = data.get("ChallengeParameters") or {}
    for name in (params.get("USER_ID_FOR_SRP"), params.get("USERNAME")):
        if isinstance(name, str) and pool.users.get(name) is not None:
            return name
    body = ctx.body.get("AuthParameters") or ctx.body.get("ChallengeResponses") or {}
    typed = body.get("USERNAME") if isinstance(body, dict) else None
    user = pool._get_user(typed) if isinstance(typed, str) else None
    return user.username if user is not None else None


@challenge_hook
def issue_sms_code(state: FrontState, ctx: Ctx, data: dict[str, Any]) -> None:
    if data.get("ChallengeName") != "SMS_MFA" or not data.get("Session"):
        return
    found = state.find_client(ctx.body.get("ClientId"))
    if found is None:
        return
    _backend, pool, _client = found
    username = _username(ctx, data, pool)
    if username is None:
        return
    phone = pool.users[username].attribute_lookup.get("phone_number", "")
    code = f"{secrets.randbelow(10 ** 6):06d}"
    with state.lock:
        state.sms_codes[data["Session"]] = code
        state.sms_last[username] = {"username": username, "code": code, "destination": phone}
    state.count("sms:sent")
    params = dict(data.get("ChallengeParameters") or {})
    params.setdefault("CODE_DELIVERY_DELIVERY_MEDIUM", "SMS")
    params.setdefault("CODE_DELIVERY_DESTINATION", f"+*******{phone[-4:]}" if phone else "")
    params.setdefault("USERNAME", username)
    data["ChallengeParameters"] = params


@challenge("SMS_MFA")
def sms_mfa(state: FrontState, ctx: Ctx) -> Any:
    session = ctx.body.get("Session")
    with state.lock:
        expected = state.sms_codes.get(session) if isinstance(session, str) else None
    if expected is None:
        return PASS  # not a session we issued a code for: moto answers (unknown session, ...)
    responses = ctx.body.get("ChallengeResponses") or {}
    given = responses.get("SMS_MFA_CODE") if isinstance(responses, dict) else None
    if not isinstance(given, str) or not hmac.compare_digest(given.encode(), expected.encode()):
        state.count("sms:code-mismatch")
        raise CognitoError("CodeMismatchException", "Invalid code or auth state for the user.", reason="sms-code")
    with state.lock:
        state.sms_codes.pop(session, None)
    state.count("sms:code-ok")
    return PASS


def sms_route(state: FrontState, request: Request) -> Response | None:
    prefix = "/_peer/sms/"
    if request.method != "GET" or not request.path.startswith(prefix):
        return None
    username = request.path[len(prefix):]
    with state.lock:
        last = state.sms_last.get(username)
    if last is None:
        return json_response({"message": f"no SMS sent to {username}"}, status=404)
    return json_response(last)


from front import PREFIX_ROUTES  # noqa: E402

PREFIX_ROUTES.append(sms_route)
