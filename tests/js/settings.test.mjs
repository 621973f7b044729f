// A signed-in user's own settings against the local peer: the attribute operations
// (updateUserAttributes, sendUserAttributeVerificationCode, verifyUserAttribute,
// deleteUserAttributes) in pool `session`, TOTP set up outside sign-in and the MFA preference
// (setupTotp, verifyTotp, setMfaPreference) in pool `totp`, and the client's device calls for the
// current session (listDevices, rememberDevice, forgetDevice) in pool `devices`. Each operation
// sends the session's access token and nothing of the app client; Cognito's refusals keep their
// names; bad input is refused before anything is sent. Each test signs in a fresh user.
import { assert, test } from "./harness.mjs";
import {
  assertErrorNamed,
  fetchJson,
  getStr,
  recorded,
  recordingClientWith,
  rejected,
  Seed,
  totpCode,
} from "./common.mjs";

const TARGET = "AWSCognitoIdentityProviderService.";

/** A fresh user of `pool` signed in on a recording client of `appClient` (memory storage). */
async function signedIn(ctx, pool, appClient, name) {
  const seed = await Seed.load(ctx);
  const user = await seed.confirmedUser(pool);
  const config = { ...seed.config(pool, appClient), storage: "memory" };
  globalThis[name] = [];
  const client = recordingClientWith(ctx, config, name);
  const result = await client.signIn({ username: user.username, password: user.password });
  globalThis[name] = [];
  return { seed, user, config, client, result };
}

/** The recorded calls as [operation, body]. */
function calls(name) {
  return recorded(name).map(([target, body]) => [String(target).replace(TARGET, ""), body]);
}

/** The live code of `purpose` the peer "sent" for `username`. */
async function peerCode(ctx, purpose, username) {
  const answer = await fetchJson(`${ctx.peerUrl}/_peer/code/${purpose}/${encodeURIComponent(username)}`);
  return getStr(answer, "code");
}

test("updateUserAttributes sets the attributes and reports the code sent for a new email; verifyUserAttribute verifies it", async (ctx) => {
  const { user, client } = await signedIn(ctx, "session", "secret", "attrCalls");
  const email = `${user.username}-new@example.org`;
  const updated = await client.updateUserAttributes({ attributes: { name: "Renamed", email } });
  assert.equal(updated.codeDeliveries.length, 1, JSON.stringify(updated));
  const [delivery] = updated.codeDeliveries;
  assert.equal(delivery.attributeName, "email");
  assert.equal(delivery.deliveryMedium, "EMAIL");
  assert.ok(!delivery.destination.includes(user.username), "the destination is masked");
  let attributes = (await client.getUser()).attributes;
  assert.equal(attributes.name, "Renamed");
  assert.equal(attributes.email, email);
  assert.equal(attributes.email_verified, "false");

  const code = await peerCode(ctx, "verify-email", user.username);
  const wrong = await rejected(client.verifyUserAttribute({ attributeName: "email", code: code === "000000" ? "111111" : "000000" }));
  assertErrorNamed(wrong, "CodeMismatchException");
  assert.equal(await client.verifyUserAttribute({ attributeName: "email", code }), undefined);
  attributes = (await client.getUser()).attributes;
  assert.equal(attributes.email_verified, "true");

  const sent = calls("attrCalls");
  assert.deepEqual(sent.map(([operation]) => operation), [
    "UpdateUserAttributes", "GetUser", "VerifyUserAttribute", "VerifyUserAttribute", "GetUser",
  ]);
  assert.deepEqual(Object.keys(sent[0][1]).sort(), ["AccessToken", "UserAttributes"]);
  const byName = (a, b) => (a.Name < b.Name ? -1 : 1);
  assert.deepEqual(sent[0][1].UserAttributes.sort(byName), [{ Name: "email", Value: email }, { Name: "name", Value: "Renamed" }]);
  assert.deepEqual(Object.keys(sent[2][1]).sort(), ["AccessToken", "AttributeName", "Code"]);
});

test("an attribute change that needs no verification resolves with no code deliveries", async (ctx) => {
  const { client } = await signedIn(ctx, "session", "public", "attrPlain");
  const updated = await client.updateUserAttributes({ attributes: { name: "Plain" }, clientMetadata: { source: "test" } });
  assert.deepEqual(updated, { codeDeliveries: [] });
  const [[operation, body]] = calls("attrPlain");
  assert.equal(operation, "UpdateUserAttributes");
  assert.deepEqual(body.ClientMetadata, { source: "test" });
});

test("sendUserAttributeVerificationCode sends a fresh code; the older and an expired one are refused", async (ctx) => {
  const { user, client } = await signedIn(ctx, "session", "public", "attrSend");
  const first = await client.sendUserAttributeVerificationCode({ attributeName: "email" });
  assert.equal(first.codeDelivery.attributeName, "email");
  assert.equal(first.codeDelivery.deliveryMedium, "EMAIL");
  const old = await peerCode(ctx, "verify-email", user.username);
  await client.sendUserAttributeVerificationCode({ attributeName: "email", clientMetadata: { k: "v" } });
  const fresh = await peerCode(ctx, "verify-email", user.username);
  if (fresh !== old) {
    assertErrorNamed(await rejected(client.verifyUserAttribute({ attributeName: "email", code: old })), "CodeMismatchException");
  }
  const expired = await fetchJson(`${ctx.peerUrl}/_peer/expire-code`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ purpose: "verify-email", username: user.username }),
  });
  assert.equal(expired?.expired, true, JSON.stringify(expired));
  assertErrorNamed(await rejected(client.verifyUserAttribute({ attributeName: "email", code: fresh })), "ExpiredCodeException");
  const unverifiable = await rejected(client.sendUserAttributeVerificationCode({ attributeName: "name" }));
  assertErrorNamed(unverifiable, "InvalidParameterException");
  const sent = calls("attrSend");
  assert.equal(sent[0][0], "GetUserAttributeVerificationCode");
  assert.deepEqual(Object.keys(sent[0][1]).sort(), ["AccessToken", "AttributeName"]);
  assert.deepEqual(sent[1][1].ClientMetadata, { k: "v" });
});

test("deleteUserAttributes removes attributes; one the user lacks is refused by name", async (ctx) => {
  const { client } = await signedIn(ctx, "session", "public", "attrDelete");
  await client.updateUserAttributes({ attributes: { name: "Temporary", preferred_username: `p${Date.now()}` } });
  assert.equal(await client.deleteUserAttributes({ attributeNames: ["name", "preferred_username"] }), undefined);
  const { attributes } = await client.getUser();
  assert.equal(attributes.name, undefined);
  assert.equal(attributes.preferred_username, undefined);
  assertErrorNamed(await rejected(client.deleteUserAttributes({ attributeNames: ["name"] })), "InvalidParameterException");
  const deletes = calls("attrDelete").filter(([operation]) => operation === "DeleteUserAttributes");
  assert.equal(deletes.length, 2);
  assert.deepEqual(deletes[0][1].UserAttributeNames, ["name", "preferred_username"]);
  assert.deepEqual(Object.keys(deletes[0][1]).sort(), ["AccessToken", "UserAttributeNames"]);
});

test("bad input to each settings operation is an InvalidParameterError naming the field, with nothing sent", async (ctx) => {
  const { client } = await signedIn(ctx, "session", "public", "attrBad");
  const cases = [
    [() => client.updateUserAttributes(undefined), /updateUserAttributes input/],
    [() => client.updateUserAttributes({}), /attributes is required/],
    [() => client.updateUserAttributes({ attributes: {} }), /attributes must name at least one/],
    [() => client.updateUserAttributes({ attributes: { name: 5 } }), /name must be a string/],
    [() => client.updateUserAttributes({ attributes: ["name"] }), /attributes must be an object/],
    [() => client.sendUserAttributeVerificationCode({}), /attributeName is required/],
    [() => client.sendUserAttributeVerificationCode({ attributeName: "" }), /attributeName must be a non-empty string/],
    [() => client.verifyUserAttribute({ attributeName: "email" }), /code is required/],
    [() => client.verifyUserAttribute({ attributeName: "email", code: 123456 }), /code must be a string/],
    [() => client.deleteUserAttributes({}), /attributeNames is required/],
    [() => client.deleteUserAttributes({ attributeNames: "name" }), /attributeNames must be an array of strings/],
    [() => client.deleteUserAttributes({ attributeNames: [] }), /attributeNames must hold at least one name/],
    [() => client.deleteUserAttributes({ attributeNames: ["name", 7] }), /attributeNames must hold non-empty strings only/],
    [() => client.deleteUserAttributes({ attributeNames: new Array(300).fill("name") }), /attributeNames/],
    [() => client.verifyTotp({}), /code is required/],
    [() => client.verifyTotp({ code: "123456", friendlyDeviceName: 1 }), /friendlyDeviceName/],
    [() => client.setMfaPreference({}), /at least one of totp, sms and email/],
    [() => client.setMfaPreference({ totp: "on" }), /totp, when given, must be "preferred", "enabled" or "disabled"/],
    [() => client.setMfaPreference({ totp: "preferred", sms: "preferred" }), /at most one factor/],
    [() => client.forgetDevice(""), /deviceKey, when given, must be a non-empty string/],
    [() => client.forgetDevice(42), /deviceKey/],
  ];
  for (const [call, message] of cases) {
    const error = await rejected(call());
    assertErrorNamed(error, "InvalidParameterError");
    assert.match(error.message, message);
  }
  assert.deepEqual(calls("attrBad"), []);
});

test("without a session each settings operation is an InvalidStateError and nothing is sent", async (ctx) => {
  const seed = await Seed.load(ctx);
  globalThis.settingsNone = [];
  const client = recordingClientWith(ctx, { ...seed.config("session", "public"), storage: "memory" }, "settingsNone");
  for (const call of [
    () => client.updateUserAttributes({ attributes: { name: "X" } }),
    () => client.sendUserAttributeVerificationCode({ attributeName: "email" }),
    () => client.verifyUserAttribute({ attributeName: "email", code: "123456" }),
    () => client.deleteUserAttributes({ attributeNames: ["name"] }),
    () => client.setupTotp(),
    () => client.verifyTotp({ code: "123456" }),
    () => client.setMfaPreference({ totp: "enabled" }),
    () => client.listDevices(),
    () => client.rememberDevice(),
    () => client.forgetDevice(),
    () => client.forgetDevice("us-east-1_some-device"),
  ]) {
    const error = await rejected(call());
    assertErrorNamed(error, "InvalidStateError");
    assert.match(error.message, /no user is signed in/);
  }
  assert.deepEqual(recorded("settingsNone"), []);
});

test("setupTotp, verifyTotp and setMfaPreference make TOTP the user's MFA; the next sign-in asks for it", async (ctx) => {
  const { user, config, client } = await signedIn(ctx, "totp", "secret", "totpCalls");
  const setup = await client.setupTotp();
  assert.match(setup.secretCode, /^[A-Z2-7]+=*$/);
  assert.equal(setup.uri("My App", user.username), `otpauth://totp/My%20App:${encodeURIComponent(user.username)}?secret=${setup.secretCode}&issuer=My%20App`);
  const code = await totpCode(setup.secretCode);
  const wrong = await rejected(client.verifyTotp({ code: code === "000000" ? "111111" : "000000" }));
  assertErrorNamed(wrong, "EnableSoftwareTokenMFAException");
  assert.equal(await client.verifyTotp({ code, friendlyDeviceName: "phone" }), undefined);
  assert.equal(await client.setMfaPreference({ totp: "preferred" }), undefined);
  const account = await client.getUser();
  assert.equal(account.preferredMfa, "SOFTWARE_TOKEN_MFA");
  assert.ok(account.mfaSettings.includes("SOFTWARE_TOKEN_MFA"), JSON.stringify(account.mfaSettings));

  const sent = calls("totpCalls");
  assert.deepEqual(sent.slice(0, 4).map(([operation]) => operation), [
    "AssociateSoftwareToken", "VerifySoftwareToken", "VerifySoftwareToken", "SetUserMFAPreference",
  ]);
  assert.deepEqual(Object.keys(sent[0][1]), ["AccessToken"]);
  assert.deepEqual(Object.keys(sent[2][1]).sort(), ["AccessToken", "FriendlyDeviceName", "UserCode"]);
  assert.deepEqual(sent[3][1], {
    AccessToken: sent[0][1].AccessToken,
    SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
  });

  // The next sign-in asks for a code from the authenticator.
  const next = new ctx.api.CognitoClient(config);
  const step = await next.signIn({ username: user.username, password: user.password });
  assert.equal(step.challengeName, "SOFTWARE_TOKEN_MFA");
  const answered = await step.respond({ code: await totpCode(setup.secretCode) });
  assert.ok(answered.tokens?.accessToken);

  // Disabled again, the sign-in ends in tokens.
  await client.setMfaPreference({ totp: "disabled" });
  assert.equal(calls("totpCalls").at(-1)[1].SoftwareTokenMfaSettings.Enabled, false);
  const plain = await new ctx.api.CognitoClient(config).signIn({ username: user.username, password: user.password });
  assert.ok(plain.tokens?.accessToken, `no MFA once TOTP is disabled: ${plain.challengeName}`);
});

test("the client's device calls work on the session's device: listDevices, rememberDevice, forgetDevice", async (ctx) => {
  const storage = new Map();
  const seed = await Seed.load(ctx);
  const user = await seed.confirmedUser("devices");
  const config = {
    ...seed.config("devices", "public"),
    storage: {
      getItem: (key) => storage.get(key) ?? null,
      setItem: (key, value) => void storage.set(key, value),
      removeItem: (key) => void storage.delete(key),
    },
  };
  globalThis.clientDevices = [];
  const client = recordingClientWith(ctx, config, "clientDevices");
  const signedOut = [];
  client.on("signedOut", (payload) => signedOut.push(payload));
  const result = await client.signIn({ username: user.username, password: user.password });
  const deviceKey = result.device?.deviceKey;
  assert.equal(typeof deviceKey, "string", "the pool tracks devices");
  assert.equal(result.device.userConfirmationNecessary, true);
  const deviceBlob = `cognito-auth-wasm.${config.userPoolId}.${config.clientId}.device.${user.username}`;
  assert.ok(storage.has(deviceBlob), "the device is stored");
  globalThis.clientDevices = [];

  const status = (devices) => devices.find((device) => device.deviceKey === deviceKey)?.attributes["dev:device_remembered_status"];
  assert.equal(status(await client.listDevices()), "not_remembered");
  assert.equal(await client.rememberDevice(), undefined);
  assert.equal(status(await client.listDevices()), "remembered");
  assert.equal(await client.forgetDevice(), undefined);
  assert.equal(status(await client.listDevices()), undefined, "Cognito forgot the device");
  assert.ok(!storage.has(deviceBlob), "the storage forgot the device");

  const sent = calls("clientDevices");
  assert.deepEqual(sent.map(([operation]) => operation), [
    "ListDevices", "UpdateDeviceStatus", "ListDevices", "ForgetDevice", "ListDevices",
  ]);
  assert.deepEqual(sent[1][1], { AccessToken: sent[0][1].AccessToken, DeviceKey: deviceKey, DeviceRememberedStatus: "remembered" });
  assert.deepEqual(sent[3][1], { AccessToken: sent[0][1].AccessToken, DeviceKey: deviceKey });

  // The session's refresh token was bound to the device: Cognito refuses it now, which ends the
  // session.
  assertErrorNamed(await rejected(client.currentSession({ forceRefresh: true })), "NotAuthorizedException");
  assert.deepEqual(signedOut, [{ reason: "refreshTokenRefused" }]);
  assert.equal(await client.currentSession(), null);
});

test("forgetDevice(deviceKey) forgets another device of the user and keeps the session's own", async (ctx) => {
  const seed = await Seed.load(ctx);
  const user = await seed.confirmedUser("devauto");
  const config = seed.config("devauto", "public");
  const other = new ctx.api.CognitoClient({ ...config, storage: "memory" });
  const otherKey = (await other.signIn({ username: user.username, password: user.password })).device?.deviceKey;
  globalThis.forgetOther = [];
  const client = recordingClientWith(ctx, { ...config, storage: "memory" }, "forgetOther");
  const ownKey = (await client.signIn({ username: user.username, password: user.password })).device?.deviceKey;
  assert.ok(otherKey && ownKey && otherKey !== ownKey, "two devices");
  const keys = async () => (await client.listDevices()).map((device) => device.deviceKey).sort();
  assert.deepEqual(await keys(), [otherKey, ownKey].sort());
  await client.forgetDevice(otherKey);
  assert.deepEqual(await keys(), [ownKey]);
  // The session keeps its device: it still refreshes, bound to it.
  const session = await client.currentSession({ forceRefresh: true });
  assert.equal(typeof session?.tokens?.accessToken, "string");
  const [operation, body] = calls("forgetOther").at(-1);
  assert.equal(operation, "GetTokensFromRefreshToken");
  assert.equal(body.DeviceKey, ownKey);
});
