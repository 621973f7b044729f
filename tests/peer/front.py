"""The strict front: a WSGI app in front of moto's in-process cognito-idp Flask app.

Every POST carries `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`. The front looks
the operation up in OPERATIONS; a handler returns
  - a dict            -> 200 JSON answer,
  - a Response        -> sent as is (e.g. moto's own answer after a rewrite),
  - PASS              -> the original request goes to moto unchanged,
or raises errors.CognitoError -> Cognito's error shape.
Operations not in the table go to moto unchanged. Every answer (ours, moto's, moto's crashes)
leaves with CORS headers, a request id, and moto's 5xx turned into InternalErrorException JSON.

Handlers register themselves with @operation("Name") (see auth.py); sub-dispatch by AuthFlow and
ChallengeName lives in auth.py's own tables.
"""
from __future__ import annotations

import io
import json
import logging
import threading
import time
import traceback
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

from werkzeug.test import run_wsgi_app
from werkzeug.wrappers import Request, Response

from errors import CognitoError, internal_error, invalid_parameter

log = logging.getLogger("peer")

JSON_TYPE = "application/x-amz-json-1.1"
TARGET_PREFIX = "AWSCognitoIdentityProviderService."
EXPOSE_HEADERS = "x-amzn-ErrorType, x-amzn-RequestId, x-peer-reason"
DEFAULT_ALLOW_HEADERS = "content-type, x-amz-target, x-amz-user-agent, cache-control, authorization"


class _Pass:
    def __repr__(self) -> str:
        return "PASS"


PASS = _Pass()

Handler = Callable[["FrontState", "Ctx"], Any]
OPERATIONS: dict[str, Handler] = {}
PREFIX_ROUTES: list[Callable[["FrontState", Request], Any]] = []
# fn(state, request) -> None, or fn(answer) -> Response that answers the request with a fault
# (faults.py), given `answer()`, the request's real answer.
FAULT_SOURCES: list[Callable[["FrontState", Request], Callable[[Callable[[], Response]], Response] | None]] = []


class FaultResponse(Response):
    """A fault's answer (faults.py): sent as it is made, with CORS headers and a request id only
    (no JSON error shape for its 5xx, no Content-Type rewrite, its body never read here)."""


class ConnectionTaken(ConnectionAbortedError):
    """Raised by a fault that wrote to the raw connection itself (faults.py): werkzeug then sends
    nothing more (a dropped connection to it), and server.py's handler closes the socket."""


def operation(name: str) -> Callable[[Handler], Handler]:
    def deco(fn: Handler) -> Handler:
        OPERATIONS[name] = fn
        return fn

    return deco


@dataclass
class Ctx:
    """One request as the front sees it."""

    request: Request
    operation: str
    body: dict[str, Any]
    raw_body: bytes
    # what a handler leaves for the hooks that see its answer (devices.py: a device still to prove itself)
    notes: dict[str, Any] = field(default_factory=dict)


@dataclass
class MotoAnswer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            return None

    def response(self) -> Response:
        return Response(self.body, status=self.status, headers=self.headers)


@dataclass
class FrontState:
    """Everything the front remembers. One instance per server."""

    moto_app: Any
    account_id: str
    region: str
    srp_ttl_seconds: int = 300  # lifetime of a SECRET_BLOCK
    clock_skew_seconds: int = 300  # accepted TIMESTAMP distance from now
    secret_block_bytes: int = 256
    session_ttl_seconds: int = 180  # lifetime of the front's own Sessions (custom auth, MFA setup)
    seed_info: dict[str, Any] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)
    salts: dict[tuple[str, str], int] = field(default_factory=dict)  # (pool id, username) -> salt
    srp: dict[str, Any] = field(default_factory=dict)  # SECRET_BLOCK (base64) -> auth.SrpState
    stats: dict[str, int] = field(default_factory=dict)
    # device tracking (devices.py): DeviceKey -> devices.Device; (pool id, username) -> DeviceGroupKey;
    # Session -> devices.DeviceAuthState for DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER
    devices: dict[str, Any] = field(default_factory=dict)
    device_groups: dict[tuple[str, str], str] = field(default_factory=dict)
    device_auth: dict[str, Any] = field(default_factory=dict)
    # Session of a challenge for the user -> devices.DeviceAuthState of a not-remembered device that
    # proves itself (DEVICE_SRP_AUTH) once the user's challenges are passed
    device_pending: dict[str, Any] = field(default_factory=dict)
    # sms.py: moto Session -> the SMS_MFA code issued for it; username -> last SMS "sent"
    sms_codes: dict[str, str] = field(default_factory=dict)
    sms_last: dict[str, dict[str, str]] = field(default_factory=dict)
    # custom.py: Session -> custom.CustomState
    custom_sessions: dict[str, Any] = field(default_factory=dict)
    # totp.py: (pool id, username) -> verified base32 secret / secret associated but not verified;
    # Session -> totp.SetupState (MFA_SETUP); moto Session of a SOFTWARE_TOKEN_MFA -> (pool id, username)
    totp_secrets: dict[tuple[str, str], str] = field(default_factory=dict)
    totp_pending: dict[tuple[str, str], str] = field(default_factory=dict)
    mfa_setup: dict[str, Any] = field(default_factory=dict)
    totp_challenges: dict[str, tuple[str, str]] = field(default_factory=dict)
    # select_mfa.py: Session -> select_mfa.SelectState
    select_mfa: dict[str, Any] = field(default_factory=dict)
    # email_otp.py: Session -> email_otp.EmailState; username -> last email "sent"
    email_sessions: dict[str, Any] = field(default_factory=dict)
    email_last: dict[str, dict[str, str]] = field(default_factory=dict)
    # faults.py: app client id -> the fault its next Cognito request gets
    faults_armed: dict[str, str] = field(default_factory=dict)

    # ------------------------------------------------------------- front Sessions

    def session_expired(self, created: float, now: float | None = None) -> bool:
        """Whether a front Session made at `created` has outlived `session_ttl_seconds`."""
        return (time.time() if now is None else now) - created > self.session_ttl_seconds

    def prune_sessions(self, table: dict[str, Any], now: float) -> None:
        """Drops the expired Sessions of one of the front's tables (call it under `lock`)."""
        for sid in [s for s, v in table.items() if self.session_expired(v.created, now)]:
            table.pop(sid, None)

    # ------------------------------------------------------------- moto state

    def backends(self):
        from moto.cognitoidp.models import cognitoidp_backends

        for account_id, per_region in list(cognitoidp_backends.items()):
            for region, backend in list(per_region.items()):
                if region != "global":
                    yield backend

    def find_client(self, client_id: Any):
        """(backend, pool, client) for a client id, or None (moto then answers for itself)."""
        if not isinstance(client_id, str):
            return None
        for backend in self.backends():
            for pool in list(backend.user_pools.values()):
                client = pool.clients.get(client_id)
                if client is not None:
                    return backend, pool, client
        return None

    def count(self, key: str) -> None:
        with self.lock:
            self.stats[key] = self.stats.get(key, 0) + 1

    # ------------------------------------------------------------- moto calls
    def call_moto(self, ctx: Ctx, body: dict[str, Any] | bytes | None = None) -> MotoAnswer:
        """Run a request through moto in process. `body` replaces the original body (a dict is
        JSON-encoded); the headers (X-Amz-Target, ...) stay those of the original request."""
        raw = ctx.raw_body if body is None else body if isinstance(body, bytes) else json.dumps(body).encode()
        environ = dict(ctx.request.environ)
        environ["wsgi.input"] = io.BytesIO(raw)
        environ["CONTENT_LENGTH"] = str(len(raw))
        with self.lock:  # moto's backend is not built for concurrent mutation
            app_iter, status, headers = run_wsgi_app(self.moto_app, environ, buffered=True)
            try:
                data = b"".join(app_iter)
            finally:
                close = getattr(app_iter, "close", None)
                if close:
                    close()
        return MotoAnswer(int(status.split(" ", 1)[0]), list(headers.items()), data)


# ----------------------------------------------------------------- responses
def json_response(payload: Any, status: int = 200) -> Response:
    return Response(json.dumps(payload), status=status, content_type=JSON_TYPE)


def error_response(err: CognitoError) -> Response:
    resp = json_response({"__type": err.type, "message": err.message}, status=err.status)
    resp.headers["x-amzn-ErrorType"] = f"{err.type}:"
    if err.reason:
        resp.headers["x-peer-reason"] = err.reason
    return resp


def _normalize(resp: Response, request: Request) -> Response:
    """CORS, request id, JSON error shape for moto's 5xx. Applied to every answer (to a fault's
    answer, CORS and the request id only)."""
    if isinstance(resp, FaultResponse):
        pass
    elif resp.status_code >= 500:
        body = None
        try:
            body = json.loads(resp.get_data() or b"null")
        except ValueError:
            pass
        if not (isinstance(body, dict) and "__type" in body):
            text = resp.get_data(as_text=True)[:300]
            resp = error_response(internal_error(f"peer: upstream moto failed ({resp.status_code}): {text}"))
    elif resp.status_code >= 400 and "x-amzn-ErrorType" not in resp.headers:
        try:
            body = json.loads(resp.get_data() or b"null")
            if isinstance(body, dict) and "__type" in body:
                resp.headers["x-amzn-ErrorType"] = f"{str(body['__type']).split('#')[-1]}:"
        except ValueError:
            pass
    if resp.headers.get("Content-Type", "").startswith("application/json") and not isinstance(resp, FaultResponse):
        resp.headers["Content-Type"] = JSON_TYPE  # moto's errors say application/json
    for name in list(resp.headers.keys()):
        if name.lower().startswith("access-control-"):
            del resp.headers[name]
    resp.headers["Access-Control-Allow-Origin"] = "*"
    resp.headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
    if request.method == "OPTIONS":
        resp.headers["Access-Control-Allow-Methods"] = "POST, GET, OPTIONS"
        resp.headers["Access-Control-Allow-Headers"] = (
            request.headers.get("Access-Control-Request-Headers") or DEFAULT_ALLOW_HEADERS
        )
        resp.headers["Access-Control-Max-Age"] = "86400"
        if request.headers.get("Access-Control-Request-Private-Network"):
            resp.headers["Access-Control-Allow-Private-Network"] = "true"
    if not any(k.lower() == "x-amzn-requestid" for k in resp.headers.keys()):
        resp.headers["x-amzn-RequestId"] = str(uuid.uuid4())
    return resp


# ----------------------------------------------------------------- the WSGI app
class Front:
    def __init__(self, state: FrontState):
        self.state = state
        self.routes: dict[tuple[str, str], Callable[[Request], Response]] = {
            ("GET", "/_peer/health"): lambda req: json_response({"ok": True}),
            ("GET", "/_peer/seed"): self._seed,
            ("GET", "/_peer/stats"): lambda req: json_response(dict(self.state.stats)),
            # An endpoint that redirects, as a hostile network or a misconfigured proxy might:
            # Cognito never redirects its API, so a client must not follow it (issue 10).
            ("POST", "/_peer/redirect"): lambda req: Response(
                b"", status=307, headers={"Location": f"{req.scheme}://{req.host}/"}
            ),
        }
        # fn(state, request) -> Response or None, for routes with a parameter (GET /_peer/sms/<user>)
        self.prefix_routes: list[Callable[[FrontState, Request], Response | None]] = list(PREFIX_ROUTES)

    def _seed(self, request: Request) -> Response:
        info = {"endpoint": f"{request.scheme}://{request.host}", **self.state.seed_info}
        return json_response(info)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        t0 = time.perf_counter()
        try:
            resp = self._handle(request)
        except CognitoError as err:
            resp = error_response(err)
        except ConnectionTaken:
            raise
        except NotImplementedError as err:  # moto: "The delete_user action has not been implemented"
            log.warning("peer: moto: %s", err)
            resp = error_response(internal_error(f"peer: moto: {err}", reason="moto-not-implemented"))
        except Exception:  # noqa: BLE001 - the peer must answer, never hang up
            log.error("peer: unhandled error\n%s", traceback.format_exc())
            resp = error_response(internal_error("peer: unhandled error (see server log)"))
        resp = _normalize(resp, request)
        log.debug("%s %s %s -> %s (%.1f ms)", request.method, request.path,
                  request.headers.get("X-Amz-Target", ""), resp.status_code, 1000 * (time.perf_counter() - t0))
        return resp(environ, start_response)

    def _handle(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(b"", status=200)
        route = self.routes.get((request.method, request.path))
        if route is not None:
            return route(request)
        for prefix_route in self.prefix_routes:
            resp = prefix_route(self.state, request)
            if resp is not None:
                return resp
        for source in FAULT_SOURCES:
            fault = source(self.state, request)
            if fault is not None:
                return fault(lambda: self._answer(request))
        return self._answer(request)

    def _answer(self, request: Request) -> Response:
        """The answer to a Cognito request: its operation's handler's, or moto's."""
        raw = request.get_data(cache=True)
        target = request.headers.get("X-Amz-Target", "")
        ctx = Ctx(request=request, operation="", body={}, raw_body=raw)
        if request.method == "POST" and target.startswith(TARGET_PREFIX):
            ctx.operation = target[len(TARGET_PREFIX):]
            handler = OPERATIONS.get(ctx.operation)
            if handler is not None:
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    raise CognitoError("SerializationException", "Malformed request body")
                if not isinstance(body, dict):
                    raise CognitoError("SerializationException", "Malformed request body")
                ctx.body = body
                self.state.count(f"op:{ctx.operation}")
                result = handler(self.state, ctx)
                if isinstance(result, Response):
                    return result
                if result is not PASS:
                    return json_response(result)
        return self.state.call_moto(ctx).response()


def require_str(params: dict[str, Any], name: str) -> str:
    value = params.get(name)
    if value is None or value == "":
        from errors import missing_parameter

        raise missing_parameter(name)
    if not isinstance(value, str):
        raise invalid_parameter(f"{name} must be a string", reason=f"bad-{name}")
    return value
