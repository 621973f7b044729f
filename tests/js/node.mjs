// Runs the JavaScript API tests (tests/js/*.test.mjs) in Node against a built package.
//   node tests/js/node.mjs <pkgdir> [name filter]
// Env: PEER_URL (default http://127.0.0.1:9230), the local Cognito peer (tests/peer).
// Prints one line per test and a summary line; exits 1 on any failure.
import { readdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { formatResult, formatSummary, runAll, testNames } from "./harness.mjs";

const [pkgdir, filter] = process.argv.slice(2);
if (!pkgdir) {
  console.error("usage: node tests/js/node.mjs <pkgdir> [name filter]");
  process.exit(2);
}
const peerUrl = (process.env.PEER_URL ?? "http://127.0.0.1:9230").replace(/\/+$/, "");

const here = dirname(fileURLToPath(import.meta.url));
const api = await import(pathToFileURL(resolve(pkgdir, "node.js")).href);
const testFiles = (await readdir(here)).filter((file) => file.endsWith(".test.mjs")).sort();
for (const file of testFiles) await import(pathToFileURL(join(here, file)).href);

console.log(`node ${process.version}: ${testNames().length} tests in ${testFiles.join(", ")}; peer ${peerUrl}`);
const summary = await runAll(
  { api, peerUrl, platform: "node", pkgUrl: `${pathToFileURL(resolve(pkgdir)).href}/` },
  { filter, onResult: (result) => console.log(formatResult(result)) },
);
console.log(formatSummary(summary));
if (summary.passed + summary.failed === 0) console.log(`no test matches ${JSON.stringify(filter)}`);
process.exitCode = summary.failed > 0 || summary.passed === 0 ? 1 : 0;
// A client's pending timers (an SRP value computed ahead of time, a never-settling fetch) must
// not keep the process alive once the results are in.
setTimeout(() => process.exit(), 100).unref();
