//! The sign-in state machine against scripted Cognito answers.

use std::collections::BTreeMap;

use zeroize::Zeroizing;

use super::*;
use crate::config::{Config, ConfigInput};
use crate::protocol::{decode_auth_output, InitiateAuthRequest, RespondToAuthChallengeRequest};
use crate::srp::{format_timestamp, secret_hash, ClaimInput, SrpClient};

const POOL_ID: &str = "us-east-1_TestPool";
const CLIENT_ID: &str = "client-id-1";
const SECRET: &str = "client-secret-1";
const TYPED: &str = "alice@example.com";
const INTERNAL: &str = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
const PASSWORD: &str = "Correct-Horse-1";
const NOW: i64 = 1_700_000_000;
const SALT_HEX: &str = "00f1e2d3c4b5a69788";
const SRP_B_HEX: &str = "8a3f5c0d2e1b4a6978cdef0123456789abcdef0123456789";
const SECRET_BLOCK_B64: &str = "c2VjcmV0LWJsb2NrLWZyb20tY29nbml0bw==";
const A_SECRET: [u8; 128] = [0x5a; 128];

fn config(secret: Option<&str>) -> Config {
    Config::new(ConfigInput {
        user_pool_id: POOL_ID.into(),
        client_id: CLIENT_ID.into(),
        client_secret: secret.map(|s| Zeroizing::new(s.to_owned())),
        ..ConfigInput::default()
    })
    .unwrap()
}

fn srp() -> SrpClient {
    SrpClient::from_secret(&A_SECRET).unwrap()
}

fn start(secret: Option<&str>) -> (AwaitingPasswordVerifier, InitiateAuthRequest) {
    SrpSignIn::start(
        &config(secret),
        srp(),
        TYPED,
        Zeroizing::new(PASSWORD.to_owned()),
    )
    .unwrap()
}

fn answer(body: &str) -> crate::protocol::AuthOutput {
    decode_auth_output(body).unwrap()
}

fn password_verifier_body() -> String {
    password_verifier_with(&[
        ("SALT", SALT_HEX),
        ("SRP_B", SRP_B_HEX),
        ("SECRET_BLOCK", SECRET_BLOCK_B64),
        ("USER_ID_FOR_SRP", INTERNAL),
        ("USERNAME", INTERNAL),
    ])
}

fn password_verifier_with(parameters: &[(&str, &str)]) -> String {
    let parameters: BTreeMap<&str, &str> = parameters.iter().copied().collect();
    serde_json::json!({"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": parameters})
        .to_string()
}

const TOKENS_BODY: &str = r#"{"AuthenticationResult":{"AccessToken":"acc","IdToken":"id",
    "RefreshToken":"ref","ExpiresIn":3600,"TokenType":"Bearer"},"ChallengeParameters":{}}"#;

/// Runs the scripted InitiateAuth answer; expects a PASSWORD_VERIFIER response to send.
fn respond_to_verifier(
    secret: Option<&str>,
    body: &str,
) -> Result<(RespondToAuthChallengeRequest, AwaitingSignInResult), crate::error::Error> {
    let (state, _) = start(secret);
    match state.receive(answer(body), NOW)? {
        AfterInitiateAuth::Respond { request, state } => Ok((request, state)),
        AfterInitiateAuth::Done(step) => {
            panic!("expected a PASSWORD_VERIFIER answer, got {step:?}")
        }
    }
}

#[test]
fn initiate_auth_is_user_srp_auth_with_typed_username_and_srp_a() {
    let (_, request) = start(None);
    assert_eq!(request.auth_flow, "USER_SRP_AUTH");
    assert_eq!(request.client_id, CLIENT_ID);
    assert_eq!(
        request.auth_parameters,
        BTreeMap::from([
            ("USERNAME".to_owned(), TYPED.to_owned()),
            ("SRP_A".to_owned(), srp().public_a_hex()),
        ])
    );
}

#[test]
fn initiate_auth_secret_hash_is_over_the_typed_username() {
    let (_, request) = start(Some(SECRET));
    assert_eq!(
        request.auth_parameters["SECRET_HASH"],
        secret_hash(SECRET, TYPED, CLIENT_ID)
    );
}

#[test]
fn empty_username_or_password_is_an_invalid_parameter() {
    for (username, password) in [("", PASSWORD), (TYPED, "")] {
        let result = SrpSignIn::start(
            &config(None),
            srp(),
            username,
            Zeroizing::new(password.to_owned()),
        );
        let Err(error) = result else {
            panic!("accepted {username:?}/{password:?}")
        };
        assert_eq!(error.name(), "InvalidParameterError");
        assert!(!error.message().contains(PASSWORD));
    }
}

#[test]
fn password_verifier_answer_names_the_internal_username() {
    let (request, _) = respond_to_verifier(None, &password_verifier_body()).unwrap();
    assert_eq!(request.challenge_name, "PASSWORD_VERIFIER");
    assert_eq!(request.client_id, CLIENT_ID);
    assert_eq!(request.session, None);
    let responses = &request.challenge_responses;
    assert_eq!(responses["USERNAME"], INTERNAL);
    assert_eq!(responses["PASSWORD_CLAIM_SECRET_BLOCK"], SECRET_BLOCK_B64);
    assert_eq!(responses["TIMESTAMP"], format_timestamp(NOW));
    assert!(!responses.contains_key("SECRET_HASH"));
}

#[test]
fn password_claim_signs_realm_internal_username_and_timestamp() {
    let (request, _) = respond_to_verifier(None, &password_verifier_body()).unwrap();
    let timestamp = format_timestamp(NOW);
    let expected = srp()
        .password_claim(&ClaimInput {
            realm: "TestPool",
            user_id: INTERNAL,
            password: PASSWORD,
            salt_hex: SALT_HEX,
            srp_b_hex: SRP_B_HEX,
            secret_block_b64: SECRET_BLOCK_B64,
            timestamp: &timestamp,
        })
        .unwrap();
    assert_eq!(
        request.challenge_responses["PASSWORD_CLAIM_SIGNATURE"],
        expected.signature_b64
    );
}

#[test]
fn password_verifier_secret_hash_is_over_user_id_for_srp_not_the_typed_alias() {
    let (request, _) = respond_to_verifier(Some(SECRET), &password_verifier_body()).unwrap();
    let hash = &request.challenge_responses["SECRET_HASH"];
    assert_eq!(*hash, secret_hash(SECRET, INTERNAL, CLIENT_ID));
    assert_ne!(*hash, secret_hash(SECRET, TYPED, CLIENT_ID));
}

#[test]
fn password_verifier_session_is_passed_back() {
    let mut body: serde_json::Value = serde_json::from_str(&password_verifier_body()).unwrap();
    body["Session"] = "sess-1".into();
    let (request, _) = respond_to_verifier(None, &body.to_string()).unwrap();
    assert_eq!(request.session.as_deref(), Some("sess-1"));
}

#[test]
fn password_verifier_missing_a_parameter_is_a_protocol_error() {
    let full = [
        ("SALT", SALT_HEX),
        ("SRP_B", SRP_B_HEX),
        ("SECRET_BLOCK", SECRET_BLOCK_B64),
        ("USER_ID_FOR_SRP", INTERNAL),
    ];
    for missing in ["SALT", "SRP_B", "SECRET_BLOCK", "USER_ID_FOR_SRP"] {
        let parameters: Vec<_> = full
            .iter()
            .copied()
            .filter(|(k, _)| *k != missing)
            .collect();
        let error = respond_to_verifier(None, &password_verifier_with(&parameters)).unwrap_err();
        assert_eq!(error.name(), "ProtocolError", "without {missing}");
        assert!(error.message().contains(missing));
    }
}

#[test]
fn password_verifier_with_srp_b_zero_mod_n_is_a_protocol_error() {
    let error = respond_to_verifier(
        None,
        &password_verifier_with(&[
            ("SALT", SALT_HEX),
            ("SRP_B", "00"),
            ("SECRET_BLOCK", SECRET_BLOCK_B64),
            ("USER_ID_FOR_SRP", INTERNAL),
        ]),
    )
    .unwrap_err();
    assert_eq!(error.name(), "ProtocolError");
    assert!(!error.message().contains(PASSWORD));
}

#[test]
fn tokens_after_the_password_verifier_sign_the_user_in() {
    let (_, state) = respond_to_verifier(None, &password_verifier_body()).unwrap();
    let SignInStep::SignedIn(tokens) = state.receive(answer(TOKENS_BODY)).unwrap() else {
        panic!("expected tokens")
    };
    assert_eq!(tokens.id_token, "id");
    assert_eq!(tokens.access_token, "acc");
    assert_eq!(tokens.refresh_token.as_deref(), Some("ref"));
    assert_eq!(tokens.expires_in, 3600);
}

#[test]
fn another_challenge_after_the_verifier_is_a_user_step_bound_to_the_internal_username() {
    let (_, state) = respond_to_verifier(None, &password_verifier_body()).unwrap();
    let body = r#"{"ChallengeName":"SOFTWARE_TOKEN_MFA","Session":"s2",
                   "ChallengeParameters":{"FRIENDLY_DEVICE_NAME":"phone"}}"#;
    let SignInStep::Challenge(step) = state.receive(answer(body)).unwrap() else {
        panic!("expected a challenge")
    };
    assert_eq!(step.challenge_name, "SOFTWARE_TOKEN_MFA");
    assert_eq!(step.session.as_deref(), Some("s2"));
    assert_eq!(step.challenge_parameters["FRIENDLY_DEVICE_NAME"], "phone");
    assert_eq!(step.username, INTERNAL);
    let error = step.respond().unwrap_err();
    assert_eq!(error.name(), "NotImplementedError");
    assert!(error.message().contains("SOFTWARE_TOKEN_MFA"));
}

#[test]
fn password_verifier_twice_is_a_protocol_error() {
    let (_, state) = respond_to_verifier(None, &password_verifier_body()).unwrap();
    let error = state
        .receive(answer(&password_verifier_body()))
        .unwrap_err();
    assert_eq!(error.name(), "ProtocolError");
}

#[test]
fn neither_challenge_nor_tokens_is_a_protocol_error() {
    let (state, _) = start(None);
    let Err(error) = state.receive(answer(r#"{"ChallengeParameters":{}}"#), NOW) else {
        panic!("accepted an empty answer")
    };
    assert_eq!(error.name(), "ProtocolError");

    let (_, state) = respond_to_verifier(None, &password_verifier_body()).unwrap();
    assert_eq!(
        state.receive(answer("{}")).unwrap_err().name(),
        "ProtocolError"
    );
}

#[test]
fn both_challenge_and_tokens_is_a_protocol_error() {
    let mut body: serde_json::Value = serde_json::from_str(TOKENS_BODY).unwrap();
    body["ChallengeName"] = "SMS_MFA".into();
    let (state, _) = start(None);
    let Err(error) = state.receive(answer(&body.to_string()), NOW) else {
        panic!("accepted both")
    };
    assert_eq!(error.name(), "ProtocolError");
}

#[test]
fn tokens_straight_from_initiate_auth_sign_the_user_in() {
    let (state, _) = start(None);
    let Ok(AfterInitiateAuth::Done(SignInStep::SignedIn(tokens))) =
        state.receive(answer(TOKENS_BODY), NOW)
    else {
        panic!("expected tokens")
    };
    assert_eq!(tokens.access_token, "acc");
}

#[test]
fn a_user_challenge_straight_from_initiate_auth_is_a_user_step() {
    let (state, _) = start(None);
    let body = r#"{"ChallengeName":"CUSTOM_CHALLENGE","Session":"s",
                   "ChallengeParameters":{"USERNAME":"internal-7"}}"#;
    let Ok(AfterInitiateAuth::Done(SignInStep::Challenge(step))) = state.receive(answer(body), NOW)
    else {
        panic!("expected a challenge")
    };
    assert_eq!(step.challenge_name, "CUSTOM_CHALLENGE");
    assert_eq!(step.username, "internal-7");
}
