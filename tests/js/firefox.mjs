// Runs the JavaScript API tests (tests/js/*.test.mjs) in headless Firefox against a built package.
//   node tests/js/firefox.mjs <pkgdir> [name filter]
// Env: PEER_URL (default http://127.0.0.1:9230), the local Cognito peer (tests/peer; it allows
// CORS); GECKODRIVER (default ~/.cargo/bin/geckodriver); FIREFOX (default /usr/bin/firefox-esr).
// The same page and output as tests/js/chromium.mjs, driven through geckodriver and WebDriver
// BiDi (firefox-driver.mjs): one line per test, the page's console errors and warnings and its
// uncaught errors, and a summary line; exits 1 on any failure or when the page does not finish.
import { readdir } from "node:fs/promises";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../../scripts/serve.mjs";
import { launchFirefox, NO_SIMD_AVX } from "./firefox-driver.mjs";
import { formatResult, formatSummary, TEST_TIMEOUT_MS } from "./harness.mjs";

const [pkgdir, filter] = process.argv.slice(2);
if (!pkgdir) {
  console.error("usage: node tests/js/firefox.mjs <pkgdir> [name filter]");
  process.exit(2);
}
const peerUrl = (process.env.PEER_URL ?? "http://127.0.0.1:9230").replace(/\/+$/, "");
const here = dirname(fileURLToPath(import.meta.url));

/** How long the page may go without finishing a test before the run is given up. */
const STALL_MS = TEST_TIMEOUT_MS + 30_000;

const testFiles = (await readdir(here)).filter((file) => file.endsWith(".test.mjs")).sort();
const server = await serve({ "/pkg/": pkgdir, "/js/": here }, 0);
const base = `http://127.0.0.1:${server.address().port}`;

let firefox;
let outcome;
try {
  // The suite passes with Firefox's default preferences too, in 7 minutes instead of 15 s on the
  // CI machines (firefox-driver.mjs, NO_SIMD_AVX).
  firefox = await launchFirefox({ prefs: NO_SIMD_AVX });
  outcome = await runPage();
} catch (error) {
  console.log(`FAIL the test page: ${error?.stack ?? error}`);
  outcome = { summary: { passed: 0, failed: 0 }, fatal: true };
} finally {
  await firefox?.close();
  server.close();
}
console.log(formatSummary(outcome.summary));
const failed = outcome.fatal || outcome.summary.failed > 0 || outcome.summary.passed === 0;
process.exit(failed ? 1 : 0);

async function runPage() {
  const tab = await firefox.newTab();
  console.log(`firefox ${firefox.version}: ${testFiles.join(", ")}; peer ${peerUrl}`);
  const counts = { passed: 0, failed: 0 };
  let lastProgress = Date.now();
  let settle;
  const finished = new Promise((ok) => {
    settle = ok;
  });
  firefox.ended.then((how) => settle({ fatal: `the browser went away: ${how}` }));

  // Firefox reports every refused cross-origin request as a page error ("Cross-Origin Request
  // Blocked: ..."); the tests cause them on purpose, so those are shown only with the test that
  // fails next.
  let networkErrors = [];
  await firefox.on("log.entryAdded", (entry) => {
    if (entry.source?.context !== tab) return;
    if (entry.type === "javascript" && entry.text?.startsWith("Cross-Origin Request Blocked")) {
      networkErrors.push(`     [page error] ${entry.text}`);
    } else if (entry.type === "javascript") {
      const stack = (entry.stackTrace?.callFrames ?? [])
        .map((f) => `\n         at ${f.functionName || "<anonymous>"} (${f.url}:${f.lineNumber + 1}:${f.columnNumber + 1})`);
      console.log(`     [page error] ${entry.text}${stack.join("")}`);
    } else if (entry.level === "error" || entry.level === "warn") {
      console.log(`     [page console.${entry.level === "warn" ? "warning" : "error"}] ${entry.text}`);
    }
  });

  await firefox.expose(tab, "__testReport", (result) => {
    lastProgress = Date.now();
    counts[result.ok ? "passed" : "failed"]++;
    console.log(formatResult(result));
    if (!result.ok) for (const line of networkErrors) console.log(line);
    networkErrors = [];
  });
  await firefox.expose(tab, "__testDone", (summary) => settle({ summary }));
  await firefox.expose(tab, "__testFatal", (text) => settle({ fatal: `the page could not run the tests: ${text}` }));

  const query = new URLSearchParams({ peer: peerUrl, tests: testFiles.join(","), platform: "firefox" });
  if (filter) query.set("filter", filter);
  const watchdog = setInterval(() => {
    if (Date.now() - lastProgress > STALL_MS) {
      settle({ fatal: `the page did not finish (no test finished for ${STALL_MS / 1000} s)` });
    }
  }, 1000);
  // The load event comes once the page's module script has run, which is the whole suite: the
  // navigation is waited for alongside the results, not before them.
  const navigated = firefox.navigate(tab, `${base}/js/page.html?${query}`)
    .catch((error) => settle({ fatal: `could not load the page: ${error.message}` }));
  const end = await finished.finally(() => clearInterval(watchdog));
  await Promise.race([navigated, new Promise((ok) => setTimeout(ok, 1000))]);
  if (end.fatal) {
    for (const line of networkErrors) console.log(line);
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
