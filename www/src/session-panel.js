// The session panel: who is signed in and when the tokens expire (from `currentSession()`), the
// refresh and sign-out buttons, and the device a sign-in confirmed (remember, list, forget).
// The tokens themselves are never shown or logged.
import { $, act, el, facts } from "./view.js";

/** Seconds from now until `at` (milliseconds since the epoch), never below zero. */
const secondsUntil = (at) => Math.max(0, Math.round((at - Date.now()) / 1000));

const time = (ms) => new Date(ms).toLocaleTimeString();

/**
 * Wires `#session` to `app` (main.js: `app.client`, `app.showSignIn(visible)`). Returns
 * `{ show(session), showDevice(signedIn) }`.
 */
export function mountSessionPanel(app) {
  let current = null; // the Session shown
  let device = null; // the SignedIn result whose device is shown
  const buttons = ["refresh", "sign-out", "sign-out-global", "remember-device", "list-devices", "forget-device"].map($);

  function show(session) {
    current = session;
    $("session").hidden = !session;
    if (!session) {
      showDevice(null);
      app.showSignIn(true);
      return;
    }
    const id = session.idTokenClaims ?? {};
    const access = session.accessTokenClaims ?? {};
    facts($("session-facts"), [
      ["signed in as", String(id.name ?? id.email ?? session.username)],
      ["username", session.username],
      ["email", String(id.email ?? "—")],
      ["tokens issued", typeof access.iat === "number" ? time(access.iat * 1000) : "—"],
      ["tokens expire", `${time(session.expiresAt)} (in ${secondsUntil(session.expiresAt)} s)`],
    ]);
    $("session-facts").lastElementChild.id = "session-expires";
    if (device && device.username !== session.username) showDevice(null);
    app.showSignIn(false);
  }

  // The countdown to expiry, once a second while a session is shown.
  setInterval(() => {
    if (current) $("session-expires").textContent = `${time(current.expiresAt)} (in ${secondsUntil(current.expiresAt)} s)`;
  }, 1000);

  /** Shows the device of `signedIn` (a SignedIn result, with the `username` it belongs to). */
  function showDevice(signedIn) {
    device = signedIn?.result.device ? signedIn : null;
    $("device").hidden = !device;
    $("devices").replaceChildren();
    if (!device) return;
    const { deviceKey, userConfirmationNecessary } = device.result.device;
    facts($("device-facts"), [
      ["device key", deviceKey],
      ["remembered", userConfirmationNecessary ? "not yet: the pool remembers it when asked" : "confirmed by the pool"],
    ]);
    $("device-facts").lastElementChild.id = "device-status";
  }

  $("refresh").addEventListener("click", () => act("refresh", buttons, async () => {
    const session = await app.client.currentSession({ forceRefresh: true });
    show(session);
    if (!session) return { state: "signed-out", text: "No session to refresh." };
    return { state: "ok", text: `Tokens refreshed; they expire at ${time(session.expiresAt)}.` };
  }));

  $("sign-out").addEventListener("click", () => act("sign-out", buttons, async () => {
    await app.client.signOut();
    return { state: "signed-out", text: "Signed out: the refresh token is revoked." };
  }));

  $("sign-out-global").addEventListener("click", () => act("sign-out-global", buttons, async () => {
    await app.client.signOut({ global: true });
    return { state: "signed-out", text: "Signed out everywhere: every session of the user is revoked." };
  }));

  $("remember-device").addEventListener("click", () => act("remember-device", buttons, async () => {
    await device.result.rememberDevice();
    $("device-status").textContent = "yes: a sign-in from it skips MFA";
    return { state: "ok", text: "The device is remembered." };
  }));

  $("list-devices").addEventListener("click", () => act("list-devices", buttons, async () => {
    const devices = await device.result.listDevices();
    const ours = device.result.device.deviceKey;
    $("devices").replaceChildren(...devices.map((d) => {
      const name = d.attributes.device_name ?? d.deviceKey;
      const status = d.attributes["dev:device_remembered_status"] ?? "unknown";
      const item = el("li", `${name}: ${status}${d.deviceKey === ours ? " (this device)" : ""}`);
      item.dataset.status = status;
      if (d.deviceKey === ours) item.dataset.current = "";
      return item;
    }));
    return { state: "ok", text: `${devices.length} device(s).` };
  }));

  $("forget-device").addEventListener("click", () => act("forget-device", buttons, async () => {
    await device.result.forgetDevice();
    showDevice(null);
    return { state: "ok", text: "The device is forgotten: the next sign-in asks for MFA again." };
  }));

  return { show, showDevice };
}
