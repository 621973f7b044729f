// A module Web Worker that a tool bundles: it imports the package by its name, signs in when
// the page sends the peer's URL, and posts the outcome back (worker-page.js). Its code runs once
// the package's top-level await is done, so it says "ready" first: a message posted to a worker
// before then can be lost (the README's "In a Web Worker").
import { CognitoClient } from "cognito-auth-wasm";
import { signInAsDemo } from "./signin.js";

self.onmessage = ({ data: peer }) => {
  signInAsDemo(CognitoClient, peer).then((result) => self.postMessage(result));
};
self.postMessage("ready");
