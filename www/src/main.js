// The demo: a single page over one CognitoClient at a time, for the user pool and app client
// chosen in the page (the local peer's pools, or the one real pool of config.json: targets.js).
// The session lives in the client's default storage ("local"), so a reload resumes it with
// `currentSession()`; the client's events (signedIn, tokenRefresh, signedOut) update the view.
import "./style.css";
import { CognitoClient } from "cognito-auth-wasm";
import { $, act, el, logEvent, report } from "./view.js";
import { loadTargets } from "./targets.js";
import { mountSignIn } from "./sign-in.js";
import { mountSessionPanel } from "./session-panel.js";
import { mountAccountForms } from "./account-forms.js";

const app = {
  client: null,
  /** Whether the account views show while a user is signed in ("sign in again"). */
  switching: false,
  signedInNow: false,
  showSignIn(visible) {
    app.signedInNow = !visible;
    route();
  },
  /** Shows the session of a sign-in that ended in tokens; resolves to the status text. */
  async signedIn(result) {
    const session = await app.client.currentSession();
    app.switching = false;
    panel.show(session);
    panel.showDevice({ result, username: session?.username });
    return `Signed in as ${displayName(session)}.`;
  },
  toSignIn(username) {
    signIn.fill({ signInAs: username, password: "", flow: "USER_SRP_AUTH" });
    location.hash = "#/sign-in";
  },
};

function displayName(session) {
  const claims = session?.idTokenClaims ?? {};
  return String(claims.name ?? claims.email ?? claims["cognito:username"] ?? session?.username ?? "?");
}

// ---------------------------------------------------------------------------------------------
// Views: #/sign-in (default), #/sign-up, #/forgot-password. While a user is signed in they hide
// behind the session panel until "sign in again".

function route() {
  const name = location.hash.replace(/^#\//, "") || "sign-in";
  const visible = !app.signedInNow || app.switching;
  $("views").hidden = !visible;
  for (const section of document.querySelectorAll("section[data-view]")) {
    section.hidden = !visible || section.dataset.view !== name;
  }
  for (const link of $("views").querySelectorAll("a")) {
    if (link.dataset.view === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}
addEventListener("hashchange", route);

$("switch-user").addEventListener("click", () => {
  app.switching = true;
  location.hash = "#/sign-in";
  route();
  $("username").focus();
});

const signIn = mountSignIn(app);
const panel = mountSessionPanel(app);
const accounts = mountAccountForms(app);

// ---------------------------------------------------------------------------------------------
// The pool and app client, kept in the address (?pool=…&client=…) so that a reload keeps them.

let unsubscribe = [];

/** Shows the session the client has now (after one of its events). */
function showCurrentSession(client) {
  client.currentSession().then(
    (session) => client === app.client && panel.show(session),
    (err) => client === app.client && report("error", `${err.name}: ${err.message}`),
  );
}

function connect(pool, appClient) {
  for (const off of unsubscribe) off();
  const client = new CognitoClient(appClient.config);
  app.client = client;
  app.switching = false;
  unsubscribe = [
    client.on("signedIn", ({ username }) => {
      logEvent("signedIn", username);
      showCurrentSession(client);
    }),
    client.on("tokenRefresh", ({ username }) => {
      logEvent("tokenRefresh", username);
      showCurrentSession(client);
    }),
    client.on("tokenRefreshFailure", ({ error }) => logEvent("tokenRefreshFailure", error.name)),
    // No session is left to read: a currentSession() now would join the refresh that failed.
    client.on("signedOut", ({ reason }) => {
      logEvent("signedOut", reason);
      if (client === app.client) panel.show(null);
    }),
  ];
  signIn.reset();
  accounts.reset();
  showUsers(pool);
  // The pool's first user to start from (the peer's `demo` user in its `main` pool).
  if (pool.users.length > 0) $("username").value = pool.users[0].signInAs;
  panel.showDevice(null);
  return act("load", [], async () => {
    const session = await client.currentSession();
    panel.show(session);
    if (!session) return { state: "signed-out", text: "Nobody is signed in." };
    return { state: "signed-in", text: `Signed in as ${displayName(session)}.` };
  });
}

/** The peer's users of `pool`, each a button that fills the sign-in form. */
function showUsers(pool) {
  $("users").hidden = pool.users.length === 0;
  $("user-list").replaceChildren(...pool.users.map((user) => {
    const button = el("button", user.signInAs, { type: "button", class: "link" });
    button.addEventListener("click", () => {
      const flow = user.reaches.startsWith("CUSTOM_CHALLENGE") ? "CUSTOM_WITH_SRP" : "USER_SRP_AUTH";
      signIn.fill({ signInAs: user.signInAs, password: user.password, flow });
      location.hash = "#/sign-in";
    });
    const item = el("li");
    item.append(button, ` (password ${user.password}): ${user.reaches}`);
    return item;
  }));
}

function options(select, names, chosen) {
  select.replaceChildren(...names.map((name) => el("option", name, { value: name })));
  select.value = chosen;
}

async function start() {
  const targets = await loadTargets();
  $("endpoint").textContent = targets.endpoint;
  const params = new URLSearchParams(location.search);
  const pool = targets.pools.find((p) => p.name === params.get("pool")) ?? targets.pools[0];
  const appClient = pool.clients.find((c) => c.name === params.get("client")) ?? pool.clients[0];

  $("target").hidden = targets.kind !== "peer";
  options($("pool"), targets.pools.map((p) => p.name), pool.name);
  options($("app-client"), pool.clients.map((c) => c.name), appClient.name);

  function choose() {
    const chosenPool = targets.pools.find((p) => p.name === $("pool").value);
    if (!chosenPool.clients.some((c) => c.name === $("app-client").value)) {
      options($("app-client"), chosenPool.clients.map((c) => c.name), chosenPool.clients[0].name);
    }
    const chosenClient = chosenPool.clients.find((c) => c.name === $("app-client").value);
    const query = new URLSearchParams({ pool: chosenPool.name, client: chosenClient.name });
    history.replaceState(null, "", `?${query}${location.hash}`);
    connect(chosenPool, chosenClient);
  }
  $("pool").addEventListener("change", choose);
  $("app-client").addEventListener("change", choose);

  route();
  await connect(pool, appClient);
  $("submit").disabled = false;
}

start().catch((err) => report("error", `${err?.name ?? "Error"}: ${err?.message ?? err}`));
