// Retries (issue 10): a request that spends nothing (InitiateAuth, ListDevices) is sent again
// after a network error, a timeout, an HTTP 5xx or throttling, at most `maxRetries` times (default
// 2); a request that spends a session or a code (RespondToAuthChallenge, …) is sent once. Each
// case wraps the real fetch to the peer, failing the first attempts of one operation.
import { assert, test } from "./harness.mjs";
import { assertErrorNamed, getStr, newClient, Seed, signInTokens } from "./common.mjs";

const TARGET = "AWSCognitoIdentityProviderService.";

/** A fetch to the peer whose first calls of `operation` fail with `failures` (functions giving
 * the fetch's result), in turn; `counts` counts the calls of each operation. */
function failingFirst(operation, failures) {
  const counts = {};
  let left = [...failures];
  const fetchWith = (url, init) => {
    const name = new Headers(init.headers).get("x-amz-target").slice(TARGET.length);
    counts[name] = (counts[name] ?? 0) + 1;
    if (name === operation && left.length > 0) return left.shift()();
    return fetch(url, init);
  };
  return { fetch: fetchWith, counts };
}

const html503 = () => Promise.resolve(new Response("<html>Service Unavailable</html>", { status: 503 }));
const throttled = () =>
  Promise.resolve(
    new Response('{"__type":"TooManyRequestsException","message":"Rate exceeded"}', {
      status: 400,
      headers: { "content-type": "application/x-amz-json-1.1" },
    }),
  );
const dropped = () => Promise.reject(new TypeError("fetch failed"));
const refused = () =>
  Promise.resolve(
    new Response('{"__type":"NotAuthorizedException","message":"Incorrect username or password."}', {
      status: 400,
    }),
  );

test("initiate auth is retried after a 5xx, throttling and a network error, then signs in", async (ctx) => {
  const seed = await Seed.load(ctx);
  for (const failures of [[html503, dropped], [throttled], [dropped, throttled]]) {
    const { fetch, counts } = failingFirst("InitiateAuth", failures);
    const client = newClient(ctx, { ...seed.config("main", "public"), fetch });
    await signInTokens(client, seed.credentials("main", "demo"));
    assert.deepEqual(counts, { InitiateAuth: failures.length + 1, RespondToAuthChallenge: 1 });
  }
});

test("retries stop after maxRetries, and the last error stays retryable", async (ctx) => {
  const seed = await Seed.load(ctx);
  for (const [maxRetries, calls] of [[undefined, 3], [0, 1], [1, 2], [4, 5]]) {
    const { fetch, counts } = failingFirst("InitiateAuth", Array(10).fill(html503));
    const config = { ...seed.config("main", "public"), fetch };
    if (maxRetries !== undefined) config.maxRetries = maxRetries;
    const client = newClient(ctx, config);
    const error = await assert.rejects(() => client.signIn(seed.credentials("main", "demo")));
    assertErrorNamed(error, "ProtocolError");
    assert.equal(error.httpStatus, 503);
    assert.equal(error.retryable, true);
    assert.deepEqual(counts, { InitiateAuth: calls }, `maxRetries ${maxRetries}`);
  }
});

test("a timeout of one attempt is retried", async (ctx) => {
  const seed = await Seed.load(ctx);
  const never = () => new Promise(() => {});
  const { fetch, counts } = failingFirst("InitiateAuth", [never]);
  // Each attempt has the whole timeout: long enough that the peer's own answer to the second
  // attempt never runs out of it on a loaded machine.
  const client = newClient(ctx, { ...seed.config("main", "public"), fetch, timeoutMs: 2000 });
  await signInTokens(client, seed.credentials("main", "demo"));
  assert.deepEqual(counts, { InitiateAuth: 2, RespondToAuthChallenge: 1 });
});

test("an answer that is final is not retried", async (ctx) => {
  const seed = await Seed.load(ctx);
  const { fetch, counts } = failingFirst("InitiateAuth", [refused]);
  const client = newClient(ctx, { ...seed.config("main", "public"), fetch });
  const error = await assert.rejects(() => client.signIn(seed.credentials("main", "demo")));
  assertErrorNamed(error, "NotAuthorizedException");
  assert.equal(error.retryable, false);
  assert.deepEqual(counts, { InitiateAuth: 1 });
});

test("a request that spends the session is never retried", async (ctx) => {
  const seed = await Seed.load(ctx);
  for (const failure of [html503, throttled, dropped]) {
    const { fetch, counts } = failingFirst("RespondToAuthChallenge", [failure]);
    const client = newClient(ctx, { ...seed.config("main", "public"), fetch, maxRetries: 5 });
    const error = await assert.rejects(() => client.signIn(seed.credentials("main", "demo")));
    assert.equal(error.retryable, true, getStr(error, "name"));
    assert.deepEqual(counts, { InitiateAuth: 1, RespondToAuthChallenge: 1 });
  }
});

test("maxRetries must be a whole number from 0 to 10", async (ctx) => {
  for (const maxRetries of [-1, 1.5, 11, NaN, Infinity, "2", true]) {
    const config = { userPoolId: "us-east-1_AbC123", clientId: "client", maxRetries };
    const error = assert.throws(() => newClient(ctx, config), undefined, `accepted ${String(maxRetries)}`);
    assertErrorNamed(error, "InvalidParameterError");
    assert.match(getStr(error, "message"), /maxRetries/);
  }
});

test("an endpoint that is not a plain http(s) URL is refused, saying why", async (ctx) => {
  for (const [endpoint, why] of [
    ["http://[::1", /closing \]/],
    ["http://alice:hunter2@127.0.0.1:9230/", /credentials/],
    ["http://127.0.0.1:99999/", /port/],
    ["http://127.0.0.1:9230/#x", /fragment/],
  ]) {
    const config = { userPoolId: "us-east-1_AbC123", clientId: "client", endpoint };
    const error = assert.throws(() => newClient(ctx, config), undefined, `accepted ${endpoint}`);
    assertErrorNamed(error, "InvalidParameterError");
    assert.match(getStr(error, "message"), why);
    assert.ok(!getStr(error, "message").includes("hunter2"), error.message);
  }
  // An IPv6 loopback with a port is an endpoint.
  newClient(ctx, { userPoolId: "us-east-1_AbC123", clientId: "client", endpoint: "http://[::1]:9230/" });
});
