//! The client's configuration: which user pool, which app client, which endpoint.
//!
//! Validated once, when the client is created, so that every later step can rely on it. Invalid
//! input is an [`Error::InvalidParameter`].

use alloc::borrow::ToOwned;
use alloc::string::String;

use zeroize::Zeroizing;

use crate::error::Error;
use alloc::format;

/// How long a call may take before it fails with `TimeoutError`, unless configured.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// The longest timeout accepted: the largest delay `setTimeout` honours (2^31 − 1 ms).
pub const MAX_TIMEOUT_MS: u32 = i32::MAX as u32;

/// What the caller supplies; optional fields fall back to Cognito's defaults.
#[derive(Debug, Default, Clone)]
pub struct ConfigInput {
    pub user_pool_id: String,
    pub client_id: String,
    pub client_secret: Option<Zeroizing<String>>,
    pub region: Option<String>,
    pub endpoint: Option<String>,
    pub timeout_ms: Option<f64>,
}

/// A validated configuration.
#[derive(Clone)]
pub struct Config {
    user_pool_id: String,
    pool_name: String,
    region: String,
    client_id: String,
    client_secret: Option<Zeroizing<String>>,
    endpoint: String,
    timeout_ms: u32,
}

impl core::fmt::Debug for Config {
    // Hand-written so that the client secret never reaches a log.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Config")
            .field("user_pool_id", &self.user_pool_id)
            .field("region", &self.region)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "…"))
            .field("endpoint", &self.endpoint)
            .field("timeout_ms", &self.timeout_ms)
            .finish()
    }
}

impl Config {
    /// Validates `input`: the pool id is `<region>_<name>`, the client id is non-empty, the
    /// endpoint (when given) is an http(s) URL, the timeout is a positive number of milliseconds.
    pub fn new(input: ConfigInput) -> Result<Self, Error> {
        let (pool_region, pool_name) = split_user_pool_id(&input.user_pool_id)?;
        let region = match input.region {
            Some(region) => {
                if !is_region(&region) {
                    return Err(Error::InvalidParameter(
                        "region, when given, must be an AWS region name (like \"us-east-1\")"
                            .into(),
                    ));
                }
                region
            }
            None => pool_region.to_owned(),
        };
        if input.client_id.is_empty() || !input.client_id.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::InvalidParameter(
                "clientId must be a non-empty string of printable ASCII characters".into(),
            ));
        }
        if matches!(&input.client_secret, Some(secret) if secret.is_empty()) {
            return Err(Error::InvalidParameter(
                "clientSecret, when given, must be a non-empty string".into(),
            ));
        }
        let endpoint = match input.endpoint {
            Some(endpoint) => validate_endpoint(endpoint)?,
            None => format!("https://cognito-idp.{region}.amazonaws.com/"),
        };
        let timeout_ms = match input.timeout_ms {
            None => DEFAULT_TIMEOUT_MS,
            Some(ms) if ms.is_finite() && ms >= 1.0 && ms <= f64::from(MAX_TIMEOUT_MS) => {
                // In range by the guard above; fractions of a millisecond are dropped.
                ms as u32
            }
            Some(_) => {
                // MAX_TIMEOUT_MS, spelled out.
                return Err(Error::InvalidParameter(
                    "timeoutMs must be a number of milliseconds between 1 and 2147483647".into(),
                ));
            }
        };
        Ok(Config {
            pool_name: pool_name.to_owned(),
            user_pool_id: input.user_pool_id,
            region,
            client_id: input.client_id,
            client_secret: input.client_secret,
            endpoint,
            timeout_ms,
        })
    }

    /// The user-pool id, `<region>_<name>`.
    #[must_use]
    pub fn user_pool_id(&self) -> &str {
        &self.user_pool_id
    }

    /// The part of the pool id after `_`: the SRP realm ("poolName" in the JS clients).
    #[must_use]
    pub fn pool_name(&self) -> &str {
        &self.pool_name
    }

    #[must_use]
    pub fn region(&self) -> &str {
        &self.region
    }

    #[must_use]
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The app client's secret, when it has one (then every call carries `SECRET_HASH`).
    #[must_use]
    pub fn client_secret(&self) -> Option<&str> {
        self.client_secret.as_ref().map(|secret| secret.as_str())
    }

    /// Where requests are POSTed.
    #[must_use]
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    #[must_use]
    pub fn timeout_ms(&self) -> u32 {
        self.timeout_ms
    }
}

/// The pool name of a user-pool id (the part after `_`, the SRP realm), validated like
/// [`Config::new`] validates it.
pub fn pool_name_of(user_pool_id: &str) -> Result<&str, Error> {
    split_user_pool_id(user_pool_id).map(|(_, name)| name)
}

/// Splits `<region>_<name>` (Cognito's pattern `[\w-]+_[0-9a-zA-Z]+`, with an AWS region name
/// before the `_`).
fn split_user_pool_id(user_pool_id: &str) -> Result<(&str, &str), Error> {
    let invalid = || {
        Error::InvalidParameter(
            "userPoolId must be of the form <region>_<id> (like \"us-east-1_AbC123\")".into(),
        )
    };
    let region_len = user_pool_id
        .bytes()
        .take_while(|byte| *byte != b'_')
        .count();
    if let Some((region, rest)) = user_pool_id.split_at_checked(region_len) {
        // `rest` is `_` and the name, or empty when there is no `_`.
        let name = rest.get(1..).unwrap_or_default();
        if is_region(region) && !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return Ok((region, name));
        }
    }
    Err(invalid())
}

/// AWS region names: lowercase letters, digits and dashes (`us-east-1`, `eu-central-2`).
fn is_region(region: &str) -> bool {
    let bytes = region.as_bytes();
    !matches!(bytes.first(), None | Some(b'-'))
        && bytes.last() != Some(&b'-')
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// An endpoint override must be an absolute http(s) URL with a host, in printable ASCII (no
/// spaces or control characters; a host beyond ASCII is written in punycode).
fn validate_endpoint(endpoint: String) -> Result<String, Error> {
    let rest = endpoint
        .strip_prefix("https://")
        .or_else(|| endpoint.strip_prefix("http://"));
    let has_host = matches!(rest.and_then(|rest| rest.bytes().next()), Some(first) if !matches!(first, b'/' | b'?' | b'#'));
    if has_host && endpoint.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(endpoint)
    } else {
        Err(Error::InvalidParameter(
            "endpoint, when given, must be an http(s) URL".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(user_pool_id: &str) -> ConfigInput {
        ConfigInput {
            user_pool_id: user_pool_id.into(),
            client_id: "client123".into(),
            ..ConfigInput::default()
        }
    }

    fn invalid_parameter(result: Result<Config, Error>) -> bool {
        matches!(result, Err(Error::InvalidParameter(_)))
    }

    #[test]
    fn region_and_endpoint_come_from_the_pool_id() {
        let config = Config::new(input("eu-west-3_AbC123")).unwrap();
        assert_eq!(config.region(), "eu-west-3");
        assert_eq!(config.pool_name(), "AbC123");
        assert_eq!(
            config.endpoint(),
            "https://cognito-idp.eu-west-3.amazonaws.com/"
        );
        assert_eq!(config.timeout_ms(), DEFAULT_TIMEOUT_MS);
        assert_eq!(config.client_secret(), None);
    }

    #[test]
    fn explicit_region_picks_the_endpoint() {
        let config = Config::new(ConfigInput {
            region: Some("us-west-2".into()),
            ..input("us-east-1_AbC123")
        })
        .unwrap();
        assert_eq!(
            config.endpoint(),
            "https://cognito-idp.us-west-2.amazonaws.com/"
        );
    }

    #[test]
    fn endpoint_override_is_used_as_given() {
        let config = Config::new(ConfigInput {
            endpoint: Some("http://127.0.0.1:9230".into()),
            ..input("us-east-1_AbC123")
        })
        .unwrap();
        assert_eq!(config.endpoint(), "http://127.0.0.1:9230");
    }

    #[test]
    fn pool_id_needs_a_region_and_a_name() {
        for bad in [
            "",
            "us-east-1",
            "_AbC123",
            "us-east-1_",
            "US-EAST-1_AbC",
            "us east_AbC",
            "us-east-1_Ab-C",
            "us-east-1_Ab_C",
        ] {
            assert!(invalid_parameter(Config::new(input(bad))), "{bad:?}");
        }
    }

    #[test]
    fn client_id_must_not_be_empty() {
        let result = Config::new(ConfigInput {
            client_id: String::new(),
            ..input("us-east-1_AbC123")
        });
        assert!(invalid_parameter(result));
    }

    #[test]
    fn endpoint_must_be_an_http_url() {
        for bad in ["ftp://x", "cognito.example.com", "https://", "http:// x/"] {
            let result = Config::new(ConfigInput {
                endpoint: Some(bad.into()),
                ..input("us-east-1_AbC123")
            });
            assert!(invalid_parameter(result), "{bad:?}");
        }
    }

    #[test]
    fn timeout_must_be_positive_and_finite() {
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e12] {
            let result = Config::new(ConfigInput {
                timeout_ms: Some(bad),
                ..input("us-east-1_AbC123")
            });
            assert!(invalid_parameter(result), "{bad}");
        }
    }

    #[test]
    fn debug_output_hides_the_client_secret() {
        let config = Config::new(ConfigInput {
            client_secret: Some(Zeroizing::new("s3cr3t-value".into())),
            ..input("us-east-1_AbC123")
        })
        .unwrap();
        assert!(!format!("{config:?}").contains("s3cr3t-value"));
    }
}
