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
  // Nothing for the package: its wasm is found from Vite's dependency pre-bundle too
  // (tests/bundlers proves the dev server with no config).
});
