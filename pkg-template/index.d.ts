// Types of both entry points (index.js and node.js): the module is ready when the import resolves.
export { ChallengeStep, CognitoClient, SrpHelper } from "./cognito_auth_wasm.js";
export type {
  AnalyticsMetadata,
  AuthenticationResultType,
  AuthFlow,
  ChallengeAnswer,
  ChallengeName,
  CognitoClientConfig,
  CognitoError,
  InitiateAuthInput,
  InitiateAuthOutput,
  NewDeviceMetadata,
  NewDeviceMetadataType,
  PasswordVerifierInput,
  RespondToAuthChallengeInput,
  RespondToAuthChallengeOutput,
  SignedIn,
  SignInInput,
  SignInResult,
  Tokens,
  UserContextData,
} from "./cognito_auth_wasm.js";
