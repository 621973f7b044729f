"""InitiateAuth / RespondToAuthChallenge: strict SRP in front of moto.

Dispatch: InitiateAuth by AuthFlow (INITIATE_FLOWS), RespondToAuthChallenge by ChallengeName
(CHALLENGES). Anything not in these tables goes to moto unchanged (USER_PASSWORD_AUTH, refresh,
NEW_PASSWORD_REQUIRED, SMS_MFA, ...).

USER_SRP_AUTH: the front checks the request (USERNAME, SRP_A, SECRET_HASH), then forwards it to
moto (USERNAME rewritten to the internal username, SECRET_HASH recomputed) so moto runs its own
checks (unknown user, disabled, unconfirmed) and opens its sign-in session. The front then replaces
moto's fake SALT/SRP_B/SECRET_BLOCK/USER_ID_FOR_SRP by real ones and keeps moto's session id
server-side, tied to the SECRET_BLOCK.

PASSWORD_VERIFIER: the front checks SECRET_BLOCK (issued, unexpired, single use), USERNAME,
SECRET_HASH, TIMESTAMP and the signature. On success it forwards moto's own PASSWORD_VERIFIER with
moto's session, so what follows (tokens, NEW_PASSWORD_REQUIRED, SMS_MFA, SOFTWARE_TOKEN_MFA,
MFA_SETUP with a Session) is exactly moto's continuation.
"""
from __future__ import annotations

import base64
import binascii
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable

from werkzeug.wrappers import Response

import srp
from errors import CognitoError, bad_secret_hash, invalid_parameter, missing_parameter, not_authorized
from front import PASS, Ctx, FrontState, operation, require_str

INITIATE_FLOWS: dict[str, Callable[[FrontState, Ctx], Any]] = {}
CHALLENGES: dict[str, Callable[[FrontState, Ctx], Any]] = {}

SESSION_EXPIRED = "Invalid session for the user, session is expired."

# Set by devices.py: DEVICE_CHECK(state, srp_state, device_key) -> Device (or raises
# ResourceNotFoundException); DEVICE_CHALLENGE(state, ctx, srp_state, device, responses) -> the answer
# to a verified password with a confirmed device (DEVICE_SRP_AUTH now, or moto's continuation with
# the device proving itself after the user's challenges); DEVICE_GATE(state, ctx, data) -> on every
# 200 sign-in answer, after the challenge hooks and before the result hooks: None, or the answer to
# send instead of tokens (DEVICE_SRP_AUTH for a device still to prove itself).
DEVICE_CHECK: Callable[..., Any] | None = None
DEVICE_CHALLENGE: Callable[..., Any] | None = None
DEVICE_GATE: Callable[..., Any] | None = None

# Run after a verified password, before devices and moto: fn(state, ctx, srp_state, responses) ->
# an answer, or None to let the sign-in go on (custom.py: CUSTOM_AUTH with SRP -> CUSTOM_CHALLENGE).
AFTER_PASSWORD: list[Callable[..., Any]] = []


def flow(name: str):
    def deco(fn):
        INITIATE_FLOWS[name] = fn
        return fn

    return deco


def challenge(name: str):
    def deco(fn):
        CHALLENGES[name] = fn
        return fn

    return deco


# Hooks run on every successful sign-in answer (a 200 with AuthenticationResult), whoever made it
# (a handler here or moto): fn(state, ctx, data) may add to `data` (devices.py adds NewDeviceMetadata).
RESULT_HOOKS: list[Callable[[FrontState, Ctx, dict[str, Any]], None]] = []


def result_hook(fn):
    RESULT_HOOKS.append(fn)
    return fn


# Hooks on every 200 answer that is a challenge (ChallengeName), ours or moto's: fn(state, ctx, data)
# (sms.py issues readable SMS codes).
CHALLENGE_HOOKS: list[Callable[[FrontState, Ctx, dict[str, Any]], None]] = []


def challenge_hook(fn):
    CHALLENGE_HOOKS.append(fn)
    return fn


def _finish(state: FrontState, ctx: Ctx, result: Any) -> Any:
    if not RESULT_HOOKS and not CHALLENGE_HOOKS:
        return result
    if result is PASS:
        result = state.call_moto(ctx).response()
    data = result
    if isinstance(result, Response):
        if result.status_code != 200:
            return result
        try:
            data = json.loads(result.get_data() or b"null")
        except ValueError:
            return result
    if isinstance(data, dict) and data.get("ChallengeName") and CHALLENGE_HOOKS:
        for hook in CHALLENGE_HOOKS:
            hook(state, ctx, data)
        if DEVICE_GATE is not None:
            DEVICE_GATE(state, ctx, data)  # last: the Session the client will answer with
        return data
    if not (isinstance(data, dict) and isinstance(data.get("AuthenticationResult"), dict)):
        return result
    if DEVICE_GATE is not None:
        held = DEVICE_GATE(state, ctx, data)
        if held is not None:
            return held
    for hook in RESULT_HOOKS:
        hook(state, ctx, data)
    return data


@operation("InitiateAuth")
def initiate_auth(state: FrontState, ctx: Ctx) -> Any:
    handler = INITIATE_FLOWS.get(ctx.body.get("AuthFlow"))
    return _finish(state, ctx, handler(state, ctx) if handler else PASS)


@operation("RespondToAuthChallenge")
def respond_to_auth_challenge(state: FrontState, ctx: Ctx) -> Any:
    handler = CHALLENGES.get(ctx.body.get("ChallengeName"))
    return _finish(state, ctx, handler(state, ctx) if handler else PASS)


# ---------------------------------------------------------------- helpers
@dataclass
class SrpState:
    created: float
    flow: str
    backend: Any
    pool_id: str
    pool_name: str
    client_id: str
    username: str  # internal username == USER_ID_FOR_SRP
    typed_username: str
    A: int
    server: srp.ServerSession
    secret_block: bytes
    moto_session: str


def resolve_user(pool: Any, typed: str) -> Any:
    """Find a user as Cognito would: username, UsernameAttributes (as moto does), and
    AliasAttributes (verified email / phone_number, preferred_username) which moto ignores."""
    user = pool._get_user(typed)
    if user is not None:
        return user
    aliases = pool.extended_config.get("AliasAttributes") or []
    for u in list(pool.users.values()):
        attrs = u.attribute_lookup
        for alias in aliases:
            if attrs.get(alias) != typed:
                continue
            if alias in ("email", "phone_number") and attrs.get(f"{alias}_verified") != "true":
                continue
            return u
    return None


def check_secret_hash(client: Any, username: str, given: Any, reason: str) -> None:
    if not client.generate_secret:
        return
    expected = srp.secret_hash(client.secret, username, client.id)
    if not isinstance(given, str) or not hmac.compare_digest(given.encode(), expected.encode()):
        raise bad_secret_hash(client.id, reason=reason if given else "secret-hash-missing")


def parse_srp_a(text: str) -> int:
    try:
        A = int(text, 16)
    except ValueError:
        raise invalid_parameter("SRP_A is not a hexadecimal number", reason="srp-a-format")
    if A % srp.N == 0:
        raise invalid_parameter("SRP_A is invalid", reason="srp-a-zero")
    return A


def salt_for(state: FrontState, pool_id: str, username: str) -> int:
    with state.lock:
        key = (pool_id, username)
        if key not in state.salts:
            state.salts[key] = int.from_bytes(secrets.token_bytes(16), "big")
        return state.salts[key]


def _prune(state: FrontState, now: float) -> None:
    expired = [blk for blk, st in state.srp.items() if now - st.created > state.srp_ttl_seconds]
    for blk in expired:
        st = state.srp.pop(blk)
        st.backend.sessions.pop(st.moto_session, None)


def forget_moto_session(st: SrpState) -> None:
    st.backend.sessions.pop(st.moto_session, None)


# ---------------------------------------------------------------- USER_SRP_AUTH
def start_srp(state: FrontState, ctx: Ctx, flow_name: str) -> Any:
    body = ctx.body
    found = state.find_client(body.get("ClientId"))
    if found is None:
        return PASS  # moto answers ResourceNotFoundException for an unknown client
    backend, pool, client = found
    params = body.get("AuthParameters")
    if not isinstance(params, dict):
        raise missing_parameter("AuthParameters")
    typed = require_str(params, "USERNAME")
    srp_a_hex = require_str(params, "SRP_A")
    A = parse_srp_a(srp_a_hex)
    check_secret_hash(client, typed, params.get("SECRET_HASH"), "secret-hash")

    user = resolve_user(pool, typed)
    moto_params = {"USERNAME": user.username if user is not None else typed, "SRP_A": srp_a_hex}
    if client.generate_secret:
        moto_params["SECRET_HASH"] = srp.secret_hash(client.secret, moto_params["USERNAME"], client.id)
    moto_body = {k: v for k, v in body.items() if k not in ("AuthParameters", "AuthFlow")}
    moto_body["AuthFlow"] = "USER_SRP_AUTH"
    moto_body["AuthParameters"] = moto_params
    answer = state.call_moto(ctx, moto_body)
    data = answer.json()
    if answer.status != 200 or not isinstance(data, dict) or data.get("ChallengeName") != "PASSWORD_VERIFIER":
        state.count("srp:initiate-refused-by-moto")
        return answer.response()  # moto's own refusal (UserNotFoundException, ...), unchanged

    username = data["ChallengeParameters"]["USERNAME"]  # moto's internal username
    moto_user = pool.users.get(username)
    password = getattr(moto_user, "password", None)
    salt = salt_for(state, pool.id, username)
    pool_name = srp.pool_name_of(pool.id)
    if password is None:
        # no usable password (e.g. created without one): a verifier nobody can match
        password = secrets.token_hex(32)
    v = srp.compute_verifier(salt, pool_name, username, password)
    server = srp.ServerSession(v)
    block = secrets.token_bytes(state.secret_block_bytes)
    block_b64 = base64.b64encode(block).decode("ascii")
    st = SrpState(
        created=time.time(), flow=flow_name, backend=backend, pool_id=pool.id, pool_name=pool_name,
        client_id=client.id, username=username, typed_username=typed, A=A, server=server,
        secret_block=block, moto_session=data.get("Session", ""),
    )
    with state.lock:
        _prune(state, st.created)
        state.srp[block_b64] = st
    state.count("srp:initiate")
    return {
        "ChallengeName": "PASSWORD_VERIFIER",
        "ChallengeParameters": {
            "SALT": format(salt, "x"),
            "SRP_B": format(server.B, "x"),
            "SECRET_BLOCK": block_b64,
            "USER_ID_FOR_SRP": username,
            "USERNAME": username,
        },
    }


@flow("USER_SRP_AUTH")
def user_srp_auth(state: FrontState, ctx: Ctx) -> Any:
    return start_srp(state, ctx, "USER_SRP_AUTH")


# ---------------------------------------------------------------- PASSWORD_VERIFIER
@challenge("PASSWORD_VERIFIER")
def password_verifier(state: FrontState, ctx: Ctx) -> Any:
    body = ctx.body
    found = state.find_client(body.get("ClientId"))
    if found is None:
        return PASS  # moto answers for an unknown client
    _backend, pool, client = found
    responses = body.get("ChallengeResponses")
    if not isinstance(responses, dict):
        raise missing_parameter("ChallengeResponses")
    block_b64 = require_str(responses, "PASSWORD_CLAIM_SECRET_BLOCK")
    device = None
    if DEVICE_CHECK is not None and responses.get("DEVICE_KEY"):
        # An unknown/forgotten device is refused *before* the SECRET_BLOCK is burnt: clients
        # (amazon-cognito-identity-js) retry the same PASSWORD_VERIFIER without DEVICE_KEY.
        with state.lock:
            pending = state.srp.get(block_b64)
        if pending is not None:
            device = DEVICE_CHECK(state, pending, responses.get("DEVICE_KEY"))
    with state.lock:
        st: SrpState | None = state.srp.pop(block_b64, None)  # single use, whatever happens next
    if st is None:
        state.count("srp:verify-unknown-block")
        raise not_authorized(SESSION_EXPIRED, reason="secret-block-unknown-or-used")
    try:
        result = _verify(state, ctx, st, client, responses, device)
    except CognitoError as err:
        forget_moto_session(st)
        state.count(f"srp:verify-refused:{err.reason or err.type}")
        raise
    state.count("srp:verify-ok")
    return result


def _verify(state: FrontState, ctx: Ctx, st: SrpState, client: Any, responses: dict[str, Any],
            device: Any = None) -> Any:
    now = time.time()
    if st.client_id != client.id:
        raise not_authorized(SESSION_EXPIRED, reason="secret-block-other-client")
    if now - st.created > state.srp_ttl_seconds:
        raise not_authorized(SESSION_EXPIRED, reason="secret-block-expired")
    username = require_str(responses, "USERNAME")
    if username != st.username:
        raise not_authorized(reason="username-mismatch")
    check_secret_hash(client, st.username, responses.get("SECRET_HASH"), "secret-hash")
    timestamp = require_str(responses, "TIMESTAMP")
    when, why = srp.parse_timestamp(timestamp)
    if when is None:
        raise not_authorized(reason=why)
    if abs(when.timestamp() - now) > state.clock_skew_seconds:
        raise not_authorized(reason="timestamp-skew")
    sig_b64 = require_str(responses, "PASSWORD_CLAIM_SIGNATURE")
    try:
        sig = base64.b64decode(sig_b64, validate=True)
    except (binascii.Error, ValueError):
        raise not_authorized(reason="signature-not-base64")
    key = st.server.session_key(st.A)
    if key is None:
        raise not_authorized(reason="u-zero")
    expected = srp.claim_signature(key, st.pool_name, st.username, st.secret_block, timestamp)
    if not hmac.compare_digest(sig, expected):
        raise not_authorized(reason="signature")

    for hook in AFTER_PASSWORD:
        answer = hook(state, ctx, st, responses)
        if answer is not None:
            return answer
    if device is not None and DEVICE_CHALLENGE is not None:
        # A confirmed device of this user: it has to prove itself (DEVICE_SRP_AUTH), first if it is
        # remembered, after the user's own challenges (MFA) if not.
        return DEVICE_CHALLENGE(state, ctx, st, device, responses)
    return continue_with_moto(state, ctx, st, responses)


def continue_with_moto(state: FrontState, ctx: Ctx, st: SrpState, responses: dict[str, Any]) -> Any:
    """Verified: let moto continue exactly as after its own PASSWORD_VERIFIER."""
    moto_body = {k: v for k, v in ctx.body.items() if k not in ("ChallengeResponses", "Session", "ChallengeName")}
    moto_body["ChallengeName"] = "PASSWORD_VERIFIER"
    moto_responses = {k: v for k, v in responses.items() if k != "DEVICE_KEY"}
    moto_responses["USERNAME"] = st.username
    moto_responses["PASSWORD_CLAIM_SECRET_BLOCK"] = st.moto_session
    moto_body["ChallengeResponses"] = moto_responses
    answer = state.call_moto(ctx, moto_body)
    data = answer.json()
    if answer.status == 200 and isinstance(data, dict) and data.get("ChallengeName") == "NEW_PASSWORD_REQUIRED":
        return _enrich_new_password_required(st, data)
    return answer.response()


def _enrich_new_password_required(st: SrpState, data: dict[str, Any]) -> dict[str, Any]:
    """moto's NEW_PASSWORD_REQUIRED lacks `userAttributes`/`requiredAttributes` (JSON strings) that
    Cognito sends and the official client JSON.parses. Add them; keep everything moto sent."""
    pool = next((p for p in st.backend.user_pools.values() if p.id == st.pool_id), None)
    user = pool.users.get(st.username) if pool else None
    params = dict(data.get("ChallengeParameters") or {})
    if user is not None:
        attrs = {a["Name"]: a["Value"] for a in user.attributes if a["Name"] != "sub"}
        required = [
            f"userAttributes.{name}"
            for name, att in pool.schema_attributes.items()
            if getattr(att, "required", False) and name != "sub" and name not in attrs
        ]
        params.setdefault("userAttributes", json.dumps(attrs))
        params.setdefault("requiredAttributes", json.dumps(required))
    params.setdefault("USER_ID_FOR_SRP", st.username)
    data["ChallengeParameters"] = params
    return data
