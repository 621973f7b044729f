// Proves the peer strict with the official client (amazon-cognito-identity-js, USER_SRP_AUTH):
// right passwords sign in, wrong ones get NotAuthorizedException.
//
//   PEER_URL=http://127.0.0.1:9230 node tests/peer/strict.mjs [--ok 200] [--bad 50] [--concurrency 4]
//
// Resolves amazon-cognito-identity-js from tests/node_modules (tests/package.json).
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "..", "package.json"));
const { CognitoUserPool, CognitoUser, AuthenticationDetails } = require("amazon-cognito-identity-js");

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const PEER_URL = (process.env.PEER_URL || "http://127.0.0.1:9230").replace(/\/$/, "");
const OK = Number(args.ok ?? 200);
const BAD = Number(args.bad ?? 50);
const CONCURRENCY = Number(args.concurrency ?? 4);

const seedRes = await fetch(`${PEER_URL}/_peer/seed`);
if (!seedRes.ok) throw new Error(`GET /_peer/seed: ${seedRes.status}`);
const seed = await seedRes.json();

// The official client has no SECRET_HASH support: public clients only.
const who = [
  ["main", "demo"],
  ["main", "unicode"], // non-ASCII username and password
  ["email", "alice"], // signs in by email; internal username is a UUID
  ["alias", "carol"], // signs in by a verified email alias
].map(([poolKey, userKey]) => {
  const pool = seed.pools[poolKey];
  const user = pool.users[userKey];
  return { label: `${poolKey}/${userKey}`, pool, user };
});

function decodePayload(jwt) {
  return JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8"));
}

function signIn({ pool, user }, password) {
  const userPool = new CognitoUserPool({
    UserPoolId: pool.userPoolId,
    ClientId: pool.clients.public.clientId,
    endpoint: PEER_URL,
  });
  const cognitoUser = new CognitoUser({ Username: user.signInAs, Pool: userPool });
  const details = new AuthenticationDetails({ Username: user.signInAs, Password: password });
  return new Promise((resolve) => {
    cognitoUser.authenticateUser(details, {
      onSuccess: (session) => resolve({ ok: true, session }),
      onFailure: (err) => resolve({ ok: false, err }),
      newPasswordRequired: () => resolve({ ok: false, err: new Error("unexpected newPasswordRequired") }),
      mfaRequired: () => resolve({ ok: false, err: new Error("unexpected mfaRequired") }),
      totpRequired: () => resolve({ ok: false, err: new Error("unexpected totpRequired") }),
      customChallenge: () => resolve({ ok: false, err: new Error("unexpected customChallenge") }),
    });
  });
}

const jobs = [];
for (let i = 0; i < OK; i++) jobs.push({ kind: "right", target: who[i % who.length] });
for (let i = 0; i < BAD; i++) jobs.push({ kind: "wrong", target: who[i % who.length] });
// interleave right and wrong attempts
for (let i = jobs.length - 1; i > 0; i--) {
  const j = Math.floor(Math.random() * (i + 1));
  [jobs[i], jobs[j]] = [jobs[j], jobs[i]];
}

let passed = 0;
let failed = 0;
const failures = [];
const t0 = Date.now();

async function run(job) {
  const { target } = job;
  const password = job.kind === "right" ? target.user.password : `${target.user.password}x`;
  const r = await signIn(target, password);
  let good;
  let detail = "";
  if (job.kind === "right") {
    const got = r.ok ? decodePayload(r.session.getIdToken().getJwtToken())["cognito:username"] : undefined;
    good = r.ok && got === target.user.username;
    if (!good) detail = r.ok ? `cognito:username=${got}, want ${target.user.username}` : `${r.err?.code || r.err?.name}: ${r.err?.message}`;
  } else {
    good = !r.ok && (r.err?.code === "NotAuthorizedException" || r.err?.name === "NotAuthorizedException");
    if (!good) detail = r.ok ? "signed in with a WRONG password" : `${r.err?.code || r.err?.name}: ${r.err?.message}`;
  }
  if (good) passed++;
  else {
    failed++;
    failures.push(`${job.kind} password ${target.label}: ${detail}`);
  }
}

let next = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < jobs.length) await run(jobs[next++]);
  }),
);

const secs = ((Date.now() - t0) / 1000).toFixed(1);
for (const f of failures.slice(0, 20)) console.error(`FAIL ${f}`);
console.log(`right passwords: ${OK}, wrong passwords: ${BAD}, users: ${who.map((w) => w.label).join(", ")}, ${secs} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed === OK + BAD ? 0 : 1);
