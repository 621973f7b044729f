// Entry point for pages, Web Workers and bundlers. Instantiates the WebAssembly module once
// (fetched from the folder beside this file), then exports the API, so importers never call
// init().
//
// The module lives in a folder named like the package, and the URL is written without "./":
// "cognito-auth-wasm/cognito_auth_wasm.wasm" is, relative to this file, the module itself (a
// page without a bundler; webpack and Vite's build resolve the relative path first), and, as a
// package path, the `./cognito_auth_wasm.wasm` export (package.json). Vite's dev server
// pre-bundles this file into node_modules/.vite/deps/, where no relative path reaches the
// module: there its `new URL(…, import.meta.url)` rewrite falls back to the package path and
// serves the module from the package, with no configuration.
import { instantiate } from "./api.js";

await instantiate(new URL("cognito-auth-wasm/cognito_auth_wasm.wasm", import.meta.url));

export {
  CognitoClient,
  SignedIn,
  SrpHelper,
  TotpSetup,
  SmsMfaChallenge,
  EmailOtpChallenge,
  SoftwareTokenMfaChallenge,
  SelectMfaTypeChallenge,
  NewPasswordRequiredChallenge,
  CustomChallenge,
  MfaSetupChallenge,
  OtherChallenge,
} from "./api.js";
