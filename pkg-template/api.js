// The package's one JavaScript module (the build bundles it with wasm-bindgen's glue and the
// loader): the API's classes, made by wasm-bindgen from src/, and the loader the entry points
// (index.js, node.js) and the package's own tests use.
export { instantiate, instantiateSync, memory, simdSupported } from "./loader.js";
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
} from "./cognito_auth_wasm.js";
