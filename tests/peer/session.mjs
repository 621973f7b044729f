// Proves the peer's sessions and account operations strict with the official client
// (amazon-cognito-identity-js): refreshSession (REFRESH_TOKEN_AUTH) on a client without and with
// refresh-token rotation, getSession refreshing an expired session, globalSignOut and signOut
// (RevokeToken) then the tokens refused, signUp / confirmRegistration / resendConfirmationCode,
// forgotPassword / confirmPassword, changePassword, updateAttributes / getAttributeVerificationCode /
// verifyAttribute, deleteUser; and with raw calls (the official client lacks them)
// GetTokensFromRefreshToken with and without rotation and RevokeToken.
//
//   PEER_URL=http://127.0.0.1:9230 node tests/peer/session.mjs
//
// Pool `session` (seed.json). Users are made fresh (SignUp or AdminCreateUser), so it is rerunnable.
// Prints `N passed, N failed`; exit 1 on any failure.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { createHmac, randomBytes } from "node:crypto";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "..", "package.json"));
const { CognitoUserPool, CognitoUser, AuthenticationDetails, CognitoUserAttribute } = require("amazon-cognito-identity-js");

const PEER_URL = (process.env.PEER_URL || "http://127.0.0.1:9230").replace(/\/$/, "");
const seed = await (await fetch(`${PEER_URL}/_peer/seed`)).json();
const POOL = seed.pools.session;
const stats = async () => (await fetch(`${PEER_URL}/_peer/stats`)).json();
const readCode = async (purpose, name) =>
  (await (await fetch(`${PEER_URL}/_peer/code/${purpose}/${encodeURIComponent(name)}`)).json()).code;
const control = async (route, body) =>
  (await fetch(`${PEER_URL}/_peer/${route}`, { method: "POST", body: JSON.stringify(body) })).json();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------ wire log
let wire = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (url, opts = {}) => {
  const res = await realFetch(url, opts);
  const target = opts.headers?.["X-Amz-Target"];
  if (!target) return res;
  const req = JSON.parse(opts.body || "{}");
  const body = await res.clone().json().catch(() => ({}));
  wire.push({ op: target.split(".").pop(), flow: req.AuthFlow, status: res.status, error: body.__type, message: body.message });
  return res;
};
const ops = () => wire.map((w) => (w.flow ? `${w.op}:${w.flow}` : w.op) + (w.status === 200 ? "" : `!${w.error}`));

async function raw(op, body) {
  const res = await realFetch(`${PEER_URL}/`, {
    method: "POST",
    headers: { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": `AWSCognitoIdentityProviderService.${op}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json(), reason: res.headers.get("x-peer-reason") };
}

// ------------------------------------------------------------------ helpers
class MemoryStorage {
  constructor() { this.items = new Map(); }
  setItem(k, v) { this.items.set(k, String(v)); }
  getItem(k) { return this.items.has(k) ? this.items.get(k) : null; }
  removeItem(k) { this.items.delete(k); }
  clear() { this.items.clear(); }
}

const PASSWORD = "Session-Passw0rd!";
async function freshUser(email = "fresh@example.com") {
  const username = `fresh-${randomBytes(4).toString("hex")}`;
  let r = await raw("AdminCreateUser", {
    UserPoolId: POOL.userPoolId, Username: username, TemporaryPassword: PASSWORD, MessageAction: "SUPPRESS",
    UserAttributes: [{ Name: "email", Value: email }, { Name: "email_verified", Value: "true" }],
  });
  if (r.status !== 200) throw new Error(`AdminCreateUser: ${JSON.stringify(r.body)}`);
  r = await raw("AdminSetUserPassword", { UserPoolId: POOL.userPoolId, Username: username, Password: PASSWORD, Permanent: true });
  if (r.status !== 200) throw new Error(`AdminSetUserPassword: ${JSON.stringify(r.body)}`);
  return { username, password: PASSWORD };
}

function makeUser(username, clientKey = "public", storage = new MemoryStorage()) {
  const clientId = POOL.clients[clientKey].clientId;
  const pool = new CognitoUserPool({ UserPoolId: POOL.userPoolId, ClientId: clientId, endpoint: PEER_URL, Storage: storage });
  return { pool, clientId, storage, cognitoUser: new CognitoUser({ Username: username, Pool: pool, Storage: storage }) };
}

function signIn(u, password) {
  wire = [];
  return new Promise((resolve) => {
    u.cognitoUser.authenticateUser(new AuthenticationDetails({ Username: u.cognitoUser.getUsername(), Password: password }), {
      onSuccess: (session) => resolve({ ok: true, session }),
      onFailure: (err) => resolve({ ok: false, err }),
    });
  });
}

// node-style callback (err, data) methods
const cb = (fn) => new Promise((resolve) => fn((err, data, extra) => resolve(err ? { ok: false, err } : { ok: true, data, extra })));
// {onSuccess, onFailure, inputVerificationCode} methods
const cbs = (fn) => new Promise((resolve) => fn({
  onSuccess: (data) => resolve({ ok: true, data }),
  onFailure: (err) => resolve({ ok: false, err }),
  inputVerificationCode: (data) => resolve({ ok: true, data }),
}));
const errCode = (r) => r?.err?.code || r?.err?.name;
const claims = (jwt) => JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString());

let passed = 0;
let failed = 0;
function check(name, cond, detail = "") {
  if (cond) passed++;
  else failed++;
  console.log(`${cond ? "ok  " : "FAIL"} ${name}${cond || !detail ? "" : `  -- ${typeof detail === "string" ? detail : JSON.stringify(detail)}`}`);
}

// ------------------------------------------------------------------ 1. refreshSession without rotation
{
  const user = await freshUser();
  const u = makeUser(user.username);
  const r = await signIn(u, user.password);
  check("public: SRP sign-in", r.ok, errCode(r));
  const first = r.session;
  check("public: tokens carry origin_jti", !!claims(first.getAccessToken().getJwtToken()).origin_jti);
  const before = (await stats())[`refresh:${u.clientId}`] || 0;
  wire = [];
  const s = await cb((done) => u.cognitoUser.refreshSession(first.getRefreshToken(), done));
  check("public: refreshSession (REFRESH_TOKEN_AUTH) succeeds", s.ok && wire.some((w) => w.flow === "REFRESH_TOKEN_AUTH" && w.status === 200),
    s.ok ? ops() : errCode(s));
  check("public: new access token, same refresh token, same origin_jti",
    s.ok && s.data.getAccessToken().getJwtToken() !== first.getAccessToken().getJwtToken()
      && s.data.getRefreshToken().getToken() === first.getRefreshToken().getToken()
      && claims(s.data.getAccessToken().getJwtToken()).origin_jti === claims(first.getAccessToken().getJwtToken()).origin_jti);
  check("public: the peer counted exactly one refresh", ((await stats())[`refresh:${u.clientId}`] || 0) === before + 1);

  // getSession refreshes an expired session by itself (tokens of 1 s)
  await control("token-lifetime", { clientId: u.clientId, seconds: 1 });
  try {
    const user2 = await freshUser();
    const u2 = makeUser(user2.username);
    const r2 = await signIn(u2, user2.password);
    check("public: a session with 1-second tokens", r2.ok && r2.session.getAccessToken().getExpiration() - r2.session.getAccessToken().getIssuedAt() === 1);
    await sleep(2100);
    const g = await raw("GetUser", { AccessToken: r2.session.getAccessToken().getJwtToken() });
    check("public: the expired access token is refused (Access Token has expired)",
      g.status === 400 && g.body.message === "Access Token has expired", g.body);
    wire = [];
    const again = await cb((done) => u2.cognitoUser.getSession(done));
    check("public: getSession refreshes it by itself", again.ok && wire.some((w) => w.flow === "REFRESH_TOKEN_AUTH" && w.status === 200), ops());
    const ud = await cb((done) => u2.cognitoUser.getUserData(done, { bypassCache: true }));
    check("public: getUserData with the refreshed token", ud.ok && ud.data.Username === user2.username, errCode(ud));
  } finally {
    await control("token-lifetime", { clientId: u.clientId, seconds: null });
  }

  // globalSignOut, then the refresh token and the access token refused
  const keep = s.data;
  const other = await signIn(makeUser(user.username), user.password); // a second session of the user
  const g = await cbs((callbacks) => u.cognitoUser.globalSignOut(callbacks));
  check("public: globalSignOut", g.ok, errCode(g));
  const after = await cb((done) => makeUser(user.username).cognitoUser.refreshSession(keep.getRefreshToken(), done));
  check("public: after globalSignOut refreshSession is refused (NotAuthorizedException, revoked)",
    !after.ok && errCode(after) === "NotAuthorizedException" && after.err.message === "Refresh Token has been revoked", after.err?.message);
  const otherRefresh = await cb((done) => makeUser(user.username).cognitoUser.refreshSession(other.session.getRefreshToken(), done));
  check("public: ... the user's other session too", !otherRefresh.ok && errCode(otherRefresh) === "NotAuthorizedException", otherRefresh.err?.message);
  const gu = await raw("GetUser", { AccessToken: keep.getAccessToken().getJwtToken() });
  check("public: ... and GetUser with the access token: Access Token has been revoked",
    gu.status === 400 && gu.body.message === "Access Token has been revoked", gu.body);
}

// ------------------------------------------------------------------ 2. refreshSession on a rotating client
{
  const user = await freshUser();
  const u = makeUser(user.username, "rotating");
  const r = await signIn(u, user.password);
  check("rotating: SRP sign-in", r.ok, errCode(r));
  const s = await cb((done) => u.cognitoUser.refreshSession(r.session.getRefreshToken(), done));
  check("rotating: refreshSession (REFRESH_TOKEN_AUTH) is refused (InvalidParameterException)",
    !s.ok && errCode(s) === "InvalidParameterException", s.ok ? "accepted" : errCode(s));

  // raw GetTokensFromRefreshToken: rotation, grace period (2 s), then refused
  const old = r.session.getRefreshToken().getToken();
  const before = (await stats())[`refresh:${u.clientId}`] || 0;
  const g1 = await raw("GetTokensFromRefreshToken", { ClientId: u.clientId, RefreshToken: old });
  const next = g1.body.AuthenticationResult?.RefreshToken;
  check("rotating: GetTokensFromRefreshToken returns a new RefreshToken", g1.status === 200 && next && next !== old, g1.body);
  const g2 = await raw("GetTokensFromRefreshToken", { ClientId: u.clientId, RefreshToken: old });
  check("rotating: the old one still works within the grace period", g2.status === 200, g2.body);
  await sleep(2300);
  const g3 = await raw("GetTokensFromRefreshToken", { ClientId: u.clientId, RefreshToken: old });
  check("rotating: ... and is refused after it (RefreshTokenReuseException)",
    g3.status === 400 && g3.body.__type === "RefreshTokenReuseException", g3.body);
  const g4 = await raw("GetTokensFromRefreshToken", { ClientId: u.clientId, RefreshToken: next });
  check("rotating: the new one works", g4.status === 200 && g4.body.AuthenticationResult?.RefreshToken, g4.body);
  check("rotating: the peer counted 4 refresh requests", ((await stats())[`refresh:${u.clientId}`] || 0) === before + 4);
}

// ------------------------------------------------------------------ 3. raw GetTokensFromRefreshToken without rotation, RevokeToken
{
  const user = await freshUser();
  const clientId = POOL.clients.secret.clientId;
  const secret = POOL.clients.secret.clientSecret;
  const p = await raw("InitiateAuth", {
    AuthFlow: "USER_PASSWORD_AUTH", ClientId: clientId,
    AuthParameters: { USERNAME: user.username, PASSWORD: user.password,
      SECRET_HASH: createHmac("sha256", secret).update(user.username + clientId).digest("base64") },
  });
  const res = p.body.AuthenticationResult;
  check("secret: signed in (USER_PASSWORD_AUTH with SECRET_HASH)", p.status === 200 && res?.RefreshToken, p.body);
  let g = await raw("GetTokensFromRefreshToken", { ClientId: clientId, RefreshToken: res.RefreshToken });
  check("secret: GetTokensFromRefreshToken without ClientSecret refused", g.status === 400 && g.body.__type === "NotAuthorizedException", g.body);
  g = await raw("GetTokensFromRefreshToken", { ClientId: clientId, RefreshToken: res.RefreshToken, ClientSecret: secret });
  check("secret: with ClientSecret -> access and ID tokens, no RefreshToken (no rotation)",
    g.status === 200 && g.body.AuthenticationResult?.AccessToken && !("RefreshToken" in g.body.AuthenticationResult), g.body);
  const refreshedAccess = g.body.AuthenticationResult?.AccessToken;
  const rv = await raw("RevokeToken", { ClientId: clientId, Token: res.RefreshToken, ClientSecret: secret });
  check("secret: RevokeToken", rv.status === 200, rv.body);
  g = await raw("GetTokensFromRefreshToken", { ClientId: clientId, RefreshToken: res.RefreshToken, ClientSecret: secret });
  check("secret: the revoked refresh token is refused (Refresh Token has been revoked)",
    g.status === 400 && g.body.__type === "NotAuthorizedException" && g.body.message === "Refresh Token has been revoked", g.body);
  for (const [label, token] of [["sign-in", res.AccessToken], ["refreshed", refreshedAccess]]) {
    const gu = await raw("GetUser", { AccessToken: token });
    check(`secret: GetUser with the ${label} access token: Access Token has been revoked`,
      gu.status === 400 && gu.body.message === "Access Token has been revoked", gu.body);
  }
}

// ------------------------------------------------------------------ 4. signOut(callback): the official client's RevokeToken
{
  const user = await freshUser();
  const u = makeUser(user.username);
  const r = await signIn(u, user.password);
  const refresh = r.session.getRefreshToken();
  const access = r.session.getAccessToken().getJwtToken();
  wire = [];
  const so = await new Promise((resolve) => u.cognitoUser.signOut((err) => resolve(err ? { ok: false, err } : { ok: true })));
  check("signOut(callback) revokes with RevokeToken", so.ok && wire.some((w) => w.op === "RevokeToken" && w.status === 200), so.ok ? ops() : errCode(so));
  const s = await cb((done) => makeUser(user.username).cognitoUser.refreshSession(refresh, done));
  check("after signOut the refresh token is refused", !s.ok && errCode(s) === "NotAuthorizedException", s.err?.message);
  const gu = await raw("GetUser", { AccessToken: access });
  check("after signOut GetUser is refused", gu.status === 400 && gu.body.message === "Access Token has been revoked", gu.body);
}

// ------------------------------------------------------------------ 5. signUp, confirmRegistration
{
  const storage = new MemoryStorage();
  const pool = new CognitoUserPool({ UserPoolId: POOL.userPoolId, ClientId: POOL.clients.public.clientId, endpoint: PEER_URL, Storage: storage });
  const name = `signup-${randomBytes(4).toString("hex")}`;
  const attrs = [new CognitoUserAttribute({ Name: "email", Value: "newbie@example.com" })];
  const weak = await cb((done) => pool.signUp(name, "weakpass", attrs, null, done));
  check("signUp with a weak password -> InvalidPasswordException", !weak.ok && errCode(weak) === "InvalidPasswordException", errCode(weak));
  const su = await cb((done) => pool.signUp(name, PASSWORD, attrs, null, done));
  check("signUp -> userConfirmed false, userSub, codeDeliveryDetails by EMAIL to n***@e***",
    su.ok && su.data.userConfirmed === false && su.data.userSub
      && su.data.codeDeliveryDetails?.DeliveryMedium === "EMAIL" && su.data.codeDeliveryDetails?.Destination === "n***@e***", su.ok ? su.data.codeDeliveryDetails : errCode(su));
  const dup = await cb((done) => pool.signUp(name, PASSWORD, attrs, null, done));
  check("signUp of an existing user -> UsernameExistsException", !dup.ok && errCode(dup) === "UsernameExistsException", errCode(dup));
  const cu = su.data.user;
  const early = await signIn({ cognitoUser: cu }, PASSWORD);
  check("an unconfirmed user cannot sign in (UserNotConfirmedException)", !early.ok && errCode(early) === "UserNotConfirmedException", errCode(early));
  const code = await readCode("signup", name);
  const wrong = code === "000000" ? "111111" : "000000";
  let c = await cb((done) => cu.confirmRegistration(wrong, false, done));
  check("confirmRegistration with a wrong code -> CodeMismatchException", !c.ok && errCode(c) === "CodeMismatchException", errCode(c));
  await control("expire-code", { purpose: "signup", username: name });
  c = await cb((done) => cu.confirmRegistration(code, false, done));
  check("confirmRegistration with an expired code -> ExpiredCodeException", !c.ok && errCode(c) === "ExpiredCodeException", errCode(c));
  const rs = await cb((done) => cu.resendConfirmationCode(done));
  check("resendConfirmationCode -> CodeDeliveryDetails", rs.ok && rs.data.CodeDeliveryDetails?.AttributeName === "email", rs.ok ? rs.data : errCode(rs));
  const fresh = await readCode("signup", name);
  c = await cb((done) => cu.confirmRegistration(fresh, false, done));
  check("confirmRegistration with the new code", c.ok && c.data === "SUCCESS", errCode(c));
  const signed = await signIn({ cognitoUser: cu }, PASSWORD);
  check("the confirmed user signs in", signed.ok, errCode(signed));
  const ud = await cb((done) => cu.getUserData(done, { bypassCache: true }));
  const email = ud.ok && ud.data.UserAttributes.find((a) => a.Name === "email_verified")?.Value;
  check("getUserData: email_verified true after confirmation, no MFA settings", ud.ok && email === "true" && !ud.data.UserMFASettingList, ud.ok ? ud.data : errCode(ud));
}

// ------------------------------------------------------------------ 6. forgotPassword, confirmPassword, changePassword
{
  const user = await freshUser("forgot@example.com");
  const u = makeUser(user.username);
  const f = await cbs((callbacks) => u.cognitoUser.forgotPassword(callbacks));
  check("forgotPassword -> CodeDeliveryDetails f***@e***", f.ok && f.data.CodeDeliveryDetails?.Destination === "f***@e***", f.ok ? f.data : errCode(f));
  const code = await readCode("forgot", user.username);
  const wrong = code === "000000" ? "111111" : "000000";
  let c = await cbs((callbacks) => u.cognitoUser.confirmPassword(wrong, "Reset-Passw0rd!", callbacks));
  check("confirmPassword with a wrong code -> CodeMismatchException", !c.ok && errCode(c) === "CodeMismatchException", errCode(c));
  c = await cbs((callbacks) => u.cognitoUser.confirmPassword(code, "short", callbacks));
  check("confirmPassword with a weak password -> InvalidPasswordException", !c.ok && errCode(c) === "InvalidPasswordException", errCode(c));
  c = await cbs((callbacks) => u.cognitoUser.confirmPassword(code, "Reset-Passw0rd!", callbacks));
  check("confirmPassword with the code", c.ok, errCode(c));
  let r = await signIn(u, user.password);
  check("the old password is refused", !r.ok && errCode(r) === "NotAuthorizedException", errCode(r));
  r = await signIn(u, "Reset-Passw0rd!");
  check("the new password signs in (SRP)", r.ok, errCode(r));
  let ch = await cb((done) => u.cognitoUser.changePassword("Wrong-Passw0rd!", "Next-Passw0rd!", done));
  check("changePassword with a wrong old password -> NotAuthorizedException", !ch.ok && errCode(ch) === "NotAuthorizedException", errCode(ch));
  ch = await cb((done) => u.cognitoUser.changePassword("Reset-Passw0rd!", "Next-Passw0rd!", done));
  check("changePassword with the right one", ch.ok && ch.data === "SUCCESS", errCode(ch));
  r = await signIn(makeUser(user.username), "Next-Passw0rd!");
  check("the changed password signs in", r.ok, errCode(r));
}

// ------------------------------------------------------------------ 7. attributes, verification, deleteUser
{
  const user = await freshUser("attrs@example.com");
  const u = makeUser(user.username);
  let r = await signIn(u, user.password);
  const up = await cb((done) => u.cognitoUser.updateAttributes([new CognitoUserAttribute({ Name: "email", Value: "changed@example.org" })], done));
  check("updateAttributes of email -> CodeDeliveryDetailsList",
    up.ok && up.extra?.CodeDeliveryDetailsList?.[0]?.Destination === "c***@e***", up.ok ? up.extra : errCode(up));
  let ud = await cb((done) => u.cognitoUser.getUserData(done, { bypassCache: true }));
  const attr = (name) => ud.data.UserAttributes.find((a) => a.Name === name)?.Value;
  check("... email_verified false until verified", ud.ok && attr("email") === "changed@example.org" && attr("email_verified") === "false");
  const gv = await cbs((callbacks) => u.cognitoUser.getAttributeVerificationCode("email", callbacks));
  check("getAttributeVerificationCode -> CodeDeliveryDetails", gv.ok && gv.data.CodeDeliveryDetails?.AttributeName === "email", gv.ok ? gv.data : errCode(gv));
  const code = await readCode("verify-email", user.username);
  let v = await cbs((callbacks) => u.cognitoUser.verifyAttribute("email", code === "000000" ? "111111" : "000000", callbacks));
  check("verifyAttribute with a wrong code -> CodeMismatchException", !v.ok && errCode(v) === "CodeMismatchException", errCode(v));
  v = await cbs((callbacks) => u.cognitoUser.verifyAttribute("email", code, callbacks));
  check("verifyAttribute with the code", v.ok, errCode(v));
  ud = await cb((done) => u.cognitoUser.getUserData(done, { bypassCache: true }));
  check("... email_verified true", ud.ok && attr("email_verified") === "true");
  const da = await cb((done) => u.cognitoUser.deleteAttributes(["name"], done));
  check("deleteAttributes of an attribute the user lacks -> InvalidParameterException", !da.ok && errCode(da) === "InvalidParameterException", errCode(da));

  const refresh = r.session.getRefreshToken();
  const del = await cb((done) => u.cognitoUser.deleteUser(done));
  check("deleteUser", del.ok && del.data === "SUCCESS", errCode(del));
  r = await signIn(makeUser(user.username), user.password);
  check("after deleteUser sign-in is refused (UserNotFoundException)", !r.ok && errCode(r) === "UserNotFoundException", errCode(r));
  const s = await cb((done) => makeUser(user.username).cognitoUser.refreshSession(refresh, done));
  check("after deleteUser the refresh token is refused", !s.ok && errCode(s) === "NotAuthorizedException", s.err?.message);
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
