// Builds the demo (www/) into dist/www: `npx vite build` here, or scripts/dev.sh, which then adds
// seed.json (the local peer's pools) or config.json (a real pool) beside the page.
import { defineConfig } from "vite";

export default defineConfig({
  // Relative asset URLs: the build works from any path it is served under.
  base: "./",
  build: {
    outDir: "../dist/www",
    emptyOutDir: true,
  },
  // The dev server's dependency pre-bundling (esbuild) would copy the package's index.js away
  // from cognito_auth_wasm.wasm, which it fetches from beside itself
  // (`new URL("./cognito_auth_wasm.wasm", import.meta.url)`): serve the package as it is.
  optimizeDeps: { exclude: ["cognito-auth-wasm"] },
});
