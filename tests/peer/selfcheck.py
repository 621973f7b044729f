"""Protocol checks against a running peer, with a Python SRP client (srp.ClientSession).

    .tools/venv/bin/python tests/peer/selfcheck.py [--url http://127.0.0.1:9230]

Standard library only (the venv is not needed). Each check prints `ok` / `FAIL`; exit 1 on any
failure. The official JS client (strict.mjs) is the oracle for the maths; this script covers what
that client cannot send: replays, bad timestamps, bad secret hashes, NEW_PASSWORD_REQUIRED shape,
and the fault routes' wire shape (sizes, chunking, the reset, the hangs, one-shot arming).
"""
from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import socket
import sys
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import srp  # noqa: E402

URL = os.environ.get("PEER_URL", "http://127.0.0.1:9230")


def call(op: str, body: dict) -> tuple[int, dict, dict]:
    req = urllib.request.Request(
        URL + "/", data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/x-amz-json-1.1",
                 "X-Amz-Target": f"AWSCognitoIdentityProviderService.{op}"},
    )
    try:
        with urllib.request.urlopen(req) as resp:
            return resp.status, json.loads(resp.read() or b"{}"), dict(resp.headers)
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}"), dict(err.headers)


def sms_code(username: str) -> str:
    with urllib.request.urlopen(URL + "/_peer/sms/" + urllib.parse.quote(username)) as resp:
        return json.loads(resp.read())["code"]


def email_code(username: str) -> str:
    with urllib.request.urlopen(URL + "/_peer/email/" + urllib.parse.quote(username)) as resp:
        return json.loads(resp.read())["code"]


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238 code (SHA-1, 6 digits, 30 s) of a base32 secret."""
    import hashlib, hmac, struct, time  # noqa: E401
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int((time.time() if at is None else at) // 30)), hashlib.sha1).digest()
    o = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[o:o + 4])[0] & 0x7FFFFFFF) % 10 ** 6)


def get_seed() -> dict:
    with urllib.request.urlopen(URL + "/_peer/seed") as resp:
        return json.loads(resp.read())


class Login:
    """One SRP sign-in, split in steps so checks can tamper with any of them."""

    def __init__(self, pool: dict, client_key: str, user: dict, password: str | None = None):
        self.pool = pool
        self.client = pool["clients"][client_key]
        self.user = user
        self.password = user["password"] if password is None else password
        self.cs = srp.ClientSession()

    def secret_hash(self, username: str) -> dict:
        if "clientSecret" not in self.client:
            return {}
        return {"SECRET_HASH": srp.secret_hash(self.client["clientSecret"], username, self.client["clientId"])}

    def initiate(self, flow: str = "USER_SRP_AUTH") -> tuple[int, dict, dict]:
        typed = self.user["signInAs"]
        params = {"USERNAME": typed, "SRP_A": format(self.cs.A, "x"), **self.secret_hash(typed)}
        if flow == "CUSTOM_AUTH":
            params["CHALLENGE_NAME"] = "SRP_A"
        st, body, hdr = call("InitiateAuth", {"AuthFlow": flow, "ClientId": self.client["clientId"],
                                             "AuthParameters": params})
        self.challenge = body
        return st, body, hdr

    def responses(self, when: datetime | None = None, timestamp: str | None = None) -> dict:
        cp = self.challenge["ChallengeParameters"]
        uid = cp["USER_ID_FOR_SRP"]
        key = self.cs.session_key(int(cp["SRP_B"], 16), int(cp["SALT"], 16), self.pool["poolName"], uid, self.password)
        ts = timestamp or srp.format_timestamp(when or datetime.now(timezone.utc))
        sig = srp.claim_signature(key, self.pool["poolName"], uid, base64.b64decode(cp["SECRET_BLOCK"]), ts)
        return {"USERNAME": uid, "PASSWORD_CLAIM_SECRET_BLOCK": cp["SECRET_BLOCK"], "TIMESTAMP": ts,
                "PASSWORD_CLAIM_SIGNATURE": base64.b64encode(sig).decode(), **self.secret_hash(uid)}

    def respond(self, responses: dict) -> tuple[int, dict, dict]:
        return call("RespondToAuthChallenge", {"ChallengeName": "PASSWORD_VERIFIER",
                                               "ClientId": self.client["clientId"], "ChallengeResponses": responses})


class DeviceLogin:
    """A device of one user, kept like a client keeps it: key, group key, password."""

    def __init__(self, pool: dict, client_key: str, user: dict):
        self.pool, self.client_key, self.user = pool, client_key, user
        self.client = pool["clients"][client_key]
        self.key = self.group = self.password = None

    def sign_in(self, device_key: str | None = None) -> tuple[Login, tuple[int, dict, dict]]:
        lg = Login(self.pool, self.client_key, self.user)
        lg.initiate()
        responses = lg.responses()
        if device_key:
            responses["DEVICE_KEY"] = device_key
        return lg, lg.respond(responses)

    def confirm(self, result: dict) -> tuple[int, dict, dict]:
        meta = result["AuthenticationResult"]["NewDeviceMetadata"]
        self.key, self.group = meta["DeviceKey"], meta["DeviceGroupKey"]
        self.password = base64.b64encode(os.urandom(40)).decode()
        salt = int.from_bytes(os.urandom(16), "big")
        v = srp.compute_verifier(salt, self.group, self.key, self.password)
        return call("ConfirmDevice", {
            "AccessToken": result["AuthenticationResult"]["AccessToken"], "DeviceKey": self.key, "DeviceName": "selfcheck",
            "DeviceSecretVerifierConfig": {"PasswordVerifier": base64.b64encode(srp.pad_bytes(v)).decode(),
                                           "Salt": base64.b64encode(srp.pad_bytes(salt)).decode()}})

    def srp_auth(self, session: str, device_key: str | None = None, secret_hash: bool = True) -> tuple[int, dict, dict]:
        self.cs = srp.ClientSession()
        uid = self.user["username"]
        lg = Login(self.pool, self.client_key, self.user)
        return call("RespondToAuthChallenge", {
            "ChallengeName": "DEVICE_SRP_AUTH", "ClientId": self.client["clientId"], "Session": session,
            "ChallengeResponses": {"USERNAME": uid, "DEVICE_KEY": device_key or self.key, "SRP_A": format(self.cs.A, "x"),
                                   **(lg.secret_hash(uid) if secret_hash else {})}})

    def verifier(self, challenge: dict, password: str | None = None, timestamp: str | None = None,
                 session: str | None = None) -> tuple[int, dict, dict]:
        cp = challenge["ChallengeParameters"]
        key = self.cs.session_key(int(cp["SRP_B"], 16), int(cp["SALT"], 16), self.group, self.key, password or self.password)
        ts = timestamp or srp.format_timestamp(datetime.now(timezone.utc))
        sig = srp.claim_signature(key, self.group, self.key, base64.b64decode(cp["SECRET_BLOCK"]), ts)
        uid = self.user["username"]
        return call("RespondToAuthChallenge", {
            "ChallengeName": "DEVICE_PASSWORD_VERIFIER", "ClientId": self.client["clientId"],
            "Session": session or challenge["Session"],
            "ChallengeResponses": {"USERNAME": uid, "DEVICE_KEY": self.key, "PASSWORD_CLAIM_SECRET_BLOCK": cp["SECRET_BLOCK"],
                                   "TIMESTAMP": ts, "PASSWORD_CLAIM_SIGNATURE": base64.b64encode(sig).decode(),
                                   **Login(self.pool, self.client_key, self.user).secret_hash(uid)}})


def jwt_payload(token: str) -> dict:
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


FAILS: list[str] = []


def check(name: str, cond: bool, detail: object = "") -> None:
    print(f"{'ok  ' if cond else 'FAIL'} {name}" + ("" if cond else f"  -- {detail}"))
    if not cond:
        FAILS.append(name)


def refused(result: tuple[int, dict, dict], type_: str, reason: str | None = None) -> bool:
    st, body, hdr = result
    ok = st == 400 and body.get("__type") == type_
    if reason is not None:
        ok = ok and hdr.get("x-peer-reason") == reason
    return ok


def main() -> int:
    global URL
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=URL)
    URL = ap.parse_args().url.rstrip("/")
    seed = get_seed()
    main_pool, email_pool = seed["pools"]["main"], seed["pools"]["email"]
    demo = main_pool["users"]["demo"]

    # 1. happy paths
    for pool, ck, uk in [(main_pool, "public", "demo"), (main_pool, "secret", "demo"), (main_pool, "public", "unicode"),
                         (email_pool, "public", "alice"), (email_pool, "secret", "alice"),
                         (seed["pools"]["alias"], "secret", "carol")]:
        lg = Login(pool, ck, pool["users"][uk])
        st, body, _ = lg.initiate()
        cp = body.get("ChallengeParameters", {})
        check(f"initiate {pool['name']}/{ck}/{uk}: USER_ID_FOR_SRP is the internal username",
              st == 200 and cp.get("USER_ID_FOR_SRP") == pool["users"][uk]["username"] and "Session" not in body, body)
        st, body, _ = lg.respond(lg.responses())
        tok = body.get("AuthenticationResult", {}).get("IdToken")
        check(f"sign-in {pool['name']}/{ck}/{uk}", st == 200 and tok and
              jwt_payload(tok)["cognito:username"] == pool["users"][uk]["username"], body)
        if st == 200:
            access = body["AuthenticationResult"]["AccessToken"]
            st2, got, _ = call("GetUser", {"AccessToken": access})
            check(f"GetUser with the token {pool['name']}/{uk}", st2 == 200 and got.get("Username") == pool["users"][uk]["username"], got)
            uid = pool["users"][uk]["username"]
            st3, ref, _ = call("InitiateAuth", {"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": lg.client["clientId"],
                                                "AuthParameters": {"REFRESH_TOKEN": body["AuthenticationResult"]["RefreshToken"],
                                                                   **lg.secret_hash(uid)}})
            check(f"refresh with the token {pool['name']}/{ck}/{uk}", st3 == 200 and "IdToken" in ref.get("AuthenticationResult", {}), ref)

    # 2. replayed SECRET_BLOCK
    lg = Login(main_pool, "public", demo)
    lg.initiate()
    resp = lg.responses()
    first = lg.respond(resp)
    check("first use of a SECRET_BLOCK succeeds", first[0] == 200, first[1])
    check("replayed SECRET_BLOCK is refused", refused(lg.respond(resp), "NotAuthorizedException", "secret-block-unknown-or-used"))

    # 3. a failed attempt burns the SECRET_BLOCK too
    lg = Login(main_pool, "public", demo, password="wrong-Passw0rd!")
    lg.initiate()
    bad = lg.responses()
    check("wrong password refused", refused(lg.respond(bad), "NotAuthorizedException", "signature"))
    lg.password = demo["password"]
    check("SECRET_BLOCK single use even after a failure", refused(lg.respond(lg.responses()), "NotAuthorizedException",
                                                                  "secret-block-unknown-or-used"))

    # 4. TIMESTAMP strictness
    now = datetime.now(timezone.utc)
    for day in (3, 9):  # a day of one digit, to be written zero-padded
        when = now.replace(day=day)
        padded = srp.format_timestamp(when).replace(f" {day} ", f" 0{day} ", 1)
        lg = Login(main_pool, "public", demo)
        lg.initiate()
        check(f"zero-padded day refused ({padded})",
              refused(lg.respond(lg.responses(timestamp=padded)), "NotAuthorizedException", "timestamp-zero-padded-day"))
    lg = Login(main_pool, "public", demo)
    lg.initiate()
    ts = srp.format_timestamp(now)
    if now.day < 10:  # today is a one-digit day: also prove today's zero-padded stamp fails
        ts_pad = ts.replace(f" {now.day} ", f" 0{now.day} ", 1)
        check("today's zero-padded TIMESTAMP refused", refused(lg.respond(lg.responses(timestamp=ts_pad)),
                                                               "NotAuthorizedException", "timestamp-zero-padded-day"))
        lg = Login(main_pool, "public", demo)
        lg.initiate()
    for minutes in (10, -10):
        lg = Login(main_pool, "public", demo)
        lg.initiate()
        check(f"TIMESTAMP {minutes:+d} minutes refused",
              refused(lg.respond(lg.responses(when=now + timedelta(minutes=minutes))), "NotAuthorizedException", "timestamp-skew"))
    for bad_ts in ("Tue, 3 Nov 2026 07:05:09 GMT", srp.format_timestamp(now).replace("UTC", "GMT"),
                   srp.format_timestamp(now).lower()):
        lg = Login(main_pool, "public", demo)
        lg.initiate()
        check(f"TIMESTAMP format refused: {bad_ts!r}", refused(lg.respond(lg.responses(timestamp=bad_ts)), "NotAuthorizedException"))
    lg = Login(main_pool, "public", demo)
    lg.initiate()
    wrong_wd = srp.format_timestamp(now)
    wd = wrong_wd[:3]
    wrong_wd = ("Mon" if wd != "Mon" else "Tue") + wrong_wd[3:]
    check("TIMESTAMP with a wrong weekday refused",
          refused(lg.respond(lg.responses(timestamp=wrong_wd)), "NotAuthorizedException", "timestamp-wrong-weekday"))
    lg = Login(main_pool, "public", demo)
    lg.initiate()
    check("TIMESTAMP 4 minutes off accepted", lg.respond(lg.responses(when=now - timedelta(minutes=4)))[0] == 200)

    # 5. secret hash
    sec = main_pool["clients"]["secret"]
    a = srp.ClientSession()
    st, body, _ = call("InitiateAuth", {"AuthFlow": "USER_SRP_AUTH", "ClientId": sec["clientId"],
                                        "AuthParameters": {"USERNAME": "demo", "SRP_A": format(a.A, "x")}})
    check("missing SECRET_HASH refused with Cognito's message", st == 400 and body.get("__type") == "NotAuthorizedException"
          and body.get("message") == f"Unable to verify secret hash for client {sec['clientId']}", body)
    st, body, _ = call("InitiateAuth", {"AuthFlow": "USER_SRP_AUTH", "ClientId": sec["clientId"],
                                        "AuthParameters": {"USERNAME": "demo", "SRP_A": format(a.A, "x"), "SECRET_HASH": "AAAA"}})
    check("wrong SECRET_HASH refused", st == 400 and body.get("__type") == "NotAuthorizedException", body)
    alice = email_pool["users"]["alice"]
    lg = Login(email_pool, "secret", alice)
    lg.initiate()
    resp = lg.responses()
    resp["SECRET_HASH"] = srp.secret_hash(email_pool["clients"]["secret"]["clientSecret"], alice["signInAs"],
                                          email_pool["clients"]["secret"]["clientId"])
    check("PASSWORD_VERIFIER SECRET_HASH over the typed alias refused (must be the internal username)",
          refused(lg.respond(resp), "NotAuthorizedException", "secret-hash"))

    # 6. other refusals
    lg = Login(main_pool, "public", demo)
    lg.initiate()
    resp = lg.responses()
    resp["USERNAME"] = "someone-else"
    check("USERNAME differing from USER_ID_FOR_SRP refused", refused(lg.respond(resp), "NotAuthorizedException", "username-mismatch"))
    st, body, _ = call("InitiateAuth", {"AuthFlow": "USER_SRP_AUTH", "ClientId": main_pool["clients"]["public"]["clientId"],
                                        "AuthParameters": {"USERNAME": "demo", "SRP_A": format(srp.N, "x")}})
    check("SRP_A = N refused", st == 400 and body.get("__type") == "InvalidParameterException", body)
    st, body, _ = call("InitiateAuth", {"AuthFlow": "USER_SRP_AUTH", "ClientId": main_pool["clients"]["public"]["clientId"],
                                        "AuthParameters": {"USERNAME": "nobody", "SRP_A": format(a.A, "x")}})
    check("unknown user -> moto's UserNotFoundException", st == 400 and body.get("__type") == "UserNotFoundException", body)
    st, body, _ = call("InitiateAuth", {"AuthFlow": "USER_SRP_AUTH", "ClientId": "nope",
                                        "AuthParameters": {"USERNAME": "demo", "SRP_A": format(a.A, "x")}})
    check("unknown client -> ResourceNotFoundException", st == 400 and body.get("__type") == "ResourceNotFoundException", body)

    # 7. NEW_PASSWORD_REQUIRED after SRP with the temporary password
    np_user = main_pool["users"]["newpass"]
    lg = Login(main_pool, "public", np_user)
    lg.initiate()
    st, body, _ = lg.respond(lg.responses())
    cp = body.get("ChallengeParameters", {})
    ok = st == 200 and body.get("ChallengeName") == "NEW_PASSWORD_REQUIRED" and body.get("Session")
    check("FORCE_CHANGE_PASSWORD user gets NEW_PASSWORD_REQUIRED with a Session", ok, body)
    check("NEW_PASSWORD_REQUIRED carries userAttributes/requiredAttributes JSON",
          isinstance(json.loads(cp.get("userAttributes", "null")), dict) and
          isinstance(json.loads(cp.get("requiredAttributes", "null")), list), cp)

    # 8. SMS_MFA continuation is moto's
    sms = main_pool["users"]["sms"]
    lg = Login(main_pool, "public", sms)
    lg.initiate()
    st, body, _ = lg.respond(lg.responses())
    check("SMS_MFA user gets moto's SMS_MFA challenge with a Session",
          st == 200 and body.get("ChallengeName") == "SMS_MFA" and body.get("Session"), body)

    # 9. CUSTOM_AUTH
    lg = Login(email_pool, "secret", alice)
    st, body, _ = lg.initiate("CUSTOM_AUTH")
    st, body, _ = lg.respond(lg.responses())
    check("CUSTOM_AUTH with CHALLENGE_NAME=SRP_A signs in (no Lambda: continues like SRP)",
          st == 200 and "AuthenticationResult" in body, body)
    st, body, _ = call("InitiateAuth", {"AuthFlow": "CUSTOM_AUTH", "ClientId": main_pool["clients"]["public"]["clientId"],
                                        "AuthParameters": {"USERNAME": "demo"}})
    check("CUSTOM_AUTH without SRP refused (no Lambda trigger)", st == 400 and body.get("__type") == "InvalidParameterException", body)

    # 10. CORS preflight
    req = urllib.request.Request(URL + "/", method="OPTIONS", headers={
        "Origin": "http://localhost:8080", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,x-amz-target,x-amz-user-agent"})
    with urllib.request.urlopen(req) as resp:
        h = resp.headers
        check("CORS preflight", resp.status in (200, 204) and h.get("Access-Control-Allow-Origin") == "*"
              and "POST" in h.get("Access-Control-Allow-Methods", "")
              and "x-amz-target" in h.get("Access-Control-Allow-Headers", ""), dict(h))

    # 11. CORS on errors and on moto's 500s
    st, body, hdr = call("DeleteUser", {"AccessToken": "x"})
    check("moto 5xx comes back as JSON InternalErrorException with CORS",
          st >= 500 and body.get("__type") and hdr.get("Access-Control-Allow-Origin") == "*", (st, body, hdr))

    # 12. device tracking (secret client: SECRET_HASH in every device step), raw protocol refusals
    dpool = seed["pools"]["devices"]
    dl = DeviceLogin(dpool, "secret", dpool["users"]["dev"])
    _lg, (st, body, _) = dl.sign_in()
    meta = body.get("AuthenticationResult", {}).get("NewDeviceMetadata")
    check("devices: sign-in without a device gets NewDeviceMetadata", st == 200 and meta, body)
    access = body["AuthenticationResult"]["AccessToken"]
    st, got, _ = dl.confirm(body)
    check("devices: ConfirmDevice -> UserConfirmationNecessary true", st == 200 and got == {"UserConfirmationNecessary": True}, got)
    kept = (dl.key, dl.group, dl.password)
    st, got, _ = dl.confirm(body)  # (makes a new device password the peer must not take)
    dl.key, dl.group, dl.password = kept
    check("devices: ConfirmDevice twice refused", refused((st, got, {}), "InvalidParameterException"), got)
    st, got, hdr = call("ConfirmDevice", {"AccessToken": "not-a-token", "DeviceKey": dl.key,
                                          "DeviceSecretVerifierConfig": {"PasswordVerifier": "AQ==", "Salt": "AQ=="}})
    check("devices: ConfirmDevice with a bad AccessToken -> NotAuthorizedException", refused((st, got, hdr), "NotAuthorizedException"), got)
    _lg, res = dl.sign_in("us-east-1_00000000-0000-4000-8000-000000000000")
    check("devices: PASSWORD_VERIFIER with an unknown DEVICE_KEY -> ResourceNotFoundException",
          refused(res, "ResourceNotFoundException", "device-unknown") and res[1].get("message") == "Device does not exist.", res)
    _lg, (st, ch, _) = dl.sign_in(dl.key)
    check("devices: correct password with a confirmed device -> DEVICE_SRP_AUTH with a Session",
          st == 200 and ch.get("ChallengeName") == "DEVICE_SRP_AUTH" and ch.get("Session") and "AuthenticationResult" not in ch, ch)
    check("devices: DEVICE_SRP_AUTH without SECRET_HASH refused",
          refused(dl.srp_auth(ch["Session"], secret_hash=False), "NotAuthorizedException", "secret-hash-missing"))
    check("devices: DEVICE_SRP_AUTH session is single use (refused after a failed attempt)",
          refused(dl.srp_auth(ch["Session"]), "NotAuthorizedException", "device-session-unknown-or-used"))
    _lg, (st, ch, _) = dl.sign_in(dl.key)
    check("devices: DEVICE_SRP_AUTH with an unknown DEVICE_KEY -> ResourceNotFoundException",
          refused(dl.srp_auth(ch["Session"], device_key="us-east-1_00000000-0000-4000-8000-000000000001"), "ResourceNotFoundException"))
    _lg, (st, ch, _) = dl.sign_in(dl.key)
    st, dch, _ = dl.srp_auth(ch["Session"])
    cp = dch.get("ChallengeParameters", {})
    check("devices: DEVICE_SRP_AUTH -> DEVICE_PASSWORD_VERIFIER with SALT, SRP_B, SECRET_BLOCK, USERNAME, DEVICE_KEY",
          st == 200 and dch.get("ChallengeName") == "DEVICE_PASSWORD_VERIFIER" and dch.get("Session")
          and all(cp.get(k) for k in ("SALT", "SRP_B", "SECRET_BLOCK")) and cp.get("DEVICE_KEY") == dl.key
          and cp.get("USERNAME") == dpool["users"]["dev"]["username"], dch)
    check("devices: DEVICE_PASSWORD_VERIFIER on the DEVICE_SRP_AUTH session refused",
          refused(dl.verifier(dch, session=ch["Session"]), "NotAuthorizedException", "device-session-unknown-or-used"))
    _lg, (st, ch, _) = dl.sign_in(dl.key)
    st, dch, _ = dl.srp_auth(ch["Session"])
    zero = srp.format_timestamp(datetime(2026, 11, 3, 7, 5, 9, tzinfo=timezone.utc)).replace(" 3 ", " 03 ")
    check("devices: DEVICE_PASSWORD_VERIFIER with a zero-padded day refused",
          refused(dl.verifier(dch, timestamp=zero), "NotAuthorizedException", "timestamp-zero-padded-day"))
    _lg, (st, ch, _) = dl.sign_in(dl.key)
    st, dch, _ = dl.srp_auth(ch["Session"])
    check("devices: DEVICE_PASSWORD_VERIFIER with a wrong device password refused",
          refused(dl.verifier(dch, password=dl.password + "x"), "NotAuthorizedException", "signature"))
    _lg, (st, ch, _) = dl.sign_in(dl.key)
    st, dch, _ = dl.srp_auth(ch["Session"])
    st, body, _ = dl.verifier(dch)
    tok = body.get("AuthenticationResult", {})
    check("devices: device SRP signs in (tokens, no NewDeviceMetadata)",
          st == 200 and tok.get("IdToken") and "NewDeviceMetadata" not in tok, body)
    check("devices: DEVICE_PASSWORD_VERIFIER replay refused",
          refused(dl.verifier(dch), "NotAuthorizedException", "device-session-unknown-or-used"))
    keys, token, pages = [], None, 0
    while pages < 20:
        st, got, _ = call("ListDevices", {"AccessToken": access, "Limit": 1, **({"PaginationToken": token} if token else {})})
        keys += [d["DeviceKey"] for d in got.get("Devices", [])]
        pages += 1
        token = got.get("PaginationToken")
        if st != 200 or not token:
            break
    check("devices: ListDevices (Limit 1, paginated) finds the device once", st == 200 and keys.count(dl.key) == 1
          and len(keys) == len(set(keys)) == pages, (keys, got))
    # SMS user with a confirmed, NOT remembered device: SMS_MFA first, the device proves itself after
    sl = DeviceLogin(dpool, "public", dpool["users"]["sms"])
    suid = sl.user["username"]

    def sms_answer(session: str, code: str) -> tuple[int, dict, dict]:
        return call("RespondToAuthChallenge", {"ChallengeName": "SMS_MFA", "ClientId": sl.client["clientId"],
                                               "Session": session,
                                               "ChallengeResponses": {"USERNAME": suid, "SMS_MFA_CODE": code}})
    lg, (st, body, _) = sl.sign_in()
    st, body, _ = sms_answer(body.get("Session"), sms_code(suid))
    st, got, _ = sl.confirm(body)
    _lg, (st, mfa, _) = sl.sign_in(sl.key)
    check("devices: not-remembered device of an SMS_MFA user -> SMS_MFA right after PASSWORD_VERIFIER",
          st == 200 and mfa.get("ChallengeName") == "SMS_MFA" and mfa.get("Session"), mfa)
    st, got, hdr = sms_answer(mfa["Session"], "%06d" % ((int(sms_code(suid)) + 1) % 10 ** 6))
    check("devices: a wrong SMS code -> CodeMismatchException (the device still pending)",
          refused((st, got, hdr), "CodeMismatchException", "sms-code"), got)
    st, ch, _ = sms_answer(mfa["Session"], sms_code(suid))
    check("devices: the right SMS code -> DEVICE_SRP_AUTH with a new Session, no tokens",
          st == 200 and ch.get("ChallengeName") == "DEVICE_SRP_AUTH" and ch.get("Session")
          and ch["Session"] != mfa["Session"] and "AuthenticationResult" not in ch, ch)
    st, dch, _ = sl.srp_auth(mfa["Session"])  # what amazon-cognito-identity-js sends
    check("devices: DEVICE_SRP_AUTH on the answered SMS_MFA Session -> DEVICE_PASSWORD_VERIFIER",
          st == 200 and dch.get("ChallengeName") == "DEVICE_PASSWORD_VERIFIER", dch)
    st, body, _ = sl.verifier(dch)
    tok = body.get("AuthenticationResult", {})
    check("devices: after MFA and device SRP -> tokens, no NewDeviceMetadata",
          st == 200 and tok.get("IdToken") and "NewDeviceMetadata" not in tok, body)
    check("devices: ... and DEVICE_SRP_AUTH's own Session was burnt with the SMS_MFA one",
          refused(sl.srp_auth(ch["Session"]), "NotAuthorizedException", "device-session-unknown-or-used"))
    _lg, (st, mfa, _) = sl.sign_in(sl.key)
    st, ch, _ = sms_answer(mfa["Session"], sms_code(suid))
    st, dch, _ = sl.srp_auth(ch["Session"])
    check("devices: DEVICE_SRP_AUTH after MFA on its own Session -> DEVICE_PASSWORD_VERIFIER",
          st == 200 and dch.get("ChallengeName") == "DEVICE_PASSWORD_VERIFIER", dch)
    check("devices: after MFA, a wrong device password is refused",
          refused(sl.verifier(dch, password=sl.password + "x"), "NotAuthorizedException", "signature"))
    check("devices: ... and the SMS_MFA Session was burnt with DEVICE_SRP_AUTH's",
          refused(sl.srp_auth(mfa["Session"]), "NotAuthorizedException", "device-session-unknown-or-used"))
    st, got, _ = call("UpdateDeviceStatus", {"AccessToken": tok["AccessToken"], "DeviceKey": sl.key,
                                             "DeviceRememberedStatus": "remembered"})
    _lg, (st, ch, _) = sl.sign_in(sl.key)
    check("devices: remembered device of an SMS_MFA user -> DEVICE_SRP_AUTH right after PASSWORD_VERIFIER",
          st == 200 and ch.get("ChallengeName") == "DEVICE_SRP_AUTH", ch)
    st, dch, _ = sl.srp_auth(ch["Session"])
    st, body, _ = sl.verifier(dch)
    check("devices: ... then tokens: MFA skipped", st == 200 and body.get("AuthenticationResult", {}).get("IdToken"), body)

    # 13. custom auth, TOTP, MFA_SETUP with the secret client (SECRET_HASH over the internal username)
    cpool = seed["pools"]["custom"]
    quiz = cpool["users"]["quiz"]
    lg = Login(cpool, "secret", quiz)
    lg.initiate("CUSTOM_AUTH")
    st, body, _ = lg.respond(lg.responses())
    check("custom: CUSTOM_AUTH with SRP, secret client -> CUSTOM_CHALLENGE after the password",
          st == 200 and body.get("ChallengeName") == "CUSTOM_CHALLENGE" and body["ChallengeParameters"].get("question") == "2+2?", body)
    def answer(session: str, text: str, **extra) -> tuple[int, dict, dict]:
        return call("RespondToAuthChallenge", {"ChallengeName": "CUSTOM_CHALLENGE", "ClientId": lg.client["clientId"],
                                               "Session": session, "ChallengeResponses": {
                                                   "USERNAME": quiz["username"], "ANSWER": text, **extra}})
    st, body2, hdr = answer(body["Session"], "4", SECRET_HASH="AAAA")
    check("custom: wrong SECRET_HASH on CUSTOM_CHALLENGE refused", st == 400 and hdr.get("x-peer-reason") == "secret-hash", body2)
    st, body2, hdr = answer(body["Session"], "4", **lg.secret_hash(quiz["username"]))
    check("custom: the Session is burnt by the refused attempt", st == 400 and hdr.get("x-peer-reason") == "custom-session-unknown-or-used", body2)

    tpool = seed["pools"]["totp"]
    tuser = tpool["users"]["totp"]
    lg = Login(tpool, "secret", tuser)
    lg.initiate()
    st, body, _ = lg.respond(lg.responses())
    check("totp: secret client -> SOFTWARE_TOKEN_MFA", st == 200 and body.get("ChallengeName") == "SOFTWARE_TOKEN_MFA", body)
    def totp_answer(session: str, code: str) -> tuple[int, dict, dict]:
        return call("RespondToAuthChallenge", {"ChallengeName": "SOFTWARE_TOKEN_MFA", "ClientId": lg.client["clientId"],
                                               "Session": session, "ChallengeResponses": {
                                                   "USERNAME": tuser["username"], "SOFTWARE_TOKEN_MFA_CODE": code,
                                                   **lg.secret_hash(tuser["username"])}})
    st, got, hdr = totp_answer(body["Session"], "%06d" % ((int(totp(tuser["totpSecret"])) + 1) % 10 ** 6))
    check("totp: wrong code -> CodeMismatchException", st == 400 and got.get("__type") == "CodeMismatchException", got)
    st, got, _ = totp_answer(body["Session"], totp(tuser["totpSecret"]))
    check("totp: right code -> tokens", st == 200 and "AuthenticationResult" in got, got)
    st, got, hdr = totp_answer(body["Session"], totp(tuser["totpSecret"]))
    check("totp: the used Session -> NotAuthorizedException", st == 400 and got.get("__type") == "NotAuthorizedException", got)

    mpool = seed["pools"]["mfaon"]
    fresh = "selfcheck-" + base64.b32encode(os.urandom(5)).decode().lower()
    call("AdminCreateUser", {"UserPoolId": mpool["userPoolId"], "Username": fresh, "TemporaryPassword": "Fresh-Passw0rd!",
                             "MessageAction": "SUPPRESS"})
    call("AdminSetUserPassword", {"UserPoolId": mpool["userPoolId"], "Username": fresh, "Password": "Fresh-Passw0rd!",
                                  "Permanent": True})
    muser = {"username": fresh, "signInAs": fresh, "password": "Fresh-Passw0rd!"}
    lg = Login(mpool, "secret", muser)
    lg.initiate()
    st, body, _ = lg.respond(lg.responses())
    check("mfa_setup: MFA ON, no factor -> MFA_SETUP, MFAS_CAN_SETUP as a JSON string",
          st == 200 and body.get("ChallengeName") == "MFA_SETUP"
          and json.loads(body["ChallengeParameters"]["MFAS_CAN_SETUP"]) == ["SOFTWARE_TOKEN_MFA"], body)
    st, assoc, _ = call("AssociateSoftwareToken", {"Session": body.get("Session")})
    check("mfa_setup: AssociateSoftwareToken(Session) -> SecretCode + new Session",
          st == 200 and len(assoc.get("SecretCode", "")) == 32 and assoc.get("Session") not in (None, body.get("Session")), assoc)
    st, ver, _ = call("VerifySoftwareToken", {"Session": assoc.get("Session"), "UserCode": totp(assoc.get("SecretCode", "AAAA"))})
    check("mfa_setup: VerifySoftwareToken(Session) -> SUCCESS + Session", st == 200 and ver.get("Status") == "SUCCESS" and ver.get("Session"), ver)
    def setup_answer(**extra) -> tuple[int, dict, dict]:
        return call("RespondToAuthChallenge", {"ChallengeName": "MFA_SETUP", "ClientId": lg.client["clientId"],
                                               "Session": ver.get("Session"), "ChallengeResponses": {"USERNAME": fresh, **extra}})
    st, got, hdr = setup_answer()
    check("mfa_setup: MFA_SETUP without SECRET_HASH refused", st == 400 and hdr.get("x-peer-reason") == "secret-hash-missing", got)
    st, got, hdr = setup_answer(**lg.secret_hash(fresh))
    check("mfa_setup: ... and that burnt the Session", st == 400 and got.get("__type") == "NotAuthorizedException", got)

    # 14. EMAIL_OTP (email_otp.py): codes readable at /_peer/email/<username>
    epool = seed["pools"]["emailmfa"]
    euser = epool["users"]["email"]
    eid = euser["username"]

    def email_answer(client: dict, session: str, code: str, **extra) -> tuple[int, dict, dict]:
        return call("RespondToAuthChallenge", {"ChallengeName": "EMAIL_OTP", "ClientId": client["clientId"], "Session": session,
                                               "ChallengeResponses": {"USERNAME": eid, "EMAIL_OTP_CODE": code, **extra}})
    lg = Login(epool, "secret", euser)
    lg.initiate()
    st, body, _ = lg.respond(lg.responses())
    cp = body.get("ChallengeParameters") or {}
    check("email_otp: email MFA user gets EMAIL_OTP (EMAIL, masked destination, Session)",
          st == 200 and body.get("ChallengeName") == "EMAIL_OTP" and body.get("Session")
          and cp.get("CODE_DELIVERY_DELIVERY_MEDIUM") == "EMAIL" and cp.get("CODE_DELIVERY_DESTINATION") == "d***@e***", body)
    code = email_code(eid)
    wrong = "000000" if code != "000000" else "111111"
    st, got, hdr = email_answer(lg.client, body.get("Session"), wrong, **lg.secret_hash(eid))
    check("email_otp: wrong code -> CodeMismatchException", st == 400 and got.get("__type") == "CodeMismatchException", got)
    st, got, hdr = email_answer(lg.client, body.get("Session"), code)
    check("email_otp: no SECRET_HASH refused", st == 400 and hdr.get("x-peer-reason") == "secret-hash-missing", got)
    st, got, _ = email_answer(lg.client, body.get("Session"), code, **lg.secret_hash(eid))
    check("email_otp: right code on the same Session -> tokens", st == 200 and "AuthenticationResult" in got, got)
    st, got, _ = email_answer(lg.client, body.get("Session"), code, **lg.secret_hash(eid))
    check("email_otp: Session spent", st == 400 and got.get("__type") == "NotAuthorizedException", got)
    st, body, _ = call("InitiateAuth", {"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": epool["clients"]["public"]["clientId"],
                                        "AuthParameters": {"USERNAME": eid, "PASSWORD": euser["password"]}})
    check("email_otp: USER_PASSWORD_AUTH -> EMAIL_OTP", st == 200 and body.get("ChallengeName") == "EMAIL_OTP", body)
    lg = Login(epool, "public", epool["users"]["plain"])
    lg.initiate()
    st, body, _ = lg.respond(lg.responses())
    check("email_otp: user without email MFA signs in", st == 200 and "AuthenticationResult" in body, body)

    # 15. MFA_SETUP by email (pool emailon: MFA ON, TOTP and email offered)
    opool = seed["pools"]["emailon"]
    oid = "selfcheck-" + base64.b32encode(os.urandom(5)).decode().lower()  # fresh: rerunnable
    call("AdminCreateUser", {"UserPoolId": opool["userPoolId"], "Username": oid, "TemporaryPassword": "Fresh-Passw0rd!",
                             "MessageAction": "SUPPRESS"})
    call("AdminSetUserPassword", {"UserPoolId": opool["userPoolId"], "Username": oid, "Password": "Fresh-Passw0rd!",
                                  "Permanent": True})
    ouser = {"username": oid, "signInAs": oid, "password": "Fresh-Passw0rd!"}
    lg = Login(opool, "secret", ouser)
    lg.initiate()
    st, body, _ = lg.respond(lg.responses())
    check("email setup: MFA_SETUP offers SOFTWARE_TOKEN_MFA and EMAIL_OTP",
          st == 200 and body.get("ChallengeName") == "MFA_SETUP"
          and json.loads(body["ChallengeParameters"]["MFAS_CAN_SETUP"]) == ["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"], body)
    st, got, _ = call("RespondToAuthChallenge", {"ChallengeName": "MFA_SETUP", "ClientId": lg.client["clientId"], "Session": body.get("Session"),
                                                 "ChallengeResponses": {"USERNAME": oid, "EMAIL": "new@example.org", **lg.secret_hash(oid)}})
    check("email setup: MFA_SETUP with EMAIL -> EMAIL_OTP to that address",
          st == 200 and got.get("ChallengeName") == "EMAIL_OTP" and got["ChallengeParameters"].get("CODE_DELIVERY_DESTINATION") == "n***@e***"
          and email_code(oid) and json.loads(urllib.request.urlopen(URL + "/_peer/email/" + oid).read())["destination"] == "new@example.org", got)
    st, done, _ = call("RespondToAuthChallenge", {"ChallengeName": "EMAIL_OTP", "ClientId": lg.client["clientId"], "Session": got.get("Session"),
                                                  "ChallengeResponses": {"USERNAME": oid, "EMAIL_OTP_CODE": email_code(oid), **lg.secret_hash(oid)}})
    check("email setup: right code -> tokens", st == 200 and "AuthenticationResult" in done, done)
    lg = Login(opool, "secret", ouser)
    lg.initiate()
    st, body, _ = lg.respond(lg.responses())
    check("email setup: next sign-in asks EMAIL_OTP", st == 200 and body.get("ChallengeName") == "EMAIL_OTP", body)

    # 16. faults (faults.py): their wire shape, as the client suites rely on it
    check_faults(main_pool["clients"]["public"]["clientId"])

    print(f"{len(FAILS)} failed" if FAILS else "selfcheck: all ok")
    return 1 if FAILS else 0


def fault_exchange(path: str, body: dict, timeout: float = 5.0) -> socket.socket:
    """Sends a Cognito request to `path` on a raw socket, to read the answer from."""
    host, port = urllib.parse.urlsplit(URL).netloc.rsplit(":", 1)
    sock = socket.create_connection((host, int(port)), timeout=timeout)
    data = json.dumps(body).encode()
    sock.sendall(f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-amz-json-1.1\r\n"
                 f"X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth\r\n"
                 f"Content-Length: {len(data)}\r\n\r\n".encode() + data)
    return sock


def fault_response(kind: str, read_limit: int | None = None) -> tuple[int, dict, bytes]:
    """POST /_peer/fault/<kind>: status, headers (lower-case names) and up to read_limit bytes of body."""
    conn = http.client.HTTPConnection(urllib.parse.urlsplit(URL).netloc, timeout=10)
    conn.request("POST", f"/_peer/fault/{kind}", body=b"{}", headers={
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth"})
    resp = conn.getresponse()
    body = resp.read() if read_limit is None else resp.read(read_limit)
    conn.close()
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body


def check_faults(client_id: str) -> None:
    mib = 1 << 20
    st, hdr, body = fault_response("large-2m")
    check("faults: large-2m is 2 MiB of JSON with its Content-Length",
          st == 200 and hdr.get("content-length") == str(2 * mib) and len(body) == 2 * mib
          and json.loads(body)["ChallengeName"] == "PASSWORD_VERIFIER", (st, hdr))
    st, hdr, body = fault_response("chunked-2m")
    check("faults: chunked-2m is 2 MiB of JSON, chunked, without a Content-Length",
          st == 200 and "content-length" not in hdr and hdr.get("transfer-encoding") == "chunked"
          and len(body) == 2 * mib and isinstance(json.loads(body), dict), (st, hdr))
    st, hdr, body = fault_response("large-300m", read_limit=mib)
    check("faults: large-300m declares 300 MiB", st == 200 and hdr.get("content-length") == str(300 * mib), hdr)
    st, hdr, body = fault_response("html-500")
    check("faults: html-500 stays HTML (not the front's JSON error)",
          st == 500 and hdr.get("content-type", "").startswith("text/html") and body.startswith(b"<html>")
          and hdr.get("access-control-allow-origin") == "*", (st, hdr, body[:80]))
    st, hdr, body = fault_response("error-200")
    check("faults: error-200 is a 200 with Cognito's error body",
          st == 200 and json.loads(body).get("__type") == "NotAuthorizedException", (st, body))
    st, hdr, body = fault_response("truncated")
    check("faults: truncated is not JSON", st == 200 and body.startswith(b'{"ChallengeName"') and not _is_json(body), body)

    sock = fault_exchange("/_peer/fault/reset", {})
    got, reset = b"", False
    try:
        while chunk := sock.recv(65536):
            got += chunk
    except ConnectionResetError:
        reset = True
    sock.close()
    head, _, rest = got.partition(b"\r\n\r\n")
    check("faults: reset sends Content-Length 1000, 10 bytes, then a TCP reset",
          reset and b"Content-Length: 1000" in head and len(rest) == 10, got)
    for kind, expect_head in (("hang", True), ("silent", False)):
        sock = fault_exchange(f"/_peer/fault/{kind}", {}, timeout=1.0)
        got, timed_out = b"", False
        try:
            while chunk := sock.recv(65536):
                got += chunk
        except TimeoutError:
            timed_out = True
        sock.close()
        check(f"faults: {kind} sends {'its headers' if expect_head else 'nothing'}, then nothing for 1 s",
              timed_out and (got.startswith(b"HTTP/1.1 200") if expect_head else got == b""), got)

    req = urllib.request.Request(URL + "/_peer/faults/next", method="POST",
                                 data=json.dumps({"kind": "html-500", "clientId": client_id}).encode())
    urllib.request.urlopen(req).read()
    body = {"AuthFlow": "USER_SRP_AUTH", "ClientId": client_id, "AuthParameters": {"USERNAME": "demo", "SRP_A": "2"}}
    other = {**body, "ClientId": "another-client"}
    st_other, _, _ = call("InitiateAuth", other)
    st1, _, _ = call_raw_status(body)
    st2, got, _ = call("InitiateAuth", body)
    check("faults: an armed fault answers the next request of its client once, and no other client's",
          st_other == 400 and st1 == 500 and st2 == 200 and got.get("ChallengeName") == "PASSWORD_VERIFIER", (st_other, st1, st2))


def call_raw_status(body: dict) -> tuple[int, bytes, dict]:
    req = urllib.request.Request(URL + "/", data=json.dumps(body).encode(), method="POST", headers={
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth"})
    try:
        with urllib.request.urlopen(req) as resp:
            return resp.status, resp.read(), dict(resp.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read(), dict(err.headers)


def _is_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
