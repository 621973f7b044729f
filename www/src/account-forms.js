// Sign-up with its confirmation code (signUp → confirmSignUp, resendSignUpCode) and password
// recovery (forgotPassword → confirmForgotPassword). Each ends by filling the sign-in form.
import { $, act } from "./view.js";

/** Where Cognito sent a code, for the user. */
function delivery(codeDelivery) {
  if (!codeDelivery?.destination) return "Cognito sent a code.";
  return `Cognito sent a code by ${(codeDelivery.deliveryMedium ?? "").toLowerCase() || "message"} to ${codeDelivery.destination}.`;
}

/** Wires the sign-up and forgot-password views to `app` (main.js: `app.client`, `app.toSignIn(username)`). */
export function mountAccountForms(app) {
  let signingUp = null; // the username waiting for its confirmation code
  let resetting = null; // the username waiting for its reset code

  const signUpButtons = [$("signup-submit"), $("confirm-submit"), $("resend-code")];
  $("sign-up").addEventListener("submit", (event) => {
    event.preventDefault();
    const username = $("signup-username").value;
    act("sign-up", signUpButtons, async () => {
      const result = await app.client.signUp({
        username,
        password: $("signup-password").value,
        attributes: { email: $("signup-email").value },
      });
      $("signup-password").value = "";
      if (result.userConfirmed) {
        app.toSignIn(username);
        return { state: "ok", text: `The account ${username} is ready: sign in.` };
      }
      signingUp = username;
      $("signup-delivery").textContent = delivery(result.codeDelivery);
      $("sign-up").hidden = true;
      $("confirm-sign-up").hidden = false;
      $("signup-code").focus();
      return { state: "ok", text: `The account ${username} is created; confirm it with the code.` };
    });
  });

  $("confirm-sign-up").addEventListener("submit", (event) => {
    event.preventDefault();
    act("confirm-sign-up", signUpButtons, async () => {
      await app.client.confirmSignUp({ username: signingUp, code: $("signup-code").value.trim() });
      const username = signingUp;
      signingUp = null;
      $("signup-code").value = "";
      $("confirm-sign-up").hidden = true;
      $("sign-up").hidden = false;
      app.toSignIn(username);
      return { state: "ok", text: `The account ${username} is confirmed: sign in.` };
    });
  });

  $("resend-code").addEventListener("click", () => act("resend-code", signUpButtons, async () => {
    const { codeDelivery } = await app.client.resendSignUpCode({ username: signingUp });
    $("signup-delivery").textContent = delivery(codeDelivery);
    return { state: "ok", text: `A new code is on its way; the previous one no longer works.` };
  }));

  const forgotButtons = [$("forgot-submit"), $("confirm-forgot-submit")];
  $("forgot").addEventListener("submit", (event) => {
    event.preventDefault();
    const username = $("forgot-username").value;
    act("forgot-password", forgotButtons, async () => {
      const { codeDelivery } = await app.client.forgotPassword({ username });
      resetting = username;
      $("forgot-delivery").textContent = delivery(codeDelivery);
      $("forgot").hidden = true;
      $("confirm-forgot").hidden = false;
      $("forgot-code").focus();
      return { state: "ok", text: "Type the reset code and a new password." };
    });
  });

  $("confirm-forgot").addEventListener("submit", (event) => {
    event.preventDefault();
    act("confirm-forgot-password", forgotButtons, async () => {
      await app.client.confirmForgotPassword({
        username: resetting,
        code: $("forgot-code").value.trim(),
        newPassword: $("forgot-new-password").value,
      });
      const username = resetting;
      resetting = null;
      $("forgot-code").value = "";
      $("forgot-new-password").value = "";
      $("confirm-forgot").hidden = true;
      $("forgot").hidden = false;
      app.toSignIn(username);
      return { state: "ok", text: `The password of ${username} is changed: sign in with it.` };
    });
  });

  return {
    /** Back to the first form of each view (the pool changed). */
    reset() {
      signingUp = resetting = null;
      $("confirm-sign-up").hidden = true;
      $("sign-up").hidden = false;
      $("confirm-forgot").hidden = true;
      $("forgot").hidden = false;
    },
  };
}
