//! The wasm surface (src/: `CognitoClient`, `SignedIn`, the challenge classes, `SrpHelper`)
//! signing in against the local Cognito peer (tests/peer) from inside WebAssembly, called as a
//! Rust caller calls it, its promises awaited with `JsFuture`.
//!
//! One suite for Node and the browsers: it sets no `wasm_bindgen_test_configure!`, so
//! wasm-bindgen-test-runner runs it in Node unless `WASM_BINDGEN_USE_BROWSER` is set:
//!
//! ```text
//! wasm-pack test --node . --test wasm_surface
//! WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome --firefox . --test wasm_surface
//! ```
//!
//! wasm has no environment at run time: the peer's URL is read when the test is compiled
//! (`PEER_URL`, default `http://127.0.0.1:9230`, where `scripts/dev.sh peer` listens). In a
//! browser the peer is another origin than the runner's page; it answers with CORS headers.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::cell::RefCell;
use std::rc::Rc;

use base64::Engine;
use cognito_auth_wasm::{CognitoClient, SignedIn, SmsMfaChallenge, SrpHelper};
use js_sys::{Array, Function, Object, Promise, Reflect, JSON};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::convert::TryFromJsValue;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const PEER_URL: &str = match option_env!("PEER_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:9230",
};

/// A port fetch refuses to use (`discard`, on the Fetch standard's bad-port list): the request
/// fails before leaving the machine.
const UNREACHABLE: &str = "http://127.0.0.1:9";

/// A closed port fetch does connect to: the connection is refused.
const REFUSING: &str = "http://127.0.0.1:47";

const WRONG_PASSWORD: &str = "Wrong-Passw0rd!";

// ---------------------------------------------------------------------------------------------
// JavaScript values.

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

fn get_str(value: &JsValue, key: &str) -> String {
    get(value, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string in {}", show(value)))
}

/// `value` as JSON text for messages (its `Debug` form when JSON cannot write it).
fn show(value: &JsValue) -> String {
    JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

/// A plain object of `entries`.
fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let out = Object::new();
    for (key, value) in entries {
        Reflect::set(&out, &(*key).into(), value).unwrap();
    }
    out.into()
}

/// A plain object's copy with `key` set to `value`.
fn with(value: &JsValue, key: &str, field: JsValue) -> JsValue {
    let copy: JsValue = Object::assign(&Object::new(), value.unchecked_ref()).into();
    Reflect::set(&copy, &key.into(), &field).unwrap();
    copy
}

async fn settle(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

/// The fulfilment value of `promise`; fails with the rejection's name and message.
async fn resolved(promise: Promise, what: &str) -> JsValue {
    match settle(promise).await {
        Ok(value) => value,
        Err(error) => panic!("{what} rejected with {}", describe(&error)),
    }
}

/// The rejection reason of `promise`; fails if it fulfils.
async fn rejected(promise: Promise, what: &str) -> JsValue {
    match settle(promise).await {
        Ok(value) => panic!("{what} resolved with {}", show(&value)),
        Err(error) => error,
    }
}

/// `name: message` of an error.
fn describe(error: &JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(error) => format!(
            "{}: {}",
            String::from(error.name()),
            String::from(error.message())
        ),
        None => show(error),
    }
}

/// `error` is a JavaScript `Error` named `name` with the package's boolean `retryable`.
fn assert_error(error: &JsValue, name: &str) -> js_sys::Error {
    let Some(js_error) = error.dyn_ref::<js_sys::Error>() else {
        panic!("{} is not an Error", show(error));
    };
    assert_eq!(String::from(js_error.name()), name, "{}", describe(error));
    assert!(
        get(error, "retryable").as_bool().is_some(),
        "retryable is not a boolean on {}",
        describe(error)
    );
    js_error.clone()
}

/// The decoded payload of a JWT.
fn jwt_payload(token: &str) -> JsValue {
    let payload = token
        .split('.')
        .nth(1)
        .unwrap_or_else(|| panic!("a JWT has three parts: {token}"));
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD_INDIFFERENT
        .decode(payload)
        .unwrap();
    JSON::parse(&String::from_utf8(bytes).unwrap()).unwrap()
}

// ---------------------------------------------------------------------------------------------
// The peer.

/// `GET url`, its body parsed as JSON (through gloo-net, as the package's own requests go).
async fn get_json(url: &str) -> JsValue {
    let response = gloo_net::http::Request::get(url)
        .send()
        .await
        .unwrap_or_else(|error| panic!("the peer does not answer at {url}: {error}"));
    let status = response.status();
    let text = response.text().await.unwrap();
    JSON::parse(&text).unwrap_or_else(|_| panic!("not JSON from {url} (HTTP {status}): {text}"))
}

/// The peer's seed (`GET {PEER_URL}/_peer/seed`): pools, app clients, users.
struct Seed(JsValue);

impl Seed {
    async fn load() -> Seed {
        Seed(get_json(&format!("{PEER_URL}/_peer/seed")).await)
    }

    fn pool(&self, pool: &str) -> JsValue {
        let found = get(&get(&self.0, "pools"), pool);
        assert!(found.is_object(), "no pool {pool} in the seed");
        found
    }

    fn user(&self, pool: &str, user: &str) -> JsValue {
        let found = get(&get(&self.pool(pool), "users"), user);
        assert!(
            found.is_object(),
            "no user {user} in the seed's pool {pool}"
        );
        found
    }

    /// The `CognitoClient` config of `pool`'s app client `app` (`public`, `secret`).
    fn config(&self, pool: &str, app: &str) -> JsValue {
        let pool = self.pool(pool);
        let client = get(&get(&pool, "clients"), app);
        let endpoint = get(&self.0, "endpoint")
            .as_string()
            .unwrap_or_else(|| PEER_URL.to_owned());
        let mut entries = vec![
            ("userPoolId", get(&pool, "userPoolId")),
            ("clientId", get(&client, "clientId")),
            ("endpoint", endpoint.into()),
        ];
        let secret = get(&client, "clientSecret");
        if !secret.is_undefined() {
            entries.push(("clientSecret", secret));
        }
        object(&entries)
    }

    fn client(&self, pool: &str, app: &str) -> CognitoClient {
        CognitoClient::new(self.config(pool, app))
            .unwrap_or_else(|error| panic!("new CognitoClient: {}", describe(&error)))
    }

    /// `{ username, password }` as the user types them.
    fn credentials(&self, pool: &str, user: &str) -> JsValue {
        let user = self.user(pool, user);
        object(&[
            ("username", get(&user, "signInAs")),
            ("password", get(&user, "password")),
        ])
    }
}

/// The SMS code the peer "sent" to the internal username `username`.
async fn sms_code(username: &str) -> String {
    let user = String::from(js_sys::encode_uri_component(username));
    let answer = get_json(&format!("{PEER_URL}/_peer/sms/{user}")).await;
    get_str(&answer, "code")
}

/// A `fetch` for a config: it records each request's `X-Amz-Target` (without the service
/// prefix) and JSON body, then hands the request to the global `fetch`.
struct RecordingFetch {
    calls: Rc<RefCell<Vec<(String, JsValue)>>>,
    function: Closure<dyn FnMut(JsValue, JsValue) -> JsValue>,
}

impl RecordingFetch {
    fn new() -> RecordingFetch {
        let calls = Rc::new(RefCell::new(Vec::new()));
        let record = calls.clone();
        let function = Closure::<dyn FnMut(JsValue, JsValue) -> JsValue>::new(
            move |url: JsValue, init: JsValue| {
                let target = get_str(&get(&init, "headers"), "X-Amz-Target");
                let operation = target
                    .strip_prefix("AWSCognitoIdentityProviderService.")
                    .unwrap_or(&target)
                    .to_owned();
                let body = JSON::parse(&get_str(&init, "body")).unwrap();
                record.borrow_mut().push((operation, body));
                let global = js_sys::global();
                let fetch: Function = get(&global, "fetch").dyn_into().unwrap();
                fetch.call2(&global, &url, &init).unwrap()
            },
        );
        RecordingFetch { calls, function }
    }

    /// `config` with this `fetch`.
    fn config(&self, config: &JsValue) -> JsValue {
        with(config, "fetch", self.function.as_ref().clone())
    }

    /// The operations called so far and their bodies.
    fn calls(&self) -> Vec<(String, JsValue)> {
        self.calls.borrow().clone()
    }
}

/// The `SignedIn` a sign-in step resolved to; fails on anything else (a challenge).
fn signed_in(step: JsValue) -> SignedIn {
    SignedIn::try_from_js_value(step).unwrap_or_else(|step| {
        panic!(
            "expected a SignedIn, got challengeName {}",
            show(&get(&step, "challengeName"))
        )
    })
}

/// The `cognito:username` of a `SignedIn`'s id token, after checking the other tokens are there.
fn signed_in_username(signed_in: &SignedIn) -> String {
    assert!(signed_in.challenge_name().is_undefined());
    let tokens = signed_in.tokens();
    assert!(
        !get_str(&tokens, "accessToken").is_empty(),
        "{}",
        show(&tokens)
    );
    assert!(
        !get_str(&tokens, "refreshToken").is_empty(),
        "{}",
        show(&tokens)
    );
    assert_eq!(get_str(&tokens, "tokenType"), "Bearer");
    let expires_in = get(&tokens, "expiresIn").as_f64().unwrap_or(0.0);
    assert!(expires_in > 0.0, "expiresIn in {}", show(&tokens));
    get_str(
        &jwt_payload(&get_str(&tokens, "idToken")),
        "cognito:username",
    )
}

// ---------------------------------------------------------------------------------------------
// signIn: USER_SRP_AUTH, USER_PASSWORD_AUTH, app clients with a secret.

#[wasm_bindgen_test]
async fn right_password_signs_in_with_tokens_for_the_user() {
    let seed = Seed::load().await;
    let client = seed.client("main", "public");
    let step = resolved(client.sign_in(seed.credentials("main", "demo")), "signIn").await;
    let signed_in = signed_in(step);
    let demo = seed.user("main", "demo");
    assert_eq!(signed_in_username(&signed_in), get_str(&demo, "username"));
    let id = jwt_payload(&get_str(&signed_in.tokens(), "idToken"));
    assert_eq!(get_str(&id, "sub"), get_str(&demo, "sub"));
}

// The username and password cross into wasm as UTF-8: SRP's hash is over those bytes.
#[wasm_bindgen_test]
async fn unicode_username_and_password_sign_in() {
    let seed = Seed::load().await;
    let client = seed.client("main", "public");
    let step = resolved(
        client.sign_in(seed.credentials("main", "unicode")),
        "signIn",
    )
    .await;
    let expected = get_str(&seed.user("main", "unicode"), "username");
    assert!(!expected.is_ascii());
    assert_eq!(signed_in_username(&signed_in(step)), expected);
}

#[wasm_bindgen_test]
async fn wrong_password_is_not_authorized() {
    let seed = Seed::load().await;
    let client = seed.client("main", "public");
    let credentials = with(
        &seed.credentials("main", "demo"),
        "password",
        WRONG_PASSWORD.into(),
    );
    let error = rejected(client.sign_in(credentials), "signIn").await;
    let js_error = assert_error(&error, "NotAuthorizedException");
    assert_eq!(get(&error, "httpStatus").as_f64(), Some(400.0));
    assert_eq!(get(&error, "retryable").as_bool(), Some(false));
    assert!(!String::from(js_error.message()).contains(WRONG_PASSWORD));
}

// The recorded requests show which flow was used: tokens alone cannot tell.
#[wasm_bindgen_test]
async fn user_password_auth_sends_the_password_flow() {
    let seed = Seed::load().await;
    let demo = seed.user("main", "demo");
    for app in ["public", "secret"] {
        let recording = RecordingFetch::new();
        let client = CognitoClient::new(recording.config(&seed.config("main", app))).unwrap();
        let input = with(
            &seed.credentials("main", "demo"),
            "flow",
            "USER_PASSWORD_AUTH".into(),
        );
        let step = resolved(client.sign_in(input), app).await;
        assert_eq!(
            signed_in_username(&signed_in(step)),
            get_str(&demo, "username")
        );

        let calls = recording.calls();
        assert_eq!(calls.len(), 1, "{app}: one InitiateAuth");
        let (operation, body) = &calls[0];
        assert_eq!(operation, "InitiateAuth");
        assert_eq!(get_str(body, "AuthFlow"), "USER_PASSWORD_AUTH");
        let parameters = get(body, "AuthParameters");
        assert_eq!(get_str(&parameters, "USERNAME"), get_str(&demo, "signInAs"));
        assert_eq!(
            get(&parameters, "SECRET_HASH").is_string(),
            app == "secret",
            "{app}: {}",
            show(&parameters)
        );

        let wrong = with(
            &seed.credentials("main", "demo"),
            "password",
            WRONG_PASSWORD.into(),
        );
        let wrong = with(&wrong, "flow", "USER_PASSWORD_AUTH".into());
        let error = rejected(client.sign_in(wrong), app).await;
        assert_error(&error, "NotAuthorizedException");
    }
}

// An app client with a secret: SECRET_HASH in InitiateAuth and in the PASSWORD_VERIFIER answer,
// where it is over USER_ID_FOR_SRP (the email pool's internal username, not the email typed).
#[wasm_bindgen_test]
async fn app_client_with_a_secret_signs_in_with_srp() {
    let seed = Seed::load().await;
    for (pool, user) in [("main", "demo"), ("email", "alice")] {
        let recording = RecordingFetch::new();
        let client = CognitoClient::new(recording.config(&seed.config(pool, "secret"))).unwrap();
        let step = resolved(client.sign_in(seed.credentials(pool, user)), pool).await;
        let seeded = seed.user(pool, user);
        assert_eq!(
            signed_in_username(&signed_in(step)),
            get_str(&seeded, "username")
        );

        let calls = recording.calls();
        let operations: Vec<&str> = calls.iter().map(|(op, _)| op.as_str()).collect();
        assert_eq!(
            operations,
            ["InitiateAuth", "RespondToAuthChallenge"],
            "{pool}"
        );
        let initiate = &calls[0].1;
        assert_eq!(get_str(initiate, "AuthFlow"), "USER_SRP_AUTH");
        let parameters = get(initiate, "AuthParameters");
        assert!(
            get(&parameters, "SECRET_HASH").is_string(),
            "{}",
            show(&parameters)
        );
        let answer = &calls[1].1;
        assert_eq!(get_str(answer, "ChallengeName"), "PASSWORD_VERIFIER");
        let responses = get(answer, "ChallengeResponses");
        assert!(
            get(&responses, "SECRET_HASH").is_string(),
            "{}",
            show(&responses)
        );
        assert_eq!(
            get_str(&responses, "USERNAME"),
            get_str(&seeded, "username")
        );
        // The password itself never goes over the wire in SRP.
        let sent = show(&Array::of2(initiate, answer));
        assert!(!sent.contains(&get_str(&seeded, "password")), "{sent}");
    }
}

// ---------------------------------------------------------------------------------------------
// Failures before or without Cognito's answer.

#[wasm_bindgen_test]
async fn unreachable_endpoint_is_a_retryable_network_error() {
    for endpoint in [UNREACHABLE, REFUSING] {
        let config = object(&[
            ("userPoolId", "us-east-1_AbC123".into()),
            ("clientId", "client".into()),
            ("endpoint", endpoint.into()),
        ]);
        let client = CognitoClient::new(config).unwrap();
        let credentials = object(&[
            ("username", "demo".into()),
            ("password", "Demo-Passw0rd!".into()),
        ]);
        let error = rejected(client.sign_in(credentials), endpoint).await;
        let js_error = assert_error(&error, "NetworkError");
        assert_eq!(get(&error, "retryable").as_bool(), Some(true), "{endpoint}");
        assert!(get(&error, "httpStatus").is_undefined(), "{endpoint}");
        assert!(!String::from(js_error.message()).contains("Demo-Passw0rd!"));
    }
}

// A caller's `fetch` that never settles: the client's own timer ends the wait.
#[wasm_bindgen_test]
async fn a_fetch_that_never_answers_is_a_retryable_timeout() {
    let never = Closure::<dyn FnMut(JsValue, JsValue) -> JsValue>::new(|_: JsValue, _: JsValue| {
        Promise::new(&mut |_, _| {}).into()
    });
    let config = object(&[
        ("userPoolId", "us-east-1_AbC123".into()),
        ("clientId", "client".into()),
        ("endpoint", UNREACHABLE.into()),
        ("timeoutMs", 50.into()),
        ("fetch", never.as_ref().clone()),
    ]);
    let client = CognitoClient::new(config).unwrap();
    let credentials = object(&[
        ("username", "demo".into()),
        ("password", "Demo-Passw0rd!".into()),
    ]);
    let error = rejected(client.sign_in(credentials), "signIn").await;
    assert_error(&error, "TimeoutError");
    assert_eq!(get(&error, "retryable").as_bool(), Some(true));
}

#[wasm_bindgen_test]
fn a_config_that_is_not_an_object_is_an_invalid_parameter_error() {
    for config in [
        JsValue::UNDEFINED,
        JsValue::NULL,
        JsValue::from_str("us-east-1_AbC123"),
        JsValue::from_f64(5.0),
        JsValue::TRUE,
    ] {
        let Err(error) = CognitoClient::new(config.clone()) else {
            panic!("accepted {config:?}");
        };
        assert_error(&error, "InvalidParameterError");
        assert_eq!(get(&error, "retryable").as_bool(), Some(false));
    }
    // An object the core refuses: the same error, from the core's checks.
    let Err(error) = CognitoClient::new(object(&[("clientId", "client".into())])) else {
        panic!("accepted a config without userPoolId");
    };
    assert_error(&error, "InvalidParameterError");
}

// ---------------------------------------------------------------------------------------------
// SMS_MFA.

#[wasm_bindgen_test]
async fn sms_mfa_is_answered_with_the_code_sent() {
    let seed = Seed::load().await;
    let username = get_str(&seed.user("main", "sms"), "username");
    for app in ["public", "secret"] {
        let client = seed.client("main", app);
        let step = resolved(client.sign_in(seed.credentials("main", "sms")), app).await;
        let challenge = SmsMfaChallenge::try_from_js_value(step).unwrap_or_else(|step| {
            panic!(
                "{app}: expected SMS_MFA, got {}",
                show(&get(&step, "challengeName"))
            )
        });
        assert_eq!(challenge.challenge_name().as_string().unwrap(), "SMS_MFA");
        assert_eq!(challenge.delivery_medium().as_string().unwrap(), "SMS");
        assert!(challenge.destination().is_string());
        assert!(challenge.tokens().is_undefined());

        let code = sms_code(&username).await;
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let error = rejected(challenge.respond(object(&[("code", wrong.into())])), app).await;
        assert_error(&error, "CodeMismatchException");

        // After a mismatch the same session may try again.
        let answer = object(&[("code", code.into())]);
        let step = resolved(challenge.respond(answer.clone()), app).await;
        assert_eq!(signed_in_username(&signed_in(step)), username);

        let error = rejected(challenge.respond(answer), app).await;
        assert_error(&error, "InvalidStateError");
    }
}

// ---------------------------------------------------------------------------------------------
// SrpHelper over the raw layer.

#[wasm_bindgen_test]
async fn srp_helper_signs_in_over_the_raw_layer() {
    let seed = Seed::load().await;
    let client = seed.client("email", "public");
    let alice = seed.user("email", "alice");
    let mut helper = SrpHelper::new().unwrap();
    let srp_a = helper.srp_a();
    assert!(!srp_a.is_empty());
    assert!(
        srp_a
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "SRP_A is lowercase hex: {srp_a}"
    );
    assert_ne!(
        SrpHelper::new().unwrap().srp_a(),
        srp_a,
        "a fresh a per helper"
    );

    let input = object(&[
        ("AuthFlow", "USER_SRP_AUTH".into()),
        (
            "AuthParameters",
            object(&[
                ("USERNAME", get(&alice, "signInAs")),
                ("SRP_A", srp_a.into()),
            ]),
        ),
    ]);
    let output = resolved(client.initiate_auth(input), "initiateAuth").await;
    assert_eq!(get_str(&output, "ChallengeName"), "PASSWORD_VERIFIER");

    let verifier_input = object(&[
        ("userPoolId", get(&seed.pool("email"), "userPoolId")),
        ("challengeParameters", get(&output, "ChallengeParameters")),
        ("password", get(&alice, "password")),
    ]);
    let responses = helper
        .password_verifier(verifier_input)
        .unwrap_or_else(|error| panic!("passwordVerifier: {}", describe(&error)));
    assert_eq!(get_str(&responses, "USERNAME"), get_str(&alice, "username"));

    let answer = object(&[
        ("ChallengeName", "PASSWORD_VERIFIER".into()),
        ("ChallengeResponses", responses),
        ("Session", get(&output, "Session")),
    ]);
    let output = resolved(
        client.respond_to_auth_challenge(answer),
        "respondToAuthChallenge",
    )
    .await;
    let result = get(&output, "AuthenticationResult");
    let id = jwt_payload(&get_str(&result, "IdToken"));
    assert_eq!(
        get_str(&id, "cognito:username"),
        get_str(&alice, "username")
    );
}

#[wasm_bindgen_test]
fn srp_helper_refuses_bad_input_with_named_errors() {
    let mut helper = SrpHelper::new().unwrap();
    let good = || {
        object(&[
            ("userPoolId", "us-east-1_AbC123".into()),
            (
                "challengeParameters",
                object(&[
                    ("SALT", "ab".into()),
                    ("SRP_B", "1234".into()),
                    ("SECRET_BLOCK", "AAAA".into()),
                    ("USER_ID_FOR_SRP", "u".into()),
                ]),
            ),
            ("password", "p".into()),
            ("timestamp", "Tue Nov 3 07:05:09 UTC 2026".into()),
        ])
    };
    let responses = helper.password_verifier(good()).unwrap();
    // One-shot: the secret `a` has answered and is gone.
    assert_error(
        &helper.password_verifier(good()).unwrap_err(),
        "InvalidStateError",
    );
    assert_eq!(
        get_str(&responses, "TIMESTAMP"),
        "Tue Nov 3 07:05:09 UTC 2026"
    );
    assert!(!get_str(&responses, "PASSWORD_CLAIM_SIGNATURE").is_empty());

    let parameters =
        |srp_b: &str| with(&get(&good(), "challengeParameters"), "SRP_B", srp_b.into());
    for (input, name) in [
        (JsValue::UNDEFINED, "InvalidParameterError"),
        (JsValue::from_str("x"), "InvalidParameterError"),
        (
            with(&good(), "userPoolId", "nounderscore".into()),
            "InvalidParameterError",
        ),
        (
            with(&good(), "password", 42.into()),
            "InvalidParameterError",
        ),
        (
            with(&good(), "challengeParameters", parameters("")),
            "ProtocolError",
        ),
        // B ≡ 0 (mod N): the SRP abort rule.
        (
            with(&good(), "challengeParameters", parameters("0")),
            "ProtocolError",
        ),
    ] {
        let Err(error) = SrpHelper::new().unwrap().password_verifier(input.clone()) else {
            panic!("accepted {}", show(&input));
        };
        assert_error(&error, name);
    }
}
