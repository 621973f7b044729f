"""Custom auth (CUSTOM_AUTH / CUSTOM_CHALLENGE) without Lambda triggers: challenges configured per
user in the seed. moto answers CUSTOM_AUTH with an empty body, so the front implements it.

Seed, per user:
  "customAuth": {"challenges": [{"parameters": {"question": "2+2?"}, "answer": "4"}, ...],
                 "maxAttempts": 3}
(`/_peer/seed` repeats it, answers included: it is a test peer.)

- InitiateAuth CUSTOM_AUTH without SRP: USERNAME (+ SECRET_HASH over what was typed) → the first
  CUSTOM_CHALLENGE: ChallengeParameters = {"USERNAME": internal username, **parameters}, a Session.
- InitiateAuth CUSTOM_AUTH with CHALLENGE_NAME=SRP_A: auth.py's strict SRP; after a correct
  PASSWORD_VERIFIER (auth.AFTER_PASSWORD) → the first CUSTOM_CHALLENGE instead of tokens.
- RespondToAuthChallenge CUSTOM_CHALLENGE (Session, USERNAME, ANSWER, SECRET_HASH over the internal
  username): the Session is single use (burnt on any attempt) and lives `session_ttl_seconds`
  (unknown/used/expired → NotAuthorizedException "Invalid session for the user, session is
  expired."). Right → the next challenge (new Session) or tokens (moto's `_log_user_in`; result
  hooks such as NewDeviceMetadata apply). Wrong → the same challenge with a new Session, until
  `maxAttempts` wrong answers in this sign-in → NotAuthorizedException "Incorrect username or
  password.".
- A user without `customAuth`: without SRP → InvalidParameterException (what Cognito says with no
  Lambda trigger); with SRP the sign-in continues like USER_SRP_AUTH (as if DefineAuthChallenge
  issued tokens after the password).
Stats: `custom:*`; reasons in x-peer-reason (`custom-session-unknown-or-used`, `custom-answer`, ...).
"""
from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Any

import auth
from auth import SESSION_EXPIRED, check_secret_hash, challenge, flow, resolve_user
from errors import CognitoError, invalid_parameter, missing_parameter, not_authorized
from front import PASS, PREFIX_ROUTES, Ctx, FrontState, json_response, require_str

NO_TRIGGER = "Custom auth lambda trigger is not configured for the user pool."


@dataclass
class CustomState:
    created: float
    backend: Any
    pool_id: str
    client_id: str
    username: str  # internal username
    config: dict[str, Any]
    index: int = 0  # which challenge is asked
    wrong: int = 0  # wrong answers so far in this sign-in


def new_session_id() -> str:
    return secrets.token_urlsafe(96)


def config_for(state: FrontState, pool_id: str, username: str) -> dict[str, Any] | None:
    """The user's `customAuth` from the seed (None if not configured)."""
    for pool in (state.seed_info.get("pools") or {}).values():
        if pool.get("userPoolId") != pool_id:
            continue
        for user in (pool.get("users") or {}).values():
            if user.get("username") == username:
                cfg = user.get("customAuth")
                if isinstance(cfg, dict) and cfg.get("challenges"):
                    return cfg
    return None


def _prune(state: FrontState, now: float) -> None:
    state.prune_sessions(state.custom_sessions, now)


def ask(state: FrontState, cs: CustomState) -> dict[str, Any]:
    """Store `cs` under a fresh Session and answer its current CUSTOM_CHALLENGE."""
    cs.created = time.time()
    sid = new_session_id()
    with state.lock:
        _prune(state, cs.created)
        state.custom_sessions[sid] = cs
    params = {"USERNAME": cs.username}
    for k, v in (cs.config["challenges"][cs.index].get("parameters") or {}).items():
        params[str(k)] = v if isinstance(v, str) else str(v)
    state.count("custom:challenge")
    return {"ChallengeName": "CUSTOM_CHALLENGE", "ChallengeParameters": params, "Session": sid}


@flow("CUSTOM_AUTH")
def custom_auth(state: FrontState, ctx: Ctx) -> Any:
    params = ctx.body.get("AuthParameters") or {}
    if isinstance(params, dict) and params.get("CHALLENGE_NAME") == "SRP_A":
        return auth.start_srp(state, ctx, "CUSTOM_AUTH")
    found = state.find_client(ctx.body.get("ClientId"))
    if found is None:
        return PASS  # moto answers ResourceNotFoundException for an unknown client
    backend, pool, client = found
    if not isinstance(params, dict):
        raise missing_parameter("AuthParameters")
    typed = require_str(params, "USERNAME")
    check_secret_hash(client, typed, params.get("SECRET_HASH"), "secret-hash")
    user = resolve_user(pool, typed)
    if user is None:
        raise CognitoError("UserNotFoundException", "User does not exist.", reason="user-unknown")
    cfg = config_for(state, pool.id, user.username)
    if cfg is None:
        raise invalid_parameter(NO_TRIGGER, reason="custom-auth-no-trigger")
    if not user.enabled:
        raise not_authorized("User is disabled.", reason="user-disabled")
    if str(getattr(user.status, "value", user.status)) == "UNCONFIRMED":
        raise CognitoError("UserNotConfirmedException", "User is not confirmed.", reason="user-unconfirmed")
    state.count("custom:initiate")
    return ask(state, CustomState(time.time(), backend, pool.id, client.id, user.username, cfg))


def after_password(state: FrontState, ctx: Ctx, st: Any, responses: dict[str, Any]) -> Any:
    """CUSTOM_AUTH with SRP: a verified password leads to the user's custom challenges."""
    if st.flow != "CUSTOM_AUTH":
        return None
    cfg = config_for(state, st.pool_id, st.username)
    if cfg is None:
        return None  # no challenges configured: continue like USER_SRP_AUTH
    auth.forget_moto_session(st)
    state.count("custom:after-srp")
    return ask(state, CustomState(time.time(), st.backend, st.pool_id, st.client_id, st.username, cfg))


auth.AFTER_PASSWORD.append(after_password)


@challenge("CUSTOM_CHALLENGE")
def custom_challenge(state: FrontState, ctx: Ctx) -> Any:
    body = ctx.body
    found = state.find_client(body.get("ClientId"))
    if found is None:
        return PASS
    _backend, pool, client = found
    responses = body.get("ChallengeResponses")
    if not isinstance(responses, dict):
        raise missing_parameter("ChallengeResponses")
    session = body.get("Session")
    if not isinstance(session, str) or not session:
        raise missing_parameter("Session")
    with state.lock:
        cs: CustomState | None = state.custom_sessions.pop(session, None)  # single use
    if cs is None:
        state.count("custom:refused:session")
        raise not_authorized(SESSION_EXPIRED, reason="custom-session-unknown-or-used")
    if cs.client_id != client.id:
        raise not_authorized(SESSION_EXPIRED, reason="custom-session-other-client")
    if state.session_expired(cs.created):
        state.count("custom:refused:expired")
        raise not_authorized(SESSION_EXPIRED, reason="custom-session-expired")
    typed = require_str(responses, "USERNAME")
    user = resolve_user(pool, typed)
    if user is None or user.username != cs.username:
        raise not_authorized(reason="username-mismatch")
    check_secret_hash(client, cs.username, responses.get("SECRET_HASH"), "secret-hash")
    answer = responses.get("ANSWER")
    if not isinstance(answer, str):
        raise missing_parameter("ANSWER")
    expected = str(cs.config["challenges"][cs.index].get("answer", ""))
    if hmac.compare_digest(answer.encode(), expected.encode()):
        state.count("custom:answer-ok")
        cs.index += 1
        if cs.index < len(cs.config["challenges"]):
            return ask(state, cs)
        with state.lock:
            tokens = cs.backend._log_user_in(pool, client, cs.username)
        state.count("custom:signed-in")
        return tokens
    cs.wrong += 1
    state.count("custom:answer-wrong")
    if cs.wrong >= int(cs.config.get("maxAttempts", 3)):
        raise not_authorized(reason="custom-answer-max-attempts")
    return ask(state, cs)


def expire_route(state: FrontState, request: Any) -> Any:
    """POST /_peer/expire-session {"Session": "..."}: age one of the front's Sessions (custom auth,
    MFA setup, email OTP) past its lifetime, so tests see the expiry without waiting 3 minutes."""
    if request.method != "POST" or request.path != "/_peer/expire-session":
        return None
    try:
        session = (request.get_json(force=True, silent=True) or {}).get("Session")
    except AttributeError:
        session = None
    with state.lock:
        for table in (state.custom_sessions, state.mfa_setup, state.email_sessions):
            st = table.get(session) if isinstance(session, str) else None
            if st is not None:
                st.created -= state.session_ttl_seconds + 1
                return json_response({"expired": True})
    return json_response({"message": "no such session"}, status=404)


PREFIX_ROUTES.append(expire_route)
