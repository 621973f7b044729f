// Proves the peer's device tracking and device SRP strict with the official client
// (amazon-cognito-identity-js), which confirms devices and signs in through DEVICE_SRP_AUTH by itself.
//
//   PEER_URL=http://127.0.0.1:9230 node tests/peer/devices.mjs
//
// Pools (seed.json): `devices` (DeviceOnlyRememberedOnUserPrompt: the app must remember the device)
// and `devauto` (devices remembered at once); each has `dev` (no MFA) and `sms` (SMS_MFA).
// Prints `N passed, N failed`; exit 1 on any failure.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "..", "package.json"));
const { CognitoUserPool, CognitoUser, AuthenticationDetails } = require("amazon-cognito-identity-js");

const PEER_URL = (process.env.PEER_URL || "http://127.0.0.1:9230").replace(/\/$/, "");
const seed = await (await fetch(`${PEER_URL}/_peer/seed`)).json();
const stats = async () => (await fetch(`${PEER_URL}/_peer/stats`)).json();
const smsCode = async (username) => (await (await fetch(`${PEER_URL}/_peer/sms/${encodeURIComponent(username)}`)).json()).code;

// ------------------------------------------------------------------ wire log
// Every Cognito call the official client makes: operation, ChallengeName sent/answered, status.
let wire = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (url, opts = {}) => {
  const res = await realFetch(url, opts);
  const target = opts.headers?.["X-Amz-Target"];
  if (!target) return res;
  const req = JSON.parse(opts.body || "{}");
  const body = await res.clone().json().catch(() => ({}));
  wire.push({
    op: target.split(".").pop(),
    sent: req.ChallengeName,
    deviceKeySent: req.AuthParameters?.DEVICE_KEY ?? req.ChallengeResponses?.DEVICE_KEY ?? req.DeviceKey,
    status: res.status,
    got: body.ChallengeName,
    newDevice: body.AuthenticationResult?.NewDeviceMetadata,
    error: body.__type,
    message: body.message,
    reason: res.headers.get("x-peer-reason"),
  });
  return res;
};
const ops = () => wire.map((w) => (w.sent ? `${w.op}:${w.sent}` : w.op) + (w.status === 200 ? "" : `!${w.error}`));

// ------------------------------------------------------------------ helpers
class MemoryStorage {
  constructor() { this.items = new Map(); }
  setItem(k, v) { this.items.set(k, String(v)); }
  getItem(k) { return this.items.has(k) ? this.items.get(k) : null; }
  removeItem(k) { this.items.delete(k); }
  clear() { this.items.clear(); }
}

function makeUser(poolKey, userKey, storage = new MemoryStorage()) {
  const pool = seed.pools[poolKey];
  const user = pool.users[userKey];
  const userPool = new CognitoUserPool({
    UserPoolId: pool.userPoolId, ClientId: pool.clients.public.clientId, endpoint: PEER_URL, Storage: storage,
  });
  const cognitoUser = new CognitoUser({ Username: user.signInAs, Pool: userPool, Storage: storage });
  const prefix = `CognitoIdentityServiceProvider.${pool.clients.public.clientId}.${user.username}`;
  return { pool, user, storage, cognitoUser, prefix };
}

// One authenticateUser; an MFA challenge is answered with `mfaCode` when given (moto accepts any code).
function signIn(u, { password = u.user.password, mfaCode = null } = {}) {
  wire = [];
  const details = new AuthenticationDetails({ Username: u.user.signInAs, Password: password });
  return new Promise((resolve) => {
    let mfaAsked = false;
    const callbacks = {
      onSuccess: (session, userConfirmationNecessary) => resolve({ ok: true, session, userConfirmationNecessary, mfaAsked }),
      onFailure: (err) => resolve({ ok: false, err, mfaAsked }),
      mfaRequired: async () => {
        mfaAsked = true;
        if (mfaCode == null) return resolve({ ok: false, mfaRequired: true, mfaAsked });
        // "read": the code the peer "sent" (GET /_peer/sms/<username>)
        const code = mfaCode === "read" ? await smsCode(u.user.username) : mfaCode;
        u.cognitoUser.sendMFACode(code, callbacks);
      },
      newPasswordRequired: () => resolve({ ok: false, err: new Error("unexpected newPasswordRequired") }),
      totpRequired: () => resolve({ ok: false, err: new Error("unexpected totpRequired") }),
      customChallenge: () => resolve({ ok: false, err: new Error("unexpected customChallenge") }),
    };
    u.cognitoUser.authenticateUser(details, callbacks);
  });
}

const call = (u, method, ...args) =>
  new Promise((resolve) => {
    u.cognitoUser[method](...args, {
      onSuccess: (data) => resolve({ ok: true, data }),
      onFailure: (err) => resolve({ ok: false, err }),
    });
  });

const deviceStatus = (device) =>
  device?.DeviceAttributes?.find((a) => a.Name === "dev:device_remembered_status")?.Value;
const errCode = (r) => r?.err?.code || r?.err?.name;

let passed = 0;
let failed = 0;
function check(name, cond, detail = "") {
  if (cond) passed++;
  else failed++;
  console.log(`${cond ? "ok  " : "FAIL"} ${name}${cond || !detail ? "" : `  -- ${typeof detail === "string" ? detail : JSON.stringify(detail)}`}`);
}

// ------------------------------------------------------------------ 1. a new device, remembered on prompt
{
  const u = makeUser("devices", "dev");
  let r = await signIn(u);
  check("devices/dev: first sign-in succeeds", r.ok, r.err?.message);
  check("devices/dev: first sign-in returns NewDeviceMetadata and the client confirms it",
    wire.some((w) => w.newDevice) && wire.some((w) => w.op === "ConfirmDevice" && w.status === 200), ops());
  const key = u.storage.getItem(`${u.prefix}.deviceKey`);
  const group = u.storage.getItem(`${u.prefix}.deviceGroupKey`);
  check("devices/dev: DeviceKey is <region>_<uuid>, DeviceGroupKey starts with -",
    /^us-east-1_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(key || "") && /^-\w+$/.test(group || ""), { key, group });
  check("devices/dev: UserConfirmationNecessary (DeviceOnlyRememberedOnUserPrompt)", r.userConfirmationNecessary === true, r.userConfirmationNecessary);

  let g = await call(u, "getDevice");
  check("devices/dev: GetDevice: not_remembered before the prompt", g.ok && g.data.Device.DeviceKey === key && deviceStatus(g.data.Device) === "not_remembered", g.ok ? g.data : errCode(g));
  const s = await call(u, "setDeviceStatusRemembered");
  check("devices/dev: setDeviceStatusRemembered", s.ok, errCode(s));
  g = await call(u, "getDevice");
  check("devices/dev: GetDevice: remembered after UpdateDeviceStatus", g.ok && deviceStatus(g.data.Device) === "remembered", g.ok ? g.data : errCode(g));

  // second sign-in, same CognitoUser and storage: DEVICE_SRP_AUTH by itself
  const before = (await stats())["device:verify-ok"] || 0;
  r = await signIn(u);
  check("devices/dev: second sign-in (same CognitoUser) succeeds", r.ok, r.err?.message);
  check("devices/dev: second sign-in runs DEVICE_SRP_AUTH then DEVICE_PASSWORD_VERIFIER",
    wire.some((w) => w.got === "DEVICE_SRP_AUTH") && wire.some((w) => w.sent === "DEVICE_PASSWORD_VERIFIER" && w.status === 200), ops());
  check("devices/dev: no new device, no ConfirmDevice on a device sign-in",
    !wire.some((w) => w.newDevice) && !wire.some((w) => w.op === "ConfirmDevice"), ops());
  check("devices/dev: the peer verified the device signature", ((await stats())["device:verify-ok"] || 0) === before + 1);

  // a fresh CognitoUser over the same storage (a page reload) signs in through the device too
  const u2 = makeUser("devices", "dev", u.storage);
  r = await signIn(u2);
  check("devices/dev: new CognitoUser, same storage: DEVICE_SRP_AUTH and success",
    r.ok && wire.some((w) => w.got === "DEVICE_SRP_AUTH") && !wire.some((w) => w.newDevice), r.ok ? ops() : r.err?.message);

  // wrong user password with a known device: refused before any device step
  r = await signIn(u2, { password: `${u.user.password}x` });
  check("devices/dev: wrong password with a device -> NotAuthorizedException, no DEVICE_SRP_AUTH",
    !r.ok && errCode(r) === "NotAuthorizedException" && !wire.some((w) => w.got === "DEVICE_SRP_AUTH"), r.ok ? "signed in" : `${errCode(r)} ${ops()}`);

  // tampered device password in storage -> the device proof fails
  const real = u.storage.getItem(`${u.prefix}.randomPasswordKey`);
  u.storage.setItem(`${u.prefix}.randomPasswordKey`, real.slice(0, -4) + (real.slice(-4) === "AAAA" ? "BBBB" : "AAAA"));
  const u3 = makeUser("devices", "dev", u.storage);
  const refusedBefore = (await stats())["device:verify-refused:signature"] || 0;
  r = await signIn(u3);
  check("devices/dev: tampered device password -> NotAuthorizedException",
    !r.ok && errCode(r) === "NotAuthorizedException" && wire.some((w) => w.sent === "DEVICE_PASSWORD_VERIFIER" && w.reason === "signature"),
    r.ok ? "signed in with a WRONG device password" : `${errCode(r)} ${ops()}`);
  check("devices/dev: the peer refused the device signature", ((await stats())["device:verify-refused:signature"] || 0) === refusedBefore + 1);
  // tampered device group key (the SRP realm) fails as well
  u.storage.setItem(`${u.prefix}.randomPasswordKey`, real);
  u.storage.setItem(`${u.prefix}.deviceGroupKey`, `${group}x`);
  r = await signIn(makeUser("devices", "dev", u.storage));
  check("devices/dev: tampered DeviceGroupKey -> NotAuthorizedException", !r.ok && errCode(r) === "NotAuthorizedException", r.ok ? "signed in" : errCode(r));
  u.storage.setItem(`${u.prefix}.deviceGroupKey`, group);
  const u4 = makeUser("devices", "dev", u.storage);
  r = await signIn(u4);
  check("devices/dev: restored device password signs in through the device again",
    r.ok && wire.some((w) => w.got === "DEVICE_SRP_AUTH"), r.ok ? ops() : r.err?.message);

  // ListDevices / ForgetDevice through the official client
  let l = await call(u4, "listDevices", 10, null);
  check("devices/dev: listDevices shows the device", l.ok && l.data.Devices.some((d) => d.DeviceKey === key), l.ok ? l.data : errCode(l));
  const f = await call(u4, "forgetDevice");
  check("devices/dev: forgetDevice", f.ok && f.data === "SUCCESS", errCode(f));
  l = await call(u4, "listDevices", 10, null);
  check("devices/dev: listDevices no longer shows it", l.ok && !l.data.Devices.some((d) => d.DeviceKey === key), l.ok ? l.data : errCode(l));
  u4.cognitoUser.deviceKey = key;
  g = await call(u4, "getDevice");
  check("devices/dev: GetDevice of the forgotten device -> ResourceNotFoundException", !g.ok && errCode(g) === "ResourceNotFoundException", g.ok ? g.data : errCode(g));
  const fs = await call(u4, "forgetSpecificDevice", key);
  check("devices/dev: ForgetDevice again -> ResourceNotFoundException", !fs.ok && errCode(fs) === "ResourceNotFoundException", fs.ok ? fs.data : errCode(fs));
}

// ------------------------------------------------------------------ 2. unknown / forgotten device key
{
  const u = makeUser("devices", "dev");
  const unknown = "us-east-1_00000000-0000-4000-8000-000000000000";
  u.storage.setItem(`${u.prefix}.deviceKey`, unknown);
  u.storage.setItem(`${u.prefix}.deviceGroupKey`, "-unknown12");
  u.storage.setItem(`${u.prefix}.randomPasswordKey`, "bm90IGEgcmVhbCBkZXZpY2UgcGFzc3dvcmQ=");
  const r = await signIn(u);
  const refusal = wire.find((w) => w.sent === "PASSWORD_VERIFIER" && w.status === 400);
  check("unknown device: PASSWORD_VERIFIER with it -> 400 ResourceNotFoundException 'Device does not exist.'",
    refusal?.error === "ResourceNotFoundException" && refusal?.message === "Device does not exist." && refusal?.deviceKeySent === unknown, ops());
  check("unknown device: the client retries without it (same SECRET_BLOCK) and gets a new device",
    r.ok && wire.some((w) => w.newDevice) && u.storage.getItem(`${u.prefix}.deviceKey`) !== unknown, r.ok ? ops() : `${errCode(r)} ${ops()}`);
  // GetDevice / UpdateDeviceStatus on an unknown key
  u.cognitoUser.deviceKey = unknown;
  const g = await call(u, "getDevice");
  check("unknown device: GetDevice -> ResourceNotFoundException", !g.ok && errCode(g) === "ResourceNotFoundException", g.ok ? g.data : errCode(g));
  const s = await call(u, "setDeviceStatusRemembered");
  check("unknown device: UpdateDeviceStatus -> ResourceNotFoundException", !s.ok && errCode(s) === "ResourceNotFoundException", s.ok ? s.data : errCode(s));
  // another user's device is not yours
  const other = makeUser("devices", "sms");
  const ro = await signIn(other, { mfaCode: "read" });
  const otherKey = other.storage.getItem(`${other.prefix}.deviceKey`);
  u.cognitoUser.deviceKey = otherKey;
  const go = await call(u, "getDevice");
  check("another user's device: GetDevice -> ResourceNotFoundException", ro.ok && otherKey && !go.ok && errCode(go) === "ResourceNotFoundException", go.ok ? go.data : errCode(go));
}

// ------------------------------------------------------------------ 3. a remembered device skips MFA
{
  const u = makeUser("devices", "sms");
  let r = await signIn(u);
  check("devices/sms: fresh client -> mfaRequired", !r.ok && r.mfaRequired, r.err?.message);
  r = await signIn(u, { mfaCode: "000000x" });
  check("devices/sms: a wrong SMS code -> CodeMismatchException", !r.ok && errCode(r) === "CodeMismatchException", r.ok ? "signed in" : errCode(r));
  r = await signIn(u, { mfaCode: "read" });
  check("devices/sms: after the SMS code: onSuccess, device confirmed (UserConfirmationNecessary)",
    r.ok && r.mfaAsked && r.userConfirmationNecessary === true && wire.some((w) => w.op === "ConfirmDevice" && w.status === 200), r.ok ? ops() : r.err?.message);
  const s = await call(u, "setDeviceStatusRemembered");
  check("devices/sms: setDeviceStatusRemembered", s.ok, errCode(s));
  const skippedBefore = (await stats())["device:mfa-skipped"] || 0;
  r = await signIn(makeUser("devices", "sms", u.storage));
  check("devices/sms: remembered device signs in without MFA (onSuccess, no mfaRequired)",
    r.ok && !r.mfaAsked && wire.some((w) => w.got === "DEVICE_SRP_AUTH"), r.ok ? ops() : r.err?.message || "mfaRequired");
  check("devices/sms: the peer skipped MFA for the device", ((await stats())["device:mfa-skipped"] || 0) === skippedBefore + 1);
  r = await signIn(makeUser("devices", "sms"));
  check("devices/sms: a fresh client (no device) still gets mfaRequired", !r.ok && r.mfaRequired, r.ok ? "signed in without MFA" : r.err?.message);

  // tampered device password: no way around MFA or the password
  const real = u.storage.getItem(`${u.prefix}.randomPasswordKey`);
  u.storage.setItem(`${u.prefix}.randomPasswordKey`, `${real[0] === "x" ? "y" : "x"}${real.slice(1)}`);
  r = await signIn(makeUser("devices", "sms", u.storage));
  check("devices/sms: tampered device password -> NotAuthorizedException", !r.ok && errCode(r) === "NotAuthorizedException", r.ok ? "signed in" : `${errCode(r) || "mfaRequired"} ${ops()}`);
}

// ------------------------------------------------------------------ 4. a tracked device not remembered: MFA first, then the device
// The peer asks SMS_MFA right after PASSWORD_VERIFIER and answers the right code with DEVICE_SRP_AUTH;
// sendMFACode sees it and runs getDeviceResponse (DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER) by itself.
{
  const u = makeUser("devices", "sms");
  let r = await signIn(u, { mfaCode: "read" });
  const key = u.storage.getItem(`${u.prefix}.deviceKey`);
  check("devices/sms, not remembered: the first sign-in (SMS code) confirms a device the app did not remember",
    r.ok && r.userConfirmationNecessary === true && key && wire.some((w) => w.op === "ConfirmDevice" && w.status === 200), r.ok ? ops() : r.err?.message);
  const before = await stats();
  const count = (s, k) => s[k] || 0;
  const again = makeUser("devices", "sms", u.storage);
  r = await signIn(again, { mfaCode: "read" });
  const verifier = wire.find((w) => w.sent === "PASSWORD_VERIFIER");
  check("devices/sms, not remembered: PASSWORD_VERIFIER with DEVICE_KEY -> SMS_MFA (mfaRequired), no device step yet",
    r.mfaAsked && verifier?.deviceKeySent === key && verifier?.got === "SMS_MFA", ops());
  const mfaAnswer = wire.find((w) => w.sent === "SMS_MFA");
  check("devices/sms, not remembered: sendMFACode's answer is DEVICE_SRP_AUTH, answered by the client itself, then onSuccess",
    r.ok && mfaAnswer?.got === "DEVICE_SRP_AUTH" && mfaAnswer?.deviceKeySent === key
      && JSON.stringify(ops()) === JSON.stringify(["InitiateAuth", "RespondToAuthChallenge:PASSWORD_VERIFIER", "RespondToAuthChallenge:SMS_MFA",
        "RespondToAuthChallenge:DEVICE_SRP_AUTH", "RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER"]),
    r.ok ? ops() : `${errCode(r)} ${ops()}`);
  check("devices/sms, not remembered: no new device, no ConfirmDevice",
    !wire.some((w) => w.newDevice) && !wire.some((w) => w.op === "ConfirmDevice"), ops());
  const after = await stats();
  check("devices/sms, not remembered: the peer verified the device after the code (on the SMS_MFA Session the client resends)",
    count(after, "device:verify-ok") === count(before, "device:verify-ok") + 1
      && count(after, "device:challenge-after-challenges") === count(before, "device:challenge-after-challenges") + 1
      && count(after, "device:srp-auth-on-the-answered-challenge-session") === count(before, "device:srp-auth-on-the-answered-challenge-session") + 1
      && count(after, "device:mfa-skipped") === count(before, "device:mfa-skipped"),
    { before, after });
  const g = await call(again, "getDevice");
  check("devices/sms, not remembered: signed in through the device, which stays not remembered",
    g.ok && g.data.Device.DeviceKey === key && deviceStatus(g.data.Device) === "not_remembered", g.ok ? g.data : errCode(g));

  // a wrong device secret: the code is right, the device proof is not
  const real = u.storage.getItem(`${u.prefix}.randomPasswordKey`);
  u.storage.setItem(`${u.prefix}.randomPasswordKey`, `${real[0] === "x" ? "y" : "x"}${real.slice(1)}`);
  r = await signIn(makeUser("devices", "sms", u.storage), { mfaCode: "read" });
  check("devices/sms, not remembered: wrong device password -> NotAuthorizedException at DEVICE_PASSWORD_VERIFIER after the code",
    !r.ok && r.mfaAsked && errCode(r) === "NotAuthorizedException"
      && wire.some((w) => w.sent === "DEVICE_PASSWORD_VERIFIER" && w.status === 400 && w.reason === "signature"),
    r.ok ? "signed in with a WRONG device password" : `${errCode(r)} ${ops()}`);
}

// ------------------------------------------------------------------ 5. pool that remembers devices at once
{
  const u = makeUser("devauto", "sms");
  let r = await signIn(u, { mfaCode: "read" });
  check("devauto/sms: first sign-in with MFA, device confirmed, no UserConfirmationNecessary",
    r.ok && r.mfaAsked && r.userConfirmationNecessary === undefined && wire.some((w) => w.op === "ConfirmDevice" && w.status === 200), r.ok ? ops() : r.err?.message);
  const g = await call(u, "getDevice");
  check("devauto/sms: device remembered without a prompt", g.ok && deviceStatus(g.data.Device) === "remembered", g.ok ? g.data : errCode(g));
  r = await signIn(makeUser("devauto", "sms", u.storage));
  check("devauto/sms: second sign-in through the device, no MFA", r.ok && !r.mfaAsked && wire.some((w) => w.got === "DEVICE_SRP_AUTH"), r.ok ? ops() : r.err?.message || "mfaRequired");

  const d = makeUser("devauto", "dev");
  r = await signIn(d);
  r = r.ok && (await signIn(makeUser("devauto", "dev", d.storage)));
  check("devauto/dev: second sign-in through the device", r.ok && wire.some((w) => w.got === "DEVICE_SRP_AUTH"), r.ok ? ops() : r?.err?.message);
}

// ------------------------------------------------------------------ 6. pools without device tracking stay as they were
{
  const u = makeUser("main", "demo");
  const r = await signIn(u);
  check("main/demo: no device tracking -> no NewDeviceMetadata, no ConfirmDevice",
    r.ok && !wire.some((w) => w.newDevice) && !wire.some((w) => w.op === "ConfirmDevice"), r.ok ? ops() : r.err?.message);
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
