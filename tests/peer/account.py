"""Account operations with codes the tests can read; moto does not check sign-up codes, fakes
forgot-password codes, sends no attribute verification codes and lacks DeleteUser /
DeleteUserAttributes / ResendConfirmationCode / GetUserAttributeVerificationCode /
VerifyUserAttribute.

Codes: 6 digits, one live code per (user, purpose); a new one replaces the old. Purposes and
lifetimes (Cognito's): `signup` 24 h, `forgot` 1 h, `verify-email` / `verify-phone_number` 24 h.
Readable at `GET /_peer/code/<purpose>/<username>` (internal username or the name typed when it
was sent); `POST /_peer/expire-code {purpose, username}` ages it past its lifetime.
- A wrong code -> `CodeMismatchException`; after `MAX_WRONG` (5) wrong codes for one code every
  attempt (the right code too) -> `LimitExceededException` until a new code is sent; an expired
  code -> `ExpiredCodeException`.
- Sending again (ResendConfirmationCode, ForgotPassword, GetUserAttributeVerificationCode): at most
  `MAX_SENDS` (5) per user and purpose in `SEND_WINDOW` (1 h), then `LimitExceededException`.
- ChangePassword: after `MAX_WRONG` wrong previous passwords in a row, `LimitExceededException`.
- Passwords are checked against the pool's PasswordPolicy with Cognito's defaults (8 characters,
  upper, lower, digit, symbol) -> `InvalidPasswordException` "Password did not conform with
  policy: ...".
- Operations with a ClientId need `SecretHash` over the username as typed when the client has a
  secret.
"""
from __future__ import annotations

import hmac
import re
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from moto.cognitoidp.models import UserStatus
from werkzeug.wrappers import Request, Response

from auth import check_secret_hash, resolve_user
from errors import CognitoError, invalid_parameter, missing_parameter, not_authorized
from front import PREFIX_ROUTES, Ctx, FrontState, json_response, operation, require_str
from session import check_access_token, delete_user_tokens

CODE_TTL = {"signup": 24 * 3600, "forgot": 3600, "verify-email": 24 * 3600, "verify-phone_number": 24 * 3600}
MAX_WRONG = 5
MAX_SENDS = 5
SEND_WINDOW = 3600
SYMBOLS = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- "

CODE_MISMATCH = "Invalid verification code provided, please try again."
CODE_EXPIRED = "Invalid code provided, please request a code again."
LIMIT = "Attempt limit exceeded, please try after some time."
NO_USER = "Username/client id combination not found."


@dataclass
class Code:
    purpose: str
    pool_id: str
    username: str  # internal
    code: str
    created: float
    expires: float
    attribute: str
    medium: str
    destination: str  # full address / number
    wrong: int = 0


@dataclass
class AccountState:
    codes: dict[tuple[str, str, str], Code] = field(default_factory=dict)  # (pool, username, purpose)
    by_name: dict[tuple[str, str], Code] = field(default_factory=dict)  # (purpose, internal or typed name)
    sends: dict[tuple[str, str, str], list[float]] = field(default_factory=dict)
    wrong_passwords: dict[tuple[str, str], int] = field(default_factory=dict)


def accounts(state: FrontState) -> AccountState:
    st = getattr(state, "account_state", None)
    if st is None:
        with state.lock:
            st = getattr(state, "account_state", None)
            if st is None:
                st = AccountState()
                state.account_state = st  # type: ignore[attr-defined]
    return st


# ---------------------------------------------------------------- helpers
def mask(attribute: str, value: str) -> str:
    if attribute == "email" and "@" in value:
        name, domain = value.split("@", 1)
        return f"{name[:1]}***@{domain[:1]}***"
    return "+*******" + value[-4:]


def details(code: Code) -> dict[str, str]:
    return {"Destination": mask(code.attribute, code.destination), "DeliveryMedium": code.medium,
            "AttributeName": code.attribute}


def _client(state: FrontState, body: dict[str, Any]) -> tuple[Any, Any, Any]:
    client_id = body.get("ClientId")
    if not isinstance(client_id, str) or not client_id:
        raise missing_parameter("ClientId")
    found = state.find_client(client_id)
    if found is None:
        raise CognitoError("ResourceNotFoundException", f"User pool client {client_id} does not exist.",
                           reason="client-unknown")
    return found


def _client_user(state: FrontState, ctx: Ctx) -> tuple[Any, Any, Any, str]:
    """(pool, client, user or None, typed) for an operation with ClientId, SecretHash, Username."""
    _backend, pool, client = _client(state, ctx.body)
    typed = require_str(ctx.body, "Username")
    check_secret_hash(client, typed, ctx.body.get("SecretHash"), "secret-hash")
    return pool, client, resolve_user(pool, typed), typed


def check_password(pool: Any, password: str) -> None:
    policy = (pool.extended_config.get("Policies") or {}).get("PasswordPolicy") or {}
    problems = [
        (len(password) < policy.get("MinimumLength", 8), "Password not long enough"),
        (policy.get("RequireLowercase", True) and not re.search(r"[a-z]", password),
         "Password must have lowercase characters"),
        (policy.get("RequireUppercase", True) and not re.search(r"[A-Z]", password),
         "Password must have uppercase characters"),
        (policy.get("RequireNumbers", True) and not re.search(r"[0-9]", password),
         "Password must have numeric characters"),
        (policy.get("RequireSymbols", True) and not any(c in SYMBOLS for c in password),
         "Password must have symbol characters"),
    ]
    for failed, message in problems:
        if failed:
            raise CognitoError("InvalidPasswordException", f"Password did not conform with policy: {message}",
                               reason="password-policy")


def _verified(user: Any, attribute: str) -> bool:
    return user.attribute_lookup.get(f"{attribute}_verified") == "true"


def signup_delivery(pool: Any, user: Any) -> tuple[str, str] | None:
    """The attribute a sign-up code goes to: one the pool verifies automatically and the user has."""
    auto = pool.extended_config.get("AutoVerifiedAttributes") or []
    for attribute in ("phone_number", "email"):
        if attribute in auto and user.attribute_lookup.get(attribute):
            return attribute, user.attribute_lookup[attribute]
    return None


def recovery_delivery(pool: Any, user: Any) -> tuple[str, str]:
    setting = (pool.extended_config.get("AccountRecoverySetting") or {}).get("RecoveryMechanisms")
    mechanisms = sorted(setting or [{"Priority": 1, "Name": "verified_phone_number"},
                                    {"Priority": 2, "Name": "verified_email"}], key=lambda m: m.get("Priority", 9))
    if mechanisms and mechanisms[0].get("Name") == "admin_only":
        raise not_authorized("Contact administrator to reset password.", reason="recovery-admin-only")
    for mech in mechanisms:
        attribute = {"verified_email": "email", "verified_phone_number": "phone_number"}.get(mech.get("Name"))
        if attribute and user.attribute_lookup.get(attribute) and _verified(user, attribute):
            return attribute, user.attribute_lookup[attribute]
    raise invalid_parameter("Cannot reset password for the user as there is no registered/verified email or "
                            "phone_number", reason="recovery-no-verified-contact")


def _count_send(state: FrontState, key: tuple[str, str, str]) -> None:
    now = time.time()
    with state.lock:
        sends = [t for t in accounts(state).sends.get(key, []) if now - t < SEND_WINDOW]
        if len(sends) >= MAX_SENDS:
            accounts(state).sends[key] = sends
            state.count("code:send-limit")
            raise CognitoError("LimitExceededException", LIMIT, reason="code-send-limit")
        sends.append(now)
        accounts(state).sends[key] = sends


def issue_code(state: FrontState, pool: Any, user: Any, purpose: str, attribute: str, destination: str,
               typed: str | None = None) -> Code:
    now = time.time()
    code = Code(purpose=purpose, pool_id=pool.id, username=user.username, code=f"{secrets.randbelow(10 ** 6):06d}",
                created=now, expires=now + CODE_TTL[purpose], attribute=attribute,
                medium="EMAIL" if attribute == "email" else "SMS", destination=destination)
    acc = accounts(state)
    with state.lock:
        acc.codes[(pool.id, user.username, purpose)] = code
        acc.by_name[(purpose, user.username)] = code
        if typed:
            acc.by_name[(purpose, typed)] = code
    state.count(f"code:sent:{purpose}")
    return code


def check_code(state: FrontState, pool: Any, username: str, purpose: str, given: Any) -> Code:
    """The live code of this purpose, checked against `given` (not consumed: see `spend_code`)."""
    with state.lock:
        code = accounts(state).codes.get((pool.id, username, purpose))
        if code is None:
            state.count("code:none")
            raise CognitoError("CodeMismatchException", CODE_MISMATCH, reason="code-none")
        if code.wrong >= MAX_WRONG:
            state.count("code:limit")
            raise CognitoError("LimitExceededException", LIMIT, reason="code-attempt-limit")
        if time.time() > code.expires:
            state.count("code:expired")
            raise CognitoError("ExpiredCodeException", CODE_EXPIRED, reason="code-expired")
        if not isinstance(given, str) or not hmac.compare_digest(given.encode(), code.code.encode()):
            code.wrong += 1
            state.count("code:mismatch")
            raise CognitoError("CodeMismatchException", CODE_MISMATCH, reason="code-mismatch")
    return code


def spend_code(state: FrontState, code: Code) -> None:
    acc = accounts(state)
    with state.lock:
        acc.codes.pop((code.pool_id, code.username, code.purpose), None)
        acc.sends.pop((code.pool_id, code.username, code.purpose), None)
    state.count(f"code:ok:{code.purpose}")


def _set_attrs(state: FrontState, user: Any, attrs: dict[str, str]) -> None:
    with state.lock:
        user.update_attributes([{"Name": k, "Value": v} for k, v in attrs.items()])


def _moto_error(err: Exception) -> CognitoError:
    return CognitoError(getattr(err, "error_type", "InvalidParameterException"),
                        getattr(err, "message", None) or str(err), reason="moto")


# ---------------------------------------------------------------- sign-up
@operation("SignUp")
def sign_up(state: FrontState, ctx: Ctx) -> Any:
    _backend, pool, client = _client(state, ctx.body)
    typed = require_str(ctx.body, "Username")
    password = require_str(ctx.body, "Password")
    check_secret_hash(client, typed, ctx.body.get("SecretHash"), "secret-hash")
    if resolve_user(pool, typed) is not None:
        message = ("An account with the given email already exists." if "@" in typed
                   and "email" in (pool.extended_config.get("UsernameAttributes") or []) else "User already exists")
        raise CognitoError("UsernameExistsException", message, reason="username-exists")
    check_password(pool, password)
    body = {k: v for k, v in ctx.body.items() if k != "SecretHash"}
    answer = state.call_moto(ctx, body)
    data = answer.json()
    if answer.status != 200 or not isinstance(data, dict):
        return answer.response()  # moto: username format for email/phone pools, ...
    user = next((u for u in pool.users.values() if u.id == data.get("UserSub")), None)
    out = {"UserConfirmed": False, "UserSub": data.get("UserSub")}
    delivery = signup_delivery(pool, user) if user is not None else None
    if delivery is not None:
        out["CodeDeliveryDetails"] = details(issue_code(state, pool, user, "signup", *delivery, typed=typed))
    state.count("account:sign-up")
    return out


@operation("ConfirmSignUp")
def confirm_sign_up(state: FrontState, ctx: Ctx) -> Any:
    pool, _client_, user, _typed = _client_user(state, ctx)
    given = require_str(ctx.body, "ConfirmationCode")
    if user is None:
        raise CognitoError("UserNotFoundException", NO_USER, reason="user-unknown")
    if user.status != UserStatus.UNCONFIRMED:
        raise not_authorized(f"User cannot be confirmed. Current status is {getattr(user.status, 'value', user.status)}",
                             reason="user-not-unconfirmed")
    code = check_code(state, pool, user.username, "signup", given)
    with state.lock:
        user.status = UserStatus.CONFIRMED
    _set_attrs(state, user, {f"{code.attribute}_verified": "true"})
    spend_code(state, code)
    return {}


@operation("ResendConfirmationCode")
def resend_confirmation_code(state: FrontState, ctx: Ctx) -> Any:
    pool, _client_, user, typed = _client_user(state, ctx)
    if user is None:
        raise CognitoError("UserNotFoundException", NO_USER, reason="user-unknown")
    if user.status != UserStatus.UNCONFIRMED:
        raise invalid_parameter("User is already confirmed.", reason="user-confirmed")
    delivery = signup_delivery(pool, user)
    if delivery is None:
        raise invalid_parameter("Cannot resend codes. Auto verification not turned on.", reason="no-auto-verification")
    _count_send(state, (pool.id, user.username, "signup"))
    return {"CodeDeliveryDetails": details(issue_code(state, pool, user, "signup", *delivery, typed=typed))}


# ---------------------------------------------------------------- forgotten password
@operation("ForgotPassword")
def forgot_password(state: FrontState, ctx: Ctx) -> Any:
    pool, _client_, user, typed = _client_user(state, ctx)
    if user is None:
        raise CognitoError("UserNotFoundException", NO_USER, reason="user-unknown")
    if not user.enabled:
        raise not_authorized("User is disabled.", reason="user-disabled")
    delivery = recovery_delivery(pool, user)
    _count_send(state, (pool.id, user.username, "forgot"))
    return {"CodeDeliveryDetails": details(issue_code(state, pool, user, "forgot", *delivery, typed=typed))}


@operation("ConfirmForgotPassword")
def confirm_forgot_password(state: FrontState, ctx: Ctx) -> Any:
    pool, _client_, user, _typed = _client_user(state, ctx)
    given = require_str(ctx.body, "ConfirmationCode")
    password = require_str(ctx.body, "Password")
    if user is None:
        raise CognitoError("UserNotFoundException", NO_USER, reason="user-unknown")
    code = check_code(state, pool, user.username, "forgot", given)
    check_password(pool, password)
    with state.lock:
        user.password = password
        if user.status in (UserStatus.RESET_REQUIRED, UserStatus.FORCE_CHANGE_PASSWORD):
            user.status = UserStatus.CONFIRMED
    spend_code(state, code)
    return {}


# ---------------------------------------------------------------- signed-in user
def _signed_in(state: FrontState, ctx: Ctx) -> tuple[Any, Any, Any]:
    backend, pool, username = check_access_token(state, ctx.body.get("AccessToken"))
    return backend, pool, pool.users[username]


@operation("ChangePassword")
def change_password(state: FrontState, ctx: Ctx) -> Any:
    _backend, pool, user = _signed_in(state, ctx)
    previous = require_str(ctx.body, "PreviousPassword")
    proposed = require_str(ctx.body, "ProposedPassword")
    key = (pool.id, user.username)
    acc = accounts(state)
    with state.lock:
        if acc.wrong_passwords.get(key, 0) >= MAX_WRONG:
            raise CognitoError("LimitExceededException", LIMIT, reason="password-attempt-limit")
        if not isinstance(user.password, str) or not hmac.compare_digest(previous.encode(), user.password.encode()):
            acc.wrong_passwords[key] = acc.wrong_passwords.get(key, 0) + 1
            raise not_authorized(reason="previous-password")
    check_password(pool, proposed)
    with state.lock:
        acc.wrong_passwords.pop(key, None)
        user.password = proposed
    return {}


@operation("GetUser")
def get_user(state: FrontState, ctx: Ctx) -> Any:
    _backend, _pool, user = _signed_in(state, ctx)
    factors = []
    if user.sms_mfa_enabled:
        factors.append("SMS_MFA")
    if user.software_token_mfa_enabled:
        factors.append("SOFTWARE_TOKEN_MFA")
    if getattr(user, "email_mfa_enabled", False):
        factors.append("EMAIL_OTP")
    out: dict[str, Any] = {"Username": user.username, "UserAttributes": list(user.attributes)}
    if factors:
        out["UserMFASettingList"] = factors
    if user.preferred_mfa_setting:
        out["PreferredMfaSetting"] = user.preferred_mfa_setting
    return out


@operation("SetUserMFAPreference")
def set_user_mfa_preference(state: FrontState, ctx: Ctx) -> Any:
    _backend, pool, user = _signed_in(state, ctx)
    email = ctx.body.get("EmailMfaSettings")
    if isinstance(email, dict) and email.get("Enabled"):
        if getattr(pool, "email_mfa_config", None) is None:  # seed.py keeps EmailMfaConfiguration here
            raise invalid_parameter("Email MFA is not enabled for this user pool.", reason="email-mfa-not-offered")
        if not user.attribute_lookup.get("email"):
            raise invalid_parameter("User does not have an email address.", reason="email-mfa-no-email")
    totp = ctx.body.get("SoftwareTokenMfaSettings")
    if isinstance(totp, dict) and totp.get("Enabled") and (pool.id, user.username) in state.totp_secrets:
        with state.lock:  # a token verified with an AccessToken (totp.py) may be enabled
            user.token_verified = True
    answer = state.call_moto(ctx)
    if answer.status == 200 and isinstance(totp, dict) and not totp.get("Enabled") and pool.mfa_config != "ON":
        # moto asks SOFTWARE_TOKEN_MFA of every user with a verified token; Cognito, in a pool
        # whose MFA is optional, only of a user with TOTP MFA enabled.
        with state.lock:
            user.token_verified = False
    if answer.status != 200 or not isinstance(email, dict):
        return answer.response()
    with state.lock:
        if "Enabled" in email:
            user.email_mfa_enabled = bool(email["Enabled"])
        if email.get("PreferredMfa") and user.email_mfa_enabled:
            user.preferred_mfa_setting = "EMAIL_OTP"
        elif user.preferred_mfa_setting == "EMAIL_OTP" and (email.get("PreferredMfa") is False or not user.email_mfa_enabled):
            user.preferred_mfa_setting = ""
    return {}


@operation("UpdateUserAttributes")
def update_user_attributes(state: FrontState, ctx: Ctx) -> Any:
    _backend, pool, user = _signed_in(state, ctx)
    attrs = ctx.body.get("UserAttributes")
    if not isinstance(attrs, list) or not attrs:
        raise missing_parameter("UserAttributes")
    before = dict(user.attribute_lookup)
    answer = state.call_moto(ctx)
    if answer.status != 200:
        return answer.response()
    auto = pool.extended_config.get("AutoVerifiedAttributes") or []
    out: list[dict[str, str]] = []
    for attribute in ("email", "phone_number"):
        value = user.attribute_lookup.get(attribute)
        if value is None or value == before.get(attribute):
            continue
        _set_attrs(state, user, {f"{attribute}_verified": "false"})
        if attribute in auto:
            out.append(details(issue_code(state, pool, user, f"verify-{attribute}", attribute, value)))
    return {"CodeDeliveryDetailsList": out} if out else {}


@operation("GetUserAttributeVerificationCode")
def get_user_attribute_verification_code(state: FrontState, ctx: Ctx) -> Any:
    _backend, pool, user = _signed_in(state, ctx)
    name = require_str(ctx.body, "AttributeName")
    if name not in ("email", "phone_number"):
        raise invalid_parameter(f"Invalid attribute name: {name} cannot be verified", reason="attribute-not-verifiable")
    value = user.attribute_lookup.get(name)
    if not value:
        raise invalid_parameter(f"User has no attribute {name}", reason="attribute-missing")
    _count_send(state, (pool.id, user.username, f"verify-{name}"))
    return {"CodeDeliveryDetails": details(issue_code(state, pool, user, f"verify-{name}", name, value))}


@operation("VerifyUserAttribute")
def verify_user_attribute(state: FrontState, ctx: Ctx) -> Any:
    _backend, pool, user = _signed_in(state, ctx)
    name = require_str(ctx.body, "AttributeName")
    given = require_str(ctx.body, "Code")
    if name not in ("email", "phone_number"):
        raise invalid_parameter(f"Invalid attribute name: {name} cannot be verified", reason="attribute-not-verifiable")
    code = check_code(state, pool, user.username, f"verify-{name}", given)
    if user.attribute_lookup.get(name) != code.destination:
        raise CognitoError("CodeMismatchException", CODE_MISMATCH, reason="code-for-an-old-value")
    _set_attrs(state, user, {f"{name}_verified": "true"})
    spend_code(state, code)
    return {}


@operation("DeleteUserAttributes")
def delete_user_attributes(state: FrontState, ctx: Ctx) -> Any:
    _backend, _pool, user = _signed_in(state, ctx)
    names = ctx.body.get("UserAttributeNames")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise missing_parameter("UserAttributeNames")
    with state.lock:
        try:
            user.delete_attributes(names)
        except Exception as err:  # moto's InvalidParameterException for a name the user lacks
            raise _moto_error(err)
    return {}


@operation("DeleteUser")
def delete_user(state: FrontState, ctx: Ctx) -> Any:
    _backend, pool, user = _signed_in(state, ctx)
    delete_user_tokens(state, pool, user.username)
    with state.lock:
        for group in list(user.groups):
            group.users.remove(user)
        pool.users.pop(user.username, None)
        for key in [k for k, d in state.devices.items() if d.pool_id == pool.id and d.username == user.username]:
            state.devices.pop(key, None)
    state.count("account:deleted")
    return {}


# ---------------------------------------------------------------- control routes
def code_route(state: FrontState, request: Request) -> Response | None:
    prefix = "/_peer/code/"
    if request.method == "GET" and request.path.startswith(prefix):
        purpose, _, name = request.path[len(prefix):].partition("/")
        with state.lock:
            code = accounts(state).by_name.get((purpose, name))
        if code is None:
            return json_response({"message": f"no {purpose} code sent to {name}"}, status=404)
        return json_response({"purpose": purpose, "username": code.username, "code": code.code,
                              "destination": code.destination, "medium": code.medium,
                              "attribute": code.attribute, "expiresAt": code.expires})
    if request.method == "POST" and request.path == "/_peer/expire-code":
        body = request.get_json(force=True, silent=True) or {}
        key = (body.get("purpose"), body.get("username")) if isinstance(body, dict) else None
        with state.lock:
            code = accounts(state).by_name.get(key) if key else None
            if code is not None:
                code.expires = time.time() - 1
        if code is None:
            return json_response({"message": "no such code"}, status=404)
        return json_response({"expired": True})
    return None


PREFIX_ROUTES.append(code_route)
