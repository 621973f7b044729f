// What the JavaScript API tests against the local Cognito peer share: the peer's seed
// (`GET {peerUrl}/_peer/seed`), admin calls, codes the peer "sent", recording clients, promises,
// JWTs.
//
// `ctx` is the test context the runners pass to every test: `{ api, peerUrl, platform, pkgUrl }`, where
// `api` is the package's module namespace (`CognitoClient`, `SrpHelper`, …), `peerUrl` the
// peer's base URL and `platform` `"node"`, `"chromium"` or `"firefox"`.
import { AssertionError, inspect } from "./harness.mjs";

// ---------------------------------------------------------------------------------------------
// The peer.

/** `fetch(url, init)` and the answer's body parsed as JSON. */
export async function fetchJson(url, init) {
  let response;
  try {
    response = init === undefined ? await fetch(url) : await fetch(url, init);
  } catch (error) {
    throw new Error(`the peer does not answer at ${url}: ${inspect(error)}`);
  }
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`not JSON from ${url} (HTTP ${response.status}): ${text.slice(0, 200)}`);
  }
}

/** The peer's seed (`GET {peerUrl}/_peer/seed`): pools, app clients, users. */
export class Seed {
  /** @param {object} ctx the test context; @param {object} data the seed as the peer gives it */
  constructor(ctx, data) {
    this.ctx = ctx;
    this.data = data;
  }

  static async load(ctx) {
    return new Seed(ctx, await fetchJson(`${ctx.peerUrl}/_peer/seed`));
  }

  /** The Cognito endpoint the peer serves (its own URL). */
  get endpoint() {
    return typeof this.data.endpoint === "string" ? this.data.endpoint : this.ctx.peerUrl;
  }

  pool(pool) {
    return this.data.pools?.[pool];
  }

  user(pool, user) {
    return this.pool(pool)?.users?.[user];
  }

  /** A `CognitoClientConfig` for `pool`'s `appClient` (`public`, `secret`) at the peer. */
  config(pool, appClient) {
    const poolSeed = this.pool(pool);
    const app = poolSeed.clients[appClient];
    const config = { userPoolId: poolSeed.userPoolId, clientId: app.clientId, endpoint: this.endpoint };
    if (app.clientSecret !== undefined) config.clientSecret = app.clientSecret;
    return config;
  }

  /** `new CognitoClient(this.config(pool, appClient))`. */
  client(pool, appClient) {
    return new this.ctx.api.CognitoClient(this.config(pool, appClient));
  }

  /** `{ username, password }` as the user types them (`signInAs`). */
  credentials(pool, user) {
    const seeded = this.user(pool, user);
    return { username: seeded.signInAs, password: seeded.password };
  }

  /**
   * A fresh FORCE_CHANGE_PASSWORD user in `pool` (AdminCreateUser, which moto does not
   * sign-check), as `{ username, password }`.
   */
  async newPasswordUser(pool) {
    const username = `np-${Math.floor(Math.random() * 1e12)}`;
    await this.admin("AdminCreateUser", {
      UserPoolId: this.pool(pool).userPoolId,
      Username: username,
      TemporaryPassword: "Temp-Passw0rd!",
      MessageAction: "SUPPRESS",
      UserAttributes: [{ Name: "email", Value: `${username}@example.com` }],
    });
    return { username, password: "Temp-Passw0rd!" };
  }

  /** A fresh CONFIRMED user in `pool` with a permanent password, as `{ username, password }`. */
  async confirmedUser(pool) {
    const user = await this.newPasswordUser(pool);
    await this.admin("AdminSetUserPassword", {
      UserPoolId: this.pool(pool).userPoolId,
      Username: user.username,
      Password: "Fresh-Passw0rd!",
      Permanent: true,
    });
    return { username: user.username, password: "Fresh-Passw0rd!" };
  }

  /** Calls the Cognito operation `operation` on the peer with `body`; fails on an error answer. */
  async admin(operation, body) {
    const answer = await fetchJson(`${this.ctx.peerUrl}/`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": `AWSCognitoIdentityProviderService.${operation}`,
      },
      body: JSON.stringify(body),
    });
    if (answer?.__type !== undefined) throw new AssertionError(`${operation}: ${JSON.stringify(answer)}`);
    return answer;
  }
}

/** The SMS code the peer "sent" to an internal username. */
export async function smsCode(ctx, username) {
  const answer = await fetchJson(`${ctx.peerUrl}/_peer/sms/${encodeURIComponent(username)}`);
  if (typeof answer?.code !== "string") throw new AssertionError(`an SMS code for ${username}: ${JSON.stringify(answer)}`);
  return answer.code;
}

/** The email code the peer "sent" to an internal username (EMAIL_OTP). */
export async function emailCode(ctx, username) {
  const answer = await fetchJson(`${ctx.peerUrl}/_peer/email/${encodeURIComponent(username)}`);
  if (typeof answer?.code !== "string") throw new AssertionError(`an email code for ${username}: ${JSON.stringify(answer)}`);
  return answer.code;
}

/** The current RFC 6238 code of a base32 secret (HMAC-SHA-1, 6 digits, 30 s), with WebCrypto. */
export async function totpCode(secret) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  const key = [];
  for (const c of secret.replace(/=+$/, "")) {
    const digit = alphabet.indexOf(c);
    if (digit < 0) throw new AssertionError(`${c} is not a base32 digit`);
    value = ((value << 5) | digit) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      key.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  let counter = Math.floor(Date.now() / 30000);
  const message = new Uint8Array(8);
  for (let i = 7; i >= 0; i--) {
    message[i] = counter % 256;
    counter = Math.floor(counter / 256);
  }
  const hmacKey = await crypto.subtle.importKey(
    "raw",
    new Uint8Array(key),
    { name: "HMAC", hash: "SHA-1" },
    false,
    ["sign"],
  );
  const h = new Uint8Array(await crypto.subtle.sign("HMAC", hmacKey, message));
  const o = h[19] & 15;
  const n = (((h[o] & 127) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3]) % 1000000;
  return String(n).padStart(6, "0");
}

// ---------------------------------------------------------------------------------------------
// Values and promises.

/** `value` as JavaScript parses it from JSON (a deep copy of plain data). */
export function js(value) {
  return JSON.parse(JSON.stringify(value));
}

/** A JSON-like copy of any value (`JSON.parse(JSON.stringify(value))`: getters, toJSON). */
export function toValue(value) {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
}

/** The fulfilment value of `promise`; fails with the reason if it rejects. */
export async function resolved(promise) {
  try {
    return await promise;
  } catch (error) {
    throw new AssertionError(`rejected with ${describe(error)}`, { cause: error });
  }
}

/** The rejection reason of `promise`; fails if it fulfils. */
export async function rejected(promise) {
  let value;
  try {
    value = await promise;
  } catch (error) {
    return error;
  }
  throw new AssertionError(`resolved with ${inspect(value)}`);
}

/** `Reflect.get(value, key)`. */
export function get(value, key) {
  return Reflect.get(value, key);
}

/** `value[key]`, which must be a string. */
export function getStr(value, key) {
  const field = Reflect.get(value, key);
  if (typeof field !== "string") throw new AssertionError(`${key} is not a string in ${inspect(value)}: ${inspect(field)}`);
  return field;
}

/** `name: message` of an error. */
export function describe(error) {
  if (error === null || typeof error !== "object") return inspect(error);
  return `${error.name}: ${error.message}`;
}

/** A real `Error` with the given `name` and a boolean `retryable` flag. */
export function assertErrorNamed(error, name) {
  if (!(error instanceof Error)) throw new AssertionError(`${inspect(error)} is not an Error`);
  if (error.name !== name) throw new AssertionError(`expected ${name}, got ${describe(error)}`);
  if (typeof error.retryable !== "boolean") {
    throw new AssertionError(`retryable is missing (${inspect(error.retryable)}) on ${describe(error)}`);
  }
}

/** `step.respond(answer)`, called as JavaScript calls it. */
export function respond(step, answer) {
  return step.respond(answer);
}

/** `step` is a signed-in result: no `challengeName`, a non-empty `tokens.idToken`. */
export function assertTokens(step) {
  if (step?.challengeName !== undefined) throw new AssertionError(`expected tokens, got ${step.challengeName}`);
  const idToken = step?.tokens?.idToken;
  if (typeof idToken !== "string" || idToken === "") throw new AssertionError(`no idToken in ${inspect(step?.tokens)}`);
}

// ---------------------------------------------------------------------------------------------
// Clients.

/** `new CognitoClient(config)` (throws what the constructor throws). */
export function newClient(ctx, config) {
  return new ctx.api.CognitoClient(config);
}

/**
 * A `fetch` recording `[X-Amz-Target, JSON.parse(body)]` of every call in `globalThis[name]`
 * (appended to what is there) before delegating to the global `fetch`.
 */
export function recordingFetch(name) {
  return (url, init) => {
    const calls = (globalThis[name] ??= []);
    calls.push([new Headers(init.headers).get("x-amz-target"), JSON.parse(init.body)]);
    return fetch(url, init);
  };
}

/** A client of `pool`'s `appClient` whose `fetch` records like {@link recordingFetch}. */
export function recordingClient(seed, pool, appClient, name) {
  return recordingClientWith(seed.ctx, seed.config(pool, appClient), name);
}

/**
 * A client of `config` (copied; it may hold functions, such as `userContextData`) whose
 * `fetch` records like {@link recordingFetch}.
 */
export function recordingClientWith(ctx, config, name) {
  return new ctx.api.CognitoClient({ ...config, fetch: recordingFetch(name) });
}

/**
 * A client of the config object `config` itself (its `fetch` is set, nothing else is read or
 * copied here: getters and Proxies reach the constructor as they are), recording like
 * {@link recordingFetch}.
 */
export function recordingClientFrom(ctx, config, name) {
  Reflect.set(config, "fetch", recordingFetch(name));
  return new ctx.api.CognitoClient(config);
}

/** A JSON copy of the calls recorded in `globalThis[name]` (`[]` when none). */
export function recorded(name) {
  const calls = globalThis[name];
  return calls === undefined ? [] : JSON.parse(JSON.stringify(calls));
}

// ---------------------------------------------------------------------------------------------
// Tokens.

/** The decoded payload of a JWT. */
export function jwtPayload(token) {
  const parts = String(token).split(".");
  if (parts.length < 2) throw new AssertionError(`a JWT has three parts: ${inspect(token)}`);
  const base64 = parts[1].replace(/=+$/, "").replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
}

/** Signs in with `credentials` and returns the `tokens` object (fails on a challenge). */
export async function signInTokens(client, credentials) {
  const result = await resolved(client.signIn(credentials));
  if (result?.challengeName !== undefined) {
    throw new AssertionError(`expected tokens, got a challenge (${inspect(result.challengeName)})`);
  }
  return result.tokens;
}

/** Whether `text`'s UTF-8 bytes occur anywhere in the module's memory (the package's `memory()`,
 * which is not part of its API). */
export async function inModuleMemory(ctx, text) {
  const core = await import(new URL("api.js", ctx.pkgUrl).href);
  const memory = new Uint8Array(core.memory().buffer);
  const needle = new TextEncoder().encode(text);
  for (let at = memory.indexOf(needle[0]); at !== -1; at = memory.indexOf(needle[0], at + 1)) {
    let match = true;
    for (let i = 1; i < needle.length && match; i++) match = memory[at + i] === needle[i];
    if (match) return true;
  }
  return false;
}
