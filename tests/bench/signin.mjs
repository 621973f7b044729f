// Whole sign-ins through each client's public API, against an in-process fake Cognito: a `fetch`
// that answers InitiateAuth with a PASSWORD_VERIFIER challenge made ahead of time by
// server.mjs's SimulatedServer and RespondToAuthChallenge with fixed tokens. Each `signIn(input)`
// (input as in clients.mjs) resolves to { ms, cpu, srpA, responses }: the timing of one sign-in,
// and what the client sent (SRP_A and the ChallengeResponses) for server.verify.
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const TESTS = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(TESTS, "package.json"));

const CLIENT_ID = "3n4b5urk1ft4fl3mg5e62d9ado";
const USERNAME = "bench-user";
const TARGET = "AWSCognitoIdentityProviderService.";

// Tokens shaped like Cognito's: the id and access tokens are JWTs (amazon-cognito-identity-js
// decodes both payloads) with a 256-byte RS256-sized signature; the refresh token is opaque.
const b64url = (value) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
const iat = Math.floor(Date.now() / 1000);
const jwt = (payload) =>
  `${b64url({ kid: "bench-key", alg: "RS256" })}.${b64url(payload)}.${randomBytes(256).toString("base64url")}`;
const SUB = "6f1c2a9e-3b7d-4c85-9e0a-5d2f8b4c1a73";
export const ID_TOKEN = jwt({
  sub: SUB, "cognito:username": SUB, aud: CLIENT_ID, token_use: "id", auth_time: iat, iat, exp: iat + 3600,
  iss: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_BenchPool1",
});
const ACCESS_TOKEN = jwt({
  sub: SUB, username: SUB, client_id: CLIENT_ID, token_use: "access", scope: "aws.cognito.signin.user.admin",
  auth_time: iat, iat, exp: iat + 3600, iss: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_BenchPool1",
});
const REFRESH_TOKEN = Array.from({ length: 5 }, () => randomBytes(300).toString("base64url")).join(".");
const SIGNED_IN = JSON.stringify({
  AuthenticationResult: { AccessToken: ACCESS_TOKEN, ExpiresIn: 3600, IdToken: ID_TOKEN, RefreshToken: REFRESH_TOKEN, TokenType: "Bearer" },
  ChallengeParameters: {},
});

/**
 * A fake Cognito for one sign-in against `challengeParameters`. Its answers are serialized here,
 * before the timing; inside it, `fetch` only reads the target header, keeps the body and wraps
 * the prepared answer in a Response. `sent()` (after the timing) reads SRP_A and the
 * ChallengeResponses from the kept bodies.
 */
function fakeCognito(challengeParameters) {
  const challenge = JSON.stringify({
    ChallengeName: "PASSWORD_VERIFIER",
    ChallengeParameters: challengeParameters,
    Session: randomBytes(600).toString("base64"),
  });
  const answers = { InitiateAuth: challenge, RespondToAuthChallenge: SIGNED_IN };
  const requests = [];
  const fetch = async (url, init) => {
    const target = String(init?.headers?.["X-Amz-Target"] ?? "");
    requests.push({ url: String(url), target, body: init?.body });
    const answer = target.startsWith(TARGET) ? answers[target.slice(TARGET.length)] : undefined;
    if (answer === undefined) {
      return new Response(JSON.stringify({ __type: "InvalidParameterException", message: `unexpected ${target}` }),
        { status: 400, headers: { "Content-Type": "application/x-amz-json-1.1" } });
    }
    return new Response(answer, { status: 200, headers: { "Content-Type": "application/x-amz-json-1.1" } });
  };
  const sent = () => {
    const targets = requests.map((r) => r.target.slice(TARGET.length)).join(", ");
    if (targets !== "InitiateAuth, RespondToAuthChallenge") throw new Error(`the client sent ${targets || "nothing"}`);
    const [initiate, respond] = requests.map((r) => JSON.parse(r.body));
    if (initiate.AuthFlow !== "USER_SRP_AUTH") throw new Error(`AuthFlow ${initiate.AuthFlow}`);
    if (respond.ChallengeName !== "PASSWORD_VERIFIER") throw new Error(`ChallengeName ${respond.ChallengeName}`);
    if (initiate.ClientId !== CLIENT_ID || respond.ClientId !== CLIENT_ID) throw new Error("ClientId changed");
    return { srpA: initiate.AuthParameters?.SRP_A, responses: respond.ChallengeResponses };
  };
  return { fetch, sent };
}

/** Wall-clock and CPU ms (user + system, as run.mjs's timeNode) of the awaited `fn()`. */
async function timed(fn) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpu: (c.user + c.system) / 1000, result };
}

/**
 * cognito-auth-wasm: a fresh `CognitoClient` with the fake's `fetch`, then `signIn`, both timed.
 * signIn is called in the same turn as the constructor, before the client's idle task (a
 * setTimeout where there is no requestIdleCallback) can compute A, so the sign-in computes A
 * itself, inside the timing. A timer set between the two checks that: if it fired before signIn
 * resolved, the event loop turned and an idle precompute may have run inside the timing, and the
 * row fails. The SignedIn and the client are freed after, so the precompute signIn schedules for
 * a next sign-in finds no client and does nothing.
 */
export async function loadWasmSignIn(pkgDir) {
  const { CognitoClient } = await import(pathToFileURL(join(pkgDir, "node.js")).href);
  if (typeof CognitoClient !== "function") throw new Error(`${join(pkgDir, "node.js")} does not export CognitoClient`);
  return {
    async signIn({ userPoolId, password, challengeParameters }) {
      const cognito = fakeCognito(challengeParameters);
      let client;
      let turned = false;
      const { ms, cpu, result } = await timed(async () => {
        client = new CognitoClient({ userPoolId, clientId: CLIENT_ID, fetch: cognito.fetch });
        const sentinel = setTimeout(() => {
          turned = true;
        }, 0);
        try {
          return await client.signIn({ username: USERNAME, password });
        } finally {
          clearTimeout(sentinel);
        }
      });
      const idToken = result?.tokens?.idToken;
      result?.free?.();
      client.free();
      if (turned) throw new Error("the event loop turned during signIn: the idle precompute of A may have run inside the timing");
      if (idToken !== ID_TOKEN) throw new Error(`signIn resolved to ${result?.challengeName ?? "no SignedIn"}, not the tokens`);
      return { ms, cpu, ...cognito.sent() };
    },
  };
}

/**
 * amazon-cognito-identity-js: `CognitoUserPool` + `CognitoUser` + `AuthenticationDetails`, then
 * `authenticateUser` until onSuccess, all timed. It calls the global `fetch`, which is the fake's
 * for the call and restored after.
 */
export function loadIdentityJsSignIn() {
  const { AuthenticationDetails, CognitoUser, CognitoUserPool } = require("amazon-cognito-identity-js");
  return {
    async signIn({ userPoolId, password, challengeParameters }) {
      const cognito = fakeCognito(challengeParameters);
      const globalFetch = globalThis.fetch;
      globalThis.fetch = cognito.fetch;
      let timing;
      try {
        timing = await timed(() => {
          const pool = new CognitoUserPool({ UserPoolId: userPoolId, ClientId: CLIENT_ID });
          const user = new CognitoUser({ Username: USERNAME, Pool: pool });
          const details = new AuthenticationDetails({ Username: USERNAME, Password: password });
          return new Promise((resolve, reject) => {
            const unexpected = (name) => () => reject(new Error(`authenticateUser called ${name}`));
            user.authenticateUser(details, {
              onSuccess: resolve,
              onFailure: reject,
              newPasswordRequired: unexpected("newPasswordRequired"),
              mfaRequired: unexpected("mfaRequired"),
              totpRequired: unexpected("totpRequired"),
              customChallenge: unexpected("customChallenge"),
              mfaSetup: unexpected("mfaSetup"),
              selectMFAType: unexpected("selectMFAType"),
            });
          });
        });
      } finally {
        globalThis.fetch = globalFetch;
      }
      const idToken = timing.result?.getIdToken?.().getJwtToken();
      if (idToken !== ID_TOKEN) throw new Error("onSuccess did not give the id token Cognito sent");
      return { ms: timing.ms, cpu: timing.cpu, ...cognito.sent() };
    },
  };
}
