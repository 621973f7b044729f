// The account operations that need no session against the local peer (pool `session`, whose
// sign-up codes go to the verified email and whose recovery codes to the verified email too):
// signUp, confirmSignUp, resendSignUpCode, forgotPassword, confirmForgotPassword, their common
// errors, bad input refused before any request, none of them sent twice. Each test makes its own
// users with fresh random names, so runs repeat against one peer and the platforms never meet.
import { assert, test } from "./harness.mjs";
import {
  assertErrorNamed,
  fetchJson,
  getStr,
  jwtPayload,
  recorded,
  recordingClientWith,
  Seed,
  signInTokens,
  inModuleMemory,
} from "./common.mjs";

const PASSWORD = "Fresh-Passw0rd!";
const NEW_PASSWORD = "Other-Passw0rd?";

/** A username no run has used: the platform, the time and a random part. */
function freshName(ctx, what) {
  return `${what}-${ctx.platform}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
}

/** The live code of `purpose` (`signup`, `forgot`) the peer "sent" for `username`. */
async function peerCode(ctx, purpose, username) {
  const answer = await fetchJson(`${ctx.peerUrl}/_peer/code/${purpose}/${encodeURIComponent(username)}`);
  return getStr(answer, "code");
}

/** Ages the live code of `purpose` past its lifetime. */
async function expireCode(ctx, purpose, username) {
  const answer = await fetchJson(`${ctx.peerUrl}/_peer/expire-code`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ purpose, username }),
  });
  assert.ok(answer !== null && typeof answer === "object", JSON.stringify(answer));
}

/** A code that is not `code` (same length, every digit shifted). */
function wrong(code) {
  return code.replace(/\d/g, (d) => String((Number(d) + 1) % 10));
}

/** Signs up a fresh user of `session` with an email; `{ username, email, result }`. */
async function signUp(ctx, client, what = "acct") {
  const username = freshName(ctx, what);
  const email = `${username}@example.com`;
  const result = await client.signUp({ username, password: PASSWORD, attributes: { email } });
  return { username, email, result };
}

/** A fresh CONFIRMED user of `session` made through signUp and confirmSignUp. */
async function confirmedUser(ctx, client, what) {
  const user = await signUp(ctx, client, what);
  await client.confirmSignUp({ username: user.username, code: await peerCode(ctx, "signup", user.username) });
  return user;
}

/** Asserts `codeDelivery` is the masked email delivery of `email`. */
function assertEmailDelivery(codeDelivery, email) {
  assert.deepEqual(codeDelivery, {
    destination: `${email[0]}***@e***`,
    deliveryMedium: "EMAIL",
    attributeName: "email",
  });
}

test("signUp, the emailed code, confirmSignUp, then the new user signs in", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("session", "public");
  const { username, email, result } = await signUp(ctx, client);
  assert.deepEqual(Object.keys(result).sort(), ["codeDelivery", "userConfirmed", "userSub"]);
  assert.equal(result.userConfirmed, false);
  assert.match(result.userSub, /^[0-9a-f-]{36}$/);
  assertEmailDelivery(result.codeDelivery, email);

  // Not confirmed yet: Cognito refuses the sign-in.
  await assert.rejects(() => client.signIn({ username, password: PASSWORD }), "UserNotConfirmedException");

  const confirmed = await client.confirmSignUp({ username, code: await peerCode(ctx, "signup", username) });
  assert.equal(confirmed, undefined);

  const tokens = await signInTokens(client, { username, password: PASSWORD });
  const id = jwtPayload(getStr(tokens, "idToken"));
  assert.equal(id.sub, result.userSub);
  assert.equal(id.email, email);
  // Confirming verified the address the code went to (the peer's tokens carry the claim as text).
  assert.ok(id.email_verified === true || id.email_verified === "true", `email_verified ${id.email_verified}`);

  // Confirmed once: a second confirmation is Cognito's refusal, by name.
  const again = await assert.rejects(() => client.confirmSignUp({ username, code: "123456" }));
  assertErrorNamed(again, "NotAuthorizedException");
});

test("an app client with a secret sends SecretHash over the username as typed", async (ctx) => {
  const seed = await Seed.load(ctx);
  const config = seed.config("session", "secret");
  const client = recordingClientWith(ctx, config, "accountSecretCalls");
  const { username, result } = await signUp(ctx, client, "Secret");
  assert.equal(result.userConfirmed, false);
  await client.resendSignUpCode({ username });
  await client.confirmSignUp({ username, code: await peerCode(ctx, "signup", username) });
  await signInTokens(client, { username, password: PASSWORD });
  await client.forgotPassword({ username });
  await client.confirmForgotPassword({ username, code: await peerCode(ctx, "forgot", username), newPassword: NEW_PASSWORD });
  await signInTokens(client, { username, password: NEW_PASSWORD });

  const calls = recorded("accountSecretCalls").filter(([target]) => !/Auth/.test(target));
  assert.deepEqual(
    calls.map(([target]) => target.replace("AWSCognitoIdentityProviderService.", "")),
    ["SignUp", "ResendConfirmationCode", "ConfirmSignUp", "ForgotPassword", "ConfirmForgotPassword"],
  );
  for (const [target, body] of calls) {
    assert.equal(body.ClientId, config.clientId, target);
    assert.equal(body.Username, username, target);
    assert.match(body.SecretHash, /^[A-Za-z0-9+/]{43}=$/, target);
  }
  // Without the hash the peer refuses: the one the client sent is what it checks.
  const error = await assert.rejects(() =>
    new ctx.api.CognitoClient({ ...config, clientSecret: "not-the-secret" }).forgotPassword({ username }),
  );
  assertErrorNamed(error, "NotAuthorizedException");
});

test("attributes and validationData travel as Name/Value lists, with clientMetadata and UserContextData", async (ctx) => {
  const seed = await Seed.load(ctx);
  const hookInputs = [];
  const client = recordingClientWith(
    ctx,
    {
      ...seed.config("session", "public"),
      userContextData: (input) => {
        hookInputs.push(input);
        return "encoded-context";
      },
    },
    "accountListCalls",
  );
  const username = freshName(ctx, "lists");
  const email = `${username}@example.com`;
  await client.signUp({
    username,
    password: PASSWORD,
    attributes: { email, name: "List Tester" },
    validationData: { source: "tests" },
    clientMetadata: { app: "account.test" },
  });
  const [[target, body]] = recorded("accountListCalls");
  assert.equal(target, "AWSCognitoIdentityProviderService.SignUp");
  assert.deepEqual(body.UserAttributes, [
    { Name: "email", Value: email },
    { Name: "name", Value: "List Tester" },
  ]);
  assert.deepEqual(body.ValidationData, [{ Name: "source", Value: "tests" }]);
  assert.deepEqual(body.ClientMetadata, { app: "account.test" });
  assert.deepEqual(body.UserContextData, { EncodedData: "encoded-context" });
  assert.equal(body.Password, PASSWORD);
  assert.equal(body.SecretHash, undefined);
  assert.deepEqual(hookInputs, [
    { username, userPoolId: seed.pool("session").userPoolId, clientId: seed.config("session", "public").clientId },
  ]);

  await client.confirmSignUp({ username, code: await peerCode(ctx, "signup", username) });
  const id = jwtPayload(getStr(await signInTokens(client, { username, password: PASSWORD }), "idToken"));
  assert.equal(id.name, "List Tester");
});

test("a wrong code is CodeMismatchException and the right one still confirms", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("session", "public");
  const { username } = await signUp(ctx, client);
  const code = await peerCode(ctx, "signup", username);
  const error = await assert.rejects(() => client.confirmSignUp({ username, code: wrong(code) }));
  assertErrorNamed(error, "CodeMismatchException");
  assert.equal(error.httpStatus, 400);
  assert.equal(error.retryable, false);
  assert.ok(!error.message.includes(wrong(code)), error.message);
  await client.confirmSignUp({ username, code });
  await signInTokens(client, { username, password: PASSWORD });
});

test("an expired code is ExpiredCodeException; resendSignUpCode sends a new one and the old is refused", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("session", "public");
  const { username, email } = await signUp(ctx, client);
  const old = await peerCode(ctx, "signup", username);
  await expireCode(ctx, "signup", username);
  assertErrorNamed(await assert.rejects(() => client.confirmSignUp({ username, code: old })), "ExpiredCodeException");

  const resent = await client.resendSignUpCode({ username });
  assert.deepEqual(Object.keys(resent), ["codeDelivery"]);
  assertEmailDelivery(resent.codeDelivery, email);
  const fresh = await peerCode(ctx, "signup", username);
  if (fresh !== old) {
    assertErrorNamed(await assert.rejects(() => client.confirmSignUp({ username, code: old })), "CodeMismatchException");
  }
  await client.confirmSignUp({ username, code: fresh });
  await signInTokens(client, { username, password: PASSWORD });
});

test("five wrong codes make every attempt LimitExceededException, the right code too", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("session", "public");
  const { username } = await signUp(ctx, client);
  const code = await peerCode(ctx, "signup", username);
  for (let i = 0; i < 5; i += 1) {
    assertErrorNamed(await assert.rejects(() => client.confirmSignUp({ username, code: wrong(code) })), "CodeMismatchException");
  }
  const limited = await assert.rejects(() => client.confirmSignUp({ username, code }));
  assertErrorNamed(limited, "LimitExceededException");
  assert.equal(limited.httpStatus, 400);
});

test("an existing username is UsernameExistsException and a weak password InvalidPasswordException", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("session", "public");
  const { username } = await signUp(ctx, client);
  const exists = await assert.rejects(() =>
    client.signUp({ username, password: PASSWORD, attributes: { email: `${username}@example.com` } }),
  );
  assertErrorNamed(exists, "UsernameExistsException");
  const existing = seed.credentials("session", "demo");
  assertErrorNamed(
    await assert.rejects(() => client.signUp({ username: existing.username, password: PASSWORD })),
    "UsernameExistsException",
  );

  const weakName = freshName(ctx, "weak");
  const weak = await assert.rejects(() => client.signUp({ username: weakName, password: "weakpass" }));
  assertErrorNamed(weak, "InvalidPasswordException");
  assert.ok(!weak.message.includes("weakpass"), weak.message);
  // Refused before the user was made: the name is still free.
  const later = await client.signUp({ username: weakName, password: PASSWORD, attributes: { email: `${weakName}@example.com` } });
  assert.equal(later.userConfirmed, false);
});

test("forgotPassword, the emailed code, confirmForgotPassword: the new password signs in, the old one not", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("session", "public");
  const { username, email } = await confirmedUser(ctx, client, "forgot");

  const sent = await client.forgotPassword({ username });
  assert.deepEqual(Object.keys(sent), ["codeDelivery"]);
  assertEmailDelivery(sent.codeDelivery, email);
  const code = await peerCode(ctx, "forgot", username);

  assertErrorNamed(
    await assert.rejects(() => client.confirmForgotPassword({ username, code: wrong(code), newPassword: NEW_PASSWORD })),
    "CodeMismatchException",
  );
  // The policy is checked after the code, and a refused password leaves the code alive.
  assertErrorNamed(
    await assert.rejects(() => client.confirmForgotPassword({ username, code, newPassword: "short" })),
    "InvalidPasswordException",
  );
  const done = await client.confirmForgotPassword({ username, code, newPassword: NEW_PASSWORD });
  assert.equal(done, undefined);

  await signInTokens(client, { username, password: NEW_PASSWORD });
  assertErrorNamed(await assert.rejects(() => client.signIn({ username, password: PASSWORD })), "NotAuthorizedException");
  // Spent: the same code does not reset the password again.
  assertErrorNamed(
    await assert.rejects(() => client.confirmForgotPassword({ username, code, newPassword: PASSWORD })),
    "CodeMismatchException",
  );
});

test("forgotPassword for an unknown user and an expired recovery code keep Cognito's names", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("session", "public");
  assertErrorNamed(
    await assert.rejects(() => client.forgotPassword({ username: freshName(ctx, "nobody") })),
    "UserNotFoundException",
  );
  const { username } = await confirmedUser(ctx, client, "expired");
  await client.forgotPassword({ username });
  const code = await peerCode(ctx, "forgot", username);
  await expireCode(ctx, "forgot", username);
  assertErrorNamed(
    await assert.rejects(() => client.confirmForgotPassword({ username, code, newPassword: NEW_PASSWORD })),
    "ExpiredCodeException",
  );
});

test("bad input is InvalidParameterError naming the field, and nothing is sent", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = recordingClientWith(ctx, seed.config("session", "public"), "accountBadCalls");
  const cases = [
    ["signUp", { password: PASSWORD }, /^username is required$/],
    ["signUp", { username: "u", password: 12345678 }, /^password must be a string$/],
    ["signUp", { username: "u" }, /^password is required$/],
    ["signUp", { username: "u", password: PASSWORD, attributes: { email: "a@example.com", age: 42 } }, /^age must be a string$/],
    ["signUp", { username: "u", password: PASSWORD, attributes: "email=a@example.com" }, /^attributes must be an object$/],
    ["signUp", { username: "u", password: PASSWORD, validationData: { k: null } }, /^k must be a string$/],
    ["signUp", { username: "u", password: PASSWORD, clientMetadata: [] }, /^clientMetadata must be an object$/],
    ["signUp", "u", /^the signUp input must be an object$/],
    ["confirmSignUp", { username: "u" }, /^code is required$/],
    ["confirmSignUp", { username: "u", code: 123456 }, /^code must be a string$/],
    ["resendSignUpCode", {}, /^username is required$/],
    ["resendSignUpCode", undefined, /^the resendSignUpCode input must be an object$/],
    ["forgotPassword", { username: 7 }, /^username must be a string$/],
    ["confirmForgotPassword", { username: "u", code: "123456" }, /^newPassword is required$/],
    ["confirmForgotPassword", { username: "u", code: "123456", newPassword: { secret: PASSWORD } }, /^newPassword must be a string$/],
  ];
  for (const [method, input, message] of cases) {
    const error = await assert.rejects(() => client[method](input), "InvalidParameterError", `${method}(${JSON.stringify(input)})`);
    assert.match(error.message, message, method);
    assert.equal(error.retryable, false);
    assert.ok(!error.message.includes(PASSWORD), error.message);
  }
  assert.deepEqual(recorded("accountBadCalls"), []);
});

test("an account operation is sent once: a 5xx or a network error is not retried", async (ctx) => {
  const seed = await Seed.load(ctx);
  let calls = 0;
  const failing = async () => {
    calls += 1;
    return new Response(JSON.stringify({ __type: "InternalErrorException", message: "try later" }), {
      status: 500,
      headers: { "Content-Type": "application/x-amz-json-1.1" },
    });
  };
  const client = new ctx.api.CognitoClient({ ...seed.config("session", "public"), fetch: failing, maxRetries: 3 });
  const inputs = {
    signUp: { username: "u", password: PASSWORD },
    confirmSignUp: { username: "u", code: "123456" },
    resendSignUpCode: { username: "u" },
    forgotPassword: { username: "u" },
    confirmForgotPassword: { username: "u", code: "123456", newPassword: PASSWORD },
  };
  for (const [method, input] of Object.entries(inputs)) {
    calls = 0;
    const error = await assert.rejects(() => client[method](input));
    assertErrorNamed(error, "InternalErrorException");
    assert.equal(error.httpStatus, 500);
    assert.equal(error.retryable, true);
    assert.equal(calls, 1, method);
  }
  let attempts = 0;
  const offline = new ctx.api.CognitoClient({
    ...seed.config("session", "public"),
    maxRetries: 3,
    fetch: async () => {
      attempts += 1;
      throw new TypeError("Failed to fetch");
    },
  });
  assertErrorNamed(await assert.rejects(() => offline.forgotPassword({ username: "u" })), "NetworkError");
  assert.equal(attempts, 1);
});

test("no copy of a sign-up or recovery password, or of a code, stays in the module's memory", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("session", "secret");
  const unique = () => crypto.getRandomValues(new Uint32Array(2)).join("-");
  const username = freshName(ctx, "memory");
  const password = `SignUp-${unique()}-Pw1!`;
  await client.signUp({ username, password, attributes: { email: `${username}@example.com` } });
  assert.ok(!(await inModuleMemory(ctx, password)), "the sign-up password is not in the module's memory");
  const signUpCode = await peerCode(ctx, "signup", username);
  await client.confirmSignUp({ username, code: signUpCode });
  await client.forgotPassword({ username });
  const code = await peerCode(ctx, "forgot", username);
  const newPassword = `Recovered-${unique()}-Pw1!`;
  await client.confirmForgotPassword({ username, code, newPassword });
  assert.ok(!(await inModuleMemory(ctx, newPassword)), "the new password is not in the module's memory");
  assert.ok(!(await inModuleMemory(ctx, code)), "the recovery code is not in the module's memory");
  assert.ok(!(await inModuleMemory(ctx, signUpCode)), "the sign-up code is not in the module's memory");
  // Refused input is wiped too.
  const refused = `Refused-${unique()}-Pw1!`;
  await assert.rejects(() => client.signUp({ username, password: refused, attributes: { n: 1 } }), "InvalidParameterError");
  assert.ok(!(await inModuleMemory(ctx, refused)), "a refused input's password is not in the module's memory");
});
