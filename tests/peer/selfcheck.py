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
    st, body, hdr = call("AdminListDevices", {"UserPoolId": main_pool["userPoolId"], "Username": demo["username"]})
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
    session_checks(seed)
    account_checks(seed)

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

def fresh_user(pool: dict, email: str | None = "fresh@example.com", password: str = "Fresh-Passw0rd!") -> dict:
    """A new confirmed user (AdminCreateUser): checks that revoke or delete never touch seeded users."""
    name = "selfcheck-" + base64.b32encode(os.urandom(5)).decode().lower()
    attrs = [{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}] if email else []
    call("AdminCreateUser", {"UserPoolId": pool["userPoolId"], "Username": name, "TemporaryPassword": password,
                             "MessageAction": "SUPPRESS", "UserAttributes": attrs})
    call("AdminSetUserPassword", {"UserPoolId": pool["userPoolId"], "Username": name, "Password": password, "Permanent": True})
    return {"username": name, "signInAs": name, "password": password}


def password_sign_in(pool: dict, client_key: str, user: dict) -> dict:
    client = pool["clients"][client_key]
    params = {"USERNAME": user["signInAs"], "PASSWORD": user["password"]}
    if "clientSecret" in client:
        params["SECRET_HASH"] = srp.secret_hash(client["clientSecret"], user["signInAs"], client["clientId"])
    st, body, _ = call("InitiateAuth", {"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client["clientId"], "AuthParameters": params})
    return body.get("AuthenticationResult") or {}


def session_checks(seed: dict) -> None:
    """16. refresh, rotation, RevokeToken, GlobalSignOut, token lifetimes (session.py)."""
    import time
    spool = seed["pools"]["session"]
    pub, sec, rot, rsec = (spool["clients"][k] for k in ("public", "secret", "rotating", "rotsecret"))

    def gtfrt(client: dict, token: str, **extra) -> tuple[int, dict, dict]:
        return call("GetTokensFromRefreshToken", {"ClientId": client["clientId"], "RefreshToken": token, **extra})

    def refresh_auth(client: dict, token: str, **params) -> tuple[int, dict, dict]:
        return call("InitiateAuth", {"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client["clientId"],
                                     "AuthParameters": {"REFRESH_TOKEN": token, **params}})

    user = fresh_user(spool)
    uid = user["username"]
    res = password_sign_in(spool, "public", user)
    claims = jwt_payload(res["AccessToken"])
    check("session: tokens carry origin_jti (access and ID) and the same one",
          claims.get("origin_jti") and claims["origin_jti"] == jwt_payload(res["IdToken"]).get("origin_jti"), claims)
    st, got, _ = gtfrt(pub, res["RefreshToken"])
    ar = got.get("AuthenticationResult", {})
    check("session: GetTokensFromRefreshToken without rotation -> access + ID, no RefreshToken",
          st == 200 and ar.get("AccessToken") and ar.get("IdToken") and "RefreshToken" not in ar
          and ar.get("TokenType") == "Bearer" and ar.get("ExpiresIn") == 3600, got)
    check("session: the refreshed tokens keep origin_jti and the sign-in's auth_time",
          st == 200 and jwt_payload(ar["AccessToken"]).get("origin_jti") == claims["origin_jti"]
          and jwt_payload(ar["AccessToken"]).get("auth_time") == claims.get("auth_time"), ar)
    st, got, _ = refresh_auth(pub, res["RefreshToken"])
    check("session: REFRESH_TOKEN_AUTH without rotation works", st == 200 and "IdToken" in got.get("AuthenticationResult", {}), got)
    check("session: GetTokensFromRefreshToken with another client's id refused",
          refused(gtfrt(spool["clients"]["norevoke"], res["RefreshToken"]), "NotAuthorizedException", "refresh-token-other-client"))
    check("session: an unknown refresh token refused (Invalid Refresh Token)",
          refused(gtfrt(pub, "not-a-token"), "NotAuthorizedException", "refresh-token-unknown"))
    check("session: an unknown client -> ResourceNotFoundException",
          refused(call("GetTokensFromRefreshToken", {"ClientId": "nosuchclient", "RefreshToken": "x"}), "ResourceNotFoundException"))

    # secret client: ClientSecret itself on GetTokensFromRefreshToken, SECRET_HASH over the internal username on REFRESH_TOKEN_AUTH
    suser = fresh_user(spool)
    sres = password_sign_in(spool, "secret", suser)
    check("session: secret client, GetTokensFromRefreshToken without ClientSecret refused",
          refused(gtfrt(sec, sres["RefreshToken"]), "NotAuthorizedException", "client-secret-missing"))
    check("session: secret client, a wrong ClientSecret refused",
          refused(gtfrt(sec, sres["RefreshToken"], ClientSecret=sec["clientSecret"][:-1] + "x"), "NotAuthorizedException", "client-secret"))
    check("session: secret client, SECRET_HASH instead of ClientSecret refused",
          refused(gtfrt(sec, sres["RefreshToken"], ClientSecret=srp.secret_hash(sec["clientSecret"], suser["username"], sec["clientId"])),
                  "NotAuthorizedException", "client-secret"))
    st, got, _ = gtfrt(sec, sres["RefreshToken"], ClientSecret=sec["clientSecret"])
    check("session: secret client, the right ClientSecret -> tokens", st == 200 and "AccessToken" in got.get("AuthenticationResult", {}), got)
    check("session: REFRESH_TOKEN_AUTH without SECRET_HASH refused",
          refused(refresh_auth(sec, sres["RefreshToken"]), "NotAuthorizedException", "secret-hash-missing"))
    check("session: REFRESH_TOKEN_AUTH with a SECRET_HASH over another name refused",
          refused(refresh_auth(sec, sres["RefreshToken"], SECRET_HASH=srp.secret_hash(sec["clientSecret"], "someone", sec["clientId"])),
                  "NotAuthorizedException", "secret-hash"))
    st, got, _ = refresh_auth(sec, sres["RefreshToken"], SECRET_HASH=srp.secret_hash(sec["clientSecret"], suser["username"], sec["clientId"]))
    check("session: REFRESH_TOKEN_AUTH with SECRET_HASH over the internal username works", st == 200, got)

    # rotation
    ruser = fresh_user(spool)
    rres = password_sign_in(spool, "rotating", ruser)
    check("session: rotating client refuses REFRESH_TOKEN_AUTH",
          refused(refresh_auth(rot, rres["RefreshToken"]), "InvalidParameterException", "refresh-token-auth-with-rotation"))
    st, got, _ = gtfrt(rot, rres["RefreshToken"])
    new = got.get("AuthenticationResult", {}).get("RefreshToken")
    check("session: rotating client -> a new RefreshToken", st == 200 and new and new != rres["RefreshToken"], got)
    st, again, _ = gtfrt(rot, rres["RefreshToken"])
    check("session: the old refresh token still works within the grace period (2 s)", st == 200, again)
    time.sleep(2.3)
    check("session: ... and is refused after it (RefreshTokenReuseException)",
          refused(gtfrt(rot, rres["RefreshToken"]), "RefreshTokenReuseException", "refresh-token-rotated"))
    st, got, _ = gtfrt(rot, new)
    check("session: the new refresh token works and rotates again", st == 200 and got["AuthenticationResult"].get("RefreshToken") not in (None, new), got)
    rsuser = fresh_user(spool)
    rsres = password_sign_in(spool, "rotsecret", rsuser)
    st, got, _ = gtfrt(rsec, rsres["RefreshToken"], ClientSecret=rsec["clientSecret"])
    check("session: rotation with a secret and grace 0 -> new token", st == 200 and "RefreshToken" in got.get("AuthenticationResult", {}), got)
    time.sleep(0.05)
    check("session: grace 0: the old token is refused at once",
          refused(gtfrt(rsec, rsres["RefreshToken"], ClientSecret=rsec["clientSecret"]), "RefreshTokenReuseException"))

    # RevokeToken
    st, got, _ = call("RevokeToken", {"ClientId": sec["clientId"], "Token": sres["RefreshToken"]})
    check("session: RevokeToken without ClientSecret on a secret client refused", refused((st, got, _), "UnauthorizedException", "client-secret-missing"), got)
    st, got, _ = call("RevokeToken", {"ClientId": sec["clientId"], "Token": sres["AccessToken"], "ClientSecret": sec["clientSecret"]})
    check("session: RevokeToken with an access token -> UnsupportedTokenTypeException", refused((st, got, _), "UnsupportedTokenTypeException"), got)
    st, got, _ = call("RevokeToken", {"ClientId": pub["clientId"], "Token": sres["RefreshToken"]})
    check("session: RevokeToken of another client's token refused", refused((st, got, _), "UnauthorizedException", "refresh-token-other-client"), got)
    st, got, _ = call("RevokeToken", {"ClientId": sec["clientId"], "Token": sres["RefreshToken"], "ClientSecret": sec["clientSecret"]})
    check("session: RevokeToken with the ClientSecret -> 200 {}", st == 200 and got == {}, got)
    check("session: the revoked refresh token is refused (GetTokensFromRefreshToken)",
          refused(gtfrt(sec, sres["RefreshToken"], ClientSecret=sec["clientSecret"]), "NotAuthorizedException", "refresh-token-revoked"))
    st, got, hdr = refresh_auth(sec, sres["RefreshToken"], SECRET_HASH=srp.secret_hash(sec["clientSecret"], suser["username"], sec["clientId"]))
    check("session: ... and by REFRESH_TOKEN_AUTH, 'Refresh Token has been revoked'",
          refused((st, got, hdr), "NotAuthorizedException") and got.get("message") == "Refresh Token has been revoked", got)
    st, got, _ = call("GetUser", {"AccessToken": sres["AccessToken"]})
    check("session: GetUser with an access token issued from it -> 'Access Token has been revoked'",
          st == 400 and got.get("message") == "Access Token has been revoked", got)
    check("session: ... ChangePassword too", refused(call("ChangePassword", {"AccessToken": sres["AccessToken"], "PreviousPassword": "Fresh-Passw0rd!",
                                                                         "ProposedPassword": "Other-Passw0rd!"}), "NotAuthorizedException", "access-token-revoked"))
    st, got, _ = call("RevokeToken", {"ClientId": sec["clientId"], "Token": sres["RefreshToken"], "ClientSecret": sec["clientSecret"]})
    check("session: revoking it again -> 200", st == 200, got)
    st, got, _ = call("RevokeToken", {"ClientId": spool["clients"]["norevoke"]["clientId"], "Token": "whatever"})
    check("session: RevokeToken on a client without token revocation -> UnsupportedOperationException",
          refused((st, got, _), "UnsupportedOperationException"), got)
    st, got, _ = call("GetUser", {"AccessToken": res["AccessToken"]})
    check("session: another user's tokens still work", st == 200, got)

    # GlobalSignOut
    g1 = password_sign_in(spool, "public", user)
    st, got, _ = call("GlobalSignOut", {"AccessToken": res["AccessToken"]})
    check("session: GlobalSignOut -> 200", st == 200, got)
    for label, token in (("first", res), ("second", g1)):
        check(f"session: after GlobalSignOut the {label} session's refresh token is refused",
              refused(gtfrt(pub, token["RefreshToken"]), "NotAuthorizedException", "refresh-token-revoked"))
        check(f"session: after GlobalSignOut the {label} session's access token is refused by GetUser",
              refused(call("GetUser", {"AccessToken": token["AccessToken"]}), "NotAuthorizedException", "access-token-revoked"))
    check("session: ... and by ListDevices (the front's own operation)",
          refused(call("ListDevices", {"AccessToken": g1["AccessToken"]}), "NotAuthorizedException", "access-token-revoked"))
    check("session: ... and GlobalSignOut itself",
          refused(call("GlobalSignOut", {"AccessToken": g1["AccessToken"]}), "NotAuthorizedException", "access-token-revoked"))
    g2 = password_sign_in(spool, "public", user)
    check("session: signing in again after GlobalSignOut works", call("GetUser", {"AccessToken": g2["AccessToken"]})[0] == 200)
    check("session: a garbage access token -> Invalid Access Token",
          refused(call("GetUser", {"AccessToken": "abc.def.ghi"}), "NotAuthorizedException", "access-token-malformed"))

    # lifetimes
    short = fresh_user(spool)
    req = urllib.request.Request(URL + "/_peer/token-lifetime", method="POST",
                                 data=json.dumps({"clientId": pub["clientId"], "seconds": 1}).encode())
    urllib.request.urlopen(req).read()
    try:
        sres2 = password_sign_in(spool, "public", short)
        a = jwt_payload(sres2["AccessToken"])
        check("session: token-lifetime 1 s -> ExpiresIn 1 and exp = iat + 1", sres2.get("ExpiresIn") == 1 and a["exp"] - a["iat"] == 1, sres2.get("ExpiresIn"))
        time.sleep(2.1)
        check("session: an expired access token -> 'Access Token has expired'",
              refused(call("GetUser", {"AccessToken": sres2["AccessToken"]}), "NotAuthorizedException", "access-token-expired"))
        st, got, _ = gtfrt(pub, sres2["RefreshToken"])
        check("session: ... and the refresh token still refreshes", st == 200 and got["AuthenticationResult"]["ExpiresIn"] == 1, got)
    finally:
        req = urllib.request.Request(URL + "/_peer/token-lifetime", method="POST",
                                     data=json.dumps({"clientId": pub["clientId"], "seconds": None}).encode())
        urllib.request.urlopen(req).read()

    req = urllib.request.Request(URL + "/_peer/token-lifetime", method="POST",
                                 data=json.dumps({"clientId": pub["clientId"], "refreshSeconds": 1}).encode())
    urllib.request.urlopen(req).read()
    try:
        rres2 = password_sign_in(spool, "public", short)
        time.sleep(1.2)
        check("session: a refresh token past its lifetime -> 'Refresh Token has expired'",
              refused(gtfrt(pub, rres2["RefreshToken"]), "NotAuthorizedException", "refresh-token-expired"))
    finally:
        req = urllib.request.Request(URL + "/_peer/token-lifetime", method="POST",
                                     data=json.dumps({"clientId": pub["clientId"], "refreshSeconds": None}).encode())
        urllib.request.urlopen(req).read()

    # device-bound refresh tokens (pool devauto: devices remembered at once)
    dpool = seed["pools"]["devauto"]
    dl = DeviceLogin(dpool, "public", dpool["users"]["dev"])
    _lg, (st, body, _h) = dl.sign_in()
    dres = body.get("AuthenticationResult", {})
    dkey = dres.get("NewDeviceMetadata", {}).get("DeviceKey")
    check("session: a device-tracking sign-in gets NewDeviceMetadata", st == 200 and dkey, body)
    dclient = dpool["clients"]["public"]
    check("session: a refresh token of an unconfirmed device is refused",
          refused(gtfrt(dclient, dres["RefreshToken"], DeviceKey=dkey), "NotAuthorizedException", "device-unconfirmed-or-forgotten"))
    dl.confirm(body)
    check("session: device-bound refresh token without DeviceKey refused",
          refused(gtfrt(dclient, dres["RefreshToken"]), "NotAuthorizedException", "device-key-missing"))
    check("session: ... with another DeviceKey refused",
          refused(gtfrt(dclient, dres["RefreshToken"], DeviceKey=dkey[:-1] + ("0" if dkey[-1] != "0" else "1")), "NotAuthorizedException", "device-key-mismatch"))
    check("session: ... REFRESH_TOKEN_AUTH without DEVICE_KEY refused",
          refused(refresh_auth(dclient, dres["RefreshToken"]), "NotAuthorizedException", "device-key-missing"))
    st, got, _ = gtfrt(dclient, dres["RefreshToken"], DeviceKey=dkey)
    check("session: ... with its DeviceKey -> tokens, no NewDeviceMetadata", st == 200 and "NewDeviceMetadata" not in got.get("AuthenticationResult", {}), got)
    st, got, _ = refresh_auth(dclient, dres["RefreshToken"], DEVICE_KEY=dkey)
    check("session: ... REFRESH_TOKEN_AUTH with DEVICE_KEY -> tokens", st == 200, got)
    call("ForgetDevice", {"AccessToken": dres["AccessToken"], "DeviceKey": dkey})
    check("session: after ForgetDevice its refresh token is refused",
          refused(gtfrt(dclient, dres["RefreshToken"], DeviceKey=dkey), "NotAuthorizedException", "device-unconfirmed-or-forgotten"))

    # a rotating client made at run time (CreateUserPoolClient) in a device-tracking pool, with 2-second tokens
    st, made, _ = call("CreateUserPoolClient", {"UserPoolId": dpool["userPoolId"], "ClientName": "selfcheck-rotating",
                                                "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH"], "AccessTokenValidity": 2,
                                                "IdTokenValidity": 2, "TokenValidityUnits": {"AccessToken": "seconds", "IdToken": "seconds"},
                                                "RefreshTokenRotation": {"Feature": "ENABLED", "RetryGracePeriodSeconds": 0}})
    rclient = {"clientId": made.get("UserPoolClient", {}).get("ClientId", "")}
    dpool_rot = {**dpool, "clients": {**dpool["clients"], "rot": rclient}}
    dres = password_sign_in(dpool_rot, "rot", {**dpool["users"]["dev"], "signInAs": dpool["users"]["dev"]["username"]})
    check("session: CreateUserPoolClient's TokenValidityUnits seconds -> ExpiresIn 2", dres.get("ExpiresIn") == 2, dres.get("ExpiresIn"))
    dl2 = DeviceLogin(dpool_rot, "rot", dpool["users"]["dev"])
    dl2.confirm({"AuthenticationResult": dres})
    dkey2 = dl2.key
    st, got, _ = gtfrt(rclient, dres["RefreshToken"], DeviceKey=dkey2)
    rotated = got.get("AuthenticationResult", {}).get("RefreshToken")
    check("session: rotation in a device pool -> a new RefreshToken", st == 200 and rotated, got)
    check("session: ... bound to the same device (refused without DeviceKey)",
          refused(gtfrt(rclient, rotated or "", ), "NotAuthorizedException", "device-key-missing"))
    check("session: ... and works with it", gtfrt(rclient, rotated or "", DeviceKey=dkey2)[0] == 200)

    # 50 concurrent refreshes: all answered, all counted
    from concurrent.futures import ThreadPoolExecutor
    cuser = fresh_user(spool)
    cres = password_sign_in(spool, "public", cuser)
    before = None
    with urllib.request.urlopen(URL + "/_peer/stats") as resp:
        before = json.loads(resp.read()).get(f"refresh:{pub['clientId']}", 0)
    with ThreadPoolExecutor(50) as pool_:
        statuses = list(pool_.map(lambda _i: gtfrt(pub, cres["RefreshToken"])[0], range(50)))
    with urllib.request.urlopen(URL + "/_peer/stats") as resp:
        after = json.loads(resp.read()).get(f"refresh:{pub['clientId']}", 0)
    check("session: 50 concurrent refreshes all answered 200 and counted 50", statuses == [200] * 50 and after - before == 50,
          (statuses.count(200), after - before))

    # counters and the one-shot refresh fault
    def stats() -> dict:
        with urllib.request.urlopen(URL + "/_peer/stats") as resp:
            return json.loads(resp.read())
    fuser = fresh_user(spool)
    fres = password_sign_in(spool, "public", fuser)
    before = stats().get(f"refresh:{pub['clientId']}", 0)
    req = urllib.request.Request(URL + "/_peer/refresh-fault", method="POST", data=json.dumps({"clientId": pub["clientId"], "kind": "5xx"}).encode())
    urllib.request.urlopen(req).read()
    st, got, _ = gtfrt(pub, fres["RefreshToken"])
    check("session: an armed refresh fault -> 500 InternalErrorException once", st == 500 and got.get("__type") == "InternalErrorException", (st, got))
    st, got, _ = gtfrt(pub, fres["RefreshToken"])
    check("session: ... then refresh works again", st == 200, got)
    check("session: /_peer/stats counts refresh:<clientId> per request", stats().get(f"refresh:{pub['clientId']}", 0) - before == 2)
    req = urllib.request.Request(URL + "/_peer/refresh-fault", method="POST", data=json.dumps({"clientId": pub["clientId"], "kind": "throttle"}).encode())
    urllib.request.urlopen(req).read()
    check("session: a throttle fault -> TooManyRequestsException on REFRESH_TOKEN_AUTH", refused(refresh_auth(pub, fres["RefreshToken"]), "TooManyRequestsException"))
    req = urllib.request.Request(URL + "/_peer/refresh-fault", method="POST", data=json.dumps({"clientId": pub["clientId"], "kind": "hang", "seconds": 1}).encode())
    urllib.request.urlopen(req).read()
    t0 = time.time()
    st, got, _ = gtfrt(pub, fres["RefreshToken"])
    check("session: a hang fault holds the answer, then 500", st == 500 and time.time() - t0 >= 1, (st, got, time.time() - t0))
    check("session: ... and the session is intact", gtfrt(pub, fres["RefreshToken"])[0] == 200)
    req = urllib.request.Request(URL + "/_peer/refresh-fault", method="POST", data=json.dumps({"clientId": pub["clientId"], "kind": "unknown"}).encode())
    urllib.request.urlopen(req).read()
    check("session: an 'unknown' fault leaves REFRESH_TOKEN_AUTH alone", refresh_auth(pub, fres["RefreshToken"])[0] == 200)
    check("session: ... and answers GetTokensFromRefreshToken with 400 UnknownOperationException once",
          refused(gtfrt(pub, fres["RefreshToken"]), "UnknownOperationException") and gtfrt(pub, fres["RefreshToken"])[0] == 200)

    # AdminUserGlobalSignOut (moto's operation) is enforced too
    auser = fresh_user(spool)
    ares = password_sign_in(spool, "public", auser)
    st, got, _ = call("AdminUserGlobalSignOut", {"UserPoolId": spool["userPoolId"], "Username": auser["username"]})
    check("session: AdminUserGlobalSignOut -> 200", st == 200, got)
    check("session: ... its refresh token refused", refused(gtfrt(pub, ares["RefreshToken"]), "NotAuthorizedException", "refresh-token-revoked"))
    check("session: ... its access token refused as revoked", refused(call("GetUser", {"AccessToken": ares["AccessToken"]}), "NotAuthorizedException", "access-token-revoked"))


def account_checks(seed: dict) -> None:
    """17. sign-up, codes, passwords, attributes, DeleteUser (account.py)."""
    spool = seed["pools"]["session"]
    pub, sec = spool["clients"]["public"], spool["clients"]["secret"]

    def code(purpose: str, name: str) -> str:
        with urllib.request.urlopen(URL + f"/_peer/code/{purpose}/" + urllib.parse.quote(name)) as resp:
            return json.loads(resp.read())["code"]

    def expire(purpose: str, name: str) -> None:
        req = urllib.request.Request(URL + "/_peer/expire-code", method="POST", data=json.dumps({"purpose": purpose, "username": name}).encode())
        urllib.request.urlopen(req).read()

    def sh(client: dict, name: str) -> dict:
        return {"SecretHash": srp.secret_hash(client["clientSecret"], name, client["clientId"])} if "clientSecret" in client else {}

    name = "signup-" + base64.b32encode(os.urandom(5)).decode().lower()
    body = {"ClientId": sec["clientId"], "Username": name, "Password": "Signup-Passw0rd!",
            "UserAttributes": [{"Name": "email", "Value": "signup@example.com"}]}
    check("account: SignUp on a secret client without SecretHash refused", refused(call("SignUp", body), "NotAuthorizedException", "secret-hash-missing"))
    check("account: SignUp with a SecretHash over another name refused",
          refused(call("SignUp", {**body, **sh(sec, name + "x")}), "NotAuthorizedException", "secret-hash"))
    check("account: SignUp with a weak password -> InvalidPasswordException",
          refused(call("SignUp", {**body, "Password": "weakpass", **sh(sec, name)}), "InvalidPasswordException"))
    st, got, _ = call("SignUp", {**body, **sh(sec, name)})
    check("account: SignUp -> UserConfirmed false, UserSub, CodeDeliveryDetails (masked email)",
          st == 200 and got.get("UserConfirmed") is False and got.get("UserSub")
          and got.get("CodeDeliveryDetails") == {"Destination": "s***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}, got)
    check("account: SignUp of an existing user -> UsernameExistsException",
          refused(call("SignUp", {**body, **sh(sec, name)}), "UsernameExistsException"))
    c1 = code("signup", name)
    wrong = "000000" if c1 != "000000" else "111111"
    confirm = {"ClientId": sec["clientId"], "Username": name, **sh(sec, name)}
    check("account: ConfirmSignUp without SecretHash refused",
          refused(call("ConfirmSignUp", {"ClientId": sec["clientId"], "Username": name, "ConfirmationCode": c1}), "NotAuthorizedException", "secret-hash-missing"))
    check("account: ConfirmSignUp with a wrong code -> CodeMismatchException",
          refused(call("ConfirmSignUp", {**confirm, "ConfirmationCode": wrong}), "CodeMismatchException"))
    st, got, _ = call("ResendConfirmationCode", {"ClientId": sec["clientId"], "Username": name, **sh(sec, name)})
    c2 = code("signup", name)
    check("account: ResendConfirmationCode -> CodeDeliveryDetails and a new code", st == 200 and got.get("CodeDeliveryDetails"), got)
    if c2 != c1:
        check("account: the replaced code no longer confirms", refused(call("ConfirmSignUp", {**confirm, "ConfirmationCode": c1}), "CodeMismatchException"))
    expire("signup", name)
    check("account: an expired code -> ExpiredCodeException", refused(call("ConfirmSignUp", {**confirm, "ConfirmationCode": c2}), "ExpiredCodeException"))
    call("ResendConfirmationCode", {"ClientId": sec["clientId"], "Username": name, **sh(sec, name)})
    c3 = code("signup", name)
    bad = "000000" if c3 != "000000" else "111111"
    results = [call("ConfirmSignUp", {**confirm, "ConfirmationCode": bad})[1].get("__type") for _ in range(6)]
    check("account: 5 wrong codes -> CodeMismatchException, then LimitExceededException",
          results == ["CodeMismatchException"] * 5 + ["LimitExceededException"], results)
    check("account: ... the right code too, until a new one is sent",
          refused(call("ConfirmSignUp", {**confirm, "ConfirmationCode": c3}), "LimitExceededException"))
    sends = [call("ResendConfirmationCode", {"ClientId": sec["clientId"], "Username": name, **sh(sec, name)})[1].get("__type") for _ in range(4)]
    check("account: a 6th send within the hour -> LimitExceededException", sends[:2] == [None, None] and sends[-1] == "LimitExceededException", sends)
    # (sends: 2 resends above + these; the last one past 5)
    st, got, _ = call("ConfirmSignUp", {**confirm, "ConfirmationCode": code("signup", name)})
    check("account: ConfirmSignUp with the right code -> 200", st == 200, got)
    check("account: confirming again -> NotAuthorizedException",
          refused(call("ConfirmSignUp", {**confirm, "ConfirmationCode": "123456"}), "NotAuthorizedException", "user-not-unconfirmed"))
    check("account: ResendConfirmationCode for a confirmed user -> InvalidParameterException",
          refused(call("ResendConfirmationCode", {"ClientId": sec["clientId"], "Username": name, **sh(sec, name)}), "InvalidParameterException"))
    user = {"username": name, "signInAs": name, "password": "Signup-Passw0rd!"}
    res = password_sign_in(spool, "secret", user)
    st, got, _ = call("GetUser", {"AccessToken": res.get("AccessToken", "")})
    attrs = {a["Name"]: a["Value"] for a in got.get("UserAttributes", [])}
    check("account: the confirmed user signs in; email_verified true; GetUser has Cognito's shape",
          st == 200 and attrs.get("email_verified") == "true" and "UserStatus" not in got and "Enabled" not in got, got)

    # forgot password
    fbody = {"ClientId": sec["clientId"], "Username": name}
    check("account: ForgotPassword without SecretHash refused", refused(call("ForgotPassword", fbody), "NotAuthorizedException", "secret-hash-missing"))
    st, got, _ = call("ForgotPassword", {**fbody, **sh(sec, name)})
    check("account: ForgotPassword -> CodeDeliveryDetails", st == 200 and got.get("CodeDeliveryDetails", {}).get("DeliveryMedium") == "EMAIL", got)
    fc = code("forgot", name)
    cf = {**fbody, **sh(sec, name), "Password": "Reset-Passw0rd!"}
    check("account: ConfirmForgotPassword with a wrong code -> CodeMismatchException",
          refused(call("ConfirmForgotPassword", {**cf, "ConfirmationCode": "000000" if fc != "000000" else "111111"}), "CodeMismatchException"))
    check("account: ConfirmForgotPassword with a weak password -> InvalidPasswordException",
          refused(call("ConfirmForgotPassword", {**cf, "ConfirmationCode": fc, "Password": "short"}), "InvalidPasswordException"))
    st, got, _ = call("ConfirmForgotPassword", {**cf, "ConfirmationCode": fc})
    check("account: ConfirmForgotPassword -> 200; the new password signs in", st == 200 and password_sign_in(spool, "secret", {**user, "password": "Reset-Passw0rd!"}).get("AccessToken"), got)
    check("account: ... the old one no longer does", not password_sign_in(spool, "secret", user).get("AccessToken"))
    check("account: ForgotPassword of an unknown user -> UserNotFoundException",
          refused(call("ForgotPassword", {"ClientId": pub["clientId"], "Username": "nobody-here"}), "UserNotFoundException"))
    check("account: ForgotPassword of a user without a verified contact -> InvalidParameterException",
          refused(call("ForgotPassword", {"ClientId": pub["clientId"], "Username": spool["users"]["nomail"]["username"]}), "InvalidParameterException"))

    # signed-in operations
    user["password"] = "Reset-Passw0rd!"
    res = password_sign_in(spool, "secret", user)
    at = res["AccessToken"]
    check("account: ChangePassword with a wrong previous password -> NotAuthorizedException",
          refused(call("ChangePassword", {"AccessToken": at, "PreviousPassword": "Wrong-Passw0rd!", "ProposedPassword": "Next-Passw0rd!"}),
                  "NotAuthorizedException", "previous-password"))
    check("account: ChangePassword to a weak password -> InvalidPasswordException",
          refused(call("ChangePassword", {"AccessToken": at, "PreviousPassword": "Reset-Passw0rd!", "ProposedPassword": "weak"}), "InvalidPasswordException"))
    st, got, _ = call("ChangePassword", {"AccessToken": at, "PreviousPassword": "Reset-Passw0rd!", "ProposedPassword": "Next-Passw0rd!"})
    check("account: ChangePassword -> 200", st == 200, got)
    st, got, _ = call("UpdateUserAttributes", {"AccessToken": at, "UserAttributes": [{"Name": "email", "Value": "new@example.org"}]})
    check("account: UpdateUserAttributes of email -> CodeDeliveryDetailsList (auto-verified pool)",
          st == 200 and got.get("CodeDeliveryDetailsList") == [{"Destination": "n***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}], got)
    attrs = {a["Name"]: a["Value"] for a in call("GetUser", {"AccessToken": at})[1].get("UserAttributes", [])}
    check("account: ... email_verified false until verified", attrs.get("email") == "new@example.org" and attrs.get("email_verified") == "false", attrs)
    check("account: VerifyUserAttribute with a wrong code -> CodeMismatchException",
          refused(call("VerifyUserAttribute", {"AccessToken": at, "AttributeName": "email", "Code": "000000" if code("verify-email", name) != "000000" else "111111"}),
                  "CodeMismatchException"))
    st, got, _ = call("GetUserAttributeVerificationCode", {"AccessToken": at, "AttributeName": "email"})
    check("account: GetUserAttributeVerificationCode -> CodeDeliveryDetails", st == 200 and got.get("CodeDeliveryDetails", {}).get("AttributeName") == "email", got)
    st, got, _ = call("VerifyUserAttribute", {"AccessToken": at, "AttributeName": "email", "Code": code("verify-email", name)})
    attrs = {a["Name"]: a["Value"] for a in call("GetUser", {"AccessToken": at})[1].get("UserAttributes", [])}
    check("account: VerifyUserAttribute -> email_verified true", st == 200 and attrs.get("email_verified") == "true", (got, attrs))
    st, got, _ = call("DeleteUserAttributes", {"AccessToken": at, "UserAttributeNames": ["name"]})
    check("account: DeleteUserAttributes of an attribute the user lacks -> InvalidParameterException", refused((st, got, _), "InvalidParameterException"), got)
    call("UpdateUserAttributes", {"AccessToken": at, "UserAttributes": [{"Name": "name", "Value": "Temp"}]})
    st, got, _ = call("DeleteUserAttributes", {"AccessToken": at, "UserAttributeNames": ["name"]})
    attrs = {a["Name"]: a["Value"] for a in call("GetUser", {"AccessToken": at})[1].get("UserAttributes", [])}
    check("account: DeleteUserAttributes -> gone", st == 200 and "name" not in attrs, (got, attrs))
    st, got, hdr = call("SetUserMFAPreference", {"AccessToken": at, "EmailMfaSettings": {"Enabled": True, "PreferredMfa": True}})
    check("account: SetUserMFAPreference email MFA in a pool without email MFA -> InvalidParameterException",
          refused((st, got, hdr), "InvalidParameterException", "email-mfa-not-offered"), got)
    st, got, _ = call("DeleteUser", {"AccessToken": at})
    check("account: DeleteUser -> 200", st == 200, got)
    check("account: ... its access token refused (User does not exist.)",
          refused(call("GetUser", {"AccessToken": at}), "NotAuthorizedException", "access-token-user-deleted"))
    check("account: ... its refresh token refused (User does not exist.)", refused(call("InitiateAuth", {
        "AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": sec["clientId"],
        "AuthParameters": {"REFRESH_TOKEN": res["RefreshToken"], "SECRET_HASH": srp.secret_hash(sec["clientSecret"], name, sec["clientId"])}}),
        "NotAuthorizedException", "refresh-token-user-missing"))
    st, got, _ = call("InitiateAuth", {"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": pub["clientId"],
                                        "AuthParameters": {"USERNAME": name, "PASSWORD": "Next-Passw0rd!"}})
    check("account: ... and sign-in -> UserNotFoundException", refused((st, got, {}), "UserNotFoundException"), got)
    st, got, _ = call("SignUp", {"ClientId": pub["clientId"], "Username": name, "Password": "Again-Passw0rd!",
                                 "UserAttributes": [{"Name": "email", "Value": "again@example.com"}]})
    call("ConfirmSignUp", {"ClientId": pub["clientId"], "Username": name, "ConfirmationCode": code("signup", name)})
    again = password_sign_in(spool, "public", {"signInAs": name, "password": "Again-Passw0rd!"})
    check("account: a new user under the deleted name signs in and uses its tokens",
          call("GetUser", {"AccessToken": again.get("AccessToken", "")})[0] == 200
          and call("GetTokensFromRefreshToken", {"ClientId": pub["clientId"], "RefreshToken": again.get("RefreshToken", "")})[0] == 200, again)
    check("account: ... while the deleted user's token stays refused",
          refused(call("GetUser", {"AccessToken": at}), "NotAuthorizedException", "access-token-user-deleted"))

    # email MFA by SetUserMFAPreference (pool emailmfa offers it; moto ignores EmailMfaSettings)
    epool = seed["pools"]["emailmfa"]
    euser = fresh_user(epool, email="erin@example.com")
    eres = password_sign_in(epool, "public", euser)
    st, got, _ = call("SetUserMFAPreference", {"AccessToken": eres.get("AccessToken", ""), "EmailMfaSettings": {"Enabled": True, "PreferredMfa": True}})
    check("account: SetUserMFAPreference enables and prefers email MFA", st == 200, got)
    st, got, _ = call("GetUser", {"AccessToken": eres.get("AccessToken", "")})
    check("account: GetUser -> UserMFASettingList [EMAIL_OTP], PreferredMfaSetting EMAIL_OTP",
          st == 200 and got.get("UserMFASettingList") == ["EMAIL_OTP"] and got.get("PreferredMfaSetting") == "EMAIL_OTP", got)
    st, body, _ = call("InitiateAuth", {"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": epool["clients"]["public"]["clientId"],
                                        "AuthParameters": {"USERNAME": euser["username"], "PASSWORD": euser["password"]}})
    check("account: ... the next sign-in asks EMAIL_OTP", st == 200 and body.get("ChallengeName") == "EMAIL_OTP", body)

    # TOTP set up with an access token in a pool whose MFA is optional (moto would ask every
    # user with a verified token for a code; Cognito only users with TOTP MFA enabled)
    tpool = seed["pools"]["totp"]
    tuser2 = fresh_user(tpool, email="tom@example.com")
    tclient = tpool["clients"]["public"]["clientId"]

    def totp_sign_in() -> dict:
        return call("InitiateAuth", {"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": tclient,
                                     "AuthParameters": {"USERNAME": tuser2["username"], "PASSWORD": tuser2["password"]}})[1]

    tat = totp_sign_in().get("AuthenticationResult", {}).get("AccessToken", "")
    st, assoc, _ = call("AssociateSoftwareToken", {"AccessToken": tat})
    st, ver, _ = call("VerifySoftwareToken", {"AccessToken": tat, "UserCode": totp(assoc.get("SecretCode", "AAAA"))})
    check("account: VerifySoftwareToken(AccessToken) -> SUCCESS", st == 200 and ver.get("Status") == "SUCCESS", ver)
    check("account: ... a verified token alone asks no code at sign-in", "AuthenticationResult" in totp_sign_in())
    st, got, _ = call("SetUserMFAPreference", {"AccessToken": tat, "SoftwareTokenMfaSettings": {"Enabled": True, "PreferredMfa": True}})
    check("account: SetUserMFAPreference enables TOTP -> the next sign-in asks SOFTWARE_TOKEN_MFA",
          st == 200 and totp_sign_in().get("ChallengeName") == "SOFTWARE_TOKEN_MFA", got)
    st, got, _ = call("SetUserMFAPreference", {"AccessToken": tat, "SoftwareTokenMfaSettings": {"Enabled": False, "PreferredMfa": False}})
    check("account: SetUserMFAPreference disables TOTP -> the next sign-in asks no code",
          st == 200 and "AuthenticationResult" in totp_sign_in(), got)
    st, got, _ = call("SetUserMFAPreference", {"AccessToken": tat, "SoftwareTokenMfaSettings": {"Enabled": True, "PreferredMfa": True}})
    check("account: ... and enabled again asks it again", st == 200 and totp_sign_in().get("ChallengeName") == "SOFTWARE_TOKEN_MFA", got)


if __name__ == "__main__":
    sys.exit(main())
