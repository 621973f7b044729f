"""Load seed.json into moto's in-process cognito-idp backend and describe what was made.

Seed file shape (see seed.json):
  {"region": "us-east-1", "randomSeed": 123,
   "pools": {"<key>": {"PoolName": "...", "config": {CreateUserPool input without PoolName},
                       "clients": {"<key>": {"GenerateSecret": bool, ...CreateUserPoolClient input}},
                       "users": {"<key>": {"username": "...", "password": "..." | "temporaryPassword": "...",
                                           "attributes": {"name": "value"}, "signInAs": "...",
                                           "mfa": "SMS_MFA" | "SOFTWARE_TOKEN_MFA" | "EMAIL_OTP" | [several, no preference],
                                           "totpSecret": base32 (optional; random when mfa has TOTP),
                                           "customAuth": {"challenges": [{"parameters": {...}, "answer": "..."}],
                                                          "maxAttempts": 3},
                                           "enabled": bool}}},
              "mfaConfig": {"MfaConfiguration": "ON" | "OPTIONAL" | "OFF",
                            "SoftwareTokenMfaConfiguration": {"Enabled": true}, "SmsMfaConfiguration": {...},
                            "EmailMfaConfiguration": {"Message": ..., "Subject": ...} (email MFA offered)}}}

`randomSeed` makes moto's ids (pool ids, client ids and secrets, subs) stable across restarts;
moto's random source is re-seeded from the OS afterwards so tokens and sessions stay unpredictable.
"""
from __future__ import annotations

import base64
import copy
import secrets
from typing import Any

from moto.cognitoidp.models import UserStatus, cognitoidp_backends
from moto.core import DEFAULT_ACCOUNT_ID
from moto.moto_api._internal import mock_random


def apply_seed(seed: dict[str, Any], account_id: str = DEFAULT_ACCOUNT_ID) -> dict[str, Any]:
    region = seed.get("region", "us-east-1")
    backend = cognitoidp_backends[account_id][region]
    if "randomSeed" in seed:
        mock_random.seed(seed["randomSeed"])
    try:
        pools_out: dict[str, Any] = {}
        for pool_key, pool_spec in seed.get("pools", {}).items():
            pools_out[pool_key] = _seed_pool(backend, pool_key, pool_spec)
    finally:
        mock_random.seed()  # back to OS entropy
    return {"region": region, "accountId": account_id, "pools": pools_out}


def _seed_pool(backend: Any, pool_key: str, spec: dict[str, Any]) -> dict[str, Any]:
    name = spec.get("PoolName", pool_key)
    pool = backend.create_user_pool(name, copy.deepcopy(spec.get("config", {})))
    out: dict[str, Any] = {
        "userPoolId": pool.id,
        "poolName": pool.id.split("_", 1)[1],
        "name": name,
        "usernameAttributes": pool.extended_config.get("UsernameAttributes", []),
        "aliasAttributes": pool.extended_config.get("AliasAttributes", []),
        "clients": {},
        "users": {},
    }
    mfa_cfg = spec.get("mfaConfig")
    if mfa_cfg:
        backend.set_user_pool_mfa_config(
            pool.id, mfa_cfg.get("SmsMfaConfiguration"), mfa_cfg.get("SoftwareTokenMfaConfiguration"),
            mfa_cfg.get("MfaConfiguration", "OFF"))
        out["mfaConfiguration"] = mfa_cfg.get("MfaConfiguration", "OFF")
        if mfa_cfg.get("EmailMfaConfiguration") is not None:  # moto drops it; email_otp.py reads it
            pool.email_mfa_config = copy.deepcopy(mfa_cfg["EmailMfaConfiguration"])
            out["emailMfa"] = True
    for client_key, cspec in spec.get("clients", {}).items():
        cfg = copy.deepcopy(cspec)
        generate_secret = bool(cfg.pop("GenerateSecret", False))
        cfg.setdefault("ClientName", client_key)
        client = backend.create_user_pool_client(pool.id, generate_secret, cfg)
        entry: dict[str, Any] = {"clientId": client.id}
        if generate_secret:
            entry["clientSecret"] = client.secret
        if cfg.get("RefreshTokenRotation"):  # session.py reads it from the client
            entry["refreshTokenRotation"] = copy.deepcopy(cfg["RefreshTokenRotation"])
        if cfg.get("EnableTokenRevocation") is False:
            entry["enableTokenRevocation"] = False
        out["clients"][client_key] = entry

    for user_key, uspec in spec.get("users", {}).items():
        typed = uspec["username"]
        attrs = [{"Name": k, "Value": v} for k, v in uspec.get("attributes", {}).items()]
        temporary = uspec.get("temporaryPassword")
        permanent = uspec.get("password")
        user = backend.admin_create_user(pool.id, typed, None, temporary or permanent, attrs)
        if permanent and not temporary:
            backend.admin_set_user_password(pool.id, user.username, permanent, True)
        mfa = uspec.get("mfa")
        factors = mfa if isinstance(mfa, list) else [mfa] if mfa else []
        if "SMS_MFA" in factors:
            user.sms_mfa_enabled = True
        if "EMAIL_OTP" in factors:  # moto has no email MFA; email_otp.py reads this
            user.email_mfa_enabled = True
        if "SOFTWARE_TOKEN_MFA" in factors:
            user.software_token_mfa_enabled = True
            user.token_verified = True
        user.preferred_mfa_setting = mfa if isinstance(mfa, str) else ""  # a list: no preference
        if uspec.get("enabled") is False:
            user.enabled = False
        out["users"][user_key] = {
            "username": user.username,  # internal username (USER_ID_FOR_SRP)
            "password": temporary or permanent,
            "sub": user.id,
            "signInAs": uspec.get("signInAs", typed),
            "status": user.status.value if isinstance(user.status, UserStatus) else str(user.status),
            "attributes": {a["Name"]: a["Value"] for a in user.attributes},
        }
        if mfa:
            out["users"][user_key]["mfa"] = mfa
        if "SOFTWARE_TOKEN_MFA" in factors:  # totp.py reads it from here; tests compute codes with it
            out["users"][user_key]["totpSecret"] = uspec.get("totpSecret") or new_totp_secret()
        if uspec.get("customAuth"):  # custom.py reads it from here (answers included: a test peer)
            out["users"][user_key]["customAuth"] = copy.deepcopy(uspec["customAuth"])
    return out


def new_totp_secret() -> str:
    """A random TOTP secret as Cognito gives it: base32 of 20 bytes (32 characters, no padding)."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii").rstrip("=")
