//! The answer to `PASSWORD_VERIFIER` and `DEVICE_PASSWORD_VERIFIER`: the signed claim.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use super::base64::{self, Alphabet};
use super::{hash::hmac_sha256, SrpClient, SrpError};

/// What the challenge brought, plus the password, for one claim.
///
/// For `PASSWORD_VERIFIER`: `realm` = pool name (user-pool id after `_`), `user_id` =
/// `USER_ID_FOR_SRP`, the user's password. For `DEVICE_PASSWORD_VERIFIER`: `realm` =
/// `DeviceGroupKey`, `user_id` = `DeviceKey`, the stored device password.
#[derive(Clone, Copy)]
pub struct ClaimInput<'a> {
    /// Pool name or `DeviceGroupKey`.
    pub realm: &'a str,
    /// `USER_ID_FOR_SRP` or `DeviceKey`.
    pub user_id: &'a str,
    /// The user's password or the device password.
    pub password: &'a str,
    /// `SALT` from the challenge (hex).
    pub salt_hex: &'a str,
    /// `SRP_B` from the challenge (hex).
    pub srp_b_hex: &'a str,
    /// `SECRET_BLOCK` from the challenge (base64, opaque).
    pub secret_block_b64: &'a str,
    /// `TIMESTAMP` to send, from [`format_timestamp`](super::format_timestamp).
    pub timestamp: &'a str,
}

impl fmt::Debug for ClaimInput<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClaimInput")
            .field("realm", &self.realm)
            .field("user_id", &self.user_id)
            .field("password", &"<redacted>")
            .field("salt_hex", &self.salt_hex)
            .field("srp_b_hex", &self.srp_b_hex)
            .field("timestamp", &self.timestamp)
            .finish_non_exhaustive()
    }
}

/// `PASSWORD_CLAIM_SIGNATURE`, to send with `PASSWORD_CLAIM_SECRET_BLOCK` (unchanged),
/// `TIMESTAMP` (the one signed) and `USERNAME = USER_ID_FOR_SRP`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordClaim {
    /// `base64(HMAC(key, realm | userId | base64decode(SECRET_BLOCK) | TIMESTAMP))`
    pub signature_b64: String,
}

impl SrpClient {
    /// Answers `PASSWORD_VERIFIER` (pool name, `USER_ID_FOR_SRP`, password) and
    /// `DEVICE_PASSWORD_VERIFIER` (`DeviceGroupKey`, `DeviceKey`, device password): same maths.
    ///
    /// # Errors
    /// [`SrpError::InvalidHex`] for a malformed `SALT` or `SRP_B`,
    /// [`SrpError::InvalidBase64`] for a malformed `SECRET_BLOCK`,
    /// [`SrpError::InvalidServerB`] if `B mod N == 0`, [`SrpError::InvalidU`] if `u == 0`.
    pub fn password_claim(&self, input: &ClaimInput<'_>) -> Result<PasswordClaim, SrpError> {
        let secret_block = decode_secret_block(input.secret_block_b64)?;
        let secrets = self.claim_secrets(input)?;
        Ok(PasswordClaim {
            signature_b64: compute_signature(
                secrets.key.as_slice(),
                input.realm,
                input.user_id,
                &secret_block,
                input.timestamp,
            ),
        })
    }
}

/// `SECRET_BLOCK` is opaque base64; Cognito pads it, but padding is not required here.
fn decode_secret_block(secret_block_b64: &str) -> Result<Vec<u8>, SrpError> {
    base64::decode(secret_block_b64, Alphabet::Standard)
        .ok_or(SrpError::InvalidBase64("SECRET_BLOCK"))
}

/// `base64(HMAC(key, realm | userId | secretBlock | timestamp))`
#[must_use]
pub fn compute_signature(
    key: &[u8],
    realm: &str,
    user_id: &str,
    secret_block: &[u8],
    timestamp: &str,
) -> String {
    let mac = hmac_sha256(
        key,
        &[
            realm.as_bytes(),
            user_id.as_bytes(),
            secret_block,
            timestamp.as_bytes(),
        ],
    );
    base64::encode(&mac)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn malformed_secret_block_is_an_error_naming_the_field() {
        let client = SrpClient::from_secret(&[9; 128]).unwrap();
        let input = ClaimInput {
            realm: "pool",
            user_id: "user",
            password: "pw",
            salt_hex: "01",
            srp_b_hex: "02",
            secret_block_b64: "not base64!",
            timestamp: "Thu Jan 1 00:00:00 UTC 1970",
        };
        assert_eq!(
            client.password_claim(&input),
            Err(SrpError::InvalidBase64("SECRET_BLOCK"))
        );
    }

    #[test]
    fn secret_block_padding_is_optional() {
        assert_eq!(decode_secret_block("AAE=").unwrap(), [0, 1]);
        assert_eq!(decode_secret_block("AAE").unwrap(), [0, 1]);
    }

    #[test]
    fn debug_output_hides_the_password() {
        let input = ClaimInput {
            realm: "pool",
            user_id: "user",
            password: "correct horse",
            salt_hex: "01",
            srp_b_hex: "02",
            secret_block_b64: "AAAA",
            timestamp: "t",
        };
        assert!(!format!("{input:?}").contains("horse"));
    }
}
