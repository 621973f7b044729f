// Adapts wasm-bindgen's generated glue (--target web, with its reinit machinery) to the
// package's recovery after a trap (pkg-template/recovery.js):
//   node scripts/patch-glue.mjs <glue.js>
// - every instance's exports reach the glue through recovery.js's `guard`, which sees each call
//   that traps;
// - a closure of an instance that was replaced does nothing when the event loop calls it (the
//   glue throws, an uncaught error that ends a Node process), and is never destroyed in the new
//   instance with the old one's pointers;
// - init() without a module has no default URL: the loader always passes one, and the default
//   (`new URL('<name>_bg.wasm', import.meta.url)`, a file the package does not have) would be an
//   asset bundlers try to resolve (webpack fails the build) and an `import.meta` in the CommonJS
//   entry (node.cjs).
// Each replacement must match exactly as often as expected (wasm-bindgen is pinned in
// Cargo.toml): a new glue fails the build instead of shipping unguarded.
import { readFileSync, writeFileSync } from "node:fs";

const [file] = process.argv.slice(2);
let text = readFileSync(file, "utf8");
const patches = [
  [/\bwasm = (instance|wasmInstance)\.exports;/g, "wasm = __wbg_guard($1.exports);", 2],
  [/throw new Error\('Cannot invoke closure from previous WASM instance'\);/g, "return;", 1],
  [/if \(--state\.cnt === 0\) \{/g, "if (--state.cnt === 0 && state.instance === __wbg_instance_id) {", 1],
  [/module_or_path = new URL\('[\w]+_bg\.wasm', import\.meta\.url\);/g, "throw new TypeError('init() needs the module');", 1],
];
for (const [pattern, replacement, count] of patches) {
  const found = text.match(pattern)?.length ?? 0;
  if (found !== count) {
    console.error(`${file}: ${pattern} matches ${found} times, expected ${count}: the glue changed`);
    process.exit(1);
  }
  text = text.replace(pattern, replacement);
}
writeFileSync(file, `import { guard as __wbg_guard } from "./recovery.js";\n${text}`);
