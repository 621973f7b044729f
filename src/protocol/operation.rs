//! The Cognito operations this client calls.

/// A Cognito Identity Provider operation, named as in the API reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    InitiateAuth,
    RespondToAuthChallenge,
}

impl Operation {
    /// The operation's name in the API reference.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Operation::InitiateAuth => "InitiateAuth",
            Operation::RespondToAuthChallenge => "RespondToAuthChallenge",
        }
    }

    /// The `X-Amz-Target` header value: `AWSCognitoIdentityProviderService.<Operation>`.
    #[must_use]
    pub fn target(self) -> &'static str {
        match self {
            Operation::InitiateAuth => "AWSCognitoIdentityProviderService.InitiateAuth",
            Operation::RespondToAuthChallenge => {
                "AWSCognitoIdentityProviderService.RespondToAuthChallenge"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_is_service_prefix_dot_operation_name() {
        for op in [Operation::InitiateAuth, Operation::RespondToAuthChallenge] {
            assert_eq!(
                op.target(),
                format!("AWSCognitoIdentityProviderService.{}", op.name())
            );
        }
    }
}
