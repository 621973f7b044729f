"""SRP-6a as Amazon Cognito uses it, in plain Python integers.

Written independently of the project's Rust code: only the public description (PROTOCOL.md,
RFC 5054) was used. Both sides are here: the server side serves the peer, the client side
serves selfcheck.py (the official JS client is the real oracle, see strict.mjs).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from datetime import datetime, timezone

# RFC 3526 / RFC 5054 3072-bit MODP group.
N_HEX = (
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
    "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
    "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
    "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
    "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
    "3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33"
    "A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864"
    "D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2"
    "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
)
N = int(N_HEX, 16)
g = 2
INFO_BITS = b"Caldera Derived Key\x01"


def pad_hex(value: int) -> str:
    """Cognito's padHex for a non-negative integer: even-length hex, '00' prefixed when the
    first nibble is >= 8 (so the bytes read as a positive big-endian number)."""
    if value < 0:
        raise ValueError("pad_hex of a negative number")
    h = format(value, "x")
    if len(h) % 2:
        h = "0" + h
    elif h[0] in "89abcdef":
        h = "00" + h
    return h


def pad_bytes(value: int) -> bytes:
    return bytes.fromhex(pad_hex(value))


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def h_int(*values: int) -> int:
    """H(padHex(a) | padHex(b) | ...) as an integer."""
    return int.from_bytes(sha256(b"".join(pad_bytes(v) for v in values)), "big")


k = h_int(N, g)
assert format(k, "x") == "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6"


def pool_name_of(user_pool_id: str) -> str:
    return user_pool_id.split("_", 1)[1]


def compute_x(salt: int, pool_name: str, user_id: str, password: str) -> int:
    inner = sha256(f"{pool_name}{user_id}:{password}".encode("utf-8"))
    return int.from_bytes(sha256(pad_bytes(salt) + inner), "big")


def compute_verifier(salt: int, pool_name: str, user_id: str, password: str) -> int:
    return pow(g, compute_x(salt, pool_name, user_id, password), N)


def hkdf_key(u: int, s: int) -> bytes:
    prk = hmac.new(pad_bytes(u), pad_bytes(s), hashlib.sha256).digest()
    return hmac.new(prk, INFO_BITS, hashlib.sha256).digest()[:16]


def claim_signature(key: bytes, pool_name: str, user_id: str, secret_block: bytes, timestamp: str) -> bytes:
    msg = pool_name.encode("utf-8") + user_id.encode("utf-8") + secret_block + timestamp.encode("utf-8")
    return hmac.new(key, msg, hashlib.sha256).digest()


def secret_hash(client_secret: str, username: str, client_id: str) -> str:
    mac = hmac.new(client_secret.encode("utf-8"), (username + client_id).encode("utf-8"), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode("ascii")


# ---------------------------------------------------------------- server side
class ServerSession:
    """One SRP exchange, server side. b is fresh per exchange; v is computed from the password
    current at InitiateAuth time."""

    def __init__(self, v: int, b_bytes: int = 128):
        self.v = v
        while True:
            self.b = secrets.randbits(8 * b_bytes) % N
            if self.b == 0:
                continue
            self.B = (k * v + pow(g, self.b, N)) % N
            if self.B != 0:
                break

    def session_key(self, A: int) -> bytes | None:
        """The 16-byte derived key, or None when u == 0 (the exchange must fail)."""
        u = h_int(A, self.B)
        if u == 0:
            return None
        S = pow((A * pow(self.v, u, N)) % N, self.b, N)
        return hkdf_key(u, S)


# ---------------------------------------------------------------- client side (selfcheck)
class ClientSession:
    def __init__(self):
        while True:
            self.a = int.from_bytes(secrets.token_bytes(128), "big")
            self.A = pow(g, self.a, N)
            if self.A % N:
                break

    def session_key(self, B: int, salt: int, pool_name: str, user_id: str, password: str) -> bytes:
        if B % N == 0:
            raise ValueError("B mod N == 0")
        u = h_int(self.A, B)
        if u == 0:
            raise ValueError("u == 0")
        x = compute_x(salt, pool_name, user_id, password)
        base = (B - k * pow(g, x, N)) % N
        S = pow(base, self.a + u * x, N)
        return hkdf_key(u, S)


# ---------------------------------------------------------------- TIMESTAMP
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
TIMESTAMP_RE = re.compile(
    r"^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"([1-9]|[12][0-9]|3[01]) ([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]) UTC ([0-9]{4})$"
)


def format_timestamp(when: datetime) -> str:
    when = when.astimezone(timezone.utc)
    return (
        f"{_DAYS[when.weekday()]} {_MONTHS[when.month - 1]} {when.day} "
        f"{when.hour:02d}:{when.minute:02d}:{when.second:02d} UTC {when.year}"
    )


def parse_timestamp(text: str) -> tuple[datetime | None, str]:
    """Parse Cognito's TIMESTAMP strictly. Returns (datetime, "") or (None, reason)."""
    if not isinstance(text, str):
        return None, "timestamp-missing"
    m = TIMESTAMP_RE.match(text)
    if not m:
        if re.match(r"^\w{3} \w{3} 0\d ", text):
            return None, "timestamp-zero-padded-day"
        return None, "timestamp-format"
    wd, mon, day, hh, mm, ss, year = m.groups()
    try:
        when = datetime(int(year), _MONTHS.index(mon) + 1, int(day), int(hh), int(mm), int(ss), tzinfo=timezone.utc)
    except ValueError:
        return None, "timestamp-invalid-date"
    if _DAYS[when.weekday()] != wd:
        return None, "timestamp-wrong-weekday"
    return when, ""
