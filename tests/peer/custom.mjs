// Custom auth (CUSTOM_AUTH / CUSTOM_CHALLENGE) against the peer with the official client
// (amazon-cognito-identity-js): without SRP (cognitoUser.initiateAuth -> AuthFlow CUSTOM_AUTH) and
// with SRP (authenticationFlowType = 'CUSTOM_AUTH' + authenticateUser -> CHALLENGE_NAME=SRP_A,
// PASSWORD_VERIFIER, then CUSTOM_CHALLENGE), answered with sendCustomChallengeAnswer.
// The challenges and answers are in the seed (pool `custom`: `quiz` has two, `once` one).
//
//   PEER_URL=http://127.0.0.1:9230 node tests/peer/custom.mjs
//
// Prints `N passed, N failed`; exit 1 on failure. Rerunnable against one peer.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { createHmac } from "node:crypto";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "..", "package.json"));
const { CognitoUserPool, CognitoUser, AuthenticationDetails } = require("amazon-cognito-identity-js");

const PEER_URL = (process.env.PEER_URL || "http://127.0.0.1:9230").replace(/\/$/, "");
const seed = await (await fetch(`${PEER_URL}/_peer/seed`)).json();
const pool = seed.pools.custom;
const EXPIRED = "Invalid session for the user, session is expired.";

let passed = 0;
let failed = 0;
function check(name, cond, detail = "") {
  if (cond) passed++;
  else failed++;
  console.log(`${cond ? "ok  " : "FAIL"} ${name}${cond || !detail ? "" : `  -- ${typeof detail === "string" ? detail : JSON.stringify(detail)}`}`);
}
const errCode = (r) => r?.err?.code || r?.err?.name;
const payload = (jwt) => JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8"));

function makeUser(userKey, srp = false) {
  const userPool = new CognitoUserPool({ UserPoolId: pool.userPoolId, ClientId: pool.clients.public.clientId, endpoint: PEER_URL });
  const user = pool.users[userKey];
  const cognitoUser = new CognitoUser({ Username: user.signInAs, Pool: userPool });
  cognitoUser.setAuthenticationFlowType("CUSTOM_AUTH");
  return { user, cognitoUser, srp };
}

// One step of the dance: resolves with what the client called back with.
const callbacks = (resolve) => ({
  onSuccess: (session) => resolve({ ok: true, session }),
  onFailure: (err) => resolve({ ok: false, err }),
  customChallenge: (params) => resolve({ challenge: params }),
  mfaRequired: () => resolve({ ok: false, err: new Error("unexpected mfaRequired") }),
  totpRequired: () => resolve({ ok: false, err: new Error("unexpected totpRequired") }),
  newPasswordRequired: () => resolve({ ok: false, err: new Error("unexpected newPasswordRequired") }),
});
function start(u, password) {
  return new Promise((resolve) => {
    if (u.srp) {
      const details = new AuthenticationDetails({ Username: u.user.signInAs, Password: password ?? u.user.password });
      u.cognitoUser.authenticateUser(details, callbacks(resolve)); // SRP_A, PASSWORD_VERIFIER, ...
    } else {
      const details = new AuthenticationDetails({ Username: u.user.signInAs });
      u.cognitoUser.initiateAuth(details, callbacks(resolve)); // AuthFlow CUSTOM_AUTH, no password
    }
  });
}
const answer = (u, text) => new Promise((resolve) => u.cognitoUser.sendCustomChallengeAnswer(text, callbacks(resolve)));

async function raw(op, body) {
  const res = await fetch(`${PEER_URL}/`, {
    method: "POST",
    headers: { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": `AWSCognitoIdentityProviderService.${op}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}
const secretHash = (client, username) =>
  createHmac("sha256", client.clientSecret).update(username + client.clientId).digest("base64");

// ------------------------------------------------------------------ both ways in, right answers
for (const srp of [false, true]) {
  const how = srp ? "with SRP" : "without SRP";
  const u = makeUser("quiz", srp);
  let r = await start(u);
  check(`quiz ${how}: first CUSTOM_CHALLENGE with USERNAME and the configured parameters`,
    r.challenge?.USERNAME === u.user.username && r.challenge?.question === "2+2?", r.challenge ?? errCode(r));
  check(`quiz ${how}: a Session with the challenge`, typeof u.cognitoUser.Session === "string" && u.cognitoUser.Session.length > 20);
  const s1 = u.cognitoUser.Session;
  r = await answer(u, "4");
  check(`quiz ${how}: right answer -> the second challenge with a new Session`,
    r.challenge?.question === "Capital of France?" && r.challenge?.hint === "P....." && u.cognitoUser.Session !== s1, r.challenge ?? errCode(r));
  r = await answer(u, "Paris");
  check(`quiz ${how}: right answer to the last challenge -> tokens`, r.ok && r.session?.isValid(), errCode(r));
  if (r.ok) {
    const id = payload(r.session.getIdToken().getJwtToken());
    check(`quiz ${how}: the ID token is the user's`, id.sub === u.user.sub && id["cognito:username"] === u.user.username, id);
  }
}

// ------------------------------------------------------------------ SRP first: a wrong password never reaches the challenge
{
  const u = makeUser("quiz", true);
  const r = await start(u, "Wrong-Passw0rd!");
  check("quiz with SRP: wrong password -> NotAuthorizedException, no challenge",
    !r.challenge && errCode(r) === "NotAuthorizedException" && r.err.message === "Incorrect username or password.", r.challenge ?? r.err?.message);
}

// ------------------------------------------------------------------ wrong answers until maxAttempts
for (const srp of [false, true]) {
  const how = srp ? "with SRP" : "without SRP";
  const u = makeUser("quiz", srp); // maxAttempts 3
  let r = await start(u);
  const s0 = u.cognitoUser.Session;
  r = await answer(u, "5");
  check(`quiz ${how}: wrong answer 1 -> the same challenge again, new Session`,
    r.challenge?.question === "2+2?" && u.cognitoUser.Session !== s0, r.challenge ?? errCode(r));
  r = await answer(u, "4"); // right after a wrong one: the sign-in goes on
  check(`quiz ${how}: right answer after a wrong one -> next challenge`, r.challenge?.question === "Capital of France?", r.challenge ?? errCode(r));
  r = await answer(u, "Lyon");
  check(`quiz ${how}: wrong answer 2 -> challenge again`, r.challenge?.question === "Capital of France?", r.challenge ?? errCode(r));
  r = await answer(u, "Marseille");
  check(`quiz ${how}: wrong answer 3 (maxAttempts) -> NotAuthorizedException`,
    errCode(r) === "NotAuthorizedException" && r.err.message === "Incorrect username or password.", r.challenge ?? r.err?.message);
}
{
  const u = makeUser("once"); // maxAttempts 2
  await start(u);
  let r = await answer(u, "no");
  check("once: wrong answer 1 of 2 -> challenge again", r.challenge?.question === "Magic word?", r.challenge ?? errCode(r));
  r = await answer(u, "no");
  check("once: wrong answer 2 of 2 -> NotAuthorizedException", errCode(r) === "NotAuthorizedException", r.challenge ?? errCode(r));
}

// ------------------------------------------------------------------ sessions: single use, expiring
{
  const u = makeUser("once");
  await start(u);
  const used = u.cognitoUser.Session;
  let r = await answer(u, "please");
  check("once: right answer -> tokens", r.ok, errCode(r));
  u.cognitoUser.Session = used; // the same answer on the same Session again
  r = await answer(u, "please");
  check("once: a used Session -> NotAuthorizedException (session is expired)",
    errCode(r) === "NotAuthorizedException" && r.err.message === EXPIRED, r.err?.message);
}
{
  const u = makeUser("once");
  await start(u);
  const first = u.cognitoUser.Session;
  await answer(u, "wrong"); // burns `first`, hands out a new one
  u.cognitoUser.Session = first;
  const r = await answer(u, "please");
  check("once: the Session of a wrongly answered challenge is burnt too",
    errCode(r) === "NotAuthorizedException" && r.err.message === EXPIRED, r.err?.message);
}
{
  const u = makeUser("once");
  await start(u);
  const exp = await fetch(`${PEER_URL}/_peer/expire-session`, { method: "POST", body: JSON.stringify({ Session: u.cognitoUser.Session }) });
  check("expire-session control route", exp.status === 200, exp.status);
  const r = await answer(u, "please");
  check("once: an expired Session -> NotAuthorizedException (session is expired)",
    errCode(r) === "NotAuthorizedException" && r.err.message === EXPIRED, r.err?.message);
}
{
  const u = makeUser("once");
  await start(u);
  u.cognitoUser.Session = "AYABeNotAPeerSession";
  const r = await answer(u, "please");
  check("an unknown Session -> NotAuthorizedException", errCode(r) === "NotAuthorizedException" && r.err.message === EXPIRED, r.err?.message);
}

// ------------------------------------------------------------------ users without custom auth config
{
  const u = makeUser("plain");
  let r = await start(u);
  check("plain without SRP: no custom auth configured -> InvalidParameterException (no Lambda trigger)",
    errCode(r) === "InvalidParameterException", r.challenge ?? r.err?.message);
  const v = makeUser("plain", true);
  r = await start(v);
  check("plain with SRP: no challenges configured -> signs in like USER_SRP_AUTH", r.ok, r.challenge ?? errCode(r));
  const w = new CognitoUser({ Username: "nobody-here", Pool: new CognitoUserPool({ UserPoolId: pool.userPoolId, ClientId: pool.clients.public.clientId, endpoint: PEER_URL }) });
  r = await new Promise((resolve) => w.initiateAuth(new AuthenticationDetails({ Username: "nobody-here" }), callbacks(resolve)));
  check("unknown user -> UserNotFoundException", errCode(r) === "UserNotFoundException", r.challenge ?? errCode(r));
}

// ------------------------------------------------------------------ secret client, on the wire (the official client has no SECRET_HASH)
{
  const client = pool.clients.secret;
  const user = pool.users.once;
  let r = await raw("InitiateAuth", { AuthFlow: "CUSTOM_AUTH", ClientId: client.clientId, AuthParameters: { USERNAME: user.signInAs } });
  check("secret client: CUSTOM_AUTH without SECRET_HASH refused", r.status === 400 && r.body.__type === "NotAuthorizedException", r.body);
  r = await raw("InitiateAuth", { AuthFlow: "CUSTOM_AUTH", ClientId: client.clientId,
    AuthParameters: { USERNAME: user.signInAs, SECRET_HASH: secretHash(client, user.signInAs) } });
  check("secret client: CUSTOM_AUTH with SECRET_HASH -> CUSTOM_CHALLENGE", r.status === 200 && r.body.ChallengeName === "CUSTOM_CHALLENGE", r.body);
  let session = r.body.Session;
  r = await raw("RespondToAuthChallenge", { ChallengeName: "CUSTOM_CHALLENGE", ClientId: client.clientId, Session: session,
    ChallengeResponses: { USERNAME: user.username, ANSWER: "please" } });
  check("secret client: CUSTOM_CHALLENGE without SECRET_HASH refused (and the Session burnt)",
    r.status === 400 && r.body.message === `Unable to verify secret hash for client ${client.clientId}`, r.body);
  r = await raw("InitiateAuth", { AuthFlow: "CUSTOM_AUTH", ClientId: client.clientId,
    AuthParameters: { USERNAME: user.signInAs, SECRET_HASH: secretHash(client, user.signInAs) } });
  session = r.body.Session;
  r = await raw("RespondToAuthChallenge", { ChallengeName: "CUSTOM_CHALLENGE", ClientId: pool.clients.public.clientId, Session: session,
    ChallengeResponses: { USERNAME: user.username, ANSWER: "please" } });
  check("a Session answered through another client refused", r.status === 400 && r.body.__type === "NotAuthorizedException", r.body);
  r = await raw("InitiateAuth", { AuthFlow: "CUSTOM_AUTH", ClientId: client.clientId,
    AuthParameters: { USERNAME: user.signInAs, SECRET_HASH: secretHash(client, user.signInAs) } });
  r = await raw("RespondToAuthChallenge", { ChallengeName: "CUSTOM_CHALLENGE", ClientId: client.clientId, Session: r.body.Session,
    ChallengeResponses: { USERNAME: user.username, ANSWER: "please", SECRET_HASH: secretHash(client, user.username) } });
  check("secret client: right answer with SECRET_HASH over the internal username -> tokens",
    r.status === 200 && r.body.AuthenticationResult?.AccessToken, r.body);
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
