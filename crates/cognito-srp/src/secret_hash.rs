//! `SECRET_HASH`, required in every call when the app client has a client secret.

use alloc::string::String;

use super::{base64, hash::hmac_sha256};

/// `SECRET_HASH = base64(HMAC_SHA256(key = clientSecret, msg = username | clientId))`.
///
/// In challenge responses and refresh, `username` is the internal one (`USER_ID_FOR_SRP`, the
/// token's `username`), not the alias the user typed.
///
/// ```
/// use cognito_srp::secret_hash;
/// let hash = secret_hash("client-secret", "alice", "client-id");
/// assert_eq!(hash.len(), 44); // base64 of 32 bytes
/// ```
#[must_use]
pub fn secret_hash(client_secret: &str, username: &str, client_id: &str) -> String {
    let mac = hmac_sha256(
        client_secret.as_bytes(),
        &[username.as_bytes(), client_id.as_bytes()],
    );
    base64::encode(&mac)
}
