//! The client as a state machine without I/O: what the package's JavaScript drives.
//!
//! [`Client`] holds what outlives one sign-in: the validated configuration, the devices it
//! confirmed, and the next sign-in's SRP run computed ahead of time. Every operation is an
//! [`Exchange`]: it hands the caller an [`Outcome`] — a request to POST
//! ([`Outcome::Send`]) or a result — and reads Cognito's answer to each request it asked for:
//!
//! ```text
//! Client::sign_in(input) ─▶ Exchange ─start──▶ Send(InitiateAuth)
//!   caller POSTs, then Exchange::receive(status, body) ─▶ Send(…) … ─▶ SignedIn | Challenge
//! Challenge ─▶ Exchange::respond(generation, answer) ─▶ Send(RespondToAuthChallenge) ─▶ …
//! Client::account(call, input) ─▶ Exchange ─start──▶ Send(SignUp …) ─receive──▶ Account | Done
//! ```
//!
//! Everything crosses as serde types: inputs are [`Input`]s of [`input`]'s field types (the
//! JavaScript API's camelCase names), requests are [`Request`]s (Cognito's PascalCase input),
//! answers are read through [`crate::protocol::WireBody`] with the caller's JSON engine, and
//! what the caller shows is `Serialize` with the JavaScript API's names ([`output`]).
//!
//! The exchange answers `PASSWORD_VERIFIER`, `DEVICE_SRP_AUTH` (after the password or after any
//! challenge's answer) and `DEVICE_PASSWORD_VERIFIER` itself, confirms a new device
//! (`ConfirmDevice`) before reporting the tokens, and signs in once more without a device Cognito
//! no longer knows. A challenge is answered once: each challenge
//! an exchange shows has a new `generation`, and an answer naming an older one is refused.
//!
//! The clock and randomness are inputs, so all of it tests natively.

mod exchange;
pub mod input;
pub mod output;
pub mod retry;

use alloc::string::String;
use alloc::vec::Vec;

use crate::config::Config;
use crate::error::Error;
use crate::flow::{DeviceStore, TotpSecret};
use crate::protocol::account::AccountOutput;
use crate::protocol::device::DeviceDescription;
use crate::protocol::{AuthenticationResult, Operation, Request};
use crate::session::StoredDevice;
use crate::srp::{OsRandom, SrpClient};
use crate::value::{AnyValue, Input, Members};
pub use exchange::{AccountCall, DeviceCall, Exchange};
pub use output::{ChallengeView, SignedInDevice};

/// What an exchange hands the caller.
#[derive(Debug)]
pub enum Outcome {
    /// POST `body` (serialized as JSON) as `operation` to [`Config::endpoint`] within
    /// [`Config::timeout_ms`], and give the answer to [`Exchange::receive`]. The body may carry a
    /// password (`USER_PASSWORD_AUTH`, `NEW_PASSWORD_REQUIRED`): it is wiped on drop.
    Send { operation: Operation, body: Request },
    /// Signed in: the tokens, and the device tracked for the user.
    SignedIn {
        tokens: AuthenticationResult,
        device: Option<SignedInDevice>,
    },
    /// A challenge for the user, answered with `generation`: the exchange's
    /// [`Exchange::challenge_info`].
    Challenge { generation: u32 },
    /// `MFA_SETUP`'s TOTP secret, for the user's authenticator app.
    TotpSecret(TotpSecret),
    /// `ListDevices`, every page.
    Devices(Vec<DeviceDescription>),
    /// An account operation's output (`signUp`, `resendSignUpCode`, `forgotPassword`).
    Account(AccountOutput),
    /// A session's refreshed tokens, to store.
    Refreshed(crate::session::Session),
    /// A raw-layer answer: Cognito's answer is a JSON object, to be handed back as it came.
    Raw,
    /// Done, nothing to report.
    Done,
}

/// A client of one user pool and app client.
pub struct Client {
    config: Config,
    /// The `DeviceName` `ConfirmDevice` registers.
    device_name: String,
    devices: DeviceStore,
    /// The next sign-in's SRP secret `a` and `SRP_A`, when computed ahead of time.
    next_srp: Option<SrpClient>,
}

impl Client {
    /// A client for the caller's `config` (see [`input::read_config`]).
    pub fn new(config: Input<Members>) -> Result<Client, Error> {
        let (input, device_name) = input::read_config(config)?;
        Ok(Client {
            config: Config::new(input)?,
            device_name,
            devices: DeviceStore::new(),
            next_srp: None,
        })
    }

    #[must_use]
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Computes the next sign-in's `a` and `SRP_A` now (the caller runs this when the event loop
    /// is idle), so that pressing "sign in" pays only for the `PASSWORD_VERIFIER` side. A failure
    /// is left for the sign-in itself to meet and report.
    pub fn precompute_srp(&mut self) {
        if self.next_srp.is_none() {
            self.next_srp = SrpClient::new(&mut OsRandom).ok();
        }
    }

    /// Whether the next SRP run is ready (the caller schedules [`Client::precompute_srp`] when not).
    #[must_use]
    pub fn srp_ready(&self) -> bool {
        self.next_srp.is_some()
    }

    /// The precomputed SRP run, or a fresh one.
    fn take_srp(&mut self) -> Result<SrpClient, Error> {
        match self.next_srp.take() {
            Some(srp) => Ok(srp),
            None => Ok(SrpClient::new(&mut OsRandom)?),
        }
    }

    /// A sign-in for the caller's `signIn` input; [`Exchange::start`] sends its first request
    /// (or reports why the input is invalid).
    #[must_use]
    pub fn sign_in(&self, input: Input<Members>) -> Exchange {
        match input::read_sign_in_input(input) {
            Ok(input) => Exchange::sign_in(input),
            Err(error) => Exchange::failed(error),
        }
    }

    /// A raw-layer call: the caller's `input` (Cognito's own input object) for `operation`,
    /// completed ([`crate::flow::raw::complete_input`]); anything but an object is an
    /// [`Error::InvalidParameter`].
    #[must_use]
    pub fn raw(&self, operation: Operation, input: AnyValue) -> Exchange {
        match crate::flow::raw::complete_input(operation, input, &self.config) {
            Ok(body) => Exchange::raw(operation, body),
            Err(error) => Exchange::failed(error),
        }
    }

    /// An account operation that needs no session (`signUp`, …) for the caller's input (read by
    /// [`input::read_account_input`]); [`Exchange::start`] sends its one request (or reports why
    /// the input is invalid).
    #[must_use]
    pub fn account(&self, call: AccountCall, input: Input<Members>) -> Exchange {
        match input::read_account_input(call, input) {
            Ok(request) => Exchange::account(call.operation(), request),
            Err(error) => Exchange::failed(error),
        }
    }

    /// A refresh of `session`'s tokens ([`crate::session`]): `GetTokensFromRefreshToken`, or
    /// `InitiateAuth` `REFRESH_TOKEN_AUTH` where the endpoint does not know that operation.
    #[must_use]
    pub fn refresh(&self, session: crate::session::Session) -> Exchange {
        Exchange::refresh(&self.config, session)
    }

    /// Keeps `device` (read from storage) for its internal username and for `typed_username`,
    /// for the next sign-ins.
    pub fn keep_stored_device(&mut self, typed_username: &str, device: &StoredDevice) {
        self.devices
            .insert(&device.username, typed_username, device.device());
    }

    /// The device this client keeps for the internal `username`, as a blob to store.
    #[must_use]
    pub fn stored_device(&self, username: &str) -> Option<StoredDevice> {
        self.devices
            .device_for(username)
            .map(|device| StoredDevice::new(username, device))
    }

    /// A sign-out's revocation of `session` ([`Exchange::sign_out`]); the session's device is
    /// forgotten by this client first.
    #[must_use]
    pub fn sign_out(&mut self, session: &crate::session::Session, global: bool) -> Exchange {
        if let Some(device_key) = &session.device_key {
            self.devices.forget(device_key);
        }
        Exchange::sign_out(&self.config, session, global)
    }

    /// A device call with a signed-in user's access token, on the device this client tracks for
    /// that sign-in (`device_key`; `None` when the pool does not track devices, which is an
    /// [`Error::InvalidState`] for the calls that need one).
    #[must_use]
    pub fn device_call(
        &self,
        call: DeviceCall,
        access_token: &str,
        device_key: Option<&str>,
    ) -> Exchange {
        Exchange::device_call(call, access_token, device_key).unwrap_or_else(Exchange::failed)
    }
}

#[cfg(test)]
mod tests;
