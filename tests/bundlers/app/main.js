// The page's module every bundler builds: the package imported by its name, as an app does.
// The outcome goes on <body data-result> for tests/bundlers/run.mjs; the peer's URL comes in
// the page's query string (?peer=…).
import { CognitoClient } from "cognito-auth-wasm";
import { signInAsDemo } from "./signin.js";

const peer = new URL(location.href).searchParams.get("peer");
signInAsDemo(CognitoClient, peer).then((result) => {
  document.body.dataset.result = JSON.stringify(result);
});
