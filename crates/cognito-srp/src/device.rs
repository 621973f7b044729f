//! Device tracking: the `DeviceSecretVerifierConfig` that `ConfirmDevice` registers.

use alloc::string::String;
use core::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::{
    base64,
    client::{compute_verifier, compute_x},
    pad::pad_hex,
    random::fill_checked,
    RandomSource, SrpError,
};

/// Random bytes behind a device password (sent base64-encoded: 56 characters).
const DEVICE_PASSWORD_BYTES: usize = 40;
/// Random bytes of a device salt.
const DEVICE_SALT_BYTES: usize = 16;

/// What to keep and what to send after a login returned `NewDeviceMetadata` (wiped when
/// dropped: it holds the device password).
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct DeviceVerifierConfig {
    /// The device password (base64 of 40 random bytes): store it with `DeviceKey` and
    /// `DeviceGroupKey`; it answers `DEVICE_PASSWORD_VERIFIER` later. A secret.
    pub device_password: String,
    /// `DeviceSecretVerifierConfig.PasswordVerifier = base64(padHex(v))`, `v = g^x mod N`.
    pub password_verifier_b64: String,
    /// `DeviceSecretVerifierConfig.Salt = base64(padHex(salt))`.
    pub salt_b64: String,
}

impl fmt::Debug for DeviceVerifierConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceVerifierConfig")
            .field("password_verifier_b64", &self.password_verifier_b64)
            .field("salt_b64", &self.salt_b64)
            .finish_non_exhaustive()
    }
}

/// Makes a device password and salt, and the verifier `ConfirmDevice` registers:
/// `x = H(padHex(salt) | H(DeviceGroupKey | DeviceKey | ":" | devicePassword))`, `v = g^x`.
///
/// Draws 40 bytes (password), then 16 bytes (salt) from `rng`, in the official client's order.
///
/// # Errors
/// [`SrpError::Random`] if `rng` fails or either draw has all bytes equal.
pub fn device_verifier(
    device_group_key: &str,
    device_key: &str,
    rng: &mut dyn RandomSource,
) -> Result<DeviceVerifierConfig, SrpError> {
    let mut password_bytes = Zeroizing::new([0u8; DEVICE_PASSWORD_BYTES]);
    fill_checked(rng, password_bytes.as_mut_slice())?;
    let device_password = Zeroizing::new(base64::encode(password_bytes.as_slice()));

    let mut salt = [0u8; DEVICE_SALT_BYTES];
    fill_checked(rng, &mut salt)?;

    let x = compute_x(device_group_key, device_key, &device_password, &salt);
    let verifier = compute_verifier(&x)?;
    Ok(DeviceVerifierConfig {
        device_password: String::clone(&device_password),
        password_verifier_b64: base64::encode(&pad_hex(verifier.as_be_bytes())),
        salt_b64: base64::encode(&pad_hex(&salt)),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Hands out `draws` in turn, then fails.
    struct Draws(alloc::vec::Vec<u8>);

    impl RandomSource for Draws {
        fn fill(&mut self, buf: &mut [u8]) -> Result<(), SrpError> {
            let value = self.0.pop().ok_or(SrpError::Random)?;
            buf.fill(value);
            Ok(())
        }
    }

    /// Counts up from `start`, byte by byte.
    struct Counting(u8);

    impl RandomSource for Counting {
        fn fill(&mut self, buf: &mut [u8]) -> Result<(), SrpError> {
            for byte in buf {
                *byte = self.0;
                self.0 = self.0.wrapping_add(1);
            }
            Ok(())
        }
    }

    #[test]
    fn constant_random_output_makes_no_device_password() {
        for value in [0x00, 0x07] {
            assert_eq!(
                device_verifier("-grp", "us-east-1_dev", &mut Draws(vec![value])).err(),
                Some(SrpError::Random)
            );
        }
    }

    #[test]
    fn constant_salt_is_refused_too() {
        struct PasswordThenZeros(bool);
        impl RandomSource for PasswordThenZeros {
            fn fill(&mut self, buf: &mut [u8]) -> Result<(), SrpError> {
                buf.fill(0);
                if !core::mem::replace(&mut self.0, true) {
                    buf[0] = 1;
                }
                Ok(())
            }
        }
        assert_eq!(
            device_verifier("-grp", "us-east-1_dev", &mut PasswordThenZeros(false)).err(),
            Some(SrpError::Random)
        );
    }

    #[test]
    fn debug_output_hides_the_device_password() {
        let config = device_verifier("-grp", "us-east-1_dev", &mut Counting(1)).unwrap();
        let shown = format!("{config:?}");
        assert!(!shown.contains(&config.device_password));
        assert!(shown.contains(&config.salt_b64));
    }
}
