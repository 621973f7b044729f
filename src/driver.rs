//! The one async driver every operation shares: it runs a core [`Exchange`] from an outcome to
//! its result, POSTing each request the exchange hands out and giving Cognito's answer back.

use std::cell::RefCell;
use std::rc::Rc;

use cognito_core::client::{retry, ChallengeView, Client, Exchange, Outcome};
use cognito_core::error::Error;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::challenge::{challenge_object, TotpSetup};
use crate::convert::{to_js, to_json_text, JsAnswer};
use crate::js_error;
use crate::session::{reason_event, store_device, store_signed_in, Storage};
use crate::signed_in::SignedIn;
use crate::transport::{post, set_timeout, Post};
use cognito_core::flow::device::token_username;
use cognito_core::session::Session;

/// What a client's objects share: the core client, the caller's `fetch` and hooks, the session's
/// storage and key, the `currentSession` in flight and the event listeners.
pub struct Connection {
    pub client: RefCell<Client>,
    pub fetch: Option<Function>,
    pub user_context_data: Option<Function>,
    pub storage: Storage,
    pub session_key: String,
    pub in_flight: RefCell<Option<Promise>>,
    /// `(id, event, listener)` of `on`.
    pub listeners: RefCell<Vec<(u32, &'static str, Function)>>,
    pub next_listener: std::cell::Cell<u32>,
}

impl Connection {
    /// Calls every listener of `event` with `payload`; a listener that throws does not stop the
    /// others.
    pub fn emit(&self, event: &str, payload: &JsValue) {
        let listeners: Vec<Function> = self
            .listeners
            .borrow()
            .iter()
            .filter(|(_, name, _)| *name == event)
            .map(|(_, _, listener)| listener.clone())
            .collect();
        for listener in listeners {
            let _ = listener.call1(&JsValue::UNDEFINED, payload);
        }
    }
}

/// Where an exchange ended: a result outcome, or a raw-layer answer as it came.
pub enum Finished {
    Outcome(Outcome),
    Raw(JsValue),
}

/// A task the API hands JavaScript as a Promise: boxed, so that `future_to_promise` is compiled
/// once for every method rather than once per future type.
pub type Task = std::pin::Pin<Box<dyn std::future::Future<Output = Result<JsValue, JsValue>>>>;

/// `task` as a Promise.
pub fn spawn(task: Task) -> Promise {
    wasm_bindgen_futures::future_to_promise(task)
}

/// A flow's exchange, shared by the challenge objects it shows.
pub type Flow = Rc<RefCell<Exchange>>;

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Runs `flow` from `outcome` to its result: tokens (a `SignedIn`, its session stored), a
/// challenge object, a TOTP secret, devices or a raw answer.
/// Starts `exchange` (an exchange that needs no `userContextData`: the signed-in operations,
/// the device calls, the raw layer) and drives it to its result.
pub async fn start_and_drive(
    connection: Rc<Connection>,
    mut exchange: Exchange,
) -> Result<JsValue, JsValue> {
    let outcome = {
        let mut client = connection.client.borrow_mut();
        exchange.start(&mut client, None)
    };
    drive(connection, Rc::new(RefCell::new(exchange)), outcome).await
}

pub async fn drive(
    connection: Rc<Connection>,
    flow: Flow,
    outcome: Result<Outcome, Error>,
) -> Result<JsValue, JsValue> {
    match finish(connection.clone(), flow.clone(), outcome).await? {
        Finished::Raw(answer) => Ok(answer),
        Finished::Outcome(outcome) => {
            if let Outcome::SignedIn { tokens, device } = &outcome {
                let json = JsAnswer::parse(&JsValue::UNDEFINED);
                let username = token_username(&tokens.access_token, &json);
                let device_key = device.as_ref().map(|device| device.device_key.clone());
                if let (Some(username), true) = (&username, device_key.is_some()) {
                    let typed = flow.borrow().typed_username().to_owned();
                    store_device(&connection, username, &typed).await?;
                }
                if let Some(session) = username
                    .and_then(|username| Session::signed_in(tokens, username, device_key, now_ms()))
                {
                    let event = reason_event("signIn");
                    let _ = Reflect::set(
                        &event,
                        &"username".into(),
                        &session.username.as_str().into(),
                    );
                    store_signed_in(&connection, session).await?;
                    connection.emit("signedIn", &event);
                }
            }
            settle(&connection, &flow, outcome)
        }
    }
}

/// Runs `flow` from `outcome` to a result outcome, POSTing each request the exchange hands out.
/// The `RefCell`s are borrowed only between awaits.
pub async fn finish(
    connection: Rc<Connection>,
    flow: Flow,
    mut outcome: Result<Outcome, Error>,
) -> Result<Finished, JsValue> {
    loop {
        match outcome.map_err(|error| js_error::from_core(&error))? {
            Outcome::Send { operation, body } => {
                let (url, timeout_ms, max_retries) = {
                    let client = connection.client.borrow();
                    let config = client.config();
                    let retries = if retry::is_repeatable(operation) {
                        config.max_retries()
                    } else {
                        0
                    };
                    (config.endpoint().to_owned(), config.timeout_ms(), retries)
                };
                let body = to_json_text(&body);
                let mut attempt = 0;
                let (sent, answer) = loop {
                    let sent = post(
                        connection.fetch.as_ref(),
                        Post {
                            url: &url,
                            target: operation.target(),
                            body: body.clone(),
                            timeout_ms,
                        },
                    )
                    .await;
                    let answer = match &sent {
                        Ok((_, text)) => JsAnswer::parse(text),
                        Err(_) => JsAnswer::parse(&JsValue::UNDEFINED),
                    };
                    let transient = match &sent {
                        Ok((status, _)) => retry::is_transient(*status, &answer),
                        Err(error) => js_error::is_retryable(error),
                    };
                    if !transient || attempt >= max_retries {
                        break (sent, answer);
                    }
                    sleep_ms(retry::backoff_ms(attempt, js_sys::Math::random())).await;
                    attempt += 1;
                };
                // With no answer (status 0) the core settles the flow's state; the transport's
                // own error says more than the core's.
                let (status, failure) = match sent {
                    Ok((status, _)) => (status, None),
                    Err(error) => (0, Some(error)),
                };
                outcome = {
                    let mut client = connection.client.borrow_mut();
                    flow.borrow_mut()
                        .receive(&mut client, status, &answer, now_ms())
                };
                if let Some(failure) = failure {
                    return Err(failure);
                }
                if let Ok(Outcome::Raw) = outcome {
                    return Ok(Finished::Raw(answer.into_value()));
                }
            }
            other => return Ok(Finished::Outcome(other)),
        }
    }
}

/// Resolves after `ms` milliseconds (the global `setTimeout`).
async fn sleep_ms(ms: u32) {
    let wait = Promise::new(&mut |resolve, _| {
        set_timeout(&resolve, f64::from(ms));
    });
    let _ = JsFuture::from(wait).await;
}

/// A result outcome as the object the caller gets.
fn settle(connection: &Rc<Connection>, flow: &Flow, outcome: Outcome) -> Result<JsValue, JsValue> {
    Ok(match outcome {
        Outcome::SignedIn { tokens, device } => {
            let device = match device {
                Some(device) => to_js(&device),
                None => JsValue::UNDEFINED,
            };
            SignedIn::new(
                connection.clone(),
                to_js(&tokens),
                tokens.access_token.clone(),
                device,
            )
            .into()
        }
        Outcome::Challenge { generation } => {
            let view = match flow.borrow().challenge_info() {
                Some(info) => to_js(&ChallengeView::new(info, generation)),
                None => {
                    return Err(js_error::from_core(&Error::InvalidState(
                        "the challenge was answered".into(),
                    )))
                }
            };
            challenge_object(connection.clone(), flow.clone(), view, generation)
        }
        Outcome::TotpSecret(secret) => TotpSetup::new(secret).into(),
        Outcome::Devices(devices) => to_js(&devices),
        Outcome::Account(output) => to_js(&output),
        Outcome::Send { .. } | Outcome::Raw | Outcome::Refreshed(_) | Outcome::Done => {
            JsValue::UNDEFINED
        }
    })
}

/// Computes the next sign-in's `SRP_A` when the event loop is idle (`requestIdleCallback`
/// where it exists), never in the caller's turn.
pub fn precompute_when_idle(connection: &Rc<Connection>) {
    if connection.client.borrow().srp_ready() {
        return;
    }
    let weak = Rc::downgrade(connection);
    let task = Closure::once_into_js(move || {
        if let Some(connection) = weak.upgrade() {
            if let Ok(mut client) = connection.client.try_borrow_mut() {
                client.precompute_srp();
            }
        }
    });
    let idle = Reflect::get(&js_sys::global(), &"requestIdleCallback".into())
        .ok()
        .and_then(|idle| idle.dyn_into::<Function>().ok());
    match idle {
        Some(idle) => {
            let _ = idle.call1(&JsValue::UNDEFINED, &task);
        }
        None => {
            set_timeout(task.unchecked_ref(), 0.0);
        }
    }
}
