// Compiled with `tsc --strict --noEmit` against the built package (scripts/dev.sh test). Each
// `@ts-expect-error` line proves a type is precise: were it `any`, the line would not be an error
// and tsc would fail on the unused directive.
import { CognitoClient } from "cognito-auth-wasm";
import type {
  Challenge,
  CodeDelivery,
  CodeDeliveryResult,
  CognitoError,
  Device,
  DeviceInfo,
  SignedIn,
  User,
  SignInResult,
  SignUpResult,
  Tokens,
} from "cognito-auth-wasm";

declare function ask(question: string): Promise<string>;

/** The challenge loop: narrowing on challengeName types each answer. */
async function answer(step: Challenge): Promise<SignInResult> {
  switch (step.challengeName) {
    case "SMS_MFA":
    case "EMAIL_OTP": {
      const where: string | undefined = step.destination;
      return step.respond({ code: await ask(`code sent to ${where ?? "you"}`) });
    }
    case "SOFTWARE_TOKEN_MFA":
      // @ts-expect-error a code challenge has no destination
      void step.destination;
      return step.respond({ code: await ask("authenticator code") });
    case "SELECT_MFA_TYPE": {
      const types: string[] = step.allowedMfaTypes;
      return step.respond({ mfaType: types[0] ?? "SMS_MFA" });
    }
    case "NEW_PASSWORD_REQUIRED": {
      const attributes: Record<string, string> = {};
      for (const name of step.requiredAttributes) attributes[name] = await ask(name);
      const email: string | undefined = step.userAttributes.email;
      void email;
      // @ts-expect-error NEW_PASSWORD_REQUIRED is answered with { newPassword }, not { code }
      void step.respond({ code: "123456" });
      return step.respond({ newPassword: await ask("new password"), attributes });
    }
    case "CUSTOM_CHALLENGE":
      // @ts-expect-error the answer is a string
      void step.respond({ answer: 42 });
      return step.respond({ answer: await ask(JSON.stringify(step.challengeParameters)) });
    case "MFA_SETUP": {
      const factors: string[] = step.mfasCanSetup;
      if (factors.includes("EMAIL_OTP")) {
        // @ts-expect-error setupEmail needs { email }
        void step.setupEmail("a@example.com");
        // @ts-expect-error the address is a string
        void step.setupEmail({ email: 42 });
        const next: SignInResult = await step.setupEmail({ email: await ask("email") });
        if (next.challengeName === "EMAIL_OTP") {
          const where: string | undefined = next.destination;
          void where;
          return next.respond({ code: await ask("emailed code") });
        }
        return next;
      }
      if (!factors.includes("SOFTWARE_TOKEN_MFA")) return step.respond({});
      const setup = await step.setupTotp();
      const uri: string = setup.uri("Example", "alice");
      // @ts-expect-error the secret code is a string
      const n: number = setup.secretCode;
      void n;
      // @ts-expect-error verifyTotp needs a code
      void step.verifyTotp({ friendlyDeviceName: "phone" });
      return step.verifyTotp({ code: await ask(uri), friendlyDeviceName: "phone" });
    }
    default: {
      const expiresAt: number = step.expiresAt;
      const session: string | undefined = step.session;
      return step.respond({ ANSWER: `${step.challengeName} ${expiresAt} ${session ?? ""}` });
    }
  }
}

export async function signInLoop(password: string): Promise<Tokens> {
  const auth = new CognitoClient({ userPoolId: "us-east-1_abc", clientId: "id", timeoutMs: 5000 });
  let step: SignInResult = await auth.signIn({
    username: "alice",
    password,
    flow: "USER_SRP_AUTH",
    clientMetadata: { source: "web" },
  });
  while (step.challengeName) {
    // @ts-expect-error challengeParameters is a map of strings
    const wrong: number = step.challengeParameters.x;
    void wrong;
    step = await answer(step);
  }
  const expiresIn: number = step.tokens.expiresIn;
  // @ts-expect-error idToken is a string
  const notANumber: number = step.tokens.idToken;
  return { ...step.tokens, expiresIn: expiresIn + notANumber };
}

export function badInputs(auth: CognitoClient): void {
  // @ts-expect-error username must be a string
  void auth.signIn({ username: 42, password: "x" });
  // @ts-expect-error flow is one of the four sign-in flows
  void auth.signIn({ username: "a", password: "x", flow: "USER_AUTH" });
  // @ts-expect-error clientMetadata is a map of strings
  void auth.signIn({ username: "a", password: "x", clientMetadata: { n: 1 } });
  void auth.signIn({ username: "a", flow: "CUSTOM_WITHOUT_SRP" });
  // @ts-expect-error clientId is required
  void new CognitoClient({ userPoolId: "us-east-1_abc" });
  // @ts-expect-error ChallengeName is a union of Cognito's names
  const name: import("cognito-auth-wasm").ChallengeName = "NOT_A_CHALLENGE";
  void name;
}

export async function raw(auth: CognitoClient): Promise<string | undefined> {
  const out = await auth.initiateAuth({ AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "a", PASSWORD: "b" } });
  // @ts-expect-error AuthFlow is a union of Cognito's flows
  void auth.initiateAuth({ AuthFlow: "NO_SUCH_FLOW", AuthParameters: {} });
  return out.AuthenticationResult?.IdToken ?? out.Session;
}

export function errors(err: unknown): number | undefined {
  const e = err as CognitoError;
  const retry: boolean = e.retryable;
  return retry ? e.httpStatus : undefined;
}

/** Device tracking: the signed-in result carries the device and its calls. */
export async function devices(auth: CognitoClient): Promise<string[]> {
  const step: SignInResult = await auth.signIn({ username: "alice", password: "x" });
  if (!step.tokens) return [step.challengeName];
  const signedIn: SignedIn = step;
  const device: DeviceInfo | undefined = signedIn.device;
  // @ts-expect-error the device may be absent (a pool without device tracking)
  void signedIn.device.deviceKey;
  if (device?.userConfirmationNecessary) await signedIn.rememberDevice();
  const list: Device[] = await signedIn.listDevices();
  const names = list.map((d) => `${d.deviceKey} ${d.attributes.device_name ?? ""} ${d.lastAuthenticatedDate ?? 0}`);
  // @ts-expect-error createDate is a number of seconds
  const created: string | undefined = list[0]?.createDate;
  void created;
  await signedIn.forgetDevice();
  void new CognitoClient({ userPoolId: "us-east-1_abc", clientId: "id", deviceName: "Alice's laptop" });
  // @ts-expect-error deviceName is a string
  void new CognitoClient({ userPoolId: "us-east-1_abc", clientId: "id", deviceName: 1 });
  return names;
}

export function userContextHook(): CognitoClient {
  const typed = new CognitoClient({
    userPoolId: "us-east-1_abc",
    clientId: "id",
    userContextData: ({ username, userPoolId, clientId }) => `${username}:${userPoolId}:${clientId}`,
  });
  // @ts-expect-error the hook returns the EncodedData string (or undefined), not a number
  void new CognitoClient({ userPoolId: "us-east-1_abc", clientId: "id", userContextData: () => 42 });
  return typed;
}

/** The account operations that need no session. */
export async function account(auth: CognitoClient): Promise<string> {
  const signedUp: SignUpResult = await auth.signUp({
    username: "alice",
    password: "Passw0rd!",
    attributes: { email: "alice@example.com" },
    validationData: { source: "web" },
    clientMetadata: { app: "demo" },
  });
  const confirmed: boolean = signedUp.userConfirmed;
  const sub: string = signedUp.userSub;
  // @ts-expect-error codeDelivery is absent when Cognito sent no code
  void signedUp.codeDelivery.destination;
  // @ts-expect-error attributes are a map of strings
  void auth.signUp({ username: "a", password: "p", attributes: { age: 42 } });
  // @ts-expect-error validationData is a map of strings, not Cognito's list
  void auth.signUp({ username: "a", password: "p", validationData: [{ Name: "k", Value: "v" }] });
  // @ts-expect-error signUp needs a password
  void auth.signUp({ username: "a" });
  // @ts-expect-error the password is a string
  void auth.signUp({ username: "a", password: 12345678 });
  const done: void = await auth.confirmSignUp({ username: "alice", code: "123456" });
  void done;
  // @ts-expect-error confirmSignUp needs the code
  void auth.confirmSignUp({ username: "alice" });
  // @ts-expect-error the code is a string
  void auth.confirmSignUp({ username: "alice", code: 123456 });
  const resent: CodeDeliveryResult = await auth.resendSignUpCode({ username: "alice" });
  const where: CodeDelivery = resent.codeDelivery;
  // @ts-expect-error resendSignUpCode needs the username
  void auth.resendSignUpCode({});
  const sent = await auth.forgotPassword({ username: "alice" });
  const medium: string | undefined = sent.codeDelivery.deliveryMedium;
  // @ts-expect-error the destination is a string
  const n: number | undefined = sent.codeDelivery.destination;
  void n;
  await auth.confirmForgotPassword({ username: "alice", code: "123456", newPassword: "N3w-Passw0rd!" });
  // @ts-expect-error confirmForgotPassword needs the new password
  void auth.confirmForgotPassword({ username: "alice", code: "123456" });
  // @ts-expect-error the new password is named newPassword
  void auth.confirmForgotPassword({ username: "alice", code: "123456", password: "N3w-Passw0rd!" });
  return `${confirmed} ${sub} ${where.destination ?? ""} ${where.attributeName ?? ""} ${medium ?? ""}`;
}

export async function session(): Promise<string> {
  const memory = new CognitoClient({ userPoolId: "us-east-1_x", clientId: "c", storage: "memory", refreshMarginSeconds: 60 });
  const custom = new CognitoClient({
    userPoolId: "us-east-1_x",
    clientId: "c",
    storage: { getItem: async () => null, setItem: () => {}, removeItem: async () => {} },
  });
  // @ts-expect-error storage is "memory", "local", "session" or an object
  void new CognitoClient({ userPoolId: "us-east-1_x", clientId: "c", storage: "disk" });
  // @ts-expect-error a storage object needs removeItem
  void new CognitoClient({ userPoolId: "us-east-1_x", clientId: "c", storage: { getItem: () => null, setItem: () => {} } });
  const current = await memory.currentSession({ forceRefresh: true });
  if (current === null) return "";
  const refresh: string = current.tokens.refreshToken;
  const expiresAt: number = current.expiresAt;
  // @ts-expect-error forceRefresh is a boolean
  void memory.currentSession({ forceRefresh: "yes" });
  const off: () => void = custom.on("signedOut", (payload) => {
    const reason: "signOut" | "deleteUser" | "refreshTokenRefused" = payload.reason;
    void reason;
  });
  off();
  // @ts-expect-error there is no such event
  custom.on("expired", () => {});
  // @ts-expect-error tokenRefreshFailure's payload has no username
  custom.on("tokenRefreshFailure", (payload) => payload.username);
  await memory.changePassword({ previousPassword: "Old-Passw0rd!", proposedPassword: "N3w-Passw0rd!" });
  // @ts-expect-error changePassword needs the proposed password
  void memory.changePassword({ previousPassword: "Old-Passw0rd!" });
  // @ts-expect-error the new password is named proposedPassword
  void memory.changePassword({ previousPassword: "Old-Passw0rd!", newPassword: "N3w-Passw0rd!" });
  const user: User = await memory.getUser();
  const email: string | undefined = user.attributes["email"];
  const factors: string[] = user.mfaSettings;
  // @ts-expect-error preferredMfa may be absent
  const preferred: string = user.preferredMfa;
  void preferred;
  void email;
  void factors;
  // @ts-expect-error getUser takes no input
  void memory.getUser({ username: "alice" });
  const deleted: void = await memory.deleteUser();
  void deleted;
  await memory.signOut({ global: true });
  // @ts-expect-error global is a boolean
  void memory.signOut({ global: "yes" });
  return `${current.username} ${refresh} ${expiresAt}`;
}

export async function settings(auth: CognitoClient): Promise<string> {
  const { codeDeliveries } = await auth.updateUserAttributes({ attributes: { name: "Alice" }, clientMetadata: { k: "v" } });
  const first: string | undefined = codeDeliveries[0]?.attributeName;
  // @ts-expect-error attributes are a map of strings
  void auth.updateUserAttributes({ attributes: { age: 30 } });
  // @ts-expect-error updateUserAttributes needs attributes
  void auth.updateUserAttributes({});
  const sent = await auth.sendUserAttributeVerificationCode({ attributeName: "email" });
  const medium: string | undefined = sent.codeDelivery.deliveryMedium;
  // @ts-expect-error the attribute is named attributeName
  void auth.sendUserAttributeVerificationCode({ name: "email" });
  const verified: void = await auth.verifyUserAttribute({ attributeName: "email", code: "123456" });
  void verified;
  // @ts-expect-error verifyUserAttribute needs the code
  void auth.verifyUserAttribute({ attributeName: "email" });
  await auth.deleteUserAttributes({ attributeNames: ["name", "custom:team"] });
  // @ts-expect-error attributeNames is a list of names
  void auth.deleteUserAttributes({ attributeNames: "name" });
  const totp = await auth.setupTotp();
  const uri: string = totp.uri("My app", "alice");
  await auth.verifyTotp({ code: "123456", friendlyDeviceName: "phone" });
  // @ts-expect-error verifyTotp needs the code
  void auth.verifyTotp({ friendlyDeviceName: "phone" });
  await auth.setMfaPreference({ totp: "preferred", sms: "disabled" });
  // @ts-expect-error a factor is "preferred", "enabled" or "disabled"
  void auth.setMfaPreference({ totp: true });
  // @ts-expect-error there is no such factor
  void auth.setMfaPreference({ webauthn: "enabled" });
  const devices = await auth.listDevices();
  const key: string | undefined = devices[0]?.deviceKey;
  await auth.rememberDevice();
  await auth.forgetDevice();
  await auth.forgetDevice(key);
  // @ts-expect-error a device key is a string
  void auth.forgetDevice(42);
  return `${first ?? ""} ${medium ?? ""} ${uri}`;
}
