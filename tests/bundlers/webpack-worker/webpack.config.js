// webpack 5 with a module Worker that imports cognito-auth-wasm; nothing in it is for the
// package: webpack bundles the worker from `new Worker(new URL(…, import.meta.url))`, emits the
// module as an asset and runs the top-level await.
import { fileURLToPath } from "node:url";

export default {
  mode: "production",
  entry: "./src/worker-page.js",
  output: { path: fileURLToPath(new URL("dist", import.meta.url)), clean: true },
};
