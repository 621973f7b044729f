//! Device tracking: confirming a new device, the devices this client remembers, and the device
//! challenges (`DEVICE_SRP_AUTH`, `DEVICE_PASSWORD_VERIFIER`) the client answers by itself.
//!
//! ```text
//! tokens with NewDeviceMetadata ─▶ confirm_device ─ConfirmDevice─▶ DeviceStore::insert
//! next sign-in: DEVICE_KEY in InitiateAuth and PASSWORD_VERIFIER ─▶ DEVICE_SRP_AUTH (right
//!     after the password, or after the user's challenges: a device not remembered gets MFA first)
//!     ─▶ DeviceSrpAuth::respond(fresh SRP) ─▶ SignInState .receive
//!     ─▶ DEVICE_PASSWORD_VERIFIER answer ─▶ SignInState .receive ─▶ SignInStep
//! ```

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

use crate::protocol::Params;

use zeroize::Zeroizing;

use super::sign_in::{
    claim_responses, out_of_turn, Awaiting, Claim, SignInContext, SignInNext, SignInState,
};
use crate::error::Error;
use crate::protocol::device::{ConfirmDeviceRequest, DeviceSecretVerifierConfig};
use crate::protocol::names::{
    DEVICE_KEY, DEVICE_PASSWORD_VERIFIER, DEVICE_SRP_AUTH, SRP_A, USERNAME,
};
use crate::protocol::{AuthOutput, NewDeviceMetadata, RespondToAuthChallengeRequest, WireBody};
use crate::srp::{device_verifier, format_timestamp, RandomSource, SrpClient};
use crate::value::{Members, Value};

/// The exception Cognito answers for a `DEVICE_KEY` it does not know (any more).
const RESOURCE_NOT_FOUND: &str = "ResourceNotFoundException";

/// A confirmed device: what answers `DEVICE_PASSWORD_VERIFIER` on the next sign-ins.
#[derive(Clone, PartialEq, Eq)]
pub struct RememberedDevice {
    pub device_key: String,
    pub device_group_key: String,
    /// The device password registered with `ConfirmDevice` (a secret: zeroized, never logged).
    pub device_password: Zeroizing<String>,
}

impl core::fmt::Debug for RememberedDevice {
    // Hand-written so that the device password never reaches a log.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RememberedDevice")
            .field("device_key", &self.device_key)
            .field("device_group_key", &self.device_group_key)
            .finish_non_exhaustive()
    }
}

/// The devices this client confirmed, one per user, keyed by the internal username (the
/// `username` claim); the name the user typed (an alias) leads to it too.
#[derive(Debug, Default)]
pub struct DeviceStore {
    /// Internal username → device; a client keeps a few at most.
    devices: Vec<(String, RememberedDevice)>,
    /// Typed name → internal username.
    aliases: Params,
}

impl DeviceStore {
    #[must_use]
    pub fn new() -> Self {
        DeviceStore::default()
    }

    /// The device of `username`: an internal username, or a name the user signed in with.
    #[must_use]
    pub fn device_for(&self, username: &str) -> Option<&RememberedDevice> {
        let internal = self.aliases.get(username).map_or(username, String::as_str);
        self.device_of(username)
            .or_else(|| self.device_of(internal))
    }

    fn device_of(&self, internal_username: &str) -> Option<&RememberedDevice> {
        self.devices
            .iter()
            .find(|(username, _)| username == internal_username)
            .map(|(_, device)| device)
    }

    /// Stores `device` for `internal_username`, replacing its previous one; `typed_username`
    /// (what the user typed) leads to it from now on.
    pub fn insert(
        &mut self,
        internal_username: &str,
        typed_username: &str,
        device: RememberedDevice,
    ) {
        if typed_username != internal_username {
            self.aliases
                .insert(typed_username.to_owned(), internal_username.to_owned());
        }
        self.devices
            .retain(|(username, _)| username != internal_username);
        self.devices.push((internal_username.to_owned(), device));
    }

    /// Drops the device with `device_key`, whoever it belongs to.
    pub fn forget(&mut self, device_key: &str) {
        self.devices
            .retain(|(_, device)| device.device_key != device_key);
    }
}

/// The `ConfirmDevice` request for a sign-in whose tokens carried `metadata`, and the device to
/// store once Cognito accepts it: a fresh device password and salt, and the verifier
/// `v = g^x`, `x = H(padHex(salt) | H(DeviceGroupKey | DeviceKey | ":" | devicePassword))`.
pub fn confirm_device(
    access_token: &str,
    metadata: &NewDeviceMetadata,
    device_name: &str,
    rng: &mut dyn RandomSource,
) -> Result<(ConfirmDeviceRequest, RememberedDevice), Error> {
    let verifier = device_verifier(&metadata.device_group_key, &metadata.device_key, rng)?;
    let request = ConfirmDeviceRequest {
        access_token: access_token.to_owned(),
        device_key: metadata.device_key.clone(),
        device_name: device_name.to_owned(),
        device_secret_verifier_config: DeviceSecretVerifierConfig {
            password_verifier: verifier.password_verifier_b64.clone(),
            salt: verifier.salt_b64.clone(),
        },
    };
    let device = RememberedDevice {
        device_key: metadata.device_key.clone(),
        device_group_key: metadata.device_group_key.clone(),
        device_password: Zeroizing::new(verifier.device_password.clone()),
    };
    let mut verifier = verifier;
    zeroize::Zeroize::zeroize(&mut verifier.device_password);
    Ok((request, device))
}

/// The `username` claim of an access token (Cognito's internal username), read without
/// checking the signature: it only names the key the device is stored under. The payload's JSON
/// is read with `json`, the engine of the answer that carried the token.
#[must_use]
pub fn token_username<B: WireBody + ?Sized>(access_token: &str, json: &B) -> Option<String> {
    let (_, rest) =
        access_token.split_at_checked(access_token.bytes().position(|b| b == b'.')? + 1)?;
    let payload = rest.get(..rest.bytes().position(|b| b == b'.').unwrap_or(rest.len()))?;
    let bytes = crate::srp::base64::decode(payload, crate::srp::base64::Alphabet::UrlSafe)?;
    // Read as `Members`, a type the answers' engine already reads; a claim that is there and is
    // not a string makes the payload unreadable, as a typed read would.
    let mut claims: Members = json.decode_text(core::str::from_utf8(&bytes).ok()?).ok()?;
    let mut claim = |name: &str| match claims.take(name) {
        Value::Absent => Some(None),
        Value::Str(mut text) => Some(Some(core::mem::take(&mut *text))),
        _ => None,
    };
    let username = claim("username")?;
    let cognito_username = claim("cognito:username")?;
    username.or(cognito_username)
}

/// Whether `error` says Cognito does not know the device the sign-in named: the device is then
/// forgotten and the sign-in retried once without it.
#[must_use]
pub fn is_unknown_device(error: &Error) -> bool {
    error.name() == RESOURCE_NOT_FOUND
}

/// Cognito asked for `DEVICE_SRP_AUTH`: the device proves itself with a fresh SRP run.
#[derive(Debug)]
pub struct DeviceSrpAuth {
    pub(super) context: SignInContext,
    /// The internal username.
    pub(super) username: String,
    pub(super) device: RememberedDevice,
    pub(super) session: Option<String>,
}

impl DeviceSrpAuth {
    /// Answers `DEVICE_SRP_AUTH` with `USERNAME`, `DEVICE_KEY`, `SRP_A` of `srp` (a fresh run,
    /// never the password's) and `SECRET_HASH` over the internal username.
    #[must_use]
    pub fn respond(self, srp: SrpClient) -> (RespondToAuthChallengeRequest, SignInState) {
        let responses = Params::from([
            (USERNAME.to_owned(), self.username.clone()),
            (DEVICE_KEY.to_owned(), self.device.device_key.clone()),
            (SRP_A.to_owned(), srp.public_a_hex()),
        ]);
        let request =
            self.context
                .respond_request(DEVICE_SRP_AUTH, &self.username, self.session, responses);
        let state = SignInState {
            context: self.context,
            username: self.username,
            device: None,
            awaiting: Awaiting::DevicePasswordVerifier(srp, self.device),
        };
        (request, state)
    }
}

/// Answers `DEVICE_PASSWORD_VERIFIER` at `now_ms` with the device's SRP run `srp`: `USERNAME`,
/// `DEVICE_KEY`, the unchanged `PASSWORD_CLAIM_SECRET_BLOCK`, `TIMESTAMP` and
/// `PASSWORD_CLAIM_SIGNATURE` over `DeviceGroupKey | DeviceKey | SECRET_BLOCK | TIMESTAMP`
/// (realm = `DeviceGroupKey`, user id = `DeviceKey`, the device password). Any other answer is
/// a [`Error::Protocol`].
pub(super) fn answer_device_password_verifier(
    context: SignInContext,
    username: String,
    device: &RememberedDevice,
    srp: &SrpClient,
    output: AuthOutput,
    now_ms: i64,
) -> Result<SignInNext, Error> {
    match output.challenge_name.as_deref() {
        Some(DEVICE_PASSWORD_VERIFIER) => {}
        Some(other) => return Err(out_of_turn(other)),
        None => {
            return Err(Error::protocol(
                "Cognito did not ask for DEVICE_PASSWORD_VERIFIER after DEVICE_SRP_AUTH",
            ))
        }
    }
    let claim = Claim {
        challenge: DEVICE_PASSWORD_VERIFIER,
        realm: &device.device_group_key,
        user_id: Some(&device.device_key),
        password: &device.device_password,
        username: Some(&username),
        device_key: Some(&device.device_key),
    };
    let timestamp = format_timestamp(now_ms.div_euclid(1000));
    let responses = claim_responses(srp, &claim, &output.challenge_parameters, timestamp)?;
    let request = context.respond_request(
        DEVICE_PASSWORD_VERIFIER,
        &username,
        output.session,
        responses,
    );
    let state = SignInState {
        context,
        username,
        device: None,
        awaiting: Awaiting::DeviceSignInResult,
    };
    Ok(SignInNext::Respond { request, state })
}
