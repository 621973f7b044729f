// The demo page: signs in with SRP against the pool described by seed.json (written by
// `scripts/dev.sh demo` from the local peer), then shows who signed in and when the tokens expire.
import { CognitoClient } from "./pkg/index.js";

const $ = (id) => document.getElementById(id);
const seed = await (await fetch("seed.json")).json();
const pool = seed.pools.main;
const demo = pool.users.demo;

const client = new CognitoClient({
  userPoolId: pool.userPoolId,
  clientId: pool.clients.public.clientId,
  endpoint: seed.endpoint,
});

$("endpoint").textContent = seed.endpoint;
$("username").value = demo.signInAs;
$("submit").disabled = false;

function payload(jwt) {
  const part = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

function show(className, ...children) {
  const result = $("result");
  result.className = className;
  result.replaceChildren(...children);
}

function line(text) {
  const p = document.createElement("p");
  p.textContent = text;
  return p;
}

function facts(rows) {
  const dl = document.createElement("dl");
  for (const [name, value] of rows) {
    const dt = document.createElement("dt");
    const dd = document.createElement("dd");
    dt.textContent = name;
    dd.textContent = value;
    dl.append(dt, dd);
  }
  return dl;
}

$("sign-in").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("submit").disabled = true;
  show("", line("Signing in…"));
  const started = performance.now();
  try {
    const step = await client.signIn({ username: $("username").value, password: $("password").value });
    const ms = Math.round(performance.now() - started);
    if (step.tokens) {
      const id = payload(step.tokens.idToken);
      const expires = new Date(id.exp * 1000);
      show("ok", line(`Signed in as ${id.name ?? id["cognito:username"]}.`), facts([
        ["username", id["cognito:username"]],
        ["email", id.email ?? "—"],
        ["expires", `${expires.toLocaleString()} (in ${step.tokens.expiresIn} s)`],
        ["sign-in took", `${ms} ms`],
      ]));
      $("result").dataset.state = "signed-in";
    } else {
      show("", line(`Cognito asks for ${step.challengeName}; answering it is not in this demo yet.`));
      $("result").dataset.state = "challenge";
    }
  } catch (err) {
    show("error", line(`${err.name}: ${err.message}`));
    $("result").dataset.state = "error";
  } finally {
    $("submit").disabled = false;
  }
});
