//! The string constants of the sign-in protocol, spelled as Cognito spells them.

/// `AuthFlow` of an SRP sign-in.
pub const USER_SRP_AUTH: &str = "USER_SRP_AUTH";

/// The SRP challenge that follows `USER_SRP_AUTH` and that the client answers by itself.
pub const PASSWORD_VERIFIER: &str = "PASSWORD_VERIFIER";

// Keys of AuthParameters, ChallengeParameters and ChallengeResponses.
pub const USERNAME: &str = "USERNAME";
pub const SRP_A: &str = "SRP_A";
pub const SECRET_HASH: &str = "SECRET_HASH";
pub const SALT: &str = "SALT";
pub const SRP_B: &str = "SRP_B";
pub const SECRET_BLOCK: &str = "SECRET_BLOCK";
pub const USER_ID_FOR_SRP: &str = "USER_ID_FOR_SRP";
pub const PASSWORD_CLAIM_SECRET_BLOCK: &str = "PASSWORD_CLAIM_SECRET_BLOCK";
pub const PASSWORD_CLAIM_SIGNATURE: &str = "PASSWORD_CLAIM_SIGNATURE";
pub const TIMESTAMP: &str = "TIMESTAMP";
