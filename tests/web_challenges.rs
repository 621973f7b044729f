//! The sign-in flows and the challenge objects against the local Cognito peer (tests/peer), in
//! Node and in Chromium: `flow`, `clientMetadata`, NEW_PASSWORD_REQUIRED, SMS_MFA, custom auth
//! with and without SRP, SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, MFA_SETUP (TOTP and email), EMAIL_OTP,
//! answer once.
//!
//! Run like tests/web_signin.rs (`--test web_challenges`). Users that change state (a new
//! password) are created per test with AdminCreateUser, so the suite can run again against the
//! same peer.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;

use js_sys::{Function, Promise, Reflect};
use serde_json::json;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

// ---------------------------------------------------------------------------------------------
// Flows.

#[wasm_bindgen_test]
async fn user_password_auth_signs_in_and_a_wrong_password_is_not_authorized() {
    let seed = Seed::load().await;
    for app_client in ["public", "secret"] {
        let client = seed.client("main", app_client);
        let mut input = seed.credentials("main", "demo");
        input["flow"] = "USER_PASSWORD_AUTH".into();
        assert_tokens(&resolved(client.sign_in(js(&input))).await);

        input["password"] = "Wrong-Passw0rd!".into();
        let error = rejected(client.sign_in(js(&input))).await;
        assert_error_named(&error, "NotAuthorizedException");
    }
}

#[wasm_bindgen_test]
async fn client_metadata_goes_with_every_call_of_the_sign_in() {
    let seed = Seed::load().await;
    let client = recording_client(&seed, "main", "public", "__metadataCalls");
    let mut input = seed.credentials("main", "demo");
    input["clientMetadata"] = json!({"source": "web-test"});
    assert_tokens(&resolved(client.sign_in(js(&input))).await);
    let calls = recorded("__metadataCalls");
    assert_eq!(calls.len(), 2);
    for call in calls {
        assert_eq!(
            call[1]["ClientMetadata"],
            json!({"source": "web-test"}),
            "{call}"
        );
    }
}

/// A config with a `userContextData` hook made from `body` (a JS function body over `input`).
fn config_with_user_context_hook(seed: &Seed, body: &str) -> JsValue {
    let config = js(&seed.config("main", "public"));
    let hook = Function::new_with_args("input", body);
    Reflect::set(&config, &"userContextData".into(), &hook).unwrap();
    config
}

#[wasm_bindgen_test]
async fn the_user_context_hook_feeds_encoded_data_to_every_call_of_the_sign_in() {
    let seed = Seed::load().await;
    let config = config_with_user_context_hook(
        &seed,
        "globalThis.__contextInput = input; return 'ctx:' + input.username;",
    );
    let client = recording_client_from(config, "__contextCalls");
    let credentials = seed.credentials("main", "demo");
    assert_tokens(&resolved(client.sign_in(js(&credentials))).await);
    let calls = recorded("__contextCalls");
    assert_eq!(calls.len(), 2);
    for call in &calls {
        assert_eq!(
            call[1]["UserContextData"],
            json!({"EncodedData": format!("ctx:{}", credentials["username"].as_str().unwrap())}),
            "{call}"
        );
    }
    let input = to_value(&Reflect::get(&js_sys::global(), &"__contextInput".into()).unwrap());
    assert_eq!(input["userPoolId"], seed.pool("main")["userPoolId"]);
    assert_eq!(
        input["clientId"],
        seed.pool("main")["clients"]["public"]["clientId"]
    );
}

#[wasm_bindgen_test]
async fn a_user_context_hook_that_throws_or_returns_a_non_string_fails_before_any_request() {
    let seed = Seed::load().await;
    for (body, calls) in [
        ("throw new Error('no')", "__contextThrows"),
        ("return 42;", "__contextNumber"),
    ] {
        let client = recording_client_from(config_with_user_context_hook(&seed, body), calls);
        let error = rejected(client.sign_in(js(&seed.credentials("main", "demo")))).await;
        assert_error_named(&error, "InvalidParameterError");
        assert!(recorded(calls).is_empty(), "{body}: no request may be sent");
    }
}

#[wasm_bindgen_test]
async fn invalid_flow_metadata_or_missing_password_reject_before_any_request() {
    let seed = Seed::load().await;
    let client = recording_client(&seed, "main", "public", "__invalidCalls");
    for input in [
        json!({"username": "demo", "password": "x", "flow": "USER_AUTH"}),
        json!({"username": "demo", "password": "x", "flow": 5}),
        json!({"username": "demo", "flow": "USER_PASSWORD_AUTH"}),
        json!({"username": "demo", "flow": "CUSTOM_WITH_SRP"}),
        json!({"username": "demo", "password": "x", "clientMetadata": {"a": 1}}),
        json!({"username": "demo", "password": "x", "clientMetadata": "a"}),
    ] {
        let error = rejected(client.sign_in(js(&input))).await;
        assert_error_named(&error, "InvalidParameterError");
    }
    assert!(recorded("__invalidCalls").is_empty());
}

#[wasm_bindgen_test]
async fn custom_flows_send_custom_auth() {
    // demo has no custom challenges: the peer answers CUSTOM_AUTH without SRP as Cognito does
    // for a pool without the Lambda triggers.
    let seed = Seed::load().await;
    let client = recording_client(&seed, "main", "public", "__customCalls");
    let error = rejected(client.sign_in(js(&json!({
        "username": "demo", "flow": "CUSTOM_WITHOUT_SRP",
    }))))
    .await;
    assert_error_named(&error, "InvalidParameterException");
    let calls = recorded("__customCalls");
    assert_eq!(calls[0][1]["AuthFlow"], "CUSTOM_AUTH");
    assert_eq!(calls[0][1]["AuthParameters"], json!({"USERNAME": "demo"}));
}

// ---------------------------------------------------------------------------------------------
// NEW_PASSWORD_REQUIRED.

#[wasm_bindgen_test]
async fn new_password_required_is_answered_with_a_new_password_and_signs_in() {
    let seed = Seed::load().await;
    let client = seed.client("main", "secret");
    let user = seed.new_password_user("main").await;
    let before = js_sys::Date::now();
    let step = resolved(client.sign_in(js(&user))).await;
    assert_eq!(get_str(&step, "challengeName"), "NEW_PASSWORD_REQUIRED");
    assert!(get(&step, "tokens").is_undefined());
    assert!(!get_str(&step, "session").is_empty());
    let attributes = to_value(&get(&step, "userAttributes"));
    assert_eq!(
        attributes["email"],
        format!("{}@example.com", user["username"].as_str().unwrap())
    );
    assert!(to_value(&get(&step, "requiredAttributes")).is_array());
    let expires_at = get(&step, "expiresAt").as_f64().unwrap();
    assert!(expires_at >= before + 170_000.0 && expires_at <= js_sys::Date::now() + 180_000.0);

    let step = resolved(respond(&step, &json!({"newPassword": "New-Passw0rd!"}))).await;
    assert_tokens(&step);

    let mut again = user.clone();
    again["password"] = "New-Passw0rd!".into();
    assert_tokens(&resolved(client.sign_in(js(&again))).await);
}

#[wasm_bindgen_test]
async fn a_new_password_breaking_the_policy_is_cognitos_invalid_password_exception() {
    let seed = Seed::load().await;
    let client = seed.client("main", "public");
    let user = seed.new_password_user("main").await;
    let step = resolved(client.sign_in(js(&user))).await;
    let error = rejected(respond(&step, &json!({"newPassword": "short"}))).await;
    assert_error_named(&error, "InvalidPasswordException");
}

#[wasm_bindgen_test]
async fn a_missing_or_malformed_new_password_answer_rejects_before_any_request() {
    let seed = Seed::load().await;
    let client = recording_client(&seed, "main", "public", "__newPasswordCalls");
    let step = resolved(client.sign_in(js(&seed.credentials("main", "newpass")))).await;
    assert_eq!(get_str(&step, "challengeName"), "NEW_PASSWORD_REQUIRED");
    let sent = recorded("__newPasswordCalls").len();
    for answer in [
        json!({}),
        json!({"newPassword": 5}),
        json!({"newPassword": ""}),
        json!({"newPassword": "New-Passw0rd!", "attributes": {"name": 5}}),
    ] {
        let error = rejected(respond(&step, &answer)).await;
        assert_error_named(&error, "InvalidParameterError");
    }
    assert_eq!(recorded("__newPasswordCalls").len(), sent);
}

// ---------------------------------------------------------------------------------------------
// SMS_MFA and the answer-once rule.

#[wasm_bindgen_test]
async fn sms_mfa_wrong_code_then_right_code_signs_in_then_the_challenge_is_spent() {
    let seed = Seed::load().await;
    for app_client in ["public", "secret"] {
        let client = seed.client("main", app_client);
        let step = resolved(client.sign_in(js(&seed.credentials("main", "sms")))).await;
        assert_eq!(get_str(&step, "challengeName"), "SMS_MFA");
        assert!(get(&step, "destination").is_string());
        assert_eq!(get_str(&step, "deliveryMedium"), "SMS");

        let code = sms_code(seed.user("main", "sms")["username"].as_str().unwrap()).await;
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let error = rejected(respond(&step, &json!({"code": wrong}))).await;
        assert_error_named(&error, "CodeMismatchException");

        // After a code mismatch the same session may try again.
        assert_tokens(&resolved(respond(&step, &json!({"code": code}))).await);

        let error = rejected(respond(&step, &json!({"code": code}))).await;
        assert_error_named(&error, "InvalidStateError");
        assert_eq!(
            get_str(&error, "message"),
            "this challenge was already answered"
        );
    }
}

#[wasm_bindgen_test]
async fn a_challenge_answered_twice_at_once_sends_one_request() {
    let seed = Seed::load().await;
    let client = recording_client(&seed, "main", "public", "__twiceCalls");
    let step = resolved(client.sign_in(js(&seed.credentials("main", "sms")))).await;
    let code = sms_code(seed.user("main", "sms")["username"].as_str().unwrap()).await;
    let first = respond(&step, &json!({"code": code}));
    let second = respond(&step, &json!({"code": code}));
    assert_error_named(&rejected(second).await, "InvalidStateError");
    assert_tokens(&resolved(first).await);
    let calls = recorded("__twiceCalls");
    let answers = calls
        .iter()
        .filter(|call| call[1]["ChallengeName"] == "SMS_MFA")
        .count();
    assert_eq!(answers, 1);
}

#[wasm_bindgen_test]
async fn a_code_answer_must_be_an_object_with_a_string_code() {
    let seed = Seed::load().await;
    let client = seed.client("main", "public");
    let step = resolved(client.sign_in(js(&seed.credentials("main", "sms")))).await;
    for answer in [json!({}), json!({"code": 123456}), json!("123456")] {
        let error = rejected(respond(&step, &answer)).await;
        assert_error_named(&error, "InvalidParameterError");
    }
    // Still answerable: nothing was sent.
    let code = sms_code(seed.user("main", "sms")["username"].as_str().unwrap()).await;
    assert_tokens(&resolved(respond(&step, &json!({"code": code}))).await);
}

// ---------------------------------------------------------------------------------------------
// Custom auth.

#[wasm_bindgen_test]
async fn custom_without_srp_answers_each_custom_challenge_to_tokens() {
    let seed = Seed::load().await;
    for app_client in ["public", "secret"] {
        let client = seed.client("custom", app_client);
        let mut input = seed.credentials("custom", "quiz");
        input["flow"] = "CUSTOM_WITHOUT_SRP".into();
        input.as_object_mut().unwrap().remove("password");
        let step = resolved(client.sign_in(js(&input))).await;
        assert_eq!(get_str(&step, "challengeName"), "CUSTOM_CHALLENGE");
        assert_eq!(
            get_str(&get(&step, "challengeParameters"), "question"),
            "2+2?"
        );
        let step = resolved(respond(&step, &json!({"answer": "4"}))).await;
        assert_eq!(
            get_str(&get(&step, "challengeParameters"), "question"),
            "Capital of France?"
        );
        assert_tokens(&resolved(respond(&step, &json!({"answer": "Paris"}))).await);
    }
}

#[wasm_bindgen_test]
async fn custom_with_srp_checks_the_password_first_then_asks_the_custom_challenge() {
    let seed = Seed::load().await;
    let client = seed.client("custom", "secret");
    let mut input = seed.credentials("custom", "once");
    input["flow"] = "CUSTOM_WITH_SRP".into();
    let step = resolved(client.sign_in(js(&input))).await;
    assert_eq!(get_str(&step, "challengeName"), "CUSTOM_CHALLENGE");
    // A wrong answer: the same challenge again, with a new session; the old object is spent.
    let retry = resolved(respond(&step, &json!({"answer": "no"}))).await;
    assert_eq!(get_str(&retry, "challengeName"), "CUSTOM_CHALLENGE");
    assert_ne!(get_str(&retry, "session"), get_str(&step, "session"));
    let error = rejected(respond(&step, &json!({"answer": "please"}))).await;
    assert_error_named(&error, "InvalidStateError");
    assert_tokens(&resolved(respond(&retry, &json!({"answer": "please"}))).await);

    input["password"] = "Wrong-Passw0rd!".into();
    let error = rejected(client.sign_in(js(&input))).await;
    assert_error_named(&error, "NotAuthorizedException");
}

// ---------------------------------------------------------------------------------------------
// TOTP: SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, MFA_SETUP.

/// The current RFC 6238 code of a base32 secret (HMAC-SHA-1, 6 digits, 30 s), with WebCrypto.
async fn totp_code(secret: &str) -> String {
    let code = Function::new_with_args(
        "secret",
        "return (async () => {
           const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
           let bits = 0, value = 0; const key = [];
           for (const c of secret.replace(/=+$/, '')) {
             value = ((value << 5) | alphabet.indexOf(c)) & 0xffff; bits += 5;
             if (bits >= 8) { key.push((value >>> (bits - 8)) & 255); bits -= 8; }
           }
           let counter = Math.floor(Date.now() / 30000); const msg = new Uint8Array(8);
           for (let i = 7; i >= 0; i--) { msg[i] = counter % 256; counter = Math.floor(counter / 256); }
           const k = await crypto.subtle.importKey('raw', new Uint8Array(key),
             { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
           const h = new Uint8Array(await crypto.subtle.sign('HMAC', k, msg));
           const o = h[19] & 15;
           const n = (((h[o] & 127) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3]) % 1000000;
           return String(n).padStart(6, '0');
         })();",
    );
    let promise: Promise = code
        .call1(&JsValue::NULL, &secret.into())
        .unwrap()
        .unchecked_into();
    resolved(promise).await.as_string().unwrap()
}

/// A six-digit code that is not `code`.
fn other_code(code: &str) -> &'static str {
    if code == "000000" {
        "111111"
    } else {
        "000000"
    }
}

#[wasm_bindgen_test]
async fn software_token_mfa_wrong_code_then_right_code_signs_in() {
    let seed = Seed::load().await;
    let secret = seed.user("totp", "totp")["totpSecret"]
        .as_str()
        .unwrap()
        .to_owned();
    for app_client in ["public", "secret"] {
        let client = seed.client("totp", app_client);
        let step = resolved(client.sign_in(js(&seed.credentials("totp", "totp")))).await;
        assert_eq!(get_str(&step, "challengeName"), "SOFTWARE_TOKEN_MFA");
        let code = totp_code(&secret).await;
        let error = rejected(respond(&step, &json!({"code": other_code(&code)}))).await;
        assert_error_named(&error, "CodeMismatchException");
        assert_tokens(&resolved(respond(&step, &json!({"code": code}))).await);
    }
}

#[wasm_bindgen_test]
async fn select_mfa_type_lists_the_factors_and_leads_to_the_chosen_one() {
    let seed = Seed::load().await;
    let secret = seed.user("totp", "both")["totpSecret"]
        .as_str()
        .unwrap()
        .to_owned();
    let client = seed.client("totp", "secret");
    let step = resolved(client.sign_in(js(&seed.credentials("totp", "both")))).await;
    assert_eq!(get_str(&step, "challengeName"), "SELECT_MFA_TYPE");
    assert_eq!(
        to_value(&get(&step, "allowedMfaTypes")),
        json!(["SMS_MFA", "SOFTWARE_TOKEN_MFA"])
    );
    let error = rejected(respond(&step, &json!({"mfaType": "EMAIL_OTP"}))).await;
    assert_error_named(&error, "InvalidParameterError");
    let step = resolved(respond(&step, &json!({"mfaType": "SOFTWARE_TOKEN_MFA"}))).await;
    assert_eq!(get_str(&step, "challengeName"), "SOFTWARE_TOKEN_MFA");
    let code = totp_code(&secret).await;
    assert_tokens(&resolved(respond(&step, &json!({"code": code}))).await);
}

fn call(object: &JsValue, method: &str, args: &[JsValue]) -> Promise {
    let function: Function = get(object, method).dyn_into().unwrap();
    let args: js_sys::Array = args.iter().collect();
    function.apply(object, &args).unwrap().dyn_into().unwrap()
}

#[wasm_bindgen_test]
async fn mfa_setup_sets_up_totp_and_signs_in_then_totp_is_asked() {
    let seed = Seed::load().await;
    for app_client in ["public", "secret"] {
        let client = seed.client("mfaon", app_client);
        let user = seed.confirmed_user("mfaon").await;
        let step = resolved(client.sign_in(js(&user))).await;
        assert_eq!(get_str(&step, "challengeName"), "MFA_SETUP");
        assert!(to_value(&get(&step, "mfasCanSetup"))
            .as_array()
            .unwrap()
            .contains(&json!("SOFTWARE_TOKEN_MFA")));

        let setup = resolved(call(&step, "setupTotp", &[])).await;
        let secret = get_str(&setup, "secretCode");
        let uri: Function = get(&setup, "uri").dyn_into().unwrap();
        let uri = uri
            .call2(&setup, &"Example Co".into(), &"a@b.c".into())
            .unwrap()
            .as_string()
            .unwrap();
        assert_eq!(
            uri,
            format!("otpauth://totp/Example%20Co:a%40b.c?secret={secret}&issuer=Example%20Co")
        );

        let code = totp_code(&secret).await;
        let wrong = js(&json!({"code": other_code(&code)}));
        let error = rejected(call(&step, "verifyTotp", &[wrong])).await;
        assert_error_named(&error, "EnableSoftwareTokenMFAException");

        let right = js(&json!({"code": code, "friendlyDeviceName": "phone"}));
        assert_tokens(&resolved(call(&step, "verifyTotp", std::slice::from_ref(&right))).await);
        let error = rejected(call(&step, "verifyTotp", &[right])).await;
        assert_error_named(&error, "InvalidStateError");

        let step = resolved(client.sign_in(js(&user))).await;
        assert_eq!(get_str(&step, "challengeName"), "SOFTWARE_TOKEN_MFA");
    }
}

#[wasm_bindgen_test]
async fn an_expired_or_reused_session_is_cognitos_not_authorized() {
    let seed = Seed::load().await;
    let client = seed.client("custom", "public");
    let mut input = seed.credentials("custom", "quiz");
    input["flow"] = "CUSTOM_WITHOUT_SRP".into();
    input.as_object_mut().unwrap().remove("password");

    // Expired: the peer ages the session past its 3 minutes.
    let step = resolved(client.sign_in(js(&input))).await;
    let init = js(&json!({
        "method": "POST",
        "body": json!({"Session": get_str(&step, "session")}).to_string(),
    }));
    fetch_json(&format!("{PEER_URL}/_peer/expire-session"), Some(&init)).await;
    let error = rejected(respond(&step, &json!({"answer": "4"}))).await;
    assert_error_named(&error, "NotAuthorizedException");

    // Reused: a session already answered, sent again through the raw layer.
    let step = resolved(client.sign_in(js(&input))).await;
    let spent_session = get_str(&step, "session");
    let username = get_str(&get(&step, "challengeParameters"), "USERNAME");
    resolved(respond(&step, &json!({"answer": "4"}))).await;
    let replay = json!({
        "ChallengeName": "CUSTOM_CHALLENGE",
        "Session": spent_session,
        "ChallengeResponses": {"USERNAME": username, "ANSWER": "4"},
    });
    let error = rejected(client.respond_to_auth_challenge(js(&replay))).await;
    assert_error_named(&error, "NotAuthorizedException");
}

// ---------------------------------------------------------------------------------------------
// EMAIL_OTP and MFA_SETUP by email.

#[wasm_bindgen_test]
async fn email_otp_wrong_code_then_right_code_signs_in() {
    let seed = Seed::load().await;
    let username = seed.user("emailmfa", "email")["username"]
        .as_str()
        .unwrap()
        .to_owned();
    for (app_client, flow) in [
        ("public", "USER_SRP_AUTH"),
        ("secret", "USER_SRP_AUTH"),
        ("secret", "USER_PASSWORD_AUTH"),
    ] {
        let client = seed.client("emailmfa", app_client);
        let mut credentials = seed.credentials("emailmfa", "email");
        credentials["flow"] = json!(flow);
        let step = resolved(client.sign_in(js(&credentials))).await;
        assert_eq!(get_str(&step, "challengeName"), "EMAIL_OTP");
        assert_eq!(get_str(&step, "deliveryMedium"), "EMAIL");
        assert_eq!(get_str(&step, "destination"), "d***@e***");
        assert!(get(&step, "session").is_string());

        let code = email_code(&username).await;
        let error = rejected(respond(&step, &json!({"code": other_code(&code)}))).await;
        assert_error_named(&error, "CodeMismatchException");
        assert_tokens(&resolved(respond(&step, &json!({"code": code}))).await);
        let error = rejected(respond(&step, &json!({"code": code}))).await;
        assert_error_named(&error, "InvalidStateError");
    }
}

#[wasm_bindgen_test]
async fn mfa_setup_by_email_sends_a_code_to_the_address_then_email_otp_is_asked() {
    let seed = Seed::load().await;
    for app_client in ["public", "secret"] {
        let client = seed.client("emailon", app_client);
        let user = seed.confirmed_user("emailon").await;
        let username = user["username"].as_str().unwrap().to_owned();
        let step = resolved(client.sign_in(js(&user))).await;
        assert_eq!(get_str(&step, "challengeName"), "MFA_SETUP");
        assert_eq!(
            to_value(&get(&step, "mfasCanSetup")),
            json!(["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"])
        );

        // A malformed address rejects before any request; the challenge stays answerable.
        let error = rejected(call(&step, "setupEmail", &[js(&json!({"email": "nope"}))])).await;
        assert_error_named(&error, "InvalidParameterError");
        let error = rejected(call(&step, "setupEmail", &[js(&json!({}))])).await;
        assert_error_named(&error, "InvalidParameterError");

        let address = js(&json!({"email": "new@example.org"}));
        let otp = resolved(call(&step, "setupEmail", std::slice::from_ref(&address))).await;
        assert_eq!(get_str(&otp, "challengeName"), "EMAIL_OTP");
        assert_eq!(get_str(&otp, "deliveryMedium"), "EMAIL");
        assert_eq!(get_str(&otp, "destination"), "n***@e***");
        let error = rejected(call(&step, "setupEmail", &[address])).await;
        assert_error_named(&error, "InvalidStateError");

        let code = email_code(&username).await;
        let error = rejected(respond(&otp, &json!({"code": other_code(&code)}))).await;
        assert_error_named(&error, "CodeMismatchException");
        assert_tokens(&resolved(respond(&otp, &json!({"code": code}))).await);

        let step = resolved(client.sign_in(js(&user))).await;
        assert_eq!(get_str(&step, "challengeName"), "EMAIL_OTP");
        assert_eq!(get_str(&step, "destination"), "n***@e***");
    }
}
