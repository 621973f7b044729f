"""SELECT_MFA_TYPE: a user with both SMS and TOTP MFA enabled and no preferred factor chooses.

moto asks SOFTWARE_TOKEN_MFA in that case; a challenge hook (run before sms.py's and totp.py's)
turns any SMS_MFA / SOFTWARE_TOKEN_MFA answer for such a user into SELECT_MFA_TYPE with
MFAS_CAN_CHOOSE `["SMS_MFA","SOFTWARE_TOKEN_MFA"]` (a JSON string) and a front Session (single use,
`session_ttl_seconds`). RespondToAuthChallenge SELECT_MFA_TYPE (ANSWER = SMS_MFA |
SOFTWARE_TOKEN_MFA, USERNAME, SECRET_HASH over the internal username) → that challenge with moto's
Session, so sms.py issues a readable code / totp.py checks the TOTP code as for any other sign-in.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from auth import CHALLENGE_HOOKS, SESSION_EXPIRED, challenge, check_secret_hash, resolve_user
from custom import new_session_id
from errors import invalid_parameter, missing_parameter, not_authorized
from front import PASS, Ctx, FrontState, require_str
from totp import _moto_session_owner

FACTORS = ["SMS_MFA", "SOFTWARE_TOKEN_MFA"]


@dataclass
class SelectState:
    created: float
    pool_id: str
    client_id: str
    username: str
    moto_session: str


def select_hook(state: FrontState, ctx: Ctx, data: dict[str, Any]) -> None:
    if data.get("ChallengeName") not in FACTORS or ctx.body.get("ChallengeName") == "SELECT_MFA_TYPE":
        return
    owner = _moto_session_owner(state, data.get("Session"))
    found = state.find_client(ctx.body.get("ClientId"))
    if owner is None or found is None:
        return
    _backend, pool, username = owner
    user = pool.users.get(username)
    if user is None or not (user.sms_mfa_enabled and user.software_token_mfa_enabled) or user.preferred_mfa_setting:
        return
    st = SelectState(time.time(), pool.id, found[2].id, username, data["Session"])
    sid = new_session_id()
    with state.lock:
        state.prune_sessions(state.select_mfa, st.created)
        state.select_mfa[sid] = st
    data["ChallengeName"] = "SELECT_MFA_TYPE"
    data["Session"] = sid
    data["ChallengeParameters"] = {"MFAS_CAN_CHOOSE": json.dumps(FACTORS), "USER_ID_FOR_SRP": username}
    state.count("select-mfa:challenge")


CHALLENGE_HOOKS.insert(0, select_hook)  # before sms.py / totp.py look at the challenge


@challenge("SELECT_MFA_TYPE")
def select_mfa_type(state: FrontState, ctx: Ctx) -> Any:
    found = state.find_client(ctx.body.get("ClientId"))
    if found is None:
        return PASS
    _backend, pool, client = found
    session = ctx.body.get("Session")
    if not isinstance(session, str) or not session:
        raise missing_parameter("Session")
    with state.lock:
        st = state.select_mfa.pop(session, None)  # single use
    if st is None or st.client_id != client.id or state.session_expired(st.created):
        raise not_authorized(SESSION_EXPIRED, reason="select-mfa-session-unknown-used-or-expired")
    responses = ctx.body.get("ChallengeResponses")
    if not isinstance(responses, dict):
        raise missing_parameter("ChallengeResponses")
    user = resolve_user(pool, require_str(responses, "USERNAME"))
    if user is None or user.username != st.username:
        raise not_authorized(reason="username-mismatch")
    check_secret_hash(client, st.username, responses.get("SECRET_HASH"), "secret-hash")
    choice = require_str(responses, "ANSWER")
    if choice not in FACTORS:
        raise invalid_parameter(f"Invalid value for ANSWER: {choice}", reason="select-mfa-answer")
    state.count(f"select-mfa:{choice}")
    return {"ChallengeName": choice, "Session": st.moto_session, "ChallengeParameters": {"USER_ID_FOR_SRP": st.username}}
