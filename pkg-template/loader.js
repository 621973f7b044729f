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

/** Instantiates the module from its URL, compiling while it downloads when served as
 * `application/wasm`. Once a module is instantiated, it stays the one in use. */
export async function instantiate(url) {
  requireSimd();
  let response;
  try {
    response = await fetch(url);
  } catch (reason) {
    throw loaderError("NetworkError", `the module ${url} could not be fetched: ${reason?.message ?? reason}`, true);
  }
  if (!response.ok) throw loaderError("NetworkError", `the module ${url} could not be fetched: HTTP ${response.status}`, response.status >= 500);
  await init({ module_or_path: response });
}
