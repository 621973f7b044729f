// Entry point for pages, Web Workers and bundlers. Instantiates the WebAssembly module once
// (fetched from beside this file), then re-exports the API, so importers never call init().
import init from "./cognito_auth_wasm.js";

await init({ module_or_path: new URL("./cognito_auth_wasm_bg.wasm", import.meta.url) });

export * from "./api.js";
