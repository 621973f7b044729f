//! The requests of a kept session: `GetTokensFromRefreshToken`, `RevokeToken`, `GlobalSignOut` (and, where the endpoint does not
//! know that operation, `InitiateAuth` `REFRESH_TOKEN_AUTH`, an [`super::InitiateAuthRequest`]).

use alloc::string::String;

use serde::Serialize;
use zeroize::Zeroize;

/// `GetTokensFromRefreshToken`'s, `RevokeToken`'s or `GlobalSignOut`'s input (each sets its
/// members). The tokens and the client secret are wiped on drop and never in `Debug`.
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SessionRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_key: Option<String>,
    /// `RevokeToken`'s refresh token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// `GlobalSignOut`'s access token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
}

impl Drop for SessionRequest {
    fn drop(&mut self) {
        self.refresh_token.zeroize();
        self.client_secret.zeroize();
        self.token.zeroize();
        self.access_token.zeroize();
    }
}
