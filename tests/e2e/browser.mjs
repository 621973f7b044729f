// Browser end-to-end: every flow of the demo (www/, built by Vite) and a module Web Worker, in
// headless Chromium, against the local peer. The test types into the page as a person would; the
// codes the peer "sent" (SMS, email, sign-up, password reset) are read from its /_peer/ routes,
// and TOTP codes are computed from the secret the page shows (or the seed's, for a seeded user).
//   node tests/e2e/browser.mjs [site dir] [package dir]
// The site is the one scripts/dev.sh assembles (the Vite build and the peer's seed.json, default
// dist/www); the Web Worker fixture (tests/e2e/worker.js) is served beside the package (default
// dist/pkg) under /fixture/. Env: CHROMIUM (default /usr/bin/chromium).
import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/serve.mjs";
import { Seed, emailCode, fetchJson, smsCode } from "../js/common.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const site = process.argv[2] ?? "dist/www";
const pkg = process.argv[3] ?? "dist/pkg";
// The demo's own QR library reads the QR code back from the canvas's pixels.
const { decodeQR } = await import(pathToFileURL(join(here, "../../www/node_modules/@paulmillr/qr/esm/decode.js")).href);

let server;
let browser;
let base;
let seed; // the peer's seed as the site has it
let peer; // the same, with the admin calls of tests/js/common.mjs (fresh users)

before(async () => {
  seed = JSON.parse(await readFile(join(site, "seed.json"), "utf8"));
  peer = new Seed({ peerUrl: seed.endpoint }, seed);
  server = await serve({ "/fixture/pkg/": pkg, "/fixture/": here, "/": site }, 0);
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

// ---------------------------------------------------------------------------------------------
// The peer.

/** A code the peer "sent" for an account operation (`signup`, `forgot`) to `username`. */
async function accountCode(purpose, username) {
  const answer = await fetchJson(`${seed.endpoint}/_peer/code/${purpose}/${encodeURIComponent(username)}`);
  assert.equal(typeof answer.code, "string", JSON.stringify(answer));
  return answer.code;
}

const freshName = (prefix) => `${prefix}-${randomBytes(6).toString("hex")}`;

/** The current RFC 6238 code of a base32 secret (HMAC-SHA-1, 6 digits, 30 s steps). */
function totpCode(secret) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secret.replace(/=+$/, "")) {
    const digit = alphabet.indexOf(c);
    assert.ok(digit >= 0, `${c} is not a base32 digit`);
    bits += digit.toString(2).padStart(5, "0");
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000)));
  const h = createHmac("sha1", key).update(counter).digest();
  const o = h[19] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, "0");
}

const otherCode = (code) => (code === "000000" ? "111111" : "000000");

// ---------------------------------------------------------------------------------------------
// The page.

/**
 * A new browser context (its own localStorage, unless `context` is given) on the demo, with
 * `pool` and `client` chosen in the address, once the page has loaded the session (or none).
 */
async function openDemo(pool = "main", client = "public", context = undefined) {
  context ??= await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (err) => errors.push(err));
  await page.goto(`${base}/index.html?pool=${pool}&client=${client}`);
  await page.waitForSelector("#submit:not([disabled])");
  await loaded(page);
  assert.equal(await page.inputValue("#pool"), pool);
  assert.equal(await page.inputValue("#app-client"), client);
  return { context, page, errors };
}

/** Waits until the page has loaded the session (or none); resolves to `#result` then. */
async function loaded(page) {
  await page.waitForSelector('#result[data-action="load"]:not([data-state="busy"])');
  return outcome(page);
}

function outcome(page) {
  return page.evaluate(() => {
    const result = document.getElementById("result");
    const { state, action, challenge } = result.dataset;
    return { state, action, challenge, text: result.textContent };
  });
}

/** Closes the demo's context; the page must have raised no uncaught error. */
async function close({ context, errors }) {
  await context.close();
  assert.deepEqual(errors, [], "the page raised no uncaught error");
}

/**
 * Clicks `selector` (or runs `action`) and waits until the action it started has ended; resolves
 * to `#result`'s state, action, challenge and text then.
 */
async function perform(page, selectorOrAction) {
  const before = Number(await page.getAttribute("#result", "data-seq"));
  if (typeof selectorOrAction === "string") await page.click(selectorOrAction);
  else await selectorOrAction();
  await page.waitForFunction((seq) => {
    const result = document.getElementById("result");
    return Number(result.dataset.seq) > seq && result.dataset.state !== "busy";
  }, before);
  return outcome(page);
}

/** Fills the sign-in form and submits it. */
async function signIn(page, { username, password, flow = "USER_SRP_AUTH" }) {
  await page.selectOption("#flow", flow);
  await page.fill("#username", username);
  if (password !== undefined) await page.fill("#password", password);
  return perform(page, "#submit");
}

/** Types `value` into the challenge's `#answer` field and submits it. */
async function answer(page, value) {
  await page.fill("#answer", value);
  return perform(page, "#answer-submit");
}

function assertSignedIn(outcome, name) {
  assert.equal(outcome.state, "signed-in", outcome.text);
  assert.equal(outcome.text, `Signed in as ${name}.`);
}

function assertChallenge(outcome, name) {
  assert.equal(outcome.state, "challenge", outcome.text);
  assert.equal(outcome.challenge, name, outcome.text);
}

/** The session panel's facts as { name: value }. */
async function sessionFacts(page) {
  return page.evaluate(() => {
    const facts = {};
    for (const dt of document.querySelectorAll("#session-facts dt")) facts[dt.textContent] = dt.nextElementSibling.textContent;
    return facts;
  });
}

async function events(page) {
  return page.$$eval("#events li", (items) => items.map((item) => item.dataset.event));
}

const sessionKey = (pool, client) =>
  `cognito-auth-wasm.${seed.pools[pool].userPoolId}.${seed.pools[pool].clients[client].clientId}.session`;

const credentials = (pool, user) => peer.credentials(pool, user);

// ---------------------------------------------------------------------------------------------
// Sign-in flows and challenges.

test("hidden forms stay hidden: the stylesheet's display rules do not outweigh [hidden]", { timeout: 60_000 }, async () => {
  const demo = await openDemo();
  const { page } = demo;
  for (const selector of ["#challenge", "#session", "#confirm-sign-up", "#confirm-forgot", "#view-sign-up"]) {
    assert.equal(await page.getAttribute(selector, "hidden"), "", `${selector} has the hidden attribute`);
    assert.equal(await page.isVisible(selector), false, `${selector} shows although hidden`);
  }
  // The same elements' own display rule, once shown.
  assert.equal(await page.$eval("#sign-in", (form) => getComputedStyle(form).display), "grid");
  await close(demo);
});

test("SRP sign-in shows the user and the token expiry; refresh, reload and sign-out", { timeout: 60_000 }, async () => {
  const demo = await openDemo("main", "public");
  const { page } = demo;
  const clientId = seed.pools.main.clients.public.clientId;

  assertSignedIn(await signIn(page, credentials("main", "demo")), "Demo User");
  assert.equal(await page.isVisible("#session"), true);
  assert.equal(await page.isVisible("#sign-in"), false, "the sign-in form hides behind the session");
  let facts = await sessionFacts(page);
  assert.equal(facts.username, "demo");
  assert.equal(facts["signed in as"], "Demo User");
  assert.match(facts["tokens expire"], /\(in \d+ s\)$/);
  const [, seconds] = facts["tokens expire"].match(/\(in (\d+) s\)$/);
  assert.ok(Number(seconds) > 60, `the tokens expire in ${seconds} s`);
  assert.ok((await events(page)).includes("signedIn"));
  assert.ok(await page.evaluate((key) => localStorage.getItem(key) !== null, sessionKey("main", "public")), "stored in localStorage");

  // Refresh: one GetTokensFromRefreshToken at the peer, and the tokenRefresh event in the log.
  const refreshes = async () => (await fetchJson(`${seed.endpoint}/_peer/stats`))[`refresh:${clientId}`] ?? 0;
  const before = await refreshes();
  const refreshed = await perform(page, "#refresh");
  assert.equal(refreshed.state, "ok", refreshed.text);
  assert.match(refreshed.text, /^Tokens refreshed; they expire at /);
  assert.equal(await refreshes(), before + 1, "one refresh request reached the peer");
  await page.waitForSelector('#events li[data-event="tokenRefresh"]');

  // A reload resumes the session from localStorage without signing in.
  await page.reload();
  assertSignedIn(await loaded(page), "Demo User");
  facts = await sessionFacts(page);
  assert.equal(facts.username, "demo");
  assert.equal(await page.inputValue("#pool"), "main", "the pool chosen is kept in the address");

  // Sign-out: the session panel goes, the sign-in form comes back, and a reload stays signed out.
  const out = await perform(page, "#sign-out");
  assert.equal(out.state, "signed-out", out.text);
  await page.waitForSelector('#events li[data-event="signedOut"]');
  assert.equal(await page.isVisible("#session"), false);
  assert.equal(await page.isVisible("#sign-in"), true);
  assert.equal(await page.evaluate((key) => localStorage.getItem(key), sessionKey("main", "public")), null);
  await page.reload();
  assert.equal((await loaded(page)).state, "signed-out");
  assert.equal(await page.isVisible("#session"), false);
  await close(demo);
});

test("USER_PASSWORD_AUTH signs in; a wrong password shows NotAuthorizedException", { timeout: 60_000 }, async () => {
  const demo = await openDemo("main", "secret");
  const { page } = demo;
  const user = credentials("main", "demo");
  const wrong = await signIn(page, { ...user, password: `${user.password}-wrong`, flow: "USER_PASSWORD_AUTH" });
  assert.equal(wrong.state, "error");
  assert.match(wrong.text, /^NotAuthorizedException: /);
  assert.equal(await page.isVisible("#session"), false);
  assertSignedIn(await signIn(page, { ...user, flow: "USER_PASSWORD_AUTH" }), "Demo User");
  await close(demo);
});

test("SMS_MFA: a wrong code keeps the challenge, the right one signs in", { timeout: 60_000 }, async () => {
  const demo = await openDemo("main", "public");
  const { page } = demo;
  assert.equal(await page.isVisible("#challenge"), false, "the challenge form shows before any challenge");
  const outcome = await signIn(page, credentials("main", "sms"));
  assertChallenge(outcome, "SMS_MFA");
  assert.match(outcome.text, /\(sent to \+\*+0100\)/);
  assert.equal(await page.isVisible("#challenge"), true);
  const code = await smsCode(peer.ctx, seed.pools.main.users.sms.username);
  const wrong = await answer(page, otherCode(code));
  assert.equal(wrong.state, "error");
  assert.match(wrong.text, /^CodeMismatchException: /);
  assert.equal(await page.isVisible("#challenge"), true, "the same challenge may try another code");
  assertSignedIn(await answer(page, code), "sms@example.com");
  assert.equal((await sessionFacts(page)).username, "sms-mfa-user");
  assert.equal(await page.isVisible("#challenge"), false);
  await close(demo);
});

test("EMAIL_OTP, after choosing the pool in the page", { timeout: 60_000 }, async () => {
  const demo = await openDemo("main", "public");
  const { page } = demo;
  const chosen = await perform(page, () => page.selectOption("#pool", "emailmfa"));
  assert.equal(chosen.action, "load");
  assert.equal(chosen.state, "signed-out", chosen.text);
  assert.match(page.url(), /[?&]pool=emailmfa(&|$)/);
  const outcome = await signIn(page, credentials("emailmfa", "email"));
  assertChallenge(outcome, "EMAIL_OTP");
  assert.match(outcome.text, /\(sent to d\*\*\*@e\*\*\*\)/);
  const code = await emailCode(peer.ctx, seed.pools.emailmfa.users.email.username);
  assertSignedIn(await answer(page, code), "dana@example.com");
  await close(demo);
});

test("SOFTWARE_TOKEN_MFA with the authenticator's code", { timeout: 60_000 }, async () => {
  const demo = await openDemo("totp", "public");
  const { page } = demo;
  assertChallenge(await signIn(page, credentials("totp", "totp")), "SOFTWARE_TOKEN_MFA");
  assertSignedIn(await answer(page, totpCode(seed.pools.totp.users.totp.totpSecret)), "totp@example.com");
  await close(demo);
});

test("SELECT_MFA_TYPE offers the user's factors and leads to the chosen one", { timeout: 60_000 }, async () => {
  const demo = await openDemo("totp", "secret");
  const { page } = demo;
  assertChallenge(await signIn(page, credentials("totp", "both")), "SELECT_MFA_TYPE");
  const offered = await page.$$eval("#challenge input[name=mfaType]", (radios) => radios.map((radio) => radio.value));
  assert.deepEqual(offered, ["SMS_MFA", "SOFTWARE_TOKEN_MFA"]);
  await page.check("#mfa-type-SOFTWARE_TOKEN_MFA");
  assertChallenge(await perform(page, "#answer-submit"), "SOFTWARE_TOKEN_MFA");
  assertSignedIn(await answer(page, totpCode(seed.pools.totp.users.both.totpSecret)), "both@example.com");
  await close(demo);
});

test("NEW_PASSWORD_REQUIRED: the new password signs in, then signs in again", { timeout: 60_000 }, async () => {
  const user = await peer.newPasswordUser("main");
  const demo = await openDemo("main", "public");
  const { page } = demo;
  assertChallenge(await signIn(page, user), "NEW_PASSWORD_REQUIRED");
  assert.equal(await page.getAttribute("#answer", "type"), "password");
  const weak = await answer(page, "short");
  assert.equal(weak.state, "error");
  assert.match(weak.text, /^InvalidPasswordException: /);
  assert.equal(await page.isVisible("#sign-in"), true, "a refused answer spends the challenge: sign in again");
  assertChallenge(await signIn(page, user), "NEW_PASSWORD_REQUIRED");
  assertSignedIn(await answer(page, "New-Passw0rd!"), `${user.username}@example.com`);
  assert.equal((await perform(page, "#sign-out")).state, "signed-out");
  assertSignedIn(await signIn(page, { ...user, password: "New-Passw0rd!" }), `${user.username}@example.com`);
  await close(demo);
});

test("CUSTOM_CHALLENGE without SRP (two questions) and after SRP (a wrong answer asks again)", { timeout: 60_000 }, async () => {
  const demo = await openDemo("custom", "public");
  const { page } = demo;
  const quiz = seed.pools.custom.users.quiz;
  let outcome = await signIn(page, { username: quiz.signInAs, flow: "CUSTOM_WITHOUT_SRP" });
  assert.equal(await page.isVisible("#password"), false, "no password for CUSTOM_WITHOUT_SRP");
  assertChallenge(outcome, "CUSTOM_CHALLENGE");
  assert.match(await page.textContent("#challenge-fields"), /question2\+2\?/);
  assertChallenge(await answer(page, "4"), "CUSTOM_CHALLENGE");
  const fields = await page.textContent("#challenge-fields");
  assert.match(fields, /questionCapital of France\?/);
  assert.match(fields, /hintP\.\.\.\.\./);
  assertSignedIn(await answer(page, "Paris"), "quiz@example.com");
  assert.equal((await perform(page, "#sign-out")).state, "signed-out");

  outcome = await signIn(page, { ...credentials("custom", "once"), flow: "CUSTOM_WITH_SRP" });
  assertChallenge(outcome, "CUSTOM_CHALLENGE");
  assert.match(await page.textContent("#challenge-fields"), /questionMagic word\?/);
  assertChallenge(await answer(page, "no"), "CUSTOM_CHALLENGE");
  assertSignedIn(await answer(page, "please"), "once@example.com");
  await close(demo);
});

test("MFA_SETUP with TOTP: the otpauth URI as a QR code, then the app's code signs in", { timeout: 60_000 }, async () => {
  const user = await peer.confirmedUser("mfaon");
  const demo = await openDemo("mfaon", "public");
  const { page } = demo;
  assertChallenge(await signIn(page, user), "MFA_SETUP");
  assert.equal(await page.isVisible("#answer-submit"), false, "nothing to send before a factor is set up");
  assertChallenge(await perform(page, "#setup-totp"), "MFA_SETUP");

  const secret = await page.textContent("#totp-secret");
  assert.match(secret, /^[A-Z2-7]{16,}=*$/);
  const uri = await page.textContent("#totp-uri");
  assert.equal(uri, `otpauth://totp/cognito-auth-wasm%20demo:${user.username}?secret=${secret}&issuer=cognito-auth-wasm%20demo`);
  assert.match(uri, /^otpauth:\/\/totp\/[^?]+\?secret=[A-Z2-7]+/);
  // The canvas is drawn, and it holds that URI.
  assert.equal(await page.isVisible("#totp-qr"), true);
  const image = await page.$eval("#totp-qr", (canvas) => {
    const { width, height } = canvas;
    return { width, height, data: Array.from(canvas.getContext("2d").getImageData(0, 0, width, height).data) };
  });
  assert.ok(image.width >= 100, `a QR code of ${image.width} px`);
  assert.equal(decodeQR(image), uri, "the QR code reads as the URI shown");

  const wrong = await answer(page, otherCode(totpCode(secret)));
  assert.equal(wrong.state, "error");
  assert.match(wrong.text, /^EnableSoftwareTokenMFAException: /);
  assertSignedIn(await answer(page, totpCode(secret)), `${user.username}@example.com`);

  assert.equal((await perform(page, "#sign-out")).state, "signed-out");
  assertChallenge(await signIn(page, user), "SOFTWARE_TOKEN_MFA");
  await close(demo);
});

test("MFA_SETUP by email: the address gets the EMAIL_OTP code", { timeout: 60_000 }, async () => {
  const user = await peer.confirmedUser("emailon");
  const demo = await openDemo("emailon", "public");
  const { page } = demo;
  assertChallenge(await signIn(page, user), "MFA_SETUP");
  await page.fill("#setup-email-address", "new@example.org");
  const otp = await perform(page, "#setup-email");
  assertChallenge(otp, "EMAIL_OTP");
  assert.match(otp.text, /\(sent to n\*\*\*@e\*\*\*\)/);
  assertSignedIn(await answer(page, await emailCode(peer.ctx, user.username)), "new@example.org");
  await close(demo);
});

test("a remembered device skips SMS_MFA on the next sign-in; listed, then forgotten", { timeout: 60_000 }, async () => {
  const demo = await openDemo("devices", "public");
  const { page } = demo;
  const user = credentials("devices", "sms");
  const username = seed.pools.devices.users.sms.username;
  assertChallenge(await signIn(page, user), "SMS_MFA");
  assertSignedIn(await answer(page, await smsCode(peer.ctx, username)), "devsms@example.com");
  assert.equal(await page.isVisible("#device"), true);
  assert.match(await page.textContent("#device-status"), /^not yet/);

  assert.equal((await perform(page, "#remember-device")).state, "ok");
  assert.match(await page.textContent("#device-status"), /^yes/);
  const listed = await perform(page, "#list-devices");
  assert.equal(listed.state, "ok", listed.text);
  assert.equal(await page.getAttribute("#devices li[data-current]", "data-status"), "remembered");

  // Signed in still, the same user signs in again: the remembered device answers, no SMS_MFA.
  await page.click("#switch-user");
  assert.equal(await page.isVisible("#sign-in"), true);
  assertSignedIn(await signIn(page, user), "devsms@example.com");
  assert.match(await page.textContent("#device-status"), /^confirmed/);

  assert.equal((await perform(page, "#forget-device")).state, "ok");
  assert.equal(await page.isVisible("#device"), false);
  await page.click("#switch-user");
  assertChallenge(await signIn(page, user), "SMS_MFA");
  await close(demo);
});

// ---------------------------------------------------------------------------------------------
// Sign-up, password recovery, global sign-out.

test("sign-up, a resent code confirms it, sign-in; forgot password, and the new one signs in", { timeout: 90_000 }, async () => {
  const demo = await openDemo("session", "public");
  const { page } = demo;
  const username = freshName("e2e-signup");
  await page.click('nav a[data-view="sign-up"]');
  assert.equal(await page.isVisible("#sign-up"), true);
  assert.equal(await page.isVisible("#sign-in"), false);
  await page.fill("#signup-username", username);
  await page.fill("#signup-email", `${username}@example.com`);
  await page.fill("#signup-password", "Signup-Passw0rd!");
  const created = await perform(page, "#signup-submit");
  assert.equal(created.state, "ok", created.text);
  assert.equal(await page.isVisible("#confirm-sign-up"), true);
  assert.match(await page.textContent("#signup-delivery"), /by email to \w\*\*\*@e\*\*\*/);

  const first = await accountCode("signup", username);
  assert.equal((await perform(page, "#resend-code")).state, "ok");
  const second = await accountCode("signup", username);
  assert.notEqual(second, first, "a new code");
  await page.fill("#signup-code", first);
  const stale = await perform(page, "#confirm-submit");
  assert.equal(stale.state, "error");
  assert.match(stale.text, /^CodeMismatchException: /);
  await page.fill("#signup-code", second);
  const confirmed = await perform(page, "#confirm-submit");
  assert.equal(confirmed.state, "ok", confirmed.text);
  assert.equal(await page.isVisible("#sign-in"), true, "back to the sign-in form");
  assert.equal(await page.inputValue("#username"), username);
  await page.fill("#password", "Signup-Passw0rd!");
  assertSignedIn(await perform(page, "#submit"), `${username}@example.com`);
  assert.equal((await perform(page, "#sign-out")).state, "signed-out");

  await page.click('nav a[data-view="forgot-password"]');
  await page.fill("#forgot-username", username);
  const sent = await perform(page, "#forgot-submit");
  assert.equal(sent.state, "ok", sent.text);
  await page.fill("#forgot-code", await accountCode("forgot", username));
  await page.fill("#forgot-new-password", "Reset-Passw0rd!");
  const reset = await perform(page, "#confirm-forgot-submit");
  assert.equal(reset.state, "ok", reset.text);
  assert.equal(await page.inputValue("#username"), username);
  const old = await signIn(page, { username, password: "Signup-Passw0rd!" });
  assert.equal(old.state, "error");
  assert.match(old.text, /^NotAuthorizedException: /);
  assertSignedIn(await signIn(page, { username, password: "Reset-Passw0rd!" }), `${username}@example.com`);
  await close(demo);
});

test("sign-out everywhere ends the user's session in another browser", { timeout: 60_000 }, async () => {
  const user = await peer.confirmedUser("session");
  const here = await openDemo("session", "public");
  const there = await openDemo("session", "public");
  assertSignedIn(await signIn(here.page, user), `${user.username}@example.com`);
  assertSignedIn(await signIn(there.page, user), `${user.username}@example.com`);

  const out = await perform(here.page, "#sign-out-global");
  assert.equal(out.state, "signed-out", out.text);
  const refused = await perform(there.page, "#refresh");
  assert.equal(refused.state, "error");
  assert.match(refused.text, /^NotAuthorizedException: /);
  await there.page.waitForSelector('#events li[data-event="signedOut"]');
  await there.page.waitForSelector("#session", { state: "hidden" });
  await close(here);
  await close(there);
});

// ---------------------------------------------------------------------------------------------
// A module Web Worker.

test("the package signs in from a module Web Worker", { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  await page.goto(`${base}/index.html`);
  const reply = await page.evaluate(async (pool) => {
    const worker = new Worker("/fixture/worker.js", { type: "module" });
    const answer = new Promise((ok) => {
      worker.onmessage = ({ data }) => ok(data);
      worker.onerror = (event) => ok({ ok: false, name: "WorkerError", message: event.message });
    });
    worker.postMessage(pool);
    return answer;
  }, {
    config: { userPoolId: seed.pools.main.userPoolId, clientId: seed.pools.main.clients.public.clientId, endpoint: seed.endpoint },
    credentials: credentials("main", "demo"),
  });
  await page.close();
  assert.equal(reply.ok, true, JSON.stringify(reply));
  const payload = JSON.parse(Buffer.from(reply.idToken.split(".")[1], "base64url").toString());
  assert.equal(payload["cognito:username"], "demo");
});
