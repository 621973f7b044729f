// Recovery after a trap. A WebAssembly trap (`RuntimeError`: an allocation that failed when the
// engine's memory ran out, a bug), or any exception unwinding wasm frames, leaves the instance's
// state broken. The call that crashed rejects (or throws) with a named `InternalError`, so do the
// calls in flight (their tasks died with the instance); the instance is replaced at once by a
// fresh one from the same module (wasm-bindgen's reset state, reached through `__restart`), and
// the old memory is wiped up to the allocator's high-water mark. Objects of the old instance then
// fail with an `InternalError` of their own; new ones work. docs/ARCHITECTURE.md tells the path.
import { __memory } from "./cognito_auth_wasm.js";

/** Raw wasm calls on the stack (through every instance's guarded exports). */
let depth = 0;

/** The glue's instance id: one more for each fresh instance. */
let generation = 0;

/** The rejecters of the API's promises in flight. */
const pending = new Set();

function internalError(message, retryable) {
  const error = new Error(message);
  error.name = "InternalError";
  error.retryable = retryable;
  return error;
}

const lost = () =>
  internalError("the WebAssembly module crashed and was restarted: this call was lost (a new client works)", false);

// The exports the event loop calls (closures, destructors): after a crash they return quietly
// to it, with a value the glue reads as "nothing".
const BACKGROUND = /^wasm_bindgen__convert__closures|_free$|^__wbindgen_destroy_closure$/;

/** The instance's exports as the glue calls them: every call that unwinds wasm frames (a trap
 * among them) ends this instance. The outermost call replaces it at once; calls still inside the
 * crashed one throw until they unwind. */
export function guard(raw) {
  let crashed = false;
  const exports = {};
  for (const name in raw) {
    const value = raw[name];
    exports[name] = typeof value !== "function" ? value : (...args) => {
      if (crashed) throw lost();
      let result;
      depth++;
      try {
        result = value(...args);
      } catch {
        crashed = true;
      } finally {
        depth--;
      }
      if (!crashed) return result;
      if (depth === 0) {
        restart(raw);
        if (BACKGROUND.test(name)) return [];
      }
      throw lost();
    };
  }
  return exports;
}

/** Rejects the calls in flight, wipes the crashed instance's memory and makes a fresh one. */
function restart(raw) {
  for (const reject of pending) reject(lost());
  pending.clear();
  const bytes = new Uint8Array(raw.memory.buffer);
  let end;
  try {
    // The allocator's high-water mark: above it lie only pages it never wrote (or none at all
    // when the memory grew from outside), so a memory of 4 GiB is not committed to be wiped.
    end = raw.__restart() >>> 0;
  } catch {
    end = bytes.length;
  }
  bytes.fill(0, 0, end > 0 && end < bytes.length ? end : bytes.length);
  generation++;
  try {
    __memory(); // the glue replaces a scheduled instance before any call
  } catch {
    // No memory left even for a fresh instance: the crashed one stays, and every call into it
    // fails with an InternalError.
  }
}

/** The current instance's memory (tests check what it keeps; not part of the API). */
export const memory = () => __memory();

// The API's methods that return promises: a crash or an object of a crashed instance rejects
// them, like every other failure, instead of throwing.
const ASYNC = new Set(["signIn", "initiateAuth", "respondToAuthChallenge", "respond", "setupTotp", "verifyTotp",
  "setupEmail", "rememberDevice", "forgetDevice", "listDevices", "currentSession", "signOut", "signUp",
  "confirmSignUp", "resendSignUpCode", "forgotPassword", "confirmForgotPassword", "changePassword", "getUser",
  "deleteUser", "updateUserAttributes", "sendUserAttributeVerificationCode", "verifyUserAttribute",
  "deleteUserAttributes", "setMfaPreference"]);

function wrap(fn, key) {
  const async = ASYNC.has(key);
  return function (...args) {
    // wasm-bindgen tags each object with its instance: an older one's pointers mean nothing now
    // (and freeing them would free the new instance's blocks).
    if (this.__wbg_inst !== undefined && this.__wbg_inst !== generation) {
      if (key === "free" || key === Symbol.dispose) return;
      const error = internalError(`this ${this.constructor.name} belongs to a WebAssembly instance that crashed: create a new client`, false);
      if (async) return Promise.reject(error);
      throw error;
    }
    if (!async) return fn.apply(this, args);
    let promise;
    try {
      promise = fn.apply(this, args);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      pending.add(reject);
      promise.then(resolve, reject).finally(() => pending.delete(reject));
    });
  };
}

/** Wraps the methods and getters of the API's classes (see `wrap`). */
export function protect(classes) {
  for (const name in classes) {
    const prototype = classes[name].prototype;
    for (const key of Reflect.ownKeys(prototype)) {
      const descriptor = Object.getOwnPropertyDescriptor(prototype, key);
      if (key === "constructor") continue;
      if (typeof descriptor.value === "function") descriptor.value = wrap(descriptor.value, key);
      if (descriptor.get) descriptor.get = wrap(descriptor.get, key);
      Object.defineProperty(prototype, key, descriptor);
    }
  }
}
