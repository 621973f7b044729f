// Node with `require`: the package's `node` + `require` export (node.cjs), loaded synchronously.
// Prints the outcome as JSON with the file the package resolved to.
//   node src/node.cjs <peer URL>
"use strict";
const { CognitoClient } = require("cognito-auth-wasm");

import("./signin.js")
  .then(({ signInAsDemo }) => signInAsDemo(CognitoClient, process.argv[2]))
  .then((result) => console.log(JSON.stringify({ ...result, entry: require.resolve("cognito-auth-wasm") })));
