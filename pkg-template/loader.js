// The WebAssembly module's loader, over wasm-bindgen's glue (cognito_auth_wasm.js, `--target
// web`). The entry points (index.js, node.js) instantiate the module once before exporting the
// API, so importers never call init(). It checks for SIMD128 first, which the SRP arithmetic
// needs: an engine without it gets a named error instead of a bare CompileError.
import init, { initSync } from "./cognito_auth_wasm.js";

// A module of one function using a SIMD128 instruction (i8x16.splat, i8x16.popcnt).
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0,
  10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

/** Whether this engine has WebAssembly SIMD128. */
export const simdSupported = () => WebAssembly.validate(SIMD_PROBE);

function loaderError(name, message, retryable) {
  const error = new Error(message);
  error.name = name;
  error.retryable = retryable;
  return error;
}

function requireSimd() {
  if (!simdSupported()) {
    throw loaderError("NotSupportedError", "this JavaScript engine lacks WebAssembly SIMD128 (every current browser and Node 16.4+ have it)", false);
  }
}

/** Instantiates the module from its bytes (Node: synchronously). */
export function instantiateSync(bytes) {
  requireSimd();
  initSync({ module: bytes });
}

// What a fetch that found no module usually means, and its fix.
const MODULE_HINT = "the package's JavaScript fetches cognito-auth-wasm/cognito_auth_wasm.wasm from beside itself: " +
  "a bundler that does not copy it (esbuild, Rollup) needs it copied next to its output (the package's README shows the line for each bundler)";

// The first four bytes of every WebAssembly module: "\0asm".
const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** Instantiates the module from its URL, compiling while it downloads when served as
 * `application/wasm`. Any other answer is read first: a server or dev server answering with a
 * page (an SPA fallback's index.html) is a LoadError naming the URL, never a bare CompileError
 * about a magic word. Once a module is instantiated, it stays the one in use. */
export async function instantiate(url) {
  requireSimd();
  let response;
  try {
    response = await fetch(url);
  } catch (reason) {
    throw loaderError("NetworkError", `the module ${url} could not be fetched: ${reason?.message ?? reason}`, true);
  }
  if (!response.ok) {
    throw loaderError("NetworkError", `the module ${url} could not be fetched: HTTP ${response.status}` +
      (response.status === 404 ? ` (${MODULE_HINT})` : ""), response.status >= 500);
  }
  const type = response.headers.get("content-type") ?? "";
  if (/^application\/wasm\b/i.test(type)) {
    await init({ module_or_path: response });
    return;
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!WASM_MAGIC.every((byte, i) => bytes[i] === byte)) {
    const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" ");
    throw loaderError("LoadError", `${url} answered ${type || "no content type"} starting with ${head || "nothing"}, not a WebAssembly module (${MODULE_HINT})`, false);
  }
  await init({ module_or_path: bytes });
}
