// Sizes: the release package's files (raw and gzip -9), and minimal sign-in bundles built with
// esbuild (--bundle --minify --format=esm, browser platform) from npm packages, gzip -9.
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { build } from "esbuild";

const TESTS = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(TESTS, "package.json"));
const version = (pkg) => require(`${pkg}/package.json`).version;
const gz = (buf) => gzipSync(buf, { level: 9 }).length;

async function fileSize(path) {
  const buf = await readFile(path);
  return { raw: buf.length, gzip: gz(buf) };
}

/** The package's WebAssembly module, in a folder named like the package (pkg-template/index.js). */
export const WASM_FILE = "cognito-auth-wasm/cognito_auth_wasm.wasm";

/** The package's own files: the wasm and the browser JavaScript (index.js and api.js, the API
 *  and its loader bundled into one module). */
export async function packageSizes(pkgDir) {
  const wasm = await fileSize(join(pkgDir, WASM_FILE));
  const files = ["index.js", "api.js"];
  const glue = { raw: 0, gzip: 0 };
  for (const name of files) {
    const buf = await readFile(join(pkgDir, name)).catch(() => null);
    if (buf) {
      glue.raw += buf.length;
      glue.gzip += gz(buf);
    }
  }
  // What only `require` in Node loads (node.cjs: the entry and a CommonJS copy of api.js) and
  // its declarations (index.d.cts): in the tarball, never in a browser.
  const cjs = await fileSize(join(pkgDir, "node.cjs")).catch(() => null);
  const dcts = await fileSize(join(pkgDir, "index.d.cts")).catch(() => null);
  return { wasm, glue, totalGzip: wasm.gzip + glue.gzip, cjs, dcts };
}

/** The exports `SrpHelper` (src/srp_helper.rs) needs: its methods and wasm-bindgen's runtime
 * (memory, allocation, the externref table, the start function). */
const SRP_EXPORTS = ["memory", "srphelper_new", "srphelper_srpA", "srphelper_passwordVerifier",
  "__wbg_srphelper_free", "__wbindgen_malloc", "__wbindgen_realloc", "__wbindgen_free",
  "__wbindgen_exn_store", "__externref_table_alloc", "__externref_table_dealloc",
  "__wbindgen_externrefs", "__wbindgen_start"];

/**
 * What in the package's wasm the SRP run alone reaches: binaryen's wasm-metadce keeps only what
 * `SrpHelper`'s exports reach (the SRP maths, SHA-256, serde-wasm-bindgen in and out, the
 * allocator, wasm-bindgen's runtime), then wasm-opt -O3 as the package build. The rest of the module is the client: its
 * sign-in flows, challenges, devices, MFA setup and raw layer.
 */
export async function srpPartSize(pkgDir) {
  const dir = await mkdtemp(join(tmpdir(), "cognito-bench-parts-"));
  try {
    const graph = join(dir, "graph.json");
    const reduced = join(dir, "srp.wasm");
    await writeFile(graph, JSON.stringify(SRP_EXPORTS.map((name) => ({ name, export: name, root: true }))));
    const bin = (tool) => join(TESTS, "node_modules", ".bin", tool);
    execFileSync(bin("wasm-metadce"), [join(pkgDir, WASM_FILE), "--graph-file", graph, "-o", reduced, "--all-features"], { stdio: "ignore" });
    execFileSync(bin("wasm-opt"), ["-O3", "--all-features", reduced, "-o", reduced], { stdio: "ignore" });
    return fileSize(reduced);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** aws-amplify's functions for what this package does: sign-in and its challenges, devices, the
 * session, sign-up, password reset and change, user attributes, deleteUser, TOTP and the MFA
 * preference. */
const AMPLIFY_ALL = [
  "signIn", "confirmSignIn", "rememberDevice", "forgetDevice", "fetchDevices", "fetchAuthSession",
  "getCurrentUser", "signOut", "signUp", "confirmSignUp", "resendSignUpCode", "resetPassword",
  "confirmResetPassword", "updatePassword", "fetchUserAttributes", "updateUserAttributes",
  "sendUserAttributeVerificationCode", "confirmUserAttribute", "deleteUserAttributes", "deleteUser",
  "setUpTOTP", "verifyTOTPSetup", "updateMFAPreference", "fetchMFAPreference",
];

/** The minimal sign-in entry points bundled with esbuild. */
export const ENTRIES = {
  "cognito-auth-wasm (the whole API; JS only, the wasm is separate)": (pkgDir) => `
    export * from ${JSON.stringify(join(pkgDir, "index.js"))};
  `,
  [`amazon-cognito-identity-js ${version("amazon-cognito-identity-js")} (CognitoUserPool + CognitoUser + AuthenticationDetails, authenticateUser)`]: () => `
    import { AuthenticationDetails, CognitoUser, CognitoUserPool } from "amazon-cognito-identity-js";
    const pool = new CognitoUserPool({ UserPoolId: "us-east-1_BenchPool1", ClientId: "benchclient" });
    export function signIn(Username, Password) {
      return new Promise((onSuccess, onFailure) =>
        new CognitoUser({ Username, Pool: pool })
          .authenticateUser(new AuthenticationDetails({ Username, Password }), { onSuccess, onFailure }));
    }
  `,
  [`aws-amplify ${version("aws-amplify")} (auth ${version("@aws-amplify/auth")}) sign-in and devices (import { signIn, confirmSignIn, rememberDevice, forgetDevice, fetchDevices } from 'aws-amplify/auth' + Amplify.configure)`]: () => `
    import { Amplify } from "aws-amplify";
    import { signIn, confirmSignIn, rememberDevice, forgetDevice, fetchDevices } from "aws-amplify/auth";
    Amplify.configure({ Auth: { Cognito: { userPoolId: "us-east-1_BenchPool1", userPoolClientId: "benchclient" } } });
    export { signIn, confirmSignIn, rememberDevice, forgetDevice, fetchDevices };
  `,
  [`aws-amplify ${version("aws-amplify")} (auth ${version("@aws-amplify/auth")}) the functions this package has (import { ${AMPLIFY_ALL.join(", ")} } from 'aws-amplify/auth' + Amplify.configure)`]: () => `
    import { Amplify } from "aws-amplify";
    export { ${AMPLIFY_ALL.join(", ")} } from "aws-amplify/auth";
    Amplify.configure({ Auth: { Cognito: { userPoolId: "us-east-1_BenchPool1", userPoolClientId: "benchclient" } } });
  `,
};

export async function bundleSizes(pkgDir) {
  const dir = await mkdtemp(join(tmpdir(), "cognito-bench-bundles-"));
  try {
    const out = [];
    let i = 0;
    for (const [name, source] of Object.entries(ENTRIES)) {
      const outfile = join(dir, `bundle${i++}.js`);
      try {
        await build({
          stdin: { contents: source(pkgDir), resolveDir: TESTS, sourcefile: "entry.mjs", loader: "js" },
          bundle: true,
          minify: true,
          format: "esm",
          platform: "browser",
          outfile,
          logLevel: "silent",
        });
      } catch (err) {
        out.push({ name, error: String(err.errors?.[0]?.text ?? err.message ?? err) });
        continue;
      }
      const buf = await readFile(outfile);
      out.push({ name, raw: buf.length, gzip: gz(buf) });
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function exists(path) {
  return stat(path).then(() => true, () => false);
}
