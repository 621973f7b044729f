// The module's loader (pkg-template/loader.js, shipped inside api.js): it checks for WebAssembly SIMD128, which the SRP
// arithmetic needs, before compiling, so that an engine without it gets a named error instead
// of a bare CompileError.
import { test, assert } from "./harness.mjs";

test("this engine passes the loader's SIMD128 check", async (ctx) => {
  const core = await import(new URL("api.js", ctx.pkgUrl).href);
  assert.equal(core.simdSupported(), true);
});

test("a module that cannot be fetched is a NetworkError, and the loaded one stays in use", async (ctx) => {
  const core = await import(new URL("api.js", ctx.pkgUrl).href);
  const refused = await assert.rejects(core.instantiate("http://127.0.0.1:9/never-fetched.wasm"), "NetworkError");
  assert.equal(refused.retryable, true);
  const missing = await assert.rejects(core.instantiate(new URL("no-such-module.wasm", ctx.pkgUrl).href), "NetworkError");
  assert.match(missing.message, /no-such-module\.wasm/);
  assert.ok(new ctx.api.SrpHelper().srpA.length > 0);
});

test("an answer that is a page, not the module, is a LoadError naming the URL and the fix", async (ctx) => {
  const core = await import(new URL("api.js", ctx.pkgUrl).href);
  // What a dev server's SPA fallback answers for a file it does not have: its index.html, 200.
  const page = "data:text/html,<!doctype html><title>app</title>";
  const error = await assert.rejects(core.instantiate(page), "LoadError");
  assert.match(error.message, /^data:text\/html,/);
  assert.match(error.message, /text\/html starting with 3c 21 64 6f, not a WebAssembly module/);
  assert.match(error.message, /cognito-auth-wasm\/cognito_auth_wasm\.wasm/);
  assert.equal(error.retryable, false);
  assert.ok(new ctx.api.SrpHelper().srpA.length > 0);
});

test("an engine without SIMD128 gets NotSupportedError before anything is compiled", async (ctx) => {
  const core = await import(new URL("api.js", ctx.pkgUrl).href);
  const validate = WebAssembly.validate;
  WebAssembly.validate = () => false; // what an engine without SIMD128 answers for the probe
  try {
    const error = assert.throws(() => core.instantiateSync(new Uint8Array(8)), "NotSupportedError");
    assert.match(error.message, /SIMD128/);
    assert.equal(error.retryable, false);
    const rejection = await assert.rejects(core.instantiate("http://127.0.0.1:9/never-fetched.wasm"), "NotSupportedError");
    assert.match(rejection.message, /SIMD128/);
  } finally {
    WebAssembly.validate = validate;
  }
  // The module the API uses is still the one instantiated at import.
  assert.ok(new ctx.api.SrpHelper().srpA.length > 0);
});
