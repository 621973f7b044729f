"""Email MFA (EMAIL_OTP), which moto does not have: the front runs it, with codes the tests can read.

A pool offers email MFA when its seed `mfaConfig` has `EmailMfaConfiguration` (Cognito's
SetUserPoolMfaConfig input; moto drops it, seed.py keeps it as `pool.email_mfa_config`). A user has
email MFA when the seed says `"mfa": "EMAIL_OTP"` (`user.email_mfa_enabled`).

- After a correct password (SRP: an `auth.AFTER_PASSWORD` hook; USER_PASSWORD_AUTH: moto's tokens
  are replaced) a user with email MFA in such a pool gets `EMAIL_OTP` with
  `CODE_DELIVERY_DELIVERY_MEDIUM` = EMAIL, `CODE_DELIVERY_DESTINATION` (masked: `d***@e***`),
  `USERNAME` (internal) and a front Session (`session_ttl_seconds`). A fresh 6-digit code is
  "sent": `GET /_peer/email/<username>` → {"username", "code", "destination"} (404 if none).
- RespondToAuthChallenge EMAIL_OTP (Session, USERNAME, EMAIL_OTP_CODE, SECRET_HASH over the
  internal username): unknown/used/expired Session → NotAuthorizedException; wrong code →
  CodeMismatchException (the Session stays usable); right → tokens (moto's `_log_user_in`; result
  hooks apply) and the Session is spent.
- MFA_SETUP (pool MFA ON, email offered, user without a factor): totp.py's MFA_SETUP answer gets
  `EMAIL_OTP` added to MFAS_CAN_SETUP. RespondToAuthChallenge MFA_SETUP with ChallengeResponses
  {USERNAME, EMAIL, SECRET_HASH} and that Session (single use) → EMAIL_OTP, the code sent to EMAIL;
  the right EMAIL_OTP_CODE sets the user's `email` (verified), enables email MFA, and issues tokens.
  Without EMAIL the MFA_SETUP answer is totp.py's (TOTP setup).
Stats `email:*`, reasons `email-*`.
"""
from __future__ import annotations

import hmac
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any

import auth
import totp
from auth import CHALLENGES, SESSION_EXPIRED, challenge, challenge_hook, check_secret_hash, flow, resolve_user
from custom import new_session_id
from errors import CognitoError, invalid_parameter, missing_parameter, not_authorized
from front import PASS, PREFIX_ROUTES, Ctx, FrontState, json_response, require_str

CODE_MISMATCH = "Invalid code or auth state for the user."


@dataclass
class EmailState:
    created: float
    backend: Any
    pool_id: str
    client_id: str
    username: str
    code: str
    address: str
    setup: bool = False  # MFA_SETUP by email: a right code also enables email MFA


def offers_email(pool: Any) -> bool:
    return bool(getattr(pool, "email_mfa_config", None))


def mask_email(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain[:1]}***"


def _send(state: FrontState, backend: Any, pool: Any, client_id: str, username: str, address: str,
          setup: bool = False) -> dict[str, Any]:
    code = f"{secrets.randbelow(10 ** 6):06d}"
    st = EmailState(time.time(), backend, pool.id, client_id, username, code, address, setup)
    sid = new_session_id()
    with state.lock:
        state.prune_sessions(state.email_sessions, st.created)
        state.email_sessions[sid] = st
        state.email_last[username] = {"username": username, "code": code, "destination": address}
    state.count("email:sent")
    return {
        "ChallengeName": "EMAIL_OTP",
        "Session": sid,
        "ChallengeParameters": {
            "CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL",
            "CODE_DELIVERY_DESTINATION": mask_email(address),
            "USERNAME": username,
        },
    }


def _email_user(pool: Any, username: str) -> Any:
    user = pool.users.get(username)
    if user is None or not offers_email(pool) or not getattr(user, "email_mfa_enabled", False):
        return None
    return user


def after_password(state: FrontState, ctx: Ctx, st: Any, responses: dict[str, Any]) -> Any:
    pool = st.backend.user_pools.get(st.pool_id)
    user = _email_user(pool, st.username) if pool is not None else None
    if user is None:
        return None
    auth.forget_moto_session(st)
    return _send(state, st.backend, pool, st.client_id, st.username, user.attribute_lookup.get("email", ""))


auth.AFTER_PASSWORD.append(after_password)


@flow("USER_PASSWORD_AUTH")
def user_password_auth(state: FrontState, ctx: Ctx) -> Any:
    """moto checks the password and issues tokens (it knows no email MFA): for a user with email
    MFA those tokens are dropped and EMAIL_OTP asked instead."""
    answer = state.call_moto(ctx)
    data = answer.json()
    found = state.find_client(ctx.body.get("ClientId"))
    if answer.status != 200 or not isinstance(data, dict) or "AuthenticationResult" not in data or found is None:
        return answer.response()
    backend, pool, client = found
    typed = (ctx.body.get("AuthParameters") or {}).get("USERNAME")
    user = resolve_user(pool, typed) if isinstance(typed, str) else None
    if user is None or _email_user(pool, user.username) is None:
        return answer.response()
    return _send(state, backend, pool, client.id, user.username, user.attribute_lookup.get("email", ""))


@challenge_hook
def offer_email_setup(state: FrontState, ctx: Ctx, data: dict[str, Any]) -> None:
    """Runs after totp.py's hook: MFA_SETUP offers EMAIL_OTP where the pool does."""
    if data.get("ChallengeName") != "MFA_SETUP":
        return
    found = state.find_client(ctx.body.get("ClientId"))
    if found is None or not offers_email(found[1]):
        return
    params = dict(data.get("ChallengeParameters") or {})
    try:
        can = json.loads(params.get("MFAS_CAN_SETUP") or "[]")
    except ValueError:
        return
    if isinstance(can, list) and "EMAIL_OTP" not in can:
        can.append("EMAIL_OTP")
        params["MFAS_CAN_SETUP"] = json.dumps(can)
        data["ChallengeParameters"] = params


_totp_mfa_setup = CHALLENGES["MFA_SETUP"]


@challenge("MFA_SETUP")
def mfa_setup(state: FrontState, ctx: Ctx) -> Any:
    responses = ctx.body.get("ChallengeResponses")
    if not isinstance(responses, dict) or "EMAIL" not in responses:
        return _totp_mfa_setup(state, ctx)
    found = state.find_client(ctx.body.get("ClientId"))
    if found is None:
        return PASS
    _backend, pool, client = found
    st = totp._take_setup(state, ctx.body.get("Session"))  # single use, whatever happens next
    st.backend.sessions.pop(st.moto_session, None)
    if st.client_id != client.id:
        raise not_authorized(SESSION_EXPIRED, reason="mfa-setup-other-client")
    if not offers_email(pool):
        raise invalid_parameter("Email MFA is not enabled for this user pool", reason="email-not-offered")
    user = resolve_user(pool, require_str(responses, "USERNAME"))
    if user is None or user.username != st.username:
        raise not_authorized(reason="username-mismatch")
    check_secret_hash(client, st.username, responses.get("SECRET_HASH"), "secret-hash")
    address = require_str(responses, "EMAIL")
    local, at, domain = address.partition("@")
    if not (local and at and "." in domain):
        raise invalid_parameter("Invalid email address format.", reason="email-address")
    state.count("email:setup")
    return _send(state, st.backend, pool, client.id, st.username, address, setup=True)


@challenge("EMAIL_OTP")
def email_otp(state: FrontState, ctx: Ctx) -> Any:
    found = state.find_client(ctx.body.get("ClientId"))
    if found is None:
        return PASS
    _backend, pool, client = found
    session = ctx.body.get("Session")
    if not isinstance(session, str) or not session:
        raise missing_parameter("Session")
    with state.lock:
        st = state.email_sessions.get(session)
    if st is None or st.client_id != client.id or state.session_expired(st.created):
        with state.lock:
            state.email_sessions.pop(session, None)
        state.count("email:refused:session")
        raise not_authorized(SESSION_EXPIRED, reason="email-session-unknown-used-or-expired")
    responses = ctx.body.get("ChallengeResponses")
    if not isinstance(responses, dict):
        raise missing_parameter("ChallengeResponses")
    user = resolve_user(pool, require_str(responses, "USERNAME"))
    if user is None or user.username != st.username:
        raise not_authorized(reason="username-mismatch")
    check_secret_hash(client, st.username, responses.get("SECRET_HASH"), "secret-hash")
    given = responses.get("EMAIL_OTP_CODE")
    if not isinstance(given, str) or not hmac.compare_digest(given.encode(), st.code.encode()):
        state.count("email:code-mismatch")
        raise CognitoError("CodeMismatchException", CODE_MISMATCH, reason="email-code")
    with state.lock:
        if state.email_sessions.pop(session, None) is None:  # a concurrent right answer won
            raise not_authorized(SESSION_EXPIRED, reason="email-session-unknown-used-or-expired")
        if st.setup:
            user.update_attributes([{"Name": "email", "Value": st.address},
                                    {"Name": "email_verified", "Value": "true"}])
            user.email_mfa_enabled = True
            user.preferred_mfa_setting = user.preferred_mfa_setting or "EMAIL_OTP"
        tokens = st.backend._log_user_in(pool, client, st.username)
    state.count("email:code-ok")
    return tokens


def email_route(state: FrontState, request: Any) -> Any:
    prefix = "/_peer/email/"
    if request.method != "GET" or not request.path.startswith(prefix):
        return None
    username = request.path[len(prefix):]
    with state.lock:
        last = state.email_last.get(username)
    if last is None:
        return json_response({"message": f"no email sent to {username}"}, status=404)
    return json_response(last)


PREFIX_ROUTES.append(email_route)
