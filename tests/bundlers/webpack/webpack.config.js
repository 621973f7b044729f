// webpack 5 as an app configures it; nothing in it is for cognito-auth-wasm: webpack emits the
// package's `new URL("…wasm", import.meta.url)` as an asset and runs its top-level await.
import { fileURLToPath } from "node:url";

export default {
  mode: "production",
  entry: "./src/main.js",
  output: { path: fileURLToPath(new URL("dist", import.meta.url)), clean: true },
};
