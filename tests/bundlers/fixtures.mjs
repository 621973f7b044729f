// The bundler fixtures (tests/bundlers/<tool>/: package.json, package-lock.json, the tool's own
// config when it needs one) made into projects under dist/bundlers/<tool>/ that install the
// package from its npm tarball, and what each tool emits. Used by run.mjs (the matrix of the
// test command) and tests/bench (the emitted sizes).
import { execFileSync } from "node:child_process";
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(HERE, "../..");
export const WORK = join(ROOT, "dist", "bundlers");

/**
 * The tools: each fixture folder, the version of its tool (from its lockfile), for the ones
 * that build, the folder they emit and the page that loads it, and for the Worker ones the
 * fixture whose package.json and lockfile they share (`base`).
 */
export const FIXTURES = {
  vite: { tool: "vite", out: "dist" },
  "vite-worker": { tool: "vite", out: "dist", base: "vite" },
  webpack: { tool: "webpack", out: "dist", page: true },
  "webpack-worker": { tool: "webpack", out: "dist", page: true, base: "webpack" },
  esbuild: { tool: "esbuild", out: "dist", page: true },
  rollup: { tool: "rollup", out: "dist", page: true },
  plain: { tool: null },
};

const npm = (cwd, args) => execFileSync("npm", args, { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });

/** `npm pack` of the built package into dist/bundlers/; resolves to the tarball's path. */
export async function packTarball(pkgDir) {
  await mkdir(WORK, { recursive: true });
  for (const name of await readdir(WORK)) {
    if (name.endsWith(".tgz")) await rm(join(WORK, name));
  }
  const name = npm(resolve(pkgDir), ["pack", "--silent", "--pack-destination", WORK]).trim().split("\n").pop();
  return join(WORK, name);
}

/**
 * dist/bundlers/<name>/: the fixture's files and tests/bundlers/app/ as src/, its dependencies
 * from its lockfile (`npm ci`, again only when the lockfile changed; the npm cache first), then
 * the package from the tarball (`npm install --no-save`), and nothing left of an earlier run's
 * output. Resolves to the project's folder.
 */
export async function prepare(name, tarball) {
  const dir = join(WORK, name);
  await mkdir(dir, { recursive: true });
  // A fixture with a base (the Worker ones) is its base's project with its own files on top.
  for (const source of [FIXTURES[name].base, name].filter(Boolean)) {
    const fixture = join(HERE, source);
    for (const entry of await readdir(fixture)) {
      if (entry !== "node_modules") await cp(join(fixture, entry), join(dir, entry), { recursive: true });
    }
  }
  await rm(join(dir, "src"), { recursive: true, force: true });
  await cp(join(HERE, "app"), join(dir, "src"), { recursive: true });
  const lock = await readFile(join(dir, "package-lock.json"), "utf8");
  const stamp = join(dir, "node_modules", ".installed-lock");
  if ((await readFile(stamp, "utf8").catch(() => null)) !== lock) {
    npm(dir, ["ci", "--prefer-offline", "--no-audit", "--no-fund"]);
    await mkdir(dirname(stamp), { recursive: true });
    await writeFile(stamp, lock);
  }
  npm(dir, ["install", "--no-save", "--prefer-offline", "--no-audit", "--no-fund", tarball]);
  for (const stale of [FIXTURES[name].out, "dist-bare", "node_modules/.vite"]) {
    if (stale) await rm(join(dir, stale), { recursive: true, force: true });
  }
  return dir;
}

/** The version of the fixture's tool that `npm ci` installed. */
export async function toolVersion(name) {
  const { tool } = FIXTURES[name];
  if (!tool) return null;
  const pkg = JSON.parse(await readFile(join(WORK, name, "node_modules", tool, "package.json"), "utf8"));
  return pkg.version;
}

/**
 * `npm run build` in the project: the fixture's build line, as its package.json writes it. The
 * tools that emit only JavaScript get a page beside it (index.html loading main.js).
 */
export async function build(name) {
  const dir = join(WORK, name);
  npm(dir, ["run", "--silent", "build"]);
  if (FIXTURES[name].page) {
    await writeFile(join(dir, FIXTURES[name].out, "index.html"),
      `<!doctype html>\n<meta charset="utf-8">\n<title>cognito-auth-wasm with ${name}</title>\n<script type="module" src="./main.js"></script>\n`);
  }
  return join(dir, FIXTURES[name].out);
}

const gz = (buf) => gzipSync(buf, { level: 9 }).length;

/**
 * The JavaScript and WebAssembly a tool emitted (every .js, .mjs and .wasm file under `dir`):
 * files, raw bytes and gzip -9 bytes (each file on its own, as a server sends it).
 */
export async function emittedSize(dir) {
  const size = { files: [], js: { raw: 0, gzip: 0 }, wasm: { raw: 0, gzip: 0 } };
  async function walk(folder) {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
        continue;
      }
      const kind = { ".js": "js", ".mjs": "js", ".wasm": "wasm" }[extname(entry.name)];
      if (!kind) continue;
      const buf = await readFile(path);
      size.files.push(path.slice(dir.length + 1));
      size[kind].raw += buf.length;
      size[kind].gzip += gz(buf);
    }
  }
  await walk(dir);
  size.raw = size.js.raw + size.wasm.raw;
  size.gzip = size.js.gzip + size.wasm.gzip;
  return size;
}

/** What a page without a bundler loads of the package: index.js, api.js and the module. */
export async function packageLoadSize(projectDir) {
  const pkg = join(projectDir, "node_modules", "cognito-auth-wasm");
  const size = { files: [], js: { raw: 0, gzip: 0 }, wasm: { raw: 0, gzip: 0 } };
  for (const [file, kind] of [["index.js", "js"], ["api.js", "js"], ["cognito-auth-wasm/cognito_auth_wasm.wasm", "wasm"]]) {
    const buf = await readFile(join(pkg, file));
    size.files.push(file);
    size[kind].raw += buf.length;
    size[kind].gzip += gz(buf);
  }
  size.raw = size.js.raw + size.wasm.raw;
  size.gzip = size.js.gzip + size.wasm.gzip;
  return size;
}

/** The tools' emitted sizes for tests/bench: each building fixture built from the package. */
export async function bundlerSizes(pkgDir) {
  const tarball = await packTarball(pkgDir);
  const out = [];
  for (const name of Object.keys(FIXTURES).filter((n) => FIXTURES[n].tool)) {
    try {
      await prepare(name, tarball);
      out.push({ name, version: await toolVersion(name), ...(await emittedSize(await build(name))) });
    } catch (err) {
      out.push({ name, error: String(err.stderr || err.message || err).trim().split("\n")[0] });
    }
  }
  out.push({ name: "plain", version: null, ...(await packageLoadSize(await prepare("plain", tarball))) });
  return out;
}

export const exists = (path) => stat(path).then(() => true, () => false);
