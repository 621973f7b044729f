// Headless Firefox through geckodriver and WebDriver BiDi, for tests/js/firefox.mjs and the
// benchmark (tests/bench/run.mjs). playwright-core drives only its own patched Firefox builds, so
// Debian's firefox-esr is driven the standard way: geckodriver (cargo install geckodriver) opens a
// session with `webSocketUrl: true`, and everything after that is BiDi over the WebSocket.
//
//   const firefox = await launchFirefox();             // env GECKODRIVER, FIREFOX
//   firefox.on("log.entryAdded", (params) => ...);     // console messages and uncaught errors
//   const tab = await firefox.newTab();
//   await firefox.navigate(tab, url);
//   const value = await firefox.call(tab, "(a, b) => a + b", 1, 2);
//   await firefox.close();
//
// Values cross as JSON text in both directions (`call`'s arguments and result, `expose`'s
// argument), so that no BiDi remote-value decoding is needed.
import { spawn } from "node:child_process";
import { homedir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";

const DEFAULT_GECKODRIVER = join(process.env.CARGO_HOME ?? join(homedir(), ".cargo"), "bin", "geckodriver");

/**
 * Firefox's wasm SIMD compiled without AVX (VEX) encodings. On this project's CI machines (VMs),
 * Firefox 140 as it comes runs wasm SIMD code about 200× slower than Chromium in most content
 * processes (not all, and not always the same ones): SrpHelper's A takes ~650 ms instead of ~3 ms,
 * a v128 load-add-store loop 1.3 s instead of 14 ms, while scalar wasm runs at Chromium's speed.
 * Without AVX encodings Firefox is on par with Chromium every time. Only the instruction encoding
 * changes, not what the code computes.
 */
export const NO_SIMD_AVX = { "javascript.options.wasm_simd_avx": false };

/**
 * Starts geckodriver (`$GECKODRIVER`, default ~/.cargo/bin/geckodriver) on a free port, and in it
 * a headless Firefox (`$FIREFOX`, default /usr/bin/firefox-esr) with BiDi on a free port and
 * `prefs` on top of its own.
 */
export async function launchFirefox({
  geckodriver = process.env.GECKODRIVER ?? DEFAULT_GECKODRIVER,
  binary = process.env.FIREFOX ?? "/usr/bin/firefox-esr",
  prefs = {},
} = {}) {
  const driver = spawn(geckodriver, ["--port", "0", "--websocket-port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  const driverLog = [];
  const keep = (chunk) => {
    driverLog.push(...chunk.toString().split("\n").filter(Boolean));
    driverLog.splice(0, Math.max(0, driverLog.length - 40));
  };
  driver.stderr.on("data", keep);
  const exited = new Promise((ok) => driver.once("exit", (code, signal) => ok(signal ?? `exit ${code}`)));
  const fail = (what) => new Error(`${what}\ngeckodriver's last lines:\n  ${driverLog.join("\n  ")}`);

  const port = await new Promise((ok, no) => {
    let text = "";
    driver.stdout.on("data", (chunk) => {
      keep(chunk);
      text += chunk;
      const m = text.match(/Listening on [\d.]+:(\d+)/);
      if (m) ok(Number(m[1]));
    });
    driver.once("error", (err) => no(new Error(`cannot start ${geckodriver}: ${err.message}`)));
    exited.then((how) => no(fail(`geckodriver ended (${how}) before listening`)));
  });

  const http = async (method, path, body) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
    const json = await res.json();
    if (!res.ok) throw fail(`geckodriver ${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
    return json.value;
  };
  let session;
  try {
    session = await http("POST", "/session", {
      capabilities: {
        alwaysMatch: {
          browserName: "firefox",
          webSocketUrl: true,
          "moz:firefoxOptions": {
            binary,
            args: ["-headless"],
            // Less traffic of Firefox's own (geckodriver's recommended preferences do the rest).
            prefs: {
              "network.captive-portal-service.enabled": false,
              "network.connectivity-service.enabled": false,
              ...prefs,
            },
          },
        },
      },
    });
  } catch (err) {
    driver.kill();
    throw err;
  }
  const socket = new WebSocket(session.capabilities.webSocketUrl);
  await new Promise((ok, no) => {
    socket.once("open", ok);
    socket.once("error", (err) => no(fail(`BiDi WebSocket: ${err.message}`)));
  });
  return new Firefox({ driver, exited, http, session, socket, fail });
}

class Firefox {
  #driver;
  #exited;
  #http;
  #session;
  #socket;
  #fail;
  #nextId = 1;
  #pending = new Map();
  #listeners = new Map();
  #userContexts = new Map();
  #closing = false;
  #onExit;
  /** Resolves to how the browser session ended, if it ends before close(). */
  ended;

  constructor({ driver, exited, http, session, socket, fail }) {
    this.#driver = driver;
    this.#exited = exited;
    this.#http = http;
    this.#session = session;
    this.#socket = socket;
    this.#fail = fail;
    this.version = session.capabilities.browserVersion;
    /** The browser's process id: its content processes are its descendants. */
    this.pid = session.capabilities["moz:processID"];
    // A run that ends without close() (an exception, process.exit) must not leave Firefox behind:
    // geckodriver stops it on SIGTERM, but not when geckodriver is killed outright.
    this.#onExit = () => this.#kill("SIGKILL");
    process.once("exit", this.#onExit);
    socket.on("message", (data) => this.#receive(JSON.parse(data.toString())));
    const lost = (why) => {
      for (const { no } of this.#pending.values()) no(fail(why));
      this.#pending.clear();
    };
    this.ended = new Promise((ok) => {
      socket.once("close", () => {
        lost("the BiDi connection closed");
        if (!this.#closing) ok("the BiDi connection closed");
      });
      exited.then((how) => {
        lost(`geckodriver ended (${how})`);
        if (!this.#closing) ok(`geckodriver ended (${how})`);
      });
    });
  }

  #receive(message) {
    if (message.type === "event") {
      for (const fn of this.#listeners.get(message.method) ?? []) fn(message.params);
      return;
    }
    const waiter = this.#pending.get(message.id);
    if (!waiter) return;
    this.#pending.delete(message.id);
    if (message.type === "success") waiter.ok(message.result);
    else waiter.no(new Error(`BiDi ${waiter.method}: ${message.error}: ${message.message}`));
  }

  /** Sends a BiDi command; resolves to its result. */
  send(method, params = {}) {
    const id = this.#nextId++;
    return new Promise((ok, no) => {
      this.#pending.set(id, { ok, no, method });
      this.#socket.send(JSON.stringify({ id, method, params }), (err) => {
        if (err) {
          this.#pending.delete(id);
          no(this.#fail(`BiDi ${method}: ${err.message}`));
        }
      });
    });
  }

  /** Calls `fn(params)` for every BiDi event `method`, once subscribed to it. */
  async on(method, fn) {
    if (!this.#listeners.has(method)) {
      this.#listeners.set(method, []);
      await this.send("session.subscribe", { events: [method] });
    }
    this.#listeners.get(method).push(fn);
  }

  /**
   * A new tab, in a new user context (its own cookies, storage and caches) when `isolated`; its
   * context id.
   */
  async newTab({ isolated = false } = {}) {
    const params = { type: "tab" };
    if (isolated) params.userContext = (await this.send("browser.createUserContext")).userContext;
    const { context } = await this.send("browsingContext.create", params);
    if (isolated) this.#userContexts.set(context, params.userContext);
    return context;
  }

  /** Closes the tab, and the user context newTab made for it. */
  async closeTab(context) {
    const userContext = this.#userContexts.get(context);
    this.#userContexts.delete(context);
    if (userContext) await this.send("browser.removeUserContext", { userContext });
    else await this.send("browsingContext.close", { context });
  }

  /** Loads `url` in the tab and waits for its load event. */
  async navigate(context, url) {
    await this.send("browsingContext.navigate", { context, url, wait: "complete" });
  }

  /**
   * Defines `window[name]` in every page loaded from now on in `context` (before the page's own
   * scripts run): calling it sends its argument, as JSON, to `fn` in Node.
   */
  async expose(context, name, fn) {
    const channel = `expose-${name}`;
    await this.on("script.message", (params) => {
      if (params.channel !== channel) return;
      const text = params.data?.value;
      fn(text === undefined ? undefined : JSON.parse(text));
    });
    await this.send("script.addPreloadScript", {
      functionDeclaration: `(send) => { window[${JSON.stringify(name)}] = (value) => { send(value === undefined ? undefined : JSON.stringify(value)); }; }`,
      arguments: [{ type: "channel", value: { channel } }],
      contexts: [context],
    });
  }

  /**
   * Evaluates the function expression `fnText` in the page with `args` (JSON values) and resolves
   * to its result (awaited, and passed as JSON); a throw in the page rejects with its text.
   */
  async call(context, fnText, ...args) {
    const out = await this.send("script.callFunction", {
      functionDeclaration: `async (json) => JSON.stringify(await (${fnText})(...JSON.parse(json)) ?? null)`,
      arguments: [{ type: "string", value: JSON.stringify(args) }],
      target: { context },
      awaitPromise: true,
      resultOwnership: "none",
    });
    if (out.type === "exception") {
      const details = out.exceptionDetails;
      throw new Error(details.text ?? details.exception?.value ?? "the page threw");
    }
    return JSON.parse(out.result.value);
  }

  /** Ends the session and geckodriver (which stops Firefox); both are killed if they linger. */
  async close() {
    this.#closing = true;
    try {
      await this.#http("DELETE", `/session/${this.#session.sessionId}`);
    } catch {
      // Already gone: stopping the processes is all that is left to do.
    }
    this.#socket.terminate();
    this.#driver.kill();
    const stopped = await Promise.race([this.#exited.then(() => true), new Promise((ok) => setTimeout(ok, 5000, false))]);
    if (!stopped) this.#kill("SIGKILL");
    process.removeListener("exit", this.#onExit);
  }

  /** Sends `signal` to Firefox's main process and to geckodriver, where they still run. */
  #kill(signal) {
    for (const pid of [this.pid, this.#driver.pid]) {
      if (!Number.isInteger(pid)) continue;
      try {
        process.kill(pid, signal);
      } catch {
        // Already ended.
      }
    }
  }
}
