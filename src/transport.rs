//! One POST to Cognito: gloo-net's `Request` over the global `fetch`, or the caller's own
//! `fetch` function; an `AbortController` and a timer bound the whole exchange (the request and
//! the reading of its body).
//!
//! The timer also ends the wait for a caller's `fetch` that ignores the abort signal: the
//! exchange and the timer race as promises (`Promise.race`), so whichever settles first decides.
//!
//! An answer is at most [`MAX_ANSWER_BYTES`]: a larger `Content-Length` is refused before the
//! body is read, and a body without one is read from its stream chunk by chunk, counted, and cut
//! off once past the bound. The chunks stay JavaScript `Uint8Array`s and the text a JavaScript
//! string (`TextDecoder` in JavaScript): no answer is copied into the module's memory.

use gloo_net::http::Request;
use js_sys::{Array, Function, JsString, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, spawn_local, JsFuture};
use web_sys::{
    AbortController, ReadableStream, ReadableStreamDefaultReader, ReadableStreamReadResult,
};

use crate::js_error;

#[wasm_bindgen]
extern "C" {
    // The global timer functions exist in pages, Workers and Node alike (web-sys binds them
    // only on `Window` and `WorkerGlobalScope`).
    #[wasm_bindgen(js_name = setTimeout)]
    pub(crate) fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);

    // web-sys's `TextDecoder.decode` gives a Rust `String` (a copy in the module's memory); this
    // one gives the JavaScript string.
    type TextDecoder;
    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<TextDecoder, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn decode(this: &TextDecoder, bytes: &Uint8Array) -> Result<JsString, JsValue>;
}

/// The largest answer read from Cognito: 1 MiB (its answers are a few kilobytes).
pub const MAX_ANSWER_BYTES: u32 = 1 << 20;
/// [`MAX_ANSWER_BYTES`] in decimal, for messages and for comparing a `Content-Length` as text.
const MAX_ANSWER_DECIMAL: &str = "1048576";

const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// What to POST: Cognito's endpoint, the operation's `X-Amz-Target` and the JSON body (a
/// JavaScript string).
pub struct Post<'a> {
    pub url: &'a str,
    pub target: &'a str,
    pub body: JsValue,
    pub timeout_ms: u32,
}

/// POSTs the request; resolves to Cognito's HTTP status and body text (a JavaScript string), or
/// rejects with a `NetworkError`, `TimeoutError` or `ProtocolError` (an answer larger than
/// [`MAX_ANSWER_BYTES`], a caller's `fetch` that resolved to something other than a `Response`).
pub async fn post(fetch: Option<&Function>, request: Post<'_>) -> Result<(u16, JsValue), JsValue> {
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
    Ok((status, answer.get(1)))
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
    let controller = controller.clone();
    async move {
        let response = built
            .map_err(|error| network_error(error.to_string().into()))?
            .send()
            .await
            .map_err(|error| network_error(error.to_string().into()))?;
        let status = response.status();
        let response = JsValue::from(web_sys::Response::from(response));
        let text = read_body(&response, &controller).await?;
        Ok(Array::of2(&status.into(), &text).into())
    }
}

/// The caller's `fetch(url, init)`: `init` is a plain object (`method`, `headers`, `body`,
/// `signal`, `redirect: "error"`), and what it resolves to must look like a `Response` (a
/// numeric `status`, `text()`); its body is read as [`read_body`] reads it.
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
    let controller = controller.clone();
    async move {
        let response = JsFuture::from(Promise::resolve(&called.map_err(network_error)?))
            .await
            .map_err(network_error)?;
        let status = Reflect::get(&response, &"status".into()).ok();
        let text = Reflect::get(&response, &"text".into())
            .ok()
            .and_then(|text| text.dyn_into::<Function>().ok());
        let (Some(status), Some(_)) = (status.and_then(|s| s.as_f64()), text) else {
            return Err(js_error::protocol(
                "the configured fetch did not resolve to a Response",
            ));
        };
        let text = read_body(&response, &controller).await?;
        Ok(Array::of2(&status.into(), &text).into())
    }
}

/// The body of `response` (a `Response`, or what a caller's `fetch` gave that looks like one)
/// as a JavaScript string of at most [`MAX_ANSWER_BYTES`]: a larger `Content-Length` is refused
/// before anything is read; a `body` stream is read chunk by chunk and cut off past the bound;
/// without a stream, `text()` must give a string no longer than the bound.
async fn read_body(response: &JsValue, controller: &AbortController) -> Result<JsValue, JsValue> {
    let body = Reflect::get(response, &"body".into()).unwrap_or(JsValue::UNDEFINED);
    let stream = body.dyn_into::<ReadableStream>().ok();
    if let Some(length) = declared_length(response).filter(|length| exceeds_bound(length)) {
        if let Some(stream) = &stream {
            settle_quietly(stream.cancel());
        }
        controller.abort();
        return Err(too_large(&["its Content-Length is ", &length].concat()));
    }
    match stream {
        Some(stream) => read_stream(&stream, controller).await,
        None => read_text(response).await,
    }
}

/// The `Content-Length` a response declares, when it is one decimal number: its digits.
fn declared_length(response: &JsValue) -> Option<String> {
    let headers = Reflect::get(response, &"headers".into()).ok()?;
    let get = Reflect::get(&headers, &"get".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    let value = get
        .call1(&headers, &"content-length".into())
        .ok()?
        .as_string()?;
    let digits = value.trim_matches(|c| c == ' ' || c == '\t');
    (!digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit()))
        .then(|| digits.to_owned())
}

/// Whether the decimal `digits` are a number over [`MAX_ANSWER_BYTES`], compared as text (no
/// number type overflows): more significant digits, or as many and greater.
fn exceeds_bound(digits: &str) -> bool {
    let digits = digits.trim_start_matches('0');
    digits.len() > MAX_ANSWER_DECIMAL.len()
        || (digits.len() == MAX_ANSWER_DECIMAL.len() && digits > MAX_ANSWER_DECIMAL)
}

/// Reads `stream` to its end, keeping its chunks as JavaScript `Uint8Array`s; past
/// [`MAX_ANSWER_BYTES`] the reader is cancelled and the request aborted.
async fn read_stream(
    stream: &ReadableStream,
    controller: &AbortController,
) -> Result<JsValue, JsValue> {
    let reader = stream
        .get_reader()
        .unchecked_into::<ReadableStreamDefaultReader>();
    let chunks = Array::new();
    let mut total: u32 = 0;
    loop {
        let next = JsFuture::from(reader.read())
            .await
            .map_err(network_error)?
            .unchecked_into::<ReadableStreamReadResult>();
        if next.get_done().unwrap_or(false) {
            break;
        }
        let refuse = |error: JsValue| {
            settle_quietly(reader.cancel());
            controller.abort();
            Err(error)
        };
        let Ok(chunk) = next.get_value().dyn_into::<Uint8Array>() else {
            return refuse(js_error::protocol(
                "the answer's body stream gave something other than bytes",
            ));
        };
        match total.checked_add(chunk.length()) {
            Some(sum) if sum <= MAX_ANSWER_BYTES => total = sum,
            _ => return refuse(too_large("it was cut off while being read")),
        }
        chunks.push(&chunk);
    }
    let joined = Uint8Array::new_with_length(total);
    let mut offset = 0;
    for chunk in chunks.iter() {
        let chunk = chunk.unchecked_into::<Uint8Array>();
        joined.set(&chunk, offset);
        offset += chunk.length();
    }
    let decoded = TextDecoder::new().and_then(|decoder| decoder.decode(&joined));
    decoded
        .map(JsValue::from)
        .map_err(|_| js_error::protocol("Cognito's answer could not be decoded as text"))
}

/// A caller's `Response` without a body stream: `text()`, which must give a string of at most
/// [`MAX_ANSWER_BYTES`] UTF-16 code units (its `length`, read before anything is copied).
async fn read_text(response: &JsValue) -> Result<JsValue, JsValue> {
    let text = Reflect::get(response, &"text".into())
        .ok()
        .and_then(|text| text.dyn_into::<Function>().ok())
        .ok_or_else(|| js_error::protocol("the configured fetch did not resolve to a Response"))?;
    let body = text.call0(response).map_err(network_error)?;
    let body = JsFuture::from(Promise::resolve(&body))
        .await
        .map_err(network_error)?;
    if !body.is_string() {
        return Err(js_error::protocol(
            "the configured fetch's Response.text() did not give a string",
        ));
    }
    if body.unchecked_ref::<JsString>().length() > MAX_ANSWER_BYTES {
        return Err(too_large("its text() is longer than that"));
    }
    Ok(body)
}

/// The `ProtocolError` of an answer larger than [`MAX_ANSWER_BYTES`]; `how` says how it was seen.
fn too_large(how: &str) -> JsValue {
    js_error::protocol(
        &[
            "Cognito's answer exceeded 1 MiB (",
            MAX_ANSWER_DECIMAL,
            " bytes) and was refused unparsed: ",
            how,
        ]
        .concat(),
    )
}

/// Awaits `promise` in the background, ignoring how it settles (a cancelled stream's promise
/// may reject, and no rejection may go unhandled).
fn settle_quietly(promise: Promise) {
    spawn_local(async move {
        let _ = JsFuture::from(promise).await;
    });
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

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_bound_in_decimal_is_the_bound() {
        assert_eq!(MAX_ANSWER_BYTES.to_string(), MAX_ANSWER_DECIMAL);
    }

    #[wasm_bindgen_test]
    fn a_content_length_exceeds_the_bound_only_when_over_it() {
        for within in [
            "0",
            "1",
            "000",
            "1048575",
            "1048576",
            "0001048576",
            "999999",
        ] {
            assert!(!exceeds_bound(within), "{within}");
        }
        for over in [
            "1048577",
            "2097152",
            "01048577",
            "10000000",
            "99999999999999999999999999",
        ] {
            assert!(exceeds_bound(over), "{over}");
        }
    }
}
