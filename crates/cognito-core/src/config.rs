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

/// How many times a request that is safe to repeat is sent again after a transient failure,
/// when the configuration does not say.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// The most retries a configuration may ask for.
pub const MAX_RETRIES: u32 = 10;

/// `currentSession` refreshes tokens that expire within this many seconds (5 minutes) unless
/// `refreshMarginSeconds` says otherwise.
pub const DEFAULT_REFRESH_MARGIN_SECONDS: u32 = 300;

/// The largest `refreshMarginSeconds`: a day.
pub const MAX_REFRESH_MARGIN_SECONDS: u32 = 86_400;

/// What the caller supplies; optional fields fall back to Cognito's defaults.
#[derive(Debug, Default, Clone)]
pub struct ConfigInput {
    pub user_pool_id: String,
    pub client_id: String,
    pub client_secret: Option<Zeroizing<String>>,
    pub region: Option<String>,
    pub endpoint: Option<String>,
    pub timeout_ms: Option<f64>,
    pub max_retries: Option<f64>,
    /// `refreshMarginSeconds`: how long before expiry `currentSession` refreshes.
    pub refresh_margin_seconds: Option<f64>,
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
    max_retries: u32,
    refresh_margin_seconds: u32,
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
            .field("max_retries", &self.max_retries)
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
                    "timeoutMs must be a finite number of milliseconds between 1 and 2147483647"
                        .into(),
                ));
            }
        };
        let max_retries = match input.max_retries {
            None => DEFAULT_MAX_RETRIES,
            Some(count)
                if count.fract() == 0.0 && (0.0..=f64::from(MAX_RETRIES)).contains(&count) =>
            {
                // A whole number in range by the guard above.
                count as u32
            }
            Some(_) => {
                // MAX_RETRIES, spelled out.
                return Err(Error::InvalidParameter(
                    "maxRetries must be a whole number between 0 and 10".into(),
                ));
            }
        };
        let refresh_margin_seconds = match input.refresh_margin_seconds {
            None => DEFAULT_REFRESH_MARGIN_SECONDS,
            Some(seconds)
                if seconds.fract() == 0.0
                    && (0.0..=f64::from(MAX_REFRESH_MARGIN_SECONDS)).contains(&seconds) =>
            {
                // A whole number in range by the guard above.
                seconds as u32
            }
            Some(_) => {
                // MAX_REFRESH_MARGIN_SECONDS, spelled out.
                return Err(Error::InvalidParameter(
                    "refreshMarginSeconds must be a whole number of seconds between 0 and 86400"
                        .into(),
                ));
            }
        };
        Ok(Config {
            refresh_margin_seconds,
            pool_name: pool_name.to_owned(),
            user_pool_id: input.user_pool_id,
            region,
            client_id: input.client_id,
            client_secret: input.client_secret,
            endpoint,
            timeout_ms,
            max_retries,
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

    /// How long one attempt of a request may take (its answer's body included).
    #[must_use]
    pub fn timeout_ms(&self) -> u32 {
        self.timeout_ms
    }

    /// How many times a request that is safe to repeat is sent again after a transient failure
    /// ([`crate::client::retry`]).
    #[must_use]
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// How long before the tokens expire `currentSession` refreshes them, in seconds.
    #[must_use]
    pub fn refresh_margin_seconds(&self) -> u32 {
        self.refresh_margin_seconds
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

/// An endpoint override must be an absolute http(s) URL whose authority is a host and an
/// optional port: a DNS name or IPv4 address (letters, digits, `-`, `.`; a host beyond ASCII is
/// written in punycode) or a bracketed IPv6 address, without credentials (`user:pass@`), and
/// everything in printable ASCII (no spaces or control characters). A path and a query are kept
/// (a proxy may need them); a fragment is refused, as `fetch` would drop it.
fn validate_endpoint(endpoint: String) -> Result<String, Error> {
    match endpoint_problem(&endpoint) {
        None => Ok(endpoint),
        Some(problem) => Err(Error::InvalidParameter(
            ["endpoint, when given, must be an http(s) URL: ", problem]
                .concat()
                .into(),
        )),
    }
}

/// What is wrong with an endpoint URL, if anything.
fn endpoint_problem(endpoint: &str) -> Option<&'static str> {
    let Some(rest) = endpoint
        .strip_prefix("https://")
        .or_else(|| endpoint.strip_prefix("http://"))
    else {
        return Some("it must start with https:// or http://");
    };
    if !endpoint.bytes().all(|b| b.is_ascii_graphic()) {
        return Some("it must be printable ASCII without spaces");
    }
    if endpoint.contains('#') {
        return Some("it must not have a fragment (#)");
    }
    let authority_len = rest
        .bytes()
        .take_while(|b| !matches!(b, b'/' | b'?'))
        .count();
    let authority = rest.get(..authority_len).unwrap_or_default();
    if authority.contains('@') {
        return Some("it must not carry credentials (user:password@)");
    }
    let (host, port) = if let Some(bracketed) = authority.strip_prefix('[') {
        let Some((address, after)) = bracketed.split_once(']') else {
            return Some("its IPv6 address has no closing ]");
        };
        if address.is_empty()
            || !address.contains(':')
            || !address
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || matches!(b, b':' | b'.'))
        {
            return Some("its IPv6 address is not one");
        }
        match after {
            "" => (address, None),
            _ => match after.strip_prefix(':') {
                Some(port) => (address, Some(port)),
                None => return Some("only a :port may follow its IPv6 address"),
            },
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Some("it has no host");
    }
    let is_name = |host: &str| {
        host.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.'))
            && !host.starts_with(['.', '-'])
            && !host.contains("..")
    };
    if !authority.starts_with('[') && !is_name(host) {
        return Some("its host must be a DNS name, an IPv4 address or a bracketed IPv6 address");
    }
    if let Some(port) = port {
        let valid = !port.is_empty()
            && port.len() <= 5
            && port.bytes().all(|b| b.is_ascii_digit())
            && port
                .parse::<u32>()
                .is_ok_and(|port| (1..=65535).contains(&port));
        if !valid {
            return Some("its port must be a number between 1 and 65535");
        }
    }
    None
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
        for bad in [
            "ftp://x",
            "cognito.example.com",
            "https://",
            "http:// x/",
            "http://[::1",
            "http://[::1]x/",
            "http://[zz]/",
            "http://user:pass@127.0.0.1:9230/",
            "http://user@example.com/",
            "http://example.com:0/",
            "http://example.com:65536/",
            "http://example.com:/",
            "http://example.com:80x/",
            "http://exa_mple.com/",
            "http://.example.com/",
            "http://example.com/#x",
            "http://:80/",
        ] {
            let result = Config::new(ConfigInput {
                endpoint: Some(bad.into()),
                ..input("us-east-1_AbC123")
            });
            assert!(invalid_parameter(result), "{bad:?}");
        }
    }

    #[test]
    fn endpoint_accepts_hosts_ports_paths_and_ipv6() {
        for good in [
            "http://127.0.0.1:9230",
            "http://127.0.0.1:9230/",
            "https://cognito-idp.eu-west-1.amazonaws.com/",
            "http://[::1]:9230/",
            "http://[::1]/",
            "https://proxy.example.com/cognito?x=1",
            "http://localhost",
        ] {
            let result = Config::new(ConfigInput {
                endpoint: Some(good.into()),
                ..input("us-east-1_AbC123")
            });
            assert!(result.is_ok(), "{good:?}: {result:?}");
        }
    }

    #[test]
    fn endpoint_messages_say_what_is_wrong_without_the_url() {
        let message = |endpoint: &str| {
            Config::new(ConfigInput {
                endpoint: Some(endpoint.into()),
                ..input("us-east-1_AbC123")
            })
            .unwrap_err()
            .message()
            .to_owned()
        };
        let credentials = message("http://alice:hunter2@127.0.0.1/");
        assert!(credentials.contains("credentials"), "{credentials}");
        assert!(!credentials.contains("hunter2"));
        assert!(message("http://[::1").contains("closing ]"));
    }

    #[test]
    fn max_retries_is_a_small_whole_number() {
        assert_eq!(
            Config::new(input("us-east-1_AbC123"))
                .unwrap()
                .max_retries(),
            DEFAULT_MAX_RETRIES
        );
        for (given, want) in [(0.0, 0), (3.0, 3), (10.0, 10)] {
            let config = Config::new(ConfigInput {
                max_retries: Some(given),
                ..input("us-east-1_AbC123")
            })
            .unwrap();
            assert_eq!(config.max_retries(), want);
        }
        for bad in [-1.0, 0.5, 11.0, f64::NAN, f64::INFINITY] {
            let result = Config::new(ConfigInput {
                max_retries: Some(bad),
                ..input("us-east-1_AbC123")
            });
            assert!(invalid_parameter(result), "{bad}");
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
