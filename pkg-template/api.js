// The package's public values: the one list both entry points (index.js, node.js) re-export
// once they have instantiated the WebAssembly module.
export {
  CognitoClient,
  CustomChallenge,
  EmailOtpChallenge,
  MfaSetupChallenge,
  NewPasswordRequiredChallenge,
  OtherChallenge,
  SelectMfaTypeChallenge,
  SignedIn,
  SmsMfaChallenge,
  SoftwareTokenMfaChallenge,
  SrpHelper,
  TotpSetup,
} from "./cognito_auth_wasm.js";
