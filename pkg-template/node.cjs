// Entry point for `require` in Node.js 20+. The other entries instantiate the module with a
// top-level await, which `require` of an ES module cannot wait for (Node 20.19+ and 22.12+
// refuse such a module; older ones refuse every ES module): this one reads the module's bytes
// synchronously and instantiates it before exporting the API. The build bundles it with api.js
// (the glue, the loader and recovery.js) into one CommonJS file, so a process that both imports
// and requires the package holds two instances, each with its own clients.
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const api = require("./api.js");

api.instantiateSync(readFileSync(join(__dirname, "cognito-auth-wasm", "cognito_auth_wasm.wasm")));

module.exports = {
  CognitoClient: api.CognitoClient,
  SignedIn: api.SignedIn,
  SrpHelper: api.SrpHelper,
  TotpSetup: api.TotpSetup,
  SmsMfaChallenge: api.SmsMfaChallenge,
  EmailOtpChallenge: api.EmailOtpChallenge,
  SoftwareTokenMfaChallenge: api.SoftwareTokenMfaChallenge,
  SelectMfaTypeChallenge: api.SelectMfaTypeChallenge,
  NewPasswordRequiredChallenge: api.NewPasswordRequiredChallenge,
  CustomChallenge: api.CustomChallenge,
  MfaSetupChallenge: api.MfaSetupChallenge,
  OtherChallenge: api.OtherChallenge,
};
