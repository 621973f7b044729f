// Entry point for Node.js 20+: Node's fetch cannot read file: URLs, so the module's bytes are
// read from disk and instantiated synchronously before the API is re-exported.
import { readFile } from "node:fs/promises";
import { instantiateSync } from "./core.js";

instantiateSync(await readFile(new URL("./cognito_auth_wasm.wasm", import.meta.url)));

export * from "./api.js";
