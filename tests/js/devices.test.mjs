// Device tracking against the local Cognito peer (tests/peer), in Node and in Chromium: the
// device confirmed after a sign-in, DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER answered by the
// client (right after the password, or after the SMS_MFA answer for a device not remembered), a
// remembered device skipping SMS_MFA, listDevices, forgetDevice, and a device the server no
// longer knows.
//
// Every test starts from a fresh client (devices live in the client's memory), so the suite can
// run again against the same peer.

import { test, assert } from "./harness.mjs";
import {
  Seed,
  smsCode,
  recordingClientWith,
  recorded,
  assertErrorNamed,
  assertTokens,
  toValue,
  newClient,
} from "./common.mjs";

const TARGET = "AWSCognitoIdentityProviderService.";

/**
 * `pool`'s `appClient` config with `storage: "memory"`: each client here starts without the
 * devices other clients (or runs) stored (tests/js/session.test.mjs keeps devices across clients).
 */
function memoryConfig(seed, pool, appClient) {
  return { ...seed.config(pool, appClient), storage: "memory" };
}

/** The calls recorded in `globalThis[name]` from index `from` on, as [operation, body]. */
function callsSince(name, from) {
  return recorded(name)
    .slice(from)
    .map(([target, body]) => {
      const operation = typeof target === "string" ? target : "";
      return [operation.startsWith(TARGET) ? operation.slice(TARGET.length) : operation, body];
    });
}

/** The `ChallengeName` of each RespondToAuthChallenge (or the operation's name otherwise). */
function steps(calls) {
  return calls.map(([operation, body]) => {
    if (operation === "RespondToAuthChallenge") {
      assert.equal(typeof body.ChallengeName, "string", JSON.stringify(body));
      return body.ChallengeName;
    }
    return operation;
  });
}

function deviceOf(step) {
  return toValue(step.device);
}

/** `object` has an own property `key` (a JSON body field present, whatever its value). */
function has(object, key) {
  return Object.prototype.hasOwnProperty.call(object, key);
}

test("a confirmed device signs in again through device srp auth", async (ctx) => {
  const seed = await Seed.load(ctx);
  for (const appClient of ["public", "secret"]) {
    const name = `__deviceSrp_${appClient}`;
    const client = recordingClientWith(ctx, memoryConfig(seed, "devauto", appClient), name);
    const credentials = seed.credentials("devauto", "dev");

    const first = await client.signIn(credentials);
    assertTokens(first);
    const device = deviceOf(first);
    const deviceKey = device.deviceKey;
    assert.equal(typeof deviceKey, "string", "a deviceKey");
    assert.equal(device.userConfirmationNecessary, false, JSON.stringify(device));
    assert.deepEqual(toValue(first).device, device);
    let calls = callsSince(name, 0);
    assert.deepEqual(
      steps(calls),
      ["InitiateAuth", "PASSWORD_VERIFIER", "ConfirmDevice"],
      appClient,
    );
    const confirm = calls[2][1];
    assert.equal(confirm.DeviceKey, deviceKey);
    assert.equal(confirm.DeviceName, "cognito-auth-wasm");
    assert.equal(typeof confirm.DeviceSecretVerifierConfig.PasswordVerifier, "string");
    assert.equal(typeof confirm.DeviceSecretVerifierConfig.Salt, "string");

    const second = await client.signIn(credentials);
    assertTokens(second);
    assert.equal(deviceOf(second).deviceKey, deviceKey);
    calls = callsSince(name, 3);
    assert.deepEqual(
      steps(calls),
      ["InitiateAuth", "PASSWORD_VERIFIER", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER"],
      appClient,
    );
    assert.equal(calls[0][1].AuthParameters.DEVICE_KEY, deviceKey);
    for (const [, body] of calls.slice(1)) {
      const responses = body.ChallengeResponses;
      assert.equal(responses.DEVICE_KEY, deviceKey, JSON.stringify(body));
      assert.equal(has(responses, "SECRET_HASH"), appClient === "secret", JSON.stringify(body));
    }
    // The device password never goes over the wire: only its proof does.
    const deviceAnswer = calls[3][1].ChallengeResponses;
    assert.equal(typeof deviceAnswer.PASSWORD_CLAIM_SIGNATURE, "string");
    assert.ok(!has(deviceAnswer, "PASSWORD"), JSON.stringify(deviceAnswer));
  }
});

test("a remembered device skips sms mfa until it is forgotten", async (ctx) => {
  const seed = await Seed.load(ctx);
  const name = "__deviceRemember";
  const config = { ...memoryConfig(seed, "devices", "public"), deviceName: "web-devices-test" };
  const client = recordingClientWith(ctx, config, name);
  const credentials = seed.credentials("devices", "sms");
  const username = seed.user("devices", "sms").username;
  assert.equal(typeof username, "string");

  // A new device: SMS_MFA, then the device is confirmed; the pool wants the user asked.
  let step = await client.signIn(credentials);
  assert.equal(step.challengeName, "SMS_MFA");
  const signedIn = await step.respond({ code: await smsCode(ctx, username) });
  assertTokens(signedIn);
  const device = deviceOf(signedIn);
  const deviceKey = device.deviceKey;
  assert.equal(typeof deviceKey, "string", "a deviceKey");
  assert.equal(device.userConfirmationNecessary, true, JSON.stringify(device));
  assert.equal(await signedIn.rememberDevice(), undefined);

  // The remembered device proves itself and MFA is skipped.
  let from = recorded(name).length;
  const again = await client.signIn(credentials);
  assertTokens(again);
  assert.deepEqual(steps(callsSince(name, from)), [
    "InitiateAuth",
    "PASSWORD_VERIFIER",
    "DEVICE_SRP_AUTH",
    "DEVICE_PASSWORD_VERIFIER",
  ]);
  assert.equal(deviceOf(again).deviceKey, deviceKey);

  // Another client has no device: SMS_MFA.
  const fresh = new ctx.api.CognitoClient(memoryConfig(seed, "devices", "public"));
  step = await fresh.signIn(credentials);
  assert.equal(step.challengeName, "SMS_MFA");

  // listDevices shows the device, its name and its remembered status.
  let devices = toValue(await again.listDevices());
  assert.ok(Array.isArray(devices), JSON.stringify(devices));
  const listed = devices.find((listedDevice) => listedDevice.deviceKey === deviceKey);
  assert.ok(listed, `${deviceKey} not in ${JSON.stringify(devices)}`);
  assert.equal(listed.attributes.device_name, "web-devices-test");
  assert.equal(listed.attributes["dev:device_remembered_status"], "remembered");

  // forgetDevice: gone at the server and in the client; the next sign-in names no device.
  assert.equal(await again.forgetDevice(), undefined);
  devices = toValue(await again.listDevices());
  assert.ok(!JSON.stringify(devices).includes(deviceKey), JSON.stringify(devices));
  from = recorded(name).length;
  step = await client.signIn(credentials);
  assert.equal(step.challengeName, "SMS_MFA");
  const calls = callsSince(name, from);
  assert.ok(!has(calls[0][1].AuthParameters, "DEVICE_KEY"), JSON.stringify(calls[0][1]));
  assert.ok(!has(calls[1][1].ChallengeResponses, "DEVICE_KEY"), JSON.stringify(calls[1][1]));
});

test("a device confirmed but not remembered answers mfa first then proves itself", async (ctx) => {
  const seed = await Seed.load(ctx);
  const username = seed.user("devices", "sms").username;
  assert.equal(typeof username, "string");
  const credentials = seed.credentials("devices", "sms");
  for (const appClient of ["public", "secret"]) {
    const name = `__deviceAfterMfa_${appClient}`;
    const client = recordingClientWith(ctx, memoryConfig(seed, "devices", appClient), name);

    // An earlier sign-in confirmed the device; the app did not remember it.
    let step = await client.signIn(credentials);
    assert.equal(step.challengeName, "SMS_MFA");
    const first = await step.respond({ code: await smsCode(ctx, username) });
    assertTokens(first);
    const deviceKey = deviceOf(first).deviceKey;
    assert.equal(typeof deviceKey, "string", "a deviceKey");
    assert.equal(deviceOf(first).userConfirmationNecessary, true);

    // The same client again: the pool asks MFA first, with the device named.
    let from = recorded(name).length;
    step = await client.signIn(credentials);
    assert.equal(step.challengeName, "SMS_MFA", appClient);
    assert.deepEqual(steps(callsSince(name, from)), ["InitiateAuth", "PASSWORD_VERIFIER"]);
    const signedIn = await step.respond({ code: await smsCode(ctx, username) });
    // DEVICE_SRP_AUTH came back for the code; the client answered it and the app sees tokens.
    assertTokens(signedIn);
    assert.deepEqual(deviceOf(signedIn), { deviceKey, userConfirmationNecessary: false });
    const calls = callsSince(name, from);
    assert.deepEqual(
      steps(calls),
      ["InitiateAuth", "PASSWORD_VERIFIER", "SMS_MFA", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER"],
      appClient,
    );
    const [, mfaAnswer] = calls[2];
    const [, deviceSrp] = calls[3];
    assert.equal(deviceSrp.ChallengeResponses.DEVICE_KEY, deviceKey);
    assert.equal(deviceSrp.ChallengeResponses.USERNAME, username);
    assert.match(deviceSrp.ChallengeResponses.SRP_A, /^[0-9a-f]{500,}$/);
    assert.equal(has(deviceSrp.ChallengeResponses, "SECRET_HASH"), appClient === "secret");
    // The Session DEVICE_SRP_AUTH came with, not the spent one of the SMS_MFA challenge.
    assert.equal(typeof deviceSrp.Session, "string");
    assert.notEqual(deviceSrp.Session, mfaAnswer.Session);
    assert.equal(calls[4][1].ChallengeResponses.DEVICE_KEY, deviceKey);

    // Now the app remembers it, and the next sign-in skips MFA.
    assert.equal(await signedIn.rememberDevice(), undefined);
    from = recorded(name).length;
    const remembered = await client.signIn(credentials);
    assertTokens(remembered);
    assert.deepEqual(steps(callsSince(name, from)), [
      "InitiateAuth",
      "PASSWORD_VERIFIER",
      "DEVICE_SRP_AUTH",
      "DEVICE_PASSWORD_VERIFIER",
    ]);
    assert.equal(deviceOf(remembered).deviceKey, deviceKey);
  }
});

test("a device the server no longer knows is forgotten and the sign in retried", async (ctx) => {
  const seed = await Seed.load(ctx);
  const name = "__deviceUnknown";
  const client = recordingClientWith(ctx, memoryConfig(seed, "devauto", "public"), name);
  const credentials = seed.credentials("devauto", "dev");
  const first = await client.signIn(credentials);
  const deviceKey = deviceOf(first).deviceKey;
  assert.equal(typeof deviceKey, "string", "a deviceKey");

  // Forgotten behind the client's back (ForgetDevice from outside this client).
  const accessToken = first.tokens.accessToken;
  assert.equal(typeof accessToken, "string");
  await seed.admin("ForgetDevice", { AccessToken: accessToken, DeviceKey: deviceKey });

  let from = recorded(name).length;
  const retried = await client.signIn(credentials);
  assertTokens(retried);
  const calls = callsSince(name, from);
  assert.deepEqual(steps(calls), [
    "InitiateAuth",
    "PASSWORD_VERIFIER",
    "InitiateAuth",
    "PASSWORD_VERIFIER",
    "ConfirmDevice",
  ]);
  assert.equal(calls[1][1].ChallengeResponses.DEVICE_KEY, deviceKey);
  assert.ok(!has(calls[2][1].AuthParameters, "DEVICE_KEY"), JSON.stringify(calls[2][1]));
  assert.ok(!has(calls[3][1].ChallengeResponses, "DEVICE_KEY"), JSON.stringify(calls[3][1]));
  const newKey = deviceOf(retried).deviceKey;
  assert.equal(typeof newKey, "string", "a new deviceKey");
  assert.notEqual(newKey, deviceKey);

  // A wrong password with the (new) device is refused as such, not retried.
  from = recorded(name).length;
  const wrong = { ...credentials, password: "Wrong-Passw0rd!" };
  const error = await assert.rejects(client.signIn(wrong));
  assertErrorNamed(error, "NotAuthorizedException");
  assert.deepEqual(steps(callsSince(name, from)), ["InitiateAuth", "PASSWORD_VERIFIER"]);
});

test("without device tracking there is no device and device calls are refused", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("main", "public");
  const signedIn = await client.signIn(seed.credentials("main", "demo"));
  assertTokens(signedIn);
  assert.equal(signedIn.device, undefined);
  const json = toValue(signedIn);
  assert.equal(typeof json.tokens.idToken, "string", JSON.stringify(json));
  for (const method of ["rememberDevice", "forgetDevice"]) {
    const error = await assert.rejects(signedIn[method]());
    assertErrorNamed(error, "InvalidStateError");
  }
});

test("an empty device name is an invalid parameter", (ctx) => {
  const config = { userPoolId: "us-east-1_abc", clientId: "id", deviceName: "" };
  const error = assert.throws(
    () => newClient(ctx, config),
    undefined,
    "an empty deviceName was accepted",
  );
  assertErrorNamed(error, "InvalidParameterError");
});
