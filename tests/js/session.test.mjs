// Kept sessions against the local peer (pool `session`): a sign-in stores the session, a new
// client on the same storage resumes it, `currentSession` refreshes once for any number of
// concurrent calls, two clients on one storage stay signed in through a rotation, failed
// refreshes keep the session and a refused refresh token ends it, corrupt blobs are no session.
// Each test signs in a fresh user (AdminCreateUser), so revocations never reach another test.
import { assert, test } from "./harness.mjs";
import { assertErrorNamed, fetchJson, recorded, recordingFetch, rejected, Seed, smsCode } from "./common.mjs";

/** An object storage over a Map whose methods return Promises (`async`: true) or values. */
function objectStorage(async = true) {
  const map = new Map();
  const wrap = (fn) => (async ? (...args) => Promise.resolve().then(() => fn(...args)) : fn);
  return {
    map,
    getItem: wrap((key) => (map.has(key) ? map.get(key) : null)),
    setItem: wrap((key, value) => void map.set(key, String(value))),
    removeItem: wrap((key) => void map.delete(key)),
  };
}

async function peerPost(ctx, path, body) {
  return fetchJson(`${ctx.peerUrl}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function refreshCount(ctx, clientId) {
  const stats = await fetchJson(`${ctx.peerUrl}/_peer/stats`);
  return stats[`refresh:${clientId}`] ?? 0;
}

/** A fresh user of `session` signed in on a new client of `appClient` with `storage`. */
async function signedIn(ctx, appClient, storage, extra = {}) {
  const seed = await Seed.load(ctx);
  const user = await seed.confirmedUser("session");
  const config = { ...seed.config("session", appClient), storage, ...extra };
  const client = new ctx.api.CognitoClient(config);
  const result = await client.signIn({ username: user.username, password: user.password });
  assert.ok(result.tokens?.refreshToken, "tokens with a refresh token");
  return { seed, user, config, client, tokens: result.tokens };
}

test("a sign-in stores the session; a new client on the same storage resumes it", async (ctx) => {
  const storage = objectStorage();
  const events = [];
  const seed = await Seed.load(ctx);
  const user = await seed.confirmedUser("session");
  const config = { ...seed.config("session", "public"), storage };
  const client = new ctx.api.CognitoClient(config);
  const off = client.on("signedIn", (payload) => events.push(payload));
  assert.equal(await client.currentSession(), null);
  const { tokens } = await client.signIn({ username: user.username, password: user.password });
  off();
  assert.equal(events.length, 1);
  assert.equal(typeof events[0].username, "string");
  const key = `cognito-auth-wasm.${config.userPoolId}.${config.clientId}.session`;
  assert.ok(storage.map.has(key), "stored under the pool's and client's key");
  assert.equal(JSON.parse(storage.map.get(key)).v, 1);
  const again = new ctx.api.CognitoClient(config);
  const session = await again.currentSession();
  assert.ok(session !== null);
  assert.equal(session.tokens.accessToken, tokens.accessToken);
  assert.equal(session.tokens.refreshToken, tokens.refreshToken);
  assert.equal(session.username, session.accessTokenClaims.username);
  assert.equal(typeof session.idTokenClaims.sub, "string");
  assert.ok(session.expiresAt > Date.now());
});

test("storage methods returning plain values work as well as Promises", async (ctx) => {
  const storage = objectStorage(false);
  const { config, tokens } = await signedIn(ctx, "public", storage);
  const session = await new ctx.api.CognitoClient(config).currentSession();
  assert.equal(session.tokens.idToken, tokens.idToken);
});

test("in browsers, storage \"local\" keeps the session for a new client", async (ctx) => {
  if (typeof globalThis.localStorage !== "object") return;
  const { config, tokens } = await signedIn(ctx, "public", "local");
  const session = await new ctx.api.CognitoClient(config).currentSession();
  assert.equal(session.tokens.accessToken, tokens.accessToken);
  localStorage.removeItem(`cognito-auth-wasm.${config.userPoolId}.${config.clientId}.session`);
});

test("in browsers, storage \"session\" keeps the session for a new client of the same page", async (ctx) => {
  if (typeof globalThis.sessionStorage !== "object") return;
  const { config, tokens } = await signedIn(ctx, "public", "session");
  const key = `cognito-auth-wasm.${config.userPoolId}.${config.clientId}.session`;
  assert.equal(typeof sessionStorage.getItem(key), "string", "kept in sessionStorage");
  const session = await new ctx.api.CognitoClient(config).currentSession();
  assert.equal(session.tokens.accessToken, tokens.accessToken);
  sessionStorage.removeItem(key);
});

test("50 concurrent currentSession({ forceRefresh: true }) send one refresh", async (ctx) => {
  const { config, client, tokens } = await signedIn(ctx, "public", objectStorage());
  const refreshed = [];
  client.on("tokenRefresh", (payload) => refreshed.push(payload));
  const before = await refreshCount(ctx, config.clientId);
  const sessions = await Promise.all(Array.from({ length: 50 }, () => client.currentSession({ forceRefresh: true })));
  const after = await refreshCount(ctx, config.clientId);
  assert.equal(after - before, 1);
  assert.equal(refreshed.length, 1);
  assert.ok(sessions.every((s) => s.tokens.accessToken === sessions[0].tokens.accessToken));
  assert.notEqual(sessions[0].tokens.accessToken, tokens.accessToken);
  assert.equal(sessions[0].tokens.refreshToken, tokens.refreshToken, "no rotation: the refresh token kept");
});

test("tokens within the refresh margin are refreshed, others are not", async (ctx) => {
  const storage = objectStorage();
  const { config, client } = await signedIn(ctx, "public", storage);
  const before = await refreshCount(ctx, config.clientId);
  await client.currentSession();
  assert.equal(await refreshCount(ctx, config.clientId), before, "fresh tokens: no refresh");
  const margin = new ctx.api.CognitoClient({ ...config, refreshMarginSeconds: 86400 });
  await margin.currentSession();
  assert.equal(await refreshCount(ctx, config.clientId), before + 1, "inside the margin: one refresh");
  await rejected(Promise.resolve().then(() => new ctx.api.CognitoClient({ ...config, refreshMarginSeconds: -1 }))).then(
    (error) => assertErrorNamed(error, "InvalidParameterError"),
  );
});

test("two clients on one storage stay signed in through a rotation", async (ctx) => {
  const storage = objectStorage();
  const { config, client, tokens } = await signedIn(ctx, "rotating", storage);
  const other = new ctx.api.CognitoClient(config);
  const first = await client.currentSession({ forceRefresh: true });
  assert.notEqual(first.tokens.refreshToken, tokens.refreshToken, "rotated");
  const second = await other.currentSession({ forceRefresh: true });
  assert.notEqual(second.tokens.refreshToken, first.tokens.refreshToken, "rotated again from the stored one");
  // Past the grace period the first refresh token is refused; the stored one still works.
  await new Promise((resolve) => setTimeout(resolve, 2500));
  const third = await client.currentSession({ forceRefresh: true });
  assert.ok(third !== null);
  assert.ok(await other.currentSession() !== null);
});

test("a refresh that gets a 5xx or times out rejects by name and keeps the session", async (ctx) => {
  const storage = objectStorage();
  // 1.5 s per attempt: the peer's own answers fit in it on a loaded machine; the held refresh
  // (3 s) does not.
  const { config, client } = await signedIn(ctx, "public", storage, { maxRetries: 0, timeoutMs: 1500 });
  const failures = [];
  client.on("tokenRefreshFailure", (payload) => failures.push(payload));
  await peerPost(ctx, "/_peer/refresh-fault", { clientId: config.clientId, kind: "5xx" });
  assertErrorNamed(await rejected(client.currentSession({ forceRefresh: true })), "InternalErrorException");
  await peerPost(ctx, "/_peer/refresh-fault", { clientId: config.clientId, kind: "hang", seconds: 3 });
  assertErrorNamed(await rejected(client.currentSession({ forceRefresh: true })), "TimeoutError");
  assert.equal(failures.length, 2);
  const session = await client.currentSession({ forceRefresh: true });
  assert.ok(session !== null, "the session is kept and refreshes afterwards");
});

test("where GetTokensFromRefreshToken is unknown, a refresh falls back to REFRESH_TOKEN_AUTH with its SECRET_HASH", async (ctx) => {
  globalThis.fallbackCalls = [];
  const { config, client, tokens } = await signedIn(ctx, "secret", objectStorage(), { fetch: recordingFetch("fallbackCalls") });
  globalThis.fallbackCalls = [];
  await peerPost(ctx, "/_peer/refresh-fault", { clientId: config.clientId, kind: "unknown" });
  const session = await client.currentSession({ forceRefresh: true });
  assert.notEqual(session.tokens.accessToken, tokens.accessToken, "new tokens");
  assert.equal(session.tokens.refreshToken, tokens.refreshToken, "REFRESH_TOKEN_AUTH keeps the refresh token");
  const calls = recorded("fallbackCalls");
  assert.deepEqual(calls.map(([target]) => target.split(".")[1]), ["GetTokensFromRefreshToken", "InitiateAuth"]);
  const [, initiate] = calls[1];
  assert.equal(initiate.AuthFlow, "REFRESH_TOKEN_AUTH");
  assert.equal(initiate.ClientId, config.clientId);
  assert.deepEqual(Object.keys(initiate.AuthParameters).sort(), ["REFRESH_TOKEN", "SECRET_HASH"]);
  // The fault was once: the next refresh uses GetTokensFromRefreshToken again.
  await client.currentSession({ forceRefresh: true });
  assert.equal(recorded("fallbackCalls").at(-1)[0].split(".")[1], "GetTokensFromRefreshToken");
});

test("a revoked refresh token ends the session and fires signedOut", async (ctx) => {
  const storage = objectStorage();
  const { seed, user, config, client } = await signedIn(ctx, "public", storage);
  const signedOut = [];
  client.on("signedOut", (payload) => signedOut.push(payload));
  await seed.admin("AdminUserGlobalSignOut", { UserPoolId: config.userPoolId, Username: user.username });
  assertErrorNamed(await rejected(client.currentSession({ forceRefresh: true })), "NotAuthorizedException");
  assert.equal(signedOut.length, 1);
  assert.equal(await client.currentSession(), null);
  assert.equal(storage.map.size, 0, "the stored session is removed");
});

test("a corrupt stored blob is no session, removed, never a crash", async (ctx) => {
  const seed = await Seed.load(ctx);
  const config = seed.config("session", "public");
  const key = `cognito-auth-wasm.${config.userPoolId}.${config.clientId}.session`;
  for (const blob of ["{", "null", "[]", '{"v":2}', '{"v":1,"username":5}', "x".repeat(70000), JSON.stringify({ v: 1, username: "u", idToken: "a", accessToken: "b", refreshToken: "c", expiresAt: -1 })]) {
    const storage = objectStorage();
    storage.map.set(key, blob);
    const client = new ctx.api.CognitoClient({ ...config, storage });
    assert.equal(await client.currentSession(), null);
    assert.ok(!storage.map.has(key), "removed");
  }
});

test("storage and currentSession inputs are checked", async (ctx) => {
  const seed = await Seed.load(ctx);
  const config = seed.config("session", "public");
  for (const storage of ["disk", 5, { getItem() {} }]) {
    let error;
    try {
      new ctx.api.CognitoClient({ ...config, storage });
    } catch (e) {
      error = e;
    }
    assertErrorNamed(error, "InvalidParameterError");
  }
  const client = new ctx.api.CognitoClient({ ...config, storage: "memory" });
  assertErrorNamed(await rejected(client.currentSession({ forceRefresh: "yes" })), "InvalidParameterError");
  assertErrorNamed(await rejected(client.currentSession(5)), "InvalidParameterError");
  let error;
  try {
    client.on("nope", () => {});
  } catch (e) {
    error = e;
  }
  assertErrorNamed(error, "InvalidParameterError");
  const failing = { getItem: () => { throw new Error("boom"); }, setItem() {}, removeItem() {} };
  assertErrorNamed(await rejected(new ctx.api.CognitoClient({ ...config, storage: failing }).currentSession()), "StorageError");
});

/** Cognito's answer to `operation` with `body`, straight from the peer (no client). */
async function peerCall(ctx, operation, body) {
  return fetchJson(`${ctx.peerUrl}/`, {
    method: "POST",
    headers: { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": `AWSCognitoIdentityProviderService.${operation}` },
    body: JSON.stringify(body),
  });
}

test("signOut clears the session first, revokes the refresh token and fires signedOut", async (ctx) => {
  const storage = objectStorage();
  const { config, client, tokens } = await signedIn(ctx, "public", storage);
  const blob = [...storage.map.values()][0];
  const signedOut = [];
  client.on("signedOut", (payload) => signedOut.push(payload));
  await client.signOut();
  assert.equal(storage.map.size, 0);
  assert.equal(signedOut.length, 1);
  assert.equal(await client.currentSession(), null);
  // The revoked refresh token is refused: put the old session back and refresh it.
  const key = `cognito-auth-wasm.${config.userPoolId}.${config.clientId}.session`;
  storage.map.set(key, blob);
  assertErrorNamed(await rejected(client.currentSession({ forceRefresh: true })), "NotAuthorizedException");
  assert.equal(storage.map.size, 0);
  const refused = await peerCall(ctx, "GetTokensFromRefreshToken", { RefreshToken: tokens.refreshToken, ClientId: config.clientId });
  assert.equal(refused.__type, "NotAuthorizedException");
  // Signed out already: nothing to do.
  await client.signOut();
});

test("a signOut while a refresh is in flight ends signed out: the refresh does not write the session back", async (ctx) => {
  const storage = objectStorage();
  const { client } = await signedIn(ctx, "public", storage);
  const refreshing = client.currentSession({ forceRefresh: true });
  const signingOut = client.signOut();
  const [refreshed] = await Promise.allSettled([refreshing, signingOut]);
  assert.equal(refreshed.status, "fulfilled", "the refresh itself succeeded");
  await signingOut;
  assert.equal(storage.map.size, 0, "nothing stored after the sign-out");
  assert.equal(await client.currentSession(), null);
});

test("signOut({ global: true }) signs out every session of the user: its access tokens are refused", async (ctx) => {
  const storage = objectStorage();
  const { seed, user, config, client, tokens } = await signedIn(ctx, "secret", storage);
  const other = new ctx.api.CognitoClient({ ...config, storage: objectStorage() });
  await other.signIn({ username: user.username, password: user.password });
  await client.signOut({ global: true });
  assert.equal(storage.map.size, 0);
  const refused = await peerCall(ctx, "GetUser", { AccessToken: tokens.accessToken });
  assert.equal(refused.__type, "NotAuthorizedException");
  assertErrorNamed(await rejected(other.currentSession({ forceRefresh: true })), "NotAuthorizedException");
  assert.equal(await other.currentSession(), null);
  assert.ok(seed);
});

test("a revocation that fails rejects by name; the local state is gone anyway", async (ctx) => {
  const storage = objectStorage();
  const { client } = await signedIn(ctx, "norevoke", storage);
  assertErrorNamed(await rejected(client.signOut()), "UnsupportedOperationException");
  assert.equal(storage.map.size, 0);
  assert.equal(await client.currentSession(), null);
  assertErrorNamed(await rejected(client.signOut({ global: 1 })), "InvalidParameterError");
});

test("a remembered device survives a reload (a new client on the same storage) and skips MFA", async (ctx) => {
  const seed = await Seed.load(ctx);
  const storage = objectStorage();
  const config = { ...seed.config("devices", "public"), storage };
  const credentials = seed.credentials("devices", "sms");
  const username = seed.user("devices", "sms").username;
  const first = new ctx.api.CognitoClient(config);
  let step = await first.signIn(credentials);
  assert.equal(step.challengeName, "SMS_MFA");
  const signedIn = await step.respond({ code: await smsCode(ctx, username) });
  const deviceKey = signedIn.device.deviceKey;
  assert.equal(typeof deviceKey, "string");
  await signedIn.rememberDevice();
  const prefix = `cognito-auth-wasm.${config.userPoolId}.${config.clientId}.device.`;
  const stored = [...storage.map.keys()].filter((key) => key.startsWith(prefix));
  assert.ok(stored.length >= 1, "the device is stored");

  const reloaded = new ctx.api.CognitoClient(config);
  const again = await reloaded.signIn(credentials);
  assert.equal(again.challengeName, undefined, "no MFA on the remembered device");
  assert.equal(again.device.deviceKey, deviceKey);
  // The session is bound to the device: its refresh sends the DeviceKey.
  const session = await reloaded.currentSession({ forceRefresh: true });
  assert.ok(session !== null);

  // A corrupt device blob is no device (MFA again), removed.
  const corrupt = objectStorage();
  for (const key of stored) corrupt.map.set(key, "{");
  step = await new ctx.api.CognitoClient({ ...config, storage: corrupt }).signIn(credentials);
  assert.equal(step.challengeName, "SMS_MFA");
  assert.ok(stored.every((key) => !corrupt.map.has(key)), "removed");

  // forgetDevice removes the stored device too: the next reload gets MFA.
  await again.forgetDevice();
  assert.ok(stored.every((key) => !storage.map.has(key)) || !storage.map.has(`${prefix}${username}`));
  step = await new ctx.api.CognitoClient(config).signIn(credentials);
  assert.equal(step.challengeName, "SMS_MFA");
});

test("a client with a secret refreshes with its ClientSecret and keeps the rotated refresh token", async (ctx) => {
  const storage = objectStorage();
  const { config, client, tokens } = await signedIn(ctx, "rotsecret", storage);
  const first = await client.currentSession({ forceRefresh: true });
  assert.notEqual(first.tokens.refreshToken, tokens.refreshToken, "rotated");
  // No grace period: the first refresh token is refused at once, the stored one is used.
  const second = await new ctx.api.CognitoClient(config).currentSession({ forceRefresh: true });
  assert.notEqual(second.tokens.refreshToken, first.tokens.refreshToken);
  const refused = await peerCall(ctx, "GetTokensFromRefreshToken", {
    RefreshToken: tokens.refreshToken,
    ClientId: config.clientId,
    ClientSecret: config.clientSecret,
  });
  assert.equal(refused.__type, "RefreshTokenReuseException");
});
