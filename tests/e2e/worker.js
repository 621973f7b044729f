// A module Web Worker that signs in with the package: proves it runs without `window`.
// The handler is installed before the package's top-level await finishes instantiating the
// module, so a message posted right after `new Worker` is not lost.
const api = import("./pkg/index.js");

self.onmessage = async ({ data }) => {
  try {
    const { CognitoClient } = await api;
    const step = await new CognitoClient(data.config).signIn(data.credentials);
    self.postMessage({ ok: true, idToken: step.tokens?.idToken ?? null });
  } catch (err) {
    self.postMessage({ ok: false, name: err.name, message: err.message });
  }
};
