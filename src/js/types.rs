//! TypeScript declarations of the objects the API takes and returns.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT_DECLARATIONS: &'static str = r#"
/** Configuration of a {@link CognitoClient}. */
export interface CognitoClientConfig {
  /** The user pool, `<region>_<id>` (for example `us-east-1_AbC123`). */
  userPoolId: string;
  /** The app client id. */
  clientId: string;
  /** The app client's secret, when it has one (every call then carries `SECRET_HASH`). */
  clientSecret?: string;
  /** The AWS region; defaults to the part of `userPoolId` before `_`. */
  region?: string;
  /** An http(s) URL replacing `https://cognito-idp.<region>.amazonaws.com/`. */
  endpoint?: string;
  /** Milliseconds before a call fails with `TimeoutError` (default 30000). */
  timeoutMs?: number;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch;
  /** The `DeviceName` this client registers with `ConfirmDevice` (default `"cognito-auth-wasm"`). */
  deviceName?: string;
  /**
   * Cognito's advanced security (threat protection): called once when a sign-in starts, it
   * returns the `EncodedData` of `UserContextData` (for example from Amazon Cognito's
   * advanced-security script, `AmazonCognitoAdvancedSecurityData.getData(username, userPoolId,
   * clientId)`), sent with every `InitiateAuth` and `RespondToAuthChallenge` of that sign-in.
   */
  userContextData?: (input: UserContextInput) => string | undefined;
}

/** What the `userContextData` hook is told. */
export interface UserContextInput {
  /** What the user typed. */
  username: string;
  userPoolId: string;
  clientId: string;
}

/** The sign-in flows of {@link CognitoClient.signIn}. */
export type SignInFlow =
  /** SRP: the password never leaves the client (the default). */
  | "USER_SRP_AUTH"
  /** The password is sent to Cognito over TLS. */
  | "USER_PASSWORD_AUTH"
  /** `CUSTOM_AUTH` starting with SRP (`CHALLENGE_NAME=SRP_A`), then the pool's custom challenges. */
  | "CUSTOM_WITH_SRP"
  /** `CUSTOM_AUTH` with the username only: the pool's custom challenges decide. */
  | "CUSTOM_WITHOUT_SRP";

/** Input of {@link CognitoClient.signIn}. */
export interface SignInInput {
  /** The username, or an alias the pool accepts (email, phone number). */
  username: string;
  /** Required by every flow but `CUSTOM_WITHOUT_SRP`. */
  password?: string;
  /** Default `USER_SRP_AUTH`. */
  flow?: SignInFlow;
  /** Cognito's `ClientMetadata`, sent with every call of this sign-in (for Lambda triggers). */
  clientMetadata?: Record<string, string>;
}

/** Input of {@link SrpHelper.passwordVerifier}. */
export interface PasswordVerifierInput {
  /** The user pool, `<region>_<id>`: its id part is the SRP realm. */
  userPoolId: string;
  /** The `PASSWORD_VERIFIER` challenge's `ChallengeParameters` (`SALT`, `SRP_B`, `SECRET_BLOCK`, `USER_ID_FOR_SRP`). */
  challengeParameters: Record<string, string>;
  password: string;
  /** `TIMESTAMP` to sign (`EEE MMM d HH:mm:ss UTC yyyy`); defaults to now. */
  timestamp?: string;
}

/** Cognito's `NewDeviceMetadata`: this device is new to a pool that tracks devices. */
export interface NewDeviceMetadata {
  deviceKey: string;
  deviceGroupKey: string;
}

/** The tokens of a completed sign-in. */
export interface Tokens {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  /** Lifetime of the id and access tokens, in seconds. */
  expiresIn: number;
  tokenType: string;
  newDeviceMetadata?: NewDeviceMetadata;
}

/** The device a client tracks for a user ({@link SignedIn.device}). */
export interface DeviceInfo {
  /** Cognito's `DeviceKey`. */
  deviceKey: string;
  /**
   * Cognito's `UserConfirmationNecessary` for a device confirmed by this sign-in: the pool
   * remembers it only when the app calls {@link SignedIn.rememberDevice} (ask the user). `false`
   * for a device confirmed by an earlier sign-in.
   */
  userConfirmationNecessary: boolean;
}

/** One of the user's devices, as `ListDevices` gives it ({@link SignedIn.listDevices}). */
export interface Device {
  /** Cognito's `DeviceKey`. */
  deviceKey: string;
  /** `DeviceAttributes` by name: `device_name`, `device_status`, `dev:device_remembered_status`, `last_ip_used`, … */
  attributes: Record<string, string>;
  /** `DeviceCreateDate`, seconds since the epoch. */
  createDate?: number;
  /** `DeviceLastModifiedDate`, seconds since the epoch. */
  lastModifiedDate?: number;
  /** `DeviceLastAuthenticatedDate`, seconds since the epoch. */
  lastAuthenticatedDate?: number;
}

/**
 * A challenge for the user, discriminated by `challengeName`. Each is answered once with
 * `respond` (a second call rejects with `InvalidStateError` and sends nothing, except after a
 * `CodeMismatchException`, when the same session may try another code).
 */
export type Challenge =
  | SmsMfaChallenge
  | EmailOtpChallenge
  | SoftwareTokenMfaChallenge
  | SelectMfaTypeChallenge
  | NewPasswordRequiredChallenge
  | CustomChallenge
  | MfaSetupChallenge
  | OtherChallenge;

/** What a sign-in step resolves to: tokens, or a challenge to answer with `respond`. */
export type SignInResult = SignedIn | Challenge;

/** An answer keyed like Cognito's `ChallengeResponses` (for `MFA_SETUP` and other challenges). */
export type ChallengeAnswer = Record<string, string>;

/** The answer to `SMS_MFA`, `EMAIL_OTP` and `SOFTWARE_TOKEN_MFA`. */
export interface CodeAnswer {
  code: string;
}

/** The answer to `SELECT_MFA_TYPE`: one of `allowedMfaTypes`. */
export interface MfaTypeAnswer {
  mfaType: string;
}

/** The answer to `NEW_PASSWORD_REQUIRED`. */
export interface NewPasswordAnswer {
  newPassword: string;
  /** Attribute values by name (without the `userAttributes.` prefix); must cover `requiredAttributes`. */
  attributes?: Record<string, string>;
}

/** The answer to `CUSTOM_CHALLENGE`. */
export interface CustomChallengeAnswer {
  answer: string;
}

/** Input of {@link MfaSetupChallenge.verifyTotp}. */
export interface VerifyTotpInput {
  /** The current code of the authenticator app. */
  code: string;
  /** A name for the authenticator (Cognito's `FriendlyDeviceName`). */
  friendlyDeviceName?: string;
}

/** Input of {@link MfaSetupChallenge.setupEmail}. */
export interface SetupEmailInput {
  /** The address the email MFA codes go to (Cognito's `EMAIL`). */
  email: string;
}

/** Challenge names without a class of their own (answered by {@link OtherChallenge}). */
export type OtherChallengeName = Exclude<
  ChallengeName,
  | "SMS_MFA"
  | "EMAIL_OTP"
  | "SOFTWARE_TOKEN_MFA"
  | "SELECT_MFA_TYPE"
  | "NEW_PASSWORD_REQUIRED"
  | "CUSTOM_CHALLENGE"
  | "MFA_SETUP"
>;

/** Cognito's challenge names. */
export type ChallengeName =
  | "SMS_MFA"
  | "SOFTWARE_TOKEN_MFA"
  | "EMAIL_OTP"
  | "SMS_OTP"
  | "SELECT_MFA_TYPE"
  | "MFA_SETUP"
  | "PASSWORD_VERIFIER"
  | "CUSTOM_CHALLENGE"
  | "DEVICE_SRP_AUTH"
  | "DEVICE_PASSWORD_VERIFIER"
  | "ADMIN_NO_SRP_AUTH"
  | "NEW_PASSWORD_REQUIRED"
  | "SELECT_CHALLENGE"
  | "WEB_AUTHN"
  | "PASSWORD"
  | "PASSWORD_SRP";

/** `AuthFlow` values of `InitiateAuth`. */
export type AuthFlow =
  | "USER_SRP_AUTH"
  | "REFRESH_TOKEN_AUTH"
  | "REFRESH_TOKEN"
  | "CUSTOM_AUTH"
  | "USER_PASSWORD_AUTH"
  | "USER_AUTH";

/** Cognito's `AnalyticsMetadata`. */
export interface AnalyticsMetadata {
  AnalyticsEndpointId?: string;
}

/** Cognito's `UserContextData`. */
export interface UserContextData {
  IpAddress?: string;
  EncodedData?: string;
}

/** Cognito's `InitiateAuth` input; `ClientId` defaults to the client's. */
export interface InitiateAuthInput {
  AuthFlow: AuthFlow;
  AuthParameters?: Record<string, string>;
  ClientId?: string;
  ClientMetadata?: Record<string, string>;
  AnalyticsMetadata?: AnalyticsMetadata;
  UserContextData?: UserContextData;
  Session?: string;
}

/** Cognito's `RespondToAuthChallenge` input; `ClientId` defaults to the client's. */
export interface RespondToAuthChallengeInput {
  ChallengeName: ChallengeName;
  ChallengeResponses?: Record<string, string>;
  ClientId?: string;
  Session?: string;
  ClientMetadata?: Record<string, string>;
  AnalyticsMetadata?: AnalyticsMetadata;
  UserContextData?: UserContextData;
}

/** Cognito's `NewDeviceMetadataType`. */
export interface NewDeviceMetadataType {
  DeviceKey?: string;
  DeviceGroupKey?: string;
}

/** Cognito's `AuthenticationResultType`. */
export interface AuthenticationResultType {
  AccessToken?: string;
  ExpiresIn?: number;
  TokenType?: string;
  RefreshToken?: string;
  IdToken?: string;
  NewDeviceMetadata?: NewDeviceMetadataType;
}

/** Cognito's `InitiateAuth` output, unchanged. */
export interface InitiateAuthOutput {
  ChallengeName?: ChallengeName;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
  AuthenticationResult?: AuthenticationResultType;
  AvailableChallenges?: ChallengeName[];
}

/** Cognito's `RespondToAuthChallenge` output, unchanged. */
export interface RespondToAuthChallengeOutput {
  ChallengeName?: ChallengeName;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
  AuthenticationResult?: AuthenticationResultType;
}

/**
 * What every promise of this module rejects with (and what `new CognitoClient` throws):
 * `name` is Cognito's exception (`NotAuthorizedException`, …) or one of `InvalidParameterError`,
 * `NetworkError`, `TimeoutError`, `ProtocolError`, `InvalidStateError`, `NotImplementedError`,
 * `CryptoError`.
 */
export interface CognitoError extends Error {
  /** The HTTP status, when the server answered. */
  httpStatus?: number;
  /** Whether the same call may succeed later (throttling, 5xx, network, timeout). */
  retryable: boolean;
}
"#;
