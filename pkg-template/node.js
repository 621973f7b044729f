// Entry point for Node.js 20+: Node's fetch cannot read file: URLs, so the module's bytes are
// read from disk and instantiated synchronously before the API is exported.
import { readFile } from "node:fs/promises";
import { instantiateSync } from "./api.js";

instantiateSync(await readFile(new URL("./cognito_auth_wasm.wasm", import.meta.url)));

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
