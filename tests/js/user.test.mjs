// The signed-in account operations against the local peer (pool `session`): changePassword,
// getUser and deleteUser with the current session's access token (no ClientId, no SecretHash),
// their errors by name, no session or a signed-out session refused, bad input refused before any
// request, none of them sent twice. Each test signs in a fresh user (AdminCreateUser).
import { assert, test } from "./harness.mjs";
import {
  assertErrorNamed,
  recorded,
  recordingClientWith,
  rejected,
  Seed,
  inModuleMemory,
} from "./common.mjs";

const NEW_PASSWORD = "Changed-Passw0rd?";

/** A fresh user of `session` signed in on a recording client of `appClient`. */
async function signedIn(ctx, appClient = "public", name = "userCalls") {
  const seed = await Seed.load(ctx);
  const user = await seed.confirmedUser("session");
  const config = seed.config("session", appClient);
  globalThis[name] = [];
  const client = recordingClientWith(ctx, config, name);
  await client.signIn({ username: user.username, password: user.password });
  globalThis[name] = [];
  return { seed, user, config, client };
}

test("changePassword sends the access token alone; the new password signs in, the old one is refused", async (ctx) => {
  const { user, config, client } = await signedIn(ctx, "secret");
  assert.equal(await client.changePassword({ previousPassword: user.password, proposedPassword: NEW_PASSWORD }), undefined);
  const calls = recorded("userCalls");
  assert.equal(calls.length, 1);
  assert.equal(calls[0][0], "AWSCognitoIdentityProviderService.ChangePassword");
  assert.deepEqual(Object.keys(calls[0][1]).sort(), ["AccessToken", "PreviousPassword", "ProposedPassword"]);
  const fresh = new ctx.api.CognitoClient(config);
  const signedInAgain = await fresh.signIn({ username: user.username, password: NEW_PASSWORD });
  assert.ok(signedInAgain.tokens?.accessToken, "the new password signs in");
  assertErrorNamed(await rejected(fresh.signIn({ username: user.username, password: user.password })), "NotAuthorizedException");
});

test("changePassword: a wrong previous password and a weak new one are refused by name, each sent once", async (ctx) => {
  const { user, client } = await signedIn(ctx);
  const wrong = await rejected(client.changePassword({ previousPassword: "Not-The-Passw0rd!", proposedPassword: NEW_PASSWORD }));
  assertErrorNamed(wrong, "NotAuthorizedException");
  const weak = await rejected(client.changePassword({ previousPassword: user.password, proposedPassword: "weak" }));
  assertErrorNamed(weak, "InvalidPasswordException");
  assert.equal(recorded("userCalls").length, 2);
  // The password is unchanged: the session goes on and the next change works.
  await client.changePassword({ previousPassword: user.password, proposedPassword: NEW_PASSWORD });
});

test("getUser: the username, the attributes as an object, the MFA settings", async (ctx) => {
  const { client } = await signedIn(ctx, "secret");
  const session = await client.currentSession();
  const result = await client.getUser();
  assert.equal(result.username, session.username);
  assert.equal(typeof result.attributes, "object");
  assert.equal(result.attributes.sub, session.accessTokenClaims.sub);
  assert.equal(typeof result.attributes.email, "string");
  assert.deepEqual(result.mfaSettings, []);
  assert.equal(result.preferredMfa, undefined);
  const calls = recorded("userCalls");
  assert.equal(calls.length, 1);
  assert.equal(calls[0][0], "AWSCognitoIdentityProviderService.GetUser");
  assert.deepEqual(Object.keys(calls[0][1]), ["AccessToken"]);
});

test("deleteUser deletes the user, clears the session and fires signedOut", async (ctx) => {
  const { user, config, client } = await signedIn(ctx);
  const signedOut = [];
  client.on("signedOut", (payload) => signedOut.push(payload));
  assert.equal(await client.deleteUser(), undefined);
  assert.deepEqual(signedOut, [{ reason: "deleteUser" }]);
  assert.equal(await client.currentSession(), null);
  const again = await rejected(new ctx.api.CognitoClient(config).signIn({ username: user.username, password: user.password }));
  assert.ok(["UserNotFoundException", "NotAuthorizedException"].includes(again.name), again.name);
  assertErrorNamed(await rejected(client.getUser()), "InvalidStateError");
  assert.equal(recorded("userCalls").length, 1);
});

test("without a session each operation is an InvalidStateError and nothing is sent", async (ctx) => {
  const seed = await Seed.load(ctx);
  globalThis.userNone = [];
  const client = recordingClientWith(ctx, seed.config("session", "public"), "userNone");
  for (const call of [
    () => client.getUser(),
    () => client.deleteUser(),
    () => client.changePassword({ previousPassword: "Old-Passw0rd!", proposedPassword: NEW_PASSWORD }),
  ]) {
    const error = await rejected(call());
    assertErrorNamed(error, "InvalidStateError");
    assert.match(error.message, /no user is signed in/);
  }
  assert.equal(recorded("userNone").length, 0);
});

test("after a global sign-out on another client the access token is refused by name", async (ctx) => {
  const { user, config, client } = await signedIn(ctx);
  // A storage of its own: in browsers the default storage is shared, and its signOut would
  // clear this client's session too.
  const other = new ctx.api.CognitoClient({ ...config, storage: "memory" });
  await other.signIn({ username: user.username, password: user.password });
  await other.signOut({ global: true });
  assertErrorNamed(await rejected(client.getUser()), "NotAuthorizedException");
  assertErrorNamed(
    await rejected(client.changePassword({ previousPassword: user.password, proposedPassword: NEW_PASSWORD })),
    "NotAuthorizedException",
  );
  assertErrorNamed(await rejected(client.deleteUser()), "NotAuthorizedException");
  assert.equal(recorded("userCalls").length, 3);
});

test("bad changePassword input is an InvalidParameterError naming the field, with nothing sent", async (ctx) => {
  const { user, client } = await signedIn(ctx);
  const cases = [
    [undefined, /changePassword input/],
    ["text", /changePassword input/],
    [{ proposedPassword: NEW_PASSWORD }, /previousPassword/],
    [{ previousPassword: user.password }, /proposedPassword/],
    [{ previousPassword: 1, proposedPassword: NEW_PASSWORD }, /previousPassword/],
  ];
  for (const [input, field] of cases) {
    const error = await rejected(client.changePassword(input));
    assertErrorNamed(error, "InvalidParameterError");
    assert.match(error.message, field);
    assert.ok(!error.message.includes(user.password), "the message never quotes the password");
  }
  assert.equal(recorded("userCalls").length, 0);
});

test("no copy of either password stays in the module's memory after changePassword", async (ctx) => {
  const { user, client } = await signedIn(ctx);
  const unique = () => crypto.getRandomValues(new Uint32Array(2)).join("-");
  const proposed = `Proposed-${unique()}-Pw1!`;
  await client.changePassword({ previousPassword: user.password, proposedPassword: proposed });
  assert.ok(!(await inModuleMemory(ctx, proposed)), "the new password is not in the module's memory");
  const refused = `Refused-${unique()}-Pw1!`;
  await rejected(client.changePassword({ previousPassword: refused, proposedPassword: `Other-${unique()}-Pw1!` }));
  assert.ok(!(await inModuleMemory(ctx, refused)), "a refused previous password is not in the module's memory");
});
