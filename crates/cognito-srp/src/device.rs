//! Device tracking: the `DeviceSecretVerifierConfig` that `ConfirmDevice` registers.

use alloc::string::String;

use super::base64;
use zeroize::Zeroizing;

use super::{
    client::{compute_verifier, compute_x},
    pad::pad_hex,
    RandomSource, SrpError,
};

/// Random bytes behind a device password (sent base64-encoded: 56 characters).
const DEVICE_PASSWORD_BYTES: usize = 40;
/// Random bytes of a device salt.
const DEVICE_SALT_BYTES: usize = 16;

/// What to keep and what to send after a login returned `NewDeviceMetadata`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceVerifierConfig {
    /// The device password (base64 of 40 random bytes): store it with `DeviceKey` and
    /// `DeviceGroupKey`; it answers `DEVICE_PASSWORD_VERIFIER` later. A secret.
    pub device_password: String,
    /// `DeviceSecretVerifierConfig.PasswordVerifier = base64(padHex(v))`, `v = g^x mod N`.
    pub password_verifier_b64: String,
    /// `DeviceSecretVerifierConfig.Salt = base64(padHex(salt))`.
    pub salt_b64: String,
}

/// Makes a device password and salt, and the verifier `ConfirmDevice` registers:
/// `x = H(padHex(salt) | H(DeviceGroupKey | DeviceKey | ":" | devicePassword))`, `v = g^x`.
///
/// Draws 40 bytes (password), then 16 bytes (salt) from `rng`, in the official client's order.
///
/// # Errors
/// [`SrpError::Random`] if `rng` fails.
pub fn device_verifier(
    device_group_key: &str,
    device_key: &str,
    rng: &mut dyn RandomSource,
) -> Result<DeviceVerifierConfig, SrpError> {
    let mut password_bytes = Zeroizing::new([0u8; DEVICE_PASSWORD_BYTES]);
    rng.fill(password_bytes.as_mut_slice())?;
    let device_password = base64::encode(password_bytes.as_slice());

    let mut salt = [0u8; DEVICE_SALT_BYTES];
    rng.fill(&mut salt)?;

    let x = compute_x(device_group_key, device_key, &device_password, &salt);
    let verifier = compute_verifier(&x)?;
    Ok(DeviceVerifierConfig {
        device_password,
        password_verifier_b64: base64::encode(&pad_hex(verifier.as_be_bytes())),
        salt_b64: base64::encode(&pad_hex(&salt)),
    })
}
