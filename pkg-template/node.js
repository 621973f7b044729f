// Entry point for `import` in Node.js 20+ (node.cjs is the one for `require`): Node's fetch
// cannot read file: URLs, so the module's bytes are read from disk and instantiated
// synchronously before the API is exported.
import { readFile } from "node:fs/promises";
import { instantiateSync } from "./api.js";

instantiateSync(await readFile(new URL("./cognito-auth-wasm/cognito_auth_wasm.wasm", import.meta.url)));

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
