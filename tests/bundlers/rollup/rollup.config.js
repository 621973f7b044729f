// Rollup 4 as an app configures it for the browser; Rollup leaves the package's
// `new URL("…wasm", import.meta.url)` as it is, so package.json's build copies the module.
import { nodeResolve } from "@rollup/plugin-node-resolve";

export default {
  input: "src/main.js",
  output: { dir: "dist", format: "es" },
  plugins: [nodeResolve({ browser: true })],
};
