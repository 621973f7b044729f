//! The raw layer: Cognito's own input and output objects, passed through.
//!
//! For callers who drive Cognito themselves, the client only completes what it knows from its
//! configuration: `ClientId` when absent and, for an app client with a secret, `SECRET_HASH`
//! when the parameters name a `USERNAME` and carry no hash. The input is any JSON-shaped value
//! ([`AnyValue`]) and is sent as it came otherwise; Cognito's answer is only checked to be an
//! object ([`crate::value::AnyObject`], in the exchange) and goes back to the caller unchanged.

use alloc::borrow::ToOwned;

use crate::config::Config;
use crate::error::Error;
use crate::protocol::names::{SECRET_HASH, USERNAME};
use crate::protocol::Operation;
use crate::srp::secret_hash;
use crate::value::AnyValue;

/// Completes a caller's input object for `operation`.
pub fn complete_input(
    operation: Operation,
    mut input: AnyValue,
    config: &Config,
) -> Result<AnyValue, Error> {
    if !matches!(input, AnyValue::Object(_)) {
        return Err(Error::InvalidParameter(
            ["the ", operation.name(), " input must be an object"]
                .concat()
                .into(),
        ));
    }
    let client_id = match input.get("ClientId") {
        None | Some(AnyValue::Null) => {
            input.insert("ClientId", config.client_id().into());
            config.client_id().to_owned()
        }
        Some(AnyValue::Str(client_id)) => client_id.as_str().to_owned(),
        Some(_) => {
            return Err(Error::InvalidParameter(
                "ClientId, when given, must be a string".into(),
            ))
        }
    };
    // The configured secret belongs to the configured app client only.
    if let (Some(secret), true) = (config.client_secret(), client_id == config.client_id()) {
        let parameters_key = match operation {
            Operation::InitiateAuth => Some("AuthParameters"),
            Operation::RespondToAuthChallenge => Some("ChallengeResponses"),
            // None of these carries a SECRET_HASH.
            Operation::AssociateSoftwareToken
            | Operation::VerifySoftwareToken
            | Operation::ConfirmDevice
            | Operation::UpdateDeviceStatus
            | Operation::ForgetDevice
            | Operation::ListDevices
            | Operation::SignUp
            | Operation::ConfirmSignUp
            | Operation::ResendConfirmationCode
            | Operation::ForgotPassword
            | Operation::ConfirmForgotPassword
            | Operation::GetTokensFromRefreshToken
            | Operation::RevokeToken
            | Operation::GlobalSignOut
            | Operation::ChangePassword
            | Operation::GetUser
            | Operation::DeleteUser
            | Operation::UpdateUserAttributes
            | Operation::GetUserAttributeVerificationCode
            | Operation::VerifyUserAttribute
            | Operation::DeleteUserAttributes
            | Operation::SetUserMFAPreference => None,
        };
        if let Some(parameters) = parameters_key.and_then(|key| input.get_mut(key)) {
            add_secret_hash(parameters, secret, &client_id);
        }
    }
    Ok(input)
}

fn add_secret_hash(parameters: &mut AnyValue, secret: &str, client_id: &str) {
    if parameters.get(SECRET_HASH).is_some() {
        return;
    }
    if let Some(username) = parameters.get(USERNAME).and_then(AnyValue::as_str) {
        let hash = secret_hash(secret, username, client_id);
        parameters.insert(SECRET_HASH, hash.into());
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use zeroize::Zeroizing;

    use super::*;
    use crate::config::ConfigInput;

    /// `complete_input` over serde_json values.
    fn complete(
        operation: Operation,
        input: serde_json::Value,
        config: &Config,
    ) -> Result<serde_json::Value, Error> {
        let input: AnyValue = serde_json::from_value(input).unwrap();
        let completed = complete_input(operation, input, config)?;
        Ok(serde_json::to_value(&completed).unwrap())
    }

    fn config(secret: Option<&str>) -> Config {
        Config::new(ConfigInput {
            user_pool_id: "us-east-1_Pool1".into(),
            client_id: "client1".into(),
            client_secret: secret.map(|s| Zeroizing::new(s.to_owned())),
            ..ConfigInput::default()
        })
        .unwrap()
    }

    #[test]
    fn client_id_is_filled_in_when_absent() {
        let input = json!({"AuthFlow": "USER_SRP_AUTH", "AuthParameters": {"USERNAME": "a"}});
        let completed = complete(Operation::InitiateAuth, input, &config(None)).unwrap();
        assert_eq!(completed["ClientId"], "client1");
        assert!(completed["AuthParameters"].get(SECRET_HASH).is_none());
    }

    #[test]
    fn a_given_client_id_is_kept() {
        let input = json!({"ClientId": "other", "AuthParameters": {"USERNAME": "a"}});
        let completed = complete(Operation::InitiateAuth, input, &config(Some("sec"))).unwrap();
        assert_eq!(completed["ClientId"], "other");
        assert!(completed["AuthParameters"].get(SECRET_HASH).is_none());
    }

    #[test]
    fn secret_hash_is_added_over_the_given_username() {
        let input = json!({"ChallengeName": "SMS_MFA",
                           "ChallengeResponses": {"USERNAME": "internal-id"}});
        let completed = complete(
            Operation::RespondToAuthChallenge,
            input,
            &config(Some("sec")),
        )
        .unwrap();
        assert_eq!(
            completed["ChallengeResponses"][SECRET_HASH],
            secret_hash("sec", "internal-id", "client1")
        );
    }

    #[test]
    fn a_given_secret_hash_is_kept() {
        let input = json!({"AuthParameters": {"USERNAME": "a", "SECRET_HASH": "mine"}});
        let completed = complete(Operation::InitiateAuth, input, &config(Some("sec"))).unwrap();
        assert_eq!(completed["AuthParameters"][SECRET_HASH], "mine");
    }

    #[test]
    fn input_must_be_an_object_with_a_string_client_id() {
        for input in [json!(null), json!("x"), json!([1]), json!({"ClientId": 5})] {
            let error = complete(Operation::InitiateAuth, input, &config(None)).unwrap_err();
            assert_eq!(error.name(), "InvalidParameterError");
        }
    }
}
