"""Device tracking, which moto lacks entirely: NewDeviceMetadata, ConfirmDevice, ListDevices,
GetDevice, ForgetDevice, UpdateDeviceStatus, and strict device SRP (DEVICE_SRP_AUTH,
DEVICE_PASSWORD_VERIFIER).

A pool tracks devices when its seed config has Cognito's `DeviceConfiguration`
({"ChallengeRequiredOnNewDevice": bool, "DeviceOnlyRememberedOnUserPrompt": bool}).

- Every sign-in of such a pool that ends in tokens (not refresh, not proven by a device) gets
  `NewDeviceMetadata {DeviceKey: "<region>_<uuid>", DeviceGroupKey: "-<random>"}` (one group key
  per user). The key is pending until ConfirmDevice (AccessToken of that user) stores the device's
  verifier and salt; the answer `UserConfirmationNecessary` is the pool's
  DeviceOnlyRememberedOnUserPrompt. Without the prompt a confirmed device is remembered at once;
  with it, it stays `not_remembered` until UpdateDeviceStatus.
- PASSWORD_VERIFIER with a DEVICE_KEY: an unknown/unconfirmed/other user's key is refused with
  ResourceNotFoundException "Device does not exist." without burning the SECRET_BLOCK (clients retry
  without DEVICE_KEY). After a correct password a confirmed device of the user proves itself:
  - remembered: `DEVICE_SRP_AUTH` (with a Session) at once, instead of moto's continuation;
  - not remembered: moto continues first, so the user's own challenges (SMS_MFA,
    SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, ...) come first; each challenge's Session carries the
    device on (a wrong code keeps it), and the tokens that end them are held back and
    `DEVICE_SRP_AUTH` (a new Session) answered instead: Cognito asks the device "once the previous
    challenges are passed". Without such a challenge that is right after PASSWORD_VERIFIER.
- DEVICE_SRP_AUTH (USERNAME, DEVICE_KEY, SRP_A, Session) -> DEVICE_PASSWORD_VERIFIER with SALT,
  SRP_B = k*v + g^b from the device's stored verifier, SECRET_BLOCK, USERNAME, DEVICE_KEY, Session.
  After a challenge it also takes the Session of the challenge just answered (once: either burns
  both), as amazon-cognito-identity-js's sendMFACode sends that one (it does not keep the new one).
- DEVICE_PASSWORD_VERIFIER: Session and SECRET_BLOCK issued by us, single use, unexpired, same
  client, same USERNAME and DEVICE_KEY, SECRET_HASH, TIMESTAMP as for PASSWORD_VERIFIER, and
  signature = HMAC(key, DeviceGroupKey | DeviceKey | SECRET_BLOCK | TIMESTAMP) with
  x = H(salt | H(DeviceGroupKey | DeviceKey | ":" | devicePassword)). Then the held tokens, or moto
  continues the sign-in; if moto asks for SMS_MFA / SOFTWARE_TOKEN_MFA and the device is remembered,
  the peer issues the tokens itself (moto's own token creation) instead: a remembered device skips
  MFA.
"""
from __future__ import annotations

import base64
import binascii
import hmac
import json
import secrets
import string
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import auth
import srp
from auth import SESSION_EXPIRED, SrpState, challenge, check_secret_hash, parse_srp_a, result_hook
from errors import CognitoError, device_not_found, invalid_parameter, missing_parameter, not_authorized
from front import Ctx, FrontState, operation, require_str

REMEMBERED = "remembered"
NOT_REMEMBERED = "not_remembered"


@dataclass
class Device:
    key: str
    group_key: str
    pool_id: str
    username: str
    created: float
    confirmed: bool = False
    v: int = 0
    salt: int = 0
    name: str = ""
    remembered: str = NOT_REMEMBERED
    last_modified: float = 0.0
    last_authenticated: float = 0.0
    last_ip: str = ""

    def to_json(self) -> dict[str, Any]:
        attrs = [
            {"Name": "device_status", "Value": "valid"},
            {"Name": "device_name", "Value": self.name},
            {"Name": "dev:device_remembered_status", "Value": self.remembered},
        ]
        if self.last_ip:
            attrs.append({"Name": "last_ip_used", "Value": self.last_ip})
        out: dict[str, Any] = {
            "DeviceKey": self.key,
            "DeviceAttributes": attrs,
            "DeviceCreateDate": self.created,
            "DeviceLastModifiedDate": self.last_modified or self.created,
        }
        if self.last_authenticated:
            out["DeviceLastAuthenticatedDate"] = self.last_authenticated
        return out


@dataclass
class DeviceAuthState:
    """A sign-in between a verified password and a verified device."""

    created: float
    step: str  # the challenge expected next: DEVICE_SRP_AUTH or DEVICE_PASSWORD_VERIFIER
    srp_state: SrpState  # the PASSWORD_VERIFIER exchange (moto's session, pool, client, user)
    responses: dict[str, Any]  # the PASSWORD_VERIFIER responses, replayed to moto at the end
    device_key: str
    server: srp.ServerSession | None = None
    A: int = 0
    secret_block: bytes = b""
    extra: dict[str, Any] = field(default_factory=dict)
    # the sign-in's tokens, held back until the device proves itself after the user's challenges
    tokens: dict[str, Any] | None = None
    # every Session that opens this state (DEVICE_SRP_AUTH after a challenge: ours and the answered
    # challenge's); taking one burns them all
    sessions: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- helpers
def device_config(pool: Any) -> dict[str, Any] | None:
    cfg = pool.extended_config.get("DeviceConfiguration")
    return cfg if isinstance(cfg, dict) else None


def group_key_for(state: FrontState, pool_id: str, username: str) -> str:
    with state.lock:
        key = (pool_id, username)
        if key not in state.device_groups:
            alphabet = string.ascii_letters + string.digits
            state.device_groups[key] = "-" + "".join(secrets.choice(alphabet) for _ in range(9))
        return state.device_groups[key]


def user_of_access_token(state: FrontState, token: Any) -> tuple[Any, Any, str]:
    """(backend, pool, username) for a live access token, or NotAuthorizedException."""
    if not isinstance(token, str) or not token:
        raise missing_parameter("AccessToken")
    for backend in state.backends():
        for pool in list(backend.user_pools.values()):
            entry = pool.access_tokens.get(token)
            if entry is not None:
                _client_id, username = entry
                if pool.users.get(username) is None:
                    break
                return backend, pool, username
    raise not_authorized("Invalid Access Token", reason="access-token")


def own_device(state: FrontState, pool: Any, username: str, key: Any, confirmed: bool = True) -> Device:
    if not isinstance(key, str) or not key:
        raise missing_parameter("DeviceKey")
    with state.lock:
        dev = state.devices.get(key)
    if dev is None or dev.pool_id != pool.id or dev.username != username or (confirmed and not dev.confirmed):
        raise device_not_found()
    return dev


def _b64_int(value: Any, name: str) -> int:
    if not isinstance(value, str) or not value:
        raise missing_parameter(f"DeviceSecretVerifierConfig.{name}")
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise invalid_parameter(f"DeviceSecretVerifierConfig.{name} is not base64", reason=f"device-{name.lower()}")
    return int.from_bytes(raw, "big")


def _client_ip(ctx: Ctx) -> str:
    return ctx.request.headers.get("X-Forwarded-For", "").split(",")[0].strip() or (ctx.request.remote_addr or "")


def _prune(state: FrontState, now: float) -> None:
    for sess in [s for s, da in state.device_auth.items() if now - da.created > state.srp_ttl_seconds]:
        da = state.device_auth.pop(sess)
        auth.forget_moto_session(da.srp_state)


# ---------------------------------------------------------------- NewDeviceMetadata
@result_hook
def add_new_device_metadata(state: FrontState, ctx: Ctx, data: dict[str, Any]) -> None:
    body = ctx.body
    if ctx.operation == "InitiateAuth" and body.get("AuthFlow") in ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"):
        return
    result = data["AuthenticationResult"]
    if "NewDeviceMetadata" in result or not isinstance(result.get("AccessToken"), str):
        return
    found = state.find_client(body.get("ClientId"))
    if found is None:
        return
    _backend, pool, _client = found
    if device_config(pool) is None:
        return
    entry = pool.access_tokens.get(result["AccessToken"])
    if entry is None:
        return
    username = entry[1]
    params = body.get("AuthParameters") if ctx.operation == "InitiateAuth" else body.get("ChallengeResponses")
    sent = params.get("DEVICE_KEY") if isinstance(params, dict) else None
    with state.lock:
        known = state.devices.get(sent) if isinstance(sent, str) else None
    if known is not None and known.confirmed and known.pool_id == pool.id and known.username == username:
        return  # signed in with (or through) a device this user already has
    region = pool.id.split("_", 1)[0]
    dev = Device(key=f"{region}_{uuid.uuid4()}", group_key=group_key_for(state, pool.id, username),
                 pool_id=pool.id, username=username, created=time.time())
    with state.lock:
        state.devices[dev.key] = dev
    state.count("device:new-metadata")
    result["NewDeviceMetadata"] = {"DeviceKey": dev.key, "DeviceGroupKey": dev.group_key}


# ---------------------------------------------------------------- operations
@operation("ConfirmDevice")
def confirm_device(state: FrontState, ctx: Ctx) -> Any:
    _backend, pool, username = user_of_access_token(state, ctx.body.get("AccessToken"))
    dev = own_device(state, pool, username, ctx.body.get("DeviceKey"), confirmed=False)
    if dev.confirmed:
        raise invalid_parameter("Device has already been confirmed.", reason="device-already-confirmed")
    cfg = ctx.body.get("DeviceSecretVerifierConfig")
    if not isinstance(cfg, dict):
        raise missing_parameter("DeviceSecretVerifierConfig")
    v = _b64_int(cfg.get("PasswordVerifier"), "PasswordVerifier")
    salt = _b64_int(cfg.get("Salt"), "Salt")
    if v % srp.N == 0 or v >= srp.N:
        raise invalid_parameter("DeviceSecretVerifierConfig.PasswordVerifier is invalid", reason="device-verifier")
    name = ctx.body.get("DeviceName")
    prompt = bool((device_config(pool) or {}).get("DeviceOnlyRememberedOnUserPrompt"))
    now = time.time()
    with state.lock:
        dev.v, dev.salt, dev.confirmed = v, salt, True
        dev.name = name if isinstance(name, str) else ""
        dev.remembered = NOT_REMEMBERED if prompt else REMEMBERED
        dev.last_modified = dev.last_authenticated = now
        dev.last_ip = _client_ip(ctx)
    state.count("device:confirmed")
    return {"UserConfirmationNecessary": prompt}


@operation("GetDevice")
def get_device(state: FrontState, ctx: Ctx) -> Any:
    _backend, pool, username = user_of_access_token(state, ctx.body.get("AccessToken"))
    return {"Device": own_device(state, pool, username, ctx.body.get("DeviceKey")).to_json()}


@operation("ListDevices")
def list_devices(state: FrontState, ctx: Ctx) -> Any:
    _backend, pool, username = user_of_access_token(state, ctx.body.get("AccessToken"))
    limit = ctx.body.get("Limit") or 60
    if not isinstance(limit, int) or not 0 < limit <= 60:
        raise invalid_parameter("Limit must be between 1 and 60", reason="limit")
    token = ctx.body.get("PaginationToken")
    with state.lock:
        mine = sorted((d for d in state.devices.values()
                       if d.confirmed and d.pool_id == pool.id and d.username == username),
                      key=lambda d: (d.created, d.key))
    start = 0
    if token:
        keys = [d.key for d in mine]
        if token not in keys:
            raise invalid_parameter("Invalid pagination token", reason="pagination-token")
        start = keys.index(token)
    page = mine[start:start + limit]
    out: dict[str, Any] = {"Devices": [d.to_json() for d in page]}
    if start + limit < len(mine):
        out["PaginationToken"] = mine[start + limit].key
    return out


@operation("ForgetDevice")
def forget_device(state: FrontState, ctx: Ctx) -> Any:
    _backend, pool, username = user_of_access_token(state, ctx.body.get("AccessToken"))
    dev = own_device(state, pool, username, ctx.body.get("DeviceKey"))
    with state.lock:
        state.devices.pop(dev.key, None)
    state.count("device:forgotten")
    return {}


@operation("UpdateDeviceStatus")
def update_device_status(state: FrontState, ctx: Ctx) -> Any:
    _backend, pool, username = user_of_access_token(state, ctx.body.get("AccessToken"))
    dev = own_device(state, pool, username, ctx.body.get("DeviceKey"))
    status = ctx.body.get("DeviceRememberedStatus")
    if status not in (REMEMBERED, NOT_REMEMBERED):
        raise invalid_parameter("DeviceRememberedStatus must be remembered or not_remembered",
                                reason="device-remembered-status")
    with state.lock:
        dev.remembered = status
        dev.last_modified = time.time()
    return {}


# ---------------------------------------------------------------- device SRP
def check_device(state: FrontState, st: SrpState, key: Any) -> Device:
    """PASSWORD_VERIFIER carried DEVICE_KEY: it must be a confirmed device of this user."""
    with state.lock:
        dev = state.devices.get(key) if isinstance(key, str) else None
    if dev is None or not dev.confirmed or dev.pool_id != st.pool_id or dev.username != st.username:
        state.count("device:unknown")
        raise device_not_found()
    return dev


def _new_session() -> str:
    return base64.b64encode(secrets.token_bytes(48)).decode("ascii")


def device_challenge(state: FrontState, ctx: Ctx, st: SrpState, dev: Device, responses: dict[str, Any]) -> Any:
    da = DeviceAuthState(created=time.time(), step="DEVICE_SRP_AUTH", srp_state=st,
                         responses=dict(responses), device_key=dev.key)
    if dev.remembered != REMEMBERED:
        # The user's own challenges first; device_gate asks for the device once they are passed.
        ctx.notes["device"] = da
        state.count("device:after-challenges")
        return auth.continue_with_moto(state, ctx, st, responses)
    sess = _new_session()
    da.sessions = [sess]
    with state.lock:
        _prune(state, da.created)
        state.device_auth[sess] = da
    state.count("device:challenge")
    return {"ChallengeName": "DEVICE_SRP_AUTH", "Session": sess, "ChallengeParameters": {}}


def device_gate(state: FrontState, ctx: Ctx, data: dict[str, Any]) -> Any:
    """A sign-in whose not-remembered device has still to prove itself: a challenge's Session
    carries the device on to the challenge's answer; tokens are held back and DEVICE_SRP_AUTH is
    the answer instead."""
    da = ctx.notes.pop("device", None)
    answered = ctx.body.get("Session") if ctx.operation == "RespondToAuthChallenge" else None
    if da is None and isinstance(answered, str):
        with state.lock:
            da = state.device_pending.pop(answered, None)
    if da is None:
        return None
    now = time.time()
    da.created = now
    if data.get("ChallengeName"):
        session = data.get("Session")
        if isinstance(session, str) and session:
            with state.lock:
                state.prune_sessions(state.device_pending, now)
                state.device_pending[session] = da
        return None
    da.tokens = data
    sess = _new_session()
    da.sessions = [sess] + ([answered] if isinstance(answered, str) and answered else [])
    with state.lock:
        _prune(state, now)
        for opening in da.sessions:
            state.device_auth[opening] = da
    state.count("device:challenge-after-challenges")
    return {"ChallengeName": "DEVICE_SRP_AUTH", "Session": sess, "ChallengeParameters": {}}


auth.DEVICE_CHECK = check_device
auth.DEVICE_CHALLENGE = device_challenge
auth.DEVICE_GATE = device_gate


def _take_session(state: FrontState, ctx: Ctx, step: str) -> tuple[DeviceAuthState, Any, Any, dict[str, Any]]:
    body = ctx.body
    found = state.find_client(body.get("ClientId"))
    if found is None:
        raise CognitoError("ResourceNotFoundException", "User pool client does not exist.", reason="client")
    _backend, _pool, client = found
    responses = body.get("ChallengeResponses")
    if not isinstance(responses, dict):
        raise missing_parameter("ChallengeResponses")
    session = body.get("Session")
    if not isinstance(session, str) or not session:
        raise missing_parameter("Session")
    with state.lock:
        da = state.device_auth.pop(session, None)  # single use, whatever happens next
        for opening in da.sessions if da is not None else []:
            state.device_auth.pop(opening, None)
    if da is None:
        raise not_authorized(SESSION_EXPIRED, reason="device-session-unknown-or-used")
    if da.sessions and session != da.sessions[0]:
        state.count("device:srp-auth-on-the-answered-challenge-session")
    if da.step != step:
        auth.forget_moto_session(da.srp_state)
        raise not_authorized(SESSION_EXPIRED, reason="device-session-wrong-step")
    return da, client, session, responses


def _common_checks(state: FrontState, da: DeviceAuthState, client: Any, responses: dict[str, Any]) -> Device:
    st = da.srp_state
    if time.time() - da.created > state.srp_ttl_seconds:
        raise not_authorized(SESSION_EXPIRED, reason="device-session-expired")
    if st.client_id != client.id:
        raise not_authorized(SESSION_EXPIRED, reason="device-session-other-client")
    key = require_str(responses, "DEVICE_KEY")
    with state.lock:
        dev = state.devices.get(key)
    if dev is None or not dev.confirmed or dev.pool_id != st.pool_id or dev.username != st.username:
        raise device_not_found()
    if key != da.device_key:
        raise not_authorized(reason="device-key-mismatch")
    if require_str(responses, "USERNAME") != st.username:
        raise not_authorized(reason="username-mismatch")
    check_secret_hash(client, st.username, responses.get("SECRET_HASH"), "secret-hash")
    return dev


def _guarded(state: FrontState, da: DeviceAuthState, label: str, fn) -> Any:
    try:
        return fn()
    except CognitoError as err:
        auth.forget_moto_session(da.srp_state)
        state.count(f"device:{label}-refused:{err.reason or err.type}")
        raise


@challenge("DEVICE_SRP_AUTH")
def device_srp_auth(state: FrontState, ctx: Ctx) -> Any:
    da, client, _session, responses = _take_session(state, ctx, "DEVICE_SRP_AUTH")

    def run() -> Any:
        dev = _common_checks(state, da, client, responses)
        da.A = parse_srp_a(require_str(responses, "SRP_A"))
        da.server = srp.ServerSession(dev.v)
        da.secret_block = secrets.token_bytes(state.secret_block_bytes)
        da.step = "DEVICE_PASSWORD_VERIFIER"
        da.created = time.time()
        block_b64 = base64.b64encode(da.secret_block).decode("ascii")
        new_session = _new_session()
        da.sessions = [new_session]
        with state.lock:
            state.device_auth[new_session] = da
        state.count("device:srp-auth")
        return {
            "ChallengeName": "DEVICE_PASSWORD_VERIFIER",
            "Session": new_session,
            "ChallengeParameters": {
                "SALT": format(dev.salt, "x"),
                "SRP_B": format(da.server.B, "x"),
                "SECRET_BLOCK": block_b64,
                "USERNAME": da.srp_state.username,
                "DEVICE_KEY": dev.key,
            },
        }

    return _guarded(state, da, "srp-auth", run)


@challenge("DEVICE_PASSWORD_VERIFIER")
def device_password_verifier(state: FrontState, ctx: Ctx) -> Any:
    da, client, _session, responses = _take_session(state, ctx, "DEVICE_PASSWORD_VERIFIER")

    def run() -> Device:
        dev = _common_checks(state, da, client, responses)
        block_b64 = require_str(responses, "PASSWORD_CLAIM_SECRET_BLOCK")
        try:
            block = base64.b64decode(block_b64, validate=True)
        except (binascii.Error, ValueError):
            raise not_authorized(SESSION_EXPIRED, reason="secret-block-not-base64")
        if not hmac.compare_digest(block, da.secret_block):
            raise not_authorized(SESSION_EXPIRED, reason="secret-block-mismatch")
        timestamp = require_str(responses, "TIMESTAMP")
        when, why = srp.parse_timestamp(timestamp)
        if when is None:
            raise not_authorized(reason=why)
        if abs(when.timestamp() - time.time()) > state.clock_skew_seconds:
            raise not_authorized(reason="timestamp-skew")
        try:
            sig = base64.b64decode(require_str(responses, "PASSWORD_CLAIM_SIGNATURE"), validate=True)
        except (binascii.Error, ValueError):
            raise not_authorized(reason="signature-not-base64")
        key = da.server.session_key(da.A)
        if key is None:
            raise not_authorized(reason="u-zero")
        expected = srp.claim_signature(key, dev.group_key, dev.key, da.secret_block, timestamp)
        if not hmac.compare_digest(sig, expected):
            raise not_authorized(reason="signature")
        return dev

    dev = _guarded(state, da, "verify", run)
    state.count("device:verify-ok")
    with state.lock:
        dev.last_authenticated = time.time()
        dev.last_ip = _client_ip(ctx)

    if da.tokens is not None:
        return da.tokens  # the user's challenges were passed before the device was asked
    st = da.srp_state
    result = auth.continue_with_moto(state, ctx, st, da.responses)
    data = result if isinstance(result, dict) else None
    if data is None:
        if result.status_code != 200:
            return result
        data = json.loads(result.get_data() or b"null")
    if (isinstance(data, dict) and data.get("ChallengeName") in ("SMS_MFA", "SOFTWARE_TOKEN_MFA")
            and dev.remembered == REMEMBERED):
        # A remembered device stands in for MFA: finish the sign-in as moto would after the code.
        found = state.find_client(client.id)
        _backend, pool, _client = found
        with state.lock:
            st.backend.sessions.pop(data.get("Session"), None)
            tokens = st.backend._log_user_in(pool, client, st.username)
        state.count("device:mfa-skipped")
        return tokens
    return data
