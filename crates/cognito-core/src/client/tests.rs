//! The client core against scripted Cognito answers: what each exchange sends, and what it
//! makes of the answers.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use serde::de::DeserializeOwned;
use serde_json::{json, Value as Json};

use super::{AccountCall, ChallengeView, Client, DeviceCall, Exchange, Outcome, SignedInDevice};
use crate::error::Error;
use crate::protocol::{JsonText, Operation};
use crate::value::Input;

const NOW_MS: i64 = 1_700_000_000_250;
const CONFIG: &str =
    r#"{"userPoolId":"us-east-1_TestPool","clientId":"client-1","endpoint":"http://127.0.0.1:1/"}"#;
const PASSWORD_INPUT: &str =
    r#"{"username":"alice","password":"Correct-Horse-1","flow":"USER_PASSWORD_AUTH"}"#;
const SRP_INPUT: &str = r#"{"username":"alice","password":"Correct-Horse-1"}"#;

/// A caller's object, from JSON text.
fn input<T: DeserializeOwned>(text: &str) -> Input<T> {
    serde_json::from_str(text).unwrap()
}

fn client() -> Client {
    Client::new(input(CONFIG)).unwrap()
}

/// An access token whose payload names `username` (the signature is never checked here).
fn access_token(username: &str) -> String {
    let payload = URL_SAFE_NO_PAD.encode(format!(r#"{{"username":"{username}"}}"#));
    format!("eyJhbGciOiJub25lIn0.{payload}.sig")
}

fn tokens_body(new_device: bool) -> String {
    let device = if new_device {
        r#","NewDeviceMetadata":{"DeviceKey":"us-east-1_dev1","DeviceGroupKey":"group-1"}"#
    } else {
        ""
    };
    format!(
        r#"{{"AuthenticationResult":{{"AccessToken":"{}","IdToken":"id","RefreshToken":"r","ExpiresIn":3600,"TokenType":"Bearer"{device}}}}}"#,
        access_token("internal-alice")
    )
}

const SMS_CHALLENGE: &str = r#"{"ChallengeName":"SMS_MFA","Session":"s1","ChallengeParameters":{"USER_ID_FOR_SRP":"internal-alice","CODE_DELIVERY_DESTINATION":"+*******1234","CODE_DELIVERY_DELIVERY_MEDIUM":"SMS"}}"#;

/// The operation and the parsed body of a `Send`.
fn sent(outcome: Result<Outcome, Error>) -> (Operation, Json) {
    match outcome {
        Ok(Outcome::Send { operation, body }) => (operation, serde_json::to_value(&body).unwrap()),
        Ok(other) => panic!("expected a request, got {other:?}"),
        Err(error) => panic!("expected a request, got {error}"),
    }
}

fn field<'a>(json: &'a Json, path: &[&str]) -> Option<&'a Json> {
    path.iter().try_fold(json, |value, key| value.get(key))
}

fn error_name(outcome: Result<Outcome, Error>) -> String {
    match outcome {
        Err(error) => error.name().to_owned(),
        Ok(other) => panic!("expected an error, got {other:?}"),
    }
}

/// A `USER_PASSWORD_AUTH` sign-in that has sent its `InitiateAuth`.
fn started(client: &mut Client) -> Exchange {
    let mut exchange = client.sign_in(input(PASSWORD_INPUT));
    let (operation, _) = sent(exchange.start(client, None));
    assert_eq!(operation, Operation::InitiateAuth);
    exchange
}

/// A sign-in showing the SMS_MFA challenge; its generation.
fn at_sms_challenge(client: &mut Client) -> (Exchange, u32) {
    let mut exchange = started(client);
    match exchange.receive(client, 200, &JsonText(SMS_CHALLENGE), NOW_MS) {
        Ok(Outcome::Challenge { generation }) => {
            assert_eq!(exchange.challenge_info().unwrap().name, "SMS_MFA");
            (exchange, generation)
        }
        other => panic!("expected the challenge, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn a_sign_in_sends_initiate_auth_with_the_user_context_data() {
    let mut client = client();
    let mut exchange = client.sign_in(input(PASSWORD_INPUT));
    assert_eq!(exchange.username_to_start(), Some("alice"));
    let (operation, body) = sent(exchange.start(&mut client, Some("encoded".into())));
    assert_eq!(operation, Operation::InitiateAuth);
    assert_eq!(
        field(&body, &["AuthParameters", "PASSWORD"]),
        Some(&Json::from("Correct-Horse-1"))
    );
    assert_eq!(
        field(&body, &["UserContextData", "EncodedData"]),
        Some(&Json::from("encoded"))
    );
    assert_eq!(exchange.username_to_start(), None);
    assert_eq!(
        error_name(exchange.start(&mut client, None)),
        "InvalidStateError"
    );
}

#[test]
fn an_invalid_input_is_reported_by_start_and_sends_nothing() {
    let mut client = client();
    let mut exchange = client.sign_in(input(r#"{"username":7}"#));
    assert_eq!(exchange.username_to_start(), None);
    assert_eq!(
        error_name(exchange.start(&mut client, None)),
        "InvalidParameterError"
    );
}

#[test]
fn tokens_sign_the_user_in_without_a_device() {
    let mut client = client();
    let mut exchange = started(&mut client);
    match exchange.receive(&mut client, 200, &JsonText(&tokens_body(false)), NOW_MS) {
        Ok(Outcome::SignedIn { tokens, device }) => {
            assert_eq!(tokens.expires_in, 3600);
            assert!(device.is_none());
        }
        other => panic!("expected tokens, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn cognitos_error_answer_ends_the_sign_in_with_its_name() {
    let mut client = client();
    let mut exchange = started(&mut client);
    let body = r#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#;
    let outcome = exchange.receive(&mut client, 400, &JsonText(body), NOW_MS);
    assert_eq!(error_name(outcome), "NotAuthorizedException");
    assert_eq!(
        error_name(exchange.receive(&mut client, 200, &JsonText("{}"), NOW_MS)),
        "InvalidStateError"
    );
}

#[test]
fn no_answer_at_all_is_a_network_error() {
    let mut client = client();
    let mut exchange = started(&mut client);
    assert_eq!(
        error_name(exchange.receive(&mut client, 0, &JsonText(""), NOW_MS)),
        "NetworkError"
    );
}

#[test]
fn a_challenge_is_answered_once() {
    let mut client = client();
    let (mut exchange, generation) = at_sms_challenge(&mut client);
    let (operation, body) = sent(exchange.respond(generation, input(r#"{"code":"123456"}"#)));
    assert_eq!(operation, Operation::RespondToAuthChallenge);
    assert_eq!(
        field(&body, &["ChallengeResponses", "SMS_MFA_CODE"]),
        Some(&Json::from("123456"))
    );
    assert_eq!(
        field(&body, &["ChallengeResponses", "USERNAME"]),
        Some(&Json::from("internal-alice"))
    );
    assert_eq!(field(&body, &["Session"]), Some(&Json::from("s1")));
    // Answered while its answer is on the way, and after the answer came back.
    assert_eq!(
        error_name(exchange.respond(generation, input(r#"{"code":"123456"}"#))),
        "InvalidStateError"
    );
    let outcome = exchange.receive(&mut client, 200, &JsonText(&tokens_body(false)), NOW_MS);
    assert!(matches!(outcome, Ok(Outcome::SignedIn { .. })));
    assert_eq!(
        error_name(exchange.respond(generation, input(r#"{"code":"123456"}"#))),
        "InvalidStateError"
    );
}

#[test]
fn a_wrong_code_may_be_answered_again_and_a_bad_answer_leaves_the_challenge_open() {
    let mut client = client();
    let (mut exchange, generation) = at_sms_challenge(&mut client);
    assert_eq!(
        error_name(exchange.respond(generation, input(r#"{"answer":"x"}"#))),
        "InvalidParameterError"
    );
    sent(exchange.respond(generation, input(r#"{"code":"000000"}"#)));
    let mismatch = r#"{"__type":"CodeMismatchException","message":"Invalid code."}"#;
    assert_eq!(
        error_name(exchange.receive(&mut client, 400, &JsonText(mismatch), NOW_MS)),
        "CodeMismatchException"
    );
    sent(exchange.respond(generation, input(r#"{"code":"123456"}"#)));
}

#[test]
fn an_earlier_challenge_of_the_same_sign_in_cannot_answer_the_next_one() {
    let mut client = client();
    let (mut exchange, first) = at_sms_challenge(&mut client);
    sent(exchange.respond(first, input(r#"{"code":"123456"}"#)));
    let next = r#"{"ChallengeName":"CUSTOM_CHALLENGE","Session":"s2","ChallengeParameters":{"USERNAME":"internal-alice"}}"#;
    let second = match exchange.receive(&mut client, 200, &JsonText(next), NOW_MS) {
        Ok(Outcome::Challenge { generation, .. }) => generation,
        other => panic!("expected a challenge, got {:?}", other.map(|_| ())),
    };
    assert_ne!(first, second);
    assert_eq!(
        error_name(exchange.respond(first, input(r#"{"code":"123456"}"#))),
        "InvalidStateError"
    );
    sent(exchange.respond(second, input(r#"{"answer":"42"}"#)));
}

#[test]
fn a_new_device_is_confirmed_before_the_tokens_and_used_by_the_next_sign_in() {
    let mut client = client();
    let mut exchange = started(&mut client);
    let (operation, body) =
        sent(exchange.receive(&mut client, 200, &JsonText(&tokens_body(true)), NOW_MS));
    assert_eq!(operation, Operation::ConfirmDevice);
    assert_eq!(
        field(&body, &["DeviceKey"]),
        Some(&Json::from("us-east-1_dev1"))
    );
    assert_eq!(
        field(&body, &["DeviceName"]),
        Some(&Json::from(super::input::DEFAULT_DEVICE_NAME))
    );
    let outcome = exchange.receive(
        &mut client,
        200,
        &JsonText(r#"{"UserConfirmationNecessary":true}"#),
        NOW_MS,
    );
    match outcome {
        Ok(Outcome::SignedIn { device, .. }) => {
            assert_eq!(
                serde_json::to_value(device).unwrap(),
                json!({"deviceKey": "us-east-1_dev1", "userConfirmationNecessary": true})
            );
        }
        other => panic!("expected tokens, got {:?}", other.map(|_| ())),
    }

    // The next SRP sign-in of the name the user typed carries the device's key; Cognito not
    // knowing the device makes the client forget it and start again without it.
    let mut exchange = client.sign_in(input(SRP_INPUT));
    let (_, body) = sent(exchange.start(&mut client, None));
    assert_eq!(
        field(&body, &["AuthParameters", "DEVICE_KEY"]),
        Some(&Json::from("us-east-1_dev1"))
    );
    let unknown = r#"{"__type":"ResourceNotFoundException","message":"Device does not exist."}"#;
    let (operation, body) = sent(exchange.receive(&mut client, 400, &JsonText(unknown), NOW_MS));
    assert_eq!(operation, Operation::InitiateAuth);
    assert_eq!(field(&body, &["AuthParameters", "DEVICE_KEY"]), None);
    let mut exchange = client.sign_in(input(SRP_INPUT));
    let (_, body) = sent(exchange.start(&mut client, None));
    assert_eq!(field(&body, &["AuthParameters", "DEVICE_KEY"]), None);
}

#[test]
fn device_calls_need_a_device_and_list_devices_follows_the_pages() {
    let mut client = client();
    let mut exchange = client.device_call(DeviceCall::Remember, "token", None);
    assert_eq!(
        error_name(exchange.start(&mut client, None)),
        "InvalidStateError"
    );

    let mut exchange = client.device_call(DeviceCall::List, "token", None);
    let (operation, body) = sent(exchange.start(&mut client, None));
    assert_eq!(operation, Operation::ListDevices);
    assert_eq!(field(&body, &["PaginationToken"]), None);
    let page = r#"{"Devices":[{"DeviceKey":"k1","DeviceAttributes":[{"Name":"device_name","Value":"a"}]}],"PaginationToken":"p2"}"#;
    let (_, body) = sent(exchange.receive(&mut client, 200, &JsonText(page), NOW_MS));
    assert_eq!(field(&body, &["PaginationToken"]), Some(&Json::from("p2")));
    let last = r#"{"Devices":[{"DeviceKey":"k2","DeviceCreateDate":1700000000.5}]}"#;
    let outcome = exchange.receive(&mut client, 200, &JsonText(last), NOW_MS);
    let Ok(Outcome::Devices(devices)) = outcome else {
        panic!("expected the devices, got {:?}", outcome.map(|_| ()))
    };
    assert_eq!(
        serde_json::to_value(devices).unwrap(),
        json!([{"deviceKey": "k1", "attributes": {"device_name": "a"}},
               {"deviceKey": "k2", "attributes": {}, "createDate": 1_700_000_000.5}])
    );
}

#[test]
fn a_challenge_is_shown_with_the_javascript_names() {
    let mut client = client();
    let mut exchange = started(&mut client);
    let outcome = exchange.receive(&mut client, 200, &JsonText(SMS_CHALLENGE), NOW_MS);
    let Ok(Outcome::Challenge { generation }) = outcome else {
        panic!("expected the challenge, got {:?}", outcome.map(|_| ()))
    };
    let view = ChallengeView::new(exchange.challenge_info().unwrap(), generation);
    assert_eq!(
        serde_json::to_value(view).unwrap(),
        json!({"class": "SmsMfaChallenge", "generation": generation,
               "challengeName": "SMS_MFA",
               "challengeParameters": {"USER_ID_FOR_SRP": "internal-alice",
                   "CODE_DELIVERY_DESTINATION": "+*******1234",
                   "CODE_DELIVERY_DELIVERY_MEDIUM": "SMS"},
               "session": "s1", "expiresAt": NOW_MS + crate::flow::SESSION_LIFETIME_MS,
               "destination": "+*******1234", "deliveryMedium": "SMS"})
    );
}

#[test]
fn service_errors_keep_their_name_status_and_retryability() {
    let mut client = client();
    let mut exchange = started(&mut client);
    let body = r#"{"__type":"TooManyRequestsException","message":"Slow down"}"#;
    let Err(error) = exchange.receive(&mut client, 400, &JsonText(body), NOW_MS) else {
        panic!("expected an error")
    };
    assert_eq!(error.name(), "TooManyRequestsException");
    assert_eq!(error.message(), "Slow down");
    assert!(error.retryable());
    assert_eq!(error.http_status(), Some(400));
    let mut exchange = started(&mut client);
    let Err(error) = exchange.receive(&mut client, 503, &JsonText("<html>busy</html>"), NOW_MS)
    else {
        panic!("expected an error")
    };
    assert_eq!(error.name(), "ProtocolError");
    assert_eq!(error.http_status(), Some(503));
    assert!(error.retryable());
}

#[test]
fn a_missing_required_answer_field_is_a_protocol_error_naming_it() {
    let mut client = client();
    let mut exchange = started(&mut client);
    let body = r#"{"AuthenticationResult":{"AccessToken":"a","IdToken":"i"}}"#;
    let Err(error) = exchange.receive(&mut client, 200, &JsonText(body), NOW_MS) else {
        panic!("expected an error")
    };
    assert_eq!(error.name(), "ProtocolError");
    assert!(error.message().contains("ExpiresIn"), "{}", error.message());
}

#[test]
fn a_raw_call_completes_the_input_and_checks_cognitos_object() {
    let mut client = client();
    let mut exchange = client.raw(
        Operation::InitiateAuth,
        serde_json::from_str(r#"{"AuthFlow":"USER_SRP_AUTH","AuthParameters":{"USERNAME":"u"}}"#)
            .unwrap(),
    );
    let (operation, body) = sent(exchange.start(&mut client, None));
    assert_eq!(operation, Operation::InitiateAuth);
    assert_eq!(
        body,
        json!({"AuthFlow": "USER_SRP_AUTH", "AuthParameters": {"USERNAME": "u"},
               "ClientId": "client-1"})
    );
    let outcome = exchange.receive(&mut client, 200, &JsonText(r#"{"Session":"x"}"#), NOW_MS);
    assert!(matches!(outcome, Ok(Outcome::Raw)));

    let mut exchange = client.raw(
        Operation::RespondToAuthChallenge,
        serde_json::from_str("{}").unwrap(),
    );
    sent(exchange.start(&mut client, None));
    assert_eq!(
        error_name(exchange.receive(&mut client, 200, &JsonText("[]"), NOW_MS)),
        "ProtocolError"
    );

    let mut exchange = client.raw(Operation::InitiateAuth, serde_json::from_str("[]").unwrap());
    assert_eq!(
        error_name(exchange.start(&mut client, None)),
        "InvalidParameterError"
    );
}

/// A client whose device for alice (`us-east-1_dev1`) was confirmed by an earlier sign-in.
fn client_with_device() -> Client {
    let mut client = client();
    let mut exchange = started(&mut client);
    let (operation, _) =
        sent(exchange.receive(&mut client, 200, &JsonText(&tokens_body(true)), NOW_MS));
    assert_eq!(operation, Operation::ConfirmDevice);
    let confirmed = r#"{"UserConfirmationNecessary":true}"#;
    let outcome = exchange.receive(&mut client, 200, &JsonText(confirmed), NOW_MS);
    assert!(matches!(outcome, Ok(Outcome::SignedIn { .. })));
    client
}

const PASSWORD_VERIFIER: &str = r#"{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"00f1e2d3c4b5a69788","SRP_B":"8a3f5c0d2e1b4a6978cdef0123456789abcdef0123456789","SECRET_BLOCK":"c2VjcmV0LWJsb2Nr","USER_ID_FOR_SRP":"internal-alice","USERNAME":"internal-alice"}}"#;
const DEVICE_SRP_AUTH: &str =
    r#"{"ChallengeName":"DEVICE_SRP_AUTH","Session":"s-device","ChallengeParameters":{}}"#;

/// An SRP sign-in of alice with her device, showing the SMS_MFA Cognito asked after the
/// password; its generation.
fn at_sms_challenge_with_device(client: &mut Client) -> (Exchange, u32) {
    let mut exchange = client.sign_in(input(SRP_INPUT));
    let (_, body) = sent(exchange.start(client, None));
    assert_eq!(
        field(&body, &["AuthParameters", "DEVICE_KEY"]),
        Some(&Json::from("us-east-1_dev1"))
    );
    let (_, body) = sent(exchange.receive(client, 200, &JsonText(PASSWORD_VERIFIER), NOW_MS));
    assert_eq!(
        field(&body, &["ChallengeName"]),
        Some(&Json::from("PASSWORD_VERIFIER"))
    );
    assert_eq!(
        field(&body, &["ChallengeResponses", "DEVICE_KEY"]),
        Some(&Json::from("us-east-1_dev1"))
    );
    match exchange.receive(client, 200, &JsonText(SMS_CHALLENGE), NOW_MS) {
        Ok(Outcome::Challenge { generation }) => (exchange, generation),
        other => panic!("expected the challenge, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn device_srp_auth_after_the_mfa_answer_is_answered_by_the_exchange_never_shown() {
    let mut client = client_with_device();
    let (mut exchange, generation) = at_sms_challenge_with_device(&mut client);
    sent(exchange.respond(generation, input(r#"{"code":"123456"}"#)));

    let (operation, body) =
        sent(exchange.receive(&mut client, 200, &JsonText(DEVICE_SRP_AUTH), NOW_MS));
    assert_eq!(operation, Operation::RespondToAuthChallenge);
    assert_eq!(
        field(&body, &["ChallengeName"]),
        Some(&Json::from("DEVICE_SRP_AUTH"))
    );
    assert_eq!(field(&body, &["Session"]), Some(&Json::from("s-device")));
    assert_eq!(
        field(&body, &["ChallengeResponses", "USERNAME"]),
        Some(&Json::from("internal-alice"))
    );
    assert_eq!(
        field(&body, &["ChallengeResponses", "DEVICE_KEY"]),
        Some(&Json::from("us-east-1_dev1"))
    );
    let Some(Json::String(srp_a)) = field(&body, &["ChallengeResponses", "SRP_A"]) else {
        panic!("no SRP_A in {body:?}")
    };
    assert!(srp_a.len() > 500 && srp_a.bytes().all(|b| b.is_ascii_hexdigit()));
    // No challenge was shown: the MFA challenge's generation is still the last one, and spent.
    assert!(exchange.challenge_info().is_none());
    assert_eq!(
        error_name(exchange.respond(generation, input(r#"{"code":"123456"}"#))),
        "InvalidStateError"
    );

    let device_verifier = r#"{"ChallengeName":"DEVICE_PASSWORD_VERIFIER","Session":"s-device-2","ChallengeParameters":{"SALT":"0a1b","SRP_B":"8a3f5c0d2e1b4a6978cdef0123456789abcdef0123456789","SECRET_BLOCK":"ZGV2aWNlLWJsb2Nr","USERNAME":"internal-alice","DEVICE_KEY":"us-east-1_dev1"}}"#;
    let (_, body) = sent(exchange.receive(&mut client, 200, &JsonText(device_verifier), NOW_MS));
    assert_eq!(
        field(&body, &["ChallengeName"]),
        Some(&Json::from("DEVICE_PASSWORD_VERIFIER"))
    );
    assert_eq!(field(&body, &["Session"]), Some(&Json::from("s-device-2")));
    assert_eq!(
        field(
            &body,
            &["ChallengeResponses", "PASSWORD_CLAIM_SECRET_BLOCK"]
        ),
        Some(&Json::from("ZGV2aWNlLWJsb2Nr"))
    );

    // The tokens name no new device: signed in with the one the sign-in proved.
    match exchange.receive(&mut client, 200, &JsonText(&tokens_body(false)), NOW_MS) {
        Ok(Outcome::SignedIn { device, .. }) => {
            assert_eq!(
                device,
                Some(SignedInDevice {
                    device_key: "us-east-1_dev1".to_owned(),
                    user_confirmation_necessary: false,
                })
            );
        }
        other => panic!("expected tokens, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn an_unknown_device_after_the_mfa_answer_ends_the_sign_in_without_a_retry() {
    let mut client = client_with_device();
    let (mut exchange, generation) = at_sms_challenge_with_device(&mut client);
    sent(exchange.respond(generation, input(r#"{"code":"123456"}"#)));
    sent(exchange.receive(&mut client, 200, &JsonText(DEVICE_SRP_AUTH), NOW_MS));
    let unknown = r#"{"__type":"ResourceNotFoundException","message":"Device does not exist."}"#;
    assert_eq!(
        error_name(exchange.receive(&mut client, 400, &JsonText(unknown), NOW_MS)),
        "ResourceNotFoundException"
    );
    assert_eq!(
        error_name(exchange.receive(&mut client, 200, &JsonText("{}"), NOW_MS)),
        "InvalidStateError"
    );
}

#[test]
fn device_srp_auth_after_a_challenge_of_a_sign_in_without_a_device_is_a_protocol_error() {
    let mut client = client();
    let (mut exchange, generation) = at_sms_challenge(&mut client);
    sent(exchange.respond(generation, input(r#"{"code":"123456"}"#)));
    assert_eq!(
        error_name(exchange.receive(&mut client, 200, &JsonText(DEVICE_SRP_AUTH), NOW_MS)),
        "ProtocolError"
    );
}

// ---------------------------------------------------------------------------------------------
// Account operations: one request, one answer.

const SECRET_CONFIG: &str = r#"{"userPoolId":"us-east-1_TestPool","clientId":"client-1","clientSecret":"shh","endpoint":"http://127.0.0.1:1/"}"#;

/// An account operation's first request, for the caller's input `text`.
fn account_sent(
    client: &mut Client,
    call: AccountCall,
    text: &str,
    context: Option<&str>,
) -> (Exchange, Operation, Json) {
    let mut exchange = client.account(call, input(text));
    let (operation, body) = sent(exchange.start(client, context.map(str::to_owned)));
    (exchange, operation, body)
}

#[test]
fn sign_up_sends_the_attribute_lists_and_the_secret_hash_over_the_typed_username() {
    let mut client = Client::new(input(SECRET_CONFIG)).unwrap();
    let text = r#"{"username":"Alice@Example.com","password":"Correct-Horse-1","attributes":{"email":"alice@example.com","name":"Alice"},"validationData":{"source":"web"},"clientMetadata":{"k":"v"},"ignored":1}"#;
    let mut exchange = client.account(AccountCall::SignUp, input(text));
    assert_eq!(exchange.username_to_start(), Some("Alice@Example.com"));
    let (operation, body) = sent(exchange.start(&mut client, Some("ctx".into())));
    assert_eq!(operation, Operation::SignUp);
    assert_eq!(
        body,
        json!({
            "ClientId": "client-1",
            "SecretHash": crate::srp::secret_hash("shh", "Alice@Example.com", "client-1"),
            "Username": "Alice@Example.com",
            "Password": "Correct-Horse-1",
            "UserAttributes": [
                {"Name": "email", "Value": "alice@example.com"},
                {"Name": "name", "Value": "Alice"}
            ],
            "ValidationData": [{"Name": "source", "Value": "web"}],
            "ClientMetadata": {"k": "v"},
            "UserContextData": {"EncodedData": "ctx"}
        })
    );
    let answer = r#"{"UserConfirmed":false,"UserSub":"sub-1","CodeDeliveryDetails":{"Destination":"a***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}}"#;
    match exchange.receive(&mut client, 200, &JsonText(answer), NOW_MS) {
        Ok(Outcome::Account(output)) => assert_eq!(
            serde_json::to_value(&output).unwrap(),
            json!({
                "userConfirmed": false,
                "userSub": "sub-1",
                "codeDelivery": {"destination": "a***@e***", "deliveryMedium": "EMAIL", "attributeName": "email"}
            })
        ),
        other => panic!("expected the sign-up's output, got {other:?}"),
    }
    // Answered: nothing more to send or receive.
    assert_eq!(
        error_name(exchange.start(&mut client, None)),
        "InvalidStateError"
    );
    assert_eq!(
        error_name(exchange.receive(&mut client, 200, &JsonText("{}"), NOW_MS)),
        "InvalidStateError"
    );
}

#[test]
fn each_account_operation_sends_its_members_and_reads_its_answer() {
    let mut client = client();
    // The call, its input, the operation and body sent, Cognito's answer, the output.
    type Case = (
        AccountCall,
        &'static str,
        Operation,
        Json,
        &'static str,
        Option<Json>,
    );
    let cases: [Case; 4] = [
        (
            AccountCall::ConfirmSignUp,
            r#"{"username":"bob","code":"123456"}"#,
            Operation::ConfirmSignUp,
            json!({"ClientId": "client-1", "Username": "bob", "ConfirmationCode": "123456"}),
            "{}",
            None,
        ),
        (
            AccountCall::ResendSignUpCode,
            r#"{"username":"bob","clientMetadata":{"a":"b"}}"#,
            Operation::ResendConfirmationCode,
            json!({"ClientId": "client-1", "Username": "bob", "ClientMetadata": {"a": "b"}}),
            r#"{"CodeDeliveryDetails":{"Destination":"b***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}}"#,
            Some(
                json!({"codeDelivery": {"destination": "b***@e***", "deliveryMedium": "EMAIL", "attributeName": "email"}}),
            ),
        ),
        (
            AccountCall::ForgotPassword,
            r#"{"username":"bob"}"#,
            Operation::ForgotPassword,
            json!({"ClientId": "client-1", "Username": "bob"}),
            r#"{"CodeDeliveryDetails":{"Destination":"+*******0100","DeliveryMedium":"SMS","AttributeName":"phone_number"}}"#,
            Some(
                json!({"codeDelivery": {"destination": "+*******0100", "deliveryMedium": "SMS", "attributeName": "phone_number"}}),
            ),
        ),
        (
            AccountCall::ConfirmForgotPassword,
            r#"{"username":"bob","code":"654321","newPassword":"New-Passw0rd!"}"#,
            Operation::ConfirmForgotPassword,
            json!({"ClientId": "client-1", "Username": "bob", "ConfirmationCode": "654321", "Password": "New-Passw0rd!"}),
            "{}",
            None,
        ),
    ];
    for (call, text, operation, body, answer, output) in cases {
        let (mut exchange, sent_operation, sent_body) = account_sent(&mut client, call, text, None);
        assert_eq!(sent_operation, operation);
        assert_eq!(call.operation(), operation);
        assert_eq!(sent_body, body, "{call:?}");
        match (
            exchange.receive(&mut client, 200, &JsonText(answer), NOW_MS),
            output,
        ) {
            (Ok(Outcome::Done), None) => {}
            (Ok(Outcome::Account(read)), Some(expected)) => {
                assert_eq!(serde_json::to_value(&read).unwrap(), expected);
            }
            (other, expected) => panic!("{call:?}: expected {expected:?}, got {other:?}"),
        }
    }
}

#[test]
fn account_errors_keep_cognitos_name_and_a_bad_answer_is_a_protocol_error() {
    let mut client = client();
    for name in [
        "CodeMismatchException",
        "ExpiredCodeException",
        "LimitExceededException",
        "UsernameExistsException",
        "InvalidPasswordException",
    ] {
        let (mut exchange, _, _) = account_sent(
            &mut client,
            AccountCall::ConfirmSignUp,
            r#"{"username":"bob","code":"1"}"#,
            None,
        );
        let body = format!(r#"{{"__type":"com.amazon#{name}","message":"m"}}"#);
        match exchange.receive(&mut client, 400, &JsonText(&body), NOW_MS) {
            Err(error) => {
                assert_eq!(error.name(), name);
                assert_eq!(error.http_status(), Some(400));
            }
            Ok(other) => panic!("expected {name}, got {other:?}"),
        }
    }
    for (call, answer) in [
        (AccountCall::SignUp, r#"{"UserConfirmed":false}"#),
        (AccountCall::ForgotPassword, "{}"),
        (AccountCall::ConfirmForgotPassword, "[]"),
        (AccountCall::ConfirmSignUp, "not json"),
    ] {
        let text = r#"{"username":"bob","password":"p","code":"1","newPassword":"p"}"#;
        let (mut exchange, _, _) = account_sent(&mut client, call, text, None);
        assert_eq!(
            error_name(exchange.receive(&mut client, 200, &JsonText(answer), NOW_MS)),
            "ProtocolError",
            "{call:?} {answer}"
        );
    }
}

#[test]
fn bad_account_input_is_an_invalid_parameter_naming_the_field_before_any_request() {
    let mut client = client();
    let cases = [
        (
            AccountCall::SignUp,
            r#"{"password":"Secret-1"}"#,
            "username is required",
        ),
        (
            AccountCall::SignUp,
            r#"{"username":"u","password":12345678}"#,
            "password must be a string",
        ),
        (
            AccountCall::SignUp,
            r#"{"username":"u","password":"Secret-1","attributes":{"email":"a@b.c","age":5}}"#,
            "age must be a string",
        ),
        (
            AccountCall::SignUp,
            r#"{"username":"u","password":"Secret-1","validationData":["x"]}"#,
            "validationData must be an object",
        ),
        (
            AccountCall::ConfirmSignUp,
            r#"{"username":"u"}"#,
            "code is required",
        ),
        (
            AccountCall::ForgotPassword,
            r#"{"username":null}"#,
            "username is required",
        ),
        (
            AccountCall::ConfirmForgotPassword,
            r#"{"username":"u","code":"123456"}"#,
            "newPassword is required",
        ),
        (
            AccountCall::ResendSignUpCode,
            r#""bob""#,
            "the resendSignUpCode input must be an object",
        ),
    ];
    for (call, text, message) in cases {
        let mut exchange = client.account(call, input(text));
        assert_eq!(exchange.username_to_start(), None);
        match exchange.start(&mut client, None) {
            Err(Error::InvalidParameter(got)) => {
                assert_eq!(got, message);
                assert!(!got.contains("Secret-1"));
            }
            other => panic!("{call:?} {text}: expected InvalidParameter, got {other:?}"),
        }
    }
}

#[test]
fn account_requests_never_show_the_password_or_the_code() {
    let mut client = client();
    let (_, _, _) = account_sent(
        &mut client,
        AccountCall::SignUp,
        r#"{"username":"u","password":"Hidden-Passw0rd!"}"#,
        None,
    );
    let mut exchange = client.account(
        AccountCall::ConfirmForgotPassword,
        input(r#"{"username":"u","code":"918273","newPassword":"Hidden-Passw0rd!"}"#),
    );
    let outcome = exchange.start(&mut client, None).unwrap();
    let debug = format!("{outcome:?}");
    assert!(
        !debug.contains("Hidden") && !debug.contains("918273"),
        "{debug}"
    );
}

/// A stored session of `internal-alice`, with a device or without.
fn stored_session(device: bool) -> crate::session::Session {
    let device = if device {
        r#","deviceKey":"us-east-1_dev1""#
    } else {
        ""
    };
    let blob = format!(
        r#"{{"v":1,"username":"internal-alice","idToken":"id","accessToken":"a","refreshToken":"old-r","expiresAt":{NOW_MS}{device}}}"#
    );
    crate::session::Session::from_stored(&JsonText(&blob)).unwrap()
}

fn refreshed(outcome: Result<Outcome, Error>) -> crate::session::Session {
    match outcome {
        Ok(Outcome::Refreshed(session)) => session,
        Ok(other) => panic!("expected tokens, got {other:?}"),
        Err(error) => panic!("expected tokens, got {error}"),
    }
}

#[test]
fn refresh_sends_get_tokens_from_refresh_token_and_keeps_or_rotates_the_refresh_token() {
    let secret = r#"{"userPoolId":"us-east-1_TestPool","clientId":"client-1","clientSecret":"shh","endpoint":"http://127.0.0.1:1/"}"#;
    let mut client = Client::new(input(secret)).unwrap();
    let mut exchange = client.refresh(stored_session(true));
    let (operation, body) = sent(exchange.start(&mut client, None));
    assert_eq!(operation, Operation::GetTokensFromRefreshToken);
    assert_eq!(
        body,
        json!({"RefreshToken":"old-r","ClientId":"client-1","ClientSecret":"shh","DeviceKey":"us-east-1_dev1"})
    );
    let answer = r#"{"AuthenticationResult":{"AccessToken":"a2","IdToken":"id2","ExpiresIn":60}}"#;
    let session = refreshed(exchange.receive(&mut client, 200, &JsonText(answer), NOW_MS));
    assert_eq!(session.refresh_token, "old-r");
    assert_eq!(session.access_token, "a2");
    assert_eq!(session.expires_at, 1_700_000_060_250);
    assert_eq!(session.device_key.as_deref(), Some("us-east-1_dev1"));

    let mut client = self::client();
    let mut exchange = client.refresh(stored_session(false));
    let (_, body) = sent(exchange.start(&mut client, None));
    assert_eq!(body, json!({"RefreshToken":"old-r","ClientId":"client-1"}));
    let answer = r#"{"AuthenticationResult":{"AccessToken":"a2","IdToken":"id2","RefreshToken":"new-r","ExpiresIn":60}}"#;
    let session = refreshed(exchange.receive(&mut client, 200, &JsonText(answer), NOW_MS));
    assert_eq!(session.refresh_token, "new-r");
}

#[test]
fn refresh_falls_back_to_refresh_token_auth_only_for_an_unknown_operation() {
    let secret = r#"{"userPoolId":"us-east-1_TestPool","clientId":"client-1","clientSecret":"shh","endpoint":"http://127.0.0.1:1/"}"#;
    let mut client = Client::new(input(secret)).unwrap();
    let mut exchange = client.refresh(stored_session(true));
    sent(exchange.start(&mut client, None));
    let unknown = r#"{"__type":"UnknownOperationException","message":"Unknown operation"}"#;
    let (operation, body) = sent(exchange.receive(&mut client, 400, &JsonText(unknown), NOW_MS));
    assert_eq!(operation, Operation::InitiateAuth);
    assert_eq!(body["AuthFlow"], "REFRESH_TOKEN_AUTH");
    assert_eq!(body["AuthParameters"]["REFRESH_TOKEN"], "old-r");
    assert_eq!(body["AuthParameters"]["DEVICE_KEY"], "us-east-1_dev1");
    assert_eq!(
        body["AuthParameters"]["SECRET_HASH"],
        crate::srp::secret_hash("shh", "internal-alice", "client-1")
    );
    // The fallback's own refusal is final.
    assert_eq!(
        error_name(exchange.receive(&mut client, 400, &JsonText(unknown), NOW_MS)),
        "UnknownOperationException"
    );

    for (status, answer, name) in [
        (
            400,
            r#"{"__type":"NotAuthorizedException","message":"Refresh Token has been revoked"}"#,
            "NotAuthorizedException",
        ),
        (
            400,
            r#"{"__type":"RefreshTokenReuseException","message":"reused"}"#,
            "RefreshTokenReuseException",
        ),
        (
            500,
            r#"{"__type":"InternalErrorException","message":"x"}"#,
            "InternalErrorException",
        ),
        (200, r#"{}"#, "ProtocolError"),
    ] {
        let mut exchange = client.refresh(stored_session(false));
        sent(exchange.start(&mut client, None));
        assert_eq!(
            error_name(exchange.receive(&mut client, status, &JsonText(answer), NOW_MS)),
            name
        );
    }
    assert!(crate::session::ends_session("NotAuthorizedException"));
    assert!(crate::session::ends_session("RefreshTokenReuseException"));
    assert!(!crate::session::ends_session("InternalErrorException"));
    assert!(!crate::session::ends_session("TooManyRequestsException"));
}

#[test]
fn a_session_is_due_within_the_margin_and_never_debugs_a_token() {
    let session = stored_session(false);
    assert!(!session.due(NOW_MS - 301_000, 300));
    assert!(session.due(NOW_MS - 299_000, 300));
    assert!(session.due(NOW_MS + 1, 0));
    let debug = format!("{session:?}");
    assert!(
        !debug.contains("old-r") && !debug.contains("\"a\""),
        "{debug}"
    );
    assert_eq!(session.tokens(NOW_MS - 61_000).expires_in, 61);
}

#[test]
fn sign_out_revokes_the_refresh_token_or_signs_out_globally_and_forgets_the_device() {
    let secret = r#"{"userPoolId":"us-east-1_TestPool","clientId":"client-1","clientSecret":"shh","endpoint":"http://127.0.0.1:1/"}"#;
    let mut client = Client::new(input(secret)).unwrap();
    let mut exchange = client.sign_out(&stored_session(true), false);
    let (operation, body) = sent(exchange.start(&mut client, None));
    assert_eq!(operation, Operation::RevokeToken);
    assert_eq!(
        body,
        json!({"Token":"old-r","ClientId":"client-1","ClientSecret":"shh"})
    );
    assert!(matches!(
        exchange.receive(&mut client, 200, &JsonText("{}"), NOW_MS),
        Ok(Outcome::Done)
    ));
    let mut exchange = client.sign_out(&stored_session(false), true);
    let (operation, body) = sent(exchange.start(&mut client, None));
    assert_eq!(operation, Operation::GlobalSignOut);
    assert_eq!(body, json!({"AccessToken":"a"}));
    let refused =
        r#"{"__type":"NotAuthorizedException","message":"Access Token has been revoked"}"#;
    assert_eq!(
        error_name(exchange.receive(&mut client, 400, &JsonText(refused), NOW_MS)),
        "NotAuthorizedException"
    );
}

#[test]
fn a_stored_device_is_read_with_bounds_and_kept_for_the_typed_name() {
    use crate::session::StoredDevice;
    let blob = r#"{"v":1,"username":"internal-alice","deviceKey":"us-east-1_dev1","deviceGroupKey":"group-1","devicePassword":"pw"}"#;
    let device = StoredDevice::from_stored(&JsonText(blob)).unwrap();
    assert!(!format!("{device:?}").contains("pw"));
    let mut client = client();
    client.keep_stored_device("alice", &device);
    assert_eq!(client.stored_device("internal-alice"), Some(device.clone()));
    let mut exchange = client.sign_in(input(SRP_INPUT));
    let (_, body) = sent(exchange.start(&mut client, None));
    assert_eq!(body["AuthParameters"]["DEVICE_KEY"], "us-east-1_dev1");
    for bad in [
        "{",
        "[]",
        r#"{"v":2,"username":"u","deviceKey":"k","deviceGroupKey":"g","devicePassword":"p"}"#,
        r#"{"v":1,"username":"","deviceKey":"k","deviceGroupKey":"g","devicePassword":"p"}"#,
        r#"{"v":1,"username":"u","deviceKey":"k","deviceGroupKey":"g"}"#,
    ] {
        let error = StoredDevice::from_stored(&JsonText(bad)).unwrap_err();
        assert_eq!(error.name(), "StorageError");
    }
}

#[test]
fn signed_in_account_operations_send_the_access_token_without_client_id_or_secret_hash() {
    let mut client = Client::new(input(SECRET_CONFIG)).unwrap();
    let text =
        r#"{"previousPassword":"Old-Passw0rd!","proposedPassword":"New-Passw0rd!","username":"x"}"#;
    let mut exchange = client.account(AccountCall::ChangePassword, input(text));
    exchange.set_access_token("access-1");
    assert_eq!(exchange.username_to_start(), None);
    let (operation, body) = sent(exchange.start(&mut client, Some("ctx".into())));
    assert_eq!(operation, Operation::ChangePassword);
    assert_eq!(
        body,
        json!({
            "AccessToken": "access-1",
            "PreviousPassword": "Old-Passw0rd!",
            "ProposedPassword": "New-Passw0rd!"
        })
    );
    assert!(matches!(
        exchange.receive(&mut client, 200, &JsonText("{}"), NOW_MS),
        Ok(Outcome::Done)
    ));

    let mut exchange = client.account(AccountCall::GetUser, input("{}"));
    exchange.set_access_token("access-1");
    let (operation, body) = sent(exchange.start(&mut client, None));
    assert_eq!(operation, Operation::GetUser);
    assert_eq!(body, json!({"AccessToken": "access-1"}));
    let answer = r#"{"Username":"u-1","UserAttributes":[{"Name":"sub","Value":"s-1"},{"Name":"email","Value":"a@example.com"}],"PreferredMfaSetting":"SOFTWARE_TOKEN_MFA","UserMFASettingList":["SMS_MFA","SOFTWARE_TOKEN_MFA"]}"#;
    match exchange.receive(&mut client, 200, &JsonText(answer), NOW_MS) {
        Ok(Outcome::Account(output)) => assert_eq!(
            serde_json::to_value(&output).unwrap(),
            json!({
                "username": "u-1",
                "attributes": {"email": "a@example.com", "sub": "s-1"},
                "preferredMfa": "SOFTWARE_TOKEN_MFA",
                "mfaSettings": ["SMS_MFA", "SOFTWARE_TOKEN_MFA"]
            })
        ),
        other => panic!("expected getUser's output, got {other:?}"),
    }
    // No Username in the answer is a ProtocolError naming it.
    let mut exchange = client.account(AccountCall::GetUser, input("{}"));
    exchange.set_access_token("access-1");
    let _ = exchange.start(&mut client, None);
    assert_eq!(
        error_name(exchange.receive(&mut client, 200, &JsonText("{}"), NOW_MS)),
        "ProtocolError"
    );

    let mut exchange = client.account(AccountCall::DeleteUser, input("{}"));
    exchange.set_access_token("access-1");
    let (operation, body) = sent(exchange.start(&mut client, None));
    assert_eq!(operation, Operation::DeleteUser);
    assert_eq!(body, json!({"AccessToken": "access-1"}));
}

#[test]
fn change_password_input_is_checked_by_name() {
    let client = client();
    for (text, field) in [
        ("null", "the changePassword input"),
        (
            r#"{"proposedPassword":"New-Passw0rd!"}"#,
            "previousPassword",
        ),
        (
            r#"{"previousPassword":"Old-Passw0rd!"}"#,
            "proposedPassword",
        ),
        (
            r#"{"previousPassword":1,"proposedPassword":"New-Passw0rd!"}"#,
            "previousPassword",
        ),
    ] {
        let mut exchange = client.account(AccountCall::ChangePassword, input(text));
        let mut other = Client::new(input(SECRET_CONFIG)).unwrap();
        match exchange.start(&mut other, None) {
            Err(error) => {
                assert_eq!(error.name(), "InvalidParameterError");
                assert!(error.message().contains(field), "{}", error.message());
                assert!(!error.message().contains("Passw0rd"));
            }
            Ok(_) => panic!("{text} was accepted"),
        }
    }
}

/// A signed-in account operation `call` with `text`, started with access token `access-1`.
fn signed_in_call(
    client: &mut Client,
    call: AccountCall,
    text: &str,
) -> (Exchange, Operation, Json) {
    let mut exchange = client.account(call, input(text));
    exchange.set_access_token("access-1");
    let (operation, body) = sent(exchange.start(client, None));
    (exchange, operation, body)
}

#[test]
fn attribute_operations_send_their_members_and_read_their_deliveries() {
    let mut client = Client::new(input(SECRET_CONFIG)).unwrap();
    let (mut exchange, operation, body) = signed_in_call(
        &mut client,
        AccountCall::UpdateUserAttributes,
        r#"{"attributes":{"name":"A","email":"a@example.org"},"clientMetadata":{"k":"v"}}"#,
    );
    assert_eq!(operation, Operation::UpdateUserAttributes);
    assert_eq!(
        body,
        json!({
            "AccessToken": "access-1",
            "UserAttributes": [
                {"Name": "email", "Value": "a@example.org"},
                {"Name": "name", "Value": "A"}
            ],
            "ClientMetadata": {"k": "v"}
        })
    );
    let answer = r#"{"CodeDeliveryDetailsList":[{"Destination":"a***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}]}"#;
    match exchange.receive(&mut client, 200, &JsonText(answer), NOW_MS) {
        Ok(Outcome::Account(output)) => assert_eq!(
            serde_json::to_value(&output).unwrap(),
            json!({"codeDeliveries": [{"destination": "a***@e***", "deliveryMedium": "EMAIL", "attributeName": "email"}]})
        ),
        other => panic!("expected the deliveries, got {other:?}"),
    }
    // No list (no code went out) is an empty one; a list of the wrong shape a ProtocolError.
    for (answer, expected) in [
        ("{}", Some(json!({"codeDeliveries": []}))),
        (
            r#"{"CodeDeliveryDetailsList":null}"#,
            Some(json!({"codeDeliveries": []})),
        ),
        (r#"{"CodeDeliveryDetailsList":{"a":1}}"#, None),
    ] {
        let (mut exchange, _, _) = signed_in_call(
            &mut client,
            AccountCall::UpdateUserAttributes,
            r#"{"attributes":{"name":"A"}}"#,
        );
        match (
            exchange.receive(&mut client, 200, &JsonText(answer), NOW_MS),
            expected,
        ) {
            (Ok(Outcome::Account(output)), Some(expected)) => {
                assert_eq!(serde_json::to_value(&output).unwrap(), expected);
            }
            (Err(error), None) => assert_eq!(error.name(), "ProtocolError"),
            (other, _) => panic!("{answer}: {other:?}"),
        }
    }

    let (mut exchange, operation, body) = signed_in_call(
        &mut client,
        AccountCall::SendUserAttributeVerificationCode,
        r#"{"attributeName":"email"}"#,
    );
    assert_eq!(operation, Operation::GetUserAttributeVerificationCode);
    assert_eq!(
        body,
        json!({"AccessToken": "access-1", "AttributeName": "email"})
    );
    assert_eq!(
        error_name(exchange.receive(&mut client, 200, &JsonText("{}"), NOW_MS)),
        "ProtocolError",
        "CodeDeliveryDetails is required"
    );

    let (mut exchange, operation, body) = signed_in_call(
        &mut client,
        AccountCall::VerifyUserAttribute,
        r#"{"attributeName":"email","code":"123456"}"#,
    );
    assert_eq!(operation, Operation::VerifyUserAttribute);
    assert_eq!(
        body,
        json!({"AccessToken": "access-1", "AttributeName": "email", "Code": "123456"})
    );
    assert!(matches!(
        exchange.receive(&mut client, 200, &JsonText("{}"), NOW_MS),
        Ok(Outcome::Done)
    ));

    let (_, operation, body) = signed_in_call(
        &mut client,
        AccountCall::DeleteUserAttributes,
        r#"{"attributeNames":["name","custom:team"]}"#,
    );
    assert_eq!(operation, Operation::DeleteUserAttributes);
    assert_eq!(
        body,
        json!({"AccessToken": "access-1", "UserAttributeNames": ["name", "custom:team"]})
    );
}

#[test]
fn totp_outside_sign_in_and_the_mfa_preference() {
    let mut client = Client::new(input(SECRET_CONFIG)).unwrap();
    let (mut exchange, operation, body) = signed_in_call(&mut client, AccountCall::SetupTotp, "{}");
    assert_eq!(operation, Operation::AssociateSoftwareToken);
    assert_eq!(body, json!({"AccessToken": "access-1"}));
    match exchange.receive(
        &mut client,
        200,
        &JsonText(r#"{"SecretCode":"ABCDEFGH"}"#),
        NOW_MS,
    ) {
        Ok(Outcome::TotpSecret(secret)) => assert_eq!(secret.secret_code, "ABCDEFGH"),
        other => panic!("expected the secret, got {other:?}"),
    }
    for answer in ["{}", r#"{"SecretCode":""}"#, r#"{"SecretCode":5}"#] {
        let (mut exchange, _, _) = signed_in_call(&mut client, AccountCall::SetupTotp, "{}");
        assert_eq!(
            error_name(exchange.receive(&mut client, 200, &JsonText(answer), NOW_MS)),
            "ProtocolError",
            "{answer}"
        );
    }

    let (mut exchange, operation, body) = signed_in_call(
        &mut client,
        AccountCall::VerifyTotp,
        r#"{"code":"123456","friendlyDeviceName":"phone"}"#,
    );
    assert_eq!(operation, Operation::VerifySoftwareToken);
    assert_eq!(
        body,
        json!({"AccessToken": "access-1", "UserCode": "123456", "FriendlyDeviceName": "phone"})
    );
    assert!(matches!(
        exchange.receive(
            &mut client,
            200,
            &JsonText(r#"{"Status":"SUCCESS"}"#),
            NOW_MS
        ),
        Ok(Outcome::Done)
    ));
    let (mut exchange, _, _) =
        signed_in_call(&mut client, AccountCall::VerifyTotp, r#"{"code":"1"}"#);
    assert_eq!(
        error_name(exchange.receive(&mut client, 200, &JsonText(r#"{"Status":"ERROR"}"#), NOW_MS)),
        "ProtocolError"
    );
    let (mut exchange, _, _) =
        signed_in_call(&mut client, AccountCall::VerifyTotp, r#"{"code":"1"}"#);
    let refused = r#"{"__type":"EnableSoftwareTokenMFAException","message":"Code mismatch"}"#;
    assert_eq!(
        error_name(exchange.receive(&mut client, 400, &JsonText(refused), NOW_MS)),
        "EnableSoftwareTokenMFAException"
    );

    let (_, operation, body) = signed_in_call(
        &mut client,
        AccountCall::SetMfaPreference,
        r#"{"totp":"preferred","sms":"disabled","email":"enabled"}"#,
    );
    assert_eq!(operation, Operation::SetUserMFAPreference);
    assert_eq!(
        body,
        json!({
            "AccessToken": "access-1",
            "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true},
            "SMSMfaSettings": {"Enabled": false, "PreferredMfa": false},
            "EmailMfaSettings": {"Enabled": true, "PreferredMfa": false}
        })
    );
    let (_, _, body) = signed_in_call(
        &mut client,
        AccountCall::SetMfaPreference,
        r#"{"sms":"enabled"}"#,
    );
    assert_eq!(
        body,
        json!({"AccessToken": "access-1", "SMSMfaSettings": {"Enabled": true, "PreferredMfa": false}})
    );
}

#[test]
fn settings_inputs_are_checked_by_name_before_anything_is_sent() {
    let client = client();
    for (call, text, message) in [
        (
            AccountCall::UpdateUserAttributes,
            "{}",
            "attributes is required",
        ),
        (
            AccountCall::UpdateUserAttributes,
            r#"{"attributes":{}}"#,
            "at least one",
        ),
        (
            AccountCall::UpdateUserAttributes,
            r#"{"attributes":{"a":1}}"#,
            "a must be a string",
        ),
        (
            AccountCall::SendUserAttributeVerificationCode,
            r#"{"attributeName":""}"#,
            "attributeName must be a non-empty string",
        ),
        (
            AccountCall::VerifyUserAttribute,
            r#"{"attributeName":"email"}"#,
            "code is required",
        ),
        (
            AccountCall::DeleteUserAttributes,
            r#"{"attributeNames":"name"}"#,
            "attributeNames must be an array of strings",
        ),
        (
            AccountCall::DeleteUserAttributes,
            r#"{"attributeNames":[]}"#,
            "at least one name",
        ),
        (
            AccountCall::DeleteUserAttributes,
            r#"{"attributeNames":["a",""]}"#,
            "non-empty strings only",
        ),
        (
            AccountCall::DeleteUserAttributes,
            r#"{"attributeNames":["a",{"b":1}]}"#,
            "non-empty strings only",
        ),
        (
            AccountCall::VerifyTotp,
            r#"{"code":""}"#,
            "code must be a non-empty string",
        ),
        (
            AccountCall::SetMfaPreference,
            "{}",
            "at least one of totp, sms and email",
        ),
        (
            AccountCall::SetMfaPreference,
            r#"{"email":"on"}"#,
            "email, when given, must be",
        ),
        (
            AccountCall::SetMfaPreference,
            r#"{"totp":"preferred","email":"preferred"}"#,
            "at most one",
        ),
    ] {
        let mut exchange = client.account(call, input(text));
        exchange.set_access_token("access-1");
        let mut other = Client::new(input(SECRET_CONFIG)).unwrap();
        match exchange.start(&mut other, None) {
            Err(error) => {
                assert_eq!(error.name(), "InvalidParameterError", "{text}");
                assert!(
                    error.message().contains(message),
                    "{text}: {}",
                    error.message()
                );
            }
            Ok(_) => panic!("{text} was accepted"),
        }
    }
    // A list over the bound is refused while it is read (the wasm shell counts it even before).
    let too_many = format!(
        r#"{{"attributeNames":[{}]}}"#,
        vec![r#""a""#; 300].join(",")
    );
    let read = serde_json::from_str::<Input<crate::value::Members>>(&too_many);
    assert!(read.is_err_and(|error| error.to_string().contains("attributeNames")));
}
