// A Vite app with a module Worker that imports cognito-auth-wasm. The one line for the package:
// Vite bundles workers as IIFE by default, which cannot hold the package's top-level await.
export default {
  worker: { format: "es" },
};
