// A minimal test harness for the package's JavaScript API, with no dependencies: it loads as a
// plain ES module in Node (tests/js/node.mjs) and in a browser page (tests/js/page.html).
//
//   import { test, assert } from "./harness.mjs";
//   test("a name", async (ctx) => { ... });   // registered when the module is imported
//
// `runAll(ctx, { filter, onResult })` runs the registered tests one after another, each with a
// timeout of TEST_TIMEOUT_MS; `ctx` is `{ api, peerUrl, platform, pkgUrl }` (see tests/js/common.mjs).

/** How long one test may run before it fails. */
export const TEST_TIMEOUT_MS = 60_000;

const registered = [];

/** What the running test noted (measurements), shown on its result line. */
let notes = [];

/** Adds `text` to the running test's result line: a measurement worth reading in the log. */
export function note(text) {
  notes.push(String(text));
}

/** Registers `fn(ctx)` (sync or async) under `name`. */
export function test(name, fn) {
  if (typeof name !== "string" || name === "") throw new TypeError("test(name, fn): name must be a non-empty string");
  if (typeof fn !== "function") throw new TypeError(`test(${JSON.stringify(name)}, fn): fn must be a function`);
  if (registered.some((t) => t.name === name)) throw new Error(`test ${JSON.stringify(name)} is registered twice`);
  registered.push({ name, fn });
}

/** The names of the registered tests, in registration order. */
export function testNames() {
  return registered.map((t) => t.name);
}

// ---------------------------------------------------------------------------------------------
// Assertions.

/** What a failed assertion throws. */
export class AssertionError extends Error {
  constructor(message, details) {
    super(message);
    this.name = "AssertionError";
    if (details) Object.assign(this, details);
  }
}

/** A short, readable rendering of any value for failure messages. */
export function inspect(value) {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (Object.is(value, -0)) return "-0";
  if (typeof value === "function") return `[function ${value.name || "anonymous"}]`;
  if (typeof value === "symbol") return value.toString();
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (value === null || typeof value !== "object") return String(value);
  try {
    const seen = new WeakSet();
    const text = JSON.stringify(value, (_key, v) => {
      if (v === undefined) return "<undefined>";
      if (typeof v === "bigint") return `${v}n`;
      if (typeof v === "function") return `[function ${v.name || "anonymous"}]`;
      if (v !== null && typeof v === "object") {
        if (seen.has(v)) return "[circular]";
        seen.add(v);
      }
      return v;
    });
    const tag = Object.getPrototypeOf(value)?.constructor?.name;
    const prefix = tag && tag !== "Object" && tag !== "Array" ? `${tag} ` : "";
    return prefix + (text.length > 2000 ? `${text.slice(0, 2000)}…` : text);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function failWith(message, fallback, details) {
  throw new AssertionError(message === undefined ? fallback : `${message}: ${fallback}`, details);
}

function isPlainObject(value) {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Structural equality of JSON-like values (primitives by Object.is, arrays, plain objects). */
function deepEqualAt(actual, expected, path) {
  if (Object.is(actual, expected)) return null;
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual)) return `${path}: array vs non-array`;
    if (actual.length !== expected.length) return `${path}: length ${actual.length} != ${expected.length}`;
    for (let i = 0; i < expected.length; i++) {
      const diff = deepEqualAt(actual[i], expected[i], `${path}[${i}]`);
      if (diff) return diff;
    }
    return null;
  }
  if (isPlainObject(expected) && isPlainObject(actual)) {
    const actualKeys = Object.keys(actual).sort();
    const expectedKeys = Object.keys(expected).sort();
    for (const key of expectedKeys) {
      if (!Object.hasOwn(actual, key)) return `${path}.${key}: missing`;
    }
    for (const key of actualKeys) {
      if (!Object.hasOwn(expected, key)) return `${path}.${key}: unexpected`;
    }
    for (const key of expectedKeys) {
      const diff = deepEqualAt(actual[key], expected[key], `${path}.${key}`);
      if (diff) return diff;
    }
    return null;
  }
  return `${path}: ${inspect(actual)} != ${inspect(expected)}`;
}

export const assert = {
  /** `value` is truthy. */
  ok(value, message) {
    if (!value) failWith(message, `expected a truthy value, got ${inspect(value)}`, { actual: value });
  },

  /** `Object.is(actual, expected)`. */
  equal(actual, expected, message) {
    if (!Object.is(actual, expected)) {
      failWith(message, `${inspect(actual)} is not ${inspect(expected)}`, { actual, expected });
    }
  },

  /** `!Object.is(actual, expected)`. */
  notEqual(actual, expected, message) {
    if (Object.is(actual, expected)) failWith(message, `expected anything but ${inspect(expected)}`, { actual });
  },

  /** Structural equality of JSON-like values: same array elements, same own keys and values. */
  deepEqual(actual, expected, message) {
    const diff = deepEqualAt(actual, expected, "$");
    if (diff) failWith(message, `${diff}\n  actual:   ${inspect(actual)}\n  expected: ${inspect(expected)}`, { actual, expected });
  },

  /** `string` is a string matching `regexp`. */
  match(string, regexp, message) {
    if (typeof string !== "string") failWith(message, `expected a string, got ${inspect(string)}`, { actual: string });
    if (!(regexp instanceof RegExp)) throw new TypeError("assert.match: regexp must be a RegExp");
    regexp.lastIndex = 0;
    if (!regexp.test(string)) failWith(message, `${inspect(string)} does not match ${regexp}`, { actual: string });
  },

  /**
   * Awaits `promiseOrFn` (a promise, or a function returning one) and returns the rejection
   * reason; fails if it fulfils, if the function throws synchronously or returns something that
   * is not a promise, or (with `name`) if `reason.name !== name`.
   */
  async rejects(promiseOrFn, name, message) {
    let promise = promiseOrFn;
    if (typeof promiseOrFn === "function") {
      try {
        promise = promiseOrFn();
      } catch (error) {
        failWith(message, `threw synchronously instead of returning a rejected promise: ${inspect(error)}`, { actual: error });
      }
    }
    if (promise === null || typeof promise?.then !== "function") {
      failWith(message, `expected a promise, got ${inspect(promise)}`, { actual: promise });
    }
    let value;
    try {
      value = await promise;
    } catch (reason) {
      if (name !== undefined && reason?.name !== name) {
        failWith(message, `rejected with ${inspect(reason)}, expected the name ${inspect(name)}`, { actual: reason });
      }
      return reason;
    }
    return failWith(message, `expected a rejection, fulfilled with ${inspect(value)}`, { actual: value });
  },

  /**
   * Calls `fn` and returns what it throws; fails if it returns, or (with `name`) if
   * `error.name !== name`.
   */
  throws(fn, name, message) {
    if (typeof fn !== "function") throw new TypeError("assert.throws: fn must be a function");
    let value;
    try {
      value = fn();
    } catch (error) {
      if (name !== undefined && error?.name !== name) {
        failWith(message, `threw ${inspect(error)}, expected the name ${inspect(name)}`, { actual: error });
      }
      return error;
    }
    return failWith(message, `expected a throw, returned ${inspect(value)}`, { actual: value });
  },

  /** Fails unconditionally. */
  fail(message) {
    throw new AssertionError(message ?? "failed");
  },
};

// ---------------------------------------------------------------------------------------------
// Running.

/** An error as text: "Name: message" and its stack, in every engine. */
export function describeError(error) {
  if (error instanceof Error) {
    const head = `${error.name}: ${error.message}`;
    const stack = typeof error.stack === "string" ? error.stack : "";
    // V8 stacks start with "Name: message"; other engines' do not.
    return stack.startsWith(head) ? stack : stack ? `${head}\n${stack}` : head;
  }
  return `non-Error thrown: ${inspect(error)}`;
}

function withTimeout(promise, ms, name) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new AssertionError(`test ${JSON.stringify(name)} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function selects(filter, name) {
  if (filter === undefined || filter === null || filter === "") return true;
  if (filter instanceof RegExp) return filter.test(name);
  return name.toLowerCase().includes(String(filter).toLowerCase());
}

/**
 * Runs every registered test whose name contains `filter` (case-insensitive; a RegExp is
 * tested instead), one after another, each with `fn(ctx)` and a timeout of `timeoutMs`
 * (default TEST_TIMEOUT_MS). `onResult(result)` is called after each test. Resolves to
 * `{ passed, failed, results: [{ name, ok, error?, ms, notes? }] }` (`error`: the stack or message; `notes`: what the test gave `note`).
 */
export async function runAll(ctx, { filter, onResult, timeoutMs = TEST_TIMEOUT_MS } = {}) {
  const results = [];
  let passed = 0;
  let failed = 0;
  for (const { name, fn } of registered) {
    if (!selects(filter, name)) continue;
    const started = Date.now();
    notes = [];
    let result;
    try {
      await withTimeout(Promise.resolve().then(() => fn(ctx)), timeoutMs, name);
      result = { name, ok: true, ms: Date.now() - started };
      passed++;
    } catch (error) {
      result = { name, ok: false, error: describeError(error), ms: Date.now() - started };
      failed++;
    }
    // A string, not an array: Firefox's channel to the runner cannot read the page's arrays.
    if (notes.length > 0) result.notes = notes.join("; ");
    results.push(result);
    if (onResult) {
      try {
        await onResult(result);
      } catch {
        // A reporter's failure does not change the results.
      }
    }
  }
  return { passed, failed, results };
}

/** One line per result, as both runners print them. */
export function formatResult({ name, ok, error, ms, notes }) {
  const noted = typeof notes === "string" && notes !== "" ? ` [${notes}]` : "";
  if (ok) return `ok   ${name} (${ms} ms)${noted}`;
  const details = (error ?? "").split("\n").map((line) => `     ${line}`).join("\n");
  return `FAIL ${name} (${ms} ms)${noted}\n${details}`;
}

/** The summary line both runners print. */
export function formatSummary({ passed, failed }) {
  return `${passed} passed, ${failed} failed`;
}
