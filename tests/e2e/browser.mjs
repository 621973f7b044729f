// Browser end-to-end: the www demo and a Web Worker, in headless Chromium, against the peer.
//   node tests/e2e/browser.mjs <site dir>   (the site scripts/dev.sh assembles: www + pkg + seed.json)
// Env: CHROMIUM (default /usr/bin/chromium).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/serve.mjs";

const site = process.argv[2] ?? "dist/www";
let server;
let browser;
let base;

before(async () => {
  server = await serve(site, 0);
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

async function signInOnDemoPage(password) {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (err) => errors.push(err));
  await page.goto(`${base}/index.html`);
  await page.waitForSelector("#submit:not([disabled])");
  const seed = await page.evaluate(() => fetch("seed.json").then((r) => r.json()));
  await page.fill("#password", password(seed.pools.main.users.demo));
  await page.click("#submit");
  await page.waitForSelector("#result[data-state]");
  const state = await page.getAttribute("#result", "data-state");
  const text = await page.textContent("#result");
  await page.close();
  assert.deepEqual(errors, [], "the page raised no uncaught error");
  return { state, text };
}

test("the demo page signs in with SRP and shows the user's name and token expiry", { timeout: 60_000 }, async () => {
  const { state, text } = await signInOnDemoPage((demo) => demo.password);
  assert.equal(state, "signed-in", text);
  assert.match(text, /Signed in as Demo User\./);
  assert.match(text, /expires.*\(in \d+ s\)/);
});

test("the demo page shows Cognito's message for a wrong password", { timeout: 60_000 }, async () => {
  const { state, text } = await signInOnDemoPage((demo) => `${demo.password}-wrong`);
  assert.equal(state, "error");
  assert.match(text, /^NotAuthorizedException: /);
});

test("the demo page answers an SMS_MFA challenge with the code the user types", { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  await page.goto(`${base}/index.html`);
  await page.waitForSelector("#submit:not([disabled])");
  // The challenge form is hidden until a challenge comes (the stylesheet must not show it).
  assert.equal(await page.isVisible("#challenge"), false, "the challenge form shows before any challenge");
  const seed = await page.evaluate(() => fetch("seed.json").then((r) => r.json()));
  const user = seed.pools.main.users.sms;
  await page.fill("#username", user.signInAs);
  await page.fill("#password", user.password);
  await page.click("#submit");
  await page.waitForSelector('#result[data-challenge="SMS_MFA"]');
  assert.equal(await page.isVisible("#challenge"), true);
  const sms = await page.evaluate(
    (url) => fetch(url).then((r) => r.json()),
    `${seed.endpoint}/_peer/sms/${encodeURIComponent(user.username)}`,
  );
  await page.fill("#answer", sms.code);
  await page.click("#answer-submit");
  await page.waitForSelector('#result[data-state="signed-in"]');
  const text = await page.textContent("#result");
  await page.close();
  assert.match(text, new RegExp(`username${user.username}`));
});

test("the package signs in from a module Web Worker", { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  await page.goto(`${base}/index.html`);
  const reply = await page.evaluate(async () => {
    const seed = await fetch("seed.json").then((r) => r.json());
    const pool = seed.pools.main;
    const worker = new Worker("worker.js", { type: "module" });
    const answer = new Promise((ok) => {
      worker.onmessage = ({ data }) => ok(data);
      worker.onerror = (event) => ok({ ok: false, name: "WorkerError", message: event.message });
    });
    worker.postMessage({
      config: { userPoolId: pool.userPoolId, clientId: pool.clients.public.clientId, endpoint: seed.endpoint },
      credentials: { username: pool.users.demo.signInAs, password: pool.users.demo.password },
    });
    return answer;
  });
  await page.close();
  assert.equal(reply.ok, true, JSON.stringify(reply));
  const payload = JSON.parse(Buffer.from(reply.idToken.split(".")[1], "base64url").toString());
  assert.equal(payload["cognito:username"], "demo");
});
