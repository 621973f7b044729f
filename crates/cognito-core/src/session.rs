//! A kept session: the blob a client stores, when its tokens are due for a refresh, and which
//! failures of a refresh end it.
//!
//! ```text
//! sign-in with tokens ─▶ Session::signed_in ─▶ storage (a versioned JSON blob, `to_blob`)
//! currentSession ─▶ Session::from_stored (bounded; a corrupt blob is no session) ─▶ due?
//!   ─▶ Client::refresh ─▶ GetTokensFromRefreshToken (InitiateAuth REFRESH_TOKEN_AUTH where the
//!      endpoint does not know it) ─▶ Session::refreshed ─▶ storage
//! ```
//!
//! The blob is `{"v":1,"username","idToken","accessToken","refreshToken","expiresAt",
//! "deviceKey"?}`: `username` is the internal one (the access token's claim), `expiresAt` the
//! milliseconds since the epoch when the ID and access tokens expire (Cognito gives both one
//! `ExpiresIn`).

use alloc::string::String;

use serde::Serialize;
use zeroize::Zeroize;

use crate::error::Error;
use crate::flow::RememberedDevice;
use crate::protocol::{AuthenticationResult, WireBody};
use crate::value::{Members, Value};

/// The version of the stored blob this client writes and reads.
pub const SESSION_VERSION: u32 = 1;

/// The longest stored blob read, in UTF-16 units (what a JavaScript string's `length` counts);
/// a longer one is no session, removed unread.
pub const MAX_BLOB_CHARS: usize = 64 * 1024;

/// The longest token kept (Cognito's are a few kB).
pub const MAX_TOKEN_BYTES: usize = 16 * 1024;

/// The longest username or device key kept.
pub const MAX_NAME_BYTES: usize = 512;

/// The latest `expiresAt` read: the year 9999, far inside JavaScript's safe integers.
const MAX_EXPIRES_AT_MS: u64 = 253_402_300_799_000;

/// The one message of an unreadable blob: never the deserializer's, which may quote a token.
const UNREADABLE: &str = "the stored session is unreadable";

/// The names of the errors that mean Cognito refused the refresh token: only these end a
/// session (network errors, timeouts, throttling and 5xx keep it).
const REFUSED: [&str; 2] = ["NotAuthorizedException", "RefreshTokenReuseException"];

/// The error of an endpoint that does not know an operation: a refresh then falls back to
/// `InitiateAuth` `REFRESH_TOKEN_AUTH`.
const UNKNOWN_OPERATION: &str = "UnknownOperationException";

/// A signed-in user's tokens as kept across reloads. The tokens are wiped on drop and never in
/// `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub v: u32,
    /// The internal username (the access token's `username` claim).
    pub username: String,
    pub id_token: String,
    pub access_token: String,
    pub refresh_token: String,
    /// When the ID and access tokens expire, in milliseconds since the epoch.
    pub expires_at: u64,
    /// The device the tokens are bound to, when the pool tracks devices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_key: Option<String>,
}

impl Drop for Session {
    fn drop(&mut self) {
        self.id_token.zeroize();
        self.access_token.zeroize();
        self.refresh_token.zeroize();
    }
}

impl core::fmt::Debug for Session {
    // Hand-written so that tokens never reach a log.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Session")
            .field("username", &self.username)
            .field("expires_at", &self.expires_at)
            .field("device_key", &self.device_key)
            .finish_non_exhaustive()
    }
}

/// `expires_in` seconds after `now_ms`.
fn expiry(now_ms: i64, expires_in: u32) -> u64 {
    u64::try_from(now_ms)
        .unwrap_or(0)
        .saturating_add(u64::from(expires_in).saturating_mul(1000))
        .min(MAX_EXPIRES_AT_MS)
}

impl Session {
    /// The session a sign-in's `tokens` start for the internal `username`, received at
    /// `now_ms`; `None` without a refresh token (nothing to keep).
    #[must_use]
    pub fn signed_in(
        tokens: &AuthenticationResult,
        username: String,
        device_key: Option<String>,
        now_ms: i64,
    ) -> Option<Session> {
        Some(Session {
            v: SESSION_VERSION,
            username,
            id_token: tokens.id_token.clone(),
            access_token: tokens.access_token.clone(),
            refresh_token: tokens.refresh_token.clone()?,
            expires_at: expiry(now_ms, tokens.expires_in),
            device_key,
        })
    }

    /// This session with a refresh's `tokens`, received at `now_ms`: the new refresh token when
    /// Cognito rotated it, else the one kept.
    #[must_use]
    pub fn refreshed(&self, tokens: &AuthenticationResult, now_ms: i64) -> Session {
        Session {
            v: SESSION_VERSION,
            username: self.username.clone(),
            id_token: tokens.id_token.clone(),
            access_token: tokens.access_token.clone(),
            refresh_token: tokens
                .refresh_token
                .clone()
                .unwrap_or_else(|| self.refresh_token.clone()),
            expires_at: expiry(now_ms, tokens.expires_in),
            device_key: self.device_key.clone(),
        }
    }

    /// Reads a stored blob (parsed by the caller's JSON engine into `body`): the version this
    /// client writes, every member of its type and within the bounds, else an
    /// [`Error::Storage`] that quotes nothing.
    pub fn from_stored<B: WireBody + ?Sized>(body: &B) -> Result<Session, Error> {
        read_session(body).ok_or_else(|| Error::Storage(UNREADABLE.into()))
    }

    /// Whether the tokens expire within `margin_seconds` of `now_ms` (or have expired).
    #[must_use]
    pub fn due(&self, now_ms: i64, margin_seconds: u32) -> bool {
        let now = u64::try_from(now_ms).unwrap_or(0);
        self.expires_at <= now.saturating_add(u64::from(margin_seconds).saturating_mul(1000))
    }

    /// The tokens as a sign-in shows them (`{ idToken, accessToken, refreshToken, expiresIn,
    /// tokenType }`), `expiresIn` counted from `now_ms`.
    #[must_use]
    pub fn tokens(&self, now_ms: i64) -> AuthenticationResult {
        let now = u64::try_from(now_ms).unwrap_or(0);
        let left = self.expires_at.saturating_sub(now) / 1000;
        AuthenticationResult {
            id_token: self.id_token.clone(),
            access_token: self.access_token.clone(),
            refresh_token: Some(self.refresh_token.clone()),
            expires_in: u32::try_from(left).unwrap_or(u32::MAX),
            token_type: "Bearer".into(),
            new_device_metadata: None,
        }
    }
}

/// A stored blob's members, read with the engine's `Members` (a type the answers' engine already
/// reads): `None` for anything but an object.
fn blob<B: WireBody + ?Sized>(body: &B) -> Option<Members> {
    body.decode_object::<Members>().ok().flatten()
}

/// The member `key`: a non-empty string of at most `max` bytes.
fn string(members: &mut Members, key: &str, max: usize) -> Option<String> {
    match members.take(key) {
        Value::Str(mut text) if !text.is_empty() && text.len() <= max => {
            Some(core::mem::take(&mut *text))
        }
        _ => None,
    }
}

/// Whether the member `v` is [`SESSION_VERSION`].
fn current_version(members: &mut Members) -> bool {
    matches!(members.take("v"), Value::Number(v) if v == f64::from(SESSION_VERSION))
}

fn read_device<B: WireBody + ?Sized>(body: &B) -> Option<StoredDevice> {
    let mut members = blob(body)?;
    if !current_version(&mut members) {
        return None;
    }
    Some(StoredDevice {
        v: SESSION_VERSION,
        username: string(&mut members, "username", MAX_NAME_BYTES)?,
        device_key: string(&mut members, "deviceKey", MAX_NAME_BYTES)?,
        device_group_key: string(&mut members, "deviceGroupKey", MAX_NAME_BYTES)?,
        device_password: string(&mut members, "devicePassword", MAX_NAME_BYTES)?,
    })
}

fn read_session<B: WireBody + ?Sized>(body: &B) -> Option<Session> {
    let mut members = blob(body)?;
    if !current_version(&mut members) {
        return None;
    }
    let expires_at = match members.take("expiresAt") {
        // A whole number in range by the guard (f64 holds every integer up to 2^53 exactly).
        Value::Number(ms)
            if ms.fract() == 0.0 && (0.0..=MAX_EXPIRES_AT_MS as f64).contains(&ms) =>
        {
            ms as u64
        }
        _ => return None,
    };
    let device_key = match members.take("deviceKey") {
        Value::Absent => None,
        Value::Str(mut key) if !key.is_empty() && key.len() <= MAX_NAME_BYTES => {
            Some(core::mem::take(&mut *key))
        }
        _ => return None,
    };
    Some(Session {
        v: SESSION_VERSION,
        username: string(&mut members, "username", MAX_NAME_BYTES)?,
        id_token: string(&mut members, "idToken", MAX_TOKEN_BYTES)?,
        access_token: string(&mut members, "accessToken", MAX_TOKEN_BYTES)?,
        refresh_token: string(&mut members, "refreshToken", MAX_TOKEN_BYTES)?,
        expires_at,
        device_key,
    })
}

/// Whether a refresh that failed with the error named `name` ends the session: Cognito refused
/// the refresh token (`NotAuthorizedException`, or `RefreshTokenReuseException` after a
/// rotation's grace period).
#[must_use]
pub fn ends_session(name: &str) -> bool {
    REFUSED.contains(&name)
}

/// Whether `error` says the endpoint does not know the operation sent.
#[must_use]
pub fn is_unknown_operation(error: &Error) -> bool {
    error.name() == UNKNOWN_OPERATION
}

/// The JSON text of a JWT's payload (its claims), unchecked: `None` when it is not a JWT of
/// base64url and UTF-8.
#[must_use]
pub fn token_claims(token: &str) -> Option<String> {
    let mut parts = token.split('.');
    let payload = parts.nth(1)?;
    let bytes = crate::srp::base64::decode(payload, crate::srp::base64::Alphabet::UrlSafe)?;
    String::from_utf8(bytes).ok()
}

/// The storage key of the session of `user_pool_id`'s app client `client_id`.
#[must_use]
pub fn storage_key(user_pool_id: &str, client_id: &str) -> String {
    alloc::format!("cognito-auth-wasm.{user_pool_id}.{client_id}.session")
}

/// A remembered device as kept across reloads: `{"v":1,"username","deviceKey","deviceGroupKey",
/// "devicePassword"}`, stored under the internal username's key and under the key of the name
/// the user typed (which leads to it only while the internal one holds the same device). The
/// device password is wiped on drop and never in `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredDevice {
    pub v: u32,
    /// The internal username.
    pub username: String,
    pub device_key: String,
    pub device_group_key: String,
    pub device_password: String,
}

impl Drop for StoredDevice {
    fn drop(&mut self) {
        self.device_password.zeroize();
    }
}

impl core::fmt::Debug for StoredDevice {
    // Hand-written so that the device password never reaches a log.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("StoredDevice")
            .field("username", &self.username)
            .field("device_key", &self.device_key)
            .finish_non_exhaustive()
    }
}

impl StoredDevice {
    /// The blob of `device`, remembered for the internal `username`.
    #[must_use]
    pub fn new(username: &str, device: &RememberedDevice) -> StoredDevice {
        StoredDevice {
            v: SESSION_VERSION,
            username: username.into(),
            device_key: device.device_key.clone(),
            device_group_key: device.device_group_key.clone(),
            device_password: String::from(device.device_password.as_str()),
        }
    }

    /// Reads a stored device blob like [`Session::from_stored`]: every member a non-empty
    /// string of at most [`MAX_NAME_BYTES`], else an [`Error::Storage`] that quotes nothing.
    pub fn from_stored<B: WireBody + ?Sized>(body: &B) -> Result<StoredDevice, Error> {
        read_device(body).ok_or_else(|| Error::Storage("the stored device is unreadable".into()))
    }

    /// The device, for the client's `DeviceStore`.
    #[must_use]
    pub fn device(&self) -> RememberedDevice {
        RememberedDevice {
            device_key: self.device_key.clone(),
            device_group_key: self.device_group_key.clone(),
            device_password: zeroize::Zeroizing::new(self.device_password.clone()),
        }
    }
}

/// The storage key of the device remembered for `username` (internal or typed) by
/// `user_pool_id`'s app client `client_id`.
#[must_use]
pub fn device_storage_key(user_pool_id: &str, client_id: &str, username: &str) -> String {
    alloc::format!("cognito-auth-wasm.{user_pool_id}.{client_id}.device.{username}")
}
