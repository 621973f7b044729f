// The package's public API, over the WebAssembly core (`core.js`).
//
// The core is synchronous and speaks JSON text: every operation is a `Flow` that hands out one
// outcome at a time — `{send}` (a request to POST), `{signedIn}`, `{challenge}`, `{totp}`,
// `{result}` or `{error}` — and reads Cognito's answer to each request it asked for. The rules
// (validation, the sign-in state machine, answering a challenge once, devices) live in the core;
// this file moves requests over `fetch`, keeps the timeout, and turns outcomes into the objects
// and `Error`s below. Both entry points (index.js, node.js) instantiate the module first.
import { Core, SrpRun, totpUri, START, RECEIVE, RESPOND, SETUP_TOTP, VERIFY_TOTP, SETUP_EMAIL } from "./core.js";

// The loader, for the entry points (index.js, node.js) and the package's own tests. The build
// bundles this file and core.js into the one module the package ships as api.js.
export { instantiate, instantiateSync, memory, simdSupported } from "./core.js";

// --- errors --------------------------------------------------------------------------------

function cognitoError({ name, message, retryable, httpStatus }) {
  const error = new Error(message);
  error.name = name;
  error.retryable = retryable;
  if (httpStatus !== undefined) error.httpStatus = httpStatus;
  return error;
}

function clientError(name, message, retryable = false) {
  return cognitoError({ name, message, retryable });
}

// A value as the core reads it: JSON text. `JSON.stringify` throws for a BigInt, a cycle or a
// throwing getter; the core reads anything that is not an object as the error it is.
function json(value, what) {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    throw clientError("InvalidParameterError", `${what} cannot be read`);
  }
}

// The core's outcome text, read; an error outcome is thrown.
function outcome(text) {
  const value = JSON.parse(text);
  if (value.error) throw cognitoError(value.error);
  return value;
}

// A core constructor that throws its error as JSON text.
function construct(make) {
  try {
    return make();
  } catch (thrown) {
    throw typeof thrown === "string" ? cognitoError(JSON.parse(thrown).error) : thrown;
  }
}

// --- transport -----------------------------------------------------------------------------

// POSTs one request; resolves to [status, body text]. The timer aborts the request (and the
// reading of its body) and also ends the wait for a `fetch` that ignores the abort signal.
async function post(fetch, { url, target, body, timeoutMs }) {
  const controller = new AbortController();
  let timer;
  const expired = new Promise((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(clientError("TimeoutError", `no answer from Cognito within ${timeoutMs} ms`, true));
    }, timeoutMs);
  });
  const exchange = (async () => {
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target },
        body,
        signal: controller.signal,
      });
    } catch (reason) {
      throw networkError(reason);
    }
    if (typeof response?.status !== "number" || typeof response.text !== "function") {
      throw clientError("ProtocolError", "the configured fetch did not resolve to a Response");
    }
    let text;
    try {
      text = await response.text();
    } catch (reason) {
      throw networkError(reason);
    }
    return [response.status, text];
  })();
  exchange.catch(() => {}); // settled by the race below; a late rejection is not unhandled
  try {
    return await Promise.race([exchange, expired]);
  } finally {
    clearTimeout(timer);
  }
}

// Why fetch rejected: its message and, as Node reports connection failures, its `cause`.
function networkError(reason) {
  const describe = (value) => (value instanceof Error ? value.message : typeof value === "string" ? value : "") || "";
  let text = describe(reason) || "fetch failed";
  const cause = describe(reason?.cause);
  if (cause) text += ` (${cause})`;
  return clientError("NetworkError", `the request to Cognito failed: ${text}`, true);
}

// Runs a flow from `text` (its latest outcome) to its result: each `send` is POSTed and the
// answer handed back to the core.
async function drive(client, flow, text) {
  for (;;) {
    const step = outcome(text);
    if (!step.send) return settle(client, flow, step);
    let status = 0;
    let body = "";
    let failure;
    try {
      [status, body] = await post(client.fetch, step.send);
    } catch (error) {
      failure = error;
    }
    // With no answer (status 0) the core settles the flow's state; the transport's own error
    // says more than the core's.
    text = flow.step(client.core, RECEIVE, status, body, Date.now());
    if (failure) throw failure;
  }
}

function settle(client, flow, step) {
  if (step.signedIn) return new SignedIn(client, step.signedIn);
  if (step.challenge) return new CHALLENGES[step.challenge.class](client, flow, step.challenge);
  if (step.totp) return new TotpSetup(step.totp.secretCode);
  return step.result ?? undefined;
}

// Runs `task` when the event loop is idle, never in the caller's turn.
function whenIdle(task) {
  if (typeof requestIdleCallback === "function") requestIdleCallback(task);
  else setTimeout(task, 0);
}

// --- the client ----------------------------------------------------------------------------

// What a client's objects share: the core and the fetch.
class Connection {
  constructor(core, fetch) {
    this.core = core;
    this.fetch = fetch;
  }

  precompute() {
    whenIdle(() => this.core.precompute());
  }

  run(flow, userContextData) {
    return drive(this, flow, flow.step(this.core, START, 0, userContextData));
  }
}

/** A client of one Cognito user pool and app client. */
export class CognitoClient {
  #connection;
  #config;
  #userContextData;

  constructor(config) {
    const text = json(config, "the CognitoClient config");
    const core = construct(() => new Core(text));
    // Read once: the caller may change the object later. The core checked every field; only
    // what the userContextData hook is told is kept here (not the client secret).
    const { userPoolId, clientId } = JSON.parse(text);
    this.#config = { userPoolId, clientId };
    const fetch = config.fetch;
    this.#userContextData = config.userContextData;
    this.#connection = new Connection(core, fetch ?? ((url, init) => globalThis.fetch(url, init)));
    this.#connection.precompute();
  }

  async signIn(input) {
    const connection = this.#connection;
    const flow = connection.core.signIn(json(input, "the signIn input"));
    const username = flow.username;
    let userContextData;
    if (this.#userContextData && username !== undefined) {
      userContextData = this.#askUserContextData(username);
    }
    const run = connection.run(flow, userContextData);
    connection.precompute();
    return run;
  }

  // Advanced security's `EncodedData` for this sign-in, from the config's hook.
  #askUserContextData(username) {
    const { userPoolId, clientId } = this.#config;
    let value;
    try {
      value = this.#userContextData({ username, userPoolId, clientId });
    } catch {
      throw clientError("InvalidParameterError", "the userContextData hook threw");
    }
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") {
      throw clientError("InvalidParameterError", "the userContextData hook must return a string or undefined");
    }
    return value;
  }

  async initiateAuth(input) {
    return this.#connection.run(this.#connection.core.raw("InitiateAuth", json(input, "the InitiateAuth input")));
  }

  async respondToAuthChallenge(input) {
    const text = json(input, "the RespondToAuthChallenge input");
    return this.#connection.run(this.#connection.core.raw("RespondToAuthChallenge", text));
  }
}

/** A signed-in user: `tokens`, the `device` this client tracks for the user, device calls. */
export class SignedIn {
  #connection;
  #tokens;
  #accessToken;
  #device;

  constructor(connection, { tokens, device }) {
    this.#connection = connection;
    this.#tokens = tokens;
    // Kept apart: the caller may change the tokens object it is handed.
    this.#accessToken = tokens.accessToken;
    this.#device = device;
  }

  get tokens() {
    return this.#tokens;
  }

  get challengeName() {
    return undefined;
  }

  get device() {
    return this.#device && { ...this.#device };
  }

  toJSON() {
    return this.#device ? { tokens: this.#tokens, device: this.device } : { tokens: this.#tokens };
  }

  async rememberDevice() {
    await this.#call("remember");
  }

  async forgetDevice() {
    await this.#call("forget");
  }

  async listDevices() {
    return this.#call("list");
  }

  #call(call) {
    const { core } = this.#connection;
    return this.#connection.run(core.device(call, this.#accessToken, this.#device?.deviceKey));
  }
}

// --- challenges ----------------------------------------------------------------------------

class Challenge {
  #connection;
  #flow;
  #info;

  constructor(connection, flow, info) {
    this.#connection = connection;
    this.#flow = flow;
    this.#info = info;
  }

  get challengeName() {
    return this.#info.challengeName;
  }

  get challengeParameters() {
    return { ...this.#info.challengeParameters };
  }

  get session() {
    return this.#info.session ?? undefined;
  }

  get expiresAt() {
    return this.#info.expiresAt;
  }

  get tokens() {
    return undefined;
  }

  // The answer is handed to the core at once (so that a second call is refused before any
  // await), then sent.
  async respond(answer) {
    return this._step(RESPOND, json(answer, "the answer"));
  }

  _info(key) {
    const value = this.#info[key];
    return Array.isArray(value) ? [...value] : value && typeof value === "object" ? { ...value } : value;
  }

  // One step of this challenge's flow (`op`, with the answer's text), then the flow's course.
  _step(op, text) {
    const connection = this.#connection;
    return drive(connection, this.#flow, this.#flow.step(connection.core, op, this.#info.generation, text));
  }
}

class CodeChallenge extends Challenge {
  get destination() {
    return this._info("destination");
  }

  get deliveryMedium() {
    return this._info("deliveryMedium");
  }
}

/** `SMS_MFA`: a code was sent by SMS; answer `{ code }`. */
export class SmsMfaChallenge extends CodeChallenge {}
/** `EMAIL_OTP`: a code was sent by email; answer `{ code }`. */
export class EmailOtpChallenge extends CodeChallenge {}
/** `SOFTWARE_TOKEN_MFA`: answer `{ code }` from the authenticator app. */
export class SoftwareTokenMfaChallenge extends Challenge {}
/** `CUSTOM_CHALLENGE`: answer `{ answer }`. */
export class CustomChallenge extends Challenge {}
/** Any other challenge: answer with Cognito's `ChallengeResponses`. */
export class OtherChallenge extends Challenge {}

/** `SELECT_MFA_TYPE`: answer `{ mfaType }`, one of `allowedMfaTypes`. */
export class SelectMfaTypeChallenge extends Challenge {
  get allowedMfaTypes() {
    return this._info("allowedMfaTypes");
  }
}

/** `NEW_PASSWORD_REQUIRED`: answer `{ newPassword, attributes? }`. */
export class NewPasswordRequiredChallenge extends Challenge {
  get userAttributes() {
    return this._info("userAttributes");
  }

  get requiredAttributes() {
    return this._info("requiredAttributes");
  }
}

/** `MFA_SETUP`: `setupTotp()` then `verifyTotp({ code })`, or `setupEmail({ email })`. */
export class MfaSetupChallenge extends Challenge {
  get mfasCanSetup() {
    return this._info("mfasCanSetup");
  }

  async setupTotp() {
    return this._step(SETUP_TOTP);
  }

  async verifyTotp(input) {
    return this._step(VERIFY_TOTP, json(input, "the verifyTotp input"));
  }

  async setupEmail(input) {
    return this._step(SETUP_EMAIL, json(input, "the setupEmail input"));
  }
}

const CHALLENGES = {
  SmsMfaChallenge,
  EmailOtpChallenge,
  SoftwareTokenMfaChallenge,
  SelectMfaTypeChallenge,
  NewPasswordRequiredChallenge,
  CustomChallenge,
  MfaSetupChallenge,
  OtherChallenge,
};

/** The TOTP secret of an `MFA_SETUP` challenge, for the user's authenticator app. */
export class TotpSetup {
  #secretCode;

  constructor(secretCode) {
    this.#secretCode = secretCode;
  }

  get secretCode() {
    return this.#secretCode;
  }

  uri(issuer, accountName) {
    if (typeof issuer !== "string" || typeof accountName !== "string") {
      throw clientError("InvalidParameterError", "issuer and accountName must be strings");
    }
    return totpUri(this.#secretCode, issuer, accountName);
  }
}

// --- SRP for callers with their own transport ----------------------------------------------

/** One SRP run: a fresh secret `a` and `SRP_A` on creation, then the `PASSWORD_VERIFIER` answer. */
export class SrpHelper {
  #run;

  constructor() {
    this.#run = construct(() => new SrpRun());
  }

  get srpA() {
    return this.#run.srpA;
  }

  passwordVerifier(input) {
    return outcome(this.#run.passwordVerifier(json(input, "the passwordVerifier input"), Date.now())).result;
  }
}

// The build minifies identifiers; the public classes keep their names (logs, `constructor.name`).
for (const [name, type] of Object.entries({ ...CHALLENGES, CognitoClient, SignedIn, SrpHelper, TotpSetup })) {
  Object.defineProperty(type, "name", { value: name });
}
