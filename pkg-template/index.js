// Entry point for pages, Web Workers and bundlers. Instantiates the WebAssembly module once
// (fetched from beside this file), then exports the API, so importers never call init().
import { instantiate } from "./api.js";

await instantiate(new URL("./cognito_auth_wasm.wasm", import.meta.url));

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
