//! The sign-in state machine against scripted Cognito answers.

use std::collections::BTreeMap;

use crate::protocol::Params;

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
const NOW_MS: i64 = NOW * 1000 + 250;
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

fn input(flow: SignInFlow, username: &str, password: Option<&str>) -> SignInInput {
    SignInInput {
        flow,
        username: username.to_owned(),
        password: password.map(|p| Zeroizing::new(p.to_owned())),
        client_metadata: None,
        user_context_data: None,
        device: None,
    }
}

fn start(secret: Option<&str>) -> (SignInState, InitiateAuthRequest) {
    start_flow(secret, SignInFlow::UserSrp)
}

fn start_flow(secret: Option<&str>, flow: SignInFlow) -> (SignInState, InitiateAuthRequest) {
    SignIn::start(config(secret), input(flow, TYPED, Some(PASSWORD)), || {
        Ok(srp())
    })
    .unwrap()
}

fn try_answer(body: &str) -> Result<crate::protocol::AuthOutput, crate::error::Error> {
    decode_auth_output(&crate::protocol::JsonText(body))
}

fn answer(body: &str) -> crate::protocol::AuthOutput {
    try_answer(body).unwrap()
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
) -> Result<(RespondToAuthChallengeRequest, SignInState), crate::error::Error> {
    let (state, _) = start(secret);
    match state.receive(answer(body), NOW_MS)? {
        SignInNext::Respond { request, state } => Ok((request, state)),
        next => panic!("expected a PASSWORD_VERIFIER answer, got {next:?}"),
    }
}

#[test]
fn initiate_auth_is_user_srp_auth_with_typed_username_and_srp_a() {
    let (_, request) = start(None);
    assert_eq!(request.auth_flow, "USER_SRP_AUTH");
    assert_eq!(request.client_id, CLIENT_ID);
    assert_eq!(
        request.auth_parameters,
        Params::from([
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
        let result = SignIn::start(
            config(None),
            input(SignInFlow::UserSrp, username, Some(password)),
            || Ok(srp()),
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
    let SignInNext::Done(SignInStep::SignedIn(tokens)) =
        state.receive(answer(TOKENS_BODY), NOW_MS).unwrap()
    else {
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
    let SignInNext::Done(SignInStep::Challenge(challenge)) =
        state.receive(answer(body), NOW_MS).unwrap()
    else {
        panic!("expected a challenge")
    };
    let step = challenge.info();
    assert_eq!(step.name, "SOFTWARE_TOKEN_MFA");
    assert_eq!(step.kind, ChallengeKind::SoftwareTokenMfa);
    assert_eq!(step.session.as_deref(), Some("s2"));
    assert_eq!(step.parameters["FRIENDLY_DEVICE_NAME"], "phone");
    assert_eq!(step.username, INTERNAL);
}

#[test]
fn password_verifier_twice_is_a_protocol_error() {
    let (_, state) = respond_to_verifier(None, &password_verifier_body()).unwrap();
    let error = state
        .receive(answer(&password_verifier_body()), NOW_MS)
        .unwrap_err();
    assert_eq!(error.name(), "ProtocolError");
}

#[test]
fn neither_challenge_nor_tokens_is_a_protocol_error() {
    let (state, _) = start(None);
    let Err(error) = state.receive(answer(r#"{"ChallengeParameters":{}}"#), NOW_MS) else {
        panic!("accepted an empty answer")
    };
    assert_eq!(error.name(), "ProtocolError");

    let (_, state) = respond_to_verifier(None, &password_verifier_body()).unwrap();
    assert_eq!(
        state.receive(answer("{}"), NOW_MS).unwrap_err().name(),
        "ProtocolError"
    );
}

#[test]
fn both_challenge_and_tokens_is_a_protocol_error() {
    let mut body: serde_json::Value = serde_json::from_str(TOKENS_BODY).unwrap();
    body["ChallengeName"] = "SMS_MFA".into();
    let (state, _) = start(None);
    let Err(error) = state.receive(answer(&body.to_string()), NOW_MS) else {
        panic!("accepted both")
    };
    assert_eq!(error.name(), "ProtocolError");
}

#[test]
fn tokens_straight_from_initiate_auth_sign_the_user_in() {
    let (state, _) = start(None);
    let Ok(SignInNext::Done(SignInStep::SignedIn(tokens))) =
        state.receive(answer(TOKENS_BODY), NOW_MS)
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
    let Ok(SignInNext::Done(SignInStep::Challenge(step))) = state.receive(answer(body), NOW_MS)
    else {
        panic!("expected a challenge")
    };
    assert_eq!(step.info().name, "CUSTOM_CHALLENGE");
    assert_eq!(step.info().username, "internal-7");
}

// ---------------------------------------------------------------------------------------------
// Flows.

#[test]
fn user_password_auth_sends_the_password_and_no_srp() {
    let (state, request) = start_flow(Some(SECRET), SignInFlow::UserPassword);
    assert_eq!(request.auth_flow, "USER_PASSWORD_AUTH");
    assert_eq!(request.auth_parameters["PASSWORD"], PASSWORD);
    assert_eq!(
        request.auth_parameters["SECRET_HASH"],
        secret_hash(SECRET, TYPED, CLIENT_ID)
    );
    assert!(!request.auth_parameters.contains_key("SRP_A"));
    let Err(error) = state.receive(answer(&password_verifier_body()), NOW_MS) else {
        panic!("answered PASSWORD_VERIFIER without SRP")
    };
    assert_eq!(error.name(), "ProtocolError");
}

#[test]
fn custom_with_srp_is_custom_auth_with_challenge_name_srp_a() {
    let (state, request) = start_flow(None, SignInFlow::CustomWithSrp);
    assert_eq!(request.auth_flow, "CUSTOM_AUTH");
    assert_eq!(request.auth_parameters["CHALLENGE_NAME"], "SRP_A");
    assert_eq!(request.auth_parameters["SRP_A"], srp().public_a_hex());
    let Ok(SignInNext::Respond { request, .. }) =
        state.receive(answer(&password_verifier_body()), NOW_MS)
    else {
        panic!("expected the PASSWORD_VERIFIER answer")
    };
    assert_eq!(request.challenge_name, "PASSWORD_VERIFIER");
}

#[test]
fn custom_without_srp_sends_the_username_only_and_needs_no_password() {
    let mut srp_asked = false;
    let (_, request) = SignIn::start(
        config(None),
        input(SignInFlow::CustomWithoutSrp, TYPED, None),
        || {
            srp_asked = true;
            Ok(srp())
        },
    )
    .unwrap();
    assert!(!srp_asked);
    assert_eq!(request.auth_flow, "CUSTOM_AUTH");
    assert_eq!(
        request.auth_parameters,
        Params::from([("USERNAME".to_owned(), TYPED.to_owned())])
    );
}

#[test]
fn flows_that_need_a_password_refuse_to_start_without_one() {
    for flow in [
        SignInFlow::UserSrp,
        SignInFlow::UserPassword,
        SignInFlow::CustomWithSrp,
    ] {
        let result = SignIn::start(config(None), input(flow, TYPED, None), || {
            panic!("SRP asked for before the input was checked")
        });
        let Err(error) = result else {
            panic!("{flow:?} started without a password")
        };
        assert_eq!(error.name(), "InvalidParameterError");
    }
}

#[test]
fn flow_names_are_the_four_of_sign_in() {
    assert_eq!(
        SignInFlow::from_name("CUSTOM_WITHOUT_SRP").unwrap(),
        SignInFlow::CustomWithoutSrp
    );
    let error = SignInFlow::from_name("USER_AUTH").unwrap_err();
    assert_eq!(error.name(), "InvalidParameterError");
    // The message names the field and the flows, never the value given.
    assert!(error.message().starts_with("flow"));
    assert!(!error.message().contains("USER_AUTH"));
}

#[test]
fn user_context_data_goes_on_initiate_auth_and_every_answer() {
    let mut sign_in_input = input(SignInFlow::UserSrp, TYPED, Some(PASSWORD));
    sign_in_input.user_context_data = Some("encoded".to_owned());
    let (state, request) = SignIn::start(config(None), sign_in_input, || Ok(srp())).unwrap();
    assert_eq!(request.user_context_data.as_deref(), Some("encoded"));
    let Ok(SignInNext::Respond { request, state }) =
        state.receive(answer(&password_verifier_body()), NOW_MS)
    else {
        panic!("expected the PASSWORD_VERIFIER answer")
    };
    assert_eq!(request.user_context_data.as_deref(), Some("encoded"));
    let SignInNext::Done(SignInStep::Challenge(challenge)) = state
        .receive(answer(&challenge_body("SMS_MFA", &[])), NOW_MS)
        .unwrap()
    else {
        panic!("expected a challenge")
    };
    let (request, _) = ChallengeSlot::new(challenge)
        .respond(&ChallengeAnswer::Code("123456".into()))
        .unwrap();
    assert_eq!(request.user_context_data.as_deref(), Some("encoded"));
}

#[test]
fn client_metadata_goes_on_initiate_auth_and_every_answer() {
    let metadata = Params::from([("source".to_owned(), "test".to_owned())]);
    let mut sign_in_input = input(SignInFlow::UserSrp, TYPED, Some(PASSWORD));
    sign_in_input.client_metadata = Some(metadata.clone());
    let (state, request) = SignIn::start(config(None), sign_in_input, || Ok(srp())).unwrap();
    assert_eq!(request.client_metadata.as_ref(), Some(&metadata));
    let Ok(SignInNext::Respond { request, state }) =
        state.receive(answer(&password_verifier_body()), NOW_MS)
    else {
        panic!("expected the PASSWORD_VERIFIER answer")
    };
    assert_eq!(request.client_metadata.as_ref(), Some(&metadata));
    let SignInNext::Done(SignInStep::Challenge(challenge)) = state
        .receive(answer(&challenge_body("SMS_MFA", &[])), NOW_MS)
        .unwrap()
    else {
        panic!("expected a challenge")
    };
    let (request, _) = ChallengeSlot::new(challenge)
        .respond(&ChallengeAnswer::Code("123456".into()))
        .unwrap();
    assert_eq!(request.client_metadata.as_ref(), Some(&metadata));
}

// ---------------------------------------------------------------------------------------------
// Challenges for the user.

fn challenge_body(name: &str, parameters: &[(&str, &str)]) -> String {
    let parameters: BTreeMap<&str, &str> = parameters.iter().copied().collect();
    serde_json::json!({"ChallengeName": name, "Session": "sess-c", "ChallengeParameters": parameters})
        .to_string()
}

/// The challenge Cognito sends after the PASSWORD_VERIFIER answer.
fn challenge_after_verifier(
    secret: Option<&str>,
    name: &str,
    parameters: &[(&str, &str)],
) -> Result<Box<Challenge>, crate::error::Error> {
    let (_, state) = respond_to_verifier(secret, &password_verifier_body()).unwrap();
    match state.receive(try_answer(&challenge_body(name, parameters))?, NOW_MS)? {
        SignInNext::Done(SignInStep::Challenge(challenge)) => Ok(challenge),
        _ => panic!("expected a challenge"),
    }
}

fn challenge(name: &str, parameters: &[(&str, &str)]) -> Box<Challenge> {
    challenge_after_verifier(None, name, parameters).unwrap()
}

fn respond(
    challenge: Box<Challenge>,
    answer: ChallengeAnswer,
) -> Result<RespondToAuthChallengeRequest, crate::error::Error> {
    ChallengeSlot::new(challenge)
        .respond(&answer)
        .map(|(request, _)| request)
}

#[test]
fn sms_mfa_shows_where_the_code_went_and_answers_sms_mfa_code() {
    let challenge = challenge(
        "SMS_MFA",
        &[
            ("CODE_DELIVERY_DESTINATION", "+*******0100"),
            ("CODE_DELIVERY_DELIVERY_MEDIUM", "SMS"),
        ],
    );
    assert_eq!(
        challenge.info().kind,
        ChallengeKind::SmsMfa(CodeDelivery {
            destination: Some("+*******0100".into()),
            delivery_medium: Some("SMS".into()),
        })
    );
    let request = respond(challenge, ChallengeAnswer::Code("123456".into())).unwrap();
    assert_eq!(request.challenge_name, "SMS_MFA");
    assert_eq!(request.session.as_deref(), Some("sess-c"));
    assert_eq!(
        request.challenge_responses,
        Params::from([
            ("SMS_MFA_CODE".to_owned(), "123456".to_owned()),
            ("USERNAME".to_owned(), INTERNAL.to_owned()),
        ])
    );
}

#[test]
fn each_code_challenge_answers_with_its_own_key() {
    for (name, key) in [
        ("SMS_MFA", "SMS_MFA_CODE"),
        ("EMAIL_OTP", "EMAIL_OTP_CODE"),
        ("SOFTWARE_TOKEN_MFA", "SOFTWARE_TOKEN_MFA_CODE"),
    ] {
        let request = respond(challenge(name, &[]), ChallengeAnswer::Code("42".into())).unwrap();
        assert_eq!(request.challenge_responses[key], "42", "{name}");
    }
}

#[test]
fn an_empty_code_is_an_invalid_parameter() {
    let error = respond(
        challenge("SMS_MFA", &[]),
        ChallengeAnswer::Code(String::new()),
    )
    .unwrap_err();
    assert_eq!(error.name(), "InvalidParameterError");
}

#[test]
fn every_answer_carries_secret_hash_over_the_internal_username() {
    let challenge = challenge_after_verifier(Some(SECRET), "SOFTWARE_TOKEN_MFA", &[]).unwrap();
    let request = respond(challenge, ChallengeAnswer::Code("1".into())).unwrap();
    assert_eq!(request.challenge_responses["USERNAME"], INTERNAL);
    assert_eq!(
        request.challenge_responses["SECRET_HASH"],
        secret_hash(SECRET, INTERNAL, CLIENT_ID)
    );
}

#[test]
fn the_challenges_own_username_replaces_the_typed_alias() {
    let (state, _) = start_flow(Some(SECRET), SignInFlow::CustomWithoutSrp);
    let body = challenge_body("CUSTOM_CHALLENGE", &[("USERNAME", "internal-9")]);
    let Ok(SignInNext::Done(SignInStep::Challenge(challenge))) =
        state.receive(answer(&body), NOW_MS)
    else {
        panic!("expected a challenge")
    };
    let request = respond(challenge, ChallengeAnswer::Custom("42".into())).unwrap();
    assert_eq!(request.challenge_responses["ANSWER"], "42");
    assert_eq!(request.challenge_responses["USERNAME"], "internal-9");
    assert_eq!(
        request.challenge_responses["SECRET_HASH"],
        secret_hash(SECRET, "internal-9", CLIENT_ID)
    );
}

#[test]
fn select_mfa_type_lists_the_allowed_types_and_answers_one_of_them() {
    let challenge = challenge(
        "SELECT_MFA_TYPE",
        &[("MFAS_CAN_CHOOSE", r#"["SMS_MFA","SOFTWARE_TOKEN_MFA"]"#)],
    );
    let ChallengeKind::SelectMfaType { allowed_mfa_types } = &challenge.info().kind else {
        panic!("not parsed as SELECT_MFA_TYPE")
    };
    assert_eq!(allowed_mfa_types, &["SMS_MFA", "SOFTWARE_TOKEN_MFA"]);
    let mut slot = ChallengeSlot::new(challenge);
    let error = slot
        .respond(&ChallengeAnswer::MfaType("EMAIL_OTP".into()))
        .unwrap_err();
    assert_eq!(error.name(), "InvalidParameterError");
    let (request, _) = slot
        .respond(&ChallengeAnswer::MfaType("SOFTWARE_TOKEN_MFA".into()))
        .unwrap();
    assert_eq!(request.challenge_responses["ANSWER"], "SOFTWARE_TOKEN_MFA");
}

#[test]
fn malformed_json_parameters_are_protocol_errors() {
    for (name, key, value) in [
        ("SELECT_MFA_TYPE", "MFAS_CAN_CHOOSE", "SMS_MFA"),
        ("MFA_SETUP", "MFAS_CAN_SETUP", r#"[1]"#),
        ("NEW_PASSWORD_REQUIRED", "userAttributes", "{not json"),
        ("NEW_PASSWORD_REQUIRED", "userAttributes", r#"["email"]"#),
        ("NEW_PASSWORD_REQUIRED", "userAttributes", r#"{"email":5}"#),
        (
            "NEW_PASSWORD_REQUIRED",
            "requiredAttributes",
            r#"{"a":"b"}"#,
        ),
    ] {
        let error = challenge_after_verifier(None, name, &[(key, value)]).unwrap_err();
        assert_eq!(error.name(), "ProtocolError", "{name} {key}={value}");
        assert!(error.message().contains(key));
    }
}

fn new_password_challenge() -> Box<Challenge> {
    challenge(
        "NEW_PASSWORD_REQUIRED",
        &[
            (
                "userAttributes",
                r#"{"email":"a@example.com","userAttributes.email_verified":"true","phone_number":null}"#,
            ),
            (
                "requiredAttributes",
                r#"["userAttributes.name","family_name"]"#,
            ),
        ],
    )
}

fn new_password(password: &str, attributes: &[(&str, &str)]) -> ChallengeAnswer {
    ChallengeAnswer::NewPassword {
        new_password: Zeroizing::new(password.to_owned()),
        attributes: attributes
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    }
}

#[test]
fn new_password_required_parses_attributes_without_the_prefix() {
    let ChallengeKind::NewPasswordRequired {
        user_attributes,
        required_attributes,
    } = new_password_challenge().info().kind.clone()
    else {
        panic!("not parsed as NEW_PASSWORD_REQUIRED")
    };
    assert_eq!(
        user_attributes,
        Params::from([
            ("email".to_owned(), "a@example.com".to_owned()),
            ("email_verified".to_owned(), "true".to_owned()),
        ])
    );
    assert_eq!(required_attributes, ["name", "family_name"]);
}

#[test]
fn new_password_answer_prefixes_attributes() {
    let request = respond(
        new_password_challenge(),
        new_password(
            "New-Passw0rd!",
            &[("name", "Ann"), ("userAttributes.family_name", "Lee")],
        ),
    )
    .unwrap();
    assert_eq!(request.challenge_name, "NEW_PASSWORD_REQUIRED");
    assert_eq!(
        request.challenge_responses,
        Params::from([
            ("NEW_PASSWORD".to_owned(), "New-Passw0rd!".to_owned()),
            ("USERNAME".to_owned(), INTERNAL.to_owned()),
            ("userAttributes.family_name".to_owned(), "Lee".to_owned()),
            ("userAttributes.name".to_owned(), "Ann".to_owned()),
        ])
    );
}

#[test]
fn a_missing_required_attribute_is_an_invalid_parameter_and_leaves_the_challenge_answerable() {
    let mut slot = ChallengeSlot::new(new_password_challenge());
    let error = slot
        .respond(&new_password("New-Passw0rd!", &[("name", "Ann")]))
        .unwrap_err();
    assert_eq!(error.name(), "InvalidParameterError");
    assert!(error.message().contains("family_name"));
    assert!(!error.message().contains("New-Passw0rd!"));
    slot.respond(&new_password(
        "New-Passw0rd!",
        &[("name", "Ann"), ("family_name", "Lee")],
    ))
    .unwrap();
}

#[test]
fn any_other_challenge_sends_the_responses_given_plus_username() {
    let challenge = challenge("SOMETHING_NEW", &[]);
    assert_eq!(challenge.info().kind, ChallengeKind::Other);
    let request = respond(
        challenge,
        ChallengeAnswer::Responses(Params::from([("X".to_owned(), "y".to_owned())])),
    )
    .unwrap();
    assert_eq!(request.challenge_name, "SOMETHING_NEW");
    assert_eq!(request.challenge_responses["X"], "y");
    assert_eq!(request.challenge_responses["USERNAME"], INTERNAL);
}

#[test]
fn an_answer_of_another_challenges_shape_is_an_invalid_parameter() {
    let error = respond(
        challenge("SMS_MFA", &[]),
        ChallengeAnswer::Custom("x".into()),
    )
    .unwrap_err();
    assert_eq!(error.name(), "InvalidParameterError");
}

#[test]
fn a_challenge_expires_three_minutes_after_it_arrived() {
    assert_eq!(
        challenge("SMS_MFA", &[]).info().expires_at_ms,
        NOW_MS + 180_000
    );
}

#[test]
fn a_challenge_answered_twice_is_an_invalid_state_without_a_request() {
    let mut slot = ChallengeSlot::new(challenge("SMS_MFA", &[]));
    let (_, sent) = slot.respond(&ChallengeAnswer::Code("1".into())).unwrap();
    // While the first answer is on its way, and after it succeeded.
    let error = slot
        .respond(&ChallengeAnswer::Code("2".into()))
        .unwrap_err();
    assert_eq!(error.name(), "InvalidStateError");
    assert_eq!(error.message(), "this challenge was already answered");
    slot.receive(sent, Ok(answer(TOKENS_BODY)), NOW_MS).unwrap();
    let error = slot
        .respond(&ChallengeAnswer::Code("3".into()))
        .unwrap_err();
    assert_eq!(error.name(), "InvalidStateError");
}

fn service_error(name: &str) -> crate::error::Error {
    crate::error::Error::Service {
        name: name.into(),
        message: "m".into(),
        http_status: 400,
    }
}

#[test]
fn a_code_mismatch_leaves_the_challenge_answerable_with_the_same_session() {
    let mut slot = ChallengeSlot::new(challenge("SMS_MFA", &[]));
    let (_, sent) = slot.respond(&ChallengeAnswer::Code("1".into())).unwrap();
    let error = slot
        .receive(sent, Err(service_error("CodeMismatchException")), NOW_MS)
        .unwrap_err();
    assert_eq!(error.name(), "CodeMismatchException");
    let (request, _) = slot.respond(&ChallengeAnswer::Code("2".into())).unwrap();
    assert_eq!(request.session.as_deref(), Some("sess-c"));
    assert_eq!(request.challenge_responses["SMS_MFA_CODE"], "2");
}

#[test]
fn any_other_rejection_spends_the_challenge() {
    let mut slot = ChallengeSlot::new(challenge("SMS_MFA", &[]));
    let (_, sent) = slot.respond(&ChallengeAnswer::Code("1".into())).unwrap();
    let error = slot
        .receive(sent, Err(service_error("NotAuthorizedException")), NOW_MS)
        .unwrap_err();
    assert_eq!(error.name(), "NotAuthorizedException");
    let error = slot
        .respond(&ChallengeAnswer::Code("2".into()))
        .unwrap_err();
    assert_eq!(error.name(), "InvalidStateError");
}

#[test]
fn the_reply_to_an_answer_is_the_next_challenge_or_tokens() {
    let mut slot = ChallengeSlot::new(challenge("SELECT_MFA_TYPE", &[]));
    let (_, sent) = slot
        .respond(&ChallengeAnswer::MfaType("SMS_MFA".into()))
        .unwrap();
    let SignInNext::Done(SignInStep::Challenge(next)) = slot
        .receive(
            sent,
            Ok(answer(&challenge_body("SMS_MFA", &[]))),
            NOW_MS + 5,
        )
        .unwrap()
    else {
        panic!("expected the next challenge")
    };
    assert_eq!(next.info().name, "SMS_MFA");
    assert_eq!(next.info().username, INTERNAL);
    assert_eq!(next.info().expires_at_ms, NOW_MS + 5 + 180_000);
}

// ---------------------------------------------------------------------------------------------
// MFA_SETUP with TOTP.

use crate::protocol::software_token::{AssociateSoftwareTokenOutput, VerifySoftwareTokenOutput};

fn mfa_setup(secret: Option<&str>) -> ChallengeSlot {
    let challenge = challenge_after_verifier(
        secret,
        "MFA_SETUP",
        &[("MFAS_CAN_SETUP", r#"["SOFTWARE_TOKEN_MFA"]"#)],
    )
    .unwrap();
    assert_eq!(
        challenge.info().kind,
        ChallengeKind::MfaSetup {
            mfas_can_setup: vec!["SOFTWARE_TOKEN_MFA".into()]
        }
    );
    ChallengeSlot::new(challenge)
}

fn json_value(request: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(request).unwrap()
}

#[test]
fn mfa_setup_associates_verifies_then_answers_with_the_verified_session() {
    let mut slot = mfa_setup(Some(SECRET));
    let body = slot.associate_software_token().unwrap();
    assert_eq!(json_value(&body), serde_json::json!({"Session": "sess-c"}));
    let secret = slot
        .receive_software_token(AssociateSoftwareTokenOutput {
            secret_code: "JBSWY3DPEHPK3PXP".into(),
            session: Some("sess-associated".into()),
        })
        .unwrap();
    assert_eq!(secret.secret_code, "JBSWY3DPEHPK3PXP");

    let (body, awaiting) = slot.verify_software_token("123456", Some("phone")).unwrap();
    assert_eq!(
        json_value(&body),
        serde_json::json!({"Session": "sess-associated", "UserCode": "123456",
                           "FriendlyDeviceName": "phone"})
    );
    let (request, sent) = slot
        .receive_verified(
            awaiting,
            Ok(VerifySoftwareTokenOutput {
                status: Some("SUCCESS".into()),
                session: Some("sess-verified".into()),
            }),
        )
        .unwrap();
    assert_eq!(request.challenge_name, "MFA_SETUP");
    assert_eq!(request.session.as_deref(), Some("sess-verified"));
    assert_eq!(request.challenge_responses["USERNAME"], INTERNAL);
    assert_eq!(
        request.challenge_responses["SECRET_HASH"],
        secret_hash(SECRET, INTERNAL, CLIENT_ID)
    );
    let SignInNext::Done(SignInStep::SignedIn(_)) =
        slot.receive(sent, Ok(answer(TOKENS_BODY)), NOW_MS).unwrap()
    else {
        panic!("expected tokens")
    };
    assert_eq!(
        slot.associate_software_token().unwrap_err().name(),
        "InvalidStateError"
    );
}

#[test]
fn a_rejected_totp_code_leaves_mfa_setup_answerable() {
    let mut slot = mfa_setup(None);
    let (_, awaiting) = slot.verify_software_token("000000", None).unwrap();
    assert_eq!(
        slot.verify_software_token("111111", None)
            .unwrap_err()
            .name(),
        "InvalidStateError"
    );
    let error = slot
        .receive_verified(
            awaiting,
            Err(service_error("EnableSoftwareTokenMFAException")),
        )
        .unwrap_err();
    assert_eq!(error.name(), "EnableSoftwareTokenMFAException");
    slot.verify_software_token("111111", None).unwrap();
}

#[test]
fn mfa_setup_by_email_answers_mfa_setup_with_the_address_then_email_otp_follows() {
    let challenge = challenge_after_verifier(
        Some(SECRET),
        "MFA_SETUP",
        &[("MFAS_CAN_SETUP", r#"["SOFTWARE_TOKEN_MFA","EMAIL_OTP"]"#)],
    )
    .unwrap();
    let mut slot = ChallengeSlot::new(challenge);
    for bad in [
        "", "no-at", "a@b", "a@@b.c", "@b.c", "a@b..c", "a b@c.d", "a@.b.c", "a@b.c.", "a@b.c\t",
    ] {
        assert_eq!(
            slot.setup_email(bad).unwrap_err().name(),
            "InvalidParameterError",
            "{bad}"
        );
    }
    let (request, sent) = slot.setup_email("new@example.org").unwrap();
    assert_eq!(request.challenge_name, "MFA_SETUP");
    assert_eq!(request.session.as_deref(), Some("sess-c"));
    assert_eq!(request.challenge_responses["EMAIL"], "new@example.org");
    assert_eq!(request.challenge_responses["USERNAME"], INTERNAL);
    assert_eq!(
        request.challenge_responses["SECRET_HASH"],
        secret_hash(SECRET, INTERNAL, CLIENT_ID)
    );
    assert_eq!(
        slot.setup_email("new@example.org").unwrap_err().name(),
        "InvalidStateError"
    );
    let next = answer(&challenge_body(
        "EMAIL_OTP",
        &[
            ("CODE_DELIVERY_DELIVERY_MEDIUM", "EMAIL"),
            ("CODE_DELIVERY_DESTINATION", "n***@e***"),
        ],
    ));
    let SignInNext::Done(SignInStep::Challenge(otp)) =
        slot.receive(sent, Ok(next), NOW_MS).unwrap()
    else {
        panic!("expected EMAIL_OTP")
    };
    assert_eq!(
        otp.info().kind,
        ChallengeKind::EmailOtp(CodeDelivery {
            destination: Some("n***@e***".into()),
            delivery_medium: Some("EMAIL".into()),
        })
    );
}

#[test]
fn email_setup_needs_email_otp_in_mfas_can_setup() {
    let mut slot = mfa_setup(None);
    assert_eq!(
        slot.setup_email("a@b.co").unwrap_err().name(),
        "InvalidParameterError"
    );
    // Still answerable by TOTP.
    slot.associate_software_token().unwrap();
    let mut sms = ChallengeSlot::new(challenge("SMS_MFA", &[]));
    assert_eq!(
        sms.setup_email("a@b.co").unwrap_err().name(),
        "InvalidParameterError"
    );
}

#[test]
fn totp_setup_belongs_to_mfa_setup_only() {
    let slot = ChallengeSlot::new(challenge("SMS_MFA", &[]));
    assert_eq!(
        slot.associate_software_token().unwrap_err().name(),
        "InvalidParameterError"
    );
}

#[test]
fn totp_uri_is_otpauth_with_encoded_issuer_and_account() {
    let secret = TotpSecret {
        secret_code: "JBSWY3DPEHPK3PXP".into(),
    };
    assert_eq!(
        secret.uri("Example Co", "alice@example.com"),
        "otpauth://totp/Example%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example%20Co"
    );
    assert_eq!(
        secret.uri("Ä:&", "b"),
        "otpauth://totp/%C3%84%3A%26:b?secret=JBSWY3DPEHPK3PXP&issuer=%C3%84%3A%26"
    );
}

// ---------------------------------------------------------------------------------------------
// Device tracking.

const DEVICE_KEY: &str = "us-east-1_4b1d5e6f-0000-4000-8000-000000000001";
const DEVICE_GROUP_KEY: &str = "-AbCdEfGh1";
const DEVICE_PASSWORD: &str = "ZGV2aWNlLXBhc3N3b3JkLWRldmljZS1wYXNzd29yZC0xMjM0NTY3OA==";
const DEVICE_A_SECRET: [u8; 128] = [0x33; 128];

fn device() -> RememberedDevice {
    RememberedDevice {
        device_key: DEVICE_KEY.into(),
        device_group_key: DEVICE_GROUP_KEY.into(),
        device_password: Zeroizing::new(DEVICE_PASSWORD.into()),
    }
}

fn device_srp() -> SrpClient {
    SrpClient::from_secret(&DEVICE_A_SECRET).unwrap()
}

/// A USER_SRP_AUTH sign-in with the device, up to Cognito's answer to PASSWORD_VERIFIER.
fn verified_with_device(
    secret: Option<&str>,
) -> (
    InitiateAuthRequest,
    RespondToAuthChallengeRequest,
    SignInState,
) {
    let mut sign_in_input = input(SignInFlow::UserSrp, TYPED, Some(PASSWORD));
    sign_in_input.device = Some(device());
    let (state, initiate) = SignIn::start(config(secret), sign_in_input, || Ok(srp())).unwrap();
    let Ok(SignInNext::Respond { request, state }) =
        state.receive(answer(&password_verifier_body()), NOW_MS)
    else {
        panic!("expected the PASSWORD_VERIFIER answer")
    };
    (initiate, request, state)
}

fn device_srp_auth(secret: Option<&str>) -> DeviceSrpAuth {
    let (_, _, state) = verified_with_device(secret);
    let body =
        r#"{"ChallengeName":"DEVICE_SRP_AUTH","Session":"sess-d1","ChallengeParameters":{}}"#;
    match state.receive(answer(body), NOW_MS).unwrap() {
        SignInNext::DeviceSrpAuth(auth) => auth,
        next => panic!("expected DEVICE_SRP_AUTH, got {next:?}"),
    }
}

/// The answer the client computed and the state reading Cognito's reply to it.
fn expect_respond(next: SignInNext) -> (RespondToAuthChallengeRequest, SignInState) {
    match next {
        SignInNext::Respond { request, state } => (request, state),
        next => panic!("expected an answer to send, got {next:?}"),
    }
}

fn device_password_verifier_body() -> String {
    serde_json::json!({"ChallengeName": "DEVICE_PASSWORD_VERIFIER", "Session": "sess-d2",
        "ChallengeParameters": {"SALT": SALT_HEX, "SRP_B": SRP_B_HEX,
            "SECRET_BLOCK": SECRET_BLOCK_B64, "USERNAME": INTERNAL, "DEVICE_KEY": DEVICE_KEY}})
    .to_string()
}

#[test]
fn a_known_device_sends_device_key_with_initiate_auth_and_password_verifier() {
    let (initiate, verifier, _) = verified_with_device(None);
    assert_eq!(initiate.auth_parameters["DEVICE_KEY"], DEVICE_KEY);
    assert_eq!(verifier.challenge_responses["DEVICE_KEY"], DEVICE_KEY);
}

#[test]
fn flows_without_srp_send_no_device_key() {
    for flow in [SignInFlow::UserPassword, SignInFlow::CustomWithoutSrp] {
        let mut sign_in_input = input(flow, TYPED, Some(PASSWORD));
        sign_in_input.device = Some(device());
        let (_, request) = SignIn::start(config(None), sign_in_input, || Ok(srp())).unwrap();
        assert!(!request.auth_parameters.contains_key("DEVICE_KEY"));
    }
}

#[test]
fn device_srp_auth_is_answered_with_a_fresh_srp_a_and_secret_hash_over_the_internal_username() {
    let (request, _) = device_srp_auth(Some(SECRET)).respond(device_srp());
    assert_eq!(request.challenge_name, "DEVICE_SRP_AUTH");
    assert_eq!(request.session.as_deref(), Some("sess-d1"));
    let responses = &request.challenge_responses;
    assert_eq!(responses["USERNAME"], INTERNAL);
    assert_eq!(responses["DEVICE_KEY"], DEVICE_KEY);
    assert_eq!(responses["SRP_A"], device_srp().public_a_hex());
    assert_ne!(responses["SRP_A"], srp().public_a_hex());
    assert_eq!(
        responses["SECRET_HASH"],
        secret_hash(SECRET, INTERNAL, CLIENT_ID)
    );
}

#[test]
fn device_password_verifier_signs_with_the_device_group_key_device_key_and_device_password() {
    let (_, state) = device_srp_auth(Some(SECRET)).respond(device_srp());
    let (request, _) = expect_respond(
        state
            .receive(answer(&device_password_verifier_body()), NOW_MS)
            .unwrap(),
    );
    let timestamp = format_timestamp(NOW);
    let expected = device_srp()
        .password_claim(&ClaimInput {
            realm: DEVICE_GROUP_KEY,
            user_id: DEVICE_KEY,
            password: DEVICE_PASSWORD,
            salt_hex: SALT_HEX,
            srp_b_hex: SRP_B_HEX,
            secret_block_b64: SECRET_BLOCK_B64,
            timestamp: &timestamp,
        })
        .unwrap();
    assert_eq!(request.challenge_name, "DEVICE_PASSWORD_VERIFIER");
    assert_eq!(request.session.as_deref(), Some("sess-d2"));
    let responses = &request.challenge_responses;
    assert_eq!(
        responses["PASSWORD_CLAIM_SIGNATURE"],
        expected.signature_b64
    );
    assert_eq!(responses["PASSWORD_CLAIM_SECRET_BLOCK"], SECRET_BLOCK_B64);
    assert_eq!(responses["TIMESTAMP"], timestamp);
    assert_eq!(responses["USERNAME"], INTERNAL);
    assert_eq!(responses["DEVICE_KEY"], DEVICE_KEY);
    assert_eq!(
        responses["SECRET_HASH"],
        secret_hash(SECRET, INTERNAL, CLIENT_ID)
    );
}

#[test]
fn tokens_after_the_device_password_verifier_sign_the_user_in() {
    let (_, state) = device_srp_auth(None).respond(device_srp());
    let (_, state) = expect_respond(
        state
            .receive(answer(&device_password_verifier_body()), NOW_MS)
            .unwrap(),
    );
    let step = state.receive(answer(TOKENS_BODY), NOW_MS).unwrap();
    assert!(matches!(step, SignInNext::Done(SignInStep::SignedIn(_))));
}

#[test]
fn anything_but_device_password_verifier_after_device_srp_auth_is_a_protocol_error() {
    let (_, state) = device_srp_auth(None).respond(device_srp());
    let error = state.receive(answer(TOKENS_BODY), NOW_MS).unwrap_err();
    assert_eq!(error.name(), "ProtocolError");
}

#[test]
fn device_srp_auth_in_a_sign_in_without_a_device_is_a_protocol_error() {
    let (_, state) = respond_to_verifier(None, &password_verifier_body()).unwrap();
    let body = r#"{"ChallengeName":"DEVICE_SRP_AUTH","Session":"s","ChallengeParameters":{}}"#;
    let error = state.receive(answer(body), NOW_MS).unwrap_err();
    assert_eq!(error.name(), "ProtocolError");
}

#[test]
fn errors_and_debug_output_never_show_the_device_password() {
    let (_, state) = device_srp_auth(None).respond(device_srp());
    assert!(!format!("{state:?}").contains(DEVICE_PASSWORD));
    let error = state
        .receive(
            answer(r#"{"ChallengeName":"DEVICE_PASSWORD_VERIFIER","ChallengeParameters":{}}"#),
            NOW_MS,
        )
        .unwrap_err();
    assert!(!error.message().contains(DEVICE_PASSWORD));
    assert!(!format!("{:?}", device()).contains(DEVICE_PASSWORD));
}

#[test]
fn the_device_store_finds_a_device_by_internal_or_typed_username_and_forgets_it_by_key() {
    let mut store = DeviceStore::new();
    store.insert(INTERNAL, TYPED, device());
    assert_eq!(store.device_for(INTERNAL), Some(&device()));
    assert_eq!(store.device_for(TYPED), Some(&device()));
    assert_eq!(store.device_for("someone-else"), None);
    store.forget(DEVICE_KEY);
    assert_eq!(store.device_for(TYPED), None);
}

#[test]
fn confirm_device_registers_a_verifier_for_the_device_password_it_keeps() {
    // Counts up from the seed in every draw (constant bytes are refused as a broken generator).
    struct Fixed(u8);
    impl crate::srp::RandomSource for Fixed {
        fn fill(&mut self, buf: &mut [u8]) -> Result<(), crate::srp::SrpError> {
            let mut next = self.0;
            for byte in buf {
                *byte = next;
                next = next.wrapping_add(1);
            }
            Ok(())
        }
    }
    let metadata = crate::protocol::NewDeviceMetadata {
        device_key: DEVICE_KEY.into(),
        device_group_key: DEVICE_GROUP_KEY.into(),
    };
    let (body, device) =
        device::confirm_device("acc", &metadata, "my browser", &mut Fixed(7)).unwrap();
    let expected =
        crate::srp::device_verifier(DEVICE_GROUP_KEY, DEVICE_KEY, &mut Fixed(7)).unwrap();
    let body = serde_json::to_value(&body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"AccessToken": "acc", "DeviceKey": DEVICE_KEY,
            "DeviceName": "my browser", "DeviceSecretVerifierConfig": {
                "PasswordVerifier": expected.password_verifier_b64, "Salt": expected.salt_b64}})
    );
    assert_eq!(*device.device_password, expected.device_password);
    assert_eq!(device.device_group_key, DEVICE_GROUP_KEY);
}

#[test]
fn the_internal_username_is_the_access_tokens_username_claim() {
    use base64::Engine as _;
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(format!(r#"{{"sub":"x","username":"{INTERNAL}"}}"#));
    let token = format!("eyJhbGciOiJub25lIn0.{payload}.sig");
    let json = crate::protocol::JsonText("");
    assert_eq!(
        device::token_username(&token, &json).as_deref(),
        Some(INTERNAL)
    );
    assert_eq!(device::token_username("not-a-jwt", &json), None);
    let token_of = |claims: &str| {
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(claims);
        format!("eyJhbGciOiJub25lIn0.{payload}.sig")
    };
    let fallback = token_of(r#"{"cognito:groups":["a"],"cognito:username":"c","x":{"y":1}}"#);
    assert_eq!(
        device::token_username(&fallback, &json).as_deref(),
        Some("c")
    );
    let mistyped = token_of(r#"{"username":7,"cognito:username":"c"}"#);
    assert_eq!(device::token_username(&mistyped, &json), None);
}

#[test]
fn resource_not_found_means_the_device_is_unknown() {
    let error = crate::error::Error::Service {
        name: "ResourceNotFoundException".into(),
        message: "Device does not exist.".into(),
        http_status: 400,
    };
    assert!(device::is_unknown_device(&error));
    assert!(!device::is_unknown_device(&crate::error::Error::protocol(
        "x"
    )));
}

// ---------------------------------------------------------------------------------------------
// A device that is tracked but not remembered: MFA first, then DEVICE_SRP_AUTH after the answer.

const DEVICE_SRP_AUTH_BODY: &str =
    r#"{"ChallengeName":"DEVICE_SRP_AUTH","Session":"sess-d1","ChallengeParameters":{}}"#;

/// Answers the challenge in `slot` with `answer` and hands Cognito's `reply` to it.
fn answer_then(
    slot: &mut ChallengeSlot,
    answer_given: ChallengeAnswer,
    reply: Result<crate::protocol::AuthOutput, crate::error::Error>,
) -> Result<SignInNext, crate::error::Error> {
    let (_, sent) = slot.respond(&answer_given).unwrap();
    slot.receive(sent, reply, NOW_MS)
}

fn expect_challenge(next: SignInNext) -> Box<Challenge> {
    match next {
        SignInNext::Done(SignInStep::Challenge(challenge)) => challenge,
        next => panic!("expected a challenge for the user, got {next:?}"),
    }
}

#[test]
fn device_srp_auth_after_the_challenges_is_answered_by_the_device_the_sign_in_named() {
    let (_, _, state) = verified_with_device(Some(SECRET));
    let select = expect_challenge(
        state
            .receive(
                answer(&challenge_body(
                    "SELECT_MFA_TYPE",
                    &[("USER_ID_FOR_SRP", INTERNAL)],
                )),
                NOW_MS,
            )
            .unwrap(),
    );
    // The device travels with the challenge; its password never shows in a log.
    assert!(!format!("{select:?}").contains(DEVICE_PASSWORD));
    let mut slot = ChallengeSlot::new(select);
    let sms = challenge_body("SMS_MFA", &[]);
    let mut slot = ChallengeSlot::new(expect_challenge(
        answer_then(
            &mut slot,
            ChallengeAnswer::MfaType("SMS_MFA".into()),
            Ok(answer(&sms)),
        )
        .unwrap(),
    ));
    // A wrong code keeps the challenge, and the device with it.
    let error = answer_then(
        &mut slot,
        ChallengeAnswer::Code("000000".into()),
        Err(service_error("CodeMismatchException")),
    )
    .unwrap_err();
    assert_eq!(error.name(), "CodeMismatchException");
    let next = answer_then(
        &mut slot,
        ChallengeAnswer::Code("123456".into()),
        Ok(answer(DEVICE_SRP_AUTH_BODY)),
    )
    .unwrap();
    let SignInNext::DeviceSrpAuth(device_auth) = next else {
        panic!("expected DEVICE_SRP_AUTH for the client, got {next:?}")
    };

    // Answered as after PASSWORD_VERIFIER: a fresh SRP run, the device, the internal username.
    let (request, state) = device_auth.respond(device_srp());
    assert_eq!(request.challenge_name, "DEVICE_SRP_AUTH");
    assert_eq!(request.session.as_deref(), Some("sess-d1"));
    let responses = &request.challenge_responses;
    assert_eq!(responses["USERNAME"], INTERNAL);
    assert_eq!(responses["DEVICE_KEY"], DEVICE_KEY);
    assert_eq!(responses["SRP_A"], device_srp().public_a_hex());
    assert_eq!(
        responses["SECRET_HASH"],
        secret_hash(SECRET, INTERNAL, CLIENT_ID)
    );
    let (request, state) = expect_respond(
        state
            .receive(answer(&device_password_verifier_body()), NOW_MS)
            .unwrap(),
    );
    assert_eq!(request.challenge_name, "DEVICE_PASSWORD_VERIFIER");
    let timestamp = format_timestamp(NOW);
    let expected = device_srp()
        .password_claim(&ClaimInput {
            realm: DEVICE_GROUP_KEY,
            user_id: DEVICE_KEY,
            password: DEVICE_PASSWORD,
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
    let step = state.receive(answer(TOKENS_BODY), NOW_MS).unwrap();
    assert!(matches!(step, SignInNext::Done(SignInStep::SignedIn(_))));
}

#[test]
fn device_srp_auth_after_a_challenge_without_a_device_to_prove_is_a_protocol_error() {
    // A sign-in without a device.
    let mut slot = ChallengeSlot::new(challenge("SMS_MFA", &[]));
    let error = answer_then(
        &mut slot,
        ChallengeAnswer::Code("123456".into()),
        Ok(answer(DEVICE_SRP_AUTH_BODY)),
    )
    .unwrap_err();
    assert_eq!(error.name(), "ProtocolError");

    // A device that has already proven itself in this sign-in.
    let (_, state) = device_srp_auth(None).respond(device_srp());
    let (_, state) = expect_respond(
        state
            .receive(answer(&device_password_verifier_body()), NOW_MS)
            .unwrap(),
    );
    let mut slot = ChallengeSlot::new(expect_challenge(
        state
            .receive(answer(&challenge_body("SMS_MFA", &[])), NOW_MS)
            .unwrap(),
    ));
    let error = answer_then(
        &mut slot,
        ChallengeAnswer::Code("123456".into()),
        Ok(answer(DEVICE_SRP_AUTH_BODY)),
    )
    .unwrap_err();
    assert_eq!(error.name(), "ProtocolError");
}
