"""Real TOTP (RFC 6238) instead of moto's fixed secret `asdfasdfasdf`, and MFA_SETUP run by the front.

- AssociateSoftwareToken
  - with AccessToken: a fresh random base32 SecretCode (20 bytes), kept as the user's pending secret;
  - with Session (an MFA_SETUP Session of ours): a fresh SecretCode and a new Session (the old one
    is burnt).
- VerifySoftwareToken (UserCode: 6 digits, HMAC-SHA1, 30 s step, ±1 step)
  - with AccessToken: the pending secret becomes the user's secret → {"Status": "SUCCESS"};
    in a pool whose MFA is ON moto's `token_verified` is set at once, elsewhere when
    SetUserMFAPreference enables TOTP (account.py: moto would otherwise ask every verified user
    for a code, where Cognito asks only users with TOTP MFA enabled);
  - with Session: the secret becomes the user's, TOTP MFA enabled and preferred →
    {"Status": "SUCCESS", "Session": new}.
  A wrong code → EnableSoftwareTokenMFAException "Code mismatch and fail enable Software Token MFA"
  (what Cognito answers); the Session stays usable for a retry.
- MFA_SETUP: every MFA_SETUP answer (moto asks for it when the pool's MFA is ON and the user has no
  factor) gets a Session of ours instead of moto's and MFAS_CAN_SETUP as Cognito's JSON string
  (`["SOFTWARE_TOKEN_MFA"]`). RespondToAuthChallenge MFA_SETUP needs the Session that
  VerifySoftwareToken returned (single use, `session_ttl_seconds`) → tokens (moto's `_log_user_in`).
  Any other Session → NotAuthorizedException "Invalid session for the user, session is expired.".
- SOFTWARE_TOKEN_MFA: every such challenge (ours or moto's) is remembered by Session; the answer's
  SOFTWARE_TOKEN_MFA_CODE is checked against the user's secret → CodeMismatchException (Session
  still usable) or on to moto (which issues the tokens; its own TOTP check is switched off).
Secrets: seeded users with SOFTWARE_TOKEN_MFA get one (`totpSecret` in `/_peer/seed`); others get
theirs from AssociateSoftwareToken. Stats `totp:*`, reasons `totp-code`, `mfa-setup-*`.
"""
from __future__ import annotations

import ast
import base64
import hashlib
import hmac
import json
import os
import struct
import time
from dataclasses import dataclass
from typing import Any

from auth import SESSION_EXPIRED, challenge, challenge_hook, check_secret_hash, resolve_user
from custom import new_session_id
from devices import user_of_access_token
from errors import CognitoError, invalid_parameter, missing_parameter, not_authorized
from front import PASS, Ctx, FrontState, operation, require_str
from seed import new_totp_secret

# moto would check every code against its fixed secret when this is on; the front checks instead.
os.environ["MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP"] = "false"

STEP = 30
WINDOW = 1  # steps either side
CODE_MISMATCH = "Invalid code or auth state for the user."
VERIFY_MISMATCH = "Code mismatch and fail enable Software Token MFA"


def totp_code(secret_b32: str, at: float | None = None) -> str:
    key = base64.b32decode(secret_b32.upper() + "=" * (-len(secret_b32) % 8))
    counter = int((time.time() if at is None else at) // STEP)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10 ** 6:06d}"


def code_ok(secret_b32: str, code: Any) -> bool:
    if not isinstance(code, str) or len(code) != 6 or not code.isdigit():
        return False
    now = time.time()
    return any(hmac.compare_digest(totp_code(secret_b32, now + d * STEP), code) for d in range(-WINDOW, WINDOW + 1))


def secret_for(state: FrontState, pool_id: str, username: str) -> str | None:
    with state.lock:
        secret = state.totp_secrets.get((pool_id, username))
    if secret:
        return secret
    for pool in (state.seed_info.get("pools") or {}).values():
        if pool.get("userPoolId") == pool_id:
            for user in (pool.get("users") or {}).values():
                if user.get("username") == username and user.get("totpSecret"):
                    return user["totpSecret"]
    return None


def _moto_session_owner(state: FrontState, session: Any) -> tuple[Any, Any, str] | None:
    """(backend, pool, username) of one of moto's sign-in sessions."""
    if not isinstance(session, str):
        return None
    for backend in state.backends():
        entry = backend.sessions.get(session)
        if entry is not None:
            username, pool = entry
            user = pool._get_user(username)  # moto keeps what was typed (an email, ...)
            return backend, pool, user.username if user is not None else username
    return None


@dataclass
class SetupState:
    created: float
    backend: Any
    pool_id: str
    client_id: str
    username: str
    moto_session: str
    stage: str = "challenge"  # -> "associated" -> "verified"
    secret: str = ""


def _store_setup(state: FrontState, st: SetupState) -> str:
    st.created = time.time()
    sid = new_session_id()
    with state.lock:
        state.prune_sessions(state.mfa_setup, st.created)
        state.mfa_setup[sid] = st
    return sid


def _take_setup(state: FrontState, session: Any, burn: bool = True) -> SetupState:
    if not isinstance(session, str) or not session:
        raise missing_parameter("Session")
    with state.lock:
        st = state.mfa_setup.pop(session, None) if burn else state.mfa_setup.get(session)
    if st is None:
        state.count("totp:refused:session")
        raise not_authorized(SESSION_EXPIRED, reason="mfa-setup-session-unknown-or-used")
    if state.session_expired(st.created):
        with state.lock:
            state.mfa_setup.pop(session, None)
        raise not_authorized(SESSION_EXPIRED, reason="mfa-setup-session-expired")
    return st


# ---------------------------------------------------------------- challenges seen on the way out
@challenge_hook
def on_challenge(state: FrontState, ctx: Ctx, data: dict[str, Any]) -> None:
    name = data.get("ChallengeName")
    if name not in ("MFA_SETUP", "SOFTWARE_TOKEN_MFA"):
        return
    session = data.get("Session")
    owner = _moto_session_owner(state, session)
    found = state.find_client(ctx.body.get("ClientId"))
    if owner is None or found is None:
        return
    backend, pool, username = owner
    if name == "SOFTWARE_TOKEN_MFA":
        with state.lock:
            state.totp_challenges[session] = (pool.id, username)
        state.count("totp:challenge")
        return
    st = SetupState(time.time(), backend, pool.id, found[2].id, username, session)
    data["Session"] = _store_setup(state, st)
    params = dict(data.get("ChallengeParameters") or {})
    can = params.get("MFAS_CAN_SETUP")
    if isinstance(can, str) and can.startswith("["):  # moto sends the Python repr of its list
        try:
            can = ast.literal_eval(can)
        except (ValueError, SyntaxError):
            pass
    if isinstance(can, list):
        params["MFAS_CAN_SETUP"] = json.dumps(can)  # Cognito: a JSON string, ["SOFTWARE_TOKEN_MFA"]
    data["ChallengeParameters"] = params
    state.count("totp:mfa-setup")


# ---------------------------------------------------------------- operations
@operation("AssociateSoftwareToken")
def associate_software_token(state: FrontState, ctx: Ctx) -> Any:
    secret = new_totp_secret()
    if ctx.body.get("Session"):
        st = _take_setup(state, ctx.body["Session"])
        st.secret, st.stage = secret, "associated"
        state.count("totp:associate-session")
        return {"SecretCode": secret, "Session": _store_setup(state, st)}
    if not ctx.body.get("AccessToken"):
        raise invalid_parameter("Either AccessToken or Session must be given", reason="missing-AccessToken")
    _backend, pool, username = user_of_access_token(state, ctx.body.get("AccessToken"))
    with state.lock:
        state.totp_pending[(pool.id, username)] = secret
    state.count("totp:associate-token")
    return {"SecretCode": secret}


def _mismatch() -> CognitoError:
    return CognitoError("EnableSoftwareTokenMFAException", VERIFY_MISMATCH, reason="totp-code")


@operation("VerifySoftwareToken")
def verify_software_token(state: FrontState, ctx: Ctx) -> Any:
    code = require_str(ctx.body, "UserCode")
    if ctx.body.get("Session"):
        st = _take_setup(state, ctx.body["Session"], burn=False)
        if st.stage != "associated":
            raise invalid_parameter("No software token associated with this session", reason="mfa-setup-not-associated")
        if not code_ok(st.secret, code):
            state.count("totp:verify-mismatch")
            raise _mismatch()
        with state.lock:
            state.mfa_setup.pop(ctx.body["Session"], None)
            state.totp_secrets[(st.pool_id, st.username)] = st.secret
            pool = st.backend.user_pools.get(st.pool_id)
            user = pool.users.get(st.username) if pool else None
            if user is not None:
                user.token_verified = True
                user.software_token_mfa_enabled = True
                user.preferred_mfa_setting = "SOFTWARE_TOKEN_MFA"
        st.stage = "verified"
        state.count("totp:verify-session")
        return {"Status": "SUCCESS", "Session": _store_setup(state, st)}
    if not ctx.body.get("AccessToken"):
        raise invalid_parameter("Either AccessToken or Session must be given", reason="missing-AccessToken")
    _backend, pool, username = user_of_access_token(state, ctx.body.get("AccessToken"))
    key = (pool.id, username)
    with state.lock:
        pending = state.totp_pending.get(key)
    if pending is None:
        raise invalid_parameter("User has not associated a software token", reason="totp-not-associated")
    if not code_ok(pending, code):
        state.count("totp:verify-mismatch")
        raise _mismatch()
    with state.lock:
        state.totp_pending.pop(key, None)
        state.totp_secrets[key] = pending
        # moto asks SOFTWARE_TOKEN_MFA of any user whose token is verified; Cognito, in a pool
        # whose MFA is optional, only once SetUserMFAPreference enables TOTP (account.py).
        if pool.mfa_config == "ON":
            pool.users[username].token_verified = True
    state.count("totp:verify-token")
    return {"Status": "SUCCESS"}


# ---------------------------------------------------------------- RespondToAuthChallenge
@challenge("MFA_SETUP")
def mfa_setup(state: FrontState, ctx: Ctx) -> Any:
    found = state.find_client(ctx.body.get("ClientId"))
    if found is None:
        return PASS
    _backend, pool, client = found
    st = _take_setup(state, ctx.body.get("Session"))
    st.backend.sessions.pop(st.moto_session, None)
    if st.client_id != client.id:
        raise not_authorized(SESSION_EXPIRED, reason="mfa-setup-other-client")
    if st.stage != "verified":
        raise not_authorized(SESSION_EXPIRED, reason="mfa-setup-not-verified")
    responses = ctx.body.get("ChallengeResponses")
    if not isinstance(responses, dict):
        raise missing_parameter("ChallengeResponses")
    user = resolve_user(pool, require_str(responses, "USERNAME"))
    if user is None or user.username != st.username:
        raise not_authorized(reason="username-mismatch")
    check_secret_hash(client, st.username, responses.get("SECRET_HASH"), "secret-hash")
    with state.lock:
        tokens = st.backend._log_user_in(pool, client, st.username)
    state.count("totp:mfa-setup-done")
    return tokens


@challenge("SOFTWARE_TOKEN_MFA")
def software_token_mfa(state: FrontState, ctx: Ctx) -> Any:
    session = ctx.body.get("Session")
    with state.lock:
        owner = state.totp_challenges.get(session) if isinstance(session, str) else None
    if owner is None:
        raise not_authorized(SESSION_EXPIRED, reason="totp-session-unknown-or-used")
    responses = ctx.body.get("ChallengeResponses") or {}
    given = responses.get("SOFTWARE_TOKEN_MFA_CODE") if isinstance(responses, dict) else None
    secret = secret_for(state, *owner)
    if secret is None or not code_ok(secret, given):
        state.count("totp:code-mismatch")
        raise CognitoError("CodeMismatchException", CODE_MISMATCH, reason="totp-code")
    with state.lock:
        state.totp_challenges.pop(session, None)
    state.count("totp:code-ok")
    return PASS
