//! The Cognito operations this client calls.

/// A Cognito Identity Provider operation, named as in the API reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    InitiateAuth,
    RespondToAuthChallenge,
    AssociateSoftwareToken,
    VerifySoftwareToken,
    ConfirmDevice,
    UpdateDeviceStatus,
    ForgetDevice,
    ListDevices,
    SignUp,
    ConfirmSignUp,
    ResendConfirmationCode,
    ForgotPassword,
    ConfirmForgotPassword,
    GetTokensFromRefreshToken,
    RevokeToken,
    GlobalSignOut,
    ChangePassword,
    GetUser,
    DeleteUser,
    UpdateUserAttributes,
    GetUserAttributeVerificationCode,
    VerifyUserAttribute,
    DeleteUserAttributes,
    SetUserMFAPreference,
}

/// What every `X-Amz-Target` starts with.
const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

impl Operation {
    /// The operation's name in the API reference: its target without the service prefix.
    #[must_use]
    pub fn name(self) -> &'static str {
        self.target().get(TARGET_PREFIX.len()..).unwrap_or_default()
    }

    /// The `X-Amz-Target` header value: `AWSCognitoIdentityProviderService.<Operation>`.
    #[must_use]
    pub fn target(self) -> &'static str {
        match self {
            Operation::InitiateAuth => "AWSCognitoIdentityProviderService.InitiateAuth",
            Operation::RespondToAuthChallenge => {
                "AWSCognitoIdentityProviderService.RespondToAuthChallenge"
            }
            Operation::AssociateSoftwareToken => {
                "AWSCognitoIdentityProviderService.AssociateSoftwareToken"
            }
            Operation::VerifySoftwareToken => {
                "AWSCognitoIdentityProviderService.VerifySoftwareToken"
            }
            Operation::ConfirmDevice => "AWSCognitoIdentityProviderService.ConfirmDevice",
            Operation::UpdateDeviceStatus => "AWSCognitoIdentityProviderService.UpdateDeviceStatus",
            Operation::ForgetDevice => "AWSCognitoIdentityProviderService.ForgetDevice",
            Operation::ListDevices => "AWSCognitoIdentityProviderService.ListDevices",
            Operation::SignUp => "AWSCognitoIdentityProviderService.SignUp",
            Operation::ConfirmSignUp => "AWSCognitoIdentityProviderService.ConfirmSignUp",
            Operation::ResendConfirmationCode => {
                "AWSCognitoIdentityProviderService.ResendConfirmationCode"
            }
            Operation::ForgotPassword => "AWSCognitoIdentityProviderService.ForgotPassword",
            Operation::ConfirmForgotPassword => {
                "AWSCognitoIdentityProviderService.ConfirmForgotPassword"
            }
            Operation::GetTokensFromRefreshToken => {
                "AWSCognitoIdentityProviderService.GetTokensFromRefreshToken"
            }
            Operation::RevokeToken => "AWSCognitoIdentityProviderService.RevokeToken",
            Operation::GlobalSignOut => "AWSCognitoIdentityProviderService.GlobalSignOut",
            Operation::ChangePassword => "AWSCognitoIdentityProviderService.ChangePassword",
            Operation::GetUser => "AWSCognitoIdentityProviderService.GetUser",
            Operation::DeleteUser => "AWSCognitoIdentityProviderService.DeleteUser",
            Operation::UpdateUserAttributes => {
                "AWSCognitoIdentityProviderService.UpdateUserAttributes"
            }
            Operation::GetUserAttributeVerificationCode => {
                "AWSCognitoIdentityProviderService.GetUserAttributeVerificationCode"
            }
            Operation::VerifyUserAttribute => {
                "AWSCognitoIdentityProviderService.VerifyUserAttribute"
            }
            Operation::DeleteUserAttributes => {
                "AWSCognitoIdentityProviderService.DeleteUserAttributes"
            }
            Operation::SetUserMFAPreference => {
                "AWSCognitoIdentityProviderService.SetUserMFAPreference"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_is_service_prefix_dot_operation_name() {
        for op in [
            Operation::InitiateAuth,
            Operation::RespondToAuthChallenge,
            Operation::AssociateSoftwareToken,
            Operation::VerifySoftwareToken,
            Operation::ConfirmDevice,
            Operation::UpdateDeviceStatus,
            Operation::ForgetDevice,
            Operation::ListDevices,
            Operation::SignUp,
            Operation::ConfirmSignUp,
            Operation::ResendConfirmationCode,
            Operation::ForgotPassword,
            Operation::ConfirmForgotPassword,
            Operation::GetTokensFromRefreshToken,
            Operation::RevokeToken,
            Operation::GlobalSignOut,
            Operation::ChangePassword,
            Operation::GetUser,
            Operation::DeleteUser,
            Operation::UpdateUserAttributes,
            Operation::GetUserAttributeVerificationCode,
            Operation::VerifyUserAttribute,
            Operation::DeleteUserAttributes,
            Operation::SetUserMFAPreference,
        ] {
            assert_eq!(
                op.target(),
                format!("AWSCognitoIdentityProviderService.{}", op.name())
            );
            assert!(!op.name().is_empty() && !op.name().contains('.'));
        }
    }
}
