// The WebAssembly core's loader and its few objects (src/js.rs is the other side of this ABI).
//
// Text crosses in one buffer the module owns: `io(n)` wipes it and makes room for n bytes, the
// arguments' UTF-8 is written there one after the other and each call gets their lengths; a
// call that answers leaves its text there (`io_ptr`, `io_len`), read and wiped at once. A client,
// a flow and an SRP run are handles (slab indices) freed when their object is collected.
// Addresses are unsigned (`>>> 0`); the module instance is `wasm`, set once by an entry point.

let wasm;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const released = new FinalizationRegistry(([free, handle]) => wasm[free](handle));

const imports = {
  env: {
    // `getrandom`'s source: 1 when the bytes were filled (at most 65536 per call).
    fill_random(ptr, len) {
      try {
        for (let at = 0; at < len; at += 65536) {
          crypto.getRandomValues(new Uint8Array(wasm.memory.buffer, (ptr >>> 0) + at, Math.min(len - at, 65536)));
        }
        return 1;
      } catch {
        return 0;
      }
    },
  },
};

/** The module's memory: for tests that check what it keeps (not part of the package's API). */
export const memory = () => wasm.memory;

// A module of one function using a SIMD128 instruction (i8x16.splat, i8x16.popcnt): the SRP
// arithmetic needs SIMD128, and an engine without it would only say "CompileError".
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0,
  10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

/** Whether this engine has WebAssembly SIMD128. */
export const simdSupported = () => WebAssembly.validate(SIMD_PROBE);

function loaderError(name, message, retryable) {
  const error = new Error(message);
  error.name = name;
  error.retryable = retryable;
  return error;
}

function requireSimd() {
  if (!simdSupported()) {
    throw loaderError("NotSupportedError", "this JavaScript engine lacks WebAssembly SIMD128 (every current browser and Node 16.4+ have it)", false);
  }
}

/** Instantiates the core from the module's bytes (Node: synchronously). */
export function instantiateSync(bytes) {
  requireSimd();
  wasm = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports).exports;
}

/** Instantiates the core from the module's URL, compiling while it downloads when served as
 * `application/wasm`. */
export async function instantiate(url) {
  requireSimd();
  let response;
  try {
    response = await fetch(url);
  } catch (reason) {
    throw loaderError("NetworkError", `the module ${url} could not be fetched: ${reason?.message ?? reason}`, true);
  }
  if (!response.ok) throw loaderError("NetworkError", `the module ${url} could not be fetched: HTTP ${response.status}`, response.status >= 500);
  const { instance } =
    typeof WebAssembly.instantiateStreaming === "function" &&
    response.headers.get("Content-Type")?.startsWith("application/wasm")
      ? await WebAssembly.instantiateStreaming(response, imports)
      : await WebAssembly.instantiate(await response.arrayBuffer(), imports);
  wasm = instance.exports;
}

// Writes the texts (`undefined`/`null` for none) into the buffer; their UTF-8 lengths, -1 for none.
function put(...texts) {
  let ptr = wasm.io(texts.reduce((size, text) => size + (text?.length ?? 0) * 3, 0)) >>> 0;
  return texts.map((text) => {
    if (text == null) return -1;
    const { written } = encoder.encodeInto(text, new Uint8Array(wasm.memory.buffer, ptr, text.length * 3));
    ptr += written;
    return written;
  });
}

// The text a call left, then wiped.
function take() {
  const text = decoder.decode(new Uint8Array(wasm.memory.buffer, wasm.io_ptr() >>> 0, wasm.io_len()));
  wasm.io(0);
  return text;
}

// A handle the module returned; 0 is a refusal whose error JSON text is thrown.
function handle(object, value, free) {
  if (!value) throw take();
  released.register(object, [free, value]);
  return value;
}

/** A client: throws the error's JSON text when the configuration is invalid. */
export class Core {
  constructor(configJson) {
    this.h = handle(this, wasm.core_new(...put(configJson)), "core_free");
  }

  /** Computes the next sign-in's `SRP_A` (call when idle). */
  precompute() {
    wasm.core_precompute(this.h);
  }

  signIn(inputJson) {
    return new Flow(wasm.core_sign_in(this.h, ...put(inputJson)));
  }

  /** `operation` is `InitiateAuth` or `RespondToAuthChallenge`. */
  raw(operation, inputJson) {
    return new Flow(wasm.core_raw(this.h, operation === "InitiateAuth" ? 0 : 1, ...put(inputJson)));
  }

  /** `call` is `remember`, `forget` or `list`. */
  device(call, accessToken, deviceKey) {
    return new Flow(wasm.core_device(this.h, ["remember", "forget"].indexOf(call), ...put(accessToken, deviceKey)));
  }
}

/** The steps of a flow (`flow_step`'s `op`). */
export const START = 0;
export const RECEIVE = 1;
export const RESPOND = 2;
export const SETUP_TOTP = 3;
export const VERIFY_TOTP = 4;
export const SETUP_EMAIL = 5;

/** An exchange: every method returns an outcome's JSON text. */
class Flow {
  constructor(h) {
    this.h = h;
    if (h) released.register(this, ["flow_free", h]);
  }

  /** What the user typed as the username of a sign-in about to start; `undefined` when the
   * input was invalid. */
  get username() {
    return wasm.flow_username(this.h) ? take() : undefined;
  }

  /** One step (`flow_step` in src/js.rs): `op` (above) and its number `arg` (the HTTP status of
   * Cognito's answer, or the generation of the challenge answered), the text (or none). */
  step(core, op, arg, text, nowMs) {
    wasm.flow_step(this.h, core.h, op, arg, ...put(text), nowMs);
    return take();
  }
}

/** One SRP run: throws the error's JSON text when no randomness is available. */
export class SrpRun {
  constructor() {
    this.h = handle(this, wasm.srp_new(), "srp_free");
  }

  get srpA() {
    wasm.srp_a(this.h);
    return take();
  }

  /** The `PASSWORD_VERIFIER` `ChallengeResponses` for `{ userPoolId, challengeParameters,
   * password, timestamp? }` (`timestamp` defaults to `nowMs`). */
  passwordVerifier(inputJson, nowMs) {
    wasm.srp_verifier(this.h, ...put(inputJson), nowMs);
    return take();
  }
}

/** `otpauth://totp/<issuer>:<accountName>?secret=<secretCode>&issuer=<issuer>`. */
export function totpUri(secretCode, issuer, accountName) {
  wasm.totp_uri(...put(secretCode, issuer, accountName));
  return take();
}
