// A module Web Worker without a bundler: it imports the package's browser entry by its path
// (workers have no import maps), signs in, and posts the outcome to its page (worker.html).
import { CognitoClient } from "../node_modules/cognito-auth-wasm/index.js";
import { signInAsDemo } from "./signin.js";

const peer = new URL(self.location.href).searchParams.get("peer");
self.postMessage(await signInAsDemo(CognitoClient, peer));
