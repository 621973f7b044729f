//! The sign-in flows and the challenge objects against the local Cognito peer (tests/peer), in
//! Node and in Chromium: `flow`, `clientMetadata`, NEW_PASSWORD_REQUIRED, SMS_MFA, answer once.
//!
//! Run like tests/web_signin.rs (`--test web_challenges`). Users that change state (a new
//! password) are created per test with AdminCreateUser, so the suite can run again against the
//! same peer.
#![cfg(target_arch = "wasm32")]

use cognito_auth_wasm::CognitoClient;
use js_sys::{Function, Promise, Reflect, JSON};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const PEER_URL: &str = match option_env!("PEER_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:9230",
};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(url: &str) -> Promise;
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch_with(url: &str, init: &JsValue) -> Promise;
}

// ---------------------------------------------------------------------------------------------
// Helpers.

async fn fetch_json(url: &str, init: Option<&JsValue>) -> Value {
    let promise = match init {
        Some(init) => global_fetch_with(url, init),
        None => global_fetch(url),
    };
    let response: web_sys::Response = JsFuture::from(promise)
        .await
        .unwrap_or_else(|_| panic!("the peer does not answer at {url}"))
        .unchecked_into();
    let text = JsFuture::from(response.text().unwrap()).await.unwrap();
    serde_json::from_str(&text.as_string().unwrap()).unwrap()
}

struct Seed(Value);

impl Seed {
    async fn load() -> Seed {
        Seed(fetch_json(&format!("{PEER_URL}/_peer/seed"), None).await)
    }

    fn pool(&self, pool: &str) -> &Value {
        &self.0["pools"][pool]
    }

    fn user(&self, pool: &str, user: &str) -> &Value {
        &self.pool(pool)["users"][user]
    }

    fn config(&self, pool: &str, app_client: &str) -> Value {
        let pool_seed = self.pool(pool);
        let app = &pool_seed["clients"][app_client];
        let mut config = json!({
            "userPoolId": pool_seed["userPoolId"],
            "clientId": app["clientId"],
            "endpoint": self.0["endpoint"].as_str().unwrap_or(PEER_URL),
        });
        if let Some(secret) = app.get("clientSecret") {
            config["clientSecret"] = secret.clone();
        }
        config
    }

    fn client(&self, pool: &str, app_client: &str) -> CognitoClient {
        CognitoClient::new(js(&self.config(pool, app_client))).expect("a valid config")
    }

    fn credentials(&self, pool: &str, user: &str) -> Value {
        let user = self.user(pool, user);
        json!({"username": user["signInAs"], "password": user["password"]})
    }

    /// A fresh FORCE_CHANGE_PASSWORD user in `pool` (AdminCreateUser, which moto does not sign-check).
    async fn new_password_user(&self, pool: &str) -> Value {
        let username = format!("np-{}", (js_sys::Math::random() * 1e12) as u64);
        let body = json!({
            "UserPoolId": self.pool(pool)["userPoolId"],
            "Username": username,
            "TemporaryPassword": "Temp-Passw0rd!",
            "MessageAction": "SUPPRESS",
            "UserAttributes": [{"Name": "email", "Value": format!("{username}@example.com")}],
        });
        let init = js(&json!({
            "method": "POST",
            "headers": {
                "Content-Type": "application/x-amz-json-1.1",
                "X-Amz-Target": "AWSCognitoIdentityProviderService.AdminCreateUser",
            },
            "body": body.to_string(),
        }));
        let created = fetch_json(&format!("{PEER_URL}/"), Some(&init)).await;
        assert!(created.get("User").is_some(), "AdminCreateUser: {created}");
        json!({"username": username, "password": "Temp-Passw0rd!"})
    }
}

/// The SMS code the peer "sent" to an internal username.
async fn sms_code(username: &str) -> String {
    let url = format!(
        "{PEER_URL}/_peer/sms/{}",
        js_sys::encode_uri_component(username)
    );
    fetch_json(&url, None).await["code"]
        .as_str()
        .expect("an SMS code")
        .to_owned()
}

fn js(value: &Value) -> JsValue {
    JSON::parse(&value.to_string()).unwrap()
}

async fn resolved(promise: Promise) -> JsValue {
    match JsFuture::from(promise).await {
        Ok(value) => value,
        Err(error) => panic!("rejected with {}", describe(&error)),
    }
}

async fn rejected(promise: Promise) -> JsValue {
    match JsFuture::from(promise).await {
        Ok(value) => panic!("resolved with {value:?}"),
        Err(error) => error,
    }
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

fn get_str(value: &JsValue, key: &str) -> String {
    get(value, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string in {value:?}"))
}

fn to_value(value: &JsValue) -> Value {
    serde_json::from_str(&JSON::stringify(value).unwrap().as_string().unwrap()).unwrap()
}

fn describe(error: &JsValue) -> String {
    format!("{}: {}", get_str(error, "name"), get_str(error, "message"))
}

fn assert_error_named(error: &JsValue, name: &str) {
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "{error:?} is not an Error"
    );
    assert_eq!(get_str(error, "name"), name, "{}", describe(error));
}

/// `step.respond(answer)`, called as JavaScript calls it.
fn respond(step: &JsValue, answer: &Value) -> Promise {
    let respond: Function = get(step, "respond").dyn_into().unwrap();
    respond
        .call1(step, &js(answer))
        .unwrap()
        .dyn_into()
        .unwrap()
}

fn assert_tokens(step: &JsValue) {
    assert!(
        get(step, "challengeName").is_undefined(),
        "expected tokens, got {}",
        get(step, "challengeName").as_string().unwrap_or_default()
    );
    assert!(!get_str(&get(step, "tokens"), "idToken").is_empty());
}

/// A client whose `fetch` records `[X-Amz-Target, body]` of every call in `globalThis[name]`.
fn recording_client(seed: &Seed, pool: &str, app_client: &str, name: &str) -> CognitoClient {
    let config = js(&seed.config(pool, app_client));
    let recording = Function::new_with_args(
        "url, init",
        &format!(
            "const calls = (globalThis.{name} = globalThis.{name} || []);
             calls.push([new Headers(init.headers).get('x-amz-target'), JSON.parse(init.body)]);
             return fetch(url, init);"
        ),
    );
    Reflect::set(&config, &"fetch".into(), &recording).unwrap();
    CognitoClient::new(config).unwrap()
}

fn recorded(name: &str) -> Vec<Value> {
    let calls = Reflect::get(&js_sys::global(), &name.into()).unwrap();
    if calls.is_undefined() {
        return Vec::new();
    }
    serde_json::from_value(to_value(&calls)).unwrap()
}

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
    // The peer has no custom-auth triggers yet: CUSTOM_AUTH without SRP is its
    // InvalidParameterException; with SRP the password verifier runs first.
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
