// The bundler matrix: the built package, packed with `npm pack` and installed from the tarball
// into a fresh project per tool (fixtures.mjs), built or served by the tool, signing in as the
// peer's demo user in headless Chromium, and from Node with `import` and with `require`. Each
// row prints what the tool emitted for the app (JavaScript and wasm, raw and gzip -9).
//   node tests/bundlers/run.mjs <package dir>     (scripts/dev.sh test: dist/pkg)
// Env: PEER_URL (default http://127.0.0.1:9230), CHROMIUM (default /usr/bin/chromium), NODE_FLOOR
// (a second Node binary for the Node rows).
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { readdir, readFile, rename, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/serve.mjs";
import { build, emittedSize, exists, FIXTURES, packageLoadSize, packTarball, prepare, toolVersion, WORK } from "./fixtures.mjs";

const pkgDir = process.argv[2] ?? join(WORK, "..", "pkg");
const peer = process.env.PEER_URL ?? "http://127.0.0.1:9230";
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;

/** The id token's `cognito:username`: the sign-in really reached the peer's demo user. */
function assertSignedInAsDemo(result) {
  assert.equal(result.ok, true, `the sign-in failed: ${result.name}: ${result.message}`);
  const payload = JSON.parse(Buffer.from(result.idToken.split(".")[1], "base64url").toString());
  assert.equal(payload["cognito:username"], "demo");
}

const freePort = () => new Promise((ok, fail) => {
  const probe = createServer().once("error", fail).listen(0, "127.0.0.1", () => {
    const { port } = probe.address();
    probe.close(() => ok(port));
  });
});

/** Starts `bin args…` in `cwd` and waits until its output matches `ready`. */
async function startServer(cwd, bin, args, ready) {
  const child = spawn(join(cwd, "node_modules", ".bin", bin), args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${bin} did not start in 60 s:\n${output}`)), 60_000);
    const read = (chunk) => {
      output += chunk;
      if (ready.test(output.replace(/\x1b\[[0-9;]*m/g, ""))) { clearTimeout(timer); ok(); }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.once("exit", (code) => { clearTimeout(timer); fail(new Error(`${bin} exited (${code}):\n${output}`)); });
  });
  return {
    output: () => output,
    stop: () => new Promise((ok) => {
      if (child.exitCode !== null) return ok();
      child.removeAllListeners("exit");
      child.once("exit", ok);
      child.kill();
    }),
  };
}

let browser;

/**
 * Opens `url` (the peer's URL added as ?peer=), waits for the app's <body data-result>, and
 * checks the sign-in, that nothing was uncaught, and that the page fetched the module once as
 * WebAssembly. Resolves to the page's responses ({ url, status, type }).
 */
async function signInOnPage(url) {
  const page = await browser.newPage();
  const errors = [];
  const responses = [];
  page.on("pageerror", (err) => errors.push(`${err.name}: ${err.message}`));
  page.on("response", (r) => responses.push({ url: r.url(), status: r.status(), type: r.headers()["content-type"] ?? "" }));
  try {
    await page.goto(`${url}${url.includes("?") ? "&" : "?"}peer=${encodeURIComponent(peer)}`);
    await page.waitForSelector("body[data-result]", { state: "attached", timeout: 60_000 }).catch(() => {
      throw new Error(`no result on the page; uncaught: ${errors.join("; ") || "nothing"}`);
    });
    const result = JSON.parse(await page.getAttribute("body", "data-result"));
    assert.deepEqual(errors, [], "the page raised no uncaught error");
    assertSignedInAsDemo(result);
  } finally {
    await page.close();
  }
  const wasm = responses.filter((r) => new URL(r.url).pathname.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `one module fetched: ${JSON.stringify(wasm)}`);
  assert.equal(wasm[0].status, 200);
  assert.match(wasm[0].type, /^application\/wasm/, `the module's content type: ${wasm[0].type}`);
  return responses;
}

/** Opens `url` and resolves to the errors the page raised uncaught (the import failed). */
async function loadFailure(url) {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (err) => errors.push(err));
  try {
    await page.goto(`${url}?peer=${encodeURIComponent(peer)}`);
    for (let i = 0; i < 200 && errors.length === 0; i++) await page.waitForTimeout(100);
    assert.equal(await page.getAttribute("body", "data-result"), null, "the app ran without the module");
  } finally {
    await page.close();
  }
  return errors;
}

async function withStaticServer(dir, fn) {
  const server = await serve(dir, 0);
  try {
    return await fn(`http://127.0.0.1:${server.address().port}`);
  } finally {
    server.close();
  }
}

const pathOf = (url) => new URL(url).pathname;

/** The package's README (as installed in the fixture) shows `text` as code. */
async function assertReadmeShows(name, text, what) {
  const readme = await readFile(join(WORK, name, "node_modules", "cognito-auth-wasm", "README.md"), "utf8");
  assert.ok(readme.includes(`\`${text}\``), `the package's README shows ${what}: ${text}`);
}

/** The fixture's build line (its package.json) is the one the package's README shows. */
async function assertReadmeShowsBuildLine(name) {
  const { scripts } = JSON.parse(await readFile(join(WORK, name, "package.json"), "utf8"));
  await assertReadmeShows(name, scripts.build, `${name}'s build line`);
}

/**
 * Starts Vite in the fixture (`args` before the host and port: [] for the dev server,
 * ["preview"] after a build), signs in on its page and stops it; resolves to the page's responses.
 */
async function signInOnVite(name, args) {
  const port = await freePort();
  const vite = await startServer(join(WORK, name), "vite",
    [...args, "--host", "127.0.0.1", "--port", String(port), "--strictPort"], args[0] === "preview" ? /Local:/ : /ready in/);
  try {
    return await signInOnPage(`http://127.0.0.1:${port}/`);
  } finally {
    await vite.stop();
  }
}

/** An empty Vite config beside vite-worker's own (which has the line for workers); its name. */
async function bareViteConfig() {
  await writeFile(join(WORK, "vite-worker", "vite.bare.config.js"), "export default {};\n");
  return "vite.bare.config.js";
}

/** Runs the fixture's `bin args…` and resolves to its output; rejects with it if the tool fails. */
function runTool(name, bin, args) {
  const dir = join(WORK, name);
  try {
    return execFileSync(join(dir, "node_modules", ".bin", bin), args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    throw new Error(`${bin} ${args.join(" ")} failed:\n${err.stdout}${err.stderr}`.replace(/\x1b\[[0-9;]*m/g, ""));
  }
}

/** The Node binaries of the Node rows: this one, and NODE_FLOOR's when set. */
const NODES = [{ node: process.execPath, version: process.version, flags: [] }];
if (process.env.NODE_FLOOR) {
  const version = execFileSync(process.env.NODE_FLOOR, ["--version"], { encoding: "utf8" }).trim();
  const [major, minor] = version.slice(1).split(".").map(Number);
  NODES.push({ node: process.env.NODE_FLOOR, version, flags: major === 20 && minor < 6 ? ["--experimental-import-meta-resolve"] : [] });
}

const ROWS = [
  ["vite dev server, no configuration", async () => {
    const dir = join(WORK, "vite");
    const configs = (await readdir(dir)).filter((f) => /^vite\.config\./.test(f));
    assert.deepEqual(configs, [], "the Vite project has no config file");
    const responses = await signInOnVite("vite", []);
    // The package ran from Vite's pre-bundle, and the module came from the package's folder.
    assert.ok(await exists(join(dir, "node_modules/.vite/deps/cognito-auth-wasm.js")), "Vite pre-bundled the package");
    assert.ok(responses.some((r) => pathOf(r.url) === "/node_modules/.vite/deps/cognito-auth-wasm.js" && r.status === 200),
      "the page loaded the pre-bundled package");
    const wasm = responses.find((r) => pathOf(r.url).endsWith(".wasm"));
    assert.equal(pathOf(wasm.url), "/node_modules/cognito-auth-wasm/cognito-auth-wasm/cognito_auth_wasm.wasm");
    return { detail: `vite ${await toolVersion("vite")}, pre-bundled into node_modules/.vite/deps/, module from ${pathOf(wasm.url)}` };
  }],
  ["vite build + vite preview", async () => {
    const out = await build("vite");
    await signInOnVite("vite", ["preview"]);
    return { detail: `vite ${await toolVersion("vite")}`, size: await emittedSize(out) };
  }],
  ["vite dev server, a module Worker, no configuration", async () => {
    await signInOnVite("vite-worker", ["--config", await bareViteConfig()]);
    return { detail: `vite ${await toolVersion("vite-worker")} with an empty config, new Worker(new URL("./worker-signin.js", import.meta.url), { type: "module" }) importing the package` };
  }],
  ["vite build + vite preview, a module Worker (its config's one line)", async () => {
    const line = 'worker: { format: "es" }';
    await assertReadmeShows("vite-worker", line, "the Vite line for workers");
    const config = await readFile(join(WORK, "vite-worker", "vite.config.js"), "utf8");
    assert.deepEqual(config.split("\n").filter((l) => l.trim() && !l.trim().startsWith("//")),
      ["export default {", `  ${line},`, "};"], "the fixture's config is that line alone");
    // Without it, Vite's default worker format (IIFE) cannot hold the top-level await: the build
    // fails, saying so.
    const bare = await bareViteConfig();
    assert.throws(() => runTool("vite-worker", "vite", ["build", "--config", bare, "--outDir", "dist-bare"]),
      /Module format "iife" does not support top-level await/);
    const out = await build("vite-worker");
    await signInOnVite("vite-worker", ["preview"]);
    return { detail: `vite ${await toolVersion("vite-worker")}, vite.config.js: ${line}; without it: the build fails on the top-level await`, size: await emittedSize(out) };
  }],
  ["webpack 5", async () => {
    const out = await build("webpack");
    await withStaticServer(out, (base) => signInOnPage(`${base}/`));
    return { detail: `webpack ${await toolVersion("webpack")}, webpack.config.js without a line for the package`, size: await emittedSize(out) };
  }],
  ["webpack 5, a module Worker", async () => {
    const out = await build("webpack-worker");
    await withStaticServer(out, (base) => signInOnPage(`${base}/`));
    return { detail: `webpack ${await toolVersion("webpack-worker")}, new Worker(new URL(…, import.meta.url), { type: "module" }), no line for the package`, size: await emittedSize(out) };
  }],
  ["esbuild (its build line copies the module)", async () => {
    await assertReadmeShowsBuildLine("esbuild");
    const out = await build("esbuild");
    // Without the copied module, the import rejects by name, naming the fix.
    const moved = join(WORK, "esbuild", "wasm-aside");
    await rename(join(out, "cognito-auth-wasm"), moved);
    const errors = await withStaticServer(out, (base) => loadFailure(`${base}/`)).finally(() => rename(moved, join(out, "cognito-auth-wasm")));
    assert.equal(errors.length, 1, errors.join("; "));
    assert.match(`${errors[0].name}: ${errors[0].message}`, /^NetworkError: the module .*cognito_auth_wasm\.wasm could not be fetched: HTTP 404 \(.*README/);
    await withStaticServer(out, (base) => signInOnPage(`${base}/`));
    return { detail: `esbuild ${await toolVersion("esbuild")}, the build line the README shows; without the copy: NetworkError (HTTP 404) naming the fix`, size: await emittedSize(out) };
  }],
  ["rollup 4 (its build line copies the module)", async () => {
    await assertReadmeShowsBuildLine("rollup");
    const out = await build("rollup");
    await withStaticServer(out, (base) => signInOnPage(`${base}/`));
    return { detail: `rollup ${await toolVersion("rollup")} with @rollup/plugin-node-resolve, the build line the README shows`, size: await emittedSize(out) };
  }],
  ["page with <script type=\"module\"> and an import map, no bundler", async () => {
    const dir = join(WORK, "plain");
    await withStaticServer(dir, (base) => signInOnPage(`${base}/index.html`));
    return { detail: "node_modules/cognito-auth-wasm/index.js as served", size: await packageLoadSize(dir), loads: true };
  }],
  ["module Web Worker, no bundler", async () => {
    const dir = join(WORK, "plain");
    await withStaticServer(dir, (base) => signInOnPage(`${base}/worker.html`));
    return { detail: "new Worker(…, { type: \"module\" }) importing index.js", size: await packageLoadSize(dir), loads: true };
  }],
  // Each Node row runs in this Node and, when NODE_FLOOR names one (scripts/dev.sh: the oldest
  // Node the package's engines admit), in that one too.
  ...NODES.flatMap(({ node, version, flags }) => [
    [`Node ${version} with import`, async () => {
      const result = runNode(node, flags, "node.mjs");
      assertSignedInAsDemo(result);
      assert.match(result.entry, /\/node_modules\/cognito-auth-wasm\/node\.js$/);
      return { detail: `resolved to node_modules/cognito-auth-wasm/node.js` };
    }],
    [`Node ${version} with require`, async () => {
      const result = runNode(node, [], "node.cjs");
      assertSignedInAsDemo(result);
      assert.match(result.entry, /\/node_modules\/cognito-auth-wasm\/node\.cjs$/);
      return { detail: `resolved to node_modules/cognito-auth-wasm/node.cjs` };
    }],
  ]),
];

function runNode(node, flags, script) {
  const stdout = execFileSync(node, [...flags, join("src", script), peer], {
    cwd: join(WORK, "plain"), encoding: "utf8", timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split("\n").pop());
}

const sizeText = (s) => s
  ? `JS ${kb(s.js.raw)} (${kb(s.js.gzip)} gzip) + wasm ${kb(s.wasm.raw)} (${kb(s.wasm.gzip)} gzip) = ${kb(s.raw)} (${kb(s.gzip)} gzip)`
  : "";

const tarball = await packTarball(pkgDir);
console.log(`bundler matrix: ${tarball.slice(WORK.length + 1)} against ${peer}`);
for (const name of Object.keys(FIXTURES)) await prepare(name, tarball);
browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let passed = 0;
let failed = 0;
try {
  for (const [name, run] of ROWS) {
    const started = Date.now();
    try {
      const { detail, size, loads } = await run();
      passed++;
      console.log(`ok   ${name} (${Date.now() - started} ms): ${detail}`);
      if (size) console.log(`       ${loads ? "loads the package's" : "emitted"} ${sizeText(size)}`);
    } catch (err) {
      failed++;
      console.log(`FAIL ${name}: ${String(err.stderr || err.message || err).trim()}`);
    }
  }
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
