// Entry point for pages, Web Workers and bundlers. Instantiates the WebAssembly module once
// (fetched from beside this file), then re-exports the API, so importers never call init().
import { instantiate } from "./core.js";

await instantiate(new URL("./cognito_auth_wasm.wasm", import.meta.url));

export * from "./api.js";
