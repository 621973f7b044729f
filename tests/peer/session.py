"""Sessions: refresh, rotation, revocation, token lifetimes, and the access-token check that every
user operation passes. moto issues refresh tokens that never expire, are not bound to a client or a
device, cannot be revoked one by one, and has no GetTokensFromRefreshToken / RevokeToken.

- Every sign-in answer with a RefreshToken (a `result_hook`) is recorded: pool, client, internal
  username, `origin_jti` (moto's, in the access and ID tokens), the device it is bound to
  (`NewDeviceMetadata.DeviceKey`, or the confirmed DEVICE_KEY it signed in with), `auth_time`, and
  its expiry (the app client's RefreshTokenValidity / TokenValidityUnits, or `POST
  /_peer/token-lifetime`). Refresh tokens moto made elsewhere (AdminInitiateAuth) are recorded on
  first use, unbound.
- `GetTokensFromRefreshToken` {RefreshToken, ClientId, ClientSecret, DeviceKey, ClientMetadata} and
  InitiateAuth `REFRESH_TOKEN_AUTH` / `REFRESH_TOKEN` {REFRESH_TOKEN, SECRET_HASH over the token's
  internal username, DEVICE_KEY}: the token must be ours, of this client, unexpired, unrevoked, its
  user present and enabled; a device-bound token needs that DeviceKey, still confirmed. With
  `RefreshTokenRotation.Feature = ENABLED` on the app client, GetTokensFromRefreshToken also returns a
  new RefreshToken, and the old one is valid for `RetryGracePeriodSeconds` (0..60) more, then
  `RefreshTokenReuseException`; REFRESH_TOKEN_AUTH is refused for that client. Tokens keep the
  sign-in's `auth_time`.
- `RevokeToken` {Token, ClientId, ClientSecret} revokes the refresh token, the ones rotated from or
  into it, and every access/ID token issued from them (by `origin_jti`). `GlobalSignOut` /
  `AdminUserGlobalSignOut` revoke all of the user's.
- Every operation that takes an AccessToken (GetUser, ChangePassword, device operations, ...) first
  checks it: revoked -> `NotAuthorizedException` "Access Token has been revoked", past `exp` ->
  "Access Token has expired", unknown -> "Invalid Access Token", user gone -> "User does not exist.".
- `POST /_peer/token-lifetime` {clientId, seconds, refreshSeconds}: access/ID (and refresh) token
  lifetime for tokens issued from now on; `null` resets to the app client's settings.
- `POST /_peer/refresh-fault` {clientId, kind: "5xx" | "throttle" | "hang" | "unknown", seconds}:
  the next refresh request of that client (either operation) fails once: 500 InternalErrorException,
  400 TooManyRequestsException, an answer held `seconds` (default 30) and then a 500; "unknown":
  the next `GetTokensFromRefreshToken` answers 400 UnknownOperationException, as an endpoint
  without the operation does (REFRESH_TOKEN_AUTH is not affected). Nothing is refreshed or
  rotated by it.
- Stats: `refresh:<clientId>` counts every refresh request received (both operations, before any
  check or fault), `refresh-ok:<clientId>` the ones that issued tokens.
"""
from __future__ import annotations

import base64
import binascii
import contextvars
import hmac
import json
import time
from dataclasses import dataclass, field
from typing import Any

from moto.cognitoidp.models import CognitoIdpUserPool
from werkzeug.wrappers import Request, Response

from auth import check_secret_hash, flow, result_hook
from errors import CognitoError, invalid_parameter, missing_parameter, not_authorized
from front import OPERATIONS, PASS, PREFIX_ROUTES, Ctx, FrontState, json_response, operation, require_str

DEFAULT_TOKEN_SECONDS = 3600  # Cognito's default access / ID token validity: 60 minutes
DEFAULT_REFRESH_SECONDS = 30 * 86400  # Cognito's default refresh token validity: 30 days
UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
DEFAULT_UNITS = {"AccessToken": "hours", "IdToken": "hours", "RefreshToken": "days"}

INVALID_REFRESH = "Invalid Refresh Token"
REVOKED_REFRESH = "Refresh Token has been revoked"
EXPIRED_REFRESH = "Refresh Token has expired"
USER_GONE = "User does not exist."

# Operations that take an AccessToken (required, or optional beside a Session).
ACCESS_TOKEN_OPERATIONS = (
    "GetUser", "ChangePassword", "UpdateUserAttributes", "DeleteUserAttributes",
    "GetUserAttributeVerificationCode", "VerifyUserAttribute", "DeleteUser", "GlobalSignOut",
    "SetUserMFAPreference", "SetUserSettings", "AssociateSoftwareToken", "VerifySoftwareToken",
    "ConfirmDevice", "GetDevice", "ListDevices", "ForgetDevice", "UpdateDeviceStatus",
    "ListWebAuthnCredentials", "DeleteWebAuthnCredential", "StartWebAuthnRegistration",
    "CompleteWebAuthnRegistration", "GetUserAuthFactors",
)
OPTIONAL_ACCESS_TOKEN = ("AssociateSoftwareToken", "VerifySoftwareToken")


@dataclass
class RefreshRecord:
    token: str
    pool_id: str
    client_id: str
    username: str
    origin_jti: str
    sub: str  # the user's; a user made again under the same name is another user
    issued: float
    expires: float
    auth_time: int | None = None
    device_key: str | None = None
    family: str = ""  # the first token of a rotation chain
    revoked: bool = False
    rotated_at: float | None = None  # rotation on: when it was exchanged for a new one
    grace_until: float | None = None


@dataclass
class SessionState:
    refresh: dict[str, RefreshRecord] = field(default_factory=dict)
    revoked_jtis: set[str] = field(default_factory=set)
    # subs of users removed by DeleteUser: their tokens answer "User does not exist."
    deleted_subs: set[str] = field(default_factory=set)
    # client id -> {"kind", "seconds"}: the next refresh request fails once
    faults: dict[str, dict[str, Any]] = field(default_factory=dict)


def sessions(state: FrontState) -> SessionState:
    st = getattr(state, "session_state", None)
    if st is None:
        with state.lock:
            st = getattr(state, "session_state", None)
            if st is None:
                st = SessionState()
                state.session_state = st  # type: ignore[attr-defined]
    return st


# client id -> {"access": seconds, "refresh": seconds} set by POST /_peer/token-lifetime; read inside
# moto's token creation, which has no FrontState (client ids are unique across pools).
_LIFETIMES: dict[str, dict[str, int]] = {}
# auth_time of the sign-in a refresh continues (moto would stamp "now")
_AUTH_TIME: contextvars.ContextVar[int | None] = contextvars.ContextVar("peer_auth_time", default=None)


# ---------------------------------------------------------------- token lifetimes in moto
def _validity(client: Any, name: str, default_seconds: int) -> int:
    """Seconds of `<name>Validity` with the client's TokenValidityUnits (Cognito's defaults)."""
    if client is None:
        return default_seconds
    cfg = client.extended_config
    value = cfg.get(f"{name}Validity")
    if value is None:
        return default_seconds
    units = (cfg.get("TokenValidityUnits") or {}).get(name) or DEFAULT_UNITS[name]
    return int(value) * UNIT_SECONDS.get(units, 1)


def token_seconds(pool: Any, client_id: str, token_use: str) -> int:
    override = _LIFETIMES.get(client_id, {}).get("access")
    if override is not None:
        return override
    name = "AccessToken" if token_use == "access" else "IdToken"
    return _validity(pool.clients.get(client_id), name, DEFAULT_TOKEN_SECONDS)


def refresh_seconds(pool: Any, client_id: str) -> int:
    override = _LIFETIMES.get(client_id, {}).get("refresh")
    if override is not None:
        return override
    return _validity(pool.clients.get(client_id), "RefreshToken", DEFAULT_REFRESH_SECONDS)


_moto_create_jwt = CognitoIdpUserPool.create_jwt


def _create_jwt(self, client_id, username, token_use, expires_in=DEFAULT_TOKEN_SECONDS, extra_data=None):
    extra = dict(extra_data or {})
    auth_time = _AUTH_TIME.get()
    if auth_time is not None:
        extra["auth_time"] = auth_time
    return _moto_create_jwt(self, client_id, username, token_use, token_seconds(self, client_id, token_use), extra)


CognitoIdpUserPool.create_jwt = _create_jwt


# ---------------------------------------------------------------- helpers
def jwt_claims(token: Any) -> dict[str, Any] | None:
    if not isinstance(token, str) or token.count(".") != 2:
        return None
    part = token.split(".")[1]
    try:
        claims = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (binascii.Error, ValueError):
        return None
    return claims if isinstance(claims, dict) else None


def _pool_by_id(state: FrontState, pool_id: str) -> tuple[Any, Any] | None:
    for backend in state.backends():
        pool = backend.user_pools.get(pool_id)
        if pool is not None:
            return backend, pool
    return None


def rotation(client: Any) -> tuple[bool, int]:
    cfg = client.extended_config.get("RefreshTokenRotation") or {}
    on = isinstance(cfg, dict) and cfg.get("Feature") == "ENABLED"
    grace = cfg.get("RetryGracePeriodSeconds", 0) if on else 0
    return on, max(0, min(60, int(grace or 0)))


def _client_or_404(state: FrontState, client_id: Any) -> tuple[Any, Any, Any]:
    if not isinstance(client_id, str) or not client_id:
        raise missing_parameter("ClientId")
    found = state.find_client(client_id)
    if found is None:
        raise CognitoError("ResourceNotFoundException", f"User pool client {client_id} does not exist.",
                           reason="client-unknown")
    return found


def _check_client_secret(client: Any, given: Any, error_type: str = "NotAuthorizedException") -> None:
    """GetTokensFromRefreshToken / RevokeToken carry the client secret itself (not a SECRET_HASH)."""
    if not client.generate_secret:
        return
    if not isinstance(given, str) or not given:
        raise CognitoError(error_type, f"Client secret is required for client {client.id}",
                           reason="client-secret-missing")
    if not hmac.compare_digest(given.encode(), client.secret.encode()):
        raise CognitoError(error_type, f"Unable to verify client secret for client {client.id}",
                           reason="client-secret")


# ---------------------------------------------------------------- recording sign-ins
def record_refresh(state: FrontState, pool: Any, client_id: str, username: str, token: str,
                   device_key: str | None = None, auth_time: int | None = None, family: str = "") -> RefreshRecord:
    entry = pool.refresh_tokens.get(token)
    jti = entry[2] if entry else ""
    user = pool.users.get(username)
    now = time.time()
    rec = RefreshRecord(token=token, pool_id=pool.id, client_id=client_id, username=username, origin_jti=jti,
                        sub=user.id if user is not None else "", issued=now, expires=now + refresh_seconds(pool, client_id), auth_time=auth_time,
                        device_key=device_key, family=family or token)
    with state.lock:
        sessions(state).refresh[token] = rec
    return rec


@result_hook
def record_sign_in(state: FrontState, ctx: Ctx, data: dict[str, Any]) -> None:
    result = data["AuthenticationResult"]
    token = result.get("RefreshToken")
    if not isinstance(token, str) or token in sessions(state).refresh:
        return
    found = state.find_client(ctx.body.get("ClientId"))
    if found is None:
        return
    _backend, pool, client = found
    entry = pool.refresh_tokens.get(token)
    if not entry:
        return
    device_key = None
    meta = result.get("NewDeviceMetadata")
    if isinstance(meta, dict) and isinstance(meta.get("DeviceKey"), str):
        device_key = meta["DeviceKey"]
    else:
        params = ctx.body.get("AuthParameters") if ctx.operation == "InitiateAuth" else ctx.body.get("ChallengeResponses")
        sent = params.get("DEVICE_KEY") if isinstance(params, dict) else None
        with state.lock:
            dev = state.devices.get(sent) if isinstance(sent, str) else None
        if dev is not None and dev.confirmed and dev.pool_id == pool.id and dev.username == entry[1]:
            device_key = dev.key
    claims = jwt_claims(result.get("AccessToken")) or {}
    record_refresh(state, pool, client.id, entry[1], token, device_key, claims.get("auth_time"))
    state.count("session:recorded")


def lookup_refresh(state: FrontState, token: str) -> RefreshRecord | None:
    ss = sessions(state)
    with state.lock:
        rec = ss.refresh.get(token)
    if rec is not None:
        return rec
    for backend in state.backends():
        for pool in list(backend.user_pools.values()):
            if token in pool.refresh_tokens:
                entry = pool.refresh_tokens[token]
                if entry is None:  # moto's own sign-out
                    return RefreshRecord(token=token, pool_id=pool.id, client_id="", username="", origin_jti="",
                                         sub="", issued=0, expires=0, revoked=True)
                return record_refresh(state, pool, entry[0], entry[1], token)
    return None


# ---------------------------------------------------------------- revocation
def revoke_jtis(state: FrontState, pool: Any, jtis: set[str]) -> None:
    """Revoke every access/ID token carrying one of these origin_jti (call under state.lock)."""
    sessions(state).revoked_jtis.update(jtis)
    for table in (pool.access_tokens, pool.id_tokens):
        for tok in list(table.keys()):
            if (jwt_claims(tok) or {}).get("origin_jti") in jtis:
                table.pop(tok, None)


def revoke_user(state: FrontState, pool: Any, username: str) -> None:
    """Every refresh token of the user and every token issued from one (GlobalSignOut, DeleteUser)."""
    ss = sessions(state)
    with state.lock:
        jtis: set[str] = set()
        for tok, entry in list(pool.refresh_tokens.items()):
            if entry is not None and entry[1] == username:
                jtis.add(entry[2])
                pool.refresh_tokens[tok] = None
        for rec in ss.refresh.values():
            if rec.pool_id == pool.id and rec.username == username:
                rec.revoked = True
                if rec.origin_jti:
                    jtis.add(rec.origin_jti)
        # access tokens whose refresh token moto no longer knows
        for tok, (_cid, user) in list(pool.access_tokens.items()):
            if user == username:
                jti = (jwt_claims(tok) or {}).get("origin_jti")
                if jti:
                    jtis.add(jti)
        revoke_jtis(state, pool, jtis)


def revoke_family(state: FrontState, pool: Any, rec: RefreshRecord) -> None:
    ss = sessions(state)
    with state.lock:
        jtis: set[str] = set()
        for other in ss.refresh.values():
            if other.family == rec.family and other.pool_id == rec.pool_id:
                other.revoked = True
                if other.origin_jti:
                    jtis.add(other.origin_jti)
                if other.token in pool.refresh_tokens:
                    pool.refresh_tokens[other.token] = None
        revoke_jtis(state, pool, jtis)


# ---------------------------------------------------------------- the access-token check
def check_access_token(state: FrontState, token: Any) -> tuple[Any, Any, str]:
    """(backend, pool, username) for a live access token, or Cognito's NotAuthorizedException."""
    if not isinstance(token, str) or not token:
        raise missing_parameter("AccessToken")
    claims = jwt_claims(token)
    if claims is None or claims.get("token_use") != "access":
        raise not_authorized("Invalid Access Token", reason="access-token-malformed")
    ss = sessions(state)
    iss = str(claims.get("iss", ""))
    pool_id = iss.rsplit("/", 1)[-1]
    with state.lock:
        if claims.get("sub") in ss.deleted_subs:
            raise not_authorized(USER_GONE, reason="access-token-user-deleted")
        if claims.get("origin_jti") in ss.revoked_jtis:
            raise not_authorized("Access Token has been revoked", reason="access-token-revoked")
    found = _pool_by_id(state, pool_id)
    if found is None or token not in found[1].access_tokens:
        raise not_authorized("Invalid Access Token", reason="access-token-unknown")
    backend, pool = found
    if not isinstance(claims.get("exp"), (int, float)) or claims["exp"] <= time.time():
        raise not_authorized("Access Token has expired", reason="access-token-expired")
    _cid, username = pool.access_tokens[token]
    user = pool.users.get(username)
    if user is None or user.id != claims.get("sub"):
        raise not_authorized(USER_GONE, reason="access-token-user-missing")
    if not user.enabled:
        raise not_authorized("User is disabled.", reason="user-disabled")
    return backend, pool, username


def _gated(name: str, handler: Any):
    def run(state: FrontState, ctx: Ctx) -> Any:
        token = ctx.body.get("AccessToken")
        if token is not None or name not in OPTIONAL_ACCESS_TOKEN:
            check_access_token(state, token)
        return handler(state, ctx) if handler is not None else PASS

    run.__name__ = f"gated_{name}"
    return run


def install_access_token_check() -> None:
    """Wrap every AccessToken operation (ours, devices.py's, totp.py's, or moto's) with the check.
    Called once by server.build_app after every module registered its operations."""
    for name in ACCESS_TOKEN_OPERATIONS:
        handler = OPERATIONS.get(name)
        if getattr(handler, "__name__", "").startswith("gated_"):
            continue
        OPERATIONS[name] = _gated(name, handler)


# ---------------------------------------------------------------- refresh
def _take_fault(state: FrontState, client_id: str, operation: str) -> None:
    with state.lock:
        faults = sessions(state).faults
        fault = faults.get(client_id)
        if fault is None or (fault.get("kind") == "unknown" and operation != "GetTokensFromRefreshToken"):
            return
        faults.pop(client_id, None)
    state.count(f"refresh-fault:{client_id}")
    kind = fault.get("kind", "5xx")
    if kind == "hang":
        time.sleep(float(fault.get("seconds", 30)))
    if kind == "throttle":
        raise CognitoError("TooManyRequestsException", "Rate exceeded", reason="refresh-fault-throttle")
    if kind == "unknown":
        raise CognitoError("UnknownOperationException", "", reason="refresh-fault-unknown")
    raise CognitoError("InternalErrorException", "Internal error", status=500, reason=f"refresh-fault-{kind}")


def _refresh_checks(state: FrontState, client: Any, pool: Any, token: str, device_key: Any) -> RefreshRecord:
    rec = lookup_refresh(state, token)
    if rec is None:
        raise not_authorized(INVALID_REFRESH, reason="refresh-token-unknown")
    user = pool.users.get(rec.username)
    if rec.sub and (rec.sub in sessions(state).deleted_subs or user is None or user.id != rec.sub):
        raise not_authorized(USER_GONE, reason="refresh-token-user-missing")
    if rec.revoked:
        raise not_authorized(REVOKED_REFRESH, reason="refresh-token-revoked")
    if rec.client_id != client.id or rec.pool_id != pool.id:
        raise not_authorized(INVALID_REFRESH, reason="refresh-token-other-client")
    now = time.time()
    if rec.grace_until is not None and now > rec.grace_until:
        raise CognitoError("RefreshTokenReuseException", "Refresh token has been rotated and is no longer valid.",
                           reason="refresh-token-rotated")
    if now > rec.expires:
        raise not_authorized(EXPIRED_REFRESH, reason="refresh-token-expired")
    if user is None:
        raise not_authorized(USER_GONE, reason="refresh-token-user-missing")
    if not user.enabled:
        raise not_authorized("User is disabled.", reason="user-disabled")
    if rec.device_key is not None:
        if not isinstance(device_key, str) or not device_key:
            raise not_authorized(INVALID_REFRESH, reason="device-key-missing")
        if device_key != rec.device_key:
            raise not_authorized(INVALID_REFRESH, reason="device-key-mismatch")
        with state.lock:
            dev = state.devices.get(device_key)
        if dev is None or not dev.confirmed:
            raise not_authorized(INVALID_REFRESH, reason="device-unconfirmed-or-forgotten")
    return rec


def _issue(state: FrontState, pool: Any, client: Any, rec: RefreshRecord, rotate: bool, grace: int) -> dict[str, Any]:
    reset = _AUTH_TIME.set(rec.auth_time)
    try:
        with state.lock:
            result: dict[str, Any] = {}
            jti = rec.origin_jti
            if rotate:
                new_token, jti = pool.create_refresh_token(client.id, rec.username)
                now = time.time()
                new = RefreshRecord(token=new_token, pool_id=pool.id, client_id=client.id, username=rec.username,
                                    origin_jti=jti, sub=rec.sub, issued=now, expires=now + refresh_seconds(pool, client.id),
                                    auth_time=rec.auth_time, device_key=rec.device_key, family=rec.family)
                sessions(state).refresh[new_token] = new
                if rec.rotated_at is None:
                    rec.rotated_at = now
                    rec.grace_until = now + grace
                result["RefreshToken"] = new_token
            access, expires_in = pool.create_access_token(client.id, rec.username, jti)
            id_token, _ = pool.create_id_token(client.id, rec.username, jti)
    finally:
        _AUTH_TIME.reset(reset)
    state.count(f"refresh-ok:{client.id}")
    return {"AccessToken": access, "ExpiresIn": expires_in, "TokenType": "Bearer", "IdToken": id_token, **result}


@operation("GetTokensFromRefreshToken")
def get_tokens_from_refresh_token(state: FrontState, ctx: Ctx) -> Any:
    body = ctx.body
    client_id = body.get("ClientId")
    if isinstance(client_id, str):
        state.count(f"refresh:{client_id}")
    _backend, pool, client = _client_or_404(state, client_id)
    _take_fault(state, client.id, "GetTokensFromRefreshToken")
    token = require_str(body, "RefreshToken")
    _check_client_secret(client, body.get("ClientSecret"))
    rec = _refresh_checks(state, client, pool, token, body.get("DeviceKey"))
    on, grace = rotation(client)
    return {"AuthenticationResult": _issue(state, pool, client, rec, on, grace)}


def refresh_token_auth(state: FrontState, ctx: Ctx) -> Any:
    body = ctx.body
    client_id = body.get("ClientId")
    if isinstance(client_id, str):
        state.count(f"refresh:{client_id}")
    found = state.find_client(client_id)
    if found is None:
        return PASS  # moto: ResourceNotFoundException
    _backend, pool, client = found
    _take_fault(state, client.id, "InitiateAuth")
    if rotation(client)[0]:
        raise invalid_parameter("REFRESH_TOKEN_AUTH flow not enabled for this client",
                                reason="refresh-token-auth-with-rotation")
    params = body.get("AuthParameters")
    if not isinstance(params, dict):
        raise missing_parameter("AuthParameters")
    token = require_str(params, "REFRESH_TOKEN")
    rec = lookup_refresh(state, token)
    if rec is not None and not rec.revoked and rec.client_id == client.id:
        check_secret_hash(client, rec.username, params.get("SECRET_HASH"), "secret-hash")
    rec = _refresh_checks(state, client, pool, token, params.get("DEVICE_KEY"))
    return {"ChallengeParameters": {}, "AuthenticationResult": _issue(state, pool, client, rec, False, 0)}


flow("REFRESH_TOKEN_AUTH")(refresh_token_auth)
flow("REFRESH_TOKEN")(refresh_token_auth)


# ---------------------------------------------------------------- revocation operations
@operation("RevokeToken")
def revoke_token(state: FrontState, ctx: Ctx) -> Any:
    body = ctx.body
    token = require_str(body, "Token")
    client_id = require_str(body, "ClientId")
    found = state.find_client(client_id)
    if found is None:
        raise CognitoError("UnauthorizedException", f"Client {client_id} is not authorized.", reason="client-unknown")
    _backend, pool, client = found
    _check_client_secret(client, body.get("ClientSecret"), "UnauthorizedException")
    if client.extended_config.get("EnableTokenRevocation") is False:
        raise CognitoError("UnsupportedOperationException", "Token revocation is not enabled for this app client.",
                           reason="revocation-disabled")
    if jwt_claims(token) is not None:
        raise CognitoError("UnsupportedTokenTypeException", "Only refresh tokens can be revoked.",
                           reason="not-a-refresh-token")
    rec = lookup_refresh(state, token)
    if rec is None or rec.revoked:
        state.count("session:revoke-unknown-or-revoked")
        return {}  # as RFC 7009: revoking an unknown or revoked token succeeds
    if rec.client_id != client.id:
        raise CognitoError("UnauthorizedException", "The token was not issued to this client.",
                           reason="refresh-token-other-client")
    revoke_family(state, pool, rec)
    state.count("session:revoked")
    return {}


@operation("GlobalSignOut")
def global_sign_out(state: FrontState, ctx: Ctx) -> Any:
    _backend, pool, username = check_access_token(state, ctx.body.get("AccessToken"))
    revoke_user(state, pool, username)
    state.count("session:global-sign-out")
    return {}


@operation("AdminUserGlobalSignOut")
def admin_user_global_sign_out(state: FrontState, ctx: Ctx) -> Any:
    found = _pool_by_id(state, ctx.body.get("UserPoolId")) if isinstance(ctx.body.get("UserPoolId"), str) else None
    user = found[1]._get_user(ctx.body.get("Username")) if found and isinstance(ctx.body.get("Username"), str) else None
    if user is not None:
        revoke_user(state, found[1], user.username)
    return PASS  # moto checks the pool and the user, and answers


def delete_user_tokens(state: FrontState, pool: Any, username: str) -> None:
    """DeleteUser: the user's tokens are revoked and answer "User does not exist." afterwards."""
    revoke_user(state, pool, username)
    user = pool.users.get(username)
    if user is not None:
        with state.lock:
            sessions(state).deleted_subs.add(user.id)


# ---------------------------------------------------------------- control routes
def _json(request: Request) -> dict[str, Any]:
    body = request.get_json(force=True, silent=True)
    return body if isinstance(body, dict) else {}


def _seconds(value: Any, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"{name} must be a number of seconds >= 0 or null")
    return int(value)


def control_route(state: FrontState, request: Request) -> Response | None:
    if request.method != "POST" or request.path not in ("/_peer/token-lifetime", "/_peer/refresh-fault"):
        return None
    body = _json(request)
    client_id = body.get("clientId")
    if not isinstance(client_id, str) or state.find_client(client_id) is None:
        return json_response({"message": "clientId: no such app client"}, status=404)
    if request.path == "/_peer/token-lifetime":
        try:
            access = _seconds(body.get("seconds"), "seconds")
            refresh = _seconds(body.get("refreshSeconds"), "refreshSeconds")
        except ValueError as err:
            return json_response({"message": str(err)}, status=400)
        with state.lock:
            entry = _LIFETIMES.setdefault(client_id, {})
            if "seconds" in body:
                entry.pop("access", None) if access is None else entry.__setitem__("access", access)
            if "refreshSeconds" in body:
                entry.pop("refresh", None) if refresh is None else entry.__setitem__("refresh", refresh)
        return json_response({"clientId": client_id, "seconds": entry.get("access"),
                              "refreshSeconds": entry.get("refresh")})
    kind = body.get("kind", "5xx")
    if kind not in ("5xx", "throttle", "hang", "unknown"):
        return json_response({"message": "kind must be 5xx, throttle, hang or unknown"}, status=400)
    try:
        seconds = _seconds(body.get("seconds", 30), "seconds")
    except ValueError as err:
        return json_response({"message": str(err)}, status=400)
    with state.lock:
        sessions(state).faults[client_id] = {"kind": kind, "seconds": min(seconds or 0, 120)}
    return json_response({"clientId": client_id, "kind": kind, "armed": True})


PREFIX_ROUTES.append(control_route)
