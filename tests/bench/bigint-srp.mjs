// Windowed JS BigInt: the same client SRP work as the package, written plainly in JavaScript.
// A = 2^a, then x, u, S = (B − k·2^x)^(a + u·x), the key and the PASSWORD_CLAIM_SIGNATURE, with a
// 5-bit fixed-window modular exponentiation over BigInt (`%` for the reductions) and node:crypto
// for SHA-256 / HMAC. It is a speed reference for "what plain modern JS can do", not a
// constant-time implementation (V8's BigInt is not constant-time).
import { createHash, createHmac, randomBytes } from "node:crypto";

/** The 3072-bit MODP group of RFC 3526 (OpenSSL's modp15), g = 2. */
export const N_HEX =
  "ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b139b22514a08798e3404dd" +
  "ef9519b3cd3a431b302b0a6df25f14374fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7ed" +
  "ee386bfb5a899fa5ae9f24117c4b1fe649286651ece45b3dc2007cb8a163bf0598da48361c55d39a69163fa8fd24cf5f" +
  "83655d23dca3ad961c62f356208552bb9ed529077096966d670c354e4abc9804f1746c08ca18217c32905e462e36ce3b" +
  "e39e772c180e86039b2783a2ec07a28fb5c55df06f4c52c9de2bcbf6955817183995497cea956ae515d2261898fa0510" +
  "15728e5a8aaac42dad33170d04507a33a85521abdf1cba64ecfb850458dbef0a8aea71575d060c7db3970f85a6e1e4c7" +
  "abf5ae8cdb0933d71e8c94e04a25619dcee3d2261ad2ee6bf12ffa06d98a0864d87602733ec86a64521f2b18177b200c" +
  "bbe117577a615d6c770988c0bad946e208e24fa074e5ab3143db5bfce0fd108e4b82d120a93ad2caffffffffffffffff";
export const N = BigInt(`0x${N_HEX}`);
export const g = 2n;

/** Hex of a non-negative BigInt, even length, with a 00 prefix when the top bit is set. */
export function padHex(x) {
  if (x < 0n) throw new Error("padHex of a negative number");
  let h = x.toString(16);
  if (h.length % 2) h = `0${h}`;
  else if ("89abcdef".includes(h[0])) h = `00${h}`;
  return h;
}

export const sha256 = (data) => createHash("sha256").update(data).digest();
export const hmac = (key, data) => createHmac("sha256", key).update(data).digest();
export const hexToBigInt = (hex) => BigInt(`0x${hex || "0"}`);
export const bytesToBigInt = (buf) => hexToBigInt(Buffer.from(buf).toString("hex"));

/** k = H(padHex(N) | padHex(g)). */
export const k = bytesToBigInt(sha256(Buffer.from(padHex(N) + padHex(g), "hex")));

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** Cognito's TIMESTAMP: `EEE MMM d HH:mm:ss UTC yyyy`, day not zero-padded. */
export function cognitoTimestamp(date = new Date()) {
  const two = (n) => String(n).padStart(2, "0");
  return `${WEEKDAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}

/** base^exp mod m with a 5-bit fixed window (every window multiplies, table[0] = 1 included). */
export function modPowWindow5(base, exp, m) {
  base %= m;
  const table = [1n, base];
  for (let i = 2; i < 32; i++) table.push((table[i - 1] * base) % m);
  let bits = exp.toString(2);
  bits = bits.padStart(Math.ceil(bits.length / 5) * 5, "0");
  let r = table[parseInt(bits.slice(0, 5), 2)];
  for (let i = 5; i < bits.length; i += 5) {
    r = (r * r) % m;
    r = (r * r) % m;
    r = (r * r) % m;
    r = (r * r) % m;
    r = (r * r) % m;
    r = (r * table[parseInt(bits.slice(i, i + 5), 2)]) % m;
  }
  return r;
}

/** x = H(padHex(salt) | H(poolName | userId | ":" | password)), u = H(padHex(A) | padHex(B)). */
export function srpX(saltHex, poolName, userId, password) {
  const inner = sha256(Buffer.from(`${poolName}${userId}:${password}`, "utf8")).toString("hex");
  return bytesToBigInt(sha256(Buffer.from(padHex(hexToBigInt(saltHex)) + inner, "hex")));
}
export const srpU = (A, B) => bytesToBigInt(sha256(Buffer.from(padHex(A) + padHex(B), "hex")));

/** The 16-byte key: HKDF-SHA256 with salt = padHex(u), ikm = padHex(S), info "Caldera Derived Key". */
export function srpKey(S, u) {
  const prk = hmac(Buffer.from(padHex(u), "hex"), Buffer.from(padHex(S), "hex"));
  return hmac(prk, Buffer.concat([Buffer.from("Caldera Derived Key", "utf8"), Buffer.from([1])])).subarray(0, 16);
}

/** The PASSWORD_VERIFIER challenge responses from a key. */
export function passwordVerifierResponses(key, poolName, challengeParameters, timestamp) {
  const userId = challengeParameters.USER_ID_FOR_SRP;
  const msg = Buffer.concat([
    Buffer.from(poolName, "utf8"),
    Buffer.from(userId, "utf8"),
    Buffer.from(challengeParameters.SECRET_BLOCK, "base64"),
    Buffer.from(timestamp, "utf8"),
  ]);
  return {
    USERNAME: userId,
    PASSWORD_CLAIM_SECRET_BLOCK: challengeParameters.SECRET_BLOCK,
    TIMESTAMP: timestamp,
    PASSWORD_CLAIM_SIGNATURE: hmac(key, msg).toString("base64"),
  };
}

/** Same shape as the package's SrpHelper: the constructor computes A, passwordVerifier the rest. */
export class BigIntSrp {
  constructor() {
    this.a = bytesToBigInt(randomBytes(128));
    this.A = modPowWindow5(g, this.a, N);
    if (this.A % N === 0n) throw new Error("A mod N is 0");
    this.srpA = this.A.toString(16);
  }

  passwordVerifier({ userPoolId, challengeParameters, password, timestamp }) {
    const poolName = userPoolId.split("_")[1];
    const B = hexToBigInt(challengeParameters.SRP_B);
    if (B % N === 0n) throw new Error("B mod N is 0");
    const u = srpU(this.A, B);
    if (u === 0n) throw new Error("u is 0");
    const x = srpX(challengeParameters.SALT, poolName, challengeParameters.USER_ID_FOR_SRP, password);
    const base = (((B - k * modPowWindow5(g, x, N)) % N) + N) % N;
    const S = modPowWindow5(base, this.a + u * x, N);
    return passwordVerifierResponses(srpKey(S, u), poolName, challengeParameters, timestamp ?? cognitoTimestamp());
  }
}
