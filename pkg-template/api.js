// The package's one JavaScript module (the build bundles it with wasm-bindgen's glue and the
// loader): the API's classes, made by wasm-bindgen from src/, and the loader the entry points
// (index.js, node.js) and the package's own tests use.
import {
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
} from "./cognito_auth_wasm.js";

import { protect } from "./recovery.js";

export { instantiate, instantiateSync, simdSupported } from "./loader.js";
export { memory } from "./recovery.js";

// The bundle is minified without esbuild's --keep-names (which names every function of the
// glue, about 0.9 KB gzip): the classes get their API names here (logs, `constructor.name`).
const classes = {
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
};
for (const name in classes) Object.defineProperty(classes[name], "name", { value: name });
protect(classes);

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
};
