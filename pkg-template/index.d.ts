// Types of both entry points (index.js and node.js): the module is ready when the import resolves.
// The classes are implemented in api.js over the WebAssembly core; the core's own exports are
// not part of the API.

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
    /**
     * Milliseconds one attempt of a request may take (its answer included) before it fails with
     * `TimeoutError` (default 30000; a finite number between 1 and 2147483647).
     */
    timeoutMs?: number;
    /**
     * How many times a request that spends nothing (`InitiateAuth`, `ListDevices`,
     * `GetTokensFromRefreshToken`) is sent again
     * after a network error, a timeout, an HTTP 5xx or throttling, with capped full-jitter
     * backoff (default 2; a whole number from 0 to 10). A request that spends a session or a
     * code (`RespondToAuthChallenge`, `VerifySoftwareToken`, the account operations, …) is never
     * repeated.
     */
    maxRetries?: number;
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
    /**
     * Where the session is kept across reloads: `"memory"` (this client only), `"local"` /
     * `"session"` (the page's `localStorage` / `sessionStorage`), or an object whose methods may
     * return Promises. Default: `"local"` where `localStorage` exists, else `"memory"`. The key is
     * `cognito-auth-wasm.<userPoolId>.<clientId>.session`.
     */
    storage?: "memory" | "local" | "session" | SessionStorage;
    /**
     * `currentSession` refreshes the tokens when they expire within this many seconds (default
     * 300; a whole number from 0 to 86400).
     */
    refreshMarginSeconds?: number;
}

/** A storage of the caller's: each method may return its result or a Promise of it. */
export interface SessionStorage {
    getItem(key: string): string | null | undefined | Promise<string | null | undefined>;
    setItem(key: string, value: string): void | Promise<void>;
    removeItem(key: string): void | Promise<void>;
}

/** What {@link CognitoClient.currentSession} resolves to. */
export interface Session {
    /** The internal username (the access token's `username` claim). */
    username: string;
    /** The tokens, the refresh token included; `expiresIn` counts from now. */
    tokens: Tokens & { refreshToken: string };
    /** When the ID and access tokens expire, in milliseconds since the epoch. */
    expiresAt: number;
    /** The ID token's claims (not verified: the token came from Cognito over HTTPS). */
    idTokenClaims: Record<string, unknown> | null;
    /** The access token's claims (not verified). */
    accessTokenClaims: Record<string, unknown> | null;
}

/** The events of {@link CognitoClient.on} and their payloads. */
export interface SessionEvents {
    /** A sign-in ended in tokens and its session is stored. */
    signedIn: { username: string; reason: "signIn" };
    /** `currentSession` refreshed the tokens. */
    tokenRefresh: { username: string };
    /** A refresh failed (the session is kept unless the refresh token was refused). */
    tokenRefreshFailure: { error: Error };
    /** The session ended: `signOut()`, `deleteUser()` or a refused refresh token. */
    signedOut: { reason: "signOut" | "deleteUser" | "refreshTokenRefused" };
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

/** Input of {@link CognitoClient.signUp}. */
export interface SignUpInput {
    username: string;
    password: string;
    /** User attributes by name (`email`, `phone_number`, `custom:…`), sent as Cognito's `UserAttributes` list. */
    attributes?: Record<string, string>;
    /** For the pool's pre sign-up Lambda trigger, sent as Cognito's `ValidationData` list. */
    validationData?: Record<string, string>;
    /** Cognito's `ClientMetadata` (for Lambda triggers). */
    clientMetadata?: Record<string, string>;
}

/** Input of {@link CognitoClient.confirmSignUp}. */
export interface ConfirmSignUpInput {
    username: string;
    /** The confirmation code sent at sign-up (or by {@link CognitoClient.resendSignUpCode}). */
    code: string;
    clientMetadata?: Record<string, string>;
}

/** Input of {@link CognitoClient.resendSignUpCode} and {@link CognitoClient.forgotPassword}. */
export interface UsernameInput {
    username: string;
    clientMetadata?: Record<string, string>;
}

/** Input of {@link CognitoClient.confirmForgotPassword}. */
export interface ConfirmForgotPasswordInput {
    username: string;
    /** The code {@link CognitoClient.forgotPassword} sent. */
    code: string;
    newPassword: string;
    clientMetadata?: Record<string, string>;
}

/** Where Cognito sent a code: its `CodeDeliveryDetails` (members it leaves out are absent). */
export interface CodeDelivery {
    /** Masked, for example `a***@e***` or `+*******0100`. */
    destination?: string;
    /** `EMAIL` or `SMS`. */
    deliveryMedium?: string;
    /** The attribute the code went to (`email`, `phone_number`). */
    attributeName?: string;
}

/** What {@link CognitoClient.signUp} resolves to. */
export interface SignUpResult {
    /** Whether the user is confirmed already (a pre sign-up trigger may confirm them). */
    userConfirmed: boolean;
    /** The new user's `sub`. */
    userSub: string;
    /** Where the confirmation code went; absent when Cognito sent none. */
    codeDelivery?: CodeDelivery;
}

/** Input of {@link CognitoClient.changePassword}. */
export interface ChangePasswordInput {
    previousPassword: string;
    proposedPassword: string;
}

/** What {@link CognitoClient.getUser} resolves to. */
export interface User {
    /** The internal username. */
    username: string;
    /** The user's attributes, name → value (`sub`, `email`, `email_verified`, …). */
    attributes: Record<string, string>;
    /** `PreferredMfaSetting` (`SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`); absent when none. */
    preferredMfa?: string;
    /** `UserMFASettingList`: the MFA factors enabled (empty when none). */
    mfaSettings: string[];
}

/** Input of {@link CognitoClient.updateUserAttributes}. */
export interface UpdateUserAttributesInput {
    /** The attributes to set, name → value (`email`, `name`, `custom:…`); at least one. */
    attributes: Record<string, string>;
    clientMetadata?: Record<string, string>;
}

/** What {@link CognitoClient.updateUserAttributes} resolves to. */
export interface UpdateUserAttributesResult {
    /**
     * Where verification codes went, one per changed attribute that needs verifying (`email`,
     * `phone_number` in a pool that verifies them); empty when none went out. Such an
     * attribute reads `*_verified: "false"` until {@link CognitoClient.verifyUserAttribute}.
     */
    codeDeliveries: CodeDelivery[];
}

/** Input of {@link CognitoClient.sendUserAttributeVerificationCode}. */
export interface AttributeNameInput {
    /** `email` or `phone_number`. */
    attributeName: string;
    clientMetadata?: Record<string, string>;
}

/** Input of {@link CognitoClient.verifyUserAttribute}. */
export interface VerifyUserAttributeInput {
    attributeName: string;
    /** The code sent for the attribute. */
    code: string;
}

/** Input of {@link CognitoClient.deleteUserAttributes}. */
export interface DeleteUserAttributesInput {
    /** The attributes to delete; at least one. */
    attributeNames: string[];
}

/** One MFA factor's setting for {@link CognitoClient.setMfaPreference}. */
export type MfaPreference = "preferred" | "enabled" | "disabled";

/** Input of {@link CognitoClient.setMfaPreference}: at least one factor, at most one `"preferred"`. */
export interface MfaPreferenceInput {
    totp?: MfaPreference;
    sms?: MfaPreference;
    email?: MfaPreference;
}

/** What {@link CognitoClient.resendSignUpCode} and {@link CognitoClient.forgotPassword} resolve to. */
export interface CodeDeliveryResult {
    codeDelivery: CodeDelivery;
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
 * `NetworkError`, `TimeoutError`, `ProtocolError`, `InvalidStateError`, `CryptoError`,
 * `NotSupportedError` when the engine lacks WebAssembly SIMD128, and `InternalError` when the
 * WebAssembly module crashed (it is restarted at once: new clients work, objects made before
 * the crash fail with `InternalError`).
 */
export interface CognitoError extends Error {
    /** The HTTP status, when the server answered. */
    httpStatus?: number;
    /** Whether the same call may succeed later (throttling, 5xx, network, timeout). */
    retryable: boolean;
}



/**
 * A client of one Cognito user pool and app client.
 */
export class CognitoClient {
    /**
     * Calls Cognito's `InitiateAuth` with `input` (its own JSON shape; `ClientId` and, for an
     * app client with a secret, `SECRET_HASH` over `AuthParameters.USERNAME` filled in when
     * absent) and resolves to Cognito's output unchanged.
     */
    initiateAuth(input: InitiateAuthInput): Promise<InitiateAuthOutput>;
    /**
     * Creates a client. Throws an `Error` named `InvalidParameterError` when the configuration
     * is missing a field, has a field of the wrong type, or has a malformed `userPoolId` or
     * `endpoint`.
     */
    constructor(config: CognitoClientConfig);
    /**
     * Calls Cognito's `RespondToAuthChallenge` with `input` (completed like `initiateAuth`'s,
     * over `ChallengeResponses.USERNAME`) and resolves to Cognito's output unchanged.
     */
    respondToAuthChallenge(input: RespondToAuthChallengeInput): Promise<RespondToAuthChallengeOutput>;
    /**
     * Signs a user in with `flow` (default `USER_SRP_AUTH`, where the password never leaves
     * this module; `USER_PASSWORD_AUTH`, `CUSTOM_WITH_SRP`, `CUSTOM_WITHOUT_SRP`), sending
     * `clientMetadata` with every call. Resolves to `SignedIn` (`tokens`, and the `device` this
     * client confirmed when the pool tracks devices) or to a challenge object the user must
     * answer with `respond`. A device this client confirmed earlier for the user answers
     * `DEVICE_SRP_AUTH` / `DEVICE_PASSWORD_VERIFIER` by itself; one Cognito no longer knows
     * (`ResourceNotFoundException`) is forgotten and the sign-in retried once without it. Rejects with an `Error` named after Cognito's exception
     * (`NotAuthorizedException`, …) or `InvalidParameterError` (before any request),
     * `NetworkError`, `TimeoutError`, `ProtocolError`.
     */
    signIn(input: SignInInput): Promise<SignInResult>;
    /**
     * The account operations that need no session each send one request, never repeated (they
     * create a user or spend a code), with `ClientId`, and for an app client with a secret
     * `SecretHash` over `username` as typed; the `userContextData` hook is asked as for a
     * sign-in. Bad input rejects with `InvalidParameterError` naming the field before anything
     * is sent; Cognito's refusals keep their names (`UsernameExistsException`,
     * `InvalidPasswordException`, `CodeMismatchException`, `ExpiredCodeException`,
     * `LimitExceededException`, `UserNotFoundException`, …).
     *
     * `SignUp`: resolves to `{ userConfirmed, userSub, codeDelivery? }`.
     */
    signUp(input: SignUpInput): Promise<SignUpResult>;
    /** `ConfirmSignUp` with the code sent at sign-up: resolves to `undefined`. */
    confirmSignUp(input: ConfirmSignUpInput): Promise<void>;
    /** `ResendConfirmationCode`: a new sign-up code (the previous one stops working). */
    resendSignUpCode(input: UsernameInput): Promise<CodeDeliveryResult>;
    /** `ForgotPassword`: sends a code to reset the password with {@link confirmForgotPassword}. */
    forgotPassword(input: UsernameInput): Promise<CodeDeliveryResult>;
    /** `ConfirmForgotPassword`: sets `newPassword` with the code; resolves to `undefined`. */
    confirmForgotPassword(input: ConfirmForgotPasswordInput): Promise<void>;
    /**
     * `ChangePassword` with the current session's access token (as {@link currentSession} gives
     * it, refreshed when due): resolves to `undefined`. Like every signed-in operation below,
     * one request, never sent twice (except `getUser` and `listDevices`, reads that are repeated
     * after a transient failure like a sign-in); bad input rejects with `InvalidParameterError`
     * before anything is sent, and without a session with `InvalidStateError` ("no user is
     * signed in").
     */
    changePassword(input: ChangePasswordInput): Promise<void>;
    /** `GetUser` with the current session's access token. */
    getUser(): Promise<User>;
    /**
     * `DeleteUser` with the current session's access token; then the stored session and device
     * are removed and `signedOut` fires with reason `deleteUser`.
     */
    deleteUser(): Promise<void>;
    /**
     * `UpdateUserAttributes` with the current session's access token: sets each attribute;
     * resolves to where verification codes went.
     */
    updateUserAttributes(input: UpdateUserAttributesInput): Promise<UpdateUserAttributesResult>;
    /** `GetUserAttributeVerificationCode`: sends a code to verify `attributeName`. */
    sendUserAttributeVerificationCode(input: AttributeNameInput): Promise<CodeDeliveryResult>;
    /**
     * `VerifyUserAttribute`: marks the attribute verified with its code (`CodeMismatchException`,
     * `ExpiredCodeException` otherwise); resolves to `undefined`.
     */
    verifyUserAttribute(input: VerifyUserAttributeInput): Promise<void>;
    /** `DeleteUserAttributes`: resolves to `undefined`. */
    deleteUserAttributes(input: DeleteUserAttributesInput): Promise<void>;
    /**
     * Starts TOTP setup for the signed-in user (`AssociateSoftwareToken` with the access token):
     * resolves to the secret, for the user's authenticator app. Then {@link verifyTotp}.
     */
    setupTotp(): Promise<TotpSetup>;
    /**
     * `VerifySoftwareToken` with a code from the authenticator: the authenticator becomes the
     * user's TOTP factor (turn it on with {@link setMfaPreference}). A wrong code rejects with
     * `CodeMismatchException` (or `EnableSoftwareTokenMFAException`).
     */
    verifyTotp(input: VerifyTotpInput): Promise<void>;
    /**
     * `SetUserMFAPreference`: each factor given is enabled, preferred (enabled and the one
     * Cognito asks for) or disabled; factors not given stay as they are.
     */
    setMfaPreference(input: MfaPreferenceInput): Promise<void>;
    /** The signed-in user's devices (`ListDevices`, every page). */
    listDevices(): Promise<Device[]>;
    /**
     * Remembers the session's device (`UpdateDeviceStatus` `remembered`): later sign-ins on it
     * may skip MFA. Rejects with `InvalidStateError` when the session has no device.
     */
    rememberDevice(): Promise<void>;
    /**
     * `ForgetDevice` of `deviceKey` (one of {@link listDevices}'), or of the session's own device,
     * which this client and the storage then forget too. Cognito refuses a refresh token bound
     * to a forgotten device: the session then ends at its next refresh.
     */
    forgetDevice(deviceKey?: string): Promise<void>;
    /**
     * The stored session, or `null`. Refreshes the tokens (`GetTokensFromRefreshToken`) when
     * they expire within `refreshMarginSeconds`, or always with `forceRefresh`; concurrent calls
     * share one refresh, and clients on one storage take a Web Lock where there is one. A network
     * error, a timeout, throttling or a 5xx rejects by name and keeps the session; a refused
     * refresh token (`NotAuthorizedException`, `RefreshTokenReuseException`) rejects and ends it.
     */
    currentSession(options?: { forceRefresh?: boolean }): Promise<Session | null>;
    /**
     * Clears the stored session (and forgets its device), then revokes the refresh token
     * (`RevokeToken`) or, with `global`, every session of the user (`GlobalSignOut`). A failed
     * revocation rejects by name; the local state is gone anyway.
     */
    signOut(options?: { global?: boolean }): Promise<void>;
    /** Calls `listener` on each `event`; returns the function that unsubscribes it. */
    on<E extends keyof SessionEvents>(event: E, listener: (payload: SessionEvents[E]) => void): () => void;
}

/**
 * A signed-in user: `tokens`, the `device` this client tracks for the user, and
 * `rememberDevice`, `forgetDevice`, `listDevices` with this sign-in's access token.
 */
export class SignedIn {
    private constructor();
    /**
     * Forgets the device at Cognito (`ForgetDevice`) and in this client: the next sign-in sends
     * no `DEVICE_KEY`. Rejects with `InvalidStateError` when there is no device.
     */
    forgetDevice(): Promise<void>;
    /**
     * The user's devices (`ListDevices`, every page).
     */
    listDevices(): Promise<Device[]>;
    /**
     * Remembers the device (`UpdateDeviceStatus` `remembered`): the pool may then skip MFA on
     * it. Rejects with `InvalidStateError` when there is no device.
     */
    rememberDevice(): Promise<void>;
    /**
     * `{ tokens, device? }`, for `JSON.stringify` (the getters live on the class).
     */
    toJSON(): { tokens: Tokens; device?: DeviceInfo };
    /**
     * Always `undefined` on a signed-in result: lets TypeScript narrow a `SignInResult` with
     * `if (step.challengeName)` as well as with `if (step.tokens)`.
     */
    readonly challengeName: undefined;
    /**
     * The device this client tracks for the user (confirmed now or by an earlier sign-in of
     * this client), or `undefined` when the pool does not track devices.
     */
    readonly device: DeviceInfo | undefined;
    /**
     * The tokens of the sign-in.
     */
    readonly tokens: Tokens;
}

/**
 * One SRP run: a fresh secret `a` and `SRP_A` on creation, then the `PASSWORD_VERIFIER` answer,
 * once. The helper is one-shot: a second `passwordVerifier` throws an `InvalidStateError` (a
 * secret `a` never signs two challenges); each sign-in takes a new `SrpHelper`.
 */
export class SrpHelper {
    /**
     * Draws a fresh secret `a` and computes `SRP_A = g^a mod N`.
     */
    constructor();
    /**
     * The `ChallengeResponses` answering `PASSWORD_VERIFIER` (`USERNAME`,
     * `PASSWORD_CLAIM_SECRET_BLOCK`, `TIMESTAMP`, `PASSWORD_CLAIM_SIGNATURE`; add `SECRET_HASH`
     * yourself for an app client with a secret). `timestamp` defaults to now. Input mistakes
     * throw an `InvalidParameterError` and leave the helper unspent; once it has computed an
     * answer (or found the challenge's `SRP_B` invalid) it is spent.
     */
    passwordVerifier(input: PasswordVerifierInput): Record<string, string>;
    /**
     * `SRP_A` for `InitiateAuth`'s `AuthParameters`: lowercase hex.
     */
    readonly srpA: string;
}

/**
 * The TOTP secret of an `MFA_SETUP` challenge, for the user's authenticator app.
 */
export class TotpSetup {
    private constructor();
    /**
     * `otpauth://totp/<issuer>:<accountName>?secret=<secretCode>&issuer=<issuer>`
     * (percent-encoded), ready for a QR code.
     */
    uri(issuer: string, accountName: string): string;
    /**
     * Cognito's `SecretCode` (base32), for typing into an authenticator by hand.
     */
    readonly secretCode: string;
}

/**
 * What every challenge object has. Each is answered once with `respond`: a second call rejects
 * with an `Error` named `InvalidStateError` and sends nothing, except after a rejection with
 * `CodeMismatchException` (the same session may try another code).
 */
declare abstract class ChallengeStep<Name extends string, Answer> {
    /** Cognito's `ChallengeName`. */
    readonly challengeName: Name;
    /** Cognito's `ChallengeParameters`, unchanged. */
    readonly challengeParameters: Record<string, string>;
    /**
     * When the session expires (milliseconds since the epoch, about 3 minutes after the
     * challenge arrived). An answer after that is still sent; Cognito decides.
     */
    readonly expiresAt: number;
    /** The single-use `Session` the answer carries. */
    readonly session: string | undefined;
    /**
     * Always `undefined` on a challenge: lets TypeScript narrow a `SignInResult` with
     * `if (step.tokens)` as well as with `if (step.challengeName)`.
     */
    readonly tokens: undefined;
    /** Answers the challenge once; resolves to the next step. */
    respond(answer: Answer): Promise<SignInResult>;
}

/** Where the code of `SMS_MFA` and `EMAIL_OTP` went. */
declare abstract class CodeChallengeStep<Name extends string> extends ChallengeStep<Name, CodeAnswer> {
    /** Where the code went (`CODE_DELIVERY_DESTINATION`, masked by Cognito). */
    readonly destination: string | undefined;
    /** How the code went (`CODE_DELIVERY_DELIVERY_MEDIUM`: `SMS`, `EMAIL`). */
    readonly deliveryMedium: string | undefined;
}

/** `SMS_MFA`: a code was sent by SMS; answer `{ code }`. */
export class SmsMfaChallenge extends CodeChallengeStep<"SMS_MFA"> {
    private constructor();
}

/** `EMAIL_OTP`: a code was sent by email; answer `{ code }`. */
export class EmailOtpChallenge extends CodeChallengeStep<"EMAIL_OTP"> {
    private constructor();
}

/** `SOFTWARE_TOKEN_MFA`: answer `{ code }` from the authenticator app. */
export class SoftwareTokenMfaChallenge extends ChallengeStep<"SOFTWARE_TOKEN_MFA", CodeAnswer> {
    private constructor();
}

/** `SELECT_MFA_TYPE`: answer `{ mfaType }`, one of `allowedMfaTypes`. */
export class SelectMfaTypeChallenge extends ChallengeStep<"SELECT_MFA_TYPE", MfaTypeAnswer> {
    private constructor();
    /** The types the user may choose (`MFAS_CAN_CHOOSE`). */
    readonly allowedMfaTypes: string[];
}

/**
 * `NEW_PASSWORD_REQUIRED`: answer `{ newPassword, attributes? }`; every name of
 * `requiredAttributes` must be in `attributes`.
 */
export class NewPasswordRequiredChallenge extends ChallengeStep<"NEW_PASSWORD_REQUIRED", NewPasswordAnswer> {
    private constructor();
    /** The user's current attributes (`userAttributes`, names without the `userAttributes.` prefix). */
    readonly userAttributes: Record<string, string>;
    /** The attributes the answer must set (`requiredAttributes`, without the prefix). */
    readonly requiredAttributes: string[];
}

/** `CUSTOM_CHALLENGE` (the pool's Lambda triggers): answer `{ answer }`. */
export class CustomChallenge extends ChallengeStep<"CUSTOM_CHALLENGE", CustomChallengeAnswer> {
    private constructor();
}

/**
 * `MFA_SETUP`: the user must set up a factor (`mfasCanSetup`): `setupTotp()`, then
 * `verifyTotp({ code })`, or `setupEmail({ email })`; `respond` sends Cognito's
 * `ChallengeResponses` as given.
 */
export class MfaSetupChallenge extends ChallengeStep<"MFA_SETUP", ChallengeAnswer> {
    private constructor();
    /** The factors the user can set up (`MFAS_CAN_SETUP`). */
    readonly mfasCanSetup: string[];
    /**
     * Starts TOTP setup: `AssociateSoftwareToken` with the challenge's Session. Resolves to the
     * secret for the user's authenticator app (`secretCode`, `uri(issuer, accountName)`).
     */
    setupTotp(): Promise<TotpSetup>;
    /**
     * Completes TOTP setup with a code from the authenticator: `VerifySoftwareToken`, then
     * `RespondToAuthChallenge(MFA_SETUP)`; resolves to the next step. A rejected code
     * (`EnableSoftwareTokenMFAException`, `CodeMismatchException`) may be retried; otherwise
     * the challenge is spent like an answer.
     */
    verifyTotp(input: VerifyTotpInput): Promise<SignInResult>;
    /**
     * Sets email MFA up with `email` (where `mfasCanSetup` has `EMAIL_OTP`):
     * `RespondToAuthChallenge(MFA_SETUP)` with `EMAIL`; resolves to the next step, the
     * `EMAIL_OTP` challenge for the code sent to that address. A malformed address or a
     * challenge not offering email rejects with `InvalidParameterError` before any request.
     */
    setupEmail(input: SetupEmailInput): Promise<SignInResult>;
}

/**
 * Any other challenge: answer with Cognito's `ChallengeResponses` (`USERNAME` and `SECRET_HASH`
 * are added when absent).
 */
export class OtherChallenge extends ChallengeStep<OtherChallengeName, ChallengeAnswer> {
    private constructor();
}
