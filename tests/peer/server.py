"""Local Amazon Cognito peer: moto's cognito-idp in process, behind a strict SRP front.

    .tools/venv/bin/python tests/peer/server.py --port 9230 --seed tests/peer/seed.json

Prints `peer listening on http://HOST:PORT` once ready. SIGINT/SIGTERM stop it cleanly.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)


def build_app(seed_path: str | None, region: str | None = None):
    """The WSGI app and its state, seeded. Importable for in-process tests."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.moto_server.werkzeug_app import create_backend_app

    import auth  # noqa: F401  (registers the InitiateAuth / RespondToAuthChallenge handlers)
    import devices  # noqa: F401  (device operations, DEVICE_SRP_AUTH, NewDeviceMetadata)
    import sms  # noqa: F401  (readable SMS_MFA codes, GET /_peer/sms/<username>)
    import custom  # noqa: F401  (CUSTOM_AUTH / CUSTOM_CHALLENGE from per-user seed config)
    import totp  # noqa: F401  (real TOTP: AssociateSoftwareToken, VerifySoftwareToken, MFA_SETUP)
    import select_mfa  # noqa: F401  (SELECT_MFA_TYPE for users with SMS and TOTP, no preference)
    import email_otp  # noqa: F401  (EMAIL_OTP, GET /_peer/email/<username>, MFA_SETUP by email)
    import faults  # noqa: F401  (POST /_peer/fault/<kind>, POST /_peer/faults/next: hostile answers)
    import session  # refresh, rotation, RevokeToken, GlobalSignOut, token lifetimes, the AccessToken check
    import account  # noqa: F401  (sign-up, passwords, attributes, DeleteUser; GET /_peer/code/...)
    from front import Front, FrontState
    from seed import apply_seed

    session.install_access_token_check()  # last: wraps every AccessToken operation registered above

    seed: dict = {}
    if seed_path:
        with open(seed_path, encoding="utf-8") as fh:
            seed = json.load(fh)
    if region:
        seed["region"] = region
    moto_app = create_backend_app("cognito-idp")
    state = FrontState(moto_app=moto_app, account_id=DEFAULT_ACCOUNT_ID, region=seed.get("region", "us-east-1"))
    state.seed_info = apply_seed(seed, DEFAULT_ACCOUNT_ID) if seed else {"region": state.region, "pools": {}}
    return Front(state), state


def request_handler():
    """werkzeug's request handler, with a way for faults.py to take the raw connection:
    environ["peer.take_connection"]() returns the socket and ends keep-alive on it; once the
    fault has raised front.ConnectionTaken, the socket is closed here without a shutdown first,
    so that a fault that set SO_LINGER to 0 resets the connection (RST) instead of ending it."""
    from werkzeug.serving import WSGIRequestHandler

    class PeerRequestHandler(WSGIRequestHandler):
        taken = False

        def make_environ(self):
            environ = super().make_environ()
            environ["peer.take_connection"] = self.take_connection
            return environ

        def take_connection(self):
            self.taken = True
            self.close_connection = True
            return self.connection

        def finish(self):
            super().finish()
            if self.taken:
                self.connection.close()

    return PeerRequestHandler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9230, help="0 picks a free port")
    parser.add_argument("--seed", default=os.path.join(HERE, "seed.json"))
    parser.add_argument("--verbose", "-v", action="store_true", help="log every request")
    args = parser.parse_args(argv)

    server = None

    def stop(signum, frame):  # noqa: ARG001
        if server is None:  # still starting up
            raise SystemExit(0)
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)

    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, format="%(message)s")
    if not args.verbose:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)

    from werkzeug.serving import make_server

    app, _state = build_app(args.seed)
    server = make_server(args.host, args.port, app, threaded=True, request_handler=request_handler())
    server.daemon_threads = True
    port = server.server_address[1]
    print(f"peer listening on http://{args.host}:{port}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
