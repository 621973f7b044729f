"""Faults a broken network or a broken Cognito answers with, for tests/js/faults.test.mjs.

Two ways to meet one:
  POST /_peer/fault/<kind>   the request is answered as at the root, with <kind> applied: an
                             endpoint a client can be pointed at;
  POST /_peer/faults/next {"kind": <kind>, "clientId": <app client id>}
                             arms <kind> once: the next Cognito request (X-Amz-Target) whose
                             ClientId is clientId gets it; the requests after it are answered as
                             usual, so the same client can then sign in.
  GET /_peer/faults          {"kinds": [...], "armed": {clientId: kind}} (what is still armed).

Kinds (each served is counted in /_peer/stats as fault:<kind>):
  truncated    200 x-amz-json, the JSON of a PASSWORD_VERIFIER challenge cut in the middle
  error-200    200 with Cognito's error body {"__type": "NotAuthorizedException", "message"}
  html-500     500 text/html, as a proxy or load balancer answers
  wrong-type   the request's real answer with Content-Type: text/html
  redirect     307 to the peer's root (Cognito never redirects its API)
  hang         the headers of a 200 (Content-Length: 100), then nothing until the client leaves
  silent       nothing at all until the client leaves
  reset        headers with Content-Length: 1000, 10 bytes of body, then a TCP reset (RST)
  large-<n>m   200 x-amz-json, n MiB (2, 50, 300) of JSON with its Content-Length
  chunked-<n>m the same without a Content-Length (chunked transfer encoding)
The large bodies are generated as they are sent (64 KiB at a time), never held whole.

hang, silent and reset write to the socket themselves: they need server.py's request handler
(environ["peer.take_connection"]); served in process (werkzeug.test) they are a 500.
"""
from __future__ import annotations

import json
import select
import socket
import struct
import time
from typing import Callable, Iterator

from werkzeug.wrappers import Request, Response

from front import (
    EXPOSE_HEADERS,
    FAULT_SOURCES,
    JSON_TYPE,
    PREFIX_ROUTES,
    ConnectionTaken,
    FaultResponse,
    FrontState,
    json_response,
)

MIB = 1 << 20
LARGE_SIZES = {"2m": 2 * MIB, "50m": 50 * MIB, "300m": 300 * MIB}
RAW_KINDS = ("hang", "silent", "reset")
KINDS = (
    "truncated",
    "error-200",
    "html-500",
    "wrong-type",
    "redirect",
    *RAW_KINDS,
    *(f"large-{size}" for size in LARGE_SIZES),
    *(f"chunked-{size}" for size in LARGE_SIZES),
)
# How long a hanging fault waits for the client to leave before it gives the connection up.
HANG_LIMIT_SECONDS = 120
# How long reset waits between its 10 bytes and the RST, so that the client has the headers (a
# reset can discard what the client's kernel received and the client did not read yet).
RESET_DELAY_SECONDS = 0.2

TRUNCATED = b'{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"5a4f'
ERROR_200 = {"__type": "NotAuthorizedException", "message": "Incorrect username or password."}
HTML_500 = b"<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>"

Answer = Callable[[], Response]


def fault_response(kind: str, request: Request, answer: Answer) -> Response:
    """The answer to `request` with `kind` applied; `answer()` is its real answer."""
    if kind == "truncated":
        return FaultResponse(TRUNCATED, status=200, content_type=JSON_TYPE)
    if kind == "error-200":
        return FaultResponse(json.dumps(ERROR_200), status=200, content_type=JSON_TYPE)
    if kind == "html-500":
        return FaultResponse(HTML_500, status=500, content_type="text/html; charset=utf-8")
    if kind == "wrong-type":
        real = answer()
        return FaultResponse(real.get_data(), status=real.status_code, content_type="text/html; charset=utf-8")
    if kind == "redirect":
        return FaultResponse(b"", status=307, headers={"Location": f"{request.scheme}://{request.host}/"})
    if kind in RAW_KINDS:
        take = request.environ.get("peer.take_connection")
        if take is None:
            return FaultResponse(b"raw faults need tests/peer/server.py", status=500, content_type="text/plain")
        raw_fault(kind, take())
    for prefix, declared in (("large-", True), ("chunked-", False)):
        size = LARGE_SIZES.get(kind[len(prefix):]) if kind.startswith(prefix) else None
        if size is not None:
            headers = {"Content-Length": str(size)} if declared else {}
            return FaultResponse(large_json(size), status=200, headers=headers, content_type=JSON_TYPE,
                                 direct_passthrough=True)
    return json_response({"message": f"no such fault: {kind}", "kinds": list(KINDS)}, status=404)


def raw_fault(kind: str, sock: socket.socket) -> None:
    """Writes `kind` to the raw connection, then raises ConnectionTaken: werkzeug sends nothing
    more, and server.py's handler closes the socket (a reset when SO_LINGER is 0)."""
    head = "\r\n".join(
        [
            "HTTP/1.1 200 OK",
            f"Content-Type: {JSON_TYPE}",
            f"Content-Length: {1000 if kind == 'reset' else 100}",
            "Access-Control-Allow-Origin: *",
            f"Access-Control-Expose-Headers: {EXPOSE_HEADERS}",
            "Connection: close",
            "",
            "",
        ]
    ).encode()
    if kind == "reset":
        sock.sendall(head + TRUNCATED[:10])
        time.sleep(RESET_DELAY_SECONDS)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        raise ConnectionTaken("reset")
    if kind == "hang":
        sock.sendall(head)
    wait_for_close(sock)
    raise ConnectionTaken(kind)


def wait_for_close(sock: socket.socket) -> None:
    """Returns once the client closes or resets the connection (or after HANG_LIMIT_SECONDS)."""
    deadline = time.monotonic() + HANG_LIMIT_SECONDS
    while (left := deadline - time.monotonic()) > 0:
        readable, _, _ = select.select([sock], [], [], min(left, 1.0))
        if readable:
            try:
                if not sock.recv(65536):
                    return
            except OSError:
                return


def large_json(size: int) -> Iterator[bytes]:
    """`size` bytes of valid JSON, a challenge answer padded with a list of small objects, made
    64 KiB at a time."""
    head = b'{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{},"Padding":['
    tail = b'{}]}'
    item = b'{"a":"b"},'
    block = item * (65536 // len(item))
    left = size - len(head) - len(tail)
    yield head
    while left >= len(block):
        yield block
        left -= len(block)
    items, spaces = divmod(left, len(item))
    yield item * items + b" " * spaces + tail


# ----------------------------------------------------------------- routes


def armed_fault(state: FrontState, request: Request) -> Callable[[Answer], Response] | None:
    """The fault for a Cognito request: the one its path names (/_peer/fault/<kind>) or the one
    armed for its ClientId (taken, so that it is served once)."""
    if request.method != "POST":
        return None
    kind: str | None = None
    if request.path.startswith("/_peer/fault/"):
        kind = request.path[len("/_peer/fault/"):]
        # The real answer (wrong-type) is the root's: moto routes by path.
        request.environ["PATH_INFO"] = "/"
    elif state.faults_armed and request.headers.get("X-Amz-Target"):
        try:
            body = json.loads(request.get_data(cache=True) or b"{}")
        except ValueError:
            body = None
        client_id = body.get("ClientId") if isinstance(body, dict) else None
        if isinstance(client_id, str):
            with state.lock:
                kind = state.faults_armed.pop(client_id, None)
    if kind is None:
        return None
    if kind in KINDS:
        state.count(f"fault:{kind}")
    return lambda answer: fault_response(kind, request, answer)


def faults_route(state: FrontState, request: Request) -> Response | None:
    """GET /_peer/faults and POST /_peer/faults/next (see the module's docstring)."""
    if request.method == "GET" and request.path == "/_peer/faults":
        with state.lock:
            return json_response({"kinds": list(KINDS), "armed": dict(state.faults_armed)})
    if request.method != "POST" or request.path != "/_peer/faults/next":
        return None
    body = request.get_json(force=True, silent=True)
    kind = body.get("kind") if isinstance(body, dict) else None
    client_id = body.get("clientId") if isinstance(body, dict) else None
    if kind not in KINDS or not isinstance(client_id, str) or not client_id:
        return json_response({"message": "expected {kind, clientId}", "kinds": list(KINDS)}, status=400)
    with state.lock:
        state.faults_armed[client_id] = kind
    return json_response({"armed": {client_id: kind}})


FAULT_SOURCES.append(armed_fault)
PREFIX_ROUTES.append(faults_route)
