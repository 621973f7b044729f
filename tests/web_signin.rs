//! The JavaScript API against the local Cognito peer (tests/peer), in Node and in Chromium.
//!
//! Inputs are built the way JavaScript builds them (`JSON.parse` of object literals) and go
//! through the exported `CognitoClient`; the peer runs at `PEER_URL` (compile time, default
//! `http://127.0.0.1:9230`) and describes its users at `GET {PEER_URL}/_peer/seed`.
//!
//! ```sh
//! CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!   cargo test --target wasm32-unknown-unknown --test web_signin            # Node
//! WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver \
//! CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!   cargo test --target wasm32-unknown-unknown --test web_signin            # headless Chromium
//! ```
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;

use cognito_auth_wasm::{CognitoClient, SrpHelper};
use js_sys::{Function, Reflect, JSON};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

/// A port fetch refuses to use (`discard`, on the Fetch standard's bad-port list): a request
/// sent there fails before leaving the machine.
const UNREACHABLE: &str = "http://127.0.0.1:9";

/// A closed port that fetch does connect to: the connection is refused.
const REFUSING: &str = "http://127.0.0.1:47";

// ---------------------------------------------------------------------------------------------
// signIn against the peer.

#[wasm_bindgen_test]
async fn right_password_signs_in_with_tokens_for_the_user() {
    let seed = Seed::load().await;
    let client = seed.client("main", "public");
    let tokens = sign_in_tokens(&client, &seed.credentials("main", "demo")).await;

    let id = jwt_payload(&get_str(&tokens, "idToken"));
    assert_eq!(
        id["cognito:username"],
        seed.user("main", "demo")["username"]
    );
    assert_eq!(id["sub"], seed.user("main", "demo")["sub"]);
    assert!(!get_str(&tokens, "accessToken").is_empty());
    assert!(!get_str(&tokens, "refreshToken").is_empty());
    assert!(get(&tokens, "expiresIn").as_f64().unwrap() > 0.0);
    assert_eq!(get_str(&tokens, "tokenType"), "Bearer");
}

#[wasm_bindgen_test]
async fn unicode_username_and_password_sign_in() {
    let seed = Seed::load().await;
    let client = seed.client("main", "public");
    let tokens = sign_in_tokens(&client, &seed.credentials("main", "unicode")).await;
    let id = jwt_payload(&get_str(&tokens, "idToken"));
    assert_eq!(
        id["cognito:username"],
        seed.user("main", "unicode")["username"]
    );
}

#[wasm_bindgen_test]
async fn wrong_password_is_not_authorized() {
    let seed = Seed::load().await;
    let client = seed.client("main", "public");
    let mut credentials = seed.credentials("main", "demo");
    credentials["password"] = "Wrong-Passw0rd!".into();
    let error = rejected(client.sign_in(js(&credentials))).await;
    assert_error_named(&error, "NotAuthorizedException");
    assert_eq!(get(&error, "httpStatus").as_f64(), Some(400.0));
    assert_eq!(get(&error, "retryable").as_bool(), Some(false));
    assert!(!get_str(&error, "message").contains("Wrong-Passw0rd!"));
}

#[wasm_bindgen_test]
async fn unknown_user_gets_the_pools_error() {
    let seed = Seed::load().await;
    let client = seed.client("main", "public");
    let credentials = json!({"username": "nobody-here", "password": "Some-Passw0rd!"});
    let error = rejected(client.sign_in(js(&credentials))).await;
    assert_error_named(&error, "UserNotFoundException");
    assert_eq!(get(&error, "httpStatus").as_f64(), Some(400.0));
}

#[wasm_bindgen_test]
async fn app_client_with_a_secret_signs_in() {
    let seed = Seed::load().await;
    let client = seed.client("main", "secret");
    let tokens = sign_in_tokens(&client, &seed.credentials("main", "demo")).await;
    let id = jwt_payload(&get_str(&tokens, "idToken"));
    assert_eq!(id["cognito:username"], "demo");
}

#[wasm_bindgen_test]
async fn email_pool_signs_in_by_email_as_the_internal_username() {
    let seed = Seed::load().await;
    let alice = seed.user("email", "alice");
    assert_ne!(alice["signInAs"], alice["username"]);
    let client = seed.client("email", "public");
    let tokens = sign_in_tokens(&client, &seed.credentials("email", "alice")).await;
    let id = jwt_payload(&get_str(&tokens, "idToken"));
    assert_eq!(id["cognito:username"], alice["username"]);
}

/// The PASSWORD_VERIFIER answer's SECRET_HASH is over USER_ID_FOR_SRP, not the typed email:
/// a hash over the email would be refused.
#[wasm_bindgen_test]
async fn email_pool_with_a_secret_signs_in_by_email() {
    let seed = Seed::load().await;
    let client = seed.client("email", "secret");
    let tokens = sign_in_tokens(&client, &seed.credentials("email", "alice")).await;
    let id = jwt_payload(&get_str(&tokens, "idToken"));
    assert_eq!(
        id["cognito:username"],
        seed.user("email", "alice")["username"]
    );
}

#[wasm_bindgen_test]
async fn wrong_client_secret_fails_with_cognitos_error() {
    let seed = Seed::load().await;
    let mut config = seed.config("main", "secret");
    config["clientSecret"] = "not-the-secret".into();
    let client = new_client(&config).unwrap();
    let error = rejected(client.sign_in(js(&seed.credentials("main", "demo")))).await;
    assert_error_named(&error, "NotAuthorizedException");
    assert_eq!(get(&error, "httpStatus").as_f64(), Some(400.0));
    assert!(!get_str(&error, "message").contains("not-the-secret"));
}

#[wasm_bindgen_test]
async fn a_challenge_for_the_user_is_a_challenge_object() {
    let seed = Seed::load().await;
    let client = seed.client("main", "public");
    let step = resolved(client.sign_in(js(&seed.credentials("main", "newpass")))).await;
    assert_eq!(get_str(&step, "challengeName"), "NEW_PASSWORD_REQUIRED");
    assert!(get(&step, "tokens").is_undefined());
    assert!(!get_str(&step, "session").is_empty());
    assert!(get(&step, "challengeParameters").is_object());
    assert!(get(&step, "respond").is_function());
}

// ---------------------------------------------------------------------------------------------
// Invalid input, unreachable endpoint, timeout.

#[wasm_bindgen_test]
async fn missing_or_non_string_credentials_reject_before_any_request() {
    // The endpoint would fail with NetworkError if anything were sent.
    let client = new_client(&json!({
        "userPoolId": "us-east-1_AbC123", "clientId": "client", "endpoint": UNREACHABLE,
    }))
    .unwrap();
    let bad_inputs = [
        json!({}),
        json!({"username": "demo"}),
        json!({"password": "Demo-Passw0rd!"}),
        json!({"username": 5, "password": "Demo-Passw0rd!"}),
        json!({"username": "demo", "password": null}),
        json!({"username": "demo", "password": ["Demo-Passw0rd!"]}),
        json!({"username": "", "password": "Demo-Passw0rd!"}),
        json!({"username": "demo", "password": ""}),
        json!(null),
        json!("demo"),
    ];
    for input in bad_inputs {
        let error = rejected(client.sign_in(js(&input))).await;
        assert_error_named(&error, "InvalidParameterError");
        assert_eq!(get(&error, "retryable").as_bool(), Some(false));
        assert!(get(&error, "httpStatus").is_undefined());
    }
    let error = rejected(client.sign_in(JsValue::UNDEFINED)).await;
    assert_error_named(&error, "InvalidParameterError");
}

#[wasm_bindgen_test]
fn invalid_config_throws_invalid_parameter_error() {
    let bad_configs = [
        json!({"clientId": "client"}),
        json!({"userPoolId": "us-east-1_AbC123"}),
        json!({"userPoolId": "us-east-1", "clientId": "client"}),
        json!({"userPoolId": "_AbC123", "clientId": "client"}),
        json!({"userPoolId": "us-east-1_", "clientId": "client"}),
        json!({"userPoolId": 42, "clientId": "client"}),
        json!({"userPoolId": "us-east-1_AbC123", "clientId": ""}),
        json!({"userPoolId": "us-east-1_AbC123", "clientId": ["client"]}),
        json!({"userPoolId": "us-east-1_AbC123", "clientId": "c", "endpoint": "ftp://x"}),
        json!({"userPoolId": "us-east-1_AbC123", "clientId": "c", "endpoint": 5}),
        json!({"userPoolId": "us-east-1_AbC123", "clientId": "c", "timeoutMs": "5"}),
        json!({"userPoolId": "us-east-1_AbC123", "clientId": "c", "timeoutMs": -1}),
        json!({"userPoolId": "us-east-1_AbC123", "clientId": "c", "fetch": "fetch"}),
        json!(null),
        json!("us-east-1_AbC123"),
    ];
    for config in bad_configs {
        let Err(error) = new_client(&config) else {
            panic!("accepted {config}")
        };
        assert_error_named(&error, "InvalidParameterError");
    }
    let Err(error) = CognitoClient::new(JsValue::UNDEFINED) else {
        panic!("accepted undefined")
    };
    assert_error_named(&error, "InvalidParameterError");
}

#[wasm_bindgen_test]
async fn unreachable_endpoint_is_a_retryable_network_error() {
    for endpoint in [UNREACHABLE, REFUSING] {
        let client = new_client(&json!({
            "userPoolId": "us-east-1_AbC123", "clientId": "client", "endpoint": endpoint,
        }))
        .unwrap();
        let credentials = json!({"username": "demo", "password": "Demo-Passw0rd!"});
        let error = rejected(client.sign_in(js(&credentials))).await;
        assert_error_named(&error, "NetworkError");
        assert_eq!(get(&error, "retryable").as_bool(), Some(true));
        assert!(get(&error, "httpStatus").is_undefined());
        assert!(!get_str(&error, "message").contains("Demo-Passw0rd!"));
    }
}

#[wasm_bindgen_test]
async fn a_fetch_that_never_answers_times_out() {
    let config = js(&json!({
        "userPoolId": "us-east-1_AbC123", "clientId": "client", "timeoutMs": 50,
    }));
    // A caller-supplied fetch that ignores the abort signal and never settles.
    let never = Function::new_no_args("return new Promise(() => {});");
    Reflect::set(&config, &"fetch".into(), &never).unwrap();
    let client = CognitoClient::new(config).unwrap();
    let credentials = json!({"username": "demo", "password": "Demo-Passw0rd!"});
    let error = rejected(client.sign_in(js(&credentials))).await;
    assert_error_named(&error, "TimeoutError");
    assert_eq!(get(&error, "retryable").as_bool(), Some(true));
}

/// A client whose `fetch` answers every call with `new Response(body, { status })`.
fn client_answered_by(status: u16, body: &str) -> CognitoClient {
    let config = js(&json!({"userPoolId": "us-east-1_AbC123", "clientId": "client"}));
    let fetch = Function::new_no_args(&format!(
        "return Promise.resolve(new Response({}, {{ status: {status} }}));",
        serde_json::to_string(body).unwrap()
    ));
    Reflect::set(&config, &"fetch".into(), &fetch).unwrap();
    CognitoClient::new(config).unwrap()
}

#[wasm_bindgen_test]
async fn answers_that_are_not_cognitos_are_protocol_errors() {
    let credentials = js(&json!({"username": "demo", "password": "Demo-Passw0rd!"}));

    let client = client_answered_by(200, "<html>hello</html>");
    let error = rejected(client.sign_in(credentials.clone())).await;
    assert_error_named(&error, "ProtocolError");
    assert!(get(&error, "httpStatus").is_undefined());

    let client = client_answered_by(200, r#"{"ChallengeParameters":{}}"#);
    let error = rejected(client.sign_in(credentials.clone())).await;
    assert_error_named(&error, "ProtocolError");

    let client = client_answered_by(502, "<html>Bad gateway</html>");
    let error = rejected(client.sign_in(credentials.clone())).await;
    assert_error_named(&error, "ProtocolError");
    assert_eq!(get(&error, "httpStatus").as_f64(), Some(502.0));
    assert_eq!(get(&error, "retryable").as_bool(), Some(true));

    let client = client_answered_by(
        400,
        r#"{"__type":"com.amazonaws#TooManyRequestsException","message":"Slow down"}"#,
    );
    let error = rejected(client.sign_in(credentials)).await;
    assert_error_named(&error, "TooManyRequestsException");
    assert_eq!(get_str(&error, "message"), "Slow down");
    assert_eq!(get(&error, "retryable").as_bool(), Some(true));
}

#[wasm_bindgen_test]
async fn a_configured_fetch_is_used_for_every_call() {
    let seed = Seed::load().await;
    let config = js(&seed.config("main", "public"));
    // Counts calls and checks the Cognito headers before delegating to the global fetch.
    let counting = Function::new_with_args(
        "url, init",
        "globalThis.__cognitoTestCalls = (globalThis.__cognitoTestCalls || []);
         const h = new Headers(init.headers);
         globalThis.__cognitoTestCalls.push([h.get('content-type'), h.get('x-amz-target')]);
         return fetch(url, init);",
    );
    Reflect::set(&config, &"fetch".into(), &counting).unwrap();
    let client = CognitoClient::new(config).unwrap();
    sign_in_tokens(&client, &seed.credentials("main", "demo")).await;
    let calls = Reflect::get(&js_sys::global(), &"__cognitoTestCalls".into()).unwrap();
    let calls: Vec<Value> =
        serde_json::from_str(&JSON::stringify(&calls).unwrap().as_string().unwrap()).unwrap();
    assert_eq!(
        calls,
        vec![
            json!([
                "application/x-amz-json-1.1",
                "AWSCognitoIdentityProviderService.InitiateAuth"
            ]),
            json!([
                "application/x-amz-json-1.1",
                "AWSCognitoIdentityProviderService.RespondToAuthChallenge"
            ]),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// The raw layer.

#[wasm_bindgen_test]
async fn raw_initiate_auth_returns_cognitos_shape() {
    let seed = Seed::load().await;
    let client = seed.client("main", "public");
    let input = json!({
        "AuthFlow": "USER_SRP_AUTH",
        "AuthParameters": {"USERNAME": "demo", "SRP_A": "2"},
    });
    let output = resolved(client.initiate_auth(js(&input))).await;
    assert_eq!(get_str(&output, "ChallengeName"), "PASSWORD_VERIFIER");
    let parameters = get(&output, "ChallengeParameters");
    for key in ["SALT", "SRP_B", "SECRET_BLOCK", "USER_ID_FOR_SRP"] {
        assert!(!get_str(&parameters, key).is_empty(), "{key}");
    }
    assert!(get(&output, "AuthenticationResult").is_undefined());
}

#[wasm_bindgen_test]
async fn raw_initiate_auth_with_a_secret_fills_in_client_id_and_secret_hash() {
    let seed = Seed::load().await;
    let client = seed.client("main", "secret");
    let demo = seed.user("main", "demo");
    let input = json!({
        "AuthFlow": "USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": demo["username"], "PASSWORD": demo["password"]},
    });
    let output = resolved(client.initiate_auth(js(&input))).await;
    let result = get(&output, "AuthenticationResult");
    let id = jwt_payload(&get_str(&result, "IdToken"));
    assert_eq!(id["cognito:username"], "demo");
    assert!(!get_str(&result, "AccessToken").is_empty());
}

#[wasm_bindgen_test]
async fn raw_respond_to_auth_challenge_passes_cognitos_error_through() {
    let seed = Seed::load().await;
    let client = seed.client("main", "public");
    let input = json!({
        "ChallengeName": "PASSWORD_VERIFIER",
        "ChallengeResponses": {"USERNAME": "demo"},
    });
    let error = rejected(client.respond_to_auth_challenge(js(&input))).await;
    assert!(
        get(&error, "httpStatus").as_f64().is_some(),
        "{}",
        describe(&error)
    );
    assert!(error.is_instance_of::<js_sys::Error>());
}

#[wasm_bindgen_test]
async fn raw_input_must_be_an_object() {
    let client = new_client(&json!({
        "userPoolId": "us-east-1_AbC123", "clientId": "client", "endpoint": UNREACHABLE,
    }))
    .unwrap();
    for input in [JsValue::UNDEFINED, JsValue::NULL, "x".into()] {
        let error = rejected(client.initiate_auth(input)).await;
        assert_error_named(&error, "InvalidParameterError");
    }
}

// ---------------------------------------------------------------------------------------------
// SrpHelper: the SRP computations for callers that drive Cognito themselves.

#[wasm_bindgen_test]
async fn srp_helper_signs_in_over_the_raw_layer() {
    let seed = Seed::load().await;
    let client = seed.client("email", "public");
    let alice = seed.user("email", "alice");
    let helper = SrpHelper::new().unwrap();
    let srp_a = helper.srp_a();
    assert!(srp_a
        .chars()
        .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    let input = json!({
        "AuthFlow": "USER_SRP_AUTH",
        "AuthParameters": {"USERNAME": alice["signInAs"], "SRP_A": srp_a},
    });
    let challenge = resolved(client.initiate_auth(js(&input))).await;
    let parameters: Value = serde_json::from_str(
        &JSON::stringify(&get(&challenge, "ChallengeParameters"))
            .unwrap()
            .as_string()
            .unwrap(),
    )
    .unwrap();
    let verifier_input = json!({
        "userPoolId": seed.pool("email")["userPoolId"],
        "challengeParameters": parameters,
        "password": alice["password"],
    });
    let responses = helper.password_verifier(js(&verifier_input)).unwrap();
    // USERNAME is the internal username (USER_ID_FOR_SRP), not the email typed.
    assert_eq!(
        get_str(&responses, "USERNAME"),
        alice["username"].as_str().unwrap()
    );
    let answer = json!({
        "ChallengeName": "PASSWORD_VERIFIER",
        "ChallengeResponses": serde_json::from_str::<Value>(&JSON::stringify(&responses).unwrap().as_string().unwrap()).unwrap(),
    });
    let output = resolved(client.respond_to_auth_challenge(js(&answer))).await;
    let id = jwt_payload(&get_str(&get(&output, "AuthenticationResult"), "IdToken"));
    assert_eq!(id["email"], alice["signInAs"]);
}

#[wasm_bindgen_test]
async fn srp_helper_refuses_bad_input_with_named_errors() {
    let helper = SrpHelper::new().unwrap();
    let good = json!({
        "userPoolId": "us-east-1_AbC123",
        "challengeParameters": {"SALT": "ab", "SRP_B": "1234", "SECRET_BLOCK": "AAAA", "USER_ID_FOR_SRP": "u"},
        "password": "p",
        "timestamp": "Tue Nov 3 07:05:09 UTC 2026",
    });
    assert_eq!(
        get_str(&helper.password_verifier(js(&good)).unwrap(), "TIMESTAMP"),
        "Tue Nov 3 07:05:09 UTC 2026"
    );
    let mut bad_pool = good.clone();
    bad_pool["userPoolId"] = json!("nounderscore");
    let mut missing_b = good.clone();
    missing_b["challengeParameters"]["SRP_B"] = json!("");
    let mut b_is_n_multiple = good.clone();
    b_is_n_multiple["challengeParameters"]["SRP_B"] = json!("0");
    let mut not_a_string = good.clone();
    not_a_string["password"] = json!(42);
    for (input, name) in [
        (bad_pool, "InvalidParameterError"),
        (not_a_string, "InvalidParameterError"),
        (missing_b, "ProtocolError"),
        (b_is_n_multiple, "ProtocolError"),
    ] {
        let error = helper.password_verifier(js(&input)).unwrap_err();
        assert_error_named(&error, name);
    }
    assert_error_named(
        &helper.password_verifier(JsValue::UNDEFINED).unwrap_err(),
        "InvalidParameterError",
    );
}

#[wasm_bindgen_test]
async fn one_client_signs_in_again_and_again_with_fresh_srp_values() {
    // Each sign-in takes the SRP_A computed ahead of time and schedules the next one.
    let seed = Seed::load().await;
    let client = seed.client("main", "public");
    for _ in 0..3 {
        let tokens = sign_in_tokens(&client, &seed.credentials("main", "demo")).await;
        let id = jwt_payload(&get_str(&tokens, "idToken"));
        assert_eq!(id["cognito:username"], "demo");
    }
}
