// The sign-in flows and the challenge objects against the local Cognito peer (tests/peer), in
// Node and in Chromium: `flow`, `clientMetadata`, the user context hook, NEW_PASSWORD_REQUIRED,
// SMS_MFA, custom auth with and without SRP, SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, MFA_SETUP (TOTP
// and email), EMAIL_OTP, answer once.
//
// Users that change state (a new password) are created per test with AdminCreateUser, so the
// suite can run again against the same peer.

import { test, assert } from "./harness.mjs";
import {
  Seed,
  smsCode,
  emailCode,
  recordingClient,
  recordingClientFrom,
  fetchJson,
  recorded,
  assertErrorNamed,
  assertTokens,
  toValue,
  totpCode,
} from "./common.mjs";

/** A non-empty string. */
function assertNonEmptyString(value, what) {
  assert.equal(typeof value, "string", `${what} is not a string`);
  assert.ok(value.length > 0, `${what} is empty`);
}

// ---------------------------------------------------------------------------------------------
// Flows.

test("user password auth signs in and a wrong password is not authorized", async (ctx) => {
  const seed = await Seed.load(ctx);
  for (const appClient of ["public", "secret"]) {
    const client = seed.client("main", appClient);
    const input = { ...seed.credentials("main", "demo"), flow: "USER_PASSWORD_AUTH" };
    assertTokens(await client.signIn(input));

    input.password = "Wrong-Passw0rd!";
    const error = await assert.rejects(client.signIn(input));
    assertErrorNamed(error, "NotAuthorizedException");
  }
});

test("client metadata goes with every call of the sign in", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = recordingClient(seed, "main", "public", "__metadataCalls");
  const input = { ...seed.credentials("main", "demo"), clientMetadata: { source: "web-test" } };
  assertTokens(await client.signIn(input));
  const calls = recorded("__metadataCalls");
  assert.equal(calls.length, 2);
  for (const call of calls) {
    assert.deepEqual(call[1].ClientMetadata, { source: "web-test" }, JSON.stringify(call));
  }
});

/** A config of main/public with the `userContextData` hook `hook`. */
function configWithUserContextHook(seed, hook) {
  return { ...seed.config("main", "public"), userContextData: hook };
}

test("the user context hook feeds encoded data to every call of the sign in", async (ctx) => {
  const seed = await Seed.load(ctx);
  const config = configWithUserContextHook(seed, (input) => {
    globalThis.__contextInput = input;
    return "ctx:" + input.username;
  });
  const client = recordingClientFrom(ctx, config, "__contextCalls");
  const credentials = seed.credentials("main", "demo");
  assertTokens(await client.signIn(credentials));
  const calls = recorded("__contextCalls");
  assert.equal(calls.length, 2);
  for (const call of calls) {
    assert.deepEqual(
      call[1].UserContextData,
      { EncodedData: `ctx:${credentials.username}` },
      JSON.stringify(call),
    );
  }
  const input = toValue(globalThis.__contextInput);
  assert.equal(input.userPoolId, seed.pool("main").userPoolId);
  assert.equal(input.clientId, seed.pool("main").clients.public.clientId);
});

test("a user context hook that throws or returns a non string fails before any request", async (ctx) => {
  const seed = await Seed.load(ctx);
  const cases = [
    [() => { throw new Error("no"); }, "__contextThrows"],
    [() => 42, "__contextNumber"],
  ];
  for (const [hook, calls] of cases) {
    const client = recordingClientFrom(ctx, configWithUserContextHook(seed, hook), calls);
    const error = await assert.rejects(client.signIn(seed.credentials("main", "demo")));
    assertErrorNamed(error, "InvalidParameterError");
    assert.equal(recorded(calls).length, 0, `${hook}: no request may be sent`);
  }
});

test("invalid flow metadata or missing password reject before any request", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = recordingClient(seed, "main", "public", "__invalidCalls");
  for (const input of [
    { username: "demo", password: "x", flow: "USER_AUTH" },
    { username: "demo", password: "x", flow: 5 },
    { username: "demo", flow: "USER_PASSWORD_AUTH" },
    { username: "demo", flow: "CUSTOM_WITH_SRP" },
    { username: "demo", password: "x", clientMetadata: { a: 1 } },
    { username: "demo", password: "x", clientMetadata: "a" },
  ]) {
    const error = await assert.rejects(client.signIn(input));
    assertErrorNamed(error, "InvalidParameterError");
  }
  assert.equal(recorded("__invalidCalls").length, 0);
});

test("custom flows send custom auth", async (ctx) => {
  // demo has no custom challenges: the peer answers CUSTOM_AUTH without SRP as Cognito does for
  // a pool without the Lambda triggers.
  const seed = await Seed.load(ctx);
  const client = recordingClient(seed, "main", "public", "__customCalls");
  const error = await assert.rejects(
    client.signIn({ username: "demo", flow: "CUSTOM_WITHOUT_SRP" }),
  );
  assertErrorNamed(error, "InvalidParameterException");
  const calls = recorded("__customCalls");
  assert.equal(calls[0][1].AuthFlow, "CUSTOM_AUTH");
  assert.deepEqual(calls[0][1].AuthParameters, { USERNAME: "demo" });
});

// ---------------------------------------------------------------------------------------------
// NEW_PASSWORD_REQUIRED.

test("new password required is answered with a new password and signs in", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("main", "secret");
  const user = await seed.newPasswordUser("main");
  const before = Date.now();
  let step = await client.signIn(user);
  assert.equal(step.challengeName, "NEW_PASSWORD_REQUIRED");
  assert.equal(step.tokens, undefined);
  assertNonEmptyString(step.session, "session");
  const attributes = toValue(step.userAttributes);
  assert.equal(attributes.email, `${user.username}@example.com`);
  assert.ok(Array.isArray(toValue(step.requiredAttributes)), "requiredAttributes is an array");
  const expiresAt = step.expiresAt;
  assert.equal(typeof expiresAt, "number");
  assert.ok(
    expiresAt >= before + 170_000 && expiresAt <= Date.now() + 180_000,
    `expiresAt ${expiresAt}`,
  );

  step = await step.respond({ newPassword: "New-Passw0rd!" });
  assertTokens(step);

  const again = { ...user, password: "New-Passw0rd!" };
  assertTokens(await client.signIn(again));
});

test("a new password breaking the policy is cognitos invalid password exception", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("main", "public");
  const user = await seed.newPasswordUser("main");
  const step = await client.signIn(user);
  const error = await assert.rejects(step.respond({ newPassword: "short" }));
  assertErrorNamed(error, "InvalidPasswordException");
});

test("a missing or malformed new password answer rejects before any request", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = recordingClient(seed, "main", "public", "__newPasswordCalls");
  const step = await client.signIn(seed.credentials("main", "newpass"));
  assert.equal(step.challengeName, "NEW_PASSWORD_REQUIRED");
  const sent = recorded("__newPasswordCalls").length;
  for (const answer of [
    {},
    { newPassword: 5 },
    { newPassword: "" },
    { newPassword: "New-Passw0rd!", attributes: { name: 5 } },
  ]) {
    const error = await assert.rejects(step.respond(answer));
    assertErrorNamed(error, "InvalidParameterError");
  }
  assert.equal(recorded("__newPasswordCalls").length, sent);
});

// ---------------------------------------------------------------------------------------------
// SMS_MFA and the answer-once rule.

test("sms mfa wrong code then right code signs in then the challenge is spent", async (ctx) => {
  const seed = await Seed.load(ctx);
  for (const appClient of ["public", "secret"]) {
    const client = seed.client("main", appClient);
    const step = await client.signIn(seed.credentials("main", "sms"));
    assert.equal(step.challengeName, "SMS_MFA");
    assert.equal(typeof step.destination, "string");
    assert.equal(step.deliveryMedium, "SMS");

    const code = await smsCode(ctx, seed.user("main", "sms").username);
    let error = await assert.rejects(step.respond({ code: otherCode(code) }));
    assertErrorNamed(error, "CodeMismatchException");

    // After a code mismatch the same session may try again.
    assertTokens(await step.respond({ code }));

    error = await assert.rejects(step.respond({ code }));
    assertErrorNamed(error, "InvalidStateError");
    assert.equal(error.message, "this challenge was already answered");
  }
});

test("a challenge answered twice at once sends one request", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = recordingClient(seed, "main", "public", "__twiceCalls");
  const step = await client.signIn(seed.credentials("main", "sms"));
  const code = await smsCode(ctx, seed.user("main", "sms").username);
  const first = step.respond({ code });
  const second = step.respond({ code });
  assertErrorNamed(await assert.rejects(second), "InvalidStateError");
  assertTokens(await first);
  const answers = recorded("__twiceCalls").filter((call) => call[1].ChallengeName === "SMS_MFA");
  assert.equal(answers.length, 1);
});

test("a code answer must be an object with a string code", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("main", "public");
  const step = await client.signIn(seed.credentials("main", "sms"));
  for (const answer of [{}, { code: 123456 }, "123456"]) {
    const error = await assert.rejects(step.respond(answer));
    assertErrorNamed(error, "InvalidParameterError");
  }
  // Still answerable: nothing was sent.
  const code = await smsCode(ctx, seed.user("main", "sms").username);
  assertTokens(await step.respond({ code }));
});

// ---------------------------------------------------------------------------------------------
// Custom auth.

/** The credentials of `user` in the custom pool for CUSTOM_WITHOUT_SRP: no password. */
function customWithoutSrp(seed, user) {
  const input = { ...seed.credentials("custom", user), flow: "CUSTOM_WITHOUT_SRP" };
  delete input.password;
  return input;
}

test("custom without srp answers each custom challenge to tokens", async (ctx) => {
  const seed = await Seed.load(ctx);
  for (const appClient of ["public", "secret"]) {
    const client = seed.client("custom", appClient);
    let step = await client.signIn(customWithoutSrp(seed, "quiz"));
    assert.equal(step.challengeName, "CUSTOM_CHALLENGE");
    assert.equal(step.challengeParameters.question, "2+2?");
    step = await step.respond({ answer: "4" });
    assert.equal(step.challengeParameters.question, "Capital of France?");
    assertTokens(await step.respond({ answer: "Paris" }));
  }
});

test("custom with srp checks the password first then asks the custom challenge", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("custom", "secret");
  const input = { ...seed.credentials("custom", "once"), flow: "CUSTOM_WITH_SRP" };
  const step = await client.signIn(input);
  assert.equal(step.challengeName, "CUSTOM_CHALLENGE");
  // A wrong answer: the same challenge again, with a new session; the old object is spent.
  const retry = await step.respond({ answer: "no" });
  assert.equal(retry.challengeName, "CUSTOM_CHALLENGE");
  assert.equal(typeof retry.session, "string");
  assert.equal(typeof step.session, "string");
  assert.notEqual(retry.session, step.session);
  let error = await assert.rejects(step.respond({ answer: "please" }));
  assertErrorNamed(error, "InvalidStateError");
  assertTokens(await retry.respond({ answer: "please" }));

  input.password = "Wrong-Passw0rd!";
  error = await assert.rejects(client.signIn(input));
  assertErrorNamed(error, "NotAuthorizedException");
});

// ---------------------------------------------------------------------------------------------
// TOTP: SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, MFA_SETUP.

/** A six-digit code that is not `code`. */
function otherCode(code) {
  return code === "000000" ? "111111" : "000000";
}

test("software token mfa wrong code then right code signs in", async (ctx) => {
  const seed = await Seed.load(ctx);
  const secret = seed.user("totp", "totp").totpSecret;
  assert.equal(typeof secret, "string");
  for (const appClient of ["public", "secret"]) {
    const client = seed.client("totp", appClient);
    const step = await client.signIn(seed.credentials("totp", "totp"));
    assert.equal(step.challengeName, "SOFTWARE_TOKEN_MFA");
    const code = await totpCode(secret);
    const error = await assert.rejects(step.respond({ code: otherCode(code) }));
    assertErrorNamed(error, "CodeMismatchException");
    assertTokens(await step.respond({ code }));
  }
});

test("select mfa type lists the factors and leads to the chosen one", async (ctx) => {
  const seed = await Seed.load(ctx);
  const secret = seed.user("totp", "both").totpSecret;
  assert.equal(typeof secret, "string");
  const client = seed.client("totp", "secret");
  let step = await client.signIn(seed.credentials("totp", "both"));
  assert.equal(step.challengeName, "SELECT_MFA_TYPE");
  assert.deepEqual(toValue(step.allowedMfaTypes), ["SMS_MFA", "SOFTWARE_TOKEN_MFA"]);
  const error = await assert.rejects(step.respond({ mfaType: "EMAIL_OTP" }));
  assertErrorNamed(error, "InvalidParameterError");
  step = await step.respond({ mfaType: "SOFTWARE_TOKEN_MFA" });
  assert.equal(step.challengeName, "SOFTWARE_TOKEN_MFA");
  const code = await totpCode(secret);
  assertTokens(await step.respond({ code }));
});

test("mfa setup sets up totp and signs in then totp is asked", async (ctx) => {
  const seed = await Seed.load(ctx);
  for (const appClient of ["public", "secret"]) {
    const client = seed.client("mfaon", appClient);
    const user = await seed.confirmedUser("mfaon");
    let step = await client.signIn(user);
    assert.equal(step.challengeName, "MFA_SETUP");
    assert.ok(
      toValue(step.mfasCanSetup).includes("SOFTWARE_TOKEN_MFA"),
      JSON.stringify(step.mfasCanSetup),
    );

    const setup = await step.setupTotp();
    const secret = setup.secretCode;
    assertNonEmptyString(secret, "secretCode");
    const uri = setup.uri("Example Co", "a@b.c");
    assert.equal(
      uri,
      `otpauth://totp/Example%20Co:a%40b.c?secret=${secret}&issuer=Example%20Co`,
    );

    const code = await totpCode(secret);
    let error = await assert.rejects(step.verifyTotp({ code: otherCode(code) }));
    assertErrorNamed(error, "EnableSoftwareTokenMFAException");

    const right = { code, friendlyDeviceName: "phone" };
    assertTokens(await step.verifyTotp(right));
    error = await assert.rejects(step.verifyTotp(right));
    assertErrorNamed(error, "InvalidStateError");

    step = await client.signIn(user);
    assert.equal(step.challengeName, "SOFTWARE_TOKEN_MFA");
  }
});

test("an expired or reused session is cognitos not authorized", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("custom", "public");
  const input = customWithoutSrp(seed, "quiz");

  // Expired: the peer ages the session past its 3 minutes.
  let step = await client.signIn(input);
  await fetchJson(`${ctx.peerUrl}/_peer/expire-session`, {
    method: "POST",
    body: JSON.stringify({ Session: step.session }),
  });
  let error = await assert.rejects(step.respond({ answer: "4" }));
  assertErrorNamed(error, "NotAuthorizedException");

  // Reused: a session already answered, sent again through the raw layer.
  step = await client.signIn(input);
  const spentSession = step.session;
  assert.equal(typeof spentSession, "string");
  const username = step.challengeParameters.USERNAME;
  assert.equal(typeof username, "string");
  await step.respond({ answer: "4" });
  const replay = {
    ChallengeName: "CUSTOM_CHALLENGE",
    Session: spentSession,
    ChallengeResponses: { USERNAME: username, ANSWER: "4" },
  };
  error = await assert.rejects(client.respondToAuthChallenge(replay));
  assertErrorNamed(error, "NotAuthorizedException");
});

// ---------------------------------------------------------------------------------------------
// EMAIL_OTP and MFA_SETUP by email.

test("email otp wrong code then right code signs in", async (ctx) => {
  const seed = await Seed.load(ctx);
  const username = seed.user("emailmfa", "email").username;
  for (const [appClient, flow] of [
    ["public", "USER_SRP_AUTH"],
    ["secret", "USER_SRP_AUTH"],
    ["secret", "USER_PASSWORD_AUTH"],
  ]) {
    const client = seed.client("emailmfa", appClient);
    const credentials = { ...seed.credentials("emailmfa", "email"), flow };
    const step = await client.signIn(credentials);
    assert.equal(step.challengeName, "EMAIL_OTP");
    assert.equal(step.deliveryMedium, "EMAIL");
    assert.equal(step.destination, "d***@e***");
    assert.equal(typeof step.session, "string");

    const code = await emailCode(ctx, username);
    let error = await assert.rejects(step.respond({ code: otherCode(code) }));
    assertErrorNamed(error, "CodeMismatchException");
    assertTokens(await step.respond({ code }));
    error = await assert.rejects(step.respond({ code }));
    assertErrorNamed(error, "InvalidStateError");
  }
});

test("mfa setup by email sends a code to the address then email otp is asked", async (ctx) => {
  const seed = await Seed.load(ctx);
  for (const appClient of ["public", "secret"]) {
    const client = seed.client("emailon", appClient);
    const user = await seed.confirmedUser("emailon");
    const username = user.username;
    let step = await client.signIn(user);
    assert.equal(step.challengeName, "MFA_SETUP");
    assert.deepEqual(toValue(step.mfasCanSetup), ["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"]);

    // A malformed address rejects before any request; the challenge stays answerable.
    let error = await assert.rejects(step.setupEmail({ email: "nope" }));
    assertErrorNamed(error, "InvalidParameterError");
    error = await assert.rejects(step.setupEmail({}));
    assertErrorNamed(error, "InvalidParameterError");

    const address = { email: "new@example.org" };
    const otp = await step.setupEmail(address);
    assert.equal(otp.challengeName, "EMAIL_OTP");
    assert.equal(otp.deliveryMedium, "EMAIL");
    assert.equal(otp.destination, "n***@e***");
    error = await assert.rejects(step.setupEmail(address));
    assertErrorNamed(error, "InvalidStateError");

    const code = await emailCode(ctx, username);
    error = await assert.rejects(otp.respond({ code: otherCode(code) }));
    assertErrorNamed(error, "CodeMismatchException");
    assertTokens(await otp.respond({ code }));

    step = await client.signIn(user);
    assert.equal(step.challengeName, "EMAIL_OTP");
    assert.equal(step.destination, "n***@e***");
  }
});
