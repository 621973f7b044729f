// One fresh Node process: import the package (wasm compile + instantiate), then one login's client
// SRP work, as a one-off sign-in pays it. Prints JSON for run.mjs, which checks the answer.
//   node tests/bench/first-login.mjs <pkg dir>   (the login input as JSON on stdin)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const input = JSON.parse(readFileSync(0, "utf8"));
const t0 = performance.now();
const { SrpHelper } = await import(pathToFileURL(join(process.argv[2], "node.js")).href);
const t1 = performance.now();
const helper = new SrpHelper();
const responses = helper.passwordVerifier(input);
const t2 = performance.now();
process.stdout.write(JSON.stringify({ importMs: t1 - t0, firstMs: t2 - t1, srpA: helper.srpA, responses }));
