// The JavaScript API against the local Cognito peer (tests/peer): signIn, invalid input,
// unreachable endpoints, timeouts, foreign answers, the raw layer and SrpHelper. Runs against the
// built package in Node (tests/js/node.mjs) and in headless Chromium (tests/js/chromium.mjs).
import { assert, test } from "./harness.mjs";
import {
  assertErrorNamed,
  getStr,
  jwtPayload,
  newClient,
  Seed,
  signInTokens,
} from "./common.mjs";

/**
 * A port fetch refuses to use (`discard`, on the Fetch standard's bad-port list): a request
 * sent there fails before leaving the machine.
 */
const UNREACHABLE = "http://127.0.0.1:9";

/** A closed port that fetch does connect to: the connection is refused. */
const REFUSING = "http://127.0.0.1:47";

/** `typeof value === "object" && value !== null` (what wasm-bindgen's `is_object` checks). */
const isObject = (value) => typeof value === "object" && value !== null;

// ---------------------------------------------------------------------------------------------
// signIn against the peer.

test("right password signs in with tokens for the user", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("main", "public");
  const tokens = await signInTokens(client, seed.credentials("main", "demo"));

  const id = jwtPayload(getStr(tokens, "idToken"));
  assert.equal(id["cognito:username"], seed.user("main", "demo").username);
  assert.equal(id.sub, seed.user("main", "demo").sub);
  assert.ok(getStr(tokens, "accessToken") !== "");
  assert.ok(getStr(tokens, "refreshToken") !== "");
  assert.equal(typeof tokens.expiresIn, "number");
  assert.ok(tokens.expiresIn > 0, `expiresIn ${tokens.expiresIn}`);
  assert.equal(getStr(tokens, "tokenType"), "Bearer");
});

test("unicode username and password sign in", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("main", "public");
  const tokens = await signInTokens(client, seed.credentials("main", "unicode"));
  const id = jwtPayload(getStr(tokens, "idToken"));
  assert.equal(id["cognito:username"], seed.user("main", "unicode").username);
});

test("wrong password is not authorized", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("main", "public");
  const credentials = seed.credentials("main", "demo");
  credentials.password = "Wrong-Passw0rd!";
  const error = await assert.rejects(() => client.signIn(credentials));
  assertErrorNamed(error, "NotAuthorizedException");
  assert.equal(error.httpStatus, 400);
  assert.equal(error.retryable, false);
  assert.ok(!getStr(error, "message").includes("Wrong-Passw0rd!"), error.message);
});

test("unknown user gets the pools error", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("main", "public");
  const credentials = { username: "nobody-here", password: "Some-Passw0rd!" };
  const error = await assert.rejects(() => client.signIn(credentials));
  assertErrorNamed(error, "UserNotFoundException");
  assert.equal(error.httpStatus, 400);
});

test("app client with a secret signs in", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("main", "secret");
  const tokens = await signInTokens(client, seed.credentials("main", "demo"));
  const id = jwtPayload(getStr(tokens, "idToken"));
  assert.equal(id["cognito:username"], "demo");
});

test("email pool signs in by email as the internal username", async (ctx) => {
  const seed = await Seed.load(ctx);
  const alice = seed.user("email", "alice");
  assert.notEqual(alice.signInAs, alice.username);
  const client = seed.client("email", "public");
  const tokens = await signInTokens(client, seed.credentials("email", "alice"));
  const id = jwtPayload(getStr(tokens, "idToken"));
  assert.equal(id["cognito:username"], alice.username);
});

// The PASSWORD_VERIFIER answer's SECRET_HASH is over USER_ID_FOR_SRP, not the typed email: a
// hash over the email would be refused.
test("email pool with a secret signs in by email", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("email", "secret");
  const tokens = await signInTokens(client, seed.credentials("email", "alice"));
  const id = jwtPayload(getStr(tokens, "idToken"));
  assert.equal(id["cognito:username"], seed.user("email", "alice").username);
});

test("wrong client secret fails with cognitos error", async (ctx) => {
  const seed = await Seed.load(ctx);
  const config = seed.config("main", "secret");
  config.clientSecret = "not-the-secret";
  const client = newClient(ctx, config);
  const error = await assert.rejects(() => client.signIn(seed.credentials("main", "demo")));
  assertErrorNamed(error, "NotAuthorizedException");
  assert.equal(error.httpStatus, 400);
  assert.ok(!getStr(error, "message").includes("not-the-secret"), error.message);
});

test("a challenge for the user is a challenge object", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("main", "public");
  const step = await client.signIn(seed.credentials("main", "newpass"));
  assert.equal(getStr(step, "challengeName"), "NEW_PASSWORD_REQUIRED");
  assert.equal(step.tokens, undefined);
  assert.ok(getStr(step, "session") !== "");
  assert.ok(isObject(step.challengeParameters), `challengeParameters: ${typeof step.challengeParameters}`);
  assert.equal(typeof step.respond, "function");
});

// ---------------------------------------------------------------------------------------------
// Invalid input, unreachable endpoint, timeout.

test("missing or non string credentials reject before any request", async (ctx) => {
  // The endpoint would fail with NetworkError if anything were sent.
  const client = newClient(ctx, { userPoolId: "us-east-1_AbC123", clientId: "client", endpoint: UNREACHABLE });
  const badInputs = [
    {},
    { username: "demo" },
    { password: "Demo-Passw0rd!" },
    { username: 5, password: "Demo-Passw0rd!" },
    { username: "demo", password: null },
    { username: "demo", password: ["Demo-Passw0rd!"] },
    { username: "", password: "Demo-Passw0rd!" },
    { username: "demo", password: "" },
    null,
    "demo",
  ];
  for (const input of badInputs) {
    const error = await assert.rejects(() => client.signIn(input), undefined, JSON.stringify(input));
    assertErrorNamed(error, "InvalidParameterError");
    assert.equal(error.retryable, false, JSON.stringify(input));
    assert.equal(error.httpStatus, undefined, JSON.stringify(input));
  }
  const error = await assert.rejects(() => client.signIn(undefined));
  assertErrorNamed(error, "InvalidParameterError");
});

test("invalid config throws invalid parameter error", async (ctx) => {
  const badConfigs = [
    { clientId: "client" },
    { userPoolId: "us-east-1_AbC123" },
    { userPoolId: "us-east-1", clientId: "client" },
    { userPoolId: "_AbC123", clientId: "client" },
    { userPoolId: "us-east-1_", clientId: "client" },
    { userPoolId: 42, clientId: "client" },
    { userPoolId: "us-east-1_AbC123", clientId: "" },
    { userPoolId: "us-east-1_AbC123", clientId: ["client"] },
    { userPoolId: "us-east-1_AbC123", clientId: "c", endpoint: "ftp://x" },
    { userPoolId: "us-east-1_AbC123", clientId: "c", endpoint: 5 },
    { userPoolId: "us-east-1_AbC123", clientId: "c", timeoutMs: "5" },
    { userPoolId: "us-east-1_AbC123", clientId: "c", timeoutMs: -1 },
    { userPoolId: "us-east-1_AbC123", clientId: "c", fetch: "fetch" },
    null,
    "us-east-1_AbC123",
  ];
  for (const config of badConfigs) {
    const error = assert.throws(() => newClient(ctx, config), undefined, `accepted ${JSON.stringify(config)}`);
    assertErrorNamed(error, "InvalidParameterError");
  }
  const error = assert.throws(() => new ctx.api.CognitoClient(undefined), undefined, "accepted undefined");
  assertErrorNamed(error, "InvalidParameterError");
});

test("unreachable endpoint is a retryable network error", async (ctx) => {
  for (const endpoint of [UNREACHABLE, REFUSING]) {
    const client = newClient(ctx, { userPoolId: "us-east-1_AbC123", clientId: "client", endpoint });
    const credentials = { username: "demo", password: "Demo-Passw0rd!" };
    const error = await assert.rejects(() => client.signIn(credentials), undefined, endpoint);
    assertErrorNamed(error, "NetworkError");
    assert.equal(error.retryable, true, endpoint);
    assert.equal(error.httpStatus, undefined, endpoint);
    assert.ok(!getStr(error, "message").includes("Demo-Passw0rd!"), error.message);
  }
});

test("a fetch that never answers times out", async (ctx) => {
  const config = {
    userPoolId: "us-east-1_AbC123",
    clientId: "client",
    timeoutMs: 50,
    // A caller-supplied fetch that ignores the abort signal and never settles.
    fetch: () => new Promise(() => {}),
  };
  const client = newClient(ctx, config);
  const credentials = { username: "demo", password: "Demo-Passw0rd!" };
  const error = await assert.rejects(() => client.signIn(credentials));
  assertErrorNamed(error, "TimeoutError");
  assert.equal(error.retryable, true);
});

/** A client whose `fetch` answers every call with `new Response(body, { status })`. */
function clientAnsweredBy(ctx, status, body) {
  return newClient(ctx, {
    userPoolId: "us-east-1_AbC123",
    clientId: "client",
    fetch: () => Promise.resolve(new Response(body, { status })),
  });
}

test("answers that are not cognitos are protocol errors", async (ctx) => {
  const credentials = { username: "demo", password: "Demo-Passw0rd!" };

  let client = clientAnsweredBy(ctx, 200, "<html>hello</html>");
  let error = await assert.rejects(() => client.signIn(credentials));
  assertErrorNamed(error, "ProtocolError");
  assert.equal(error.httpStatus, undefined);

  client = clientAnsweredBy(ctx, 200, '{"ChallengeParameters":{}}');
  error = await assert.rejects(() => client.signIn(credentials));
  assertErrorNamed(error, "ProtocolError");

  client = clientAnsweredBy(ctx, 502, "<html>Bad gateway</html>");
  error = await assert.rejects(() => client.signIn(credentials));
  assertErrorNamed(error, "ProtocolError");
  assert.equal(error.httpStatus, 502);
  assert.equal(error.retryable, true);

  client = clientAnsweredBy(ctx, 400, '{"__type":"com.amazonaws#TooManyRequestsException","message":"Slow down"}');
  error = await assert.rejects(() => client.signIn(credentials));
  assertErrorNamed(error, "TooManyRequestsException");
  assert.equal(getStr(error, "message"), "Slow down");
  assert.equal(error.retryable, true);
});

test("a configured fetch is used for every call", async (ctx) => {
  const seed = await Seed.load(ctx);
  const calls = [];
  // Counts calls and checks the Cognito headers before delegating to the global fetch.
  const counting = (url, init) => {
    const headers = new Headers(init.headers);
    calls.push([headers.get("content-type"), headers.get("x-amz-target")]);
    return fetch(url, init);
  };
  const client = newClient(ctx, { ...seed.config("main", "public"), fetch: counting });
  await signInTokens(client, seed.credentials("main", "demo"));
  assert.deepEqual(calls, [
    ["application/x-amz-json-1.1", "AWSCognitoIdentityProviderService.InitiateAuth"],
    ["application/x-amz-json-1.1", "AWSCognitoIdentityProviderService.RespondToAuthChallenge"],
  ]);
});

// ---------------------------------------------------------------------------------------------
// The raw layer.

test("raw initiate auth returns cognitos shape", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("main", "public");
  const input = {
    AuthFlow: "USER_SRP_AUTH",
    AuthParameters: { USERNAME: "demo", SRP_A: "2" },
  };
  const output = await client.initiateAuth(input);
  assert.equal(getStr(output, "ChallengeName"), "PASSWORD_VERIFIER");
  const parameters = output.ChallengeParameters;
  for (const key of ["SALT", "SRP_B", "SECRET_BLOCK", "USER_ID_FOR_SRP"]) {
    assert.ok(getStr(parameters, key) !== "", key);
  }
  assert.equal(output.AuthenticationResult, undefined);
});

test("raw initiate auth with a secret fills in client id and secret hash", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("main", "secret");
  const demo = seed.user("main", "demo");
  const input = {
    AuthFlow: "USER_PASSWORD_AUTH",
    AuthParameters: { USERNAME: demo.username, PASSWORD: demo.password },
  };
  const output = await client.initiateAuth(input);
  const result = output.AuthenticationResult;
  const id = jwtPayload(getStr(result, "IdToken"));
  assert.equal(id["cognito:username"], "demo");
  assert.ok(getStr(result, "AccessToken") !== "");
});

test("raw respond to auth challenge passes cognitos error through", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("main", "public");
  const input = {
    ChallengeName: "PASSWORD_VERIFIER",
    ChallengeResponses: { USERNAME: "demo" },
  };
  const error = await assert.rejects(() => client.respondToAuthChallenge(input));
  assert.equal(typeof error?.httpStatus, "number", `${error?.name}: ${error?.message}`);
  assert.ok(error instanceof Error, "an Error");
});

test("raw input must be an object", async (ctx) => {
  const client = newClient(ctx, { userPoolId: "us-east-1_AbC123", clientId: "client", endpoint: UNREACHABLE });
  for (const input of [undefined, null, "x"]) {
    const error = await assert.rejects(() => client.initiateAuth(input), undefined, String(input));
    assertErrorNamed(error, "InvalidParameterError");
  }
});

// ---------------------------------------------------------------------------------------------
// SrpHelper: the SRP computations for callers that drive Cognito themselves.

test("srp helper signs in over the raw layer", async (ctx) => {
  const seed = await Seed.load(ctx);
  const client = seed.client("email", "public");
  const alice = seed.user("email", "alice");
  const helper = new ctx.api.SrpHelper();
  const srpA = helper.srpA;
  assert.match(srpA, /^[0-9a-f]+$/, "SRP_A is lowercase hex");
  const input = {
    AuthFlow: "USER_SRP_AUTH",
    AuthParameters: { USERNAME: alice.signInAs, SRP_A: srpA },
  };
  const challenge = await client.initiateAuth(input);
  const verifierInput = {
    userPoolId: seed.pool("email").userPoolId,
    challengeParameters: challenge.ChallengeParameters,
    password: alice.password,
  };
  const responses = helper.passwordVerifier(verifierInput);
  // USERNAME is the internal username (USER_ID_FOR_SRP), not the email typed.
  assert.equal(getStr(responses, "USERNAME"), alice.username);
  const answer = { ChallengeName: "PASSWORD_VERIFIER", ChallengeResponses: responses };
  const output = await client.respondToAuthChallenge(answer);
  const id = jwtPayload(getStr(output.AuthenticationResult, "IdToken"));
  assert.equal(id.email, alice.signInAs);
});

test("srp helper refuses bad input with named errors", async (ctx) => {
  const good = () => ({
    userPoolId: "us-east-1_AbC123",
    challengeParameters: { SALT: "ab", SRP_B: "1234", SECRET_BLOCK: "AAAA", USER_ID_FOR_SRP: "u" },
    password: "p",
    timestamp: "Tue Nov 3 07:05:09 UTC 2026",
  });
  assert.equal(getStr(new ctx.api.SrpHelper().passwordVerifier(good()), "TIMESTAMP"), "Tue Nov 3 07:05:09 UTC 2026");
  const badPool = good();
  badPool.userPoolId = "nounderscore";
  const missingB = good();
  missingB.challengeParameters.SRP_B = "";
  const bIsNMultiple = good();
  bIsNMultiple.challengeParameters.SRP_B = "0";
  const notAString = good();
  notAString.password = 42;
  for (const [input, name] of [
    [badPool, "InvalidParameterError"],
    [notAString, "InvalidParameterError"],
    [missingB, "ProtocolError"],
    [bIsNMultiple, "ProtocolError"],
  ]) {
    const error = assert.throws(() => new ctx.api.SrpHelper().passwordVerifier(input), undefined, JSON.stringify(input));
    assertErrorNamed(error, name);
  }
  assertErrorNamed(assert.throws(() => new ctx.api.SrpHelper().passwordVerifier(undefined)), "InvalidParameterError");
});

test("srp helper is one-shot: its secret a answers one challenge, never two", async (ctx) => {
  const input = (srpB) => ({
    userPoolId: "us-east-1_AbC123",
    challengeParameters: { SALT: "ab", SRP_B: srpB, SECRET_BLOCK: "AAAA", USER_ID_FOR_SRP: "u" },
    password: "p",
  });
  const helper = new ctx.api.SrpHelper();
  const srpA = helper.srpA;
  // Input mistakes are told before the helper is spent: it still answers afterwards.
  assertErrorNamed(assert.throws(() => helper.passwordVerifier({ ...input("1234"), userPoolId: "x" })), "InvalidParameterError");
  helper.passwordVerifier(input("1234"));
  const again = assert.throws(() => helper.passwordVerifier(input("5678")), undefined, "a second challenge was signed");
  assertErrorNamed(again, "InvalidStateError");
  assert.match(again.message, /new SrpHelper/);
  assert.equal(helper.srpA, srpA, "SRP_A stays readable");
});

test("one client signs in again and again with fresh srp values", async (ctx) => {
  // Each sign-in takes the SRP_A computed ahead of time and schedules the next one.
  const seed = await Seed.load(ctx);
  const client = seed.client("main", "public");
  for (let i = 0; i < 3; i++) {
    const tokens = await signInTokens(client, seed.credentials("main", "demo"));
    const id = jwtPayload(getStr(tokens, "idToken"));
    assert.equal(id["cognito:username"], "demo");
  }
});

test("the package exports the API's classes under their own names, minified or not", async (ctx) => {
  const names = [
    "CognitoClient",
    "SignedIn",
    "SrpHelper",
    "TotpSetup",
    "SmsMfaChallenge",
    "EmailOtpChallenge",
    "SoftwareTokenMfaChallenge",
    "SelectMfaTypeChallenge",
    "NewPasswordRequiredChallenge",
    "CustomChallenge",
    "MfaSetupChallenge",
    "OtherChallenge",
  ];
  assert.deepEqual(Object.keys(ctx.api).sort(), [...names].sort());
  for (const name of names) assert.equal(ctx.api[name].name, name);
  assert.equal(new ctx.api.SrpHelper().constructor.name, "SrpHelper");
});

// ---------------------------------------------------------------------------------------------
// Hostile networks (issue 10).

test("a redirect from the endpoint is refused as a network error, never followed", async (ctx) => {
  const seed = await Seed.load(ctx);
  // The peer's /_peer/redirect answers 307 to its own root, which would sign in: a client that
  // followed it would resolve with tokens.
  const config = { ...seed.config("main", "public"), endpoint: `${ctx.peerUrl}/_peer/redirect` };
  const error = await assert.rejects(() => newClient(ctx, config).signIn(seed.credentials("main", "demo")));
  assertErrorNamed(error, "NetworkError");
  assert.equal(error.retryable, true);

  // A caller's fetch is asked not to follow redirects either.
  const inits = [];
  const client = newClient(ctx, {
    ...seed.config("main", "public"),
    fetch: (url, init) => {
      inits.push(init.redirect);
      return fetch(url, init);
    },
  });
  await signInTokens(client, seed.credentials("main", "demo"));
  assert.deepEqual(inits, ["error", "error"]);
});

test("a timeout that is not a finite number of milliseconds is an invalid parameter", async (ctx) => {
  for (const timeoutMs of [NaN, Infinity, -Infinity, 0, 2 ** 31]) {
    const config = { userPoolId: "us-east-1_AbC123", clientId: "client", timeoutMs };
    const error = assert.throws(() => newClient(ctx, config), undefined, `accepted ${timeoutMs}`);
    assertErrorNamed(error, "InvalidParameterError");
  }
});

test("a server error type that is not an exception name does not become the error's name", async (ctx) => {
  const credentials = { username: "demo", password: "Demo-Passw0rd!" };
  for (const type of ["X".repeat(10_000), "Not Authorized", "<img src=x>"]) {
    const client = clientAnsweredBy(ctx, 400, JSON.stringify({ __type: type, message: "m" }));
    const error = await assert.rejects(() => client.signIn(credentials));
    assertErrorNamed(error, "ProtocolError");
    assert.equal(error.httpStatus, 400);
    assert.ok(getStr(error, "message").length < 200, error.message);
  }
});

test("a random source that gives zeros or one repeated byte is a crypto error, and nothing is sent", async (ctx) => {
  const seed = await Seed.load(ctx);
  const original = Object.getOwnPropertyDescriptor(globalThis.crypto, "getRandomValues");
  for (const byte of [0x00, 0xab]) {
    let sent = 0;
    const config = {
      ...seed.config("main", "public"),
      fetch: (url, init) => {
        sent += 1;
        return fetch(url, init);
      },
    };
    globalThis.crypto.getRandomValues = (array) => {
      new Uint8Array(array.buffer, array.byteOffset, array.byteLength).fill(byte);
      return array;
    };
    try {
      const client = newClient(ctx, config);
      const error = await assert.rejects(() => client.signIn(seed.credentials("main", "demo")));
      assertErrorNamed(error, "CryptoError");
      assert.throws(() => new ctx.api.SrpHelper(), undefined, "SrpHelper made a secret from constant bytes");
    } finally {
      if (original) Object.defineProperty(globalThis.crypto, "getRandomValues", original);
      else delete globalThis.crypto.getRandomValues;
    }
    assert.equal(sent, 0, "a request was sent");
  }
  // With the real source back, the same configuration signs in.
  await signInTokens(newClient(ctx, seed.config("main", "public")), seed.credentials("main", "demo"));
});
