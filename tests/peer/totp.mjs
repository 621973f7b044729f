// Real TOTP against the peer with the official client (amazon-cognito-identity-js): the seeded TOTP
// user (secret from /_peer/seed), associateSoftwareToken / verifySoftwareToken with an access token
// then setUserMfaPreference, MFA_SETUP in a pool whose MFA is ON (mfaSetup -> associateSoftwareToken
// -> verifySoftwareToken, which answers MFA_SETUP itself), totpRequired + sendMFACode(...,
// 'SOFTWARE_TOKEN_MFA'); wrong codes -> CodeMismatchException (challenge) /
// EnableSoftwareTokenMFAException (VerifySoftwareToken). Codes computed here with node:crypto.
//
//   PEER_URL=http://127.0.0.1:9230 node tests/peer/totp.mjs
//
// Prints `N passed, N failed`; exit 1 on failure. Rerunnable: the setup flows use fresh users made
// with AdminCreateUser (moto's, unsigned).
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { createHmac, randomBytes } from "node:crypto";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "..", "package.json"));
const { CognitoUserPool, CognitoUser, AuthenticationDetails } = require("amazon-cognito-identity-js");

const PEER_URL = (process.env.PEER_URL || "http://127.0.0.1:9230").replace(/\/$/, "");
const seed = await (await fetch(`${PEER_URL}/_peer/seed`)).json();
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

// ------------------------------------------------------------------ RFC 6238 (SHA-1, 6 digits, 30 s)
function base32(text) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of text.replace(/=+$/, "").toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}
function totp(secret, offsetSteps = 0) {
  const counter = Math.floor(Date.now() / 1000 / 30) + offsetSteps;
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const h = createHmac("sha1", base32(secret)).update(msg).digest();
  const o = h[h.length - 1] & 0x0f;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1e6).padStart(6, "0");
}
const wrongCode = (secret) => String((Number(totp(secret)) + 500000) % 1e6).padStart(6, "0");

// ------------------------------------------------------------------ client helpers
function makeUser(poolKey, user, flow = "USER_SRP_AUTH") {
  const pool = seed.pools[poolKey];
  const userPool = new CognitoUserPool({ UserPoolId: pool.userPoolId, ClientId: pool.clients.public.clientId, endpoint: PEER_URL });
  const cognitoUser = new CognitoUser({ Username: user.signInAs ?? user.username, Pool: userPool });
  cognitoUser.setAuthenticationFlowType(flow);
  return { pool, user, cognitoUser };
}
const callbacks = (resolve) => ({
  onSuccess: (session) => resolve({ ok: true, session }),
  onFailure: (err) => resolve({ ok: false, err }),
  totpRequired: (name, params) => resolve({ totp: true, name, params }),
  mfaSetup: (name, params) => resolve({ setup: true, name, params }),
  mfaRequired: (name, params) => resolve({ sms: true, name, params }),
  selectMFAType: (name, params) => resolve({ select: true, name, params }),
  customChallenge: () => resolve({ ok: false, err: new Error("unexpected customChallenge") }),
  newPasswordRequired: () => resolve({ ok: false, err: new Error("unexpected newPasswordRequired") }),
  associateSecretCode: (secret) => resolve({ secret }),
});
const signIn = (u, password = u.user.password) => new Promise((resolve) =>
  u.cognitoUser.authenticateUser(new AuthenticationDetails({ Username: u.user.signInAs ?? u.user.username, Password: password }), callbacks(resolve)));
const sendCode = (u, code) => new Promise((resolve) => u.cognitoUser.sendMFACode(code, callbacks(resolve), "SOFTWARE_TOKEN_MFA"));
const associate = (u) => new Promise((resolve) => u.cognitoUser.associateSoftwareToken(callbacks(resolve)));
const verify = (u, code) => new Promise((resolve) => u.cognitoUser.verifySoftwareToken(code, "peer-phone", callbacks(resolve)));

async function raw(op, body) {
  const res = await fetch(`${PEER_URL}/`, {
    method: "POST",
    headers: { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": `AWSCognitoIdentityProviderService.${op}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}
async function freshUser(poolKey) {
  const pool = seed.pools[poolKey];
  const username = `fresh-${randomBytes(4).toString("hex")}`;
  const password = "Fresh-Passw0rd!";
  let r = await raw("AdminCreateUser", { UserPoolId: pool.userPoolId, Username: username, TemporaryPassword: password, MessageAction: "SUPPRESS" });
  if (r.status !== 200) throw new Error(`AdminCreateUser: ${JSON.stringify(r.body)}`);
  r = await raw("AdminSetUserPassword", { UserPoolId: pool.userPoolId, Username: username, Password: password, Permanent: true });
  if (r.status !== 200) throw new Error(`AdminSetUserPassword: ${JSON.stringify(r.body)}`);
  return { username, password, signInAs: username };
}

// ------------------------------------------------------------------ 1. the seeded TOTP user
const seeded = seed.pools.totp.users.totp;
check("seed: the TOTP user's secret is exposed, random base32 (not moto's asdfasdfasdf)",
  /^[A-Z2-7]{32}$/.test(seeded.totpSecret || ""), seeded.totpSecret);
for (const flow of ["USER_SRP_AUTH", "USER_PASSWORD_AUTH"]) {
  const u = makeUser("totp", seeded, flow);
  let r = await signIn(u);
  check(`totp/${flow}: SOFTWARE_TOKEN_MFA challenge (totpRequired)`, r.totp && r.name === "SOFTWARE_TOKEN_MFA", r);
  r = await sendCode(u, wrongCode(seeded.totpSecret));
  check(`totp/${flow}: wrong code -> CodeMismatchException`, errCode(r) === "CodeMismatchException", r.err?.message ?? r);
  r = await sendCode(u, "abc123");
  check(`totp/${flow}: non-numeric code -> CodeMismatchException`, errCode(r) === "CodeMismatchException", r.err?.message ?? r);
  const session = u.cognitoUser.Session;
  r = await sendCode(u, totp(seeded.totpSecret));
  check(`totp/${flow}: right code after wrong ones (same Session) -> tokens`, r.ok && r.session.isValid(), errCode(r));
  if (r.ok) check(`totp/${flow}: tokens are the user's`, payload(r.session.getIdToken().getJwtToken()).sub === seeded.sub);
  u.cognitoUser.Session = session;
  r = await sendCode(u, totp(seeded.totpSecret));
  check(`totp/${flow}: the used Session again -> NotAuthorizedException`, errCode(r) === "NotAuthorizedException" && r.err.message === EXPIRED, r.err?.message ?? r);
}
{
  const u = makeUser("totp", seeded);
  await signIn(u);
  let r = await sendCode(u, totp(seeded.totpSecret, -3));
  check("totp: a code 3 steps old -> CodeMismatchException", errCode(r) === "CodeMismatchException", r.err?.message ?? r);
  r = await sendCode(u, totp(seeded.totpSecret, -1));
  check("totp: the previous step's code is accepted (±1 step)", r.ok, errCode(r));
}

// ------------------------------------------------------------------ 2. associate with an access token, then prefer TOTP
{
  const user = await freshUser("totp");
  const u = makeUser("totp", user);
  let r = await signIn(u);
  check("fresh/totp pool: signs in without MFA", r.ok, r);
  r = await associate(u); // AccessToken: the client is signed in
  const secret = r.secret;
  check("AssociateSoftwareToken(AccessToken): a random base32 SecretCode", /^[A-Z2-7]{32}$/.test(secret || "") && secret !== seeded.totpSecret, r);
  const again = (await associate(u)).secret;
  check("AssociateSoftwareToken again: another SecretCode (the last one counts)", again && again !== secret, again);
  r = await verify(u, totp(secret));
  check("VerifySoftwareToken with the superseded secret's code -> EnableSoftwareTokenMFAException", errCode(r) === "EnableSoftwareTokenMFAException", r.err?.message ?? r);
  r = await verify(u, wrongCode(again));
  check("VerifySoftwareToken(AccessToken) wrong code -> EnableSoftwareTokenMFAException", errCode(r) === "EnableSoftwareTokenMFAException", r.err?.message ?? r);
  r = await verify(u, totp(again));
  check("VerifySoftwareToken(AccessToken) right code -> Status SUCCESS", r.ok && r.session?.Status === "SUCCESS", r.session ?? errCode(r));
  r = await new Promise((resolve) => u.cognitoUser.setUserMfaPreference(null, { Enabled: true, PreferredMfa: true }, (err, data) => resolve({ err, data })));
  check("setUserMfaPreference(TOTP preferred)", !r.err, r.err?.message);
  const v = makeUser("totp", user);
  r = await signIn(v);
  check("fresh/totp pool: next sign-in asks SOFTWARE_TOKEN_MFA", r.totp, r);
  r = await sendCode(v, wrongCode(again));
  check("fresh/totp pool: wrong code -> CodeMismatchException", errCode(r) === "CodeMismatchException", r.err?.message ?? r);
  r = await sendCode(v, totp(again));
  check("fresh/totp pool: the code of the verified secret -> tokens", r.ok, errCode(r));
}

// ------------------------------------------------------------------ 3. MFA_SETUP (pool MFA ON, user without a factor)
{
  const user = await freshUser("mfaon");
  const u = makeUser("mfaon", user);
  let r = await signIn(u);
  check("mfaon: MFA_SETUP challenge (mfaSetup)", r.setup && r.name === "MFA_SETUP", r);
  check("mfaon: MFAS_CAN_SETUP is the JSON string [\"SOFTWARE_TOKEN_MFA\"]", r.params?.MFAS_CAN_SETUP === '["SOFTWARE_TOKEN_MFA"]', r.params);
  const challengeSession = u.cognitoUser.Session;
  let x = await raw("RespondToAuthChallenge", { ChallengeName: "MFA_SETUP", ClientId: u.pool.clients.public.clientId,
    Session: challengeSession, ChallengeResponses: { USERNAME: user.username } });
  check("mfaon: MFA_SETUP answered before any token is verified -> NotAuthorizedException", x.status === 400 && x.body.__type === "NotAuthorizedException", x.body);
  r = await signIn(u); // the refusal burnt that Session: start again
  r = await associate(u); // Session: the client is not signed in
  const secret = r.secret;
  check("AssociateSoftwareToken(Session): SecretCode and a new Session",
    /^[A-Z2-7]{32}$/.test(secret || "") && u.cognitoUser.Session && u.cognitoUser.Session !== challengeSession, r);
  const associated = u.cognitoUser.Session;
  r = await verify(u, wrongCode(secret));
  check("VerifySoftwareToken(Session) wrong code -> EnableSoftwareTokenMFAException", errCode(r) === "EnableSoftwareTokenMFAException", r.err?.message ?? r);
  r = await verify(u, totp(secret)); // same Session (a wrong code does not burn it); then MFA_SETUP by itself
  check("VerifySoftwareToken(Session) right code -> SUCCESS, then MFA_SETUP -> tokens", r.ok && r.session?.isValid?.(), errCode(r) ?? r);
  if (r.ok) check("mfaon: tokens are the new user's", payload(r.session.getIdToken().getJwtToken())["cognito:username"] === user.username);
  x = await raw("VerifySoftwareToken", { Session: associated, UserCode: totp(secret) });
  check("VerifySoftwareToken with a used Session -> NotAuthorizedException", x.status === 400 && x.body.__type === "NotAuthorizedException", x.body);
  x = await raw("AssociateSoftwareToken", { Session: "not-a-session" });
  check("AssociateSoftwareToken with an unknown Session -> NotAuthorizedException", x.status === 400 && x.body.__type === "NotAuthorizedException", x.body);

  const v = makeUser("mfaon", user);
  r = await signIn(v);
  check("mfaon: next sign-in asks SOFTWARE_TOKEN_MFA (no more MFA_SETUP)", r.totp, r);
  r = await sendCode(v, wrongCode(secret));
  check("mfaon: wrong code -> CodeMismatchException", errCode(r) === "CodeMismatchException", r.err?.message ?? r);
  r = await sendCode(v, totp(secret));
  check("mfaon: right code -> tokens", r.ok, errCode(r));
}
// ------------------------------------------------------------------ 4. SELECT_MFA_TYPE (SMS and TOTP, no preference)
{
  const both = seed.pools.totp.users.both;
  for (const choice of ["SOFTWARE_TOKEN_MFA", "SMS_MFA"]) {
    const u = makeUser("totp", both);
    let r = await signIn(u);
    check(`both: SELECT_MFA_TYPE with MFAS_CAN_CHOOSE (then ${choice})`,
      r.select && JSON.parse(r.params?.MFAS_CAN_CHOOSE || "[]").sort().join() === "SMS_MFA,SOFTWARE_TOKEN_MFA", r);
    const selectSession = u.cognitoUser.Session;
    r = await new Promise((resolve) => u.cognitoUser.sendMFASelectionAnswer(choice, callbacks(resolve)));
    check(`both: choosing ${choice} -> ${choice === "SMS_MFA" ? "mfaRequired" : "totpRequired"}`, choice === "SMS_MFA" ? r.sms : r.totp, r);
    let code;
    if (choice === "SMS_MFA") code = (await (await fetch(`${PEER_URL}/_peer/sms/${encodeURIComponent(both.username)}`)).json()).code;
    else code = totp(both.totpSecret);
    const wrong = String((Number(code) + 1) % 1e6).padStart(6, "0");
    r = await new Promise((resolve) => u.cognitoUser.sendMFACode(wrong, callbacks(resolve), choice));
    check(`both: ${choice} wrong code -> CodeMismatchException`, errCode(r) === "CodeMismatchException", r.err?.message ?? r);
    r = await new Promise((resolve) => u.cognitoUser.sendMFACode(code, callbacks(resolve), choice));
    check(`both: ${choice} right code -> tokens`, r.ok, errCode(r) ?? r);
    const x = await raw("RespondToAuthChallenge", { ChallengeName: "SELECT_MFA_TYPE", ClientId: u.pool.clients.public.clientId,
      Session: selectSession, ChallengeResponses: { USERNAME: both.username, ANSWER: choice } });
    check(`both: the SELECT_MFA_TYPE Session again -> NotAuthorizedException`, x.status === 400 && x.body.__type === "NotAuthorizedException", x.body);
  }
  const u = makeUser("totp", both);
  await signIn(u);
  const x = await raw("RespondToAuthChallenge", { ChallengeName: "SELECT_MFA_TYPE", ClientId: u.pool.clients.public.clientId,
    Session: u.cognitoUser.Session, ChallengeResponses: { USERNAME: both.username, ANSWER: "EMAIL_OTP" } });
  check("both: SELECT_MFA_TYPE with an answer not offered -> InvalidParameterException", x.status === 400 && x.body.__type === "InvalidParameterException", x.body);
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
