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

// What the user is asked for each challenge this demo answers, and how the answer is shaped.
const PROMPTS = {
  SMS_MFA: ["Code sent by SMS", (value) => ({ code: value })],
  EMAIL_OTP: ["Code sent by email", (value) => ({ code: value })],
  SOFTWARE_TOKEN_MFA: ["Code from your authenticator app", (value) => ({ code: value })],
  NEW_PASSWORD_REQUIRED: ["Choose a new password", (value) => ({ newPassword: value })],
  CUSTOM_CHALLENGE: ["Answer", (value) => ({ answer: value })],
};

let pending = null; // the challenge waiting for the user's answer

function signedIn(step, started) {
  const id = payload(step.tokens.idToken);
  const expires = new Date(id.exp * 1000);
  show("ok", line(`Signed in as ${id.name ?? id["cognito:username"]}.`), facts([
    ["username", id["cognito:username"]],
    ["email", id.email ?? "—"],
    ["expires", `${expires.toLocaleString()} (in ${step.tokens.expiresIn} s)`],
    ["sign-in took", `${Math.round(performance.now() - started)} ms`],
  ]));
  $("result").dataset.state = "signed-in";
}

function ask(step) {
  const prompt = PROMPTS[step.challengeName];
  if (!prompt) {
    show("", line(`Cognito asks for ${step.challengeName}; this demo does not answer it.`));
    $("result").dataset.state = "challenge";
    return;
  }
  pending = step;
  $("challenge-label").textContent = prompt[0];
  $("answer").type = step.challengeName === "NEW_PASSWORD_REQUIRED" ? "password" : "text";
  $("answer").value = "";
  $("challenge").hidden = false;
  const where = step.destination ? ` (sent to ${step.destination})` : "";
  show("", line(`Cognito asks for ${step.challengeName}${where}.`));
  $("result").dataset.state = "challenge";
  $("result").dataset.challenge = step.challengeName;
  $("answer").focus();
}

async function run(action) {
  $("submit").disabled = true;
  $("answer-submit").disabled = true;
  const started = performance.now();
  try {
    const step = await action();
    $("challenge").hidden = true;
    pending = null;
    if (step.tokens) signedIn(step, started);
    else ask(step);
  } catch (err) {
    show("error", line(`${err.name}: ${err.message}`));
    $("result").dataset.state = "error";
  } finally {
    $("submit").disabled = false;
    $("answer-submit").disabled = false;
  }
}

$("sign-in").addEventListener("submit", (event) => {
  event.preventDefault();
  show("", line("Signing in…"));
  run(() => client.signIn({ username: $("username").value, password: $("password").value }));
});

$("challenge").addEventListener("submit", (event) => {
  event.preventDefault();
  if (!pending) return;
  const step = pending;
  const shape = PROMPTS[step.challengeName][1];
  run(() => step.respond(shape($("answer").value)));
});
