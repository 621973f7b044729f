//! The requests of a kept session: `GetTokensFromRefreshToken` (and, where the endpoint does not
//! know that operation, `InitiateAuth` `REFRESH_TOKEN_AUTH`, an [`super::InitiateAuthRequest`]).

use alloc::string::String;

use serde::Serialize;
use zeroize::Zeroize;

/// `GetTokensFromRefreshToken` input. The refresh token and the client secret are wiped on drop
/// and never in `Debug`.
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
}

impl Drop for SessionRequest {
    fn drop(&mut self) {
        self.refresh_token.zeroize();
        self.client_secret.zeroize();
    }
}
