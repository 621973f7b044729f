//! The module's exports (wasm32 only): a hand-written ABI of numbers, text in and text out.
//!
//! The package's JavaScript (`pkg-template/core.js`, then `pkg-template/api.js`) owns the public
//! API, `fetch`, timers and `Error` objects; it calls these few synchronous functions and reads
//! JSON text back ([`crate::client::output`]). Rules live in [`crate::client`] and below; this
//! file only converts.
//!
//! - Text goes both ways through one buffer the module owns: the caller asks [`io`] for room,
//!   writes the UTF-8 of its arguments there one after the other and passes their lengths; a
//!   call that answers with text leaves it in the buffer, read at [`io_ptr`] for [`io_len`]
//!   bytes. The buffer is wiped when taken as input and whenever [`io`] is called, so inputs
//!   that may carry a password or a secret (a sign-in, an answer, the config's client secret)
//!   do not linger.
//! - A [`Client`], an [`Exchange`] or an SRP run is a handle: its index in a slab, plus one
//!   (0 is no handle). A handle the slab does not hold reads as a refusal, never as memory.
//! - Randomness comes from the import `env.fill_random(ptr, len) -> 1 | 0`
//!   (`crypto.getRandomValues`), behind `getrandom`'s custom backend (.cargo/config.toml).

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

use zeroize::{Zeroize, Zeroizing};

use cognito_core::client::output::{error_json, outcome_json, responses_json};
use cognito_core::client::{input, Client, DeviceCall, Exchange};
use cognito_core::config::pool_name_of;
use cognito_core::error::Error;
use cognito_core::flow::{password_verifier_responses, TotpSecret};
use cognito_core::protocol::Operation;
use cognito_core::srp::{format_timestamp, OsRandom, SrpClient};

#[link(wasm_import_module = "env")]
extern "C" {
    /// Fills `len` bytes at `ptr` with `crypto.getRandomValues`; 1 when it did, 0 when not.
    fn fill_random(ptr: *mut u8, len: usize) -> u32;
}

/// `getrandom`'s custom backend (`getrandom_backend = "custom"`).
///
/// # Safety
/// `dest` must be valid for writes of `len` bytes (getrandom guarantees it).
#[no_mangle]
unsafe extern "Rust" fn __getrandom_v03_custom(
    dest: *mut u8,
    len: usize,
) -> Result<(), getrandom::Error> {
    // SAFETY: getrandom hands a buffer valid for `len` bytes; the import writes only inside it
    // and does not call back into the module.
    match unsafe { fill_random(dest, len) } {
        1 => Ok(()),
        _ => Err(getrandom::Error::UNSUPPORTED),
    }
}

/// Values JavaScript holds by handle.
struct Slab<T>(Vec<Option<T>>);

impl<T> Slab<T> {
    const fn new() -> Self {
        Slab(Vec::new())
    }

    /// Stores `value` in the first free slot; its handle.
    fn insert(&mut self, value: T) -> u32 {
        let index = self
            .0
            .iter()
            .position(Option::is_none)
            .unwrap_or(self.0.len());
        if index == self.0.len() {
            self.0.push(None);
        }
        if let Some(slot) = self.0.get_mut(index) {
            *slot = Some(value);
        }
        index as u32 + 1
    }

    fn get(&mut self, handle: u32) -> Option<&mut T> {
        self.0
            .get_mut((handle as usize).wrapping_sub(1))
            .and_then(Option::as_mut)
    }

    fn remove(&mut self, handle: u32) {
        if let Some(slot) = self.0.get_mut((handle as usize).wrapping_sub(1)) {
            *slot = None;
        }
    }
}

struct State {
    /// Text in, then text out; wiped before reuse.
    io: Vec<u8>,
    cores: Slab<Client>,
    flows: Slab<Exchange>,
    runs: Slab<SrpClient>,
}

impl State {
    /// The caller's text, taken out of the buffer: wiped when dropped.
    fn take(&mut self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(core::mem::take(&mut self.io))
    }

    /// Leaves `text` in the buffer for the caller.
    fn answer(&mut self, text: String) {
        self.io.zeroize();
        self.io = text.into_bytes();
    }
}

/// The module's state. A `spin::Mutex` (no std here) that is never waited on: wasm32 has one
/// thread, and [`with`] only tries the lock.
static STATE: spin::Mutex<State> = spin::Mutex::new(State {
    io: Vec::new(),
    cores: Slab::new(),
    flows: Slab::new(),
    runs: Slab::new(),
});

/// Runs `f` on the module's state (never re-entered: no import calls back).
fn with<R: Default>(f: impl FnOnce(&mut State) -> R) -> R {
    match STATE.try_lock() {
        Some(mut state) => f(&mut state),
        None => R::default(),
    }
}

/// The `len` bytes at `*at` of `bytes` as text ("" when out of range or not UTF-8); moves `*at`
/// past them.
fn text<'a>(bytes: &'a [u8], at: &mut usize, len: usize) -> &'a str {
    let start = *at;
    *at = start.saturating_add(len);
    bytes
        .get(start..*at)
        .and_then(|b| core::str::from_utf8(b).ok())
        .unwrap_or_default()
}

/// Like [`text`] for an optional argument: a negative length is none.
fn optional_text(bytes: &[u8], at: &mut usize, len: i32) -> Option<String> {
    usize::try_from(len)
        .ok()
        .map(|len| text(bytes, at, len).to_owned())
}

/// Milliseconds since the epoch from JavaScript's `Date.now()`: a whole number well inside i64.
fn millis(now_ms: f64) -> i64 {
    now_ms as i64
}

/// Wipes the buffer and makes it `len` zero bytes long; its address, where the caller writes.
#[no_mangle]
pub extern "C" fn io(len: usize) -> usize {
    with(|state| {
        state.io.zeroize();
        state.io.resize(len, 0);
        state.io.as_mut_ptr() as usize
    })
}

/// The buffer's address.
#[no_mangle]
pub extern "C" fn io_ptr() -> usize {
    with(|state| state.io.as_ptr() as usize)
}

#[no_mangle]
pub extern "C" fn io_len() -> usize {
    with(|state| state.io.len())
}

/// A client for the config's JSON text; 0, with the error's JSON text, when it is invalid.
#[no_mangle]
pub extern "C" fn core_new(len: usize) -> u32 {
    with(|state| {
        let bytes = state.take();
        match Client::new(text(&bytes, &mut 0, len)) {
            Ok(client) => state.cores.insert(client),
            Err(error) => {
                state.answer(error_json(&error));
                0
            }
        }
    })
}

#[no_mangle]
pub extern "C" fn core_free(core: u32) {
    with(|state| state.cores.remove(core));
}

/// Computes the next sign-in's `SRP_A` (call when idle).
#[no_mangle]
pub extern "C" fn core_precompute(core: u32) {
    with(|state| {
        if let Some(client) = state.cores.get(core) {
            client.precompute_srp();
        }
    });
}

/// An exchange a client starts, as a handle; 0 (a flow every call refuses) when the client is
/// unknown.
fn new_flow(state: &mut State, core: u32, make: impl FnOnce(&Client) -> Exchange) -> u32 {
    match state.cores.get(core) {
        Some(client) => {
            let exchange = make(client);
            state.flows.insert(exchange)
        }
        None => 0,
    }
}

fn unknown() -> Error {
    Error::InvalidState("this object was released".into())
}

#[no_mangle]
pub extern "C" fn core_sign_in(core: u32, len: usize) -> u32 {
    with(|state| {
        let bytes = state.take();
        new_flow(state, core, |client| {
            client.sign_in(text(&bytes, &mut 0, len))
        })
    })
}

/// `operation` 0 is `InitiateAuth`, any other `RespondToAuthChallenge`.
#[no_mangle]
pub extern "C" fn core_raw(core: u32, operation: u32, len: usize) -> u32 {
    with(|state| {
        let bytes = state.take();
        let operation = match operation {
            0 => Operation::InitiateAuth,
            _ => Operation::RespondToAuthChallenge,
        };
        new_flow(state, core, |client| {
            client.raw(operation, text(&bytes, &mut 0, len))
        })
    })
}

/// `call` 0 is `remember`, 1 `forget`, any other `list`; the access token, then the device key
/// (`key_len` negative when none).
#[no_mangle]
pub extern "C" fn core_device(core: u32, call: u32, token_len: usize, key_len: i32) -> u32 {
    with(|state| {
        let bytes = state.take();
        let call = match call {
            0 => DeviceCall::Remember,
            1 => DeviceCall::Forget,
            _ => DeviceCall::List,
        };
        let at = &mut 0;
        let token = text(&bytes, at, token_len);
        let key = optional_text(&bytes, at, key_len);
        new_flow(state, core, |client| {
            client.device_call(call, token, key.as_deref())
        })
    })
}

#[no_mangle]
pub extern "C" fn flow_free(flow: u32) {
    with(|state| state.flows.remove(flow));
}

/// What the user typed as the username of a sign-in about to start (for the `userContextData`
/// hook): 1 with the text, 0 when the input was invalid.
#[no_mangle]
pub extern "C" fn flow_username(flow: u32) -> u32 {
    with(|state| {
        let username = state
            .flows
            .get(flow)
            .and_then(|exchange| exchange.username_to_start().map(str::to_owned));
        match username {
            Some(username) => {
                state.answer(username);
                1
            }
            None => 0,
        }
    })
}

/// One step of a flow, on the flow and its client; leaves the outcome's JSON text. `op` says
/// which, with its number `arg` and the text in the buffer (`len` bytes; negative when none):
///
/// | `op` | step | `arg` | text |
/// |---|---|---|---|
/// | 0 | the first request | | the `userContextData`, if any |
/// | 1 | Cognito's answer | the HTTP status (0 when none came) | the body |
/// | 2 | a challenge's answer | the generation | the answer's JSON |
/// | 3 | TOTP setup, association | the generation | |
/// | 4 | TOTP setup, verification | the generation | `{ code, friendlyDeviceName? }` |
/// | 5 | email setup | the generation | `{ email }` |
///
/// One function for every step, so that the lookup and the outcome's text are written once.
#[no_mangle]
pub extern "C" fn flow_step(flow: u32, core: u32, op: u32, arg: u32, len: i32, now_ms: f64) {
    with(|state| {
        let bytes = state.take();
        let mut input = Zeroizing::new(optional_text(&bytes, &mut 0, len));
        let text = match (state.flows.get(flow), state.cores.get(core)) {
            (Some(exchange), Some(client)) => {
                let outcome = if op == 0 {
                    exchange.start(client, input.take())
                } else {
                    let input = input.as_deref().unwrap_or_default();
                    match op {
                        1 => exchange.receive(
                            client,
                            u16::try_from(arg).unwrap_or(0),
                            input,
                            millis(now_ms),
                        ),
                        2 => exchange.respond(arg, input),
                        3 => exchange.setup_totp(arg),
                        4 => exchange.verify_totp(arg, input),
                        5 => exchange.setup_email(arg, input),
                        _ => Err(Error::InvalidState("no such step of a flow".into())),
                    }
                };
                outcome_json(client, exchange, outcome)
            }
            _ => error_json(&unknown()),
        };
        state.answer(text);
    });
}

/// One SRP run for `SrpHelper`: a fresh `a` and `SRP_A`; 0, with the error's JSON text, when no
/// randomness is available.
#[no_mangle]
pub extern "C" fn srp_new() -> u32 {
    with(|state| match SrpClient::new(&mut OsRandom) {
        Ok(srp) => state.runs.insert(srp),
        Err(error) => {
            state.answer(error_json(&error.into()));
            0
        }
    })
}

#[no_mangle]
pub extern "C" fn srp_free(run: u32) {
    with(|state| state.runs.remove(run));
}

/// Leaves `SRP_A` (hex; empty for an unknown run).
#[no_mangle]
pub extern "C" fn srp_a(run: u32) {
    with(|state| {
        let a = state
            .runs
            .get(run)
            .map(|srp| srp.public_a_hex())
            .unwrap_or_default();
        state.answer(a);
    });
}

/// Leaves the `PASSWORD_VERIFIER` `ChallengeResponses` (or the error) for
/// `{ userPoolId, challengeParameters, password, timestamp? }` (`timestamp` defaults to
/// `now_ms`).
#[no_mangle]
pub extern "C" fn srp_verifier(run: u32, len: usize, now_ms: f64) {
    with(|state| {
        let bytes = state.take();
        let input_json = text(&bytes, &mut 0, len);
        let answer = match state.runs.get(run) {
            Some(srp) => (|| -> Result<_, Error> {
                let input = input::read_password_verifier_input(input_json)?;
                let timestamp = input
                    .timestamp
                    .unwrap_or_else(|| format_timestamp(millis(now_ms).div_euclid(1000)));
                password_verifier_responses(
                    srp,
                    pool_name_of(&input.user_pool_id)?,
                    &input.challenge_parameters,
                    &input.password,
                    timestamp,
                )
            })(),
            None => Err(unknown()),
        };
        let text = match answer {
            Ok(responses) => responses_json(&responses),
            Err(error) => error_json(&error),
        };
        state.answer(text);
    });
}

/// Leaves `otpauth://totp/<issuer>:<accountName>?secret=<secretCode>&issuer=<issuer>` for the
/// three texts in the buffer.
#[no_mangle]
pub extern "C" fn totp_uri(secret_len: usize, issuer_len: usize, account_len: usize) {
    with(|state| {
        let bytes = state.take();
        let at = &mut 0;
        let secret_code = text(&bytes, at, secret_len).to_owned();
        let issuer = text(&bytes, at, issuer_len);
        let account_name = text(&bytes, at, account_len);
        let uri = TotpSecret { secret_code }.uri(issuer, account_name);
        state.answer(uri);
    });
}
