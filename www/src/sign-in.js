// The sign-in form and the challenge form: `signIn` with the chosen flow, then each challenge
// Cognito asks, answered in the page, until tokens (README.md's loop, one form per challenge).
import { $, act, el } from "./view.js";
import { drawQr } from "./totp-qr.js";

/** The issuer an authenticator app shows next to the TOTP account it adds. */
const TOTP_ISSUER = "cognito-auth-wasm demo";

/**
 * Errors after which the same challenge object may be answered again: a wrong code
 * (`CodeMismatchException`; `EnableSoftwareTokenMFAException` from `verifyTotp`) and an answer
 * refused before anything was sent (`InvalidParameterError`). After any other error the challenge
 * is spent and the sign-in starts over.
 */
const RETRYABLE = new Set(["CodeMismatchException", "EnableSoftwareTokenMFAException", "InvalidParameterError"]);

/**
 * Wires the forms of `#view-sign-in` to `app` (main.js: `app.client`, and `app.signedIn(step)`,
 * which shows the session of a sign-in that ended in tokens and resolves to its status text).
 */
export function mountSignIn(app) {
  let pending = null; // the challenge waiting for the user's answer, and how to send it
  let typedUsername = "";
  const controls = [$("submit"), $("answer-submit")];

  function passwordFieldForFlow() {
    const needsPassword = $("flow").value !== "CUSTOM_WITHOUT_SRP";
    $("password-label").hidden = !needsPassword;
    $("password").required = needsPassword;
  }
  $("flow").addEventListener("change", passwordFieldForFlow);

  function endChallenge() {
    pending = null;
    $("challenge").hidden = true;
    $("challenge-fields").replaceChildren();
    $("sign-in").hidden = false;
  }

  /** Sends what `send` sends, then shows the next step. */
  async function step(send) {
    let next;
    try {
      next = await send();
    } catch (err) {
      if (!(pending && RETRYABLE.has(err?.name))) endChallenge();
      throw err;
    }
    if (next.tokens) {
      endChallenge();
      $("password").value = "";
      return { state: "signed-in", text: await app.signedIn(next) };
    }
    return ask(next);
  }

  function ask(challenge) {
    const render = RENDERERS[challenge.challengeName] ?? unanswered;
    $("challenge-name").textContent = challenge.challengeName;
    $("challenge-fields").replaceChildren();
    $("answer-submit").hidden = false;
    pending = { challenge, answer: render(challenge, $("challenge-fields"), { step, typedUsername, controls }) };
    $("sign-in").hidden = true;
    $("challenge").hidden = false;
    $("challenge-fields").querySelector("input")?.focus();
    const where = challenge.destination ? ` (sent to ${challenge.destination})` : "";
    return { state: "challenge", text: `Cognito asks for ${challenge.challengeName}${where}.`, challenge: challenge.challengeName };
  }

  $("sign-in").addEventListener("submit", (event) => {
    event.preventDefault();
    typedUsername = $("username").value;
    const input = { username: typedUsername, flow: $("flow").value };
    if (input.flow !== "CUSTOM_WITHOUT_SRP") input.password = $("password").value;
    act("sign-in", controls, () => step(() => app.client.signIn(input)));
  });

  $("challenge").addEventListener("submit", (event) => {
    event.preventDefault();
    // A hidden Continue button means there is nothing to send yet (MFA_SETUP before a factor is
    // chosen): Enter in another field does not answer.
    if (!pending?.answer || $("answer-submit").hidden) return;
    const { answer } = pending;
    act("answer", controls, () => step(answer));
  });

  $("challenge-cancel").addEventListener("click", () => {
    endChallenge();
    act("cancel", [], async () => ({ state: "signed-out", text: "Sign-in cancelled." }));
  });

  return {
    /** Drops a challenge in progress (the pool changed). */
    reset: endChallenge,
    /** Fills the form with a user's credentials and the flow that suits them. */
    fill({ signInAs, password, flow }) {
      $("username").value = signInAs;
      $("password").value = password ?? "";
      $("flow").value = flow;
      passwordFieldForFlow();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// One renderer per challenge: adds the challenge's fields to `fields` and returns the function
// that sends the answer (a Promise of the next step), or null when the form's button must wait.

function input(id, label, attributes = {}) {
  const field = el("input", "", { id, required: "", ...attributes });
  const wrapper = el("label", `${label} `);
  wrapper.append(field);
  return wrapper;
}

const codeInput = () => input("answer", "Code", { autocomplete: "one-time-code", inputmode: "numeric" });

function codeChallenge(explain) {
  return (challenge, fields) => {
    const where = challenge.destination ? ` to ${challenge.destination}` : "";
    fields.append(el("p", explain(where)), codeInput());
    return () => challenge.respond({ code: $("answer").value.trim() });
  };
}

/** The challenge's parameters other than USERNAME, as the pool's Lambda set them. */
function customParameters(challenge) {
  const dl = el("dl");
  for (const [name, value] of Object.entries(challenge.challengeParameters)) {
    if (name !== "USERNAME") dl.append(el("dt", name), el("dd", value));
  }
  return dl;
}

const RENDERERS = {
  SMS_MFA: codeChallenge((where) => `Cognito sent a code by SMS${where}.`),
  EMAIL_OTP: codeChallenge((where) => `Cognito sent a code by email${where}.`),
  SOFTWARE_TOKEN_MFA: codeChallenge(() => "Type the current code of your authenticator app."),

  CUSTOM_CHALLENGE(challenge, fields) {
    fields.append(el("p", "The pool's custom challenge asks:"), customParameters(challenge), input("answer", "Answer"));
    return () => challenge.respond({ answer: $("answer").value });
  },

  NEW_PASSWORD_REQUIRED(challenge, fields) {
    fields.append(
      el("p", "The password was temporary: choose a new one."),
      input("answer", "New password", { type: "password", autocomplete: "new-password" }),
    );
    const required = challenge.requiredAttributes;
    for (const name of required) {
      fields.append(input(`attribute-${name}`, name, { value: challenge.userAttributes[name] ?? "" }));
    }
    return () => {
      const attributes = Object.fromEntries(required.map((name) => [name, $(`attribute-${name}`).value]));
      return challenge.respond({ newPassword: $("answer").value, attributes });
    };
  },

  SELECT_MFA_TYPE(challenge, fields) {
    const group = el("fieldset");
    group.append(el("legend", "Which second factor?"));
    challenge.allowedMfaTypes.forEach((type, index) => {
      const radio = el("input", "", { type: "radio", name: "mfaType", id: `mfa-type-${type}`, value: type });
      radio.checked = index === 0;
      const label = el("label", ` ${type}`, { class: "choice" });
      label.prepend(radio);
      group.append(label);
    });
    fields.append(group);
    return () => challenge.respond({ mfaType: fields.querySelector("input[name=mfaType]:checked").value });
  },

  MFA_SETUP(challenge, fields, { step, typedUsername, controls }) {
    const can = challenge.mfasCanSetup;
    fields.append(el("p", `The pool requires a second factor; set one up (${can.join(", ")}).`));
    let verify = null;
    $("answer-submit").hidden = true;
    if (can.includes("SOFTWARE_TOKEN_MFA")) {
      const button = el("button", "Set up an authenticator app", { id: "setup-totp", type: "button" });
      const setup = el("div", "", { id: "totp-setup" });
      setup.hidden = true;
      fields.append(button, setup);
      button.addEventListener("click", () => act("setup-totp", [button, ...controls], async () => {
        const totp = await challenge.setupTotp();
        const uri = totp.uri(TOTP_ISSUER, typedUsername);
        const canvas = el("canvas", "", { id: "totp-qr", role: "img", "aria-label": "QR code of the otpauth URI" });
        drawQr(canvas, uri);
        const secret = el("p", "Secret: ");
        secret.append(el("code", totp.secretCode, { id: "totp-secret" }));
        const shown = el("p", "URI: ");
        shown.append(el("code", uri, { id: "totp-uri" }));
        setup.replaceChildren(
          el("p", "Scan this with an authenticator app, or type the secret into it:"),
          canvas,
          secret,
          shown,
          input("answer", "Code from the app", { autocomplete: "one-time-code", inputmode: "numeric" }),
        );
        setup.hidden = false;
        button.hidden = true;
        $("answer-submit").hidden = false;
        verify = () => challenge.verifyTotp({ code: $("answer").value.trim(), friendlyDeviceName: TOTP_ISSUER });
        $("answer").focus();
        return { state: "challenge", text: "Scan the QR code, then type the app's code.", challenge: "MFA_SETUP" };
      }));
    }
    if (can.includes("EMAIL_OTP")) {
      const address = input("setup-email-address", "Email for sign-in codes", { type: "email", autocomplete: "email" });
      const button = el("button", "Send sign-in codes to this address", { id: "setup-email", type: "button" });
      fields.append(address, button);
      button.addEventListener("click", () => {
        const email = $("setup-email-address").value;
        act("setup-email", [button, ...controls], () => step(() => challenge.setupEmail({ email })));
      });
    }
    // The form's own button, shown once the TOTP secret is, sends the authenticator's code.
    return () => verify();
  },
};

function unanswered(challenge, fields) {
  fields.append(el("p", `This demo does not answer ${challenge.challengeName}.`));
  $("answer-submit").hidden = true;
  return null;
}
