// A trap does not leave the package dead: the call that crashed, and every call in flight,
// rejects with a named InternalError; a fresh instance replaces the crashed one at once and the
// crashed one's memory is wiped; objects of the crashed instance fail with an InternalError and
// new ones sign in. The traps are real: the test grows the module's memory to the engine's
// maximum, so that the allocator cannot grow it and its next large allocation aborts
// (`unreachable`).
import { test, assert } from "./harness.mjs";
import { Seed, assertErrorNamed, assertTokens } from "./common.mjs";

/** pkg-template's module (the API and the loader's `memory()`, a test-only hook). */
const core = (ctx) => import(new URL("api.js", ctx.pkgUrl).href);

/** Grows `memory` to the engine's maximum (4 GiB of address space; pages are committed only
 * when written, and nothing writes them). */
function growToMax(memory) {
  for (let pages = 65536; pages >= 1; ) {
    try {
      memory.grow(pages);
    } catch {
      pages >>= 1;
    }
  }
}

/** Whether `text`'s UTF-8 bytes occur in `memory`'s first `end` bytes (all of them by default). */
function inMemory(memory, text, end = memory.buffer.byteLength) {
  const bytes = new Uint8Array(memory.buffer, 0, end);
  const needle = new TextEncoder().encode(text);
  for (let at = bytes.indexOf(needle[0]); at !== -1; at = bytes.indexOf(needle[0], at + 1)) {
    let match = true;
    for (let i = 1; i < needle.length && match; i++) match = bytes[at + i] === needle[i];
    if (match) return true;
  }
  return false;
}

/**
 * Runs `fn` and then waits `ms`, recording what reaches the event loop uncaught meanwhile (in
 * Node an uncaught error would end the process; a page only logs it).
 */
async function uncaughtDuring(fn, ms) {
  const seen = [];
  const onError = (event) => seen.push(event.error ?? event.message);
  const onRejection = (event) => seen.push(event.reason);
  const target = typeof process === "undefined" ? globalThis : null;
  const onNodeError = (error) => seen.push(error);
  target?.addEventListener("error", onError);
  target?.addEventListener("unhandledrejection", onRejection);
  if (!target) {
    process.on("uncaughtException", onNodeError);
    process.on("unhandledRejection", onNodeError);
  }
  try {
    await fn();
    await new Promise((resolve) => setTimeout(resolve, ms));
  } finally {
    target?.removeEventListener("error", onError);
    target?.removeEventListener("unhandledrejection", onRejection);
    if (!target) {
      process.off("uncaughtException", onNodeError);
      process.off("unhandledRejection", onNodeError);
    }
  }
  return seen;
}

/**
 * Crashes the current instance with a synchronous trap in `client.signIn`: the memory can no
 * longer grow and the username needs more bytes than it holds. Returns the rejection and the
 * crashed instance's memory.
 */
async function crashInSignIn(ctx, client) {
  const { memory } = await core(ctx);
  const old = memory();
  const size = old.buffer.byteLength;
  growToMax(old);
  const error = await assert.rejects(() => client.signIn({ username: "x".repeat(size), password: "p" }));
  return { error, old };
}

test("a trap inside a call rejects it with InternalError, and a fresh instance serves new clients", async (ctx) => {
  const { memory } = await core(ctx);
  const seed = await Seed.load(ctx);
  const client = seed.client("main", "public");
  const helper = new ctx.api.SrpHelper();
  let error;
  let old;
  let inFlight;
  // A sign-in in flight to the peer: its answer arrives after the crash, to a closure of the
  // crashed instance, which must do nothing (neither run in the fresh instance nor throw).
  const uncaught = await uncaughtDuring(async () => {
    inFlight = seed.client("main", "public").signIn(seed.credentials("main", "demo"));
    ({ error, old } = await crashInSignIn(ctx, client));
    assertErrorNamed(await assert.rejects(inFlight), "InternalError");
  }, 500);
  assert.deepEqual(uncaught.map(String), [], "nothing reaches the event loop uncaught");
  assertErrorNamed(error, "InternalError");
  // Not retryable on this client: its objects belong to the crashed instance (a new client works).
  assert.equal(error.retryable, false);
  assert.match(error.message, /crashed and was restarted/);

  const fresh = memory();
  assert.notEqual(fresh, old, "a fresh instance has its own memory");
  assert.ok(fresh.buffer.byteLength < old.buffer.byteLength / 16, `the fresh memory is small: ${fresh.buffer.byteLength}`);

  // Objects of the crashed instance fail with a named error (their free() does nothing).
  const stale = await assert.rejects(() => client.signIn(seed.credentials("main", "demo")));
  assertErrorNamed(stale, "InternalError");
  assert.equal(stale.retryable, false);
  assert.match(stale.message, /CognitoClient belongs to a WebAssembly instance that crashed/);
  assertErrorNamed(assert.throws(() => helper.srpA), "InternalError");
  helper.free();
  client.free();

  // New objects work.
  assertTokens(await seed.client("main", "public").signIn(seed.credentials("main", "demo")));
  assert.match(new ctx.api.SrpHelper().srpA, /^[0-9a-f]{700,}$/);
});

test("a trap while an answer is read rejects the sign-in and every call in flight; the old memory is wiped", async (ctx) => {
  const { memory } = await core(ctx);
  const seed = await Seed.load(ctx);
  // Start from a fresh instance, whose heap is small.
  await crashInSignIn(ctx, seed.client("main", "public"));

  const user = await seed.confirmedUser("main");
  const password = `Crash-${crypto.getRandomValues(new Uint32Array(2)).join("-")}-Pw1!`;
  await seed.admin("AdminSetUserPassword", {
    UserPoolId: seed.pool("main").userPoolId,
    Username: user.username,
    Password: password,
    Permanent: true,
  });
  const old = memory();
  const clientId = seed.config("main", "public").clientId;
  let passwordHeld;
  let clientIdHeld;
  let used; // the memory's size before it grew from outside: the allocator wrote nothing above
  let answerBytes;
  // The caller's fetch answers InitiateAuth with a body larger than the whole heap (the stack's
  // 1 MiB lies below it) after growing the memory to its maximum: reading the answer into wasm
  // memory traps inside the sign-in's task, in a microtask of the event loop.
  const crashing = new ctx.api.CognitoClient({
    ...seed.config("main", "public"),
    fetch: async () => {
      passwordHeld = inMemory(old, password);
      clientIdHeld = inMemory(old, clientId);
      used = old.buffer.byteLength;
      answerBytes = used - (1 << 20) + 65536;
      growToMax(old);
      return new Response(JSON.stringify({ ChallengeName: "x".repeat(answerBytes) }), { status: 200 });
    },
  });
  // A call in flight on another client: its task dies with the instance.
  const waiting = new ctx.api.CognitoClient({ ...seed.config("main", "public"), fetch: () => new Promise(() => {}) });
  const inFlight = waiting.signIn(seed.credentials("main", "demo"));

  const error = await assert.rejects(crashing.signIn({ username: user.username, password, flow: "USER_SRP_AUTH" }));
  assertErrorNamed(error, "InternalError");
  // Not retryable on this client: its objects belong to the crashed instance (a new client works).
  assert.equal(error.retryable, false);
  assertErrorNamed(await assert.rejects(inFlight), "InternalError");
  assert.ok(passwordHeld && clientIdHeld, "the crashed instance held the password and the client id when it crashed");
  assert.ok(answerBytes < 1 << 20, `the answer (${answerBytes} bytes) is under the 1 MiB bound`);

  assert.notEqual(memory(), old, "a fresh instance replaced the crashed one");
  assert.ok(!inMemory(old, password, used), "the crashed instance's memory holds no password");
  assert.ok(!inMemory(old, clientId, used), "nor the client id of its clients");

  assertTokens(await seed.client("main", "public").signIn({ username: user.username, password }));
  assert.ok(!inMemory(memory(), password), "nor does the fresh one after a sign-in");
});

test("a stored session survives a trap: a new client on the same storage resumes and refreshes it", async (ctx) => {
  const seed = await Seed.load(ctx);
  const user = await seed.confirmedUser("session");
  const map = new Map();
  const storage = {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
  const config = { ...seed.config("session", "public"), storage };
  const before = new ctx.api.CognitoClient(config);
  const { tokens } = await before.signIn({ username: user.username, password: user.password });
  const { error } = await crashInSignIn(ctx, seed.client("main", "public"));
  assertErrorNamed(error, "InternalError");
  // Every method of the crashed instance's client but `on` returns a promise: each rejects by
  // name instead of throwing.
  const methods = Object.getOwnPropertyNames(ctx.api.CognitoClient.prototype)
    .filter((name) => !["constructor", "on", "free"].includes(name) && !name.startsWith("__"));
  assert.ok(methods.length >= 23, methods.join(", "));
  for (const name of methods) {
    let result;
    try {
      result = before[name]({});
    } catch (thrown) {
      assert.fail(`${name} threw synchronously: ${thrown}`);
    }
    assertErrorNamed(await assert.rejects(result), "InternalError");
  }
  assertErrorNamed(assert.throws(() => before.on("signedIn", () => {})), "InternalError");

  const after = new ctx.api.CognitoClient(config);
  const resumed = await after.currentSession();
  assert.equal(resumed?.tokens.accessToken, tokens.accessToken, "the session kept outside the module is resumed");
  const refreshed = await after.currentSession({ forceRefresh: true });
  assert.notEqual(refreshed.tokens.accessToken, tokens.accessToken, "and refreshed");
  assert.equal((await after.getUser()).username, resumed.username);
});
