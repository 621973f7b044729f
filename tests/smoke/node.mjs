// Smoke test of the BUILT release package (wasm-opt'd), installed from its npm tarball the way a
// user installs it, signing in from Node against the local peer.
//
//   node tests/smoke/node.mjs            (run from the folder where the tarball was installed)
// Env: PEER_URL (default http://127.0.0.1:9230).
import assert from "node:assert/strict";
import { test } from "node:test";
import { CognitoClient } from "cognito-auth-wasm";

const peer = process.env.PEER_URL ?? "http://127.0.0.1:9230";
const seed = await (await fetch(`${peer}/_peer/seed`)).json();
const main = seed.pools.main;
const demo = main.users.demo;

function idTokenPayload(tokens) {
  const part = tokens.idToken.split(".")[1];
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
}

function client(clientName, extra = {}) {
  const c = main.clients[clientName];
  return new CognitoClient({
    userPoolId: main.userPoolId,
    clientId: c.clientId,
    ...(c.clientSecret ? { clientSecret: c.clientSecret } : {}),
    endpoint: seed.endpoint,
    ...extra,
  });
}

test("the right password signs in with SRP and yields the user's tokens", async () => {
  const result = await client("public").signIn({ username: demo.signInAs, password: demo.password });
  assert.ok(result.tokens, `expected tokens, got ${JSON.stringify(result)}`);
  assert.equal(idTokenPayload(result.tokens)["cognito:username"], demo.username);
  assert.equal(typeof result.tokens.expiresIn, "number");
  assert.ok(result.tokens.accessToken.length > 20);
  assert.ok(result.tokens.refreshToken.length > 0);
});

test("a wrong password rejects with NotAuthorizedException from the server", async () => {
  await assert.rejects(
    client("public").signIn({ username: demo.signInAs, password: demo.password + "x" }),
    (err) => {
      assert.ok(err instanceof Error);
      assert.equal(err.name, "NotAuthorizedException");
      assert.equal(err.httpStatus, 400);
      assert.ok(!err.message.includes(demo.password), "the message must not leak the password");
      return true;
    },
  );
});

test("an app client with a secret signs in (SECRET_HASH)", async () => {
  const result = await client("secret").signIn({ username: demo.signInAs, password: demo.password });
  assert.equal(idTokenPayload(result.tokens)["cognito:username"], demo.username);
});

test("invalid configuration throws InvalidParameterError", () => {
  assert.throws(() => new CognitoClient({ userPoolId: "no-underscore", clientId: "x" }), {
    name: "InvalidParameterError",
  });
});
