//! Property-based tests over everything the core reads from outside: Cognito's answers (as any
//! text, and as JSON of Cognito's shape with wrong types, maps over the bounds, deep nesting and
//! bad SRP values), the answers driving a sign-in's exchange through its challenges, the payload
//! of an access token, and the caller's inputs.
//!
//! Properties: nothing panics; every failure is one of the core's named errors, the one the layer
//! promises (an answer's is a `ProtocolError`, a caller's an `InvalidParameterError`); no error
//! message carries the password.
//!
//! Case counts come from `PROPTEST_CASES` (proptest's default, 256, in `cargo test`);
//! `scripts/dev.sh fuzz` runs a million per target in release.

// proptest is a native dev-dependency: the wasm32 builds of the tests leave these out.
#![cfg(not(target_arch = "wasm32"))]

use cognito_core::client::input::{
    read_account_input, read_answer, read_config, read_password_verifier_input,
    read_setup_email_input, read_sign_in_input, read_verify_totp_input,
};
use cognito_core::client::{AccountCall, Client, Exchange, Outcome};
use cognito_core::error::Error;
use cognito_core::flow::device::token_username;
use cognito_core::flow::{password_verifier_responses, ChallengeKind};
use cognito_core::protocol::device::{ConfirmDeviceOutput, ListDevicesOutput};
use cognito_core::protocol::software_token::{
    AssociateSoftwareTokenOutput, VerifySoftwareTokenOutput,
};
use cognito_core::protocol::wire::decode_answer;
use cognito_core::protocol::{decode_auth_output, decode_service_error, JsonText, Params};
use cognito_core::session::{Session, StoredDevice};
use cognito_core::srp::SrpClient;
use cognito_core::value::{Input, Members};
use proptest::prelude::*;
use serde_json::{Map, Value as Json};

/// Every account operation, for the caller-input target.
const ACCOUNT_CALLS: [AccountCall; 15] = [
    AccountCall::SignUp,
    AccountCall::ConfirmSignUp,
    AccountCall::ResendSignUpCode,
    AccountCall::ForgotPassword,
    AccountCall::ConfirmForgotPassword,
    AccountCall::ChangePassword,
    AccountCall::GetUser,
    AccountCall::DeleteUser,
    AccountCall::UpdateUserAttributes,
    AccountCall::SendUserAttributeVerificationCode,
    AccountCall::VerifyUserAttribute,
    AccountCall::DeleteUserAttributes,
    AccountCall::SetupTotp,
    AccountCall::VerifyTotp,
    AccountCall::SetMfaPreference,
];

/// The password every sign-in here types: no error message may hold it.
const PASSWORD: &str = "Fuzz-Passw0rd-7e1d";

const CONFIG: &str =
    r#"{"userPoolId":"us-east-1_FuzzPool","clientId":"client-1","endpoint":"http://127.0.0.1:1/"}"#;

const NOW_MS: i64 = 1_700_000_000_250;

/// The 3072-bit group's N in hex (RFC 5054), for B = N, 2N.
const N_HEX: &str = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";

/// Strings worth trying where Cognito sends hex, base64, names or JSON text.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => any::<String>(),
        2 => "[0-9a-fA-F]{0,16}",
        2 => "[0-9a-f]{760,770}",
        1 => "[A-Za-z0-9+/=_-]{0,48}",
        1 => Just(String::new()),
        1 => Just("0".to_owned()),
        1 => Just("00".repeat(400)),
        1 => Just(N_HEX.to_owned()),
        1 => Just(format!("1{}", "0".repeat(768))),
        1 => Just(format!("{N_HEX}0")),
        1 => "\\[(\"[A-Z_]{0,12}\",?){0,4}\\]",
        1 => "\\{(\"[a-z:_]{0,10}\":(\"[a-z]{0,4}\"|null|1),?){0,4}\\}",
    ]
}

/// Any JSON value, nested a few levels.
fn json() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::from),
        any::<i64>().prop_map(Json::from),
        any::<u64>().prop_map(Json::from),
        any::<f64>().prop_map(|v| serde_json::Number::from_f64(v).map_or(Json::Null, Json::Number)),
        text().prop_map(Json::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            prop::collection::vec(("[A-Za-z_]{0,8}", inner), 0..6)
                .prop_map(|members| Json::Object(members.into_iter().collect())),
        ]
    })
}

/// An object of `count` string members, around the bound of 256.
fn big_object() -> impl Strategy<Value = Json> {
    (250usize..300).prop_map(|count| {
        Json::Object(
            (0..count)
                .map(|i| (format!("k{i}"), Json::from("v")))
                .collect(),
        )
    })
}

/// JSON nested `depth` arrays deep.
fn deep() -> impl Strategy<Value = Json> {
    (1usize..200).prop_map(|depth| (0..depth).fold(Json::Null, |inner, _| Json::Array(vec![inner])))
}

/// A value where Cognito sends a string: usually a string, sometimes anything.
fn stringish() -> impl Strategy<Value = Json> {
    prop_oneof![6 => text().prop_map(Json::from), 1 => json(), 1 => deep()]
}

const CHALLENGES: &[&str] = &[
    "PASSWORD_VERIFIER",
    "SMS_MFA",
    "EMAIL_OTP",
    "SOFTWARE_TOKEN_MFA",
    "SELECT_MFA_TYPE",
    "MFA_SETUP",
    "NEW_PASSWORD_REQUIRED",
    "CUSTOM_CHALLENGE",
    "DEVICE_SRP_AUTH",
    "DEVICE_PASSWORD_VERIFIER",
    "SOMETHING_NEW",
];

const PARAMETERS: &[&str] = &[
    "SRP_B",
    "SALT",
    "SECRET_BLOCK",
    "USER_ID_FOR_SRP",
    "USERNAME",
    "MFAS_CAN_CHOOSE",
    "MFAS_CAN_SETUP",
    "userAttributes",
    "requiredAttributes",
    "CODE_DELIVERY_DESTINATION",
    "CODE_DELIVERY_DELIVERY_MEDIUM",
];

/// `ChallengeParameters`: Cognito's keys with strings worth trying, a map over the bound, or any
/// value.
fn challenge_parameters() -> impl Strategy<Value = Json> {
    prop_oneof![
        6 => prop::collection::vec((prop::sample::select(PARAMETERS), stringish()), 0..8)
            .prop_map(|members| {
                Json::Object(members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            }),
        1 => big_object(),
        1 => json(),
    ]
}

/// An access token whose payload is any JSON (or not JSON at all).
fn token() -> impl Strategy<Value = Json> {
    prop_oneof![
        3 => json().prop_map(|payload| Json::from(jwt(&payload.to_string()))),
        1 => stringish(),
    ]
}

fn jwt(payload: &str) -> String {
    let encoded = cognito_core::srp::base64::encode(payload.as_bytes())
        .replace('+', "-")
        .replace('/', "_")
        .replace('=', "");
    format!("eyJhbGciOiJub25lIn0.{encoded}.sig")
}

fn authentication_result() -> impl Strategy<Value = Json> {
    let fields = (
        token(),
        token(),
        prop::option::of(stringish()),
        prop_oneof![any::<u32>().prop_map(Json::from), json()],
        prop::option::of(stringish()),
        prop::option::of(prop_oneof![
            (stringish(), stringish()).prop_map(|(key, group)| {
                serde_json::json!({"DeviceKey": key, "DeviceGroupKey": group})
            }),
            json(),
        ]),
    );
    prop_oneof![
        5 => fields.prop_map(|(id, access, refresh, expires, kind, device)| {
            let mut result = Map::new();
            result.insert("IdToken".into(), id);
            result.insert("AccessToken".into(), access);
            result.insert("ExpiresIn".into(), expires);
            for (key, value) in [("RefreshToken", refresh), ("TokenType", kind), ("NewDeviceMetadata", device)] {
                if let Some(value) = value {
                    result.insert(key.into(), value);
                }
            }
            Json::Object(result)
        }),
        1 => json(),
    ]
}

fn devices() -> impl Strategy<Value = Json> {
    let attribute = (stringish(), stringish())
        .prop_map(|(name, value)| serde_json::json!({"Name": name, "Value": value}));
    let device = (stringish(), prop::collection::vec(attribute, 0..4), json()).prop_map(
        |(key, attributes, date)| {
            serde_json::json!({"DeviceKey": key, "DeviceAttributes": attributes, "DeviceCreateDate": date})
        },
    );
    prop_oneof![
        4 => prop::collection::vec(device, 0..4).prop_map(Json::Array),
        1 => (250usize..300).prop_map(|count| Json::Array(vec![serde_json::json!({"DeviceKey": "k"}); count])),
        1 => json(),
    ]
}

/// An answer of Cognito's shape, each member present or not, of the right type or not.
fn answer() -> impl Strategy<Value = Json> {
    let name = prop_oneof![
        4 => prop::sample::select(CHALLENGES).prop_map(Json::from),
        1 => json(),
    ];
    (
        prop::option::of(name),
        prop::option::of(stringish()),
        prop::option::of(challenge_parameters()),
        prop::option::of(authentication_result()),
        prop::option::of(devices()),
        prop::option::of(stringish()),
        prop::option::of(json()),
    )
        .prop_map(
            |(name, session, parameters, result, devices, secret, extra)| {
                let mut answer = Map::new();
                for (key, value) in [
                    ("ChallengeName", name),
                    ("Session", session),
                    ("ChallengeParameters", parameters),
                    ("AuthenticationResult", result),
                    ("Devices", devices),
                    ("SecretCode", secret),
                    ("UserConfirmationNecessary", extra),
                ] {
                    if let Some(value) = value {
                        answer.insert(key.into(), value);
                    }
                }
                Json::Object(answer)
            },
        )
}

/// An answer's text: Cognito's shape, cut short or with a byte changed now and then, or any
/// text at all.
fn answer_text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => answer().prop_map(|answer| answer.to_string()),
        2 => (answer(), any::<prop::sample::Index>(), any::<u8>()).prop_map(|(answer, at, byte)| {
            let mut text = answer.to_string().into_bytes();
            let at = at.index(text.len().max(1)).min(text.len().saturating_sub(1));
            if let Some(slot) = text.get_mut(at) {
                *slot = byte;
            }
            String::from_utf8_lossy(&text).into_owned()
        }),
        1 => (answer(), any::<prop::sample::Index>()).prop_map(|(answer, at)| {
            let text = answer.to_string();
            let mut end = at.index(text.len() + 1);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text[..end].to_owned()
        }),
        1 => any::<String>(),
        1 => deep().prop_map(|value| value.to_string()),
    ]
}

/// The error of an answer: the core's own name for a broken answer (or for what the exchange
/// refuses; `NetworkError` when no answer came, status 0), never a panic and never the password.
fn assert_answer_error(error: &Error) -> Result<(), TestCaseError> {
    prop_assert!(
        matches!(
            error,
            Error::Protocol { .. }
                | Error::Service { .. }
                | Error::InvalidState(_)
                | Error::Crypto(_)
                | Error::Network(_)
        ),
        "{error}"
    );
    assert_no_password(error)
}

fn assert_no_password(error: &Error) -> Result<(), TestCaseError> {
    prop_assert!(!error.message().contains(PASSWORD), "{error}");
    prop_assert!(!error.name().is_empty());
    Ok(())
}

fn input(text: &str) -> Input<Members> {
    serde_json::from_str(text).expect("a test input")
}

fn input_of(value: &Json) -> Input<Members> {
    serde_json::from_value(value.clone()).unwrap_or(Input(None))
}

/// One step of an exchange: the answer given, then what the exchange asks next (a challenge is
/// answered with `reply`).
fn step(
    client: &mut Client,
    exchange: &mut Exchange,
    status: u16,
    body: &str,
    reply: &Json,
) -> Result<(), TestCaseError> {
    match exchange.receive(client, status, &JsonText(body), NOW_MS) {
        Ok(Outcome::Challenge { generation }) => {
            if let Err(error) = exchange.respond(generation, input_of(reply)) {
                prop_assert!(
                    matches!(error, Error::InvalidParameter(_) | Error::InvalidState(_)),
                    "{error}"
                );
                assert_no_password(&error)?;
            }
        }
        Ok(_) => {}
        Err(error) => assert_answer_error(&error)?,
    }
    Ok(())
}

fn statuses() -> impl Strategy<Value = u16> {
    prop_oneof![8 => Just(200u16), 1 => Just(400u16), 1 => Just(500u16), 1 => Just(0u16), 1 => any::<u16>()]
}

proptest! {
    // The case count from PROPTEST_CASES (proptest's default config reads it); a failing case is
    // printed, not stored (an integration test has no source file proptest can find).
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    /// Any text as a 2xx answer of every operation, and as an error answer.
    #[test]
    fn answers_as_any_text(text in answer_text(), status in 300u16..600) {
        let body = JsonText(&text);
        for result in [
            decode_auth_output(&body).map(drop),
            decode_answer::<ListDevicesOutput, _>(&body).map(drop),
            decode_answer::<ConfirmDeviceOutput, _>(&body).map(drop),
            decode_answer::<AssociateSoftwareTokenOutput, _>(&body).map(drop),
            decode_answer::<VerifySoftwareTokenOutput, _>(&body).map(drop),
        ] {
            if let Err(error) = result {
                prop_assert!(matches!(error, Error::Protocol { .. }), "{error}");
            }
        }
        let error = decode_service_error(status, &body);
        prop_assert!(matches!(error, Error::Service { .. } | Error::Protocol { .. }), "{error}");
        prop_assert!(error.name().len() <= 64, "{}", error.name().len());
    }

    /// Answers of Cognito's shape drive a sign-in (with a password, or with SRP now and then):
    /// the first answer, the answer to whatever challenge it shows, and the next answer.
    #[test]
    fn answers_drive_a_sign_in(
        srp in prop::bool::weighted(0.1),
        first in answer_text(),
        first_status in statuses(),
        reply in json(),
        second in answer_text(),
        second_status in statuses(),
    ) {
        let mut client = Client::new(input(CONFIG)).expect("the config");
        let flow = if srp { "USER_SRP_AUTH" } else { "USER_PASSWORD_AUTH" };
        let sign_in = format!(r#"{{"username":"alice","password":"{PASSWORD}","flow":"{flow}"}}"#);
        let mut exchange = client.sign_in(input(&sign_in));
        let started = exchange.start(&mut client, None);
        prop_assert!(matches!(started, Ok(Outcome::Send { .. })), "the sign-in starts");
        step(&mut client, &mut exchange, first_status, &first, &reply)?;
        step(&mut client, &mut exchange, second_status, &second, &reply)?;
    }

    /// `PASSWORD_VERIFIER`'s parameters, as `SrpHelper.passwordVerifier` takes them from a
    /// caller: bad `SRP_B` (0, N, 2N, not hex, too long), `SALT` and `SECRET_BLOCK`.
    #[test]
    fn password_verifier_parameters(
        parameters in prop::collection::vec(
            (prop::sample::select(&PARAMETERS[..5]), text()),
            0..6,
        ),
        timestamp in text(),
    ) {
        thread_local! {
            static SRP: SrpClient = SrpClient::from_secret(&[7; 128]).expect("a fixed secret");
        }
        let parameters: Params = parameters.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        let result = SRP.with(|srp| {
            password_verifier_responses(srp, "FuzzPool", &parameters, PASSWORD, timestamp)
        });
        if let Err(error) = result {
            prop_assert!(matches!(error, Error::Protocol { .. } | Error::Crypto(_)), "{error}");
            assert_no_password(&error)?;
        }
    }

    /// A stored session (or device) blob: any text, or an object of the blob's members with values of any
    /// type. A `Session` within the bounds or a `StorageError` with one fixed message (never a
    /// token); a session written by the core reads back the same.
    #[test]
    fn stored_session_blobs(
        text in answer_text(),
        members in prop::collection::vec(
            (
                prop::sample::select(vec![
                    "v", "username", "idToken", "accessToken", "refreshToken", "expiresAt",
                    "deviceKey", "deviceGroupKey", "devicePassword",
                ]),
                prop_oneof![stringish(), json(), (0u64..3).prop_map(Json::from)],
            ),
            0..10,
        ),
        expires_at in any::<u64>(),
        token in "[A-Za-z0-9._-]{1,64}",
    ) {
        let object: Map<String, Json> = members
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect();
        let object = Json::Object(object).to_string();
        for blob in [text.as_str(), object.as_str()] {
            match Session::from_stored(&JsonText(blob)) {
                Ok(session) => {
                    prop_assert_eq!(session.v, 1);
                    prop_assert!(!session.refresh_token.is_empty());
                    prop_assert!(session.refresh_token.len() <= cognito_core::session::MAX_TOKEN_BYTES);
                }
                Err(error) => {
                    prop_assert!(matches!(error, Error::Storage(_)), "{error}");
                    prop_assert_eq!(error.message(), "the stored session is unreadable");
                }
            }
            match StoredDevice::from_stored(&JsonText(blob)) {
                Ok(device) => prop_assert!(!device.device_password.is_empty()),
                Err(error) => {
                    prop_assert!(matches!(error, Error::Storage(_)), "{error}");
                    prop_assert_eq!(error.message(), "the stored device is unreadable");
                }
            }
        }
        let written = serde_json::json!({
            "v": 1, "username": "u", "idToken": token, "accessToken": token,
            "refreshToken": token, "expiresAt": expires_at,
        })
        .to_string();
        match Session::from_stored(&JsonText(&written)) {
            Ok(session) => {
                prop_assert_eq!(&session.refresh_token, &token);
                prop_assert_eq!(session.expires_at, expires_at);
                let again = serde_json::to_string(&session).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(Session::from_stored(&JsonText(&again)).ok(), Some(session));
            }
            Err(_) => prop_assert!(expires_at > 253_402_300_799_000),
        }
    }

    /// The `username` claim of an access token: any token, or a token over any JSON payload.
    #[test]
    fn token_payloads(token in token(), username in any::<String>()) {
        let token = match token {
            Json::String(token) => token,
            other => jwt(&other.to_string()),
        };
        let _ = token_username(&token, &JsonText(""));
        let named = jwt(&serde_json::json!({"username": username, "exp": 1}).to_string());
        prop_assert_eq!(token_username(&named, &JsonText("")), Some(username));
    }

    /// A caller's objects, of any members, read by every input reader: a value or an
    /// `InvalidParameterError` that never holds the password.
    #[test]
    fn caller_inputs(
        members in prop::collection::vec(
            (
                prop::sample::select(&[
                    "username", "password", "flow", "clientMetadata", "code", "mfaType",
                    "newPassword", "attributes", "answer", "userPoolId", "clientId",
                    "clientSecret", "region", "endpoint", "timeoutMs", "deviceName",
                    "challengeParameters", "timestamp", "friendlyDeviceName", "email", "other",
                    "validationData", "previousPassword", "proposedPassword", "attributeName",
                    "attributeNames", "totp", "sms",
                ][..]),
                prop_oneof![4 => json(), 1 => Just(Json::from(PASSWORD)), 1 => big_object()],
            ),
            0..10,
        ),
        not_object in json(),
    ) {
        let object = Json::Object(members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect());
        for value in [&object, &not_object] {
            let Ok(fields) = serde_json::from_value::<Input<Members>>(value.clone()) else {
                continue; // Over a bound: the wasm shell refuses it before reading.
            };
            let mut errors = Vec::new();
            let again = || input_of(value);
            errors.push(read_sign_in_input(fields).err());
            errors.push(read_config(again()).err());
            errors.push(read_password_verifier_input(again()).err());
            errors.push(read_verify_totp_input(again()).err());
            errors.push(read_setup_email_input(again()).err());
            for kind in [ChallengeKind::SoftwareTokenMfa, ChallengeKind::CustomChallenge, ChallengeKind::Other] {
                errors.push(read_answer(&kind, again()).err());
            }
            errors.push(Client::new(again()).err());
            for call in ACCOUNT_CALLS {
                errors.push(read_account_input(call, again()).err());
            }
            for error in errors.into_iter().flatten() {
                prop_assert!(matches!(error, Error::InvalidParameter(_)), "{error}");
                assert_no_password(&error)?;
            }
        }
    }
}
