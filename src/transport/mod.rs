//! The only code that does I/O: one `fetch` POST per Cognito call (wasm32 only).
//!
//! Uses the global `fetch` (pages, Web Workers and Node 20+ all have one; there is no `window`
//! here) or a `fetch` function the caller configured. A timer aborts the request (and the reading
//! of its body) after the configured timeout, and stops waiting even for a `fetch` that ignores
//! the abort signal.

mod timeout;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response};

use crate::config::Config;
use crate::error::Error;
use crate::protocol::{decode_service_error, Operation, CONTENT_TYPE};
use timeout::AbortTimer;

#[wasm_bindgen]
extern "C" {
    /// `globalThis.fetch`; `catch` turns its absence or a synchronous throw into an `Err`.
    #[wasm_bindgen(catch, js_name = fetch)]
    fn global_fetch(url: &str, init: &RequestInit) -> Result<Promise, JsValue>;
}

/// Sends Cognito calls to one endpoint.
#[derive(Clone)]
pub struct FetchTransport {
    endpoint: String,
    timeout_ms: u32,
    fetch: Option<Function>,
}

impl FetchTransport {
    /// A transport for `config`'s endpoint and timeout, using `fetch` instead of the global one
    /// when given.
    pub fn new(config: &Config, fetch: Option<Function>) -> Self {
        FetchTransport {
            endpoint: config.endpoint().to_owned(),
            timeout_ms: config.timeout_ms(),
            fetch,
        }
    }

    /// POSTs `body` as `operation` and returns the body of a 2xx answer.
    ///
    /// Errors: no answer within the timeout → `Timeout`; fetch rejected → `Network`; non-2xx →
    /// Cognito's error decoded from the body (status kept).
    pub async fn call(&self, operation: Operation, body: &str) -> Result<String, Error> {
        let timer = AbortTimer::start(self.timeout_ms)?;
        let result = self.exchange(operation, body, &timer).await;
        let timed_out = timer.fired();
        drop(timer);
        match result {
            Err(_) if timed_out => Err(Error::Timeout {
                after_ms: self.timeout_ms,
            }),
            Err(Failure::Rejected(reason)) => Err(Error::Network(describe_rejection(&reason))),
            Err(Failure::Error(error)) => Err(error),
            Ok((status, text)) if (200..300).contains(&status) => Ok(text),
            Ok((status, text)) => Err(decode_service_error(status, &text)),
        }
    }

    /// The fetch itself: status and body text.
    async fn exchange(
        &self,
        operation: Operation,
        body: &str,
        timer: &AbortTimer,
    ) -> Result<(u16, String), Failure> {
        let headers = Headers::new().map_err(Failure::Rejected)?;
        headers
            .set("Content-Type", CONTENT_TYPE)
            .map_err(Failure::Rejected)?;
        headers
            .set("X-Amz-Target", operation.target())
            .map_err(Failure::Rejected)?;
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(body));
        init.set_signal(Some(&timer.signal()));

        let pending = match &self.fetch {
            None => global_fetch(&self.endpoint, &init).map_err(Failure::Rejected)?,
            Some(fetch) => {
                let returned = fetch
                    .call2(
                        &JsValue::UNDEFINED,
                        &JsValue::from_str(&self.endpoint),
                        &init,
                    )
                    .map_err(Failure::Rejected)?;
                Promise::resolve(&returned)
            }
        };
        let response = JsFuture::from(timer.race(&pending))
            .await
            .map_err(Failure::Rejected)?;
        let response: Response = response.dyn_into().map_err(|_| {
            Failure::Error(Error::protocol(
                "the configured fetch did not resolve to a Response",
            ))
        })?;
        let status = response.status();
        let text = response.text().map_err(Failure::Rejected)?;
        let text = JsFuture::from(timer.race(&text))
            .await
            .map_err(Failure::Rejected)?;
        let text = text
            .as_string()
            .ok_or_else(|| Failure::Error(Error::protocol("the response body is not text")))?;
        Ok((status, text))
    }
}

enum Failure {
    /// A JS promise rejected or a JS call threw (fetch, reading the body).
    Rejected(JsValue),
    Error(Error),
}

/// A readable description of why fetch rejected: the error's message and, as Node reports
/// connection failures, its `cause` (`ECONNREFUSED …`).
fn describe_rejection(reason: &JsValue) -> String {
    let message = |value: &JsValue| -> Option<String> {
        value
            .dyn_ref::<js_sys::Error>()
            .map(|error| String::from(error.message()))
            .or_else(|| value.as_string())
            .filter(|text| !text.is_empty())
    };
    let mut text = message(reason).unwrap_or_else(|| "fetch failed".to_owned());
    let cause = Reflect::get(reason, &JsValue::from_str("cause")).ok();
    if let Some(cause) = cause.as_ref().and_then(message) {
        text = format!("{text} ({cause})");
    }
    format!("the request to Cognito failed: {text}")
}
