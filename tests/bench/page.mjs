// The benchmark's browser side: loads the built package (pkg/index.js, which instantiates the
// wasm with top-level await) and times the same client SRP work as the Node rows with
// performance.now() inside the page. run.mjs calls window.bench.* and checks every answer.
const started = performance.now();
try {
  const mod = await import("./pkg/index.js");
  const importMs = performance.now() - started;
  if (typeof mod.SrpHelper !== "function") {
    throw new Error(`pkg/index.js does not export SrpHelper (exports: ${Object.keys(mod).join(", ")})`);
  }
  const { SrpHelper } = mod;
  let prepared = null;
  window.bench = {
    importMs,
    /** One login's client SRP work: new SrpHelper() (A) + passwordVerifier (x, S, key, signature). */
    login(input) {
      const t0 = performance.now();
      const helper = new SrpHelper();
      const responses = helper.passwordVerifier(input);
      const ms = performance.now() - t0;
      return { ms, srpA: helper.srpA, responses };
    },
    /** Makes the helper (and A) ahead of time, as an app does when the client is created. */
    prepare() {
      prepared = new SrpHelper();
    },
    /** "Sign in pressed": passwordVerifier alone, on the helper prepare() made. */
    pressed(input) {
      const helper = prepared;
      prepared = null;
      if (!helper) throw new Error("pressed() without prepare()");
      const t0 = performance.now();
      const responses = helper.passwordVerifier(input);
      const ms = performance.now() - t0;
      return { ms, srpA: helper.srpA, responses };
    },
  };
} catch (err) {
  window.benchError = String(err?.stack ?? err);
}
