//! The string constants of the sign-in protocol, spelled as Cognito spells them.

// AuthFlow values.
pub const USER_SRP_AUTH: &str = "USER_SRP_AUTH";
pub const USER_PASSWORD_AUTH: &str = "USER_PASSWORD_AUTH";
pub const CUSTOM_AUTH: &str = "CUSTOM_AUTH";

// Challenge names.
/// The SRP challenge that follows `USER_SRP_AUTH` and that the client answers by itself.
pub const PASSWORD_VERIFIER: &str = "PASSWORD_VERIFIER";
pub const SMS_MFA: &str = "SMS_MFA";
pub const EMAIL_OTP: &str = "EMAIL_OTP";
pub const SOFTWARE_TOKEN_MFA: &str = "SOFTWARE_TOKEN_MFA";
pub const SELECT_MFA_TYPE: &str = "SELECT_MFA_TYPE";
pub const NEW_PASSWORD_REQUIRED: &str = "NEW_PASSWORD_REQUIRED";
pub const CUSTOM_CHALLENGE: &str = "CUSTOM_CHALLENGE";
pub const MFA_SETUP: &str = "MFA_SETUP";
/// The device challenges that follow `PASSWORD_VERIFIER` for a known device; the client answers
/// them by itself.
pub const DEVICE_SRP_AUTH: &str = "DEVICE_SRP_AUTH";
pub const DEVICE_PASSWORD_VERIFIER: &str = "DEVICE_PASSWORD_VERIFIER";

// Keys of AuthParameters, ChallengeParameters and ChallengeResponses.
pub const USERNAME: &str = "USERNAME";
pub const PASSWORD: &str = "PASSWORD";
pub const CHALLENGE_NAME: &str = "CHALLENGE_NAME";
pub const SRP_A: &str = "SRP_A";
pub const DEVICE_KEY: &str = "DEVICE_KEY";
pub const SECRET_HASH: &str = "SECRET_HASH";
pub const SALT: &str = "SALT";
pub const SRP_B: &str = "SRP_B";
pub const SECRET_BLOCK: &str = "SECRET_BLOCK";
pub const USER_ID_FOR_SRP: &str = "USER_ID_FOR_SRP";
pub const PASSWORD_CLAIM_SECRET_BLOCK: &str = "PASSWORD_CLAIM_SECRET_BLOCK";
pub const PASSWORD_CLAIM_SIGNATURE: &str = "PASSWORD_CLAIM_SIGNATURE";
pub const TIMESTAMP: &str = "TIMESTAMP";
pub const CODE_DELIVERY_DESTINATION: &str = "CODE_DELIVERY_DESTINATION";
pub const CODE_DELIVERY_DELIVERY_MEDIUM: &str = "CODE_DELIVERY_DELIVERY_MEDIUM";
pub const SMS_MFA_CODE: &str = "SMS_MFA_CODE";
pub const EMAIL_OTP_CODE: &str = "EMAIL_OTP_CODE";
/// The address an `MFA_SETUP` answer sets email MFA up with.
pub const EMAIL: &str = "EMAIL";
pub const SOFTWARE_TOKEN_MFA_CODE: &str = "SOFTWARE_TOKEN_MFA_CODE";
pub const MFAS_CAN_CHOOSE: &str = "MFAS_CAN_CHOOSE";
pub const MFAS_CAN_SETUP: &str = "MFAS_CAN_SETUP";
pub const ANSWER: &str = "ANSWER";
pub const NEW_PASSWORD: &str = "NEW_PASSWORD";
/// `NEW_PASSWORD_REQUIRED`'s parameters (JSON strings) and the prefix of attribute names in them
/// and in the answer.
pub const USER_ATTRIBUTES: &str = "userAttributes";
pub const REQUIRED_ATTRIBUTES: &str = "requiredAttributes";
pub const USER_ATTRIBUTES_PREFIX: &str = "userAttributes.";
