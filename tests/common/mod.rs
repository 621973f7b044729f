//! What the wasm tests against the local Cognito peer share: the peer's seed (`GET
//! {PEER_URL}/_peer/seed`), admin calls, JS values built as JavaScript builds them, promises.
#![allow(dead_code)] // each test file uses a part

use base64::Engine as _;
use cognito_auth_wasm::CognitoClient;
use js_sys::{Function, Promise, Reflect, JSON};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

pub const PEER_URL: &str = match option_env!("PEER_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:9230",
};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    pub fn global_fetch(url: &str) -> Promise;
    #[wasm_bindgen(js_name = fetch)]
    pub fn global_fetch_with(url: &str, init: &JsValue) -> Promise;
}

// ---------------------------------------------------------------------------------------------
// Helpers.

pub async fn fetch_json(url: &str, init: Option<&JsValue>) -> Value {
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

pub struct Seed(pub Value);

impl Seed {
    pub async fn load() -> Seed {
        Seed(fetch_json(&format!("{PEER_URL}/_peer/seed"), None).await)
    }

    pub fn endpoint(&self) -> String {
        self.0["endpoint"].as_str().unwrap_or(PEER_URL).to_owned()
    }

    pub fn pool(&self, pool: &str) -> &Value {
        &self.0["pools"][pool]
    }

    pub fn user(&self, pool: &str, user: &str) -> &Value {
        &self.pool(pool)["users"][user]
    }

    pub fn config(&self, pool: &str, app_client: &str) -> Value {
        let pool_seed = self.pool(pool);
        let app = &pool_seed["clients"][app_client];
        let mut config = json!({
            "userPoolId": pool_seed["userPoolId"],
            "clientId": app["clientId"],
            "endpoint": self.endpoint(),
        });
        if let Some(secret) = app.get("clientSecret") {
            config["clientSecret"] = secret.clone();
        }
        config
    }

    pub fn client(&self, pool: &str, app_client: &str) -> CognitoClient {
        CognitoClient::new(js(&self.config(pool, app_client))).expect("a valid config")
    }

    pub fn credentials(&self, pool: &str, user: &str) -> Value {
        let user = self.user(pool, user);
        json!({"username": user["signInAs"], "password": user["password"]})
    }

    /// A fresh FORCE_CHANGE_PASSWORD user in `pool` (AdminCreateUser, which moto does not
    /// sign-check), as `{ username, password }`.
    pub async fn new_password_user(&self, pool: &str) -> Value {
        let username = format!("np-{}", (js_sys::Math::random() * 1e12) as u64);
        self.admin(
            "AdminCreateUser",
            json!({
                "UserPoolId": self.pool(pool)["userPoolId"],
                "Username": username,
                "TemporaryPassword": "Temp-Passw0rd!",
                "MessageAction": "SUPPRESS",
                "UserAttributes": [{"Name": "email", "Value": format!("{username}@example.com")}],
            }),
        )
        .await;
        json!({"username": username, "password": "Temp-Passw0rd!"})
    }

    /// A fresh CONFIRMED user in `pool` with a permanent password.
    pub async fn confirmed_user(&self, pool: &str) -> Value {
        let user = self.new_password_user(pool).await;
        self.admin(
            "AdminSetUserPassword",
            json!({
                "UserPoolId": self.pool(pool)["userPoolId"],
                "Username": user["username"],
                "Password": "Fresh-Passw0rd!",
                "Permanent": true,
            }),
        )
        .await;
        json!({"username": user["username"], "password": "Fresh-Passw0rd!"})
    }

    pub async fn admin(&self, operation: &str, body: Value) -> Value {
        let init = js(&json!({
            "method": "POST",
            "headers": {
                "Content-Type": "application/x-amz-json-1.1",
                "X-Amz-Target": format!("AWSCognitoIdentityProviderService.{operation}"),
            },
            "body": body.to_string(),
        }));
        let answer = fetch_json(&format!("{PEER_URL}/"), Some(&init)).await;
        assert!(answer.get("__type").is_none(), "{operation}: {answer}");
        answer
    }
}

/// The SMS code the peer "sent" to an internal username.
pub async fn sms_code(username: &str) -> String {
    let url = format!(
        "{PEER_URL}/_peer/sms/{}",
        js_sys::encode_uri_component(username)
    );
    fetch_json(&url, None).await["code"]
        .as_str()
        .expect("an SMS code")
        .to_owned()
}

/// The email code the peer "sent" to an internal username (EMAIL_OTP).
pub async fn email_code(username: &str) -> String {
    let url = format!(
        "{PEER_URL}/_peer/email/{}",
        js_sys::encode_uri_component(username)
    );
    fetch_json(&url, None).await["code"]
        .as_str()
        .expect("an email code")
        .to_owned()
}

pub fn js(value: &Value) -> JsValue {
    JSON::parse(&value.to_string()).unwrap()
}

pub async fn resolved(promise: Promise) -> JsValue {
    match JsFuture::from(promise).await {
        Ok(value) => value,
        Err(error) => panic!("rejected with {}", describe(&error)),
    }
}

pub async fn rejected(promise: Promise) -> JsValue {
    match JsFuture::from(promise).await {
        Ok(value) => panic!("resolved with {value:?}"),
        Err(error) => error,
    }
}

pub fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

pub fn get_str(value: &JsValue, key: &str) -> String {
    get(value, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string in {value:?}"))
}

pub fn to_value(value: &JsValue) -> Value {
    serde_json::from_str(&JSON::stringify(value).unwrap().as_string().unwrap()).unwrap()
}

pub fn describe(error: &JsValue) -> String {
    format!("{}: {}", get_str(error, "name"), get_str(error, "message"))
}

/// A real `Error` with the given `name` and a `retryable` flag.
pub fn assert_error_named(error: &JsValue, name: &str) {
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "{error:?} is not an Error"
    );
    assert_eq!(get_str(error, "name"), name, "{}", describe(error));
    assert!(
        get(error, "retryable").as_bool().is_some(),
        "retryable is missing"
    );
}

/// `step.respond(answer)`, called as JavaScript calls it.
pub fn respond(step: &JsValue, answer: &Value) -> Promise {
    let respond: Function = get(step, "respond").dyn_into().unwrap();
    respond
        .call1(step, &js(answer))
        .unwrap()
        .dyn_into()
        .unwrap()
}

pub fn assert_tokens(step: &JsValue) {
    assert!(
        get(step, "challengeName").is_undefined(),
        "expected tokens, got {}",
        get(step, "challengeName").as_string().unwrap_or_default()
    );
    assert!(!get_str(&get(step, "tokens"), "idToken").is_empty());
}

/// A client whose `fetch` records `[X-Amz-Target, body]` of every call in `globalThis[name]`.
pub fn recording_client(seed: &Seed, pool: &str, app_client: &str, name: &str) -> CognitoClient {
    recording_client_with(&seed.config(pool, app_client), name)
}

/// A client of `config` whose `fetch` records like [`recording_client`]'s.
pub fn recording_client_with(config: &Value, name: &str) -> CognitoClient {
    recording_client_from(js(config), name)
}

/// A client of a config object built in JavaScript (it may hold functions), recording like
/// [`recording_client`]'s.
pub fn recording_client_from(config: JsValue, name: &str) -> CognitoClient {
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

pub fn recorded(name: &str) -> Vec<Value> {
    let calls = Reflect::get(&js_sys::global(), &name.into()).unwrap();
    if calls.is_undefined() {
        return Vec::new();
    }
    serde_json::from_value(to_value(&calls)).unwrap()
}

pub fn new_client(config: &Value) -> Result<CognitoClient, JsValue> {
    CognitoClient::new(js(config))
}

/// The decoded payload of a JWT.
pub fn jwt_payload(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("a JWT has three parts");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .expect("base64url payload");
    serde_json::from_slice(&bytes).expect("a JSON payload")
}

/// Signs in and returns the `tokens` object.
pub async fn sign_in_tokens(client: &CognitoClient, credentials: &Value) -> JsValue {
    let result = resolved(client.sign_in(js(credentials))).await;
    assert!(
        get(&result, "challengeName").is_undefined(),
        "expected tokens, got a challenge"
    );
    get(&result, "tokens")
}
