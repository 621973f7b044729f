// What the WebAssembly module keeps in its memory after a sign-in: never the password. The
// module's allocator wipes every block it frees, and the buffer text crosses in is wiped when
// read; these tests search the whole memory for the secret's UTF-8 bytes.
import { test, assert } from "./harness.mjs";
import { Seed, assertTokens, inModuleMemory } from "./common.mjs";

/** A fresh confirmed user of the main pool whose password occurs nowhere else. */
async function userWithUniquePassword(seed) {
  const user = await seed.newPasswordUser("main");
  const password = `Unique-${crypto.getRandomValues(new Uint32Array(2)).join("-")}-Pw1!`;
  await seed.admin("AdminSetUserPassword", {
    UserPoolId: seed.pool("main").userPoolId,
    Username: user.username,
    Password: password,
    Permanent: true,
  });
  return { username: user.username, password };
}

test("the search finds what the module does keep: the client id of a live client", async (ctx) => {
  const seed = await Seed.load(ctx);
  const clientId = `${seed.config("main", "public").clientId}`;
  const client = seed.client("main", "public");
  assert.ok(await inModuleMemory(ctx, clientId), "the configured client id is in the module's memory");
  assert.ok(!(await inModuleMemory(ctx, "never-sent-to-the-module-7f3a")), "an unknown text is not");
  assert.ok(client);
});

for (const flow of ["USER_SRP_AUTH", "USER_PASSWORD_AUTH"]) {
  test(`no copy of the password stays in the module's memory after a ${flow} sign-in`, async (ctx) => {
    const seed = await Seed.load(ctx);
    const user = await userWithUniquePassword(seed);
    const client = seed.client("main", "public");
    const step = await client.signIn({ ...user, flow });
    assertTokens(step);
    assert.ok(!(await inModuleMemory(ctx, user.password)), "the password is not in the module's memory");
  });
}

test("no copy of a new password stays in the module's memory after NEW_PASSWORD_REQUIRED", async (ctx) => {
  const seed = await Seed.load(ctx);
  const user = await seed.newPasswordUser("main");
  const client = seed.client("main", "public");
  const challenge = await client.signIn(user);
  assert.equal(challenge.challengeName, "NEW_PASSWORD_REQUIRED");
  const newPassword = `Renewed-${crypto.getRandomValues(new Uint32Array(2)).join("-")}-Pw1!`;
  const attributes = Object.fromEntries(challenge.requiredAttributes.map((name) => [name, "x"]));
  assertTokens(await challenge.respond({ newPassword, attributes }));
  assert.ok(!(await inModuleMemory(ctx, newPassword)), "the new password is not in the module's memory");
  assert.ok(!(await inModuleMemory(ctx, user.password)), "the temporary password is not either");
});

// Right after these calls nothing has reused the memory the input passed through, so without the
// allocator's wipe a freed copy of the password is still there (checked by disabling it).
test("no copy of the password stays in the module's memory after a sign-in that got no answer", async (ctx) => {
  const client = new ctx.api.CognitoClient({
    userPoolId: "us-east-1_Unreachable",
    clientId: "client",
    endpoint: "http://127.0.0.1:9", // a port fetch refuses
  });
  const password = `Unanswered-${crypto.getRandomValues(new Uint32Array(2)).join("-")}`;
  for (const flow of ["USER_PASSWORD_AUTH", "USER_SRP_AUTH"]) {
    await assert.rejects(client.signIn({ username: "someone", password, flow }), "NetworkError");
    assert.ok(!(await inModuleMemory(ctx, password)), `after ${flow}, the password is not in the module's memory`);
  }
});

test("no copy of the password stays in the module's memory after SrpHelper.passwordVerifier", async (ctx) => {
  const helper = new ctx.api.SrpHelper();
  const password = `Helper-${crypto.getRandomValues(new Uint32Array(2)).join("-")}`;
  assert.throws(
    () => helper.passwordVerifier({ userPoolId: "us-east-1_Pool", challengeParameters: {}, password }),
    "ProtocolError",
  );
  assert.ok(!(await inModuleMemory(ctx, password)), "the password is not in the module's memory");
});
