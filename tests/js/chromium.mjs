// Runs the JavaScript API tests (tests/js/*.test.mjs) in headless Chromium against a built package.
//   node tests/js/chromium.mjs <pkgdir> [name filter]
// Env: PEER_URL (default http://127.0.0.1:9230), the local Cognito peer (tests/peer; it allows
// CORS); CHROMIUM (default /usr/bin/chromium).
// Serves <pkgdir> at /pkg/ and tests/js at /js/ on 127.0.0.1, opens /js/page.html, prints one
// line per test, the page's console errors and uncaught errors, and a summary line; exits 1 on
// any failure or when the page does not finish.
import { readdir } from "node:fs/promises";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/serve.mjs";
import { formatResult, formatSummary, TEST_TIMEOUT_MS } from "./harness.mjs";

const [pkgdir, filter] = process.argv.slice(2);
if (!pkgdir) {
  console.error("usage: node tests/js/chromium.mjs <pkgdir> [name filter]");
  process.exit(2);
}
const peerUrl = (process.env.PEER_URL ?? "http://127.0.0.1:9230").replace(/\/+$/, "");
const here = dirname(fileURLToPath(import.meta.url));

/** How long the page may go without finishing a test before the run is given up. */
const STALL_MS = TEST_TIMEOUT_MS + 30_000;

const testFiles = (await readdir(here)).filter((file) => file.endsWith(".test.mjs")).sort();
const server = await serve({ "/pkg/": pkgdir, "/js/": here }, 0);
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

let outcome;
try {
  outcome = await runPage();
} catch (error) {
  console.log(`FAIL the test page: ${error?.stack ?? error}`);
  outcome = { summary: { passed: 0, failed: 0 }, fatal: true };
} finally {
  await browser.close().catch(() => {});
  server.close();
}
console.log(formatSummary(outcome.summary));
const failed = outcome.fatal || outcome.summary.failed > 0 || outcome.summary.passed === 0;
process.exit(failed ? 1 : 0);

async function runPage() {
  const page = await browser.newPage();
  console.log(`chromium ${browser.version()}: ${testFiles.join(", ")}; peer ${peerUrl}`);
  const counts = { passed: 0, failed: 0 };
  let lastProgress = Date.now();
  let settle;
  const finished = new Promise((ok) => {
    settle = ok;
  });

  // Chromium logs every 4xx/5xx and refused request ("Failed to load resource: ..."); the
  // tests cause many on purpose, so those are shown only with the test that fails next.
  let resourceErrors = [];
  page.on("console", (message) => {
    if (message.type() !== "error" && message.type() !== "warning") return;
    const line = `     [page console.${message.type()}] ${message.text()}`;
    if (message.text().startsWith("Failed to load resource")) resourceErrors.push(line);
    else console.log(line);
  });
  page.on("pageerror", (error) => {
    console.log(`     [page error] ${error?.stack ?? error}`);
  });
  page.on("crash", () => settle({ fatal: "the page crashed" }));

  await page.exposeFunction("__testReport", (result) => {
    lastProgress = Date.now();
    counts[result.ok ? "passed" : "failed"]++;
    console.log(formatResult(result));
    if (!result.ok) for (const line of resourceErrors) console.log(line);
    resourceErrors = [];
  });
  await page.exposeFunction("__testDone", (summary) => settle({ summary }));
  await page.exposeFunction("__testFatal", (text) => settle({ fatal: `the page could not run the tests: ${text}` }));

  const query = new URLSearchParams({ peer: peerUrl, tests: testFiles.join(",") });
  if (filter) query.set("filter", filter);
  await page.goto(`${base}/js/page.html?${query}`);

  const watchdog = setInterval(() => {
    if (Date.now() - lastProgress > STALL_MS) {
      settle({ fatal: `the page did not finish (no test finished for ${STALL_MS / 1000} s)` });
    }
  }, 1000);
  const end = await finished.finally(() => clearInterval(watchdog));
  if (end.fatal) {
    for (const line of resourceErrors) console.log(line);
    console.log(`FAIL ${end.fatal}`);
    return { summary: counts, fatal: true };
  }
  if (end.summary.passed !== counts.passed || end.summary.failed !== counts.failed) {
    console.log(`FAIL the page reported ${formatSummary(end.summary)} but ${formatSummary(counts)} results arrived`);
    return { summary: counts, fatal: true };
  }
  if (end.summary.passed + end.summary.failed === 0) console.log(`no test matches ${JSON.stringify(filter)}`);
  return { summary: end.summary };
}
