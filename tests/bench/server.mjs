// A simulated Cognito server for the benchmark, written independently of every client measured:
// its own modular exponentiation (plain square-and-multiply over BigInt), its own padHex and
// hashing, the group prime taken from OpenSSL's modp15. It holds one user (salt, verifier
// v = g^x), issues PASSWORD_VERIFIER challenges (B = k·v + g^b with a fresh b each), and checks a
// client's answer: S = (A·v^u)^b, the key, and the PASSWORD_CLAIM_SIGNATURE over
// poolName | userId | SECRET_BLOCK | TIMESTAMP.
import { createHash, createHmac, getDiffieHellman, randomBytes, timingSafeEqual } from "node:crypto";

const H = (buf) => createHash("sha256").update(buf).digest();
const big = (buf) => BigInt(`0x${Buffer.from(buf).toString("hex") || "0"}`);
const N = big(getDiffieHellman("modp15").getPrime());
const G = 2n;

function padHex(n) {
  let h = n.toString(16);
  if (h.length & 1) h = `0${h}`;
  if (parseInt(h[0], 16) >= 8) h = `00${h}`;
  return h;
}
const bytesOf = (n) => Buffer.from(padHex(n), "hex");

function powMod(base, e, m) {
  let r = 1n;
  base %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * base) % m;
    base = (base * base) % m;
    e >>= 1n;
  }
  return r;
}

const K = big(H(Buffer.concat([bytesOf(N), bytesOf(G)])));
const TIMESTAMP_RE = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [1-9]\d? \d\d:\d\d:\d\d UTC \d{4}$/;

export class SimulatedServer {
  /** One user of pool `userPoolId` ("region_poolName"), known to Cognito as `userId`. */
  constructor({ userPoolId, userId, password }) {
    this.userPoolId = userPoolId;
    this.poolName = userPoolId.split("_")[1];
    this.userId = userId;
    this.salt = randomBytes(16);
    const inner = H(Buffer.from(`${this.poolName}${userId}:${password}`, "utf8"));
    const x = big(H(Buffer.concat([bytesOf(big(this.salt)), Buffer.from(inner.toString("hex"), "hex")])));
    this.v = powMod(G, x, N);
    this.k = K;
  }

  /** A fresh challenge: { b, challengeParameters } (b stays with the server). */
  challenge() {
    const b = big(randomBytes(32));
    const B = (this.k * this.v + powMod(G, b, N)) % N;
    return {
      b,
      challengeParameters: {
        SALT: this.salt.toString("hex"),
        SRP_B: B.toString(16),
        SECRET_BLOCK: randomBytes(1152).toString("base64"),
        USER_ID_FOR_SRP: this.userId,
        USERNAME: this.userId,
      },
    };
  }

  /**
   * Checks a client's SRP_A and PASSWORD_VERIFIER responses for `session` (from challenge()).
   * Returns null when they are right, else a short reason.
   */
  verify(session, srpA, responses) {
    if (typeof srpA !== "string" || !/^[0-9a-f]+$/.test(srpA)) return `SRP_A is not lowercase hex: ${String(srpA).slice(0, 20)}`;
    const A = BigInt(`0x${srpA}`);
    if (A % N === 0n) return "A mod N is 0";
    const p = session.challengeParameters;
    if (!responses || typeof responses !== "object") return "no challenge responses";
    if (responses.USERNAME !== this.userId) return `USERNAME ${responses.USERNAME} ≠ ${this.userId}`;
    if (responses.PASSWORD_CLAIM_SECRET_BLOCK !== p.SECRET_BLOCK) return "SECRET_BLOCK changed";
    if (!TIMESTAMP_RE.test(responses.TIMESTAMP ?? "")) return `bad TIMESTAMP ${responses.TIMESTAMP}`;
    const B = BigInt(`0x${p.SRP_B}`);
    const u = big(H(Buffer.concat([bytesOf(A), bytesOf(B)])));
    const S = powMod((A * powMod(this.v, u, N)) % N, session.b, N);
    const prk = createHmac("sha256", bytesOf(u)).update(bytesOf(S)).digest();
    const key = createHmac("sha256", prk).update(Buffer.from("Caldera Derived Key\u0001", "utf8")).digest().subarray(0, 16);
    const expected = createHmac("sha256", key)
      .update(Buffer.from(this.poolName, "utf8"))
      .update(Buffer.from(this.userId, "utf8"))
      .update(Buffer.from(p.SECRET_BLOCK, "base64"))
      .update(Buffer.from(responses.TIMESTAMP, "utf8"))
      .digest();
    const got = Buffer.from(responses.PASSWORD_CLAIM_SIGNATURE ?? "", "base64");
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) return "PASSWORD_CLAIM_SIGNATURE does not verify";
    return null;
  }
}

export const SERVER_K_HEX = K.toString(16);
export const SERVER_N = N;
