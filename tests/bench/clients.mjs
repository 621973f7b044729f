// The implementations measured in Node. Each `login(input)` does one login's client SRP work —
// draw a and compute A, then x, u, S, the key and the PASSWORD_CLAIM_SIGNATURE — exactly as the
// implementation's own sign-in code does it, and returns { srpA, responses } for the server check.
// input = { userPoolId, password, challengeParameters: { SALT, SRP_B, SECRET_BLOCK, USER_ID_FOR_SRP } }
import { createDiffieHellman, randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  BigIntSrp, N, N_HEX, bytesToBigInt, cognitoTimestamp, hexToBigInt, k, padHex,
  passwordVerifierResponses, srpKey, srpU, srpX,
} from "./bigint-srp.mjs";

const TESTS = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(TESTS, "package.json"));

/** cognito-auth-wasm, the built package's Node entry (dist/pkg/node.js). */
export async function loadWasmPackage(pkgDir) {
  const mod = await import(pathToFileURL(join(pkgDir, "node.js")).href);
  if (typeof mod.SrpHelper !== "function") {
    throw new Error(`${join(pkgDir, "node.js")} does not export SrpHelper (exports: ${Object.keys(mod).join(", ")})`);
  }
  const { SrpHelper } = mod;
  return {
    login(input) {
      const helper = new SrpHelper();
      const responses = helper.passwordVerifier(input);
      return { srpA: helper.srpA, responses };
    },
    /** Not timed: the helper made ahead of time (A precomputed). */
    prepare: () => new SrpHelper(),
    /** Timed: "sign in pressed" with A precomputed. */
    pressed(helper, input) {
      const responses = helper.passwordVerifier(input);
      return { srpA: helper.srpA, responses };
    },
  };
}

/**
 * amazon-cognito-identity-js 6.3.21 (jsbn), as CognitoUser.authenticateUserDefaultAuth runs it:
 * new AuthenticationHelper(poolName) + getLargeAValue, getPasswordAuthenticationKey, then the
 * signature with @aws-crypto/sha256-js over poolName | username | SECRET_BLOCK | dateNow.
 */
export function loadIdentityJs() {
  const pkg = dirname(require.resolve("amazon-cognito-identity-js/package.json"));
  const pkgRequire = createRequire(join(pkg, "package.json"));
  const AuthenticationHelper = pkgRequire("./lib/AuthenticationHelper.js").default;
  const BigInteger = pkgRequire("./lib/BigInteger.js").default;
  const DateHelper = pkgRequire("./lib/DateHelper.js").default;
  const { Sha256 } = pkgRequire("@aws-crypto/sha256-js");
  const { Buffer } = pkgRequire("buffer");
  const version = pkgRequire("./package.json").version;
  return {
    version,
    login({ userPoolId, password, challengeParameters }) {
      const poolName = userPoolId.split("_")[1];
      const helper = new AuthenticationHelper(poolName);
      let srpA;
      helper.getLargeAValue((err, aValue) => {
        if (err) throw err;
        srpA = aValue.toString(16);
      });
      const username = challengeParameters.USER_ID_FOR_SRP;
      const serverBValue = new BigInteger(challengeParameters.SRP_B, 16);
      const salt = new BigInteger(challengeParameters.SALT, 16);
      let responses;
      helper.getPasswordAuthenticationKey(username, password, serverBValue, salt, (err, hkdf) => {
        if (err) throw err;
        const dateNow = new DateHelper().getNowString();
        const concatBuffer = Buffer.concat([
          Buffer.from(poolName, "utf8"),
          Buffer.from(username, "utf8"),
          Buffer.from(challengeParameters.SECRET_BLOCK, "base64"),
          Buffer.from(dateNow, "utf8"),
        ]);
        const hash = new Sha256(hkdf);
        hash.update(concatBuffer);
        responses = {
          USERNAME: username,
          PASSWORD_CLAIM_SECRET_BLOCK: challengeParameters.SECRET_BLOCK,
          TIMESTAMP: dateNow,
          PASSWORD_CLAIM_SIGNATURE: Buffer.from(hash.digestSync()).toString("base64"),
        };
      });
      if (!responses) throw new Error("getPasswordAuthenticationKey did not call back synchronously");
      return { srpA, responses };
    },
  };
}

/**
 * @aws-amplify/auth 6.21.1's internal SRP helper (its own jsbn copy), as signIn's
 * handleUserSRPAuthFlow + handlePasswordVerifierChallenge run it. The files are not in the
 * package's exports map, so they are imported by path.
 */
export async function loadAmplify() {
  const pkg = dirname(require.resolve("@aws-amplify/auth/package.json"));
  const srp = join(pkg, "dist/esm/providers/cognito/utils/srp");
  const url = (f) => pathToFileURL(join(srp, f)).href;
  const { getAuthenticationHelper, getNowString, getSignatureString } = await import(url("index.mjs"));
  const { default: BigInteger } = await import(url("BigInteger/BigInteger.mjs"));
  const version = require(join(pkg, "package.json")).version;
  return {
    version,
    async login({ userPoolId, password, challengeParameters }) {
      const userPoolName = userPoolId.split("_")[1];
      const helper = await getAuthenticationHelper(userPoolName);
      const srpA = helper.A.toString(16);
      const username = challengeParameters.USER_ID_FOR_SRP;
      const hkdf = await helper.getPasswordAuthenticationKey({
        username,
        password,
        serverBValue: new BigInteger(challengeParameters.SRP_B, 16),
        salt: new BigInteger(challengeParameters.SALT, 16),
      });
      const dateNow = getNowString();
      const responses = {
        USERNAME: username,
        PASSWORD_CLAIM_SECRET_BLOCK: challengeParameters.SECRET_BLOCK,
        TIMESTAMP: dateNow,
        PASSWORD_CLAIM_SIGNATURE: getSignatureString({ userPoolName, username, challengeParameters, dateNow, hkdf }),
      };
      return { srpA, responses };
    },
  };
}

/** Windowed JS BigInt (tests/bench/bigint-srp.mjs). */
export function loadBigInt() {
  return {
    login(input) {
      const helper = new BigIntSrp();
      return { srpA: helper.srpA, responses: helper.passwordVerifier(input) };
    },
  };
}

/**
 * OpenSSL through Node's crypto DH on the same group: the same three exponentiations
 * (g^a via generateKeys, g^x via generateKeys, base^(a + u·x) via computeSecret), with x, u, k,
 * the key and the signature from node:crypto hashes; the BigInt glue (k·g^x, a + u·x) is cheap.
 */
export function loadOpenSsl() {
  const prime = Buffer.from(N_HEX, "hex");
  const dhWith = (exponent) => {
    const dh = createDiffieHellman(prime, 2);
    dh.setPrivateKey(Buffer.from(padHex(exponent), "hex"));
    return dh;
  };
  const check = createDiffieHellman(prime, 2);
  if (!check.getPrime().equals(prime)) throw new Error("the DH prime differs");
  return {
    login({ userPoolId, password, challengeParameters }) {
      const aBytes = randomBytes(128);
      const a = bytesToBigInt(aBytes);
      const dhA = createDiffieHellman(prime, 2);
      dhA.setPrivateKey(aBytes);
      const A = bytesToBigInt(dhA.generateKeys());
      if (A % N === 0n) throw new Error("A mod N is 0");
      const poolName = userPoolId.split("_")[1];
      const B = hexToBigInt(challengeParameters.SRP_B);
      if (B % N === 0n) throw new Error("B mod N is 0");
      const u = srpU(A, B);
      const x = srpX(challengeParameters.SALT, poolName, challengeParameters.USER_ID_FOR_SRP, password);
      const gx = bytesToBigInt(dhWith(x).generateKeys());
      const base = (((B - k * gx) % N) + N) % N;
      const S = bytesToBigInt(dhWith(a + u * x).computeSecret(Buffer.from(padHex(base), "hex")));
      const responses = passwordVerifierResponses(srpKey(S, u), poolName, challengeParameters, cognitoTimestamp());
      return { srpA: A.toString(16), responses };
    },
  };
}
