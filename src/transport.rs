//! One POST to Cognito: gloo-net's `Request` over the global `fetch`, or the caller's own
//! `fetch` function; an `AbortController` and a timer bound the whole exchange (the request and
//! the reading of its body).
//!
//! The timer also ends the wait for a caller's `fetch` that ignores the abort signal: the
//! exchange and the timer race as promises (`Promise.race`), so whichever settles first decides.

use gloo_net::http::Request;
use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::AbortController;

use crate::js_error;

#[wasm_bindgen]
extern "C" {
    // The global timer functions exist in pages, Workers and Node alike (web-sys binds them
    // only on `Window` and `WorkerGlobalScope`).
    #[wasm_bindgen(js_name = setTimeout)]
    pub(crate) fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// What to POST: Cognito's endpoint, the operation's `X-Amz-Target` and the JSON body (a
/// JavaScript string).
pub struct Post<'a> {
    pub url: &'a str,
    pub target: &'a str,
    pub body: JsValue,
    pub timeout_ms: u32,
}

/// POSTs the request; resolves to Cognito's HTTP status and body text, or rejects with a
/// `NetworkError`, `TimeoutError` or `ProtocolError` (a caller's `fetch` that resolved to
/// something other than a `Response`).
pub async fn post(fetch: Option<&Function>, request: Post<'_>) -> Result<(u16, String), JsValue> {
    let controller = AbortController::new().map_err(network_error)?;
    let exchange = match fetch {
        None => future_to_promise(gloo_exchange(&request, &controller)),
        Some(fetch) => future_to_promise(caller_exchange(fetch, &request, &controller)),
    };
    let mut timer_id = JsValue::UNDEFINED;
    let expired = Promise::new(&mut |resolve, _| {
        timer_id = set_timeout(&resolve, f64::from(request.timeout_ms));
    });
    let race = Promise::race(&Array::of2(&exchange, &expired));
    let settled = JsFuture::from(race).await;
    clear_timeout(&timer_id);
    let answer = settled?;
    // The timer resolves with `undefined`; the exchange with `[status, text]`.
    if !Array::is_array(&answer) {
        controller.abort();
        return Err(js_error::named(
            "TimeoutError",
            &[
                "no answer from Cognito within ",
                &request.timeout_ms.to_string(),
                " ms",
            ]
            .concat(),
            true,
            None,
        ));
    }
    let answer = Array::from(&answer);
    let status = answer.get(0).as_f64().unwrap_or(0.0) as u16;
    let text = answer.get(1).as_string().unwrap_or_default();
    Ok((status, text))
}

/// The default path: gloo-net's `Request` (POST with Cognito's content type and target).
fn gloo_exchange(
    request: &Post<'_>,
    controller: &AbortController,
) -> impl std::future::Future<Output = Result<JsValue, JsValue>> + 'static {
    let built = Request::post(request.url)
        .header("Content-Type", CONTENT_TYPE)
        .header("X-Amz-Target", request.target)
        .abort_signal(Some(&controller.signal()))
        // Cognito never redirects its API: a redirect is refused, never followed elsewhere.
        .redirect(web_sys::RequestRedirect::Error)
        .body(request.body.clone());
    async move {
        let response = built
            .map_err(|error| network_error(error.to_string().into()))?
            .send()
            .await
            .map_err(|error| network_error(error.to_string().into()))?;
        let text = response
            .text()
            .await
            .map_err(|error| network_error(error.to_string().into()))?;
        Ok(Array::of2(&response.status().into(), &text.into()).into())
    }
}

/// The caller's `fetch(url, init)`: `init` is a plain object (`method`, `headers`, `body`,
/// `signal`, `redirect: "error"`), and what it resolves to must look like a `Response` (a numeric `status`, `text()`).
fn caller_exchange(
    fetch: &Function,
    request: &Post<'_>,
    controller: &AbortController,
) -> impl std::future::Future<Output = Result<JsValue, JsValue>> + 'static {
    let headers = Object::new();
    let init = Object::new();
    // Properties of fresh plain objects: these sets cannot fail.
    let _ = Reflect::set(&headers, &"Content-Type".into(), &CONTENT_TYPE.into());
    let _ = Reflect::set(&headers, &"X-Amz-Target".into(), &request.target.into());
    let _ = Reflect::set(&init, &"method".into(), &"POST".into());
    let _ = Reflect::set(&init, &"headers".into(), &headers);
    let _ = Reflect::set(&init, &"body".into(), &request.body);
    let _ = Reflect::set(&init, &"signal".into(), &controller.signal());
    let _ = Reflect::set(&init, &"redirect".into(), &"error".into());
    let called = fetch.call2(&JsValue::UNDEFINED, &request.url.into(), &init);
    async move {
        let response = JsFuture::from(Promise::resolve(&called.map_err(network_error)?))
            .await
            .map_err(network_error)?;
        let status = Reflect::get(&response, &"status".into()).ok();
        let text = Reflect::get(&response, &"text".into())
            .ok()
            .and_then(|text| text.dyn_into::<Function>().ok());
        let (Some(status), Some(text)) = (status.and_then(|s| s.as_f64()), text) else {
            return Err(js_error::protocol(
                "the configured fetch did not resolve to a Response",
            ));
        };
        let body = text.call0(&response).map_err(network_error)?;
        let body = JsFuture::from(Promise::resolve(&body))
            .await
            .map_err(network_error)?;
        let Some(body) = body.as_string() else {
            return Err(js_error::protocol(
                "the configured fetch's Response.text() did not give a string",
            ));
        };
        Ok(Array::of2(&status.into(), &body.into()).into())
    }
}

/// Why fetch rejected: its message and, as Node reports connection failures, its `cause`.
fn network_error(reason: JsValue) -> JsValue {
    let describe = |value: &JsValue| -> String {
        if let Some(text) = value.as_string() {
            return text;
        }
        value
            .dyn_ref::<js_sys::Error>()
            .map(|error| String::from(error.message()))
            .unwrap_or_default()
    };
    let mut text = describe(&reason);
    if text.is_empty() {
        text = "fetch failed".into();
    }
    if let Ok(cause) = Reflect::get(&reason, &"cause".into()) {
        let cause = describe(&cause);
        if !cause.is_empty() {
            text = [text.as_str(), " (", &cause, ")"].concat();
        }
    }
    js_error::named(
        "NetworkError",
        &["the request to Cognito failed: ", &text].concat(),
        true,
        None,
    )
}
