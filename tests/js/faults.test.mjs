// Fault injection against the local peer (tests/peer/faults.py): truncated JSON, a 200 with an
// error body, HTML 500, a wrong content type, a redirect, a hanging socket, a reset mid-body and
// answers of 2, 50 and 300 MiB with and without Content-Length. Each test arms one fault for the
// next request of a fresh app client (POST /_peer/faults/next), checks the error that request
// gives, then signs in with the same client: a fault leaves the client usable.
import { assert, test } from "./harness.mjs";
import { assertErrorNamed, fetchJson, getStr, jwtPayload, newClient, Seed, signInTokens } from "./common.mjs";

const MIB = 1024 * 1024;

/** How long a client of a hanging fault waits for an answer (ms). */
const SHORT_TIMEOUT_MS = 1500;

/**
 * A fresh app client of the main pool (CreateUserPoolClient), so that a fault armed for its id
 * reaches no other test's requests, and a `CognitoClient` of it (`extra` added to its config).
 * The client sends each request once (`maxRetries: 0`): each test sees what one faulty answer
 * gives; the retries of transient faults are tested at the end.
 */
async function freshClient(ctx, seed, extra = {}) {
  const pool = seed.pool("main");
  const created = await seed.admin("CreateUserPoolClient", {
    UserPoolId: pool.userPoolId,
    ClientName: `faults-${Math.floor(Math.random() * 1e12)}`,
    ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
  });
  const clientId = getStr(created.UserPoolClient, "ClientId");
  const config = { userPoolId: pool.userPoolId, clientId, endpoint: seed.endpoint, maxRetries: 0, ...extra };
  return { clientId, client: newClient(ctx, config) };
}

/** Arms `kind` for the next Cognito request of the app client `clientId`. */
async function arm(ctx, clientId, kind) {
  const answer = await fetchJson(`${ctx.peerUrl}/_peer/faults/next`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ kind, clientId }),
  });
  assert.deepEqual(answer, { armed: { [clientId]: kind } }, `arming ${kind}`);
}

/** Whether a fault is still armed for `clientId` (it is taken by the request it answers). */
async function stillArmed(ctx, clientId) {
  const { armed } = await fetchJson(`${ctx.peerUrl}/_peer/faults`);
  return Object.hasOwn(armed, clientId);
}

/** Signs in as the main pool's demo user with `client`, which must give the user's tokens. */
async function signsIn(seed, client) {
  const tokens = await signInTokens(client, seed.credentials("main", "demo"));
  assert.equal(jwtPayload(getStr(tokens, "idToken"))["cognito:username"], "demo");
}

/** The byte length of the package's WebAssembly memory now. */
async function memoryBytes(ctx) {
  const core = await import(new URL("api.js", ctx.pkgUrl).href);
  return core.memory().buffer.byteLength;
}

/**
 * Arms `kind`, signs in with a fresh client (made with `extra`), checks that the sign-in
 * rejects with `name` and that the fault was served, then signs in with the same client.
 * Resolves to the error.
 */
async function faultThenSignIn(ctx, kind, name, extra = {}) {
  const seed = await Seed.load(ctx);
  const { clientId, client } = await freshClient(ctx, seed, extra);
  await arm(ctx, clientId, kind);
  const error = await assert.rejects(() => client.signIn(seed.credentials("main", "demo")), undefined, kind);
  assertErrorNamed(error, name);
  assert.ok(!getStr(error, "message").includes(seed.credentials("main", "demo").password), error.message);
  assert.ok(!(await stillArmed(ctx, clientId)), `the ${kind} fault was served`);
  await signsIn(seed, client);
  return error;
}

// ---------------------------------------------------------------------------------------------
// Broken answers.

test("fault truncated json: a protocol error, then the same client signs in", async (ctx) => {
  const error = await faultThenSignIn(ctx, "truncated", "ProtocolError");
  assert.match(error.message, /not a JSON object/);
  assert.equal(error.retryable, false);
});

// A 2xx answer is read as the operation's output, whatever it holds (the AWS SDKs do the same:
// only a status of 300 or more is an error), and an InitiateAuth output with neither a
// challenge nor tokens is no answer to a sign-in: the __type in a 200 does not become the
// error's name.
test("fault 200 with an error body: a protocol error, not the named error, then the same client signs in", async (ctx) => {
  const error = await faultThenSignIn(ctx, "error-200", "ProtocolError");
  assert.equal(error.retryable, false);
  assert.ok(!getStr(error, "message").includes("Incorrect username"), error.message);
});

test("fault html 500: a retryable protocol error with the status, then the same client signs in", async (ctx) => {
  const error = await faultThenSignIn(ctx, "html-500", "ProtocolError");
  assert.equal(error.httpStatus, 500);
  assert.equal(error.retryable, true);
});

// The content type is not read (nor by the AWS SDKs): an answer that is Cognito's JSON is
// accepted whatever type it is labelled with.
test("fault wrong content type: the json answer is accepted and the client signs in", async (ctx) => {
  const seed = await Seed.load(ctx);
  const { clientId, client } = await freshClient(ctx, seed);
  await arm(ctx, clientId, "wrong-type");
  await signsIn(seed, client);
  assert.ok(!(await stillArmed(ctx, clientId)), "the wrong-type fault was served");
  await signsIn(seed, client);
});

test("fault redirect: a retryable network error, then the same client signs in", async (ctx) => {
  const error = await faultThenSignIn(ctx, "redirect", "NetworkError");
  assert.equal(error.retryable, true);
});

// ---------------------------------------------------------------------------------------------
// Broken connections.

/** Both ways a request goes out: gloo-net, and a configured fetch (the global one). */
const PATHS = [["", {}], [" through the configured fetch", { fetch: (url, init) => fetch(url, init) }]];

for (const [path, extra] of PATHS) {
  test(`fault hanging socket after the headers${path}: a timeout, then the same client signs in`, async (ctx) => {
    const error = await faultThenSignIn(ctx, "hang", "TimeoutError", { ...extra, timeoutMs: SHORT_TIMEOUT_MS });
    assert.match(error.message, new RegExp(`within ${SHORT_TIMEOUT_MS} ms`));
    assert.equal(error.retryable, true);
  });

  test(`fault silent socket${path}: a timeout, then the same client signs in`, async (ctx) => {
    const error = await faultThenSignIn(ctx, "silent", "TimeoutError", { ...extra, timeoutMs: SHORT_TIMEOUT_MS });
    assert.equal(error.retryable, true);
  });

  test(`fault reset mid-body${path}: a retryable network error, then the same client signs in`, async (ctx) => {
    const error = await faultThenSignIn(ctx, "reset", "NetworkError", extra);
    assert.equal(error.retryable, true);
  });
}

// ---------------------------------------------------------------------------------------------
// Answers over the bound: refused before they are parsed, without being buffered, whether or not
// they declare their length, through gloo-net and through a caller's fetch.

for (const size of ["2m", "50m", "300m"]) {
  for (const [kind, how] of [[`large-${size}`, "with Content-Length"], [`chunked-${size}`, "chunked"]]) {
    for (const [path, extra] of PATHS) {
      test(`fault ${size.replace("m", " MiB")} answer ${how}${path}: a protocol error, memory grows < 4 MiB, then the same client signs in`, async (ctx) => {
        const before = await memoryBytes(ctx);
        const started = Date.now();
        const error = await faultThenSignIn(ctx, kind, "ProtocolError", extra);
        const grown = (await memoryBytes(ctx)) - before;
        assert.ok(grown < 4 * MIB, `wasm memory grew by ${grown} bytes`);
        assert.match(error.message, /exceeded 1 MiB/);
        // A declared length is refused before the body is read; without one, the body is cut off.
        assert.match(error.message, kind.startsWith("large-") ? /Content-Length is \d+$/ : /cut off while being read$/);
        assert.equal(error.retryable, false);
        assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms: the answer was read whole`);
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// A caller's fetch whose Response is not quite one.

/** A client whose `fetch` resolves to `response()` (a fresh object each call). */
function clientAnswering(ctx, response) {
  return newClient(ctx, {
    userPoolId: "us-east-1_AbC123",
    clientId: "client",
    fetch: () => Promise.resolve(response()),
  });
}

const credentials = { username: "demo", password: "Demo-Passw0rd!" };

test("a configured fetch whose text() gives something other than a string is a protocol error", async (ctx) => {
  // Without a body stream, the text is text()'s; anything but a string (null and undefined
  // among them, which have no length to check) is refused by name, never a raw TypeError.
  for (const [label, value] of [
    ["null", null],
    ["undefined", undefined],
    ["a number", 42],
    ["an object", { length: 1 }],
    ["a String object", new String('{"ChallengeParameters":{}}')],
    ["an array", ['{"a":1}']],
    ["a symbol", Symbol("text")],
  ]) {
    const client = clientAnswering(ctx, () => ({ status: 200, text: () => Promise.resolve(value) }));
    const error = await assert.rejects(() => client.signIn(credentials), undefined, label);
    assertErrorNamed(error, "ProtocolError");
    assert.match(error.message, /text\(\) did not give a string/, label);
  }
});

test("a configured fetch whose text() is longer than 1 MiB is refused unparsed", async (ctx) => {
  const long = `{"ChallengeName":"PASSWORD_VERIFIER","Padding":"${"x".repeat(MIB)}"}`;
  const client = clientAnswering(ctx, () => ({ status: 200, text: () => Promise.resolve(long) }));
  const error = await assert.rejects(() => client.signIn(credentials));
  assertErrorNamed(error, "ProtocolError");
  assert.match(error.message, /exceeded 1 MiB/);
});

test("a configured fetch whose body stream gives something other than bytes is a protocol error", async (ctx) => {
  const stream = () =>
    new ReadableStream({
      start(controller) {
        controller.enqueue('{"ChallengeName":"PASSWORD_VERIFIER"}');
        controller.close();
      },
    });
  const client = clientAnswering(ctx, () => ({ status: 200, body: stream(), text: () => Promise.resolve("{}") }));
  const error = await assert.rejects(() => client.signIn(credentials));
  assertErrorNamed(error, "ProtocolError");
  assert.match(error.message, /other than bytes/);
});

test("a configured fetch's response of one chunk over 1 MiB is refused, one of exactly 1 MiB is read", async (ctx) => {
  const sized = (bytes) => {
    const text = `{"Padding":"${"x".repeat(bytes - 14)}"}`;
    return () => new Response(new TextEncoder().encode(text), { status: 400 });
  };
  let error = await assert.rejects(() => clientAnswering(ctx, sized(MIB + 1)).signIn(credentials));
  assertErrorNamed(error, "ProtocolError");
  assert.match(error.message, /exceeded 1 MiB/);
  // At the bound the answer is read: a 400 without __type is Cognito's unknown error.
  error = await assert.rejects(() => clientAnswering(ctx, sized(MIB)).signIn(credentials));
  assert.equal(error.httpStatus, 400);
  assert.ok(!/exceeded 1 MiB/.test(error.message), error.message);
});

// ---------------------------------------------------------------------------------------------
// Retries (the default maxRetries): a transient fault on InitiateAuth is retried.

test("fault html 500, a reset and a hang are retried by default: the same sign-in succeeds", async (ctx) => {
  const seed = await Seed.load(ctx);
  for (const kind of ["html-500", "reset", "hang"]) {
    const { clientId, client } = await freshClient(ctx, seed, { maxRetries: 2, timeoutMs: SHORT_TIMEOUT_MS });
    await arm(ctx, clientId, kind);
    await signsIn(seed, client);
    assert.ok(!(await stillArmed(ctx, clientId)), `the ${kind} fault was served`);
  }
});
