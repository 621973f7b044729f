// Node with `import`: the package's `node` + `import` export (node.js). Prints the outcome as
// JSON with the file the package resolved to (`import.meta.resolve` is a promise before Node
// 20.6, and there needs --experimental-import-meta-resolve).
//   node src/node.mjs <peer URL>
import { CognitoClient } from "cognito-auth-wasm";
import { signInAsDemo } from "./signin.js";

const result = await signInAsDemo(CognitoClient, process.argv[2]);
console.log(JSON.stringify({ ...result, entry: await import.meta.resolve("cognito-auth-wasm") }));
