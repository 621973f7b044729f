//! Device tracking against the local Cognito peer (tests/peer), in Node and in Chromium: the
//! device confirmed after a sign-in, DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER answered by the
//! client, a remembered device skipping SMS_MFA, listDevices, forgetDevice, and a device the
//! server no longer knows.
//!
//! Run like tests/web_signin.rs (`--test web_devices`). Every test starts from a fresh client
//! (devices live in the client's memory), so the suite can run again against the same peer.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;

use js_sys::{Function, Promise};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

const TARGET: &str = "AWSCognitoIdentityProviderService.";

/// `value[name]()`, called as JavaScript calls it.
fn call(value: &JsValue, name: &str) -> Promise {
    let method: Function = get(value, name).dyn_into().unwrap();
    method.call0(value).unwrap().dyn_into().unwrap()
}

/// The calls recorded in `globalThis[name]` from index `from` on, as (operation, body).
fn calls_since(name: &str, from: usize) -> Vec<(String, Value)> {
    recorded(name)
        .into_iter()
        .skip(from)
        .map(|call| {
            let target = call[0].as_str().unwrap_or_default();
            (
                target.strip_prefix(TARGET).unwrap_or(target).to_owned(),
                call[1].clone(),
            )
        })
        .collect()
}

/// The `ChallengeName` of each RespondToAuthChallenge (or the operation's name otherwise).
fn steps(calls: &[(String, Value)]) -> Vec<String> {
    calls
        .iter()
        .map(|(operation, body)| match operation.as_str() {
            "RespondToAuthChallenge" => body["ChallengeName"].as_str().unwrap().to_owned(),
            _ => operation.clone(),
        })
        .collect()
}

fn device_of(step: &JsValue) -> Value {
    to_value(&get(step, "device"))
}

#[wasm_bindgen_test]
async fn a_confirmed_device_signs_in_again_through_device_srp_auth() {
    let seed = Seed::load().await;
    for app_client in ["public", "secret"] {
        let name = format!("__deviceSrp_{app_client}");
        let client = recording_client(&seed, "devauto", app_client, &name);
        let credentials = seed.credentials("devauto", "dev");

        let first = resolved(client.sign_in(js(&credentials))).await;
        assert_tokens(&first);
        let device = device_of(&first);
        let device_key = device["deviceKey"]
            .as_str()
            .expect("a deviceKey")
            .to_owned();
        assert_eq!(device["userConfirmationNecessary"], false, "{device}");
        assert_eq!(to_value(&first)["device"], device);
        let calls = calls_since(&name, 0);
        assert_eq!(
            steps(&calls),
            ["InitiateAuth", "PASSWORD_VERIFIER", "ConfirmDevice"],
            "{app_client}"
        );
        let confirm = &calls[2].1;
        assert_eq!(confirm["DeviceKey"], device_key.as_str());
        assert_eq!(confirm["DeviceName"], "cognito-auth-wasm");
        assert!(confirm["DeviceSecretVerifierConfig"]["PasswordVerifier"].is_string());
        assert!(confirm["DeviceSecretVerifierConfig"]["Salt"].is_string());

        let second = resolved(client.sign_in(js(&credentials))).await;
        assert_tokens(&second);
        assert_eq!(device_of(&second)["deviceKey"], device_key.as_str());
        let calls = calls_since(&name, 3);
        assert_eq!(
            steps(&calls),
            [
                "InitiateAuth",
                "PASSWORD_VERIFIER",
                "DEVICE_SRP_AUTH",
                "DEVICE_PASSWORD_VERIFIER"
            ],
            "{app_client}"
        );
        assert_eq!(
            calls[0].1["AuthParameters"]["DEVICE_KEY"],
            device_key.as_str()
        );
        for (_, body) in &calls[1..] {
            let responses = &body["ChallengeResponses"];
            assert_eq!(responses["DEVICE_KEY"], device_key.as_str(), "{body}");
            assert_eq!(
                responses.get("SECRET_HASH").is_some(),
                app_client == "secret",
                "{body}"
            );
        }
        // The device password never goes over the wire: only its proof does.
        let device_answer = &calls[3].1["ChallengeResponses"];
        assert!(device_answer["PASSWORD_CLAIM_SIGNATURE"].is_string());
        assert!(device_answer.get("PASSWORD").is_none());
    }
}

#[wasm_bindgen_test]
async fn a_remembered_device_skips_sms_mfa_until_it_is_forgotten() {
    let seed = Seed::load().await;
    let name = "__deviceRemember";
    let mut config = seed.config("devices", "public");
    config["deviceName"] = "web-devices-test".into();
    let client = recording_client_with(&config, name);
    let credentials = seed.credentials("devices", "sms");
    let username = seed.user("devices", "sms")["username"]
        .as_str()
        .unwrap()
        .to_owned();

    // A new device: SMS_MFA, then the device is confirmed; the pool wants the user asked.
    let step = resolved(client.sign_in(js(&credentials))).await;
    assert_eq!(get_str(&step, "challengeName"), "SMS_MFA");
    let signed_in = resolved(respond(&step, &json!({"code": sms_code(&username).await}))).await;
    assert_tokens(&signed_in);
    let device = device_of(&signed_in);
    let device_key = device["deviceKey"].as_str().unwrap().to_owned();
    assert_eq!(device["userConfirmationNecessary"], true, "{device}");
    assert!(resolved(call(&signed_in, "rememberDevice"))
        .await
        .is_undefined());

    // The remembered device proves itself and MFA is skipped.
    let from = recorded(name).len();
    let again = resolved(client.sign_in(js(&credentials))).await;
    assert_tokens(&again);
    assert_eq!(
        steps(&calls_since(name, from)),
        [
            "InitiateAuth",
            "PASSWORD_VERIFIER",
            "DEVICE_SRP_AUTH",
            "DEVICE_PASSWORD_VERIFIER"
        ]
    );
    assert_eq!(device_of(&again)["deviceKey"], device_key.as_str());

    // Another client has no device: SMS_MFA.
    let fresh = seed.client("devices", "public");
    let step = resolved(fresh.sign_in(js(&credentials))).await;
    assert_eq!(get_str(&step, "challengeName"), "SMS_MFA");

    // listDevices shows the device, its name and its remembered status.
    let devices = to_value(&resolved(call(&again, "listDevices")).await);
    let listed = devices
        .as_array()
        .unwrap()
        .iter()
        .find(|device| device["deviceKey"] == device_key.as_str())
        .unwrap_or_else(|| panic!("{device_key} not in {devices}"));
    assert_eq!(listed["attributes"]["device_name"], "web-devices-test");
    assert_eq!(
        listed["attributes"]["dev:device_remembered_status"],
        "remembered"
    );

    // forgetDevice: gone at the server and in the client; the next sign-in names no device.
    assert!(resolved(call(&again, "forgetDevice")).await.is_undefined());
    let devices = to_value(&resolved(call(&again, "listDevices")).await);
    assert!(!devices.to_string().contains(&device_key), "{devices}");
    let from = recorded(name).len();
    let step = resolved(client.sign_in(js(&credentials))).await;
    assert_eq!(get_str(&step, "challengeName"), "SMS_MFA");
    let calls = calls_since(name, from);
    assert!(calls[0].1["AuthParameters"].get("DEVICE_KEY").is_none());
    assert!(calls[1].1["ChallengeResponses"].get("DEVICE_KEY").is_none());
}

#[wasm_bindgen_test]
async fn a_device_the_server_no_longer_knows_is_forgotten_and_the_sign_in_retried() {
    let seed = Seed::load().await;
    let name = "__deviceUnknown";
    let client = recording_client(&seed, "devauto", "public", name);
    let credentials = seed.credentials("devauto", "dev");
    let first = resolved(client.sign_in(js(&credentials))).await;
    let device_key = device_of(&first)["deviceKey"].as_str().unwrap().to_owned();

    // Forgotten behind the client's back (ForgetDevice from outside this client).
    let access_token = get_str(&get(&first, "tokens"), "accessToken");
    seed.admin(
        "ForgetDevice",
        json!({"AccessToken": access_token, "DeviceKey": device_key}),
    )
    .await;

    let from = recorded(name).len();
    let retried = resolved(client.sign_in(js(&credentials))).await;
    assert_tokens(&retried);
    let calls = calls_since(name, from);
    assert_eq!(
        steps(&calls),
        [
            "InitiateAuth",
            "PASSWORD_VERIFIER",
            "InitiateAuth",
            "PASSWORD_VERIFIER",
            "ConfirmDevice"
        ]
    );
    assert_eq!(
        calls[1].1["ChallengeResponses"]["DEVICE_KEY"],
        device_key.as_str()
    );
    assert!(calls[2].1["AuthParameters"].get("DEVICE_KEY").is_none());
    assert!(calls[3].1["ChallengeResponses"].get("DEVICE_KEY").is_none());
    let new_key = device_of(&retried)["deviceKey"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(new_key, device_key);

    // A wrong password with the (new) device is refused as such, not retried.
    let from = recorded(name).len();
    let mut wrong = credentials.clone();
    wrong["password"] = "Wrong-Passw0rd!".into();
    let error = rejected(client.sign_in(js(&wrong))).await;
    assert_error_named(&error, "NotAuthorizedException");
    assert_eq!(
        steps(&calls_since(name, from)),
        ["InitiateAuth", "PASSWORD_VERIFIER"]
    );
}

#[wasm_bindgen_test]
async fn without_device_tracking_there_is_no_device_and_device_calls_are_refused() {
    let seed = Seed::load().await;
    let client = seed.client("main", "public");
    let signed_in = resolved(client.sign_in(js(&seed.credentials("main", "demo")))).await;
    assert_tokens(&signed_in);
    assert!(get(&signed_in, "device").is_undefined());
    let json = to_value(&signed_in);
    assert!(json["tokens"]["idToken"].is_string(), "{json}");
    for method in ["rememberDevice", "forgetDevice"] {
        let error = rejected(call(&signed_in, method)).await;
        assert_error_named(&error, "InvalidStateError");
    }
}

#[wasm_bindgen_test]
fn an_empty_device_name_is_an_invalid_parameter() {
    let mut config = json!({"userPoolId": "us-east-1_abc", "clientId": "id"});
    config["deviceName"] = "".into();
    let Err(error) = new_client(&config) else {
        panic!("an empty deviceName was accepted")
    };
    assert_error_named(&error, "InvalidParameterError");
}
